"""Words, clauses, negations and numbers: the small text tools the comparison needs.

They are language-light on purpose: stories mix languages, and the
multilingual sentence vectors do the heavy matching; these tools only cut
text into comparable pieces and read the details that change a meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"\w+(?:[’'\-]\w+)*", re.UNICODE)

# A clause ends at a semicolon or colon, or before a connective that starts a new claim.
_CLAUSE_BREAK = re.compile(
    r"\s*[;:]\s+|\s+(?=(?:so|therefore|but|while|whereas|because|and so)\s)|,\s+(?=(?:and|but|so)\s)",
    re.IGNORECASE,
)
MIN_CLAUSE_WORDS = 3

# Negation words in the languages newsprism meets most; a rendering that drops one changes the meaning.
_NEGATIONS = frozenset(
    "not no never nobody none nothing neither nor cannot without n't "  # en
    "не нет ни никто ничто никогда ніхто ніщо ніколи немає "  # ru, uk
    "non nessuno niente nulla mai né "  # it
    "nicht kein keine keinen keiner nie niemand nichts "  # de
    "ne pas jamais personne rien aucun aucune "  # fr
    "nunca nadie nada ningún ninguna ni".split()  # es
)

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "dozen": 12,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9, "bn": 1e9, "m": 1e6,
           "k": 1e3, "trillion": 1e12}
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:[,\u202f ]\d{3})+|\d+(?:[.,]\d+)?)(\s*%|\s*percent|\s*per cent)?"
    r"(?:\s*(thousand|millions?|billions?|trillion|bn|m|k)\b)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Piece:
    """A stretch of one article's text: ``article`` indexes the story's articles."""

    article: int
    start: int
    end: int
    text: str


def words(text: str) -> list[str]:
    return [m.group().lower() for m in WORD.finditer(text)]


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut into clauses of at least three words (shorter bits stay with a neighbour)."""
    cuts = [start]
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        cuts.append(match.start())
        cuts.append(match.end())
    cuts.append(end)
    spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and (len(WORD.findall(text[a:b])) < MIN_CLAUSE_WORDS
                       or len(WORD.findall(text[merged[-1][0]:merged[-1][1]])) < MIN_CLAUSE_WORDS):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return [trim(text, a, b) for a, b in merged if text[a:b].strip()]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding spaces and quote marks."""
    strip = " \t\n\"'“”„«»‘’‚‹›"
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


def negations(text: str) -> int:
    """How many negation words ``text`` holds (a "-n't" ending counts as one)."""
    return sum(1 for w in words(text) if w in _NEGATIONS or w.endswith(("n't", "n’t")))


def numbers(text: str) -> frozenset[float]:
    """The quantities ``text`` states, as values (a percent sign does not change the value).

    Figures that look like years (1900–2100 with nothing after them) are left to the dates.
    """
    found: set[float] = set()
    for match in _NUMBER.finditer(text):
        digits, percent, scale = match.groups()
        raw = re.sub(r"[,\u202f ](?=\d{3}\b)", "", digits).replace(",", ".")
        try:
            value = float(raw)
        except ValueError:
            continue
        if not percent and not scale and value.is_integer() and 1900 <= value <= 2100:
            continue
        if scale:
            value *= _SCALES[scale.lower()]
        found.add(value)
    for word in words(text):
        if word in _NUMBER_WORDS and word != "one":  # "no one", "one of them"
            found.add(float(_NUMBER_WORDS[word]))
    return frozenset(found)
