"""Reconciliation over hand-made annotations: incidents, independence, contradictions, stories."""

from __future__ import annotations

from datetime import date

import pytest

from builders import Report, save
from sitroom.reconcile import reconcile


def incidents(store):
    return list(store.rows("incidents"))


def links(store, kind):
    return [row for row in store.rows("links") if row["kind"] == kind]


def test_reports_of_one_event_become_one_incident_with_narrowing_dates(store):
    vague = Report("Ukrainian troops retook Izium in September.", date(2022, 9, 30), "Outlet A")
    vague.event("retook", "CONTROL", place="Izium", date_="2022-09", control_side="UA")
    exact = Report("Ukraine recaptured Izium on Saturday.", date(2022, 9, 11), "Outlet B")
    exact.event("recaptured", "CONTROL", place="Izium", date_="2022-09-10", control_side="UA")
    elsewhere = Report("Ukraine recaptured Lyman.", date(2022, 10, 1), "Outlet B")
    elsewhere.event("recaptured", "CONTROL", place="Lyman", control_side="UA")
    save(store, vague, exact, elsewhere)

    summary = reconcile(store)

    assert summary.incidents == 2
    izium = next(i for i in incidents(store) if i["place_name"] == "Izium")
    assert (izium["date_start"], izium["date_end"]) == ("2022-09-10", "2022-09-10")
    assert izium["mentions"] == [exact.annotations.events[0].id, vague.annotations.events[0].id]
    assert izium["first_reported"] == "2022-09-11" and izium["last_reported"] == "2022-09-30"
    assert izium["status"] == "corroborated" and izium["origins"] == ["outlet:outlet b", "outlet:outlet a"]
    assert len(links(store, "same_event")) == 3
    (corroboration,) = links(store, "corroborates")
    assert corroboration["source"] == vague.annotations.events[0].id


def test_mentions_that_do_not_overlap_in_time_are_separate_incidents(store):
    first = Report("Missiles hit Izium on Monday.", date(2022, 9, 6), "Outlet A")
    first.event("hit", "ASSAULT", place="Izium", date_="2022-09-05")
    second = Report("Missiles hit Izium again on Friday.", date(2022, 9, 10), "Outlet A")
    second.event("hit", "ASSAULT", place="Izium", date_="2022-09-09")
    save(store, first, second)
    reconcile(store)
    assert [i["date_start"] for i in incidents(store)] == ["2022-09-05", "2022-09-09"]
    assert all(i["status"] == "single_source" for i in incidents(store))


def test_outlets_quoting_the_same_speaker_are_one_origin(store):
    reports = []
    for outlet in ("Outlet A", "Outlet B"):
        report = Report(
            f"{outlet}: the ISW said Russian forces withdrew from Izium.", date(2022, 9, 11), outlet
        )
        claim = report.claim("Russian forces withdrew from Izium", "isw")
        report.event("withdrew", "CONTROL", place="Izium", claim=claim, modality="claimed", control_side="UA")
        reports.append(report)
    save(store, *reports)
    reconcile(store)
    (incident,) = incidents(store)
    assert incident["origins"] == ["entity:ent_isw"]
    assert incident["status"] == "single_source" and incident["modality"] == "claimed"
    assert links(store, "corroborates") == []


def test_a_syndicated_copy_is_not_an_independent_origin(store):
    original = Report("Ukraine retook Izium, the wire reported.", date(2022, 9, 11), "Wire")
    original.event("retook", "CONTROL", place="Izium", control_side="UA")
    copy = Report("Ukraine retook Izium, the wire reported. Reprinted.", date(2022, 9, 11), "Local paper")
    copy.event("retook", "CONTROL", place="Izium", control_side="UA")
    save(store, original, copy, near_duplicate=(copy, original))
    summary = reconcile(store)
    (incident,) = incidents(store)
    assert incident["origins"] == ["outlet:wire"]
    (story,) = links(store, "same_story")
    assert (story["source"], story["target"]) == (copy.document.id, original.document.id)
    assert summary.stories == 1


