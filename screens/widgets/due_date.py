"""An action's due date: changed with a reason, and queried once when it falls on a
weekend or a bank holiday (the core says which days those are; this only asks)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Static

from screens.widgets.field_errors import FieldErrorsForm
from tac.actions import change_due_date
from tac.dates import form_date, parse_form_date, working_day_question
from tac.errors import TacError

if TYPE_CHECKING:
    from tac.models import Action
    from tac.store import Store


class NotAWorkingDayModal(ModalScreen[bool]):
    """"25/12/2026 is Christmas Day, a bank holiday. Keep it or choose another date?":
    dismisses True to keep the date, False to choose another."""

    CSS_PATH = "due_date.tcss"
    BINDINGS = [
        Binding("k", "choose(True)", "Keep it"),
        Binding("c,escape", "choose(False)", "Choose another date"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="not-working-day", classes="due-date-box"):
            yield Label("Not a working day", classes="modal-title")
            yield Label(self.question, id="question", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Keep it  k", id="keep", variant="primary")
                yield Button("Choose another  c", id="choose")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def action_choose(self, keep: bool) -> None:
        self.dismiss(keep)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "keep")


class DueDateForm(FieldErrorsForm["Action | None"]):
    """Move an open action's due date, with the reason; dismisses with the action as saved,
    or None when cancelled."""

    CSS_PATH = "due_date.tcss"
    field_words = {"new due date": "due_on", "reason": "reason"}

    def __init__(self, store: Store, action: Action, today: date) -> None:
        super().__init__()
        self.store = store
        self.action = action
        self.today = today
        self.kept: set[date] = set()
        """Dates not on a working day that the person chose to keep: asked once each."""

    def compose(self) -> ComposeResult:
        with Vertical(id="due-date-form", classes="panel due-date-box") as box:
            box.border_title = "Change the due date"
            # What the action says was typed by a person: text, never markup.
            yield Static(self.action.what, classes="action-what", markup=False)
            yield Static(f"Agreed {form_date(self.action.agreed_on)}, due "
                         f"{form_date(self.action.due_on)}", classes="hint", markup=False)
            with Grid(classes="form-grid"):
                yield Label("New date", classes="form-label")
                yield Input(id="due_on", placeholder="DD/MM/YYYY")
                yield Static(id="due_on-error", classes="field-error")
                yield Label("Reason", classes="form-label")
                yield Input(id="reason", placeholder="why the date is changing (required)")
                yield Static(id="reason-error", classes="field-error")
            yield from self.form_tail()

    def on_mount(self) -> None:
        self.query_one("#due_on", Input).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self._clear_errors()
        try:
            due_on = parse_form_date(self.query_one("#due_on", Input).value, "new due date")
        except TacError as error:
            self._show_error(str(error))
            return
        question = working_day_question(due_on)
        if question and due_on not in self.kept:
            self.app.push_screen(NotAWorkingDayModal(question),
                                 lambda keep: self._answered(due_on, keep))
            return
        self.query_one("#save", Button).disabled = True
        self._store(due_on, self.query_one("#reason", Input).value)

    def _answered(self, due_on: date, keep: bool | None) -> None:
        if keep:
            self.kept.add(due_on)
            self.action_save()
        else:
            self.query_one("#due_on", Input).focus()

    @work(thread=True, exclusive=True, group="save-due-date")
    def _store(self, due_on: date, reason: str) -> None:
        try:
            saved = change_due_date(self.store, self.action, due_on, reason, today=self.today)
        except TacError as error:
            self.app.call_from_thread(self._save_failed, str(error))
            return
        self.app.call_from_thread(self.dismiss, saved)
