"""Word renderer: a docxtpl template rendered in the sandbox, checked strictly.

A template is *prepared* once (:func:`prepare`): the package is read, every XML
part is parsed strictly (a DOCTYPE is refused), the parts that carry Jinja
(document, headers, footers, foot- and endnotes) are preprocessed the way docxtpl
does and compiled in the sandboxed environment of
:func:`binhdanggioi.templating.jinja_environment`. A prepared template renders any
number of reports. A document that Word could not open is never returned: a part
whose shape proves every rendering of it well-formed (:mod:`._docx_shape`) is written
as rendered when every value it printed was escaped text; any other part, or
rendering, is parsed strictly before the package is written.

The output is the document docxtpl renders from the same template, context and
environment (docxtpl's ``patch_xml``, ``resolve_listing`` and ``fix_tables`` are
used as they are), built directly at the package level instead of through a
python-docx ``Document`` per report.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from binhdanggioi._files import FileRefused, read_limited
from binhdanggioi.context import template_context
from binhdanggioi.errors import MissingDependencyError, TemplateError, TemplateSecurityError
from binhdanggioi.renderers import TemplateArg, template_path
from binhdanggioi.renderers._cache import cached
from binhdanggioi.renderers._docx_safety import Finding, inspect_package, refuse, strip_package
from binhdanggioi.renderers._docx_shape import Shape, shape_of, uneven_rows
from binhdanggioi.renderers._zip import Entry, pack, unpack
from binhdanggioi.templating import compile_template, jinja_environment, render_template

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

    from binhdanggioi.model import BaoCao

__all__ = ["DocxRenderer", "PreparedDocx", "TemplateSource", "prepare", "read_template"]

MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PARTS = 5000

_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_MAIN_TYPES = {
    f"{_WML}document.main+xml",
    f"{_WML}template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
_TEMPLATE_TYPES = _MAIN_TYPES | {
    f"{_WML}header+xml",
    f"{_WML}footer+xml",
    f"{_WML}footnotes+xml",
    f"{_WML}endnotes+xml",
}
_ESCAPED_DELIMITERS = {"{_{": "{{", "}_}": "}}", "{_%": "{%", "%_}": "%}"}
_DOCTYPE = re.compile(rb"<!\s*DOCTYPE", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# docxtpl's resolve_listing turns these characters in text into Word breaks and tabs;
# XML without any of them comes out of it unchanged, so the regex pass is skipped.
_LISTING_CHARACTERS = ("\n", "\t", "\a", "\f")
_CONTROLS = bytes(range(0x20))


def _suspect(encoded: bytes) -> bool:
    """Whether UTF-8 text holds a control character (breaks and tabs among them), a lone
    surrogate (as "surrogatepass" writes it) or a non-character U+FFFE, U+FFFF; each
    test runs in C over the bytes (one regex alternation per byte is ten times slower).
    """
    # A one-byte search first: the lead byte of U+F000-U+FFFF is rare in Vietnamese
    # text, and a three-byte search over it takes fifty times as long.
    return (
        len(encoded.translate(None, _CONTROLS)) != len(encoded)
        or (b"\xed" in encoded and _SURROGATE.search(encoded) is not None)
        or (b"\xef" in encoded and (b"\xef\xbf\xbe" in encoded or b"\xef\xbf\xbf" in encoded))
    )


_SURROGATE = re.compile(rb"\xed[\xa0-\xbf]")
_XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_DECLARATION_BYTES = _XML_DECLARATION.encode("ascii")
# The rendered parts are deflated per report, so quickly: level 1 is about three times
# faster than the default 6 for a part about a quarter larger (still a tenth of the
# XML); the parts no report changes are deflated once, at the default level.
_RENDERED_LEVEL = 1


def _docxtpl() -> Any:
    try:
        from docxtpl import DocxTemplate
    except ImportError as err:
        raise MissingDependencyError("docxtpl", feature="bộ xuất Word (docx)") from err
    return DocxTemplate


def _xpath(expression: str) -> Any:
    from lxml import etree  # type: ignore[import-untyped]

    return etree.XPath(expression, namespaces={"w": _W[1:-1]})


def _strict_parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@attrs.frozen
class TemplateSource:
    """One Jinja-carrying part of a Word template, preprocessed as docxtpl does.

    ``source`` is the Jinja text (one Word paragraph per line); ``describe(lineno)``
    names the paragraph at a line for people, with its text.
    """

    part: str
    name: str
    source: str
    main: bool

    def describe(self, lineno: int) -> str:
        """The Word paragraph at ``lineno`` of :attr:`source`, for error messages."""
        lines = self.source.splitlines()
        if not lines:
            return f"phần {self.part}"
        index = min(max(lineno - 1, 0), len(lines) - 1)
        order = [index, *range(index - 1, max(index - 4, -1), -1), *range(index + 1, index + 3)]
        for i in order:
            if 0 <= i < len(lines):
                text = _plain(lines[i])
                if text:
                    shown = text if len(text) <= 120 else text[:117] + "..."
                    return f"phần {self.part}, đoạn văn “{shown}”"
        return f"phần {self.part}, dòng {lineno}"


def _plain(xml: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", xml).split())


@attrs.frozen
class _Package:
    name: str
    entries: tuple[tuple[zipfile.ZipInfo, bytes], ...]
    sources: tuple[TemplateSource, ...]
    removed: tuple[Finding, ...] = ()


def read_template(template: TemplateArg = None, *, strip: bool = False) -> _Package:
    """Read and check a Word template; returns its parts and preprocessed Jinja sources.

    Raises :class:`TemplateError` for a file that is not a Word package or is damaged,
    and :class:`TemplateSecurityError` for a part with a DOCTYPE, or for macros,
    ActiveX, OLE objects and remote links (see :mod:`._docx_safety`) unless ``strip``:
    then they are removed and listed in the package's ``removed``.
    """
    path = template_path(template, DocxRenderer.default_template)
    try:
        # A regular file only (a FIFO or /dev/zero is refused unopened), bytes counted.
        data = read_limited(path, MAX_TEMPLATE_BYTES)
    except FileRefused as err:
        raise TemplateError(f"mẫu '{path.name}': {err}", template=str(path)) from err
    return _read_package(data, path.name, strip=strip)


def _doctype_refused(name: str, part: str) -> TemplateSecurityError:
    return TemplateSecurityError(
        f"mẫu '{name}': phần {part} có khai báo DOCTYPE; mẫu Word không được có DOCTYPE "
        "(có thể dùng để đọc tệp hoặc làm treo máy)",
        template=name,
    )


def _read_package(data: bytes, name: str, *, strip: bool = False) -> _Package:
    from lxml import etree

    entries = unpack(data, name, max_parts=MAX_PARTS, max_bytes=MAX_UNPACKED_BYTES)
    contents = {info.filename: blob for info, blob in entries}
    removed = inspect_package(contents, name)
    if removed and not strip:
        raise refuse(name, removed)
    if removed:
        entries = strip_package(entries, removed)
        contents = {info.filename: blob for info, blob in entries}
    if "[Content_Types].xml" not in contents:
        raise TemplateError(
            f"mẫu '{name}' không phải tệp Word (.docx): thiếu [Content_Types].xml", template=name
        )
    parser = _strict_parser()
    trees: dict[str, Any] = {}
    for part, blob in contents.items():
        if not part.endswith((".xml", ".rels")):
            continue
        if _DOCTYPE.search(blob):
            raise _doctype_refused(name, part)
        try:
            trees[part] = etree.fromstring(blob, parser=parser)
            info = trees[part].getroottree().docinfo
            if info.doctype or info.internalDTD is not None:
                raise _doctype_refused(name, part)
        except etree.XMLSyntaxError as err:
            raise TemplateError(
                f"mẫu '{name}': phần {part} không phải XML hợp lệ ({err})", template=name
            ) from err
    types = {
        str(o.get("PartName", "")).lstrip("/"): str(o.get("ContentType", ""))
        for o in trees["[Content_Types].xml"].iter(f"{{{_CT_NS}}}Override")
    }
    helper = _docxtpl()(io.BytesIO(data))
    sources = []
    for part, ctype in types.items():
        if ctype not in _TEMPLATE_TYPES or part not in trees:
            continue
        xml = etree.tostring(trees[part], encoding="unicode")
        xml = helper.patch_xml(xml)
        xml = re.sub(
            "|".join(re.escape(k) for k in _ESCAPED_DELIMITERS),
            lambda m: "{{ '" + _ESCAPED_DELIMITERS[m.group(0)] + "' }}",
            xml,
        )
        xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
        sources.append(TemplateSource(part, f"{name}:{part}", xml, ctype in _MAIN_TYPES))
    if not any(s.main for s in sources):
        raise TemplateError(
            f"mẫu '{name}' không phải tệp Word (.docx): không có phần văn bản chính",
            template=name,
        )
    return _Package(name, entries, tuple(sources), tuple(removed))


@attrs.frozen
class _Compiled:
    source: TemplateSource
    template: jinja2.Template
    shape: Shape = attrs.field(factory=Shape)  # what the shape proves of every rendering


class PreparedDocx:
    """A Word template read, checked and compiled once; renders any number of reports."""

    def __init__(self, package: _Package, compiled: tuple[_Compiled, ...]) -> None:
        self.name = package.name
        self.removed = package.removed
        self._compiled = {c.source.part: c for c in compiled}
        self._helper = _docxtpl()(io.BytesIO(b""))
        # The parts no report changes are compressed now, once, and copied per report.
        self._layout = tuple(
            (info.filename, _date_time(info), info.external_attr) for info, _ in package.entries
        )
        self._unchanged = {
            info.filename: Entry.deflate(
                info.filename, blob, date_time=_date_time(info), external_attr=info.external_attr
            )
            for info, blob in package.entries
            if info.filename not in self._compiled
        }

    @property
    def sources(self) -> tuple[TemplateSource, ...]:
        """The preprocessed Jinja source of every templated part."""
        return tuple(c.source for c in self._compiled.values())

    def render(self, bao_cao: BaoCao) -> bytes:
        """The finished .docx of ``bao_cao``."""
        return self.render_context(template_context(bao_cao))

    def render_context(self, context: Mapping[str, Any]) -> bytes:
        """The finished .docx for a context made by :func:`template_context` (or by hand)."""
        rendered = {part: self._render_part(c, context) for part, c in self._compiled.items()}
        return pack(
            Entry.deflate(
                name, rendered[name], date_time=stamp, external_attr=attr, level=_RENDERED_LEVEL
            )
            if name in rendered
            else self._unchanged[name]
            for name, stamp, attr in self._layout
        )

    def _fixed_tables(self, xml: str, part: str) -> Any:
        """docxtpl's ``fix_tables`` on a rendered part, its failures told in Vietnamese."""
        try:
            return self._helper.fix_tables(xml)
        except Exception as err:  # docxtpl reads the grid without checking it is there
            raise TemplateError(
                f"mẫu '{self.name}': phần {part} có bảng mà số ô của một dòng khác số cột "
                "của lưới bảng, và lưới này thiếu (w:tblGrid) hoặc thiếu độ rộng cột "
                f"(w:gridCol w:w), nên không sửa được ({type(err).__name__}); mở mẫu bằng "
                "Word, chỉnh lại bảng rồi lưu",
                template=self.name,
            ) from None

    @staticmethod
    def _tables_even(compiled: _Compiled, xml: str, context: Mapping[str, Any]) -> bool:
        """Whether no table of the rendered part needs docxtpl's ``fix_tables``."""
        shape = compiled.shape
        if not compiled.source.main or shape.tables_even_for(context):
            return True
        return shape.tables_readable and uneven_rows(xml) is False

    def _render_part(self, compiled: _Compiled, context: Mapping[str, Any]) -> bytes:
        from lxml import etree

        from binhdanggioi._sandbox import MARKUP_PRINTED

        src = compiled.source
        watch = MARKUP_PRINTED.set(False)
        try:
            xml = render_template(compiled.template, context, describe=src.describe)
            trusted = compiled.shape.well_formed and not MARKUP_PRINTED.get()
        finally:
            MARKUP_PRINTED.reset(watch)
        if trusted:
            # The template's shape proves the part well-formed and its tables whole
            # (renderers._docx_shape) unless a text brought a character XML refuses or
            # a break or tab docxtpl turns into markup: those take the strict way.
            encoded = xml.encode("utf-8", "surrogatepass")
            if not _suspect(encoded) and self._tables_even(compiled, xml, context):
                return _DECLARATION_BYTES + encoded
        # Markup printed as it is may carry a paragraph's line break too.
        xml = _join_paragraph_lines(xml)
        if any(c in xml for c in _LISTING_CHARACTERS):
            xml = self._helper.resolve_listing(xml)
        encoded = xml.encode("utf-8")
        try:
            # The one strict parse of the part: what Word could not open is never returned.
            root = etree.fromstring(encoded, parser=_strict_parser())
        except etree.XMLSyntaxError as err:
            raise TemplateError(
                f"mẫu '{self.name}': {_around(xml, err)} — sau khi điền dữ liệu, phần "
                f"{src.part} không còn là XML hợp lệ ({err.msg}); thường do thẻ {{% … %}} "
                "mở trong một đoạn văn và đóng ở đoạn khác: dùng {%p …%}, {%tr …%} "
                "cho cả đoạn văn / dòng bảng",
                template=self.name,
            ) from None
        if not src.main:
            return _DECLARATION_BYTES + encoded
        # docxtpl runs fix_tables and renumbers drawings on the body; both are no-ops
        # for most reports, so the tree is re-serialised only when one has work to do.
        if _grid_mismatch(root):
            root = self._fixed_tables(etree.tostring(root, encoding="unicode"), src.part)
        elif next(root.iter("{*}docPr"), None) is None:
            return _DECLARATION_BYTES + encoded
        for i, el in enumerate(root.iter("{*}docPr"), start=1001):
            el.set("id", str(i))
        result: bytes = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        return result


