"""Annotating one article's text: sentences, entities, labels, dates and quotes.

:func:`annotate_text` is pure given the pipeline: text in, :class:`Annotations`
out. Text in another language gets its sentences (by punctuation), its quoted
spans (by quote marks) and its numeric dates, and its people, organisations and
places where newsprism has a tagger for the language (:mod:`.languages`:
Russian, Ukrainian), with a note saying what was and was not analysed, rather
than guessed labels or speakers. Each of these steps is one function, so a
language can get a better one for any of them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

from ..errors import MissingDependencyError
from ..schema import DateMention, Entity, Label, Quote
from ..settings import default_settings
from ..text.sentences import sentence_spans
from .entities import entities_from_spans, find_entities, fold
from .labels import find_labels
from .languages import entity_tagger
from .quotes import find_quotes, marked_quotes, trim_span
from .role_labels import find_role_labels
from .speech import LANGUAGES as SPEECH_LANGUAGES
from .speech import find_speech
from .timex import InferredDate, resolve_against

# 4: text without a model is split into sentences by newsprism.text.sentences (abbreviations and
# initials end no sentence), and tokenised ``…'' quotes are found.
# 7: Russian (and Ukrainian, once its tagger is installed) text gets entities keyed by their normal forms.
# 8: Russian, Ukrainian and Italian text gets quotes with speakers, role labels and dates in words.
ANNOTATION_VERSION = "8"


def text_hash(text: str, published: str | None = None) -> str:
    """What an article's annotations depend on: the text, and the date its relative dates resolve against."""
    return hashlib.sha256(f"{text}\0{published or ''}".encode()).hexdigest()[:16]


def is_current(stored_hash: str | None, text: str, published: str | None) -> bool:
    """Stored annotations still describe the article: ``stored_hash`` (the text hash of annotations
    this version of the reader wrote, None when there are none) is that of its text and date."""
    return stored_hash is not None and stored_hash == text_hash(text, published)


@dataclass(frozen=True)
class Annotations:
    """What newsprism read in one article; offsets index into the article's ``text``."""

    text_hash: str
    sentences: tuple[tuple[int, int], ...] = ()
    quotes: tuple[Quote, ...] = ()
    notes: tuple[str, ...] = ()
    entities: tuple[Entity, ...] = ()
    labels: tuple[Label, ...] = ()
    dates: tuple[DateMention, ...] = ()
    # The publication date read from the text, when the metadata gave none.
    published: InferredDate | None = None
    version: str = ANNOTATION_VERSION
    # Why the article could not be read (its annotations are then only sentences, and it is read again
    # on the next run).
    failure: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text_hash": self.text_hash,
            "version": self.version,
            "sentences": [list(s) for s in self.sentences],
            "entities": [e.to_dict() for e in self.entities],
            "labels": [lab.to_dict() for lab in self.labels],
            "dates": [d.to_dict() for d in self.dates],
            "quotes": [q.to_dict() for q in self.quotes],
            "published": asdict(self.published) if self.published else None,
            "notes": list(self.notes),
        }


def _speaker_keys(quotes: list[Quote], entities: list[Entity], labels: list[Label], doc: Any) -> list[Quote]:
    """Tie each quote's speaker to an entity: the one named by the head word of the speaker
    phrase ("Elizabeth Lauten, the aide to Rep. Fincher" is Lauten), else a person or role
    label there, or, for a pronoun resolved to a name, the person whose name that is."""
    kinds = {e.key: e.type for e in entities}
    spans = sorted(
        [(m.start, m.end, e.key) for e in entities for m in e.mentions]
        + [(lab.start, lab.end, lab.entity) for lab in labels if lab.kind in ("role", "appositive")]
    )
    names = sorted(
        ((fold(m.text), e.key) for e in entities if e.type == "person" for m in e.mentions),
        key=lambda pair: -len(pair[0]),
    )
    keyed = []
    for quote in quotes:
        key: str | None = None
        if quote.speaker_start is not None and quote.speaker_end is not None:
            start, end = quote.speaker_start, quote.speaker_end
            phrase = doc.char_span(start, end, alignment_mode="expand")
            head = phrase.root.idx if phrase is not None else start
            at_head = [k for s, e, k in spans if s <= head < e and start <= s and e <= end]
            # A place inside a role ("the Texas governor") is not who spoke; an organisation may be ("a NASA spokesman").
            inside = [k for s, e, k in spans if start <= s and e <= end and kinds.get(k) != "place"]
            around = [k for s, e, k in spans if s <= start and end <= e]
            people = [k for k in inside if kinds.get(k) == "person"]
            key = next(iter(at_head[:1] or people[:1] or inside[:1] or around[-1:]), None)
        if key is None and quote.speaker:
            folded = f" {fold(quote.speaker)} "
            key = next((k for name, k in names if f" {name} " in folded), None)
            # A bare surname ("Lauten", as a pronoun was resolved) is the person of that surname.
            key = key or next((k for name, k in names if name.endswith(folded.rstrip())), None)
        keyed.append(replace(quote, speaker_key=key) if key else quote)
    return keyed


