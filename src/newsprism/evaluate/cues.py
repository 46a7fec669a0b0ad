"""Cue words learned from PolNeAR: which words, in which frame, introduce reported content.

For every attribution relation in the training articles, the Cue span's head word is found in the
spaCy parse, with the frame that links it to the relation's Content: a clause ("said that …"), an
infinitive ("wants to …"), a direct object ("attacked the plan"), a preposition ("critical of …",
"spoke about …"), the clause the cue is set into ("…, Trump said") or the subject of a passive
("He was accused of …"). Every word of the same lemma and part of speech is counted too, with the
frames it stands in, so each (lemma, part of speech, frame) gets how often it is a cue and how
often it could have been one: its precision. Those that clear a count and a precision bar make the
lexicon :mod:`newsprism.annotate.reported` ships (``cue_words.tsv``); the bars are chosen by
cross-validation on the training split (:func:`choose_bars`), never on dev.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..annotate.reported import TIME_ENTITIES, CueRow, Lexicon, hand_entries, lemma_of, lexicon_from_rows, use_lexicon
from .quotes import PRF, GoldDoc, Span, load_polnear, score

POS_OF = {"VERB": "verb", "AUX": "verb", "ADJ": "adj", "NOUN": "noun"}
# Bars tried by cross-validation (every combination); the chosen ones are written into the TSV header.
MIN_COUNTS = (3,)
MIN_PRECISIONS = (0.8, 0.9, 0.95)
DROP_BELOW = (0.0, 0.7)
# How much lower than the hand lists' a chosen lexicon's cross-validated content precision may be (the
# pinned dev precision floor in tests/test_quality_gates.py leaves 0.003). A lower bar would buy recall
# with precision, which F1 alone would allow (0.834 at 0.881 precision with a 0.7 bar, against 0.823).
PRECISION_ALLOWANCE = 0.002
# A hand-list word is dropped only on this much evidence.
DROP_SEEN = 20

Key = tuple[str, str, str]  # lemma, part of speech, frame


@dataclass(frozen=True)
class Bars:
    min_count: int
    min_precision: float
    drop_below: float

    def __str__(self) -> str:
        return f"min_count={self.min_count} min_precision={self.min_precision} drop_below={self.drop_below}"


@dataclass
class Tally:
    """How often each (lemma, pos, frame) is a gold cue, how often it occurs at all, and how often
    what the frame holds overlaps annotated content (of any relation: what the overlap score counts)."""

    cue: Counter[Key]
    seen: Counter[Key]
    hit: Counter[Key]

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.cue + other.cue, self.seen + other.seen, self.hit + other.hit)


def _empty() -> Tally:
    return Tally(Counter(), Counter(), Counter())


def _extent(token: Any) -> Span:
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge.text)


def _touches(span: Span, other: Span) -> bool:
    return span[0] < other[1] and other[0] < span[1]


def frames_of(token: Any) -> Iterator[tuple[str, Span]]:
    """Each frame ``token`` stands in, with where the content would be."""
    pos = POS_OF[token.pos_]
    for child in token.children:
        dep = child.dep_
        if dep == "ccomp" or (pos == "noun" and dep == "acl" and any(
                c.dep_ == "mark" and c.lower_ in ("that", "whether", "if") for c in child.children)):
            yield "clause", _extent(child)
        elif dep == "xcomp" or (pos == "noun" and dep == "acl" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in child.children)):
            yield "to", _extent(child)
        elif dep == "dobj" and pos == "verb":
            yield "object", _extent(child)
        elif dep == "nsubjpass" and pos == "verb" and child.lower_ not in ("it", "who", "that", "which"):
            yield "passive", _extent(child)
        elif dep == "prep":
            obj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None and obj.ent_type_ not in TIME_ENTITIES:
                yield f"prep:{child.lower_}", _extent(obj)
    if pos == "verb" and token.dep_ in ("parataxis", "ccomp", "advcl") and token.head.i != token.i:
        head_start, head_end = _extent(token.head)
        own_start, own_end = _extent(token)
        # The rest of the clause the cue is set into: the longer side of it.
        yield "aside", max((head_start, own_start), (own_end, head_end), key=lambda s: s[1] - s[0])


def _head_of(doc: Any, span: Span) -> Any | None:
    """The word a Cue span hangs from: its token whose head lies outside it, a verb, adjective
    or noun first ("don't like" -> like, "reserved his passion for" -> reserved)."""
    tokens = [t for t in doc if span[0] <= t.idx < span[1] and not t.is_space]
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    return next((t for t in roots + tokens if t.pos_ in POS_OF), None)


def tally_doc(gold: GoldDoc, doc: Any) -> Tally:
    cue: Counter[Key] = Counter()
    seen: Counter[Key] = Counter()
    hit: Counter[Key] = Counter()
    for token in doc:
        if token.pos_ in POS_OF:
            key = lemma_of(token), POS_OF[token.pos_]
            seen[(*key, "")] += 1
            frames: dict[str, bool] = {}
            for frame, where in frames_of(token):
                frames[frame] = frames.get(frame, False) or any(_touches(where, c) for c in gold.contents)
            for frame, touches in frames.items():
                seen[(*key, frame)] += 1
                hit[(*key, frame)] += touches
    for cue_span, content in gold.cues:
        head = _head_of(doc, cue_span)
        if head is None:
            continue
        key = lemma_of(head), POS_OF[head.pos_]
        cue[(*key, "")] += 1
        linked = next((f for f, where in frames_of(head) if _touches(where, content)), None)
        if linked is not None:
            cue[(*key, linked)] += 1
    return Tally(cue, seen, hit)


def select(tally: Tally, bars: Bars) -> list[CueRow]:
    """The (lemma, pos, frame) rows seen as a cue at least ``bars.min_count`` times whose frame held
    annotated content at least ``bars.min_precision`` of the times it occurred ("add"), and the hand
    lists' entries seen at least ``DROP_SEEN`` times that held it less than ``bars.drop_below`` of them
    ("drop"); sorted for a stable file."""
    hand = hand_entries()
    rows = []
    for key, seen in tally.seen.items():
        if not key[2]:
            continue
        cue, hit = tally.cue[key], tally.hit[key]
        if cue >= bars.min_count and hit >= bars.min_precision * seen:
            rows.append(CueRow(*key, cue, seen, hit))
        elif key in hand and seen >= DROP_SEEN and hit < bars.drop_below * seen:
            rows.append(CueRow(*key, cue, seen, hit, "drop"))
    return sorted(rows, key=lambda r: (r.use, r.pos, r.lemma, r.frame))


def _score_fold(golds: Sequence[GoldDoc], docs: Sequence[Any], lexicon: Lexicon,
                ranker: Any = None) -> tuple[list[Any], list[Any]]:
    from ..annotate.quotes import find_quotes

    contents, sources = [], []
    with use_lexicon(lexicon):
        for gold, doc in zip(golds, docs):
            quotes = find_quotes(gold.text, doc, ranker)
            contents.append((gold.text, [(q.start, q.end) for q in quotes], gold.contents))
            sources.append((gold.text, [(q.speaker_start, q.speaker_end) for q in quotes
                                        if q.speaker_start is not None and q.speaker_end is not None], gold.sources))
    return contents, sources


def cross_validate(golds: Sequence[GoldDoc], docs: Sequence[Any], tallies: Sequence[Tally], folds: int,
                   bars: Bars, speaker_l2: float | None = None) -> dict[str, PRF]:
    """Content and speaker overlap P/R/F1 with each fold scored by the lexicon learned on the others
    (pooled over the folds, as one run over the split would be); with ``speaker_l2``, by a speaker ranker
    trained on the others too at that penalty (else the shipped one)."""
    contents: list[Any] = []
    sources: list[Any] = []
    for fold in range(folds):
        train = sum((t for i, t in enumerate(tallies) if i % folds != fold), _empty())
        held = [i for i in range(len(golds)) if i % folds == fold]
        lexicon = lexicon_from_rows(select(train, bars))
        ranker = None
        if speaker_l2 is not None:
            rest = [i for i in range(len(golds)) if i % folds != fold]
            ranker = _fold_ranker([golds[i] for i in rest], [docs[i] for i in rest], lexicon, speaker_l2)
        c, s = _score_fold([golds[i] for i in held], [docs[i] for i in held], lexicon, ranker)
        contents += c
        sources += s
    return {"content_overlap": score(contents, exact=False), "source_overlap": score(sources, exact=False)}


@dataclass(frozen=True)
class Trial:
    """One set of bars, its cross-validated scores and the rows it keeps on the whole split."""

    bars: Bars
    rows: int
    content: PRF
    source: PRF


def _prepared(data_dir: Path, split: str) -> tuple[list[GoldDoc], list[Any], list[Tally]]:
    from .parsed import parsed_docs

    golds = load_polnear(data_dir, split)
    docs = parsed_docs([g.text for g in golds])
    return golds, docs, [tally_doc(g, d) for g, d in zip(golds, docs)]


# Bars that learn nothing: the hand lists alone.
NOTHING = Bars(10**9, 1.0, 0.0)


def learn(data_dir: Path, split: str = "train", folds: int = 5,
          tried: Sequence[Bars] | None = None) -> tuple[list[CueRow], Trial, list[Trial]]:
    """The lexicon learned on ``split`` at the bars that score best (content overlap F1) in
    ``folds``-fold cross-validation there, of those whose content precision is no more than
    ``PRECISION_ALLOWANCE`` below the hand lists' alone (the first trial); the chosen trial and
    every trial."""
    golds, docs, tallies = _prepared(data_dir, split)
    total = sum(tallies, _empty())
    trials = []
    for bars in [NOTHING, *(tried or [Bars(c, p, d) for c in MIN_COUNTS for p in MIN_PRECISIONS for d in DROP_BELOW])]:
        cv = cross_validate(golds, docs, tallies, folds, bars)
        trials.append(Trial(bars, len(select(total, bars)), cv["content_overlap"], cv["source_overlap"]))
    floor = trials[0].content.precision - PRECISION_ALLOWANCE
    best = max((t for t in trials if t.content.precision >= floor), key=lambda t: t.content.f1)
    return select(total, best.bars), best, trials


_BARS = "bars:"


def write_tsv(rows: Sequence[CueRow], path: Path, bars: Bars, header: str) -> None:
    lines = [f"# {line}" for line in header.splitlines()]
    lines.append(f"# {_BARS} {bars}")
    lines.append("lemma\tpos\tframe\tcue\tseen\thit\tuse")
    lines += [f"{r.lemma}\t{r.pos}\t{r.frame}\t{r.cue}\t{r.seen}\t{r.hit}\t{r.use}" for r in rows]
    path.write_text("\n".join(lines) + "\n", "utf-8")


def shipped_bars() -> Bars:
    """The bars the shipped lexicon was learned with (from its header)."""
    from importlib import resources

    from ..annotate import reported

    text = resources.files(reported.__package__).joinpath(reported.CUE_WORDS_FILE).read_text("utf-8")
    line = next(line for line in text.splitlines() if line.startswith(f"# {_BARS}"))
    values = dict(part.split("=") for part in line.split()[2:])
    return Bars(int(values["min_count"]), float(values["min_precision"]), float(values["drop_below"]))


def _fold_ranker(golds: Sequence[GoldDoc], docs: Sequence[Any], lexicon: Lexicon, l2: float) -> Any:
    """A speaker ranker trained on a fold's training articles, read with the fold's lexicon."""
    from ..annotate.speakers import SpeakerRanker
    from .speakers import fit, read_docs

    with use_lexicon(lexicon):
        read = read_docs(golds, docs)
    return SpeakerRanker(fit(read, l2))


def cross_validate_split(data_dir: Path, split: str = "train", folds: int = 5,
                         speaker_l2: float | None = None) -> dict[str, PRF]:
    """Content and speaker overlap scores on ``split``, each fold with the cue words learned on the
    others at the shipped bars, and with ``speaker_l2`` a speaker ranker trained on them too."""
    golds, docs, tallies = _prepared(data_dir, split)
    return cross_validate(golds, docs, tallies, folds, shipped_bars(), speaker_l2)
