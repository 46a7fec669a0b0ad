"""Entities, canonical names, quote speakers and dates scored on BASIL.

BASIL (Fan et al. 2019) holds 50 US political news events, each covered by
three outlets (Fox News, The New York Times, HuffPost), with each article's
main entities, its publication date and phrase-level annotations that give
the speaker of quoted phrases. An article's text here is its paragraphs
joined by blank lines (the sentences of a paragraph joined by a space); the
title is not part of it. The phrase annotations' offsets count from the start
of the sentence holding the phrase, so a phrase is placed at the sentence
where those offsets give back its text.

Scoring (pure functions over the data and newsprism's annotations):

- main-entity recall: an (article, annotated main entity) pair is found when
  one of the article's entities, under its corpus-wide canonical name,
  matches the annotated name (:func:`match_name`);
- cross-outlet consistency: an event's annotated entity found in two or more
  of its articles is consistent when all of them carry the same canonical id;
- quote speakers: coverage of the annotated quoted phrases by newsprism's
  quotes, and among covered phrases with a named speaker, how often the
  covering quote's canonical speaker matches it;
- publication dates: the date inferred from the text alone against the gold
  date, and the date mentions resolved against the gold date.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidfuzz.fuzz import ratio

from ..annotate.canonical import CanonicalEntity
from ..annotate.entities import fold, same_word
from ..errors import InputError, UsageError
from ..schema import DateMention
from ..text.months import MONTH_NAME

if TYPE_CHECKING:
    from ..annotate.annotator import Annotations

Span = tuple[int, int]
_FIELDS = ("source", "main-entities", "date", "uuid", "triplet-uuid", "body-paragraphs")
_FUNCTION_WORDS = frozenset("a an and at de for in of on the to".split())
_GROUP = re.compile(r"\s(?:and|&)\s", re.I)
_UNNAMED_SPEAKER = "other "
_MATCH_ORDER = ("exact", "surname", "acronym", "contains")
_SUFFIXES = frozenset(("jr", "sr", "i", "iv"))  # folded: Jr., Sr., II and III fold to "i", IV
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"(?i)\b(" + "|".join(_WEEKDAY_NAMES) + r")\b")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_NUMERIC_DATE = re.compile(r"\d{1,4}[-./]\d{1,2}[-./]\d{1,4}")


# -- the data --------------------------------------------------------------------------
@dataclass(frozen=True)
class GoldPhrase:
    """One phrase-level annotation; ``start``/``end`` index into the article text (None when not found)."""

    text: str
    start: int | None
    end: int | None
    quote: bool
    speaker: str
    bias: str = ""  # "lex" (the wording) or "inf" (what is told)


@dataclass(frozen=True)
class BasilArticle:
    id: str
    event: str
    outlet: str
    date: str
    title: str
    main_entities: tuple[str, ...]
    text: str
    phrases: tuple[GoldPhrase, ...] = ()


def article_text(paragraphs: Sequence[Sequence[str]]) -> tuple[str, list[tuple[int, str]]]:
    """The text (paragraphs joined by a blank line, sentences by a space) and each sentence with its offset."""
    parts: list[str] = []
    sentences: list[tuple[int, str]] = []
    offset = 0
    for i, paragraph in enumerate(paragraphs):
        if i:
            parts.append("\n\n")
            offset += 2
        for j, sentence in enumerate(paragraph):
            if j:
                parts.append(" ")
                offset += 1
            sentences.append((offset, sentence))
            parts.append(sentence)
            offset += len(sentence)
    return "".join(parts), sentences


def locate(text: str, sentences: Sequence[tuple[int, str]], phrase: str, start: int, end: int) -> Span | None:
    """Where an annotated phrase sits in the text: the sentence whose [start:end] is the
    phrase, else the phrase's first occurrence, else None (it is not in the body)."""
    if not phrase:
        return None
    for offset, sentence in sentences:
        if sentence[start:end] == phrase:
            return offset + start, offset + end
    found = text.find(phrase)
    return (found, found + len(phrase)) if found >= 0 else None


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"not a readable BASIL JSON file ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(str(path), "not a BASIL JSON file: expected an object")
    return data


