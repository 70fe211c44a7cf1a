"""A demo family's TAC meetings and the actions they agree, from first meeting to the last.

The scores follow the family's story (improving towards closure, falling before a
step-up), each meeting reviews the actions still open from the one before, and each
action's fate (done on time, done late, cancelled, still open and now overdue) is
decided when it is agreed, knowing when the next meeting falls.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from tac.dates import add_working_days, is_working_day
from tac.demo import names, stories
from tac.demo.directory import derived_id
from tac.demo.stories import LEAD, PARENT, Concern
from tac.models import (
    Action,
    ActionReview,
    ActionStatus,
    AgencyKind,
    AssessmentItem,
    Attendance,
    AttendanceStatus,
    ChildVoice,
    ClosureReason,
    Column,
    DangerStatement,
    DueDateChange,
    HeadlineOutcome,
    MeetingStatus,
    NeedDomain,
    NeedMet,
    Person,
    PersonRole,
    Professional,
    ProgressNote,
    ReviewOutcome,
    SafetyGoal,
    ScalingScore,
    TacMeeting,
    TacMeetingKind,
    WorryCategory,
)

if TYPE_CHECKING:
    from tac.demo.family import Teller

OPEN_WITH_PLAN = frozenset({"OPEN", "OPEN_REVIEW_LATE", "OPEN_NO_LEAD", "STEPPED_DOWN"})
CLOSURE_REASONS = {
    "CLOSED_NEEDS_MET": ClosureReason.NEEDS_MET,
    "CLOSED_TO_UNIVERSAL": ClosureReason.STEPPED_DOWN_TO_UNIVERSAL,
    "CLOSED_MOVED_AWAY": ClosureReason.MOVED_AWAY,
    "CLOSED_CONSENT_WITHDRAWN": ClosureReason.CONSENT_WITHDRAWN,
    "CLOSED_DISENGAGED": ClosureReason.DISENGAGED,
}
_EASED = frozenset({"CLOSED_NEEDS_MET", "CLOSED_TO_UNIVERSAL"})
"""Closures whose worries eased: the scores rose to the end, late actions were done."""
_AWAY = {"CLOSED_MOVED_AWAY", "CLOSED_CONSENT_WITHDRAWN", "CLOSED_DISENGAGED"}

_CLOSING_VOICES = {
    "CLOSED_NEEDS_MET": "{parent}: \"We don't need the meetings now. Thank you for sticking "
    "with us.\"",
    "CLOSED_TO_UNIVERSAL": "{parent}: \"We know who to go to now. School and the family hub "
    "are enough for us.\"",
    "CLOSED_CONSENT_WITHDRAWN": "{parent} told the lead professional by phone that she no "
    "longer wants early help.",
}


_CLOSING_SUMMARIES = {
    "CLOSED_NEEDS_MET": "We met for the last time and agreed that the worries about {label} "
    "have eased and the goals we set together are reached. {parent} said the family knows "
    "what helps now, and {child}'s school will carry on as usual.",
    "CLOSED_TO_UNIVERSAL": "Together we have made the changes we set out to make about "
    "{label}, and the family no longer needs a plan. {child}'s school, the GP and the family "
    "hub carry on supporting the family as they do every family, and {parent} knows she can "
    "ask any of them to refer again.",
    "CLOSED_MOVED_AWAY": "The family has moved to {moved_to}. With {parent}'s agreement we "
    "have sent the plan to their early help team, so the help can carry on there.",
    "CLOSED_CONSENT_WITHDRAWN": "{parent} told us she no longer wants early help, and we "
    "respect that. The school and the GP carry on supporting the family as usual.",
    "CLOSED_DISENGAGED": "The family has not come to the last meetings or answered our calls "
    "and letters, so the plan closes. The school and the GP carry on as usual.",
}
"""What each kind of demo closure says was achieved, in the family's words."""

_MOVED_TO = ("Tameside Council", "Trafford Council", "Cheshire East Council", "Salford City Council",
             "Derbyshire County Council")


