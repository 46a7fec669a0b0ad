"""The corpus stages as Spark jobs (``spark.corpus``) give the local stages' answers, exactly.

Each function's output is compared, as JSON, with what the local stage gives over the same store: on
the demo corpus, on BASIL's real articles (skipped when the shared data is absent), and on a generated
corpus of near-duplicates with small caps, where the candidate caps (LSH buckets, boilerplate
sentences, stories' posting lists and top candidates) are checked to bind.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from conftest import DEMO, shared_path  # noqa: E402
from newsprism.annotate.canonical import rebuild_index  # noqa: E402
from newsprism.copies.finder import find_copies  # noqa: E402
from newsprism.schema import Article  # noqa: E402
from newsprism.settings import Settings, default_settings  # noqa: E402
from newsprism.store import Store, open_store  # noqa: E402
from newsprism.stories.clusterer import StoryClusterer, cluster, copy_sources  # noqa: E402
from newsprism.stories.records import story_input_of  # noqa: E402
from newsprism.stories.runner import story_input  # noqa: E402
from sparksession import spark  # noqa: E402,F401  (the session-wide fixture)


def as_json(records: Any) -> str:
    return json.dumps([r.to_dict() for r in records], sort_keys=True, ensure_ascii=False)


def local_stories(store: Store, settings: Settings) -> list[Any]:
    """What run_stories computes over the store (its inputs as it builds them)."""
    copy_of = {link.target: link.source for link in store.copy_links() if link.kind in ("duplicate", "copy")}
    index = store.entity_index()
    return cluster([story_input(store, a, copy_of.get(a.id), index) for a in store.iter_articles()], settings.stories)


def check_store(spark: Any, store: Store, settings: Settings, *, compare: bool = True) -> dict[str, int]:
    """Every corpus stage on Spark against the local stage over ``store`` (whose corpus stages are up to
    date); returns how much each found, so a caller can check there was something to compare."""
    from newsprism.spark import corpus

    frame = corpus.articles_frame(spark, store, 3).persist()
    try:
        rows = corpus.entity_index_rows(frame, settings)
        assert rows == rebuild_index(store.iter_entity_lists())
        links, signals = corpus.find_copies_spark(frame, settings)
        local_links, local_signals = find_copies(store.iter_articles(), settings.copies)
        assert as_json(links) == as_json(local_links)
        assert as_json(links) == as_json(store.copy_links())
        assert json.dumps(signals) == json.dumps(local_signals)
        index = {key: (entity, name, kind) for key, entity, name, kind, _ in rows}
        assert index == store.entity_index()
        assert rows == store.entity_index_rows()  # the spellings too
        stories = corpus.group_stories_spark(frame, links, index, settings)
        assert as_json(stories) == as_json(local_stories(store, settings))
        stored = {s.id: sorted(s.articles) for s in store.stories()}
        assert {s.id: sorted(s.articles) for s in stories} == stored
        compared = 0
        if compare:
            comparisons = corpus.compare_stories_spark(frame, stories, links, signals, index, settings)
            assert [c.story for c in comparisons] == [s.id for s in stories]
            for found in comparisons:
                assert json.loads(json.dumps(found.to_dict(), ensure_ascii=False)) == store.comparison_json(found.story)
            compared = len(comparisons)
    finally:
        frame.unpersist()
    return {"keys": len(rows), "links": len(links), "stories": len(stories), "comparisons": compared}


def distributed(settings: Settings) -> Settings:
    """``settings`` with ``[spark] driver_rows_limit = 0``: candidate search and name counts as Spark joins
    and aggregations, whatever the corpus's size."""
    return replace(settings, spark=replace(settings.spark, driver_rows_limit=0))


def check_distributed(spark: Any, store: Store, settings: Settings, *, vectors: bool = False) -> dict[str, int]:
    """Canonical names and copies by Spark joins and aggregations against the local stages over ``store``."""
    from newsprism.spark import corpus

    forced = distributed(settings)
    frame = corpus.articles_frame(spark, store, 3).persist()
    try:
        assert corpus.distributed(frame, forced) and not corpus.distributed(frame, settings)
        rows = corpus.entity_index_rows(frame, forced)
        assert json.dumps(rows) == json.dumps(rebuild_index(store.iter_entity_lists()))
        links, signals = corpus.find_copies_spark(frame, forced, vectors=vectors)
    finally:
        frame.unpersist()
    local_links, local_signals = find_copies(store.iter_articles(), settings.copies, vectors=vectors)
    assert as_json(links) == as_json(local_links)
    assert json.dumps(signals) == json.dumps(local_signals)
    return {"keys": len(rows), "links": len(links), "rewrites": sum(link.kind == "rewrite" for link in links)}


