"""The `tac` command. With no sub-command it opens the app; the rest work without a screen.

Errors a user can fix print one line on stderr and exit with status 2. A bug of ours
writes a crash report (no record contents) and exits with status 1. A reader that stops
early (`tac dump | head`) ends the command quietly, with status 141 as for SIGPIPE.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from tac import __version__
from tac.errors import TacError

if TYPE_CHECKING:  # the store is imported when a command runs, not at start-up
    from tac.access.roles import Principal
    from tac.store import Store


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tac",
        description="Run early help screening and team-around-the-child meetings. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"tac {__version__}")
    parser.add_argument("--db", metavar="PATH", help="the database file (default: $TAC_DB, "
                        "else tac.db in your data folder)")
    parser.add_argument("--user", metavar="NAME",
                        help="sign in as this user; the password is asked at the terminal "
                        "(the owner of the database file needs no sign-in)")
    parser.add_argument("--password-stdin", dest="sign_in_stdin", action="store_true",
                        help="with --user: read the password from standard input's first "
                        "line (and a second-factor code from the second)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="fill a new database with realistic demo families")
    demo.add_argument("--families", type=int, default=40, metavar="N", help="how many (default 40)")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="same seed, same data")
    demo.add_argument("--open", action="store_true",
                      help="then open the app (if the database already has families, just open it)")

    commands.add_parser("check", help="check the database: integrity, links, schema, counts")

    dump = commands.add_parser("dump", help="print families as JSON (all when no REF is given)")
    dump.add_argument("references", nargs="*", metavar="REF", help="e.g. EH-2026-0042")

    load = commands.add_parser("load", help="load a file written by `tac dump`")
    load.add_argument("file", metavar="FILE", help="a JSON file, or - for standard input")

    commands.add_parser("schema", help="print the JSON Schema of the dump format")

    from tac.vulnerability_cli import add_check_list_parser

    add_check_list_parser(commands)

    backup = commands.add_parser("backup", help="copy the database safely, even while in use")
    backup.add_argument("dest", metavar="DEST", help="the new file to write")

    setting = commands.add_parser("setting", help="show the settings, or change one")
    setting.add_argument("key", nargs="?", metavar="KEY", help="e.g. review_interval_weeks")
    setting.add_argument("value", nargs="?", metavar="VALUE", help="the new value")

    audit = commands.add_parser("audit", help="print a family's history, oldest first: who changed "
                                "what, who looked and who was refused (managers and auditors)")
    audit.add_argument("reference", metavar="REF", help="e.g. EH-2026-0042")

    find = commands.add_parser("find", help="print the families whose people, reference, postcode, "
                               "address or school match (accents, case and one slip aside)")
    find.add_argument("text", nargs="+", metavar="TEXT", help="e.g. a name, a date of birth, a postcode")

    referrals = commands.add_parser("referrals", help="take referrals in from a file")
    referral_commands = referrals.add_subparsers(dest="referrals_command", metavar="COMMAND", required=True)
    intake = referral_commands.add_parser(
        "import", help="import referrals from a CSV file, one row per person (docs/referral-import.md)")
    intake.add_argument("file", metavar="FILE.csv")
    intake.add_argument("--dry-run", action="store_true", help="say what would happen and write nothing")

    minutes = commands.add_parser("minutes", help="the minutes clock: record minutes sent, "
                                  "list those past it")
    minutes_commands = minutes.add_subparsers(dest="minutes_command", metavar="COMMAND",
                                              required=True)
    sent = minutes_commands.add_parser(
        "sent", help="record that a finished meeting's minutes were sent",
        description="Record that the minutes were sent. REF is a family reference "
        "(EH-2026-0042) for its latest finished TAC meeting, or the word 'screening' for the "
        "latest finished screening meeting; --held picks the meeting held on that day.")
    sent.add_argument("reference", metavar="REF", help="EH-2026-0042, or 'screening'")
    sent.add_argument("--held", metavar="DD/MM/YYYY", help="the meeting held on this day "
                      "(default: the latest)")
    sent.add_argument("--on", metavar="DD/MM/YYYY", help="the day they were sent (default: today)")
    sent.add_argument("--by", metavar="NAME", help="who sent them (default: you)")
    minutes_commands.add_parser(
        "late", help="list the finished meetings whose minutes are past the clock, oldest first")

    from tac.access.cli import add_user_parser

    add_user_parser(commands)

    retention = commands.add_parser(
        "retention", help="list the closed families kept past the retention period, or erase one",
        description="With no command, list the closed families whose closure was longer ago "
        "than the setting retention_years (administrators only).")
    retention_commands = retention.add_subparsers(dest="retention_command", metavar="COMMAND")
    erase = retention_commands.add_parser(
        "erase", help="erase a family past retention and everything about it, leaving one "
        "audit line")
    erase.add_argument("reference", metavar="REF", help="e.g. EH-2019-0042")
    erase.add_argument("--yes", action="store_true", help="do not ask to type the reference again")

    report = commands.add_parser("report", help="reports on the whole service, with CSV files")
    reports = report.add_subparsers(dest="report_kind", metavar="WHAT", required=True)
    overseen = reports.add_parser(
        "oversight", help="drift, caseload, flow and impact: a Word report and a CSV per list",
        description="Write the oversight report (Word, marked OFFICIAL-SENSITIVE) and beside "
        "it one CSV file per list (overdue_actions.csv, late_reviews.csv, "
        "no_lead_professional.csv, rising_vulnerability.csv and more), dates ISO. The flow and "
        "impact cover the twelve months to the --as-of day. For early help managers and "
        "auditors.")
    overseen.add_argument("--as-of", metavar="DD/MM/YYYY", help="the day it is judged on "
                          "(default: today)")
    overseen.add_argument("--out", metavar="DIR", help="folder to write into (default: "
                          "exports/ here, created if missing)")
    ssd = reports.add_parser(
        "ssd", help="the Standard Safeguarding Dataset's early help extract: two CSV files",
        description="Write ssd_early_help_episodes.csv and ssd_person.csv into DIR "
        "(docs/ssd-extract.md says where each column comes from).")
    ssd.add_argument("--out", metavar="DIR", default=".", help="the folder (default: here)")

    serve = commands.add_parser("serve", help="serve the app to browsers; each person signs in",
                                description="Serve the app to browsers. Each browser session "
                                "starts at the sign-in screen. docs/deploy.md shows how to run it "
                                "for a team: a service account, TLS at a reverse proxy, backups.")
    serve.add_argument("--host", default="127.0.0.1", metavar="HOST",
                       help="the address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8000, metavar="PORT", help="default 8000")

    try:
        from tac.export.cli import add_export_parser
    except ImportError:  # export not installed in this build
        pass
    else:
        add_export_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `tac` command."""
    args = _parser().parse_args(argv)
    try:
        code = _run(args)
        sys.stdout.flush()  # a reader gone away shows up here, not as Python exits
        return code
    except TacError as error:
        print(f"tac: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tac: stopped", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Python's own advice: point stdout at devnull so that nothing more is written
        # (and nothing fails again at exit), then stop as tools killed by SIGPIPE do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as error:  # a bug of ours: report it without the family's data
        from tac.store.database import describe_sqlite_error, is_file_problem

        if is_file_problem(error):  # damage past the checks made on opening, or a failing disk
            from tac.identity import database_path

            print(f"tac: {describe_sqlite_error(database_path(args.db), error)}", file=sys.stderr)
            return 2
        from tac.crash import write_crash_report

        path = write_crash_report(error)
        print(f"tac: something went wrong inside TAC; a report (with no family details) "
              f"is at {path}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    from tac.access.cli import run_user
    from tac.identity import database_path

    path = database_path(args.db)
    if args.sign_in_stdin and not args.user:
        from tac.errors import InvalidInput

        raise InvalidInput("--password-stdin is for signing in: give --user NAME too")
    if args.command is None:
        return _open_app(path, _principal_for_app(path, args))
    if args.command == "serve":
        return _serve(path, args)
    if args.command == "schema":
        from tac.bundle import Bundle

        print(json.dumps(Bundle.model_json_schema(), indent=2))
        return 0

    if args.command == "demo" and args.open:
        with _opened(path, args) as store:
            if not store.count("families") or store.load_draft(_DEMO_DRAFT):
                _demo(args, store)
            principal = store.principal
        return _open_app(path, principal)
    with _opened(path, args) as store:
        handler = {
            "demo": _demo,
            "check": _check,
            "dump": _dump,
            "load": _load,
            "backup": _backup,
            "setting": _setting,
            "audit": _audit,
            "find": _find,
            "referrals": _import_referrals,
            "minutes": _minutes,
            "user": run_user,
            "retention": _retention,
            "report": _report,
            "check-list": _check_list,
        }.get(args.command)
        if handler is None:
            from tac.export.cli import run_export

            return run_export(args, store)
        return handler(args, store)


_CREATES = {"demo", "load"}
_CHECKED_FIRST = {"demo", "load", "setting", "backup", "dump"}
"""Commands that write or copy the database: it is read whole (`PRAGMA quick_check`,
about a second at 20,000 families) before they start, so damage is never spread."""


@contextmanager
def _opened(path: Path, args: argparse.Namespace) -> Iterator:
    """The store the command works on, for the user signed in with `--user`, else for the
    owner of the database file (anyone else is refused). A database this command made is
    removed again if the command fails, so a failed `tac load` or an interrupted `tac demo`
    leaves nothing."""
    from tac.access.cli import sign_in_at_terminal
    from tac.access.owner import terminal_principal
    from tac.errors import Refused
    from tac.identity import os_user
    from tac.store import Store
    from tac.store.database import remove

    command = args.command
    owner = None if args.user else terminal_principal(path)
    if owner is None and not args.user:
        raise Refused(f"sign in with --user NAME: you do not own {path}")
    fresh = command in _CREATES and not path.exists()
    # Until `--user` has signed in, nothing is read or written but the sign-in itself.
    store = Store.open(path, actor=owner or os_user(), create=command in _CREATES,
                       verify=command in _CHECKED_FIRST)
    try:
        with store:
            if args.user:
                store.principal = sign_in_at_terminal(store, args.user, args.sign_in_stdin)
            yield store
    except BrokenPipeError:
        raise  # the work is done and saved; only its report found no reader
    except BaseException:
        if fresh:
            remove(path)
        raise


def _principal_for_app(path: Path, args: argparse.Namespace) -> Principal | None:
    """Who the app opens for: the user signed in here with `--user`, else the owner of the
    database file; None for anyone else, whom the app asks to sign in."""
    if not args.user:
        from tac.access.owner import terminal_principal

        return terminal_principal(path)
    with _opened(path, args) as store:
        return store.principal


def _open_app(path: Path, principal: Principal | None) -> int:
    from screens.app import TacApp

    app = TacApp(path, principal)
    app.run()
    return app.return_code or 0


def _serve(path: Path, args: argparse.Namespace) -> int:
    from tac.errors import InvalidInput
    from tac.identity import os_user
    from tac.store import Store

    if not 0 < args.port < 65536:
        raise InvalidInput(f"--port: give a number from 1 to 65535, not {args.port}")
    if not path.exists():
        raise InvalidInput(f"there is no database at {path}: make it at a terminal first "
                           f"(`tac --db {_quoted(path)}` offers to), then serve it")
    # Opened once here, read whole: a damaged, locked or newer database is refused now in
    # one line, and an older one is brought up to date before any browser session opens it.
    # It is opened as the account that serves it, which owns the file; nobody in a browser is.
    Store.open(path, actor=os_user(), create=False, verify=True).close()
    from screens.serve import serve

    try:
        serve(path.resolve(), args.host, args.port)
    except OSError as error:  # the address is in use, or not this machine's
        raise InvalidInput(f"cannot serve on {args.host}:{args.port}: "
                           f"{error.strerror or error}") from None
    return 0


_DEMO_DRAFT = "tac demo in progress"
"""The draft a demo keeps while it is built: what it was asked for and the day it is set
on, so that a demo stopped part-way (killed, power cut) can be finished exactly."""

_DEMO_BATCH = 1000


def _demo(args: argparse.Namespace, store: Store) -> int:
    from datetime import date

    from tac.demo import demo_batches

    if args.families < 1:
        raise TacError("--families: give at least 1")
    existing = store.count("families")
    building = store.load_draft(_DEMO_DRAFT)
    if building and existing:
        asked = (building["families"], building["seed"])
        whole_batches = existing % _DEMO_BATCH == 0 or existing == building["families"]
        if asked != (args.families, args.seed) or not whole_batches:
            raise TacError(
                f"{store.path} holds a demo stopped part-way ({existing} of {asked[0]} families): "
                f"finish it with `tac --db {_quoted(store.path)} demo --families {asked[0]} "
                f"--seed {asked[1]}`, or delete {_quoted(store.path)} to start again"
            )
        print(f"demo: finishing the demo stopped at {existing} of {asked[0]} families", file=sys.stderr)
    elif existing:
        raise TacError(f"{store.path} already holds {existing} families; demo data goes into a "
                       "new database: give another path with --db")
    else:
        building = {"families": args.families, "seed": args.seed, "today": date.today().isoformat()}
        store.save_draft(_DEMO_DRAFT, building)
    started = time.perf_counter()
    totals: dict[str, int] = {}
    today = date.fromisoformat(building["today"])
    # A batch at a time, so that tens of thousands of families never sit in memory at once.
    # Each batch is saved in one transaction, so a stopped demo holds whole batches only.
    batches = demo_batches(args.families, args.seed, today, batch_size=_DEMO_BATCH)
    for number, batch in enumerate(batches):
        if number * _DEMO_BATCH < existing:
            continue  # saved before the demo was stopped; made again to keep the same data
        for table, count in store.load(batch, note=f"demo data, seed {args.seed}").items():
            totals[table] = totals.get(table, 0) + count
        if args.families > _DEMO_BATCH:
            done = existing + totals.get("families", 0)
            print(f"demo: {done} of {args.families} families", file=sys.stderr)
    store.drop_draft(_DEMO_DRAFT)
    _keep_drift_facts(store)
    print(f"demo: {totals.get('families', 0)} families, {totals.get('actions', 0)} actions, "
          f"{totals.get('tac_meetings', 0)} TAC meetings into {store.path} "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


def _keep_drift_facts(store: Store) -> None:
    """Work out now what oversight's drift keeps of each family (`drift_facts`), as a file
    in use would have it, so that the demo's first oversight count is not the slow one (two
    seconds at 20,000 families). Only for those who may see oversight."""
    from tac.access.permissions import Permission, refusal
    from tac.oversight import drift_facts_now

    if refusal(store.principal, Permission.OVERSIGHT) is None:
        drift_facts_now(store, store.families_now())


def _quoted(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


def _check(args: argparse.Namespace, store: Store) -> int:
    report = store.check()
    print(f"database: {store.path}")
    print(f"schema version: {report.schema_version}")
    for table, count in report.counts.items():
        print(f"  {table}: {count}")
    for problem in report.problems:
        print(f"problem: {problem}")
    print("sound" if report.ok else f"{len(report.problems)} problem(s) found")
    if report.ok:
        return 0
    from tac.errors import DatabaseError

    raise DatabaseError(
        f"{store.path} is damaged or inconsistent ({len(report.problems)} problem(s) above): "
        "restore it from a copy made by `tac backup` (check the copy first with "
        "`tac --db COPY check`), and add nothing to it until then"
    )


def _dump(args: argparse.Namespace, store: Store) -> int:
    bundle = store.dump(args.references or None)
    sys.stdout.write(bundle.model_dump_json(indent=1))
    sys.stdout.write("\n")
    sys.stdout.flush()
    return 0


def _load(args: argparse.Namespace, store: Store) -> int:
    from pydantic import ValidationError

    from tac.bundle import Bundle
    from tac.errors import InvalidInput, describe_validation_error

    name = "standard input" if args.file == "-" else args.file
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"cannot read {name}: {getattr(error, 'strerror', None) or error}") from None
    try:
        bundle = Bundle.model_validate_json(text)
    except ValidationError as error:
        message = describe_validation_error(error)
        if len(message) > 400:
            message = message[:400] + "..."
        raise InvalidInput(f"{name} cannot be loaded: {message}") from None
    counts = store.load(bundle, note=f"loaded from {Path(name).name}")
    print(f"loaded {len(bundle.families)} families ({sum(counts.values())} records) into {store.path}")
    return 0


def _backup(args: argparse.Namespace, store: Store) -> int:
    dest = store.backup(args.dest)
    print(f"backup written to {dest}")
    return 0


def _setting(args: argparse.Namespace, store: Store) -> int:
    from tac.settings import Settings

    if args.key and args.value is not None:
        store.set_setting(args.key, Settings.parse(args.key, args.value))
    settings = store.settings()
    for key in [Settings.known(args.key)] if args.key else Settings.keys():
        print(f"{key} = {getattr(settings, key)!s:<8} ({Settings.meaning(key)})")
    return 0


def _check_list(args: argparse.Namespace, store: Store) -> int:
    from tac.vulnerability_cli import run_check_list

    return run_check_list(args, store)


def _audit(args: argparse.Namespace, store: Store) -> int:
    from tac.history import family_history

    history = family_history(store, args.reference)
    try:
        print(history.heading())
        for line in history.lines:
            print(line.text())
        sys.stdout.flush()
    except BrokenPipeError:  # read through `head` or a pager closed early: stop quietly
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _find(args: argparse.Namespace, store: Store) -> int:
    from tac.intake.matching import find_families

    text, shown = " ".join(args.text), 50
    found = find_families(store, text, limit=shown + 1)
    if not found:
        print(f"tac find: no family matches {text!r}", file=sys.stderr)
        return 1
    rows = [
        (m.reference, m.family_name, m.status.value, f"level {m.level}" if m.level else "no level",
         m.person.name if m.person else "")
        for m in found[:shown]
    ]
    widths = [max(len(row[n]) for row in rows) for n in range(4)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[4]]).rstrip())
    if len(found) > shown:
        print(f"(the first {shown}; add words to narrow the search)", file=sys.stderr)
    return 0


def _minutes(args: argparse.Namespace, store: Store) -> int:
    from datetime import date

    from tac import rules
    from tac.dates import form_date, parse_form_date
    from tac.meetings.minutes import meeting_for_minutes, record_minutes_sent
    from tac.models import TAC_MEETING_KIND_LABELS, Family

    today = date.today()
    if args.minutes_command == "sent":
        held = parse_form_date(args.held, "held") if args.held else None
        on = parse_form_date(args.on, "sent on") if args.on else today
        meeting = meeting_for_minutes(store, args.reference, held)
        saved = record_minutes_sent(store, type(meeting), meeting.id, on,
                                    args.by or store.actor, today=today)
        print(f"minutes of the meeting of {form_date(saved.held_on)} recorded as sent "
              f"{form_date(saved.minutes_sent_on)} by {saved.minutes_sent_by}")
        return 0
    within = store.settings().minutes_within_working_days
    late = rules.drift_summary([], today=today, limit_working_days=0,
                               meetings=store.unsent_minutes(),
                               minutes_within_working_days=within,
                               minutes_clock_from=store.settings().minutes_clock_from).minutes_late
    for row in late:
        days = rules.minutes_days_past(row, today, within_working_days=within)
        what = ("screening meeting" if row.is_screening else
                f"{store.get(Family, row.family_id).reference} "
                f"{TAC_MEETING_KIND_LABELS[row.kind].lower()} TAC")
        unit = "day" if days == 1 else "days"
        print(f"{form_date(row.held_on)}  {what}  {days} {unit} past the clock")
    print(f"{len(late)} past the clock of {within} working days", file=sys.stderr)
    return 0


def _retention(args: argparse.Namespace, store: Store) -> int:
    from datetime import date

    from tac.dates import long_date
    from tac.retention import erase_family, families_past_retention

    today = date.today()
    if args.retention_command == "erase":
        reference = args.reference.strip().upper()
        if not args.yes:
            try:
                typed = input(f"Erase {reference} and everything about it, for good. "
                              "Type the reference to confirm: ")
            except EOFError:
                typed = ""
            if typed.strip().upper() != reference:
                raise TacError(f"{reference} was not erased: the reference typed did not match")
        erased = erase_family(store, reference, today)
        what = ", ".join(f"{count} {label}" for label, count in erased.counts.items() if count)
        print(f"erased {erased.reference} (closed on {long_date(erased.closed_on)}): "
              f"{what or 'nothing else was recorded'}")
        return 0
    past = families_past_retention(store, today)
    years = store.settings().retention_years
    for family in past:
        print(f"{family.reference}  closed on {long_date(family.closed_on)}  "
              f"{family.how_long_ago(today)} ago")
    count = f"{len(past)} famil{'y' if len(past) == 1 else 'ies'}" if past else "no family"
    print(f"{count} closed more than {years} years ago (retention_years)")
    return 0


def _report(args: argparse.Namespace, store: Store) -> int:
    if args.report_kind == "ssd":
        return _report_ssd(args, store)
    from tac.dates import parse_form_date
    from tac.oversight.report import write_oversight_report

    as_of = parse_form_date(args.as_of, "as of") if args.as_of else None
    started = time.perf_counter()
    written = write_oversight_report(store, as_of, args.out)
    for path in written:
        print(path)
    print(f"oversight report and {len(written) - 1} CSV files written in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


def _report_ssd(args: argparse.Namespace, store: Store) -> int:
    from tac.ssd import write_ssd_extract

    written = write_ssd_extract(store, Path(args.out))
    print(f"ssd: {written.episodes} episodes of early help for {written.people} children")
    print(written.episodes_path)
    print(written.people_path)
    return 0


def _import_referrals(args: argparse.Namespace, store: Store) -> int:
    from collections import Counter

    from tac.intake.referral_file import ReferralFileError, read_referral_file
    from tac.intake.referral_import import plan_import, take_in

    path = Path(args.file)
    try:
        plan = plan_import(store, read_referral_file(path), path.name)
    except ReferralFileError as error:
        count = len(error.problems)
        print(f"tac: {path.name} was not imported ({count} problem{'s' * (count != 1)}; "
              "nothing was imported):", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    if not args.dry_run:
        plan = take_in(store, plan, path.name)
    for planned in plan:
        print(planned.line())
    counts = Counter(p.outcome.value for p in plan)
    new = counts["new_family"] + counts["to_check"]
    summary = (f"{len(plan)} referral{'s' * (len(plan) != 1)}: {counts['joined']} joined a known family, "
               f"{new} made a new one ({counts['to_check']} of them to check)")
    print(f"{summary}; " + ("dry run, nothing written" if args.dry_run else f"imported into {store.path}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
