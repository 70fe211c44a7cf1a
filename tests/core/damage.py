"""Ways a database file goes wrong outside TAC, made on purpose for tests."""

from __future__ import annotations

import subprocess
from pathlib import Path


def damage_in_the_middle(path: Path) -> None:
    """Overwrite about 4 KB halfway through the file, as a failing disk or a bad copy does."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"GARBAGE" * 600)


def chattr(path: Path, flag: str) -> bool:
    """Set (`+i`) or clear (`-i`) a file attribute; False where the filesystem refuses."""
    try:
        done = subprocess.run(["chattr", flag, str(path)], capture_output=True)
    except OSError:
        return False
    return done.returncode == 0
