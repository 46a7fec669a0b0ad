"""Facts and coverage: a story's sentences aligned across its articles, and what each outlet reports.

A fact is a group of sentences, at most one per article, that state the same
thing: in one language as the paraphrase judge decides (trained on MRPC, pairs of
sentences from different outlets' reports of one story), across languages by the
multilingual vectors alone. Surest pairs join first, and every two members must be
close in the vectors, so no chain drifts from one fact to another. An outlet
reports a fact when one of its articles holds one of its sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ..settings import CompareSettings
from .paraphrase import ParaphraseJudge
from .pieces import Encoder, span
from .records import Fact, OutletCoverage, StoryArticle
from .similar import F32, neighbour_pairs, one_per_owner_groups
from .statement_links import KnownVectors, PairJudge
from .text import Piece, trim, without_figures


def independent_outlets(articles: Sequence[StoryArticle], members: Sequence[int]) -> int:
    """Outlets among ``members`` (article indices), not counting an article that copies another member."""
    ids = {articles[i].id for i in members}
    return len({articles[i].outlet for i in members if articles[i].copy_of not in ids})


def stated(article: StoryArticle, piece: Piece) -> str:
    """What a sentence states, without who says so: the content of a quote or report that fills most
    of it ("Ardelia will lend …, the minister told reporters" states "Ardelia will lend …")."""
    best: tuple[int, int] | None = None
    for quote in article.quotes:
        lo, hi = max(int(quote["start"]), piece.start), min(int(quote["end"]), piece.end)
        if 2 * (hi - lo) >= piece.end - piece.start and (best is None or hi - lo > best[1] - best[0]):
            best = (lo, hi)
    if best is None:
        return piece.text
    lo, hi = trim(article.text, *best)
    return article.text[lo:hi] if hi > lo else piece.text


def readings(articles: Sequence[StoryArticle], pieces: Sequence[Piece]) -> tuple[list[str], list[str]]:
    """Two readings of each sentence for the judge, figures masked (two sentences giving one fact
    different figures are one fact, and a disagreement): the whole sentence, and what it states."""
    return ([without_figures(p.text) for p in pieces],
            [without_figures(stated(articles[p.article], p)) for p in pieces])


def same_fact_pairs(candidates: Sequence[tuple[float, int, int]], judged: Callable[[Sequence[tuple[int, int]]], list[float]],
                    threshold: float, languages: Sequence[str | None], by_vector: float,
                    ) -> list[tuple[float, int, int]]:
    """The ``candidates`` (cosine, i, j) that state one fact, surest first, each with its margin over
    its bar: the ``judged`` probability over the judge's ``threshold`` in one language, the cosine over
    ``by_vector`` across languages (the judge reads one language at a time)."""
    same = [(i, j) for _, i, j in candidates if languages[i] == languages[j]]
    probability = dict(zip(same, judged(same)))
    kept = []
    for cosine, i, j in candidates:
        margin = probability[(i, j)] - threshold if (i, j) in probability else cosine - by_vector
        if margin >= 0:
            kept.append((margin, i, j))
    return sorted(kept, key=lambda t: (-t[0], t[1], t[2]))


def find_facts(articles: Sequence[StoryArticle], pieces: Sequence[Piece], vectors: F32, encoder: Encoder,
               settings: CompareSettings, judge_model: Mapping[str, Any] | None = None,
               ) -> tuple[list[Fact], list[list[int]], list[tuple[float, int, int]]]:
    """The story's facts, most widely reported first; for each the indices of its pieces; and the
    neighbouring pairs of pieces looked at (cosine, i, j), facts or not. ``judge_model``: another
    judge than the shipped one (for cross-validation)."""
    owners = [p.article for p in pieces]
    candidates = neighbour_pairs(vectors, owners, settings.neighbours, settings.candidate_similarity)
    # The judge takes the likelier of the two readings; both read with their sentence's vector.
    whole, said = readings(articles, pieces)
    judge = ParaphraseJudge(KnownVectors(encoder, whole + said, np.concatenate([vectors, vectors])), judge_model)
    pairs = same_fact_pairs(candidates, PairJudge(judge, whole, said), judge.threshold,
                            [articles[k].language for k in owners], settings.cross_language_similarity)
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
