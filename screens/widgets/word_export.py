"""Writing one Word document from a screen: in a worker, then the path or the problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.screen import Screen


def write_word(screen: Screen, what: str, make: Callable[[], Path],
               then: Callable[[], None] | None = None) -> None:
    """Run `make` (which writes a document and returns its path) off the screen's thread,
    then tell the user where `what` went, or what to fix; `then` runs once it is written."""
    screen.notify(f"Writing {what}...", timeout=2)

    def work() -> None:
        from tac.errors import TacError

        try:
            path = make()
        except TacError as error:
            screen.app.call_from_thread(
                screen.notify, str(error), title=error.title, severity="error", timeout=8,
                markup=False,
            )
        else:
            screen.app.call_from_thread(
                screen.notify, f"{what.capitalize()} written to {path}", title="Word document",
                timeout=8, markup=False,
            )
            if then is not None:
                screen.app.call_from_thread(then)

    screen.run_worker(work, thread=True, group="word", exit_on_error=False)
