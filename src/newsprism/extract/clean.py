"""Remove page furniture from an extracted body, keeping an audit trail.

Cleaning works on paragraphs (the body's blocks separated by a blank line) and
never edits inside one: a paragraph is either kept whole or removed whole with a
reason and its offsets in the body. So ``restore_body(text, removed)`` gives the
body back exactly, and cleaning the cleaned text again removes nothing more.

Rules are general (multilingual UI strings, prompts, bios, credit and related-
article lines, position in the page) plus corpus evidence: lines that recur
across one outlet's articles (:class:`OutletProfile`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..schema import RemovedSegment
from ..settings import CleanSettings, default_settings
from ..text import paragraphs as _paragraphs
from ..text.paragraphs import Paragraph
from ..text.tokens import word_count
from . import furniture as F

PARAGRAPH_SEP = "\n\n"
_MAX_PASSES = 8
_TERMINAL = re.compile(r"[.!?…:;\"”»“'’)\]]$")
_SENTENCE_MARK = re.compile(r"[.!?…\"”»]")
_BULLET = re.compile(r"^\s*([-–—•·*]|\d{1,2}[.)])\s+")
_CALL_TO_ACTION = re.compile(r"^((follow|join|find|like|subscribe to|read|watch|support)\s+)+", re.I)
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.\-]*(?:[-'’.][^\W\d_]+)*\.?$")


@dataclass(frozen=True)
class OutletProfile:
    """Lines that recur across one outlet's articles, learned from the store."""

    outlet: str
    recurring: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Signals:
    """Metadata noticed while removing furniture (a byline, a bio, a credit)."""

    byline: str | None = None
    bio_author: str | None = None
    bio_outlet: str | None = None
    credits: tuple[str, ...] = ()
    self_named_outlets: tuple[str, ...] = ()
    dateline: str | None = None


@dataclass(frozen=True)
class CleanResult:
    text: str
    removed: tuple[RemovedSegment, ...]
    signals: Signals


def normalise_body(text: str) -> str:
    """Canonical body layout: one paragraph per block, blocks separated by a blank line."""
    lines = [re.sub(r"[ \t\u00a0\u200b]+", " ", line).strip() for line in text.split("\n")]
    return PARAGRAPH_SEP.join(line for line in lines if line)


def split_paragraphs(body: str) -> list[Paragraph]:
    return _paragraphs.paragraphs(body, PARAGRAPH_SEP)


def is_reporting(text: str) -> bool:
    """A paragraph that reads like running prose rather than a label or link."""
    words = word_count(text)
    return (words >= 12 and bool(_SENTENCE_MARK.search(text))) or words >= 25


def looks_like_headline(text: str, max_words: int = 25) -> bool:
    stripped = _BULLET.sub("", text).strip()
    return 0 < len(stripped.split()) <= max_words and not re.search(r"[.!?]$", stripped)


def looks_like_name(text: str) -> bool:
    """'Elizabeth Smith', 'Jean-Luc Picard': two to four capitalised words."""
    words = text.strip().split()
    if not 2 <= len(words) <= 4:
        return False
    return all(_NAME_WORD.match(w) and w[0].isupper() for w in words)


def byline_and_date(text: str) -> tuple[str, str] | None:
    """A name and a date stamp on one line ("Оксана Гайова · 16 травня 2025, 14:05"): the two, or None."""
    both = F.BYLINE_AND_DATE.match(text)
    if both is None:
        return None
    name, date = both.group("name").strip(), both.group("date").strip()
    return (name, date) if looks_like_name(name) and F.DATE_LINE.match(date) else None