# -- canonical names: the aggregation sees the articles in no set order ------------------------------------
def entity(key: str, name: str, kind: str = "organisation") -> dict[str, Any]:
    return {"key": key, "name": name, "type": kind, "mentions": [{"start": 0, "end": len(name), "text": name}]}


def test_canonical_names_do_not_depend_on_the_order_articles_are_read_in():
    """Two spellings of a key used equally often: the one the acronym rule reads is chosen by the
    spelling, not by which article came first (Spark's aggregation has no first)."""
    lists = [("a1", [entity("nato", "Nato")]), ("a2", [entity("nato", "NATO")]),
             ("a3", [entity("north atlantic treaty organization", "North Atlantic Treaty Organization")])]
    found = {json.dumps(rebuild_index(order)) for order in (lists, lists[::-1], [lists[1], lists[0], lists[2]])}
    assert len(found) == 1
    rows = rebuild_index(lists)
    assert len({entity_id for _, entity_id, *_ in rows}) == 1  # "NATO" spells the long form


# -- the demo corpus ------------------------------------------------------------------------------------
@pytest.mark.spark
def test_demo_corpus_gives_the_local_answers(spark, compared_demo_db):
    with open_store(compared_demo_db, read_only=True) as store:
        found = check_store(spark, store, default_settings())
        assert found["keys"] > 10 and found["links"] >= 1 and found["stories"] >= 2
        assert found["comparisons"] == found["stories"]


@pytest.mark.spark
def test_demo_copies_with_sentence_vectors(spark, compared_demo_db):
    from newsprism.spark import corpus

    settings = default_settings()
    with open_store(compared_demo_db, read_only=True) as store:
        frame = corpus.articles_frame(spark, store, 2)
        links, signals = corpus.find_copies_spark(frame, settings, vectors=True)
        local_links, local_signals = find_copies(store.iter_articles(), settings.copies, vectors=True)
    assert as_json(links) == as_json(local_links) and signals == local_signals
    assert links


@pytest.mark.spark
def test_demo_corpus_by_joins_gives_the_local_answers(spark, compared_demo_db):
    """Above [spark] driver_rows_limit: names and copies (rewrites too) as Spark joins and aggregations."""
    with open_store(compared_demo_db, read_only=True) as store:
        found = check_distributed(spark, store, default_settings(), vectors=True)
    assert found["keys"] > 10 and found["links"] >= 1 and found["rewrites"] >= 1


@pytest.mark.spark
def test_newsprism_spark_reads_the_limit_from_its_config(spark, compared_demo_db, tmp_path, monkeypatch):
    """The command's settings reach the corpus stages: with driver_rows_limit = 0 the joins run, and the
    store holds what the local pipeline stores."""
    from click.testing import CliRunner

    from newsprism.cli import main
    from newsprism.spark import copies, names

    ran: list[str] = []
    for module, name in ((copies, "search_with_joins"), (names, "counted_by_spark")):
        original = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *args, _f=original, _n=name: ran.append(_n) or _f(*args))
    config = tmp_path / "joins.toml"
    config.write_text("[spark]\ndriver_rows_limit = 0\n", "utf-8")
    db = tmp_path / "spark.db"
    result = CliRunner().invoke(main, ["--config", str(config), "spark", str(DEMO), "--db", str(db), "--json"],
                                env={"NEWSPRISM_CONFIG": None})
    assert result.exit_code in (0, 1), result.output
    assert sorted(ran) == ["counted_by_spark", "search_with_joins"]
    with open_store(db, read_only=True) as mine, open_store(compared_demo_db, read_only=True) as local:
        assert mine.entity_index() == local.entity_index()
        assert as_json(mine.copy_links()) == as_json(local.copy_links()) != "[]"
        assert mine.signals() == local.signals()


