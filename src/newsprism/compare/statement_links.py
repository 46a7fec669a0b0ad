"""Which quote clauses render one utterance: the paraphrase judge and the speaker, pair by pair.

Two clauses of different quotes (in two articles, or in one: a quote and a paraphrase of it) are
linked when the paraphrase judge finds they say the same thing, by a bar that depends on their speakers:

- one named speaker on both sides: the judge's own cut;
- a speaker unknown on either side: the confident cut (``statement_confident``), a shared word that is
  not a name, and each must be the other's likeliest clause in the other article; reported speech by nobody in particular shares words with anyone's, and no name
  vouches for the pair;
- two different named speakers: a confident cut (``statement_confident``), and the words of one must
  be word for word inside the other's: the judge finds two people's reactions to one event the same in
  meaning, but only the same words are one utterance (given to two speakers by the annotations, or by
  an outlet that quotes a statement as its author's and another as its spokesman's);
- one named speaker, in two articles, the two clauses each other's likeliest among that speaker's
  clauses there: any probability the judge does not rule out (``statement_loose``);
- across languages the judge, trained on English pairs, does not apply: the vector cosine does.

A quoted fragment of one named speaker's words that another rendering of that speaker holds word for word
(“a wall between our peoples” inside “Today the strait stops being a wall between our peoples”) is the
same utterance, whatever the judge, which scores a fragment against its whole sentence low: it is linked
to the clause that holds it and counts as that clause when groups are joined.

A quoted fragment inside a report of speech (“the number one ally and partner”) is read both alone and
together with the reported words around it, which carry its subject and verb; the likelier reading counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..copies.vectors import embed
from ..settings import CompareSettings
from .paraphrase import ParaphraseJudge
from .pieces import QuoteSegment
from .records import StoryArticle
from .similar import F32, FUNCTION_WORDS, neighbour_pairs
from .text import negations, trim

_WORD = re.compile(r"\w+")


def word_key(text: str) -> str:
    """The words of ``text``, lower case, one space apart and one at each end: case, quote marks,
    punctuation and spacing aside, one text holds another word for word when its key is inside the other's."""
    return " " + " ".join(_WORD.findall(text.lower())) + " "


def said_words(text: str) -> frozenset[str]:
    """The words of ``text`` that carry what is said: not function words, not capitalised (names)."""
    return frozenset(w.lower() for w in _WORD.findall(text) if not w[0].isupper() and w.lower() not in FUNCTION_WORDS)


def word_for_word(a: str, b: str) -> bool:
    """Whether one of two word keys (:func:`word_key`) is inside the other."""
    return len(a) > 2 and len(b) > 2 and (a in b or b in a)


class KnownVectors:
    """An encoder for the judge that returns the vectors the story already has and encodes only new texts."""

    def __init__(self, encoder: Any, texts: Sequence[str], vectors: F32) -> None:
        self.encoder = encoder
        self.known: dict[str, F32] = dict(zip(texts, vectors))

    def __call__(self, texts: list[str]) -> F32:
        missing = [t for t in dict.fromkeys(texts) if t not in self.known]
        if missing:
            self.known.update(zip(missing, embed(missing, self.encoder, 64)))
        return np.stack([self.known[t] for t in texts]).astype(np.float32)


def judged_text(article: StoryArticle, segment: QuoteSegment, bounds: Sequence[tuple[int, int]]) -> str:
    """What the judge reads for a clause: the clause, or for a fragment quoted inside a longer report of
    speech, that report within the clause's sentence."""
    quote, piece = segment.quote, segment.piece
    inner = any(q is not quote and (q["start"], q["end"]) != (quote["start"], quote["end"])
                and quote["start"] <= q["start"] <= piece.start and piece.end <= q["end"] <= quote["end"]
                for q in article.quotes)
    if not inner:
        return piece.text
    lo, hi = quote["start"], quote["end"]
    for a, b in bounds:
        if a <= piece.start < b:
            lo, hi = max(lo, a), min(hi, b)
    lo, hi = trim(article.text, lo, hi)
    return article.text[lo:hi]


class PairJudge:
    """The judge's probabilities for pairs of clauses, each pair of texts judged once per story. A clause
    with a second reading (a fragment in its report) counts with the likelier of the two readings."""

    def __init__(self, judge: ParaphraseJudge, texts: Sequence[str], views: Sequence[str]) -> None:
        self.judge, self.texts, self.views = judge, texts, views
        self.cache: dict[tuple[str, str], float] = {}

    def __call__(self, pairs: Sequence[tuple[int, int]]) -> list[float]:
        keys = [self._key(self.texts, i, j) for i, j in pairs]
        views = [self._key(self.views, i, j) for i, j in pairs]
        missing = list(dict.fromkeys(k for k in keys + views if k not in self.cache))
        self.cache.update(zip(missing, self.judge.probability(missing)))
        return [max(self.cache[k], self.cache[v]) for k, v in zip(keys, views)]

    @staticmethod
    def _key(texts: Sequence[str], i: int, j: int) -> tuple[str, str]:
        a, b = texts[i], texts[j]
        return (a, b) if a <= b else (b, a)  # the judge is symmetric


