"""A lead professional's actions: overdue first; a note, done and reassign are saved."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, Static

from screens.my_actions import MyActionsScreen
from screens.widgets.action_forms import DoneForm
from screens.widgets.due_date import DueDateForm, NotAWorkingDayModal
from tac.models import Action, ActionStatus, Professional
from tac.store import Store
from tests.screens.conftest import TODAY, screen_text, settle


async def open_my_actions(app, pilot) -> MyActionsScreen:
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(app.screen, MyActionsScreen)
    return app.screen


async def test_overdue_actions_come_first(app_factory, demo_store):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_my_actions(app, pilot)
        table = screen.query_one("#actions", DataTable)
        dues = [demo_store.get(Action, key.value).due_on for key in table.rows]
        assert dues == sorted(dues)
        assert dues[0] < TODAY, "the busiest lead has an overdue action in the demo"


async def test_an_action_counts_as_due_soon_within_the_councils_due_soon_days(
    app_factory, demo_store
):
    # A professional whose only open action is due in two to four weeks.
    action = next(a for a in demo_store.actions(status=ActionStatus.OPEN)
                  if a.professional_id and 14 < (a.due_on - TODAY).days <= 30
                  and len(demo_store.actions(professional_id=a.professional_id,
                                             status=ActionStatus.OPEN)) == 1)
    me = demo_store.get(Professional, action.professional_id)
    days = (action.due_on - TODAY).days
    app = app_factory(actor=me.name)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_my_actions(app, pilot)
        table = screen.query_one("#actions", DataTable)
        assert str(table.get_cell(action.id, "state")) == "Open"
        assert "1 open, 0 overdue, 0 due soon" in str(screen.query_one("#my-count").render())
        demo_store.set_setting("due_soon_days", 30)
        await pilot.press("escape")
        screen = await open_my_actions(app, pilot)
        table = screen.query_one("#actions", DataTable)
        assert str(table.get_cell(action.id, "state")) == f"Due in {days} d"
        assert "1 open, 0 overdue, 1 due soon" in str(screen.query_one("#my-count").render())


async def test_marking_an_action_done_with_a_note(app_factory, demo_store):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_my_actions(app, pilot)
        action = screen._current()
        assert action is not None and action.status is ActionStatus.OPEN
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DoneForm)
        await pilot.press(*"Attendance back to 96% this half term")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        table = screen.query_one("#actions", DataTable)
        assert action.id not in [key.value for key in table.rows]  # done ones are hidden
    saved = demo_store.get(Action, action.id)
    assert saved.status is ActionStatus.DONE
    assert saved.completed_on == TODAY
    assert saved.progress[-1].text == "Attendance back to 96% this half term"
    assert saved.progress[-1].by == demo_store.actor
    assert saved.version == action.version + 1


async def test_a_progress_note_needs_words(app_factory, demo_store):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_my_actions(app, pilot)
        action = screen._current()
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "is required" in str(app.screen.query_one("#note-error").content)
        await pilot.press(*"Phoned mum; appointment booked", "enter")
        await settle(pilot)
    saved = demo_store.get(Action, action.id)
    assert saved.status is ActionStatus.OPEN
    assert saved.progress[-1].text == "Phoned mum; appointment booked"


async def test_reassigning_hands_the_action_on(app_factory, demo_store):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_my_actions(app, pilot)
        action = screen._current()
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("enter", "down", "enter")  # the first other professional
        await pilot.press("tab", *"Going on leave", "ctrl+s")
        await settle(pilot)
    saved = demo_store.get(Action, action.id)
    assert saved.professional_id != action.professional_id
    assert saved.progress[-1].text.startswith("Reassigned from ")
    assert saved.progress[-1].text.endswith(": Going on leave")


async def test_changing_a_due_date_needs_a_reason_and_shows_the_old_date(app_factory, demo_store):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_my_actions(app, pilot)
        action = screen._current()
        assert action is not None and action.due_date_changes == []
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, DueDateForm)
        await pilot.press(*"31/03/2026", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DueDateForm), "no reason: not saved"
        assert str(app.screen.query_one("#reason-error", Static).content) == (
            "reason: say why the due date is changing")
        await pilot.press(*"Waiting for the school's new timetable", "enter")
        await settle(pilot)
        assert app.screen is screen
        detail = str(screen.query_one("#my-detail", Static).content)
        assert detail.startswith(f"Due 31/03/2026 (was {action.due_on:%d/%m/%Y}; moved "
                                 "03/03/2026 by ")
        assert ": Waiting for the school's new timetable" in detail
    saved = demo_store.get(Action, action.id)
    assert saved.due_on == date(2026, 3, 31) and saved.due_before == action.due_on
    assert saved.due_date_changes[-1].reason == "Waiting for the school's new timetable"
    assert saved.due_date_changes[-1].changed_by == demo_store.actor
    assert demo_store.audit_trail(record_id=action.id)[0].changes["due_on"]["after"] == (
        "2026-03-31")


async def test_a_due_date_on_a_bank_holiday_is_asked_about_once_and_may_be_kept(
    app_factory, demo_store
):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_my_actions(app, pilot)
        action = screen._current()
        await pilot.press("b")
        await settle(pilot)
        await pilot.press(*"06/04/2026", "tab", *"Family away until Easter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NotAWorkingDayModal)
        assert str(app.screen.query_one("#question").content) == (
            "06/04/2026 is Easter Monday, a bank holiday. Keep it or choose another date?")
        await pilot.press("c")  # choose another: back in the form, nothing saved
        await settle(pilot)
        assert isinstance(app.screen, DueDateForm)
        assert demo_store.get(Action, action.id) == action
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NotAWorkingDayModal)
        await pilot.press("k")
        await settle(pilot)
        assert app.screen is screen
    assert demo_store.get(Action, action.id).due_on == date(2026, 4, 6)


def test_snapshot_my_actions(app_factory, snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(100, 30), run_before=run_before)


async def test_a_conflict_names_whoever_changed_the_action_as_typed(bracketed_store, bracketed_app):
    store, _ = bracketed_store
    app = bracketed_app
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_my_actions(app, pilot)
        action = screen._current()
        assert action is not None
        # Someone called "[/] x" changes the same action on another computer meanwhile.
        elsewhere = Store.open(store.path, actor="[/] x")
        theirs = elsewhere.get(Action, action.id)
        theirs.what = "Offer a breakfast club place"
        elsewhere.save(theirs)
        elsewhere.close()
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Rang the school", "enter")
        await settle(pilot)
        assert app.screen is screen and app.return_code is None
        assert "changed by [/] x at" in " ".join(screen_text(app).split())
    assert store.get(Action, action.id).what == "Offer a breakfast club place"
