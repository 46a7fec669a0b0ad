"""One name per referent across the corpus.

Each article's annotations give its entities a spelling-folded ``key``. This
corpus pass joins keys that name the same referent and picks a canonical name
and type for each group:

- keys are in Latin letters (Cyrillic is transliterated by ``fold``), so Песков, Пєсков and Peskov
  already share one; spellings made under other languages' romanisations ("Lukašenko", "Selenskyj",
  "Scioigu") are compared as the English romanisation would write them, and keys they meet join;
- full names join when their first and last words are spellings of one name
  (Alexander/Aleksandr Lukashenko, Sergey/Sergei Shoigu), a first name's Ukrainian and Russian
  forms counting as one (Dmytro/Dmitry, Volodymyr/Vladimir);
- a bare surname ("Putin" in an article that never gives the full name)
  joins the one full name in the corpus with that surname; when several
  people share it, the one whose articles name the same other entities wins,
  and with no clear winner the surname stays apart rather than merge two people;
- the type is the majority over all mentions, which corrects the tagger's
  slips (a city tagged as a person in one article);
- the name is the form most articles use, and every other spelling is kept with it
  (``CanonicalEntity.spellings``), so a reader sees "Peskov (also Песков, Пєсков)".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..schema import DateMention, Entity, Mention, from_json, to_json
from ..text.translit import has_cyrillic, romanisation_variants
from ..unionfind import UnionFind
from .annotator import Annotations
from .entities import fold, given_name, same_word, skeleton, surname
from .timex import InferredDate

_TYPES = ("person", "organisation", "place")
# Other spellings shown beside a canonical name: enough to recognise it in each script, no more.
SHOWN_SPELLINGS = 3


@dataclass(frozen=True)
class CanonicalEntity:
    id: str
    name: str
    type: str
    # Every spelling the corpus uses for it, in any script, most used first (the name among them).
    spellings: tuple[str, ...] = ()

    def other_spellings(self) -> tuple[str, ...]:
        """The spellings to show beside the name, most used first (see :func:`spellings_to_show`)."""
        return spellings_to_show(self.name, self.spellings)

    def label(self, limit: int = SHOWN_SPELLINGS) -> str:
        """The name with up to ``limit`` other spellings: "Dmitry Peskov (also Дмитрий Песков, Пєсков)"."""
        return labelled(self.name, self.spellings, limit)


def spellings_to_show(name: str, spellings: Sequence[str]) -> tuple[str, ...]:
    """The spellings worth showing beside ``name``, in their order (most used first): each one other
    than the name that is not just the last words of a longer spelling or of the name (Peskov of Dmitry
    Peskov). ``spellings`` may hold the name or not."""
    folded = [s.casefold().split() for s in spellings]
    longer = [*folded, name.casefold().split()]

    def shortens(words: list[str]) -> bool:
        return any(len(other) > len(words) and other[-len(words):] == words for other in longer)

    name = name.casefold()
    return tuple(s for s, words in zip(spellings, folded, strict=True)
                 if s.casefold() != name and not shortens(words))


def labelled(name: str, spellings: Sequence[str], limit: int = SHOWN_SPELLINGS) -> str:
    """``name`` with up to ``limit`` of its other spellings: "Dmitry Peskov (also Дмитрий Песков)"."""
    others = spellings_to_show(name, spellings)[:limit]
    return f"{name} (also {', '.join(others)})" if others else name


@dataclass
class _KeyStats:
    names: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)

    @property
    def type(self) -> str:
        return max(_TYPES, key=lambda t: (self.types.get(t, 0), -_TYPES.index(t)))


def slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", "-", plain).strip("-") or "entity"


# An article's entities: the records, or their JSON form (as an evaluation's cache keeps them).
EntityList = Sequence[Entity] | Sequence[Mapping[str, Any]]


def _entity_fields(entity: Entity | Mapping[str, Any]) -> tuple[str, str, str, int]:
    """(key, name, type, number of mentions) of an entity."""
    if isinstance(entity, Entity):
        return entity.key, entity.name, entity.type, len(entity.mentions)
    return entity["key"], entity["name"], entity["type"], len(entity["mentions"])


def canonicalise(articles: Iterable[tuple[str, EntityList]]) -> dict[str, CanonicalEntity]:
    """``articles``: (article id, its entities). Returns key -> canonical entity."""
    stats: dict[str, _KeyStats] = defaultdict(_KeyStats)
    for article_id, entities in articles:
        for entity in entities:
            key, name, kind, mentions = _entity_fields(entity)
            key_stats = stats[key]
            key_stats.names[name] += 1
            key_stats.types[kind] += mentions
            key_stats.articles.add(article_id)
    return canonicalise_stats(stats)


def key_counts(names: Mapping[str, int], types: Mapping[str, int], articles: Iterable[str]) -> _KeyStats:
    """One key's counts over the corpus, as :func:`canonicalise` gathers them (for a caller that
    aggregates them elsewhere): articles naming it with each spelling, mentions by type, its articles."""
    return _KeyStats(Counter(names), Counter(types), set(articles))


def canonicalise_stats(stats: Mapping[str, _KeyStats]) -> dict[str, CanonicalEntity]:
    """Key -> canonical entity from each key's corpus counts. The result does not depend on the order
    of ``stats`` or of the articles counted into it."""
    stats = dict(stats)
    groups: UnionFind[str] = UnionFind()
    spelt = _join_romanisations(stats, groups)
    _join_full_names(stats, groups, spelt)
    _join_single_words(stats, groups, spelt)
    _join_acronyms(stats, groups)
    return _name_groups(stats, groups)


def _join_romanisations(stats: dict[str, _KeyStats], groups: UnionFind[str]) -> dict[str, str]:
    """Join keys of one type that a spelling's English reading makes equal ("lukasenko", the key of
    "Lukašenko", meets "lukashenko"), and return each key as the other joins compare it: the English
    reading of its most used spelling that has one, else the key itself (always, for English names)."""
    spelt: dict[str, str] = {}
    by_reading: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in sorted(stats):
        key_stats = stats[key]
        readings = {key}
        for name in sorted(key_stats.names, key=lambda n: (-key_stats.names[n], n)):
            found = [fold(variant) for variant in romanisation_variants(name)]
            if found:
                spelt.setdefault(key, found[0])
            readings.update(found)
        spelt.setdefault(key, key)
        for reading in readings:
            by_reading[key_stats.type, reading].append(key)
    for keys in by_reading.values():
        for other in keys[1:]:
            groups.join(keys[0], other)
    return spelt


# A first name's Ukrainian and Russian forms (as English writes them) are one name: Dmytro Kuleba is
# Dmitry Kuleba in a Russian article, and Dmitry Peskov is Дмитро Пєсков in a Ukrainian one. Pairs whose
# folded forms are equal already (Andriy/Andrey, Yuriy/Yury) are left out.
_UKRAINIAN_FIRST_NAMES = {
    fold(ukrainian): fold(russian)
    for ukrainian, russian in (
        ("Volodymyr", "Vladimir"), ("Dmytro", "Dmitry"), ("Oleksandr", "Aleksandr"), ("Oleksiy", "Aleksey"),
        ("Serhiy", "Sergey"), ("Mykola", "Nikolay"), ("Mykhailo", "Mikhail"), ("Petro", "Pyotr"),
        ("Pavlo", "Pavel"), ("Hryhoriy", "Grigory"), ("Yevhen", "Yevgeny"), ("Ihor", "Igor"),
        ("Heorhiy", "Georgy"), ("Fedir", "Fyodor"), ("Vasyl", "Vasily"), ("Kyrylo", "Kirill"),
        ("Mykyta", "Nikita"), ("Oleh", "Oleg"), ("Bohdan", "Bogdan"), ("Hennadiy", "Gennady"),
        ("Olha", "Olga"), ("Olena", "Yelena"), ("Kateryna", "Yekaterina"), ("Tetiana", "Tatyana"),
    )
}


def _first_name(folded_word: str) -> str:
    """A folded first name in the form full names are compared by: nicknames expanded (bob -> robert),
    a Ukrainian form given as the Russian one (dmitro -> dmitri)."""
    full = given_name(folded_word)
    return _UKRAINIAN_FIRST_NAMES.get(full, full)


def _join_full_names(stats: dict[str, _KeyStats], groups: UnionFind[str], spelt: Mapping[str, str]) -> None:
    # Compared only within a bucket of the same first- and last-name consonants: no all-pairs step.
    by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, key_stats in stats.items():
        words = spelt[key].split()
        if len(words) > 1 and key_stats.type == "person":
            by_name[skeleton(_first_name(words[0])), skeleton(surname(spelt[key]))].append(key)
    for keys in by_name.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                sa, sb = spelt[a], spelt[b]
                if same_word(_first_name(sa.split()[0]), _first_name(sb.split()[0])) \
                        and same_word(surname(sa), surname(sb)) and _same_suffix(sa, sb):
                    groups.join(a, b)


def _same_suffix(a: str, b: str) -> bool:
    """Jesse Jackson and Jesse Jackson Jr. are two people: a generational suffix must agree."""
    def suffix(key: str) -> list[str]:
        words = key.split()
        return words[words.index(surname(key), 1) + 1 :] if surname(key) in words[1:] else []

    return suffix(a) == suffix(b)


def _join_single_words(stats: dict[str, _KeyStats], groups: UnionFind[str], spelt: Mapping[str, str]) -> None:
    members: dict[str, list[str]] = defaultdict(list)
    people_by_surname: dict[str, set[str]] = defaultdict(set)
    article_keys: dict[str, set[str]] = defaultdict(set)
    for key, key_stats in stats.items():
        root = groups.find(key)
        members[root].append(key)
        if len(spelt[key].split()) > 1 and key_stats.type == "person":
            people_by_surname[skeleton(surname(spelt[key]))].add(root)
        for article in key_stats.articles:
            article_keys[article].add(key)

    def neighbours(articles: Iterable[str]) -> set[str]:
        return {groups.find(k) for a in articles for k in article_keys[a]}

    def articles_of(root: str) -> set[str]:
        return {a for k in members.get(root, [root]) for a in stats[k].articles}

    singles_by_skeleton: dict[str, list[str]] = defaultdict(list)
    for key in sorted(k for k in stats if len(spelt[k].split()) == 1):
        key_stats = stats[key]
        word = spelt[key]
        if key_stats.type == "person":
            candidates = sorted(g for g in people_by_surname.get(skeleton(word), ())
                                if any(same_word(surname(spelt[m]), word) for m in members[g]))
            chosen = _by_context(key, candidates, articles_of, neighbours)
            if chosen:
                groups.join(key, chosen)
        elif len(word) >= 4:  # "Kiev" and "Kyiv": places and organisations spelt two ways
            bucket = singles_by_skeleton[skeleton(word)]
            twin = next((o for o in bucket if stats[o].type == key_stats.type and same_word(word, spelt[o])), None)
            if twin:
                groups.join(key, twin)
            bucket.append(key)


def _join_acronyms(stats: dict[str, _KeyStats], groups: UnionFind[str]) -> None:
    """"IRS" joins "Internal Revenue Service" when exactly one long form in the corpus spells it."""
    long_forms: dict[str, set[str]] = defaultdict(set)
    for key, key_stats in stats.items():
        name = _usual(key_stats.names)
        if len(name.split()) > 1 and key_stats.type != "person":
            long_forms["".join(w[0] for w in name.split() if w[:1].isupper())].add(groups.find(key))
    for key, key_stats in stats.items():
        name = _usual(key_stats.names)
        if name.isupper() and name.isalpha() and 2 <= len(name) <= 8 and key_stats.type != "person":
            targets = long_forms.get(name, set())
            if len(targets) == 1:
                groups.join(key, next(iter(targets)))


def _usual(names: Counter[str]) -> str:
    """The spelling most articles use; among equals the first in code-point order, whatever order
    the articles were read in."""
    return min(names, key=lambda n: (-names[n], n))


def _by_context(
    key: str,
    candidates: list[str],
    articles_of: Callable[[str], set[str]],
    neighbours: Callable[[Iterable[str]], set[str]],
) -> str | None:
    """The person a bare surname names: the only candidate, or the one whose articles
    share most other entities with the surname's articles (a clear winner only)."""
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    around = neighbours(articles_of(key)) - {key}
    scored = sorted(((len(around & neighbours(articles_of(c))), c) for c in candidates), reverse=True)
    return scored[0][1] if scored[0][0] > scored[1][0] else None


