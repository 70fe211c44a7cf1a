"""Review of the last plan: each open action done, partly done or not done, with a note."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from screens.widgets.assessment_columns import EntryInput
from screens.widgets.meeting_step import MeetingStep, participant_key
from tac.dates import form_date
from tac.meetings.tac_draft import Entry, ReviewMark, TacMeetingDraft
from tac.models import REVIEW_OUTCOME_LABELS, ReviewOutcome
from tac.rules import carried_over_label


class ReviewList(OptionList):
    """One line an action; keys give its outcome, or open its note."""

    BINDINGS = [
        Binding("d", "mark('done')", "Done"),
        Binding("p", "mark('partly')", "Partly"),
        Binding("n", "mark('not_done')", "Not done"),
        Binding("u", "mark('')", "Note"),
    ]

    class Marked(Message):
        def __init__(self, index: int, outcome: str) -> None:
            super().__init__()
            self.index = index
            self.outcome = outcome

    def action_mark(self, outcome: str) -> None:
        if self.highlighted is not None and self.option_count and not self.get_option_at_index(
            self.highlighted
        ).disabled:
            self.post_message(self.Marked(self.highlighted, outcome))


class ActionReviewStep(MeetingStep):
    step_id = "review"
    title = "Review of actions"

    def __init__(self, context) -> None:
        super().__init__(context)
        self.reviews: dict[str, ReviewMark] = {
            a.id: ReviewMark(action_id=a.id) for a in context.open_actions
        }
        self.noting: str | None = None

    def compose(self) -> ComposeResult:
        yield Label("d done · p partly · n not done · u a note on progress", classes="step-hint")
        yield ReviewList(id="review-list")
        with Horizontal(classes="form-row"):
            yield Label("Note", classes="form-label")
            yield EntryInput(placeholder="highlight an action and press u", compact=True,
                             id="review-note")
        yield Static("", classes="field-error")

    def on_mount(self) -> None:
        self.query_one(".field-error").display = False
        self._show()

    def _show(self, highlight: int | None = None) -> None:
        listing = self.query_one(ReviewList)
        keep = listing.highlighted if highlight is None else highlight
        if not self.context.open_actions:
            listing.set_options([Option(Text(
                "No open actions from an earlier plan to review.", style="italic"
            ), disabled=True)])
            return
        options = []
        for action in self.context.open_actions:
            review = self.reviews[action.id]
            who = self.context.name_of(participant_key(action.professional_id, action.person_id))
            line = Text()
            outcome = REVIEW_OUTCOME_LABELS[review.outcome].lower() if review.outcome else "not reviewed"
            line.append(f"{outcome:<13}", style="bold" if review.outcome else "dim italic")
            line.append(f"{action.what}\n{'':<13}{who} · due {form_date(action.due_on)}",)
            if times := self.context.carried_over.get(action.id, 0):
                line.append(f" · {carried_over_label(times)}", style="bold")
            if review.note:
                line.append(f"\n{'':<13}Note: {review.note}", style="italic")
            options.append(Option(line))
        listing.set_options(options)
        listing.highlighted = min(keep or 0, len(options) - 1)

    @on(ReviewList.Marked)
    def _marked(self, event: ReviewList.Marked) -> None:
        action = self.context.open_actions[event.index]
        if not event.outcome:
            self.noting = action.id
            note = self.query_one("#review-note", Input)
            note.value = self.reviews[action.id].note
            note.placeholder = f"progress on: {action.what[:40]}"
            note.focus()
            return
        self.reviews[action.id].outcome = ReviewOutcome(event.outcome)
        self._show()
        self.changed()

    @on(Input.Submitted, "#review-note")
    def _noted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.noting is not None:
            self.reviews[self.noting].note = event.value
            self.noting = None
            event.input.value = ""
            self._show()
            self.changed()
        self.query_one(ReviewList).focus()

    @on(EntryInput.Cancelled, "#review-note")
    def _note_dropped(self, event: EntryInput.Cancelled) -> None:
        event.stop()
        self.noting = None
        self.query_one("#review-note", Input).value = ""
        self.query_one(ReviewList).focus()

    def apply(self, draft: TacMeetingDraft) -> None:
        draft.action_reviews = [mark.model_copy() for mark in self.reviews.values()]
        draft.entries[self.step_id] = Entry(
            text=self.query_one("#review-note", Input).value, edits=self.noting or ""
        )

    def restore(self, draft: TacMeetingDraft) -> None:
        for mark in draft.action_reviews:
            if mark.action_id in self.reviews:
                self.reviews[mark.action_id] = mark.model_copy()
        entry = draft.entries.get(self.step_id, Entry())
        self.noting = entry.edits or None
        self.query_one("#review-note", Input).value = entry.text
        self._show()
