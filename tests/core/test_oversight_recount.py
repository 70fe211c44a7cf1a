"""The proof of oversight: every figure of `oversight(store, as_of=a fixed day)` on the demo
data equals the same figure counted another way, by hand, from `tac dump`'s JSON.

The dump is run once through the command line (`tac dump`) and read as plain JSON: the
recounts below walk dictionaries and ISO dates, with the council's settings, and call none
of the helpers the figures use (no `tac.rules`, `tac.episodes`, `tac.dates`, no model). A
working day is counted here from the `holidays` package's calendar for England. The
report's CSV files are read back and must hold the same rows.
"""

from __future__ import annotations

import csv
import io
import json
import math
import statistics
from collections import Counter, defaultdict
from contextlib import redirect_stdout
from datetime import date, timedelta
from functools import cache

import holidays
import pytest

from tac.bundle import Bundle
from tac.cli import main
from tac.demo import build_demo
from tac.models import (
    AGENCY_KIND_LABELS,
    CLOSURE_REASON_LABELS,
    HEADLINE_OUTCOME_LABELS,
    OUTCOME_LABELS,
    TAC_MEETING_KIND_LABELS,
    AgencyKind,
    ClosureReason,
    FamilyStatus,
    HeadlineOutcome,
    ScreeningOutcome,
    StatusChange,
    TacMeetingKind,
)
from tac.oversight import Oversight, oversight
from tac.oversight.report import write_oversight_report
from tac.store import Store

TODAY = date(2026, 3, 3)  # a Tuesday
LATER = TODAY + timedelta(days=45)  # some families then wait past the first meeting's target
OPEN = ("open", "stepped_down")
ENDING = ("closed", "stepped_up")
STEP = 0.5  # how far a mean score moves to count as better or worse


# -- the records, once per module ------------------------------------------------------------


@pytest.fixture(scope="module")
def demo() -> Bundle:
    return build_demo(families=60, seed=1, today=TODAY)


@pytest.fixture(scope="module")
def store(tmp_path_factory, demo):
    opened = Store.open(tmp_path_factory.mktemp("recount") / "tac.db", actor="Helen Marsh")
    opened.load(demo, note="demo")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def records(store) -> dict:
    """`tac dump` of every family, as the JSON it prints."""
    printed = io.StringIO()
    with redirect_stdout(printed):
        assert main(["--db", str(store.path), "dump"]) == 0
    return json.loads(printed.getvalue())


@pytest.fixture(scope="module")
def settings(store):
    return store.settings()


@pytest.fixture(scope="module")
def figures(store) -> Oversight:
    return oversight(store, TODAY)


@pytest.fixture(scope="module")
def csv_folder(store, tmp_path_factory):
    written = write_oversight_report(store, TODAY, tmp_path_factory.mktemp("out"), today=TODAY)
    return written[0].parent


# -- counting by hand --------------------------------------------------------------------------


