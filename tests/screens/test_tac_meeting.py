"""The TAC meeting, driven by keys alone, read back from the store field by field."""

from __future__ import annotations

from datetime import date

import pytest

from screens.tac_meeting import TacMeetingScreen
from screens.widgets.action_review import ReviewList
from screens.widgets.due_date import NotAWorkingDayModal
from screens.widgets.meeting_finish_check import SecondMeetingModal
from tac.meetings.drafts import keep_draft, tac_meeting_draft_key
from tac.meetings.tac_meeting import finish_tac_meeting, open_tac_meeting, start_tac_meeting
from tac.models import (
    Action,
    ActionReview,
    ActionStatus,
    AttendanceStatus,
    ClosureReason,
    Column,
    Family,
    FamilyStatus,
    MeetingStatus,
    TacMeeting,
    TacMeetingKind,
    WorryCategory,
)
from tac.store import Store
from tests.screens.conftest import screen_text
from tests.screens.meeting_data import MeetingApp, choose, fill_store, settle


@pytest.fixture
def store(tmp_path):
    opened = Store.open(tmp_path / "tac.db", actor="Priya Shah")
    yield opened
    opened.close()


@pytest.fixture
def ids(store) -> dict[str, str]:
    return fill_store(store)


def meeting_app(store: Store, family_id: str, kind: TacMeetingKind | None = None) -> MeetingApp:
    return MeetingApp(store, lambda: TacMeetingScreen(family_id, kind))


def draft_key(family_id: str) -> str:
    """Where Priya's (the person at the keyboard's) meeting for the family is kept."""
    return tac_meeting_draft_key(family_id, "Priya Shah")


async def run_initial_meeting_up_to_scaling(pilot) -> None:
    """Attendance, consent, voices and the assessment of the Okoro family's first meeting."""
    await settle(pilot)
    # Attendance: Amara and Grace present; Hannah and Priya added; Sam sends apologies.
    await pilot.press("p", "p")
    await pilot.press("tab", "tab")
    await choose(pilot, "Hannah")
    await pilot.press("tab", "tab")
    await choose(pilot, "Priya")
    await pilot.press("tab", "tab")
    await choose(pilot, "Sam")
    await pilot.press("a", "u", *"Report sent by email", "enter")
    await pilot.press("shift+tab", *"Alex Brown")
    await pilot.press("pagedown")
    # Consent.
    await pilot.press("space", "pagedown")
    # Voices: the family's and Amara's three houses.
    await pilot.press(*"Grace wants to get out more", "tab")
    await pilot.press(*"Mum is sad", "tab", *"Bath time", "tab", *"Going to the park")
    await pilot.press("pagedown")
    # Review of actions: none for a first meeting.
    await pilot.press("pagedown")
    # Assessment: a worry (a complicating factor), a strength, two next steps reordered.
    await pilot.press("n", *"Grace has no one to talk to", "enter", "k", "k", "k")
    await pilot.press("right", "n", *"Grace never misses a health check", "enter")
    await pilot.press("right", "n", *"Baby group on Tuesdays", "enter")
    await pilot.press("n", *"GP review of Grace's mood", "enter", "shift+up")
    await pilot.press("pagedown")
    # Danger statement and a safety goal.
    await pilot.press("n", *"Hannah worries Amara's needs will be missed", "enter")
    await pilot.press("tab", "n", *"Grace will see a friend twice a week", "enter")
    await pilot.press("pagedown")
    await settle(pilot)


