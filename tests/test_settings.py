"""The settings object: one defaults file, declared types and ranges, one clear error per bad value."""

from __future__ import annotations

import tomllib
from dataclasses import MISSING, fields
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsprism.errors import ConfigError, UsageError
from newsprism.settings import (
    SECTIONS,
    Settings,
    available_cores,
    config_path,
    default_settings,
    load_settings,
    with_values,
    worker_count,
)


def packaged_table() -> dict:
    return tomllib.loads(resources.files("newsprism").joinpath("default_config.toml").read_text("utf-8"))


def test_the_defaults_file_and_the_declarations_name_the_same_settings():
    table = packaged_table()
    assert set(table) == set(SECTIONS)
    settings = default_settings()
    for name in SECTIONS:
        declared = [f.name for f in fields(settings.section(name))]
        assert declared == list(table[name]), name  # same keys, in the file's order


def test_no_default_value_is_written_in_code():
    for name in SECTIONS:
        for field in fields(default_settings().section(name)):
            assert field.default is MISSING and field.default_factory is MISSING, (name, field.name)


def test_the_loaded_defaults_are_the_file_values():
    table = packaged_table()
    settings = default_settings()
    for name in SECTIONS:
        for key, value in table[name].items():
            loaded = getattr(settings.section(name), key)
            expected = (tuple(value) if isinstance(value, list)
                        else tuple(sorted(value.items())) if isinstance(value, dict) else value)
            assert loaded == expected, (name, key)


def test_a_user_file_overrides_only_what_it_sets(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text("[stories]\nthreshold = 0.4\n[copies]\nbands = 16\n", "utf-8")
    settings = load_settings(path)
    assert settings.stories.threshold == 0.4 and settings.copies.bands == 16
    assert settings.stories.idle_days == default_settings().stories.idle_days
    assert settings.source == str(path)
    assert default_settings().source is None


def test_an_int_is_taken_where_a_number_is_expected(tmp_path):
    path = tmp_path / "int.toml"
    path.write_text("[stories]\nthreshold = 1\n", "utf-8")
    assert load_settings(path).stories.threshold == 1.0 and isinstance(load_settings(path).stories.threshold, float)


def test_the_old_section_name_still_works_for_one_release(tmp_path):
    path = tmp_path / "old.toml"
    path.write_text("[provenance]\nbands = 64\n", "utf-8")
    assert load_settings(path).copies.bands == 64


@pytest.mark.parametrize(("text", "message"), [
    ("[ingest]\nbatch_size = 0\n", "[ingest] batch_size must be 1 or more, got 0"),
    ("[ingest]\nmax_item_bytes = -5\n", "[ingest] max_item_bytes must be 1 or more, got -5"),
    ("[ingest]\nbatch_size = 2.5\n", "batch_size must be a whole number"),
    ("[ingest]\nbatch_size = true\n", "batch_size must be a whole number"),
    ("[stories]\nthreshold = 1.5\n", "threshold must be from 0 to 1"),
    ("[stories]\nthreshold = \"high\"\n", "threshold must be a number"),
    ("[stories]\nentity_rank_scale = 0\n", "entity_rank_scale must be greater than 0"),
    ("[copies]\nvectors = 1\n", "vectors must be true or false"),
    ("[ingest]\ntext_extensions = \".txt\"\n", "text_extensions must be a list of strings"),
    ("[fetch]\nuser_agent = 5\n", "user_agent must be a quoted string"),
    ("[copies]\nnum_perm = 100\n", "must be a multiple of bands"),
    ("[stories]\nthresh = 0.3\n", "[stories] has no setting 'thresh'; valid settings there: threshold"),
    ("[storiez]\nthreshold = 0.3\n", "unknown section [storiez]; valid sections: ingest"),
    ("stories = 3\n", "must be a table like [stories]"),
    ("[stories\n", "is not valid TOML"),
])
def test_bad_values_are_one_clear_error_naming_the_file(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert message in str(info.value) and str(path) in str(info.value)
    assert "\n" not in str(info.value)
    assert isinstance(info.value, UsageError)  # the CLI's exit 2


def test_missing_unreadable_and_folder_files_are_refused(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match="is a folder"):
        load_settings(tmp_path)
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00 not text")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(binary)


def test_with_values_validates_like_a_file():
    stories = default_settings().stories
    assert with_values(stories, idle_days=3).idle_days == 3
    with pytest.raises(ConfigError, match="idle_days must be 0 or more"):
        with_values(stories, idle_days=-1)
    with pytest.raises(ConfigError, match="no setting 'idle'"):
        with_values(stories, idle=3)


def test_the_environment_is_read_in_one_place(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSPRISM_CONFIG", str(tmp_path / "env.toml"))
    assert config_path(None) == str(tmp_path / "env.toml")
    assert config_path("given.toml") == "given.toml"
    # load_settings itself never looks at the environment.
    assert load_settings().source is None
    monkeypatch.setenv("NEWSPRISM_CONFIG", "")
    assert config_path(None) is None


def test_state_names_every_value():
    settings = default_settings()
    changed = Settings(**{**{n: settings.section(n) for n in SECTIONS},
                          "stories": with_values(settings.stories, seed=7)})
    assert changed.state("stories") != settings.state("stories")
    assert changed.state("compare") == settings.state("compare")


@given(configured=st.integers(0, 64), jobs=st.integers(0, 10_000))
def test_worker_count_uses_every_core_by_default_and_never_more_than_the_jobs(configured, jobs):
    chosen = worker_count(configured, jobs)
    assert 1 <= chosen <= max(1, jobs)
    assert chosen <= (configured or available_cores())
    if configured == 0 and jobs >= available_cores():
        assert chosen == available_cores()


def test_annotate_and_ingest_use_all_cores_by_default():
    assert default_settings().annotate.workers == 0 and default_settings().ingest.workers == 0


def test_defaults_file_is_only_in_the_package():
    source = Path(__file__).resolve().parents[1] / "src" / "newsprism"
    assert sorted(p.name for p in source.rglob("*.toml")) == ["default_config.toml"]


def test_per_source_watch_intervals_come_from_a_table(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('[watch.intervals]\n"https://example.org/feed.xml" = 300\n', "utf-8")
    watch = load_settings(path).watch
    assert watch.interval_for("https://example.org/feed.xml") == 300.0
    assert watch.interval_for("elsewhere") == watch.interval_seconds
    path.write_text('[watch.intervals]\n"https://example.org/feed.xml" = -1\n', "utf-8")
    with pytest.raises(ConfigError, match="intervals"):
        load_settings(path)
