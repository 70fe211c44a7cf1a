"""The minutes clock: councils aim to send a meeting's minutes within so many working days
(the `minutes_within_working_days` setting, 10 by default). TAC records the day a finished
meeting's minutes were first written (exported to Word) and a person records the day they
were sent; `tac.rules.minutes_past_clock` says which are late.

    >>> record_minutes_written(store, [meeting], date(2026, 3, 5))      # by the export
    1
    >>> record_minutes_sent(store, TacMeeting, meeting.id, date(2026, 3, 6), "Kerry Walsh",
    ...                     today=date(2026, 3, 9)).minutes_sent_on
    datetime.date(2026, 3, 6)
    >>> minutes_state(meeting)
    'sent 06/03/2026'
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from tac.dates import form_date
from tac.errors import InvalidInput, NotFound
from tac.models import MeetingStatus, ScreeningMeeting, TacMeeting

if TYPE_CHECKING:
    from tac.store import Store

Meeting = TacMeeting | ScreeningMeeting


def record_minutes_written(store: Store, meetings: Iterable[Meeting], on: date) -> int:
    """Record that the minutes of these finished meetings were written on `on`, for those
    whose minutes were never written before (the first export's day stays); how many.
    Called by every export of minutes (`tac.export.writing`, `tac.export.batch`)."""
    meetings = list(meetings)
    recorded = 0
    for model in (TacMeeting, ScreeningMeeting):
        ids = [m.id for m in meetings if isinstance(m, model) and m.minutes_written_on is None]
        if ids:
            recorded += store.record_minutes_written(model, ids, on)
    return recorded


def record_minutes_sent(
    store: Store, model: type[Meeting], meeting_id: str, on: date, by: str, *, today: date
) -> Meeting:
    """Record that a finished meeting's minutes were sent on `on` by `by`: saved with the
    meeting (audited). `InvalidInput` says what to fix: not before the meeting, not in the
    future, someone named; a meeting still in progress has no minutes to send."""
    meeting = store.get(model, meeting_id)
    if meeting.status is not MeetingStatus.FINISHED:
        raise InvalidInput(
            f"the meeting of {form_date(meeting.held_on)} is still in progress; finish it "
            "before sending its minutes")
    if on > today:
        raise InvalidInput("sent on: is in the future")
    if on < meeting.held_on:
        raise InvalidInput(f"sent on: is before the meeting ({form_date(meeting.held_on)})")
    by = " ".join(by.split())
    if not by:
        raise InvalidInput("sent by: say who sent the minutes")
    return store.save(meeting.model_copy(update={"minutes_sent_on": on, "minutes_sent_by": by}))


def minutes_state(meeting: Meeting) -> str:
    """Where a finished meeting's minutes are: `not written`, `written 03/03/2026` or
    `sent 05/03/2026` (empty for a meeting still in progress)."""
    if meeting.status is not MeetingStatus.FINISHED:
        return ""
    if meeting.minutes_sent_on:
        return f"sent {form_date(meeting.minutes_sent_on)}"
    if meeting.minutes_written_on:
        return f"written {form_date(meeting.minutes_written_on)}"
    return "not written"


def meeting_for_minutes(store: Store, reference: str, held_on: date | None = None) -> Meeting:
    """The finished meeting `reference` names: a family reference for the family's latest
    finished TAC meeting, or the word `screening` for the latest finished screening meeting;
    with `held_on`, the one held that day instead. `NotFound` when there is none."""
    when = f" on {form_date(held_on)}" if held_on else ""
    meetings: list[Meeting]
    if reference.strip().lower() == "screening":
        meetings = list(store.screening_meetings(status=MeetingStatus.FINISHED))
        missing = f"there is no finished screening meeting{when}"
    else:
        family = store.family_by_reference(reference)
        meetings = list(store.tac_meetings(family_id=family.id, status=MeetingStatus.FINISHED))
        missing = f"{family.reference} has no finished TAC meeting{when}"
    if held_on is not None:
        meetings = [m for m in meetings if m.held_on == held_on]
    if not meetings:
        raise NotFound(missing)
    return meetings[-1]  # the store lists them by day held, then as saved
