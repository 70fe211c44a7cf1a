"""Oversight in the store: the whole caseload read as light rows, for `tac.oversight`.

A manager's oversight counts every family at once (20,000 of them in the benchmark), so
nothing here builds a full model: each function reads only the columns a figure needs, in
one query, as named tuples carrying the enums the rules compare by identity
(`ActionStatus.OPEN`, `MeetingStatus.FINISHED`). The rules themselves (`tac.rules`,
`tac.episodes`) read these rows as they read the models. The Standard Safeguarding
Dataset's extract reads every family the same way (`returns_families`). Each read comes
from a covering index (schema version 23), never the tables' wide rows.

    >>> [(row.what, row.due_on) for row in open_actions(store)][:1]
    [('Book a GP appointment', datetime.date(2024, 3, 9))]
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from tac.models import (
    OPEN_STATUSES,
    ActionStatus,
    ClosureReason,
    Ethnicity,
    FamilyStatus,
    HeadlineOutcome,
    InvolvementReason,
    MeetingStatus,
    NeedMet,
    ReferralKind,
    ReviewOutcome,
    ScreeningOutcome,
    Sex,
    TacMeetingKind,
)
from tac.store.database import is_damage

if TYPE_CHECKING:
    from tac.store.records import Store

_CHUNK = 500  # ids per `IN (...)`, well under SQLite's limit on parameters

VULNERABILITY_TABLE = "vulnerability_checks"
"""The vulnerability check list's scores, one row per child per check: `family_id`,
`person_id` (the child), `checked_on` (ISO date) and `score` (the check's total, the sum of
its indicators' 0-3 scores); see `tac.vulnerability`."""

LATEST_CHECKS_TABLE = "vulnerability_latest"
"""Each checked child's latest vulnerability check and the one before, one row per child,
kept by triggers on `VULNERABILITY_TABLE` (schema `_V26_LATEST_CHECKS`): `family_id`,
`person_id`, `latest_on`, `latest_score`, `previous_on`, `previous_score` (null for a child
checked once)."""


class ActionRow(NamedTuple):
    """An open action: what, whose, and when it is due."""

    id: str
    family_id: str
    what: str
    professional_id: str | None
    person_id: str | None
    due_on: date
    status: ActionStatus
    person_name: str | None = None
    """The name of the family member who owns it (None for a professional's, or a member
    no longer in the record)."""


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
    reason_for_involvement: InvolvementReason | None = None
    """Read for returns (`returns_families`); the oversight figures do not use it."""

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
    reviews: tuple[ReviewRow, ...] = ()
    """The reviews of actions at its meetings as not done or partly done, when asked for."""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class FamilyRow(NamedTuple):
    """A family as drift reads it: who, its status now, its level and lead professional."""

    id: str
    reference: str
    name: str
    status: FamilyStatus
    level: int | None
    lead_professional_id: str | None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class LatestMeeting(NamedTuple):
    """The latest finished TAC meeting of an episode: when, what kind, the review it agreed."""

    held_on: date
    kind: TacMeetingKind
    next_review_on: date | None


class DriftFacts(NamedTuple):
    """What drift needs of a family that does not change with the day: its episode of early
    help open now and how many times each of its actions was carried over, as
    `tac.oversight.drift.drift_facts` works them out from the family's history; kept in the
    table `drift_facts` until something they were worked out from changes."""

    family_id: str
    opened_on: date | None
    """The day it opened; None when the family has no episode open."""
    first_held_on: date | None
    """Its first finished TAC meeting's day."""
    latest: LatestMeeting | None
    """Its latest finished TAC meeting."""
    scaled: tuple[tuple[date, float], ...]
    """(day, mean score) of its last two finished meetings that scaled, oldest first."""
    carried_over: dict[str, int]
    """How many times each of the family's actions was carried over, by action id (those
    never carried over are absent): `rules.times_carried_over` of all its meetings."""


class LeadTermRow(NamedTuple):
    """One professional's time as a family's lead professional."""

    professional_id: str
    started_on: date
    ended_on: date | None


class ChildRow(NamedTuple):
    """A subject child as a return describes them."""

    id: str
    sex: Sex | None
    ethnicity: Ethnicity | None
    date_of_birth: date | None
    expected_date_of_birth: date | None
    nhs_number: str
    subject: bool = True


class ReturnsFamily(NamedTuple):
    """A family as a return about its children reads it (`tac.ssd`): its episodes of early
    help (`tac.episodes.episodes` reads the status history, the referrals and the lead
    professionals' terms) and its subject children."""

    id: str
    reference: str
    status_history: list[StatusRow]
    lead_professionals: list[LeadTermRow]
    people: list[ChildRow]
    """The subject children only."""
    referrals: list[ReferralRow]


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


class ClosureNeedRow(NamedTuple):
    """A need tagged with a headline outcome at a finished closure meeting, and whether it
    was met (None: not recorded)."""

    family_id: str
    meeting_id: str
    held_on: date
    outcome: HeadlineOutcome
    met: NeedMet | None


class CheckTotal(NamedTuple):
    """A child's total on one vulnerability check: what the rising rule reads."""

    family_id: str
    person_id: str
    checked_on: date
    score: int


class FamilyHeading(NamedTuple):
    """What a list of families shows of each: its reference, name and lead professional."""

    id: str
    reference: str
    name: str
    lead_professional_id: str | None


def family_headings(store: Store, ids: list[str]) -> dict[str, FamilyHeading]:
    """The reference, name and lead professional of each of these families (by id; those
    not found are left out): one light read, where whole records would take seconds for
    the thousands of families behind a caseload figure."""
    found: dict[str, FamilyHeading] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for row in _query(store, f"""
                SELECT id, reference, display_name, lead_professional_id FROM families
                 WHERE id IN ({', '.join('?' * len(chunk))})""", tuple(chunk)):
            found[row[0]] = FamilyHeading(*row)
    return found
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


def open_actions(
    store: Store, due_before: date | None = None, ids: Collection[str] | None = None
) -> list[ActionRow]:
    """Every open action, soonest due first, each with the name of the family member who
    owns it; with `due_before`, only those due before that day (the overdue ones, as
    `rules.is_overdue` has them); with `ids`, only those with these ids."""
    where, params = "", []
    if due_before is not None:
        where += " AND a.due_on < ?"
        params.append(due_before.isoformat())
    if ids is not None:
        where += " AND a.id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(list(ids)))
    rows = _query(store, f"""
        SELECT a.id, a.family_id, a.what, a.professional_id, a.person_id, a.due_on, m.name
          FROM actions a
          LEFT JOIN family_members m ON m.family_id = a.family_id AND m.id = a.person_id
         WHERE a.status = 'open'{where} ORDER BY a.due_on, a.rowid""", tuple(params))
    days, open_ = _Days(), ActionStatus.OPEN
    return [ActionRow(id_, family_id, what, professional_id, person_id, days[due_on], open_,
                      name)
            for id_, family_id, what, professional_id, person_id, due_on, name in rows]


def family_histories(
    store: Store, ids: Sequence[str] | None = None, with_reviews: bool = False
) -> list[FamilyHistory]:
    """Every family (or those with these `ids`) with its status history, referrals and TAC
    meetings (and, `with_reviews`, the reviews of actions at those meetings as not done or
    partly done), in reference order: what its episodes of early help are worked out from."""
    days = _Days()
    among, params = _among(ids)
    families = _query(store, f"""
        SELECT id, reference, display_name, status, level, lead_professional_id
          FROM families WHERE {among.format(column='id')} ORDER BY reference""", params)
    changes = _status_histories(store, days, ids)
    referrals = _referrals(store, days, ids)
    meetings: dict[str, list[MeetingRow]] = defaultdict(list)
    meeting_kinds = {k.value: k for k in TacMeetingKind}
    statuses = {s.value: s for s in MeetingStatus}
    # Read through the index of each meeting's scores (scaling_by_meeting), not the table.
    of_these = ("true" if ids is None else
                "meeting_id IN (SELECT id FROM tac_meetings WHERE {column} IN "
                "(SELECT value FROM json_each(?)))")
    means = dict(_query(store, f"""
        SELECT meeting_id, avg(score) FROM scaling_scores
         WHERE {of_these.format(column='family_id')} GROUP BY meeting_id""", params))
    for row in _query(store, f"""
            SELECT id, family_id, kind, held_on, status, next_review_on FROM tac_meetings
             WHERE {among.format(column='family_id')} ORDER BY held_on, rowid""", params):
        meetings[row[1]].append(MeetingRow(
            row[0], row[1], meeting_kinds[row[2]], days[row[3]], statuses[row[4]],
            days[row[5]] if row[5] else None, means.get(row[0])))
    reviews: dict[str, list[ReviewRow]] = defaultdict(list)
    if with_reviews:
        outcomes = {o.value: o for o in ReviewOutcome}
        for family_id, meeting_id, action_id, outcome in _query(store, f"""
                SELECT m.family_id, r.meeting_id, r.action_id, r.outcome
                  FROM tac_meetings m JOIN action_reviews r ON r.meeting_id = m.id
                 WHERE {among.format(column='m.family_id')}
                   AND r.outcome IN ('not_done', 'partly')""", params):
            reviews[family_id].append(ReviewRow(meeting_id, action_id, outcomes[outcome]))
    family_statuses = {s.value: s for s in FamilyStatus}
    return [
        FamilyHistory(family_id, reference, name, family_statuses[status], level, lead,
                      changes.get(family_id, []), referrals.get(family_id, []),
                      meetings.get(family_id, []), (), tuple(reviews.get(family_id, ())))
        for family_id, reference, name, status, level, lead in families
    ]


def _among(ids: Sequence[str] | None) -> tuple[str, tuple]:
    """A condition keeping the rows whose `{column}` is one of `ids` (every row, for None),
    and its parameters."""
    if ids is None:
        return "true", ()
    return "{column} IN (SELECT value FROM json_each(?))", (json.dumps(list(ids)),)


def families_now(store: Store) -> list[FamilyRow]:
    """Every family as it stands, in reference order."""
    statuses = {s.value: s for s in FamilyStatus}
    return [FamilyRow(row[0], row[1], row[2], statuses[row[3]], row[4], row[5])
            for row in _query(store, """
                SELECT id, reference, display_name, status, level, lead_professional_id
                  FROM families ORDER BY reference""")]


def kept_drift_facts(store: Store) -> dict[str, DriftFacts]:
    """What drift worked out of each family and kept (`keep_drift_facts`), by family id:
    for each family nothing has changed for since."""
    days, kinds = _Days(), {k.value: k for k in TacMeetingKind}
    kept = {}
    for (family_id, opened_on, first_held_on, held_on, next_review_on, kind, previous_on,
         previous_mean, scaled_on, mean, carried) in _query(store, """
            SELECT family_id, opened_on, first_held_on, latest_held_on, latest_next_review_on,
                   latest_kind, previous_scaled_on, previous_mean, latest_scaled_on, latest_mean,
                   carried_over
              FROM drift_facts"""):
        scaled = ((days[previous_on], previous_mean),) if previous_on else ()
        kept[family_id] = DriftFacts(
            family_id, days[opened_on] if opened_on else None,
            days[first_held_on] if first_held_on else None,
            LatestMeeting(days[held_on], kinds[kind], days[next_review_on] if next_review_on
                          else None) if held_on else None,
            (*scaled, (days[scaled_on], mean)) if scaled_on else (),
            json.loads(carried) if carried else {})
    return kept


def keep_drift_facts(
    store: Store, ids: Sequence[str],
    work_out: Callable[[list[FamilyHistory]], list[DriftFacts]],
) -> list[DriftFacts]:
    """What drift needs of the families with these `ids`, worked out (`work_out`) from their
    histories (with their reviews of actions), and kept for the next time
    (`kept_drift_facts`).

    The histories are read, and what was worked out from them kept, as of one moment: if
    anyone saved anything in between (another session), nothing is kept, as what was read
    may be out of date by then, and the next count works those families out again. A file
    that cannot be written to (read-only, locked) keeps nothing either; what was worked
    out is still given."""
    with store._lock:
        conn = store._conn
        outermost = not conn.in_transaction
        if outermost:
            conn.execute("BEGIN")  # deferred: the reads and the write see the same moment
        try:
            found = work_out(family_histories(store, ids, with_reviews=True))
            if outermost:
                try:
                    conn.executemany(
                        "INSERT OR REPLACE INTO drift_facts VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        map(_facts_row, found))
                    conn.execute("COMMIT")
                except sqlite3.OperationalError:
                    # Saved to meanwhile (SQLITE_BUSY_SNAPSHOT), locked, or read-only.
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
        except BaseException:
            if outermost and conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return found


def _facts_row(facts: DriftFacts) -> tuple:
    latest, scaled = facts.latest, facts.scaled
    return (
        facts.family_id, _iso(facts.opened_on), _iso(facts.first_held_on),
        *((_iso(latest.held_on), _iso(latest.next_review_on), latest.kind.value) if latest
          else (None, None, None)),
        *((_iso(scaled[-2][0]), scaled[-2][1]) if len(scaled) > 1 else (None, None)),
        *((_iso(scaled[-1][0]), scaled[-1][1]) if scaled else (None, None)),
        json.dumps(facts.carried_over) if facts.carried_over else None,
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def returns_families(store: Store) -> list[ReturnsFamily]:
    """Every family in reference order, with what a return about its children needs: its
    status history, referrals (oldest first), lead professionals' terms and subject children,
    as rows. The same as `Store.families_for_returns` with `Store.referrals`, read at a
    fraction of the cost (no model is built and validated)."""
    days = _Days()
    changes = _status_histories(store, days)
    referrals = _referrals(store, days)
    terms: dict[str, list[LeadTermRow]] = defaultdict(list)
    for family_id, professional_id, started_on, ended_on in _query(store, """
            SELECT family_id, professional_id, started_on, ended_on
              FROM lead_professional_terms ORDER BY family_id, position"""):
        terms[family_id].append(
            LeadTermRow(professional_id, days[started_on], days[ended_on] if ended_on else None))
    children: dict[str, list[ChildRow]] = defaultdict(list)
    sexes, ethnicities = {s.value: s for s in Sex}, {e.value: e for e in Ethnicity}
    for family_id, child_id, sex, ethnicity, born, expected, nhs_number in _query(store, """
            SELECT family_id, id, sex, ethnicity, date_of_birth, expected_date_of_birth,
                   nhs_number
              FROM family_members WHERE subject = 1 ORDER BY family_id, position"""):
        children[family_id].append(ChildRow(
            child_id, sexes.get(sex), ethnicities.get(ethnicity), days[born] if born else None,
            days[expected] if expected else None, nhs_number or ""))
    return [
        ReturnsFamily(family_id, reference, changes.get(family_id, []),
                      terms.get(family_id, []), children.get(family_id, []),
                      referrals.get(family_id, []))
        for family_id, reference in _query(store, "SELECT id, reference FROM families"
                                                  " ORDER BY reference")
    ]


def _status_histories(
    store: Store, days: _Days, ids: Sequence[str] | None = None
) -> dict[str, list[StatusRow]]:
    """Each family's status history (or those with these `ids`), in order, by family id."""
    changes: dict[str, list[StatusRow]] = defaultdict(list)
    family_statuses = {s.value: s for s in FamilyStatus}
    reasons = {r.value: r for r in ClosureReason}
    among, params = _among(ids)
    for family_id, on, status, level, reason in _query(store, f"""
            SELECT family_id, on_date, status, level, reason FROM family_status_changes
             WHERE {among.format(column='family_id')} ORDER BY family_id, position""", params):
        changes[family_id].append(
            StatusRow(days[on], family_statuses[status], level, reasons.get(reason)))
    return changes


def _referrals(
    store: Store, days: _Days, ids: Sequence[str] | None = None
) -> dict[str, list[ReferralRow]]:
    """Each family's referrals (or those of the families with these `ids`), oldest first
    (of two the same day, the first saved), by family id."""
    referrals: dict[str, list[ReferralRow]] = defaultdict(list)
    kinds = {k.value: k for k in ReferralKind}
    reasons = {r.value: r for r in InvolvementReason}
    among, params = _among(ids)
    for row in _query(store, f"""
            SELECT id, family_id, received_on, kind, referrer_agency_id, referrer_agency_name,
                   reason_for_involvement
              FROM referrals WHERE {among.format(column='family_id')}
             ORDER BY received_on, rowid""", params):
        referrals[row[1]].append(ReferralRow(
            row[0], row[1], days[row[2]], kinds[row[3]], row[4], row[5], reasons.get(row[6])))
    return referrals


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


def closure_needs_between(store: Store, start: date, end: date) -> list[ClosureNeedRow]:
    """The needs (danger statements and safety goals, not retired) tagged with a headline
    outcome at the finished closure meetings held from `start` to `end`, as
    `tac.outcomes.tagged_needs` finds them, oldest meeting first."""
    # From the period's closure meetings outwards (each needs table through its own index
    # by meeting), not from every need: 0.4 s to 0.05 s at 20,000 families.
    rows = _query(store, """
        WITH closures AS MATERIALIZED (
            SELECT id, family_id, held_on, rowid AS made FROM tac_meetings
             WHERE kind = 'closure' AND status = 'finished' AND held_on BETWEEN ? AND ?)
        SELECT family_id, id, held_on, headline_outcome, met FROM (
            SELECT m.family_id, m.id, m.held_on, n.headline_outcome, n.met, m.made,
                   0 AS part, n.position
              FROM closures m JOIN danger_statements n ON n.meeting_id = m.id
             WHERE n.headline_outcome IS NOT NULL AND NOT n.retired
            UNION ALL
            SELECT m.family_id, m.id, m.held_on, n.headline_outcome, n.met, m.made,
                   1 AS part, n.position
              FROM closures m JOIN safety_goals n ON n.meeting_id = m.id
             WHERE n.headline_outcome IS NOT NULL AND NOT n.retired)
         ORDER BY held_on, made, part, position""", (start.isoformat(), end.isoformat()))
    outcomes = {o.value: o for o in HeadlineOutcome}
    met = {m.value: m for m in NeedMet}
    return [ClosureNeedRow(row[0], row[1], date.fromisoformat(row[2]), outcomes[row[3]],
                           met.get(row[4])) for row in rows]


def latest_check_totals(store: Store, as_of: date) -> list[tuple[CheckTotal | None, CheckTotal]]:
    """Each checked child's check before the latest (None for a child checked once) and
    latest check, on or before `as_of`, by family and child: all the rising rule needs.

    When no check is dated after `as_of` (the oversight screen's today), the pairs are read
    as kept, one row per child, from `LATEST_CHECKS_TABLE`; for a day in the past (a report
    `--as-of`), they are worked out from every check up to it."""
    with store._lock:  # no write of ours between the question and the read
        if _query(store, f"SELECT 1 FROM {VULNERABILITY_TABLE} WHERE checked_on > ? LIMIT 1",
                  (as_of.isoformat(),)):
            return latest_check_totals_from_checks(store, as_of)
        rows = _query(store, f"""
            SELECT family_id, person_id, latest_on, latest_score, previous_on, previous_score
              FROM {LATEST_CHECKS_TABLE} ORDER BY family_id, person_id""")
    days, pairs = _Days(), []
    for family_id, person_id, latest_on, latest_score, previous_on, previous_score in rows:
        previous = (CheckTotal(family_id, person_id, days[previous_on], previous_score)
                    if previous_on is not None else None)
        pairs.append((previous, CheckTotal(family_id, person_id, days[latest_on], latest_score)))
    return pairs


def latest_check_totals_from_checks(
    store: Store, as_of: date
) -> list[tuple[CheckTotal | None, CheckTotal]]:
    """`latest_check_totals` worked out from every check on or before `as_of`, not from
    the kept pairs. One read in the order of the index by child; only the two kept for each
    child are turned into dates."""
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


def latest_checks_problem(store: Store) -> str | None:
    """What is wrong with the kept latest two checks of each child (out of step with the
    checks: the file edited with its triggers dropped), or None."""
    try:
        kept = _query(store, f"""
            SELECT family_id, person_id, latest_on, latest_score, previous_on, previous_score
              FROM {LATEST_CHECKS_TABLE} ORDER BY family_id, person_id""")
        worked_out = [
            (latest.family_id, latest.person_id, latest.checked_on.isoformat(), latest.score,
             previous.checked_on.isoformat() if previous else None,
             previous.score if previous else None)
            for previous, latest in latest_check_totals_from_checks(store, date.max)]
    except sqlite3.DatabaseError as error:
        if not is_damage(error):
            raise
        return f"the kept latest vulnerability checks: cannot be read ({error})"
    if kept == worked_out:
        return None
    wrong = len(set(kept) ^ set(worked_out))
    # Emptied, then every check touched: the triggers work each child's row out again.
    return (f"the kept latest vulnerability checks are out of step with the checks ({wrong} "
            f"rows differ); rebuild them: sqlite3 {store.path} \"DELETE FROM "
            f"{LATEST_CHECKS_TABLE}; UPDATE {VULNERABILITY_TABLE} SET score = score\"")


def checked_children(
    store: Store, children: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], CheckedChild]:
    """Who each of these children (family id, person id) is, by the same pair: each read
    through the index of family members by family and id, not the whole family."""
    wanted = json.dumps(sorted(set(children)))
    return {(row[0], row[1]): CheckedChild(*row[2:5]) for row in _query(store, """
        SELECT f.id, json_extract(child.value, '$[1]'), f.reference, f.display_name,
               coalesce(m.name, 'someone no longer in the record')
          FROM json_each(?) AS child
          JOIN families f ON f.id = json_extract(child.value, '$[0]')
          LEFT JOIN family_members m ON m.family_id = f.id AND m.id = json_extract(child.value, '$[1]')""",
        (wanted,))}


__all__ = [
    "ActionRow",
    "ChildRow",
    "ClosureNeedRow",
    "DecisionRow",
    "FamilyHistory",
    "LeadTermRow",
    "MeetingRow",
    "ReferralRow",
    "ReturnsFamily",
    "ReviewRow",
    "StatusRow",
    "StepUpRow",
    "CheckTotal",
    "CheckedChild",
    "decisions_between",
    "family_headings",
    "family_histories",
    "families_now",
    "FamilyRow",
    "keep_drift_facts",
    "kept_drift_facts",
    "LatestMeeting",
    "DriftFacts",
    "closure_needs_between",
    "open_actions",
    "returns_families",
    "step_ups_between",
    "checked_children",
    "latest_check_totals",
    "latest_check_totals_from_checks",
    "latest_checks_problem",
]
