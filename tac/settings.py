"""The choices a council can make without touching code, kept in the database.

    $ tac setting review_interval_weeks 8
    review_interval_weeks = 8        (weeks from a TAC meeting to its review when none is agreed)

Everything that counts weeks or days (the rules, the screens, the Word documents) takes
them from one `Settings`, read from the store:

    >>> settings = store.settings()
    >>> settings.review_interval_weeks
    8
    >>> Settings().review_interval_weeks     # the default, when the council chose none
    6
"""

from __future__ import annotations

from datetime import date
from typing import Any

from annotated_types import Ge, Le
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tac.dates import parse_form_date
from tac.errors import InvalidInput


class Settings(BaseModel):
    """The settings in force: each the council's choice, else its default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    review_interval_weeks: int = Field(
        default=6, ge=1, le=26,
        description="weeks from a TAC meeting to its review when none is agreed",
    )
    """Reviews are most often held every six weeks; councils choose from 4 to 12."""

    due_soon_days: int = Field(
        default=7, ge=1, le=60,
        description="days ahead in which an action or review counts as due soon",
    )

    screening_wait_working_days: int = Field(
        default=1, ge=0, le=20,
        description="working days a referral may wait for screening before it is flagged",
    )
    """Front doors aim to decide a referral within one working day."""

    initial_meeting_working_days: int = Field(
        default=20, ge=1, le=60,
        description="working days after screening decides on early help by which the family's "
        "first TAC meeting should be held",
    )
    """Councils commonly aim to hold the first team around the child meeting within four weeks."""

    minutes_within_working_days: int = Field(
        default=10, ge=1, le=30,
        description="working days after a meeting by which its minutes should be sent",
    )
    """Councils aim to send minutes within ten working days of the meeting."""

    minutes_clock_from: date | None = Field(
        default=None,
        description="meetings held before this day are not on the minutes clock (DD/MM/YYYY)",
    )
    """Set by the upgrade that began keeping the clock: meetings finished before then have no
    record of their minutes being sent, and would all count as late."""
    front_door: str = Field(
        default="the early help front door at your council's children's services",
        min_length=1, max_length=300,
        description="how a family reaches the council's front door again (a closing letter "
        "gives it): e.g. Castlebridge Early Help, 0161 496 0000, Monday to Friday 9 to 5",
    )
    """Who to contact if things get hard again: the closing letter prints it as written."""

    re_referral_months: int = Field(
        default=12, ge=1, le=36,
        description="months after an episode of early help closed in which a new referral "
        "is marked a re-referral",
    )
    """The Department for Education counts re-referrals within 12 months of the last one."""

    idle_lock_minutes: int = Field(
        default=15, ge=1, le=240,
        description="minutes without a key pressed after which the app locks and asks for "
        "the password again (a meeting's draft is kept)",
    )

    totp_required_in_browser: bool = Field(
        default=False,
        description="whether signing in from a browser needs a second factor (a code from an "
        "authenticator app) as well as the password",
    )

    retention_years: int = Field(
        default=6, ge=1, le=100,
        description="years after an episode of early help closed that the family's records "
        "are kept; then they are listed for an administrator to erase",
    )
    """Councils commonly keep early help records six years after closure."""

    oversight_note_weeks: int = Field(
        default=12, ge=1, le=52,
        description="weeks after a manager's last oversight note on an open family before "
        "it is flagged as having had no management oversight",
    )
    """Ofsted looks for regular, recorded management oversight on every open family."""

    vulnerability_rise: int = Field(
        default=3, ge=0, le=100,
        description="how far a child's vulnerability check total must rise since their check "
        "before to be flagged as rising (0: not flagged for a rise)",
    )
    """The issue's "by 3 or more since the last check": three indicators a step worse, or one
    from no concern to severe."""

    vulnerability_threshold: int = Field(
        default=20, ge=0, le=1000,
        description="a vulnerability check total at or over which a child's latest check is "
        "flagged as rising (0: no threshold)",
    )
    """On TAC's own list of 23 indicators (most 69), 20 is significant concern in ten of them:
    a child whose needs may be past early help. A council that edits the list sets its own."""

    templates_dir: str = Field(
        default="",
        description="folder of the council's own Word templates (empty: the defaults)",
    )

    @classmethod
    def keys(cls) -> list[str]:
        """The settings' names, in the order `tac setting` lists them."""
        return list(cls.model_fields)

    @classmethod
    def known(cls, key: str) -> str:
        """`key` if there is such a setting; else `InvalidInput` naming the settings there are."""
        if key not in cls.model_fields:
            raise InvalidInput(
                f"there is no setting called {key}; the settings are: {', '.join(cls.keys())}"
            )
        return key

    @classmethod
    def meaning(cls, key: str) -> str:
        return cls.model_fields[cls.known(key)].description or ""

    @classmethod
    def parse(cls, key: str, text: str) -> Any:
        """The value typed for `key` on the command line, checked.

        `InvalidInput` says what to type: `review_interval_weeks: give a number from 1 to 26`.
        """
        annotation = cls.model_fields[cls.known(key)].annotation
        if annotation == date | None:
            if not text.strip() or text.strip().lower() == "none":
                return cls.check(key, None)
            return cls.check(key, parse_form_date(text, key).isoformat())
        if annotation is bool:
            answer = text.strip().lower()
            if answer in ("yes", "true", "on", "1"):
                return cls.check(key, True)
            if answer in ("no", "false", "off", "0"):
                return cls.check(key, False)
            raise InvalidInput(f"{key}: type yes or no")
        if annotation is int:
            try:
                return cls.check(key, int(text))
            except ValueError:
                raise InvalidInput(f"{key}: '{text}' is not a whole number") from None
        return cls.check(key, text.strip())

    @classmethod
    def check(cls, key: str, value: Any) -> Any:
        """`value` if `key` may take it; else `InvalidInput` saying what it may be."""
        try:
            cls.model_validate({cls.known(key): value})
        except ValidationError:
            low, high = _bounds(cls, key)
            if low is not None and high is not None:
                raise InvalidInput(f"{key}: give a number from {low} to {high}") from None
            raise InvalidInput(f"{key}: '{value}' is not a setting {key} can take") from None
        return value

    @classmethod
    def from_stored(cls, stored: dict[str, Any]) -> Settings:
        """The settings in force, from the stored choices (a setting TAC no longer has is
        passed over). A stored value TAC cannot use raises `InvalidInput` naming it."""
        chosen = {}
        for key, value in stored.items():
            if key in cls.model_fields:
                try:
                    chosen[key] = cls.check(key, value)
                except InvalidInput as error:
                    raise InvalidInput(
                        f"the stored setting {error}; set it again with `tac setting {key} VALUE`"
                    ) from None
        return cls(**chosen)


def _bounds(settings: type[Settings], key: str) -> tuple[Any, Any]:
    low = high = None
    for rule in settings.model_fields[key].metadata:
        if isinstance(rule, Ge):
            low = rule.ge
        elif isinstance(rule, Le):
            high = rule.le
    return low, high
