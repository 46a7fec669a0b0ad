"""Which spans of a text stand inside quotation marks, in every common style.

Marks: English “…” and ‘…’, German and Russian „…“, French and Italian «…»
and ‹…›, Swedish ”…”, Danish »…«, straight "…" and '…', and the typewriter
and tokenised forms ''…'' and ``…''. An apostrophe inside a word ("don't",
"Belarus’s") never opens or closes a quote.

Works paragraph by paragraph, so an unbalanced mark can never swallow the
rest of the article; the one exception is the news convention of leaving a
quotation open at the end of a paragraph and reopening it at the start of the
next, which continues the same quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .paragraphs import Paragraph, paragraphs

# Opening mark -> the marks that may close it.
PAIRS: dict[str, str] = {
    "“": "”“\"",  # English “…”; some outlets close with a second “, sloppy ones with a straight "
    "„": "“”",  # German/Russian „…“ (also „…”)
    "«": "»",
    "‹": "›",
    "‘": "’",
    '"': '"',
    "”": "”",  # Swedish/Finnish ”…”
    "»": "«",  # Danish »…«
}
# Fewer words than this in quote marks hold a phrase at a distance ("so-called “experts”"), not a
# statement: a scare quote when nobody is named for it, a fragment when someone is.
MIN_STATEMENT_WORDS = 3
# Every mark that opens or closes a quotation in some style (’ too: it closes ‘…’, and ends "Belarus’").
QUOTE_MARKS = "".join(sorted(set("".join(PAIRS) + "".join(PAIRS.values()))))
_WORD = re.compile(r"\w", re.UNICODE)
# Where a quotation may open (a mark of PAIRS, or '' and ``), and every mark that may open or close
# one: the scans jump from one to the next instead of looking at every character.
_MAY_OPEN = re.compile("''|``|[" + re.escape("".join(PAIRS)) + "]")
_ANY_MARK = re.compile("[" + re.escape("".join(set("".join(PAIRS) + "".join(PAIRS.values())))) + "]")


@dataclass(frozen=True)
class Marked:
    """A quoted span: ``start``/``end`` include the marks; ``inner_*`` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    open_ended: bool = False  # the quotation runs on past the paragraph end
    continued: bool = False  # the end of a quotation the previous paragraph left open

    def inner(self, text: str) -> str:
        return text[self.inner_start : self.inner_end]


def _can_open(text: str, i: int, mark: str) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace() and mark not in "«‹":  # French spacing: « nous restons »
        return False
    if mark in "‘'\"”»":
        # Apostrophes and symmetric marks open only after a space or an opening bracket.
        return before.isspace() or before in "([{—–-:/" or i == 0
    return True


def _can_close(text: str, j: int, mark: str) -> bool:
    after = text[j + 1] if j + 1 < len(text) else " "
    before = text[j - 1] if j > 0 else " "
    if mark in "“„":
        # As a closer (“…“ style) it ends a word; before a word it opens a nested quote.
        return not _WORD.match(after) and not before.isspace()
    if mark in "’'":
        # ’ inside a word is an apostrophe (don’t, Belarus’s).
        return not _WORD.match(after)
    if mark == '"':
        return not _WORD.match(after)
    return True


def _double_apostrophe_close(text: str, start: int, end: int, spaced: bool = False) -> int:
    """Where '' closes a quote opened just before ``start``; -1 when it does not. ``spaced``: tokenised
    text, where a space stands between the last word and the mark."""
    j = text.find("''", start, end)
    while j >= 0:
        after = text[j + 2] if j + 2 < len(text) else " "
        if not _WORD.match(after) and (spaced or not text[j - 1].isspace()):
            return j
        j = text.find("''", j + 2, end)
    return -1


