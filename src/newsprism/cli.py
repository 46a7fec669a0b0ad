"""The ``newsprism`` command: a thin layer over the Python API."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
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
        handle = open(out_path, "w", encoding="utf-8") if out_path else sys.stdout
        try:
            count = 0
            for article in store.iter_articles():
                record = export_record(store, article)
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        finally:
            if out_path:
                handle.close()
    if out_path:
        err.print(f"wrote {count} articles to {out_path}", markup=False)


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
    handle = open(out_path, "w", encoding="utf-8") if out_path else sys.stdout
    try:
        for link in links:
            handle.write(json.dumps(link, ensure_ascii=False) + "\n")
    finally:
        if out_path:
            handle.close()
    if out_path:
        err.print(f"wrote {len(links)} links to {out_path}", markup=False)


@main.command()
@db_option
@click.option("--article", "article_id", help="Only links touching this article (an id or its prefix).")
@click.option("--vectors/--no-vectors", default=None, help="Also look for rewrites and translations (slower).")
@click.option("--refresh", is_flag=True, help="Look for reuse again even if the store has not changed.")
@json_option
def copies(db_path: str, article_id: str | None, vectors: bool | None, refresh: bool, as_json: bool) -> None:
    """Which articles copy, rewrite or share wire text with which, and who was first.

    \b
    Example:
      newsprism copies --db demo.db --vectors
    """
    from .pipeline import find_copies

    with _open(db_path) as store:
        find_copies(store, vectors=vectors, force=refresh)
        wanted = [_resolve_id(store, article_id)] if article_id else None
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


# -- evaluation ----------------------------------------------------------------------
@main.group("eval")
def evaluate() -> None:
    """Score newsprism's stages on labelled data."""


@evaluate.command("extraction")
@click.option("--data", "data_dir", required=True, type=click.Path(file_okay=False, exists=True),
              help="Folder of the article-extraction benchmark (ground-truth.json + html/).")
@json_option
def eval_extraction(data_dir: str, as_json: bool) -> None:
    """Body-text extraction: newsprism vs bare trafilatura, 4-gram shingle P/R/F1.

    \b
    Example:
      newsprism eval extraction --data ../shared/data/aeb
    """
    from .evaluate.extraction import evaluate_extraction

    with err.status("scoring both systems on every page…"):
        scores = evaluate_extraction(Path(data_dir))
    if as_json:
        _print_json({name: s.to_dict() for name, s in scores.items()})
        return
    table = Table(title=f"article body extraction ({next(iter(scores.values())).pages} pages)", title_justify="left")
    for name in ("system", "precision", "recall", "F1"):
        table.add_column(name, justify="right" if name != "system" else "left")
    for name, s in scores.items():
        table.add_row(name, f"{s.precision:.4f}", f"{s.recall:.4f}", f"{s.f1:.4f}")
    out.print(table)


@evaluate.command("quotes")
@click.option("--data", "data_dir", required=True, type=click.Path(file_okay=False, exists=True),
              help="PolNeAR folder (with data/<split>/text and data/<split>/attributions).")
@click.option("--split", default="dev", show_default=True, help="Which split to score (train or dev).")
@click.option("--limit", type=click.IntRange(1), help="Score only the first N articles.")
@json_option
def eval_quotes(data_dir: str, split: str, limit: int | None, as_json: bool) -> None:
    """Quotes and speakers against PolNeAR's Content and Source spans (exact and overlap P/R/F1).

    \b
    Example:
      newsprism eval quotes --data ../shared/data/polnear --split dev
    """
    from .evaluate.quotes import evaluate_quotes

    with err.status("reading every article and scoring quotes…"):
        scores = evaluate_quotes(Path(data_dir), split, limit)
    if as_json:
        _print_json({name: s.to_dict() for name, s in scores.items()})
        return
    table = Table(title=f"quote attribution on PolNeAR {split}", title_justify="left")
    for name in ("measure", "precision", "recall", "F1", "predicted", "gold"):
        table.add_column(name, justify="left" if name == "measure" else "right")
    for name, s in scores.items():
        table.add_row(name.replace("_", " "), f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}",
                      str(s.predicted), str(s.gold))
    out.print(table)


