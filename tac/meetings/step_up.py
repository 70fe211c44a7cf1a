"""Stepping a family up from early help to children's social care.

Both routes end here: a screening decision of "step up" (finishing the screening meeting)
and a TAC meeting whose last step says "step up to children's social care" (finishing it,
instead of agreeing a next review).

    typed = StepUpAsTyped(team="Duty and Assessment Team", earlier_signs="...")
    step_up = typed.step_up(family.id, held_on, reason=..., recorded_by=store.actor)
    step_up_family(store, step_up, level=4)     # one transaction, or nothing saved

The missed-opportunity reflection (what earlier signs there were, what could have been
done sooner) is optional but asked for: `missing_reflection` gives the line the finish
check reads out, so saving without one is asked about once.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field, ValidationError

from tac.errors import InvalidInput, describe_validation_error
from tac.models import (
    ClosureReason,
    Family,
    FamilyStatus,
    Model,
    StatusChange,
    StepUp,
)
from tac.models.base import RecordId
from tac.store import Store

NO_TEAM = "social care team: say which children's social care team the family goes to"
NO_REASON = "reason for stepping up: say why the family goes to children's social care"


class StepUpAsTyped(Model):
    """A step up as typed into a meeting's form: text, valid or not yet."""

    reason: str = Field(default="", description="why, when the form asks for it")
    team: str = ""
    earlier_signs: str = ""
    sooner: str = ""

    def has_reflection(self) -> bool:
        return bool(self.earlier_signs.strip() or self.sooner.strip())

    def step_up(
        self,
        family_id: str,
        on: date,
        *,
        reason: str | None = None,
        recorded_by: str = "",
        reflection_by_id: RecordId | None = None,
        screening_meeting_id: RecordId | None = None,
        tac_meeting_id: RecordId | None = None,
    ) -> StepUp:
        """The step up this makes (`reason` given by the caller wins over the form's own,
        as the screening decision's rationale does); InvalidInput says what to fix."""
        reason = self.reason if reason is None else reason
        if not self.team.strip():
            raise InvalidInput(NO_TEAM)
        if not reason.strip():
            raise InvalidInput(NO_REASON)
        try:
            return StepUp(
                family_id=family_id, stepped_up_on=on, reason=reason, team=self.team,
                recorded_by=recorded_by, earlier_signs=self.earlier_signs, sooner=self.sooner,
                reflection_by_id=reflection_by_id if self.has_reflection() else None,
                screening_meeting_id=screening_meeting_id, tac_meeting_id=tac_meeting_id,
            )
        except ValidationError as error:
            raise InvalidInput(describe_validation_error(error)) from None


def missing_reflection(reference: str) -> str:
    """The line a finish check reads out for a step up with no reflection."""
    return (f"{reference}: stepped up without a missed-opportunity reflection (what earlier "
            "signs there were, what could have been done sooner): save without a reflection?")


def step_up_family(store: Store, step_up: StepUp, level: int | None = None) -> StepUp:
    """Record the step up and what follows from it, in one transaction.

    Saves `step_up`; ends the lead professional's term on its day (social care leads
    now); and adds a status change to stepped up (reason: stepped up to children's social
    care) at `level` (the family's own, else 4). Each save is audited. Returns the saved
    step up. Raises `InvalidInput` if it does not validate; nothing is saved then.
    """
    with store.transaction():
        family = store.get(Family, step_up.family_id)
        saved = store.save(step_up)
        stepped = family.model_copy(deep=True)
        stepped.set_lead_professional(None, step_up.stepped_up_on)
        stepped.change_status(StatusChange(
            on=step_up.stepped_up_on, status=FamilyStatus.STEPPED_UP,
            level=level or family.level or 4, reason=ClosureReason.STEPPED_UP,
            note=f"Stepped up to children's social care ({step_up.team})",
        ))
        store.save(stepped)
    return saved
