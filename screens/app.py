"""The TAC app: opens the store, knows who is at the keyboard, and moves between screens.

Start-up is kept close to an empty Textual app: the home screen is drawn from its own
static layout first, and everything heavy (pydantic, the store, sqlite-utils) is
imported and opened in a thread worker after the first frame. Screens import lazily
inside the actions that open them.
"""

from __future__ import annotations

import gc
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from screens.commands import TacCommands
from screens.home import HomeScreen
from screens.widgets.store_screen import StoreScreen
from tac.access.permissions import Permission, refusal
from tac.access.roles import Origin, Principal

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.timer import Timer

    from screens.family_record import FamilyRecord, FamilyRecordScreen
    from tac.models import Agency, Professional, TacMeetingKind
    from tac.store import Store

DIRECTORY_MAX_AGE = 60.0
"""Seconds the agencies and professionals are reused before being read again."""

SIGNED_OUT_ACTIONS = frozenset({"quit", "help_quit", "sign_out", "focus_next", "focus_previous",
                                "bell"})
"""The app's actions the sign-in screen and the lock allow: none reaches a record."""

FRONT_DOOR_ACTIONS = frozenset({"new_referral", "open_screening"})
"""The app's actions for the front door: offered only to those who may screen."""

IDLE_CHECK_EVERY = 15.0
"""Seconds between looks at whether the idle time has passed (the lock is that late at most)."""


