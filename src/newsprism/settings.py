"""One settings object for a whole run.

The values live in one place only, the packaged ``default_config.toml`` (with a comment saying
what each one does). This module declares each setting's type and valid range, loads the
defaults, lets one user file override them key by key, validates everything, and hands the
stages typed, frozen sections: ``settings.stories.threshold``.

Which file is read is decided once per run by the caller: ``--config``, else
``$NEWSPRISM_CONFIG``, else none. Stages never look at the environment.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, get_type_hints

from .errors import ConfigError

ENV_VAR = "NEWSPRISM_CONFIG"
DEFAULTS_FILE = "default_config.toml"
# Section names accepted for one release after a rename: old name -> new name.
RENAMED_SECTIONS = {"provenance": "copies"}


def _at_least(low: float) -> dict[str, Any]:
    return {"min": low}


def _above(low: float) -> dict[str, Any]:
    return {"above": low}


def _between(low: float, high: float) -> dict[str, Any]:
    return {"min": low, "max": high}


def _setting(**rule: Any) -> Any:
    """A setting with no default here (the defaults file holds it) and a range rule."""
    return field(metadata=rule)


_COUNT = _at_least(1)  # a size, a number of items, a number of processes
_SHARE = _between(0.0, 1.0)  # a proportion or a similarity on 0..1
_SEED = _at_least(0)


@dataclass(frozen=True)
class IngestSettings:
    max_item_bytes: int = _setting(**_COUNT)
    text_extensions: tuple[str, ...] = _setting()
    html_extensions: tuple[str, ...] = _setting()
    fetch_feed_pages: bool = _setting()
    batch_size: int = _setting(**_COUNT)
    commit_seconds: float = _setting(**_above(0.0))
    workers: int = _setting(**_at_least(0))


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str = _setting()
    timeout_seconds: float = _setting(**_above(0))
    connect_timeout_seconds: float = _setting(**_above(0))
    max_bytes: int = _setting(**_COUNT)
    max_redirects: int = _setting(**_at_least(0))
    retries: int = _setting(**_at_least(0))
    backoff_seconds: float = _setting(**_at_least(0))
    per_host_concurrency: int = _setting(**_COUNT)
    per_host_delay_seconds: float = _setting(**_at_least(0))
    total_concurrency: int = _setting(**_COUNT)
    respect_robots: bool = _setting()
    allow_private: bool = _setting()


@dataclass(frozen=True)
class CleanSettings:
    outlet_repeat_min_articles: int = _setting(**_COUNT)
    outlet_repeat_min_share: float = _setting(**_SHARE)
    outlet_repeat_max_words_anywhere: int = _setting(**_COUNT)
    inline_label_max_words: int = _setting(**_COUNT)
    edge_lines: int = _setting(**_at_least(0))
    title_max_words: int = _setting(**_COUNT)


@dataclass(frozen=True)
class AnnotateSettings:
    batch_size: int = _setting(**_COUNT)
    workers: int = _setting(**_at_least(0))


@dataclass(frozen=True)
class CopySettings:
    vectors: bool = _setting()
    shingle_words: int = _setting(**_COUNT)
    num_perm: int = _setting(**_COUNT)
    bands: int = _setting(**_COUNT)
    seed: int = _setting(**_SEED)
    max_bucket: int = _setting(**_COUNT)
    bucket_anchors: int = _setting(**_at_least(0))
    max_sentence_articles: int = _setting(**_COUNT)
    min_sentence_words: int = _setting(**_COUNT)
    max_quoted_share: float = _setting(**_SHARE)
    min_shared_sentences: int = _setting(**_COUNT)
    min_shared_chars: int = _setting(**_at_least(0))
    fuzzy_min_ratio: float = _setting(**_between(0.0, 100.0))
    copy_min_cover: float = _setting(**_SHARE)
    copy_min_cover_longer: float = _setting(**_SHARE)
    third_min_share: float = _setting(**_SHARE)
    rewrite_min_similarity: float = _setting(**_SHARE)
    rewrite_min_cover: float = _setting(**_SHARE)
    rewrite_min_sentences: int = _setting(**_COUNT)
    rewrite_min_details: float = _setting(**_SHARE)
    max_detail_articles: int = _setting(**_COUNT)
    rewrite_max_candidates: int = _setting(**_COUNT)
    vector_batch: int = _setting(**_COUNT)
    vector_threads: int = _setting(**_COUNT)
    max_vector_sentences: int = _setting(**_COUNT)


@dataclass(frozen=True)
class StorySettings:
    threshold: float = _setting(**_SHARE)
    link_threshold: float = _setting(**_SHARE)
    second_link_threshold: float = _setting(**_SHARE)
    neighbours: int = _setting(**_COUNT)
    duplicate_threshold: float = _setting(**_SHARE)
    entity_weight: float = _setting(**_at_least(0))
    date_weight: float = _setting(**_at_least(0))
    entity_rank_scale: float = _setting(**_above(0))
    idle_days: int = _setting(**_at_least(0))
    max_terms: int = _setting(**_COUNT)
    index_terms: int = _setting(**_COUNT)
    title_weight: int = _setting(**_at_least(0))
    max_candidates: int = _setting(**_COUNT)
    max_postings: int = _setting(**_COUNT)
    seed: int = _setting(**_SEED)
    cross_language_threshold: float = _setting(**_SHARE)


@dataclass(frozen=True)
class CompareSettings:
    cross_language_similarity: float = _setting(**_SHARE)
    candidate_similarity: float = _setting(**_SHARE)
    fact_min_link: float = _setting(**_SHARE)
    statement_similarity: float = _setting(**_SHARE)
    statement_vector_similarity: float = _setting(**_SHARE)
    statement_other_speaker_similarity: float = _setting(**_SHARE)
    statement_context_similarity: float = _setting(**_SHARE)
    statement_confident: float = _setting(**_SHARE)
    statement_loose: float = _setting(**_SHARE)
    neighbours: int = _setting(**_COUNT)
    omission_share: float = _setting(**_SHARE)
    digest_sentences: int = _setting(**_at_least(0))
    digest_max_loaded: float = _setting(**_SHARE)


@dataclass(frozen=True)
class WatchSettings:
    interval_seconds: float = _setting(**_above(0.0))
    max_backoff_seconds: float = _setting(**_above(0.0))
    story_min_outlets: int = _setting(**_COUNT)
    # Per-source polling intervals (a TOML table: source -> seconds), overriding interval_seconds.
    intervals: tuple[tuple[str, float], ...] = _setting()

    def interval_for(self, source: str) -> float:
        return dict(self.intervals).get(source, self.interval_seconds)


@dataclass(frozen=True)
class SparkSettings:
    master: str = _setting()
    rows_per_partition: int = _setting(**_COUNT)
    driver_rows_limit: int = _setting(**_at_least(0))


@dataclass(frozen=True)
class Settings:
    """Every setting of a run, section by section (the tables of the config file)."""

    ingest: IngestSettings
    fetch: FetchSettings
    clean: CleanSettings
    annotate: AnnotateSettings
    copies: CopySettings
    stories: StorySettings
    compare: CompareSettings
    watch: WatchSettings
    spark: SparkSettings
    # The file the user's values came from (None: the packaged defaults alone).
    source: str | None = None

    def section(self, name: str) -> Any:
        return getattr(self, name)

    def state(self, name: str) -> str:
        """A stable text naming one section's values, for the stages' "unchanged?" checks."""
        return self.state_of(self.section(name))

    @staticmethod
    def state_of(section: Any) -> str:
        return repr(sorted(as_mapping(section).items()))


_SECTION_TYPES: dict[str, type] = {n: t for n, t in get_type_hints(Settings).items() if n != "source"}
SECTIONS = tuple(_SECTION_TYPES)


def as_mapping(section: Any) -> dict[str, Any]:
    """A section's values by name (for JSON output and state strings)."""
    return {f.name: getattr(section, f.name) for f in fields(section)}


