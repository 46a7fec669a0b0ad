"""A rule-based sentence splitter, for text that no parser reads.

Each paragraph (line) is split further where terminal punctuation, perhaps
closed by quote marks or brackets, is followed by space and then by a capital,
a digit or an opening mark. A full stop after an initial or a common
abbreviation ("J. Smith", "U.S. officials", "Mr. Vasko") ends no sentence.
"""

from __future__ import annotations

import re

from .paragraphs import paragraphs

# End of a sentence: terminal punctuation, closing quotes/brackets, then space.
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+")
_OPENERS = "\"'“‘«„(["
# Words after which a full stop rarely ends a sentence.
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st gen col lt sgt capt sen rep gov jr sr inc ltd co corp no vs etc jan feb mar apr jun jul "
    "aug sep sept oct nov dec u.s u.k e.g i.e".split()
)


def _is_boundary(line: str, match: re.Match[str]) -> bool:
    after = line[match.end():match.end() + 1]
    if not after or not (after.isupper() or after.isdigit() or after in _OPENERS):
        return False
    if not match.group().startswith("."):
        return True
    last = line[line.rfind(" ", 0, match.start()) + 1:match.start()].casefold().strip(_OPENERS)
    return not (len(last) == 1 and last.isalpha()) and last not in ABBREVIATIONS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, surrounding spaces left out; a line break always ends one."""
    out: list[tuple[int, int]] = []
    for para in paragraphs(text):
        line, base, pos = para.text, para.start, 0
        cuts: list[tuple[int, int]] = []
        for match in _END.finditer(line):
            if _is_boundary(line, match):
                cuts.append((pos, match.end()))
                pos = match.end()
        cuts.append((pos, len(line)))
        for start, end in cuts:
            chunk = line[start:end]
            stripped = chunk.strip()
            if stripped:
                lead = len(chunk) - len(chunk.lstrip())
                out.append((base + start + lead, base + start + lead + len(stripped)))
    return out
