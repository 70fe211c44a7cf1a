"""Home: what needs doing today, each line opening what it names.

The layout (titles and all) is drawn before anything is read, so the first frame is on
the terminal at once; the lists fill in from a thread worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.widgets import Footer, Header, Static

from screens.widgets.link_list import Link, LinkList
from screens.widgets.store_screen import StoreScreen

if TYPE_CHECKING:
    from tac.access.roles import Principal
    from tac.store import Store

UPCOMING_DAYS = 14
"""How far ahead "coming up" looks for review meetings."""

SHOWN = 50
"""Lines per list: enough to scroll through, few enough to draw at once."""


@dataclass
class HomeNews:
    """Everything the home screen shows, gathered in one pass over the store."""

    today: date
    awaiting_screening: int = 0
    waiting_too_long: int = 0
    screening_wait_working_days: int = 0
    meetings: list[Link] = field(default_factory=list)
    screening: list[Link] = field(default_factory=list)
    my_actions: list[Link] = field(default_factory=list)
    my_actions_note: str = ""
    late_reviews: list[Link] = field(default_factory=list)
    late_count: int = 0
    no_lead: list[Link] = field(default_factory=list)
    no_lead_count: int = 0
    consent_withdrawn: list[Link] = field(default_factory=list)
    minutes_late: list[Link] = field(default_factory=list)
    minutes_late_count: int = 0
    rising: list[Link] = field(default_factory=list)
    rising_count: int = 0
    families: list[Link] = field(default_factory=list)


class HomeScreen(StoreScreen):
    """Today's and upcoming meetings, the screening queue, my actions, drift."""

    BINDINGS = [
        Binding("r", "app.new_referral", "New referral"),
        Binding("s", "app.open_screening", "Screening meeting"),
        Binding("f", "app.open_families", "Families"),
        Binding("a", "app.open_my_actions", "My actions"),
        Binding("x", "app.open_batch_export", "Export"),
        Binding("d", "app.open_professionals", "Directory"),
        Binding("l", "app.open_local_services", "Local services"),
        # Offered only to those who may see oversight (the app's check_action).
        Binding("o", "app.open_oversight", "Oversight"),
        # Not in the footer: only administrators may use it, and the footer is full.
        Binding("u", "app.open_users", "Users", show=False),
        Binding("f5", "reload", "Refresh"),
        # Out of the footer: an administrator's task a few times a year (the palette names it).
        Binding("e", "app.open_retention", "Retention", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="today", classes="screen-title")
        with Grid(id="home-grid"):
            yield LinkList("Screening queue", "No referrals are waiting.", id="screening")
            yield LinkList("Meetings today and coming up",
                           f"No meetings in the next {UPCOMING_DAYS} days.", id="meetings")
            yield LinkList("My actions: overdue and due soon",
                           "Nothing of yours is overdue or due soon.", id="my-actions")
            yield LinkList("Reviews that are late", "Every review is on time.",
                           id="late-reviews")
            yield LinkList("Open families with no lead professional",
                           "Every open family has a lead professional.", id="no-lead")
            yield LinkList("Consent withdrawn, plan still open",
                           "No open family has withdrawn its consent.", id="consent-withdrawn")
            yield LinkList("Minutes past the clock", "Every meeting's minutes are on time.",
                           id="minutes-late")
            yield LinkList("Vulnerability rising",
                           "No child's vulnerability check is rising.", id="rising")
            yield LinkList("Families", "No families yet.", id="families")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#today", Static).update(_today_line(self.tac.today))

    def action_reload(self) -> None:
        if self.store is not None:
            self.reload()

    def reload(self) -> None:
        self._gather(self.tac.today, self.tac.actor)

    def forget(self) -> None:
        self._show(HomeNews(today=self.tac.today))

    @work(thread=True, exclusive=True, group="home")
    def _gather(self, today: date, actor: str | None) -> None:
        from tac.errors import Refused

        store = self.store
        if store is None:  # signed out since this was asked for
            return
        who = store.principal
        try:
            news = gather_news(store, today, actor)
        except Refused:
            # Signed out, or in as someone else, while this was read: home reads again
            # for whoever signs in.
            return
        self.app.call_from_thread(self._show_for, who, news)

    def _show_for(self, who: Principal, news: HomeNews) -> None:
        """Show `news` gathered for `who`, unless someone else is at the keyboard now."""
        store = self.store
        if store is not None and store.principal == who:
            self._show(news)

    def _show(self, news: HomeNews) -> None:
        if not self.is_mounted:
            return
        queue, limit = news.awaiting_screening, news.screening_wait_working_days
        subtitle = f"{queue} awaiting" if queue else ""
        if news.waiting_too_long:
            subtitle += (f" · {news.waiting_too_long} over {limit} working "
                         f"day{'s' if limit != 1 else ''}")
        self.query_one("#screening", LinkList).show(news.screening, subtitle)
        self.query_one("#meetings", LinkList).show(news.meetings)
        self.query_one("#my-actions", LinkList).show(news.my_actions, news.my_actions_note)
        self.query_one("#late-reviews", LinkList).show(
            news.late_reviews, str(news.late_count) if news.late_count else ""
        )
        self.query_one("#no-lead", LinkList).show(
            news.no_lead, str(news.no_lead_count) if news.no_lead_count else ""
        )
        withdrawn = news.consent_withdrawn
        self.query_one("#consent-withdrawn", LinkList).show(
            withdrawn, str(len(withdrawn)) if withdrawn else "")
        self.query_one("#minutes-late", LinkList).show(
            news.minutes_late, str(news.minutes_late_count) if news.minutes_late_count else "")
        self.query_one("#rising", LinkList).show(
            news.rising, str(news.rising_count) if news.rising_count else "")
        self.query_one("#families", LinkList).show(news.families)


def _today_line(today: date) -> str:
    from tac.dates import long_date

    return f"{today.strftime('%A')} {long_date(today)}"


def gather_news(store: Store, today: date, actor: str | None) -> HomeNews:
    """Read what the home screen shows. Runs in a worker thread.

    Late reviews, families with no lead professional, referrals waiting too long and
    minutes past the clock are the manager's drift summary (`rules.drift_summary`), with
    the council's settings; children whose vulnerability is rising are
    `tac.vulnerability.rising_children`.
    """
    from screens.widgets.vulnerability_panels import rising_line
    from tac import rules
    from tac.access.permissions import Permission, refusal
    from tac.dates import form_date
    from tac.models import TAC_MEETING_KIND_LABELS, ActionStatus, MeetingStatus, ReferralStatus
    from tac.vulnerability import rising_children

    settings = store.settings()
    news = HomeNews(today=today)
    # The screening queue is for those who screen: the store would refuse the rest.
    screens = refusal(store.principal, Permission.SCREENING) is None
    awaiting = store.referrals(status=ReferralStatus.AWAITING_SCREENING) if screens else []
    rows = store.family_rows(open_only=True, limit=None, today=today)
    within = settings.minutes_within_working_days
    drift = rules.drift_summary(rows, awaiting, today,
                                limit_working_days=settings.screening_wait_working_days,
                                meetings=store.unsent_minutes(),
                                minutes_within_working_days=within,
                                minutes_clock_from=settings.minutes_clock_from)

    news.awaiting_screening = len(awaiting)
    news.waiting_too_long = len(drift.waiting_too_long)
    news.screening_wait_working_days = settings.screening_wait_working_days
    names = {row.id: row.name for row in rows}
    for meeting in store.screening_meetings(status=MeetingStatus.IN_PROGRESS) if screens else []:
        news.screening.append(Link(
            f"Carry on the screening meeting of {form_date(meeting.held_on)} "
            f"({len(meeting.decisions)} decided)", "open_screening()"))
    if awaiting:
        plural = "s" if len(awaiting) != 1 else ""
        news.screening.append(Link(
            f"Start a screening meeting: {len(awaiting)} referral{plural}", "open_screening()"))
    # Each referral waiting longer than the council allows, longest first, in bold.
    for referral in drift.waiting_too_long[:SHOWN]:
        waited = rules.working_days_waiting(referral, today)
        family = names.get(referral.family_id) or _family_name(store, referral.family_id)
        days = f"{waited} working day{'s' if waited != 1 else ''}"
        news.screening.append(Link(_line(days, family), "open_screening()"))

    if screens:
        news.screening += front_door_links(store, today)

    horizon = today + timedelta(days=UPCOMING_DAYS)

    in_progress = store.tac_meetings(status=MeetingStatus.IN_PROGRESS)
    for meeting in in_progress:
        family = names.get(meeting.family_id) or _family_name(store, meeting.family_id)
        news.meetings.append(Link(
            _line(f"Now: {TAC_MEETING_KIND_LABELS[meeting.kind].lower()}", family),
            f"open_tac_meeting({meeting.family_id!r})"))
    started = {m.family_id for m in in_progress}
    upcoming = sorted(
        (r for r in rows if r.next_review_on and today <= r.next_review_on <= horizon
         and r.id not in started),
        key=lambda r: (r.next_review_on, r.reference),
    )
    for row in upcoming[:SHOWN]:
        when = "Today" if row.next_review_on == today else _short_day(row.next_review_on)
        news.meetings.append(Link(_line(f"{when} review", row.name),
                                  f"open_tac_meeting({row.id!r})"))

    news.late_count = len(drift.late_reviews)
    for late in drift.late_reviews[:SHOWN]:
        weeks = late.review_late_by // 7
        how_late = f"{weeks} wk late" if weeks else f"{late.review_late_by} d late"
        news.late_reviews.append(Link(_line(how_late, late.name),
                                      f"open_family({late.family_id!r})"))

    no_lead = drift.without_lead_professional
    news.no_lead_count = len(no_lead)
    news.no_lead = [Link(_line(f"level {d.level or '?'}", d.name),
                         f"open_family({d.family_id!r})") for d in no_lead[:SHOWN]]

    # Nothing about these families may be shared: their plans should close, or the
    # family be asked again.
    for family in store.open_families_with_consent_withdrawn(today):
        if rules.consent_withdrawn_with_plan_open(family, today):
            consent = family.latest_consent(today)
            ended = form_date(consent.withdrawn_on) if consent else ""
            news.consent_withdrawn.append(Link(_line(f"withdrawn {ended}", family.display_name()),
                                               f"open_family({family.id!r})"))

    # Each line opens the form recording the minutes sent, on that meeting.
    news.minutes_late_count = len(drift.minutes_late)
    shown = drift.minutes_late[:SHOWN]
    # Closed families are not among the rows read above: read the few shown in one go.
    wanted = {m.family_id for m in shown if m.family_id and m.family_id not in names}
    names.update((f.id, f.display_name()) for f in store.families_by_id(wanted))
    for meeting in shown:
        days = rules.minutes_days_past(meeting, today, within_working_days=within)
        past, held = f"{days} d past", meeting.held_on.strftime("%d/%m")
        if meeting.family_id is None:
            news.minutes_late.append(Link(
                _line(past, f"{held} screening meeting"),
                f"minutes_sent('screening', {meeting.id!r})"))
            continue
        family = names.get(meeting.family_id) or _family_name(store, meeting.family_id)
        kind = TAC_MEETING_KIND_LABELS[meeting.kind].lower()
        news.minutes_late.append(Link(
            _line(past, f"{held} {kind} · {family}"),
            f"minutes_sent('tac', {meeting.id!r}, {meeting.family_id!r})"))

    # Children whose check list total rose (the council's rule), before their next meeting.
    rising = rising_children(store, today)
    news.rising_count = len(rising)
    news.rising = [Link(rising_line(child), f"open_family({child.family_id!r})")
                   for child in rising[:SHOWN]]

    news.families = [
        Link(f"Find a family ({len(rows)} open)", "open_families()"),
        Link("My actions", "open_my_actions()"),
    ]
    if refusal(store.principal, Permission.BATCH_EXPORT) is None:
        news.families.append(Link("Export a batch of Word documents", "open_batch_export()"))

    me = _professional_named(store, actor)
    if me is None:
        news.my_actions_note = "not in the list of professionals" if actor else ""
        return news
    mine = store.actions(professional_id=me, status=ActionStatus.OPEN)
    overdue = rules.overdue_actions(mine, today)
    soon = [a for a in mine if rules.is_due_soon(a, today, within_days=settings.due_soon_days)]
    news.my_actions_note = f"{len(overdue)} overdue · {len(soon)} due soon"
    for action in overdue + soon:
        family = names.get(action.family_id) or _family_name(store, action.family_id)
        if rules.is_overdue(action, today):
            when = Text(f"{rules.days_overdue(action, today)} d overdue", style="bold")
        else:
            days = (action.due_on - today).days
            when = Text("due today" if days == 0 else f"due in {days} d")
        news.my_actions.append(Link(
            Text.assemble(when, " · ", _reference(family), " · ", action.what.splitlines()[0]),
            f"open_my_actions({action.id!r})"))
    return news


def front_door_links(store: Store, today: date) -> list[Link]:
    """What the front door has to follow up: possible matches to settle, referrals waiting
    for more information, and referrers not told of a decision after a working day."""
    from tac.dates import form_date, working_days_between
    from tac.intake.follow_up import referrers_not_told, waiting_for_information
    from tac.models import OUTCOME_LABELS, Family

    links = []
    for referral in store.referrals_to_check()[:SHOWN]:
        family = store.get(Family, referral.family_id)
        links.append(Link(
            _line("Check", f"{family.reference} may be {', '.join(referral.possible_matches)}"),
            f"open_possible_match({referral.id!r})"))
    professionals = {p.id: p.name for p in store.professionals()}
    for waiting in waiting_for_information(store)[:SHOWN]:
        due = waiting.due_on
        when = (f"was due {form_date(due)}" if waiting.is_overdue(today)
                else f"by {form_date(due)}") if due else "no date"
        who = professionals.get(waiting.getting_it or "", "nobody named")
        links.append(Link(
            _line("More information", f"{waiting.family.display_name()} · {when} · {who}"),
            f"open_family({waiting.family.id!r})"))
    for late in referrers_not_told(store, today)[:SHOWN]:
        days = working_days_between(late.decided_on, today)
        links.append(Link(
            _line("Tell the referrer",
                  f"{late.family.display_name()} · {OUTCOME_LABELS[late.decision.outcome]} · "
                  f"decided {days} working days ago"),
            f"tell_referrer({late.meeting.id!r}, {late.referral.id!r})"))
    return links


def _professional_named(store: Store, name: str | None) -> str | None:
    if not name:
        return None
    wanted = " ".join(name.split()).casefold()
    return next((p.id for p in store.professionals() if p.name.casefold() == wanted), None)


def _family_name(store: Store, family_id: str) -> str:
    from tac.models import Family

    return store.get(Family, family_id).display_name()


def _reference(display_name: str) -> str:
    return display_name.split(" ", 1)[0]


def _short_day(day: date) -> str:
    return day.strftime("%a %d/%m")


def _line(lead: str, family: str) -> Text:
    return Text.assemble((lead, "bold"), " · ", family)
