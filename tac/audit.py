"""What an audit record says changed, and the lines a person reads back (`tac audit REF`).

A created record is kept whole once, in the audit record's `after`; a removed one whole in
its `before`. An update keeps only what changed, field by field:

    >>> changes({"name": "Heaton", "phone": ""}, {"name": "Heaton", "phone": "0161 496 0999"})
    {'phone': {'before': '', 'after': '0161 496 0999'}}

A list (a family's people, a meeting's attendance, an action's progress notes) is compared
item by item in order, the way `diff` compares lines: items only in the list before are
`removed`, items only in the list after are `added` (each whole), and an item edited where it
stands (same `id`, or the same place for items without one) is `changed`, with its place in
the list after (`at`, counting from 0) and its own field-by-field changes:

    >>> changes({"progress": [{"text": "Rang"}]}, {"progress": [{"text": "Rang"}, {"text": "Met"}]})
    {'progress': {'added': [{'text': 'Met'}]}}
    >>> changes({"people": [{"id": "p1", "name": "Kay"}]}, {"people": [{"id": "p1", "name": "Kai"}]})
    {'people': {'changed': [{'at': 0, 'id': 'p1', 'changes': {'name': {'before': 'Kay', 'after': 'Kai'}}}]}}

`version`, `updated_at` and `updated_by` are left out: the audit record's own `at` and `actor`
say when and who.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

from tac.dates import form_date, long_date

if TYPE_CHECKING:
    from tac.bundle import FamilyFile
    from tac.store.records import AuditEntry

_STAMPS = frozenset({"version", "updated_at", "updated_by"})


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """The fields that differ between two copies of a record (JSON form), each with its
    `before` and `after`, or for a list the items `added`, `removed` and `changed`."""
    found: dict[str, Any] = {}
    for name in [*before, *(n for n in after if n not in before)]:
        if name in _STAMPS:
            continue
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if isinstance(old, list) and isinstance(new, list):
            found[name] = _list_changes(old, new)
        else:
            found[name] = {"before": old, "after": new}
    return found


def _list_changes(before: list, after: list) -> dict[str, list]:
    # Most saves add or edit one item of a long list (a note appended to an action): skip
    # the items alike at both ends before matching the rest.
    same = min(len(before), len(after))
    head = next((n for n in range(same) if before[n] != after[n]), same)
    tail = next((n for n in range(same - head) if before[-1 - n] != after[-1 - n]), same - head)
    before, after = before[head : len(before) - tail], after[head : len(after) - tail]
    keys = [json.dumps(item, sort_keys=True) for item in before]
    new_keys = [json.dumps(item, sort_keys=True) for item in after]
    added: list = []
    removed: list = []
    changed: list[dict[str, Any]] = []
    matcher = SequenceMatcher(None, keys, new_keys, autojunk=False)
    for tag, start, end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds, news = before[start:end], after[new_start:new_end]
        for offset, (old, new) in enumerate(zip(olds, news, strict=False)):
            if isinstance(old, dict) and isinstance(new, dict) and old.get("id") == new.get("id"):
                entry: dict[str, Any] = {"at": head + new_start + offset}
                if new.get("id") is not None:
                    entry["id"] = new["id"]
                entry["changes"] = changes(old, new)
                changed.append(entry)
            else:
                removed.append(old)
                added.append(new)
        paired = min(len(olds), len(news))
        removed += olds[paired:]
        added += news[paired:]
    found = {"added": added, "removed": removed, "changed": changed}
    return {key: items for key, items in found.items() if items}


# -- reading it back -------------------------------------------------------------------------


def record_name(kind: str, record: Mapping[str, Any]) -> str:
    """How a record is named in the history, from its JSON form: `action "Chart on the fridge"`,
    `review TAC meeting of 3 March 2026`, `family EH-2026-0042`."""
    if kind == "family" and record.get("reference"):
        return f"family {record['reference']}"
    if kind == "action" and record.get("what"):
        return f"action {_quoted(_shortened(record['what']))}"
    if kind == "TAC meeting" and record.get("held_on"):
        return f"{record.get('kind', '')} TAC meeting of {_long(record['held_on'])}".strip()
    if kind == "referral" and record.get("received_on"):
        return f"referral of {_long(record['received_on'])}"
    if kind == "chronology event" and record.get("occurred_on"):
        return f"chronology event of {_long(record['occurred_on'])}"
    return f"{kind} {str(record.get('id', ''))[:8]}".strip()


def history(file: FamilyFile, entries: list[AuditEntry], names: Mapping[str, str]) -> list[str]:
    """A family's audit records as lines to read, in the order given: when (local time), who,
    which record, and one line per field changed:

        03/03/2026 10:15  Priya Shah  family EH-2026-0042  address: "14 Mill Lane" -> "3 Station Road"

    `names` gives the names of ids found in the changes (professionals, agencies); the
    family's members and records are named from `file`.
    """
    lines = []
    for entry, said in changes_said(file, entries, names):
        at = entry.at.astimezone()
        lines.append(f"{form_date(at.date())} {at:%H:%M}  {entry.actor}  {said}")
    return lines


def changes_said(
    file: FamilyFile, entries: list[AuditEntry], names: Mapping[str, str]
) -> list[tuple[AuditEntry, str]]:
    """Each audit record with what it changed, in words, one pair per field changed:
    `(entry, 'family EH-2026-0042  address: "14 Mill Lane" -> "3 Station Road"')`, in the
    order given. See `history`."""
    labels = {file.family.id: record_name("family", file.family.model_dump(mode="json"))}
    for kind, records in (
        ("chronology event", file.chronology),
        ("referral", file.referrals),
        ("TAC meeting", file.tac_meetings),
        ("action", file.actions),
    ):
        labels.update((r.id, record_name(kind, r.model_dump(mode="json"))) for r in records)
    for entry in entries:  # records since removed are named from what the audit kept of them
        kept = entry.after if entry.operation == "create" else entry.before
        if entry.record_id not in labels and isinstance(kept, dict):
            labels[entry.record_id] = record_name(entry.record_kind, kept)
    names = {**names, **{p.id: p.name for p in file.family.people}, **labels}
    said = []
    for entry in entries:
        label = labels.get(entry.record_id) or record_name(entry.record_kind, {"id": entry.record_id})
        said += [(entry, f"{label}  {line}") for line in what_changed(entry, names)]
    return said


def what_changed(entry: AuditEntry, names: Mapping[str, str] | None = None) -> list[str]:
    """One line per field an audit record changed: `created` for a new record, `removed`,
    `loaded (demo data, seed 1; 57 records)`, `took in 1 referral (referrals imported from
    referrals.csv)`, or `address: "1 Old Road" -> "3 Station Road"`.

    Ids found in `names` (professionals, agencies, family members...) are shown by name.
    """
    names = names or {}
    if entry.operation == "erase":  # a family past retention: what went, never its content
        note = entry.after or {}
        return [f"erased {note.get('reference', '')} ({note.get('why', '')})"]
    if entry.before is None and entry.after is None and entry.changes is None and (
        entry.operation not in ("create", "delete")
    ):
        return [f"{entry.operation} (what it held was erased with the family)"]
    if entry.operation == "create":
        return ["created"]
    if entry.operation == "delete":
        return ["removed"]
    if entry.operation == "load":
        note = entry.after or {}
        count = f"; {note['records']} records" if note.get("records") else ""
        return [f"loaded ({note.get('note', '')}{count})"]
    if entry.operation == "intake":  # referrals taken in: the family made, or joined
        note = entry.after or {}
        taken = len(note.get("referrals", []))
        what = "created with" if note.get("family") else "took in"
        lines = [f"{what} {taken} referral{'s' * (taken != 1)} ({note.get('note', '')})"]
        return lines + _change_lines(entry.changes or {}, names, "")
    if entry.changes is None:  # a setting: its value before and after
        return [f"{entry.record_id}: {_value(entry.before, names)} -> {_value(entry.after, names)}"]
    return _change_lines(entry.changes, names, "") or ["saved, nothing changed"]


def _change_lines(found: Mapping[str, Any], names: Mapping[str, str], prefix: str) -> list[str]:
    lines = []
    for name, change in found.items():
        label = prefix + _label(name)
        if "before" in change or "after" in change:
            before, after = _value(change.get("before"), names), _value(change.get("after"), names)
            lines.append(f"{label}: {before} -> {after}")
            continue
        lines += [f"{label}: added {_value(item, names)}" for item in change.get("added", [])]
        lines += [f"{label}: removed {_value(item, names)}" for item in change.get("removed", [])]
        for item in change.get("changed", []):
            lines += _change_lines(item["changes"], names, f"{label} #{item['at'] + 1} ")
    return lines


def _label(name: str) -> str:
    return name.removesuffix("_id").replace("_", " ")


def _value(value: Any, names: Mapping[str, str]) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        if value in names:
            return names[value]
        return long_date(day) if (day := _iso_date(value)) else _quoted(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(item, names) for item in value) + "]"
    if isinstance(value, dict):
        shown = (
            f"{_label(key)} {_value(item, names)}"
            for key, item in value.items()
            if key != "id" and item not in (None, "", [])
        )
        return "(" + ", ".join(shown) + ")"
    return str(value)


def _quoted(text: str) -> str:
    # JSON quoting: a newline typed in a note stays on the one line, as \n.
    return json.dumps(text, ensure_ascii=False)


def _shortened(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _long(iso: str) -> str:
    day = _iso_date(iso)
    return long_date(day) if day else iso


def _iso_date(text: str) -> date | None:
    if len(text) != 10:  # a date, not a time or the text of a note
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
