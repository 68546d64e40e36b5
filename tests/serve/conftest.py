"""A small workspace store with every kind of record, one article carrying hostile markup, and its app."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import make_document
from sitroom.records import (
    Annotations,
    Claim,
    Entity,
    Event,
    Factuality,
    Mention,
    Participant,
    Place,
    Timex,
)

TOKEN = "test-token-0123456789"
HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">Kharkiv update'
HOSTILE_PAYLOAD = "<script>window.__pwned=1</script><b onmouseover=alert(1)>bold</b>"

KHARKIV = ("geonames:706483", "Kharkiv", 49.98, 36.25)
IZIUM = ("geonames:707292", "Izium", 49.21, 37.26)
KYIV = ("geonames:703448", "Kyiv", 50.45, 30.52)

ZELENSKY = Entity("ent_zelensky", "Volodymyr Zelensky", "person", side="UA", aliases=["Zelensky"])
PESKOV = Entity("ent_peskov", "Dmitry Peskov", "person", side="RU", aliases=["Peskov"])


def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def _place(doc_id: str, text: str, gazetteer: tuple[str, str, float, float], after: int = 0) -> Place:
    gid, name, lat, lon = gazetteer
    start, end = _span(text, name, after)
    return Place(
        f"plc_{doc_id}_{start}", doc_id, start, end, name, gid, name, "city", lat, lon, "UA", None, 0.9
    )


def _mention(doc_id: str, text: str, part: str, entity: Entity) -> Mention:
    start, end = _span(text, part)
    return Mention(f"men_{doc_id}_{start}", doc_id, start, end, part, "PERSON", 0, entity.id)


def _sentence_event(doc_id: str, text: str, sentence: str, trigger: str, **fields: object) -> Event:
    start, end = _span(text, sentence)
    t_start, t_end = _span(text, trigger, start)
    return Event(
        id=f"evt_{doc_id}_{start}",
        doc=doc_id,
        start=start,
        end=end,
        text=sentence,
        trigger=trigger,
        trigger_start=t_start,
        trigger_end=t_end,
        **fields,  # type: ignore[arg-type]
    )


def build_workspace(store) -> dict[str, str]:
    """Three documents and their annotations; returns the ids the tests refer to."""
    first_text = (
        "Ukrainian forces recaptured Izium on Saturday. Zelensky said the city was free. "
        "Fighting continued near Kharkiv."
    )
    first = make_document(first_text, title="Izium retaken", source="Wire", published=date(2022, 9, 10))
    second_text = (
        f"Peskov denied that Russian troops shelled Kharkiv. {HOSTILE_PAYLOAD} "
        "Residents of Kharkiv reported explosions overnight."
    )
    second = make_document(
        second_text, title=HOSTILE_TITLE, source="Blog' OR '1'='1", published=date(2022, 9, 12)
    )
    third_text = "Leaders met in Kyiv to discuss reconstruction funding for the spring."
    third = make_document(third_text, title="Kyiv conference", source="Wire", published=date(2023, 2, 20))
    for doc in (first, second, third):
        store.add_document(doc)

    recapture = "Ukrainian forces recaptured Izium on Saturday."
    first_places = [_place(first.id, first_text, IZIUM), _place(first.id, first_text, KHARKIV)]
    first_event = _sentence_event(
        first.id,
        first_text,
        recapture,
        "recaptured",
        type="CONTROL",
        modality="asserted",
        place=first_places[0].id,
        date="2022-09-10",
        date_precision="day",
        control_side="UA",
        actors=[Participant(0, 17, "Ukrainian forces", side="UA")],
        confidence=0.8,
    )
    quote = "the city was free"
    q_start, q_end = _span(first_text, quote)
    said = _span(first_text, "said")
    first_claim = Claim(
        id=f"clm_{first.id}",
        doc=first.id,
        start=q_start,
        end=q_end,
        text=quote,
        kind="indirect",
        speaker=ZELENSKY.id,
        source_start=_span(first_text, "Zelensky")[0],
        source_end=_span(first_text, "Zelensky")[1],
        source_text="Zelensky",
        cue="said",
        cue_start=said[0],
        cue_end=said[1],
        date="2022-09-10",
        date_precision="reported_on",
        confidence=0.7,
    )
    date_start, date_end = _span(first_text, "on Saturday")
    store.save_annotations(
        [
            Annotations(
                doc=first.id,
                mentions=[_mention(first.id, first_text, "Zelensky", ZELENSKY)],
                entities=[ZELENSKY],
                places=first_places,
                timexes=[
                    Timex(
                        f"tmx_{first.id}", first.id, date_start, date_end, "on Saturday", "DATE", "2022-09-10"
                    )
                ],
                events=[first_event],
                claims=[first_claim],
            )
        ],
        "v-test",
    )

    shelling = "Peskov denied that Russian troops shelled Kharkiv."
    second_places = [_place(second.id, second_text, KHARKIV)]
    denial = "that Russian troops shelled Kharkiv"
    d_start, d_end = _span(second_text, denial)
    second_claim = Claim(
        id=f"clm_{second.id}",
        doc=second.id,
        start=d_start,
        end=d_end,
        text=denial,
        kind="indirect",
        speaker=PESKOV.id,
        source_start=0,
        source_end=6,
        source_text="Peskov",
        cue="denied",
        cue_start=7,
        cue_end=13,
        date="2022-09-12",
        date_precision="reported_on",
        stance=["denial"],
        factuality=Factuality("NEG", cue="denied", cue_class="denial", cue_start=7, cue_end=13),
        confidence=0.6,
    )
    second_event = _sentence_event(
        second.id,
        second_text,
        shelling,
        "shelled",
        type="ASSAULT",
        mode="shelling",
        modality="negated",
        place=second_places[0].id,
        date="2022-09",
        date_precision="month",
        claim=second_claim.id,
        claimed_by=PESKOV.id,
        confidence=0.5,
    )
    store.save_annotations(
        [
            Annotations(
                doc=second.id,
                mentions=[_mention(second.id, second_text, "Peskov", PESKOV)],
                entities=[PESKOV],
                places=second_places,
                events=[second_event],
                claims=[second_claim],
            ),
            Annotations(doc=third.id, places=[_place(third.id, third_text, KYIV)]),
        ],
        "v-test",
    )
    return {
        "first": first.id,
        "second": second.id,
        "third": third.id,
        "first_event": first_event.id,
        "second_event": second_event.id,
        "first_claim": first_claim.id,
        "second_claim": second_claim.id,
    }


@pytest.fixture()
def workspace(tmp_path):
    from sitroom.store import Store

    with Store.open(tmp_path / "workspace.db") as store:
        ids = build_workspace(store)
        yield store, ids


@pytest.fixture()
def client(workspace):
    from fastapi.testclient import TestClient

    from sitroom.serve import create_app

    store, _ = workspace
    with TestClient(create_app(store, TOKEN)) as test_client:
        yield test_client
