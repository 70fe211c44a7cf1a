"""Drift now and the caseload: what has slipped for the families early help is working
with, and how the open caseload falls across lead professionals and agencies.

Pure functions of the records `tac.oversight` gathers; every judgement is a rule's
(`tac.rules`): overdue, late review, carried over, the scaling trend, the minutes clock,
the first meeting's target, consent withdrawn, a management oversight note due.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from functools import cache, partial
from typing import NamedTuple

from tac import rules
from tac.dates import working_days_between
from tac.directory import Directory
from tac.episodes import Episode, episodes
from tac.intake.follow_up import DecisionAbout
from tac.models import OUTCOME_LABELS, TAC_MEETING_KIND_LABELS, Family, MeetingStatus
from tac.oversight.figures import (
    CarriedOver,
    CaseloadLine,
    ConsentWithdrawn,
    FallingScaling,
    FirstMeetingLate,
    LateReview,
    Listed,
    MinutesLate,
    NoLead,
    NoOversightNote,
    OverdueAction,
    ReferrerNotTold,
    Tally,
    tally,
)
from tac.oversight.lines import FigureLine, behind_of, families, label_of
from tac.settings import Settings
from tac.store.minutes import MinutesRow
from tac.store.oversight import (
    ActionRow,
    DriftFacts,
    FamilyHistory,
    FamilyRow,
    LatestMeeting,
    ReviewRow,
)

FAMILY_MEMBERS = "Family members"
"""Where actions a family member owns are counted, by owner and by agency."""
NO_AGENCY = "No agency recorded"
NO_LEAD = "No lead professional"


@dataclass(frozen=True)
class Drift:
    """What has slipped, as of a day, for the open families."""

    first_meeting_late: tuple[FirstMeetingLate, ...]
    late_reviews: tuple[LateReview, ...]
    overdue_actions: Sequence[OverdueAction]
    overdue_by_owner: tuple[Tally, ...]
    overdue_by_agency: tuple[Tally, ...]
    carried_over: Sequence[CarriedOver]
    scaling_falling: tuple[FallingScaling, ...]
    no_lead_professional: tuple[NoLead, ...]
    consent_withdrawn: tuple[ConsentWithdrawn, ...]
    minutes_late: tuple[MinutesLate, ...]
    referrer_not_told: tuple[ReferrerNotTold, ...]
    no_oversight_note: Sequence[NoOversightNote]
    oversight_note_weeks: int
    """The council's `oversight_note_weeks`, which `no_oversight_note` was judged by."""

    open_family_ids: tuple[str, ...]
    """The open families, in reference order: those behind "Open families"."""

    @property
    def open_families(self) -> int:
        return len(self.open_family_ids)

    def headline(self) -> list[tuple[str, int]]:
        """Each figure in a line: (what, how many)."""
        return [(line.label, line.count) for line in self.lines()]

    def lines(self) -> list[FigureLine]:
        """Each figure with the families behind it, in `DRIFT_LABELS`' order; a list of
        items on `Drift` not named there follows, labelled from its field's name."""
        lines = [FigureLine(OPEN_FAMILIES, self.open_families, families(self.open_family_ids))]
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        named = [name for name in DRIFT_LABELS if name in values]
        others = [name for name, value in values.items() if name not in DRIFT_LABELS
                  and name not in _NOT_LISTS and isinstance(value, (tuple, Listed))]
        for name in [*named, *others]:
            label = DRIFT_LABELS[name].format_map(values) if name in DRIFT_LABELS else None
            items = values[name]
            lines.append(FigureLine(label or label_of(name), len(items), behind_of(items)))
        return lines


OPEN_FAMILIES = "Open families"
DRIFT_LABELS = {
    "first_meeting_late": "No first TAC meeting within the target",
    "late_reviews": "Reviews late",
    "overdue_actions": "Actions overdue",
    "carried_over": "Actions carried over at two or more reviews",
    "scaling_falling": "Scaling fell at the latest meeting",
    "no_lead_professional": "No lead professional",
    "consent_withdrawn": "Consent withdrawn with the plan open",
    "minutes_late": "Minutes past the clock",
    "referrer_not_told": "Referrers not told of the decision",
    "no_oversight_note": "No management oversight note in the last {oversight_note_weeks} weeks",
}
"""Each list on `Drift` (by field) and its line's label, in the order they are read; a
label may name another field of `Drift` in braces (the council's setting it was judged by).
A list not yet on `Drift` is passed over."""
_NOT_LISTS = {"overdue_by_owner", "overdue_by_agency", "open_family_ids"}
"""Fields of `Drift` that are not a figure's list of items."""


