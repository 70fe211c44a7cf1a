"""The family's chronology: the events typed in from other agencies, beside what TAC itself
saw happen (a referral received, a screening decision, each TAC meeting, a new lead
professional, the family opened, stepped up or down, closed), and each manager's
oversight note with its direction.

    >>> entries = read_chronology(store, family.id)   # or, with the records already read:
    >>> entries = family_chronology(file, directory, store.screenings_of_family(family.id))
    >>> [(form_date(e.on), e.what) for e in entries][:3]
    [('12/01/2026', 'Referral'), ('20/01/2026', 'Screening decision'), ('20/01/2026', 'Status: Open')]
    >>> high = filter_chronology(entries, at_least=Significance.HIGH)

What TAC writes is worked out from the records each time, never stored: a corrected
meeting date or a removed referral shows in the chronology at once, and `tac dump` keeps
only the typed events (`ChronologyEvent` rows), so a dump loads back whole and the rest of
the chronology comes back from the records it was written from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from tac.bundle import FamilyFile
from tac.dates import long_date
from tac.directory import Directory
from tac.models import (
    CLOSURE_REASON_LABELS,
    EVENT_KIND_LABELS,
    FAMILY_STATUS_LABELS,
    LEVEL_LABELS,
    OUTCOME_LABELS,
    TAC_MEETING_KIND_LABELS,
    EventKind,
    FamilyStatus,
    MeetingStatus,
    ScreeningMeeting,
    ScreeningOutcome,
    Significance,
)

if TYPE_CHECKING:
    from tac.store import Store

SCREENING_DECISION = "Screening decision"
MANAGEMENT_OVERSIGHT = "Management oversight"
LEAD_PROFESSIONAL = "Lead professional"

STATUS_SIGNIFICANCE: dict[FamilyStatus, Significance] = {
    FamilyStatus.REFERRED: Significance.MEDIUM,
    FamilyStatus.OPEN: Significance.MEDIUM,
    FamilyStatus.STEPPED_UP: Significance.HIGH,
    FamilyStatus.STEPPED_DOWN: Significance.HIGH,
    FamilyStatus.CLOSED: Significance.HIGH,
}
"""How much a change of status matters: moving between services, or closing, most."""

_RANK = {"referral": 0, "typed": 1, "screening": 2, "meeting": 3, "status": 4, "lead": 5,
         "oversight": 6}
"""The order of entries on one day: the referral first, a manager's oversight last (it
looks at what the day brought)."""

_SIGNIFICANCE_ORDER = {Significance.LOW: 0, Significance.MEDIUM: 1, Significance.HIGH: 2}


@dataclass(frozen=True)
class ChronologyEntry:
    """One dated line of the chronology.

    `what` is the kind of event (`Police call-out`, `Review TAC meeting`); `summary` the
    words (typed, for a typed event); `agency` the name of the agency it came from, "" when
    not known; `about` the person it is about, "" for the whole family. `written_by_tac`
    says TAC wrote it from its own records; otherwise a person typed it in (`event_id`).
    """

    on: date
    what: str
    summary: str
    significance: Significance
    written_by_tac: bool
    agency_id: str | None = None
    agency: str = ""
    about: str = ""
    event_id: str | None = None
    rank: int = _RANK["typed"]


def family_chronology(
    file: FamilyFile, directory: Directory, screenings: Iterable[ScreeningMeeting] = ()
) -> list[ChronologyEntry]:
    """The family's whole chronology, oldest first: the typed events of `file` and what TAC
    writes from its referrals, its finished TAC meetings, its lead professionals and its
    status history, and from the decisions of `screenings` (finished screening meetings)
    about its referrals, and the managers' oversight notes."""
    entries = [*_typed(file, directory), *_referrals(file, directory),
               *_screening_decisions(file, directory, screenings), *_meetings(file, directory),
               *_status_changes(file), *_lead_professionals(file, directory),
               *_oversight_notes(file, directory)]
    return sorted(entries, key=lambda e: (e.on, e.rank))


def read_chronology(store: Store, family_id: str) -> list[ChronologyEntry]:
    """The family's whole chronology (see `family_chronology`), read from `store`."""
    directory = Directory.of(store.professionals(), store.agencies(), store.local_services())
    return family_chronology(store.family_file(family_id), directory,
                             store.screenings_of_family(family_id))


def filter_chronology(
    entries: Iterable[ChronologyEntry],
    agency_id: str | None = None,
    at_least: Significance = Significance.LOW,
) -> list[ChronologyEntry]:
    """The entries from one agency (all when `agency_id` is None) of at least `at_least`
    significance, in the order given."""
    floor = _SIGNIFICANCE_ORDER[at_least]
    return [e for e in entries
            if (agency_id is None or e.agency_id == agency_id)
            and _SIGNIFICANCE_ORDER[e.significance] >= floor]


def agencies_in(entries: Iterable[ChronologyEntry]) -> list[tuple[str, str]]:
    """The agencies the entries come from, as (id, name), by name: what to filter by."""
    found = {e.agency_id: e.agency for e in entries if e.agency_id and e.agency}
    return sorted(found.items(), key=lambda item: item[1].lower())


# --- what each record writes ---------------------------------------------------------------


def _typed(file: FamilyFile, directory: Directory) -> Iterable[ChronologyEntry]:
    family = file.family
    for event in file.chronology:
        person = family.person(event.person_id or "")
        yield ChronologyEntry(
            on=event.occurred_on, what=EVENT_KIND_LABELS[event.kind], summary=event.summary,
            significance=event.significance, written_by_tac=False, agency_id=event.agency_id,
            agency=directory.agency_name(event.agency_id), about=person.name if person else "",
            event_id=event.id,
        )


