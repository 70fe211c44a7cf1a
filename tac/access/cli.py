"""`tac user ...` and signing in at a terminal (`tac --user NAME`).

    tac user add "Jo Bloggs" --role partner      a professional in the directory gets a sign-in
    tac user passwd "Jo Bloggs"                   a new password (it also lifts a lock)
    tac user list                                 name, role, agency, and what stops them
    tac user disable "Jo Bloggs"                  (and `enable`): kept for the audit trail
    tac user role "Jo Bloggs" practitioner
    tac user second-factor "Jo Bloggs"            the otpauth:// address and secret (--remove)

Passwords are asked at the terminal, not shown, twice for a new one; with `--password-stdin`
each is the next line of standard input instead. When both `tac --user NAME --password-stdin`
and a command's own `--password-stdin` are given, the sign-in's lines come first (password,
then the code if they have a second factor), then the new password: nothing is read twice.
Who may do each is the core's rule (`tac.access.users`): administrators and the file's owner.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from tac.access.roles import ROLE_LABELS, Principal, role_named
from tac.errors import InvalidInput

if TYPE_CHECKING:  # imported when a command runs, not each time `tac` starts
    from tac.store import Store

_ROLES = ", ".join(ROLE_LABELS.values())


def add_user_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `user` and its sub-commands to the `tac` command's parser."""
    user = subparsers.add_parser(
        "user", help="who may sign in: add, list, passwords, roles, second factor",
        description=f"Users are professionals in the directory with a sign-in and a role "
        f"({_ROLES}). Administrators only.")
    commands = user.add_subparsers(dest="user_command", metavar="COMMAND", required=True)

    def new_password(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--password-stdin", dest="new_password_stdin", action="store_true",
                            help="read the new password from standard input's next line "
                            "(else it is asked twice at the terminal)")

    add = commands.add_parser("add", help="give a professional in the directory a sign-in")
    add.add_argument("name", metavar="NAME", help="as in the directory, e.g. 'Jo Bloggs'")
    add.add_argument("--role", required=True, metavar="ROLE", help=_ROLES)
    new_password(add)
    passwd = commands.add_parser("passwd", help="set a new password (and lift a lock)")
    passwd.add_argument("name", metavar="NAME")
    new_password(passwd)
    commands.add_parser("list", help="every user: role, agency, disabled, locked, second factor")
    for verb, meaning in (("disable", "stop a user signing in (they stay in the audit trail)"),
                          ("enable", "let a disabled user sign in again")):
        commands.add_parser(verb, help=meaning).add_argument("name", metavar="NAME")
    role = commands.add_parser("role", help="change a user's role")
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", metavar="ROLE", help=_ROLES)
    factor = commands.add_parser(
        "second-factor", help="give a user a second factor: prints the address and secret "
        "for an authenticator app", description="Give a user a second factor (a code from an "
        "authenticator app at each sign-in). Enrolling again replaces the old one.")
    factor.add_argument("name", metavar="NAME")
    factor.add_argument("--remove", action="store_true", help="take the second factor away")


def run_user(args: argparse.Namespace, store: Store) -> int:
    """Carry out `tac user ...` on an open store, as its principal."""
    from urllib.parse import parse_qs, urlparse

    from tac.access import users
    from tac.access.permissions import Permission, check

    command = args.user_command
    # The core refuses each change too; asking first means nobody types a password (or
    # learns whether a name has a sign-in) only to be refused.
    check(store.principal, Permission.USERS)
    if command == "list":
        found = users.users(store)
        for user in found:
            print(users.describe(user))
        if not found:
            print("no users yet: `tac user add NAME --role ROLE` adds one", file=sys.stderr)
        return 0
    if command == "add":
        role = role_named(args.role)
        password = _new_password(args.name, args.new_password_stdin)
        added = users.add_user(store, args.name, role, password)
        print(f"{users.describe(added)}: may sign in")
        return 0
    user = users.user_named(store, args.name)
    if command == "passwd":
        users.set_password(store, user.name, _new_password(user.name, args.new_password_stdin))
        print(f"{user.name}: new password set")
    elif command in ("disable", "enable"):
        users.set_disabled(store, user.name, disabled=command == "disable")
        print(f"{user.name}: sign-in {command}d")
    elif command == "role":
        users.set_role(store, user.name, role_named(args.role))
        print(users.describe(users.user_named(store, user.name)))
    elif args.remove:
        users.remove_second_factor(store, user.name)
        print(f"{user.name}: second factor removed; a password alone signs them in")
    else:
        address = users.enrol_second_factor(store, user.name)
        [secret] = parse_qs(urlparse(address).query)["secret"]
        print(f"{user.name}: add this to an authenticator app (as a QR code, or typed in); "
              "it replaces any earlier one")
        print(address)
        print(f"secret: {secret}")
    return 0


def sign_in_at_terminal(store: Store, name: str, from_stdin: bool) -> Principal:
    """The `Principal` for `name`, their password (and code, if they have a second factor)
    asked at the terminal, or read from standard input's next lines; `SignInRefused` if wrong."""
    from tac.access import users

    password = _line("password") if from_stdin else _asked(f"Password for {name}: ")
    code = None
    if users.needs_code(store, name):
        code = _line("second-factor code") if from_stdin else _asked("Code from your authenticator app: ")
    return users.sign_in(store, name, password, code)


def _new_password(name: str, from_stdin: bool) -> str:
    from tac.access import users

    if from_stdin:
        return users.check_password(_line("new password"))
    password = users.check_password(_asked(f"New password for {name}: "))
    if _asked("The same again: ") != password:
        raise InvalidInput("the two passwords typed differ; nothing was changed")
    return password


def _line(what: str) -> str:
    line = sys.stdin.readline()
    if not line:
        raise InvalidInput(f"--password-stdin: standard input ended before the {what}")
    return line.rstrip("\r\n")


def _asked(prompt: str) -> str:
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise InvalidInput("nothing was typed; give it at the terminal, or with "
                           "--password-stdin on standard input") from None
