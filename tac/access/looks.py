"""What the access log says someone did (its `what` column), and how a family's history
says it. Each look is written by the core function that does it, so the CLI and the app
leave the same trace:

| look | written by |
|---|---|
| opened the record | `tac.family_record.open_record` |
| wrote a document | `tac.export.writing.write_document`, `tac.export.batch.export_batch` |
| dump | `Store.dump` (one row per family asked for; one row for a dump of every family) |
| backup | `Store.backup` |
| read the audit | `tac.history.family_history` |
"""

from __future__ import annotations

from enum import StrEnum


class Look(StrEnum):
    """A look at the records, as the access log's `what` column holds it."""

    SIGN_IN = "sign in"
    OPENED_RECORD = "opened the record"
    WROTE_DOCUMENT = "wrote a document"
    DUMP = "dump"
    BACKUP = "backup"
    READ_AUDIT = "read the audit"


LOOK_LABELS: dict[Look, str] = {
    Look.SIGN_IN: "signed in",
    Look.OPENED_RECORD: "opened the record",
    Look.WROTE_DOCUMENT: "wrote",  # followed by the document's file name
    Look.DUMP: "dumped the record",
    Look.BACKUP: "backed up the database",
    Look.READ_AUDIT: "read the history",
}
"""How a family's history says each look, after who did it."""
