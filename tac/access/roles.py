"""Roles, and the one person at the keyboard (the `Principal`) every read and write is for."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tac.errors import InvalidInput


class Role(StrEnum):
    """What a user may do; the rules are in `tac.access.permissions`."""

    EARLY_HELP_MANAGER = "early_help_manager"
    PRACTITIONER = "practitioner"
    PARTNER = "partner"
    ADMINISTRATOR = "administrator"
    AUDITOR = "auditor"


ROLE_LABELS: dict[Role, str] = {
    Role.EARLY_HELP_MANAGER: "early help manager",
    Role.PRACTITIONER: "practitioner",
    Role.PARTNER: "partner",
    Role.ADMINISTRATOR: "administrator",
    Role.AUDITOR: "auditor",
}


def role_named(text: str) -> Role:
    """The role a person typed, as its label or its stored name, in any case, with spaces,
    underscores or hyphens: "early help manager", early_help_manager, Partner.

    >>> role_named("Early-help manager")
    <Role.EARLY_HELP_MANAGER: 'early_help_manager'>
    """
    wanted = " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()
    for role, label in ROLE_LABELS.items():
        if label == wanted:
            return role
    raise InvalidInput(f"role: {text!r} is not a role; give one of "
                       f"{', '.join(ROLE_LABELS.values())}")


class Origin(StrEnum):
    """Where a person is working from, as the access log records it."""

    TERMINAL = "terminal"
    BROWSER = "browser"


@dataclass(frozen=True)
class Principal:
    """The person every read and write is done for.

    A signed-in user has a role and, as a professional in the directory, an id and an
    agency. The owner of the database file at a terminal on its machine (`owner`) is its
    administrator without a password and is refused nothing: they can read the file anyway.
    """

    name: str
    role: Role
    professional_id: str | None = None
    agency_id: str | None = None
    agency_name: str = ""
    user_id: str | None = None
    owner: bool = False
    origin: Origin = Origin.TERMINAL

    @classmethod
    def file_owner(cls, name: str, origin: Origin = Origin.TERMINAL) -> Principal:
        """The owner of the database file, named as TAC knows them (for the audit trail)."""
        return cls(name=name, role=Role.ADMINISTRATOR, owner=True, origin=origin)

    def describe(self) -> str:
        """`Jo Bloggs (partner, Abbey Fields School)`: how a refusal names this person."""
        if self.owner:
            return f"{self.name} (owner of the database file)"
        where = f", {self.agency_name}" if self.agency_name else ""
        return f"{self.name} ({ROLE_LABELS[self.role]}{where})"
