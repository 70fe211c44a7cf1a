"""The front door in the app, by keys alone: a referral taken in (a new family, or a known
one found without its accents), refusals beside their fields, a possible match settled,
and what follows the screening meeting (more information, the referrer told)."""

from __future__ import annotations

from datetime import date

import pytest
from textual import events

from screens.home import HomeScreen, front_door_links
from screens.new_referral import NewReferralScreen
from screens.possible_match import PossibleMatchScreen
from screens.screening_meeting import ScreeningMeetingScreen
from screens.widgets.referrer_told import ReferrerToldForm
from tac.intake.follow_up import referrers_not_told, waiting_for_information
from tac.intake.referrals import new_family, take_referral
from tac.meetings.screening import open_screening_meeting
from tac.models import (
    Family,
    FamilyAgrees,
    FamilyStatus,
    InvolvementReason,
    MeetingStatus,
    Person,
    Referral,
    ReferralStatus,
    ScreeningOutcome,
    StatusChange,
    ToldHow,
)
from tac.store import Store
from tests.screens.conftest import TODAY, settle

SEARCHED = 0.4
"""Seconds to let the look-up of who is known run after typing stops."""


@pytest.fixture
def known(demo_store: Store) -> Family:
    """A closed family whose name has accents: Siobhán Ní Bhriain and her mother."""
    family = Family(
        reference="EH-2024-0901", postcode="SK4 2BB", address="5 Larch Close, Stockport",
        people=[Person(name="Siobhán Ní Bhriain", role="child", relationship="daughter",
                       subject=True, date_of_birth=date(2018, 3, 4)),
                Person(name="Aoife Ní Bhriain", role="parent", relationship="mother")],
        status_history=[StatusChange(on=date(2024, 2, 1), status="open", level=2),
                        StatusChange(on=date(2025, 11, 3), status="closed", level=2,
                                     reason="needs_met")])
    return demo_store.save(family)


async def open_new_referral(pilot) -> None:
    await settle(pilot)
    await pilot.press("r")
    await settled_search(pilot)
    assert isinstance(pilot.app.screen, NewReferralScreen)


async def settled_search(pilot) -> None:
    """Let the look-up of who is known finish, and stop the cursors blinking, so a snapshot
    shows the same thing however long the machine took."""
    await pilot.pause(SEARCHED)
    screen = pilot.app.screen
    if isinstance(screen, NewReferralScreen):
        screen.search_now()
    await settle(pilot)
    for field in screen.query("Input, TextArea"):
        field.cursor_blink = False
    await settle(pilot)


async def type_person(pilot, first: str, last: str, born: str, relationship: str,
                      subject: bool) -> None:
    """Type one person's line from its first name, the cursor left on the line's last field."""
    await pilot.press(*first, "tab", *last, "tab", *born, "tab")
    await pilot.press("enter", *relationship, "enter", "tab", "tab")
    if subject:
        await pilot.press("space")


async def type_the_referral(pilot, concerns: str = "Often hungry at school") -> None:
    """Step 2 from the received date (left as today): a referrer typed in, and the rest."""
    await pilot.press("pagedown", "tab", "tab", *"Aaron Sutton", "tab")
    await pilot.press(*"Abbey Fields School", "tab", *"01604 111222", "tab", *concerns, "tab")
    await pilot.press(*"A family worker", "tab")
    await pilot.press("enter", *"Socio", "enter", "tab", "enter", *"Yes", "enter")


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_a_new_family_of_three_is_taken_in_then_screened(app_factory, demo_store):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_new_referral(pilot)
        await type_person(pilot, "Maya", "Okonkwo", "02/02/2019", "Daughter", subject=True)
        await pilot.press("ctrl+n")
        await type_person(pilot, "Tobi", "Okonkwo", "14/07/2021", "Son", subject=True)
        await pilot.press("ctrl+n")
        await type_person(pilot, "Ruth", "Okonkwo", "", "Mother", subject=False)
        await pilot.press("tab", *"3 Elm Road, Stockport", "tab", *"sk4 3cc")
        await type_the_referral(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)

        [referral] = [r for r in demo_store.referrals() if r.referrer_name == "Aaron Sutton"]
        family = demo_store.get(Family, referral.family_id)
        assert [(p.name, p.role.value, p.relationship, p.subject, p.date_of_birth)
                for p in family.people] == [
            ("Maya Okonkwo", "child", "daughter", True, date(2019, 2, 2)),
            ("Tobi Okonkwo", "child", "son", True, date(2021, 7, 14)),
            ("Ruth Okonkwo", "parent", "mother", False, None)]
        assert (family.reference[:8], family.postcode, family.address) == (
            "EH-2026-", "SK4 3CC", "3 Elm Road, Stockport")
        assert (referral.received_on, referral.referrer_agency_name, referral.referrer_contact,
                referral.concerns, referral.referrer_wants, referral.reason_for_involvement,
                referral.family_agrees, referral.taken_by, referral.status) == (
            TODAY, "Abbey Fields School", "01604 111222", "Often hungry at school",
            "A family worker", InvolvementReason.SOCIO_ECONOMIC, FamilyAgrees.YES,
            demo_store.actor, ReferralStatus.AWAITING_SCREENING)

        # The screening meeting: the new referral is the last in the queue.
        queue = open_screening_meeting(demo_store).queue
        assert queue[-1].id == referral.id
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ScreeningMeetingScreen)
        await pilot.press(*["pagedown"] * len(queue))
        assert family.reference in text_of(app, "#meeting-title")
        await pilot.press("enter", *"No", "enter", "tab", "enter", "1", "enter")
        await pilot.press("tab", *"School can offer breakfast club", "ctrl+s")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)

    [meeting] = [m for m in demo_store.screening_meetings(status=MeetingStatus.FINISHED)
                 if m.held_on == TODAY]
    assert [(d.referral_id, d.outcome, d.level, d.rationale) for d in meeting.decisions] == [
        (referral.id, ScreeningOutcome.NO_FURTHER_ACTION, 1, "School can offer breakfast club")]
    assert demo_store.get(Referral, referral.id).status is ReferralStatus.SCREENED


