"""How an article labels its actors: titles, appositives, predicates and role references.

These descriptors are what set outlets apart ("the Russian dictator" where
another writes "Russian President"), so each one keeps its exact offsets.

- ``title``: the words right before a name ("Kremlin spokesman Dmitry Peskov",
  "President of Belarus Alexander Lukashenko");
- ``appositive``: a noun phrase beside the name, set off by commas, on either
  side ("Vladimir Putin, the Russian dictator,", "the state secretary ...,
  Alexander Volfovich");
- ``predicate``: "Lukashenko is the self-proclaimed president";
- ``role``: a phrase standing for a person ("the Russian president", "the head
  of the Kremlin"), resolved only when the article's own labels point to one
  person: the same role word (or a synonym) and no disagreeing place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..schema import Entity, Label
from .entities import TITLES, fold

_TITLE_POS = frozenset(("PROPN", "NOUN", "ADJ", "PART", "NUM"))
_ROLE_DETERMINERS = frozenset(("the", "its", "his", "her", "their"))
_GENDERED = re.compile(r"^([a-z]{4,}?)(?:person|woman|man)$")


def _fold_role(word: str) -> str:
    gendered = _GENDERED.match(word)
    return gendered.group(1) if gendered else word


# Role words that name the same position; a role reference may use any of them.
_SYNONYMS = tuple(
    frozenset(_fold_role(w) for w in words.split())
    for words in (
        "president leader head chief ruler dictator strongman autocrat",
        "spokesman mouthpiece",
        "minister secretary",
    )
)
# Seats of government standing for their country ("the head of the Kremlin").
_METONYMS = {
    fold(seat): fold(country)
    for seat, country in (
        ("Kremlin", "Russia"), ("White House", "United States"), ("Élysée", "France"),
        ("Downing Street", "United Kingdom"), ("Zhongnanhai", "China"), ("Bankova", "Ukraine"),
        ("Quirinale", "Italy"), ("Blue House", "South Korea"),
    )
}
_MAX_TITLE_TOKENS = 8
_PLACE_TYPES = frozenset(("GPE", "NORP", "LOC", "ORG"))
_NOT_TITLES = frozenset(("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"))


def role_word(token: Any) -> str:
    """A role noun's comparable form: spokesman, spokeswoman, spokesperson and
    press secretary are one role."""
    lemma = token.lemma_.lower()
    if lemma == "secretary" and token.i > 0 and token.doc[token.i - 1].lower_ == "press":
        return _fold_role("spokesman")
    return _fold_role(lemma)


def _is_role_noun(token: Any) -> bool:
    word = token.lower_
    return token.pos_ in ("NOUN", "PROPN") and (
        word in TITLES or bool(_GENDERED.match(word)) or (token.pos_ == "NOUN" and word.isalpha())
    )


def _place_word(word: str) -> str:
    folded = fold(word)
    return _METONYMS.get(folded, folded)


def _places_agree(a: str, b: str) -> bool:
    """'Russian' agrees with 'Russia', 'Kremlin' with 'Russia' (a seat of power)."""
    a, b = _place_word(a), _place_word(b)
    return a == b or (len(a) >= 4 and len(b) >= 4 and a[:4] == b[:4])


class LabelFinder:
    """Finds the labels of the ``entities`` of one text in its spaCy ``doc``."""

    def __init__(self, text: str, doc: Any, entities: list[Entity]) -> None:
        self.text = text
        self.doc = doc
        self.entities = entities
        self.owner: dict[int, str] = {}  # token index -> entity key, for tokens inside a mention
        for entity in entities:
            for mention in entity.mentions:
                span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is not None:
                    for token in span:
                        self.owner[token.i] = entity.key

    def find(self) -> list[Label]:
        labels: list[Label] = []
        seen: set[tuple[int, int]] = set()
        for entity in self.entities:
            for mention in entity.mentions:
                span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is None:
                    continue
                for kind, tokens in self._descriptors(span):
                    label = self._label(entity.key, kind, tokens)
                    if label and (label.start, label.end) not in seen:
                        seen.add((label.start, label.end))
                        labels.append(label)
        people = [e for e in self.entities if e.type == "person"]
        labels.extend(self._roles(people, labels, seen))
        return sorted(_outermost(labels), key=lambda lab: lab.start)

    def _label(self, key: str, kind: str, tokens: list[Any]) -> Label | None:
        # A title is bare ("Kremlin spokesman"); other labels keep their article ("the Russian dictator").
        leading = _ROLE_DETERMINERS | {"of", "a", "an"} if kind == "title" else {"of"}
        while tokens and (tokens[0].is_punct or tokens[0].lower_ in leading):
            tokens = tokens[1:]
        while tokens and (tokens[-1].is_punct or tokens[-1].dep_ in ("case", "cc")):
            tokens = tokens[:-1]
        if not tokens or not any(_is_role_noun(t) for t in tokens):
            return None
        inside = {t.i for t in tokens}
        heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
        if any(self.owner.get(t.i, key) != key for t in heads):
            return None  # "Putin, Lukashenko": a list of names, not a label
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        return Label(key, self.text[start:end], start, end, kind)

    def _descriptors(self, span: Any) -> Iterator[tuple[str, list[Any]]]:
        root = span.root
        title = self._title_run(span) if span.root.ent_type_ != "GPE" else []
        if title:
            yield "title", title
        for child in root.children:
            if child.dep_ == "appos" and child.i > span.end - 1:
                yield "appositive", [t for t in _without_clauses(child) if t.i >= span.end]
            if child.dep_ == "relcl" and child.lemma_ == "be":
                # "Vasko, who has been the Norvassian president since 2009"
                yield from self._predicates(child, after=child.i)
        between = self.doc[root.head.i : span.start]
        if root.dep_ == "appos" and root.head.i < span.start and root.head.pos_ == "NOUN" \
                and any(t.text == "," for t in between):
            yield "appositive", [t for t in _without_clauses(root.head) if t.i < span.start]
        if root.dep_ == "nsubj" and root.head.lemma_ == "be":
            yield from self._predicates(root.head, after=root.i)

    @staticmethod
    def _predicates(verb: Any, after: int) -> Iterator[tuple[str, list[Any]]]:
        for child in verb.children:
            if child.dep_ == "attr" and child.i > after:
                yield "predicate", _without_clauses(child)

    def _title_run(self, span: Any) -> list[Any]:
        """The words right before the name that describe it; stops at a determiner,
        a verb, a comma, a conjunction, a date, another person's name or a
        preposition other than 'of'."""
        run: list[Any] = []
        i = span.start - 1
        while i >= 0 and len(run) < _MAX_TITLE_TOKENS:
            token = self.doc[i]
            if "\n" in token.whitespace_ or "\n" in token.text:
                break
            allowed = token.pos_ in _TITLE_POS or token.lower_ == "of" or token.text in ("-", "’s", "'s") \
                or (token.dep_ == "amod" and token.tag_ in ("VBN", "VBG"))  # "Kremlin-aligned"
            if not allowed or token.dep_ == "cc" or token.ent_type_ in _NOT_TITLES \
                    or (token.i in self.owner and token.ent_type_ == "PERSON"):
                break
            run.insert(0, token)
            i -= 1
        while run and run[0].lower_ in ("of", "’s", "'s", "-"):
            run = run[1:]
        # It ends in a role noun next to the name ("Kremlin spokesman") or names the
        # role's place after it ("President of Belarus").
        words = [t.lower_ for t in run]
        if words and words[-1] == "of":
            return []  # "the visit of Putin": the name completes a noun, it is not described by it
        core = run[: words.index("of")] if "of" in words else run
        if not core or not _is_role_noun(core[-1]) or core[-1].ent_type_ in ("GPE", "NORP"):
            return []
        return run

    # -- role references ------------------------------------------------------
    def _roles(self, people: list[Entity], labels: list[Label], seen: set[tuple[int, int]]) -> Iterator[Label]:
        """Role phrases ("the Norvassian president") resolved to the one entity the article's
        own labels fit: same role word or a synonym, no disagreeing place, most words shared."""
        by_entity: dict[str, list[Label]] = {}
        for label in labels:
            by_entity.setdefault(label.entity, []).append(label)
        # Any entity the article titles can be meant (the tagger may call a minister an organisation).
        mentioned = {e.key for e in people} | {lab.entity for lab in labels if lab.kind in ("title", "appositive")}
        described = [self._describe(key, by_entity.get(key, [])) for key in sorted(mentioned)]
        described = [d for d in described if d.roles]
        for chunk in self.doc.noun_chunks:
            head = chunk.root
            titled = head.pos_ == "NOUN" or (head.pos_ == "PROPN" and head.lower_ in TITLES)
            # "the ..." / "his ..." / "Norvassia's ..." open a role reference; a bare noun does not.
            place_opener = chunk[0].ent_type_ in _PLACE_TYPES and len(chunk) > 2 and chunk[1].dep_ == "case"
            if not titled or not (chunk[0].lower_ in _ROLE_DETERMINERS or place_opener):
                continue
            if any(t.i in self.owner for t in chunk[int(place_opener):]) or not _is_role_noun(head):
                continue
            tokens = list(chunk) + self._of_phrase(head.i + 1)
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            if any(s <= start < e or s < end <= e for s, e in seen):
                continue
            owner = _resolve_role(head, tokens, described)
            if owner:
                seen.add((start, end))
                yield Label(owner, self.text[start:end], start, end, "role")

    def _of_phrase(self, i: int) -> list[Any]:
        """'of the Kremlin' after a role noun: 'of', an optional article and a name or noun."""
        doc = self.doc
        if i >= len(doc) or doc[i].lower_ != "of":
            return []
        tokens = [doc[i]]
        j = i + 1
        if j < len(doc) and doc[j].lower_ in ("the", "a", "an"):
            tokens.append(doc[j])
            j += 1
        start = len(tokens)
        while j < len(doc) and doc[j].pos_ in ("PROPN", "NOUN", "ADJ") and "\n" not in doc[j - 1].whitespace_:
            tokens.append(doc[j])
            j += 1
        return tokens if len(tokens) > start else []

    def _describe(self, key: str, labels: list[Label]) -> _Described:
        words = [self.doc[i] for lab in labels for i in self._token_range(lab)]
        inside = {t.i for t in words}
        return _Described(
            key,
            roles=frozenset(role_word(t) for t in words if t.pos_ in ("NOUN", "PROPN") and t.head.i not in inside
                            and t.ent_type_ not in ("GPE", "NORP", "ORG")),
            places=tuple(t.text for t in words if t.text[:1].isupper() or t.ent_type_ in _PLACE_TYPES),
            lemmas=frozenset(t.lemma_.lower() for t in words),
        )

    def _token_range(self, label: Label) -> range:
        span = self.doc.char_span(label.start, label.end, alignment_mode="expand")
        return range(span.start, span.end) if span is not None else range(0)


@dataclass(frozen=True)
class _Described:
    """What an article's own labels say of one entity: its role words, places and words."""

    key: str
    roles: frozenset[str]
    places: tuple[str, ...]
    lemmas: frozenset[str]


