"""Role labels in Russian, Ukrainian and Italian text, read without a parser.

A role phrase right before a person's name is a ``title`` ("пресс-секретарь президента России Дмитрий
Песков", "il presidente russo Vladimir Putin", "російський диктатор Путін"); one set off by a comma after
the name, or before it at the start of a clause, is an ``appositive`` ("Андрей Белов, глава профсоюза,";
"Il sindaco di Valverde, Paolo Conti, ..."); one after a dash is a ``predicate`` ("Белов — глава
профсоюза"). A role phrase is a role word (``role_words.tsv``, declined here) with the words that
describe it: adjectives before it, and after it the words of its genitive or prepositional complement
("президента России", "del Cremlino"). The words scanned stop at punctuation, a verb, a conjunction or
preposition that no title holds, a number, or another person's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..schema import Entity, Label

LANGUAGES = frozenset({"ru", "uk", "it"})
ROLE_WORDS_FILE = "role_words.tsv"
_MAX_TITLE_WORDS = 10
_MAX_APPOSITIVE_WORDS = 12

# Endings of the cases a role noun takes, by the letter it ends in (Russian and Ukrainian).
_RU_ENDINGS = {
    "consonant": ("", "а", "у", "ом", "ем", "е", "ы", "и", "ов", "ей", "ам", "ами", "ах"),
    "ь": ("ь", "я", "ю", "ем", "ём", "е", "и", "ей", "ям", "ями", "ях"),
    "а": ("а", "ы", "и", "е", "у", "ой", "ою", "ам", "ами", "ах"),
    "я": ("я", "и", "е", "ю", "ей", "ёй", "ею", "ям", "ями", "ях"),
}
_UK_ENDINGS = {
    # Hard and soft stems both: "лідера" and "секретаря" end the same consonant.
    "consonant": ("", "а", "у", "ові", "ом", "і", "е", "и", "ів", "ам", "ами", "ах",
                  "я", "ю", "еві", "ем", "ям", "ями", "ях"),
    "ь": ("ь", "я", "ю", "еві", "ем", "і", "ів", "ям", "ями", "ях"),
    "а": ("а", "и", "і", "у", "ою", "ам", "ами", "ах"),
    "я": ("я", "і", "ю", "ею", "ям", "ями", "ях"),
}
_ENDINGS = {"ru": _RU_ENDINGS, "uk": _UK_ENDINGS}
# Plural endings, by the letter the word ends in: "представители", "руководителями" describe no one person.
_PLURAL_ENDINGS = {
    "ru": {"consonant": ("ы", "и", "ов", "ей", "ам", "ами", "ах"), "ь": ("и", "ей", "ям", "ями", "ях"),
           "а": ("ам", "ами", "ах"), "я": ("ям", "ями", "ях")},
    "uk": {"consonant": ("и", "ів", "ам", "ами", "ах", "ям", "ями", "ях"), "ь": ("і", "ів", "ям", "ями", "ях"),
           "а": ("ам", "ами", "ах"), "я": ("ям", "ями", "ях")},
}

# Words a title may hold between its role word and the name, though they are neither (the
# prepositions of "министр по делам", "міністр з питань", "ministro degli Esteri").
_INNER_WORDS = {
    "ru": frozenset("по от при в во на".split()),
    "uk": frozenset("з із зі при від в у на".split()),
    "it": frozenset("di del dello della dei degli delle dell d per al alla allo ai agli alle all in".split()),
}
# Words that end a title run: conjunctions, prepositions, pronouns, auxiliaries, adverbs of time.
_STOP_WORDS = {
    "ru": frozenset(
        "и а но или что чтобы как где когда который которая которые это этот эта эти тот та те он она они "
        "его её ее их в во на с со к ко у о об за из до после перед под над для без через между также тоже "
        "уже ещё еще вчера сегодня завтра ранее позже не ни же ли бы был была были будет будут есть".split()),
    "uk": frozenset(
        "і й та а але або що щоб як де коли який яка які це цей ця ці той та ті він вона вони його її їх "
        "в у на до після перед під над для без через між також теж вже ще вчора учора сьогодні завтра "
        "раніше пізніше не ні же чи б би був була були буде будуть є за про".split()),
    "it": frozenset(
        "il lo la l i gli le un uno una e ed o od ma che chi cui non ha hanno ho è era sono sarà fu "
        "con in a da su tra fra come dove quando anche già poi ieri oggi domani si ne ci mi ti vi "
        "questo questa quello quella suo sua loro nostro dopo prima durante mentre senza verso presso dentro "
        "fuori davanti dietro oltre".split()),
}
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_VERB_LIKE = {
    # Past and present finite forms: a title never holds one.
    "ru": re.compile(r"(?:л|ла|ли|ло|лся|лась|лись|ет|ит|ют|ят|ут|ать|ять|ить|еть|ться|тся)$"),
    # (No infinitive endings: "освіти", "роботи" are genitives of nouns in -та.)
    "uk": re.compile(r"(?:ла|ли|ло|вся|лася|лися|ть|ють|ять|ить|тиме|тимуть)$"),
    "it": re.compile(r"(?:ato|ata|ati|ate|ito|ita|iti|uto|uta|ava|eva|iva|avano|evano|ò|rà|ranno|ndo)$"),
}
_ADJECTIVE = {
    "ru": re.compile(r"^[а-яё-]{3,}(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ую|юю|ых|их|ыми|ими)$"),
    "uk": re.compile(r"^[а-яєіїґ'’-]{3,}(?:ий|ій|ого|ього|ому|ьому|им|ім|ою|ої|их|іх|ими|іми|ська|цька|зька|ну|ню|на|ня|ні|не)$"),
    "it": re.compile(r"^(?:ex|neo|[a-zàèéìòù'’-]{3,}[oaie])$"),
}
_BOUNDARY_AFTER = re.compile(r"\s*[,;:.!?()«»“”„\"]")


@dataclass(frozen=True)
class RoleWords:
    """One language's role words: every form, with the dictionary form and group it belongs to."""

    forms: dict[str, tuple[str, str]]  # lower-cased form -> (dictionary form, group)
    plural: frozenset[str]  # the forms that are only plural

    def lookup(self, word: str) -> tuple[str, str] | None:
        return self.forms.get(word.lower().replace("’", "'"))

    def is_plural(self, word: str) -> bool:
        return word.lower().replace("’", "'") in self.plural


