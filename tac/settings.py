"""The choices a council can make without touching code, kept in the database.

$ tac setting review_interval_weeks 8
$ tac setting
review_interval_weeks = 8   (weeks from a TAC meeting to its review when none is agreed)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tac.errors import InvalidInput
from tac.rules import DUE_SOON_DAYS, REVIEW_INTERVAL_WEEKS, SCREENING_WAIT_WORKING_DAYS


@dataclass(frozen=True)
class Setting:
    key: str
    meaning: str
    default: Any
    low: int | None = None
    high: int | None = None

    def parse(self, text: str) -> Any:
        """The value typed on the command line, checked; `InvalidInput` says what to type."""
        if self.low is None:
            return text.strip()
        try:
            value = int(text)
        except ValueError:
            raise InvalidInput(f"{self.key}: '{text}' is not a whole number") from None
        if not self.low <= value <= self.high:
            raise InvalidInput(f"{self.key}: give a number from {self.low} to {self.high}")
        return value


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting(
            "review_interval_weeks",
            "weeks from a TAC meeting to its review when none is agreed",
            REVIEW_INTERVAL_WEEKS,
            1,
            26,
        ),
        Setting(
            "due_soon_days",
            "days ahead in which an action or review counts as due soon",
            DUE_SOON_DAYS,
            1,
            60,
        ),
        Setting(
            "screening_wait_working_days",
            "working days a referral may wait for screening before it is flagged",
            SCREENING_WAIT_WORKING_DAYS,
            0,
            20,
        ),
        Setting("templates_dir", "folder of the council's own Word templates (empty: the defaults)", ""),
    )
}


def setting_named(key: str) -> Setting:
    try:
        return SETTINGS[key]
    except KeyError:
        known = ", ".join(SETTINGS)
        raise InvalidInput(f"there is no setting called {key}; the settings are: {known}") from None


def current(store, key: str) -> Any:
    """The value in force for `key`: the council's choice, else the default."""
    return store.setting(key, setting_named(key).default)
