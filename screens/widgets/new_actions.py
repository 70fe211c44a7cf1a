"""New actions: what will be done, by whom, by when, and how we will know it worked."""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Select, Static

from screens.widgets.due_date import NotAWorkingDayModal
from screens.widgets.meeting_item_list import ItemList
from screens.widgets.meeting_step import MeetingStep, Participant, participant_key
from tac.dates import form_date, parse_form_date, working_day_question
from tac.errors import InvalidInput, TacError, describe_validation_error
from tac.meetings.tac_draft import ActionForm, TacMeetingDraft
from tac.models import Action


class NewActionsStep(MeetingStep):
    step_id = "actions"
    title = "New actions"

    def __init__(self, context) -> None:
        super().__init__(context)
        self.actions: list[Action] = []
        self.editing: str = ""  # id of the action taken back into the form
        self.attending: list[Participant] = []
        self._referral_text = ""  # what the chosen service filled in, until it is edited
        self._filled_for = ""  # the service that text is for
        self._kept_dates: set[date] = set()  # not working days, kept when asked: asked once

    def compose(self) -> ComposeResult:
        yield Label("Fill the form, Enter adds the action · in the list: e edit, x remove",
                    classes="step-hint")
        yield ItemList(id="action-list", empty_text="No actions agreed yet")
        with Horizontal(classes="form-row"):
            yield Label("Service", classes="form-label")
            yield Select([], prompt="a referral to a local service? choose it (type to find)",
                         compact=True, id="action-service")
        with Horizontal(classes="form-row"):
            yield Label("What", classes="form-label")
            yield Input(placeholder="what will be done, in the family's words", compact=True,
                        id="action-what")
        with Horizontal(classes="form-row"):
            yield Label("Who", classes="form-label")
            yield Select([], prompt="who does it", compact=True, id="action-who")
        with Horizontal(classes="form-row"):
            yield Label("By when", classes="form-label")
            yield Input(placeholder="DD/MM/YYYY", compact=True, id="action-due_on")
        with Horizontal(classes="form-row"):
            yield Label("We'll know", classes="form-label")
            yield Input(placeholder="how we will know it worked", compact=True,
                        id="action-success")
        yield Static("", classes="field-error")

    def on_mount(self) -> None:
        self.query_one(".field-error").display = False
        self._offer_who()
        self._offer_services()
        self._show()

    def entered(self, present: list[Participant], attending: list[Participant]) -> None:
        self.attending = list(attending)
        self._offer_who()

    def _offer_who(self, also: str = "") -> None:
        """Everyone listed at the meeting and in the family (and `also`) can own an action."""
        who = self.query_one("#action-who", Select)
        keep = also or ("" if who.value is Select.NULL else str(who.value))
        people = {p.key: p for p in [*self.attending, *self.context.family_members()]}
        if keep and keep not in people:
            kind, _, rid = keep.partition(":")
            people[keep] = (self.context.professional(rid) if kind == "pro"
                            else Participant(keep, self.context.name_of(keep)))
        who.set_options([(Text(p.label), p.key) for p in people.values()])
        if keep:
            who.value = keep

    def _offer_services(self, also: str = "") -> None:
        """The open local services (and `also`, chosen before it closed) an action can refer to."""
        services = self.query_one("#action-service", Select)
        offered = self.context.directory.services_to_offer([also])
        services.set_options([(Text(s.name), s.id) for s in offered])
        if also:
            services.value = also

    @on(Select.Changed, "#action-service")
    def _service_chosen(self, event: Select.Changed) -> None:
        """A service chosen fills the action's text, unless the text was typed by hand."""
        event.stop()
        chosen = "" if event.value is Select.NULL else str(event.value)
        if chosen == self._filled_for:  # set back by restoring the form: keep its text
            return
        self._filled_for = chosen
        service = self.context.directory.service(chosen)
        what = self.query_one("#action-what", Input)
        if what.value.strip() and what.value != self._referral_text:
            return
        self._referral_text = f"Refer to {service.referral_line()}" if service else ""
        what.value = self._referral_text
        self.changed()

    def _show(self, highlight: int | None = None) -> None:
        prompts = []
        for action in self.actions:
            line = Text(action.what, style="bold")
            who = self.context.name_of(participant_key(action.professional_id, action.person_id))
            line.append(f"\n{who} · by {form_date(action.due_on)}")
            if action.success_measure:
                line.append(f" · we'll know: {action.success_measure}", style="italic")
            prompts.append(line)
        self.query_one("#action-list", ItemList).show_items(prompts, highlight)

    def _form(self) -> ActionForm:
        who = self.query_one("#action-who", Select).value
        service = self.query_one("#action-service", Select).value
        return ActionForm(
            what=self.query_one("#action-what", Input).value,
            who="" if who is Select.NULL else str(who),
            service="" if service is Select.NULL else str(service),
            due_on=self.query_one("#action-due_on", Input).value,
            success=self.query_one("#action-success", Input).value,
            replaces=self.editing,
        )

    def _fill(self, form: ActionForm) -> None:
        for name in ("what", "due_on", "success"):
            self.query_one(f"#action-{name}", Input).value = getattr(form, name)
        if form.who:
            self._offer_who(form.who)
        else:
            self.query_one("#action-who", Select).clear()
        service = self.context.directory.service(form.service)
        # The text as it was: choosing the service again does not overwrite an edited one.
        self._referral_text = form.what if service else ""
        self._filled_for = form.service if service else ""
        if service:
            self._offer_services(form.service)
        else:
            self.query_one("#action-service", Select).clear()

    def build(self, form: ActionForm) -> Action:
        """The action as the model would save it; InvalidInput says what to fix."""
        if not form.who:
            raise InvalidInput("who: choose who will do it")
        if not form.due_on.strip():
            raise InvalidInput("by when: type the date it will be done by (DD/MM/YYYY)")
        due_on = parse_form_date(form.due_on, "by when")
        kind, _, rid = form.who.partition(":")
        extra = {"id": form.replaces} if form.replaces else {}
        try:
            return Action(
                family_id=self.context.family.id, what=form.what,
                professional_id=rid if kind == "pro" else None,
                person_id=rid if kind == "person" else None,
                agreed_on=self.context.held_on, due_on=due_on,
                success_measure=form.success, service_id=form.service or None, **extra,
            )
        except ValidationError as error:
            raise InvalidInput(describe_validation_error(error)) from None

    @on(Input.Submitted, "#action-what, #action-due_on, #action-success")
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        form = self._form()
        try:
            action = self.build(form)
        except TacError as error:
            self.show_error(str(error))
            return
        self.show_error("")
        question = working_day_question(action.due_on)
        if question and action.due_on not in self._kept_dates:
            self.app.push_screen(NotAWorkingDayModal(question),
                                 lambda keep: self._date_answered(action, keep))
            return
        self._append(action)

    def _date_answered(self, action: Action, keep: bool | None) -> None:
        if keep:
            self._kept_dates.add(action.due_on)
            self._append(action)
        else:
            self.query_one("#action-due_on", Input).focus()

    def _append(self, action: Action) -> None:
        self.actions.append(action)
        self.editing = ""
        self._fill(ActionForm())
        self._show(len(self.actions) - 1)
        self.query_one("#action-what", Input).focus()
        self.changed()

    @on(ItemList.Command, "#action-list")
    def _command(self, event: ItemList.Command) -> None:
        event.stop()
        if event.index is None:
            if event.command == "new":
                self.query_one("#action-what", Input).focus()
            return
        action = self.actions[event.index]
        if event.command in ("edit", "remove"):
            self.actions.remove(action)
            if event.command == "edit":
                self.editing = action.id
                self._fill(ActionForm(
                    what=action.what,
                    who=participant_key(action.professional_id, action.person_id),
                    due_on=form_date(action.due_on), success=action.success_measure,
                    service=action.service_id or "",
                ))
                self.query_one("#action-what", Input).focus()
            self._show()
            self.changed()
        elif event.command == "new":
            self.query_one("#action-what", Input).focus()
        elif event.command in ("up", "down"):
            target = event.index + (-1 if event.command == "up" else 1)
            if 0 <= target < len(self.actions):
                rows = self.actions
                rows[event.index], rows[target] = rows[target], rows[event.index]
                self._show(target)
                self.changed()

    def focus_first(self) -> None:
        self.query_one("#action-what", Input).focus()

    def apply(self, draft: TacMeetingDraft) -> None:
        draft.new_actions = [action.model_copy() for action in self.actions]
        draft.action_form = self._form()

    def restore(self, draft: TacMeetingDraft) -> None:
        self.actions = [action.model_copy() for action in draft.new_actions]
        self.editing = draft.action_form.replaces
        self._fill(draft.action_form)
        self._show()

    def check(self, draft: TacMeetingDraft) -> None:
        if not draft.action_form.is_blank():
            raise InvalidInput(
                "new action: the form still holds an action not added; press Enter in it to "
                "add it, or clear it"
            )