def _stem_and_class(word: str) -> tuple[str, str]:
    last = word[-1]
    if last in "ьяа":
        return word[:-1], last
    return word, "consonant"


def _declined(word: str, language: str) -> tuple[list[str], list[str]]:
    """Every case form of a noun, and those of them that are plural only."""
    endings = _ENDINGS.get(language)
    if endings is None or word[-1] == "й":
        return [word], []
    stem, kind = _stem_and_class(word)
    forms = [stem + e for e in endings[kind]]
    singular = {stem + e for e in endings[kind] if e not in _PLURAL_ENDINGS[language][kind]}
    return forms, [f for f in forms if f not in singular]


@cache
def role_words(language: str) -> RoleWords:
    """The shipped role words of ``language`` with their forms (empty for a language without a list)."""
    source = resources.files(__package__).joinpath(ROLE_WORDS_FILE)
    forms: dict[str, tuple[str, str]] = {}
    plural: set[str] = set()
    lines = [line for line in source.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    for line in lines[1:]:
        lang, word, group = line.split("\t")
        if lang != language:
            continue
        listed = word.split("|")
        every, plurals = (listed, []) if len(listed) > 1 else _declined(word, language)
        for form in every:
            forms.setdefault(form.lower().replace("’", "'"), (listed[0], group))
        plural.update(f.lower().replace("’", "'") for f in plurals)
    return RoleWords(forms, frozenset(plural))


# Nouns for people that say nothing of their role: kinship, age and sex, forms of address.
_NOT_ROLES = frozenset(
    """человек мужчина женщина ребёнок ребенок мальчик девочка девушка парень юноша старик старушка дед дедушка
    бабушка сын дочь отец мать мама папа брат сестра муж жена супруг супруга вдова вдовец внук внучка дядя тётя
    тетя племянник племянница друг подруга приятель приятельница сосед соседка господин госпожа сэр мадам
    пан пани товарищ""".split())


def person_noun(word: str, dictionary: Any) -> tuple[str, bool] | None:
    """pymorphy3's dictionary form of a Russian word whose likeliest reading in its dictionary is a singular
    animate common noun that is not a name, and whether it names a role ("скульптор", "солист": True) or
    only kinship, age or sex ("муж", "соседка": False). None for any other word."""
    from .russian import NAME_MARKS, SHORT_MARKS, dictionary_readings

    readings = dictionary_readings(dictionary, word.lower()) if word.isalpha() else []
    if not readings:
        return None
    tag = readings[0].tag
    if tag.POS != "NOUN" or "anim" not in tag or "sing" not in tag \
            or any(mark in tag for mark in (*NAME_MARKS, *SHORT_MARKS)):
        return None
    lemma = str(readings[0].normal_form)
    return lemma, lemma not in _NOT_ROLES


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    return [_Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(text, start, end)]


class RoleLabeller:
    """Finds the role labels of the people among ``entities`` in ``text``."""

    def __init__(self, text: str, language: str, entities: Sequence[Entity]) -> None:
        self.text = text
        self.language = language
        self.words = role_words(language)
        self.stop = _STOP_WORDS.get(language, frozenset())
        self.inner = _INNER_WORDS.get(language, frozenset())
        self.people = [e for e in entities if e.type == "person"]
        # Russian role nouns the list lacks come from the dictionary (Ukrainian words, read through their
        # Russian spellings, meet false friends: "робота", work, is Russian for a robot's); each word once.
        self.dictionary: Any = None
        if language == "ru":
            from .russian import word_resources

            self.dictionary = word_resources()[1]
        self._nouns: dict[str, tuple[str, bool] | None] = {}
        # Where each person is named: a title stops at another person's name.
        self.person_at = sorted((m.start, m.end, e.key) for e in self.people for m in e.mentions)

    def find(self) -> list[Label]:
        labels: dict[tuple[int, int], Label] = {}
        for entity in self.people:
            for mention in entity.mentions:
                for kind, start, end in self._around(mention.start, mention.end):
                    labels.setdefault((start, end), Label(entity.key, self.text[start:end], start, end, kind))
        return sorted(labels.values(), key=lambda lab: (lab.start, lab.end))

    def _around(self, start: int, end: int) -> Iterator[tuple[str, int, int]]:
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", end)
        line_end = len(self.text) if line_end < 0 else line_end
        before = self.text[line_start:start]
        if re.search(r"[,]\s*$", before):
            comma = line_start + before.rstrip().rfind(",")
            phrase = self._phrase(self._clause_start(line_start, comma), comma)
            if phrase:
                yield "appositive", *phrase
        elif not self._followed_by_person(end):
            title = self._title(line_start, start)
            if title:
                yield "title", *title
        after = self.text[end:line_end]
        separator = re.match(r"\s*(,|\(|—|–)\s*", after)
        if separator:
            phrase_start = end + separator.end()
            stop = _BOUNDARY_AFTER.search(self.text, phrase_start, line_end)
            phrase_end = stop.start() if stop else line_end
            if separator.group(1) in "—–":
                dash = re.search(r"\s[—–]\s", self.text[phrase_start:line_end])
                phrase_end = min(phrase_end, phrase_start + dash.start()) if dash else phrase_end
            phrase = self._phrase(phrase_start, phrase_end)
            if phrase:
                yield ("predicate" if separator.group(1) in "—–" else "appositive"), *phrase

    def _followed_by_person(self, end: int) -> bool:
        """"пресс-секретарь Путина Дмитрий Песков": the first name completes the role of the second."""
        gap = re.match(r"[ \t]+", self.text[end:])
        after = end + (gap.end() if gap else 0)
        return bool(gap) and any(s == after for s, _, _ in self.person_at)

    def _clause_start(self, line_start: int, at: int) -> int:
        found = [m.end() for m in re.finditer(r"[.!?;:(]\s+|^\s*", self.text[line_start:at])]
        return line_start + (found[-1] if found else 0)

    def _person_noun(self, word: str) -> tuple[str, bool] | None:
        if self.dictionary is None:
            return None
        key = word.lower()
        if key not in self._nouns:
            self._nouns[key] = person_noun(key, self.dictionary)
        return self._nouns[key]

    def _role(self, word: str) -> bool:
        """A listed role word, or a Russian one the dictionary knows (:func:`person_noun`)."""
        if self.words.lookup(word) is not None:
            return True
        # Three-letter nouns are left to the list: few name a role ("сэр", "дед", "кот").
        noun = self._person_noun(word) if len(word) >= 4 else None
        return noun is not None and noun[1]

    def _kin(self, word: str) -> bool:
        """A Russian noun of kinship, age or sex ("муж", "сына"): a role after it is another person's."""
        noun = self._person_noun(word)
        return noun is not None and not noun[1]

    def _is_person(self, token: _Token) -> bool:
        return any(s <= token.start < e for s, e, _ in self.person_at)

    def _allowed(self, token: _Token) -> bool:
        """A word a role phrase may hold."""
        word = token.text.lower()
        if self._role(word) or word in self.inner:
            return True
        if word in self.stop or (len(word) >= 5 and _VERB_LIKE[self.language].search(word) and not token.text[0].isupper()):
            return False
        return True

    def _title(self, line_start: int, name_start: int) -> tuple[int, int] | None:
        """The role phrase that ends right before a name: words back to the first that no title holds."""
        gap = self.text[line_start:name_start]
        tail = re.search(r"[^\W\d_][\w'’-]*\s+$", gap)
        if tail is None or re.search(r"[^\w\s'’-]\s*$", gap):
            return None
        run: list[_Token] = []
        for token in reversed(_tokens(self.text, line_start, name_start)):
            between = self.text[token.end : (run[0].start if run else name_start)]
            if between.strip(" \t") or len(run) >= _MAX_TITLE_WORDS or not self._allowed(token):
                break
            run.insert(0, token)
        return self._phrase_from(run)

    def _phrase_from(self, run: list[_Token]) -> tuple[int, int] | None:
        """The part of ``run`` from its first role word (and the adjectives before it) to its end."""
        roles = [i for i, t in enumerate(run) if self._role(t.text) and not self._is_person(t)]
        if not roles or self.words.is_plural(run[roles[0]].text):
            return None
        # Another name only inside the role's complement ("пресс-секретарь Путина Дмитрий Песков").
        people = [i for i, t in enumerate(run) if self._is_person(t)]
        if people and people[0] < roles[0]:
            roles = [i for i in roles if i > people[-1]]
            if not roles:
                return None
        first = roles[0]
        if first > 0 and self._kin(run[first - 1].text):
            return None  # "муж актрисы Сергей Сенин": the role is the wife's
        while first > 0 and self._is_adjective(run[first - 1]):
            first -= 1
        kept = run[first:]
        while kept and kept[-1].text.lower() in self.inner:
            kept.pop()
        return (kept[0].start, kept[-1].end) if kept else None

    def _is_adjective(self, token: _Token) -> bool:
        word = token.text
        # Capitalised only where a sentence opens ("Российский диктатор Путин ...").
        opens = re.search(r"(?:^|[.!?…]\s+|\n)[\W_]*$", self.text[max(0, token.start - 40) : token.start]) is not None
        return (word[:1].islower() or opens) and word.lower() not in self.stop \
            and bool(_ADJECTIVE[self.language].match(word.lower()))

    def _phrase(self, start: int, end: int) -> tuple[int, int] | None:
        """A role phrase that fills [start, end) (an appositive): adjectives, a role word, its complement."""
        tokens = _tokens(self.text, start, end)
        if not tokens or len(tokens) > _MAX_APPOSITIVE_WORDS or not self.text[start:end].strip():
            return None
        # Italian and the others may open with an article ("il presidente russo").
        lead = 0
        while lead < len(tokens) and tokens[lead].text.lower().rstrip("'’") in ("il", "lo", "la", "l", "i", "gli", "le", "un", "uno", "una"):
            lead += 1
        body = tokens[lead:]
        # The phrase ends before the first word no role phrase holds ("глава профсоюза с 2015 года").
        stop = next((i for i, t in enumerate(body) if not self._allowed(t) or self._is_person(t)), len(body))
        body = body[:stop]
        while body and body[-1].text.lower() in self.inner:
            body.pop()
        roles = [i for i, t in enumerate(body) if self._role(t.text)]
        if not roles or any(not self._is_adjective(t) for t in body[: roles[0]]) \
                or self.words.is_plural(body[roles[0]].text):
            return None
        return tokens[0].start, body[-1].end


def stop_words(language: str) -> frozenset[str]:
    """Conjunctions, prepositions, pronouns and auxiliaries of ``language``: words no role phrase holds."""
    return _STOP_WORDS.get(language, frozenset())


def holds_listed_role_word(text: str, language: str) -> bool:
    """Whether a label's text holds a word of the shipped role-word list (else its role word came from
    the dictionary)."""
    words = role_words(language)
    return any(words.lookup(w) for w in _WORD.findall(text))


def find_role_labels(text: str, language: str, entities: Sequence[Entity]) -> list[Label]:
    """The role labels of the people among ``entities`` (``title``, ``appositive``, ``predicate``), in text
    order; none for a language without role words."""
    if language not in LANGUAGES:
        return []
    return RoleLabeller(text, language, entities).find()


# An adjective's case ending, cut so that its case forms meet ("российского", "российский": "российск";
# "білоруська", "білоруської": "білоруськ"). Not :data:`_ADJECTIVE`'s endings: those tell an adjective
# from other words ("-ська" whole), these are only the inflection, down to a single vowel.
_ADJECTIVE_ENDING = re.compile(r"(?:ого|его|ому|ему|ыми|ими|ього|ьому|іми|ый|ий|ій|ой|ая|яя|ое|ее|ые|ие|ым|им|ім|"
                               r"ую|юю|ых|их|іх|ою|ої|а|я|е|і|у|ю)$")


def label_key(text: str, language: str | None) -> str:
    """One key for the case forms of a role label, so that an outlet writing "пресс-секретаря президента"
    in one sentence and "пресс-секретарь президента" in the next uses one label: up to its first role
    word, a role word stands in its dictionary form and an adjective without its case ending; the words
    after it (the genitive "президента") keep their form. Other languages: the text in lower case."""
    plain = " ".join(text.lower().split())
    if language not in ("ru", "uk"):
        return plain
    words, tokens = role_words(language), _WORD.findall(plain)
    for position, token in enumerate(tokens):
        found = words.lookup(token)
        if found:
            before = [_ADJECTIVE_ENDING.sub("", w) if _ADJECTIVE[language].match(w) else w for w in tokens[:position]]
            return " ".join([*before, found[0].lower(), *tokens[position + 1:]])
    return plain


def role_groups(labels: Sequence[Label], language: str) -> dict[str, set[str]]:
    """The role words' groups each entity's labels name: {entity key: {"head", "spokesman", ...}}."""
    words = role_words(language)
    groups: dict[str, set[str]] = {}
    for label in labels:
        for token in _WORD.finditer(label.text):
            found = words.lookup(token.group())
            if found:
                groups.setdefault(label.entity, set()).add(found[1])
    return groups