OUTCOME_FOR_DOMAIN: dict[NeedDomain, HeadlineOutcome] = {
    NeedDomain.CHILD_DEVELOPMENT: HeadlineOutcome.EARLY_YEARS_DEVELOPMENT,
    NeedDomain.PARENTING_CAPACITY: HeadlineOutcome.FAMILY_RELATIONSHIPS,
    NeedDomain.FAMILY_AND_ENVIRONMENT: HeadlineOutcome.FAMILY_RELATIONSHIPS,
    NeedDomain.EDUCATION: HeadlineOutcome.GOOD_EDUCATION,
    NeedDomain.HEALTH: HeadlineOutcome.MENTAL_AND_PHYSICAL_HEALTH,
    NeedDomain.HOUSING: HeadlineOutcome.SECURE_HOUSING,
    NeedDomain.MONEY: HeadlineOutcome.FINANCIAL_STABILITY,
    NeedDomain.RELATIONSHIPS: HeadlineOutcome.FAMILY_RELATIONSHIPS,
    NeedDomain.SUBSTANCE_USE: HeadlineOutcome.SUBSTANCE_USE_RECOVERY,
    NeedDomain.DOMESTIC_ABUSE: HeadlineOutcome.SAFE_FROM_DOMESTIC_ABUSE,
    NeedDomain.MENTAL_HEALTH: HeadlineOutcome.MENTAL_AND_PHYSICAL_HEALTH,
    NeedDomain.CRIME: HeadlineOutcome.CRIME_PREVENTION,
    NeedDomain.ISOLATION: HeadlineOutcome.MENTAL_AND_PHYSICAL_HEALTH,
}
"""The headline outcome the demo tags each worry's danger statement and goal with."""


def _met(score: int | None) -> NeedMet:
    if score is not None and score >= 7:
        return NeedMet.MET
    return NeedMet.PARTLY_MET if score is not None and score >= 4 else NeedMet.NOT_MET


def _needs_met(
    dangers: list[DangerStatement], goals: list[SafetyGoal]
) -> tuple[list[DangerStatement], list[SafetyGoal]]:
    """At closure, each need marked by its goal's last score (no random draw, so the rest
    of the demo is as it was): 7 or more met, 4 to 6 partly met, less not met."""
    goals = [g.model_copy(update={"met": _met(g.score)}) for g in goals]
    by_statement = {g.danger_statement_id: g.met for g in goals}
    dangers = [d.model_copy(update={"met": by_statement.get(d.id) or NeedMet.PARTLY_MET})
               for d in dangers]
    return dangers, goals


def _closing(t: Teller) -> dict[str, str]:
    """The closing summary of a closed demo family's last meeting, and where it moved to.
    Chosen without a random draw (where to: by reference), so no other family changes."""
    state = t.story.state
    moved_to = ""
    if state == "CLOSED_MOVED_AWAY":
        moved_to = _MOVED_TO[int(t.story.reference[-4:]) % len(_MOVED_TO)]
    summary = _CLOSING_SUMMARIES[state].format(
        label=t.concerns[0].label, moved_to=moved_to, **t.words)
    return {"closing_summary": summary, "moved_to": moved_to}


