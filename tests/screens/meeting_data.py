"""Fixed records for the meeting screens' tests, and an app just big enough to hold them.

Everything is dated before TODAY and named, so snapshots never change from day to day.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any
from unittest import mock

from textual.app import App
from textual.screen import Screen
from textual.widgets import OptionList

from tac.models import (
    Action,
    Agency,
    AssessmentItem,
    Attendance,
    ChronologyEvent,
    Consent,
    Family,
    LocalService,
    Person,
    Professional,
    Referral,
    ScalingScore,
    StatusChange,
    TacMeeting,
)
from tac.store import Store

TODAY = date(2026, 3, 10)
"""A Tuesday: the day every meeting in these tests is held."""


class MeetingApp(App[None]):
    """Just enough of TAC's app for a meeting screen: a store, who is typing, a fixed day."""

    def __init__(self, store: Store, make_screen: Any, today: date = TODAY) -> None:
        super().__init__()
        self.store = store
        self.actor = "Priya Shah"
        self.today = today
        self.make_screen = make_screen
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), self.results.append)

    @property
    def meeting(self) -> Screen:
        return self.screen


def fill_store(store: Store) -> dict[str, str]:
    """Three professionals; three families each with a referral awaiting screening.

    The Walsh family is known (closed last year, then a first TAC meeting this year with
    scores and an open action); the Okoro and Nowak families are new.
    """
    school = store.save(Agency(name="Oakfield Primary School", kind="school"))
    health = store.save(Agency(name="Stockport Health Visiting", kind="health_visiting"))
    early_help = store.save(Agency(name="Stockport Early Help", kind="early_help"))
    priya = store.save(Professional(name="Priya Shah", role="Family worker",
                                    agency_id=early_help.id))
    sam = store.save(Professional(name="Sam Okafor", role="Safeguarding lead",
                                  agency_id=school.id))
    hannah = store.save(Professional(name="Hannah Berry", role="Health visitor",
                                     agency_id=health.id))
    jayden = Person(name="Jayden Walsh", role="child", subject=True,
                    date_of_birth=date(2018, 5, 1), school_or_setting="Oakfield Primary School")
    kerry = Person(name="Kerry Walsh", role="parent", relationship="mother")
    walsh = Family(
        reference="EH-2026-0042", postcode="SK4 1AA", people=[jayden, kerry],
        consents=[Consent(given_by=kerry.id, given_on=date(2026, 2, 2),
                          agency_ids=[school.id, early_help.id], scope="Education and family support")],
        status_history=[StatusChange(on=date(2025, 9, 1), status="closed", level=2,
                                     reason="needs_met"),
                        StatusChange(on=date(2026, 2, 2), status="open", level=2)],
    )
    walsh.set_lead_professional(priya.id, date(2026, 2, 2))
    walsh = store.save(walsh)
    store.save(ChronologyEvent(family_id=walsh.id, occurred_on=date(2026, 2, 2),
                               agency_id=school.id, kind="school_attendance",
                               summary="Attendance fell to 82% this term"))
    first = store.save(TacMeeting(
        family_id=walsh.id, kind="initial", held_on=date(2026, 2, 10), status="finished",
        chair_id=priya.id, consent_confirmed=True,
        attendance=[Attendance(person_id=kerry.id, status="present"),
                    Attendance(professional_id=priya.id, status="present"),
                    Attendance(professional_id=sam.id, status="present")],
        assessment=[AssessmentItem(column="worries", text="Jayden is late most days")],
        scaling=[ScalingScore(person_id=kerry.id, score=6),
                 ScalingScore(professional_id=priya.id, score=4),
                 ScalingScore(professional_id=sam.id, score=3)],
        lead_professional_id=priya.id, next_review_on=date(2026, 3, 10),
    ))
    store.save(Action(family_id=walsh.id, meeting_id=first.id, what="Make a morning routine chart",
                      person_id=kerry.id, agreed_on=date(2026, 2, 10), due_on=date(2026, 3, 3),
                      success_measure="Jayden on time four days in five"))
    store.save(Action(family_id=walsh.id, meeting_id=first.id,
                      what="Offer Jayden a place at breakfast club", professional_id=sam.id,
                      agreed_on=date(2026, 2, 10), due_on=date(2026, 2, 24)))
    okoro = store.save(Family(reference="EH-2026-0051", people=[
        Person(name="Amara Okoro", role="child", subject=True, date_of_birth=date(2025, 6, 3)),
        Person(name="Grace Okoro", role="parent", relationship="mother"),
    ]))
    nowak = store.save(Family(reference="EH-2026-0057", people=[
        Person(name="Tomasz Nowak", role="child", subject=True, date_of_birth=date(2012, 1, 9)),
    ]))
    referrals = [
        Referral(family_id=walsh.id, received_on=date(2026, 3, 2), referrer_name="Sam Okafor",
                 referrer_agency_id=school.id, consent_obtained=True,
                 concerns="Jayden is late most days and says there is no food at home."),
        Referral(family_id=okoro.id, received_on=date(2026, 3, 4), referrer_name="Hannah Berry",
                 referrer_agency_id=health.id, consent_obtained=True,
                 concerns="Grace is isolated and low in mood since Amara was born."),
        Referral(family_id=nowak.id, received_on=date(2026, 3, 5), referrer_name="PC Dale",
                 concerns="Police called to a fight at home; Tomasz was hit by his stepfather."),
    ]
    saved = [store.save(referral) for referral in referrals]
    baby_group = store.save(LocalService(
        name="Heaton baby group", offers="Songs, play and a cuppa", ages="0 to 2",
        area="Heaton", how_to_refer="drop in, Tuesdays 10 to 12"))
    breakfast_club = store.save(LocalService(
        name="Heaton breakfast club", how_to_refer="parent registers at the centre"))
    return {
        "baby_group": baby_group.id, "breakfast_club": breakfast_club.id,
        "priya": priya.id, "sam": sam.id, "hannah": hannah.id,
        "walsh": walsh.id, "okoro": okoro.id, "nowak": nowak.id,
        "jayden": jayden.id, "kerry": kerry.id,
        "amara": okoro.people[0].id, "grace": okoro.people[1].id,
        "referral_walsh": saved[0].id, "referral_okoro": saved[1].id,
        "referral_nowak": saved[2].id,
    }


