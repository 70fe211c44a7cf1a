"""Each kind of document opens in a second word processor: LibreOffice turns it into a PDF."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tac.export import family_plan, screening_minutes, tac_minutes

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed, so the documents cannot be "
    "converted to PDF here; install libreoffice-writer to run this check",
)


def test_every_kind_converts_to_pdf(tmp_path, minutes_papers, plan_papers, screening_papers,
                                    directory):
    documents = {
        "minutes.docx": tac_minutes(minutes_papers, directory, author="Helen Marsh"),
        "plan.docx": family_plan(plan_papers, directory, author="Helen Marsh"),
        "screening.docx": screening_minutes(screening_papers, directory, author="Helen Marsh"),
    }
    for name, content in documents.items():
        (tmp_path / name).write_bytes(content)
    # A profile of its own, so a LibreOffice the user has open does not swallow the job.
    profile = (tmp_path / "profile").as_uri()
    completed = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "pdf"), *(str(tmp_path / n) for n in documents)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    for name in documents:
        pdf = tmp_path / "pdf" / name.replace(".docx", ".pdf")
        assert pdf.exists(), f"{name} did not convert: {completed.stdout} {completed.stderr}"
        assert pdf.read_bytes().startswith(b"%PDF")
        assert pdf.stat().st_size > 5_000
