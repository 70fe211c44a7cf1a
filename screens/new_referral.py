"""A new referral at the front door: search before create, then the referral itself.

Step 1 is who the referral is about: as each person is typed (names, date of birth, NHS
number) and the postcode, the families already known appear below, with their status,
level, last referral and history, so the person at the front door sees who is known
before deciding. Enter on a family makes the referral a re-referral to it (whatever its
status); otherwise a new family is made of the people typed. Step 2 is the referral:
when it arrived, who referred and how to reach them, the concerns in their words, what
they want, the reason for involvement and whether the family knows and agrees.

Everything typed is kept in the person's own draft as it is typed; a refusal shows the
model's message beside the field and keeps what was typed.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import (
    Checkbox,
    ContentSwitcher,
    Footer,
    Input,
    Label,
    OptionList,
    Select,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option
from textual.widgets.select import InvalidSelectValueError

from screens.widgets.meeting_draft import STEP_KEYS, DraftKeeping, meeting_today
from screens.widgets.meeting_resume import ResumeMeetingModal
from screens.widgets.referral_people import PeopleHead, PersonLine, describe_match, family_line
from tac.dates import form_date
from tac.directory import Directory
from tac.errors import TacError
from tac.intake.known import history_in_brief
from tac.intake.matching import Match
from tac.intake.referral_form import (
    FormProblems,
    PersonAsTyped,
    ReferralAsTyped,
    known_matches,
    referral_draft_key,
    take_referral_as_typed,
)
from tac.meetings.drafts import kept_draft
from tac.models import (
    FAMILY_AGREES_LABELS,
    INVOLVEMENT_REASON_LABELS,
    REFERRAL_KIND_LABELS,
    Family,
    ReferralKind,
)

SEARCH_AFTER = 0.25
"""Seconds of quiet typing before the known families are looked up again."""

WHO_FIELDS = ("people", "postcode", "address")
"""Problems about these (and each person's fields) are shown on step 1."""

TEXT_FIELDS = ("received_on", "referrer_name", "referrer_agency", "referrer_contact",
               "family_agrees_reason", "address", "postcode", "social_worker")
SELECT_FIELDS = ("referrer_professional_id", "reason_for_involvement", "family_agrees", "kind")
AREA_FIELDS = ("concerns", "referrer_wants", "social_care_summary")


class NewReferralScreen(DraftKeeping):
    """Take a referral in: find who is known first, then record the referral."""

    CSS_PATH = "new_referral.tcss"
    BINDINGS = [
        Binding("pageup", "step(0)", "Who", priority=True, group=STEP_KEYS, key_display="PgUp"),
        Binding("pagedown", "step(1)", "Referral", priority=True, group=STEP_KEYS,
                key_display="PgDn"),
        Binding("ctrl+n", "add_person", "Add a person", priority=True),
        Binding("ctrl+t", "new_family", "New family", priority=True),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(self, family_id: str | None = None) -> None:
        """`family_id`: open as a re-referral to that family (from its record)."""
        super().__init__()
        self.family_id = family_id
        self.directory = Directory()
        self.form = ReferralAsTyped()
        self.chosen: Family | None = None
        self.chosen_last: date | None = None
        self.matches: list[Match] = []
        self.loaded = False
        self.saving = False
        self._search_timer: Timer | None = None
        self._searched = 0

    @property
    def today(self) -> date:
        return meeting_today(self.app)

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("New referral", id="referral-title")
        yield Static("", id="about", markup=False)
        with ContentSwitcher(initial="who", id="steps"):
            with Vertical(id="who"):
                yield PeopleHead(id="people-head")
                yield VerticalScroll(id="people")
                yield Static("", id="people-error", classes="field-error", markup=False)
                with Horizontal(id="address-row"):
                    yield Label("Address", classes="row-label")
                    yield Input(id="address", compact=True)
                    yield Label("Postcode", classes="row-label")
                    yield Input(id="postcode", compact=True)
                yield Static("", id="address-error", classes="field-error", markup=False)
                yield Static("", id="postcode-error", classes="field-error", markup=False)
                yield OptionList(id="matches", markup=False)
            with VerticalScroll(id="details"):
                yield from _field("Received", Input(id="received_on", compact=True,
                                                    placeholder="DD/MM/YYYY"))
                yield from _field("Referrer", Select([], id="referrer_professional_id",
                                                     prompt="Not in the directory: type below",
                                                     compact=True))
                yield from _field("Name", Input(id="referrer_name", compact=True,
                                                placeholder="the referrer, as they gave it"))
                yield from _field("Agency", Input(id="referrer_agency", compact=True,
                                                  placeholder="empty: the family itself"))
                yield from _field("Contact", Input(id="referrer_contact", compact=True,
                                                   placeholder="phone or email"))
                yield from _field("Concerns", TextArea(id="concerns", compact=True,
                                                       soft_wrap=True, tab_behavior="focus"))
                yield from _field("They want", TextArea(id="referrer_wants", compact=True,
                                                        soft_wrap=True, tab_behavior="focus"))
                yield from _field("Reason", Select(
                    [(label, reason.value) for reason, label in INVOLVEMENT_REASON_LABELS.items()],
                    id="reason_for_involvement", prompt="Reason for involvement", compact=True))
                yield from _field("Family agrees", Select(
                    [(label, agrees.value) for agrees, label in FAMILY_AGREES_LABELS.items()],
                    id="family_agrees", prompt="Does the family know and agree?", compact=True))
                yield from _field("Why, or what", Input(
                    id="family_agrees_reason", compact=True,
                    placeholder="why not asked, or what the family said"))
                yield from _field("Referral kind", Select(
                    [(label, kind.value) for kind, label in REFERRAL_KIND_LABELS.items()],
                    id="kind", allow_blank=False, value=ReferralKind.NEW.value, compact=True))
                yield from _field("Social care", TextArea(
                    id="social_care_summary", compact=True, soft_wrap=True, tab_behavior="focus",
                    placeholder="social care's summary: the work done, what is still a worry, "
                                "why it is stepping down"), classes="step-down")
                yield from _field("Social worker", Input(
                    id="social_worker", compact=True, placeholder="name and team handing over"),
                    classes="step-down")
                with Horizontal(classes="form-row"):
                    yield Label("Taken by", classes="form-label")
                    yield Static("", id="taken_by", markup=False)
        yield Static("", id="form-error", classes="field-error", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#matches", OptionList).border_title = "Already known"
        store = getattr(self.app, "store", None)
        if store is None:
            self.notify("The database is not open yet: try again in a moment.", severity="warning")
            self.call_later(self.dismiss)
            return
        self.draft_key = referral_draft_key(store.actor)
        self.query_one("#taken_by", Static).update(store.actor)
        self._load(store)

    # --- reading ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="referral-load")
    def _load(self, store) -> None:
        directory = Directory.of(store.professionals(), store.agencies())
        kept = kept_draft(store, self.draft_key, ReferralAsTyped)
        chosen = store.get(Family, self.family_id) if self.family_id else None
        last = store.last_referral_dates([self.family_id]).get(self.family_id) if self.family_id else None
        self.app.call_from_thread(self._loaded, directory, kept, chosen, last)

    def _loaded(self, directory: Directory, kept, chosen: Family | None, last: date | None) -> None:
        self.directory = directory
        self.loaded = True
        professionals = sorted(directory.professionals.values(), key=lambda p: p.name.lower())
        self.query_one("#referrer_professional_id", Select).set_options(
            [(directory.name_and_role(p.id), p.id) for p in professionals])
        fresh = ReferralAsTyped(received_on=form_date(self.today),
                                family_id=chosen.id if chosen else "")
        if kept is None:
            self.call_later(self._start, fresh, chosen, last)
            return
        when = kept[1].astimezone().strftime("%H:%M on %d/%m/%Y") if kept[1] else "the last save"

        def chosen_to(resume: bool | None) -> None:
            if resume:
                self.call_later(self._start, kept[0], None, None, True)
            else:
                self.drop_draft()
                self.call_later(self._start, fresh, chosen, last)

        self.app.push_screen(ResumeMeetingModal("The referral you were taking", when), chosen_to)

    async def _start(self, form: ReferralAsTyped, chosen: Family | None, last: date | None,
                     resumed: bool = False) -> None:
        self.form = form
        if chosen is not None:
            self._choose(chosen, last)
        elif form.family_id:
            self._find_chosen(form.family_id)
        else:
            self._choose(None, None)
        await self._fill(form)
        self._show_step(form.step)
        if form.focus:
            found = self.query(f"#{form.focus}")
            if found and found.first().focusable:
                found.first().focus()
        self._search_soon()
        self.start_drafting(resumed)

    @work(thread=True, exclusive=True, group="referral-chosen")
    def _find_chosen(self, family_id: str) -> None:
        store = self.app.store
        try:
            family = store.get(Family, family_id)
        except TacError:
            family = None  # removed since the draft was kept: a new family, then
        last = store.last_referral_dates([family_id]).get(family_id)
        self.app.call_from_thread(self._choose, family, last)

    async def _fill(self, form: ReferralAsTyped) -> None:
        people = self.query_one("#people", VerticalScroll)
        await people.remove_children()
        await people.mount_all([PersonLine(n, typed) for n, typed in enumerate(form.people)])
        for name in TEXT_FIELDS:
            self.query_one(f"#{name}", Input).value = getattr(form, name)
        for name in SELECT_FIELDS:
            select = self.query_one(f"#{name}", Select)
            value = getattr(form, name)
            try:
                select.value = value or Select.NULL
            except InvalidSelectValueError:  # a professional no longer listed, say
                select.clear()
        for name in AREA_FIELDS:
            self.query_one(f"#{name}", TextArea).load_text(getattr(form, name))
        self._referrer_typed_in()
        self._kind_chosen()

    # --- the draft ----------------------------------------------------------------------

    def read(self) -> ReferralAsTyped:
        """What is typed and chosen now, as text (kept even when it is not valid yet)."""
        values: dict = {"family_id": self.chosen.id if self.chosen else "",
                        "people": [line.read() for line in self.query(PersonLine)],
                        "step": self.form.step}
        for name in TEXT_FIELDS:
            values[name] = self.query_one(f"#{name}", Input).value
        for name in SELECT_FIELDS:
            value = self.query_one(f"#{name}", Select).value
            values[name] = "" if value is Select.NULL else str(value)
        for name in AREA_FIELDS:
            values[name] = self.query_one(f"#{name}", TextArea).text
        values["focus"] = self.focused.id if self.focused is not None else None
        return ReferralAsTyped(**values)

    def draft_content(self) -> ReferralAsTyped:
        self.form = self.read()
        return self.form

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _edited(self, event) -> None:
        self.mark_changed()
        widget_id = event.control.id or ""
        if widget_id.startswith("person-") or widget_id == "postcode":
            self._search_soon()
        if widget_id == "referrer_professional_id":
            self._referrer_typed_in()
        if widget_id == "kind":
            self._kind_chosen()

    def _kind_chosen(self) -> None:
        """A step down from social care asks for social care's summary and who hands over;
        a new referral has neither, so they are hidden (and skipped by Tab)."""
        step_down = self.query_one("#kind", Select).value == ReferralKind.STEP_DOWN.value
        for row in self.query(".form-row.step-down"):
            row.display = step_down

    def _referrer_typed_in(self) -> None:
        """A referrer from the directory brings their name and agency: the typed-in fields
        are then not used, so they are disabled (and skipped by Tab)."""
        chosen = self.query_one("#referrer_professional_id", Select).value is not Select.NULL
        for name in ("referrer_name", "referrer_agency", "referrer_contact"):
            self.query_one(f"#{name}", Input).disabled = chosen

    # --- who is known -------------------------------------------------------------------

    def _search_soon(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_AFTER, self.search_now)

    def search_now(self) -> None:
        """Look up who is known from what is typed now (in a worker)."""
        if not self.loaded:
            return
        self._searched += 1
        form = self.read()
        self._look_up(self._searched, form)

    @work(thread=True, exclusive=True, group="referral-known")
    def _look_up(self, number: int, form: ReferralAsTyped) -> None:
        matches = known_matches(self.app.store, form)
        self.app.call_from_thread(self._show_matches, number, matches)

    def _show_matches(self, number: int, matches: list[Match]) -> None:
        if number != self._searched or not self.is_mounted:
            return  # typing moved on since: a newer search is coming
        self.matches = matches
        listing = self.query_one("#matches", OptionList)
        listing.clear_options()
        if matches:
            listing.add_options([Option(describe_match(m, self.today), id=m.family.id)
                                 for m in matches])
            listing.highlighted = 0
            listing.border_subtitle = "Enter: a re-referral to that family"
        else:
            typed = bool(self.form.typed_people() or self.read().typed_people())
            listing.add_option(Option(Text(
                "Nobody known matches what is typed: a new family." if typed
                else "Type the people the referral is about: anyone already known appears here.",
                style="dim"), disabled=True))
            listing.border_subtitle = ""

    @on(OptionList.OptionSelected, "#matches")
    def _match_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        match = next((m for m in self.matches if m.family.id == event.option_id), None)
        if match is not None:
            self._choose(match.family, match.last_referral_on)
            self.mark_changed()

    def _choose(self, family: Family | None, last: date | None) -> None:
        self.chosen, self.chosen_last = family, last
        self.refresh_bindings()
        about = self.query_one("#about", Static)
        if family is None:
            about.update("About: a new family, made of the people typed below.")
            about.remove_class("-known")
            return
        line = family_line(family, last)
        line.append(f" · {history_in_brief(family, self.today)}")
        about.update(Text.assemble("Re-referral of ", line, ". ctrl+t: a new family instead."))
        about.add_class("-known")

    def action_new_family(self) -> None:
        if self.chosen is not None:
            self._choose(None, None)
            self.mark_changed()

    async def action_add_person(self) -> None:
        if not self.loaded:
            return
        self._show_step(0)
        people = self.query_one("#people", VerticalScroll)
        line = PersonLine(len(self.query(PersonLine)), PersonAsTyped())
        await people.mount(line)
        people.scroll_end(animate=False)
        line.query_one(Input).focus()
        self.mark_changed()

    # --- steps --------------------------------------------------------------------------

    def action_step(self, step: int) -> None:
        if self.loaded:
            self._show_step(step)

    def _show_step(self, step: int) -> None:
        self.form.step = step
        self.query_one("#steps", ContentSwitcher).current = "who" if step == 0 else "details"
        title = "1 Who it is about" if step == 0 else "2 The referral"
        self.query_one("#referral-title", Static).update(f"New referral · {title}")
        if step == 0:
            if not (self.focused and self.focused.id and self.focused.id.startswith("person-")):
                first = self.query(PersonLine)
                if first:
                    first.first().query_one(Input).focus()
        elif not (self.focused and self.query_one("#details") in self.focused.ancestors):
            self.query_one("#received_on", Input).focus()
        self.mark_changed()

    def action_leave(self) -> None:
        if not self.saving:
            self.keep_draft_now()
        if self.draft_is_kept and not self.saving:
            self.notify("The referral is kept: press r on home to carry on with it.", timeout=4)
        self.dismiss()

    # --- saving -------------------------------------------------------------------------

    def action_save(self) -> None:
        if not self.loaded or self.saving:
            return
        self.form = self.read()
        self.saving = True
        self._save(self.form.model_copy(deep=True), self.app.store.actor)

    @work(thread=True, exclusive=True, group="referral-save")
    def _save(self, form: ReferralAsTyped, taken_by: str) -> None:
        try:
            with self.finishing():
                family, referral = take_referral_as_typed(self.app.store, form, taken_by, self.today)
                self.app.store.drop_draft(self.draft_key)
        except TacError as error:
            self.app.call_from_thread(self._not_saved, error)
            return
        self.app.call_from_thread(self._saved, family)

    def _not_saved(self, error: TacError) -> None:
        """Nothing was saved; every field keeps what was typed."""
        self.saving = False
        problems = error.problems if isinstance(error, FormProblems) else {"form": str(error)}
        self.show_problems(problems)
        if not isinstance(error, FormProblems):
            self.notify(str(error), title=error.title, severity="error", markup=False)

    def _saved(self, family: Family) -> None:
        self.stop_drafting()
        self.notify(f"Referral taken in for {family.display_name()}: it is in the screening queue.",
                    markup=False, timeout=6)
        self.dismiss(family.id)

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each problem beside its field; the first field with one is shown and focused."""
        for error in self.query(".field-error"):
            error.remove_class("-shown")
            if isinstance(error, Static):
                error.update("")
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        by_line: dict[str, list[str]] = {}
        first: Widget | None = None
        for key, message in problems.items():
            widgets = self.query(f"#{key}")
            widget = widgets.first() if widgets else None
            if widget is not None:
                widget.add_class("-invalid")
                first = first or widget
            if key.startswith("person-"):
                line = key.rsplit("-", 1)[0]
                by_line.setdefault(f"{line}-error", []).append(message)
                continue
            shown = self.query(f"#{key}-error")
            target = shown.first() if shown else self.query_one("#form-error")
            by_line.setdefault(target.id or "form-error", []).append(message)
        for error_id, messages in by_line.items():
            error = self.query_one(f"#{error_id}", Static)
            error.update("\n".join(messages))
            error.add_class("-shown")
        on_first_step = any(k.startswith("person-") or k in WHO_FIELDS for k in problems)
        self._show_step(0 if on_first_step else 1)
        if first is None and on_first_step:
            return
        target = first
        if on_first_step and target is not None and not target.id.startswith("person-") \
                and target.id not in WHO_FIELDS:
            target = None
        if target is not None and target.focusable:
            target.focus()
            target.scroll_visible(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new_family":
            return self.chosen is not None
        return True


def _field(label: str, widget: Widget, classes: str = "") -> ComposeResult:
    """A label, the field, and the line under it where the field's problem shows."""
    with Horizontal(classes=f"form-row {classes}".strip()):
        yield Label(label, classes="form-label")
        yield widget
    yield Static("", id=f"{widget.id}-error", classes=f"field-error {classes}".strip(),
                 markup=False)