def _describe(rule: dict[str, Any]) -> str:
    if "above" in rule:
        return f"greater than {rule['above']:g}"
    if "max" in rule:
        return f"from {rule['min']:g} to {rule['max']:g}"
    return f"{rule['min']:g} or more"


def _check_value(where: str, name: str, value: Any, kind: Any, rule: dict[str, Any]) -> Any:
    """The value converted to the setting's type, or a ConfigError naming what is wrong."""
    label = f"[{where}] {name}"
    if kind is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{label} must be true or false, got {value!r}")
        return value
    if kind is str:
        if not isinstance(value, str):
            raise ConfigError(f"{label} must be a quoted string, got {value!r}")
        return value
    if kind == tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f'{label} must be a list of strings like [".txt"], got {value!r}')
        return tuple(value)
    if kind == tuple[tuple[str, float], ...]:
        if not isinstance(value, dict) or not all(
                isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in value.values()):
            raise ConfigError(f'{label} must be a table of positive numbers like {{"https://example.org/feed" = 300}}, '
                              f"got {value!r}")
        return tuple(sorted((str(k), float(v)) for k, v in value.items()))
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ConfigError(f"{label} must be a whole number, got {value!r}")
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{label} must be a number, got {value!r}")
        value = float(value)
    low, high, above = rule.get("min"), rule.get("max"), rule.get("above")
    if (low is not None and value < low) or (high is not None and value > high) or (
            above is not None and value <= above):
        raise ConfigError(f"{label} must be {_describe(rule)}, got {value!r}")
    return value