@functools.cache
def _grid_queries() -> tuple[Any, Any]:
    """The columns of a table's grid, and whether some row below a table (nested ones
    too) does not span ``$columns`` (a cell spans its gridSpan, else one column);
    compiled on first use so that importing this module loads no lxml.
    """
    width = "count(w:tc) + sum(w:tc/w:tcPr/w:gridSpan/@w:val) - count(w:tc/w:tcPr/w:gridSpan)"
    return (
        _xpath("count(w:tblGrid/w:gridCol)"),
        _xpath(f"boolean(.//w:tr[{width} != $columns])"),
    )


def _grid_mismatch(root: Any) -> bool:
    """A table whose rows do not fill its grid exactly: docxtpl's fix_tables has work to do.

    fix_tables adds grid columns when a row has more cells than the grid and removes
    them when no row spans the whole grid; when every row spans exactly the grid it
    changes nothing. Same rows as fix_tables looks at: every row below the table,
    nested ones too; one XPath per table, not one per row.
    """
    grid_columns, uneven = _grid_queries()
    return any(bool(uneven(table, columns=grid_columns(table))) for table in root.iter(f"{_W}tbl"))


def _date_time(info: zipfile.ZipInfo) -> tuple[int, int, int, int, int, int]:
    year, month, day, hour, minute, second = info.date_time
    return (year, month, day, hour, minute, second)


