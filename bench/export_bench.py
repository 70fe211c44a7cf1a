"""How fast the Word exports are, against python-docx building the same document by hand.

    python bench/export_bench.py [--families 1000] [--repeat 40]

Prints two figures, each with its target:
1. one TAC minutes document through TAC's template, as a ratio to python-docx writing
   the same content directly (same fields, same tables), in the same run: under 1.5;
2. family plans for 1,000 families on every core (demo data, through the store as
   `tac export batch` does): under 30 seconds.
"""

from __future__ import annotations

import argparse
import io
import itertools
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tac.demo import build_demo  # noqa: E402
from tac.export.batch import export_papers  # noqa: E402
from tac.export.documents import tac_minutes  # noqa: E402
from tac.export.fields import tac_minutes_fields  # noqa: E402
from tac.export.files import write_new  # noqa: E402
from tac.export.gather import batch_papers, directory  # noqa: E402
from tac.export.papers import FamilyPlanPapers, TacMeetingPapers  # noqa: E402
from tac.store import Store  # noqa: E402

TODAY = date(2026, 3, 3)


def _table(document, headings, rows):
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    header = OxmlElement("w:tblHeader")
    table.rows[0]._tr.get_or_add_trPr().append(header)
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = heading
    for row in rows or [["None recorded"] * len(headings)]:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


def _bullets(document, items):
    for item in items or ["None recorded"]:
        document.add_paragraph(item, style="List Bullet")


def python_docx_minutes(fields: dict) -> bytes:
    """The same minutes as tac-minutes.docx, built with python-docx calls, no template."""
    document = Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "OFFICIAL-SENSITIVE"
    header.add_paragraph(f"{fields['title']} | {fields['reference']}")
    footer = document.sections[0].footer.paragraphs[0]
    for kind in ("begin", "separate", "end"):
        node = OxmlElement("w:fldChar")
        node.set(qn("w:fldCharType"), kind)
        footer.add_run()._r.append(node)
    document.add_heading(fields["title"], 0)
    meeting = fields["meeting"]
    _table(document, ["Family reference", fields["reference"]], [
        ["Date", meeting["held_on"]], ["Chair", meeting["chair"]],
        ["Lead professional", (fields["lead"] or {}).get("name", "")]])
    document.add_heading("The family", 1)
    _table(document, ["Name", "Relationship", "Date of birth", "School"],
           [[p["name"], p["relationship"], p["date_of_birth"], p["setting"]]
            for p in fields["family"]["people"]])
    document.add_heading("Attendance", 1)
    _table(document, ["Name", "Role and agency", "Attendance", "Update"],
           [[a["name"], a["role"], a["status"], a["report"]] for a in fields["attendance"]])
    document.add_heading("Consent to share information", 1)
    document.add_paragraph(f"Confirmed at this meeting: {fields['consent']['confirmed']}")
    document.add_heading("The family's views", 1)
    document.add_paragraph(fields["family_voice"] or "None recorded")
    document.add_heading("The children's views", 1)
    for child in fields["child_voices"]:
        document.add_heading(child["name"], 2)
        for label in ("worries", "good_things", "dreams"):
            document.add_paragraph(f"{label}: {child[label]}")
    document.add_heading("Review of the last plan", 1)
    _table(document, ["Action", "Who", "By when", "Done?", "Comment"],
           [[r["what"], r["who"], r["due_on"], r["outcome"], r["note"]]
            for r in fields["action_reviews"]])
    document.add_heading("Signs of Safety assessment", 1)
    for heading, key in (("What's working well?", "working_well"),
                         ("What are we worried about?", "worries"),
                         ("What needs to happen?", "next_steps")):
        document.add_heading(heading, 2)
        _bullets(document, [i["text"] for i in fields[key]])
    document.add_heading("Danger statements", 2)
    _bullets(document, [s["text"] for s in fields["danger_statements"]])
    document.add_heading("Safety goals", 2)
    _bullets(document, [g["text"] for g in fields["safety_goals"]])
    document.add_heading("Scaling", 1)
    _table(document, ["Who", "Today", "Last time", "Why"],
           [[s["name"], s["score"], s["previous"], s["reason"]] for s in fields["scaling"]])
    document.add_heading("Action plan", 1)
    _table(document, ["What will be done", "Who", "By when", "How we will know"],
           [[a["what"], a["who"], a["due_on"], a["success_measure"]] for a in fields["actions"]])
    document.add_heading("Next review", 1)
    document.add_paragraph(fields["next_review_on"] or "None recorded")
    document.add_heading("Distribution", 1)
    _bullets(document, fields["distribution"])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _timed(work, repeat: int) -> float:
    """Median seconds of `repeat` runs of `work`."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        print(f"building {args.families} demo families...", file=sys.stderr)
        with Store.open(folder / "bench.db", actor="Benchmark", create=True) as store:
            store.load(build_demo(families=args.families, seed=1, today=TODAY), note="bench")
            started = time.perf_counter()
            papers, _ = batch_papers(store)
            people = directory(store)
            gathered = time.perf_counter() - started

        minutes = [p for p in papers if isinstance(p, TacMeetingPapers)]
        # The fullest review meeting: the document most like a three-page set of minutes.
        sample = max(minutes, key=lambda p: len(p.meeting.attendance) + len(p.meeting.assessment))
        fields = tac_minutes_fields(sample, people, author="Benchmark", today=TODAY)
        tac_minutes(sample, people, today=TODAY)  # compile the template once, as a batch does
        ours = _timed(lambda: write_new(folder, "ours.docx",
                                        tac_minutes(sample, people, today=TODAY)), args.repeat)
        direct = _timed(lambda: write_new(folder, "direct.docx", python_docx_minutes(fields)),
                        args.repeat)
        ratio = ours / direct
        print(f"one TAC minutes: {ours * 1000:.1f} ms through the template, "
              f"{direct * 1000:.1f} ms with python-docx directly: ratio {ratio:.2f} "
              f"(target under 1.5) {'ok' if ratio < 1.5 else 'OVER'}")

        plans = [p for p in papers if isinstance(p, FamilyPlanPapers)]
        batch = list(itertools.islice(itertools.cycle(plans), args.families))
        out = folder / "plans"
        out.mkdir()
        cores = os.cpu_count() or 1
        started = time.perf_counter()
        export_papers(batch, people, out, author="Benchmark", today=TODAY)
        seconds = time.perf_counter() - started
        print(f"{len(batch)} family plans on {cores} cores: {seconds:.1f} s "
              f"({seconds / len(batch) * 1000:.1f} ms each; {len(plans)} distinct open "
              f"families with a plan; store read in {gathered:.1f} s) "
              f"(target under 30 s) {'ok' if seconds < 30 else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
