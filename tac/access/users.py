"""Users and signing in: passwords (argon2), five failures lock an account for fifteen
minutes, an optional second factor (TOTP). Only an administrator (or the owner of the
database file) adds, changes or disables users.

    >>> add_user(store, "Jo Bloggs", Role.PARTNER, "Correct-Horse-9")
    >>> who = sign_in(store, "Jo Bloggs", "Correct-Horse-9")   # a Principal
    >>> store.principal = who
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from tac.access.permissions import Permission, check
from tac.access.roles import ROLE_LABELS, Origin, Principal, Role
from tac.errors import InvalidInput, NotFound, TacError
from tac.models import new_id
from tac.store import users as rows
from tac.store.database import now
from tac.store.users import UserRow

if TYPE_CHECKING:
    from tac.store import Store

MIN_PASSWORD_LENGTH = 10
"""The NCSC's advice: length over complexity rules; ten characters at least."""
MAX_FAILURES = 5
LOCK_MINUTES = 15

_HASHER = PasswordHasher()
_NOBODY = _HASHER.hash("nobody has this password")
"""Checked against when the name is unknown, so a wrong name takes as long as a wrong password."""


class SignInRefused(TacError):
    """A sign-in that did not succeed; the message says what to do (never which part was wrong)."""

    title = "Not signed in"


def users(store: Store) -> list[UserRow]:
    """Every user (administrators only)."""
    check(store.principal, Permission.USERS)
    return rows.users(store)


def user_named(store: Store, name: str) -> UserRow:
    """The user called `name`; `NotFound` if there is none."""
    found = rows.user_named(store, name)
    if found is None:
        raise NotFound(f"there is no user called {name}; `tac user list` shows them")
    return found