def _resolve_role(head: Any, tokens: list[Any], described: list[_Described]) -> str | None:
    role = role_word(head)
    group = next((g for g in _SYNONYMS if role in g), frozenset((role,)))
    places = [t.text for t in tokens if t.i != head.i and t.pos_ in ("PROPN", "ADJ")
              and (t.text[:1].isupper() or t.ent_type_ in _PLACE_TYPES)]
    wanted = {t.lemma_.lower() for t in tokens if t.pos_ in ("NOUN", "PROPN", "ADJ")}
    scored = sorted(
        ((len(wanted & d.lemmas), d.key) for d in described
         if d.roles & group and all(any(_places_agree(p, q) for q in d.places) for p in places)),
        reverse=True,
    )
    if len(scored) == 1:
        return scored[0][1]
    # Between several who fit, only a clearly closer title decides ("prime minister" over
    # "Fisheries Minister"); one shared word ("the veteran leader") is not enough.
    if len(scored) > 1 and scored[0][0] >= 2 and scored[0][0] > scored[1][0]:
        return scored[0][1]
    return None


def _without_clauses(head: Any) -> list[Any]:
    """A noun phrase without its relative or participle clauses: the descriptor, not the story
    ("the strongman who has ruled since 2009" -> "the strongman")."""
    clauses = {t.i for c in head.children if c.dep_ in ("relcl", "acl") and c.i > head.i for t in c.subtree}
    tokens = [t for t in head.subtree if t.i not in clauses]
    # Keep the unbroken run that holds the head word.
    run = [t for t in tokens if t.i <= head.i]
    while len(run) > 1 and run[-1].i - run[-2].i > 1:
        run = run[-1:]
    for t in tokens:
        if t.i > head.i and t.i == run[-1].i + 1:
            run.append(t)
    return run


def _outermost(labels: list[Label]) -> list[Label]:
    """Drop a label inside a longer one for the same entity ("Belarusian leader" in "the Belarusian leader")."""
    return [
        lab for lab in labels
        if not any(o is not lab and o.entity == lab.entity and o.start <= lab.start and lab.end <= o.end
                   and (o.end - o.start) > (lab.end - lab.start) for o in labels)
    ]


def find_labels(text: str, doc: Any, entities: list[Entity]) -> list[Label]:
    return LabelFinder(text, doc, entities).find()