# -- real articles -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def basil_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """BASIL's articles (three outlets per event) through the local pipeline, stories compared."""
    from newsprism.annotate.runner import annotate
    from newsprism.evaluate.basil import load_basil
    from newsprism.extract.runner import ingest
    from newsprism.pipeline import update

    articles = load_basil(shared_path("data", "basil"))
    folder = tmp_path_factory.mktemp("basil")
    records = folder / "basil.jsonl"
    with records.open("w", encoding="utf-8") as out:
        for a in articles:
            out.write(json.dumps({"text": a.text, "title": a.title, "published": a.date, "outlet": a.outlet,
                                  "url": f"https://{a.outlet}.example/{a.id}"}) + "\n")
    db = folder / "basil.db"
    settings = default_settings()
    with open_store(db) as store:
        ingest([str(records)], store, settings)
        annotate(store, settings)
        update(store, settings)
    return db


@pytest.mark.spark
def test_basil_articles_give_the_local_answers(spark, basil_db):
    with open_store(basil_db, read_only=True) as store:
        assert store.count() >= 100
        found = check_store(spark, store, default_settings())
    assert found["keys"] > 300 and found["stories"] >= 30 and found["comparisons"] == found["stories"]


@pytest.mark.spark
def test_basil_articles_by_joins_give_the_local_answers(spark, basil_db):
    with open_store(basil_db, read_only=True) as store:
        found = check_distributed(spark, store, default_settings())
    assert found["keys"] > 300 and found["links"] >= 1


# -- a generated corpus where the caps bind ----------------------------------------------------------------
WORDS = ("harbour council budget bridge ferry tariff strike union court ruling minister senate vote storm flood "
         "grain price export contract tender pipeline reactor vaccine school teacher rail station airport runway "
         "police inquiry report audit bank loan mayor election ballot coalition treaty border patrol fishing quota "
         "museum festival drought reservoir wildfire factory plant").split()
PEOPLE = ("Ilse Varga", "Tomas Brenn", "Aino Kell", "Ravi Osten", "Mara Quill", "Jon Vey")
BOILERPLATE = "Sign up for the morning briefing to get every story from our newsroom before breakfast."


def sentence(rng: random.Random, topic: list[str], person: str) -> str:
    words = [rng.choice(topic if rng.random() < 0.6 else WORDS) for _ in range(rng.randint(9, 14))]
    return f"{person} said the {' '.join(words)} would change by {rng.randint(10, 990)} units."


def generated_articles(seed: int = 7) -> list[Article]:
    """Events told by wire copy many times over (exact copies, edited copies, partial reuse), some events
    with the same people a month apart, a boilerplate line in most articles, some articles undated."""
    rng = random.Random(seed)
    articles: list[Article] = []
    for event in range(8):
        topic = rng.sample(WORDS, 6)
        person = PEOPLE[event % len(PEOPLE)]
        wire = [sentence(rng, topic, person) for _ in range(10)]
        day = 1 + (event % 4) * 9
        month = 3 + event // 4
        for n in range(rng.randint(8, 12)):
            body = list(wire)
            kind = n % 5  # 0, 1, 4: the wire as sent; 2: edited; 3: a few passages, or its own report
            if kind == 2:
                body = [sentence(rng, topic, person)] + body[:-1]
            elif kind == 3:
                body = [sentence(rng, topic, person) for _ in range(5)] + (body[2:6] if n < 5 else [])
            if kind in (0, 1, 4) or rng.random() < 0.5:
                body.append(BOILERPLATE)
            published = None if rng.random() < 0.15 else \
                f"2024-{month:02d}-{day + rng.randint(0, 2):02d}" + ("T09:30:00Z" if rng.random() < 0.3 else "")
            text = "\n\n".join(body)
            articles.append(Article(
                id=f"gen-{event:02d}-{n:02d}", origin=f"generated/{event}/{n}", body=text, text=text,
                outlet=f"outlet{rng.randint(0, 5)}", title=f"{person} on the {topic[0]} {topic[1]}",
                author=rng.choice(("A. Writer", "B. Reporter", None)), published=published, language="en"))
    return articles


def tight_settings() -> Settings:
    base = default_settings()
    return replace(base,
                   copies=replace(base.copies, max_bucket=4, bucket_anchors=2, max_sentence_articles=6),
                   stories=replace(base.stories, max_candidates=3, max_postings=12, idle_days=3))