async def test_a_whole_initial_meeting_is_saved_field_by_field(store, ids):
    app = meeting_app(store, ids["okoro"])
    async with app.run_test(size=(100, 30)) as pilot:
        await run_initial_meeting_up_to_scaling(pilot)
        # Scaling by Grace, Hannah and Priya (Amara is a baby: no score).
        await pilot.press("tab", "tab", "6", "tab", *"Things are better", "tab")
        await pilot.press("4", "tab", *"Mood still low", "tab", "5", "tab", *"Early days")
        await pilot.press("pagedown")
        # Two actions.
        await pilot.press(*"Go to baby group on Tuesday", "tab")
        await choose(pilot, "Grace")
        await pilot.press("tab", *"24/03/2026", "tab", *"Grace says she went", "enter")
        await pilot.press(*"Book a GP appointment about mood", "tab")
        await choose(pilot, "Hannah")
        await pilot.press("tab", *"17/03/2026", "tab", *"Appointment date known", "enter")
        await pilot.press("pagedown")
        # Lead professional: Priya; the suggested next review date stays.
        await choose(pilot, "Priya")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

    [meeting] = store.tac_meetings(family_id=ids["okoro"])
    assert meeting.status is MeetingStatus.FINISHED
    assert meeting.kind is TacMeetingKind.INITIAL
    assert meeting.held_on == date(2026, 3, 10)
    assert meeting.chair_id == ids["priya"]
    assert meeting.minute_taker == "Alex Brown"
    attendance = {(a.professional_id or a.person_id): (a.status, a.update)
                  for a in meeting.attendance}
    assert attendance == {
        ids["amara"]: (AttendanceStatus.PRESENT, ""),
        ids["grace"]: (AttendanceStatus.PRESENT, ""),
        ids["hannah"]: (AttendanceStatus.PRESENT, ""),
        ids["priya"]: (AttendanceStatus.PRESENT, ""),
        ids["sam"]: (AttendanceStatus.APOLOGIES, "Report sent by email"),
    }
    assert meeting.consent_confirmed is True
    assert meeting.family_voice == "Grace wants to get out more"
    [voice] = meeting.child_voices
    assert (voice.person_id, voice.worries, voice.good_things, voice.dreams) == (
        ids["amara"], "Mum is sad", "Bath time", "Going to the park")
    assert [(i.column, i.category, i.text) for i in meeting.assessment] == [
        (Column.WORRIES, WorryCategory.COMPLICATING_FACTOR, "Grace has no one to talk to"),
        (Column.WORKING_WELL, None, "Grace never misses a health check"),
        (Column.NEXT_STEPS, None, "GP review of Grace's mood"),
        (Column.NEXT_STEPS, None, "Baby group on Tuesdays"),
    ]
    [statement] = meeting.danger_statements
    assert statement.text == "Hannah worries Amara's needs will be missed"
    [goal] = meeting.safety_goals
    assert (goal.text, goal.danger_statement_id) == (
        "Grace will see a friend twice a week", statement.id)
    scores = {(s.professional_id or s.person_id): (s.score, s.reason) for s in meeting.scaling}
    assert scores == {
        ids["grace"]: (6, "Things are better"),
        ids["hannah"]: (4, "Mood still low"),
        ids["priya"]: (5, "Early days"),
    }
    assert meeting.lead_professional_id == ids["priya"]
    assert meeting.next_review_on == date(2026, 4, 21)

    actions = sorted(store.actions(family_id=ids["okoro"]), key=lambda a: a.due_on)
    assert [(a.what, a.professional_id, a.person_id, a.due_on, a.success_measure,
             a.meeting_id, a.agreed_on) for a in actions] == [
        ("Book a GP appointment about mood", ids["hannah"], None, date(2026, 3, 17),
         "Appointment date known", meeting.id, date(2026, 3, 10)),
        ("Go to baby group on Tuesday", None, ids["grace"], date(2026, 3, 24),
         "Grace says she went", meeting.id, date(2026, 3, 10)),
    ]
    family = store.get(Family, ids["okoro"])
    assert family.lead_professional_id == ids["priya"]
    assert store.load_draft(draft_key(ids["okoro"])) is None


async def go_to_step(pilot, number: int) -> None:
    """PgDn from the first step to step `number` (1 is attendance)."""
    for _ in range(number - 1):
        await pilot.press("pagedown")
    await settle(pilot)


def title(app) -> str:
    return str(app.screen.query_one("#meeting-title").render())


def step_error(app) -> str:
    step = app.screen.steps[app.screen.step]
    return str(step.query_one(".field-error").render())


