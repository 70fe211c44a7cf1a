"""Filling a Word template with a document's fields, safely and fast.

The templates are ordinary .docx files holding docxtpl tags, so an administrator can
restyle them in Word. Three things are ours on top of docxtpl:

- what people typed is only ever printed: values are escaped for XML, characters XML
  cannot hold are dropped, and docxtpl's own escape sequences are neutralised, so a worry
  written as `{{ 7*7 }}` prints as typed;
- templates run sandboxed, so a template from an administrator's folder cannot reach
  into Python;
- each template is compiled once per process, not once per document (the difference
  between a batch of 1,000 plans taking one minute or half of one).
"""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import Template
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import escape

from tac.dates import long_date
from tac.errors import NotFound

TEMPLATE_FILES = {
    "tac_minutes": "tac-minutes.docx",
    "family_plan": "family-plan.docx",
    "closing_letter": "closing-letter.docx",
    "screening_minutes": "screening-minutes.docx",
    "transfer_summary": "transfer-summary.docx",
    "oversight_report": "oversight-report.docx",
}
"""Which file each kind of document is made from."""

# XML 1.0 cannot hold these at all: C0 controls bar tab and newline, lone surrogates and
# the two non-characters. C1 controls are legal but Word misbehaves on them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# docxtpl turns `{_{` into `{{` (and the like) after rendering; an underscore written as a
# character reference survives that, so typed text prints exactly as typed.
_DOCXTPL_ESCAPES = re.compile(r"\{_|_\}|%_|_%")


def printable(text: str) -> str:
    """Text that Word can hold: carriage returns become newlines, illegal characters go."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _as_xml_text(value: Any) -> str:
    """How every `{{ value }}` is printed: as text, whatever it contains.

    This runs on every value a template prints (Jinja's `finalize`), so escaping here
    rather than through autoescape leaves no way round it: `|safe` changes nothing.
    """
    if value is None:
        return ""
    if isinstance(value, date) and not isinstance(value, datetime):
        value = long_date(value)
    escaped = str(escape(printable(str(value))))
    escaped = _DOCXTPL_ESCAPES.sub(lambda m: m.group().replace("_", "&#95;"), escaped)
    # A value is printed inside a run's text (<w:t>): a typed line break or tab becomes
    # Word's own, between two pieces of text in the same run.
    if "\n" in escaped:
        escaped = escaped.replace("\n", _BREAK)
    if "\t" in escaped:
        escaped = escaped.replace("\t", _TAB)
    return escaped


_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'


class _Template(DocxTemplate):
    """docxtpl, minus two costs that do not change from one document to the next.

    Cleaning a template's XML for Jinja (`patch_xml`) gives the same result for every
    document made from it, so it is done once per template. Line breaks and tabs in
    values are already Word's own (see `_as_xml_text`), so the pass that would look for
    them in the whole rendered document (`resolve_listing`) has nothing to do.
    """

    _patched: dict[str, str] = {}

    def patch_xml(self, src_xml: str) -> str:
        patched = self._patched.get(src_xml)
        if patched is None:
            if len(self._patched) > 64:
                self._patched.clear()
            patched = self._patched[src_xml] = super().patch_xml(src_xml)
        return patched

    def resolve_listing(self, xml: str) -> str:
        return xml


class _TemplateEnvironment(SandboxedEnvironment):
    """Sandboxed, escaping every value, compiling each distinct template text once."""

    def __init__(self) -> None:
        super().__init__(autoescape=False, finalize=_as_xml_text, keep_trailing_newline=True)
        self._compiled: dict[str, Template] = {}

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        compiled = self._compiled.get(source)
        if compiled is None:
            if len(self._compiled) > 64:
                self._compiled.clear()
            compiled = self._compiled[source] = super().from_string(source)
        return compiled


_environment: _TemplateEnvironment | None = None
_template_bytes: dict[tuple[str, str, float], bytes] = {}


def _shared_environment() -> _TemplateEnvironment:
    global _environment
    if _environment is None:
        _environment = _TemplateEnvironment()
    return _environment


def default_templates() -> resources.abc.Traversable:
    """The folder of templates installed with TAC (the package `tac.templates`)."""
    try:
        return resources.files("tac.templates")
    except ModuleNotFoundError:
        # Run from a source checkout (as the tests are): pyproject maps templates/ to
        # tac.templates only in an installed copy, so look beside the tac folder.
        return Path(__file__).resolve().parents[2] / "templates"


def template_source(kind: str, folder: Path | None = None) -> tuple[str, bytes]:
    """The template for a kind of document: `(where it came from, its bytes)`.

    An administrator's folder wins for the templates it holds; any it lacks come from
    TAC's own, so a council can restyle one document and keep the others.
    """
    name = TEMPLATE_FILES[kind]
    if folder is not None:
        folder = Path(folder).expanduser()
        if not folder.is_dir():
            raise NotFound(f"templates folder {folder} does not exist")
        candidate = folder / name
        if candidate.is_file():
            key = (str(candidate), name, candidate.stat().st_mtime)
            if key not in _template_bytes:
                _template_bytes[key] = candidate.read_bytes()
            return str(candidate), _template_bytes[key]
    key = ("tac.templates", name, 0.0)
    if key not in _template_bytes:
        _template_bytes[key] = (default_templates() / name).read_bytes()
    return f"tac.templates/{name}", _template_bytes[key]


def fill(template: bytes, fields: dict[str, Any], *, title: str, author: str) -> bytes:
    """A .docx file: `template` filled with `fields`, titled and authored for Word's
    document properties. Raises jinja2's TemplateError if the template itself is broken.
    """
    document = _Template(io.BytesIO(template))
    document.render(fields, jinja_env=_shared_environment())
    properties = document.docx.core_properties
    properties.title = printable(title)
    properties.author = printable(author)
    properties.last_modified_by = printable(author)
    properties.language = "en-GB"
    properties.keywords = "OFFICIAL-SENSITIVE"
    properties.created = properties.modified = datetime.now(UTC).replace(tzinfo=None)
    properties.revision = 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
