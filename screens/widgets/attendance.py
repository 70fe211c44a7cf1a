"""Welcome and apologies: who chairs, who takes notes, and who is present, sent apologies
or did not attend, for the family and the professionals alike."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from screens.widgets.assessment_columns import EntryInput
from screens.widgets.meeting_step import MeetingStep, Participant
from tac.models import (
    ATTENDANCE_LABELS,
    TAC_MEETING_KIND_LABELS,
    Attendance,
    AttendanceStatus,
    TacMeetingKind,
)

STATUS_LABELS = {"": "not marked"} | {
    status.value: label.lower() for status, label in ATTENDANCE_LABELS.items()}


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

    def __init__(self, context, chair_id: str | None, invited: list[Participant]) -> None:
        super().__init__(context)
        self.rows: list[dict[str, str]] = [
            {"key": p.key, "status": "", "update": ""} for p in invited
        ]
        self.default_chair = chair_id
        self.updating: int | None = None

    def compose(self) -> ComposeResult:
        professionals = sorted(
            self.context.directory.professionals.values(), key=lambda p: p.name.lower()
        )
        with Horizontal(classes="form-row"):
            yield Label("Meeting", classes="form-label")
            yield Select(
                [(label, kind.value) for kind, label in TAC_MEETING_KIND_LABELS.items()],
                value=self.context.kind.value, allow_blank=False, compact=True, id="kind",
            )
        with Horizontal(classes="form-row"):
            yield Label("Chair", classes="form-label")
            yield Select([(p.name, p.id) for p in professionals], prompt="Choose the chair",
                         compact=True, id="chair")
        with Horizontal(classes="form-row"):
            yield Label("Notes by", classes="form-label")
            yield Input(placeholder="who takes the minutes", compact=True, id="minute_taker")
        yield Label("Who is here? p present · a apologies · d did not attend · u their update",
                    classes="step-hint", id="attendance-hint")
        yield AttendanceList(id="attendance-list")
        with Horizontal(classes="form-row", id="update-row"):
            yield Label("Update", classes="form-label", id="update-label")
            yield EntryInput(placeholder="highlight someone and press u", compact=True,
                             id="attendance-update")
        with Horizontal(classes="form-row"):
            yield Label("Add", classes="form-label")
            yield Select([(p.name, p.id) for p in professionals],
                         prompt="Add another professional to the list", compact=True,
                         id="add-professional")
        yield Static("", classes="field-error")

    def on_mount(self) -> None:
        self.query_one(".field-error").display = False
        if self.default_chair in self.context.directory.professionals:
            self.query_one("#chair", Select).value = self.default_chair
        self._show_rows()

    def _show_rows(self, highlight: int | None = None) -> None:
        listing = self.query_one(AttendanceList)
        keep = listing.highlighted if highlight is None else highlight
        options = []
        for row in self.rows:
            who = self._participant(row["key"])
            line = Text()
            status = STATUS_LABELS.get(row["status"], row["status"])
            line.append(f"{status:<15}", style="bold" if row["status"] else "dim italic")
            # Name and role only: one line a person keeps a long list on a small screen.
            line.append(f"{who.name} ({who.detail.split(', ')[0]})" if who.detail else who.name)
            if row["update"]:
                line.append(f"  Update: {row['update']}", style="italic")
            options.append(Option(line))
        listing.set_options(options)
        if options:
            listing.highlighted = min(keep or 0, len(options) - 1)

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
            self.updating = event.index
            update = self.query_one("#attendance-update", Input)
            update.value = row["update"]
            self.query_one("#update-label", Label).update("Update")
            update.placeholder = f"what {self._participant(row['key']).name} wants the meeting to know"
            update.focus()
            return
        row["status"] = event.status
        self._show_rows()
        listing = self.query_one(AttendanceList)
        if listing.highlighted is not None and listing.highlighted < len(self.rows) - 1:
            listing.highlighted += 1  # mark the next person straight away
        self.changed()

    @on(Input.Submitted, "#attendance-update")
    def _update_given(self, event: Input.Submitted) -> None:
        event.stop()
        if self.updating is not None:
            self.rows[self.updating]["update"] = event.value
            self._show_rows(self.updating)
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
        key = f"pro:{event.value}"
        if key not in {row["key"] for row in self.rows}:
            self.rows.append({"key": key, "status": "present", "update": ""})
        index = next(i for i, row in enumerate(self.rows) if row["key"] == key)
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
        return [self._participant(row["key"]) for row in self.rows]

    def present(self) -> list[Participant]:
        return [
            self._participant(row["key"]) for row in self.rows
            if row["status"] == AttendanceStatus.PRESENT.value
        ]

    def snapshot(self) -> dict[str, Any]:
        chair = self.query_one("#chair", Select).value
        return {
            "kind": self.query_one("#kind", Select).value,
            "chair": "" if chair is Select.NULL else chair,
            "minute_taker": self.query_one("#minute_taker", Input).value,
            "rows": [dict(row) for row in self.rows],
            "update_text": self.query_one("#attendance-update", Input).value,
            "updating": self.updating,
        }

    def restore(self, content: dict[str, Any]) -> None:
        self.query_one("#kind", Select).value = content.get("kind", self.context.kind.value)
        chair = content.get("chair", "")
        if chair in self.context.directory.professionals:
            self.query_one("#chair", Select).value = chair
        else:
            self.query_one("#chair", Select).clear()
        self.query_one("#minute_taker", Input).value = content.get("minute_taker", "")
        self.rows = [dict(row) for row in content.get("rows", self.rows)]
        self.updating = content.get("updating")
        self.query_one("#attendance-update", Input).value = content.get("update_text", "")
        self._show_rows()

    def apply(self, parts: dict[str, Any], present: list[Participant]) -> None:
        snapshot = self.snapshot()
        parts["kind"] = TacMeetingKind(snapshot["kind"])
        parts["chair_id"] = snapshot["chair"] or None
        parts["minute_taker"] = snapshot["minute_taker"].strip() or None
        attendance = []
        for row in self.rows:
            if not row["status"]:
                continue
            who = self._participant(row["key"])
            attendance.append(Attendance(
                professional_id=who.professional_id, person_id=who.person_id,
                status=AttendanceStatus(row["status"]), update=row["update"],
            ))
        parts["attendance"] = attendance
