"""The hand-written lexicon of loaded and evaluative English news wording, and the spans it finds.

``loaded_words.txt`` holds newsprism's own list (labels, dramatising verbs,
condemning or glorifying adjectives, intensifiers, loaded verbs of saying,
stance words), one lemma entry a line in ``[kind]`` sections.
:func:`loaded_spans` finds its entries and scare quotes in a sentence, each
with character offsets so a reader can check them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import UsageError
from ..text.tokens import LETTER_WORD as WORD

LEXICON_FILE = "loaded_words.txt"
KINDS = ("loaded", "intensifier", "attribution", "stance")

# What may separate the words of a multi-word entry: spaces and hyphens, no punctuation.
_JOIN = re.compile(r"[\s\-‐‑]+")
_POSSESSIVE = re.compile(r"['’]s$")
# Quoted passages: curly, straight double, and single quotes that open after a
# space (so that the apostrophe in "players' union" does not open one).
QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"|(?<!\w)[‘'][^‘’']*[’'](?!\w)")
# Scare quotes hold a few words only; a longer quotation is someone's speech.
SCARE_QUOTE_MAX_WORDS = 4


@dataclass(frozen=True)
class LoadedSpan:
    """One loaded or evaluative expression: ``sentence[start:end] == text``."""

    start: int
    end: int
    text: str
    kind: str  # "lexicon", "intensifier", "attribution", "stance" or "scare-quote"


@dataclass(frozen=True)
class Lexicon:
    """The packaged word list: entries (tuples of lemmas) by their first lemma, longest first."""

    entries: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]
    size: int
    digest: str


def parse_lexicon(text: str) -> Lexicon:
    """Read the lexicon format: ``[kind]`` section lines, one entry a line, ``#`` comments."""
    kind = "loaded"
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    size = 0
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip().lower()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            kind = line[1:-1].strip()
            if kind not in KINDS:
                raise UsageError(f"unknown lexicon section [{kind}]; use one of {', '.join(KINDS)}")
            continue
        words = tuple(WORD.findall(line))
        if words:
            by_first.setdefault(words[0], []).append((words, kind))
            size += 1
    entries = {first: tuple(sorted(items, key=lambda item: -len(item[0]))) for first, items in by_first.items()}
    return Lexicon(entries, size, hashlib.sha256(text.encode("utf-8")).hexdigest())


def package_text(name: str) -> str:
    return resources.files("newsprism").joinpath("compare", name).read_text("utf-8")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged lexicon, read once per process."""
    return parse_lexicon(package_text(LEXICON_FILE))


def word_forms(word: str) -> frozenset[str]:
    """Lemmas ``word`` may be a form of, by stripping English suffixes (over-generates; the lexicon filters).

    slammed -> slam, blasts -> blast, brutally -> brutal, angrily -> angry,
    harsher -> harsh, ruthlessness -> ruthless, Trump's -> trump.
    """
    w = _POSSESSIVE.sub("", word.lower()).replace("’", "'")
    forms = {w}

    def add(stem: str, *endings: str) -> None:
        for ending in endings:
            if len(stem) + len(ending) >= 3:
                forms.add(stem + ending)

    if w.endswith("ies") or w.endswith("ied"):
        add(w[:-3], "y")
    if w.endswith("es"):
        add(w[:-2], "")
    if w.endswith("s") and not w.endswith("ss"):
        add(w[:-1], "")
    if w.endswith("ed"):
        add(w[:-2], "", "e")
        if len(w) > 4 and w[-3] == w[-4]:  # slammed -> slam
            add(w[:-3], "")
    if w.endswith("ing"):
        add(w[:-3], "", "e")
        if len(w) > 5 and w[-4] == w[-5]:  # slamming -> slam
            add(w[:-4], "")
    if w.endswith("ily"):
        add(w[:-3], "y")
    if w.endswith("ly"):
        add(w[:-2], "")
        add(w[:-1], "e")  # terribly -> terrible
    if w.endswith("ier") or w.endswith("iest"):
        add(w[: w.rfind("i")], "y")
    if w.endswith("er"):
        add(w[:-2], "")
        add(w[:-1], "")
    if w.endswith("est"):
        add(w[:-3], "")
        add(w[:-2], "")
    if w.endswith("ness"):
        add(w[:-4], "")
    return frozenset(forms)


def _match_at(tokens: Sequence[tuple[int, int, str]], i: int, sentence: str,
              lex: Lexicon) -> tuple[int, str] | None:
    """The longest entry starting at token ``i``: (index after its last token, kind), or None.

    Candidates are tried in sorted order so that the result never depends on set order.
    """
    best: tuple[int, str] | None = None
    for first in sorted(word_forms(tokens[i][2])):
        for words, kind in lex.entries.get(first, ()):
            end = i + len(words)
            if end > len(tokens) or (best is not None and end <= best[0]):
                continue
            if all(words[k] in word_forms(tokens[i + k][2])
                   and _JOIN.fullmatch(sentence[tokens[i + k - 1][1]:tokens[i + k][0]])
                   for k in range(1, len(words))):
                best = (end, kind)
    return best


def _lexicon_spans(sentence: str, lex: Lexicon) -> list[LoadedSpan]:
    tokens = [(m.start(), m.end(), m.group()) for m in WORD.finditer(sentence)]
    spans: list[LoadedSpan] = []
    i = 0
    while i < len(tokens):
        hit = _match_at(tokens, i, sentence, lex)
        if hit is None:
            i += 1
            continue
        end, kind = hit
        start, stop = tokens[i][0], tokens[end - 1][1]
        spans.append(LoadedSpan(start, stop, sentence[start:stop], "lexicon" if kind == "loaded" else kind))
        i = end
    return spans


def _scare_quotes(sentence: str) -> list[LoadedSpan]:
    """Short quoted phrases inside running text, as in: the "experts" agreed.

    A quotation that opens the sentence, ends in a comma (``"Yes," she said``)
    or runs longer than a few words is somebody's speech, not a scare quote.
    """
    spans: list[LoadedSpan] = []
    for m in QUOTED.finditer(sentence):
        inner = m.group()[1:-1].strip()
        words = WORD.findall(inner)
        if not words or len(words) > SCARE_QUOTE_MAX_WORDS or inner.endswith(","):
            continue
        if not WORD.search(sentence[:m.start()]):
            continue
        spans.append(LoadedSpan(m.start(), m.end(), m.group(), "scare-quote"))
    return spans


def loaded_spans(sentence: str) -> list[LoadedSpan]:
    """Loaded words, intensifiers, loaded verbs of saying, stance words and scare quotes, in text order."""
    spans = _lexicon_spans(sentence, lexicon()) + _scare_quotes(sentence)
    return sorted(spans, key=lambda s: (s.start, s.end))
