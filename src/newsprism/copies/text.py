"""Sentences with character offsets, and the normalised forms that reuse is matched on.

Matching ignores case, Unicode presentation forms, punctuation, quote styles
and spacing, so "1,300" and the tokenised "1 , 300" compare equal, and a
recased or re-punctuated copy still matches its source.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

_WORD = re.compile(r"\w+")
_PARAGRAPH = re.compile(r"[^\n]+")
# End of a sentence: terminal punctuation, closing quotes/brackets, then space.
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+")
_OPENERS = "\"'“‘«„(["
# Words after which a full stop rarely ends a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st gen col lt sgt capt sen rep gov jr sr inc ltd co corp no vs etc jan feb mar apr jun jul "
    "aug sep sept oct nov dec u.s u.k e.g i.e".split()
)
# Quote marks: tokenised text writes `` and '' for “ and ”.
_QUOTE_MARK = re.compile(r"``|''|[“”\"«»„]")
_OPENING = frozenset({"``", "“", "«", "„"})
_CLOSING = {"``": "''", "“": "”", "«": "»", "„": "“", '"': '"'}
# Capitalised inside a sentence without naming anything ("I", a title after a colon).
_NOT_DETAILS = frozenset("i the a an he she it we they you this that these those in on at of and but or".split())
# Numbers, and words inside a sentence that start with a capital letter (names).
_DETAIL = re.compile(r"(?P<num>\d(?:[\d,.]*\d)?)|(?P<word>[^\W\d_][\w’'-]*)")


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article: its span in ``Article.text`` and its matching keys."""

    start: int
    end: int
    key: str  # normalised words joined by single spaces
    hash: int  # 63-bit hash of ``key``
    words: int
    quoted: float  # share of the sentence's characters inside quotation marks

    @property
    def length(self) -> int:
        return self.end - self.start


def words(text: str) -> list[str]:
    """Normalised words: NFKC, case-folded, punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def stable_hash(value: str) -> int:
    """A 63-bit hash that is the same in every process (Python's ``hash`` is salted)."""
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "little") >> 1


def _is_boundary(line: str, match: re.Match[str]) -> bool:
    after = line[match.end():match.end() + 1]
    if not after or not (after.isupper() or after.isdigit() or after in _OPENERS):
        return False
    if not match.group().startswith("."):
        return True
    last = line[line.rfind(" ", 0, match.start()) + 1:match.start()].casefold().strip(_OPENERS)
    # "J. Smith", "U.S. officials", "Mr. Vasko" are not ends of sentences.
    return not (len(last) == 1 and last.isalpha()) and last not in _ABBREVIATIONS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans: each line is a paragraph, split further at sentence ends."""
    spans: list[tuple[int, int]] = []
    for para in _PARAGRAPH.finditer(text):
        line, base, pos = para.group(), para.start(), 0
        for match in _END.finditer(line):
            if _is_boundary(line, match):
                spans.append((base + pos, base + match.end()))
                pos = match.end()
        spans.append((base + pos, base + len(line)))
    out = []
    for start, end in spans:
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            out.append((start + lead, start + lead + len(stripped)))
    return out


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks. A quote left open at the end of a paragraph runs to its end
    (the convention for quotes that continue in the next paragraph)."""
    spans: list[tuple[int, int]] = []
    opened: tuple[str, int] | None = None
    line_end = -1
    for mark in _QUOTE_MARK.finditer(text):
        if mark.start() > line_end:
            if opened is not None:
                spans.append((opened[1], line_end))
                opened = None
            found = text.find("\n", mark.start())
            line_end = len(text) if found < 0 else found
        token = mark.group()
        if opened is None:
            if token in _OPENING or token == '"':
                opened = (token, mark.end())
        elif token == _CLOSING[opened[0]] or token in ("”", "''"):
            spans.append((opened[1], mark.start()))
            opened = None
    if opened is not None:
        spans.append((opened[1], line_end))
    return spans


def _quoted_share(spans: list[tuple[int, int]], start: int, end: int) -> float:
    inside = sum(max(0, min(end, e) - max(start, s)) for s, e in spans)
    return min(1.0, inside / max(1, end - start))


def analyse(text: str) -> tuple[list[Sentence], list[str]]:
    """The article's sentences (empty ones dropped) and all its normalised words, in one pass."""
    out: list[Sentence] = []
    all_words: list[str] = []
    quotes = quoted_spans(text)
    for start, end in sentence_spans(text):
        chunk = text[start:end]
        tokens = words(chunk)
        if tokens:
            key = " ".join(tokens)
            out.append(Sentence(start, end, key, stable_hash(key), len(tokens), _quoted_share(quotes, start, end)))
            all_words.extend(tokens)
    return out, all_words


def sentences(text: str) -> list[Sentence]:
    return analyse(text)[0]


def normalised_text(text: str) -> str:
    """The whole text as normalised words: equal for texts that differ only in form."""
    return " ".join(words(text))


def details(text: str, spans: list[tuple[int, int]]) -> set[str]:
    """The specific details a text states: its numbers and the capitalised words inside its sentences.

    Independent reports of one event share its main names; a rewrite also
    keeps the figures and minor names that only its source had.
    """
    found: set[str] = set()
    for start, end in spans:
        first = True
        for match in _DETAIL.finditer(text, start, end):
            if match.group("num"):
                found.add(match.group("num").replace(",", ""))
            elif not first and match.group("word")[0].isupper():
                word = re.sub(r"[’']s$", "", match.group("word").casefold())
                if word not in _NOT_DETAILS:
                    found.add(word)
            first = False
    return found
