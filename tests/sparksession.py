"""One local Spark session for the whole test run (starting one costs ~10 s and ~1.4 GB).

Usage: ``from sparksession import spark`` in a test module, then take ``spark`` as a parameter.
Skipped with the reason when pyspark or Java is missing, unless ``CI`` is set: there it fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    from newsprism.errors import MissingDependencyError
    from newsprism.spark.session import start_session

    try:
        session = start_session("local[2]", app_name="newsprism-tests",
                                config={"spark.sql.shuffle.partitions": "4", "spark.driver.memory": "2g"})
    except MissingDependencyError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Spark here: {exc}")
    yield session
    session.stop()
