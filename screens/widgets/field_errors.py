"""What the modal forms share: Save and Cancel, and a refusal shown beside the field it is
about. The core's message starts with the field's words ("given on: ..."); `field_words` maps
those words to the field's id, whose message goes in `#<field>-error` (else `#form-error`),
always as text, never as markup (it may quote what was typed, brackets and all)."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

ResultType = TypeVar("ResultType")


class FieldErrorsForm(ModalScreen[ResultType]):
    """A modal form with `#save`, `#cancel`, `.field-error` Statics and an `action_save`;
    Escape cancels it and ctrl+s saves it."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    field_words: ClassVar[dict[str, str]] = {}
    """The words a message starts with (lower case) -> the id of the field it is about."""
    invalid_selector: ClassVar[str] = "Input, Select"
    """The widgets whose `-invalid` mark is cleared before the form is checked again."""
    scroll_to_error: ClassVar[bool] = False
    """Also bring the first field's message into view, not only the field."""

    def form_tail(self) -> ComposeResult:
        """The end of every form: the line for a message about no one field, then Save and
        Cancel."""
        yield Static(id="form-error", classes="field-error")
        with Horizontal(classes="buttons"):
            yield Button("Save  ctrl+s", id="save", variant="primary")
            yield Button("Cancel  esc", id="cancel")

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    def _save_failed(self, message: str) -> None:
        self.query_one("#save", Button).disabled = False
        self._show_error(message)

    def _clear_errors(self) -> None:
        for error in self.query(".field-error"):
            error.remove_class("-shown")
            if isinstance(error, Static):
                error.update("")
        for field in self.query(self.invalid_selector):
            field.remove_class("-invalid")

    def _show_error(self, message: str) -> None:
        words = message.split(":", 1)[0].strip().lower() if ":" in message else ""
        field = self.field_words.get(words)
        target = self.query_one(f"#{field}-error" if field else "#form-error", Static)
        target.update(Content(message))
        target.add_class("-shown")
        if field:
            widget = self.query_one(f"#{field}")
            first = not self.query(".-invalid")
            widget.add_class("-invalid")
            if first:
                widget.focus()
                if self.scroll_to_error:
                    target.scroll_visible(animate=False)
