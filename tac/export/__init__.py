"""Word documents from TAC's records: screening minutes, TAC minutes, the family's plan.

    from tac.export import tac_minutes, file_name
    content = tac_minutes(papers, directory, author="Helen Marsh")   # bytes of a .docx

`documents` renders (pure: no store, no screen); `gather` reads a store for what a
document needs; `batch` writes many at once on every core; `files` names and writes them.
"""

from tac.export.documents import family_plan, file_name, render, screening_minutes, tac_minutes
from tac.export.papers import (
    Directory,
    FamilyPlanPapers,
    Papers,
    ScreeningMeetingPapers,
    TacMeetingPapers,
)

__all__ = [
    "Directory", "FamilyPlanPapers", "Papers", "ScreeningMeetingPapers", "TacMeetingPapers",
    "family_plan", "file_name", "render", "screening_minutes", "tac_minutes",
]
