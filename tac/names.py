"""How TAC compares names: ignoring accents, case, hyphens and apostrophes, and forgiving
one slip of a letter.

A name is compared by its plain words: letters folded to their unaccented lower case, split
wherever the name has a space, hyphen or other mark, apostrophes dropped inside the word:

    >>> words("Siobhán Ní Bhriain")
    ['siobhan', 'ni', 'bhriain']
    >>> words("Zoë O'Connor-Wiśniewski")
    ['zoe', 'oconnor', 'wisniewski']

The families list and `tac find` search `search_words`, which keeps each joined-up word and
its parts, so that "OConnor", "O'Connor" and "Connor" all find O'Connor:

    >>> search_words("Zoë O'Connor-Wiśniewski")
    'zoe oconnor wisniewski o connor oconnorwisniewski'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

# Letters that carry their mark inside them, so Unicode cannot take it off.
_FOLDS = str.maketrans({
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH", "ı": "i",
})
_APOSTROPHES = re.compile(r"['’‘ʼ`´]")
_WORD = re.compile(r"[^\W_]+")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"

SLIP_MIN_LENGTH = 4
"""A name typed with at least this many letters may have one letter wrong, missing or extra."""


def family_search_text(reference: str, other: str) -> str:
    """The words a family is found by: its reference's parts (`EH-2026-0042`: eh, 2026,
    0042) and the `search_words` of the rest (postcode, address, names, schools)."""
    return " ".join(dict.fromkeys([*words(reference), *search_words(other).split()]))


def plain(text: str) -> str:
    """`text` without accents, in lower case, apostrophes dropped: `O'Brién` -> `obrien`."""
    return _APOSTROPHES.sub("", _unaccented(text))


@lru_cache(maxsize=65_536)  # the same names and schools come round again and again
def _unaccented(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_FOLDS))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def words(text: str) -> list[str]:
    """The plain words of `text`, split at spaces, hyphens and other marks."""
    return list(_words(text))


@lru_cache(maxsize=65_536)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(plain(text)))


def key(text: str) -> str:
    """One string standing for a name however it is spaced or hyphenated:
    `Anne-Marie`, `Anne Marie` and `AnneMarie` all give `annemarie`."""
    return "".join(words(text))


@lru_cache(maxsize=65_536)
def search_words(text: str) -> str:
    """The words the full-text index keeps for `text`, each once: each plain word, and for
    a word joined by a hyphen or apostrophe both its parts and the whole."""
    found: list[str] = []
    joined: list[str] = []
    for chunk in text.split():
        parts = _WORD.findall(_APOSTROPHES.sub(" ", _unaccented(chunk)))
        whole = words(chunk)
        found += whole
        if len(parts) > 1 or len(whole) > 1:
            joined += [p for p in parts if p not in whole]
            if len(whole) > 1:
                joined.append("".join(whole))
    return " ".join(dict.fromkeys(found + joined))


def one_slip(typed: str, known: str) -> bool:
    """True when `known` is `typed` with exactly one letter changed, missing or extra
    (edit distance 1), and `typed` is long enough to forgive it."""
    if len(typed) < SLIP_MIN_LENGTH or typed == known:
        return False
    if abs(len(typed) - len(known)) > 1:
        return False
    if len(typed) == len(known):
        return sum(a != b for a, b in zip(typed, known, strict=True)) == 1
    shorter, longer = sorted((typed, known), key=len)
    for n, ch in enumerate(shorter):
        if ch != longer[n]:
            return shorter[n:] == longer[n + 1 :]
    return True


def slips(typed: str) -> set[str]:
    """Every word one letter away from `typed` (a letter changed, dropped or added): the
    words `one_slip` would forgive, for looking them up in the index. Empty for short words
    and for numbers."""
    if len(typed) < SLIP_MIN_LENGTH or not typed.isalpha() or not typed.isascii():
        return set()
    found = set()
    for n in range(len(typed) + 1):
        head, tail = typed[:n], typed[n:]
        if tail:
            found.add(head + tail[1:])
            found.update(head + ch + tail[1:] for ch in _LETTERS)
        found.update(head + ch + tail for ch in _LETTERS)
    found.discard(typed)
    return found


def same_name(first: Sequence[str], last: Sequence[str], name: Iterable[str]) -> bool:
    """True when a person called `name` (plain words) has the first name(s) `first` and the
    surname `last`, however they are spaced or hyphenated, with or without middle names:
    `["jayden"], ["walsh"]` is the same name as `["jayden", "lee", "walsh"]`."""
    first_key, last_key = "".join(first), "".join(last)
    parts = list(name)
    if not first_key and not last_key:
        return False
    if not first_key or not last_key:
        return "".join(parts) == first_key + last_key
    heads = {"".join(parts[:n]): n for n in range(1, len(parts) + 1)}
    tails = {"".join(parts[n:]): n for n in range(len(parts) - 1, -1, -1)}
    return first_key in heads and last_key in tails and heads[first_key] <= tails[last_key]
