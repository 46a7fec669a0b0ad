"""People, organisations and places named in one article, each gathered into one entity.

spaCy's tagger finds the names; this module makes them usable for comparing
outlets: titles, possessives and glued-on place names are stripped from a
person's name, "Lukashenko" joins "Alexander Lukashenko" in the same article,
an article-internal type slip ("Wolfowicz" tagged as a place where the
article names "Alexander Volfovich") is corrected, and every entity gets a
``key`` that folds spelling variants, so that the corpus pass
(:mod:`newsprism.annotate.canonical`) can give one name to Dmitry and Dmitri.
Other languages' taggers give spans with normal forms (:mod:`newsprism.annotate.spans`), and
:func:`entities_from_spans` groups them the same way, by those forms.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from rapidfuzz.fuzz import ratio

from ..schema import Entity, Mention
from ..text.translit import has_cyrillic, transliterate
from .spans import EntitySpan

EntityType = Literal["person", "organisation", "place"]
SPACY_TYPES: dict[str, EntityType] = {
    "PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place",
}
# Words that open a person span but are not the name ("President Vladimir Putin").
TITLES = frozenset(
    """mr mrs ms miss dr prof sir dame lord lady president vice prime minister premier chancellor senator sen rep
    representative governor gov mayor general gen colonel col major lieutenant lt captain capt sergeant sgt admiral
    king queen prince princess pope cardinal bishop rabbi imam sheikh emir sultan judge justice secretary
    spokesman spokeswoman spokesperson ambassador commissioner chairman chairwoman chair director chief
    deputy foreign defence defense interior finance state former late acting leader dictator head""".split()
)
# Head words of organisation names: a "person" ending in one of them is an organisation.
ORGANISATION_WORDS = frozenset(
    """state council ministry union commission party agency institute university bank committee court parliament
    government service office department company corporation group army forces federation republic assembly
    association foundation centre center news times post network""".split()
)
# Head words of buildings and sites: a "person" ending in one of them is a place.
PLACE_WORDS = frozenset(
    """hall palace square street avenue bridge airport station harbour harbor port cathedral church mosque
    stadium tower castle park""".split()
)
# The types of spans.py's spans.
SPAN_TYPES: dict[str, EntityType] = {"PER": "person", "ORG": "organisation", "LOC": "place"}
_LETTERS = re.compile(r"[^\W\d_]")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
# Transliteration variants that name the same sound (applied in order).
_FOLDS = (
    ("tsch", "ch"), ("shch", "sh"), ("sch", "sh"), ("cz", "ch"), ("x", "ks"), ("w", "v"),
    ("ph", "f"), ("kh", "h"), ("ck", "k"), ("ey", "ei"), ("ei", "i"), ("y", "i"), ("ii", "i"),
)


def fold(name: str) -> str:
    """A spelling-insensitive form of a name, in Latin letters: Cyrillic transliterated, accents
    stripped, transliteration variants folded, doubled letters collapsed ("Dmitry", "Dmitri" and
    "Дмитрий" all give "dmitri").

    Text without Cyrillic folds as it always has, in one pass of the folds, so stored keys of English
    names stay valid; one pass is not always final ("Exchange" gives "ekschange", whose own fold is
    "ekshange"). A name with Cyrillic, new to keys, is folded until nothing changes, so its key folds
    to itself."""
    if not has_cyrillic(name):
        plain = transliterate(_without_marks(name.lower()))  # a letter may decompose into a Cyrillic one
        return " ".join(_fold_word(word, final=False) for word in _WORD.findall(plain))
    plain = transliterate(_without_marks(transliterate(name)))
    # Lower case after decomposing, which can give capitals ("𝐓" is "T").
    return " ".join(_fold_word(word, final=True) for word in _WORD.findall(_without_marks(plain.lower())))


def _without_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _fold_word(word: str, final: bool) -> str:
    """The folds applied once, or (``final``) until none changes the word: one can make another's
    pattern ("кх" gives "kkh", then "kh", which is "h")."""
    while True:
        folded = word
        for old, new in _FOLDS:
            folded = folded.replace(old, new)
        folded = re.sub(r"([^\W\d_])\1+", r"\1", folded)
        if not final or folded == word:
            return folded
        word = folded


def skeleton(word: str) -> str:
    """The consonants of a folded word: the bucket in which spellings are compared."""
    return re.sub(r"[aeiou]", "", word)


def same_word(a: str, b: str) -> bool:
    """Two folded words are spellings of one name ("aleksandr" / "aleksander"). A different
    final vowel makes a different name (Maria / Mario, Aleksandra / Aleksandr)."""
    if a == b:
        return True
    endings = {w[-1:] if w[-1:] in "aeiou" else "" for w in (a, b)}
    return len(endings) == 1 and skeleton(a) == skeleton(b) and ratio(a, b) >= 80


_SUFFIXES = frozenset(("jr", "sr", "i", "ii", "iii", "iv"))
# Short forms of first names: Bob Bauer is Robert Bauer.
_NICKNAMES = {
    short: full
    for full, shorts in {
        "robert": "bob bobby rob", "william": "bill billy will", "richard": "dick rick", "charles": "chuck charlie",
        "david": "dave", "michael": "mike", "james": "jim jimmy", "joseph": "joe", "thomas": "tom", "anthony": "tony",
        "edward": "ted ed eddie", "christopher": "chris", "nicholas": "nick", "daniel": "dan danny",
        "samuel": "sam", "benjamin": "ben", "stephen": "steve", "steven": "steve", "alexander": "alex sasha",
        "katherine": "kate katie", "elizabeth": "liz beth betsy", "susan": "sue", "jennifer": "jen jenny",
        "margaret": "maggie peggy", "patricia": "pat patty", "theodore": "ted", "lawrence": "larry",
        "gerald": "jerry", "ronald": "ron", "donald": "don", "timothy": "tim", "andrew": "andy", "matthew": "matt",
        "jeffrey": "jeff", "gregory": "greg", "kenneth": "ken", "douglas": "doug", "mitchell": "mitch",
        "vladimir": "volodymyr",
    }.items()
    for short in shorts.split()
}


def surname(folded: str) -> str:
    """The family name of a folded person name: "jr" and "iii" are not one."""
    words = folded.split()
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words = words[:-1]
    return words[-1] if words else ""


# The table looked up by folded word, as callers fold first ("Billy" folds to "bili").
_FOLDED_NICKNAMES = {fold(short): full for short, full in _NICKNAMES.items()}


def given_name(folded_word: str) -> str:
    """A folded first name in its full form (bob -> robert), for comparing two full names."""
    return fold(_FOLDED_NICKNAMES.get(folded_word, folded_word))


@dataclass
class _Draft:
    name: str
    folded: str
    votes: Counter[str] = field(default_factory=Counter)
    mentions: list[Mention] = field(default_factory=list)
    # A full name tagged as a person settles the type, however its bare surname was tagged.
    full_person: bool = False

    @property
    def type(self) -> EntityType:
        if self.full_person:
            return "person"
        # Ties go to the more specific reading: a person, then an organisation.
        order: tuple[EntityType, ...] = ("person", "organisation", "place")
        return max(order, key=lambda t: (self.votes.get(t, 0), -order.index(t)))


_HYPHENATED_TAIL = re.compile(r"(?:-[^\W_]+)+")


def _clean_span(text: str, ent: Any, known_non_people: set[str]) -> tuple[int, int]:
    """The name inside a tagged span: whitespace, a leading "the" and possessives trimmed;
    for people, also titles, sentence-initial words and place names glued to the front
    ("President of Belarus Alexander Lukashenko", "Plus Obama"). A hyphenated name the
    tokenizer cut ("Chick-fil-A") is made whole."""
    tokens = [t for t in ent if not t.is_space]
    if not tokens:
        return ent.start_char, ent.start_char
    inner = [i for i, t in enumerate(tokens[:-1]) if t.text in ("’s", "'s") and i > 0]
    if inner:  # "Obama’s Afghan" is Obama; "Steele’s RNC" is the RNC
        tokens = tokens[: inner[0]] if ent.label_ == "PERSON" else tokens[inner[0] + 1 :] or tokens
    if ent.label_ == "PERSON":
        while len(tokens) > 1:
            word = tokens[0].text.strip(",.")
            if word.lower() in TITLES or word.lower() in ("of", "the") or not word[:1].isupper() \
                    or word in known_non_people or tokens[0].pos_ not in ("PROPN", "NOUN"):
                tokens = tokens[1:]
                continue
            break
    elif len(tokens) > 1 and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    while len(tokens) > 1 and (tokens[-1].text in ("’s", "'s", "’", "'") or tokens[-1].is_punct):
        tokens = tokens[:-1]
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    possessive = _POSSESSIVE.search(text[start:end])
    if possessive and end - start > 3:
        end -= len(possessive.group(0))
    tail = _HYPHENATED_TAIL.match(text, end)
    if tail and not possessive:
        end = tail.end()
    return start, end


def _usable(name: str) -> bool:
    """Not punctuation, emoji, a number or a lower-case word the tagger mislabelled."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and name[:1].isupper()


