"""``newsprism eval``: each stage scored on real labelled data, under the run's settings where the stage has any."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.table import Table
from rich.text import Text

from ..settings import Settings, available_cores, worker_count
from ._util import err, json_option, main, out, pass_settings, print_json

F = TypeVar("F", bound=Callable[..., Any])


def data_option(what: str, file_okay: bool = False) -> Callable[[F], F]:
    """The dataset folder (or, with ``file_okay``, file) every evaluation reads in place."""

    def decorate(func: F) -> F:
        option = click.option("--data", "data_dir", required=True,
                              type=click.Path(file_okay=file_okay, exists=True), help=what)
        return option(func)

    return decorate


@main.group("eval")
def evaluate() -> None:
    """Score newsprism's stages on labelled data."""


@evaluate.command("extraction")
@data_option("Folder of the article-extraction benchmark (ground-truth.json + html/).")
@json_option
@pass_settings
def eval_extraction(settings: Settings, data_dir: str, as_json: bool) -> None:
    """Body-text extraction: newsprism vs bare trafilatura, 4-gram shingle P/R/F1.

    \b
    Example:
      newsprism eval extraction --data ../shared/data/aeb
    """
    from ..evaluate.extraction import evaluate_extraction

    with err.status("scoring both systems on every page…"):
        scores = evaluate_extraction(Path(data_dir), settings)
    if as_json:
        print_json({name: s.to_dict() for name, s in scores.items()})
        return
    table = Table(title=f"article body extraction ({next(iter(scores.values())).pages} pages)", title_justify="left")
    for name in ("system", "precision", "recall", "F1"):
        table.add_column(name, justify="right" if name != "system" else "left")
    for name, s in scores.items():
        table.add_row(name, f"{s.precision:.4f}", f"{s.recall:.4f}", f"{s.f1:.4f}")
    out.print(table)


@evaluate.command("quotes")
@data_option("PolNeAR folder (with data/<split>/text and data/<split>/attributions).")
@click.option("--split", default="dev", show_default=True, help="Which split to score (train or dev).")
@click.option("--limit", type=click.IntRange(1), help="Score only the first N articles.")
@click.option("--cv", "folds", type=click.IntRange(2, 20), default=None,
              help="Also K-fold cross-validation on train: each fold scored with the cue words and the speaker "
                   "ranker learnt on the other folds.")
@click.option("--train-out", type=click.Path(dir_okay=False), default=None,
              help="Train the speaker ranker on the train split (penalty chosen by 5-fold CV), write it here "
                   "and score SPLIT with it.")
@json_option
def eval_quotes(data_dir: str, split: str, limit: int | None, folds: int | None, train_out: str | None,
                as_json: bool) -> None:
    """Quotes and speakers against PolNeAR's Content and Source spans (exact and overlap P/R/F1).

    \b
    Examples:
      newsprism eval quotes --data ../shared/data/polnear --split dev --cv 5
      newsprism eval quotes --data ../shared/data/polnear --train-out src/newsprism/annotate/speaker_model.json
    """
    from ..annotate.speakers import packaged_model
    from ..evaluate import speakers
    from ..evaluate.cues import cross_validate_split
    from ..evaluate.quotes import PRF, evaluate_quotes

    model = None
    if train_out is not None:
        with err.status("reading the train split for the speaker ranker…"):
            train = speakers.read_split(Path(data_dir), "train")
        with err.status("choosing the ranker's penalty by 5-fold cross-validation on train…"):
            l2, by_l2 = speakers.choose_l2(train)
        model = speakers.fit(train, l2)
        Path(train_out).write_text(speakers.model_json(model), "utf-8")
        err.print(f"wrote {train_out} (penalty {l2}; CV speaker overlap F1 "
                  + ", ".join(f"{k}: {v.f1:.3f}" for k, v in by_l2.items()) + ")")
    with err.status("reading every article and scoring quotes…"):
        scores: dict[str, PRF] = evaluate_quotes(Path(data_dir), split, limit, speaker_model=model)
    if folds:
        l2 = float((model or packaged_model())["l2"])
        with err.status(f"{folds}-fold cross-validation on train (cue words and speaker ranker per fold)…"):
            cv = cross_validate_split(Path(data_dir), "train", folds, speaker_l2=l2)
        scores.update({f"{name}_train_cv{folds}": s for name, s in cv.items()})
    if as_json:
        print_json({name: s.to_dict() for name, s in scores.items()})
        return
    table = Table(title=f"quote attribution on PolNeAR {split}", title_justify="left")
    for name in ("measure", "precision", "recall", "F1", "predicted", "gold"):
        table.add_column(name, justify="left" if name == "measure" else "right")
    for name, s in scores.items():
        table.add_row(name.replace("_", " "), f"{s.precision:.3f}", f"{s.recall:.3f}",
                      f"{s.f1:.3f}", str(s.predicted), str(s.gold))
    out.print(table)


