"""The `tac` command. With no sub-command it opens the app; the rest work without a screen.

Errors a user can fix print one line on stderr and exit with status 2. A bug of ours
writes a crash report (no record contents) and exits with status 1.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from tac import __version__
from tac.errors import TacError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tac",
        description="Run early help screening and team-around-the-child meetings. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"tac {__version__}")
    parser.add_argument("--db", metavar="PATH", help="the database file (default: $TAC_DB, "
                        "else tac.db in your data folder)")
    parser.add_argument("--as", dest="actor", metavar="NAME",
                        help="who is at the keyboard, for the audit trail and 'my actions'")
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

    backup = commands.add_parser("backup", help="copy the database safely, even while in use")
    backup.add_argument("dest", metavar="DEST", help="the new file to write")

    setting = commands.add_parser("setting", help="show the settings, or change one")
    setting.add_argument("key", nargs="?", metavar="KEY", help="e.g. review_interval_weeks")
    setting.add_argument("value", nargs="?", metavar="VALUE", help="the new value")

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
        return _run(args)
    except TacError as error:
        print(f"tac: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tac: stopped", file=sys.stderr)
        return 130
    except Exception as error:  # a bug of ours: report it without the family's data
        from tac.crash import write_crash_report

        path = write_crash_report(error)
        print(f"tac: something went wrong inside TAC; a report (with no family details) "
              f"is at {path}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    from tac.identity import database_path, resolve_actor

    path = database_path(args.db)
    if args.command is None:
        return _open_app(path, args.actor)
    if args.command == "schema":
        from tac.bundle import Bundle

        print(json.dumps(Bundle.model_json_schema(), indent=2))
        return 0

    from tac.store import Store

    creates = args.command in {"demo", "load"}
    if args.command == "demo" and args.open:
        with Store.open(path, actor=resolve_actor(args.actor), create=True) as store:
            if not store.count("families"):
                _demo(args, store)
        return _open_app(path, args.actor)
    with Store.open(path, actor=resolve_actor(args.actor), create=creates) as store:
        handler = {
            "demo": _demo,
            "check": _check,
            "dump": _dump,
            "load": _load,
            "backup": _backup,
            "setting": _setting,
        }.get(args.command)
        if handler is None:
            from tac.export.cli import run_export

            return run_export(args, store)
        return handler(args, store)


def _open_app(path: Path, actor: str | None) -> int:
    from screens.app import TacApp
    from tac.identity import remembered_actor

    app = TacApp(db_path=path, actor=actor or remembered_actor())
    app.run()
    return app.return_code or 0


def _demo(args: argparse.Namespace, store) -> int:
    from tac.demo import demo_batches

    if args.families < 1:
        raise TacError("--families: give at least 1")
    existing = store.count("families")
    if existing:
        raise TacError(f"{store.path} already holds {existing} families; demo data goes into a "
                       "new database: give another path with --db")
    started = time.perf_counter()
    totals: dict[str, int] = {}
    # A batch at a time, so that tens of thousands of families never sit in memory at once.
    for batch in demo_batches(args.families, args.seed, batch_size=1000):
        for table, count in store.load(batch, note=f"demo data, seed {args.seed}").items():
            totals[table] = totals.get(table, 0) + count
        if args.families > 1000:
            print(f"demo: {totals.get('families', 0)} of {args.families} families", file=sys.stderr)
    print(f"demo: {totals.get('families', 0)} families, {totals.get('actions', 0)} actions, "
          f"{totals.get('tac_meetings', 0)} TAC meetings into {store.path} "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


def _check(args: argparse.Namespace, store) -> int:
    report = store.check()
    print(f"database: {store.path}")
    print(f"schema version: {report.schema_version}")
    for table, count in report.counts.items():
        print(f"  {table}: {count}")
    for problem in report.problems:
        print(f"problem: {problem}")
    print("sound" if report.ok else f"{len(report.problems)} problem(s) found")
    return 0 if report.ok else 1


def _dump(args: argparse.Namespace, store) -> int:
    bundle = store.dump(args.references or None)
    sys.stdout.write(bundle.model_dump_json(indent=1))
    sys.stdout.write("\n")
    return 0


def _load(args: argparse.Namespace, store) -> int:
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


def _backup(args: argparse.Namespace, store) -> int:
    dest = store.backup(args.dest)
    print(f"backup written to {dest}")
    return 0


def _setting(args: argparse.Namespace, store) -> int:
    from tac.settings import Settings

    if args.key and args.value is not None:
        store.set_setting(args.key, Settings.parse(args.key, args.value))
    settings = store.settings()
    for key in [Settings.known(args.key)] if args.key else Settings.keys():
        print(f"{key} = {getattr(settings, key)!s:<8} ({Settings.meaning(key)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
