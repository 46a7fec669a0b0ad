"""Quotes and reported speech in Russian, Ukrainian and Italian, on sentences written for these tests.

Every layout the finder reads, in each language: quotation marks of each style (and nested ones),
dialogue dashes, the reporter's words inside a quotation, a cue after or before the quotation, "Name:
«…»", "according to", "as X said", "this was said by X", "X said that …", a trailing verb, pronouns and
verbs with no subject; and what is not speech (names in quote marks, naming verbs over content).
"""

from __future__ import annotations

import re

import pytest

from newsprism.annotate.speech import cue_words, find_speech, name_gender, read_cue_rows, verb_gender
from newsprism.schema import Entity, Mention, Quote


def person(key: str, text: str, *names: str, name: str | None = None, kind: str = "person") -> Entity:
    mentions = sorted(
        (Mention(m.start(), m.end(), m.group()) for n in names for m in re.finditer(r"(?<!\w)" + re.escape(n) + r"(?!\w)", text)),
        key=lambda m: m.start,
    )
    assert mentions, names
    return Entity(key, name or names[0], kind, tuple(mentions))  # type: ignore[arg-type]


def quotes(text: str, language: str, *entities: Entity) -> list[Quote]:
    found = find_speech(text, language, list(entities))
    for q in found:
        assert text[q.start : q.end] == q.text
        if q.speaker_start is not None and q.speaker_end is not None:
            assert text[q.speaker_start : q.speaker_end] == q.speaker
    return found


def said(found: list[Quote]) -> list[tuple[str, str, str | None]]:
    return [(q.text, q.kind, q.speaker_key) for q in found]


# -- marks and the cue after them ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("ru", "«Цены на хлеб не вырастут до весны», — заявил министр Пётр Лаптев.", "Пётр Лаптев"),
        ("ru", "„Цены на хлеб не вырастут до весны“, — сказала министр Вера Круглова.", "Вера Круглова"),
        ("uk", "«Ціни на хліб не зростуть до весни», – заявив міністр Петро Лапко.", "Петро Лапко"),
        ("uk", "„Ціни на хліб не зростуть до весни“, – зазначила міністерка Віра Круть.", "Віра Круть"),
        ("it", "«I prezzi del pane non saliranno prima della primavera», ha detto il ministro Pietro Lanza.",
         "Pietro Lanza"),
        ("it", "“I prezzi del pane non saliranno prima della primavera” – ha dichiarato Vera Conte.", "Vera Conte"),
        ("it", "‹I prezzi del pane non saliranno prima della primavera›, ha affermato Vera Conte.", "Vera Conte"),
    ],
)
def test_a_quotation_and_the_cue_after_it(language: str, text: str, name: str) -> None:
    (quote,) = quotes(text, language, person("x", text, name))
    assert quote.kind == "direct" and quote.speaker_key == "x" and quote.speaker == name
    assert quote.text.startswith(("Цены", "Ціни", "I prezzi"))


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "«Это мы называем „технической паузой“, а не отказом», — подчеркнул Игорь Ветров."),
        ("uk", "«Це ми називаємо „технічною паузою“, а не відмовою», – наголосив Ігор Ветров."),
        ("it", "«Questa la chiamiamo “pausa tecnica”, non rinuncia», ha sottolineato Igor Vetri."),
    ],
)
def test_a_nested_quotation_stays_inside_the_outer_one(language: str, text: str) -> None:
    name = re.search(r"(Игорь Ветров|Ігор Ветров|Igor Vetri)", text)
    assert name is not None
    (quote,) = quotes(text, language, person("v", text, name.group()))
    assert quote.speaker_key == "v" and ("„" in quote.text or "“" in quote.text)


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("ru", "Министр Пётр Лаптев заявил: «Мы закроем завод до конца года».", "Пётр Лаптев"),
        ("uk", "Міністр Петро Лапко заявив: «Ми закриємо завод до кінця року».", "Петро Лапко"),
        ("it", "Il ministro Pietro Lanza ha dichiarato: «Chiuderemo la fabbrica entro la fine dell'anno».",
         "Pietro Lanza"),
        ("ru", "Лаптев: «Мы закроем завод до конца года»", "Лаптев"),
        ("it", "Lanza: «Chiuderemo la fabbrica entro la fine dell'anno»", "Lanza"),
    ],
)
def test_a_cue_or_a_name_before_a_colon(language: str, text: str, name: str) -> None:
    (quote,) = quotes(text, language, person("p", text, name))
    assert quote.kind == "direct" and quote.speaker_key == "p"


