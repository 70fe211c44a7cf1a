"""The store: one SQLite file holding everything. The only module that speaks SQL.

    >>> store = Store.open("tac.db", actor="Priya Shah")
    >>> family = store.family_by_reference("EH-2026-0042")
    >>> family.address = "14 Mill Lane, Stockport"
    >>> family = store.save(family)        # version 1 -> 2, audited
    >>> store.close()

Every write runs in one transaction together with its audit record (who, when, which
record, what changed). Records carry a version; saving a copy read before someone
else's save raises `ConflictError` instead of overwriting their work.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import sqlite_utils
from pydantic import ValidationError

from tac import audit, rules
from tac.access.looks import Look
from tac.access.permissions import FamilyReach, Permission, refusal, sees_every_family
from tac.access.roles import Origin, Principal
from tac.bundle import Bundle, FamilyFile
from tac.errors import (
    ConflictError,
    DatabaseError,
    InvalidInput,
    NotFound,
    Refused,
    describe_validation_error,
)
from tac.models import (
    OPEN_STATUSES,
    Action,
    ActionStatus,
    Agency,
    ChronologyEvent,
    Family,
    FamilyStatus,
    LocalService,
    MeetingStatus,
    OversightNote,
    Professional,
    Record,
    Referral,
    ReferralStatus,
    ScreeningMeeting,
    StepUp,
    TacMeeting,
    VulnerabilityCheck,
)
from tac.schema import SEARCH_TABLE
from tac.settings import Settings
from tac.store import access, bulk, database, intake, minutes, oversight, search, trail
from tac.store.database import CheckReport, insert_rows, now
from tac.tables import KINDS, Kind, from_rows, kind_of, to_rows

R = TypeVar("R", bound=Record)

_SQLITE_MAGIC = b"SQLite format 3\x00"

_NOBODYS = FamilyReach(reference="")
"""A family no one is on the team of and no consent includes: whoever may do a thing for
this family may do it for every family, and the store need not work out the real reach."""

# What saving or removing each kind of record needs, beyond seeing its family.
_WRITE_PERMISSIONS: dict[type[Record], Permission] = {
    Family: Permission.CHANGE_FAMILY,
    ChronologyEvent: Permission.CHANGE_FAMILY,
    TacMeeting: Permission.TAC_MEETING,
    StepUp: Permission.TAC_MEETING,
    Action: Permission.UPDATE_ACTION,
    ScreeningMeeting: Permission.SCREENING,
    Referral: Permission.SCREENING,
    Agency: Permission.DIRECTORY,
    Professional: Permission.DIRECTORY,
    LocalService: Permission.DIRECTORY,
    OversightNote: Permission.OVERSIGHT,  # and the family's CHANGE_FAMILY: a manager's
    VulnerabilityCheck: Permission.CHANGE_FAMILY,
}


class FamilyRow(NamedTuple):
    """One line of the families list: enough to choose a family, fast to fetch.

    A named tuple, not a frozen dataclass: several times quicker to make, which counts
    when the home screen reads 13,000 open families at once.
    """

    id: str
    reference: str
    name: str
    postcode: str
    status: str
    level: int | None
    lead_professional: str
    next_review_on: date | None
    overdue_actions: int

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def has_lead_professional(self) -> bool:
        return bool(self.lead_professional)


@dataclass(frozen=True)
class AuditEntry:
    """One write in the audit trail: who, when, which record, and what it did.

    A create keeps the record whole in `after`, a delete what was removed in `before`, a load
    its note in `after`. An update keeps only what changed in `changes`, field by field
    (`{"phone": {"before": "", "after": "0161 496 0999"}}`; lists as items added, removed and
    changed: see `tac.audit`); records written before schema version 3 kept both copies whole,
    and their `changes` are worked out from them. A setting keeps its value `before` and `after`.
    """

    at: datetime
    actor: str
    operation: str
    record_kind: str
    record_id: str
    family_id: str | None
    before: Any
    after: Any
    changes: dict | None = None


@dataclass(frozen=True)
class AccessEntry:
    """One row of the access log: a look at the records, or a refusal. `actor` is the
    person's name (the name tried, for a refused sign-in), `role` their role then
    (`owner` for the owner of the database file), `origin` terminal or browser, `what`
    a `tac.access.looks.Look`, `outcome` allowed or refused, `detail` the document's
    file name or the refusal's reason."""

    at: datetime
    actor: str
    role: str
    origin: str
    what: str
    outcome: str
    family_id: str | None
    reference: str | None
    detail: str

    @property
    def refused(self) -> bool:
        return self.outcome == "refused"


