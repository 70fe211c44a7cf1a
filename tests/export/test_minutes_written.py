"""Exporting a meeting's minutes records, once, the day they were written (the minutes
clock), whichever way they are exported; the document itself is not changed by it."""

from __future__ import annotations

from datetime import date

import pytest

from tac.bundle import Bundle, FamilyFile
from tac.cli import main
from tac.export import export_minutes, export_plan, export_screening_minutes
from tac.export.batch import export_batch
from tac.models import ScreeningMeeting, TacMeeting
from tac.store import Store
from tests.export.conftest import CHAIR, HEALTH, HUB, LEAD, NURSE, SCHOOL, TEACHER
from tests.export.reading import body_text, read

FIRST_EXPORT = date(2026, 3, 5)
SECOND_EXPORT = date(2026, 3, 12)


@pytest.fixture
def store(tmp_path, family, first_meeting, review_meeting, old_action, new_action,
          screening_papers):
    bundle = Bundle(
        agencies=[SCHOOL, HEALTH, HUB],
        professionals=[LEAD, TEACHER, NURSE, CHAIR],
        screening_meetings=[screening_papers.meeting],
        families=[FamilyFile(family=family, referrals=list(screening_papers.referrals.values()),
                             tac_meetings=[first_meeting, review_meeting],
                             actions=[old_action, new_action])],
    )
    with Store.open(tmp_path / "tac.db", actor="Helen Marsh", create=True) as opened:
        opened.load(bundle, note="minutes clock tests")
        yield opened


def test_exporting_minutes_records_written_once_not_overwritten_by_a_second_export(
    store, tmp_path
):
    assert store.get(TacMeeting, "m2").minutes_written_on is None
    first = export_minutes(store, "m2", out=tmp_path, today=FIRST_EXPORT)
    assert store.get(TacMeeting, "m2").minutes_written_on == FIRST_EXPORT
    second = export_minutes(store, "m2", out=tmp_path, today=SECOND_EXPORT)
    assert store.get(TacMeeting, "m2").minutes_written_on == FIRST_EXPORT
    # Recording it is not part of the document: both copies say the same but the day.
    assert body_text(read(first.read_bytes())) == body_text(
        read(second.read_bytes())).replace("12 March 2026", "5 March 2026")
    written = [e for e in store.audit_trail(record_id="m2")
               if e.changes and "minutes_written_on" in e.changes]
    assert len(written) == 1 and written[0].actor == "Helen Marsh"
    assert written[0].changes == {
        "minutes_written_on": {"before": None, "after": FIRST_EXPORT.isoformat()}}


def test_a_copy_read_before_the_minutes_were_written_cannot_be_saved_over_them(store, tmp_path):
    from tac.errors import ConflictError

    before = store.get(TacMeeting, "m2")
    export_minutes(store, "m2", out=tmp_path, today=FIRST_EXPORT)
    with pytest.raises(ConflictError):
        store.save(before.model_copy(update={"family_voice": "typed before the export"}))


def test_screening_minutes_record_written_and_a_plan_records_nothing(store, tmp_path):
    export_screening_minutes(store, "s1", out=tmp_path, today=FIRST_EXPORT)
    export_plan(store, "fam", out=tmp_path)
    assert store.get(ScreeningMeeting, "s1").minutes_written_on == FIRST_EXPORT
    assert store.get(TacMeeting, "m2").minutes_written_on is None


def test_a_batch_records_written_for_every_meeting_whose_minutes_it_wrote(store, tmp_path):
    export_minutes(store, "m1", out=tmp_path, today=FIRST_EXPORT)
    export_batch(store, tmp_path / "batch", workers=1, today=SECOND_EXPORT)
    assert store.get(TacMeeting, "m1").minutes_written_on == FIRST_EXPORT
    assert store.get(TacMeeting, "m2").minutes_written_on == SECOND_EXPORT
    assert store.get(ScreeningMeeting, "s1").minutes_written_on == SECOND_EXPORT


def test_tac_export_minutes_records_written(store, tmp_path, capsys):
    path = store.path
    store.close()
    assert main(["--db", str(path), "export", "minutes",
                 "EH-2026-0042", "--out", str(tmp_path / "out")]) == 0
    with Store.open(path, actor="x") as again:
        assert again.get(TacMeeting, "m2").minutes_written_on == date.today()
