"""Who said what in Russian, Ukrainian and Italian text, read without a parser.

Quotations come from their marks (« », „ “, “ ”, ‹ ›, nested ones inside) and from dialogue dashes
("— Текст, — заявил Песков. — Ещё текст."); reported speech from the frames that introduce it: a verb
of saying and "что"/"що"/"che" ("X заявил, что …"), "according to" ("По словам X, …", "Secondo X, …"),
"as X said" ("Как заявил X, …"), "this was said by X" after the words it reports ("Об этом сообщил X",
"Lo ha detto X") and a trailing verb ("…, ha detto X"). The frames' words are in ``speech_cues.tsv``.

The speaker is the entity nearest the cue in its clause, a person before an organisation (and, in
Russian and Ukrainian, a name in its dictionary form, the subject's case, before an inflected one); else
a pronoun ("он", "він", "lui") or a verb with no subject, resolved to the last person named before
whose gender does not disagree; else a role word ("добавил мэр") that the article's own labels give
to one person; else the words after the cue, with no entity.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from ..schema import Entity, Quote
from ..text.paragraphs import Paragraph, paragraphs
from ..text.quotes import Marked, marked_by_paragraph
from .quotes import one_per_utterance, trim_span
from .role_labels import find_role_labels, role_groups, role_words, stop_words

LANGUAGES = frozenset({"ru", "uk", "it"})
CUES_FILE = "speech_cues.tsv"
_FRAMES = frozenset(
    {"verb", "participle", "auxiliary", "according", "according_pronoun", "as", "that", "anaphor", "thus",
     "pronoun_m", "pronoun_f", "pronoun_p", "naming"}
)
# Italian adverbs that may stand between an auxiliary and its participle ("ha poi aggiunto").
_IT_ADVERBS = "poi|anche|inoltre|infine|già|ancora|subito|però|invece|pure|sempre|più volte|tra l'altro"
# How far a cue may stand from what it frames, in words.
_CUE_REACH = 4
_ASIDE_REACH = 2
_PARTIAL_REACH = 25
_THAT_REACH = 6
_MAX_SPEAKER_WORDS = 8
_MIN_CONTENT_WORDS = 2
# Words before a trailing cue ("…, ha detto X") that make a statement rather than a phrase.
_MIN_TRAILING_WORDS = 4
# A quotation of fewer words with nobody named for it is a phrase held at a distance, not a statement.
_MIN_UNATTRIBUTED_WORDS = 3
_MAX_TITLE_WORDS = 6
# Nouns that put a name in quote marks ("газета «Вечерний курьер»", "il quotidiano «Il Giorno»").
_NAME_NOUNS = {
    "ru": r"газет\w*|издани\w*|агентств\w*|компани\w*|корпораци\w*|парти\w*|движени\w*|фильм\w*|книг\w*|"
          r"журнал\w*|телеканал\w*|канал\w*|радио|программ\w*|проект\w*|операци\w*|концерн\w*|холдинг\w*|"
          r"банк\w*|фонд\w*|организаци\w*|объединени\w*|клуб\w*|завод\w*|предприяти\w*|сайт\w*|портал\w*|"
          r"групп\w*|ансамбл\w*|театр\w*|центр\w*|обществ\w*|блок\w*|союз\w*|комплекс\w*|систем\w*",
    "uk": r"газет\w*|видан\w*|агенці\w*|компані\w*|корпораці\w*|парті\w*|рух\w*|фільм\w*|книж\w*|книг\w*|"
          r"журнал\w*|телеканал\w*|канал\w*|радіо|програм\w*|проєкт\w*|проект\w*|операці\w*|концерн\w*|"
          r"холдинг\w*|банк\w*|фонд\w*|організаці\w*|об'єднан\w*|об’єднан\w*|клуб\w*|завод\w*|"
          r"підприємств\w*|сайт\w*|портал\w*|груп\w*|театр\w*|центр\w*|товариств\w*|блок\w*|союз\w*|"
          r"комплекс\w*|систем\w*",
    "it": r"quotidian[oi]|giornal[ei]|agenzi[ae]|societ[àa]|aziend[ae]|partit[oi]|moviment[oi]|film|libr[oi]|"
          r"rivist[ae]|settimanal[ei]|canal[ei]|radio|programm[ai]|progett[oi]|operazion[ei]|grupp[oi]|"
          r"banc[ae]|fondazion[ei]|associazion[ei]|sit[oi]|portal[ei]|teatr[oi]|centr[oi]|sistem[ai]|"
          r"coalizion[ei]|lista|marchio|testata|trasmissione",
}
# An abbreviation in capitals right before a quotation mark is a company's legal form (ТОВ, ПАО, S.p.A.).
_LEGAL_FORM_BEFORE = re.compile(r"(?<![\w-])[A-ZА-ЯЁЄІЇҐ]{2,6}[ \t]*$")
_DASH = "—–-"
_OPENING_MARKS = "«„“‹\"”»"
_ABBREVIATIONS = frozenset(
    "г гг т е им ул д руб млн млрд тыс см др пр ст ген проф акад зам рис табл тел "
    "р грн вул м ім с sig sigg dott dr on avv prof ing geom mons rag cav pag tel ecc".split()
)
_NAME_RUN_LANGUAGES = frozenset({"it"})
# How far back a verb without a subject looks for a capitalised name, without entities.
_SUBJECTLESS_REACH = 400
_NAME_NEAR_CUE = 40
_NAME_RUN = re.compile(
    r"(?<![\w'’])[A-ZÀ-ÝА-ЯЁЄІЇҐ][\w'’.-]*(?:[ \t]+(?:(?:de|di|da|del|della|van|von|bin|al|el|le|la)[ \t]+)?"
    r"[A-ZÀ-ÝА-ЯЁЄІЇҐ][\w'’.-]*){0,3}"
)
# Capitalised words that open a sentence or a clause and are no names.
_NOT_NAMES = {
    "it": frozenset(
        "il lo la l' i gli le un uno una e ed o ma se per in a da di su con tra fra come secondo anche però si "
        "quando mentre dove perché cosa chi non ne ci sebbene benché poiché quindi tuttavia infatti dunque "
        "questo questa quello quella questi oggi ieri domani poi già ora intanto inoltre infine dopo prima "
        "lunedì martedì mercoledì giovedì venerdì sabato domenica".split()
    ),
}
_CONJUNCTIONS = frozenset("а и но однако или і й та але проте або e ed ma mentre però o oppure".split())
_ANAPHOR_GAP = 5
_ANAPHOR_GAP_WORDS = frozenset(
    "же также ранее уже сегодня вчера накануне в во на после при во время днём утром вечером журналистам "
    "ж також раніше вже сьогодні вчора учора напередодні у під після при вдень вранці ввечері журналістам".split()
)
_END = re.compile(r"[.!?…]+[»”“\"’›)]*(?=\s|$)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d+", re.UNICODE)


# -- the cue words -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class CueWords:
    """One language's frames of reported speech, compiled."""

    verb: re.Pattern[str]  # a verb of saying; Italian compound tenses with their auxiliary
    according: re.Pattern[str]
    according_pronoun: dict[str, str]  # "по его словам" -> the pronoun's gender (m, f, p)
    as_: re.Pattern[str]
    that: re.Pattern[str]
    anaphor: re.Pattern[str]
    thus: re.Pattern[str] | None
    pronouns: dict[str, str]  # "он" -> "m"
    naming: frozenset[str]  # verbs that also name a thing: they frame a quotation, never reported content

    def reports(self, cue: re.Match[str]) -> bool:
        """The verb may introduce reported content ("назвал" only names: "назвал законопроект «…»")."""
        return cue.group().lower().split()[-1] not in self.naming