def _phrases(path: Path, text: str, sentences: list[tuple[int, str]]) -> tuple[GoldPhrase, ...]:
    if not path.is_file():
        return ()
    data = _read_json(path)
    phrases = []
    try:
        for item in data["phrase-level-annotations"]:
            span = locate(text, sentences, item["txt"], int(item["start"]), int(item["end"]))
            phrases.append(GoldPhrase(
                item["txt"], span[0] if span else None, span[1] if span else None,
                str(item.get("quote", "")).lower() == "yes", str(item.get("speaker") or "").replace("_", " ").strip(),
                str(item.get("bias") or ""),
            ))
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(str(path), f"not a BASIL annotation file: bad or missing field {exc}") from None
    return tuple(phrases)


def load_basil(data_dir: Path) -> list[BasilArticle]:
    """Every article under ``data_dir/articles`` with its annotations from ``data_dir/annotations``."""
    base = data_dir / "articles"
    if not base.is_dir():
        raise UsageError(f"{base} not found; pass --data pointing at the BASIL folder (with articles/ and annotations/)")
    files = sorted(base.glob("*/*.json"))
    if not files:
        raise UsageError(f"no article files under {base}; expected articles/<year>/<event>_<n>.json")
    articles = []
    for path in files:
        data = _read_json(path)
        missing = [name for name in _FIELDS if name not in data]
        if missing:
            raise InputError(str(path), f"not a BASIL article: missing field {missing[0]!r}")
        try:
            text, sentences = article_text(data["body-paragraphs"])
        except TypeError:
            raise InputError(str(path), "not a BASIL article: body-paragraphs must be lists of sentences") from None
        annotation = data_dir / "annotations" / path.parent.name / f"{path.stem}_ann.json"
        articles.append(BasilArticle(
            path.stem, str(data["triplet-uuid"]), str(data["source"]).lower(), str(data["date"]),
            str(data.get("title") or ""), tuple(str(n) for n in data["main-entities"]), text,
            _phrases(annotation, text, sentences),
        ))
    return articles


def parse(articles: Sequence[BasilArticle], nlp: Any | None = None) -> list[Any]:
    """The English parse of every article (the slow step, shared by the scorers)."""
    from ..annotate.nlp import english

    nlp = nlp or english()
    return list(nlp.pipe([a.text for a in articles], batch_size=16))


# -- matching names --------------------------------------------------------------------------
def _norm(name: str) -> str:
    """The folded name with in-word hyphens and apostrophes dropped ("Wal-Mart" = "Walmart")."""
    return re.sub(r"[-'’]", "", fold(name))


def _letters(name: str) -> str:
    return re.sub(r"[^A-Za-z]", "", name)


def _is_acronym(name: str) -> bool:
    letters = _letters(name)
    return " " not in name.strip() and 2 <= len(letters) <= 8 and letters.isupper()


def initials(name: str) -> str:
    """"National Rifle Association" -> "NRA" (function words left out)."""
    words = re.findall(r"[^\W\d_]+", name)
    return "".join(w[0] for w in words if w.lower() not in _FUNCTION_WORDS).upper() if len(words) > 1 else ""


def _first_names_agree(a: str, b: str) -> bool:
    """Two folded first words that may name one person: a spelling, an initial or a typo away."""
    return same_word(a, b) or a.startswith(b) or b.startswith(a) or ratio(a, b) >= 80


def _without_suffix(words: list[str]) -> list[str]:
    """A person's folded name without a generational suffix ("eric h holder jr")."""
    return words[:-1] if len(words) > 1 and words[-1] in _SUFFIXES else words


def is_named_speaker(speaker: str) -> bool:
    """A speaker BASIL names (not "other_…", not a group such as "X and Y")."""
    return bool(speaker) and not speaker.lower().startswith(_UNNAMED_SPEAKER) and not is_group(speaker)


def is_group(name: str) -> bool:
    """An annotation naming several referents ("Sasha and Malia Obama")."""
    return bool(_GROUP.search(name))


