"""`tac export ...`: Word minutes and family plans from the command line.

    tac export minutes EH-2026-0042            latest finished TAC meeting of the family
    tac export minutes EH-2026-0042 --date 03/03/2026
    tac export minutes screening               latest finished screening meeting
    tac export plan EH-2026-0042               (a closed family's: the closing letter)
    tac export stepup EH-2026-0042             transfer summary of a family stepped up
    tac export batch [--since DD/MM/YYYY] [--out DIR] [--templates DIR]
    tac export templates DIR                   copy TAC's templates, to restyle in Word

The lead's `tac/cli.py` registers the parser (`add_export_parser`) and calls `run_export`
with an open store. Paths written go to standard output, progress to standard error.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tac.dates import parse_form_date
from tac.errors import InvalidInput, TacError

if TYPE_CHECKING:  # the store is imported when a command runs, not at start-up
    from tac.store import Store

SCREENING = "screening"


def _form_date(text: str) -> date:
    try:
        return parse_form_date(text)
    except InvalidInput as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_export_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `export` and its sub-commands to the `tac` command's parser."""
    export = subparsers.add_parser(
        "export",
        help="write Word minutes and family plans (into exports/ by default)",
        description="Write Word documents marked OFFICIAL-SENSITIVE. Files are never "
        "overwritten (a second copy gets ' (2)') and only their owner can read them.",
    )
    kinds = export.add_subparsers(dest="export_kind", metavar="WHAT", required=True)

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--out", metavar="DIR",
                            help="folder to write into (default: exports/ here, created if missing)")
        parser.add_argument("--templates", metavar="DIR",
                            help="your own copies of the templates (default: the templates_dir "
                            "setting, else TAC's own)")

    minutes = kinds.add_parser(
        "minutes",
        help="minutes of a finished meeting",
        description="Minutes of a finished meeting. REF is a family reference "
        "(EH-2026-0042) for its latest finished TAC meeting, or the word 'screening' for "
        "the latest finished multi-agency screening meeting. --date picks the meeting "
        "held on that day instead.",
    )
    minutes.add_argument("reference", metavar="REF", help="EH-2026-0042, or 'screening'")
    minutes.add_argument("--date", type=_form_date, metavar="DD/MM/YYYY",
                         help="the meeting held on this day (default: the latest)")
    common(minutes)

    plan = kinds.add_parser(
        "plan",
        help="the family's plan, in plain language",
        description="The family's plan as agreed at its latest finished TAC meeting, "
        "with the actions still open; for a family whose early help has closed, the "
        "closing letter to the family instead.",
    )
    plan.add_argument("reference", metavar="REF", help="a family reference: EH-2026-0042")
    common(plan)

    stepup = kinds.add_parser(
        "stepup",
        help="the transfer summary of a family stepped up to children's social care",
        description="The transfer summary that travels with a family stepped up to "
        "children's social care: who they are, consent, the chronology in full, the latest "
        "Signs of Safety assessment, scaling over time, the actions and how they went, and "
        "the reason for stepping up with the missed-opportunity reflection.",
    )
    stepup.add_argument("reference", metavar="REF", help="a family reference: EH-2026-0042")
    common(stepup)

    batch = kinds.add_parser(
        "batch",
        help="minutes of every finished meeting, plans of every open family and closing letters",
        description="Minutes of every finished screening and TAC meeting, the plan of "
        "every open family with a finished TAC meeting, and the closing letter of every "
        "closed family that had one, using every core.",
    )
    batch.add_argument("--since", type=_form_date, metavar="DD/MM/YYYY",
                       help="only meetings held on or after this day (and plans agreed since)")
    common(batch)

    templates = kinds.add_parser(
        "templates",
        help="copy TAC's Word templates into a folder, to restyle them in Word",
        description="Copy TAC's Word templates into DIR. Edit them in Word, then use "
        "--templates DIR (or set templates_dir) so exports use your copies. "
        "docs/templates.md lists the fields each template can use.",
    )
    templates.add_argument("folder", metavar="DIR")
    return export


class _ProgressLine:
    """`exported 120 of 1000` on standard error: one line redrawn on a terminal,
    a line every tenth of the way otherwise (so logs stay short)."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last_tenth = -1
        self.started = time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        if self.tty:
            print(f"\rexported {done} of {total}", end="", file=sys.stderr, flush=True)
            if done == total:
                print(file=sys.stderr)
            return
        tenth = (done * 10) // max(total, 1)
        if tenth != self.last_tenth:
            self.last_tenth = tenth
            print(f"exported {done} of {total}", file=sys.stderr, flush=True)


def _copy_templates(folder: Path) -> int:
    from tac.export.files import export_folder, write_new
    from tac.export.word import TEMPLATE_FILES, default_templates

    folder = export_folder(folder)
    source = default_templates()
    for name in TEMPLATE_FILES.values():
        print(write_new(folder, name, (source / name).read_bytes()))
    return 0


def run_export(args: argparse.Namespace, store: Store) -> int:
    """Carry out `tac export ...` on an open store; the exit status."""
    try:
        return _run(args, store)
    except TacError as error:
        print(f"tac export: {error}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace, store: Store) -> int:
    # Here, not at the top: `tac` registers this parser on every start, app included.
    from tac.export.batch import export_batch, templates_folder
    from tac.export.gather import (
        latest_minutes_papers,
        latest_screening_papers,
        plan_papers,
        transfer_summary_papers,
    )
    from tac.export.writing import write_document

    if args.export_kind == "templates":
        return _copy_templates(Path(args.folder))
    templates = templates_folder(store, args.templates)
    if args.export_kind == "batch":
        progress = _ProgressLine()
        result = export_batch(store, args.out, since=args.since, templates=templates,
                              progress=progress)
        for path in result.paths:
            print(path)
        for line in result.left_out:
            print(f"left out: {line}", file=sys.stderr)
        seconds = time.perf_counter() - progress.started
        print(f"{len(result.paths)} documents written in {seconds:.1f} s", file=sys.stderr)
        return 0

    if args.export_kind == "plan":
        papers = plan_papers(store, store.family_by_reference(args.reference).id)
    elif args.export_kind == "stepup":
        papers = transfer_summary_papers(store, store.family_by_reference(args.reference).id)
    elif args.reference.strip().lower() == SCREENING:
        papers = latest_screening_papers(store, args.date)
    else:
        papers = latest_minutes_papers(store, args.reference, args.date)
    print(write_document(store, papers, args.out, templates))
    return 0
