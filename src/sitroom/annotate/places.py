"""Component ``sitroom_places``: toponyms found in the text and resolved against the gazetteer.

Candidates come from spaCy's NER (GPE, LOC, FAC), from other NER labels when the gazetteer knows the
name well (the small model tags Kramatorsk as PRODUCT or PERSON and "Kharkiv Oblast" as ORG),
and from capitalised token runs NER missed. Resolution with document context is
``sitroom.resolve.gazetteer.disambiguate``.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import replace
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

from sitroom.annotate.context import annotations_of, declare
from sitroom.annotate.events.arguments import ANTECEDENT_SENTENCES, locates_or_describes
from sitroom.annotate.events.lexicon import load_lexicon
from sitroom.annotate.ids import unique_records
from sitroom.annotate.place_qualifiers import link_qualifiers, listed_regions, toponym_of
from sitroom.annotate.place_rules import (
    PlaceRules,
    base_forms,
    in_place_context,
    is_actor,
    load_place_rules,
    name_start,
    opens_dateline,
    weakly_located,
)
from sitroom.records import Place, stable_id
from sitroom.resolve.gazetteer import (
    DEMONYM,
    MIN_CONFIDENCE,
    PRIMARY,
    REGION_ABBREVIATIONS,
    REGION_WORDS,
    Disambiguator,
    Gazetteer,
    Match,
    Resolution,
    Toponym,
    fold,
)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels the small model gives to places it does not know; kept only on a strong gazetteer match.
MISLABELS = frozenset({"PERSON", "ORG", "PRODUCT", "NORP", "WORK_OF_ART", "EVENT"})
STRONG_POPULATION = 10_000
# A one-word name NER calls a person is a place only if the place is big, a word of place leads it
# ("from Kherson", "residents of Izium"), or its context makes it one (``place_rules``): "Obama" and
# "Ripley" are towns too.
PERSON_POPULATION = 100_000
# "The town", "the village" is never a city of this size: "officials in Kyiv said troops shelled the town".
TOWN_POPULATION = 100_000
# Words that join the names of a list NER may take for one name: "Robotyne and Verbove".
LIST_WORDS = frozenset({"and", "or", ",", "&"})
DASHES = frozenset({"-", "–", "—"})
MAX_RUN = 4  # longest capitalised run tried as one name
# Capitalised words that are not places even where some hamlet carries the name.
NOT_PLACES = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
        "dec", "president", "minister", "general", "army", "forces", "ministry",
        "mr", "mrs", "ms", "dr", "said", "news", "reuters", "police", "city", "state", "god",
        "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
        # Capitalised common nouns that some town also carries: "the Webb Center", "Officer Bell".
        "center", "centre", "university", "college", "street", "hall", "chamber", "commerce", "bank",
        "officer", "man", "olympic", "superior", "federal", "justice", "vice", "human", "time",
        "market", "media", "union", "area", "spring", "liberal", "real", "green", "long", "easter",
        "church", "school", "court", "house", "station", "office", "department", "county",
    }
)  # fmt: skip
# Words before a name that make a part of it ("Northeast Georgia" is Georgia) unless the gazetteer
# knows the whole ("West Virginia", "South Charleston").
DIRECTIONS = frozenset(
    {
        "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
        "northern", "southern", "eastern", "western", "central", "far", "upper", "lower", "greater",
        "metro", "downtown",
    }
)  # fmt: skip
# Words after a name that make a second-level region of it, when the gazetteer knows the whole.
ADMIN2_WORDS = frozenset({"county", "parish", "borough"})
CURATED = "curated:"  # ids of sitroom's own features (data/features.yaml)
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
TRAILING_PUNCTUATION = "-/,"
# Labels of names that may open with a place: "the U.S. House", "Henderson County Jail". Not a
# person's ("George Washington") nor a GPE the gazetteer lacks ("Tennessee Colony").
PREFIX_LABELS = frozenset({"ORG", "FAC", "LOC"})
# Words after a name that make a natural feature of it: "Kanawha River" is not Kanawha.
FEATURE_WORDS = frozenset(
    {
        "river", "lake", "creek", "mountain", "mountains", "valley", "bay", "island", "islands", "sea",
        "ocean", "gulf", "peninsula", "hills", "canyon", "falls", "colony", "township", "heights",
    }
)  # fmt: skip
TITLES = frozenset({"mr", "mrs", "ms", "dr", "president", "minister", "general", "gen", "col", "sgt"})
APOSTROPHES = re.compile(r"['’ʼ]")
DEMONYM_SHAPE = re.compile(r"^[A-Z][a-z]+(ian|ean|an|ish|ese|ic|i)s?$")


declare(
    "sitroom_places",
    assigns=("places",),
    # The gazetteer and its imports, and the context words (with the event rules' territory verbs).
    data_version=lambda cfg: (
        Gazetteer.open(Path(cfg["index"]) if cfg.get("index") else None).version() + context_rules().version
    ),
)


def context_rules() -> PlaceRules:
    """The context words of places, with the event rules' one-word control and movement words as verbs
    whose object is territory ("recaptured Balakliia"): one list for both components."""
    lexicon = load_lexicon()
    verbs = frozenset(
        key for match in ("control", "movement") for key in lexicon.table(match) if " " not in key
    )
    return load_place_rules().with_object_verbs(verbs, lexicon.version)


@Language.factory(
    "sitroom_places",
    default_config={"index": None, "min_confidence": MIN_CONFIDENCE, "demonyms": False},
)
def make_places(
    nlp: Language, name: str, index: str | None, min_confidence: float, demonyms: bool
) -> PlaceComponent:
    return PlaceComponent(Path(index) if index else None, min_confidence, demonyms)


class PlaceComponent:
    """``demonyms``: report "Russian" in "Russian troops" as a mention of Russia, as geoparsing
    corpora do; off by default, since an adjective says whose, not where."""

    def __init__(
        self, index: Path | None = None, min_confidence: float = MIN_CONFIDENCE, demonyms: bool = False
    ):
        self._index = index
        self._min_confidence = min_confidence
        self._demonyms = demonyms
        self._disambiguator: Disambiguator | None = None
        self.rules = context_rules()

    @property
    def disambiguator(self) -> Disambiguator:
        # Opened on first use: building the pipeline stays cheap; the index is built only if needed.
        if self._disambiguator is None:
            self._disambiguator = Disambiguator(
                Gazetteer.open(self._index), self._min_confidence, self._demonyms
            )
        return self._disambiguator

    def __call__(self, doc: Doc) -> Doc:
        annotations = annotations_of(doc)
        spans = self._with_listed(doc, self.recognise(doc))
        directions = self._country_parts(doc, spans)
        spans = sorted([*spans, *directions], key=lambda s: s.start)
        places: list[Place] = []
        towns: set[int] = set()  # starts of the places that "the village" or "the town" may stand for
        for span, resolution in zip(spans, self.resolve_spans(doc, spans, directions), strict=True):
            if resolution.entry is None and not resolution.candidates and DEMONYM_SHAPE.search(span.text):
                continue  # "Ukrainian", tagged GPE: an adjective of a place, not a place
            start = span.start_char
            end = start + len(span.text.rstrip(TRAILING_PUNCTUATION))  # "Watertown-ML", "Chartres/Franklin"
            entry = resolution.entry
            if entry is not None and entry.feature == "city" and entry.population < TOWN_POPULATION:
                towns.add(span.start_char)
            places.append(
                Place(
                    id=stable_id("plc", annotations.doc, start, end),
                    doc=annotations.doc,
                    start=start,
                    end=end,
                    text=span.text[: end - start],
                    gazetteer_id=entry.gid if entry else None,
                    name=entry.name if entry else None,
                    feature=entry.feature if entry else None,
                    lat=entry.lat if entry else None,
                    lon=entry.lon if entry else None,
                    country=entry.country if entry else None,
                    admin1=entry.admin1 if entry else None,
                    confidence=resolution.confidence,
                    candidates=resolution.candidates,
                )
            )
        places.extend(self._anaphoric(doc, places, towns, annotations.doc))
        # "Kyiv" and "Kyiv," recognised twice end at the same character: one place.
        annotations.places.extend(unique_records(places))
        return doc

    def _anaphoric(self, doc: Doc, places: list[Place], towns: set[int], doc_id: str) -> list[Place]:
        """ "The village", "the town": the last town or village (of the ``places`` starting at ``towns``)
        named before it, a place again."""
        # A settlement in its own right: not a landmark locating another ("Novomykhailivka, south-west of
        # Donetsk"), a word describing a noun ("Ukraine's Tavria group of forces") or a capital speaking.
        lexicon = load_lexicon()
        settlements = []
        for place in sorted((p for p in places if p.start in towns), key=lambda p: p.start):
            span = doc.char_span(place.start, place.end, alignment_mode="expand")
            if span is None or not (locates_or_describes(span, lexicon) or is_actor(span, self.rules)):
                settlements.append(place)
        taken = {i for p in places for i in range(p.start, p.end)}
        sentence_starts = [sentence.start_char for sentence in doc.sents] if settlements else []
        found = []
        for token in doc:
            if (
                token.lower_ not in self.rules.of("anaphora")
                or token.i == 0
                or doc[token.i - 1].lower_ != "the"
                or token.dep_ == "compound"  # "the town council"
                or token.idx in taken
                or (
                    token.i + 1 < len(doc)
                    and (doc[token.i + 1].lower_ == "of" or _capitalised(doc, token.i + 1))
                )
            ):
                continue  # "the village of Synkivka", "the village Robotyne" name their place
            # Named in its sentence or the few before: a town three sentences back is no longer in view.
            own = bisect_right(sentence_starts, token.idx) - 1
            earliest = sentence_starts[max(0, own - ANTECEDENT_SENTENCES)] if sentence_starts else 0
            before = [p for p in settlements if earliest <= p.start and p.end <= token.idx]
            if before:
                start, end, antecedent = token.idx, token.idx + len(token.text), before[-1]
                found.append(
                    replace(
                        antecedent,
                        id=stable_id("plc", doc_id, start, end),
                        start=start,
                        end=end,
                        text=token.text,
                    )
                )
        return found

    def resolve_spans(
        self, doc: Doc, spans: list[Span], named: dict[Span, str] | None = None
    ) -> list[Resolution]:
        """Resolutions of toponym spans (in document order), each with the others as context; a span
        of ``named`` is resolved by the name it stands for."""
        text = doc.text  # built anew on every access
        toponyms = [toponym_of(text, span) for span in spans]
        listed = listed_regions(doc, self._known)
        for i, span in enumerate(spans):
            name = named.get(span) if named else None
            name = name or listed.get((span.start_char, span.end_char)) or self._base_form(span)
            if name:
                toponyms[i] = Toponym(name)
            elif opens_dateline(span):  # "ROME (AP) -" is a name in capitals, not an acronym
                toponyms[i] = replace(toponyms[i], text=span.text.title())
        link_qualifiers(doc, spans, toponyms)
        return self.disambiguator.resolve(toponyms)

    def recognise(self, doc: Doc) -> list[Span]:
        """Toponym spans in document order: from NER first (a list NER took for one name split into
        its names), then from capitalised runs, then the other names of a place's list."""
        found: list[Span] = []
        covered: set[int] = set()
        people = self._person_words(doc)
        text = doc.text  # built anew on every access: once per document, not once per entity
        for ent in doc.ents:
            # News capitalises place names: NER's lower-case "meth" or "n't" is never one.
            if ent.label_ not in PLACE_LABELS | MISLABELS or ent.text.islower():
                continue
            for part in self._list_parts(ent):
                span = self._shaped(part, ent.label_, text)
                if span is None or span.text in people or (len(span) == 1 and span[0].lower_ in DIRECTIONS):
                    continue  # a lone "the West" or "North" (a group of forces) is no place
                found.append(span)
                covered.update(range(min(part.start, span.start), max(part.end, span.end)))
        found.extend(s for s in self._capitalised(doc, covered) if s.text not in people)
        found.extend(self._coordinated(doc, found, people))
        found.extend(_state_abbreviations(doc, found))
        # News writes places unquoted; a quoted name is a weapon's, a unit's or an operation's: the MLRS
        # "Grad", fired from "Hurricane", the grouping "Vostok".
        return sorted((s for s in found if not _quoted(s)), key=lambda s: s.start)

    def _with_listed(self, doc: Doc, found: list[Span]) -> list[Span]:
        """The names of a list of regions ("Walton and Oconee counties") in place of what recognition
        made of them ("Oconee counties" as one name, "Walton" left out as a person)."""
        listed = [doc.char_span(start, end) for start, end in listed_regions(doc, self._known)]
        names = [span for span in listed if span is not None]
        if not names:
            return found
        kept = [s for s in found if not any(s.start < n.end + 1 and n.start < s.end for n in names)]
        return sorted([*kept, *names], key=lambda s: s.start)

    def _country_parts(self, doc: Doc, found: list[Span]) -> dict[Span, str]:
        """ "In the separatist east" of a document about one country: that country's part named by the
        direction ("Eastern Ukraine"), when the gazetteer has it as a region of its own."""
        taken = {i for span in found for i in range(span.start, span.end)}
        directions = [
            t
            for t in doc
            if t.lower_ in self.rules.of("direction")
            and t.i not in taken
            and not any(c.dep_ == "prep" for c in t.children)  # "east of Kharkiv"
            and (
                (t.dep_ == "pobj" and t.head.lower_ in self.rules.of("before"))
                # "killed in east - spokesperson", however the parser hung it; not "in east Ukrainian towns"
                or (
                    self.rules.before.search(doc.text[max(0, t.idx - 20) : t.idx]) is not None
                    and (t.i + 1 == len(doc) or doc[t.i + 1].is_punct)
                )
            )
        ]
        # "in an east Ukrainian town": the people's adjective after the direction names the country
        adjectival = {
            doc[t.i : t.i + 1]: f"{t.lower_}ern {m.entry.name}"
            for t in doc[:-2]
            if t.lower_ in self.rules.of("direction") and doc[t.i + 2].lower_ in self.rules.of("settlement")
            for m in self.disambiguator.gazetteer.lookup(doc[t.i + 1].text, demonyms=True)
            if m.kind == DEMONYM and m.entry.feature == "country" and t.i not in taken
        }
        adjectival = {span: name for span, name in adjectival.items() if self._curated(name)}
        if not directions:
            return adjectival
        # The country named by a place found, or by a people's adjective ("Ukrainian soldiers").
        names = [*found, *(ent for ent in doc.ents if ent.label_ == "NORP")]
        countries = {
            m.entry.name
            for name in names
            for m in self.disambiguator.gazetteer.lookup(_without_article(name).text, demonyms=True)
            if m.exact and m.entry.feature == "country"
        }
        if len(countries) != 1:
            return adjectival
        (country,) = countries
        named = {doc[t.i : t.i + 1]: f"{t.lower_}ern {country}" for t in directions}
        return adjectival | {span: name for span, name in named.items() if self._curated(name)}

    def _list_parts(self, ent: Span) -> list[Span]:
        """ "Robotyne and Verbove" tagged as one name: its names, when the gazetteer knows each of them
        and not the whole."""
        doc = ent.doc
        # a spaced dash too: "Gorlovka - Basurin" (a place and the source), not "Ivano-Frankivsk"
        cuts = [t.i for t in ent if t.lower_ in LIST_WORDS or (t.text in DASHES and doc[t.i - 1].whitespace_)]
        if not cuts or self._known(_without_article(ent).text):
            return [ent]
        bounds = [ent.start - 1, *cuts, ent.end]
        parts = [_without_article(doc[a + 1 : b]) for a, b in itertools.pairwise(bounds) if b > a + 1]
        return parts if any(self._known_place(p.text) for p in parts) else [ent]

    def _coordinated(self, doc: Doc, found: list[Span], people: set[str]) -> list[Span]:
        """The other names of a place's list ("Klishchiivka, Andriivka and Kurdiumivka") that the
        gazetteer knows; one NER calls a person only in a list that a place context leads."""
        taken = {i for span in found for i in range(span.start, span.end)}
        added: list[Span] = []
        queue = list(found)
        while queue:
            place = queue.pop()
            for member in place.root.conjuncts:
                if member.i in taken or not _capitalised(doc, member.i):
                    continue
                span = doc[name_start(member) : member.i + 1]
                if span.text in people or not self._known_place(span.text):
                    continue
                if member.ent_type_ == "PERSON" and not in_place_context(span, self.rules):
                    continue
                added.append(span)
                queue.append(span)
                taken.update(range(span.start, span.end))
        return added

    def _shaped(self, ent: Span, label: str, text: str) -> Span | None:
        """The toponym in an NER span (labelled ``label``), or None.

        Trimmed to what the gazetteer knows: "Ohio State" and "Boone County's" are Ohio and Boone
        County, "the U.S. House of Representatives" holds the U.S.; widened to "Kanawha County"
        and "West Virginia" when NER stopped short. A place label keeps an unknown name whole (a
        village the gazetteer lacks); another label needs a strong match, or a place context
        (``place_rules``) and a name the gazetteer knows, however small the place.
        """
        span = _without_article(ent)
        while len(span) > 1 and (
            span[-1].lower_ in POSSESSIVES
            or (span[-1].lower_ == "state" and not self._state_named(span.text))
        ):
            span = span[:-1]
        if len(span) > 1 and span[-1].text == "City" and not self._city_named(span.text):
            span = span[:-1]  # "Dublin City" council, "Manchester City" football club
        while len(span) > 1 and span[0].lower_ in DIRECTIONS and not self._known(span.text):
            if not self._region(span[1:].text):
                break  # "South Ossetia" stays whole; "Northeast Georgia" is in Georgia
            span = span[1:]
        if label in PREFIX_LABELS and not self._known(span.text):
            # "the U.S. House", "Henderson County Jail"; not "Kanawha River" or "Tennessee Colony".
            prefix = next(
                (
                    span[:stop]
                    for stop in range(min(len(span) - 1, MAX_RUN), 0, -1)
                    if span[stop].lower_ not in FEATURE_WORDS and self._strong(span[:stop].text)
                ),
                None,
            )
            span = prefix if prefix is not None else span
        span = self._widened(span)
        if label in PLACE_LABELS:
            return span
        if (in_place_context(span, self.rules) and self._known_place(span.text)) or self._base_form(span):
            return span  # "retreated from Novoprokopivka", "liberated Robotyne", "v Gorlovke"
        person = label == "PERSON" and len(span) == 1 and not weakly_located(span, self.rules)
        population = PERSON_POPULATION if person else STRONG_POPULATION
        # "the village of Synkivka" is a place whatever its label, known to the gazetteer or not
        settlement = self.rules.settlement_before.search(text[max(0, span.start_char - 20) : span.start_char])
        return span if settlement or self._strong(span.text, population) else None

    def _person_words(self, doc: Doc) -> set[str]:
        """Surnames of the full names NER gives people: a lone "Obama" or "Clinton" later is that person.

        Not a big place that NER also tags as a place in the document: "Rethinking Egypt", mistaken
        for a name, leaves Egypt a country; but "City Manager Jim Hartmann" makes a lone "Hartmann"
        the man, whatever NER called it.
        """
        places = {
            ent.text
            for ent in doc.ents
            if ent.label_ in PLACE_LABELS and self._strong(ent.text, PERSON_POPULATION)
        }
        return {ent[-1].text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1} - places

    def _widened(self, span: Span) -> Span:
        doc = span.doc
        if span.start > 0 and doc[span.start - 1].lower_ in DIRECTIONS:
            wider = doc[span.start - 1 : span.end]
            # "West Virginia"; "eastern Ukraine" only as a region of its own, not "eastern Georgia"
            if self._known(wider.text) and (
                doc[span.start - 1].text[0].isupper() or self._curated(wider.text)
            ):
                span = wider
        elif span.start > 1 and doc[span.start - 1].lower_ == "of":
            wider = doc[span.start - 2 : span.end]  # "the east of Ukraine" as a region of its own
            span = wider if wider[0].lower_ in DIRECTIONS and self._curated(wider.text) else span
        if span.end < len(doc) and doc[span.end].lower_ in ADMIN2_WORDS:
            wider = doc[span.start : span.end + 1]
            if self._known(wider.text):
                return wider
        # "the Zaporizhzhia nuclear power plant", "the Engels air base": a facility NER cut to its town
        words = 0
        while words < MAX_RUN and span.end + words < len(doc) and doc[span.end + words].is_alpha:
            words += 1
        for extra in range(words, 0, -1):
            wider = doc[span.start : span.end + extra]
            if self._curated(wider.text):
                return wider
        return _with_region_word(span)

    def _base_form(self, span: Span) -> str | None:
        """The nominative a one-word name the gazetteer lacks stands for in a place context ("v Gorlovke",
        "the Kupyansky direction"), when the gazetteer has it: of several, the biggest place's ("Kurakhovoy"
        is Kurakhovo before the village Kurakhivka)."""
        if len(span) != 1 or self._known(span.text) or not in_place_context(span, self.rules):
            return None
        sizes = {
            form: max(m.entry.population for m in self._lookup(form) if m.exact)
            for form in base_forms(span.text, self.rules)
            if self._known_place(form)
        }
        return max(sizes, key=sizes.__getitem__, default=None)

    def _curated(self, text: str) -> bool:
        return any(m.exact and m.entry.gid.startswith(CURATED) for m in self._lookup(text))

    def _state_named(self, text: str) -> bool:
        """ "Benue State", "Oaxaca State": a region outside the US whose name "State" ends; in the US
        "Ohio State" is a university and the state is Ohio."""
        matches = self._lookup(text)
        return any(m.region_form and m.entry.feature == "admin1" and m.entry.country != "US" for m in matches)

    def _city_named(self, text: str) -> bool:
        """A town carries the name as its own: Kansas City, Mexico City."""
        return any(m.exact and m.kind == PRIMARY and m.entry.feature == "city" for m in self._lookup(text))

    def _region(self, text: str) -> bool:
        return any(m.exact and m.entry.feature not in ("city", "admin2") for m in self._lookup(text))

    def _known(self, text: str) -> bool:
        return any(m.exact for m in self._lookup(text))

    def _known_place(self, text: str) -> bool:
        """The gazetteer knows the exact name, however small the place, and it is no common word."""
        return fold(text) not in NOT_PLACES and self._known(text)

    def _lookup(self, text: str) -> list[Match]:
        return self.disambiguator.gazetteer.lookup(text, demonyms=self.disambiguator.demonyms)

    def _strong(self, text: str, population: int = STRONG_POPULATION) -> bool:
        """The gazetteer knows the exact name as a region, a country or a sizeable town."""
        if fold(text) in NOT_PLACES:
            return False
        return any(
            m.exact and (m.region_form or m.entry.feature != "city" or m.entry.population >= population)
            for m in self._lookup(text)
        )

    def _capitalised(self, doc: Doc, covered: set[int]) -> list[Span]:
        found: list[Span] = []
        i = 0
        while i < len(doc):
            if i in covered or not _capitalised(doc, i):
                i += 1
                continue
            run_end = i
            while run_end < len(doc) and run_end - i < MAX_RUN and run_end not in covered:
                if not _capitalised(doc, run_end):
                    break
                run_end += 1
            span = self._longest_name(doc, i, run_end)
            if span is None:
                i += 1
                continue
            span = self._widened(span)
            found.append(span)
            i = span.end
        return found

    def _longest_name(self, doc: Doc, start: int, end: int) -> Span | None:
        if start > 0 and doc[start - 1].lower_.rstrip(".") in TITLES:
            return None  # "President Kyiv" is nobody, "Mr Lyman" a person
        for stop in range(end, start, -1):
            span = doc[start:stop]
            if span.text.isupper() and len(span.text) <= 4 and not self._region(span.text):
                continue  # acronyms, but for a region's: "DPR", "JFO"
            if span[-1].lower_ == "state" and not self._state_named(span.text):
                continue  # "Kentucky State Police" is in Kentucky
            if (
                self._strong(span.text)
                or (self._known_place(span.text) and in_place_context(span, self.rules))
                or self._base_form(span)
            ):
                return span
        return None


