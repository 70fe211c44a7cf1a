"""`tac report oversight`: the Word report read back, the CSV files beside it, typed text
that a spreadsheet would run kept as text, and who may write it."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

from tac.access.roles import Principal, Role
from tac.cli import main
from tac.csv_out import csv_bytes
from tac.demo import build_demo
from tac.errors import Refused
from tac.models import Action, ActionStatus, FamilyStatus
from tac.oversight.report import write_oversight_report
from tac.store import Store

TODAY = date(2026, 3, 3)
FORMULA = "=HYPERLINK(\"http://example.com\",\"click\")"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    opened = Store.open(tmp_path_factory.mktemp("report") / "tac.db", actor="Helen Marsh")
    opened.load(build_demo(families=40, seed=1, today=TODAY), note="demo")
    # Someone typed an action that a spreadsheet would run as a formula.
    action = _overdue_in_open_family(opened)
    opened.save(action.model_copy(update={"what": FORMULA}))
    yield opened
    opened.close()


def _overdue_in_open_family(store: Store) -> Action:
    open_ids = {f.id for f in store.families() if f.status in (FamilyStatus.OPEN,
                                                               FamilyStatus.STEPPED_DOWN)}
    return next(a for a in store.actions(status=ActionStatus.OPEN)
                if a.due_on < TODAY and a.family_id in open_ids)


@pytest.fixture(scope="module")
def written(store, tmp_path_factory):
    return write_oversight_report(store, TODAY, tmp_path_factory.mktemp("out"), today=TODAY)


def read_csv(path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_a_cell_a_spreadsheet_would_run_stays_text() -> None:
    content = csv_bytes(["text", "number", "day"], [
        ["=1+1", -2, date(2026, 3, 3)], ["+44 161 496 0000", 3.5, None], ["-x", 0, None],
        ["@SUM(A1)", 1, None], ["\tcmd", 1, None], ["\rcmd", 1, None], ["plain - text", 1, None],
    ])
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["text", "number", "day"]
    assert [r[0] for r in rows[1:]] == ["'=1+1", "'+44 161 496 0000", "'-x", "'@SUM(A1)",
                                        "'\tcmd", "'\rcmd", "plain - text"]
    assert rows[1][1:] == ["-2", "2026-03-03"]
    assert content.startswith(b"\xef\xbb\xbf")


def test_the_report_and_its_csv_files_are_written_beside_each_other(written) -> None:
    names = [p.name for p in written]
    assert names[0] == "2026-03-03 oversight report.docx"
    for needed in ("overdue_actions.csv", "late_reviews.csv", "no_lead_professional.csv",
                   "rising_vulnerability.csv"):
        assert needed in names
    assert all(p.parent == written[0].parent for p in written)
    assert all(p.stat().st_mode & 0o077 == 0 for p in written)  # owner-only


def test_overdue_actions_csv_counts_the_open_actions_past_due_in_the_dump(store, written) -> None:
    dump = store.dump()
    expected = [a for f in dump.families if f.family.status in (FamilyStatus.OPEN,
                                                                  FamilyStatus.STEPPED_DOWN)
                for a in f.actions if a.status is ActionStatus.OPEN and a.due_on < TODAY]
    rows = read_csv(written[0].parent / "overdue_actions.csv")
    assert list(rows[0]) == ["family_reference", "action", "owner", "agency", "due_on",
                             "days_overdue"]
    assert len(rows) == len(expected)
    assert all(date.fromisoformat(r["due_on"]) < TODAY for r in rows)  # ISO dates
    assert "'" + FORMULA in [r["action"] for r in rows]
    assert FORMULA not in [r["action"] for r in rows]


def test_the_other_csv_files_have_their_header_rows_and_iso_dates(written) -> None:
    folder = written[0].parent
    late = read_csv(folder / "late_reviews.csv")
    assert late and list(late[0]) == ["family_reference", "review_due_on", "days_late",
                                      "lead_professional"]
    assert all(date.fromisoformat(r["review_due_on"]) < TODAY for r in late)
    no_lead = read_csv(folder / "no_lead_professional.csv")
    assert no_lead and date.fromisoformat(no_lead[0]["open_since"]) <= TODAY
    rising = read_csv(folder / "rising_vulnerability.csv")
    assert rising and list(rising[0]) == ["family_reference", "child", "previous_score",
                                          "latest_score"]
    rose = [r for r in rising if r["previous_score"]]
    assert len(rose) >= 3 and all(int(r["latest_score"]) - int(r["previous_score"]) >= 3
                                  for r in rose)


def test_the_word_report_is_marked_headed_and_has_header_rows_and_page_numbers(written) -> None:
    document = Document(str(written[0]))
    header = " ".join(p.text for s in document.sections for p in s.header.paragraphs)
    assert "OFFICIAL-SENSITIVE" in header and "3 March 2026" in header
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "OFFICIAL-SENSITIVE" in footer
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in ("Drift now", "Actions overdue by owner", "Reviews late", "Actions overdue",
                    "No lead professional", "Caseload", "Impact", "Rising vulnerability"):
        assert heading in headings
    assert any(h.startswith("Flow, ") for h in headings)
    assert document.paragraphs[0].text == "Oversight and impact"
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
    drift = next(t for t in document.tables if t.rows[0].cells[0].text == "What has slipped")
    figures = {r.cells[0].text: r.cells[1].text for r in drift.rows[1:]}
    assert int(figures["Actions overdue"]) == len(read_csv(written[0].parent / "overdue_actions.csv"))
    assert document.core_properties.keywords == "OFFICIAL-SENSITIVE"


def test_writing_the_report_is_in_the_access_log(store, written) -> None:
    rows = store._rows("SELECT actor, what, outcome FROM access_log WHERE what = 'oversight report'")
    assert rows == [{"actor": "Helen Marsh", "what": "oversight report", "outcome": "allowed"}]


def test_a_partner_is_refused_and_nothing_is_written(store, tmp_path) -> None:
    partner = Principal("Jo Bloggs", Role.PARTNER, agency_name="Abbey Fields School")
    seen = Store.open(store.path, actor=partner, create=False)
    try:
        with pytest.raises(Refused, match=r"^Jo Bloggs \(partner, Abbey Fields School\) may not"):
            write_oversight_report(seen, TODAY, tmp_path / "out")
    finally:
        seen.close()
    assert not (tmp_path / "out").exists()


def test_tac_report_oversight_from_the_command_line(store, tmp_path, capsys) -> None:
    out = tmp_path / "out"
    code = main(["--db", str(store.path), "report", "oversight", "--as-of", "03/03/2026",
                 "--out", str(out)])
    printed = capsys.readouterr()
    assert code == 0
    assert (out / "2026-03-03 oversight report.docx").is_file()
    assert (out / "overdue_actions.csv").is_file()
    assert "CSV files written" in printed.err
    # A second report the same day keeps the first.
    assert main(["--db", str(store.path), "report", "oversight", "--as-of", "03/03/2026",
                 "--out", str(out)]) == 0
    assert (out / "2026-03-03 oversight report (2).docx").is_file()
    assert main(["--db", str(store.path), "report", "oversight", "--as-of", "31/02/2026"]) == 2
    assert "as of" in capsys.readouterr().err
