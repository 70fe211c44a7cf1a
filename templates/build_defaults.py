"""Build the Word templates TAC ships with, from code, so they stay consistent.

    python -m tac.templates.build_defaults [DIR]     (default: this folder)

The committed `.docx` files are the output of this script. An administrator never needs
it: they copy a template (`tac export templates DIR`), restyle it in Word, and point TAC at
their folder. The tags inside (`{{ meeting.held_on }}`, `{%tr for a in actions %}`) are
docxtpl's; docs/templates.md lists every field each template can use.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

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


def bullets(document: WordDocument, loop: str, item: str) -> None:
    """A bulleted list from a loop, or "None recorded" when the list is empty."""
    tag(document, f"for {loop}")
    document.add_paragraph(item, style="List Bullet")
    tag(document, "else")
    document.add_paragraph(NONE_RECORDED)
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
) -> Table:
    """A table with a repeating header row, one row per item, "None recorded" if none."""
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
    table.add_row().cells[0].text = "{%tr else %}"
    empty = table.add_row().cells
    merged = empty[0].merge(empty[-1])
    merged.text = NONE_RECORDED
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


def distribution(document: WordDocument, heading: str) -> None:
    document.add_heading(heading, 1)
    bullets(document, "d in distribution", "{{ d }}")
    closing = document.add_paragraph()
    closing.add_run(
        f"This document is {MARKING}. Share it only with the people listed above. "
        "Exported by {{ author }} on {{ exported_on }}."
    ).font.size = Pt(9)


# -- the three documents ---------------------------------------------------------------


def tac_minutes() -> WordDocument:
    document = new_template(
        "Team around the child meeting minutes",
        "Team around the child meeting minutes | {{ reference }} | {{ meeting.held_on }}",
    )
    document.add_heading("Team around the child meeting minutes", 0)
    document.add_paragraph("{{ meeting.kind }} meeting for the {{ family.name }}", "Subtitle")
    facts_table(
        document,
        [
            ("Family reference", "{{ reference }}"),
            ("Children", or_none("family.children")),
            ("Meeting", "{{ meeting.kind }} meeting"),
            ("Date", "{{ meeting.held_on }}"),
            ("Chair", or_none("meeting.chair")),
            ("Minutes taken by", or_none("meeting.minute_taker")),
            ("Lead professional", or_none("lead.name")),
        ],
    )

    document.add_heading("The family", 1)
    data_table(
        document,
        ["Name", "Relationship", "Date of birth", "School, setting or GP"],
        "p in family.people",
        ["{{ p.name }}", "{{ p.relationship }}", "{{ p.date_of_birth }}", "{{ p.setting }}"],
        (45, 35, 35, 55),
    )

    document.add_heading("Attendance", 1)
    data_table(
        document,
        ["Name", "Role and agency", "Attendance", "Update"],
        "a in attendance",
        ["{{ a.name }}", "{{ a.role }}", "{{ a.status }}", "{{ a.report }}"],
        (35, 40, 25, 70),
    )

    document.add_heading("Consent to share information", 1)
    labelled(document, "Confirmed at this meeting", "{{ consent.confirmed }}")
    labelled(document, "Consent in force", or_none("consent.summary"))

    document.add_heading("The family's views", 1)
    document.add_paragraph(or_none("family_voice"))

    document.add_heading("The children's views", 1)
    tag(document, "for c in child_voices")
    document.add_heading("{{ c.name }}", 2)
    labelled(document, "House of worries", or_none("c.worries"))
    labelled(document, "House of good things", or_none("c.good_things"))
    labelled(document, "House of dreams", or_none("c.dreams"))
    tag(document, "else")
    document.add_paragraph(NONE_RECORDED)
    tag(document, "endfor")

    tag(document, "if meeting.is_review")
    document.add_heading("Review of the last plan", 1)
    data_table(
        document,
        ["Action", "Who", "By when", "Done?", "Comment"],
        "r in action_reviews",
        ["{{ r.what }}", "{{ r.who }}", "{{ r.due_on }}", "{{ r.outcome }}", "{{ r.note }}"],
        (55, 30, 25, 20, 40),
    )
    tag(document, "endif")

    document.add_heading("Signs of Safety assessment", 1)
    document.add_heading("What's working well?", 2)
    bullets(document, "item in working_well", "{{ item.text }}")
    document.add_heading("What are we worried about?", 2)
    bullets(document, "item in worries", "{{ item.label }}{{ item.text }}")
    document.add_heading("Danger statements", 2)
    tag(document, "for s in danger_statements")
    document.add_paragraph("{{ s.text }}", style="List Bullet")
    tag(document, "if s.family_disagrees")
    labelled(document, "Where the family sees it differently", "{{ s.family_disagrees }}")
    tag(document, "endif")
    tag(document, "else")
    document.add_paragraph(NONE_RECORDED)
    tag(document, "endfor")
    document.add_heading("Safety goals", 2)
    bullets(document, "g in safety_goals", "{{ g.text }}{{ g.scale }}")
    document.add_heading("What needs to happen?", 2)
    bullets(document, "item in next_steps", "{{ item.text }}")

    document.add_heading("Scaling", 1)
    document.add_paragraph(
        "On a scale of 0 to 10, where 10 means everyone knows the children are safe enough "
        "for the plan to close and 0 means things are so bad the children cannot stay at "
        "home, where are we today?"
    )
    data_table(
        document,
        ["Who", "Today", "Last time", "Why this number"],
        "s in scaling",
        ["{{ s.name }}", "{{ s.score }}", "{{ s.previous }}", "{{ s.reason }}"],
        (40, 18, 22, 90),
    )

    document.add_heading("Action plan", 1)
    data_table(
        document,
        ["What will be done", "Who", "By when", "How we will know it worked"],
        "a in actions",
        ["{{ a.what }}", "{{ a.who }}", "{{ a.due_on }}", "{{ a.success_measure }}"],
        (60, 35, 25, 50),
    )

    document.add_heading("Lead professional", 1)
    tag(document, "if lead")
    document.add_paragraph("{{ lead.name }}{{ lead.role_and_agency }}")
    labelled(document, "Phone", or_none("lead.phone"))
    labelled(document, "Email", or_none("lead.email"))
    tag(document, "else")
    document.add_paragraph(NONE_RECORDED)
    tag(document, "endif")

    document.add_heading("Next review", 1)
    document.add_paragraph(or_none("next_review_on"))

    tag(document, "if meeting.closure_reason")
    document.add_heading("Closure", 1)
    labelled(document, "Reason for closing the plan", "{{ meeting.closure_reason }}")
    tag(document, "endif")

    distribution(document, "Distribution")
    return document


def family_plan() -> WordDocument:
    document = new_template(
        "Family plan",
        "Family plan | {{ reference }} | agreed {{ meeting.held_on }}",
    )
    document.add_heading("Our plan with your family", 0)
    document.add_paragraph("For {{ family.names }}", "Subtitle")
    document.add_paragraph(
        "We made this plan with you at our meeting on {{ meeting.held_on }}. It says what is "
        "going well, what we are worried about and what needs to happen next. We will look "
        "at it again together at our next meeting."
    )

    document.add_heading("What's going well", 1)
    bullets(document, "item in working_well", "{{ item.text }}")

    document.add_heading("What we're worried about", 1)
    bullets(document, "item in worries", "{{ item.text }}")
    tag(document, "if danger_statements")
    document.add_heading("What we worry could happen", 2)
    tag(document, "for s in danger_statements")
    document.add_paragraph("{{ s.text }}", style="List Bullet")
    tag(document, "if s.family_disagrees")
    labelled(document, "What you told us about this", "{{ s.family_disagrees }}")
    tag(document, "endif")
    tag(document, "endfor")
    tag(document, "endif")

    document.add_heading("What needs to happen", 1)
    bullets(document, "item in next_steps", "{{ item.text }}")
    tag(document, "if safety_goals")
    document.add_heading("What we want to see", 2)
    bullets(document, "g in safety_goals", "{{ g.text }}")
    tag(document, "endif")

    document.add_heading("What you told us", 1)
    document.add_paragraph(or_none("family_voice"))
    tag(document, "for c in child_voices")
    document.add_heading("What {{ c.first_name }} told us", 2)
    labelled(document, "Worries", or_none("c.worries"))
    labelled(document, "Good things", or_none("c.good_things"))
    labelled(document, "Hopes and dreams", or_none("c.dreams"))
    tag(document, "endfor")

    document.add_heading("Who will do what", 1)
    data_table(
        document,
        ["What will happen", "Who will do it", "By when", "How we will know it has worked"],
        "a in actions",
        ["{{ a.what }}", "{{ a.who }}", "{{ a.due_on }}", "{{ a.success_measure }}"],
        (60, 35, 25, 50),
    )

    document.add_heading("How things are now", 1)
    document.add_paragraph(
        "At the meeting everyone gave a number from 0 to 10. 10 means everyone is sure the "
        "children are safe and well enough for this plan to end. 0 means things are so bad "
        "the children cannot stay at home."
    )
    data_table(
        document,
        ["Who", "Number", "Why"],
        "s in scaling",
        ["{{ s.name }}", "{{ s.score }}", "{{ s.reason }}"],
        (45, 20, 105),
    )

    document.add_heading("Your lead professional", 1)
    tag(document, "if lead")
    document.add_paragraph(
        "{{ lead.name }}{{ lead.role_and_agency }} is your lead professional: the person to "
        "talk to about this plan."
    )
    labelled(document, "Phone", or_none("lead.phone"))
    labelled(document, "Email", or_none("lead.email"))
    tag(document, "else")
    document.add_paragraph(NONE_RECORDED)
    tag(document, "endif")

    document.add_heading("Our next meeting", 1)
    document.add_paragraph(
        "{% if next_review_on %}Our next meeting is on {{ next_review_on }}."
        f"{{% else %}}{NONE_RECORDED}{{% endif %}}"
    )

    distribution(document, "Who has a copy of this plan")
    return document


def screening_minutes() -> WordDocument:
    document = new_template(
        "Multi-agency screening meeting minutes",
        "Multi-agency screening meeting minutes | {{ meeting.held_on }}",
    )
    document.add_heading("Multi-agency screening meeting minutes", 0)
    facts_table(
        document,
        [
            ("Date", "{{ meeting.held_on }}"),
            ("Chair", or_none("meeting.chair")),
            ("Referrals decided", "{{ decisions|length }}"),
        ],
    )

    document.add_heading("Attendance", 1)
    data_table(
        document,
        ["Name", "Role", "Agency"],
        "a in attendance",
        ["{{ a.name }}", "{{ a.role }}", "{{ a.agency }}"],
        (50, 60, 60),
    )

    document.add_heading("Summary of decisions", 1)
    data_table(
        document,
        ["Family", "Decision", "Level", "Taken forward by", "By when"],
        "d in decisions",
        ["{{ d.family }}", "{{ d.outcome }}", "{{ d.level }}", "{{ d.allocated_to }}",
         "{{ d.due_on }}"],
        (40, 45, 15, 40, 30),
    )

    document.add_heading("Decisions", 1)
    tag(document, "for d in decisions")
    document.add_heading("{{ d.family }}: {{ d.outcome }}", 2)
    facts_table(
        document,
        [
            ("Referral", "Received {{ d.received_on }} from {{ d.referrer }}"),
            ("Concerns", "{{ d.concerns }}"),
            ("Consent to the referral", "{{ d.consent }}"),
            ("Decision", "{{ d.outcome }}"),
            ("Level of need", "{{ d.level_label }}"),
            ("Rationale", "{{ d.rationale }}"),
            ("Signposted to", or_none("d.signposted_to")),
            ("Taken forward by", or_none("d.allocated_to")),
            ("By when", or_none("d.due_on")),
            ("Dissent", or_none("d.dissent")),
            ("Referrer told of the decision", "{{ d.referrer_informed }}"),
        ],
    )
    tag(document, "else")
    document.add_paragraph(NONE_RECORDED)
    tag(document, "endfor")

    distribution(document, "Distribution")
    return document


TEMPLATES = {
    "tac-minutes.docx": tac_minutes,
    "family-plan.docx": family_plan,
    "screening-minutes.docx": screening_minutes,
}


def build(folder: Path) -> list[Path]:
    """Write the default templates into `folder`; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in TEMPLATES.items():
        path = folder / name
        make().save(str(path))
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for written_path in build(target):
        print(written_path)
