"""The fields each Word template can use, made from the records: plain words and UK dates.

Every value is a string, a number, a list or a dict of those, already worded for the page
("3 March 2026", "Did not attend"), so a template needs no logic beyond loops and ifs.
docs/templates.md lists these fields; keep the two in step.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tac import rules
from tac.dates import long_date
from tac.export.papers import (
    ClosingLetterPapers,
    Directory,
    FamilyPlanPapers,
    ScreeningMeetingPapers,
    TacMeetingPapers,
    TransferSummaryPapers,
)
from tac.export.people import (
    Names,
    and_list,
    consent_summary,
    consent_withdrawn_line,
    family_distribution,
    family_fields,
    professionals_distribution,
    yes_no,
)
from tac.meetings.carry import (
    PlanItem,
    is_a_worry,
    origin,
    score_moved,
    since_last_time,
    since_last_time_label,
)
from tac.models import (
    ACTION_STATUS_LABELS,
    ATTENDANCE_LABELS,
    CLOSURE_REASON_LABELS,
    COLUMN_LABELS,
    CONSENT_HOW_LABELS,
    FAMILY_AGREES_LABELS,
    HEADLINE_OUTCOME_LABELS,
    LEVEL_LABELS,
    NEED_DOMAIN_LABELS,
    NEED_MET_LABELS,
    OUTCOME_LABELS,
    PERSON_ROLE_LABELS,
    REVIEW_OUTCOME_LABELS,
    SIGNIFICANCE_LABELS,
    TAC_MEETING_KIND_LABELS,
    WORRY_CATEGORY_LABELS,
    Action,
    ActionStatus,
    AssessmentItem,
    Column,
    Consent,
    DangerStatement,
    Need,
    SinceLastTime,
    TacMeeting,
    TacMeetingKind,
)
from tac.outcomes import tagged_needs

Fields = dict[str, Any]

MARKING = "OFFICIAL-SENSITIVE"


# -- the Signs of Safety assessment, shared by minutes and plans --------------------------


def _headline_outcome(need: Need) -> str:
    """The Supporting Families headline outcome a need is tagged with, or empty."""
    return HEADLINE_OUTCOME_LABELS[need.headline_outcome] if need.headline_outcome else ""


def _assessment_fields(meeting: TacMeeting, previous: TacMeeting | None, names: Names) -> Fields:
    """The plan as this meeting left it (retired items left out), each item saying what
    became of it since `previous` (the meeting before; None for the family's plan)."""

    def since(item: PlanItem) -> str:
        return since_last_time_label(item, previous) if previous else ""

    def items(column: Column) -> list[Fields]:
        return [
            {
                "text": item.text,
                "kind": WORRY_CATEGORY_LABELS[item.category] if item.category else "",
                "label": f"{WORRY_CATEGORY_LABELS[item.category]}: " if item.category else "",
                "domain": NEED_DOMAIN_LABELS[item.domain].lower() if item.domain else "",
                "since": since(item),
            }
            for item in meeting.items(column)
        ]

    statements = {s.id: s for s in meeting.danger_statements}
    return {
        "working_well": items(Column.WORKING_WELL),
        "worries": items(Column.WORRIES),
        "next_steps": items(Column.NEXT_STEPS),
        "danger_statements": [
            {"text": s.text, "family_disagrees": s.family_disagrees,
             "headline_outcome": _headline_outcome(s), "since": since(s)}
            for s in meeting.danger_statements_in_plan()
        ],
        "safety_goals": [
            {
                "text": goal.text,
                "score": "" if goal.score is None else str(goal.score),
                "scale": "" if goal.score is None else f" (now {goal.score} out of 10)",
                "danger_statement": (
                    statements[goal.danger_statement_id].text
                    if goal.danger_statement_id in statements
                    else ""
                ),
                "headline_outcome": _headline_outcome(goal),
                "since": since(goal),
            }
            for goal in meeting.safety_goals_in_plan()
        ],
        "family_voice": meeting.family_voice,
        "child_voices": [
            {
                "name": names.person(voice.person_id) or "A child",
                "first_name": (names.person(voice.person_id) or "the child").split()[0],
                "worries": voice.worries,
                "good_things": voice.good_things,
                "dreams": voice.dreams,
            }
            for voice in meeting.child_voices
        ],
    }


def _where(item: PlanItem) -> str:
    if isinstance(item, AssessmentItem):
        return COLUMN_LABELS[item.column]
    return "Danger statement" if isinstance(item, DangerStatement) else "Safety goal"


def _needs_met_fields(meeting: TacMeeting) -> list[Fields]:
    """At a closure, each need tagged with a headline outcome and how far it was met;
    empty at any other meeting, where nobody says."""
    if meeting.kind is not TacMeetingKind.CLOSURE:
        return []
    return [
        {
            "where": _where(need),
            "text": need.text,
            "headline_outcome": _headline_outcome(need),
            "met": NEED_MET_LABELS[need.met] if need.met else "Not recorded",
        }
        for need in tagged_needs(meeting)
    ]


def _since_last_time_fields(meeting: TacMeeting, previous: TacMeeting | None) -> Fields:
    """What the meeting did with the plan it was given: each item new, changed, kept or
    retired, and the worries it said are no longer worries."""
    changes = []
    for item in (*meeting.assessment, *meeting.danger_statements, *meeting.safety_goals):
        before = origin(item, previous)
        changed = since_last_time(item, previous) is SinceLastTime.CHANGED
        changes.append({
            "where": _where(item),
            "text": item.text,
            "change": since_last_time_label(item, previous),
            "was": before.text if changed and before is not None else "",
        })
    return {
        "since_last_time": changes,
        "no_longer_worries": [
            {"where": _where(item), "text": item.text}
            for item in meeting.retired() if is_a_worry(item)
        ],
    }


def _scaling_fields(
    meeting: TacMeeting, previous: TacMeeting | None, names: Names
) -> list[Fields]:
    before = {s.participant_id: s.score for s in previous.scaling} if previous else {}
    rows = []
    for score in meeting.scaling:
        last = before.get(score.participant_id)
        rows.append({
            "name": names.participant(score),
            "role": names.participant_role(score),
            "score": str(score.score),
            "previous": "None recorded" if last is None else str(last),
            "change": score_moved(last, score.score).capitalize(),
            "reason": score.reason,
        })
    return rows


def _action_fields(action: Action, names: Names) -> Fields:
    return {
        "what": action.what,
        "who": names.action_owner(action),
        "agreed_on": long_date(action.agreed_on),
        "due_on": long_date(action.due_on),
        "success_measure": action.success_measure,
        "status": ACTION_STATUS_LABELS[action.status],
        "completed_on": long_date(action.completed_on),
    }


def _next_review(papers: TacMeetingPapers | FamilyPlanPapers) -> str:
    """The review date the meeting agreed; if it agreed none, the one the rule gives
    (`rules.review_due_on`: the council's review interval after the meeting, while early
    help is working with the family)."""
    meeting = papers.meeting
    return long_date(meeting.next_review_on or rules.review_due_on(
        meeting.held_on, meeting.next_review_on, meeting.kind,
        family_open=papers.family.is_open,
        interval_weeks=papers.settings.review_interval_weeks,
    ))


def _common(title: str, reference: str, author: str, today: date) -> Fields:
    return {
        "marking": MARKING,
        "title": title,
        "reference": reference,
        "author": author,
        "exported_on": long_date(today),
    }


def _unique(entries: list[str]) -> list[str]:
    return list(dict.fromkeys(e for e in entries if e))


def _minutes_title(meeting: TacMeeting) -> str:
    """The minutes' title; a meeting its chair corrected says so, and when."""
    title = "Team around the child meeting minutes"
    if meeting.revised_on:
        title += f", revised {long_date(meeting.revised_on)}"
    return title


# -- the three documents ---------------------------------------------------------------


def tac_minutes_fields(
    papers: TacMeetingPapers, directory: Directory, *, author: str, today: date
) -> Fields:
    """The fields of `tac-minutes.docx` for one TAC meeting."""
    meeting, family = papers.meeting, papers.family
    names = Names(family, directory)
    actions_by_id = {a.id: a for a in papers.actions}
    lead_id = meeting.lead_professional_id or family.lead_professional_id
    consent = family.consent_in_force(meeting.held_on)

    reviews = []
    for review in meeting.action_reviews:
        action = actions_by_id.get(review.action_id)
        reviews.append(
            {
                "what": action.what if action else "An action no longer on record",
                "who": names.action_owner(action) if action else "",
                "due_on": long_date(action.due_on) if action else "",
                "outcome": REVIEW_OUTCOME_LABELS[review.outcome],
                "note": review.note,
            }
        )
    agreed = sorted(
        (a for a in papers.actions if a.meeting_id == meeting.id),
        key=lambda a: (a.due_on, a.what),
    )

    professionals = [a.professional_id for a in meeting.attendance if a.professional_id]
    professionals += [lead_id or ""] + [a.professional_id or "" for a in agreed]
    # Minutes go to the agencies inside the consent in force on the day of the meeting.
    sent, not_sent = professionals_distribution(
        family, _unique(professionals), meeting.held_on, names)
    distribution = family_distribution(family, adults_only=True) + sent

    return {
        **_common(_minutes_title(meeting), family.reference, author, today),
        "consent_withdrawn": consent_withdrawn_line(family, today, names),
        "family": family_fields(family),
        "meeting": {
            "kind": TAC_MEETING_KIND_LABELS[meeting.kind],
            "is_review": meeting.kind is not TacMeetingKind.INITIAL,
            "held_on": long_date(meeting.held_on),
            "revised_on": long_date(meeting.revised_on),
            "revised_by": meeting.revised_by or "",
            "chair": names.distribution_entry(meeting.chair_id) if meeting.chair_id else "",
            "minute_taker": meeting.minute_taker or "",
            "closure_reason": CLOSURE_REASON_LABELS[meeting.closure_reason]
            if meeting.closure_reason
            else "",
            "is_closure": meeting.kind is TacMeetingKind.CLOSURE,
            "moved_to": meeting.moved_to,
            "closing_level": f"{meeting.closing_level}: {LEVEL_LABELS[meeting.closing_level]}"
            if meeting.closing_level
            else "",
            "closing_summary": meeting.closing_summary,
        },
        "attendance": [
            {
                "name": names.participant(a),
                "role": names.participant_role(a),
                "status": ATTENDANCE_LABELS[a.status],
                "report": a.update,
            }
            for a in meeting.attendance
        ],
        "consent": {
            "confirmed": yes_no(meeting.consent_confirmed),
            "summary": consent_summary(family, meeting.held_on, names),
            "how": CONSENT_HOW_LABELS[consent.how] if consent and consent.how else "",
            "agencies": and_list([directory.agency_name(a)
                                  for a in consent.agencies_on(meeting.held_on)])
            if consent else "",
        },
        **_assessment_fields(meeting, papers.previous, names),
        **_since_last_time_fields(meeting, papers.previous),
        "action_reviews": reviews,
        "scaling": _scaling_fields(meeting, papers.previous, names),
        "actions": [_action_fields(a, names) for a in agreed],
        "needs_met": _needs_met_fields(meeting),
        "lead": names.lead(lead_id),
        "next_review_on": _next_review(papers),
        "distribution": _unique(distribution),
        "not_sent": not_sent,
    }


def family_plan_fields(
    papers: FamilyPlanPapers, directory: Directory, *, author: str, today: date
) -> Fields:
    """The fields of `family-plan.docx`: the plan agreed at the family's latest meeting."""
    meeting, family = papers.meeting, papers.family
    names = Names(family, directory)
    lead_id = family.lead_professional_id or meeting.lead_professional_id
    # The plan is what is still to do, plus what this meeting agreed even if done since.
    actions = sorted(
        (
            a
            for a in papers.actions
            if a.status is not ActionStatus.CANCELLED
            and (a.status is ActionStatus.OPEN or a.meeting_id == meeting.id)
        ),
        key=lambda a: (a.due_on, a.what),
    )
    action_fields = []
    for action in actions:
        fields = _action_fields(action, names)
        if action.status is ActionStatus.DONE:
            fields["due_on"] = f"Done on {long_date(action.completed_on or today)}"
        action_fields.append(fields)
    professionals = [lead_id or ""] + [a.professional_id or "" for a in actions]
    # The plan is sent today: to the agencies inside the consent in force today.
    sent, not_sent = professionals_distribution(family, _unique(professionals), today, names)
    distribution = family_distribution(family, adults_only=False) + sent
    return {
        **_common("Family plan", family.reference, author, today),
        "consent_withdrawn": consent_withdrawn_line(family, today, names),
        "family": family_fields(family),
        "meeting": {
            "kind": TAC_MEETING_KIND_LABELS[meeting.kind],
            "held_on": long_date(meeting.held_on),
        },
        **_assessment_fields(meeting, None, names),
        "scaling": _scaling_fields(meeting, None, names),
        "actions": action_fields,
        "lead": names.lead(lead_id),
        "next_review_on": _next_review(papers),
        "distribution": _unique(distribution),
        "not_sent": not_sent,
    }


def closing_letter_fields(
    papers: ClosingLetterPapers, directory: Directory, *, author: str, today: date
) -> Fields:
    """The fields of `closing-letter.docx`: early help has closed; what we achieved
    together, and who to contact if things get hard again. It promises no meeting."""
    meeting, family = papers.meeting, papers.family
    names = Names(family, directory)
    closed = family.status_history[-1]
    at_meeting = meeting.kind is TacMeetingKind.CLOSURE
    # The lead whose term the closure ended (the closure names them), else the last one.
    ended = [t.professional_id for t in family.lead_professionals]
    lead_id = meeting.lead_professional_id or (ended[-1] if ended else None)
    done = sorted(
        (a for a in papers.actions if a.status is ActionStatus.DONE),
        key=lambda a: (a.completed_on or a.due_on, a.what),
    )
    assessment = _assessment_fields(meeting, None, names)
    sent, not_sent = professionals_distribution(family, _unique([lead_id or ""]), today, names)
    return {
        **_common("Closing letter", family.reference, author, today),
        "consent_withdrawn": consent_withdrawn_line(family, today, names),
        "family": family_fields(family),
        "closure": {
            "closed_on": long_date(closed.on),
            "at_meeting": at_meeting,
            "reason": CLOSURE_REASON_LABELS[closed.reason] if closed.reason else "",
            "moved_to": meeting.moved_to if at_meeting else "",
            "level": LEVEL_LABELS[closed.level],
            "summary": meeting.closing_summary if at_meeting else "",
        },
        "working_well": assessment["working_well"],
        "goals": assessment["safety_goals"],
        "needs_met": _needs_met_fields(meeting) if at_meeting else [],
        "actions_done": [
            {**_action_fields(a, names), "done_on": long_date(a.completed_on)} for a in done
        ],
        "family_voice": meeting.family_voice,
        "child_voices": assessment["child_voices"],
        "lead": names.lead(lead_id),
        "front_door": papers.settings.front_door,
        "distribution": _unique(family_distribution(family, adults_only=False) + sent),
        "not_sent": not_sent,
    }


def screening_minutes_fields(
    papers: ScreeningMeetingPapers, directory: Directory, *, author: str, today: date
) -> Fields:
    """The fields of `screening-minutes.docx` for one screening meeting."""
    meeting = papers.meeting
    names = Names(None, directory)
    attendees = _unique([meeting.chair_id, *meeting.attendee_ids])
    decisions = []
    for decision in meeting.decisions:
        referral = papers.referrals.get(decision.referral_id)
        family = papers.families.get(referral.family_id) if referral else None
        referrer = ""
        if referral:
            source = directory.agency_name(referral.referrer_agency_id) or "the family"
            referrer = f"{referral.referrer_name} ({source})"
        decisions.append(
            {
                "family": family.display_name() if family else "Unknown family",
                "reference": family.reference if family else "",
                "received_on": long_date(referral.received_on) if referral else "",
                "referrer": referrer,
                "concerns": referral.concerns if referral else "",
                "consent": FAMILY_AGREES_LABELS[referral.family_agrees] if referral else "",
                "reason_to_proceed": decision.reason_to_proceed,
                "outcome": OUTCOME_LABELS[decision.outcome],
                "level": str(decision.level),
                "level_label": f"{decision.level}: {LEVEL_LABELS[decision.level].lower()}",
                "rationale": decision.rationale,
                "signposted_to": directory.signposted_to(
                    decision.service_id, decision.signposted_to),
                "allocated_to": names.professional(decision.allocated_to_id),
                "due_on": long_date(decision.due_on),
                "dissent": decision.dissent,
                "referrer_informed": yes_no(decision.referrer_informed),
            }
        )
    return {
        **_common(
            "Multi-agency screening meeting minutes", long_date(meeting.held_on), author, today
        ),
        "meeting": {
            "held_on": long_date(meeting.held_on),
            "chair": names.distribution_entry(meeting.chair_id),
        },
        "attendance": [
            {
                "name": names.professional(p) or "Unknown professional",
                "role": (directory.professional(p).role if directory.professional(p) else ""),
                "agency": directory.agency_name(
                    directory.professional(p).agency_id if directory.professional(p) else None
                ),
            }
            for p in attendees
        ],
        "decisions": decisions,
        "distribution": [names.distribution_entry(p) for p in attendees],
    }


# -- the transfer summary, for a family stepped up to children's social care ---------------


def _consent_line(consent: Consent, names: Names) -> str:
    """One consent in a sentence: who gave it, when, how, to whom, and its withdrawals."""
    agency = names.directory.agency_name
    shared_with = and_list([agency(a) for a in consent.agency_ids])
    line = (f"Given by {names.person(consent.given_by) or 'a family member'} on "
            f"{long_date(consent.given_on)}"
            + (f", {CONSENT_HOW_LABELS[consent.how].lower()}," if consent.how else "")
            + (f" to share with {shared_with}" if shared_with else "") + ".")
    for withdrawal in consent.withdrawals:
        whom = ("every agency" if withdrawal.all_agencies
                else and_list([agency(a) for a in withdrawal.agency_ids]))
        by = names.person(withdrawal.by)
        line += (f" Withdrawn from {whom} on {long_date(withdrawal.on)}"
                 + (f" by {by}" if by else "") + ".")
    return line


def _scaling_over_time(meetings: list[TacMeeting], names: Names) -> list[Fields]:
    rows = []
    for meeting in meetings:
        scores = [s.score for s in meeting.scaling]
        rows.append({
            "held_on": long_date(meeting.held_on),
            "kind": TAC_MEETING_KIND_LABELS[meeting.kind],
            "scores": "; ".join(f"{names.participant(s)} {s.score}" for s in meeting.scaling),
            "average": f"{sum(scores) / len(scores):.1f}" if scores else "",
        })
    return rows


def transfer_summary_fields(
    papers: TransferSummaryPapers, directory: Directory, *, author: str, today: date
) -> Fields:
    """The fields of `transfer-summary.docx`: everything that travels with a family
    stepped up to children's social care."""
    family, step_up = papers.family, papers.step_up
    names = Names(family, directory)
    meetings = {m.id: m for m in papers.meetings}
    if step_up.tac_meeting_id in meetings:
        decided = meetings[step_up.tac_meeting_id]
        source = (f"{TAC_MEETING_KIND_LABELS[decided.kind]} TAC meeting of "
                  f"{long_date(decided.held_on)}")
    elif papers.screening_held_on:
        source = f"Multi-agency screening meeting of {long_date(papers.screening_held_on)}"
    else:
        source = ""
    latest = papers.meetings[-1] if papers.meetings else None
    leads = [t.professional_id for t in family.lead_professionals]
    consent = family.consent_in_force(today)
    return {
        **_common("Transfer summary to children's social care", family.reference, author,
                  today),
        "consent_withdrawn": consent_withdrawn_line(family, today, names),
        "family": family_fields(family),
        "people": [
            {
                "name": person.name,
                "relationship": person.relationship.capitalize()
                or PERSON_ROLE_LABELS[person.role],
                "date_of_birth": long_date(person.date_of_birth),
                "school": person.school_or_setting,
                "gp": person.gp,
            }
            for person in family.people
        ],
        "step_up": {
            "on": long_date(step_up.stepped_up_on),
            "team": step_up.team,
            "reason": step_up.reason,
            "decided_at": source,
            "recorded_by": step_up.recorded_by,
            "earlier_signs": step_up.earlier_signs,
            "sooner": step_up.sooner,
            "reflection_by": names.distribution_entry(step_up.reflection_by_id)
            if step_up.reflection_by_id else "",
        },
        "early_help_lead": names.lead(leads[-1] if leads else None),
        "consent": {
            "in_force": consent_summary(family, today, names),
            "agencies": and_list([directory.agency_name(a) for a in consent.agencies_on(today)])
            if consent else "",
            "history": [_consent_line(c, names) for c in family.consents],
        },
        "chronology": [
            {
                "on": long_date(entry.on),
                "kind": entry.what,
                "agency": entry.agency,
                "person": entry.about,
                "summary": entry.summary,
                "significance": SIGNIFICANCE_LABELS[entry.significance],
                "by": "TAC" if entry.written_by_tac else "typed",
            }
            for entry in papers.chronology
        ],
        "latest_meeting": {
            "kind": TAC_MEETING_KIND_LABELS[latest.kind],
            "held_on": long_date(latest.held_on),
        } if latest else None,
        **(_assessment_fields(latest, None, names) if latest else {
            "working_well": [], "worries": [], "next_steps": [], "danger_statements": [],
            "safety_goals": [], "family_voice": "", "child_voices": [],
        }),
        "scaling_over_time": _scaling_over_time(papers.meetings, names),
        "actions": [
            {
                **_action_fields(action, names),
                "progress": [
                    {"on": long_date(note.on), "by": note.by, "text": note.text}
                    for note in action.progress
                ],
            }
            for action in sorted(papers.actions, key=lambda a: (a.agreed_on, a.due_on, a.what))
        ],
    }