def _name_groups(stats: dict[str, _KeyStats], groups: UnionFind[str]) -> dict[str, CanonicalEntity]:
    members: dict[str, list[str]] = defaultdict(list)
    for key in stats:
        members[groups.find(key)].append(key)
    result: dict[str, CanonicalEntity] = {}
    used_ids: set[str] = set()
    for root in sorted(members):
        keys = members[root]
        names: Counter[str] = Counter()
        types: Counter[str] = Counter()
        for key in keys:
            names.update(stats[key].names)
            types.update(stats[key].types)
        kind = max(_TYPES, key=lambda t: (types.get(t, 0), -_TYPES.index(t)))
        # The fullest form most articles use: "Vladimir Putin" over "Putin"; between equals, the one in
        # Latin letters and then the English romanisation (Zelensky, not Selenskyj), which more readers know.
        name = max(names, key=lambda n: (len(n.split()) > 1, names[n], not has_cyrillic(n),
                                         not romanisation_variants(n), len(n), n))
        spellings = tuple(sorted(names, key=lambda n: (-names[n], n)))
        entity_id = slug(name)
        if entity_id in used_ids:
            entity_id = f"{entity_id}-{kind}"
        while entity_id in used_ids:
            entity_id += "-2"
        used_ids.add(entity_id)
        for key in keys:
            result[key] = CanonicalEntity(entity_id, name, kind, spellings)
    return result


