"""``newsprism list``, ``show`` and ``search``: the store's articles."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from rich.table import Table
from rich.text import Text

from ..schema import to_json
from ._util import db_option, err, json_option, main, open_existing, out, plain, print_json, shown

if TYPE_CHECKING:
    from ..annotate.canonical import AnnotatedEntity
    from ..views import ArticleRecord


@main.command("list")
@db_option
@click.option("--outlet", help="Only articles from this outlet.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(0), help="At most this many (0 = all).")
@json_option
def list_cli(db_path: str, outlet: str | None, limit: int, as_json: bool) -> None:
    """List stored articles, newest first.

    \b
    Example:
      newsprism list --db demo.db --outlet "Velgrad Courier"
    """
    with open_existing(db_path, reading=True) as store:
        rows = store.list_summaries(limit or None, outlet)
        total = store.count()
    if as_json:
        print_json(to_json(rows))
        return
    table = Table(title=f"{len(rows)} of {total} articles", title_justify="left", expand=True,
                  caption="~ publication date read from the text" if any(r.published_inferred for r in rows)
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
        published = ("~" if r.published_inferred else "") + (r.published or "–")[:10]
        cells = [shown(r.id[:12]), shown(r.outlet or "–"), shown(published), shown(r.title or "–")]
        if wide:
            cells += [shown(r.author or "–"), shown(r.language or "–")]
        table.add_row(*cells)
    out.print(table)


@main.command("show")
@click.argument("article_id")
@db_option
@click.option("--removed/--no-removed", default=True, show_default=True, help="Also list the furniture removed.")
@json_option
def show_cli(article_id: str, db_path: str, removed: bool, as_json: bool) -> None:
    """Show one article: metadata, cleaned text and what cleaning removed.

    ARTICLE_ID may be the first few characters of an id.

    \b
    Example:
      newsprism show 3ceeaf43 --db demo.db
    """
    from ..views import article_record, resolve_article


    with open_existing(db_path, reading=True) as store:
        article = store.get(resolve_article(store, article_id))
        assert article is not None
        record = article_record(store, article)
    if as_json:
        print_json(record.to_dict())
        return
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column()
    published = record.published + (" (inferred from the text)" if record.published_inferred else "") \
        if record.published else None
    for label, value in (("id", article.id), ("title", article.title), ("outlet", article.outlet),
                         ("author", article.author), ("published", published),
                         ("language", article.language), ("url", article.url), ("origin", article.origin),
                         ("credits", ", ".join(article.credits) or None)):
        meta.add_row(label, shown(value or "–"))
    evidence = dict(article.evidence)
    if record.published_evidence:
        evidence["published"] = record.published_evidence
    for field, how in sorted(evidence.items()):
        meta.add_row(shown(f"  {field} from"), shown(how, style="dim"))
    out.print(meta)
    out.print()
    out.print(_highlighted(article.text, record))
    if record.quotes is None:
        out.print()
        out.print(shown(f"(not annotated yet: run 'newsprism annotate --db {db_path}' to read it)", style="dim"))
    else:
        for table in _annotation_tables(record):
            out.print()
            out.print(table)
    for note in record.annotation_notes or ():
        out.print(shown(f"note: {note}", style="dim"))
    if removed and article.removed:
        out.print()
        table = Table(title=f"removed from the page ({len(article.removed)})", title_justify="left")
        table.add_column("reason", style="yellow")
        table.add_column("text", overflow="fold")
        for seg in article.removed:
            table.add_row(shown(seg.reason), shown(seg.text))
        out.print(table)


_ENTITY_STYLES = {"person": "bold cyan", "organisation": "magenta", "place": "blue"}


def _highlighted(text: str, record: ArticleRecord) -> Text:
    """The article text with its annotations marked: quotes green, speakers bold, entities
    coloured by type, labels underlined, dates yellow."""
    body = shown(text)  # one character for one: the spans still fit
    for quote in record.quotes or ():
        body.stylize("italic green", quote.start, quote.end)
    for entity in record.entities or ():
        for mention in entity.mentions:
            body.stylize(_ENTITY_STYLES.get(entity.type, "cyan"), mention.start, mention.end)
    for label in record.labels or ():
        body.stylize("underline", label.start, label.end)
    for found in record.dates or ():
        body.stylize("yellow", found.start, found.end)
    for quote in record.quotes or ():
        if quote.speaker_start is not None:
            body.stylize("bold", quote.speaker_start, quote.speaker_end)
    return body


def _entity_name(entity: AnnotatedEntity) -> Text:
    """The canonical name, and under it a few of the other spellings the corpus uses, dimmed, one a line
    (a spelling stays whole in the narrow column)."""
    name = shown(entity.name)
    for n, spelling in enumerate(entity.also()):
        name.append("\n")
        name.append_text(shown(("also " if n == 0 else "     ") + spelling, style="dim"))
    return name


def _annotation_tables(record: ArticleRecord) -> list[Table]:
    tables = []
    if record.entities:
        labels: dict[str, list[str]] = {}
        for label in record.labels or ():
            labels.setdefault(label.entity, []).append(label.text)
        entities = Table(title=f"entities ({len(record.entities)})", title_justify="left", expand=True)
        entities.add_column("name", max_width=32, overflow="fold")
        entities.add_column("type", no_wrap=True)
        entities.add_column("mentions", justify="right")
        entities.add_column("labels", ratio=1, overflow="fold")
        for entity in record.entities:
            said = "; ".join(dict.fromkeys(labels.get(entity.id, [])))
            entities.add_row(_entity_name(entity), shown(entity.type), str(len(entity.mentions)), shown(said))
        tables.append(entities)
    if record.quotes:
        quotes = Table(title=f"quotes ({len(record.quotes)})", title_justify="left", expand=True)
        quotes.add_column("speaker", max_width=28, overflow="fold")
        quotes.add_column("cue", no_wrap=True)
        quotes.add_column("kind", no_wrap=True)
        quotes.add_column("quote", ratio=1, overflow="fold")
        for quote in record.quotes:
            speaker = quote.speaker or (f"({quote.speaker_text})" if quote.speaker_text else "?")
            quotes.add_row(shown(speaker), shown(quote.cue or ""), shown(quote.kind), shown(quote.text))
        tables.append(quotes)
    if record.dates:
        dates = Table(title=f"dates ({len(record.dates)})", title_justify="left")
        dates.add_column("text", overflow="fold")
        dates.add_column("value", no_wrap=True)
        dates.add_column("precision", no_wrap=True)
        for found in record.dates:
            dates.add_row(shown(found.text), shown(found.value or "?"), shown(found.precision or ""))
        tables.append(dates)
    return tables


@main.command("search")
@click.argument("query")
@db_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1))
@json_option
def search_cli(query: str, db_path: str, limit: int, as_json: bool) -> None:
    """Full-text search over titles and cleaned text (words and "quoted phrases").

    \b
    Example:
      newsprism search '"fishing quota"' --db demo.db
    """
    with open_existing(db_path, reading=True) as store:
        rows = store.search(query, limit)
    if as_json:
        print_json(to_json(rows))
        return
    if not rows:
        err.print(f"no article matches {plain(repr(query))}", markup=False)
        return
    table = Table(title=shown(f"{len(rows)} matches for {query!r}"), title_justify="left", expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("outlet", max_width=18, overflow="ellipsis", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("title", ratio=1, overflow="fold")
    table.add_column("snippet", ratio=2, overflow="fold")
    for r in rows:
        table.add_row(shown(r.id[:12]), shown(r.outlet or "–"), shown((r.published or "–")[:10]),
                      shown(r.title or "–"), shown(r.snippet or ""))
    out.print(table)
