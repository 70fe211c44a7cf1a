"""Welcome and apologies: the day the meeting was held, who chairs, who takes notes, and
who is present, sent apologies or did not attend, for the family and the professionals
alike."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from screens.widgets.assessment_columns import EntryInput
from screens.widgets.meeting_step import MeetingStep, Participant, participant_key
from tac.dates import form_date
from tac.errors import TacError
from tac.meetings.held_on import meeting_held_on
from tac.meetings.tac_draft import (
    AttendanceRow,
    Entry,
    TacMeetingDraft,
    present_outside_consent,
)
from tac.models import (
    ATTENDANCE_LABELS,
    TAC_MEETING_KIND_LABELS,
    AttendanceStatus,
    TacMeetingKind,
)


class AttendanceList(OptionList):
    """One line a person; keys mark them present, apologies or did not attend."""

    BINDINGS = [
        Binding("p", "mark('present')", "Present"),
        Binding("a", "mark('apologies')", "Apologies"),
        Binding("d", "mark('did_not_attend')", "Did not attend"),
        Binding("u", "update", "Their update"),
    ]

    class Marked(Message):
        def __init__(self, index: int, status: str | None) -> None:
            super().__init__()
            self.index = index
            self.status = status

    def action_mark(self, status: str) -> None:
        if self.highlighted is not None:
            self.post_message(self.Marked(self.highlighted, status))

    def action_update(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Marked(self.highlighted, None))


class AttendanceStep(MeetingStep):
    step_id = "attendance"
    title = "Attendance"

    def __init__(self, context) -> None:
        super().__init__(context)
        self.rows: list[AttendanceRow] = []
        self.updating: str | None = None  # whose update is being typed, by participant key
        self._offered: set[str] = set()  # the professionals the chair list offers

    def compose(self) -> ComposeResult:
        # Those who have left are not offered (the family's lead is, to be replaced).
        professionals = self.context.directory.professionals_to_offer(
            [self.context.family.lead_professional_id])
        self._offered = {p.id for p in professionals}
        with Horizontal(classes="form-row"):
            yield Label("Meeting", classes="form-label")
            yield Select(
                [(label, kind.value) for kind, label in TAC_MEETING_KIND_LABELS.items()],
                value=self.context.kind.value, allow_blank=False, compact=True, id="kind",
            )
        with Horizontal(classes="form-row"):
            yield Label("Held on", classes="form-label")
            yield Input(placeholder="DD/MM/YYYY, the day the meeting was held", compact=True,
                        id="held-on")
        with Horizontal(classes="form-row"):
            yield Label("Chair", classes="form-label")
            yield Select([(Text(p.name), p.id) for p in professionals], prompt="Choose the chair",
                         compact=True, id="chair")
        with Horizontal(classes="form-row"):
            yield Label("Notes by", classes="form-label")
            yield Input(placeholder="who takes the minutes", compact=True, id="minute_taker")
        yield Label("Who is here? p present · a apologies · d did not attend · u their update",
                    classes="step-hint", id="attendance-hint")
        yield AttendanceList(id="attendance-list")
        yield Static("", id="outside-consent", classes="warning", markup=False)
        with Horizontal(classes="form-row", id="update-row"):
            yield Label("Update", classes="form-label", id="update-label")
            yield EntryInput(placeholder="highlight someone and press u", compact=True,
                             id="attendance-update")
        with Horizontal(classes="form-row"):
            yield Label("Add", classes="form-label")
            yield Select([(Text(p.name), p.id) for p in professionals],
                         prompt="Add another professional to the list", compact=True,
                         id="add-professional")
        yield Static("", classes="field-error")

    def on_mount(self) -> None:
        self.query_one(".field-error").display = False
        # A correction keeps the kind of meeting and its chair: finishing acted on them.
        self.query_one("#kind", Select).disabled = self.context.correcting
        self.query_one("#chair", Select).disabled = self.context.correcting
        self._show_rows()

    def _show_rows(self, highlight: int | None = None) -> None:
        listing = self.query_one(AttendanceList)
        keep = listing.highlighted if highlight is None else highlight
        options = []
        for row in self.rows:
            who = self._participant(_key(row))
            line = Text()
            status = ATTENDANCE_LABELS[row.status].lower() if row.status else "not marked"
            line.append(f"{status:<15}", style="bold" if row.status else "dim italic")
            # Name and role only: one line a person keeps a long list on a small screen.
            line.append(f"{who.name} ({who.detail.split(', ')[0]})" if who.detail else who.name)
            if row.update:
                line.append(f"  Update: {row.update}", style="italic")
            options.append(Option(line))
        listing.set_options(options)
        if options:
            listing.highlighted = min(keep or 0, len(options) - 1)
        self._warn_outside_consent()

    def held_on(self) -> date | None:
        """The date typed, if it is one a meeting can be held on; None until it is."""
        try:
            return meeting_held_on(self.query_one("#held-on", Input).value, self.context.today)
        except TacError:
            return None

    def redated(self) -> None:
        """The meeting's date changed: who is outside consent is judged on the new day."""
        self._warn_outside_consent()

    def _warn_outside_consent(self) -> None:
        """Say, as they are marked present, who is here from outside the family's consent."""
        context = self.context
        lines = present_outside_consent(self.rows, context.held_on, context.family,
                                        context.directory)
        warning = self.query_one("#outside-consent", Static)
        warning.update("\n".join(f"{line}: share nothing about the family with them."
                                 for line in lines))
        warning.display = bool(lines)

    def _participant(self, key: str) -> Participant:
        kind, _, rid = key.partition(":")
        if kind == "pro":
            return self.context.professional(rid)
        return next(
            (p for p in self.context.family_members() if p.key == key),
            Participant(key, self.context.name_of(key)),
        )

    @on(AttendanceList.Marked)
    def _marked(self, event: AttendanceList.Marked) -> None:
        row = self.rows[event.index]
        if event.status is None:
            self.updating = _key(row)
            update = self.query_one("#attendance-update", Input)
            update.value = row.update
            self.query_one("#update-label", Label).update("Update")
            update.placeholder = f"what {self._participant(_key(row)).name} wants the meeting to know"
            update.focus()
            return
        row.status = AttendanceStatus(event.status)
        self._show_rows()
        listing = self.query_one(AttendanceList)
        if listing.highlighted is not None and listing.highlighted < len(self.rows) - 1:
            listing.highlighted += 1  # mark the next person straight away
        self.changed()

    @on(Input.Submitted, "#attendance-update")
    def _update_given(self, event: Input.Submitted) -> None:
        event.stop()
        index = next((i for i, row in enumerate(self.rows) if _key(row) == self.updating), None)
        if index is not None:
            self.rows[index].update = event.value
            self._show_rows(index)
            self.updating = None
            event.input.value = ""
            self.changed()
        self.query_one(AttendanceList).focus()

    @on(EntryInput.Cancelled, "#attendance-update")
    def _update_dropped(self, event: EntryInput.Cancelled) -> None:
        event.stop()
        self.updating = None
        self.query_one("#attendance-update", Input).value = ""
        self.query_one(AttendanceList).focus()

    @on(Select.Changed, "#add-professional")
    def _add_professional(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        key = participant_key(str(event.value), None)
        if key not in {_key(row) for row in self.rows}:
            self.rows.append(AttendanceRow(professional_id=str(event.value),
                                           status=AttendanceStatus.PRESENT))
        index = next(i for i, row in enumerate(self.rows) if _key(row) == key)
        event.select.clear()
        self._show_rows(index)
        self.query_one(AttendanceList).focus()
        self.changed()

    def focus_first(self) -> None:
        self.query_one(AttendanceList).focus()

    # --- what the meeting keeps ---------------------------------------------------------

    def kind(self) -> TacMeetingKind:
        return TacMeetingKind(self.query_one("#kind", Select).value)

    def attending(self) -> list[Participant]:
        return [self._participant(_key(row)) for row in self.rows]

    def present(self) -> list[Participant]:
        return [
            self._participant(_key(row)) for row in self.rows
            if row.status is AttendanceStatus.PRESENT
        ]

    def apply(self, draft: TacMeetingDraft) -> None:
        chair = self.query_one("#chair", Select).value
        draft.kind = self.kind()
        draft.chair_id = None if chair is Select.NULL else str(chair)
        draft.minute_taker = self.query_one("#minute_taker", Input).value
        draft.held_on_as_typed = self.query_one("#held-on", Input).value
        draft.held_on = self.held_on() or draft.held_on
        draft.attendance = [row.model_copy() for row in self.rows]
        draft.entries[self.step_id] = Entry(
            text=self.query_one("#attendance-update", Input).value, edits=self.updating or ""
        )

    def restore(self, draft: TacMeetingDraft) -> None:
        self.query_one("#kind", Select).value = draft.kind.value
        if draft.chair_id in self._offered:
            self.query_one("#chair", Select).value = draft.chair_id
        else:
            self.query_one("#chair", Select).clear()
        self.query_one("#minute_taker", Input).value = draft.minute_taker
        self.query_one("#held-on", Input).value = (draft.held_on_as_typed
                                                   or form_date(draft.held_on))
        self.rows = [row.model_copy() for row in draft.attendance]
        entry = draft.entries.get(self.step_id, Entry())
        self.updating = entry.edits or None
        self.query_one("#attendance-update", Input).value = entry.text
        self._show_rows()

    def check(self, draft: TacMeetingDraft) -> None:
        meeting_held_on(draft.held_on_as_typed or form_date(draft.held_on), self.context.today)


def _key(row: AttendanceRow) -> str:
    return participant_key(row.professional_id, row.person_id)
