"""What drift keeps of each family (`drift_facts`): it is always what the records say now.

Drift reads, for every open family, a few things about its open episode and its carried-over
actions that it kept at the last count; whatever they were worked out from changes, the
family's row is forgotten (by triggers, however the change is made) and worked out again.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, timedelta

import pytest

from tac import rules
from tac.demo import build_demo
from tac.models import OPEN_STATUSES, Action, MeetingStatus, ReviewOutcome
from tac.oversight import Counting, oversight
from tac.oversight.drift import drift_facts_of
from tac.schema import _V25_DRIFT_FACTS, LATEST
from tac.store import Store

from .older_schema import back_to_before

TODAY = date(2026, 3, 3)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("facts") / "demo.db"
    with Store.open(path, actor="Helen Marsh") as store:
        store.load(build_demo(families=40, seed=5, today=TODAY), note="demo")
        Counting(store, TODAY).drift()  # keeps every open family's facts
    return path


@pytest.fixture
def store(demo_file, tmp_path):
    path = tmp_path / "tac.db"
    shutil.copy(demo_file, path)
    with Store.open(path, actor="Helen Marsh", create=False) as opened:
        yield opened


def open_ids(store) -> list[str]:
    return [f.id for f in store.families_now() if f.is_open]


def worked_out_now(store) -> dict:
    ids = open_ids(store)
    return {f.family_id: f for f in drift_facts_of(store.family_histories(ids, with_reviews=True))}


def sql(store, statement: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
    """A statement run on the file by another program (plain SQLite), as an analyst would."""
    with sqlite3.connect(store.path) as other:
        other.row_factory = sqlite3.Row
        rows = other.execute(statement, params).fetchall()
    other.close()
    return rows


def kept_rows(store) -> set[str]:
    return {row["family_id"] for row in sql(store, "SELECT family_id FROM drift_facts")}


def forget_everything(store) -> None:
    sql(store, "DELETE FROM drift_facts")


def test_what_is_kept_is_what_the_records_say(store) -> None:
    kept = store.kept_drift_facts()
    assert set(open_ids(store)) <= set(kept)
    assert {i: kept[i] for i in open_ids(store)} == worked_out_now(store)
    # The demo has each kind of thing drift keeps.
    facts = list(kept.values())
    assert any(f.opened_on and f.first_held_on is None for f in facts)
    assert any(f.latest and f.latest.next_review_on for f in facts)
    assert any(len(f.scaled) == 2 for f in facts)
    assert any(n >= 2 for f in facts for n in f.carried_over.values())


def a_meeting(store):
    return sql(
        store, "SELECT m.id, m.family_id FROM tac_meetings m JOIN families f ON f.id = m.family_id"
        " WHERE f.status = 'open' AND m.status = 'finished'"
        " AND EXISTS (SELECT 1 FROM scaling_scores s WHERE s.meeting_id = m.id)"
        " AND EXISTS (SELECT 1 FROM action_reviews r WHERE r.meeting_id = m.id) LIMIT 1")[0]


# Every way a change to what drift is worked out from can reach the file: each statement is
# run by another program (plain SQLite), so only the triggers can see it.
CHANGES = {
    "status change added": "INSERT INTO family_status_changes (family_id, position, on_date,"
        " status, level) VALUES (:family, 99, '2026-03-02', 'closed', 2)",
    "status change corrected": "UPDATE family_status_changes SET on_date = on_date"
        " WHERE family_id = :family",
    "status change removed": "DELETE FROM family_status_changes WHERE family_id = :family"
        " AND position = (SELECT max(position) FROM family_status_changes"
        " WHERE family_id = :family)",
    "referral corrected": "UPDATE referrals SET received_on = received_on"
        " WHERE family_id = :family",
    "referral removed": "DELETE FROM referrals WHERE family_id = :family",
    "meeting corrected": "UPDATE tac_meetings SET next_review_on = NULL WHERE id = :meeting",
    "meeting removed": "DELETE FROM tac_meetings WHERE id = :meeting",
    "score added": "INSERT INTO scaling_scores (meeting_id, position, score)"
        " VALUES (:meeting, 99, 1)",
    "score corrected": "UPDATE scaling_scores SET score = 0 WHERE meeting_id = :meeting",
    "score removed": "DELETE FROM scaling_scores WHERE meeting_id = :meeting",
    "review added": "INSERT INTO action_reviews (meeting_id, position, action_id, outcome)"
        " VALUES (:meeting, 99, 'some-action', 'not_done')",
    "review corrected": "UPDATE action_reviews SET outcome = 'done' WHERE meeting_id = :meeting",
    "review removed": "DELETE FROM action_reviews WHERE meeting_id = :meeting",
    "family erased": "DELETE FROM families WHERE id = :family",
}


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_forgets_that_familys_row_and_no_other(store, change) -> None:
    meeting = a_meeting(store)
    before = kept_rows(store)
    assert meeting["family_id"] in before
    with sqlite3.connect(store.path) as other:
        other.execute(CHANGES[change], {"family": meeting["family_id"], "meeting": meeting["id"]})
    assert kept_rows(store) == before - {meeting["family_id"]}


def test_a_meeting_moved_to_another_family_forgets_both(store) -> None:
    meeting = a_meeting(store)
    other_family = next(i for i in open_ids(store) if i != meeting["family_id"])
    with sqlite3.connect(store.path) as other:
        other.execute("UPDATE tac_meetings SET family_id = ? WHERE id = ?",
                      (other_family, meeting["id"]))
    assert not {meeting["family_id"], other_family} & kept_rows(store)


def test_after_changes_made_in_the_app_drift_is_what_it_is_counted_from_nothing(store) -> None:
    """Changes saved as the app saves them: a review moved, a score lowered, an action not
    done again, a referral's date corrected. The next count works the changed families out
    again and is the count of a file that kept nothing."""
    open_now = set(open_ids(store))
    meetings = [m for m in store.tac_meetings() if m.family_id in open_now
                and m.status is MeetingStatus.FINISHED]
    reviewed = next(m for m in meetings if m.action_reviews and m.scaling)
    store.save(reviewed.model_copy(update={
        "next_review_on": TODAY - timedelta(days=1),
        "scaling": [s.model_copy(update={"score": 0}) for s in reviewed.scaling],
        "action_reviews": [r.model_copy(update={"outcome": ReviewOutcome.NOT_DONE})
                           for r in reviewed.action_reviews],
    }))
    referral = next(r for r in store.referrals() if r.family_id in open_now
                    and r.family_id != reviewed.family_id)
    store.save(referral.model_copy(update={"received_on": referral.received_on
                                           - timedelta(days=3)}))
    assert reviewed.family_id not in kept_rows(store)

    counted = Counting(store, TODAY).drift()
    assert store.kept_drift_facts().keys() >= open_now
    assert {i: store.kept_drift_facts()[i] for i in open_now} == worked_out_now(store)
    forget_everything(store)
    assert Counting(store, TODAY).drift() == counted


def test_nothing_is_kept_when_someone_saves_while_it_is_worked_out(store) -> None:
    """Another session saves between the read of the histories and the keeping: what was
    worked out is counted, but not kept (it may be out of date), and the next count works
    those families out again."""
    forget_everything(store)
    ids = open_ids(store)
    meeting = a_meeting(store)

    def work_out_while_another_saves(histories):
        with sqlite3.connect(store.path) as other:
            other.execute("UPDATE tac_meetings SET next_review_on = NULL WHERE id = ?",
                          (meeting["id"],))
        return drift_facts_of(histories)

    given = store.keep_drift_facts(ids, work_out_while_another_saves)
    assert {f.family_id for f in given} == set(ids)
    assert kept_rows(store) == set()
    counted = Counting(store, TODAY).drift()
    assert {i: store.kept_drift_facts()[i] for i in ids} == worked_out_now(store)
    assert counted == oversight(store, TODAY).drift


def test_an_upgraded_file_keeps_nothing_until_its_first_count(demo_file, tmp_path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(demo_file, path)
    with sqlite3.connect(path) as conn:
        back_to_before(conn, _V25_DRIFT_FACTS)
    with Store.open(path, actor="Helen Marsh", create=False) as store:
        assert store.schema_version == LATEST
        assert kept_rows(store) == set()
        drift = Counting(store, TODAY).drift()
        assert set(open_ids(store)) <= kept_rows(store)
        assert drift.open_families == len(
            [f for f in store.families() if f.status in OPEN_STATUSES])


def drift_from_every_open_action(store, as_of: date):
    """Drift as `Counting` counts it, but given every open action, not only those it reads."""
    from tac.directory import Directory
    from tac.intake.follow_up import referrers_not_told
    from tac.oversight import drift_facts_now
    from tac.oversight.drift import drift_now

    families = store.families_now()
    return drift_now(
        families, drift_facts_now(store, families), store.open_action_rows(),
        store.unsent_minutes(), store.open_families_with_consent_withdrawn(as_of),
        referrers_not_told(store, as_of),
        Directory.of(store.professionals(), store.agencies()), store.settings(), as_of,
        last_notes=store.last_oversight_dates(by=as_of))


def test_drift_reads_the_overdue_and_carried_over_actions_and_misses_none(store) -> None:
    """Drift reads only the overdue actions and those carried over at two reviews or more
    (the others change no figure); one carried over but not yet due is still listed."""
    carried = Counting(store, TODAY).drift().carried_over
    assert carried
    not_yet_due = carried[0]
    action = store.get(Action, not_yet_due.action_id)
    store.save(action.model_copy(update={"due_on": TODAY + timedelta(days=10)}))

    drift = Counting(store, TODAY).drift()
    assert not_yet_due.action_id in {c.action_id for c in drift.carried_over}
    assert not_yet_due.action_id not in {o.action_id for o in drift.overdue_actions}
    assert drift == drift_from_every_open_action(store, TODAY)


@pytest.mark.parametrize("days_after", [-1, 0, 1])
def test_the_actions_read_as_due_before_a_day_are_those_the_rule_calls_overdue(
        store, days_after) -> None:
    every = store.open_action_rows()
    day = every[len(every) // 2].due_on + timedelta(days=days_after)  # a day some fall due
    read = store.open_action_rows(due_before=day)
    assert read == [a for a in every if rules.is_overdue(a, day)]
    assert any(a.due_on == day for a in every) or days_after != 0
