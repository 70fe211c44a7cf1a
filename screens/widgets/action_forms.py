"""Small forms for updating an action between meetings: a progress note, done, reassign."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static


@dataclass(frozen=True)
class ActionUpdate:
    """What the user asked for: a note, and (for a reassignment) who takes the action on."""

    note: str
    professional_id: str | None = None


class _ActionForm(ModalScreen["ActionUpdate | None"]):
    CSS_PATH = "action_forms.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    title_text = ""
    first_field = "#note"
    note_label = ""
    note_required = False
    save_label = "Save"

    def __init__(self, action_what: str) -> None:
        super().__init__()
        self.action_what = action_what

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel action-form") as box:
            box.border_title = self.title_text
            yield Static(self.action_what, classes="action-what", markup=False)
            yield from self.extra_fields()
            yield Label(self.note_label, classes="field-label")
            yield Input(id="note", placeholder="Type here")
            yield Static(id="note-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.save_label}  ctrl+s", id="save", variant="primary")
                yield Button("Cancel  esc", id="cancel")

    def extra_fields(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.query_one(self.first_field).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def _save(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        note = self.query_one("#note", Input).value.strip()
        if self.note_required and not note:
            self.show_error("note", "progress note: is required; say what has happened")
            return
        update = self.update(note)
        if update is not None:
            self.dismiss(update)

    def update(self, note: str) -> ActionUpdate | None:
        return ActionUpdate(note=note)

    def show_error(self, field: str, message: str) -> None:
        error = self.query_one(f"#{field}-error", Static)
        error.update(message)
        error.add_class("-shown")
        self.query_one(f"#{field}").focus()


class ProgressNoteForm(_ActionForm):
    """A dated note of progress on an action."""

    title_text = "Add a progress note"
    note_label = "What has happened since the last note?"
    note_required = True


class DoneForm(_ActionForm):
    """Mark an action done, with a note of how it went (optional but asked for)."""

    title_text = "Mark this action done"
    note_label = "How do we know it worked? (a note for the record)"
    save_label = "Mark done"


class ReassignForm(_ActionForm):
    """Hand an action to another professional."""

    title_text = "Reassign this action"
    first_field = "#professional"
    note_label = "Why (optional)"
    save_label = "Reassign"

    def __init__(self, action_what: str, professionals: list[tuple[str, str]]) -> None:
        """`professionals` is (name, id) for everyone the action could go to."""
        super().__init__(action_what)
        self.professionals = professionals

    def extra_fields(self) -> ComposeResult:
        yield Label("Who takes it on", classes="field-label")
        # Text prompts: a Select reads a str prompt as markup, and names are typed.
        yield Select([(Text(name), pid) for name, pid in self.professionals], id="professional",
                     prompt="Choose a professional")
        yield Static(id="professional-error", classes="field-error")

    def update(self, note: str) -> ActionUpdate | None:
        chosen = self.query_one("#professional", Select).value
        if chosen is Select.NULL:
            self.show_error("professional", "who: choose the professional who takes it on")
            return None
        return ActionUpdate(note=note, professional_id=str(chosen))
