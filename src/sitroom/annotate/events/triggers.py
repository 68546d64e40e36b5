"""Triggers: which words of a sentence name an event, and which lexicon entry they match.

The cascade, for each token: a verb of finding with a weapon as its object; a control word with a
territory as its object; a verb of the lexicon (or, for a verb of using or an attack, the means its
object, agent or instrument names); a verb whose subject is a crowd of protesters; an event noun
(made specific by a modifier naming its means); a security force acting or failing to act.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from sitroom.annotate.events.arguments import PARTITIVES, actor_tokens, antecedent
from sitroom.annotate.events.lexicon import CONTROL, Lexicon, Trigger
from sitroom.annotate.syntax import objects_through, passive_agents, prepositional_objects
from sitroom.records import NON_CONFLICT_CATEGORIES, Place

VERB_POS = frozenset({"VERB"})
NOUN_POS = frozenset({"NOUN"})
MODIFIER_DEPS = frozenset({"amod", "compound"})
# How far after a verb the second word of a two-word key may be: "pulled its forces out of".
KEY_REACH = 4
PLACE_ENTITY_TYPES = frozenset({"GPE", "LOC", "FAC"})
# Subjects that are the territory itself: "Lyman fell", "Balakliia was retaken".
TERRITORY_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# The movement key a control word in the progressive stands for: an advance on the place.
IN_PROGRESS = "advance"
# Where what a pronoun stands for is found first: the subjects and objects (the small model parses some
# towns as adverbs: "entered Bakhmut").
ANTECEDENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "advmod", "npadvmod", "appos"})


@dataclass(frozen=True, slots=True)
class Found:
    """A trigger: its words, what it names, and for a control change the territory."""

    tokens: tuple[Token, ...]
    trigger: Trigger | None
    control: Trigger | None = None  # a control row's: the change and who gains
    territory: Token | None = None
    by_means: bool = False  # the trigger is that of the means the words name ("fired tear gas")
    victim: Token | None = None  # a subject that is who died, not who acted ("three soldiers died")

    @property
    def head(self) -> Token:
        return self.tokens[0]

    @property
    def type(self) -> str:
        return CONTROL if self.control is not None or self.trigger is None else self.trigger.type

    @property
    def mode(self) -> str | None:
        if self.control is not None:
            return self.control.mode
        return self.trigger.mode if self.trigger is not None else None


def find_trigger(token: Token, lexicon: Lexicon, places: dict[int, Place]) -> Found | None:
    """The event ``token`` names, if any: the longest lexicon key it starts, control words first.

    Words that only describe another word name no event of their own: a participle used as an
    adjective ("liberated Izium", "an established fact") or a noun modifying a noun ("air raid sirens").
    """
    if token.dep_ in MODIFIER_DEPS:
        return None
    if token.pos_ == "AUX" and token.dep_ not in {"aux", "auxpass"}:
        return _placed(token, lexicon, places)  # "the village is now under the control of ..."
    if token.pos_ in VERB_POS:
        finding = lexicon.table("weapon-find").get(token.lemma_.lower())
        if finding is not None:
            weapon = next((c for c in _found_objects(token) if _is_weapon(c, lexicon)), None)
            if weapon is not None:
                return Found((token, weapon), finding)
        placed = _placed(token, lexicon, places)
        if placed is not None:
            return placed
        casualty = _casualty(token, lexicon)
        if casualty is not None:
            return casualty
        verb = next(
            (
                Found((token, *words), lexicon.table("verb")[key])
                for key, words in _verb_keys(token)
                if key in lexicon.table("verb")
            ),
            None,
        )
        if verb is None or verb.type == "ASSAULT" or token.lemma_.lower() in lexicon.words["means_verbs"]:
            means = _object_means(token, verb, lexicon)
            if means is not None:
                return means
        if verb is not None and any(c.dep_ == "oprd" for c in token.children):
            return None  # a verb of naming: "called the strike a provocation"
        if verb is not None:
            return verb
        if any(c.dep_ == "nsubj" and c.lemma_.lower() in lexicon.words["protesters"] for c in token.children):
            # "demonstrators gathered", "protesters took to the streets"; "protesters threw stones"
            protest = lexicon.lookup("crowd-verb", token.lemma_.lower())
            return Found((token,), protest) if protest is not None else None
        return _enforcement(token, lexicon)
    elif token.pos_ in NOUN_POS:
        if any(
            words and words[0].lemma_.lower() in lexicon.words["illness_modifiers"]
            for _, words in _noun_keys(token)
        ):
            return None  # "died of a heart attack"
        declared = _declared_change(token, lexicon, places)
        if declared is not None:
            return declared
        for key, words in _noun_keys(token):
            if key in lexicon.table("noun"):
                row = lexicon.table("noun")[key]
                if row.category in NON_CONFLICT_CATEGORIES and _figurative(token):
                    return None  # "a flood of refugees", "an eruption of violence"
                return _with_means(Found((token, *words), row), lexicon)
        return _enforcement(token, lexicon)
    return None


def _figurative(noun: Token) -> bool:
    """ "a flood of refugees", "an avalanche of criticism": an "of" phrase of a common noun without a
    determiner ("the eruption of the volcano" and "the flooding of Derna" are real)."""
    return any(
        grandchild.pos_ == "NOUN" and not any(d.dep_ in {"det", "poss"} for d in grandchild.children)
        for child in noun.children
        if child.dep_ == "prep" and child.lower_ == "of"
        for grandchild in child.children
        if grandchild.dep_ == "pobj"
    )


def _placed(verb: Token, lexicon: Lexicon, places: dict[int, Place]) -> Found | None:
    """A verb acting on a place: a change of control (a ``control`` row: "captured Soledar") or a
    movement that changes none (a ``movement`` row: "advancing on Kyiv", "entered the outskirts").
    Civilians moving ("evacuation convoys left Irpin", "thousands of residents were forced to leave
    Bakhmut") change no control and make no movement."""
    for key, words in _verb_keys(verb):
        holding = lexicon.table("holding").get(key)
        counted = _counted_territory(verb, lexicon) if holding is not None else None
        if holding is not None and counted is not None:
            return Found((verb, *words), None, holding, counted)  # "control 74 settlements"
        control = lexicon.table("control").get(key)
        row = control or lexicon.table("movement").get(key)
        territory = _territory(verb, words, lexicon, places) if row is not None else None
        if row is None or territory is None:
            continue
        movers = actor_tokens(verb, lexicon)
        movers = [
            next(iter(objects_through(m, {"of"})), m) if m.lemma_.lower() in PARTITIVES else m for m in movers
        ]
        if any(core_words(mover) & lexicon.words["civilians"] for mover in movers):
            return None
        if (
            control is not None
            and control.gainer == "opponent"
            and not _withdraws_forces(verb, words, territory, lexicon)
        ):
            continue  # "withdrew its ambassador from Minsk": no forces left the place
        if control is not None and _in_progress(verb):
            # "Russian forces are clearing Avdiivka", "are taking the town": a transfer under way is
            # fighting for the place, not one completed.
            return Found((verb, *words), lexicon.table("movement")[IN_PROGRESS], territory=territory)
        if control is not None:
            return Found((verb, *words), None, control, territory)
        return Found((verb, *words), row, territory=territory)
    return None


def _casualty(verb: Token, lexicon: Lexicon) -> Found | None:
    """A verb that tells of a killing only when who it befalls is a combatant (``casualty`` rows): its
    object or passive subject ("eliminated 50 invaders", "destroyed two tanks and 40 militants",
    "militants were liquidated"), else its subject ("three soldiers died", a headline's "60 invaders
    liquidated"); a ``violent-death`` key says the violence itself, whoever it befalls ("died of his
    wounds"). A death told with a cause of the ``natural_deaths`` class ("died of natural causes",
    "after a long illness") is none; "no soldiers died" is negated."""
    table = lexicon.table("casualty") | lexicon.table("violent-death")
    key, words = next(((k, w) for k, w in _verb_keys(verb) if k in table), ("", ()))
    if not key:
        return None
    patients = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    patients = patients or [c for c in verb.children if c.dep_ == "nsubj"]
    patients = [
        next(iter(objects_through(p, {"of"})), p) if p.lemma_.lower() in PARTITIVES else p
        for patient in patients
        for p in (patient, *patient.conjuncts)
    ]  # "dozens of militants"
    combatants = lexicon.words["combatants"]
    violent = key in lexicon.table("violent-death")
    victim = next((p for p in patients if violent or {p.lower_, p.lemma_.lower()} & combatants), None)
    if victim is None or any(t.lemma_.lower() in lexicon.words["natural_deaths"] for t in verb.subtree):
        return None
    trigger = table[key]
    if any(c.lower_ == "no" for c in victim.children):
        trigger = replace(trigger, negated=True)
    return Found((verb, *words), trigger, victim=victim if victim.dep_ == "nsubj" else None)


def _in_progress(verb: Token) -> bool:
    """A verb in the progressive: "are clearing", "is taking" (not "has been taken")."""
    return verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in verb.children)


