from __future__ import annotations

from copy import deepcopy
from datetime import date
from itertools import combinations

import pytest

from conftest import make_document
from sitroom.records import Annotations, Mention, Place, stable_id
from sitroom.resolve import (
    ROLE_LABEL,
    KnowledgeBaseError,
    entity_key,
    load_knowledge_base,
    resolve_entities,
)


def annotated(text: str, *names: tuple[str, str], published: date | None = None) -> Annotations:
    """Annotations as the NER component would leave them: one mention per (surface, label)."""
    document = make_document(text, published=published)
    annotations = Annotations(doc=document.id, sentences=_sentences(text))
    position = 0
    for surface, label in names:
        start = text.index(surface, position)
        position = end = start + len(surface)
        mention_id = stable_id("men", document.id, start, end)
        annotations.mentions.append(Mention(mention_id, document.id, start, end, surface, label, sentence=0))
    resolve_entities(annotations, text=text, published=published)
    return annotations


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for index, char in enumerate(text):
        if char == ".":
            spans.append((start, index + 1))
            start = index + 2
    return spans


def entity_of(annotations: Annotations, surface: str):
    (mention,) = [m for m in annotations.mentions if m.text == surface]
    (entity,) = [e for e in annotations.entities if e.id == mention.entity]
    return entity


def kb_entity_id(kb_id: str) -> str:
    return stable_id("ent", "kb", kb_id)


@pytest.mark.parametrize(
    ("kb_id", "variants"),
    [
        ("ua.zelensky", ["Zelensky", "Zelenskyy", "Zelenskiy", "Volodymyr Zelenskyy"]),
        ("ua.syrskyi", ["Syrskyi", "Syrsky", "Syrskyj", "Oleksandr Syrskyi", "Alexander Syrsky"]),
        ("ua.zaluzhnyi", ["Zaluzhnyi", "Zaluzhny", "Valery Zaluzhny", "Zalužnyi"]),
        ("ua.syniehubov", ["Syniehubov", "Oleg Sinegubov", "Oleh Syniehubov"]),
        # Machine translation drops the articles inside a name.
        (
            "ru.mod",
            ["Ministry of Defence of Russian Federation", "Ministry of Defense of the Russian Federation"],
        ),
    ],
)
def test_spelling_variants_across_documents_resolve_to_one_kb_entity(kb_id, variants):
    for variant in variants:
        entity = entity_of(annotated(f"{variant} spoke.", (variant, "PERSON")), variant)
        assert (entity.id, entity.kb_id) == (kb_entity_id(kb_id), kb_id), variant


def test_kb_entity_keeps_its_canonical_name_and_collects_surface_aliases():
    annotations = annotated(
        "President Zelenskyy spoke. Zelensky thanked troops.",
        ("Zelenskyy", "PERSON"),
        ("Zelensky", "PERSON"),
    )
    (entity,) = annotations.entities
    assert entity.name == "Volodymyr Zelensky"
    assert entity.aliases == ["Zelenskyy", "Zelensky"]


@pytest.mark.parametrize(
    "surface",
    [
        "ISW",
        "Institute for the Study of War",
        "War Research Institute",
        "Institute for War Studies",
        "American War Research Institute",  # a country's adjective before a garble of its own body
    ],
)
def test_isw_acronym_and_machine_translation_garbles(surface):
    entity = entity_of(annotated(f"The {surface} said so.", (surface, "ORG")), surface)
    assert entity.kb_id == "org.isw"
    assert entity.name == "Institute for the Study of War"
    assert entity.type == "organisation"


@pytest.mark.parametrize("surface", ["Russian War Research Institute", "American Research Institute"])
def test_a_country_adjective_does_not_stretch_a_name_to_another_countrys_body(surface):
    entity = entity_of(annotated(f"The {surface} said so.", (surface, "ORG")), surface)
    assert entity.kb_id is None


