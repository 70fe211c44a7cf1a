"""Changing an action between meetings: its due date moves only with a reason, and the
date before is kept.

    action = change_due_date(store, action, date(2027, 1, 12), "School closed that week")
    action.due_on, action.due_before        # 12/01/2027, and the date it was due before
"""

from __future__ import annotations

from datetime import date

from tac.dates import form_date
from tac.errors import InvalidInput
from tac.models import Action, ActionStatus, DueDateChange
from tac.store import Store


def change_due_date(
    store: Store,
    action: Action,
    new_due_on: date,
    reason: str,
    actor: str | None = None,
    today: date | None = None,
) -> Action:
    """Move an open action's due date to `new_due_on` for `reason`, keeping the date it
    had, and save it through the store (audited; a `ConflictError` if someone changed the
    action after `action` was read). Returns the saved action.

    Refused (`InvalidInput`, naming the field to fix): an action no longer open, an empty
    reason, a date before the action was agreed, and the date it is already due.
    `actor` (who changed it) is the store's actor unless given.
    """
    reason = (reason or "").strip()
    if action.status is not ActionStatus.OPEN:
        raise InvalidInput("new due date: only an open action's date can change; this one is "
                           f"{action.status.value}")
    if not reason:
        raise InvalidInput("reason: say why the due date is changing")
    if new_due_on < action.agreed_on:
        raise InvalidInput(f"new due date: is before the action was agreed on "
                           f"{form_date(action.agreed_on)}")
    if new_due_on == action.due_on:
        raise InvalidInput(f"new due date: the action is already due on {form_date(new_due_on)}")
    change = DueDateChange(
        changed_on=today or date.today(), from_due_on=action.due_on, to_due_on=new_due_on,
        reason=reason, changed_by=actor or store.actor,
    )
    moved = action.model_copy(update={
        "due_on": new_due_on, "due_date_changes": [*action.due_date_changes, change],
    })
    return store.save(moved)
