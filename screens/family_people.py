"""The family's people and address, editable: add, correct or remove a person, change the
address. Every change is saved (in a worker) through the store, audited, and listed under
"Changes" with who made it and when. Nothing here changes the family's status: a closed
family is reopened only by a new referral's screening."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from screens.widgets.record_form import FormField, RecordForm
from screens.widgets.store_screen import StoreScreen
from tac.bundle import FamilyFile
from tac.dates import form_date
from tac.errors import TacError
from tac.family_record import PERSON_DATES
from tac.models import ETHNICITY_LABELS, PERSON_ROLE_LABELS, SEX_LABELS, Family, Person

CHANGES_SHOWN = 12
"""How many of the latest changes the record lists; `tac audit REF` prints them all."""

PERSON_FIELDS = (
    FormField("name", "Name"),
    FormField("other_names", "Other names", placeholder="also known as, or names used before"),
    FormField("name_in_other_script", "Name, other script",
              placeholder="as written in another alphabet"),
    FormField("role", "In the family", "choice",
              [(label, role.value) for role, label in PERSON_ROLE_LABELS.items()],
              required_choice=True),
    FormField("relationship", "Relationship", placeholder="to the child: mother, stepfather..."),
    FormField("subject", "Subject child", "yes_no"),
    FormField("date_of_birth", "Date of birth", placeholder="DD/MM/YYYY"),
    FormField("expected_date_of_birth", "Expected birth",
              placeholder="DD/MM/YYYY, for a baby not yet born"),
    FormField("sex", "Sex", "choice",
              [(f"{label} ({sex.value})", sex.value) for sex, label in SEX_LABELS.items()],
              placeholder="Not recorded"),
    FormField("ethnicity", "Ethnicity", "choice",
              [(f"{label} ({e.value})", e.value) for e, label in ETHNICITY_LABELS.items()],
              placeholder="Not recorded (type to find)"),
    FormField("school_or_setting", "School or setting"),
    FormField("gp", "GP"),
    FormField("nhs_number", "NHS number", placeholder="ten digits"),
    FormField("language", "First language"),
    FormField("interpreter_needed", "Interpreter needed", "yes_no"),
    FormField("communication_needs", "Communication needs",
              placeholder="e.g. British Sign Language, easy read"),
    FormField("left_household_on", "Left the household", placeholder="DD/MM/YYYY, if they moved out"),
)

ADDRESS_FIELDS = (
    FormField("address", "Address"),
    FormField("postcode", "Postcode"),
)


def person_values(person: Person) -> dict[str, Any]:
    """A person as their form shows them: dates as DD/MM/YYYY, choices by their codes."""
    values: dict[str, Any] = person.model_dump(mode="json")
    for name in PERSON_DATES:
        values[name] = form_date(getattr(person, name))
    return values


@dataclass
class PeopleRecord:
    """The family's file and its record's changes, as lines to read (newest first)."""

    file: FamilyFile
    changes: list[str]


class FamilyPeopleScreen(StoreScreen):
    """One family's people and address, and the latest changes to them."""

    CSS_PATH = "family_people.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("a", "add_person", "Add person"),
        Binding("e", "edit_person", "Edit"),
        Binding("x", "remove_person", "Remove"),
        Binding("d", "edit_address", "Address"),
    ]

    def __init__(self, family_id: str) -> None:
        super().__init__()
        self.family_id = family_id
        self.record: PeopleRecord | None = None
        self._removing: str | None = None  # the person an `x` asked to remove, until a second `x`

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("People and address", id="people-title", classes="screen-title")
        yield Static("", id="people-address", classes="hint")
        yield DataTable(id="people-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="people-notice", classes="notice")
        yield Static("", id="people-changes", classes="panel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#people-changes").border_title = "Changes to this record"
        self.query_one("#people-notice").display = False
        table = self.query_one("#people-table", DataTable)
        for heading, width in (("Name", 22), ("In the family", 20), ("Born", 12), ("Sex", 7),
                               ("NHS number", 11), ("School, setting or GP", 24)):
            table.add_column(heading, width=width)
        table.focus()

    @property
    def family(self) -> Family | None:
        return self.record.file.family if self.record else None

    def reload(self) -> None:
        self._read()

    @work(thread=True, exclusive=True, group="family-people-read")
    def _read(self) -> None:
        from tac.family_record import record_changes

        store = self.store
        assert store is not None
        file = store.family_file(self.family_id)
        entries = store.audit_trail(record_id=self.family_id, limit=CHANGES_SHOWN)
        agencies, professionals = self.tac.directory()
        names = {**{a.id: a.name for a in agencies.values()},
                 **{p.id: p.name for p in professionals.values()}}
        lines = record_changes(file.family, entries, names)
        self.app.call_from_thread(self._show, PeopleRecord(file, lines))

    def _show(self, record: PeopleRecord) -> None:
        if not self.is_running:
            return
        self.record = record
        family = record.file.family
        self.query_one("#people-title", Static).update(
            Text(f"{family.display_name()} · people and address (status: "
                 f"{family.status.value.replace('_', ' ')})"))
        where = ", ".join(part for part in (family.address, family.postcode) if part)
        self.query_one("#people-address", Static).update(
            Text(f"Address: {where or 'not recorded'}  (d to change)"))
        table = self.query_one("#people-table", DataTable)
        keep = table.cursor_row
        table.clear()
        for person in family.people:
            style = "dim" if person.left_household_on else ("bold" if person.subject else "")
            table.add_row(*(Text(cell, style=style, no_wrap=True, overflow="ellipsis")
                            for cell in _person_cells(person)), key=person.id)
        if family.people:
            table.move_cursor(row=min(keep, len(family.people) - 1), animate=False)
        self.query_one("#people-changes", Static).update(
            Text("\n".join(record.changes) if record.changes else "No changes yet."))

    def _say(self, message: str) -> None:
        notice = self.query_one("#people-notice", Static)
        notice.update(Text(message))
        notice.display = bool(message)

    def highlighted(self) -> Person | None:
        family = self.family
        table = self.query_one("#people-table", DataTable)
        if family is None or not table.row_count:
            return None
        row = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return family.person(str(row))

    @on(DataTable.RowHighlighted, "#people-table")
    def _moved(self) -> None:
        if self._removing is not None:
            self._removing = None
            self._say("")

    @on(DataTable.RowSelected, "#people-table")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit_person()

    # --- adding and correcting ------------------------------------------------------------

    def action_add_person(self) -> None:
        self._person_form(None)

    def action_edit_person(self) -> None:
        person = self.highlighted()
        if person is not None:
            self._person_form(person)

    def _person_form(self, person: Person | None) -> None:
        from tac.family_record import add_or_change_person, person_from_form

        family, store = self.family, self.store
        if family is None or store is None:
            return
        values = person_values(person) if person else {"language": "English", "role": "child"}
        form = RecordForm(
            f"Correct {person.name}" if person else f"Add a person to {family.display_name()}",
            PERSON_FIELDS, values,
            make=lambda typed: person_from_form(typed, person),
            save=lambda edited: add_or_change_person(store, family, edited),
        )
        said = "saved" if person else "added"
        self.app.push_screen(form, lambda saved: self._saved(saved, f"{said}"))

    def action_edit_address(self) -> None:
        from tac.forms import record_from_form

        family, store = self.family, self.store
        if family is None or store is None:
            return
        base = family.model_dump()
        form = RecordForm(
            f"Address of {family.display_name()}", ADDRESS_FIELDS,
            {"address": family.address, "postcode": family.postcode},
            make=lambda typed: record_from_form(Family, base, typed), save=store.save,
        )
        self.app.push_screen(form, lambda saved: self._saved(saved, "address saved"))

    def _saved(self, family: Family | None, what: str) -> None:
        if family is not None:
            self._say("")
            self.notify(f"{family.display_name()}: {what}.", markup=False)
            self.reload()

    # --- removing ------------------------------------------------------------------------

    def action_remove_person(self) -> None:
        person = self.highlighted()
        if person is None or self.family is None:
            return
        if self._removing != person.id:
            self._removing = person.id
            self._say(f"Remove {person.name}? Only for someone added in error: press x again to "
                      "remove. Someone who has moved out is kept: edit them and give the date "
                      "they left the household.")
            return
        self._removing = None
        self._remove(self.family, person)

    @work(thread=True, exclusive=True, group="family-people-save")
    def _remove(self, family: Family, person: Person) -> None:
        from tac.family_record import remove_person

        assert self.store is not None
        try:
            remove_person(self.store, family, person.id)
        except TacError as error:
            self.app.call_from_thread(self._say, str(error))
            return
        self.app.call_from_thread(self._removed, person)

    def _removed(self, person: Person) -> None:
        self._say("")
        self.notify(f"{person.name} removed; the audit trail keeps what was removed.",
                    markup=False)
        self.reload()


def _person_cells(person: Person) -> list[str]:
    role = PERSON_ROLE_LABELS[person.role]
    if person.relationship:
        role = person.relationship
    if person.subject:
        role = f"{role} (subject)"
    due = person.expected_date_of_birth
    born = form_date(person.date_of_birth) or (f"due {form_date(due)}" if due else "")
    name = person.name
    if person.left_household_on:
        name = f"{name} (left {form_date(person.left_household_on)})"
    sex = SEX_LABELS[person.sex] if person.sex else ""
    return [name, role, born, sex, person.nhs_number, person.school_or_setting or person.gp]
