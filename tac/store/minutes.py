"""The minutes clock in the store: meetings whose minutes are not yet sent, and recording
the day their minutes were first written.

    >>> store.record_minutes_written(TacMeeting, [meeting.id], date(2026, 3, 5))
    1
    >>> [row.held_on for row in store.unsent_minutes()]
    [datetime.date(2026, 3, 3)]

Recording written is one transaction for any number of meetings (a batch export writes
thousands), each meeting's version raised and one audit line each, so a copy of the meeting
read before it cannot be saved over it (`ConflictError`, as for any save).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from tac.models import ScreeningMeeting, TacMeeting
from tac.store import trail
from tac.store.database import now
from tac.tables import KINDS

if TYPE_CHECKING:
    from tac.store.records import Store


class MinutesRow(NamedTuple):
    """A finished meeting as the minutes clock sees it: enough to list it, fast to fetch.

    `kind` is the TAC meeting's kind (initial, review, closure), or None for a screening
    meeting, which has no family (`family_id` None).
    """

    id: str
    family_id: str | None
    kind: str | None
    held_on: date
    status: str
    minutes_written_on: date | None
    minutes_sent_on: date | None

    @property
    def is_screening(self) -> bool:
        return self.family_id is None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def unsent_minutes(store: Store) -> list[MinutesRow]:
    """Finished screening and TAC meetings whose minutes no one has recorded as sent,
    oldest first. Read through the partial indexes made for it (schema version 8)."""
    # Everything read is in the partial indexes (schema version 8): no table row is visited.
    sql = """
        SELECT id, NULL, NULL, held_on, minutes_written_on
          FROM screening_meetings WHERE status = 'finished' AND minutes_sent_on IS NULL
        UNION ALL
        SELECT id, family_id, kind, held_on, minutes_written_on
          FROM tac_meetings WHERE status = 'finished' AND minutes_sent_on IS NULL
        ORDER BY 4, 1"""
    with store._lock:
        found = store._conn.execute(sql).fetchall()
    day = date.fromisoformat
    return [
        MinutesRow(row[0], row[1], row[2], day(row[3]), "finished", _day(row[4]), None)
        for row in found
    ]


def record_minutes_written(
    store: Store, model: type[TacMeeting | ScreeningMeeting], meeting_ids: Iterable[str], on: date
) -> int:
    """Record `on` as the day the minutes of these meetings were written, for each that has
    no such day yet (a later export leaves the first day as it was); how many were recorded.
    """
    kind = KINDS[model]
    family = "family_id" if model is TacMeeting else "NULL"
    stamp = now()
    recorded = 0
    with store._writing() as conn:
        for meeting_id in dict.fromkeys(meeting_ids):
            row = conn.execute(
                f"SELECT {family} FROM {kind.table} WHERE id = ? AND minutes_written_on IS NULL",
                (meeting_id,),
            ).fetchone()
            if row is None:
                continue
            conn.execute(
                f"UPDATE {kind.table} SET minutes_written_on = ?, version = version + 1,"
                " updated_at = ?, updated_by = ? WHERE id = ?",
                (on.isoformat(), stamp.isoformat(), store.actor, meeting_id),
            )
            trail.append_audit(conn, [trail.AuditRow(
                stamp.isoformat(), store.actor, "update", kind.label, meeting_id, row[0],
                changes=json.dumps({"minutes_written_on": {"before": None, "after": on.isoformat()}}),
            )])
            recorded += 1
    return recorded


__all__ = ["MinutesRow", "record_minutes_written", "unsent_minutes"]
