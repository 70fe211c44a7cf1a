"""Home shows what needs doing, and every line opens what it names."""

from __future__ import annotations

from screens.family_record import FamilyRecordScreen
from screens.my_actions import MyActionsScreen
from tac import rules
from tac.models import ActionStatus, ReferralStatus
from tests.screens.conftest import TODAY, settle


async def test_home_counts_the_queue_and_my_overdue_actions(app_factory, demo_store):
    waiting = len(demo_store.referrals(status=ReferralStatus.AWAITING_SCREENING))
    assert waiting, "the demo has referrals awaiting screening"
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screening = app.screen.query_one("#screening")
        assert f"{waiting} awaiting" in str(screening.border_subtitle)
        me = next(p for p in demo_store.professionals() if p.name == demo_store.actor)
        mine = demo_store.actions(professional_id=me.id, status=ActionStatus.OPEN)
        overdue = len(rules.overdue_actions(mine, TODAY))
        assert f"{overdue} overdue" in str(app.screen.query_one("#my-actions").border_subtitle)


async def test_a_late_review_opens_that_familys_record(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        late = app.screen.query_one("#late-reviews")
        assert late.option_count and not late.get_option_at_index(0).disabled
        late.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FamilyRecordScreen)


async def test_my_overdue_action_opens_my_actions_on_that_action(app_factory):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        mine = app.screen.query_one("#my-actions")
        mine.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MyActionsScreen)
        assert app.screen._current() is not None


def test_snapshot_home(app_factory, snap_compare):
    assert snap_compare(app_factory(), terminal_size=(100, 30), run_before=settle)