_FUTURE_AUXILIARIES = frozenset(("will", "shall", "'ll", "’ll"))
_SCHEDULING = frozenset(("for", "by", "until", "till"))


def grammatical_tense(doc: Any) -> Callable[[int, int], int]:
    """The tense of the verb a date expression hangs from: +1 future ("will meet on
    Monday"), -1 past ("marched on Sunday", "has met"), 0 when the parse does not say."""

    def tense(start: int, end: int) -> int:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return 0
        date_word = span.root
        token = date_word.head
        if date_word.dep_ in ("poss", "compound"):  # "Sunday's march drew ...": the verb of the march
            token = token.head
        elif token.pos_ == "ADP":
            if token.lower_ in _SCHEDULING:
                return 0  # "a meeting for Friday" is set for then, whatever the tense of "called"
            token = token.head
        # A date that dates a noun ("talks on Monday") takes no tense from the clause's verb.
        if token.pos_ not in ("VERB", "AUX"):
            return 0
        auxiliaries = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in _FUTURE_AUXILIARIES for a in auxiliaries):
            return 1
        if token.tag_ == "VBD" or any(a.tag_ == "VBD" or a.lemma_ == "have" for a in auxiliaries):
            return -1
        return 0

    return tense


def sentences_by_punctuation(text: str) -> Iterator[tuple[int, int]]:
    """Sentences of a text no parser reads (for Russian this split agrees better with factRuEval's
    sentences than natasha's segmenter does: see docs/benchmarks.md)."""
    for sentence_start, sentence_end in sentence_spans(text):
        _, start, end = trim_span(text, sentence_start, sentence_end)
        if end > start:
            yield start, end


def annotate_text(
    text: str, language: str | None, doc: Any | None, published: str | None = None, today: date | None = None
) -> Annotations:
    """``doc`` is the English parse of ``text``, or None when the text is not English.
    ``published`` (the metadata's date) resolves relative dates; without it the
    publication date is inferred from the text where it can be."""
    if doc is not None:
        dates, inferred = resolve_against(text, published, today, grammatical_tense(doc))
        sentences = tuple(
            (s.start_char, s.end_char) for s in doc.sents if s.text.strip()
        )
        entities = find_entities(text, doc)
        labels = find_labels(text, doc, entities)
        quotes = _speaker_keys(find_quotes(text, doc), entities, labels, doc)
        return Annotations(
            text_hash(text, published), sentences, tuple(quotes), (), tuple(entities), tuple(labels), tuple(dates),
            inferred,
        )
    return annotate_unparsed(text, language, published, today)


def annotate_unparsed(
    text: str, language: str | None, published: str | None = None, today: date | None = None
) -> Annotations:
    """A text the English pipeline does not read, one step per function."""
    entities = tagged_entities(text, language)
    if language in SPEECH_LANGUAGES:
        found = entities or []
        dates, inferred = resolve_against(text, published, today, language=language)
        return Annotations(
            text_hash(text, published), tuple(sentences_by_punctuation(text)),
            tuple(find_speech(text, language, found)), (read_note(language, entities is not None),), tuple(found),
            tuple(find_role_labels(text, language, found)), tuple(dates), inferred,
        )
    return Annotations(
        text_hash(text, published), tuple(sentences_by_punctuation(text)), tuple(marked_quotes(text)),
        (unanalysed_note(language, entities is not None),), tuple(entities or ()),
        dates=numeric_dates(text, published, today),
    )


