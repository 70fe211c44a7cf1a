"""The "add an event to the chronology" form. The model checks it; its message shows by
the field it is about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from screens.widgets.field_errors import FieldErrorsForm
from tac.dates import form_date, parse_form_date
from tac.errors import InvalidInput, TacError, describe_validation_error
from tac.models import (
    EVENT_KIND_LABELS,
    PERSON_ROLE_LABELS,
    SIGNIFICANCE_LABELS,
    ChronologyEvent,
    EventKind,
    Significance,
)

if TYPE_CHECKING:
    from datetime import date

    from tac.models import Agency, Family
    from tac.store import Store

WHOLE_FAMILY = "whole-family"
NO_AGENCY = "no-agency"

# Which field a model message is about, from the words it starts with.
_FIELD_WORDS = {
    "occurred on": "occurred_on",
    "date": "occurred_on",
    "kind": "kind",
    "person id": "person_id",
    "agency id": "agency_id",
    "significance": "significance",
    "summary": "summary",
}


class EventForm(FieldErrorsForm["ChronologyEvent | None"]):
    """Add one dated event; dismisses with the saved event, or None when cancelled."""

    CSS_PATH = "event_form.tcss"
    field_words = _FIELD_WORDS

    def __init__(self, store: Store, family: Family, agencies: list[Agency], today: date):
        super().__init__()
        self.store = store
        self.family = family
        self.agencies = agencies
        self.today = today

    def compose(self) -> ComposeResult:
        # Names are shown as typed: Text prompts and a Content title are never read as markup.
        people = [(WHOLE_FAMILY, Text("The whole family"))] + [
            (p.id, Text(f"{p.name} ({p.relationship or PERSON_ROLE_LABELS[p.role].lower()})"))
            for p in self.family.people
        ]
        with VerticalScroll(id="event-form", classes="panel") as form:
            form.border_title = Content(
                f"Add an event to the chronology · {self.family.display_name()}")
            with Grid(classes="form-grid"):
                yield Label("When", classes="form-label")
                yield Input(form_date(self.today), id="occurred_on", placeholder="DD/MM/YYYY")
                yield Static(id="occurred_on-error", classes="field-error")
                yield Label("What happened", classes="form-label")
                yield Select([(label, kind) for kind, label in EVENT_KIND_LABELS.items()],
                             id="kind", prompt="Choose the kind of event")
                yield Static(id="kind-error", classes="field-error")
                yield Label("About", classes="form-label")
                yield Select([(label, pid) for pid, label in people], id="person_id",
                             allow_blank=False, value=WHOLE_FAMILY)
                yield Static(id="person_id-error", classes="field-error")
                yield Label("Reported by", classes="form-label")
                yield Select([("The family, or not known", NO_AGENCY)]
                             + [(Text(a.name), a.id) for a in self.agencies],
                             id="agency_id", allow_blank=False, value=NO_AGENCY)
                yield Static(id="agency_id-error", classes="field-error")
                yield Label("Significance", classes="form-label")
                yield Select([(label, s) for s, label in SIGNIFICANCE_LABELS.items()],
                             id="significance", allow_blank=False, value=Significance.MEDIUM)
                yield Static(id="significance-error", classes="field-error")
                yield Label("Summary", classes="form-label")
                yield Input(id="summary", placeholder="What happened, in plain words")
                yield Static(id="summary-error", classes="field-error")
            yield from self.form_tail()

    def on_mount(self) -> None:
        self.query_one("#occurred_on", Input).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self._clear_errors()
        try:
            event = self.event()
        except InvalidInput as error:
            self._show_error(str(error))
            return
        except ValidationError as error:
            for message in describe_validation_error(error).split("; "):
                self._show_error(message)
            return
        self.query_one("#save", Button).disabled = True
        self._store_event(event)

    def event(self) -> ChronologyEvent:
        """The event as typed, checked by the model (raises InvalidInput, ValidationError)."""
        occurred_on = parse_form_date(self.query_one("#occurred_on", Input).value,
                                      field="occurred on")
        kind = self.query_one("#kind", Select).value
        if kind is Select.NULL:
            raise InvalidInput("kind: choose what kind of event this was")
        person = self.query_one("#person_id", Select).value
        agency = self.query_one("#agency_id", Select).value
        return ChronologyEvent(
            family_id=self.family.id,
            person_id=None if person == WHOLE_FAMILY else str(person),
            agency_id=None if agency == NO_AGENCY else str(agency),
            occurred_on=occurred_on,
            kind=EventKind(str(kind)),
            significance=Significance(str(self.query_one("#significance", Select).value)),
            summary=self.query_one("#summary", Input).value,
        )

    @work(thread=True, exclusive=True, group="save-event")
    def _store_event(self, event: ChronologyEvent) -> None:
        try:
            saved = self.store.save(event)
        except TacError as error:
            self.app.call_from_thread(self._save_failed, str(error))
            return
        self.app.call_from_thread(self.dismiss, saved)
