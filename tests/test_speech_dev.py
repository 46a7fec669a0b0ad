"""The quote finder for Russian, Ukrainian and Italian scored on a hand-written, fictional dev set.

``tests/data/speech_dev.jsonl``: thirty short passages per language, each with the entities a tagger would
give and the quotes it holds (text, kind, speaker). Every third passage is held out (``split`` "test"):
the rules were written looking at the "dev" passages only. A predicted quote matches an expected one when
their character spans overlap by half their union or more; its speaker is right when its entity key is
the expected one (both None for a quote nobody is named for).

Run ``.venv/bin/python tests/test_speech_dev.py`` to print the figures.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newsprism.annotate.speech import find_speech
from newsprism.schema import Entity, Mention, Quote

DEV_SET = Path(__file__).parent / "data" / "speech_dev.jsonl"
LANGUAGES = ("ru", "uk", "it")


def load(path: Path = DEV_SET) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def entities_of(passage: dict[str, Any]) -> list[Entity]:
    """The passage's entities with every mention found in its text (whole words)."""
    text = passage["text"]
    found = []
    for item in passage["entities"]:
        mentions = sorted(
            (Mention(m.start(), m.end(), m.group()) for name in item["mentions"]
             for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text)),
            key=lambda m: m.start,
        )
        found.append(Entity(item["key"], item.get("name") or item["mentions"][0], item["type"], tuple(mentions)))
    return found


@dataclass
class Score:
    expected: int = 0
    predicted: int = 0
    matched: int = 0
    attributed: int = 0  # matched, with the right speaker

    def add(self, other: Score) -> None:
        self.expected += other.expected
        self.predicted += other.predicted
        self.matched += other.matched
        self.attributed += other.attributed

    @staticmethod
    def _f1(hits: int, predicted: int, expected: int) -> float:
        return 2 * hits / (predicted + expected) if predicted + expected else 1.0

    @property
    def quote_f1(self) -> float:
        return self._f1(self.matched, self.predicted, self.expected)

    @property
    def speaker_accuracy(self) -> float:
        return self.attributed / self.matched if self.matched else 1.0

    @property
    def end_to_end_f1(self) -> float:
        """A quote counts only when found with its speaker."""
        return self._f1(self.attributed, self.predicted, self.expected)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / (max(a[1], b[1]) - min(a[0], b[0]))


def score_passage(passage: dict[str, Any], quotes: list[Quote]) -> tuple[Score, list[str]]:
    """The score of one passage, and what went wrong in words."""
    text = passage["text"]
    expected = [(text.index(q["text"]), text.index(q["text"]) + len(q["text"]), q["speaker"]) for q in passage["quotes"]]
    score = Score(expected=len(expected), predicted=len(quotes))
    errors = []
    free = list(quotes)
    for start, end, speaker in expected:
        best = max(free, key=lambda q: _overlap((q.start, q.end), (start, end)), default=None)
        if best is None or _overlap((best.start, best.end), (start, end)) < 0.5:
            errors.append(f"missed {text[start:end]!r}")
            continue
        free.remove(best)
        score.matched += 1
        if best.speaker_key == speaker:
            score.attributed += 1
        else:
            errors.append(f"speaker of {best.text!r}: {best.speaker_key} ({best.speaker!r}), expected {speaker}")
    errors += [f"extra {q.text!r} ({q.speaker_key})" for q in free]
    return score, errors


def evaluate(passages: list[dict[str, Any]], split: str | None = None) -> dict[str, tuple[Score, list[str]]]:
    """Per language: the summed score and the errors, passage by passage."""
    results: dict[str, tuple[Score, list[str]]] = {}
    for passage in passages:
        if split is not None and passage["split"] != split:
            continue
        total, errors = results.setdefault(passage["language"], (Score(), []))
        quotes = find_speech(passage["text"], passage["language"], entities_of(passage))
        score, wrong = score_passage(passage, quotes)
        total.add(score)
        errors += [f"{passage['id']}: {e}" for e in wrong]
    return results


def named_without_entities(passages: list[dict[str, Any]]) -> tuple[int, int]:
    """Italian has no entity tagger: of the expected quotes whose speaker is named in the passage, how many
    are found with that name in their speaker's words when no entities are given."""
    named = right = 0
    for passage in passages:
        if passage["language"] != "it":
            continue
        text = passage["text"]
        found = find_speech(text, "it", [])
        for quote in passage["quotes"]:
            if not quote["speaker_name"]:
                continue
            named += 1
            start = text.index(quote["text"])
            span = (start, start + len(quote["text"]))
            best = max(found, key=lambda q: _overlap((q.start, q.end), span), default=None)
            if best is not None and _overlap((best.start, best.end), span) >= 0.5 \
                    and quote["speaker_name"] in (best.speaker or ""):
                right += 1
    return right, named


# Floors just under the figures measured when these tests were written (docs/benchmarks.md).
FLOORS = {
    ("dev", "ru"): (0.97, 0.97), ("dev", "uk"): (0.97, 0.97), ("dev", "it"): (0.97, 0.97),
    ("test", "ru"): (0.93, 0.93), ("test", "uk"): (0.97, 0.97), ("test", "it"): (0.93, 0.93),
}


@pytest.mark.parametrize(("split", "language"), sorted(FLOORS))
def test_dev_set_floor(split: str, language: str) -> None:
    score, errors = evaluate(load(), split)[language]
    quote_floor, end_to_end_floor = FLOORS[(split, language)]
    assert score.expected > 0
    assert score.quote_f1 >= quote_floor, errors
    assert score.end_to_end_f1 >= end_to_end_floor, errors


def test_italian_speakers_named_without_entities() -> None:
    right, named = named_without_entities(load())
    assert named > 0 and right / named >= 0.85


def test_dev_set_is_well_formed() -> None:
    passages = load()
    for language in LANGUAGES:
        mine = [p for p in passages if p["language"] == language]
        assert len(mine) == 30
        assert sum(p["split"] == "test" for p in mine) == 10
    for passage in passages:
        keys = {e["key"] for e in passage["entities"]}
        for quote in passage["quotes"]:
            assert quote["text"] in passage["text"], passage["id"]
            assert quote["speaker"] is None or quote["speaker"] in keys, passage["id"]


if __name__ == "__main__":
    import sys

    every = load()
    for split in ("dev", "test"):
        for language, (score, errors) in sorted(evaluate(every, split).items()):
            print(f"{split:4} {language}: quotes {score.matched}/{score.expected} found, {score.predicted} predicted, "
                  f"quote F1 {score.quote_f1:.3f}, speaker accuracy {score.speaker_accuracy:.3f}, "
                  f"end-to-end F1 {score.end_to_end_f1:.3f}")
            if "-v" in sys.argv and split == "dev":
                for error in errors:
                    print("   ", error)
    for split in ("dev", "test"):
        right, named = named_without_entities([p for p in every if p["split"] == split])
        print(f"{split:4} it without entities: speaker named in {right}/{named} quotes")
