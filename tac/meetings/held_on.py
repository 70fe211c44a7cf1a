"""The date a meeting was held, as the chair types it: today by default, any day before,
never a day still to come. Everything that follows from the meeting (the next review it
suggests, the date its actions were agreed, the scores it compares with) counts from it.

    >>> meeting_held_on("27/01/2026", today=date(2026, 3, 10))
    datetime.date(2026, 1, 27)
    >>> meeting_held_on("11/03/2026", today=date(2026, 3, 10))
    Traceback (most recent call last):
    tac.errors.InvalidInput: held on: 11/03/2026 is after today; type the date the meeting was held
"""

from __future__ import annotations

from datetime import date

from tac.dates import form_date, parse_form_date
from tac.errors import InvalidInput
from tac.rules import suggested_next_review


def check_held_on(held_on: date, today: date) -> date:
    """`held_on`, or InvalidInput if it is after `today` (the app's day, fixed in tests)."""
    if held_on > today:
        raise InvalidInput(
            f"held on: {form_date(held_on)} is after today; type the date the meeting was held"
        )
    return held_on


def meeting_held_on(text: str, today: date) -> date:
    """The date typed in a meeting's "Held on" field (DD/MM/YYYY); InvalidInput says what
    to fix when it is empty, not a date, or after `today`."""
    if not text.strip():
        raise InvalidInput("held on: type the date the meeting was held (DD/MM/YYYY)")
    return check_held_on(parse_form_date(text, "held on"), today)


def next_review_redated(next_review: str, was: date, now: date, interval_weeks: int) -> str:
    """The next review as typed, once the meeting's date is changed from `was` to `now`.

    The date suggested for the old meeting date (untouched by the chair) moves with it to
    the one suggested for the new date; anything else the chair typed stays as typed.
    """
    if next_review.strip() == form_date(suggested_next_review(was, interval_weeks)):
        return form_date(suggested_next_review(now, interval_weeks))
    return next_review
