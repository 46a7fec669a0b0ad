"""Golden checks on real Russian, Ukrainian and Italian news read in place from ../shared.

Each expectation was verified by reading the article: a quote starting at an offset, with the speaker it
was given (the corpus's own entity for factRuEval and ner-uk, whose annotations stand in for a tagger; the
speaker's words for Italian, which has none). No article text is copied here, only offsets and ids.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import shared_path
from newsprism.annotate.speech import find_speech
from newsprism.evaluate.unparsed import RoleDocument, read_factrueval_roles, read_ner_uk_roles

pytestmark = [pytest.mark.slow, pytest.mark.shared]

# document -> [(quote start, speaker's entity key)]
RUSSIAN = {
    "devset/book_115.txt": [(1211, "obj94")],
    "devset/book_124.txt": [(387, "obj117"), (737, "obj122")],  # the first through "он"
    "devset/book_1256.txt": [(35, "obj1563")],  # "Как сообщает ..."
    "devset/book_142.txt": [(649, "obj147"), (1034, "obj146"), (1131, "obj146"), (1245, "obj146"), (2110, "obj150"),
                            (5722, "obj152"), (6210, "obj152"), (6490, "obj152")],
    "devset/book_147.txt": [(895, "obj646"), (2416, "obj651"), (2953, "obj651"), (2986, "obj651"), (3450, "obj652"),
                            (4070, "obj654"), (4349, "obj654"), (4453, "obj654")],
    "devset/book_151.txt": [(1047, "obj992"), (1263, "obj992")],
    "devset/book_182.txt": [(98, "obj224"), (702, "obj234"), (1079, "obj229")],
    "devset/book_252.txt": [(788, "obj1315"), (1515, "obj1319")],  # the second by the role word alone
}
UKRAINIAN = {
    "02bebf42e010.txt": [(260, "e6"), (373, "e6")],
    "0f9884d8a5e1.txt": [(1208, "e16"), (1858, "e30")],
    "0e6b8eb14491.txt": [(942, "e6")],
}
# pair id and side -> [(quote start, speaker's words)]
ITALIAN = {
    "1484698274it_1483809845it/2": [(469, "Trump")],
    "1532982474it_1528734781it/1": [(20, "Joe Rogan")],
    "1532982474it_1528734781it/2": [(781, "Fury")],
    "1484012348es_1484255820it/2": [(450, "Agus Wibowo")],
}


def _documents(found: list[RoleDocument], names: dict[str, list[tuple[int, str]]]) -> dict[str, RoleDocument]:
    return {doc.name: doc for doc in found if doc.name in names}


@pytest.mark.parametrize(("language", "expected"), [("ru", RUSSIAN), ("uk", UKRAINIAN)])
def test_speakers_in_real_news(language: str, expected: dict[str, list[tuple[int, str]]]) -> None:
    if language == "ru":
        found = list(read_factrueval_roles(shared_path("data", "factrueval")))
    else:
        found = list(read_ner_uk_roles(shared_path("data", "ner-uk", "ng")))
    documents = _documents(found, expected)
    assert set(documents) == set(expected)
    for name, quotes in expected.items():
        doc = documents[name]
        speakers = {q.start: q.speaker_key for q in find_speech(doc.text, language, doc.entities)}
        for start, key in quotes:
            assert speakers.get(start, "no quote") == key, (name, start)


def test_italian_speakers_named_without_a_tagger() -> None:
    path: Path = shared_path("data", "semeval2022t8", "training_set.csv")
    csv.field_size_limit(10**9)
    texts = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for side in ("1", "2"):
                key = f"{row['pair_id']}/{side}"
                if key in ITALIAN:
                    texts[key] = row[f"text{side}"]
    assert set(texts) == set(ITALIAN)
    for key, quotes in ITALIAN.items():
        speakers = {q.start: q.speaker for q in find_speech(texts[key], "it", [])}
        for start, words in quotes:
            assert speakers.get(start, "no quote") == words, (key, start)