class ReviewingMeeting(NamedTuple):
    """A TAC meeting as `rules.times_carried_over` reads it: its status and its reviews."""

    status: MeetingStatus
    action_reviews: list[ReviewRow]


@dataclass(frozen=True)
class Caseload:
    """Open families and overdue actions per lead professional and per agency."""

    by_lead_professional: tuple[CaseloadLine, ...]
    by_agency: tuple[CaseloadLine, ...]


def owner_and_agency(action: ActionRow, directory: Directory) -> tuple[str, str]:
    """Who owns an action and their agency, as a report names them: a family member is
    named with "(family)", and counted under the family."""
    if action.person_id:
        return f"{action.person_name or 'a family member'} (family)", "Family"
    return _professional_and_agency(directory, action.professional_id)


def _professional_and_agency(directory: Directory, professional_id: str | None) -> tuple[str, str]:
    professional = directory.professional(professional_id)
    if professional is None:
        return "a professional no longer listed", NO_AGENCY
    return professional.name, directory.agency_name(professional.agency_id) or NO_AGENCY


def current_episode(found: Sequence[Episode]) -> Episode | None:
    """The family's episode open now, if one is."""
    return found[-1] if found and found[-1].is_open else None


def scaled(meetings) -> list[tuple[date, float]]:
    """(day, mean score) of each finished meeting that scaled, oldest first: the family's
    scaling trend (`rules.scaling_trend`), read from the store's means."""
    return [(m.held_on, m.mean_score) for m in rules.finished_meetings(meetings)
            if m.mean_score is not None]


def drift_facts(history: FamilyHistory) -> DriftFacts:
    """What drift needs of the family that does not change with the day, from its history
    read with its reviews of actions: its episode of early help open now (`tac.episodes`),
    the day it opened, its first finished TAC meeting, its latest (`rules.latest_meeting`)
    and the scaling at the last two that scaled (`scaled`), all None (and no scaling) when
    none is open; and how many times each of its actions was carried over
    (`rules.times_carried_over`, at any of its meetings)."""
    reviews: dict[str, list[ReviewRow]] = {}
    for review in history.reviews:
        reviews.setdefault(review.meeting_id, []).append(review)
    carried = rules.times_carried_over(
        ReviewingMeeting(m.status, reviews[m.id]) for m in history.meetings if m.id in reviews)
    episode = current_episode(episodes(history, history.referrals, history.meetings))
    if episode is None:
        return DriftFacts(history.id, None, None, None, (), carried)
    held = episode.finished_meetings
    latest = rules.latest_meeting(episode.meetings)
    return DriftFacts(
        history.id, episode.opened_on, held[0].held_on if held else None,
        LatestMeeting(latest.held_on, latest.kind, latest.next_review_on) if latest else None,
        tuple(scaled(episode.meetings)[-2:]), carried)


def drift_facts_of(histories: Sequence[FamilyHistory]) -> list[DriftFacts]:
    """Each family's `drift_facts`."""
    return [drift_facts(history) for history in histories]


CARRIED_OVER_AT = 2
"""An action is listed as carried over when it was at this many reviews or more."""


def carried_over(facts_of: Mapping[str, DriftFacts], family_ids: Iterable[str]) -> dict[str, int]:
    """The actions of these families carried over at `CARRIED_OVER_AT` reviews or more: how
    many times, by action id (`DriftFacts.carried_over`)."""
    return {action_id: times for family_id in family_ids
            for action_id, times in facts_of[family_id].carried_over.items()
            if times >= CARRIED_OVER_AT}