async def settle(pilot: Any) -> None:
    """Let thread workers (the store) finish and their results be shown."""
    for _ in range(20):
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            await pilot.pause()
            if not any(w.is_running for w in pilot.app.workers):
                return
        await pilot.app.workers.wait_for_complete()


async def choose(pilot: Any, text: str) -> None:
    """Open the focused Select and take the option with `text` nearest its start, by arrows.

    Not by typing `text` into the open list: the list forgets what was typed 0.7 s after the
    last key, so on a loaded machine "Kerry" typed slowly becomes "y" and chooses Jayden.
    """
    await pilot.press("enter")
    listing = pilot.app.focused
    assert isinstance(listing, OptionList), "choose() opens the Select that has the focus"
    wanted = text.lower()
    found = [(str(listing.get_option_at_index(i).prompt).lower().find(wanted), i)
             for i in range(listing.option_count)]
    target = min((at, i) for at, i in found if at >= 0)[1]
    for _ in range(listing.option_count):
        if listing.highlighted == target:
            break
        before = -1 if listing.highlighted is None else listing.highlighted
        await pilot.press("down" if before < target else "up")
    assert listing.highlighted == target, f"could not reach the option with {text!r}"
    await pilot.press("enter")


@contextmanager
def clock_at_five_past_nine() -> Iterator[None]:
    """Every save stamped 09:05 on TODAY and times shown in UTC, so a screen that says who
    changed a record, or kept a draft, and when, looks the same on every machine."""
    zone = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        with mock.patch("tac.store.records.now",
                        lambda: datetime.combine(TODAY, datetime.min.time(), UTC).replace(
                            hour=9, minute=5)):
            yield
    finally:
        if zone is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = zone
        time.tzset()