def _alternation(words: Sequence[str]) -> str:
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        pattern = re.escape(word).replace(r"\ ", r"\s+").replace("'", "['’]")
        parts.append(pattern if word.endswith(("'", "’")) else pattern + r"(?!\w)")
    return r"(?<!\w)(?:" + "|".join(parts) + ")"


def read_cue_rows(text: str) -> list[tuple[str, str, str]]:
    """(language, cue, frame) rows of a cue TSV; comment lines start with '#', the first other line is the header."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != 3 or fields[2] not in _FRAMES:
            raise ValueError(f"{CUES_FILE} row {number} ({line!r}): expected language, cue and one of {sorted(_FRAMES)}")
        rows.append((fields[0], fields[1], fields[2]))
    return rows


@cache
def cue_words(language: str) -> CueWords:
    """The shipped cue words of ``language`` (one of :data:`LANGUAGES`)."""
    source = resources.files(__package__).joinpath(CUES_FILE)
    table: dict[str, list[str]] = {frame: [] for frame in _FRAMES}
    for lang, cue, frame in read_cue_rows(source.read_text("utf-8")):
        if lang == language:
            table[frame].append(cue)
    verb = _alternation(table["verb"])
    if table["participle"]:
        compound = (rf"{_alternation(table['auxiliary'])}(?:\s+(?:{_IT_ADVERBS}))?(?:\s+(?:{_IT_ADVERBS}))?"
                    rf"\s+{_alternation(table['participle'])}")
        verb = f"(?:{compound}|{verb})"
    pronouns = {cue: frame.rsplit("_", 1)[1] for frame in ("pronoun_m", "pronoun_f", "pronoun_p") for cue in table[frame]}
    according_pronoun = {cue: _pronoun_gender(cue, pronouns) for cue in table["according_pronoun"]}
    return CueWords(
        verb=re.compile(verb, re.IGNORECASE),
        according=re.compile(_alternation(table["according"] + table["according_pronoun"]), re.IGNORECASE),
        according_pronoun=according_pronoun,
        as_=re.compile(_alternation(table["as"]) + r"\s+(?=" + verb + ")", re.IGNORECASE),
        that=re.compile(_alternation(table["that"]), re.IGNORECASE),
        anaphor=re.compile(_alternation(table["anaphor"]), re.IGNORECASE),
        thus=re.compile(_alternation(table["thus"]), re.IGNORECASE) if table["thus"] else None,
        pronouns=pronouns,
        naming=frozenset(w.lower() for w in table["naming"]),
    )


_POSSESSIVE_GENDER = {"его": "m", "её": "f", "ее": "f", "их": "p", "його": "m", "її": "f", "їхніми": "p", "їх": "p",
                      "lui": "m", "lei": "f", "loro": "p"}


def _pronoun_gender(phrase: str, pronouns: dict[str, str]) -> str:
    words = phrase.lower().split()
    return next((_POSSESSIVE_GENDER[w] for w in words if w in _POSSESSIVE_GENDER),
                next((pronouns[w] for w in words if w in pronouns), ""))


# -- gender, for pronouns and verbs with no subject ----------------------------------------------------
_MALE_IN_A = frozenset("илья никита фома кузьма лука савва данила ілля микита сава микола мыкола "
                       "andrea luca nicola mattia elia enea tobia battista gianluca".split())


def name_gender(name: str, language: str) -> str:
    """"m", "f" or "" from a person's name in its dictionary form (surname and first-name endings)."""
    words = [w.lower() for w in name.split() if w[:1].isupper()]
    if not words:
        return ""
    if language in ("ru", "uk"):
        last = words[-1]
        if re.search(r"(?:ова|ева|ёва|єва|ина|ына|іна|ая|ська|цька|ска|цка)$", last):
            return "f"
        if re.search(r"(?:ов|ев|ёв|єв|ин|ын|ін|ий|ый|ой|ський|цький|ский|цкий)$", last):
            return "m"
    if len(words) >= 2 or language == "it":
        first = words[0]
        if first.endswith(("а", "я", "a")) and first not in _MALE_IN_A:
            return "f"
        if first.endswith(("o", "о")) or first in _MALE_IN_A \
                or re.search(r"[бвгджзклмнпрстфхцчшщй]$", first):
            return "m"
    return ""


def verb_gender(verb: str, language: str) -> str:
    """The gender a past verb form shows: ru заявил/заявила/заявили, uk заявив/заявила/заявили."""
    words = verb.lower().split()
    word = words[-1]
    if language in ("ru", "uk"):
        if re.search(r"(?:ла|лась|лася)$", word):
            return "f"
        if re.search(r"(?:ли|лись|лися)$", word) or re.search(r"(?:ут|ют|ат|ят)$" if language == "ru" else r"(?:уть|ють|ать|ять)$", word):
            return "p"
        if re.search(r"(?:л|лся)$" if language == "ru" else r"(?:в|вся)$", word):
            return "m"
    if language == "it" and (words[0] in ("hanno", "avevano", "avrebbero") or re.search(r"(?:ano|ono|rono)$", word)):
        return "p"
    return ""


