"""Who said what: direct, partial, labelled and indirect quotes with their speakers.

Quoted spans come from their marks (:mod:`quotemarks`); reported speech
without marks comes from the parse (a speech verb with a subject and a clausal
complement). Speakers come from the subject of the cue verb next to the quote,
from "Name: “…”" layouts, from the last named person for a pronoun, and carry
over to a following paragraph that continues a quotation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..schema import Quote
from .quotemarks import Marked, continuation, find_marked

# Verbs (lemmas) that report speech or a stated position.
SPEECH_VERBS = frozenset(
    """say tell add claim state note insist stress explain declare announce reiterate urge warn call dismiss
    confirm deny assure argue answer reply respond write tweet post comment remark suggest acknowledge admit
    concede emphasize emphasise point recall predict promise vow pledge threaten accuse charge allege report
    describe ask agree disagree believe think contend maintain observe testify complain
    criticize criticise praise reveal disclose indicate signal mention assert underline caution demand address
    propose recommend estimate forecast boast joke quip lament hint speculate""".split()
)
# Verbs that attribute a belief, finding or intention (PolNeAR counts these as attributions too).
STANCE_VERBS = frozenset(
    """believe think hope fear expect feel worry want wish find show learn know see consider doubt
    question blame insist plan intend""".split()
)
CUE_VERBS = SPEECH_VERBS | STANCE_VERBS
# Speech verbs whose infinitive complement is the message ("urged them to vote").
XCOMP_VERBS = frozenset("urge promise vow pledge threaten call demand warn agree refuse decline".split())
# Speech verbs whose object names what was said ("cited the remarks", "called for a recount").
OBJECT_VERBS = frozenset(
    """cite discuss question defend mention demand propose promise deny dismiss reject criticize criticise
    praise accuse blame call announce reveal raise endorse support oppose""".split()
)
PRONOUNS = frozenset("he she they it we i who".split())
_LABELLED = re.compile(r"(quote|цитата|citazione|zitat|citation)\s*:\s*", re.I)
_SPEAKER_COLON = re.compile(r"([^\n:“”«»\"]{2,80}?)\s*:\s*$")
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_GENDERED_TITLE = re.compile(r"\b([a-z]{4,}?)(?:person|woman|man)\b")


def _is_cue(token: Any, verbs: frozenset[str]) -> bool:
    return token.lemma_.lower() in verbs and token.pos_ in ("VERB", "AUX")


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int


def paragraphs(text: str) -> Iterator[Paragraph]:
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            yield Paragraph(match.start(), match.end())


def trim_span(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Trim spaces and stray punctuation from a span, keeping offsets exact."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return text[start:end], start, end


def marked_by_paragraph(text: str) -> Iterator[tuple[Paragraph, list[Marked]]]:
    """Each paragraph with its quoted spans, including the end of a quotation that
    the previous paragraph left open and this one closes."""
    left_open = False
    for para in paragraphs(text):
        marks = find_marked(text, para.start, para.end)
        tail = continuation(text, para.start, para.end) if left_open else None
        if tail is not None:
            marks = [tail] + find_marked(text, tail.end, para.end)
        left_open = bool(marks) and marks[-1].open_ended
        yield para, marks


def quote_kind(text: str, para: Paragraph, mark: Marked, labelled: bool) -> str:
    """``labelled`` for "Quote: …" layouts; ``direct`` for a quoted sentence (four words
    or more, opening its paragraph or ending like a sentence); else ``partial``."""
    if labelled:
        return "labelled"
    inner = text[mark.inner_start : mark.inner_end].strip()
    opens_paragraph = text[para.start : mark.start].strip() == ""
    sentence_like = bool(inner) and inner[-1] in ".!?,…"
    return "direct" if len(inner.split()) >= 4 and (opens_paragraph or sentence_like) else "partial"


def marked_quotes(text: str) -> list[Quote]:
    """Quoted spans found by their marks alone, with no speakers (text without a model)."""
    quotes = []
    for para, marks in marked_by_paragraph(text):
        labelled = bool(_LABELLED.match(text, para.start))
        for mark in marks:
            inner, start, end = trim_span(text, mark.inner_start, mark.inner_end)
            if inner:
                quotes.append(Quote(text=inner, start=start, end=end, kind=quote_kind(text, para, mark, labelled)))
    return quotes


class QuoteFinder:
    """Finds the quotes in one text with its spaCy ``doc`` (parsed from the same text)."""

    def __init__(self, text: str, doc: Any) -> None:
        self.text = text
        self.doc = doc
        self.people = [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ == "PERSON"]
        self.actors = [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ in ("PERSON", "ORG", "NORP", "GPE")]
        # Each cue verb's speaker, worked out once and in text order, so that a
        # pronoun can take the last named subject of a speech verb before it
        # (a person merely mentioned in between does not take over).
        self.cue_subjects: list[tuple[int, int, str]] = []
        self._speakers: dict[int, tuple[str, int, int] | None] = {}
        for token in doc:
            if _is_cue(token, CUE_VERBS):
                subject = self._subject_of(token)
                self._speakers[token.i] = subject
                if subject and _is_cue(token, SPEECH_VERBS):
                    self.cue_subjects.append((subject[1], subject[2], subject[0]))

    # -- speakers ------------------------------------------------------------
    def _paragraph_of(self, offset: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return start, len(self.text) if end < 0 else end

    def _in_paragraph(self, tokens: list[Any], anchor: int) -> list[Any]:
        """The parser sometimes joins a headline to the next paragraph; spans never cross one."""
        start, end = self._paragraph_of(anchor)
        return [t for t in tokens if start <= t.idx < end]

    def _subject_of(self, verb: Any, anchor: int | None = None) -> tuple[str, int, int] | None:
        """The speaker: the verb's subject, or its head's for 'X arrived and said'; never
        from another paragraph than ``anchor`` (the cue's position)."""
        anchor = verb.idx if anchor is None else anchor
        for child in verb.children:
            if child.dep_ in _SUBJECT_DEPS:
                if child.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
                    child = verb.head  # "an official, who said …": the speaker is the official
                # A relative clause on the speaker ("…, who asked not to be named") is not part of the name.
                # ... nor is a participle clause ("Vasko, speaking in Norvassian, said").
                clause_tokens = {t.i for c in child.subtree if c.dep_ in ("relcl", "acl")
                                 for t in c.subtree}
                if child is verb.head:
                    clause_tokens |= {t.i for t in verb.subtree}
                tokens = [t for t in self._in_paragraph(list(child.subtree), anchor)
                          if t.i not in clause_tokens and not (t.is_punct and t.text in "“”«»\"„")]
                # Keep the unbroken run that holds the head word: a removed clause leaves a gap.
                run = [t for t in tokens if t.i <= child.i]
                while len(run) > 1 and run[-1].i - run[-2].i > 1:
                    run = run[-1:]
                run_after = [t for t in tokens if t.i > child.i]
                for t in run_after:
                    if t.i != run[-1].i + 1:
                        break
                    run.append(t)
                tokens = run
                if not tokens:
                    continue
                start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
                return self._resolve(trim_span(self.text, start, end))
        if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head is not verb:
            return self._subject_of(verb.head, anchor)
        return None

    def _resolve(self, span: tuple[str, int, int]) -> tuple[str, int, int] | None:
        """A pronoun speaker is the last person named before it."""
        words, start, _ = span
        if not words:
            return None
        if words.lower() in PRONOUNS:
            if words.lower() in ("it", "we", "i"):
                return span
            # "He" continues the last named speaker; failing that, the last person named.
            # The offsets stay on the pronoun: that is the mention next to the cue.
            for pool in (self.cue_subjects, self.people):
                before = [p for p in pool if p[1] <= start]
                if before:
                    return before[-1][2], span[1], span[2]
            return span
        return self._resolve_role(span) or span

    def _resolve_role(self, span: tuple[str, int, int]) -> tuple[str, int, int] | None:
        """'the President' is President Ilmar Vasko when the article introduced exactly one
        person with that title ("President Ilmar Vasko", "Vasko, the president")."""
        words, start, end = span
        match = re.fullmatch(r"(?:the|this|that)\s+(.{3,60})", words, re.I)
        if not match or any(p[0] >= start and p[1] <= end for p in self.people):
            return None
        role_text = match.group(1).strip().lower()
        # "the spokesperson of (the) Kremlin" is also written "Kremlin spokesman".
        inverted = re.fullmatch(r"(.+?) of (?:the )?(.+)", role_text)
        variants = [role_text] + ([f"{inverted.group(2)} {inverted.group(1)}"] if inverted else [])
        # Titles come as -man, -woman and -person (spokesman, chairwoman, chairperson).
        role = "(?:" + "|".join(_GENDERED_TITLE.sub(r"\1(?:person|woman|man)", re.escape(v)) for v in variants) + ")"
        named: set[str] = set()
        for p_start, p_end, name in self.people:
            if p_end > start:
                break
            before = self.text[max(0, p_start - 60) : p_start].lower()
            after = self.text[p_end : p_end + 80].lower()
            if re.search(rf"\b{role}\s*$", before) or re.match(rf"\s*,\s*(?:the\s+)?{role}\b", after):
                named.add(name)
        if len({n.split()[-1] for n in named}) == 1:
            name = max(named, key=len)
            return name, start, end
        return None

    def _cue_near(self, start: int, end: int) -> tuple[Any, tuple[str, int, int] | None] | None:
        """The speech verb outside [start, end) in the sentence(s) around it, nearest first."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        first, last = span[0].sent, span[-1].sent
        tokens = self.doc[first.start : last.end]
        candidates = sorted(
            ((start - t.idx if t.idx < start else t.idx - end), t.i)
            for t in tokens
            if not start <= t.idx < end and _is_cue(t, SPEECH_VERBS)
        )
        if not candidates:
            return None
        for _, i in candidates:
            if self._speakers.get(i):
                return self.doc[i], self._speakers[i]
        return self.doc[candidates[0][1]], None

    def _previous_cue_subject(self, before: int) -> tuple[str, int, int] | None:
        """The subject of the last speech verb before ``before`` ("Details: Peskov called …")."""
        for i in sorted(self._speakers, reverse=True):
            token = self.doc[i]
            if token.idx < before and self._speakers[i] and _is_cue(token, SPEECH_VERBS):
                return self._speakers[i]
        return None

    def _colon_speaker(self, para_start: int, quote_start: int) -> tuple[str, int, int] | None:
        """'Putin: “…”' and 'Peskov added: “…”' layouts."""
        head = self.text[para_start:quote_start]
        match = _SPEAKER_COLON.search(head)
        if not match:
            return None
        candidate_start = para_start + match.start(1)
        candidate_end = para_start + match.end(1)
        inside = [a for a in self.actors if a[0] >= candidate_start and a[1] <= candidate_end]
        if inside and candidate_end - inside[-1][1] <= 2:
            s, e, name = inside[-1]
            return name, s, e
        return None

    # -- quotes --------------------------------------------------------------
    def find(self) -> list[Quote]:
        quotes: list[Quote] = []
        last_speaker: tuple[str, int, int] | None = None
        for para, marks in marked_by_paragraph(self.text):
            labelled = bool(_LABELLED.match(self.text, para.start))
            if labelled and last_speaker is None:
                last_speaker = self._previous_cue_subject(para.start)
            paragraph_speaker: tuple[str, int, int] | None = None
            for index, mark in enumerate(marks):
                inner, s, e = trim_span(self.text, mark.inner_start, mark.inner_end)
                if not inner:
                    continue
                # A quote with no cue of its own, after one in the same paragraph, is the same voice.
                carried = paragraph_speaker if index else None
                quote = self._attribute(mark, para, inner, s, e, labelled, last_speaker, carried)
                quotes.append(quote)
                if quote.speaker is not None and quote.speaker_start is not None and quote.speaker_end is not None:
                    last_speaker = (quote.speaker, quote.speaker_start, quote.speaker_end)
                    paragraph_speaker = last_speaker
        quotes.extend(self._indirect(quotes))
        return sorted(quotes, key=lambda q: q.start)

    def _attribute(
        self, mark: Marked, para: Paragraph, inner: str, s: int, e: int, labelled: bool,
        last_speaker: tuple[str, int, int] | None,
        carried: tuple[str, int, int] | None = None,
    ) -> Quote:
        at_para_start = self.text[para.start : mark.start].strip() == ""
        kind = quote_kind(self.text, para, mark, labelled)
        found = self._cue_near(mark.start, mark.end)
        speaker = found[1] if found else None
        cue = found[0].text if found else None
        if speaker is None:
            speaker = self._colon_speaker(para.start, mark.start)
            if speaker:
                cue = ":"
        if speaker is None and (at_para_start or labelled) and last_speaker is not None:
            speaker = last_speaker  # a quotation continued from the previous paragraph
        if speaker is None and carried is not None:
            speaker = carried
        return Quote(
            text=inner, start=s, end=e, kind=kind,
            speaker=speaker[0] if speaker else None,
            speaker_start=speaker[1] if speaker else None,
            speaker_end=speaker[2] if speaker else None,
            cue=cue,
        )

    def _indirect(self, direct: list[Quote]) -> list[Quote]:
        """Reported speech: 'Peskov said that …', 'He dismissed allegations that …'."""
        found: list[Quote] = []
        for i, speaker in self._speakers.items():
            token = self.doc[i]
            clause = next((c for c in token.children if c.dep_ in ("ccomp",)), None)
            if clause is None and token.lemma_.lower() in XCOMP_VERBS:
                clause = next((c for c in token.children if c.dep_ == "xcomp"), None)
            if clause is None:
                # "dismissed allegations that …": the clause hangs off the object.
                obj = next((c for c in token.children if c.dep_ == "dobj"), None)
                clause = next((c for c in obj.children if c.dep_ in ("acl", "ccomp", "relcl")), None) if obj is not None else None
            span = self._content_span(token, clause)
            if span is None:
                continue
            start, end = span
            if any(q.start < end and start < q.end for q in direct):
                continue  # the quoted words are already a direct quote
            content, cs, ce = trim_span(self.text, start, end)
            if len(content.split()) < 3:
                continue
            if speaker is None and token.lemma_.lower() in STANCE_VERBS:
                continue  # "expected to rise": no one holds the belief
            found.append(Quote(
                text=content, start=cs, end=ce, kind="indirect",
                speaker=speaker[0] if speaker else None,
                speaker_start=speaker[1] if speaker else None,
                speaker_end=speaker[2] if speaker else None,
                cue=token.text,
            ))
        found.extend(self._according_to(direct + found))
        return found

    def _content_span(self, verb: Any, clause: Any) -> tuple[int, int] | None:
        """Where the reported content is, for a cue verb."""
        if clause is not None:
            tokens = self._in_paragraph(list(clause.subtree), verb.idx)
            if not tokens:
                return None
            return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        lemma = verb.lemma_.lower()
        if verb.dep_ in ("parataxis", "ccomp", "advcl") and lemma in SPEECH_VERBS and verb.head is not verb:
            # "The economy is strong, Trump said": the content is the rest of the head clause.
            head_tokens = self._in_paragraph(list(verb.head.subtree), verb.idx)
            own = {t.i for t in verb.subtree}
            rest = [t for t in head_tokens if t.i not in own]
            before = [t for t in rest if t.i < verb.i]
            after = [t for t in rest if t.i > verb.i]
            side = before if len(before) >= len(after) else after
            if side:
                return side[0].idx, side[-1].idx + len(side[-1].text)
        if lemma in OBJECT_VERBS:
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is None:
                prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("for", "about", "of", "on")), None)
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            if obj is not None:
                tokens = self._in_paragraph(list(obj.subtree), verb.idx)
                if tokens:
                    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        return None

    def _according_to(self, taken: list[Quote]) -> list[Quote]:
        """'According to X, …' and '…, according to X.'"""
        found: list[Quote] = []
        for token in self.doc:
            if token.lower_ != "according" or token.i + 1 >= len(self.doc) or self.doc[token.i + 1].lower_ != "to":
                continue
            to = self.doc[token.i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            src_tokens = list(pobj.subtree)
            src = trim_span(self.text, src_tokens[0].idx, src_tokens[-1].idx + len(src_tokens[-1].text))
            sent = token.sent
            phrase_start, phrase_end = token.idx, src_tokens[-1].idx + len(src_tokens[-1].text)
            before = (sent.start_char, phrase_start)
            after = (phrase_end, sent.end_char)
            span = max(before, after, key=lambda b: b[1] - b[0])
            content, cs, ce = trim_span(self.text, *span)
            if len(content.split()) < 3 or any(q.start < ce and cs < q.end for q in taken):
                continue
            speaker = self._resolve(src)
            found.append(Quote(
                text=content, start=cs, end=ce, kind="indirect",
                speaker=speaker[0] if speaker else None,
                speaker_start=speaker[1] if speaker else None,
                speaker_end=speaker[2] if speaker else None,
                cue="according to",
            ))
        return found


def find_quotes(text: str, doc: Any) -> list[Quote]:
    """All quotes in ``text``; ``doc`` is the spaCy parse of exactly that text."""
    return QuoteFinder(text, doc).find()
