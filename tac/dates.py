"""Dates the UK way: `03/03/2026` in forms, `3 March 2026` in documents, and working days
(Monday to Friday, not an English bank holiday: one calendar for every count of them)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

import holidays

from tac.errors import InvalidInput

_FORM_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_form_date(text: str, field: str = "date") -> date:
    """Read a date typed in a form, `03/03/2026` (or ISO `2026-03-03`).

    >>> parse_form_date("3/3/2026")
    datetime.date(2026, 3, 3)
    """
    match = _FORM_DATE.match(text or "")
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _ISO_DATE.match(text or "")
        if not match:
            raise InvalidInput(f"{field}: '{text}' is not a date; type it as DD/MM/YYYY")
        year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(f"{field}: {text.strip()} is not a real date (DD/MM/YYYY)") from None


def form_date(value: date | None) -> str:
    """`03/03/2026`, or an empty string for no date."""
    return value.strftime("%d/%m/%Y") if value else ""


def long_date(value: date | None) -> str:
    """`3 March 2026`, as documents show dates; empty string for no date."""
    if value is None:
        return ""
    return f"{value.day} {value.strftime('%B')} {value.year}"


def bank_holiday(day: date) -> str | None:
    """The name of the English bank holiday on `day` ("Christmas Day"), or None.

    From the `holidays` package's calendar for England, substitute days included
    ("Boxing Day (observed)"), so a new year's dates need no list kept by hand.

    >>> bank_holiday(date(2026, 12, 25)), bank_holiday(date(2026, 12, 24))
    ('Christmas Day', None)
    """
    return _bank_holidays(day.year).get(day)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an English bank holiday."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def not_a_working_day(day: date) -> str | None:
    """Why `day` is not a working day, in words for a question ("Christmas Day, a bank
    holiday", "a Saturday"); None when it is one.

    >>> not_a_working_day(date(2026, 12, 26)), not_a_working_day(date(2026, 12, 28))
    ('Boxing Day, a bank holiday (a Saturday)', 'Boxing Day (observed), a bank holiday')
    """
    holiday = bank_holiday(day)
    weekend = f"a {day.strftime('%A')}" if day.weekday() >= 5 else ""
    if holiday:
        return f"{holiday}, a bank holiday" + (f" ({weekend})" if weekend else "")
    return weekend or None


def working_day_question(day: date) -> str | None:
    """The question to ask once when a due date falls on a weekend or a bank holiday;
    None for a working day.

    >>> working_day_question(date(2026, 12, 25))
    '25/12/2026 is Christmas Day, a bank holiday. Keep it or choose another date?'
    """
    why = not_a_working_day(day)
    return f"{form_date(day)} is {why}. Keep it or choose another date?" if why else None


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (before it, for a negative `days`),
    skipping weekends and English bank holidays.

    >>> add_working_days(date(2026, 12, 24), 1)  # Christmas Day, Boxing Day observed
    datetime.date(2026, 12, 29)
    """
    step = timedelta(days=1 if days >= 0 else -1)
    current = start
    remaining = abs(days)
    while remaining > 0:
        current += step
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`: weekdays that are not English
    bank holidays."""
    if end <= start:
        return 0
    whole_weeks, extra = divmod((end - start).days, 7)
    count = whole_weeks * 5
    for offset in range(1, extra + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            count += 1
    for year in range(start.year, end.year + 1):
        count -= sum(1 for day in _bank_holidays(year)
                     if start < day <= end and day.weekday() < 5)
    return count


@cache
def _bank_holidays(year: int) -> dict[date, str]:
    """England's bank holidays in `year`, read once per year: working days are counted for
    thousands of families at a time, and the package works each year out afresh."""
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year))


def add_months(start: date, months: int) -> date:
    """The same day `months` calendar months after `start`, or the month's last day when it
    has no such day (31 January plus one month is 28 or 29 February).

    >>> add_months(date(2025, 3, 31), 11)
    datetime.date(2026, 2, 28)
    """
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    for day in range(start.day, 27, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, min(start.day, 28))
