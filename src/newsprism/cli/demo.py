"""``newsprism demo``: the whole pipeline on the bundled fictional corpus, summarised."""

from __future__ import annotations

import click
from rich.table import Table
from rich.text import Text

from ..settings import Settings
from ._util import json_option, main, out, pass_settings, plain, print_json, shown


@main.command("demo")
@click.option("--db", "db_path", default="newsprism-demo.db", show_default=True, type=click.Path(dir_okay=False),
              help="Store for the demo corpus.")
@json_option
@pass_settings
def demo_cli(settings: Settings, db_path: str, as_json: bool) -> None:
    """Run the whole pipeline on the bundled fictional demo corpus and summarise it.

    \b
    Example:
      newsprism demo
    """
    from ..demo import run_demo

    summary = run_demo(db_path, settings)
    if as_json:
        print_json(summary)
        return
    out.print(Text.assemble(("newsprism demo", "bold"), plain(
        f": {summary['articles']} articles from {len(summary['outlets'])} outlets ingested into {db_path} "
        f"({summary['failed']} failed); {summary['quotes']} quotes found, {summary['attributed_quotes']} with "
        "their speaker")))
    table = Table(title="articles", title_justify="left", expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("outlet", max_width=18, overflow="ellipsis", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("author", max_width=16, overflow="ellipsis", no_wrap=True)
    table.add_column("title", ratio=1, min_width=28, overflow="fold")
    table.add_column("removed", justify="right", no_wrap=True)
    table.add_column("quotes", justify="right", no_wrap=True)
    for a in summary["items"]:
        table.add_row(a["id"][:8], shown(a["outlet"] or "–"), (a["published"] or "–")[:10], shown(a["author"] or "–"),
                      shown(a["title"] or "–"), str(a["removed"]), str(a["quotes"]))
    out.print(table)
    reasons = Table(title="page furniture removed, by reason", title_justify="left")
    reasons.add_column("reason")
    reasons.add_column("count", justify="right")
    for reason, n in summary["removed_by_reason"].items():
        reasons.add_row(reason, str(n))
    out.print(reasons)
    found = Table(title="stories, each compared across its outlets", title_justify="left", expand=True)
    for name in ("id", "title", "articles", "outlets", "shared statements", "disagreements"):
        found.add_column(name, ratio=1 if name == "title" else None, overflow="fold",
                         justify="right" if name not in ("id", "title") else "left")
    for st in summary["stories"]:
        found.add_row(st["id"][:12], shown(st["title"]), str(st["articles"]), str(st["outlets"]),
                      str(st["shared_statements"]), str(st["disagreements"]))
    out.print(found)
    first = summary["stories"][0]["id"][:12] if summary["stories"] else "ID"
    out.print(plain(f"next: newsprism show ID --db {db_path} (quotes highlighted)    newsprism compare {first} --db "
                    f"{db_path}    newsprism report --db {db_path} --out report/    newsprism serve --db {db_path}"),
              markup=False)
