"""``newsprism eval ner``: the scoring on hand-made spans, the command on a small made-up corpus in
factRuEval's format, bad --data, and the quality gate on factRuEval-2016's devset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import shared_path
from newsprism.annotate.spans import EntitySpan
from newsprism.cli import main
from newsprism.evaluate.ner import evaluate_ner, score
from newsprism.evaluate.ner_corpora import GoldEntity, NerDocument


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# -- scoring ------------------------------------------------------------------------------------------
def test_exact_and_overlap_per_type():
    text = "Глава «Кедра» Инна Белова прилетела в Новосибирск из Казани."
    gold = (GoldEntity(7, 12, "ORG"), GoldEntity(14, 25, "PER"), GoldEntity(38, 49, "LOC"),
            GoldEntity(53, 59, "LOC"))
    predicted = [
        EntitySpan(6, 13, "ORG", "Кедр"),  # the quote marks at either edge are set aside: exact
        EntitySpan(19, 25, "PER", "Белова"),  # part of the name: overlap only
        EntitySpan(38, 49, "LOC", "Новосибирск"),
        EntitySpan(53, 59, "ORG", "Казань"),  # right span, wrong type: no match at all
    ]
    scores = score([NerDocument("a", text, gold)], [predicted]).by_type
    assert (scores["ORG"].precision, scores["ORG"].recall) == (0.5, 1.0)
    assert (scores["PER"].precision, scores["PER"].overlap_precision, scores["PER"].overlap_recall) == (0, 1, 1)
    assert (scores["LOC"].precision, scores["LOC"].recall, scores["LOC"].f1) == (1.0, 0.5, pytest.approx(2 / 3))
    assert scores["LOC"].predicted == 1 and scores["LOC"].gold == 2


def test_two_predictions_over_one_gold_span_count_once_for_recall():
    text = "Барри Лоуенкрон (Barry Lowenkron) выступил."
    gold = (GoldEntity(0, 33, "PER"),)
    predicted = [EntitySpan(0, 15, "PER", "Барри Лоуенкрон"), EntitySpan(17, 32, "PER", "Barry Lowenkron")]
    per = score([NerDocument("a", text, gold)], [predicted]).by_type["PER"]
    assert (per.overlap_precision, per.overlap_recall, per.precision, per.recall) == (1.0, 1.0, 0.0, 0.0)


# -- the command on a small corpus --------------------------------------------------------------------
SENTENCES = ["Министр финансов Аркадий Веснин прилетел в Новосибирск.",
             "Его встретила Ольга Лапина из компании «Северный ветер»."]


def write_factrueval(folder: Path, name: str, sentences: list[str], entities: list[tuple[str, str]]) -> None:
    """A document in factRuEval's files: text, tokens (a blank line between sentences), spans, objects."""
    text = " ".join(sentences)
    token_lines, span_lines, object_lines = [], [], []
    offset = 0
    for sentence in sentences:
        for word in sentence.replace(".", " .").replace("«", "« ").replace("»", " »").split():
            start = text.index(word, offset)
            token_lines.append(f"{len(token_lines) + 1} {start} {len(word)} {word}")
            offset = start + len(word)
        token_lines.append("")
    for number, (kind, words) in enumerate(entities, 1):
        start = text.index(words)
        span_lines.append(f"{number} name {start} {len(words)} 0 1  # 0 {words}")
        object_lines.append(f"{number} {kind} {number} # {words}")
    (folder / f"{name}.txt").write_text(text, "utf-8")
    (folder / f"{name}.tokens").write_text("\n".join(token_lines) + "\n", "utf-8")
    (folder / f"{name}.spans").write_text("\n".join(span_lines) + "\n", "utf-8")
    (folder / f"{name}.objects").write_text("\n".join(object_lines) + "\n", "utf-8")