def test_opposite_control_claims_contradict(store):
    ukrainian = Report("Kyiv says its forces took Lyman.", date(2022, 10, 1), "Outlet A")
    ukrainian.event("took", "CONTROL", place="Lyman", control_side="UA")
    russian = Report("Moscow says its forces hold and took Lyman back.", date(2022, 10, 2), "Outlet B")
    russian.event("took", "CONTROL", place="Lyman", control_side="RU")
    save(store, ukrainian, russian)
    summary = reconcile(store)
    (contradiction,) = links(store, "contradicts")
    assert {contradiction["source"], contradiction["target"]} == {
        ukrainian.annotations.events[0].id,
        russian.annotations.events[0].id,
    }
    assert "control of Lyman" in contradiction["explanation"]
    assert summary.contested == 2
    assert {i["status"] for i in incidents(store)} == {"contested"}


def test_a_denial_contradicts_the_report_it_denies(store):
    report = Report("A missile struck a market in Izium.", date(2022, 9, 5), "Outlet A")
    report.event("struck", "ASSAULT", place="Izium")
    denial = Report("The Kremlin denied striking Izium.", date(2022, 9, 6), "Outlet B")
    claim = denial.claim("striking Izium", "kremlin", stance=["denial"])
    denial.event("striking", "ASSAULT", place="Izium", modality="negated", claim=claim)
    save(store, report, denial)
    reconcile(store)
    (contradiction,) = links(store, "contradicts")
    assert "Kremlin denies the assault at Izium" in contradiction["explanation"]
    (incident,) = incidents(store)
    assert incident["status"] == "contested"


def test_a_denial_contradicts_each_origin_that_reports_it(store):
    ministry = Report("A missile struck a market in Izium.", date(2022, 9, 5), "Ministry bulletin")
    ministry.event("struck", "ASSAULT", place="Izium")
    wire = Report("A missile hit a market in Izium, a wire agency reported.", date(2022, 9, 5), "Outlet A")
    wire.event("hit", "ASSAULT", place="Izium")
    denial = Report("The Kremlin denied striking Izium.", date(2022, 9, 6), "Outlet B")
    claim = denial.claim("striking Izium", "kremlin", stance=["denial"])
    denial.event("striking", "ASSAULT", place="Izium", modality="negated", claim=claim)
    save(store, ministry, wire, denial)
    reconcile(store)
    assert len(incidents(store)) == 1  # the two reports of the strike are one incident
    contradictions = links(store, "contradicts")
    assert len(contradictions) == 2  # one per account the denial answers
    assert {link["explanation"].rsplit("that ", 1)[1] for link in contradictions} == {
        'Ministry bulletin ("struck") reports',
        'Outlet A ("hit") reports',
    }


def test_a_denial_answers_an_origin_in_its_own_report_not_where_another_relays_it(store):
    relay = Report("The Russian Ministry of Defence claimed that a missile struck Izium.", date(2022, 9, 5),
                   "Think tank daily")  # fmt: skip
    claimed = relay.claim("a missile struck Izium", "mod_ru")
    relay.event("struck", "ASSAULT", place="Izium", modality="claimed", claim=claimed)
    own = Report("A missile struck a market in Izium.", date(2022, 9, 5), "Russian Ministry of Defence")
    own.event("struck", "ASSAULT", place="Izium")
    denial = Report("The Kremlin denied striking Izium.", date(2022, 9, 6), "Outlet B")
    claim = denial.claim("striking Izium", "kremlin", stance=["denial"])
    denial.event("striking", "ASSAULT", place="Izium", modality="negated", claim=claim)
    save(store, relay, own, denial)
    reconcile(store)
    (contradiction,) = links(store, "contradicts")
    answered = {contradiction["source"], contradiction["target"]}
    assert own.annotations.events[0].id in answered


