"""Attribution: who says what, how, when and where, as ``Claim`` records.

``extract`` finds source, cue and content spans (direct quotes in any marks, dash speech, indirect
speech over the parse); ``speakers`` links sources to entities; ``build_claims`` adds the medium,
the utterance date, stance markers, the chain of nested attributions, and ``fill_contains`` the ids
of records inside each content. ``fill_contains`` is public so that a later stage (events) can run it
again once it has added its records.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date

from spacy.tokens import Doc

from sitroom.annotate.attribution.extract import Attribution, find_attributions
from sitroom.annotate.attribution.lexicon import LEXICON, lexicon_version
from sitroom.annotate.attribution.quote_index import QuoteIndex
from sitroom.annotate.attribution.quotes import find_quotes
from sitroom.annotate.attribution.speakers import Speaker, SpeakerResolver
from sitroom.annotate.attribution.tagger import AttributionTagger
from sitroom.annotate.factuality import factuality_of
from sitroom.annotate.ids import RecordIds, unique_records
from sitroom.annotate.time.tense import governing_verb
from sitroom.records import Annotations, Claim, ClaimKind, Factuality, Timex
from sitroom.timeml import record_date

__all__ = ["AttributionTagger", "build_claims", "content_factuality", "fill_contains", "lexicon_version"]

_HEDGE_SCAN = 80  # content tokens read for hedges: enough for a sentence, bounded for huge quotes


def build_claims(
    doc: Doc,
    annotations: Annotations,
    published: date | None,
    publisher: str | None = None,
    tagger: AttributionTagger | None = None,
) -> list[Claim]:
    """The document's claims, in text order of their content; ``contains`` is left to ``fill_contains``.

    ``publisher`` (the document's source) is who a description names when nobody in the text is it.
    With a ``tagger``, the attributions are the tagger's, the rules' spans its features."""
    text = doc.text
    quotes = QuoteIndex(doc, find_quotes(text), text)
    attributions = find_attributions(doc, quotes)
    if tagger is not None:
        attributions = tagger.attributions(doc, quotes, attributions)
    parents = _parents(attributions)
    # A cue inside a quote nobody is said to have said has no speaker to nest under: left out.
    kept = [i for i, a in enumerate(attributions) if not (a.in_quote and parents[i] is None)]
    attributions = [attributions[i] for i in kept]
    parents = _parents(attributions)
    resolver = SpeakerResolver(doc, annotations, quotes, publisher)
    speakers: dict[int, Speaker] = {}
    # First-person sources ("we", "I") inside a quote are the quote's speaker: resolve them last.
    order = sorted(range(len(attributions)), key=lambda i: (_is_first_person(attributions[i]), i))
    for index in order:
        attribution = attributions[index]
        parent = parents[index]
        quoted_by = speakers[parent].entity if parent is not None and parent in speakers else None
        if attribution.source is None:
            speakers[index] = Speaker()
        else:
            speakers[index] = resolver.resolve(
                attribution.source, attribution.cue, quoted_by, attribution.contents
            )
    dates = _cue_dates(doc, annotations.timexes)
    claims: list[Claim] = []
    record_ids = RecordIds("clm")
    ids = {index: _claim_id(record_ids, annotations.doc, a) for index, a in enumerate(attributions)}
    for index, attribution in enumerate(attributions):
        speaker = speakers[index]
        # A date inside the content is what is claimed ("denied the February 24 report"), not when.
        timex = next(
            (
                t
                for t in dates.get(attribution.cue.root.i, [])
                if not any(start <= t.start < end for start, end in attribution.contents)
            ),
            None,
        )
        when, precision = _utterance_date(timex, published)
        parent = parents[index]
        for piece, (start, end) in enumerate(attribution.contents):
            flags = list(attribution.flags) + (["continued"] if piece else [])
            claims.append(
                Claim(
                    id=ids[index]
                    if piece == 0
                    else record_ids.id_for((ids[index], piece), ids[index], piece),
                    doc=annotations.doc,
                    start=start,
                    end=end,
                    text=text[start:end],
                    kind=_kind(attribution),
                    speaker=speaker.entity,
                    speaker_role=speaker.role,
                    source_start=attribution.source.start_char if attribution.source is not None else None,
                    source_end=attribution.source.end_char if attribution.source is not None else None,
                    source_text=attribution.source.text if attribution.source is not None else None,
                    cue=attribution.cue.text,
                    cue_start=attribution.cue.start_char,
                    cue_end=attribution.cue.end_char,
                    medium=_medium_of(attribution, speaker, annotations),
                    date=when,
                    date_precision=precision,
                    stance=_stance(doc, attribution, start, end),
                    factuality=content_factuality(doc, start, end),
                    # The same attribution found twice is one claim, never its own parent.
                    parent=ids[parent] if parent is not None and ids[parent] != ids[index] else None,
                    flags=flags,
                    confidence=_confidence(attribution, speaker),
                )
            )
    claims.sort(key=lambda claim: (claim.start, claim.end, claim.id))
    return unique_records(claims)


def fill_contains(annotations: Annotations) -> None:
    """Set each claim's ``contains`` to the places, timexes, quantities and events inside its content.

    Events count by their trigger. Safe to call again after a later stage added records.
    """
    spans = [(place.start, place.end, place.id) for place in annotations.places]
    spans.extend((timex.start, timex.end, timex.id) for timex in annotations.timexes)
    spans.extend((quantity.start, quantity.end, quantity.id) for quantity in annotations.quantities)
    spans.extend((event.trigger_start, event.trigger_end, event.id) for event in annotations.events)
    spans.sort()
    starts = [start for start, _, _ in spans]
    for claim in annotations.claims:
        inside = spans[bisect_left(starts, claim.start) : bisect_right(starts, claim.end)]
        claim.contains = [record_id for start, end, record_id in inside if end <= claim.end]


def content_factuality(doc: Doc, start: int, end: int) -> Factuality | None:
    """How the speaker tells the content between ``start`` and ``end``: the factuality of its main
    predicate, read in the sentence it stands in ("denied that its troops had shelled the hospital":
    negative; "said the city would fall": future). None when the content holds no word."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return factuality_of(span.root)


def _claim_id(record_ids: RecordIds, doc_id: str, attribution: Attribution) -> str:
    """Keyed by the first content and the cue; two attributions differing in any span are two claims."""
    start, end = attribution.contents[0]
    source = attribution.source
    identity = (
        tuple(attribution.contents),
        attribution.cue.start_char,
        attribution.cue.end_char,
        (source.start_char, source.end_char) if source is not None else None,
    )
    return record_ids.id_for(identity, doc_id, start, end, attribution.cue.start_char)


def _kind(attribution: Attribution) -> ClaimKind:
    """The attribution's kind; "we" or "I" outside any quote is the outlet speaking in its own voice."""
    if _is_first_person(attribution) and not attribution.in_quote:
        return "outlet"
    kinds: dict[str, ClaimKind] = {"direct": "direct", "mixed": "mixed"}
    return kinds.get(attribution.kind, "indirect")


def _is_first_person(attribution: Attribution) -> bool:
    source = attribution.source
    return source is not None and len(source) == 1 and source.root.lower_ in {"i", "we"}


def _parents(attributions: list[Attribution]) -> list[int | None]:
    """For each attribution, the one it is reported through: the innermost other one whose content holds
    its cue (a sweep: n log n), or the report that cites it."""
    index_of = {id(attribution): index for index, attribution in enumerate(attributions)}
    events: list[tuple[int, int, int, int]] = []  # (position, order, end, index); contents open before cues
    for index, attribution in enumerate(attributions):
        start, end = attribution.contents[0]
        events.append((start, 0, end, index))
        events.append((attribution.cue.start_char, 1, 0, index))
    events.sort()
    open_contents: list[tuple[int, int]] = []  # (end, index)
    parents: list[int | None] = [None] * len(attributions)
    for position, kind, end, index in events:
        if kind == 0:
            open_contents.append((end, index))
            continue
        while open_contents and open_contents[-1][0] <= position:
            open_contents.pop()
        for open_end, holder in reversed(open_contents):
            if holder != index and open_end > position:
                parents[index] = holder
                break
    for index, attribution in enumerate(attributions):
        if attribution.via is not None and id(attribution.via) in index_of:
            parents[index] = index_of[id(attribution.via)]
    return parents


def _cue_dates(doc: Doc, timexes: list[Timex]) -> dict[int, list[Timex]]:
    """Token index of a verb -> the timexes it governs ("said on Wednesday")."""
    starts = [token.idx for token in doc]
    found: dict[int, list[Timex]] = {}
    for timex in timexes:
        if timex.value is None:
            continue
        first = bisect_left(starts, timex.start)
        last = max(bisect_left(starts, timex.end) - 1, first)
        if first >= len(doc):
            continue
        span = doc[first : last + 1]
        verb = governing_verb(span.root)
        if verb is not None:
            found.setdefault(verb.i, []).append(timex)
    return found


def _utterance_date(timex: Timex | None, published: date | None) -> tuple[str | None, str | None]:
    """The ISO date the claim was made on: its cue's date ("said on Wednesday") when that is on the
    calendar, else the day it was reported on."""
    if timex is not None and timex.type in {"DATE", "TIME"}:
        when, precision = record_date(timex.value, timex.granularity, published)
        if when is not None:
            return when, precision
    if published is not None:
        return published.isoformat(), "reported_on"
    return None, None


def _medium_of(attribution: Attribution, speaker: Speaker, annotations: Annotations) -> str | None:
    if attribution.medium is not None:
        return attribution.medium
    addressee = attribution.addressee
    if addressee is not None:
        for mention in annotations.mentions:
            if mention.label == "ORG" and addressee.start_char <= mention.start < addressee.end_char:
                return mention.text
    return speaker.medium


def _stance(doc: Doc, attribution: Attribution, start: int, end: int) -> list[str]:
    stance: list[str] = []
    from_cue = LEXICON.stance_of_cue.get(attribution.lemma)
    if from_cue is not None:
        stance.append(from_cue)
    if any(child.dep_ == "neg" for child in attribution.cue.root.children):
        stance.append("negated")
    span = doc.char_span(start, end, alignment_mode="expand")
    head = list(span[:_HEDGE_SCAN]) if span is not None else []
    words = {token.lower_ for token in head}
    if words & LEXICON.hedges and "hedging" not in stance:
        stance.append("hedging")
    if words & LEXICON.estimate_words and any(token.like_num for token in head) and "estimate" not in stance:
        stance.append("estimate")
    return stance


def _confidence(attribution: Attribution, speaker: Speaker) -> float:
    score = 0.6
    if attribution.kind in {"direct", "mixed"}:
        score += 0.15
    if speaker.entity is not None:
        score += 0.15
    if attribution.flags:
        score -= 0.2
    return round(min(max(score, 0.05), 0.95), 2)
