"""Which finished TAC meeting? Chosen from the family's, newest first, to correct its record."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from tac.dates import form_date
from tac.models import TAC_MEETING_KIND_LABELS, Professional, TacMeeting


class MeetingPicker(ModalScreen["str | None"]):
    """Dismisses with the chosen meeting's id, or None."""

    CSS_PATH = "meeting_modals.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Back")]

    def __init__(self, meetings: list[TacMeeting], professionals: dict[str, Professional]) -> None:
        super().__init__()
        self.meetings = meetings
        self.professionals = professionals

    def compose(self) -> ComposeResult:
        with Vertical(id="meeting-picker", classes="meeting-modal"):
            yield Label("Correct which meeting's record?", classes="modal-title")
            yield Label("Only its chair can correct it. Enter chooses.")
            options = []
            for meeting in reversed(self.meetings):
                chair = self.professionals.get(meeting.chair_id or "")
                line = Text(f"{form_date(meeting.held_on)}  "
                            f"{TAC_MEETING_KIND_LABELS[meeting.kind]} TAC")
                line.append(f"  chaired by {chair.name}" if chair else "  no chair recorded")
                if meeting.revised_on:
                    line.append(f"  (revised {form_date(meeting.revised_on)})", style="italic")
                options.append(Option(line, id=meeting.id))
            yield OptionList(*options, id="meeting-picker-list")
        yield Footer()

    @on(OptionList.OptionSelected, "#meeting-picker-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)
