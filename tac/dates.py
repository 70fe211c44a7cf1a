"""Dates the UK way: `03/03/2026` in forms, `3 March 2026` in documents, and working days."""

from __future__ import annotations

import re
from datetime import date, timedelta

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


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days (Monday to Friday) after `start`."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days (Monday to Friday) after `start` up to and including `end`."""
    if end <= start:
        return 0
    whole_weeks, extra = divmod((end - start).days, 7)
    count = whole_weeks * 5
    for offset in range(1, extra + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            count += 1
    return count


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
