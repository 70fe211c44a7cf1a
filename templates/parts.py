"""The pieces TAC's default Word templates are built from: the page with its marking,
the styles, and blocks holding docxtpl tags (loops, tables with repeating header rows).
Used by build_defaults.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

MARKING = "OFFICIAL-SENSITIVE"
NONE_RECORDED = "None recorded"
INK = RGBColor(0x1F, 0x38, 0x64)
HEADER_FILL = "D9E2F3"
FONT = "Arial"
USABLE_WIDTH_MM = 170


def or_none(expression: str) -> str:
    """A tag printing `expression`, or "None recorded" when it is empty."""
    return f"{{% if {expression} %}}{{{{ {expression} }}}}{{% else %}}{NONE_RECORDED}{{% endif %}}"


# -- the page, the styles and the header and footer ------------------------------------


def _set_fonts(element, size: float | None = None) -> None:
    """Set one font for every script (Latin, complex such as Arabic, East Asian).

    python-docx's `font.name` leaves the theme attributes in place, and Word lets those
    win, so the headings would keep the theme's font whatever we chose.
    """
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), FONT)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            node = rpr.find(qn(tag))
            if node is None:
                node = OxmlElement(tag)
                rpr.append(node)
            node.set(qn("w:val"), str(int(size * 2)))


def _language(document: WordDocument) -> None:
    """English (UK) for spelling and dates, in the defaults every style inherits."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-GB")
    lang.set(qn("w:bidi"), "ar-SA")
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), "en-GB")


def _styles(document: WordDocument) -> None:
    styles = document.styles
    _set_fonts(styles["Normal"].element, 11)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 20), ("Subtitle", 13), ("Heading 1", 14), ("Heading 2", 12)):
        style = styles[name]
        _set_fonts(style.element, size)
        style.font.color.rgb = INK
        style.font.bold = name != "Subtitle"
        style.font.italic = False
    styles["Heading 1"].paragraph_format.space_before = Pt(14)
    styles["Heading 2"].paragraph_format.space_before = Pt(10)
    _set_fonts(styles["List Bullet"].element)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in on every page."""

    def fld_char(kind: str) -> None:
        node = OxmlElement("w:fldChar")
        node.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(node)

    fld_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    fld_char("separate")
    paragraph.add_run("1")
    fld_char("end")


def _page(document: WordDocument, header_line: str) -> None:
    """A4 portrait, with the protective marking at the top and bottom of every page."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(22)
    section.header_distance = section.footer_distance = Mm(10)

    header = section.header
    marking = header.paragraphs[0]
    marking.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = marking.add_run(MARKING)
    run.bold = True
    detail = header.add_paragraph()
    detail.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = detail.add_run(header_line)
    run.font.size = Pt(9)

    footer = section.footer
    pages = footer.paragraphs[0]
    pages.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pages.add_run("Page ")
    _field(pages, "PAGE")
    pages.add_run(" of ")
    _field(pages, "NUMPAGES")
    for run in pages.runs:
        run.font.size = Pt(9)
    marking = footer.add_paragraph()
    marking.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = marking.add_run(MARKING)
    run.bold = True


def new_template(title: str, header_line: str) -> WordDocument:
    """An empty template: page, styles, header and footer, core properties."""
    document = Document()
    _styles(document)
    _language(document)
    _page(document, header_line)
    props = document.core_properties
    props.title = title
    props.author = "TAC"
    props.language = "en-GB"
    props.keywords = MARKING
    props.comments = "Restyle freely in Word; the tags are listed in docs/templates.md."
    return document


# -- blocks ----------------------------------------------------------------------------


