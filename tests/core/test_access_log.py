"""Every look is logged: opening a family's record, writing a document, a dump, a backup and
reading the audit each leave a row in the access log saying who, what and from where; a
family's history (`tac audit REF`) shows them merged with its changes and refusals."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from tac.access.looks import Look
from tac.access.roles import Origin, Principal, Role
from tac.cli import main
from tac.errors import Refused
from tac.export import export_plan
from tac.export.batch import export_batch
from tac.family_record import open_record
from tac.history import HistoryKind, family_history
from tac.identity import os_user
from tac.store import Store

from .factories import family_file

REFERENCE = "EH-2026-0042"


@pytest.fixture
def filled(tmp_path):
    """A store holding one family (with finished TAC meetings) and its directory, with
    Helen Marsh, the owner of the file, at the keyboard."""
    bundle, file = family_file(REFERENCE)
    with Store.open(tmp_path / "tac.db", actor="Helen Marsh") as store:
        store.load(bundle, note="access log tests")
        yield store, file, bundle


def access_rows(store: Store) -> list[tuple]:
    """The access log as the file holds it: (actor, role, origin, what, outcome, reference, detail)."""
    conn = sqlite3.connect(store.path)
    try:
        return conn.execute("SELECT actor, role, origin, what, outcome, reference, detail"
                            " FROM access_log ORDER BY id").fetchall()
    finally:
        conn.close()


def partner(bundle) -> Principal:
    teacher = next(p for p in bundle.professionals if p.name == "Sam Okafor")
    school = next(a for a in bundle.agencies if a.id == teacher.agency_id)
    return Principal(name=teacher.name, role=Role.PARTNER, professional_id=teacher.id,
                     agency_id=school.id, agency_name=school.name, origin=Origin.BROWSER)


def test_opening_a_record_leaves_one_row_saying_who_opened_it_and_from_where(filled):
    store, file, _ = filled
    opened = open_record(store, file.family.id)
    assert opened.family.reference == REFERENCE
    assert access_rows(store) == [
        ("Helen Marsh", "owner", "terminal", "opened the record", "allowed", REFERENCE, "")]


def test_a_look_from_a_browser_says_so(filled):
    store, file, bundle = filled
    store.principal = replace(partner(bundle), role=Role.EARLY_HELP_MANAGER, agency_name="")
    open_record(store, file.family.id)
    assert access_rows(store)[-1][:4] == (
        "Sam Okafor", "early_help_manager", "browser", "opened the record")


def test_writing_the_plan_leaves_one_row_naming_the_file(filled, tmp_path):
    store, file, _ = filled
    path = export_plan(store, file.family.id, out=tmp_path / "out")
    assert access_rows(store) == [
        ("Helen Marsh", "owner", "terminal", "wrote a document", "allowed", REFERENCE, path.name)]


def test_minutes_written_from_the_command_line_leave_a_row(filled, tmp_path, capsys):
    store, _, _ = filled
    assert main(["--db", str(store.path), "export", "minutes", REFERENCE,
                 "--out", str(tmp_path / "out")]) == 0
    written = capsys.readouterr().out.strip()
    assert access_rows(store)[-1] == (
        os_user(), "owner", "terminal", "wrote a document", "allowed", REFERENCE,
        written.rsplit("/", 1)[-1])


def test_a_batch_export_leaves_one_row_per_document_with_its_file_name(filled, tmp_path):
    store, _, _ = filled
    result = export_batch(store, tmp_path / "batch", workers=1)
    rows = [r for r in access_rows(store) if r[3] == Look.WROTE_DOCUMENT]
    # The screening minutes are about this family too: one row per document, each named.
    assert sorted(r[6] for r in rows) == sorted(p.name for p in result.paths)
    assert {r[5] for r in rows} == {REFERENCE} and len(result.paths) >= 3


def test_dumping_named_families_leaves_a_row_per_family_and_a_whole_dump_one_row(filled):
    store, _, _ = filled
    store.dump([REFERENCE.lower()])
    store.dump()
    assert access_rows(store) == [
        ("Helen Marsh", "owner", "terminal", "dump", "allowed", REFERENCE, ""),
        ("Helen Marsh", "owner", "terminal", "dump", "allowed", None, "dump of 1 family"),
    ]


def test_a_backup_leaves_one_row_naming_the_copy(filled, tmp_path):
    store, _, _ = filled
    copy = store.backup(tmp_path / "copy.db")
    assert access_rows(store) == [
        ("Helen Marsh", "owner", "terminal", "backup", "allowed", None, str(copy))]


def test_reading_the_history_is_itself_logged(filled):
    store, _, _ = filled
    family_history(store, REFERENCE)
    assert access_rows(store) == [
        ("Helen Marsh", "owner", "terminal", "read the audit", "allowed", REFERENCE, "")]
    again = family_history(store, REFERENCE)
    assert again.lines[-1].what == "read the history" and again.lines[-1].origin == "terminal"


@pytest.mark.parametrize("role", [Role.PARTNER, Role.PRACTITIONER, Role.ADMINISTRATOR])
def test_only_managers_auditors_and_the_owner_may_read_the_audit(filled, role):
    store, _, bundle = filled
    store.principal = replace(partner(bundle), role=role)
    with pytest.raises(Refused) as refused:
        family_history(store, REFERENCE)
    assert str(refused.value).startswith("Sam Okafor (") and "may not read the audit" in str(refused.value)
    assert access_rows(store)[-1][:6] == (
        "Sam Okafor", role.value, "browser", "read the audit", "refused", REFERENCE)
    for allowed in (Role.EARLY_HELP_MANAGER, Role.AUDITOR):
        store.principal = replace(store.principal, role=allowed)
        assert family_history(store, REFERENCE).reference == REFERENCE


def test_tac_audit_shows_changes_looks_and_refusals_by_name_oldest_first(filled, capsys):
    store, file, bundle = filled
    open_record(store, file.family.id)
    store.principal = partner(bundle)
    with pytest.raises(Refused):
        family_history(store, " eh-2026-0042 ")  # typed as it came
    # A refusal logged before any family was found: by the reference as typed.
    reason = "Sam Okafor (partner, Oakfield Primary School) may not dump families: not theirs"
    store.log_access(Look.DUMP, outcome="refused", reference="eh-2026-0042", detail=reason)
    store.principal = Principal.file_owner("Helen Marsh")
    store.dump()

    assert main(["--db", str(store.path), "audit", REFERENCE]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{REFERENCE}: 1 change, 2 looks, 2 refused, oldest first (times are local)"
    said = [line.split("  ", 2)[1:] for line in out[1:]]
    assert said == [
        ["Helen Marsh", f"family {REFERENCE}  loaded (access log tests; 6 records)"],  # no origin kept
        ["Helen Marsh", "opened the record  (terminal)"],
        ["Sam Okafor", "refused: Sam Okafor (partner, Oakfield Primary School) may not read "
         "the audit: a partner reads the plan and minutes of their families and updates their "
         "own actions  (browser)"],
        ["Sam Okafor", f"refused: {reason}  (browser)"],
        ["Helen Marsh", "dumped every family (dump of 1 family)  (terminal)"],
    ]
    assert all(line[:16].count("/") == 2 and line[13] == ":" for line in out[1:])


def test_a_batch_stopped_by_a_full_disk_still_logs_the_documents_it_wrote(filled, tmp_path,
                                                                          monkeypatch):
    import tac.export.batch
    from tac.errors import InvalidInput

    store, _, _ = filled
    real_write = tac.export.batch.write_new
    written = []

    def disk_fills_after_one(folder, name, content):
        if written:
            raise InvalidInput(f"cannot write {folder / name}: No space left on device")
        written.append(real_write(folder, name, content))
        return written[-1]

    monkeypatch.setattr(tac.export.batch, "write_new", disk_fills_after_one)
    with pytest.raises(InvalidInput):
        export_batch(store, tmp_path / "batch", workers=1)
    assert [r[3:] for r in access_rows(store)] == [
        ("wrote a document", "allowed", REFERENCE, written[0].name)]


def test_a_partners_dump_of_a_family_is_refused_and_shows_in_its_history(filled, capsys):
    store, file, bundle = filled
    store.principal = partner(bundle)
    with pytest.raises(Refused, match="Sam Okafor .* may not dump families"):
        store.dump([REFERENCE.lower()])
    store.principal = Principal.file_owner("Helen Marsh")
    refused = [line for line in family_history(store, REFERENCE).lines
               if line.kind is HistoryKind.REFUSED]
    assert [line.who for line in refused] == ["Sam Okafor"]
    assert "may not dump families" in refused[0].what
