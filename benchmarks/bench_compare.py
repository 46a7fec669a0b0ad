"""Cost of comparing one story (``compare_story``) of 3, 30 and 300 articles, against encoding its text once.

The story is generated from a small vocabulary in this file: outlets report one
fictional event (a warehouse fire in a port town) in 20-30 sentences each:
shared facts reworded (and each outlet's synonyms; one figure in ten differs),
eyewitness sentences of its own, and 2-4 quotes of four named speakers with
small wording changes. The annotations (sentences, entities, labels, dates, quotes)
is built with exact offsets, so no spaCy is needed. Seeded, deterministic.

Each part runs in a fresh child process, its models loaded and warmed up before
the clock starts (load time is reported apart):

- ``encode``: USE vectors of the story's sentences and quote texts, once
  (``compare.pieces.encode``): the least a comparison by sentence vectors costs;
- ``compare``: ``compare_story(story, articles, encoder, LoadedScorer(encoder))``.

numpy's BLAS runs on one thread unless ``--blas-threads`` says otherwise: on a
shared 2-core machine, two BLAS threads next to one other busy process made the
encoder about 7x slower (its threads wait on each other), which swamps the measurement.

    python benchmarks/bench_compare.py [--sizes 3,30,300] [--repeats 3] [--out benchmarks/results/compare.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from isolated import emit, rss_mb, spawn

REPO = Path(__file__).resolve().parents[1]
EVENT_DAY = date(2025, 3, 14)  # a Friday

# id: (name, surname, title, appositive)
PEOPLE = {
    "anna-velt": ("Anna Velt", "Velt", "Mayor", "the town's mayor"),
    "tomas-brenn": ("Tomas Brenn", "Brenn", "Fire Chief", "the head of the fire service"),
    "ilse-markov": ("Ilse Markov", "Markov", "Environment Minister", "the environment minister"),
    "rafael-oduya": ("Rafael Oduya", "Oduya", "union leader", "who leads the dockworkers' union"),
}
ENTITIES = {"keldmoor": ("Keldmoor", "place"), "harrow-bay": ("Harrow Bay", "place"),
            "south-quay": ("South Quay", "place"), "norrland": ("Norrland Logistics", "organisation")}
# Date mentions by the day they name (the value's length gives its precision).
DATES = {"day": [("Friday", "2025-03-14"), ("14 March", "2025-03-14"), ("March 14", "2025-03-14")],
         "reopen": [("Monday", "2025-03-17"), ("17 March", "2025-03-17")],
         "earlier": [("June 2019", "2019-06"), ("2019", "2019")],
         "visit": [("Saturday", "2025-03-15"), ("15 March", "2025-03-15")]}
NUMBERS = {"injured": ("14", "15"), "hospital": ("three", "four"), "evacuated": ("2,300", "3,200"),
           "crews": ("120", "150"), "hours": ("nine", "eleven"), "tonnes": ("40", "400"), "losses": ("18", "80")}
# Each outlet picks one word of every pair and keeps it.
SYNONYMS = [("fire", "blaze"), ("warehouse", "depot"), ("residents", "locals"), ("injured", "wounded"),
            ("investigation", "inquiry"), ("shipping", "cargo traffic"), ("smoke", "fumes")]
_SYNONYM = re.compile(r"\b(" + "|".join(w for pair in SYNONYMS for w in pair) + r")\b")

# Facts every outlet may report: [a|b] is a wording each article picks; {kind:key} slots are names, dates, figures.
FACTS = [
    "A fire [broke out at|tore through] a chemical warehouse [in|at the port of] {E:keldmoor} on {D:day}.",
    "At least {N:injured} people were injured, [and {N:hospital} remain in hospital|{N:hospital} of them seriously].",
    "[About|Some] {N:evacuated} residents were [evacuated from homes near|moved out of the streets around] {E:south-quay}.",
    "{N:crews} firefighters [fought the fire for|needed] {N:hours} hours [before it was under control|to contain it].",
    "The warehouse [stored about|held some] {N:tonnes} tonnes of fertiliser and [solvents|industrial solvents].",
    "[A plume of black|Black] smoke [drifted across|hung over] {E:harrow-bay} [for most of|through] the afternoon.",
    "Schools in the district [stayed closed|did not open] the [next|following] day as a precaution.",
    "The cause of the fire is [not yet known|still unclear], and police have [opened|launched] an investigation.",
    "{T:tomas-brenn} said a faulty cooling unit was [one line|a line] of investigation.",
    "{A:ilse-markov} ordered [daily tests|tests every day] of the water in {E:harrow-bay}.",
    "The port authority [suspended|halted] shipping at {E:south-quay} until {D:reopen}.",
    "[A smaller|An earlier] fire [damaged|hit] the same site in {D:earlier}.",
    "{T:anna-velt} [visited|went to see] the injured in [the town|the local] hospital on {D:visit}.",
    "The warehouse owner, {E:norrland}, said it was [cooperating|working] with [investigators|the police].",
    "Dockworkers had [warned about|complained about] the storage conditions for months, {A:rafael-oduya} said.",
    "Insurance losses could reach {N:losses} million euros, [analysts estimated|according to analysts].",
]
# What each speaker says, rendered with small wording changes.
STATEMENTS = [
    ("anna-velt", "We [will|are going to] find out who is responsible[,|] and we will rebuild [this|the] port"),
    ("anna-velt", "[Nobody|No one] in this town should ever have to breathe that smoke again"),
    ("tomas-brenn", "[The|Our] crews did [everything|all] they could in [very|extremely] dangerous conditions"),
    ("tomas-brenn", "There is no [longer any|] risk of another explosion"),
    ("ilse-markov", "The water in the bay is safe to drink[,|] but we [will test|are testing] it every day"),
    ("rafael-oduya", "We told the company for months that this building was [a danger|dangerous]"),
    ("rafael-oduya", "Our members [will not|won't] go back to work until the site is [made|] safe"),
]
CUES = [("said", "said"), ("told reporters", "told"), ("warned", "warned"), ("added", "added")]
LAYOUTS = ["\u201c{Q:q},\u201d {P:who} {cue}.", "{P:who} {cue}: \u201c{Q:q}.\u201d", "\u201c{Q:q},\u201d said {T:who}."]
# Outlet-specific sentences: combinations of these rarely repeat between articles.
WHO = ["a taxi driver", "a shop owner on Dock Street", "a retired sailor", "two students", "a nurse coming off shift",
       "a fisherman", "a baker from the old town", "a bus driver", "a teacher", "a harbour pilot"]
SAW = ["saw", "watched", "described", "filmed"]
WHAT = ["flames rising above the roofs", "a series of loud bangs", "ash falling on parked cars",
        "people running from the harbour", "sirens for most of the night", "the roof of the building collapsing",
        "a red glow over the water", "ambulances queuing at the gate"]
WHEN = ["shortly after noon", "late in the morning", "around lunchtime", "in the early afternoon", "before dusk"]
FILLERS = ["{who} {saw} {what} {when}.", "Speaking to us, {who} said the first signs of trouble came {when}.",
           "Our reporter met {who} who {saw} {what}.", "Traffic near the harbour was diverted {when}, {who} said.",
           "Asked about the fire, {who} said the town had never seen anything like it."]
OUTLETS = [f"The {a} {b}" for a in ("Northgate", "Riverside", "Capital", "Coastal", "Valley", "Harbour", "Metro",
                                    "Evening") for b in ("Bulletin", "Herald", "Courier", "Gazette", "Post", "Ledger")]
SLOT = re.compile(r"\{(\w):([\w-]+)\}")
VARIANT = re.compile(r"\[([^\]]*)\]")


class Writer:
    """One article's text, written piece by piece, with the annotation of each name, date and quote put into it."""

    def __init__(self, rng: random.Random, style: dict[str, str]) -> None:
        self.rng, self.style, self.text = rng, style, ""
        self.sentences: list[tuple[int, int]] = []
        self.mentions: dict[str, list[dict[str, Any]]] = {}
        self.labels: list[dict[str, Any]] = []
        self.dates: list[dict[str, Any]] = []
        self.quotes: list[dict[str, Any]] = []

    def put(self, words: str) -> tuple[int, int]:
        start = len(self.text)
        self.text += words
        return start, len(self.text)

    def slot(self, kind: str, key: str) -> tuple[int, int]:
        start = len(self.text)
        if kind in "EP":  # a name: a person's surname once named in full
            name = ENTITIES[key][0] if kind == "E" else PEOPLE[key][1 if key in self.mentions else 0]
            self.mentions.setdefault(key, []).append(dict(zip(("start", "end"), self.put(name)), text=name))
        elif kind == "T":  # "Mayor Anna Velt"
            title = PEOPLE[key][2]
            self.labels.append({"entity": key, "text": title, "start": start, "end": self.put(title)[1], "kind": "title"})
            self.put(" ")
            self.slot("P", key)
        elif kind == "A":  # "Anna Velt, the town's mayor,"
            self.slot("P", key)
            a, b = self.put(", ")[1], self.put(PEOPLE[key][3])[1]
            self.labels.append({"entity": key, "text": PEOPLE[key][3], "start": a, "end": b, "kind": "appositive"})
            self.put(",")
        elif kind == "D":
            words, value = self.rng.choice(DATES[key])
            precision = {10: "day", 7: "month", 4: "year"}[len(value)]
            self.dates.append({"text": words, "start": start, "end": self.put(words)[1], "value": value,
                               "precision": precision})
        else:  # a figure, now and then not the one the other outlets give
            self.put(NUMBERS[key][self.rng.random() < 0.1])
        return start, len(self.text)

    def sentence(self, template: str, sep: str, said: tuple[str, str, str] | None = None) -> None:
        """``template`` with its slots filled; ``said`` = (speaker, words, cue) fills a quote layout's {Q:} slot."""
        start = self.put(sep)[1]
        parts, spans = SLOT.split(template), {}  # text, kind, key, text, ...
        for i in range(0, len(parts), 3):
            self.put(parts[i] if said else _SYNONYM.sub(lambda m: self.style[m.group()], parts[i]))
            if i + 2 < len(parts):
                kind = parts[i + 1]
                spans[kind] = self.put(said[1]) if said and kind == "Q" else self.slot(kind, parts[i + 2])
        self.sentences.append((start, len(self.text)))
        if said:
            (a, b), (c, d) = spans["Q"], spans.get("P") or spans["T"]
            self.quotes.append({"text": said[1], "start": a, "end": b, "kind": "direct", "speaker": PEOPLE[said[0]][0],
                                "speaker_entity": said[0], "speaker_text": self.text[c:d], "speaker_start": c,
                                "speaker_end": d, "cue": said[2]})

    def quote(self, speaker: str, words: str, sep: str) -> None:
        layout = self.rng.choice(LAYOUTS)
        cue, verb = ("said", "said") if "{T:" in layout else self.rng.choice(CUES)
        self.sentence(layout.replace("{cue}", cue).replace(":who}", f":{speaker}}}"), sep,
                      (speaker, pick(self.rng, words), verb))