@pytest.mark.parametrize(
    ("published", "holder"),
    [(date(2023, 3, 1), "ua.reznikov"), (date(2024, 3, 1), "ua.umerov")],
)
@pytest.mark.parametrize(
    "phrase",
    [
        "Ukraine's defence minister",
        "the Ukrainian Defence Minister",
        "Minister of Defence of Ukraine",
    ],
)
def test_role_description_resolves_to_the_holder_on_the_publication_date(phrase, published, holder):
    text = f"Troops held the line. {phrase} visited Kharkiv."
    annotations = annotated(text, published=published)
    (mention,) = annotations.mentions
    assert mention.label == ROLE_LABEL
    assert text[mention.start : mention.end] == mention.text
    assert mention.text.casefold() == phrase.removeprefix("the ").casefold()
    assert mention.id == stable_id("men", annotations.doc, mention.start, mention.end)
    assert mention.sentence == 1
    assert mention.entity == kb_entity_id(holder)
    (entity,) = annotations.entities
    assert (entity.kb_id, entity.aliases) == (holder, [])


def test_russian_role_and_role_boundaries():
    text = "Russia’s defence minister spoke."
    holders = {
        day: [m.entity for m in annotated(text, published=day).mentions]
        for day in (date(2024, 5, 12), date(2024, 5, 13), date(2024, 5, 14))
    }
    assert holders[date(2024, 5, 12)] == [kb_entity_id("ru.shoigu")]
    assert holders[date(2024, 5, 13)] == []  # between Shoigu's removal and Belousov's appointment
    assert holders[date(2024, 5, 14)] == [kb_entity_id("ru.belousov")]


def test_role_descriptions_need_a_publication_date_and_respect_acronym_case():
    assert annotated("Ukraine's defence minister spoke.").mentions == []
    annotations = annotated("He told us president-elect news.", published=date(2023, 1, 1))
    assert annotations.mentions == []


def test_a_role_mention_and_a_name_mention_of_the_holder_share_the_entity():
    annotations = annotated(
        "Russian Defence Minister Sergei Shoigu arrived.",
        ("Sergei Shoigu", "PERSON"),
        published=date(2023, 6, 1),
    )
    assert [m.label for m in annotations.mentions] == [ROLE_LABEL, "PERSON"]
    assert {m.entity for m in annotations.mentions} == {kb_entity_id("ru.shoigu")}
    assert annotations.entities[0].aliases == ["Sergei Shoigu"]


def test_resolving_twice_gives_the_same_result():
    annotations = annotated(
        "Ukraine's defence minister met Putin.", ("Putin", "PERSON"), published=date(2023, 3, 1)
    )
    before = deepcopy((annotations.mentions, annotations.entities))
    resolve_entities(annotations, text="Ukraine's defence minister met Putin.", published=date(2023, 3, 1))
    assert (annotations.mentions, annotations.entities) == before


@pytest.mark.parametrize(
    ("surface", "label", "side"),
    [
        ("Putin", "PERSON", "RU"),
        ("Zelensky", "PERSON", "UA"),
        ("NATO", "ORG", "NATO"),
        ("Stoltenberg", "PERSON", "NATO"),
        ("Wagner Group", "ORG", "RU"),
        ("ZSU", "ORG", "UA"),
        ("Vostok group of forces", "ORG", "RU"),
        ("Tavria group of forces", "ORG", "UA"),
        ("ISW", "ORG", None),
    ],
)
def test_sides_come_from_the_knowledge_base(surface, label, side):
    assert entity_of(annotated(f"{surface} spoke.", (surface, label)), surface).side == side


