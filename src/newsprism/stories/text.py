"""Words and dates of one article, as the story clusterer compares them.

Text becomes a sparse TF-IDF vector (term -> weight, unit length) over content
words: lower-cased, stop words dropped, plural ``s`` folded, numbers of two or
more digits kept (years, tolls and magnitudes tell look-alike events apart).
Dates become day-number intervals so that a month-precision date is a range,
not a guess at one day.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Mapping
from datetime import date

from ..text.tokens import words_and_numbers

Vector = dict[str, float]
Interval = tuple[int, int]

_STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are around as at be because been before being below
    between both but by can could did do does doing down during each even ever every few for from further had has
    have having he her here hers herself him himself his how however i if in into is it its itself just last least
    less like made make many may me might more most much must my myself near new no nor not now of off often on once
    one only or other our ours ourselves out over own per said same say says she should since so some still such
    than that the their theirs them themselves then there these they this those though three through to too two
    under until up upon us very was way we well were what when where whether which while who whom whose why will
    with within without would yet you your yours yourself yourselves mr mrs ms told according also week year years
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight day days time
    """.split()
)


def _fold(word: str) -> str:
    """One form for a word's plural and possessive ("quakes" = "quake", "Reid's" = "reid")."""
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def terms(text: str) -> Counter[str]:
    """How often each content word of ``text`` occurs, folded; single letters and digits dropped."""
    counts: Counter[str] = Counter()
    # Fold each distinct word once: a text repeats most of its words.
    for word, count in Counter(words_and_numbers(text.lower())).items():
        folded = _fold(word)
        if len(folded) > 1 and folded not in _STOPWORDS:
            # Interned, a term is one string shared by every vector that holds it, not one per article.
            counts[sys.intern(folded)] += count
    return counts


def term_counts(title: str, text: str, title_weight: int) -> Counter[str]:
    """Term frequencies of an article; the title counts ``title_weight`` times (it names the event)."""
    counts = terms(text)
    for term, count in terms(title).items():
        counts[term] += title_weight * count
    return counts


def idf(doc_freq: int, n_docs: int) -> float:
    """Smoothed inverse document frequency (a term in every document still weighs 1)."""
    return math.log((1 + n_docs) / (1 + doc_freq)) + 1.0


def weigh(counts: Mapping[str, float], doc_freq: Mapping[str, int], n_docs: int, max_terms: int) -> Vector:
    """Sub-linear TF times IDF, cut to the ``max_terms`` heaviest terms, scaled to unit length."""
    weights = {t: (1.0 + math.log(c)) * idf(doc_freq.get(t, 0), n_docs) for t, c in counts.items() if c > 0}
    if len(weights) > max_terms:
        # Ties broken by the term so the cut does not depend on dictionary order.
        kept = sorted(weights.items(), key=lambda tw: (-tw[1], tw[0]))[:max_terms]
        weights = dict(kept)
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    # Intersecting the key views runs in C; only the shared terms are multiplied in Python. The set's
    # order changes with the hash seed, and fsum's exact rounding keeps the result the same in every run.
    return math.fsum(a[t] * b[t] for t in a.keys() & b.keys())


def add_into(total: dict[str, float], vector: Mapping[str, float]) -> float:
    """Add ``vector`` into ``total`` in place; returns the change in the squared norm of ``total``."""
    change = 0.0
    for t, w in vector.items():
        old = total.get(t, 0.0)
        total[t] = old + w
        change += 2 * old * w + w * w
    return change


# -- dates ---------------------------------------------------------------------------------------
def interval(value: str | None) -> Interval | None:
    """Day numbers covered by an ISO date: one day, or a whole month; None for a bare year or junk.

    Anything after the date part (a time, an offset) is ignored: stories move in days.
    """
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        if len(parts) >= 3 and len(parts[2]) == 2:
            day = date(int(parts[0]), int(parts[1]), int(parts[2])).toordinal()
            return day, day
        if len(parts) >= 2 and len(parts[1]) == 2:
            year, month = int(parts[0]), int(parts[1])
            first = date(year, month, 1).toordinal()
            following = date(year + month // 12, month % 12 + 1, 1).toordinal()
            return first, following - 1
    except ValueError:
        return None
    return None


def iso(day: int | None) -> str | None:
    return date.fromordinal(day).isoformat() if day is not None else None
