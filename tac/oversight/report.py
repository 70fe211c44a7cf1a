"""`tac report oversight`: the oversight figures as a Word report, and each list whole as a
CSV file beside it.

    >>> written = write_oversight_report(store, as_of=date(2026, 3, 3), out="exports")
    >>> [p.name for p in written]
    ['2026-03-03 oversight report.docx', 'overdue_actions.csv', 'late_reviews.csv', ...]

The report follows the rules of TAC's other documents (the template
`oversight-report.docx`, which an administrator can restyle: `tac export templates DIR`;
the OFFICIAL-SENSITIVE marking, headings, tables with header rows, page numbers). Lists
too long for a page show their first `SHOWN` rows; the CSV files hold every row, dates
ISO, typed text kept as text (`tac.csv_out`). Writing it is logged in the access log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tac.csv_out import write_csv
from tac.dates import long_date
from tac.oversight import Oversight, RisingChild, oversight, rising_vulnerability
from tac.oversight.figures import Spread, Tally
from tac.oversight.flow import Period
from tac.rules import Trend

SHOWN = 25
"""Rows of a long list the Word report shows; the CSV beside it has them all."""


@dataclass(frozen=True)
class CsvFile:
    name: str
    header: tuple[str, ...]
    rows: list[tuple]


def csv_files(figures: Oversight, rising: Sequence[RisingChild]) -> list[CsvFile]:
    """The CSV files of a report: one per list, with a header row."""
    drift = figures.drift
    return [
        CsvFile("overdue_actions.csv",
                ("family_reference", "action", "owner", "agency", "due_on", "days_overdue"),
                [(a.reference, a.what, a.owner, a.agency, a.due_on, a.days_overdue)
                 for a in drift.overdue_actions]),
        CsvFile("late_reviews.csv",
                ("family_reference", "review_due_on", "days_late", "lead_professional"),
                [(r.reference, r.review_due_on, r.days_late, r.lead_professional)
                 for r in drift.late_reviews]),
        CsvFile("no_lead_professional.csv", ("family_reference", "open_since"),
                [(n.reference, n.open_since) for n in drift.no_lead_professional]),
        CsvFile("rising_vulnerability.csv",
                ("family_reference", "child", "previous_score", "latest_score"),
                [(r.reference, r.child, r.previous_score, r.latest_score) for r in rising]),
        CsvFile("first_meeting_late.csv",
                ("family_reference", "decided_on", "due_by", "working_days_waited"),
                [(f.reference, f.decided_on, f.due_by, f.working_days_waited)
                 for f in drift.first_meeting_late]),
        CsvFile("carried_over_actions.csv",
                ("family_reference", "action", "owner", "times_carried_over"),
                [(c.reference, c.what, c.owner, c.times) for c in drift.carried_over]),
        CsvFile("scaling_falling.csv",
                ("family_reference", "held_on", "previous_mean", "latest_mean"),
                [(s.reference, s.held_on, round(s.previous, 1), round(s.latest, 1))
                 for s in drift.scaling_falling]),
        CsvFile("consent_withdrawn.csv", ("family_reference", "withdrawn_on"),
                [(c.reference, c.withdrawn_on) for c in drift.consent_withdrawn]),
        CsvFile("minutes_late.csv", ("family_reference", "meeting", "held_on", "days_past"),
                [(m.reference, m.meeting, m.held_on, m.days_past) for m in drift.minutes_late]),
        CsvFile("referrers_not_told.csv", ("family_reference", "decided_on", "decision"),
                [(r.reference, r.decided_on, r.decision) for r in drift.referrer_not_told]),
        CsvFile("no_oversight_note.csv",
                ("family_reference", "lead_professional", "last_note_on", "weeks_since"),
                [(n.reference, n.lead_professional, n.last_note_on or "never", n.weeks_since)
                 for n in drift.no_oversight_note]),
        CsvFile("needs_met_by_outcome.csv",
                ("headline_outcome", "needs_tagged", "met", "partly_met", "not_met"),
                [(n.outcome, n.tagged, n.met, n.partly_met, n.not_met)
                 for n in figures.impact.needs_met]),
        CsvFile("scaling_change.csv",
                ("family_reference", "first_on", "first_mean", "latest_on", "latest_mean",
                 "change"),
                [(s.reference, s.first_on, round(s.first, 1), s.latest_on, round(s.latest, 1),
                  round(s.change, 1)) for s in figures.impact.scaling]),
    ]


def _days(spread: Spread, unit: str) -> str:
    if not spread.count:
        return "none in the period"
    median = f"{spread.median:g}"
    return f"median {median}, 90th percentile {spread.p90} {unit} ({spread.count})"


def _tallies(tallies: Sequence[Tally]) -> list[dict[str, Any]]:
    return [{"label": t.label, "count": t.count, "families": len(t.family_ids)} for t in tallies]


def _shown(title: str, columns: tuple[str, ...], rows: list[tuple], csv_name: str,
           empty: str) -> dict[str, Any]:
    if not rows:
        note = empty
    elif len(rows) > SHOWN:
        note = f"The first {SHOWN} of {len(rows)}; every one is in {csv_name}."
    else:
        note = f"{len(rows)} in all; also in {csv_name}."
    return {"title": title, "columns": columns, "rows": rows[:SHOWN], "note": note}


def report_fields(
    figures: Oversight, rising: Sequence[RisingChild], files: Sequence[str], *,
    author: str, today: date,
) -> dict[str, Any]:
    """What the template `oversight-report.docx` is filled with (docs/templates.md)."""
    drift, flow, impact = figures.drift, figures.flow, figures.impact
    when = long_date
    lists = [
        _shown("No first TAC meeting within the target",
               ("Family", "Early help decided", "Due by", "Working days"),
               [(f.reference, when(f.decided_on), when(f.due_by), f.working_days_waited)
                for f in drift.first_meeting_late], "first_meeting_late.csv",
               "Every family has had its first TAC meeting within the target."),
        _shown("Reviews late", ("Family", "Lead professional", "Review due", "Days late"),
               [(r.reference, r.lead_professional or "None", when(r.review_due_on), r.days_late)
                for r in drift.late_reviews], "late_reviews.csv", "No review is late."),
        _shown("Actions overdue", ("Family", "Action and owner", "Due", "Days overdue"),
               [(a.reference, f"{a.what} ({a.owner}, {a.agency})", when(a.due_on),
                 a.days_overdue) for a in drift.overdue_actions],
               "overdue_actions.csv", "No action is overdue."),
        _shown("Actions carried over at two or more reviews",
               ("Family", "Action", "Owner", "Times"),
               [(c.reference, c.what, c.owner, c.times) for c in drift.carried_over],
               "carried_over_actions.csv", "No action has been carried over twice."),
        _shown("Scaling fell at the latest meeting", ("Family", "Meeting", "Before", "Latest"),
               [(s.reference, when(s.held_on), f"{s.previous:.1f}", f"{s.latest:.1f}")
                for s in drift.scaling_falling], "scaling_falling.csv",
               "No family's scaling fell at its latest meeting."),
        _shown("No lead professional", ("Family", "Name", "Open since", "Level"),
               [(n.reference, n.name, when(n.open_since), n.level or "")
                for n in drift.no_lead_professional], "no_lead_professional.csv",
               "Every open family has a lead professional."),
        _shown("Consent withdrawn with the plan open", ("Family", "Name", "Withdrawn", ""),
               [(c.reference, c.name, when(c.withdrawn_on), "") for c in drift.consent_withdrawn],
               "consent_withdrawn.csv", "No open family has withdrawn its consent."),
        _shown("Minutes past the clock", ("Family", "Meeting", "Held", "Days past"),
               [(m.reference or "Screening", m.meeting, when(m.held_on), m.days_past)
                for m in drift.minutes_late], "minutes_late.csv",
               "Every meeting's minutes were sent on time."),
        _shown("Referrers not told of the decision", ("Family", "Decision", "Decided", ""),
               [(r.reference, r.decision, when(r.decided_on), "")
                for r in drift.referrer_not_told], "referrers_not_told.csv",
               "Every referrer has been told."),
        _shown(f"No management oversight note in the last {drift.oversight_note_weeks} weeks",
               ("Family", "Lead professional", "Last note", "Weeks since"),
               [(n.reference, n.lead_professional or "None",
                 when(n.last_note_on) if n.last_note_on else "Never", n.weeks_since)
                for n in drift.no_oversight_note], "no_oversight_note.csv",
               "Every open family has had a management oversight note in that time."),
    ]
    sources = dict(flow.referrals_by_month_and_source)
    better, same, worse = (impact.count(d) for d in (Trend.IMPROVING, Trend.STEADY,
                                                      Trend.WORSENING))
    mean = impact.mean_change
    summary = (f"{better} better, {same} the same, {worse} worse; on average "
               f"{mean:+.1f} points." if mean is not None else "No episode scaled twice.")
    return {
        "marking": "OFFICIAL-SENSITIVE",
        "title": "Oversight and impact",
        "reference": "",
        "author": author,
        "exported_on": long_date(today),
        "as_of": long_date(figures.as_of),
        "period": {"start": long_date(flow.period.start), "end": long_date(flow.period.end)},
        "open_families": drift.open_families,
        "drift": [{"label": label, "count": count} for label, count in drift.headline()],
        "overdue_by_owner": _tallies(drift.overdue_by_owner),
        "overdue_by_agency": _tallies(drift.overdue_by_agency),
        "lists": lists,
        "by_lead_professional": figures.caseload.by_lead_professional,
        "by_agency": figures.caseload.by_agency,
        "flow": [
            {"label": "Referrals received", "value": flow.referrals},
            {"label": "Working days from referral to screening decision",
             "value": _days(flow.referral_to_decision, "working days")},
            {"label": "Working days from the decision to the first TAC meeting",
             "value": _days(flow.decision_to_first_meeting, "working days")},
            {"label": "Days open, of the episodes that ended",
             "value": _days(flow.time_open_closed, "days")},
            {"label": "Days open so far, of the episodes still open",
             "value": _days(flow.time_open_still_open, "days")},
            {"label": "Steps up to children's social care", "value": len(flow.step_ups)},
            {"label": "Steps down from children's social care", "value": len(flow.step_downs)},
            {"label": f"Re-referrals within {flow.re_referral_months} months of a closure",
             "value": len(flow.re_referrals)},
        ],
        "referrals_by_month": [
            {"label": t.label, "count": t.count,
             "sources": "; ".join(f"{s.label} {s.count}" for s in sources.get(t.label, ())[:3])}
            for t in flow.referrals_by_month
        ],
        "referrals_by_source": _tallies(flow.referrals_by_source),
        "decisions_by_outcome": _tallies(flow.decisions_by_outcome),
        "closures_by_reason": _tallies(flow.closures_by_reason),
        "scaling_summary": summary,
        "scaling_bands": _tallies(impact.bands()),
        "outcomes_at_closure": [
            {"reason": o.reason, "episodes": o.episodes,
             "scaling": f"{o.scaling_better}, {o.scaling_same}, {o.scaling_worse}",
             "level": f"{o.level_lower}, {o.level_same}, {o.level_higher}"}
            for o in impact.outcomes_at_closure
        ],
        "needs_met": [
            {"outcome": n.outcome, "tagged": n.tagged, "met": n.met,
             "partly_met": n.partly_met, "not_met": n.not_met}
            for n in impact.needs_met
        ],
        "rising_vulnerability": [
            {"reference": r.reference, "child": r.child,
             "previous": (f"{r.previous_score} ({long_date(r.previous_on)})"
                          if r.previous_on else "first check"),
             "latest": f"{r.latest_score} ({long_date(r.latest_on)})"}
            for r in rising[:SHOWN]
        ],
        "files": list(files),
    }


def write_oversight_report(
    store, as_of: date | None = None, out: Path | str | None = None,
    templates: Path | str | None = None, *, period: Period | None = None,
    today: date | None = None,
) -> list[Path]:
    """Write the Word report and its CSV files into `out` (default `exports/`), as new files
    (owner-only, never replacing one: a second report the same day gets `(2)`); the paths,
    the report first. Refused (logged) to those who may not see oversight."""
    from tac.export.batch import templates_folder
    from tac.export.documents import render_template
    from tac.export.files import export_folder, write_new

    today = today or date.today()
    as_of = as_of or today
    figures = oversight(store, as_of, period)
    rising = rising_vulnerability(store, as_of)
    files = csv_files(figures, rising)
    fields = report_fields(figures, rising, [f.name for f in files], author=store.actor,
                           today=today)
    content = render_template("oversight_report", fields,
                              title=f"Oversight report {as_of:%d/%m/%Y}", author=store.actor,
                              templates=templates_folder(store, templates))
    folder = export_folder(out)
    written = [write_new(folder, f"{as_of:%Y-%m-%d} oversight report.docx", content)]
    written += [write_csv(folder, f.name, f.header, f.rows) for f in files]
    store.log_access("oversight report", detail=f"as of {as_of.isoformat()}: {written[0]}")
    return written
