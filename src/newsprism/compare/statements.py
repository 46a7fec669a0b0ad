"""Statements: the same utterance as each outlet quoted it, grouped across a story's articles.

Quotes are cut into clauses. Two clauses of different articles anchor a match
when their multilingual vectors are close and their speakers are compatible
(the same entity, or one unknown). The two quotes holding an anchor are then
aligned clause by clause, in order, at a lower similarity: a paraphrase
("there is no coercion") is found between clauses that match well around it.
Clauses are grouped one per article, strongest pair first; neighbouring
groups that run through the same articles become one statement.
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
from .pieces import QuoteSegment, span
from .records import Rendering, Statement, StoryArticle, WordChange
from .similar import F32, WordOverlap, blended_pairs, neighbour_pairs, one_per_owner_groups
from .text import negation_changed, negations, numbers

# A quote given to another named speaker still pairs up when the words are this close.
OTHER_SPEAKER_SIMILARITY = 0.8
_QUOTED_KINDS = ("direct", "labelled", "partial")


def _anchor_holds(a: dict[str, Any], b: dict[str, Any], score: float, mutual: bool) -> bool:
    """Whether two clauses close enough to be an anchor may render one statement, given their speakers.

    With one speaker unknown, the two must also be each other's closest clause in the other's article:
    reported speech by nobody in particular ("the parliament is expected to ratify") shares words with
    anyone's, and no name vouches for the pair."""
    sa, sb = a.get("speaker_entity"), b.get("speaker_entity")
    if sa is not None and sb is not None:
        return sa == sb or score >= OTHER_SPEAKER_SIMILARITY
    return mutual


def _mutual_best(anchors: Sequence[tuple[float, int, int]], owners: Sequence[int]) -> set[tuple[int, int]]:
    """Anchor pairs whose clauses are each other's best-scoring clause in the other's article."""
    best: dict[tuple[int, int], tuple[float, int]] = {}
    for score, i, j in anchors:
        for this, other in ((i, j), (j, i)):
            key = (this, owners[other])
            if score > best.get(key, (-1.0, -1))[0]:
                best[key] = (score, other)
    return {(i, j) for _, i, j in anchors if best[(i, owners[j])][1] == j and best[(j, owners[i])][1] == i}


def _same_named_speaker(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a.get("speaker_entity") is not None and a.get("speaker_entity") == b.get("speaker_entity")


def segment_pairs(articles: Sequence[StoryArticle], segments: Sequence[QuoteSegment], vectors: F32,
                  settings: CompareSettings) -> list[tuple[float, int, int]]:
    """Pairs of clauses (indices into ``segments``) that render the same words, strongest first."""
    owners = [s.piece.article for s in segments]
    candidates = neighbour_pairs(vectors, owners, settings.neighbours, settings.candidate_similarity)
    anchors = blended_pairs(candidates, WordOverlap([s.piece.text for s in segments]),
                            [articles[k].language for k in owners], settings.statement_similarity,
                            settings.statement_vector_similarity,
                            lambda i, j: _same_named_speaker(segments[i].quote, segments[j].quote))
    by_run: dict[tuple[int, int], list[int]] = {}
    for k, segment in enumerate(segments):
        by_run.setdefault((segment.piece.article, segment.run), []).append(k)
    mutual = _mutual_best(anchors, owners)
    pairs = {(i, j): score for score, i, j in anchors
             if _anchor_holds(segments[i].quote, segments[j].quote, score, (i, j) in mutual)}
    # Runs of one named speaker's speech that share an anchor, or whose whole wording is close, are
    # aligned clause by clause, once all anchors are known.
    runs = {((segments[i].piece.article, segments[i].run), (segments[j].piece.article, segments[j].run))
            for i, j in pairs if _same_named_speaker(segments[i].quote, segments[j].quote)}
    close_runs = _close_runs(segments, by_run, vectors, settings.statement_vector_similarity)
    anchored = dict(pairs)
    for qa, qb in sorted(runs | close_runs):
        context = _context_pairs(by_run[qa], by_run[qb], vectors, anchored, settings, (qa, qb) in close_runs)
        for key, score in context.items():
            pairs[key] = max(pairs.get(key, 0.0), score)
    return sorted(((s, i, j) for (i, j), s in pairs.items()), key=lambda t: (-t[0], t[1], t[2]))


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
                    settings: CompareSettings) -> list[Statement]:
    if not segments:
        return []
    pairs = segment_pairs(articles, segments, vectors, settings)
    groups = one_per_owner_groups(len(segments), pairs, [s.piece.article for s in segments])
    outlets = sorted({a.outlet for a in articles})
    statements = []
    for group in _merge_neighbours(groups, segments):
        by_article: dict[int, list[int]] = {}
        for k in group:
            by_article.setdefault(segments[k].piece.article, []).append(k)
        renderings, members = [], []
        for index in sorted(by_article):
            ks = sorted(by_article[index], key=lambda k: segments[k].piece.start)
            article, quote = articles[index], segments[ks[0]].quote
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
