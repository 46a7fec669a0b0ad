"""An article's features and the similarity of two articles (or of an article and a story).

Similarity = (text cosine + ``entity_weight`` x entity cosine + ``date_weight`` if
they share an event day) / (1 + ``entity_weight``). Text vectors are TF-IDF; entity
vectors weigh each canonical id by its IDF and by its prominence in the article
(1 / (1 + rank / ``entity_rank_scale``), rank 0 for the most mentioned), so two
reports of a meeting between two leaders match on those leaders more than on the
people they mention in passing. Both are unit length. Event days compare
by exact date, or by month and day when one side gave no year ("on May 3").
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .records import StoryInput
from .text import Interval, Vector, dot, idf, interval, term_counts, weigh

ENTITY_KEY = "\x1f"  # prefix that keeps entity ids apart from words in an inverted index


@dataclass(frozen=True)
class Days:
    """Event days an article mentions: full ISO dates, and month-days ("05-03") of dates without a year."""

    full: frozenset[str] = frozenset()
    yearless: frozenset[str] = frozenset()

    @classmethod
    def of(cls, values: Iterable[str]) -> Days:
        full, yearless = set(), set()
        for value in values:
            if len(value) == 10 and value[4] == "-" and interval(value) is not None:
                full.add(value)
            elif len(value) == 7 and value.startswith("--"):
                yearless.add(value[2:])
        return cls(frozenset(full), frozenset(yearless))

    def __bool__(self) -> bool:
        return bool(self.full or self.yearless)

    def shares(self, full: Mapping[str, int] | frozenset[str], yearless: Mapping[str, int] | frozenset[str]) -> bool:
        """Whether these days meet the other side's: one exact date, or a month-day where a year is missing."""
        if any(d in full for d in self.full) or any(d in yearless for d in self.yearless):
            return True
        if any(d[5:] in yearless for d in self.full):
            return True
        return bool(self.yearless) and any(d[5:] in self.yearless for d in full)


@dataclass(frozen=True)
class Features:
    id: str
    title: str
    text: Vector
    entities: Vector
    days: Days
    published: Interval | None
    keys: tuple[str, ...]
    key_weights: tuple[float, ...]
    copy_of: str | None


class Vocabulary:
    """Document frequencies of terms and entities, and the features they give an article."""

    def __init__(self, max_terms: int, index_terms: int, title_weight: int, entity_rank_scale: float) -> None:
        self.max_terms = max_terms
        self.index_terms = index_terms
        self.title_weight = title_weight
        self.entity_rank_scale = entity_rank_scale
        self.doc_freq: Counter[str] = Counter()
        self.entity_freq: Counter[str] = Counter()
        self.n_docs = 0

    def count(self, item: StoryInput) -> Counter[str]:
        """Count the article into the document frequencies; returns its term counts for :meth:`features`."""
        counts = term_counts(item.title, item.text, self.title_weight)
        self.n_docs += 1
        self.doc_freq.update(counts.keys())
        self.entity_freq.update(set(item.entities))
        return counts

    def features(self, item: StoryInput, counts: Counter[str] | None = None) -> Features:
        if counts is None:
            counts = term_counts(item.title, item.text, self.title_weight)
        text = weigh(counts, self.doc_freq, self.n_docs, self.max_terms)
        entities = self._entity_vector(item.entities)
        heaviest = sorted(text.items(), key=lambda tw: (-tw[1], tw[0]))[: self.index_terms]
        keys = tuple(t for t, _ in heaviest) + tuple(sys.intern(ENTITY_KEY + e) for e in entities)
        weights = tuple(w for _, w in heaviest) + tuple(entities.values())
        return Features(item.id, item.title, text, entities, Days.of(item.dates), interval(item.published),
                        keys, weights, item.copy_of)


    def _entity_vector(self, ranked: tuple[str, ...]) -> Vector:
        weights = {
            e: idf(self.entity_freq.get(e, 0), self.n_docs) / (1.0 + rank / self.entity_rank_scale)
            for rank, e in enumerate(dict.fromkeys(ranked))
        }
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {e: w / norm for e, w in weights.items()} if norm else {}


def gap(a: Interval | None, b: Interval | None) -> int:
    """Days between two date intervals (0 when they overlap or either is unknown)."""
    if a is None or b is None:
        return 0
    return max(0, b[0] - a[1], a[0] - b[1])


def similarity(a: Features, b: Features, entity_weight: float, date_weight: float) -> float:
    text = dot(a.text, b.text)
    entities = dot(a.entities, b.entities) if a.entities and b.entities else 0.0
    day = date_weight if a.days and b.days and a.days.shares(b.days.full, b.days.yearless) else 0.0
    return (text + entity_weight * entities + day) / (1.0 + entity_weight)
