"""The stages chained: the one place that runs one stage after another.

Each stage's runner (``extract.runner.ingest``, ``annotate.runner.annotate``, ``copies.runner.run_copies``,
``stories.runner.run_stories``, ``compare.runner.run_compare``) does its own step only. A caller that
wants a later stage's output up to date runs the earlier stages first, through :func:`update`; each
of them returns at once when its inputs are unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Literal

from .annotate.runner import annotate
from .copies.runner import run_copies
from .extract.runner import ingest
from .schema import IngestReport
from .settings import Settings
from .stage import StageResult
from .store import Store

CorpusStage = Literal["copies", "stories", "compare"]
CORPUS_STAGES: tuple[CorpusStage, ...] = ("copies", "stories", "compare")


def update(store: Store, settings: Settings, through: CorpusStage = "compare", *,
           vectors: bool | None = None, encoder: Any = None) -> dict[str, StageResult]:
    """Bring the corpus stages up to date, in order, up to and including ``through``.

    ``vectors`` overrides the ``[copies] vectors`` setting for this run; ``encoder`` is the sentence
    encoder comparisons use (loaded here when None)."""
    from .compare.runner import run_compare
    from .stories.runner import run_stories

    results: dict[str, StageResult] = {"copies": run_copies(store, settings, vectors=vectors)}
    if through in ("stories", "compare"):
        results["stories"] = run_stories(store, settings)
    if through == "compare":
        results["compare"] = run_compare(store, settings, encoder=encoder)
    return results


def run(sources: Iterable[str], store: Store, settings: Settings, *,
        on_stage: Callable[[str], None] | None = None) -> tuple[IngestReport, int, dict[str, StageResult]]:
    """The whole pipeline: ingest ``sources``, annotate what is new, then copies, stories and comparisons."""
    if on_stage:
        on_stage("ingest")
    report = ingest(sources, store, settings)
    if on_stage:
        on_stage("annotate")
    annotated = annotate(store, settings)
    if on_stage:
        on_stage("copies, stories and comparisons")
    return report, annotated, update(store, settings)
