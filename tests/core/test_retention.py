"""Retention: closed families kept past the council's retention are listed for an
administrator, who erases one with everything about it, leaving a content-free audit line."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tac.access.roles import Principal, Role
from tac.audit import what_changed
from tac.cli import main
from tac.dates import add_months
from tac.errors import InvalidInput, NotFound, Refused
from tac.meetings.drafts import tac_meeting_draft_key
from tac.models import Family, StatusChange
from tac.retention import erase_family, families_past_retention
from tac.store import Store

from .factories import family_file

TODAY = date(2033, 6, 1)


def closed(store: Store, reference: str, on: date | None) -> Family:
    """A family with one of everything, closed `on` (open when None)."""
    bundle, file = family_file(reference)
    store.load(bundle, note="test")
    family = store.get(Family, file.family.id)
    if on is not None:
        history = [*family.status_history,
                   StatusChange(on=on, status="closed", level=1, reason="needs_met")]
        family = store.save(family.model_copy(update={"status_history": history}))
    return family


@pytest.fixture
def families(store: Store) -> dict[str, Family]:
    return {
        "past": closed(store, "EH-2026-0042", date(2026, 5, 19)),  # 7 years before TODAY
        "kept": closed(store, "EH-2026-0043", date(2027, 6, 1)),  # exactly 6 years: kept
        "open": closed(store, "EH-2026-0044", None),
    }


def test_only_families_closed_longer_than_the_retention_are_listed(store, families):
    past = families_past_retention(store, TODAY)
    assert [(f.reference, f.closed_on) for f in past] == [("EH-2026-0042", date(2026, 5, 19))]
    assert past[0].how_long_ago(TODAY) == "7 years"
    store.set_setting("retention_years", 5)
    assert [f.reference for f in families_past_retention(store, TODAY)] == [
        "EH-2026-0042", "EH-2026-0043"]


def test_erasing_removes_the_family_and_everything_about_it(store, families):
    family = families["past"]
    referral_ids = {r.id for r in store.referrals(family_id=family.id)}
    store.save_draft(tac_meeting_draft_key(family.id, "Sam Okafor"), {"typed": "Jayden said"})
    erased = erase_family(store, "eh-2026-0042", TODAY)
    assert erased.reference == "EH-2026-0042" and erased.closed_on == date(2026, 5, 19)
    assert erased.counts["people"] == 2 and erased.counts["TAC meetings"] == 2
    with pytest.raises(NotFound):
        store.family_by_reference("EH-2026-0042")
    for things in (store.referrals(family_id=family.id), store.tac_meetings(family_id=family.id),
                   store.actions(family_id=family.id), store.chronology(family.id),
                   store.step_ups(family.id), store.drafts()):
        assert [t for t in things if family.id in str(t)] == []
    decided = {d.referral_id for m in store.screening_meetings() for d in m.decisions}
    assert len(decided) == 2 and not decided & referral_ids
    assert [r.reference for r in store.family_rows("Walsh")] == ["EH-2026-0043", "EH-2026-0044"]
    assert store.family_rows("EH-2026-0042") == []  # out of the search index
    assert families_past_retention(store, TODAY) == []


def test_the_audit_keeps_who_did_what_without_the_content_and_stays_sound(store, families):
    family = families["past"]
    erase_family(store, "EH-2026-0042", TODAY)
    trail = store.audit_trail(family_id=family.id, oldest_first=True)
    last = trail[-1]
    assert (last.operation, last.actor, last.record_id) == ("erase", "Priya Shah", family.id)
    assert last.after["reference"] == "EH-2026-0042" and last.after["closed_on"] == "2026-05-19"
    assert "past retention" in last.after["why"]
    text = json.dumps([(e.before, e.after, e.changes) for e in trail])
    for content in ("Walsh", "Mill Lane", "hungry", "SK4"):
        assert content not in text
    assert [e.operation for e in trail[:-1]] == ["load", "update"]  # who and when are kept
    assert [what_changed(e) for e in trail] == [
        ["load (what it held was erased with the family)"],
        ["update (what it held was erased with the family)"],
        ["erased EH-2026-0042 (past retention: closed more than 6 years before 1 June 2033)"],
    ]
    assert store.check().ok


def test_a_family_not_past_retention_is_not_erased(store, families):
    with pytest.raises(InvalidInput, match="kept until 1 June 2033"):
        erase_family(store, "EH-2026-0043", TODAY)
    with pytest.raises(InvalidInput, match="not closed"):
        erase_family(store, "EH-2026-0044", TODAY)
    assert len(store.families()) == 3


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMINISTRATOR])
def test_only_an_administrator_may_list_or_erase(store, families, role):
    store.principal = Principal(name="Jo Bloggs", role=role)
    with pytest.raises(Refused, match="Jo Bloggs .* may not erase families past retention"):
        families_past_retention(store, TODAY)
    with pytest.raises(Refused):
        erase_family(store, "EH-2026-0042", TODAY)
    refused = store._rows("SELECT actor, outcome FROM access_log WHERE outcome = 'refused'")
    assert refused == [{"actor": "Jo Bloggs", "outcome": "refused"}] * 2
    store.principal = Principal.file_owner("Priya Shah")
    assert len(store.families()) == 3


def test_an_administrator_may(store, families):
    store.principal = Principal(name="Ada Admin", role=Role.ADMINISTRATOR)
    assert erase_family(store, "EH-2026-0042", TODAY).reference == "EH-2026-0042"


def test_tac_retention_lists_and_erases_after_the_reference_is_typed(store, capsys, monkeypatch):
    closed(store, "EH-2026-0042", add_months(date.today(), -12 * 7 - 1))
    db = str(store.path)
    assert main(["--db", db, "retention"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("EH-2026-0042  closed on ") and lines[0].endswith(
        "  7 years, 1 month ago")
    assert lines[1] == "1 family closed more than 6 years ago (retention_years)"
    monkeypatch.setattr("builtins.input", lambda prompt: "EH-2026-0043")
    assert main(["--db", db, "retention", "erase", "EH-2026-0042"]) == 2
    assert "EH-2026-0042 was not erased" in capsys.readouterr().err
    monkeypatch.setattr("builtins.input", lambda prompt: "eh-2026-0042")
    assert main(["--db", db, "retention", "erase", "EH-2026-0042"]) == 0
    assert capsys.readouterr().out.startswith("erased EH-2026-0042 (closed on ")
    assert main(["--db", db, "retention"]) == 0
    assert "no family closed more than 6 years ago" in capsys.readouterr().out
    assert main(["--db", db, "check"]) == 0
