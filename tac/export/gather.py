"""Gathering from the store what each document needs: the one module of export that
reads the database. Everything it returns can be rendered without a store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from tac import rules
from tac.errors import InvalidInput, NotFound
from tac.export.papers import (
    Directory,
    FamilyPlanPapers,
    Papers,
    ScreeningMeetingPapers,
    TacMeetingPapers,
)
from tac.models import Family, MeetingStatus, Referral, ScreeningMeeting, TacMeeting


def directory(store) -> Directory:
    """Every professional and agency, for naming people in documents."""
    return Directory.of(store.professionals(), store.agencies(), store.local_services())


def _finished(meetings: Iterable[TacMeeting]) -> list[TacMeeting]:
    return sorted(
        (m for m in meetings if m.status is MeetingStatus.FINISHED), key=lambda m: m.held_on
    )


def _finished_or_refuse(meeting: TacMeeting | ScreeningMeeting, what: str) -> None:
    if meeting.status is not MeetingStatus.FINISHED:
        raise InvalidInput(
            f"the {what} on {meeting.held_on:%d/%m/%Y} is still in progress; finish it "
            "before exporting its minutes"
        )


def minutes_papers(store, meeting_id: str) -> TacMeetingPapers:
    """What the minutes of one finished TAC meeting need.

    `NotFound` if there is no such meeting; `InvalidInput` if it is still in progress.
    """
    meeting = store.get(TacMeeting, meeting_id)
    _finished_or_refuse(meeting, "TAC meeting")
    file = store.family_file(meeting.family_id)
    return TacMeetingPapers(
        meeting=meeting,
        family=file.family,
        actions=file.actions,
        previous=rules.meeting_before(meeting, file.tac_meetings),
        settings=store.settings(),
    )


def latest_minutes_papers(store, reference: str, held_on: date | None = None) -> TacMeetingPapers:
    """The family's latest finished TAC meeting (or the one held on `held_on`)."""
    family = store.family_by_reference(reference)
    finished = _finished(store.tac_meetings(family_id=family.id))
    if held_on is not None:
        finished = [m for m in finished if m.held_on == held_on]
    if not finished:
        when = f" on {held_on:%d/%m/%Y}" if held_on else ""
        raise NotFound(f"{family.reference} has no finished TAC meeting{when} to export")
    return minutes_papers(store, finished[-1].id)


def plan_papers(store, family_id: str) -> FamilyPlanPapers:
    """The family's plan, as agreed at its latest finished TAC meeting.

    `NotFound` if there is no such family, or it has had no finished TAC meeting.
    """
    file = store.family_file(family_id)
    finished = _finished(file.tac_meetings)
    if not finished:
        raise NotFound(
            f"{file.family.reference} has had no finished TAC meeting yet, so there is no plan"
        )
    return FamilyPlanPapers(family=file.family, meeting=finished[-1], actions=file.actions,
                            settings=store.settings())


def screening_papers(store, meeting_id: str) -> ScreeningMeetingPapers:
    """What the minutes of one finished screening meeting need."""
    meeting = store.get(ScreeningMeeting, meeting_id)
    _finished_or_refuse(meeting, "screening meeting")
    referrals = {r.id: r for r in store.referrals()}

    def family(family_id: str) -> Family | None:
        try:
            return store.get(Family, family_id)
        except NotFound:
            return None

    return _screening(meeting, referrals, family)


def latest_screening_papers(store, held_on: date | None = None) -> ScreeningMeetingPapers:
    """The latest finished screening meeting (or the one held on `held_on`)."""
    meetings = store.screening_meetings(status=MeetingStatus.FINISHED)
    if held_on is not None:
        meetings = [m for m in meetings if m.held_on == held_on]
    if not meetings:
        when = f" on {held_on:%d/%m/%Y}" if held_on else ""
        raise NotFound(f"there is no finished screening meeting{when} to export")
    return screening_papers(store, max(meetings, key=lambda m: m.held_on).id)


def _screening(
    meeting: ScreeningMeeting,
    referrals: dict[str, Referral],
    family: Callable[[str], Family | None],
) -> ScreeningMeetingPapers:
    decided = {
        d.referral_id: referrals[d.referral_id]
        for d in meeting.decisions
        if d.referral_id in referrals
    }
    families = {}
    for referral in decided.values():
        found = family(referral.family_id)
        if found is not None:
            families[found.id] = found
    return ScreeningMeetingPapers(meeting=meeting, referrals=decided, families=families)


def batch_papers(store, since: date | None = None) -> tuple[list[Papers], list[str]]:
    """Everything a batch export writes, and what it leaves out and why.

    Minutes of every finished screening and TAC meeting held on or after `since`, and
    the plan of every open family whose latest finished TAC meeting is on or after it.
    An open family with no finished meeting has no plan yet: it is listed as left out.
    Reads each table once, so it stays quick with thousands of families.
    """
    settings = store.settings()
    families = {f.id: f for f in store.families()}
    finished = _finished(store.tac_meetings(status=MeetingStatus.FINISHED))
    actions = defaultdict(list)
    for action in store.actions():
        actions[action.family_id].append(action)
    by_family: dict[str, list[TacMeeting]] = defaultdict(list)
    for meeting in finished:
        by_family[meeting.family_id].append(meeting)

    papers: list[Papers] = []
    left_out: list[str] = []
    referrals = None
    for meeting in store.screening_meetings(status=MeetingStatus.FINISHED):
        if since and meeting.held_on < since:
            continue
        if referrals is None:
            referrals = {r.id: r for r in store.referrals()}
        papers.append(_screening(meeting, referrals, families.get))

    for family_id, meetings in by_family.items():
        family = families.get(family_id)
        if family is None:
            continue
        previous = None
        for meeting in meetings:
            if not since or meeting.held_on >= since:
                # Only the actions these minutes print: each document crosses to a worker
                # process, and a long-running family can have dozens.
                reviewed = {r.action_id for r in meeting.action_reviews}
                needed = [a for a in actions[family_id]
                          if a.meeting_id == meeting.id or a.id in reviewed]
                papers.append(
                    TacMeetingPapers(meeting=meeting, family=family, actions=needed,
                                     previous=previous, settings=settings)
                )
            previous = meeting

    for family in families.values():
        if not family.is_open:
            continue
        meetings = by_family.get(family.id)
        if not meetings:
            left_out.append(f"{family.reference}: no finished TAC meeting yet, so no plan")
            continue
        if since and meetings[-1].held_on < since:
            continue
        papers.append(
            FamilyPlanPapers(family=family, meeting=meetings[-1], actions=actions[family.id],
                             settings=settings)
        )
    return papers, left_out
