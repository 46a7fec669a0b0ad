"""Nearest pieces across a story's articles, and groups that take one piece per article.

The search is blocked and keeps only each piece's nearest neighbours, so its
cost grows with the story's pieces, never with the corpus.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from ..text.tokens import compound_words
from ..unionfind import UnionFind

F32 = npt.NDArray[np.float32]
BLOCK = 1024


def neighbour_pairs(vectors: F32, owners: Sequence[int], k: int, threshold: float) -> list[tuple[float, int, int]]:
    """(similarity, i, j) with i < j for pieces of different owners, one among the other's ``k``
    nearest, at least ``threshold`` similar; strongest first."""
    n = len(owners)
    if n < 2 or not vectors.size:
        return []
    owner = np.asarray(owners)
    found: dict[tuple[int, int], float] = {}
    take = min(k + 1, n)
    for lo in range(0, n, BLOCK):
        block = vectors[lo:lo + BLOCK] @ vectors.T
        rows = np.arange(lo, min(lo + BLOCK, n))
        block[owner[rows][:, None] == owner[None, :]] = -1.0  # never within one article
        nearest = np.argpartition(-block, take - 1, axis=1)[:, :take]
        for r, row in enumerate(rows):
            for col in nearest[r]:
                score = float(block[r, col])
                if score >= threshold:
                    key = (min(int(row), int(col)), max(int(row), int(col)))
                    found[key] = max(found.get(key, score), score)
    return sorted(((s, i, j) for (i, j), s in found.items()), key=lambda t: (-t[0], t[1], t[2]))


# Function words (English, the language most articles are in) carry no fact.
FUNCTION_WORDS = frozenset(
    "the a an and or of to in on at for with by from as is are was were be been being it its that this these those "
    "he she they we i you his her their our them him us not but so than then there here have has had will would can "
    "could should may might do does did said says about after before over into also which who whom what when where "
    "while all any some more most other such only own same very just".split()
)
STEM = 5  # leading letters kept: "allies"/"ally", "integration"/"integrated" meet


class WordOverlap:
    """Overlap of the rarer words of two pieces, weighted by how rare each is in the story.

    Words every article of the story uses (its actors' names) say little about which fact a
    sentence states; the rare ones it shares with another sentence say a lot.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.bags = [frozenset(w[:STEM] for w in compound_words(t) if w not in FUNCTION_WORDS and len(w) > 2) for t in texts]
        df = Counter(w for bag in self.bags for w in bag)
        n = max(1, len(self.bags))
        self.idf = {w: math.log((n + 1) / c) for w, c in df.items()}

    def __call__(self, i: int, j: int) -> float:
        a, b = self.bags[i], self.bags[j]
        total = sum(self.idf[w] for w in a) + sum(self.idf[w] for w in b)
        return 2 * sum(self.idf[w] for w in a & b) / total if total else 0.0


def blended_pairs(pairs: Sequence[tuple[float, int, int]], overlap: WordOverlap, languages: Sequence[str | None],
                  threshold: float, by_vector: float, vector_alone: Callable[[int, int], bool] | None = None,
                  ) -> list[tuple[float, int, int]]:
    """Pairs scored on meaning and words together: the mean of the vector cosine and the word overlap
    when both pieces are in one language (long sentences on one topic have close vectors; the words
    they share tell whether they state the same thing); the cosine alone (at least ``by_vector``)
    across languages, and within one for the pairs ``vector_alone`` accepts (short clauses of one
    named speaker, where a paraphrase shares few words)."""
    kept = []
    for cosine, i, j in pairs:
        same_language = languages[i] == languages[j]
        by_words = (cosine + overlap(i, j)) / 2 if same_language else -1.0
        vector_counts = not same_language or (vector_alone is not None and vector_alone(i, j))
        score = max(by_words, threshold + cosine - by_vector if vector_counts else -1.0)
        if score >= threshold:
            kept.append((score, i, j))
    return sorted(kept, key=lambda t: (-t[0], t[1], t[2]))


def one_per_owner_groups(n: int, pairs: Sequence[tuple[float, int, int]], owners: Sequence[int],
                         vectors: F32 | None = None, min_link: float = -1.0) -> list[list[int]]:
    """Groups of pieces joined strongest pair first. A join is refused when it would put two pieces
    of one owner (one article) in a group (an article states a fact once), or, given ``vectors``,
    when two of the pieces it brings together are less than ``min_link`` similar: every member must
    be close to every other, so a chain of near neighbours cannot drift from one fact to another."""
    groups: UnionFind[int] = UnionFind()
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    owned: dict[int, set[int]] = {i: {owners[i]} for i in range(n)}
    for _, i, j in pairs:
        ri, rj = groups.find(i), groups.find(j)
        if ri == rj or owned[ri] & owned[rj]:
            continue
        if vectors is not None and float((vectors[members[ri]] @ vectors[members[rj]].T).min()) < min_link:
            continue
        root = groups.join(ri, rj)
        other = rj if root == ri else ri
        owned[root] = owned[ri] | owned[rj]
        members[root] = members[ri] + members[rj]
        del members[other]
    return sorted(members.values(), key=lambda g: (-len(g), min(g)))
