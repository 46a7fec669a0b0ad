"""Reported speech and stated positions found in the parse, without quote marks.

A cue is a verb ("said that …", "wants to …", "attacked the plan", "spoke
about …", "was accused of …"), an adjective ("critical of …", "worried that
…") or a noun ("his claim that …", "her call for …", "a critic of …"). For each
cue this module finds where the reported content is and where its holder is
named; :mod:`quotes` turns the holder into a speaker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from typing import Any


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _table(rows: tuple[tuple[str, str], ...]) -> dict[str, frozenset[str]]:
    """(lemmas, prepositions) rows -> each lemma's prepositions."""
    table: dict[str, frozenset[str]] = {}
    for lemmas, preps in rows:
        for lemma in lemmas.split():
            table[lemma] = table.get(lemma, frozenset()) | _words(preps)
    return table


# Verbs (lemmas) that report speech or a stated position.
SPEECH_VERBS = _words(
    """say tell add claim state note insist stress explain declare announce reiterate urge warn call dismiss
    confirm deny assure argue answer reply respond write tweet post comment remark suggest acknowledge admit
    concede emphasize emphasise point recall predict promise vow pledge threaten accuse charge allege report
    describe ask agree disagree believe think contend maintain observe testify complain
    criticize criticise praise reveal disclose indicate signal mention assert underline caution demand address
    propose recommend estimate forecast boast joke quip lament hint speculate"""
)
# Verbs that attribute a belief, finding or intention (PolNeAR counts these as attributions too).
STANCE_VERBS = _words(
    """believe think hope fear expect feel worry want wish find show learn know see consider doubt
    question blame insist plan intend"""
)
CUE_VERBS = SPEECH_VERBS | STANCE_VERBS
# Further verbs whose clausal complement is a finding, judgement or realisation ("the court ruled that …").
JUDGEMENT_VERBS = _words(
    """suspect assume realize realise recognize recognise understand conclude determine discover decide rule
    judge imagine envision reckon guess suppose trust fret reaffirm affirm retort counter proclaim repeat
    wonder advise instruct order"""
)
CLAUSE_VERBS = CUE_VERBS | JUDGEMENT_VERBS
# Speech verbs set into the clause they report ("The economy is strong, Trump said"); beliefs are not.
ASIDE_VERBS = SPEECH_VERBS - STANCE_VERBS - _words("respond mention")
# Speech verbs whose infinitive complement is the message ("urged them to vote").
XCOMP_VERBS = _words(
    """urge promise vow pledge threaten call demand warn agree refuse decline tell ask encourage implore instruct
    order advise persuade"""
)
# Verbs whose infinitive complement is an intention or a wish ("plans to run", "voted to hold").
INTENT_VERBS = _words(
    """want wish hope plan intend seek decide propose offer vote ask expect prefer like love hate resolve opt"""
)
# Speech verbs whose object names what was said ("cited the remarks", "called for a recount").
OBJECT_VERBS = _words(
    """cite discuss question defend mention demand propose promise deny dismiss reject criticize criticise
    praise accuse blame call announce reveal endorse support oppose"""
)
# Verbs of praise, blame, backing and description: the object is the position or its target
# ("attacked the plan", "backed Clinton", "outlined his proposals").
STANCE_OBJECT_VERBS = _words(
    """attack blast slam condemn denounce decry lambaste lambast assail mock ridicule deride disparage chastise
    rebuke fault scold castigate applaud hail commend welcome laud tout champion back advocate promote pitch
    outline detail describe characterize characterise portray depict label dub brand invoke highlight dispute
    contest refute rebut downplay recommend request favor favour despise admire denigrate belittle insult
    bemoan credit acknowledge admit concede note stress emphasize emphasise underline view regard recall thank
    congratulate liken confirm reiterate predict declare retweet recount list"""
)
# Findings and statements with a noun-phrase object ("polls show a close race", "said the same thing").
FINDING_VERBS = _words("show indicate report say express voice articulate recite explain clarify")
# Verbs of seeming: the whole proposition is the content, held by no one named ("He seems to …").
SEEM_VERBS = _words("seem appear")
# Light verbs whose object is a speech noun ("offered an assessment", "raised concerns", "laid out a plan").
LIGHT_VERBS = _words("offer raise lay share")
# Cue verbs whose object alone is not a message: they need a complement ("called the charges baseless",
# "viewed the remark as a dig").
COMPLEMENT_VERBS = _words("tell call ask view regard")
# Cue verbs whose prepositional object is what was said or the position taken ("spoke about …").
PREP_CUES = _table((
    ("speak talk joke brag boast muse", "about of"),
    ("write tweet post", "about"),
    ("comment testify", "about on"),
    ("complain warn caution", "about of against"),
    ("ask plead push press lobby advocate clamor clamour", "for about"),
    ("argue campaign vote rally", "for against"),
    ("rail inveigh protest", "against"),
    ("agree disagree side", "with on"),
    ("object", "to"),
    ("refer point allude", "to"),
    ("insist elaborate dwell reflect harp", "on"),
    ("worry fret obsess", "about over"),
    ("apologize apologise", "for"),
    ("hint balk bristle scoff lash", "at"),
    ("hear learn", "about of"),
    ("decide rule", "against"),
))
# Prepositions that introduce what a position is about, after a cue verb without an object.
OBJECT_PREPS = _words("for about of on")
# Passive verbs whose subject and infinitive are the content ("The veto is expected to come …").
RAISING_VERBS = _words(
    "say believe think report allege rumor rumour know consider estimate expect project predict"
)
# Passive verbs whose subject is the target of a stance ("He was accused of …", "has been endorsed by …").
PASSIVE_STANCE_VERBS = _words(
    """accuse blame criticize criticise praise condemn denounce endorse back support oppose attack mock
    ridicule describe label dub brand portray characterize characterise question challenge dismiss reject cite
    credit fault applaud hail call"""
)
# Adjectives of attitude and their prepositions ("critical of …", "worried about …"); a "that" clause
# may follow any of them, and an infinitive those in EAGER_ADJECTIVES ("eager to …").
ADJECTIVE_CUES = _table((
    ("""critical supportive skeptical sceptical wary suspicious dismissive contemptuous proud afraid fearful
     scared tired weary enamored enamoured fond aware certain confident convinced sure ashamed appreciative
     mindful conscious leery""", "of about"),
    ("confident", "in"),
    ("right wrong correct", "about"),
    ("""worried concerned anxious nervous optimistic pessimistic hopeful upbeat bullish bearish excited
     enthusiastic passionate angry upset furious mad frustrated annoyed happy pleased glad disappointed unhappy
     satisfied dissatisfied comfortable uncomfortable uneasy sanguine candid vague coy silent vocal outspoken
     adamant unapologetic apologetic curious unsure uncertain cautious defensive alarmed troubled""",
     "about over with at on"),
    ("opposed committed open receptive sympathetic resistant amenable averse dedicated devoted beholden", "to"),
))
EAGER_ADJECTIVES = _words(
    """eager willing unwilling reluctant keen loath hesitant prepared intent desperate anxious glad afraid
    excited"""
)
# Nouns that name something said, believed or intended, with the prepositions that introduce their
# content ("claims of fraud", "support for the plan", "comments about …"); any of them may also take a
# "that" clause or an infinitive ("the claim that …", "his decision to …").
NOUN_CUES = _table((
    ("""claim allegation accusation charge suggestion insinuation rumor rumour speculation theory notion idea
     belief fear hope suspicion expectation admission denial promise pledge vow warning""", "of"),
    ("""criticism praise call demand request push plan proposal recommendation argument preference enthusiasm
     sympathy contempt disdain admiration adulation""", "of for"),
    ("support endorsement", "for"),
    ("""comment statement question view position stance opinion message complaint concern worry doubt
     skepticism scepticism argument speculation warning assessment""", "about on over"),
    ("opposition objection commitment response reply reference tribute allegiance loyalty", "to"),
    ("attack swipe jab broadside", "on against at"),
    ("mention critique denunciation embrace", "of"),
    ("thought discussion conversation anxiety reservation misgiving", "about on over"),
    ("confidence", "in"),
    ("charge argument complaint warning allegation accusation", "against"),
    ("""announcement assertion confirmation declaration explanation assurance prediction forecast estimate
     projection conclusion finding insistence acknowledgment acknowledgement intention intent goal desire wish
     determination decision refusal reluctance eagerness willingness contention verdict ruling agreement
     consensus""", ""),
))
# Nouns that may introduce their content as "The question is whether …", "My impression is that …".
VIEW_NOUNS = _words(
    """impression point response answer reply assumption guess sense feeling bet thinking belief argument
    question view position hope fear concern worry message goal aim"""
)
# Nouns for what is said, as the objects of light verbs ("offered an apology", "raised concerns").
SPEECH_NOUNS = _words(
    """case argument point comment remark statement announcement suggestion claim pitch promise pledge vow
    warning speech address assessment appraisal criticism praise apology defense defence endorsement rebuke
    critique analysis prediction forecast estimate proposal plan vision view opinion assurance threat appeal
    plea request demand call explanation excuse denial concession admission accusation allegation charge
    complaint objection response reply answer rebuttal retort message note reminder recommendation advice
    observation reference joke quip insult attack broadside concern doubt question reservation misgiving"""
)
# Nouns of the idioms "in favor of …", "in support of …", "in opposition to …".
IN_STANCE_NOUNS = _words("favor favour support defense defence opposition praise")
# Nouns for people by the position they hold ("a critic of …", "a supporter of …").
HOLDER_NOUNS = _words(
    """critic supporter opponent proponent advocate defender champion backer admirer skeptic sceptic detractor
    fan"""
)
VERB_CUES = (CLAUSE_VERBS | XCOMP_VERBS | INTENT_VERBS | OBJECT_VERBS | STANCE_OBJECT_VERBS | FINDING_VERBS
             | SEEM_VERBS | LIGHT_VERBS | frozenset(PREP_CUES))
