"""Comparing coverage inside a story: statements, facts, omissions, disagreements, framing, timeline, digest."""

from __future__ import annotations

from .records import COMPARE_VERSION, StoryArticle, StoryComparison
from .story import compare_story

__all__ = ["COMPARE_VERSION", "StoryArticle", "StoryComparison", "compare_story"]
