"""Actions agreed at a meeting: SMART, owned by someone, reviewed at every meeting."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, model_validator

from tac.models.base import Model, Record, RecordId, RequiredText, Text
from tac.models.signs import NeedDomain


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


ACTION_STATUS_LABELS: dict[ActionStatus, str] = {
    ActionStatus.OPEN: "Open",
    ActionStatus.DONE: "Done",
    ActionStatus.CANCELLED: "Cancelled",
}


class ProgressNote(Model):
    on: date
    by: str = Field(description="who wrote it")
    text: RequiredText


class DueDateChange(Model):
    """An action's due date moved: when, from which date to which, why, and by whom."""

    changed_on: date
    from_due_on: date
    to_due_on: date
    reason: RequiredText
    changed_by: str = Field(description="who changed it")


class Action(Record):
    """What will be done, by whom, by when, and how we will know it worked."""

    family_id: RecordId
    meeting_id: RecordId | None = None
    what: RequiredText
    professional_id: RecordId | None = None
    person_id: RecordId | None = Field(default=None, description="a family member who owns it")
    agreed_on: date
    due_on: date
    success_measure: Text = Field(default="", description="how we will know it worked")
    need_domain: NeedDomain | None = None
    status: ActionStatus = ActionStatus.OPEN
    completed_on: date | None = None
    progress: list[ProgressNote] = Field(default_factory=list)
    service_id: RecordId | None = Field(
        default=None, description="the local service it refers the family to, if it does")
    due_date_changes: list[DueDateChange] = Field(
        default_factory=list, description="each change of `due_on`, oldest first")

    @model_validator(mode="after")
    def _check(self) -> Action:
        if (self.professional_id is None) == (self.person_id is None):
            raise ValueError("who: choose one professional or one family member")
        if self.due_on < self.agreed_on:
            raise ValueError("by when: is before the meeting that agreed it")
        if self.completed_on and self.completed_on < self.agreed_on:
            raise ValueError("completed on: is before the action was agreed")
        return self

    @property
    def due_before(self) -> date | None:
        """The date it was due before its latest change; None when never changed."""
        return self.due_date_changes[-1].from_due_on if self.due_date_changes else None

    @property
    def owner_id(self) -> str:
        return self.professional_id or self.person_id or ""
