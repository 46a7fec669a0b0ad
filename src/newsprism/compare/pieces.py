"""The pieces a story is compared by: its articles' sentences and the clauses of their quotes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..text.quotes import MIN_STATEMENT_WORDS
from ..text.sentences import sentence_spans as split_sentences
from ..text.tokens import COMPOUND_WORD, compound_words
from .records import Span, StoryArticle
from .similar import F32, FUNCTION_WORDS
from .text import Piece, clauses, trim

Encoder = Callable[[list[str]], F32]
# A quote shorter than this (or with fewer content words) is a scare-quoted phrase or a fragment
# ("that the bill"), not a statement.
MIN_QUOTE_WORDS = MIN_STATEMENT_WORDS
MIN_QUOTE_CONTENT_WORDS = 2


def span(article: StoryArticle, start: int, end: int) -> Span:
    return Span(article.id, start, end, article.text[start:end])


def sentence_spans(article: StoryArticle) -> list[tuple[int, int]]:
    """The annotated sentences, or a plain split when the article was not annotated."""
    if article.sentences:
        found = [trim(article.text, a, b) for a, b in article.sentences]
    else:
        found = [trim(article.text, a, b) for a, b in split_sentences(article.text)]
    return [(a, b) for a, b in found if COMPOUND_WORD.search(article.text, a, b)]


# Quotes of one named speaker this close together in an article are one run of speech.
RUN_GAP = 400


@dataclass(frozen=True)
class QuoteSegment:
    """A clause of one quote. ``run`` numbers the article's runs of speech: consecutive quotes of one
    named speaker (a quote split over sentences or paragraphs); ``order`` is the clause's place in its run."""

    piece: Piece
    quote: dict[str, Any]
    run: int
    order: int


def _says_something(text: str) -> bool:
    found = compound_words(text)
    return len(found) >= MIN_QUOTE_WORDS and sum(w not in FUNCTION_WORDS for w in found) >= MIN_QUOTE_CONTENT_WORDS


def kept_quotes(article: StoryArticle) -> list[dict[str, Any]]:
    """The article's quotes worth comparing: not inside another of its quotes, and at least three words."""
    quotes = sorted(article.quotes, key=lambda q: (q["start"], -q["end"]))
    kept: list[dict[str, Any]] = []
    for quote in quotes:
        if not _says_something(quote["text"]):
            continue
        if any(k["start"] <= quote["start"] and quote["end"] <= k["end"] for k in kept):
            continue
        kept.append(quote)
    return kept


def quote_segments(articles: Sequence[StoryArticle]) -> list[QuoteSegment]:
    segments: list[QuoteSegment] = []
    for index, article in enumerate(articles):
        bounds = sentence_spans(article)
        run, order, previous = -1, 0, None
        for quote in kept_quotes(article):
            speaker = quote.get("speaker_entity")
            if (previous is None or speaker is None or speaker != previous.get("speaker_entity")
                    or quote["start"] - previous["end"] > RUN_GAP):
                run, order = run + 1, 0
            previous = quote
            for lo, hi in _stretches(article, quote, bounds):
                for c_start, c_end in clauses(article.text, lo, hi):
                    if not _says_something(article.text[c_start:c_end]):
                        continue
                    piece = Piece(index, c_start, c_end, article.text[c_start:c_end])
                    segments.append(QuoteSegment(piece, quote, run, order))
                    order += 1
    return segments


def _stretches(article: StoryArticle, quote: dict[str, Any], bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The quote cut at sentence ends and at the edges of quotes inside it: the words a report of
    speech puts in quote marks ("… and that “rules that are not enforced …”") are a rendering of their own."""
    cuts = {quote["start"], quote["end"]}
    cuts.update(x for a, b in bounds for x in (a, b) if quote["start"] < x < quote["end"])
    for inner in article.quotes:
        if quote["start"] <= inner["start"] and inner["end"] <= quote["end"] and inner is not quote \
                and (inner["start"], inner["end"]) != (quote["start"], quote["end"]) \
                and _says_something(inner["text"]):  # a scare-quoted phrase stays in its sentence
            cuts.update((inner["start"], inner["end"]))
    edges = sorted(cuts)
    return [trim(article.text, a, b) for a, b in zip(edges, edges[1:]) if article.text[a:b].strip()]


def sentence_pieces(articles: Sequence[StoryArticle]) -> list[Piece]:
    return [
        Piece(index, a, b, article.text[a:b])
        for index, article in enumerate(articles)
        for a, b in sentence_spans(article)
    ]


def encode(texts: Sequence[str], encoder: Encoder, batch: int = 64) -> F32:
    """Unit vectors for ``texts`` (an empty matrix for none)."""
    from ..copies.vectors import embed

    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    return embed(list(texts), encoder, batch)
