"""The screening meeting's right and left hands: the referral with the family's history,
and the decision form the meeting fills in for it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Label, Select, Static, TextArea

from screens.widgets.vulnerability_panels import rising_flag
from tac.bundle import FamilyFile
from tac.dates import form_date, working_days_between
from tac.directory import Directory
from tac.episodes import describe_episode, episodes
from tac.intake.known import re_referral_note
from tac.meetings.screening import DecisionAsTyped
from tac.models import (
    FAMILY_STATUS_LABELS,
    LEVEL_LABELS,
    OUTCOME_LABELS,
    PERSON_ROLE_LABELS,
    REFERRAL_KIND_LABELS,
    TAC_MEETING_KIND_LABELS,
    LocalService,
    MeetingStatus,
    Referral,
    ScreeningOutcome,
)

if TYPE_CHECKING:
    from tac.vulnerability import RisingChild

FORM_FIELDS = tuple(name for name in DecisionAsTyped.model_fields if name != "signposted_to")
"""Each field's widget has the field's name as its id (a service typed before the
directory has no widget: it is kept as it was)."""


def age_on(born: date | None, today: date) -> str:
    if born is None:
        return ""
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return f"{years}" if years > 0 else "under 1"


def describe_referral(
    referral: Referral, file: FamilyFile, directory: Directory, today: date, *,
    re_referral_months: int, rising: Sequence[RisingChild] = (),
) -> Text:
    """The referral and the family's history, as the meeting reads it before deciding: a
    re-referral within `re_referral_months` of a closure is marked at the top, and so is
    each of the family's children whose vulnerability check is `rising`."""
    family = file.family
    found = episodes(family, file.referrals, file.tac_meetings)
    waiting = working_days_between(referral.received_on, today)
    agency = directory.agency_name(referral.referrer_agency_id) or "the family"
    out = Text()
    out.append(f"{family.display_name()}\n", style="bold")
    mark = re_referral_note(referral, found, today, within_months=re_referral_months)
    if mark:
        out.append(f"{mark}\n", style="bold reverse")
    if rising:
        out.append(rising_flag(list(rising)))
    out.append(f"{REFERRAL_KIND_LABELS[referral.kind]}", style="bold" if referral.is_step_down else "")
    out.append(f", received {form_date(referral.received_on)}, waiting {waiting} working days\n")
    out.append(f"From {referral.referrer_name}, {agency}\n")
    consent = "yes" if referral.consent_obtained else "no: ask before sharing"
    out.append(f"Family consent to the referral: {consent}\n")
    if referral.is_step_down:
        out.append("Social care summary\n", style="bold")
        out.append(f"{referral.social_care_summary}\n")
        if referral.social_worker:
            out.append(f"Social worker: {referral.social_worker}\n")
        out.append("\n")
    out.append("Concerns\n", style="bold")
    out.append(f"{referral.concerns}\n\n")

    out.append("People\n", style="bold")
    for person in family.people:
        age = age_on(person.date_of_birth, today)
        detail = ", ".join(
            part for part in (person.relationship or PERSON_ROLE_LABELS[person.role].lower(),
                              f"{age}" if age else "", person.school_or_setting) if part
        )
        out.append(f"  {person.name}" + (f" ({detail})" if detail else "") + "\n")

    out.append("\nHistory\n", style="bold")
    if not (file.chronology or file.tac_meetings or family.status_history):
        out.append("  New to early help: nothing recorded before this referral.\n")
        return out
    level = f", level {family.level}" if family.level else ""
    out.append(f"  Status: {FAMILY_STATUS_LABELS[family.status].lower()}{level}\n")
    lead = directory.name_and_role(family.lead_professional_id)
    if lead:
        out.append(f"  Lead professional: {lead}\n")
    names = {pid: p.name for pid, p in directory.professionals.items()}
    for episode in found:
        out.append(f"  {describe_episode(episode, names)}\n")
    for meeting in sorted(file.tac_meetings, key=lambda m: m.held_on)[-3:]:
        if meeting.status is not MeetingStatus.FINISHED:
            continue
        scores = [s.score for s in meeting.scaling]
        mean = f", scaling {sum(scores) / len(scores):.1f}" if scores else ""
        kind = TAC_MEETING_KIND_LABELS[meeting.kind].lower()
        out.append(f"  {form_date(meeting.held_on)} TAC meeting ({kind}){mean}\n")
    earlier = [r for r in file.referrals if r.id != referral.id]
    for other in earlier[-3:]:
        out.append(f"  {form_date(other.received_on)} earlier referral: {other.concerns[:60]}\n")
    events = sorted(file.chronology, key=lambda e: e.occurred_on, reverse=True)
    for event in events[:8]:
        who = directory.agency_name(event.agency_id)
        source = f" ({who})" if who else ""
        out.append(f"  {form_date(event.occurred_on)} {event.summary}{source}\n")
    if len(events) > 8:
        out.append(f"  … and {len(events) - 8} earlier events in the family record\n")
    return out


