"""Who is already known: the people and families a referral may be about.

Names are compared as `tac.names` compares them: accents, case, hyphens and apostrophes
aside, and one slip of a letter forgiven in a name of four letters or more ("Siobhan" finds
Siobhán, "Wisnewski" finds Wiśniewski, "OConnor" finds O'Connor). Each match says how sure
it is (`MatchKind`):

- same person: the same NHS number, or the same name and date of birth. A referral about
  them joins their family as a re-referral, also when the family is closed or stepped up.
- possible: the same name with another (or no) date of birth; the same date of birth and
  postcode under another spelling; the same date of birth and a name one slip away. A person
  settles it; a referral taken meanwhile says "check: possible match with EH-...".
- found: the words typed match, as in the families list: worth a look, no more.

Those with the same NHS number, then the same date of birth, come first:

    >>> [(m.reference, m.person.name, m.kind) for m in find_people(store, "siobhan")]
    [('EH-2026-0107', 'Siobhán Ní Bhriain', <MatchKind.POSSIBLE: 'possible'>)]
    >>> find_families(store, PersonQuery(first_name="Jaden", last_name="Walsh",
    ...                                  date_of_birth=date(2018, 5, 1)))[0].reasons
    ('name one letter different', 'same date of birth')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from tac import names
from tac.dates import parse_form_date
from tac.errors import InvalidInput
from tac.models import Family, FamilyStatus, Person
from tac.models.people import nhs_number_problem
from tac.store import Store

CANDIDATES = 200
"""At most this many families are read to be compared, found by their words (those with the
same NHS number or date of birth always are)."""


class MatchKind(StrEnum):
    SAME_PERSON = "same_person"
    POSSIBLE = "possible"
    FOUND = "found"


MATCH_KIND_LABELS: dict[MatchKind, str] = {
    MatchKind.SAME_PERSON: "Same person",
    MatchKind.POSSIBLE: "Possible match: check",
    MatchKind.FOUND: "Found",
}

_ORDER = {MatchKind.SAME_PERSON: 0, MatchKind.POSSIBLE: 1, MatchKind.FOUND: 2}
_DATE = re.compile(r"(?<![\d/.-])(\d{1,2}[/.]\d{1,2}[/.]\d{4}|\d{4}-\d{2}-\d{2})(?![\d/.-])")
_NHS = re.compile(r"(?<!\d)(\d{3}[ -]?\d{3}[ -]?\d{4})(?!\d)")


@dataclass(frozen=True)
class PersonQuery:
    """What is known of someone a referral is about; leave empty what is not known.

    `text` is words as typed in a search box: names, a reference, postcode, address or
    school; a date in it (DD/MM/YYYY or ISO) is read as a date of birth, ten digits with a
    sound check digit as an NHS number. With `text` of two words or more, the first is taken
    as the first name and the rest as the surname when deciding "the same name".
    """

    text: str = ""
    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    nhs_number: str = ""
    postcode: str = ""


@dataclass(frozen=True)
class Match:
    """A family found, the person in it who matched (None: the family's reference, postcode,
    address or school did), how sure the match is, and why, in words to show: "same NHS
    number", "same name", "name one letter different", "name matches", "same date of birth",
    "same postcode", "reference matches", "address matches"...)."""

    family: Family
    person: Person | None
    kind: MatchKind
    reasons: tuple[str, ...]
    last_referral_on: date | None = None
    rank: tuple = field(default=(), repr=False, compare=False)

    @property
    def reference(self) -> str:
        return self.family.reference

    @property
    def family_name(self) -> str:
        """`Walsh family`: the family's name without its reference."""
        return self.family.display_name().removeprefix(self.family.reference).strip()

    @property
    def status(self) -> FamilyStatus:
        return self.family.status

    @property
    def level(self) -> int | None:
        return self.family.level


@dataclass(frozen=True)
class _Query:
    """A `PersonQuery` in plain words, read once."""

    words: tuple[str, ...]
    first: tuple[str, ...]
    last: tuple[str, ...]
    born_on: date | None
    nhs_number: str
    postcode: str

    @property
    def name_words(self) -> tuple[str, ...]:
        return self.first + self.last


