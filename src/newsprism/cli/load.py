"""``newsprism load``: Parquet datasets written by ``newsprism spark --out`` brought into a store."""

from __future__ import annotations

import click

from ..settings import Settings
from ._util import db_option, err, json_option, main, open_existing, pass_settings, plain, print_json


@main.command("load")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@db_option
@json_option
@pass_settings
def load_cli(settings: Settings, folder: str, db_path: str, as_json: bool) -> None:
    """Bring the Parquet datasets that 'newsprism spark --out FOLDER' wrote into the store: articles and
    their annotations, copies, stories and comparisons, each stage recorded as current. Needs pyarrow
    (pip install 'newsprism[spark]'), not Java.

    \b
    Example:
      newsprism load spark-out --db demo.db
    """
    from pathlib import Path

    from ..spark.parquet import check_datasets, load_datasets

    check_datasets(Path(folder))
    with open_existing(db_path, must_exist=False) as store:
        loaded = load_datasets(folder, store, settings)
    if as_json:
        print_json({"articles": loaded.articles, "inputs": loaded.inputs, "copy_links": loaded.links,
                    "stories": loaded.stories, "comparisons": loaded.comparisons, "corpus_kept": loaded.corpus})
        return
    err.print(plain(f"{loaded.articles} articles, {loaded.links} copy links, {loaded.stories} stories, "
                    f"{loaded.comparisons} comparisons loaded -> {db_path}"), markup=False)
    if not loaded.corpus:
        err.print("the store holds other articles too: copies, stories and comparisons will be computed again "
                  "by the next 'newsprism stories' or 'compare'", markup=False)
