"""One speaker, however the articles write it (sitroom.report.speakers)."""

from __future__ import annotations

import pytest

from sitroom.report.speakers import Speakers, bundled_speakers

STATES = {"UA": ["Ukraine", "Ukraine's", "Ukrainian", "Kyiv's"], "RU": ["Russia", "Russian", "Moscow's"]}


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Ukraine", "Ukraine"),
        ("Ukrainian", "Ukraine"),
        ("Kyiv", "Ukraine"),
        ("Ukrainian officials", "Ukraine"),
        ("Ukraine's government", "Ukraine"),
        ("officials in Kyiv", "Ukraine"),
        ("The Russian side", "Russia"),
        ("Moscow", "Russia"),
    ],
)
def test_a_state_speaking_through_its_officials_is_one_speaker(written, name):
    speakers = Speakers(STATES, ["officials", "government", "side"])
    assert speakers.of(written).name == name
    assert speakers.of(written).key == speakers.of(STATES["UA" if name == "Ukraine" else "RU"][0]).key


def test_other_speakers_keep_their_words_and_known_actors_their_entity():
    speakers = Speakers(STATES, ["officials"])
    # Only a state's words with a collective word are the state: its army, a city's council are not.
    assert speakers.of("Ukrainian army").name == "Ukrainian army"
    assert speakers.of("Kyiv city council").key != speakers.of("Kyiv").key
    assert speakers.of("The General Staff").key == speakers.of("General Staff").key
    assert speakers.of("The General Staff").name == "General Staff"
    assert speakers.of("the commander").name == "the commander"
    known = speakers.of("Ukraine", ("ent_kb_ukraine", "Cabinet of Ukraine"))
    assert known.name == "Cabinet of Ukraine" and known.key == "entity:ent_kb_ukraine"


def test_the_bundled_tables_know_the_sides_of_the_war():
    speakers = bundled_speakers()
    assert speakers.of("Ukrainian officials").name == speakers.of("Kyiv").name == "Ukraine"
    assert speakers.of("Russian authorities").name == "Russia"
