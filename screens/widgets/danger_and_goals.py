"""Danger statements (what everyone fears will happen if nothing changes) and safety
goals (what the family will be doing instead), each goal paired with a statement."""

from __future__ import annotations

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from screens.widgets.assessment_columns import EntryInput
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
from tac.models import (
    HEADLINE_OUTCOME_LABELS,
    NEED_MET_LABELS,
    DangerStatement,
    Need,
    SafetyGoal,
    TacMeetingKind,
)
from tac.outcomes import next_headline_outcome, next_need_met, why_met_cannot_be_said


def _with_outcome(line: Text, need: Need) -> Text:
    """The need's line, with its headline outcome and, at a closure, whether it was met."""
    if need.headline_outcome is not None:
        line.append(f"\nOutcome: {HEADLINE_OUTCOME_LABELS[need.headline_outcome]}",
                    style="italic")
        if need.met is not None:
            line.append(f" · {NEED_MET_LABELS[need.met]}", style="bold")
    return line


# Named in the step's hint line, not the footer: there they would push Save off its end.
HEADLINE_OUTCOME = Binding("h", "command('outcome')", "Outcome", show=False)
NEED_MET = Binding("m", "command('met')", "Met?", show=False)


class StatementList(ItemList):
    BINDINGS = [Binding("f", "command('family_disagrees')", "Family's view"), RETIRE_WORRY,
                HEADLINE_OUTCOME]


class GoalList(ItemList):
    BINDINGS = [
        Binding("p", "command('pair')", "Pair"),
        Binding("s", "command('score')", "Score"),
        RETIRE,
        HEADLINE_OUTCOME,
    ]


class ClosingStatementList(StatementList):
    """At a closure: each tagged need is also marked met, partly met or not met."""

    BINDINGS = [NEED_MET]


