"""Typed records passed between newsprism's stages.

Every stage takes and returns these frozen dataclasses; none of them does I/O.
Offsets in :class:`RemovedSegment` index into :attr:`Article.body` (the text as
extracted, before cleaning); all later annotations index into
:attr:`Article.text` (the cleaned body).
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

InputFormat = Literal["text", "markdown", "html", "record"]
ItemStatus = Literal["added", "updated", "unchanged", "failed"]


@dataclass(frozen=True)
class RawItem:
    """One article-sized input as read from a source, before extraction.

    ``content`` holds the original bytes so any stage can be re-run later.
    ``hints`` carries metadata the container already knew (a JSONL record's
    title, a feed entry's author, a WARC record's target URI ...); extraction
    prefers these over what it can guess from the text.
    """

    origin: str
    content: bytes
    format: InputFormat
    url: str | None = None
    hints: dict[str, Any] = field(default_factory=dict)
    declared_encoding: str | None = None


@dataclass(frozen=True)
class RemovedSegment:
    """A span of the extracted body that cleaning took out, and why."""

    text: str
    reason: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Article:
    """An article after extraction (``body``) and cleaning (``text``)."""

    id: str
    origin: str
    body: str
    text: str
    url: str | None = None
    canonical_url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    removed: tuple[RemovedSegment, ...] = ()
    credits: tuple[str, ...] = ()
    source_format: InputFormat = "text"
    raw_hash: str = ""
    evidence: dict[str, str] = field(default_factory=dict)

    def export_dict(self) -> dict[str, Any]:
        """The documented export contract (see README, "Export contract")."""
        return {
            "id": self.id,
            "origin": self.origin,
            "url": self.url,
            "canonical_url": self.canonical_url,
            "outlet": self.outlet,
            "title": self.title,
            "author": self.author,
            "published": self.published,
            "language": self.language,
            "text": self.text,
            "removed": [seg.to_dict() for seg in self.removed],
            "credits": list(self.credits),
            "source_format": self.source_format,
            "evidence": dict(self.evidence),
        }


@dataclass(frozen=True)
class ItemResult:
    """What happened to one input during ingestion."""

    origin: str
    status: ItemStatus
    article_id: str | None = None
    title: str | None = None
    reason: str | None = None


@dataclass
class IngestReport:
    """Summary of one ingest run; ``exit_code`` follows the CLI contract."""

    results: list[ItemResult] = field(default_factory=list)

    def count(self, status: ItemStatus) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failures(self) -> list[ItemResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.count("added"),
            "updated": self.count("updated"),
            "unchanged": self.count("unchanged"),
            "failed": self.count("failed"),
            "items": [r.__dict__ for r in self.results],
        }


@dataclass(frozen=True)
class Quote:
    """Something a source said, with exact offsets into the article's ``text``.

    ``kind`` is ``direct`` (a quoted sentence), ``partial`` (a quoted fragment
    inside the reporter's sentence), ``indirect`` (reported speech without
    quote marks) or ``labelled`` (a "Quote: ..." layout).
    """

    text: str
    start: int
    end: int
    kind: str
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    # The article entity (its ``key``) the speaker is, when annotation could tell.
    speaker_key: str | None = None
    # The quoted words inside reported speech ("said the talks were “productive”"): [start, end) each.
    parts: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


DatePrecision = Literal["day", "month", "year"]


@dataclass(frozen=True)
class Mention:
    """Where an entity is named: exact offsets into the article's ``text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place named in one article.

    ``key`` is the same for every spelling of the name across the corpus
    (titles stripped, transliterations folded); ``name`` is the article's
    fullest form until the corpus pass picks the canonical one.
    """

    key: str
    name: str
    type: Literal["person", "organisation", "place"]
    mentions: tuple[Mention, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "type": self.type,
            "mentions": [asdict(m) for m in self.mentions],
        }


@dataclass(frozen=True)
class Label:
    """A descriptor the article attaches to an entity ("the Russian dictator").

    ``kind``: ``appositive``, ``title`` (pre-modifier), ``predicate`` ("X is
    the ...") or ``role`` (a role reference resolved to the entity).
    """

    entity: str
    text: str
    start: int
    end: int
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DateMention:
    """A date expression, normalised: ``value`` is ISO (``2022-12-19``,
    ``2022-12``, ``2022``) at ``precision``, or None when it cannot be resolved."""

    text: str
    start: int
    end: int
    value: str | None
    precision: DatePrecision | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- records to and from their JSON form -------------------------------------------------------------
R = TypeVar("R")


def from_json(kind: type[R], data: Any) -> R:
    """The record of type ``kind`` that ``data`` (its JSON form, as ``json.loads`` gives it) describes.

    Follows the dataclass's type hints, recursively: nested records, ``tuple[X, ...]`` and fixed tuples,
    lists, ``dict[str, X]``, ``X | None``, literals and plain values. A key the record does not have is
    ignored and a missing key takes the field's default, so one reader serves every stored version that
    has the fields. Numbers are kept as stored: an integral float written as ``1`` stays ``1``, so the
    record writes back the same JSON.
    """
    result: R = _converter(kind)(data)  # type: ignore[arg-type]  # a class is hashable
    return result


def to_json(value: Any) -> Any:
    """The JSON form of a record: records as dicts in field order, tuples as lists."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is tuple or kind is list:
        return [v if type(v) in _PLAIN else to_json(v) for v in value]
    if kind is dict:
        return {k: v if type(v) in _PLAIN else to_json(v) for k, v in value.items()}
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    return {name: to_json(getattr(value, name)) for name in _field_names(kind)}  # type: ignore[arg-type]  # a class is hashable


_PLAIN = frozenset({str, int, float, bool, type(None)})
Converter = Callable[[Any], Any]


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    """A record class's field names, in order."""
    return tuple(f.name for f in dataclasses.fields(kind))


def _same(value: Any) -> Any:
    return value


@cache
def _converter(hint: Any) -> Converter:
    """One function that turns a JSON value into ``hint``'s type, built once per type: a large record (a
    comparison of a 200-article story) is read back at the speed of its JSON, not of its type hints."""
    if hint is Any or hint in _PLAIN:
        return _same
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record_converter(hint)
    origin, args = get_origin(hint), get_args(hint)
    if origin is Union or origin is types.UnionType:
        return _union_converter(args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _converter(args[0])
            return tuple if item is _same else (lambda value: tuple(map(item, value)))
        parts = tuple(_converter(a) for a in args)
        return lambda value: tuple(convert(v) for convert, v in zip(parts, value, strict=True))
    if origin is list:
        item = _converter(args[0])
        return list if item is _same else (lambda value: [item(v) for v in value])
    if origin is dict:
        item = _converter(args[1])
        return dict if item is _same else (lambda value: {k: item(v) for k, v in value.items()})
    if origin is Literal:
        def literal(value: Any) -> Any:
            if value not in args:
                raise ValueError(f"{value!r} is not one of {args}")
            return value
        return literal
    return _same


def _record_converter(kind: type) -> Converter:
    hints = get_type_hints(kind)
    fields = [f for f in dataclasses.fields(kind) if f.init]
    # Nested types are resolved on first use (a record may name itself through a forward reference).
    plan: list[tuple[str, Converter | None, Any, Any]] = []

    def convert(value: Any) -> Any:
        if type(value) is not dict:
            raise ValueError(f"{kind.__name__} expects an object, not {type(value).__name__}")
        if not plan:
            for f in fields:
                made = _converter(hints[f.name])
                plan.append((f.name, None if made is _same else made, f.default, f.default_factory))
        # Stored records were valid when written: fill the instance without running the generated
        # __init__ (a frozen one sets each field through object.__setattr__, the slow part of a read).
        record: Any = object.__new__(kind)
        slots = record.__dict__
        for name, field_converter, default, factory in plan:
            if name in value:
                found = value[name]
                slots[name] = found if field_converter is None else field_converter(found)
            elif default is not dataclasses.MISSING:
                slots[name] = default
            elif factory is not dataclasses.MISSING:
                slots[name] = factory()  # made anew for each record: no two share a mutable default
            else:
                raise ValueError(f"{kind.__name__} is missing {name!r}")
        return record

    return convert


def _union_converter(args: tuple[Any, ...]) -> Converter:
    optional = type(None) in args
    options = [a for a in args if a is not type(None)]
    if len(options) == 1:
        only = _converter(options[0])
        return (lambda value: None if value is None else only(value)) if optional else only

    def convert(value: Any) -> Any:
        if value is None and optional:
            return None
        for option in options:  # the first alternative the value's JSON type fits
            if _fits(option, value):
                return _converter(option)(value)
        return _converter(options[0])(value)

    return convert


def _fits(hint: Any, value: Any) -> bool:
    """Whether ``value`` has the JSON type ``hint`` is written as (for choosing in a union)."""
    origin = get_origin(hint) or hint
    if isinstance(origin, type) and dataclasses.is_dataclass(origin):
        return isinstance(value, dict)
    if origin in (tuple, list):
        return isinstance(value, list | tuple)
    if origin is dict:
        return isinstance(value, dict)
    if origin is Literal:
        return value in get_args(hint)
    if origin is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if origin is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(origin, type):
        return isinstance(value, origin)
    return True