def check_password(password: str) -> str:
    """`password` if it may be used; else `InvalidInput` saying what a good one is."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"password: use at least {MIN_PASSWORD_LENGTH} characters "
                           "(three random words make a good one)")
    if password != password.strip() or any(ord(c) < 32 for c in password):
        raise InvalidInput("password: no spaces at either end and no control characters")
    return password


def add_user(store: Store, name: str, role: Role, password: str) -> UserRow:
    """Give the professional called `name` a sign-in with `role`. The professional must be in
    the directory (a partner's agency is theirs); one sign-in per professional."""
    check(store.principal, Permission.USERS)
    check_password(password)
    name = " ".join(name.split())
    wanted = " ".join(name.split()).casefold()
    matches = [p for p in store.professionals() if " ".join(p.name.split()).casefold() == wanted]
    if not matches:
        raise NotFound(f"{name} is not in the directory of professionals; add them there first")
    active = [p for p in matches if p.active] or matches
    professional = active[0]
    if rows.user_named(store, professional.name) is not None:
        raise InvalidInput(f"{professional.name} already has a sign-in; "
                           f"`tac user passwd` changes the password")
    rows.insert_user(store, {
        "id": new_id(),
        "professional_id": professional.id,
        "role": Role(role).value,
        "password_hash": _HASHER.hash(password),
        "totp_secret": None,
        "disabled": 0,
        "failed_attempts": 0,
        "locked_until": None,
        "created_at": now().isoformat(),
        "created_by": store.actor,
    })
    return user_named(store, professional.name)


def set_password(store: Store, name: str, password: str) -> None:
    """A new password for `name` (administrators; audited as changed, never stored plain).
    It also lifts a lock."""
    check(store.principal, Permission.USERS)
    user = user_named(store, name)
    check_password(password)
    rows.update_user(store, user.id, password_hash=_HASHER.hash(password),
                     failed_attempts=0, locked_until=None)


def set_role(store: Store, name: str, role: Role) -> None:
    check(store.principal, Permission.USERS)
    rows.update_user(store, user_named(store, name).id, role=Role(role).value)


def set_disabled(store: Store, name: str, disabled: bool = True) -> None:
    """Disable (or enable again) a sign-in. A disabled user is kept, for the audit trail."""
    check(store.principal, Permission.USERS)
    rows.update_user(store, user_named(store, name).id, disabled=int(disabled))


def enrol_second_factor(store: Store, name: str) -> str:
    """Give `name` a second factor; the `otpauth://` address an authenticator app reads
    (as a QR code, or typed in). Enrolling again replaces the old one."""
    check(store.principal, Permission.USERS)
    user = user_named(store, name)
    secret = pyotp.random_base32()
    rows.update_user(store, user.id, totp_secret=secret)
    return pyotp.TOTP(secret).provisioning_uri(name=user.name, issuer_name="TAC")


def remove_second_factor(store: Store, name: str) -> None:
    check(store.principal, Permission.USERS)
    rows.update_user(store, user_named(store, name).id, totp_secret=None)


def needs_code(store: Store, name: str) -> bool:
    """Whether signing in as `name` asks for a second-factor code (False for an unknown name,
    which then fails on the password like any other)."""
    user = rows.user_named(store, name)
    return bool(user and user.totp_secret)


def sign_in(
    store: Store,
    name: str,
    password: str,
    code: str | None = None,
    origin: Origin = Origin.TERMINAL,
    at: datetime | None = None,
) -> Principal:
    """The `Principal` for `name` if the password (and code, when they have a second factor)
    is right; else `SignInRefused`. Every refusal is in the access log. Five failures in a
    row lock the account for fifteen minutes."""
    at = at or now()
    user = rows.user_named(store, name)
    shown = " ".join(name.split())
    if user is None:
        _verify(_NOBODY, password)
        _refuse(store, shown, origin, "unknown name")
        raise SignInRefused("the name or password is wrong")
    if user.disabled:
        _refuse(store, user.name, origin, "sign-in disabled")
        raise SignInRefused(f"{user.name}'s sign-in is disabled; ask an administrator")
    if user.locked_until and user.locked_until > at:
        _refuse(store, user.name, origin, "locked")
        until = user.locked_until.astimezone().strftime("%H:%M")
        raise SignInRefused(f"{user.name} is locked after {MAX_FAILURES} failed sign-ins; "
                            f"try again after {until}, or ask an administrator")
    settings = store.settings()
    good = _verify(user.password_hash, password)
    if good and user.totp_secret:
        good = bool(code) and pyotp.TOTP(user.totp_secret).verify(code.strip(), for_time=at,
                                                                  valid_window=1)
    elif good and origin is Origin.BROWSER and settings.totp_required_in_browser:
        _refuse(store, user.name, origin, "no second factor")
        raise SignInRefused(f"{user.name} needs a second factor to sign in from a browser; "
                            "ask an administrator to set one up")
    if not good:
        failures = user.failed_attempts + 1
        if failures >= MAX_FAILURES:
            rows.update_user(store, user.id, audited=False, failed_attempts=0,
                             locked_until=(at + timedelta(minutes=LOCK_MINUTES)).isoformat())
            _refuse(store, user.name, origin, f"wrong password or code; locked for {LOCK_MINUTES} minutes")
            raise SignInRefused(f"the name, password or code is wrong; {user.name} is now locked "
                                f"for {LOCK_MINUTES} minutes")
        rows.update_user(store, user.id, audited=False, failed_attempts=failures, locked_until=None)
        _refuse(store, user.name, origin, "wrong password or code")
        raise SignInRefused("the name, password or code is wrong")
    if user.failed_attempts or user.locked_until:
        rows.update_user(store, user.id, audited=False, failed_attempts=0, locked_until=None)
    if _HASHER.check_needs_rehash(user.password_hash):
        rows.update_user(store, user.id, audited=False, password_hash=_HASHER.hash(password))
    who = principal_of(user, origin)
    store.log_access("sign in", who=who)
    return who


def principal_of(user: UserRow, origin: Origin = Origin.TERMINAL) -> Principal:
    return Principal(name=user.name, role=user.role, professional_id=user.professional_id,
                     agency_id=user.agency_id, agency_name=user.agency_name, user_id=user.id,
                     origin=origin)


def sign_in_notes(user: UserRow) -> list[str]:
    """What stops `user` signing in now ("disabled", "locked"), and "second factor" if they
    have one."""
    notes = []
    if user.disabled:
        notes.append("disabled")
    if user.locked_until and user.locked_until > now():
        notes.append("locked")
    if user.totp_secret:
        notes.append("second factor")
    return notes


def describe(user: UserRow) -> str:
    """One line for `tac user list`: name, role, agency, and what stops them signing in."""
    notes = sign_in_notes(user)
    where = f" · {user.agency_name}" if user.agency_name else ""
    extra = f" ({', '.join(notes)})" if notes else ""
    return f"{user.name} · {ROLE_LABELS[user.role]}{where}{extra}"


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _refuse(store: Store, name: str, origin: Origin, reason: str) -> None:
    store.log_access("sign in", outcome="refused", detail=reason, name=name, origin=origin)
