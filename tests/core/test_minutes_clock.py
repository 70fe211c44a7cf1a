"""The minutes clock: minutes are due so many working days after the meeting, past the clock
the day after until someone records them sent; `tac minutes` records and lists them."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from tac import rules
from tac.cli import main
from tac.errors import InvalidInput
from tac.identity import os_user
from tac.meetings.minutes import minutes_state, record_minutes_sent, record_minutes_written
from tac.models import MeetingStatus, ScreeningMeeting, TacMeeting
from tac.schema import _V8_MINUTES_CLOCK, LATEST
from tac.settings import Settings
from tac.store import Store
from tests.core.factories import MEETING_DAY, family_file
from tests.core.older_schema import back_to_before

TEN = Settings().minutes_within_working_days
DUE = date(2026, 3, 17)
"""Ten working days after Tuesday 3 March 2026 (no bank holiday between)."""


def held(**changes) -> TacMeeting:
    fields = {"family_id": "f1", "kind": "review", "held_on": MEETING_DAY,
              "status": MeetingStatus.FINISHED}
    return TacMeeting(**(fields | changes))


def test_a_council_aims_to_send_minutes_within_ten_working_days():
    assert TEN == 10
    assert rules.minutes_due_on(held(), within_working_days=TEN) == DUE
    assert rules.minutes_due_on(held(), within_working_days=5) == date(2026, 3, 10)


def test_minutes_are_past_the_clock_the_day_after_they_were_due_until_sent():
    meeting = held()
    assert not rules.minutes_past_clock(meeting, DUE, within_working_days=TEN)
    assert rules.minutes_past_clock(meeting, date(2026, 3, 18), within_working_days=TEN)
    assert rules.minutes_days_past(meeting, date(2026, 3, 20), within_working_days=TEN) == 3
    sent = held(minutes_sent_on=date(2026, 3, 19), minutes_sent_by="Priya Shah")
    assert not rules.minutes_past_clock(sent, date(2026, 3, 20), within_working_days=TEN)
    assert rules.minutes_days_past(sent, date(2026, 3, 20), within_working_days=TEN) == 0
    in_progress = held(status=MeetingStatus.IN_PROGRESS)
    assert not rules.minutes_past_clock(in_progress, date(2026, 6, 1), within_working_days=TEN)


def test_the_drift_summary_lists_minutes_past_the_clock_oldest_first():
    older = held(held_on=date(2026, 2, 2))
    on_time = held(held_on=date(2026, 3, 16))
    sent = held(held_on=date(2026, 1, 5), minutes_sent_on=date(2026, 1, 9))
    summary = rules.drift_summary([], [], date(2026, 3, 20), limit_working_days=1,
                                  meetings=[held(), on_time, sent, older],
                                  minutes_within_working_days=TEN)
    assert [m.held_on for m in summary.minutes_late] == [date(2026, 2, 2), MEETING_DAY]


def test_minutes_show_not_written_then_written_then_sent():
    assert minutes_state(held()) == "not written"
    assert minutes_state(held(minutes_written_on=date(2026, 3, 5))) == "written 05/03/2026"
    assert minutes_state(held(minutes_written_on=date(2026, 3, 5),
                              minutes_sent_on=date(2026, 3, 6))) == "sent 06/03/2026"
    assert minutes_state(held(status=MeetingStatus.IN_PROGRESS)) == ""


@pytest.fixture
def filed(store):
    bundle, file = family_file()
    store.load(bundle, note="minutes clock")
    return store, file.tac_meetings[0], bundle.screening_meetings[0]


def test_sending_is_recorded_with_the_day_and_who_audited(filed):
    store, meeting, _ = filed
    saved = record_minutes_sent(store, TacMeeting, meeting.id, date(2026, 3, 6), "  Kerry  Walsh ",
                                today=date(2026, 3, 9))
    again = store.get(TacMeeting, meeting.id)
    assert (again.minutes_sent_on, again.minutes_sent_by) == (date(2026, 3, 6), "Kerry Walsh")
    assert saved.version == again.version
    assert store.audit_trail(record_id=meeting.id)[0].changes == {
        "minutes_sent_on": {"before": None, "after": "2026-03-06"},
        "minutes_sent_by": {"before": "", "after": "Kerry Walsh"},
    }
    unsent = [r.id for r in store.unsent_minutes()]
    assert filed[2].id in unsent and meeting.id not in unsent


@pytest.mark.parametrize(("on", "by", "message"), [
    (date(2026, 3, 10), "Priya Shah", "sent on: is in the future"),
    (date(2026, 3, 2), "Priya Shah", "sent on: is before the meeting (03/03/2026)"),
    (date(2026, 3, 4), "   ", "sent by: say who sent the minutes"),
])
def test_a_sent_day_that_cannot_be_is_refused_saying_what_to_fix(filed, on, by, message):
    store, meeting, _ = filed
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        record_minutes_sent(store, TacMeeting, meeting.id, on, by, today=date(2026, 3, 9))
    assert store.get(TacMeeting, meeting.id).minutes_sent_on is None


def test_written_is_recorded_once_for_a_screening_and_a_tac_meeting(filed):
    store, meeting, screening = filed
    assert record_minutes_written(store, [meeting, screening], date(2026, 3, 5)) == 2
    assert record_minutes_written(store, [store.get(TacMeeting, meeting.id)], date(2026, 3, 9)) == 0
    assert store.record_minutes_written(TacMeeting, [meeting.id], date(2026, 3, 9)) == 0
    assert store.get(TacMeeting, meeting.id).minutes_written_on == date(2026, 3, 5)
    assert store.get(ScreeningMeeting, screening.id).minutes_written_on == date(2026, 3, 5)


def test_a_database_from_before_the_minutes_clock_gains_it(tmp_path):
    path = tmp_path / "old.db"
    bundle, file = family_file()
    with Store.open(path, actor="x") as store:
        store.load(bundle, note="before the clock")
    conn = sqlite3.connect(path)
    back_to_before(conn, _V8_MINUTES_CLOCK)
    conn.commit()
    conn.close()
    with Store.open(path, actor="x") as store:
        assert store.schema_version == LATEST
        meeting = store.get(TacMeeting, file.tac_meetings[0].id)
        assert (meeting.minutes_written_on, meeting.minutes_sent_on) == (None, None)
        assert len(store.unsent_minutes()) == 3  # the screening meeting and two TAC meetings
        # ...but none is counted late: TAC began keeping the clock on the day of the upgrade.
        assert store.settings().minutes_clock_from == date.today()


def test_tac_minutes_sent_and_late_from_the_command_line(tmp_path, capsys):
    path = tmp_path / "tac.db"
    bundle, file = family_file()
    with Store.open(path, actor="x") as store:
        store.load(bundle, note="cli")
    today = date.today()  # the command works to the real day: these meetings are long past
    assert main(["--db", str(path), "minutes", "late"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"24/02/2026  screening meeting  "
        f"{(today - date(2026, 3, 10)).days} days past the clock",
        f"03/03/2026  EH-2026-0042 initial TAC  {(today - DUE).days} days past the clock",
        f"14/04/2026  EH-2026-0042 review TAC  "
        f"{(today - date(2026, 4, 28)).days} days past the clock",
    ]
    assert err.startswith("3 past the clock of 10 working days")

    assert main(["--db", str(path), "minutes", "sent", "EH-2026-0042",
                 "--held", "03/03/2026", "--on", "06/03/2026"]) == 0  # by you, the file's owner
    assert f"of 03/03/2026 recorded as sent 06/03/2026 by {os_user()}" in capsys.readouterr().out
    assert main(["--db", str(path), "minutes", "sent", "EH-2026-0042"]) == 0  # the latest, today
    assert main(["--db", str(path), "minutes", "sent", "screening", "--held", "24/02/2026",
                 "--by", "Sam Okafor"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "minutes", "late"]) == 0
    assert capsys.readouterr().out == ""

    assert main(["--db", str(path), "minutes", "sent", "EH-2026-0042", "--held", "03/03/2026",
                 "--on", "01/03/2026"]) == 2
    assert "sent on: is before the meeting" in capsys.readouterr().err
    assert main(["--db", str(path), "minutes", "sent", "EH-2026-0042", "--held", "04/03/2026"]) == 2
    assert "EH-2026-0042 has no finished TAC meeting on 04/03/2026" in capsys.readouterr().err
    with Store.open(path, actor="x") as store:
        assert store.get(TacMeeting, file.tac_meetings[0].id).minutes_sent_on == date(2026, 3, 6)


def test_meetings_held_before_the_clock_began_are_not_late():
    from tac.rules import minutes_past_clock
    held = TacMeeting(family_id="f1", kind="review", held_on=date(2026, 3, 3), status="finished")
    today = date(2026, 11, 27)
    assert minutes_past_clock(held, today, within_working_days=10)
    assert not minutes_past_clock(held, today, within_working_days=10, clock_from=date(2026, 11, 1))
    assert minutes_past_clock(held, today, within_working_days=10, clock_from=date(2026, 3, 3))


def test_a_council_can_set_when_the_clock_began_as_a_form_date():
    from tac.settings import Settings
    assert Settings.parse("minutes_clock_from", "01/11/2026") == "2026-11-01"
    assert Settings.from_stored({"minutes_clock_from": "2026-11-01"}).minutes_clock_from == date(2026, 11, 1)
    assert Settings.parse("minutes_clock_from", "none") is None
