from __future__ import annotations

import pytest

from tac.store import Store

from .front_door import fill


@pytest.fixture
def store(tmp_path):
    opened = Store.open(tmp_path / "tac.db", actor="Priya Shah")
    yield opened
    opened.close()


@pytest.fixture
def front_door(store):
    """The store holding the known families of tests/core/front_door.py."""
    return fill(store)