def _counted_territory(verb: Token, lexicon: Lexicon) -> Token | None:
    """The object of a verb of holding that counts territory words: "control 74 settlements", "hold
    about 1,000 square kilometres"; not a place it names ("hold the town")."""
    return next(
        (
            c
            for c in verb.children
            if c.dep_ == "dobj"
            and c.lemma_.lower() in lexicon.words["territory"]
            and any(g.dep_ == "nummod" for g in c.children)
        ),
        None,
    )


def _enforcement(token: Token, lexicon: Lexicon) -> Found | None:
    """A security force acting or failing to act: "police intervened", "police failed to prevent
    the attack", "lack of police action", "police remained mute spectators", "police inaction"."""
    lemma = token.lemma_.lower()
    inactions = lexicon.table("inaction")
    acting: Found | None = None  # the force acting, with the other words of a two-word key ("took action")
    if token.pos_ in VERB_POS:
        inaction = next(
            (
                (c, inactions[f"{lemma} {c.lemma_.lower()}"])
                for c in token.children
                if f"{lemma} {c.lemma_.lower()}" in inactions
            ),
            None,
        )
        verbs = lexicon.table("enforcement-verb")
        acting = next(
            (Found((token, *words), verbs[key]) for key, words in _verb_keys(token) if key in verbs), None
        )
        if inaction is None and acting is None:
            return None  # "intervened", "took action"
        actors = actor_tokens(token, lexicon)
    else:
        inaction = (token, inactions[lemma]) if lemma in inactions else None
        noun = lexicon.table("enforcement-noun").get(lemma)
        acting = Found((token,), noun) if noun is not None else None
        if inaction is None and acting is None:
            return None
        actors = [c for c in token.children if c.dep_ in {"compound", "poss"}]
        actors += objects_through(token, {"of", "by"})
    forces = lexicon.words["state_forces"] | lexicon.words["armed"]
    if not any(core_words(actor) & forces for actor in actors):
        return None
    if inaction is None:
        return acting
    word, trigger = inaction
    return Found((token,) if word is token else (token, word), trigger)


