"""Users and signing in: argon2 passwords, five failures lock for fifteen minutes, a second
factor when a user has one, every refused sign-in in the access log, admins only."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest

from tac.access import users
from tac.access.roles import Origin, Principal, Role
from tac.errors import InvalidInput, NotFound, Refused
from tac.models import Agency, AgencyKind, Professional
from tac.store.database import now

PASSWORD = "Correct-Horse-9"


@pytest.fixture
def jo(store):
    school = store.save(Agency(name="Abbey Fields School", kind=AgencyKind.SCHOOL))
    store.save(Professional(name="Jo Bloggs", role="Teacher", agency_id=school.id))
    return users.add_user(store, "jo  bloggs", Role.PARTNER, PASSWORD)


def refused_sign_ins(store) -> list[dict]:
    return store._rows("SELECT actor, outcome, detail FROM access_log WHERE what = 'sign in'"
                       " AND outcome = 'refused'")


def test_a_user_signs_in_as_the_professional_with_their_role_and_agency(store, jo) -> None:
    assert jo.password_hash.startswith("$argon2") and PASSWORD not in jo.password_hash
    who = users.sign_in(store, "Jo Bloggs", PASSWORD)
    assert who == Principal("Jo Bloggs", Role.PARTNER, professional_id=jo.professional_id,
                            agency_id=jo.agency_id, agency_name="Abbey Fields School",
                            user_id=jo.id)
    assert "Correct" not in str(store._rows("SELECT * FROM audit_log WHERE record_kind = 'user'"))


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(store, jo) -> None:
    for _ in range(4):
        with pytest.raises(users.SignInRefused, match="wrong"):
            users.sign_in(store, "Jo Bloggs", "not-the-password")
    with pytest.raises(users.SignInRefused, match="locked for 15 minutes"):
        users.sign_in(store, "Jo Bloggs", "not-the-password")
    with pytest.raises(users.SignInRefused, match="locked after 5 failed"):
        users.sign_in(store, "Jo Bloggs", PASSWORD)
    later = now() + timedelta(minutes=16)
    assert users.sign_in(store, "Jo Bloggs", PASSWORD, at=later).name == "Jo Bloggs"
    assert len(refused_sign_ins(store)) == 6


def test_an_unknown_name_and_a_disabled_user_are_refused(store, jo) -> None:
    with pytest.raises(users.SignInRefused, match="name or password is wrong"):
        users.sign_in(store, "Nobody Real", PASSWORD)
    users.set_disabled(store, "Jo Bloggs")
    with pytest.raises(users.SignInRefused, match="disabled"):
        users.sign_in(store, "Jo Bloggs", PASSWORD)
    assert [r["actor"] for r in refused_sign_ins(store)] == ["Nobody Real", "Jo Bloggs"]


def test_a_second_factor_is_asked_for_once_enrolled(store, jo) -> None:
    uri = users.enrol_second_factor(store, "Jo Bloggs")
    assert users.needs_code(store, "Jo Bloggs")
    with pytest.raises(users.SignInRefused):
        users.sign_in(store, "Jo Bloggs", PASSWORD)
    code = pyotp.parse_uri(uri).now()
    assert users.sign_in(store, "Jo Bloggs", PASSWORD, code=code).role is Role.PARTNER


def test_a_browser_sign_in_needs_a_second_factor_when_the_setting_says_so(store, jo) -> None:
    store.set_setting("totp_required_in_browser", True)
    assert users.sign_in(store, "Jo Bloggs", PASSWORD).origin is Origin.TERMINAL
    with pytest.raises(users.SignInRefused, match="second factor"):
        users.sign_in(store, "Jo Bloggs", PASSWORD, origin=Origin.BROWSER)


def test_only_an_administrator_manages_users_and_passwords_must_be_long(store, jo) -> None:
    with pytest.raises(InvalidInput, match="at least 10"):
        users.set_password(store, "Jo Bloggs", "short")
    with pytest.raises(NotFound, match="not in the directory"):
        users.add_user(store, "Nobody Real", Role.PARTNER, PASSWORD)
    with pytest.raises(InvalidInput, match="already has a sign-in"):
        users.add_user(store, "Jo Bloggs", Role.PARTNER, PASSWORD)
    store.principal = users.sign_in(store, "Jo Bloggs", PASSWORD)
    with pytest.raises(Refused, match=r"Jo Bloggs \(partner, Abbey Fields School\) may not manage users"):
        users.users(store)