async def test_a_closed_family_typed_without_accents_is_re_referred(app_factory, demo_store, known):
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_new_referral(pilot)
        await pilot.press(*"siobhan", "tab", *"ni bhriain")
        await settled_search(pilot)
        matches = app.screen.query_one("#matches")
        assert "EH-2024-0901" in str(matches.get_option_at_index(0).prompt)
        assert "closed 4 months ago" in str(matches.get_option_at_index(0).prompt)
        await pilot.press(*["tab"] * 7, "enter")
        assert "Re-referral of EH-2024-0901" in text_of(app, "#about")
        await type_the_referral(pilot, concerns="Siobhan is withdrawn at school again")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)

    referral = demo_store.referrals(family_id=known.id)[-1]
    assert (referral.concerns, referral.status) == (
        "Siobhan is withdrawn at school again", ReferralStatus.AWAITING_SCREENING)
    family = demo_store.get(Family, known.id)
    assert [p.name for p in family.people] == ["Siobhán Ní Bhriain", "Aoife Ní Bhriain"]
    assert family.status is FamilyStatus.CLOSED  # until the screening decides


async def type_refused_referral(pilot) -> None:
    """A child with an impossible date of birth and a mistyped NHS number, a received date in
    the future, and a name pasted with a control character in it: then Save."""
    await open_new_referral(pilot)
    await pilot.press(*"Maya", "tab", *"Okonkwo", "tab", *"31/02/2019", "tab")
    await pilot.press("enter", *"Daughter", "enter", "tab", *"943 476 5918", "tab", "space")
    await pilot.press("ctrl+n", "tab", *"Okonkwo")
    pilot.app.screen.query_one("#person-1-first_name").post_message(events.Paste("Ruth\x07"))
    await pilot.press("pagedown")
    await pilot.press("ctrl+a", "ctrl+k", *"04/03/2026", "ctrl+s")
    await settled_search(pilot)


async def test_refusals_show_beside_their_fields_and_keep_the_typing(app_factory, demo_store):
    before = len(demo_store.referrals())
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await type_refused_referral(pilot)
        screen = app.screen
        assert isinstance(screen, NewReferralScreen)
        maya = text_of(app, "#person-0-error")
        assert "date of birth: 31/02/2019 is not a real date" in maya
        assert "nhs number: '943 476 5918' is not an NHS number" in maya
        assert "contains control characters" in text_of(app, "#person-1-error")
        await pilot.press("pagedown")
        assert text_of(app, "#received_on-error") == "received on: is in the future"
        assert text_of(app, "#concerns-error") == "concerns: is required"
        typed = screen.read()
        assert (typed.people[0].date_of_birth, typed.people[0].nhs_number, typed.received_on) == (
            "31/02/2019", "943 476 5918", "04/03/2026")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("r")  # carry on with what was kept
        await settle(pilot)
        assert app.screen.read().people[0].nhs_number == "943 476 5918"
    assert len(demo_store.referrals()) == before


