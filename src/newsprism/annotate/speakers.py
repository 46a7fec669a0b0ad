"""Who said it: each quote's speaker chosen among the mentions around it by a trained ranker.

The rules in :mod:`quotes` propose one speaker per quote (the subject of the nearest cue verb, a
"Name: “…”" layout, the previous paragraph's speaker). Here every mention near the quote is a
candidate: the noun phrases and names of the quote's sentences and the ones either side, the rules'
choice and the previous quote's speaker, plus "nobody named". Each candidate is described by
features (its grammatical role and the cue verb it is the subject of, where it stands and how far,
what it is: a person, an organisation, a pronoun, a role noun; whether the rules chose it; whether
it spoke last) and a conditional logit model scores them; the best one wins. The model is trained
on PolNeAR's training articles (``newsprism eval quotes --train-out``) and shipped as JSON.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from ..schema import Quote
from ..text.quotes import QUOTE_MARKS
from .reported import SPEECH_VERBS, VERB_CUES, is_cue, lemma_of

MODEL_FILE = "speaker_model.json"
F64 = npt.NDArray[np.float64]

_KINDS = ("direct", "partial", "labelled", "indirect")
_DEPS = ("nsubj", "nsubjpass", "pobj", "poss", "dobj", "appos", "conj", "compound", "attr")
_PERSONAL = frozenset("he she they i we you".split())
_RELATIVE = frozenset("who that which whom".split())

# Candidate features, then the features of "nobody named" (all zero for a real candidate).
CANDIDATE_FEATURES = (
    "rule", "rule_direct", "rule_indirect", "previous_speaker", "before", "after", "distance",
    "same_sentence", "sentence_before", "sentence_after", "other_paragraph", "first_paragraph",
    *(f"dep_{d}" for d in _DEPS), "dep_other",
    "subject_of_speech", "subject_of_cue", "cue_governs_quote", "cue_distance", "cue_inside_quote",
    "according_to", "agent", "colon_before_quote",
    "person", "organisation", "place_or_group", "personal_pronoun", "pronoun_it", "role_noun",
    "other_noun", "holds_person", "mentions", "nearest", "second_nearest", "inside_other_quote",
    "subject_direct", "subject_indirect",
)
NULL_FEATURES = (
    "null", *(f"null_{k}" for k in _KINDS), "null_rule_none", "null_speech_cue", "null_opens_paragraph",
    "null_candidates",
)
FEATURES = CANDIDATE_FEATURES + NULL_FEATURES


@dataclass(frozen=True)
class Mention:
    """A noun phrase or name that could be a speaker: [start, end) in the text, its head token."""

    start: int
    end: int
    root: Any


@dataclass(frozen=True)
class Candidates:
    """The speakers one quote could have (``None`` last: nobody named) and their feature rows."""

    mentions: tuple[Mention | None, ...]
    features: F64


class MentionIndex:
    """The mentions of one parsed text, in text order, searchable by token position."""

    def __init__(self, doc: Any, text: str) -> None:
        self.doc = doc
        self.text = text
        spans: dict[tuple[int, int], Mention] = {}
        for chunk in doc.noun_chunks:
            if chunk.root.lower_ in _RELATIVE:
                continue  # "who said": its antecedent is the candidate (see ``_subject_of_cue``)
            spans[(chunk.start_char, chunk.end_char)] = Mention(chunk.start_char, chunk.end_char, chunk.root)
        for ent in doc.ents:
            if ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
                spans.setdefault((ent.start_char, ent.end_char), Mention(ent.start_char, ent.end_char, ent.root))
        self.mentions = sorted(spans.values(), key=lambda m: (m.start, m.end))
        self.token_starts = [m.root.i for m in self.mentions]
        self.sentence_of = np.zeros(len(doc) + 1, dtype=np.int64)
        for number, sent in enumerate(doc.sents):
            self.sentence_of[sent.start : sent.end] = number
        self.sentence_of[len(doc)] = self.sentence_of[len(doc) - 1] if len(doc) else 0
        self.sentences = list(doc.sents)
        self.heads = Counter(m.root.lower_ for m in self.mentions if m.root.pos_ == "PROPN")
        self.people = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]

    def between(self, first_token: int, last_token: int) -> list[Mention]:
        """Mentions whose head lies in tokens [first_token, last_token]."""
        lo = bisect_right(self.token_starts, first_token - 1)
        hi = bisect_right(self.token_starts, last_token)
        return self.mentions[lo:hi]


def _subject_verb(root: Any) -> Any | None:
    """The verb this mention is the subject of, directly or through "X, who said …"."""
    if root.dep_ in ("nsubj", "nsubjpass"):
        return root.head
    for child in root.children:  # "an ad attacking the plan": the ad makes the attack
        if child.dep_ == "acl" and child.tag_ == "VBG" and lemma_of(child) in VERB_CUES:
            return child
    for child in root.children:
        if child.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ in _RELATIVE for c in child.children):
            return child
    return None


def _is_role_noun(root: Any) -> bool:
    return root.pos_ == "NOUN" and root.tag_ in ("NN", "NNS") and root.ent_type_ == ""


class CandidateBuilder:
    """Builds each quote's candidates and features for one text."""

    def __init__(self, index: MentionIndex, paragraph_of: Any, quoted: Sequence[tuple[int, int]]) -> None:
        """``quoted``: the spans inside quotation marks (no speaker is named there)."""
        self.index = index
        self.doc = index.doc
        self.text = index.text
        self.paragraph_of = paragraph_of
        self.quoted = sorted(quoted)
        self.first_paragraph_end = paragraph_of(0)[1]

    def _inside_quote(self, start: int, end: int) -> bool:
        i = bisect_right(self.quoted, (start, len(self.text) + 1)) - 1
        return i >= 0 and self.quoted[i][0] <= start and end <= self.quoted[i][1]

    def build(self, quote: Quote, previous: Quote | None) -> Candidates:
        doc = self.doc
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None or not len(span):
            return Candidates((None,), np.zeros((1, len(FEATURES))))
        q_first, q_last = span[0].i, span[-1].i
        s_first = max(0, int(self.index.sentence_of[q_first]) - 1)
        s_last = min(len(self.index.sentences) - 1, int(self.index.sentence_of[q_last]) + 1)
        window_first = self.index.sentences[s_first].start
        window_last = self.index.sentences[s_last].end - 1
        q_para = self.paragraph_of(quote.start)
        # In a "Quote: “…”" layout the label word before the quote names no one.
        label = (q_para[0], quote.start) if quote.kind == "labelled" else (0, 0)
        found = [m for m in self.index.between(window_first, window_last)
                 if (m.end <= quote.start or m.start >= quote.end) and not label[0] <= m.start < label[1]
                 and not any(q_first <= c.i <= q_last for c in m.root.children)  # "fears that …": the cue
                 and not self._inside_quote(m.start, m.end)]  # a speaker is named in the reporter's words
        rule = (quote.speaker_start, quote.speaker_end) if quote.speaker_start is not None else None
        extra = []
        if rule is not None and rule[1] is not None and not any(
                m.start < rule[1] and rule[0] < m.end for m in found):
            root = doc.char_span(rule[0], rule[1], alignment_mode="expand")
            if root is not None and len(root) and not self._inside_quote(rule[0], rule[1]):
                extra.append(Mention(rule[0], rule[1], root.root))
        mentions = found + extra
        speech_in_window = any(is_cue(t, SPEECH_VERBS) for t in doc[window_first : window_last + 1]
                               if not q_first <= t.i <= q_last)
        distances = [self._token_distance(m.root.i, q_first, q_last) for m in mentions]
        order = sorted(range(len(mentions)), key=lambda k: distances[k])
        rank = {k: r for r, k in enumerate(order)}
        previous_word = previous.speaker.split()[-1].lower() if previous and previous.speaker else None
        rows = [self._features(m, quote, q_first, q_last, q_para, rule, previous_word, distances[k], rank[k])
                for k, m in enumerate(mentions)]
        null = np.zeros(len(FEATURES))
        offset = len(CANDIDATE_FEATURES)
        null[offset] = 1.0
        null[offset + 1 + _KINDS.index(quote.kind)] = 1.0
        null[offset + 5] = float(rule is None)
        null[offset + 6] = float(speech_in_window)
        null[offset + 7] = float(self.text[q_para[0] : quote.start].strip(" " + QUOTE_MARKS) == "")
        null[offset + 8] = math.log1p(len(mentions))
        rows.append(null)
        return Candidates((*mentions, None), np.array(rows, dtype=np.float64))

    @staticmethod
    def _token_distance(i: int, first: int, last: int) -> int:
        return first - i if i < first else i - last if i > last else 0

    def _features(self, m: Mention, quote: Quote, q_first: int, q_last: int, q_para: tuple[int, int],
                  rule: tuple[int | None, int | None] | None, previous_word: str | None,
                  distance: int, rank: int) -> F64:
        root = m.root
        sent = int(self.index.sentence_of[root.i])
        q_sents = (int(self.index.sentence_of[q_first]), int(self.index.sentence_of[q_last]))
        verb = _subject_verb(root)
        speech = verb is not None and is_cue(verb, SPEECH_VERBS)
        cue = verb is not None and lemma_of(verb) in VERB_CUES
        governs = verb is not None and any(q_first <= t.i <= q_last for t in verb.children)
        cue_distance = self._token_distance(verb.i, q_first, q_last) if verb is not None else 0
        ent = root.ent_type_
        word = root.lower_
        is_rule = rule is not None and rule[0] is not None and rule[1] is not None and (
            m.start < rule[1] and rule[0] < m.end)
        dep = root.dep_ if root.dep_ in _DEPS else "other"
        kind = quote.kind
        values: dict[str, float] = {
            "rule": is_rule, "rule_direct": is_rule and kind in ("direct", "partial", "labelled"),
            "rule_indirect": is_rule and kind == "indirect",
            "previous_speaker": previous_word is not None and word == previous_word,
            "before": m.end <= quote.start, "after": m.start >= quote.end,
            "distance": math.log1p(distance),
            "same_sentence": q_sents[0] <= sent <= q_sents[1], "sentence_before": sent < q_sents[0],
            "sentence_after": sent > q_sents[1],
            "other_paragraph": self.paragraph_of(m.start) != q_para,
            "first_paragraph": m.start < self.first_paragraph_end,
            f"dep_{dep}": 1.0,
            "subject_of_speech": speech, "subject_of_cue": cue, "cue_governs_quote": governs,
            "cue_distance": math.log1p(cue_distance) if verb is not None else 0.0,
            "cue_inside_quote": verb is not None and q_first <= verb.i <= q_last,
            "according_to": root.head.lower_ == "to" and root.head.head.lower_ == "according",
            "agent": root.dep_ == "pobj" and root.head.dep_ == "agent",
            "colon_before_quote": m.end <= quote.start and self.text[m.end : quote.start].strip(
                " " + QUOTE_MARKS) in (":", "said:", "says:"),
            "person": ent == "PERSON", "organisation": ent == "ORG", "place_or_group": ent in ("GPE", "NORP"),
            "personal_pronoun": word in _PERSONAL, "pronoun_it": word == "it",
            "role_noun": _is_role_noun(root) and not ent,
            "other_noun": root.pos_ not in ("PROPN", "PRON", "NOUN"),
            "holds_person": any(m.start <= s and e <= m.end for s, e in self.index.people),
            "mentions": math.log1p(self.index.heads.get(word, 0)),
            "nearest": rank == 0, "second_nearest": rank == 1,
            "inside_other_quote": self._inside_quote(m.start, m.end),
            "subject_direct": speech and kind != "indirect", "subject_indirect": cue and kind == "indirect",
        }
        return np.array([float(values.get(name, 0.0)) for name in FEATURES], dtype=np.float64)


@lru_cache(maxsize=1)
def packaged_model() -> dict[str, Any]:
    model: dict[str, Any] = json.loads(resources.files(__package__).joinpath(MODEL_FILE).read_text("utf-8"))
    return model


class SpeakerRanker:
    """Scores candidates with a conditional logit model (weights per feature, see :data:`FEATURES`)."""

    def __init__(self, model: Mapping[str, Any] | None = None) -> None:
        model = packaged_model() if model is None else model
        names = [name for name, _ in model["weights_by_feature"]]
        if names != list(FEATURES):
            raise ValueError("the speaker model was trained on other features; retrain it with "
                             "newsprism eval quotes --train-out")
        self.weights = np.asarray([w for _, w in model["weights_by_feature"]], dtype=np.float64)

    def choose(self, candidates: Candidates) -> Mention | None:
        scores = candidates.features @ self.weights
        return candidates.mentions[int(np.argmax(scores))]


@lru_cache(maxsize=1)
def default_ranker() -> SpeakerRanker:
    """The ranker with the shipped model, built once per process (every article's quotes use it)."""
    return SpeakerRanker()