def _around(xml: str, err: Any) -> str:
    line, column = getattr(err, "position", (1, 0))
    lines = xml.split("\n")
    offset = sum(len(x) + 1 for x in lines[: max(line - 1, 0)]) + max(column, 0)
    text = _plain(xml[max(offset - 300, 0) : offset + 100])
    return f"gần đoạn “{text[-120:]}”" if text else f"dòng {line}, cột {column}"


def _join_paragraph_lines(xml: str) -> str:
    """Undo the line break :func:`_read_package` puts before each paragraph (only for
    Jinja's line numbers): in the template's own text when it is compiled, and in what
    a rendering printed as markup.

    >>> _join_paragraph_lines("<w:body>\\n<w:p w:rsidR='1'>\\n<w:p>")
    "<w:body><w:p w:rsidR='1'><w:p>"
    """
    return xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")


def prepare(template: TemplateArg = None, *, strip: bool = False) -> PreparedDocx:
    """Read, check and compile a Word template once (``None``: the default template).

    ``strip``: remove macros, ActiveX, OLE objects and remote links instead of refusing
    the template; :attr:`PreparedDocx.removed` lists what was removed.
    """
    package = read_template(template, strip=strip)
    env = jinja_environment()
    env.bdg_constant_text = _join_paragraph_lines  # type: ignore[attr-defined]
    compiled = tuple(
        _Compiled(
            s,
            compile_template(env, s.source, s.name, describe=s.describe),
            shape_of(env, s.source),
        )
        for s in package.sources
    )
    return PreparedDocx(package, compiled)


class DocxRenderer:
    """Văn bản Word theo thể thức Nghị định 30/2020/NĐ-CP (docxtpl)."""

    name = "docx"
    suffixes: tuple[str, ...] = (".docx",)
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    default_template: str | None = "bao-cao.docx"
    kind_templates: Mapping[str, str] = MappingProxyType({"ke_hoach": "ke-hoach.docx"})
    template_suffixes: tuple[str, ...] = (".docx", ".dotx", ".docm")

    def template_sources(self, template: TemplateArg = None) -> tuple[TemplateSource, ...]:
        """The Jinja pieces of the Word template: document, headers, footers, notes."""
        return read_template(template).sources

    def prepare(self, template: TemplateArg = None) -> PreparedDocx:
        """The template prepared once, to render many reports (see :func:`prepare`).

        Kept across calls for the same file until the file changes.
        """
        return cached(self.name, template_path(template, self.default_template), prepare)

    def render(self, bao_cao: BaoCao, *, template: TemplateArg = None) -> bytes:
        """The .docx of ``bao_cao`` rendered with ``template`` (default: ``bao-cao.docx``)."""
        return self.prepare(template).render(bao_cao)
