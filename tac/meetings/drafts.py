"""Meetings in progress are kept as drafts: one per person and meeting, so nothing typed
is lost when a laptop dies, and two people never type into the same one.

    >>> tac_meeting_draft_key("f1", "Priya Shah")
    'tac-meeting:f1:Priya Shah'
    >>> keep_draft(store, key, draft)                       # what is typed, as a model
    >>> kept_draft(store, key, TacMeetingDraft)             # (the draft, when it was kept)
    >>> others_tac_meeting_drafts(store, "f1")              # everyone else's, for this family

Drafts are scratch copies, not records: the record saved from one is audited, the draft
itself is not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from tac.store import Store

TAC_MEETING = "tac-meeting"
SCREENING_MEETING = "screening-meeting"
TAC_CORRECTION = "tac-correction"

D = TypeVar("D", bound=BaseModel)


def tac_meeting_draft_key(family_id: str, actor: str) -> str:
    """Where `actor`'s TAC meeting in progress for a family is kept."""
    return f"{TAC_MEETING}:{family_id}:{actor}"


def tac_correction_draft_key(meeting_id: str, actor: str) -> str:
    """Where `actor`'s correction in progress of a finished TAC meeting is kept (apart from
    any new meeting for the family, so neither is offered back as the other)."""
    return f"{TAC_CORRECTION}:{meeting_id}:{actor}"


def screening_meeting_draft_key(actor: str) -> str:
    """Where `actor`'s screening meeting in progress is kept."""
    return f"{SCREENING_MEETING}:{actor}"


def family_draft_prefixes(family_id: str, meeting_ids: Sequence[str]) -> list[str]:
    """How the keys of every draft about a family begin: its TAC meetings in progress
    (anyone's) and corrections of its finished ones. Erasing the family removes them."""
    return [tac_meeting_draft_key(family_id, ""),
            *(tac_correction_draft_key(meeting_id, "") for meeting_id in meeting_ids)]


@dataclass(frozen=True)
class KeptDraft:
    """Someone's meeting in progress: whose it is and when it was last kept."""

    key: str
    actor: str
    saved_at: datetime


def keep_draft(store: Store, key: str, draft: BaseModel) -> None:
    """Keep what is typed so far under `key` (replacing what was kept before)."""
    store.save_draft(key, draft.model_dump(mode="json"))


def kept_draft(store: Store, key: str, model: type[D]) -> tuple[D, datetime | None] | None:
    """The draft kept under `key` and when it was kept, or None.

    A draft this version of TAC cannot read (kept by an older one) counts as none; it
    stays in the store until a new draft is kept under its key.
    """
    content = store.load_draft(key)
    if content is None:
        return None
    try:
        draft = model.model_validate(content)
    except ValidationError:
        return None
    return draft, next((when for k, when in store.drafts() if k == key), None)


def others_tac_meeting_drafts(store: Store, family_id: str) -> list[KeptDraft]:
    """The TAC meetings for this family that other people have in progress."""
    return _others(store, f"{TAC_MEETING}:{family_id}:")


def others_screening_meeting_drafts(store: Store) -> list[KeptDraft]:
    """The screening meetings other people have in progress."""
    return _others(store, f"{SCREENING_MEETING}:")


def _others(store: Store, prefix: str) -> list[KeptDraft]:
    return [
        KeptDraft(key, key.removeprefix(prefix), when)
        for key, when in store.drafts()
        if key.startswith(prefix) and key.removeprefix(prefix) != store.actor
    ]


def describe_others(others: Sequence[KeptDraft], what: str) -> str:
    """One line saying who else has `what` open, or an empty string for nobody.

    >>> describe_others([KeptDraft("k", "Sam Okafor", datetime(2026, 3, 10, 9, 5))],
    ...                 "a TAC meeting for this family")
    'Also open: a TAC meeting for this family, by Sam Okafor (kept at 09:05 on 10/03/2026). ...'
    """
    if not others:
        return ""
    who = ", ".join(
        f"{kept.actor} (kept at {kept.saved_at.astimezone():%H:%M on %d/%m/%Y})" for kept in others
    )
    return (
        f"Also open: {what}, by {who}. Each person's typing is kept apart; "
        "whoever finishes second is told what the first changed."
    )