# -- dialogue and the reporter's words inside a quotation ---------------------------------------------
@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("ru", "— Мы готовы к переговорам, — сказал Андрей Сомов. — Но не на любых условиях.", "Андрей Сомов"),
        ("uk", "– Ми готові до переговорів, – сказав Андрій Сомко. – Але не на будь-яких умовах.", "Андрій Сомко"),
    ],
)
def test_dialogue_dashes_give_both_pieces_to_the_speaker(language: str, text: str, name: str) -> None:
    found = quotes(text, language, person("s", text, name))
    assert [q.speaker_key for q in found] == ["s", "s"]
    assert found[0].text.startswith(("Мы", "Ми")) and found[1].text.startswith(("Но", "Але"))


def test_a_dialogue_paragraph_without_the_reporter_is_no_quote() -> None:
    text = "— Когда откроется музей?\n— Думаю, весной."
    assert quotes(text, "ru") == []


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("ru", "«Мы договорились, — пояснил Олег Дубов, — что забастовка начнётся в пятницу».", "Олег Дубов"),
        ("uk", "«Ми домовилися, – пояснив Олег Дубко, – що страйк почнеться в п'ятницю».", "Олег Дубко"),
        ("it", "«Abbiamo deciso – ha spiegato Olga Dubini – di iniziare lo sciopero venerdì».", "Olga Dubini"),
    ],
)
def test_the_reporters_words_inside_a_quotation(language: str, text: str, name: str) -> None:
    found = quotes(text, language, person("d", text, name))
    assert [q.speaker_key for q in found] == ["d", "d"]
    assert all(name not in q.text for q in found)


# -- reported speech ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "text", "name", "content"),
    [
        ("ru", "По словам Лаптева, завод закроют до конца года.", "Лаптева", "завод закроют до конца года"),
        ("uk", "За словами Лапка, завод закриють до кінця року.", "Лапка", "завод закриють до кінця року"),
        ("it", "Secondo Lanza, la fabbrica chiuderà entro l'anno.", "Lanza", "la fabbrica chiuderà entro l'anno"),
        ("ru", "Как заявил Лаптев, завод закроют до конца года.", "Лаптев", "завод закроют до конца года"),
        ("uk", "Як зазначив Лапко, завод закриють до кінця року.", "Лапко", "завод закриють до кінця року"),
        ("it", "Come ha spiegato Lanza, la fabbrica chiuderà entro l'anno.", "Lanza",
         "la fabbrica chiuderà entro l'anno"),
        ("ru", "Министр Лаптев заявил, что завод закроют до конца года.", "Лаптев", "завод закроют до конца года"),
        ("uk", "Міністр Лапко сказав, що завод закриють до кінця року.", "Лапко", "завод закриють до кінця року"),
        ("it", "Il ministro Lanza ha detto che la fabbrica chiuderà entro l'anno.", "Lanza",
         "la fabbrica chiuderà entro l'anno"),
        ("it", "Lanza ha assicurato di voler chiudere la fabbrica.", "Lanza", "voler chiudere la fabbrica"),
    ],
)
def test_frames_of_reported_speech(language: str, text: str, name: str, content: str) -> None:
    (quote,) = quotes(text, language, person("l", text, name))
    assert (quote.text, quote.kind, quote.speaker_key) == (content, "indirect", "l")


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("ru", "Завод закроют до конца года. Об этом в понедельник сообщил министр Пётр Лаптев.", "Пётр Лаптев"),
        ("uk", "Завод закриють до кінця року. Про це повідомив міністр Петро Лапко.", "Петро Лапко"),
        ("it", "La fabbrica chiuderà entro l'anno. Lo ha annunciato il ministro Pietro Lanza.", "Pietro Lanza"),
    ],
)
def test_this_was_said_by_reports_the_sentence_before(language: str, text: str, name: str) -> None:
    (quote,) = quotes(text, language, person("l", text, name))
    assert quote.kind == "indirect" and quote.speaker_key == "l"
    assert quote.text == text.split(".")[0]


def test_this_was_said_by_takes_a_quotation_before_it() -> None:
    text = "«Завод закроют до конца года». Об этом заявил министр Пётр Лаптев."
    (quote,) = quotes(text, "ru", person("l", text, "Пётр Лаптев"))
    assert (quote.text, quote.kind, quote.speaker_key) == ("Завод закроют до конца года", "direct", "l")