def _with_means(found: Found, lexicon: Lexicon) -> Found:
    """ "a grenade attack", "a poison gas attack": a modifier that names the means makes a generic
    event specific."""
    if found.trigger is None or found.trigger.mode is not None:
        return found
    for child in found.head.lefts:
        means = means_of(child, lexicon) if child.dep_ in MODIFIER_DEPS else None
        if means is not None:
            return Found((found.head, child), replace(means, kill=found.trigger.kill), by_means=True)
    return found


def means_of(noun: Token, lexicon: Lexicon, words: dict[str, Trigger] | None = None) -> Trigger | None:
    """The attack that a noun naming a means stands for ("tear gas", "a landmine", "himself"): one of
    ``words``, by default the means and the event nouns that have a mode ("a drone strike")."""
    # The noun's own keys, then its modifiers' ("chlorine gas", "mortar rounds").
    modifiers = [c for c in noun.lefts if c.dep_ == "compound"]
    for key, _ in [*_noun_keys(noun), *(k for m in modifiers for k in _noun_keys(m))]:
        means = (
            words.get(key)
            if words is not None
            else lexicon.table("means").get(key) or lexicon.table("noun").get(key)
        )
        if means is not None and means.mode is not None and means.type == "ASSAULT":
            return means
    return None


def _object_means(verb: Token, found: Found | None, lexicon: Lexicon) -> Found | None:
    """ "fired tear gas", "lobbed a grenade", "killed by landmines", "a missile hit", "blew herself
    up": the attack is of the means that the verb's object, agent, instrument or subject names. The
    object names it only for a verb of using ("fired missiles"); for others it is the target ("shot
    down drones"). Event nouns are events of their own ("a strike killed 50": the strike's toll)."""
    using = verb.lemma_.lower() in lexicon.words["means_verbs"]
    candidates = [
        c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"} and using
    ]  # "shells were lobbed"
    candidates += passive_agents(verb)
    candidates += objects_through(verb, {"with"})
    if found is not None or using or verb.lemma_.lower() in lexicon.words["impact_verbs"]:
        # "a missile hit", "shells fell on the village"; not "the drone flew over Kyiv"
        candidates += [c for c in verb.children if c.dep_ == "nsubj"]
    for candidate in candidates:
        if candidate.lemma_.lower() in PARTITIVES:  # "dozens of missiles"
            candidate = next(iter(objects_through(candidate, {"of"})), candidate)
        keys = [key for key, _ in _noun_keys(candidate)]
        if any(k in lexicon.table("noun") for k in keys) and not any(
            k in lexicon.table("means") for k in keys
        ):
            continue  # "a grenade attack killed two": the attack is the event, the killing its toll
        suicide = any(t.lemma_.lower() == "suicide" for t in candidate.lefts)  # "a suicide car bomb"
        means = (
            lexicon.table("means").get("suicide")
            if suicide
            else means_of(candidate, lexicon, lexicon.table("means"))
        )
        if means is not None:
            kill = found is not None and found.trigger is not None and found.trigger.kill
            words = found.tokens[1:] if found is not None else ()
            return Found((verb, *words, candidate), replace(means, kill=kill), by_means=True)
    return None


