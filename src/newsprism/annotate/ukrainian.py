"""Ukrainian people, organisations and places: a linear-chain tagger over hashed token features.

Each token gets a label in BILOU form (``B-PER``, ``I-ORG``, ``U-LOC``, ``O`` ...). Its score is a sum of
weights: one row per feature of the token (the word, its shape, prefixes and suffixes, the words and
shapes either side, whether it stands inside «…», whether the document also writes it in lower case,
which words stand before its other mentions, whether the declension rules know it as a first name, a
place or an organisation's head noun), plus a weight for each pair of neighbouring labels; Viterbi finds
the best label sequence. A second pass tags again with what the first made of the token, its neighbours
and the document's other mentions of the same word added, so one name gets one type through an article.
Features are hashed (CRC-32 into ``2**HASH_BITS`` rows), so the weights file holds numbers only, no words.

The weights (``ukrainian_ner.npz``) are an averaged structured perceptron trained on lang-uk's ner-uk
corpus by ``newsprism eval ner-train`` (:mod:`newsprism.evaluate.ner_training`); see
``ukrainian_ner.LICENSE.txt`` beside them. Text may be tokenised (spaces around punctuation, as ner-uk's
is) or raw news text: the tokeniser splits punctuation off words either way.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from io import BytesIO

import numpy as np
import numpy.typing as npt

from .role_labels import role_words
from .spans import EntitySpan, SpanType
from .ukrainian_forms import is_head_noun, known_kind, normal_form
from .ukrainian_lexicon import Lexicon

WEIGHTS_FILE = "ukrainian_ner.npz"
TYPES: tuple[SpanType, ...] = ("PER", "ORG", "LOC")
LABELS = ("O", *(f"{part}-{kind}" for kind in TYPES for part in "BILU"))
HASH_BITS = 18

# A word keeps its inner apostrophes and hyphens (п'ять, Івано-Франківськ); any other mark is a token.
TOKEN = re.compile(r"\w+(?:['’ʼ`\-]\w+)*|[^\w\s]")
_SENTENCE_END = frozenset(".!?…")
_OPENING_QUOTES = frozenset("«„“\"")
_CLOSING_QUOTES = frozenset("»“”\"")
# Long lines are tagged in pieces cut at a sentence end, so memory stays flat on any input.
MAX_SEGMENT_TOKENS = 400

F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


def tokenise(text: str) -> list[Token]:
    """Words (with inner apostrophes and hyphens) and single punctuation marks, with their offsets."""
    return [Token(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]


def segments(text: str, tokens: Sequence[Token]) -> Iterator[range]:
    """Runs of token positions tagged as one sequence: a line, cut at sentence ends when it is long."""
    begin = 0
    for i in range(1, len(tokens) + 1):
        at_end = i == len(tokens)
        line_break = not at_end and "\n" in text[tokens[i - 1].end:tokens[i].start]
        too_long = i - begin >= MAX_SEGMENT_TOKENS and tokens[i - 1].text in _SENTENCE_END
        if at_end or line_break or too_long or i - begin >= 4 * MAX_SEGMENT_TOKENS:
            yield range(begin, i)
            begin = i


def shape(word: str) -> str:
    """Letters as X or x, digits as d, runs collapsed to two: "Київ" -> "Xxx", "2016" -> "dd"."""
    out: list[str] = []
    for ch in word:
        kind = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if len(out) < 2 or out[-1] != kind or out[-2] != kind:
            out.append(kind)
    return "".join(out)


@dataclass(frozen=True)
class DocumentWords:
    """What the whole document says about its words: which it writes in lower case, which capitalised
    in mid-sentence (a name is capitalised wherever it stands)."""

    lower: frozenset[str]
    capitalised_inside: frozenset[str]
    before: dict[str, tuple[str, ...]]  # a capitalised word's stem -> the words that stand before it anywhere


def document_words(tokens: Sequence[Token]) -> DocumentWords:
    lower, capitalised = set(), set()
    before: dict[str, Counter[str]] = {}
    previous = "."
    for token in tokens:
        word = token.text
        if word[:1].isalpha():
            if word.islower():
                lower.add(word)
            elif word[0].isupper() and previous not in _SENTENCE_END and previous not in _OPENING_QUOTES:
                capitalised.add(word.lower())
            if word[0].isupper():
                before.setdefault(stem(word), Counter())[previous.lower()] += 1
        previous = word
    return DocumentWords(frozenset(lower), frozenset(capitalised),
                         {key: tuple(w for w, _ in counts.most_common(4)) for key, counts in before.items()})


def stem(word: str) -> str:
    """A crude stem that most case forms of a name share: its first five letters, lower-cased."""
    return word[:5].lower()


def _word_features(word: str) -> list[str]:
    """The features of one word on its own, named for hashing."""
    low = word.lower()
    # C: opens with a capital; A: capitals after a leading digit ("4G"); l: lower case; o: anything else
    cap = "C" if word[:1].isupper() else "A" if word.isupper() else "l" if word[:1].isalpha() else "o"
    return [
        "w=" + low, "s=" + shape(word), "p3=" + low[:3], "p4=" + low[:4], "p5=" + low[:5],
        "x1=" + low[-1:], "x2=" + low[-2:], "x3=" + low[-3:], "x4=" + low[-4:], f"cap={cap}",
        f"len={min(len(word), 12)}{cap}", f"known={known_kind(word) if cap == 'C' else None}",
        f"head={is_head_noun(word)}",
    ]


def sequence_features(words: Sequence[str], doc: DocumentWords, first: bool = True,
                      lexicon: Lexicon | None = None) -> list[list[str]]:
    """Each token's features: its own, its neighbours' words, shapes and endings, and where it stands,
    and what ``lexicon`` (the Russian dictionary and word clusters) says of the word.

    ``first`` says whether the sequence opens a line (its first word starts a sentence)."""
    lows = [w.lower() for w in words]
    shapes = [shape(w) for w in words]
    padded_low = ["<s>", "<s>", *lows, "</s>", "</s>"]
    padded_shape = ["<s>", "<s>", *shapes, "</s>", "</s>"]
    inside_quotes = False
    out: list[list[str]] = []
    for i, word in enumerate(words):
        low, j = lows[i], i + 2
        sentence_start = (i == 0 and first) or (i > 0 and (words[i - 1] in _SENTENCE_END
                                                           or words[i - 1] in _OPENING_QUOTES))
        if word in _OPENING_QUOTES and not (word == "\"" and inside_quotes):
            inside_quotes = True
        elif word in _CLOSING_QUOTES:
            inside_quotes = False
        own = _word_features(word)
        if lexicon is not None:
            own.extend(lexicon.features(word))
        context = [
            "b", f"first={sentence_start}{shapes[i][:1]}", f"q={inside_quotes}",
            "w-1=" + padded_low[j - 1], "w+1=" + padded_low[j + 1], "w-2=" + padded_low[j - 2],
            "w+2=" + padded_low[j + 2], "s-1=" + padded_shape[j - 1], "s+1=" + padded_shape[j + 1],
            "x-1=" + padded_low[j - 1][-3:], "x+1=" + padded_low[j + 1][-3:],
            "w-1|w=" + padded_low[j - 1] + "|" + low, "w|w+1=" + low + "|" + padded_low[j + 1],
            "s-1|s|s+1=" + padded_shape[j - 1] + "|" + shapes[i] + "|" + padded_shape[j + 1],
            "w-1|x2=" + padded_low[j - 1] + "|" + low[-2:], "w-2|x2=" + padded_low[j - 2] + "|" + low[-2:],
            "x2|x+1=" + low[-2:] + "|" + padded_low[j + 1][-3:],
        ]
        if padded_low[j - 1] == "." and padded_low[j - 2].isalpha() and len(padded_low[j - 2]) <= 4:
            context.append("abbr-1=" + padded_low[j - 2])  # "м. Київ", "вул. Шевченка", "с. Іванівка"
        if word[:1].isupper():
            context.append(f"doc={low in doc.lower}{low in doc.capitalised_inside}{sentence_start}")
            context.extend("doc-1=" + w for w in doc.before.get(stem(word), ()))
        out.append(own + context)
    return out


def hashed(features: Sequence[Sequence[str]], bits: int = HASH_BITS) -> I64:
    """Feature names to row numbers, one row of ids per token. Row 0 is kept empty: tokens with fewer
    features than the widest are padded with it."""
    rows = (1 << bits) - 1
    width = max((len(f) for f in features), default=0)
    ids = np.zeros((len(features), width), dtype=np.int64)
    for i, names in enumerate(features):
        ids[i, :len(names)] = [1 + zlib.crc32(name.encode("utf-8")) % rows for name in names]
    return ids


def allowed_transitions() -> npt.NDArray[np.bool_]:
    """Which label may follow which in BILOU (row: before, column: after); row ``len(LABELS)`` is the start."""
    n = len(LABELS)
    ok = np.zeros((n + 1, n), dtype=bool)
    for a in range(n + 1):
        before = "O" if a == n else LABELS[a]
        for b, after in enumerate(LABELS):
            open_before = before[0] in "BI"
            continues = after[0] in "IL"
            if open_before:
                ok[a, b] = continues and after[2:] == before[2:]
            else:
                ok[a, b] = not continues
    return ok


def may_end(label: int) -> bool:
    return LABELS[label][0] not in "BI"


def viterbi(emissions: F32, transitions: F32) -> list[int]:
    """The best label sequence: ``emissions`` (tokens x labels), ``transitions`` ((labels+1) x labels, the
    last row scoring the first label); moves BILOU forbids are never taken."""
    n, size = emissions.shape
    if n == 0:
        return []
    allowed = _ALLOWED
    trans = np.where(allowed[:size], transitions[:size], -np.inf)
    score = np.where(allowed[size], transitions[size] + emissions[0], -np.inf)
    back = np.zeros((n, size), dtype=np.int64)
    for i in range(1, n):
        candidates = score[:, None] + trans
        back[i] = candidates.argmax(axis=0)
        score = candidates[back[i], np.arange(size)] + emissions[i]
    score = np.where(_ENDS, score, -np.inf)
    best = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        best.append(int(back[i, best[-1]]))
    return best[::-1]


_ALLOWED = allowed_transitions()
_ENDS = np.array([may_end(i) for i in range(len(LABELS))])


def spans_of(labels: Sequence[int]) -> list[tuple[int, int, SpanType]]:
    """``(first, last + 1, type)`` token ranges of the entities a BILOU label sequence marks."""
    found: list[tuple[int, int, SpanType]] = []
    begin = 0
    for i, label in enumerate(labels):
        name = LABELS[label]
        if name[0] in "BU":
            begin = i
        if name[0] in "LU":
            found.append((begin, i + 1, _TYPE_OF[name[2:]]))
    return found


_TYPE_OF: dict[str, SpanType] = {t: t for t in TYPES}


@dataclass(frozen=True)
class TaggerWeights:
    """One pass's weights: ``emission`` (2**bits x labels), ``transition`` ((labels+1) x labels)."""

    emission: F32
    transition: F32

    @property
    def bits(self) -> int:
        return int(self.emission.shape[0]).bit_length() - 1

    def labels(self, ids: I64) -> list[int]:
        """The best label sequence for one run of tokens' feature ids."""
        return viterbi(self.emission[ids].sum(axis=1), self.transition)


