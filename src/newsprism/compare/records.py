"""What the comparison of one story takes and gives.

Every finding carries :class:`Span` s: an article id and offsets into that
article's cleaned ``text``, so any claim can be checked against its words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..schema import to_json

# Bumped when the comparison itself changes, so stored comparisons are recomputed.
COMPARE_VERSION = "6"



@dataclass(frozen=True)
class StoryArticle:
    """One article of the story with its annotations (export shape: see README, "Export contract").

    ``outlet`` is the outlet's name, or a stand-in naming the article when the outlet is unknown.
    ``copy_of``: the id of another member this one copies (its support is not independent).
    """

    id: str
    outlet: str
    text: str
    title: str = ""
    published: str | None = None
    language: str | None = None
    sentences: tuple[tuple[int, int], ...] = ()
    entities: tuple[dict[str, Any], ...] = ()
    labels: tuple[dict[str, Any], ...] = ()
    dates: tuple[dict[str, Any], ...] = ()
    quotes: tuple[dict[str, Any], ...] = ()
    copy_of: str | None = None
    signals: tuple[str, ...] = ()

    @classmethod
    def from_annotations(cls, article_id: str, outlet: str, text: str, annotated: Mapping[str, Any],
                     **fields: Any) -> StoryArticle:
        """One member from an article's annotations in the export's terms (``sentences``, ``entities``,
        ``labels``, ``dates``, ``quotes``; missing or None when the article was not read)."""
        return cls(
            id=article_id, outlet=outlet, text=text,
            sentences=tuple((int(a), int(b)) for a, b in annotated.get("sentences") or ()),
            entities=tuple(annotated.get("entities") or ()), labels=tuple(annotated.get("labels") or ()),
            dates=tuple(annotated.get("dates") or ()), quotes=quotes_with_parts(text, annotated.get("quotes") or ()),
            **fields,
        )


def quotes_with_parts(text: str, quotes: Sequence[Mapping[str, Any]]) -> tuple[dict[str, Any], ...]:
    """The quotes, each followed by its quoted parts (the verbatim words inside reported speech) as
    partial quotes of the same speaker: a comparison aligns those words on their own too."""
    found: list[dict[str, Any]] = []
    for quote in quotes:
        found.append(dict(quote))
        for start, end in quote.get("parts") or ():
            if (start, end) != (quote["start"], quote["end"]) and 0 <= start < end <= len(text):
                found.append({**quote, "text": text[start:end], "start": start, "end": end, "kind": "partial",
                              "parts": []})
    return tuple(found)


@dataclass(frozen=True)
class Span:
    """Exact words of one article: offsets into its cleaned text."""

    article: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class WordChange:
    """One word-level difference between a rendering and the statement's reference rendering."""

    op: str  # "replace", "insert" (words only this rendering has) or "delete" (words it lacks)
    reference: str
    rendering: str


@dataclass(frozen=True)
class Rendering:
    """How one article renders a statement."""

    span: Span
    outlet: str
    kind: str
    speaker: str | None
    speaker_entity: str | None
    cue: str | None
    changes: tuple[WordChange, ...] = ()
    # Where the rendering may change the meaning against the reference: "negation", "number", "speaker".
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Statement:
    id: str
    speaker: str | None
    speaker_entity: str | None
    renderings: tuple[Rendering, ...]
    reference: int  # index of the rendering the others are compared with
    outlets: tuple[str, ...]
    missing: tuple[str, ...]  # the story's outlets that do not carry it


@dataclass(frozen=True)
class Fact:
    """A content unit: the sentences of different articles that state the same thing."""

    id: str
    sentences: tuple[Span, ...]
    outlets: tuple[str, ...]
    independent: int  # outlets carrying it, not counting copies of another member
    missing: tuple[str, ...]


@dataclass(frozen=True)
class OutletCoverage:
    outlet: str
    articles: tuple[str, ...]
    facts: int
    only_here: tuple[str, ...]  # fact ids no other outlet reports
    omitted: tuple[str, ...]  # fact ids most other outlets report and this one does not


@dataclass(frozen=True)
class Side:
    value: str
    spans: tuple[Span, ...]
    outlets: tuple[str, ...]


@dataclass(frozen=True)
class Disagreement:
    """Aligned words that conflict: ``kind`` is number, date, name, place, attribution or polarity."""

    kind: str
    about: str  # the fact and statement ids it concerns, comma-separated
    sides: tuple[Side, ...]


@dataclass(frozen=True)
class LabelUse:
    outlet: str
    text: str
    kind: str
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class ActorFraming:
    entity: str
    name: str
    labels: tuple[LabelUse, ...]
    outlets: tuple[str, ...]  # outlets that name the actor at all


@dataclass(frozen=True)
class TermUse:
    outlet: str
    term: str
    count: int
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class LoadedWording:
    outlet: str
    sentences: int  # sentences scored
    loaded: tuple[Span, ...]  # the sentences scored loaded, most loaded first
    words: tuple[Span, ...]  # loaded words and phrases (lexicon, intensifiers, scare quotes)


@dataclass(frozen=True)
class Framing:
    actors: tuple[ActorFraming, ...]
    event_terms: tuple[TermUse, ...]
    attribution_verbs: tuple[TermUse, ...]
    loaded: tuple[LoadedWording, ...]


@dataclass(frozen=True)
class TimelineEvent:
    date: str
    precision: str
    relation: str  # "story" (the story's own days), "earlier" or "later"
    mentions: tuple[Span, ...]  # the sentences that name the day
    outlets: tuple[str, ...]


@dataclass(frozen=True)
class DigestSentence:
    span: Span
    fact: str
    outlets: tuple[str, ...]


@dataclass(frozen=True)
class StoryComparison:
    story: str
    outlets: tuple[OutletCoverage, ...]
    statements: tuple[Statement, ...]
    facts: tuple[Fact, ...]
    disagreements: tuple[Disagreement, ...]
    framing: Framing
    timeline: tuple[TimelineEvent, ...]
    digest: tuple[DigestSentence, ...]
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = to_json(self)
        return data