def _build_section(name: str, values: dict[str, Any]) -> Any:
    section_type = _SECTION_TYPES[name]
    hints = get_type_hints(section_type)
    known = {f.name: f for f in fields(section_type)}
    for key in values:
        if key not in known:
            raise ConfigError(f"[{name}] has no setting {key!r}; valid settings there: {', '.join(known)}")
    missing = [key for key in known if key not in values]
    if missing:
        raise ConfigError(f"[{name}] lacks {', '.join(missing)}; the packaged defaults are incomplete")
    checked = {key: _check_value(name, key, values[key], hints[key], dict(known[key].metadata)) for key in known}
    section = section_type(**checked)
    if isinstance(section, CopySettings) and section.num_perm % section.bands:
        raise ConfigError(f"[copies] num_perm ({section.num_perm}) must be a multiple of bands ({section.bands})")
    return section


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist; pass an existing TOML file") from None
    except IsADirectoryError:
        raise ConfigError(f"config file {path} is a folder; pass a TOML file") from None
    except PermissionError:
        raise ConfigError(f"config file {path} cannot be read (permission denied); check its permissions") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid TOML ({exc}); fix the line named") from None


def _defaults_table() -> dict[str, Any]:
    text = resources.files("newsprism").joinpath(DEFAULTS_FILE).read_text("utf-8")
    return tomllib.loads(text)


def _overlay(base: dict[str, Any], user: dict[str, Any], origin: str) -> dict[str, Any]:
    merged = {name: dict(values) for name, values in base.items()}
    for name, values in user.items():
        target = RENAMED_SECTIONS.get(name, name)
        if target not in merged:
            raise ConfigError(f"{origin}: unknown section [{name}]; valid sections: {', '.join(SECTIONS)}")
        if not isinstance(values, dict):
            raise ConfigError(f"{origin}: {name!r} must be a table like [{target}]")
        for key, value in values.items():
            if key not in merged[target]:
                valid = ", ".join(merged[target])
                raise ConfigError(f"{origin}: [{target}] has no setting {key!r}; valid settings there: {valid}")
            merged[target][key] = value
    return merged


def _build(table: dict[str, Any], origin: str | None) -> Settings:
    try:
        sections = {name: _build_section(name, table.get(name, {})) for name in SECTIONS}
    except ConfigError as exc:
        raise ConfigError(f"{origin}: {exc}" if origin else str(exc)) from None
    return Settings(**sections)


@cache
def default_settings() -> Settings:
    """The packaged defaults alone (what a library caller gets without a config file)."""
    return _build(_defaults_table(), None)


def load_settings(path: str | Path | None = None, **overrides: dict[str, Any]) -> Settings:
    """The packaged defaults, then the user file at ``path`` (if any), then ``overrides``
    (section name -> {key: value}), validated. Reads no environment variable: see :func:`config_path`."""
    table = _defaults_table()
    origin: str | None = None
    if path is not None and str(path) != "":
        origin = f"config file {path}"
        table = _overlay(table, _read_toml(Path(path)), origin)
    if overrides:
        table = _overlay(table, overrides, "overrides")
    settings = _build(table, origin)
    return replace(settings, source=str(path)) if origin else settings


def config_path(given: str | None) -> str | None:
    """Where the settings come from: ``--config`` if given, else ``$NEWSPRISM_CONFIG``. With
    :func:`cache_folder`, the only places the environment is read."""
    if given:
        return given
    return os.environ.get(ENV_VAR) or None


def cache_folder() -> Path:
    """newsprism's folder in the user's cache (``$XDG_CACHE_HOME``, else ``~/.cache``): evaluation
    caches and crash logs."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsprism"


def with_values(section: Any, **values: Any) -> Any:
    """A copy of one section with some values changed, validated like a file's."""
    if not values:
        return section  # frozen: the same values need no copy
    name = next(n for n, t in _SECTION_TYPES.items() if t is type(section))
    return _build_section(name, {**as_mapping(section), **values})


def available_cores() -> int:
    """CPUs this process may run on (its affinity, where the system says)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def worker_count(configured: int, jobs: int) -> int:
    """Processes to start: the setting (0 = all available cores), never more than there are jobs."""
    wanted = configured or available_cores()
    return max(1, min(wanted, jobs))