def _section_header(text: str, start: int, end: int) -> bool:
    """"Background:" alone on its line is a heading, not a name."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    return bool(re.fullmatch(r"\s*\S[^:]{0,40}:\s*", line)) and text[start:end].strip() in line


def find_entities(text: str, doc: Any) -> list[Entity]:
    """Every person, organisation and place in ``doc``, one entity per referent."""
    non_people = {e.text.strip() for e in doc.ents if e.label_ in ("GPE", "LOC", "NORP", "ORG")}
    spans: list[_Named] = []
    for ent in doc.ents:
        if ent.label_ not in SPACY_TYPES:
            continue
        start, end = _clean_span(text, ent, non_people)
        name = text[start:end]
        if not _usable(name) or _section_header(text, start, end):
            continue
        label = ent.label_
        last = fold(name).split()[-1:]
        if label == "PERSON" and last:
            # "Security Council", "Admiralty Hall": a person's name does not end that way.
            label = "ORG" if last[0] in ORGANISATION_WORDS else "FAC" if last[0] in PLACE_WORDS else label
        spans.append(_Named(start, end, SPACY_TYPES[label], name))
    return _group(text, spans)


def entities_from_spans(text: str, spans: Iterable[EntitySpan]) -> list[Entity]:
    """The entities of a text another language's tagger read (:mod:`newsprism.annotate.spans`): grouped
    as English ones are, but by each span's normal form, so that "Пескова" and "Песков" are one person
    and a bare surname joins the full name it shortens. An entity's name is its fullest normal form."""
    named = [_Named(s.start, s.end, SPAN_TYPES[s.type], s.normal.strip()) for s in spans]
    return _group(text, [n for n in named if len(_LETTERS.findall(n.name)) >= 2])


