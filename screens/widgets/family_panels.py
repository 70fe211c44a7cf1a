"""What the family record shows, drawn as Rich tables from the family's file.

Pure functions of models (no store, no screen), so the record can be drawn in one pass
as soon as the worker has read the family.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tac import rules
from tac.bundle import FamilyFile
from tac.chronology import ChronologyEntry
from tac.consent import consent_withdrawn
from tac.dates import form_date
from tac.episodes import describe_episode, episodes
from tac.meetings.minutes import minutes_state
from tac.models import (
    AGENCY_KIND_LABELS,
    COLUMN_LABELS,
    CONSENT_HOW_LABELS,
    MEETING_STATUS_LABELS,
    PERSON_ROLE_LABELS,
    SIGNIFICANCE_LABELS,
    TAC_MEETING_KIND_LABELS,
    Action,
    ActionStatus,
    Agency,
    Column,
    Family,
    Professional,
    Significance,
    TacMeeting,
)


def _table(*columns: str) -> Table:
    table = Table(box=None, show_edge=False, pad_edge=False, expand=True,
                  header_style="bold", padding=(0, 1, 0, 0))
    for column in columns:
        table.add_column(column)
    return table


def _add_row(table: Table, *cells: str | Text) -> None:
    """A row whose words are shown as typed: Rich reads a str cell as markup."""
    table.add_row(*(Text(cell) if isinstance(cell, str) else cell for cell in cells))


def age_on(born: date | None, today: date) -> str:
    """Age in whole years, or months for a baby; empty when the birth date is not known."""
    if born is None:
        return ""
    months = (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day)
    return f"{months} months" if months < 24 else f"{months // 12}"


def people_table(family: Family, today: date) -> Table:
    table = _table("Name", "Role", "Born", "Age", "School, setting or GP", "Language")
    for person in family.people:
        name = Text(person.name, style="bold" if person.subject else "")
        role = PERSON_ROLE_LABELS[person.role]
        if person.relationship:
            role = f"{role}: {person.relationship}"
        if person.left_household_on:  # kept because the record names them
            name.append(f" (left {form_date(person.left_household_on)})", style="dim")
        language = person.language + (" (interpreter)" if person.interpreter_needed else "")
        due = person.expected_date_of_birth
        born = form_date(person.date_of_birth) or (f"due {form_date(due)}" if due else "")
        _add_row(table, name, role, born,
                 age_on(person.date_of_birth, today),
                 person.school_or_setting or person.gp, language)
    return table


def consent_warning(family: Family, today: date) -> str | None:
    """The warning to show when sharing has no consent in force; None when it has."""
    if family.consent_in_force(today):
        return None
    withdrawn = consent_withdrawn(family, today)
    if withdrawn is not None and withdrawn.withdrawn_on is not None:
        last = [w for w in withdrawn.withdrawals if w.on <= withdrawn.withdrawn_on][-1]
        who = family.person(last.by or "")
        by = f" by {who.name}" if who else ""
        return (f"Consent to share was withdrawn{by} on {form_date(withdrawn.withdrawn_on)}. "
                "Do not share information about this family between agencies.")
    return ("No consent to share is recorded. Ask the family before information is "
            "shared between agencies, and record it here (c).")


def consent_text(family: Family, agencies: dict[str, Agency]) -> Text:
    if not family.consents:
        return Text("None recorded. Press c to record the family's consent.", style="dim")

    def named(ids: list[str]) -> str:
        return ", ".join(agencies[a].name for a in ids if a in agencies)

    lines = Text()
    for consent in family.consents:
        who = family.person(consent.given_by)
        how = f", {CONSENT_HOW_LABELS[consent.how].lower()}" if consent.how else ""
        lines.append(f"Given by {who.name if who else 'unknown'} on "
                     f"{form_date(consent.given_on)}{how}")
        if consent.agency_ids:
            lines.append(f"; to share with {named(consent.agency_ids)}")
        if consent.scope:
            lines.append(f". {consent.scope}")
        for withdrawal in consent.withdrawals:
            by = family.person(withdrawal.by or "")
            whom = "every agency" if withdrawal.all_agencies else named(withdrawal.agency_ids)
            lines.append(f"\n  Withdrawn from {whom} on {form_date(withdrawal.on)}"
                         + (f" by {by.name}" if by else ""), style="bold")
            if withdrawal.note:
                lines.append(f". {withdrawal.note}")
        lines.append("\n")
    lines.rstrip()
    return lines


def lead_history(family: Family, professionals: dict[str, Professional]) -> Text:
    if not family.lead_professionals:
        return Text("Nobody has been lead professional yet.", style="dim")
    lines = Text()
    for term in reversed(family.lead_professionals):
        who = professionals.get(term.professional_id)
        name = who.name if who else "a professional no longer listed"
        role = f" ({who.role})" if who and who.role else ""
        until = f"to {form_date(term.ended_on)}" if term.ended_on else "to now"
        lines.append(f"{name}{role}", style="" if term.ended_on else "bold")
        lines.append(f"  from {form_date(term.started_on)} {until}\n")
    lines.rstrip()
    return lines


def episodes_text(file: FamilyFile, professionals: dict[str, Professional]) -> Text:
    """The family's episodes of early help one after another, the open one in bold."""
    found = episodes(file.family, file.referrals, file.tac_meetings)
    if not found:
        return Text("None yet: early help has not opened for this family.", style="dim")
    names = {pid: p.name for pid, p in professionals.items()}
    lines = Text()
    for episode in found:
        lines.append(describe_episode(episode, names) + "\n",
                     style="bold" if episode.is_open else "")
    lines.rstrip()
    return lines