@evaluate.command("cues")
@data_option("PolNeAR folder (with data/<split>/text and data/<split>/attributions).")
@click.option("--split", default="train", show_default=True, help="Which split to learn from (train).")
@click.option("--folds", default=5, show_default=True, type=click.IntRange(2),
              help="Cross-validation folds for choosing the count and precision bars.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), help="Write the lexicon (TSV) here.")
@json_option
def eval_cues(data_dir: str, split: str, folds: int, out_path: str | None, as_json: bool) -> None:
    """Learn the quote cue words (lemma, part of speech, frame) from PolNeAR's Cue spans.

    The count and precision bars are chosen by cross-validation on the same split; the example regenerates
    the shipped lexicon.

    \b
    Example:
      newsprism eval cues --data ../shared/data/polnear --split train --out src/newsprism/annotate/cue_words.tsv
    """
    from ..evaluate.cues import learn, write_tsv

    with err.status(f"learning cue words and choosing their bars by {folds}-fold cross-validation…"):
        rows, best, trials = learn(Path(data_dir), split, folds)
    if out_path:
        write_tsv(rows, Path(out_path), best.bars, (
            f"Quote cue words learned from PolNeAR {split} (newsprism.evaluate.cues); regenerate with\n"
            f"  newsprism eval cues --data ../shared/data/polnear --split {split} --out {out_path}\n"
            f"{folds}-fold cross-validated on {split}: content overlap F1 {best.content.f1:.3f}, "
            f"source overlap F1 {best.source.f1:.3f}\n"
            "cue: times the word in this frame heads a PolNeAR Cue; seen: times it stands in this frame; hit: times\n"
            "what the frame holds overlaps annotated content; use: add (a cue word) or drop (a hand-list word the\n"
            "data shows is no cue in this frame)"))
    if as_json:
        print_json({"rows": len(rows), "bars": vars(best.bars),
                    "tried": [{**vars(t.bars), "rows": t.rows,
                               "content_overlap": t.content.to_dict(), "source_overlap": t.source.to_dict()}
                              for t in trials]})
        return
    table = Table(title=f"cue-word bars, {folds}-fold cross-validation on PolNeAR {split} (chosen: "
                        f"{best.bars}; {len(rows)} rows)", title_justify="left")
    for name in ("min cues", "min precision", "drop below", "rows", "content P", "content R", "content F1",
                 "source F1"):
        table.add_column(name, justify="right")
    for t in trials:
        table.add_row(str(t.bars.min_count), f"{t.bars.min_precision}", f"{t.bars.drop_below}", str(t.rows),
                      f"{t.content.precision:.3f}",
                      f"{t.content.recall:.3f}", f"{t.content.f1:.3f}", f"{t.source.f1:.3f}")
    out.print(table)


@evaluate.command("copies")
@data_option("ECB+ folder (with docs.jsonl).")
@click.option("--vectors/--no-vectors", default=None, help="Also look for rewrites (slower; default: [copies] vectors).")
@click.option("--sample", default=12, show_default=True, type=click.IntRange(0), help="How many links to show.")
@json_option
@pass_settings
def eval_copies(settings: Settings, data_dir: str, vectors: bool | None, sample: int, as_json: bool) -> None:
    """Copy links found in ECB+ (real republished wire copy), and whether any joins two events.

    'eval reuse' is an older name for this command.

    \b
    Example:
      newsprism eval copies --data ../shared/data/ecbplus
    """
    from ..evaluate.copies import evaluate_copies

    with err.status("looking for copies across the corpus…"):
        result = evaluate_copies(Path(data_dir), settings.copies, vectors=vectors, sample=sample)
    if as_json:
        print_json(result)
        return
    table = Table(title=f"copies in ECB+ ({result['documents']} documents)", title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for name in ("links", "articles_linked", "subtopics_with_links", "cross_event_links", "seconds"):
        table.add_row(name.replace("_", " "), str(result[name]))
    for kind, count in sorted(result["by_kind"].items()):
        table.add_row(f"  {kind}", str(count))
    out.print(table)
    if result["sample"]:
        shown = Table(title="a sample to check by eye", title_justify="left", expand=True)
        for name in ("source", "target", "kind", "source passage", "target passage"):
            shown.add_column(name, overflow="fold", ratio=2 if "passage" in name else 1)
        for link in result["sample"]:
            shown.add_row(link["source"], link["target"], link["kind"], Text(link["source_passage"]),
                          Text(link["target_passage"]))
        out.print(shown)


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "– (0/0)"


@evaluate.command("entities")
@data_option("BASIL folder (with articles/ and annotations/).")
@click.option("--misses", default=10, show_default=True, type=click.IntRange(0), help="How many misses to list.")
@json_option
def eval_entities(data_dir: str, misses: int, as_json: bool) -> None:
    """Main entities, canonical ids across outlets and quote speakers against BASIL.

    \b
    Example:
      newsprism eval entities --data ../shared/data/basil
    """
    from ..evaluate.basil import evaluate_entities

    with err.status("reading every article and scoring entities and speakers…"):
        s = evaluate_entities(Path(data_dir))
    if as_json:
        print_json(s.to_dict())
        return
    table = Table(title=f"entities, canonical names and speakers on BASIL ({s.articles} articles)",
                  title_justify="left")
    table.add_column("measure")
    table.add_column("score", justify="right")
    table.add_row("main-entity recall", _share(s.found, s.pairs))
    for form, (found, pairs) in sorted(s.by_form.items()):
        table.add_row(f"  written as a {form}", _share(found, pairs))
    table.add_row("  before the corpus pass (article names)", _share(s.found_local, s.pairs))
    table.add_row("  group entries skipped", str(s.skipped_groups))
    table.add_row("cross-outlet consistency (same canonical id)", _share(s.consistent, s.checked))
    table.add_row("quote coverage (annotated quotes overlapped)", _share(s.covered_quotes, s.located_quotes))
    table.add_row("speaker accuracy (named speakers)", _share(s.speaker_correct, s.named_covered))
    for form, (right, covered) in sorted(s.speaker_by_form.items()):
        table.add_row(f"  written as a {form}", _share(right, covered))
    table.add_row("  no speaker found", str(s.speaker_missing))
    table.add_row("  not scored: unnamed / group speakers", f"{s.unnamed_speakers} / {s.group_speakers}")
    out.print(table)
    if s.inconsistent:
        table = Table(title="entities with several canonical ids across an event's outlets", title_justify="left")
        table.add_column("annotated")
        table.add_column("outlet: canonical name (id)", overflow="fold")
        for split in s.inconsistent:
            table.add_row(Text(split.gold), Text("; ".join(f"{k}: {v}" for k, v in split.found.items())))
        out.print(table)
    if misses and s.misses:
        table = Table(title=f"main entities not found ({len(s.misses)}; first {min(misses, len(s.misses))})",
                      title_justify="left")
        for name in ("article", "outlet", "annotated", "entities sharing a word"):
            table.add_column(name, overflow="fold")
        for miss in sorted(s.misses, key=lambda m: m.form != "name")[:misses]:  # proper names first
            table.add_row(miss.article[:13], miss.outlet, Text(miss.gold), Text(", ".join(miss.near) or "–"))
        out.print(table)
    if misses and s.speaker_misses:
        table = Table(title=f"speakers missed ({len(s.speaker_misses)}; first {min(misses, len(s.speaker_misses))})",
                      title_justify="left")
        for name in ("article", "annotated", "newsprism", "quote"):
            table.add_column(name, overflow="fold")
        for item in sorted(s.speaker_misses, key=lambda m: m.form != "name")[:misses]:
            table.add_row(item.article[:13], Text(item.gold), Text(item.got or "–"), Text(item.quote[:80]))
        out.print(table)


@evaluate.command("dates")
@data_option("BASIL folder (with articles/).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The day the inference takes as today (default: the real today, as when reading new articles).")
@click.option("--misses", default=10, show_default=True, type=click.IntRange(0), help="How many misses to list.")
@json_option
def eval_dates(data_dir: str, today: Any, misses: int, as_json: bool) -> None:
    """Publication dates read from the text alone, and date mentions resolved against the real date.

    \b
    Example:
      newsprism eval dates --data ../shared/data/basil
    """
    from ..evaluate.basil import evaluate_dates

    with err.status("reading every article and scoring dates…"):
        s = evaluate_dates(Path(data_dir), today.date() if today else None)
    if as_json:
        print_json(s.to_dict())
        return
    table = Table(title=f"publication date from the text alone on BASIL ({s.articles} articles, today = {s.today})",
                  title_justify="left")
    table.add_column("measure")
    table.add_column("score", justify="right")
    table.add_row("coverage (a date inferred)", _share(s.inferred, s.articles))
    table.add_row("accuracy at the inferred precision", _share(s.correct, s.inferred))
    for precision, (right, inferred) in sorted(s.by_precision.items()):
        table.add_row(f"  {precision} inferences right", _share(right, inferred))
    table.add_row("  day inferences within one day", _share(s.day_within_1, s.by_precision.get("day", [0, 0])[1]))
    table.add_row("  right year, any precision", _share(s.year_right, s.inferred))
    table.add_row("date mentions resolved against the gold date", str(s.mentions))
    for precision, n in sorted(s.mention_precision.items()):
        table.add_row(f"  {precision} precision", str(n))
    for form, n in sorted(s.mention_forms.items(), key=lambda item: -item[1]):
        table.add_row(f"  {form} (form)", str(n))
    for form, checked in sorted(s.weekday_checked.items()):
        table.add_row(f"  {form} given with a weekday, resolved to it", _share(s.weekday_agree.get(form, 0), checked))
    out.print(table)
    if misses and s.misses:
        table = Table(title=f"wrong inferences ({len(s.misses)}; first {min(misses, len(s.misses))})",
                      title_justify="left")
        for name in ("article", "gold", "inferred", "evidence"):
            table.add_column(name, overflow="fold")
        for miss in s.misses[:misses]:
            table.add_row(miss.article[:13], miss.gold, miss.inferred, Text(miss.evidence))
        out.print(table)


@evaluate.command("stories")
@data_option("ECB+ folder (docs.jsonl) or BASIL folder (articles/).")
@click.option("--dataset", type=click.Choice(["ecbplus", "basil"]), default=None,
              help="Detected from the folder when omitted.")
@click.option("--mode", type=click.Choice(["batch", "incremental"]), default="batch", show_default=True,
              help="Re-cluster the whole corpus, or add articles one by one in time order.")
@click.option("--split", type=click.Choice(["odd", "even"]), default=None, help="Score only one half of ECB+'s topics.")
@click.option("--workers", default=None, type=click.IntRange(1, 64),
              help="Processes reading articles (default: [annotate] workers; 0 there = every available core).")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False), default=None,
              help="Where annotations are cached between runs (default ~/.cache/newsprism).")
