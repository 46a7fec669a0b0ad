"""Cleaning: rules, the audit trail, reversibility and idempotence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from newsprism.extract.clean import (
    OutletProfile,
    clean_body,
    normalise_body,
    recurring_lines,
    restore_body,
)
from newsprism.settings import default_settings, with_values

REPORTING = (
    "The finance minister said on Tuesday that the budget deficit would narrow to 3 percent next year, "
    "citing stronger tax receipts."
)
REPORTING_2 = "Opposition lawmakers called the forecast unrealistic and demanded an independent audit of the figures."


def body(*paragraphs: str) -> str:
    return normalise_body("\n".join(paragraphs))


def reasons(result) -> dict[str, str]:
    return {seg.text: seg.reason for seg in result.removed}


def test_ui_strings_in_several_languages_are_removed():
    result = clean_body(
        body("Skip to main content", "Anzeige", "Озвучить текст", "Pubblicità", REPORTING, "Partager", REPORTING_2)
    )
    assert result.text == f"{REPORTING}\n\n{REPORTING_2}"
    assert set(reasons(result)) == {"Skip to main content", "Anzeige", "Озвучить текст", "Pubblicità", "Partager"}


def test_prompts_bios_credits_and_related_lists():
    result = clean_body(
        body(
            "Budget deficit to narrow, minister says",
            REPORTING,
            "Read also: Five charts that explain the budget",
            REPORTING_2,
            "Related articles",
            "Central bank holds rates steady",
            "Why bond yields are climbing",
            "Source: Harbour Wire",
            "Support The Daily Example or become our patron!",
            "I am Jane Roe, a professional writer and journalist for Example Times. I love stories.",
        ),
        title="Budget deficit to narrow, minister says",
    )
    assert result.text == f"{REPORTING}\n\n{REPORTING_2}"
    why = reasons(result)
    assert why["Budget deficit to narrow, minister says"].startswith("headline")
    assert why["Read also: Five charts that explain the budget"] == "related-article link"
    assert why["Why bond yields are climbing"] == "related-article list"
    assert why["Source: Harbour Wire"] == "credit line"
    assert why["Support The Daily Example or become our patron!"].startswith("subscribe")
    assert result.signals.credits == ("Harbour Wire",)
    assert result.signals.bio_author == "Jane Roe"
    assert result.signals.bio_outlet == "Example Times"
    assert result.signals.self_named_outlets == ("The Daily Example",)


def test_reporting_that_mentions_subscribing_is_kept():
    sentence = (
        "The regulator said that more than two million households subscribe to at least one streaming service, "
        "up from 1.4 million a year earlier."
    )
    result = clean_body(body(REPORTING, sentence, REPORTING_2))
    assert result.removed == ()


def test_byline_and_plain_name_line_become_author():
    result = clean_body(body("Author: Davide Rossi", REPORTING), plain=True)
    assert result.signals.byline == "Davide Rossi"
    result = clean_body(body("Headline about the budget today", "Maria Lopez", REPORTING),
                        title="Headline about the budget today", plain=True)
    assert result.signals.byline == "Maria Lopez"
    assert result.text == REPORTING


def test_repeated_edge_label_removed_but_repeated_body_labels_kept():
    result = clean_body(body("Live broadcast", REPORTING, REPORTING_2, "Live broadcast"))
    assert result.text == f"{REPORTING}\n\n{REPORTING_2}"
    structured = body(REPORTING, "Step one", REPORTING_2, "Step one", REPORTING, "Step one", REPORTING_2)
    assert clean_body(structured).removed == ()


def test_outlet_profile_removes_recurring_lines_only_when_short_or_at_edges():
    promo = "Every morning at seven, our editors pick the stories you need."
    background = (
        "The dispute dates back to 1998, when both countries claimed the fishing grounds and the matter was "
        "referred to an international court that has yet to rule on the case after many hearings."
    )
    text = body(REPORTING, background, REPORTING_2, promo)
    profile = OutletProfile("Example Times", {promo.casefold().rstrip("."): 5})
    assert promo.casefold().rstrip(".") in profile.recurring
    result = clean_body(text, profile=profile)
    assert promo not in result.text and background in result.text
    assert reasons(result)[promo] == "recurs across articles from Example Times (outlet furniture)"


def test_recurring_lines_need_enough_articles():
    bodies = [body(f"Story {i} " + REPORTING, "Follow our live coverage") for i in range(4)]
    cfg = with_values(default_settings().clean, outlet_repeat_min_articles=3, outlet_repeat_min_share=0.5)
    lines, count = recurring_lines(bodies, cfg)
    assert "follow our live coverage" in lines and count == 4
    assert recurring_lines(bodies[:2], cfg) == ({}, 2)


def test_removed_offsets_point_into_the_body():
    text = body("Advertisement", REPORTING, "Share this article", REPORTING_2)
    result = clean_body(text)
    for seg in result.removed:
        assert text[seg.start : seg.end] == seg.text


_paragraph = st.one_of(
    st.sampled_from(
        ["Advertisement", "Skip to main content", "Read also: Another story here", "Source: Wire", "-", "0",
         "Related articles", "Short headline item", "Live broadcast", "Author: Ann Lee", "Sign up now for news.",
         REPORTING, REPORTING_2, "I am Sam Poe, a professional writer for Farm News."]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=120),
)


@hsettings(max_examples=300, deadline=None)
@given(st.lists(_paragraph, min_size=0, max_size=14), st.booleans())
def test_cleaning_is_reversible_and_idempotent(paragraphs, plain):
    original = normalise_body("\n".join(paragraphs))
    first = clean_body(original, plain=plain)
    assert restore_body(first.text, first.removed) == original
    second = clean_body(first.text, plain=plain)
    assert second.text == first.text


def test_a_lede_used_as_title_stays_in_the_text(settings):
    from newsprism.extract.article import build_article
    from newsprism.schema import RawItem

    lede = ("The harbour authority said on Monday that it would double the number of pilots guiding ships "
            "through the strait from next year.")
    raw = RawItem(origin="lede.txt", content=f"{lede}\n{REPORTING}\n".encode(), format="text")
    article = build_article(raw, settings)
    assert article.title == lede and article.text.startswith(lede)
    headline = RawItem(origin="h.txt", content=f"Harbour to double pilots\n{lede}\n".encode(), format="text")
    article = build_article(headline, settings)
    assert article.title == "Harbour to double pilots" and article.text == lede


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "paragraph",
    [
        # This shape once sent the byline pattern into exponential backtracking.
        "By response flood response protest on negotiations meeting talks started visitors which delay. Meeting "
        "those first city union spokesperson reported harbour crews list their fire traffic agreement started city "
        "trade tenants where services. Criticism forecast change rejected emergency coastguard proposal export "
        "tender after workers private drought at confirmed students harvest park regional this parents election. "
        "Those record most price said pupils housing police rule housing dispute minister audit most many an",
        "I am " + "Abc " * 400 + "writer",
        "Support " + "Abc Def " * 300 + "or become our patron",
        "Read also: " + "x y " * 600,
        "Source: " + "a" * 3000,
        "a, " * 2000,
        "“" * 5000,
    ],
    ids=["byline-like", "bio-like", "donate-like", "related-like", "credit-like", "commas", "quote-marks"],
)
def test_pathological_paragraphs_are_cleaned_promptly(paragraph):
    # A hang here (catastrophic regex backtracking) fails through the timeout.
    result = clean_body(body("Title of the piece here", paragraph, REPORTING), title="Title of the piece here")
    assert REPORTING in result.text


def test_hard_wrapped_paragraphs_are_rejoined_but_lists_are_not():
    from newsprism.extract.page import unwrap_paragraphs

    wrapped = (
        "The council voted on Thursday to close the old harbour bridge to\n"
        "cars from next spring, after engineers warned that its steel\n"
        "supports had corroded beyond repair in several places.\n\n"
        "Shopkeepers on the east bank said they feared losing customers\n"
        "during the two years of repair works on the crossing itself."
    )
    assert unwrap_paragraphs(wrapped).split("\n\n")[0].startswith("The council voted on Thursday to close the old harbour bridge to cars")
    menu = "Skip to main content\nAdvertisement\nShare\nComments\n"
    assert unwrap_paragraphs(menu) == menu
    headlines = "Related\n\nChina looks for bases\nThe US indicts Apple: what happens now\nBioeconomy explained"
    assert unwrap_paragraphs(headlines) == headlines
