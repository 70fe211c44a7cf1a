"""Who is at the keyboard? Asked once, at first start, from the list of professionals."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option


class ActorPicker(ModalScreen["str | None"]):
    """Choose yourself from the professionals; type to narrow the list. Remembered after."""

    CSS_PATH = "actor_picker.tcss"
    BINDINGS = [Binding("escape", "skip", "Not now")]

    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.names = names

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel", id="picker") as box:
            box.border_title = "Who are you?"
            yield Static("Choose your name. TAC records it against every change you make, "
                         "and shows your actions. It remembers you next time.", classes="hint")
            yield Input(placeholder="Type part of your name", id="picker-filter")
            yield OptionList(*[Option(name, id=name) for name in self.names], id="picker-list",
                             markup=False)

    def on_mount(self) -> None:
        self.query_one("#picker-filter", Input).focus()

    @on(Input.Changed, "#picker-filter")
    def _narrow(self, event: Input.Changed) -> None:
        wanted = event.value.casefold().strip()
        shown = [n for n in self.names if wanted in n.casefold()]
        options = self.query_one("#picker-list", OptionList)
        options.set_options(Option(name, id=name) for name in shown)
        if shown:
            options.highlighted = 0

    @on(Input.Submitted, "#picker-filter")
    def _take_highlighted(self) -> None:
        options = self.query_one("#picker-list", OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def key_down(self) -> None:
        self.query_one("#picker-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#picker-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)

    def action_skip(self) -> None:
        self.dismiss(None)