def test_unknown_name_stays_a_non_kb_entity():
    entity = entity_of(annotated("Ivan Testenko spoke.", ("Ivan Testenko", "PERSON")), "Ivan Testenko")
    assert entity.kb_id is None and entity.side is None
    assert entity.id == stable_id("ent", "person", entity_key("Ivan Testenko"))


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("Ukrainian military spokesman Ivan Testenko spoke.", "UA"),
        ("Ukraine's deputy defence minister Ivan Testenko spoke.", "UA"),
        ("The Russian-installed governor Ivan Testenko spoke.", "RU"),
        ("British defence official Ivan Testenko spoke.", "NATO"),
        # a title that is no office says nothing of the person's camp
        ("Russian journalist Ivan Testenko spoke.", None),
        ("The Russian opposition politician Ivan Testenko spoke.", None),
        # nor does an adjective in another clause
        ("Ukrainian officials were silent. Governor Ivan Testenko spoke.", None),
    ],
)
def test_a_person_the_base_lacks_takes_the_side_of_the_title_before_the_name(text, side):
    annotations = annotated(text, ("Ivan Testenko", "PERSON"), published=date(2023, 5, 1))
    entity = entity_of(annotations, "Ivan Testenko")
    assert entity.kb_id is None and entity.side == side


def test_document_context_beats_the_knowledge_base_for_a_bare_surname():
    annotations = annotated(
        "Hunter Biden testified. Biden said little.",
        ("Hunter Biden", "PERSON"),
        ("Biden", "PERSON"),
    )
    assert entity_of(annotations, "Biden").kb_id is None
    assert entity_of(annotations, "Biden").name == "Hunter Biden"
    assert entity_of(annotated("Biden spoke.", ("Biden", "PERSON")), "Biden").kb_id == "us.biden"


def test_ambiguous_alias_and_place_named_unit_are_not_resolved():
    assert entity_of(annotated("Fedorov spoke.", ("Fedorov", "PERSON")), "Fedorov").kb_id is None
    sea = entity_of(annotated("Ships in the Azov.", ("Azov", "LOC")), "Azov")
    assert (sea.kb_id, sea.type) == (None, "location")
    assert entity_of(annotated("Azov fighters.", ("Azov", "ORG")), "Azov").kb_id == "ua.azov"


def test_bundled_roles_never_have_two_holders_on_one_day():
    kb = load_knowledge_base()
    spans: dict[tuple[str, str | None], list[tuple[date, date, str]]] = {}
    for actor in kb.actors.values():
        for role in actor.roles:
            start, until = role.start or date.min, role.until or date.max
            spans.setdefault((role.title, role.of), []).append((start, until, actor.kb_id))
    for role, ranges in spans.items():
        for (a_start, a_until, a), (b_start, b_until, b) in combinations(ranges, 2):
            if a != b:
                assert a_until < b_start or b_until < a_start, (role, a, b)


USER_KB = """
titles:
  drone_forces_commander: [drone forces commander, commander of the Unmanned Systems Forces]
actors:
  - id: user.testenko
    name: Ivan Testenko
    type: person
    country: UA
    side: UA
    aliases: [Testenko, Iwan Testenko]
    roles:
      - {role: drone_forces_commander, of: UA, from: 2030-01-01}
  - id: org.isw
    name: ISW (user override)
    type: organisation
    aliases: [ISW]
"""


