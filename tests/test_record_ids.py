"""Record ids are unique within each collection of a document's annotations, by construction.

Issue 16: two claims of one document got the same id and took a whole ``sitroom analyze`` run down with
``UNIQUE constraint failed: claims.id``. The property test builds documents from sentences that make
such collisions likely (the same quote twice, nested and continued quotes, identical sentences, the
same place, date, figure and attack again) and checks every collection of the whole ``Annotations``.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sitroom.annotate.attribution as attribution
from conftest import make_document
from sitroom.annotate import Annotator
from sitroom.annotate.ids import RecordIds, unique_records
from sitroom.records import Annotations, Place, stable_id
from sitroom.store import Store

COLLECTIONS = ("mentions", "places", "entities", "timexes", "quantities", "claims", "events")

SENTENCES = (
    '"We will not give up Bakhmut," Zelensky said.',
    '"We will not give up Bakhmut," Zelensky said on Tuesday.',
    'Zelensky said: "We will not give up Bakhmut."',
    '"The enemy shelled Kharkiv," the governor said, "and three people were killed."',
    'The ministry said that Kuleba told Reuters that "Russia attacked Odesa with 12 drones".',
    '"Shoigu said the army captured Soledar," a Kremlin spokesman claimed.',
    'Peskov said Russia "will respond", and added that "Russia will respond."',
    "Ukraine's military said Russian forces shelled Kherson on 3 March, killing 5 civilians.",
    "Russian forces shelled Kherson on 3 March, killing 5 civilians.",
    "He said it. He said it.",
    "“They are trying,” she said. “They are trying,” she said.",
    "– We will hold, – he said.",
    "According to the ISW, Russian troops advanced near Avdiivka, the ISW said.",
    "Officials said 1,000 soldiers and 40 tanks were lost, officials said.",
    "\"It is 'a lie', as Lavrov put it,\" Kuleba said.",
    "KYIV, March 14 (Reuters) - Missiles hit Lviv.",
)

documents = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=8).map(" ".join) | st.lists(
    st.sampled_from(SENTENCES), min_size=1, max_size=4
).map(lambda sentences: "\n\n".join(sentences * 2))


@pytest.fixture(scope="module")
def annotator() -> Annotator:
    return Annotator()


def annotate(annotator: Annotator, text: str) -> Annotations:
    (annotations,) = annotator.annotate([make_document(text, published=date(2023, 3, 4))])
    return annotations


def assert_unique_ids(annotations: Annotations) -> None:
    for collection in COLLECTIONS:
        counts = Counter(record.id for record in getattr(annotations, collection))
        assert not [i for i, n in counts.items() if n > 1], f"{collection}: {counts.most_common(3)}"
    claims = {claim.id for claim in annotations.claims}
    for claim in annotations.claims:
        assert claim.parent != claim.id
        assert claim.parent is None or claim.parent in claims


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=documents)
def test_every_collection_has_unique_ids(annotator: Annotator, text: str) -> None:
    assert_unique_ids(annotate(annotator, text))


def test_the_same_document_gets_the_same_ids(annotator: Annotator) -> None:
    text = " ".join(SENTENCES)
    first, second = annotate(annotator, text), annotate(annotator, text)
    for collection in COLLECTIONS:
        assert [r.id for r in getattr(first, collection)] == [r.id for r in getattr(second, collection)]
    assert first.claims and first.events and first.places


def test_attributions_sharing_first_content_and_cue_are_distinct_claims_and_a_repeat_is_one(
    annotator: Annotator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The cause of the aborted runs: claims were keyed by first content and cue start only, so a second
    attribution with the same two (another source, or the same one found twice) repeated the id."""
    text = '"We will hold Bakhmut," Zelensky said, and Syrskyi agreed. "We will," they said.'
    found = attribution.find_attributions

    def with_twins(doc, quotes=None):  # the same attribution found again, and one differing in its source
        attributions = found(doc, quotes)
        first = attributions[0]
        other_source = doc.char_span(text.index("Syrskyi"), text.index("Syrskyi") + len("Syrskyi"))
        assert other_source is not None and first.source is not None
        return [
            *attributions,
            dataclasses.replace(first, contents=list(first.contents)),
            dataclasses.replace(first, source=other_source, contents=list(first.contents)),
        ]

    plain = annotate(annotator, text)
    monkeypatch.setattr(attribution, "find_attributions", with_twins)
    document = make_document(text, published=date(2023, 3, 4))
    (annotations,) = annotator.annotate([document])
    assert_unique_ids(annotations)
    assert len(annotations.claims) == len(plain.claims) + 1
    first = plain.claims[0]
    assert {c.id for c in annotations.claims if (c.start, c.cue_start) == (first.start, first.cue_start)} == {
        first.id,
        next(c.id for c in annotations.claims if c.source_text == "Syrskyi"),
    }
    with Store.open(tmp_path / "sitroom.db") as store:  # the write that failed with UNIQUE claims.id
        store.add_document(document)
        store.save_annotations([annotations], "v1")
        assert len(list(store.rows("claims"))) == len(annotations.claims)


def test_a_key_taken_by_another_record_gets_a_new_id_and_the_same_record_its_old_one() -> None:
    ids = RecordIds("clm")
    first = ids.id_for(("content", "source A"), "doc", 0, 10, 12)
    assert first == stable_id("clm", "doc", 0, 10, 12)  # the key's id, as before issue 16
    second = ids.id_for(("content", "source B"), "doc", 0, 10, 12)
    third = ids.id_for(("content", "source C"), "doc", 0, 10, 12)
    assert len({first, second, third}) == 3
    assert ids.id_for(("content", "source B"), "doc", 0, 10, 12) == second
    again = RecordIds("clm")  # the next run hands out the same ids in the same order
    replayed = [again.id_for(("content", source), "doc", 0, 10, 12) for source in ("source A", "source B")]
    assert replayed == [first, second]


def test_records_given_one_id_are_merged_keeping_the_first() -> None:
    place = Place(id="plc_1", doc="d", start=0, end=4, text="Kyiv", gazetteer_id=None, confidence=0.9)
    copy = Place(id="plc_1", doc="d", start=0, end=4, text="Kyiv", gazetteer_id=None, confidence=0.5)
    other = Place(id="plc_2", doc="d", start=9, end=13, text="Lviv", gazetteer_id=None, confidence=0.9)
    assert unique_records([place, copy, other]) == [place, other]
