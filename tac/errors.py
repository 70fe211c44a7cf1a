"""The errors a user can cause. Each carries a message that says what to fix.

Screens show `str(error)` in a notification or modal; the CLI prints it on one line and
exits with status 2. Anything else that escapes is a bug of ours (see `tac.crash`).
"""

from __future__ import annotations

from datetime import datetime


class TacError(Exception):
    """A problem the user can fix; `str(error)` says how."""

    title = "Cannot continue"


class InvalidInput(TacError):
    """A value the models refuse."""

    title = "Please check what was typed"


class NotFound(TacError):
    title = "Not found"


class DatabaseError(TacError):
    """The database file cannot be used: not TAC's, corrupt, locked, unwritable, too new."""

    title = "Database problem"


class ConflictError(TacError):
    """Someone saved the same record after this copy was read."""

    title = "Changed by someone else"

    def __init__(self, kind: str, changed_by: str | None, changed_at: datetime | None):
        when = changed_at.strftime("%d/%m/%Y %H:%M") if changed_at else "an unknown time"
        super().__init__(
            f"This {kind} was changed by {changed_by or 'someone else'} at {when} after you "
            "opened it. Your copy was not saved: reopen it to see their changes, then make "
            "yours again."
        )
        self.changed_by = changed_by
        self.changed_at = changed_at


def describe_validation_error(error: Exception) -> str:
    """One line naming each refused field and what is wrong, from a pydantic error."""
    errors = getattr(error, "errors", None)
    if not callable(errors):
        return str(error)
    parts = []
    for item in errors():
        where = ".".join(str(p) for p in item.get("loc", ()) if p != "__root__")
        message = item.get("msg", "is not valid")
        message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
        parts.append(f"{where.replace('_', ' ')}: {message}" if where else message)
    return "; ".join(parts) or str(error)


class Refused(TacError):
    """The person at the keyboard may not do this; the message names them and says why."""

    title = "Not allowed"

    def __init__(self, message: str, permission: object = None, reference: str | None = None):
        super().__init__(message)
        self.permission = permission
        self.reference = reference
