"""A family's history, for early help managers and auditors: who changed what, who looked
(the record opened, a document written, a dump) and who was refused, oldest first.

The core decides who may read it (`tac.history.family_history`): anyone else is refused
there, and this screen shows the one line that says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from screens.widgets.store_screen import StoreScreen

if TYPE_CHECKING:
    from tac.history import FamilyHistory


class FamilyHistoryScreen(StoreScreen):
    """The history of one family, read when shown."""

    CSS_PATH = "family_history.tcss"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, reference: str, about: str = "") -> None:
        """`about` names the family in the title (`EH-2026-0042 Walsh family`, its
        `display_name`), shown as typed; else the reference does."""
        super().__init__()
        self.reference = reference
        self.about = about
        self.history: FamilyHistory | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"History · {self.about or self.reference}", id="history-title",
                     classes="screen-title", markup=False)
        yield Static("Reading the history...", id="history-count", classes="hint", markup=False)
        yield Static("", id="history-refused", classes="warning", markup=False)
        table: DataTable = DataTable(id="history", cursor_type="row", zebra_stripes=True)
        # Fixed widths fit 100 columns; a long change is cut, and shown whole below.
        table.add_column("When", key="when", width=16)
        table.add_column("Who", key="who", width=20)
        table.add_column("What", key="what", width=44)
        table.add_column("From", key="from", width=8)
        yield table
        yield Static("", id="history-detail", classes="hint", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#history-refused").display = False
        self.query_one("#history", DataTable).focus()

    def reload(self) -> None:
        self._read(self.reference)

    @work(thread=True, exclusive=True, group="family-history")
    def _read(self, reference: str) -> None:
        from tac.errors import TacError
        from tac.history import family_history

        assert self.store is not None
        try:
            history = family_history(self.store, reference)
        except TacError as error:  # refused (and logged by the core), or no such family
            self.app.call_from_thread(self._refused, str(error))
            return
        self.app.call_from_thread(self._show, history)

    def _refused(self, reason: str) -> None:
        if not self.is_mounted:
            return
        self.query_one("#history-count", Static).update("")
        refused = self.query_one("#history-refused", Static)
        refused.update(reason)
        refused.display = True
        self.query_one("#history", DataTable).display = False

    def _show(self, history: FamilyHistory) -> None:
        if not self.is_mounted:
            return
        from tac.history import HistoryKind

        self.history = history
        self.query_one("#history-count", Static).update(
            history.heading().removeprefix(f"{history.reference}: "))
        table = self.query_one("#history", DataTable)
        table.clear()
        for number, line in enumerate(history.lines):
            style = "bold" if line.kind is HistoryKind.REFUSED else ""
            # Text, not str: a DataTable reads a str cell as markup, and names are typed.
            table.add_row(Text(line.when), Text(line.who, style=style),
                          Text(line.what.replace("\n", " "), style=style), Text(line.origin),
                          key=str(number))
        # The newest line (last: oldest first) is highlighted, and shown whole below.
        table.move_cursor(row=table.row_count - 1, animate=False)
        self._show_detail()

    @on(DataTable.RowHighlighted, "#history")
    def _show_detail(self) -> None:
        """The highlighted line whole: a long change or refusal is cut in its column."""
        table = self.query_one("#history", DataTable)
        detail = self.query_one("#history-detail", Static)
        if self.history is None or not self.history.lines:
            detail.update("Nothing recorded yet." if self.history is not None else "")
            return
        line = self.history.lines[min(table.cursor_row, len(self.history.lines) - 1)]
        detail.update(f"{line.who}: {line.what}")
