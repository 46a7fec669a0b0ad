"""People, organisations and places scored against an annotated corpus (factRuEval-2016, ner-uk).

The tagger scored is the one the annotator runs for the corpus's language
(:func:`newsprism.annotate.languages.entity_tagger`). Per type, two matching rules: *exact* (same type and
same span once spaces, quote marks and punctuation at either edge are set aside: factRuEval's spans end at
a name's last word and leave out its closing quote) and *overlap* (same type, any shared character).
Precision counts predicted spans that match a gold one, recall gold spans matched by a prediction.

The Russian tagger's span rules were chosen on the documents at even positions of factRuEval's devset
(in path order); for Russian the scores are given for the whole set and for each half, the odd one
being the texts the rules never saw. (Ukrainian's tagger was trained on ner-uk: its score there is a
training-set figure; ``newsprism eval ner-train`` cross-validates it.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..annotate.spans import EntitySpan
from ..errors import InputError, UsageError
from ..text.metrics import f1, prf, ratio
from .ner_corpora import TYPES, NerDocument, factrueval_sentence_starts, read_ner_corpus

Tagger = Callable[[str], list[EntitySpan]]
_TRIM = " \t\n\u00a0\"'“”‘’«»„.,;:!?—–-()[]"


@dataclass(frozen=True)
class TypeScore:
    precision: float
    recall: float
    f1: float
    overlap_precision: float
    overlap_recall: float
    overlap_f1: float
    predicted: int
    gold: int

    def to_dict(self) -> dict[str, Any]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "overlap": {"precision": self.overlap_precision, "recall": self.overlap_recall,
                            "f1": self.overlap_f1},
                "predicted": self.predicted, "gold": self.gold}


@dataclass(frozen=True)
class NerScores:
    by_type: dict[str, TypeScore]
    documents: int

    def to_dict(self) -> dict[str, Any]:
        return {**{kind: s.to_dict() for kind, s in self.by_type.items()}, "documents": self.documents}


@dataclass(frozen=True)
class NerReport:
    language: str
    full: NerScores
    # The documents the Russian span rules were chosen on, and the others (Russian only).
    rules_chosen_on: NerScores | None
    held_out: NerScores | None
    # The tagger without the span rules, when asked for (Russian only): all texts and the held-out half.
    without_rules: NerScores | None = None
    without_rules_held_out: NerScores | None = None
    # Sentence boundaries against the corpus's own sentence split, where it has one (factRuEval's .tokens).
    sentences: dict[str, dict[str, float]] | None = None

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {**self.full.to_dict(), "language": self.language}
        if self.held_out is not None and self.rules_chosen_on is not None:
            result["held_out"] = self.held_out.to_dict()
            result["rules_chosen_on"] = self.rules_chosen_on.to_dict()
        if self.without_rules is not None:
            result["without_rules"] = self.without_rules.to_dict()
            if self.without_rules_held_out is not None:
                result["without_rules"]["held_out"] = self.without_rules_held_out.to_dict()
        if self.sentences is not None:
            result["sentences"] = self.sentences
        return result


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def score(documents: Sequence[NerDocument], predictions: Sequence[Sequence[EntitySpan]]) -> NerScores:
    """Exact and overlap precision, recall and F1 per type, over all ``documents`` together."""
    counts: Counter[tuple[str, str]] = Counter()
    for document, spans in zip(documents, predictions, strict=True):
        text = document.text
        for kind in TYPES:
            gold = {s for s in (_trimmed(text, g.start, g.end) for g in document.entities if g.type == kind)
                    if s[1] > s[0]}
            found = {s for s in (_trimmed(text, p.start, p.end) for p in spans if p.type == kind) if s[1] > s[0]}
            counts[kind, "predicted"] += len(found)
            counts[kind, "gold"] += len(gold)
            counts[kind, "exact"] += len(found & gold)
            counts[kind, "predicted_overlapping"] += sum(any(s < ge and gs < e for gs, ge in gold) for s, e in found)
            counts[kind, "gold_overlapped"] += sum(any(s < ge and gs < e for s, e in found) for gs, ge in gold)
    by_type = {}
    for kind in TYPES:
        n_predicted, n_gold, exact = counts[kind, "predicted"], counts[kind, "gold"], counts[kind, "exact"]
        precision, recall, exact_f1 = prf(exact, n_predicted - exact, n_gold - exact)
        # Overlap: a prediction may touch a gold span another prediction also touches, so the two sides
        # are counted apart.
        o_precision = ratio(counts[kind, "predicted_overlapping"], n_predicted)
        o_recall = ratio(counts[kind, "gold_overlapped"], n_gold)
        by_type[kind] = TypeScore(precision, recall, exact_f1, o_precision, o_recall, f1(o_precision, o_recall),
                                  n_predicted, n_gold)
    return NerScores(by_type, len(documents))


def read_documents(folder: Path) -> list[NerDocument]:
    """Every annotated text under ``folder``; a folder that holds none is a wrong --data."""
    try:
        return list(read_ner_corpus(folder))
    except InputError as exc:
        raise UsageError(str(exc)) from None


def corpus_language(documents: Iterable[NerDocument]) -> str | None:
    """The language most of the texts are written in."""
    from ..extract.language import detect_language

    votes = Counter(language for d in documents if (language := detect_language(d.text)))
    return votes.most_common(1)[0][0] if votes else None


def tagger_for(language: str, rules: bool = True) -> Tagger:
    """The tagger the annotator runs for ``language`` (``rules=False``: Russian without its span rules)."""
    from ..annotate.languages import entity_tagger, tagged_languages

    tagger = entity_tagger(language)
    if tagger is None:
        raise UsageError(f"no entity tagger for language {language!r}; there is one for: "
                         f"{', '.join(tagged_languages())}; pass --language")
    if not rules and language == "ru":
        from ..annotate.russian import russian_entities

        return lambda text: russian_entities(text, rules=False)
    return tagger


def evaluate_ner(folder: Path, language: str | None = None, without_rules: bool = False) -> NerReport:
    documents = read_documents(folder)
    language = language or corpus_language(documents)
    if language is None:
        raise UsageError(f"{folder}: cannot tell which language the texts are in; pass --language ru or uk")
    tagger = tagger_for(language)
    predictions = [tagger(d.text) for d in documents]
    bare = bare_held_out = chosen_on = held_out = None
    if language == "ru":  # the halves of the documents the span rules were and were not chosen on
        chosen_on = score(documents[0::2], predictions[0::2])
        held_out = score(documents[1::2], predictions[1::2])
    if without_rules and language == "ru":
        plain = tagger_for(language, rules=False)
        plain_predictions = [plain(d.text) for d in documents]
        bare = score(documents, plain_predictions)
        bare_held_out = score(documents[1::2], plain_predictions[1::2])
    return NerReport(language, score(documents, predictions), chosen_on, held_out, bare, bare_held_out,
                     sentence_boundaries(folder, documents))


def sentence_boundaries(folder: Path, documents: Sequence[NerDocument]) -> dict[str, dict[str, float]] | None:
    """Where sentences start, against the corpus's own split (factRuEval's ``.tokens``, a blank line
    between sentences): the product's punctuation splitter and natasha's segmenter. None for a
    corpus without one. A boundary is the first letter or digit of a sentence after the first."""
    from ..annotate.annotator import sentences_by_punctuation
    from ..annotate.russian import models

    counts: Counter[tuple[str, str]] = Counter()
    found_any = False
    for document in documents:
        tokens = (folder / document.name).with_suffix(".tokens")
        if not tokens.is_file():
            continue
        found_any = True
        text = document.text
        gold = _boundaries(text, factrueval_sentence_starts(tokens))
        splits = {
            "punctuation": _boundaries(text, (s for s, _ in sentences_by_punctuation(text))),
            "natasha": _boundaries(text, (s.start for s in models().segmenter.sentenize(text))),
        }
        for name, found in splits.items():
            counts[name, "tp"] += len(found & gold)
            counts[name, "fp"] += len(found - gold)
            counts[name, "fn"] += len(gold - found)
    if not found_any:
        return None
    result = {}
    for name in ("punctuation", "natasha"):
        precision, recall, f1 = prf(counts[name, "tp"], counts[name, "fp"], counts[name, "fn"])
        result[name] = {"precision": precision, "recall": recall, "f1": f1}
    return result


def _boundaries(text: str, starts: Iterable[int]) -> set[int]:
    points = set()
    for start in starts:
        while start < len(text) and not text[start].isalnum():
            start += 1
        points.add(start)
    first = min(points, default=0)
    return {p for p in points if p != first and p < len(text)}