def _found_objects(verb: Token) -> list[Token]:
    """What a verb of finding found: its object or passive subject, also the subject of a clause
    the small model hangs off it ("discovered a large amount of ammunition believed to be ...")."""
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    return objects + [g for c in verb.children if c.dep_ == "ccomp" for g in c.children if g.dep_ == "nsubj"]


def _verb_keys(verb: Token) -> list[tuple[str, tuple[Token, ...]]]:
    """Keys a verb may match, longest first: with its preposition and that preposition's object, then
    with its particle, preposition or object head, then alone."""
    # The surface form too: the lemmatiser leaves some irregular forms as written ("retook").
    forms = dict.fromkeys((verb.lemma_.lower(), verb.lower_))
    keys: list[tuple[str, tuple[Token, ...]]] = [
        (f"{form} {child.lemma_.lower()}", (child,))
        for form in forms
        for child in verb.children
        if child.dep_ in {"prt", "prep", "dobj", "advmod", "acomp"}
        and 0 < child.i - verb.i <= KEY_REACH
        and not _dates(child)  # "called Putin on Monday" is no "call on"
    ]
    # A verb, its preposition and that preposition's object: "is under the control of", "fell under
    # Russian control", also past a long object, to which the parser may attach it ("returned the village
    # of Robotyne in the Zaporizhzhia region under Ukrainian control"): three words are specific enough
    # at any distance.
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    prepositions = [
        c
        for head in (verb, *objects)
        for c in head.children
        if c.dep_ == "prep" and c.i > verb.i and not _dates(c)
    ]
    longest = [
        (f"{form} {preposition.lemma_.lower()} {grandchild.lemma_.lower()}", (preposition, grandchild))
        for form in forms
        for preposition in prepositions
        for grandchild in prepositional_objects(preposition)
    ]
    return [*longest, *keys, *((form, ()) for form in forms)]


def _dates(preposition: Token) -> bool:
    """A preposition that only introduces a date or time: "on Monday", "in March"."""
    objects = prepositional_objects(preposition)
    return (
        preposition.dep_ == "prep" and bool(objects) and all(o.ent_type_ in {"DATE", "TIME"} for o in objects)
    )


def _noun_keys(noun: Token) -> list[tuple[str, tuple[Token, ...]]]:
    lemma = noun.lemma_.lower()
    keys = [
        (f"{child.lemma_.lower()} {lemma}", (child,))
        for child in noun.children
        if child.dep_ in {"compound", "amod"} and child.i == noun.i - 1
    ]
    return [*keys, (f"{noun.lower_}", ()), (lemma, ())]