# -- the finder ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    key: str
    type: str
    text: str
    nominative: bool  # spelled as the dictionary form (the subject's case in Russian and Ukrainian)


@dataclass(frozen=True)
class _Speaker:
    text: str
    start: int
    end: int
    key: str | None


class SpeechFinder:
    """Finds the quotes of one text in ``language`` with the article's ``entities``."""

    def __init__(self, text: str, language: str, entities: Sequence[Entity]) -> None:
        self.text = text
        self.language = language
        self.cues = cue_words(language)
        self.gender = {e.key: name_gender(e.name, language) for e in entities if e.type == "person"}
        self.mentions = sorted(
            (_Mention(m.start, m.end, e.key, e.type, m.text, _nominative(m.text, e.name, language))
             for e in entities for m in e.mentions),
            key=lambda m: (m.start, m.end),
        )
        self.mention_starts = [m.start for m in self.mentions]
        labels = find_role_labels(text, language, entities)
        self.groups = role_groups(labels, language)
        self.roles = role_words(language)
        self.stop_words = stop_words(language)
        self.marked = [(para, marks) for para, marks in marked_by_paragraph(text)]
        self.names = {(m.inner_start, m.inner_end) for _, marks in self.marked for m in marks if self._is_name(m)}
        quoted = sorted((m.inner_start, m.inner_end) for _, marks in self.marked for m in marks
                        if (m.inner_start, m.inner_end) not in self.names)
        self.asides: list[tuple[int, int]] = []
        self.quoted = quoted
        self.quoted_starts = [s for s, _ in quoted]
        # The reporter's words inside a quotation's marks («…, — пояснил Лебедев, — …»).
        for _, marks in self.marked:
            for mark in marks:
                aside = self._aside(mark)
                if aside is not None:
                    self.asides.append(aside[0])
        self.ends = self._sentence_ends()
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        self.used_cues: set[int] = set()
        self.titles: set[tuple[int, int]] = set()  # quoted titles and names: dropped unless a speaker is found
        # A language with no entity tagger names its speakers by capitalised words near the cue.
        self.name_runs = language in _NAME_RUN_LANGUAGES

    # -- positions -------------------------------------------------------------------------------------
    def inside_quote(self, start: int, end: int | None = None) -> bool:
        end = start + 1 if end is None else end
        i = bisect_right(self.quoted_starts, start) - 1
        if i < 0 or self.quoted[i][1] < end:
            return False
        return not any(s <= start and end <= e for s, e in self.asides)

    def _sentence_ends(self) -> list[int]:
        """Where sentences end: terminal punctuation outside quotations (or closing one), then space."""
        ends = []
        for m in _END.finditer(self.text):
            closes_quote = self.text[m.start() : m.end()].rstrip(".!?…") != ""
            if self.inside_quote(m.start()) and not closes_quote:
                continue
            if m.group().startswith(".") and self._abbreviation(m.start()):
                continue
            following = self.text[m.end() :].lstrip(" \t")
            if following and not (following[0].isupper() or following[0].isdigit() or following[0] in "\n" + _DASH
                                  + _OPENING_MARKS + "("):
                continue
            ends.append(m.end())
        return ends

    def _abbreviation(self, dot: int) -> bool:
        word = re.search(r"(\w+)$", self.text[max(0, dot - 12) : dot])
        return word is not None and (len(word.group(1)) == 1 or word.group(1).lower() in _ABBREVIATIONS)

    def _line(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.line_starts, pos) - 1
        start = self.line_starts[i]
        end = self.text.find("\n", start)
        return start, len(self.text) if end < 0 else end

    def sentence(self, pos: int) -> tuple[int, int]:
        """The sentence holding ``pos``: [start, end), never across a line."""
        line_start, line_end = self._line(pos)
        i = bisect_right(self.ends, pos)
        start = max(line_start, self.ends[i - 1] if i else 0)
        end = min(line_end, self.ends[i] if i < len(self.ends) else line_end)
        while start < end and self.text[start].isspace():
            start += 1
        return start, end

    def _words(self, start: int, end: int) -> list[str]:
        return _WORD.findall(self.text, start, end)

    # -- what is not speech ----------------------------------------------------------------------------
    def _is_name(self, mark: Marked) -> bool:
        """«Вектор», «Il Corriere del Nord»: a name in quote marks (an entity's, or after a noun that names)."""
        inner_start, inner_end = mark.inner_start, mark.inner_end
        for m in self.mentions:
            if m.start >= inner_start - 1 and m.end <= inner_end + 1 and (m.end - m.start) >= 0.6 * (inner_end - inner_start):
                return True
        before = self.text[max(0, mark.start - 30) : mark.start]
        if _LEGAL_FORM_BEFORE.search(before):
            # "ТОВ «Керуюча компанія»", "ПАО «Газпром»": a company's legal form before its name (whose closing
            # mark is often shared with a name nested in it, so the span may run on).
            return True
        inner = self.text[inner_start:inner_end].strip()
        if not inner or inner[-1] in ".!?…," or len(inner.split()) > 5:
            return False
        nouns = _NAME_NOUNS.get(self.language)
        return bool(nouns) and re.search(rf"(?<!\w)(?:{nouns})\s+$", before, re.IGNORECASE) is not None

    # -- speakers --------------------------------------------------------------------------------------
    def _mentions_in(self, start: int, end: int) -> list[_Mention]:
        i = bisect_left(self.mention_starts, start)
        found = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            m = self.mentions[i]
            if m.end <= end and not self.inside_quote(m.start, m.end):
                found.append(m)
            i += 1
        return found

    def speaker_in(self, start: int, end: int, anchor: int, gender: str = "", subject: bool = False) -> _Speaker | None:
        """The entity in [start, end) nearest ``anchor``: a person, else an organisation, else (for a
        ``subject`` before its verb) a place; a name in its dictionary form first; then a pronoun; then a
        role word one person's labels hold. A plural verb takes a person only among several named."""
        found = [m for m in self._mentions_in(start, end) if not self._addressee(m)]
        kinds = ("person", "organisation", "place") if subject else ("person", "organisation")
        for kind in kinds:
            candidates = [m for m in found if m.type == kind]
            if kind == "place":
                candidates = [m for m in candidates if not _PREPOSITION_BEFORE.search(self.text[max(0, m.start - 6) : m.start])]
            if kind == "person" and gender in ("m", "f"):
                candidates = [m for m in candidates if self.gender.get(m.key) != _other(gender)] or candidates
            if kind == "person" and gender == "p" and len({m.key for m in candidates}) < 2:
                continue
            if candidates:
                best = min(candidates, key=lambda m: (not m.nominative, _distance(m.start, m.end, anchor)))
                return _Speaker(best.text, best.start, best.end, best.key)
        for word in _WORD.finditer(self.text, start, end):
            pronoun = self.cues.pronouns.get(word.group().lower())
            if pronoun:
                person = self.last_person(start, pronoun)
                return _Speaker(word.group(), word.start(), word.end(), person)
        role = self._role_speaker(start, end)
        if role is not None and role.key is not None:
            return role
        return (self._name_run(start, end, anchor) if self.name_runs else None) or role

    def _addressee(self, mention: _Mention) -> bool:
        """«…», — сказал в интервью «Газете» X: the outlet spoken to is not the speaker."""
        before = self.text[max(0, mention.start - 40) : mention.start]
        return mention.type != "person" and _ADDRESSEE_BEFORE.search(before) is not None

    def _name_run(self, start: int, end: int, anchor: int) -> _Speaker | None:
        """Without an entity tagger: the run of capitalised words nearest ``anchor`` as the speaker's name
        (never after a preposition, where it names a place, nor a sentence's capitalised first word)."""
        runs = []
        not_names = _NOT_NAMES.get(self.language, frozenset())
        for run in _NAME_RUN.finditer(self.text, start, end):
            words = [w for w in re.finditer(r"\S+", run.group())]
            while words and (words[0].group().lower() in not_names or _ELIDED_NOUN.match(words[0].group())
                             or _GERUND.search(words[0].group())):
                words.pop(0)
            if not words:
                continue
            s, e = run.start() + words[0].start(), run.start() + words[-1].end()
            if self.text[e - 1] == "." and len(words[-1].group()) > 2:
                e -= 1  # a sentence's full stop, not an initial's
            if self.inside_quote(s, e):
                continue
            if _PREPOSITION_BEFORE.search(self.text[max(0, s - 8) : s]):
                # After a preposition: a place ("a Roma"), or a role's complement before the name
                # ("il presidente degli Stati Uniti Donald Trump"), whose last two words are the name.
                if len(words) < 3:
                    continue
                s = run.start() + words[-2].start()
            runs.append((s, e))
        if not runs:
            return None
        s, e = min(runs, key=lambda r: _distance(r[0], r[1], anchor))
        return _Speaker(self.text[s:e], s, e, None)

    def _role_speaker(self, start: int, end: int) -> _Speaker | None:
        for word in _WORD.finditer(self.text, start, end):
            role = self.roles.lookup(word.group())
            if role is None:
                continue
            owners = [key for key, groups in self.groups.items() if role[1] in groups]
            return _Speaker(word.group(), word.start(), word.end(), owners[0] if len(owners) == 1 else None)
        return None

    def last_person(self, before: int, gender: str = "") -> str | None:
        """The person named last before ``before``, outside quotations, whose gender does not disagree."""
        i = bisect_left(self.mention_starts, before)
        for m in reversed(self.mentions[:i]):
            if m.type != "person" or self.inside_quote(m.start, m.end) or m.end > before:
                continue
            if gender in ("m", "f") and self.gender.get(m.key) == _other(gender):
                continue
            if gender == "p":
                return None
            return m.key
        return None

    def _subjectless(self, before: int, gender: str) -> _Speaker | None:
        """A cue with no subject ("…», ha spiegato."): the last person named (without entities, the last
        capitalised name in the sentences before)."""
        key = self.last_person(before, gender)
        if key:
            return _Speaker("", -1, -1, key)
        if self.name_runs:
            # The last name that a verb of saying frames ("Dmitrij Peskov ha detto …"), not any name.
            line_start, _ = self._line(before)
            lo = max(line_start, before - _SUBJECTLESS_REACH)
            for cue in reversed(list(self.cues.verb.finditer(self.text, lo, before))):
                clause_start, clause_end = self.sentence(cue.start())
                named = self._name_run(max(lo, clause_start), min(before, clause_end), cue.start())
                if named is not None and abs(_distance(named.start, named.end, cue.start())) <= _NAME_NEAR_CUE:
                    return named
        return None

    def _words_after_cue(self, start: int, end: int) -> _Speaker | None:
        """No entity, pronoun or role: the words after the cue up to a comma, as the speaker's description."""
        stop = re.search(r"[,;:(]", self.text[start:end])
        end = start + stop.start() if stop else end
        # The description ends where a preposition or conjunction begins ("инженер службы после осмотра").
        closing = next((w.start() for w in _WORD.finditer(self.text, start, end)
                        if w.start() > start and w.group().lower() in self.stop_words), end)
        text, s, e = trim_span(self.text, start, closing)
        text, s, e = _trim_end(self.text, s, e)
        if not text or len(text.split()) > _MAX_SPEAKER_WORDS:
            return None
        return _Speaker(text, s, e, None)

    def cue_speaker(self, cue: re.Match[str], start: int, end: int, subject_first: bool) -> _Speaker | None:
        """The speaker of a verb of saying in the clause [start, end): its subject before it
        (``subject_first``) or after it (inverted, after a quotation), then the other side."""
        gender = verb_gender(cue.group(), self.language)
        after_end = end
        if subject_first:
            # After its verb only the inverted subject ("сообщает Х, …"), not the content's names.
            stop = re.search(r",|(?<!\w)(?:" + self.cues.that.pattern + ")", self.text[cue.end() : end], re.IGNORECASE)
            after_end = cue.end() + stop.start() if stop else end
        sides = [(start, cue.start(), cue.start()), (cue.end(), after_end, cue.end())]
        if not subject_first:
            sides.reverse()
        for lo, hi, anchor in sides:
            found = self.speaker_in(lo, hi, anchor, gender, subject=hi <= cue.start())
            if found is not None and found.key is None and lo >= cue.end():
                # A role word no label ties to anyone: the reporter's whole description of the speaker.
                described = self._words_after_cue(cue.end(), end)
                if described is not None and described.start <= found.start < described.end:
                    return described
            if found is not None:
                return found
        after_words = self._words(cue.end(), after_end)
        before_words = self._words(start, cue.start())
        if len(before_words) <= 2 and not after_words:
            return self._subjectless(start, gender)
        if not subject_first:
            return self._words_after_cue(cue.end(), end)
        return None

    # -- quotations by their marks ---------------------------------------------------------------------
    def from_marks(self, skip: list[tuple[int, int]]) -> Iterator[Quote]:
        previous: Quote | None = None
        for para, marks in self.marked:
            for mark in marks:
                span = (mark.inner_start, mark.inner_end)
                if span in self.names or any(s <= mark.start and mark.end <= e for s, e in skip):
                    continue
                found = list(self._attribute(para, mark, previous))
                yield from found
                if found:
                    previous = found[-1]

    def _attribute(self, para: Paragraph, mark: Marked, previous: Quote | None) -> Iterator[Quote]:
        interrupted = self._interruption(mark)
        if interrupted is not None:
            pieces, cue, speaker = interrupted
            for s, e in pieces:
                yield self._quote(s, e, speaker, cue)
            return
        text, start, end = trim_span(self.text, mark.inner_start, mark.inner_end)
        if not text:
            return
        after = self._after(mark, para)
        found = after or self._before_colon(mark)
        if found is None and (text[0].islower() or not _title_case(text)):
            found = self._in_sentence(mark)
        if found is None and previous is not None and previous.speaker is not None and (
                mark.continued or self._follows(previous, mark)):
            # The same speaker goes on: a second quotation right after the first, or the end of one that
            # the previous paragraph left open.
            yield replace(self._quote(start, end, None, previous.cue), speaker=previous.speaker,
                          speaker_start=previous.speaker_start, speaker_end=previous.speaker_end,
                          speaker_key=previous.speaker_key)
            return
        if found is None or (found[1] is None and after is None):
            # Nobody is named for it: a statement only when it reads as one. A short capitalised phrase
            # without a sentence's end is a title or a name («Вісник державних закупівель»; «Центр
            # розслідувань» повідомляє), unless a frame later gives it a speaker ("«…». Об этом заявил X");
            # one the reporter's words follow ("«…», ha aggiunto") is a quotation.
            if _titled(text):
                self.titles.add((start, end))
            elif len(text.split()) < _MIN_UNATTRIBUTED_WORDS:
                return
        yield self._quote(start, end, found[1] if found else None, found[0] if found else None)

    def _follows(self, previous: Quote, mark: Marked) -> bool:
        """Only the previous quotation's attribution stands between it and this one, in one paragraph."""
        if self._line(previous.start) != self._line(mark.start) or previous.end > mark.start:
            return False
        between = self.text[previous.end : mark.start]
        sentence_end = max((e for e in self.ends if previous.end <= e <= mark.start), default=None)
        return sentence_end is not None and not self.text[sentence_end : mark.start].strip(" \t" + _OPENING_MARKS) \
            and len(between.split()) <= _MAX_SPEAKER_WORDS + 3

    def _quote(self, start: int, end: int, speaker: _Speaker | None, cue: str | None) -> Quote:
        text, start, end = trim_span(self.text, start, end)
        kind = "direct" if (text[:1].isupper() or text[:1].isdigit()) and len(text.split()) >= 3 else "partial"
        if speaker is None:
            return Quote(text, start, end, kind, cue=cue)
        known = speaker.start >= 0
        return Quote(text, start, end, kind, speaker=speaker.text or None,
                     speaker_start=speaker.start if known else None, speaker_end=speaker.end if known else None,
                     cue=cue, speaker_key=speaker.key)

    def _cue_near(self, start: int, end: int, reach: int = _CUE_REACH) -> re.Match[str] | None:
        """A verb of saying within the first ``reach`` words of [start, end), with no punctuation before it."""
        cue = self.cues.verb.search(self.text, start, end)
        if cue is None or len(self._words(start, cue.start())) >= reach or re.search(r"[,;:.!?]", self.text[start : cue.start()]):
            return None
        if self.cues.that.match(self.text, start):
            return None  # "— что уже много сказали …": reported content, not the reporter's aside
        if any(w.lower() in _CONJUNCTIONS for w in self._words(start, cue.start())):
            return None  # "«…», а министр отметила, что …": a new clause with its own speaker and content
        return cue

    def _author_segment(self, start: int, line_end: int) -> int:
        """Where the reporter's words that begin at ``start`` end: the sentence's end, a dash that
        reopens the quotation, or a new quotation mark."""
        _, sentence_end = self.sentence(start)
        for stop in re.finditer(r"[,.!?…]?\s+[—–]\s|[«„“‹]", self.text[start:sentence_end]):
            at = start + stop.start()
            if stop.group()[0] in "«„“‹" and not self.inside_quote(at + 1):
                continue  # a name in quote marks («Вечерний курьер») belongs to the reporter's words
            return at
        return min(sentence_end, line_end)

    def _after(self, mark: Marked, para: Paragraph) -> tuple[str | None, _Speaker | None] | None:
        """«Q», — заявил X. / «Q», ha detto X. / «Q». Così X."""
        connector = re.match(r"[ \t]*(?:[,!?…][ \t]*)?(?:[—–-][ \t]*)?", self.text[mark.end : para.end])
        assert connector is not None
        joined = connector.group().strip() != ""
        start = mark.end + connector.end()
        segment_end = self._author_segment(start, para.end)
        cue = self._cue_near(start, segment_end) if joined else None
        if cue is None and self.cues.thus is not None:
            thus = self.cues.thus.match(self.text, start) or self.cues.thus.match(
                self.text, mark.end + len(self.text[mark.end : para.end]) - len(self.text[mark.end : para.end].lstrip(" .\t")))
            if thus is not None:
                cue, start = thus, thus.start()
                segment_end = self._author_segment(thus.end(), para.end)
        if cue is None:
            return None
        self.used_cues.add(cue.start())
        return cue.group(), self.cue_speaker(cue, start, segment_end, subject_first=False)

    def _before_colon(self, mark: Marked) -> tuple[str | None, _Speaker | None] | None:
        """X заявил: «Q». / Громов: «Q»"""
        colon = re.search(r":[ \t]*$", self.text[max(0, mark.start - 3) : mark.start])
        if colon is None:
            return None
        colon_at = max(0, mark.start - 3) + colon.start()
        start, _ = self.sentence(colon_at)
        start = max(start, self._last_break(start, colon_at))
        cue = self.cues.verb.search(self.text, start, colon_at)
        if cue is not None and not self.inside_quote(cue.start()):
            self.used_cues.add(cue.start())
            return cue.group(), self.cue_speaker(cue, start, colon_at, subject_first=True)
        mentions = self._mentions_in(start, colon_at)
        if mentions and len(self._words(mentions[-1].end, colon_at)) == 0:
            found = self.speaker_in(start, colon_at, colon_at)
            return (None, found) if found else None
        return None

    def _last_break(self, start: int, end: int) -> int:
        """After the last sentence break or quotation (not a name in quote marks) in [start, end)."""
        found = [start + m.end() for m in re.finditer(r"[.!?…»”“][ \t]+", self.text[start:end])
                 if m.group()[0] in ".!?…" or self.inside_quote(start + m.start() - 1)]
        return found[-1] if found else start

    def _in_sentence(self, mark: Marked) -> tuple[str | None, _Speaker | None] | None:
        """Песков назвал публикации «глупыми»: a cue earlier in the sentence, its subject the speaker."""
        start, _ = self.sentence(mark.start)
        cues = [c for c in self.cues.verb.finditer(self.text, start, mark.start) if not self.inside_quote(c.start())]
        if not cues:
            return None
        cue = cues[-1]
        between = self.text[cue.end() : mark.start]
        if len(self._words(cue.end(), mark.start)) > _PARTIAL_REACH:
            return None
        if self.cues.that.search(between) or re.search(r"[.;:!?]", between):
            return None  # reported content: the indirect quote takes this quotation as its part
        self.used_cues.add(cue.start())
        return cue.group(), self.cue_speaker(cue, start, mark.start, subject_first=True)

    def _aside(self, mark: Marked) -> tuple[tuple[int, int], re.Match[str], list[tuple[int, int]]] | None:
        """The reporter's words between dashes inside a quotation, its cue and the quoted pieces around it."""
        for dash in re.finditer(r"[,.!?…]?\s+[—–]\s+", self.text[mark.inner_start : mark.inner_end]):
            author_start = mark.inner_start + dash.end()
            closing = re.search(r"[,.]?\s+[—–]\s+", self.text[author_start : mark.inner_end])
            if closing is None:
                return None
            author_end = author_start + closing.start()
            # The aside is short and opens with its verb ("— пояснил Лебедев, —", "– ha spiegato Galli –").
            cue = self._cue_near(author_start, author_end, reach=_ASIDE_REACH)
            if cue is None or len(self._words(author_start, author_end)) > _MAX_SPEAKER_WORDS + 4:
                continue
            pieces = [(mark.inner_start, mark.inner_start + dash.start()), (author_start + closing.end(), mark.inner_end)]
            return (author_start, author_end), cue, pieces
        return None

    def _interruption(self, mark: Marked) -> tuple[list[tuple[int, int]], str, _Speaker | None] | None:
        """«Мы договорились, — пояснил Лебедев, — что …»: the reporter's words between dashes inside."""
        aside = self._aside(mark)
        if aside is None:
            return None
        (author_start, author_end), cue, pieces = aside
        self.used_cues.add(cue.start())
        return pieces, cue.group(), self.cue_speaker(cue, author_start, author_end, subject_first=False)

    # -- dialogue ----------------------------------------------------------------------------------------
    def from_dialogue(self) -> Iterator[tuple[int, int, Quote]]:
        """— Текст, — заявил Песков. — Ещё текст.: the speech between dashes, with the reporter's words."""
        for para in paragraphs(self.text):
            opening = re.match(r"[ \t]*[—–-][ \t]+", para.text)
            if opening is None:
                continue
            # Pieces alternate: speech, the reporter's words (a cue near their start), speech again.
            cuts = [m for m in re.finditer(r"(?<=[,.!?…])[ \t]+[—–][ \t]+", para.text)]
            bounds = [opening.end()] + [c.end() for c in cuts]
            ends = [c.start() for c in cuts] + [len(para.text)]
            speech: list[tuple[int, int]] = []
            speaker: tuple[str, _Speaker | None] | None = None
            for s, e in zip(bounds, ends, strict=True):
                start, end = para.start + s, para.start + e
                cue = self._cue_near(start, end) if speech else None
                author_end = self._author_segment(start, para.end) if cue else end
                if cue is not None:
                    self.used_cues.add(cue.start())
                    speaker = speaker or (cue.group(), self.cue_speaker(cue, start, author_end, subject_first=False))
                    if author_end < end:  # "— заявил Песков. Он добавил …": the reporter goes on
                        break
                    continue
                if speech and speech[-1][1] == start:
                    continue
                speech.append((start, end))
            if speaker is None:
                continue
            cue_text, who = speaker
            for start, end in speech:
                _, s, e = trim_span(self.text, start, end)
                yield para.start, para.end, self._quote(s, _trim_end(self.text, s, e)[2], who, cue_text)

    # -- reported speech ---------------------------------------------------------------------------------
    def reported(self) -> Iterator[Quote]:
        yield from self._that_clauses()
        yield from self._according()
        yield from self._as_said()
        yield from self._anaphors()
        yield from self._trailing()

    def _content(self, start: int, end: int) -> tuple[int, int] | None:
        _, s, e = trim_span(self.text, start, end)
        _, s, e = _trim_end(self.text, s, e)
        return (s, e) if len(self._words(s, e)) >= _MIN_CONTENT_WORDS or (e > s and self._words(s, e)
                                                                          and self._in_quote_only(s, e)) else None

    def _in_quote_only(self, start: int, end: int) -> bool:
        return self.inside_quote(start + 1, end - 1) or self.text[start] in _OPENING_MARKS

    def _indirect(self, start: int, end: int, speaker: _Speaker | None, cue: str) -> Quote:
        text = self.text[start:end]
        if speaker is None:
            return Quote(text, start, end, "indirect", cue=cue)
        known = speaker.start >= 0
        return Quote(text, start, end, "indirect", speaker=speaker.text or None,
                     speaker_start=speaker.start if known else None, speaker_end=speaker.end if known else None,
                     cue=cue, speaker_key=speaker.key)

    def _that_clauses(self) -> Iterator[Quote]:
        """X заявил, что … / X ha detto che …"""
        comma = self.language in ("ru", "uk")
        for cue in self.cues.verb.finditer(self.text):
            if cue.start() in self.used_cues or self.inside_quote(cue.start()) or not self.cues.reports(cue):
                continue
            start, end = self.sentence(cue.start())
            window = self.text[cue.end() : end]
            gap = r"(?:[ \t]*,?[ \t]+[^\s,.;:!?«»„“”]+){0," + str(_THAT_REACH) + "}?"  # the nearest "что"
            if comma:
                that = re.match(gap + r"[ \t]*,[ \t]*(?=(" + self.cues.that.pattern + r"))", window, re.IGNORECASE)
            else:
                that = re.match(gap + r"[ \t]+(?=(" + self.cues.that.pattern + r"))", window, re.IGNORECASE)
            if that is None or self.cues.verb.search(self.text, cue.end(), cue.end() + that.end()):
                continue  # "зазначив X та додав, що": the nearer verb frames the content
            that_word = self.cues.that.match(self.text, cue.end() + that.end())
            assert that_word is not None
            if that_word.group().lower() in ("di", "come") and that.group().strip():
                continue  # "ha detto di …", "ha spiegato come …" only right after the verb
            content = self._content(that_word.end(), self._next_frame(that_word.end(), end))
            if content is None:
                continue
            self.used_cues.add(cue.start())
            # The subject is sought after a colon or semicolon that opens the clause ("Голос Америки: Ранее СМИ
            # сообщали, что …"), not before it.
            opener = max((m.end() for m in re.finditer(r"[:;]\s", self.text[start : cue.start()])), default=0)
            speaker = self.cue_speaker(cue, start + opener, cue.end() + that.end(), subject_first=True)
            yield self._indirect(*content, speaker, cue.group())

    def _next_frame(self, start: int, end: int) -> int:
        """Where reported content gives way to another speaker's frame in the same sentence ("…, а глава
        МИДа отметил, что …"): the comma before the next verb of saying that opens its own content."""
        for cue in self.cues.verb.finditer(self.text, start, end):
            if self.inside_quote(cue.start()):
                continue
            that = re.match(r"[^.;:!?«»„“”]{0,60}?,?\s*(?:" + self.cues.that.pattern + ")", self.text[cue.end() : end], re.IGNORECASE)
            comma = max(self.text.rfind(",", start, cue.start()), self.text.rfind(";", start, cue.start()))
            if that is not None and comma > start and not self.cues.that.search(self.text, comma, cue.start()):
                return comma
        return end

    def _framed(self, frame: re.Match[str], source_end_limit: int) -> tuple[int, int, int, int] | None:
        """For a frame naming the source ("по словам X", "как заявил X"): the source's [start, end) and the
        content's, which follows the frame when the frame opens the sentence and is else the sentence."""
        start, end = self.sentence(frame.start())
        comma = self.text.find(",", frame.end(), end)
        if comma >= 0:
            # "A detta dell'analista della banca, Laura Greco, …": the name set off after the role.
            named = re.match(r"[ \t]+", self.text[comma + 1 :])
            after = comma + 1 + (named.end() if named else 0)
            person = next((m for m in self._mentions_in(after, end) if m.start == after and m.type == "person"), None)
            if person is not None and self.text.startswith(",", person.end):
                comma = person.end
        source_end = comma if comma >= 0 else end
        if len(self._words(frame.end(), source_end)) > _MAX_SPEAKER_WORDS + 4:
            return None
        opens = len(self._words(start, frame.start())) <= 1 and not re.search(r"[,;]", self.text[start : frame.start()])
        if opens:
            if comma < 0:
                return None
            content = self._content(comma + 1, end)
        else:
            before_comma = self.text.rfind(",", start, frame.start())
            if comma < 0 or self.text[comma + 1 : end].strip(" .!?…") == "":
                content = self._content(start, before_comma if before_comma >= 0 else frame.start())
            else:
                content = self._content(start, end)
        if content is None:
            return None
        return frame.end(), source_end, content[0], content[1]

    def _according(self) -> Iterator[Quote]:
        """По словам X, … / Secondo X, … / …, по его словам, …"""
        for frame in self.cues.according.finditer(self.text):
            if self.inside_quote(frame.start()) or _after_article(self.text, frame.start(), self.language):
                continue
            found = self._framed(frame, len(self.text))
            if found is None:
                continue
            source_start, source_end, s, e = found
            gender = self.cues.according_pronoun.get(" ".join(frame.group().lower().split()))
            if gender is not None:
                key = self.last_person(frame.start(), gender)
                speaker: _Speaker | None = _Speaker(frame.group(), frame.start(), frame.end(), key)
            else:
                speaker = self.speaker_in(source_start, source_end, source_start)
                if speaker is None:
                    continue  # "secondo giorno", "по данным опроса": no one is named as the source
            yield self._indirect(s, e, speaker, frame.group())

    def _as_said(self) -> Iterator[Quote]:
        """Как заявил X, … / Come ha spiegato X, …"""
        for frame in self.cues.as_.finditer(self.text):
            if self.inside_quote(frame.start()):
                continue
            cue = self.cues.verb.match(self.text, frame.end())
            if cue is None or cue.start() in self.used_cues or not self.cues.reports(cue):
                continue
            found = self._framed(cue, len(self.text))
            if found is None:
                continue
            source_start, source_end, s, e = found
            self.used_cues.add(cue.start())
            speaker = self.speaker_in(source_start, source_end, source_start, verb_gender(cue.group(), self.language)) \
                or self._subjectless(frame.start(), verb_gender(cue.group(), self.language))
            yield self._indirect(s, e, speaker, f"{frame.group().strip()} {cue.group()}")

    def _anaphors(self) -> Iterator[Quote]:
        """… . Об этом заявил X. / … . Lo ha detto X.: the sentence before is what was said."""
        for start in self._sentence_starts():
            opener = re.match(r"(?:(?:и|а|но|і|та|e|ma)\s+)?", self.text[start:], re.IGNORECASE)
            assert opener is not None
            anaphor = self.cues.anaphor.match(self.text, start + opener.end())
            if anaphor is None:
                continue
            _, end = self.sentence(start)
            cue = self.cues.verb.search(self.text, anaphor.end(), end)
            if cue is None or cue.start() in self.used_cues or not self.cues.reports(cue) \
                    or not self._anaphor_gap(anaphor.end(), cue.start()):
                continue
            previous = self._previous_sentence(start)
            if previous is None:
                continue
            self.used_cues.add(cue.start())
            speaker = self.speaker_in(cue.end(), end, cue.end(), verb_gender(cue.group(), self.language)) \
                or self.speaker_in(anaphor.end(), cue.start(), cue.start()) \
                or self._words_after_cue(cue.end(), end)
            s, e = previous
            yield self._indirect(s, e, speaker, cue.group())

    def _sentence_starts(self) -> list[int]:
        found = set()
        for at in [*self.line_starts, *self.ends]:
            while at < len(self.text) and self.text[at].isspace():
                at += 1
            if at < len(self.text):
                found.add(at)
        return sorted(found)

    def _anaphor_gap(self, start: int, end: int) -> bool:
        """Between "об этом" and its verb a few words that open with a name, a time, an adverb or a
        preposition ("Об этом в понедельник заявил"); "об этом человеке говорят" is about a man."""
        words = self._words(start, end)
        if self.language == "it" or not words:
            return not words
        return len(words) <= _ANAPHOR_GAP and (words[0][0].isupper() or words[0].lower() in _ANAPHOR_GAP_WORDS)

    def _previous_sentence(self, start: int) -> tuple[int, int] | None:
        back = start - 1
        while back > 0 and self.text[back - 1].isspace():
            back -= 1
        if back <= 0:
            return None
        s, e = self.sentence(back - 1)
        return self._content(s, e)

    def _trailing(self) -> Iterator[Quote]:
        """Content, — заявил X. / Content, ha detto X.: a verb of saying after the words, no quote marks."""
        for cue in self.cues.verb.finditer(self.text):
            if cue.start() in self.used_cues or self.inside_quote(cue.start()) or not self.cues.reports(cue):
                continue
            start, end = self.sentence(cue.start())
            lead = re.search(r",[ \t]*(?:[—–][ \t]*)?$", self.text[start : cue.start()])
            if lead is None or len(self._words(cue.end(), end)) > _MAX_SPEAKER_WORDS:
                continue
            content = self._content(start, start + lead.start())
            if content is None or len(self._words(*content)) < _MIN_TRAILING_WORDS or self.inside_quote(content[0] + 1) or self.cues.verb.search(self.text, *content):
                continue
            self.used_cues.add(cue.start())
            speaker = self.cue_speaker(cue, cue.end(), end, subject_first=False)
            yield self._indirect(*content, speaker, cue.group())

    # -- all together -------------------------------------------------------------------------------------
    def find(self) -> list[Quote]:
        dialogue = list(self.from_dialogue())
        quotes = [q for _, _, q in dialogue]
        quotes += list(self.from_marks([(s, e) for s, e, _ in dialogue]))
        taken = [(q.start, q.end) for q in quotes]
        for quote in self.reported():
            if not any(s <= quote.start and quote.end <= e for s, e in taken):
                quotes.append(quote)
        quotes.sort(key=lambda q: (q.start, -q.end))
        # A quotation that is all a frame reports takes the frame's speaker, and with it the entity.
        keys = {(q.speaker_start, q.speaker_end, q.speaker): q.speaker_key for q in quotes if q.speaker is not None}
        return [q if q.speaker_key is not None or q.speaker is None
                else replace(q, speaker_key=keys.get((q.speaker_start, q.speaker_end, q.speaker)))
                for q in one_per_utterance(self.text, quotes)
                if not (q.speaker is None and q.speaker_key is None and (q.start, q.end) in self.titles)]


