"""The owner of the database file, at a terminal on its machine: its administrator without a
password. They can read the file with any SQLite tool anyway, so asking them for a password
would protect nothing; everyone else signs in."""

from __future__ import annotations

import os
from pathlib import Path

from tac.access.roles import Origin, Principal
from tac.identity import os_user


def owns(path: Path) -> bool:
    """True when the person running TAC owns the database file (or will, as its maker)."""
    path = Path(path).expanduser()
    try:
        return path.stat().st_uid == os.geteuid()
    except FileNotFoundError:
        return True  # this run will create it, as its owner
    except OSError:
        return False


def terminal_principal(path: Path) -> Principal | None:
    """The file's owner, named by their login, when they run TAC at its terminal; None for
    anyone else, who must sign in."""
    if owns(path):
        return Principal.file_owner(os_user(), Origin.TERMINAL)
    return None
