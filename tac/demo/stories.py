"""The worries that bring demo families to early help, told in plain words.

Each `Concern` ties together what a referrer says, what the chronology shows, the Signs
of Safety items a meeting would write, the danger statement and its safety goal, and
the actions a plan would agree, so one demo family reads as one story. The text uses
`{child}`, `{parent}` and `{school}`, filled in for each family.
"""

from __future__ import annotations

from dataclasses import dataclass

from tac.models import AgencyKind, EventKind, NeedDomain, Significance

# Who owns an action: the family's parent, the lead professional, or someone from an
# agency of this kind.
PARENT = "parent"
LEAD = "lead"
Owner = str | AgencyKind


@dataclass(frozen=True)
class Concern:
    label: str
    domain: NeedDomain
    referrer: AgencyKind
    referral: str
    events: tuple[tuple[EventKind, AgencyKind, str, Significance], ...]
    past_harm: str
    future_danger: str
    complicating: str
    strengths: tuple[str, ...]
    next_steps: tuple[str, ...]
    danger: str
    goal: str
    actions: tuple[tuple[Owner, str, str], ...]
    family_voice: str
    partners: tuple[AgencyKind, ...]
    ages: tuple[int, int]
    """How old the child at the centre of the worry can be."""
    signpost: str = "Brookfield Family Hub parenting group"
    """The local service (by its name in tac/demo/services.py) screening signposts a family
    with this worry alone to."""
    baby: bool = False
    interpreter: bool = False
    lone_parent: bool = False


E, S = EventKind, Significance
K = AgencyKind

