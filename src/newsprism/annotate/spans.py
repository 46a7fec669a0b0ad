"""What a language's entity tagger gives the annotator: typed spans with the name in its normal form.

Every tagger outside the English spaCy pipeline (Russian, Ukrainian, ...) returns these; the annotator
turns them into the article's :class:`~newsprism.schema.Entity` records, keyed by the normal form, so
"Пескова" and "Песков" are one person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SpanType = Literal["PER", "ORG", "LOC"]
ENTITY_TYPES: dict[str, str] = {"PER": "person", "ORG": "organisation", "LOC": "place"}


@dataclass(frozen=True)
class EntitySpan:
    """``text[start:end]`` names an entity of ``type``; ``normal`` is that name in its dictionary form
    (nominative singular: "Дмитрия Пескова" -> "Дмитрий Песков"), or the text itself when no form is known."""

    start: int
    end: int
    type: SpanType
    normal: str
