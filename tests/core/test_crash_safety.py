"""A writer killed with SIGKILL mid-stream loses nothing it said it had saved."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

from tac.models import Agency
from tac.store import Store

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date
    from tac.models import Agency, Family, Person
    from tac.store import Store

    store = Store.open(sys.argv[1], actor="Writer")
    number = 0
    while True:
        number += 1
        agency = store.save(Agency(name=f"Agency {number}", kind="voluntary"))
        family = store.save(Family(reference=f"EH-2026-{number:04d}",
                                   people=[Person(name=f"Child {number}", role="child")]))
        family.address = f"{number} Long Road"
        store.save(family)
        print(agency.id, family.id, flush=True)
    """
)


def test_sigkill_during_writes_leaves_a_sound_database_with_every_reported_write(tmp_path):
    path = tmp_path / "tac.db"
    Store.open(path, actor="setup").close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    reported: list[tuple[str, str]] = []
    deadline = time.monotonic() + 20
    while len(reported) < 40 and time.monotonic() < deadline:
        line = writer.stdout.readline()
        if line:
            reported.append(tuple(line.split()))
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    assert len(reported) >= 40, "the writer did not get going"

    check = subprocess.run(
        [sys.executable, "-m", "tac.cli", "--db", str(path), "check"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "sound" in check.stdout

    with Store.open(path, actor="after") as store:
        for agency_id, family_id in reported:
            assert store.get(Agency, agency_id).kind == "voluntary"
            from tac.models import Family

            family = store.get(Family, family_id)
            assert family.address.endswith("Long Road")
            assert family.version == 2
        audited = {e.record_id for e in store.audit_trail(limit=100_000)}
        assert {a for a, _ in reported} <= audited