CONCERNS: tuple[Concern, ...] = (
    Concern(
        label="school attendance",
        domain=NeedDomain.EDUCATION,
        referrer=K.SCHOOL,
        referral="{child}'s attendance has fallen to 78% this term and {child} is often "
        "late. {parent} says mornings are a struggle. School have tried a support plan.",
        events=(
            (E.SCHOOL_ATTENDANCE, K.SCHOOL, "Attendance at 84% for the autumn term; "
             "letter sent home.", S.LOW),
            (E.SCHOOL_ATTENDANCE, K.SCHOOL, "Attendance fell to 78%; meeting with {parent} "
             "about an attendance support plan.", S.MEDIUM),
            (E.SCHOOL_EXCLUSION, K.SCHOOL, "{child} excluded for one day after throwing a "
             "chair in class.", S.MEDIUM),
        ),
        past_harm="{child} has missed 26 days of school since September and is behind "
        "with reading.",
        future_danger="If {child} keeps missing school, {child} will fall further behind "
        "and lose friendships.",
        complicating="{parent} works early shifts and the younger children need taking "
        "to nursery first.",
        strengths=(
            "{child} has a good relationship with the teaching assistant and likes art.",
            "{parent} answers the school's calls and wants {child} to do well.",
        ),
        next_steps=(
            "A morning routine the whole family agrees, written up and put on the fridge.",
            "School to offer a soft start in the nurture room for four weeks.",
        ),
        danger="School and {parent} are worried that {child} is missing so much school "
        "that {child} will not be able to read well or keep friends.",
        goal="{child} will be in school by 8:45 every day, and {parent} will tell school "
        "the same morning if {child} is unwell.",
        actions=(
            (PARENT, "{parent} will set two alarms and get {child} to the breakfast club "
             "by 8:15 each school day.", "{child}'s attendance is above 92% by the review."),
            (K.SCHOOL, "School will check in with {child} in the nurture room each morning.",
             "{child} says mornings at school feel easier."),
            (LEAD, "Apply for a free breakfast club place for {child}.",
             "{child} has a breakfast club place."),
        ),
        family_voice="{parent}: \"I know it's not good enough. Mornings are chaos with "
        "three of them and I don't have anyone to help.\"",
        partners=(K.SCHOOL, K.SCHOOL_NURSING),
        signpost="Brookfield Family Hub parenting group",
        ages=(5, 15),
    ),
    Concern(
        label="domestic abuse",
        domain=NeedDomain.DOMESTIC_ABUSE,
        referrer=K.POLICE,
        referral="Police attended a verbal argument at the home; the children were in "
        "the house. {parent} has separated from her partner but he still visits.",
        events=(
            (E.DOMESTIC_ABUSE_INCIDENT, K.POLICE, "Police called by a neighbour to a "
             "loud argument; no arrests; children upstairs.", S.HIGH),
            (E.POLICE_CALL_OUT, K.POLICE, "Second call-out in three months; ex-partner "
             "had left before officers arrived.", S.HIGH),
            (E.HEALTH_APPOINTMENT, K.GP, "{parent} told the GP she is not sleeping and "
             "feels on edge.", S.MEDIUM),
        ),
        past_harm="The children heard shouting and a door being broken on two "
        "occasions this year.",
        future_danger="If arguments carry on in front of them, the children may be hurt "
        "or be too frightened to sleep.",
        complicating="{parent}'s ex-partner still has a key to the house.",
        strengths=(
            "{parent} called the police herself on the second occasion to keep the "
            "children safe.",
            "The children's grandmother lives nearby and they can stay with her.",
        ),
        next_steps=(
            "{parent} to meet the domestic abuse outreach worker and make a safety plan.",
            "Change the locks and agree how contact with the children's father happens.",
        ),
        danger="Police and school are worried that if {parent}'s ex-partner comes to the "
        "house angry, the children could be hurt or see their mum hurt.",
        goal="{parent} will keep a safety plan the children know, and contact will only "
        "happen at grandmother's house.",
        actions=(
            (K.VOLUNTARY, "The outreach worker will meet {parent} and make a safety plan.",
             "{parent} has a written safety plan and knows who to call."),
            (K.HOUSING, "Housing will change the locks on the front and back doors.",
             "The locks are changed and only {parent} has keys."),
            (PARENT, "{parent} will go through the safety plan with {child} in words "
             "{child} understands.", "{child} can say what to do if there is shouting."),
        ),
        family_voice="{parent}: \"I've ended it. I just want the kids to feel safe at "
        "home and not keep waking up.\"",
        partners=(K.POLICE, K.VOLUNTARY, K.SCHOOL),
        signpost="Safe Haven Domestic Abuse Service helpline",
        lone_parent=True,
        ages=(0, 15),
    ),
    Concern(
        label="parental mental health",
        domain=NeedDomain.MENTAL_HEALTH,
        referrer=K.HEALTH_VISITING,
        referral="{parent} has low mood since the baby was born, is finding it hard to "
        "get out of bed and has stopped going to baby groups.",
        events=(
            (E.BIRTH, K.HOSPITAL, "Baby born at Castlebridge General; a long labour.",
             S.LOW),
            (E.HEALTH_APPOINTMENT, K.HEALTH_VISITING, "Six to eight week check: {parent}'s "
             "mood score raised concern; GP appointment advised.", S.MEDIUM),
            (E.HEALTH_APPOINTMENT, K.GP, "{parent} started on antidepressants; follow-up in "
             "four weeks.", S.MEDIUM),
        ),
        past_harm="Twice last month {child} was not collected from school on time.",
        future_danger="If {parent}'s mood stays low, the children may miss meals and "
        "appointments and feel they have to look after her.",
        complicating="{parent} has no family nearby and her partner works away.",
        strengths=(
            "{parent} went to the GP herself and is taking her medication.",
            "The children are warm, clean and well fed, and love their baby sister.",
        ),
        next_steps=(
            "{parent} to be referred to Talking Therapies.",
            "A weekly visit from a Family Friends volunteer.",
        ),
        danger="The health visitor is worried that when {parent} feels very low she "
        "cannot get the children to school or keep the baby's appointments.",
        goal="{parent} will have a plan for bad days, with named people who will do the "
        "school run, and the baby will go to every check-up.",
        actions=(
            (PARENT, "{parent} will self-refer to Talking Therapies and go to the first "
             "appointment.", "{parent} has started therapy."),
            (K.HEALTH_VISITING, "The health visitor will visit every two weeks and check "
             "{parent}'s mood.", "Mood scores are improving at each visit."),
            (LEAD, "Find a volunteer befriender for {parent} through Family Friends.",
             "{parent} has a weekly visit and has been to one baby group."),
        ),
        family_voice="{parent}: \"Some days I can't face anything. I don't want the kids "
        "to see me like this.\"",
        partners=(K.HEALTH_VISITING, K.ADULT_MENTAL_HEALTH, K.GP),
        signpost="Talking Therapies self-referral",
        ages=(4, 11), baby=True,
    ),
    Concern(
        label="housing and money",
        domain=NeedDomain.HOUSING,
        referrer=K.HOUSING,
        referral="The family are two months behind with rent after a change to Universal "
        "Credit. The flat has damp and mould in the children's bedroom.",
        events=(
            (E.HOUSING_ARREARS, K.HOUSING, "Rent arrears of £1,140; notice seeking "
             "possession warning letter sent.", S.HIGH),
            (E.HOUSING_MOVE, K.HOUSING, "Family moved to a two-bedroom flat after "
             "temporary accommodation.", S.MEDIUM),
            (E.HEALTH_APPOINTMENT, K.GP, "{child} seen for a chesty cough for the third "
             "time this winter.", S.LOW),
        ),
        past_harm="The children have slept in a room with black mould since October.",
        future_danger="If the arrears are not paid, the family could lose their home.",
        complicating="{parent} is frightened of opening letters and some are unopened.",
        strengths=(
            "{parent} has kept every appointment with the housing officer.",
            "The children are settled at school and have friends on the estate.",
        ),
        next_steps=(
            "A money advice appointment to check the family's benefits.",
            "A repair visit to treat the mould.",
        ),
        danger="Housing is worried that the family will be evicted and the children will "
        "have to move school again.",
        goal="{parent} will pay the agreed amount towards the arrears every month and the "
        "children will sleep in a dry, warm room.",
        actions=(
            (K.HOUSING, "Housing will inspect and treat the mould in the children's "
             "bedroom.", "The bedroom is dry and the mould has gone."),
            (PARENT, "{parent} will open post with the family support worker every week.",
             "No letters are left unopened."),
            (LEAD, "Book a benefits check with Citizens Advice.",
             "The family are getting everything they are entitled to."),
        ),
        family_voice="{parent}: \"We're doing our best. The mould makes the kids poorly "
        "and nobody's come to fix it.\"",
        partners=(K.HOUSING, K.SCHOOL),
        signpost="Citizens Advice Castlebridge (money and debt advice)",
        ages=(0, 15),
    ),
    Concern(
        label="emotional wellbeing and behaviour",
        domain=NeedDomain.CHILD_DEVELOPMENT,
        referrer=K.SCHOOL,
        referral="{child} has angry outbursts at school and at home, has hurt another "
        "child, and says nobody likes them. Parents are asking for help.",
        events=(
            (E.SCHOOL_EXCLUSION, K.SCHOOL, "{child} excluded for two days after hitting "
             "another pupil.", S.MEDIUM),
            (E.HEALTH_APPOINTMENT, K.GP, "GP referral to CAMHS for anxiety and anger.",
             S.MEDIUM),
            (E.OTHER, K.SCHOOL, "{child} moved to a reduced timetable for two weeks.",
             S.MEDIUM),
        ),
        past_harm="{child} has hit another child and broken a window at home.",
        future_danger="If {child} cannot manage anger, {child} may be permanently "
        "excluded and could get hurt.",
        complicating="{child} is waiting for a CAMHS assessment; the wait is 18 weeks.",
        strengths=(
            "{child} is kind to younger children and loves football.",
            "{parent} has already been on a parenting course and wants to learn more.",
        ),
        next_steps=(
            "An assessment of {child}'s needs by the SENCo.",
            "A calm-down plan the same at home and at school.",
        ),
        danger="School and {parent} are worried that when {child} is angry {child} hurts "
        "people, and could be excluded from school for good.",
        goal="{child} will use the calm-down plan at home and school, and adults will "
        "respond the same way each time.",
        actions=(
            (K.SCHOOL, "The SENCo will assess {child} and write a support plan.",
             "{child} has a support plan in school."),
            (K.CAMHS, "CAMHS will offer {child} a first appointment.",
             "{child} has been seen by CAMHS."),
            (PARENT, "{parent} will use the same calm-down words as school.",
             "Fewer outbursts at home, recorded on a chart."),
        ),
        family_voice="{parent}: \"{child} isn't a bad kid. Something's wrong and we "
        "don't know how to help.\"",
        partners=(K.SCHOOL, K.CAMHS),
        signpost="Online counselling for young people",
        ages=(6, 15),
    ),
    Concern(
        label="parental drug and alcohol use",
        domain=NeedDomain.SUBSTANCE_USE,
        referrer=K.SUBSTANCE_MISUSE,
        referral="{parent} has been drinking heavily since a bereavement. School have "
        "smelt alcohol at pick-up twice.",
        events=(
            (E.BEREAVEMENT, K.OTHER, "{parent}'s mother died suddenly.", S.MEDIUM),
            (E.OTHER, K.SCHOOL, "Staff noticed {parent} smelt of alcohol at pick-up.",
             S.HIGH),
            (E.HOSPITAL_VISIT, K.HOSPITAL, "{parent} attended A&E after a fall while "
             "drunk.", S.HIGH),
        ),
        past_harm="{child} was left waiting at school for an hour when {parent} was "
        "drunk.",
        future_danger="If {parent} keeps drinking, the children could be left "
        "unsupervised or in a car with a drunk driver.",
        complicating="{parent} is grieving and says drinking is the only thing that "
        "helps her sleep.",
        strengths=(
            "{parent} has agreed to see the recovery service and has cut down.",
            "The children's uncle collects them when {parent} cannot.",
        ),
        next_steps=(
            "{parent} to attend the recovery service each week.",
            "A back-up plan for school pick-ups on bad days.",
        ),
        danger="School is worried that when {parent} drinks she cannot keep the children "
        "safe, and they could be left alone or hurt.",
        goal="{parent} will stay sober when caring for the children, and another adult "
        "will step in whenever she has been drinking.",
        actions=(
            (K.SUBSTANCE_MISUSE, "The recovery worker will see {parent} weekly.",
             "{parent} is attending and her drinking diary shows less drinking."),
            (PARENT, "{parent} will give school her brother's number for pick-ups.",
             "School has the number and has used it when needed."),
            (LEAD, "Arrange bereavement support for {parent}.",
             "{parent} has a bereavement counsellor."),
        ),
        family_voice="{parent}: \"Since Mum died I've not coped. I'm ashamed and I want "
        "to stop.\"",
        partners=(K.SUBSTANCE_MISUSE, K.SCHOOL, K.GP),
        signpost="Pathways Recovery Service drop-in",
        ages=(4, 14),
    ),
    Concern(
        label="home conditions and routines",
        domain=NeedDomain.PARENTING_CAPACITY,
        referrer=K.HEALTH_VISITING,
        referral="The home is cluttered and dirty, the children's clothes are often "
        "unwashed and the youngest has missed two health checks.",
        events=(
            (E.HEALTH_APPOINTMENT, K.HEALTH_VISITING, "Missed the two-year review; second "
             "appointment offered.", S.MEDIUM),
            (E.OTHER, K.SCHOOL, "{child} came to school in the same clothes all week and "
             "was hungry.", S.MEDIUM),
            (E.HEALTH_APPOINTMENT, K.GP, "Dental decay found; {child} needs two teeth "
             "taken out.", S.MEDIUM),
        ),
        past_harm="{child} has had four teeth taken out because of decay.",
        future_danger="If bedtimes, meals and washing don't happen, the children will be "
        "ill more often and picked on at school.",
        complicating="{parent} has a learning difficulty and finds letters hard to read.",
        strengths=(
            "The children are affectionate with {parent} and she plays with them every "
            "day.",
            "{parent} has asked for help with a routine.",
        ),
        next_steps=(
            "A picture routine for mornings and bedtimes.",
            "Help to sort out the washing machine and the bedrooms.",
        ),
        danger="The health visitor and school are worried that the children's health and "
        "teeth will get worse because meals, teeth brushing and bedtimes don't happen.",
        goal="The children will brush their teeth twice a day, be in bed by 7:30 and have "
        "clean clothes each morning.",
        actions=(
            (LEAD, "Make a picture routine with {parent} and the children.",
             "The routine is on the wall and used most days."),
            (PARENT, "{parent} will take {child} to every dental appointment.",
             "No missed dental appointments."),
            (K.HEALTH_VISITING, "The health visitor will complete the missed two-year "
             "review at home.", "The review is done."),
        ),
        family_voice="{parent}: \"It gets on top of me. If someone showed me a routine "
        "I'd stick to it.\"",
        partners=(K.HEALTH_VISITING, K.SCHOOL),
        signpost="Family Hub stay and play sessions",
        ages=(3, 10),
    ),
    Concern(
        label="caring for a parent",
        domain=NeedDomain.HEALTH,
        referrer=K.SCHOOL,
        referral="{child} looks after {parent}, who has MS, and younger siblings. "
        "{child} is tired in class and has stopped seeing friends.",
        events=(
            (E.HOSPITAL_VISIT, K.HOSPITAL, "{parent} admitted for a week with a relapse.",
             S.HIGH),
            (E.SCHOOL_ATTENDANCE, K.SCHOOL, "{child} late eleven times this half term.",
             S.LOW),
        ),
        past_harm="{child} stayed home for a week to look after {parent} when she was "
        "unwell.",
        future_danger="If nothing changes, {child} will keep missing school and be worn "
        "out.",
        complicating="There is no adult social care package yet.",
        strengths=(
            "{child} is proud of helping and the family are close.",
            "{parent} is open about her illness and wants {child} to have a childhood.",
        ),
        next_steps=(
            "A young carers assessment for {child}.",
            "An adult social care assessment for {parent}.",
        ),
        danger="School is worried that {child} is doing so much caring that {child} is "
        "missing out on school and friends.",
        goal="{child} will go to the young carers club every week and an adult will do "
        "the heavy caring tasks.",
        actions=(
            (K.VOLUNTARY, "The young carers worker will assess {child}.",
             "{child} has a young carers card and a club place."),
            (LEAD, "Refer {parent} to adult social care for an assessment.",
             "{parent} has a care package."),
            (K.SCHOOL, "School will give {child} a quiet place to do homework at lunch.",
             "{child}'s homework is handed in on time."),
        ),
        family_voice="{parent}: \"I hate that {child} has to do so much. We need help in "
        "the house.\"",
        partners=(K.SCHOOL, K.VOLUNTARY, K.SCHOOL_NURSING),
        signpost="Castlebridge Young Carers drop-in",
        ages=(9, 16),
    ),
    Concern(
        label="anti-social behaviour",
        domain=NeedDomain.CRIME,
        referrer=K.POLICE,
        referral="{child} was found with older teenagers at 1am in the park; police "
        "returned {child} home. There are worries about exploitation.",
        events=(
            (E.POLICE_CALL_OUT, K.POLICE, "{child} reported missing overnight; found at "
             "a friend's house the next day.", S.HIGH),
            (E.POLICE_CALL_OUT, K.POLICE, "{child} stopped with a group of older teenagers "
             "near the shops late at night.", S.MEDIUM),
            (E.SCHOOL_EXCLUSION, K.SCHOOL, "Fixed-term exclusion for vaping and "
             "truancy.", S.MEDIUM),
        ),
        past_harm="{child} has been out late at night three times and was missing once.",
        future_danger="If {child} keeps spending time with older boys, {child} could be "
        "drawn into carrying drugs or be hurt.",
        complicating="{child} has a new phone nobody bought and won't say where it came "
        "from.",
        strengths=(
            "{child} is close to the grandparents and listens to them.",
            "{child} is good at boxing and has been asked back to the club.",
        ),
        next_steps=(
            "A youth worker to get to know {child}.",
            "Parents to agree a curfew and what happens if {child} breaks it.",
        ),
        danger="Police and parents are worried that {child} is being drawn in by older "
        "young people and could be exploited or hurt.",
        goal="{child} will be home by 9pm, answer the phone when parents call, and go to "
        "boxing twice a week.",
        actions=(
            (K.OTHER, "The youth worker will meet {child} each week.",
             "{child} keeps the meetings."),
            (PARENT, "{parent} will report {child} missing if not home by 10pm.",
             "Every missing episode is reported."),
            (LEAD, "Pay for {child}'s boxing club membership from the family fund.",
             "{child} is going twice a week."),
        ),
        family_voice="{parent}: \"We've lost control. {child} won't listen to us "
        "anymore.\"",
        partners=(K.POLICE, K.SCHOOL, K.OTHER),
        signpost="Castlebridge Youth Service open sessions",
        ages=(12, 16),
    ),
    Concern(
        label="isolation after a move",
        domain=NeedDomain.ISOLATION,
        referrer=K.EARLY_YEARS,
        referral="The family moved here six months ago and know nobody. {parent} speaks "
        "little English and has not registered the children with a dentist.",
        events=(
            (E.HOUSING_MOVE, K.HOUSING, "Family moved into the borough from another "
             "area.", S.LOW),
            (E.HEALTH_APPOINTMENT, K.GP, "Children registered with the GP; vaccinations "
             "behind.", S.LOW),
        ),
        past_harm="The children have missed their vaccinations since the move.",
        future_danger="If the family stay isolated, the children will not get the health "
        "care and play they need.",
        complicating="{parent} needs an interpreter for appointments.",
        strengths=(
            "{parent} is a loving parent and the home is clean and warm.",
            "{child} has settled at nursery and is picking up English quickly.",
        ),
        next_steps=(
            "Catch-up vaccinations at the GP with an interpreter booked.",
            "An introduction to the family hub stay and play group.",
        ),
        danger="Nursery is worried that the children are missing health care because the "
        "family do not know how services work here.",
        goal="The children will be up to date with their vaccinations and the family will "
        "go to a group each week.",
        actions=(
            (K.GP, "The practice nurse will give the catch-up vaccinations.",
             "The children's vaccinations are up to date."),
            (LEAD, "Take {parent} to the family hub stay and play session.",
             "{parent} goes on her own each week."),
            (PARENT, "{parent} will register the children with a dentist.",
             "The children have a dentist."),
        ),
        family_voice="{parent} (through an interpreter): \"We are alone here. I want my "
        "children to have friends.\"",
        partners=(K.EARLY_YEARS, K.HEALTH_VISITING, K.GP),
        signpost="Family Friends volunteer befriending",
        ages=(2, 3), interpreter=True,
    ),
)

