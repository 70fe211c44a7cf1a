"""Retention, for administrators: the closed families kept past the council's retention,
and erasing one (after typing its reference), leaving one audit line."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Header, Input, Static

from screens.widgets.store_screen import StoreScreen
from tac.dates import long_date
from tac.errors import TacError
from tac.retention import Erasure, PastRetention, erase_family, families_past_retention


class RetentionScreen(StoreScreen):
    """The list of families past retention; e erases the one chosen, after a confirmation."""

    CSS_PATH = "retention.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("e", "erase", "Erase"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.past: list[PastRetention] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Families past retention", classes="screen-title")
        yield Static("", id="retention-summary", classes="hint", markup=False)
        yield DataTable(id="past", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Reference", width=14)
        table.add_column("Closed on", width=18)
        table.add_column("How long ago")

    def reload(self) -> None:
        self._read()

    @work(thread=True, exclusive=True, group="read")
    def _read(self) -> None:
        assert self.store is not None
        try:
            past = families_past_retention(self.store, self.tac.today)
            years = self.store.settings().retention_years
        except TacError as problem:
            self.app.call_from_thread(self._show_refusal, str(problem))
            return
        self.app.call_from_thread(self._show, past, years)

    def _show(self, past: list[PastRetention], years: int) -> None:
        self.past = past
        table = self.query_one(DataTable)
        table.clear()
        today = self.tac.today
        for family in past:
            table.add_row(Content(family.reference), long_date(family.closed_on),
                          family.how_long_ago(today), key=family.reference)
        count = f"{len(past)} famil{'y' if len(past) == 1 else 'ies'}" if past else "No family"
        self.query_one("#retention-summary", Static).update(
            f"{count} closed more than {years} years ago (the setting retention_years). "
            "Erasing one removes it and everything about it for good; the audit trail keeps "
            "one line saying what was erased, when and by whom."
        )
        table.focus()

    def _show_refusal(self, reason: str) -> None:
        self.query_one("#retention-summary", Static).update(reason)

    def action_erase(self) -> None:
        table = self.query_one(DataTable)
        if not self.past or table.cursor_row < 0:
            self.notify("No family is past retention.", severity="warning")
            return
        chosen = self.past[table.cursor_row]

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._erase(chosen.reference)

        self.app.push_screen(ConfirmErasure(chosen), confirmed)

    @work(thread=True, group="erase")
    def _erase(self, reference: str) -> None:
        assert self.store is not None
        try:
            erased = erase_family(self.store, reference, self.tac.today)
        except TacError as problem:
            self.app.call_from_thread(self.notify, str(problem), title="Not erased",
                                      severity="error", markup=False)
            return
        self.app.call_from_thread(self._erased, erased)

    def _erased(self, erased: Erasure) -> None:
        what = ", ".join(f"{count} {label}" for label, count in erased.counts.items() if count)
        self.notify(f"Erased {erased.reference}: {what}.", markup=False)
        self.reload()


class ConfirmErasure(ModalScreen[bool]):
    """Dismisses with True once the family's reference is typed again; escape cancels."""

    CSS_PATH = "retention.tcss"
    BINDINGS = [Binding("escape", "cancel", "Keep it")]

    def __init__(self, family: PastRetention) -> None:
        super().__init__()
        self.family = family

    def compose(self) -> ComposeResult:
        with Vertical(id="erasure-box"):
            yield Static(f"Erase {self.family.reference}?", id="erasure-title", markup=False)
            yield Static(
                f"It closed on {long_date(self.family.closed_on)}. Its record, people, "
                "referrals, meetings, actions and chronology are removed for good; the audit "
                "trail keeps one line saying what was erased, and by whom.",
                markup=False,
            )
            yield Static("Type the reference to confirm, then press enter.")
            yield Input(placeholder=self.family.reference, id="typed")
            yield Static("", id="typed-error", classes="field-error", markup=False)
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip().upper() == self.family.reference:
            self.dismiss(True)
            return
        error = self.query_one("#typed-error", Static)
        error.update(f"That is not {self.family.reference}: type it exactly, or press escape "
                     "to keep it.")
        error.add_class("-shown")

    def action_cancel(self) -> None:
        self.dismiss(False)
