"""The transfer summary that travels with a family stepped up to children's social care,
read back as a social worker receiving it would: every chronology event, the latest
assessment, scaling over time, the actions, the reason and the reflection."""

from __future__ import annotations

from datetime import date

import pytest

from tac.bundle import Bundle, FamilyFile
from tac.chronology import family_chronology
from tac.cli import main
from tac.export import transfer_summary
from tac.export.papers import TransferSummaryPapers
from tac.models import ChronologyEvent, EventKind, ProgressNote, Significance, StepUp
from tac.store import Store
from tests.export.conftest import CHAIR, HEALTH, HUB, LEAD, NURSE, SCHOOL, TEACHER
from tests.export.reading import body_text, footer_xml, header_text, read, table_with

TYPED = "{{ 7*7 }} {% raw %}x{% endraw %} \u202eرضا\u202c \U0001F600 tab\there"


@pytest.fixture
def chronology() -> list[ChronologyEvent]:
    return [
        ChronologyEvent(id="e1", family_id="fam", occurred_on=date(2025, 12, 14),
                        agency_id="school", kind=EventKind.POLICE_CALL_OUT,
                        significance=Significance.HIGH, summary=(
                            "Police called to an argument at home at 11pm; the boys were "
                            "upstairs and Jayden told his teacher the next morning. " * 3).strip()),
        ChronologyEvent(id="e2", family_id="fam", occurred_on=date(2026, 2, 1),
                        person_id="jay", kind=EventKind.SCHOOL_ATTENDANCE,
                        summary=f"Attendance down to 82% this half term {TYPED}"),
        ChronologyEvent(id="e3", family_id="fam", occurred_on=date(2026, 3, 10),
                        agency_id="hub", kind=EventKind.STEP_UP,
                        summary="Stepped up to children's social care after the review."),
    ]


@pytest.fixture
def step_up() -> StepUp:
    return StepUp(
        id="su1", family_id="fam", stepped_up_on=date(2026, 3, 10), tac_meeting_id="m2",
        reason=f"Jayden disclosed being hit by his father {TYPED}",
        team="Castlebridge Duty and Assessment Team", recorded_by="Amy Clarke",
        earlier_signs="School saw bruising in November and did not share it",
        sooner="A strategy discussion after the December call-out",
        reflection_by_id="chair",
    )


@pytest.fixture
def papers(family, first_meeting, review_meeting, old_action, new_action, chronology, step_up,
           directory):
    # The chronology in full: the typed events beside what TAC writes of its meetings.
    entries = family_chronology(FamilyFile(
        family=family, chronology=chronology, tac_meetings=[first_meeting, review_meeting]),
        directory)
    reviewed = new_action.model_copy(update={"progress": [ProgressNote(
        on=date(2026, 3, 9), by="Priya Shah", text="Debt advice booked for 16 March")]})
    return TransferSummaryPapers(
        family=family, step_up=step_up, chronology=entries,
        meetings=[first_meeting, review_meeting], actions=[old_action, reviewed],
    )


def test_the_transfer_summary_holds_every_event_the_reason_and_the_reflection(papers, directory):
    document = read(transfer_summary(papers, directory, author="Helen Marsh",
                                     today=date(2026, 3, 11)))
    body = " ".join(body_text(document).split())

    assert "OFFICIAL-SENSITIVE" in header_text(document)
    assert "NUMPAGES" in footer_xml(document) and "OFFICIAL-SENSITIVE" in footer_xml(document)
    assert any(entry.written_by_tac for entry in papers.chronology)
    for entry in papers.chronology:
        assert " ".join(entry.summary.split()) in body
    assert "Jayden disclosed being hit by his father" in body
    assert "Castlebridge Duty and Assessment Team" in body
    assert "School saw bruising in November and did not share it" in body
    assert "A strategy discussion after the December call-out" in body
    assert "Helen Marsh, Early help manager, Early Help Hub" in body
    assert "Review TAC meeting of 3 March 2026" in body


