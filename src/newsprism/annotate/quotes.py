"""Who said what: direct, partial, labelled and indirect quotes with their speakers.

Quoted spans come from their marks (:mod:`newsprism.text.quotes`); reported speech
without marks comes from the parse (:mod:`reported`: a cue verb, adjective or
noun and the content it reports). Speakers come from the subject of the cue
verb next to the quote, from "Name: “…”" layouts, from the last named person
for a pronoun, and carry over to a following paragraph that continues a
quotation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..schema import Quote
from ..text.paragraphs import Paragraph
from ..text.quotes import MIN_STATEMENT_WORDS, QUOTE_MARKS, Marked, marked_by_paragraph
from .antecedents import Antecedent, PronounResolver, SortedMentions
from .gender import agrees, pronoun_gender
from .reported import CUE_VERBS, PRONOUNS, SPEECH_VERBS, Reported, find_reported, is_cue

if TYPE_CHECKING:  # the ranker needs numpy: loaded when quotes are found, not when the CLI starts
    from .speakers import Candidates, Mention, SpeakerRanker

_LABELLED = re.compile(r"(quote|цитата|citazione|zitat|citation)\s*:\s*", re.I)
_SPEAKER_COLON = re.compile(r"([^\n:“”«»\"]{2,80}?)\s*:\s*$")
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_PLURAL_PRONOUNS = frozenset(("they", "their", "them"))
# Reported content cut short by a quotation must still read as a clause of its own.
_MIN_WORDS_BEFORE_QUOTE = 4
_QUOTE_EDGES = re.compile(r"^[\s“”‘’«»„\"'.,;:!?]+|[\s“”‘’«»„\"'.,;:!?]+$")
_WORD = re.compile(r"\w")
_MARKS = frozenset(QUOTE_MARKS) - {"’"}  # ’ at a span's edge is more often an apostrophe
_ACCORDING_TO = re.compile(r"\baccording\s+to\b", re.I)
_GENDERED_TITLE = re.compile(r"\b([a-z]{4,}?)(?:person|woman|man)\b")
# Titles written before a name in their short form ("Texas Gov. Rick Perry" is "the Texas governor").
_TITLE_ABBREVIATIONS = {"governor": "gov", "senator": "sen", "representative": "rep", "president": "pres",
                        "general": "gen", "lieutenant": "lt", "secretary": "sec", "professor": "prof"}
_TITLE_WORD = re.compile(r"\b(" + "|".join(_TITLE_ABBREVIATIONS) + r")\b")


def _abbreviated(pattern: str) -> str:
    """A title pattern that also takes the title's abbreviation."""
    return _TITLE_WORD.sub(lambda m: f"(?:{m.group(1)}|{_TITLE_ABBREVIATIONS[m.group(1)]}\\.?)", pattern)


