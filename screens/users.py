"""Users: who may sign in, for administrators. Add a user (a professional in the directory,
a role, a password), reset a password, disable or enable a sign-in, set up a second factor.

Every change goes through `tac.access.users`, which refuses anyone but an administrator;
the screen shows that refusal as its one line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, Footer, Header, Input, Label, Select, Static

from screens.widgets.field_errors import FieldErrorsForm
from screens.widgets.store_screen import StoreScreen
from tac.access import users as access
from tac.access.roles import ROLE_LABELS, Role
from tac.errors import InvalidInput, TacError
from tac.store.users import UserRow

COLUMNS = (("Name", 28), ("Role", 20), ("Agency", 30), ("Sign-in", None))


class UsersScreen(StoreScreen):
    """Every user in a table; keys change the highlighted one."""

    CSS_PATH = "users.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("a", "add", "Add a user"),
        Binding("p", "password", "Reset password"),
        Binding("d", "disable", "Disable or enable"),
        Binding("t", "second_factor", "Second factor"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.users: list[UserRow] = []
        self._select_after: str | None = None
        self.refused = False
        """The core refused to list the users: the keys that change them are hidden."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Users: who may sign in", classes="screen-title")
        yield Static("", id="users-refusal", classes="warning", markup=False)
        yield DataTable(id="users-table", cursor_type="row", zebra_stripes=True)
        yield Static("A user is a professional in the directory with a password. Disabled "
                     "users are kept, so the audit still names them.", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#users-table", DataTable)
        for heading, width in COLUMNS:
            table.add_column(heading, width=width, key=heading)
        self.query_one("#users-refusal").display = False
        table.focus()

    def reload(self) -> None:
        self._read()

    @work(thread=True, exclusive=True, group="users-read")
    def _read(self) -> None:
        assert self.store is not None
        try:
            found = access.users(self.store)
        except TacError as error:
            self.app.call_from_thread(self._refused, str(error))
            return
        self.app.call_from_thread(self._show, found)

    def _refused(self, line: str) -> None:
        refusal = self.query_one("#users-refusal", Static)
        refusal.update(Content(line))
        refusal.display = True
        self.refused = True
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Hidden from the footer once the core has refused this person the list.
        return not (self.refused and action in ("add", "password", "disable", "second_factor"))

    def _show(self, found: list[UserRow]) -> None:
        if not self.is_running:
            return
        self.users = found
        table = self.query_one("#users-table", DataTable)
        keep = self._select_after or (self.highlighted().name if self.highlighted() else None)
        table.clear()
        for user in found:
            style = "dim" if user.disabled else ""
            table.add_row(*(Text(cell, style=style, no_wrap=True, overflow="ellipsis") for cell in
                            (user.name, ROLE_LABELS[user.role], user.agency_name,
                             ", ".join(access.sign_in_notes(user)) or "password only")), key=user.id)
        names = [u.name for u in found]
        if keep in names:
            table.move_cursor(row=names.index(keep), animate=False)
        self._select_after = None

    def highlighted(self) -> UserRow | None:
        table = self.query_one("#users-table", DataTable)
        if not table.row_count or not self.users:
            return None
        return self.users[min(table.cursor_row, len(self.users) - 1)]

    def _changed(self, said: str, name: str | None) -> None:
        self._select_after = name
        self.notify(said, markup=False)
        self.reload()

    def _with_user(self, then: Callable[[UserRow], None]) -> None:
        user = self.highlighted()
        if user is None:
            self.notify("No user is highlighted: add one with a.", severity="warning")
            return
        then(user)

    def action_add(self) -> None:
        def added(name: str | None) -> None:
            if name:
                self._changed(f"{name} may now sign in.", name)

        self.app.push_screen(AddUserForm(), added)

    def action_password(self) -> None:
        def ask(user: UserRow) -> None:
            def done(changed: bool | None) -> None:
                if changed:
                    self._changed(f"{user.name} has a new password; any lock is lifted.",
                                  user.name)

            self.app.push_screen(NewPasswordForm(user.name), done)

        self._with_user(ask)

    def action_disable(self) -> None:
        self._with_user(self._toggle_disabled)

    @work(thread=True, exclusive=True, group="users-save")
    def _toggle_disabled(self, user: UserRow) -> None:
        assert self.store is not None
        try:
            access.set_disabled(self.store, user.name, not user.disabled)
        except TacError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        said = (f"{user.name} may sign in again." if user.disabled else
                f"{user.name} may no longer sign in; kept for the audit trail.")
        self.app.call_from_thread(self._changed, said, user.name)

    def action_second_factor(self) -> None:
        def ask(user: UserRow) -> None:
            def done(enrolled: bool | None) -> None:
                if enrolled:
                    self._select_after = user.name
                    self.reload()

            self.app.push_screen(SecondFactorForm(user.name, bool(user.totp_secret)), done)

        self._with_user(ask)


class _UserForm(FieldErrorsForm[Any]):
    """A small form over the users screen (the modal forms' base: Escape leaves, ctrl+s
    saves with the subclass's `action_save`): Enter saves, one line for what the core
    refused."""

    CSS_PATH = "users.tcss"
    # Escape and ctrl+s come from the base; ctrl+s also before a focused field's own keys.
    BINDINGS = [Binding("ctrl+s", "save", "Save", priority=True)]
    heading = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="user-form panel") as box:
            box.border_title = self.heading
            yield from self.fields()
            yield Static("", id="user-form-error", classes="field-error", markup=False)
        yield Footer()

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    @property
    def store(self) -> Any:
        return self.app.store

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def failed(self, line: str) -> None:
        error = self.query_one("#user-form-error", Static)
        error.update(Content(line))
        error.add_class("-shown")

    def passwords(self) -> str:
        """The new password, typed the same twice; else `InvalidInput`."""
        first = self.query_one("#user-password", Input).value
        again = self.query_one("#user-password-again", Input).value
        if first != again:
            raise InvalidInput("password: the two passwords differ; type the same one twice")
        return access.check_password(first)

    def password_fields(self) -> ComposeResult:
        yield Label("Password (at least 10 characters: three random words make a good one)",
                    classes="field-label")
        yield Input(password=True, id="user-password")
        yield Label("The same password again", classes="field-label")
        yield Input(password=True, id="user-password-again")