@click.option("--withhold-dates", is_flag=True,
              help="Hide every publication date (metadata and read from the text): group by content alone.")
@json_option
@pass_settings
def eval_stories(settings: Settings, data_dir: str, dataset: str | None, mode: str, split: str | None,
                 workers: int | None,
                 cache_dir: str | None, withhold_dates: bool, as_json: bool) -> None:
    """Story grouping against ECB+ subtopics or BASIL events: B-cubed P/R/F1 and ARI.

    \b
    Examples:
      newsprism eval stories --data ../shared/data/ecbplus
      newsprism eval stories --data ../shared/data/ecbplus --withhold-dates
    """
    from ..evaluate.stories import evaluate_stories, summary

    with err.status("reading every article and grouping stories…"):
        processes = workers if workers is not None else worker_count(settings.annotate.workers, available_cores())
        result = evaluate_stories(Path(data_dir), dataset, Path(cache_dir) if cache_dir else None, processes,
                                  settings.stories,
                                  split, mode, dates=not withhold_dates)
    if as_json:
        print_json(result)
    else:
        out.print(summary(result))


@evaluate.command("loaded")
@data_option("BABE folder (with final_labels_SG1.csv) or that CSV file.", file_okay=True)
@click.option("--folds", default=5, show_default=True, type=click.IntRange(2, 20), help="Cross-validation folds.")
@click.option("--seed", default=0, show_default=True, type=int, help="Seed of the fold split.")
@click.option("--train-out", type=click.Path(dir_okay=False), default=None,
              help="Also train on all of SG1 and write the model JSON here (how loaded_model.json is made).")
