"""The Signs of Safety assessment in three columns: what are we worried about, what's
working well, what needs to happen. Items are added, edited, moved up and down and
between columns by keyboard."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Static

from screens.widgets.meeting_item_list import ItemList
from screens.widgets.meeting_step import MeetingStep, Participant
from tac.errors import describe_validation_error
from tac.models import COLUMN_LABELS, WORRY_CATEGORY_LABELS, AssessmentItem, Column, WorryCategory, new_id

COLUMNS = list(Column)
COLUMN_KEYS = Binding.Group("Column")
ACROSS_KEYS = Binding.Group("Move across")
WORRY_CATEGORIES: list[str] = ["", *(kind.value for kind in WorryCategory)]


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


class WorriesColumn(AssessmentColumn):
    BINDINGS = [Binding("k", "command('kind')", "Category")]


class AssessmentStep(MeetingStep):
    step_id = "assessment"
    title = "Signs of Safety"

    def __init__(self, context) -> None:
        super().__init__(context)
        self.items: list[dict[str, str]] = []
        self.editing: dict[str, str] | None = None

    def compose(self) -> ComposeResult:
        yield Label("n new · e edit · shift+arrows move · ←/→ other column · k category of worry",
                    classes="step-hint")
        with Horizontal(id="columns"):
            for column in COLUMNS:
                with Vertical(classes="column-box"):
                    yield Label(COLUMN_LABELS[column], classes="column-title")
                    make = WorriesColumn if column is Column.WORRIES else AssessmentColumn
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

    def in_column(self, column: Column) -> list[dict[str, str]]:
        return [item for item in self.items if item["column"] == column.value]

    def _show(self, focus_id: str | None = None) -> None:
        for column in COLUMNS:
            items = self.in_column(column)
            prompts = []
            for item in items:
                line = Text()
                if item.get("category"):
                    line.append(f"{WORRY_CATEGORY_LABELS[WorryCategory(item['category'])]}: ",
                                style="bold")
                line.append(item["text"])
                prompts.append(line)
            index = next((i for i, it in enumerate(items) if it["id"] == focus_id), None)
            self.column_list(column).show_items(prompts, index)

    def _focus_item(self, item_id: str) -> None:
        item = next(it for it in self.items if it["id"] == item_id)
        self._show(item_id)
        self.column_list(Column(item["column"])).focus()

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
        elif event.command == "remove" and item:
            self.items.remove(item)
            self._show()
            self.changed()
        elif event.command in ("up", "down") and item:
            step = -1 if event.command == "up" else 1
            target = event.index + step
            if 0 <= target < len(items):
                a, b = self.items.index(item), self.items.index(items[target])
                self.items[a], self.items[b] = self.items[b], self.items[a]
                self._focus_item(item["id"])
                self.changed()
        elif event.command in ("left", "right"):
            step = -1 if event.command == "left" else 1
            self.column_list(COLUMNS[(position + step) % len(COLUMNS)]).focus()
        elif event.command in ("move_left", "move_right") and item:
            step = -1 if event.command == "move_left" else 1
            target = position + step
            if 0 <= target < len(COLUMNS):
                self.items.remove(item)
                item["column"] = COLUMNS[target].value
                if item["column"] != Column.WORRIES.value:
                    item["category"] = ""
                self.items.append(item)
                self._focus_item(item["id"])
                self.changed()
        elif event.command == "kind" and item:
            now = WORRY_CATEGORIES.index(item.get("category", ""))
            item["category"] = WORRY_CATEGORIES[(now + 1) % len(WORRY_CATEGORIES)]
            self._focus_item(item["id"])
            self.changed()

    @on(ItemList.OptionSelected)
    def _enter_edits(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option_list, AssessmentColumn):
            event.option_list.action_command("edit")

    # --- typing an item -------------------------------------------------------------------

    def _start_entry(self, column: Column, item: dict[str, str] | None) -> None:
        self.editing = {"column": column.value, "id": item["id"] if item else ""}
        entry = self.query_one("#assessment-entry", EntryInput)
        entry.value = item["text"] if item else ""
        self._label_entry()
        entry.focus()

    def _label_entry(self) -> None:
        label = self.query_one("#entry-label", Label)
        if self.editing is None:
            label.update("")
            return
        short = {"worries": "Worry", "working_well": "Working", "next_steps": "Needs"}
        verb = "Edit" if self.editing["id"] else "New"
        label.update(f"{verb}: {short[self.editing['column']]}")

    @on(EntryInput.Submitted, "#assessment-entry")
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        if self.editing is None:
            self.show_error("Press n in a column first, to choose where the item goes.")
            return
        column = Column(self.editing["column"])
        try:
            AssessmentItem(column=column, text=event.value)
        except ValidationError as error:
            self.show_error(f"{COLUMN_LABELS[column]} {describe_validation_error(error)}")
            return
        self.show_error("")
        if self.editing["id"]:
            item = next(it for it in self.items if it["id"] == self.editing["id"])
            item["text"] = event.value
        else:
            item = {"id": new_id(), "column": column.value, "text": event.value,
                    "category": ""}
            self.items.append(item)
        self.editing = None
        event.input.value = ""
        self._label_entry()
        self._focus_item(item["id"])
        self.changed()

    @on(EntryInput.Cancelled, "#assessment-entry")
    def _cancelled(self) -> None:
        column = Column(self.editing["column"]) if self.editing else Column.WORRIES
        self.editing = None
        self.query_one("#assessment-entry", EntryInput).value = ""
        self._label_entry()
        self.column_list(column).focus()

    # --- what the meeting keeps -------------------------------------------------------------

    def focus_first(self) -> None:
        self.column_list(Column.WORRIES).focus()

    def snapshot(self) -> dict[str, Any]:
        return {
            "items": [dict(item) for item in self.items],
            "editing": self.editing,
            "entry": self.query_one("#assessment-entry", EntryInput).value,
        }

    def restore(self, content: dict[str, Any]) -> None:
        self.items = [dict(item) for item in content.get("items", [])]
        self.editing = content.get("editing")
        self.query_one("#assessment-entry", EntryInput).value = content.get("entry", "")
        self._label_entry()
        self._show()

    def apply(self, parts: dict[str, Any], present: list[Participant]) -> None:
        parts["assessment"] = [
            AssessmentItem(
                id=item["id"], column=Column(item["column"]), text=item["text"],
                category=WorryCategory(item["category"]) if item.get("category") else None,
            )
            for item in self.items
        ]
