"""What Russian word resources say about a Ukrainian word: features for the Ukrainian tagger.

No Ukrainian dictionary or word vectors install from the registries under a licence newsprism can depend
on, but the Russian ones that ship with natasha and pymorphy3 cover much of the same vocabulary: place
names, first names and surnames are spelt alike once the letters are mapped (Андалусія -> Андалусия,
Києві -> Киеве). For each word the lexicon tries a few Russian spellings (the letters mapped, and the
common Ukrainian case endings swapped for their Russian counterparts) and reports:

- the dictionary's marks for a capitalised word: a place (``Geox``), a first name, surname or patronymic,
  an organisation, an abbreviation, or a known common word;
- which cluster the word's navec vector falls in, at three granularities. The clusters are k-means
  centroids over navec's Cyrillic vocabulary, computed by :func:`cluster_centroids` when the tagger is
  trained and stored with its weights; words of a kind (rivers, towns, given names) share clusters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

F32 = npt.NDArray[np.float32]

CLUSTER_SIZES = (64, 256, 1024)
CLUSTER_SEED = 0
CLUSTER_SAMPLE = 60_000
CLUSTER_ROUNDS = 12
_CACHE_LIMIT = 200_000

_LETTERS = str.maketrans({"і": "и", "є": "е", "ї": "и", "ґ": "г", "І": "И", "Є": "Е", "Ї": "И", "Ґ": "Г",
                          "'": "", "’": "", "ʼ": ""})
# Ukrainian и is Russian и in some words (Київ: Киев) and ы in others (Крим: Крым): both are tried.
_HARD_I = str.maketrans({"и": "ы", "И": "Ы"})
# Ukrainian case endings and the Russian endings of the same case (instrumental, dative, genitive plural).
_ENDINGS = (("ою", "ой"), ("ею", "ей"), ("ові", "у"), ("еві", "у"), ("ієві", "ею"), ("єві", "ю"), ("ів", "ов"))
# Endings of feminine nouns in -ія: the same in Russian once і -> и (Франції -> Франции).
_IA_ENDINGS = ("ії", "ію", "ія", "ій")


def russian_spellings(word: str) -> list[str]:
    """The Russian spellings a Ukrainian word may have, the letter-for-letter one first."""
    stems = [word]
    low = word.lower()
    for ukrainian, russian in _ENDINGS:
        if low.endswith(ukrainian):
            stems.append(word[:-len(ukrainian)] + russian)
    out: list[str] = []
    for stem in stems:
        mapped = stem.translate(_LETTERS)
        out.extend((mapped, stem.translate(_HARD_I).translate(_LETTERS)))
    mapped = word.translate(_LETTERS)
    if low.endswith("і"):
        out.append(mapped[:-1] + "е")  # locative: Києві -> Киеве
    if low.endswith(_IA_ENDINGS):
        out.append(mapped[:-2] + "ии")
    return list(dict.fromkeys(out))


def dictionary_marks(spellings: Sequence[str], dictionary: Any) -> str:
    """The marks pymorphy3's dictionary gives any of the spellings, joined with "|"; "known" for a word it
    knows with none of them, "" for a word it does not know (its guesses from endings are not read)."""
    from .russian import NAME_MARKS, dictionary_readings

    marks: set[str] = set()
    for spelling in spellings:
        for parse in dictionary_readings(dictionary, spelling):
            marks.update(mark for mark in (*NAME_MARKS, "Abbr") if mark in parse.tag)
            if not marks & set(NAME_MARKS):
                marks.add("known")
    return "|".join(sorted(marks))


def _kmeans(points: F32, size: int, rng: np.random.Generator) -> F32:
    """Spherical k-means: unit centroids, points assigned by cosine."""
    centroids = points[rng.choice(len(points), size, replace=False)].copy()
    for _ in range(CLUSTER_ROUNDS):
        nearest = (points @ centroids.T).argmax(axis=1)
        for j in range(size):
            members = points[nearest == j]
            if len(members):
                total = members.sum(axis=0)
                centroids[j] = total / np.linalg.norm(total)
    return centroids


def cluster_centroids(embedding: Any) -> tuple[F32, ...]:
    """k-means centroids of navec's Cyrillic words at each of ``CLUSTER_SIZES``, from a seeded sample."""
    vectors = embedding.pq.unpack()
    rows = [i for i, w in enumerate(embedding.vocab.words) if w.isalpha() and any("а" <= c <= "я" for c in w)]
    points = vectors[rows].astype(np.float32)
    points /= np.linalg.norm(points, axis=1, keepdims=True) + 1e-9
    rng = np.random.default_rng(CLUSTER_SEED)
    sample = points[rng.choice(len(points), min(CLUSTER_SAMPLE, len(points)), replace=False)]
    # Rounded as the weights file stores them, so training and tagging assign words alike.
    return tuple(_kmeans(sample, size, rng).astype(np.float16).astype(np.float32) for size in CLUSTER_SIZES)


def trained_lexicon() -> Lexicon:
    """A lexicon with clusters computed afresh from navec, for training a tagger."""
    from .russian import word_resources

    return Lexicon(cluster_centroids(word_resources()[0]))


class Lexicon:
    """Word features from the Russian dictionary and navec clusters; resources load on first use."""

    def __init__(self, centroids: Sequence[F32]) -> None:
        self.centroids = tuple(np.asarray(c, dtype=np.float32) for c in centroids)
        self._resources: tuple[Any, Any] | None = None
        self._seen: dict[str, tuple[str, ...]] = {}

    def _loaded(self) -> tuple[Any, Any]:
        if self._resources is None:
            from .russian import word_resources

            self._resources = word_resources()
        return self._resources

    def features(self, word: str) -> tuple[str, ...]:
        if not word.isalpha():
            return ()
        found = self._seen.get(word)
        if found is None:
            if len(self._seen) >= _CACHE_LIMIT:
                self._seen.clear()
            found = self._seen[word] = self._features(word)
        return found

    def _features(self, word: str) -> tuple[str, ...]:
        embedding, dictionary = self._loaded()
        spellings = russian_spellings(word)
        out: list[str] = []
        if word[:1].isupper():
            marks = dictionary_marks(spellings, dictionary)
            out.append("ru=" + marks)
            out.extend("rum=" + mark for mark in marks.split("|") if mark)
        for spelling in spellings:
            low = spelling.lower()
            if low in embedding:
                vector = np.asarray(embedding[low], dtype=np.float32)
                vector /= np.linalg.norm(vector) + 1e-9
                out.extend(f"nv{len(c)}={int((c @ vector).argmax())}" for c in self.centroids)
                return tuple(out)
        out.append("nv=none")
        return tuple(out)
