"""Which sentences two articles share, merged into passages with character offsets.

Sentences match when their normalised words are equal, or, failing that,
when their normalised forms are near-identical (rapidfuzz ratio): a copy
that fixed a typo, added a word or changed a number still lines up. Matching
is one-to-one but need not keep order, because copies move paragraphs.
Consecutive matches on both sides merge into one passage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from .relations import Passage
from .text import Sentence

# A sentence pair matrix larger than this is not searched for near-identical sentences:
# the exact matches alone then decide (two very long articles).
_MAX_FUZZY_CELLS = 400_000


@dataclass(frozen=True)
class Alignment:
    """Shared sentences of articles ``a`` and ``b``; passages run from ``a`` (as source) to ``b``."""

    matches: tuple[tuple[int, int], ...]
    passages: tuple[Passage, ...]
    cover_a: float
    cover_b: float
    evidence_sentences: int
    evidence_chars: int
    exact: bool

    @property
    def shorter_cover(self) -> float:
        return max(self.cover_a, self.cover_b)

    @property
    def longer_cover(self) -> float:
        return min(self.cover_a, self.cover_b)


def _exact_matches(sa: Sequence[Sentence], sb: Sequence[Sentence]) -> dict[int, int]:
    where: dict[int, list[int]] = {}
    for j, s in enumerate(sb):
        where.setdefault(s.hash, []).append(j)
    used: set[int] = set()
    matches: dict[int, int] = {}
    previous = -2
    for i, s in enumerate(sa):
        options = [j for j in where.get(s.hash, ()) if j not in used]
        if not options:
            continue
        # Prefer continuing the current run, so repeated sentences pair up in order.
        j = previous + 1 if previous + 1 in options else options[0]
        matches[i] = j
        used.add(j)
        previous = j
    return matches


def _fuzzy_matches(sa: Sequence[Sentence], sb: Sequence[Sentence], matched: dict[int, int],
                   min_ratio: float, min_words: int) -> dict[int, int]:
    left = [i for i, s in enumerate(sa) if i not in matched and s.words >= min_words]
    taken = set(matched.values())
    right = [j for j, s in enumerate(sb) if j not in taken and s.words >= min_words]
    if not left or not right or len(left) * len(right) > _MAX_FUZZY_CELLS:
        return {}
    scores = process.cdist([sa[i].key for i in left], [sb[j].key for j in right], scorer=fuzz.ratio,
                           score_cutoff=min_ratio, dtype=np.float32)
    rows, cols = np.nonzero(scores)
    order = np.argsort(-scores[rows, cols], kind="stable")
    found: dict[int, int] = {}
    used: set[int] = set()
    for r, c in zip(rows[order].tolist(), cols[order].tolist()):
        if left[r] not in found and right[c] not in used:
            found[left[r]] = right[c]
            used.add(right[c])
    return found


def passages_from_pairs(sa: Sequence[Sentence], sb: Sequence[Sentence], pairs: list[tuple[int, int]]) -> list[Passage]:
    passages: list[Passage] = []
    run_start: tuple[int, int] | None = None
    last = (-2, -2)
    for i, j in pairs:
        if run_start is not None and (i, j) != (last[0] + 1, last[1] + 1):
            passages.append(Passage(sa[run_start[0]].start, sa[last[0]].end, sb[run_start[1]].start, sb[last[1]].end))
            run_start = None
        if run_start is None:
            run_start = (i, j)
        last = (i, j)
    if run_start is not None:
        passages.append(Passage(sa[run_start[0]].start, sa[last[0]].end, sb[run_start[1]].start, sb[last[1]].end))
    return passages


def _cover(sentences: Sequence[Sentence], indices: list[int]) -> float:
    total = sum(s.length for s in sentences)
    return sum(sentences[i].length for i in indices) / total if total else 0.0


def align(sa: Sequence[Sentence], sb: Sequence[Sentence], *, fuzzy_min_ratio: float = 90.0,
          min_sentence_words: int = 6, max_quoted_share: float = 0.5) -> Alignment:
    """Shared sentences of two articles.

    Evidence of reuse counts only matched sentences of at least
    ``min_sentence_words`` words that are not mostly quotation: two reports
    quoting the same statement verbatim have not copied each other.
    """
    exact = _exact_matches(sa, sb)
    fuzzy = _fuzzy_matches(sa, sb, exact, fuzzy_min_ratio, max(3, min_sentence_words // 2))
    pairs = sorted({**exact, **fuzzy}.items())
    evidence = [(i, j) for i, j in pairs
                if sa[i].words >= min_sentence_words and sa[i].quoted <= max_quoted_share]
    return Alignment(
        matches=tuple(pairs),
        passages=tuple(passages_from_pairs(sa, sb, pairs)),
        cover_a=_cover(sa, [i for i, _ in pairs]),
        cover_b=_cover(sb, [j for _, j in pairs]),
        evidence_sentences=len(evidence),
        evidence_chars=sum(sa[i].length for i, _ in evidence),
        exact=not fuzzy,
    )
