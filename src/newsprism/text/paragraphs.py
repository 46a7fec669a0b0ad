"""Paragraphs: the stretches of a text between paragraph separators, with their offsets."""

from __future__ import annotations

from dataclasses import dataclass

from .tokens import word_count

# Article text keeps one paragraph a line; a cleaned body separates them by a blank line.
LINE = "\n"
BLANK_LINE = "\n\n"


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: ``text == source[start:end]``."""

    text: str
    start: int
    end: int

    @property
    def words(self) -> int:
        return word_count(self.text)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def paragraphs(text: str, separator: str = LINE) -> list[Paragraph]:
    """Every non-empty stretch of ``text`` between two ``separator``\\ s, in order.

    Nothing but the separators is left out, so joining the paragraphs' texts with
    ``separator`` gives ``text`` back whenever no two separators touch. A stretch of
    spaces only is kept (it is part of the text); callers that read words skip it.
    """
    if not separator:
        raise ValueError("the paragraph separator must not be empty")
    found: list[Paragraph] = []
    pos = 0
    for chunk in text.split(separator):
        if chunk:
            found.append(Paragraph(chunk, pos, pos + len(chunk)))
        pos += len(chunk) + len(separator)
    return found
