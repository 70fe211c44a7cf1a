"""A form for one record (a professional, a service, a person, an address): each field with
its label, and the model's message beside the field it is about. Nothing typed is lost: a
refused form stays open as it was typed; the record is saved in a thread worker.

    RecordForm("Add a local service", SERVICE_FIELDS, values={},
               make=lambda typed: record_from_form(LocalService, {}, typed),
               save=store.save)          # dismisses with the saved record, or None
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.markup import escape
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from screens.widgets.field_errors import FieldErrorsForm
from tac.errors import TacError
from tac.forms import FORM, FormProblems


@dataclass(frozen=True)
class FormField:
    """One field of a form: the record's field name, its label, and how it is typed."""

    name: str
    label: str
    kind: Literal["text", "choice", "yes_no"] = "text"
    choices: Sequence[tuple[str, str]] = ()
    """(label, value) for a choice."""
    placeholder: str = ""
    required_choice: bool = False
    """A choice that cannot be left blank."""


class RecordForm(FieldErrorsForm[Any]):
    """Fill in or correct one record; dismisses with the saved record, or None."""

    CSS_PATH = "record_form.tcss"
    invalid_selector = ".-invalid"

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        values: Mapping[str, Any],
        make: Callable[[dict[str, Any]], Any],
        save: Callable[[Any], Any],
        note: str = "",
    ) -> None:
        """`values` fills the fields (text, a choice's value, or a bool); `make` turns what
        is typed into the record (raising `FormProblems`); `save` saves it (from a thread)."""
        super().__init__()
        self.title_text = title
        self.fields = list(fields)
        self.values = dict(values)
        self.make = make
        self.save = save
        self.note = note

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="record-form", classes="panel") as form:
            # A title names a person or service as typed: shown as text, never as markup.
            form.border_title = escape(self.title_text)
            if self.note:
                yield Static(Text(self.note), classes="hint form-note")
            with Grid(classes="form-grid"):
                for field in self.fields:
                    yield Label(field.label, classes="form-label")
                    yield self._widget(field)
                    yield Static(id=f"{field.name}-error", classes="field-error")
            yield from self.form_tail()

    def _widget(self, field: FormField) -> Input | Select | Checkbox:
        value = self.values.get(field.name)
        if field.kind == "yes_no":
            return Checkbox("yes", bool(value), id=field.name, compact=True)
        if field.kind == "choice":
            options = [(Text(label), choice) for label, choice in field.choices]
            chosen = value if value in {c for _, c in field.choices} else Select.NULL
            if field.required_choice and chosen is Select.NULL and options:
                chosen = options[0][1]
            return Select(options, value=chosen, allow_blank=not field.required_choice,
                          prompt=field.placeholder or "Choose", id=field.name, compact=True)
        return Input(str(value or ""), placeholder=field.placeholder, id=field.name, compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#{self.fields[0].name}").focus()

    def typed(self) -> dict[str, Any]:
        """What the form holds now: text as typed, a choice's value (None for none), a bool."""
        found: dict[str, Any] = {}
        for field in self.fields:
            widget = self.query_one(f"#{field.name}")
            if isinstance(widget, Select):
                found[field.name] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, Checkbox | Input):
                found[field.name] = widget.value
        return found

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        self._clear_errors()
        try:
            record = self.make(self.typed())
        except FormProblems as problems:
            self.show_problems(problems.problems)
            return
        except TacError as error:
            self.show_problems({FORM: str(error)})
            return
        self.query_one("#save", Button).disabled = True
        self._save(record)

    @work(thread=True, exclusive=True, group="record-form-save")
    def _save(self, record: Any) -> None:
        try:
            saved = self.save(record)
        except FormProblems as problems:
            self.app.call_from_thread(self._save_failed, problems.problems)
            return
        except TacError as error:  # someone else saved it first, or the disk refused
            self.app.call_from_thread(self._save_failed, {FORM: str(error)})
            return
        self.app.call_from_thread(self.dismiss, saved)

    def _save_failed(self, problems: dict[str, str]) -> None:
        self.query_one("#save", Button).disabled = False
        self.show_problems(problems)

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Each message beside its field (the form's own under the form); the cursor goes to
        the first field to fix, and what was typed stays as it was."""
        names = [f.name for f in self.fields]
        first = None
        for name, message in problems.items():
            known = name in names
            target = self.query_one(f"#{name}-error" if known else "#form-error", Static)
            target.update(Text(message))
            target.add_class("-shown")
            if known:
                widget = self.query_one(f"#{name}")
                widget.add_class("-invalid")
                if first is None or names.index(name) < names.index(first):
                    first = name
        if first is not None:
            self.query_one(f"#{first}").focus()
        else:
            self.query_one("#form-error").scroll_visible(animate=False)
