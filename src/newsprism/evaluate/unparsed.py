"""Russian and Ukrainian reading without a parse, scored on labelled corpora read in place.

- Role labels (:mod:`newsprism.annotate.role_labels`) against the job descriptors annotated beside
  people: factRuEval-2016's ``job`` spans and ``Occupation`` facts (who holds which position), and
  lang-uk ner-uk's ``JOB`` spans. The people are the corpora's own person annotations, so the score is
  that of the labeller given the right names. A label is right when it overlaps an annotated job span
  (factRuEval: and, for an Occupation fact's position, belongs to that fact's person); a job span next
  to a person's name (a comma, a bracket or nothing between) is found when a label overlaps it.
- Dates in words (:mod:`newsprism.annotate.timex` with ``language="uk"``) against ner-uk's ``DATE``
  spans, by overlap. ner-uk does not mark "сьогодні", "вчора" and "завтра" consistently: precision is
  given with and without them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..schema import Entity, Mention
from ..text.metrics import f1, ratio
from .ner_corpora import factrueval_objects, factrueval_spans, ner_uk_spans, ner_uk_texts

Span = tuple[int, int]


@dataclass(frozen=True)
class RoleDocument:
    name: str
    text: str
    entities: tuple[Entity, ...]  # people, organisations and places, as the corpus annotates them
    jobs: tuple[Span, ...]
    # (person key, position span) for each annotated occupation.
    occupations: tuple[tuple[str, Span], ...] = ()


_FACTRUEVAL_TYPES = {"Person": "person", "Org": "organisation", "Location": "place", "LocOrg": "place"}


def _chain_name(block: list[str], fallback: str) -> str:
    """A coreference chain's name in its normal form: "firstname Юрий", "lastname Лужков" or "name Москва"."""
    fields = {key: value for key, _, value in (line.partition(" ") for line in block[1:]) if value}
    person = " ".join(fields[k] for k in ("firstname", "patronymic", "lastname") if k in fields)
    return person or fields.get("name") or fallback


def read_factrueval_roles(folder: Path) -> Iterator[RoleDocument]:
    """factRuEval's documents with their entities (one per coreference chain, named by the chain's normal
    form), job spans and occupation facts."""
    texts = sorted(t for t in folder.rglob("*.txt") if t.with_suffix(".spans").exists())
    if not texts:
        raise InputError(str(folder), "no factRuEval texts (book_N.txt with .spans) found; pass the factRuEval folder")
    for txt in texts:
        text = txt.read_text("utf-8-sig")
        spans = factrueval_spans(txt.with_suffix(".spans"))
        objects = factrueval_objects(txt.with_suffix(".objects"), spans)
        entities = []
        coref = txt.with_suffix(".coref")
        for block in coref.read_text("utf-8").split("\n\n") if coref.exists() else []:
            lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
            if not lines:
                continue
            head = lines[0].split()
            found = [(objects[i][0], objects[i][1]) for i in head[1:] if i in objects and objects[i][1]]
            kinds = [_FACTRUEVAL_TYPES[k] for k, _ in found if k in _FACTRUEVAL_TYPES]
            if not kinds:
                continue
            mentions = sorted({(min(s for s, _ in parts), max(e for _, e in parts)) for _, parts in found})
            entities.append(Entity(f"obj{head[0]}", _chain_name(lines, text[mentions[0][0] : mentions[0][1]]),
                                   kinds[0], tuple(Mention(s, e, text[s:e]) for s, e in mentions)))  # type: ignore[arg-type]
        jobs = tuple(sorted(span for kind, span in spans.values() if kind == "job"))
        occupations = []
        facts = txt.with_suffix(".facts")
        for block in facts.read_text("utf-8").split("\n\n") if facts.exists() else []:
            rows = [line.split() for line in block.strip().split("\n") if line.strip()]
            if not rows or len(rows[0]) < 2 or rows[0][1] != "Occupation":
                continue
            who = next((f[1] for f in rows if f[0] == "Who" and len(f) > 1), None)
            position = next((f[1] for f in rows if f[0] == "Position" and len(f) > 1), None)
            if who and position and position.startswith("span") and position[4:] in spans:
                occupations.append((who, spans[position[4:]][1]))
        yield RoleDocument(str(txt.relative_to(folder)), text, tuple(entities), jobs, tuple(occupations))


_NER_UK_TYPES = {"PERS": "person", "ORG": "organisation", "LOC": "place"}


def read_ner_uk_roles(folder: Path) -> Iterator[RoleDocument]:
    """ner-uk's documents with each annotated name as its own entity (the corpus has no coreference or
    normal forms) and the JOB spans."""
    for txt in ner_uk_texts(folder):
        text = txt.read_text("utf-8")
        found = ner_uk_spans(txt.with_suffix(".ann"), ("PERS", "ORG", "LOC", "JOB"))
        entities = tuple(Entity(f"e{i}", text[s:e], _NER_UK_TYPES[kind], (Mention(s, e, text[s:e]),))  # type: ignore[arg-type]
                         for i, (kind, (s, e)) in enumerate(found) if kind in _NER_UK_TYPES)
        jobs = tuple(sorted(span for kind, span in found if kind == "JOB"))
        yield RoleDocument(str(txt.relative_to(folder)), text, entities, jobs)