class DecisionForm(VerticalScroll):
    """Outcome, level, rationale, service, who is allocated, by when, and any dissent."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.can_focus = False
        self._typed_before = ""  # a service typed in a draft kept before the directory

    def compose(self) -> ComposeResult:
        yield Label("The meeting's decision", classes="form-title")
        with Horizontal(classes="form-row"):
            yield Label("Outcome", classes="form-label")
            yield Select(
                [(label, outcome.value) for outcome, label in OUTCOME_LABELS.items()],
                prompt="Choose the decision", compact=True, id="outcome",
            )
        with Horizontal(classes="form-row"):
            yield Label("Level", classes="form-label")
            yield Select([(f"{level} {label}", str(level)) for level, label in LEVEL_LABELS.items()],
                         prompt="Continuum of need, 1 to 4", compact=True, id="level")
        yield Label("Rationale: why the meeting decided this", classes="form-note")
        yield TextArea(id="rationale", soft_wrap=True, tab_behavior="focus", compact=True)
        with Horizontal(classes="form-row"):
            yield Label("Signposted", classes="form-label")
            yield Select([], prompt="the service (type to find)", compact=True,
                         id="service")
        with Horizontal(classes="form-row"):
            yield Label("Allocated", classes="form-label")
            yield Select([], prompt="who takes it forward", compact=True, id="allocated_to")
        with Horizontal(classes="form-row"):
            yield Label("By when", classes="form-label")
            yield Input(id="due_on", placeholder="DD/MM/YYYY", compact=True)
        with Horizontal(classes="form-row"):
            yield Label("Dissent", classes="form-label")
            yield Input(id="dissent", placeholder="any disagreement, and whose", compact=True)
        with Horizontal(classes="form-row", id="reason-row"):
            yield Label("Go ahead", classes="form-label")
            yield Input(id="reason_to_proceed", compact=True,
                        placeholder="the family has not agreed: why early help goes ahead")
        with Vertical(id="step-up-fields"):
            with Horizontal(classes="form-row"):
                yield Label("To team", classes="form-label")
                yield Input(id="team", compact=True,
                            placeholder="the children's social care team it goes to")
            yield Label("Missed-opportunity reflection (the chair or a manager; asked for): "
                        "what earlier signs were there?", classes="form-note")
            yield TextArea(id="earlier_signs", soft_wrap=True, tab_behavior="focus",
                           compact=True, classes="reflection")
            yield Label("What could have been done sooner?", classes="form-note")
            yield TextArea(id="sooner", soft_wrap=True, tab_behavior="focus", compact=True,
                           classes="reflection")
        yield Static("", id="decision-error", classes="field-error")

    def on_mount(self) -> None:
        self.query_one("#reason-row").display = False
        self.query_one("#step-up-fields").display = False

    @on(Select.Changed, "#outcome")
    def _outcome_chosen(self, event: Select.Changed) -> None:
        """A step up asks for the social care team and the reflection."""
        self.query_one("#step-up-fields").display = event.value == ScreeningOutcome.STEP_UP.value

    def set_family_agreed(self, agreed: bool) -> None:
        """Ask for the reason to go ahead only where the family has not agreed to the
        referral (the core refuses early help there without one)."""
        self.query_one("#reason-row").display = not agreed

    def set_professionals(self, directory: Directory, keep: list[str | None] | None = None) -> None:
        """Offer the professionals still working (and any in `keep`, already chosen) and
        the open local services (and any in `keep`)."""
        kept = keep or []
        options = sorted(
            ((directory.name_and_role(p.id), p.id) for p in directory.professionals_to_offer(kept)),
            key=lambda pair: pair[0].lower(),
        )
        self.query_one("#allocated_to", Select).set_options(
            [(Text(label), pid) for label, pid in options])
        self.query_one("#service", Select).set_options(
            [(Text(_service_label(s)), s.id) for s in directory.services_to_offer(kept)])

    def read(self) -> DecisionAsTyped:
        """What is typed and chosen now, as text (kept even when it is not valid yet)."""
        form: dict[str, str] = {}
        for name in FORM_FIELDS:
            widget = self.query_one(f"#{name}")
            if isinstance(widget, Select):
                form[name] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, TextArea):
                form[name] = widget.text
            elif isinstance(widget, Input):
                form[name] = widget.value
        return DecisionAsTyped(**form, signposted_to=self._typed_before)

    def fill(self, form: DecisionAsTyped) -> None:
        self._typed_before = form.signposted_to
        for name in FORM_FIELDS:
            value = getattr(form, name)
            widget = self.query_one(f"#{name}")
            if isinstance(widget, Select):
                if value:
                    widget.value = value
                else:
                    widget.clear()
            elif isinstance(widget, TextArea):
                widget.load_text(value)
            elif isinstance(widget, Input):
                widget.value = value
        self.show_error("")

    def show_error(self, message: str) -> None:
        error = self.query_one("#decision-error", Static)
        error.update(Content(message))  # it may quote what was typed, brackets and all
        error.display = bool(message)
        if message:
            self.scroll_end(animate=False)


def _service_label(service: LocalService) -> str:
    """`Castlebridge Food Bank · Borough-wide`: enough to tell two services apart."""
    return f"{service.name} · {service.area}" if service.area else service.name
