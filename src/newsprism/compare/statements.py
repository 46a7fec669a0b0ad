"""Statements: every rendering of one utterance across a story's articles, grouped.

Quotes are cut into clauses. Clauses are linked pair by pair by the paraphrase judge and their
speakers (``statement_links``). In two runs of one named speaker's speech that share a link, or
that are close as a whole, clauses are also aligned in order at a lower similarity: a paraphrase
("there is no coercion") is found between clauses that match well around it. Linked clauses are
grouped strongest link first, complete link: two groups join only when none of their clauses are
given to two different speakers or ruled out by the judge, so a chain of near pairs cannot drift
from one utterance to another. One outlet may render a statement more than once (a quote and a
paraphrase of it). Neighbouring groups that run through the same quotes become one statement.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from ..copies.vectors import ordered_alignment
from ..settings import CompareSettings
from ..text.tokens import COMPOUND_WORD as WORD
from ..unionfind import UnionFind
from .paraphrase import ParaphraseJudge
from .pieces import QuoteSegment, sentence_spans, span
from .records import Rendering, Statement, StoryArticle, WordChange
from .similar import F32
from .statement_links import StatementLinks
from .text import negation_changed, negations, numbers

_QUOTED_KINDS = ("direct", "labelled", "partial")


def _same_named_speaker(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a.get("speaker_entity") is not None and a.get("speaker_entity") == b.get("speaker_entity")


def statement_groups(articles: Sequence[StoryArticle], segments: Sequence[QuoteSegment], vectors: F32,
                     judge: ParaphraseJudge, settings: CompareSettings) -> list[list[int]]:
    """The clauses (indices into ``segments``) of each statement, before neighbours are merged."""
    links = StatementLinks(articles, segments, vectors, judge, [sentence_spans(a) for a in articles], settings)
    by_run: dict[Run, list[int]] = {}
    for k, segment in enumerate(segments):
        by_run.setdefault((segment.piece.article, segment.run), []).append(k)
    # Runs of one named speaker's speech that share a link, or whose whole wording is close, are
    # aligned clause by clause, once all links are known.
    runs = {((segments[i].piece.article, segments[i].run), (segments[j].piece.article, segments[j].run))
            for i, j in links.edges if segments[i].piece.article != segments[j].piece.article
            and _same_named_speaker(segments[i].quote, segments[j].quote)}
    close_runs = _close_runs(segments, by_run, vectors, settings.statement_vector_similarity)
    anchored = dict(links.edges)
    context: dict[tuple[int, int], float] = {}
    for qa, qb in sorted(runs | close_runs):
        for key, score in _context_pairs(by_run[qa], by_run[qb], vectors, anchored, settings,
                                         (qa, qb) in close_runs).items():
            if key not in anchored:
                context[key] = score
    # A pair found in context is ordered by the judge like the others, and joins at its bar at least.
    keys = sorted(context)
    for key, p in zip(keys, links.probability(keys)):
        links.edges[key] = max(p, judge.threshold)
    groups: UnionFind[int] = UnionFind()
    members: dict[int, list[int]] = {i: [i] for i in range(len(segments))}
    for (i, j), _ in sorted(links.edges.items(), key=lambda kv: (-kv[1], kv[0])):
        ri, rj = groups.find(i), groups.find(j)
        if ri == rj or not links.compatible(members[ri], members[rj]):
            continue
        root = groups.join(ri, rj)
        members[root] = members[ri] + members[rj]
        del members[rj if root == ri else ri]
    return sorted(members.values(), key=lambda g: (-len(g), min(g)))


Run = tuple[int, int]  # (article index, run number)


def _close_runs(segments: Sequence[QuoteSegment], by_run: dict[Run, list[int]], vectors: F32,
                threshold: float) -> set[tuple[Run, Run]]:
    """Pairs of runs by one named speaker, in different articles, whose mean clause vectors are at least
    ``threshold`` close: one passage cut into clauses differently ("a wall … and becomes a road" /
    "no longer a barrier …" | "but a path …") may match as a whole and in no single clause."""
    by_speaker: dict[str, list[Run]] = {}
    for run, members in by_run.items():
        speaker = segments[members[0]].quote.get("speaker_entity")
        if speaker is not None:
            by_speaker.setdefault(speaker, []).append(run)
    found = set()
    for runs in by_speaker.values():
        if len({article for article, _ in runs}) < 2:
            continue
        means = np.stack([vectors[by_run[r]].mean(axis=0) for r in runs])
        means /= np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-9)
        close = means @ means.T
        for x, y in zip(*np.nonzero(close >= threshold)):
            if x < y and runs[x][0] != runs[y][0]:
                found.add((runs[x], runs[y]))
    return found


def _context_pairs(ia: list[int], ib: list[int], vectors: F32, anchors: dict[tuple[int, int], float],
                   settings: CompareSettings, close_as_whole: bool) -> dict[tuple[int, int], float]:
    """Clauses of two runs of one speaker's speech that pair up in order next to an anchored pair: a
    paraphrase ("there is no coercion") beside clauses that match well. When the runs are close as a
    whole, a clause pair of the order-keeping alignment counts at ``statement_similarity`` in cosine."""
    similarity = vectors[ia] @ vectors[ib].T
    chain = ordered_alignment(similarity, settings.statement_context_similarity)
    strong = {(x, y) for x, y in chain if (min(ia[x], ib[y]), max(ia[x], ib[y])) in anchors}
    found = {}
    for x, y in chain:
        beside = (x, y) in strong or (x - 1, y - 1) in strong or (x + 1, y + 1) in strong
        if beside or close_as_whole and similarity[x, y] >= settings.statement_similarity:
            key = (min(ia[x], ib[y]), max(ia[x], ib[y]))
            found[key] = max(anchors.get(key, 0.0), float(similarity[x, y]))
    return found


def _merge_neighbours(groups: list[list[int]], segments: Sequence[QuoteSegment]) -> list[list[int]]:
    """Join groups whose clauses follow each other in every article they span (one longer statement)."""
    position = {k: (s.piece.article, s.run, s.order) for k, s in enumerate(segments)}
    merged: list[list[int]] = []
    # What the next clauses of a merged group would be: (article, run, order) of each, sorted.
    waiting: dict[tuple[tuple[int, int, int], ...], int] = {}
    for group in sorted(groups, key=lambda g: min(position[k] for k in g)):
        here = tuple(sorted(position[k] for k in group))
        m = waiting.pop(here, None)
        if m is None:
            m = len(merged)
            merged.append([])
        merged[m].extend(group)
        waiting[tuple((a, q, o + 1) for a, q, o in here)] = m
    return merged


def _renderings(group: list[int], segments: Sequence[QuoteSegment]) -> list[list[int]]:
    """The group's clauses as renderings: those that follow each other in one run of speech are one."""
    found: list[list[int]] = []
    for k in sorted(group, key=lambda k: (segments[k].piece.article, segments[k].run, segments[k].order)):
        last = segments[found[-1][-1]] if found else None
        here = segments[k]
        if last is not None and (last.piece.article, last.run, last.order + 1) == (here.piece.article, here.run, here.order):
            found[-1].append(k)
        else:
            found.append([k])
    return found