def hold_meetings(t: Teller, level: int) -> tuple[list[TacMeeting], list[Action]]:
    """Every TAC meeting of the family's plan, finished, and every action they agreed."""
    rng, story = t.rng, t.story
    dates, state = story.meetings, story.state
    means = _score_path(rng, state, len(dates))
    chair = rng.choice(t.directory.chairs)
    minute_taker = rng.choice(names.MINUTE_TAKERS)
    meetings: list[TacMeeting] = []
    actions: list[Action] = []
    agreed_before: set[str] = set()
    for i, held in enumerate(dates):
        last = i == len(dates) - 1
        kind = TacMeetingKind.INITIAL if i == 0 else TacMeetingKind.REVIEW
        if last and state in CLOSURE_REASONS:
            kind = TacMeetingKind.CLOSURE
        following = dates[i + 1] if not last else None
        next_review = following or (story.next_review_on if state in OPEN_WITH_PLAN else None)
        change = means[i] - means[i - 1] if i else 0.0
        direction = "improving" if change >= 0.5 else "worsening" if change <= -0.5 else "steady"
        lead = t.lead_on(held)
        attendance = _attendance(t, i, last, lead, chair)
        meeting_id = t.id()
        dangers = [
            DangerStatement(id=t.id(), text=t.fill(c.danger), family_disagrees=t.fill(
                "{parent} does not think things are as serious as this.")
                if rng.random() < 0.1 else "", headline_outcome=OUTCOME_FOR_DOMAIN[c.domain])
            for c in t.concerns[:3]
        ]
        goals = [
            SafetyGoal(id=t.id(), text=t.fill(c.goal), danger_statement_id=d.id,
                       score=_clamp(means[i] + rng.gauss(0, 1)),
                       headline_outcome=OUTCOME_FOR_DOMAIN[c.domain])
            for c, d in zip(t.concerns, dangers, strict=False)
        ]
        if kind is TacMeetingKind.CLOSURE:
            dangers, goals = _needs_met(dangers, goals)
        if meetings:
            # Each review carries the statements and goals forward from the meeting before.
            before = meetings[-1]
            for carried, earlier in zip(dangers, before.danger_statements, strict=False):
                carried.carried_from_id = earlier.id
            for carried, earlier in zip(goals, before.safety_goals, strict=False):
                carried.carried_from_id = earlier.id
        if kind is TacMeetingKind.INITIAL:
            voice = t.fill(t.concerns[0].family_voice)
        elif kind is TacMeetingKind.CLOSURE:
            voice = t.fill(_CLOSING_VOICES.get(state, ""))
        else:
            voice = t.fill(rng.choice(stories.REVIEW_VOICES[direction]))
        meetings.append(TacMeeting(
            id=meeting_id, family_id=t.family_id, kind=kind, held_on=held, chair_id=chair.id,
            minute_taker=minute_taker, status=MeetingStatus.FINISHED, attendance=attendance,
            consent_confirmed=not (last and state in _AWAY), family_voice=voice,
            child_voices=_child_voices(t, held, i),
            action_reviews=_reviews(actions, held, dates[i - 1]) if i else [],
            assessment=_with_retired(_assessment(t, kind, direction), meetings, meeting_id,
                                     kind, direction),
            danger_statements=dangers, safety_goals=goals,
            scaling=_scaling(rng, attendance, chair, means[i]),
            lead_professional_id=lead.id if lead else None, next_review_on=next_review,
            closure_reason=CLOSURE_REASONS.get(state) if kind is TacMeetingKind.CLOSURE
            else None,
            **minutes_clock(held, t.story.today, minute_taker,
                            sent=not last or int(meeting_id[-1], 16) >= 4),
            **(_closing(t) if kind is TacMeetingKind.CLOSURE else {}),
        ))
        if kind is TacMeetingKind.CLOSURE:
            continue
        for concern, what, owner, measure in _choose_actions(t, i, last):
            text = t.fill(what)
            if text in agreed_before:
                text = f"Carry on: {text}"
            agreed_before.add(text)
            actions.append(_action(t, meeting_id, held, following, next_review, concern, text,
                                   owner, t.fill(measure), lead))
    return meetings, actions


def minutes_clock(held: date, today: date, by: str, *, sent: bool = True) -> dict:
    """When a demo meeting's minutes were written (two working days after it) and sent (four
    days after, by `by`), as far as `today` has come; `sent` False leaves them unsent, for
    the minutes clock to find. Worked out without the random numbers, so that the rest of
    the demo stays as it was."""
    written, sent_on = add_working_days(held, 2), add_working_days(held, 4)
    done = sent and sent_on <= today
    return {"minutes_written_on": written if written <= today else None,
            "minutes_sent_on": sent_on if done else None,
            "minutes_sent_by": by if done else ""}


def _clamp(value: float) -> int:
    return max(0, min(10, round(value)))


def _score_path(rng: random.Random, state: str, count: int) -> list[float]:
    """The mean scaling score at each meeting: where the family's story takes it."""
    start = rng.uniform(2, 4.5)
    if state in _EASED:
        end = rng.uniform(7, 9)
    elif state in ("STEPPED_UP",):
        end = rng.uniform(0.5, 2)
    elif state in ("CLOSED_DISENGAGED", "CLOSED_CONSENT_WITHDRAWN"):
        end = start + rng.uniform(-1.5, 0.5)
    elif state in ("OPEN_REVIEW_LATE", "OPEN_NO_LEAD"):
        end = start + rng.choice((rng.uniform(-0.3, 0.3), rng.uniform(-2, -0.8)))
    else:
        pick = rng.random()
        if pick < 0.6 or state == "STEPPED_DOWN":
            end = start + (count - 1) * rng.uniform(0.6, 1.3)
        elif pick < 0.85:
            end = start + rng.uniform(-0.3, 0.3)
        else:
            end = start - rng.uniform(0.8, 2)
    if count == 1:
        return [start]
    return [start + (end - start) * i / (count - 1) + rng.gauss(0, 0.2) for i in range(count)]