def match_name(gold: str, name: str, kind: str) -> str | None:
    """How newsprism's entity ``name`` of type ``kind`` matches the annotated ``gold`` name:
    ``exact`` (same folded name), ``surname`` (a person whose folded last word is the gold
    name's last word, first names not in conflict), ``acronym`` (an organisation or place
    named by the other's initials) or ``contains`` (an organisation or place whose name
    holds the gold name); None when it does not."""
    g, n = _norm(gold), _norm(name)
    if not g or not n:
        return None
    if g == n:
        return "exact"
    gw, nw = g.split(), n.split()
    if kind == "person":
        gw, nw = _without_suffix(gw), _without_suffix(nw)
        if gw == nw:
            return "exact"
        if len(gw) > 1 and nw[-1] == gw[-1] and (len(nw) == 1 or _first_names_agree(gw[0], nw[0])):
            return "surname"
        return None
    if (_is_acronym(gold) and _letters(gold) == initials(name)) or (_is_acronym(name) and _letters(name) == initials(gold)):
        return "acronym"
    if f" {g} " in f" {n} ":
        return "contains"
    return None


@dataclass(frozen=True)
class Found:
    """The article entity that best matches an annotated name."""

    id: str
    name: str
    type: str
    how: str
    mentions: int


@dataclass(frozen=True)
class ReadEntity:
    """One entity of an article's annotations, under its canonical and its article-level name."""

    key: str
    id: str
    name: str
    type: str
    local_name: str
    local_type: str
    mentions: int


def best_match(gold: str, entities: Iterable[ReadEntity], local: bool = False) -> Found | None:
    """The strongest match (exact before surname before acronym before containment; then the
    most mentioned) among an article's entities, by canonical name or, with ``local``, by
    the article's own name."""
    best: tuple[tuple[int, int], Found] | None = None
    for e in entities:
        name, kind = (e.local_name, e.local_type) if local else (e.name, e.type)
        how = match_name(gold, name, kind)
        if how is None:
            continue
        rank = (-_MATCH_ORDER.index(how), e.mentions)
        if best is None or rank > best[0]:
            best = (rank, Found(e.id, name, kind, how, e.mentions))
    return best[1] if best else None


def annotated_entities(annotations: Annotations, index: dict[str, CanonicalEntity]) -> list[ReadEntity]:
    """An article's entities under their canonical names (their own when the index lacks them)."""
    entities = []
    for e in annotations.entities:
        canonical = index.get(e.key) or CanonicalEntity(e.key, e.name, e.type)
        entities.append(ReadEntity(e.key, canonical.id, canonical.name, canonical.type, e.name, e.type,
                                   len(e.mentions)))
    return entities


# -- entities, consistency and speakers ----------------------------------------------------
@dataclass(frozen=True)
class EntityMiss:
    article: str
    outlet: str
    gold: str
    form: str
    near: tuple[str, ...]  # the article's entities sharing a word with the gold name


@dataclass(frozen=True)
class Inconsistency:
    event: str
    title: str
    gold: str
    found: dict[str, str]  # outlet -> canonical name (id) newsprism gave the entity


@dataclass(frozen=True)
class SpeakerMiss:
    article: str
    gold: str
    form: str
    got: str | None
    quote: str


