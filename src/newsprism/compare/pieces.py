"""The pieces a story is compared by: its articles' sentences and the clauses of their quotes."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .records import Span, StoryArticle
from .similar import F32, FUNCTION_WORDS
from .text import WORD, Piece, clauses, trim, words

Encoder = Callable[[list[str]], F32]
# A quote shorter than this (or with fewer content words) is a scare-quoted phrase or a fragment
# ("that the bill"), not a statement.
MIN_QUOTE_WORDS = 3
MIN_QUOTE_CONTENT_WORDS = 2
_FALLBACK_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def span(article: StoryArticle, start: int, end: int) -> Span:
    return Span(article.id, start, end, article.text[start:end])


def sentence_spans(article: StoryArticle) -> list[tuple[int, int]]:
    """The reading's sentences, or a plain split when the article was not read."""
    if article.sentences:
        found = [trim(article.text, a, b) for a, b in article.sentences]
    else:
        found = [trim(article.text, m.start(), m.end()) for m in _FALLBACK_SENTENCE.finditer(article.text)]
    return [(a, b) for a, b in found if WORD.search(article.text, a, b)]


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


def kept_quotes(article: StoryArticle) -> list[dict[str, Any]]:
    """The article's quotes worth comparing: not inside another of its quotes, and at least three words."""
    quotes = sorted(article.quotes, key=lambda q: (q["start"], -q["end"]))
    kept: list[dict[str, Any]] = []
    for quote in quotes:
        found = words(quote["text"])
        if len(found) < MIN_QUOTE_WORDS or sum(w not in FUNCTION_WORDS for w in found) < MIN_QUOTE_CONTENT_WORDS:
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
            for a, b in bounds or [(quote["start"], quote["end"])]:
                lo, hi = max(a, quote["start"]), min(b, quote["end"])
                if hi <= lo:
                    continue
                for c_start, c_end in clauses(article.text, lo, hi):
                    if not WORD.search(article.text, c_start, c_end):
                        continue
                    piece = Piece(index, c_start, c_end, article.text[c_start:c_end])
                    segments.append(QuoteSegment(piece, quote, run, order))
                    order += 1
    return segments


def sentence_pieces(articles: Sequence[StoryArticle]) -> list[Piece]:
    return [
        Piece(index, a, b, article.text[a:b])
        for index, article in enumerate(articles)
        for a, b in sentence_spans(article)
    ]


def encode(texts: Sequence[str], encoder: Encoder, batch: int = 64) -> F32:
    """Unit vectors for ``texts`` (an empty matrix for none)."""
    from ..provenance.vectors import embed

    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    return embed(list(texts), encoder, batch)
