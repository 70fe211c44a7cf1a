"""Home shows what needs doing, and every line opens what it names."""

from __future__ import annotations

import re

from screens.family_record import FamilyRecordScreen
from screens.my_actions import MyActionsScreen
from tac import rules
from tac.models import ActionStatus, ReferralStatus
from tests.screens.conftest import TODAY, settle, undated_review_late_by_six_weeks_not_eight


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


def lines(app, list_id: str) -> list[str]:
    shown = app.screen.query_one(list_id)
    return [str(shown.get_option_at_index(i).prompt) for i in range(shown.option_count)]


async def test_a_council_reviewing_every_8_weeks_sees_a_review_coming_up_not_late(
    app_factory, demo_store
):
    family, eight_weeks_on = undated_review_late_by_six_weeks_not_eight(demo_store)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert any(family.reference in line for line in lines(app, "#late-reviews"))
        demo_store.set_setting("review_interval_weeks", 8)
        await pilot.press("f5")  # refresh
        await settle(pilot)
        assert not any(family.reference in line for line in lines(app, "#late-reviews"))
        coming_up = f"{eight_weeks_on:%a %d/%m} review · {family.display_name()}"
        assert coming_up in lines(app, "#meetings")


async def test_due_soon_days_decide_which_of_my_actions_home_counts_as_due_soon(
    app_factory, demo_store
):
    def due_soon(actions, days: int) -> int:
        return sum(1 for a in actions if rules.is_due_soon(a, TODAY, within_days=days))

    # Someone with actions due in the next month but not all in the next week.
    me, mine = next(
        (p, mine) for p in demo_store.professionals()
        if due_soon(mine := demo_store.actions(professional_id=p.id, status=ActionStatus.OPEN),
                    30) > due_soon(mine, 7)
    )
    app = app_factory(actor=me.name)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        mine_list = app.screen.query_one("#my-actions")
        assert f"{due_soon(mine, 7)} due soon" in str(mine_list.border_subtitle)
        demo_store.set_setting("due_soon_days", 30)
        await pilot.press("f5")  # refresh
        await settle(pilot)
        assert f"{due_soon(mine, 30)} due soon" in str(mine_list.border_subtitle)
        shown = lines(app, "#my-actions")
        assert sum("due in " in line or "due today" in line for line in shown) == due_soon(mine, 30)


def flagged(shown: list[str]) -> int:
    """Home's lines for referrals waiting too long, each opening with how long ("3 working
    days · ...")."""
    return sum(1 for line in shown if re.match(r"\d+ working days? · ", line))


async def test_the_screening_wait_decides_which_referrals_home_flags_as_waiting_too_long(
    app_factory, demo_store
):
    waiting = demo_store.referrals(status=ReferralStatus.AWAITING_SCREENING)

    def too_long(limit: int) -> int:
        return sum(1 for r in waiting if rules.is_waiting_too_long(r, TODAY,
                                                                   limit_working_days=limit))

    assert too_long(0) > too_long(1) >= 1
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        queue = app.screen.query_one("#screening")
        assert str(queue.border_subtitle) == (
            f"{len(waiting)} awaiting · {too_long(1)} over 1 working day")
        assert flagged(lines(app, "#screening")) == too_long(1)
        for limit in (0, 5):
            over = too_long(limit)
            subtitle = f"{over} over {limit} working days" if over else ""
            demo_store.set_setting("screening_wait_working_days", limit)
            await pilot.press("f5")  # refresh
            await settle(pilot)
            assert str(queue.border_subtitle) == f"{len(waiting)} awaiting" + (
                f" · {subtitle}" if subtitle else "")
            assert flagged(lines(app, "#screening")) == too_long(
                limit)
