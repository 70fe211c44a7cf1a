"""Settle a possible match: the family a referral was taken in as, beside the known family
it may be, with a key for each answer (attach to the known family, or confirm it is new)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.console import Group
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from screens.widgets.family_panels import age_on
from screens.widgets.meeting_draft import meeting_today
from screens.widgets.referral_people import family_line
from tac.dates import form_date
from tac.errors import NotFound, TacError
from tac.intake.known import history_in_brief
from tac.intake.referrals import attach_to_family, confirm_new_family
from tac.models import Family, Referral


@dataclass(frozen=True)
class PossibleMatch:
    """The referral, the family made for it, and the known families it may be."""

    referral: Referral
    made: Family
    known: list[Family]
    last_referrals: dict[str, date]


def read_possible_match(store, referral_id: str) -> PossibleMatch:
    """Everything the screen shows, read in one go (from a worker thread)."""
    referral = store.get(Referral, referral_id)
    made = store.get(Family, referral.family_id)
    known = []
    for reference in referral.possible_matches:
        try:
            known.append(store.family_by_reference(reference))
        except NotFound:
            continue  # removed since: nothing left to compare with
    last = store.last_referral_dates([f.id for f in known])
    return PossibleMatch(referral, made, known, last)


def people_lines(family: Family, today: date) -> Text:
    """One line per person, narrow enough for half the screen: name, who, born, age."""
    text = Text()
    for person in family.people:
        text.append(person.name, style="bold" if person.subject else "")
        who = person.relationship or person.role.value.replace("_", " ")
        born = person.date_of_birth
        text.append(f", {who}" + (f", born {form_date(born)} ({age_on(born, today)})" if born else ""))
        if person.nhs_number:
            text.append(f", NHS {person.nhs_number}")
        text.append("\n")
    text.rstrip()
    return text


class PossibleMatchScreen(Screen):
    """Both families side by side; a attaches the referral to the known one, n keeps it new."""

    CSS_PATH = "possible_match.tcss"
    BINDINGS = [
        Binding("a", "attach", "Attach to the known family"),
        Binding("n", "confirm_new", "It is a new family"),
        Binding("pagedown", "other(1)", "Next possible", key_display="PgDn"),
        Binding("pageup", "other(-1)", "Previous", key_display="PgUp", show=False),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, referral_id: str) -> None:
        super().__init__()
        self.referral_id = referral_id
        self.match: PossibleMatch | None = None
        self.shown = 0
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Static("Possible match: check", id="match-title")
        yield Static("Reading both families…", id="match-note", markup=False)
        with Horizontal(id="sides"):
            with VerticalScroll(id="made-side", classes="panel"):
                yield Static(id="made")
            with VerticalScroll(id="known-side", classes="panel"):
                yield Static(id="known")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#made-side").border_title = "Taken in as"
        self.query_one("#known-side").border_title = "Known family"
        self._read()

    @work(thread=True, exclusive=True, group="possible-match")
    def _read(self) -> None:
        try:
            match = read_possible_match(self.app.store, self.referral_id)
        except TacError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            self.app.call_from_thread(self.dismiss)
            return
        self.app.call_from_thread(self._show, match)

    def _show(self, match: PossibleMatch) -> None:
        self.match = match
        today = meeting_today(self.app)
        referral = match.referral
        self.query_one("#match-note", Static).update(
            f"Referral received {form_date(referral.received_on)} from {referral.referrer_name}: "
            f"{referral.check_note}. Is it about the known family?")
        self.query_one("#made", Static).update(Group(
            family_line(match.made, referral.received_on), Text(""),
            people_lines(match.made, today), Text(""),
            Text.assemble(("Concerns: ", "bold"), referral.concerns),
            Text(f"{match.made.postcode} {match.made.address}".strip())))
        if not match.known:
            self.query_one("#known", Static).update(
                Text("The known family is no longer in the database: confirm it is new (n).",
                     style="dim"))
            return
        known = match.known[self.shown % len(match.known)]
        position = self.shown % len(match.known) + 1
        count = f" ({position} of {len(match.known)})" if len(match.known) > 1 else ""
        self.query_one("#known-side").border_title = f"Known family{count}"
        self.query_one("#known", Static).update(Group(
            family_line(known, match.last_referrals.get(known.id)),
            Text(history_in_brief(known, today)), Text(""),
            people_lines(known, today), Text(""),
            Text(f"{known.postcode} {known.address}".strip())))
        self.refresh_bindings()

    def action_other(self, step: int) -> None:
        if self.match and len(self.match.known) > 1:
            self.shown += step
            self._show(self.match)

    def action_attach(self) -> None:
        if self.match is None or not self.match.known or self.busy:
            return
        self.busy = True
        known = self.match.known[self.shown % len(self.match.known)]
        self._settle(known)

    def action_confirm_new(self) -> None:
        if self.match is None or self.busy:
            return
        self.busy = True
        self._settle(None)

    @work(thread=True, exclusive=True, group="possible-match-save")
    def _settle(self, known: Family | None) -> None:
        assert self.match is not None
        try:
            if known is None:
                confirm_new_family(self.app.store, self.match.referral)
                said = f"{self.match.made.display_name()} is a new family."
            else:
                attach_to_family(self.app.store, self.match.referral, known)
                said = f"The referral is now about {known.display_name()}."
        except TacError as error:
            self.app.call_from_thread(self._not_settled, error)
            return
        self.app.call_from_thread(self.notify, said, markup=False)
        self.app.call_from_thread(self.dismiss, True)

    def _not_settled(self, error: TacError) -> None:
        self.busy = False
        self.notify(str(error), title=error.title, severity="error", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "other":
            return bool(self.match and len(self.match.known) > 1)
        if action == "attach":
            return bool(self.match is None or self.match.known)
        return True
