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

MOVE_KEYS = Binding.Group("Move")


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
