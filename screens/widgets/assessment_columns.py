"""The Signs of Safety assessment in three columns: what are we worried about, what's
working well, what needs to happen. Items are added, edited, moved up and down and
between columns by keyboard."""

from __future__ import annotations

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from screens.widgets.meeting_item_list import (
    RETIRE,
    RETIRE_WORRY,
    ItemList,
    retire_or_say_why,
    why_not_removed,
    with_carried_mark,
)
from screens.widgets.meeting_step import MeetingStep
from tac.errors import describe_validation_error
from tac.meetings.tac_draft import Entry, TacMeetingDraft
from tac.models import COLUMN_LABELS, WORRY_CATEGORY_LABELS, AssessmentItem, Column, WorryCategory

COLUMNS = list(Column)
COLUMN_KEYS = Binding.Group("Column")
ACROSS_KEYS = Binding.Group("Move across")
WORRY_CATEGORIES: list[WorryCategory | None] = [None, *WorryCategory]


class EntryInput(Input):
    """Where an item is typed; Enter keeps it, Escape drops what was typed."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    class Cancelled(Message):
        def __init__(self, entry: EntryInput) -> None:
            super().__init__()
            self.entry = entry

        @property
        def control(self) -> EntryInput:
            return self.entry

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled(self))


class AssessmentColumn(ItemList):
    """One column; the arrows beside it reach the other two."""

    BINDINGS = [
        Binding("left", "command('left')", "Left", group=COLUMN_KEYS, key_display="←"),
        Binding("right", "command('right')", "Right", group=COLUMN_KEYS, key_display="→"),
        Binding("shift+left", "command('move_left')", "To left", group=ACROSS_KEYS,
                key_display="⇧←"),
        Binding("shift+right", "command('move_right')", "To right", group=ACROSS_KEYS,
                key_display="⇧→"),
    ]

    def __init__(self, column: Column) -> None:
        super().__init__(id=f"col-{column.value}", classes="assessment-column")
        self.column = column


class PlanColumn(AssessmentColumn):
    """What's working well and what needs to happen: a carried item may be retired."""

    BINDINGS = [RETIRE]


class WorriesColumn(AssessmentColumn):
    BINDINGS = [Binding("k", "command('kind')", "Category"), RETIRE_WORRY]