def tag(document: WordDocument, statement: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag, removed when rendered."""
    document.add_paragraph(f"{{%p {statement} %}}")


def bullets(
    document: WordDocument, loop: str, item: str, when_empty: str | None = NONE_RECORDED
) -> None:
    """A bulleted list from a loop, or `when_empty` ("None recorded") when the list is
    empty; nothing at all when `when_empty` is None."""
    tag(document, f"for {loop}")
    document.add_paragraph(item, style="List Bullet")
    if when_empty is not None:
        tag(document, "else")
        document.add_paragraph(when_empty)
    tag(document, "endfor")


def labelled(document: WordDocument, label: str, value: str) -> Paragraph:
    """`Label: value`, the label in bold."""
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(value)
    return paragraph


def _widths(table: Table, widths_mm: Sequence[float]) -> None:
    """Column widths, in the grid (LibreOffice reads) and every cell (Word reads)."""
    total = sum(widths_mm)
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width * USABLE_WIDTH_MM / total)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width * USABLE_WIDTH_MM / total)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_as_header(row) -> None:
    """Mark a row as the table's header: Word repeats it at the top of every page."""
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _keep_row_together(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def data_table(
    document: WordDocument,
    headings: Sequence[str],
    loop: str,
    cells: Sequence[str],
    widths_mm: Sequence[float],
    when_empty: str | None = NONE_RECORDED,
) -> Table:
    """A table with a repeating header row, one row per item, `when_empty` ("None
    recorded") in a row of its own if none; no such row when `when_empty` is None."""
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, heading in zip(header.cells, headings, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
        _shade(cell, HEADER_FILL)
    table.add_row().cells[0].text = f"{{%tr for {loop} %}}"
    row = table.add_row()
    _keep_row_together(row)
    for cell, text in zip(row.cells, cells, strict=True):
        cell.text = text
    if when_empty is not None:
        table.add_row().cells[0].text = "{%tr else %}"
        empty = table.add_row().cells
        merged = empty[0].merge(empty[-1])
        merged.text = when_empty
    table.add_row().cells[0].text = "{%tr endfor %}"
    _widths(table, widths_mm)
    document.add_paragraph()
    return table


def facts_table(document: WordDocument, rows: Sequence[tuple[str, str]]) -> Table:
    """A two-column table of labelled facts (not a data table: no header row)."""
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        row = table.add_row()
        _keep_row_together(row)
        row.cells[0].paragraphs[0].add_run(label).bold = True
        _shade(row.cells[0], HEADER_FILL)
        row.cells[1].text = value
    _widths(table, (50, 120))
    document.add_paragraph()
    return table


def warning(document: WordDocument, field: str) -> None:
    """A bold paragraph printing `field`, only when it is not empty."""
    tag(document, f"if {field}")
    document.add_paragraph().add_run(f"{{{{ {field} }}}}").bold = True
    tag(document, "endif")


def distribution(
    document: WordDocument, heading: str, not_sent: bool = False,
    when_empty: str | None = NONE_RECORDED,
) -> None:
    """Who the document goes to; with `not_sent`, a line for each professional left off
    (their agency is outside the family's consent) saying why."""
    document.add_heading(heading, 1)
    bullets(document, "d in distribution", "{{ d }}", when_empty)
    if not_sent:
        tag(document, "for n in not_sent")
        document.add_paragraph("{{ n }}")
        tag(document, "endfor")
    closing = document.add_paragraph()
    closing.add_run(
        f"This document is {MARKING}. Share it only with the people listed above. "
        "Exported by {{ author }} on {{ exported_on }}."
    ).font.size = Pt(9)


def columns_table(
    document: WordDocument, columns: Sequence[tuple[str, str, str]]
) -> Table:
    """Side by side columns (`(heading, loop, item)` each), each a list from its loop with
    "None recorded" when empty: the three columns of a Signs of Safety assessment."""
    table = document.add_table(rows=2, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header, body = table.rows
    _repeat_as_header(header)
    for cell, (heading, _, _) in zip(header.cells, columns, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
        _shade(cell, HEADER_FILL)
    for cell, (_, loop, item) in zip(body.cells, columns, strict=True):
        cell.paragraphs[0].text = f"{{%p for {loop} %}}"
        for text in (item, "{%p else %}", NONE_RECORDED, "{%p endfor %}"):
            cell.add_paragraph(text)
    _widths(table, [1] * len(columns))
    document.add_paragraph()
    return table


def closing_note(document: WordDocument, who: str) -> None:
    """The small print at the end: the marking, who may see it, who exported it and when."""
    closing = document.add_paragraph()
    closing.add_run(
        f"This document is {MARKING}. {who} "
        "Exported by {{ author }} on {{ exported_on }}."
    ).font.size = Pt(9)
