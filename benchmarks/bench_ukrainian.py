"""Tagging Ukrainian entities against the English spaCy pass, per character.

`ukrainian_entities` (tokenising, the Russian-lexicon features, both passes, normal forms) reads ner-uk
documents (read in place from ../shared/data/ner-uk); the English spaCy pipeline (`annotate/nlp.py`)
reads the seed articles (../shared/corpus/seeds). Both run in one process after their models are
loaded, alternately, ``--rounds`` times, so machine noise hits both alike. Each round uses a fresh
lexicon cache, as a new process would; the figure is characters per second and the ratio of a
Ukrainian character's cost to an English one's. A third timing runs the same weights with the lexicon
features left out: what the features cost (its tags are not meaningful, its time is).

    python benchmarks/bench_ukrainian.py [--documents 120] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def seconds(run: object, texts: list[str]) -> float:
    began = time.process_time()
    for text in texts:
        run(text)  # type: ignore[operator]
    return time.process_time() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "ukrainian.json")
    args = parser.parse_args()
    if not (SHARED / "data" / "ner-uk").is_dir() or not (SHARED / "corpus" / "seeds").is_dir():
        sys.exit(f"{SHARED} lacks data/ner-uk or corpus/seeds; run beside the shared folder")
    sys.path.insert(0, str(REPO / "src"))
    from newsprism.annotate.nlp import english as load_nlp
    from newsprism.annotate.ukrainian import TaggerModel, packaged_model, ukrainian_entities
    from newsprism.annotate.ukrainian_lexicon import Lexicon
    from newsprism.evaluate.ner_corpora import read_ner_corpus

    ukrainian = [d.text for d in read_ner_corpus(SHARED / "data" / "ner-uk")][:args.documents]
    english = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "corpus" / "seeds").glob("*.txt"))] * 4
    nlp = load_nlp()
    shipped = packaged_model()
    assert shipped.lexicon is not None
    bare = TaggerModel(shipped.first, shipped.second)
    ukrainian_entities(ukrainian[0], shipped)
    nlp(english[0])
    rounds = []
    for _ in range(args.rounds):
        fresh = TaggerModel(shipped.first, shipped.second, Lexicon(shipped.lexicon.centroids))
        uk_s = seconds(lambda text, model=fresh: ukrainian_entities(text, model), ukrainian)
        en_s = seconds(nlp, english)
        bare_s = seconds(lambda text: ukrainian_entities(text, bare), ukrainian)
        uk_rate = sum(map(len, ukrainian)) / uk_s
        en_rate = sum(map(len, english)) / en_s
        rounds.append({"ukrainian_chars_per_s": round(uk_rate), "english_chars_per_s": round(en_rate),
                       "ukrainian_cost_per_char_vs_english": round(en_rate / uk_rate, 3),
                       "lexicon_share_of_ukrainian_time": round(1 - bare_s / uk_s, 3)})
    result = {"ukrainian_documents": len(ukrainian), "ukrainian_chars": sum(map(len, ukrainian)),
              "english_texts": len(english), "english_chars": sum(map(len, english)), "rounds": rounds}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
