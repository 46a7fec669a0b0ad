"""Word tokenisers, one for each need, and the patterns behind them.

- :func:`words`: runs of word characters, as benchmarks count them (``\\w+``);
- :func:`folded_words`: the same after NFKC and case folding, for matching text that differs in form;
- :func:`letter_words`: words of letters that may hold an apostrophe ("don't", "Trump's"); digits
  and hyphens split them, so "far-left" reads as "far left";
- :func:`words_and_numbers`: letter words and numbers ("1,300", "7.5"), for content terms;
- :func:`compound_words`: words that keep inner apostrophes and hyphens ("well-known", "n't" forms);
- :func:`word_count`: how many words a line holds, counting Chinese and Japanese by characters.
"""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+")
LETTER_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
WORD_OR_NUMBER = re.compile(f"{LETTER_WORD.pattern}|{NUMBER.pattern}")
COMPOUND_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def words(text: str) -> list[str]:
    """Runs of word characters (letters, digits, underscore), as written."""
    return WORD.findall(text)


def folded_words(text: str) -> list[str]:
    """Words in one form: NFKC (full-width and ligature forms made plain), case-folded, punctuation dropped."""
    return WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def letter_words(text: str) -> list[str]:
    """Words of letters with inner apostrophes, as written."""
    return LETTER_WORD.findall(text)


def words_and_numbers(text: str) -> list[str]:
    """Letter words and numbers (with their decimal or thousands marks), as written."""
    return WORD_OR_NUMBER.findall(text)


def compound_words(text: str) -> list[str]:
    """Lower-cased words with inner apostrophes and hyphens; a typographic apostrophe made plain
    ("don’t" and "don't" are one word)."""
    return [m.group().lower().replace("’", "'") for m in COMPOUND_WORD.finditer(text)]


def word_count(text: str) -> int:
    """Words in ``text`` split at spaces; Chinese and Japanese count one word per two characters."""
    return len(text.split()) + len(_CJK.findall(text)) // 2