@dataclass(frozen=True)
class AnnotatedEntity:
    """An entity of one article under its corpus id and canonical name, with all its mentions."""

    id: str
    name: str
    type: str
    mentions: tuple[Mention, ...]
    # Every other spelling the corpus uses for it, in any script, most used first.
    spellings: tuple[str, ...] = ()

    def also(self, limit: int = SHOWN_SPELLINGS) -> tuple[str, ...]:
        """Up to ``limit`` other spellings to show beside the name (see :func:`spellings_to_show`)."""
        return spellings_to_show(self.name, self.spellings)[:limit]

    def label(self, limit: int = SHOWN_SPELLINGS) -> str:
        """The name with up to ``limit`` other spellings: "Dmitry Peskov (also Дмитрий Песков)"."""
        return labelled(self.name, self.spellings, limit)


@dataclass(frozen=True)
class AnnotatedLabel:
    """A label, attached to the entity's corpus id."""

    text: str
    start: int
    end: int
    kind: str
    entity: str


@dataclass(frozen=True)
class AnnotatedQuote:
    """A quote; ``speaker`` is the canonical name of the entity that said it, ``speaker_text`` the words
    the article names the speaker with."""

    text: str
    start: int
    end: int
    kind: str
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None
    speaker: str | None
    speaker_entity: str | None
    speaker_text: str | None
    parts: tuple[tuple[int, int], ...] = ()  # the quoted words inside reported speech


