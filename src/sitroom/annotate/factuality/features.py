"""The features the factuality model reads: the rule layer's value and cue, and the predicate's parse.

Each feature is a string ("rule_time=FUTURE", "cue_class=attempt@governor", "aux=would"); a predicate
has the ones that hold for it. The training script (``benchmarks/factuality_train.py``) and the
component read them with this one function, so the model sees at run time what it was trained on.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from sitroom.records import Factuality

# How far up the parse the model looks: the governing verb and its governor are what pass a value down.
ANCESTOR_HOPS = 3
MORPH_FEATURES = ("VerbForm", "Tense", "Aspect", "Mood")
AUXILIARY_DEPS = frozenset({"aux", "auxpass", "neg", "mark", "advmod"})


Children = Callable[[Token], list[Token]]


class PredicateFeatures:
    """The features of the predicates of one Doc. ``children`` gives a token's dependents (the rule
    reader keeps them: spaCy's ``Token.children`` scans the subtree); what a sentence says of all its
    words is read once a sentence, so that a 50,000-word quote costs linear time."""

    def __init__(self, doc: Doc, children: Children):
        self.children = children
        self._sentence: list[tuple[bool, int]] = [(False, 0)] * len(doc)
        for sentence in doc.sents if doc.has_annotation("SENT_START") else [doc[:]]:
            facts = (not sentence[-1].is_punct, sentence.root.i)
            for index in range(sentence.start, sentence.end):
                self._sentence[index] = facts

    def of(self, token: Token, rule: Factuality) -> list[str]:
        """The features of the predicate ``token``, whose rule-layer value is ``rule``."""
        features = [
            "bias",
            f"rule_polarity={rule.polarity}",
            f"rule_certainty={rule.certainty}",
            f"rule_time={rule.time}",
            f"rule={rule.polarity}|{rule.certainty}|{rule.time}",
            f"pos={token.pos_}",
            f"tag={token.tag_}",
            f"dep={token.dep_}",
            f"dep_pos={token.dep_}|{token.pos_}",
            f"lemma={token.lemma_.lower()}",
        ]
        if rule.cue_class is not None:
            features += [
                f"cue_class={rule.cue_class}",
                f"cue_class={rule.cue_class}@{_cue_relation(token, rule, self.children)}",
                f"cue={(rule.cue or '').lower()}",
            ]
        for name in MORPH_FEATURES:
            for value in token.morph.get(name, []):
                features.append(f"{name}={value}")
        for child in self.children(token):
            if child.dep_ in AUXILIARY_DEPS:
                features.append(f"{child.dep_}={child.lower_}")
            elif child.dep_.startswith("nsubj"):
                features.append(f"subject={child.dep_}")
        features += _governor_features(token, self.children)
        unpunctuated, root = self._sentence[token.i]
        if unpunctuated:
            features.append("sentence_unpunctuated")  # a headline: "Apple to lower UK prices"
        if token.i == root:
            features.append("sentence_root")
        return features


def _governor_features(token: Token, children: Children) -> list[str]:
    features: list[str] = []
    path: list[str] = []
    current = token
    for hop in range(ANCESTOR_HOPS):
        governor = current.head
        if governor.i == current.i:
            break
        path.append(current.dep_)
        features.append(f"path={'>'.join(path)}")
        features.append(f"governor{hop}={governor.lemma_.lower()}")
        if hop == 0:
            features.append(f"governor_pos={governor.pos_}|{governor.tag_}")
            features += [f"governor_aux={c.lower_}" for c in children(governor) if c.dep_ in {"aux", "neg"}]
        current = governor
    return features


def _cue_relation(token: Token, rule: Factuality, children: Children) -> str:
    """Where the cue stands to the predicate: its own dependent, its governor, further up, elsewhere."""
    if rule.cue_start is None:
        return "none"
    if token.idx <= rule.cue_start < token.idx + len(token.text):
        return "self"
    if any(c.idx == rule.cue_start for c in children(token)):
        return "own"
    current = token
    for depth in range(ANCESTOR_HOPS):
        if current.head.i == current.i:
            break
        current = current.head
        if current.idx == rule.cue_start:
            return "governor" if depth == 0 else "ancestor"
    return "other"