@dataclass
class EntityScores:
    articles: int = 0
    pairs: int = 0
    found: int = 0
    found_local: int = 0
    skipped_groups: int = 0
    by_form: dict[str, list[int]] = field(default_factory=dict)  # form -> [found, pairs]
    how: dict[str, int] = field(default_factory=dict)
    misses: list[EntityMiss] = field(default_factory=list)
    checked: int = 0
    consistent: int = 0
    inconsistent: list[Inconsistency] = field(default_factory=list)
    gold_quotes: int = 0
    located_quotes: int = 0
    covered_quotes: int = 0
    unnamed_speakers: int = 0
    group_speakers: int = 0
    named_covered: int = 0
    speaker_correct: int = 0
    speaker_missing: int = 0
    speaker_by_form: dict[str, list[int]] = field(default_factory=dict)  # form -> [right, covered]
    speaker_misses: list[SpeakerMiss] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.pairs if self.pairs else 0.0

    @property
    def recall_local(self) -> float:
        return self.found_local / self.pairs if self.pairs else 0.0

    @property
    def consistency(self) -> float:
        return self.consistent / self.checked if self.checked else 0.0

    @property
    def quote_coverage(self) -> float:
        return self.covered_quotes / self.located_quotes if self.located_quotes else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.named_covered if self.named_covered else 0.0

    @property
    def name_recall(self) -> float:
        """Recall over annotated entities written as proper names (see :func:`name_form`)."""
        found, pairs = self.by_form.get("name", [0, 0])
        return found / pairs if pairs else 0.0

    @property
    def name_speaker_accuracy(self) -> float:
        """Speaker accuracy over speakers annotated by a proper name."""
        right, covered = self.speaker_by_form.get("name", [0, 0])
        return right / covered if covered else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(recall=self.recall, recall_local=self.recall_local, name_recall=self.name_recall,
                    consistency=self.consistency, quote_coverage=self.quote_coverage,
                    speaker_accuracy=self.speaker_accuracy, name_speaker_accuracy=self.name_speaker_accuracy)
        return data


def name_form(name: str) -> str:
    """The shape of an annotated name: ``plural`` when its last word is a plural ("Republicans",
    "Colorado officials"), ``name`` when every word is capitalised ("Paul Ryan", "NAACP", "U.S.
    Congress"), else ``description`` ("Obama administration", "police")."""
    words = re.findall(r"[^\W\d_]+", name)
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    if not content:
        return "description"
    last = content[-1]
    if len(last) > 3 and not last.isupper() and last.endswith("s") and not last.endswith(("ss", "us", "is")):
        return "plural"
    return "name" if all(w[0].isupper() for w in content) else "description"


def _near(gold: str, entities: Sequence[ReadEntity]) -> tuple[str, ...]:
    words = set(_norm(gold).split()) - _FUNCTION_WORDS
    return tuple(sorted({f"{e.name} ({e.type})" for e in entities if words & set(_norm(e.name).split())}))


def score_entities(articles: Sequence[BasilArticle], annotated: Sequence[Sequence[ReadEntity]]) -> EntityScores:
    """Main-entity recall and cross-outlet consistency of canonical ids."""
    scores = EntityScores(articles=len(articles))
    for article, entities in zip(articles, annotated, strict=True):
        for gold in dict.fromkeys(article.main_entities):
            if is_group(gold):
                scores.skipped_groups += 1
                continue
            scores.pairs += 1
            form = scores.by_form.setdefault(name_form(gold), [0, 0])
            form[1] += 1
            found = best_match(gold, entities)
            if best_match(gold, entities, local=True):
                scores.found_local += 1
            if found:
                scores.found += 1
                form[0] += 1
                scores.how[found.how] = scores.how.get(found.how, 0) + 1
            else:
                miss = EntityMiss(article.id, article.outlet, gold, name_form(gold), _near(gold, entities))
                scores.misses.append(miss)
    events: dict[str, list[tuple[BasilArticle, Sequence[ReadEntity]]]] = defaultdict(list)
    for article, entities in zip(articles, annotated, strict=True):
        events[article.event].append((article, entities))
    for event, members in sorted(events.items()):
        golds = {_norm(g): g for a, _ in members for g in a.main_entities if not is_group(g)}
        for gold in golds.values():
            matched = [(a, m) for a, ents in members if (m := best_match(gold, ents))]
            if len(matched) < 2:
                continue
            scores.checked += 1
            if len({m.id for _, m in matched}) == 1:
                scores.consistent += 1
            else:
                scores.inconsistent.append(Inconsistency(
                    event, members[0][0].title, gold, {a.outlet: f"{m.name} ({m.id})" for a, m in matched}))
    return scores


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score_speakers(
    scores: EntityScores,
    articles: Sequence[BasilArticle],
    quotes: Sequence[Sequence[tuple[Span, str | None, str | None]]],
) -> EntityScores:
    """``quotes``: per article, newsprism's quotes as (span, canonical speaker name, its type).

    Coverage: annotated quoted phrases (with a speaker, found in the text) that some
    newsprism quote overlaps. Accuracy: among covered phrases whose annotated speaker is
    named (not BASIL's "other_..." and not a group), the covering quote (the one with the
    largest overlap) has a speaker matching it."""
    for article, found in zip(articles, quotes, strict=True):
        for phrase in article.phrases:
            if not (phrase.quote and phrase.speaker):
                continue
            scores.gold_quotes += 1
            if phrase.start is None or phrase.end is None:
                continue
            scores.located_quotes += 1
            span = (phrase.start, phrase.end)
            covering = max(found, key=lambda q: _overlap(q[0], span), default=None)
            if covering is None or _overlap(covering[0], span) == 0:
                continue
            scores.covered_quotes += 1
            if phrase.speaker.lower().startswith(_UNNAMED_SPEAKER):
                scores.unnamed_speakers += 1
                continue
            if is_group(phrase.speaker):
                scores.group_speakers += 1
                continue
            scores.named_covered += 1
            tally = scores.speaker_by_form.setdefault(name_form(phrase.speaker), [0, 0])
            tally[1] += 1
            _, speaker, kind = covering
            if speaker is None:
                scores.speaker_missing += 1
            if speaker is not None and kind is not None and match_name(phrase.speaker, speaker, kind):
                scores.speaker_correct += 1
                tally[0] += 1
            else:
                miss = SpeakerMiss(article.id, phrase.speaker, name_form(phrase.speaker), speaker, phrase.text)
                scores.speaker_misses.append(miss)
    return scores


