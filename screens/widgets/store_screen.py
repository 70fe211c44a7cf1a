"""A screen that shows stored records: reads them in a worker, and again when shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from screens.app import TacApp
    from tac.store import Store


class StoreScreen(Screen):
    """Calls `reload()` when it becomes the current screen and the store is open.

    Subclasses start a thread worker from `reload()` and show its result with
    `app.call_from_thread`; coming back to the screen (after a record was edited on top
    of it) reads the records again, so what is shown is never stale.
    """

    @property
    def tac(self) -> TacApp:
        from screens.app import TacApp

        assert isinstance(self.app, TacApp)
        return self.app

    @property
    def store(self) -> Store | None:
        return self.tac.store

    def on_screen_resume(self) -> None:
        if self.store is not None:
            self.reload()

    def reload(self) -> None:
        """Read this screen's records again (in a worker); subclasses override."""

    def forget(self) -> None:
        """Show nothing read (someone signed out); screens that stay on the stack override."""