def word_changes(reference: str, rendering: str) -> tuple[WordChange, ...]:
    ref, ren = WORD.findall(reference), WORD.findall(rendering)
    matcher = difflib.SequenceMatcher(a=[w.lower() for w in ref], b=[w.lower() for w in ren], autojunk=False)
    return tuple(
        WordChange(op, " ".join(ref[i1:i2]), " ".join(ren[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    )


def meaning_flags(reference: Rendering, rendering: Rendering, speaker: str | None,
                  same_language: bool) -> tuple[str, ...]:
    flags = []
    if same_language and negation_changed(reference.span.text, rendering.span.text):
        flags.append("negation")
    ref_numbers, numbers_here = numbers(reference.span.text), numbers(rendering.span.text)
    if ref_numbers and numbers_here and ref_numbers != numbers_here:
        flags.append("number")
    if speaker and rendering.speaker_entity and rendering.speaker_entity != speaker:
        flags.append("speaker")
    return tuple(flags)


def find_statements(articles: Sequence[StoryArticle], segments: Sequence[QuoteSegment], vectors: F32,
                    judge: ParaphraseJudge, settings: CompareSettings) -> list[Statement]:
    if not segments:
        return []
    groups = statement_groups(articles, segments, vectors, judge, settings)
    outlets = sorted({a.outlet for a in articles})
    statements = []
    for group in _merge_neighbours(groups, segments):
        renderings, members = [], []
        for ks in _renderings(group, segments):
            article, quote = articles[segments[ks[0]].piece.article], segments[ks[0]].quote
            start, end = segments[ks[0]].piece.start, max(segments[k].piece.end for k in ks)
            renderings.append(Rendering(span(article, start, end), article.outlet, quote["kind"], quote.get("speaker"),
                                        quote.get("speaker_entity"), quote.get("cue")))
            members.append(ks)
        statements.append(_statement(articles, renderings, members, vectors, outlets))
    # Statements many outlets carry on their own first; a copy repeating its source adds nothing.
    ids = {a.id for a in articles}
    copies = {a.id for a in articles if a.copy_of in ids}

    def independent(statement: Statement) -> int:
        return len({r.outlet for r in statement.renderings if r.span.article not in copies})

    statements.sort(key=lambda s: (-independent(s), -len(s.outlets), s.renderings[0].span.article,
                                   s.renderings[0].span.start))
    return [replace(s, id=f"s{n + 1}") for n, s in enumerate(statements)]


def _statement(articles: Sequence[StoryArticle], renderings: list[Rendering], members: list[list[int]],
               vectors: F32, outlets: list[str]) -> Statement:
    named = Counter((r.speaker_entity, r.speaker) for r in renderings if r.speaker_entity)
    speaker_entity, speaker = named.most_common(1)[0][0] if named else (None, None)
    centre = np.stack([vectors[ks].mean(axis=0) for ks in members])
    closeness = (centre @ centre.T).sum(axis=1)
    # The reference agrees with most renderings on negation and figures (so the odd one out is the one
    # flagged), and is a quoted rendering rather than a paraphrase when there is one, the most central.
    polarity = [negations(r.span.text) % 2 for r in renderings]
    figures = [numbers(r.span.text) for r in renderings]
    usual_polarity = Counter(polarity).most_common(1)[0][0]
    usual_figures = Counter(f for f in figures if f).most_common(1)[0][0] if any(figures) else frozenset()
    reference = max(range(len(renderings)), key=lambda r: (
        polarity[r] == usual_polarity, not figures[r] or figures[r] == usual_figures,
        renderings[r].kind in _QUOTED_KINDS, float(closeness[r])))
    language = {a.id: a.language for a in articles}
    ref = renderings[reference]
    compared = []
    for r, rendering in enumerate(renderings):
        if r == reference:
            compared.append(rendering)
            continue
        same_language = language.get(rendering.span.article) == language.get(ref.span.article)
        changes = word_changes(ref.span.text, rendering.span.text) if same_language else ()
        compared.append(Rendering(rendering.span, rendering.outlet, rendering.kind, rendering.speaker,
                                  rendering.speaker_entity, rendering.cue, changes,
                                  meaning_flags(ref, rendering, speaker_entity, same_language)))
    carried = sorted({r.outlet for r in renderings})
    return Statement("", speaker, speaker_entity, tuple(compared), reference, tuple(carried),
                     tuple(o for o in outlets if o not in carried))
