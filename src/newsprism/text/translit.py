"""Names in Cyrillic written in Latin letters, and other romanisations read the English way.

Entity keys are compared in Latin letters, so a Russian, a Ukrainian and an English article that
name one person must give one key. Two steps do that:

- :func:`transliterate` writes Cyrillic in Latin letters, choosing per word between the Russian,
  the Ukrainian and the Serbian scheme. The letters are chosen to land where the common English
  spelling lands once names are folded (``y``/``i``, ``kh``/``h``, ``w``/``v``, doubled letters):
  Песков and Пєсков give "Peskov", Зеленский and Зеленський "Zelenskiy" / "Zelenskyy", both
  folding with "Zelensky". Text without Cyrillic comes back unchanged, so keys of Latin text stay
  exactly what they were.
- :func:`romanisation_variants` rewrites a Latin spelling made under another language's
  conventions (Czech and Polish letters, Polish ``sz``, German ``j``, Italian ``sci``) into the
  English one: "Lukašenko" reads "lukashenko", "Šojgu" "shoygu", "Selenskyj" "zelenskyy". The
  corpus pass uses it to join such spellings; keys never go through it, because the same letters
  spell other languages' own names (Vučić, Rajnath) that English keys must keep.
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# A Cyrillic word: letters (combining marks kept with them) and the Ukrainian apostrophe between them.
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff\u0300-\u036f]+(?:['’ʼ`][\u0400-\u04ff][\u0400-\u04ff\u0300-\u036f]*)*")
_APOSTROPHES = "'’ʼ`"
_VOWELS = frozenset("аеёиоуыэюяіїє")
_HUSHING = frozenset("жчшщ")

# Letters that read the same in both schemes.
_COMMON = {
    "а": "a", "б": "b", "в": "v", "д": "d", "ж": "zh", "з": "z", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ь": "", "ю": "yu", "я": "ya",
    "ґ": "g", "ў": "w",  # Belarusian ў, as BGN/PCGN write it
    # Letters of other Cyrillic alphabets (Kazakh, Tatar, Bashkir, Tajik ...) and pre-1918 Russian, read
    # plainly, so that a key stays in Latin letters.
    "ә": "a", "ғ": "g", "қ": "k", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "җ": "zh", "ҳ": "h",
    "ҷ": "j", "ӣ": "i", "ӯ": "u", "ҡ": "k", "ҙ": "z", "ҫ": "s", "ӈ": "ng", "ѣ": "e", "ѳ": "f", "ѵ": "i",
}
_RUSSIAN = {**_COMMON, "г": "g", "е": "e", "ё": "yo", "и": "i", "ы": "y", "э": "e", "і": "i"}
# Each scheme reads every letter of the others too: a word may mix them (a typo, a loan).
_UKRAINIAN = {**_RUSSIAN, "г": "h", "е": "e", "є": "ye", "и": "y", "і": "i", "ї": "yi"}
# Serbian and Macedonian Cyrillic, letter for letter as their own Latin alphabet writes it, so
# "Вучић" meets "Vučić" (and, folded, "Vucic").
_SERBIAN = {
    **_UKRAINIAN,
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z", "и": "i",
    "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
    "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
}
_SERBIAN_ONLY = frozenset("ђјљњћџѓќѕ")
_UKRAINIAN_ONLY = frozenset("іїєґ")
# Letter pairs Russian does not write but Ukrainian does (Луганськ, Донецьк, Корольов).
_UKRAINIAN_PAIRS = ("ськ", "цьк", "зьк", "ьо")


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


def transliterate(text: str, ukrainian: bool = False) -> str:
    """``text`` with every Cyrillic word in Latin letters (Russian, Ukrainian or Serbian scheme, as the
    word's letters show, or Ukrainian for every non-Serbian word when ``ukrainian``); any other text is
    returned as it is."""
    if not has_cyrillic(text):
        return text
    # Composed letters: й, ё and ї must not reach the tables as и, е and і plus a mark.
    return _CYRILLIC_WORD.sub(lambda m: _word(m.group(), ukrainian), unicodedata.normalize("NFC", text))


def _scheme(lower: str, ukrainian: bool) -> dict[str, str]:
    if any(c in _SERBIAN_ONLY for c in lower):
        return _SERBIAN
    if ukrainian or any(c in _UKRAINIAN_ONLY for c in lower) or any(p in lower for p in _UKRAINIAN_PAIRS) \
            or any(a in lower for a in _APOSTROPHES):
        return _UKRAINIAN
    return _RUSSIAN


def _word(word: str, ukrainian: bool) -> str:
    lower = word.lower()
    scheme = _scheme(lower, ukrainian)
    shouting = len(word) > 1 and word.isupper()
    out = []
    for i, letter in enumerate(lower):
        if letter in _APOSTROPHES:
            continue  # the Ukrainian apostrophe only says the next vowel is iotated
        before = lower[i - 1] if i else ""
        after = lower[i + 1] if i + 1 < len(lower) else ""
        latin = _letter(letter, before, after, scheme)
        if word[i] != letter and latin:
            latin = latin.upper() if shouting else latin.capitalize()
        out.append(latin)
    return "".join(out)


def _letter(letter: str, before: str, after: str, scheme: dict[str, str]) -> str:
    """One Cyrillic letter in Latin, given its neighbours in the word."""
    iotated = not before or before in _VOWELS or before in "ъь" or before in _APOSTROPHES
    if scheme is _RUSSIAN:
        if letter == "е" and iotated:
            return "ye"  # Yeltsin, Andreyev
        if letter == "ё" and before in _HUSHING:
            return "e"  # Gorbachev, Khrushchev: no y after a hushing consonant
    if scheme is _UKRAINIAN and letter == "є" and not iotated:
        return "e"  # Пєсков: є after a consonant spells the Russian name's е
    if scheme is _UKRAINIAN and letter == "ї" and before:
        return "i"  # Київ: Kyiv, as Ukraine's own romanisation writes it
    if letter == "ь" and after == "о" and scheme is not _SERBIAN:
        return "y"  # Корольов, бульон: Korolyov
    return scheme.get(letter, letter)


# -- other Latin romanisations, read the English way ------------------------------------------
# Letters of Czech, Slovak, Polish, Croatian and Slovene spellings of Cyrillic names.
_LETTERS = {"š": "sh", "ś": "sh", "č": "ch", "ć": "ch", "ž": "zh", "ż": "zh", "ź": "zh", "ł": "l"}
_VOWEL = "aeiouyáéíóúýąęěů"
# A spelling made under Central European conventions: one of the letters above, Polish sz, German
# tsch, the adjective ending -ij/-yj, Polish -owski, the feminine -owa, a j that English would not
# write (Sergej, Šojgu, Semjon, Jakowlew), or Polish ie in a name ending -ow/-ew (Pieskow). In such a
# name every j is the glide English writes y.
_CENTRAL = re.compile(
    rf"[{''.join(_LETTERS)}]|sz|tsch|\w\w[iy]j\b|\w[oe]wski\b|\w{{3}}[oe]wa\b"
    rf"|[{_VOWEL}]j(?![{_VOWEL}])|[^\W{_VOWEL}n]j[{_VOWEL}]|\bj[{_VOWEL}]\w*[oe]wa?\b"
    rf"|\b\w*[^\W{_VOWEL}]ie\w*[oe]wa?\b"
)
_ITALIAN_SH = re.compile(r"\bsci(?=[aou])")  # Scioigu: sci before a, o, u is sh
_GERMAN_CH = re.compile(r"(?<![stcz])ch")  # Chodorkowski, Michail: ch is kh unless it ends sch/tsch/cz
_POLISH_IE = re.compile(rf"(?<=[^\W{_VOWEL}])ie")
_GERMAN_S = re.compile(rf"\bs(?=[{_VOWEL}])")  # German writes З as S: Selenskyj, Sacharowa


_FINAL_OU = re.compile(r"(?<=[^aeiouy\W])ou\b")


def romanisation_variants(name: str) -> tuple[str, ...]:
    """``name`` (lower case) read as the English romanisation would write it: first the likeliest
    reading, then any other the spelling leaves open (German writes С and З both as S; a Cyrillic name
    with no Ukrainian letter may be Ukrainian, whose г English writes h: Гончаренко, Honcharenko).
    Empty when the name already reads the English way, which is the case for names written in English."""
    text = unicodedata.normalize("NFC", transliterate(name).lower())
    readings = _latin_readings(text)
    if has_cyrillic(name):
        readings += _latin_readings(unicodedata.normalize("NFC", transliterate(name, ukrainian=True).lower()))
        # Cyrillic writes an English name's final "ow" as "оу" (Марлоу, Кроу): read it back as "ow" too
        readings += [_FINAL_OU.sub("ow", r) for r in readings if _FINAL_OU.search(r)]
    readings = list(dict.fromkeys(readings))
    return tuple(readings) if readings != [text] else ()


def _latin_readings(text: str) -> list[str]:
    read = _ITALIAN_SH.sub("sh", text)
    if not _CENTRAL.search(read):
        return [read]
    read = _GERMAN_CH.sub("kh", read)
    read = read.replace("szcz", "shch").replace("sz", "sh")
    read = _POLISH_IE.sub("e", read)
    read = "".join(_LETTERS.get(c, c) for c in read)
    voiced = _GERMAN_S.sub("z", read)
    return [read.replace("j", "y"), voiced.replace("j", "y")]
