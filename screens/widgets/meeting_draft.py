"""Nothing typed in a meeting is lost: the screen's state is written to a draft as it changes.

A screen marks itself changed on every edit; at most a second later the whole state is
written to the store's drafts from a thread worker, so typing never waits for the disk.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial
from typing import Any

from pydantic import BaseModel
from textual.binding import Binding
from textual.screen import Screen

from tac.errors import TacError
from tac.meetings.drafts import keep_draft

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
    """A screen whose typed state is kept as a draft under `draft_key`.

    Subclasses set `draft_key`, return their state (a copy the screen will not change
    again) from `draft_content()`, and call `mark_changed()` after every edit (input
    events do it for them).
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
        self._as_shown: BaseModel | None = None  # the state as opened, until an edit is kept

    def on_mount(self) -> None:
        # Textual calls this as well as a subclass's own on_mount: no super() call needed.
        self.set_interval(SAVE_EVERY, self.keep_draft_now)

    def mark_changed(self) -> None:
        self._changed = True

    def draft_content(self) -> BaseModel:
        raise NotImplementedError

    def keep_draft_now(self) -> None:
        """Write the draft now if anything changed since the last write."""
        store = getattr(self.app, "store", None)
        if not (self._changed and self._drafting and store is not None):
            return
        self._changed = False
        content = self.draft_content()
        if content == self._as_shown:
            # Only the widgets reporting what was filled in, late on a busy machine.
            return
        self._as_shown = None
        self._sequence += 1
        sequence = self._sequence
        # The app, not this screen, runs the write: leaving the screen cancels the screen's
        # workers, and the last words typed before Escape must still reach the draft.
        self.app.run_worker(
            partial(self._write_draft, self.draft_key, content, sequence),
            thread=True, group="draft",
        )

    def _write_draft(self, key: str, content: BaseModel, sequence: int) -> None:
        with self._write_lock:
            # A slower, older write must never overwrite a newer one.
            if sequence <= self._written:
                return
            # Until this write is done, a crash must not promise that the typing was kept.
            self.app.draft_write_failed = True
            try:
                keep_draft(self.app.store, key, content)
            except TacError as error:
                self.app.call_from_thread(
                    self.app.notify, str(error), title="What was typed could not be kept",
                    severity="error", markup=False,
                )
                return
            self.app.draft_write_failed = False
            self._written = sequence

    def drop_draft(self) -> None:
        """The chair chose to start again: the kept draft is discarded (in a worker)."""
        self.app.run_worker(self._drop_draft, thread=True, group="draft")

    def _drop_draft(self) -> None:
        with self._write_lock:
            self.app.store.drop_draft(self.draft_key)

    @contextmanager
    def finishing(self) -> Iterator[None]:
        """Around finishing the meeting (in a worker): no draft is written meanwhile, and
        once it has finished none is written again, so the finished meeting leaves no
        draft behind; if finishing fails, drafting carries on as before."""
        with self._write_lock:
            yield
            self._written = 1 << 60

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
            self._as_shown = self.draft_content()

        self.set_timer(ARM_AFTER, arm)

    def stop_drafting(self) -> None:
        """The meeting is finished (or started again): no more draft writes from here."""
        self._drafting = False
        self._changed = False
        self._as_shown = None
        with self._write_lock:
            self._written = 1 << 60
