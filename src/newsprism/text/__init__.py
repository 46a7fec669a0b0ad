"""Shared text primitives: the one place every stage takes them from.

- :mod:`.paragraphs`: the :class:`~.paragraphs.Paragraph` record and the paragraph splitter;
- :mod:`.sentences`: the rule-based sentence splitter, for text no parser reads;
- :mod:`.quotes`: which spans of a text stand inside quotation marks, in every common style;
- :mod:`.tokens`: word tokenisers, one for each need;
- :mod:`.months`: month names and their numbers;
- :mod:`.metrics`: precision, recall and F1.

Extraction, copy detection, annotation, story clustering, comparison and
evaluation all import these from here, so that a paragraph, a sentence, a
word or "inside a quote" means the same thing in every stage. Keep each
module small and free of stage logic: a helper belongs here when two stages
need it.
"""