@evaluate.command("reuse")
@click.option("--data", "data_dir", required=True, type=click.Path(file_okay=False, exists=True),
              help="ECB+ folder (with docs.jsonl).")
@click.option("--vectors/--no-vectors", default=False, show_default=True, help="Also look for rewrites (slower).")
@click.option("--sample", default=12, show_default=True, type=click.IntRange(0), help="How many links to show.")
@json_option
def eval_reuse(data_dir: str, vectors: bool, sample: int, as_json: bool) -> None:
    """Reuse links found in ECB+ (real republished wire copy), and whether any joins two events.

    \b
    Example:
      newsprism eval reuse --data ../shared/data/ecbplus
    """
    from .evaluate.reuse import evaluate_reuse

    with err.status("looking for reuse across the corpus…"):
        result = evaluate_reuse(Path(data_dir), vectors=vectors, sample=sample)
    if as_json:
        _print_json(result)
        return
    table = Table(title=f"text reuse in ECB+ ({result['documents']} documents)", title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for name in ("links", "articles_linked", "subtopics_with_links", "cross_event_links", "seconds"):
        table.add_row(name.replace("_", " "), str(result[name]))
    for kind, count in sorted(result["by_kind"].items()):
        table.add_row(f"  {kind}", str(count))
    out.print(table)
    if result["sample"]:
        shown = Table(title="a sample to check by eye", title_justify="left", expand=True)
        for name in ("source", "target", "kind", "source passage", "target passage"):
            shown.add_column(name, overflow="fold", ratio=2 if "passage" in name else 1)
        for link in result["sample"]:
            shown.add_row(link["source"], link["target"], link["kind"], Text(link["source_passage"]),
                          Text(link["target_passage"]))
        out.print(shown)


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "– (0/0)"


@evaluate.command("entities")
@click.option("--data", "data_dir", required=True, type=click.Path(file_okay=False, exists=True),
              help="BASIL folder (with articles/ and annotations/).")
@click.option("--misses", default=10, show_default=True, type=click.IntRange(0), help="How many misses to list.")
@json_option
def eval_entities(data_dir: str, misses: int, as_json: bool) -> None:
    """Main entities, canonical ids across outlets and quote speakers against BASIL.

    \b
    Example:
      newsprism eval entities --data ../shared/data/basil
    """
    from .evaluate.basil import evaluate_entities

    with err.status("reading every article and scoring entities and speakers…"):
        s = evaluate_entities(Path(data_dir))
    if as_json:
        _print_json(s.to_dict())
        return
    table = Table(title=f"entities, canonical names and speakers on BASIL ({s.articles} articles)",
                  title_justify="left")
    table.add_column("measure")
    table.add_column("score", justify="right")
    table.add_row("main-entity recall", _share(s.found, s.pairs))
    for form, (found, pairs) in sorted(s.by_form.items()):
        table.add_row(f"  written as a {form}", _share(found, pairs))
    table.add_row("  before the corpus pass (article names)", _share(s.found_local, s.pairs))
    table.add_row("  group entries skipped", str(s.skipped_groups))
    table.add_row("cross-outlet consistency (same canonical id)", _share(s.consistent, s.checked))
    table.add_row("quote coverage (annotated quotes overlapped)", _share(s.covered_quotes, s.located_quotes))
    table.add_row("speaker accuracy (named speakers)", _share(s.speaker_correct, s.named_covered))
    for form, (right, covered) in sorted(s.speaker_by_form.items()):
        table.add_row(f"  written as a {form}", _share(right, covered))
    table.add_row("  no speaker found", str(s.speaker_missing))
    table.add_row("  not scored: unnamed / group speakers", f"{s.unnamed_speakers} / {s.group_speakers}")
    out.print(table)
    if s.inconsistent:
        table = Table(title="entities with several canonical ids across an event's outlets", title_justify="left")
        table.add_column("annotated")
        table.add_column("outlet: canonical name (id)", overflow="fold")
        for split in s.inconsistent:
            table.add_row(Text(split.gold), Text("; ".join(f"{k}: {v}" for k, v in split.readings.items())))
        out.print(table)
    if misses and s.misses:
        table = Table(title=f"main entities not found ({len(s.misses)}; first {min(misses, len(s.misses))})",
                      title_justify="left")
        for name in ("article", "outlet", "annotated", "entities sharing a word"):
            table.add_column(name, overflow="fold")
        for miss in sorted(s.misses, key=lambda m: m.form != "name")[:misses]:  # proper names first
            table.add_row(miss.article[:13], miss.outlet, Text(miss.gold), Text(", ".join(miss.near) or "–"))
        out.print(table)
    if misses and s.speaker_misses:
        table = Table(title=f"speakers missed ({len(s.speaker_misses)}; first {min(misses, len(s.speaker_misses))})",
                      title_justify="left")
        for name in ("article", "annotated", "newsprism", "quote"):
            table.add_column(name, overflow="fold")
        for item in sorted(s.speaker_misses, key=lambda m: m.form != "name")[:misses]:
            table.add_row(item.article[:13], Text(item.gold), Text(item.got or "–"), Text(item.quote[:80]))
        out.print(table)


@evaluate.command("dates")
@click.option("--data", "data_dir", required=True, type=click.Path(file_okay=False, exists=True),
              help="BASIL folder (with articles/).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The day the inference takes as today (default: the real today, as when reading new articles).")
@click.option("--misses", default=10, show_default=True, type=click.IntRange(0), help="How many misses to list.")
@json_option
def eval_dates(data_dir: str, today: Any, misses: int, as_json: bool) -> None:
    """Publication dates read from the text alone, and date mentions resolved against the real date.

    \b
    Example:
      newsprism eval dates --data ../shared/data/basil
    """
    from .evaluate.basil import evaluate_dates

    with err.status("reading every article and scoring dates…"):
        s = evaluate_dates(Path(data_dir), today.date() if today else None)
    if as_json:
        _print_json(s.to_dict())
        return
    table = Table(title=f"publication date from the text alone on BASIL ({s.articles} articles, today = {s.today})",
                  title_justify="left")
    table.add_column("measure")
    table.add_column("score", justify="right")
    table.add_row("coverage (a date inferred)", _share(s.inferred, s.articles))
    table.add_row("accuracy at the inferred precision", _share(s.correct, s.inferred))
    for precision, (right, inferred) in sorted(s.by_precision.items()):
        table.add_row(f"  {precision} inferences right", _share(right, inferred))
    table.add_row("  day inferences within one day", _share(s.day_within_1, s.by_precision.get("day", [0, 0])[1]))
    table.add_row("  right year, any precision", _share(s.year_right, s.inferred))
    table.add_row("date mentions resolved against the gold date", str(s.mentions))
    for precision, n in sorted(s.mention_precision.items()):
        table.add_row(f"  {precision} precision", str(n))
    for form, n in sorted(s.mention_forms.items(), key=lambda item: -item[1]):
        table.add_row(f"  {form} (form)", str(n))
    for form, checked in sorted(s.weekday_checked.items()):
        table.add_row(f"  {form} given with a weekday, resolved to it", _share(s.weekday_agree.get(form, 0), checked))
    out.print(table)
    if misses and s.misses:
        table = Table(title=f"wrong inferences ({len(s.misses)}; first {min(misses, len(s.misses))})",
                      title_justify="left")
        for name in ("article", "gold", "inferred", "evidence"):
            table.add_column(name, overflow="fold")
        for miss in s.misses[:misses]:
            table.add_row(miss.article[:13], miss.gold, miss.inferred, Text(miss.evidence))
        out.print(table)


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
    out.print(f"next: newsprism list --db {db_path}    newsprism show ID --db {db_path} (quotes highlighted)    "
              f"newsprism search 'quota' --db {db_path}")


if __name__ == "__main__":  # pragma: no cover
    main()
