"""Danger statements (what everyone fears will happen if nothing changes) and safety
goals (what the family will be doing instead), each goal paired with a statement."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from screens.widgets.assessment_columns import EntryInput
from screens.widgets.meeting_item_list import ItemList
from screens.widgets.meeting_step import MeetingStep, Participant
from tac.errors import describe_validation_error
from tac.models import DangerStatement, SafetyGoal, new_id


class StatementList(ItemList):
    BINDINGS = [Binding("f", "command('family_disagrees')", "Family's view")]


class GoalList(ItemList):
    BINDINGS = [
        Binding("p", "command('pair')", "Pair"),
        Binding("s", "command('score')", "Score"),
    ]


ENTRY_LABELS = {
    ("statements", "text"): "Danger",
    ("statements", "family_disagrees"): "Family's view",
    ("goals", "text"): "Goal",
    ("goals", "score"): "Goal 0-10",
}


class DangerAndGoalsStep(MeetingStep):
    step_id = "danger"
    title = "Danger and goals"

    def __init__(self, context) -> None:
        super().__init__(context)
        self.statements: list[dict[str, str]] = []
        self.goals: list[dict[str, str]] = []
        self.editing: dict[str, str] | None = None

    def compose(self) -> ComposeResult:
        yield Label("n new · e edit · shift+↑/↓ move · f where the family disagrees · "
                    "p pair a goal with a statement · s the goal's own 0-10 scale",
                    classes="step-hint")
        with Horizontal(id="danger-goal-lists"):
            with Vertical(classes="column-box"):
                yield Label("Danger statements: who is worried, about what, and what might "
                            "happen", classes="column-title")
                yield StatementList(id="statements")
            with Vertical(classes="column-box"):
                yield Label("Safety goals: what the family will be doing instead",
                            classes="column-title")
                yield GoalList(id="goals")
        with Horizontal(classes="form-row"):
            yield Label("", classes="form-label", id="danger-entry-label")
            yield EntryInput(placeholder="press n in a list to add to it", compact=True,
                             id="danger-entry")
        yield Static("", classes="field-error")

    def on_mount(self) -> None:
        self.query_one(".field-error").display = False
        self._show()

    def _rows(self, which: str) -> list[dict[str, str]]:
        return self.statements if which == "statements" else self.goals

    def _show(self) -> None:
        number = {s["id"]: i + 1 for i, s in enumerate(self.statements)}
        statements = []
        for i, statement in enumerate(self.statements):
            line = Text(f"{i + 1}. {statement['text']}")
            if statement.get("family_disagrees"):
                line.append(f"\nThe family's view: {statement['family_disagrees']}",
                            style="italic")
            statements.append(line)
        self.query_one("#statements", ItemList).show_items(statements)
        prompts = []
        for goal in self.goals:
            line = Text(goal["text"])
            if goal.get("pairs") in number:
                line.append(f"  (goal for statement {number[goal['pairs']]})", style="italic")
            if goal.get("score"):
                line.append(f"  scaled {goal['score']}/10", style="bold")
            prompts.append(line)
        self.query_one("#goals", GoalList).show_items(prompts)

    @on(ItemList.Command)
    def _command(self, event: ItemList.Command) -> None:
        event.stop()
        which = event.item_list.id or "statements"
        rows = self._rows(which)
        row = rows[event.index] if event.index is not None else None
        if event.command == "new":
            self._start_entry(which, None)
        elif event.command == "edit" and row:
            self._start_entry(which, row)
        elif event.command in ("family_disagrees", "score") and row:
            self._start_entry(which, row, event.command)
        elif event.command == "remove" and row:
            rows.remove(row)
            for goal in self.goals:
                if goal.get("pairs") == row["id"]:
                    goal["pairs"] = ""
            self._show()
            self.changed()
        elif event.command in ("up", "down") and row:
            target = event.index + (-1 if event.command == "up" else 1)
            if 0 <= target < len(rows):
                rows[event.index], rows[target] = rows[target], rows[event.index]
                self._show()
                event.item_list.highlighted = target
                self.changed()
        elif event.command == "pair" and row:
            ids = ["", *(s["id"] for s in self.statements)]
            now = ids.index(row.get("pairs", "")) if row.get("pairs", "") in ids else 0
            row["pairs"] = ids[(now + 1) % len(ids)]
            self._show()
            self.changed()

    @on(ItemList.OptionSelected)
    def _enter_edits(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option_list, ItemList):
            event.option_list.action_command("edit")

    def _start_entry(self, which: str, row: dict[str, str] | None, field: str = "text") -> None:
        self.editing = {"list": which, "id": row["id"] if row else "", "field": field}
        entry = self.query_one("#danger-entry", EntryInput)
        entry.value = row.get(field, "") if row else ""
        self._label_entry()
        entry.focus()

    def _label_entry(self) -> None:
        label = self.query_one("#danger-entry-label", Label)
        if self.editing is None:
            label.update("")
            return
        field = self.editing.get("field", "text")
        what = ENTRY_LABELS[(self.editing["list"], field)]
        if field != "text":
            label.update(what)
        else:
            label.update(f"{'Edit' if self.editing['id'] else 'New'}: {what}")

    @on(EntryInput.Submitted, "#danger-entry")
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        if self.editing is None:
            self.show_error("Press n in a list first, to choose where it goes.")
            return
        which = self.editing["list"]
        field = self.editing.get("field", "text")
        rows = self._rows(which)
        row = next((r for r in rows if r["id"] == self.editing["id"]), None)
        value = event.value.strip() if field == "score" else event.value
        model = DangerStatement if which == "statements" else SafetyGoal
        try:
            # The model checks the field being typed, with the item's other fields as kept.
            kept = {"text": row["text"]} if row else {}
            checked = None if field == "score" and value == "" else value
            model(**{**kept, field: checked})
        except ValidationError as error:
            name = "danger statement" if which == "statements" else "safety goal"
            self.show_error(f"{name} {describe_validation_error(error)}")
            return
        self.show_error("")
        if row is not None:
            row[field] = value
        else:
            row = {"id": new_id(), "text": event.value}
            if which == "goals":
                # A new goal answers the statement of the same number, until paired otherwise.
                index = len(self.goals)
                row["pairs"] = self.statements[index]["id"] if index < len(self.statements) else ""
            rows.append(row)
        self.editing = None
        event.input.value = ""
        self._label_entry()
        self._show()
        listing = self.query_one(f"#{which}", ItemList)
        listing.highlighted = rows.index(row)
        listing.focus()
        self.changed()

    @on(EntryInput.Cancelled, "#danger-entry")
    def _cancelled(self) -> None:
        which = self.editing["list"] if self.editing else "statements"
        self.editing = None
        self.query_one("#danger-entry", EntryInput).value = ""
        self._label_entry()
        self.query_one(f"#{which}", ItemList).focus()

    def focus_first(self) -> None:
        self.query_one("#statements", ItemList).focus()

    def snapshot(self) -> dict[str, Any]:
        return {
            "statements": [dict(s) for s in self.statements],
            "goals": [dict(g) for g in self.goals],
            "editing": self.editing,
            "entry": self.query_one("#danger-entry", EntryInput).value,
        }

    def restore(self, content: dict[str, Any]) -> None:
        self.statements = [dict(s) for s in content.get("statements", [])]
        self.goals = [dict(g) for g in content.get("goals", [])]
        self.editing = content.get("editing")
        self.query_one("#danger-entry", EntryInput).value = content.get("entry", "")
        self._label_entry()
        self._show()

    def apply(self, parts: dict[str, Any], present: list[Participant]) -> None:
        statement_ids = {s["id"] for s in self.statements}
        parts["danger_statements"] = [
            DangerStatement(id=s["id"], text=s["text"],
                            family_disagrees=s.get("family_disagrees", ""))
            for s in self.statements
        ]
        parts["safety_goals"] = [
            SafetyGoal(
                id=g["id"], text=g["text"],
                danger_statement_id=g["pairs"] if g.get("pairs") in statement_ids else None,
                score=int(g["score"]) if g.get("score") else None,
            )
            for g in self.goals
        ]