class AddUserForm(_UserForm):
    """A professional from the directory, their role, their first password."""

    heading = "Add a user"

    def fields(self) -> ComposeResult:
        yield Label("Professional (type the start of their name; → takes the suggestion)",
                    classes="field-label")
        yield Input(id="user-name", placeholder="Name as in the directory")
        yield Label("Role", classes="field-label")
        yield Select([(label, role.value) for role, label in ROLE_LABELS.items()],
                     id="user-role", allow_blank=False, value=Role.PRACTITIONER.value)
        yield from self.password_fields()

    def on_mount(self) -> None:
        self.query_one("#user-name", Input).focus()
        self._read_names()

    @work(thread=True, exclusive=True, group="user-names")
    def _read_names(self) -> None:
        names = sorted(p.name for p in self.store.professionals() if p.active)
        self.app.call_from_thread(self._suggest, names)

    def _suggest(self, names: list[str]) -> None:
        self.query_one("#user-name", Input).suggester = SuggestFromList(names,
                                                                        case_sensitive=False)

    def action_save(self) -> None:
        try:
            password = self.passwords()
        except InvalidInput as error:
            self.failed(str(error))
            return
        name = self.query_one("#user-name", Input).value
        role = Role(str(self.query_one("#user-role", Select).value))
        self._add(name, role, password)

    @work(thread=True, exclusive=True, group="user-save")
    def _add(self, name: str, role: Role, password: str) -> None:
        try:
            user = access.add_user(self.store, name, role, password)
        except TacError as error:
            self.app.call_from_thread(self.failed, str(error))
            return
        self.app.call_from_thread(self.dismiss, user.name)


class NewPasswordForm(_UserForm):
    """An administrator sets a new password (the user was locked out, or forgot it)."""

    heading = "New password"

    def __init__(self, name: str) -> None:
        super().__init__()
        self.user_name = name

    def fields(self) -> ComposeResult:
        yield Static(Content(f"A new password for {self.user_name}. Tell it to them in "
                             "person or by phone, not by email."), classes="hint")
        yield from self.password_fields()

    def on_mount(self) -> None:
        self.query_one("#user-password", Input).focus()

    def action_save(self) -> None:
        try:
            password = self.passwords()
        except InvalidInput as error:
            self.failed(str(error))
            return
        self._set(password)

    @work(thread=True, exclusive=True, group="user-save")
    def _set(self, password: str) -> None:
        try:
            access.set_password(self.store, self.user_name, password)
        except TacError as error:
            self.app.call_from_thread(self.failed, str(error))
            return
        self.app.call_from_thread(self.dismiss, True)


class SecondFactorForm(_UserForm):
    """Set up a second factor: Enter makes a new secret and shows the address to type into
    an authenticator app. Setting one up again replaces the old one."""

    heading = "Second factor"
    inherit_bindings = False
    BINDINGS = [
        Binding("enter", "save", "Set up", priority=True),
        Binding("escape", "cancel", "Close"),
    ]

    def __init__(self, name: str, has_one: bool) -> None:
        super().__init__()
        self.user_name = name
        self.has_one = has_one
        self.uri = ""
        """The address for an authenticator app, once set up."""

    def fields(self) -> ComposeResult:
        replace = (" They already have one: a new one replaces it, and the old code stops "
                   "working." if self.has_one else "")
        yield Static(Content(f"Set up a second factor for {self.user_name}: after their "
                             f"password, TAC asks for the six-digit code their authenticator "
                             f"app shows.{replace} Press Enter to set it up."),
                     id="second-factor-about", classes="hint")
        yield Static("", id="second-factor-uri", markup=False)

    def action_save(self) -> None:
        if not self.uri:
            self._enrol()

    def action_cancel(self) -> None:
        self.dismiss(bool(self.uri))

    @work(thread=True, exclusive=True, group="user-save")
    def _enrol(self) -> None:
        try:
            uri = access.enrol_second_factor(self.store, self.user_name)
        except TacError as error:
            self.app.call_from_thread(self.failed, str(error))
            return
        self.app.call_from_thread(self._show_uri, uri)

    def _show_uri(self, uri: str) -> None:
        self.uri = uri
        self.query_one("#second-factor-about", Static).update(Content(
            f"{self.user_name} types this address into their authenticator app (or its "
            "secret, after secret=), on their own device, then signs in with its code. "
            "It is shown once: Escape closes."))
        self.query_one("#second-factor-uri", Static).update(Content(uri))
