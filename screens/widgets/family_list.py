"""The families list: one pre-formatted line per family, fast to replace as you type.

An OptionList of single lines is redrawn several times faster than a DataTable of the
same rows (one text to draw per line instead of one per cell), which is what keeps the
filter quick at 20,000 families.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from tac.store import FamilyRow

# (heading, width): the widths and single spaces between add up to fit 100 columns.
COLUMNS = [("Reference", 12), ("Family", 14), ("Postcode", 8), ("Status", 12),
           ("Level", 5), ("Lead professional", 17), ("Review", 10), ("Overdue", 7)]


def _cell(text: str, width: int) -> str:
    return text[: width - 1] + "…" if len(text) > width else text.ljust(width)


def heading() -> str:
    """The column headings, spaced as the lines are."""
    return " ".join(_cell(name, width) for name, width in COLUMNS)


def family_line(row: FamilyRow, today: date) -> Content:
    """One family as a line: what has drifted (a late review, no lead professional, the
    overdue count) in bold, by the same rule as the home screen's lists."""
    from tac import rules
    from tac.dates import form_date
    from tac.models import FAMILY_STATUS_LABELS, FamilyStatus

    widths = [width for _, width in COLUMNS]
    name = row.name.removeprefix(row.reference).strip().removesuffix(" family")
    drift = rules.family_drift(row, today)
    no_lead = drift is not None and drift.no_lead_professional
    late = drift is not None and drift.review_late
    lead = row.lead_professional or ("none" if row.is_open else "")
    overdue = str(row.overdue_actions) if row.overdue_actions else ""
    plain = [row.reference, name, row.postcode, FAMILY_STATUS_LABELS[FamilyStatus(row.status)],
             str(row.level or "")]
    return Content.assemble(
        " ".join(_cell(text, width) for text, width in zip(plain, widths, strict=False)), " ",
        (_cell(lead, widths[5]), "bold" if no_lead else ""),
        " ",
        (_cell(form_date(row.next_review_on), widths[6]), "bold" if late else ""), " ",
        (overdue.rjust(widths[7]), "bold"),
    )


class FamilyList(OptionList):
    """Enter on a line posts OptionSelected with the family's id as the option id."""

    def show(self, rows: list[FamilyRow], today: date) -> None:
        self.set_options(Option(family_line(row, today), id=row.id) for row in rows)
        if rows:
            self.highlighted = 0

    @property
    def family_ids(self) -> list[str]:
        return [self.get_option_at_index(i).id or "" for i in range(self.option_count)]