def pick(rng: random.Random, text: str) -> str:
    """``text`` with one wording of each [a|b] chosen."""
    return re.sub(" {2,}", " ", VARIANT.sub(lambda m: rng.choice(m.group(1).split("|")), text))


def _filler(rng: random.Random) -> str:
    text = rng.choice(FILLERS).format(who=rng.choice(WHO), saw=rng.choice(SAW), what=rng.choice(WHAT),
                                      when=rng.choice(WHEN))
    return text[0].upper() + text[1:]


def build_story(size: int, seed: int) -> tuple[Any, list[Any]]:
    """The story record and its ``size`` StoryArticle members."""
    from newsprism.compare import StoryArticle
    from newsprism.stories import Story

    rng = random.Random(seed)
    outlets = rng.sample(OUTLETS, min(size, len(OUTLETS)))  # at 300 articles, several per outlet
    articles = []
    for n in range(size):
        style = {}
        for pair in SYNONYMS:
            style.update(dict.fromkeys(pair, rng.choice(pair)))
        w = Writer(rng, style)
        facts = rng.sample(FACTS[1:], rng.randint(9, 13))
        quotes = rng.sample(STATEMENTS, rng.randint(2, 4))
        body = [("fact", f) for f in facts] + [("quote", q) for q in quotes]
        body += [("filler", None)] * (rng.randint(20, 30) - 1 - len(body))
        rng.shuffle(body)
        w.sentence(pick(rng, FACTS[0]), "")  # the lead
        for kind, item in body:
            sep = "\n\n" if rng.random() < 0.3 else " "
            if kind == "quote":
                w.quote(*item, sep)
            else:
                w.sentence(pick(rng, item) if kind == "fact" else _filler(rng), sep)
        entities = [{"id": key, "name": PEOPLE[key][0] if key in PEOPLE else ENTITIES[key][0],
                     "type": "person" if key in PEOPLE else ENTITIES[key][1], "mentions": found}
                    for key, found in w.mentions.items()]
        for item in [m for e in entities for m in e["mentions"]] + w.labels + w.dates + w.quotes:
            assert w.text[item["start"]:item["end"]] == item["text"], item  # every offset points at its words
        day = EVENT_DAY + timedelta(days=rng.choice((0, 0, 1, 1, 2)))
        published = f"{day.isoformat()}T{rng.randint(6, 22):02d}:{rng.randrange(60):02d}:00"
        articles.append(StoryArticle(
            id=f"a{n:04d}", outlet=outlets[n % len(outlets)], text=w.text, published=published, language="en",
            title=f"{style['fire'].capitalize()} at {ENTITIES['keldmoor'][0]} chemical {style['warehouse']}",
            sentences=tuple(w.sentences), entities=tuple(entities), labels=tuple(w.labels), dates=tuple(w.dates),
            quotes=tuple(w.quotes)))
    days = sorted(a.published[:10] for a in articles)
    return Story(f"story-bench-{size}", "", tuple(a.id for a in articles), days[0], days[-1], ()), articles