# What may follow a verb's object in its phrase ("called the charges baseless", "blamed him for …").
COMPLEMENT_DEPS = _words("dobj dative oprd xcomp ccomp prep acomp attr")
TIME_ENTITIES = ("DATE", "TIME")
PRONOUNS = _words("he she they it we i who his her their its our my")

_CUE_POS = frozenset(("VERB", "AUX", "ADJ", "NOUN"))


@dataclass(frozen=True)
class CueRow:
    """One learned cue: ``lemma`` as a ``pos`` (verb, adj, noun) in ``frame`` (clause, to, object,
    passive, aside or prep:<preposition>) was a PolNeAR cue ``cue`` times of the ``seen`` times it
    stood so."""

    lemma: str
    pos: str
    frame: str
    cue: int
    seen: int


@dataclass(frozen=True)
class Lexicon:
    """The cue words by kind, as the finder reads them: the hand lists of grammar joined by the
    learned rows (:func:`lexicon_from_rows`)."""

    clause_verbs: frozenset[str] = CLAUSE_VERBS
    intent_verbs: frozenset[str] = INTENT_VERBS
    stance_object_verbs: frozenset[str] = STANCE_OBJECT_VERBS
    aside_verbs: frozenset[str] = ASIDE_VERBS
    passive_stance_verbs: frozenset[str] = PASSIVE_STANCE_VERBS
    prep_cues: dict[str, frozenset[str]] = field(default_factory=lambda: dict(PREP_CUES))
    adjective_cues: dict[str, frozenset[str]] = field(default_factory=lambda: dict(ADJECTIVE_CUES))
    eager_adjectives: frozenset[str] = EAGER_ADJECTIVES
    noun_cues: dict[str, frozenset[str]] = field(default_factory=lambda: dict(NOUN_CUES))

    @cached_property
    def verb_cues(self) -> frozenset[str]:
        return (VERB_CUES | self.clause_verbs | self.intent_verbs | self.stance_object_verbs | self.aside_verbs
                | self.passive_stance_verbs | frozenset(self.prep_cues))


