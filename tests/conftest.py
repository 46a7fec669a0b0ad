"""Shared fixtures: the ../shared data (skipped when absent) and fresh stores."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from newsprism.settings import FetchSettings, Settings, default_settings, with_values
from newsprism.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSPRISM_SHARED", REPO.parent / "shared"))
DEMO = REPO / "examples" / "demo"

# An article's paragraphs, for tests that write inputs by hand.
PARA_1 = (
    "The city council voted on Thursday to close the old harbour bridge to cars from next spring, "
    "after engineers warned that its steel supports had corroded."
)
PARA_2 = "Council leader Ana Brix said the decision was painful but that public safety had to come first."
PARA_3 = "Shopkeepers on the east bank said they feared losing customers during the two years of repairs."


def fetch_settings(**overrides: Any) -> FetchSettings:
    """The packaged [fetch] defaults, made fast for tests, plus ``overrides``."""
    values: dict[str, Any] = dict(
        timeout_seconds=5.0,
        connect_timeout_seconds=2.0,
        retries=0,
        backoff_seconds=0.01,
        per_host_delay_seconds=0.0,
        respect_robots=False,
    )
    values.update(overrides)
    return with_values(default_settings().fetch, **values)


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason when it is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not found: the shared datasets sit beside the checkout in CI (set NEWSPRISM_SHARED)")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with open_store(tmp_path / "test.db") as s:
        yield s


@pytest.fixture(scope="session")
def settings() -> Settings:
    """The packaged default settings."""
    return default_settings()


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the five seed articles, ingested and read as one corpus (shared by the seed tests)."""
    from newsprism.annotate.runner import annotate
    from newsprism.extract.runner import ingest
    from newsprism.settings import default_settings

    folder = shared_path("corpus", "seeds")
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with open_store(db) as store:
        ingest([str(folder)], store, default_settings())
        annotate(store, default_settings())
    return db


@pytest.fixture(scope="session")
def use_encoder():
    """The multilingual sentence encoder, loaded once for the session."""
    from newsprism.copies.vectors import load_encoder

    return load_encoder()


@pytest.fixture(scope="session")
def loaded_scorer(use_encoder):
    """The packaged loaded-wording model over the session's encoder."""
    from newsprism.compare.loaded import LoadedScorer

    return LoadedScorer(use_encoder)


@pytest.fixture(scope="session")
def compared_demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus run through the whole pipeline, stories compared (shared, read only by its users)."""
    from newsprism.demo import run_demo
    from newsprism.pipeline import update
    from newsprism.settings import default_settings

    db = tmp_path_factory.mktemp("demo-compared") / "demo.db"
    run_demo(db, default_settings())
    with open_store(db) as store:
        update(store, default_settings())
    return db
