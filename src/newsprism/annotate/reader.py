"""Annotating one article's text: sentences and quotes (more readings join later).

:func:`annotate_text` is pure given the pipeline: text in, :class:`Annotations`
out. Text in a language the English pipeline cannot read still gets its
sentences (by punctuation) and its quoted spans (by quote marks), with a note
saying what was not analysed, rather than guessed entities or speakers.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..schema import Quote
from .quotes import find_quotes, marked_quotes, paragraphs, trim_span

ANNOTATION_VERSION = "1"
_SENTENCE_END = re.compile(r"[^.!?…\n]+(?:[.!?…]+[\"”»’)]*|$)")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def is_current(data: dict[str, Any] | None, text: str) -> bool:
    """Stored annotations still describe ``text``: same text, same annotation version."""
    return data is not None and data.get("text_hash") == text_hash(text) and data.get("version") == ANNOTATION_VERSION


@dataclass(frozen=True)
class Annotations:
    """What newsprism read in one article; offsets index into the article's ``text``."""

    text_hash: str
    sentences: tuple[tuple[int, int], ...] = ()
    quotes: tuple[Quote, ...] = ()
    notes: tuple[str, ...] = ()
    version: str = ANNOTATION_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {
            "text_hash": self.text_hash,
            "version": self.version,
            "sentences": [list(s) for s in self.sentences],
            "quotes": [q.to_dict() for q in self.quotes],
            "notes": list(self.notes),
        }



def _sentences_by_punctuation(text: str) -> Iterator[tuple[int, int]]:
    for para in paragraphs(text):
        for match in _SENTENCE_END.finditer(text, para.start, para.end):
            _, start, end = trim_span(text, match.start(), match.end())
            if end > start:
                yield start, end


def annotate_text(text: str, language: str | None, doc: Any | None) -> Annotations:
    """``doc`` is the English parse of ``text``, or None when the text is not English."""
    if doc is not None:
        sentences = tuple(
            (s.start_char, s.end_char) for s in doc.sents if s.text.strip()
        )
        return Annotations(text_hash(text), sentences, tuple(find_quotes(text, doc)))
    note = (
        f"language {language or 'unknown'}: no model for it, so speakers and indirect speech were not analysed; "
        "sentences are split by punctuation and quotes found by their marks"
    )
    return Annotations(text_hash(text), tuple(_sentences_by_punctuation(text)), tuple(marked_quotes(text)), (note,))


@dataclass
class Annotator:
    """Parses English texts in batches (spaCy's ``pipe``) and annotates them all."""

    batch_size: int = 16
    nlp: Any = field(default=None)

    def annotate(self, items: Iterable[tuple[str, str | None]]) -> Iterator[Annotations]:
        """``items``: (text, language) pairs; yields annotations in the same order."""
        from .nlp import english

        nlp = self.nlp or english()
        pending: list[tuple[str, str | None]] = []

        def flush() -> Iterator[Annotations]:
            english_texts = [t for t, lang in pending if lang in (None, "en")]
            docs = iter(nlp.pipe(english_texts, batch_size=self.batch_size))
            for text, lang in pending:
                doc = next(docs) if lang in (None, "en") else None
                yield annotate_text(text, lang, doc)
            pending.clear()

        for item in items:
            pending.append(item)
            if len(pending) >= self.batch_size:
                yield from flush()
        if pending:
            yield from flush()