def a_possible_match(store: Store, known: Family) -> Referral:
    """A referral taken in as a new family, marked as possibly the known one (as the import
    marks it)."""
    made = new_family(store, TODAY, [Person(name="Siobhan Ni Bhriain", role="child",
                                            relationship="daughter", subject=True,
                                            date_of_birth=date(2018, 4, 3))])
    referral = Referral(family_id=made.id, received_on=TODAY, referrer_name="Web form",
                        concerns="Worried about Siobhan", possible_matches=[known.reference])
    return take_referral(store, referral, made, note="import")[1]


async def open_front_door_line(pilot, lead: str) -> None:
    """Enter on the home screening list's first line that starts with `lead`."""
    await settle(pilot)
    listing = pilot.app.screen.query_one("#screening")
    listing.focus()
    found = next(n for n in range(listing.option_count)
                 if str(listing.get_option_at_index(n).prompt).startswith(lead))
    listing.highlighted = found
    await pilot.press("enter")
    await settle(pilot)


async def test_a_possible_match_is_attached_to_the_known_family(app_factory, demo_store, known):
    referral = a_possible_match(demo_store, known)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_front_door_line(pilot, "Check")
        assert isinstance(app.screen, PossibleMatchScreen)
        assert "EH-2024-0901" in str(app.screen.query_one("#known-side").border_title) + str(
            app.screen.match.known[0].reference)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    moved = demo_store.get(Referral, referral.id)
    assert (moved.family_id, moved.possible_matches) == (known.id, [])
    assert [p.name for p in demo_store.get(Family, known.id).people] == [
        "Siobhán Ní Bhriain", "Aoife Ní Bhriain", "Siobhan Ni Bhriain"]  # another date of birth


async def test_a_possible_match_is_confirmed_a_new_family(app_factory, demo_store, known):
    referral = a_possible_match(demo_store, known)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_front_door_line(pilot, "Check")
        await pilot.press("n")
        await settle(pilot)
        assert not any(str(link.text).startswith("Check")
                       for link in front_door_links(demo_store, TODAY))
    kept = demo_store.get(Referral, referral.id)
    assert kept.possible_matches == [] and kept.family_id != known.id


async def test_more_information_waits_in_the_queue_and_on_home(app_factory, demo_store):
    [waiting] = waiting_for_information(demo_store)
    assert waiting.referral.id in {r.id for r in open_screening_meeting(demo_store).queue}
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_front_door_line(pilot, "More information")
        assert app.screen.family_id == waiting.family.id


async def test_the_referrer_told_is_recorded_from_home(app_factory, demo_store):
    late = referrers_not_told(demo_store, TODAY)
    assert late, "the demo has a decision whose referrer was not told in time"
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_front_door_line(pilot, "Tell the referrer")
        assert isinstance(app.screen, ReferrerToldForm)
        await pilot.press("enter", *"Phone", "enter", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    told = next(d for m in demo_store.screening_meetings() for d in m.decisions
                if d.referral_id == late[0].referral.id)
    assert (told.referrer_informed, told.referrer_told_on, told.referrer_told_how,
            told.referrer_told_by) == (True, TODAY, ToldHow.PHONE, demo_store.actor)
    assert len(referrers_not_told(demo_store, TODAY)) == len(late) - 1


# --- how they look ------------------------------------------------------------------------


def test_snapshot_new_referral(app_factory, snap_compare):
    assert snap_compare(app_factory(), terminal_size=(100, 30), run_before=open_new_referral)


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
def test_snapshot_new_referral_refused(app_factory, snap_compare, size):
    assert snap_compare(app_factory(), terminal_size=size, run_before=type_refused_referral)


def test_snapshot_new_referral_finds_a_known_family(app_factory, snap_compare, known):
    async def typed(pilot) -> None:
        await open_new_referral(pilot)
        await pilot.press(*"siobhan", "tab", *"ni bhriain")
        await settled_search(pilot)

    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=typed)


def test_snapshot_new_referral_details(app_factory, snap_compare):
    async def details(pilot) -> None:
        await open_new_referral(pilot)
        await pilot.press("pagedown")
        await settled_search(pilot)

    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=details)


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
def test_snapshot_possible_match(app_factory, snap_compare, demo_store, known, size):
    a_possible_match(demo_store, known)

    async def opened(pilot) -> None:
        await open_front_door_line(pilot, "Check")

    assert snap_compare(app_factory(), terminal_size=size, run_before=opened)


def test_snapshot_referrer_told(app_factory, snap_compare):
    async def opened(pilot) -> None:
        await open_front_door_line(pilot, "Tell the referrer")
        await settled_search(pilot)

    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=opened)
