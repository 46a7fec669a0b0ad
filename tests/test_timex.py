"""Date expressions: finding, normalising, resolving, and dating an article from its text."""

from __future__ import annotations

import random
from datetime import date

import pytest

from newsprism.annotate.timex import InferredDate, find_dates, infer_publication, resolve_against

PUB = "2022-12-19"  # a Monday
TODAY = date(2026, 11, 22)


def found(text: str, published: str | None = PUB) -> list[tuple[str, str | None, str | None]]:
    mentions = find_dates(text, published)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.value, m.precision) for m in mentions]


def one(text: str, published: str | None = PUB) -> tuple[str, str | None, str | None]:
    result = found(text, published)
    assert len(result) == 1, result
    return result[0]


# --- expression classes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, span",
    [
        ("The vote took place on December 19, 2022, in the capital.", "December 19, 2022"),
        ("Ballots were counted on Dec. 19, 2022 after midnight.", "Dec. 19, 2022"),
        ("Ballots were counted on 19 December 2022 after midnight.", "19 December 2022"),
        ("It happened on Monday, December 19, 2022.", "Monday, December 19, 2022"),
        ("Filed 2022-12-19 by the clerk.", "2022-12-19"),
        ("Datum: 19.12.2022, Berlin.", "19.12.2022"),
        ("Signed 19/12/2022 in London.", "19/12/2022"),
        ("Talks resumed on 19th December, 2022.", "19th December, 2022"),
    ],
)
def test_full_dates(text, span):
    assert one(text, None) == (span, "2022-12-19", "day")


def test_full_date_offsets_are_exact():
    text = "Prelude. On 6 December 2021 the court ruled."
    (m,) = find_dates(text)
    assert (m.start, m.end) == (text.index("6 December"), text.index(" the court"))


@pytest.mark.parametrize(
    "text, span",
    [
        ("The parade is on December 19 this time.", "December 19"),
        ("The parade is on December 19th this time.", "December 19th"),
        ("The parade is on the 19th of December this time.", "the 19th of December"),
        ("The parade is on 19 December this time.", "19 December"),
        ("Officials met on Monday, December 19, to talk.", "Monday, December 19"),
        ("Officials met on Monday, 19 December, to talk.", "Monday, 19 December"),
    ],
)
def test_yearless_day_month(text, span):
    assert one(text, None) == (span, "--12-19", "day")
    assert one(text)[1] == "2022-12-19"


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("Prices rose in December 2022 across the region.", "December 2022", "2022-12"),
        ("Prices rose in Dec. 2022 across the region.", "Dec. 2022", "2022-12"),
        ("Prices rose in December of 2021 across the region.", "December of 2021", "2021-12"),
        ("Prices rose in late December 2021 across the region.", "late December 2021", "2021-12"),
        ("Prices rose in December across the region.", "December", "2022-12"),
        ("Prices rose last February across the region.", "last February", "2022-02"),
        ("Prices may rise next March across the region.", "next March", "2023-03"),
        ("Prices rose last December across the region.", "last December", "2021-12"),
        ("Prices may rise next December across the region.", "next December", "2023-12"),
        ("Prices rose in early December across the region.", "early December", "2022-12"),
        ("Prices rose in mid-December across the region.", "mid-December", "2022-12"),
        ("Prices rose at the end of December across the region.", "the end of December", "2022-12"),
        ("Prices rose at the beginning of November across the region.", "the beginning of November", "2022-11"),
    ],
)
def test_months(text, span, value):
    assert one(text) == (span, value, "month")


def test_month_alone_without_publication_is_yearless():
    assert one("Prices rose in November.", None) == ("November", "--11", "month")
    assert one("Prices rose in December 2022.", None) == ("December 2022", "2022-12", "month")


def test_month_names_that_are_not_dates():
    assert found("Theresa May said the party would march on. A speech by May followed.") == []
    assert found("Dec said hello. The Augusta trip. Marchers gathered.") == []
    assert one("The law passed in May.", "2022-06-10") == ("May", "2022-05", "month")


@pytest.mark.parametrize(
    "text, span",
    [
        ("The conflict began in 2014 and continues.", "2014"),
        ("It has grown since 2014, officials say.", "2014"),
        ("Emissions must halve by 2030.", "2030"),
        ("He lost the 2014 election narrowly.", "2014"),
        ("He lost the 2014 presidential election narrowly.", "2014"),
        ("The 2022 World Cup was held in Qatar.", "2022"),
        ("The plan dates from mid-2019.", "2019"),
    ],
)
def test_years_in_date_context(text, span):
    assert one(text) == (span, span, "year")


