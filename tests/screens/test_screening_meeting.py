"""The screening meeting, driven by keys alone: who is here, three referrals, the summary."""

from __future__ import annotations

from datetime import date

import pytest

from screens.screening_meeting import ScreeningMeetingScreen
from screens.widgets.meeting_resume import ResumeMeetingModal
from tac.meetings.drafts import screening_meeting_draft_key
from tac.meetings.screening import (
    DecisionAsTyped,
    finish_screening_meeting,
    open_screening_meeting,
    start_screening_meeting,
)
from tac.models import (
    Family,
    FamilyStatus,
    MeetingStatus,
    ReferralStatus,
    ScreeningOutcome,
)
from tac.store import Store
from tests.screens.meeting_data import MeetingApp, choose, fill_store, settle


@pytest.fixture
def store(tmp_path):
    opened = Store.open(tmp_path / "tac.db", actor="Priya Shah")
    yield opened
    opened.close()


@pytest.fixture
def ids(store) -> dict[str, str]:
    return fill_store(store)


def screening_app(store: Store) -> MeetingApp:
    return MeetingApp(store, ScreeningMeetingScreen)


async def mark_everyone_present(pilot) -> None:
    await settle(pilot)
    await pilot.press("space", "down", "space", "down", "space", "pagedown")


def error_text(app) -> str:
    return str(app.screen.query_one("#decision-error").render())


async def test_three_referrals_to_three_outcomes_are_saved(store, ids, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the minutes are written into exports/ here
    app = screening_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await mark_everyone_present(pilot)
        # The Walsh family: early help with a TAC, level 3, Priya to arrange it.
        await choose(pilot, "Early")
        await pilot.press("tab")
        await choose(pilot, "3")
        await pilot.press("tab", *"Needs several agencies", "tab", "tab")
        await choose(pilot, "Priya")
        await pilot.press("tab", *"17/03/2026", "pagedown")
        # The Okoro family: signposted to a baby group, level 2.
        await choose(pilot, "Information")
        await pilot.press("tab")
        await choose(pilot, "2")
        await pilot.press("tab", *"Universal help fits", "tab")
        await choose(pilot, "Heaton baby")
        await pilot.press("pagedown")
        # The Nowak family: stepped up, level 4, with the school's dissent.
        await choose(pilot, "Step")
        await pilot.press("tab")
        await choose(pilot, "4")
        await pilot.press("tab", *"A child was hit", "tab", "tab", "tab", "tab")
        await pilot.press(*"School preferred early help")
        # Past the reason to go ahead (the Nowaks have not agreed): the social care team.
        await pilot.press("tab", "tab", *"Duty and Assessment Team")
        await pilot.press("pagedown")
        assert "3 of 3 referrals decided" in str(app.screen.query_one("#summary-note").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)

    [minutes] = (tmp_path / "exports").glob("*.docx")
    assert minutes.stat().st_size > 0
    [meeting] = store.screening_meetings()
    assert meeting.status is MeetingStatus.FINISHED
    assert meeting.held_on == date(2026, 3, 10)
    assert meeting.chair_id == ids["priya"]
    assert set(meeting.attendee_ids) == {ids["priya"], ids["sam"], ids["hannah"]}
    decided = {d.referral_id: d for d in meeting.decisions}
    walsh = decided[ids["referral_walsh"]]
    assert (walsh.outcome, walsh.level, walsh.rationale, walsh.allocated_to_id, walsh.due_on) == (
        ScreeningOutcome.EARLY_HELP_TAC, 3, "Needs several agencies", ids["priya"],
        date(2026, 3, 17))
    okoro = decided[ids["referral_okoro"]]
    assert (okoro.outcome, okoro.level, okoro.service_id) == (
        ScreeningOutcome.SIGNPOSTING, 2, ids["baby_group"])
    nowak = decided[ids["referral_nowak"]]
    assert (nowak.outcome, nowak.level, nowak.dissent) == (
        ScreeningOutcome.STEP_UP, 4, "School preferred early help")
    assert store.referrals(status=ReferralStatus.AWAITING_SCREENING) == []
    opened = store.get(Family, ids["walsh"])
    assert (opened.status, opened.level, opened.lead_professional_id) == (
        FamilyStatus.OPEN, 3, ids["priya"])
    assert store.get(Family, ids["nowak"]).status is FamilyStatus.STEPPED_UP
    [step_up] = store.step_ups(ids["nowak"])
    assert (step_up.team, step_up.reason, step_up.screening_meeting_id) == (
        "Duty and Assessment Team", "A child was hit", meeting.id)
    assert store.get(Family, ids["okoro"]).status is FamilyStatus.REFERRED
    assert store.load_draft(screening_meeting_draft_key("Priya Shah")) is None


async def test_a_bad_date_shows_the_models_message_and_stays(store, ids):
    app = screening_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await mark_everyone_present(pilot)
        await choose(pilot, "No")
        await pilot.press("tab")
        await choose(pilot, "1")
        await pilot.press("tab", *"Already helped", "tab", "tab", "tab", *"31/02/2026")
        await pilot.press("pagedown")
        assert "by when: 31/02/2026 is not a real date" in error_text(app)
        assert "Referral 1 of 3" in str(app.screen.query_one("#meeting-title").render())


async def test_early_help_without_anyone_allocated_is_refused_by_the_model(store, ids):
    app = screening_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await mark_everyone_present(pilot)
        await choose(pilot, "Early")
        await pilot.press("tab")
        await choose(pilot, "2")
        await pilot.press("tab", *"Needs a TAC", "pagedown")
        assert "allocated to: early help needs someone to arrange the TAC" in error_text(app)


async def test_a_meeting_left_mid_way_is_offered_back_exactly(store, ids):
    app = screening_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await mark_everyone_present(pilot)
        await pilot.press("pagedown")  # the Walsh referral stays undecided
        await choose(pilot, "Information")
        await pilot.press("tab", "tab", *"Half typed")
        await pilot.pause(1.5)  # the draft is written within two seconds of typing
        await settle(pilot)
    # The app is gone without finishing: nothing was saved but the draft.
    assert store.screening_meetings() == []

    again = screening_app(store)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, ResumeMeetingModal)
        await pilot.press("r")
        await settle(pilot)
        screen = again.screen
        assert "Referral 2 of 3" in str(screen.query_one("#meeting-title").render())
        assert screen.query_one("#outcome").value == "signposting"
        assert screen.query_one("#rationale").text == "Half typed"
        assert again.focused is screen.query_one("#rationale")
        await pilot.press("pageup", "pageup")
        assert set(screen.query_one("#present").selected) == {
            ids["priya"], ids["sam"], ids["hannah"]}


