"""A known family in one line, as the front door reads it before deciding.

    >>> history_in_brief(family, date(2026, 3, 3))
    'known to early help, closed 4 months ago; stepped up in 2024'
    >>> re_referral_note(referral, episodes(family, referrals), date(2026, 3, 3), within_months=12)
    'Re-referral: closed 4 months ago (needs met)'
"""

from __future__ import annotations

from datetime import date

from tac import rules
from tac.episodes import Episode, ended_before
from tac.models import CLOSURE_REASON_LABELS, Family, FamilyStatus, Referral

_NOW = {
    FamilyStatus.OPEN: "open to early help",
    FamilyStatus.STEPPED_DOWN: "stepped down to early help",
    FamilyStatus.STEPPED_UP: "stepped up to children's social care",
    FamilyStatus.CLOSED: "known to early help, closed",
}

_BEFORE = {
    FamilyStatus.STEPPED_UP: "stepped up",
    FamilyStatus.STEPPED_DOWN: "stepped down",
    FamilyStatus.CLOSED: "closed",
}


def time_ago(day: date, today: date) -> str:
    """`today`, `3 days ago`, `5 weeks ago`, `4 months ago`, `2 years ago`."""
    days = (today - day).days
    if days <= 0:
        return "today"
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''} ago"
    if days < 63:
        return f"{days // 7} weeks ago"
    months = (today.year - day.year) * 12 + today.month - day.month - (today.day < day.day)
    if months < 24:
        return f"{max(months, 2)} months ago"
    return f"{months // 12} years ago"


def history_in_brief(family: Family, today: date) -> str:
    """Where the family is now and since when, then what happened before, from its status
    history; "referred, not yet screened" for a family with none."""
    history = family.status_history
    if not history:
        return "referred, not yet screened"
    latest = history[-1]
    status = latest.status
    if status is FamilyStatus.CLOSED and latest.reason and latest.reason.value == "stepped_up":
        now = f"stepped up to children's social care, closed {time_ago(latest.on, today)}"
    else:
        now = f"{_NOW.get(status, status.value.replace('_', ' '))} {time_ago(latest.on, today)}"
        if status in (FamilyStatus.OPEN, FamilyStatus.STEPPED_DOWN):
            now = f"{_NOW[status]} since {latest.on:%m/%Y}"
    before, seen = [], set()
    for change in reversed(history[:-1]):
        words = _BEFORE.get(change.status)
        said = f"{words} in {change.on.year}" if words else ""
        if said and change.status is not status and said not in seen:
            seen.add(said)
            before.append(said)
    return "; ".join([now, *before[:2]])


def re_referral_note(
    referral: Referral, found: list[Episode], today: date, *, within_months: int
) -> str:
    """`Re-referral: closed 4 months ago (needs met)` for a referral received within
    `within_months` of the end of the family's last episode (`found`, from
    `tac.episodes.episodes`), else ""."""
    last = ended_before(found, referral.received_on)
    if last is None or last.end is None or last.end_reason is None:
        return ""
    if not rules.is_re_referral(referral, found, within_months=within_months):
        return ""
    reason = CLOSURE_REASON_LABELS[last.end_reason]
    return f"Re-referral: closed {time_ago(last.end, today)} ({reason[0].lower()}{reason[1:]})"