def test_a_user_file_adds_and_overrides_actors(tmp_path):
    path = tmp_path / "my_actors.yaml"
    path.write_text(USER_KB, encoding="utf-8")
    kb = load_knowledge_base(path)
    assert kb.lookup(entity_key("Ivan Testenko")).kb_id == "user.testenko"
    assert kb.lookup(entity_key("Iwan Testenko")).kb_id == "user.testenko"
    assert kb.lookup(entity_key("ISW")).name == "ISW (user override)"
    assert kb.lookup(entity_key("War Research Institute")) is None  # the override drops it
    assert kb.lookup(entity_key("Putin")).kb_id == "ru.putin"  # bundled entries remain
    text = "Ukraine's drone forces commander said."
    assert [actor.kb_id for *_, actor in kb.find_roles(text, date(2030, 6, 1))] == ["user.testenko"]
    assert load_knowledge_base().lookup(entity_key("Testenko")) is None  # no leak into the default
    assert kb.version != load_knowledge_base().version  # a changed knowledge base reprocesses


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "actors:\n  - {id: bad.one, type: person}\n",
            "actor #1 (bad.one): missing or non-text name",
        ),
        (
            "actors:\n  - {id: a, name: A, type: person}\n  - [oops]\n",
            "actor #2: expected a mapping",
        ),
        ("actors:\n  - {id: b, name: B, type: robot}\n", "actor #1 (b): type must be one of"),
        (
            "actors:\n  - {id: c, name: C, type: person, roles: [{role: pope}]}\n",
            "actor #1 (c): role #1: unknown role 'pope'",
        ),
        (
            "actors:\n  - {id: d, name: D, type: person,"
            " roles: [{role: president, of: UA, from: 2024-13-01}]}\n",
            "actor #1 (d): role #1: 'from' must be a date",
        ),
        ("actors: [\n", "not valid YAML"),
    ],
)
def test_a_malformed_file_names_the_file_and_the_entry(tmp_path, content, expected):
    path = tmp_path / "broken.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as raised:
        load_knowledge_base(path)
    assert str(raised.value).startswith(str(path))
    assert expected in str(raised.value)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(KnowledgeBaseError, match="cannot read"):
        load_knowledge_base(tmp_path / "absent.yaml")


def test_knowledge_base_names_ner_missed_become_mentions():
    text = "The 93rd Mechanized Brigade held the line while Russian troops advanced."
    annotations = annotated(text, ("Russian", "NORP"))
    assert entity_of(annotations, "93rd Mechanized Brigade").kb_id == "ua.93rd_brigade"
    assert entity_of(annotations, "Russian troops").kb_id == "ru.armed_forces"
    assert "Russian" not in {m.text for m in annotations.mentions}  # gave way to the longer name
    for mention in annotations.mentions:
        assert text[mention.start : mention.end] == mention.text


def test_a_knowledge_base_name_never_splits_a_longer_ner_mention():
    text = "Commanders of the 93rd Mechanized Brigade Training Centre spoke."
    surface = "the 93rd Mechanized Brigade Training Centre"
    annotations = annotated(text, (surface, "ORG"))
    assert [m.text for m in annotations.mentions] == [surface]


def test_spellings_of_one_resolved_place_are_one_entity_named_by_the_gazetteer():
    text = "Shelling hit Kupiansk. Kupyansk lost power. Russia denied it."
    names = [("Kupiansk", "GPE"), ("Kupyansk", "NORP"), ("Russia", "GPE")]
    document = make_document(text)
    annotations = Annotations(doc=document.id, sentences=_sentences(text))
    for surface, label in names:
        start = text.index(surface)
        end = start + len(surface)
        annotations.mentions.append(
            Mention(stable_id("men", document.id, start, end), document.id, start, end, surface, label, 0)
        )
    resolved = {"Kupiansk": ("geonames:704147", "city", "UA"), "Kupyansk": ("geonames:704147", "city", "UA")}
    resolved["Russia"] = ("geonames:2017370", "country", "RU")
    for surface, (gazetteer_id, feature, country) in resolved.items():
        start = text.index(surface)
        annotations.places.append(
            Place(
                stable_id("plc", document.id, start),
                document.id,
                start,
                start + len(surface),
                surface,
                gazetteer_id,
                name="Kupiansk" if feature == "city" else "Russia",
                feature=feature,
                country=country,
                confidence=0.9,
            )
        )
    resolve_entities(annotations, text=text)
    town = entity_of(annotations, "Kupiansk")
    assert entity_of(annotations, "Kupyansk") is town
    assert (town.name, town.type, town.side) == ("Kupiansk", "location", None)
    assert sorted(town.aliases) == ["Kupiansk", "Kupyansk"]
    assert entity_of(annotations, "Russia").side == "RU"