class TacApp(App[None]):
    """Keyboard-first early help: screening, TAC meetings, family records, actions."""

    TITLE = "TAC"
    SUB_TITLE = "Early help meetings"
    # Home is the default screen, whose own CSS_PATH Textual does not load: list it here.
    # The family record's too: a screen's styles read when it is first pushed make Textual
    # re-read every style sheet and restyle every widget, a third of the record's first
    # opening; read with the app's, they cost a few milliseconds at start-up instead.
    CSS_PATH = ["app.tcss", "home.tcss", "family_record.tcss"]
    COMMANDS = App.COMMANDS | {TacCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f2", "open_home", "Home"),
        Binding("f3", "open_families", "Families", show=False),
        Binding("f4", "open_my_actions", "My actions", show=False),
    ]

    def __init__(
        self,
        db_path: str | Path | None = None,
        principal: Principal | None = None,
        *,
        actor: str | None = None,
        origin: Origin = Origin.TERMINAL,
        store: Store | None = None,
        today: date | None = None,
        crash_folder: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`db_path` is opened after the first frame; tests pass an open `store` instead.

        `principal` is who is at the keyboard; `actor` names the file's owner instead (as
        `Store` takes a name). With neither, the owner of the file at its terminal comes
        straight in and everyone else (and everyone in a browser) signs in first.
        `today` fixes the date the screens count from (overdue, due soon, late), so
        snapshots do not change from one day to the next; `clock` (seconds) times the lock.
        """
        super().__init__()
        self.db_path: Path | None = Path(db_path) if db_path else None
        if self.db_path is None and store is not None:
            self.db_path = Path(store.path)
        if principal is None and actor:
            principal = Principal.file_owner(actor, origin)
        self.principal: Principal | None = principal
        """Who is at the keyboard; None until someone signs in."""
        self.origin = origin
        self.store: Store | None = None
        """The open database, once someone is at the keyboard to use it."""
        self._given_store = store
        self._unsigned_store: Store | None = None
        """Opened, with nobody signed in yet: only the sign-in screen uses it."""
        self.today: date = today or date.today()
        self.crash_folder = crash_folder
        self.crash_report: Path | None = None
        self.draft_write_failed = False
        """True while the last write of a meeting's draft failed: a crash then must not
        promise that what was typed was kept."""
        self._directory: tuple[float, dict[str, Agency], dict[str, Professional]] | None = None
        self._spare_record: FamilyRecordScreen | None = None
        self.clock = clock
        self.last_input = clock()
        self.idle_lock_seconds: float | None = None
        """Seconds without a key or click before the screen locks; None: never (the owner)."""
        self._idle_timer: Timer | None = None

    @property
    def actor(self) -> str | None:
        """The name of the person at the keyboard, as the audit trail records it."""
        return self.principal.name if self.principal else None

    # --- start-up -----------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        return HomeScreen()

    def on_mount(self) -> None:
        if self.principal is None and self.origin is Origin.TERMINAL and self.db_path:
            from tac.access.owner import terminal_principal

            self.principal = terminal_principal(self.db_path)
        self._show_who()
        if self.principal is None:
            self._ask_to_sign_in()
        if self._given_store is not None:
            store, self._given_store = self._given_store, None
            self.use_store(store)
        elif self.db_path is not None and not self.db_path.exists() and self.principal:
            from screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(self.db_path))
        elif self.db_path is not None:
            # After the first frame, so that the home screen is on the terminal at once.
            self.call_after_refresh(self._open_store, self.db_path)

    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def _open_store(self, path: Path) -> None:
        from screens.sign_in import nobody
        from tac.errors import TacError
        from tac.store import Store

        try:
            # Read whole before use (a second at 20,000 families, in this worker): a
            # damaged database is refused before anything is saved into it.
            store = Store.open(path, actor=self.principal or nobody(self.origin), create=True,
                               verify=True)
        except TacError as error:
            self.call_from_thread(self._cannot_open, str(error))
            return
        self.call_from_thread(self.use_store, store)

    def _cannot_open(self, message: str) -> None:
        self.exit(return_code=2, message=Text(f"tac: {message}"))

    def use_store(self, store: Store) -> None:
        """Start using an open store (after opening it, or after the welcome screen made it);
        with nobody at the keyboard yet, only the sign-in screen may use it."""
        if self.principal is None:
            from screens.sign_in import PasswordForm, nobody

            store.principal = nobody(self.origin)
            self._unsigned_store = store
            if isinstance(self.screen, PasswordForm):
                self.screen.use_store(store)
            return
        store.principal = self.principal
        self.store = store
        self._store_opened()

    def _store_opened(self) -> None:
        self.reload_screens()
        self._someone_at_the_keyboard()

    def _someone_at_the_keyboard(self) -> None:
        self.call_after_refresh(self._ready_for_a_family_record)
        if self.principal is not None and not self.principal.owner:
            self._start_idle_lock()

    @work(thread=True, exclusive=True, group="ready-for-a-record", exit_on_error=False)
    def _ready_for_a_family_record(self) -> None:
        """With home on screen, load the family record's code and read the directory, so
        that the first family opened is drawn as quickly as the next ones."""
        import screens.family_record  # noqa: F401
        import screens.widgets.family_panels  # noqa: F401

        if self.store is not None:
            self.directory()
        # What start-up made (modules, styles, home) lives as long as the app: moved out of
        # the garbage collector's sight, a full collection no longer walks it, which took
        # 70 ms in the middle of the first record opened at 20,000 families.
        gc.freeze()

    def reload_screens(self) -> None:
        """Ask every screen on the stack that shows stored records to read them again."""
        for screen in self.screen_stack:
            if isinstance(screen, StoreScreen):
                screen.reload()

    def directory_changed(self) -> None:
        """Agencies or professionals were saved: read them afresh next time."""
        self._directory = None

    def directory(self) -> tuple[dict[str, Agency], dict[str, Professional]]:
        """Agencies and professionals by id, reused for a minute (they rarely change, and
        every family record names them). Called from worker threads."""
        assert self.store is not None
        now = time.monotonic()
        if self._directory is None or now - self._directory[0] > DIRECTORY_MAX_AGE:
            agencies = {a.id: a for a in self.store.agencies()}
            professionals = {p.id: p for p in self.store.professionals()}
            self._directory = (now, agencies, professionals)
        return self._directory[1], self._directory[2]

    # --- the person at the keyboard -------------------------------------------------

    def _show_who(self) -> None:
        who = self.principal
        if who is None:
            self.sub_title = "Early help meetings · sign in"
        elif who.owner:
            self.sub_title = f"Early help meetings · {who.name}"
        else:
            self.sub_title = f"Early help meetings · {who.describe()}"

    def _ask_to_sign_in(self, back_to: Principal | None = None) -> None:
        from screens.sign_in import SignInScreen

        store = self.store or self._unsigned_store
        self.push_screen(SignInScreen(store, self.origin, self.signed_in, back_to))

    def signed_in(self, who: Principal) -> None:
        """`who` is at the keyboard now. Called as the sign-in screen leaves: the screen
        under it reads its records for them as it comes back."""
        store = self.store or self._unsigned_store
        assert store is not None
        self._unsigned_store = None
        self.principal = who
        store.principal = who
        self.store = store
        self._directory = None
        self._show_who()
        self.last_input = self.clock()
        self._someone_at_the_keyboard()

    async def action_sign_out(self) -> None:
        """Leave every screen (a meeting's draft is kept) and ask who is at the keyboard."""
        from screens.sign_in import nobody
        from screens.widgets.meeting_draft import DraftKeeping

        store, was = self.store, self.principal
        if store is None or was is None:
            return
        for screen in self.screen_stack:
            if isinstance(screen, DraftKeeping):
                screen.keep_draft_now()
        # The last words typed must reach the draft before its screen goes.
        for worker in [w for w in self.workers if w.group == "draft"]:
            await worker.wait()
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        self._stop_idle_lock()
        self.store = None
        self._unsigned_store = store
        self.principal = None
        store.principal = nobody(self.origin)
        self._show_who()
        # Nothing the last person saw is left on home to flash up for the next.
        if isinstance(self.screen, StoreScreen):
            self.screen.forget()
        # The file's owner may change their mind (Escape); a user who signed out may not.
        self._ask_to_sign_in(back_to=was if was.owner else None)

    # --- the idle lock ----------------------------------------------------------------

    def _start_idle_lock(self) -> None:
        assert self.store is not None
        self._read_idle_limit(self.store)

    @work(thread=True, exclusive=True, group="idle-lock")
    def _read_idle_limit(self, store: Store) -> None:
        minutes = store.settings().idle_lock_minutes
        self.call_from_thread(self.lock_after, minutes * 60.0)

    def lock_after(self, seconds: float) -> None:
        """Lock the screen after `seconds` with no key or click (tests use a few)."""
        self._stop_idle_lock()
        self.idle_lock_seconds = seconds
        self._idle_timer = self.set_interval(min(IDLE_CHECK_EVERY, seconds / 4),
                                             self.lock_if_idle)

    def _stop_idle_lock(self) -> None:
        self.idle_lock_seconds = None
        if self._idle_timer is not None:
            self._idle_timer.stop()
            self._idle_timer = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown,
                              events.MouseScrollUp)) and not event.is_forwarded:
            self.last_input = self.clock()
        await super().on_event(event)

    def lock_if_idle(self) -> None:
        """Cover the screen with the lock if nobody touched a key for the idle time."""
        limit = self.idle_lock_seconds
        who = self.principal
        if limit is None or who is None or who.owner or self.store is None:
            return
        if self.asking_for_password or self.clock() - self.last_input < limit:
            return
        from screens.sign_in import LockScreen

        self.push_screen(LockScreen(self.store, who, self._unlocked))

    def _unlocked(self, who: Principal) -> None:
        assert self.store is not None
        # The same person, read afresh (an administrator may have changed their role).
        self.principal = who
        self.store.principal = who
        self.last_input = self.clock()
        self._show_who()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Behind the sign-in screen or the lock, nothing but quitting and signing out.
        if self.asking_for_password:
            return action in SIGNED_OUT_ACTIONS
        # The front door is offered only to those the store lets screen, oversight only to
        # those it lets see the figures.
        if action == "open_oversight":
            return not self._refused(Permission.OVERSIGHT)
        return not (action in FRONT_DOOR_ACTIONS and self._refused(Permission.SCREENING))

    def _refused(self, permission: Permission) -> str | None:
        """The one line saying why the person at the keyboard may not do `permission`."""
        who = self.store.principal if self.store is not None else None
        return refusal(who, permission) if who is not None else None

    @property
    def asking_for_password(self) -> bool:
        """True while the sign-in screen or the lock is on top."""
        # Not imported yet (it is left out of start-up), or still being imported by the
        # worker opening the database while the footer asks: neither was ever shown.
        form = getattr(sys.modules.get("screens.sign_in"), "PasswordForm", None)
        return form is not None and isinstance(self.screen, form)

    # --- moving between screens -------------------------------------------------------

    async def _show_top_level(self, kind: type[Screen], make: Any) -> None:
        """Go back to an open screen of this kind, or open one: the stack never repeats."""
        for screen in self.screen_stack:
            if type(screen) is kind:
                while self.screen is not screen:
                    await self.pop_screen()
                return
        await self.push_screen(make())

    async def action_open_home(self) -> None:
        if self.store is None:  # still opening, or the welcome screen is making it
            return
        while len(self.screen_stack) > 1:
            await self.pop_screen()

    async def action_open_families(self, text: str = "") -> None:
        if self.store is None:  # still opening, or the welcome screen is making it
            return
        from screens.families import FamiliesScreen

        await self._show_top_level(FamiliesScreen, lambda: FamiliesScreen(text))

    async def action_open_my_actions(self, action_id: str | None = None) -> None:
        if self.store is None:  # still opening, or the welcome screen is making it
            return
        from screens.my_actions import MyActionsScreen

        await self._show_top_level(MyActionsScreen, lambda: MyActionsScreen(action_id))
        if action_id and isinstance(self.screen, MyActionsScreen):
            self.screen.select_action(action_id)

    def action_open_family(self, family_id: str) -> None:
        """Read the family, then open its record drawn in full (no empty frame first)."""
        if self.store is None:  # still opening, or the welcome screen is making it
            return
        self._open_family(family_id)

    @work(thread=True, exclusive=True, group="open-family")
    def _open_family(self, family_id: str) -> None:
        from screens.family_record import read_family_record
        from tac.errors import TacError

        try:
            record = read_family_record(self, family_id)
        except TacError as error:  # gone, or refused: one line saying who and why
            self.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.call_from_thread(self._push_record, family_id, record)

    def action_open_family_reference(self, reference: str) -> None:
        """Open the family with this reference, or say in one line why not."""
        if self.store is None:
            return
        self._open_family_reference(reference)

    @work(thread=True, exclusive=True, group="open-family")
    def _open_family_reference(self, reference: str) -> None:
        from screens.family_record import read_family_record
        from tac.errors import TacError

        assert self.store is not None
        try:
            family_id = self.store.family_by_reference(reference).id
            record = read_family_record(self, family_id)
        except TacError as error:
            self.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.call_from_thread(self._push_record, family_id, record)

    def _push_record(self, family_id: str, record: FamilyRecord) -> None:
        from screens.family_record import FamilyRecordScreen

        # One record screen is kept and reused: building its widgets and matching their
        # styles is most of the time it takes to open a family.
        spare = self._spare_record
        if spare is None:
            spare = self._spare_record = FamilyRecordScreen(family_id, record)
            self.install_screen(spare, name="family-record")
        elif spare not in self.screen_stack:
            spare.show_family(family_id, record)
        else:
            self.push_screen(FamilyRecordScreen(family_id, record))
            return
        self.push_screen(spare)

    async def action_open_professionals(self) -> None:
        if self.store is None:  # still opening, or the welcome screen is making it
            return
        from screens.professionals import ProfessionalsScreen

        await self._show_top_level(ProfessionalsScreen, ProfessionalsScreen)

    async def action_open_local_services(self) -> None:
        if self.store is None:  # still opening, or the welcome screen is making it
            return
        from screens.local_services import LocalServicesScreen

        await self._show_top_level(LocalServicesScreen, LocalServicesScreen)

    async def action_open_batch_export(self) -> None:
        from screens.batch_export import BatchExportScreen

        await self._show_top_level(BatchExportScreen, BatchExportScreen)

    async def action_open_retention(self) -> None:
        """Families past retention, for an administrator to erase (others see why not)."""
        if self.store is None:
            return
        from screens.retention import RetentionScreen

        await self._show_top_level(RetentionScreen, RetentionScreen)

    async def action_open_oversight(self) -> None:
        """Drift, caseload, flow and impact, for those who may see oversight."""
        if self.store is None:
            return
        if reason := self._refused(Permission.OVERSIGHT):
            self.notify(reason, severity="warning", markup=False)
            return
        from screens.oversight import OversightScreen

        await self._show_top_level(OversightScreen, OversightScreen)

    async def action_open_users(self) -> None:
        if self.store is None:
            return
        from screens.users import UsersScreen

        await self._show_top_level(UsersScreen, UsersScreen)

    async def action_open_screening(self) -> None:
        if self.store is None:  # still opening, or the welcome screen is making it
            return
        if reason := self._refused(Permission.SCREENING):
            self.notify(reason, severity="warning", markup=False)
            return
        from screens.screening_meeting import ScreeningMeetingScreen

        await self.push_screen(ScreeningMeetingScreen())

    async def action_new_referral(self, family_id: str | None = None) -> None:
        """Take a referral in; from a family's record, a re-referral of that family."""
        if self.store is None:
            return
        if reason := self._refused(Permission.SCREENING):
            self.notify(reason, severity="warning", markup=False)
            return
        from screens.new_referral import NewReferralScreen

        await self.push_screen(NewReferralScreen(family_id))

    async def action_open_possible_match(self, referral_id: str) -> None:
        """Settle a referral marked "check: possible match with EH-...": attach or keep new."""
        if self.store is None:
            return
        from screens.possible_match import PossibleMatchScreen

        await self.push_screen(PossibleMatchScreen(referral_id))

    async def action_tell_referrer(self, meeting_id: str, referral_id: str) -> None:
        """Record that the referrer was told of a screening decision."""
        if self.store is None:
            return
        from screens.widgets.referrer_told import ReferrerToldForm

        def told(done: bool | None) -> None:
            if done:
                self.notify("Recorded: the referrer was told.")
                self.reload_screens()

        await self.push_screen(
            ReferrerToldForm(meeting_id, referral_id, self.today, self.actor or ""), told)

    async def action_minutes_sent(
        self, kind: str, meeting_id: str | None = None, family_id: str | None = None
    ) -> None:
        """Record a meeting's minutes sent: `kind` "screening" for a screening meeting, else
        a TAC meeting (with `family_id`, chosen among that family's)."""
        if self.store is None:
            return
        from screens.widgets.minutes_sent import MinutesSentForm
        from tac.models import ScreeningMeeting, TacMeeting

        def sent(meeting: TacMeeting | ScreeningMeeting | None) -> None:
            if meeting is not None:
                self.notify("Recorded: the minutes were sent.")
                self.reload_screens()

        model = ScreeningMeeting if kind == "screening" else TacMeeting
        await self.push_screen(
            MinutesSentForm(self.store, model, self.today, self.actor or "",
                            meeting_id=meeting_id, family_id=family_id), sent)

    async def action_open_tac_meeting(
        self, family_id: str, kind: TacMeetingKind | str | None = None
    ) -> None:
        if self.store is None:
            return
        from screens.tac_meeting import TacMeetingScreen
        from tac.models import TacMeetingKind

        meeting_kind = TacMeetingKind(kind) if kind else None
        await self.push_screen(TacMeetingScreen(family_id, meeting_kind))

    async def action_correct_tac_meeting(self, family_id: str, meeting_id: str) -> None:
        """The meeting screen, correcting a finished meeting's record (its chair only)."""
        if self.store is None:
            return
        from screens.tac_meeting import TacMeetingScreen

        await self.push_screen(TacMeetingScreen(family_id, correcting=meeting_id))

    # --- our own bugs ----------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        # Textual's own crash screen prints every frame's locals: for us, a child's name.
        # Write a report without them, tell the user where it is, and exit with status 1.
        from tac.crash import write_crash_report
        from tac.store.database import describe_sqlite_error, is_file_problem

        cause = getattr(error, "error", None)  # a worker's failure wraps the real one
        original = cause if isinstance(cause, BaseException) else error
        if is_file_problem(original) and self.db_path is not None:
            # Damage found past the check made on opening, or a failing disk: not our bug.
            self._stop(2, error, Text(f"tac: {describe_sqlite_error(self.db_path, original)}"))
            return
        try:
            self.crash_report = write_crash_report(original, self.crash_folder)
            where = f"A report (with no family details in it) is in {self.crash_report}"
        except OSError:
            where = "A crash report could not be written either."
        if self.draft_write_failed:
            typed = ("What was typed last in a meeting could not be saved as a draft, so it was "
                     "not kept: open the meeting again to see what was.\n")
        else:
            typed = ("Anything typed in a meeting was kept as a draft: open the meeting again "
                     "and TAC offers to carry on where you were.\n")
        self._stop(
            1,
            error,
            Text.assemble(
                ("TAC stopped because of a fault in TAC itself, not anything you did.\n", "bold"),
                f"{where}\n",
                typed,
            ),
        )

    def _stop(self, return_code: int, error: Exception, message: Text) -> None:
        self._return_code = return_code
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self.bell()
        self.panic(message)


