"""Russian people, organisations and places, each with its name in the nominative.

natasha's news tagger (slovnet over navec word vectors, both shipped inside the packages) finds the
names. A few rules then make its spans name what they name, as factRuEval-2016 marks them (the rules
were chosen on one half of its documents; see ``newsprism eval ner`` and docs/benchmarks.md):

- a span never runs across a line break, a bullet, a bracket, a comma or a semicolon ("Овечкин,
  Фёдоров" is two people, "Барри Лоуенкрон (Barry Lowenkron)" two mentions of one);
- a person's span whose first word is in another case than the rest of the name starts with a place
  or an organisation the tagger ran into the name ("Норвассии" + "Ильмар Васко");
- an organisation followed at once by a place or an organisation is one organisation with it
  ("Правительства" + "РФ"), and the second keeps its own span;
- a word naming the kind of organisation or place before a name joins the span ("компании Microsoft",
  "реки Славянки"), and one before a place makes an organisation ("правительства Израиля", while
  "Израиля" stays a place), with the adjectives that agree with it ("шахматная федерация").

Normal forms come from natasha's morphology tagger (case, gender and number of each word in its
sentence) and pymorphy3's dictionary: every word of a person's name is put in the nominative ("Анны
Ивановой" -> "Анна Иванова"); an organisation's or place's head noun and the adjectives before it are,
and the words that depend on it stay as written ("Министерства иностранных дел" -> "Министерство
иностранных дел"). A kind word is not part of the name ("компании Microsoft" is "Microsoft").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..errors import MissingDependencyError
from .spans import EntitySpan, SpanType

INSTALL = "pip install 'natasha>=1.6,<2' 'pymorphy3>=2,<3' pymorphy3-dicts-ru 'threadpoolctl>=3,<4'"
# The tagger reads a text in pieces of whole lines about this long, so its memory stays flat on any input.
PIECE_CHARS = 4000

# Words naming a kind of organisation or place: before a name they are part of the mention.
ORGANISATION_KINDS = frozenset(
    """компания корпорация концерн фирма холдинг группа банк фонд агентство служба пресс-служба министерство
    ведомство комитет комиссия совет правительство администрация мэрия парламент сенат дума палата суд
    прокуратура партия движение союз организация объединение ассоциация федерация сборная команда клуб
    театр музей университет институт академия школа завод фабрика комбинат газета журнал издание телеканал
    радиостанция канал штаб управление департамент отдел центр лаборатория больница церковь епархия
    профсоюз альянс блок фракция представительство посольство консульство миссия дипмиссия делегация
    руководство медиакомпания телекомпания авиакомпания госкорпорация инспекция полиция армия""".split()
)
PLACE_KINDS = frozenset(
    """город село деревня посёлок поселок станица район область край республика штат провинция округ улица
    проспект площадь переулок бульвар шоссе набережная река озеро море океан залив остров полуостров
    архипелаг гора хребет мыс пролив долина лес парк аэропорт порт вокзал станция регион столица""".split()
)
# Marks no name runs across.
_SEPARATORS = re.compile(r"[\n•·|;()\[\],]")
_OPENING_QUOTES = "«„“\""
_WORD_BEFORE = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*)([ \u00a0]*[«„“\"]?)$")
_LETTER = re.compile(r"[^\W\d_]")
_KIND_WINDOW = 40
# Words tagged either side of a span: the tagger's reach (3) plus the kind word and adjectives before it.
_CONTEXT = 6

_CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
_TAGGER_CASES = {dictionary_case: tagger_case for tagger_case, dictionary_case in _CASES.items()}
_CASE_VARIANTS = {"gen1": "gent", "gen2": "gent", "loc1": "loct", "loc2": "loct", "acc2": "accs", "voct": "nomn"}
_GENDERS = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}
_NUMBERS = {"Sing": "sing", "Plur": "plur"}
_PARTS_OF_SPEECH = {"NOUN": ("NOUN",), "PROPN": ("NOUN",), "ADJ": ("ADJF", "PRTF")}


@dataclass(frozen=True)
class Models:
    segmenter: Any
    ner: Any
    morph: Any
    dictionary: Any
    # Every inflected form of the kind words, with the type of what they name.
    kinds: dict[str, SpanType]
    # The taggers' small matrix products run in this process's one thread: BLAS threads would only
    # contend with the other annotation processes (and cost four times as much on a busy machine).
    blas: Any


# pymorphy3's marks of a proper name (first name, surname, patronymic, place, organisation) and of
# abbreviations and initials.
NAME_MARKS = ("Name", "Surn", "Patr", "Geox", "Orgn")
SHORT_MARKS = ("Abbr", "Init")


def dictionary_readings(dictionary: Any, word: str) -> list[Any]:
    """pymorphy3's readings of ``word`` that its dictionary holds, likeliest first; not the ones it
    guesses from the ending of a word it does not know."""
    return [p for p in dictionary.parse(word) if type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"]


@lru_cache(maxsize=1)
def word_resources() -> tuple[Any, Any]:
    """natasha's news word vectors (navec) and pymorphy3's Russian dictionary, loaded once per process."""
    try:
        import natasha
        import pymorphy3
    except ImportError as exc:
        raise MissingDependencyError(
            f"reading Russian and Ukrainian needs natasha and pymorphy3 ({exc.name} is not installed); run: {INSTALL}"
        ) from None
    embedding = natasha.NewsEmbedding()
    try:
        dictionary = pymorphy3.MorphAnalyzer(lang="ru")
    except (ValueError, OSError):
        raise MissingDependencyError(f"pymorphy3's Russian dictionary is not installed; run: {INSTALL}") from None
    return embedding, dictionary


@lru_cache(maxsize=1)
def models() -> Models:
    """natasha's segmenter, news NER and morphology taggers and pymorphy3's dictionary, loaded once per process."""
    embedding, dictionary = word_resources()
    import natasha
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError as exc:
        raise MissingDependencyError(
            f"reading Russian needs threadpoolctl ({exc.name} is not installed); run: {INSTALL}"
        ) from None
    return Models(natasha.Segmenter(), natasha.NewsNERTagger(embedding), natasha.NewsMorphTagger(embedding),
                  dictionary, _kind_forms(dictionary), ThreadpoolController())


def _kind_forms(dictionary: Any) -> dict[str, SpanType]:
    forms: dict[str, SpanType] = {}
    groups: tuple[tuple[frozenset[str], SpanType], ...] = ((PLACE_KINDS, "LOC"), (ORGANISATION_KINDS, "ORG"))
    for kinds, kind in groups:
        for lemma in kinds:
            for reading in dictionary.parse(lemma):
                if reading.tag.POS == "NOUN" and reading.normal_form == lemma:
                    forms.update((form.word, kind) for form in reading.lexeme)
                    break
            forms[lemma] = kind
    return forms


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    pos: str = ""
    feats: tuple[tuple[str, str], ...] = ()

    def feat(self, name: str) -> str | None:
        return dict(self.feats).get(name)


@dataclass(frozen=True)
class Found:
    """A tagged span; ``name_start``/``name_end`` mark the part that names it, without a kind word
    ("компании Microsoft" names Microsoft)."""

    start: int
    end: int
    type: SpanType
    name_start: int
    name_end: int


def russian_entities(text: str, rules: bool = True) -> list[EntitySpan]:
    """Every person, organisation and place named in ``text``. ``rules=False`` gives natasha's spans as
    it tags them (still with normal forms), for comparison in the evaluation."""
    if not _LETTER.search(text):
        return []
    m = models()
    with m.blas.limit(limits=1, user_api="blas"):
        found = [Found(s, e, t, s, e) for s, e, t in _tagged(text, m.ner)]
        if rules:
            found = [piece for span in found for piece in _split(text, span)]
        words = _words(text, found, m)
    if rules:
        found = _case_disagreements(found, words, m.dictionary)
        found = _kind_words(text, _merged(text, found), m.kinds)
        found = _agreeing_adjectives(text, found, words)
    unique = sorted(set(found), key=lambda f: (f.start, -f.end, f.type))
    ordered = sorted(words.values(), key=lambda w: w.start)
    spans = [EntitySpan(f.start, f.end, f.type, normal_form(text, f, ordered, m.dictionary)) for f in unique]
    return _bare_surnames(text, spans, m.dictionary)


def _pieces(text: str) -> Iterator[tuple[int, int]]:
    """Pieces of about ``PIECE_CHARS``, cut at a line break where there is one, else at a sentence's end
    or a space, so that the tagger's memory stays flat on any input."""
    start = 0
    while start < len(text):
        end = _piece_end(text, start)
        yield start, end
        start = end


