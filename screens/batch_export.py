"""Export a batch: minutes of every finished meeting and plans of every open family."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Input, Label, ProgressBar, RichLog, Static

from screens.widgets.store_screen import StoreScreen


class BatchExportScreen(StoreScreen):
    """The administrator's screen: choose a start date and a folder, then watch it go."""

    CSS_PATH = "batch_export.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("ctrl+s", "start", "Export", priority=True),
    ]

    def __init__(self, out: Path | None = None) -> None:
        super().__init__()
        self.out = out or Path.cwd() / "exports"
        self.running = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Export a batch of Word documents", classes="screen-title")
        yield Static(
            "Minutes of every finished screening and TAC meeting, and the plan of every open "
            "family, marked OFFICIAL-SENSITIVE. Files that already exist are never overwritten.",
            classes="hint",
        )
        with Horizontal(classes="batch-field"):
            yield Label("Since", classes="batch-label")
            yield Input(placeholder="DD/MM/YYYY, or empty for everything", id="since")
        yield Static("", id="since-error", classes="field-error", markup=False)
        with Horizontal(classes="batch-field"):
            yield Label("Into", classes="batch-label")
            yield Input(str(self.out), id="out")
        # Shows folder names and error messages, which may hold square brackets.
        yield Static("Press ctrl+s to export.", id="status", classes="hint", markup=False)
        yield ProgressBar(id="progress", show_eta=True)
        yield RichLog(id="written", markup=False, wrap=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#written", RichLog).border_title = "Written"
        # Hidden until a batch starts: with nothing to count, a bar only animates.
        self.query_one("#progress", ProgressBar).display = False
        self.query_one("#since", Input).focus()

    def on_input_submitted(self) -> None:
        self.action_start()

    def _since(self) -> date | None | bool:
        """The date typed, None for none, or False after showing what to fix."""
        from tac.dates import parse_form_date
        from tac.errors import InvalidInput

        field = self.query_one("#since", Input)
        error = self.query_one("#since-error", Static)
        text = field.value.strip()
        try:
            since = parse_form_date(text, "since") if text else None
        except InvalidInput as problem:
            error.update(str(problem))
            error.add_class("-shown")
            field.add_class("-invalid")
            field.focus()
            return False
        error.remove_class("-shown")
        field.remove_class("-invalid")
        return since

    def action_start(self) -> None:
        if self.running or self.store is None:
            return
        since = self._since()
        if since is False:
            return
        self.running = True
        self.query_one("#written", RichLog).clear()
        self.query_one("#progress", ProgressBar).display = True
        self.query_one("#status", Static).update("Gathering the meetings and plans...")
        self._export(since, Path(self.query_one("#out", Input).value.strip() or self.out))

    @work(thread=True, exclusive=True, group="batch", exit_on_error=False)
    def _export(self, since: date | None, out: Path) -> None:
        from tac.errors import TacError
        from tac.export import export_batch

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self._progress, done, total)

        try:
            result = export_batch(self.store, out, since=since, progress=progress,
                                  today=self.tac.today)
        except TacError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        except Exception as error:  # a bug of ours: say so, never show what it held
            from tac.crash import write_crash_report

            report = write_crash_report(error, self.tac.crash_folder)
            self.app.call_from_thread(
                self._failed, f"The batch stopped because of a fault in TAC; a report is at {report}"
            )
            return
        self.app.call_from_thread(self._finished, result.paths, result.left_out)

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#progress", ProgressBar).update(total=max(total, 1), progress=done)
        self.query_one("#status", Static).update(f"Writing {done} of {total} documents...")

    def _failed(self, message: str) -> None:
        self.running = False
        self.query_one("#status", Static).update(message)
        self.notify(message, title="Nothing more was written", severity="error", markup=False)

    def _finished(self, paths: list[Path], left_out: list[str]) -> None:
        self.running = False
        log = self.query_one("#written", RichLog)
        for path in paths:
            log.write(str(path))
        for line in left_out:
            log.write(f"Left out: {line}")
        folder = paths[0].parent if paths else self.query_one("#out", Input).value
        summary = f"{len(paths)} documents written into {folder}."
        if left_out:
            summary += f" {len(left_out)} left out (listed below)."
        self.query_one("#status", Static).update(summary)
        self.notify(summary, title="Batch export finished", markup=False)