async def test_a_review_marks_last_plans_actions_and_shows_last_scores(store, ids):
    app = meeting_app(store, ids["walsh"])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Review" in title(app)
        await pilot.press("p", "p", "p", "a")  # Jayden, Kerry, Priya here; Sam sends apologies
        await go_to_step(pilot, 4)
        first, second = (a.id for a in app.screen.context.open_actions)
        await pilot.press("d", "down", "p", "u", *"Twice last week", "enter")
        await go_to_step(pilot, 4)  # on to scaling (step 7)
        assert "7/9 Scaling" in title(app)
        lasts = [str(label.render()).strip() for label in app.screen.query(".scaling-last")]
        assert lasts == ["–", "6", "4"]  # Jayden gave none; Kerry 6, Priya 4 last time
        await pilot.press("ctrl+s")
        await settle(pilot)
        missing = " ".join(str(label.render()) for label in app.screen.query(".missing"))
        assert "no new actions" in missing
        assert "no scaling scores" in missing
        await pilot.press("f")
        await settle(pilot)

    done = store.get(Action, first)
    assert (done.status, done.completed_on) == (ActionStatus.DONE, date(2026, 3, 10))
    assert done.progress[-1].text == "Reviewed at the TAC meeting: done."
    partly = store.get(Action, second)
    assert partly.status is ActionStatus.OPEN
    assert partly.progress[-1].text == "Reviewed at the TAC meeting: partly done. Twice last week"
    meeting = next(m for m in store.tac_meetings(family_id=ids["walsh"])
                   if m.held_on == date(2026, 3, 10))
    assert meeting.kind is TacMeetingKind.REVIEW
    assert [(r.action_id, r.outcome.value, r.note) for r in meeting.action_reviews] == [
        (first, "done", ""), (second, "partly", "Twice last week")]
    assert store.get(Family, ids["walsh"]).lead_professional_id == ids["priya"]


async def test_a_score_of_eleven_shows_the_models_message(store, ids):
    app = meeting_app(store, ids["walsh"])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("p", "p", "p")
        await go_to_step(pilot, 7)
        await pilot.press("1", "1", "pagedown")
        assert "7/9 Scaling" in title(app)
        assert step_error(app) == "Jayden Walsh's score: Input should be less than or equal to 10"
        await pilot.press("backspace", "pagedown")
        assert "8/9 New actions" in title(app)


async def test_an_action_with_a_bad_date_is_not_added(store, ids):
    app = meeting_app(store, ids["walsh"])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await go_to_step(pilot, 8)
        await pilot.press(*"Keep the chart up", "tab")
        await choose(pilot, "Kerry")
        await pilot.press("tab", *"31/02/2026", "enter")
        assert step_error(app) == "by when: 31/02/2026 is not a real date (DD/MM/YYYY)"
        await pilot.press(*["backspace"] * 10, *"03/03/2026", "enter")
        assert step_error(app) == "by when: is before the meeting that agreed it"
        assert app.screen.steps[7].actions == []


async def test_assessment_items_are_edited_and_moved_by_keyboard(store, ids):
    app = meeting_app(store, ids["walsh"], TacMeetingKind.REVIEW)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await go_to_step(pilot, 5)
        await pilot.press("n", *"Late", "enter", "n", *"Shouting", "enter")
        await pilot.press("shift+up")  # Shouting above Late
        await pilot.press("k", "k")  # a future danger
        await pilot.press("down", "shift+right", "shift+right")  # Late to what needs to happen
        await pilot.press("e", "ctrl+u", *"Breakfast club", "enter")
        await pilot.press("left", "n", *"Kerry walks him", "enter", "shift+up")
        await pilot.press("left", "n", *"Oops", "enter", "x")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
    meeting = next(m for m in store.tac_meetings(family_id=ids["walsh"])
                   if m.held_on == date(2026, 3, 10))
    assert [(i.column, i.category, i.text) for i in meeting.assessment] == [
        (Column.WORRIES, None, "Jayden is late most days"),  # carried from the first meeting
        (Column.WORRIES, WorryCategory.FUTURE_DANGER, "Shouting"),
        (Column.NEXT_STEPS, None, "Breakfast club"),
        (Column.WORKING_WELL, None, "Kerry walks him"),
    ]


