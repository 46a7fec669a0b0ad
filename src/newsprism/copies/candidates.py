"""Candidate pairs: from LSH buckets and from an inverted index of sentence hashes.

Pairs are coded as one integer ``low * n + high`` so sets of them stay numpy
arrays. A bucket or a sentence shared by very many documents would make
quadratically many pairs; both are bounded:

- a large LSH bucket (thousands of copies of one wire story) pairs each member
  only with the bucket's earliest ``anchors`` members, which are the likely
  sources, so it yields about ``anchors * size`` pairs;
- a sentence found in more than ``max_df`` documents is boilerplate (a
  disclaimer, a newsletter line) and is not used to find candidates at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
import numpy.typing as npt

from .minhash import I64, U64

F64 = npt.NDArray[np.float64]


def encode_pairs(left: I64, right: I64, n: int) -> I64:
    low = np.minimum(left, right)
    high = np.maximum(left, right)
    keep = low != high
    codes: I64 = low[keep] * n + high[keep]
    return codes


def decode_pairs(codes: I64, n: int) -> list[tuple[int, int]]:
    return list(zip((codes // n).tolist(), (codes % n).tolist()))


def group_pairs(groups: Iterable[I64], rank: I64, n: int, max_group: int, anchors: int) -> I64:
    """Pairs within each group: all of them for small groups, member x earliest ``anchors`` for large ones.

    ``rank`` orders documents from earliest to latest (undated ones last).
    """
    chunks: list[I64] = []
    for members in groups:
        if len(members) <= max_group:
            i, j = np.triu_indices(len(members), k=1)
            chunks.append(encode_pairs(members[i], members[j], n))
        else:
            ordered = members[np.argsort(rank[members], kind="stable")]
            for anchor in ordered[:anchors]:
                chunks.append(encode_pairs(np.full(len(ordered), anchor), ordered, n))
    return _unique(chunks)


def co_occurrence(hashes: Sequence[U64], n: int, max_df: int,
                  weight: Callable[[I64], F64] | None = None) -> tuple[I64, F64, F64]:
    """Pairs of documents sharing items (sentence or detail hashes, each unique within its document).

    Returns the pair codes, each pair's summed item weight (the count of shared
    items when ``weight`` is None) and each document's total item weight.
    ``weight`` maps an item's document frequency to its weight. Items in more
    than ``max_df`` documents pair nobody but still count in the totals.
    """
    sizes = np.fromiter((len(h) for h in hashes), dtype=np.int64, count=len(hashes))
    totals: F64 = np.zeros(len(hashes))
    if sizes.sum() == 0:
        return np.empty(0, dtype=np.int64), np.empty(0), totals
    flat = np.concatenate([h for h in hashes if len(h)])
    docs = np.repeat(np.arange(len(hashes), dtype=np.int64), sizes)
    order = np.argsort(flat, kind="stable")
    flat, docs = flat[order], docs[order]
    starts = np.flatnonzero(np.concatenate(([True], flat[1:] != flat[:-1])))
    ends = np.append(starts[1:], len(flat))
    df = ends - starts
    item_weight: F64 = weight(df) if weight is not None else np.ones(len(df))
    totals = np.bincount(docs, weights=np.repeat(item_weight, df), minlength=len(hashes)).astype(np.float64)
    codes: list[I64] = []
    weights: list[F64] = []
    for size in np.unique(df[(df >= 2) & (df <= max_df)]):
        # All runs of the same length at once: a (runs, size) matrix of documents.
        runs = np.flatnonzero(df == size)
        block = docs[starts[runs][:, None] + np.arange(size)[None, :]]
        i, j = np.triu_indices(int(size), k=1)
        left, right = block[:, i].ravel(), block[:, j].ravel()
        codes.append(np.minimum(left, right) * n + np.maximum(left, right))
        weights.append(np.repeat(item_weight[runs], len(i)))
    if not codes:
        return np.empty(0, dtype=np.int64), np.empty(0), totals
    unique, inverse = np.unique(np.concatenate(codes), return_inverse=True)
    summed: F64 = np.bincount(inverse, weights=np.concatenate(weights)).astype(np.float64)
    return unique, summed, totals


def sentence_pairs(hashes: Sequence[U64], n: int, max_df: int, min_shared: int) -> I64:
    """Pairs of documents sharing at least ``min_shared`` sentences that are each in at most ``max_df`` documents."""
    codes, shared, _ = co_occurrence(hashes, n, max_df)
    return codes[shared >= min_shared]


def _unique(chunks: list[I64]) -> I64:
    if not chunks:
        return np.empty(0, dtype=np.int64)
    return np.unique(np.concatenate(chunks))


def merge(*codes: npt.NDArray[np.int64]) -> I64:
    return _unique([c for c in codes if len(c)])
