"""The Standard Safeguarding Dataset's early help extract: `tac report ssd --out DIR`.

Two CSV files with the dataset's own column names, for analysts and the council's returns
(docs/ssd-extract.md says where each column comes from):

    >>> written = write_ssd_extract(store, Path("returns"))
    >>> written.episodes, written.people
    (412, 389)

`ssd_early_help_episodes.csv` has one row per subject child per episode of early help (the
episodes are `tac.episodes.episodes`, as the record shows them); `ssd_person.csv` one row
per child in it. A child's id is the id TAC stored for them, and an episode's id is the
child's id and the episode's number, so both are the same in every extract.

The extract reads every family at once, as light rows (`Store.returns_families`: at 20,000
families no model is built and validated); `ssd_rows` reads full records the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tac.access.permissions import Permission, check
from tac.csv_out import csv_bytes
from tac.directory import Directory
from tac.episodes import Episode, episodes
from tac.errors import Refused
from tac.models import (
    CLOSURE_REASON_LABELS,
    INVOLVEMENT_REASON_LABELS,
    Family,
    Person,
    Referral,
    Sex,
)
from tac.store.oversight import ChildRow, ReferralRow, ReturnsFamily

if TYPE_CHECKING:
    from tac.store import Store

EPISODES_FILE = "ssd_early_help_episodes.csv"
PEOPLE_FILE = "ssd_person.csv"

EPISODE_COLUMNS = (
    "earl_episode_id", "earl_person_id", "earl_episode_start_date", "earl_episode_end_date",
    "earl_episode_reason", "earl_episode_end_reason", "earl_episode_organisation",
    "earl_episode_worker_id",
)
PERSON_COLUMNS = (
    "pers_person_id", "pers_sex", "pers_ethnicity", "pers_dob", "pers_expected_dob",
    "pers_common_child_id",
)

SSD_SEX: dict[Sex, str] = {
    Sex.MALE: "M",
    Sex.FEMALE: "F",
    Sex.NOT_KNOWN: "U",
    Sex.INDETERMINATE: "I",
}
"""The dataset's sex codes for TAC's (the census codes 1, 2, 0 and 9)."""


@dataclass(frozen=True)
class SsdWritten:
    """What an extract wrote: how many episode rows, how many children, and where."""

    episodes: int
    people: int
    episodes_path: Path
    people_path: Path


def episode_rows(
    family: Family | ReturnsFamily, referrals: Iterable[Referral | ReferralRow],
    directory: Directory,
) -> Iterator[dict[str, str]]:
    """The family's episodes of early help, one row per subject child per episode."""
    children = [p for p in family.people if p.subject]
    # The episodes' dates, reasons and leads come from the status history, the referrals
    # and the lead professionals' terms: its meetings are not needed, and not read.
    for episode in episodes(family, referrals):
        worker_id = _worker_id(episode)
        worker = directory.professional(worker_id)
        organisation = directory.agency_name(worker.agency_id) if worker else ""
        for child in children:
            yield {
                "earl_episode_id": f"{child.id}-{episode.number}",
                "earl_person_id": child.id,
                "earl_episode_start_date": episode.start.isoformat(),
                "earl_episode_end_date": _iso(episode.end),
                "earl_episode_reason":
                    INVOLVEMENT_REASON_LABELS[episode.reason] if episode.reason else "",
                "earl_episode_end_reason":
                    CLOSURE_REASON_LABELS[episode.end_reason] if episode.end_reason else "",
                "earl_episode_organisation": organisation,
                "earl_episode_worker_id": worker_id or "",
            }


def person_row(child: Person | ChildRow) -> dict[str, str]:
    """The child as the dataset's person table has them."""
    return {
        "pers_person_id": child.id,
        "pers_sex": SSD_SEX[child.sex] if child.sex else "",
        "pers_ethnicity": child.ethnicity.value if child.ethnicity else "",
        "pers_dob": _iso(child.date_of_birth),
        "pers_expected_dob": _iso(child.expected_date_of_birth),
        "pers_common_child_id": child.nhs_number,
    }


def ssd_rows(
    families: Iterable[Family | ReturnsFamily], referrals: Iterable[Referral | ReferralRow],
    directory: Directory,
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(episode rows, person rows) for these families, given (at least) their referrals: a
    child is in the person rows once, and only if they have an episode. The families are
    full records (`Store.families_for_returns`, with `Store.referrals`) or rows
    (`Store.returns_families`, each with its referrals); both give the same rows."""
    by_family: dict[str, list[Referral | ReferralRow]] = defaultdict(list)
    for referral in referrals:
        by_family[referral.family_id].append(referral)
    found_episodes: list[dict[str, str]] = []
    found_people: dict[str, dict[str, str]] = {}
    for family in families:
        rows = list(episode_rows(family, by_family[family.id], directory))
        found_episodes += rows
        having = {row["earl_person_id"] for row in rows}
        for child in family.people:
            if child.id in having and child.id not in found_people:
                found_people[child.id] = person_row(child)
    return found_episodes, list(found_people.values())


def write_ssd_extract(store: Store, out: Path) -> SsdWritten:
    """Write the two files into the folder `out` (made if need be). Needs the oversight
    permission; the extract, or its refusal, goes in the access log."""
    try:
        check(store.principal, Permission.OVERSIGHT)
    except Refused as refused:
        store.log_access("report ssd", outcome="refused", detail=str(refused))
        raise
    directory = Directory.of(store.professionals(), store.agencies())
    families = store.returns_families()
    all_episodes, all_people = ssd_rows(
        families, (r for family in families for r in family.referrals), directory)
    out.mkdir(parents=True, exist_ok=True)
    episodes_path, people_path = out / EPISODES_FILE, out / PEOPLE_FILE
    _write_csv(episodes_path, EPISODE_COLUMNS, all_episodes)
    _write_csv(people_path, PERSON_COLUMNS, all_people)
    store.log_access("report ssd",
                     detail=f"{len(all_episodes)} episodes, {len(all_people)} children")
    return SsdWritten(len(all_episodes), len(all_people), episodes_path, people_path)


def _worker_id(episode: Episode) -> str | None:
    """The lead professional the episode ended with (or has now): who answers for it."""
    leads = episode.lead_professional_ids()
    return leads[-1] if leads else None


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _write_csv(path: Path, columns: tuple[str, ...], rows: Iterable[dict[str, str]]) -> None:
    """A CSV with a header row, written by TAC's one CSV writer (`tac.csv_out`: a cell a
    spreadsheet would run as a formula stays text). The extract keeps its file names, so a
    second extract into the same folder replaces the first."""
    path.write_bytes(csv_bytes(columns, [[row.get(c) for c in columns] for row in rows]))
