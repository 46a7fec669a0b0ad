"""Configuration: packaged defaults, overridden key by key by a user file."""

from __future__ import annotations

import copy
import os
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError

ENV_VAR = "NEWSPRISM_CONFIG"


def _load_defaults() -> dict[str, Any]:
    text = resources.files("newsprism").joinpath("default_config.toml").read_text("utf-8")
    return tomllib.loads(text)


def _merge(base: dict[str, Any], override: dict[str, Any], where: str) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if key not in base:
            valid = ", ".join(sorted(base))
            raise ConfigError(f"unknown config key {where}{key!r}; valid keys here: {valid}")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"config key {where}{key!r} must be a table like [{key}]")
            merged[key] = _merge(base[key], value, f"{where}{key}.")
        else:
            expected = type(base[key])
            if expected is float and isinstance(value, int):
                value = float(value)
            if not isinstance(value, expected):
                raise ConfigError(
                    f"config key {where}{key!r} must be {expected.__name__}, got {value!r}"
                )
            merged[key] = value
    return merged


@dataclass(frozen=True)
class Config:
    """Read-only view over the merged settings: ``config.section("fetch")["retries"]``."""

    data: dict[str, Any]

    def section(self, name: str) -> dict[str, Any]:
        return dict(self.data[name])


def load_config(path: str | Path | None = None, **overrides: dict[str, Any]) -> Config:
    """Defaults, then the user file (``path`` or $NEWSPRISM_CONFIG), then ``overrides``."""
    data = _load_defaults()
    chosen = path or os.environ.get(ENV_VAR)
    if chosen:
        file = Path(chosen)
        try:
            user = tomllib.loads(file.read_text("utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file {file} does not exist; pass an existing TOML file") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {file} is not valid TOML: {exc}") from None
        data = _merge(data, user, "")
    if overrides:
        data = _merge(data, overrides, "")
    return Config(data)
