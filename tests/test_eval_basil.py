"""BASIL scoring: loading, name matching and the scorers, on small inputs written for these tests."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprism.annotate.timex import InferredDate
from newsprism.cli import main
from newsprism.errors import InputError, UsageError
from newsprism.evaluate.basil import (
    BasilArticle,
    GoldPhrase,
    ReadEntity,
    article_text,
    best_match,
    initials,
    is_group,
    load_basil,
    locate,
    match_name,
    mention_form,
    name_form,
    score_dates,
    score_entities,
    score_inference,
    score_speakers,
)
from newsprism.schema import DateMention

PARAGRAPHS = [
    ["Mayor Ilse Varga opened the new ferry terminal at Brenn Harbour.", "Crowds cheered."],
    ["“It is a good day for the island,” Varga said.", "The Harbour Board paid for it."],
]


def entity(name: str, kind: str = "person", mentions: int = 1, entity_id: str | None = None,
           local: str | None = None) -> ReadEntity:
    key = name.lower()
    return ReadEntity(key, entity_id or key.replace(" ", "-"), name, kind, local or name, kind, mentions)


def article(article_id: str, event: str, outlet: str, main: tuple[str, ...], text: str = "",
            phrases: tuple[GoldPhrase, ...] = (), published: str = "2012-03-02") -> BasilArticle:
    return BasilArticle(article_id, event, outlet, published, "A title", main, text, phrases)


# -- text and offsets -----------------------------------------------------------------------------
def test_article_text_joins_paragraphs_and_keeps_sentence_offsets():
    text, sentences = article_text(PARAGRAPHS)
    assert text.split("\n\n")[1].startswith("“It is a good day")
    for offset, sentence in sentences:
        assert text[offset : offset + len(sentence)] == sentence


def test_locate_uses_sentence_relative_offsets_then_search():
    text, sentences = article_text(PARAGRAPHS)
    second_para_quote = "a good day for the island"
    start = PARAGRAPHS[1][0].index(second_para_quote)
    span = locate(text, sentences, second_para_quote, start, start + len(second_para_quote))
    assert span is not None and text[span[0] : span[1]] == second_para_quote
    # offsets that match no sentence: the phrase is searched for instead
    span = locate(text, sentences, "Crowds cheered", 500, 514)
    assert span is not None and text[span[0] : span[1]] == "Crowds cheered"
    assert locate(text, sentences, "A headline only", 0, 15) is None


# -- loading -------------------------------------------------------------------------------------
def write_corpus(root: Path, articles: list[dict], annotations: dict[str, list[dict]] | None = None) -> Path:
    for item in articles:
        folder = root / "articles" / "2012"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{item['triplet-uuid']}_{item['n']}"
        (folder / f"{name}.json").write_text(json.dumps(item), "utf-8")
    for name, phrases in (annotations or {}).items():
        folder = root / "annotations" / "2012"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}_ann.json").write_text(json.dumps({"phrase-level-annotations": phrases}), "utf-8")
    return root


def record(event: str, n: int, source: str, paragraphs: list[list[str]], main: list[str],
           published: str = "2012-03-02") -> dict:
    return {"source": source, "main-entities": main, "main-event": "Ferry", "title": "Ferry terminal opens",
            "url": "", "date": published, "uuid": f"{event}-{n}", "triplet-uuid": event, "n": n,
            "body-paragraphs": paragraphs}


def test_load_basil_reads_articles_and_places_phrases(tmp_path):
    quote = "a good day for the island"
    start = PARAGRAPHS[1][0].index(quote)
    phrases = [{"txt": quote, "start": start, "end": start + len(quote), "quote": "yes", "speaker": "Ilse_Varga"},
               {"txt": "Ferry terminal opens", "start": 0, "end": 20, "quote": "no", "speaker": ""}]
    root = write_corpus(tmp_path, [record("ev1", 1, "NYT", PARAGRAPHS, ["Ilse Varga"])], {"ev1_1": phrases})
    [loaded] = load_basil(root)
    assert loaded.id == "ev1_1" and loaded.event == "ev1" and loaded.outlet == "nyt"
    assert loaded.main_entities == ("Ilse Varga",)
    said, title_phrase = loaded.phrases
    assert said.quote and said.speaker == "Ilse Varga"
    assert said.start is not None and said.end is not None and loaded.text[said.start : said.end] == quote
    assert title_phrase.start is None  # in the title, not in the body


def test_load_basil_errors(tmp_path):
    with pytest.raises(UsageError, match="articles"):
        load_basil(tmp_path)
    (tmp_path / "articles").mkdir()
    with pytest.raises(UsageError, match="no article files"):
        load_basil(tmp_path)
    folder = tmp_path / "articles" / "2012"
    folder.mkdir()
    (folder / "ev_1.json").write_text("{not json", "utf-8")
    with pytest.raises(InputError, match="ev_1.json"):
        load_basil(tmp_path)
    (folder / "ev_1.json").write_text(json.dumps({"source": "fox"}), "utf-8")
    with pytest.raises(InputError, match="missing field"):
        load_basil(tmp_path)


# -- matching names --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("gold", "name", "kind", "expected"),
    [
        ("Ilse Varga", "Ilse Varga", "person", "exact"),
        ("Ilse Varga", "ILSE VÁRGA", "person", "exact"),  # case and accents
        ("Brenn-Dale", "Brenndale", "organisation", "exact"),  # in-word hyphen
        ("Tomas Oller", "Tomas Oller Jr.", "person", "exact"),  # generational suffix
        ("Ilse Varga", "Varga", "person", "surname"),
        ("Ilse Varga", "Ilse K. Varga", "person", "surname"),
        ("Ilse Varga", "I. Varga", "person", "surname"),
        ("Bernard Varga", "Bernhard Varga", "person", "surname"),  # a spelling or a typo away
        ("Ilse Varga", "Petra Varga", "person", None),  # two people sharing a surname
        ("Ilse Varga", "Ilse Marsh", "person", None),
        ("Varga administration", "Ilse Varga", "person", None),
        ("Harbour Board", "Brenn Harbour Board", "organisation", "contains"),
        ("Harbour Board", "Harbour", "place", None),
        ("BHA", "Brenn Harbour Authority", "organisation", "acronym"),
        ("Brenn Harbour Authority", "BHA", "organisation", "acronym"),
        ("Brenn Harbour Authority", "BHX", "organisation", None),
        ("Ilse Varga", "Varga", "organisation", None),  # a bare surname counts only as a person
    ],
)
def test_match_name(gold, name, kind, expected):
    assert match_name(gold, name, kind) == expected


def test_helpers():
    assert initials("Society for the Protection of Harbours") == "SPH"
    assert initials("Harbour") == ""
    assert is_group("Ilse and Petra Varga") and is_group("harbour staff & pilots") and not is_group("Ilse Varga")
    assert name_form("Ilse Varga") == "name" and name_form("BHA") == "name"
    assert name_form("Harbour Board") == "name" and name_form("Brenn Congress") == "name"
    assert name_form("ferry pilots") == "plural" and name_form("Islanders") == "plural"
    assert name_form("Varga administration") == "description"


def test_best_match_prefers_the_strongest_then_the_most_mentioned():
    entities = [entity("Brenn Harbour Board", "organisation", 9), entity("Harbour Board", "organisation", 2),
                entity("Varga", "person", 1, "varga-1"), entity("Varga", "person", 5, "varga-2")]
    found = best_match("Harbour Board", entities)
    assert found is not None and found.name == "Harbour Board" and found.how == "exact"
    found = best_match("Ilse Varga", entities)
    assert found is not None and found.id == "varga-2" and found.how == "surname"
    assert best_match("Petra Marsh", entities) is None
    local = [entity("Ilse Varga", local="Varga")]
    found = best_match("Ilse Varga", local, local=True)
    assert found is not None and found.how == "surname"


# -- scoring entities, consistency and speakers ---------------------------------------------------
def test_score_entities_recall_groups_and_consistency():
    articles = [
        article("e1_1", "e1", "fox", ("Ilse Varga", "Harbour Board", "Ilse and Petra Varga")),
        article("e1_2", "e1", "nyt", ("Ilse Varga",)),
        article("e1_3", "e1", "hpo", ("Ilse Varga", "ferry pilots")),
    ]
    found = [
        [entity("Ilse Varga", entity_id="ilse-varga"), entity("Harbour Board", "organisation")],
        [entity("Varga", entity_id="varga"), entity("Harbour Board", "organisation")],
        [entity("Ilse Varga", entity_id="ilse-varga")],
    ]
    scores = score_entities(articles, found)
    assert scores.skipped_groups == 1
    assert (scores.found, scores.pairs) == (4, 5)
    assert scores.by_form == {"name": [4, 4], "plural": [0, 1]}
    assert scores.how == {"exact": 3, "surname": 1}
    assert [(m.article, m.gold) for m in scores.misses] == [("e1_3", "ferry pilots")]
    # Ilse Varga is in all three under two ids; the Harbour Board in two under one id
    assert (scores.consistent, scores.checked) == (1, 2)
    [split] = scores.inconsistent
    assert split.gold == "Ilse Varga" and split.found["nyt"] == "Varga (varga)"


def test_score_speakers_coverage_and_accuracy():
    text = "x" * 200
    phrases = (
        GoldPhrase("q1", 10, 20, True, "Ilse Varga"),  # covered, right speaker
        GoldPhrase("q2", 40, 50, True, "Ilse Varga"),  # covered, no speaker found
        GoldPhrase("q3", 70, 80, True, "Harbour Board"),  # covered, wrong speaker
        GoldPhrase("q4", 100, 110, True, "other anti"),  # covered, unnamed in the annotation
        GoldPhrase("q5", 130, 140, True, "Ilse Varga"),  # not covered
        GoldPhrase("q6", None, None, True, "Ilse Varga"),  # not in the text
        GoldPhrase("not a quote", 150, 160, False, ""),
    )
    quotes = [[((5, 25), "Ilse Varga", "person"), ((45, 48), None, None), ((60, 90), "Petra Marsh", "person"),
               ((95, 105), "Petra Marsh", "person"), ((12, 14), "Petra Marsh", "person")]]
    scores = score_entities([article("e1_1", "e1", "fox", (), text, phrases)], [[]])
    scores = score_speakers(scores, [article("e1_1", "e1", "fox", (), text, phrases)], quotes)
    assert (scores.gold_quotes, scores.located_quotes, scores.covered_quotes) == (6, 5, 4)
    assert scores.unnamed_speakers == 1
    assert (scores.speaker_correct, scores.named_covered, scores.speaker_missing) == (1, 3, 1)
    assert scores.speaker_by_form == {"name": [1, 3]}
    assert [(m.gold, m.got) for m in scores.speaker_misses] == [("Ilse Varga", None), ("Harbour Board", "Petra Marsh")]
    assert scores.quote_coverage == pytest.approx(4 / 5)


# -- dates ------------------------------------------------------------------------------------------
def mention(text: str, value: str | None, precision: str | None) -> DateMention:
    return DateMention(text, 0, len(text), value, precision)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "value", "precision", "form"),
    [
        ("March 2, 2012", "2012-03-02", "day", "full date"),
        ("2012-03-02", "2012-03-02", "day", "full date"),
        ("Friday, March 2", "2012-03-02", "day", "yearless date"),
        ("Friday", "2012-03-02", "day", "weekday"),
        ("yesterday", "2012-03-01", "day", "relative day"),
        ("March 2012", "2012-03", "month", "month and year"),
        ("March", "2012-03", "month", "yearless month"),
        ("last month", "2012-02", "month", "relative month"),
        ("2011", "2011", "year", "year"),
        ("last year", "2011", "year", "relative year"),
        ("next Sept. 14", None, None, "unresolved"),
    ],
)
def test_mention_form(text, value, precision, form):
    assert mention_form(mention(text, value, precision)) == form


def test_score_inference():
    assert score_inference("2012-03-02", "2012-03-02", "day") == (True, True)
    assert score_inference("2012-03-02", "2012-03-03", "day") == (False, True)
    assert score_inference("2012-03-02", "2012-03-05", "day") == (False, False)
    assert score_inference("2012-03-02", "2012", "year") == (True, False)
    assert score_inference("2012-03-02", "2011", "year") == (False, False)
    assert score_inference("2012-03-02", "2012-03", "month") == (True, False)


def test_score_dates():
    articles = [article(f"e1_{i}", "e1", "fox", ()) for i in range(4)]  # all published 2012-03-02 (a Friday)
    inferred = [InferredDate("2012-03-01", "day", "a weekday date"), InferredDate("2012", "year", "a full date"),
                InferredDate("2001", "year", "an old full date"), None]
    mentions = [
        [mention("Friday, March 2", "2012-03-02", "day"), mention("Thursday, March 2", "2012-03-02", "day"),
         mention("Friday, March 2, 2012", "2012-03-02", "day"), mention("in 2011", "2011", "year")],
        [], [], [mention("last year", "2011", "year")],
    ]
    scores = score_dates(articles, inferred, mentions, date(2026, 1, 1))
    assert (scores.inferred, scores.correct, scores.day_within_1, scores.year_right) == (3, 1, 1, 2)
    assert scores.by_precision == {"day": [0, 1], "year": [1, 2]}
    assert scores.coverage == pytest.approx(3 / 4) and scores.accuracy == pytest.approx(1 / 3)
    assert [m.inferred for m in scores.misses] == ["2012-03-01", "2001"]
    assert scores.mentions == 5 and scores.mention_precision == {"day": 3, "year": 2}
    assert scores.weekday_checked == {"yearless date": 2, "full date": 1}
    assert scores.weekday_agree == {"yearless date": 1, "full date": 1}
    assert scores.today == "2026-01-01"


# -- the commands -----------------------------------------------------------------------------------
def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_commands_explain_bad_data_in_one_line(tmp_path):
    for command in ("entities", "dates"):
        missing = invoke("eval", command, "--data", str(tmp_path / "nowhere"))
        assert missing.exit_code == 2 and "does not exist" in missing.stderr
        empty = invoke("eval", command, "--data", str(tmp_path))
        assert empty.exit_code == 2 and "pass --data pointing at the BASIL folder" in empty.stderr
        assert "Traceback" not in empty.stderr and len(empty.stderr.strip().splitlines()) == 1
        text = invoke("eval", command, "--help").stdout
        assert "Example:" in text and f"newsprism eval {command}" in text
    folder = tmp_path / "articles" / "2012"
    folder.mkdir(parents=True)
    (folder / "ev_1.json").write_text(json.dumps({"source": "fox"}), "utf-8")
    broken = invoke("eval", "entities", "--data", str(tmp_path))
    assert broken.exit_code == 1 and "missing field" in broken.stderr


def test_commands_on_a_small_corpus(tmp_path):
    paragraphs = [
        [["Mayor Ilse Varga opened the ferry terminal at Brenn Harbour on Friday, March 2.",
          "“It is a good day for the island,” Ilse Varga said."]],
        [["The mayor, Ilse Varga, cut the ribbon at the terminal on Friday.",
          "“We waited years for this,” said Varga."]],
        [["Ilse Varga called the ferry terminal “a good day for the island” when she opened it."]],
    ]
    quote = "It is a good day for the island"
    start = paragraphs[0][0][1].index(quote)
    root = write_corpus(
        tmp_path,
        [record("ev1", n, source, p, ["Ilse Varga"]) for n, source, p in zip((1, 2, 3), ("fox", "nyt", "hpo"), paragraphs)],
        {"ev1_1": [{"txt": quote, "start": start, "end": start + len(quote), "quote": "yes",
                    "speaker": "Ilse_Varga"}]},
    )
    entities = json.loads(invoke("eval", "entities", "--data", str(root), "--json").stdout)
    assert entities["articles"] == 3 and entities["pairs"] == 3
    assert entities["located_quotes"] == 1
    for key in ("recall", "consistency", "quote_coverage", "speaker_accuracy", "misses", "inconsistent"):
        assert key in entities
    table = invoke("eval", "entities", "--data", str(root)).stdout
    assert "main-entity recall" in table and "cross-outlet consistency" in table
    dates = json.loads(invoke("eval", "dates", "--data", str(root), "--json", "--today", "2026-01-01").stdout)
    assert dates["articles"] == 3 and dates["today"] == "2026-01-01"
    assert dates["weekday_checked"] == {"yearless date": 1} and dates["weekday_agree"] == {"yearless date": 1}
    assert "publication date from the text alone" in invoke("eval", "dates", "--data", str(root)).stdout
