"""Consent on the family record, by keys alone: recorded, used in a TAC meeting, withdrawn
from one agency, and the next minutes sent without it. Home lists open families whose
consent was withdrawn."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from docx import Document
from textual.widgets import Input, Static

from screens.app import TacApp
from screens.home import HomeScreen
from screens.screening_meeting import ScreeningMeetingScreen
from screens.widgets.consent_form import ConsentForm
from screens.widgets.link_list import LinkList
from screens.widgets.meeting_finish_check import FinishCheckModal
from tac import rules
from tac.models import AttendanceStatus, ConsentHow, Family, MeetingStatus
from tac.store import Store
from tests.screens.conftest import TODAY as DEMO_TODAY
from tests.screens.meeting_data import TODAY, MeetingApp, choose, fill_store, settle


@pytest.fixture
def store(tmp_path):
    opened = Store.open(tmp_path / "tac.db", actor="Priya Shah")
    yield opened
    opened.close()


@pytest.fixture
def ids(store) -> dict[str, str]:
    return fill_store(store)


def app_on(store: Store, tmp_path: Path) -> TacApp:
    return TacApp(store=store, actor="Priya Shah", today=TODAY, crash_folder=tmp_path / "crashes")


async def open_family(pilot, surname: str) -> None:
    """From home: the families list, the surname typed, the family opened."""
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)
    await pilot.press(*surname.lower())
    await settle(pilot)
    await pilot.press("down", "enter")
    await settle(pilot)


def warning_text(app: TacApp) -> str:
    return str(app.screen.query_one("#outside-consent", Static).content)


def distribution_of(path: Path) -> list[str]:
    """The lines of a document from its distribution heading on, read with python-docx."""
    lines = [p.text for p in Document(str(path)).paragraphs]
    return lines[lines.index("Distribution"):]


async def test_consent_recorded_warned_about_withdrawn_and_left_off_the_next_minutes(
    store, ids, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    app = app_on(store, tmp_path)
    school = next(a for a in store.agencies() if a.kind == "school")
    early_help = next(a for a in store.agencies() if a.kind == "early_help")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_family(pilot, "Okoro")
        # Grace gives consent, verbally, to share with early help and the school only.
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ConsentForm)
        await pilot.press("tab")
        await choose(pilot, "Grace")
        await pilot.press("tab", "tab")  # the date stays today
        await choose(pilot, "Verb")
        await pilot.press("tab")  # the agencies, in name order: Oakfield, Early Help, Health
        await pilot.press("space", "down", "space")
        await pilot.press("tab", *"The family's plan with early help and school")
        await pilot.press("ctrl+s")
        await settle(pilot)

        okoro = store.get(Family, ids["okoro"])
        [consent] = okoro.consents
        assert (consent.given_by, consent.given_on, consent.how) == (
            ids["grace"], TODAY, ConsentHow.VERBAL)
        assert set(consent.agency_ids) == {school.id, early_help.id}
        assert consent.scope == "The family's plan with early help and school"

        # A TAC meeting: Hannah, a health visitor, comes; health is outside the consent.
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("p", "p", "tab", "tab")
        await choose(pilot, "Hannah")
        await settle(pilot)
        assert ("Hannah Berry (Stockport Health Visiting) is present, but the family's "
                "consent does not include Stockport Health Visiting") in warning_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FinishCheckModal)
        assert any("Hannah Berry (Stockport Health Visiting) is present" in line
                   for line in app.screen.missing)
        await pilot.press("f")
        await settle(pilot)

        # A week later Grace withdraws consent from the school alone.
        app.today = TODAY + timedelta(days=7)
        await pilot.press("c")
        await settle(pilot)
        await choose(pilot, "The family withdraws")
        await pilot.press("tab")
        await choose(pilot, "Grace")
        await pilot.press("tab", "tab", "tab")  # past the date and "every agency"
        await pilot.press(*["down"] * consent.agency_ids.index(school.id), "space")
        await pilot.press("tab", *"Grace asked that the school is told nothing more")
        await pilot.press("ctrl+s")
        await settle(pilot)

        [withdrawal] = store.get(Family, ids["okoro"]).consents[0].withdrawals
        assert (withdrawal.on, withdrawal.by, withdrawal.agency_ids, withdrawal.all_agencies) == (
            TODAY + timedelta(days=7), ids["grace"], [school.id], False)
        assert withdrawal.note == "Grace asked that the school is told nothing more"

        # The next meeting: Sam from the school comes and is warned about too.
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("p", "p", "p", "tab", "tab")
        await choose(pilot, "Sam")
        await settle(pilot)
        assert ("Sam Okafor (Oakfield Primary School) is present, but the family withdrew "
                "consent to share with Oakfield Primary School on 17 March 2026"
                in warning_text(app))
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

        # Its minutes, to Word from the family record.
        await pilot.press("n")
        await settle(pilot)

    second = max(store.tac_meetings(family_id=ids["okoro"]), key=lambda m: m.held_on)
    assert second.status is MeetingStatus.FINISHED
    assert {a.professional_id for a in second.attendance
            if a.status is AttendanceStatus.PRESENT} >= {ids["sam"], ids["hannah"]}
    [minutes] = (tmp_path / "exports").glob("2026-03-17 TAC minutes *.docx")
    distribution = distribution_of(minutes)
    assert "Grace Okoro (mother)" in distribution
    sent = [line for line in distribution if not line.startswith("Not sent")]
    assert not any("Sam Okafor" in line or "Hannah Berry" in line for line in sent)
    assert ("Not sent: Sam Okafor (Oakfield Primary School): the family withdrew consent to "
            "share with Oakfield Primary School on 17 March 2026") in distribution
    assert ("Not sent: Hannah Berry (Stockport Health Visiting): the family's consent does "
            "not include Stockport Health Visiting") in distribution


async def test_a_consent_without_agencies_is_refused_beside_the_list_and_kept(store, ids, tmp_path):
    app = app_on(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_family(pilot, "Okoro")
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("tab")
        await choose(pilot, "Grace")
        await pilot.press("tab", "tab")
        await choose(pilot, "In")
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = app.screen.query_one("#agency_ids-error", Static)
        assert str(error.content).startswith("agencies: choose the agencies")
        assert app.screen.query_one("#given_on", Input).value == "10/03/2026"
    assert store.get(Family, ids["okoro"]).consents == []


# --- a screening decision the family has not agreed to ---------------------------------------


async def test_early_help_for_a_referral_not_agreed_to_asks_why_and_keeps_the_reason(
    store, ids
):
    app = MeetingApp(store, ScreeningMeetingScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("space", "pagedown", "pagedown", "pagedown")  # to the Nowak family
        await choose(pilot, "Early")
        await pilot.press("tab")
        await choose(pilot, "2")
        await pilot.press("tab", *"Needs at home", "tab", "tab")
        await choose(pilot, "Priya")
        await pilot.press("pagedown")
        assert str(app.screen.query_one("#decision-error").render()).startswith(
            "reason to proceed: the family has not agreed to this referral")
        await pilot.press("tab", "tab", "tab", *"Tomasz's mother agreed at the meeting")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
    [meeting] = store.screening_meetings()
    [decision] = [d for d in meeting.decisions if d.referral_id == ids["referral_nowak"]]
    assert decision.reason_to_proceed == "Tomasz's mother agreed at the meeting"


# --- home -----------------------------------------------------------------------------------


async def test_home_lists_the_open_family_whose_consent_was_withdrawn(app_factory, demo_store):
    withdrawn = [f for f in demo_store.families()
                 if rules.consent_withdrawn_with_plan_open(f, DEMO_TODAY)]
    assert len(withdrawn) == 1
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        listing = app.screen.query_one("#consent-withdrawn", LinkList)
        assert listing.option_count == 1
        assert withdrawn[0].reference in str(listing.get_option_at_index(0).prompt)


# --- snapshots ------------------------------------------------------------------------------


def _consent_app(tmp_path: Path, withdraw: bool = False, bad_date: bool = False):
    """The app on the meeting records, the Walsh family's record open and the consent form
    over it (on a withdrawal with an impossible date, for the error state)."""
    store = Store.open(tmp_path / "snap.db", actor="Priya Shah")
    fill_store(store)
    app = app_on(store, tmp_path)

    async def run_before(pilot) -> None:
        await open_family(pilot, "Walsh")
        await pilot.press("c")
        await settle(pilot)
        if withdraw:
            await choose(pilot, "The family withdraws")
        if bad_date:
            await pilot.press("tab")
            await choose(pilot, "Kerry")
            await pilot.press("tab", "ctrl+u", *"31/02/2026", "ctrl+s")
        await settle(pilot)

    return app, run_before


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_snapshot_consent_form(snap_compare, tmp_path, size):
    app, run_before = _consent_app(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_snapshot_consent_withdrawal_refuses_an_impossible_date(snap_compare, tmp_path, size):
    app, run_before = _consent_app(tmp_path, withdraw=True, bad_date=True)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
