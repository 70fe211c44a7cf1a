"""Record that the referrer was told of the screening meeting's decision: when, how, by whom."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Select, Static

from tac.dates import form_date, parse_form_date
from tac.errors import InvalidInput, TacError
from tac.intake.follow_up import tell_referrer
from tac.models import OUTCOME_LABELS, TOLD_HOW_LABELS, Family, Referral, ScreeningMeeting, ToldHow

_FIELDS = {"told on": "told_on", "told how": "told_how", "told by": "told_by"}


class ReferrerToldForm(ModalScreen[bool]):
    """Dismisses with True once it is recorded, False when left."""

    CSS_PATH = "referrer_told.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, meeting_id: str, referral_id: str, today: date, actor: str) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.referral_id = referral_id
        self.today = today
        self.actor = actor

    def compose(self) -> ComposeResult:
        with Vertical(id="told-box"):
            yield Label("The referrer told of the decision", id="told-title")
            yield Static("", id="told-about", markup=False)
            for label, widget in (
                ("Told on", Input(form_date(self.today), id="told_on", placeholder="DD/MM/YYYY",
                                  compact=True)),
                ("How", Select([(text, how.value) for how, text in TOLD_HOW_LABELS.items()],
                               id="told_how", prompt="Choose how",
                               compact=True)),
                ("By", Input(self.actor, id="told_by", compact=True)),
            ):
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    yield widget
                yield Static("", id=f"{widget.id}-error", classes="field-error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._read()

    @work(thread=True, exclusive=True, group="told-read")
    def _read(self) -> None:
        store = self.app.store
        meeting = store.get(ScreeningMeeting, self.meeting_id)
        referral = store.get(Referral, self.referral_id)
        family = store.get(Family, referral.family_id)
        self.app.call_from_thread(self._about, meeting, referral, family)

    def _about(self, meeting: ScreeningMeeting, referral: Referral, family: Family) -> None:
        decision = meeting.decision_for(referral.id)
        outcome = OUTCOME_LABELS[decision.outcome] if decision else "not decided"
        contact = f" ({referral.referrer_contact})" if referral.referrer_contact else ""
        self.query_one("#told-about", Static).update(Text(
            f"{family.display_name()}: {outcome}, decided {form_date(meeting.held_on)}. "
            f"Referred by {referral.referrer_name}{contact}."))
        self.query_one("#told_how", Select).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_save(self) -> None:
        for error in self.query(".field-error"):
            error.remove_class("-shown")
        try:
            on = parse_form_date(self.query_one("#told_on", Input).value, "told on")
            how = self.query_one("#told_how", Select).value
            if how is Select.NULL:
                raise InvalidInput("told how: say how the referrer was told")
        except InvalidInput as error:
            self._show_error(str(error))
            return
        self._save(on, ToldHow(str(how)), self.query_one("#told_by", Input).value)

    @work(thread=True, exclusive=True, group="told-save")
    def _save(self, on: date, how: ToldHow, by: str) -> None:
        try:
            tell_referrer(self.app.store, self.meeting_id, self.referral_id, on, how, by, self.today)
        except TacError as error:
            self.app.call_from_thread(self._show_error, str(error))
            return
        self.app.call_from_thread(self.dismiss, True)

    def _show_error(self, message: str) -> None:
        field = _FIELDS.get(message.split(":", 1)[0].strip().lower(), "told_by")
        error = self.query_one(f"#{field}-error", Static)
        error.update(message)
        error.add_class("-shown")
        self.query_one(f"#{field}").focus()