def test_the_command_scores_a_small_corpus(tmp_path):
    gold = [("Person", "Аркадий Веснин"), ("Location", "Новосибирск"), ("Person", "Ольга Лапина"),
            ("Org", "компании «Северный ветер")]
    write_factrueval(tmp_path, "book_1", SENTENCES, gold)
    write_factrueval(tmp_path, "book_2", SENTENCES[::-1], gold)
    result = invoke("eval", "ner", "--data", str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["language"] == "ru" and report["documents"] == 2
    assert report["held_out"]["documents"] == report["rules_chosen_on"]["documents"] == 1
    for kind in ("PER", "ORG", "LOC"):
        assert set(report[kind]) >= {"precision", "recall", "f1", "overlap"}
        assert set(report[kind]["overlap"]) == {"precision", "recall", "f1"}
    assert report["PER"]["f1"] == 1.0 and report["LOC"]["f1"] == 1.0
    assert report["ORG"]["overlap"]["recall"] == 1.0
    assert set(report["sentences"]) == {"punctuation", "natasha"}
    assert report["sentences"]["punctuation"]["f1"] == 1.0
    bare = json.loads(invoke("eval", "ner", "--data", str(tmp_path), "--language", "ru", "--without-rules",
                             "--json").stdout)
    # natasha alone leaves the kind word out of the organisation's span.
    assert bare["without_rules"]["ORG"]["f1"] < report["ORG"]["f1"] == 1.0
    table = invoke("eval", "ner", "--data", str(tmp_path))
    assert table.exit_code == 0 and "named entities (ru, 2 texts)" in table.stdout


def test_a_ukrainian_corpus_is_scored_with_the_ukrainian_tagger(tmp_path):
    text = "Міністр транспорту Оскар Бреннер у вівторок прибув до Львова, де його зустріла Марта Лінд."
    (tmp_path / "a.txt").write_text(text, "utf-8")
    entities = [("PERS", "Оскар Бреннер"), ("LOC", "Львова"), ("PERS", "Марта Лінд")]
    (tmp_path / "a.ann").write_text("".join(
        f"T{n}\t{kind} {text.index(words)} {text.index(words) + len(words)}\t{words}\n"
        for n, (kind, words) in enumerate(entities, 1)), "utf-8")
    report = json.loads(invoke("eval", "ner", "--data", str(tmp_path), "--json").stdout)
    assert report["language"] == "uk" and report["documents"] == 1
    assert report["LOC"]["f1"] == 1.0 and report["PER"]["gold"] == 2
    assert "sentences" not in report  # ner-uk has no sentence split of its own
    assert "held_out" not in report  # the halves are those of the Russian span rules


def test_bad_data_is_one_line_and_exit_2(tmp_path):
    missing = invoke("eval", "ner", "--data", str(tmp_path / "nowhere"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    empty = invoke("eval", "ner", "--data", str(tmp_path))
    assert empty.exit_code == 2 and "no annotated texts" in empty.stderr
    assert "Traceback" not in empty.stderr and len(empty.stderr.strip().splitlines()) == 1
    (tmp_path / "a.txt").write_text("The mayor of Tarragona opened the new bridge on Monday morning.", "utf-8")
    (tmp_path / "a.ann").write_text("T1\tLOC 13 22\tTarragona\n", "utf-8")
    english = invoke("eval", "ner", "--data", str(tmp_path))
    assert english.exit_code == 2 and "no entity tagger for language 'en'" in english.stderr
    assert len(english.stderr.strip().splitlines()) == 1
    text = invoke("eval", "ner", "--help").stdout
    assert "Example:" in text and "newsprism eval ner" in text


# -- the quality gate ---------------------------------------------------------------------------------
# `newsprism eval ner --data ../shared/data/factrueval --without-rules` measured on the 122 devset texts
# (exact F1 / overlap F1): PER 0.958 / 0.968, ORG 0.690 / 0.808, LOC 0.889 / 0.927; on the 61 held-out
# texts the span rules never saw: PER 0.978, ORG 0.682, LOC 0.880; natasha without the rules: PER 0.929,
# ORG 0.516, LOC 0.878. Sentence starts: punctuation F1 0.936 against natasha's segmenter 0.919.
FLOORS = {"PER": (0.955, 0.965), "ORG": (0.685, 0.805), "LOC": (0.885, 0.925)}
HELD_OUT_FLOORS = {"PER": 0.975, "ORG": 0.675, "LOC": 0.875}


@pytest.mark.slow
@pytest.mark.shared
def test_russian_entities_on_factrueval():
    report = evaluate_ner(shared_path("data", "factrueval"))
    assert report.language == "ru" and report.full.documents == 122
    for kind, (exact, overlap) in FLOORS.items():
        scores = report.full.by_type[kind]
        assert scores.f1 >= exact, f"{kind} exact F1 {scores.f1:.3f} fell below {exact}"
        assert scores.overlap_f1 >= overlap, f"{kind} overlap F1 {scores.overlap_f1:.3f} fell below {overlap}"
        held_out = report.held_out.by_type[kind].f1
        assert held_out >= HELD_OUT_FLOORS[kind], f"{kind} held-out F1 {held_out:.3f} fell below the floor"
    assert report.sentences is not None
    # The punctuation splitter reads Russian sentences, because it agrees with the corpus better.
    assert report.sentences["punctuation"]["f1"] >= 0.93
    assert report.sentences["punctuation"]["f1"] > report.sentences["natasha"]["f1"]