def lexicon_from_rows(rows: Iterable[CueRow]) -> Lexicon:
    """The hand lists joined by the learned rows, each frame into the table of the pattern that
    reads it."""
    sets: dict[str, set[str]] = {"clause": set(), "to": set(), "object": set(), "aside": set(), "passive": set()}
    preps: dict[str, dict[str, set[str]]] = {"verb": {}, "adj": {}, "noun": {}}
    eager: set[str] = set()
    for row in rows:
        prep = row.frame.removeprefix("prep:") if row.frame.startswith("prep:") else None
        if prep is not None:
            preps[row.pos].setdefault(row.lemma, set()).add(prep)
        elif row.pos == "verb" and row.frame in sets:
            sets[row.frame].add(row.lemma)
        elif row.pos == "adj" and row.frame == "to":
            eager.add(row.lemma)
        elif row.pos in ("adj", "noun") and row.frame in ("clause", "to"):
            preps[row.pos].setdefault(row.lemma, set())  # any adjective or noun cue may take a clause

    def joined(hand: dict[str, frozenset[str]], learned: dict[str, set[str]]) -> dict[str, frozenset[str]]:
        table = dict(hand)
        for lemma, words in learned.items():
            table[lemma] = table.get(lemma, frozenset()) | frozenset(words)
        return table

    return Lexicon(
        clause_verbs=CLAUSE_VERBS | sets["clause"], intent_verbs=INTENT_VERBS | sets["to"],
        stance_object_verbs=STANCE_OBJECT_VERBS | sets["object"], aside_verbs=ASIDE_VERBS | sets["aside"],
        passive_stance_verbs=PASSIVE_STANCE_VERBS | sets["passive"], prep_cues=joined(PREP_CUES, preps["verb"]),
        adjective_cues=joined(ADJECTIVE_CUES, preps["adj"]), eager_adjectives=EAGER_ADJECTIVES | eager,
        noun_cues=joined(NOUN_CUES, preps["noun"]))


