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

# Each (family id, professional id) that puts a professional on a family's team.
_TEAM = """
    SELECT family_id, professional_id FROM lead_professional_terms
    UNION SELECT id, lead_professional_id FROM families
    UNION SELECT family_id, chair_id FROM tac_meetings
    UNION SELECT m.family_id, a.professional_id
            FROM meeting_attendance a JOIN tac_meetings m ON m.id = a.meeting_id
    UNION SELECT family_id, professional_id FROM actions
    UNION SELECT r.family_id, d.allocated_to_id
            FROM screening_decisions d JOIN referrals r ON r.id = d.referral_id"""

# The same, for one family (`:family`): each part read through its index by family.
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
        consents = list(store._db.query(
            "SELECT * FROM consents WHERE family_id = ? ORDER BY position", (family_id,)))
    # The consent rules are the family's own (`tac.consent`): given the consents alone.
    family = Family.model_construct(
        consents=[part_from_row(Family, "consents", row) for row in consents])
    return FamilyReach(
        reference=found[0],
        team=frozenset(json.loads(found[1])),
        consent_agencies=frozenset(agencies_in_consent(family, on)),
    )


def families_on_team(store: Store, professional_id: str) -> list[str]:
    """Ids of the families whose team `professional_id` is on, in no particular order."""
    with store._lock:
        return [row[0] for row in store._conn.execute(
            f"SELECT DISTINCT family_id FROM ({_TEAM}) WHERE professional_id = ?",
            (professional_id,),
        )]


__all__ = ["families_on_team", "reach"]