def test_typed_text_prints_as_typed_in_the_transfer_summary(papers, directory):
    body = body_text(read(transfer_summary(papers, directory, today=date(2026, 3, 11))))
    assert "{{ 7*7 }}" in body and "{% raw %}" in body
    assert "\U0001F600" in body and "رضا" in body
    assert "49" not in body.replace("2026", "")


def test_it_shows_the_people_the_latest_assessment_scaling_over_time_and_the_actions(
        papers, directory):
    document = read(transfer_summary(papers, directory, today=date(2026, 3, 11)))
    people = table_with(document, "Name", "Relationship", "Date of birth")
    assert [c.text for c in people.rows[1].cells][:3] == ["Sarah Smith", "Mother", ""]
    assert [c.text for c in people.rows[2].cells] == [
        "Jayden Smith", "Son", "14 May 2016", "Oakfield Primary School", ""]
    columns = table_with(document, "What's working well?", "What are we worried about?",
                         "What needs to happen?")
    assert "Sarah walks the boys to school" in columns.rows[1].cells[0].text
    assert "Rent arrears of £900" in columns.rows[1].cells[1].text
    assert "Referral to the debt advice service" in columns.rows[1].cells[2].text
    scaling = table_with(document, "Meeting", "Kind", "Who gave which number")
    assert [[c.text for c in row.cells] for row in scaling.rows[1:]] == [
        ["20 January 2026", "Initial", "Sarah Smith 3; Priya Shah 4", "3.5"],
        ["3 March 2026", "Review", "Sarah Smith 6; Priya Shah 5", "5.5"],
    ]
    body = body_text(document)
    assert "Everyone is worried the boys may be hurt if arguments continue." in body
    assert "Sarah and the boys will feel safe at home every night (now 5 out of 10)" in body
    assert "Status: Done on 5 February 2026" in body
    assert "9 March 2026, Priya Shah: Debt advice booked for 16 March" in body
    assert "Given by Sarah Smith on 10 January 2026" in body


@pytest.fixture
def db(tmp_path, family, first_meeting, review_meeting, old_action, new_action, chronology,
       step_up):
    bundle = Bundle(
        agencies=[SCHOOL, HEALTH, HUB], professionals=[LEAD, TEACHER, NURSE, CHAIR],
        families=[FamilyFile(family=family, chronology=chronology,
                             tac_meetings=[first_meeting, review_meeting],
                             actions=[old_action, new_action], step_ups=[step_up])],
    )
    path = tmp_path / "tac.db"
    with Store.open(path, actor="Helen Marsh", create=True) as store:
        store.load(bundle, note="export tests")
    return path


def test_tac_export_stepup_writes_the_transfer_summary(db, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["--db", str(db), "export", "stepup", "eh-2026-0042",
                 "--out", str(out)]) == 0
    [printed] = capsys.readouterr().out.splitlines()
    assert printed.endswith("2026-03-10 transfer summary EH-2026-0042.docx")
    document = read((out / "2026-03-10 transfer summary EH-2026-0042.docx").read_bytes())
    assert "OFFICIAL-SENSITIVE" in header_text(document)
    assert "Stepped up to children's social care after the review." in body_text(document)


def test_a_family_never_stepped_up_has_no_transfer_summary(tmp_path, family, capsys):
    path = tmp_path / "tac.db"
    with Store.open(path, actor="Helen Marsh", create=True) as store:
        store.load(Bundle(agencies=[SCHOOL, HEALTH, HUB],
                          professionals=[LEAD, TEACHER, NURSE, CHAIR],
                          families=[FamilyFile(family=family)]))
    assert main(["--db", str(path), "export", "stepup", "EH-2026-0042",
                 "--out", str(tmp_path / "out")]) == 2
    assert "EH-2026-0042 has not been stepped up" in capsys.readouterr().err