# What children say in the Three Houses; any child may say any of these.
CHILD_WORRIES = (
    "When Mum and Dad shout.", "When there's no food in the cupboard.",
    "Being left out at playtime.", "When Mum is sad and stays in bed.",
    "The mould in my bedroom.", "Getting told off at school.",
    "When I have to go to school and Mum is poorly.", "The big boys at the park.",
)
CHILD_GOOD_THINGS = (
    "Playing football with my brother.", "My dog, Biscuit.", "Going to Nan's house.",
    "Art club on Thursdays.", "Swimming with Dad.", "My best friend.",
    "When we have pizza on Friday.", "My teacher.",
)
CHILD_DREAMS = (
    "Mum and Dad being happy.", "Having my own bedroom.", "Going to the seaside.",
    "Being a vet.", "Playing for Castlebridge Town.", "Having friends round for tea.",
    "Nobody shouting.", "A trip to the zoo.",
)

# Progress notes the lead professional writes about someone else's action...
PROGRESS = (
    "Phoned {owner} to check how it is going; some progress.",
    "Appointment booked; {owner} confirmed it in writing.",
    "{owner} says this is under way.",
    "Discussed at home visit; {parent} pleased with how it is going.",
    "Reminder sent to {owner}.",
    "Partly done; the rest is planned for next week.",
)
# ...and about their own.
OWN_PROGRESS = (
    "Made the referral; waiting to hear back.",
    "Discussed at home visit; {parent} pleased with how it is going.",
    "Chased by phone; a date is now booked.",
    "Partly done; the rest is planned for next week.",
)

