"""Nearest pieces across a story's articles, and groups that take one piece per article.

The search is blocked and keeps only each piece's nearest neighbours, so its
cost grows with the story's pieces, never with the corpus.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

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