def find_marked(text: str, start: int = 0, end: int | None = None) -> list[Marked]:
    """Outermost quoted spans in ``text[start:end]`` (one paragraph)."""
    end = len(text) if end is None else end
    spans: list[Marked] = []
    i = start
    while i < end:
        candidate = _MAY_OPEN.search(text, i, end)
        if candidate is None:
            break
        i = candidate.start()
        if text.startswith(("''", "``"), i) and i + 2 < end and (text[i] == "`" or not text[i + 2].isspace()):
            # Typewriter style (''…''), common in some newspapers' archives, and tokenised text,
            # which writes “…” as ``…''.
            close_at = _double_apostrophe_close(text, i + 2, end, spaced=text[i] == "`")
            if close_at > 0 and (i == 0 or not _WORD.match(text[i - 1])):
                if _WORD.search(text, i + 2, close_at):
                    spans.append(Marked(i, close_at + 2, i + 2, close_at))
                i = close_at + 2
                continue
            if text[i] == "`" and len(text[i + 2 : end].split()) >= 3:
                spans.append(Marked(i, end, i + 2, end, open_ended=True))
                break
        mark = text[i]
        closers = PAIRS.get(mark)
        if closers is None or not _can_open(text, i, mark):
            i += 1
            continue
        depth_marks: list[str] = []  # nested quotes, e.g. ‘…’ or “…” inside “…”
        close_at = -1
        for found in _ANY_MARK.finditer(text, i + 1, end):  # only marks can open or close
            j, ch = found.start(), found.group()
            if depth_marks and ch in PAIRS[depth_marks[-1]] and _can_close(text, j, ch):
                depth_marks.pop()
            elif not depth_marks and ch in closers and _can_close(text, j, ch):
                close_at = j
                break
            elif ch in PAIRS and _can_open(text, j, ch):
                depth_marks.append(ch)
        j = end if close_at < 0 else close_at
        if close_at < 0:
            # Unclosed: in news style a quotation that continues in the next
            # paragraph is left open; only then does the span run to the end.
            if mark in "“„«\"" and j >= end and len(text[i + 1 : end].split()) >= 3:
                spans.append(Marked(i, end, i + 1, end, open_ended=True))
                break
            i += 1
            continue
        if _WORD.search(text, i + 1, close_at):
            spans.append(Marked(i, close_at + 1, i + 1, close_at))
        i = close_at + 1
    return spans


def continuation(text: str, start: int, end: int) -> Marked | None:
    """The end of a quotation carried over from the previous paragraph.

    News style may close a quotation in the paragraph after the one that
    opened it, with no new opening mark: the words up to the first closing
    mark, if it comes before any opening mark, continue that quotation.
    """
    for j in range(start, end):
        ch = text[j]
        if ch in "”»“" and _can_close(text, j, ch) and j > start:
            if _WORD.search(text, start, j):
                return Marked(start, j + 1, start, j, continued=True)
            return None
        if ch in PAIRS and _can_open(text, j, ch):
            return None
    return None


def headless(text: str, start: int, end: int) -> Marked | None:
    """A quotation whose opening mark was lost (an emoji or a flag often takes its place): the
    paragraph's words up to a closing ” or » followed by a comma ("…”, said the minister"), when no
    mark opens before it and four words or more stand before it."""
    first_word = _WORD.search(text, start, end)
    if first_word is None:
        return None
    for found in _ANY_MARK.finditer(text, start, end):
        j, ch = found.start(), found.group()
        if ch in PAIRS and _can_open(text, j, ch):
            return None
        if ch in "”»" and text.startswith(",", j + 1) and len(text[first_word.start() : j].split()) >= 4:
            return Marked(first_word.start(), j + 1, first_word.start(), j)
        if ch in "”»":
            return None
    return None


def marked_by_paragraph(text: str) -> Iterator[tuple[Paragraph, list[Marked]]]:
    """Each paragraph (line) holding words, with its quoted spans, including the end of a quotation
    that the previous paragraph left open and this one closes, or whose opening mark was lost."""
    left_open = False
    for para in paragraphs(text):
        if para.blank:
            continue
        marks = find_marked(text, para.start, para.end)
        tail = continuation(text, para.start, para.end) if left_open else headless(text, para.start, para.end)
        if tail is not None:
            marks = [tail] + find_marked(text, tail.end, para.end)
        left_open = bool(marks) and marks[-1].open_ended
        yield para, marks


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` inside quotation marks (marks excluded), outermost quotes only, in order."""
    if _MAY_OPEN.search(text) is None:  # most sentences quote nobody: no need to split paragraphs
        return []
    return [(m.inner_start, m.inner_end) for _, marks in marked_by_paragraph(text) for m in marks]
