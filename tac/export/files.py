"""Where exported documents go: safe file names, never overwriting, owner-only files."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from tac.errors import InvalidInput

DEFAULT_FOLDER = "exports"

# Characters some file system refuses (Windows is the strictest), and control characters.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(10)}
_MAX_NAME_BYTES = 200  # under every common file system's 255, leaving room for " (12)"
_BINARY = getattr(os, "O_BINARY", 0)  # Windows would otherwise translate newlines


def safe_file_name(name: str) -> str:
    """`name` made safe to use as a file name on Windows, macOS and Linux.

    >>> safe_file_name('2026-03-03 TAC minutes "EH/42".docx')
    '2026-03-03 TAC minutes -EH-42-.docx'
    """
    name = unicodedata.normalize("NFC", name)
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = " ".join(_UNSAFE.sub("-", stem).split()).strip(" .") or "document"
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"{stem} document"
    suffix = _UNSAFE.sub("", suffix)
    limit = _MAX_NAME_BYTES - len(suffix.encode()) - 1
    while len(stem.encode()) > limit:
        stem = stem[:-1]
    return f"{stem}.{suffix}" if suffix else stem


def export_folder(folder: Path | str | None = None) -> Path:
    """The folder to write into (default `exports/` under the current directory),
    created owner-only if missing."""
    path = Path(folder).expanduser() if folder else Path.cwd() / DEFAULT_FOLDER
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise InvalidInput(f"cannot create the folder {path}: {error.strerror}") from None
    if not path.is_dir():
        raise InvalidInput(f"{path} is not a folder")
    return path


def write_new(folder: Path, name: str, content: bytes) -> Path:
    """Write `content` to a file that did not exist, readable by its owner only.

    If `name` is taken, the file becomes `name (2)`, `name (3)` and so on: an export never
    replaces a document someone may already have sent. Safe when several processes write
    into the same folder at once (the file is created exclusively).
    """
    safe = safe_file_name(name)
    stem, dot, suffix = safe.rpartition(".")
    if not dot:
        stem, suffix = safe, ""
    for number in range(1, 10_000):
        candidate = safe if number == 1 else f"{stem} ({number}){dot}{suffix}"
        path = folder / candidate
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o600)
        except FileExistsError:
            continue
        except OSError as error:
            raise InvalidInput(f"cannot write {path}: {error.strerror}") from None
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        return path
    raise InvalidInput(f"{folder} already holds 10,000 copies of {safe}; clear some out")