def test_caps_bind_on_the_generated_corpus():
    """The generated corpus exercises the caps (a check on the corpus, so the next test means something)."""
    from newsprism.stories import batch

    settings = tight_settings()
    articles = generated_articles()
    texts = Counter(a.text for a in articles)
    assert max(texts.values()) > settings.copies.max_bucket  # identical texts: a bucket above max_bucket
    assert sum(BOILERPLATE in a.text for a in articles) > settings.copies.max_sentence_articles
    clusterer = StoryClusterer(settings.stories)
    items = sorted((story_input_of(a, None, None) for a in articles), key=clusterer.order)
    vocabulary = clusterer.vocabulary()
    counts = [vocabulary.count(item) for item in items]
    features = [vocabulary.features(item, c) for item, c in zip(items, counts)]
    params = clusterer.link_params()
    longest = batch.longest_span(f.published for f in features)
    index = batch._index(features, range(len(features)))
    dropped = sum(batch.window(index[k], f.published, params, longest) is None for f in features for k in f.keys)
    assert dropped > 0  # some keys are too common in their time window
    sharing = defaultdict(set)
    for i, f in enumerate(features):
        for k in f.keys:
            if batch.window(index[k], f.published, params, longest) is not None:
                sharing[i] |= set(batch.window(index[k], f.published, params, longest) or ()) - {i}
    assert any(len(others) > params.max_candidates for others in sharing.values())
    assert sum(s is not None for s in copy_sources([(f.id, f.copy_of) for f in features])) == 0


@pytest.mark.spark
@pytest.mark.parametrize("tight", [True, False], ids=["small caps", "default caps"])
def test_generated_corpus_gives_the_local_answers(spark, tight):
    from newsprism.spark import corpus
    from newsprism.spark.articles import ARTICLE_SCHEMA, article_row

    settings = tight_settings() if tight else default_settings()
    articles = generated_articles()
    frame = spark.createDataFrame([article_row(a) for a in reversed(articles)], ARTICLE_SCHEMA).repartition(3)
    ordered = sorted(articles, key=lambda a: (a.published or "", a.id))  # the store's order
    links, signals = corpus.find_copies_spark(frame, settings)
    local_links, local_signals = find_copies(ordered, settings.copies)
    assert as_json(links) == as_json(local_links) and signals == local_signals
    kinds = Counter(link.kind for link in links)
    assert kinds["duplicate"] and kinds["copy"] and kinds["partial"]
    stories = corpus.group_stories_spark(frame, links, {}, settings)
    copy_of = {link.target: link.source for link in local_links if link.kind in ("duplicate", "copy")}
    local = cluster([story_input_of(a, None, copy_of.get(a.id)) for a in ordered], settings.stories)
    assert as_json(stories) == as_json(local)
    assert 8 <= len(stories) < len(articles)


@pytest.mark.spark
@pytest.mark.parametrize("tight", [True, False], ids=["small caps", "default caps"])
def test_joins_give_the_local_candidate_pairs(spark, tight):
    """The candidate pairs as Spark joins are the local function's, caps included (links alone could hide
    an extra pair that fails to match), and so are the links."""
    from newsprism.copies.finder import CopyFinder
    from newsprism.spark import corpus
    from newsprism.spark.articles import ARTICLE_SCHEMA, article_row
    from newsprism.spark.copies import PREPARED_SCHEMA, joined_candidates, prepare_batches

    settings = distributed(tight_settings() if tight else default_settings())
    articles = generated_articles()
    ordered = sorted(articles, key=lambda a: (a.published or "", a.id))  # the store's order
    finder = CopyFinder(settings.copies)
    docs, signatures = finder._prepare(ordered)
    local = finder._candidates(docs, signatures, finder._rank(docs))
    frame = spark.createDataFrame([article_row(a) for a in reversed(articles)], ARTICLE_SCHEMA).repartition(3)
    features = frame.select("article").mapInPandas(
        lambda frames: prepare_batches(frames, settings.copies, False), PREPARED_SCHEMA)
    cached = []
    try:
        slots, pairs = joined_candidates(features, settings.copies, cached)
        found = sorted((int(r.i), int(r.j)) for r in pairs.collect())
        assert {r.id: (int(r.pos), int(r.rank)) for r in slots.collect()} == \
            {d.article.id: (k, int(rank)) for k, (d, rank) in enumerate(zip(docs, finder._rank(docs)))}
    finally:
        for cached_frame in cached:
            cached_frame.unpersist()
    assert found == local and len(found) > len(articles)
    links, signals = corpus.find_copies_spark(frame, settings)
    local_links, local_signals = find_copies(ordered, settings.copies)
    assert as_json(links) == as_json(local_links) and json.dumps(signals) == json.dumps(local_signals)