@dataclass(frozen=True)
class _Named:
    """A mention of ``type``, keyed and shown by ``name`` (the text itself in English, its normal form
    for a tagger that gives one)."""

    start: int
    end: int
    type: EntityType
    name: str


def _group(text: str, spans: list[_Named]) -> list[Entity]:
    drafts: list[_Draft] = []
    by_folded: dict[str, _Draft] = {}
    # Longest names first, so that a bare surname can join the full name it shortens.
    order = sorted(spans, key=lambda s: (-len(fold(s.name).split()), s.start))
    for span in order:
        folded = fold(span.name)
        draft = by_folded.get(folded) or _shortened_form(folded, span.type, drafts, span.start)
        if draft is None:
            draft = _Draft(span.name, folded)
            drafts.append(draft)
            by_folded[folded] = draft
        draft.votes[span.type] += 1
        draft.full_person |= span.type == "person" and len(folded.split()) > 1
        draft.mentions.append(Mention(span.start, span.end, text[span.start:span.end]))
    drafts = _join_acronyms(drafts)
    entities = []
    for draft in drafts:
        mentions = tuple(sorted(draft.mentions, key=lambda m: m.start))
        entities.append(Entity(draft.folded, draft.name, draft.type, mentions))
    return sorted(entities, key=lambda e: e.mentions[0].start)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _join_acronyms(drafts: list[_Draft]) -> list[_Draft]:
    """"ISW" joins "Institute for the Study of War" when the article uses both."""
    long_forms = {_initials(d.name): d for d in drafts if len(d.name.split()) > 1 and d.type != "person"}
    kept = []
    for draft in drafts:
        full = long_forms.get(draft.name) if draft.name.isupper() and 2 <= len(draft.name) <= 8 else None
        if full is not None and full is not draft:
            full.mentions.extend(draft.mentions)
            full.votes.update(draft.votes)
        else:
            kept.append(draft)
    return kept


def _shortened_form(folded: str, kind: EntityType, drafts: list[_Draft], start: int) -> _Draft | None:
    """The person a one-word mention names: a surname of exactly one full name in the
    article, or (several people share it) the one mentioned last before it. A single
    word tagged as a place or organisation joins a person whose surname it spells:
    the tagger's slip, not a second referent."""
    words = folded.split()
    if len(words) != 1:
        return None
    def names_it(draft: _Draft) -> bool:
        family = surname(draft.folded)
        # A spelling variant counts only for a word tagged as a person; any tag may spell it exactly.
        return family == words[0] or (kind == "person" and same_word(family, words[0]))

    people = [d for d in drafts if d.votes.get("person") and len(d.folded.split()) > 1 and names_it(d)]
    if len(people) == 1:
        return people[0]
    if len(people) > 1:
        before = [(max((m.start for m in d.mentions if m.start < start), default=-1), d) for d in people]
        best = max(before, key=lambda pair: pair[0])
        return best[1] if best[0] >= 0 else None
    return None
