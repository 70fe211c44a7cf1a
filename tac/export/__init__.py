"""Word documents from TAC's records: screening minutes, TAC minutes, the family's plan.

    from tac.export import tac_minutes, file_name
    content = tac_minutes(papers, directory, author="Helen Marsh")   # bytes of a .docx

`documents` renders (pure: no store, no screen); `gather` reads a store for what a
document needs; `writing` does both for one document, `batch` for many on every core;
`files` names and writes them. From the app (in a worker thread):

    path = export_minutes(store, meeting_id)            # or export_plan(store, family_id)
    result = export_batch(store, progress=lambda done, total: ...)
"""

from tac.export.batch import BatchResult, export_batch
from tac.export.documents import family_plan, file_name, render, screening_minutes, tac_minutes
from tac.export.papers import (
    Directory,
    FamilyPlanPapers,
    Papers,
    ScreeningMeetingPapers,
    TacMeetingPapers,
)
from tac.export.writing import export_minutes, export_plan, export_screening_minutes

__all__ = [
    "BatchResult", "export_batch", "export_minutes", "export_plan", "export_screening_minutes",
    "Directory", "FamilyPlanPapers", "Papers", "ScreeningMeetingPapers", "TacMeetingPapers",
    "family_plan", "file_name", "render", "screening_minutes", "tac_minutes",
]
