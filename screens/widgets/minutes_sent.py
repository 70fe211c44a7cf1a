"""Record that a finished meeting's minutes were sent: which meeting, the day, and who sent
them. The core checks it (tac.meetings.minutes); its message shows by the field it is about."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from screens.widgets.field_errors import FieldErrorsForm
from tac.dates import form_date, parse_form_date
from tac.errors import InvalidInput, TacError
from tac.meetings.minutes import minutes_state, record_minutes_sent
from tac.models import TAC_MEETING_KIND_LABELS, MeetingStatus, ScreeningMeeting, TacMeeting

if TYPE_CHECKING:
    from tac.store import Store

_FIELD_WORDS = {"meeting": "meeting", "sent on": "sent_on", "sent by": "sent_by"}


def meeting_label(meeting: TacMeeting | ScreeningMeeting) -> str:
    """`Review TAC 03/03/2026 · minutes not written`, as the choice of meeting reads."""
    what = (f"{TAC_MEETING_KIND_LABELS[meeting.kind]} TAC" if isinstance(meeting, TacMeeting)
            else "Screening meeting")
    return f"{what} {form_date(meeting.held_on)} · minutes {minutes_state(meeting)}"


def meetings_to_choose(store: Store, model: type[TacMeeting | ScreeningMeeting],
                       meeting_id: str | None, family_id: str | None
                       ) -> list[TacMeeting | ScreeningMeeting]:
    """The finished meetings the form offers, newest first: a family's TAC meetings, or the
    one screening meeting named. Runs in a worker thread."""
    if family_id is not None:
        return list(reversed(store.tac_meetings(family_id=family_id,
                                                status=MeetingStatus.FINISHED)))
    assert meeting_id is not None
    return [store.get(model, meeting_id)]


class MinutesSentForm(FieldErrorsForm["TacMeeting | ScreeningMeeting | None"]):
    """Dismisses with the meeting as saved, or None when cancelled.

    Give `family_id` to choose among the family's finished TAC meetings (the one not yet
    sent and held longest ago is chosen first, unless `meeting_id` names one), or
    `meeting_id` alone for one screening or TAC meeting.
    """

    CSS_PATH = "minutes_sent.tcss"
    field_words = _FIELD_WORDS

    def __init__(self, store: Store, model: type[TacMeeting | ScreeningMeeting], today: date,
                 actor: str, *, meeting_id: str | None = None, family_id: str | None = None,
                 about: str = "") -> None:
        super().__init__()
        self.store = store
        self.model = model
        self.today = today
        self.actor = actor
        self.meeting_id = meeting_id
        self.family_id = family_id
        self.about = about

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="minutes-sent-form", classes="panel") as form:
            # A family's name is shown as typed: a Content title is never read as markup.
            form.border_title = Content(
                f"Minutes sent · {self.about}" if self.about else "Minutes sent")
            with Grid(classes="form-grid"):
                yield Label("Meeting", classes="form-label")
                yield Select([], id="meeting", prompt="Reading the meetings...")
                yield Static(id="meeting-error", classes="field-error")
                yield Label("Sent on", classes="form-label")
                yield Input(form_date(self.today), id="sent_on", placeholder="DD/MM/YYYY")
                yield Static(id="sent_on-error", classes="field-error")
                yield Label("Sent by", classes="form-label")
                yield Input(self.actor, id="sent_by", placeholder="Who sent them")
                yield Static(id="sent_by-error", classes="field-error")
            yield from self.form_tail()

    def on_mount(self) -> None:
        self.query_one("#sent_on", Input).focus()
        self._read()

    @work(thread=True, exclusive=True, group="minutes-sent-read")
    def _read(self) -> None:
        try:
            meetings = meetings_to_choose(self.store, self.model, self.meeting_id, self.family_id)
        except TacError as error:
            self.app.call_from_thread(self._show_error, str(error))
            return
        self.app.call_from_thread(self._offer, meetings)

    def _offer(self, meetings: list[TacMeeting | ScreeningMeeting]) -> None:
        choice = self.query_one("#meeting", Select)
        choice.set_options([(Text(meeting_label(m)), m.id) for m in meetings])
        if not meetings:
            choice.prompt = "No finished meeting"
            return
        unsent = [m for m in meetings if m.minutes_sent_on is None]
        chosen = next((m.id for m in meetings if m.id == self.meeting_id),
                      unsent[-1].id if unsent else meetings[0].id)
        choice.value = chosen

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self._clear_errors()
        chosen = self.query_one("#meeting", Select).value
        try:
            if chosen is Select.NULL:
                raise InvalidInput("meeting: choose the meeting whose minutes were sent")
            on = parse_form_date(self.query_one("#sent_on", Input).value, "sent on")
        except InvalidInput as error:
            self._show_error(str(error))
            return
        self.query_one("#save", Button).disabled = True
        self._save(str(chosen), on, self.query_one("#sent_by", Input).value)

    @work(thread=True, exclusive=True, group="minutes-sent-save")
    def _save(self, meeting_id: str, on: date, by: str) -> None:
        try:
            saved = record_minutes_sent(self.store, self.model, meeting_id, on, by,
                                        today=self.today)
        except TacError as error:
            self.app.call_from_thread(self._save_failed, str(error))
            return
        self.app.call_from_thread(self.dismiss, saved)