def read_note(language: str, tagged: bool) -> str:
    """What was read in a Russian, Ukrainian or Italian text, which no parser reads."""
    people = ("people, organisations and places were found by its tagger, role labels by the role words beside "
              "their names" if tagged else "no entity tagger, so no entities or role labels, and speakers are "
              "named by the words near the cue")
    return (
        f"language {language}: {people}; quotes, reported speech and their speakers were read from quote marks, "
        "dialogue dashes and cue words, and dates in words from the language's month and day names, without a "
        "parse (a date without a year takes the year nearest the publication date, on the side the sentence's "
        "cue words of tense give)"
    )


def tagged_entities(text: str, language: str | None) -> list[Entity] | None:
    """People, organisations and places by the language's tagger; None when there is none for it."""
    tagger = entity_tagger(language)
    return None if tagger is None else entities_from_spans(text, tagger(text))


def numeric_dates(text: str, published: str | None, today: date | None) -> tuple[DateMention, ...]:
    """Dates written in digits only: dates in words need the language's month names and grammar."""
    return tuple(d for d in resolve_against(text, published, today)[0] if not any(c.isalpha() for c in d.text))


def unanalysed_note(language: str | None, tagged: bool) -> str:
    """What was and was not read in a text the English pipeline does not read."""
    if tagged:
        return (
            f"language {language}: people, organisations and places were found by its tagger and grouped by "
            "their normal forms; labels, speakers, indirect speech and dates in words were not analysed; "
            "sentences are split by punctuation, quotes found by their marks and only numeric dates read"
        )
    return (
        f"language {language or 'unknown'}: no model for it, so entities, labels, speakers, indirect speech and "
        "dates in words were not analysed; sentences are split by punctuation, quotes found by their marks "
        "and only numeric dates read"
    )


def annotate_or_report(
    text: str, language: str | None, doc: Any | None, published: str | None = None
) -> Annotations:
    """``annotate_text``, with a fault in one article turned into a reported failure of that article:
    the others of the run are still read and stored."""
    try:
        return annotate_text(text, language, doc, published)
    except MissingDependencyError:
        raise  # not this article's fault: the run stops with the install command
    except Exception as exc:  # noqa: BLE001 - whatever it is, it is this article's, and is reported
        reason = f"{type(exc).__name__}: {exc}"
        # No text hash: the article is not current, so the next run reads it again.
        return Annotations("", tuple(sentences_by_punctuation(text)), notes=(f"not annotated: {reason}",),
                           failure=reason)


def _annotate_batch(job: tuple[list[tuple[str, str | None, str | None]], int]) -> list[Annotations]:
    """One batch in a worker process (each loads the model once)."""
    items, batch_size = job
    return list(Annotator(batch_size=batch_size).annotate(items))


@dataclass
class Annotator:
    """Parses English texts in batches (spaCy's ``pipe``) and annotates them all, other languages with
    their taggers (each loaded once per process); with ``workers`` > 1, batches go to that many
    processes, results in input order.
    ``batch_size`` is the ``[annotate]`` setting's unless given."""

    batch_size: int = field(default_factory=lambda: default_settings().annotate.batch_size)
    nlp: Any = field(default=None)
    workers: int = 1

    def annotate(self, items: Iterable[tuple[str, str | None, str | None]]) -> Iterator[Annotations]:
        """``items``: (text, language, published) triples; yields annotations in the same order."""
        if self.workers > 1:
            yield from self._in_processes(items)
            return
        from .nlp import english

        pending: list[tuple[str, str | None, str | None]] = []

        def flush() -> Iterator[Annotations]:
            english_texts = [t for t, lang, _ in pending if lang in (None, "en")]
            # spaCy is loaded by the first batch with English in it: a run of Russian articles needs none.
            if english_texts and self.nlp is None:
                self.nlp = english()
            docs = iter(self.nlp.pipe(english_texts, batch_size=self.batch_size) if english_texts else ())
            for text, lang, published in pending:
                doc = next(docs) if lang in (None, "en") else None
                yield annotate_or_report(text, lang, doc, published)
            pending.clear()

        for item in items:
            pending.append(item)
            if len(pending) >= self.batch_size:
                yield from flush()
        if pending:
            yield from flush()

    def _in_processes(self, items: Iterable[tuple[str, str | None, str | None]]) -> Iterator[Annotations]:
        from ..workers import worker_pool

        batches: list[list[tuple[str, str | None, str | None]]] = [[]]
        for item in items:
            if len(batches[-1]) >= self.batch_size:
                batches.append([])
            batches[-1].append(item)
        with worker_pool(self.workers) as pool:
            for result in pool.map(_annotate_batch, [(b, self.batch_size) for b in batches if b]):
                yield from result
