"""The new referral's first step: one line per person typed, and the families already known.

Pure widgets: the screen reads and fills them, and asks the core who is known.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, Select, Static

from tac.dates import form_date
from tac.intake.known import history_in_brief
from tac.intake.matching import MATCH_KIND_LABELS, Match
from tac.intake.referral_form import RELATIONSHIP_LABELS, PersonAsTyped, person_field
from tac.models import Family

STATUS_WORDS = {
    "referred": "referred",
    "open": "open",
    "stepped_up": "stepped up",
    "stepped_down": "stepped down",
    "closed": "closed",
}


class PeopleHead(Horizontal):
    """The column names above the people's lines."""

    def compose(self) -> ComposeResult:
        for name, text in (("first_name", "First name"), ("last_name", "Last name"),
                           ("date_of_birth", "Born"), ("relationship", "Who"),
                           ("nhs_number", "NHS number"), ("subject", "About")):
            yield Label(text, classes=f"col-{name}")


class PersonLine(Vertical):
    """One person: names, date of birth, who they are, NHS number, and whether the
    referral is about them; their problems show on the line below."""

    def __init__(self, position: int, typed: PersonAsTyped) -> None:
        super().__init__(classes="person-line")
        self.position = position
        self.typed = typed

    def compose(self) -> ComposeResult:
        n, typed = self.position, self.typed
        with Horizontal(classes="person-fields"):
            yield Input(typed.first_name, id=person_field(n, "first_name"), compact=True,
                        classes="col-first_name", placeholder=f"person {n + 1}")
            yield Input(typed.last_name, id=person_field(n, "last_name"), compact=True,
                        classes="col-last_name")
            yield Input(typed.date_of_birth, id=person_field(n, "date_of_birth"), compact=True,
                        classes="col-date_of_birth", placeholder="DD/MM/YYYY")
            yield Select([(label, word) for word, label in RELATIONSHIP_LABELS.items()],
                         prompt="who", compact=True, id=person_field(n, "relationship"),
                         classes="col-relationship", value=typed.relationship or Select.NULL)
            yield Input(typed.nhs_number, id=person_field(n, "nhs_number"), compact=True,
                        classes="col-nhs_number")
            yield Checkbox("", typed.subject, id=person_field(n, "subject"), compact=True,
                           classes="col-subject")
        yield Static("", id=person_field(n, "error"), classes="field-error", markup=False)

    def read(self) -> PersonAsTyped:
        n = self.position
        relationship = self.query_one(f"#{person_field(n, 'relationship')}", Select).value
        return PersonAsTyped(
            first_name=self.query_one(f"#{person_field(n, 'first_name')}", Input).value,
            last_name=self.query_one(f"#{person_field(n, 'last_name')}", Input).value,
            date_of_birth=self.query_one(f"#{person_field(n, 'date_of_birth')}", Input).value,
            relationship="" if relationship is Select.NULL else str(relationship),
            subject=self.query_one(f"#{person_field(n, 'subject')}", Checkbox).value,
            nhs_number=self.query_one(f"#{person_field(n, 'nhs_number')}", Input).value,
        )


def family_line(family: Family, last_referral_on: date | None) -> Text:
    """`EH-2024-0007 Ní Bhriain family · closed · level 2 · last referral 06/01/2025`."""
    parts = [STATUS_WORDS.get(family.status.value, family.status.value)]
    if family.level:
        parts.append(f"level {family.level}")
    if last_referral_on:
        parts.append(f"last referral {form_date(last_referral_on)}")
    return Text.assemble((family.display_name(), "bold"), " · ", " · ".join(parts))


def describe_match(match: Match, today: date) -> Text:
    """A family found, in three lines: who, where it has been, and why it matched."""
    text = family_line(match.family, match.last_referral_on)
    text.append(f"\n  {history_in_brief(match.family, today)}")
    why = ", ".join(match.reasons)
    if match.person is not None:
        born = f", born {form_date(match.person.date_of_birth)}" if match.person.date_of_birth else ""
        text.append(f"\n  {match.person.name}{born}: ")
    else:
        text.append("\n  ")
    text.append(MATCH_KIND_LABELS[match.kind], style="bold")
    if why:
        text.append(f" ({why})")
    return text
