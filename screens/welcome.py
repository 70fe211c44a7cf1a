"""First run: no database yet. Offer to make one, empty or with demo families."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, ProgressBar, Static

if TYPE_CHECKING:
    from tac.store import Store

DEMO_FAMILIES = 40


class WelcomeScreen(Screen):
    """Shown instead of an error when `tac` starts and its database does not exist."""

    CSS_PATH = "welcome.tcss"
    BINDINGS = [
        Binding("d", "create(True)", "Create with demo data"),
        Binding("e", "create(False)", "Create empty"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="welcome", classes="panel") as box:
            box.border_title = "Welcome to TAC"
            yield Static(
                "TAC keeps early help screening and team-around-the-child meetings, "
                "families' chronologies and their plans in one file on this computer.\n\n"
                f"There is no database at {self.path} yet. Make one now:",
                id="welcome-text", markup=False,
            )
            with Horizontal(classes="buttons"):
                yield Button("Create with demo data  d", id="demo", variant="primary")
                yield Button("Create empty  e", id="empty")
            yield Static(
                f"Demo data is {DEMO_FAMILIES} invented families, to try TAC out. Use an "
                "empty database for real families.", classes="hint")
            yield ProgressBar(total=3, show_eta=False, id="progress")
            yield Static("", id="welcome-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#progress").display = False
        self.query_one("#demo", Button).focus()

    @on(Button.Pressed, "#demo")
    def _demo(self) -> None:
        self.action_create(True)

    @on(Button.Pressed, "#empty")
    def _empty(self) -> None:
        self.action_create(False)

    def action_create(self, demo: bool) -> None:
        if self.busy:
            return
        self.busy = True
        for button in self.query(Button):
            button.disabled = True
        self.query_one("#progress").display = True
        self._create(demo)

    def _step(self, text: str) -> None:
        self.query_one("#progress", ProgressBar).advance(1)
        self.query_one("#welcome-status", Static).update(text)

    @work(thread=True, exclusive=True, group="welcome")
    def _create(self, demo: bool) -> None:
        from screens.app import TacApp
        from tac.errors import TacError
        from tac.identity import os_user
        from tac.store import Store

        app = self.app
        assert isinstance(app, TacApp)
        app.call_from_thread(self._step, "Making the database…")
        try:
            store = Store.open(self.path, actor=app.actor or os_user(), create=True)
            if demo:
                from tac.demo import build_demo

                app.call_from_thread(self._step, "Inventing demo families…")
                bundle = build_demo(families=DEMO_FAMILIES)
                app.call_from_thread(self._step, "Saving them…")
                store.load(bundle, note="demo data from the welcome screen")
        except TacError as error:
            app.call_from_thread(self._failed, str(error))
            return
        app.call_from_thread(self._done, store)

    def _failed(self, message: str) -> None:
        self.busy = False
        for button in self.query(Button):
            button.disabled = False
        self.query_one("#progress").display = False
        self.query_one("#welcome-status", Static).update(f"Could not make it: {message}")

    def _done(self, store: Store) -> None:
        from screens.app import TacApp

        app = self.app
        assert isinstance(app, TacApp)
        app.pop_screen()
        app.use_store(store)
