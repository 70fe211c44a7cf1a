"""Retention: how long a closed family's records are kept, and erasing them after that.

Councils commonly keep early help records six years after closure (the setting
`retention_years`). An administrator lists the families past it and erases them one at a
time; the audit trail keeps one line saying what was erased, when, why and by whom, and
the family's earlier lines keep who did what and when, without the content.

    >>> [f.reference for f in families_past_retention(store, date(2026, 3, 3))]
    ['EH-2019-0007']
    >>> erase_family(store, "EH-2019-0007", date(2026, 3, 3)).counts["TAC meetings"]
    4
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tac.access.permissions import Permission, refusal
from tac.dates import add_months, long_date
from tac.errors import InvalidInput, Refused
from tac.meetings.drafts import family_draft_prefixes
from tac.models import FamilyStatus
from tac.store import Store
from tac.store import erasure as rows


@dataclass(frozen=True)
class PastRetention:
    """A closed family kept longer than the council's retention."""

    family_id: str
    reference: str
    closed_on: date

    def how_long_ago(self, today: date) -> str:
        """How long ago it closed: `7 years, 2 months`."""
        months = (today.year - self.closed_on.year) * 12 + today.month - self.closed_on.month
        if today.day < self.closed_on.day:
            months -= 1
        years, months = divmod(max(months, 0), 12)
        parts = [f"{years} year{'s' if years != 1 else ''}"]
        if months:
            parts.append(f"{months} month{'s' if months != 1 else ''}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Erasure:
    """What `erase_family` removed: the family's reference, when it closed, and how many of
    each kind of record (`{"people": 3, "TAC meetings": 4, ...}`)."""

    reference: str
    closed_on: date
    counts: dict[str, int] = field(default_factory=dict)


def kept_until(closed_on: date, years: int) -> date:
    """The last day a family closed on `closed_on` is kept: `years` years after it closed.
    It is past retention the day after."""
    return add_months(closed_on, 12 * years)


def families_past_retention(store: Store, today: date) -> list[PastRetention]:
    """Closed families whose closure was more than `retention_years` (a setting, 6 by
    default) before `today`, the longest closed first. A family's closure is its last
    status change to closed: one reopened and closed again counts from the later closure,
    and one open now is never listed. Administrators only (`Permission.RETENTION`)."""
    _allowed(store, "list families past retention")
    years = store.settings().retention_years
    cutoff = add_months(today, -12 * years)
    return [PastRetention(c.family_id, c.reference, c.closed_on)
            for c in rows.closed_before(store, cutoff)]


def erase_family(store: Store, reference: str, today: date) -> Erasure:
    """Erase a family past retention and everything about it: its record and people, its
    referrals (and the screening decisions about them), TAC meetings, actions, chronology,
    steps up, meeting drafts and search entry, in one transaction. Its audit lines are
    blanked of their content, and one line says what was erased (the reference, the day it
    closed, why) and by whom. Administrators only; `InvalidInput` for a family not past
    retention, `NotFound` for no such family."""
    _allowed(store, "erase a family past retention", reference)
    with store.reading_for(Permission.RETENTION):
        family = store.family_by_reference(reference)
    years = store.settings().retention_years
    closed_on = next((c.on for c in reversed(family.status_history)
                      if c.status is FamilyStatus.CLOSED), None)
    if family.status is not FamilyStatus.CLOSED or closed_on is None:
        raise InvalidInput(f"{family.reference} is not closed, so it is kept: only a family "
                           "closed for longer than the retention period can be erased")
    if closed_on >= add_months(today, -12 * years):
        raise InvalidInput(
            f"{family.reference} closed on {long_date(closed_on)} and is kept until "
            f"{long_date(kept_until(closed_on, years))} ({years} years); it cannot be erased before then")
    line = {
        "reference": family.reference,
        "closed_on": closed_on.isoformat(),
        "why": f"past retention: closed more than {years} years before {long_date(today)}",
    }
    prefixes = family_draft_prefixes(family.id, rows.meeting_ids(store, family.id))
    counts = rows.erase(store, family.id, prefixes, line)
    return Erasure(family.reference, closed_on, counts)


def _allowed(store: Store, what: str, reference: str | None = None) -> None:
    """Refuse (and log the refusal in the access log) anyone but an administrator."""
    reason = refusal(store.principal, Permission.RETENTION)
    if reason:
        store.log_access(what, outcome="refused", reference=reference, detail=reason)
        raise Refused(reason, permission=Permission.RETENTION, reference=reference)
