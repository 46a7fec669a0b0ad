"""How alike two articles' stories are, within a language and across languages: one graded score.

An article is read into a :class:`Profile`: two multilingual vectors (Google's multilingual USE, see
:mod:`newsprism.copies.vectors`), one of its lead (the title, or the first sentence when there is no
title) and one of its whole text read as one passage, and the details that survive translation:
numbers, and capitalised names spelt in Latin letters and cut to a stem (:func:`name_key`, so that
"Путина" meets "Putin"). Two profiles give a few measures (:func:`pair_features`); a linear model
trained on SemEval-2022 Task 8's graded pairs (``newsprism eval similarity --train-out``, shipped as
``similarity_model.json``) weighs the ones it names into one score: 1 for one story told alike, 0 for
unrelated stories (SemEval's ``Overall`` 1..4 mapped to 1..0). Which measures it uses, and where a
measure bends (``whole>0.3``: the whole-text cosine above 0.3), were chosen by cross-validation.

Publication dates are not part of the score: the story grouping compares only articles published
close together (:mod:`.batch`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from ..annotate.entities import fold
from ..copies.vectors import Encoder, UseEncoder, embed
from ..text.sentences import sentence_spans
from .records import StoryInput
from .text import Interval, interval

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

MODEL_FILE = "similarity_model.json"
WHOLE_CHARS = 2000  # the opening of a long article says what it is about; the rest adds encoding cost
LEAD_CHARS = 400  # a lead longer than this has run past its first sentence
NAME_STEM = 5  # letters of a name kept: "Putina" (Russian genitive) and "Putin" meet
_WORD = re.compile(r"[^\W\d_]{3,}")
_NUMBER = re.compile(r"\d+(?:[.,\u00a0 ]\d{3})*(?:[.,]\d+)?")
_THOUSANDS = re.compile(r"[.,\u00a0 ](?=\d{3}\b)")
# Where the shared splitter cannot end a sentence, as it waits for a capital that Chinese or Arabic
# lack: a Chinese full stop, or terminal punctuation and space before a letter with no case.
_CASELESS_END = re.compile(r"[。！？]|[.!?؟…]\s+(?=([^\W\d_]))")

# Greek letters in their plainest Latin spelling; Cyrillic is transliterated by
# :func:`newsprism.annotate.entities.fold` itself, which then folds the variants (kh = h, y = i ...).
_GREEK = {
    **dict(zip("αβγδεζηθικλμνξοπρσςτυφχψω", "a v g d e z i th i k l m n x o p r s s t y f kh ps o".split())),
    **dict(zip("άέήίόύώϊϋΐΰ", "aeiioyoiyiy")),
}


@dataclass(frozen=True)
class Profile:
    """One article as the story similarity reads it."""

    language: str | None
    lead: F32  # (512,) unit vector of the title, or of the first sentence
    whole: F32  # (512,) unit vector of the title and the text's opening read as one passage
    numbers: frozenset[str]
    names: frozenset[str]
    length: int  # characters of text


# -- reading one article -------------------------------------------------------------------------
def greek_to_latin(text: str) -> str:
    """Greek letters spelt in Latin ones (a capital stays a capital); others unchanged."""
    out = []
    for char in text:
        low = char.lower()
        latin = _GREEK.get(low)
        out.append(char if latin is None else latin.capitalize() if char != low else latin)
    return "".join(out)


def name_key(word: str) -> str:
    """One spelling of a name across scripts and inflections: transliterated, folded (accents,
    kh/h, y/i ...) and cut to its first ``NAME_STEM`` letters."""
    return fold(greek_to_latin(word))[:NAME_STEM]


def names(text: str) -> frozenset[str]:
    """Keys of the capitalised words of ``text`` that do not open a sentence (an opening word is
    capitalised whatever it is)."""
    found = set()
    for start, end in sentence_spans(text):
        for match in _WORD.finditer(text, start, end):
            if match.start() > start and match.group()[0].isupper():
                key = name_key(match.group())
                if len(key) >= 3:
                    found.add(key)
    return frozenset(found)


def numbers(text: str) -> frozenset[str]:
    """The numbers of two or more digits in ``text``, thousands marks dropped ("15.000" = "15,000")."""
    found = set()
    for match in _NUMBER.finditer(text):
        value = _THOUSANDS.sub("", match.group()).replace(",", ".")
        if sum(c.isdigit() for c in value) >= 2:
            found.add(value)
    return frozenset(found)


def lead_of(title: str, text: str) -> str:
    """The title, or, without one, the text's first sentence (cut at ``LEAD_CHARS``)."""
    if title.strip():
        return title.strip()
    spans = sentence_spans(text)
    first = text[spans[0][0]:spans[0][1]] if spans else text.strip()
    for end in _CASELESS_END.finditer(first):
        after = end.group(1) or ""
        if not after or not (after.isupper() or after.islower()):
            first = first[:end.end()]
            break
    return first[:LEAD_CHARS].strip()


def profiles(articles: Sequence[tuple[str, str, str | None]], encoder: Encoder, batch: int = 16) -> list[Profile]:
    """Profiles of (title, text, language) articles, their leads and texts encoded in one pass."""
    leads, wholes = [], []
    for title, text, _ in articles:
        text = unicodedata.normalize("NFC", text)
        leads.append(lead_of(title, text) or " ")
        wholes.append(f"{title.strip()}\n{text}".strip()[:WHOLE_CHARS] or " ")
    vectors = embed(leads + wholes, encoder, batch)
    n = len(articles)
    return [Profile(language, vectors[k], vectors[n + k], numbers(f"{title}\n{text}"), names(f"{title}\n{text}"),
                    len(text))
            for k, (title, text, language) in enumerate(articles)]


