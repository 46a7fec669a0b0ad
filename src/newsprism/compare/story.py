"""Compare one story's articles: statements, facts, disagreements, framing, timeline, digest."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..settings import CompareSettings, default_settings
from ..stories.records import Story
from .conflicts import figure_disagreements, find_disagreements, merge_by_values
from .digest import digest
from .facts import coverage, find_facts
from .framing import framing
from .paraphrase import ParaphraseJudge
from .pieces import Encoder, encode, quote_segments, sentence_pieces, span
from .records import StoryArticle, StoryComparison
from .similar import F32
from .statement_links import KnownVectors
from .statements import find_statements
from .timeline import timeline


class SentenceScorer(Protocol):
    """Scores how loaded each sentence is, in [0, 1]; ``threshold`` says from where it counts as loaded."""

    threshold: float

    def score(self, sentences: list[str], vectors: F32 | None = None) -> list[float]: ...


# The loaded-wording model reads English.
SCORED_LANGUAGES = ("en",)


def compare_story(story: Story, articles: Sequence[StoryArticle], encoder: Encoder,
                  scorer: SentenceScorer, settings: CompareSettings | None = None) -> StoryComparison:
    """Everything newsprism compares inside one story (see :class:`StoryComparison`).

    ``story`` is the stored story (its ``id``, ``start`` and ``end`` are read); ``articles`` its members with their annotations;
    ``settings`` the ``[compare]`` section (the packaged defaults when None).
    """
    options = settings or default_settings().compare
    articles = sorted(articles, key=lambda a: (a.published is None, a.published or "", a.id))
    pieces = sentence_pieces(articles)
    segments = quote_segments(articles)
    vectors = encode([p.text for p in pieces] + [s.piece.text for s in segments], encoder)
    sentence_vectors, segment_vectors = vectors[:len(pieces)], vectors[len(pieces):]

    # The judge reads the vectors already computed; it encodes only the texts it adds.
    facts, members_of, neighbours = find_facts(articles, pieces, sentence_vectors, encoder, options)
    # The judge reads the vectors already computed; it encodes only the texts it adds.
    judge = ParaphraseJudge(KnownVectors(encoder, [s.piece.text for s in segments], segment_vectors))
    statements = find_statements(articles, segments, segment_vectors, judge, options)
    near = [(score, span(articles[pieces[i].article], pieces[i].start, pieces[i].end),
             span(articles[pieces[j].article], pieces[j].start, pieces[j].end)) for score, i, j in neighbours]
    disagreements = merge_by_values(find_disagreements(articles, facts, statements)
                                    + figure_disagreements(articles, facts, near))
    scored = [k for k, p in enumerate(pieces) if (articles[p.article].language or "en") in SCORED_LANGUAGES]
    loaded = [0.0] * len(pieces)
    scores = scorer.score([pieces[k].text for k in scored], sentence_vectors[scored]) if scored else []
    for k, value in zip(scored, scores):
        loaded[k] = value
    notes = _notes(articles, statements, len(scored) < len(pieces))
    return StoryComparison(
        story=story.id,
        outlets=tuple(coverage(articles, facts, options.omission_share)),
        statements=tuple(statements),
        facts=tuple(facts),
        disagreements=tuple(disagreements),
        framing=framing(articles, pieces, loaded, scorer.threshold),
        timeline=tuple(timeline(articles, story.start, story.end)),
        digest=tuple(digest(articles, facts, members_of, pieces, sentence_vectors, loaded, options)),
        notes=notes,
    )


def _notes(articles: Sequence[StoryArticle], statements: Sequence[object], unscored: bool) -> tuple[str, ...]:
    notes = []
    if len({a.outlet for a in articles}) < 2:
        notes.append("one outlet only: nothing to compare it with; facts and the digest are its own")
    if not statements:
        notes.append("no outlet quotes anyone in this story")
    if unscored:
        notes.append("loaded wording is scored in English only; sentences in other languages were not scored")
    if any(not a.sentences for a in articles):
        notes.append("some articles have no annotations (run 'newsprism annotate'): their sentences were split plainly")
    return tuple(notes)
