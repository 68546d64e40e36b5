"""The context words of place names (``sitroom/data/places.yaml``) and the tests that read them.

A name is in a place context when a place word or phrase stands right before it or before the first
name of its list ("near Avdiivka and Kherson"), when a verb governs the preposition before it
("retreated from Novoprokopivka"), when it is the object of a verb of taking territory, or when a
settlement noun is its head or apposition ("the village Robotyne"), or when a word of a front or
district follows it ("the Kupyansk direction"), or when it opens a dateline in capitals ("BANTAM —").
There a romanised Russian case or adjective form stands for its nominative ("v Gorlovke", "the
Kupyansky direction"; rows of endings). A place is an actor when it is the subject of a verb of saying
or deciding ("Kyiv said"), the possessor of an actor's noun ("Moscow's hand") or the end of a state
body's name ("the Armed Forces of Ukraine"): it names a government, not where anything happened.
Adding a word is one row of the table and a case in ``tests/cases/places.yaml``; adding a match is
code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Span, Token

from sitroom.data import read_table, rule_rows
from sitroom.records import stable_id

TABLE = "places.yaml"
MATCHES = frozenset(
    {"before", "weak-before", "verb-before", "object-of", "settlement", "anaphora", "direction", "actor-verb",
     "actor-noun", "actor-of", "after", "inflection", "list-of"}
)  # fmt: skip
BECOMING = frozenset({"inflection", "list-of"})  # the matches whose rows say what their words become
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
OBJECT_DEPS = frozenset({"dobj", "nsubjpass"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
ROW_FIELDS = frozenset({"name", "match", "words", "becomes"})
MIN_STEM = 3  # letters an inflected name keeps before its ending
CONTEXT_CHARS = 40  # text before a name that its context phrases are looked for in
# After a name in capitals, a dash (after the agency, if any) makes a dateline: "CLINTON —",
# "MOUNT GILEAD (AP) --".
DATELINE_AFTER = re.compile(r"^\s*(?:\([A-Za-z. ]{1,20}\)\s*)?(?:—|–|--|-)(?:\s|$)")


class PlaceTableError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class PlaceRules:
    words: dict[str, frozenset[str]]  # match -> its words
    before: re.Pattern[str]  # a place word or phrase that ends right before a name
    settlement_before: re.Pattern[str]  # "the village of", "town of" right before a name
    version: str
    # (ending, its nominative), longest ending first: ("ke", "ka") makes "Gorlovke" Gorlovka
    inflections: tuple[tuple[str, str], ...] = ()
    # a plural region noun after a list -> the word each name takes: "counties" -> "County"
    plurals: tuple[tuple[str, str], ...] = ()

    def of(self, match: str) -> frozenset[str]:
        return self.words[match]

    def with_object_verbs(self, verbs: frozenset[str], version: str) -> PlaceRules:
        """These rules with ``verbs`` (another table's, of ``version``) as object-of words too."""
        words = {**self.words, "object-of": self.words["object-of"] | verbs}
        return replace(self, words=words, version=stable_id("places", self.version, version))


def _phrase_pattern(phrases: frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(
        re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w-])(?:{alternatives})\s+(?:the\s+)?$", re.IGNORECASE)


@lru_cache(maxsize=1)
def load_place_rules() -> PlaceRules:
    data, source, text = read_table(TABLE, None, PlaceTableError)
    words: dict[str, set[str]] = {match: set() for match in MATCHES}
    inflections: list[tuple[str, str]] = []
    plurals: dict[str, str] = {}
    for row in rule_rows(data.get("rules"), source, ROW_FIELDS, PlaceTableError):
        if row.get("match") not in MATCHES:
            raise PlaceTableError(f"{source}: rule {row['name']}: match: unknown {row.get('match')!r}")
        if (row["match"] in BECOMING) != isinstance(row.get("becomes"), str):
            raise PlaceTableError(
                f"{source}: rule {row['name']}: becomes: in every {' and '.join(sorted(BECOMING))} row, only"
            )
        words[row["match"]].update(row["words"])
        if row["match"] == "inflection":
            inflections.extend((ending, row["becomes"]) for ending in row["words"])
        elif row["match"] == "list-of":
            plurals.update(dict.fromkeys(row["words"], row["becomes"]))
    frozen = {match: frozenset(values) for match, values in words.items()}
    settlements = frozenset(f"{noun} of" for noun in frozen["settlement"])
    return PlaceRules(
        frozen,
        _phrase_pattern(frozen["before"]),
        _phrase_pattern(settlements),
        stable_id("places", text),
        tuple(sorted(inflections, key=lambda pair: -len(pair[0]))),
        tuple(sorted(plurals.items())),
    )


def base_forms(word: str, rules: PlaceRules) -> list[str]:
    """The nominatives a romanised Russian or Ukrainian case or adjective form may stand for: "Gorlovke"
    -> Gorlovka, "Kupyansky" (direction) -> Kupyansk, "Avdeevkoy" -> Avdeevka, "Donetske" -> Donetsk."""
    lower = word.lower()
    return [
        word[: len(word) - len(ending)] + becomes
        for ending, becomes in rules.inflections
        if lower.endswith(ending) and len(word) - len(ending) >= MIN_STEM
    ]


def coordination_head(token: Token) -> Token:
    """The first name of the list a name stands in: "Kherson" in "near Avdiivka and Kherson" -> Avdiivka."""
    while token.dep_ == "conj" and token.head.i < token.i:
        token = token.head
    return token


def in_place_context(span: Span, rules: PlaceRules) -> bool:
    """Whether the words around a name (or around the first name of its list) make it a place."""
    doc = span.doc
    head = coordination_head(span.root)
    first = span if head.i == span.root.i else doc[name_start(head) : head.i + 1]
    # The tokens before the name, at least one character each, hold its CONTEXT_CHARS characters before
    # it; ``doc.text`` would join every token of the document anew (a fifth of the run on news pages).
    before = doc[max(0, first.start - CONTEXT_CHARS) : first.start].text_with_ws[-CONTEXT_CHARS:]
    if rules.before.search(before) or rules.settlement_before.search(before):
        return True
    if first.start > 0 and doc[first.start - 1].lower_ in rules.of("settlement"):
        return True  # "the border town Volchansk", however the parser hung it
    if span.end < len(doc) and doc[span.end].lower_ in rules.of("after"):
        return True  # "in the Kupyansk direction", "the Bakhmut district"
    if opens_dateline(span):
        return True  # "BANTAM — A mason was arraigned": a dateline names where the report was filed
    governor = head.head
    if head.dep_ == "pobj" and governor.lower_ in rules.of("verb-before"):
        return governor.head.pos_ in {"VERB", "AUX"} and governor.head.i != governor.i
    if head.dep_ in OBJECT_DEPS and governor.lemma_.lower() in rules.of("object-of"):
        return True
    # "the village Robotyne", "Robotyne village", "the border town of Vovchansk"
    return (head.dep_ in {"appos", "compound"} and governor.lower_ in rules.of("settlement")) or any(
        child.dep_ in {"appos", "compound"} and child.lower_ in rules.of("settlement")
        for child in head.children
    )


def opens_dateline(span: Span) -> bool:
    """A name in capitals before a dash: "CLINTON —", "ROME (AP) -"; not an organisation's acronym."""
    after = span.doc[span.end : span.end + 5].text_with_ws
    return span.text.isupper() and span.root.ent_type_ != "ORG" and DATELINE_AFTER.match(after) is not None


def weakly_located(span: Span, rules: PlaceRules) -> bool:
    """A word before the name that makes a sizeable place of a name NER took for a person."""
    doc = span.doc
    return span.start > 0 and doc[span.start - 1].lower_ in rules.of("weak-before")


def name_start(token: Token) -> int:
    """Where the name a token ends begins: "Kryvyi Rih" ends at "Rih"."""
    start = token.i
    doc = token.doc
    while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == token.i:
        start -= 1
    return start


def is_actor(span: Span, rules: PlaceRules) -> bool:
    """A place named as a party: the subject of a verb of saying or deciding, the possessor of an
    actor's noun, or its "of" object. "Kyiv said", "Moscow denied", "Moscow's hand", "Kyiv's response",
    "the Armed Forces of Ukraine"."""
    doc = span.doc
    root = span.root
    if root.dep_ in SUBJECT_DEPS and root.head.lemma_.lower() in rules.of("actor-verb"):
        return True
    # "Moscow's hand", "Kiev forces", "pro-Kiev troops"
    possessive = span.end < len(doc) and doc[span.end].text in POSSESSIVES
    between = doc[min(root.i, root.head.i) + 1 : max(root.i, root.head.i)]
    if (
        (possessive or root.dep_ in {"compound", "amod"})
        and root.head.lower_ in rules.of("actor-noun")
        and not any(t.is_punct for t in between)  # "in eastern Ukraine - Defense Ministry"
    ):
        return True
    # "the Armed Forces of Ukraine", "the Ministry of Defence of the Russian Federation": the place ends
    # the name of its state's body, however the parser hung it.
    start = span.start - (span.start > 0 and doc[span.start - 1].lower_ == "the")
    nouns = rules.of("actor-noun") | rules.of("actor-of")
    return start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in nouns
