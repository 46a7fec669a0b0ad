"""Hand-built story articles for comparison tests: exact offsets, found by searching the text."""

from __future__ import annotations

import re
from typing import Any

from newsprism.compare import StoryArticle


def _slug(name: str) -> str:
    return re.sub(r"\W+", "-", name.lower()).strip("-")


def article(article_id: str, outlet: str, sentences: list[str], *, quotes: tuple[tuple[str, str | None], ...] = (),
            people: tuple[str, ...] = (), places: tuple[str, ...] = (), labels: tuple[tuple[str, str], ...] = (),
            dates: tuple[tuple[str, str, str], ...] = (), language: str = "en",
            published: str | None = "2024-03-05", copy_of: str | None = None) -> StoryArticle:
    """``quotes``: (quoted words, speaker name or None); ``labels``: (entity name, label words);
    ``dates``: (words, value, precision). Every item must occur in the text."""
    text = " ".join(sentences)
    spans, at = [], 0
    for sentence in sentences:
        start = text.index(sentence, at)
        spans.append((start, start + len(sentence)))
        at = start + len(sentence)

    def find(words: str) -> tuple[int, int]:
        start = text.index(words)
        return start, start + len(words)

    entities: list[dict[str, Any]] = []
    for kind, names in (("person", people), ("place", places)):
        for name in names:
            mentions = [{"start": m.start(), "end": m.end(), "text": m.group()} for m in re.finditer(re.escape(name), text)]
            entities.append({"id": _slug(name), "name": name, "type": kind, "mentions": mentions})
    quote_rows = []
    for words, speaker in quotes:
        start, end = find(words)
        quote_rows.append({"text": words, "start": start, "end": end, "kind": "direct", "cue": "said",
                           "speaker": speaker, "speaker_entity": _slug(speaker) if speaker else None,
                           "speaker_text": speaker, "speaker_start": None, "speaker_end": None})
    label_rows = []
    for name, words in labels:
        start, end = find(words)
        label_rows.append({"entity": _slug(name), "text": words, "start": start, "end": end, "kind": "title"})
    date_rows = []
    for words, value, precision in dates:
        start, end = find(words)
        date_rows.append({"text": words, "start": start, "end": end, "value": value, "precision": precision})
    return StoryArticle(
        id=article_id, outlet=outlet, text=text, title=sentences[0], published=published, language=language,
        sentences=tuple(spans), entities=tuple(entities), labels=tuple(label_rows), dates=tuple(date_rows),
        quotes=tuple(quote_rows), copy_of=copy_of,
    )


def all_spans(data: Any) -> list[dict[str, Any]]:
    """Every span ({article, start, end, text}) anywhere in a comparison's dict."""
    found = []
    if isinstance(data, dict):
        if {"article", "start", "end", "text"} <= set(data):
            found.append(data)
        for value in data.values():
            found.extend(all_spans(value))
    elif isinstance(data, (list, tuple)):
        for value in data:
            found.extend(all_spans(value))
    return found
