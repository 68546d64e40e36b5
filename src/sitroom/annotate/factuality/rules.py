"""Factuality over the dependency parse: local cues on the predicate, then what its governor passes down.

A predicate's value is read in two steps. Its own dependents (and its subject's) may negate it ("not",
"no", "neither ... nor"), weaken it ("may", "likely", "reportedly"), put it ahead ("will", "to") or
leave it open ("if", "whether"). Then, when it is the complement of another word, that word's value
comes down: through a cue's signature ("failed to take": the governor is positive, so the taking is
negative; "did not fail to take": positive), or unchanged through a plain infinitive ("did not go on
to take"); a direct object keeps its own polarity and time unless a light verb makes it the event
("did not launch an offensive"). A reported clause ("said that ...") keeps its own value: the
speaker's, not the outlet's. The cues and their effects are data: ``sitroom/data/factuality.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from sitroom.annotate.factuality.lexicon import Cue, CueTable
from sitroom.records import Certainty, Factuality, Polarity

CERTAINTY_RANK: dict[Certainty, int] = {"CERTAIN": 3, "PROBABLE": 2, "POSSIBLE": 1, "UNDERSPECIFIED": 0}
# Dependents of a predicate that may be cues on it; a subject's, for negated holders ("no one", "neither").
MODIFIER_DEPS = frozenset(
    {"neg", "aux", "auxpass", "advmod", "amod", "acl", "det", "mark", "npadvmod", "acomp"}
)
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl"})
SUBJECT_MODIFIER_DEPS = frozenset({"det", "preconj", "neg"})
# Complements a governor cue reaches: infinitives ("failed to take"), and finite clauses ("denied that
# ...") for the cues that take them.
INFINITIVAL = frozenset({"xcomp", "acl"})
FINITE = frozenset({"ccomp", "csubj"})
# "compound": the noun before a cue noun names what it is about ("a RESCUE plan", "an ASSAULT attempt").
OBJECTS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "compound"})
# Edges through which a governor that is no cue passes its own value down unchanged.
PLAIN = frozenset({"xcomp", "acl", "dobj", "attr", "acomp", "oprd"})
# Edges through which only a governor's future passes: an event noun as subject ("the attack will
# begin"), a prepositional object ("will be used for the design"), a temporal clause ("will step down
# when the proceedings are finalized").
TIME_ONLY = frozenset({"nsubj", "nsubjpass", "advcl", "prep"})
NON_FINITE_TAGS = frozenset({"VB", "VBG", "VBN"})
# Edges of a noun's "that" clause: the parse tells "the claims that the town fell" as any of these,
# a relative clause too; its "that" tagged a complementizer (IN, not WDT) tells the content clause.
CONTENT = frozenset({"acl", "ccomp", "relcl"})


@dataclass(slots=True)
class _Found:
    """The token and class of a cue, and the scope (token range) it governs."""

    token: Token
    cue_class: str
    scope: tuple[int, int]


@dataclass(slots=True)
class _Value:
    polarity: Polarity = "POS"
    certainty: Certainty = "CERTAIN"
    future: bool = False
    polarity_cue: _Found | None = None
    certainty_cue: _Found | None = None
    time_cue: _Found | None = None

    def weaken(self, certainty: Certainty | None, found: _Found | None) -> None:
        if certainty is not None and CERTAINTY_RANK[certainty] < CERTAINTY_RANK[self.certainty]:
            self.certainty, self.certainty_cue = certainty, found

    def negate(self, found: _Found | None) -> None:
        if self.polarity != "UNDERSPECIFIED":
            self.polarity = "NEG" if self.polarity == "POS" else "POS"
            self.polarity_cue = found if self.polarity == "NEG" else None

    def leave_open(self, found: _Found | None) -> None:
        self.polarity, self.polarity_cue = "UNDERSPECIFIED", found

    def put_ahead(self, found: _Found | None) -> None:
        if not self.future:
            self.future, self.time_cue = True, found


class FactualityReader:
    """Reads the factuality of the predicates of one Doc, each once (a governor's value is reused)."""

    def __init__(self, table: CueTable, doc: Doc):
        self.table = table
        # Each token's dependents, in one pass: spaCy's Token.children scans the whole subtree.
        self._children: dict[int, list[Token]] = {}
        for token in doc:
            if token.head.i != token.i:
                self._children.setdefault(token.head.i, []).append(token)
        self._values: dict[int, _Value] = {}
        self._first_conjuncts: dict[int, Token] = {}
        self._governor_cues: dict[int, Cue | None] = {}

    def factuality(self, token: Token) -> Factuality:
        self._read_ancestors(token)
        value = self._value(token)
        found = value.polarity_cue or value.certainty_cue or value.time_cue
        if found is None:
            return Factuality(value.polarity, value.certainty, "FUTURE" if value.future else "NON_FUTURE")
        doc = token.doc
        return Factuality(
            polarity=value.polarity,
            certainty=value.certainty,
            time="FUTURE" if value.future else "NON_FUTURE",
            cue=found.token.text,
            cue_class=found.cue_class,
            cue_start=found.token.idx,
            cue_end=found.token.idx + len(found.token.text),
            scope_start=doc[found.scope[0]].idx,
            scope_end=doc[found.scope[1] - 1].idx + len(doc[found.scope[1] - 1].text),
        )

    def _read_ancestors(self, token: Token) -> None:
        """Read the governors first, from the top: a reading then never recurses deeper than a step,
        however long the sentence (a 50,000-word quote is one)."""
        chain: list[Token] = []
        current = token
        while current.i not in self._values and len(chain) < len(token.doc):
            chain.append(current)
            if current.head.i == current.i:
                break
            current = current.head
        for ancestor in reversed(chain[1:]):
            self._value(ancestor)

    def _value(self, token: Token) -> _Value:
        if token.i in self._values:
            return self._values[token.i]
        self._values[token.i] = _Value()  # a parse cycle, should one occur, reads as a plain assertion
        value = self._local(token)
        self._inherit(value, token)
        self._values[token.i] = value
        return value

    # ------------------------------------------------------------------------------------- local cues

    def _local(self, token: Token) -> _Value:
        value = _Value()
        scope = (token.left_edge.i, token.right_edge.i + 1)
        negated = False
        for cue_token in self._modifier_candidates(token):
            if cue_token.lower_ == "to" and cue_token.dep_ != "aux":
                continue
            cue = self.table.find("modifier", cue_token.lower_, cue_token.lemma_.lower())
            if cue is None:
                continue
            found = _Found(cue_token, cue.cue_class, scope)
            polarity = cue.polarity or (cue.signature[0] if cue.signature else None)
            if polarity == "NEG" and self._is_focused(cue_token):
                continue  # "not only X but also Y": the negation is the particle's, not the predicate's
            if polarity == "NEG" and not negated:
                negated = True  # "neither ... nor" and "no one ... never" negate once
                value.negate(found)
            elif polarity == "UNDERSPECIFIED":
                value.leave_open(found)
            value.weaken(cue.certainty, found)
            if cue.time == "FUTURE":
                value.put_ahead(found)
        return value

    # ---------------------------------------------------------------------------------- inheritance

    def _inherit(self, value: _Value, token: Token) -> None:
        edge, governor, clause = token.dep_, token.head, token
        if governor.i == token.i:
            return
        if edge == "conj":
            # The governor, read before (see _read_ancestors), knows its own first conjunct.
            first = self._first_conjuncts.get(governor.i, governor)
            self._first_conjuncts[token.i] = first
            if self._shares_clause(token):
                self._pass_down(value, self._value(governor))
                return
            # Its own clause, under its first conjunct's governor.
            edge, governor, clause = first.dep_, first.head, first
            if governor.i == first.i:
                return
        if edge in CONTENT and self._judged_content(value, token, clause, governor):
            return
        if edge in {"pobj", "pcomp"} and governor.dep_ == "prep":
            self._through_preposition(value, token, governor)
            return
        if edge == "csubj" and self._subject_of_intention(value, token, governor):
            return
        if edge in {"nsubj", "nsubjpass"} and clause.pos_ == "NOUN":
            self._raised_subject(value, token, governor)
        if edge in TIME_ONLY and not (edge.startswith("nsubj") and clause.pos_ != "NOUN"):
            self._pass_time(value, governor)
        # A participle modifying a noun ("the agreement reached in 1991", "the plan, called ...") is a
        # reduced relative clause, not the noun's complement: it keeps its own time.
        participle = edge == "acl" and not self._is_infinitive(clause)
        cue = self._governor_cue(governor)
        reaches = cue is not None and (
            (edge in INFINITIVAL and not participle)
            # "fell 3% to end the day": an infinitive of result, for a cue that only passes its time on
            or (edge == "advcl" and cue.time_only and self._is_infinitive(clause))
            or (edge in OBJECTS and cue.objects)
            or (edge in FINITE and cue.clauses)
        )
        if cue is not None and reaches:
            self._apply_governor(value, token, governor, cue)
        elif participle:
            self._pass_down(value, self._value(governor), whole=False)
        elif edge in PLAIN or (edge == "advcl" and self._is_infinitive(clause)):
            whole = edge not in OBJECTS
            self._pass_down(value, self._value(governor), whole=whole)
            if not whole and token.pos_ == "NOUN":
                # An event noun as object happens when its verb does ("will sign a deal", "to file a
                # lawsuit"); an entity ("the jobs a plan will cut") is no event and is not read.
                self._pass_time(value, governor)
        if token.tag_ == "VBD" and value.time_cue is not None and value.time_cue.token.head.i != token.i:
            # A verb in the simple past tells a past event whatever governs it ("want to know what
            # happened"); only its own cue ("if it fell") puts it ahead.
            value.future, value.time_cue = False, None

    def _subject_of_intention(self, value: _Value, token: Token, copula: Token) -> bool:
        """An act that is the subject of "be" whose noun is an intention cue ("capturing Kharkiv was not
        part of the plan", "taking the city is the goal") is the intention's complement: ahead, and
        negated with the copula."""
        if copula.lemma_.lower() != "be":
            return False
        for noun in (c for c in self.children(copula) if c.dep_ == "attr"):
            for word in (
                noun,
                *(o for p in self.children(noun) if p.lower_ == "of" for o in self.children(p)),
            ):
                cue = self._governor_cue(word)
                if cue is not None and cue.cue_class == "intention":
                    above = self._value(copula)
                    self._compose_polarity(value, above.polarity, above.polarity_cue)
                    value.put_ahead(_Found(word, cue.cue_class, (token.left_edge.i, token.right_edge.i + 1)))
                    return True
        return False

    def _judged_content(self, value: _Value, token: Token, clause: Token, noun: Token) -> bool:
        """The "that" clause of a content noun judged false ("claims that 50 soldiers were killed are
        false", "denied reports that the town fell") takes the judgement's signature: the claim was
        made, what it says did not happen. A noun no one judges says nothing of its content."""
        if not any(c.lower_ == "that" and c.tag_ == "IN" for c in self.children(clause)):
            return False  # a relative clause ("the reports that reached Kyiv") tells no content
        if self.table.find("content", noun.lower_, noun.lemma_.lower()) is None:
            return False
        judged = self._judgement(noun)
        if judged is None:
            return False
        word, cue, holder = judged
        above = self._value(holder)
        if cue.signature is not None:
            positive, negative = cue.signature
            passed: Polarity = {"POS": positive, "NEG": negative}.get(above.polarity, "UNDERSPECIFIED")
            found = _Found(word, cue.cue_class, (token.left_edge.i, token.right_edge.i + 1))
            self._compose_polarity(value, passed, found)
        value.weaken(above.certainty, above.certainty_cue)
        return True

    def _judgement(self, noun: Token) -> tuple[Token, Cue, Token] | None:
        """The word judging a content noun, its cue, and the word whose value the judgement has: an
        adjective ("false claims"), a verb taking the noun as object or passive subject ("denied the
        reports", "the claims were fabricated"), or the predicate of its copula ("the claims are
        untrue", "the report is a fabrication", the copula's value: "are not untrue")."""
        for adjective in (c for c in self.children(noun) if c.dep_ == "amod"):
            cue = self.table.find("judgement", adjective.lower_, adjective.lemma_.lower())
            if cue is not None:
                return adjective, cue, adjective
        head = noun.head
        if head.i == noun.i:
            return None
        if noun.dep_ in {"dobj", "nsubjpass"}:
            cue = self.table.find("judgement", head.lower_, head.lemma_.lower())
            if cue is not None:
                return head, cue, head
        if noun.dep_ == "nsubj" and head.lemma_.lower() == "be":
            for predicate in (c for c in self.children(head) if c.dep_ in {"acomp", "attr"}):
                cue = self.table.find("judgement", predicate.lower_, predicate.lemma_.lower())
                if cue is not None:
                    return predicate, cue, head
        return None

    def _raised_subject(self, value: _Value, token: Token, governor: Token) -> None:
        """An event noun that is the subject of a raising cue with its infinitive ("the trial is set
        to begin", "the offensive is expected to start", "the talks are due to resume") is what the
        cue puts ahead: the cue's complement, as its infinitive is. The cue may be the predicate
        adjective of "be" ("due")."""
        candidates = [governor]
        if governor.lemma_.lower() == "be":
            candidates += [c for c in self.children(governor) if c.dep_ == "acomp"]
        for candidate in candidates:
            cue = self._governor_cue(candidate)
            if cue is not None and cue.subjects:
                infinitives = [c for c in self.children(candidate) if c.dep_ == "xcomp"]
                if any(self._is_infinitive(c) for c in infinitives):
                    self._apply_governor(value, token, candidate, cue)
                    return

    def _through_preposition(self, value: _Value, token: Token, preposition: Token) -> None:
        cue = self.table.find("preposition", preposition.lower_)
        if cue is not None:
            found = _Found(preposition, cue.cue_class, (token.left_edge.i, token.right_edge.i + 1))
            if cue.polarity == "NEG":
                value.negate(found)
            return
        governor = preposition.head
        if governor.i == preposition.i:
            return
        cue = self._governor_cue(governor)
        if cue is not None and preposition.lower_ in cue.preps:
            self._apply_governor(value, token, governor, cue)
        elif preposition.dep_ in TIME_ONLY:
            self._pass_time(value, governor)

    def _governor_cue(self, governor: Token) -> Cue | None:
        if governor.i not in self._governor_cues:  # once per word: a governor may have many complements
            # The parse tells a particle as "prt" or, as often, "advmod" ("pushed back the evacuation").
            particles = [c.lower_ for c in self.children(governor) if c.dep_ in {"prt", "advmod"}]
            lemma = governor.lemma_.lower()
            phrasal = [f"{lemma} {p}" for p in particles]
            self._governor_cues[governor.i] = self.table.find("governor", *phrasal, governor.lower_, lemma)
        return self._governor_cues[governor.i]

    def _apply_governor(self, value: _Value, token: Token, governor: Token, cue: Cue) -> None:
        above = self._value(governor)
        found = _Found(governor, cue.cue_class, (token.left_edge.i, token.right_edge.i + 1))
        if cue.signature is not None:
            positive, negative = cue.signature
            passed: Polarity = {"POS": positive, "NEG": negative}.get(above.polarity, "UNDERSPECIFIED")
            polarity_cue = found if passed != "POS" or above.polarity != "POS" else None
            self._compose_polarity(value, passed, polarity_cue)
        else:
            self._compose_polarity(value, above.polarity, above.polarity_cue)
        value.weaken(above.certainty, above.certainty_cue)
        value.weaken(cue.certainty, found)
        if cue.time == "governor":
            if value.time_cue is None or value.time_cue.cue_class == "infinitive":
                value.future, value.time_cue = above.future, above.time_cue
        elif cue.time == "FUTURE":
            value.put_ahead(found)
        elif above.future:
            value.put_ahead(above.time_cue)

    def _pass_down(self, value: _Value, above: _Value, whole: bool = True) -> None:
        """The governor's value; an object (``whole`` False) takes only its certainty and keeps its own
        polarity and time: the jobs a plan will cut exist now, the record the index nearly broke too.
        (An event noun under a light verb, "did not launch an offensive", is a cue's: see the table.)"""
        if whole:
            self._compose_polarity(value, above.polarity, above.polarity_cue)
            if above.future:
                value.put_ahead(above.time_cue)
        value.weaken(above.certainty, above.certainty_cue)

    def _pass_time(self, value: _Value, governor: Token) -> None:
        above = self._value(governor)
        if above.future:
            value.put_ahead(above.time_cue)

    @staticmethod
    def _compose_polarity(value: _Value, passed: Polarity, found: _Found | None) -> None:
        if passed == "UNDERSPECIFIED":
            value.leave_open(found)
        elif passed == "NEG":
            value.negate(found)

    # ------------------------------------------------------------------------------------ the parse

    def children(self, token: Token) -> list[Token]:
        return self._children.get(token.i, [])

    def _modifier_candidates(self, token: Token) -> list[Token]:
        candidates = [c for c in self.children(token) if c.dep_ in MODIFIER_DEPS]
        for subject in (c for c in self.children(token) if c.dep_ in SUBJECT_DEPS):
            candidates.append(subject)  # "nobody", "nothing", "none"
            candidates.extend(c for c in self.children(subject) if c.dep_ in SUBJECT_MODIFIER_DEPS)
        return candidates

    def _shares_clause(self, token: Token) -> bool:
        """A conjunct without a subject of its own and not finite shares its first conjunct's
        auxiliaries."""
        if any(c.dep_ in SUBJECT_DEPS for c in self.children(token)):
            return False
        return token.pos_ != "VERB" or token.tag_ in NON_FINITE_TAGS

    def _is_focused(self, negation: Token) -> bool:
        """Whether a focus particle follows the negation ("not only", "not just")."""
        following = negation.nbor(1) if negation.i + 1 < len(negation.doc) else None
        if following is None:
            return False
        cue = self.table.find("modifier", following.lower_)
        return cue is not None and cue.cue_class == "focus"

    def _is_infinitive(self, token: Token) -> bool:
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in self.children(token))
