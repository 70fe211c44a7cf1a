"""Next steps: the lead professional (agree or change), the next review date, for a
closure the reason the plan closes; or, at a review or closure, a step up to children's
social care (the team, why, and the missed-opportunity reflection) instead."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, Select, Static

from screens.widgets.meeting_step import MeetingStep
from tac.meetings.step_up import StepUpAsTyped
from tac.meetings.tac_draft import TacMeetingDraft, agreed_next_review, step_up_record
from tac.models import CLOSURE_REASON_LABELS, ClosureReason, TacMeetingKind


class LeadAndNextReviewStep(MeetingStep):
    step_id = "lead"
    title = "Lead and next review"
    _offered: frozenset[str] = frozenset()  # the professionals the lead list offers
    _kind: TacMeetingKind = TacMeetingKind.REVIEW  # the meeting's kind, as last set

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
        yield Checkbox("Step up to children's social care (instead of a next review)",
                       id="stepping-up", compact=True)
        with Vertical(id="step-up-fields"):
            with Horizontal(classes="form-row"):
                yield Label("To team", classes="form-label")
                yield Input(placeholder="the children's social care team it goes to",
                            compact=True, id="step-up-team")
            yield Label("Why the family is stepped up", classes="step-hint")
            yield Input(id="step-up-reason", compact=True, classes="step-up-text")
            yield Label("Missed-opportunity reflection, by the chair or a manager (asked for): "
                        "what earlier signs were there?", classes="step-hint")
            yield Input(id="step-up-earlier-signs", compact=True, classes="step-up-text")
            yield Label("What could have been done sooner?", classes="step-hint")
            yield Input(id="step-up-sooner", compact=True, classes="step-up-text")
        yield Static("", classes="field-error")
        yield Static("", id="missing", classes="step-hint")

    def on_mount(self) -> None:
        # The lead and the suggested next review come from the draft (see restore).
        self.query_one(".field-error").display = False
        self.set_kind(self.context.kind)

    def set_kind(self, kind: TacMeetingKind) -> None:
        """A closure asks why it closes; the others ask when the plan is next reviewed. A
        review or closure may step the family up instead, which asks for the step up."""
        self._kind = kind
        self._show_rows()

    @property
    def _stepping_up(self) -> bool:
        offered = self._kind is not TacMeetingKind.INITIAL
        return offered and self.query_one("#stepping-up", Checkbox).value

    def _show_rows(self) -> None:
        closing, stepping_up = self._kind is TacMeetingKind.CLOSURE, self._stepping_up
        self.query_one("#closure-row").display = closing and not stepping_up
        self.query_one("#next-review-row").display = not closing and not stepping_up
        self.query_one("#next-review-hint").display = not closing and not stepping_up
        self.query_one("#stepping-up").display = self._kind is not TacMeetingKind.INITIAL
        self.query_one("#step-up-fields").display = stepping_up

    @on(Checkbox.Changed, "#stepping-up")
    def _stepping_up_changed(self) -> None:
        self._show_rows()

    def show_missing(self, missing: list[str]) -> None:
        text = ("Before finishing, still missing:\n" + "\n".join(f"• {m}" for m in missing)
                if missing else "Nothing is missing: ctrl+s finishes the meeting.")
        self.query_one("#missing", Static).update(text)

    def apply(self, draft: TacMeetingDraft) -> None:
        lead = self.query_one("#lead", Select).value
        reason = self.query_one("#closure-reason", Select).value
        draft.lead_professional_id = None if lead is Select.NULL else str(lead)
        draft.next_review = self.query_one("#next-review", Input).value
        draft.closure_reason = None if reason is Select.NULL else ClosureReason(reason)
        draft.stepping_up = self._stepping_up
        draft.step_up = StepUpAsTyped(
            team=self.query_one("#step-up-team", Input).value,
            reason=self.query_one("#step-up-reason", Input).value,
            earlier_signs=self.query_one("#step-up-earlier-signs", Input).value,
            sooner=self.query_one("#step-up-sooner", Input).value,
        )

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
        self.query_one("#stepping-up", Checkbox).value = draft.stepping_up
        self.query_one("#step-up-team", Input).value = draft.step_up.team
        for widget_id, text in (("step-up-reason", draft.step_up.reason),
                                ("step-up-earlier-signs", draft.step_up.earlier_signs),
                                ("step-up-sooner", draft.step_up.sooner)):
            self.query_one(f"#{widget_id}", Input).value = text
        self._show_rows()

    def check(self, draft: TacMeetingDraft) -> None:
        agreed_next_review(draft)
        step_up_record(draft)
