"""A manager writes an oversight note from the family record by keys: it shows in the
record's panel and in its chronology, and is saved as written."""

from __future__ import annotations

from textual.widgets import DataTable, Static, TextArea

from screens.widgets.oversight_note_form import OversightNoteForm
from tac.access.roles import Principal, Role
from tac.chronology import MANAGEMENT_OVERSIGHT, read_chronology
from tac.models import Professional
from tac.store import Store
from tests.screens.conftest import TODAY, settle
from tests.screens.test_family_record import busiest_family, open_record, text_of

NOTE = "Review late by two weeks; [bold]housing[/bold] action carried over twice."
DIRECTION = "Hold the review by 17/03/2026; lead to escalate to housing."


def open_family(store: Store):
    return next(f for f in store.families() if f.is_open)


async def test_a_manager_writes_a_note_by_keys_and_it_shows_in_the_record_and_chronology(
    app_factory, demo_store
):
    family = open_family(demo_store)
    before = demo_store.oversight_notes(family.id)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_record(app, pilot, family)
        panel = text_of(app.screen.query_one("#oversight", Static))
        assert "No management oversight note in the last 12 weeks." in panel
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OversightNoteForm)
        await pilot.press(*NOTE, "tab", *DIRECTION, "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, OversightNoteForm)
        panel = text_of(app.screen.query_one("#oversight", Static))
        assert "03/03/2026" in panel and NOTE in panel and f"Direction: {DIRECTION}" in panel
        assert "No management oversight note" not in panel
        await pilot.press("2")
        await settle(pilot)
        events = app.screen.query_one("#events", DataTable)
        assert events.row_count == len(read_chronology(demo_store, family.id))
    *earlier, note = demo_store.oversight_notes(family.id)
    assert earlier == before
    assert (note.written_on, note.note, note.direction, note.written_by) == (
        TODAY, NOTE, DIRECTION, demo_store.actor)
    *_, entry = [e for e in read_chronology(demo_store, family.id)
                 if e.what == MANAGEMENT_OVERSIGHT]
    assert NOTE in entry.summary and DIRECTION in entry.summary


async def test_a_note_without_direction_is_refused_by_the_field(app_factory, demo_store):
    family = open_family(demo_store)
    before = demo_store.oversight_notes(family.id)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_record(app, pilot, family)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press(*"Seen the plan", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OversightNoteForm)
        assert "direction" in text_of(app.screen.query_one("#direction-error", Static))
        assert app.screen.query_one("#note", TextArea).text == "Seen the plan"
    assert demo_store.oversight_notes(family.id) == before


async def test_a_practitioner_is_not_offered_the_key(app_factory, demo_store):
    family = busiest_family(demo_store)
    lead = demo_store.get(Professional, family.lead_professionals[-1].professional_id)
    demo_store.principal = Principal(lead.name, Role.PRACTITIONER, professional_id=lead.id)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_record(app, pilot, family)
        await pilot.press("o")
        await settle(pilot)
        assert not isinstance(app.screen, OversightNoteForm)
        assert app.screen.check_action("oversight_note", ()) is False  # hidden from the footer
    assert demo_store.oversight_notes(family.id) == []  # a closed family: none in the demo


def test_snapshot_oversight_note_refuses_a_note_without_direction(app_factory, demo_store,
                                                                  snap_compare):
    family = open_family(demo_store)

    async def run_before(pilot):
        await open_record(pilot.app, pilot, family)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press(*"Seen the plan: actions on track.", "ctrl+s")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(100, 30), run_before=run_before)
