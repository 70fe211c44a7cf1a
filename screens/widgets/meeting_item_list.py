"""A keyboard list of a meeting's items: the step that owns the items edits them.

The list only shows prompts and turns keys into commands (`ItemList.Command`); the step
holding the items decides what "new", "edit", "remove" and "move" mean for them, so the
same list serves the assessment columns, danger statements, safety goals and actions.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tac.meetings.carry import PlanItem, since_last_time, since_last_time_label
from tac.models import SinceLastTime, TacMeeting

MOVE_KEYS = Binding.Group("Move")

RETIRE_WORRY = Binding("r", "command('retire')", "No longer a worry")
"""On a carried worry or danger statement: no longer a worry (pressed again: kept)."""
RETIRE = Binding("r", "command('retire')", "Retire")
"""On a carried strength, next step or goal: retired (pressed again: kept)."""


def with_carried_mark(line: Text, item: PlanItem, previous: TacMeeting | None) -> Text:
    """`line` marked as the meeting found the item: carried forward (kept or edited), or
    retired (struck through); an item new at this meeting is left as it is."""
    change = since_last_time(item, previous)
    if change is SinceLastTime.NEW:
        return line
    if change is SinceLastTime.RETIRED:
        line.stylize("strike")
        line.append(f"  ({since_last_time_label(item, previous).lower()})", style="italic")
    else:
        edited = ", edited" if change is SinceLastTime.CHANGED else ""
        line.append(f"  (carried forward{edited})", style="italic")
    return line


def retire_or_say_why(item: PlanItem) -> str:
    """Retire a carried item, or keep one retired; for an item added at this meeting,
    the message saying what to do instead (nothing is changed)."""
    if not item.carried:
        return (f"“{item.text[:60]}” was added at this meeting: press Del to remove it. "
                "Only what was carried from the last meeting is retired.")
    item.retired = not item.retired
    return ""


def why_not_removed(item: PlanItem) -> str:
    """Why Del leaves a carried item: it is retired, so the minutes can say so."""
    return (f"“{item.text[:60]}” was carried from the last meeting: press r to retire it "
            "(the minutes will say so), or e to edit it.")


class ItemList(OptionList):
    """Items in the order the meeting put them, with keys to add, edit, remove and move."""

    BINDINGS = [
        Binding("n", "command('new')", "New"),
        Binding("e", "command('edit')", "Edit"),
        Binding("delete,x", "command('remove')", "Remove", key_display="Del"),
        Binding("shift+up", "command('up')", "Up", group=MOVE_KEYS, key_display="⇧↑"),
        Binding("shift+down", "command('down')", "Down", group=MOVE_KEYS, key_display="⇧↓"),
    ]

    class Command(Message):
        """A key asking for something to be done to the highlighted item (or a new one)."""

        def __init__(self, item_list: ItemList, command: str, index: int | None) -> None:
            super().__init__()
            self.item_list = item_list
            self.command = command
            self.index = index

        @property
        def control(self) -> ItemList:
            return self.item_list

    def __init__(self, empty_text: str = "Nothing yet: press n to add", **kwargs) -> None:
        super().__init__(**kwargs)
        self.empty_text = empty_text
        self.item_count = 0

    def show_items(self, prompts: Sequence[str | Text], highlight: int | None = None) -> None:
        """Show these prompts, keeping (or moving) the highlight to `highlight`."""
        keep = self.highlighted if highlight is None else highlight
        self.item_count = len(prompts)
        if prompts:
            self.set_options([Option(prompt) for prompt in prompts])
            self.highlighted = min(keep or 0, len(prompts) - 1)
        else:
            self.set_options([Option(Text(self.empty_text, style="italic"), disabled=True)])

    def action_command(self, command: str) -> None:
        index = self.highlighted if self.item_count else None
        self.post_message(self.Command(self, command, index))
