"""Through the app, the store decides who sees what: a partner at the keyboard finds only
the families whose team they are on and whose consent includes their agency, and opening
another by its reference is refused in one line that names them and says why."""

from __future__ import annotations

from screens.families import FamiliesScreen
from screens.family_record import FamilyRecordScreen
from screens.home import HomeScreen
from screens.widgets.family_list import FamilyList
from tac.access.permissions import Permission, refusal
from tac.access.roles import Principal, Role
from tac.store import Store
from tests.screens.conftest import screen_text, settle


def a_partner(store: Store) -> tuple[Principal, frozenset[str]]:
    """A partner from a school who may see some families but not all, and those families."""
    agencies = {a.id: a for a in store.agencies()}
    chosen = None
    for professional in store.professionals():
        agency = agencies.get(professional.agency_id or "")
        if agency is None or agency.kind != "school":
            continue
        partner = Principal(professional.name, Role.PARTNER, professional_id=professional.id,
                            agency_id=agency.id, agency_name=agency.name, user_id="u-partner")
        store.principal = partner
        seen = store.visible_family_ids()
        if seen and (chosen is None or len(seen) < len(chosen[1])):
            chosen = (partner, seen)
    assert chosen is not None, "the demo has a school partner on a family's team"
    store.principal = chosen[0]
    return chosen


async def test_a_partner_finds_only_their_families_and_is_refused_another_in_one_line(
    app_factory, demo_store
):
    owner = demo_store.principal
    everyone = {f.id: f.reference for f in demo_store.families()}
    partner, seen = a_partner(demo_store)
    other = next(ref for fid, ref in sorted(everyone.items(), key=lambda i: i[1]) if fid not in seen)
    app = app_factory(actor=partner.name)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        assert app.store.principal.role is Role.PARTNER
        await app.action_open_families()
        await settle(pilot)
        assert isinstance(app.screen, FamiliesScreen)
        families = app.screen.query_one("#families", FamilyList)
        assert set(families.family_ids) == seen
        await pilot.press(*other)
        await settle(pilot)
        assert families.option_count == 0  # not in their list
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FamiliesScreen)  # nothing opened
        [told] = list(app._notifications)
        assert told.message == (f"{partner.name} (partner, {partner.agency_name}) may not see "
                                f"{other}: they are not on the family's team")
        assert told.severity == "error" and "\n" not in told.message
        await pilot.pause()
        shown = screen_text(app)
        assert "not on the family's team" in shown
        assert "Traceback" not in shown
    demo_store.principal = owner
    refused = demo_store._rows(
        "SELECT actor, reference FROM access_log WHERE outcome = 'refused'")
    assert refused == [{"actor": partner.name, "reference": other}]


async def test_a_partner_opens_their_own_family_and_home_offers_no_screening(app_factory, demo_store):
    partner, seen = a_partner(demo_store)
    mine = sorted(seen)[0]
    app = app_factory(actor=partner.name)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert refusal(app.store.principal, Permission.SCREENING) is not None
        shown = screen_text(app)
        assert "Start a screening meeting" not in shown
        assert "Export a batch of Word documents" not in shown
        app.action_open_family(mine)
        await settle(pilot)
        assert isinstance(app.screen, FamilyRecordScreen)
        assert app.screen.family_id == mine
        footer = screen_text(app).splitlines()[-1]
        assert "Plan to Word" in footer  # a partner reads the plan and minutes
        for refused in ("Add event", "People", "Consent", "TAC meeting", "New referral"):
            assert refused not in footer


async def test_a_partner_is_not_offered_the_front_door_and_is_told_why_if_they_ask(
    app_factory, demo_store
):
    demo_store.principal = Principal(name="Jo Bloggs", role=Role.PARTNER,
                                     agency_name="Abbey Fields School")
    app = app_factory()
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Screening meeting" not in footer and "New referral" not in footer
        await pilot.press("s")
        await app.action_open_screening()
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any("may not take referrals or hold screening meetings" in str(n.message)
                   for n in app._notifications)
