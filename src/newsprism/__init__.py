"""newsprism: see how different outlets covered the same story."""

from __future__ import annotations

__version__ = "0.1.0"