@json_option
def eval_loaded(data_dir: str, folds: int, seed: int, train_out: str | None, as_json: bool) -> None:
    """Loaded-wording detection on BABE SG1: the lexicon alone, and the model under k-fold cross-validation.

    \b
    Examples:
      newsprism eval loaded --data ../shared/data/babe
      newsprism eval loaded --data ../shared/data/babe --train-out src/newsprism/compare/loaded_model.json
    """
    from ..compare.logistic import model_json
    from ..evaluate.loaded import evaluate_babe, train_babe

    with err.status("encoding the sentences and cross-validating…"):
        result = evaluate_babe(Path(data_dir), folds=folds, seed=seed)
    model = None
    if train_out:
        with err.status("training on all of SG1…"):
            model = train_babe(Path(data_dir), seed=seed)
        Path(train_out).write_text(model_json(model), "utf-8")
        result["model_written"] = train_out
    if as_json:
        print_json(result)
        return
    table = Table(title=f"loaded wording on {result['data']} ({result['sentences']} sentences, "
                        f"{result['biased']} biased; the model scored by {folds}-fold cross-validation)",
                  title_justify="left")
    for name in ("system", "precision", "recall", "F1", "accuracy", "tp", "fp", "fn", "tn"):
        table.add_column(name, justify="left" if name == "system" else "right", no_wrap=name == "system")
    for name, label in (("lexicon", "lexicon only"), ("model", "model")):
        s = result[name]
        table.add_row(label, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}", f"{s['accuracy']:.3f}",
                      str(s["tp"]), str(s["fp"]), str(s["fn"]), str(s["tn"]))
    out.print(table)
    table = Table(title="cross-validation folds (L2 and threshold chosen on the training folds)", title_justify="left")
    for name in ("fold", "L2", "threshold", "F1"):
        table.add_column(name, justify="right")
    for f in result["model"]["folds"]:
        table.add_row(str(f["fold"]), f"{f['l2']:g}", f"{f['threshold']:.3f}", f"{f['f1']:.3f}")
    out.print(table)
    out.print(f"lexicon rule: {result['lexicon']['rule']}; {result['seconds']} s")
    if model is not None:
        out.print(f"model trained on all {model['training_sentences']} sentences (L2 {model['l2']:g}, "
                  f"threshold {model['threshold']:.3f}) -> {train_out}")


@evaluate.command("compare")
@data_option("BASIL folder (with articles/ and annotations/).")
@click.option("--sample", default=0, show_default=True, type=click.IntRange(0),
              help="Also show this many random shared facts, statements and disagreements to check by eye.")
