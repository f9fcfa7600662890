"""The DOCX render engine: Word templates in docxtpl syntax filled in a Jinja sandbox, their upload linter,
and the helpers that give Word styles and tables the settings Bangla text needs.

Templates keep docxtpl's tag syntax (`{{ }}`, `{% %}`, `{%p %}`, `{%tr %}`, `{%tc %}`, `{%r %}`,
`{% colspan %}`, `{% cellbg %}`, `{% vm %}`, `{% hm %}`) because offices edit them in Word, plus one tag of
Sabha's own: `{% cellwidth <centimetres> %}` in a cell sets that cell's width (the header cell of a table
whose columns come from a `{%tc for %}` loop), and the table grid follows.

Rendering does not go through python-docx: per template (keyed by path + mtime, or by a hash of the bytes) the
parts that hold tags are preprocessed once with docxtpl's `patch_xml` and compiled as Jinja templates, and the
other zip members are compressed once; a render then only runs the compiled templates and appends the rendered
parts to a copy of the prepared zip.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import threading
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import yaml
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.styles.style import BaseStyle
from docx.table import Table
from docxtpl import DocxTemplate
from flask_babel import lazy_gettext as _l
from jinja2 import StrictUndefined, Template, Undefined, meta
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

__all__ = [
    "DEFAULT_BANGLA_FONT",
    "MAX_UNPACKED_BYTES",
    "MEMO_REQUIRED_STYLES",
    "MEMO_TEMPLATE_DIR",
    "TemplateTooLarge",
    "clear_cache",
    "lint_template",
    "load_sample",
    "memo_template_variables",
    "render",
    "set_bangla_font",
    "set_cell_margins",
    "set_document_defaults",
    "set_table_borders",
    "set_table_widths",
]

DEFAULT_BANGLA_FONT = "Nikosh"
# A letter template is some tens of KiB unpacked; anything that inflates past this is damaged or a zip bomb.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
_MAX_MEMBERS = 500

MEMO_TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "docx_templates" / "memos"
# The styles the memo templates are built on (docx_templates/memos/build_templates.py); an uploaded version
# that lost one would print letters in the wrong shape.
MEMO_REQUIRED_STYLES: tuple[str, ...] = (
    "Normal",
    "Sabha Letterhead",
    "Sabha Office Name",
    "Sabha Motto",
    "Sabha Title",
    "Sabha Subject",
    "Sabha Reference",
    "Sabha Body",
    "Sabha Signature",
    "Sabha Block Heading",
    "Sabha List",
    "Sabha Table Text",
    "Sabha Table Heading",
)

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{_W_NS}}}"
_TWIPS_PER_CM = 566.929
# Fixed zip timestamps make a render of the same letter byte-for-byte repeatable.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_RENDER_COMPRESSLEVEL = 1

# XML 1.0 forbids most control characters; \t \n \a \f stay because docxtpl turns them into tab, line break,
# new paragraph and page break (resolve_listing).
_XML_ILLEGAL = re.compile("[\x00-\x06\x08\x0b\x0e-\x1f\ufffe\uffff]")
_LISTING_CHARS = ("\n", "\t", "\a", "\f")
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>\s*")
_TEMPLATE_PARTS = re.compile(r"(?:^|/)(?:header\d*|footer\d*|footnotes|endnotes)\.xml$")
# Tags whose output changes how many cells a row has, so the table grid has to follow.
_DYNAMIC_TABLE_TAGS = re.compile(r"{%-?\s*tc\s|{{\s*tc\s|{%-?\s*(?:colspan|cellwidth|hm)\b")
_CELLWIDTH = re.compile(
    r"(<w:tc[ >](?:(?!<w:tc[ >]).)*){%\s*cellwidth\s+([^%]*?)\s*%}(.*?</w:tc>)", re.DOTALL
)
# XML from an uploaded file: no entity expansion, no network.
_SAFE_PARSER_OPTIONS: dict[str, Any] = {"resolve_entities": False, "no_network": True}
_EMPTY_RUN = re.compile(r"<w:r[ >](?:(?!<w:r[ >]).)*<w:t></w:t>.*?</w:r>", re.DOTALL)


class TemplateTooLarge(ValueError):
    """The .docx unpacks to more than the cap (or holds too many members): damaged, or a zip bomb."""


_MAX_REPEAT = 10_000  # longest string or list a template may make with `*`, and longest range()
_MAX_EXPONENT = 100


def _small_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > _MAX_REPEAT:
        raise SecurityError(f"range() is limited to {_MAX_REPEAT} items in a template")
    return numbers


class _Environment(SandboxedEnvironment):
    """The sandbox, with `a.b` preferring the key of a dict (the context is plain data, so
    `distribution.items` means the list under "items", never the dict method), and with limits on what one
    expression may build, so that an uploaded template cannot exhaust a worker with `'x' * 10**10`."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = _small_range

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > _MAX_EXPONENT:
            raise SecurityError(f"powers above {_MAX_EXPONENT} are not allowed in a template")
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                repeats = isinstance(sequence, str | list | tuple) and isinstance(count, int)
                if repeats and len(sequence) * count > _MAX_REPEAT:
                    raise SecurityError(f"text or lists longer than {_MAX_REPEAT} are not allowed")
        return super().call_binop(context, operator, left, right)