@dataclass(frozen=True)
class TaggerModel:
    """The two passes: ``first`` tags from the token features; ``second`` also sees what the first pass
    made of the token, its neighbours and the other mentions of the same word in the document."""

    first: TaggerWeights
    second: TaggerWeights
    # The word clusters the features were computed with (None: a model trained without the lexicon).
    lexicon: Lexicon | None = None

    def to_bytes(self) -> bytes:
        """Stored as float16 (a quarter of the size; the perceptron's averages need no more)."""
        buffer = BytesIO()
        arrays = {f"{name}_{part}": getattr(getattr(self, name), part).astype(np.float16)
                  for name in ("first", "second") for part in ("emission", "transition")}
        if self.lexicon is not None:
            arrays.update({f"centroids_{i}": c.astype(np.float16) for i, c in enumerate(self.lexicon.centroids)})
        np.savez_compressed(buffer, labels=np.array(LABELS), **arrays)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> TaggerModel:
        with np.load(BytesIO(data), allow_pickle=False) as stored:
            if "labels" not in stored or tuple(str(x) for x in stored["labels"]) != LABELS:
                raise ValueError("the weights were trained for other labels; retrain with newsprism eval ner-train")
            first, second = (TaggerWeights(stored[f"{name}_emission"].astype(np.float32),
                                           stored[f"{name}_transition"].astype(np.float32))
                             for name in ("first", "second"))
            clusters = sorted((k for k in stored.files if k.startswith("centroids_")), key=lambda k: int(k[10:]))
            lexicon = Lexicon([stored[k].astype(np.float32) for k in clusters]) if clusters else None
            return cls(first, second, lexicon)


