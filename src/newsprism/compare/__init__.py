"""Comparing coverage inside a story: statements, facts, omissions, disagreements, framing, timeline, digest.

The package exports its records; the comparison itself (``compare.story.compare_story``) loads numpy
and the sentence encoder, so it is imported from its module by what runs it.
"""

from __future__ import annotations

from .records import COMPARE_VERSION, StoryArticle, StoryComparison

__all__ = ["COMPARE_VERSION", "StoryArticle", "StoryComparison"]
