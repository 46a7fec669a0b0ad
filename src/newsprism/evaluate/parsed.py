"""spaCy parses of evaluation texts, kept on disk between runs.

Training and scoring the quote finder reads the same few hundred articles again and again; the
parse is nearly all of the cost and depends only on the text and the model. One cache file per
collection of texts, named by a digest of the model and every text, so a changed text or model
is never served an old parse.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..settings import cache_folder


def _digest(nlp: Any, texts: Sequence[str]) -> str:
    digest = hashlib.sha256(f"{nlp.meta.get('name')}-{nlp.meta.get('version')}-{nlp.pipe_names}".encode())
    for text in texts:
        digest.update(hashlib.sha256(text.encode("utf-8")).digest())
    return digest.hexdigest()[:20]


def parsed_docs(texts: Sequence[str], cache_dir: Path | None = None) -> list[Any]:
    """The English pipeline's parse of each text, from the cache when it holds this collection."""
    from spacy.tokens import DocBin

    from ..annotate.nlp import english

    nlp = english()
    path = (cache_dir or cache_folder()) / f"parsed-{_digest(nlp, texts)}.spacy"
    try:
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if [d.text for d in docs] == list(texts):
            return docs
    except (OSError, ValueError):
        pass  # no cache yet, or an unreadable one: parse again
    docs = list(nlp.pipe(texts, batch_size=16))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        DocBin(store_user_data=False, docs=docs).to_disk(partial)
        partial.replace(path)  # whole file or nothing, even with two runs at once
    except OSError:
        pass  # a cache that cannot be written only costs time
    return docs
