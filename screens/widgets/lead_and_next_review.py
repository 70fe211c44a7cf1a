"""Next steps: the lead professional (agree or change) and the next review date; for a
closure, how early help closes instead (screens/widgets/closing.py)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Select, Static

from screens.widgets.closing import ClosingFields
from screens.widgets.meeting_step import MeetingStep
from tac.errors import InvalidInput
from tac.meetings.tac_draft import TacMeetingDraft, agreed_next_review, closing_problem
from tac.models import TacMeetingKind


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
        yield Static("", classes="field-error")
        yield Static("", id="missing", classes="step-hint")

    def on_mount(self) -> None:
        # The lead and the suggested next review come from the draft (see restore).
        self.query_one(".field-error").display = False
        self.set_kind(self.context.kind)

    @property
    def closing(self) -> bool:
        return self.context.kind is TacMeetingKind.CLOSURE

    def heading(self) -> str:
        return "Closing early help" if self.closing else self.title

    def set_kind(self, kind: TacMeetingKind) -> None:
        """A closure asks how early help closes; the others agree the lead and when the
        plan is next reviewed."""
        closing = kind is TacMeetingKind.CLOSURE
        self.query_one("#closing").display = closing
        for part in ("#lead-now", "#lead-row", "#next-review-row", "#next-review-hint"):
            self.query_one(part).display = not closing

    def focus_first(self) -> None:
        if self.closing:
            self.query_one(ClosingFields).focus_first()
        else:
            self.query_one("#lead", Select).focus()

    def show_missing(self, missing: list[str]) -> None:
        text = ("Before finishing, still missing:\n" + "\n".join(f"• {m}" for m in missing)
                if missing else "Nothing is missing: ctrl+s finishes the meeting.")
        self.query_one("#missing", Static).update(text)

    def apply(self, draft: TacMeetingDraft) -> None:
        lead = self.query_one("#lead", Select).value
        draft.lead_professional_id = None if lead is Select.NULL else str(lead)
        draft.next_review = self.query_one("#next-review", Input).value
        self.query_one(ClosingFields).apply(draft)

    def restore(self, draft: TacMeetingDraft) -> None:
        lead = draft.lead_professional_id
        if lead in self._offered:
            self.query_one("#lead", Select).value = lead
        else:
            self.query_one("#lead", Select).clear()
        self.query_one("#next-review", Input).value = draft.next_review
        self.query_one(ClosingFields).restore(draft)

    def check(self, draft: TacMeetingDraft) -> None:
        agreed_next_review(draft)
        problem = closing_problem(draft)
        if problem:
            raise InvalidInput(problem)
