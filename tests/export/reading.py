"""Reading a Word document back the way a person would: its sections, tables and header."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.table import Table


def read(content: bytes) -> WordDocument:
    return Document(io.BytesIO(content))


def body_text(document: WordDocument) -> str:
    paragraphs = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(paragraphs + cells)


def header_text(document: WordDocument) -> str:
    return "\n".join(p.text for s in document.sections for p in s.header.paragraphs)


def footer_xml(document: WordDocument) -> str:
    return "".join(s.footer._element.xml for s in document.sections)


def headings(document: WordDocument) -> dict[str, str]:
    """Heading text -> style name, for every paragraph in a heading or title style."""
    return {
        p.text: p.style.name
        for p in document.paragraphs
        if p.style.name.startswith("Heading") or p.style.name == "Title"
    }


def section(document: WordDocument, heading: str) -> list[str]:
    """The paragraphs under a Heading 1 up to the next Heading 1 (tables not included)."""
    lines: list[str] = []
    inside = False
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 1":
            inside = paragraph.text == heading
            continue
        if inside and paragraph.text:
            lines.append(paragraph.text)
    return lines


def table_with(document: WordDocument, *heading: str) -> Table:
    """The table whose header row starts with these column headings."""
    for table in document.tables:
        cells = [c.text for c in table.rows[0].cells]
        if cells[: len(heading)] == list(heading):
            return table
    raise AssertionError(f"no table headed {heading!r}")


def rows(table: Table) -> list[list[str]]:
    """Body rows (after the header) as lists of cell text."""
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def repeats_header(table: Table) -> bool:
    trpr = table.rows[0]._tr.find(qn("w:trPr"))
    return trpr is not None and trpr.find(qn("w:tblHeader")) is not None