@pytest.mark.parametrize(
    "text",
    [
        "The fund holds 2,000 tonnes and 2022 people signed.",
        "The price was $2022 per unit.",
        "About 2022 people marched on the square.",
        "Turnout reached 2022% of the estimate, a typo.",
        "Order number 120225 and code 20221 shipped.",
        "The ratio was 2022.5 on average.",
        "Call 1999 2022 to reach the office.",
        "The range 2014-2018 is not split.",
    ],
)
def test_numbers_that_are_not_years(text):
    assert found(text) == []


# --- relative expressions and resolution ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, value, precision",
    [
        ("Protesters gathered today outside.", "2022-12-19", "day"),
        ("Protesters gathered yesterday outside.", "2022-12-18", "day"),
        ("Protesters gather tomorrow outside.", "2022-12-20", "day"),
        ("Protesters gather tonight outside.", "2022-12-19", "day"),
        ("Sales fell last month.", "2022-11", "month"),
        ("Sales may fall next month.", "2023-01", "month"),
        ("Sales fell this month.", "2022-12", "month"),
        ("Sales fell earlier this month.", "2022-12", "month"),
        ("Sales fell last year.", "2021", "year"),
        ("Sales may rise next year.", "2023", "year"),
        ("Sales rose later this year.", "2022", "year"),
        ("The deal collapsed 3 days ago.", "2022-12-16", "day"),
        ("The deal collapsed two weeks ago.", "2022-12-05", "day"),
        ("The deal collapsed a year ago.", "2021", "year"),
        ("The deal collapsed six months ago.", "2022-06", "month"),
        ("The deal collapsed eleven months ago.", "2022-01", "month"),
    ],
)
def test_relative_expressions(text, value, precision):
    (_, got_value, got_precision) = one(text)
    assert (got_value, got_precision) == (value, precision)


def test_relative_spans_and_weeks():
    assert [t for t, _, _ in found("Sales fell earlier this month, last week and two weeks ago.")] == [
        "earlier this month",
        "two weeks ago",
    ]
    assert found("Over the last year, sales fell. This week is busy. Next week too.") == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("The council met on Monday.", "2022-12-19"),  # publication weekday itself
        ("The council met on Friday.", "2022-12-16"),  # nearest: three days back
        ("The council meets on Thursday.", "2022-12-22"),  # nearest: three days ahead
        ("The council met last Monday.", "2022-12-12"),
        ("The council meets next Monday.", "2022-12-26"),
        ("The council had met on Thursday.", "2022-12-15"),  # past cue
        ("The council will meet on Friday.", "2022-12-23"),  # future cue
    ],
)
def test_weekdays_resolve_against_publication(text, value):
    assert one(text)[1:] == (value, "day")


def test_weekday_span_keeps_its_modifier_and_skips_holidays():
    assert found("The shops opened next Friday and on Black Friday.", PUB) == [("next Friday", "2022-12-23", "day")]
    assert found("He works Mondays.") == []


def test_yearless_dates_pick_the_nearest_year_or_the_tense_side():
    assert one("The blast was on December 28.", "2023-01-03")[1] == "2022-12-28"
    assert one("The summit will open on December 28.", "2023-01-03")[1] == "2023-12-28"
    assert one("The talks begin on January 2.", "2022-12-30")[1] == "2023-01-02"
    assert one("The talks had begun on January 2.", "2023-12-30")[1] == "2023-01-02"


def test_yearless_months_pick_the_nearest_year_or_the_tense_side():
    assert one("Work starts in January.")[1] == "2023-01"
    assert one("Work stopped in June.")[1] == "2022-06"  # a tie keeps the publication year
    assert one("Work will resume in June.")[1] == "2023-06"
    assert one("Work had stopped in November.", "2022-01-10")[1] == "2021-11"


def test_weekday_with_yearless_date_picks_the_matching_year():
    # 19 December falls on a Monday in 2022, a Tuesday in 2023
    assert one("They met on Monday, December 19.", "2023-06-20")[1] == "2022-12-19"


def test_publication_datetime_with_offset():
    assert one("It happened yesterday.", "2022-12-19T10:00:00+02:00")[1] == "2022-12-18"


def test_without_publication_relative_mentions_stay_unresolved():
    assert found("Today, on Monday, three days ago, last year, the mayor spoke.", None) == [
        ("Today", None, None),
        ("Monday", None, None),
        ("three days ago", None, None),
        ("last year", None, None),
    ]
    assert found("It happened yesterday.", "not a date") == [("yesterday", None, None)]


