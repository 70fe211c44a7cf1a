"""Exporting from a store: one document at a time, a batch on every core, `tac export`."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document

from tac.bundle import Bundle, FamilyFile
from tac.cli import main
from tac.errors import InvalidInput, NotFound
from tac.export import export_minutes, export_plan, export_screening_minutes
from tac.export.batch import export_batch, export_papers
from tac.export.gather import (
    batch_papers,
    directory,
    latest_minutes_papers,
    latest_screening_papers,
    plan_papers,
)
from tac.models import MeetingStatus, TacMeeting
from tac.store import Store
from tests.export.conftest import CHAIR, HEALTH, HUB, LEAD, NURSE, SCHOOL, TEACHER
from tests.export.reading import body_text, read, section


@pytest.fixture
def db(tmp_path, family, first_meeting, review_meeting, old_action, new_action,
       screening_papers):
    bundle = Bundle(
        agencies=[SCHOOL, HEALTH, HUB],
        professionals=[LEAD, TEACHER, NURSE, CHAIR],
        screening_meetings=[screening_papers.meeting],
        families=[FamilyFile(
            family=family,
            referrals=list(screening_papers.referrals.values()),
            tac_meetings=[first_meeting, review_meeting],
            actions=[old_action, new_action],
        )],
    )
    path = tmp_path / "tac.db"
    with Store.open(path, actor="Helen Marsh", create=True) as store:
        store.load(bundle, note="export tests")
    return path


@pytest.fixture
def store(db):
    with Store.open(db, actor="Helen Marsh") as opened:
        yield opened


def test_gathering_finds_the_latest_finished_meeting_and_the_one_before(store):
    papers = latest_minutes_papers(store, "eh-2026-0042")
    assert papers.meeting.id == "m2"
    assert papers.previous is not None and papers.previous.id == "m1"
    assert [a.id for a in sorted(papers.actions, key=lambda a: a.id)] == ["a-new", "a-old"]
    assert latest_minutes_papers(store, "EH-2026-0042", date(2026, 1, 20)).meeting.id == "m1"
    assert plan_papers(store, "fam").meeting.id == "m2"
    screening = latest_screening_papers(store)
    assert screening.meeting.id == "s1"
    assert list(screening.families) == ["fam"]
    assert latest_screening_papers(store, date(2026, 1, 12)).meeting.id == "s1"


def test_one_call_exports_for_the_apps_keys(store, tmp_path):
    minutes = export_minutes(store, "m2", out=tmp_path)
    plan = export_plan(store, "fam", out=tmp_path)
    screening = export_screening_minutes(store, "s1", out=tmp_path)
    assert [minutes.name, plan.name, screening.name] == [
        "2026-03-03 TAC minutes EH-2026-0042.docx",
        "2026-03-03 family plan EH-2026-0042.docx",
        "2026-01-12 screening minutes.docx",
    ]
    assert export_minutes(store, "m2", out=tmp_path).name == (
        "2026-03-03 TAC minutes EH-2026-0042 (2).docx")


def test_a_meeting_still_in_progress_has_no_minutes_yet(store, review_meeting, tmp_path):
    store.save(review_meeting.model_copy(update={
        "id": "m3", "version": 0, "held_on": date(2026, 4, 14), "next_review_on": None,
        "status": MeetingStatus.IN_PROGRESS}))
    with pytest.raises(InvalidInput, match="still in progress; finish it"):
        export_minutes(store, "m3", out=tmp_path)
    with pytest.raises(NotFound, match="no finished TAC meeting on 14/04/2026"):
        latest_minutes_papers(store, "EH-2026-0042", date(2026, 4, 14))


def test_batch_writes_minutes_of_finished_meetings_and_plans(store, tmp_path):
    result = export_batch(store, tmp_path / "out")
    names = sorted(p.name for p in result.paths)
    assert names == [
        "2026-01-12 screening minutes.docx",
        "2026-01-20 TAC minutes EH-2026-0042.docx",
        "2026-03-03 TAC minutes EH-2026-0042.docx",
        "2026-03-03 family plan EH-2026-0042.docx",
    ]
    plan = read((tmp_path / "out" / names[-1]).read_bytes())
    assert plan.core_properties.author == "Helen Marsh"


def test_batch_since_leaves_out_older_meetings(store, tmp_path):
    result = export_batch(store, tmp_path / "out", since=date(2026, 2, 1))
    assert sorted(p.name for p in result.paths) == [
        "2026-03-03 TAC minutes EH-2026-0042.docx",
        "2026-03-03 family plan EH-2026-0042.docx",
    ]


def test_batch_on_both_cores_reports_progress_and_never_overwrites(store, tmp_path):
    papers, _ = batch_papers(store)
    many = papers * 6  # the same documents again: every copy must get its own file
    seen: list[tuple[int, int]] = []
    paths = export_papers(many, directory(store), tmp_path, author="Helen Marsh",
                          progress=lambda done, total: seen.append((done, total)), workers=2)
    assert len(paths) == len(set(paths)) == 24
    assert seen[0] == (0, 24) and seen[-1] == (24, 24)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert (tmp_path / "2026-03-03 family plan EH-2026-0042 (6).docx").exists()


def test_a_council_reviewing_every_8_weeks_gets_that_date_in_the_minutes_and_plan(
    store, tmp_path
):
    # The review on 3 March 2026 agreed no date, so the review interval decides it.
    review = store.get(TacMeeting, "m2")
    store.save(review.model_copy(update={"next_review_on": None}))
    store.set_setting("review_interval_weeks", 8)
    minutes = read(export_minutes(store, "m2", out=tmp_path).read_bytes())
    plan = read(export_plan(store, "fam", out=tmp_path).read_bytes())
    assert section(minutes, "Next review") == ["28 April 2026"]
    assert "Our next meeting is on 28 April 2026." in body_text(plan)
    batch = [read(p.read_bytes()) for p in export_batch(store, tmp_path / "batch").paths
             if p.name.startswith("2026-03-03")]
    assert len(batch) == 2
    assert all("28 April 2026" in body_text(document) for document in batch)


def test_an_administrators_templates_folder_is_used(store, tmp_path):
    templates = tmp_path / "ours"
    assert main(["--db", str(store.path), "export", "templates", str(templates)]) == 0
    assert sorted(p.name for p in templates.iterdir()) == [
        "closing-letter.docx", "family-plan.docx", "oversight-report.docx", "screening-minutes.docx",
        "tac-minutes.docx", "transfer-summary.docx"]
    # Restyle one template the way Word would save it: same tags, new wording.
    document = Document(str(templates / "family-plan.docx"))
    document.paragraphs[0].runs[0].text = "Stockport family plan"
    document.save(str(templates / "family-plan.docx"))
    store.set_setting("templates_dir", str(templates))
    result = export_batch(store, tmp_path / "out")
    plan = next(p for p in result.paths if "family plan" in p.name)
    assert read(plan.read_bytes()).paragraphs[0].text == "Stockport family plan"


def test_a_broken_template_is_a_message_not_a_crash(store, tmp_path, capsys):
    templates = tmp_path / "broken"
    main(["--db", str(store.path), "export", "templates", str(templates)])
    document = Document(str(templates / "family-plan.docx"))
    document.add_paragraph("{% if %}")
    document.save(str(templates / "family-plan.docx"))
    code = main(["--db", str(store.path), "export", "plan", "EH-2026-0042",
                 "--templates", str(templates), "--out", str(tmp_path / "out")])
    assert code == 2
    assert "family-plan.docx cannot be filled" in capsys.readouterr().err


def test_tac_export_commands_print_the_paths_written(db, tmp_path, capsys):
    out = tmp_path / "out"
    base = ["--db", str(db), "export"]
    assert main([*base, "minutes", "EH-2026-0042", "--out", str(out)]) == 0
    assert main([*base, "minutes", "screening", "--out", str(out)]) == 0
    assert main([*base, "plan", "EH-2026-0042", "--out", str(out)]) == 0
    assert main([*base, "minutes", "EH-2026-0042", "--date", "20/01/2026",
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert [line.rsplit("/", 1)[-1] for line in printed] == [
        "2026-03-03 TAC minutes EH-2026-0042.docx",
        "2026-01-12 screening minutes.docx",
        "2026-03-03 family plan EH-2026-0042.docx",
        "2026-01-20 TAC minutes EH-2026-0042.docx",
    ]
    assert "Helen Marsh" in body_text(read((out / printed[0].rsplit("/", 1)[-1]).read_bytes()))


def test_batch_command_shows_progress_on_stderr(db, tmp_path, capsys):
    assert main(["--db", str(db), "export", "batch", "--since", "01/02/2026",
                 "--out", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 2
    assert "exported 2 of 2" in captured.err
    assert "2 documents written" in captured.err


def test_export_problems_are_one_line_messages(db, tmp_path, capsys):
    base = ["--db", str(db), "export"]
    assert main([*base, "plan", "EH-2026-9999", "--out", str(tmp_path)]) == 2
    assert "no family with reference EH-2026-9999" in capsys.readouterr().err
    assert main([*base, "minutes", "EH-2026-0042", "--date", "01/01/2026"]) == 2
    assert "no finished TAC meeting on 01/01/2026" in capsys.readouterr().err
    assert main([*base, "batch", "--templates", str(tmp_path / "missing")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_export_goes_to_exports_here_by_default(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(db), "export", "plan", "EH-2026-0042"]) == 0
    assert (tmp_path / "exports" / "2026-03-03 family plan EH-2026-0042.docx").exists()
