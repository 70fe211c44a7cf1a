"""Next steps: the lead professional (agree or change), the next review date, and for a
closure the reason the plan closes."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Select, Static

from screens.widgets.meeting_step import MeetingStep, Participant
from tac.dates import form_date, parse_form_date
from tac.errors import InvalidInput, describe_validation_error
from tac.models import CLOSURE_REASON_LABELS, ClosureReason, TacMeeting, TacMeetingKind
from tac.rules import suggested_next_review


class LeadAndNextReviewStep(MeetingStep):
    step_id = "lead"
    title = "Lead and next review"

    def compose(self) -> ComposeResult:
        context = self.context
        self.interval_weeks = self.app.store.settings().review_interval_weeks  # tiny: no worker
        current = context.directory.professional(context.family.lead_professional_id)
        yield Static(
            f"Lead professional now: {current}. Agree, or choose someone else."
            if current else "The family has no lead professional yet: agree one.",
            classes="step-hint", id="lead-now",
        )
        professionals = sorted(context.directory.professionals.values(),
                               key=lambda p: p.name.lower())
        with Horizontal(classes="form-row"):
            yield Label("Lead", classes="form-label")
            yield Select([(context.directory.professional(p.id), p.id) for p in professionals],
                         prompt="Choose the lead professional", compact=True, id="lead")
        with Horizontal(classes="form-row", id="next-review-row"):
            yield Label("Next review", classes="form-label")
            yield Input(placeholder="DD/MM/YYYY", compact=True, id="next-review")
        yield Static(
            f"Suggested: {self.interval_weeks} weeks from today. Change it to the date "
            "everyone agrees.", classes="step-hint", id="next-review-hint",
        )
        with Horizontal(classes="form-row", id="closure-row"):
            yield Label("Closing as", classes="form-label")
            yield Select([(label, reason.value) for reason, label in
                          CLOSURE_REASON_LABELS.items()],
                         prompt="Why the plan closes", compact=True, id="closure-reason")
        yield Static("", classes="field-error")
        yield Static("", id="missing", classes="step-hint")

    def on_mount(self) -> None:
        self.query_one(".field-error").display = False
        lead = self.context.family.lead_professional_id
        if lead in self.context.directory.professionals:
            self.query_one("#lead", Select).value = lead
        suggested = suggested_next_review(self.context.held_on, self.interval_weeks)
        self.query_one("#next-review", Input).value = form_date(suggested)
        self.set_kind(self.context.kind)

    def set_kind(self, kind: TacMeetingKind) -> None:
        """A closure asks why it closes; the others ask when the plan is next reviewed."""
        closing = kind is TacMeetingKind.CLOSURE
        self.query_one("#closure-row").display = closing
        self.query_one("#next-review-row").display = not closing
        self.query_one("#next-review-hint").display = not closing

    def show_missing(self, missing: list[str]) -> None:
        text = ("Before finishing, still missing:\n" + "\n".join(f"• {m}" for m in missing)
                if missing else "Nothing is missing: ctrl+s finishes the meeting.")
        self.query_one("#missing", Static).update(text)

    def snapshot(self) -> dict[str, Any]:
        lead = self.query_one("#lead", Select).value
        reason = self.query_one("#closure-reason", Select).value
        return {
            "lead": "" if lead is Select.NULL else lead,
            "next_review": self.query_one("#next-review", Input).value,
            "closure_reason": "" if reason is Select.NULL else reason,
        }

    def restore(self, content: dict[str, Any]) -> None:
        lead = content.get("lead", "")
        if lead in self.context.directory.professionals:
            self.query_one("#lead", Select).value = lead
        else:
            self.query_one("#lead", Select).clear()
        self.query_one("#next-review", Input).value = content.get("next_review", "")
        reason = content.get("closure_reason", "")
        if reason:
            self.query_one("#closure-reason", Select).value = reason

    def apply(self, parts: dict[str, Any], present: list[Participant]) -> None:
        snapshot = self.snapshot()
        parts["lead_professional_id"] = snapshot["lead"] or None
        closing = parts.get("kind") is TacMeetingKind.CLOSURE
        text = snapshot["next_review"].strip()
        if closing:
            parts["next_review_on"] = None
            parts["closure_reason"] = (
                ClosureReason(snapshot["closure_reason"]) if snapshot["closure_reason"] else None
            )
            return
        next_review = parse_form_date(text, "next review") if text else None
        try:
            # The meeting model knows what a next review date must be.
            TacMeeting(family_id=self.context.family.id, kind=TacMeetingKind.REVIEW,
                       held_on=self.context.held_on, next_review_on=next_review)
        except ValidationError as error:
            raise InvalidInput(describe_validation_error(error)) from None
        parts["next_review_on"] = next_review