@json_option
@pass_settings
def eval_compare(settings: Settings, data_dir: str, sample: int, as_json: bool) -> None:
    """Story comparison on BASIL: loaded wording per outlet against its lexical-bias spans,
    and statement speakers against its quote speakers.

    \b
    Example:
      newsprism eval compare --data ../shared/data/basil
    """
    from ..evaluate.compare import evaluate_comparison

    with err.status("reading BASIL and comparing each event's three articles…"):
        found = evaluate_comparison(Path(data_dir), settings=settings.compare)
    scores = found.to_dict()
    examples = found.sample(sample) if sample else {}
    if as_json:
        print_json({**scores, "sample": examples} if sample else scores)
        return
    table = Table(title=f"lexical-bias spans recalled, by outlet ({scores['events']} events)",
                  title_justify="left")
    kinds = list(scores["lexical_recall"]["all"])
    table.add_column("outlet")
    for kind in kinds:
        table.add_column(f"by {kind}", justify="right")
    table.add_column("word precision", justify="right")
    table.add_column("loaded sentences", justify="right")
    for outlet, by in scores["lexical_recall"].items():
        precision = scores["word_precision"].get(outlet)
        share = scores["loaded_sentence_share"].get(outlet)
        table.add_row(outlet, *(f"{by[k]['rate']:.3f} ({by[k]['hit']}/{by[k]['total']})" for k in kinds),
                      f"{precision['rate']:.3f}" if precision else "–", f"{share['rate']:.3f}" if share else "–")
    out.print(table)
    speakers = Table(title="statement speakers against BASIL's quote speakers", title_justify="left")
    speakers.add_column("measure")
    speakers.add_column("value", justify="right")
    for name, value in scores["speakers"].items():
        speakers.add_row(name.replace("_", " "), f"{value['rate']:.3f} ({value['hit']}/{value['total']})")
    out.print(speakers)
    out.print(Text("found across outlets: " + ", ".join(f"{n} {k.replace('_', ' ')}"
                                                         for k, n in scores["found"].items())))
    for name, items in examples.items():
        out.print(Text(f"{len(items)} random {name} to check by eye", style="bold"))
        for n, texts in enumerate(items, 1):
            out.print(Text(f"{n}."))
            for text in texts:
                out.print(Text(f"    {' '.join(text.split())[:300]}"))