@pytest.mark.spark
def test_an_empty_corpus_gives_nothing(spark):
    from newsprism.spark import corpus
    from newsprism.spark.articles import ARTICLE_SCHEMA

    settings = default_settings()
    frame = spark.createDataFrame([], ARTICLE_SCHEMA)
    assert corpus.entity_index_rows(frame, settings) == rebuild_index([]) == []
    assert corpus.find_copies_spark(frame, settings) == find_copies([], settings.copies) == ([], {})
    from newsprism.spark.copies import find_copies_spark
    from newsprism.spark.names import entity_index_rows

    assert entity_index_rows(frame, distributed=True) == []
    assert find_copies_spark(frame, settings.copies, distributed=True) == ([], {})
    assert corpus.group_stories_spark(frame, [], {}, settings) == cluster([], settings.stories) == []
    assert corpus.compare_stories_spark(frame, [], [], {}, {}, settings) == []


# -- groups cut from sorted partitions ---------------------------------------------------------------------
def test_runs_join_a_group_split_across_batches():
    """A group that spans Arrow batches comes out whole, once, in order; empty batches are skipped."""
    import pandas as pd

    from newsprism.spark.runs import runs

    values = [1, 1, 2, 2, 2, 2, 3, 4, 4]
    frame = pd.DataFrame({"g": values, "x": range(len(values))})
    for size in (1, 2, 3, 4, 9):
        batches = [frame.iloc[k:k + size] for k in range(0, len(frame), size)]
        batches.insert(1, frame.iloc[:0])
        found = [(int(g["g"].iloc[0]), list(g["x"])) for g in runs(iter(batches), "g")]
        assert found == [(1, [0, 1]), (2, [2, 3, 4, 5]), (3, [6]), (4, [7, 8])]
    assert list(runs(iter([frame.iloc[:0]]), "g")) == []


def test_comparison_buckets_balance_the_largest_stories():
    from newsprism.spark.compare import buckets
    from newsprism.stories.records import Story

    sizes = [10, 9, 1, 1, 1, 1, 8]
    stories = [Story(id=f"s{k}", title="", articles=tuple(f"a{k}-{m}" for m in range(n)), start=None, end=None,
                     entities=()) for k, n in enumerate(sizes)]
    chosen = buckets(stories, 2)
    assert set(chosen) == {s.id for s in stories} and set(chosen.values()) == {0, 1}
    assert chosen["s0"] != chosen["s1"]  # the two largest never share a bucket
    assert buckets(stories[:1], 1) == {"s0": 0}


@pytest.mark.spark
def test_small_arrow_batches_give_the_same_answers(spark):
    """Groups (an article's candidates, a story's members) split across Arrow batches of three rows
    are put back together: the answers stay the local ones."""
    from newsprism.spark import corpus
    from newsprism.spark.articles import ARTICLE_SCHEMA, article_row

    settings = tight_settings()
    articles = generated_articles()
    ordered = sorted(articles, key=lambda a: (a.published or "", a.id))
    key = "spark.sql.execution.arrow.maxRecordsPerBatch"
    before = spark.conf.get(key)
    spark.conf.set(key, "3")
    try:
        frame = spark.createDataFrame([article_row(a) for a in articles], ARTICLE_SCHEMA).repartition(2)
        links, signals = corpus.find_copies_spark(frame, settings)
        stories = corpus.group_stories_spark(frame, links, {}, settings)
    finally:
        spark.conf.set(key, before)
    local_links, local_signals = find_copies(ordered, settings.copies)
    assert as_json(links) == as_json(local_links) and signals == local_signals
    copy_of = {link.target: link.source for link in local_links if link.kind in ("duplicate", "copy")}
    assert as_json(stories) == as_json(cluster([story_input_of(a, None, copy_of.get(a.id)) for a in ordered],
                                               settings.stories))
    assert any(len(s.articles) > 3 for s in stories)
