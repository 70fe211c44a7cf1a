"""Nothing typed in a meeting is lost: the screen's state is written to a draft as it changes.

A screen marks itself changed on every edit; at most a second later the whole state is
written to the store's drafts from a thread worker, so typing never waits for the disk.
"""

from __future__ import annotations

import threading
from datetime import date
from functools import partial
from typing import Any

from textual.binding import Binding
from textual.screen import Screen

from tac.errors import TacError

STEP_KEYS = Binding.Group("Step")
"""PgUp and PgDn share one place in the footer."""

SAVE_EVERY = 1.0
"""Seconds between draft writes while something changes (the promise is 2 seconds)."""

ARM_AFTER = 0.3
"""Seconds after a meeting is shown before changes count as the chair's edits."""


def meeting_today(app: Any) -> date:
    """The app's fixed `today` in tests, the real one otherwise."""
    today = getattr(app, "today", None)
    return today() if callable(today) else today or date.today()


class DraftKeeping(Screen):
    """A screen whose typed state is kept in `store.save_draft(draft_key, ...)`.

    Subclasses set `draft_key`, return their state from `draft_content()`, and call
    `mark_changed()` after every edit (input events do it for them).
    """

    draft_key: str = ""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._changed = False
        self._drafting = False  # on once the state shown is the one to keep
        self._write_lock = threading.Lock()
        self._written = 0
        self._sequence = 0
        self._resumed = False

    def on_mount(self) -> None:
        # Textual calls this as well as a subclass's own on_mount: no super() call needed.
        self.set_interval(SAVE_EVERY, self.keep_draft_now)

    def mark_changed(self) -> None:
        self._changed = True

    def draft_content(self) -> dict[str, Any]:
        raise NotImplementedError

    def keep_draft_now(self) -> None:
        """Write the draft now if anything changed since the last write."""
        store = getattr(self.app, "store", None)
        if not (self._changed and self._drafting and store is not None):
            return
        self._changed = False
        self._sequence += 1
        content, sequence = self.draft_content(), self._sequence
        # The app, not this screen, runs the write: leaving the screen cancels the screen's
        # workers, and the last words typed before Escape must still reach the draft.
        self.app.run_worker(
            partial(self._write_draft, self.draft_key, content, sequence),
            thread=True, group="draft",
        )

    def _write_draft(self, key: str, content: dict[str, Any], sequence: int) -> None:
        with self._write_lock:
            # A slower, older write must never overwrite a newer one.
            if sequence <= self._written:
                return
            try:
                self.app.store.save_draft(key, content)
            except TacError as error:
                self.app.call_from_thread(
                    self.app.notify, str(error), title="What was typed could not be kept",
                    severity="error", markup=False,
                )
                return
            self._written = sequence

    def drop_draft(self) -> None:
        """The chair chose to start again: the kept draft is discarded (in a worker)."""
        self.app.run_worker(self._drop_draft, thread=True, group="draft")

    def _drop_draft(self) -> None:
        with self._write_lock:
            self.app.store.drop_draft(self.draft_key)

    @property
    def draft_is_kept(self) -> bool:
        """True once there is something in the draft to be offered back later."""
        return self._resumed or self._sequence > 0

    def start_drafting(self, resumed: bool = False) -> None:
        """The state shown is now the one to keep: write every change made from here on.

        Filling the widgets reports changes of its own a moment later; those are not
        edits, so merely opening a meeting leaves no draft behind to be offered back.
        """
        self._resumed = resumed
        with self._write_lock:
            self._written = self._sequence

        def arm() -> None:
            self._changed = False
            self._drafting = True

        self.set_timer(ARM_AFTER, arm)

    def stop_drafting(self) -> None:
        """The meeting is finished (or started again): no more draft writes from here."""
        self._drafting = False
        self._changed = False
        with self._write_lock:
            self._written = 1 << 60