def batch_profiles(items: Sequence[StoryInput], idle_days: int, encoder: Encoder | None = None) -> dict[int, Profile]:
    """Profiles, by position, of the ``items`` that have an article in another language published within
    ``idle_days`` of them (an undated article: anywhere in the batch); none when the batch holds one
    language. The encoder (the multilingual USE when None) is loaded only then."""
    spans = [interval(item.published) for item in items]
    starts: dict[str, list[int]] = {}
    for item, span in zip(items, spans):
        if item.language and span is not None:
            starts.setdefault(item.language, []).append(span[0])
    languages = {item.language for item in items if item.language}
    if len(languages) < 2:
        return {}
    longest = max((s[1] - s[0] for s in spans if s), default=0)
    for values in starts.values():
        values.sort()
    undated = {item.language for item, span in zip(items, spans) if item.language and span is None}

    def has_company(language: str, span: Interval | None) -> bool:
        """Whether an article in another language may be compared with one in ``language`` published ``span``."""
        if span is None or undated - {language}:
            return True
        return any(bisect_right(values, span[1] + idle_days) > bisect_left(values, span[0] - idle_days - longest)
                   for other, values in starts.items() if other != language)

    wanted = [k for k, (item, span) in enumerate(zip(items, spans))
              if item.language and has_company(item.language, span)]
    if not wanted:
        return {}
    found = profiles([(items[k].title, items[k].text, items[k].language) for k in wanted],
                     encoder if encoder is not None else UseEncoder())
    return dict(zip(wanted, found))


# -- comparing two ---------------------------------------------------------------------------------
def pair_features(a: Profile, b: Profile) -> dict[str, float]:
    """The measures of how alike two profiles are; the model names the ones it weighs.

    ``coherence``: how closely the lead of each article matches its own whole text (the lower of the
    two); where it is high, the whole-text cosine mostly repeats the lead cosine.
    """
    shared_numbers = len(a.numbers & b.numbers)
    all_numbers = len(a.numbers | b.numbers)
    la, lb = max(a.length, 1), max(b.length, 1)
    return {
        "lead": float(a.lead @ b.lead),
        "whole": float(a.whole @ b.whole),
        "coherence": min(float(a.lead @ a.whole), float(b.lead @ b.whole)),
        "numbers": shared_numbers / all_numbers if all_numbers else 0.0,
        "names_shared": float(np.log1p(len(a.names & b.names))),
        "length_ratio": min(la, lb) / max(la, lb),
        "cross_language": float(bool(a.language and b.language and a.language != b.language)),
    }


def column(rows: Sequence[Mapping[str, float]], name: str) -> list[float]:
    """One model input over feature rows: a measure (``whole``), a measure above a knot
    (``whole>0.3``: zero below 0.3, the excess above), or a product of two (``coherence*whole``)."""
    if ">" in name:
        measure, knot = name.split(">")
        return [max(0.0, row[measure] - float(knot)) for row in rows]
    if "*" in name:
        left, right = name.split("*")
        return [row[left] * row[right] for row in rows]
    return [row[name] for row in rows]


def design(rows: Sequence[Mapping[str, float]], inputs: Sequence[str]) -> F64:
    """The model's input matrix (rows x inputs) for feature rows."""
    matrix: F64 = np.asarray([column(rows, name) for name in inputs], dtype=np.float64).T
    return matrix.reshape(len(rows), len(inputs))


# -- the model ------------------------------------------------------------------------------------
def load_model() -> dict[str, Any]:
    """The packaged model: its inputs, their means and scales, weights and intercept."""
    text = resources.files("newsprism.stories").joinpath(MODEL_FILE).read_text("utf-8")
    model: dict[str, Any] = json.loads(text)
    return model


def predict(model: Mapping[str, Any], rows: Sequence[Mapping[str, float]]) -> F64:
    """Scores of feature rows under ``model``, clipped to 0..1 (1 = one story told alike)."""
    if not rows:
        return np.zeros(0)
    x = (design(rows, model["inputs"]) - np.asarray(model["mean"])) / np.asarray(model["scale"])
    scores: F64 = np.clip(x @ np.asarray(model["weights"]) + float(model["intercept"]), 0.0, 1.0)
    return scores


def quick_vector(profile: Profile) -> F32:
    """The lead and whole-text vectors side by side, halved: its dot product with another's is the mean
    of the two cosines, the cheap closeness that picks which articles are scored in full."""
    vector: F32 = (np.concatenate([profile.lead, profile.whole]) / 2.0).astype(np.float32)
    return vector


def best_match(profile: Profile, candidates: Sequence[Profile], model: Mapping[str, Any]) -> tuple[int, float]:
    """The position among ``candidates`` (at least one) of the one whose story is most like
    ``profile``'s under ``model``, and that score."""
    scores = predict(model, [pair_features(profile, other) for other in candidates])
    best = int(np.argmax(scores))
    return best, float(scores[best])


def story_similarity(a: Profile, b: Profile, model: Mapping[str, Any] | None = None) -> float:
    """How alike two articles' stories are: 1 = one story told alike, 0 = unrelated stories
    (on SemEval-2022 Task 8's scale, 1 - (Overall - 1) / 3). ``model``: the packaged one when None."""
    return float(predict(model or load_model(), [pair_features(a, b)])[0])
