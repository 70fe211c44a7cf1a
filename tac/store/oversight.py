"""Oversight in the store: the whole caseload read as light rows, for `tac.oversight`.

A manager's oversight counts every family at once (20,000 of them in the benchmark), so
nothing here builds a full model: each function reads only the columns a figure needs, in
one query, as named tuples carrying the enums the rules compare by identity
(`ActionStatus.OPEN`, `MeetingStatus.FINISHED`). The rules themselves (`tac.rules`,
`tac.episodes`) read these rows as they read the models.

    >>> [(row.what, row.due_on) for row in open_actions(store)][:1]
    [('Book a GP appointment', datetime.date(2024, 3, 9))]
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from tac.models import (
    OPEN_STATUSES,
    ActionStatus,
    ClosureReason,
    FamilyStatus,
    MeetingStatus,
    ReferralKind,
    ReviewOutcome,
    ScreeningOutcome,
    TacMeetingKind,
)

if TYPE_CHECKING:
    from tac.store.records import Store

_CHUNK = 500  # ids per `IN (...)`, well under SQLite's limit on parameters

VULNERABILITY_TABLE = "vulnerability_checks"
"""The vulnerability check list's scores, one row per child per check: `family_id`,
`person_id` (the child), `checked_on` (ISO date) and `score` (the check's total, the sum of
its indicators' 0-3 scores); see `tac.vulnerability`."""


class ActionRow(NamedTuple):
    """An open action: what, whose, and when it is due."""

    id: str
    family_id: str
    what: str
    professional_id: str | None
    person_id: str | None
    due_on: date
    status: ActionStatus


class ReviewRow(NamedTuple):
    """One action's review at a TAC meeting: done, partly done or not done."""

    meeting_id: str
    action_id: str
    outcome: ReviewOutcome


class StatusRow(NamedTuple):
    """One change in a family's status history, as `tac.episodes` reads it."""

    on: date
    status: FamilyStatus
    level: int
    reason: ClosureReason | None


class ReferralRow(NamedTuple):
    """A referral as the flow of work counts it: when, where from, and what kind."""

    id: str
    family_id: str
    received_on: date
    kind: ReferralKind
    agency_id: str | None
    agency_typed: str
    reason_for_involvement: None = None  # not read: the episodes' `reason` is not used here

    @property
    def is_step_down(self) -> bool:
        return self.kind is ReferralKind.STEP_DOWN


class MeetingRow(NamedTuple):
    """A TAC meeting with the mean of its scaling scores (None when it scaled nothing)."""

    id: str
    family_id: str
    kind: TacMeetingKind
    held_on: date
    status: MeetingStatus
    next_review_on: date | None
    """The review date it agreed, if it agreed one."""
    mean_score: float | None


class FamilyHistory(NamedTuple):
    """A family as `tac.episodes.episodes` reads it, with its referrals and TAC meetings."""

    id: str
    reference: str
    name: str
    status: FamilyStatus
    level: int | None
    lead_professional_id: str | None
    status_history: list[StatusRow]
    referrals: list[ReferralRow]
    meetings: list[MeetingRow]
    lead_professionals: tuple = ()  # the episodes' lead professionals are not read here

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class DecisionRow(NamedTuple):
    """A screening meeting's decision on a referral, with when the referral came in."""

    meeting_id: str
    decided_on: date
    referral_id: str
    family_id: str
    reference: str
    received_on: date
    outcome: ScreeningOutcome


class StepUpRow(NamedTuple):
    family_id: str
    reference: str
    stepped_up_on: date
    at_screening: bool


class CheckTotal(NamedTuple):
    """A child's total on one vulnerability check: what the rising rule reads."""

    family_id: str
    person_id: str
    checked_on: date
    score: int


class CheckedChild(NamedTuple):
    """Who a child with vulnerability checks is: their family's reference and name, and theirs."""

    reference: str
    family_name: str
    child: str


def _query(store: Store, sql: str, params: tuple | dict = ()) -> list[tuple]:
    with store._lock:
        return store._conn.execute(sql, params).fetchall()


class _Days(dict):
    """ISO text to `date`, each distinct day read once: 20,000 families' records fall on a
    few hundred days."""

    def __missing__(self, text: str) -> date:
        day = self[text] = date.fromisoformat(text)
        return day


def open_actions(store: Store) -> list[ActionRow]:
    """Every open action, soonest due first."""
    rows = _query(store, """
        SELECT id, family_id, what, professional_id, person_id, due_on FROM actions
         WHERE status = 'open' ORDER BY due_on, rowid""")
    days, open_ = _Days(), ActionStatus.OPEN
    return [ActionRow(*row[:5], days[row[5]], open_) for row in rows]


def action_owner_names(store: Store, action_ids: Iterable[str]) -> dict[str, str]:
    """The name of the family member who owns each of these actions (actions a professional
    owns are left out)."""
    ids, names = list(dict.fromkeys(action_ids)), {}
    for at in range(0, len(ids), _CHUNK):
        chunk = ids[at:at + _CHUNK]
        names.update(_query(store, f"""
            SELECT a.id, m.name FROM actions a
              JOIN family_members m ON m.family_id = a.family_id AND m.id = a.person_id
             WHERE a.id IN ({', '.join('?' * len(chunk))})""", tuple(chunk)))
    return names


def reviews_not_done(store: Store) -> list[ReviewRow]:
    """Every review of an action as not done or partly done, at any meeting: the reviews
    that can carry an action over (`rules.times_carried_over` decides which do)."""
    rows = _query(store, """
        SELECT meeting_id, action_id, outcome FROM action_reviews
         WHERE outcome IN ('not_done', 'partly')""")
    outcomes = {o.value: o for o in ReviewOutcome}
    return [ReviewRow(meeting, action, outcomes[outcome]) for meeting, action, outcome in rows]


def family_histories(store: Store) -> list[FamilyHistory]:
    """Every family with its status history, referrals and TAC meetings, in reference order:
    what its episodes of early help are worked out from."""
    days = _Days()
    families = _query(store, """
        SELECT id, reference, display_name, status, level, lead_professional_id
          FROM families ORDER BY reference""")
    changes: dict[str, list[StatusRow]] = defaultdict(list)
    family_statuses = {s.value: s for s in FamilyStatus}
    reasons = {r.value: r for r in ClosureReason}
    for family_id, on, status, level, reason in _query(store, """
            SELECT family_id, on_date, status, level, reason FROM family_status_changes
             ORDER BY family_id, position"""):
        changes[family_id].append(
            StatusRow(days[on], family_statuses[status], level, reasons.get(reason)))
    referrals: dict[str, list[ReferralRow]] = defaultdict(list)
    kinds = {k.value: k for k in ReferralKind}
    for row in _query(store, """
            SELECT id, family_id, received_on, kind, referrer_agency_id, referrer_agency_name
              FROM referrals ORDER BY received_on, rowid"""):
        referrals[row[1]].append(
            ReferralRow(row[0], row[1], days[row[2]], kinds[row[3]], row[4], row[5]))
    meetings: dict[str, list[MeetingRow]] = defaultdict(list)
    meeting_kinds = {k.value: k for k in TacMeetingKind}
    statuses = {s.value: s for s in MeetingStatus}
    # Read through the index of each meeting's scores (scaling_by_meeting), not the table.
    means = dict(_query(store, """
        SELECT meeting_id, avg(score) FROM scaling_scores GROUP BY meeting_id"""))
    for row in _query(store, """
            SELECT id, family_id, kind, held_on, status, next_review_on FROM tac_meetings
             ORDER BY held_on, rowid"""):
        meetings[row[1]].append(MeetingRow(
            row[0], row[1], meeting_kinds[row[2]], days[row[3]], statuses[row[4]],
            days[row[5]] if row[5] else None, means.get(row[0])))
    return [
        FamilyHistory(family_id, reference, name, family_statuses[status], level, lead,
                      changes.get(family_id, []), referrals.get(family_id, []),
                      meetings.get(family_id, []))
        for family_id, reference, name, status, level, lead in families
    ]


def decisions_between(store: Store, start: date, end: date) -> list[DecisionRow]:
    """The decisions of finished screening meetings held from `start` to `end`, oldest first."""
    rows = _query(store, """
        SELECT m.id, m.held_on, d.referral_id, r.family_id, f.reference, r.received_on, d.outcome
          FROM screening_decisions d JOIN screening_meetings m ON m.id = d.meeting_id
          JOIN referrals r ON r.id = d.referral_id JOIN families f ON f.id = r.family_id
         WHERE m.status = 'finished' AND m.held_on BETWEEN ? AND ?
         ORDER BY m.held_on, m.rowid, d.position""", (start.isoformat(), end.isoformat()))
    day = date.fromisoformat
    return [DecisionRow(row[0], day(row[1]), *row[2:5], day(row[5]), ScreeningOutcome(row[6]))
            for row in rows]


def step_ups_between(store: Store, start: date, end: date) -> list[StepUpRow]:
    """The steps up to children's social care from `start` to `end`, oldest first."""
    rows = _query(store, """
        SELECT s.family_id, f.reference, s.stepped_up_on, s.screening_meeting_id IS NOT NULL
          FROM step_ups s JOIN families f ON f.id = s.family_id
         WHERE s.stepped_up_on BETWEEN ? AND ?
         ORDER BY s.stepped_up_on, f.reference""", (start.isoformat(), end.isoformat()))
    return [StepUpRow(row[0], row[1], date.fromisoformat(row[2]), bool(row[3])) for row in rows]


def latest_check_totals(store: Store, as_of: date) -> list[tuple[CheckTotal | None, CheckTotal]]:
    """Each checked child's check before the latest (None for a child checked once) and
    latest check, on or before `as_of`: all the rising rule needs. One read in the order of
    the index by child; only the two kept for each child are turned into dates."""
    rows = _query(store, f"""
        SELECT family_id, person_id, checked_on, score FROM {VULNERABILITY_TABLE}
         WHERE checked_on <= ? ORDER BY family_id, person_id, checked_on, rowid""",
                  (as_of.isoformat(),))
    days, pairs = _Days(), []
    for at, row in enumerate(rows):
        after = rows[at + 1] if at + 1 < len(rows) else None
        if after is not None and after[0] == row[0] and after[1] == row[1]:
            continue  # not this child's latest
        latest = CheckTotal(row[0], row[1], days[row[2]], row[3])
        before = rows[at - 1] if at else None
        previous = (CheckTotal(before[0], before[1], days[before[2]], before[3])
                    if before is not None and before[0] == row[0] and before[1] == row[1]
                    else None)
        pairs.append((previous, latest))
    return pairs


def checked_children(
    store: Store, children: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], CheckedChild]:
    """Who each of these children (family id, person id) is, by the same pair."""
    wanted = set(children)
    family_ids = json.dumps(sorted({family_id for family_id, _ in wanted}))
    families = {row[0]: row[1:] for row in _query(store, """
        SELECT id, reference, display_name FROM families
         WHERE id IN (SELECT value FROM json_each(?))""", (family_ids,))}
    names = {(row[0], row[1]): row[2] for row in _query(store, """
        SELECT family_id, id, name FROM family_members
         WHERE family_id IN (SELECT value FROM json_each(?))""", (family_ids,))}
    return {(family_id, person_id): CheckedChild(
                *families[family_id],
                names.get((family_id, person_id), "someone no longer in the record"))
            for family_id, person_id in wanted if family_id in families}


__all__ = [
    "ActionRow",
    "DecisionRow",
    "FamilyHistory",
    "MeetingRow",
    "ReferralRow",
    "ReviewRow",
    "StatusRow",
    "StepUpRow",
    "CheckTotal",
    "CheckedChild",
    "decisions_between",
    "family_histories",
    "action_owner_names",
    "open_actions",
    "reviews_not_done",
    "step_ups_between",
    "checked_children",
    "latest_check_totals",
]
