"""The family record shows the family's history, and takes a new chronology event."""

from __future__ import annotations

import io
from datetime import date, timedelta

from rich.console import Console
from textual.widgets import DataTable, Input, Static

from screens.widgets.event_form import EventForm
from tac.chronology import agencies_in, filter_chronology, read_chronology
from tac.models import EventKind, Family, Significance
from tac.store import Store
from tests.screens.conftest import TODAY, screen_text, settle, undated_review_late_by_six_weeks_not_eight

SUMMARY = "Officers called at 2am to shouting at home; both children awake and upset"


def busiest_family(store: Store) -> Family:
    """The family with the longest chronology (first by reference on a tie)."""
    return max(store.families(), key=lambda f: (len(store.chronology(f.id)), f.reference))


def family_without_consent(store: Store) -> Family | None:
    return next((f for f in store.families() if f.consent_in_force(date(2026, 3, 3)) is None
                 and f.people), None)


def text_of(widget: Static) -> str:
    """The words a Static shows, whether it holds text or a Rich table."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


async def open_record(app, pilot, family: Family) -> None:
    await settle(pilot)
    app.action_open_family(family.id)
    await settle(pilot)


async def test_record_shows_people_and_chronology(app_factory, demo_store):
    family = busiest_family(demo_store)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_record(app, pilot, family)
        people = text_of(app.screen.query_one("#people", Static))
        for person in family.people:
            assert person.name in people
        await pilot.press("2")  # the chronology tab
        await settle(pilot)
        events = app.screen.query_one("#events", DataTable)
        assert events.row_count == len(read_chronology(demo_store, family.id))


async def test_filtering_the_chronology_by_agency_and_significance_by_keys(app_factory, demo_store):
    family = busiest_family(demo_store)
    entries = read_chronology(demo_store, family.id)
    first_agency_id, first_agency = agencies_in(entries)[0]
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_record(app, pilot, family)
        assert "Significance" not in screen_text(app).splitlines()[-1]  # not on this tab
        await pilot.press("2")
        await settle(pilot)
        events = app.screen.query_one("#events", DataTable)
        shown = app.screen.query_one("#chronology-filter", Static)
        footer = screen_text(app).splitlines()[-1]
        assert "a Agency" in footer and "s Significance" in footer
        assert events.row_count == len(entries)
        assert "written by TAC" in text_of(shown) and "every agency, any significance" in text_of(shown)
        whole = [str(events.get_row_at(n)[4]) for n in range(events.row_count)]
        assert "TAC" in whole and "typed" in whole

        await pilot.press("a")  # the first agency, by name
        await settle(pilot)
        from_it = filter_chronology(entries, agency_id=first_agency_id)
        assert events.row_count == len(from_it)
        assert {str(events.get_row_at(n)[3]) for n in range(events.row_count)} == {first_agency}
        assert f"from {first_agency}, any significance" in text_of(shown)

        await pilot.press("s", "s")  # medium and high, then high only
        await settle(pilot)
        high = filter_chronology(entries, agency_id=first_agency_id, at_least=Significance.HIGH)
        assert events.row_count == len(high)
        assert "high significance only" in text_of(shown)

        for _ in agencies_in(entries):  # past the last agency: every agency again
            await pilot.press("a")
        await pilot.press("s")  # past high only: every significance again
        await settle(pilot)
        assert events.row_count == len(entries)


async def test_the_record_says_when_the_review_is_by_the_councils_settings(
    app_factory, demo_store
):
    family, eight_weeks_on = undated_review_late_by_six_weeks_not_eight(demo_store)
    six_weeks_on = eight_weeks_on - timedelta(weeks=2)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:

        async def summary() -> str:
            app.action_open_family(family.id)  # opened afresh: read again
            await settle(pilot)
            return text_of(app.screen.query_one("#family-summary", Static))

        await settle(pilot)
        assert f"next review {six_weeks_on:%d/%m/%Y} (late)" in await summary()
        demo_store.set_setting("review_interval_weeks", 8)
        await pilot.press("escape")
        assert f"next review {eight_weeks_on:%d/%m/%Y}\n" in await summary()
        demo_store.set_setting("due_soon_days", (eight_weeks_on - TODAY).days)
        await pilot.press("escape")
        assert f"next review {eight_weeks_on:%d/%m/%Y} (due soon)" in await summary()


async def test_missing_consent_is_a_clear_warning(app_factory, demo_store):
    family = family_without_consent(demo_store)
    assert family is not None, "the demo has a family without consent in force"
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_record(app, pilot, family)
        warning = app.screen.query_one("#consent-warning", Static)
        assert warning.display
        assert "consent" in text_of(warning).lower()


async def test_adding_an_event_by_keys_saves_it(app_factory, demo_store):
    family = busiest_family(demo_store)
    before = len(demo_store.chronology(family.id))
    rows = len(read_chronology(demo_store, family.id))
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_record(app, pilot, family)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EventForm)
        date_field = app.screen.query_one("#occurred_on", Input)
        date_field.value = ""
        await pilot.press(*"14/02/2026", "tab")
        # The kind of event: open the list and type to search for the police.
        await pilot.press("enter", *"police", "enter")
        await pilot.press("tab", "tab", "tab")  # about, reported by, significance
        await pilot.press("enter", "down", "enter")  # significance: medium -> high
        await pilot.press("tab", *SUMMARY)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, EventForm)
        events = app.screen.query_one("#events", DataTable)
        assert events.row_count == rows + 1
    saved = demo_store.chronology(family.id)
    assert len(saved) == before + 1
    new = next(e for e in saved if e.summary == SUMMARY)
    assert new.occurred_on == date(2026, 2, 14)
    assert new.kind is EventKind.POLICE_CALL_OUT
    assert new.significance is Significance.HIGH
    assert new.version == 1 and new.updated_by == demo_store.actor


async def test_an_impossible_date_is_refused_next_to_the_field(app_factory, demo_store):
    family = busiest_family(demo_store)
    before = len(demo_store.chronology(family.id))
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_record(app, pilot, family)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#occurred_on", Input).value = "31/02/2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = app.screen.query_one("#occurred_on-error", Static)
        assert "not a real date" in text_of(error)
        assert isinstance(app.screen, EventForm)
    assert len(demo_store.chronology(family.id)) == before


async def test_a_date_typed_as_markup_is_refused_as_typed(bracketed_store, bracketed_app):
    store, ids = bracketed_store
    app = bracketed_app
    before = len(store.chronology(ids["walsh"]))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_record(app, pilot, store.get(Family, ids["walsh"]))
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#occurred_on", Input).value = ""
        await pilot.press(*"[/]", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EventForm)
        message = "occurred on: '[/]' is not a date; type it as DD/MM/YYYY"
        assert text_of(app.screen.query_one("#occurred_on-error", Static)).strip() == message
        assert message in screen_text(app)
    assert len(store.chronology(ids["walsh"])) == before


def test_snapshot_family_record(app_factory, demo_store, snap_compare):
    family = busiest_family(demo_store)

    async def run_before(pilot):
        await open_record(pilot.app, pilot, family)

    assert snap_compare(app_factory(), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_family_record_chronology(app_factory, demo_store, snap_compare):
    family = busiest_family(demo_store)

    async def run_before(pilot):
        await open_record(pilot.app, pilot, family)
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_event_form_refuses_an_impossible_date(app_factory, demo_store, snap_compare):
    family = busiest_family(demo_store)

    async def run_before(pilot):
        await open_record(pilot.app, pilot, family)
        await pilot.press("e")
        await settle(pilot)
        pilot.app.screen.query_one("#occurred_on", Input).value = "31/02/2026"
        await pilot.press("tab", "enter", *"school ex", "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_family_record_chronology_filtered(app_factory, demo_store, snap_compare):
    family = busiest_family(demo_store)

    async def run_before(pilot):
        await open_record(pilot.app, pilot, family)
        await pilot.press("2", "a", "s")  # the first agency's entries, medium and high
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(100, 30), run_before=run_before)


async def test_a_due_date_changed_from_the_record_shows_the_date_it_was(app_factory, demo_store):
    from tac import rules
    from tac.models import Action, ActionStatus

    # A family with an open action carried over from at least one review.
    family, action, times = next(
        (f, a, rules.times_carried_over(demo_store.tac_meetings(family_id=f.id)).get(a.id, 0))
        for f in demo_store.families()
        for a in demo_store.actions(family_id=f.id, status=ActionStatus.OPEN)
        if rules.times_carried_over(demo_store.tac_meetings(family_id=f.id)).get(a.id, 0))
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_record(app, pilot, family)
        await pilot.press("b")  # first: to the plan and its actions, to choose one
        await settle(pilot)
        table = app.screen.query_one("#plan-actions", DataTable)
        assert table.has_focus
        row = table.get_row_index(action.id)
        assert str(table.get_row_at(row)[3]).endswith(f"\ncarried over {times}×")
        table.move_cursor(row=row)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press(*"30/04/2026", "tab", *"The family asked for after Easter", "enter")
        await settle(pilot)
        table = app.screen.query_one("#plan-actions", DataTable)
        by = str(table.get_row_at(table.get_row_index(action.id))[2])
        assert by == f"30/04/2026\n(was {action.due_on:%d/%m/%Y})"
    saved = demo_store.get(Action, action.id)
    assert saved.due_on == date(2026, 4, 30)
    assert saved.due_date_changes[-1].reason == "The family asked for after Easter"
