"""Stories: groups of articles about the same real-world event, built incrementally and time-aware."""

from __future__ import annotations

from .clusterer import StoryClusterer, cluster
from .records import STORIES_VERSION, Story, StoryInput, event_dates

__all__ = ["STORIES_VERSION", "Story", "StoryClusterer", "StoryInput", "cluster", "event_dates"]
