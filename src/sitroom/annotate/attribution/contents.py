"""What a verb cue reports, read from the parse: its clausal complement, its object or topic, the
predicate of "What X said was ...", the antecedent of a relative pronoun, the sentence around a
parenthetical cue, or the clause an appended cue closes. Quotes come in only to bound these spans."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from sitroom.annotate.attribution.lexicon import LEXICON
from sitroom.annotate.attribution.quote_index import QuoteIndex
from sitroom.annotate.attribution.spans import (
    MAX_GAP,
    SENTENCE_ENDS,
    Chars,
    as_start,
    chars,
    trailing_modifiers,
    trimmed,
    trimmed_subtree,
)
from sitroom.annotate.syntax import SUBJECTS, prepositional_object, prepositional_objects

_CLOSING_MARKS = frozenset({'"', "”", "''", "»", "’"})
_MAX_SPINE = 12  # tokens walked down the right edge of a clause looking for an aside at its end


def complement(doc: Doc, verb: Token, lemma: str, source: Span | None, quotes: QuoteIndex) -> Chars | None:
    """The clause the cue reports ("said (that) ...", "urged Kyiv to negotiate", "A, but B, another source
    said"), without a second cue's content or an aside at its end, through a colon at its end; else
    a that-clause the parser hung on a noun after the cue."""
    first = source.start if source is not None and source.start < verb.i else verb.i
    line_end = quotes.line_end(verb.i)
    for child in verb.children:
        if child.i >= line_end and quotes.containing(child.idx) is None:
            continue  # a headline run into the paragraph below: that paragraph is not what it says
        if _is_complement(verb, child, lemma):
            start, end = child.left_edge.i, child.right_edge.i + 1
            objects = [o for o in verb.children if o.dep_ in {"dobj", "dative"} and o.i < child.i]
            objects += [  # "called on allies to send ...": the addressee, then what
                named
                for o in verb.children
                if o.dep_ == "prep" and o.lower_ == "on" and o.i == verb.i + 1 and o.i < child.i
                for named in prepositional_objects(o)
            ]
            if child.dep_ == "xcomp" and objects and lemma != "tell":
                start = min(start, objects[0].left_edge.i)  # "urged Kyiv to negotiate": who, then what
            if child.i < verb.i:
                # "A, but B, another source said": all of the sentence before the cue is what was said,
                # also a last word the parser hung on the source ("have liberated Urozhaine, Deputy
                # Defence Minister Hanna Maliar said").
                start = max(min(start, verb.sent.start), quotes.sentence_start(verb))
                end = first
            else:
                coordinated = _with_coordinated(verb, child, end)
                end = coordinated if coordinated > end else _without_aside(child, end, relative=False)
            for clause in child.rights:
                # "... promised to help and said she would stay", "..., arguing that ...": the second
                # cue has its own content.
                if (clause.dep_ == "conj" and is_speech_verb(clause)) or (
                    clause.dep_ == "advcl" and _is_own_cue(clause)
                ):
                    end = min(end, clause.left_edge.i)
                    while end > start and doc[end - 1].dep_ in {"cc", "mark"}:
                        end -= 1
            span = trimmed(doc, start, end)
            if span is not None and child.i > verb.i:
                span = _through_colon(doc, span, quotes)
            if span is not None:
                return chars(doc, span)
    return _that_clause_after(doc, verb)


def _that_clause_after(doc: Doc, verb: Token) -> Chars | None:
    """ "told a meeting of leaders that few people understood ...", "reported at the time that ...": a
    that-clause the parser hung on the noun before it, read as the cue's complement. "that" is its
    complementiser, not a relative pronoun: the clause has a subject of its own and "that" fills no
    gap in it ("the report that he wrote" is no such clause)."""
    for token in doc[verb.i + 1 : min(verb.right_edge.i + 1, verb.i + MAX_GAP)]:
        if token.pos_ == "VERB" or token.text in SENTENCE_ENDS:
            return None
        clause = token.head
        if token.lower_ != "that" or token.dep_ not in {"mark", "advmod"} or clause.i <= token.i:
            continue
        if clause.dep_ in {"relcl", "advcl"} and any(c.dep_ == "nsubj" for c in clause.children):
            span = trimmed(doc, token.i, clause.right_edge.i + 1)
            return chars(doc, span) if span is not None else None
    return None


def _through_colon(doc: Doc, span: Span, quotes: QuoteIndex) -> Span:
    """ "said she has the quality for the job: “Steadiness ...”": what a colon at the end of a reported
    clause introduces is reported too, to the end of its sentence on the same line."""
    colon = span.end
    if colon + 1 >= len(doc) or doc[colon].text != ":":
        return span
    end = min(doc[colon + 1].sent.end, quotes.line_end(colon + 1))
    return trimmed(doc, span.start, end) or span


def _is_complement(verb: Token, child: Token, lemma: str) -> bool:
    """The clause the cue reports: its clausal complement, an infinitive of a cue that takes one
    ("urged Kyiv to negotiate"), or a clause with its own subject that the parser took for an adverbial,
    after the cue ("said after the convention he would not accept") or closed by a comma before it
    ("As a result of the strike, 600 servicemen were destroyed, the ministry said")."""
    if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and lemma in LEXICON.infinitive_cues):
        return True
    if child.dep_ != "advcl" or lemma in LEXICON.needs_clause:
        return False
    if any(c.dep_ in {"mark", "advmod"} and c.i < child.i for c in child.children):
        return False  # "When the troops arrived, ...", "as": a clause of time or manner
    if child.i > verb.i:
        return any(c.dep_ == "nsubj" for c in child.children)
    after = child.right_edge.i + 1
    return (
        any(c.dep_ in {"nsubj", "nsubjpass"} for c in child.children)
        and after < verb.i
        and verb.doc[after].text == ","
    )


def is_speech_verb(token: Token) -> bool:
    return token.pos_ == "VERB" and token.lemma_.lower() in LEXICON.speech_verbs


def _is_own_cue(token: Token) -> bool:
    """A speech verb that says something of its own: with its own subject, or a participle sharing the
    cue's ("..., arguing that ..."); not one in the passive ("if it were offered")."""
    subjects = {child.dep_ for child in token.children} & SUBJECTS
    return is_speech_verb(token) and (subjects == {"nsubj"} or (not subjects and token.tag_ == "VBG"))


def _with_coordinated(verb: Token, clause: Token, end: int) -> int:
    """ "wants to triple the corps, grow the reserve and ...": bare infinitives coordinated with the
    cue (the parser hangs them on it) after the infinitive it reports are reported too."""
    if clause.dep_ != "xcomp":
        return end
    for conj in verb.rights:
        infinitive = conj.dep_ == "conj" and conj.tag_ in {"VB", "VBP"} and verb.tag_ != conj.tag_
        subject = any(c.dep_ in SUBJECTS for c in conj.children)
        if infinitive and conj.i > clause.i and not subject and not is_speech_verb(conj):
            return max(end, conj.right_edge.i + 1)
    return end


def _without_aside(clause: Token, end: int, *, relative: bool) -> int:
    """End of a reported clause or object before an apposition to a name set off by a comma at its
    end ("... support Mr. Trump, the presumed favourite"), and for an object before a relative clause
    set off so ("endorsed Trump, who says he is honoured"): the writer's description, not what was
    said. A list ("tax fairness, the closure of loopholes") and a clause's own relative ("a loss in
    1995, which let him avoid taxes") are kept."""
    token = clause
    for _ in range(_MAX_SPINE):
        rights = [child for child in token.rights if not child.is_punct]
        if not rights:
            break
        token = rights[-1]
        aside = (token.dep_ == "appos" and token.head.pos_ == "PROPN") or (relative and token.dep_ == "relcl")
        if aside and token.right_edge.i + 1 >= end and token.doc[token.left_edge.i - 1].text == ",":
            return token.left_edge.i - 1
    return end


def what_was_said(doc: Doc, verb: Token) -> Chars | None:
    """ "What the senators said was that the bill would fail", "What Kyiv wants is air defence": the
    predicate of the "to be" the cue's clause is the subject of."""
    if verb.dep_ != "csubj" or verb.head.lemma_ != "be" or verb.head.i < verb.i:
        return None
    if not any(child.dep_ == "dobj" and child.lower_ == "what" for child in verb.children):
        return None
    predicate = next((c for c in verb.head.rights if c.dep_ in {"ccomp", "attr", "acomp", "xcomp"}), None)
    span = trimmed_subtree(predicate) if predicate is not None else None
    return chars(doc, span) if span is not None else None


def object_content(doc: Doc, verb: Token, lemma: str) -> tuple[Chars | None, int | None]:
    """What an object-taking cue reports, and the token the cue runs through.

    "called for more aid" and "called on allies to act" (the cue takes the preposition), "called the
    charges fabricated" (object and predicate), "denied the report", "cited his losses" (the object).
    """
    children = list(verb.rights)
    for child in children:
        # "warned about the risk", "spoke out against the war", "commented on the talks"
        next_to_verb = child.i == verb.i + 1 or (child.i == verb.i + 2 and doc[verb.i + 1].dep_ == "prt")
        topic = child.lower_ in LEXICON.topic_prepositions or (
            child.lower_ in {"on", "for"} and lemma in LEXICON.topic_cues
        )
        if child.dep_ == "prep" and next_to_verb and topic:
            objects = [
                o
                for o in prepositional_objects(child)
                if o.ent_type_ not in {"DATE", "TIME"} and o.lower_ not in LEXICON.not_topics
            ]
            span = trimmed(doc, child.i + 1, child.right_edge.i + 1) if objects else None
            return (chars(doc, span), child.i) if span is not None else (None, None)
    if lemma == "call":
        for child in children:
            if child.dep_ == "prep" and child.lower_ in {"for", "on"} and child.i == verb.i + 1:
                span = trimmed(doc, child.i + 1, verb.right_edge.i + 1)
                return (chars(doc, span), child.i) if span is not None else (None, None)
        predicates = [child for child in children if child.dep_ in {"oprd", "ccomp", "xcomp"}]
        objects = [child for child in children if child.dep_ == "dobj"]
        if objects and predicates:
            span = trimmed(doc, objects[0].left_edge.i, predicates[-1].right_edge.i + 1)
            return (chars(doc, span), None) if span is not None else (None, None)
        return None, None
    for child in children:
        if child.dep_ == "dobj" and _reports_object(lemma, child):
            end = _past_stranded_preposition(
                doc, _without_aside(child, _object_end(verb, child) + 1, relative=True)
            )
            span = trimmed(doc, child.left_edge.i, end)
            return (chars(doc, span), None) if span is not None else (None, None)
    return None, None


def _past_stranded_preposition(doc: Doc, end: int) -> int:
    """ "Shoigu claims capture of Soledar" over a paragraph it was parsed into: an object ending in a
    preposition whose object the parser hung elsewhere runs on over the words after it on its line."""
    last = doc[end - 1]
    if last.pos_ != "ADP" or prepositional_object(last) is not None:
        return end
    for token in doc[end : end + MAX_GAP]:
        if token.is_space or token.text in SENTENCE_ENDS or "\n" in doc[token.i - 1].text_with_ws:
            break
        end = token.i + 1
    return end


def _object_end(verb: Token, obj: Token) -> int:
    """Last token of what an object-taking cue reports: the object and the phrases that say what it
    is called or charged with ("described Obama as an evangelist", "accused Moscow of lying", "offers
    loans to parents"), up to a comma, a clause or a when-and-where of the cue ("... during the forum")."""
    last = obj.right_edge.i
    for child in verb.rights:
        if child.i <= obj.i:
            continue
        if child.dep_ == "oprd" or (
            child.dep_ in {"prep", "dative"} and child.lower_ not in LEXICON.setting_prepositions
        ):
            last = child.right_edge.i
        else:
            break
    return last


def _reports_object(lemma: str, obj: Token) -> bool:
    """Whether the cue's object is what it reports: always for the cues of ``LEXICON.object_cues`` ("denied
    it"); for other speech verbs a noun, not a pronoun ("offered no proof", not "told them"); and a
    person for the verbs that are also physical ("attacked Clinton", not "attacked the USS Cole")."""
    if lemma in LEXICON.no_object_cues or obj.pos_ not in {"NOUN", "PROPN", "PRON"}:
        return False
    if lemma in LEXICON.physical_cues:
        return obj.ent_type_ == "PERSON" or obj.lower_ in LEXICON.person_pronouns
    return lemma in LEXICON.object_cues or (lemma in LEXICON.speech_verbs and obj.pos_ != "PRON")


def relative_content(doc: Doc, verb: Token) -> list[Chars] | None:
    """ "the offensive, which ISW says began in May", "a figure that Kyiv says is inflated": a cue in a
    relative clause whose pronoun belongs to the reported clause says the clause of the pronoun's
    antecedent: the noun phrase before the pronoun and the words after the cue."""
    if verb.dep_ != "relcl":
        return None
    clause = next((child for child in verb.rights if child.dep_ == "ccomp"), None)
    if clause is None or clause.left_edge.i >= verb.i:
        return None
    pronoun = doc[clause.left_edge.i]
    noun = verb.head
    if pronoun.lower_ not in LEXICON.relative_pronouns or pronoun.head.i != clause.i or noun.i >= pronoun.i:
        return None
    antecedent = trimmed(doc, noun.left_edge.i, pronoun.i)
    said = trimmed(doc, verb.i + 1, clause.right_edge.i + 1)
    if antecedent is None or said is None:
        return None
    return [(antecedent.start_char, antecedent.end_char), chars(doc, said)]


def parenthetical(doc: Doc, verb: Token, source: Span, quotes: QuoteIndex) -> list[Chars] | None:
    """ "Acts of protest, Mr. Obama said, are acts of patriotism": the sentence on both sides of the cue."""
    if source.start > verb.i:
        return None
    first = as_start(doc, source.start)
    last = trailing_modifiers(verb, source) or verb.i
    sentence_start = quotes.sentence_start(verb)
    sentence_end = min(verb.sent.end, quotes.line_end(verb.i))
    if first - 1 <= sentence_start or doc[first - 1].text != "," or last + 1 >= sentence_end:
        return None
    if doc[last + 1].text != "," or sentence_end - (last + 2) < 3:
        return None
    if doc[last + 2].head.i == verb.i:
        return None  # "..., an official said, after meeting the mayor": when it was said, not what
    before = trimmed(doc, sentence_start, first - 1)
    after = trimmed(doc, last + 2, sentence_end)
    if before is None or after is None:
        return None
    if before[0].dep_ in {"prep", "mark"} and before.root.head.i >= after.start:
        # "During his years in office, Mr. Obama said, a majority ...": a setting, not what was said
        return [chars(doc, after)]
    return [(before.start_char, before.end_char), chars(doc, after)]


def appended_to(doc: Doc, verb: Token, source: Span | None, quotes: QuoteIndex) -> Chars | None:
    """ "Secret Service protocol called for ..., sources said": the clause before the source."""
    first = verb.i if source is None or source.start > verb.i else as_start(doc, source.start)
    head = verb.head
    if verb.dep_ in {"parataxis", "ccomp", "advcl"} and head.i < first and head.pos_ in {"VERB", "AUX"}:
        span = trimmed(doc, max(head.left_edge.i, quotes.sentence_start(verb)), first)
    elif verb.dep_ == "ROOT":
        start = quotes.sentence_start(verb)
        span = trimmed(doc, start, first) if start < first else None
    else:
        return None
    before = doc[first - 1].text
    if before in _CLOSING_MARKS and first > 1:
        before = doc[first - 2].text  # "... smart,'' Trump said"
    if span is None or len(span) < 3 or before not in {",", "—", "–"} or not _is_main_clause(span):
        return None
    return chars(doc, span)


def _is_main_clause(span: Span) -> bool:
    """Words that can be said: a clause with a verb, not a setting ("In Honolulu last week, he told")
    nor a subordinate clause ("While he acknowledged ..., Ham noted")."""
    if span[0].dep_ in {"mark", "prep"} or span[0].pos_ in {"ADP", "SCONJ"}:
        return False
    return any(token.pos_ in {"VERB", "AUX"} for token in span)


def within_line(doc: Doc, verb: Token, content: Chars, quotes: QuoteIndex) -> Chars:
    """A content after its cue ends with the cue's line: a headline ("Kyiv says Russia lost 500 tanks")
    has no final stop, and the parser runs it into the paragraph below. A quote it runs into is
    widened to again afterwards."""
    start, end = content
    if start <= verb.idx:
        return content
    last = doc[quotes.line_end(verb.i) - 1]
    return start, min(end, last.idx + len(last))
