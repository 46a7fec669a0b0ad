"""Reading a Russian article against reading an English one of the same length.

The articles are assembled from made-up sentences written for this benchmark in both languages, each
Russian sentence a translation of an English one (the same people, organisations, places, quotes and
dates), drawn in the same seeded order and cut to the same number of characters. The annotator reads
them as ``newsprism annotate`` does (``Annotator.annotate``: English through spaCy and the English
rules, Russian through natasha's tagger, the span rules and normal forms, and the steps every
language gets). Both run in one child process after loading their models, interleaved and repeated,
so machine noise hits both alike; the figure is time per 1,000 characters and the Russian/English
ratio of CPU time (and of wall time). Each language's model load (time and peak memory) is measured
in a fresh process of its own.

    python benchmarks/bench_languages.py [--articles 40] [--chars 3000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from isolated import REPO, emit, rss_mb, spawn

# Each pair says the same thing in both languages; every name is made up.
SENTENCES = [
    ("Transport minister Oskar Brenner arrived in Port Alder on Tuesday to inspect the damaged harbour bridge.",
     "Министр транспорта Оскар Бреннер во вторник прибыл в Порт-Алдер, чтобы осмотреть повреждённый мост в гавани."),
    ("Brenner met the mayor of Port Alder, Marta Lind, and engineers from Northgate Shipping.",
     "Бреннер встретился с мэром Порт-Алдера Мартой Линд и инженерами компании «Северные ворота»."),
    ("“The bridge will stay closed until the repairs are finished,” Lind told reporters after the meeting.",
     "«Мост останется закрытым, пока не закончится ремонт», — сказала Линд журналистам после встречи."),
    ("The Ministry of Transport said the repairs would cost about 40 million dollars.",
     "Министерство транспорта сообщило, что ремонт обойдётся примерно в 40 миллионов долларов."),
    ("Shopkeepers on the east bank fear losing customers during the two years of work.",
     "Владельцы магазинов на восточном берегу опасаются потерять покупателей за два года работ."),
    ("On 14.03.2024 the harbour authority of Velgrad offered to send its own ferries to Port Alder.",
     "14.03.2024 управление гавани Вельграда предложило направить в Порт-Алдер свои паромы."),
    ("Irina Sokolova, who leads the union of dock workers, asked the government to pay the lost wages.",
     "Ирина Соколова, возглавляющая профсоюз портовых рабочих, попросила правительство выплатить потерянную "
     "зарплату."),
    ("Sokolova said that Brenner had promised her a decision within a month.",
     "Соколова сказала, что Бреннер обещал ей решение в течение месяца."),
    ("The council of Port Alder will vote on the ferry plan next week.",
     "Совет Порт-Алдера проголосует за план с паромами на следующей неделе."),
    ("Engineers from the Velgrad Institute of Technology found rust in three of the steel supports.",
     "Инженеры Вельградского технологического института обнаружили ржавчину в трёх стальных опорах."),
    ("The opposition party Green Shore accused the ministry of ignoring warnings since 2019.",
     "Оппозиционная партия «Зелёный берег» обвинила министерство в том, что оно игнорировало предупреждения "
     "с 2019 года."),
    ("A spokesman for Northgate Shipping declined to comment on the accusations.",
     "Представитель компании «Северные ворота» отказался комментировать обвинения."),
    ("Lind and Sokolova will travel to Velgrad on Friday to meet the governor, Pavel Gromov.",
     "В пятницу Линд и Соколова поедут в Вельград на встречу с губернатором Павлом Громовым."),
    ("Gromov has said that the region cannot pay for the bridge on its own.",
     "Громов заявлял, что регион не сможет оплатить мост самостоятельно."),
    ("Traffic on the coast road to Alder Bay doubled in the first week after the closure.",
     "Движение на прибрежной дороге к бухте Алдер за первую неделю после закрытия выросло вдвое."),
    ("Residents of the old town collected 12,000 signatures for a new pedestrian bridge.",
     "Жители старого города собрали 12 000 подписей за новый пешеходный мост."),
]


def articles(language: int, count: int, chars: int, seed: int = 11) -> list[str]:
    """``count`` articles of exactly ``chars`` characters: paragraphs of sentences drawn in the same seeded
    order for both languages (``language`` 0 English, 1 Russian), the last one cut at the length."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        paragraphs: list[str] = []
        length = 0
        while length < chars:
            paragraph = " ".join(pair[language] for pair in rng.sample(SENTENCES, 3))
            paragraphs.append(paragraph)
            length += len(paragraph) + 2
        texts.append("\n\n".join(paragraphs)[:chars])
    return texts


def annotate_all(texts: list[str], language: str) -> tuple[float, float, int]:
    """CPU and wall seconds to annotate ``texts``, and how many entities were found."""
    from newsprism.annotate.annotator import Annotator

    cpu, wall = time.process_time(), time.perf_counter()
    found = sum(len(a.entities) for a in Annotator().annotate((t, language, None) for t in texts))
    return time.process_time() - cpu, time.perf_counter() - wall, found


def part_load(language: str) -> dict[str, Any]:
    """Loading a language's models and reading one short article, in a fresh process."""
    start = time.perf_counter()
    annotate_all(articles(0 if language == "en" else 1, 1, 500), language)
    return {"seconds": time.perf_counter() - start, "peak_rss_mb": rss_mb("VmHWM")}


def part_throughput(count: int, chars: int, repeats: int) -> dict[str, Any]:
    english, russian = articles(0, count, chars), articles(1, count, chars)
    annotate_all(english[:2], "en")  # models loaded and warmed before the clock
    annotate_all(russian[:2], "ru")
    runs: dict[str, list[tuple[float, float, int]]] = {"en": [], "ru": []}
    for _ in range(repeats):
        runs["en"].append(annotate_all(english, "en"))
        runs["ru"].append(annotate_all(russian, "ru"))
    total = count * chars
    result: dict[str, Any] = {"articles": count, "characters_per_article": chars}
    for language, measured in runs.items():
        result[language] = {
            "cpu_ms_per_1000_chars": statistics.median(m[0] for m in measured) / total * 1e6,
            "wall_ms_per_1000_chars": statistics.median(m[1] for m in measured) / total * 1e6,
            "entities_per_article": measured[0][2] / count,
        }
    for clock in ("cpu", "wall"):
        result[f"ru_en_{clock}_ratio"] = (result["ru"][f"{clock}_ms_per_1000_chars"]
                                          / result["en"][f"{clock}_ms_per_1000_chars"])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--chars", type=int, default=3000, help="characters per article, the same in both languages")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "languages.json")
    parser.add_argument("--part", help=argparse.SUPPRESS)
    parser.add_argument("--language", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part == "load":
        emit(part_load(args.language))
        return 0
    if args.part == "throughput":
        emit(part_throughput(args.articles, args.chars, args.repeats))
        return 0
    sizes = ["--articles", str(args.articles), "--chars", str(args.chars), "--repeats", str(args.repeats)]
    result = spawn(__file__, "throughput", *sizes)
    result["repeats"] = args.repeats
    result["load"] = {language: spawn(__file__, "load", "--language", language) for language in ("en", "ru")}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