CUE_WORDS_FILE = "cue_words.tsv"


def read_rows(text: str) -> list[CueRow]:
    """The rows of a cue-words TSV (comment lines start with '#'; the first other line is the header)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = []
    for line in lines[1:]:
        lemma, pos, frame, cue, seen = line.split("\t")
        rows.append(CueRow(lemma, pos, frame, int(cue), int(seen)))
    return rows


def shipped_lexicon() -> Lexicon:
    """The hand lists joined by the cue words learned from PolNeAR train (``cue_words.tsv``)."""
    source = resources.files(__package__).joinpath(CUE_WORDS_FILE)
    return lexicon_from_rows(read_rows(source.read_text("utf-8")) if source.is_file() else ())


_active: list[Lexicon] = []


def active_lexicon() -> Lexicon:
    if not _active:
        _active.append(shipped_lexicon())
    return _active[-1]


@contextmanager
def use_lexicon(lexicon: Lexicon) -> Iterator[None]:
    """Find reported content with ``lexicon`` inside the block (cross-validation scores each fold
    with the words learned on the others)."""
    active_lexicon()
    _active.append(lexicon)
    try:
        yield
    finally:
        _active.pop()


Clip = Callable[[list[Any], int], list[Any]]


@dataclass(frozen=True)
class Reported:
    """Content reported by ``cue``: [start, end) in the text. The holder is the
    subject of ``holder`` (a verb) or else the words of ``source`` (a possessor
    or an agent); neither for "it is expected that …". ``rule`` names the
    pattern; content shorter than ``min_words`` is too little to count, and
    ``needs_holder`` content counts only with a holder."""

    cue: Any
    start: int
    end: int
    rule: str
    holder: Any | None = None
    source: Any | None = None
    min_words: int = 1
    needs_holder: bool = True


def lemma_of(token: Any) -> str:
    """The token's lemma, lower-cased; the model's lemmatiser reads "hopes" and "hoped" as "hop"."""
    lemma: str = token.lemma_.lower()
    if lemma == "hop" and token.lower_ in ("hopes", "hoped", "hoping"):
        return "hope"
    return lemma


def is_cue(token: Any, verbs: frozenset[str]) -> bool:
    return token.pos_ in ("VERB", "AUX") and lemma_of(token) in verbs


def _span_of(tokens: list[Any]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _child(token: Any, *deps: str) -> Any | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _prep_object(token: Any, preps: frozenset[str]) -> Any | None:
    """The object of the first of ``token``'s prepositions in ``preps`` ("about the economy"),
    unless it is a date or a time ("on Tuesday")."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            obj = _child(prep, "pobj", "pcomp")
            if obj is not None and obj.ent_type_ not in TIME_ENTITIES:
                return obj
    return None