def _territory(
    verb: Token, words: tuple[Token, ...], lexicon: Lexicon, places: dict[int, Place]
) -> Token | None:
    """The place or territory word a control verb acts on, or None (then it is no control change)."""
    candidates: list[Token] = []
    for word in words:
        candidates += prepositional_objects(word)  # "withdrew from Lyman"
        # "took control of Izium", "over the city", "completed the withdrawal from Bakhmut"
        candidates += objects_through(word, {"of", "over", "from"})
        if word.dep_ == "dobj":
            candidates.append(word)  # "reached the outskirts"
        # "took under control the settlement of X": the parser hangs the territory on the key's noun
        candidates += [c for c in word.children if c.dep_ == "dobj"]
    objects = [antecedent(c) for c in verb.children if c.dep_ in {"dobj", "advmod", "npadvmod"}]
    candidates += objects
    territory_subject = verb.lemma_.lower() in lexicon.words["territory_subject_verbs"]
    if not territory_subject:  # what falls is the territory: "shells fell on the village" took nothing
        candidates += objects_through(
            verb, {"into", "toward", "towards", "of", "from", "to", "on", "off", "over", "for"}
        )
    if not any(c.dep_ == "dobj" for c in objects):
        # "Lyman fell", "Bakhmut was captured"; not who withdrew ("Russia withdrew from the deal").
        subject_deps = TERRITORY_SUBJECT_DEPS if territory_subject else {"nsubjpass"}
        candidates += [c for c in verb.children if c.dep_ in subject_deps]
    for candidate in candidates:
        if candidate.lemma_.lower() in PARTITIVES:  # "the whole of the Donetsk region", "part of the city"
            candidate = next(iter(objects_through(candidate, {"of"})), candidate)
        if candidate.lower_ == "it":  # "retook Synkivka after Russian forces seized it"
            found = _pronoun_antecedent(
                candidate, places, lexicon.words["territory"], lexicon.words["settlements"]
            )
            candidate = found or candidate
        if _named_place(candidate, places):
            return candidate
        if candidate.lemma_.lower() in lexicon.words["parts"]:
            return candidate  # "cleared the outskirts of the town": a part, not the town
        if candidate.lemma_.lower() in lexicon.words["territory"]:
            # "the city of Avdiivka", "the town Kreminna": the name the territory word stands for
            names = objects_through(candidate, {"of"})
            names += [c for c in candidate.children if c.dep_ in {"appos", "npadvmod"}]
            return next((name for name in names if _named_place(name, places)), candidate)
    return None


def _declared_change(noun: Token, lexicon: Lexicon, places: dict[int, Place]) -> Found | None:
    """A change of control a noun names as the object or passive subject of a verb of declaring
    ("claimed the capture of Avdiivka", "announced the liberation of Izium", "ordered the withdrawal
    from Kherson", "the capture of Avdiivka was confirmed"), or as the passive subject of a verb of
    completing ("the liberation of Soledar was completed"). Elsewhere such a noun is background ("after
    the fall of Avdiivka, Russian forces pushed west") and names none."""
    control = lexicon.table("control-noun").get(noun.lemma_.lower())
    verb = noun.head.lemma_.lower()
    declared = verb in lexicon.words["declaring_verbs"] and noun.dep_ in {"dobj", "nsubjpass"}
    # "the liberation of the town of Soledar was completed", "the capture of Avdiivka was confirmed"
    completed = verb in lexicon.words["completing_verbs"] and noun.dep_ == "nsubjpass"
    if control is None or not (declared or completed):
        return None
    for candidate in objects_through(noun, {"of", "from"}):  # "the withdrawal of troops from Kherson"
        if _named_place(candidate, places):
            return Found((noun,), None, control, candidate)
        if candidate.lemma_.lower() in lexicon.words["territory"]:
            names = objects_through(candidate, {"of"})
            names += [c for c in candidate.children if c.dep_ in {"appos", "npadvmod"}]
            return Found(
                (noun,), None, control, next((n for n in names if _named_place(n, places)), candidate)
            )
    return None


def coordinated_territories(found: Found, places: dict[int, Place]) -> list[Found]:
    """The same change of control of each other place coordinated with its territory: "liberated
    Neskuchne, Storozheve and Blahodatne" changed the hands of all three. Only places the text
    resolved: "took the village and the bridge" is one place."""
    if found.control is None or found.territory is None or found.territory.i not in places:
        return []
    return [replace(found, territory=c) for c in found.territory.conjuncts if c.i in places]


def _named_place(token: Token, places: dict[int, Place]) -> bool:
    return token.i in places or token.ent_type_ in PLACE_ENTITY_TYPES