OVERSIGHT_NOTES_SHOWN = 3
"""The latest notes the record shows; the chronology has every one."""


def oversight_text(file: FamilyFile, today: date, *, within_weeks: int) -> Text:
    """The managers' latest oversight notes, newest first, each with its direction; for an
    open family with none in the council's weeks, a warning first."""
    notes = sorted(file.oversight_notes, key=lambda n: n.written_on, reverse=True)
    lines = Text()
    if file.family.is_open and rules.last_oversight_note(
            notes, today, within_weeks=within_weeks) is None:
        lines.append(f"No management oversight note in the last {within_weeks} weeks.\n",
                     style="bold")
    if not notes:
        lines.append("No oversight notes yet: a manager adds one with o.", style="dim")
        return lines
    for note in notes[:OVERSIGHT_NOTES_SHOWN]:
        lines.append(f"{form_date(note.written_on)} {note.written_by}: ", style="bold")
        lines.append(f"{note.note}\n")
        lines.append(f"  Direction: {note.direction}\n")
    if len(notes) > OVERSIGHT_NOTES_SHOWN:
        lines.append(f"{len(notes) - OVERSIGHT_NOTES_SHOWN} earlier in the chronology.",
                     style="dim")
    lines.rstrip()
    return lines


def agencies_involved(
    file: FamilyFile, agencies: dict[str, Agency], professionals: dict[str, Professional]
) -> list[Agency]:
    """Every agency that has referred, reported, holds consent or owns an action or the lead."""
    ids: set[str] = set()
    for consent in file.family.consents:
        ids.update(consent.agency_ids)
    ids.update(e.agency_id for e in file.chronology if e.agency_id)
    ids.update(r.referrer_agency_id for r in file.referrals if r.referrer_agency_id)
    staff = {a.professional_id for a in file.actions if a.professional_id}
    staff.update(t.professional_id for t in file.family.lead_professionals)
    ids.update(professionals[p].agency_id or "" for p in staff if p in professionals)
    found = [agencies[i] for i in ids if i in agencies]
    return sorted(found, key=lambda a: a.name)


def agencies_text(involved: Iterable[Agency]) -> Text:
    text = Text()
    for agency in involved:
        text.append(agency.name, style="bold")
        text.append(f"  {AGENCY_KIND_LABELS[agency.kind]}\n")
    text.rstrip()
    return text or Text("None yet.", style="dim")


def owner_name(action: Action, family: Family, professionals: dict[str, Professional]) -> str:
    if action.professional_id:
        who = professionals.get(action.professional_id)
        return who.name if who else "a professional no longer listed"
    person = family.person(action.person_id or "")
    return person.name if person else "a family member"


def due_text(action: Action) -> str:
    """`12/01/2027`, or `12/01/2027 (was 05/01/2027)` once the date has been changed."""
    before = action.due_before
    return form_date(action.due_on) + (f" (was {form_date(before)})" if before else "")


def action_detail(action: Action, carried_over: int) -> str:
    """One line about an action: when it is due, the latest change of date and why, and
    how many reviews it has been carried over from."""
    parts = [f"Due {form_date(action.due_on)}"]
    if action.due_date_changes:
        change = action.due_date_changes[-1]
        parts[0] += (f" (was {form_date(change.from_due_on)}; moved "
                     f"{form_date(change.changed_on)} by {change.changed_by}: {change.reason})")
    if carried_over:
        parts.append(rules.carried_over_label(carried_over))
    return " · ".join(parts).replace("\n", " ")