def day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@cache
def _england(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def working(d: date) -> bool:
    return d.weekday() < 5 and d not in _england(d.year)


def working_days(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`, one day at a time."""
    return sum(1 for n in range(1, (end - start).days + 1) if working(start + timedelta(days=n)))


def working_days_after(start: date, count: int) -> date:
    d = start
    while count:
        d += timedelta(days=1)
        count -= working(d)
    return d


def months_after(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    d = start.day
    while True:
        try:
            return date(start.year + year, month + 1, d)
        except ValueError:
            d -= 1


def p90(values: list[int]) -> int:
    ordered = sorted(values)
    return ordered[math.ceil(len(ordered) * 9 / 10) - 1]


def spread(values: list[int]) -> tuple:
    if not values:
        return (0, None, None)
    return (len(values), statistics.median(values), p90(values))


def families(records: dict) -> list[dict]:
    return records["families"]


def is_open(file: dict) -> bool:
    """Open as the family's latest status change says (the dump holds no status of its own)."""
    history = file["family"]["status_history"]
    return bool(history) and history[-1]["status"] in OPEN


def lead_of(file: dict) -> str | None:
    """The lead professional now: the term with no end."""
    return next((t["professional_id"] for t in file["family"]["lead_professionals"]
                 if t["ended_on"] is None), None)


def open_files(records: dict) -> list[dict]:
    return [f for f in families(records) if is_open(f)]


def spans(file: dict) -> list[tuple[dict, dict | None]]:
    """(the status change that opened early help, the one that ended it or None)."""
    found, opened = [], None
    for change in file["family"]["status_history"]:
        if change["status"] in OPEN and opened is None:
            opened = change
        elif change["status"] in ENDING and opened is not None:
            found.append((opened, change))
            opened = None
    if opened is not None:
        found.append((opened, None))
    return found


def opened_on(file: dict) -> date | None:
    """The day the open episode began."""
    found = spans(file)
    return day(found[-1][0]["on"]) if found and found[-1][1] is None else None


def finished(meetings: list[dict]) -> list[dict]:
    return sorted((m for m in meetings if m["status"] == "finished"),
                  key=lambda m: m["held_on"])


def mean(meeting: dict) -> float:
    return sum(s["score"] for s in meeting["scaling"]) / len(meeting["scaling"])


def direction(change: float) -> str:
    return "improving" if change >= STEP else "worsening" if change <= -STEP else "steady"


def professionals(records: dict) -> dict[str, dict]:
    return {p["id"]: p for p in records["professionals"]}


def agency_names(records: dict) -> dict[str, str]:
    return {a["id"]: a["name"] for a in records["agencies"]}


def name_of(records: dict, professional_id: str | None) -> str:
    pro = professionals(records).get(professional_id)
    return pro["name"] if pro else ""


def agency_of(records: dict, professional_id: str | None) -> str:
    pro = professionals(records).get(professional_id)
    return (agency_names(records).get(pro["agency_id"]) if pro else None) or "No agency recorded"


def overdue(records: dict, as_of: date) -> list[tuple[dict, dict]]:
    return [(f, a) for f in open_files(records) for a in f["actions"]
            if a["status"] == "open" and day(a["due_on"]) < as_of]


def owner(records: dict, file: dict, action: dict) -> tuple[str, str]:
    if action["person_id"]:
        person = next(p["name"] for p in file["family"]["people"]
                      if p["id"] == action["person_id"])
        return f"{person} (family)", "Family"
    if action["professional_id"] not in professionals(records):
        return "a professional no longer listed", "No agency recorded"
    return name_of(records, action["professional_id"]), agency_of(records, action["professional_id"])


def tallies(found) -> dict[str, tuple[int, set[str]]]:
    """{label: (count, the family ids)} of a core figure's tallies."""
    return {t.label: (t.count, set(t.family_ids)) for t in found}


def by_label(pairs) -> dict[str, tuple[int, set[str]]]:
    """{label: (count, the family ids)} of (label, family id) pairs counted by hand."""
    counts, ids = Counter(), defaultdict(set)
    for label, family_id in pairs:
        counts[label] += 1
        ids[label].add(family_id)
    return {label: (counts[label], ids[label]) for label in counts}


def reference(file: dict) -> str:
    return file["family"]["reference"]


# -- drift now -----------------------------------------------------------------------------


def test_open_families(figures, records) -> None:
    assert figures.drift.open_families == len(open_files(records)) > 0


def test_overdue_actions(figures, records) -> None:
    expected = sorted(
        (a["id"], reference(f), a["what"], *owner(records, f, a), day(a["due_on"]),
         (TODAY - day(a["due_on"])).days)
        for f, a in overdue(records, TODAY))
    found = figures.drift.overdue_actions
    assert expected and sorted(
        (a.action_id, a.reference, a.what, a.owner, a.agency, a.due_on, a.days_overdue)
        for a in found) == expected
    assert [a.due_on for a in found] == sorted(a.due_on for a in found)  # longest overdue first


def test_overdue_actions_by_owner_and_by_agency(figures, records) -> None:
    owned = [(f, a, *owner(records, f, a)) for f, a in overdue(records, TODAY)]
    by_owner = by_label(("Family members" if a["person_id"] else who, f["family"]["id"])
                        for f, a, who, _ in owned)
    by_agency = by_label(("Family members" if a["person_id"] else agency, f["family"]["id"])
                         for f, a, _, agency in owned)
    assert len(by_owner) > 1 and len(by_agency) > 1
    assert tallies(figures.drift.overdue_by_owner) == by_owner
    assert tallies(figures.drift.overdue_by_agency) == by_agency
    counts = [t.count for t in figures.drift.overdue_by_owner]
    assert counts == sorted(counts, reverse=True)


def test_late_reviews(figures, records, settings) -> None:
    expected = {}
    for file in open_files(records):
        held = [m for m in finished(file["tac_meetings"]) if day(m["held_on"]) >= opened_on(file)]
        if not held or held[-1]["kind"] == "closure":
            continue
        last = held[-1]
        due = day(last["next_review_on"]) or (
            day(last["held_on"]) + timedelta(weeks=settings.review_interval_weeks))
        if due < TODAY:
            expected[reference(file)] = (due, (TODAY - due).days,
                                         name_of(records, lead_of(file)))
    assert expected
    assert {r.reference: (r.review_due_on, r.days_late, r.lead_professional)
            for r in figures.drift.late_reviews} == expected


def test_a_review_agreed_before_a_step_up_is_not_late_once_the_family_is_stepped_down(
        demo, tmp_path) -> None:
    """Found by the recount: a family stepped up from a review, then stepped down to early
    help again, was listed as late for the review its old plan had agreed. Its new episode
    has no plan until its first meeting, which is not yet due."""
    file = next(f for f in demo.families if f.family.status is FamilyStatus.STEPPED_UP
                and max((m for m in f.tac_meetings if m.status.value == "finished"),
                        key=lambda m: m.held_on).kind is not TacMeetingKind.CLOSURE)
    back = StatusChange(on=TODAY - timedelta(days=5), status=FamilyStatus.STEPPED_DOWN,
                        level=3)
    family = file.family.model_copy(update={"status_history": [*file.family.status_history, back]})
    alone = demo.model_copy(update={"families": [file.model_copy(update={"family": family})],
                                    "screening_meetings": []})
    with Store.open(tmp_path / "one.db", actor="Helen Marsh") as one:
        one.load(alone, note="one family")
        drift = oversight(one, TODAY).drift
    assert drift.open_families == 1
    assert drift.late_reviews == () and drift.first_meeting_late == ()


def test_no_lead_professional(figures, records) -> None:
    expected = {reference(f): opened_on(f) for f in open_files(records)
                if lead_of(f) is None}
    assert expected
    assert {n.reference: n.open_since for n in figures.drift.no_lead_professional} == expected


def first_meeting_late(records: dict, settings, as_of: date) -> dict[str, tuple]:
    target = settings.initial_meeting_working_days
    expected = {}
    for file in open_files(records):
        opened = opened_on(file)
        held = [m for m in finished(file["tac_meetings"]) if day(m["held_on"]) >= opened]
        due_by = working_days_after(opened, target)
        if not held and as_of > due_by:
            expected[reference(file)] = (opened, due_by, working_days(opened, as_of))
    return expected


def test_no_first_tac_meeting_within_the_target(store, figures, records, settings) -> None:
    found = figures.drift.first_meeting_late
    assert {f.reference: (f.decided_on, f.due_by, f.working_days_waited) for f in found} == (
        first_meeting_late(records, settings, TODAY))
    later = first_meeting_late(records, settings, LATER)
    assert later, "the demo has families waiting for their first TAC meeting"
    assert {f.reference: (f.decided_on, f.due_by, f.working_days_waited)
            for f in oversight(store, LATER).drift.first_meeting_late} == later


def test_actions_carried_over_at_two_or_more_reviews(figures, records) -> None:
    expected = {}
    for file in open_files(records):
        for action in file["actions"]:
            times = sum(1 for m in file["tac_meetings"] if m["status"] == "finished"
                        for r in m["action_reviews"]
                        if r["action_id"] == action["id"] and r["outcome"] in ("not_done", "partly"))
            if action["status"] == "open" and times >= 2:
                expected[action["id"]] = (reference(file), action["what"],
                                          owner(records, file, action)[0], times)
    assert expected
    assert {c.action_id: (c.reference, c.what, c.owner, c.times)
            for c in figures.drift.carried_over} == expected


def test_scaling_falling_at_the_latest_meeting(figures, records) -> None:
    expected = {}
    for file in open_files(records):
        scaled = [m for m in finished(file["tac_meetings"])
                  if m["scaling"] and day(m["held_on"]) >= opened_on(file)]
        if len(scaled) > 1 and direction(mean(scaled[-1]) - mean(scaled[-2])) == "worsening":
            expected[reference(file)] = (day(scaled[-1]["held_on"]), pytest.approx(mean(scaled[-2])),
                                         pytest.approx(mean(scaled[-1])))
    assert expected
    assert {s.reference: (s.held_on, s.previous, s.latest)
            for s in figures.drift.scaling_falling} == expected


def withdrawn_from_all(consent: dict) -> date | None:
    left = set(consent["agency_ids"])
    for withdrawal in consent["withdrawals"]:
        left = set() if withdrawal["all_agencies"] else left - set(withdrawal["agency_ids"])
        if not left:
            return day(withdrawal["on"])
    return None


def test_consent_withdrawn_with_the_plan_open(figures, records) -> None:
    expected = {}
    for file in open_files(records):
        given = [c for c in file["family"]["consents"] if day(c["given_on"]) <= TODAY]
        latest = sorted(given, key=lambda c: c["given_on"])[-1] if given else None
        ended = withdrawn_from_all(latest) if latest else None
        if ended and ended <= TODAY:
            expected[reference(file)] = ended
    assert expected
    assert {c.reference: c.withdrawn_on for c in figures.drift.consent_withdrawn} == expected


def test_minutes_past_the_clock(figures, records, settings) -> None:
    within, clock_from = settings.minutes_within_working_days, settings.minutes_clock_from
    meetings = [(m, reference(f), f"{TAC_MEETING_KIND_LABELS[TacMeetingKind(m['kind'])]} TAC meeting")
                for f in families(records) for m in f["tac_meetings"]]
    meetings += [(m, "", "Screening meeting") for m in records["screening_meetings"]]
    expected = {}
    for meeting, ref, what in meetings:
        held, due = day(meeting["held_on"]), working_days_after(day(meeting["held_on"]), within)
        if (meeting["status"] == "finished" and meeting["minutes_sent_on"] is None
                and (clock_from is None or held >= clock_from) and due < TODAY):
            expected[meeting["id"]] = (ref, what, held, (TODAY - due).days)
    assert expected
    assert {m.meeting_id: (m.reference, m.meeting, m.held_on, m.days_past)
            for m in figures.drift.minutes_late} == expected


def test_referrers_not_told(figures, records) -> None:
    family_of = {r["id"]: reference(f) for f in families(records) for r in f["referrals"]}
    expected = sorted(
        (m["id"], family_of[d["referral_id"]], day(m["held_on"]),
         OUTCOME_LABELS[ScreeningOutcome(d["outcome"])])
        for m in records["screening_meetings"] if m["status"] == "finished"
        and working_days_after(day(m["held_on"]), 1) < TODAY
        for d in m["decisions"] if not d["referrer_informed"])
    assert expected
    assert sorted((r.meeting_id, r.reference, r.decided_on, r.decision)
                  for r in figures.drift.referrer_not_told) == expected


def no_oversight_note(records: dict, weeks: int, as_of: date) -> dict[str, tuple]:
    expected = {}
    for file in open_files(records):
        notes = [day(n["written_on"]) for n in file["oversight_notes"]
                 if day(n["written_on"]) <= as_of]
        last = max(notes) if notes else None
        since = last or opened_on(file)
        if (as_of - since).days >= 7 * weeks:
            expected[reference(file)] = (
                last, (as_of - since).days // 7,
                name_of(records, lead_of(file)))
    return expected


def test_no_management_oversight_note_in_the_council_s_weeks(store, figures, records,
                                                            settings) -> None:
    weeks = settings.oversight_note_weeks
    expected = no_oversight_note(records, weeks, TODAY)
    found = figures.drift.no_oversight_note
    assert {n.reference: (n.last_note_on, n.weeks_since, n.lead_professional)
            for n in found} == expected
    assert {last for last, _, _ in expected.values()} >= {None, TODAY - timedelta(weeks=16)}
    assert (f"No management oversight note in the last {weeks} weeks", len(found)) in (
        figures.drift.headline())
    # Judged on the day asked: eleven weeks on, the notes written two weeks before today are
    # thirteen weeks old; three weeks before today, they were not yet written.
    later = TODAY + timedelta(weeks=11)
    assert {n.reference: (n.last_note_on, n.weeks_since, n.lead_professional)
            for n in oversight(store, later).drift.no_oversight_note} == (
        no_oversight_note(records, weeks, later))
    earlier = TODAY - timedelta(weeks=3)
    assert {n.reference: (n.last_note_on, n.weeks_since, n.lead_professional)
            for n in oversight(store, earlier).drift.no_oversight_note} == (
        no_oversight_note(records, weeks, earlier))


def test_every_drift_figure_is_in_the_headline(figures) -> None:
    drift = figures.drift
    lists = (drift.first_meeting_late, drift.late_reviews, drift.overdue_actions,
             drift.carried_over, drift.scaling_falling, drift.no_lead_professional,
             drift.consent_withdrawn, drift.minutes_late, drift.referrer_not_told,
             drift.no_oversight_note)
    assert [count for _, count in drift.headline()] == [
        drift.open_families, *(len(items) for items in lists)]


# -- caseload --------------------------------------------------------------------------------


def test_caseload_per_lead_professional(figures, records) -> None:
    overdue_in = Counter(f["family"]["id"] for f, _ in overdue(records, TODAY))
    expected = defaultdict(lambda: ["", 0, 0])
    for file in open_files(records):
        lead = lead_of(file)
        line = expected[name_of(records, lead) or "No lead professional"]
        line[0] = agency_of(records, lead) if lead else ""
        line[1] += 1
        line[2] += overdue_in[file["family"]["id"]]
    assert len(expected) > 3
    assert {c.label: [c.agency, c.open_families, c.overdue_actions]
            for c in figures.caseload.by_lead_professional} == dict(expected)


def test_caseload_per_agency(figures, records) -> None:
    expected = defaultdict(lambda: [0, 0])
    for file in open_files(records):
        lead = lead_of(file)
        if lead:
            expected[agency_of(records, lead)][0] += 1
    for _, action in overdue(records, TODAY):
        if action["professional_id"]:
            expected[agency_of(records, action["professional_id"])][1] += 1
    assert len(expected) > 3
    assert {c.label: [c.open_families, c.overdue_actions]
            for c in figures.caseload.by_agency} == dict(expected)


# -- flow -------------------------------------------------------------------------------------


PERIOD_START = date(2025, 4, 1)  # the twelve whole months to TODAY's month


def in_period(d: date | None) -> bool:
    return d is not None and PERIOD_START <= d <= TODAY


def test_the_period_is_the_twelve_months_to_the_day(figures) -> None:
    assert (figures.flow.period.start, figures.flow.period.end) == (PERIOD_START, TODAY)


def source(records: dict, referral: dict) -> str:
    kinds = {a["id"]: a["kind"] for a in records["agencies"]}
    if referral["referrer_agency_id"]:
        kind = kinds.get(referral["referrer_agency_id"])
        return AGENCY_KIND_LABELS[AgencyKind(kind)] if kind else "Another agency (typed in)"
    return "Another agency (typed in)" if referral["referrer_agency_name"] else "The family itself"


def received(records: dict) -> list[tuple[dict, dict]]:
    return [(f, r) for f in families(records) for r in f["referrals"]
            if in_period(day(r["received_on"]))]


def test_referrals_by_month(figures, records) -> None:
    found = received(records)
    expected = by_label((f"{day(r['received_on']):%B %Y}", f["family"]["id"]) for f, r in found)
    assert len(expected) >= 6
    assert tallies(figures.flow.referrals_by_month) == expected
    in_order = sorted(day(r["received_on"]) for _, r in found)
    assert [t.label for t in figures.flow.referrals_by_month] == list(
        dict.fromkeys(f"{d:%B %Y}" for d in in_order))
    assert figures.flow.referrals == len(found)


def test_referrals_by_source_and_by_month_and_source(figures, records) -> None:
    found = received(records)
    expected = by_label((source(records, r), f["family"]["id"]) for f, r in found)
    assert len(expected) > 2
    assert tallies(figures.flow.referrals_by_source) == expected
    crossed = defaultdict(list)
    for f, r in found:
        crossed[f"{day(r['received_on']):%B %Y}"].append((source(records, r), f["family"]["id"]))
    assert {month: tallies(sources)
            for month, sources in figures.flow.referrals_by_month_and_source} == {
        month: by_label(pairs) for month, pairs in crossed.items()}


def decisions(records: dict) -> list[tuple[dict, dict]]:
    return [(m, d) for m in records["screening_meetings"]
            if m["status"] == "finished" and in_period(day(m["held_on"])) for d in m["decisions"]]


def test_decisions_by_outcome(figures, records) -> None:
    family_of = {r["id"]: f["family"]["id"] for f in families(records) for r in f["referrals"]}
    expected = by_label((OUTCOME_LABELS[ScreeningOutcome(d["outcome"])], family_of[d["referral_id"]])
                        for _, d in decisions(records))
    assert len(expected) >= 4
    assert tallies(figures.flow.decisions_by_outcome) == expected


def test_working_days_from_referral_to_decision(figures, records) -> None:
    arrived = {r["id"]: day(r["received_on"]) for f in families(records) for r in f["referrals"]}
    waits = [working_days(arrived[d["referral_id"]], day(m["held_on"]))
             for m, d in decisions(records) if d["outcome"] != "more_information"]
    found = figures.flow.referral_to_decision
    assert (found.count, found.median, found.p90) == spread(waits)
    assert found.count > 10


def episodes_of(file: dict) -> list[tuple[date, date | None, dict, dict | None]]:
    """(opened on, ended on, the opening change, the ending change) of each episode."""
    return [(day(o["on"]), day(e["on"]) if e else None, o, e) for o, e in spans(file)]


def meetings_in(file: dict, opened: date, ended: date | None) -> list[dict]:
    return [m for m in finished(file["tac_meetings"])
            if opened <= day(m["held_on"]) and (ended is None or day(m["held_on"]) <= ended)]


def test_working_days_from_the_decision_to_the_first_meeting(figures, records) -> None:
    waits = []
    for file in families(records):
        for opened, ended, _, _ in episodes_of(file):
            held = meetings_in(file, opened, ended)
            if in_period(opened) and held:
                waits.append(working_days(opened, day(held[0]["held_on"])))
    found = figures.flow.decision_to_first_meeting
    assert (found.count, found.median, found.p90) == spread(waits)
    assert found.count > 5


def test_time_open(figures, records) -> None:
    closed, still_open = [], []
    for file in families(records):
        for opened, ended, _, _ in episodes_of(file):
            if in_period(ended):
                closed.append((ended - opened).days)
            elif opened <= TODAY and (ended is None or ended > TODAY):
                still_open.append((TODAY - opened).days)
    for found, expected in ((figures.flow.time_open_closed, closed),
                            (figures.flow.time_open_still_open, still_open)):
        assert expected and (found.count, found.median, found.p90) == spread(expected)


def why_it_ended(ending: dict) -> str:
    if ending["status"] == "stepped_up":
        return CLOSURE_REASON_LABELS[ClosureReason.STEPPED_UP]
    return CLOSURE_REASON_LABELS[ClosureReason(ending["reason"] or "other")]


def test_closures_by_reason(figures, records) -> None:
    expected = by_label((why_it_ended(ending), f["family"]["id"]) for f in families(records)
                        for _, ended, _, ending in episodes_of(f) if in_period(ended))
    assert len(expected) >= 3
    assert tallies(figures.flow.closures_by_reason) == expected


def test_step_ups_and_step_downs(figures, records) -> None:
    ups = sorted((reference(f), day(s["stepped_up_on"]),
                  "at screening" if s["screening_meeting_id"] else "from a TAC meeting")
                 for f in families(records) for s in f["step_ups"]
                 if in_period(day(s["stepped_up_on"])))
    assert ups and sorted((s.reference, s.on, s.note) for s in figures.flow.step_ups) == ups
    downs = sorted((reference(f), day(r["received_on"])) for f, r in received(records)
                   if r["kind"] == "step_down")
    assert downs and sorted((s.reference, s.on) for s in figures.flow.step_downs) == downs


def test_re_referrals_within_twelve_months_of_a_closure(figures, records, settings) -> None:
    expected = []
    for file, referral in received(records):
        on = day(referral["received_on"])
        ends = [ended for _, ended, _, _ in episodes_of(file) if ended and ended <= on]
        if (referral["kind"] != "step_down" and ends
                and on <= months_after(max(ends), settings.re_referral_months)):
            expected.append((reference(file), on, f"closed {max(ends):%d/%m/%Y}"))
    assert expected
    assert sorted((r.reference, r.on, r.note) for r in figures.flow.re_referrals) == sorted(expected)


# -- impact ------------------------------------------------------------------------------------


def scaling_changes(records: dict) -> list[tuple]:
    """(family id, reference, first day, first mean, latest day, latest mean, opened, ended,
    ending) of each episode open in the period that scaled at two meetings or more."""
    found = []
    for file in families(records):
        for opened, ended, _, ending in episodes_of(file):
            if opened > TODAY or (ended and ended < PERIOD_START):
                continue
            scaled = [m for m in meetings_in(file, opened, ended) if m["scaling"]]
            if len(scaled) > 1:
                first, latest = scaled[0], scaled[-1]
                found.append((file["family"]["id"], reference(file), day(first["held_on"]),
                              mean(first), day(latest["held_on"]), mean(latest), opened, ended,
                              ending))
    return found


def test_scaling_from_the_first_meeting_to_the_latest(figures, records) -> None:
    expected = sorted((ref, first_on, round(first, 6), latest_on, round(latest, 6),
                       direction(latest - first))
                      for _, ref, first_on, first, latest_on, latest, *_ in scaling_changes(records))
    assert len(expected) > 10
    assert sorted((s.reference, s.first_on, round(s.first, 6), s.latest_on, round(s.latest, 6),
                   s.direction.value) for s in figures.impact.scaling) == expected


def test_the_scaling_shift_in_bands(figures, records) -> None:
    def band(change: float) -> str:
        if direction(change) == "steady":
            return "The same (within 0.5)"
        size = "by 2 or more" if abs(change) >= 2 else "by less than 2"
        return f"{'Worse' if change < 0 else 'Better'} {size}"

    expected = by_label((band(latest - first), family_id)
                        for family_id, _, _, first, _, latest, *_ in scaling_changes(records))
    bands = tallies(figures.impact.bands())
    assert {label: found for label, found in bands.items() if found[0]} == expected
    assert [t.label for t in figures.impact.bands()] == [
        "Worse by 2 or more", "Worse by less than 2", "The same (within 0.5)",
        "Better by less than 2", "Better by 2 or more"]


def test_outcomes_at_closure(figures, records) -> None:
    scaled = {(c[0], c[6]): direction(c[5] - c[3]) for c in scaling_changes(records)}
    expected = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0])
    for file in families(records):
        for opened, ended, opening, ending in episodes_of(file):
            if not in_period(ended):
                continue
            line = expected[why_it_ended(ending)]
            line[0] += 1
            moved = scaled.get((file["family"]["id"], opened))
            for at, way in ((1, "improving"), (2, "steady"), (3, "worsening")):
                line[at] += moved == way
            change = (ending["level"] or opening["level"]) - opening["level"]
            line[4 if change < 0 else 5 if change == 0 else 6] += 1
    assert len(expected) >= 3
    assert {o.reason: [o.episodes, o.scaling_better, o.scaling_same, o.scaling_worse,
                       o.level_lower, o.level_same, o.level_higher]
            for o in figures.impact.outcomes_at_closure} == dict(expected)


def closure_needs(records: dict) -> list[tuple[str, str, str | None]]:
    """(family id, headline outcome, met) of each tagged need at the period's closures."""
    return [(f["family"]["id"], need["headline_outcome"], need["met"])
            for f in families(records) for m in f["tac_meetings"]
            if m["kind"] == "closure" and m["status"] == "finished"
            and in_period(day(m["held_on"]))
            for need in [*m["danger_statements"], *m["safety_goals"]]
            if need["headline_outcome"] and not need["retired"]]


def test_needs_met_by_headline_outcome(figures, records) -> None:
    needs = closure_needs(records)
    expected = []
    for outcome in HeadlineOutcome:
        these = [(f, met) for f, tagged, met in needs if tagged == outcome.value]
        expected.append((HEADLINE_OUTCOME_LABELS[outcome], len(these),
                         *(sum(1 for _, met in these if met == said)
                           for said in ("met", "partly_met", "not_met")),
                         {f for f, _ in these}))
    assert sum(row[1] for row in expected) > 10
    assert sum(row[2] for row in expected) and sum(row[4] for row in expected)
    assert [(n.outcome, n.tagged, n.met, n.partly_met, n.not_met, set(n.family_ids))
            for n in figures.impact.needs_met] == expected


# -- the CSV files beside the report -------------------------------------------------------------


def read_csv(folder, name: str) -> list[list[str]]:
    with open(folder / name, newline="", encoding="utf-8-sig") as handle:
        return list(csv.reader(handle))


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return str(value)  # a number, even a negative one, stays a number
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def rows_of(*rows) -> list[list[str]]:
    return sorted([as_text(v) for v in row] for row in rows)


def rising(records: dict, settings, as_of: date) -> list[tuple]:
    """Each child whose latest check by `as_of` rose by the council's rise or more since the
    check before, or is at or over its threshold: (reference, child, previous, latest)."""
    found = []
    for file in families(records):
        by_child: dict[str, list[dict]] = {}
        for check in sorted(file["vulnerability_checks"], key=lambda c: c["checked_on"]):
            if day(check["checked_on"]) <= as_of:
                by_child.setdefault(check["person_id"], []).append(check)
        for person_id, checks in by_child.items():
            latest = checks[-1]["score"]
            previous = checks[-2]["score"] if len(checks) > 1 else None
            rise, threshold = settings.vulnerability_rise, settings.vulnerability_threshold
            if ((rise and previous is not None and latest - previous >= rise)
                    or (threshold and latest >= threshold)):
                child = next(p["name"] for p in file["family"]["people"] if p["id"] == person_id)
                found.append((reference(file), child, previous, latest))
    return found


def test_rising_vulnerability(records, settings, store) -> None:
    from tac.oversight import rising_vulnerability

    expected = rising(records, settings, TODAY)
    assert expected, "the demo has children whose check-list score rises"
    assert sorted((r.reference, r.child, r.previous_score, r.latest_score)
                  for r in rising_vulnerability(store, TODAY)) == sorted(expected)


def test_the_csv_files_hold_the_figures_rows(figures, records, settings, csv_folder) -> None:
    drift, impact = figures.drift, figures.impact
    expected = {
        "overdue_actions.csv": rows_of(*(
            (reference(f), a["what"], *owner(records, f, a), day(a["due_on"]),
             (TODAY - day(a["due_on"])).days) for f, a in overdue(records, TODAY))),
        "late_reviews.csv": rows_of(*((r.reference, r.review_due_on, r.days_late,
                                      r.lead_professional) for r in drift.late_reviews)),
        "no_lead_professional.csv": rows_of(*(
            (reference(f), opened_on(f)) for f in open_files(records)
            if lead_of(f) is None)),
        "no_oversight_note.csv": rows_of(*(
            (ref, lead, last or "never", weeks) for ref, (last, weeks, lead)
            in no_oversight_note(records, settings.oversight_note_weeks, TODAY).items())),
        "first_meeting_late.csv": rows_of(*(
            (ref, *found) for ref, found in first_meeting_late(records, settings, TODAY).items())),
        "carried_over_actions.csv": rows_of(*((c.reference, c.what, c.owner, c.times)
                                              for c in drift.carried_over)),
        "consent_withdrawn.csv": rows_of(*((c.reference, c.withdrawn_on)
                                           for c in drift.consent_withdrawn)),
        "minutes_late.csv": rows_of(*((m.reference, m.meeting, m.held_on, m.days_past)
                                      for m in drift.minutes_late)),
        "referrers_not_told.csv": rows_of(*((r.reference, r.decided_on, r.decision)
                                            for r in drift.referrer_not_told)),
        "scaling_falling.csv": rows_of(*(
            (s.reference, s.held_on, round(s.previous, 1), round(s.latest, 1))
            for s in drift.scaling_falling)),
        "scaling_change.csv": rows_of(*(
            (s.reference, s.first_on, round(s.first, 1), s.latest_on, round(s.latest, 1),
             round(s.change, 1)) for s in impact.scaling)),
        "needs_met_by_outcome.csv": rows_of(*(
            (n.outcome, n.tagged, n.met, n.partly_met, n.not_met) for n in impact.needs_met)),
        "rising_vulnerability.csv": rows_of(*rising(records, settings, TODAY)),
    }
    for name, rows in expected.items():
        assert sorted(read_csv(csv_folder, name)[1:]) == rows, name
    assert read_csv(csv_folder, "no_oversight_note.csv")[0] == [
        "family_reference", "lead_professional", "last_note_on", "weeks_since"]
    assert read_csv(csv_folder, "needs_met_by_outcome.csv")[0] == [
        "headline_outcome", "needs_tagged", "met", "partly_met", "not_met"]
    assert len(read_csv(csv_folder, "needs_met_by_outcome.csv")) == 1 + len(HeadlineOutcome)
