"""Exporting many documents at once, on every core, with progress.

The store is read once, in this process (tac.export.gather); rendering and writing the
files, the slow part, is shared between worker processes. Workers are spawned, not
forked, so a batch started from a thread of the app never inherits a held lock.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tac.errors import NotFound
from tac.export.documents import file_name, render
from tac.export.files import export_folder, write_new
from tac.export.gather import batch_papers, directory
from tac.export.papers import Directory, Papers, families_in, minutes_of

Progress = Callable[[int, int], None]
"""Called as `progress(done, total)` after each group of documents is written."""

# Below this many documents, starting worker processes costs more than it saves.
_IN_PROCESS_LIMIT = 12


@dataclass(frozen=True)
class _Settings:
    out: Path
    templates: Path | None
    author: str
    today: date


@dataclass
class BatchResult:
    """The files written, and what was left out and why (one line each)."""

    paths: list[Path] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


_worker_directory: Directory | None = None
_worker_settings: _Settings | None = None


def _start_worker(shared_directory: Directory, settings: _Settings) -> None:
    # The directory goes to each worker once, not with every document.
    global _worker_directory, _worker_settings
    _worker_directory, _worker_settings = shared_directory, settings


def _export_one(papers: Papers, shared_directory: Directory, settings: _Settings) -> Path:
    content = render(
        papers,
        shared_directory,
        author=settings.author,
        templates=settings.templates,
        today=settings.today,
    )
    return write_new(settings.out, file_name(papers), content)


def _export_group(group: Sequence[Papers]) -> list[Path]:
    assert _worker_directory is not None and _worker_settings is not None
    return [_export_one(p, _worker_directory, _worker_settings) for p in group]


@contextmanager
def _real_stderr() -> Iterator[None]:
    """Give multiprocessing a standard error with a real file descriptor while it starts.

    A Textual app replaces `sys.stderr` with an object whose descriptor is not real, and
    multiprocessing hands that descriptor to its helper process, which then fails to
    start ("bad value(s) in fds_to_keep"): a batch from the app's screen would hang.
    """
    current = sys.stderr
    try:
        usable = current is not None and current.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if not usable:
        sys.stderr = sys.__stderr__
    try:
        yield
    finally:
        sys.stderr = current


def export_papers(
    papers: Sequence[Papers],
    shared_directory: Directory,
    out: Path,
    *,
    templates: Path | None = None,
    author: str = "",
    today: date | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> list[Path]:
    """Render and write a document for each of `papers` into `out`; the paths, by name.

    Uses `workers` processes (default: one per core). Stops at the first error (a broken
    template, a full disk), raising it; files already written stay.
    """
    written: list[tuple[Papers, Path]] = []
    _write_papers(papers, shared_directory, out, written, templates=templates, author=author,
                  today=today, progress=progress, workers=workers)
    return sorted(path for _, path in written)


def _write_papers(
    papers: Sequence[Papers],
    shared_directory: Directory,
    out: Path,
    written: list[tuple[Papers, Path]],
    *,
    templates: Path | None,
    author: str,
    today: date | None,
    progress: Progress | None,
    workers: int | None,
) -> None:
    """`export_papers`, adding each file to `written` with the papers it was written from
    as it is written: a batch stopped by an error still says which files it left."""
    settings = _Settings(out, templates, author, today or date.today())
    total = len(papers)
    workers = max(1, workers or os.cpu_count() or 1)
    if progress:
        progress(0, total)
    if workers == 1 or total <= _IN_PROCESS_LIMIT:
        for item in papers:
            written.append((item, _export_one(item, shared_directory, settings)))
            if progress:
                progress(len(written), total)
        return

    # Small groups keep the progress bar moving and both cores busy to the end.
    size = max(1, min(16, math.ceil(total / (workers * 8))))
    groups = [papers[i : i + size] for i in range(0, total, size)]
    context = multiprocessing.get_context("spawn")
    with _real_stderr():
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(shared_directory, settings),
        )
        group_of = {pool.submit(_export_group, group): group for group in groups}
    pending = set(group_of)
    with pool:
        while pending:
            done, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for future in done:
                if future.exception() is not None:
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise future.exception()
                written.extend(zip(group_of[future], future.result(), strict=True))
            if progress:
                progress(len(written), total)


def log_documents_written(store, written: Sequence[tuple[Papers, Path]]) -> None:
    """One access-log row per document written and family it is about (one with no family
    for screening minutes that decided no family's referral), naming the file, all in one
    commit (a batch writes thousands)."""
    from tac.access.looks import Look

    with store.transaction():
        for papers, path in written:
            families = families_in(papers)
            for family in families:
                store.log_access(Look.WROTE_DOCUMENT, family_id=family.id,
                                 reference=family.reference, detail=path.name)
            if not families:
                store.log_access(Look.WROTE_DOCUMENT, detail=path.name)


def templates_folder(store, given: str | Path | None = None) -> Path | None:
    """The administrator's templates folder: the one given, else the `templates_dir`
    setting, else None (TAC's own templates)."""
    chosen = given or store.settings().templates_dir
    if not chosen:
        return None
    folder = Path(chosen).expanduser()
    if not folder.is_dir():
        source = "--templates" if given else "the templates_dir setting"
        raise NotFound(f"the templates folder {folder} ({source}) does not exist")
    return folder


def export_batch(
    store,
    out: Path | str | None = None,
    *,
    since: date | None = None,
    templates: Path | str | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    today: date | None = None,
) -> BatchResult:
    """Minutes of finished meetings and plans of open families, written into `out`
    (default `exports/`). See `tac.export.gather.batch_papers` for what is included.
    Each document is logged as a look at its family (those written before an error too);
    minutes written for the first time are recorded as written `today` (the minutes clock),
    once every document is written. `Refused` for those who may not export a batch."""
    from tac.meetings.minutes import record_minutes_written

    today = today or date.today()
    folder = export_folder(out)
    with store.writing_documents(batch=True):  # refused unless they may export in a batch
        papers, left_out = batch_papers(store, since)
    written: list[tuple[Papers, Path]] = []
    try:
        _write_papers(
            papers,
            directory(store),
            folder,
            written,
            templates=templates_folder(store, templates),
            author=store.actor,
            today=today,
            progress=progress,
            workers=workers,
        )
    finally:  # the files written before an error stay, so their looks are logged too
        log_documents_written(store, written)
    record_minutes_written(store, minutes_of(papers), today)
    return BatchResult(paths=sorted(path for _, path in written), left_out=left_out)