def second_pass_features(words: Sequence[Sequence[str]], first: Sequence[Sequence[int]]) -> list[list[list[str]]]:
    """What the second pass adds for each token of each run: the first pass's label of the token and of
    its neighbours, and, for a capitalised word, the types the first pass gave the document's other
    mentions of the same stem (a name is usually one kind of thing throughout an article)."""
    by_stem: dict[str, Counter[str]] = {}
    for run, labels in zip(words, first):
        for word, label in zip(run, labels):
            if word[:1].isupper():
                by_stem.setdefault(stem(word), Counter())[LABELS[label][2:] or "O"] += 1
    out = []
    for run, labels in zip(words, first):
        names = [LABELS[label] for label in labels]
        features = []
        for i, word in enumerate(run):
            extra = ["p1=" + names[i], "p1-1=" + (names[i - 1] if i else "<s>"),
                     "p1+1=" + (names[i + 1] if i + 1 < len(names) else "</s>")]
            if word[:1].isupper():
                counts = by_stem[stem(word)]
                extra.extend(f"dt={kind}:{min(3, n)}" for kind, n in counts.items())
                extra.append("dtm=" + counts.most_common(1)[0][0] + "|" + (names[i][2:] or "O"))
            features.append(extra)
        out.append(features)
    return out


def two_pass_labels(model: TaggerModel, words: Sequence[Sequence[str]], ids: Sequence[I64]) -> list[list[int]]:
    """Each run's labels: the first pass on the token features, then the second with what it added."""
    first = [model.first.labels(run) for run in ids]
    extra = second_pass_features(words, first)
    return [model.second.labels(np.concatenate([run, hashed(more, model.second.bits)], axis=1))
            for run, more in zip(ids, extra)]