APOLOGY_UPDATES = (
    "Sent apologies and a written update: things are steady and no new concerns.",
    "Sent apologies; written update read out by the chair.",
    "Sent apologies: on leave. Will send an update by email.",
)

PROFESSIONAL_UPDATES = (
    "Things are better than at the last meeting.",
    "Some progress, but the same worries remain.",
    "No new concerns from our service.",
    "Good engagement with the family since we last met.",
)

RATIONALES = {
    "no_further_action": "The concern about {label} has been resolved by the referrer "
    "and the family. No further action; the referrer is to tell the family.",
    "signposting": "A single need ({label}) that a universal service can meet. "
    "{parent} agreed to contact the service named.",
    "early_help_tac": "Needs around {label} across more than one area; {parent} agrees "
    "to early help. A team around the child will agree a plan.",
    "step_up": "Concerns about {label} meet the threshold for a social work "
    "assessment. Passed to the children's social care front door the same day.",
    "more_information": "Not enough is known about {label}. The allocated worker will "
    "speak to school and the GP and bring the referral back next week.",
}

# What the family says at a review, by which way things are going.
REVIEW_VOICES = {
    "improving": (
        "{parent}: \"Things are calmer at home. The routine is really helping.\"",
        "{parent}: \"I feel listened to this time. The kids have noticed the difference.\"",
        "{parent}: \"We've had a good few weeks. I want to keep it going.\"",
    ),
    "steady": (
        "{parent}: \"Some weeks are better than others. We're trying.\"",
        "{parent}: \"Not much has changed. I'm still waiting to hear back about help.\"",
    ),
    "worsening": (
        "{parent}: \"It's been a really hard few weeks. I don't feel things are getting "
        "better.\"",
        "{parent}: \"I'm fed up of meetings. Nobody has done what they said.\"",
    ),
}

