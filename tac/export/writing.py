"""One document from the store to a file, in one call: what `tac export` and the app's
export keys use. Each returns the path written (a new file, owner-only, never replacing
another), and raises a `TacError` whose message says what to fix. Each document written is
in the access log, against its family; writing a meeting's minutes for the first time
records the day on the meeting (the minutes clock).

    path = export_minutes(store, meeting_id)               # exports/2026-03-03 TAC minutes ...
    path = export_plan(store, family_id, out="~/sent")
    path = export_transfer_summary(store, family_id)       # a family stepped up
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tac.export.batch import log_documents_written, templates_folder
from tac.export.documents import file_name, render
from tac.export.files import export_folder, write_new
from tac.export.gather import (
    directory,
    minutes_papers,
    plan_papers,
    screening_papers,
    transfer_summary_papers,
)
from tac.export.papers import Papers, minutes_of
from tac.meetings.minutes import record_minutes_written


def write_document(
    store,
    papers: Papers,
    out: Path | str | None = None,
    templates: Path | str | None = None,
    *,
    today: date | None = None,
) -> Path:
    """Render `papers` and write the document into `out` (default `exports/`), logged as a
    look at the family it is about (with the file's name); minutes written for the first
    time are recorded as written `today`."""
    today = today or date.today()
    content = render(papers, directory(store), author=store.actor,
                     templates=templates_folder(store, templates), today=today)
    path = write_new(export_folder(out), file_name(papers), content)
    log_documents_written(store, [(papers, path)])
    record_minutes_written(store, minutes_of([papers]), today)
    return path


def export_minutes(
    store,
    meeting_id: str,
    out: Path | str | None = None,
    templates: Path | str | None = None,
    *,
    today: date | None = None,
) -> Path:
    """The minutes of a finished TAC meeting."""
    return write_document(store, minutes_papers(store, meeting_id), out, templates, today=today)


def export_screening_minutes(
    store,
    meeting_id: str,
    out: Path | str | None = None,
    templates: Path | str | None = None,
    *,
    today: date | None = None,
) -> Path:
    """The minutes of a finished multi-agency screening meeting."""
    return write_document(store, screening_papers(store, meeting_id), out, templates,
                          today=today)


def export_plan(
    store, family_id: str, out: Path | str | None = None, templates: Path | str | None = None
) -> Path:
    """The family's plan, as agreed at its latest finished TAC meeting."""
    return write_document(store, plan_papers(store, family_id), out, templates)


def export_transfer_summary(
    store, family_id: str, out: Path | str | None = None, templates: Path | str | None = None
) -> Path:
    """The transfer summary of a family stepped up to children's social care."""
    return write_document(store, transfer_summary_papers(store, family_id), out, templates)
