"""Users and signing in on the command line: `tac user ...`, `tac --user NAME`, passwords at
the terminal or on standard input, one line and exit 2 for every refusal."""

from __future__ import annotations

import io

import pyotp
import pytest

from tac.access import users
from tac.access.roles import Role
from tac.cli import main
from tac.store import Store

from .factories import family_file

PASSWORD = "Correct-Horse-9"
SAM = "Sam Okafor"  # the designated safeguarding lead of Oakfield Primary School


@pytest.fixture
def db(tmp_path):
    """A family whose consent includes Sam's school and who owns one of its actions."""
    bundle, file = family_file()
    teacher = next(p for p in bundle.professionals if p.name == SAM)
    file.actions[0] = file.actions[0].model_copy(
        update={"professional_id": teacher.id, "person_id": None})
    path = tmp_path / "tac.db"
    with Store.open(path, actor="Priya Shah", create=True) as store:
        store.load(bundle, note="user tests")
    return path


@pytest.fixture
def sam(db):
    """Sam Okafor may sign in, as a partner."""
    with Store.open(db, actor="the owner") as store:
        users.add_user(store, SAM, Role.PARTNER, PASSWORD)
    return db


def run(capsys, monkeypatch, *args: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def typed_at_the_terminal(monkeypatch, *answers: str) -> list[str]:
    """Answer getpass's prompts in turn; the prompts asked, for the test to read."""
    prompts: list[str] = []
    given = iter(answers)

    def getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(given)

    monkeypatch.setattr("getpass.getpass", getpass)
    return prompts


def test_the_owner_adds_a_partner_by_password_stdin_and_list_shows_role_and_agency(
        db, capsys, monkeypatch):
    code, out, _ = run(capsys, monkeypatch, "--db", str(db), "user", "add", "sam  okafor",
                       "--role", "partner", "--password-stdin", stdin=f"{PASSWORD}\n")
    assert code == 0
    assert out == "Sam Okafor · partner · Oakfield Primary School: may sign in\n"
    code, out, _ = run(capsys, monkeypatch, "--db", str(db), "user", "list")
    assert code == 0 and out == "Sam Okafor · partner · Oakfield Primary School\n"


def test_a_partner_signed_in_by_password_stdin_works_as_themselves(sam, tmp_path, capsys,
                                                                    monkeypatch):
    code, out, err = run(capsys, monkeypatch, "--db", str(sam), "--user", "Sam Okafor",
                         "--password-stdin", "export", "minutes", "EH-2026-0042",
                         "--out", str(tmp_path / "out"), stdin=f"{PASSWORD}\n")
    assert (code, err) == (0, "")
    assert out.rstrip().endswith("TAC minutes EH-2026-0042.docx")
    with Store.open(sam, actor="x") as store:
        written = [e for e in store.audit_trail(limit=None)
                   if e.changes and "minutes_written_on" in e.changes]
        assert [e.actor for e in written] == [SAM]
        signed_in = store._rows("SELECT actor, role FROM access_log WHERE what = 'sign in'")
        assert signed_in == [{"actor": SAM, "role": "partner"}]


def test_a_wrong_password_exits_2_with_one_line(sam, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, "--db", str(sam), "--user", SAM, "--password-stdin",
                         "dump", stdin="not-the-password\n")
    assert (code, out) == (2, "")
    assert err == "tac: the name, password or code is wrong\n"


def test_an_unknown_user_is_refused_like_a_wrong_password(sam, capsys, monkeypatch):
    code, _, err = run(capsys, monkeypatch, "--db", str(sam), "--user", "Nobody Real",
                       "--password-stdin", "dump", stdin=f"{PASSWORD}\n")
    assert code == 2 and err == "tac: the name or password is wrong\n"


def test_a_partner_is_refused_tac_user_add_in_one_line_before_any_password_is_read(
        sam, capsys, monkeypatch):
    code, _, err = run(capsys, monkeypatch, "--db", str(sam), "--user", SAM, "--password-stdin",
                       "user", "add", "Priya Shah", "--role", "practitioner", "--password-stdin",
                       stdin=f"{PASSWORD}\nNew-Password-1\n")
    assert code == 2
    assert err == ("tac: Sam Okafor (partner, Oakfield Primary School) may not manage users: a "
                   "partner reads the plan and minutes of their families and updates their own "
                   "actions\n")
    import sys

    assert sys.stdin.read() == "New-Password-1\n"  # the new password was never asked for


def test_an_administrator_signed_in_reads_both_passwords_from_stdin_in_turn(
        db, capsys, monkeypatch):
    with Store.open(db, actor="the owner") as store:
        users.add_user(store, "Priya Shah", Role.ADMINISTRATOR, PASSWORD)
    code, out, _ = run(capsys, monkeypatch, "--db", str(db), "--user", "Priya Shah",
                       "--password-stdin", "user", "add", SAM, "--role", "partner",
                       "--password-stdin", stdin=f"{PASSWORD}\nSams-Own-Password\n")
    assert code == 0 and out.startswith("Sam Okafor · partner")
    code, _, err = run(capsys, monkeypatch, "--db", str(db), "--user", SAM, "--password-stdin",
                       "user", "list", stdin="Sams-Own-Password\n")
    assert code == 2 and "Sam Okafor (partner, Oakfield Primary School) may not manage users" in err


def test_minutes_sent_are_by_the_user_signed_in(db, capsys, monkeypatch):
    with Store.open(db, actor="the owner") as store:
        users.add_user(store, "Priya Shah", Role.EARLY_HELP_MANAGER, PASSWORD)
    code, out, _ = run(capsys, monkeypatch, "--db", str(db), "--user", "Priya Shah",
                       "--password-stdin", "minutes", "sent", "EH-2026-0042",
                       stdin=f"{PASSWORD}\n")
    assert code == 0 and out.rstrip().endswith("by Priya Shah")


def test_passwords_typed_at_the_terminal_are_asked_twice_and_must_match(db, capsys, monkeypatch):
    prompts = typed_at_the_terminal(monkeypatch, PASSWORD, "Correct-Horse-8")
    code, _, err = run(capsys, monkeypatch, "--db", str(db), "user", "add", SAM, "--role",
                       "partner")
    assert prompts == ["New password for Sam Okafor: ", "The same again: "]
    assert code == 2 and err == "tac: the two passwords typed differ; nothing was changed\n"
    typed_at_the_terminal(monkeypatch, PASSWORD, PASSWORD)
    assert run(capsys, monkeypatch, "--db", str(db), "user", "add", SAM, "--role", "partner")[0] == 0
    typed_at_the_terminal(monkeypatch, "Another-Good-One", "Another-Good-One")
    code, out, _ = run(capsys, monkeypatch, "--db", str(db), "user", "passwd", SAM)
    assert code == 0 and out == "Sam Okafor: new password set\n"
    prompts = typed_at_the_terminal(monkeypatch, "Another-Good-One")
    code, _, _ = run(capsys, monkeypatch, "--db", str(db), "--user", SAM, "export", "plan",
                     "EH-2026-0042", "--out", str(db.parent / "out"))
    assert code == 0 and prompts == ["Password for Sam Okafor: "]


def test_a_short_password_is_refused_before_it_is_asked_again(db, capsys, monkeypatch):
    prompts = typed_at_the_terminal(monkeypatch, "short")
    code, _, err = run(capsys, monkeypatch, "--db", str(db), "user", "add", SAM, "--role",
                       "partner")
    assert code == 2 and "at least 10 characters" in err and len(prompts) == 1


def test_roles_are_typed_as_words_with_spaces_or_underscores(sam, capsys, monkeypatch):
    base = ["--db", str(sam), "user", "role", SAM]
    code, out, _ = run(capsys, monkeypatch, *base, "early help manager")
    assert code == 0 and out == "Sam Okafor · early help manager · Oakfield Primary School\n"
    code, out, _ = run(capsys, monkeypatch, *base, "Practitioner")
    assert code == 0 and "· practitioner ·" in out
    code, out, _ = run(capsys, monkeypatch, *base, "early_help_manager")
    assert code == 0 and "· early help manager ·" in out
    code, _, err = run(capsys, monkeypatch, *base, "boss")
    assert code == 2 and err == ("tac: role: 'boss' is not a role; give one of early help "
                                 "manager, practitioner, partner, administrator, auditor\n")


def test_a_disabled_user_cannot_sign_in_until_enabled(sam, capsys, monkeypatch):
    assert run(capsys, monkeypatch, "--db", str(sam), "user", "disable", SAM)[1] == (
        "Sam Okafor: sign-in disabled\n")
    signing_in = ["--db", str(sam), "--user", SAM, "--password-stdin", "export", "plan",
                  "EH-2026-0042", "--out", str(sam.parent / "out")]
    code, _, err = run(capsys, monkeypatch, *signing_in, stdin=f"{PASSWORD}\n")
    assert code == 2 and err == "tac: Sam Okafor's sign-in is disabled; ask an administrator\n"
    code, out, _ = run(capsys, monkeypatch, "--db", str(sam), "user", "list")
    assert out == "Sam Okafor · partner · Oakfield Primary School (disabled)\n"
    run(capsys, monkeypatch, "--db", str(sam), "user", "enable", SAM)
    assert run(capsys, monkeypatch, *signing_in, stdin=f"{PASSWORD}\n")[0] == 0


def test_a_second_factor_prints_the_address_and_secret_and_its_code_is_asked(
        sam, capsys, monkeypatch):
    code, out, _ = run(capsys, monkeypatch, "--db", str(sam), "user", "second-factor", SAM)
    _, address, secret_line = out.splitlines()
    assert code == 0 and address.startswith("otpauth://totp/TAC:Sam%20Okafor?secret=")
    secret = secret_line.removeprefix("secret: ")
    assert f"secret={secret}" in address
    signing_in = ["--db", str(sam), "--user", SAM, "--password-stdin", "export", "plan",
                  "EH-2026-0042", "--out", str(sam.parent / "out")]
    code, _, err = run(capsys, monkeypatch, *signing_in, stdin=f"{PASSWORD}\n")
    assert code == 2 and err == "tac: --password-stdin: standard input ended before the " \
                                "second-factor code\n"
    now = pyotp.TOTP(secret).now()
    assert run(capsys, monkeypatch, *signing_in, stdin=f"{PASSWORD}\n{now}\n")[0] == 0
    prompts = typed_at_the_terminal(monkeypatch, PASSWORD, now)
    assert run(capsys, monkeypatch, *signing_in[:4], *signing_in[5:])[0] == 0
    assert prompts == ["Password for Sam Okafor: ", "Code from your authenticator app: "]

    code, out, _ = run(capsys, monkeypatch, "--db", str(sam), "user", "second-factor", SAM,
                       "--remove")
    assert code == 0 and "second factor removed" in out
    assert run(capsys, monkeypatch, *signing_in, stdin=f"{PASSWORD}\n")[0] == 0


def test_someone_who_does_not_own_the_file_is_asked_to_sign_in(sam, capsys, monkeypatch):
    monkeypatch.setattr("tac.access.owner.owns", lambda path: False)
    code, _, err = run(capsys, monkeypatch, "--db", str(sam), "dump")
    assert code == 2 and err == f"tac: sign in with --user NAME: you do not own {sam}\n"
    code, out, _ = run(capsys, monkeypatch, "--db", str(sam), "--user", SAM, "--password-stdin",
                       "export", "plan", "EH-2026-0042", "--out", str(sam.parent / "out"),
                       stdin=f"{PASSWORD}\n")
    assert code == 0 and out.rstrip().endswith(".docx")


def test_password_stdin_without_user_says_to_give_it(sam, capsys, monkeypatch):
    code, _, err = run(capsys, monkeypatch, "--db", str(sam), "--password-stdin", "dump")
    assert code == 2 and err == "tac: --password-stdin is for signing in: give --user NAME too\n"


def test_as_is_gone(sam, capsys, monkeypatch):
    with pytest.raises(SystemExit) as stopped:
        main(["--db", str(sam), "dump", "--as", "Nobody Real"])
    out, err = capsys.readouterr()
    assert stopped.value.code == 2 and out == ""
    assert "unrecognized arguments: --as" in err
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "--as" not in capsys.readouterr().out
    import tac.identity

    assert not hasattr(tac.identity, "resolve_actor")


def test_the_app_opens_for_the_owner_for_the_user_signed_in_or_for_nobody(sam, capsys, monkeypatch):
    import screens.app
    from tac.identity import os_user

    opened: list[str | None] = []

    class App:
        return_code = 0

        def __init__(self, path, principal=None) -> None:
            opened.append(principal and (principal.name, principal.role.value, principal.owner))

        def run(self) -> None:
            pass

    monkeypatch.setattr(screens.app, "TacApp", App)
    assert run(capsys, monkeypatch, "--db", str(sam))[0] == 0
    assert run(capsys, monkeypatch, "--db", str(sam), "--user", SAM, "--password-stdin",
               stdin=f"{PASSWORD}\n")[0] == 0
    monkeypatch.setattr("tac.access.owner.owns", lambda path: False)
    assert run(capsys, monkeypatch, "--db", str(sam))[0] == 0  # the app asks who signs in
    assert opened == [(os_user(), "administrator", True), (SAM, "partner", False), None]
