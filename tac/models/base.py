"""What every TAC record shares: an id, a version for conflict checks, and clean text."""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

# Tab and newline are kept in free text; other C0/C1 control characters are never wanted.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def new_id() -> str:
    """A fresh record id: 32 hex characters, unique across every kind of record."""
    return uuid.uuid4().hex


def _clean_name(value: str) -> str:
    value = unicodedata.normalize("NFC", value).strip()
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValueError("contains control characters; type the name again without them")
    if not value:
        raise ValueError("is required")
    if len(value) > 200:
        raise ValueError("is longer than 200 characters")
    return " ".join(value.split())


def _clean_text(value: str) -> str:
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    value = _CONTROL.sub("", value).strip()
    if len(value) > 20_000:
        raise ValueError("is longer than 20,000 characters; split it into several entries")
    return value


def _required(value: str) -> str:
    if not value:
        raise ValueError("is required")
    return value


Name = Annotated[str, AfterValidator(_clean_name)]
"""A person's, agency's or service's name: one line, no control characters."""

Text = Annotated[str, AfterValidator(_clean_text)]
"""Free text as typed (may be empty); pasted control characters are dropped."""

RequiredText = Annotated[str, AfterValidator(_clean_text), AfterValidator(_required)]
"""Free text that must not be empty."""

Score = Annotated[int, Field(ge=0, le=10, description="0 to 10")]
"""A Signs of Safety scaling score."""

Level = Annotated[int, Field(ge=1, le=4, description="continuum of need, 1 to 4")]
"""The continuum of need: 1 universal, 2 early help, 3 complex early help, 4 statutory."""

LEVEL_LABELS: dict[int, str] = {
    1: "Universal",
    2: "Early help (targeted)",
    3: "Complex or intensive early help",
    4: "Specialist or statutory",
}

RecordId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class Model(BaseModel):
    """Settings shared by every model: unknown fields refused, assignment validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Record(Model):
    """A record saved on its own, with an id and the version it was read at."""

    id: RecordId = Field(default_factory=new_id)
    # SQLite keeps integers in 64 bits: a larger version could be read but never saved.
    version: int = Field(default=0, ge=0, le=2**63 - 1, description="0 until first saved")
    updated_at: datetime | None = None
    updated_by: str | None = None


def not_in_future(value: date | None, today: date | None = None) -> date | None:
    if value is not None and value > (today or date.today()):
        raise ValueError("is in the future")
    return value
