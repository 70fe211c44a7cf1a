"""The consent check: early help is voluntary, so the meeting confirms the family's
consent to share information before anyone shares it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Checkbox, Static

from screens.widgets.meeting_step import MeetingStep
from tac.consent import agencies_in_consent
from tac.dates import form_date
from tac.meetings.tac_draft import TacMeetingDraft


class ConsentCheckStep(MeetingStep):
    step_id = "consent"
    title = "Consent"

    def compose(self) -> ComposeResult:
        text, warning = self._consent_on_the_day()
        yield Static(text, id="consent-summary", classes="-warning" if warning else "")
        yield Static(
            "Read the confidentiality statement: what is said here is shared only between "
            "the agencies named, to help the family.", classes="step-hint",
        )
        yield Checkbox("The family confirms their consent to share, today", id="consent")
        yield Static("", classes="field-error")

    def on_mount(self) -> None:
        self.query_one(".field-error").display = False

    def _consent_on_the_day(self) -> tuple[Text, bool]:
        """The consent in force on the day the meeting was held; True when there is none."""
        family = self.context.family
        held_on = self.context.held_on
        consent = family.consent_in_force(held_on)
        text = Text()
        if consent is not None:
            person = family.person(consent.given_by)
            agencies = [self.context.directory.agency_name(a)
                        for a in agencies_in_consent(family, held_on)]
            text.append("Consent to share is in force\n", style="bold")
            text.append(f"Given by {person.name if person else 'the family'} "
                        f"on {form_date(consent.given_on)}\n")
            if consent.scope:
                text.append(f"Scope: {consent.scope}\n")
            if any(agencies):
                text.append("Between: " + ", ".join(a for a in agencies if a) + "\n")
            return text, False
        withdrawn = [c for c in family.consents if c.withdrawn_on]
        if withdrawn:
            last = withdrawn[-1]
            text.append(f"Consent was withdrawn on {form_date(last.withdrawn_on)}.\n",
                        style="bold")
        else:
            text.append("No consent to share is recorded for this family.\n", style="bold")
        text.append("Early help is voluntary: ask the family for their consent before "
                    "information is shared, and record it in the family record.")
        return text, True

    def redated(self) -> None:
        """The meeting's date changed: the consent shown is the one in force that day."""
        text, warning = self._consent_on_the_day()
        summary = self.query_one("#consent-summary", Static)
        summary.update(text)
        summary.set_class(warning, "-warning")

    def apply(self, draft: TacMeetingDraft) -> None:
        draft.consent_confirmed = self.query_one("#consent", Checkbox).value

    def restore(self, draft: TacMeetingDraft) -> None:
        self.query_one("#consent", Checkbox).value = draft.consent_confirmed
