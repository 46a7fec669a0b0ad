"""Reading annotated named-entity corpora: factRuEval-2016 (Russian) and lang-uk's ner-uk (Ukrainian).

Both are read in place, every annotated text found anywhere under a folder, into :class:`NerDocument`
with gold spans typed ``PER``, ``ORG`` or ``LOC`` (the three types both corpora share; the rest, such
as ner-uk's ``DATE`` or ``JOB``, are left out).

- factRuEval: ``book_N.txt`` with ``book_N.spans`` (token spans: id, kind, start, length, ...) and
  ``book_N.objects`` (id, type, the span ids it is made of). An object covers its spans from the first
  start to the last end. ``LocOrg`` (a place named as an organisation, "Москвы" in "мэрии Москвы") is
  counted as a place, as the campaign's own scorer accepts either.
- ner-uk: ``NAME.txt`` with a Brat standoff ``NAME.ann`` (``T1<TAB>PERS 42 49<TAB>Устимко``, or
  the offsets tab-separated too).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

TYPES = ("PER", "ORG", "LOC")
FACTRUEVAL_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
NER_UK_TYPES = {"PERS": "PER", "ORG": "ORG", "LOC": "LOC"}


@dataclass(frozen=True)
class GoldEntity:
    start: int
    end: int
    type: str


@dataclass(frozen=True)
class NerDocument:
    name: str  # path relative to the corpus folder
    text: str
    entities: tuple[GoldEntity, ...]


def _factrueval(txt: Path, root: Path) -> NerDocument:
    text = txt.read_text(encoding="utf-8-sig")
    spans: dict[str, tuple[int, int]] = {}
    for line in txt.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 4:
            start = int(fields[2])
            spans[fields[0]] = (start, start + int(fields[3]))
    entities = set()
    for line in txt.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) < 3 or fields[1] not in FACTRUEVAL_TYPES:
            continue
        parts = [spans[i] for i in fields[2:] if i in spans]
        if parts:
            start, end = min(s for s, _ in parts), max(e for _, e in parts)
            entities.add(GoldEntity(start, end, FACTRUEVAL_TYPES[fields[1]]))
    return NerDocument(str(txt.relative_to(root)), text, tuple(sorted(entities, key=_order)))


def _ner_uk(txt: Path, root: Path) -> NerDocument:
    text = txt.read_text(encoding="utf-8")
    entities = set()
    for line in txt.with_suffix(".ann").read_text(encoding="utf-8").splitlines():
        # Brat's ``T1<TAB>PERS 42 49<TAB>text``; this corpus also separates the offsets by tabs.
        fields = line.split("\t")
        if not fields[0].startswith("T") or len(fields) < 3:
            continue
        head = " ".join(fields[1:-1]).split()  # between the id and the entity's text
        if len(head) != 3 or head[0] not in NER_UK_TYPES:
            continue
        entities.add(GoldEntity(int(head[1]), int(head[2]), NER_UK_TYPES[head[0]]))
    return NerDocument(str(txt.relative_to(root)), text, tuple(sorted(entities, key=_order)))


def _order(entity: GoldEntity) -> tuple[int, int, str]:
    return entity.start, entity.end, entity.type


def read_ner_corpus(folder: Path) -> Iterator[NerDocument]:
    """Every annotated text under ``folder``, in path order: a ``.txt`` with ``.spans`` and ``.objects``
    beside it is factRuEval's, one with ``.ann`` is ner-uk's; other texts are skipped."""
    if not folder.is_dir():
        raise InputError(str(folder), "no such folder; pass --data with the corpus folder")
    found = False
    for txt in sorted(folder.rglob("*.txt")):
        try:
            if txt.with_suffix(".objects").is_file() and txt.with_suffix(".spans").is_file():
                yield _factrueval(txt, folder)
            elif txt.with_suffix(".ann").is_file():
                yield _ner_uk(txt, folder)
            else:
                continue
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(str(txt), f"unreadable annotations ({exc}); check the corpus files") from None
        found = True
    if not found:
        raise InputError(
            str(folder),
            "no annotated texts: expected factRuEval's book_N.txt with .spans and .objects, or ner-uk's .txt with .ann",
        )