@dataclass(frozen=True)
class CanonicalAnnotations:
    """An article's stored annotations in the export's terms (fields in the export's order)."""

    sentences: tuple[tuple[int, int], ...]
    entities: tuple[AnnotatedEntity, ...]
    labels: tuple[AnnotatedLabel, ...]
    dates: tuple[DateMention, ...]
    quotes: tuple[AnnotatedQuote, ...]
    notes: tuple[str, ...]
    published: InferredDate | None


def canonical_annotations(annotations: Annotations, index: dict[str, tuple[str, str, str]],
                          spellings: Mapping[str, Sequence[str]] | None = None) -> CanonicalAnnotations:
    """An article's stored annotations in the export's terms: entities under their corpus id
    and canonical name (two article entities the corpus joined become one), labels by
    entity id, quote speakers by canonical name. ``spellings``: entity id -> every spelling the
    corpus uses (as the store keeps them); each entity gets those other than its name."""
    spellings = spellings or {}

    def resolve(key: str, fallback_name: str, fallback_type: str) -> tuple[str, str, str]:
        return index.get(key) or (slug(fallback_name), fallback_name, fallback_type)

    mentions: dict[str, list[Mention]] = {}
    named: dict[str, tuple[str, str]] = {}
    names: dict[str, tuple[str, str, str]] = {}
    for entity in annotations.entities:
        entity_id, name, kind = resolve(entity.key, entity.name, entity.type)
        names[entity.key] = (entity_id, name, kind)
        named.setdefault(entity_id, (name, kind))
        mentions.setdefault(entity_id, []).extend(entity.mentions)
    entities = [AnnotatedEntity(entity_id, *named[entity_id], tuple(sorted(found, key=lambda m: m.start)),
                                tuple(s for s in spellings.get(entity_id, ()) if s != named[entity_id][0]))
                for entity_id, found in mentions.items()]
    labels = tuple(AnnotatedLabel(label.text, label.start, label.end, label.kind, names[label.entity][0])
                   for label in annotations.labels if label.entity in names)
    quotes = []
    for quote in annotations.quotes:
        speaker = names.get(quote.speaker_key or "")
        quotes.append(AnnotatedQuote(quote.text, quote.start, quote.end, quote.kind, quote.speaker_start,
                                quote.speaker_end, quote.cue, speaker[1] if speaker else None,
                                speaker[0] if speaker else None, quote.speaker, quote.parts))
    return CanonicalAnnotations(
        sentences=annotations.sentences,
        entities=tuple(sorted(entities, key=lambda e: e.mentions[0].start if e.mentions else 0)),
        labels=labels,
        dates=annotations.dates,
        quotes=tuple(quotes),
        notes=annotations.notes,
        published=annotations.published,
    )


def canonical_annotations_json(data: dict[str, Any], index: dict[str, tuple[str, str, str]]) -> dict[str, Any]:
    """:func:`canonical_annotations` of stored annotations in their JSON form, as JSON: ``entities``,
    ``labels``, ``dates`` and ``quotes``."""
    found = canonical_annotations(from_json(Annotations, data), index)
    return {"entities": to_json(found.entities), "labels": to_json(found.labels),
            "dates": to_json(found.dates), "quotes": to_json(found.quotes)}


# A row of the store's entity index: (key, entity id, name, type, every spelling of the entity, most
# used first). The spellings are the entity's, the same in each of its keys' rows.
IndexRow = tuple[str, str, str, str, tuple[str, ...]]


def index_rows(canonical: Mapping[str, CanonicalEntity]) -> list[IndexRow]:
    """The store's entity index rows for key -> canonical entity, by key."""
    return [(key, c.id, c.name, c.type, c.spellings) for key, c in sorted(canonical.items())]


def rebuild_index(entity_lists: Iterable[tuple[str, EntityList]]) -> list[IndexRow]:
    """Rows for the store's entity index (see :data:`IndexRow`)."""
    return index_rows(canonicalise(entity_lists))
