"""Actions over time: a due date moved with a reason (the old date kept, audited), and an
action carried over from review to review."""

from __future__ import annotations

from datetime import date

import pytest

from tac import rules
from tac.actions import change_due_date
from tac.errors import ConflictError, InvalidInput
from tac.models import Action, ActionReview, ActionStatus, MeetingStatus, TacMeeting
from tac.schema import _V11_DUE_DATE_CHANGES, MIGRATIONS

from .factories import family_file

TODAY = date(2026, 3, 10)


@pytest.fixture
def action(store) -> Action:
    bundle, file = family_file()
    store.load(bundle)
    return store.get(Action, file.actions[0].id)


def test_a_due_date_moved_keeps_the_old_date_the_reason_and_who(store, action):
    assert action.due_on == date(2026, 3, 17)
    moved = change_due_date(store, action, date(2026, 3, 31), "School trip that week",
                            today=TODAY)
    again = store.get(Action, action.id)
    assert again == moved
    assert again.due_on == date(2026, 3, 31) and again.due_before == date(2026, 3, 17)
    [change] = again.due_date_changes
    assert (change.changed_on, change.from_due_on, change.to_due_on, change.reason,
            change.changed_by) == (TODAY, date(2026, 3, 17), date(2026, 3, 31),
                                   "School trip that week", "Priya Shah")
    moved = change_due_date(store, again, date(2026, 4, 7), "Kerry unwell", "Sam Okafor",
                            today=TODAY)
    assert [c.to_due_on for c in moved.due_date_changes] == [date(2026, 3, 31), date(2026, 4, 7)]
    assert moved.due_before == date(2026, 3, 31) and moved.due_date_changes[-1].changed_by == (
        "Sam Okafor")


def test_a_due_date_change_is_in_the_audit_trail(store, action):
    change_due_date(store, action, date(2026, 3, 31), "School trip that week", today=TODAY)
    latest = store.audit_trail(record_id=action.id)[0]
    assert latest.operation == "update" and latest.actor == "Priya Shah"
    assert latest.changes["due_on"] == {"before": "2026-03-17", "after": "2026-03-31"}
    [added] = latest.changes["due_date_changes"]["added"]
    assert added["reason"] == "School trip that week" and added["from_due_on"] == "2026-03-17"


@pytest.mark.parametrize(
    ("new_due_on", "reason", "message"),
    [
        (date(2026, 3, 31), "  ", "reason: say why the due date is changing"),
        (date(2026, 3, 2), "Typed wrong", "new due date: is before the action was agreed on 03/03/2026"),
        (date(2026, 3, 17), "No change", "new due date: the action is already due on 17/03/2026"),
    ],
)
def test_a_due_date_change_is_refused_without_a_reason_or_before_it_was_agreed(
    store, action, new_due_on, reason, message
):
    with pytest.raises(InvalidInput) as refused:
        change_due_date(store, action, new_due_on, reason, today=TODAY)
    assert str(refused.value) == message
    assert store.get(Action, action.id) == action


def test_a_closed_action_keeps_its_date_and_a_stale_copy_is_a_conflict(store, action):
    done = store.save(action.model_copy(update={"status": ActionStatus.DONE,
                                                "completed_on": TODAY}))
    with pytest.raises(InvalidInput, match="only an open action's date can change"):
        change_due_date(store, done, date(2026, 3, 31), "Late", today=TODAY)
    with pytest.raises(ConflictError):
        change_due_date(store, action, date(2026, 3, 31), "Late", today=TODAY)


def test_the_due_date_changes_table_comes_with_its_own_migration(store):
    assert store.schema_version >= MIGRATIONS.index(_V11_DUE_DATE_CHANGES) + 1
    assert store.count("action_due_date_changes") == 0


def review(family_id: str, held_on: date, outcomes: dict[str, str],
           status: MeetingStatus = MeetingStatus.FINISHED) -> TacMeeting:
    return TacMeeting(family_id=family_id, kind="review", held_on=held_on, status=status,
                      action_reviews=[ActionReview(action_id=a, outcome=o)
                                      for a, o in outcomes.items()])


def test_an_action_not_done_or_partly_done_at_each_review_is_counted_as_carried_over():
    meetings = [
        review("f", date(2026, 4, 14), {"chart": "partly", "gp": "done"}),
        review("f", date(2026, 5, 26), {"chart": "not_done", "school": "not_done"}),
        review("f", date(2026, 7, 7), {"chart": "partly", "school": "done"}),
        # A meeting still being typed has decided nothing yet.
        review("f", date(2026, 8, 18), {"chart": "not_done"}, MeetingStatus.IN_PROGRESS),
    ]
    counts = rules.times_carried_over(meetings)
    assert counts == {"chart": 3, "school": 1}
    assert counts.get("gp", 0) == 0
    assert [rules.carried_over_label(counts.get(a, 0)) for a in ("chart", "school", "gp")] == [
        "carried over 3×", "carried over 1×", ""]
    twice_or_more = [a for a, times in counts.items() if times >= 2]
    assert twice_or_more == ["chart"]
