"""The comparison scored on BASIL: per-outlet loaded wording against its lexical-bias spans, and
the speakers of compared statements against its quote speakers.

BASIL (2010–2014) has 50 events, each reported by Fox News, the New York
Times and the Huffington Post, with phrase-level bias annotations: ``lex``
spans are biased wording, and quoted spans carry their speaker. Each event's
three articles are compared as one story, exactly as ``newsprism compare``
does, and the framing output is checked span by span:

- *lexical recall*: the share of annotated ``lex`` spans that newsprism's
  loaded words, actor labels, or loaded sentences overlap, per outlet;
- *word precision*: the share of newsprism's loaded words that fall inside an
  annotated bias span (``lex`` or ``inf``): BASIL marks only the bias its
  annotators judged, so this is a lower bound;
- *speakers*: for annotated quotes by a named speaker, whether a statement
  rendering covers the quote and gives the same speaker; and, per event, the
  speakers BASIL shows quoted by two outlets or more that newsprism also
  finds as the speaker of a statement carried by two outlets or more.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..compare import StoryArticle, StoryComparison
from ..compare.story import compare_story
from ..settings import CompareSettings
from ..stories.records import Story
from .basil import BasilArticle, is_named_speaker, load_basil, match_name, parse, read_corpus

OUTLETS = ("fox", "nyt", "hpo")


@dataclass
class Tally:
    hit: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hit += hit
        self.total += 1

    @property
    def rate(self) -> float:
        return self.hit / self.total if self.total else 0.0


@dataclass
class CompareScores:
    events: int = 0
    lexical: dict[str, dict[str, Tally]] = field(default_factory=dict)  # outlet -> matched by -> tally
    word_precision: dict[str, Tally] = field(default_factory=dict)  # outlet -> tally
    loaded_share: dict[str, Tally] = field(default_factory=dict)  # outlet -> loaded sentences of all scored
    speaker_cover: Tally = field(default_factory=Tally)
    speaker_right: Tally = field(default_factory=Tally)
    shared_speakers: Tally = field(default_factory=Tally)
    # What the comparisons found across outlets, for checking by eye: lists of the texts side by side.
    shared_facts: list[list[str]] = field(default_factory=list)
    shared_statements: list[list[str]] = field(default_factory=list)
    disagreements: list[list[str]] = field(default_factory=list)

    def overall(self, by: str) -> Tally:
        total = Tally()
        for outlet in self.lexical.values():
            total.hit += outlet[by].hit
            total.total += outlet[by].total
        return total

    def sample(self, n: int, seed: int = 1) -> dict[str, list[list[str]]]:
        """Up to ``n`` random shared facts, shared statements and disagreements (seeded, repeatable)."""
        chooser = random.Random(seed)
        return {name: chooser.sample(found, min(n, len(found))) for name, found in (
            ("facts", self.shared_facts), ("statements", self.shared_statements),
            ("disagreements", self.disagreements))}

    def to_dict(self) -> dict[str, Any]:
        def rate(t: Tally) -> dict[str, Any]:
            return {"rate": round(t.rate, 3), "hit": t.hit, "total": t.total}

        by = ("words", "labels", "words or labels", "loaded sentence", "any")
        return {
            "events": self.events,
            "lexical_recall": {o: {k: rate(v) for k, v in t.items()} for o, t in self.lexical.items()}
            | {"all": {k: rate(self.overall(k)) for k in by}},
            "word_precision": {o: rate(t) for o, t in self.word_precision.items()},
            "loaded_sentence_share": {o: rate(t) for o, t in self.loaded_share.items()},
            "found": {"shared_facts": len(self.shared_facts), "shared_statements": len(self.shared_statements),
                      "disagreements": len(self.disagreements)},
            "speakers": {
                "quotes_covered": rate(self.speaker_cover),
                "speaker_correct": rate(self.speaker_right),
                "shared_speakers_found": rate(self.shared_speakers),
            },
        }


def story_articles(articles: Sequence[BasilArticle], docs: Sequence[Any]) -> list[StoryArticle]:
    """Every article read as one corpus (canonical names across outlets), in the comparison's terms."""
    from ..annotate.canonical import canonical_annotations_json

    annotations, index = read_corpus(articles, docs)
    rows = {key: (c.id, c.name, c.type) for key, c in index.items()}
    result = []
    for article, annotation in zip(articles, annotations, strict=True):
        data = annotation.to_dict()
        annotated = {**canonical_annotations_json(data, rows), "sentences": data["sentences"]}
        result.append(StoryArticle.from_annotations(article.id, article.outlet, article.text, annotated,
                                                title=article.title, published=article.date[:10] or None,
                                                language="en"))
    return result


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in spans)


