"""One demo family's story: its people, referral, decision, meetings, actions and history.

`tell_story` turns a timeline (when the family was referred, screened and met) into
validated records, all drawn from the demo's random source so a seed repeats them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from tac import rules
from tac.bundle import FamilyFile
from tac.demo import names, stories
from tac.demo.checks import vulnerability_checks
from tac.demo.chronology import family_chronology
from tac.demo.directory import LEAD_ROLES, Directory, derived_id
from tac.demo.meetings import CLOSURE_REASONS, OPEN_WITH_PLAN, hold_meetings
from tac.demo.stories import Concern
from tac.models import (
    OPEN_STATUSES,
    Agency,
    AgencyKind,
    ClosureReason,
    Consent,
    ConsentHow,
    ConsentWithdrawal,
    Family,
    FamilyAgrees,
    FamilyStatus,
    LeadProfessionalTerm,
    OversightNote,
    Person,
    PersonRole,
    Professional,
    Referral,
    ReferralKind,
    ReferralStatus,
    ScreeningDecision,
    ScreeningOutcome,
    StatusChange,
    StepUp,
    TacMeeting,
)

AWAITING = {"AWAITING", "AWAITING_LONG", "AWAITING_NO_CONSENT", "MORE_INFORMATION"}
"""States whose referral is in the screening queue (more information: back for the next meeting)."""
_OUTCOMES = {
    "NO_FURTHER_ACTION": ScreeningOutcome.NO_FURTHER_ACTION,
    "SIGNPOSTED": ScreeningOutcome.SIGNPOSTING,
    "MORE_INFORMATION": ScreeningOutcome.MORE_INFORMATION,
    "STEPPED_UP_AT_SCREENING": ScreeningOutcome.STEP_UP,
}


@dataclass(frozen=True)
class FamilyStory:
    """Where a family stands (a `tac.demo.State` name) and the dates that got it there."""

    state: str
    reference: str
    received_on: date
    screened_on: date | None
    meetings: list[date]
    next_review_on: date | None
    today: date
    consent_change: str = ""
    """"withdrawn" (from every agency since the last meeting), "withdrawn_from_one", or ""."""
    screening_meeting_id: str | None = None
    """The screening meeting that decided its referral (None if unscreened)."""


@dataclass
class Told:
    """One family's file, and the screening decision on its referral (None if unscreened)."""

    file: FamilyFile
    decision: ScreeningDecision | None


def tell_story(rng: random.Random, directory: Directory, story: FamilyStory) -> Told:
    """Every record of one demo family, validated."""
    return Teller(rng, directory, story).tell()