async def test_a_meeting_torn_down_mid_way_is_resumed_exactly_and_finished(store, ids):
    app = meeting_app(store, ids["okoro"])
    async with app.run_test(size=(100, 30)) as pilot:
        await run_initial_meeting_up_to_scaling(pilot)
        await pilot.press("tab", "tab", "6", "tab", *"Better")
        await pilot.pause(1.5)  # the draft is written within two seconds of typing
        await settle(pilot)
    # Torn down without finishing: no meeting saved, only the draft.
    assert store.tac_meetings(family_id=ids["okoro"]) == []
    assert store.load_draft(draft_key(ids["okoro"])) is not None

    again = meeting_app(store, ids["okoro"])
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert "7/9 Scaling" in title(again)
        slug = f"person-{ids['grace']}"
        assert again.screen.query_one(f"#score-{slug}").value == "6"
        assert again.screen.query_one(f"#reason-{slug}").value == "Better"
        assert again.focused is again.screen.query_one(f"#reason-{slug}")
        await pilot.press("pagedown", *"Go to baby group", "tab")
        await choose(pilot, "Grace")
        await pilot.press("tab", *"24/03/2026", "enter", "pagedown")
        await choose(pilot, "Hannah")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

    [meeting] = store.tac_meetings(family_id=ids["okoro"])
    assert meeting.minute_taker == "Alex Brown"
    assert meeting.family_voice == "Grace wants to get out more"
    assert len(meeting.assessment) == 4
    assert [(s.person_id, s.score, s.reason) for s in meeting.scaling] == [
        (ids["grace"], 6, "Better")]
    assert meeting.lead_professional_id == ids["hannah"]
    [action] = store.actions(family_id=ids["okoro"])
    assert (action.what, action.person_id) == ("Go to baby group", ids["grace"])
    assert store.load_draft(draft_key(ids["okoro"])) is None


async def test_a_closure_stepped_down_to_universal_services_closes_the_family(store, ids):
    app = meeting_app(store, ids["walsh"], TacMeetingKind.CLOSURE)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("p", "p", "p")
        await go_to_step(pilot, 9)
        assert title(app).endswith("9/9 Closing early help")
        shown = screen_text(app)
        assert "Early help closes with this meeting: Priya Shah's term as lead" in shown
        assert "Next review" not in shown and "Lead " not in shown
        await choose(pilot, "Stepped down")
        assert "Moved to" not in screen_text(app), "asked only for a family that moved"
        await pilot.press("tab")
        await choose(pilot, "1: Universal")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert step_error(app).startswith("closing summary: say in plain words")
        assert store.get(Family, ids["walsh"]).is_open, "nothing saved yet"
        app.screen.query_one("#closing-summary").focus()
        await pilot.press(*"Jayden is on time and Kerry has a plan for mornings")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
    family = store.get(Family, ids["walsh"])
    assert (family.status, family.level, family.lead_professional_id) == (
        FamilyStatus.CLOSED, 1, None)
    assert family.status_history[-1].reason is ClosureReason.STEPPED_DOWN_TO_UNIVERSAL
    assert family.lead_professionals[-1].ended_on == date(2026, 3, 10)
    meeting = next(m for m in store.tac_meetings(family_id=ids["walsh"])
                   if m.held_on == date(2026, 3, 10))
    assert (meeting.kind, meeting.closure_reason, meeting.closing_level,
            meeting.closing_summary, meeting.next_review_on, meeting.lead_professional_id) == (
        TacMeetingKind.CLOSURE, ClosureReason.STEPPED_DOWN_TO_UNIVERSAL, 1,
        "Jayden is on time and Kerry has a plan for mornings", None, ids["priya"])
    assert store.load_draft(draft_key(ids["walsh"])) is None


