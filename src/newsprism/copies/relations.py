"""What a shared-text pair is, which way it runs, and why: the output records and their evidence.

Direction, strongest evidence first: a credit line in one article naming the
other's outlet; then publication times; then containment (when one text is
wholly inside the other, the contained one is the original and the other
added to it). With none of these the pair is ordered by id and the evidence
says the direction is unknown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from ..schema import Article

Kind = Literal["duplicate", "copy", "partial", "shared-source", "rewrite"]
KINDS: tuple[Kind, ...] = ("duplicate", "copy", "partial", "shared-source", "rewrite")

_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|my|me)\b")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HOST_SUFFIX = re.compile(r"\.(?:com|net|org|info|news|co\.uk|co|example|[a-z]{2})$")


@dataclass(frozen=True)
class Passage:
    """A reused stretch of text: offsets into the source's and the target's ``text``."""

    source_start: int
    source_end: int
    target_start: int
    target_end: int

    def flipped(self) -> Passage:
        return Passage(self.target_start, self.target_end, self.source_start, self.source_end)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CopyLink:
    """``target`` reuses text of ``source`` (or, for ``shared-source``, both reuse a third text)."""

    source: str
    target: str
    kind: Kind
    shared_ratio_source: float
    shared_ratio_target: float
    passages: tuple[Passage, ...]
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON Lines contract of a copy link."""
        return {
            "source": self.source,
            "target": self.target,
            "kind": self.kind,
            "shared_ratio_source": round(self.shared_ratio_source, 4),
            "shared_ratio_target": round(self.shared_ratio_target, 4),
            "passages": [p.to_dict() for p in self.passages],
            "evidence": self.evidence,
        }

    def export_dict(self) -> dict[str, Any]:
        """The link as the exports, ``--json`` and the JSON API write it: the store's column order,
        which puts the evidence before the passages."""
        record = self.to_dict()
        passages = record.pop("passages")
        return {**record, "passages": passages}


@dataclass(frozen=True)
class When:
    """A publication time in UTC; ``day_only`` when only the date was known."""

    moment: datetime
    day_only: bool


def parse_when(value: str | None) -> When | None:
    if not value:
        return None
    text = value.strip()
    try:
        if _DATE_ONLY.match(text):
            return When(datetime.fromisoformat(text).replace(tzinfo=UTC), True)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return When(moment.astimezone(UTC), False)


def lead_seconds(earlier: When | None, later: When | None) -> float | None:
    """How long ``earlier`` came before ``later`` (negative if after); None when it cannot be told.

    With a bare date on either side only whole days count: the same day is a tie (0).
    """
    if earlier is None or later is None:
        return None
    if earlier.day_only or later.day_only:
        days = (later.moment.date() - earlier.moment.date()).days
        return days * 86400.0
    return (later.moment - earlier.moment).total_seconds()


def describe_lead(seconds: float) -> str:
    if seconds % 86400 == 0:
        days = round(seconds / 86400)
        return f"{days} day" if days == 1 else f"{days} days"
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} min"
    if seconds < 48 * 3600:
        return f"{round(seconds / 3600)} h"
    days = round(seconds / 86400)
    return f"{days} day" if days == 1 else f"{days} days"


def fold_outlet(name: str) -> str:
    """An outlet name or host reduced for comparison: 'The Northgate Bulletin' -> 'northgatebulletin'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold().strip()
    text = re.sub(r"^(?:https?://)?(?:www\.)?", "", text)
    text = _HOST_SUFFIX.sub("", text.split("/")[0]) if "." in text and " " not in text else text
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[^a-z0-9]", "", text)


def same_outlet(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    fa, fb = fold_outlet(a), fold_outlet(b)
    if not fa or not fb:
        return False
    if fa == fb:
        return True
    short, long_ = sorted((fa, fb), key=len)
    # "korrespondent" names korrespondent.net; a prefix this long is not a coincidence.
    return len(short) >= 5 and long_.startswith(short)


def outlet_names(article: Article) -> list[str]:
    names = [article.outlet] if article.outlet else []
    if article.url:
        host = urlsplit(article.url).hostname
        if host:
            names.append(host)
    return names


def credited(by: Article, whom: Article) -> str | None:
    """The credit in ``by`` that names ``whom``'s outlet (or its web host), if any."""
    for credit in by.credits:
        if any(same_outlet(credit, name) for name in outlet_names(whom)):
            return credit
    return None


def common_agency(a: Article, b: Article) -> str | None:
    """A third party both articles credit (a wire agency), that is neither one's own outlet."""
    own = outlet_names(a) + outlet_names(b)
    for credit in a.credits:
        if any(same_outlet(credit, other) for other in b.credits) and not any(same_outlet(credit, o) for o in own):
            return credit
    return None


@dataclass(frozen=True)
class Direction:
    source_first: bool  # True: ``a`` is the source
    reasons: tuple[str, ...]


def direction(a: Article, b: Article, when_a: When | None, when_b: When | None,
              cover_a: float, cover_b: float, *, use_credits: bool = True) -> Direction:
    """Which of ``a`` and ``b`` is the original, and the reasons, strongest first."""
    reasons: list[str] = []
    credit_b = credited(b, a) if use_credits else None
    credit_a = credited(a, b) if use_credits else None
    lead = lead_seconds(when_a, when_b)
    verdict: bool | None = None
    if credit_b and not credit_a:
        verdict = True
    elif credit_a and not credit_b:
        verdict = False
    if lead:
        by_date = lead > 0
        if verdict is None:
            verdict = by_date
        note = f"published {describe_lead(abs(lead))} earlier"
        reasons.append(note if verdict == by_date else f"although the target was {note}")
    credit = credit_b if verdict else credit_a
    if credit:
        reasons.append(f"target credits '{credit}'")
    if verdict is None and abs(cover_a - cover_b) >= 0.05:
        verdict = cover_a > cover_b
        inner, outer = (cover_a, cover_b) if verdict else (cover_b, cover_a)
        reasons.append(f"source text is contained in the target ({inner:.0%} of it reused, {outer:.0%} of the target)")
    if verdict is None:
        verdict = a.id <= b.id
        reasons.append("direction unknown (no dates, credits or containment); ordered by id")
    return Direction(verdict, tuple(reasons))


def content_farm_signals(article: Article) -> list[str]:
    """Signals in the article itself: a first-person author bio and credits to other outlets."""
    signals = []
    for seg in article.removed:
        if seg.reason.startswith("author bio") and _FIRST_PERSON.search(seg.text):
            snippet = seg.text if len(seg.text) <= 60 else seg.text[:57].rstrip() + "..."
            signals.append(f"first-person author bio: '{snippet}'")
    for credit in article.credits:
        if not any(same_outlet(credit, own) for own in outlet_names(article)):
            signals.append(f"credits another outlet: '{credit}'")
    return signals


def byline_signal(source: Article, target: Article) -> str | None:
    """Copied text under a different byline than the original's."""
    if not source.author or not target.author:
        return None
    if fold_outlet(source.author) == fold_outlet(target.author):
        return None
    return (f"copies {source.id} ({source.outlet or 'unknown outlet'}) under a different byline: "
            f"'{target.author}', originally '{source.author}'")
