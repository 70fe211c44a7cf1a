"""Finishing a meeting: say what is missing, then finish or go back; and, when the family
already had a TAC meeting finished that day, ask whether this is a second one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Label


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
                    yield Label(f"• {line}", classes="missing", markup=False)
                yield Label("Press b to go back and add them, or f to finish without them.")
            else:
                yield Label("Nothing is missing. Press f to finish and save the record.")
        yield Footer()

    def action_choose(self, finish: bool) -> None:
        self.dismiss(finish)


class SecondMeetingModal(ModalScreen[bool]):
    """Says which meeting the family already had that day; dismisses True when the chair
    says this is a second meeting (finish it), False to go back."""

    CSS_PATH = "meeting_modals.tcss"
    BINDINGS = [
        Binding("s", "choose(True)", "Finish as a second meeting"),
        Binding("escape,b", "choose(False)", "Go back"),
    ]

    def __init__(self, refusal: str) -> None:
        super().__init__()
        self.refusal = refusal

    def compose(self) -> ComposeResult:
        with Vertical(id="second-meeting-box", classes="meeting-modal"):
            yield Label("A TAC meeting was already finished that day", classes="modal-title")
            yield Label(self.refusal, markup=False)
            yield Label("Press s if this is a second meeting the same day, to finish and save "
                        "it as well; or b to go back (nothing is lost).")
        yield Footer()

    def action_choose(self, second: bool) -> None:
        self.dismiss(second)
