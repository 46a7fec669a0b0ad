"""Extraction: from a decoded input to an article body plus what a reader can tell.

HTML goes through trafilatura (body, title, author, date, site name, canonical
URL). Plain text and Markdown are read the way a person reads them: the first
headline-like line is the title, and bylines, datelines, bios and credit lines
are recognised while cleaning (see :mod:`newsprism.extract.clean`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..errors import InputError
from . import furniture as F
from .clean import byline_and_date, is_reporting, normalise_body, split_paragraphs
from .dates import parse_date

_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
# A wire dateline opening the first reporting paragraph: "PORT ALDER, March 3, 2025 —", and in Russian,
# Ukrainian or Italian "КИЇВ, 16 травня 2025 р. —", "ROMA, 16 maggio 2025 -" (a month word in any of
# them, checked by parse_date; without a year these are no date).
_DATELINE = re.compile(
    r"^(?P<place>[A-ZÀ-ÝА-ЯЁІЇЄҐ][A-ZÀ-ÝА-ЯЁІЇЄҐ .'\-]{1,40}),\s+"
    r"(?P<date>[A-Z][a-z]{2,9}\.? \d{1,2}(?:, \d{4})?|\d{1,2} [^\W\d_]{3,10}\.? \d{4}(?: ?(?:г\.|года|р\.|року))?)"
    r"(?:\s*\((?P<agency>[^\W\d_][\w .&\-]{0,30})\))?\s*[—–-]"
)


LEDE_EVIDENCE = "first sentence (no separate headline)"

# libxml2 keeps elements nested up to this depth (counted from <html>) and drops
# what lies deeper; with its "huge" option, up to _HUGE_DEPTH.
_DEFAULT_DEPTH = 255
_HUGE_DEPTH = 2047
# Layout wrappers that may be dropped to bring text nested past _HUGE_DEPTH within reach.
_WRAPPER_TAG = re.compile(r"</?(?:div|span|font|section|center|small|big|b|i|u|em|strong)\b[^>]*>", re.I)


@dataclass(frozen=True)
class Extracted:
    body: str
    title: str | None = None
    # True when the title is the text's own first sentence (a lede, no headline
    # line): it stays in the text instead of being removed as a headline.
    title_is_lede: bool = False
    author: str | None = None
    published: str | None = None
    outlet: str | None = None
    canonical_url: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)
    credits: tuple[str, ...] = ()


def _year_only_guess(published: str, page: Any) -> bool:
    """Whether a 1 January date is trafilatura's stand-in for a bare year: its extensive date search,
    finding a year but no day (a byline it cannot read, such as "16 травня 2025, 14:05"), answers with
    1 January of that year. A date the page states outright is found again without that search."""
    if not published[4:10] == "-01-01":
        return False
    from htmldate import find_date

    try:
        return find_date(page, extensive_search=False, original_date=True) is None
    except Exception:  # htmldate raises assorted lxml errors on broken markup; keep the first answer
        return False


def printed_byline(page: Any) -> tuple[str | None, str | None]:
    """The author and date stamp printed by the headline, for a page whose date trafilatura could not
    read: it drops elements classed as bylines or metadata from the text, so the cleaner never sees
    "Оксана Гайова · 16 травня 2025, 14:05". The first short block of the <article> (else of the element
    holding the <h1>) that is a date line, or a name and a date line, before the reporting begins.
    ``page``: the parsed tree extraction already has (trafilatura reads a copy), or the HTML."""
    if isinstance(page, str):
        from trafilatura.utils import load_html

        page = load_html(page)
    if page is None:
        return None, None
    scope = page.xpath("(//article)[1] | (//h1)[1]/..")
    if not scope:
        return None, None
    for element in scope[0].iter():
        if not isinstance(element.tag, str):
            continue
        text = " ".join(element.text_content().split())
        if element.tag == "p" and is_reporting(text):
            break  # the reporting has begun
        if not text or len(text) > 120:
            continue
        both = byline_and_date(text)
        if both:
            return both
        if F.DATE_LINE.match(text) and parse_date(text):
            return None, text
    return None, None


def extract_html(html: str, item: str, url: str | None = None) -> Extracted:
    """Main text and metadata of an HTML page via trafilatura."""
    import trafilatura  # heavy import, only needed for HTML

    if not html.strip():
        raise InputError(item, "is empty; nothing to ingest")
    url = _usable_url(url)
    try:
        tree, depth, flattened = _page_tree(html)
        doc = trafilatura.bare_extraction(
            tree if tree is not None else html,
            url=url, with_metadata=True, include_comments=False, include_tables=True,
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        problem = " ".join(str(exc).split())[:200]  # lxml messages may span lines
        raise InputError(item, f"HTML could not be parsed ({type(exc).__name__}: {problem}); check the file is a web page") from None
    meta: dict[str, Any] = doc.as_dict() if doc is not None and not isinstance(doc, dict) else (doc or {})
    text = meta.get("text")
    if not text or not text.strip():
        if depth >= _HUGE_DEPTH:
            raise InputError(
                item, f"no article text found: the page nests elements deeper than {_HUGE_DEPTH:,} levels, "
                "the HTML parser's limit, and no text was left above it; the markup is broken, "
                "save the page again or ingest its text",
            )
        raise InputError(
            item, "no article text found in the HTML (a front page, an error page or a script-only page?); "
            "ingest the article page itself"
        )
    evidence: dict[str, str] = {}
    if flattened:
        evidence["text"] = (
            f"the page nests elements deeper than {_HUGE_DEPTH:,} levels; read with its layout tags removed"
        )
    published = parse_date(meta.get("date"))
    if published and _year_only_guess(published, tree if tree is not None else html):
        published = None
    if published:
        evidence["published"] = "page metadata"
    # trafilatura keeps the separator of "Name · date" bylines: "Оксана Гайова ·"
    author = (meta.get("author") or "").strip(" ·•|,—–-") or None
    if author:
        evidence["author"] = "page metadata"
    if not (published and author):
        name, stamp = printed_byline(tree if tree is not None else html)
        if not published and (published := parse_date(stamp)):
            evidence["published"] = f"byline '{stamp}'"
        if name and not author:
            author, evidence["author"] = name, "byline"
    sitename = _clean_sitename(meta.get("sitename"))
    if sitename and re.fullmatch(r"[\w\-]+(\.[\w\-]+)+", sitename):
        # trafilatura falls back to the host name; that is weaker evidence.
        evidence["outlet"] = "page host name"
    elif sitename:
        evidence["outlet"] = "page metadata (site name)"
    elif meta.get("hostname"):
        sitename = str(meta["hostname"])
        evidence["outlet"] = "page host name"
    return Extracted(
        body=normalise_body(text),
        title=meta.get("title") or None,
        author=author,
        published=published,
        outlet=sitename,
        canonical_url=meta.get("url") or None,
        evidence=evidence,
    )


def _page_tree(html: str) -> tuple[Any, int, bool]:
    """The parsed page for trafilatura, its depth, and whether layout tags were removed.

    Parsed as trafilatura itself would; a page that reaches the parser's depth
    limit is parsed again with the limit raised, then, if still too deep, with
    its layout wrappers (div, span ...) removed, so text nested hundreds of
    elements deep is read instead of silently dropped. The tree is None when
    trafilatura does not take the input for HTML (it then decides itself).
    """
    from lxml.html import HTMLParser, fromstring
    from trafilatura.utils import load_html, repair_faulty_html

    tree = load_html(html)
    if tree is None:
        return None, 0, False
    depth = _depth(tree)
    if depth < _DEFAULT_DEPTH:
        return tree, depth, False
    parser = HTMLParser(
        collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True,
        huge_tree=True,
    )
    markup = repair_faulty_html(html, html[:50].lower())

    def parse(text: str) -> Any:
        # lxml refuses a str that declares its encoding; bytes are read as the UTF-8 they are.
        return fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)

    deep = parse(markup)
    depth = _depth(deep)
    if depth < _HUGE_DEPTH:
        return deep, depth, False
    flat = parse(_WRAPPER_TAG.sub(" ", markup))
    flat_depth = _depth(flat)
    if flat_depth < _HUGE_DEPTH:
        return flat, flat_depth, True
    # Past every limit: the plain parse is read (what it holds above the limit), since
    # trafilatura's table handling takes seconds on a tree thousands of elements deep.
    return tree, depth, False


def _depth(root: Any) -> int:
    """How deep elements nest below ``root`` (iteratively: the tree may be thousands deep)."""
    deepest = 0
    stack = [(root, 0)]
    while stack:
        element, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in element)
    return deepest


def _usable_url(url: str | None) -> str | None:
    """``url`` if it parses; a broken one would make trafilatura fail the whole page."""
    if url is None:
        return None
    try:
        urlsplit(url)
    except ValueError:
        return None
    return url


def _clean_sitename(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip()
    return None if name.startswith(("@", "http")) else name


def markdown_to_text(text: str) -> str:
    """Strip the Markdown a reader does not see (heading marks, link targets, emphasis)."""
    lines = []
    for line in text.split("\n"):
        line = _MD_IMAGE.sub("", line)
        line = _MD_HEADING.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_EMPHASIS.sub(r"\2", line)
        lines.append(line)
    return "\n".join(lines)


def unwrap_paragraphs(text: str) -> str:
    """Join hard-wrapped lines when blank lines separate the real paragraphs.

    Files written one paragraph per line are left alone; text wrapped at a
    fixed width (e-mail, some wire copy) is re-joined so each paragraph is one
    block again.
    """
    blocks = [b.strip("\n") for b in re.split(r"\n\s*\n", text.strip("\n"))]
    multi = [b for b in blocks if b.count("\n") >= 1]
    if len(blocks) < 2 or not multi:
        return text
    lines = [ln.rstrip() for b in multi for ln in b.split("\n")[:-1] if ln.strip()]
    if len(lines) < 3:
        return text
    # Text wrapped at a fixed width has its non-final lines bunched just under
    # that width; lists of headlines or verse vary freely.
    width = max(len(ln) for ln in lines)
    near_width = [ln for ln in lines if len(ln) >= width - 20]
    # ... and a wrapped sentence often carries on in lower case on the next line,
    # which a list of headlines never does.
    pairs = [(a, b) for blk in multi for a, b in zip(blk.split("\n"), blk.split("\n")[1:]) if b.strip()]
    continued = [b for _, b in pairs if b.lstrip()[:1].islower()]
    if width > 100 or len(near_width) < 0.7 * len(lines) or len(continued) < 0.3 * len(pairs):
        return text
    joined = []
    for block in blocks:
        parts = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if parts and all(len(p) <= 100 for p in parts[:-1]) and not any(p.startswith(("-", "*", "•")) for p in parts):
            joined.append(" ".join(parts))
        else:
            joined.append("\n".join(parts))
    return "\n\n".join(joined)


def guess_title(body: str, max_words: int = 40) -> str | None:
    """The first headline-like paragraph, skipping interface strings and fragments."""
    for para in split_paragraphs(body)[:12]:
        text = para.text.strip()
        if F.is_ui_string(text) or F.SYMBOLS_ONLY.match(text) or F.PHOTO_CREDIT.match(text):
            continue
        if F.BYLINE.match(text) or F.META_LINE.match(text):
            continue
        words = len(text.split())
        if words < 2:
            continue
        if words > max_words:
            return None
        return text
    return None


def is_lede(line: str) -> bool:
    """A full reporting sentence rather than a headline: long, ending in a full stop."""
    return len(line.split()) >= 20 and line.rstrip().endswith((".", "!", "?", ".”", ".\""))


def extract_text(text: str, item: str, *, markdown: bool = False, max_title_words: int = 40) -> Extracted:
    """Body and title of a plain-text or Markdown article."""
    if markdown:
        text = markdown_to_text(text)
    text = unwrap_paragraphs(text)
    body = normalise_body(text)
    if not body:
        raise InputError(item, "is empty (no text after removing whitespace); nothing to ingest")
    title = guess_title(body, max_title_words)
    evidence: dict[str, str] = {}
    paragraphs = [p.text for p in split_paragraphs(body)]
    # The last paragraph of the text is never only a headline: nothing would be left.
    lede = bool(title and (is_lede(title) or paragraphs.index(title) == len(paragraphs) - 1))
    if title:
        evidence["title"] = LEDE_EVIDENCE if lede else "first headline-like line"
    published = None
    credits: tuple[str, ...] = ()
    for para in split_paragraphs(body)[:8]:
        match = _DATELINE.match(para.text)
        if match and is_reporting(para.text):
            published = parse_date(match.group("date"))
            if published:
                evidence["published"] = f"dateline '{match.group(0).strip()}'"
            if match.group("agency"):
                credits = (match.group("agency").strip(),)
            break
    return Extracted(
        body=body, title=title, published=published, evidence=evidence, credits=credits, title_is_lede=lede
    )


def hint(hints: dict[str, Any], *names: str) -> str | None:
    """First non-empty string value among ``names`` in a record's fields."""
    for name in names:
        value = hints.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
