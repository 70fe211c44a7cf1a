"""Signing in, and the lock that covers the screen after the idle time.

Both ask `tac.access.users.sign_in`, so the same rules hold (five failures lock the account,
a second factor when the user has one) and every refusal is in the access log. A refusal is
shown as its one line; nothing is signed in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static

from tac.access.roles import Origin, Principal, Role

if TYPE_CHECKING:
    from tac.store import Store


def nobody(origin: Origin) -> Principal:
    """Who the store is for before anyone signs in: a partner of no agency, on no family's
    team, who may see nothing."""
    return Principal(name="nobody signed in", role=Role.PARTNER, origin=origin)


class PasswordForm(Screen[None]):
    """Name (or the locked user's name), password, and a code for a second factor; Enter
    asks the core. Once signed in, `then` is told who it is, before the form leaves."""

    CSS_PATH = "sign_in.tcss"
    title_text = ""

    def __init__(self, store: Store | None, origin: Origin,
                 then: Callable[[Principal], None]) -> None:
        super().__init__()
        self.then = then
        self.store = store
        """The open database; None while it is still opening (the app hands it over)."""
        self.origin = origin
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="sign-in", classes="panel") as box:
            box.border_title = self.title_text
            yield from self.about()
            yield Label("Name", classes="field-label")
            yield self.name_field()
            yield Label("Password", classes="field-label")
            yield Input(password=True, id="sign-in-password")
            yield Label("Code from your authenticator app", classes="field-label",
                        id="sign-in-code-label")
            yield Input(id="sign-in-code", placeholder="six digits", max_length=8)
            yield Static("", id="sign-in-message", markup=False)
        yield Footer()

    def about(self) -> ComposeResult:
        yield from ()

    def name_field(self) -> Input:
        return Input(id="sign-in-name", placeholder="Your name as in the directory")

    def on_mount(self) -> None:
        self._show_code(False)

    @property
    def typed_name(self) -> str:
        return self.query_one("#sign-in-name", Input).value

    def _show_code(self, shown: bool) -> None:
        self.query_one("#sign-in-code-label").display = shown
        self.query_one("#sign-in-code").display = shown

    def use_store(self, store: Store) -> None:
        """The database is open: signing in can go ahead."""
        self.store = store
        if self.is_mounted:
            self.say("")

    def say(self, line: str, refused: bool = False) -> None:
        message = self.query_one("#sign-in-message", Static)
        message.update(Content(line))
        message.set_class(refused, "-refused")

    @on(Input.Blurred, "#sign-in-name")
    def _name_left(self) -> None:
        self._ask_about_code(self.typed_name)

    @work(thread=True, exclusive=True, group="sign-in-code")
    def _ask_about_code(self, name: str) -> None:
        from tac.access.users import needs_code

        if self.store is None or not name.strip():
            return
        wanted = needs_code(self.store, name)
        self.app.call_from_thread(self._code_wanted, name, wanted)

    def _code_wanted(self, name: str, wanted: bool) -> None:
        if name == self.typed_name:
            self._show_code(wanted)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.busy:
            return
        if self.store is None:
            self.say("The database is still opening: press Enter again in a moment.")
            return
        password = self.query_one("#sign-in-password", Input).value
        if event.input.id == "sign-in-name" and not password:
            self.query_one("#sign-in-password", Input).focus()
            return
        code_field = self.query_one("#sign-in-code", Input)
        if code_field.display and not code_field.value.strip():
            self._ask_for_code()
            return
        self.busy = True
        self.say("Signing in…")
        self._sign_in(self.typed_name, password, code_field.value if code_field.display else None)

    @work(thread=True, exclusive=True, group="sign-in")
    def _sign_in(self, name: str, password: str, code: str | None) -> None:
        from tac.access.users import needs_code, sign_in
        from tac.errors import TacError

        assert self.store is not None
        try:
            if code is None and needs_code(self.store, name):
                self.app.call_from_thread(self._ask_for_code)
                return
            who = sign_in(self.store, name, password, code, self.origin)
        except TacError as refused:  # refused, or the database could not be written
            self.app.call_from_thread(self._refused, str(refused))
            return
        self.app.call_from_thread(self._signed_in, who)

    def _signed_in(self, who: Principal) -> None:
        # Told first, so that the screen coming back reads its records for `who`.
        self.then(who)
        self.dismiss()

    def _ask_for_code(self) -> None:
        self.busy = False
        self._show_code(True)
        self.query_one("#sign-in-code", Input).focus()
        self.say("Type the code your authenticator app shows, then press Enter.")

    def _refused(self, line: str) -> None:
        self.busy = False
        self.say(f"Not signed in: {line}.", refused=True)
        self.query_one("#sign-in-password", Input).value = ""
        self.query_one("#sign-in-code", Input).value = ""
        self.query_one("#sign-in-password", Input).focus()


class SignInScreen(PasswordForm):
    """The first screen for everyone but the file's owner at its terminal."""

    title_text = "Sign in to TAC"

    def __init__(self, store: Store | None, origin: Origin, then: Callable[[Principal], None],
                 back_to: Principal | None = None) -> None:
        super().__init__(store, origin, then)
        self.back_to = back_to
        """Who Escape goes back to without signing in (the file's owner), if anyone."""

    def about(self) -> ComposeResult:
        yield Static("TAC holds what the council knows about children and their families. "
                     "Sign in with your own name and password; everything you open is recorded "
                     "against your name.", classes="hint")

    def on_mount(self) -> None:
        super().on_mount()
        if self.back_to is not None:
            self.query_one("#sign-in-message", Static).update(
                "Escape goes back without signing in.")
        self.query_one("#sign-in-name", Input).focus()

    def key_escape(self) -> None:
        if self.back_to is not None and not self.busy:
            self._signed_in(self.back_to)


class LockScreen(PasswordForm):
    """Covers whatever was on screen, untouched underneath, until its user types their
    password again."""

    BINDINGS = [Binding("ctrl+o", "app.sign_out", "Sign out instead")]
    title_text = "Locked"

    def __init__(self, store: Store, who: Principal, then: Callable[[Principal], None]) -> None:
        super().__init__(store, who.origin, then)
        self.who = who

    def about(self) -> ComposeResult:
        yield Static(Content(f"TAC locked itself after a while with no key pressed. "
                             f"{self.who.describe()}: type your password to carry on where "
                             "you were."), classes="hint")

    def name_field(self) -> Input:
        return Input(self.who.name, id="sign-in-name", disabled=True)

    def on_mount(self) -> None:
        super().on_mount()
        self._ask_about_code(self.who.name)
        self.query_one("#sign-in-password", Input).focus()

    @property
    def typed_name(self) -> str:
        return self.who.name
