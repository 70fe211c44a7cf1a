"""A manager's oversight note: the day, what they found, and the direction they gave. The
core checks who may write it and what it holds; its message shows by the field it is about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Static, TextArea

from screens.widgets.field_errors import FieldErrorsForm
from tac.dates import form_date, parse_form_date
from tac.errors import InvalidInput, TacError
from tac.oversight_notes import write_oversight_note

if TYPE_CHECKING:
    from datetime import date

    from tac.models import Family
    from tac.store import Store

_FIELD_WORDS = {
    "written on": "written_on",
    "note": "note",
    "direction": "direction",
}


class OversightNoteForm(FieldErrorsForm["OversightNote | None"]):
    """Write one note; dismisses with the saved note, or None when cancelled."""

    CSS_PATH = "oversight_note_form.tcss"
    field_words = _FIELD_WORDS
    invalid_selector = "Input, TextArea"

    def __init__(self, store: Store, family: Family, today: date):
        super().__init__()
        self.store = store
        self.family = family
        self.today = today

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="oversight-note-form", classes="panel") as form:
            # The family's name is shown as typed: a Content title is never read as markup.
            form.border_title = Content(f"Management oversight · {self.family.display_name()}")
            with Grid(classes="form-grid"):
                yield Label("Date", classes="form-label")
                yield Input(form_date(self.today), id="written_on", placeholder="DD/MM/YYYY")
                yield Static(id="written_on-error", classes="field-error")
            # Below the grid: a grid row keeps a text area to one line.
            yield Label("What you found: progress, drift, risk", classes="form-label")
            yield TextArea(id="note", soft_wrap=True, tab_behavior="focus")
            yield Static(id="note-error", classes="field-error")
            yield Label("Direction: what is to happen next, by whom and when",
                        classes="form-label")
            yield TextArea(id="direction", soft_wrap=True, tab_behavior="focus")
            yield Static(id="direction-error", classes="field-error")
            yield from self.form_tail()

    def on_mount(self) -> None:
        self.query_one("#note", TextArea).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self._clear_errors()
        try:
            on = parse_form_date(self.query_one("#written_on", Input).value, field="written on")
        except InvalidInput as error:
            self._show_error(str(error))
            return
        self.query_one("#save", Button).disabled = True
        self._write(on, self.query_one("#note", TextArea).text,
                    self.query_one("#direction", TextArea).text)

    def _refused(self, message: str) -> None:
        """Each field's complaint by its field (a blank note and direction give two)."""
        for part in message.split("; "):
            self._save_failed(part)

    @work(thread=True, exclusive=True, group="save-oversight-note")
    def _write(self, on: date, note: str, direction: str) -> None:
        try:
            saved = write_oversight_note(self.store, self.family, note, direction, on)
        except TacError as error:
            self.app.call_from_thread(self._refused, str(error))
            return
        self.app.call_from_thread(self.dismiss, saved)
