"""What the directory screens share: lists of records found as you type, added, edited, and
marked as left or closed (never deleted, so old records still name them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input, Static

from screens.widgets.record_form import RecordForm
from screens.widgets.store_screen import StoreScreen
from tac.errors import TacError
from tac.names import plain


class DirectoryScreen(StoreScreen):
    """A searchable directory. Subclasses say what lists it holds, how a row reads, what a
    record is found by, and which form adds or edits one."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("slash", "search", "Search"),
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("i", "toggle_active", "Inactive or back"),
    ]

    screen_title = "Directory"
    lists: Sequence[str] = ()
    """The ids of the lists' tables."""
    inactive_word = "inactive"
    """How an inactive record is marked in its list: `left`, `closed`."""
    search_hint = "Search: type any part of what a row says"

    def __init__(self) -> None:
        super().__init__()
        self.records: dict[str, list[Any]] = {name: [] for name in self.lists}
        self._select_after: str | None = None

    # --- what subclasses say ----------------------------------------------------------------

    def compose_lists(self) -> ComposeResult:
        for name in self.lists:
            yield DataTable(id=name, cursor_type="row", zebra_stripes=True)

    def columns(self, list_id: str) -> Sequence[tuple[str, int | None]]:
        """Each column's heading and width (None: what is left)."""
        raise NotImplementedError

    def cells(self, list_id: str, record: Any) -> list[str]:
        raise NotImplementedError

    def read(self) -> dict[str, list[Any]]:
        """Every record of each list, from the store (called in a thread worker)."""
        raise NotImplementedError

    def form(self, list_id: str, record: Any | None) -> RecordForm:
        raise NotImplementedError

    def current_list(self) -> str:
        return self.lists[0]

    # --- the screen ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.screen_title, classes="screen-title")
        yield Input(placeholder=self.search_hint, id="directory-search", compact=True)
        yield from self.compose_lists()
        yield Static("", id="directory-count", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        for name in self.lists:
            table = self.query_one(f"#{name}", DataTable)
            for heading, width in self.columns(name):
                table.add_column(heading, width=width, key=heading)
        self.query_one(f"#{self.lists[0]}", DataTable).focus()

    def reload(self) -> None:
        self._read()

    @work(thread=True, exclusive=True, group="directory-read")
    def _read(self) -> None:
        records = self.read()
        self.app.call_from_thread(self._show_records, records)

    def _show_records(self, records: dict[str, list[Any]]) -> None:
        if not self.is_running:
            return
        self.records = records
        self.show()

    def found(self, list_id: str) -> list[Any]:
        """The records of a list the search words find (all of them with no words)."""
        words = plain(self.query_one("#directory-search", Input).value).split()
        return [r for r in self.records.get(list_id, [])
                if all(w in plain(" ".join(self.cells(list_id, r))) for w in words)]

    def show(self) -> None:
        counts = []
        for name in self.lists:
            table = self.query_one(f"#{name}", DataTable)
            keep = self._select_after or self._highlighted_id(name)
            table.clear()
            found = self.found(name)
            for record in found:
                style = "" if record.active else "dim"
                cells = self.cells(name, record)
                if not record.active:
                    cells[0] = f"{cells[0]} ({self.inactive_word})"
                table.add_row(*(Text(c, style=style, no_wrap=True, overflow="ellipsis")
                                for c in cells), key=record.id)
            ids = [r.id for r in found]
            if keep in ids:
                table.move_cursor(row=ids.index(keep), animate=False)
            counts.append(f"{name} {len(found)} of {len(self.records.get(name, []))}")
        self._select_after = None
        self.query_one("#directory-count", Static).update(
            " · ".join(counts) + f" · ({self.inactive_word}): kept for history, not offered")

    def _highlighted_id(self, list_id: str) -> str | None:
        table = self.query_one(f"#{list_id}", DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def highlighted(self) -> Any | None:
        list_id = self.current_list()
        chosen = self._highlighted_id(list_id)
        return next((r for r in self.records.get(list_id, []) if r.id == chosen), None)

    @on(Input.Changed, "#directory-search")
    def _search(self) -> None:
        self.show()

    @on(Input.Submitted, "#directory-search")
    def _to_list(self) -> None:
        self.query_one(f"#{self.current_list()}", DataTable).focus()

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_search(self) -> None:
        self.query_one("#directory-search", Input).focus()

    def action_add(self) -> None:
        self._open_form(self.current_list(), None)

    def action_edit(self) -> None:
        record = self.highlighted()
        if record is None:
            self.notify("Nothing to edit: the list is empty.", severity="warning")
            return
        self._open_form(self.current_list(), record)

    def _open_form(self, list_id: str, record: Any | None) -> None:
        def saved(result: Any | None) -> None:
            if result is not None:
                self._select_after = result.id
                self.tac.directory_changed()
                self.notify(f"{result.name} saved.", markup=False)
                self.reload()

        self.app.push_screen(self.form(list_id, record), saved)

    def action_toggle_active(self) -> None:
        record = self.highlighted()
        if record is None or self.store is None:
            return
        self._toggle(record)

    @work(thread=True, exclusive=True, group="directory-save")
    def _toggle(self, record: Any) -> None:
        assert self.store is not None
        try:
            saved = self.store.save(record.model_copy(update={"active": not record.active}))
        except TacError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        if saved.active:
            said = f"{saved.name} is back in the directory: offered in new choices again."
        else:
            said = (f"{saved.name} is marked as {self.inactive_word}: no longer offered in new "
                    "choices; records that name them keep the name.")
        self.app.call_from_thread(self._toggled, saved, said)

    def _toggled(self, saved: Any, said: str) -> None:
        self._select_after = saved.id
        self.tac.directory_changed()
        self.notify(said, markup=False)
        self.reload()
