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

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Input, OptionList, Static

from screens.widgets.family_list import FamilyList, heading
from screens.widgets.store_screen import StoreScreen

if TYPE_CHECKING:
    from tac.store import FamilyRow

SHOWN = 60
"""Rows the list holds; a search narrows further, nobody scrolls past 200 families."""


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
        self.searches_painted = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Families", classes="screen-title")
        yield Input(self.initial_text, id="filter",
                    placeholder="Reference, anyone's name, postcode or school")
        yield Static("", id="count", classes="hint")
        yield Static(heading(), id="columns")
        yield FamilyList(id="families", markup=False)
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
        self.query_one("#families", FamilyList).focus()

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        from tac.models.people import is_family_reference

        families = self.query_one("#families", FamilyList)
        if families.option_count == 1:
            self.tac.action_open_family(families.family_ids[0])
        elif families.option_count:
            families.focus()
        elif is_family_reference(event.value):
            # Not in the list: opening it says why (no such family, or not theirs to see).
            self.tac.action_open_family_reference(event.value)

    @on(OptionList.OptionSelected, "#families")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option_id:
            self.tac.action_open_family(event.option_id)

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
            self.call_after_refresh(self._painted, self._typed_at)

    def _painted(self, typed_at: float) -> None:
        self.last_search_ms = (time.perf_counter() - typed_at) * 1000
        self.searches_painted += 1

    def _fill(self, rows: list[FamilyRow]) -> None:
        self.query_one("#families", FamilyList).show(rows[:SHOWN], self.tac.today)
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
        summary = self.query_one("#count", Static)
        if str(summary.content) != count + hint:  # an unchanged line is not redrawn
            summary.update(count + hint)