def _finalize(value: Any) -> Any:
    # None prints as nothing, not "None"; characters XML cannot hold would make Word refuse the file.
    if value is None:
        return ""
    if type(value) is str:
        return _XML_ILLEGAL.sub("", value)
    return value


def _environment(undefined: type[Undefined]) -> _Environment:
    return _Environment(autoescape=True, undefined=undefined, finalize=_finalize)


@functools.cache
def _render_environment() -> _Environment:
    # An optional value left out of a context prints as nothing; the linter renders strictly instead.
    return _environment(Undefined)


# docxtpl's preprocessing and listing resolution do not touch the instance: one unloaded template lends them.
_DOCXTPL = DocxTemplate(io.BytesIO())


# --------------------------------------------------------------------------------------------------- reading


def _read_members(data: bytes, cap: int = MAX_UNPACKED_BYTES) -> dict[str, bytes]:
    """Every member of the zip, inflated by streaming so that a zip bomb stops at `cap` bytes in all."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        if len(infos) > _MAX_MEMBERS or sum(info.file_size for info in infos) > cap:
            raise TemplateTooLarge
        members: dict[str, bytes] = {}
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            chunks = []
            # The declared sizes can lie: count what really comes out.
            with archive.open(info) as stream:
                while chunk := stream.read(65536):
                    total += len(chunk)
                    if total > cap:
                        raise TemplateTooLarge
                    chunks.append(chunk)
            members[info.filename] = b"".join(chunks)
    return members


def _main_part_name(members: Mapping[str, bytes]) -> str:
    rels = members.get("_rels/.rels", b"").decode("utf-8", "replace")
    for relationship in re.findall(r"<Relationship\b[^>]*>", rels):
        if re.search(r'Type="[^"]*/officeDocument"', relationship):
            target = re.search(r'Target="([^"]+)"', relationship)
            if target:
                return target.group(1).lstrip("/")
    return "word/document.xml"


# --------------------------------------------------------------------------------------------- preparing


@dataclass(frozen=True)
class _Part:
    name: str
    declaration: str  # the XML declaration, kept outside Jinja
    source: str  # the preprocessed XML that was compiled, for error context
    template: Template
    dynamic_tables: bool


@dataclass(frozen=True)
class _Prepared:
    static_zip: bytes  # the members that render as they are, compressed once
    parts: tuple[_Part, ...]


def _patch_cellwidth(xml: str) -> str:
    def cellwidth(match: re.Match[str]) -> str:
        cell = _EMPTY_RUN.sub("", match.group(1) + match.group(3))
        twips = f"(({match.group(2)})|float * {_TWIPS_PER_CM})|round|int"
        width = f'<w:tcW w:w="{{{{ {twips} }}}}" w:type="dxa"/>'
        if re.search(r"<w:tcW\b[^>]*/>", cell):
            return re.sub(r"<w:tcW\b[^>]*/>", lambda _: width, cell, count=1)
        if "<w:tcPr" in cell:
            return re.sub(r"(<w:tcPr[^>]*>)", lambda m: m.group(1) + width, cell, count=1)
        return re.sub(
            r"(<w:tc[^>]*>)", lambda m: m.group(1) + "<w:tcPr>" + width + "</w:tcPr>", cell, count=1
        )

    return _CELLWIDTH.sub(cellwidth, xml)


def _preprocess(xml: str) -> str:
    xml = _DOCXTPL.patch_xml(xml)
    xml = _patch_cellwidth(xml)
    # One line per paragraph, as docxtpl does, so that Jinja's line numbers point at a paragraph.
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


def _is_template_part(name: str, main: str) -> bool:
    return name == main or name == "docProps/core.xml" or bool(_TEMPLATE_PARTS.search(name))


def _prepare(data: bytes, env: _Environment) -> _Prepared:
    """Raises TemplateTooLarge, zipfile.BadZipFile (and the like) or jinja2's TemplateSyntaxError."""
    members = _read_members(data)
    main = _main_part_name(members)
    if main not in members:
        raise zipfile.BadZipFile(f"no {main}")
    parts: list[_Part] = []
    static = io.BytesIO()
    with zipfile.ZipFile(static, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            if _is_template_part(name, main):
                text = content.decode("utf-8")
                declaration = _XML_DECLARATION.match(text)
                head = declaration.group(0) if declaration else ""
                body = text[len(head) :]
                if "{" in body:
                    source = _preprocess(body)
                    if re.search(r"{[{%#]", source):
                        try:
                            template = env.from_string(source)
                        except TemplateSyntaxError as error:
                            error.name = name
                            raise
                        dynamic = bool(_DYNAMIC_TABLE_TAGS.search(re.sub(r"<[^>]+>", "", body)))
                        parts.append(_Part(name, head, source, template, dynamic or "<wp:docPr" in body))
                        continue
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return _Prepared(static.getvalue(), tuple(parts))


_cache: OrderedDict[tuple[Any, ...], _Prepared] = OrderedDict()
_cache_lock = threading.Lock()
_CACHE_SIZE = 32


_FONT_SLOTS = re.compile(rb'(w:(?:ascii|hAnsi|eastAsia|cs)=")' + DEFAULT_BANGLA_FONT.encode() + rb'"')


def _with_font(data: bytes, font: str) -> bytes:
    """The template with its Bangla font (Nikosh in Sabha's templates) replaced in every font slot."""
    members = _read_members(data)
    replacement = rb"\g<1>" + quoteattr(font)[1:-1].encode() + b'"'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            if name.endswith(".xml"):
                content = _FONT_SLOTS.sub(replacement, content)
            archive.writestr(zipfile.ZipInfo(name, date_time=_ZIP_DATE), content)
    return out.getvalue()


def _prepared(template: str | Path | bytes, font: str | None = None) -> _Prepared:
    font = None if font in (None, "", DEFAULT_BANGLA_FONT) else font
    if isinstance(template, bytes):
        key: tuple[Any, ...] = ("bytes", hashlib.blake2b(template, digest_size=16).digest(), font)
        data = template
    else:
        stat = os.stat(template)
        # A template replaced on disk gets a new mtime (or size), so the stale entry is never used again.
        key = ("path", os.path.abspath(template), stat.st_mtime_ns, stat.st_size, font)
        data = None
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    data = data if data is not None else Path(template).read_bytes()
    if font is not None:
        data = _with_font(data, font)
    prepared = _prepare(data, _render_environment())
    with _cache_lock:
        _cache[key] = prepared
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return prepared


def clear_cache() -> None:
    """Forget every prepared template (tests; a long-running process never needs it)."""
    with _cache_lock:
        _cache.clear()


# --------------------------------------------------------------------------------------------- rendering


def _fit_table_grids(xml: str) -> str:
    """After `{%tc %}` loops or `{% cellwidth %}`, make each table's grid match its first row's cell widths
    (LibreOffice lays columns out from the grid alone) and give every cell below its column's width."""
    root = etree.fromstring(xml, parser=etree.XMLParser(**_SAFE_PARSER_OPTIONS))
    for table in root.iter(_W + "tbl"):
        grid = table.find(_W + "tblGrid")
        rows = table.findall(_W + "tr")
        if grid is None or not rows:
            continue
        widths = _row_widths(rows[0])
        columns = grid.findall(_W + "gridCol")
        if widths is None:
            count = max(sum(_span(cell) for cell in row.findall(_W + "tc")) for row in rows)
            if count == len(columns):
                continue
            # No usable widths: share the old total equally, as docxtpl does.
            total = sum(int(float(column.get(_W + "w", "0"))) for column in columns)
            widths = [total // count] * count if total else [0] * count
        elif widths == [int(float(column.get(_W + "w", "0"))) for column in columns]:
            continue
        for column in columns:
            grid.remove(column)
        for width in widths:
            etree.SubElement(grid, _W + "gridCol", {_W + "w": str(width)})
        for row in rows:
            cells = row.findall(_W + "tc")
            if sum(_span(cell) for cell in cells) != len(widths):
                continue
            index = 0
            for cell in cells:
                span = _span(cell)
                _set_cell_width(cell, sum(widths[index : index + span]))
                index += span
        table_width = table.find(f"{_W}tblPr/{_W}tblW")
        if table_width is not None and table_width.get(_W + "type") == "dxa":
            table_width.set(_W + "w", str(sum(widths)))
    for number, drawing in enumerate(root.iter("{*}docPr"), start=1001):
        # Images repeated by a loop would share an id, which Word reports as damage.
        drawing.set("id", str(number))
    return etree.tostring(root, encoding="unicode")


def _span(cell: etree._Element) -> int:
    span = cell.find(f"{_W}tcPr/{_W}gridSpan")
    return int(span.get(_W + "val", "1")) if span is not None else 1


def _row_widths(row: etree._Element) -> list[int] | None:
    widths: list[int] = []
    for cell in row.findall(_W + "tc"):
        width = cell.find(f"{_W}tcPr/{_W}tcW")
        if width is None or width.get(_W + "type", "dxa") != "dxa":
            return None
        try:
            value = int(float(width.get(_W + "w", "")))
        except ValueError:
            return None
        span = _span(cell)
        widths.extend([value // span] * span)
    return widths or None


def _set_cell_width(cell: etree._Element, width: int) -> None:
    properties = cell.find(_W + "tcPr")
    if properties is None:
        properties = etree.Element(_W + "tcPr")
        cell.insert(0, properties)
    element = properties.find(_W + "tcW")
    if element is None:
        element = etree.Element(_W + "tcW")
        # tcW comes after cnfStyle only; an element out of schema order makes Word call the file damaged.
        style = properties.find(_W + "cnfStyle")
        properties.insert(1 if style is not None else 0, element)
    element.set(_W + "w", str(width))
    element.set(_W + "type", "dxa")


def _render_part(part: _Part, context: Mapping[str, Any]) -> bytes:
    xml = part.template.render(context)
    xml = xml.replace("\n<w:p", "<w:p")
    # docxtpl's escapes for literal braces in a letter.
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if any(char in xml for char in _LISTING_CHARS):
        xml = _DOCXTPL.resolve_listing(xml)
    if part.dynamic_tables:
        xml = _fit_table_grids(xml)
    return (part.declaration + xml).encode("utf-8")


def _assemble(prepared: _Prepared, rendered: Iterable[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO(prepared.static_zip)
    with zipfile.ZipFile(buffer, "a") as archive:
        for name, content in rendered:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content, compresslevel=_RENDER_COMPRESSLEVEL)
    return buffer.getvalue()


def render(template: str | Path | bytes, context: Mapping[str, Any], *, font: str | None = None) -> bytes:
    """Fill a .docx template (a path, or the file's bytes) with `context` (plain dicts, lists and strings) and
    return the .docx bytes. Text is XML-escaped; the template runs in Jinja's sandbox.

    Raises jinja2's TemplateError (SecurityError, UndefinedError ...) or zipfile.BadZipFile for a broken
    template: lint templates before use, and render only linted ones. `font` replaces the Bangla font the
    template names (Nikosh) in every style and run, for offices that use another Unicode Bangla font."""
    prepared = _prepared(template, font)
    return _assemble(prepared, [(part.name, _render_part(part, context)) for part in prepared.parts])


# ------------------------------------------------------------------------------------------------ linting


_TAG_PAIRS = {"{{": "}}", "{%": "%}", "{#": "#}"}


def _check_part_text(members: Mapping[str, bytes], main: str) -> list[Any]:
    """Damaged XML, and tags left open within a paragraph: docxtpl would silently swallow the text up to the
    next closing brace (a whole paragraph, say) instead of failing, so these are looked for first."""
    problems: list[Any] = []
    for name, content in members.items():
        if not _is_template_part(name, main):
            continue
        try:
            root = etree.fromstring(content, parser=etree.XMLParser(**_SAFE_PARSER_OPTIONS))
        except etree.XMLSyntaxError as error:
            problems.append(
                _l(
                    "The letter made from this template would be damaged: %(message)s",
                    message=f"{name}: {error}",
                )
            )
            continue
        for paragraph in root.iter(_W + "p"):
            text = "".join(node.text or "" for node in paragraph.iter(_W + "t"))
            for match in re.finditer(r"{[{%#]", text):
                closer = text.find(_TAG_PAIRS[match.group(0)], match.end())
                following = re.compile(r"{[{%#]").search(text, match.end())
                if closer < 0 or (following is not None and following.start() < closer):
                    end = following.start() if following is not None else len(text)
                    problems.append(
                        _l(
                            "A tag is not closed: “%(tag)s” (in “%(near)s”). Every {{ needs its }} and every "
                            "{%% its %%} in the same paragraph.",
                            tag=text[match.start() : end].strip()[:60],
                            near=text.strip()[:120],
                        )
                    )
    return problems


def _near(source: str, line: int | None) -> str:
    """The text of the paragraph a Jinja error line points at (one line per paragraph in the source)."""
    lines = source.splitlines()
    if not line or line > len(lines):
        return ""
    for index in range(line - 1, max(line - 3, -1), -1):
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", lines[index])).strip()
        if text:
            return text[:120]
    return ""


def _style_names(styles_xml: bytes | None) -> set[str]:
    if not styles_xml:
        return set()
    root = etree.fromstring(styles_xml, parser=etree.XMLParser(**_SAFE_PARSER_OPTIONS))
    names = set()
    for style in root.iter(_W + "style"):
        name = style.find(_W + "name")
        if name is not None:
            names.add(name.get(_W + "val", ""))
        names.add(style.get(_W + "styleId", ""))
    return names


def _styles_part(members: Mapping[str, bytes], main: str) -> bytes | None:
    folder = main.rpartition("/")[0]
    return members.get(f"{folder}/styles.xml" if folder else "styles.xml")


def lint_template(
    data: bytes,
    *,
    sample: Mapping[str, Any],
    allowed_variables: set[str] | frozenset[str] | None = None,
    required_styles: Sequence[str] = (),
) -> list[str]:
    """Everything that would stop `data` from making a correct letter, as messages for the office that
    uploaded it; an empty list means the template can be used.

    Checks, in order: a real .docx zip that does not inflate past MAX_UNPACKED_BYTES (checked by streaming,
    before anything parses it); tag syntax; variables outside `allowed_variables`; `required_styles` present;
    a trial render with `sample` in the sandbox (strict about undefined names and attributes); and that the
    result is a Word file python-docx can open."""
    problems: list[Any] = []
    if not data.startswith(b"PK\x03\x04"):
        return [str(_l("The file is not a Word document (.docx)."))]
    try:
        members = _read_members(data)
    except TemplateTooLarge:
        return [
            str(
                _l(
                    "The file unpacks to more than %(limit)s MB, far more than any letter template: it is "
                    "damaged or made to harm the server.",
                    limit=MAX_UNPACKED_BYTES // (1024 * 1024),
                )
            )
        ]
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as error:
        return [
            str(_l("The file is damaged and cannot be opened as a Word document: %(detail)s", detail=error))
        ]
    main = _main_part_name(members)
    if main not in members or "[Content_Types].xml" not in members:
        return [str(_l("The file is not a Word document (.docx)."))]

    damaged_or_unclosed = _check_part_text(members, main)
    if damaged_or_unclosed:
        return [str(problem) for problem in damaged_or_unclosed]

    env = _environment(StrictUndefined)
    try:
        prepared = _prepare(data, env)
    except TemplateSyntaxError as error:
        source = _preprocess(_XML_DECLARATION.sub("", members.get(error.name or main, b"").decode("utf-8")))
        return [
            str(
                _l(
                    "The template has a mistake in a {{ }} or {%% %%} tag: %(message)s (near: “%(near)s”)",
                    message=error.message,
                    near=_near(source, error.lineno),
                )
            )
        ]
    except (UnicodeDecodeError, zipfile.BadZipFile) as error:
        return [
            str(_l("The file is damaged and cannot be opened as a Word document: %(detail)s", detail=error))
        ]

    if allowed_variables is not None:
        known = set(allowed_variables) | set(env.globals)
        used: set[str] = set()
        for part in prepared.parts:
            used |= meta.find_undeclared_variables(env.parse(part.source))
        for name in sorted(used - known):
            problems.append(_l("The template uses a variable Sabha does not provide: %(name)s", name=name))
    # A trial render would only fail again on the unknown names.
    unknown_names = bool(problems)

    try:
        styles = _style_names(_styles_part(members, main))
    except etree.XMLSyntaxError as error:
        problems.append(_l("The template's styles are damaged: %(detail)s", detail=error))
        styles = set()
    for name in required_styles:
        if name not in styles:
            problems.append(
                _l(
                    "The template has lost the style “%(name)s” that Sabha's letters are laid out with. "
                    "Start again from the template Sabha provides.",
                    name=name,
                )
            )

    if unknown_names:
        return [str(problem) for problem in problems]
    try:
        rendered = [(part.name, _render_part(part, sample)) for part in prepared.parts]
    except SecurityError as error:
        problems.append(_l("The template tries something that is not allowed: %(message)s", message=error))
        return [str(problem) for problem in problems]
    except UndefinedError as error:
        problems.append(
            _l("The template asks for something the letter's data does not have: %(message)s", message=error)
        )
        return [str(problem) for problem in problems]
    except (TemplateError, TypeError, ValueError, AttributeError, KeyError, IndexError) as error:
        problems.append(_l("The template cannot be filled in with sample data: %(message)s", message=error))
        return [str(problem) for problem in problems]
    except etree.XMLSyntaxError as error:
        problems.append(_l("The letter made from this template would be damaged: %(message)s", message=error))
        return [str(problem) for problem in problems]

    for name, content in rendered:
        try:
            etree.fromstring(content, parser=etree.XMLParser(**_SAFE_PARSER_OPTIONS))
        except etree.XMLSyntaxError as error:
            problems.append(
                _l(
                    "The letter made from this template would be damaged: %(message)s",
                    message=f"{name}: {error}",
                )
            )
    if not problems:
        try:
            Document(io.BytesIO(_assemble(prepared, rendered)))
        except Exception as error:  # any failure here means Word would fail too
            problems.append(
                _l("The letter made from this template would be damaged: %(message)s", message=error)
            )
    return [str(problem) for problem in problems]


# ------------------------------------------------------------------------------------------ sample data


def load_sample(path: str | Path) -> dict[str, Any]:
    """The sample context of a template: the .yaml beside it (or the .yaml itself)."""
    path = Path(path)
    with path.with_suffix(".yaml").open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


@functools.cache
def memo_template_variables() -> frozenset[str]:
    """The top-level names a memo template may use: the keys of letter.yaml, the contract with
    app/memos/documents.py."""
    return frozenset(load_sample(MEMO_TEMPLATE_DIR / "letter.yaml"))


# ------------------------------------------------------------------------- building templates (python-docx)

# Children of w:rPr in schema order: Word rejects a file whose elements are out of order.
_RPR_ORDER = (
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
)


def _child(parent: Any, tag: str, order: Sequence[str]) -> Any:
    """The w:<tag> child of `parent`, created in its schema position when missing."""
    found = parent.find(qn(f"w:{tag}"))
    if found is not None:
        return found
    element = OxmlElement(f"w:{tag}")
    later = {qn(f"w:{name}") for name in order[order.index(tag) + 1 :]}
    for index, existing in enumerate(parent):
        if existing.tag in later:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


def _apply_bangla_rpr(rpr: Any, font: str, size_pt: float | None, bold: bool | None) -> None:
    fonts = _child(rpr, "rFonts", _RPR_ORDER)
    for attribute in list(fonts.attrib):
        if attribute.lower().endswith("theme"):  # a theme font (w:asciiTheme, w:cstheme) overrides the name
            del fonts.attrib[attribute]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), font)
    # Tells Word to shape the run's neutral characters (digits, punctuation) with the complex-script font.
    fonts.set(qn("w:hint"), "cs")
    if bold is not None:
        for tag in ("b", "bCs"):
            element = _child(rpr, tag, _RPR_ORDER)
            if bold:
                element.attrib.pop(qn("w:val"), None)
            else:
                element.set(qn("w:val"), "0")
    if size_pt is not None:
        half_points = str(round(size_pt * 2))
        _child(rpr, "sz", _RPR_ORDER).set(qn("w:val"), half_points)
        _child(rpr, "szCs", _RPR_ORDER).set(qn("w:val"), half_points)
    lang = _child(rpr, "lang", _RPR_ORDER)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:bidi"), "bn-BD")


def set_bangla_font(
    style: BaseStyle,
    font: str = DEFAULT_BANGLA_FONT,
    size_pt: float | None = None,
    *,
    bold: bool | None = None,
) -> None:
    """Give a paragraph, character or table style the Bangla font in every slot (`font.name` sets only the
    Latin ones), the complex-script size next to the Latin one, `w:bCs` with bold, and bn-BD as language.
    Without them Word and LibreOffice show Bangla in a fallback face at the default size."""
    element = style.element
    rpr = element.find(qn("w:rPr"))
    if rpr is None:
        rpr = element.get_or_add_rPr()
    _apply_bangla_rpr(rpr, font, size_pt, bold)


def set_document_defaults(document: Any, font: str = DEFAULT_BANGLA_FONT, size_pt: float = 13) -> None:
    """The same settings on the document defaults, for text in no style at all."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_default = _child(defaults, "rPrDefault", ("rPrDefault", "pPrDefault"))
    rpr = _child(run_default, "rPr", ("rPr",))
    _apply_bangla_rpr(rpr, font, size_pt, None)


def set_table_widths(table: Table, widths_cm: Sequence[float]) -> None:
    """Fix the column widths in the table grid (`w:gridCol`, which LibreOffice reads) and on every cell
    (`w:tcW`, which Word reads), with a fixed layout so that neither resizes columns to fit the text."""
    widths = [round(width * _TWIPS_PER_CM) for width in widths_cm]
    tbl = table._tbl
    grid = tbl.tblGrid
    for column in list(grid.findall(qn("w:gridCol"))):
        grid.remove(column)
    for width in widths:
        column = OxmlElement("w:gridCol")
        column.set(qn("w:w"), str(width))
        grid.append(column)
    table.autofit = False
    properties = tbl.tblPr
    table_width = properties.find(qn("w:tblW"))
    if table_width is None:
        table_width = OxmlElement("w:tblW")
        style = properties.find(qn("w:tblStyle"))
        properties.insert(1 if style is not None else 0, table_width)
    table_width.set(qn("w:w"), str(sum(widths)))
    table_width.set(qn("w:type"), "dxa")
    for row in tbl.tr_lst:
        index = 0
        for cell in row.tc_lst:
            span = cell.grid_span
            cell.width = Cm(sum(widths_cm[index : index + span]))
            index += span


_STYLE_ORDER = (
    "name",
    "aliases",
    "basedOn",
    "next",
    "link",
    "autoRedefine",
    "hidden",
    "uiPriority",
    "semiHidden",
    "unhideWhenUsed",
    "qFormat",
    "locked",
    "personal",
    "personalCompose",
    "personalReply",
    "rsid",
    "pPr",
    "rPr",
    "tblPr",
    "trPr",
    "tcPr",
    "tblStylePr",
)


def _table_properties(table_or_style: Table | BaseStyle) -> Any:
    if isinstance(table_or_style, Table):
        return table_or_style._tbl.tblPr
    return _child(table_or_style.element, "tblPr", _STYLE_ORDER)


def set_table_borders(
    table_or_style: Table | BaseStyle, size_eighths: int = 4, *, inside: bool = True
) -> None:
    """Single borders around (and, with `inside`, between) the cells of a table or table style, in eighths
    of a point; 0 removes them all."""
    properties = _table_properties(table_or_style)
    borders = properties.find(qn("w:tblBorders"))
    if borders is not None:
        properties.remove(borders)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{edge}")
        visible = size_eighths > 0 and (inside or not edge.startswith("inside"))
        border.set(qn("w:val"), "single" if visible else "nil")
        if visible:
            border.set(qn("w:sz"), str(size_eighths))
            border.set(qn("w:space"), "0")
            border.set(qn("w:color"), "000000")
        borders.append(border)
    _insert_tblpr_child(properties, borders)


def set_cell_margins(table_or_style: Table | BaseStyle, left_cm: float = 0.1, right_cm: float = 0.1) -> None:
    """Left and right cell margins of a table or table style (top and bottom 0)."""
    properties = _table_properties(table_or_style)
    margins = properties.find(qn("w:tblCellMar"))
    if margins is not None:
        properties.remove(margins)
    margins = OxmlElement("w:tblCellMar")
    for edge, value in (("top", 0), ("left", left_cm), ("bottom", 0), ("right", right_cm)):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(round(value * _TWIPS_PER_CM)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    _insert_tblpr_child(properties, margins)


_TBLPR_ORDER = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
)


def _insert_tblpr_child(properties: Any, element: Any) -> None:
    name = element.tag.rpartition("}")[2]
    later = {qn(f"w:{tag}") for tag in _TBLPR_ORDER[_TBLPR_ORDER.index(name) + 1 :]}
    for index, existing in enumerate(properties):
        if existing.tag in later:
            properties.insert(index, element)
            return
    properties.append(element)
