"""Who runs TAC on this machine (their login name), and where the database lives."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import platformdirs

APP_NAME = "tac"


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown user"


def database_path(given: str | os.PathLike | None = None) -> Path:
    """`--db PATH`, else `$TAC_DB`, else tac.db in the user's data folder."""
    if given:
        return Path(given).expanduser()
    env = os.environ.get("TAC_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "tac.db"