class ClosingGoalList(GoalList):
    BINDINGS = [NEED_MET]


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
        self.statements: list[DangerStatement] = []
        self.goals: list[SafetyGoal] = []
        self.editing: Entry | None = None  # the list, the item and the field being typed

    def compose(self) -> ComposeResult:
        closing = self.context.kind is TacMeetingKind.CLOSURE
        yield Label("n new · e edit · shift+↑/↓ move · f where the family disagrees · "
                    "p pair a goal with a statement · s the goal's own 0-10 scale · "
                    "r retire what was carried forward (again: keep it) · "
                    "h the Supporting Families headline outcome it serves"
                    + (" · m met, partly met or not met" if closing else ""),
                    classes="step-hint")
        with Horizontal(id="danger-goal-lists"):
            with Vertical(classes="column-box"):
                yield Label("Danger statements: who is worried, about what, and what might "
                            "happen", classes="column-title")
                yield (ClosingStatementList if closing else StatementList)(id="statements")
            with Vertical(classes="column-box"):
                yield Label("Safety goals: what the family will be doing instead",
                            classes="column-title")
                yield (ClosingGoalList if closing else GoalList)(id="goals")
        with Horizontal(classes="form-row"):
            yield Label("", classes="form-label", id="danger-entry-label")
            yield EntryInput(placeholder="press n in a list to add to it", compact=True,
                             id="danger-entry")
        yield Static("", classes="field-error")

    def on_mount(self) -> None:
        self.query_one(".field-error").display = False
        self._show()

    def _rows(self, which: str) -> list[DangerStatement] | list[SafetyGoal]:
        return self.statements if which == "statements" else self.goals

    def _show(self) -> None:
        previous = self.context.previous
        number = {s.id: i + 1 for i, s in enumerate(self.statements)}
        statements = []
        for i, statement in enumerate(self.statements):
            line = with_carried_mark(Text(f"{i + 1}. {statement.text}"), statement, previous)
            if statement.family_disagrees:
                line.append(f"\nThe family's view: {statement.family_disagrees}",
                            style="italic")
            statements.append(_with_outcome(line, statement))
        self.query_one("#statements", ItemList).show_items(statements)
        prompts = []
        for goal in self.goals:
            line = Text(goal.text)
            if goal.danger_statement_id in number:
                line.append(f"  (goal for statement {number[goal.danger_statement_id]})",
                            style="italic")
            if goal.score is not None:
                line.append(f"  scaled {goal.score}/10", style="bold")
            prompts.append(_with_outcome(with_carried_mark(line, goal, previous), goal))
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
        elif event.command == "remove" and row and row.carried:
            self.show_error(why_not_removed(row))
        elif event.command == "retire" and row:
            refusal = retire_or_say_why(row)
            self.show_error(refusal)
            if not refusal:
                self._show()
                event.item_list.highlighted = event.index
                self.changed()
        elif event.command == "remove" and row:
            rows.remove(row)
            for goal in self.goals:
                if goal.danger_statement_id == row.id:
                    goal.danger_statement_id = None
            self._show()
            self.changed()
        elif event.command in ("up", "down") and row:
            target = event.index + (-1 if event.command == "up" else 1)
            if 0 <= target < len(rows):
                rows[event.index], rows[target] = rows[target], rows[event.index]
                self._show()
                event.item_list.highlighted = target
                self.changed()
        elif event.command == "outcome" and row:
            row.headline_outcome = next_headline_outcome(row.headline_outcome)
            if row.headline_outcome is None:
                row.met = None
            self._shown_again(event)
        elif event.command == "met" and row:
            refusal = why_met_cannot_be_said(row, self.context.kind is TacMeetingKind.CLOSURE)
            self.show_error(refusal or "")
            if not refusal:
                row.met = next_need_met(row.met)
                self._shown_again(event)
        elif event.command == "pair" and isinstance(row, SafetyGoal):
            ids = [None, *(s.id for s in self.statements)]
            now = ids.index(row.danger_statement_id) if row.danger_statement_id in ids else 0
            row.danger_statement_id = ids[(now + 1) % len(ids)]
            self._show()
            self.changed()

    def _shown_again(self, event: ItemList.Command) -> None:
        self._show()
        event.item_list.highlighted = event.index
        self.changed()

    @on(ItemList.OptionSelected)
    def _enter_edits(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        if isinstance(event.option_list, ItemList):
            event.option_list.action_command("edit")

    def _start_entry(
        self, which: str, row: DangerStatement | SafetyGoal | None, field: str = "text"
    ) -> None:
        self.editing = Entry(into=which, edits=row.id if row else "", field=field)
        entry = self.query_one("#danger-entry", EntryInput)
        value = getattr(row, field) if row else None
        entry.value = "" if value is None else str(value)
        self._label_entry()
        entry.focus()

    def _label_entry(self) -> None:
        label = self.query_one("#danger-entry-label", Label)
        if self.editing is None:
            label.update("")
            return
        field = self.editing.field or "text"
        what = ENTRY_LABELS[(self.editing.into, field)]
        if field != "text":
            label.update(what)
        else:
            label.update(f"{'Edit' if self.editing.edits else 'New'}: {what}")

    @on(EntryInput.Submitted, "#danger-entry")
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        if self.editing is None:
            self.show_error("Press n in a list first, to choose where it goes.")
            return
        which = self.editing.into
        field = self.editing.field or "text"
        rows = self._rows(which)
        row = next((r for r in rows if r.id == self.editing.edits), None)
        value = event.value.strip() if field == "score" else event.value
        model = DangerStatement if which == "statements" else SafetyGoal
        try:
            # The model checks the field being typed, with the item's other fields as kept.
            kept = {"text": row.text} if row else {}
            checked = None if field == "score" and value == "" else value
            typed = model(**{**kept, field: checked})
        except ValidationError as error:
            name = "danger statement" if which == "statements" else "safety goal"
            self.show_error(f"{name} {describe_validation_error(error)}")
            return
        self.show_error("")
        if row is not None:
            setattr(row, field, getattr(typed, field))
        else:
            row = typed
            if isinstance(row, SafetyGoal):
                # A new goal answers the statement of the same number, until paired otherwise.
                index = len(self.goals)
                if index < len(self.statements):
                    row.danger_statement_id = self.statements[index].id
            rows.append(row)  # type: ignore[arg-type]
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
        which = self.editing.into if self.editing else "statements"
        self.editing = None
        self.query_one("#danger-entry", EntryInput).value = ""
        self._label_entry()
        self.query_one(f"#{which}", ItemList).focus()

    def focus_first(self) -> None:
        self.query_one("#statements", ItemList).focus()

    def apply(self, draft: TacMeetingDraft) -> None:
        draft.danger_statements = [s.model_copy() for s in self.statements]
        draft.safety_goals = [g.model_copy() for g in self.goals]
        entry = self.editing or Entry()
        draft.entries[self.step_id] = entry.model_copy(
            update={"text": self.query_one("#danger-entry", EntryInput).value}
        )

    def restore(self, draft: TacMeetingDraft) -> None:
        self.statements = [s.model_copy() for s in draft.danger_statements]
        self.goals = [g.model_copy() for g in draft.safety_goals]
        entry = draft.entries.get(self.step_id, Entry())
        self.editing = entry.model_copy(update={"text": ""}) if entry.into else None
        self.query_one("#danger-entry", EntryInput).value = entry.text
        self._label_entry()
        self._show()
