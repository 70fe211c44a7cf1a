"""Next steps: the lead professional (agree or change), the next review date, and for a
closure the reason the plan closes."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Select, Static

from screens.widgets.meeting_step import MeetingStep
from tac.meetings.held_on import next_review_redated
from tac.meetings.tac_draft import TacMeetingDraft, agreed_next_review
from tac.models import CLOSURE_REASON_LABELS, ClosureReason, TacMeetingKind


class LeadAndNextReviewStep(MeetingStep):
    step_id = "lead"
    title = "Lead and next review"
    _offered: frozenset[str] = frozenset()  # the professionals the lead list offers

    def compose(self) -> ComposeResult:
        context = self.context
        current = context.directory.name_and_role(context.family.lead_professional_id)
        yield Static(
            f"Lead professional now: {current}. Agree, or choose someone else."
            if current else "The family has no lead professional yet: agree one.",
            classes="step-hint", id="lead-now", markup=False,
        )
        # Someone who has left is not offered, except the lead now, to be agreed or replaced.
        professionals = context.directory.professionals_to_offer(
            [context.family.lead_professional_id])
        self._offered = frozenset(p.id for p in professionals)
        with Horizontal(classes="form-row"):
            yield Label("Lead", classes="form-label")
            yield Select([(Text(context.directory.name_and_role(p.id)), p.id)
                          for p in professionals],
                         prompt="Choose the lead professional", compact=True, id="lead")
        with Horizontal(classes="form-row", id="next-review-row"):
            yield Label("Next review", classes="form-label")
            yield Input(placeholder="DD/MM/YYYY", compact=True, id="next-review")
        yield Static(
            f"Suggested: {context.review_interval_weeks} weeks from the meeting. Change it to the date "
            "everyone agrees.", classes="step-hint", id="next-review-hint",
        )
        with Horizontal(classes="form-row", id="closure-row"):
            yield Label("Closing as", classes="form-label")
            yield Select([(label, reason.value) for reason, label in
                          CLOSURE_REASON_LABELS.items()],
                         prompt="Why the plan closes", compact=True, id="closure-reason")
        yield Static("", classes="field-error")
        yield Static("", id="missing", classes="step-hint")

    def set_kind(self, kind: TacMeetingKind) -> None:
        """A closure asks why it closes; the others ask when the plan is next reviewed."""
        closing = kind is TacMeetingKind.CLOSURE
        self.query_one("#closure-row").display = closing
        self.query_one("#next-review-row").display = not closing
        self.query_one("#next-review-hint").display = not closing

    def on_mount(self) -> None:
        # The lead and the suggested next review come from the draft (see restore).
        self.query_one(".field-error").display = False
        self.set_kind(self.context.kind)
        # A correction keeps the lead and a closure's reason: finishing acted on them.
        self.query_one("#lead", Select).disabled = self.context.correcting
        self.query_one("#closure-reason", Select).disabled = self.context.correcting

    def show_missing(self, missing: list[str]) -> None:
        if self.context.correcting:
            text = "ctrl+s saves the corrected record, marked revised."
        elif missing:
            text = "Before finishing, still missing:\n" + "\n".join(f"• {m}" for m in missing)
        else:
            text = "Nothing is missing: ctrl+s finishes the meeting."
        self.query_one("#missing", Static).update(text)

    def redated(self, was: date, now: date) -> None:
        """The meeting's date changed: the suggested next review moves with it."""
        field = self.query_one("#next-review", Input)
        field.value = next_review_redated(field.value, was, now,
                                          self.context.review_interval_weeks)

    def apply(self, draft: TacMeetingDraft) -> None:
        lead = self.query_one("#lead", Select).value
        reason = self.query_one("#closure-reason", Select).value
        draft.lead_professional_id = None if lead is Select.NULL else str(lead)
        draft.next_review = self.query_one("#next-review", Input).value
        draft.closure_reason = None if reason is Select.NULL else ClosureReason(reason)

    def restore(self, draft: TacMeetingDraft) -> None:
        lead = draft.lead_professional_id
        if lead in self._offered:
            self.query_one("#lead", Select).value = lead
        else:
            self.query_one("#lead", Select).clear()
        self.query_one("#next-review", Input).value = draft.next_review
        if draft.closure_reason:
            self.query_one("#closure-reason", Select).value = draft.closure_reason.value
        else:
            self.query_one("#closure-reason", Select).clear()

    def check(self, draft: TacMeetingDraft) -> None:
        agreed_next_review(draft)
