"""The JSON API against its own OpenAPI description: schemathesis generates requests from it (filters,
ids, pages, hostile strings) and checks every answer's status, content type and body against it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="the API tests need schemathesis: pip install -e '.[test]'")
from hypothesis import HealthCheck, settings  # noqa: E402

from newsprism.extract.runner import ingest  # noqa: E402
from newsprism.pipeline import update  # noqa: E402
from newsprism.settings import default_settings  # noqa: E402
from newsprism.store import open_store  # noqa: E402
from newsprism.web.app import create_app  # noqa: E402

REPORT = ("Harbour board reopens the quay\n\nThe harbour board said on Tuesday that the quay would reopen in May. "
          "\"We will rebuild it,\" the chair said.\n")


def _app():
    """A store with one compared story, in a temporary folder (the schema is read at import time)."""
    folder = Path(tempfile.mkdtemp(prefix="newsprism-api-"))
    source = folder / "quay.txt"
    source.write_text(REPORT, "utf-8")
    db = folder / "api.db"
    with open_store(db) as store:
        ingest([str(source)], store, default_settings())
        update(store, default_settings())
    return create_app(db)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_as_described(case):
    case.call_and_validate()