@dataclass(frozen=True)
class RoleScores:
    labels: int
    on_a_job: int  # labels overlapping an annotated job span
    beside: int  # job spans next to a person's name
    found: int  # of those, overlapped by a label
    occupations: int  # labels on an occupation's position (factRuEval)
    right_person: int  # of those, on that occupation's person
    listed: int = 0  # labels holding a role word of the shipped list (the others: found in the dictionary)
    listed_on_a_job: int = 0

    @property
    def precision(self) -> float:
        return self.on_a_job / self.labels if self.labels else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.beside if self.beside else 0.0

    @property
    def attachment(self) -> float:
        return self.right_person / self.occupations if self.occupations else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    @property
    def listed_precision(self) -> float:
        return ratio(self.listed_on_a_job, self.listed)

    @property
    def from_dictionary(self) -> int:
        return self.labels - self.listed

    @property
    def from_dictionary_on_a_job(self) -> int:
        return self.on_a_job - self.listed_on_a_job

    @property
    def dictionary_precision(self) -> float:
        return ratio(self.from_dictionary_on_a_job, self.from_dictionary)

    def to_dict(self) -> dict[str, Any]:
        return {"labels": self.labels, "precision": self.precision, "job spans beside a name": self.beside,
                "recall": self.recall, "f1": self.f1, "labels on an occupation": self.occupations,
                "attachment": self.attachment,
                "by_source": {"list": {"labels": self.listed, "precision": self.listed_precision},
                              "dictionary": {"labels": self.from_dictionary,
                                             "precision": self.dictionary_precision}}}


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


_BESIDE = re.compile(r"^[ \t]*(?:,|\(|\)|—|–)?[ \t]*$")


def _beside(text: str, job: Span, people: Iterable[Span]) -> bool:
    """A job span with a person's name right after it, or set off by a comma or bracket before or after."""
    for start, end in people:
        gap = text[job[1] : start] if job[1] <= start else text[end : job[0]] if end <= job[0] else None
        if gap is not None and len(gap) <= 40 and _BESIDE.match(gap):
            return True
    return False


def score_role_labels(documents: Iterable[RoleDocument], language: str) -> RoleScores:
    from ..annotate.role_labels import find_role_labels, holds_listed_role_word

    labels = on_job = beside = found = occupations = right = listed = listed_on_job = 0
    for doc in documents:
        predicted = find_role_labels(doc.text, language, doc.entities)
        names = [(m.start, m.end) for e in doc.entities if e.type == "person" for m in e.mentions]
        labels += len(predicted)
        for lab in predicted:
            hit = any(_overlaps((lab.start, lab.end), job) for job in doc.jobs)
            on_job += hit
            if holds_listed_role_word(lab.text, language):
                listed += 1
                listed_on_job += hit
        for job in doc.jobs:
            if _beside(doc.text, job, names):
                beside += 1
                found += any(_overlaps((lab.start, lab.end), job) for lab in predicted)
        for lab in predicted:
            owners = {who for who, span in doc.occupations if _overlaps((lab.start, lab.end), span)}
            if owners:
                occupations += 1
                right += lab.entity in owners
    return RoleScores(labels, on_job, beside, found, occupations, right, listed, listed_on_job)


@dataclass(frozen=True)
class DateScores:
    gold: int
    predicted: int
    gold_found: int
    predicted_right: int
    predicted_without_days: int  # predictions other than today / yesterday / tomorrow
    right_without_days: int

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.predicted_right / self.predicted if self.predicted else 0.0

    @property
    def precision_without_days(self) -> float:
        return self.right_without_days / self.predicted_without_days if self.predicted_without_days else 0.0

    def to_dict(self) -> dict[str, float]:
        return {"gold": self.gold, "predicted": self.predicted, "recall": self.recall, "precision": self.precision,
                "precision without today/yesterday/tomorrow": self.precision_without_days}


def score_ner_uk_dates(folder: Path) -> DateScores:
    """Dates found in ner-uk's Ukrainian texts against its DATE spans."""
    from ..annotate.date_words import UKRAINIAN
    from ..annotate.timex import find_dates

    days = {word.lower() for word in UKRAINIAN.days}
    gold = predicted = gold_found = right = other = other_right = 0
    for txt in ner_uk_texts(folder):
        text = txt.read_text("utf-8")
        spans = [span for _, span in ner_uk_spans(txt.with_suffix(".ann"), ("DATE",))]
        found = [(m.start, m.end) for m in find_dates(text, None, "uk")]
        gold += len(spans)
        predicted += len(found)
        gold_found += sum(any(_overlaps(g, p) for p in found) for g in spans)
        for p in found:
            hit = any(_overlaps(p, g) for g in spans)
            right += hit
            if text[p[0] : p[1]].lower() not in days:
                other += 1
                other_right += hit
    return DateScores(gold, predicted, gold_found, right, other, other_right)
