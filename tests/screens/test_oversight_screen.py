"""The oversight screen, as a manager uses it: o on home opens it, every figure shows the
core's count, Enter on a figure lists exactly the families behind it and Enter there opens
a family's record, p changes the flow's period; and it is offered to nobody the core would
refuse. Snapshots of the drift view and the charts, on the demo's fixed day."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from screens.family_record import FamilyRecordScreen
from screens.home import HomeScreen
from screens.oversight import FamiliesBehindScreen, OversightScreen, PeriodForm
from tac.access.roles import Principal, Role
from tac.errors import Refused
from tac.oversight import Counting, Period, oversight, rising_vulnerability
from tac.store import Store
from tests.screens.conftest import TODAY, screen_text, settle

SIZE = (100, 30)


async def open_oversight(pilot) -> OversightScreen:
    await settle(pilot)
    await pilot.press("o")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, OversightScreen)
    return screen


async def choose(pilot, screen: OversightScreen, tab: str, label: str) -> None:
    """Put the cursor of `tab`'s table on the figure labelled `label`, and press Enter."""
    table = screen.query_one(f"#table-{tab}")
    key = next(k for k, line in screen.lines[tab].items() if line.label == label)
    table.focus()
    table.move_cursor(row=table.get_row_index(key))
    await pilot.press("enter")
    await settle(pilot)


def shown_count(screen: OversightScreen, tab: str, label: str) -> str:
    table = screen.query_one(f"#table-{tab}")
    key = next(k for k, line in screen.lines[tab].items() if line.label == label)
    return table.get_row(key)[1].plain


async def test_home_key_opens_it_with_the_cores_counts(app_factory, demo_store: Store):
    figures = oversight(demo_store, as_of=TODAY)
    drift = figures.drift
    async with app_factory().run_test(size=SIZE) as pilot:
        screen = await open_oversight(pilot)
        assert shown_count(screen, "drift", "Actions overdue") == str(len(drift.overdue_actions))
        assert shown_count(screen, "drift", "Reviews late") == str(len(drift.late_reviews))
        assert shown_count(screen, "drift", "No lead professional") == str(
            len(drift.no_lead_professional))
        assert shown_count(screen, "drift", "Open families") == str(drift.open_families)
        # every line of the core's drift is on screen, with its count
        for label, count in drift.headline():
            assert shown_count(screen, "drift", label) == str(count)
        rising = rising_vulnerability(demo_store, TODAY)
        assert rising, "the demo has children whose check-list score rises"
        assert shown_count(screen, "drift", "Rising vulnerability") == str(len(rising))
        flow = figures.flow
        assert shown_count(screen, "flow", "All referrals") == str(flow.referrals)
        assert "Counting" not in screen_text(pilot.app)


async def test_enter_on_actions_overdue_lists_those_families_and_opens_one(
        app_factory, demo_store: Store):
    overdue = oversight(demo_store, as_of=TODAY).drift.overdue_actions
    assert overdue, "the demo has overdue actions"
    async with app_factory().run_test(size=SIZE) as pilot:
        screen = await open_oversight(pilot)
        await choose(pilot, screen, "drift", "Actions overdue")
        listed = pilot.app.screen
        assert isinstance(listed, FamiliesBehindScreen)
        assert [r.reference for r in listed.rows] == [a.reference for a in overdue]
        assert [r.family_id for r in listed.rows] == [a.family_id for a in overdue]
        text = screen_text(pilot.app)
        assert f"{overdue[0].days_overdue} days overdue" in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FamilyRecordScreen)
        assert pilot.app.screen.family_id == overdue[0].family_id
        # back, and back again: the figures are still there, not counted again
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen


async def test_it_says_counting_and_answers_keys_while_it_counts(app_factory, monkeypatch):
    """The figures take seconds on a large database: meanwhile the screen says so and
    still moves between its tabs."""
    import screens.oversight

    counted = threading.Event()
    count = screens.oversight.count_oversight

    def slow_oversight(*args, **kwargs):
        counted.wait(timeout=10)
        return count(*args, **kwargs)

    monkeypatch.setattr(screens.oversight, "count_oversight", slow_oversight)
    async with app_factory().run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        for _ in range(3):
            await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, OversightScreen)
        assert "Counting…" in screen_text(pilot.app)
        await pilot.press("2")
        await pilot.pause()
        assert screen.query_one("#oversight-tabs").active == "caseload"
        counted.set()
        await settle(pilot)
        assert "Counting…" not in screen_text(pilot.app)
        assert screen.lines["caseload"]


