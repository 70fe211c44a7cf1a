"""Finishing a TAC meeting: say what is missing, then finish or go back; and what a
finished meeting changes in the record when it is saved."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label

from tac.models import (
    REVIEW_OUTCOME_LABELS,
    Action,
    ActionStatus,
    Family,
    FamilyStatus,
    ProgressNote,
    ReviewOutcome,
    StatusChange,
    TacMeeting,
    TacMeetingKind,
)


class FinishCheckModal(ModalScreen[bool]):
    """Lists what is missing; dismisses True to finish anyway, False to go back."""

    CSS_PATH = "meeting_modals.tcss"
    BINDINGS = [
        Binding("f,enter", "choose(True)", "Finish the meeting"),
        Binding("escape,b", "choose(False)", "Go back"),
    ]

    def __init__(self, what: str, missing: list[str]) -> None:
        super().__init__()
        self.what = what
        self.missing = missing

    def compose(self) -> ComposeResult:
        with Vertical(id="finish-box", classes="meeting-modal"):
            yield Label(f"Finish {self.what}?", classes="modal-title")
            if self.missing:
                yield Label("Still missing:", classes="-warning")
                for line in self.missing:
                    yield Label(f"• {line}", classes="missing")
                yield Label("Press b to go back and add them, or f to finish without them.")
            else:
                yield Label("Nothing is missing. Press f to finish and save the record.")
        yield Footer()

    def action_choose(self, finish: bool) -> None:
        self.dismiss(finish)


def missing_before_finishing(parts: dict[str, Any], family: Family) -> list[str]:
    """What a finished meeting record would lack, in the words the chair reads aloud."""
    missing = []
    closing = parts["kind"] is TacMeetingKind.CLOSURE
    present = [a for a in parts.get("attendance", []) if a.status.value == "present"]
    if not present:
        missing.append("nobody is marked present (attendance)")
    if not parts.get("consent_confirmed"):
        missing.append("the family's consent to share was not confirmed")
    if present and not parts.get("scaling"):
        missing.append("no scaling scores: ask each person where we are today")
    if not closing and not parts.get("new_actions"):
        missing.append("no new actions: agree what will be done, by whom, by when")
    if not closing and not parts.get("lead_professional_id"):
        missing.append("no lead professional")
    open_family = family.is_open or family.status is FamilyStatus.REFERRED
    if not closing and open_family and not parts.get("next_review_on"):
        missing.append("no next review date for a family that stays open")
    if closing and not parts.get("closure_reason"):
        missing.append("no reason for closing the plan")
    return missing


def save_finished_meeting(store, meeting: TacMeeting, new_actions: list[Action]) -> None:
    """Save the finished meeting and everything it changes in the family's record.

    The new actions (linked to the meeting); a progress note on each reviewed action,
    which is closed if done; the lead professional agreed; for a closure, the family's
    status. Runs in a thread worker: the store is thread-safe.
    """
    held_on = meeting.held_on
    saved = store.save(meeting)
    for action in new_actions:
        store.save(action.model_copy(update={"meeting_id": saved.id}))
    for review in meeting.action_reviews:
        action = store.get(Action, review.action_id)
        note = f"Reviewed at the TAC meeting: {REVIEW_OUTCOME_LABELS[review.outcome].lower()}."
        if review.note:
            note += f" {review.note}"
        action.progress = [*action.progress, ProgressNote(on=held_on, by=store.actor, text=note)]
        if review.outcome is ReviewOutcome.DONE:
            action.status = ActionStatus.DONE
            action.completed_on = max(held_on, action.agreed_on)
        store.save(action)
    family = store.get(Family, meeting.family_id)
    family.set_lead_professional(meeting.lead_professional_id, held_on)
    if meeting.kind is TacMeetingKind.CLOSURE:
        family.change_status(StatusChange(
            on=held_on, status=FamilyStatus.CLOSED, level=family.level or 1,
            reason=meeting.closure_reason, note="Closed at the TAC meeting",
        ))
    store.save(family)
