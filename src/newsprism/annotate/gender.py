"""Grammatical gender of the people an article names, for "he" and "she" to find whom they stand for.

The evidence is what a reader uses: an honorific ("Mrs. Brewer"), a gendered title or relation
next to the name ("spokeswoman Lis Smith", "his wife, Ann"), and a common first name. A mention
without its own evidence ("Brewer") takes the gender of the last fuller mention of the same
surname before it, else the one gender the article gives that surname anywhere. Unknown stays
unknown: it agrees with either pronoun.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Literal

Gender = Literal["female", "male"]

FEMALE_PRONOUNS = frozenset(("she", "her", "hers", "herself"))
MALE_PRONOUNS = frozenset(("he", "him", "his", "himself"))

_HONORIFIC = re.compile(r"\b(Mrs|Ms|Miss|Mr)\.?\s*$")
_FEMALE_NOUNS = frozenset("""
spokeswoman congresswoman chairwoman businesswoman councilwoman assemblywoman anchorwoman
stateswoman policewoman woman girl wife mother daughter sister aunt niece grandmother widow actress
queen princess duchess lady mom
""".split())
_MALE_NOUNS = frozenset("""
spokesman congressman chairman businessman councilman assemblyman anchorman statesman policeman
man boy husband father son brother uncle nephew grandfather widower actor king prince duke dad
""".split())

# Common first names whose bearers are, in news text, overwhelmingly of one gender. Names given to
# both (Jordan, Taylor, Kim, Leslie) are left out: they give no evidence.
_FEMALE_NAMES = frozenset("""
abigail alexandra alice alicia alison amanda amy ana angela angelina ann anna anne annie
barbara betsy betty beverly brenda bridget carla carly carmen carol caroline carolyn catherine
cathy cecilia charlotte cheryl christina christine cindy claire claudia connie cynthia daniela
deborah debbie denise diana diane donna doris dorothy eleanor elena elisa elizabeth ellen emily
emma erica erin eva evelyn frances francesca gabriela gina giorgia giulia gloria grace hannah
heather heidi helen hillary holly ilhan irina isabel jacqueline jane janet janice jeanne
jennifer jessica jill joan joanne jodi joyce judith judy julia julie karen katherine kathleen
kathryn kathy katie kimberly kristen kirsten laura lauren linda lisa liz lois lori louise
lucy lydia madeleine malia margaret maria marie marina marsha martha mary megan melania
melissa michelle monica nancy natalia natalie natasha nicole nikki olga olena pamela patricia
paula peggy rachel rebecca rita roberta rosa rose ruth sally samantha sandra sarah
sharon sheila shirley sonia sophia stephanie susan suzanne svetlana sylvia tamara teresa theresa
tina tulsi valentina valerie veronica victoria virginia wendy yulia yuliia zoe
""".split())
_MALE_NAMES = frozenset("""
aaron adam alan albert alberto alexander alexei alexey alfred andrew andrei andriy angelo anthony
antonio arnold arthur barack ben benjamin bernard bernie bill bob bobby brad bradley brandon brian
bruce carl carlos charles christopher chuck clarence craig dan daniel darren dave david
dennis dick dmitry dmitri don donald doug douglas duncan edward emmanuel eric ernest eugene frank
franklin fred gary george gerald giorgio giovanni giuseppe glenn gordon greg gregory harold harry
henry howard ian igor ivan jack jacob jake james jason jay jeb jeff jeffrey jeremy jerry jim jimmy
joe joel john johnny jon jonathan joseph josh joshua juan justin keith ken kenneth kevin larry
lawrence leonard luca luigi luis marco mario mark martin matt matteo matthew maxim
michael mike mitch mitt mohammed muhammad nathan neil nicholas nick nikolai oleg oleksandr paolo
patrick paul peter petro philip pietro ralph randy ray raymond richard rick rob robert roberto
roger ron ronald roy russell ryan samuel scott sean sergei sergey sergio seth stanley
stefano stephen steve steven ted thomas tim timothy todd tom tony victor viktor vincent
vladimir volodymyr walter wayne william yevgeny yuri
""".split())

_COMPOUND_DEPS = ("compound", "appos")


def name_gender(first_word: str) -> Gender | None:
    """The gender a first name gives, if it is a common one-gender name."""
    word = first_word.lower().strip(".")
    if word in _FEMALE_NAMES:
        return "female"
    if word in _MALE_NAMES:
        return "male"
    return None


def pronoun_gender(word: str) -> Gender | None:
    lower = word.lower()
    return "female" if lower in FEMALE_PRONOUNS else "male" if lower in MALE_PRONOUNS else None


def _noun_gender(word: str) -> Gender | None:
    lower = word.lower()
    return "female" if lower in _FEMALE_NOUNS else "male" if lower in _MALE_NOUNS else None


def _own_evidence(text: str, doc: Any, start: int, end: int, name: str) -> Gender | None:
    """What the mention itself and the words fastened to it say."""
    honorific = _HONORIFIC.search(text[max(0, start - 6) : start])
    if honorific:
        return "male" if honorific.group(1) == "Mr" else "female"
    words = name.split()
    if len(words) > 1 and (by_name := name_gender(words[0])):
        return by_name
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    fastened = [c for c in root.children if c.dep_ in _COMPOUND_DEPS and not span.start <= c.i < span.end]
    if root.dep_ in _COMPOUND_DEPS:
        fastened.append(root.head)
    for token in fastened:
        if by_noun := _noun_gender(token.text):
            return by_noun
    return None


def _surname(name: str) -> str:
    words = name.lower().replace("’s", "").replace("'s", "").split()
    return words[-1] if words else ""


def mention_genders(text: str, doc: Any, people: Sequence[tuple[int, int, str]]) -> list[Gender | None]:
    """The gender of each person mention in ``people`` (text order), None where nothing says."""
    own = [_own_evidence(text, doc, s, e, name) for s, e, name in people]
    by_surname: dict[str, set[Gender]] = {}
    for (_, _, name), gender in zip(people, own, strict=True):
        if gender:
            by_surname.setdefault(_surname(name), set()).add(gender)
    genders: list[Gender | None] = []
    last: dict[str, Gender] = {}
    for (_, _, name), gender in zip(people, own, strict=True):
        surname = _surname(name)
        if gender:
            last[surname] = gender
            genders.append(gender)
            continue
        anywhere = by_surname.get(surname, set())
        genders.append(last.get(surname) or (next(iter(anywhere)) if len(anywhere) == 1 else None))
    return genders


def agrees(pronoun: str, gender: Gender | None) -> bool:
    """Whether a mention of ``gender`` may be what ``pronoun`` stands for."""
    wanted = pronoun_gender(pronoun)
    return wanted is None or gender is None or wanted == gender
