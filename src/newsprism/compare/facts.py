"""Facts and coverage: a story's sentences aligned across its articles, and what each outlet reports.

A fact is a group of sentences, at most one per article, whose multilingual
vectors are close (strongest pairs joined first). An outlet reports a fact when
one of its articles holds one of its sentences.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..settings import CompareSettings
from .pieces import span
from .records import Fact, OutletCoverage, StoryArticle
from .similar import F32, WordOverlap, blended_pairs, neighbour_pairs, one_per_owner_groups
from .text import Piece


def independent_outlets(articles: Sequence[StoryArticle], members: Sequence[int]) -> int:
    """Outlets among ``members`` (article indices), not counting an article that copies another member."""
    ids = {articles[i].id for i in members}
    return len({articles[i].outlet for i in members if articles[i].copy_of not in ids})


def find_facts(articles: Sequence[StoryArticle], pieces: Sequence[Piece], vectors: F32, settings: CompareSettings
               ) -> tuple[list[Fact], list[list[int]], list[tuple[float, int, int]]]:
    """The story's facts, most widely reported first; for each the indices of its pieces; and the
    neighbouring pairs of pieces looked at (cosine, i, j), facts or not."""
    owners = [p.article for p in pieces]
    candidates = neighbour_pairs(vectors, owners, settings.neighbours, settings.candidate_similarity)
    pairs = blended_pairs(candidates, WordOverlap([p.text for p in pieces]),
                          [articles[k].language for k in owners], settings.fact_similarity,
                          settings.cross_language_similarity)
    groups = one_per_owner_groups(len(pieces), pairs, owners, vectors, settings.fact_min_link)
    outlets = sorted({a.outlet for a in articles})
    support = [independent_outlets(articles, [owners[k] for k in g]) for g in groups]
    ranked = sorted(zip(support, groups), key=lambda sg: (-sg[0], -len(sg[1]), owners[min(sg[1])], min(sg[1])))
    facts, members_of = [], []
    for n, (independent, group) in enumerate(ranked):
        members = sorted(group, key=lambda k: (owners[k], pieces[k].start))
        carried = sorted({articles[owners[k]].outlet for k in members})
        facts.append(Fact(
            f"f{n + 1}",
            tuple(span(articles[owners[k]], pieces[k].start, pieces[k].end) for k in members),
            tuple(carried),
            independent,
            tuple(o for o in outlets if o not in carried),
        ))
        members_of.append(members)
    return facts, members_of, candidates


def coverage(articles: Sequence[StoryArticle], facts: Sequence[Fact], omission_share: float) -> list[OutletCoverage]:
    """Per outlet: how many facts it reports, those only it reports, and those most others report but it omits."""
    outlets = sorted({a.outlet for a in articles})
    result = []
    for outlet in outlets:
        others = len(outlets) - 1
        only = tuple(f.id for f in facts if f.outlets == (outlet,) and others)
        omitted = tuple(
            f.id for f in facts
            if outlet in f.missing and len(f.outlets) >= 2 and len(f.outlets) >= omission_share * others
        )
        result.append(OutletCoverage(
            outlet,
            tuple(a.id for a in articles if a.outlet == outlet),
            sum(1 for f in facts if outlet in f.outlets),
            only,
            omitted,
        ))
    return result