async def test_a_family_that_moved_is_asked_where_to(store, ids):
    app = meeting_app(store, ids["walsh"], TacMeetingKind.CLOSURE)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await go_to_step(pilot, 9)
        await choose(pilot, "Moved")
        await pilot.press("tab", *"Tameside Council")
        await pilot.press("tab", "tab", *"The family moved; the plan went with them.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
    family = store.get(Family, ids["walsh"])
    assert family.status_history[-1].note == "Closed at the TAC meeting: moved to Tameside Council"
    assert family.level == 2, "the closing level starts as the family's level"


async def test_opening_a_meeting_and_leaving_untouched_keeps_no_draft(store, ids):
    app = meeting_app(store, ids["walsh"])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.pause(1.5)
        await pilot.press("escape")
        await settle(pilot)
    assert store.load_draft(draft_key(ids["walsh"])) is None


async def test_starting_again_discards_the_kept_draft(store, ids):
    kept = start_tac_meeting(open_tac_meeting(store, ids["walsh"]), date(2026, 3, 10), 6)
    keep_draft(store, draft_key(ids["walsh"]), kept.model_copy(update={"step": 4}))
    app = meeting_app(store, ids["walsh"])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert "1/9 Attendance" in title(app)
    assert store.load_draft(draft_key(ids["walsh"])) is None


async def test_the_app_opens_a_tac_meeting_for_a_demo_family(app_factory, demo_store):
    family = next(f for f in demo_store.families() if f.is_open)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.action_open_tac_meeting(family.id)
        await settle(pilot)
        assert isinstance(app.screen, TacMeetingScreen)
        assert title(app).startswith(family.display_name())
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, TacMeetingScreen)


async def test_escape_in_a_note_drops_the_note_not_the_meeting(store, ids):
    app = meeting_app(store, ids["walsh"])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("u", *"Half a thought", "escape")
        assert isinstance(app.screen, TacMeetingScreen)
        assert app.focused is app.screen.query_one("#attendance-list")
        await go_to_step(pilot, 5)
        await pilot.press("n", *"Never mind", "escape")
        assert isinstance(app.screen, TacMeetingScreen)
        # Only the worry carried from the first meeting: nothing was added.
        assert [i.text for i in app.screen.steps[4].items] == ["Jayden is late most days"]


async def test_what_was_typed_just_before_leaving_is_kept(store, ids):
    app = meeting_app(store, ids["walsh"])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.pause(0.5)
        await pilot.press("p", "escape")  # well within the second between draft writes
        await settle(pilot)
    draft = store.load_draft(draft_key(ids["walsh"]))
    assert draft["attendance"][0]["status"] == "present"


async def test_a_danger_statement_keeps_the_familys_view_and_a_goal_its_own_scale(store, ids):
    app = meeting_app(store, ids["walsh"])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("p", "p", "p")
        await go_to_step(pilot, 6)
        await pilot.press("n", *"School fears Jayden falls behind", "enter")
        await pilot.press("f", *"Kerry says mornings are fine", "enter")
        await pilot.press("tab", "n", *"Jayden in by 8:50", "enter", "s", "1", "2", "enter")
        assert step_error(app) == (
            "safety goal score: Input should be less than or equal to 10")
        await pilot.press("ctrl+u", "6", "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
    meeting = next(m for m in store.tac_meetings(family_id=ids["walsh"])
                   if m.held_on == date(2026, 3, 10))
    [statement] = meeting.danger_statements
    assert (statement.text, statement.family_disagrees) == (
        "School fears Jayden falls behind", "Kerry says mornings are fine")
    [goal] = meeting.safety_goals
    assert (goal.text, goal.danger_statement_id, goal.score) == (
        "Jayden in by 8:50", statement.id, 6)


def at_another_terminal(tmp_path, actor: str = "Sam Okafor") -> Store:
    """Someone else using the same database file."""
    return Store.open(tmp_path / "tac.db", actor=actor)


async def test_a_finish_refused_for_someone_elses_change_is_shown_and_the_draft_kept(
    store, ids, tmp_path
):
    app = meeting_app(store, ids["walsh"])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("p", "p", "p")
        await go_to_step(pilot, 3)
        await pilot.press(*"Mornings are calmer")
        # Meanwhile Sam, at another terminal, corrects the family's address.
        sam = at_another_terminal(tmp_path)
        family = sam.get(Family, ids["walsh"])
        family.address = "14 Mill Lane, Stockport"
        sam.save(family)
        sam.close()
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, TacMeetingScreen)
        assert step_error(app).startswith(
            "Not saved: The family record (EH-2026-0042) was changed by Sam Okafor at ")
        assert "What you typed is kept" in step_error(app)
        assert not app.screen.saving

    assert [m.held_on for m in store.tac_meetings(family_id=ids["walsh"])] == [date(2026, 2, 10)]
    draft = store.load_draft(draft_key(ids["walsh"]))
    assert draft["family_voice"] == "Mornings are calmer"


