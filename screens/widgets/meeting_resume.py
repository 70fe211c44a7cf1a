"""Offer to carry on a meeting that was left unfinished (after a crash or a closed laptop)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label


class ResumeMeetingModal(ModalScreen[bool]):
    """Dismisses with True to resume the draft, False to start the meeting again."""

    CSS_PATH = "meeting_modals.tcss"
    BINDINGS = [
        Binding("r,enter", "choose(True)", "Resume where it was"),
        Binding("s", "choose(False)", "Start again"),
    ]

    def __init__(self, what: str, saved_at: str) -> None:
        super().__init__()
        self.what = what
        self.saved_at = saved_at

    def compose(self) -> ComposeResult:
        with Vertical(id="resume-box", classes="meeting-modal"):
            yield Label(f"{self.what} was not finished", classes="modal-title", markup=False)
            yield Label(
                f"What was typed up to {self.saved_at} was kept. Press r to carry on exactly "
                "where it was, or s to start again (the kept draft is then discarded)."
            )
        yield Footer()

    def action_choose(self, resume: bool) -> None:
        self.dismiss(resume)