def drift_now(
    families: Sequence[FamilyRow],
    facts_of: Mapping[str, DriftFacts],
    actions: Sequence[ActionRow],
    unsent: Sequence[MinutesRow],
    withdrawn: Sequence[Family],
    not_told: Sequence[DecisionAbout],
    directory: Directory,
    settings: Settings,
    as_of: date,
    last_notes: Mapping[str, date] | None = None,
) -> Drift:
    """Drift as of `as_of`, from every family as it stands, what drift needs of each open
    family that does not change with the day (`drift_facts`, by family id) and the open
    actions (the actions of open families count: at least the overdue ones and those ever
    carried over), `last_notes` the day of each family's latest management oversight note
    by `as_of` (by family id; none when not given)."""
    open_families = [f for f in families if f.is_open]
    by_id = {f.id: f for f in open_families}
    actions = [a for a in actions if a.family_id in by_id]
    overdue = [a for a in actions if rules.is_overdue(a, as_of)]
    overdue_count: dict[str, int] = {}
    for action in overdue:
        overdue_count[action.family_id] = overdue_count.get(action.family_id, 0) + 1

    interval = settings.review_interval_weeks
    standings = []
    for history in open_families:
        # The plan reviewed is the open episode's: a family stepped down from social care
        # (or referred again) has no plan until its first meeting in this episode, however
        # late the review agreed in the episode before would be.
        latest = facts_of[history.id].latest
        standings.append(rules.FamilyStanding(
            id=history.id, reference=history.reference, name=history.name, level=history.level,
            is_open=True, has_lead_professional=history.lead_professional_id is not None,
            next_review_on=rules.review_due_on(
                latest.held_on, latest.next_review_on, latest.kind, family_open=True,
                interval_weeks=interval) if latest else None,
            overdue_actions=overdue_count.get(history.id, 0),
        ))
    within = settings.minutes_within_working_days
    summary = rules.drift_summary(
        standings, today=as_of, limit_working_days=settings.screening_wait_working_days,
        meetings=unsent, minutes_within_working_days=within,
        minutes_clock_from=settings.minutes_clock_from)
    due_on = {s.id: s.next_review_on for s in standings}

    first_late, falling, no_lead = [], [], []
    target = settings.initial_meeting_working_days
    for history in open_families:
        episode = facts_of[history.id]
        if episode.opened_on is None:
            continue
        if rules.first_meeting_overdue(episode.opened_on, episode.first_held_on, as_of,
                                       within_working_days=target):
            first_late.append(FirstMeetingLate(
                history.id, history.reference, history.name, episode.opened_on,
                rules.first_meeting_due_on(episode.opened_on, within_working_days=target),
                working_days_between(episode.opened_on, as_of)))
        trend = episode.scaled
        if rules.trend_direction(trend) is rules.Trend.WORSENING:
            falling.append(FallingScaling(history.id, history.reference, history.name,
                                          trend[-1][0], trend[-2][1], trend[-1][1]))
    for drifting in summary.without_lead_professional:
        no_lead.append(NoLead(drifting.family_id, drifting.reference, drifting.name,
                              drifting.level, facts_of[drifting.family_id].opened_on))

    late = [
        LateReview(d.family_id, d.reference, d.name, due_on[d.family_id], d.review_late_by,
                   _name(directory, by_id[d.family_id].lead_professional_id))
        for d in summary.late_reviews
    ]
    # Thousands of overdue actions share a few hundred professionals: each is named once.
    professional_and_agency = cache(partial(_professional_and_agency, directory))

    def owned_by(action: ActionRow) -> tuple[str, str]:
        if action.person_id:
            return owner_and_agency(action, directory)
        return professional_and_agency(action.professional_id)

    owned, by_owner_pairs, by_agency_pairs = [], [], []
    for a in overdue:
        owner, agency = owned_by(a)
        owned.append((a, owner, agency))
        by_owner_pairs.append((FAMILY_MEMBERS if a.person_id else owner, a.family_id))
        by_agency_pairs.append((FAMILY_MEMBERS if a.person_id else agency, a.family_id))
    by_owner, by_agency = tally(by_owner_pairs), tally(by_agency_pairs)

    def overdue_action(entry: tuple[ActionRow, str, str]) -> OverdueAction:
        a, owner, agency = entry
        family = by_id[a.family_id]
        return OverdueAction(a.family_id, family.reference, family.name, a.id, a.what, owner,
                             agency, a.due_on, rules.days_overdue(a, as_of))

    times = carried_over(facts_of, by_id)

    def carried_action(a: ActionRow) -> CarriedOver:
        family = by_id[a.family_id]
        return CarriedOver(a.family_id, family.reference, family.name, a.id, a.what,
                           owned_by(a)[0], times[a.id])

    minutes = []
    references = {f.id: f.reference for f in families}  # a closed family's minutes count too
    for meeting in summary.minutes_late:
        reference = references.get(meeting.family_id, "") if meeting.family_id else ""
        what = ("Screening meeting" if meeting.family_id is None
                else f"{TAC_MEETING_KIND_LABELS[meeting.kind]} TAC meeting")
        minutes.append(MinutesLate(
            meeting.id, meeting.family_id or "", reference, what,
            meeting.held_on, rules.minutes_days_past(meeting, as_of, within_working_days=within,
                                                      clock_from=settings.minutes_clock_from)))
    withdrawn_items = []
    for family in withdrawn:
        if rules.consent_withdrawn_with_plan_open(family, as_of):
            consent = family.latest_consent(as_of)
            withdrawn_items.append(ConsentWithdrawn(
                family.id, family.reference, family.display_name(),
                consent.withdrawn_on if consent else None))
    told = [
        ReferrerNotTold(d.family.id, d.family.reference, d.family.display_name(), d.meeting.id,
                        d.decided_on, OUTCOME_LABELS[d.decision.outcome])
        for d in not_told
    ]
    first_late.sort(key=lambda f: (f.decided_on, f.reference))
    weeks = settings.oversight_note_weeks
    unnoted = no_oversight_note(open_families, facts_of, last_notes or {}, directory,
                                weeks, as_of)
    return Drift(
        first_meeting_late=tuple(first_late),
        late_reviews=tuple(late),
        overdue_actions=Listed(owned, overdue_action, key=lambda a: (a.due_on, a.reference)),
        overdue_by_owner=by_owner,
        overdue_by_agency=by_agency,
        carried_over=Listed([a for a in actions if a.id in times], carried_action,
                            key=lambda c: (-c.times, c.reference)),
        scaling_falling=tuple(falling),
        no_lead_professional=tuple(no_lead),
        consent_withdrawn=tuple(withdrawn_items),
        minutes_late=tuple(minutes),
        referrer_not_told=tuple(told),
        no_oversight_note=unnoted,
        oversight_note_weeks=weeks,
        open_family_ids=tuple(h.id for h in open_families),
    )


