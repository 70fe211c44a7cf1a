"""How early help closes, asked at the end of a closure meeting: the outcome (and, for a
family that moved, where to), the level of need as it closes, and a closing summary in
plain words for the family's closing letter. A closure agrees no new lead professional and
no next review: the lead's term ends with the meeting."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static, TextArea

from screens.widgets.meeting_step import MeetingContext
from tac.meetings.tac_draft import TacMeetingDraft
from tac.models import (
    CLOSING_OUTCOMES,
    CLOSURE_REASON_LABELS,
    LEVEL_LABELS,
    ClosureReason,
)


class ClosingFields(Vertical):
    """The closure's own questions, inside the last step of a closure meeting."""

    def __init__(self, context: MeetingContext) -> None:
        super().__init__(id="closing")
        self.context = context

    def compose(self) -> ComposeResult:
        lead_id = self.context.family.lead_professional_id
        found = self.context.directory.professional(lead_id) if lead_id else None
        lead = found.name if found else ""
        yield Static(
            f"Early help closes with this meeting: {lead}'s term as lead professional ends "
            "on the meeting's date, and no review is set." if lead else
            "Early help closes with this meeting: no review is set.",
            classes="step-hint", id="closing-hint", markup=False,
        )
        with Horizontal(classes="form-row"):
            yield Label("Closing as", classes="form-label")
            yield Select([(CLOSURE_REASON_LABELS[reason], reason.value)
                          for reason in CLOSING_OUTCOMES],
                         prompt="Why early help closes", compact=True, id="closure-reason")
        with Horizontal(classes="form-row", id="moved-to-row"):
            yield Label("Moved to", classes="form-label")
            yield Input(placeholder="the area or local authority the family moved to",
                        compact=True, id="moved-to")
        with Horizontal(classes="form-row"):
            yield Label("Level now", classes="form-label")
            yield Select([(Text(f"{level}: {label}"), level)
                          for level, label in LEVEL_LABELS.items()],
                         prompt="The level of need as early help closes", compact=True,
                         id="closing-level")
        yield Label("Closing summary: what we achieved together, in plain words. The "
                    "family's closing letter prints it.", classes="step-hint")
        yield TextArea(id="closing-summary", soft_wrap=True, tab_behavior="focus",
                       classes="voice-text")

    def on_mount(self) -> None:
        self._show_moved_to()

    @on(Select.Changed, "#closure-reason")
    def _show_moved_to(self) -> None:
        reason = self.query_one("#closure-reason", Select).value
        self.query_one("#moved-to-row").display = reason == ClosureReason.MOVED_AWAY.value

    def apply(self, draft: TacMeetingDraft) -> None:
        reason = self.query_one("#closure-reason", Select).value
        level = self.query_one("#closing-level", Select).value
        draft.closure_reason = None if reason is Select.NULL else ClosureReason(reason)
        draft.moved_to = self.query_one("#moved-to", Input).value
        draft.closing_level = None if level is Select.NULL else int(level)  # type: ignore[arg-type]
        draft.closing_summary = self.query_one("#closing-summary", TextArea).text

    def restore(self, draft: TacMeetingDraft) -> None:
        reason = self.query_one("#closure-reason", Select)
        if draft.closure_reason in CLOSING_OUTCOMES:
            reason.value = draft.closure_reason.value
        else:
            reason.clear()
        level = self.query_one("#closing-level", Select)
        if draft.closing_level in LEVEL_LABELS:
            level.value = draft.closing_level
        else:
            level.clear()
        self.query_one("#moved-to", Input).value = draft.moved_to
        self.query_one("#closing-summary", TextArea).load_text(draft.closing_summary)
        self._show_moved_to()

    def focus_first(self) -> None:
        self.query_one("#closure-reason", Select).focus()
