"""Who is at the keyboard, and where the database lives, for this operating-system user."""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path

import platformdirs

APP_NAME = "tac"


def _identity_file() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / "identity.json"


def remembered_actor() -> str | None:
    """The professional this operating-system user chose before, if any."""
    try:
        data = json.loads(_identity_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) and name.strip() else None


def remember_actor(name: str) -> None:
    """Remember `name` as this operating-system user's professional for next time."""
    path = _identity_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"name": name}), encoding="utf-8")


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown user"


def resolve_actor(given: str | None) -> str:
    """`--as NAME`, else the remembered professional, else the operating-system user."""
    if given and given.strip():
        return " ".join(given.split())
    return remembered_actor() or os_user()


def database_path(given: str | os.PathLike | None = None) -> Path:
    """`--db PATH`, else `$TAC_DB`, else tac.db in the user's data folder."""
    if given:
        return Path(given).expanduser()
    env = os.environ.get("TAC_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "tac.db"
