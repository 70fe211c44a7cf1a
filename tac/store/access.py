"""Who a family's record is for, in SQL: its team and the agencies its consent in force
includes (the `FamilyReach` the role table in `tac.access.permissions` decides on), and the
families a professional is on the team of.

    >>> reach(store, family.id, date(2026, 3, 3))
    FamilyReach(reference='EH-2026-0042', team=frozenset({'p1', 'p7'}), consent_agencies=frozenset({'a2'}))

The team is every lead professional the family has had, each chair and each professional
who attended one of its TAC meetings, each owner of one of its actions, and each
professional a screening decision about one of its referrals allocated it to.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

from tac.access.permissions import FamilyReach
from tac.consent import agencies_in_consent
from tac.errors import NotFound
from tac.models import Family
from tac.tables import part_from_row

if TYPE_CHECKING:
    from tac.store.records import Store

# The families whose team one professional (`:professional`) is on: each part filtered
# before the union, so that no list of every family's team is built.
_FAMILIES_OF = """
    SELECT family_id FROM lead_professional_terms WHERE professional_id = :professional
    UNION SELECT id FROM families WHERE lead_professional_id = :professional
    UNION SELECT family_id FROM tac_meetings WHERE chair_id = :professional
    UNION SELECT m.family_id FROM meeting_attendance a
            JOIN tac_meetings m ON m.id = a.meeting_id WHERE a.professional_id = :professional
    UNION SELECT family_id FROM actions WHERE professional_id = :professional
    UNION SELECT r.family_id FROM screening_decisions d
            JOIN referrals r ON r.id = d.referral_id WHERE d.allocated_to_id = :professional"""

# A family's team (`:family`): each part read through its index by family.
_TEAM_OF_FAMILY = """
    SELECT professional_id FROM lead_professional_terms WHERE family_id = :family
    UNION SELECT lead_professional_id FROM families WHERE id = :family
    UNION SELECT chair_id FROM tac_meetings WHERE family_id = :family
    UNION SELECT a.professional_id FROM meeting_attendance a
            JOIN tac_meetings m ON m.id = a.meeting_id WHERE m.family_id = :family
    UNION SELECT professional_id FROM actions WHERE family_id = :family
    UNION SELECT d.allocated_to_id FROM screening_decisions d
            JOIN referrals r ON r.id = d.referral_id WHERE r.family_id = :family"""


def reach(store: Store, family_id: str, on: date) -> FamilyReach:
    """The family's team and the agencies of its consent in force on `on` (none when it
    was withdrawn, or never given): two queries, no whole record read. `NotFound` if there
    is no such family."""
    with store._lock:
        found = store._conn.execute(
            "SELECT reference, (SELECT json_group_array(professional_id) FROM"
            f" ({_TEAM_OF_FAMILY}) WHERE professional_id IS NOT NULL)"
            " FROM families WHERE id = :family",
            {"family": family_id},
        ).fetchone()
    if found is None:
        raise NotFound(f"no family with id {family_id}")
    return FamilyReach(
        reference=found[0],
        team=frozenset(json.loads(found[1])),
        consent_agencies=consent_agencies(store, [family_id], on).get(family_id, frozenset()),
    )


def consent_agencies(store: Store, family_ids: list[str], on: date) -> dict[str, frozenset[str]]:
    """For each of these families with a consent recorded, the agencies its consent in force
    on `on` includes (empty when withdrawn): one query, whatever their number."""
    with store._lock:
        rows = list(store._db.query(
            "SELECT * FROM consents WHERE family_id IN (SELECT value FROM json_each(?))"
            " ORDER BY family_id, position", (json.dumps(family_ids),)))
    by_family: dict[str, list] = {}
    for row in rows:
        by_family.setdefault(row["family_id"], []).append(part_from_row(Family, "consents", row))
    # The consent rules are the family's own (`tac.consent`): given its consents alone.
    return {
        family_id: frozenset(agencies_in_consent(Family.model_construct(consents=consents), on))
        for family_id, consents in by_family.items()
    }


def families_on_team(store: Store, professional_id: str) -> list[str]:
    """Ids of the families whose team `professional_id` is on, in no particular order."""
    with store._lock:
        return [row[0] for row in store._conn.execute(
            _FAMILIES_OF, {"professional": professional_id})]


__all__ = ["families_on_team", "reach"]
