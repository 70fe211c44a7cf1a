"""The Word documents, each a pure function from records to the bytes of a .docx.

    content = tac_minutes(papers, directory, author="Jo Bloggs")
    Path("minutes.docx").write_bytes(content)

No store and no screen here: the caller gathers the records (tac.export.gather) and
decides where the file goes (tac.export.files).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jinja2 import TemplateError

from tac.errors import InvalidInput
from tac.export.fields import (
    closing_letter_fields,
    family_plan_fields,
    screening_minutes_fields,
    tac_minutes_fields,
    transfer_summary_fields,
)
from tac.export.papers import (
    ClosingLetterPapers,
    Directory,
    FamilyPlanPapers,
    Papers,
    ScreeningMeetingPapers,
    TacMeetingPapers,
    TransferSummaryPapers,
)
from tac.export.word import fill, template_source


def _render(
    kind: str, fields: dict, title: str, author: str, templates: Path | None
) -> bytes:
    where, template = template_source(kind, templates)
    try:
        return fill(template, fields, title=title, author=author)
    except TemplateError as error:
        raise InvalidInput(
            f"the template {where} cannot be filled ({error.message or error}); fix its tags "
            "in Word or remove it to use TAC's own"
        ) from None


def render_template(
    kind: str, fields: dict, *, title: str, author: str, templates: Path | None = None
) -> bytes:
    """The template for `kind` (`tac.export.word.TEMPLATE_FILES`) filled with fields made
    ready elsewhere (the oversight report's, by `tac.oversight.report`)."""
    return _render(kind, fields, title, author, templates)


def tac_minutes(
    papers: TacMeetingPapers,
    directory: Directory,
    *,
    author: str = "",
    templates: Path | None = None,
    today: date | None = None,
) -> bytes:
    """The minutes of a team-around-the-child meeting, as a .docx file's bytes."""
    fields = tac_minutes_fields(papers, directory, author=author, today=today or date.today())
    title = f"{fields['title']} {papers.family.reference}"
    return _render("tac_minutes", fields, title, author, templates)


def family_plan(
    papers: FamilyPlanPapers,
    directory: Directory,
    *,
    author: str = "",
    templates: Path | None = None,
    today: date | None = None,
) -> bytes:
    """The family's plan in plain language, as a .docx file's bytes."""
    fields = family_plan_fields(papers, directory, author=author, today=today or date.today())
    title = f"Family plan {papers.family.reference}"
    return _render("family_plan", fields, title, author, templates)


def closing_letter(
    papers: ClosingLetterPapers,
    directory: Directory,
    *,
    author: str = "",
    templates: Path | None = None,
    today: date | None = None,
) -> bytes:
    """The letter to a family whose early help has closed, as a .docx file's bytes."""
    fields = closing_letter_fields(papers, directory, author=author, today=today or date.today())
    title = f"Closing letter {papers.family.reference}"
    return _render("closing_letter", fields, title, author, templates)


def screening_minutes(
    papers: ScreeningMeetingPapers,
    directory: Directory,
    *,
    author: str = "",
    templates: Path | None = None,
    today: date | None = None,
) -> bytes:
    """The minutes of a multi-agency screening meeting, as a .docx file's bytes."""
    fields = screening_minutes_fields(
        papers, directory, author=author, today=today or date.today()
    )
    title = f"Multi-agency screening meeting minutes {papers.meeting.held_on:%d/%m/%Y}"
    return _render("screening_minutes", fields, title, author, templates)


def transfer_summary(
    papers: TransferSummaryPapers,
    directory: Directory,
    *,
    author: str = "",
    templates: Path | None = None,
    today: date | None = None,
) -> bytes:
    """The transfer summary that travels with a family stepped up to children's social
    care, as a .docx file's bytes."""
    fields = transfer_summary_fields(
        papers, directory, author=author, today=today or date.today())
    title = f"Transfer summary to children's social care {papers.family.reference}"
    return _render("transfer_summary", fields, title, author, templates)


def render(
    papers: Papers,
    directory: Directory,
    *,
    author: str = "",
    templates: Path | None = None,
    today: date | None = None,
) -> bytes:
    """Whichever document `papers` are for."""
    options = {"author": author, "templates": templates, "today": today}
    if isinstance(papers, TacMeetingPapers):
        return tac_minutes(papers, directory, **options)
    if isinstance(papers, FamilyPlanPapers):
        return family_plan(papers, directory, **options)
    if isinstance(papers, ClosingLetterPapers):
        return closing_letter(papers, directory, **options)
    if isinstance(papers, TransferSummaryPapers):
        return transfer_summary(papers, directory, **options)
    return screening_minutes(papers, directory, **options)


def file_name(papers: Papers) -> str:
    """What the document is, as a file name: `2026-03-03 TAC minutes EH-2026-0042.docx`."""
    if isinstance(papers, TacMeetingPapers):
        revised = " revised" if papers.meeting.revised_on else ""
        return (f"{papers.meeting.held_on:%Y-%m-%d} TAC minutes {papers.family.reference}"
                f"{revised}.docx")
    if isinstance(papers, FamilyPlanPapers):
        return f"{papers.meeting.held_on:%Y-%m-%d} family plan {papers.family.reference}.docx"
    if isinstance(papers, ClosingLetterPapers):
        closed_on = papers.family.status_history[-1].on
        return f"{closed_on:%Y-%m-%d} closing letter {papers.family.reference}.docx"
    if isinstance(papers, TransferSummaryPapers):
        return (f"{papers.step_up.stepped_up_on:%Y-%m-%d} transfer summary "
                f"{papers.family.reference}.docx")
    return f"{papers.meeting.held_on:%Y-%m-%d} screening minutes.docx"