async def test_a_second_meeting_the_same_day_is_saved_once_the_chair_says_it_is_one(
    store, ids, tmp_path
):
    # Sam finished a review with the Walsh family this morning.
    sam = at_another_terminal(tmp_path)
    finish_tac_meeting(sam, start_tac_meeting(open_tac_meeting(sam, ids["walsh"]),
                                              date(2026, 3, 10), 6))
    sam.close()
    app = meeting_app(store, ids["walsh"], TacMeetingKind.CLOSURE)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("p", "p", "p")
        await go_to_step(pilot, 9)
        await choose(pilot, "Needs")
        await pilot.press("tab", "tab", *"Mornings are calm now")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, SecondMeetingModal)
        assert "saved by Sam Okafor at " in app.screen.refusal
        await pilot.press("b")  # not sure yet: back to the meeting, nothing saved
        await settle(pilot)
        assert step_error(app).startswith(
            "Not saved: EH-2026-0042 Walsh family already has a TAC meeting finished on "
            "10/03/2026")
        assert store.get(Family, ids["walsh"]).status is FamilyStatus.OPEN
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("s")  # yes: this is a second meeting
        await settle(pilot)

    today = [m for m in store.tac_meetings(family_id=ids["walsh"]) if m.held_on == date(2026, 3, 10)]
    assert {m.kind for m in today} == {TacMeetingKind.REVIEW, TacMeetingKind.CLOSURE}
    assert store.get(Family, ids["walsh"]).status is FamilyStatus.CLOSED
    assert store.load_draft(draft_key(ids["walsh"])) is None


async def test_opening_a_meeting_someone_else_has_open_says_so_and_keeps_theirs_apart(
    store, ids, tmp_path
):
    sam = at_another_terminal(tmp_path)
    theirs = start_tac_meeting(open_tac_meeting(sam, ids["walsh"]), date(2026, 3, 10), 6)
    theirs.family_voice = "Kerry wants help with money"
    keep_draft(sam, tac_meeting_draft_key(ids["walsh"], "Sam Okafor"), theirs)
    sam.close()

    app = meeting_app(store, ids["walsh"])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "1/9 Attendance" in title(app)  # Sam's draft is not offered to Priya
        notice = str(app.screen.query_one("#meeting-notice").render())
        assert notice.startswith("Also open: a TAC meeting for this family, by Sam Okafor")
        await pilot.pause(0.5)
        await go_to_step(pilot, 3)
        await pilot.press(*"Mornings are calmer", "escape")
        await settle(pilot)

    mine = store.load_draft(draft_key(ids["walsh"]))
    kept_for_sam = store.load_draft(tac_meeting_draft_key(ids["walsh"], "Sam Okafor"))
    assert (mine["family_voice"], kept_for_sam["family_voice"]) == (
        "Mornings are calmer", "Kerry wants help with money")


async def test_a_council_reviewing_every_8_weeks_is_offered_a_review_8_weeks_on(store, ids):
    store.set_setting("review_interval_weeks", 8)
    app = meeting_app(store, ids["okoro"])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await go_to_step(pilot, 9)
        step = app.screen.steps[app.screen.step]
        assert str(step.query_one("#next-review-hint").render()).startswith(
            "Suggested: 8 weeks")
        assert step.query_one("#next-review").value == "05/05/2026"  # 10 March + 8 weeks
        await choose(pilot, "Priya")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
    [meeting] = store.tac_meetings(family_id=ids["okoro"])
    assert meeting.next_review_on == date(2026, 5, 5)


async def test_a_referral_to_a_local_service_fills_the_action_and_records_the_service(store, ids):
    app = meeting_app(store, ids["walsh"])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await go_to_step(pilot, 8)
        await pilot.press("shift+tab")
        await choose(pilot, "Heaton baby")
        what = app.screen.query_one("#action-what")
        assert what.value == "Refer to Heaton baby group (drop in, Tuesdays 10 to 12)"
        await pilot.press("tab", "tab")
        await choose(pilot, "Kerry")
        await pilot.press("tab", *"24/03/2026", "enter")
        [action] = app.screen.steps[7].actions
        assert (action.what, action.service_id, action.person_id) == (
            "Refer to Heaton baby group (drop in, Tuesdays 10 to 12)", ids["baby_group"],
            ids["kerry"])
        assert app.screen.query_one("#action-what").value == ""