class AssessmentStep(MeetingStep):
    step_id = "assessment"
    title = "Signs of Safety"

    def __init__(self, context) -> None:
        super().__init__(context)
        self.items: list[AssessmentItem] = []
        self.editing: Entry | None = None  # the column it goes into, and the item it edits

    def compose(self) -> ComposeResult:
        yield Label("n new · e edit · shift+arrows move · ←/→ other column · k category of worry"
                    " · r retire what was carried forward (again: keep it)", classes="step-hint")
        with Horizontal(id="columns"):
            for column in COLUMNS:
                with Vertical(classes="column-box"):
                    yield Label(COLUMN_LABELS[column], classes="column-title")
                    make = WorriesColumn if column is Column.WORRIES else PlanColumn
                    yield make(column)
        with Horizontal(classes="form-row"):
            yield Label("", classes="form-label", id="entry-label")
            yield EntryInput(placeholder="press n in a column to add to it", compact=True,
                             id="assessment-entry")
        yield Static("", classes="field-error")

    def on_mount(self) -> None:
        self.query_one(".field-error").display = False
        self._show()

    def column_list(self, column: Column) -> AssessmentColumn:
        return self.query_one(f"#col-{column.value}", AssessmentColumn)

    def in_column(self, column: Column) -> list[AssessmentItem]:
        return [item for item in self.items if item.column is column]

    def _show(self, focus_id: str | None = None) -> None:
        for column in COLUMNS:
            items = self.in_column(column)
            prompts = []
            for item in items:
                line = Text()
                if item.category:
                    line.append(f"{WORRY_CATEGORY_LABELS[item.category]}: ", style="bold")
                line.append(item.text)
                prompts.append(with_carried_mark(line, item, self.context.previous))
            index = next((i for i, it in enumerate(items) if it.id == focus_id), None)
            self.column_list(column).show_items(prompts, index)

    def _focus_item(self, item_id: str) -> None:
        item = next(it for it in self.items if it.id == item_id)
        self._show(item_id)
        self.column_list(item.column).focus()

    # --- keys on a column -----------------------------------------------------------------

    @on(ItemList.Command)
    def _command(self, event: ItemList.Command) -> None:
        event.stop()
        assert isinstance(event.item_list, AssessmentColumn)
        column = event.item_list.column
        items = self.in_column(column)
        item = items[event.index] if event.index is not None else None
        position = COLUMNS.index(column)
        if event.command == "new":
            self._start_entry(column, None)
        elif event.command == "edit" and item:
            self._start_entry(column, item)
        elif event.command == "remove" and item and item.carried:
            self.show_error(why_not_removed(item))
        elif event.command == "remove" and item:
            self.items.remove(item)
            self._show()
            self.changed()
        elif event.command == "retire" and item:
            refusal = retire_or_say_why(item)
            self.show_error(refusal)
            if not refusal:
                self._focus_item(item.id)
                self.changed()
        elif event.command in ("up", "down") and item:
            step = -1 if event.command == "up" else 1
            target = event.index + step
            if 0 <= target < len(items):
                a, b = self.items.index(item), self.items.index(items[target])
                self.items[a], self.items[b] = self.items[b], self.items[a]
                self._focus_item(item.id)
                self.changed()
        elif event.command in ("left", "right"):
            step = -1 if event.command == "left" else 1
            self.column_list(COLUMNS[(position + step) % len(COLUMNS)]).focus()
        elif event.command in ("move_left", "move_right") and item:
            step = -1 if event.command == "move_left" else 1
            target = position + step
            if 0 <= target < len(COLUMNS):
                self.items.remove(item)
                # Past harm, future danger and complicating factors stay with the worries.
                keeps = COLUMNS[target] is Column.WORRIES
                moved = item.model_copy(update={
                    "column": COLUMNS[target], "category": item.category if keeps else None,
                })
                self.items.append(moved)
                self._focus_item(moved.id)
                self.changed()
        elif event.command == "kind" and item:
            now = WORRY_CATEGORIES.index(item.category)
            item.category = WORRY_CATEGORIES[(now + 1) % len(WORRY_CATEGORIES)]
            self._focus_item(item.id)
            self.changed()

    @on(ItemList.OptionSelected)
    def _enter_edits(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option_list, AssessmentColumn):
            event.option_list.action_command("edit")

    # --- typing an item -------------------------------------------------------------------

    def _start_entry(self, column: Column, item: AssessmentItem | None) -> None:
        self.editing = Entry(into=column.value, edits=item.id if item else "")
        entry = self.query_one("#assessment-entry", EntryInput)
        entry.value = item.text if item else ""
        self._label_entry()
        entry.focus()

    def _label_entry(self) -> None:
        label = self.query_one("#entry-label", Label)
        if self.editing is None:
            label.update("")
            return
        short = {"worries": "Worry", "working_well": "Working", "next_steps": "Needs"}
        verb = "Edit" if self.editing.edits else "New"
        label.update(f"{verb}: {short[self.editing.into]}")

    @on(EntryInput.Submitted, "#assessment-entry")
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        if self.editing is None:
            self.show_error("Press n in a column first, to choose where the item goes.")
            return
        column = Column(self.editing.into)
        try:
            typed = AssessmentItem(column=column, text=event.value)
        except ValidationError as error:
            self.show_error(f"{COLUMN_LABELS[column]} {describe_validation_error(error)}")
            return
        self.show_error("")
        if self.editing.edits:
            item = next(it for it in self.items if it.id == self.editing.edits)
            item.text = typed.text
        else:
            item = typed
            self.items.append(item)
        self.editing = None
        event.input.value = ""
        self._label_entry()
        self._focus_item(item.id)
        self.changed()

    @on(EntryInput.Cancelled, "#assessment-entry")
    def _cancelled(self) -> None:
        column = Column(self.editing.into) if self.editing else Column.WORRIES
        self.editing = None
        self.query_one("#assessment-entry", EntryInput).value = ""
        self._label_entry()
        self.column_list(column).focus()

    # --- what the meeting keeps -------------------------------------------------------------

    def focus_first(self) -> None:
        self.column_list(Column.WORRIES).focus()

    def apply(self, draft: TacMeetingDraft) -> None:
        draft.assessment = [item.model_copy() for item in self.items]
        entry = self.editing or Entry()
        draft.entries[self.step_id] = entry.model_copy(
            update={"text": self.query_one("#assessment-entry", EntryInput).value}
        )

    def restore(self, draft: TacMeetingDraft) -> None:
        self.items = [item.model_copy() for item in draft.assessment]
        entry = draft.entries.get(self.step_id, Entry())
        self.editing = entry.model_copy(update={"text": ""}) if entry.into else None
        self.query_one("#assessment-entry", EntryInput).value = entry.text
        self._label_entry()
        self._show()
