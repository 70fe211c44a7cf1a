"""Finding families: the full-text index of their words, and their members' dates of birth
and NHS numbers. The rules for what counts as a match are in `tac.intake.matching`.

The index (`families_search`, FTS5 with diacritics removed) holds each family's
`search_text` (written by `tac.names.family_search_text` on every save and load) under its
`search_order` (`tac.models.people.reference_order`); triggers keep the index in step with
the families table (tac/schema.py, version 4).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from tac import names
from tac.models import Family, Referral
from tac.schema import SEARCH_TABLE

if TYPE_CHECKING:
    from tac.store.records import Store

_CHUNK = 500  # ids per `IN (...)`, well under SQLite's limit on parameters


def prefix_match(text: str) -> str:
    """The full-text query finding families with a word starting with each word of `text`:
    `prefix_match("Sutt O'Co")` is `"sutt"* AND "oco"*`; "" when `text` has no words."""
    return match_expression([[f"{word}*"] for word in names.words(text)])


def match_expression(groups: Sequence[Iterable[str]]) -> str:
    """A full-text query needing, from each group, one of its words; a word ending in `*`
    matches any word starting with it. Words are plain (`tac.names.words`)."""
    clauses = []
    for group in groups:
        terms = [f'"{w[:-1]}"*' if w.endswith("*") else f'"{w}"' for w in group if w.strip("*")]
        if terms:
            clauses.append(terms[0] if len(terms) == 1 else f"({' OR '.join(terms)})")
    return " AND ".join(clauses)


def family_ids_matching(
    store: Store, groups: Sequence[Iterable[str]], limit: int | None = 500,
    among: frozenset[str] | None = None,
) -> list[str]:
    """Ids of the families whose words hold one word of every group (see `match_expression`),
    in reference order, at most `limit` (None: all of them); only those `among` these ids
    when given."""
    expression = match_expression(groups)
    if not expression:
        return []
    bound = "LIMIT :limit" if limit is not None else ""
    params: dict[str, object] = {"match": expression, "limit": limit}
    also = []
    if among is not None:
        also.append("f.id IN (SELECT value FROM json_each(:among))")
        params["among"] = json.dumps(sorted(among))
    with store._lock:
        rows = store._conn.execute(
            f"SELECT f.id {in_reference_order(also)} {bound}", params
        ).fetchall()
    return [row[0] for row in rows]


def in_reference_order(also: Sequence[str] = ()) -> str:
    """`FROM ... WHERE ... ORDER BY ...` for the families (`f`) matching the full-text query
    bound as `:match` and the conditions `also`, in reference order.

    The index keeps families by `search_order`, which sorts as the reference does: it is read
    in order and stops at a LIMIT, rather than fetching every match (a first letter matches
    nearly all) to sort them.
    """
    conditions = "".join(f" AND {condition}" for condition in also)
    return (
        f"FROM {SEARCH_TABLE} s JOIN families f ON f.search_order = s.rowid"
        f" WHERE s.{SEARCH_TABLE} MATCH :match{conditions} ORDER BY s.rowid"
    )


def family_ids_with_member(
    store: Store, born_on: date | None = None, nhs_number: str | None = None
) -> list[str]:
    """Ids of the families with someone born on `born_on`, or with the NHS number `nhs_number`
    (either given; both: someone with either)."""
    found = members_born_on(store, [born_on]) if born_on else {}
    ids = [family_id for rows in found.values() for family_id, _, _ in rows]
    if nhs_number:
        ids += [i for found in families_with_nhs_numbers(store, [nhs_number]).values() for i in found]
    return list(dict.fromkeys(ids))


def members_born_on(store: Store, days: Iterable[date]) -> dict[date, list[tuple[str, str, str]]]:
    """Everyone born on each of `days`: (family id, their name, the family's postcode)."""
    wanted = sorted({d.isoformat() for d in days})
    found: dict[date, list[tuple[str, str, str]]] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        with store._lock:
            rows = store._conn.execute(
                "SELECT m.date_of_birth, m.family_id, m.name, f.postcode FROM family_members m"
                " JOIN families f ON f.id = m.family_id"
                f" WHERE m.date_of_birth IN ({', '.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        for day, family_id, name, postcode in rows:
            found.setdefault(date.fromisoformat(day), []).append((family_id, name, postcode))
    return found


def families_with_nhs_numbers(store: Store, numbers: Iterable[str]) -> dict[str, list[str]]:
    """The ids of the families with someone of each NHS number (numbers no one has left out)."""
    wanted = sorted({n for n in numbers if n})
    found: dict[str, list[str]] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        with store._lock:
            rows = store._conn.execute(
                "SELECT DISTINCT nhs_number, family_id FROM family_members"
                f" WHERE nhs_number IN ({', '.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        for number, family_id in rows:
            found.setdefault(number, []).append(family_id)
    return found


def referrals_from(store: Store, sources: Iterable[str]) -> list[tuple[Referral, str]]:
    """The referrals taken in with these `source_reference`s, each with its family's reference."""
    wanted = sorted({s for s in sources if s})
    found: list[tuple[Referral, str]] = []
    for start in range(0, len(wanted), _CHUNK):
        chunk = tuple(wanted[start : start + _CHUNK])
        marks = ", ".join("?" * len(chunk))
        referrals = store._select(Referral, f"source_reference IN ({marks})", chunk)
        with store._lock:
            references = dict(
                store._conn.execute(
                    "SELECT f.id, f.reference FROM families f JOIN referrals r ON r.family_id = f.id"
                    f" WHERE r.source_reference IN ({marks})",
                    chunk,
                ).fetchall()
            )
        found += [(r, references.get(r.family_id, "")) for r in referrals]
    return found


class MemberRow(NamedTuple):
    """A person in a family as the members' table holds them, with the family's reference
    and postcode: enough to tell who someone is without reading the whole family."""

    family_id: str
    reference: str
    postcode: str
    position: int
    name: str
    date_of_birth: date | None
    nhs_number: str


def members_of(store: Store, family_ids: Iterable[str]) -> dict[str, list[MemberRow]]:
    """The people in each of these families, in their order in the family."""
    wanted = sorted(set(family_ids))
    found: dict[str, list[MemberRow]] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        with store._lock:
            rows = store._conn.execute(
                "SELECT m.family_id, f.reference, f.postcode, m.position, m.name, m.date_of_birth,"
                " m.nhs_number FROM family_members m JOIN families f ON f.id = m.family_id"
                f" WHERE m.family_id IN ({', '.join('?' * len(chunk))}) ORDER BY m.family_id, m.position",
                chunk,
            ).fetchall()
        for family_id, reference, postcode, position, name, born, nhs_number in rows:
            found.setdefault(family_id, []).append(MemberRow(
                family_id, reference, postcode, position, name,
                date.fromisoformat(born) if born else None, nhs_number,
            ))
    return found


def families_by_id(store: Store, ids: Iterable[str]) -> list[Family]:
    """The families with these ids (any not found are left out), in reference order."""
    wanted = list(dict.fromkeys(ids))
    found: list[Family] = []
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        found += store._select(Family, f"id IN ({', '.join('?' * len(chunk))})", tuple(chunk))
    return sorted(found, key=lambda family: family.reference)


def last_referral_dates(store: Store, family_ids: Iterable[str]) -> dict[str, date]:
    """The date each family's latest referral was received (families with none left out)."""
    wanted = list(dict.fromkeys(family_ids))
    found: dict[str, date] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        with store._lock:
            rows = store._conn.execute(
                "SELECT family_id, max(received_on) FROM referrals"
                f" WHERE family_id IN ({', '.join('?' * len(chunk))}) GROUP BY family_id",
                chunk,
            ).fetchall()
        found.update((family_id, date.fromisoformat(day)) for family_id, day in rows)
    return found


def index_problem(store: Store) -> str | None:
    """What is wrong with the full-text index (out of step with the families), or None."""
    with store._lock:
        try:
            store._conn.execute(
                f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rank) VALUES ('integrity-check', 1)"
            )
        except sqlite3.DatabaseError as error:
            return (
                f"the families' search index is out of step with the families ({error}); rebuild "
                f"it: sqlite3 {store.path} \"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES ('rebuild')\""
            )
    return None