class StatementLinks:
    """The linked pairs of a story's quote clauses, and whether two clauses may sit in one statement."""

    def __init__(self, articles: Sequence[StoryArticle], segments: Sequence[QuoteSegment], vectors: F32,
                 judge: ParaphraseJudge, bounds: Sequence[Sequence[tuple[int, int]]], settings: CompareSettings,
                 ) -> None:
        self.segments, self.settings, self.threshold = segments, settings, judge.threshold
        texts = [s.piece.text for s in segments]
        views = [judged_text(articles[s.piece.article], s, bounds[s.piece.article]) for s in segments]
        self.vectors = vectors
        # Fragments read in their report are searched for by that reading too.
        self.view_vectors = judge.encoder(views) if views != texts else vectors
        self.language = [articles[s.piece.article].language for s in segments]
        self.speaker = [s.quote.get("speaker_entity") for s in segments]
        self.polarity = [negations(t) % 2 for t in texts]
        quote_ids: dict[tuple[int, int], int] = {}
        # The clauses of one quote are parts of one utterance, never two renderings of it.
        self.owner = [quote_ids.setdefault((s.piece.article, s.quote["start"]), len(quote_ids)) for s in segments]
        self.probability = PairJudge(judge, texts, views)
        self.words = [word_key(t) for t in texts]
        self.said_words = [said_words(t) for t in texts]
        # A fragment held word for word by another rendering of its speaker: that rendering's clause.
        self.inside = self._verbatim_fragments()
        self.edges = self._edges()
        self._arrays: _LinkArrays | None = None

    def _candidates(self) -> list[tuple[float, int, int]]:
        settings = self.settings
        found = {(i, j): c for c, i, j in neighbour_pairs(self.vectors, self.owner, settings.neighbours,
                                                          settings.candidate_similarity)}
        if self.view_vectors is not self.vectors:
            for c, i, j in neighbour_pairs(self.view_vectors, self.owner, settings.neighbours,
                                           settings.candidate_similarity):
                found[(i, j)] = max(c, found.get((i, j), c))
        return sorted(((c, i, j) for (i, j), c in found.items()), key=lambda t: (-t[0], t[1], t[2]))

    def _named_same(self, i: int, j: int) -> bool:
        return self.speaker[i] is not None and self.speaker[i] == self.speaker[j]

    def _edges(self) -> dict[tuple[int, int], float]:
        settings = self.settings
        candidates = self._candidates()
        judged = [(i, j) for _, i, j in candidates if self.language[i] == self.language[j]]
        probability = dict(zip(judged, self.probability(judged)))
        edges: dict[tuple[int, int], float] = {}
        for cosine, i, j in candidates:
            if (i, j) not in probability:  # across languages
                if cosine >= (settings.statement_vector_similarity if self._named_same(i, j)
                              or None in (self.speaker[i], self.speaker[j]) else settings.statement_other_speaker_similarity):
                    edges[(i, j)] = cosine
                continue
            p = probability[(i, j)]
            if self._named_same(i, j):
                if p >= self.threshold:
                    edges[(i, j)] = p
            elif None in (self.speaker[i], self.speaker[j]):
                # No name vouches for the pair: the judge must be confident, and the two must share a
                # word of what is said (names alone, "Russia" and "Belarus", are what the story is about).
                if p >= settings.statement_confident and self.said_words[i] & self.said_words[j]:
                    edges[(i, j)] = p
            elif p >= settings.statement_confident and word_for_word(self.words[i], self.words[j]):
                edges[(i, j)] = p
        likeliest = self._likeliest(probability)
        for i, j in list(edges):
            # A clause nobody is named for speaks for nobody in particular: the judge must find it the same
            # as a clause that is its likeliest in the other article, and for which it is the likeliest too.
            if None in (self.speaker[i], self.speaker[j]) and (i, j) not in likeliest and (i, j) in probability:
                del edges[(i, j)]
        for (i, j), p in likeliest.items():
            if self._named_same(i, j) and p >= settings.statement_loose:
                edges.setdefault((i, j), p)
        for fragment, holder in self.inside.items():
            edges[(min(fragment, holder), max(fragment, holder))] = 1.0
        return edges

    def _verbatim_fragments(self) -> dict[int, int]:
        """For each clause that a longer quote of its named speaker holds word for word, the clause of that
        quote holding it: one that holds it whole, else (its words run over two clauses) the one sharing
        most of its words; the shortest such."""
        by_quote: dict[int, list[int]] = {}
        for k, owner in enumerate(self.owner):
            by_quote.setdefault(owner, []).append(k)
        by_speaker: dict[str, list[int]] = {}
        for owner, members in by_quote.items():
            speaker = self.speaker[members[0]]
            if speaker is not None:
                by_speaker.setdefault(speaker, []).append(owner)
        whole = {owner: word_key(self.segments[members[0]].quote["text"]) for owner, members in by_quote.items()}
        found: dict[int, int] = {}
        for owners in by_speaker.values():
            for fragment_owner in owners:
                for k in by_quote[fragment_owner]:
                    words = self.words[k]
                    holders = [j for owner in owners if owner != fragment_owner and len(words) < len(whole[owner])
                               and words in whole[owner] for j in by_quote[owner]]
                    if len(words) > 2 and holders:
                        found[k] = max(holders, key=lambda j: (words in self.words[j],
                                                               len(set(words.split()) & set(self.words[j].split())),
                                                               -len(self.words[j]), -j))
        return found

    def _likeliest(self, probability: dict[tuple[int, int], float]) -> dict[tuple[int, int], float]:
        """Pairs of clauses in two articles, each the other's likeliest rendering in its article among the
        clauses of a compatible speaker (the same one, or one unknown)."""
        article = [s.piece.article for s in self.segments]
        best: dict[tuple[int, int], tuple[float, int]] = {}
        for (i, j), p in probability.items():
            si, sj = self.speaker[i], self.speaker[j]
            if article[i] == article[j] or (si is not None and sj is not None and si != sj):
                continue
            for this, other in ((i, j), (j, i)):
                key = (this, article[other])
                if p > best.get(key, (-1.0, -1))[0]:
                    best[key] = (p, other)
        return {(i, j): p for (i, j), p in probability.items()
                if best.get((i, article[j]), (0.0, -1))[1] == j and best.get((j, article[i]), (0.0, -1))[1] == i}

    def compatible(self, group_a: Sequence[int], group_b: Sequence[int]) -> bool:
        """Whether two groups may become one statement: no two of their clauses from one quote, none given to
        two different speakers unless linked, and each clause of one linked to each of the other or at least
        not ruled out by the judge (complete link: a chain of close pairs cannot drift). One named speaker's
        clauses that differ by a negation are not ruled out: a dropped negation is the distortion a
        statement shows, and the judge would rule it out."""
        if self._arrays is None:
            self._arrays = _LinkArrays(self)  # the edges are final once groups are being joined
        arrays = self._arrays
        ga, gb = np.asarray(group_a), np.asarray(group_b)
        if np.intersect1d(arrays.owner[ga], arrays.owner[gb]).size:
            return False
        # A fragment held word for word by another clause counts as that clause.
        a, b = arrays.stand_in[ga], arrays.stand_in[gb]
        linked = arrays.adjacent[np.ix_(ga, gb)] | arrays.adjacent[np.ix_(a, b)] | (a[:, None] == b[None, :])
        if linked.all():
            return True
        open_pairs = ~linked
        sa, sb = arrays.speaker[ga][:, None], arrays.speaker[gb][None, :]
        if (open_pairs & (sa >= 0) & (sb >= 0) & (sa != sb)).any():
            return False
        across = open_pairs & (arrays.language[ga][:, None] != arrays.language[gb][None, :])
        if across.any():  # the judge reads one language: the vectors must be close
            close = self.view_vectors[ga] @ self.view_vectors[gb].T
            if (across & (close < self.settings.candidate_similarity)).any():
                return False
        negated = (sa >= 0) & (sa == sb) & (arrays.polarity[ga][:, None] != arrays.polarity[gb][None, :])
        xs, ys = np.nonzero(open_pairs & ~across & ~negated)
        unjudged = [(int(min(a[x], b[y])), int(max(a[x], b[y]))) for x, y in zip(xs, ys)]
        return all(p >= self.settings.statement_loose for p in self.probability(unjudged))


class _LinkArrays:
    """The links and the clauses' owners, speakers, languages and polarities as arrays, so that two
    groups are checked pair by pair in whole-array steps."""

    def __init__(self, links: StatementLinks) -> None:
        n = len(links.segments)
        self.owner = np.asarray(links.owner, dtype=np.int64)
        self.stand_in = np.asarray([links.inside.get(i, i) for i in range(n)], dtype=np.int64)
        self.adjacent = np.zeros((n, n), dtype=bool)
        for i, j in links.edges:
            self.adjacent[i, j] = self.adjacent[j, i] = True
        speakers: dict[str, int] = {}
        self.speaker = np.asarray([-1 if s is None else speakers.setdefault(s, len(speakers)) for s in links.speaker],
                                  dtype=np.int64)
        languages: dict[str | None, int] = {}
        self.language = np.asarray([languages.setdefault(x, len(languages)) for x in links.language], dtype=np.int64)
        self.polarity = np.asarray(links.polarity, dtype=np.int64)