class _Cleaner:
    def __init__(
        self,
        paragraphs: list[Paragraph],
        title: str | None,
        profile: OutletProfile | None,
        settings: CleanSettings,
        plain: bool,
        keys: list[str],
    ) -> None:
        self.paras = paragraphs
        self.keys = keys
        self.plain = plain
        self.title_key = F.normalise_line(title) if title else None
        self.profile = profile
        self.settings = settings
        self.reasons: dict[int, str] = {}
        self.credits: list[str] = []
        self.self_named: list[str] = []
        self.byline: str | None = None
        self.bio_author: str | None = None
        self.bio_outlet: str | None = None
        self.dateline: str | None = None
        reporting = [i for i, p in enumerate(paragraphs) if is_reporting(p.text)]
        self.first_reporting = reporting[0] if reporting else len(paragraphs)
        self.last_reporting = reporting[-1] if reporting else -1
        self.edge = settings.edge_lines

    # -- zones -----------------------------------------------------------------
    def in_head(self, i: int) -> bool:
        return i < self.first_reporting

    def in_tail(self, i: int) -> bool:
        return i > self.last_reporting

    def near_edge(self, i: int) -> bool:
        """Within the first or last few paragraphs, or outside the run of reporting."""
        return i < self.edge or i >= len(self.paras) - self.edge or self.in_head(i) or self.in_tail(i)

    # -- rules -----------------------------------------------------------------
    def run(self) -> None:
        self._repeated_labels()
        related_block: bool | str = False
        title_seen = False
        for i, para in enumerate(self.paras):
            if i in self.reasons:
                continue
            text = para.text
            key = self.keys[i]
            if not title_seen and i < 3 and self._is_title(key):
                self.reasons[i] = "headline (kept as the title)"
                title_seen = True
                continue
            reason = self._rule(i, para, key)
            if reason is None and related_block:
                bullet_only = related_block == "bullets"
                if (
                    looks_like_headline(text)
                    and (not bullet_only or _BULLET.match(text))
                    and not F.PROMO.search(text)
                ):
                    reason = "related-article list"
            if reason is None:
                related_block = False
                continue
            self.reasons[i] = reason
            if reason == "related-article heading":
                related_block = True
            elif reason == "related-article link":
                # A teaser link is often followed by a bulleted list of more.
                related_block = "bullets"

    def _is_title(self, key: str) -> bool:
        """The headline repeated at the top of the body, maybe without the site suffix."""
        if not self.title_key or not key:
            return False
        if key == self.title_key:
            return True
        shorter, longer = sorted((key, self.title_key), key=len)
        return len(shorter.split()) >= 4 and longer.startswith(shorter) and len(shorter) >= 0.6 * len(longer)

    def _rule(self, i: int, para: Paragraph, key: str) -> str | None:
        text = para.text
        words = para.words
        if not key:
            return "stray symbols"
        if words <= 6 and F.is_ui_string(text, key):
            return "page furniture (interface text)"
        if F.TIMESTAMP.match(text.strip()) or (F.SYMBOLS_ONLY.match(text) and words <= 3):
            if F.DATE_LINE.match(text.strip()) and self.near_edge(i):  # a numeric date stamp by the headline
                self.dateline = self.dateline or text.strip()
            return "stray number or timestamp"
        if words <= 40 and F.RELATED_HEADING.match(text.strip()):
            return "related-article heading"
        if words <= 30 and F.RELATED_INLINE.match(text.strip()):
            return "related-article link"
        bio = F.BIO_FIRST_PERSON.match(text) if words <= 120 else None
        if bio and (self.in_tail(i) or self.near_edge(i) or words <= 80):
            self.bio_author = self.bio_author or bio.group("name")
            if bio.group("outlet"):
                self.bio_outlet = self.bio_outlet or re.split(r"\.\s", bio.group("outlet"))[0].rstrip(".")
            return "author bio"
        if words <= 60 and F.BIO_THIRD_PERSON.search(text) and (self.in_tail(i) or self.near_edge(i) or words <= 25):
            return "author bio or contact"
        if words <= 8 and F.LINK_LINE.match(text.strip()):
            return "bare link"
        if words <= 40 and F.PROMO.search(text):
            for match in F.SELF_NAMING.finditer(text):
                name = match.group("a") or match.group("b")
                if name:
                    name = _CALL_TO_ACTION.sub("", name.strip()).rstrip(".")
                    if name:
                        self.self_named.append(name)
            return "subscribe, share or donate prompt"
        if words <= 20 and F.PHOTO_CREDIT.match(text.strip()):
            return "photo credit or caption label"
        if words <= 60 and F.COOKIE_NOTICE.search(text):
            return "cookie notice"
        if words <= 60 and F.OUTLET_BOILERPLATE.search(text) and (self.in_tail(i) or self.near_edge(i)):
            return "outlet boilerplate (about us, licence)"
        if words <= 40 and F.COPYRIGHT.search(text.strip()):
            return "copyright notice"
        credit = F.CREDIT_LINE.match(text.strip())
        if credit and words <= 12 and (self.in_tail(i) or i >= len(self.paras) - 3):
            self.credits.append(credit.group("credit").strip())
            return "credit line"
        if words <= 60 and F.CONTRIBUTOR_CREDIT.search(text.strip()):
            return "contributor credit"
        byline = F.BYLINE.match(text.strip())
        if byline and words <= 10 and (self.near_edge(i) or text.strip().lower().startswith(("author", "by "))):
            self.byline = self.byline or byline.group("name").strip()
            return "byline"
        unbulleted = _BULLET.sub("", text).strip()
        if words <= 10 and F.DATE_LINE.match(unbulleted) and self.near_edge(i):
            self.dateline = self.dateline or text.strip()
            return "article metadata line"
        both = byline_and_date(unbulleted) if words <= 12 and self.near_edge(i) else None
        if both:
            self.byline = self.byline or both[0]
            self.dateline = self.dateline or both[1]
            return "byline and date"
        if words <= 12 and F.META_LINE.match(unbulleted) and self.near_edge(i):
            if re.search(r"\d{4}", text) and re.match(r"^(published|posted|date|дата|pubblicato|veröffentlicht|опубликовано|опубліковано)", text.strip(), re.I):
                self.dateline = self.dateline or text.strip()
            return "article metadata line"
        if self.profile and self._recurring(i, key, words):
            # No counts in the reason: they change with every new article and
            # would make every stored article of the outlet look edited.
            return f"recurs across articles from {self.profile.outlet} (outlet furniture)"
        if not self.plain:
            # An HTML extractor already dropped the page's loose fragments; the
            # positional rules below would only remove its subheadings.
            return None
        if self.in_head(i) and looks_like_name(text) and self.byline is None:
            self.byline = text.strip()
            return "byline"
        if (self.in_head(i) or self.in_tail(i)) and words <= 3 and not _TERMINAL.search(text.strip()):
            return "short interface fragment in page header or footer"
        if self.in_tail(i) and words <= 3 and text.strip().endswith(":"):
            return "short interface fragment in page header or footer"
        return None

    def _recurring(self, i: int, key: str, words: int) -> bool:
        assert self.profile is not None
        if key not in self.profile.recurring:
            return False
        limit = self.settings.outlet_repeat_max_words_anywhere
        return words <= limit or self.near_edge(i)

    def _repeated_labels(self) -> None:
        limit = self.settings.inline_label_max_words
        keys = self.keys
        positions: dict[str, list[int]] = {}
        for i, (key, para) in enumerate(zip(keys, self.paras)):
            if key and para.words <= limit and not _TERMINAL.search(para.text.strip()):
                positions.setdefault(key, []).append(i)
        for indices in positions.values():
            # A tag repeated at the page's edge ("Live broadcast" above and below
            # the article); labels repeated through the body are its structure.
            at_edge = any(self.in_head(i) or self.in_tail(i) for i in indices)
            if 2 <= len(indices) <= 3 and at_edge:
                for i in indices:
                    self.reasons[i] = "repeated section label"