def _attendance(
    t: Teller, i: int, last: bool, lead: Professional | None, chair: Professional
) -> list[Attendance]:
    rng, state = t.rng, t.story.state
    rows: list[Attendance] = []
    # A family that moved, withdrew consent or disengaged is missing from the last meetings.
    away = (last and state in _AWAY) or (
        state == "CLOSED_DISENGAGED" and i >= len(t.story.meetings) - 2)
    for person in t.people:
        if person.role is PersonRole.CHILD and (person is not t.focal or _age(person, t) < 12):
            continue
        if person is t.focal and rng.random() < 0.6:
            continue  # a teenager comes to some meetings, not all
        if person.relationship == "grandmother" and rng.random() < 0.7:
            continue
        if away:
            status = AttendanceStatus.DID_NOT_ATTEND if state == "CLOSED_DISENGAGED" \
                else AttendanceStatus.APOLOGIES
        else:
            status = _roll(rng, 0.88 if person is t.mother else 0.7)
        update = ""
        if status is AttendanceStatus.APOLOGIES:
            update = "Has moved away." if state == "CLOSED_MOVED_AWAY" and last else (
                "Could not get time off work." if person is not t.mother
                else "Unwell; the lead professional will visit to share the plan.")
        rows.append(Attendance(person_id=person.id, status=status, update=update))
    seen: set[str] = set()
    for professional, is_chair in [(chair, True), *[(p, False) for p in
                                                     ([lead] if lead else [])],
                                   *[(p, False) for p in t.team.values()]]:
        if professional.id in seen:
            continue
        seen.add(professional.id)
        status = AttendanceStatus.PRESENT if is_chair or professional is lead else _roll(rng, 0.75)
        update = "" if is_chair else rng.choice(stories.PROFESSIONAL_UPDATES)
        if status is AttendanceStatus.APOLOGIES:
            update = rng.choice(stories.APOLOGY_UPDATES)
        elif status is AttendanceStatus.DID_NOT_ATTEND:
            update = ""
        rows.append(Attendance(professional_id=professional.id, status=status, update=update))
    return rows


def _roll(rng: random.Random, present: float) -> AttendanceStatus:
    pick = rng.random()
    if pick < present:
        return AttendanceStatus.PRESENT
    if pick < present + (1 - present) * 0.7:
        return AttendanceStatus.APOLOGIES
    return AttendanceStatus.DID_NOT_ATTEND


def _age(person: Person, t: Teller, on: date | None = None) -> int:
    born = person.date_of_birth or t.story.today
    return ((on or t.story.today) - born).days // 365


def _child_voices(t: Teller, held: date, i: int) -> list[ChildVoice]:
    if i and t.rng.random() < 0.5:
        return []
    voices = []
    for child in t.people:
        if child.subject and 4 <= _age(child, t, held) <= 15 and len(voices) < 2:
            voices.append(ChildVoice(
                person_id=child.id,
                worries=t.rng.choice(stories.CHILD_WORRIES),
                good_things=t.rng.choice(stories.CHILD_GOOD_THINGS),
                dreams=t.rng.choice(stories.CHILD_DREAMS),
            ))
    return voices