def _other(gender: str) -> str:
    return {"m": "f", "f": "m"}.get(gender, "")


def _distance(start: int, end: int, anchor: int) -> int:
    return start - anchor if start >= anchor else max(0, anchor - end)


def _nominative(mention: str, name: str, language: str) -> bool:
    """Russian and Ukrainian names decline: a mention spelled as (part of) the dictionary form is in the
    subject's case. Elsewhere every mention counts as one."""
    if language not in ("ru", "uk"):
        return True
    words = name.lower().split()
    return all(w in words for w in mention.lower().split())


def _titled(text: str) -> bool:
    """A short capitalised phrase without a sentence's end: a title or a name more often than a statement."""
    return (text[:1].isupper() or text[:1].isdigit()) and len(text.split()) <= _MAX_TITLE_WORDS \
        and not re.search(r"[.!?…]", text)


def _title_case(text: str) -> bool:
    words = [w for w in text.split() if w[:1].isalpha()]
    return bool(words) and all(w[0].isupper() for w in words)


def _trim_end(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Without the sentence's final punctuation."""
    while end > start and text[end - 1] in ".!?…;: \t":
        end -= 1
    return text[start:end], start, end


_PREPOSITION_BEFORE = re.compile(
    r"(?<!\w)(?:в|во|на|из|у|к|по|с|до|від|із|зі|з|in|a|da|di|nel|nella|nei|negli|dal|dalla|dai|dagli|per|su|sul|"
    r"sulla|con|tra|fra|al|alla|ai|agli|del|della|dello|dei|degli|delle|dell['’]|all['’]|dall['’]|nell['’])\s*$",
    re.IGNORECASE)
# "Ammettendo", "Parlando": a gerund opening a clause, not a name.
_GERUND = re.compile(r"(?:ando|endo)$")
# "L'attrice", "Dell'Ucraina": an elided article before a word.
_ELIDED_NOUN = re.compile(r"^(?:l|dell|all|dall|nell|sull|un)['’]\w", re.IGNORECASE)
_ADDRESSEE_BEFORE = re.compile(
    r"(?:интервью|інтерв['’]ю|intervista|conversazione)(?:\s+\w+){0,2}\s*[«„“\"]?\s*$|"
    r"(?<!\w)(?:газете|изданию|агентству|телеканалу|радиостанции|газеті|виданню|агентству|телеканалу|"
    r"al\s+quotidiano|al\s+giornale|all['’]agenzia|al\s+settimanale|alla\s+rivista|alla\s+tv|a)\s*[«„“\"]?\s*$",
    re.IGNORECASE)
_ARTICLES_BEFORE = re.compile(r"(?:^|\s)(?:il|al|del|nel|dal|sul|un|per|in|ogni|il\s+suo|il\s+loro)\s*$", re.IGNORECASE)


def _after_article(text: str, start: int, language: str) -> bool:
    """"il secondo giorno": an ordinal, not "according to"."""
    return language == "it" and _ARTICLES_BEFORE.search(text[max(0, start - 12) : start]) is not None


def find_speech(text: str, language: str | None, entities: Sequence[Entity]) -> list[Quote]:
    """Quotes and reported speech in ``text`` (Russian, Ukrainian or Italian), in text order, each speaker
    tied to one of ``entities`` where it can be; no quotes for another language."""
    if language not in LANGUAGES:
        return []
    return SpeechFinder(text, language, entities).find()