def _state_abbreviations(doc: Doc, places: list[Span]) -> list[Span]:
    """ "Columbia, S.C." and "Charleston, W. Va.": the dotted state after a place and a comma."""
    taken = {i for span in places for i in range(span.start, span.end)}
    found = []
    for place in places:
        comma = place.end
        if comma >= len(doc) or doc[comma].text != ",":
            continue
        for length in (2, 1):
            span = doc[comma + 1 : comma + 1 + length]
            if (
                len(span) == length
                and span.text in REGION_ABBREVIATIONS
                and not taken & set(range(span.start, span.end))
            ):
                found.append(span)
                break
    return found


def _quoted(span: Span) -> bool:
    doc = span.doc
    return span.start > 0 and span.end < len(doc) and doc[span.start - 1].is_quote and doc[span.end].is_quote


def _capitalised(doc: Doc, i: int) -> bool:
    token = doc[i]
    return (
        APOSTROPHES.sub("", token.text).isalpha()  # "Kramators'k" is one token
        and token.text[0].isupper()
        and token.lower_ not in STOP_WORDS
        and token.lower_ not in NOT_PLACES
        and token.ent_type_ not in {"DATE", "TIME", "PERSON"}
    )


def _without_article(span: Span) -> Span:
    if len(span) > 1 and span[0].lower_ == "the":
        return span[1:]
    return span


def _with_region_word(span: Span) -> Span:
    """ "Kharkiv" + a following "Oblast"/"region" is the region, however NER split it.

    Not "State": "Ohio State" is a university, "Georgia state" names Georgia without it.
    """
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_.rstrip(".") in REGION_WORDS - {"state"}:
        return doc[span.start : span.end + 1]
    return span
