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
    Directory,
    FamilyPlanPapers,
    ScreeningMeetingPapers,
    TacMeetingPapers,
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
from tac.models import (
    ACTION_STATUS_LABELS,
    ATTENDANCE_LABELS,
    CLOSURE_REASON_LABELS,
    CONSENT_HOW_LABELS,
    FAMILY_AGREES_LABELS,
    LEVEL_LABELS,
    NEED_DOMAIN_LABELS,
    OUTCOME_LABELS,
    REVIEW_OUTCOME_LABELS,
    TAC_MEETING_KIND_LABELS,
    WORRY_CATEGORY_LABELS,
    Action,
    ActionStatus,
    Column,
    TacMeeting,
    TacMeetingKind,
)

Fields = dict[str, Any]

MARKING = "OFFICIAL-SENSITIVE"


# -- the Signs of Safety assessment, shared by minutes and plans --------------------------


def _assessment_fields(meeting: TacMeeting, names: Names) -> Fields:
    def items(column: Column) -> list[Fields]:
        return [
            {
                "text": item.text,
                "kind": WORRY_CATEGORY_LABELS[item.category] if item.category else "",
                "label": f"{WORRY_CATEGORY_LABELS[item.category]}: " if item.category else "",
                "domain": NEED_DOMAIN_LABELS[item.domain].lower() if item.domain else "",
            }
            for item in meeting.items(column)
        ]

    statements = {s.id: s for s in meeting.danger_statements}
    return {
        "working_well": items(Column.WORKING_WELL),
        "worries": items(Column.WORRIES),
        "next_steps": items(Column.NEXT_STEPS),
        "danger_statements": [
            {"text": s.text, "family_disagrees": s.family_disagrees}
            for s in meeting.danger_statements
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
            }
            for goal in meeting.safety_goals
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


def _scaling_fields(
    meeting: TacMeeting, previous: TacMeeting | None, names: Names
) -> list[Fields]:
    before = {s.participant_id: s.score for s in previous.scaling} if previous else {}
    return [
        {
            "name": names.participant(score),
            "role": names.participant_role(score),
            "score": str(score.score),
            "previous": str(before[score.participant_id])
            if score.participant_id in before
            else "None recorded",
            "reason": score.reason,
        }
        for score in meeting.scaling
    ]


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
        **_assessment_fields(meeting, names),
        "action_reviews": reviews,
        "scaling": _scaling_fields(meeting, papers.previous, names),
        "actions": [_action_fields(a, names) for a in agreed],
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
        **_assessment_fields(meeting, names),
        "scaling": _scaling_fields(meeting, None, names),
        "actions": action_fields,
        "lead": names.lead(lead_id),
        "next_review_on": _next_review(papers),
        "distribution": _unique(distribution),
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