async def test_a_new_action_due_on_christmas_day_is_asked_about_and_kept(store, ids):
    app = meeting_app(store, ids["walsh"])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await go_to_step(pilot, 8)
        await pilot.press(*"Keep the chart up over the holidays", "tab")
        await choose(pilot, "Kerry")
        await pilot.press("tab", *"25/12/2026", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NotAWorkingDayModal)
        assert str(app.screen.query_one("#question").content) == (
            "25/12/2026 is Christmas Day, a bank holiday. Keep it or choose another date?")
        await pilot.press("k")
        await settle(pilot)
        step = app.screen.steps[7]
        assert [(a.what, a.due_on) for a in step.actions] == [
            ("Keep the chart up over the holidays", date(2026, 12, 25))]
        # Asked once: a second action that day is added without the question.
        await pilot.press(*"Send Kerry the holiday club list", "tab")
        await choose(pilot, "Priya")
        await pilot.press("tab", *"25/12/2026", "enter")
        await settle(pilot)
        assert app.screen.steps[7] is step and len(step.actions) == 2


async def test_the_review_says_how_many_times_an_action_was_carried_over(store, ids):
    chart = next(a for a in store.actions(family_id=ids["walsh"]) if "chart" in a.what)
    store.save(TacMeeting(family_id=ids["walsh"], kind="review", held_on=date(2026, 2, 24),
                          status="finished",
                          action_reviews=[ActionReview(action_id=chart.id, outcome="partly")]))
    app = meeting_app(store, ids["walsh"])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await go_to_step(pilot, 4)
        listing = app.screen.query_one(ReviewList)
        lines = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        chart_line = next(line for line in lines if "chart" in line)
        other_line = next(line for line in lines if "chart" not in line)
        assert "due 03/03/2026 · carried over 1×" in chart_line
        assert "carried over" not in other_line
async def test_a_review_steps_the_family_up_with_a_reflection_by_keys(store, ids):
    app = meeting_app(store, ids["walsh"])
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p", "p", "p")
        await go_to_step(pilot, 9)
        # Past the lead and the next review: step up, to which team and why.
        await pilot.press("tab", "tab", "space")
        await settle(pilot)
        assert not app.screen.query_one("#next-review-row").display
        await pilot.press("tab", *"Castlebridge Duty and Assessment Team")
        await pilot.press("tab", *"Jayden told school his stepdad hit him")
        await pilot.press("ctrl+s")
        await settle(pilot)
        missing = " ".join(str(label.render()) for label in app.screen.query(".missing"))
        assert "save without a reflection?" in missing
        assert "next review" not in missing and "no new actions" not in missing
        await pilot.press("b")  # back, to write the reflection
        await settle(pilot)
        await pilot.press("tab", *"School saw bruises in January", "tab")
        await pilot.press(*"A strategy discussion after the first call-out")
        await pilot.press("ctrl+s")
        await settle(pilot)
        missing = " ".join(str(label.render()) for label in app.screen.query(".missing"))
        assert "reflection" not in missing
        await pilot.press("f")
        await settle(pilot)

    family = store.get(Family, ids["walsh"])
    assert family.status is FamilyStatus.STEPPED_UP
    assert family.status_history[-1].reason is ClosureReason.STEPPED_UP
    assert family.lead_professional_id is None
    meeting = next(m for m in store.tac_meetings(family_id=ids["walsh"])
                   if m.held_on == date(2026, 3, 10))
    assert (meeting.kind, meeting.next_review_on) == (TacMeetingKind.REVIEW, None)
    [step_up] = store.step_ups(ids["walsh"])
    assert (step_up.team, step_up.reason, step_up.tac_meeting_id) == (
        "Castlebridge Duty and Assessment Team", "Jayden told school his stepdad hit him",
        meeting.id)
    assert step_up.earlier_signs == "School saw bruises in January"
    assert step_up.sooner == "A strategy discussion after the first call-out"
    assert (step_up.stepped_up_on, step_up.reflection_by_id) == (date(2026, 3, 10), ids["priya"])
    assert store.load_draft(draft_key(ids["walsh"])) is None
