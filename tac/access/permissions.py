"""The role table, as rules. Each answers "may this person do this?" with None (yes) or the
one line that says why not; the store asks them before it reads or writes, so a screen that
forgets to ask is still refused.

| role | may |
|---|---|
| early help manager | every family; screening; TAC meetings; oversight; the audit |
| practitioner | families they are on the team of, or allocated to; TAC meetings for those |
| partner | families whose consent includes their agency and whose team they are on: |
|  | read the plan and minutes, update their own actions |
| administrator | users, settings, templates, the directories, backups, batch exports |
| auditor | read everything and the audit; change nothing |

The owner of the database file at its terminal is refused nothing (see `Principal`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tac.access.roles import Principal, Role
from tac.errors import Refused


class Permission(StrEnum):
    """Something a person may be allowed to do. Family permissions need a `FamilyReach`."""

    SEE_FAMILY = "see"  # open the record, read the plan, minutes and chronology
    EXPORT_DOCUMENT = "export"  # write one family's minutes, plan or letter
    CHANGE_FAMILY = "change"  # edit the record, its people, consent and chronology
    TAC_MEETING = "tac_meeting"  # hold, continue or correct a TAC meeting
    UPDATE_ACTION = "update_action"  # progress, complete or re-date an action
    SCREENING = "screening"  # take referrals, hold screening meetings
    DUMP = "dump"
    BATCH_EXPORT = "batch_export"
    OVERSIGHT = "oversight"
    AUDIT = "audit"
    USERS = "users"
    SETTINGS = "settings"
    TEMPLATES = "templates"
    DIRECTORY = "directory"
    BACKUP = "backup"
    LOAD = "load"
    RETENTION = "retention"  # list families past retention, erase one


PERMISSION_LABELS: dict[Permission, str] = {
    Permission.SEE_FAMILY: "see",
    Permission.EXPORT_DOCUMENT: "write documents for",
    Permission.CHANGE_FAMILY: "change the record of",
    Permission.TAC_MEETING: "hold TAC meetings for",
    Permission.UPDATE_ACTION: "update this action of",
    Permission.SCREENING: "take referrals or hold screening meetings",
    Permission.DUMP: "dump families",
    Permission.BATCH_EXPORT: "export documents in a batch",
    Permission.OVERSIGHT: "see oversight",
    Permission.AUDIT: "read the audit",
    Permission.USERS: "manage users",
    Permission.SETTINGS: "change settings",
    Permission.TEMPLATES: "change templates",
    Permission.DIRECTORY: "change the directories",
    Permission.BACKUP: "back up the database",
    Permission.LOAD: "load records",
    Permission.RETENTION: "erase families past retention",
}

FAMILY_PERMISSIONS = frozenset({
    Permission.SEE_FAMILY, Permission.EXPORT_DOCUMENT, Permission.CHANGE_FAMILY,
    Permission.TAC_MEETING, Permission.UPDATE_ACTION,
})

_SERVICE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.EARLY_HELP_MANAGER: frozenset({
        Permission.SCREENING, Permission.DUMP, Permission.OVERSIGHT, Permission.AUDIT}),
    Role.PRACTITIONER: frozenset({Permission.DUMP}),  # of their own families only
    Role.PARTNER: frozenset(),
    Role.ADMINISTRATOR: frozenset({
        Permission.USERS, Permission.SETTINGS, Permission.TEMPLATES, Permission.DIRECTORY,
        Permission.BACKUP, Permission.BATCH_EXPORT, Permission.LOAD, Permission.RETENTION}),
    Role.AUDITOR: frozenset({Permission.DUMP, Permission.OVERSIGHT, Permission.AUDIT}),
}


@dataclass(frozen=True)
class FamilyReach:
    """What decides who may see a family: its team and the consent in force.

    `team` holds the professionals on it: each lead professional (past or present), each
    who attended a TAC meeting or chaired one, each who owns an action, each it was allocated
    to at screening. `consent_agencies` are the agencies the consent in force includes
    (empty when there is none, or it was withdrawn).
    """

    reference: str
    team: frozenset[str] = frozenset()
    consent_agencies: frozenset[str] = frozenset()


def refusal(
    who: Principal,
    permission: Permission,
    family: FamilyReach | None = None,
    action_owner_id: str | None = None,
) -> str | None:
    """None when `who` may do this; else the one line that says why not.

    A family permission needs `family`; `UPDATE_ACTION` also takes the action's owner,
    since a partner may update only their own.
    """
    if who.owner:
        return None
    if permission in FAMILY_PERMISSIONS:
        if family is None:
            raise ValueError(f"{permission} needs the family's reach")
        return _family_refusal(who, permission, family, action_owner_id)
    if permission in _SERVICE_PERMISSIONS[who.role]:
        return None
    return f"{who.describe()} may not {PERMISSION_LABELS[permission]}: {_role_reason(who.role)}"


def check(
    who: Principal,
    permission: Permission,
    family: FamilyReach | None = None,
    action_owner_id: str | None = None,
) -> None:
    """Raise `Refused` with the reason unless `who` may do this."""
    reason = refusal(who, permission, family, action_owner_id)
    if reason:
        raise Refused(reason, permission=permission, reference=family.reference if family else None)


def sees_every_family(who: Principal) -> bool:
    """True for those who may read every family (lists need no filtering for them)."""
    return who.owner or who.role in (Role.EARLY_HELP_MANAGER, Role.AUDITOR)


def _family_refusal(
    who: Principal, permission: Permission, family: FamilyReach, owner_id: str | None
) -> str | None:
    role = who.role
    ref = family.reference
    verb = PERMISSION_LABELS[permission]
    if role is Role.EARLY_HELP_MANAGER:
        return None
    if role is Role.AUDITOR:
        if permission in (Permission.SEE_FAMILY, Permission.EXPORT_DOCUMENT):
            return None
        return f"{who.describe()} may not {verb} {ref}: an auditor reads and changes nothing"
    if role is Role.ADMINISTRATOR:
        if permission is Permission.EXPORT_DOCUMENT:
            return None  # administrators send the paperwork
        return (f"{who.describe()} may not {verb} {ref}: an administrator sends the paperwork "
                "but does not open families' records")
    on_team = who.professional_id is not None and who.professional_id in family.team
    if not on_team:
        return f"{who.describe()} may not {verb} {ref}: they are not on the family's team"
    if role is Role.PRACTITIONER:
        return None
    # A partner: consent first, then what a partner may do at all.
    if who.agency_id is None or who.agency_id not in family.consent_agencies:
        where = who.agency_name or "their agency"
        return f"{who.describe()} may not {verb} {ref}: the family's consent does not include {where}"
    if permission in (Permission.SEE_FAMILY, Permission.EXPORT_DOCUMENT):
        return None
    if permission is Permission.UPDATE_ACTION:
        if owner_id is not None and owner_id == who.professional_id:
            return None
        return f"{who.describe()} may not {verb} {ref}: a partner updates only their own actions"
    return (f"{who.describe()} may not {verb} {ref}: a partner reads the plan and minutes "
            "and updates their own actions")


def _role_reason(role: Role) -> str:
    return {
        Role.EARLY_HELP_MANAGER: "that is for an administrator",
        Role.PRACTITIONER: "that is for an early help manager or an administrator",
        Role.PARTNER: "a partner reads the plan and minutes of their families and updates their own actions",
        Role.ADMINISTRATOR: "that is for an early help manager",
        Role.AUDITOR: "an auditor reads everything and changes nothing",
    }[role]