def no_oversight_note(
    open_families: Sequence[FamilyRow], facts_of: Mapping[str, DriftFacts],
    last_notes: Mapping[str, date], directory: Directory, weeks: int, as_of: date,
) -> Sequence[NoOversightNote]:
    """The open families with no management oversight note in the last `weeks` weeks
    (`rules.oversight_note_due`), counted from their latest note or, with none, from the
    day their early help opened; longest without first."""
    found = []
    for family in open_families:
        last = last_notes.get(family.id)
        opened_on = facts_of[family.id].opened_on
        if opened_on is not None and rules.oversight_note_due(
                last or opened_on, as_of, within_weeks=weeks):
            found.append((family, last, opened_on))

    def unnoted(entry: tuple[FamilyRow, date | None, date]) -> NoOversightNote:
        family, last, opened_on = entry
        return NoOversightNote(
            family.id, family.reference, family.name, last, opened_on,
            (as_of - (last or opened_on)).days // 7, _name(directory, family.lead_professional_id))

    return Listed(found, unnoted, key=lambda n: (-n.weeks_since, n.reference))


def caseload(
    families: Sequence[FamilyRow], drift: Drift, actions: Sequence[ActionRow],
    directory: Directory,
) -> Caseload:
    """Open families and overdue actions per lead professional (the families they lead, the
    overdue actions in those families) and per agency (the families its professionals lead,
    the overdue actions its professionals own)."""
    overdue_in: dict[str, int] = {}
    for item in drift.overdue_actions:
        overdue_in[item.family_id] = overdue_in.get(item.family_id, 0) + 1
    overdue_ids = {item.action_id for item in drift.overdue_actions}
    open_ids = {f.id for f in families if f.is_open}
    agency_of: dict[str | None, str] = {}

    def agency(professional_id: str | None) -> str:
        if professional_id not in agency_of:
            pro = directory.professional(professional_id)
            agency_of[professional_id] = (
                directory.agency_name(pro.agency_id) if pro else "") or NO_AGENCY
        return agency_of[professional_id]

    led: dict[str | None, list[str]] = {}
    for family in families:
        if family.is_open:
            led.setdefault(family.lead_professional_id, []).append(family.id)
    by_lead = [
        CaseloadLine(_name(directory, pid) or NO_LEAD, agency(pid) if pid else "", len(ids),
                     sum(overdue_in.get(i, 0) for i in ids), tuple(ids))
        for pid, ids in led.items()
    ]
    by_lead.sort(key=lambda line: (-line.open_families, line.label))

    families_of: dict[str, list[str]] = {}
    for pid, ids in led.items():
        if pid:
            families_of.setdefault(agency(pid), []).extend(ids)
    owned_overdue: dict[str, int] = {}
    for action in actions:
        if action.id in overdue_ids and action.professional_id and action.family_id in open_ids:
            name = agency(action.professional_id)
            owned_overdue[name] = owned_overdue.get(name, 0) + 1
    by_agency = [
        CaseloadLine(name, name, len(families_of.get(name, [])), owned_overdue.get(name, 0),
                     tuple(families_of.get(name, [])))
        for name in sorted(set(families_of) | set(owned_overdue))
    ]
    by_agency.sort(key=lambda line: (-line.open_families, -line.overdue_actions, line.label))
    return Caseload(tuple(by_lead), tuple(by_agency))


def _name(directory: Directory, professional_id: str | None) -> str:
    pro = directory.professional(professional_id)
    return pro.name if pro else ""
