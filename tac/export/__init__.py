"""Word documents from TAC's records: screening minutes, TAC minutes, the family's plan,
and the transfer summary of a family stepped up to children's social care.

    from tac.export import tac_minutes, file_name
    content = tac_minutes(papers, directory, author="Helen Marsh")   # bytes of a .docx

`documents` renders (pure: no store, no screen); `gather` reads a store for what a
document needs; `writing` does both for one document, `batch` for many on every core;
`files` names and writes them. From the app (in a worker thread):

    path = export_minutes(store, meeting_id)            # or export_plan(store, family_id)
    result = export_batch(store, progress=lambda done, total: ...)
"""

import importlib
from typing import Any

# Imported on first use: python-docx and docxtpl take a quarter of a second to load, and
# `tac` (which registers `tac export`) should open the app without waiting for them.
_HOME = {
    "BatchResult": "batch",
    "export_batch": "batch",
    "closing_letter": "documents",
    "family_plan": "documents",
    "file_name": "documents",
    "render": "documents",
    "screening_minutes": "documents",
    "tac_minutes": "documents",
    "ClosingLetterPapers": "papers",
    "transfer_summary": "documents",
    "Directory": "papers",
    "FamilyPlanPapers": "papers",
    "Papers": "papers",
    "ScreeningMeetingPapers": "papers",
    "TacMeetingPapers": "papers",
    "TransferSummaryPapers": "papers",
    "export_minutes": "writing",
    "export_plan": "writing",
    "export_screening_minutes": "writing",
    "export_transfer_summary": "writing",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'tac.export' has no attribute {name!r}")
    return getattr(importlib.import_module(f"tac.export.{_HOME[name]}"), name)


__all__ = [
    "BatchResult",
    "export_batch",
    "export_minutes",
    "export_plan",
    "export_screening_minutes",
    "ClosingLetterPapers",
    "export_transfer_summary",
    "Directory",
    "FamilyPlanPapers",
    "Papers",
    "ScreeningMeetingPapers",
    "TacMeetingPapers",
    "closing_letter",
    "TransferSummaryPapers",
    "family_plan",
    "file_name",
    "render",
    "screening_minutes",
    "tac_minutes",
    "transfer_summary",
]