def score_event(scores: CompareScores, articles: Sequence[BasilArticle], members: Sequence[StoryArticle],
                result: StoryComparison) -> None:
    scores.events += 1
    for article in articles:
        words = [(s.start, s.end) for w in result.framing.loaded for s in w.words if s.article == article.id]
        labels = [(s.start, s.end) for a in result.framing.actors for u in a.labels for s in u.spans
                  if s.article == article.id]
        loaded = [(s.start, s.end) for w in result.framing.loaded for s in w.loaded if s.article == article.id]
        tallies = scores.lexical.setdefault(article.outlet, {k: Tally() for k in (
            "words", "labels", "words or labels", "loaded sentence", "any")})
        bias_spans = []
        for phrase in article.phrases:
            if phrase.start is None or phrase.end is None:
                continue
            bias_spans.append((phrase.start, phrase.end))
            if phrase.bias != "lex":
                continue
            by_words, by_labels = _overlaps(phrase.start, phrase.end, words), _overlaps(phrase.start, phrase.end, labels)
            by_sentence = _overlaps(phrase.start, phrase.end, loaded)
            tallies["words"].add(by_words)
            tallies["labels"].add(by_labels)
            tallies["words or labels"].add(by_words or by_labels)
            tallies["loaded sentence"].add(by_sentence)
            tallies["any"].add(by_words or by_labels or by_sentence)
        precision = scores.word_precision.setdefault(article.outlet, Tally())
        for start, end in words:
            precision.add(_overlaps(start, end, bias_spans))
        share = scores.loaded_share.setdefault(article.outlet, Tally())
        outlet_words = next((w for w in result.framing.loaded if w.outlet == article.outlet), None)
        if outlet_words:
            share.hit += len(outlet_words.loaded)
            share.total += outlet_words.sentences
    _score_speakers(scores, articles, members, result)
    scores.shared_facts.extend([s.text for s in f.sentences] for f in result.facts if len(f.outlets) >= 2)
    scores.shared_statements.extend([f"{s.speaker or '?'}: {r.span.text}" for r in s.renderings]
                                    for s in result.statements if len(s.outlets) >= 2)
    scores.disagreements.extend([f"{d.kind}: {side.value!r}: {span.text}" for side in d.sides for span in side.spans]
                                for d in result.disagreements)


def _score_speakers(scores: CompareScores, articles: Sequence[BasilArticle], members: Sequence[StoryArticle],
                    result: StoryComparison) -> None:
    types = {e["name"]: e["type"] for r in members for e in r.entities}
    renderings = [r for s in result.statements for r in s.renderings]
    gold_outlets: dict[str, set[str]] = {}
    for article in articles:
        for phrase in article.phrases:
            if not (phrase.quote and is_named_speaker(phrase.speaker)) or phrase.start is None or phrase.end is None:
                continue
            gold_outlets.setdefault(phrase.speaker, set()).add(article.outlet)
            covering = [r for r in renderings if r.span.article == article.id
                        and r.span.start < phrase.end and phrase.start < r.span.end]
            scores.speaker_cover.add(bool(covering))
            if covering:
                start, end = phrase.start, phrase.end
                best = max(covering, key=lambda r: min(r.span.end, end) - max(r.span.start, start))
                speaker = best.speaker
                scores.speaker_right.add(bool(speaker and match_name(phrase.speaker, speaker,
                                                                     types.get(speaker, "person"))))
    shared = {s.speaker for s in result.statements if len(s.outlets) >= 2 and s.speaker}
    for gold, outlets in gold_outlets.items():
        if len(outlets) >= 2:
            scores.shared_speakers.add(any(match_name(gold, name, types.get(name, "person")) for name in shared))


def evaluate_comparison(data_dir: Path, docs: Sequence[Any] | None = None, *, encoder: Any = None,
                        scorer: Any = None, settings: CompareSettings | None = None) -> CompareScores:
    """Compare every BASIL event's three articles as one story and score the framing and speakers."""
    from ..compare.loaded import LoadedScorer
    from ..copies.vectors import UseEncoder

    articles = load_basil(data_dir)
    annotated = story_articles(articles, docs if docs is not None else parse(articles))
    encoder = encoder or UseEncoder()
    scorer = scorer or LoadedScorer(encoder)
    events: dict[str, list[int]] = {}
    for k, article in enumerate(articles):
        events.setdefault(article.event, []).append(k)
    scores = CompareScores()
    for event, grouped in sorted(events.items()):
        dates = sorted(articles[k].date[:10] for k in grouped if articles[k].date)
        story = Story(event, "", (), dates[0] if dates else None, dates[-1] if dates else None, ())
        result = compare_story(story, [annotated[k] for k in grouped], encoder, scorer, settings)
        score_event(scores, [articles[k] for k in grouped], [annotated[k] for k in grouped], result)
    return scores