def trim_span(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Trim spaces and stray punctuation from a span, keeping offsets exact."""
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return text[start:end], start, end


def without_stray_marks(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Drop a quote mark at either edge of a span that holds no other mark: a span cut at a
    quotation ("urged to treat it “") must not end on the mark that opens it."""
    while end > start:
        marks = [i for i in range(start, end) if text[i] in _MARKS]
        if len(marks) == 1 and marks[0] in (start, end - 1):
            if marks[0] == start:
                start += 1
            else:
                end -= 1
            _, start, end = trim_span(text, start, end)
            continue
        break
    return text[start:end], start, end


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
        self._line_breaks = [m.start() for m in re.finditer("\n", text)]
        self.layout_speakers: set[int] = set()  # starts of quotes whose speaker the layout gives
        self.people = person_mentions(doc)
        self.actors = [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ in ("PERSON", "ORG", "NORP", "GPE")]
        # Each cue verb's speaker, worked out once and in text order, so that a
        # pronoun can take the last named subject of a speech verb before it
        # (a person merely mentioned in between does not take over).
        # A speaker quoted saying "as I said" is no antecedent: only subjects in the reporter's own words
        # that name someone count.
        self.cue_subjects = SortedMentions()
        self._speakers: dict[int, tuple[str, int, int] | None] = {}
        # The quotation marks, found once: the quotes come from them and antecedents are sought outside them.
        self.marked = list(marked_by_paragraph(text))
        quoted = _Spans([(m.inner_start, m.inner_end) for _, marks in self.marked for m in marks])
        # A person named inside a quotation is not whom the reporter's "he" stands for.
        self.pronouns = PronounResolver(text, doc, self.people, quoted.covers)
        self.people_outside_quotes = self.pronouns.people
        self._gender_by_name = {p.name: p.gender for p in self.people_outside_quotes.items}  # the last mention's
        for token in doc:
            if is_cue(token, CUE_VERBS):
                subject = self._subject_of(token)
                self._speakers[token.i] = subject
                if subject and is_cue(token, SPEECH_VERBS) and subject[0].lower() not in PRONOUNS \
                        and not quoted.covers(token.idx, token.idx + len(token.text)):
                    self.cue_subjects.add(self._antecedent(*subject))

    # -- speakers ------------------------------------------------------------
    def _paragraph_of(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self._line_breaks, offset - 1)
        start = self._line_breaks[i - 1] + 1 if i else 0
        end = self._line_breaks[i] if i < len(self._line_breaks) else len(self.text)
        return start, end

    def _in_paragraph(self, tokens: list[Any], anchor: int) -> list[Any]:
        """The parser sometimes joins a headline to the next paragraph; spans never cross one."""
        start, end = self._paragraph_of(anchor)
        return [t for t in tokens if start <= t.idx < end]

    def _subject_of(self, verb: Any, anchor: int | None = None) -> tuple[str, int, int] | None:
        """The speaker: the verb's subject, or its head's for 'X arrived and said'; never
        from another paragraph than ``anchor`` (the cue's position)."""
        anchor = verb.idx if anchor is None else anchor
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
        if not subjects and verb.dep_ == "acl" and verb.tag_ == "VBG":
            subjects = [verb.head]  # "an ad attacking Clinton": the ad makes the attack
        for child in subjects:
            if child.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
                child = verb.head  # "an official, who said …": the speaker is the official
            # A relative clause on the speaker ("…, who asked not to be named") is not part of the name.
            # ... nor is a participle clause ("Vasko, speaking in Norvassian, said").
            clause_tokens = {t.i for c in child.subtree if c.dep_ in ("relcl", "acl")
                             for t in c.subtree}
            if child.i == verb.head.i:
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
        if verb.dep_ == "xcomp":
            # "urged its members to reject the offer": the members would reject it, not the union.
            addressee = next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)
            if addressee is not None:
                start, end = addressee.left_edge.idx, addressee.right_edge.idx + len(addressee.right_edge.text)
                return self._resolve(trim_span(self.text, start, end))
        if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.i != verb.i:
            return self._subject_of(verb.head, anchor)
        return None

    def _resolve(self, span: tuple[str, int, int]) -> tuple[str, int, int] | None:
        """A pronoun speaker is the last person named before it."""
        words, start, _ = span
        if not words:
            return None
        if words.lower() in PRONOUNS:
            beside = self._name_before(start)
            if beside is not None:
                return beside  # "the president Vladimir Putin he said": the name is the subject
            if words.lower() in ("it", "we", "i", "its", "our", "my"):
                return span
            # The offsets stay on the pronoun: that is the mention next to the cue.
            antecedent = self._antecedent_of(words, start)
            return (antecedent.name, span[1], span[2]) if antecedent else span
        return self._resolve_role(span) or span

    def _antecedent_of(self, pronoun: str, start: int) -> Antecedent | None:
        """Whom a pronoun at ``start`` stands for: "he" and "she" by the sentence-by-sentence search
        of :mod:`antecedents`; "they" the last speaker that is a group or an organisation; other pronouns, and
        those the search leaves open, continue the last named speaker (a person merely mentioned in
        between does not take over), else the last person named, of the pronoun's gender."""
        if pronoun_gender(pronoun) is not None and (found := self.pronouns.resolve(pronoun, start)):
            return found
        if pronoun.lower() in _PLURAL_PRONOUNS:
            # "They" is a group or an organisation that spoke, never one person.
            return self.cue_subjects.last_before(start, lambda a: a.group)
        return self.cue_subjects.last_before(start, lambda a: agrees(pronoun, a.gender)) \
            or self.people_outside_quotes.last_before(start, lambda a: agrees(pronoun, a.gender))

    def _antecedent(self, name: str, start: int, end: int) -> Antecedent:
        """A speech verb's subject as an antecedent: a person when a person is named in it (or it
        was resolved to one), with that person's gender."""
        inside = [p for p in self.people_outside_quotes.starting_in(start, end) if p.end <= end]
        if inside:  # the first: "Lauten, the aide to Rep. Fincher" is Lauten
            return Antecedent(start, end, name, inside[0].gender, True)
        if name in self._gender_by_name:
            return Antecedent(start, end, name, self._gender_by_name[name], True)
        span = self.doc.char_span(start, end, alignment_mode="expand")
        group = span is not None and (span.root.tag_ in ("NNS", "NNPS") or span.root.ent_type_ in ("ORG", "NORP"))
        return Antecedent(start, end, name, None, False, group=group)

    def _name_before(self, start: int) -> tuple[str, int, int] | None:
        """The person named right before ``start``, with nothing but spaces between."""
        for p_start, p_end, name in self.people:
            if p_end <= start and self.text[p_end:start].strip() == "":
                return name, p_start, p_end
        return None

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
        # "the Texas governor" may have been introduced as "Gov. Rick Perry of Texas": then the title alone.
        named = self._people_titled(variants, start) or (
            self._people_titled([role_text.split()[-1]], start) if " " in role_text and not inverted else set())
        if len({n.split()[-1] for n in named}) == 1:
            return max(named, key=len), start, end
        return None

    def _people_titled(self, titles: list[str], before_offset: int) -> set[str]:
        """The people named before ``before_offset`` with one of ``titles`` before or after their name."""
        # Titles come as -man, -woman and -person (spokesman, chairwoman, chairperson).
        role = "(?:" + "|".join(_abbreviated(_GENDERED_TITLE.sub(r"\1(?:person|woman|man)", re.escape(v)))
                                for v in titles) + ")"
        named: set[str] = set()
        for p_start, p_end, name in self.people:
            if p_end > before_offset:
                break
            before = self.text[max(0, p_start - 60) : p_start].lower()
            after = self.text[p_end : p_end + 80].lower()
            if re.search(rf"\b{role}\s*$", before) or re.match(rf"\s*,\s*(?:the\s+)?{role}\b", after):
                named.add(name)
        return named

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
            if not start <= t.idx < end and is_cue(t, SPEECH_VERBS)
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
            if token.idx < before and self._speakers[i] and is_cue(token, SPEECH_VERBS):
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
        return self._clause_subject(para_start + match.end(1))

    def _clause_subject(self, colon: int) -> tuple[str, int, int] | None:
        """'Lukashenko echoed him in this regard: “…”': the subject of the clause the colon ends,
        when it names a person or an organisation (or is a pronoun standing for one)."""
        span = self.doc.char_span(colon - 1, colon, alignment_mode="expand")
        if span is None:
            return None
        root = span[0].sent.root
        subject = next((c for c in root.children if c.dep_ in _SUBJECT_DEPS), None)
        if root.pos_ not in ("VERB", "AUX") or subject is None:
            return None
        if subject.ent_type_ not in ("PERSON", "ORG") and subject.lower_ not in PRONOUNS - {"it", "who"}:
            return None
        return self._subject_of(root)

    # -- quotes --------------------------------------------------------------
    def find(self, ranker: SpeakerRanker | None = None) -> list[Quote]:
        """Every quote, its speaker chosen by ``ranker`` among the mentions around it."""
        from .speakers import default_ranker

        quotes = self.find_by_rules()
        ranked = self.ranked(quotes, self.candidates(quotes), ranker or default_ranker())
        # Too few words in quote marks that nobody is named for: a scare quote, not something a source said.
        return [q for q in ranked if not (q.kind == "partial" and q.speaker is None
                                          and len(q.text.split()) < MIN_STATEMENT_WORDS)]

    def ranked(self, quotes: list[Quote], candidates: list[Candidates], ranker: SpeakerRanker) -> list[Quote]:
        """``quotes`` with the speakers ``ranker`` picks among their ``candidates``."""
        # A speaker given by the layout ("Quote: “…”", a quotation carried on from the previous
        # paragraph) is the rules' to give: those layouts are rare in news prose the ranker learnt from.
        return [q if q.start in self.layout_speakers and q.speaker is not None
                else self._with_speaker(q, ranker.choose(c)) for q, c in zip(quotes, candidates)]

    def candidates(self, quotes: list[Quote]) -> list[Candidates]:
        """Each quote's possible speakers, the rules' choice among them (``quotes`` in text order)."""
        from .speakers import CandidateBuilder, MentionIndex

        marked = [span for q in quotes for span in (q.parts if q.kind == "indirect" else ((q.start, q.end),))]
        builder = CandidateBuilder(MentionIndex(self.doc, self.text), self._paragraph_of, marked)
        return [builder.build(q, quotes[k - 1] if k else None) for k, q in enumerate(quotes)]

    def _with_speaker(self, quote: Quote, chosen: Mention | None) -> Quote:
        if chosen is None:
            return replace(quote, speaker=None, speaker_start=None, speaker_end=None)
        if quote.speaker_start is not None and quote.speaker_end is not None and (
                chosen.start < quote.speaker_end and quote.speaker_start < chosen.end):
            return quote  # the rules' choice, as the rules resolved it
        speaker = self._resolve(trim_span(self.text, chosen.start, chosen.end))
        if speaker is None:
            return replace(quote, speaker=None, speaker_start=None, speaker_end=None)
        return replace(quote, speaker=speaker[0], speaker_start=speaker[1], speaker_end=speaker[2])

    def find_by_rules(self) -> list[Quote]:
        """Every quote with the speaker the hand rules give it."""
        quotes: list[Quote] = []
        last_speaker: tuple[str, int, int] | None = None
        for para, marks in self.marked:
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
                if labelled or mark.continued:
                    self.layout_speakers.add(quote.start)
                if quote.speaker is not None and quote.speaker_start is not None and quote.speaker_end is not None:
                    last_speaker = (quote.speaker, quote.speaker_start, quote.speaker_end)
                    paragraph_speaker = last_speaker
        quotes.extend(self._indirect(quotes))
        return one_per_utterance(self.text, sorted(quotes, key=lambda q: q.start))

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
        """Reported speech: 'Peskov said that …', 'He dismissed allegations that …',
        'She plans to …', 'He attacked the plan', 'Graham is critical of …' and the like.
        Partial quotes may sit inside the reported content; whole quotes may not."""
        found: list[Quote] = []
        whole = _Spans([(q.start, q.end) for q in direct if q.kind != "partial"])
        marked = _Spans([(q.start, q.end) for q in direct])
        for item in find_reported(self.doc, self._in_paragraph):
            if found and found[-1].start <= item.start and item.end <= found[-1].end + 1:
                continue  # content inside reported content belongs to that content
            # Whole quotations are quotes of their own: keep what comes before the first one.
            first_quote = whole.first_start_within(item.start, item.end)
            end = item.end if first_quote is None else first_quote
            if end <= item.start:
                continue
            content, cs, ce = without_stray_marks(self.text, *trim_span(self.text, item.start, end)[1:])
            if len(content.split()) < (item.min_words if end == item.end else _MIN_WORDS_BEFORE_QUOTE):
                continue
            inner = _QUOTE_EDGES.sub("", content)
            bare = cs + content.find(inner) if inner else cs
            if marked.covers(bare, bare + len(inner)):
                continue  # no more than a short quotation, already found by its marks
            speaker = self._holder(item)
            if speaker is None and item.needs_holder:
                continue  # "expected to rise": no one holds the belief
            found.append(Quote(
                text=content, start=cs, end=ce, kind="indirect",
                speaker=speaker[0] if speaker else None,
                speaker_start=speaker[1] if speaker else None,
                speaker_end=speaker[2] if speaker else None,
                cue=item.cue.text,
            ))
        found.extend(self._according_to(direct + found))
        return found

    def _holder(self, item: Reported) -> tuple[str, int, int] | None:
        """Who holds the reported content: the subject of the holder verb, or the words
        of the source (a possessor, an agent), without the cue's own phrase."""
        if item.holder is not None:
            if item.holder.i not in self._speakers:
                self._speakers[item.holder.i] = self._subject_of(item.holder)
            return self._speakers[item.holder.i]
        if item.source is None:
            return None
        # A source outside the cue's phrase ("Graham, a critic of …") leaves that phrase out.
        cue_first, cue_last = item.cue.left_edge.i, item.cue.right_edge.i
        if cue_first <= item.source.i <= cue_last:
            cue_first, cue_last = -1, -1
        tokens = [t for t in self._in_paragraph(list(item.source.subtree), item.cue.idx)
                  if not (t.dep_ == "case" and t.head.i == item.source.i) and not cue_first <= t.i <= cue_last]
        # Keep the unbroken run of words around the source's head.
        head = next((k for k, t in enumerate(tokens) if t.i == item.source.i), None)
        if head is None:
            return None
        first = last = head
        while first > 0 and tokens[first - 1].i == tokens[first].i - 1:
            first -= 1
        while last + 1 < len(tokens) and tokens[last + 1].i == tokens[last].i + 1:
            last += 1
        start, end = tokens[first].idx, tokens[last].idx + len(tokens[last].text)
        return self._resolve(trim_span(self.text, start, end))

    def _according_to(self, taken: list[Quote]) -> list[Quote]:
        """'According to X, …' and '…, according to X.'"""
        found: list[Quote] = []
        for match in _ACCORDING_TO.finditer(self.text):
            phrase = self.doc.char_span(match.start(), match.end())
            if phrase is None or len(phrase) != 2:
                continue
            token, to = phrase[0], phrase[1]
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


