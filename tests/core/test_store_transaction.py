"""Several saves as one: `Store.transaction()` keeps all of them or none, audit included."""

from __future__ import annotations

import pytest

from tac.errors import InvalidInput
from tac.models import Agency, Professional
from tac.store import Store


def count_everything(store: Store) -> tuple[int, int, int]:
    return store.count("agencies"), store.count("professionals"), store.count("audit_log")


def test_saves_in_a_transaction_are_kept_together(store):
    with store.transaction():
        school = store.save(Agency(name="Oakfield Primary School", kind="school"))
        store.save(Professional(name="Sam Okafor", agency_id=school.id))
    assert count_everything(store) == (1, 1, 2)


def test_a_fault_half_way_keeps_none_of_it_not_even_the_audit(store):
    before = count_everything(store)
    with pytest.raises(RuntimeError), store.transaction():
        store.save(Agency(name="Oakfield Primary School", kind="school"))
        store.save(Professional(name="Sam Okafor"))
        raise RuntimeError("the laptop's battery gave out")
    assert count_everything(store) == before
    assert store.audit_trail() == []


def test_a_refused_save_inside_keeps_the_earlier_ones_only_if_the_caller_carries_on(store):
    with store.transaction():
        store.save(Agency(name="Oakfield Primary School", kind="school"))
        with pytest.raises(InvalidInput):
            store.save(Professional(name="Sam Okafor", agency_id="no-such-agency"))
    # The refused save left nothing half-written; the one before it stands.
    assert count_everything(store) == (1, 0, 1)


def test_another_connection_sees_nothing_until_the_transaction_ends(store, tmp_path):
    other = Store.open(tmp_path / "tac.db", actor="Sam Okafor")
    try:
        with store.transaction():
            store.save(Agency(name="Oakfield Primary School", kind="school"))
            assert other.agencies() == []
        assert [a.name for a in other.agencies()] == ["Oakfield Primary School"]
    finally:
        other.close()