class _Finder:
    """The content and holder for each kind of cue in one parsed text."""

    def __init__(self, doc: Any, clip: Clip) -> None:
        self.doc = doc
        self.clip = clip
        self.lex = active_lexicon()

    def found(self, cue: Any, first: int, last: int, rule: str, **fields: Any) -> Reported | None:
        """The content running from token ``first`` to token ``last``, kept to the cue's paragraph."""
        tokens = self.clip(list(self.doc[first : last + 1]), cue.idx)
        if not tokens:
            return None
        return Reported(cue, *_span_of(tokens), rule, **fields)

    def phrase(self, cue: Any, head: Any, rule: str, **fields: Any) -> Reported | None:
        return self.found(cue, head.left_edge.i, head.right_edge.i, rule, **fields)

    # -- verbs ---------------------------------------------------------------
    def verb(self, verb: Any) -> Reported | None:
        """'Peskov said that …', 'urged them to …', 'plans to …', 'dismissed allegations
        that …', 'The economy is strong, Trump said', 'cited the remarks', 'spoke about …'."""
        lemma = lemma_of(verb)
        if _asked_or_bidden(verb):
            return None
        if _child(verb, "auxpass") is not None and _child(verb, "nsubj") is None:
            return self.passive(verb)
        if lemma in SEEM_VERBS:
            return self.seeming(verb)
        clause = _clause_of(verb) if lemma in self.lex.clause_verbs else None
        if clause is not None and clause.i < verb.i and lemma not in CUE_VERBS:
            clause = None  # "…, a press conference will conclude": only what is said comes first
        if clause is not None:
            return self.phrase(verb, clause, "clause", holder=verb, min_words=2,
                               needs_holder=lemma not in SPEECH_VERBS - STANCE_VERBS)
        xcomp = _child(verb, "xcomp") if lemma in XCOMP_VERBS | self.lex.intent_verbs else None
        if xcomp is not None:
            # "urged supporters to vote": the addressee is part of the message.
            obj = _child(verb, "dobj")
            first = obj.left_edge.i if obj is not None and obj.i < xcomp.i else xcomp.left_edge.i
            return self.found(verb, first, xcomp.right_edge.i, "intent", holder=verb, min_words=2,
                              needs_holder=lemma not in XCOMP_VERBS)
        obj = _child(verb, "dobj")
        clause = _child(obj, "acl", "ccomp", "relcl") if obj is not None and lemma in CUE_VERBS else None
        if clause is not None:  # "dismissed allegations that …"
            return self.phrase(verb, clause, "clause", holder=verb, min_words=3, needs_holder=lemma in STANCE_VERBS)
        if lemma in self.lex.aside_verbs:
            aside = self.aside(verb)
            if aside is not None:
                return aside
        if lemma in OBJECT_VERBS | self.lex.stance_object_verbs | FINDING_VERBS:
            found = self.object(verb)
            if found is not None:
                return found
        if lemma in LIGHT_VERBS:
            obj = _child(verb, "dobj")
            if obj is not None and lemma_of(obj) in SPEECH_NOUNS:  # "offered an assessment of …"
                return self.found(verb, obj.left_edge.i, self.complements_end(verb, obj), "object", holder=verb,
                                  min_words=2)
        obj = _prep_object(verb, self.lex.prep_cues[lemma]) if lemma in self.lex.prep_cues else None
        if obj is None:
            return None
        return self.phrase(verb, obj, "prep", holder=verb, min_words=1 if obj.pos_ == "PROPN" else 2)

    def seeming(self, verb: Any) -> Reported | None:
        """'Twitter appears to be heavily used', 'He seems to think …'."""
        xcomp = _child(verb, "xcomp")
        if xcomp is None or xcomp.i < verb.i or not any(c.lower_ == "to" for c in xcomp.children):
            return None
        subject = _child(verb, "nsubj")
        first = subject.left_edge.i if subject is not None and subject.lower_ != "it" else xcomp.left_edge.i
        return self.found(verb, first, xcomp.right_edge.i, "seem", min_words=3, needs_holder=False)

    def aside(self, verb: Any) -> Reported | None:
        """'The economy is strong, Trump said' and '…, as Trump noted, …': the content
        is the rest of the clause the cue is set into."""
        marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
        aside = verb.dep_ == "parataxis" or (verb.dep_ == "advcl" and marks <= {"as"} and verb.tag_ != "VBG") or (
            verb.dep_ == "ccomp" and not is_cue(verb.head, CUE_VERBS))
        if not aside or verb.head.i == verb.i:
            return None
        if any(c.dep_ in ("dobj", "ccomp", "xcomp", "oprd", "attr") for c in verb.children) or _prep_object(
                verb, self.lex.prep_cues.get(lemma_of(verb), OBJECT_PREPS)) is not None:
            return None  # "as she called for …": the verb has content of its own
        head_tokens = self.clip(list(verb.head.subtree), verb.idx)
        own = {t.i for t in verb.subtree}
        rest = [t for t in head_tokens if t.i not in own]
        before = [t for t in rest if t.i < verb.i]
        after = [t for t in rest if t.i > verb.i]
        side = before if len(before) >= len(after) else after
        if not side:
            return None
        return self.found(verb, side[0].i, side[-1].i, "aside", holder=verb, min_words=3, needs_holder=False)

    def object(self, verb: Any) -> Reported | None:
        """'cited the remarks', 'called the charges baseless', 'called for a recount'."""
        lemma = lemma_of(verb)
        core = lemma in OBJECT_VERBS  # speech verbs: what was said counts even with no one named
        needs_holder = not core or lemma in STANCE_VERBS
        obj = _child(verb, "dobj")
        if obj is not None:
            end = self.complements_end(verb, obj)
            if lemma in COMPLEMENT_VERBS and end == obj.right_edge.i:
                return None  # "called the mayor": a person, not a message
            # One word is enough for a name ("backed Clinton") but not for "it" or "this".
            short = 1 if core or (obj.pos_ == "PROPN" and end == obj.right_edge.i) else 2
            return self.found(verb, obj.left_edge.i, end, "object", holder=verb, min_words=short,
                              needs_holder=needs_holder)
        obj = _prep_object(verb, OBJECT_PREPS) if core else None
        return self.phrase(verb, obj, "prep", holder=verb, needs_holder=needs_holder) if obj is not None else None

    def complements_end(self, verb: Any, first: Any) -> int:
        """The last token of the verb phrase's complements from ``first`` on ("the charges
        baseless", "her opponent as a fraud", "him for not paying taxes")."""
        end: int = first.right_edge.i
        for child in verb.children:
            if child.i <= first.i or child.dep_ == "cc":
                continue
            if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN"):
                end = child.right_edge.i  # "called the citation and the demand a ploy"
                continue
            if child.dep_ not in COMPLEMENT_DEPS or child.ent_type_ in TIME_ENTITIES:
                break
            if child.dep_ == "prep" and any(c.ent_type_ in TIME_ENTITIES for c in child.children):
                break
            end = child.right_edge.i
        return end

    def passive(self, verb: Any) -> Reported | None:
        """'It was reported that …', 'The veto is expected to come …', 'He was accused of …':
        the holder is the agent ('by …'), if named."""
        lemma = lemma_of(verb)
        if verb.lower_ in self.lex.adjective_cues or verb.lower_ in self.lex.eager_adjectives:
            return self.feeling(verb)
        agent = _child(verb, "agent")
        source = _child(agent, "pobj") if agent is not None else None
        clause = _child(verb, "ccomp")
        if clause is not None and lemma in self.lex.clause_verbs:
            return self.phrase(verb, clause, "passive", source=source, min_words=2, needs_holder=False)
        subject = _child(verb, "nsubjpass")
        if subject is None or subject.lower_ == "it":
            return None
        xcomp = _child(verb, "xcomp")
        if xcomp is not None and lemma in RAISING_VERBS:
            return self.found(verb, subject.left_edge.i, xcomp.right_edge.i, "passive", source=source,
                              min_words=3, needs_holder=False)
        if lemma in self.lex.passive_stance_verbs and subject.lower_ not in ("who", "that", "which"):
            complements = [c for c in verb.children if c.i > verb.i and c.dep_ in ("prep", "oprd", "xcomp", "attr")]
            if lemma in COMPLEMENT_VERBS and not complements:
                return None
            end = max((c.right_edge.i for c in complements), default=subject.right_edge.i)
            return self.found(verb, subject.left_edge.i, end, "passive", source=source, needs_holder=False)
        return None

    # -- adjectives and nouns -----------------------------------------------
    def adjective(self, adj: Any) -> Reported | None:
        """'critical of the plan', 'worried that …', 'eager to …': the holder is the subject
        of the copula."""
        if adj.tag_ == "VBN" and _child(adj, "auxpass") is not None:
            return self.feeling(adj)
        if adj.dep_ != "acomp":
            return None
        cues = self.lex.adjective_cues
        lemma = adj.lower_ if adj.lower_ in cues or adj.lower_ in self.lex.eager_adjectives else lemma_of(adj)
        obj = _prep_object(adj, self.lex.adjective_cues.get(lemma, frozenset()))
        if obj is not None:
            return self.phrase(adj, obj, "adjective", holder=adj.head)
        clause = next((c for c in adj.children
                       if c.dep_ == "ccomp" or (c.dep_ == "xcomp" and lemma in self.lex.eager_adjectives)), None)
        if clause is None:  # "She was adamant that …": the clause may hang off the copula
            clause = next((c for c in adj.head.children if c.dep_ == "ccomp" and c.i > adj.i and _introduced(c)), None)
        return self.phrase(adj, clause, "adjective", holder=adj.head, min_words=2) if clause is not None else None

    def feeling(self, participle: Any) -> Reported | None:
        """'Protesters were frustrated that …', 'She is convinced of …': a participle read as
        an adjective of attitude; the holder is its subject."""
        obj = _prep_object(participle, self.lex.adjective_cues.get(participle.lower_, frozenset()))
        clause = obj if obj is not None else next(
            (c for c in participle.children if c.dep_ == "ccomp" and c.i > participle.i and _introduced(c)), None)
        return self.phrase(participle, clause, "adjective", holder=participle, min_words=2) if clause else None

    def noun(self, noun: Any) -> Reported | None:
        """'his claim that …', 'her decision to …', 'calls for …', 'his view is that …';
        the holder is the possessor, the agent ('by …', 'from …') or the subject of the
        verb the noun is the object of ('voiced support for …')."""
        content = next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and _introduced(c)), None)
        after_in = noun.dep_ == "pobj" and noun.head.lower_ == "in"
        if content is None and noun.i + 1 < len(self.doc) and self.doc[noun.i + 1].head.i == noun.i:
            # "in favor of …" states a position; "in response to …" only links two events.
            if after_in:
                preps = _words("of to") if lemma_of(noun) in IN_STANCE_NOUNS else frozenset()
            else:
                preps = self.lex.noun_cues.get(lemma_of(noun), frozenset())
            content = _prep_object(noun, preps)
            if content is not None and content.head.i != noun.i + 1:
                content = None  # only a preposition right after the noun: "the call for …"
        if content is None and noun.dep_ == "nsubj" and noun.head.lemma_ == "be" and lemma_of(noun) in VIEW_NOUNS:
            # "His view is that …"
            content = next((c for c in noun.head.children if c.dep_ == "ccomp" and _introduced(c)), None)
        if content is None:
            return None
        holder = self.noun_holder(noun)
        if not holder and any(c.dep_ == "mark" and c.lower_ in ("that", "whether") for c in content.children):
            # "growing concerns that …": a stated view, even with no one named to hold it.
            return self.phrase(noun, content, "noun", min_words=3, needs_holder=False)
        return self.phrase(noun, content, "noun", **holder, min_words=2)

    def noun_holder(self, noun: Any) -> dict[str, Any]:
        """Where a noun cue's holder is named: {"holder": verb} or {"source": token}, or {}."""
        if noun.dep_ == "pobj" and noun.head.lower_ == "in" and noun.head.head.pos_ in ("VERB", "AUX"):
            return {"holder": noun.head.head}  # "voted in favor of …"
        source = _child(noun, "poss")
        if source is None:
            agent = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
            source = _child(agent, "pobj") if agent is not None else None
        if source is not None:
            return {"source": source}
        if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
            return {"holder": noun.head}
        return {}

    def holder_noun(self, noun: Any) -> Reported | None:
        """'Graham is a critic of the deal', 'Graham, a supporter of the deal, …'."""
        obj = _prep_object(noun, frozenset(("of",)))
        if obj is None:
            return None
        if noun.dep_ == "attr" and noun.head.lemma_ == "be":
            return self.phrase(noun, obj, "noun", holder=noun.head)
        if noun.dep_ == "appos":
            return self.phrase(noun, obj, "noun", source=noun.head)
        return None


