"""Next steps: the lead professional (agree or change) and the next review date; for a
closure, how early help closes instead (screens/widgets/closing.py); or, at a review or
closure, a step up to children's social care (the team, why, and the missed-opportunity
reflection) in place of the next review or the closing questions."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, Select, Static

from screens.widgets.closing import ClosingFields
from screens.widgets.meeting_step import MeetingStep
from tac.errors import InvalidInput
from tac.meetings.held_on import next_review_redated
from tac.meetings.step_up import StepUpAsTyped
from tac.meetings.tac_draft import (
    TacMeetingDraft,
    agreed_next_review,
    closing_problem,
    step_up_record,
)
from tac.models import TacMeetingKind


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
        with Horizontal(classes="form-row", id="lead-row"):
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
        yield ClosingFields(context)
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

    @property
    def closing(self) -> bool:
        return self._kind is TacMeetingKind.CLOSURE

    def heading(self) -> str:
        if self._stepping_up:
            return "Step up to children's social care"
        return "Closing early help" if self.closing else self.title

    def set_kind(self, kind: TacMeetingKind) -> None:
        """A closure asks how early help closes; the others agree the lead and when the
        plan is next reviewed. A review or closure may step the family up instead, which
        asks for the step up."""
        self._kind = kind
        self._show_rows()

    @property
    def _stepping_up(self) -> bool:
        offered = self._kind is not TacMeetingKind.INITIAL
        return offered and self.query_one("#stepping-up", Checkbox).value

    def _show_rows(self) -> None:
        closing, stepping_up = self.closing, self._stepping_up
        self.query_one("#closing").display = closing and not stepping_up
        for part in ("#lead-now", "#lead-row"):
            self.query_one(part).display = not closing
        for part in ("#next-review-row", "#next-review-hint"):
            self.query_one(part).display = not closing and not stepping_up
        self.query_one("#stepping-up").display = self._kind is not TacMeetingKind.INITIAL
        self.query_one("#step-up-fields").display = stepping_up

    @on(Checkbox.Changed, "#stepping-up")
    def _stepping_up_changed(self) -> None:
        self._show_rows()

    def focus_first(self) -> None:
        if self.closing and not self._stepping_up:
            self.query_one(ClosingFields).focus_first()
        elif self.closing:
            self.query_one("#stepping-up", Checkbox).focus()
        else:
            self.query_one("#lead", Select).focus()

    def on_mount(self) -> None:
        # The lead and the suggested next review come from the draft (see restore).
        self.query_one(".field-error").display = False
        self.set_kind(self.context.kind)
        # A correction keeps the lead, how a closure closed and a step up: finishing acted
        # on them.
        self.query_one("#lead", Select).disabled = self.context.correcting
        self.query_one("#closing").disabled = self.context.correcting
        self.query_one("#stepping-up", Checkbox).disabled = self.context.correcting
        self.query_one("#step-up-fields").disabled = self.context.correcting

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
        draft.lead_professional_id = None if lead is Select.NULL else str(lead)
        draft.next_review = self.query_one("#next-review", Input).value
        self.query_one(ClosingFields).apply(draft)
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
        self.query_one(ClosingFields).restore(draft)
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
        problem = closing_problem(draft)
        if problem:
            raise InvalidInput(problem)