@pytest.mark.parametrize(
    "text",
    [
        "The meeting on February 30 was cancelled.",
        "The meeting on 31 April 2022 was cancelled.",
        "The meeting on 2022-02-30 was cancelled.",
        "The meeting on 30.02.2022 was cancelled.",
        "The meeting on 2022-13-01 was cancelled.",
        "The meeting on February 29, 2023 was cancelled.",
    ],
)
def test_invalid_dates_are_not_reported(text):
    assert found(text) == []


def test_leap_day():
    assert one("The meeting on February 29, 2024 went ahead.") == ("February 29, 2024", "2024-02-29", "day")
    assert one("The meeting on February 29 went ahead.", None) == ("February 29", "--02-29", "day")


def test_mentions_are_ordered_and_do_not_overlap():
    text = (
        "On Monday, December 19, 2022, the minister said that in 2021 the talks failed. Since 2014 the war has\n\n"
        "dragged on; yesterday and on 6 December 2021 there were strikes, and next March talks resume."
    )
    mentions = find_dates(text, PUB)
    assert [m.text for m in mentions] == [
        "Monday, December 19, 2022",
        "2021",
        "2014",
        "yesterday",
        "6 December 2021",
        "next March",
    ]
    for a, b in zip(mentions, mentions[1:]):
        assert a.end <= b.start


# --- inferring the publication date --------------------------------------------------------------


def test_weekday_date_fixed_by_latest_past_year():
    text = "Officials said on Monday, December 19, that talks would start. The previous round was on 6 December 2021."
    inferred = infer_publication(text, TODAY)
    assert inferred is not None
    assert (inferred.value, inferred.precision) == ("2022-12-19", "day")
    assert '"Monday, December 19"' in inferred.evidence and "2021" in inferred.evidence
    mentions, again = resolve_against(text, today=TODAY)
    assert again == inferred
    assert [(m.text, m.value, m.precision) for m in mentions] == [
        ("Monday, December 19", "2022-12-19", "day"),
        ("6 December 2021", "2021-12-06", "day"),
    ]


def test_weekday_date_without_years_takes_the_latest_before_today():
    inferred = infer_publication("On Tuesday, March 5, the council met.", TODAY)
    assert inferred == InferredDate(
        "2024-03-05", "day", 'weekday "Tuesday, March 5" falls on a Tuesday in 2024 (latest such year not after 2026)'
    )
    # Two years earlier, 2024 is not yet reachable: 2019 is the latest Tuesday 5 March
    assert infer_publication("On Tuesday, March 5, the council met.", date(2023, 1, 1)).value == "2019-03-05"


def test_future_years_do_not_raise_the_floor():
    text = "On Monday, December 19, the plan was approved. Emissions must halve by 2030. It was drafted in 2021."
    assert infer_publication(text, TODAY).value == "2022-12-19"
    text = "On Monday, December 19, the plan was approved. The next summit will be in 2027. It began in 2011."
    assert infer_publication(text, TODAY).value == "2011-12-19"


def test_earliest_weekday_date_wins_when_they_disagree():
    text = "On Monday, December 19, the vote was held.\n\nA rerun is set for Tuesday, December 19, officials said."
    assert infer_publication(text, TODAY).value == "2022-12-19"


def test_lede_date_is_placed_after_the_latest_full_date():
    text = (
        "The minister spoke on January 16.\n\n"
        "Earlier, December 6, 2024, the two leaders signed a treaty. Elections will be held on January 26."
    )
    inferred = infer_publication(text, TODAY)
    assert (inferred.value, inferred.precision) == ("2025-01-16", "day")
    assert '"January 16"' in inferred.evidence and '"December 6, 2024"' in inferred.evidence
    mentions, _ = resolve_against(text, today=TODAY)
    assert [(m.text, m.value) for m in mentions] == [
        ("January 16", "2025-01-16"),
        ("December 6, 2024", "2024-12-06"),
        ("January 26", "2025-01-26"),
    ]


def test_full_dates_further_down_do_not_fix_the_publication_date():
    # They are past references: the article is from 2021 or any year after.
    text = "Workers walked out at the plant.\n\nIt had closed on 3 May 2021 and reopened on 9 August 2021. Pay rose in June."
    assert infer_publication(text, TODAY) is None