@dataclass
class Teller:
    """What is known of one family while its story is told."""

    rng: random.Random
    directory: Directory
    story: FamilyStory
    family_id: str = ""
    concerns: list[Concern] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    words: dict[str, str] = field(default_factory=dict)
    filled: dict[str, str] = field(default_factory=dict)
    team: dict[AgencyKind, Professional] = field(default_factory=dict)
    agencies: dict[AgencyKind, Agency] = field(default_factory=dict)
    leads: list[tuple[date, Professional]] = field(default_factory=list)
    focal: Person = field(init=False)
    """The child at the centre of the worry: `{child}` in the stories."""
    mother: Person = field(init=False)
    """The parent the stories call `{parent}`."""

    def id(self) -> str:
        return self.directory.new_id(self.rng)

    def fill(self, text: str) -> str:
        """The text with this family's names in; the same text gives the same string object,
        so a big demo holds each family's repeated sentences once."""
        filled = self.filled.get(text)
        if filled is None:
            filled = self.filled[text] = text.format(**self.words)
        return filled

    # --- the family -----------------------------------------------------------------

    def tell(self) -> Told:
        rng, story = self.rng, self.story
        self.family_id = self.id()
        primary = rng.choice(stories.CONCERNS)
        focal_age = rng.randint(*primary.ages)
        others = [c for c in stories.CONCERNS if c is not primary and c.ages[0] <= focal_age
                  <= c.ages[1] and not c.baby and not c.interpreter]
        extra = min(len(others), rng.choice((0, 1, 1, 2)))
        self.concerns = [primary, *rng.sample(others, extra)]
        address, postcode = _address(rng)
        self._household(primary, focal_age)
        self._team()
        referral = self._referral(primary)
        decision, level = self._decision(referral)
        self._choose_leads()
        meetings, actions = hold_meetings(self, level) if story.meetings else ([], [])
        history = self._status_history(level, meetings)
        _close_at_level(meetings, history)
        family = Family(
            id=self.family_id,
            reference=story.reference,
            address=address,
            postcode=postcode,
            people=self.people,
            consents=self._consents(referral),
            lead_professionals=self._lead_terms(),
            status_history=history,
        )
        file = FamilyFile(
            family=family,
            chronology=family_chronology(self, decision),
            referrals=[referral],
            tac_meetings=meetings,
            actions=actions,
            step_ups=self._step_ups(decision, meetings),
            oversight_notes=self._oversight_notes(history),
            vulnerability_checks=vulnerability_checks(
                self.family_id, story.reference, self.people, self.focal,
                [c.domain for c in self.concerns], referral, meetings, history,
                (self.leads[0][1] if self.leads else self.directory.chairs[0]).name),
        )
        return Told(file=file, decision=decision)

    def retell(self, main: Teller) -> Told:
        """An earlier episode of `main`'s family, as this teller's story dates it: the same
        people and worries, with its own referral, decision, meetings, actions and history
        (the family record returned holds only what this episode adds to it)."""
        for name in ("family_id", "concerns", "people", "words", "team", "agencies",
                     "focal", "mother"):
            setattr(self, name, getattr(main, name))
        referral = self._referral(self.concerns[0])
        decision, level = self._decision(referral)
        self._choose_leads()
        meetings, actions = hold_meetings(self, level)
        history = self._status_history(level, meetings)
        _close_at_level(meetings, history)
        family = Family(
            id=self.family_id, reference=self.story.reference, people=self.people,
            consents=self._consents(referral), lead_professionals=self._lead_terms(),
            status_history=history,
        )
        file = FamilyFile(family=family, referrals=[referral], tac_meetings=meetings,
                          actions=actions, step_ups=self._step_ups(decision, meetings))
        return Told(file=file, decision=decision)

    def _household(self, primary: Concern, focal_age: int) -> None:
        rng, today = self.rng, self.story.today
        language, interpreter = "English", False
        women, men, girls, boys, surnames = (
            names.WOMEN, names.MEN, names.GIRLS, names.BOYS, names.SURNAMES)
        if primary.interpreter or rng.random() < 0.08:
            tongue = rng.choices(names.LANGUAGES, [t[1] for t in names.LANGUAGES])[0]
            language, _, women, men, girls, boys, surnames = tongue
            interpreter = primary.interpreter or rng.random() < 0.4
        surname = rng.choice(surnames)
        ages = [focal_age] + [rng.randint(0, 16) for _ in range(rng.choice((0, 1, 1, 2, 2, 3)))]
        if primary.baby and 0 not in ages:
            ages.append(0)
        primary_school = rng.choice(self.directory.primaries)
        secondary = rng.choice(self.directory.secondaries)
        nursery = rng.choice(self.directory.nurseries)
        gp = rng.choice(self.directory.gps)
        self.agencies = {AgencyKind.GP: gp}
        if 2 <= focal_age <= 4:
            self.agencies[AgencyKind.EARLY_YEARS] = nursery
        if 4 <= focal_age <= 10:
            self.agencies[AgencyKind.SCHOOL] = primary_school
        elif 11 <= focal_age <= 15:
            self.agencies[AgencyKind.SCHOOL] = secondary
        settings = {age: _setting(age, nursery, primary_school, secondary) for age in ages}

        def born(age: int) -> date:
            days = rng.randint(20, 330) if age == 0 else age * 365 + rng.randint(0, 360)
            return today - timedelta(days=days)

        used: set[str] = set()
        children = []
        for n, age in enumerate(ages):
            girl = rng.random() < 0.5
            # Siblings never share a first name; a short list falls back on the long one.
            pool = [f for f in (girls if girl else boys) if f not in used] or [
                f for f in (names.GIRLS if girl else names.BOYS) if f not in used]
            first = rng.choice(pool)
            used.add(first)
            children.append(Person(
                id=self.id(), name=f"{first} {surname}", role=PersonRole.CHILD,
                relationship="daughter" if girl else "son", subject=True,
                date_of_birth=born(age), school_or_setting=settings[age], gp=gp.name,
                language=language,
            ))
            if n == 0:
                focal = children[-1]
        mother_age = max(ages) + rng.randint(18, 30)
        mother = Person(
            id=self.id(), name=f"{rng.choice(women)} {surname}", role=PersonRole.PARENT,
            relationship="mother", date_of_birth=born(mother_age), gp=gp.name,
            language=language, interpreter_needed=interpreter,
        )
        adults = [mother]
        if rng.random() < 0.55 and not any(c.lone_parent for c in self.concerns):
            step = rng.random() < 0.3
            adults.append(Person(
                id=self.id(),
                name=f"{rng.choice(men)} {rng.choice(surnames) if step else surname}",
                role=PersonRole.CARER if step else PersonRole.PARENT,
                relationship="stepfather" if step else "father",
                date_of_birth=born(mother_age + rng.randint(-2, 6)), gp=gp.name,
                language=language, interpreter_needed=interpreter and rng.random() < 0.5,
            ))
        if rng.random() < 0.08:
            adults.append(Person(
                id=self.id(), name=f"{rng.choice(names.GRANDMOTHERS)} {surname}",
                role=PersonRole.HOUSEHOLD_MEMBER, relationship="grandmother",
                date_of_birth=born(mother_age + rng.randint(20, 28)), gp=gp.name,
                language=language,
            ))
        self.people = [*children, *adults]
        self.focal, self.mother = focal, mother
        self.words = {
            "child": focal.name.split()[0],
            "parent": mother.name.split()[0],
            "school": focal.school_or_setting or "school",
        }

    def _team(self) -> None:
        """The professionals around this family: one from each agency its worries need."""
        rng = self.rng
        for concern in self.concerns:
            for kind in concern.partners:
                if kind in self.team:
                    continue
                agency = self.agencies.get(kind)
                if agency is None:
                    if kind in (AgencyKind.SCHOOL, AgencyKind.EARLY_YEARS, AgencyKind.GP):
                        continue  # no such setting for a child this age
                    agency = rng.choice(self.directory.by_kind[kind])
                    self.agencies[kind] = agency
                self.team[kind] = self.directory.at(rng, agency)

    # --- referral and screening -----------------------------------------------------

    def _referral(self, primary: Concern) -> Referral:
        rng, story = self.rng, self.story
        concerns = self.fill(primary.referral)
        kind = primary.referrer
        if story.state == "STEPPED_DOWN":
            kind = AgencyKind.CHILDRENS_SOCIAL_CARE
            concerns = ("Step-down from children's social care: the child in need plan has "
                        f"ended and {self.words['parent']} agreed to early help. {concerns}")
        agency = self.agencies.get(kind) or rng.choice(self.directory.by_kind[kind])
        self.agencies.setdefault(kind, agency)
        referrer = self.directory.at(rng, agency)
        agency_id: str | None = agency.id
        if story.state != "STEPPED_DOWN" and rng.random() < 0.08:
            referrer, agency_id = None, None
            concerns = f"{self.words['parent']} phoned the front door herself. {concerns}"
        agrees, why = FamilyAgrees.YES, ""
        if story.state == "AWAITING_NO_CONSENT":
            agrees, why = FamilyAgrees.NO, "Did not agree when asked; wants to talk to the school first"
        elif story.state in OPEN_WITH_PLAN and kind is AgencyKind.POLICE and rng.random() >= 0.5:
            agrees, why = FamilyAgrees.NOT_ASKED, "Police call-out: to be asked at the first meeting"
        step_down = {}
        if story.state == "STEPPED_DOWN" and referrer is not None:
            step_down = {"kind": ReferralKind.STEP_DOWN,
                         "social_care_summary": self.step_down_summary(),
                         "social_worker": f"{referrer.name}, {agency.name}"}
        return Referral(
            id=self.id(), family_id=self.family_id, received_on=story.received_on,
            referrer_name=referrer.name if referrer else self.mother.name,
            referrer_professional_id=referrer.id if referrer else None,
            referrer_agency_id=agency_id, concerns=concerns, family_agrees=agrees,
            family_agrees_reason=why, taken_by=self.directory.chairs[0].name,
            status=ReferralStatus.AWAITING_SCREENING if story.state in AWAITING
            else ReferralStatus.SCREENED, **step_down,
        )

    def step_down_summary(self) -> str:
        """Social care's summary of its work, for a family it steps down to early help."""
        return names.STEP_DOWN_SUMMARY.format(label=self.concerns[0].label, **self.words)

    def _decision(self, referral: Referral) -> tuple[ScreeningDecision | None, int]:
        rng, story = self.rng, self.story
        if story.screened_on is None:
            return None, 2
        outcome = _OUTCOMES.get(story.state, ScreeningOutcome.EARLY_HELP_TAC)
        level = {ScreeningOutcome.NO_FURTHER_ACTION: 1, ScreeningOutcome.SIGNPOSTING: 1,
                 ScreeningOutcome.STEP_UP: 4}.get(outcome, rng.choice((2, 2, 3)))
        if story.state == "STEPPED_DOWN":
            level = 3
        allocated: Professional | None = None
        due: date | None = None
        if outcome is ScreeningOutcome.EARLY_HELP_TAC:
            allocated = self._first_lead()
            due = story.screened_on + timedelta(days=28)
        elif outcome is ScreeningOutcome.MORE_INFORMATION:
            allocated = self.rng.choice(self.directory.leads)
            due = story.screened_on + timedelta(days=7)
        elif outcome is ScreeningOutcome.STEP_UP:
            allocated = self.directory.someone(rng, AgencyKind.CHILDRENS_SOCIAL_CARE)
            due = story.screened_on + timedelta(days=1)
        recent = story.today - story.screened_on < timedelta(days=8)
        dissent = ""
        if outcome is ScreeningOutcome.EARLY_HELP_TAC and rng.random() < 0.1:
            police = self.directory.someone(rng, AgencyKind.POLICE)
            dissent = (f"{police.name} (police) thought a social work assessment was needed; "
                       "the meeting agreed early help with an early review.")
        decision = ScreeningDecision(
            referral_id=referral.id, outcome=outcome, level=level,
            rationale=stories.RATIONALES[outcome.value].format(
                label=self.concerns[0].label, **self.words),
            service_id=self.directory.service_named(self.concerns[0].signpost).id
            if outcome is ScreeningOutcome.SIGNPOSTING else None,
            allocated_to_id=allocated.id if allocated else None, due_on=due, dissent=dissent,
            referrer_informed=not recent or rng.random() < 0.6,
        )
        return decision, level

    def _first_lead(self) -> Professional:
        if not self.leads:
            capable = [p for p in self.team.values() if p.role in LEAD_ROLES]
            if capable and self.rng.random() < 0.4:
                lead = self.rng.choice(capable)
            else:
                lead = self.rng.choice(self.directory.leads)
            assert self.story.screened_on is not None
            self.leads.append((self.story.screened_on, lead))
        return self.leads[0][1]

    def _choose_leads(self) -> None:
        """Who held the lead when: sometimes a lead moves on and another takes over."""
        meetings = self.story.meetings
        if len(meetings) >= 3 and self.rng.random() < 0.2:
            handover = meetings[self.rng.randint(1, len(meetings) - 2)]
            choices = [p for p in self.directory.leads if p is not self.leads[0][1]]
            self.leads.append((handover, self.rng.choice(choices)))

    def lead_on(self, day: date) -> Professional | None:
        current = None
        for started, lead in self.leads:
            if started <= day:
                current = lead
        return current

    def _lead_terms(self) -> list[LeadProfessionalTerm]:
        story, state = self.story, self.story.state
        ends: date | None = None
        if state == "OPEN_NO_LEAD":
            last = story.meetings[-1]
            ends = last + timedelta(days=self.rng.randint(1, (story.today - last).days - 1))
        elif state == "STEPPED_UP" or state in CLOSURE_REASONS:
            ends = story.meetings[-1]
        terms = []
        for n, (started, lead) in enumerate(self.leads):
            ended = self.leads[n + 1][0] if n + 1 < len(self.leads) else ends
            terms.append(LeadProfessionalTerm(
                professional_id=lead.id, started_on=started, ended_on=ended))
        return terms

    def _consents(self, referral: Referral) -> list[Consent]:
        story = self.story
        if story.state == "AWAITING_NO_CONSENT":
            return []
        given = story.received_on
        # Most families sign the consent form; some agree on the phone (every fourth, by
        # reference: no random draw, so the rest of the demo is as it was), and a family
        # that had not agreed to the referral agrees aloud when first met.
        verbal = not referral.consent_obtained or int(story.reference[-4:]) % 4 == 0
        how = ConsentHow.VERBAL if verbal else ConsentHow.WRITTEN
        if not referral.consent_obtained:
            given = story.meetings[0] if story.meetings else (story.screened_on or given)
        lead_agency = self.leads[-1][1].agency_id if self.leads else None
        early_help = self.directory.by_kind[AgencyKind.EARLY_HELP][0].id
        agencies = sorted({a.id for a in self.agencies.values()} | {early_help})
        withdrawals = []
        if story.state == "CLOSED_CONSENT_WITHDRAWN":
            closing = story.meetings[-1]
            withdrawn = max(given, story.meetings[-2] + timedelta(days=1),
                            closing - timedelta(days=self.rng.randint(2, 10)))
            withdrawals.append(ConsentWithdrawal(
                on=withdrawn, by=self.mother.id, all_agencies=True,
                note=self.fill(names.WITHDRAWN_BY_PHONE)))
        elif story.consent_change and story.meetings:
            on = min(story.today, story.meetings[-1] + timedelta(days=3))
            if story.consent_change == "withdrawn":
                withdrawals.append(ConsentWithdrawal(
                    on=on, by=self.mother.id, all_agencies=True,
                    note=self.fill(names.WITHDRAWN_BY_PHONE)))
            else:
                # Never the lead's own agency or early help: the plan goes on without the other.
                others = [a for a in agencies if a not in (lead_agency, early_help)]
                if others:
                    withdrawals.append(ConsentWithdrawal(
                        on=on, by=self.mother.id, agency_ids=[others[-1]],
                        note=self.fill(names.WITHDRAWN_FROM_ONE)))
        return [Consent(id=self.id(), given_by=self.mother.id, given_on=given, how=how,
                        agency_ids=agencies, scope=names.SCREENING_SCOPE,
                        withdrawals=withdrawals)]

    def _step_ups(
        self, decision: ScreeningDecision | None, meetings: list[TacMeeting]
    ) -> list[StepUp]:
        """A family stepped up keeps the record of it: at screening (the decision's
        rationale) or at its last review, with a reflection chosen by its reference (no
        random draw, so the rest of the demo is as it was). An earlier episode that ended
        in a step up keeps its record too."""
        story, number = self.story, int(self.story.reference[-4:])
        reflection = stories.REFLECTIONS[number % len(stories.REFLECTIONS)]
        common = {
            "family_id": self.family_id,
            "team": stories.STEP_UP_TEAMS[number // 2 % len(stories.STEP_UP_TEAMS)],
            "earlier_signs": self.fill(reflection[0]),
            "sooner": self.fill(reflection[1]),
        }
        words = {**self.words, "label": self.concerns[0].label}
        if story.state == "STEPPED_UP_AT_SCREENING" and decision and story.screened_on:
            chairs = self.directory.chairs
            return [StepUp(
                id=derived_id(self.family_id, "step up", story.screened_on),
                stepped_up_on=story.screened_on, reason=decision.rationale,
                recorded_by=self.directory.chairs[0].name,
                screening_meeting_id=story.screening_meeting_id,
                reflection_by_id=chairs[number % len(chairs)].id, **common,
            )]
        if story.state == "STEPPED_UP" and meetings:
            last = meetings[-1]
            return [StepUp(
                id=derived_id(self.family_id, "step up", last.held_on),
                stepped_up_on=last.held_on,
                reason=stories.STEP_UP_REASONS[number % len(stories.STEP_UP_REASONS)].format(
                    **words),
                recorded_by=last.minute_taker or "", tac_meeting_id=last.id,
                reflection_by_id=last.chair_id, **common,
            )]
        return []

    def _oversight_notes(self, history: list[StatusChange]) -> list[OversightNote]:
        """An open family's management oversight: a third have a note two weeks ago, a
        third one sixteen weeks ago (past the council's twelve: drift to see), a third none.
        Chosen by reference, with no random draw, so the rest of the demo is as it was."""
        today, number = self.story.today, int(self.story.reference[-4:])
        opened = next((c.on for c in reversed(history) if c.status in OPEN_STATUSES), None)
        if not history or history[-1].status not in OPEN_STATUSES or opened is None:
            return []
        weeks = (2, 16, None)[number % 3]
        if weeks is None or today - timedelta(weeks=weeks) < opened:
            return []
        chairs = self.directory.chairs
        manager = chairs[number % len(chairs)]
        note, direction = stories.OVERSIGHT_NOTES[number // 3 % len(stories.OVERSIGHT_NOTES)]
        written_on = today - timedelta(weeks=weeks)
        return [OversightNote(
            id=derived_id(self.family_id, "oversight note", written_on),
            family_id=self.family_id, written_on=written_on, written_by=manager.name,
            written_by_id=manager.id, note=self.fill(note), direction=self.fill(direction))]

    def _status_history(self, level: int, meetings: list[TacMeeting]) -> list[StatusChange]:
        story, state = self.story, self.story.state
        on = story.screened_on
        if on is None or state == "MORE_INFORMATION":
            return []
        if state in ("NO_FURTHER_ACTION", "SIGNPOSTED"):
            note = ("No further action at screening" if state == "NO_FURTHER_ACTION"
                    else "Signposted to a universal service at screening")
            return [StatusChange(on=on, status=FamilyStatus.CLOSED, level=1,
                                 reason=ClosureReason.OTHER, note=note)]
        if state == "STEPPED_UP_AT_SCREENING":
            return [StatusChange(on=on, status=FamilyStatus.STEPPED_UP, level=4,
                                 reason=ClosureReason.STEPPED_UP,
                                 note="Passed to children's social care at screening")]
        if state == "STEPPED_DOWN":
            return [StatusChange(on=on, status=FamilyStatus.STEPPED_DOWN, level=3,
                                 note="Stepped down from a child in need plan")]
        history = [StatusChange(on=on, status=FamilyStatus.OPEN, level=level)]
        # A complex family whose scores have risen well is brought down to targeted help.
        trend = rules.scaling_trend(meetings[:-1])
        if level == 3 and len(trend) >= 2 and trend[-1][1] - trend[0][1] >= 2:
            history.append(StatusChange(on=trend[-1][0], status=FamilyStatus.OPEN, level=2,
                                        note="Needs now met by targeted early help"))
            level = 2
        if state == "STEPPED_UP":
            history.append(StatusChange(on=story.meetings[-1], status=FamilyStatus.STEPPED_UP,
                                        level=4, reason=ClosureReason.STEPPED_UP,
                                        note="Stepped up after a review meeting"))
        elif state in CLOSURE_REASONS:
            # Stepped down to universal services: level 1, what every family has.
            closing = 1 if state == "CLOSED_TO_UNIVERSAL" else max(1, level - 1)
            history.append(StatusChange(on=story.meetings[-1], status=FamilyStatus.CLOSED,
                                        level=closing, reason=CLOSURE_REASONS[state]))
        return history


def _close_at_level(meetings: list[TacMeeting], history: list[StatusChange]) -> None:
    """The closure meeting closed the family at the level its history records."""
    if meetings and history and history[-1].status is FamilyStatus.CLOSED:
        meetings[-1] = meetings[-1].model_copy(update={"closing_level": history[-1].level})


def _setting(age: int, nursery: Agency, primary: Agency, secondary: Agency) -> str:
    if age < 2:
        return ""
    if age < 4:
        return nursery.name
    if age < 11:
        return primary.name
    if age < 16:
        return secondary.name
    return f"{names.BOROUGH} College"


def _address(rng: random.Random) -> tuple[str, str]:
    town, district = rng.choice(names.TOWNS)
    street = f"{rng.choice(names.STREET_NAMES)} {rng.choice(names.STREET_KINDS)}"
    if rng.random() < 0.2:
        line = f"Flat {rng.randint(1, 24)}, {rng.choice(names.FLAT_BLOCKS)}, {street}"
    else:
        line = f"{rng.randint(1, 180)} {street}"
    letters = names.INWARD_LETTERS
    inward = f"{rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    return f"{line}, {town}", f"{district} {inward}"
