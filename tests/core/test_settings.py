"""A council's settings: one object, read from the store, checked before it is saved."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tac.errors import InvalidInput
from tac.settings import Settings


def test_a_council_that_chose_nothing_works_to_the_defaults(store):
    assert store.settings() == Settings()
    assert (Settings().review_interval_weeks, Settings().due_soon_days,
            Settings().screening_wait_working_days, Settings().templates_dir) == (6, 7, 1, "")


def test_each_choice_a_council_makes_is_read_back_together_with_the_defaults(store):
    store.set_setting("review_interval_weeks", 8)
    store.set_setting("due_soon_days", 14)
    assert store.settings() == Settings(review_interval_weeks=8, due_soon_days=14)


def test_a_value_a_setting_cannot_take_is_refused_and_nothing_is_saved(store):
    with pytest.raises(InvalidInput, match="review_interval_weeks: give a number from 1 to 26"):
        store.set_setting("review_interval_weeks", 99)
    with pytest.raises(InvalidInput, match="there is no setting called colour"):
        store.set_setting("colour", "blue")
    assert store.settings() == Settings()
    assert store.audit_trail("review_interval_weeks") == []


def test_typed_values_are_checked_with_a_message_saying_what_to_type():
    assert Settings.parse("due_soon_days", "10") == 10
    assert Settings.parse("screening_wait_working_days", "0") == 0
    assert Settings.parse("templates_dir", "  ~/council  ") == "~/council"
    with pytest.raises(InvalidInput, match="due_soon_days: 'ten' is not a whole number"):
        Settings.parse("due_soon_days", "ten")
    with pytest.raises(InvalidInput, match="due_soon_days: give a number from 1 to 60"):
        Settings.parse("due_soon_days", "0")


def test_a_stored_value_tac_cannot_use_says_how_to_set_it_again(store):
    with sqlite3.connect(store.path) as other:  # as if edited outside TAC
        other.execute("INSERT INTO settings (key, value) VALUES ('due_soon_days', ?)",
                      (json.dumps(500),))
    with pytest.raises(InvalidInput, match="tac setting due_soon_days VALUE"):
        store.settings()


def test_a_setting_tac_no_longer_has_is_passed_over(store):
    with sqlite3.connect(store.path) as other:
        other.execute("INSERT INTO settings (key, value) VALUES ('colour', ?)",
                      (json.dumps("blue"),))
    assert store.settings() == Settings()
