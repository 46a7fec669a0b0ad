"""The ``newsprism`` command: a thin layer over the Python API."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import __version__
from .config import load_config
from .errors import NewsprismError, UsageError
from .schema import ItemResult
from .store import Store, open_store

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DB = "newsprism.db"

out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, highlight=False)


def db_option(func: F) -> F:
    return click.option(
        "--db", "db_path", default=DEFAULT_DB, show_default=True, envvar="NEWSPRISM_DB",
        type=click.Path(dir_okay=False), help="SQLite store to use (env: NEWSPRISM_DB).",
    )(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON instead of tables.")(func)


def _open(db_path: str, must_exist: bool = True) -> Store:
    if must_exist and not Path(db_path).exists():
        raise UsageError(f"store {db_path} does not exist; run 'newsprism ingest SOURCE --db {db_path}' first")
    return open_store(db_path)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


class RateColumn(ProgressColumn):
    """Items per second over the whole run (steadier than rich's short window)."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time or task.elapsed
        if not elapsed or not task.completed:
            return Text("… items/s", style="cyan")
        return Text(f"{task.completed / elapsed:.1f} items/s", style="cyan")


class NewsprismGroup(click.Group):
    """Turns newsprism's errors into one clear line and the documented exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            err.print(f"[red]newsprism: error:[/red] {exc}", markup=True, soft_wrap=True)
            sys.exit(2)
        except NewsprismError as exc:
            err.print(f"[red]newsprism: error:[/red] {exc}", markup=True, soft_wrap=True)
            sys.exit(1)
        except KeyboardInterrupt:
            err.print("newsprism: interrupted; everything committed so far is kept, re-run the command to continue")
            sys.exit(130)


@click.group(cls=NewsprismGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsprism")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), envvar="NEWSPRISM_CONFIG",
              help="TOML file overriding the default settings (env: NEWSPRISM_CONFIG).")
@click.pass_context
def main(ctx: click.Context, config_path: str | None) -> None:
    """newsprism: see how different outlets covered the same story."""
    ctx.obj = {"config_path": config_path}


# -- ingest ------------------------------------------------------------------------
@main.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--allow-private", is_flag=True, help="Allow fetching from private and loopback addresses.")
@click.option("--no-fetch-pages", is_flag=True, help="For feeds, use the text embedded in the feed instead of fetching each page.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes for extraction.")
@click.option("--force", is_flag=True, help="Read inputs again even if stored before (e.g. after changing the config).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the failures and the final counts.")
@json_option
@click.pass_context
def ingest(ctx: click.Context, sources: tuple[str, ...], db_path: str, allow_private: bool,
           no_fetch_pages: bool, workers: int, force: bool, quiet: bool, as_json: bool) -> None:
    """Read articles from SOURCES into the store.

    Each SOURCE may be a folder, a file (.txt .md .html .htm, optionally .gz;
    .json .jsonl .csv records; .warc .warc.gz archives; RSS/Atom feeds; OPML
    lists of feeds) or an http(s) URL of a page or a feed.

    \b
    Example:
      newsprism ingest examples/demo --db demo.db
    """
    from .pipeline import ingest as run_ingest

    config = load_config(ctx.obj["config_path"])
    with _open(db_path, must_exist=False) as store:
        show_progress = not (quiet or as_json) and err.is_terminal
        with Progress(SpinnerColumn(), TextColumn("ingesting"), TextColumn("{task.completed} items"),
                      RateColumn(), TimeElapsedColumn(), console=err, disable=not show_progress,
                      transient=True) as progress:
            task = progress.add_task("ingest", total=None)

            def on_item(result: ItemResult) -> None:
                progress.advance(task)
                if result.status == "failed" and not as_json:
                    err.print(f"[yellow]failed[/yellow] {result.origin}: {result.reason}", markup=True,
                              soft_wrap=True, highlight=False)
                elif not quiet and not as_json and not show_progress:
                    err.print(f"{result.status:9} {result.article_id or '':16} {result.origin}", markup=False)

            report = run_ingest(sources, store, config, progress=on_item, workers=workers,
                                allow_private=allow_private or None,
                                fetch_feed_pages=False if no_fetch_pages else None, force=force)
    if as_json:
        _print_json(report.to_dict())
    else:
        counts = report.to_dict()
        line = (f"{counts['added']} added, {counts['updated']} updated, {counts['unchanged']} unchanged, "
                f"{counts['failed']} failed -> {db_path}")
        err.print(line, markup=False)
        if report.failures and not quiet:
            err.print("failed items (fix and re-run; stored articles are kept):", markup=False)
            for failure in report.failures:
                err.print(f"  {failure.origin}: {failure.reason}", markup=False, soft_wrap=True)
    sys.exit(report.exit_code)


@main.command("annotate")
@db_option
@click.option("--force", is_flag=True, help="Annotate every article again, not only new or changed ones.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Processes reading articles (each loads the English model).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the final count.")
@json_option
def annotate_cmd(db_path: str, force: bool, workers: int, quiet: bool, as_json: bool) -> None:
    """Read each stored article: entities, labels, dates and quotes (who said what).

    Only articles that are new or whose text (or date) changed are read again;
    then every entity in the store gets its canonical name.

    \b
    Example:
      newsprism annotate --db demo.db
    """
    from .pipeline import annotate

    with _open(db_path) as store:
        show_progress = not (quiet or as_json) and err.is_terminal
        with Progress(SpinnerColumn(), TextColumn("annotating"), TextColumn("{task.completed} articles"),
                      RateColumn(), TimeElapsedColumn(), console=err, disable=not show_progress,
                      transient=True) as progress:
            task = progress.add_task("annotate", total=None)
            count = annotate(store, progress=lambda _id: progress.advance(task), force=force, workers=workers)
    if as_json:
        _print_json({"annotated": count})
    else:
        err.print(f"{count} articles annotated -> {db_path}", markup=False)


# -- reading the store ---------------------------------------------------------------
@main.command("list")
@db_option
@click.option("--outlet", help="Only articles from this outlet.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(0), help="At most this many (0 = all).")
@json_option
def list_articles(db_path: str, outlet: str | None, limit: int, as_json: bool) -> None:
    """List stored articles, newest first.

    \b
    Example:
      newsprism list --db demo.db --outlet "Velgrad Courier"
    """
    with _open(db_path) as store:
        rows = store.list_summaries(limit or None, outlet)
        total = store.count()
    if as_json:
        _print_json(rows)
        return
    table = Table(title=f"{len(rows)} of {total} articles", title_justify="left", expand=True,
                  caption="~ publication date read from the text" if any(r["published_inferred"] for r in rows)
                  else None)
    wide = out.width >= 110  # on a narrow terminal the title keeps the room
    table.add_column("id", no_wrap=True)
    table.add_column("outlet", max_width=18 if wide else 12, overflow="ellipsis", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("title", ratio=1, overflow="fold")
    if wide:
        table.add_column("author", max_width=16, overflow="ellipsis", no_wrap=True)
        table.add_column("lang", no_wrap=True)
    for r in rows:
        published = ("~" if r["published_inferred"] else "") + (r["published"] or "–")[:10]
        cells = [r["id"][:12], r["outlet"] or "–", published, Text(r["title"] or "–")]
        if wide:
            cells += [r["author"] or "–", r["language"] or "–"]
        table.add_row(*cells)
    out.print(table)


def _resolve_id(store: Store, article_id: str) -> str:
    matches = store.find_ids(article_id)
    if not matches:
        raise UsageError(f"no article with id {article_id!r}; see 'newsprism list' for ids")
    if len(matches) > 1 and article_id not in matches:
        raise UsageError(f"id prefix {article_id!r} is ambiguous ({', '.join(matches)}); type more characters")
    return article_id if article_id in matches else matches[0]


@main.command()
@click.argument("article_id")
@db_option
@click.option("--removed/--no-removed", default=True, show_default=True, help="Also list the furniture removed.")
@json_option
def show(article_id: str, db_path: str, removed: bool, as_json: bool) -> None:
    """Show one article: metadata, cleaned text and what cleaning removed.

    ARTICLE_ID may be the first few characters of an id.

    \b
    Example:
      newsprism show 3ceeaf43 --db demo.db
    """
    from .pipeline import export_record

    with _open(db_path) as store:
        article = store.get(_resolve_id(store, article_id))
        assert article is not None
        record = export_record(store, article)
    if as_json:
        _print_json(record)
        return
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column()
    published = record["published"] + (" (inferred from the text)" if record["published_inferred"] else "") \
        if record["published"] else None
    for label, value in (("id", article.id), ("title", article.title), ("outlet", article.outlet),
                         ("author", article.author), ("published", published),
                         ("language", article.language), ("url", article.url), ("origin", article.origin),
                         ("credits", ", ".join(article.credits) or None)):
        meta.add_row(label, Text(value or "–"))
    evidence = dict(article.evidence)
    if record["published_evidence"]:
        evidence["published"] = record["published_evidence"]
    for field, how in sorted(evidence.items()):
        meta.add_row(f"  {field} from", Text(how, style="dim"))
    out.print(meta)
    out.print()
    out.print(_highlighted(article.text, record))
    if record["quotes"] is None:
        out.print()
        out.print(Text(f"(not annotated yet: run 'newsprism annotate --db {db_path}' to read it)", style="dim"))
    else:
        for table in _reading_tables(record):
            out.print()
            out.print(table)
    for note in record["annotation_notes"] or []:
        out.print(Text(f"note: {note}", style="dim"))
    if removed and article.removed:
        out.print()
        table = Table(title=f"removed from the page ({len(article.removed)})", title_justify="left")
        table.add_column("reason", style="yellow")
        table.add_column("text", overflow="fold")
        for seg in article.removed:
            table.add_row(seg.reason, Text(seg.text))
        out.print(table)


_ENTITY_STYLES = {"person": "bold cyan", "organisation": "magenta", "place": "blue"}


def _highlighted(text: str, record: dict[str, Any]) -> Text:
    """The article text with its reading marked: quotes green, speakers bold, entities
    coloured by type, labels underlined, dates yellow."""
    body = Text(text)
    for quote in record["quotes"] or []:
        body.stylize("italic green", quote["start"], quote["end"])
    for entity in record["entities"] or []:
        for mention in entity["mentions"]:
            body.stylize(_ENTITY_STYLES.get(entity["type"], "cyan"), mention["start"], mention["end"])
    for label in record["labels"] or []:
        body.stylize("underline", label["start"], label["end"])
    for found in record["dates"] or []:
        body.stylize("yellow", found["start"], found["end"])
    for quote in record["quotes"] or []:
        if quote["speaker_start"] is not None:
            body.stylize("bold", quote["speaker_start"], quote["speaker_end"])
    return body


def _reading_tables(record: dict[str, Any]) -> list[Table]:
    tables = []
    if record["entities"]:
        labels: dict[str, list[str]] = {}
        for label in record["labels"]:
            labels.setdefault(label["entity"], []).append(label["text"])
        entities = Table(title=f"entities ({len(record['entities'])})", title_justify="left", expand=True)
        entities.add_column("name", max_width=32, overflow="fold")
        entities.add_column("type", no_wrap=True)
        entities.add_column("mentions", justify="right")
        entities.add_column("labels", ratio=1, overflow="fold")
        for entity in record["entities"]:
            said = "; ".join(dict.fromkeys(labels.get(entity["id"], [])))
            entities.add_row(Text(entity["name"]), entity["type"], str(len(entity["mentions"])), Text(said))
        tables.append(entities)
    if record["quotes"]:
        quotes = Table(title=f"quotes ({len(record['quotes'])})", title_justify="left", expand=True)
        quotes.add_column("speaker", max_width=28, overflow="fold")
        quotes.add_column("cue", no_wrap=True)
        quotes.add_column("kind", no_wrap=True)
        quotes.add_column("quote", ratio=1, overflow="fold")
        for quote in record["quotes"]:
            speaker = quote["speaker"] or (f"({quote['speaker_text']})" if quote["speaker_text"] else "?")
            quotes.add_row(Text(speaker), quote["cue"] or "", quote["kind"], Text(quote["text"]))
        tables.append(quotes)
    if record["dates"]:
        dates = Table(title=f"dates ({len(record['dates'])})", title_justify="left")
        dates.add_column("text", overflow="fold")
        dates.add_column("value", no_wrap=True)
        dates.add_column("precision", no_wrap=True)
        for found in record["dates"]:
            dates.add_row(Text(found["text"]), found["value"] or "?", found["precision"] or "")
        tables.append(dates)
    return tables


@main.command()
@click.argument("query")
@db_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1))
@json_option
def search(query: str, db_path: str, limit: int, as_json: bool) -> None:
    """Full-text search over titles and cleaned text (words and "quoted phrases").

    \b
    Example:
      newsprism search '"fishing quota"' --db demo.db
    """
    with _open(db_path) as store:
        rows = store.search(query, limit)
    if as_json:
        _print_json(rows)
        return
    if not rows:
        err.print(f"no article matches {query!r}", markup=False)
        return
    table = Table(title=f"{len(rows)} matches for {query!r}", title_justify="left", expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("outlet", max_width=18, overflow="ellipsis", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("title", ratio=1, overflow="fold")
    table.add_column("snippet", ratio=2, overflow="fold")
    for r in rows:
        table.add_row(r["id"][:12], r["outlet"] or "–", (r["published"] or "–")[:10], Text(r["title"] or "–"),
                      Text(r["snippet"] or ""))
    out.print(table)


# -- export ----------------------------------------------------------------------------
def _write_jsonl(rows: Iterable[dict[str, Any]], out_path: str | None) -> int:
    """One JSON object per line, to ``out_path`` or stdout; returns how many."""
    handle = open(out_path, "w", encoding="utf-8") if out_path else sys.stdout
    count = 0
    try:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    finally:
        if out_path:
            handle.close()
    return count


@main.group()
def export() -> None:
    """Write the store's contents as JSON Lines (see README, "Export contract")."""


@export.command("articles")
@db_option
@click.option("--out", "out_path", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
def export_articles(db_path: str, out_path: str | None) -> None:
    """One JSON object per article: id, origin, url, outlet, title, author,
    published, language, text, removed, ...

    \b
    Example:
      newsprism export articles --db demo.db --out articles.jsonl
    """
    from .pipeline import export_record

    with _open(db_path) as store:
        index = store.entity_index()  # once, not once per article
        count = _write_jsonl((export_record(store, a, index) for a in store.iter_articles()), out_path)
    if out_path:
        err.print(f"wrote {count} articles to {out_path}", markup=False)


@export.command("stories")
@db_option
@click.option("--out", "out_path", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
def export_stories(db_path: str, out_path: str | None) -> None:
    """One JSON object per story: id, title, articles, start, end, entities.

    \b
    Example:
      newsprism export stories --db demo.db --out stories.jsonl
    """
    from .pipeline import group_stories

    with _open(db_path) as store:
        group_stories(store)
        found = store.stories()
    _write_jsonl(found, out_path)
    if out_path:
        err.print(f"wrote {len(found)} stories to {out_path}", markup=False)


@export.command("copies")
@db_option
@click.option("--vectors/--no-vectors", default=None, help="Also look for rewrites and translations (slower).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
def export_copies(db_path: str, vectors: bool | None, out_path: str | None) -> None:
    """One JSON object per reuse link: source, target, kind, shared ratios, passages, evidence.

    Reuse is found first if the store changed since it was last looked for.

    \b
    Example:
      newsprism export copies --db demo.db --out copies.jsonl
    """
    from .pipeline import find_copies

    with _open(db_path) as store:
        find_copies(store, vectors=vectors)
        links = store.copy_links()
    _write_jsonl(links, out_path)
    if out_path:
        err.print(f"wrote {len(links)} links to {out_path}", markup=False)


@main.command()
@db_option
@click.option("--refresh", is_flag=True, help="Group again even if the store has not changed.")
@json_option
def stories(db_path: str, refresh: bool, as_json: bool) -> None:
    """The stories in the store: articles about one event, grouped by text, entities and dates.

    \b
    Example:
      newsprism stories --db demo.db
    """
    from .pipeline import group_stories

    with _open(db_path) as store:
        group_stories(store, force=refresh)
        found = store.stories()
        outlets = {a["id"]: a["outlet"] for a in store.list_summaries()}
    if as_json:
        _print_json(found)
        return
    table = Table(title=f"{len(found)} stories", title_justify="left", expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("title", ratio=1, overflow="fold")
    table.add_column("articles", justify="right", no_wrap=True)
    table.add_column("outlets", ratio=1, overflow="fold")
    table.add_column("dates", no_wrap=True)
    for story in found:
        names = sorted({outlets.get(a) or "–" for a in story["articles"]})
        dates = f"{story['start'] or '?'} – {story['end'] or '?'}" if story["start"] != story["end"] else story["start"]
        table.add_row(story["id"][:12], Text(story["title"]), str(len(story["articles"])), Text(", ".join(names)),
                      dates or "–")
    out.print(table)


def _find_story(store: Store, story_id: str) -> dict[str, Any]:
    """The one stored story whose id starts with ``story_id`` (grouping the store first if it changed)."""
    from .pipeline import group_stories

    group_stories(store)
    matches = [s for s in store.stories() if s["id"].startswith(story_id)]
    if len(matches) != 1:
        raise UsageError(f"no single story with id {story_id!r} ({len(matches)} match); see 'newsprism stories'")
    return matches[0]


@main.command()
@click.argument("story_id")
@db_option
@json_option
def story(story_id: str, db_path: str, as_json: bool) -> None:
    """One story: its articles side by side, and the copies among them.

    STORY_ID may be the first few characters of an id (see 'newsprism stories').

    \b
    Example:
      newsprism story 3f2a --db demo.db
    """
    with _open(db_path) as store:
        found = _find_story(store, story_id)
        links = store.copy_links(found["articles"])
        rows = {a["id"]: a for a in store.list_summaries()}
    if as_json:
        _print_json({**found, "copies": links})
        return
    out.print(Text(found["title"], style="bold"))
    table = Table(title=f"{len(found['articles'])} articles", title_justify="left", expand=True)
    for name in ("id", "outlet", "published", "title"):
        table.add_column(name, overflow="fold", ratio=1 if name == "title" else None)
    for article in sorted(found["articles"], key=lambda a: rows[a]["published"] or ""):
        row = rows[article]
        table.add_row(article[:12], row["outlet"] or "–", (row["published"] or "–")[:10], Text(row["title"] or "–"))
    out.print(table)
    for link in links:
        out.print(Text(f"{link['target'][:12]} {link['kind']} of {link['source'][:12]}: {link['evidence']}"))


@main.command()
@db_option
@click.option("--article", "article_id", help="Only links touching this article (an id or its prefix).")
@click.option("--story", "story_id", help="Only links touching this story's articles (an id or its prefix).")
@click.option("--vectors/--no-vectors", default=None, help="Also look for rewrites and translations (slower).")
@click.option("--refresh", is_flag=True, help="Look for reuse again even if the store has not changed.")
@json_option
def copies(db_path: str, article_id: str | None, story_id: str | None, vectors: bool | None, refresh: bool,
           as_json: bool) -> None:
    """Which articles copy, rewrite or share wire text with which, and who was first.

    \b
    Examples:
      newsprism copies --db demo.db --vectors
      newsprism copies --db demo.db --story 3f2a
    """
    from .pipeline import find_copies

    if article_id and story_id:
        raise UsageError("give --article or --story, not both")
    with _open(db_path) as store:
        find_copies(store, vectors=vectors, force=refresh)
        wanted: list[str] | None = None
        if article_id:
            wanted = [_resolve_id(store, article_id)]
        elif story_id:
            wanted = list(_find_story(store, story_id)["articles"])
        links = store.copy_links(wanted)
        signals = store.signals()
        names = {a["id"]: a for a in store.list_summaries()}
    if as_json:
        _print_json({"links": links, "signals": signals})
        return

    def label(article: str) -> Text:
        row = names.get(article, {})
        return Text(f"{article[:8]} {row.get('outlet') or '–'}\n{(row.get('title') or '')[:60]}")

    table = Table(title=f"reuse links ({len(links)})", title_justify="left", expand=True)
    table.add_column("source (earlier)", ratio=1, overflow="fold")
    table.add_column("target", ratio=1, overflow="fold")
    table.add_column("kind", no_wrap=True)
    table.add_column("shared", no_wrap=True, justify="right")
    table.add_column("evidence", ratio=1, overflow="fold")
    for link in links:
        shared = f"{link['shared_ratio_source']:.0%} / {link['shared_ratio_target']:.0%}"
        table.add_row(label(link["source"]), label(link["target"]), link["kind"], shared, Text(link["evidence"]))
    out.print(table)
    flagged = {a: s for a, s in signals.items() if wanted is None or a in wanted}
    if flagged:
        farm = Table(title="content-farm signals", title_justify="left", expand=True)
        farm.add_column("article", ratio=1, overflow="fold")
        farm.add_column("signals", ratio=2, overflow="fold")
        for article, found in sorted(flagged.items()):
            farm.add_row(label(article), Text("; ".join(found)))
        out.print(farm)


# -- demo --------------------------------------------------------------------------------
@main.command()
@click.option("--db", "db_path", default="newsprism-demo.db", show_default=True, type=click.Path(dir_okay=False),
              help="Store for the demo corpus.")
@json_option
def demo(db_path: str, as_json: bool) -> None:
    """Run the whole pipeline on the bundled fictional demo corpus and summarise it.

    \b
    Example:
      newsprism demo
    """
    from .demo import run_demo

    summary = run_demo(db_path)
    if as_json:
        _print_json(summary)
        return
    out.print(f"[bold]newsprism demo[/bold]: {summary['articles']} articles from {len(summary['outlets'])} outlets "
              f"ingested into {db_path} ({summary['failed']} failed); {summary['quotes']} quotes found, "
              f"{summary['attributed_quotes']} with their speaker")
    table = Table(title="articles", title_justify="left", expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("outlet", max_width=18, overflow="ellipsis", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("author", max_width=16, overflow="ellipsis", no_wrap=True)
    table.add_column("title", ratio=1, min_width=28, overflow="fold")
    table.add_column("removed", justify="right", no_wrap=True)
    table.add_column("quotes", justify="right", no_wrap=True)
    for a in summary["items"]:
        table.add_row(a["id"][:8], a["outlet"] or "–", (a["published"] or "–")[:10], a["author"] or "–",
                      Text(a["title"] or "–"), str(a["removed"]), str(a["quotes"]))
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
        found.add_row(st["id"][:12], Text(st["title"]), str(st["articles"]), str(st["outlets"]),
                      str(st["shared_statements"]), str(st["disagreements"]))
    out.print(found)
    first = summary["stories"][0]["id"][:12] if summary["stories"] else "ID"
    out.print(f"next: newsprism show ID --db {db_path} (quotes highlighted)    newsprism compare {first} --db {db_path}"
              f"    newsprism report --db {db_path} --out report/    newsprism serve --db {db_path}")


from . import cli_compare, cli_eval, cli_web  # noqa: E402,F401  (register their commands on main)

if __name__ == "__main__":  # pragma: no cover
    main()
