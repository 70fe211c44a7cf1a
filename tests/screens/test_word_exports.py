"""Word documents from the app: a family's plan and minutes by key, and a batch with progress."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from textual.widgets import Input, ProgressBar, RichLog, Static

from screens.batch_export import BatchExportScreen
from tac import rules
from tac.models import FamilyStatus
from tests.screens.conftest import settle


def family_with_a_plan(store):
    return next(
        f for f in store.families()
        if f.status is FamilyStatus.OPEN and rules.latest_meeting(store.tac_meetings(family_id=f.id))
    )


async def test_w_on_a_family_writes_its_plan_and_n_its_minutes(app_factory, demo_store, tmp_path,
                                                                 monkeypatch):
    monkeypatch.chdir(tmp_path)
    family = family_with_a_plan(demo_store)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_open_family(family.id)
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
    written = sorted((tmp_path / "exports").glob("*.docx"))
    names = [p.name for p in written]
    assert any("family plan" in n and family.reference in n for n in names), names
    assert any("TAC minutes" in n and family.reference in n for n in names), names
    assert any("written to" in m and "family plan" in m for m in messages)
    plan = Document(next(p for p in written if "family plan" in p.name))
    header = " ".join(p.text for p in plan.sections[0].header.paragraphs)
    assert "OFFICIAL-SENSITIVE" in header


async def test_batch_export_refuses_a_bad_date_then_writes_with_progress(app_factory, tmp_path):
    out = tmp_path / "batch"
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("x")  # from home
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BatchExportScreen)
        screen.query_one("#out", Input).value = str(out)
        await pilot.press(*"31/02/2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = screen.query_one("#since-error", Static)
        assert "31/02/2026 is not a real date" in str(error.content)
        assert not out.exists()

        screen.query_one("#since", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        for _ in range(600):
            if not screen.running:
                break
            await pilot.pause(0.1)
        status = str(screen.query_one("#status", Static).content)
        bar = screen.query_one("#progress", ProgressBar)
        logged = screen.query_one("#written", RichLog).lines
    written = list(out.glob("*.docx"))
    assert len(written) >= 10, status
    assert f"{len(written)} documents written" in status
    assert bar.progress == bar.total == len(written)
    assert len(logged) >= len(written)


def _open_batch_screen(out):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.app.push_screen(BatchExportScreen(out=out))
        await settle(pilot)

    return run_before


def test_snapshot_batch_export(app_factory, snap_compare):
    assert snap_compare(app_factory(), terminal_size=(100, 30),
                        run_before=_open_batch_screen(Path("/srv/tac/exports")))


def test_snapshot_batch_export_refuses_a_date_that_is_not_one(app_factory, snap_compare):
    opened = _open_batch_screen(Path("/srv/tac/exports"))

    async def run_before(pilot):
        await opened(pilot)
        await pilot.press(*"next week", "ctrl+s")
        await settle(pilot)

    assert snap_compare(app_factory(), terminal_size=(100, 30), run_before=run_before)


async def test_t_on_a_stepped_up_family_writes_its_transfer_summary(app_factory, demo_store,
                                                                    tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    family = next(f for f in demo_store.families(FamilyStatus.STEPPED_UP)
                  if demo_store.step_ups(f.id))
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_open_family(family.id)
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
    [summary] = (tmp_path / "exports").glob("*.docx")
    assert "transfer summary" in summary.name and family.reference in summary.name
    document = Document(summary)
    assert "OFFICIAL-SENSITIVE" in " ".join(p.text for p in document.sections[0].header.paragraphs)
    body = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert all(event.summary in body for event in demo_store.chronology(family.id))
