"""The family's consent to share: record it given (by whom, when, how, with which agencies,
what for) or withdrawn (when, by whom, from which agencies or all). The core checks it
(tac.consent); its message shows by the field it is about, and nothing typed is lost."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static

from screens.widgets.field_errors import FieldErrorsForm
from tac.consent import (
    ConsentAsTyped,
    WithdrawalAsTyped,
    agencies_in_consent,
    record_consent,
    withdraw_consent,
)
from tac.dates import form_date
from tac.errors import TacError
from tac.models import CONSENT_HOW_LABELS

if TYPE_CHECKING:
    from tac.models import Agency, Family, Person
    from tac.store import Store

GIVE = "give"
WITHDRAW = "withdraw"

# Which field a message is about, from the words it starts with.
_FIELD_WORDS = {
    "given by": "given_by",
    "given on": "given_on",
    "consent given on": "given_on",
    "how": "how",
    "agencies": "agency_ids",
    "scope": "scope",
    "withdrawn by": "by",
    "withdrawn on": "on",
    "consent withdrawn on": "on",
    "withdrawn from": "withdrawn_from",
}


def person_label(person: Person) -> str:
    return f"{person.name} ({person.relationship or person.role.value.replace('_', ' ')})"


def consent_now(family: Family, agencies: dict[str, Agency], today: date) -> Text:
    """What the family has agreed to today, in a line or two."""
    consent = family.consent_in_force(today)
    if consent is None:
        withdrawn = family.latest_consent(today)
        if withdrawn is not None and withdrawn.withdrawn_on:
            return Text(f"Consent was withdrawn from every agency on "
                        f"{form_date(withdrawn.withdrawn_on)}.", style="bold")
        return Text("No consent to share is in force.", style="bold")
    who = family.person(consent.given_by)
    named = ", ".join(agencies[a].name for a in agencies_in_consent(family, today)
                      if a in agencies)
    how = f", {CONSENT_HOW_LABELS[consent.how].lower()}" if consent.how else ""
    return Text(f"In force: given by {who.name if who else 'a family member'} on "
                f"{form_date(consent.given_on)}{how}, to share with {named}.")


class ConsentForm(FieldErrorsForm["tuple[str, Family] | None"]):
    """Record consent given or withdrawn; dismisses with what was done ("give" or
    "withdraw") and the family as saved, or None when cancelled."""

    CSS_PATH = "consent_form.tcss"
    field_words = _FIELD_WORDS
    invalid_selector = "Input, Select, SelectionList"
    scroll_to_error = True

    def __init__(self, store: Store, family: Family, agencies: list[Agency], today: date):
        super().__init__()
        self.store = store
        self.family = family
        self.agencies = agencies
        self.today = today

    def compose(self) -> ComposeResult:
        by_id = {a.id: a for a in self.agencies}
        # Names as typed are text, never markup.
        people = [(Text(person_label(p)), p.id) for p in self.family.people]
        in_force = agencies_in_consent(self.family, self.today)
        with VerticalScroll(id="consent-form", classes="panel") as form:
            form.border_title = f"Consent to share · {self.family.display_name()}"
            yield Static(consent_now(self.family, by_id, self.today), id="consent-now")
            with Grid(classes="form-grid"):
                yield Label("Record", classes="form-label")
                yield Select([("The family gives consent", GIVE),
                              ("The family withdraws consent", WITHDRAW)],
                             id="mode", allow_blank=False, value=GIVE)
            with Grid(classes="form-grid", id="give"):
                yield Label("Given by", classes="form-label")
                yield Select(people, id="given_by", prompt="Who in the family gave it")
                yield Static(id="given_by-error", classes="field-error")
                yield Label("On", classes="form-label")
                yield Input(form_date(self.today), id="given_on", placeholder="DD/MM/YYYY")
                yield Static(id="given_on-error", classes="field-error")
                yield Label("How", classes="form-label")
                yield Select([(label, how.value) for how, label in CONSENT_HOW_LABELS.items()],
                             id="how", prompt="How the family gave it")
                yield Static(id="how-error", classes="field-error")
                yield Label("Agencies", classes="form-label")
                yield SelectionList[str](
                    *[(Text(a.name), a.id, a.id in in_force) for a in self.agencies],
                    id="agency_ids")
                yield Static(id="agency_ids-error", classes="field-error")
                yield Label("What for", classes="form-label")
                yield Input(id="scope", placeholder="what the information is shared for")
                yield Static(id="scope-error", classes="field-error")
            with Grid(classes="form-grid", id="withdraw"):
                yield Label("Withdrawn by", classes="form-label")
                yield Select(people, id="by", prompt="Who in the family withdrew it")
                yield Static(id="by-error", classes="field-error")
                yield Label("On", classes="form-label")
                yield Input(form_date(self.today), id="on", placeholder="DD/MM/YYYY")
                yield Static(id="on-error", classes="field-error")
                yield Label("From", classes="form-label")
                with Vertical(id="from"):
                    yield Checkbox("Every agency: all consent is withdrawn", id="all_agencies")
                    yield SelectionList[str](
                        *[(Text(by_id[a].name), a) for a in in_force if a in by_id],
                        id="withdrawn_from")
                yield Static(id="withdrawn_from-error", classes="field-error")
                yield Label("Note", classes="form-label")
                yield Input(id="note", placeholder="what the family said, and how they told us")
            yield from self.form_tail()

    def on_mount(self) -> None:
        self._show_mode(GIVE)
        self.query_one("#mode", Select).focus()

    @on(Select.Changed, "#mode")
    def _mode_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL:
            self._show_mode(str(event.value))

    def _show_mode(self, mode: str) -> None:
        self.query_one("#give").display = mode == GIVE
        self.query_one("#withdraw").display = mode == WITHDRAW
        self._clear_errors()

    @on(Checkbox.Changed, "#all_agencies")
    def _all_agencies(self, event: Checkbox.Changed) -> None:
        self.query_one("#withdrawn_from").disabled = event.value

    @property
    def mode(self) -> str:
        return str(self.query_one("#mode", Select).value)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    # --- what is typed --------------------------------------------------------------------

    def _chosen(self, select_id: str) -> str:
        value = self.query_one(f"#{select_id}", Select).value
        return "" if value is Select.NULL else str(value)

    def consent_as_typed(self) -> ConsentAsTyped:
        return ConsentAsTyped(
            given_by=self._chosen("given_by"),
            given_on=self.query_one("#given_on", Input).value,
            how=self._chosen("how"),
            agency_ids=list(self.query_one("#agency_ids", SelectionList).selected),
            scope=self.query_one("#scope", Input).value,
        )

    def withdrawal_as_typed(self) -> WithdrawalAsTyped:
        return WithdrawalAsTyped(
            by=self._chosen("by"),
            on=self.query_one("#on", Input).value,
            all_agencies=self.query_one("#all_agencies", Checkbox).value,
            agency_ids=list(self.query_one("#withdrawn_from", SelectionList).selected),
            note=self.query_one("#note", Input).value,
        )

    # --- saving ---------------------------------------------------------------------------

    def action_save(self) -> None:
        self._clear_errors()
        mode = self.mode
        try:
            if mode == GIVE:
                change = self.consent_as_typed().consent()
            else:
                change = self.withdrawal_as_typed().withdrawal()
        except TacError as error:
            self._show_error(str(error))
            return
        self.query_one("#save", Button).disabled = True
        self._store(mode, change)

    @work(thread=True, exclusive=True, group="save-consent")
    def _store(self, mode: str, change) -> None:
        try:
            if mode == GIVE:
                saved = record_consent(self.store, self.family, change)
            else:
                saved = withdraw_consent(self.store, self.family, change)
        except TacError as error:
            self.app.call_from_thread(self._save_failed, str(error))
            return
        self.app.call_from_thread(self.dismiss, (mode, saved))
