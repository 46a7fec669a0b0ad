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

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

TYPES = ("PER", "ORG", "LOC")
FACTRUEVAL_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
NER_UK_TYPES = {"PERS": "PER", "ORG": "ORG", "LOC": "LOC"}
Span = tuple[int, int]


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


# -- the files, line by line (also read by the role-label, date and sentence evaluations) -----------
def factrueval_spans(path: Path) -> dict[str, tuple[str, Span]]:
    """A ``.spans`` file: span id -> (kind, such as ``name`` or ``job``; [start, end))."""
    spans = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 4:
            start = int(fields[2])
            spans[fields[0]] = (fields[1], (start, start + int(fields[3])))
    return spans


def factrueval_objects(path: Path, spans: dict[str, tuple[str, Span]]) -> dict[str, tuple[str, list[Span]]]:
    """An ``.objects`` file: object id -> (type, such as ``Person``; the spans it is made of)."""
    objects = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 3:
            objects[fields[0]] = (fields[1], [spans[i][1] for i in fields[2:] if i in spans])
    return objects


def factrueval_sentence_starts(path: Path) -> list[int]:
    """A ``.tokens`` file (one token a line, a blank line between sentences): where each sentence starts."""
    starts, new = [], True
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if not fields:
            new = True
        elif new and len(fields) >= 2 and fields[1].isdigit():
            starts.append(int(fields[1]))
            new = False
    return starts


def ner_uk_spans(path: Path, kinds: Iterable[str]) -> list[tuple[str, Span]]:
    """A Brat ``.ann`` file's text-bound annotations of ``kinds``: (kind, [start, end)), in file order."""
    wanted = set(kinds)
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        # Brat's ``T1<TAB>PERS 42 49<TAB>text``; this corpus also separates the offsets by tabs.
        fields = line.split("\t")
        if not fields[0].startswith("T") or len(fields) < 3:
            continue
        head = " ".join(fields[1:-1]).split()  # between the id and the entity's text
        if len(head) == 3 and head[0] in wanted:
            found.append((head[0], (int(head[1]), int(head[2]))))
    return found


def ner_uk_texts(folder: Path) -> list[Path]:
    """Every ner-uk text under ``folder`` (a ``.txt`` with its ``.ann``), in path order."""
    texts = sorted(t for t in folder.rglob("*.txt") if t.with_suffix(".ann").exists())
    if not texts:
        raise InputError(str(folder), "no ner-uk documents (NAME.txt with NAME.ann) found; pass the ner-uk folder")
    return texts


# -- the gold entities -----------------------------------------------------------------------------
def _factrueval(txt: Path, root: Path) -> NerDocument:
    text = txt.read_text(encoding="utf-8-sig")
    objects = factrueval_objects(txt.with_suffix(".objects"), factrueval_spans(txt.with_suffix(".spans")))
    entities = {GoldEntity(min(s for s, _ in parts), max(e for _, e in parts), FACTRUEVAL_TYPES[kind])
                for kind, parts in objects.values() if kind in FACTRUEVAL_TYPES and parts}
    return NerDocument(str(txt.relative_to(root)), text, tuple(sorted(entities, key=_order)))


def _ner_uk(txt: Path, root: Path) -> NerDocument:
    text = txt.read_text(encoding="utf-8")
    entities = {GoldEntity(start, end, NER_UK_TYPES[kind])
                for kind, (start, end) in ner_uk_spans(txt.with_suffix(".ann"), NER_UK_TYPES)}
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