def test_about_this_man_is_no_report() -> None:
    text = "Лаптев давно руководит заводом. Об этом человеке говорят разное."
    assert quotes(text, "ru", person("l", text, "Лаптев")) == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "Переговоры, по словам Лаптева, прошли спокойно."),
        ("it", "I negoziati, secondo Lanza, si sono svolti con calma."),
    ],
)
def test_according_to_in_the_middle_reports_the_sentence(language: str, text: str) -> None:
    name = re.search(r"Лаптева|Lanza", text)
    assert name is not None
    (quote,) = quotes(text, language, person("l", text, name.group()))
    assert quote.text == text.rstrip(".") and quote.speaker_key == "l"


def test_a_trailing_verb_attributes_the_words_before_it() -> None:
    text = "La Bielorussia resta il nostro principale alleato, ha detto Pietro Lanza."
    (quote,) = quotes(text, "it", person("l", text, "Pietro Lanza"))
    assert quote.text == "La Bielorussia resta il nostro principale alleato" and quote.speaker_key == "l"


def test_content_stops_where_another_speakers_frame_begins() -> None:
    text = "Лаптев заявил, что визит «вызывает сожаление», а министр Круглова отметила, что он «ранит чувства»."
    found = quotes(text, "ru", person("l", text, "Лаптев"), person("k", text, "Круглова"))
    assert [q.speaker_key for q in found] == ["l", "k"]
    assert "Круглова" not in found[0].text


# -- pronouns and verbs with no subject ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ru", "Вера Круглова встретилась с Петром Лаптевым. «Мы обсудили налоги», — сказала она.", "k"),
        ("ru", "Вера Круглова встретилась с Петром Лаптевым. «Мы обсудили налоги», — сказал он.", "l"),
        ("uk", "Віра Круть зустрілася з Петром Лапком. «Ми обговорили податки», – сказала вона.", "k"),
        ("it", "Vera Conte ha incontrato Pietro Lanza. «Abbiamo discusso delle tasse», ha detto lei.", "k"),
        ("it", "Vera Conte ha visitato il cantiere. «I lavori procedono», ha spiegato.", "k"),
    ],
)
def test_pronouns_and_subjectless_verbs_take_the_last_person_who_agrees(language: str, text: str, expected: str) -> None:
    names = {"ru": (("Вера Круглова", "Вера Круглова"), ("Петром Лаптевым", "Пётр Лаптев")),
             "uk": (("Віра Круть", "Віра Круть"), ("Петром Лапком", "Петро Лапко")),
             "it": (("Vera Conte", "Vera Conte"), ("Pietro Lanza", "Pietro Lanza"))}[language]
    entities = [person(key, text, mention, name=name) for key, (mention, name) in zip("kl", names, strict=True)
                if mention in text]
    (quote,) = quotes(text, language, *entities)
    assert quote.speaker_key == expected


def test_a_plural_verb_is_not_one_person() -> None:
    text = "Врачи, лечившие Круглову, говорят, что её состояние улучшилось."
    (quote,) = quotes(text, "ru", person("k", text, "Круглову", name="Вера Круглова"))
    assert quote.speaker_key is None


def test_a_role_word_speaker_is_the_one_person_with_that_label() -> None:
    text = ("Губернатор Николай Громов и мэр Павел Орлов провели совещание. «Это давно назревшее решение», "
            "— добавил мэр.")
    (quote,) = quotes(text, "ru", person("g", text, "Николай Громов"), person("o", text, "Павел Орлов"))
    assert (quote.speaker, quote.speaker_key) == ("мэр", "o")


def test_an_italian_speaker_without_entities_is_the_name_near_the_cue() -> None:
    text = "«Non faremo un passo indietro», ha detto il presidente della regione Franco Bellini."
    (quote,) = quotes(text, "it")
    assert (quote.speaker, quote.speaker_key) == ("Franco Bellini", None)


# -- what is not speech --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "Компания «Альфа-Строй» выиграла тендер на строительство так называемой «зелёной» ветки."),
        ("uk", "Газета «Вечірній вісник» вийшла вчора."),
        ("it", "Il quotidiano «Il Corriere del Lago» ha cambiato direttore."),
    ],
)
def test_names_and_scare_quotes_are_not_quotes(language: str, text: str) -> None:
    assert quotes(text, language) == []