def one_per_utterance(text: str, quotes: list[Quote]) -> list[Quote]:
    """Quotations inside reported content, or carrying it on in the same sentence ("dismissed claims
    that Putin was coming “to force Minsk …”"), are parts of that one quote, not quotes of their own.
    ``quotes`` in text order."""
    merged: list[Quote] = []
    taken: set[int] = set()
    for k, quote in enumerate(quotes):
        if k in taken:
            continue
        if quote.kind != "indirect":
            merged.append(quote)
            continue
        if merged and merged[-1].kind == "indirect" and merged[-1].start <= quote.start and quote.end <= merged[-1].end:
            continue  # the same content reported by a second cue ("dismissed allegations that …")
        end, parts = quote.end, list(quote.parts)
        for j in range(k + 1, len(quotes)):
            other = quotes[j]
            if other.start >= end + 3 or other.kind == "labelled":
                break
            gap = text[end : other.start]
            inside = other.end <= end
            if other.kind == "indirect" or not (inside or gap.strip(" " + QUOTE_MARKS) == ""):
                continue
            taken.add(j)
            parts.append((other.start, other.end))
            end = max(end, other.end)
        if not parts:
            merged.append(quote)
            continue
        if not _WORD.search(_outside(text, quote.start, end, parts)):
            # Reported content that is no more than its quotation: the quotation, with the cue's speaker.
            for j in sorted(j for j in taken if quote.start <= quotes[j].start < end):
                inner = quotes[j]
                merged.append(inner if inner.speaker is not None else replace(
                    inner, speaker=quote.speaker, speaker_start=quote.speaker_start,
                    speaker_end=quote.speaker_end, cue=quote.cue))
            continue
        speaker = quote if quote.speaker is not None else next(
            (quotes[j] for j in sorted(taken) if quotes[j].speaker is not None and quote.start <= quotes[j].start < end),
            quote)
        merged.append(replace(
            quote, text=text[quote.start : end], end=end, parts=tuple(sorted(parts)), speaker=speaker.speaker,
            speaker_start=speaker.speaker_start, speaker_end=speaker.speaker_end,
            cue=quote.cue if quote.speaker is not None else speaker.cue))
    return merged


