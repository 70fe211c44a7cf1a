"""The minutes clock in the app: the record shows each meeting's minutes and records them
sent by keys; home lists the meetings whose minutes are past the clock until they are sent."""

from __future__ import annotations

from datetime import date, timedelta

from screens.home import HomeScreen
from screens.widgets.minutes_sent import MinutesSentForm
from tac.models import Family, MeetingStatus, ScreeningMeeting, TacMeeting
from tac.store import Store
from tests.screens.conftest import TODAY, settle
from tests.screens.test_family_record import open_record, text_of
from tests.screens.test_home import lines


def weekdays_after(held: date, today: date) -> int:
    """Monday-to-Friday days after `held` up to `today`, counted one by one: the clock made
    another way (no meeting of the demo has a bank holiday near its tenth working day)."""
    return sum((held + timedelta(days=n)).weekday() < 5 for n in range(1, (today - held).days + 1))


def unsent_past_ten_days(store: Store) -> list[TacMeeting | ScreeningMeeting]:
    meetings = [*store.tac_meetings(), *store.screening_meetings()]
    return [m for m in meetings if m.status is MeetingStatus.FINISHED
            and m.minutes_sent_on is None and weekdays_after(m.held_on, TODAY) > 10]


def a_family_with_minutes_late(store: Store) -> tuple[Family, TacMeeting]:
    meeting = next(m for m in unsent_past_ten_days(store) if isinstance(m, TacMeeting))
    return store.get(Family, meeting.family_id), meeting


async def type_into(pilot, text: str) -> None:
    await pilot.press("end", "ctrl+u", *text)


async def test_minutes_are_marked_sent_by_keys_from_the_familys_record(app_factory, demo_store):
    family, meeting = a_family_with_minutes_late(demo_store)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_record(app, pilot, family)
        await pilot.press("4")  # meetings and scaling
        table = text_of(app.screen.query_one("#meetings-table"))
        assert "Minutes" in table and f"written {meeting.minutes_written_on:%d/%m/%Y}" in table

        await pilot.press("N")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MinutesSentForm)
        assert form.query_one("#meeting").value == meeting.id  # the one not sent

        await type_into(pilot, "04/03/2026")  # tomorrow
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "sent on: is in the future" in text_of(form.query_one("#sent_on-error"))

        await type_into(pilot, "02/03/2026")
        await pilot.press("tab")
        await type_into(pilot, "Alex Brown")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, MinutesSentForm)
        saved = demo_store.get(TacMeeting, meeting.id)
        assert (saved.minutes_sent_on, saved.minutes_sent_by) == (date(2026, 3, 2), "Alex Brown")
        assert "sent 02/03/2026" in text_of(app.screen.query_one("#meetings-table"))


async def test_home_counts_minutes_past_the_clock_as_the_records_do(app_factory, demo_store):
    late = unsent_past_ten_days(demo_store)
    assert late, "the demo has minutes past the clock"
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        shown = app.screen.query_one("#minutes-late")
        assert str(shown.border_subtitle) == str(len(late))
        assert len(lines(app, "#minutes-late")) == len(late)


async def test_home_stops_listing_minutes_once_marked_sent(app_factory, demo_store):
    family, meeting = a_family_with_minutes_late(demo_store)
    before = len(unsent_past_ten_days(demo_store))
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        listed = lines(app, "#minutes-late")
        assert any(family.reference in line for line in listed)
        late = app.screen.query_one("#minutes-late")
        late.focus()
        for _ in range(next(n for n, line in enumerate(listed) if family.reference in line)):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MinutesSentForm)
        await pilot.press("ctrl+s")  # sent today, by the person at the keyboard
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert not any(family.reference in line for line in lines(app, "#minutes-late"))
        assert str(late.border_subtitle) == (str(before - 1) if before > 1 else "")
    saved = demo_store.get(TacMeeting, meeting.id)
    assert (saved.minutes_sent_on, saved.minutes_sent_by) == (TODAY, demo_store.actor)


async def test_a_screening_meetings_minutes_are_marked_sent_from_home(app_factory, demo_store):
    oldest = demo_store.screening_meetings(status=MeetingStatus.FINISHED)[0]
    demo_store.save(oldest.model_copy(update={"minutes_sent_on": None, "minutes_sent_by": ""}))
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        listed = lines(app, "#minutes-late")
        line = f"{oldest.held_on:%d/%m} screening meeting"
        assert any(line in shown for shown in listed)
        app.screen.query_one("#minutes-late").focus()
        for _ in range(next(n for n, shown in enumerate(listed) if line in shown)):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MinutesSentForm)
        await type_into(pilot, f"{oldest.held_on:%d/%m/%Y}")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not any(line in shown for shown in lines(app, "#minutes-late"))
    assert demo_store.get(ScreeningMeeting, oldest.id).minutes_sent_on == oldest.held_on


def test_snapshot_the_meetings_with_their_minutes(app_factory, demo_store, snap_compare):
    family, _ = a_family_with_minutes_late(demo_store)

    async def run_before(pilot):
        await open_record(pilot.app, pilot, family)
        await pilot.press("4")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(100, 30), run_before=run_before)


def test_snapshot_minutes_sent_before_the_meeting_refused(app_factory, demo_store, snap_compare):
    family, _ = a_family_with_minutes_late(demo_store)

    async def run_before(pilot):
        await open_record(pilot.app, pilot, family)
        await pilot.press("N")
        await settle(pilot)
        await type_into(pilot, "01/01/2020")
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(100, 30), run_before=run_before)


async def test_n_on_the_record_writes_the_minutes_and_shows_them_written(
    app_factory, demo_store, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # the minutes go to exports/ here
    family, meeting = a_family_with_minutes_late(demo_store)
    demo_store.save(meeting.model_copy(update={"minutes_written_on": None}))
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_record(app, pilot, family)
        await pilot.press("4")
        assert "not written" in text_of(app.screen.query_one("#meetings-table"))
        await pilot.press("n")
        await settle(pilot)
        assert f"written {TODAY:%d/%m/%Y}" in text_of(app.screen.query_one("#meetings-table"))
    assert demo_store.get(TacMeeting, meeting.id).minutes_written_on == TODAY
    assert len(list((tmp_path / "exports").glob("*TAC minutes*.docx"))) == 1
