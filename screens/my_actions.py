"""My actions: the person at the keyboard's actions across families, overdue first.

Each change (a progress note, done, reassigned) is made on the copy the screen read, so
if someone else changed the action meanwhile the store refuses with a conflict that says
who, rather than overwriting their work. After a save the list is read again from the
store, so what is shown is what was saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from screens.widgets.store_screen import StoreScreen

if TYPE_CHECKING:
    from screens.widgets.action_forms import ActionUpdate
    from tac.models import Action, Professional
    from tac.settings import Settings


@dataclass
class MyActions:
    me: Professional | None
    actions: list[Action]
    family_names: dict[str, str]
    professionals: list[Professional]
    settings: Settings
    carried_over: dict[str, int]
    """Reviews each action was carried over from (`rules.times_carried_over`)."""


class MyActionsScreen(StoreScreen):
    """A lead professional's actions: add a progress note, mark done, reassign."""

    CSS_PATH = "my_actions.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("n", "note", "Progress note"),
        Binding("d", "done", "Mark done"),
        Binding("r", "reassign", "Reassign"),
        Binding("b", "change_due_date", "Due date"),
        Binding("o", "open_family", "Open family"),
        Binding("t", "toggle_done", "Show done"),
    ]

    def __init__(self, action_id: str | None = None) -> None:
        super().__init__()
        self.wanted_action = action_id
        self.show_done = False
        self.mine: MyActions | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        # Both name the person at the keyboard, shown as typed, never read as markup.
        yield Static("My actions", id="my-title", classes="screen-title", markup=False)
        yield Static("", id="my-count", classes="hint", markup=False)
        table: DataTable = DataTable(id="actions", cursor_type="row", zebra_stripes=True)
        # Fixed widths fit 100 columns; long actions and notes are cut, not wrapped.
        table.add_column("State", key="state", width=13)
        table.add_column("By", key="due", width=10)
        table.add_column("Family", key="family", width=18)
        table.add_column("Action", key="what", width=29)
        table.add_column("Last note", key="note", width=16)
        yield table
        yield Static("", id="my-detail", classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#actions", DataTable).focus()

    def reload(self) -> None:
        self._read(self.tac.actor)

    def select_action(self, action_id: str) -> None:
        """Put the cursor on this action (once the list has it)."""
        self.wanted_action = action_id
        self._move_to_wanted()

    def action_toggle_done(self) -> None:
        self.show_done = not self.show_done
        if self.mine is not None:
            self._show(self.mine)

    @work(thread=True, exclusive=True, group="my-actions")
    def _read(self, actor: str | None) -> None:
        from tac import rules
        from tac.models import Family, MeetingStatus

        assert self.store is not None
        professionals = self.store.professionals()
        wanted = " ".join((actor or "").split()).casefold()
        me = next((p for p in professionals if p.name.casefold() == wanted), None)
        actions = self.store.actions(professional_id=me.id) if me else []
        families = {a.family_id for a in actions}
        names = {fid: self.store.get(Family, fid).display_name() for fid in families}
        carried_over: dict[str, int] = {}
        for fid in families:
            carried_over |= rules.times_carried_over(
                self.store.tac_meetings(family_id=fid, status=MeetingStatus.FINISHED))
        self.app.call_from_thread(self._show, MyActions(me, actions, names, professionals,
                                                        self.store.settings(), carried_over))

    def _show(self, mine: MyActions) -> None:
        if not self.is_mounted:
            return
        from screens.widgets.family_panels import action_state
        from tac import rules
        from tac.dates import form_date
        from tac.models import ActionStatus

        self.mine = mine
        today = self.tac.today
        who = mine.me.name if mine.me else (self.tac.actor or "nobody")
        self.query_one("#my-title", Static).update(f"My actions · {who}")
        open_ones = [a for a in mine.actions if a.status is ActionStatus.OPEN]
        soon_days = mine.settings.due_soon_days
        overdue = sum(1 for a in open_ones if rules.is_overdue(a, today))
        soon = sum(1 for a in open_ones if rules.is_due_soon(a, today, within_days=soon_days))
        done = [a for a in mine.actions if a.status is not ActionStatus.OPEN]
        # Overdue first (longest overdue at the top), then by the date they are due.
        shown = sorted(open_ones, key=lambda a: a.due_on)
        if self.show_done:
            shown += sorted(done, key=lambda a: a.completed_on or a.due_on, reverse=True)
        table = self.query_one("#actions", DataTable)
        table.clear()
        for action in shown:
            last = action.progress[-1] if action.progress else None
            note = f"{form_date(last.on)} {last.text}" if last else ""
            what = action.what.replace("\n", " ")
            if times := mine.carried_over.get(action.id, 0):
                what = f"{what} ({rules.carried_over_label(times)})"
            # Text, not str: a DataTable reads a str cell as markup.
            table.add_row(
                action_state(action, today, soon_days), Text(form_date(action.due_on)),
                Text(mine.family_names.get(action.family_id, "").removesuffix(" family")),
                Text(what), Text(note.replace("\n", " ")),
                key=action.id,
            )
        if mine.me is None:
            count = (f"{who} is not in the list of professionals, so has no actions here. "
                     "Sign in as yourself: tac --user NAME.")
        else:
            count = (f"{len(open_ones)} open, {overdue} overdue, {soon} due soon, "
                     f"{len(done)} done or cancelled")
            count += "  ·  t hides done" if self.show_done else "  ·  t shows done"
        self.query_one("#my-count", Static).update(count)
        self._move_to_wanted()
        self._show_detail()

    @on(DataTable.RowHighlighted, "#actions")
    def _show_detail(self) -> None:
        """The highlighted action's due date, as changed and why, and how often carried over."""
        from screens.widgets.family_panels import action_detail

        action = self._current()
        detail = "" if action is None or self.mine is None else action_detail(
            action, self.mine.carried_over.get(action.id, 0))
        self.query_one("#my-detail", Static).update(detail)

    def _move_to_wanted(self) -> None:
        table = self.query_one("#actions", DataTable)
        if self.wanted_action and self.wanted_action in {k.value for k in table.rows}:
            table.move_cursor(row=table.get_row_index(self.wanted_action))
            self.wanted_action = None

    def _current(self) -> Action | None:
        table = self.query_one("#actions", DataTable)
        if self.mine is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((a for a in self.mine.actions if a.id == key), None)

    # --- changes ------------------------------------------------------------------------

    def action_note(self) -> None:
        from screens.widgets.action_forms import ProgressNoteForm

        action = self._current()
        if action is not None:
            self.app.push_screen(ProgressNoteForm(action.what),
                                 lambda update: self._apply(action, update, "note"))

    def action_done(self) -> None:
        from screens.widgets.action_forms import DoneForm
        from tac.models import ActionStatus

        action = self._current()
        if action is None:
            return
        if action.status is not ActionStatus.OPEN:
            self.notify("This action is already closed.", severity="warning")
            return
        self.app.push_screen(DoneForm(action.what),
                             lambda update: self._apply(action, update, "done"))

    def action_reassign(self) -> None:
        from screens.widgets.action_forms import ReassignForm

        action = self._current()
        if action is None or self.mine is None:
            return
        # Someone who has left is not given new work.
        others = [(p.name, p.id) for p in self.mine.professionals
                  if p.id != action.professional_id and p.active]
        self.app.push_screen(ReassignForm(action.what, others),
                             lambda update: self._apply(action, update, "reassign"))

    def action_change_due_date(self) -> None:
        from screens.widgets.due_date import DueDateForm
        from tac.dates import form_date
        from tac.models import ActionStatus

        action = self._current()
        if action is None or self.store is None:
            return
        if action.status is not ActionStatus.OPEN:
            self.notify("This action is closed: its due date stays as it was.", severity="warning")
            return

        def moved(saved: Action | None) -> None:
            if saved is not None:
                self.notify(f"Due date changed to {form_date(saved.due_on)}.")
                self.wanted_action = saved.id
                self.reload()

        self.app.push_screen(DueDateForm(self.store, action, self.tac.today), moved)

    def action_open_family(self) -> None:
        action = self._current()
        if action is not None:
            self.tac.action_open_family(action.family_id)

    @on(DataTable.RowSelected, "#actions")
    def _row_chosen(self) -> None:
        self.action_open_family()

    def _apply(self, action: Action, update: ActionUpdate | None, kind: str) -> None:
        if update is None or self.mine is None:
            return
        from pydantic import ValidationError

        from tac.errors import describe_validation_error

        names = {p.id: p.name for p in self.mine.professionals}
        change = _changes(kind, update, names, self.tac.today, self.tac.actor or "")
        edited = action.model_copy(deep=True)
        try:
            change(edited)
        except ValidationError as error:
            self.notify(describe_validation_error(error), title="Not saved",
                        severity="error", markup=False)
            return
        self._save(edited, kind)

    @work(thread=True, group="my-actions-save")
    def _save(self, action: Action, kind: str) -> None:
        from tac.errors import TacError

        assert self.store is not None
        try:
            self.store.save(action)
        except TacError as error:
            # A conflict names who changed the action: shown as typed, never as markup.
            self.app.call_from_thread(self.notify, str(error), title=error.title,
                                      severity="error", markup=False)
        else:
            done = {"note": "Progress note saved.", "done": "Marked done.",
                    "reassign": "Reassigned."}[kind]
            self.app.call_from_thread(self.notify, done)
        self.app.call_from_thread(self.reload)


def _changes(
    kind: str, update: ActionUpdate, names: dict[str, str], today: date, actor: str
) -> Callable[[Action], None]:
    """How `kind` changes an action; the model checks each assignment."""
    from tac.models import ActionStatus, ProgressNote

    def add_note(action: Action, text: str) -> None:
        if text:
            action.progress = [*action.progress, ProgressNote(on=today, by=actor, text=text)]

    def note(action: Action) -> None:
        add_note(action, update.note)

    def done(action: Action) -> None:
        add_note(action, update.note)
        action.completed_on = today
        action.status = ActionStatus.DONE

    def reassign(action: Action) -> None:
        before = names.get(action.professional_id or "", "nobody")
        after = names.get(update.professional_id or "", "someone")
        reason = f": {update.note}" if update.note else ""
        add_note(action, f"Reassigned from {before} to {after}{reason}")
        action.professional_id = update.professional_id

    return {"note": note, "done": done, "reassign": reassign}[kind]
