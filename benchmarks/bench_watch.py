"""Soak test of ``newsprism watch``: a feed that keeps publishing, the web app reading the same store.

A feed server runs on 127.0.0.1 in a thread of this process (``http.server``): one RSS feed of the
latest ``--feed-items`` articles and a page per article, an ETag per feed version and 304 for an
``If-None-Match`` that names the current one, and a ``robots.txt`` that allows everything. Every
``--publish-seconds`` it publishes ``--per-publish`` generated articles: seven fictional outlets
(two of them content farms) write about eight fictional events that start one after another (a
bridge collapse, a port strike, a flood ...), with names, places, figures that differ a little
between outlets, and quotes ("...", said X). A content farm copies another outlet's article word for
word and adds a first-person author bio and a credit line. So stories form, grow by outlets, and
copies appear: every kind of alert has something to be raised for. Seeded (``--seed``); the same seed
gives the same articles in the same order, not at the same times.

Processes (each measured part is a ``newsprism`` command in its own process):

- ``newsprism watch FEED --db STORE --interval 2 --cycles N --alerts FILE --quiet --allow-private``;
  its stderr is read line by line: at each ``poll N:`` line its VmRSS and VmHWM (peak so far) from
  ``/proc/PID/status`` (and the RSS summed over its child processes), its CPU time so far, its
  waited-for children's included (``/proc/PID/stat``), and the time are taken.
  The feed server's log splits each poll into fetching (the feed request to the last page served)
  and processing (from there to the ``poll`` line: extraction, annotation, copies, stories,
  comparisons, alerts), and counts the pages fetched again (listed in the feed and fetched at an
  earlier poll). Publishing stops once poll ``N - --quiet-cycles`` is reported, so the last polls
  meet an unchanged feed (a 304);
- ``newsprism serve --db STORE --port P``, started once the first poll is reported; a thread of this
  process GETs ``/`` and ``/api/stories`` in turn every 0.5 s (latency, status, errors) until the
  watch ends;
- baseline, after the watch: the pages of every article the watch stored, saved as ``.html`` files,
  into a fresh store with ``newsprism ingest``, then ``newsprism annotate``, then ``newsprism run``
  on the same folder (its ingest and annotate find nothing new; it then runs copies, stories and
  comparisons), each command timed (wall, and CPU with its children from ``wait4``);
  ``--baseline-repeats`` times, each in a fresh store, medians reported.

Reported: per poll, articles added, alerts, seconds (poll to poll, fetching, processing), CPU,
RSS and peak, and the CPU the rest of the machine used meanwhile (other load); the slope of RSS
and of the peak over the polls after ``--warmup`` (least squares, MB per poll) and RSS last /
first-after-warm-up; request latency median / p95 and errors (also split by whether the watch was
processing); watch's processing time and CPU per added article against the batch's per article
(ratios; higher is slower); alerts by type and copy alerts by kind. The script exits 1 when it
finds a problem (a failed process or request, lost articles, counts that do not add up, RSS
growing over 1 MB a poll).

    python benchmarks/bench_watch.py [--cycles 20] [--publish-seconds 5] [--per-publish 3] [--quick]
                                     [--out benchmarks/results/watch.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from hashlib import sha256
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
POLL_LINE = re.compile(r"^poll (\d+): (\d+) sources(?: \(\d+ failing\))?, (\d+) added, (\d+) updated, (\d+) failed, "
                       r"(\d+) alerts")
REQUEST_EVERY = 0.5  # seconds between the starts of two web requests
PAGES = ("/", "/api/stories")
SLOPE_LIMIT_MB = 1.0  # RSS growing faster than this per poll, after the warm-up, is reported as a problem

# -- the generated news ---------------------------------------------------------------------------
# name: (slug, reporters, figure offset: how this outlet rounds or revises the event's figure)
OUTLETS = {
    "Harbor Gazette": ("harbor-gazette", ["Mirja Castellan", "Tobias Wren"], 0),
    "Northfield Courier": ("northfield-courier", ["Helena Brask", "Jonah Petrakis"], 0),
    "Valley Ledger": ("valley-ledger", ["Odile Farrant", "Kasimir Lund"], 2),
    "Kestrel Evening Post": ("kestrel-evening-post", ["Ruth Anselm", "Dario Quint"], 0),
    "Coastline Herald": ("coastline-herald", ["Ivo Strandberg", "Leona Hartigan"], -1),
}
FARMS = {
    "Daily Buzz Digest": ("daily-buzz-digest", ["Dana Quill"]),
    "NewsFlash Now": ("newsflash-now", ["Corey Blaine"]),
}
FARM_SHARE = 0.2  # of the articles published once there is something to copy


@dataclass(frozen=True)
class Event:
    key: str
    place: str
    figure: int  # the main figure; outlets add their offset
    headlines: tuple[str, ...]
    leads: tuple[str, ...]
    facts: tuple[str, ...]
    people: tuple[tuple[str, str], ...]  # (name, role)
    quotes: tuple[tuple[int, str], ...]  # (index into people, what was said)


EVENTS = (
    Event("bridge", "Marrowick", 14,
          ("Seldon Street bridge collapses in {place}", "{n} injured as {place} bridge gives way",
           "Questions grow over the {place} bridge collapse", "{place} bridge collapse: inspections ordered"),
          ("The Seldon Street bridge over the river Auln in {place} collapsed on {day} morning, injuring {n} people.",
           "{n} people were hurt when a span of the Seldon Street bridge in {place} fell into the river Auln on {day}.",
           "A section of the Seldon Street bridge in {place} gave way during the morning rush on {day}; {n} people "
           "were injured."),
          ("Rescue crews pulled two cars and a delivery van from the shallow water below the bridge.",
           "The bridge, built in 1962, was last inspected four years ago, according to council records.",
           "Traffic between the old town and the northern districts of {place} has been diverted over the Kell "
           "crossing.",
           "Marrowick Public Works said divers would examine the remaining piers before any repairs begin.",
           "Residents had complained about cracks in the eastern pier for at least two years.",
           "The regional transport authority ordered checks of eleven bridges of the same design.",
           "Engineers from Pellham University joined the council's inquiry on {day} afternoon."),
          (("Ilse Varnholt", "mayor of Marrowick"), ("Tomas Reddaway", "chief engineer of Marrowick Public Works"),
           ("Ada Pennick", "head of the Marrowick rescue service")),
          ((0, "We will not reopen a single bridge until we know exactly why this one failed"),
           (0, "Every family affected will get help with the cost of repairs"),
           (1, "The corrosion in the eastern pier was worse than any report had shown"),
           (2, "My crews were in the water within eight minutes of the first call"),
           (2, "It is a miracle that nobody was killed"))),
    Event("strike", "Port Eldham", 40,
          ("Dockworkers strike halts {place}", "{n} ships wait off {place} as strike goes on",
           "Talks fail to end the {place} dock strike", "{place} strike enters its second week"),
          ("Dockworkers at {place} walked out on {day}, leaving {n} container ships waiting at anchor.",
           "A strike by the Eldham Dockworkers Union has stopped all loading at {place}, where {n} ships are now "
           "waiting.",
           "{n} ships were stuck off {place} on {day} as the dock strike entered another day."),
          ("The union is asking for a nine percent pay rise and limits on night shifts.",
           "The port authority has offered four percent over two years.",
           "Supermarkets in the region warned of shortages of fresh fruit within a week.",
           "The strike is the first at {place} since 2009.",
           "Mediators from the national labour office met both sides on {day} evening.",
           "Truck drivers queued for several kilometres on the coast road outside the port.",
           "Several shipping lines said they would divert cargo to Havenmouth if the strike continues."),
          (("Rafe Coltrane", "leader of the Eldham Dockworkers Union"), ("Mirela Sandquist", "director of the "
           "Port Eldham authority"), ("Benno Aldercott", "chairman of the regional chamber of commerce")),
          ((0, "Our members have worked through two winters without a fair raise"),
           (0, "We are ready to talk tonight if the offer changes"),
           (1, "The offer on the table is the best this port can afford"),
           (1, "Every day of this strike costs the region millions"),
           (2, "Small businesses cannot wait weeks for their goods"))),
    Event("flood", "Lindenvale", 1200,
          ("River Tessel floods {place}", "{n} evacuated as the Tessel bursts its banks",
           "{place} flood: water still rising", "Clean-up begins in flooded {place}"),
          ("The river Tessel burst its banks in {place} on {day}, forcing {n} residents from their homes.",
           "About {n} people were evacuated from low-lying streets of {place} after the Tessel flooded on {day}.",
           "Floodwater covered the centre of {place} on {day}; {n} residents spent the night in emergency shelters."),
          ("The water reached the first floor of houses along Mill Lane.",
           "Three schools were turned into shelters for the night.",
           "The railway line to Corrin has been closed until the embankment is checked.",
           "Forecasters expect more rain in the hills above {place} over the weekend.",
           "Volunteers filled sandbags outside the town hall through the night.",
           "The last flood of this size in {place} was in 1987.",
           "Farmers downstream said several fields of winter wheat were under water."),
          (("Oskar Haldane", "governor of the Lindenvale region"), ("Priya Venn", "forecaster at the Lindenvale "
           "Weather Office"), ("Greta Mollberg", "a resident of Mill Lane")),
          ((0, "No one should try to return home before the water has gone down"),
           (0, "The region will pay for temporary housing for as long as it takes"),
           (1, "The Tessel rose faster than at any time in our records"),
           (1, "We expect the river to peak again on Saturday night"),
           (2, "We lost everything on the ground floor in less than an hour"))),
    Event("recall", "Northfield", 30,
          ("Corvane recalls Veltrazol tablets", "{n} batches of blood pressure drug recalled",
           "Regulator widens the Veltrazol recall", "What patients should know about the Veltrazol recall"),
          ("Corvane Laboratories recalled {n} batches of its blood pressure tablet Veltrazol on {day} after tests "
           "found an impurity.",
           "The drug maker Corvane Laboratories, based in {place}, is recalling {n} batches of Veltrazol, the "
           "regulator said on {day}.",
           "Pharmacies were told on {day} to remove {n} batches of Veltrazol from their shelves."),
          ("The impurity was found during routine testing at the company's plant in {place}.",
           "Patients are told not to stop taking the tablets without speaking to a doctor.",
           "Around 200,000 people take Veltrazol every day, according to the medicines board.",
           "Corvane shares fell sharply in early trading.",
           "The company said replacement batches would reach pharmacies within ten days.",
           "The Northfield Medicines Board has opened an inspection of the plant.",
           "It is the second recall of a Corvane product in three years."),
          (("Lena Morrow", "chief executive of Corvane Laboratories"), ("Idris Fallow", "spokesman for the "
           "Northfield Medicines Board"), ("Hanne Vuorinen", "a pharmacist in Northfield")),
          ((0, "Patient safety comes before everything else at Corvane"),
           (0, "We found the problem ourselves and we acted at once"),
           (1, "The risk to any single patient is very low"),
           (1, "Anyone worried should talk to their pharmacist"),
           (2, "The phone has not stopped ringing since this morning"))),
    Event("breach", "Brightloom Bank", 85000,
          ("Brightloom Bank hit by data breach", "Data of {n} Brightloom customers exposed",
           "Brightloom breach: what we know", "Brightloom customers told to change passwords"),
          ("{place} said on {day} that the personal data of {n} customers had been exposed in a cyber attack.",
           "Hackers gained access to records of {n} customers of {place}, the bank admitted on {day}.",
           "The details of {n} {place} customers, including addresses and account numbers, were stolen, the "
           "bank said on {day}."),
          ("The bank said no money had been taken from any account.",
           "The attackers entered through a supplier's software used for customer letters.",
           "The data protection office has opened an investigation.",
           "Customers will receive letters explaining what was taken.",
           "The bank's online services were shut for six hours on {day} night.",
           "Security experts said the stolen data could be used for targeted fraud.",
           "Brightloom has about 1.3 million customers."),
          (("Garrick Stone", "chief executive of Brightloom Bank"), ("Noor Halvorsen", "a security researcher"),
           ("Felix Ambrose", "head of the data protection office")),
          ((0, "I am deeply sorry that our customers' trust has been broken"),
           (0, "No customer will lose money because of this attack"),
           (1, "Supplier software is the weak point that banks keep forgetting"),
           (2, "We will look at whether the bank met its legal duties"),
           (2, "Customers should be wary of calls that claim to come from the bank"))),
    Event("election", "Kestrel Bay", 54,
          ("Marchetti wins {place} mayoral race", "Marchetti takes {n} percent in {place}",
           "{place} elects Celia Marchetti", "What Marchetti's win means for {place}"),
          ("Celia Marchetti won the mayoral election in {place} on {day} with {n} percent of the vote.",
           "Voters in {place} chose Celia Marchetti as mayor on {day}, giving her {n} percent.",
           "Celia Marchetti will be the next mayor of {place} after taking {n} percent of the vote on {day}."),
          ("Turnout was the highest in two decades, officials said.",
           "Marchetti campaigned on cheaper ferry fares and a new harbour school.",
           "Her rival, Hamish Dorr, conceded shortly after midnight.",
           "The new mayor takes office at the start of next month.",
           "Counting was delayed by two hours in the Westcliff district.",
           "Dorr had led in early polls before a debate on housing costs.",
           "Marchetti is the first mayor of {place} from the Harbour Alliance."),
          (("Celia Marchetti", "mayor-elect of Kestrel Bay"), ("Hamish Dorr", "the defeated candidate"),
           ("Agnes Pirelli", "the town clerk")),
          ((0, "Tonight Kestrel Bay chose a town that works for everyone"),
           (0, "The ferry fares will come down in my first year"),
           (1, "I congratulate her and I will hold her to her promises"),
           (2, "Every ballot has been counted twice"))),
    Event("wildfire", "Ashcombe", 2300,
          ("Wildfire burns {n} hectares near {place}", "Fire crews battle blaze near {place}",
           "{place} wildfire: villages on alert", "Wind drives the {place} fire north"),
          ("A wildfire near {place} had burned {n} hectares of forest by {day} evening.",
           "Fire crews were fighting a blaze that has destroyed {n} hectares of woodland near {place}, officials "
           "said on {day}.",
           "Strong winds spread a forest fire near {place} across {n} hectares on {day}."),
          ("Two villages north of {place} were told to prepare to leave.",
           "Water-bombing aircraft were sent from the coast.",
           "The fire started near a picnic site on the Ashcombe ridge.",
           "The road to Fennmoor was closed to all traffic.",
           "Smoke could be seen from the regional capital.",
           "It is the largest fire in the area since 2018.",
           "Police are investigating whether the fire was started on purpose."),
          (("Benedikt Oyelaran", "chief of the Ashcombe fire brigade"), ("Marta Szell", "mayor of Ashcombe"),
           ("Colm Hardwick", "a farmer near the ridge")),
          ((0, "The next twelve hours will decide whether we can hold the line"),
           (0, "The wind is our biggest enemy tonight"),
           (1, "Everyone in the northern villages should keep a bag packed"),
           (2, "I have never seen flames move that fast"))),
    Event("theft", "Dunmere", 3,
          ("{n} paintings stolen from {place} museum", "Night raid on the Quarry Hill Museum",
           "Police hunt {place} art thieves", "{place} museum theft: a guard is questioned"),
          ("Thieves took {n} paintings from the Quarry Hill Museum in {place} in the early hours of {day}.",
           "{n} paintings were stolen from the Quarry Hill Museum in {place} overnight on {day}, police said.",
           "Police in {place} are searching for the thieves who took {n} paintings from the Quarry Hill Museum on "
           "{day}."),
          ("The thieves entered through a skylight above the east gallery.",
           "The alarm sounded but the guards found the gallery empty.",
           "The stolen works include a harbour scene by the painter Elsa Thorne.",
           "The museum will stay closed while the police search the building.",
           "Insurers have offered a reward for information.",
           "The museum's cameras had been switched off for maintenance, a staff member said.",
           "Art experts say the paintings would be almost impossible to sell openly."),
          (("Sabine Achterberg", "curator of the Quarry Hill Museum"), ("Yusuf Kamara", "police inspector in "
           "Dunmere"), ("Lotte Brenner", "an art historian")),
          ((0, "These paintings belong to everyone in Dunmere"),
           (0, "We will reopen as soon as the police allow it"),
           (1, "We believe the thieves knew the building well"),
           (2, "A painting this famous cannot be sold on the open market"))),
)
# Each fact is reworded per article (an attribution around it, some words swapped), so two outlets
# reporting one fact rarely write the same sentence: reuse is left to the content farms.
WRAPPERS_ANY = ("{s}", "{s}", "{b}, officials said.", "{b}, a spokesperson said.", "{b}, local media reported.",
                "{b}, according to a statement.", "{b}, people familiar with the matter said.")
WRAPPERS_LOWER = ("According to local officials, {l}", "Officials confirmed that {l}", "It emerged on {day} that {l}",
                  "Witnesses said {l}", "As of {day}, {l}")
COMMON_STARTS = {"The", "A", "An", "Rescue", "Traffic", "Residents", "Engineers", "Truck", "Supermarkets", "Several",
                 "Mediators", "Three", "Two", "Volunteers", "Forecasters", "Farmers", "Patients", "Around", "It",
                 "Customers", "Security", "Turnout", "Her", "Counting", "Water-bombing", "Smoke", "Police", "Art",
                 "Insurers", "Strong"}
SWAPS = (("about", "around"), ("said", "stated"), ("several", "a number of"), ("closed", "shut"),
         ("more than", "over"), ("residents", "locals"), ("at least", "no fewer than"), ("began", "started"),
         ("would", "will"), ("sent", "dispatched"), ("largest", "biggest"), ("within", "inside"),
         ("night", "evening"), ("company", "firm"), ("offered", "proposed"), ("warned", "cautioned"),
         ("found", "discovered"), ("asking for", "demanding"), ("told", "instructed"), ("opened", "launched"))
EVENT_EVERY = 4  # a new event starts every this many publishes
CLOSINGS = ("More details are expected later on {day}.", "The story is developing.",
            "Officials said they would give an update on {day} afternoon.", "")


@dataclass
class Published:
    """One generated article: what its page and feed entry say."""

    number: int
    outlet: str
    slug: str
    path: str
    title: str
    author: str
    published: datetime
    paragraphs: list[str]
    event: str
    copied_from: int | None = None
    html: bytes = b""


def outlet_slug(outlet: str) -> str:
    return OUTLETS[outlet][0] if outlet in OUTLETS else FARMS[outlet][0]


def page_html(a: Published, base: str) -> bytes:
    url = base + a.path
    iso = a.published.isoformat(timespec="seconds")
    body = "\n".join(f"<p>{escape(p)}</p>" for p in a.paragraphs)
    return (f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(a.title)} | {escape(a.outlet)}</title>
<meta property="og:site_name" content="{escape(a.outlet)}">
<meta property="og:title" content="{escape(a.title)}">
<meta property="og:type" content="article">
<meta property="og:url" content="{url}">
<meta name="author" content="{escape(a.author)}">
<meta property="article:published_time" content="{iso}">
<link rel="canonical" href="{url}">
</head><body>
<header><nav><a href="/{outlet_slug(a.outlet)}/">{escape(a.outlet)}</a> | <a href="/local/">Local</a> |
<a href="/business/">Business</a> | <a href="/weather/">Weather</a></nav></header>
<main><article>
<h1>{escape(a.title)}</h1>
<p class="byline">By {escape(a.author)}</p>
<time datetime="{iso}">{a.published.strftime('%d %B %Y, %H:%M')}</time>
{body}
</article></main>
<footer><p>&copy; {a.published.year} {escape(a.outlet)}. All rights reserved.</p>
<p>Get the {escape(a.outlet)} morning briefing in your inbox.</p></footer>
</body></html>
""").encode()