def _outside(text: str, start: int, end: int, parts: list[tuple[int, int]]) -> str:
    """The words of [start, end) outside ``parts``."""
    pieces, at = [], start
    for s, e in sorted(parts):
        pieces.append(text[at:s])
        at = max(at, e)
    pieces.append(text[at:end])
    return " ".join(pieces)


def person_mentions(doc: Any) -> list[tuple[int, int, str]]:
    """The people the parse names, with the bare surnames it missed: once "Elizabeth Lauten" is
    named, a later "Lauten" tagged as nothing (or as a one-word organisation) is her too."""
    people = [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ == "PERSON"]
    surnames = {name.split()[-1] for _, _, name in people if len(name.split()) > 1}
    taken = {t.i for e in doc.ents if e.label_ == "PERSON" or len(e) > 1 for t in e}
    first_full = {name.split()[-1]: s for s, _, name in reversed(people) if len(name.split()) > 1}
    extra = [(t.idx, t.idx + len(t.text), t.text) for t in doc
             if t.pos_ == "PROPN" and t.text in surnames and t.i not in taken and t.idx > first_full[t.text]]
    return sorted(people + extra)


class _Spans:
    """Disjoint spans (quoted passages), searchable by position."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.ends = [e for _, e in self.spans]

    def first_start_within(self, start: int, end: int) -> int | None:
        """Where the first span overlapping [start, end) begins, if any does."""
        i = bisect_right(self.ends, start)
        return self.spans[i][0] if i < len(self.spans) and self.spans[i][0] < end else None

    def covers(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and self.spans[i][1] >= end


def find_quotes(text: str, doc: Any, ranker: SpeakerRanker | None = None) -> list[Quote]:
    """All quotes in ``text``; ``doc`` is the spaCy parse of exactly that text. Speakers are chosen
    by ``ranker`` (the shipped model when not given)."""
    return QuoteFinder(text, doc).find(ranker)
