"""The life of a plan, by keys alone: a family taken in at the front door and screened to
early help, then from its record an initial meeting dated 12 weeks ago, a review 6 weeks
ago that carries the plan forward and retires a worry, and a closure today stepped down to
universal services. The three minutes and the closing letter are read back with python-docx."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from screens.app import TacApp
from screens.families import FamiliesScreen
from screens.family_record import FamilyRecordScreen
from screens.home import HomeScreen
from screens.tac_meeting import TacMeetingScreen
from tac.dates import form_date
from tac.models import (
    Agency,
    ClosureReason,
    Column,
    Family,
    FamilyStatus,
    Professional,
    TacMeetingKind,
)
from tac.store import Store
from tests.export.reading import body_text, read, rows, section, table_with
from tests.screens.conftest import screen_text
from tests.screens.meeting_data import TODAY, choose, settle

TWELVE_WEEKS_AGO = TODAY - timedelta(weeks=12)
SIX_WEEKS_AGO = TODAY - timedelta(weeks=6)
REFERRED = TODAY - timedelta(weeks=13)
"""The referral came in, and was screened, the week before the first meeting."""

SCORES = {  # Lily, Jo, Priya: where each says things are, meeting by meeting
    TacMeetingKind.INITIAL: ("4", "3", "2"),
    TacMeetingKind.REVIEW: ("6", "5", "5"),
    TacMeetingKind.CLOSURE: ("8", "8", "7"),
}
WORRY = "Misses Mondays"
KEPT_WORRY = "Rent arrears"
SUMMARY = "Lily is in school daily"
WELL = "Walks to school"
STEP = "Club"


def directory(store: Store) -> None:
    early_help = store.save(Agency(name="Stockport Early Help", kind="early_help"))
    school = store.save(Agency(name="Oakfield Primary School", kind="school"))
    store.save(Professional(name="Priya Shah", role="Family worker", agency_id=early_help.id))
    store.save(Professional(name="Sam Okafor", role="Safeguarding lead", agency_id=school.id))


def title(app) -> str:
    return str(app.screen.query_one("#meeting-title").render())


def newest(folder: Path, before: set[Path]) -> Path:
    [written] = set(folder.glob("*.docx")) - before
    return written


async def take_the_referral(pilot) -> None:
    """`r` on home: Lily and her mother Jo, referred by the school 13 weeks ago."""
    await pilot.press("r")
    await pilot.pause(0.4)  # the look-up of who is known runs after typing stops
    await settle(pilot)
    await pilot.press(*"Lily", "tab", *"Carter", "tab", *"04/05/2016", "tab")
    await pilot.press("enter", *"Daughter", "enter", "tab", "tab", "space")
    await pilot.press("ctrl+n")
    await pilot.press(*"Jo", "tab", *"Carter", "tab", "tab")
    await pilot.press("enter", *"Mother", "enter", "tab", "tab")
    await pilot.press("pagedown", "ctrl+a", "ctrl+k", *form_date(REFERRED))
    await pilot.press("tab", "tab", *"Sam", "tab")
    await pilot.press(*"School", "tab", *"0161", "tab")
    await pilot.press(*"Misses school", "tab")
    await pilot.press(*"Help", "tab")
    await pilot.press("enter", *"Socio", "enter", "tab", "enter", *"Yes", "enter")
    await pilot.press("ctrl+s")
    await settle(pilot)


async def screen_to_early_help(pilot) -> None:
    """`s` on home: the screening meeting, held the day the referral came, decides early
    help with a team around the child, Priya to take it forward."""
    await pilot.press("s")
    await settle(pilot)
    await pilot.press("space", "tab", "tab", "end", "ctrl+u", *form_date(REFERRED))
    await pilot.press("pagedown")
    await settle(pilot)
    await choose(pilot, "Early")
    await pilot.press("tab")
    await choose(pilot, "2")
    await pilot.press("tab", *"Needs help", "tab", "tab")
    await choose(pilot, "Priya")
    await pilot.press("tab", *form_date(REFERRED + timedelta(days=7)), "pagedown")
    await pilot.press("ctrl+s")
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)
    assert "Finished and saved" in title(pilot.app), screen_text(pilot.app)
    await pilot.press("escape")
    await settle(pilot)


async def type_held_on(pilot, held_on: date) -> None:
    """From the attendance list back up to Held on, then type the date over what is there."""
    for _ in range(4):
        await pilot.press("shift+tab")
        if pilot.app.focused.id == "held-on":
            break
    assert pilot.app.focused.id == "held-on"
    await pilot.press("end", "ctrl+u", *form_date(held_on))
    await settle(pilot)


async def hold_meeting(pilot, kind: TacMeetingKind, held_on: date) -> None:
    """`m` on the family's record: a meeting of `kind` held on `held_on`, Lily, Jo and Priya
    there, every step by keys."""
    await pilot.press("m")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TacMeetingScreen)
    await pilot.press("p", "p", "p")  # Lily, Jo and Priya present
    await type_held_on(pilot, held_on)
    if kind is TacMeetingKind.CLOSURE:
        await pilot.press("shift+tab")
        assert pilot.app.focused.id == "kind"
        await choose(pilot, "Closure")
    assert f"{form_date(held_on)} · 1/9 Attendance" in title(pilot.app), title(pilot.app)
    await pilot.press("pagedown", "space", "pagedown")  # consent confirmed
    await pilot.press("pagedown")  # the voices: nothing typed
    await pilot.press("pagedown")  # review of actions: left as they are
    await settle(pilot)
    assert "5/9" in title(pilot.app), title(pilot.app)
    if kind is TacMeetingKind.INITIAL:
        await pilot.press("n", *WORRY, "enter", "n", *KEPT_WORRY, "enter")
        await pilot.press("right", "n", *WELL, "enter")
        await pilot.press("right", "n", *STEP, "enter")
    elif kind is TacMeetingKind.REVIEW:
        await pilot.press("home")  # the first worry: Lily is in school on Mondays now
        await pilot.press("r")
    await pilot.press("pagedown", "pagedown")
    await settle(pilot)
    assert "7/9 Scaling" in title(pilot.app), title(pilot.app)
    lily, jo, priya = SCORES[kind]
    await pilot.press(lily, "tab", "a", "tab", jo, "tab", "b", "tab")
    await pilot.press(priya, "tab", "c")
    await pilot.press("pagedown")
    await settle(pilot)
    if kind is not TacMeetingKind.CLOSURE:
        await pilot.press(*kind.value, "tab")
        await choose(pilot, "Jo")
        await pilot.press("tab", *form_date(held_on + timedelta(weeks=2)), "tab",
                          *"Done", "enter")
    await pilot.press("pagedown")
    await settle(pilot)
    assert "9/9" in title(pilot.app), title(pilot.app)
    if kind is TacMeetingKind.CLOSURE:
        await choose(pilot, "Stepped down")
        await pilot.press("tab")
        await choose(pilot, "1: Universal")
        await pilot.press("tab", *SUMMARY)
    else:
        await choose(pilot, "Priya")
    await pilot.press("ctrl+s")
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FamilyRecordScreen), screen_text(pilot.app)


async def write(pilot, key: str, exports: Path) -> Path:
    """Press `key` on the family record and return the Word document it wrote."""
    before = set(exports.glob("*.docx"))
    await pilot.press(key)
    await settle(pilot)
    return newest(exports, before)


@pytest.fixture
def store(tmp_path):
    """A store holding only the directory: the family comes in through the front door."""
    opened = Store.open(tmp_path / "tac.db", actor="Priya Shah", create=True)
    directory(opened)
    yield opened
    opened.close()


async def test_a_family_from_referral_to_closing_letter(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # documents are written into exports/ here
    exports = tmp_path / "exports"
    app = TacApp(store=store, actor="Priya Shah", today=TODAY, crash_folder=tmp_path / "crashes")
    minutes: dict[TacMeetingKind, Path] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await take_the_referral(pilot)
        assert isinstance(app.screen, HomeScreen), screen_text(app)
        await screen_to_early_help(pilot)
        assert isinstance(app.screen, HomeScreen), screen_text(app)
        [family] = store.families()
        assert family.status is FamilyStatus.OPEN

        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FamiliesScreen)
        await pilot.press(*family.reference)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FamilyRecordScreen)

        for kind, held_on in ((TacMeetingKind.INITIAL, TWELVE_WEEKS_AGO),
                              (TacMeetingKind.REVIEW, SIX_WEEKS_AGO),
                              (TacMeetingKind.CLOSURE, TODAY)):
            await hold_meeting(pilot, kind, held_on)
            minutes[kind] = await write(pilot, "n", exports)
        letter = await write(pilot, "w", exports)

    first, review, closure = store.tac_meetings(family_id=family.id)
    assert [(m.kind, m.held_on) for m in (first, review, closure)] == [
        (TacMeetingKind.INITIAL, TWELVE_WEEKS_AGO), (TacMeetingKind.REVIEW, SIX_WEEKS_AGO),
        (TacMeetingKind.CLOSURE, TODAY)]
    # The review opened with the first meeting's plan, and retired one worry.
    assert [i.carried_from_id for i in review.assessment] == [i.id for i in first.assessment]
    assert [(i.column, i.text, i.retired) for i in review.assessment] == [
        (Column.WORRIES, WORRY, True), (Column.WORRIES, KEPT_WORRY, False),
        (Column.WORKING_WELL, WELL, False),
        (Column.NEXT_STEPS, STEP, False)]
    assert WORRY not in [i.text for i in closure.assessment]

    family = store.get(Family, family.id)
    assert (family.status, family.level, family.lead_professional_id) == (
        FamilyStatus.CLOSED, 1, None)
    assert family.status_history[-1].reason is ClosureReason.STEPPED_DOWN_TO_UNIVERSAL

    def scores(path: Path) -> list[list[str]]:
        """Who, today's score and last time's, from the minutes' scaling table."""
        return [row[:3] for row in rows(table_with(read(path.read_bytes()),
                                                   "Who", "Today", "Last time"))]

    initial, reviewed, closing = SCORES.values()
    people = ["Lily Carter", "Jo Carter", "Priya Shah"]
    assert scores(minutes[TacMeetingKind.REVIEW]) == [
        [who, now, then] for who, now, then in zip(people, reviewed, initial, strict=True)]
    assert scores(minutes[TacMeetingKind.CLOSURE]) == [
        [who, now, then] for who, now, then in zip(people, closing, reviewed, strict=True)]

    review_minutes = read(minutes[TacMeetingKind.REVIEW].read_bytes())
    changed = section(review_minutes, "What changed since the last meeting")
    assert changed[changed.index("No longer a worry") + 1] == WORRY
    assert WORRY not in body_text(read(minutes[TacMeetingKind.CLOSURE].read_bytes()))

    closing_letter = body_text(read(letter.read_bytes()))
    assert SUMMARY in closing_letter
    assert WORRY not in closing_letter
    assert "None recorded" not in closing_letter
    assert not re.search(r"(?<!no )next (meeting|review)", closing_letter, re.IGNORECASE)