def _read(query: PersonQuery | str) -> _Query:
    if isinstance(query, str):
        query = PersonQuery(text=query)
    text, born_on, nhs_number = query.text, query.date_of_birth, query.nhs_number
    for found in _DATE.finditer(text):
        try:
            day = parse_form_date(found.group(1))
        except InvalidInput:
            continue  # not a real date: left as words, which will find nothing
        born_on = born_on or day
        text = text.replace(found.group(1), " ")
    for found in _NHS.finditer(text):
        if nhs_number_problem(found.group(1)) is None:
            nhs_number = nhs_number or found.group(1)
            text = text.replace(found.group(1), " ")
    nhs_number = "".join(nhs_number.replace("-", " ").split())
    if nhs_number and nhs_number_problem(nhs_number):
        nhs_number = ""  # a number still being typed, or mistyped: nothing to compare
    first, last = tuple(names.words(query.first_name)), tuple(names.words(query.last_name))
    typed = tuple(names.words(text))
    if not (typed or first or last or born_on or nhs_number):
        typed = tuple(names.words(query.postcode))  # only a postcode: the families there
    if not first and not last and len(typed) >= 2:
        first, last = typed[:1], typed[1:]
    return _Query(
        words=tuple(dict.fromkeys(first + last + typed)),
        first=first,
        last=last,
        born_on=born_on,
        nhs_number=nhs_number,
        postcode=names.key(query.postcode),
    )


# -- comparing one person --------------------------------------------------------------------


def _hit(word: str, known: Iterable[str]) -> str | None:
    """How `word` matches one of `known`: "exact", "prefix", "slip", or None."""
    known = set(known)
    if word in known:
        return "exact"
    if any(k.startswith(word) for k in known):
        return "prefix"
    if any(names.one_slip(word, k) for k in known):
        return "slip"
    return None


def _family_fields(family: Family) -> dict[str, set[str]]:
    return {
        "reference": set(names.search_words(family.reference).split()),
        "postcode": set(names.search_words(family.postcode).split()),
        "address": set(names.search_words(family.address).split()),
        "school or setting": {
            w for p in family.people for w in names.search_words(p.school_or_setting).split()
        },
        "family member": {w for p in family.people for w in names.search_words(p.name).split()},
    }


def matches_in(
    family: Family, query: PersonQuery | str, last_referral_on: date | None = None, sure_only: bool = False
) -> list[Match]:
    """The people of `family` that `query` matches, best first; or, when none does but every
    word is in the family's reference, postcode, address or schools, one match with no
    person. Empty when the family does not match. `sure_only`: only the same person or a
    possible match (what an import asks), found faster."""
    return _matches_in(family, _read(query), last_referral_on, sure_only)


def _matches_in(family: Family, query: _Query, last_referral_on: date | None, sure_only: bool) -> list[Match]:
    fields = _FamilyWords(family)
    found = []
    for position, person in enumerate(family.people):
        match = _compare(query, family, person, position, fields, last_referral_on, sure_only)
        if match:
            found.append(match)
    if found or not query.words or sure_only:
        return sorted(found, key=lambda m: m.rank)
    reasons = []
    for word in query.words:
        where = [name for name, known in fields.by_field.items() if _hit(word, known)]
        if not where:
            return []
        reasons += [f"{name} matches" for name in where[:1] if f"{name} matches" not in reasons]
    rank = (1, 1, _ORDER[MatchKind.FOUND], 0, 0, 0, family.reference, 0)
    return [Match(family, None, MatchKind.FOUND, tuple(reasons), last_referral_on, rank)]


class _FamilyWords:
    """A family's words by where they are (reference, postcode...), worked out when asked."""

    def __init__(self, family: Family):
        self.family = family
        self._by_field: dict[str, set[str]] | None = None

    @property
    def by_field(self) -> dict[str, set[str]]:
        if self._by_field is None:
            self._by_field = _family_fields(self.family)
        return self._by_field