def test_a_full_date_in_the_lede_does_not_date_the_report():
    # News writes the year only for dates outside the current year: such a date is a reference.
    text = "On 9 August 2021 the plant reopened, a year after it closed on 3 May 2020.\n\nPay rose in June."
    assert infer_publication(text, TODAY) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Tuesday , May 24 , 2005\nThe quake struck at dawn.", "2005-05-24"),  # tokenised, as in ECB+
        ("Quake hits coast\nUpdated: May 16, 2005, 6:03 PM ET\nThe quake struck at dawn.", "2005-05-16"),
        ("WASHINGTON, DC, April 28, 2009\nThe bill passed.", "2009-04-28"),
        ("Bill passes\n\nWed May 5, 2010 7:12pm BST\nThe bill passed.", "2010-05-05"),
        ("Posted 3 March 2009. Updated 4 March 2009.\nThe bill passed.", "2009-03-03"),  # the first stamp
    ],
)
def test_a_date_stamp_near_the_top_dates_the_report(text, value):
    inferred = infer_publication(text, TODAY)
    assert (inferred.value, inferred.precision) == (value, "day")
    assert inferred.evidence.startswith("date stamp")


def test_a_dated_sentence_is_not_a_date_stamp():
    assert infer_publication("The treaty of May 5, 2010 was signed by both leaders.\nTalks went on.", TODAY) is None
    assert infer_publication("Headline\nIntro\nBody\nMay 5, 2010\n", TODAY) is None  # below the first lines
    assert infer_publication("March 3, 2031\nThe archive opened.", TODAY) is None  # after today


def test_a_birth_date_is_no_anchor():
    text = "The actress died on Dec. 2 in a hospital.\nShe was born on April 22, 1923, in Nashville."
    assert infer_publication(text, TODAY) is None


def test_a_weekday_date_far_after_the_latest_year_named_is_ambiguous():
    # 1955 is the latest year named; a Thursday, December 11 falls in 1958, 1969, 1975, ... 2008, 2014.
    text = "The star of the 1950s died Thursday , December 11 , at 85.\nHer films were banned in 1955."
    assert infer_publication(text, TODAY) is None
    near = "The council met on Thursday, December 11.\nIts budget for 2013 was cut."
    assert infer_publication(near, TODAY).value == "2014-12-11"


def test_future_full_dates_are_not_anchors():
    assert infer_publication("The summit will open on March 3, 2025 in Geneva.", TODAY) is None
    assert infer_publication("The archive opened on March 3, 2031.", TODAY) is None  # after today


def test_nothing_to_infer():
    assert infer_publication("The war began in 2014. Elections are due in 2024. It rained yesterday.", TODAY) is None
    assert infer_publication("", TODAY) is None
    mentions, inferred = resolve_against("It rained yesterday.", today=TODAY)
    assert inferred is None and [(m.value, m.precision) for m in mentions] == [(None, None)]


def test_resolve_against_prefers_the_given_publication_date():
    text = "On Monday, December 19, the vote was held. It rained yesterday."
    mentions, inferred = resolve_against(text, "2022-12-20", today=TODAY)
    assert inferred is None
    assert [m.value for m in mentions] == ["2022-12-19", "2022-12-19"]


# --- hostile and foreign input --------------------------------------------------------------------


def test_hostile_strings_run_and_return_lists():
    rng = random.Random(7)
    noise = "".join(rng.choice("0123456789 .,/-:$\nDecMayMondaythe ofin") for _ in range(200_000))
    hostile = [
        noise,
        "7" * 200_000,
        "12.12." * 35_000,
        "December " * 25_000,
        "December" + " " * 200_000 + "19",
        "Monday, " * 25_000,
        "2022-" * 40_000,
        "in 2022 " * 25_000,
    ]
    for text in hostile:
        assert isinstance(find_dates(text, PUB), list)
        assert isinstance(resolve_against(text, today=TODAY)[0], list)


def test_many_dates_keep_exact_offsets():
    text = "On December 1 and 2 May 2020, " * 2_000
    mentions = find_dates(text, PUB)
    assert len(mentions) == 4_000
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_non_latin_text():
    assert find_dates("会议于2022年12月19日举行，约2022人参加。", PUB) == []
    assert find_dates("Встреча прошла 19 декабря 2022 года в Москве.", PUB) == []
    assert find_dates("عقد الاجتماع في ١٩/١٢/٢٠٢٢ في القاهرة", PUB) == []
    assert found("Встреча прошла 19.12.2022 в Москве.") == [("19.12.2022", "2022-12-19", "day")]


@pytest.mark.parametrize("published", ["0001-01-01", "0001-03-01", "9999-12-31"])
def test_relative_dates_falling_off_the_calendar_stay_unresolved(published):
    text = "He said yesterday, last month and last year that next Monday, next month and next year would do."
    mentions = find_dates(text, published)
    assert [m.text for m in mentions][:2] == ["yesterday", "last month"]
    for mention in mentions:
        if mention.value is not None:  # what resolves is a real ISO date, month or year
            year = mention.value.split("-")[0]
            assert len(year) == 4 and "0001" <= year <= "9999", mention
