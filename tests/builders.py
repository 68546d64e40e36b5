"""Builders of hand-made documents and annotations for tests of the stages after annotation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from conftest import make_document
from sitroom.records import Annotations, Claim, Entity, Event, Participant, Place, Quantity, stable_id

ENTITIES = {
    "isw": Entity(id="ent_isw", name="Institute for the Study of War", type="organisation"),
    "kremlin": Entity(id="ent_kremlin", name="Kremlin", type="organisation", side="RU"),
    "reznikov": Entity(id="ent_reznikov", name="Oleksii Reznikov", type="person", side="UA"),
    "russia": Entity(id="ent_russia", name="Russia", type="organisation", side="RU"),
    "ukraine": Entity(id="ent_ukraine", name="Ukraine", type="organisation", side="UA"),
    "shoigu": Entity(id="ent_shoigu", name="Sergei Shoigu", type="person", side="RU"),
    "putin": Entity(id="ent_putin", name="Vladimir Putin", type="person", side="RU"),
    "lavrov": Entity(id="ent_lavrov", name="Sergei Lavrov", type="person", side="RU"),
    "mod_ru": Entity(id="ent_mod_ru", name="Russian Ministry of Defence", type="organisation", side="RU"),
    "syniehubov": Entity(id="ent_syniehubov", name="Oleh Syniehubov", type="person", side="UA"),
    "general_staff": Entity(id="ent_general_staff", name="General Staff", type="organisation", side="UA"),
}
PLACES = {
    "Izium": ("geonames:706483", 49.21, 37.25),
    "Lyman": ("geonames:702320", 48.99, 37.80),
    "Kyiv": ("geonames:703448", 50.45, 30.52),
    "Chernihiv": ("geonames:710735", 51.50, 31.30),
    "Kurakhove": ("geonames:695357", 47.98, 37.28),
    "Harbin": ("geonames:2037013", 45.75, 126.65),
    "Spain": ("geonames:2510769", 40.0, -4.0, "country"),
    "Kharkiv Oblast": ("iso3166-2:UA-63", 49.6, 36.5, "admin1"),
    "Ukraine": ("geonames:690791", 49.0, 32.0, "country"),
    "Moscow": ("geonames:524901", 55.75, 37.62),
}


@dataclass
class Report:
    """One document and its annotations, built by naming the words each record covers."""

    text: str
    published: date | None
    source: str | None = None
    annotations: Annotations = field(init=False)

    def __post_init__(self) -> None:
        self.document = make_document(self.text, published=self.published, source=self.source)
        self.annotations = Annotations(doc=self.document.id)

    def _span(self, words: str) -> tuple[int, int]:
        start = self.text.index(words)
        return start, start + len(words)

    def place(self, name: str) -> Place:
        start, end = self._span(name)
        gazetteer_id, lat, lon, *feature = PLACES[name]
        place = Place(id=stable_id("plc", self.document.id, start), doc=self.document.id, start=start,
                      end=end, text=name, gazetteer_id=gazetteer_id, name=name, lat=lat, lon=lon,
                      feature=feature[0] if feature else None)  # fmt: skip
        self.annotations.places.append(place)
        return place

    def claim(self, content: str, speaker: str | None, cue: str | None = None, **fields: object) -> Claim:
        start, end = self._span(content)
        if cue is not None:
            fields.update(zip(("cue", "cue_start", "cue_end"), (cue, *self._span(cue)), strict=True))
        entity = ENTITIES[speaker] if speaker else None
        if entity is not None:
            self.annotations.entities.append(entity)
        claim = Claim(id=stable_id("clm", self.document.id, start), doc=self.document.id, start=start,
                      end=end, text=content, kind="indirect", speaker=entity.id if entity else None,
                      **fields)  # type: ignore[arg-type]  # fmt: skip
        self.annotations.claims.append(claim)
        return claim

    def event(self, trigger: str, type_: str, *, place: str | None = None, date_: str | None = None,
              modality: str = "asserted", claim: Claim | None = None, actor: str | None = None,
              control_side: str | None = None, quantities: tuple[Quantity, ...] = ()) -> Event:  # fmt: skip
        start, end = self._span(trigger)
        actors = []
        if actor is not None:
            entity = ENTITIES[actor]
            self.annotations.entities.append(entity)
            actor_start, actor_end = self._span(entity.name)
            actors.append(Participant(actor_start, actor_end, entity.name, entity.id, entity.side))
        event = Event(
            id=stable_id("evt", self.document.id, start), doc=self.document.id, start=0, end=len(self.text),
            text=self.text, type=type_, trigger=trigger, trigger_start=start, trigger_end=end,
            modality=modality, actors=actors, place=self.place(place).id if place else None,  # type: ignore[arg-type]
            date=date_ or (self.published.isoformat() if self.published else None),
            date_precision="day" if date_ else "reported_on", claim=claim.id if claim else None,
            claimed_by=claim.speaker if claim else None, control_side=control_side,
            quantities=[q.id for q in quantities],
        )  # fmt: skip
        self.annotations.events.append(event)
        return event

    def quantity(self, words: str, value: float | None, counted: str | None, owner: str | None = None,
                 *, high: float | None = None, unit: str | None = None) -> Quantity:  # fmt: skip
        """A figure: ``value`` alone is exact; with ``high`` it is a range ("up to 60": None, 60)."""
        start, end = self._span(words)
        if owner is not None:
            self.annotations.entities.append(ENTITIES[owner])
        quantity = Quantity(id=stable_id("qty", self.document.id, start), doc=self.document.id, start=start,
                            end=end, text=words, low=value, high=value if high is None else high, unit=unit,
                            counted=counted, owner=ENTITIES[owner].id if owner else None)  # fmt: skip
        self.annotations.quantities.append(quantity)
        return quantity


def save(store, *reports: Report, near_duplicate: tuple[Report, Report] | None = None) -> None:
    for report in reports:
        original = None
        if near_duplicate is not None and report is near_duplicate[0]:
            original = (near_duplicate[1].document.id, 0.95)
        store.add_document(report.document, near_duplicate_of=original)
    store.save_annotations([report.annotations for report in reports], "test")
