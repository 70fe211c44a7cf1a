"""Erasing a family at the end of its retention: the SQL. The rule (who may, which families,
when) is in `tac.retention`.

Everything about the family goes in one transaction: its record and people, its referrals
and the screening decisions about them, its TAC meetings, actions, chronology, steps up,
oversight notes, vulnerability checks, meeting drafts, and its entry in the search index.
Its audit lines stay, blanked of their content, after one line saying what was erased and
by whom (`tac.store.trail`).
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from tac.store import trail
from tac.store.database import now

if TYPE_CHECKING:
    from tac.store.records import Store


class Closure(NamedTuple):
    """A closed family: its id, reference, and the day of its last status change to closed."""

    family_id: str
    reference: str
    closed_on: date


def closed_before(store: Store, day: date) -> list[Closure]:
    """Closed families whose last status change to closed was before `day`, the longest
    closed first."""
    rows = store._rows(
        """SELECT f.id, f.reference, (SELECT max(s.on_date) FROM family_status_changes s
                                       WHERE s.family_id = f.id AND s.status = 'closed') AS closed_on
             FROM families f WHERE f.status = 'closed'"""
    )
    found = [Closure(r["id"], r["reference"], date.fromisoformat(r["closed_on"]))
             for r in rows if r["closed_on"] and r["closed_on"] < day.isoformat()]
    return sorted(found, key=lambda c: (c.closed_on, c.reference))


def erase(
    store: Store, family_id: str, draft_prefixes: list[str], line: dict[str, object]
) -> dict[str, int]:
    """Remove the family with this id and everything about it, write the audit `line`
    (what was erased and why: no content) and blank the content of the family's earlier
    audit lines, all in one transaction; how many of each were removed."""
    one = (family_id,)
    counts: dict[str, int] = {}
    with store._writing() as conn:

        def gone(label: str, sql: str, params: tuple = one) -> None:
            counts[label] = conn.execute(sql, params).rowcount

        counts["people"] = conn.execute(
            "SELECT count(*) FROM family_members WHERE family_id = ?", one).fetchone()[0]
        gone("screening decisions", "DELETE FROM screening_decisions WHERE referral_id IN"
             " (SELECT id FROM referrals WHERE family_id = ?)")
        drafts = 0
        for prefix in draft_prefixes:
            escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            drafts += conn.execute(
                "DELETE FROM drafts WHERE key LIKE ? ESCAPE '\\'", (f"{escaped}%",)).rowcount
        counts["drafts"] = drafts
        gone("steps up", "DELETE FROM step_ups WHERE family_id = ?")
        gone("vulnerability checks", "DELETE FROM vulnerability_checks WHERE family_id = ?")
        gone("oversight notes", "DELETE FROM oversight_notes WHERE family_id = ?")
        gone("actions", "DELETE FROM actions WHERE family_id = ?")
        gone("TAC meetings", "DELETE FROM tac_meetings WHERE family_id = ?")
        gone("chronology entries", "DELETE FROM chronology_events WHERE family_id = ?")
        gone("referrals", "DELETE FROM referrals WHERE family_id = ?")
        conn.execute("DELETE FROM families WHERE id = ?", one)  # its people, consents, history
        trail.append_audit(conn, [trail.AuditRow(
            now().isoformat(), store.actor, trail.ERASE, "family", family_id, family_id,
            after=json.dumps({**line, "erased": counts}, ensure_ascii=False),
        )])
        counts["audit lines blanked"] = trail.blank_family_content(conn, family_id)
    return counts


def meeting_ids(store: Store, family_id: str) -> list[str]:
    """The ids of the family's TAC meetings (their corrections' drafts are keyed by them)."""
    return store._column("SELECT id FROM tac_meetings WHERE family_id = ?", (family_id,))