def test_a_name_in_quote_marks_after_the_cue_belongs_to_the_reporter() -> None:
    text = "«Цены стабилизируются к весне», — заявил в интервью газете «Вечерний курьер» экономист Аркадий Седов."
    found = quotes(text, "ru", person("s", text, "Аркадий Седов"), person("k", text, "Вечерний курьер",
                                                                          kind="organisation"))
    assert said(found) == [("Цены стабилизируются к весне", "direct", "s")]


def test_a_naming_verb_frames_only_a_quotation() -> None:
    text = "Депутат Елена Ракова назвала законопроект «опасным и непродуманным»."
    assert said(quotes(text, "ru", person("r", text, "Елена Ракова"))) == [("опасным и непродуманным", "partial", "r")]
    definition = "Сполуки, що мають однаковий склад, але різну будову, називають ізомерами."
    assert quotes(definition, "uk") == []


def test_a_verb_not_of_saying_frames_nothing() -> None:
    text = "Лаптев уехал в Москву, что удивило коллег."
    assert quotes(text, "ru", person("l", text, "Лаптев")) == []


def test_other_languages_get_nothing() -> None:
    assert find_speech("«Wir bleiben», sagte er.", "de", []) == []
    assert find_speech("«Мы остаёмся», — сказал он.", None, []) == []


# -- the cue words and the grammar they carry -----------------------------------------------------------
def test_the_shipped_cue_words_cover_both_genders_and_every_frame() -> None:
    from importlib import resources

    rows = read_cue_rows(resources.files("newsprism.annotate").joinpath("speech_cues.tsv").read_text("utf-8"))
    words = {(language, cue) for language, cue, _ in rows}
    for masculine, feminine in (("заявил", "заявила"), ("сказал", "сказала")):
        assert ("ru", masculine) in words and ("ru", feminine) in words
    for masculine, feminine in (("заявив", "заявила"), ("сказав", "сказала"), ("зазначив", "зазначила")):
        assert ("uk", masculine) in words and ("uk", feminine) in words
    for participle in ("detto", "dichiarato", "affermato", "sottolineato", "aggiunto"):
        assert ("it", participle) in words
    for language in ("ru", "uk", "it"):
        cues = cue_words(language)
        assert cues.pronouns and cues.according.pattern and cues.that.pattern
    assert cue_words("it").verb.fullmatch("ha poi aggiunto")


def test_a_bad_cue_row_names_its_row() -> None:
    with pytest.raises(ValueError, match="row 2"):
        read_cue_rows("language\tcue\tframe\nru\tзаявил\tshout\n")


@pytest.mark.parametrize(
    ("name", "language", "gender"),
    [("Вера Круглова", "ru", "f"), ("Пётр Лаптев", "ru", "m"), ("Никита Ветров", "ru", "m"),
     ("Віра Круть", "uk", "f"), ("Микола Кравець", "uk", "m"), ("Giulia Ferri", "it", "f"),
     ("Andrea Galli", "it", "m"), ("Лукашенко", "ru", "")],
)
def test_name_gender(name: str, language: str, gender: str) -> None:
    assert name_gender(name, language) == gender


@pytest.mark.parametrize(
    ("verb", "language", "gender"),
    [("заявил", "ru", "m"), ("заявила", "ru", "f"), ("заявили", "ru", "p"), ("говорят", "ru", "p"),
     ("заявив", "uk", "m"), ("заявила", "uk", "f"), ("кажуть", "uk", "p"), ("hanno detto", "it", "p"),
     ("ha detto", "it", "")],
)
def test_verb_gender(verb: str, language: str, gender: str) -> None:
    assert verb_gender(verb, language) == gender


def test_without_entities_a_verb_with_no_subject_takes_the_name_a_speech_verb_framed() -> None:
    text = ("Il portavoce del governo Dario Lenti ha detto lunedì che la Norvassia non fa pressioni. "
            "«Non forziamo gli alleati», ha aggiunto.")
    found = quotes(text, "it")
    assert [(q.kind, q.speaker) for q in found] == [("indirect", "Dario Lenti"), ("direct", "Dario Lenti")]


def test_a_date_set_off_by_commas_between_the_verb_and_that() -> None:
    text = "Речник уряду Дмитро Ленько заявив у понеділок, 19 грудня, що уряд не змінить курс."
    (quote,) = quotes(text, "uk", person("l", text, "Дмитро Ленько"))
    assert (quote.text, quote.speaker_key) == ("уряд не змінить курс", "l")