def read_corpus(
    articles: Sequence[BasilArticle], docs: Sequence[Any]
) -> tuple[list[Annotations], dict[str, CanonicalEntity]]:
    """Each article's annotations (no metadata date, as for an undated article) and the corpus's canonical names."""
    from ..annotate.annotator import annotate_text
    from ..annotate.canonical import canonicalise

    annotations = [annotate_text(a.text, "en", doc) for a, doc in zip(articles, docs, strict=True)]
    index = canonicalise((a.id, [e.to_dict() for e in r.entities]) for a, r in zip(articles, annotations))
    return annotations, index


def evaluate_entities(data_dir: Path, docs: Sequence[Any] | None = None) -> EntityScores:
    """Read all BASIL articles as one corpus and score entities, canonical ids and speakers."""
    articles = load_basil(data_dir)
    annotations, index = read_corpus(articles, docs if docs is not None else parse(articles))
    scores = score_entities(articles, [annotated_entities(r, index) for r in annotations])
    quotes = []
    for annotated in annotations:
        found = []
        for q in annotated.quotes:
            canonical = index.get(q.speaker_key) if q.speaker_key else None
            found.append(((q.start, q.end), canonical.name if canonical else None,
                          canonical.type if canonical else None))
        quotes.append(found)
    return score_speakers(scores, articles, quotes)


# -- dates ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DateMiss:
    article: str
    gold: str
    inferred: str
    evidence: str


@dataclass
class DateScores:
    articles: int = 0
    today: str = ""
    inferred: int = 0
    by_precision: dict[str, list[int]] = field(default_factory=dict)  # precision -> [right, inferred]
    day_within_1: int = 0
    year_right: int = 0  # inferences of any precision whose year is the gold year
    misses: list[DateMiss] = field(default_factory=list)
    mentions: int = 0
    mention_precision: dict[str, int] = field(default_factory=dict)
    mention_forms: dict[str, int] = field(default_factory=dict)
    weekday_checked: dict[str, int] = field(default_factory=dict)  # form -> dates given with their weekday
    weekday_agree: dict[str, int] = field(default_factory=dict)

    @property
    def correct(self) -> int:
        return sum(right for right, _ in self.by_precision.values())

    @property
    def coverage(self) -> float:
        return self.inferred / self.articles if self.articles else 0.0

    @property
    def accuracy(self) -> float:
        """Inferences right at their own precision: the day for a day, the year for a year."""
        return self.correct / self.inferred if self.inferred else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(correct=self.correct, coverage=self.coverage, accuracy=self.accuracy)
        return data


