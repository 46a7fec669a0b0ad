#!/usr/bin/env python
"""The corpus stages as Spark jobs (``spark.corpus``, ``local[2]``) against the local stage functions.

One generated corpus (``bench_copies.Corpus``: synthetic text with duplicates, copies, partial reuse, wire
clusters and outlet footers; default 10,000 articles), each article given a few entities drawn Zipf-like
from a pool of people and organisations (full names, bare surnames, acronyms), is run through:

  names     ``rebuild_index(entity lists)``                  vs ``entity_index_rows(frame)``
  copies    ``find_copies(articles)``                        vs ``find_copies_spark(frame, ...)``
  stories   ``cluster(story inputs)``                        vs ``group_stories_spark(frame, ...)``
  compare   ``compare_story`` over every story of the first  vs ``compare_stories_spark(frame, ...)``
            ``--compare-size`` articles (the encoder's cost dominates; default 500)

``--path`` chooses how names and copies run on Spark: ``driver`` (the compact rows collected and counted or
paired on the driver, what a run up to ``[spark] driver_rows_limit`` articles does) or ``joins`` (Spark joins
and aggregations, what a larger run does); stories and comparisons have one path. ``--stages`` runs some of
the four only. Each Spark result is checked to equal the local one (the run stops otherwise). The Spark session is
started, the articles frame cached and the executors' Python workers started before the clock starts;
the local side runs in the same process. Times are wall-clock seconds; the ratio is Spark / local (above 1: Spark is slower).

    .venv/bin/python benchmarks/bench_spark_corpus.py                  # 10,000 articles, about 3 minutes
    .venv/bin/python benchmarks/bench_spark_corpus.py --size 1000      # smoke run
    .venv/bin/python benchmarks/bench_spark_corpus.py --path joins --stages names,copies
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_copies import Corpus  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
GIVEN = ("Anna", "Boris", "Clara", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas")
SURNAMES = tuple(f"{s}ov" for s in ("Petr", "Ivan", "Smirn", "Kuzn", "Popr", "Sokol", "Lebed", "Kozl", "Novik",
                                    "Morozh", "Volk", "Zaits", "Pavl", "Semen", "Golub"))
ORGS = ("Internal Revenue Service", "World Health Organisation", "Baltic Grain Exchange", "Harbour Authority",
        "National Rail Board", "Central Bank")


def entity_lists(ids: list[str], seed: int = 5) -> list[tuple[str, list[dict[str, Any]]]]:
    """A few entities per article, in the stored JSON form (key, name, type, mentions)."""
    rng = random.Random(seed)
    people = [f"{g} {s}" for g in GIVEN for s in SURNAMES]
    weights = [1.0 / (k + 3) for k in range(len(people))]
    found = []
    for article_id in ids:
        entities: dict[str, dict[str, Any]] = {}
        for name in rng.choices(people, weights, k=rng.randint(1, 5)):
            form = name.split()[-1] if rng.random() < 0.3 else name
            kind = "person" if rng.random() < 0.95 else "place"
            entities.setdefault(form.lower(), {"key": form.lower(), "name": form, "type": kind,
                                               "mentions": [{"start": 0, "end": 1}] * rng.randint(1, 4)})
        if rng.random() < 0.4:
            org = rng.choice(ORGS)
            form = "".join(w[0] for w in org.split()) if rng.random() < 0.3 else org
            entities.setdefault(form.lower(), {"key": form.lower(), "name": form, "type": "organisation",
                                               "mentions": [{"start": 0, "end": 1}]})
        found.append((article_id, list(entities.values())))
    return found


def timed(run: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = run()
    return result, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--compare-size", type=int, default=500)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--path", choices=("driver", "joins"), default="driver",
                        help="names and copies on the driver (collected rows) or as Spark joins and aggregations")
    parser.add_argument("--stages", default="names,copies,stories,compare",
                        help="comma-separated: which of names, copies, stories, compare to run")
    parser.add_argument("--out", default=None,
                        help="results file (default: benchmarks/results/spark-corpus[-joins][-STAGES].json)")
    args = parser.parse_args()
    stages = [s for s in ("names", "copies", "stories", "compare") if s in args.stages.split(",")]
    # a run of some stages or of the joins has a file of its own, so it never replaces the full figures
    name = "spark-corpus" + ("-joins" if args.path == "joins" else "") + \
        ("" if len(stages) == 4 else "-" + "-".join(stages))
    out = Path(args.out or REPO / "benchmarks" / "results" / f"{name}.json")

    from dataclasses import replace

    from newsprism.annotate.canonical import rebuild_index
    from newsprism.copies.finder import find_copies
    from newsprism.settings import default_settings
    from newsprism.spark import corpus
    from newsprism.spark.articles import ARTICLE_SCHEMA, article_row
    from newsprism.spark.session import start_session
    from newsprism.stories.clusterer import cluster
    from newsprism.stories.records import story_input_of

    base = default_settings()
    # 0: always the joins; the corpus's size: never (the driver path is taken at or below the limit)
    limit = 0 if args.path == "joins" else args.size
    settings = replace(base, spark=replace(base.spark, driver_rows_limit=limit))
    articles = Corpus(args.size).articles()
    ordered = sorted(articles, key=lambda a: (a.published or "", a.id))
    lists = entity_lists([a.id for a in ordered])
    annotations = {article_id: json.dumps({"entities": found}) for article_id, found in lists}
    spark = start_session(args.master, app_name="bench-spark-corpus",
                          config={"spark.sql.shuffle.partitions": str(args.partitions),
                                  "spark.driver.memory": "3g", "spark.ui.showConsoleProgress": "false"})
    rows = [article_row(a, annotations[a.id]) for a in articles]
    frame = spark.createDataFrame(rows, ARTICLE_SCHEMA).repartition(args.partitions).persist()
    frame.count()
    plain = frame.drop("annotations").selectExpr("*", "CAST(NULL AS string) AS annotations").persist()
    plain.count()
    # The executors' Python workers started (pandas, Arrow and newsprism imported), as in a pipeline run,
    # where the per-article stages before these have started them: the first stage timed would pay it.
    frame.select("id").mapInPandas(lambda frames: (f.iloc[:0] for f in frames), "id string").count()
    results: dict[str, Any] = {"articles": args.size, "master": args.master, "partitions": args.partitions,
                               "path": args.path}

    if "names" in stages:
        local_rows, local_s = timed(lambda: rebuild_index(lists))
        spark_rows, spark_s = timed(lambda: corpus.entity_index_rows(frame, settings))
        assert spark_rows == local_rows, "names differ"
        results["names"] = {"local_s": local_s, "spark_s": spark_s, "keys": len(local_rows)}

    (local_links, local_signals), local_s = timed(lambda: find_copies(ordered, settings.copies))
    if "copies" in stages:
        (links, signals), spark_s = timed(lambda: corpus.find_copies_spark(plain, settings))
        assert [x.to_dict() for x in links] == [x.to_dict() for x in local_links] and signals == local_signals, \
            "copies differ"
        results["copies"] = {"local_s": local_s, "spark_s": spark_s, "links": len(links)}
    else:
        links, signals = local_links, local_signals
    if "stories" in stages or "compare" in stages:
        copy_of = {x.target: x.source for x in local_links if x.kind in ("duplicate", "copy")}
        local_stories, local_s = timed(lambda: cluster([story_input_of(a, None, copy_of.get(a.id)) for a in ordered],
                                                       settings.stories))
        stories = local_stories
        if "stories" in stages:
            stories, spark_s = timed(lambda: corpus.group_stories_spark(plain, links, {}, settings))
            assert [s.to_dict() for s in stories] == [s.to_dict() for s in local_stories], "stories differ"
            results["stories"] = {"local_s": local_s, "spark_s": spark_s, "stories": len(stories),
                                  "largest": max(len(s.articles) for s in stories)}
        if "compare" in stages:
            results["compare"] = compare_timed(corpus, plain, ordered, articles, stories, links, signals, settings,
                                               args.compare_size)
    spark.stop()
    for stage in stages:
        part = results[stage]
        part["ratio"] = part["spark_s"] / part["local_s"] if part["local_s"] else None
        print(f"{stage:8} local {part['local_s']:7.1f} s   spark {part['spark_s']:7.1f} s   "
              f"ratio {part['ratio']:.1f}   " + ", ".join(f"{k} {v}" for k, v in part.items() if not k.endswith(("_s", "ratio"))))
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {out}")
    return 0


def compare_timed(corpus: Any, plain: Any, ordered: list[Any], articles: list[Any], stories: list[Any],
                  links: list[Any], signals: dict[str, list[str]], settings: Any, size: int) -> dict[str, Any]:
    """Every story within the first ``size`` articles compared locally and on Spark."""
    from newsprism.compare.loaded import LoadedScorer
    from newsprism.compare.story import compare_story
    from newsprism.copies.vectors import UseEncoder
    from newsprism.views import story_member

    chosen = set(a.id for a in ordered[:size])
    few = [s for s in stories if set(s.articles) <= chosen]
    by_id = {a.id: a for a in articles}
    encoder = UseEncoder()
    scorer = LoadedScorer(encoder)

    def compare_locally() -> list[Any]:
        found = []
        for story in few:
            members = set(story.articles)
            inside = {x.target: x.source for x in links if x.kind in ("duplicate", "copy")
                      and x.source in members and x.target in members}
            found.append(compare_story(story, [story_member(by_id[i], None, inside.get(i), tuple(signals.get(i, ())))
                                               for i in story.articles], encoder, scorer, settings.compare))
        return found

    compare_story(few[0], [story_member(by_id[i], None, None, ()) for i in few[0].articles], encoder, scorer,
                  settings.compare)  # the models warmed up, as a long-running caller has them
    local_found, local_s = timed(compare_locally)
    found, spark_s = timed(lambda: corpus.compare_stories_spark(plain, few, links, signals, {}, settings))
    assert [c.to_dict() for c in found] == [c.to_dict() for c in local_found], "comparisons differ"
    return {"local_s": local_s, "spark_s": spark_s, "stories": len(few), "articles": sum(len(s.articles) for s in few)}


if __name__ == "__main__":
    raise SystemExit(main())
