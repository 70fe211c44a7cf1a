"""Crash reports for our own bugs: where it broke, never what it was holding.

Textual's default crash screen prints a traceback with each frame's local variables.
For TAC those locals are a child's name, a worry, a referral: so a crash never shows
them, and the report written to disk keeps only file names, line numbers, function
names and the exception's type. Its message is left out too, because a validation
message can quote what was typed.
"""

from __future__ import annotations

import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path

KEEP = 10
"""How many crash reports to keep; older ones are deleted."""


def crash_dir() -> Path:
    """The folder crash reports go to: the user's log folder for TAC."""
    from platformdirs import user_log_dir

    return Path(user_log_dir("tac", appauthor=False))


def describe_crash(exc: BaseException) -> str:
    """The text of a crash report: versions, the exception's type, and each frame's place."""
    from tac import __version__

    lines = [
        "TAC crash report",
        f"when: {datetime.now().isoformat(timespec='seconds')}",
        f"tac: {__version__}",
        f"python: {platform.python_version()} on {platform.platform()}",
        "",
    ]
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for position, error in enumerate(reversed(chain)):
        if position:
            lines.append("")
            lines.append("which led to:")
        lines.append(f"{type(error).__module__}.{type(error).__qualname__}")
        for frame in traceback.extract_tb(error.__traceback__):
            lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}")
    lines.append("")
    lines.append("(Messages and values are left out on purpose: they may name a family.)")
    return "\n".join(lines) + "\n"


def write_crash_report(exc: BaseException, folder: Path | None = None) -> Path:
    """Write a report of `exc` without locals or messages; keep the last ten; return its path.

    >>> write_crash_report(ValueError("x"))  # doctest: +SKIP
    PosixPath('/home/jo/.local/state/tac/log/crash-20260303-101500-123456.txt')
    """
    folder = folder or crash_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"crash-{stamp}.txt"
    path.write_text(describe_crash(exc), encoding="utf-8")
    if sys.platform != "win32":
        path.chmod(0o600)
    reports = sorted(folder.glob("crash-*.txt"))
    for old in reports[:-KEEP]:
        old.unlink(missing_ok=True)
    return path
