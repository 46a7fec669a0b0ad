"""Provenance: which articles copy, rewrite or share wire text with which, in what direction, and where.

``find_copies(articles)`` returns :class:`CopyLink` records (source, target,
kind, shared ratios, passages with character offsets into each article's
``text``, evidence) and each article's content-farm signals. Everything here
is pure computation on :class:`~newsprism.schema.Article` records.

Kinds:

- ``duplicate``: the same text (after normalising case, punctuation, spacing);
- ``copy``: the same text with edits (new intro, byline, footer, a few words);
- ``partial``: some passages reused;
- ``shared-source``: both reproduce a third text: they credit the same agency,
  or an earlier article in the corpus holds what they share;
- ``rewrite``: the same sentences reworded or translated, in the same order,
  with the same figures and names (only with ``vectors=True``).

Two reports that quote the same statement, verbatim or in two translations,
have not reused each other's text: sentences that are mostly quotation are not
evidence of reuse. Such reports are the same story, which is for story
grouping to find, not provenance.
"""

from __future__ import annotations

# Only the records here: the finder loads numpy, so it is imported from its module by what runs it.
from .relations import KINDS, CopyLink, Kind

__all__ = ["KINDS", "CopyLink", "Kind"]