def _assessment(t: Teller, kind: TacMeetingKind, direction: str) -> list[AssessmentItem]:
    items: list[AssessmentItem] = []

    def add(column: Column, text: str, concern: Concern | None,
            worry: WorryCategory | None = None) -> None:
        items.append(AssessmentItem(id=t.id(), column=column, category=worry,
                                    text=t.fill(text), domain=concern.domain if concern else None))

    for concern in t.concerns:
        if kind is TacMeetingKind.CLOSURE:
            add(Column.WORKING_WELL, f"Goal reached: {concern.goal}", concern)
            add(Column.WORRIES, concern.complicating, concern, WorryCategory.COMPLICATING_FACTOR)
            continue
        first = kind is TacMeetingKind.INITIAL
        if first or direction == "worsening":
            add(Column.WORRIES, concern.past_harm, concern, WorryCategory.PAST_HARM)
        add(Column.WORRIES, concern.future_danger, concern, WorryCategory.FUTURE_DANGER)
        if first or t.rng.random() < 0.3:
            add(Column.WORRIES, concern.complicating, concern, WorryCategory.COMPLICATING_FACTOR)
        # A review writes up what has changed, not the whole first assessment again.
        for strength in concern.strengths if first else [t.rng.choice(concern.strengths)]:
            add(Column.WORKING_WELL, strength, concern)
        for step in concern.next_steps if first else [t.rng.choice(concern.next_steps)]:
            add(Column.NEXT_STEPS, step, concern)
    if kind is TacMeetingKind.CLOSURE:
        add(Column.NEXT_STEPS, "School and the GP carry on as usual and know to refer again "
            "if worries return.", None)
    return items


def _with_retired(
    items: list[AssessmentItem], meetings: list[TacMeeting], meeting_id: str,
    kind: TacMeetingKind, direction: str,
) -> list[AssessmentItem]:
    """A review where things got better carries the last meeting's complicating factors that
    it did not write again, and retires them: no longer a worry. Made without a random draw
    (ids derived from the meeting's), so the rest of the demo is as it was."""
    if kind is not TacMeetingKind.REVIEW or direction != "improving" or not meetings:
        return items
    written = {item.text for item in items}
    retired = [
        AssessmentItem(id=derived_id(meeting_id, earlier.id), column=earlier.column,
                       category=earlier.category, text=earlier.text, domain=earlier.domain,
                       carried_from_id=earlier.id, retired=True)
        for earlier in meetings[-1].items(Column.WORRIES)
        if earlier.category is WorryCategory.COMPLICATING_FACTOR and earlier.text not in written
    ]
    return [*items, *retired]


def _scaling(
    rng: random.Random, attendance: list[Attendance], chair: Professional, mean: float
) -> list[ScalingScore]:
    scores = []
    for row in attendance:
        if row.status is not AttendanceStatus.PRESENT or row.professional_id == chair.id:
            continue
        lift = 0.7 if row.person_id else 0.0  # families tend to score themselves higher
        score = _clamp(mean + lift + rng.gauss(0, 0.9))
        band = "low" if score <= 3 else "middle" if score <= 6 else "high"
        scores.append(ScalingScore(professional_id=row.professional_id,
                                   person_id=row.person_id, score=score,
                                   reason=rng.choice(stories.SCALING_REASONS[band])))
    return scores


def _reviews(actions: list[Action], held: date, previous: date) -> list[ActionReview]:
    """The actions still open at the last meeting, or agreed there, and how they went."""
    reviews = []
    for action in actions:
        if action.agreed_on > previous:
            continue
        still_open = action.agreed_on == previous or (
            action.status is ActionStatus.OPEN
            or (action.completed_on is not None and action.completed_on >= previous)
        )
        if not still_open:
            continue
        if action.completed_on and action.completed_on <= held:
            outcome, note = ReviewOutcome.DONE, "Done."
        elif action.status is ActionStatus.CANCELLED:
            outcome, note = ReviewOutcome.NOT_DONE, "No longer needed; cancelled."
        elif any(n.on <= held for n in action.progress):
            outcome, note = ReviewOutcome.PARTLY, "Started; carry on to the next review."
        else:
            outcome, note = ReviewOutcome.NOT_DONE, "Not done yet; owner to explain why."
        reviews.append(ActionReview(action_id=action.id, outcome=outcome, note=note))
    return reviews


def _choose_actions(t: Teller, i: int, last: bool) -> list[tuple[Concern, str, str, str]]:
    rng = t.rng
    if last and t.story.state == "STEPPED_UP":
        return [(t.concerns[0], "Share the family's plan and chronology with the social "
                 "worker.", LEAD, "The social worker has the plan before the assessment.")]
    every = [(c, what, owner, measure) for c in t.concerns for owner, what, measure in c.actions]
    if i == 0:
        primary = [a for a in every if a[0] is t.concerns[0]]
        extra = [rng.choice([a for a in every if a[0] is c]) for c in t.concerns[1:]]
        return (primary + extra)[:6]
    return rng.sample(every, k=min(len(every), rng.randint(2, 4)))