def action_state(action: Action, today: date, due_soon_days: int) -> Text:
    """`Overdue 3 d`, `Due in 2 d` (within the council's due-soon days), `Open`, `Done`..."""
    if action.status is ActionStatus.DONE:
        return Text(f"Done {form_date(action.completed_on)}".strip())
    if action.status is ActionStatus.CANCELLED:
        return Text("Cancelled", style="dim")
    if rules.is_overdue(action, today):
        return Text(f"Overdue {rules.days_overdue(action, today)} d", style="bold")
    if rules.is_due_soon(action, today, within_days=due_soon_days):
        days = (action.due_on - today).days
        return Text("Due today" if days == 0 else f"Due in {days} d")
    return Text("Open")


def plan_renderable(meeting: TacMeeting | None) -> RenderableType:
    """The current plan: the latest meeting's worries, goals and next steps."""
    parts: list[RenderableType] = []
    if meeting is None:
        parts.append(Text("No TAC meeting has agreed a plan yet.", style="dim"))
    else:
        parts.append(Text(f"Agreed at the {TAC_MEETING_KIND_LABELS[meeting.kind].lower()} TAC meeting of "
                          f"{form_date(meeting.held_on)}", style="bold"))
        for statement in meeting.danger_statements_in_plan():
            parts.append(Text.assemble(("Worry statement: ", "bold"), statement.text))
        for goal in meeting.safety_goals_in_plan():
            score = f" ({goal.score}/10)" if goal.score is not None else ""
            parts.append(Text.assemble(("Goal: ", "bold"), goal.text + score))
        for item in meeting.items(Column.NEXT_STEPS):
            parts.append(Text.assemble((f"{COLUMN_LABELS[Column.NEXT_STEPS]} ", "bold"),
                                       item.text))
    return Group(*parts)


def actions_listed(actions: list[Action]) -> list[Action]:
    """The actions the record lists: every open one, then the last five closed."""
    current = [a for a in actions if a.status is ActionStatus.OPEN]
    return current + [a for a in actions if a.status is not ActionStatus.OPEN][-5:]


def action_row(
    action: Action, family: Family, professionals: dict[str, Professional], today: date,
    due_soon_days: int, carried_over: int,
) -> list[Text]:
    """An action's cells in the record's list: what, who, by when (and under it the date
    it was before a change), its state (and under it how many reviews it was carried over
    from)."""
    state = action_state(action, today, due_soon_days)
    if carried_over:
        state.append(f"\n{rules.carried_over_label(carried_over)}")
    due = form_date(action.due_on)
    if action.due_before:
        due += f"\n(was {form_date(action.due_before)})"
    # Text, not str: a DataTable reads a str cell as markup.
    return [Text(action.what.replace("\n", " ")),
            Text(owner_name(action, family, professionals)), Text(due), state]


def meetings_table(meetings: list[TacMeeting], professionals: dict[str, Professional]) -> Table:
    table = _table("Held", "Meeting", "Status", "Chair", "Scaling", "Next review", "Minutes")
    for meeting in reversed(meetings):
        chair = professionals.get(meeting.chair_id or "")
        scores = [s.score for s in meeting.scaling]
        scaling = f"{sum(scores) / len(scores):.1f} ({len(scores)} people)" if scores else ""
        _add_row(table, form_date(meeting.held_on), f"{TAC_MEETING_KIND_LABELS[meeting.kind]} TAC",
                 MEETING_STATUS_LABELS[meeting.status], chair.name if chair else "",
                 scaling, form_date(meeting.next_review_on), minutes_state(meeting))
    return table


def chronology_filter_text(
    shown: list[ChronologyEntry], total: int, agency: str | None, at_least: Significance
) -> str:
    """`Showing 12 of 40 entries (5 written by TAC): from Oakfield Primary School, high
    significance only.`, above the chronology, so a filtered view is never taken for all."""
    by_tac = sum(e.written_by_tac for e in shown)
    counted = f"{len(shown)} of {total} {'entry' if total == 1 else 'entries'}"
    if agency is None and at_least is Significance.LOW:
        counted = f"all {total} {'entry' if total == 1 else 'entries'}"
    where = f"from {agency}" if agency else "every agency"
    how = {Significance.LOW: "any significance",
           Significance.MEDIUM: f"{SIGNIFICANCE_LABELS[Significance.MEDIUM].lower()} and "
                                f"{SIGNIFICANCE_LABELS[Significance.HIGH].lower()} significance",
           Significance.HIGH: f"{SIGNIFICANCE_LABELS[Significance.HIGH].lower()} "
                              "significance only"}[at_least]
    return f"Showing {counted} ({by_tac} written by TAC): {where}, {how}."