@evaluate.command("loaded-words")
@data_option("PTC folder (with datasets/train-articles and datasets/train-task2-TC.labels).")
@json_option
def eval_loaded_words(data_dir: str, as_json: bool) -> None:
    """Loaded-word spans against PTC's Loaded_Language and Name_Calling spans (recall, precision).

    \b
    Example:
      newsprism eval loaded-words --data ../shared/data/ptc
    """
    from ..evaluate.ptc import evaluate_ptc

    result = evaluate_ptc(Path(data_dir))
    if as_json:
        print_json(result)
        return
    table = Table(title=f"loaded words on PTC ({result['articles']} articles, {result['predicted_spans']} "
                        f"spans found)", title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for technique, value in result["recall"].items():
        table.add_row(f"recall of {technique}", f"{value['rate']:.3f} ({value['hit']}/{value['total']})")
    for kind, value in result["precision"].items():
        table.add_row(f"precision ({kind} spans)", f"{value['rate']:.3f} ({value['hit']}/{value['total']})")
    out.print(table)


@evaluate.command("paraphrase")
@data_option("MRPC folder (with train.tsv, val.tsv).")
@click.option("--split", default="val", show_default=True, help="Which file to score: DIR/SPLIT.tsv.")
@click.option("--train-out", type=click.Path(dir_okay=False), default=None,
              help="First train on train.tsv (cut chosen on val.tsv) and write the model JSON here "
                   "(how paraphrase_model.json is made); then score that model.")
@json_option
def eval_paraphrase(data_dir: str, split: str, train_out: str | None, as_json: bool) -> None:
    """The paraphrase judge (do two sentences say the same thing?) on MRPC's sentence pairs, beside
    always answering "same" and the sentence vectors' cosine alone.

    \b
    Examples:
      newsprism eval paraphrase --data ../shared/data/mrpc --split val
      newsprism eval paraphrase --data ../shared/data/mrpc --train-out src/newsprism/compare/paraphrase_model.json
    """
    from ..compare.logistic import model_json
    from ..copies.vectors import UseEncoder
    from ..evaluate.paraphrase import Split, evaluate_paraphrase, featurise, load_pairs, train_judge

    load_pairs(Path(data_dir), split)  # a wrong --data or --split is said before the encoder loads
    encoder = UseEncoder()
    splits: dict[str, Split] = {}

    def featured(name: str) -> Split:  # each file encoded once, whichever steps read it
        if name not in splits:
            splits[name] = featurise(Path(data_dir), name, encoder)
        return splits[name]

    model = None
    if train_out:
        with err.status("training on train.tsv, choosing the cut on val.tsv…"):
            model = train_judge(featured("train"), featured("val"))
        Path(train_out).write_text(model_json(model), "utf-8")
    with err.status(f"judging the pairs of {split}.tsv…"):
        result = evaluate_paraphrase(featured(split), featured("train"), model)
    if as_json:
        print_json({key: result[key] for key in ("accuracy", "precision", "recall", "f1")} | result)
        return
    _print_accuracy_table(f"paraphrase judge on {split}.tsv ({result['pairs']} pairs)", [
        ("judge", result), ("always \"same\"", result["baselines"]["always_same"]),
        (f"cosine alone (cut {result['baselines']['cosine_alone']['cut']} chosen on train)",
         result["baselines"]["cosine_alone"])])
    out.print(f"judge: 5-fold cross-validated accuracy on train {result['cv_accuracy_on_train']}"
              + (f"; model written to {train_out}" if model is not None else ""), markup=False)


@evaluate.command("facts")
@data_option("MRPC folder (with SPLIT.tsv).")
@click.option("--split", default="val", show_default=True, help="Which file to score: DIR/SPLIT.tsv.")
@click.option("--cv", type=click.IntRange(2, 20), default=None,
              help="Also K-fold cross-validation on train.tsv: each fold judged by a judge trained without it.")
@json_option
@pass_settings
def eval_facts(settings: Settings, data_dir: str, split: str, cv: int | None, as_json: bool) -> None:
    """The comparison's facts on MRPC's sentence pairs: each pair is a story of two one-sentence
    articles, read and compared as any story is; "same" when one fact carries both. Figures are
    masked and attributions set aside by design (see the module's notes).

    \b
    Example:
      newsprism eval facts --data ../shared/data/mrpc --split val --cv 5
    """
    from ..copies.vectors import UseEncoder
    from ..evaluate.facts import evaluate_fact_pairs
    from ..evaluate.paraphrase import load_pairs

    load_pairs(Path(data_dir), split)  # a wrong --data or --split is said before the models load
    with err.status(f"reading and comparing the pairs of {split}.tsv…"):
        result = evaluate_fact_pairs(Path(data_dir), split, UseEncoder(), settings.compare, cv).to_dict()
    if as_json:
        print_json(result)
        return
    rows = [("one fact", result), ("always \"same\"", result["baselines"]["always_same"])]
    if "cv_on_train" in result:
        rows.append((f"one fact, {cv}-fold cross-validation on train.tsv", result["cv_on_train"]))
    _print_accuracy_table(f"facts on {split}.tsv ({result['pairs']} pairs)", rows)


def _print_accuracy_table(title: str, rows: list[tuple[str, dict[str, Any]]]) -> None:
    """A table of systems by accuracy, precision, recall and F1."""
    table = Table(title=title, title_justify="left")
    for name in ("system", "accuracy", "precision", "recall", "F1"):
        table.add_column(name, justify="left" if name == "system" else "right")
    for label, s in rows:
        table.add_row(label, f"{s['accuracy']:.3f}", f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}")
    out.print(table)


@evaluate.command("paraphrase-cuts")
@data_option("MRPC folder (with val.tsv).")
@click.option("--split", default="val", show_default=True, help="Which file to derive the cuts on: DIR/SPLIT.tsv.")
@json_option
@pass_settings
def eval_paraphrase_cuts(settings: Settings, data_dir: str, split: str, as_json: bool) -> None:
    """The two cuts on the paraphrase judge's probability that statements use ([compare]
    statement_confident and statement_loose), derived with the shipped judge on MRPC's validation pairs:
    where its precision reaches 0.9, and where it keeps 98% of the same-meaning pairs. Rerun after the
    judge's model changes and copy the figures into the settings.

    \b
    Example:
      newsprism eval paraphrase-cuts --data ../shared/data/mrpc
    """
    from ..copies.vectors import UseEncoder
    from ..evaluate.paraphrase import load_pairs
    from ..evaluate.statement_cuts import statement_cuts

    load_pairs(Path(data_dir), split)  # a wrong --data or --split is said before the encoder loads
    with err.status(f"judging the pairs of {split}.tsv…"):
        result = statement_cuts(Path(data_dir), UseEncoder(), split).to_dict()
    configured = settings.compare
    result["configured"] = {"statement_confident": configured.statement_confident,
                            "statement_loose": configured.statement_loose}
    if as_json:
        print_json(result)
        return
    table = Table(title=f"statement cuts on {split}.tsv ({result['pairs']} pairs)", title_justify="left")
    for name in ("setting", "derived", "configured", "precision", "recall", "rule"):
        table.add_column(name, justify="left" if name in ("setting", "rule") else "right")
    for name, at in (("statement_confident", "at_confident"), ("statement_loose", "at_loose")):
        table.add_row(name, f"{result[name]:.3f}", f"{result['configured'][name]:.3f}",
                      f"{result[at]['precision']:.3f}", f"{result[at]['recall']:.3f}", result["rules"][name])
    out.print(table)


@evaluate.command("ner")
@data_option("Folder of an annotated named-entity corpus (factRuEval-2016 or lang-uk's ner-uk), read in place.")
@click.option("--language", type=click.Choice(["ru", "uk"]), default=None,
              help="The texts' language (detected from them when omitted).")
@click.option("--without-rules", is_flag=True,
              help="Also score the Russian tagger's spans before its span rules, for comparison.")
@json_option
def eval_ner(data_dir: str, language: str | None, without_rules: bool, as_json: bool) -> None:
    """People, organisations and places found by the annotator's tagger for the language, against the
    corpus's PER, ORG and LOC spans (exact and overlap P/R/F1 per type).

    \b
    Example:
      newsprism eval ner --data ../shared/data/factrueval
    """
    from ..evaluate.ner import evaluate_ner

    with err.status("tagging every text…"):
        report = evaluate_ner(Path(data_dir), language, without_rules)
    if as_json:
        print_json(report.to_dict())
        return
    table = Table(title=f"named entities ({report.language}, {report.full.documents} texts)", title_justify="left")
    for name in ("texts", "type", "precision", "recall", "F1", "overlap P", "overlap R", "overlap F1", "predicted",
                 "gold"):
        table.add_column(name, justify="left" if name in ("texts", "type") else "right")
    scopes = [("all", report.full)]
    if report.held_out is not None and report.rules_chosen_on is not None:
        scopes += [("held out (odd)", report.held_out), ("rules chosen on (even)", report.rules_chosen_on)]
    if report.without_rules is not None:
        scopes.append(("all, without rules", report.without_rules))
    for scope, scores in scopes:
        for kind, s in scores.by_type.items():
            table.add_row(scope if kind == "PER" else "", kind, f"{s.precision:.3f}", f"{s.recall:.3f}",
                          f"{s.f1:.3f}", f"{s.overlap_precision:.3f}", f"{s.overlap_recall:.3f}",
                          f"{s.overlap_f1:.3f}", str(s.predicted), str(s.gold))
    out.print(table)
    if report.sentences:
        shown = Table(title="sentence starts against the corpus's sentences", title_justify="left")
        for name in ("splitter", "precision", "recall", "F1"):
            shown.add_column(name, justify="left" if name == "splitter" else "right")
        for name, prf in report.sentences.items():
            shown.add_row(name, f"{prf['precision']:.3f}", f"{prf['recall']:.3f}", f"{prf['f1']:.3f}")
        out.print(shown)


def _old_name(command: click.Command, name: str) -> click.Command:
    """The same command under a name it had before (kept for one release, not listed in --help)."""
    alias = copy.copy(command)
    alias.name, alias.hidden = name, True
    return alias


evaluate.add_command(_old_name(eval_copies, "reuse"))


@evaluate.command("ner-train")
@data_option("ner-uk folder (tokenised .txt with Brat .ann beside each, read in place).")
@click.option("--folds", type=click.IntRange(2, 20), default=None,
              help="Cross-validate by document with this many folds and print the per-type scores "
                   "(the default when --out is not given: 5).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), default=None,
              help="Train on every document and write the weights here (how ukrainian_ner.npz is made).")
@json_option
def eval_ner_train(data_dir: str, folds: int | None, out_path: str | None, as_json: bool) -> None:
    """Train the Ukrainian entity tagger on ner-uk: cross-validated per-type scores (exact and overlap
    P/R/F1 for PER, ORG, LOC), and with --out the shipped weights trained on every document.

    \b
    Examples:
      newsprism eval ner-train --data ../shared/data/ner-uk --folds 5
      newsprism eval ner-train --data ../shared/data/ner-uk --out src/newsprism/annotate/ukrainian_ner.npz
    """
    from ..annotate.ukrainian_lexicon import trained_lexicon
    from ..evaluate import ner_training

    with err.status("clustering the Russian word vectors, reading and encoding the documents…"):
        lexicon = trained_lexicon()
        documents = ner_training.read_encoded(Path(data_dir), lexicon=lexicon)
    result: dict[str, Any] = {"documents": len(documents)}
    if folds is None and out_path is None:
        folds = 5
    if folds:
        with err.status(f"{folds}-fold cross-validation by document…") as status:
            cv = ner_training.cross_validate(documents, folds, progress=lambda line: status.update(line),
                                             lexicon=lexicon)
        result["cross_validation"] = cv.to_dict()
    if out_path:
        with err.status("training on every document…"):
            model, epochs, train_scores = ner_training.train_shipped(documents, lexicon=lexicon)
        Path(out_path).write_bytes(model.to_bytes())
        result["trained"] = {"out": out_path, "epochs": epochs, "bytes": Path(out_path).stat().st_size,
                             "training_set_scores": train_scores.to_dict()}
    if as_json:
        print_json(result)
        return
    rows = []
    if "cross_validation" in result:
        rows.append((f"CV ({folds} folds)", result["cross_validation"]))
    if "trained" in result:
        rows.append(("training set*", result["trained"]["training_set_scores"]))
    table = Table(title=f"Ukrainian entities on {data_dir} ({len(documents)} documents)", title_justify="left")
    for name in ("measured", "type", "precision", "recall", "F1", "overlap F1", "predicted", "gold"):
        table.add_column(name, justify="left" if name in ("measured", "type") else "right",
                         no_wrap=name == "measured")
    for label, scores in rows:
        for kind in ("PER", "ORG", "LOC"):
            s = scores[kind]
            table.add_row(label, kind, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
                          f"{s['overlap']['f1']:.3f}", str(s["predicted"]), str(s["gold"]))
    out.print(table)
    if "trained" in result:
        trained = result["trained"]
        out.print(f"weights trained on all documents ({trained['epochs']} passes) -> {out_path} "
                  f"({trained['bytes']:,} bytes); *training set: scored on the documents it learnt from, "
                  "not a measure of quality", markup=False)


@evaluate.command("role-labels")
@data_option("factRuEval folder (Russian) or ner-uk folder (Ukrainian).")
@click.option("--language", type=click.Choice(["ru", "uk"]), required=True, help="The corpus's language.")
@json_option
def eval_role_labels(data_dir: str, language: str, as_json: bool) -> None:
    """Role labels beside people's names (no parse), against the corpus's job descriptors, given its people.

    \b
    Example:
      newsprism eval role-labels --data ../shared/data/factrueval --language ru
    """
    from ..evaluate.unparsed import read_factrueval_roles, read_ner_uk_roles, score_role_labels

    read = read_factrueval_roles if language == "ru" else read_ner_uk_roles
    with err.status("labelling every document…"):
        scores = score_role_labels(read(Path(data_dir)), language)
    if as_json:
        print_json(scores.to_dict())
        return
    table = Table(title=f"role labels on {data_dir} ({scores.labels} labels)", title_justify="left")
    table.add_column("measure")
    table.add_column("score", justify="right")
    table.add_row("labels on an annotated job span (precision)", _share(scores.on_a_job, scores.labels))
    table.add_row("job spans beside a name that a label covers (recall)", _share(scores.found, scores.beside))
    table.add_row("F1", f"{scores.f1:.3f}")
    table.add_row("… labels with a listed role word, on a job span", _share(scores.listed_on_a_job, scores.listed))
    table.add_row("… labels with a role word from the dictionary, on a job span",
                  _share(scores.from_dictionary_on_a_job, scores.from_dictionary))
    if scores.occupations:
        table.add_row("labels on an occupation, given to its person", _share(scores.right_person, scores.occupations))
    out.print(table)


@evaluate.command("worded-dates")
@data_option("ner-uk folder (Ukrainian texts with DATE spans).")
@json_option
def eval_worded_dates(data_dir: str, as_json: bool) -> None:
    """Ukrainian dates in words and digits found without a parse, against ner-uk's DATE spans.

    \b
    Example:
      newsprism eval worded-dates --data ../shared/data/ner-uk
    """
    from ..evaluate.unparsed import score_ner_uk_dates

    with err.status("reading every document…"):
        scores = score_ner_uk_dates(Path(data_dir))
    if as_json:
        print_json(scores.to_dict())
        return
    table = Table(title=f"Ukrainian dates on {data_dir} ({scores.gold} annotated)", title_justify="left")
    table.add_column("measure")
    table.add_column("score", justify="right")
    table.add_row("annotated dates found (recall)", _share(scores.gold_found, scores.gold))
    table.add_row("found dates annotated (precision)", _share(scores.predicted_right, scores.predicted))
    table.add_row("  without today, yesterday, tomorrow",
                  _share(scores.right_without_days, scores.predicted_without_days))
    out.print(table)


@evaluate.command("similarity")
@data_option("SemEval-2022 Task 8 folder (with SPLIT.csv).")
@click.option("--split", default="training_set", show_default=True, help="Which file to score: DIR/SPLIT.csv.")
@click.option("--select", is_flag=True,
              help="Choose the model's inputs afresh by forward selection under cross-validation (slower).")
@click.option("--train-out", type=click.Path(dir_okay=False), default=None,
              help="Fit the model on every pair of SPLIT and write it here (how similarity_model.json is made).")
@json_option
def eval_similarity(data_dir: str, split: str, select: bool, train_out: str | None, as_json: bool) -> None:
    """Same-story similarity within and across languages: Pearson's r against SemEval-2022 Task 8's
    Overall ratings (negated, so higher is better), by 5-fold cross-validation grouped by article,
    overall and per language pair; the shipped model's own figures beside them.

    \b
    Examples:
      newsprism eval similarity --data ../shared/data/semeval2022t8 --split training_set
      newsprism eval similarity --data ../shared/data/semeval2022t8 --select --train-out src/newsprism/stories/similarity_model.json
    """
    from ..compare.logistic import model_json
    from ..copies.vectors import UseEncoder
    from ..evaluate.similarity import evaluate_similarity, load_pairs
    from ..stories.similarity import load_model

    load_pairs(Path(data_dir), split)  # a wrong --data or --split is said before the encoder loads

    def write(model: dict[str, Any]) -> None:
        Path(train_out or "").write_text(model_json(model), "utf-8")

    with err.status(f"reading and encoding the articles of {split}.csv, cross-validating…"):
        result = evaluate_similarity(Path(data_dir), split, UseEncoder(), load_model(), select=select,
                                     train=write if train_out else None)
    if as_json:
        print_json(result)
        return

    def shown(value: float | None) -> str:
        return "–" if value is None else f"{value:.3f}"

    shipped = result["shipped_model"]
    label = "in-sample" if shipped["in_sample"] else "held out"
    table = Table(title=f"story similarity on {split}.csv ({result['pairs']} pairs): Pearson's r against -Overall; "
                        f"{result['measured_by']}", title_justify="left")
    for name in ("languages", "pairs", "cross-validated", f"shipped model ({label})"):
        table.add_column(name, justify="left" if name == "languages" else "right")
    table.add_row("all", str(result["pairs"]), shown(result["pearson"]), shown(shipped["pearson"]))
    table.add_row("across languages", str(result["cross_language_pairs"]), shown(result["cross_language"]),
                  shown(shipped["cross_language"]))
    table.add_row("within one language", str(result["pairs"] - result["cross_language_pairs"]),
                  shown(result["same_language"]), shown(shipped["same_language"]))
    for name, value in result["by_pair"].items():
        table.add_row(name, str(value["n"]), shown(value["pearson"]), shown(shipped["by_pair"][name]["pearson"]))
    out.print(table)
    cut = result["same_story_cut"]
    out.print(f"inputs {', '.join(result['inputs'])} (ridge penalty {result['l2']:g}); {result['sign']}", markup=False)
    out.print(f"one story across languages (Overall <= 1.5: {cut['same_story']} of {cut['pairs']} pairs): cut "
              f"{cut['threshold']:.3f}, cross-validated precision {cut['precision']:.3f}, recall {cut['recall']:.3f}, "
              f"F1 {cut['f1']:.3f}" + (f"; model written to {train_out}" if train_out else ""), markup=False)
