"""Every CSV file TAC writes, written one way: a header row, ISO dates, and typed text that
a spreadsheet would run as a formula kept as text.

    >>> csv_bytes(["family_reference", "action"], [["EH-2026-0042", "=HYPERLINK(\\"x\\")"]])
    b'\\xef\\xbb\\xbffamily_reference,action\\r\\nEH-2026-0042,"\\'=HYPERLINK(""x"")"\\r\\n'

A cell someone typed that begins with `=`, `+`, `-` or `@` (or a tab or carriage return,
which some spreadsheets skip before looking) is what OWASP calls CSV injection: Excel or
LibreOffice would run it when the file is opened. Such a cell gets a single quote in front,
which spreadsheets show as text. Numbers and dates are not typed text and are left as they
are (a negative number stays a number).

The files are UTF-8 with a byte order mark, so Excel reads names with accents rightly;
Python's `utf-8-sig`, Datasette and sqlite-utils read them as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str | int | float:
    """One value as a CSV cell: dates ISO (YYYY-MM-DD), None empty, numbers as they are,
    and text starting as a formula would prefixed with a single quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A whole CSV file: the header row, then a row per item, each cell through `cell`."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"a row of {len(row)} cells under {len(header)} headings")
        writer.writerow([cell(value) for value in row])
    return out.getvalue().encode("utf-8-sig")


def write_csv(
    folder: Path | str | None, name: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Path:
    """Write a CSV file into `folder` (default `exports/`) as a new file, owner-only, never
    replacing one already there (`tac.export.files.write_new`); the path written."""
    from tac.export.files import export_folder, write_new

    return write_new(export_folder(folder), name, csv_bytes(header, rows))