def tag_tokens(tokens: Sequence[Token], text: str, model: TaggerModel) -> list[tuple[int, int, SpanType]]:
    """Token ranges of the entities in one document."""
    doc = document_words(tokens)
    runs = list(segments(text, tokens))
    words = [[tokens[i].text for i in run] for run in runs]
    ids = [hashed(sequence_features(w, doc, opens_sentence(text, tokens, run.start), model.lexicon),
                  model.first.bits)
           for w, run in zip(words, runs)]
    found: list[tuple[int, int, SpanType]] = []
    for run, labels in zip(runs, two_pass_labels(model, words, ids)):
        found.extend((run.start + a, run.start + b, kind) for a, b, kind in spans_of(labels))
    return found


def opens_sentence(text: str, tokens: Sequence[Token], i: int) -> bool:
    """Whether token ``i`` is the first of a line or follows a sentence end."""
    return i == 0 or tokens[i - 1].text in _SENTENCE_END or "\n" in text[tokens[i - 1].end:tokens[i].start]


def balanced(tokens: Sequence[Token], first: int, stop: int) -> tuple[int, int]:
    """A token range with its quote marks paired: a closing mark it ends on without the opening one is
    left out ("фірмою «Світанок»" gives "Світанок"), and an opening mark it holds gets its closing one
    when that follows at once ("ТОВ «Ясна зоря»")."""
    words = [t.text for t in tokens[first:stop]]
    opened = sum(w in _OPENING_QUOTES and w != "\"" for w in words)
    closed = sum(w in _CLOSING_QUOTES and w != "\"" for w in words)
    if closed > opened and words[-1] in _CLOSING_QUOTES and stop - first > 1:
        return first, stop - 1
    if opened > closed and words[0] in _OPENING_QUOTES and stop - first > 1:
        return first + 1, stop
    if opened > closed and stop < len(tokens) and tokens[stop].text in _CLOSING_QUOTES:
        return first, stop + 1
    return first, stop


