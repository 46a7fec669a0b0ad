"""Words, clauses, negations and numbers: the small text tools the comparison needs.

They are language-light on purpose: stories mix languages, and the
multilingual sentence vectors do the heavy matching; these tools only cut
text into comparable pieces and read the details that change a meaning.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..text.tokens import COMPOUND_WORD, compound_words

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
        if merged and (len(COMPOUND_WORD.findall(text[a:b])) < MIN_CLAUSE_WORDS
                       or len(COMPOUND_WORD.findall(text[merged[-1][0]:merged[-1][1]])) < MIN_CLAUSE_WORDS):
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
    return sum(1 for w in compound_words(text) if _is_negation(w))


def without_figures(text: str) -> str:
    """``text`` with each stated quantity replaced by one stand-in, so that two sentences stating one
    fact with different figures ("a $1.2 billion loan", "a $2 billion loan") read alike."""
    return _NUMBER.sub(lambda m: m.group(0) if _is_year(m) else "#", text)


def _is_year(match: re.Match[str]) -> bool:
    digits, percent, scale = match.groups()
    return not percent and not scale and digits.isdigit() and 1900 <= int(digits) <= 2100


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
    for word in compound_words(text):
        if word in _NUMBER_WORDS and word != "one":  # "no one", "one of them"
            found.add(float(_NUMBER_WORDS[word]))
    return frozenset(found)


# Two renderings must share this share of their words (of the longer) for a negation between them to
# count as a change of meaning rather than two different sentences.
SAME_WORDING = 0.6
# A few words put for others may flip the meaning even at the start or end ("To" / "If they don't").
SHORT_CHANGE = 4


def _is_negation(word: str) -> bool:
    return word in _NEGATIONS or word.endswith(("n't", "n’t"))


def negation_changed(a: str, b: str) -> bool:
    """Whether ``b`` says ``a``'s words with a negation added or dropped: the two share most words,
    their negations differ in number (odd against even), and a negation sits in a part they do not share."""
    wa, wb = compound_words(a), compound_words(b)
    if not wa or not wb or sum(map(_is_negation, wa)) % 2 == sum(map(_is_negation, wb)) % 2:
        return False
    matcher = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    if shared < SAME_WORDING * max(len(wa), len(wb)):
        return False
    # The negation must sit inside what both say, or in a few changed words: a negation in a longer stretch
    # only one of them has at its start or end is a longer excerpt ("..., you don't have discretion").
    return any((any(map(_is_negation, wa[i1:i2])) or any(map(_is_negation, wb[j1:j2])))
               and (0 < i1 and i2 < len(wa) and 0 < j1 and j2 < len(wb)
                    or op == "replace" and max(i2 - i1, j2 - j1) <= SHORT_CHANGE)
               for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal")


_UNIT_AFTER = re.compile(r"\s*(?:%|per ?cent|percent|(?:thousand|millions?|billions?|trillion|bn|m|k)\b)?\s*"
                         r"(?:of\s+)?([^\W\d_]+)?", re.IGNORECASE)
CURRENCY = "$€£¥₽₴"


def quantities(text: str) -> dict[str, frozenset[float]]:
    """The figures ``text`` states, by what they count: a currency sign before them, a percent sign,
    else the word after them ("300 jobs", "$1.2 billion"); years are left out, as in :func:`numbers`."""
    found: dict[str, set[float]] = {}
    for match in _NUMBER.finditer(text):
        value = next(iter(numbers(match.group())), None)
        if value is None:
            continue
        before = text[max(0, match.start() - 1):match.start()]
        after = _UNIT_AFTER.match(text, match.end())
        if before and before in CURRENCY:
            unit = before
        elif match.group(2):
            unit = "%"
        else:
            unit = (after.group(1) or "").lower() if after else ""
        if unit:
            found.setdefault(unit, set()).add(value)
    return {unit: frozenset(values) for unit, values in found.items()}
