"""File names that say what a document is, are safe everywhere, and never overwrite."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from tac.errors import InvalidInput
from tac.export import file_name
from tac.export.files import export_folder, safe_file_name, write_new


def test_names_say_what_each_document_is(minutes_papers, plan_papers, screening_papers):
    assert file_name(minutes_papers) == "2026-03-03 TAC minutes EH-2026-0042.docx"
    assert file_name(plan_papers) == "2026-03-03 family plan EH-2026-0042.docx"
    assert file_name(screening_papers) == "2026-01-12 screening minutes.docx"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ('a<b>c:d"e/f\\g|h?i*j.docx', "a-b-c-d-e-f-g-h-i-j.docx"),
        ("minutes\x00\x1f.docx", "minutes--.docx"),
        ("CON.docx", "CON document.docx"),
        ("  trailing dots... .docx", "trailing dots.docx"),
        ("رضا 😀.docx", "رضا 😀.docx"),
    ],
)
def test_names_are_safe_on_every_file_system(given, expected):
    assert safe_file_name(given) == expected


def test_very_long_names_are_shortened_keeping_the_extension():
    name = safe_file_name("é" * 400 + ".docx")
    assert name.endswith(".docx")
    assert len(name.encode()) <= 200


def test_an_existing_file_is_never_overwritten(tmp_path):
    first = write_new(tmp_path, "plan.docx", b"first")
    second = write_new(tmp_path, "plan.docx", b"second")
    third = write_new(tmp_path, "plan.docx", b"third")
    assert [first.name, second.name, third.name] == ["plan.docx", "plan (2).docx",
                                                     "plan (3).docx"]
    assert first.read_bytes() == b"first"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_files_are_readable_by_their_owner_only(tmp_path):
    old = os.umask(0)  # even a permissive umask must not open the file to others
    try:
        path = write_new(tmp_path, "minutes.docx", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_default_folder_is_exports_under_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = export_folder()
    assert folder == tmp_path / "exports"
    assert folder.is_dir()
    assert export_folder(tmp_path / "deep" / "er") == tmp_path / "deep" / "er"


def test_a_folder_that_cannot_be_made_is_a_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(InvalidInput, match="cannot create the folder"):
        export_folder(Path(blocker) / "sub")
