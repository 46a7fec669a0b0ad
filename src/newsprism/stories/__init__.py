"""Stories: groups of articles about the same real-world event, built incrementally and time-aware."""

from __future__ import annotations

from .clusterer import StoryClusterer, cluster
from .records import DEFAULTS, Story, StoryInput

__all__ = ["DEFAULTS", "Story", "StoryClusterer", "StoryInput", "cluster"]