def _compare(
    query: _Query,
    family: Family,
    person: Person,
    position: int,
    fields: _FamilyWords,
    last_referral_on: date | None,
    sure_only: bool,
) -> Match | None:
    verdict = _judge(query, _Someone(family.reference, family.postcode, position, person.name,
                                     person.date_of_birth, person.nhs_number), fields, sure_only)
    if verdict is None:
        return None
    kind, reasons, rank = verdict
    return Match(family, person, kind, reasons, last_referral_on, rank)


class _Someone(NamedTuple):
    """What deciding a match needs of a person and their family."""

    reference: str
    postcode: str
    position: int
    name: str
    date_of_birth: date | None
    nhs_number: str


def _judge(
    query: _Query, someone: _Someone, fields: _FamilyWords | None, sure_only: bool
) -> tuple[MatchKind, tuple[str, ...], tuple] | None:
    """How sure a match `someone` is for `query`, why, and its rank; None if no match.
    `fields` (the family's other words) is asked only for a match by words typed."""
    same_nhs = bool(query.nhs_number) and someone.nhs_number == query.nhs_number
    other_nhs = bool(query.nhs_number and someone.nhs_number) and not same_nhs
    same_birth = query.born_on is not None and someone.date_of_birth == query.born_on
    same_name = names.same_name(query.first, query.last, names.words(someone.name))
    if sure_only and not (same_nhs or same_birth or same_name):
        return None  # neither the same person nor possibly so, whatever the words
    same_postcode = bool(query.postcode) and names.key(someone.postcode) == query.postcode
    own_words = set(names.search_words(someone.name).split())
    hits = {word: _hit(word, own_words) for word in query.words}
    exact = sum(1 for h in hits.values() if h == "exact")
    prefix = sum(1 for h in hits.values() if h == "prefix")
    slipped = sum(1 for h in hits.values() if h == "slip")
    near_name = bool(query.name_words) and all(
        hits.get(w) in ("exact", "slip") for w in query.name_words
    )

    if same_nhs or (same_name and same_birth and not other_nhs):
        kind = MatchKind.SAME_PERSON
    elif same_name or (same_birth and (same_postcode or near_name)):
        kind = MatchKind.POSSIBLE
    elif sure_only or fields is None:
        return None
    else:
        kind = MatchKind.FOUND
        if not query.words:
            if not same_birth:
                return None
        elif not (exact or prefix or slipped) or not all(
            hits[w] or any(_hit(w, known) for known in fields.by_field.values()) for w in query.words
        ):
            return None

    reasons = []
    if same_nhs:
        reasons.append("same NHS number")
    if same_name:
        reasons.append("same name")
    elif exact or prefix or slipped:
        reasons.append("name one letter different" if slipped else "name matches")
    if same_birth:
        reasons.append("same date of birth")
    if same_postcode:
        reasons.append("same postcode")
    rank = (
        0 if same_nhs else 1,
        0 if same_birth else 1,
        _ORDER[kind],
        -exact,
        -prefix,
        slipped,
        someone.reference,
        someone.position,
    )
    return kind, tuple(reasons), rank


# -- searching the store ----------------------------------------------------------------------


def find_people(store: Store, query: PersonQuery | str, limit: int = 50) -> list[Match]:
    """Everyone known who matches `query` (words typed, or a `PersonQuery`), best first:
    the same NHS number, then the same date of birth, then the surest and closest names.
    Each match carries the person, their family (status, level, history), the date of the
    family's last referral, how sure it is and why."""
    read = _read(query)
    candidates = _search_candidates(store, read, 2 * limit)
    found = [m for m in _compare_all(store, [read], [candidates])[0] if m.person is not None]
    return found[:limit]


def find_families(store: Store, query: PersonQuery | str, limit: int = 50) -> list[Match]:
    """The families `query` matches, best first, each once with the person in it who matched
    best (or no person, when its reference, postcode, address or school did)."""
    read = _read(query)
    candidates = _search_candidates(store, read, 2 * limit)
    found, seen = [], set()
    for match in _compare_all(store, [read], [candidates])[0]:
        if match.family.id not in seen:
            seen.add(match.family.id)
            found.append(match)
    return found[:limit]


