"""A batch export of the demo caseload: every document a real administrator would send."""

from __future__ import annotations

import re
import stat
from datetime import date

import pytest

from tac.demo import build_demo
from tac.export.batch import export_batch
from tac.models import FamilyStatus, MeetingStatus
from tac.store import Store
from tests.export.reading import body_text, header_text, headings, read, repeats_header

TODAY = date(2026, 3, 3)
DATA_TABLES = {"Name", "Family", "Action", "Who", "What will be done", "What will happen",
               "What was done"}
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    with Store.open(folder / "demo.db", actor="Helen Marsh", create=True) as store:
        store.load(build_demo(families=40, seed=1, today=TODAY), note="export test")
        progress: list[tuple[int, int]] = []
        result = export_batch(store, folder / "out",
                              progress=lambda done, total: progress.append((done, total)))
        finished_tac = len(store.tac_meetings(status=MeetingStatus.FINISHED))
        finished_screening = len(store.screening_meetings(status=MeetingStatus.FINISHED))
        open_families = [f for f in store.families() if f.is_open]
        met = {m.family_id for m in store.tac_meetings(status=MeetingStatus.FINISHED)}
        closed_after_meeting = [f for f in store.families()
                                if f.status is FamilyStatus.CLOSED and f.id in met]
    return result, progress, finished_tac, finished_screening, open_families, closed_after_meeting


def test_one_document_per_finished_meeting_open_family_and_closure(demo_export):
    (result, progress, finished_tac, finished_screening, open_families,
     closed_after_meeting) = demo_export
    names = [p.name for p in result.paths]
    assert sum("TAC minutes" in n for n in names) == finished_tac
    assert sum("screening minutes" in n for n in names) == finished_screening
    plans = sum("family plan" in n for n in names)
    letters = sum("closing letter" in n for n in names)
    assert letters == len(closed_after_meeting), "a closing letter for each family closed"
    # Every open family has a plan, or is listed as having no finished meeting yet.
    assert plans + len(result.left_out) == len(open_families)
    assert plans > 0
    assert progress[-1] == (len(names), len(names))


def test_every_demo_document_reads_back_as_a_proper_document(demo_export):
    result = demo_export[0]
    for path in result.paths:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path.name
        document = read(path.read_bytes())
        assert "OFFICIAL-SENSITIVE" in header_text(document), path.name
        assert "Heading 1" in headings(document).values(), path.name
        text = body_text(document)
        assert "{{" not in text and "{%" not in text, path.name
        assert re.search(rf"\b\d{{1,2}} ({MONTHS}) \d{{4}}\b", text), path.name
        tables = [t for t in document.tables if t.rows[0].cells[0].text in DATA_TABLES]
        assert all(repeats_header(t) for t in tables), path.name
        # A closing letter shows its table of what was done only when something was.
        assert tables or "closing letter" in path.name, path.name
