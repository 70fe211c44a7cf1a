"""Oversight in the store: the whole caseload read as light rows, for `tac.oversight`.

A manager's oversight counts every family at once (20,000 of them in the benchmark), so
nothing here builds a full model: each function reads only the columns a figure needs, in
one query, as named tuples carrying the enums the rules compare by identity
(`ActionStatus.OPEN`, `MeetingStatus.FINISHED`). The rules themselves (`tac.rules`,
`tac.episodes`) read these rows as they read the models.

    >>> [row.reference for row in open_actions(store)][:1]
    ['EH-2024-0003']
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
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

_OPEN = ", ".join(repr(s.value) for s in OPEN_STATUSES)

VULNERABILITY_TABLE = "vulnerability_checks"
"""The vulnerability check list's scores, one row per child per check: `family_id`,
`person_id` (the child), `checked_on` (ISO date) and `score` (the check's total, the sum of
its indicators' 0-3 scores). Made by the check list's own migration; until then there is
no such table and no child has a score."""


class ActionRow(NamedTuple):
    """An open action of an open family, with whom it belongs to."""

    id: str
    family_id: str
    reference: str
    family_name: str
    what: str
    professional_id: str | None
    person_id: str | None
    person_name: str
    """The family member who owns it ("" when a professional does)."""
    due_on: date
    status: ActionStatus


class ReviewRow(NamedTuple):
    """One action's review at a TAC meeting: done, partly done or not done."""

    action_id: str
    outcome: ReviewOutcome


class ReviewingMeeting(NamedTuple):
    """A TAC meeting as `rules.times_carried_over` reads it: its status and its reviews."""

    id: str
    status: MeetingStatus
    action_reviews: list[ReviewRow]


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


class VulnerabilityRow(NamedTuple):
    """A child's total on one vulnerability check."""

    family_id: str
    reference: str
    person_id: str
    child: str
    checked_on: date
    score: int


def _query(store: Store, sql: str, params: tuple | dict = ()) -> list[tuple]:
    with store._lock:
        return store._conn.execute(sql, params).fetchall()


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def open_actions(store: Store) -> list[ActionRow]:
    """Every open action of a family early help is working with, soonest due first."""
    rows = _query(store, f"""
        SELECT a.id, a.family_id, f.reference, f.display_name, a.what, a.professional_id,
               a.person_id, coalesce(m.name, ''), a.due_on
          FROM actions a JOIN families f ON f.id = a.family_id
          LEFT JOIN family_members m ON m.family_id = a.family_id AND m.id = a.person_id
         WHERE a.status = 'open' AND f.status IN ({_OPEN})
         ORDER BY a.due_on, f.reference, a.rowid""")
    day, open_ = date.fromisoformat, ActionStatus.OPEN
    return [ActionRow(*row[:8], day(row[8]), open_) for row in rows]


def reviews_of_open_actions(store: Store) -> list[ReviewingMeeting]:
    """The TAC meetings that reviewed an action still open, each with those reviews only,
    oldest first."""
    rows = _query(store, """
        SELECT r.meeting_id, m.status, r.action_id, r.outcome
          FROM action_reviews r JOIN tac_meetings m ON m.id = r.meeting_id
         WHERE r.action_id IN (SELECT id FROM actions WHERE status = 'open')
         ORDER BY m.held_on, m.rowid, r.position""")
    meetings: dict[str, ReviewingMeeting] = {}
    outcome = ReviewOutcome
    for meeting_id, status, action_id, result in rows:
        meeting = meetings.get(meeting_id)
        if meeting is None:
            meeting = meetings[meeting_id] = ReviewingMeeting(meeting_id, MeetingStatus(status), [])
        meeting.action_reviews.append(ReviewRow(action_id, outcome(result)))
    return list(meetings.values())


def family_histories(store: Store) -> list[FamilyHistory]:
    """Every family with its status history, referrals and TAC meetings, in reference order:
    what its episodes of early help are worked out from."""
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
            StatusRow(date.fromisoformat(on), family_statuses[status], level, reasons.get(reason)))
    referrals: dict[str, list[ReferralRow]] = defaultdict(list)
    kinds = {k.value: k for k in ReferralKind}
    for row in _query(store, """
            SELECT id, family_id, received_on, kind, referrer_agency_id, referrer_agency_name
              FROM referrals ORDER BY received_on, rowid"""):
        referrals[row[1]].append(
            ReferralRow(row[0], row[1], date.fromisoformat(row[2]), kinds[row[3]], row[4], row[5]))
    meetings: dict[str, list[MeetingRow]] = defaultdict(list)
    meeting_kinds = {k.value: k for k in TacMeetingKind}
    statuses = {s.value: s for s in MeetingStatus}
    for row in _query(store, """
            SELECT m.id, m.family_id, m.kind, m.held_on, m.status, m.next_review_on, s.mean
              FROM tac_meetings m
              LEFT JOIN (SELECT meeting_id, avg(score) AS mean FROM scaling_scores
                          GROUP BY meeting_id) s ON s.meeting_id = m.id
             ORDER BY m.held_on, m.rowid"""):
        meetings[row[1]].append(MeetingRow(
            row[0], row[1], meeting_kinds[row[2]], date.fromisoformat(row[3]), statuses[row[4]],
            _day(row[5]), row[6]))
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


def vulnerability_scores(store: Store) -> list[VulnerabilityRow]:
    """Every child's vulnerability check totals, oldest check first (see
    `VULNERABILITY_TABLE`); none before the check list's table exists."""
    try:
        rows = _query(store, f"""
            SELECT v.family_id, f.reference, v.person_id, coalesce(m.name, ''), v.checked_on,
                   v.score
              FROM {VULNERABILITY_TABLE} v JOIN families f ON f.id = v.family_id
              LEFT JOIN family_members m ON m.family_id = v.family_id AND m.id = v.person_id
             ORDER BY v.checked_on, v.rowid""")
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return []
        raise
    return [VulnerabilityRow(*row[:4], date.fromisoformat(row[4]), int(row[5])) for row in rows]


__all__ = [
    "ActionRow",
    "DecisionRow",
    "FamilyHistory",
    "MeetingRow",
    "ReferralRow",
    "ReviewingMeeting",
    "StatusRow",
    "StepUpRow",
    "VulnerabilityRow",
    "decisions_between",
    "family_histories",
    "open_actions",
    "reviews_of_open_actions",
    "step_ups_between",
    "vulnerability_scores",
]
