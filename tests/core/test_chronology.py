"""The chronology writes itself: what happened in TAC shows beside the events typed in."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from tac.chronology import agencies_in, family_chronology, filter_chronology, read_chronology
from tac.directory import Directory
from tac.models import (
    CLOSURE_REASON_LABELS,
    OUTCOME_LABELS,
    ChronologyEvent,
    ClosureReason,
    Family,
    FamilyStatus,
    MeetingStatus,
    ScreeningMeeting,
    Significance,
    StatusChange,
)
from tac.schema import _V9_CHRONOLOGY, LATEST, MIGRATIONS
from tac.store import Store

from .factories import family_file


@pytest.fixture
def walsh(store: Store):
    """The factory's family loaded: a referral from the school, its screening, an initial
    and a review TAC meeting, Priya as lead, one attendance event typed in by the school."""
    bundle, file = family_file()
    store.load(bundle, note="test")
    return bundle, file


def chronology_of(store: Store, family_id: str):
    return read_chronology(store, family_id)


def lines(entries) -> list[tuple[date, str, str, str, Significance, bool]]:
    return [(e.on, e.what, e.agency, e.summary, e.significance, e.written_by_tac) for e in entries]


def test_each_happening_in_tac_shows_with_its_date_and_wording(store, walsh):
    bundle, file = walsh
    school, early_help = bundle.agencies

    got = lines(chronology_of(store, file.family.id))

    assert got == [
        (date(2026, 1, 12), "School attendance", school.name,
         "Attendance fell to 82% this term.", Significance.HIGH, False),
        (date(2026, 2, 16), "Referral", school.name,
         "Referral received from Sam Okafor (Oakfield Primary School): Jayden is often late "
         "and hungry.", Significance.MEDIUM, True),
        (date(2026, 2, 24), "Screening decision", "",
         f"{OUTCOME_LABELS['early_help_tac']}, level 2: decided by the screening meeting of "
         "24 February 2026, chaired by Priya Shah, on the referral of 16 February 2026",
         Significance.MEDIUM, True),
        (date(2026, 2, 24), "Status: Open", "",
         "Open at level 2: Early help (targeted)", Significance.MEDIUM, True),
        (date(2026, 2, 24), "Lead professional", early_help.name,
         "Priya Shah, Family worker (Stockport Early Help) became the lead professional",
         Significance.LOW, True),
        (date(2026, 3, 3), "Initial TAC meeting", early_help.name,
         "Initial TAC meeting, chaired by Priya Shah; 2 people present",
         Significance.MEDIUM, True),
        (date(2026, 4, 14), "Review TAC meeting", early_help.name,
         "Review TAC meeting, chaired by Priya Shah", Significance.MEDIUM, True),
    ]
    # The same from the records in hand, without a store (as a document gathers them).
    directory = Directory.of(bundle.professionals, bundle.agencies)
    assert lines(family_chronology(file, directory, bundle.screening_meetings)) == got


def test_a_new_lead_a_step_up_and_a_closure_show_as_they_happen(store, walsh):
    bundle, file = walsh
    teacher = bundle.professionals[0]
    family = store.get(Family, file.family.id)
    family.set_lead_professional(teacher.id, date(2026, 4, 14))
    family.change_status(StatusChange(on=date(2026, 4, 14), status=FamilyStatus.OPEN, level=3,
                                      note="Worries grew at the review"))
    family.change_status(StatusChange(on=date(2026, 4, 20), status=FamilyStatus.STEPPED_UP,
                                      level=4, note="Stepped up after a review meeting"))
    family.change_status(StatusChange(on=date(2026, 5, 1), status=FamilyStatus.CLOSED, level=4,
                                      reason=ClosureReason.STEPPED_UP))
    store.save(family)

    late = [line for line in lines(chronology_of(store, family.id)) if line[0] >= date(2026, 4, 14)]

    assert late == [
        (date(2026, 4, 14), "Review TAC meeting", bundle.agencies[1].name,
         "Review TAC meeting, chaired by Priya Shah", Significance.MEDIUM, True),
        (date(2026, 4, 14), "Status: Open", "",
         "Open, from level 2 to level 3: Complex or intensive early help. Worries grew at "
         "the review", Significance.MEDIUM, True),
        (date(2026, 4, 14), "Lead professional", bundle.agencies[0].name,
         "Sam Okafor, Designated safeguarding lead (Oakfield Primary School) became the lead "
         "professional, after Priya Shah", Significance.LOW, True),
        (date(2026, 4, 20), "Status: Stepped up", "",
         "Stepped up at level 4: Specialist or statutory. Stepped up after a review meeting",
         Significance.HIGH, True),
        (date(2026, 5, 1), "Status: Closed", "",
         f"Closed: {CLOSURE_REASON_LABELS[ClosureReason.STEPPED_UP]}", Significance.HIGH, True),
    ]


def test_a_lead_professional_whose_term_ends_with_nobody_after_is_said(store, walsh):
    _, file = walsh
    family = store.get(Family, file.family.id)
    family.set_lead_professional(None, date(2026, 5, 1))
    store.save(family)
    last = chronology_of(store, family.id)[-1]
    assert (last.on, last.what, last.summary) == (
        date(2026, 5, 1), "Lead professional",
        "Priya Shah stopped being the lead professional; nobody holds the role now")


def test_a_typed_event_sits_beside_what_tac_wrote_on_the_same_day(store, walsh):
    bundle, file = walsh
    store.save(ChronologyEvent(family_id=file.family.id, occurred_on=date(2026, 2, 24),
                               kind="police_call_out", summary="[b]Shouting[/b] at 2am",
                               significance="high"))
    same_day = [(e.what, e.written_by_tac) for e in chronology_of(store, file.family.id)
                if e.on == date(2026, 2, 24)]
    assert same_day == [("Police call-out", False), ("Screening decision", True),
                        ("Status: Open", True), ("Lead professional", True)]


def test_a_screening_meeting_shows_only_this_familys_decision(store, walsh):
    bundle, file = walsh
    screenings = store.screenings_of_family(file.family.id)
    assert [[d.referral_id for d in m.decisions] for m in screenings] == [[file.referrals[0].id]]
    # An unfinished screening meeting decides nothing yet.
    meeting = store.get(ScreeningMeeting, bundle.screening_meetings[0].id)
    store.save(meeting.model_copy(update={"status": MeetingStatus.IN_PROGRESS}))
    assert store.screenings_of_family(file.family.id) == []
    assert "Screening decision" not in [e.what for e in chronology_of(store, file.family.id)]


def test_filtering_by_agency_and_by_significance(store, walsh):
    bundle, file = walsh
    school, early_help = bundle.agencies
    entries = chronology_of(store, file.family.id)

    assert agencies_in(entries) == [(school.id, school.name), (early_help.id, early_help.name)]
    from_school = filter_chronology(entries, agency_id=school.id)
    assert [e.what for e in from_school] == ["School attendance", "Referral"]
    high = filter_chronology(entries, at_least=Significance.HIGH)
    assert [e.what for e in high] == ["School attendance"]
    medium = filter_chronology(entries, at_least=Significance.MEDIUM)
    assert "Lead professional" not in [e.what for e in medium] and len(medium) == len(entries) - 1
    both = filter_chronology(entries, agency_id=early_help.id, at_least=Significance.MEDIUM)
    assert [e.what for e in both] == ["Initial TAC meeting", "Review TAC meeting"]
    assert filter_chronology(entries) == entries


def test_a_dump_keeps_only_typed_events_and_loads_back_the_same_chronology(store, walsh, tmp_path):
    _, file = walsh
    before = chronology_of(store, file.family.id)
    bundle = store.dump()
    assert [e.summary for f in bundle.families for e in f.chronology] == [
        "Attendance fell to 82% this term."]
    with Store.open(tmp_path / "again.db", actor="Test") as again:
        again.load(bundle, note="round trip")
        assert chronology_of(again, file.family.id) == before


def test_the_chronology_migration_indexes_decisions_by_referral(store):
    assert MIGRATIONS.index(_V9_CHRONOLOGY) + 1 <= LATEST
    with sqlite3.connect(store.path) as conn:
        plan = conn.execute("EXPLAIN QUERY PLAN SELECT meeting_id FROM screening_decisions "
                            "WHERE referral_id = 'x'").fetchall()
    assert "decisions_by_referral" in " ".join(str(row[-1]) for row in plan)
