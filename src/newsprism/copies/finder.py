"""The corpus pass: candidates, alignment, relations, direction and content-farm signals.

Cost grows about linearly with the corpus: every article is shingled, hashed
and indexed once; only candidate pairs (LSH buckets, shared rare sentences)
are aligned, and both candidate sources are bounded against degenerate
corpora (see :mod:`newsprism.copies.candidates`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Self

import numpy as np
import numpy.typing as npt

from ..schema import Article
from ..settings import CopySettings, default_settings
from .align import Alignment, align
from .candidates import co_occurrence, decode_pairs, group_pairs, merge, sentence_pairs
from .minhash import I64, U64, MinHasher, WordHasher, lsh_groups, shingle_hashes
from .relations import (
    CopyLink,
    Kind,
    When,
    byline_signal,
    common_agency,
    content_farm_signals,
    credited,
    direction,
    lead_seconds,
    parse_when,
)
from .text import Sentence, analyse, details, stable_hash
from .vectors import Encoder, embed, load_encoder, rewrite_alignment

COPY_KINDS: frozenset[Kind] = frozenset({"duplicate", "copy", "partial"})

# Prepared articles by position in the corpus (a list, or a mapping holding only those a step reads),
# and each position's rank from earliest to latest (an array, or a mapping likewise).
Docs = Sequence["PreparedArticle"] | Mapping[int, "PreparedArticle"]
Ranks = I64 | Mapping[int, int]


@dataclass
class PreparedArticle:
    """What the pass keeps per article: compact, so 100k articles fit comfortably."""

    article: Article
    when: When | None
    fingerprint: int  # hash of the whole normalised text: equal for duplicates
    words: int
    sentence_hashes: U64
    detail_hashes: U64


def pack_features(doc: PreparedArticle, signature: npt.NDArray[np.uint32]) -> bytes:
    """An article's prepared features as bytes (for a store to keep between runs)."""
    head = np.array([doc.fingerprint, doc.words, len(signature), len(doc.sentence_hashes), len(doc.detail_hashes)],
                    dtype=np.int64)
    return (head.tobytes() + signature.astype(np.uint32).tobytes() + doc.sentence_hashes.astype(np.uint64).tobytes()
            + doc.detail_hashes.astype(np.uint64).tobytes())


def _unpack(article: Article, data: bytes) -> tuple[PreparedArticle, npt.NDArray[np.uint32]]:
    fingerprint, words, n_sig, n_sent, n_detail = (int(v) for v in np.frombuffer(data[:40], dtype=np.int64))
    at = 40
    signature = np.frombuffer(data[at:at + 4 * n_sig], dtype=np.uint32)
    at += 4 * n_sig
    sentences = np.frombuffer(data[at:at + 8 * n_sent], dtype=np.uint64)
    at += 8 * n_sent
    detail = np.frombuffer(data[at:at + 8 * n_detail], dtype=np.uint64)
    return PreparedArticle(article, parse_when(article.published), fingerprint, words, sentences, detail), signature


class FeatureCache:
    """Prepared features of articles kept from an earlier run, by article id, and those made now.

    ``known`` maps an article id to (its key, its packed features); an entry is used only when the
    key still matches: the article's text and the settings the features depend on."""

    def __init__(self, known: dict[str, tuple[str, bytes]] | None = None) -> None:
        self.known = known or {}
        self.made: dict[str, tuple[str, bytes]] = {}


def feature_key(article: Article, settings: CopySettings, vectors: bool) -> str:
    """What an article's prepared features depend on: its text and the settings that shape them."""
    p = settings
    return (f"{stable_hash(article.text)}|{p.num_perm}|{p.seed}|{p.shingle_words}|{p.min_sentence_words}|"
            f"{p.max_quoted_share}|{int(vectors)}")


