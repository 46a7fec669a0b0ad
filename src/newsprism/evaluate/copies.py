"""Reuse detection on ECB+: how many copy links, and whether any joins two different events.

ECB+ (Cybulska & Vossen 2014) groups 772 real news documents into topics,
each holding two different events of the same kind (subtopics ``<t>ecb`` and
``<t>ecbplus``). Several documents are the same wire story republished by
different sites. There is no gold list of copies, so the check is one-sided:
a link between documents of two different subtopics is certainly wrong (two
different events cannot share reporting); links inside a subtopic are
counted and sampled for a person to read. Texts are tokenised (tokens joined
by spaces, one sentence per line) and carry no dates or outlets, so
directions come from containment only.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from ..copies import CopyLink
from ..copies.finder import find_copies
from ..copies.vectors import Encoder
from ..errors import UsageError
from ..schema import Article
from ..settings import CopySettings


def load_ecbplus(data_dir: Path) -> tuple[list[Article], dict[str, str]]:
    """ECB+ documents as Articles (id = doc name, text as given) and each one's gold subtopic."""
    path = data_dir / "docs.jsonl" if data_dir.is_dir() else data_dir
    if not path.is_file():
        raise UsageError(f"{path} not found; pass --data pointing at the ECB+ folder that holds docs.jsonl")
    articles: list[Article] = []
    subtopic: dict[str, str] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            doc = str(row["doc"])
            articles.append(Article(id=doc, origin=doc, body=row["text"], text=row["text"], url=row.get("url") or None))
            subtopic[doc] = str(row["subtopic"])
    if not articles:
        raise UsageError(f"{path} holds no documents")
    return articles, subtopic


def _snippet(text: str, start: int, end: int, width: int = 90) -> str:
    piece = " ".join(text[start:end].split())
    return piece if len(piece) <= width else piece[:width - 3] + "..."


def _sample(link: CopyLink, texts: dict[str, str]) -> dict[str, Any]:
    first = link.passages[0] if link.passages else None
    return {
        **{k: v for k, v in link.to_dict().items() if k != "passages"},
        "passages": len(link.passages),
        "source_passage": _snippet(texts[link.source], first.source_start, first.source_end) if first else "",
        "target_passage": _snippet(texts[link.target], first.target_start, first.target_end) if first else "",
    }


def evaluate_copies(data_dir: Path, settings: CopySettings | None = None, *, vectors: bool | None = None,
                    encoder: Encoder | None = None, sample: int = 12) -> dict[str, Any]:
    """Links found on ECB+, by kind; cross-event links (must be 0); a sample to read.

    ``settings``: the ``[copies]`` section (the packaged defaults when None); ``vectors`` overrides its own.
    """
    articles, subtopic = load_ecbplus(Path(data_dir))
    texts = {a.id: a.text for a in articles}
    start = time.perf_counter()
    links, signals = find_copies(articles, settings, vectors=vectors, encoder=encoder)
    seconds = time.perf_counter() - start
    cross = [link for link in links if subtopic[link.source] != subtopic[link.target]]
    pairs = {frozenset((link.source, link.target)) for link in links}
    by_subtopic = Counter(subtopic[link.source] for link in links if link not in cross)
    ranked = sorted(links, key=lambda link: (-min(link.shared_ratio_source, link.shared_ratio_target), link.source))
    # Spread the sample over the range of overlap, from full copies to small partial reuse.
    step = max(1, len(ranked) // max(1, sample))
    return {
        "documents": len(articles),
        "vectors": vectors,
        "seconds": round(seconds, 2),
        "links": len(links),
        "linked_pairs": len(pairs),
        "by_kind": dict(sorted(Counter(link.kind for link in links).items())),
        "cross_event_links": len(cross),
        "cross_event": [_sample(link, texts) for link in cross[:sample]],
        "subtopics_with_links": len(by_subtopic),
        "articles_linked": len({x for link in links for x in (link.source, link.target)}),
        "articles_with_signals": sum(1 for v in signals.values() if v),
        "sample": [_sample(link, texts) for link in ranked[::step][:sample]],
    }
