"""Alerts: what changed in the store since the watcher last looked.

Four kinds, each about something with a stable key, raised once per key:

- ``new-story``: a story is now carried by ``[watch] story_min_outlets`` outlets (key ``story:K``);
- ``story-grew``: an announced story gained outlets (one key per story and outlet);
- ``copy``: one article reuses another's text (key per pair and kind), with the content-farm signals
  of the copy when it has any;
- ``disagreement``: outlets of a story give conflicting figures, dates, names or attributions (key per
  story, kind and the conflicting values).

The stories stage names a story after its first article, so a story can be renamed when an earlier
article joins it. The watcher keeps its own key per story: a story takes the key most of its articles
had when last seen, so its alerts are not raised again under the new name.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..store import Store
from ..store.records import ArticleSummary
from ..store.watch import WatchState

NewAlert = dict[str, Any]
_REUSE_VERBS = {"duplicate": "republishes", "copy": "copies", "partial": "reuses passages of",
                "rewrite": "rewrites", "shared-source": "shares wire text with"}


@dataclass(frozen=True)
class Looked:
    """What the last look read: each story's comparison state and the copies stage's state. A
    comparison or a set of copy links that has not changed since holds nothing new to raise."""

    comparisons: dict[str, str]
    copies: str | None


@dataclass
class Findings:
    """The alerts of one look at the store, and what to remember so they are not raised again."""

    alerts: list[NewAlert] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    story_keys: dict[str, str] = field(default_factory=dict)
    looked: Looked = field(default_factory=lambda: Looked({}, None))


def _stable_keys(stories: list[tuple[str, tuple[str, ...]]], before: dict[str, str]) -> dict[str, str]:
    """Story id -> the watcher's key: the key most of its articles had, largest stories first; a story
    whose articles had none (or whose key a larger story took) keeps its own id."""
    taken: set[str] = set()
    keys: dict[str, str] = {}
    for story_id, articles in sorted(stories, key=lambda s: (-len(s[1]), s[0])):
        votes = Counter(before[a] for a in articles if a in before)
        key = next((k for k, _ in votes.most_common() if k not in taken), story_id)
        taken.add(key)
        keys[story_id] = key
    return keys


def _outlets(summaries: Iterable[ArticleSummary]) -> list[str]:
    return sorted({s.outlet for s in summaries if s.outlet})


def _names(outlets: list[str]) -> str:
    return ", ".join(outlets[:5]) + (f" and {len(outlets) - 5} more" if len(outlets) > 5 else "")


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=8).hexdigest()


def find_alerts(store: Store, state: WatchState, *, min_outlets: int, now: str,
                before: Looked | None = None) -> Findings:
    """Everything alert-worthy in the store that ``state`` has not seen yet; with ``before`` (the last
    look of this process), comparisons and copy links unchanged since are not read again."""
    seen = state.seen()
    found = Findings(looked=Looked(store.comparison_states(), store.state("copies")))
    unchanged = {s for s, v in found.looked.comparisons.items() if before and before.comparisons.get(s) == v}

    def raise_once(key: str, alert: NewAlert) -> None:
        found.seen.add(key)
        if key not in seen:
            found.alerts.append({**alert, "time": now})

    stories = store.stories()
    summaries = {s.id: s for s in store.summaries_of(a for story in stories for a in story.articles)}
    keys = _stable_keys([(s.id, s.articles) for s in stories], state.story_keys())
    story_of: dict[str, str] = {}
    for story in stories:
        key = keys[story.id]
        members = [summaries[a] for a in story.articles if a in summaries]
        story_of.update({a: story.id for a in story.articles})
        found.story_keys.update({a: key for a in story.articles})
        outlets = _outlets(members)
        if len(outlets) < min_outlets:
            continue
        base = {"story": story.id, "articles": list(story.articles), "outlets": outlets}
        joined = [o for o in outlets if f"outlet:{key}:{o}" not in seen]
        if f"story:{key}" not in seen:
            raise_once(f"story:{key}", {"type": "new-story", **base,
                                        "summary": f"new story \"{story.title}\": {len(story.articles)} articles "
                                                   f"from {len(outlets)} outlets ({_names(outlets)})"})
        elif joined:
            new_articles = [m.id for m in members if m.outlet in joined]
            raise_once(f"grew:{key}:{_digest(*joined)}", {
                "type": "story-grew", **base, "new_outlets": joined, "new_articles": new_articles,
                "summary": f"story \"{story.title}\" now also from {_names(joined)} ({len(outlets)} outlets)"})
        found.seen.update(f"outlet:{key}:{o}" for o in outlets)
        if story.id not in unchanged:
            _disagreements(store, story.id, key, outlets, raise_once)
    if before is None or before.copies != found.looked.copies:
        _copies(store, story_of, raise_once)
    return found


def _disagreements(store: Store, story_id: str, key: str, outlets: list[str], raise_once: Any) -> None:
    comparison = store.comparison_json(story_id)
    for disagreement in (comparison or {}).get("disagreements", []):
        sides = disagreement.get("sides", [])
        values = sorted(str(side.get("value", "")) for side in sides)
        sides_outlets = sorted({o for side in sides for o in side.get("outlets", [])})
        kind = str(disagreement.get("kind", ""))
        told = "; ".join(f"{side.get('value')} ({_names(list(side.get('outlets', [])))})" for side in sides)
        raise_once(f"disagreement:{key}:{_digest(kind, *values)}", {
            "type": "disagreement", "story": story_id,
            "articles": sorted({span.get("article") for side in sides for span in side.get("spans", [])} - {None}),
            "outlets": sides_outlets or outlets,
            "kind": kind, "values": values, "summary": f"outlets disagree on a {kind}: {told}"})


def _copies(store: Store, story_of: dict[str, str], raise_once: Any) -> None:
    links = store.copy_links()
    if not links:
        return
    signals = store.signals()
    summaries = {s.id: s for s in store.summaries_of({i for link in links for i in (link.source, link.target)})}
    for link in links:
        source, target = summaries.get(link.source), summaries.get(link.target)
        outlets = _outlets(s for s in (source, target) if s is not None)
        farm = signals.get(link.target, [])
        what = _REUSE_VERBS.get(link.kind, f"reuses text ({link.kind}) of")
        summary = (f"{(target.outlet if target else None) or link.target} {what} "
                   f"{(source.outlet if source else None) or link.source}")
        if farm:
            summary += f" (content-farm signals: {', '.join(farm)})"
        # Once per pair of articles: a link that changes kind or direction as articles arrive is the
        # same reuse.
        raise_once(f"copy:{min(link.source, link.target)}:{max(link.source, link.target)}", {
            "type": "copy", "story": story_of.get(link.target),
            "articles": [link.source, link.target], "outlets": outlets, "kind": link.kind,
            "signals": farm, "summary": summary})