class Newsroom:
    """The generated articles, published a few at a time; thread-safe."""

    def __init__(self, seed: int, feed_items: int) -> None:
        self.rng = random.Random(seed)
        self.feed_items = feed_items
        self.articles: list[Published] = []
        self.by_path: dict[str, Published] = {}
        self.version = 0
        self.publishes = 0
        self.lock = threading.Lock()
        self.base = ""
        self._seen: set[str] = set()

    def _day(self) -> str:
        return datetime.now().strftime("%A")

    def _quote(self, event: Event) -> str:
        person, said = self.rng.choice(event.quotes)
        name, role = event.people[person]
        surname = name.split()[-1]
        form = self.rng.randrange(4)
        if form == 0:
            return f"\u201c{said},\u201d said {name}, {role}."
        if form == 1:
            return f"{name}, {role}, said: \u201c{said}.\u201d"
        if form == 2:
            return f"\u201c{said},\u201d {surname} told reporters."
        return f"\u201c{said},\u201d {name} said."

    def _vary(self, sentence: str, day: str) -> str:
        if "\u201c" in sentence:  # a quote is the speaker's words
            return sentence
        rng = self.rng
        for word, other in SWAPS:
            if rng.random() < 0.5:
                sentence = re.sub(rf"\b{word}\b", other, sentence)
        first = sentence.split(" ", 1)[0]
        wrappers = WRAPPERS_ANY + (WRAPPERS_LOWER if first in COMMON_STARTS else ())
        bare = sentence.rstrip(".")
        return rng.choice(wrappers).format(s=sentence, b=bare, l=sentence[0].lower() + sentence[1:], day=day)

    def _original(self, number: int, event: Event, outlet: str, author: str, when: datetime) -> Published:
        rng = self.rng
        n = event.figure + OUTLETS[outlet][2] * max(1, event.figure // 50)
        fill = {"place": event.place, "n": f"{n:,}", "day": self._day()}
        paragraphs = [rng.choice(event.leads).format(**fill)]
        facts = rng.sample(event.facts, rng.randint(3, 5))
        quotes = [self._quote(event) for _ in range(rng.randint(1, 3))]
        body = facts + quotes
        rng.shuffle(body)
        paragraphs += [self._vary(p.format(**fill), fill["day"]) for p in body]
        closing = rng.choice(CLOSINGS).format(**fill)
        if closing:
            paragraphs.append(closing)
        title = rng.choice(event.headlines).format(**fill)
        if title in self._seen:  # a second article on the event under the same headline: say it is an update
            title = f"{title}: latest"
        self._seen.add(title)
        return Published(number, outlet, "", "", title, author, when, paragraphs, event.key)

    def _copy(self, number: int, farm: str, author: str, when: datetime) -> Published | None:
        originals = [a for a in self.articles if a.copied_from is None]
        if not originals:
            return None
        source = self.rng.choice(originals[-12:])  # farms copy what is fresh
        paragraphs = list(source.paragraphs) + [f"I am {author}, a freelance writer for {farm}.",
                                               f"Source: {source.outlet}"]
        return Published(number, farm, "", "", source.title, author, when, paragraphs, source.event,
                         copied_from=source.number)

    def publish(self, count: int) -> list[Published]:
        """Generate and publish ``count`` articles now."""
        with self.lock:
            rng = self.rng
            active = EVENTS[:min(len(EVENTS), self.publishes // EVENT_EVERY + 1)]
            new = []
            for _ in range(count):
                number = len(self.articles) + 1
                when = datetime.now(UTC).replace(microsecond=0)
                made = None
                if self.articles and rng.random() < FARM_SHARE:
                    farm = rng.choice(sorted(FARMS))
                    made = self._copy(number, farm, rng.choice(FARMS[farm][1]), when)
                if made is None:
                    # recent events are written about more
                    weights = [1.0 / (1 + (len(active) - 1 - i)) for i in range(len(active))]
                    event = rng.choices(active, weights=weights)[0]
                    outlet = rng.choice(sorted(OUTLETS))
                    made = self._original(number, event, outlet, rng.choice(OUTLETS[outlet][1]), when)
                words = re.sub(r"[^a-z0-9]+", "-", made.title.lower()).strip("-")[:60]
                made.slug = f"{words}-{number}"
                made.path = f"/{outlet_slug(made.outlet)}/{when:%Y/%m/%d}/{made.slug}.html"
                made.html = page_html(made, self.base)
                self.articles.append(made)
                self.by_path[made.path] = made
                new.append(made)
            self.publishes += 1
            self.version += 1
            return new

    def feed(self) -> tuple[str, bytes]:
        """(ETag, RSS) of the current version."""
        with self.lock:
            latest = self.articles[-self.feed_items:][::-1]
            etag = f'"v{self.version}"'
        items = []
        for a in latest:
            url = self.base + a.path
            items.append(f"<item><title>{escape(a.title)}</title><link>{url}</link>"
                         f"<guid isPermaLink=\"true\">{url}</guid><pubDate>{format_datetime(a.published)}</pubDate>"
                         f"<dc:creator>{escape(a.author)}</dc:creator>"
                         f"<description>{escape(a.paragraphs[0])}</description></item>")
        rss = (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
               f'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Regional News Digest</title>'
               f"<link>{self.base}/</link><description>Latest articles from regional outlets</description>"
               + "".join(items) + "</channel></rss>\n")
        return etag, rss.encode()


# -- the feed server --------------------------------------------------------------------------------
@dataclass
class Served:
    start: float  # time.monotonic() when the request line was read
    end: float  # when the answer was written
    path: str
    status: int
    kind: str  # feed, page, robots, other


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, newsroom: Newsroom) -> None:
        super().__init__(("127.0.0.1", 0), FeedHandler)
        self.newsroom = newsroom
        self.log: list[Served] = []
        self.log_lock = threading.Lock()
        newsroom.base = f"http://127.0.0.1:{self.server_address[1]}"


class FeedHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FeedServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        start = time.monotonic()
        newsroom = self.server.newsroom
        path = self.path.split("?", 1)[0]
        headers: dict[str, str] = {}
        if path == "/feed.xml":
            kind = "feed"
            etag, body = newsroom.feed()
            headers["ETag"] = etag
            if self.headers.get("If-None-Match") == etag:
                status, body, ctype = 304, b"", ""
            else:
                status, ctype = 200, "application/rss+xml; charset=utf-8"
        elif path == "/robots.txt":
            kind, status, ctype, body = "robots", 200, "text/plain; charset=utf-8", b"User-agent: *\nAllow: /\n"
        else:
            with newsroom.lock:
                article = newsroom.by_path.get(path)
            if article is not None:
                kind, status, ctype, body = "page", 200, "text/html; charset=utf-8", article.html
            else:
                kind, status, ctype, body = "other", 404, "text/plain; charset=utf-8", b"not found\n"
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)
        self.wfile.flush()
        with self.server.log_lock:
            self.server.log.append(Served(start, time.monotonic(), path, status, kind))

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass


def publisher(newsroom: Newsroom, every: float, count: int, stop: threading.Event) -> None:
    while not stop.wait(every):
        newsroom.publish(count)


# -- the web client ---------------------------------------------------------------------------------
@dataclass
class Request:
    start: float
    seconds: float
    path: str
    outcome: int | str  # status, or the exception's name


def client(base: str, stop: threading.Event, done: list[Request]) -> None:
    import httpx

    with httpx.Client(base_url=base, timeout=60) as http:
        i = 0
        while not stop.is_set():
            path = PAGES[i % len(PAGES)]
            i += 1
            start = time.monotonic()
            try:
                response = http.get(path)
                response.read()
                outcome: int | str = response.status_code
            except httpx.HTTPError as exc:
                outcome = type(exc).__name__
            elapsed = time.monotonic() - start
            done.append(Request(start, elapsed, path, outcome))
            stop.wait(max(0.0, REQUEST_EVERY - elapsed))


# -- processes --------------------------------------------------------------------------------------
def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NEWSPRISM_CONFIG"}  # the packaged defaults
    env["PYTHONUNBUFFERED"] = "1"
    return env


def newsprism(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsprism", *args]


def proc_status(pid: int, field_name: str = "VmRSS") -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``, from the parent ids in /proc/*/stat."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(entry.name))
    found, pending = [], [pid]
    while pending:
        for child in parents.get(pending.pop(), []):
            found.append(child)
            pending.append(child)
    return found


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a process and of its children it has waited for, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def busy_seconds() -> float:
    """CPU seconds spent by the whole machine so far (all cores, idle and iowait left out), from /proc/stat."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return 0.0
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop_process(proc: subprocess.Popen[Any], timeout: float = 20) -> int:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return int(proc.returncode)


def timed(cmd: list[str], log: Path) -> dict[str, Any]:
    """Run ``cmd`` to its end: wall seconds, CPU seconds (with its children) and peak RSS, from wait4."""
    with log.open("w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=child_env(), cwd=REPO)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"command": " ".join(["newsprism", *cmd[3:]]), "exit": proc.returncode, "seconds": wall,
            "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_rss_mb": usage.ru_maxrss / 1024,
            "output_tail": log.read_text()[-600:]}


# -- the soak -----------------------------------------------------------------------------------------
@dataclass
class Poll:
    number: int
    time: float  # since the watch started
    polled: int
    added: int
    updated: int
    failed: int
    alerts: int
    rss_mb: float | None
    tree_rss_mb: float | None
    cpu_seconds: float | None  # so far
    serve_rss_mb: float | None
    extra: dict[str, Any] = field(default_factory=dict)


class Serve:
    """``newsprism serve`` on the watched store, started in a thread once the first poll is reported,
    and the client thread that requests its pages."""

    def __init__(self, store: Path, log: Path, t0: float) -> None:
        self.store, self.log, self.t0 = store, log, t0
        self.port = free_port()
        self.proc: subprocess.Popen[Any] | None = None
        self.started_after: float | None = None
        self.ready_after: float | None = None
        self.requests: list[Request] = []
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None
        self.client_thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, daemon=True, name="serve")
        self.thread.start()

    def _run(self) -> None:
        self.started_after = time.monotonic() - self.t0
        with self.log.open("w") as out:
            self.proc = subprocess.Popen(newsprism("serve", "--db", str(self.store), "--port", str(self.port)),
                                         stdout=out, stderr=subprocess.STDOUT, env=child_env(), cwd=REPO)
        ready = wait_for_serve(self.proc, self.port, self.log, self.stop)
        if ready is None or self.stop.is_set():
            return
        self.ready_after = ready
        self.client_thread = threading.Thread(target=client, args=(f"http://127.0.0.1:{self.port}", self.stop,
                                                                   self.requests), daemon=True, name="client")
        self.client_thread.start()

    def rss(self, field_name: str = "VmRSS") -> float | None:
        return proc_status(self.proc.pid, field_name) if self.proc is not None else None

    def finish(self) -> dict[str, Any]:
        self.stop.set()
        if self.thread is not None:
            self.thread.join(timeout=200)
        if self.client_thread is not None:
            self.client_thread.join(timeout=90)
        info: dict[str, Any] = {"port": self.port, "started_after_s": self.started_after,
                                "ready_after_s": self.ready_after, "exit_before_stop": None}
        if self.proc is not None:
            info.update(exit_before_stop=self.proc.poll(), rss_mb_at_end=self.rss(), peak_rss_mb=self.rss("VmHWM"))
            info["exit_after_stop"] = stop_process(self.proc)
        info["log_tail"] = self.log.read_text()[-2000:] if self.log.is_file() else ""
        return info


def soak(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    newsroom = Newsroom(args.seed, args.feed_items)
    server = FeedServer(newsroom)
    threading.Thread(target=server.serve_forever, daemon=True, name="feed-server").start()
    feed_url = newsroom.base + "/feed.xml"
    newsroom.publish(args.per_publish)  # something to read at the first poll
    stop_publishing = threading.Event()
    threading.Thread(target=publisher, args=(newsroom, args.publish_seconds, args.per_publish, stop_publishing),
                     daemon=True, name="publisher").start()

    store, alerts_file = work / "watch.db", work / "alerts.jsonl"
    watch_cmd = newsprism("watch", feed_url, "--db", str(store), "--interval", f"{args.interval:g}", "--cycles",
                          str(args.cycles), "--alerts", str(alerts_file), "--quiet", "--allow-private")
    print(f"feed {feed_url}\n{' '.join(['newsprism', *watch_cmd[3:]])}", flush=True)
    polls: list[Poll] = []
    other_lines: list[str] = []
    t0 = time.monotonic()
    serve = Serve(store, work / "serve.log", t0)
    with (work / "watch.stdout").open("w") as watch_out:  # --quiet: nothing is expected there
        watch = subprocess.Popen(watch_cmd, stdout=watch_out, stderr=subprocess.PIPE, text=True, env=child_env(),
                                 cwd=REPO)
    limit = args.cycles * 180 + 300
    watchdog = threading.Timer(limit, watch.terminate)
    watchdog.daemon = True
    watchdog.start()
    cpu_start = cpu_seconds(watch.pid) or 0.0
    busy_start, own_start = busy_seconds(), time.process_time()
    try:
        assert watch.stderr is not None
        # This loop only reads and measures (serve starts in its own thread), so each poll line is
        # timed as it arrives.
        for raw in watch.stderr:
            now = time.monotonic()
            line = raw.rstrip("\n")
            match = POLL_LINE.match(line)
            if not match:
                if line.strip():
                    other_lines.append(f"{now - t0:.1f}s {line}")
                continue
            rss = proc_status(watch.pid)
            cpu = cpu_seconds(watch.pid)
            kids = descendants(watch.pid)
            tree = None if rss is None else rss + sum(proc_status(k) or 0.0 for k in kids)
            n, polled, added, updated, failed, alerts = map(int, match.groups())
            polls.append(Poll(n, now - t0, polled, added, updated, failed, alerts, rss, tree,
                              None if cpu is None else cpu - cpu_start, serve.rss(),
                              {"children": len(kids), "peak": proc_status(watch.pid, "VmHWM"),
                               "machine_cpu": busy_seconds() - busy_start,
                               "serve_cpu": (cpu_seconds(serve.proc.pid) or 0.0) if serve.proc is not None else 0.0,
                               "own_cpu": time.process_time() - own_start}))
            if n >= args.cycles - args.quiet_cycles:
                stop_publishing.set()
            if n == 1:
                serve.start()
            print(f"  poll {n:>3} at {now - t0:6.1f} s: {added:>2} added, {alerts:>2} alerts, "
                  f"{sum(p.added for p in polls):>4} stored, RSS {rss or 0:6.1f} MB", flush=True)
        watch.wait()
    finally:
        timed_out = time.monotonic() - t0 >= limit
        watchdog.cancel()
        stop_publishing.set()
        serve_info = serve.finish()
        if watch.poll() is None:
            stop_process(watch)
        server.shutdown()
        server.server_close()
    watch_seconds = time.monotonic() - t0

    with server.log_lock:
        log = list(server.log)
    alert_lines = alerts_file.read_text().splitlines() if alerts_file.is_file() else []
    raised = [json.loads(line) for line in alert_lines]
    alert_types: dict[str, int] = {}
    for alert in raised:
        alert_types[alert.get("type", "?")] = alert_types.get(alert.get("type", "?"), 0) + 1
    return {"feed_url": feed_url, "watch_command": " ".join(["newsprism", *watch_cmd[3:]]),
            "t0": t0, "watch_exit": watch.returncode, "timed_out": timed_out, "watch_seconds": watch_seconds,
            "cycles": per_cycle(polls, log, t0), "other_stderr": other_lines[-50:], "requests": serve.requests,
            "serve": serve_info, "published": list(newsroom.articles),
            "fetched_paths": {s.path for s in log if s.kind == "page" and s.status == 200},
            "requests_served": {k: sum(1 for s in log if s.kind == k) for k in ("feed", "page", "robots", "other")},
            "feed_304": sum(1 for s in log if s.kind == "feed" and s.status == 304),
            "alert_types": alert_types, "alerts_in_file": len(alert_lines), "store": store,
            "alerts": raised}


def wait_for_serve(serve: subprocess.Popen[Any], port: int, log: Path, stop: threading.Event,
                   limit: float = 180) -> float | None:
    """Seconds until ``newsprism serve`` answers, or None when it exited or did not answer in time."""
    import httpx

    start = time.monotonic()
    while time.monotonic() - start < limit and not stop.is_set():
        if serve.poll() is not None:
            print(f"  serve exited ({serve.returncode}): {log.read_text()[-1500:]}", flush=True)
            return None
        try:
            if httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=5).status_code == 200:
                return time.monotonic() - start
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    print(f"  serve did not answer within {limit:.0f} s", flush=True)
    return None


def per_cycle(polls: list[Poll], log: list[Served], t0: float) -> list[dict[str, Any]]:
    """Each poll's row: counts, and its time split into fetching and processing from the server's log."""
    rows = []
    previous_time, previous_cpu, stored = 0.0, 0.0, 0
    previous_machine, previous_serve, previous_own = 0.0, 0.0, 0.0
    seen_pages: set[str] = set()
    for p in polls:
        start, end = t0 + previous_time, t0 + p.time
        mine = [s for s in log if start < s.start <= end]
        feeds = [s for s in mine if s.kind == "feed"]
        pages = [s for s in mine if s.kind == "page"]
        again = sum(1 for s in pages if s.path in seen_pages)
        seen_pages.update(s.path for s in pages)
        fetch_start = feeds[-1].start if feeds else None
        fetch_end = max((s.end for s in mine), default=None)
        stored += p.added
        rows.append({
            "poll": p.number, "at_s": round(p.time, 3), "seconds": round(p.time - previous_time, 3),
            "feed_status": feeds[-1].status if feeds else None, "pages_fetched": len(pages),
            "pages_fetched_again": again,
            "fetch_seconds": None if fetch_start is None or fetch_end is None else round(fetch_end - fetch_start, 3),
            "processing_seconds": None if fetch_end is None else round(max(0.0, end - fetch_end), 3),
            "added": p.added, "updated": p.updated, "failed": p.failed, "alerts": p.alerts, "stored": stored,
            "cpu_seconds": None if p.cpu_seconds is None else round(p.cpu_seconds - previous_cpu, 3),
            "rss_mb": p.rss_mb, "peak_rss_mb": p.extra.get("peak"), "tree_rss_mb": p.tree_rss_mb,
            "children": p.extra.get("children"),
            "serve_rss_mb": p.serve_rss_mb,
            # CPU the rest of the machine used meanwhile (not watch, serve or this benchmark): other load
            "other_cpu_seconds": None if p.cpu_seconds is None else round(
                (p.extra["machine_cpu"] - previous_machine) - (p.cpu_seconds - previous_cpu)
                - (p.extra["serve_cpu"] - previous_serve) - (p.extra["own_cpu"] - previous_own), 2)})
        previous_machine, previous_serve, previous_own = (p.extra["machine_cpu"], p.extra["serve_cpu"],
                                                          p.extra["own_cpu"])
        previous_time = p.time
        previous_cpu = p.cpu_seconds if p.cpu_seconds is not None else previous_cpu
    return rows


def slope(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 2:
        return None
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def latency(requests: list[Request], busy: list[tuple[float, float]] | None = None) -> dict[str, Any]:
    """Median, p95 and errors of the web requests; with ``busy`` (monotonic windows when the watch was
    processing), the same for the requests that started inside and outside them."""
    ok = [r.seconds * 1000 for r in requests]
    errors = [r for r in requests if r.outcome != 200]
    summary: dict[str, Any] = {"requests": len(requests), "errors": len(errors),
                               "error_kinds": sorted({str(r.outcome) for r in errors})}
    if ok:
        summary.update(median_ms=statistics.median(ok), p95_ms=percentile(ok, 0.95), max_ms=max(ok))
    for path in PAGES:
        mine = [r.seconds * 1000 for r in requests if r.path == path]
        if mine:
            summary[path] = {"requests": len(mine), "median_ms": statistics.median(mine),
                             "p95_ms": percentile(mine, 0.95),
                             "errors": sum(r.outcome != 200 for r in requests if r.path == path)}
    if busy is not None:
        flags = [any(a <= r.start <= b for a, b in busy) for r in requests]
        inside = [r for r, flag in zip(requests, flags) if flag]
        outside = [r for r, flag in zip(requests, flags) if not flag]
        for name, part in (("while_watch_processes", inside), ("otherwise", outside)):
            times = [r.seconds * 1000 for r in part]
            if times:
                summary[name] = {"requests": len(times), "median_ms": statistics.median(times),
                                 "p95_ms": percentile(times, 0.95), "errors": sum(r.outcome != 200 for r in part)}
    return summary


def alert_sample(alerts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first alert of each type, and of each kind of copy."""
    picked: dict[tuple[str, str], dict[str, Any]] = {}
    for alert in alerts:
        picked.setdefault((alert.get("type", ""), alert.get("kind", "") if alert.get("type") == "copy" else ""), alert)
    return list(picked.values())


def copy_alerts(alerts: list[dict[str, Any]], db: Path) -> dict[str, Any]:
    """Copy alerts by kind, how many article pairs they name (and how many pairs were alerted more than once,
    under another kind or direction), how many are within one outlet, and how many name a link the store no
    longer holds."""
    import sqlite3

    copies = [a for a in alerts if a.get("type") == "copy"]
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            links = {tuple(r) for r in conn.execute("SELECT source, target, kind FROM copy_links")}
        finally:
            conn.close()
    except sqlite3.Error:
        links = set()
    by_kind: dict[str, int] = {}
    for a in copies:
        by_kind[a.get("kind", "?")] = by_kind.get(a.get("kind", "?"), 0) + 1
    pairs: dict[frozenset[str], int] = {}
    for a in copies:
        pair = frozenset(a.get("articles", []))
        pairs[pair] = pairs.get(pair, 0) + 1
    return {"total": len(copies), "by_kind": by_kind, "pairs": len(pairs),
            "pairs_alerted_more_than_once": sum(1 for n in pairs.values() if n > 1),
            "one_outlet": sum(1 for a in copies if len(a.get("outlets", [])) == 1),
            "link_gone_at_end": sum(1 for a in copies if tuple(a.get("articles", []) + [a.get("kind")]) not in links),
            "final_links": len(links)}


def store_counts(db: Path) -> dict[str, int]:
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        found = {}
        for name, sql in (("articles", "SELECT count(*) FROM articles"), ("stories", "SELECT count(*) FROM stories"),
                          ("copy_links", "SELECT count(*) FROM copy_links"),
                          ("comparisons", "SELECT count(*) FROM story_comparisons"),
                          ("alerts", "SELECT count(*) FROM alerts")):
            try:
                found[name] = int(conn.execute(sql).fetchone()[0])
            except sqlite3.Error:
                pass
        return found
    finally:
        conn.close()


def baseline(published: list[Published], fetched: set[str], work: Path, repeats: int) -> dict[str, Any]:
    """The fetched articles' pages as files, through ingest, annotate and run in a fresh store, ``repeats``
    times (a fresh store each time); the per-article figures are from the medians."""
    folder = work / "pages"
    shutil.rmtree(folder, ignore_errors=True)
    written = 0
    for a in published:
        if a.path in fetched:
            target = folder / a.path.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(a.html)
            written += 1
    runs = []
    for i in range(repeats):
        db = work / f"batch-{i}.db"
        steps = [timed(newsprism("ingest", str(folder), "--db", str(db), "--quiet"), work / "batch-ingest.log"),
                 timed(newsprism("annotate", "--db", str(db), "--quiet"), work / "batch-annotate.log"),
                 timed(newsprism("run", str(folder), "--db", str(db)), work / "batch-run.log")]
        runs.append({"steps": steps, "store": store_counts(db), "seconds": sum(s["seconds"] for s in steps),
                     "cpu_seconds": sum(s["cpu_seconds"] for s in steps)})
        print(f"  repeat {i + 1}: " + "; ".join(f"{s['command'].split()[1]} {s['seconds']:.1f} s (CPU "
                                                 f"{s['cpu_seconds']:.1f} s, peak {s['peak_rss_mb']:.0f} MB)"
                                                 for s in steps), flush=True)
    counts = runs[-1]["store"]
    total = statistics.median(r["seconds"] for r in runs)
    cpu = statistics.median(r["cpu_seconds"] for r in runs)
    articles = counts.get("articles", written) or 1
    return {"files": written, "repeats": runs, "steps": [s for r in runs for s in r["steps"]], "store": counts,
            "seconds": total, "cpu_seconds": cpu, "seconds_per_article": total / articles,
            "cpu_per_article": cpu / articles,
            "step_medians": {name: {"seconds": statistics.median(r["steps"][i]["seconds"] for r in runs),
                                    "cpu_seconds": statistics.median(r["steps"][i]["cpu_seconds"] for r in runs),
                                    "peak_rss_mb": max(r["steps"][i]["peak_rss_mb"] for r in runs)}
                             for i, name in enumerate(("ingest", "annotate", "run"))},
            "peak_rss_mb": max(s["peak_rss_mb"] for r in runs for s in r["steps"])}


def fit(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """processing seconds ~ a + b * added + c * stored, over the polls after the first that added articles."""
    data = [r for r in rows[1:] if r["added"] > 0 and r["processing_seconds"] is not None]
    if len(data) < 4:
        return None
    try:
        import numpy as np
    except ImportError:
        return None
    x = np.array([[1.0, r["added"], r["stored"]] for r in data])
    y = np.array([r["processing_seconds"] for r in data])
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    predicted = x @ coef
    residual = float(np.sqrt(np.mean((y - predicted) ** 2)))
    return {"polls": len(data), "fixed_s": float(coef[0]), "per_added_s": float(coef[1]),
            "per_stored_s": float(coef[2]), "rms_residual_s": residual}


# -- the report ---------------------------------------------------------------------------------------
def source_digest() -> str:
    digest = sha256()
    for path in sorted((REPO / "src" / "newsprism").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".toml", ".html", ".css", ".json", ".txt", ".tsv"):
            digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version
    from sqlite3 import sqlite_version

    found = {"python": sys.version.split()[0], "sqlite": sqlite_version}
    for name in ("newsprism", "spacy", "trafilatura", "feedparser", "httpx", "starlette", "uvicorn"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "absent"
    return found


def machine() -> dict[str, Any]:
    model = ""
    try:
        model = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                      if ln.startswith("model name")), "")
    except OSError:
        pass
    try:
        load = os.getloadavg()
    except OSError:
        load = (0.0, 0.0, 0.0)
    return {"cpus": os.cpu_count(), "cpu_model": model, "platform": platform.platform(),
            "load_average_at_start": [round(v, 2) for v in load]}


def mean(values: list[float]) -> float | None:
    return statistics.fmean(values) if values else None


def summarise(soaked: dict[str, Any], batch: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    rows = soaked["cycles"]
    after = [r for r in rows if r["poll"] > args.warmup and r["rss_mb"] is not None]
    memory: dict[str, Any] = {"warmup_polls": args.warmup}
    if after:
        memory.update(
            slope_mb_per_poll=slope([r["poll"] for r in after], [r["rss_mb"] for r in after]),
            tree_slope_mb_per_poll=slope([r["poll"] for r in after], [r["tree_rss_mb"] for r in after]),
            peak_slope_mb_per_poll=slope([r["poll"] for r in after], [r["peak_rss_mb"] for r in after]),
            peak_first_after_warmup_mb=after[0]["peak_rss_mb"], peak_last_mb=after[-1]["peak_rss_mb"],
            first_after_warmup_mb=after[0]["rss_mb"], last_mb=after[-1]["rss_mb"],
            last_over_first=after[-1]["rss_mb"] / after[0]["rss_mb"], max_mb=max(r["rss_mb"] for r in rows
                                                                                    if r["rss_mb"] is not None))
        if len(after) >= 2:
            span = after[-1]["stored"] - after[0]["stored"]
            memory["mb_per_100_articles"] = ((after[-1]["rss_mb"] - after[0]["rss_mb"]) / span * 100) if span else None
    added = [r for r in rows if r["added"] > 0]
    steady = [r for r in added if r["poll"] > 1]
    unchanged = [r for r in rows if r["feed_status"] == 304]
    processing = {
        "articles": sum(r["added"] for r in rows),
        "all_polls_seconds": sum(r["processing_seconds"] or 0 for r in added),
        "all_polls_cpu": sum(r["cpu_seconds"] or 0 for r in rows),
        "steady_articles": sum(r["added"] for r in steady),
        "steady_seconds": sum(r["processing_seconds"] or 0 for r in steady),
        "steady_cpu": sum(r["cpu_seconds"] or 0 for r in steady),
    }
    per: dict[str, Any] = {}
    if processing["articles"]:
        per["seconds_per_article_all"] = processing["all_polls_seconds"] / processing["articles"]
        per["cpu_per_article_all"] = processing["all_polls_cpu"] / processing["articles"]
    if processing["steady_articles"]:
        per["seconds_per_article_steady"] = processing["steady_seconds"] / processing["steady_articles"]
        per["cpu_per_article_steady"] = processing["steady_cpu"] / processing["steady_articles"]
    ratios = {}
    for key, base in (("seconds_per_article_all", "seconds_per_article"), ("cpu_per_article_all", "cpu_per_article"),
                      ("seconds_per_article_steady", "seconds_per_article"),
                      ("cpu_per_article_steady", "cpu_per_article")):
        if key in per and batch.get(base):
            ratios[key.replace("_per_article", "")] = per[key] / batch[base]
    polls = {
        "unchanged_feed": {"polls": len(unchanged),
                           "seconds_median": statistics.median([r["seconds"] for r in unchanged]) if unchanged else None,
                           "busy_seconds_median": statistics.median(
                               [(r["fetch_seconds"] or 0) + (r["processing_seconds"] or 0) for r in unchanged])
                           if unchanged else None,
                           "cpu_seconds_median": statistics.median([r["cpu_seconds"] or 0 for r in unchanged])
                           if unchanged else None},
        "changed_feed": {"polls": len(steady),
                         "added_mean": mean([r["added"] for r in steady]),
                         "pages_fetched_mean": mean([r["pages_fetched"] for r in steady]),
                         "fetch_seconds_mean": mean([r["fetch_seconds"] or 0 for r in steady]),
                         "processing_seconds_mean": mean([r["processing_seconds"] or 0 for r in steady]),
                         "cpu_seconds_mean": mean([r["cpu_seconds"] or 0 for r in steady])},
        "processing_fit": fit(rows),
    }
    published, fetched = soaked["published"], soaked["fetched_paths"]
    missed = [a.path for a in published if a.path not in fetched]
    counts = store_counts(soaked["store"]) if Path(soaked["store"]).is_file() else {}
    problems = []
    if soaked["watch_exit"] != 0:
        problems.append(f"watch exited with {soaked['watch_exit']}")
    if soaked["timed_out"]:
        problems.append("watch did not finish in time and was stopped")
    if len(rows) != args.cycles:
        problems.append(f"{len(rows)} poll lines for {args.cycles} cycles")
    if any(r["failed"] for r in rows):
        problems.append(f"{sum(r['failed'] for r in rows)} items failed")
    t0 = soaked["t0"]
    busy = [(t0 + r["at_s"] - r["processing_seconds"], t0 + r["at_s"]) for r in rows
            if r["processing_seconds"] is not None]
    lat = latency(soaked["requests"], busy)
    if lat["errors"]:
        problems.append(f"{lat['errors']} web requests failed ({', '.join(lat['error_kinds'])})")
    if soaked["serve"]["exit_before_stop"] is not None:
        problems.append(f"serve exited with {soaked['serve']['exit_before_stop']} while the watch ran")
    if soaked["serve"]["ready_after_s"] is None:
        problems.append("serve never answered")
    if memory.get("slope_mb_per_poll") is not None and memory["slope_mb_per_poll"] > SLOPE_LIMIT_MB:
        few = len(after) < 8
        problems.append(f"watch RSS grows {memory['slope_mb_per_poll']:.2f} MB a poll after the warm-up"
                        + (f" (only {len(after)} polls: not conclusive)" if few else ""))
    if missed:
        problems.append(f"{len(missed)} published articles were never fetched (they left the feed first)")
    if counts.get("articles") is not None and counts["articles"] != processing["articles"]:
        problems.append(f"the store holds {counts['articles']} articles, the polls added {processing['articles']}")
    if soaked["alerts_in_file"] != sum(r["alerts"] for r in rows):
        problems.append(f"{soaked['alerts_in_file']} alerts in the file, {sum(r['alerts'] for r in rows)} reported")
    if any(s["exit"] != 0 for s in batch["steps"]):
        problems.append("a batch command failed: " + "; ".join(f"{s['command']} -> {s['exit']}"
                                                                 for s in batch["steps"] if s["exit"] != 0))
    return {"memory": memory, "processing": processing, "per_article": per, "ratios": ratios, "polls": polls,
            "latency": lat, "published": len(published), "fetched": len(fetched), "missed": missed,
            "farm_copies_published": sum(1 for a in published if a.copied_from is not None),
            "events_started": len({a.event for a in published}), "watch_store": counts,
            "alerts_by_type": soaked["alert_types"], "alerts_total": soaked["alerts_in_file"],
            "alerts_sample": alert_sample(soaked["alerts"]), "copy_alerts": copy_alerts(soaked["alerts"], soaked["store"]),
            "requests_served": soaked["requests_served"],
            "feed_304": soaked["feed_304"], "problems": problems}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cycles", type=int, default=None, help="polls of the watch (default 20; --quick: 6)")
    parser.add_argument("--publish-seconds", type=float, default=5.0, help="seconds between two publishes")
    parser.add_argument("--per-publish", type=int, default=3, help="articles published each time")
    parser.add_argument("--feed-items", type=int, default=15, help="articles the feed lists (the latest)")
    parser.add_argument("--interval", type=float, default=2.0, help="the watch's --interval")
    parser.add_argument("--quiet-cycles", type=int, default=None,
                        help="publishing stops once poll CYCLES - this is reported (default 3; --quick: 2)")
    parser.add_argument("--warmup", type=int, default=3, help="polls left out of the memory slope")
    parser.add_argument("--baseline-repeats", type=int, default=3,
                        help="times the batch baseline runs, each in a fresh store (medians are reported)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--quick", action="store_true", help="a smoke run: 6 polls, about 2 minutes")
    parser.add_argument("--tmp", type=Path, default=None, help="where the stores and pages go (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the stores, pages and logs")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "watch.json")
    args = parser.parse_args()
    if args.cycles is None:
        args.cycles = 6 if args.quick else 20
    if args.quiet_cycles is None:
        args.quiet_cycles = 2 if args.quick else 3
    if args.cycles <= args.quiet_cycles:
        parser.error("--cycles must be larger than --quiet-cycles")

    meta: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": machine(), "versions": versions(),
            "source": source_digest(), "options": {k: (str(v) if isinstance(v, Path) else v)
                                                    for k, v in vars(args).items()}}
    work = Path(tempfile.mkdtemp(prefix="newsprism-bench-watch-", dir=args.tmp))
    try:
        started = time.perf_counter()
        soaked = soak(args, work)
        print(f"watch: exit {soaked['watch_exit']} after {soaked['watch_seconds']:.0f} s; "
              f"{len(soaked['requests'])} web requests", flush=True)
        print("baseline: the same articles in one batch (ingest, annotate, run)", flush=True)
        batch = baseline(soaked["published"], soaked["fetched_paths"], work, args.baseline_repeats)
        summary = summarise(soaked, batch, args)
        meta["seconds"] = time.perf_counter() - started
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")

    result = {"meta": meta, "summary": summary, "cycles": soaked["cycles"], "batch": batch,
              "serve": soaked["serve"], "watch": {"command": soaked["watch_command"], "exit": soaked["watch_exit"],
                                                  "seconds": soaked["watch_seconds"],
                                                  "other_stderr": soaked["other_stderr"]},
              "requests": [{"t": round(r.start - soaked["t0"], 3), "ms": round(r.seconds * 1000, 1), "path": r.path,
                            "outcome": r.outcome} for r in soaked["requests"]]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, default=str))
    report(result)
    print(f"\nwritten {args.out}")
    return 1 if summary["problems"] else 0


def report(result: dict[str, Any]) -> None:
    s = result["summary"]
    print(f"\n{'poll':>4} {'feed':>4} {'pages':>5} {'again':>5} {'added':>5} {'alerts':>6} {'stored':>6} "
          f"{'seconds':>7} {'fetch s':>7} {'proc s':>6} {'CPU s':>6} {'RSS MB':>7} {'peak MB':>7} {'serve MB':>8} "
          f"{'other CPU s':>11}")
    for r in result["cycles"]:
        print(f"{r['poll']:>4} {r['feed_status'] or '-':>4} {r['pages_fetched']:>5} {r['pages_fetched_again']:>5} "
              f"{r['added']:>5} {r['alerts']:>6} {r['stored']:>6} {r['seconds']:>7.1f} {r['fetch_seconds'] or 0:>7.1f} "
              f"{r['processing_seconds'] or 0:>6.1f} {r['cpu_seconds'] or 0:>6.1f} {r['rss_mb'] or 0:>7.1f} "
              f"{r['peak_rss_mb'] or 0:>7.1f} {r['serve_rss_mb'] or 0:>8.1f} {r['other_cpu_seconds'] or 0:>11.1f}")
    m = s["memory"]
    if "slope_mb_per_poll" in m:
        print(f"memory after {m['warmup_polls']} warm-up polls: RSS {m['slope_mb_per_poll']:+.2f} MB a poll "
              f"(with child processes {m['tree_slope_mb_per_poll']:+.2f}), last/first {m['last_over_first']:.3f}; "
              f"peak (VmHWM) {m['peak_slope_mb_per_poll']:+.2f} MB a poll, {m['peak_first_after_warmup_mb']:.0f} -> "
              f"{m['peak_last_mb']:.0f} MB")
    lat = s["latency"]
    if lat.get("requests"):
        print(f"web: {lat['requests']} requests, median {lat['median_ms']:.0f} ms, p95 {lat['p95_ms']:.0f} ms, "
              f"errors {lat['errors']}")
    b = result["batch"]
    print(f"batch (median of {len(b['repeats'])}): {b['store'].get('articles')} articles in {b['seconds']:.1f} s "
          f"(CPU {b['cpu_seconds']:.1f} s): "
          f"{b['seconds_per_article'] * 1000:.0f} ms an article (CPU {b['cpu_per_article'] * 1000:.0f} ms)")
    per = s["per_article"]
    if per:
        print(f"watch processing: {per.get('seconds_per_article_all', 0) * 1000:.0f} ms an article over all polls, "
              f"{per.get('seconds_per_article_steady', 0) * 1000:.0f} ms after the first; ratios {s['ratios']}")
    print(f"alerts: {s['alerts_by_type']}; published {s['published']}, fetched {s['fetched']}, "
          f"watch store {s['watch_store']}, batch store {b['store']}")
    if s["problems"]:
        print("PROBLEMS: " + "; ".join(s["problems"]))


if __name__ == "__main__":
    raise SystemExit(main())
