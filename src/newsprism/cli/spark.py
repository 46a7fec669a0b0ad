"""``newsprism spark``: the whole pipeline on Apache Spark, into the store or into Parquet datasets."""

from __future__ import annotations

import sys

import click

from ..settings import Settings
from ..store import Store
from ._util import db_option, err, json_option, main, open_existing, pass_settings, plain, print_json


@main.command("spark")
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--master", default=None,
              help="Spark master: local[*], local[N], spark://HOST:7077, yarn or k8s://URL "
                   "(default: [spark] master).")
@click.option("--out", "out_dir", default=None,
              help="Write Parquet datasets (articles, copies, stories, comparisons) to this folder or "
                   "hdfs:// / s3a:// URL instead of the store; 'newsprism load' brings them into one.")
@click.option("--vectors/--no-vectors", default=None,
              help="Also look for rewrites and translations (slower; default: [copies] vectors).")
@click.option("--allow-private", is_flag=True, help="Allow fetching from private and loopback addresses.")
@click.option("--no-fetch-pages", is_flag=True, help="For feeds, use the text embedded in the feed instead of fetching each page.")
@click.option("--follow-links", is_flag=True, help="Follow symbolic links in a folder that lead out of it.")
@click.option("--force", is_flag=True, help="Read inputs again even if stored before (e.g. after changing the config).")
@json_option
@pass_settings
def spark_cli(settings: Settings, sources: tuple[str, ...], db_path: str, master: str | None, out_dir: str | None,
              vectors: bool | None, allow_private: bool, no_fetch_pages: bool, follow_links: bool, force: bool,
              as_json: bool) -> None:
    """Run the whole pipeline on Spark: what 'ingest', 'annotate', 'copies', 'stories' and 'compare' do,
    with extraction, cleaning and annotation spread over the executors. The store ends as those commands
    would have left it; with --out, Parquet datasets are written instead (for corpora too large for one
    store). Copies' candidate pairs and canonical names are found on the driver up to [spark]
    driver_rows_limit articles and by Spark joins above it (the same answers). Needs pyspark
    (pip install 'newsprism[spark]') and Java 17.

    \b
    Example:
      newsprism spark examples/demo --db demo.db --master 'local[2]'
    """
    from ..spark.pipeline import SparkRun, open_session, run_spark, task_errors

    def stage(name: str) -> None:
        if not as_json:
            err.print(f"newsprism: {name}…", markup=False)

    chosen = master or settings.spark.master
    stage(f"starting Spark on {chosen}")
    session, started = open_session(chosen)
    try:
        def go(store: Store | None) -> SparkRun:
            with task_errors():
                return run_spark(sources, settings, session, store=store, out=out_dir, vectors=vectors,
                                 force=force, on_stage=stage, allow_private=allow_private or None,
                                 fetch_feed_pages=False if no_fetch_pages else None, follow_links=follow_links)

        if out_dir is not None:
            result, target = go(None), out_dir
        else:
            with open_existing(db_path, must_exist=False) as store:
                result, target = go(store), db_path
    finally:
        if started:
            session.stop()
    counts = result.report.to_dict()
    if as_json:
        print_json({"ingest": counts, "annotated": result.annotated, "copy_links": result.links,
                    "stories": result.stories, "compared": result.compared, "out": out_dir})
    else:
        err.print(plain(f"{counts['added']} added, {counts['updated']} updated, {counts['unchanged']} unchanged, "
                        f"{counts['failed']} failed; {result.annotated} annotated; {result.links} copy links; "
                        f"{result.stories} stories ({result.compared} compared) -> {target}"), markup=False)
        for failure in result.report.failures:
            err.print(plain(f"  failed {failure.origin}: {failure.reason}"), markup=False, soft_wrap=True)
    sys.exit(result.report.exit_code)
