"""The embedded article store (SQLite). All SQL lives in this package."""

from __future__ import annotations

from .sqlite import Store, open_store

__all__ = ["Store", "open_store"]
