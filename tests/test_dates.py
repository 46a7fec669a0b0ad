"""Explicit dates of metadata and date lines (newsprism.extract.dates.parse_date), and one through ingestion."""

from __future__ import annotations

import pytest

from newsprism.extract.dates import parse_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-04", "2025-03-04"),
        ("2025-03-04T09:30:00Z", "2025-03-04T09:30:00+00:00"),
        ("Tue, 04 Mar 2025 09:30:00 +0100", "2025-03-04T08:30:00+00:00"),
        ("Published: May 16, 2005", "2005-05-16"),
        ("Updated : May 16 , 2005 , 6 : 03 PM ET", "2005-05-16"),  # tokenised: the comma stands apart
        ("Posted 3 March , 2009", "2009-03-03"),
        ("04.03.2025", "2025-03-04"),
        ("May 16", None),  # no year: not guessed here
        ("February 30, 2024", None),
        ("", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_a_tokenised_published_line_dates_a_plain_text_article(tmp_path, store):
    from newsprism.extract.runner import ingest
    from newsprism.settings import default_settings

    body = (
        "Ferry to stop in March\n\nPublished : May 16 , 2005\n\n"
        "The ferry between Brenn and Kessel will stop running in March, the harbour board said on Tuesday. "
        "The board blamed rising fuel costs and a fall in winter passengers for the decision.\n\n"
        "About 400 people a day used the crossing last summer, according to the operator, and local "
        "councillors said they would ask the regional government to fund a replacement service."
    )
    (tmp_path / "ferry.txt").write_text(body, "utf-8")
    ingest([str(tmp_path / "ferry.txt")], store, default_settings())
    (article,) = store.iter_articles()
    assert article.published == "2005-05-16"
    assert "Published" not in article.text
