"""Management oversight notes: a manager's dated note with direction on a family.

    >>> note = write_oversight_note(store, family, note="Plan drifting: two reviews late.",
    ...                             direction="Review by 20/03; lead to chase housing.")
    >>> note.written_by
    'Dana Okoye'

Only an early help manager (or the owner of the database file at its terminal) may write
one; a refusal goes in the access log. No new permission is needed: a note is oversight
(`Permission.OVERSIGHT`, held by managers and auditors) that changes the family's record
(`Permission.CHANGE_FAMILY`, which an auditor never has), so asking both leaves the
manager and the owner.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from pydantic import ValidationError

from tac.access.permissions import FamilyReach, Permission, refusal
from tac.access.roles import Principal
from tac.errors import InvalidInput, Refused, describe_validation_error
from tac.models import Family, OversightNote

if TYPE_CHECKING:
    from tac.store import Store


def oversight_note_refusal(who: Principal, family: Family) -> str | None:
    """None when `who` may write an oversight note on `family`; else the one line why not."""
    return (refusal(who, Permission.OVERSIGHT)
            or refusal(who, Permission.CHANGE_FAMILY, FamilyReach(family.reference)))


def write_oversight_note(
    store: Store, family: Family, note: str, direction: str, on: date | None = None
) -> OversightNote:
    """Save a manager's note and direction on `family`, dated `on` (today when None), as
    written by the person signed in. Raises `Refused` for anyone but a manager (or the file's
    owner), and `InvalidInput` saying what to fix (a blank note, a day in the future)."""
    who = store.principal
    reason = oversight_note_refusal(who, family)
    if reason:
        store.log_access("oversight note", outcome="refused", family_id=family.id,
                         reference=family.reference, detail=reason)
        raise Refused(reason, permission=Permission.OVERSIGHT, reference=family.reference)
    try:
        record = OversightNote(
            family_id=family.id, written_on=on or date.today(), written_by=who.name,
            written_by_id=who.professional_id, note=note, direction=direction)
    except ValidationError as error:
        raise InvalidInput(describe_validation_error(error)) from None
    return store.save(record)