SCALING_REASONS = {
    "low": (
        "The same worries are still there and nothing has changed yet.",
        "I am worried things are getting worse at home.",
        "Too many actions have not happened.",
    ),
    "middle": (
        "Some good changes, but the routine slips when things get hard.",
        "Better than last time; we need to see it last.",
        "The family are working with us, but the main worry is still there.",
    ),
    "high": (
        "The plan is working and the children say home feels calmer.",
        "Everything agreed has been done and school see the difference.",
        "I would be happy for the plan to close soon.",
    ),
}

# A step up to children's social care: why, from a review that found things worse, and
# the chair's or manager's missed-opportunity reflection (earlier signs; what sooner).
STEP_UP_REASONS = (
    "Scaling has fallen at every review and the worries about {label} are now serious: "
    "{child} told school that things at home frighten them. The meeting agreed the "
    "threshold for a social work assessment is met.",
    "Actions on {label} have not happened for two reviews and {parent} has stopped "
    "engaging. A further incident this month means {child} needs a statutory assessment.",
)

STEP_UP_TEAMS = (
    "Castlebridge Children's Social Care, Duty and Assessment Team",
    "Castlebridge Children's Social Care, Family Safeguarding Team",
)

OVERSIGHT_NOTES = (
    ("Read the plan and the last minutes: actions are on track and {parent} is engaging.",
     "Keep the review date; the lead to check the school's view before it."),
    ("Two actions have been carried over twice and the scaling has not moved.",
     "The lead to agree smaller steps with {parent} this week and bring the review forward."),
    ("{child}'s voice is missing from the last two meetings.",
     "Gather {child}'s Three Houses before the next review and bring them to it."),
)
"""What a manager found on a family's file, and the direction they gave."""

REFLECTIONS = (
    ("School logged {child}'s lateness and low mood for a term before the referral; the "
     "health visitor's worries about {parent} were not shared with the plan.",
     "A multi-agency conversation when school first noticed the change; asking {parent} "
     "about support at home at the first review rather than the third."),
    ("Two police call-outs were recorded before early help heard of them; {child}'s "
     "attendance had been falling since the autumn.",
     "Bringing the review forward after the first call-out; a consultation with the social "
     "care front door when scores first fell."),
    ("",  # a reflection can name what could have been sooner without the earlier signs
     "A step up could have been considered a review earlier, when {parent} first missed "
     "meetings."),
)