def _asked_or_bidden(verb: Any) -> bool:
    """A question ("Do you think …?") or a command ("Tell us …"): nothing is reported."""
    subject = _child(verb, "nsubj")
    if subject is None:
        return verb.dep_ == "ROOT" and verb.tag_ == "VB" and _child(verb, "aux", "auxpass") is None
    if not any(c.dep_ == "aux" and c.i < subject.i for c in verb.children):
        return False
    words = [t for t in verb.sent if not t.is_space]
    return bool(words) and words[-1].text == "?"


def _clause_of(verb: Any) -> Any | None:
    """The verb's clausal complement; of several, the first after the verb that 'that'
    opens, else the first after the verb."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if len(clauses) > 1:
        marked = [c for c in clauses if c.i > verb.i and any(m.dep_ == "mark" for m in c.children)]
        after = [c for c in clauses if c.i > verb.i]
        clauses = marked or after or clauses
    return clauses[0] if clauses else None


def _introduced(clause: Any) -> bool:
    """A clause opened by 'that', 'whether' or 'if', or an infinitive ('to …')."""
    return any((c.dep_ == "mark" and c.lower_ in ("that", "whether", "if"))
               or (c.dep_ == "aux" and c.lower_ == "to" and c.i < clause.i) for c in clause.children)


def find_reported(doc: Any, clip: Clip) -> Iterator[Reported]:
    """Every cue in ``doc`` with the content it reports, in text order. ``clip`` keeps
    a list of tokens to those in the paragraph of the offset it is given."""
    finder = _Finder(doc, clip)
    for token in doc:
        pos = token.pos_
        if pos not in _CUE_POS:
            continue
        found = None
        lemma = lemma_of(token)
        if pos in ("VERB", "AUX") and lemma in finder.lex.verb_cues:
            found = finder.verb(token)
        if found is None and (token.lower_ in finder.lex.adjective_cues or token.lower_ in finder.lex.eager_adjectives
                              or lemma in finder.lex.adjective_cues):
            found = finder.adjective(token)
        if found is None and pos == "NOUN":
            if lemma in finder.lex.noun_cues or lemma in VIEW_NOUNS or lemma in IN_STANCE_NOUNS:
                found = finder.noun(token)
            elif lemma in HOLDER_NOUNS:
                found = finder.holder_noun(token)
        if found is not None:
            yield found
