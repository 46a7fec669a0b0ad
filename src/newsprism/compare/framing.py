"""Framing: how each outlet labels the actors, names the event, attributes speech and loads its words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from ..annotate.role_labels import label_key
from ..text.tokens import COMPOUND_WORD
from .pieces import span
from .records import ActorFraming, Framing, LabelUse, LoadedWording, Span, StoryArticle, TermUse
from .text import Piece


@lru_cache(maxsize=1)
def event_terms() -> re.Pattern[str]:
    """One pattern for every event-naming term (longest first, so a phrase wins over its head word)."""
    lines = resources.files(__package__).joinpath("event_terms.txt").read_text(encoding="utf-8").splitlines()
    terms = sorted({t.strip() for t in lines if t.strip() and not t.startswith("#")}, key=len, reverse=True)
    parts = []
    for term in terms:
        words = [re.escape(w[:-1]) + r"\w{0,3}" if w.endswith("*") else re.escape(w) for w in term.split()]
        parts.append(r"\s+".join(words))
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def _canonical_term(text: str) -> str:
    # Abbreviations keep their capitals; other words are compared lower-cased.
    return text if text.isupper() else " ".join(text.lower().split())


def actor_labels(articles: Sequence[StoryArticle]) -> list[ActorFraming]:
    names: dict[str, str] = {}
    named_by: dict[str, set[str]] = {}
    for article in articles:
        for entity in article.entities:
            names.setdefault(entity["id"], entity["name"])
            named_by.setdefault(entity["id"], set()).add(article.outlet)
    uses: dict[str, dict[tuple[str, str, str], list[Span]]] = {}
    for article in articles:
        for label in article.labels:
            key = (article.outlet, label_key(label["text"], article.language), label["kind"])
            uses.setdefault(label["entity"], {}).setdefault(key, []).append(
                span(article, label["start"], label["end"]))
    actors = []
    for entity_id, found in uses.items():
        labels = tuple(LabelUse(outlet, spans[0].text, kind, tuple(spans))
                       for (outlet, _, kind), spans in sorted(found.items()))
        actors.append(ActorFraming(entity_id, names.get(entity_id, entity_id), labels,
                                   tuple(sorted(named_by.get(entity_id, set())))))
    return sorted(actors, key=lambda a: (-len(a.outlets), -len(a.labels), a.name))


def _term_uses(found: dict[tuple[str, str], list[Span]]) -> list[TermUse]:
    return [TermUse(outlet, term, len(spans), tuple(spans))
            for (outlet, term), spans in sorted(found.items(), key=lambda kv: (kv[0][0], -len(kv[1]), kv[0][1]))]


def event_naming(articles: Sequence[StoryArticle]) -> list[TermUse]:
    pattern = event_terms()
    found: dict[tuple[str, str], list[Span]] = {}
    for article in articles:
        for match in pattern.finditer(article.text):
            found.setdefault((article.outlet, _canonical_term(match.group())), []).append(
                span(article, match.start(), match.end()))
    return _term_uses(found)


def _reporting_verbs() -> frozenset[str]:
    from ..annotate import reported

    return (reported.CLAUSE_VERBS | reported.XCOMP_VERBS | reported.INTENT_VERBS | reported.OBJECT_VERBS
            | reported.STANCE_OBJECT_VERBS)


def is_reporting_verb(word: str, verbs: frozenset[str]) -> bool:
    """Whether ``word`` is a form of a verb of saying or stance ("claimed", "insisting", "denies"), not
    a noun cue ("allegations") or another word annotation took as the cue."""
    w = word.lower()
    stems = {w, w[:-1], w[:-2], w[:-3], w[:-3] + "e", w[:-4], w[:-3] + "y", w[:-2] + "y", _IRREGULAR.get(w, w)}
    return bool(stems & verbs)


# Past forms of reporting verbs that no suffix rule reaches.
_IRREGULAR = {"said": "say", "says": "say", "told": "tell", "wrote": "write", "written": "write", "thought": "think",
              "felt": "feel", "found": "find", "saw": "see", "seen": "see", "knew": "know", "known": "know",
              "spoke": "speak", "spoken": "speak", "taught": "teach", "held": "hold"}


def attribution_verbs(articles: Sequence[StoryArticle]) -> list[TermUse]:
    verbs = _reporting_verbs()
    found: dict[tuple[str, str], list[Span]] = {}
    for article in articles:
        for quote in article.quotes:
            cue = (quote.get("cue") or "").strip()
            if not COMPOUND_WORD.fullmatch(cue) or not is_reporting_verb(cue, verbs):
                continue  # a colon layout, no cue at all, or a noun ("allegations that …")
            # The cue word nearest the quote, before it or after it.
            at = article.text.rfind(cue, max(0, quote["start"] - 300), quote["start"])
            if at < 0:
                at = article.text.find(cue, quote["end"], quote["end"] + 300)
            if at < 0:
                continue
            where = span(article, at, at + len(cue))
            found.setdefault((article.outlet, cue.lower()), []).append(where)
    return _term_uses(found)


def loaded_wording(articles: Sequence[StoryArticle], pieces: Sequence[Piece], scores: Sequence[float],
                   threshold: float) -> list[LoadedWording]:
    """Per outlet: the sentences scored, those scored loaded (most loaded first) and the loaded words."""
    from .lexicon import loaded_spans

    by_outlet: dict[str, list[tuple[float, Piece]]] = {}
    for piece, score in zip(pieces, scores):
        by_outlet.setdefault(articles[piece.article].outlet, []).append((score, piece))
    result = []
    for outlet, scored in sorted(by_outlet.items()):
        words: list[Span] = []
        for _, piece in scored:
            article = articles[piece.article]
            words.extend(span(article, piece.start + hit.start, piece.start + hit.end)
                         for hit in loaded_spans(piece.text))
        loaded = sorted((sp for sp in scored if sp[0] >= threshold), key=lambda sp: -sp[0])
        result.append(LoadedWording(outlet, len(scored), tuple(span(articles[p.article], p.start, p.end)
                                                               for _, p in loaded), tuple(words)))
    return result


def framing(articles: Sequence[StoryArticle], pieces: Sequence[Piece], loaded_scores: Sequence[float],
            threshold: float) -> Framing:
    return Framing(tuple(actor_labels(articles)), tuple(event_naming(articles)), tuple(attribution_verbs(articles)),
                   tuple(loaded_wording(articles, pieces, loaded_scores, threshold)))