def _referrals(file: FamilyFile, directory: Directory) -> Iterable[ChronologyEntry]:
    for referral in file.referrals:
        agency = (directory.agency_name(referral.referrer_agency_id)
                  or referral.referrer_agency_name)
        source = f" ({agency})" if agency else (
            "" if referral.referrer_agency_id else " (the family)")
        yield ChronologyEntry(
            on=referral.received_on, what=EVENT_KIND_LABELS[EventKind.REFERRAL],
            summary=f"Referral received from {referral.referrer_name}{source}: "
                    f"{referral.concerns}",
            significance=Significance.MEDIUM, written_by_tac=True,
            agency_id=referral.referrer_agency_id, agency=agency, rank=_RANK["referral"],
        )


def _screening_decisions(
    file: FamilyFile, directory: Directory, screenings: Iterable[ScreeningMeeting]
) -> Iterable[ChronologyEntry]:
    referrals = {r.id: r for r in file.referrals}
    for meeting in screenings:
        if meeting.status is not MeetingStatus.FINISHED:
            continue
        chair = directory.professional(meeting.chair_id)
        by = f", chaired by {chair.name}" if chair else ""
        for decision in meeting.decisions:
            referral = referrals.get(decision.referral_id)
            if referral is None:
                continue
            step_up = decision.outcome is ScreeningOutcome.STEP_UP
            yield ChronologyEntry(
                on=meeting.held_on, what=SCREENING_DECISION,
                summary=f"{OUTCOME_LABELS[decision.outcome]}, level {decision.level}: decided "
                        f"by the screening meeting of {long_date(meeting.held_on)}{by}, on the "
                        f"referral of {long_date(referral.received_on)}",
                significance=Significance.HIGH if step_up else Significance.MEDIUM,
                written_by_tac=True, rank=_RANK["screening"],
            )


def _meetings(file: FamilyFile, directory: Directory) -> Iterable[ChronologyEntry]:
    for meeting in file.tac_meetings:
        if meeting.status is not MeetingStatus.FINISHED:
            continue  # not held until it is finished
        chair = directory.professional(meeting.chair_id)
        agency_id = chair.agency_id if chair else None
        present = len(meeting.present())
        summary = f"{TAC_MEETING_KIND_LABELS[meeting.kind]} TAC meeting"
        summary += f", chaired by {chair.name}" if chair else ""
        summary += f"; {present} {'person' if present == 1 else 'people'} present" if present else ""
        yield ChronologyEntry(
            on=meeting.held_on, what=f"{TAC_MEETING_KIND_LABELS[meeting.kind]} TAC meeting",
            summary=summary, significance=Significance.MEDIUM, written_by_tac=True,
            agency_id=agency_id, agency=directory.agency_name(agency_id),
            rank=_RANK["meeting"],
        )


def _status_changes(file: FamilyFile) -> Iterable[ChronologyEntry]:
    before = None
    for change in file.family.status_history:
        label = FAMILY_STATUS_LABELS[change.status]
        if change.status is FamilyStatus.CLOSED and change.reason is not None:
            summary = f"{label}: {CLOSURE_REASON_LABELS[change.reason]}"
        elif before is not None and before.status is change.status:
            summary = (f"{label}, from level {before.level} to level {change.level}: "
                       f"{LEVEL_LABELS[change.level]}")
        else:
            summary = f"{label} at level {change.level}: {LEVEL_LABELS[change.level]}"
        if change.note:
            summary += f". {change.note}"
        yield ChronologyEntry(
            on=change.on, what=f"Status: {label}", summary=summary,
            significance=STATUS_SIGNIFICANCE[change.status], written_by_tac=True,
            rank=_RANK["status"],
        )
        before = change


def _lead_professionals(file: FamilyFile, directory: Directory) -> Iterable[ChronologyEntry]:
    terms = sorted(file.family.lead_professionals, key=lambda t: t.started_on)
    previous = ""
    for term in terms:
        who = directory.professional(term.professional_id)
        agency_id = who.agency_id if who else None
        named = directory.name_and_role(term.professional_id) or "A professional no longer listed"
        after = f", after {previous}" if previous else ""
        yield ChronologyEntry(
            on=term.started_on, what=LEAD_PROFESSIONAL,
            summary=f"{named} became the lead professional{after}",
            significance=Significance.LOW, written_by_tac=True, agency_id=agency_id,
            agency=directory.agency_name(agency_id), rank=_RANK["lead"],
        )
        previous = who.name if who else "a professional no longer listed"
    last = terms[-1] if terms else None
    if last is not None and last.ended_on is not None:  # nobody holds the role now
        who = directory.professional(last.professional_id)
        yield ChronologyEntry(
            on=last.ended_on, what=LEAD_PROFESSIONAL,
            summary=f"{who.name if who else 'The lead professional'} stopped being the lead "
                    "professional; nobody holds the role now",
            significance=Significance.LOW, written_by_tac=True, rank=_RANK["lead"],
        )


def _oversight_notes(file: FamilyFile, directory: Directory) -> Iterable[ChronologyEntry]:
    for note in file.oversight_notes:
        manager = directory.professional(note.written_by_id)
        said = note.note if note.note.endswith((".", "!", "?")) else f"{note.note}."
        agency_id = manager.agency_id if manager else None
        yield ChronologyEntry(
            on=note.written_on, what=MANAGEMENT_OVERSIGHT,
            summary=f"{note.written_by}: {said} Direction: {note.direction}",
            significance=Significance.MEDIUM, written_by_tac=False, agency_id=agency_id,
            agency=directory.agency_name(agency_id), rank=_RANK["oversight"],
        )
