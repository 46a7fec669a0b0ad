"""Sentences with character offsets, and the normalised forms that reuse is matched on.

Matching ignores case, Unicode presentation forms, punctuation, quote styles
and spacing, so "1,300" and the tokenised "1 , 300" compare equal, and a
recased or re-punctuated copy still matches its source.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..text.quotes import quoted_spans
from ..text.sentences import sentence_spans
from ..text.tokens import folded_words

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


def stable_hash(value: str) -> int:
    """A 63-bit hash that is the same in every process (Python's ``hash`` is salted)."""
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "little") >> 1


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
        tokens = folded_words(chunk)
        if tokens:
            key = " ".join(tokens)
            out.append(Sentence(start, end, key, stable_hash(key), len(tokens), _quoted_share(quotes, start, end)))
            all_words.extend(tokens)
    return out, all_words


def sentences(text: str) -> list[Sentence]:
    return analyse(text)[0]


def normalised_text(text: str) -> str:
    """The whole text as normalised words: equal for texts that differ only in form."""
    return " ".join(folded_words(text))


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