async def test_drift_is_shown_while_the_rest_is_counted(app_factory, demo_store, monkeypatch):
    """Drift, what the screen opens on, shows as soon as it is counted; the other tabs say
    "Counting…" until their figures are, then show the core's."""
    counted = threading.Event()
    figures = Counting.figures

    def slow_figures(self):
        counted.wait(timeout=10)
        return figures(self)

    monkeypatch.setattr(Counting, "figures", slow_figures)
    drift = oversight(demo_store, as_of=TODAY).drift
    async with app_factory().run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        screen = pilot.app.screen
        assert isinstance(screen, OversightScreen)
        for _ in range(50):
            await pilot.pause()
            if screen.lines["drift"]:
                break
        assert shown_count(screen, "drift", "Open families") == str(drift.open_families)
        assert shown_count(screen, "drift", "Actions overdue") == str(len(drift.overdue_actions))
        assert not screen.lines["caseload"]
        await pilot.press("2")
        await pilot.pause()
        assert "Counting…" in screen_text(pilot.app)
        counted.set()
        await settle(pilot)
        assert "Counting…" not in screen_text(pilot.app)
        assert screen.lines["caseload"]


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.PARTNER])
async def test_not_offered_to_those_the_core_refuses(app_factory, demo_store: Store, role: Role):
    professional = demo_store.professionals()[0]
    who = Principal(professional.name, role, professional_id=professional.id, user_id="u1")
    app = app_factory(principal=who)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.check_action("open_oversight", ())
        from screens.commands import TacCommands

        offered = [name for name, _, _ in TacCommands(app.screen)._screens()]
        assert "Oversight" not in offered
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        with pytest.raises(Refused):
            oversight(demo_store, as_of=TODAY)


async def test_the_palette_offers_it_to_a_manager(app_factory):
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        from screens.commands import TacCommands

        assert "Oversight" in [name for name, _, _ in TacCommands(app.screen)._screens()]


async def test_the_period_key_changes_the_flow(app_factory, demo_store: Store):
    last_year = Period(date(2024, 4, 1), date(2025, 3, 31))
    then = oversight(demo_store, as_of=TODAY, period=last_year).flow
    now = oversight(demo_store, as_of=TODAY).flow
    assert then.referrals != now.referrals
    async with app_factory().run_test(size=SIZE) as pilot:
        screen = await open_oversight(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PeriodForm)
        await pilot.press("down", "down", "enter")  # last financial year
        await settle(pilot)
        assert pilot.app.screen is screen
        assert shown_count(screen, "flow", "All referrals") == str(then.referrals)
        assert "from 01/04/2024 to 31/03/2025" in screen_text(pilot.app)

        # two dates typed, the second impossible: one message, the period kept
        await pilot.press("p")
        await settle(pilot)
        await pilot.click("#period-from")
        await pilot.press(*"01/01/2026", "enter", *"31/02/2026", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, PeriodForm)
        assert "31/02/2026 is not a real date" in screen_text(pilot.app)
        to = pilot.app.screen.query_one("#period-to")
        to.value = "28/02/2026"
        await pilot.press("enter")
        await settle(pilot)
        typed = oversight(demo_store, as_of=TODAY,
                          period=Period(date(2026, 1, 1), date(2026, 2, 28))).flow
        assert shown_count(screen, "flow", "All referrals") == str(typed.referrals)


def test_snapshot_drift_now(app_factory, snap_compare):
    async def run_before(pilot) -> None:
        await open_oversight(pilot)

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)


def test_snapshot_charts(app_factory, snap_compare):
    async def run_before(pilot) -> None:
        await open_oversight(pilot)
        await pilot.press("5")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(100, 45), run_before=run_before)


def test_snapshot_the_families_behind_actions_overdue(app_factory, snap_compare):
    async def run_before(pilot) -> None:
        screen = await open_oversight(pilot)
        await choose(pilot, screen, "drift", "Actions overdue")

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)


def test_snapshot_a_period_with_an_impossible_date_refused(app_factory, snap_compare):
    async def run_before(pilot) -> None:
        await open_oversight(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.click("#period-from")
        await pilot.press(*"01/01/2026", "enter", *"31/02/2026", "enter")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=SIZE, run_before=run_before)