class CopyFinder:
    """Finds copy links in a corpus. Parameters in ``__init__``; results in ``links_`` and ``signals_``.

    ``vectors=True`` also looks for rewrites with multilingual sentence
    vectors (slow: the encoder runs on every sentence of every rewrite
    candidate). ``encoder`` replaces the default USE encoder (a callable from
    a list of sentences to an (n, d) array).
    """

    def __init__(self, settings: CopySettings | None = None, *, vectors: bool | None = None,
                 encoder: Encoder | None = None, cache: FeatureCache | None = None) -> None:
        self.settings = settings or default_settings().copies
        self.vectors = self.settings.vectors if vectors is None else vectors
        self.encoder = encoder
        # Shingling and hashing are most of a run's cost: an unchanged article's come from here.
        self.cache = cache

    # -- per-article pass ---------------------------------------------------------------
    def hashers(self) -> tuple[WordHasher, MinHasher]:
        """The word hasher and the MinHash functions :meth:`prepare` takes (made once per run)."""
        return WordHasher(), MinHasher(self.settings.num_perm, self.settings.seed)

    def prepare(self, article: Article, hasher: WordHasher, minhasher: MinHasher,
                ) -> tuple[PreparedArticle, npt.NDArray[np.uint32]]:
        """One article's features: fingerprint, word count, eligible sentence hashes, detail hashes
        (with vectors only) and its MinHash signature."""
        p = self.settings
        sents, tokens = analyse(article.text)
        signature = minhasher.signature(shingle_hashes(hasher(tokens), p.shingle_words))
        eligible = [s.hash for s in sents if s.words >= p.min_sentence_words and s.quoted <= p.max_quoted_share]
        detail = _hashes(details(article.text, [(s.start, s.end) for s in sents])) if self.vectors else []
        doc = PreparedArticle(article, parse_when(article.published), stable_hash(" ".join(tokens)), len(tokens),
                              np.unique(np.array(eligible, dtype=np.uint64)), np.unique(np.array(detail, dtype=np.uint64)))
        return doc, signature

    def _prepare(self, articles: Iterable[Article]) -> tuple[list[PreparedArticle], npt.NDArray[np.uint32]]:
        p = self.settings
        hasher, minhasher = self.hashers()
        docs: list[PreparedArticle] = []
        signatures: list[npt.NDArray[np.uint32]] = []
        seen: set[str] = set()
        for article in articles:
            if article.id in seen:
                continue
            seen.add(article.id)
            key = feature_key(article, p, self.vectors) if self.cache is not None else ""
            kept = self.cache.known.get(article.id) if self.cache is not None else None
            if kept is not None and kept[0] == key:
                doc, signature = _unpack(article, kept[1])
                docs.append(doc)
                signatures.append(signature)
                continue
            doc, signature = self.prepare(article, hasher, minhasher)
            docs.append(doc)
            signatures.append(signature)
            if self.cache is not None:
                self.cache.made[article.id] = (key, pack_features(docs[-1], signatures[-1]))
        if not signatures:
            return docs, np.empty((0, p.num_perm), dtype=np.uint32)
        return docs, np.vstack(signatures)

    @staticmethod
    def rank_key(doc: PreparedArticle) -> tuple[float, str]:
        """What orders articles from earliest to latest: undated ones last, ties by id."""
        return (doc.when.moment.timestamp() if doc.when else math.inf, doc.article.id)

    def _rank(self, docs: list[PreparedArticle]) -> I64:
        """Each article's position from earliest to latest; undated ones last, ties by id."""
        order = sorted(range(len(docs)), key=lambda k: self.rank_key(docs[k]))
        rank = np.empty(len(docs), dtype=np.int64)
        rank[np.array(order, dtype=np.int64)] = np.arange(len(docs))
        return rank

    def _candidates(self, docs: list[PreparedArticle], signatures: npt.NDArray[np.uint32], rank: I64) -> list[tuple[int, int]]:
        return self.pair_candidates([d.words for d in docs], [d.sentence_hashes for d in docs], signatures, rank)

    def pair_candidates(self, words: Sequence[int], sentence_hashes: Sequence[U64], signatures: npt.NDArray[np.uint32],
                        rank: I64) -> list[tuple[int, int]]:
        """The pairs (i, j), i < j, worth aligning, from each article's word count, eligible sentence
        hashes and MinHash signature (one row each, in corpus order) and its rank from earliest to latest:
        LSH buckets and shared sentences."""
        p = self.settings
        n = len(words)
        valid = np.array([w >= p.shingle_words for w in words], dtype=bool)
        by_lsh = group_pairs(lsh_groups(signatures, p.bands, valid), rank, n, p.max_bucket, p.bucket_anchors)
        by_sentence = sentence_pairs(sentence_hashes, n, p.max_sentence_articles, p.min_shared_sentences)
        return decode_pairs(merge(by_lsh, by_sentence), n)

    # -- pair analysis ------------------------------------------------------------------
    def fit(self, articles: Iterable[Article]) -> CopyFinder:
        docs, signatures = self._prepare(articles)
        rank = self._rank(docs)
        cache: dict[int, list[Sentence]] = {}

        def sents(k: int) -> list[Sentence]:
            if k not in cache:
                cache[k] = analyse(docs[k].article.text)[0]
            return cache[k]

        found: dict[tuple[int, int], Alignment] = {}
        duplicates: set[tuple[int, int]] = set()
        for i, j in self._candidates(docs, signatures, rank):
            matched = self.match(docs[i], docs[j], sents(i), sents(j))
            if matched is not None:
                found[(i, j)] = matched[0]
                if matched[1]:
                    duplicates.add((i, j))
        signals = {d.article.id: content_farm_signals(d.article) for d in docs}
        details_ = [d.detail_hashes for d in docs] if self.vectors else []
        return self.assemble(docs, rank, found, duplicates, sents, details_, signals)

    def match(self, a: PreparedArticle, b: PreparedArticle, sents_a: list[Sentence], sents_b: list[Sentence],
              ) -> tuple[Alignment, bool] | None:
        """One candidate pair scored: its alignment and whether it is a duplicate, or None when the two
        share too little to be linked (``a`` comes before ``b`` in the corpus order)."""
        p = self.settings
        same = a.fingerprint == b.fingerprint and a.words >= p.min_sentence_words
        result = align(sents_a, sents_b, fuzzy_min_ratio=p.fuzzy_min_ratio,
                       min_sentence_words=p.min_sentence_words, max_quoted_share=p.max_quoted_share)
        if same or (result.evidence_sentences >= p.min_shared_sentences
                    and result.evidence_chars >= p.min_shared_chars):
            return result, same
        return None

    def assemble(self, docs: Docs, rank: Ranks, found: dict[tuple[int, int], Alignment],
                 duplicates: set[tuple[int, int]], sents: Callable[[int], list[Sentence]],
                 detail_hashes: Sequence[U64], signals: dict[str, list[str]]) -> Self:
        """The links from the matched pairs (kinds, direction, a third source), the rewrites (with
        vectors: ``detail_hashes`` of every article by position), and ``signals`` (each article's
        content-farm signals, in corpus order) completed with the links' byline signals.

        ``docs`` and ``rank`` need only the articles of the matched pairs and of the rewrites."""
        neighbours: dict[int, set[int]] = {}
        for i, j in found:
            neighbours.setdefault(i, set()).add(j)
            neighbours.setdefault(j, set()).add(i)
        links = [self._link(docs, found, duplicates, neighbours, rank, pair) for pair in sorted(found)]
        if self.vectors:
            links.extend(self._rewrites(docs, detail_hashes, set(found), sents))
        self.links_ = sorted(links, key=lambda link: (link.source, link.target))
        self.signals_ = self._signals(docs, signals, self.links_)
        return self

    def _kind(self, alignment: Alignment, duplicate: bool) -> Kind:
        p = self.settings
        if duplicate:
            return "duplicate"
        if alignment.shorter_cover >= p.copy_min_cover and alignment.longer_cover >= p.copy_min_cover_longer:
            return "copy"
        return "partial"

    def _third_source(self, docs: Docs, found: dict[tuple[int, int], Alignment],
                      neighbours: dict[int, set[int]], rank: Ranks, i: int, j: int) -> int | None:
        """The earliest article, published before both, that holds the text ``i`` and ``j`` share."""
        shared_i, shared_j = _matched(found, i, j), _matched(found, j, i)
        best: int | None = None
        for c in neighbours[i] & neighbours[j]:
            ahead_i = lead_seconds(docs[c].when, docs[i].when)
            ahead_j = lead_seconds(docs[c].when, docs[j].when)
            if ahead_i is None or ahead_j is None or ahead_i <= 0 or ahead_j <= 0:
                continue
            if (_share(shared_i, _matched(found, i, c)) >= self.settings.third_min_share
                    and _share(shared_j, _matched(found, j, c)) >= self.settings.third_min_share
                    and (best is None or rank[c] < rank[best])):
                best = c
        return best

    def _link(self, docs: Docs, found: dict[tuple[int, int], Alignment], duplicates: set[tuple[int, int]],
              neighbours: dict[int, set[int]], rank: Ranks, pair: tuple[int, int]) -> CopyLink:
        i, j = pair
        a, b = docs[i].article, docs[j].article
        alignment = found[pair]
        kind = self._kind(alignment, pair in duplicates)
        note: list[str] = []
        direct = credited(a, b) or credited(b, a)
        if not direct:
            agency = common_agency(a, b)
            third = None if agency else self._third_source(docs, found, neighbours, rank, i, j)
            if agency:
                kind = "shared-source"
                note.append(f"both credit '{agency}' and neither credits the other")
            elif third is not None:
                kind = "shared-source"
                c = docs[third].article
                note.append(f"both reproduce text of {c.id} ({c.outlet or 'unknown outlet'}), published earlier")
        way = direction(a, b, docs[i].when, docs[j].when, alignment.cover_a, alignment.cover_b,
                        use_credits=kind != "shared-source")
        if kind in COPY_KINDS:
            note.append(f"{len(alignment.matches)} sentences shared" if len(alignment.matches) != 1
                        else "1 sentence shared")
        evidence = "; ".join([*way.reasons, *note])
        if way.source_first:
            return CopyLink(a.id, b.id, kind, alignment.cover_a, alignment.cover_b, alignment.passages, evidence)
        return CopyLink(b.id, a.id, kind, alignment.cover_b, alignment.cover_a,
                        tuple(p.flipped() for p in alignment.passages), evidence)

    # -- rewrites -----------------------------------------------------------------------
    def rewrite_candidates(self, detail_hashes: Sequence[U64], linked: set[tuple[int, int]],
                           ) -> list[tuple[int, int, float]]:
        """Pairs (by position) sharing enough specific details to be compared sentence by sentence, each
        article's strongest first and capped; ``detail_hashes`` of every article, ``linked`` pairs left out."""
        p = self.settings
        n = len(detail_hashes)

        def idf(df: I64) -> npt.NDArray[np.float64]:
            return np.log1p(n / df)

        codes, shared, totals = co_occurrence(detail_hashes, n, p.max_detail_articles, idf)
        pairs = decode_pairs(codes, n)
        scored = []
        for (i, j), weight in zip(pairs, shared.tolist()):
            smaller = min(totals[i], totals[j])
            score = weight / smaller if smaller else 0.0
            if score >= p.rewrite_min_details and (i, j) not in linked:
                scored.append((i, j, score))
        # Keep each article's strongest candidates: a big story must not make all-pairs work.
        scored.sort(key=lambda t: -t[2])
        taken: dict[int, int] = {}
        kept = []
        for i, j, score in scored:
            if taken.get(i, 0) < p.rewrite_max_candidates and taken.get(j, 0) < p.rewrite_max_candidates:
                taken[i] = taken.get(i, 0) + 1
                taken[j] = taken.get(j, 0) + 1
                kept.append((i, j, score))
        return kept

    def _rewrites(self, docs: Docs, detail_hashes: Sequence[U64], linked: set[tuple[int, int]],
                  sents: Callable[[int], list[Sentence]]) -> list[CopyLink]:
        p = self.settings
        candidates = self.rewrite_candidates(detail_hashes, linked)
        if not candidates:
            return []
        encoder = self.encoder or load_encoder(p.vector_threads)
        involved = sorted({k for i, j, _ in candidates for k in (i, j)})
        chosen: dict[int, list[int]] = {}
        texts: list[str] = []
        for k in involved:
            picked = [x for x, s in enumerate(sents(k)) if s.words >= 4][:p.max_vector_sentences]
            chosen[k] = picked
            texts.extend(docs[k].article.text[sents(k)[x].start:sents(k)[x].end] for x in picked)
        vectors = embed(texts, encoder, p.vector_batch)
        offsets: dict[int, int] = {}
        at = 0
        for k in involved:
            offsets[k] = at
            at += len(chosen[k])
        links = []
        for i, j, score in candidates:
            va = vectors[offsets[i]:offsets[i] + len(chosen[i])]
            vb = vectors[offsets[j]:offsets[j] + len(chosen[j])]
            pairs, cover_a, cover_b, mean, passages = rewrite_alignment(
                sents(i), va, chosen[i], sents(j), vb, chosen[j], p.rewrite_min_similarity)
            if len(pairs) < p.rewrite_min_sentences or min(cover_a, cover_b) < p.rewrite_min_cover:
                continue
            a, b = docs[i].article, docs[j].article
            way = direction(a, b, docs[i].when, docs[j].when, 0.0, 0.0)
            note = (f"{len(pairs)} sentences reworded in the same order (mean similarity {mean:.2f}); "
                    f"{score:.0%} of the specific details (figures, names) in common")
            evidence = "; ".join([*way.reasons, note])
            if way.source_first:
                links.append(CopyLink(a.id, b.id, "rewrite", cover_a, cover_b, passages, evidence))
            else:
                links.append(CopyLink(b.id, a.id, "rewrite", cover_b, cover_a,
                                      tuple(x.flipped() for x in passages), evidence))
        return links

    # -- signals ------------------------------------------------------------------------
    def _signals(self, docs: Docs, signals: dict[str, list[str]], links: list[CopyLink]) -> dict[str, list[str]]:
        by_id = {d.article.id: d.article for d in (docs.values() if isinstance(docs, Mapping) else docs)}
        for link in links:
            if link.kind in COPY_KINDS:
                note = byline_signal(by_id[link.source], by_id[link.target])
                if note:
                    signals[link.target].append(note)
        return signals


def _hashes(values: Iterable[str]) -> list[int]:
    return [stable_hash(v) for v in values]


def _matched(found: dict[tuple[int, int], Alignment], x: int, y: int) -> set[int]:
    """Indices of ``x``'s sentences matched in its alignment with ``y``."""
    if (x, y) in found:
        return {i for i, _ in found[(x, y)].matches}
    return {j for _, j in found[(y, x)].matches}


def _share(part: set[int], whole: set[int]) -> float:
    return len(part & whole) / len(part) if part else 0.0


def find_copies(articles: Iterable[Article], settings: CopySettings | None = None, *, vectors: bool | None = None,
                encoder: Encoder | None = None, cache: FeatureCache | None = None,
                ) -> tuple[list[CopyLink], dict[str, list[str]]]:
    """Copy links between the articles, and each article's content-farm signals (``settings``: the
    ``[copies]`` section, the packaged defaults when None; ``vectors`` overrides its ``vectors``;
    ``cache``: prepared features kept from an earlier run, and filled with those made now)."""
    finder = CopyFinder(settings, vectors=vectors, encoder=encoder, cache=cache).fit(articles)
    return finder.links_, finder.signals_