def clean_body(
    body: str,
    *,
    title: str | None = None,
    profile: OutletProfile | None = None,
    settings: CleanSettings | None = None,
    plain: bool = True,
) -> CleanResult:
    """Split ``body`` into kept text and removed segments (offsets into ``body``).

    ``plain`` is true for text that no HTML extractor has seen (text files,
    records): then loose fragments at the head and tail of the page, and a bare
    name under the headline, are treated as furniture and byline.
    """
    paragraphs = split_paragraphs(body)
    all_keys = [F.normalise_line(p.text) for p in paragraphs]
    reasons: dict[int, str] = {}
    passes: list[_Cleaner] = []
    # Some rules depend on position (head, tail, last lines), and removing
    # furniture moves the edges; repeat until nothing more goes, so the result
    # is a fixed point and cleaning it again changes nothing.
    for _ in range(_MAX_PASSES):
        kept_idx = [i for i in range(len(paragraphs)) if i not in reasons]
        cleaner = _Cleaner(
            [paragraphs[i] for i in kept_idx], title, profile, settings or default_settings().clean, plain, [all_keys[i] for i in kept_idx]
        )
        cleaner.run()
        passes.append(cleaner)
        if not cleaner.reasons:
            break
        for local, reason in cleaner.reasons.items():
            reasons[kept_idx[local]] = reason
    kept: list[str] = []
    removed: list[RemovedSegment] = []
    for i, para in enumerate(paragraphs):
        why = reasons.get(i)
        if why is None:
            kept.append(para.text)
        else:
            removed.append(RemovedSegment(para.text, why, para.start, para.end))

    def first(attr: str) -> str | None:
        return next((getattr(c, attr) for c in passes if getattr(c, attr)), None)

    signals = Signals(
        byline=first("byline"),
        bio_author=first("bio_author"),
        bio_outlet=first("bio_outlet"),
        credits=tuple(dict.fromkeys(x for c in passes for x in c.credits)),
        self_named_outlets=tuple(dict.fromkeys(x for c in passes for x in c.self_named)),
        dateline=first("dateline"),
    )
    return CleanResult(PARAGRAPH_SEP.join(kept), tuple(removed), signals)


def restore_body(text: str, removed: tuple[RemovedSegment, ...] | list[RemovedSegment]) -> str:
    """Put removed paragraphs back where they were: the inverse of :func:`clean_body`."""
    kept = iter(text.split(PARAGRAPH_SEP) if text else [])
    out: list[str] = []
    pos = 0
    for seg in sorted(removed, key=lambda s: s.start):
        while pos < seg.start:
            chunk = next(kept)
            out.append(chunk)
            pos += len(chunk) + len(PARAGRAPH_SEP)
        out.append(seg.text)
        pos = seg.end + len(PARAGRAPH_SEP)
    out.extend(kept)
    return PARAGRAPH_SEP.join(out)


def recurring_lines(bodies: Iterable[str], settings: CleanSettings) -> tuple[dict[str, int], int]:
    """Normalised lines seen in enough of one outlet's articles to be its furniture.

    Returns the lines with their article counts, and how many bodies were read.
    """
    min_articles = settings.outlet_repeat_min_articles
    min_share = settings.outlet_repeat_min_share
    counts: Counter[str] = Counter()
    total = 0
    for body in bodies:
        total += 1
        counts.update({F.normalise_line(p.text) for p in split_paragraphs(body)} - {""})
    if total < min_articles:
        return {}, total
    needed = max(min_articles, int(min_share * total + 0.9999))
    return {line: n for line, n in counts.items() if n >= needed}, total
