"""What every stage runner shares: the "skip when unchanged, recompute, replace, record state" step,
and batching of a stream.

A corpus stage's output in the store describes one state of its inputs and settings (a string the
stage builds). When the stored state is that string, the stage has nothing to do; otherwise it
computes its output and replaces the stored one together with the new state, in one transaction, so
an interrupted run leaves the old output and the old state.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple, TypeVar

from .store import Store

T = TypeVar("T")


class StageResult(NamedTuple):
    """What a corpus stage's run did: how many items its output holds, and whether it was computed now."""

    items: int
    recomputed: bool


def is_current(store: Store, stage: str, state: str, *, force: bool = False) -> bool:
    """True when the stage's stored output was computed from exactly ``state`` (and not ``force``)."""
    return not force and store.state(stage) == state


def replace_output(store: Store, stage: str, state: str, write: Callable[[], None]) -> None:
    """Write the stage's new output and record the state it describes, in one transaction."""
    with store.transaction():
        write()
        store.set_state(stage, state)


def batches(items: Iterable[T], size: int, max_seconds: float | None = None,
            clock: Callable[[], float] = time.monotonic) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last may be shorter); with ``max_seconds``, a list is
    also closed once that long has passed since its first item came (slow sources still commit often)."""
    batch: list[T] = []
    started = 0.0
    for item in items:
        if not batch:
            started = clock()
        batch.append(item)
        if len(batch) >= size or (max_seconds is not None and clock() - started >= max_seconds):
            yield batch
            batch = []
    if batch:
        yield batch