def mention_form(mention: DateMention) -> str:
    """What kind of expression a resolved mention is: ``full date`` (with its year),
    ``yearless date``, ``weekday``, ``relative day``, ``month and year``, ``yearless month``,
    ``relative month``, ``year``, ``relative year`` or ``unresolved``."""
    text = mention.text
    has_year = bool(_YEAR.search(text))
    has_month = bool(MONTH_NAME.search(text)) or bool(_NUMERIC_DATE.search(text))
    if mention.precision == "day":
        if has_month:
            return "full date" if has_year else "yearless date"
        return "weekday" if _WEEKDAY.search(text) else "relative day"
    if mention.precision == "month":
        return "month and year" if has_year else "yearless month" if has_month else "relative month"
    if mention.precision == "year":
        return "year" if has_year else "relative year"
    return "unresolved"


def score_inference(gold: str, value: str, precision: str) -> tuple[bool, bool]:
    """(right at its precision, within one day) for a date inferred as ``value``."""
    if precision == "day":
        delta = abs((date.fromisoformat(value) - date.fromisoformat(gold)).days)
        return delta == 0, delta <= 1
    return gold.startswith(value), False


def score_mentions(scores: DateScores, mentions: Sequence[DateMention]) -> None:
    """Counts by precision and form, and the check the text itself answers: a date given
    with its weekday ("Friday, Sept. 14") must resolve to a day that is that weekday."""
    for m in mentions:
        form = mention_form(m)
        precision = m.precision or "none"
        scores.mentions += 1
        scores.mention_precision[precision] = scores.mention_precision.get(precision, 0) + 1
        scores.mention_forms[form] = scores.mention_forms.get(form, 0) + 1
        weekday = _WEEKDAY.search(m.text)
        if form in ("full date", "yearless date") and weekday and m.value and len(m.value) == 10:
            scores.weekday_checked[form] = scores.weekday_checked.get(form, 0) + 1
            if date.fromisoformat(m.value).weekday() == _WEEKDAY_NAMES.index(weekday.group(1).lower()):
                scores.weekday_agree[form] = scores.weekday_agree.get(form, 0) + 1


def score_dates(
    articles: Sequence[BasilArticle], inferred: Sequence[Any | None], mentions: Sequence[Sequence[DateMention]],
    today: date,
) -> DateScores:
    """``inferred``: per article the date inferred from its text (an ``InferredDate`` or None);
    ``mentions``: its date mentions resolved against the gold date."""
    scores = DateScores(articles=len(articles), today=today.isoformat())
    for article, guess, found in zip(articles, inferred, mentions, strict=True):
        if guess is not None:
            scores.inferred += 1
            right, near = score_inference(article.date, guess.value, guess.precision)
            tally = scores.by_precision.setdefault(guess.precision, [0, 0])
            tally[0] += right
            tally[1] += 1
            scores.day_within_1 += near
            scores.year_right += guess.value[:4] == article.date[:4]
            if not right:
                scores.misses.append(DateMiss(article.id, article.date, guess.value, guess.evidence))
        score_mentions(scores, found)
    return scores


def evaluate_dates(data_dir: Path, today: date | None = None, docs: Sequence[Any] | None = None) -> DateScores:
    """Publication dates inferred from the text alone (``today`` bounds how recent one can be,
    as in the pipeline; default the real today), and mentions resolved against the gold date
    with the parse's tense, as the pipeline resolves them."""
    from ..annotate.annotator import grammatical_tense
    from ..annotate.timex import infer_publication, resolve_against

    articles = load_basil(data_dir)
    today = today or date.today()
    docs = docs if docs is not None else parse(articles)
    inferred = [infer_publication(a.text, today=today) for a in articles]
    mentions = [resolve_against(a.text, a.date, today, grammatical_tense(doc))[0]
                for a, doc in zip(articles, docs, strict=True)]
    return score_dates(articles, inferred, mentions, today)
