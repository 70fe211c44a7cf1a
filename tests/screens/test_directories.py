"""The directories, by keys alone: a service added and chosen in a signposting decision that
the minutes name; a professional who left no longer offered but still named where they were."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path

import pytest
from docx import Document
from textual.widgets import DataTable

from screens.app import TacApp
from screens.local_services import LocalServicesScreen
from screens.professionals import ProfessionalsScreen
from screens.screening_meeting import ScreeningMeetingScreen
from tac.models import Professional, ScreeningOutcome
from tac.store import Store
from tests.screens.meeting_data import TODAY, choose, fill_store, settle


@pytest.fixture
def store(tmp_path):
    opened = Store.open(tmp_path / "tac.db", actor="Priya Shah")
    yield opened
    opened.close()


@pytest.fixture
def ids(store) -> dict[str, str]:
    return fill_store(store)


def tac_app(store: Store, tmp_path: Path) -> TacApp:
    return TacApp(store=store, actor="Priya Shah", today=TODAY, crash_folder=tmp_path / "crashes")


def screen_text(app) -> str:
    """The screen's text, line by line, as a person reads it."""
    rows: dict[float, list[tuple[float, str]]] = defaultdict(list)
    for match in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>',
                             app.export_screenshot()):
        rows[float(match[2])].append((float(match[1]), html.unescape(match[3])))
    text = "\n".join("".join(t for _, t in sorted(row)) for _, row in sorted(rows.items()))
    return text.replace("\xa0", " ")


async def test_a_service_added_to_the_directory_is_chosen_for_signposting_and_named_in_the_minutes(
    store, ids, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # the minutes are written into exports/ here
    app = tac_app(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LocalServicesScreen)
        await pilot.press("a")
        await pilot.press(*"Castlebridge Food Bank", "tab", *"Three days' food", "tab",
                          *"Households in a crisis", "tab", *"All ages", "tab", *"Borough-wide",
                          "tab", *"a voucher from any professional", "tab", *"01632 960108")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LocalServicesScreen)
        assert "Castlebridge Food Bank" in screen_text(app)
        await pilot.press("escape", "s")
        await settle(pilot)
        assert isinstance(app.screen, ScreeningMeetingScreen)
        await pilot.press("pagedown")  # the Walsh referral, first in the queue
        await choose(pilot, "Information")
        await pilot.press("tab")
        await choose(pilot, "1")
        await pilot.press("tab", *"Food is the one need; the food bank meets it", "tab")
        await choose(pilot, "Castlebridge")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)

    [service] = [s for s in store.local_services() if s.name == "Castlebridge Food Bank"]
    assert service.how_to_refer == "a voucher from any professional" and service.active
    [meeting] = store.screening_meetings()
    decision = meeting.decision_for(ids["referral_walsh"])
    assert decision is not None
    assert (decision.outcome, decision.service_id) == (ScreeningOutcome.SIGNPOSTING, service.id)
    [minutes] = (tmp_path / "exports").glob("*.docx")
    document = Document(str(minutes))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert "Castlebridge Food Bank (a voucher from any professional)" in text


async def test_a_professional_who_left_is_not_offered_but_old_records_still_name_them(
    store, ids, tmp_path
):
    app = tac_app(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ProfessionalsScreen)
        await pilot.press("slash", *"okafor", "enter")
        assert "Sam Okafor" in screen_text(app)
        await pilot.press("i")
        await settle(pilot)
        assert "Sam Okafor (left)" in screen_text(app)
        assert store.get(Professional, ids["sam"]).active is False

        await pilot.press("escape", "s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ScreeningMeetingScreen)
        offered = [str(o.value) for o in screen.query_one("#present").options]
        assert ids["sam"] not in offered and ids["priya"] in offered
        # Who takes a decision forward: the list opened offers Priya and Hannah, not Sam.
        await pilot.press("pagedown", "tab", "tab", "tab", "tab")
        assert app.focused is screen.query_one("#allocated_to")
        await pilot.press("enter")
        offered_text = screen_text(app)
        assert "Priya Shah, Family worker" in offered_text
        assert "Sam Okafor, Safeguarding lead" not in offered_text
        await pilot.press("escape", "escape")
        await settle(pilot)

        # The Walsh family's plan: an action Sam took on before he left still names him.
        app.action_open_family(ids["walsh"])
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        actions = app.screen.query_one("#plan-actions", DataTable)
        rows = [" ".join(" ".join(str(cell).split()) for cell in actions.get_row_at(i))
                for i in range(actions.row_count)]
        breakfast = next(row for row in rows if "Offer Jayden a place at breakfast club" in row)
        assert "Sam Okafor" in breakfast
        assert "Sam Okafor" in screen_text(app)


async def test_a_service_typed_without_a_name_is_refused_beside_the_field_and_kept(store, ids, tmp_path):
    app = tac_app(store, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l", "a", "tab", *"Debt advice", "ctrl+s")
        await settle(pilot)
        form = app.screen
        assert "is required" in str(form.query_one("#name-error").render())
        assert form.query_one("#offers").value == "Debt advice"
        assert app.focused is form.query_one("#name")
        await pilot.press(*"Citizens Advice", "ctrl+s")
        await settle(pilot)
        assert [s.offers for s in store.local_services() if s.name == "Citizens Advice"] == [
            "Debt advice"]


def test_snapshot_local_services(app_factory, snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_local_services_searched_on_a_small_terminal(app_factory, snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("l", "slash", *"young")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=run_before)


def test_snapshot_a_service_with_no_name_refused(app_factory, snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("l", "a", "tab", *"Debt advice", "ctrl+s")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_professionals(app_factory, snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_agencies_on_a_small_terminal(app_factory, snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("d", "2")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=run_before)


def test_snapshot_a_professional_form_on_a_small_terminal(app_factory, snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=run_before)