class Store:
    """An open TAC database. Thread-safe: one connection behind a lock."""

    def __init__(self, conn: sqlite3.Connection, path: Path, actor: str | Principal):
        self._conn = conn
        self._db = sqlite_utils.Database(conn)
        self._lock = threading.RLock()
        self.path = path
        self.principal: Principal = (
            actor if isinstance(actor, Principal) else Principal.file_owner(actor)
        )
        """Who every read and write is for. A bare name is the owner of the database file,
        at its terminal, known by that name (tests, `tac demo`)."""
        self._visible: dict[tuple[Principal, Permission, date], frozenset[str]] = {}
        self._visible_as_of: int | None = None  # PRAGMA data_version when it was worked out
        self._refusals_pending: list[dict[str, Any]] = []
        self._reading = threading.local()

    @property
    def actor(self) -> str:
        """The name the audit trail records for each write: the principal's."""
        return self.principal.name

    @actor.setter
    def actor(self, name: str) -> None:
        self.principal = replace(self.principal, name=name)

    # -- opening ---------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: str | os.PathLike, actor: str | Principal, create: bool = True, verify: bool = False
    ) -> Store:
        """Open (or, with `create`, make) the TAC database at `path`.

        Raises `DatabaseError` with a one-line message for a file that is not TAC's, is
        damaged, locked, unwritable, or was made by a newer TAC; the file is left as it was.
        `verify` reads the whole file first (`PRAGMA quick_check`, about a second at 20,000
        families) so that damage is found before anything is written.
        """
        path = Path(path).expanduser()
        return cls(database.connect(path, create, verify), path, actor)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def count(self, table: str) -> int:
        """How many rows a table holds, e.g. `store.count("families")`."""
        if table not in self._db.table_names():
            raise NotFound(f"no table called {table}")
        with self._lock:
            return self._db[table].count

    @property
    def schema_version(self) -> int:
        return self._scalar("PRAGMA user_version")

    # -- low-level helpers -------------------------------------------------------------

    def _scalar(self, sql: str, params: tuple | dict = ()) -> Any:
        with self._lock:
            row = self._conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def _column(self, sql: str, params: tuple | dict = ()) -> list[Any]:
        with self._lock:
            return [row[0] for row in self._conn.execute(sql, params)]

    def _rows(self, sql: str, params: tuple | dict = ()) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._db.query(sql, params))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Several writes as one: all of them are saved, or (on any exception) none are.

            with store.transaction():
                meeting = store.save(meeting)
                store.save(family)          # fails: the meeting is not saved either

        Saves inside it do not commit on their own, and their audit records roll back
        with them. Other threads using this store wait until it ends.
        """
        with self._writing():
            yield

    @contextmanager
    def _writing(self, records: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is saved, or none of it.

        When the outermost transaction ends, saved or rolled back, the refusals it met are
        written to the access log (they must outlive a rollback), and, unless it wrote only
        to the access log (`records` false), who may see which family is worked out again.
        """
        with self._lock:
            if self._conn.in_transaction:
                # Inside `transaction()`: a savepoint keeps this write whole, and the
                # outer transaction decides whether it is committed.
                self._conn.execute("SAVEPOINT one_write")
                try:
                    yield self._conn
                except BaseException:
                    self._conn.execute("ROLLBACK TO one_write")
                    self._conn.execute("RELEASE one_write")
                    raise
                self._conn.execute("RELEASE one_write")
                return
            try:
                yield from self._outermost_transaction()
            finally:
                if records:
                    self._visible.clear()
                self._write_refusals_pending()

    def _outermost_transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise DatabaseError(database.describe_sqlite_error(self.path, error)) from None
        try:
            yield self._conn
        except BaseException as error:
            if self._conn.in_transaction:  # SQLite may have rolled back already (disk full)
                self._conn.execute("ROLLBACK")
            if database.is_file_problem(error):
                # Read-only, damaged, full or failing disk: the user's to fix, not a bug.
                raise DatabaseError(database.describe_sqlite_error(self.path, error)) from None
            raise
        else:
            try:
                self._conn.execute("COMMIT")
            except sqlite3.Error as error:
                self._conn.execute("ROLLBACK")
                raise DatabaseError(database.describe_sqlite_error(self.path, error)) from None

    def _write_refusals_pending(self) -> None:
        pending, self._refusals_pending = self._refusals_pending, []
        for entry in pending:
            self.log_access(**entry)

    def _audit(
        self,
        conn: sqlite3.Connection,
        operation: str,
        kind: Kind,
        record_id: str,
        family_id: str | None,
        before: dict | None,
        after: dict | None,
    ) -> None:
        changes = None
        if operation == "update" and before is not None and after is not None:
            # Only what changed: two whole copies per save grew the log to 78 MB of an 86 MB
            # file after 9,600 progress notes, each copy holding every note before it.
            changes, before, after = audit.changes(before, after), None, None
        trail.append_audit(conn, [trail.AuditRow(
            now().isoformat(), self.actor, operation, kind.label, record_id, family_id,
            *(json.dumps(v, ensure_ascii=False) if v is not None else None
              for v in (before, after, changes)),
        )])

    # -- who may see what: the role table, enforced here ---------------------------------

    def reach(self, family_id: str) -> FamilyReach:
        """The family's team and the agencies of its consent in force today, which decide
        who may see it (`tac.access.permissions`); `NotFound` if there is no such family."""
        return access.reach(self, family_id, date.today())

    def visible_family_ids(self, permission: Permission = Permission.SEE_FAMILY) -> frozenset[str]:
        """Ids of the families the principal may see (or do `permission` for): every
        family for those the role table lets see every one, else those whose team they are on
        and the role table lets them. Kept for each principal until the next write, here or
        through another connection to the file (a browser session, a `tac` command)."""
        with self._lock:
            as_of = self._scalar("PRAGMA data_version")
            if as_of != self._visible_as_of:
                self._visible.clear()
                self._visible_as_of = as_of
        key = (self.principal, permission, date.today())  # consent ends at midnight too
        found = self._visible.get(key)
        if found is None:
            who = self.principal
            if refusal(who, permission, _NOBODYS) is None:
                found = frozenset(self._column("SELECT id FROM families"))
            else:
                found = self._reachable(who, permission)
            self._visible[key] = found
        return found

    def _reachable(self, who: Principal, permission: Permission) -> frozenset[str]:
        """The families on whose team `who` is that the role table lets them `permission`.
        Consent is read only where it could matter (a partner's), for all of them at once."""
        if who.professional_id is None:
            return frozenset()
        ids = access.families_on_team(self, who.professional_id)
        on_team = FamilyReach(reference="", team=frozenset({who.professional_id}))
        if refusal(who, permission, on_team) is None:
            return frozenset(ids)
        consents = access.consent_agencies(self, ids, date.today())
        return frozenset(
            i for i in ids
            if refusal(who, permission, replace(on_team, consent_agencies=consents.get(i, frozenset())))
            is None
        )

    def require(self, permission: Permission, what: str) -> None:
        """Raise `Refused` (and log the refusal) unless the principal may do `what`, a
        thing not about one family (`store.require(Permission.BACKUP, "backup")`)."""
        reason = refusal(self.principal, permission)
        if reason:
            raise self._refuse(what, reason, permission)

    @contextmanager
    def writing_documents(self, batch: bool = False) -> Iterator[None]:
        """Reads inside this (in this thread) are for writing documents: they hold the
        families whose documents the principal may write, which for an administrator, who
        sends the paperwork without opening records, is every family. A `batch` needs
        Permission.BATCH_EXPORT (refused, and logged, otherwise)."""
        if batch:
            self.require(Permission.BATCH_EXPORT, "batch export")
        with self.reading_for(Permission.EXPORT_DOCUMENT):
            yield

    @contextmanager
    def reading_for(self, permission: Permission) -> Iterator[None]:
        """Reads inside this (in this thread) are for doing `permission`, and hold the
        families the principal may do it for: an administrator erasing a family past
        retention (`Permission.RETENTION`) reads it without being able to open its record."""
        before = getattr(self._reading, "permission", None)
        self._reading.permission = permission
        try:
            yield
        finally:
            self._reading.permission = before

    def _reading_permission(self) -> Permission:
        return getattr(self._reading, "permission", None) or Permission.SEE_FAMILY

    def _family_filter(self) -> frozenset[str] | None:
        """The families lists may hold for the principal; None for every family (no query)."""
        who, permission = self.principal, self._reading_permission()
        if permission is Permission.SEE_FAMILY and sees_every_family(who):
            return None
        if refusal(who, permission, _NOBODYS) is None:
            return None
        return self.visible_family_ids(permission)

    def _only_visible(self, where: str, params: tuple, column: str = "family_id") -> tuple[str, tuple]:
        """`where` narrowed to the families the principal may see."""
        ids = self._family_filter()
        if ids is None:
            return where, params
        return (f"({where}) AND {column} IN (SELECT value FROM json_each(?))",
                (*params, json.dumps(sorted(ids))))

    def _may_see(self, family_id: str, what: str = "opened the record") -> None:
        """Raise `Refused` (logged, as a refused look: `what` is the access log's word for
        it) unless the principal may see this family. A family that is not there is left to
        the caller to say so."""
        permission = self._reading_permission()
        if permission is Permission.SEE_FAMILY and sees_every_family(self.principal):
            return
        if refusal(self.principal, permission, _NOBODYS) is None:
            return
        if family_id in self.visible_family_ids(permission):
            return
        try:
            reach = self.reach(family_id)
        except NotFound:
            return
        reason = refusal(self.principal, permission, reach)
        if reason:
            raise self._refuse(what, reason, permission, family_id, reach.reference)

    def _refuse(
        self, what: str, reason: str, permission: Permission,
        family_id: str | None = None, reference: str | None = None,
    ) -> Refused:
        """The `Refused` to raise, its access-log row written (or, inside a transaction,
        kept to write when it ends: a rollback must not take the refusal with it)."""
        entry = {"what": what, "outcome": "refused", "family_id": family_id,
                 "reference": reference, "detail": reason, "who": self.principal}
        with self._lock:
            if self._conn.in_transaction:
                self._refusals_pending.append(entry)
            else:
                self.log_access(**entry)
        return Refused(reason, permission=permission, reference=reference)

    def _check_write(self, conn: sqlite3.Connection, record: Record, removing: bool = False) -> None:
        """Raise `Refused` unless the principal may save (or remove) `record`: by its
        kind, for its family. A new action is a meeting's to agree; an action's owner (and
        whoever it is given to) decides whether a partner may update it."""
        who = self.principal
        if who.owner:
            return
        model = type(record)
        kind = KINDS[model]
        permission = _WRITE_PERMISSIONS[model]
        what = f"{'remove' if removing else 'save'} {kind.label}"
        if model is OversightNote:  # oversight, and changing the family's record
            self.require(permission, what)
            permission = Permission.CHANGE_FAMILY
        elif permission not in (Permission.CHANGE_FAMILY, Permission.TAC_MEETING,
                                Permission.UPDATE_ACTION):
            self.require(permission, what)
            return
        owners: list[str | None] = [None]
        if model is Action:
            stored = conn.execute(
                "SELECT professional_id FROM actions WHERE id = ?", (record.id,)).fetchone()
            if stored is None or removing:
                permission = Permission.TAC_MEETING
            else:
                owners = [stored[0]]
                if record.professional_id != stored[0]:
                    owners.append(record.professional_id)
        family_id = getattr(record, kind.family_field or "family_id")
        for owner in owners:
            if refusal(who, permission, _NOBODYS, owner) is None:
                continue
            try:
                reach = self.reach(family_id)
            except NotFound:  # a new family: nobody is on its team yet
                reach = FamilyReach(reference=getattr(record, "reference", ""))
            reason = refusal(who, permission, reach, owner)
            if reason:
                raise self._refuse(what, reason, permission, family_id, reach.reference)

    # -- reading records ---------------------------------------------------------------

    def _select(
        self, model: type[R], where: str = "1", params: tuple = (), order: str = "rowid",
        parts_where: dict[str, str] | None = None,
    ) -> list[R]:
        """Records of `model` matching `where`, each with its parts; `parts_where` narrows
        a part's rows (table -> SQL condition), for reads that need only some of them."""
        kind = KINDS[model]
        with self._lock:
            rows = list(self._db.query(f"SELECT * FROM {kind.table} WHERE {where} ORDER BY {order}", params))
            if not rows:
                return []
            children: dict[str, dict[str, list[dict]]] = {}
            for part in kind.parts.values():
                grouped: dict[str, list[dict]] = defaultdict(list)
                narrowed = (parts_where or {}).get(part.table, "1")
                query = (
                    f"SELECT * FROM {part.table} WHERE {part.parent_key} IN "
                    f"(SELECT id FROM {kind.table} WHERE {where}) AND ({narrowed}) "
                    f"ORDER BY {part.parent_key}, position"
                )
                for row in self._db.query(query, params):
                    grouped[row[part.parent_key]].append(row)
                children[part.table] = grouped
        return [
            from_rows(
                kind,
                row,
                {table: by_parent.get(row["id"], []) for table, by_parent in children.items()},
            )  # type: ignore[misc]
            for row in rows
        ]

    def get(self, model: type[R], record_id: str) -> R:
        """The record of that kind with that id; `NotFound` if there is none, `Refused` if
        it is about a family the principal may not see (a screening meeting, about many
        families, is for those who may screen)."""
        if not sees_every_family(self.principal):
            kind = KINDS[model]
            if model is ScreeningMeeting:
                self.require(Permission.SCREENING, "opened the record")
            elif kind.family_field == "id":
                self._may_see(record_id)
            elif kind.family_field:
                family_id = self._scalar(f"SELECT family_id FROM {kind.table} WHERE id = ?", (record_id,))
                if family_id:
                    self._may_see(family_id)
        found = self._select(model, "id = ?", (record_id,))
        if not found:
            raise NotFound(f"no {KINDS[model].label} with id {record_id}")
        return found[0]

    def agencies(self) -> list[Agency]:
        return self._select(Agency, order="name")

    def professionals(self) -> list[Professional]:
        """Every professional, those who have left (inactive) too: old records name them."""
        return self._select(Professional, order="name")

    def local_services(self) -> list[LocalService]:
        """Every local service in the directory, closed (inactive) ones too, by name."""
        return self._select(LocalService, order="name")

    def families(self, status: FamilyStatus | None = None) -> list[Family]:
        """The families (of `status`) the principal may see, in reference order."""
        where, params = self._only_visible(*_filters(status=status), column="id")
        return self._select(Family, where, params, order="reference")

    def open_families_with_consent_withdrawn(self, on: date) -> list[Family]:
        """Open families with a consent withdrawn from every agency by `on`, in reference
        order: the few `rules.consent_withdrawn_with_plan_open` looks at (it knows whether
        a newer consent replaced the withdrawn one)."""
        # `+status`: found from the few withdrawn consents, not by reading every open family
        # (and again for each of a family's parts): 40 ms to 1 ms at 20,000 families.
        where, params = self._only_visible(
            "+status IN ('open', 'stepped_down') AND id IN "
            "(SELECT family_id FROM consents WHERE withdrawn_on IS NOT NULL AND withdrawn_on <= ?)",
            (on.isoformat(),), column="id")
        return self._select(Family, where, params, order="reference")

    def families_for_returns(self) -> list[Family]:
        """Every family, by reference, with only what a return about its children needs:
        its subject children (no other members), status history and lead professionals'
        terms (no consents): at 20,000 families the SSD extract takes 6 s with it, 10 s with
        `families()`. For reading only: saving one would drop its other people and consent."""
        return self._select(Family, order="reference", parts_where={
            "family_members": "subject = 1", "consents": "0"})

    def family_by_reference(self, reference: str) -> Family:
        """The family with that reference; `NotFound`, or `Refused` (logged) if the
        principal may not see it."""
        reference = reference.strip().upper()
        if not sees_every_family(self.principal):
            family_id = self._scalar("SELECT id FROM families WHERE reference = ?", (reference,))
            if family_id:
                self._may_see(family_id)
        found = self._select(Family, "reference = ?", (reference,))
        if not found:
            raise NotFound(f"no family with reference {reference}")
        return found[0]

    def chronology(self, family_id: str) -> list[ChronologyEvent]:
        self._may_see(family_id)
        return self._select(ChronologyEvent, "family_id = ?", (family_id,), order="occurred_on, rowid")

    def referrals(self, status: ReferralStatus | None = None, family_id: str | None = None) -> list[Referral]:
        """The referrals (of `status`, of one family) about families the principal may see."""
        where, params = self._about_families(family_id, status=status, family_id=family_id)
        return self._select(Referral, where, params, order="received_on, rowid")

    def screening_meetings(self, status: MeetingStatus | None = None) -> list[ScreeningMeeting]:
        """The screening meetings (of `status`). Those who may not see every family get the
        meetings that decided referrals about their families, holding only those decisions."""
        where, params = _filters(status=status)
        return self._screening_visible(
            self._select(ScreeningMeeting, where, params, order="held_on, rowid"))

    def _screening_visible(self, meetings: list[ScreeningMeeting]) -> list[ScreeningMeeting]:
        ids = self._family_filter()
        if ids is None:
            return meetings
        ours = set(self._column(
            "SELECT id FROM referrals WHERE family_id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(ids)),)))
        shown = []
        for meeting in meetings:
            decisions = [d for d in meeting.decisions if d.referral_id in ours]
            if decisions:
                shown.append(meeting.model_copy(update={"decisions": decisions}))
        return shown

    def _about_families(self, about: str | None, **values: Any) -> tuple[str, tuple]:
        """The WHERE for records about one family (checked: `Refused` if the principal may
        not see it) or about the families the principal may see."""
        where, params = _filters(**values)
        if about is not None:
            self._may_see(about)
            return where, params
        return self._only_visible(where, params)

    def screenings_of_family(self, family_id: str) -> list[ScreeningMeeting]:
        """The finished screening meetings that decided this family's referrals, oldest
        first, each holding only its decisions about them (not other families')."""
        self._may_see(family_id)
        meetings = self._select(
            ScreeningMeeting,
            "status = 'finished' AND id IN (SELECT meeting_id FROM screening_decisions WHERE "
            "referral_id IN (SELECT id FROM referrals WHERE family_id = ?))",
            (family_id,), order="held_on, rowid",
        )
        ours = set(self._column("SELECT id FROM referrals WHERE family_id = ?", (family_id,)))
        return [m.model_copy(update={"decisions": [d for d in m.decisions if d.referral_id in ours]})
                for m in meetings]

    def tac_meetings(
        self, family_id: str | None = None, status: MeetingStatus | None = None
    ) -> list[TacMeeting]:
        """The TAC meetings (of one family, of `status`) the principal may see."""
        where, params = self._about_families(family_id, status=status, family_id=family_id)
        return self._select(TacMeeting, where, params, order="held_on, rowid")

    def actions(
        self,
        family_id: str | None = None,
        professional_id: str | None = None,
        status: ActionStatus | None = None,
    ) -> list[Action]:
        """The actions (of one family, one owner, of `status`) the principal may see."""
        where, params = self._about_families(
            family_id, status=status, family_id=family_id, professional_id=professional_id)
        return self._select(Action, where, params, order="due_on, rowid")

    def step_ups(self, family_id: str) -> list[StepUp]:
        """The family's steps up to children's social care, oldest first."""
        self._may_see(family_id)
        return self._select(StepUp, "family_id = ?", (family_id,), order="stepped_up_on, rowid")

    def oversight_notes(self, family_id: str) -> list[OversightNote]:
        """The managers' oversight notes on the family, oldest first."""
        return self._select(OversightNote, "family_id = ?", (family_id,),
                            order="written_on, rowid")

    def last_oversight_dates(self, by: date | None = None) -> dict[str, date]:
        """The day of each family's latest oversight note (written by the day `by`, when
        given), by family id (families with none are left out): for asking the whole
        caseload at once."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT family_id, max(written_on) FROM oversight_notes"
                " WHERE written_on <= ? GROUP BY family_id", ((by or date.max).isoformat(),))
            return {family_id: date.fromisoformat(day) for family_id, day in rows}

    def vulnerability_checks(self, family_id: str) -> list[VulnerabilityCheck]:
        """The family's children's vulnerability checks, oldest first."""
        self._may_see(family_id)
        return self._select(VulnerabilityCheck, "family_id = ?", (family_id,),
                            order="checked_on, rowid")

    def family_file(self, family_id: str) -> FamilyFile:
        """The family and everything recorded about it."""
        self._may_see(family_id)
        return FamilyFile(
            family=self.get(Family, family_id),
            chronology=self.chronology(family_id),
            referrals=self.referrals(family_id=family_id),
            tac_meetings=self.tac_meetings(family_id=family_id),
            actions=self.actions(family_id=family_id),
            step_ups=self.step_ups(family_id),
            oversight_notes=self.oversight_notes(family_id),
            vulnerability_checks=self.vulnerability_checks(family_id),
        )

    def family_rows(
        self,
        text: str = "",
        open_only: bool = False,
        limit: int | None = 200,
        today: date | None = None,
    ) -> list[FamilyRow]:
        """Families whose reference, members' names, postcode, address or school have a
        word starting with each word of `text` (accents, case and apostrophes aside: "sutt"
        finds Sutton, "oconnor" O'Connor), in reference order, with level, lead professional,
        next review and overdue count. Searched through the full-text index, so a keystroke
        stays quick.

        The next review is `rules.review_due_on` applied to each family's latest finished
        meeting, with the council's review interval: the query reads that meeting's date,
        kind and agreed review date, and the rule is not written again in SQL.
        """
        today = today or date.today()
        interval = self.settings().review_interval_weeks
        where = []
        params: dict[str, Any] = {"today": today.isoformat()}
        match = search.prefix_match(text)
        if text.strip() and not match:
            return []  # only marks typed (a lone hyphen or %): no word to look for
        if open_only:
            where.append(f"f.status IN ({', '.join(repr(s.value) for s in OPEN_STATUSES)})")
        visible = self._family_filter()
        if visible is not None:
            where.append("f.id IN (SELECT value FROM json_each(:visible))")
            params["visible"] = json.dumps(sorted(visible))
        if match:
            params["match"] = match
            chosen = f"SELECT f.rowid AS family_rowid {search.in_reference_order(where)}"
        else:
            chosen = (f"SELECT f.rowid AS family_rowid FROM families f WHERE {' AND '.join(where) or '1'}"
                      " ORDER BY f.reference")
        # The matches are chosen first and the costly columns worked out for those alone.
        # Three lookups in the covering index tac_meetings_latest cost no more than one.
        latest = """FROM tac_meetings m WHERE m.family_id = f.id AND m.status = 'finished'
                    ORDER BY m.held_on DESC LIMIT 1"""
        sql = f"""
            WITH chosen AS MATERIALIZED ({chosen} {"LIMIT :limit" if limit else ""})
            SELECT f.id, f.reference, f.display_name AS name, f.postcode, f.status, f.level,
                coalesce(p.name, '') AS lead_professional,
                (SELECT m.held_on {latest}) AS held_on,
                (SELECT m.kind {latest}) AS kind,
                (SELECT m.next_review_on {latest}) AS agreed_on,
                (SELECT count(*) FROM actions a
                  WHERE a.family_id = f.id AND a.status = 'open' AND a.due_on < :today)
                  AS overdue_actions
              FROM chosen JOIN families f ON f.rowid = chosen.family_rowid
              LEFT JOIN professionals p ON p.id = f.lead_professional_id
             ORDER BY f.reference"""
        if limit:
            params["limit"] = limit
        with self._lock:
            found = self._conn.execute(sql, params).fetchall()
        # Positional, not through dicts: this list is 13,000 rows at 20,000 families.
        review_due_on, day = rules.review_due_on, date.fromisoformat
        return [
            FamilyRow(
                *row[:7],
                review_due_on(
                    day(row[7]), day(row[9]) if row[9] else None, row[8],
                    family_open=row[4] in OPEN_STATUSES, interval_weeks=interval,
                ) if row[7] else None,
                row[10],
            )
            for row in found
        ]

    # -- the front door: finding who is known, taking referrals in -------------------------

    def family_ids_matching(self, groups: list[list[str]], limit: int | None = 500) -> list[str]:
        """Ids of families with a word from each group (`"sutt*"`: a word starting so), in
        reference order; see `tac.store.search.match_expression`."""
        return search.family_ids_matching(self, groups, limit, self._family_filter())

    def family_ids_with_member(self, born_on: date | None = None, nhs_number: str | None = None) -> list[str]:
        """Ids of families with someone born on `born_on` or with NHS number `nhs_number`."""
        found = search.family_ids_with_member(self, born_on, nhs_number)
        visible = self._family_filter()
        return found if visible is None else [i for i in found if i in visible]

    def members_born_on(self, days: Iterable[date]) -> dict[date, list[tuple[str, str, str]]]:
        """Everyone born on each of `days`: (family id, name, the family's postcode)."""
        return search.members_born_on(self, days)

    def families_with_nhs_numbers(self, numbers: Iterable[str]) -> dict[str, list[str]]:
        """For each NHS number someone has, the ids of the families they are in."""
        return search.families_with_nhs_numbers(self, numbers)

    def referrals_from(self, sources: Iterable[str]) -> list[tuple[Referral, str]]:
        """Referrals taken in with these source references, each with its family's reference."""
        return search.referrals_from(self, sources)

    def members_of(self, family_ids: Iterable[str]) -> dict[str, list[search.MemberRow]]:
        """The people in each of these families, with its reference and postcode, as rows:
        enough to tell who someone is without reading the whole family."""
        return search.members_of(self, family_ids)

    def families_by_id(self, ids: Iterable[str]) -> list[Family]:
        """The families with these ids, in reference order (ids not found are left out)."""
        visible = self._family_filter()
        return search.families_by_id(self, ids if visible is None else (i for i in ids if i in visible))

    def last_referral_dates(self, family_ids: Iterable[str]) -> dict[str, date]:
        """When each family's latest referral was received (families with none left out)."""
        return search.last_referral_dates(self, family_ids)

    def next_family_reference(self, year: int, taken: Sequence[str] = ()) -> str:
        """The next free reference of `year` for a new family (`EH-2026-0108`), after `taken`."""
        return intake.next_family_reference(self, year, taken)

    def take_referrals(
        self, families: Sequence[Family], referrals: Sequence[Referral], note: str
    ) -> tuple[list[Family], list[Referral]]:
        """Save new referrals and the families they bring (new, or known and edited) in one
        transaction, one audit line per family; return the saved copies. See
        `tac.store.intake.take_referrals`."""
        self.require(Permission.SCREENING, "take referrals")
        return intake.take_referrals(self, families, referrals, note)

    def move_referral(
        self, referral: Referral, made: Family, joined: Family, note: str
    ) -> tuple[Family, Referral]:
        """Move a referral from the family made for it to a known one (a possible match
        settled), removing the one made if nothing else is about it; see
        `tac.store.intake.move_referral`."""
        self.require(Permission.SCREENING, "move a referral")
        return intake.move_referral(self, referral, made, joined, note)

    def referrals_to_check(self) -> list[Referral]:
        """Referrals marked "check: possible match with EH-...", for a person to settle."""
        visible = self._family_filter()
        found = intake.referrals_to_check(self)
        return found if visible is None else [r for r in found if r.family_id in visible]

    def meetings_with_untold_decisions(self) -> list[ScreeningMeeting]:
        """Finished screening meetings with a decision whose referrer has not been told."""
        return self._screening_visible(intake.meetings_with_untold_decisions(self))

    def meetings_deciding_the_queue(self) -> list[ScreeningMeeting]:
        """Finished screening meetings that decided a referral now back in the queue."""
        return self._screening_visible(intake.meetings_deciding_the_queue(self))

    # -- the minutes clock ---------------------------------------------------------------

    def unsent_minutes(self) -> list[minutes.MinutesRow]:
        """Finished screening and TAC meetings whose minutes are not recorded as sent, oldest
        first, as rows; `rules.minutes_past_clock` says which are late."""
        found = minutes.unsent_minutes(self)
        visible = self._family_filter()
        if visible is None:
            return found
        screens = refusal(self.principal, Permission.SCREENING) is None
        return [m for m in found if (m.family_id in visible if m.family_id else screens)]

    def record_minutes_written(
        self, model: type[TacMeeting | ScreeningMeeting], meeting_ids: Iterable[str], on: date
    ) -> int:
        """Record the day these meetings' minutes were first written (audited; a meeting
        whose minutes were written before keeps its day); how many were recorded. See
        `tac.store.minutes.record_minutes_written`."""
        return minutes.record_minutes_written(self, model, meeting_ids, on)

    # -- oversight: the whole caseload as light rows (tac.store.oversight) ----------------
    # The permission to see oversight is checked by `tac.oversight`, which reads these.

    def open_action_rows(
        self, due_before: date | None = None, ids: Collection[str] | None = None
    ) -> list[oversight.ActionRow]:
        """Every open action (with `due_before`, the overdue ones; with `ids`, those with
        these ids), soonest due first, as rows naming the family member who owns each."""
        self.require(Permission.OVERSIGHT, "oversight")
        return oversight.open_actions(self, due_before, ids)

    def family_headings(self, ids: Iterable[str]) -> dict[str, oversight.FamilyHeading]:
        """The reference, name and lead professional of each of these families the person at
        the keyboard may see, by id (others, and ids not found, are left out)."""
        visible = self._family_filter()
        wanted = [i for i in dict.fromkeys(ids) if visible is None or i in visible]
        return oversight.family_headings(self, wanted)

    def family_histories(
        self, ids: Sequence[str] | None = None, with_reviews: bool = False
    ) -> list[oversight.FamilyHistory]:
        """Every family (or those with these `ids`) with its status history, referrals and
        TAC meetings (and, `with_reviews`, the reviews of actions not done), as rows."""
        self.require(Permission.OVERSIGHT, "oversight")
        return oversight.family_histories(self, ids, with_reviews)

    def families_now(self) -> list[oversight.FamilyRow]:
        """Every family as it stands (status, level, lead professional), as rows."""
        self.require(Permission.OVERSIGHT, "oversight")
        return oversight.families_now(self)

    def kept_drift_facts(self) -> dict[str, oversight.DriftFacts]:
        """What drift last worked out of each family (`DriftFacts`), by family id: for the
        families nothing has changed for since."""
        self.require(Permission.OVERSIGHT, "oversight")
        return oversight.kept_drift_facts(self)

    def keep_drift_facts(
        self, ids: Sequence[str],
        work_out: Callable[[list[oversight.FamilyHistory]], list[oversight.DriftFacts]],
    ) -> list[oversight.DriftFacts]:
        """What drift needs of these families, worked out (`work_out`) from their histories
        (with their reviews of actions) read now, and kept for the next count."""
        self.require(Permission.OVERSIGHT, "oversight")
        return oversight.keep_drift_facts(self, ids, work_out)

    def returns_families(self) -> list[oversight.ReturnsFamily]:
        """Every family with what a return about its children needs (status history,
        referrals, lead professionals' terms, subject children), as rows, by reference."""
        self.require(Permission.OVERSIGHT, "oversight")
        return oversight.returns_families(self)

    def decisions_between(self, start: date, end: date) -> list[oversight.DecisionRow]:
        """The finished screening meetings' decisions from `start` to `end`, as rows."""
        self.require(Permission.OVERSIGHT, "oversight")
        return oversight.decisions_between(self, start, end)

    def step_ups_between(self, start: date, end: date) -> list[oversight.StepUpRow]:
        """The steps up to children's social care from `start` to `end`, as rows."""
        self.require(Permission.OVERSIGHT, "oversight")
        return oversight.step_ups_between(self, start, end)

    def closure_needs_between(self, start: date, end: date) -> list[oversight.ClosureNeedRow]:
        """The needs tagged with a headline outcome at the finished closure meetings from
        `start` to `end`, and whether each was met, as rows."""
        self.require(Permission.OVERSIGHT, "oversight")
        return oversight.closure_needs_between(self, start, end)

    def latest_check_totals(
        self, as_of: date
    ) -> list[tuple[oversight.CheckTotal | None, oversight.CheckTotal]]:
        """Each checked child's check before the latest (or None) and latest check on or
        before `as_of`, for the families the principal may see."""
        pairs = oversight.latest_check_totals(self, as_of)
        visible = self._family_filter()
        return pairs if visible is None else [p for p in pairs if p[1].family_id in visible]

    def checked_children(
        self, children: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], oversight.CheckedChild]:
        """Who each of these children (family id, person id) is: reference, family, name."""
        return oversight.checked_children(self, children)

    def audit_trail(
        self,
        record_id: str | None = None,
        family_id: str | None = None,
        limit: int | None = 200,
        oldest_first: bool = False,
    ) -> list[AuditEntry]:
        """The audit records of one record, of a family (its own record and everything written
        about it: actions, TAC meetings, chronology, referrals), or of everything; the newest
        first unless `oldest_first`, at most `limit` (None: all of them).

            >>> [e.operation for e in store.audit_trail(family.id, oldest_first=True)]
            ['load', 'update']
        """
        where, params = _filters(record_id=record_id, family_id=family_id)
        order = "ASC" if oldest_first else "DESC"
        bound = f" LIMIT {int(limit)}" if limit is not None else ""
        rows = self._rows(f"SELECT * FROM audit_log WHERE {where} ORDER BY id {order}{bound}", params)
        return [_audit_entry(r) for r in rows]

    def access_trail(self, family_id: str, reference: str) -> list[AccessEntry]:
        """The access log's rows about one family, oldest first: looks at it, and refusals
        (found by its id, or by its reference as it was typed, in any case), with every dump
        of all families (each one copied this family's record too, if it was here then).

            >>> [e.what for e in store.access_trail(family.id, family.reference)]
            ['opened the record', 'wrote a document', 'dump']
        """
        rows = self._rows(
            "SELECT * FROM access_log WHERE family_id = :family"
            " UNION SELECT * FROM access_log WHERE reference = :reference COLLATE NOCASE"
            " UNION SELECT * FROM access_log WHERE family_id IS NULL AND reference IS NULL"
            " AND what = :dump AND outcome = 'allowed'"
            " ORDER BY id",
            {"family": family_id, "reference": reference.strip(), "dump": Look.DUMP.value},
        )
        return [
            AccessEntry(
                at=datetime.fromisoformat(r["at"]), actor=r["actor"], role=r["role"],
                origin=r["origin"], what=r["what"], outcome=r["outcome"],
                family_id=r["family_id"], reference=r["reference"], detail=r["detail"],
            )
            for r in rows
        ]

    def log_access(
        self,
        what: str,
        outcome: str = "allowed",
        family_id: str | None = None,
        reference: str | None = None,
        detail: str = "",
        who: Principal | None = None,
        name: str | None = None,
        origin: Origin | None = None,
    ) -> None:
        """Record a look or a refusal in the access log, for the principal (or `who`), now.
        A sign-in refused gives the `name` tried and its `origin`: nobody is signed in yet.

            >>> store.log_access("opened the record", family_id=family.id, reference=family.reference)
            >>> store.log_access("dump", outcome="refused", reference="EH-2026-0042", detail=reason)
        """
        who = who or self.principal
        actor, role = who.name, ("owner" if who.owner else who.role.value)
        if name is not None:
            actor, role = name, "not signed in"
        where = (origin or who.origin).value
        with self._writing(records=False) as conn:
            trail.append_access(conn, [trail.AccessRow(
                now().isoformat(), actor, role, where, what, outcome, family_id, reference, detail,
            )])

    # -- writing records ---------------------------------------------------------------

    def save(self, record: R) -> R:
        """Save `record` (new, or an edited copy) and its audit record; return the saved copy.

        Raises `ConflictError` if someone saved it after this copy was read, and
        `InvalidInput` if it does not validate.
        """
        kind = kind_of(record)
        try:
            checked = type(record).model_validate(record.model_dump())
        except ValidationError as error:
            raise InvalidInput(describe_validation_error(error)) from None
        try:
            return self._save(kind, record, checked)
        except sqlite3.IntegrityError:
            raise InvalidInput(
                f"this {kind.label} refers to a record that is not in the database; reopen it and try again"
            ) from None

    def _save(self, kind: Kind, record: R, checked: R) -> R:
        with self._writing() as conn:
            self._check_write(conn, record)
            current = conn.execute(
                f"SELECT version, updated_at, updated_by FROM {kind.table} WHERE id = ?",
                (record.id,),
            ).fetchone()
            if (current is None and record.version != 0) or (
                current is not None and current[0] != record.version
            ):
                if current is None:
                    raise NotFound(f"this {kind.label} has been removed by someone else")
                raise ConflictError(
                    kind.label,
                    current[2],
                    datetime.fromisoformat(current[1]) if current[1] else None,
                )
            before = self._select(type(record), "id = ?", (record.id,))[0] if current else None
            saved = checked.model_copy(
                update={
                    "version": record.version + 1,
                    "updated_at": now(),
                    "updated_by": self.actor,
                }
            )
            main, parts = to_rows(saved)
            if current is None:
                insert_rows(conn, kind.table, [main])
            else:
                columns = [c for c in main if c != "id"]
                conn.execute(
                    f"UPDATE {kind.table} SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                    [main[c] for c in columns] + [saved.id],
                )
            for part in kind.parts.values():
                conn.execute(f"DELETE FROM {part.table} WHERE {part.parent_key} = ?", (saved.id,))
                insert_rows(conn, part.table, parts[part.table])
            self._audit(
                conn,
                "update" if current else "create",
                kind,
                saved.id,
                getattr(saved, kind.family_field) if kind.family_field else None,
                before.model_dump(mode="json") if before else None,
                saved.model_dump(mode="json"),
            )
        return saved

    def delete(self, record: Record) -> None:
        """Remove a record entered in error (audited, with what it held)."""
        kind = kind_of(record)
        with self._writing() as conn:
            self._check_write(conn, record, removing=True)
            current = self._select(type(record), "id = ?", (record.id,))
            if not current:
                raise NotFound(f"this {kind.label} has already been removed")
            if current[0].version != record.version:
                raise ConflictError(kind.label, current[0].updated_by, current[0].updated_at)
            try:
                conn.execute(f"DELETE FROM {kind.table} WHERE id = ?", (record.id,))
            except sqlite3.IntegrityError:
                raise InvalidInput(
                    f"this {kind.label} is referred to by other records; it cannot be removed"
                ) from None
            self._audit(
                conn,
                "delete",
                kind,
                record.id,
                getattr(record, kind.family_field) if kind.family_field else None,
                current[0].model_dump(mode="json"),
                None,
            )

    # -- bulk: dump and load -------------------------------------------------------------

    def dump(self, references: list[str] | None = None) -> Bundle:
        """Everything about the families with these references (all when None: all the
        principal may see). Needs Permission.DUMP, and each family named must be one the
        principal may see; `Refused` (logged) otherwise. Logged as a look: one access row per
        family asked for, or one for a dump of every family."""
        reason = refusal(self.principal, Permission.DUMP)
        if reason:
            # Logged against each family asked for, so that its history shows the refusal.
            named = [r.strip().upper() for r in references or []] or [None]
            for reference in named:
                family_id = reference and self._scalar(
                    "SELECT id FROM families WHERE reference = ?", (reference,))
                refused = self._refuse(Look.DUMP, reason, Permission.DUMP, family_id or None,
                                       reference)
            raise refused
        visible = self._family_filter()
        if references:
            if visible is not None:
                for reference in references:
                    self.family_by_reference(reference)  # refused unless they may see it
            bundle = bulk.dump(self, references)
        elif visible is None:
            bundle = bulk.dump(self, None)
        else:
            bundle = bulk.dump(self, self._references(visible))
        with self.transaction():  # one commit, however many families were asked for
            if references:
                for file in bundle.families:
                    family = file.family
                    self.log_access(Look.DUMP, family_id=family.id, reference=family.reference)
            else:
                count = len(bundle.families)
                self.log_access(Look.DUMP, detail=f"dump of {count} famil{'y' if count == 1 else 'ies'}")
        return bundle

    def _references(self, family_ids: Iterable[str]) -> list[str]:
        return self._column(
            "SELECT reference FROM families WHERE id IN (SELECT value FROM json_each(?))"
            " ORDER BY reference", (json.dumps(sorted(family_ids)),))

    def family_file_batches(self, size: int = 500) -> Iterator[list[FamilyFile]]:
        """Every family's file the principal may see, `size` families at a time, in
        reference order."""
        visible = self._family_filter()
        return bulk.family_file_batches(
            self, size, None if visible is None else self._references(visible))

    def load(self, bundle: Bundle, note: str = "loaded") -> dict[str, int]:
        """Add everything in `bundle`, keeping ids and versions, in one transaction.

        Records already here are refused (nothing is written); directory entries
        (agencies, professionals, local services) it already has are kept as they are. Each family (and each
        directory entry or screening meeting) gets one audit line saying who loaded it and
        why (`note`), not a copy of its contents. Needs Permission.LOAD.
        """
        self.require(Permission.LOAD, "load")
        return bulk.load(self, bundle, note)

    # -- drafts and settings ---------------------------------------------------------------

    def save_draft(self, key: str, content: dict) -> None:
        """Keep what is being typed (a meeting in progress) so a crash cannot lose it.

        Drafts are scratch copies, not records: they are not audited; the record saved
        from them is.
        """
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO drafts (key, saved_at, saved_by, content) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(key) DO UPDATE SET saved_at = excluded.saved_at,"
                " saved_by = excluded.saved_by, content = excluded.content",
                (
                    key,
                    now().isoformat(),
                    self.actor,
                    json.dumps(content, ensure_ascii=False, default=str),
                ),
            )

    def load_draft(self, key: str) -> dict | None:
        content = self._scalar("SELECT content FROM drafts WHERE key = ?", (key,))
        return json.loads(content) if content else None

    def drop_draft(self, key: str) -> None:
        with self._writing() as conn:
            conn.execute("DELETE FROM drafts WHERE key = ?", (key,))

    def drafts(self) -> list[tuple[str, datetime]]:
        return [
            (r["key"], datetime.fromisoformat(r["saved_at"]))
            for r in self._rows("SELECT key, saved_at FROM drafts ORDER BY saved_at DESC")
        ]

    def settings(self) -> Settings:
        """The council's settings in force: each stored choice, else its default."""
        stored = self._rows("SELECT key, value FROM settings")
        return Settings.from_stored({r["key"]: json.loads(r["value"]) for r in stored})

    def set_setting(self, key: str, value: Any) -> None:
        """Change one setting (audited); `InvalidInput` if there is no such setting or it
        cannot take `value`; `Refused` without Permission.SETTINGS."""
        self.require(Permission.SETTINGS, f"change the setting {key}")
        Settings.check(key, value)
        with self._writing() as conn:
            before = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )
            trail.append_audit(conn, [trail.AuditRow(
                now().isoformat(), self.actor, "update" if before else "create", "setting", key,
                None, before[0] if before else None, json.dumps(value),
            )])

    # -- safety: backup and check ------------------------------------------------------------

    def backup(self, dest: str | os.PathLike) -> Path:
        """A consistent copy through SQLite's online backup, safe while others use the file;
        logged as a look (the copy holds every family), with the copy's path. Needs
        Permission.BACKUP."""
        self.require(Permission.BACKUP, "backup")
        with self._lock:
            copy = database.backup(self._conn, Path(dest).expanduser(), self.path)
        self.log_access(Look.BACKUP, detail=str(copy))
        return copy

    def check(self) -> CheckReport:
        """Integrity, foreign keys, schema version, references between records, counts."""
        with self._lock:
            tables = [t for t in self._db.table_names() if not t.startswith(SEARCH_TABLE)]
            report = database.check(self._conn, tables)
        for problem in (search.index_problem(self), oversight.latest_checks_problem(self)):
            if problem:
                report.problems.append(problem)
        return report


def _audit_entry(row: dict[str, Any]) -> AuditEntry:
    before = json.loads(row["before"]) if row["before"] else None
    after = json.loads(row["after"]) if row["after"] else None
    if row.get("changes") is not None:
        changes = json.loads(row["changes"])
    elif row["operation"] == "update" and isinstance(before, dict) and isinstance(after, dict):
        changes = audit.changes(before, after)  # written before version 3: both copies whole
    else:
        changes = None
    return AuditEntry(
        at=datetime.fromisoformat(row["at"]),
        actor=row["actor"],
        operation=row["operation"],
        record_kind=row["record_kind"],
        record_id=row["record_id"],
        family_id=row["family_id"],
        before=before,
        after=after,
        changes=changes,
    )


def _filters(**values: Any) -> tuple[str, tuple]:
    clauses, params = [], []
    for column, value in values.items():
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value.value if hasattr(value, "value") else value)
    return " AND ".join(clauses) or "1", tuple(params)
