"""The store: one SQLite file holding everything. The only package that speaks SQL.

    >>> store = Store.open("tac.db", actor="Priya Shah")
    >>> family = store.family_by_reference("EH-2026-0042")
    >>> family.address = "14 Mill Lane, Stockport"
    >>> family = store.save(family)        # version 1 -> 2, audited
    >>> store.close()

`records` holds the `Store` (reading and saving records); `database` opens, migrates,
backs up and checks the file; `bulk` moves whole families in and out (dump, load).
"""

from tac.store.database import CheckReport, migrate
from tac.store.records import AuditEntry, FamilyRow, Store

__all__ = ["AuditEntry", "CheckReport", "FamilyRow", "Store", "migrate"]
