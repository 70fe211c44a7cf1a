"""Every row of the role table through the app, both ways: what a role may do is offered
and works; what it may not is not offered and, asked for anyway, is refused by the store in
one line naming the person, with a row in the access log. (The partner's row is in
test_who_may_see.py; the core's rules, row by row, in tests/core/test_role_table.py.)"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from screens.family_record import FamilyRecordScreen
from tac.access.roles import Principal, Role
from tac.models import Family
from tac.store import Store
from tests.screens.conftest import settle


@dataclass(frozen=True)
class Case:
    role: Role
    on_team: bool
    opens_the_record: bool
    holds_meetings: bool
    screens: bool
    reads_the_audit: bool
    why_not: str = ""


CASES = [
    Case(Role.EARLY_HELP_MANAGER, False, True, True, True, True),
    Case(Role.PRACTITIONER, True, True, True, False, False),
    Case(Role.PRACTITIONER, False, False, False, False, False, "not on the family's team"),
    Case(Role.ADMINISTRATOR, False, False, False, False, False, "does not open families' records"),
    Case(Role.AUDITOR, False, True, False, False, True),
]


def open_family_and_lead(store: Store) -> tuple[Family, str, str]:
    """An open family with a lead professional, the lead, and a professional not on its team."""
    for family in store.families():
        if family.is_open and family.lead_professional_id:
            team = store.reach(family.id).team
            stranger = next(p.id for p in store.professionals() if p.id not in team)
            return family, family.lead_professional_id, stranger
    raise AssertionError("the demo has an open family with a lead professional")


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.role.value}{'-on-team' if c.on_team else ''}")
async def test_each_role_through_the_app(app_factory, demo_store, case: Case):
    family, lead, stranger = open_family_and_lead(demo_store)
    professional_id = lead if case.on_team else stranger
    name = next(p.name for p in demo_store.professionals() if p.id == professional_id)
    who = Principal(name, case.role, professional_id=professional_id, user_id="u1")
    app = app_factory(principal=who)
    async with app.run_test(size=(240, 30), notifications=True) as pilot:
        await settle(pilot)
        assert app.store.principal == who
        assert bool(app.check_action("open_screening", ())) is case.screens
        app.action_open_family(family.id)
        await settle(pilot)
        if case.opens_the_record:
            assert isinstance(app.screen, FamilyRecordScreen)
            assert bool(app.screen.check_action("meeting", ())) is case.holds_meetings
            assert bool(app.screen.check_action("history", ())) is case.reads_the_audit
        else:
            assert not isinstance(app.screen, FamilyRecordScreen)
            [told] = list(app._notifications)
            assert told.message.startswith(f"{name} ({case.role.value.replace('_', ' ')}")
            assert case.why_not in told.message and "\n" not in told.message
    demo_store.principal = Principal.file_owner("the owner")
    rows = demo_store._rows("SELECT actor, outcome, reference FROM access_log"
                            " WHERE actor = ? AND what = 'opened the record'", (name,))
    outcome = "allowed" if case.opens_the_record else "refused"
    assert [(r["outcome"], r["reference"]) for r in rows][-1:] == [(outcome, family.reference)]