# Genitive (and dative, locative) endings of feminine place names: Франції, України, Польщі.
_PLACE_OBLIQUE_ENDINGS = ("ії", "ини", "щі")
# Endings a feminine first name or patronymic takes in those cases: Марії, Ольги, Іванівни.
_AGREEING_ENDINGS = ("и", "і", "ї")


def place_before_name(words: Sequence[str]) -> int | None:
    """Where a person's name of three or more words has a place in the genitive run into its front, as in
    "прем'єр-міністерка Арделії Селена Марроу": the place's position, or None. A person's name stands in
    one case throughout: a word in an oblique place ending, followed by a capitalised word that does not
    share that case, belongs to the title before the name, unless it is a known first name (Марії
    Іванівни Коваленко). The place may follow a role word the tagger took in with it (a title opening a
    sentence is capitalised)."""
    at = 1 if words and role_words("uk").lookup(words[0]) else 0
    if len(words) - at < 3 or not words[at][:1].isupper() or not words[at + 1][:1].isupper():
        return None
    place, after = words[at].lower(), words[at + 1].lower()
    if (place.endswith(_PLACE_OBLIQUE_ENDINGS) and known_kind(place) not in ("male", "female")
            and not after.endswith(_AGREEING_ENDINGS)):
        return at
    return None


def entity_ranges(tokens: Sequence[Token], first: int, stop: int, kind: SpanType) -> list[tuple[int, int, SpanType]]:
    """The token ranges one tagged span stands for: its quotes balanced, and a place cut off the front
    of a person's name (:func:`place_before_name`; a role word before the place is left to the labels)."""
    first, stop = balanced(tokens, first, stop)
    at = place_before_name([t.text for t in tokens[first:stop]]) if kind == "PER" else None
    if at is not None:
        return [(first + at, first + at + 1, "LOC"), (first + at + 1, stop, "PER")]
    return [(first, stop, kind)]


@lru_cache(maxsize=1)
def packaged_model() -> TaggerModel:
    """The shipped model, read once per process."""
    data = resources.files("newsprism.annotate").joinpath(WEIGHTS_FILE).read_bytes()
    return TaggerModel.from_bytes(data)


def ukrainian_entities(text: str, model: TaggerModel | None = None) -> list[EntitySpan]:
    """The people, organisations and places named in Ukrainian ``text``, with each name's normal form."""
    model = model or packaged_model()
    tokens = tokenise(text)
    spans = []
    for tagged in tag_tokens(tokens, text, model):
        for first, stop, kind in entity_ranges(tokens, *tagged):
            start, end = tokens[first].start, tokens[stop - 1].end
            words = [t.text for t in tokens[first:stop]]
            spans.append(EntitySpan(start, end, kind, normal_form(text[start:end], words, kind)))
    return spans