def same_or_possible(store: Store, queries: Sequence[PersonQuery], keep: int = 5) -> list[list[Match]]:
    """For each query, the people known who are the same person or possibly so, best first:
    everyone who is the same person, and the `keep` likeliest possible matches (a common
    name can be shared by dozens). For many people at once (an import): the store is asked
    once per kind of question, and only the families matched are read whole."""
    read = [_read(q) for q in queries]
    births = store.members_born_on(q.born_on for q in read if q.born_on)
    numbers = store.families_with_nhs_numbers(q.nhs_number for q in read)
    by_words = [_same_name_candidates(store, q) for q in read]
    candidates = []
    for query, worded in zip(read, by_words, strict=True):
        ids = list(numbers.get(query.nhs_number, []))
        # Someone born the same day counts only with the same postcode or a name as close
        # as one slip a word: anyone else is not a possible match, and is not compared.
        for family_id, name, postcode in births.get(query.born_on, []) if query.born_on else []:
            if (query.postcode and names.key(postcode) == query.postcode) or _close_name(query, name):
                ids.append(family_id)
        candidates.append(list(dict.fromkeys(ids + worded)))
    members = store.members_of({i for ids in candidates for i in ids})
    verdicts = []
    for query, ids in zip(read, candidates, strict=True):
        found = []
        for family_id in ids:
            for row in members.get(family_id, []):
                someone = _Someone(row.reference, row.postcode, row.position, row.name,
                                   row.date_of_birth, row.nhs_number)
                verdict = _judge(query, someone, None, sure_only=True)
                if verdict:
                    found.append((verdict, family_id, row.position))
        found.sort(key=lambda item: item[0][2])
        same = [f for f in found if f[0][0] is MatchKind.SAME_PERSON]
        possible = [f for f in found if f[0][0] is MatchKind.POSSIBLE][:keep]
        verdicts.append(sorted(same + possible, key=lambda item: item[0][2]))
    families = {f.id: f for f in store.families_by_id(i for found in verdicts for _, i, _ in found)}
    last = store.last_referral_dates(families)
    return [
        [
            Match(families[i], families[i].people[position], kind, reasons, last.get(i), rank)
            for (kind, reasons, rank), i, position in found
            if i in families and position < len(families[i].people)
        ]
        for found in verdicts
    ]


def _same_name(query: _Query, name: str) -> bool:
    return names.same_name(query.first, query.last, names.words(name))


def _close_name(query: _Query, name: str) -> bool:
    own = set(names.search_words(name).split())
    return _same_name(query, name) or (
        bool(query.name_words) and all(_hit(w, own) in ("exact", "slip") for w in query.name_words)
    )


def _same_name_candidates(store: Store, query: _Query) -> list[str]:
    """Families with someone who may have the same name: the first name's first word (or all
    of it run together) and every word of the surname (or all of it run together)."""
    if not query.last:
        return []
    first = [[query.first[0], "".join(query.first)]] if query.first else []
    ids = store.family_ids_matching([*first, *([w] for w in query.last)], limit=None)
    if len(query.last) > 1:
        ids += store.family_ids_matching([*first, ["".join(query.last)]], limit=None)
    return ids


def _search_candidates(store: Store, query: _Query, limit: int) -> list[str]:
    """The families worth comparing with what is being typed: someone with the same NHS
    number or date of birth, and families with every word as typed so far (or one slip from
    it), at most CANDIDATES of those."""
    ids = store.family_ids_with_member(born_on=query.born_on, nhs_number=query.nhs_number or None)
    groups = [[f"{w}*", *sorted(names.slips(w))] for w in query.words]
    ids += store.family_ids_matching(groups, limit=min(limit, CANDIDATES))
    return list(dict.fromkeys(ids))


def _compare_all(
    store: Store, queries: list[_Query], candidates: list[list[str]], sure_only: bool = False
) -> list[list[Match]]:
    families = {f.id: f for f in store.families_by_id(i for ids in candidates for i in ids)}
    last = store.last_referral_dates(families)
    results = []
    for query, ids in zip(queries, candidates, strict=True):
        found = []
        for family_id in ids:
            family = families.get(family_id)
            if family is not None:
                found += _matches_in(family, query, last.get(family_id), sure_only)
        results.append(sorted(found, key=lambda m: m.rank))
    return results