async def test_the_app_opens_the_screening_meeting_on_the_demo_queue(app_factory, demo_store):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.action_open_screening()
        await settle(pilot)
        assert isinstance(app.screen, ScreeningMeetingScreen)
        waiting = len(demo_store.referrals(status=ReferralStatus.AWAITING_SCREENING))
        note = str(app.screen.query_one("#who-note").render())
        assert note.startswith(f"{waiting} referral")


async def test_a_referral_another_chair_decided_first_is_refused_by_name_and_the_draft_kept(
    store, ids, tmp_path
):
    app = screening_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await mark_everyone_present(pilot)
        await choose(pilot, "No")
        await pilot.press("tab")
        await choose(pilot, "1")
        await pilot.press("tab", *"School is handling it")
        # Sam, chairing in another room, decides the Walsh referral first.
        sam = Store.open(tmp_path / "tac.db", actor="Sam Okafor")
        theirs = start_screening_meeting(open_screening_meeting(sam), date(2026, 3, 10))
        theirs.chair_id = ids["sam"]
        theirs.forms[ids["referral_walsh"]] = DecisionAsTyped(
            outcome="signposting", level="2", rationale="Universal help fits",
            service=ids["breakfast_club"])
        finish_screening_meeting(sam, theirs)
        sam.close()
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        refusal = str(app.screen.query_one("#summary-error").render())
        assert refusal.startswith(
            "Not saved: The referral for EH-2026-0042 was changed by Sam Okafor at ")
        assert not app.screen.finished

    [meeting] = store.screening_meetings()
    assert meeting.chair_id == ids["sam"]
    draft = store.load_draft(screening_meeting_draft_key("Priya Shah"))
    assert draft["forms"][ids["referral_walsh"]]["rationale"] == "School is handling it"
