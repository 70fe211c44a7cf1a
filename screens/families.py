"""Families: find a family as you type, by reference, anyone's name, postcode or school.

Fast at 20,000 families: each keystroke asks the store for at most `SHOWN` rows in a
thread worker. While a search is running, newer keystrokes only note the latest text;
when the search ends, the latest text (if it changed) is searched next. So the list is
never rebuilt for text that has already been typed over, and no timer delays the first
key.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input, Static

from screens.widgets.store_screen import StoreScreen

if TYPE_CHECKING:
    from tac.store import FamilyRow

SHOWN = 200
"""Rows the list holds; a search narrows further, nobody scrolls past 200 families."""

STATUS_LABELS = {
    "referred": "Referred",
    "open": "Open",
    "stepped_up": "Stepped up",
    "stepped_down": "Stepped down",
    "closed": "Closed",
}


class FamiliesScreen(StoreScreen):
    """A list of families that filters as you type; Enter opens the family's record."""

    CSS_PATH = "families.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("ctrl+o", "toggle_open_only", "Open only"),
        Binding("ctrl+f", "focus_filter", "Filter"),
        Binding("down", "focus_table", "List", show=False),
    ]

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.initial_text = text
        self.open_only = False
        self._searching = False
        self._wanted: tuple[str, bool] | None = None
        self._shown: tuple[str, bool] | None = None
        self.last_search_ms: float | None = None
        """How long the latest search took from keystroke to updated list (for the bench)."""
        self._typed_at = 0.0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Families", classes="screen-title")
        yield Input(self.initial_text, id="filter",
                    placeholder="Reference, anyone's name, postcode or school")
        yield Static("", id="count", classes="hint")
        table: DataTable = DataTable(id="families", cursor_type="row", zebra_stripes=True)
        # Fixed widths (each plus 2 of padding, plus the scrollbar) fit 100 columns, and
        # keep each column where the eye expects it as the list changes under the filter.
        table.add_column("Reference", key="reference", width=12)
        table.add_column("Family", key="name", width=12)
        table.add_column("Postcode", key="postcode", width=8)
        table.add_column("Status", key="status", width=12)
        table.add_column("Level", key="level", width=5)
        table.add_column("Lead professional", key="lead", width=14)
        table.add_column("Review", key="review", width=10)
        table.add_column("Overdue", key="overdue", width=7)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).focus()

    def reload(self) -> None:
        self._shown = None
        self._search()

    @on(Input.Changed, "#filter")
    def _typed(self) -> None:
        self._typed_at = time.perf_counter()
        self._search()

    def action_toggle_open_only(self) -> None:
        self.open_only = not self.open_only
        self._search()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one("#families", DataTable).focus()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        table = self.query_one("#families", DataTable)
        if table.row_count == 1:
            self.app.call_later(self.tac.action_open_family, str(table.coordinate_to_cell_key(
                (0, 0)).row_key.value))
        elif table.row_count:
            table.focus()

    @on(DataTable.RowSelected, "#families")
    async def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            await self.tac.action_open_family(str(event.row_key.value))

    def _search(self) -> None:
        if self.store is None:
            return
        self._wanted = (self.query_one("#filter", Input).value, self.open_only)
        if not self._searching:
            self._searching = True
            self._find(*self._wanted)

    @work(thread=True, group="families")
    def _find(self, text: str, open_only: bool) -> None:
        assert self.store is not None
        rows = self.store.family_rows(text, open_only=open_only, limit=SHOWN + 1,
                                      today=self.tac.today)
        self.app.call_from_thread(self._found, text, open_only, rows)

    def _found(self, text: str, open_only: bool, rows: list[FamilyRow]) -> None:
        self._searching = False
        if not self.is_mounted:
            return
        if self._wanted != (text, open_only):
            # Typed over while searching: these rows are stale; search for the latest.
            self._search()
            return
        self._shown = (text, open_only)
        self._fill(rows)
        if self._typed_at:
            self.last_search_ms = (time.perf_counter() - self._typed_at) * 1000

    def _fill(self, rows: list[FamilyRow]) -> None:
        from tac.dates import form_date

        table = self.query_one("#families", DataTable)
        today = self.tac.today
        table.clear()
        for row in rows[:SHOWN]:
            late = row.next_review_on is not None and row.next_review_on < today
            review = Text(form_date(row.next_review_on), style="bold" if late else "")
            overdue = Text(str(row.overdue_actions) if row.overdue_actions else "",
                           style="bold", justify="right")
            lead = row.lead_professional or (
                Text("none", style="bold") if row.status in ("open", "stepped_down") else "")
            table.add_row(
                row.reference,
                row.name.removeprefix(row.reference).strip().removesuffix(" family"),
                row.postcode,
                STATUS_LABELS.get(row.status, row.status), str(row.level or ""), lead,
                review, overdue, key=row.id,
            )
        shown = min(len(rows), SHOWN)
        scope = "open families" if self.open_only else "families"
        if len(rows) > SHOWN:
            count = f"First {SHOWN} {scope}: type more to narrow the list"
        elif rows:
            count = f"{shown} {scope}" if shown != 1 else f"1 {scope.removesuffix('ies')}y"
        else:
            count = f"No {scope} match. Try part of a surname, a postcode or a reference."
        hint = "  ·  Enter opens  ·  ctrl+o " + ("all families" if self.open_only
                                                  else "open only")
        self.query_one("#count", Static).update(count + hint)
