"""Language identification with py3langid's bundled model."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

MIN_LETTERS = 20
# Identification is as good on a couple of thousand characters as on the whole
# text, and its cost grows with the sample.
SAMPLE_CHARS = 2000
_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code, or None when the text is too short or too mixed to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    lang, prob = _identifier().classify(sample)
    return str(lang) if prob >= 0.5 else None