def _action(
    t: Teller, meeting_id: str, agreed: date, following: date | None, next_review: date | None,
    concern: Concern, what: str, owner: stories.Owner, measure: str, lead: Professional | None,
) -> Action:
    rng, today, state = t.rng, t.story.today, t.story.state
    professional: Professional | None = None
    person: Person | None = None
    if owner == PARENT:
        person = t.mother
    elif owner == LEAD and lead is not None:
        professional = lead
    elif owner == LEAD:
        professional = rng.choice(t.directory.leads)
    else:
        kind = AgencyKind(owner)
        professional = t.team.get(kind) or t.directory.someone(rng, kind)
    due = agreed + timedelta(days=rng.randint(14, 35))
    if next_review:
        due = max(agreed + timedelta(days=7), min(due, next_review))
    status, completed = ActionStatus.OPEN, None
    if following is None:
        if state == "STEPPED_UP":
            status, completed = ActionStatus.DONE, min(today, agreed + timedelta(days=2))
        elif rng.random() < (0.5 if due < today else 0.2) and (today - agreed).days >= 3:
            status = ActionStatus.DONE
            completed = _between(rng, agreed + timedelta(days=2), min(today, due + timedelta(5)))
    else:
        pick = rng.random()
        if pick < 0.78:
            status = ActionStatus.DONE
            completed = _between(rng, agreed + timedelta(days=2),
                                 min(due + timedelta(days=7), following - timedelta(days=1)))
        elif pick < 0.86:
            status = ActionStatus.CANCELLED
        elif state in _EASED:
            status = ActionStatus.DONE  # done late, before the plan closed
            completed = _between(rng, following, t.story.meetings[-1])
        elif state not in OPEN_WITH_PLAN:
            status = ActionStatus.CANCELLED  # the plan ended with it undone
    who = professional.name if professional else (person.name if person else "")
    end = completed or (following if status is ActionStatus.CANCELLED else today)
    action = Action(
        id=t.id(), family_id=t.family_id, meeting_id=meeting_id, what=what,
        professional_id=professional.id if professional else None,
        person_id=person.id if person else None, agreed_on=agreed, due_on=due,
        success_measure=measure, need_domain=concern.domain, status=status,
        completed_on=completed, progress=_progress(t, agreed, end, who),
    )
    if professional is not None and status is ActionStatus.OPEN and following is None:
        return _maybe_moved(action, today, lead.name if lead else professional.name)
    return action


def _maybe_moved(action: Action, today: date, by: str) -> Action:
    """About one open action in six had its due date moved two weeks on, a few days before
    it fell due; chosen by its id, not a random draw, so the rest of the demo is as it was."""
    if int(action.id[-1], 16) >= 3:
        return action
    changed_on = max(action.agreed_on, min(today, action.due_on - timedelta(days=3)))
    moved_to = action.due_on + timedelta(days=14)
    while not is_working_day(moved_to):
        moved_to += timedelta(days=1)
    change = DueDateChange(changed_on=changed_on, from_due_on=action.due_on, to_due_on=moved_to,
                           reason=_MOVED_BECAUSE, changed_by=by)
    return action.model_copy(update={"due_on": moved_to, "due_date_changes": [change]})


_MOVED_BECAUSE = ("The appointment this waits on was moved by the service; agreed with the lead "
                  "professional to give it two more weeks.")


def _between(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _progress(t: Teller, agreed: date, end: date | None, who: str) -> list[ProgressNote]:
    rng = t.rng
    if end is None or (end - agreed).days < 2:
        return []
    days = sorted(_between(rng, agreed + timedelta(days=1), end)
                  for _ in range(rng.choice((0, 0, 1, 1, 2, 3))))
    lead = t.lead_on(agreed)
    writer = lead.name if lead else who
    notes = stories.OWN_PROGRESS if writer == who else stories.PROGRESS
    return [ProgressNote(on=day, by=writer,
                         text=rng.choice(notes).format(owner=who, **t.words))
            for day in days]
