"""Quote and speaker extraction scored against PolNeAR's attribution annotations.

Gold: every attribution relation's Content span and Source span (brat
standoff files). Predicted: every quote newsprism finds (its text span) and,
for quotes with a speaker, the speaker's mention span. Two matching rules:
*exact* (same span once surrounding spaces, quote marks and punctuation are
trimmed from both) and *overlap* (any shared character). Precision counts
predicted spans that match some gold span; recall counts gold spans matched
by some prediction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..text.metrics import f1, ratio

Span = tuple[int, int]
_TRIM = " \t\n\"'“”‘’«»„.,;:!?—–-()[]"


@dataclass(frozen=True)
class GoldDoc:
    name: str
    text: str
    contents: list[Span]
    sources: list[Span]
    # Each attribution relation's Cue span with its Content span (the cue's first piece when it is
    # discontinuous, "said … on Tuesday"), for learning the cue words.
    cues: tuple[tuple[Span, Span], ...] = ()
    # Each relation's Content span with its Source span (None when no source is named), for training
    # the speaker ranker.
    attributions: tuple[tuple[Span, Span | None], ...] = ()


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float
    predicted: int
    gold: int

    def to_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "predicted": self.predicted, "gold": self.gold}


def _spans_of(field: str) -> list[Span]:
    """'115 290' or discontinuous '115 200;210 290' -> one covering span."""
    pieces = [tuple(int(x) for x in part.split()) for part in field.split(";")]
    return [(min(p[0] for p in pieces), max(p[1] for p in pieces))]


def load_polnear(data_dir: Path, split: str) -> list[GoldDoc]:
    base = data_dir / "data" / split
    if not (base / "text").is_dir():
        raise UsageError(f"{base / 'text'} not found; pass --data pointing at the PolNeAR folder and a split "
                         "that exists (train or dev)")
    docs: list[GoldDoc] = []
    for text_file in sorted((base / "text").glob("*.txt")):
        annotations = sorted((base / "attributions").glob(text_file.stem + "_*.ann"))
        if not annotations:
            continue
        text = text_file.read_text("utf-8")
        contents: list[Span] = []
        sources: list[Span] = []
        spans: dict[str, tuple[str, Span]] = {}
        relations: list[dict[str, str]] = []
        # One annotator per article (the first): several would count the same relation twice.
        for line in annotations[0].read_text("utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            if parts[0].startswith("E"):  # "Attribution:T4 Content:T3 Cue:T2 Source:T1"
                relations.append(dict(arg.partition(":")[::2] for arg in parts[1].split()))
            if not parts[0].startswith("T"):
                continue
            label, _, where = parts[1].partition(" ")
            if label == "Content":
                contents.extend(_spans_of(where))
            elif label == "Source":
                sources.extend(_spans_of(where))
            elif label == "Cue":
                first = where.split(";")[0].split()
                spans[parts[0]] = (label, (int(first[0]), int(first[1])))
                continue
            spans[parts[0]] = (label, _spans_of(where)[0])
        cues = tuple((spans[r["Cue"]][1], spans[r["Content"]][1]) for r in relations
                     if r.get("Cue") in spans and r.get("Content") in spans)
        attributions = tuple((spans[r["Content"]][1], spans[r["Source"]][1] if r.get("Source") in spans else None)
                             for r in relations if r.get("Content") in spans)
        docs.append(GoldDoc(text_file.stem, text, contents, sources, cues, attributions))
    if not docs:
        raise UsageError(f"no annotated articles under {base}")
    return docs


def _trim(text: str, span: Span) -> Span:
    start, end = span
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(pairs: Iterable[tuple[str, list[Span], list[Span]]], exact: bool) -> PRF:
    """``pairs``: (text, predicted spans, gold spans) per document."""
    tp_pred = n_pred = tp_gold = n_gold = 0
    for text, predicted, gold in pairs:
        if exact:
            predicted_set = {_trim(text, s) for s in predicted}
            gold_set = {_trim(text, s) for s in gold}
            tp_pred += len(predicted_set & gold_set)
            tp_gold += len(predicted_set & gold_set)
            n_pred += len(predicted_set)
            n_gold += len(gold_set)
        else:
            tp_pred += sum(1 for p in predicted if any(_overlaps(p, g) for g in gold))
            tp_gold += sum(1 for g in gold if any(_overlaps(p, g) for p in predicted))
            n_pred += len(predicted)
            n_gold += len(gold)
    precision, recall = ratio(tp_pred, n_pred), ratio(tp_gold, n_gold)
    return PRF(precision, recall, f1(precision, recall), n_pred, n_gold)


def evaluate_quotes(data_dir: Path, split: str = "dev", limit: int | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    speaker_model: dict[str, Any] | None = None) -> dict[str, PRF]:
    """Content and speaker scores of one split; speakers by ``speaker_model`` (default: the shipped one)."""
    from ..annotate.quotes import find_quotes
    from ..annotate.speakers import SpeakerRanker
    from .parsed import parsed_docs

    docs = load_polnear(data_dir, split)[:limit]
    ranker = SpeakerRanker(speaker_model) if speaker_model is not None else None
    content_pairs: list[tuple[str, list[Span], list[Span]]] = []
    source_pairs: list[tuple[str, list[Span], list[Span]]] = []
    for done, (doc, parsed) in enumerate(zip(docs, parsed_docs([d.text for d in docs])), start=1):
        quotes = find_quotes(doc.text, parsed, ranker)
        content_pairs.append((doc.text, [(q.start, q.end) for q in quotes], doc.contents))
        speakers = [(q.speaker_start, q.speaker_end) for q in quotes
                    if q.speaker_start is not None and q.speaker_end is not None]
        source_pairs.append((doc.text, speakers, doc.sources))
        if progress:
            progress(done, len(docs))
    return {
        "content_exact": score(content_pairs, exact=True),
        "content_overlap": score(content_pairs, exact=False),
        "source_exact": score(source_pairs, exact=True),
        "source_overlap": score(source_pairs, exact=False),
    }