def _piece_end(text: str, start: int) -> int:
    limit = start + PIECE_CHARS
    if limit >= len(text):
        return len(text)
    for mark, earliest in (("\n", start + 1), (". ", start + PIECE_CHARS // 2), (" ", start + PIECE_CHARS // 2)):
        at = text.rfind(mark, earliest, limit)
        if at >= 0:
            return at + len(mark)
    return limit


def _tagged(text: str, ner: Any) -> Iterator[tuple[int, int, SpanType]]:
    pieces = [(s, e) for s, e in _pieces(text) if _LETTER.search(text, s, e)]
    for (offset, _), markup in zip(pieces, ner.map([text[s:e] for s, e in pieces])):
        for span in markup.spans:
            if span.type in ("PER", "ORG", "LOC"):
                yield offset + span.start, offset + span.stop, span.type


def _split(text: str, span: Found) -> Iterator[Found]:
    """The span cut at every mark no name runs across, each piece trimmed to its letters."""
    cuts = [span.start, *(m for sep in _SEPARATORS.finditer(text, span.start, span.end)
                          for m in (sep.start(), sep.end())), span.end]
    for start, end in zip(cuts[::2], cuts[1::2]):
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".»\"”"):
            end -= 1
        if _LETTER.search(text, start, end):
            yield Found(start, end, span.type, start, end)


def _case_disagreements(found: list[Found], words: dict[int, Word], dictionary: Any) -> list[Found]:
    """A person's name is in one case and number throughout; a leading word that the dictionary cannot
    read in the case and number of the rest is another name the tagger ran into the person's
    ("президент Норвассии Ильмар Васко": a genitive, then the man in the nominative). It is cut off as a
    place, or an organisation when written in capitals ("главы МИД Сергей Лавров")."""
    out = []
    for span in found:
        inside = sorted((w for w in words.values() if span.start <= w.start and w.end <= span.end),
                        key=lambda w: w.start)
        if span.type != "PER" or len(inside) < 3 or any(w.pos == "PUNCT" for w in inside):
            out.append(span)
            continue
        first, rest = inside[0], inside[1:]
        forms = {(_CASES.get(w.feat("Case") or ""), _NUMBERS.get(w.feat("Number") or "")) for w in rest}
        if len(forms) != 1 or None in (form := next(iter(forms))) or not first.text[:1].isupper():
            out.append(span)
            continue
        nouns = [r for r in dictionary.parse(first.text.lower()) if r.tag.POS == "NOUN"]
        # An unknown word is also guessed to be an indeclinable name; when it declines, that guess is moot.
        declined = [r for r in nouns if "Fixd" not in r.tag] or nouns
        readings = [(_CASE_VARIANTS.get(str(r.tag.case), r.tag.case), r.tag.number) for r in declined]
        if readings and form not in readings:
            out.append(Found(first.start, first.end, "ORG" if first.text.isupper() else "LOC", first.start, first.end))
            out.append(Found(rest[0].start, span.end, "PER", rest[0].start, span.end))
            # The tagger read the word in the name's case; its normal form follows the dictionary's reading.
            # After a role noun a name is in the genitive ("президент России"): that reading first.
            case, number = next((r for r in readings if r[0] == "gent"), readings[0])
            words[first.start] = replace(first, pos="NOUN", feats=(("Case", _TAGGER_CASES[case]),
                                                                  ("Number", "Sing" if number == "sing" else "Plur")))
        else:
            out.append(span)
    return out


def _merged(text: str, found: list[Found]) -> list[Found]:
    """An organisation followed by a place or an organisation ("Правительства РФ", "обкома КПСС") is one
    organisation; the second name keeps its own span too."""
    found = sorted(found, key=lambda f: (f.start, f.end))
    merged = []
    for i, span in enumerate(found):
        following = found[i + 1] if i + 1 < len(found) else None
        if span.type == "ORG" and following is not None and following.type != "PER" and following.start > span.end \
                and text[span.end:following.start].strip(" \u00a0") == "":
            merged.append(Found(span.start, following.end, "ORG", span.start, following.end))
        else:
            merged.append(span)
    return merged


def _kind_words(text: str, found: list[Found], kinds: dict[str, SpanType]) -> list[Found]:
    out = []
    for span in found:
        # Only the few characters before the span can hold its kind word: a regex ending at the span
        # searched from the text's start would cost the whole text per span.
        window = max(0, span.start - _KIND_WINDOW)
        before = _WORD_BEFORE.search(text[window:span.start])
        kind = kinds.get(before.group(1).lower()) if before else None
        if before is None or kind is None:
            out.append(span)
            continue
        # "партии «Яблоко»": the closing quote goes with the opening one.
        end = span.end + 1 if before.group(2).strip() and text[span.end:span.end + 1] in "»“”\"" else span.end
        if kind == "ORG" and span.type == "LOC":
            # "правительства Израиля": the organisation is named by the place, which stays a place.
            out.extend((span, Found(window + before.start(), end, "ORG", window + before.start(), end)))
        elif kind == span.type:
            out.append(replace(span, start=window + before.start(), end=end))
        else:
            out.append(span)
    return out


def _agreeing_adjectives(text: str, found: list[Found], words: dict[int, Word]) -> list[Found]:
    """Lower-case adjectives right before an organisation, agreeing with its first word, join it
    ("японского МИДа", "Генеральная прокуратура"); they are part of its name unless a kind word is between."""
    by_end = {w.end: w for w in words.values()}
    out = []
    for span in found:
        first = words.get(span.start)
        start = span.start
        while span.type == "ORG" and first is not None:
            gap = start
            while gap > 0 and text[gap - 1] in " \u00a0" + _OPENING_QUOTES:
                gap -= 1
            word = by_end.get(gap)
            if word is None or word.pos != "ADJ" or not word.text[:1].islower() or "\n" in text[word.end:start] \
                    or (word.feat("Case"), word.feat("Number")) != (first.feat("Case"), first.feat("Number")):
                break
            start = word.start
        name_start = start if span.name_start == span.start else span.name_start
        out.append(replace(span, start=start, name_start=name_start))
    return out


def _words(text: str, found: list[Found], m: Models) -> dict[int, Word]:
    """The words around every span, by their start, with natasha's tags.

    The morphology tagger's reach is three words either side (three convolutions of width three), so
    tagging a window of ``_CONTEXT`` words around a span, within its sentence, tags the span and the
    words just before it as tagging the whole sentence would, at a fraction of the cost."""
    if not found:
        return {}
    tokens = list(m.segmenter.tokenize(text))
    starts = [t.start for t in tokens]
    sentence_of = [0] * len(tokens)
    for number, sentence in enumerate(m.segmenter.sentenize(text)):
        for i in range(bisect_left(starts, sentence.start), bisect_left(starts, sentence.stop)):
            sentence_of[i] = number
    wanted: set[int] = set()
    for span in found:
        first, last = bisect_left(starts, span.start), max(bisect_left(starts, span.end) - 1, 0)
        for i in range(max(0, first - _CONTEXT), min(len(tokens), last + _CONTEXT + 1)):
            if sentence_of[i] in (sentence_of[first], sentence_of[min(last, len(tokens) - 1)]):
                wanted.add(i)
    windows: list[list[int]] = []
    for i in sorted(wanted):
        if windows and windows[-1][-1] == i - 1 and sentence_of[i] == sentence_of[i - 1]:
            windows[-1].append(i)
        else:
            windows.append([i])
    words: dict[int, Word] = {}
    for window, markup in zip(windows, m.morph.map([[tokens[i].text for i in w] for w in windows])):
        for i, tagged in zip(window, markup.tokens):
            token = tokens[i]
            words[token.start] = Word(token.start, token.stop, token.text, tagged.pos,
                                      tuple(sorted(tagged.feats.items())))
    return words


def normal_form(text: str, span: Found, words: Sequence[Word], dictionary: Any) -> str:
    """The name of ``span`` in the nominative, as the module docstring describes; ``words`` are the
    tagged words in text order."""
    first = bisect_left(words, span.name_start, key=lambda w: w.start)
    last = bisect_left(words, span.name_end, key=lambda w: w.start)
    name_words = [w for w in words[first:last] if w.end <= span.name_end]
    if not name_words:
        return text[span.name_start:span.name_end]
    inflect = {id(w) for w in name_words} if span.type == "PER" else {id(w) for w in _head_and_modifiers(name_words)}
    pieces = []
    for i, word in enumerate(name_words):
        pieces.append(nominative(word, dictionary) if id(word) in inflect else word.text)
        if i + 1 < len(name_words):
            pieces.append(text[word.end:name_words[i + 1].start])
    return "".join(pieces)


def _bare_surnames(text: str, spans: list[EntitySpan], dictionary: Any) -> list[EntitySpan]:
    """A one-word mention of a person that may be a form of the surname of someone the text names in
    full is that surname ("Веснина" after "Аркадий Веснин"), whichever case the tagger read it in: a
    sentence that opens with its object ("Веснина спросили") reads like one that opens with its subject."""
    surnames = {_plain(words[-1]): words[-1] for s in spans if s.type == "PER" and len(words := s.normal.split()) > 1}
    out = []
    for span in spans:
        word = text[span.start:span.end]
        if span.type == "PER" and len(span.normal.split()) == 1 and _plain(span.normal) not in surnames:
            forms = sorted(_plain(inflected.word) for reading in dictionary.parse(word.lower())
                           if reading.tag.POS == "NOUN" and (inflected := reading.inflect({"nomn"})) is not None)
            match = next((surnames[form] for form in forms if form in surnames), None)
            span = replace(span, normal=match) if match else span
        out.append(span)
    return out


def _plain(word: str) -> str:
    return word.lower().replace("ё", "е")


def _head_and_modifiers(words: Sequence[Word]) -> list[Word]:
    """The adjectives before an organisation's or place's first noun, and that noun: the words that
    agree with it. What follows depends on it and keeps its case ("иностранных дел")."""
    head: list[Word] = []
    for word in words:
        if not head and word.pos == "PUNCT":
            continue  # an opening quote
        if word.pos not in ("ADJ", "NOUN", "PROPN"):
            break
        head.append(word)
        if word.pos != "ADJ":
            break
    return head


def nominative(word: Word, dictionary: Any) -> str:
    """``word`` in the nominative, keeping its gender and number, with its capitals where they were;
    unchanged when the dictionary has no reading of it that fits its tags."""
    case = word.feat("Case")
    kinds = _PARTS_OF_SPEECH.get(word.pos)
    if case in (None, "Nom") or kinds is None or len(word.text) < 2 or not word.text[0].isalpha():
        return word.text
    wanted = {"case": _CASES.get(case), "number": _NUMBERS.get(word.feat("Number") or ""),
              "gender": _GENDERS.get(word.feat("Gender") or "")}
    readings = [p for p in dictionary.parse(word.text.lower()) if p.tag.POS in kinds
                and _CASE_VARIANTS.get(str(p.tag.case), p.tag.case) == wanted["case"]]
    fitting = [p for p in readings if wanted["number"] in (None, p.tag.number)
               and (wanted["gender"] is None or p.tag.gender in (None, wanted["gender"]))]
    for reading in fitting or readings:
        inflected = reading.inflect({"nomn"})
        if inflected is not None:
            return _same_capitals(word.text, inflected.word)
    return word.text


def _same_capitals(original: str, word: str) -> str:
    """``word`` with the capitals of ``original`` letter by letter ("МИДа" -> "МИД", "Нью-Йорка" ->
    "Нью-Йорк"); letters past the original's end follow its last letter."""
    shaped = [c.upper() if i < len(original) and original[i].isupper() else c for i, c in enumerate(word)]
    if len(word) > len(original) and original.isupper():
        shaped = [c.upper() for c in shaped]
    return "".join(shaped)
