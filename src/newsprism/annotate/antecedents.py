"""Whom "he" and "she" stand for in the reporter's words.

The search reads as a reader does, in the spirit of Hobbs's algorithm: first the pronoun's own
sentence before it, then each earlier sentence in turn, and in each sentence the first person
mentioned (English puts the subject first) whose gender agrees. A pronoun met on the way counts
as a mention of the person it was itself resolved to, so "Trump said … He said Obama … Of Obama,
he said" stays with Trump. Names inside quotation marks are not candidates: they are someone
else's words. Resolution runs once per article, in text order, so each pronoun leans only on
pronouns before it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from .gender import FEMALE_PRONOUNS, MALE_PRONOUNS, Gender, agrees, mention_genders, pronoun_gender

SUBJECT_DEPS = ("nsubj", "nsubjpass")
# How many sentences back a pronoun may reach before the search gives up.
MAX_SENTENCES_BACK = 8


class Antecedent(NamedTuple):
    """A mention a later pronoun may stand for: [start, end), the name it resolves to, the
    person's gender where known, and whether it names a person at all."""

    start: int
    end: int
    name: str
    gender: Gender | None
    person: bool
    subject: bool = False  # the subject of its sentence's main clause
    clause: int = -1  # the token index of the verb whose clause holds the mention
    group: bool = False  # a plural or an organisation: what "they" may stand for


class SortedMentions:
    """Antecedents kept in text order, so that a search by position reads only what is near it."""

    def __init__(self, mentions: Iterable[Antecedent] = ()) -> None:
        self.items = sorted(mentions)
        self._starts = [m.start for m in self.items]

    def add(self, mention: Antecedent) -> None:
        at = bisect_right(self._starts, mention.start)
        self.items.insert(at, mention)
        self._starts.insert(at, mention.start)

    def starting_in(self, low: int, high: int) -> list[Antecedent]:
        """The mentions that start inside [low, high), in text order."""
        return self.items[bisect_left(self._starts, low) : bisect_left(self._starts, high)]

    def last_before(self, offset: int, keep: Callable[[Antecedent], bool]) -> Antecedent | None:
        """The last mention ending by ``offset`` that ``keep`` accepts."""
        for mention in reversed(self.items[: bisect_left(self._starts, offset)]):
            if mention.end <= offset and keep(mention):
                return mention
        return None


class PronounResolver:
    """Resolves the personal pronouns of one article (``doc`` parsed from ``text``)."""

    def __init__(self, text: str, doc: Any, people: Sequence[tuple[int, int, str]],
                 quoted: Callable[[int, int], bool]) -> None:
        genders = mention_genders(text, doc, people)
        self.people = SortedMentions(
            Antecedent(s, e, name, gender, True, is_main_subject(doc, s, e), clause_of(doc, s, e))
            for (s, e, name), gender in zip(people, genders, strict=True) if not quoted(s, e))
        self._sentence_starts = [sent.start_char for sent in doc.sents]
        gendered = FEMALE_PRONOUNS | MALE_PRONOUNS
        self._resolved: dict[int, Antecedent | None] = {}
        self._mentions = SortedMentions(self.people.items)
        for token in doc:
            end = token.idx + len(token.text)
            if token.lower_ not in gendered or quoted(token.idx, end):
                continue
            found = self._search(token.lower_, token.idx, token.dep_ in ("poss", "pobj"), _clause(token))
            self._resolved[token.idx] = found
            if found is not None:
                # The pronoun now stands in the text as one more mention of that person.
                self._mentions.add(Antecedent(token.idx, end, found.name, pronoun_gender(token.lower_), True,
                                              is_main_subject(doc, token.idx, end), _clause(token)))

    def _sentence_of(self, offset: int) -> int:
        return max(0, bisect_right(self._sentence_starts, offset) - 1)

    def _within(self, low: int, high: int) -> list[Antecedent]:
        """The mentions inside [low, high), main-clause subjects first, then in text order."""
        found = self._mentions.starting_in(low, high)
        return sorted((m for m in found if m.end <= high), key=lambda m: (not m.subject, m.start))

    def _search(self, pronoun: str, start: int, dependent: bool = False, clause: int = -1) -> Antecedent | None:
        """``dependent``: the pronoun is a possessive or inside a phrase, so it may look ahead to its
        own sentence's subject ("After his speech, Obama said"). ``clause``: the pronoun's clause,
        whose other members it cannot stand for ("Of Crane, he said" is not Crane speaking)."""
        here = self._sentence_of(start)
        ends = self._sentence_starts[1:] + [10**12]
        for k in range(here, max(-1, here - MAX_SENTENCES_BACK - 1), -1):
            for mention in self._within(self._sentence_starts[k], min(start, ends[k])):
                if agrees(pronoun, mention.gender) and not (k == here and clause >= 0 and mention.clause == clause):
                    return mention
            if k == here and dependent:
                ahead = [m for m in self._within(start, ends[k]) if m.subject and agrees(pronoun, m.gender)]
                if ahead:
                    return ahead[0]
        return None

    def resolve(self, pronoun: str, start: int) -> Antecedent | None:
        """The person a gendered pronoun at ``start`` stands for (None when none agrees nearby)."""
        if start in self._resolved:
            return self._resolved[start]
        return self._search(pronoun.lower(), start)


def is_main_subject(doc: Any, start: int, end: int) -> bool:
    """Whether the mention at [start, end) is the subject of its sentence's main clause ("Texas Gov.
    Rick Perry is …"); the subject of a reported clause ("he said Obama …") is not the topic."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    while root.dep_ in ("compound", "appos", "flat") and root.head.i != root.i:
        root = root.head
    if root.dep_ not in SUBJECT_DEPS:
        return False
    verb = root.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return bool(verb.dep_ == "ROOT")


def _clause(token: Any) -> int:
    """The verb heading the clause ``token`` stands in (its token index), the root when none."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return int(token.i)


def clause_of(doc: Any, start: int, end: int) -> int:
    span = doc.char_span(start, end, alignment_mode="expand")
    return _clause(span.root) if span is not None else -1
