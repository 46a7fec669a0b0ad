"""The shared text primitives: paragraphs, sentences, quote spans, tokens, month names and F1."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsprism.text.metrics import f1, prf, ratio
from newsprism.text.months import MONTH_NAME, MONTHS, month_number
from newsprism.text.paragraphs import Paragraph, paragraphs
from newsprism.text.quotes import find_marked, quoted_spans
from newsprism.text.sentences import sentence_spans
from newsprism.text.tokens import (
    compound_words,
    folded_words,
    letter_words,
    word_count,
    words,
    words_and_numbers,
)


def _quoted(text: str) -> list[str]:
    return [text[a:b] for a, b in quoted_spans(text)]


# -- paragraphs ----------------------------------------------------------------------------------
def test_paragraphs_are_lines_with_offsets():
    text = "First line.\nSecond line.\n\nThird."
    found = paragraphs(text)
    assert [p.text for p in found] == ["First line.", "Second line.", "Third."]
    assert all(text[p.start:p.end] == p.text for p in found)
    assert found[2] == Paragraph("Third.", 26, 32)


def test_paragraphs_of_a_body_split_at_blank_lines_only():
    body = "Headline\n\nA line\nthat wraps.\n\n\n\nLast"
    found = paragraphs(body, "\n\n")
    assert [p.text for p in found] == ["Headline", "A line\nthat wraps.", "Last"]
    assert all(body[p.start:p.end] == p.text for p in found)


def test_a_paragraph_of_spaces_is_kept_but_blank():
    found = paragraphs("one\n   \ntwo")
    assert [p.blank for p in found] == [False, True, False]
    assert paragraphs("") == [] and paragraphs("\n\n\n") == []
    with pytest.raises(ValueError):
        paragraphs("text", "")


def test_paragraph_words_count_cjk_by_characters():
    assert Paragraph("Three short words", 0, 17).words == 3
    assert word_count("東京都庁") == 1 + 2


@given(st.text(alphabet="ab \n", max_size=60), st.sampled_from(["\n", "\n\n"]))
def test_paragraphs_cover_the_text_but_the_separators(text: str, separator: str):
    found = paragraphs(text, separator)
    assert all(p.text and text[p.start:p.end] == p.text for p in found)
    assert all(a.end < b.start for a, b in zip(found, found[1:]))
    assert "".join(p.text for p in found) == "".join(text.split(separator))


# -- sentences -----------------------------------------------------------------------------------
def test_sentences_end_at_terminal_punctuation_before_a_capital():
    text = "The vote passed. Critics objected! Will it last? Nobody knows."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "The vote passed.", "Critics objected!", "Will it last?", "Nobody knows.",
    ]


def test_abbreviations_and_initials_end_no_sentence():
    text = "Mr. Vasko met J. Smith and U.S. officials on Jan. 5 in St. Petersburg. Then he left."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Mr. Vasko met J. Smith and U.S. officials on Jan. 5 in St. Petersburg.", "Then he left.",
    ]


def test_sentences_in_other_languages_and_after_quotes():
    russian = "Переговоры начались утром. «Мы готовы», — сказал он. Итоги ждут к вечеру."
    assert [russian[a:b] for a, b in sentence_spans(russian)] == [
        "Переговоры начались утром.", "«Мы готовы», — сказал он.", "Итоги ждут к вечеру.",
    ]
    english = "He said: “It is over.” The talks ended."
    assert [english[a:b] for a, b in sentence_spans(english)] == ["He said: “It is over.”", "The talks ended."]


def test_a_line_break_always_ends_a_sentence_and_lower_case_continues_one():
    text = "  A headline without a stop\nthe price rose 2.5 per cent. e.g. this stays.  "
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "A headline without a stop", "the price rose 2.5 per cent. e.g. this stays.",
    ]


@given(st.text(alphabet="Ab .!?\n“”", max_size=80))
def test_sentence_spans_are_stripped_ordered_and_inside_the_text(text: str):
    spans = sentence_spans(text)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(text[a:b] == text[a:b].strip() for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))


# -- quotes --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("He said “we will stay” and left.", ["we will stay"]),
        ("Er sagte „wir bleiben hier“ gestern.", ["wir bleiben hier"]),
        ("Ha detto «resteremo qui» ieri.", ["resteremo qui"]),
        ("Il a dit « nous restons » hier.", [" nous restons "]),
        ("Він сказав: «Ми залишаємось» учора.", ["Ми залишаємось"]),
        ('She said "we stay" twice.', ["we stay"]),
        ("Han sa ”vi stannar” igår.", ["vi stannar"]),
        ("Han sagde »vi bliver« i går.", ["vi bliver"]),
        ("He called it ‘a farce’ loudly.", ["a farce"]),
        ("He said ''we are staying'' again.", ["we are staying"]),
        ("He said `` we are staying , '' again .", [" we are staying , "]),
    ],
)
def test_quote_marks_of_every_style(text: str, inside: list[str]):
    assert _quoted(text) == inside


def test_apostrophes_do_not_open_or_close_quotes():
    assert _quoted("Don’t touch Belarus’s border, the players' union said.") == []


def test_a_nested_quote_stays_inside_the_outer_one():
    text = "He said “they called it ‘a farce’ at once” and left."
    assert _quoted(text) == ["they called it ‘a farce’ at once"]
    assert len(find_marked(text)) == 1


def test_an_unbalanced_mark_never_swallows_the_next_paragraph():
    text = "He said “we will stay and fight on\nThe next paragraph has “its own” quote."
    assert _quoted(text) == ["we will stay and fight on", "its own"]
    # Too short to be a quotation carried over: a stray mark, not a quote.
    assert _quoted("A stray “mark here\nNothing.") == []


def test_a_quotation_left_open_continues_into_the_next_paragraph():
    text = "“We will stay,” she said. “We have no choice\nand nobody will move us,” she added."
    assert _quoted(text) == ["We will stay,", "We have no choice", "and nobody will move us,"]


@given(st.text(alphabet="ab ’'\"“”‘«»„`\n", max_size=80))
def test_quote_spans_lie_in_the_text_and_do_not_overlap(text: str):
    spans = quoted_spans(text)
    assert all(0 <= a <= b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))


# -- tokens --------------------------------------------------------------------------------------
def test_words_in_several_languages():
    assert words("Prices rose 4% in Kyiv_2024.") == ["Prices", "rose", "4", "in", "Kyiv_2024"]
    assert words("Цены выросли на 4%.") == ["Цены", "выросли", "на", "4"]
    assert words("Ціни зросли, прем'єр мовчить.") == ["Ціни", "зросли", "прем", "єр", "мовчить"]
    assert words("L'inflazione è salita.") == ["L", "inflazione", "è", "salita"]


def test_folded_words_ignore_case_and_presentation_forms():
    assert folded_words("ＦＵＬＬ width ﬁle STRASSE") == ["full", "width", "file", "strasse"]
    assert folded_words("Straße") == folded_words("STRASSE")
    assert folded_words("Київ, КИЇВ") == ["київ", "київ"]


def test_letter_words_keep_apostrophes_and_split_at_digits_and_hyphens():
    assert letter_words("Trump's far-left critics don’t 2x") == ["Trump's", "far", "left", "critics", "don’t", "x"]
    assert letter_words("dell'Italia, l’economia") == ["dell'Italia", "l’economia"]
    assert letter_words("Прем’єр-міністр заявив") == ["Прем’єр", "міністр", "заявив"]


def test_words_and_numbers_keep_figures_whole():
    assert words_and_numbers("1,300 killed in 2024, 7.5 magnitude") == ["1,300", "killed", "in", "2024", "7.5", "magnitude"]
    assert words_and_numbers("Погибли 12 человек") == ["Погибли", "12", "человек"]


def test_compound_words_are_lower_cased_with_plain_apostrophes():
    assert compound_words("A well-known MP didn’t vote") == ["a", "well-known", "mp", "didn't", "vote"]
    assert compound_words("Не голосував прем’єр-міністр") == ["не", "голосував", "прем'єр-міністр"]
    assert compound_words("Non è l’ora") == ["non", "è", "l'ora"]


# -- months --------------------------------------------------------------------------------------
def test_month_names_and_abbreviations():
    assert len(set(MONTHS.values())) == 12
    assert MONTHS["january"] == 1 and MONTHS["may"] == 5 and MONTHS["sept"] == MONTHS["sep"] == 9
    assert month_number("Dec.") == 12 and month_number(" MARCH ") == 3
    assert month_number("Smarch") is None


def test_month_name_pattern_finds_whole_words_only():
    assert [m.group() for m in MONTH_NAME.finditer("On Sept. 3 and in March, not in Marching or Mayor")] == [
        "Sept", "March",
    ]


# -- metrics -------------------------------------------------------------------------------------
def test_f1_is_the_harmonic_mean():
    assert f1(1.0, 1.0) == 1.0
    assert f1(0.5, 1.0) == pytest.approx(2 / 3)
    assert f1(0.0, 1.0) == 0.0


def test_zero_counts_give_zero_rather_than_an_error():
    assert f1(0.0, 0.0) == 0.0
    assert ratio(3, 0) == 0.0
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)
    assert prf(0, 0, 5) == (0.0, 0.0, 0.0)


def test_prf_from_counts():
    precision, recall, score = prf(6, 2, 4)
    assert (precision, recall) == (0.75, 0.6)
    assert score == pytest.approx(2 * 0.75 * 0.6 / 1.35)


@given(st.floats(0, 1), st.floats(0, 1))
def test_f1_lies_between_the_smaller_score_and_the_mean(p: float, r: float):
    score = f1(p, r)
    assert min(p, r) - 1e-12 <= score <= (p + r) / 2 + 1e-12