# -- parts (each in its own process) ----------------------------------------------------------
def run_part(name: str, size: int, seed: int) -> None:
    sys.path.insert(0, str(REPO / "src"))
    story, articles = build_story(size, seed)
    start = time.perf_counter()
    from newsprism.compare.loaded import LoadedScorer
    from newsprism.compare.pieces import encode
    from newsprism.compare.story import compare_story
    from newsprism.copies.vectors import UseEncoder

    encoder = UseEncoder()
    encoder(["warm up"])
    scorer = LoadedScorer(encoder) if name == "compare" else None
    if scorer is not None:
        scorer.score(["A warm-up sentence."])  # reads the model and the lexicon
    load = time.perf_counter() - start
    wall, cpu = time.perf_counter(), time.process_time()
    found: dict[str, Any] = {}
    if scorer is None:
        texts = [a.text[s:e] for a in articles for s, e in a.sentences] + [q["text"] for a in articles for q in a.quotes]
        encode(texts, encoder)
    else:
        result = compare_story(story, articles, encoder, scorer)
        found = {"facts_2_outlets": sum(len(f.outlets) > 1 for f in result.facts),
                 "statements_2_outlets": sum(len(s.outlets) > 1 for s in result.statements),
                 "disagreements": len(result.disagreements)}
    emit({"seconds": time.perf_counter() - wall, "cpu_seconds": time.process_time() - cpu, "load_seconds": load,
          "sentences": sum(len(a.sentences) for a in articles), "quotes": sum(len(a.quotes) for a in articles),
          "peak_rss_mb": rss_mb("VmHWM"), **found})


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out = dict(runs[0], runs_seconds=[r["seconds"] for r in runs])
    for key in ("seconds", "cpu_seconds", "load_seconds", "peak_rss_mb"):
        out[key] = statistics.median(r[key] for r in runs)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="3,30,300", help="articles per story, comma-separated")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each part, interleaved; medians are reported")
    parser.add_argument("--blas-threads", type=int, default=1, help="numpy BLAS threads in the measured processes")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "compare.json")
    parser.add_argument("--part", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        run_part(args.part, args.size, args.seed)
        return 0
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = str(args.blas_threads)  # the children inherit it
    results: list[dict[str, Any]] = []
    print("articles sentences  encode s  compare s  ms/sentence  ratio  cpu ratio  peak MB enc/cmp  load s  "
          "facts/statements/disagreements (in 2+ outlets)")
    for size in (int(s) for s in args.sizes.split(",")):
        runs: dict[str, list[dict[str, Any]]] = {"encode": [], "compare": []}
        for _ in range(args.repeats):  # interleaved, so a busy spell on the machine hits both parts
            for name, done in runs.items():
                done.append(spawn(__file__, name, "--size", str(size), "--seed", str(args.seed)))
        enc, cmp = _median(runs["encode"]), _median(runs["compare"])
        row = {"articles": size, "encode": enc, "compare": cmp, "ratio": cmp["seconds"] / enc["seconds"],
               "cpu_ratio": cmp["cpu_seconds"] / enc["cpu_seconds"],
               "compare_ms_per_sentence": cmp["seconds"] / cmp["sentences"] * 1000}
        print(f"{size:>8} {cmp['sentences']:>9} {enc['seconds']:>9.2f} {cmp['seconds']:>10.2f} "
              f"{row['compare_ms_per_sentence']:>12.2f} {row['ratio']:>6.2f} {row['cpu_ratio']:>10.2f} "
              f"{enc['peak_rss_mb']:>9.0f} / {cmp['peak_rss_mb']:<5.0f} {cmp['load_seconds']:>7.2f}  "
              f"{cmp['facts_2_outlets']}/{cmp['statements_2_outlets']}/{cmp['disagreements']}", flush=True)
        if results:  # growth against the previous size: linear when time grows like the sentences
            prev = results[-1]
            row["growth"] = {"from_articles": prev["articles"], "time": cmp["seconds"] / prev["compare"]["seconds"],
                             "sentences": cmp["sentences"] / prev["compare"]["sentences"]}
            print(f"{'':>8} {prev['articles']} -> {size} articles: compare time x{row['growth']['time']:.1f}, "
                  f"sentences x{row['growth']['sentences']:.1f}")
        results.append(row)
    print("The comparison reads only the story's own articles, so its time does not depend on the rest of the corpus.")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    meta = {"date": time.strftime("%Y-%m-%d %H:%M"), "python": sys.version.split()[0], "cpus": os.cpu_count(),
            "seed": args.seed, "repeats": args.repeats, "blas_threads": args.blas_threads}
    args.out.write_text(json.dumps({"meta": meta, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
