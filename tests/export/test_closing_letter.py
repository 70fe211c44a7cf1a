"""The plan of a family whose early help has closed is a closing letter to the family:
what we achieved together and who to contact, never a next meeting or "None recorded"."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tac.bundle import Bundle, FamilyFile
from tac.cli import main
from tac.export import export_minutes, export_plan
from tac.export.batch import export_batch
from tac.export.gather import plan_papers
from tac.export.papers import ClosingLetterPapers, FamilyPlanPapers
from tac.meetings.tac_meeting import finish_tac_meeting, open_tac_meeting, start_tac_meeting
from tac.models import AttendanceStatus, ClosureReason, Family, StatusChange, TacMeetingKind
from tac.store import Store
from tests.export.conftest import CHAIR, HEALTH, HUB, LEAD, NURSE, SCHOOL, TEACHER
from tests.export.reading import body_text, header_text, headings, read, section

CLOSED_ON = date(2026, 4, 14)
SUMMARY = "The boys feel safe at home and Sarah has a repayment plan with the landlord."
FRONT_DOOR = "Oakfield Early Help, 01632 960 000, Monday to Friday 9 to 5"
NEXT = re.compile(r"(?<!no )next (meeting|review)", re.IGNORECASE)


@pytest.fixture
def store(tmp_path, family, first_meeting, review_meeting, old_action, new_action):
    """The Smith family, closed at a review's follow-up: stepped down to universal services."""
    bundle = Bundle(
        agencies=[SCHOOL, HEALTH, HUB], professionals=[LEAD, TEACHER, NURSE, CHAIR],
        families=[FamilyFile(family=family, tac_meetings=[first_meeting, review_meeting],
                             actions=[old_action, new_action])],
    )
    with Store.open(tmp_path / "tac.db", actor="Helen Marsh", create=True) as opened:
        opened.load(bundle, note="closing letter tests")
        opened.set_setting("front_door", FRONT_DOOR)
        draft = start_tac_meeting(open_tac_meeting(opened, "fam"), CLOSED_ON,
                                  kind=TacMeetingKind.CLOSURE)
        for row in draft.attendance:
            row.status = AttendanceStatus.PRESENT
        draft.consent_confirmed = True
        draft.closure_reason = ClosureReason.STEPPED_DOWN_TO_UNIVERSAL
        draft.closing_level = 1
        draft.closing_summary = SUMMARY
        draft.family_voice = "We know who to ring now."
        finish_tac_meeting(opened, draft)
        yield opened


def test_a_closed_familys_plan_is_a_closing_letter(store, tmp_path):
    assert isinstance(plan_papers(store, "fam"), ClosingLetterPapers)
    path = export_plan(store, "fam", out=tmp_path / "out")
    assert path.name == "2026-04-14 closing letter EH-2026-0042.docx"
    document = read(path.read_bytes())
    text = body_text(document)

    assert "None recorded" not in text
    assert not NEXT.search(text), NEXT.search(text)
    assert "OFFICIAL-SENSITIVE" in header_text(document)
    assert "Closing letter | EH-2026-0042 | closed 14 April 2026" in header_text(document)
    assert "We met together for the last time on 14 April 2026" in text
    assert "Why the plan closed: Stepped down to universal services" in text
    assert "Level of need now: Universal" in text
    achieved = section(document, "What we achieved together")
    assert achieved[0] == SUMMARY
    assert "Book a GP appointment for Jayden" in text, "the actions done"
    assert "We know who to ring now." in section(document, "What you told us")
    contact = " ".join(section(document, "If things get hard again"))
    assert f"Contact {FRONT_DOOR}." in contact
    assert "Priya Shah (Family support worker, Early Help Hub), who was your lead professional" \
        in contact
    assert "Phone: 01632 960 123" in contact
    assert headings(document)["Our work together has come to an end"] == "Title"


def test_tac_export_plan_writes_the_letter_and_the_batch_sends_it_too(store, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["--db", str(store.path), "export", "plan", "EH-2026-0042",
                 "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip().endswith("2026-04-14 closing letter EH-2026-0042.docx")
    result = export_batch(store, tmp_path / "batch", since=CLOSED_ON)
    names = sorted(p.name for p in result.paths)
    assert names == ["2026-04-14 TAC minutes EH-2026-0042.docx",
                     "2026-04-14 closing letter EH-2026-0042.docx"]
    letter = body_text(read((tmp_path / "batch" / names[1]).read_bytes()))
    assert SUMMARY in letter and "None recorded" not in letter


def test_a_family_referred_again_gets_a_live_plan_once_more(store):
    """Only a closed family's plan is a letter: open again, its plan is the live one."""
    reopened = store.get(Family, "fam")
    reopened.change_status(StatusChange(on=date(2026, 5, 1), status="open", level=2))
    store.save(reopened)
    assert isinstance(plan_papers(store, "fam"), FamilyPlanPapers)


def test_the_closure_minutes_record_how_it_closed_and_set_no_review(store, tmp_path):
    closure = next(m for m in store.tac_meetings(family_id="fam") if m.held_on == CLOSED_ON)
    document = read(export_minutes(store, closure.id, out=tmp_path / "out").read_bytes())
    assert "Next review" not in headings(document)
    lines = section(document, "Closure")
    assert lines == ["Reason for closing the plan: Stepped down to universal services",
                     "Level of need at closing: 1: Universal",
                     f"Closing summary: {SUMMARY}"]
