"""The digest: a few extracted sentences, those the most outlets support, each citing its sources.

No text is generated. A fact qualifies when its sentence reads as a plain
report: not a question, not mostly a direct quote, not scored loaded, and of
ordinary length. The most widely reported facts are taken (copies of another
member do not add support), one sentence each, the one closest to the fact's
other renderings, and they are put in the order the articles tell them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..settings import CompareSettings
from ..text.tokens import COMPOUND_WORD as WORD
from .records import DigestSentence, Fact, StoryArticle
from .similar import F32
from .text import Piece

MIN_WORDS, MAX_WORDS = 6, 60
# A sentence more than this share inside quote marks is someone's words, not the report's.
MAX_QUOTED_SHARE = 0.6


def _quoted_share(article: StoryArticle, piece: Piece) -> float:
    covered = 0
    for quote in article.quotes:
        if quote["kind"] != "indirect":
            covered += max(0, min(piece.end, quote["end"]) - max(piece.start, quote["start"]))
    return covered / max(1, piece.end - piece.start)


def _plain(article: StoryArticle, piece: Piece, loaded: float, max_loaded: float) -> bool:
    n = len(WORD.findall(piece.text))
    return (MIN_WORDS <= n <= MAX_WORDS and not piece.text.rstrip().endswith("?") and loaded < max_loaded
            and _quoted_share(article, piece) <= MAX_QUOTED_SHARE)


def digest(articles: Sequence[StoryArticle], facts: Sequence[Fact], members_of: Sequence[Sequence[int]],
           pieces: Sequence[Piece], vectors: F32, loaded: Sequence[float], settings: CompareSettings) -> list[DigestSentence]:
    limit, max_loaded = settings.digest_sentences, settings.digest_max_loaded
    ids = {a.id for a in articles}
    # Sentences in the language most of the story's articles use read best in a digest.
    languages = Counter(a.language for a in articles)
    main_language = languages.most_common(1)[0][0] if languages else None
    best_support = max((f.independent for f in facts), default=0)
    chosen: list[tuple[float, DigestSentence]] = []
    for fact, members in zip(facts, members_of):
        if len(chosen) >= limit or (best_support >= 2 and fact.independent < 2):
            break
        usable = [k for k in members
                  if _plain(articles[pieces[k].article], pieces[k], loaded[k], max_loaded)
                  and articles[pieces[k].article].copy_of not in ids]
        if not usable:
            continue
        centre = vectors[members].sum(axis=0)
        k = max(usable, key=lambda m: (articles[pieces[m].article].language == main_language,
                                       float(np.dot(vectors[m], centre)), -m))
        position = float(np.mean([pieces[m].start / max(1, len(articles[pieces[m].article].text)) for m in members]))
        chosen.append((position, DigestSentence(fact.sentences[members.index(k)], fact.id, fact.outlets)))
    return [sentence for _, sentence in sorted(chosen, key=lambda pc: pc[0])]
