"""Episodes of early help in the app, by keys: a step down from social care taken at the
front door, a re-referral marked at the screening meeting, and a record with two episodes."""

from __future__ import annotations

from textual.widgets import Static

from screens.home import HomeScreen
from screens.screening_meeting import ScreeningMeetingScreen
from tac import rules
from tac.episodes import episodes
from tac.meetings.screening import open_screening_meeting
from tac.models import ReferralKind, ReferralStatus
from tests.screens.conftest import screen_text, settle
from tests.screens.meeting_data import choose
from tests.screens.test_family_record import open_record, text_of
from tests.screens.test_intake import open_new_referral, type_person, type_the_referral

SUMMARY = "CIN plan ended 27/02/2026; school attendance is still a worry"


async def test_a_step_down_from_social_care_is_taken_by_keys_and_asks_for_the_summary(
    app_factory, demo_store
):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_new_referral(pilot)
        await type_person(pilot, "Maya", "Okonkwo", "02/02/2019", "Daughter", subject=True)
        await type_the_referral(pilot, concerns="Stepping down after a child in need plan")
        await pilot.press("tab", "tab")  # past "why, or what" to the referral's kind
        await choose(pilot, "Step down")
        await pilot.press("ctrl+s")
        await settle(pilot)
        refused = text_of(app.screen.query_one("#social_care_summary-error", Static))
        assert refused.startswith("social care summary: a step down from children's social care")
        assert app.focused.id == "social_care_summary"
        assert not [r for r in demo_store.referrals() if r.referrer_name == "Aaron Sutton"]

        await pilot.press(*SUMMARY, "tab", *"Dana Reid, CIN team 2", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)

    [referral] = [r for r in demo_store.referrals() if r.referrer_name == "Aaron Sutton"]
    assert (referral.kind, referral.social_care_summary, referral.social_worker, referral.status) == (
        ReferralKind.STEP_DOWN, SUMMARY, "Dana Reid, CIN team 2", ReferralStatus.AWAITING_SCREENING)


async def test_the_screening_meeting_marks_a_re_referral_and_shows_a_step_downs_summary(
    app_factory, demo_store
):
    opening = open_screening_meeting(demo_store)
    months = demo_store.settings().re_referral_months

    def position(wanted) -> int:
        for n, referral in enumerate(opening.queue, start=1):
            file = opening.files[referral.family_id]
            if wanted(referral, episodes(file.family, file.referrals, file.tac_meetings)):
                return n
        raise AssertionError("the demo's queue has one")

    again = position(lambda r, found: rules.is_re_referral(r, found, within_months=months))
    down = position(lambda r, found: r.is_step_down)
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(ScreeningMeetingScreen())
        await settle(pilot)
        for _ in range(again):
            await pilot.press("pagedown")
        await settle(pilot)
        shown = screen_text(app)
        assert "Re-referral: closed 4 months ago (needs met)" in shown
        assert "Episode 1:" in shown and "ended: needs met" in shown
        for _ in range(abs(down - again)):
            await pilot.press("pagedown" if down > again else "pageup")
        await settle(pilot)
        card = text_of(app.screen.query_one("#referral-card", Static))
        assert "Step down from children's social care, received" in card
        assert "Social care summary" in card and "child in need plan" in card
        assert "Re-referral" not in card  # a step down comes back the planned way
        assert "ended: stepped up to children's social care" in card


async def test_the_record_shows_a_familys_two_episodes_one_after_another(app_factory, demo_store):
    family = next(f for f in demo_store.families()
                  if len(episodes(f, demo_store.referrals(family_id=f.id))) == 2 and f.is_open)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_record(app, pilot, family)
        shown = text_of(app.screen.query_one("#episodes", Static))
    first, second = [line for line in shown.splitlines() if line.startswith("Episode")]
    assert "ended: needs met" in first and "TAC meetings" in first
    assert second.startswith("Episode 2: ") and " to now · new referral · open · " in second
