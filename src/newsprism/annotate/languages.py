"""The entity taggers for languages other than English, by language code.

English is read by the spaCy pipeline (:mod:`newsprism.annotate.nlp`); every other language with a
tagger gets its people, organisations and places from a function ``text -> list[EntitySpan]``
(:mod:`newsprism.annotate.spans`). Taggers are imported when first asked for, so that naming the
languages costs nothing, and each loads its models once per process.
"""

from __future__ import annotations

from collections.abc import Callable

from .spans import EntitySpan

EntityTagger = Callable[[str], list[EntitySpan]]


def entity_tagger(language: str | None) -> EntityTagger | None:
    """The tagger for ``language`` (an ISO 639-1 code), or None when newsprism has none for it."""
    if language == "ru":
        from .russian import russian_entities

        return russian_entities
    if language == "uk":
        from .ukrainian import ukrainian_entities

        return ukrainian_entities
    return None


def tagged_languages() -> list[str]:
    """The languages other than English that get entities."""
    return [language for language in ("ru", "uk") if entity_tagger(language) is not None]
