"""Property-based fuzzing of the annotator with the real English model.

For arbitrary text built from the pieces news text is made of (names with titles, quote marks of
every kind, cue verbs, dates in words and numbers, line breaks, emoji, control characters) and any
publication date (none, malformed, the ends of the calendar), reading an article never fails, and
every offset it gives holds: inside the text, in order, and a date mention's or a label's text is
the text at its offsets. The budget is fixed and derandomised.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsprism.annotate.annotator import annotate_or_report
from newsprism.annotate.nlp import english

FUZZ = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

PIECES = (
    "President Ilmar Vasko", "Mrs. Anna Brix", "he", "she", "they", "the spokesman", "Reuters", "the ministry",
    "said", "told reporters", "according to", "warned", "“", "”", "\"", "«", "»", "„", "'", "‘", "’", "—", ":",
    "yesterday", "next Monday", "last month", "on March 3", "2024-02-30", "29 February", "in 1999", "next year",
    "\n", "\n\n", ".", ",", "!", "?", "(", ")", "🙂", "\u202e", "\x00", "\x1b[2J", "\ufffd", "ﬁ", "İstanbul",
    "the Russian dictator", "Minsk", "a completely stupid fabrication", "we", "I", "It", "$1.2 billion",
)
PUBLISHED = st.sampled_from([None, "", "0001-01-01", "9999-12-31", "2024-02-29", "2025-05-20T10:00:00+02:00",
                             "not a date", "2024-13-45"])
TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), min_size=1, max_size=60).map(" ".join)


def _within(text: str, start: int | None, end: int | None) -> bool:
    return start is not None and end is not None and 0 <= start <= end <= len(text)


@FUZZ
@given(text=TEXTS, published=PUBLISHED)
def test_reading_any_text_never_fails_and_its_offsets_hold(text: str, published: str | None) -> None:
    doc = english()(text)
    result = annotate_or_report(text, "en", doc, published)
    assert result.failure is None, result.failure
    for start, end in result.sentences:
        assert _within(text, start, end)
    for quote in result.quotes:
        assert _within(text, quote.start, quote.end) and quote.text == text[quote.start:quote.end]
        if quote.speaker_start is not None:
            assert _within(text, quote.speaker_start, quote.speaker_end)
    for entity in result.entities:
        for mention in entity.mentions:
            assert _within(text, mention.start, mention.end) and mention.text == text[mention.start:mention.end]
    for label in result.labels:
        assert _within(text, label.start, label.end) and label.text == text[label.start:label.end]
    for date in result.dates:
        assert _within(text, date.start, date.end) and date.text == text[date.start:date.end]
        if date.value is not None and not date.value.startswith("--"):
            assert date.value[:4].isdigit() and date.value[:4] != "0000", date
