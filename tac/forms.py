"""A record typed into a form: the text as typed in, the validated record out, or what is
wrong with each field, so a screen can say it beside the field and keep what was typed.

    >>> record_from_form(Professional, {}, {"name": "  ", "role": "Nurse"})
    Traceback (most recent call last):
    tac.forms.FormProblems: name: is required
    >>> record_from_form(Professional, {}, {"name": "Ann Lee"}).name
    'Ann Lee'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from tac.dates import parse_form_date
from tac.errors import InvalidInput

M = TypeVar("M", bound=BaseModel)

FORM = ""
"""The key of a problem that is about the whole form rather than one field."""


class FormProblems(InvalidInput):
    """What is wrong with a form, by field name (`FORM` for the form as a whole)."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(
            f"{label(name)}: {message}" if name else message for name, message in self.problems.items()
        ))


def label(field: str) -> str:
    """A field's name as a message says it: `date_of_birth` -> `date of birth`."""
    return field.replace("_", " ")


def record_from_form(
    model: type[M],
    base: Mapping[str, Any],
    typed: Mapping[str, Any],
    dates: Iterable[str] = (),
) -> M:
    """`model` made from `base` (the record as it was, or {} for a new one) with the fields
    `typed` over it. Fields named in `dates` are typed as DD/MM/YYYY (empty: no date).

    Raises `FormProblems` naming every field that is wrong, with the model's own words.
    """
    data = dict(base)
    problems: dict[str, str] = {}
    date_fields = set(dates)
    for name, value in typed.items():
        if name in date_fields:
            text = str(value or "").strip()
            try:
                data[name] = parse_form_date(text, label(name)) if text else None
            except InvalidInput as error:
                problems[name] = _without_field(str(error), name)
        else:
            data[name] = value
    try:
        record = model.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            message = item.get("msg", "is not valid").removeprefix("Value error, ")
            loc = [str(p) for p in item.get("loc", ()) if p != "__root__"]
            field = loc[0] if loc and loc[0] in model.model_fields else _field_named(model, message)
            problems.setdefault(field, _without_field(message, field))
        raise FormProblems(problems) from None
    if problems:
        raise FormProblems(problems)
    return record


def _field_named(model: type[BaseModel], message: str) -> str:
    """The field a whole-record message is about, by the words it starts with
    (`date of birth: ...`), or `FORM`."""
    words = message.split(":", 1)[0].strip().lower() if ":" in message else ""
    return next((name for name in model.model_fields if label(name) == words), FORM)


def _without_field(message: str, field: str) -> str:
    """The message as said beside its field: without the field's name in front."""
    return message.removeprefix(f"{label(field)}: ") if field else message
