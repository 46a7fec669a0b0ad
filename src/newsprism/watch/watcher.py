"""The watch loop: poll the sources that are due, bring the store up to date, raise alerts, sleep.

What survives a crash: poll state, seen keys and alerts live in the store. Articles are committed in
batches as they are read (a kill loses at most the batch in progress, which the next poll reads
again, since a source's validators are saved only after its items are committed). Alerts are stored
as undelivered in the transaction that records what they are about, then written out and marked
delivered: a restart delivers what a kill left undelivered, and raises nothing twice.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..schema import ItemResult
from ..settings import Settings
from ..sources.fetch import Fetcher
from ..sources.reader import Item, SourceReader
from ..store import Store
from ..store.watch import SourceState, WatchState
from .alerts import Looked, find_alerts
from .sources import expand, poll

Say = Callable[[str], None]
# The corpus state (store.corpus_fingerprint) the watcher last raised alerts for.
ANALYSED = "watch:analysed"


@dataclass
class CycleReport:
    """What one poll of every due source did."""

    polled: int = 0
    items: list[ItemResult] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    failing: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.items if r.status == status)


@dataclass
class WatchOptions:
    alerts_path: Path | None = None
    webhook: str | None = None
    print_alerts: bool = True
    allow_private: bool | None = None


class Watcher:
    """Keeps one store current from ``sources``; ``stop()`` (e.g. from a signal) ends it after the
    current item."""

    def __init__(self, sources: list[str], store: Store, settings: Settings, options: WatchOptions,
                 *, say: Say, emit: Say) -> None:
        self.sources = sources
        self.store = store
        self.settings = settings
        self.options = options
        self.say = say  # progress and failures, one line each (stderr)
        self.emit = emit  # alerts, one JSON object per line (stdout)
        self.state = WatchState(store)
        self._stopping = threading.Event()
        self._baseline = self.state.is_fresh() and store.count() > 0
        self._encoder: Any = None
        self._reported: set[tuple[str, str]] = set()
        self._looked: Looked | None = None  # what the last analysis read (see alerts.Looked)
        # A feed that changed is read for its new entries: the pages of those already stored are not
        # fetched again at every poll.
        self.reader = SourceReader(settings.ingest, lambda: Fetcher(
            settings.fetch, allow_private=options.allow_private, version=__version__),
            skip_link=self.state.has_origin)

    def stop(self) -> None:
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def close(self) -> None:
        self.reader.close()

    def run(self, cycles: int | None) -> int:
        """Poll until stopped or ``cycles`` polls are done. The exit code: 0 when stopped by a signal or
        when every item and source of the run was read, 1 when some failed (as ``ingest`` does)."""
        self.deliver_pending()
        # What the store already holds is known before the first poll: on a first watch it is the
        # baseline; after a run that stopped before analysing what it stored, it is analysed now.
        # (Checked once: the corpus fingerprint reads every article.)
        if self._baseline or self.store.state(ANALYSED) != self.store.corpus_fingerprint():
            self.analyse()
        done = 0
        failed = False
        while not self.stopping and (cycles is None or done < cycles):
            # A run's first poll asks every source not backing off after a failure (a cron job running
            # --once every few minutes polls each time); later polls follow each source's schedule.
            report = self.cycle(first=done == 0)
            done += 1
            failed = failed or bool(report.failing) or report.count("failed") > 0
            failing = f" ({len(report.failing)} failing)" if report.failing else ""
            self.say(f"poll {done}: {report.polled} sources{failing}, {report.count('added')} added, "
                     f"{report.count('updated')} updated, {report.count('failed')} failed, "
                     f"{len(report.alerts)} alerts")
            if cycles is not None and done >= cycles:
                break
            self._stopping.wait(self.seconds_to_next_poll())
        return 0 if self.stopping else int(failed)

    def seconds_to_next_poll(self) -> float:
        """Until the earliest due source (at least one second, at most the longest interval)."""
        now = time.time()
        due = [self.state.source(s).next_poll for s in expand(self.sources)]
        longest = max([self.settings.watch.interval_seconds, *(v for _, v in self.settings.watch.intervals)])
        return min(max(1.0, min(due, default=now + longest) - now), longest)

    # -- one poll ----------------------------------------------------------------
    def cycle(self, first: bool = False) -> CycleReport:
        from ..extract.runner import ingest_items

        report = CycleReport()
        now = time.time()
        for source in expand(self.sources):
            if self.stopping:
                break
            state = self.state.source(source)
            if state.next_poll > now and not (first and state.failures == 0):
                continue
            report.polled += 1
            result = poll(self.reader, state)
            outcome = ingest_items(self._until_stopped(result.items), self.store, self.settings)
            report.items.extend(outcome.results)
            for failure in outcome.failures:
                if failure.origin != source and (failure.origin, failure.reason or "") not in self._reported:
                    # An item failing the same way at every poll (a bad file in a folder) is reported once.
                    self._reported.add((failure.origin, failure.reason or ""))
                    self.say(f"failed {failure.origin}: {failure.reason}")
            if self.stopping and result.error is None:
                break  # items not read yet come with the next poll: keep the old validators
            # The source's own document failing (a feed cut short, not one of its entries) fails the source.
            error = result.error or next((r.reason for r in outcome.failures if r.origin == source), None)
            with self.store.transaction():
                self.state.save_source(self._next_state(
                    replace(result.state, etag=None, last_modified=None) if error else result.state, error, now))
            if error is not None:
                report.failing.append(source)
        if any(r.status in ("added", "updated") for r in report.items):
            report.alerts = self.analyse()
        return report

    def _until_stopped(self, items: Iterator[Item]) -> Iterator[Item]:
        for item in items:
            yield item
            if self.stopping:
                return

    def _next_state(self, state: SourceState, error: str | None, now: float) -> SourceState:
        interval = self.settings.watch.interval_for(state.source)
        if error is None:
            if state.failures:
                self.say(f"{state.source}: reachable again after {state.failures} failed polls")
            return replace(state, next_poll=now + interval, failures=0, last_error=None)
        failures = state.failures + 1
        wait = min(interval * 2 ** (failures - 1), self.settings.watch.max_backoff_seconds)
        if error != state.last_error:  # a source failing the same way is reported once
            self.say(f"{state.source}: {error}; retrying in {wait:.0f} s (newsprism keeps polling the others)")
        return replace(state, next_poll=now + wait, failures=failures, last_error=error)

    # -- analysis and alerts -----------------------------------------------------
    def analyse(self) -> list[dict[str, Any]]:
        """Annotate what is new, bring copies, stories and comparisons up to date, raise alerts."""
        from ..annotate.runner import annotate
        from ..pipeline import update

        annotate(self.store, self.settings,
                 on_failure=lambda article, reason: self.say(f"article {article} could not be read: {reason}"))
        if self.stopping:
            return []
        if self._encoder is None:  # loaded once for the watcher's life, not at every poll
            from ..copies.vectors import UseEncoder

            self._encoder = UseEncoder()
        update(self.store, self.settings, "compare", encoder=self._encoder)
        findings = find_alerts(self.store, self.state, min_outlets=self.settings.watch.story_min_outlets,
                               now=datetime.now(UTC).isoformat(timespec="seconds"), before=self._looked)
        raised: list[dict[str, Any]] = []
        with self.store.transaction():
            self.state.mark_seen(findings.seen)
            self.state.set_story_keys(findings.story_keys)
            if not self._baseline:
                raised = [self.state.add_alert(alert) for alert in findings.alerts]
            self.store.set_state(ANALYSED, self.store.corpus_fingerprint())
        self._looked = findings.looked
        if self._baseline:
            self.say(f"first watch of a store with {self.store.count()} articles: what it holds is taken as "
                     f"known ({len(findings.alerts)} possible alerts not raised); alerts start from the next change")
            self._baseline = False
        self.deliver_pending()
        return raised

    def deliver_pending(self) -> None:
        for alert in self.state.undelivered():
            self._deliver(alert)
            with self.store.transaction():
                self.state.mark_delivered(int(alert["id"]))

    def _deliver(self, alert: dict[str, Any]) -> None:
        line = json.dumps(alert, ensure_ascii=False)
        if self.options.alerts_path is not None:
            with open(self.options.alerts_path, "a", encoding="utf-8") as handle:
                handle.write(line + "\n")
                handle.flush()
                os.fsync(handle.fileno())
        if self.options.print_alerts:
            self.emit(line)
        if self.options.webhook:
            self._post(alert)

    def _post(self, alert: dict[str, Any]) -> None:
        import httpx

        try:
            response = httpx.post(self.options.webhook or "", json=alert, timeout=self.settings.fetch.timeout_seconds)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            self.say(f"webhook {self.options.webhook}: alert {alert['id']} not accepted ({exc}); "
                     "it is kept in the store and the alerts file")