def _pronoun_antecedent(
    pronoun: Token, places: dict[int, Place], territory: frozenset[str], settlements: frozenset[str]
) -> Token | None:
    """What "it" stands for: the nearest singular noun (or place record) before it in its sentence or
    the previous one, a subject or object before an oblique ("received a tank from Poland and lost
    it": the tank), never a date nor the subject of the pronoun's own verb (that would be "itself").
    Among objects and passive subjects a place or territory word comes first ("recaptured the village ..., the
    staff said, after Russian forces seized it": the village); then a settlement word in an oblique
    ("fighting continues in the town of Marinka, ... rejecting Moscow's claim to have taken it": the
    town), before a subject or object that is no place. The caller decides whether it is a place."""
    doc, sentence = pronoun.doc, pronoun.sent
    start = doc[sentence.start - 1].sent.start if sentence.start > 0 else sentence.start
    own_subjects = {t.i for c in pronoun.head.children if c.dep_ in TERRITORY_SUBJECT_DEPS for t in c.subtree}
    nouns = [
        token
        for token in reversed(doc[start : pronoun.i])
        if (token.i in places or (token.tag_ in {"NN", "NNP"} and token.dep_ not in MODIFIER_DEPS))
        and token.i not in own_subjects
        and token.ent_type_ not in {"DATE", "TIME"}
    ]
    core = [t for t in nouns if t.dep_ in ANTECEDENT_DEPS]
    # An active subject acts ("Ukraine received a tank ... and lost it"): the site is something acted on.
    sites = [t for t in core if t.dep_ != "nsubj" and (t.i in places or t.lemma_.lower() in territory)]
    named = [t for t in nouns if t.dep_ == "pobj" and t.lemma_.lower() in settlements]
    return next(iter(sites or named or core or nouns), None)


def _withdraws_forces(verb: Token, words: tuple[Token, ...], territory: Token, lexicon: Lexicon) -> bool:
    """A withdrawal whose verb moves something out of the place (its direct object) moves forces: "withdrew
    its troops from Kherson", not "withdrew its ambassador from Minsk"; with no such object, the subject
    left ("Russian troops withdrew from Lyman"). The place itself ("left the city of Kherson") and the
    key's own words ("completed their withdrawal from") are not moved."""
    moved = [
        c
        for c in verb.children
        if c.dep_ == "dobj"
        and c not in words
        and antecedent(c) != territory  # "the town that Russian forces abandoned"
        and not c.left_edge.i <= territory.i <= c.right_edge.i
    ]
    forces = (
        lexicon.words["state_forces"]
        | lexicon.words["non_state_forces"]
        | lexicon.words["armed"]
        | lexicon.words["military_units"]
    )
    return all(core_words(thing) & forces for thing in moved)


def core_words(token: Token) -> set[str]:
    """The lower-case words and lemmas of a noun phrase up to its head: "Afghan security forces"."""
    words = token.doc[token.left_edge.i : token.i + 1]
    return {w.lower_ for w in words} | {w.lemma_.lower() for w in words}


def with_actor_means(found: Found, actors: list[Token], lexicon: Lexicon) -> Found:
    """ "warplanes pounded the village", "a suicide bomber killed 22", "beaten by a mob": an actor that
    names the means of an attack makes it an attack of that means (not of a chemical weapon's, nor
    crowd control or sexual violence, which say more)."""
    trigger = found.trigger
    if trigger is None or not (trigger.type == "ASSAULT" or trigger.mode == "seize"):
        return found
    if trigger.mode in {"crowd-control", "sexual", "abduct", "unconventional", "suicide-attack"}:
        return found
    for actor in actors:
        means = actor_means(actor, lexicon)
        if means is not None:
            return replace(found, trigger=replace(means, kill=trigger.kill, harm=trigger.harm), by_means=True)
    return found


def actor_means(actor: Token, lexicon: Lexicon) -> Trigger | None:
    """What an actor's words say the act was (a ``means-actor`` row): "warplanes", "a mob", "floods"."""
    table = lexicon.table("means-actor")
    return next((table[k] for k, _ in _noun_keys(actor) if k in table), None)


def _is_weapon(token: Token, lexicon: Lexicon) -> bool:
    """ "an arms cache", "explosive devices", "hand grenades": the noun or its compound names a weapon."""
    words = [token, *(c for c in token.children if c.dep_ in {"compound", "amod"})]
    words += objects_through(token, {"of"})  # "a cache of weapons"
    # "packages containing explosive devices"
    words += [g for c in token.children if c.dep_ == "acl" for g in c.children if g.dep_ == "dobj"]
    return any(w.lemma_.lower() in lexicon.words["weapons"] for w in words)


def carried_by_light_verb(token: Token, lexicon: Lexicon) -> bool:
    return (
        token.pos_ in NOUN_POS
        and token.dep_ == "dobj"
        and token.head.lemma_.lower() in lexicon.words["light_verbs"]
        and token.head.i != token.i
    )