def test_a_lone_surname_ner_missed_is_the_person_named_in_full_in_any_spelling():
    text = "Oleksandr Syrsky visited Kupiansk. Syrskyi said the line held. Oleksandr Tarnavskyi agreed."
    text += " Tarnavskyi gave no figures."
    annotations = annotated(text, ("Oleksandr Syrsky", "PERSON"), ("Oleksandr Tarnavskyi", "PERSON"))
    assert entity_of(annotations, "Syrskyi").kb_id == "ua.syrskyi"
    tarnavskyi = entity_of(annotations, "Tarnavskyi")
    assert tarnavskyi.kb_id is None and tarnavskyi.name == "Oleksandr Tarnavskyi"
    assert {m.label for m in annotations.mentions if m.text in ("Syrskyi", "Tarnavskyi")} == {"SURNAME"}
    assert [m.text for m in annotations.mentions if m.label == "SURNAME"] == ["Syrskyi", "Tarnavskyi"]


def test_an_acronym_or_a_word_no_one_is_named_by_is_not_a_surname():
    text = "Kim Jong Un watched a launch. The UN condemned it. Un-named officials said little."
    annotations = annotated(text, ("Kim Jong Un", "PERSON"))
    assert [m.label for m in annotations.mentions] == ["PERSON"]


@pytest.mark.parametrize(
    ("surface", "kb_id"),
    [
        ("Ministry of Defense of the Russian Federation", "ru.mod"),
        ("Ukrainian Ministry of Defense", "ua.mod"),
    ],
)
def test_american_spellings_meet_british_ones(surface, kb_id):
    assert entity_of(annotated(f"The {surface} said.", (surface, "ORG")), surface).kb_id == kb_id


@pytest.mark.parametrize(
    ("phrase", "published", "holder"),
    [
        ("Belarusian defence minister", date(2023, 2, 1), "by.khrenin"),
        ("Iran's foreign minister", date(2023, 2, 1), "ir.amir_abdollahian"),
        ("Iran's foreign minister", date(2025, 2, 1), "ir.araghchi"),
        ("North Korea's foreign minister", date(2024, 11, 1), "kp.choe_son_hui"),
    ],
)
def test_roles_in_belarus_iran_and_north_korea(phrase, published, holder):
    (mention,) = annotated(f"{phrase} spoke.", published=published).mentions
    assert mention.entity == kb_entity_id(holder)


def test_a_publisher_the_base_knows_as_a_body_is_an_entity_of_the_document():
    text = "The ministry said the attack was repelled."
    for publisher, kb_id in [
        ("Ministry of Defence of the Russian Federation", "ru.mod"),
        ("Volodymyr Zelensky", None),  # a person publishing is no body speaking
        ("Frontline Notebook", None),
    ]:
        annotations = Annotations(doc="doc_1", sentences=[(0, len(text))])
        resolve_entities(annotations, text=text, publisher=publisher)
        assert [entity.kb_id for entity in annotations.entities] == ([kb_id] if kb_id else [])


@pytest.mark.parametrize(
    ("publisher", "kb_id"),
    [
        ("Ministry of Defence of the Russian Federation", "ru.mod"),
        ("Ministry of Defence of Ukraine", "ua.mod"),
        ("Frontline Notebook", None),  # no body publishing: the short name stays a name of its own
    ],
)
def test_a_body_named_short_in_its_own_release_is_the_publisher(publisher, kb_id):
    text = "More than 600 servicemen were destroyed, the Ministry of Defence said."
    start = text.index("Ministry of Defence")
    mention = Mention(
        "men_1", "doc_1", start, start + len("Ministry of Defence"), "Ministry of Defence", "ORG", 0
    )
    annotations = Annotations(doc="doc_1", sentences=[(0, len(text))], mentions=[mention])
    resolve_entities(annotations, text=text, publisher=publisher)
    (entity,) = [e for e in annotations.entities if e.id == annotations.mentions[0].entity]
    assert entity.kb_id == kb_id