def test_conflicting_statements_of_intent_contradict(store):
    warning = Report("Reznikov said Russia is preparing to mobilise again.", date(2023, 2, 1), "Outlet A")
    plan = warning.claim("Russia is preparing to mobilise again", "reznikov")
    warning.event("mobilise", "MOBILIZE", modality="planned", claim=plan, actor="russia")
    disavowal = Report("The Kremlin said Russia has no plans to mobilise.", date(2023, 2, 2), "Outlet B")
    no_plan = disavowal.claim("Russia has no plans to mobilise", "kremlin")
    disavowal.event("mobilise", "MOBILIZE", modality="negated", claim=no_plan, actor="russia")
    save(store, warning, disavowal)
    reconcile(store)
    (contradiction,) = links(store, "contradicts")
    assert contradiction["explanation"] == (
        'intent of RU to mobilize: Oleksii Reznikov ("mobilise") says it is planned, '
        'Kremlin ("mobilise") says it is not'
    )
    assert incidents(store) == []  # neither a plan nor a disavowal is something that happened


def mobilisation(
    figure: int, published: date, outlet: str, speaker: str | None, event: bool = True
) -> Report:
    """A report that Russia mobilised ``figure`` soldiers, by ``speaker`` (else the outlet)."""
    said = f"Russia mobilised {figure:,} soldiers"
    report = Report(f"{said}, officials said.", published, outlet)
    quantity = report.quantity(f"{figure:,}", figure, "soldier", owner="russia")
    claim = report.claim(said, speaker) if speaker else None
    if claim is not None:
        claim.contains.append(quantity.id)
    if event:
        report.event(
            "mobilised", "MOBILIZE", modality="claimed", claim=claim, actor="russia", quantities=(quantity,)
        )
    return report


@pytest.mark.parametrize(("other", "contradicts"), [(500_000, True), (320_000, False)])
def test_figures_for_the_same_count_contradict_beyond_the_tolerance(store, other, contradicts):
    save(
        store,
        mobilisation(300_000, date(2022, 10, 28), "Outlet A", "kremlin"),
        mobilisation(other, date(2022, 11, 2), "Outlet B", "reznikov"),
    )
    reconcile(store)
    found = links(store, "contradicts")
    assert bool(found) is contradicts
    if contradicts:
        assert found[0]["explanation"] == (
            'mobilize by RU, mobilised people: Kremlin gives "300,000" (soldier), '
            'Oleksii Reznikov gives "500,000" (soldier)'
        )


def test_a_figure_contradicts_each_report_of_the_other_origins_figure(store):
    save(
        store,
        mobilisation(300_000, date(2022, 10, 28), "Outlet A", "kremlin"),
        mobilisation(310_000, date(2022, 10, 29), "Outlet C", "kremlin"),
        mobilisation(500_000, date(2022, 11, 2), "Outlet B", "reznikov"),
    )
    reconcile(store)
    found = links(store, "contradicts")
    # The Kremlin's figures (300,000, then 310,000: within the tolerance, they agree) as each outlet
    # reports them, each against Reznikov's.
    assert len(found) == 2
    assert all("Oleksii Reznikov gives" in link["explanation"] for link in found)


def test_figures_far_apart_in_time_do_not_contradict(store):
    save(
        store,
        mobilisation(300_000, date(2022, 10, 28), "Outlet A", None),
        mobilisation(500_000, date(2023, 6, 1), "Outlet B", None),
    )
    reconcile(store)
    assert links(store, "contradicts") == []


def test_figures_of_one_owner_without_an_event_are_not_one_count(store):
    """ "Russia has 500,000 soldiers in Ukraine" is not a count of the 300,000 it mobilised."""
    save(
        store,
        mobilisation(300_000, date(2022, 10, 28), "Outlet A", "kremlin"),
        mobilisation(500_000, date(2022, 11, 2), "Outlet B", "reznikov", event=False),
    )
    reconcile(store)
    assert links(store, "contradicts") == []


def test_reconciling_again_gives_the_same_rows(store):
    first = Report("Ukraine retook Izium.", date(2022, 9, 11), "Outlet A")
    first.event("retook", "CONTROL", place="Izium", control_side="UA")
    second = Report("Russia took Izium, Moscow said.", date(2022, 9, 12), "Outlet B")
    second.event("took", "CONTROL", place="Izium", control_side="RU")
    save(store, first, second)
    reconcile(store)
    before = (incidents(store), list(store.rows("links")))
    reconcile(store)
    assert (incidents(store), list(store.rows("links"))) == before
