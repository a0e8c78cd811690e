"""Whether a Word template part can only render well-formed XML, decided once.

Every part a report fills is parsed strictly before it is written, so that a document
Word could not open is never returned; that parse (and the grid check that needs its
tree) was the largest cost of rendering a report. This module proves, when the
template allows it, that the parse cannot fail (:func:`shape_of`), and reads the
tables of a rendering without a tree (:func:`uneven_rows`), so that rendering may skip
both. A part is proven well-formed when:

- its Jinja uses only ``if``, ``for``, ``with``, ``set`` and printed expressions (no
  macros, calls with a body, includes, blocks, filter blocks, autoescape changes),
  and no printed expression is a constant that folds to markup (``"<x/>"|safe``);
- the body of every ``if``/``for``/``with`` leaves the elements open as it found them
  (it is balanced, or closes some around it and opens the same again), so repeating
  or leaving it out keeps the document well-formed;
- with every body written once in its place (a *skeleton*; a printed value stands as
  the text ``&amp;``, which a tag name or a place between attributes refuses), the part
  is a well-formed XML document with namespaces, every block inside its root element,
  in element content (never inside a tag, an attribute or a comment);
- no block starts or ends between the cells of a table row or in a table's grid;
- there are no drawings (whose ids docxtpl renumbers), comments, CDATA sections or
  processing instructions, no namespace declared below the root, and no ``>`` but at
  the end of a tag, in the skeleton itself: docxtpl's preprocessing unescapes ``&lt;``
  and ``&gt;`` after a ``{{`` (even in a Jinja comment), and Jinja comments or ``set``
  write nothing between the pieces of what they split, so the source alone proves none
  of this.

Tables are even by shape (docxtpl's ``fix_tables`` never has work) when every row of
the skeleton spans its table's grid and no block holds a cell, cell properties, span
or grid outside a row or table of its own; otherwise :func:`uneven_rows` reads each
rendering's tables. Both need every table element written ``w:…`` with ``w``
WordprocessingML's prefix.

At render time the proof holds only when every printed value was escaped text: a
value that is markup (``|safe`` at run time, an object with ``__html__``) is noticed
by the sandbox (:data:`binhdanggioi._sandbox.MARKUP_PRINTED`), and a text with control
characters, lone surrogates or non-characters is seen in the bytes; either sends the
part through the strict parse as before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

__all__ = ["Shape", "shape_of", "uneven_rows"]

_VALUE = "&amp;"
_MARK_NS = "urn:binhdanggioi:khoi"
_MARK = f'<bdg:k xmlns:bdg="{_MARK_NS}"/>'
_MARKUP_FILTERS = frozenset({"safe", "xmlattr", "urlize", "tojson"})
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class _NotProven(Exception):
    """The part's shape does not prove well-formed output: parse it each time."""


@attrs.frozen
class Shape:
    """What a template part's shape proves about every rendering of it."""

    well_formed: bool = False
    """Well-formed XML, no drawing to renumber, whenever printed values are escaped text."""
    tables_even: bool = False
    """And every table row spans its grid, whichever blocks are taken."""
    tables_readable: bool = False
    """Cells, grid columns and spans sit where the grid check looks for them (directly
    in their row, grid, cell properties), so :func:`uneven_rows` reads a rendering's
    tables as that check does."""
    deciding: tuple[str, ...] = ()
    """Names of the context whose truth alone picks the branches of some ``if`` (``{%tr
    if not so_sanh %}``): the template never assigns them."""
    even_when: frozenset[tuple[bool, ...]] = frozenset()
    """The truth values of :attr:`deciding` for which every table row spans its grid,
    whichever other blocks are taken."""

    def tables_even_for(self, context: Mapping[str, Any]) -> bool:
        """Whether the tables of a rendering with ``context`` are even by shape."""
        if self.tables_even:
            return True
        if not self.even_when:
            return False
        values = []
        for name in self.deciding:
            value = context.get(name, _MISSING)
            if type(value) not in _STEADY:
                return False  # missing, or of a type whose truth could change
            values.append(bool(value))
        return tuple(values) in self.even_when


_MISSING = object()
# Types whose truth a template cannot change: the sandbox lets no template modify a
# dict or list, and the others cannot be modified.
_STEADY = frozenset({type(None), bool, int, float, str, tuple, list, dict})


def shape_of(env: jinja2.Environment, source: str) -> Shape:
    """What the shape of ``source`` (a preprocessed part) proves."""
    if any(s in source for s in ("<!--", "<![CDATA[", "<?")):
        return Shape()
    try:
        tree = env.parse(source)
        _check_nodes(env, tree)
        bodies: list[str] = []
        flat = _skeleton(tree.body, bodies)
        root = _parse(flat)
        _check_markup(flat)
        _check_marks(root)
        _check_declarations(source)
        _check_scopes(root)
        for body in bodies:
            _check_body(body)
    except _NotProven:
        return Shape()
    except Exception:  # a template Jinja or lxml cannot read here: the strict way decides
        return Shape()
    if next(root.iter("{*}docPr"), None) is not None:
        return Shape()
    plain = _plainly_spelled(root)
    even = plain and _even(bodies, root)
    deciding, even_when = _even_cases(tree) if plain and not even else ((), frozenset())
    return Shape(
        well_formed=True,
        tables_even=even,
        tables_readable=plain and _tables_readable(root),
        deciding=deciding,
        even_when=even_when,
    )


def _even(bodies: list[str], root: Any) -> bool:
    """Every row of the skeleton spans its table's grid, and no block adds or removes
    part of a row or grid."""
    return all(_keeps_tables(body) for body in bodies) and not _has_tables_out_of_shape(root)


_MAX_DECIDING = 3


def _even_cases(tree: Any) -> tuple[tuple[str, ...], frozenset[tuple[bool, ...]]]:
    """For the names whose truth picks ``if`` branches, the truth values with which the
    skeleton of the branches taken (every other block written once) has even tables."""
    import itertools

    names = _deciding_names(tree)
    if not names or len(names) > _MAX_DECIDING:
        return (), frozenset()
    cases = set()
    for values in itertools.product((False, True), repeat=len(names)):
        bodies: list[str] = []
        try:
            root = _parse(_skeleton(tree.body, bodies, dict(zip(names, values, strict=True))))
        except _NotProven:
            continue
        if _even(bodies, root):
            cases.add(values)
    return names, frozenset(cases)


# Names Jinja gives a meaning of its own inside a loop, macro or block.
_JINJA_NAMES = frozenset({"loop", "self", "super", "caller", "varargs", "kwargs"})
_TABLE_PIECES = ("<w:tbl", "<w:tr", "<w:tc", "<w:gridCol", "<w:gridSpan")


def _deciding_names(tree: Any) -> tuple[str, ...]:
    """Names tested alone (``if x``, ``if not x``) around table rows, cells or grids, and
    never assigned in the template."""
    from jinja2 import nodes

    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    assigned |= _JINJA_NAMES
    tested = set()
    for node in tree.find_all(nodes.If):
        name = _tested_name(node.test)
        if name is None or name in assigned:
            continue
        try:
            written = _skeleton([node], [])
        except _NotProven:
            continue
        if any(piece in written for piece in _TABLE_PIECES):
            tested.add(name)
    return tuple(sorted(tested))


def _tested_name(test: Any) -> str | None:
    from jinja2 import nodes

    while isinstance(test, nodes.Not):
        test = test.node
    return test.name if isinstance(test, nodes.Name) and test.ctx == "load" else None


def _decided(test: Any, decided: Mapping[str, bool]) -> bool | None:
    """The value of an ``if`` test known from ``decided``; ``None``: not known."""
    from jinja2 import nodes

    if isinstance(test, nodes.Not):
        inner = _decided(test.node, decided)
        return None if inner is None else not inner
    if isinstance(test, nodes.Name) and test.ctx == "load":
        return decided.get(test.name)
    return None


def _taken(node: Any, decided: Mapping[str, bool]) -> list[list[Any]]:
    """The branches of an ``if`` that may be taken when ``decided`` holds."""
    taken: list[list[Any]] = []
    for test, body in [(node.test, node.body), *((e.test, e.body) for e in node.elif_)]:
        verdict = _decided(test, decided)
        if verdict is True:
            return [*taken, body]
        if verdict is None:
            taken.append(body)
    return [*taken, node.else_]


def _check_markup(flat: str) -> None:
    """No comment, CDATA section or processing instruction, and ``>`` only where a tag
    ends (``flat`` parsed, so every ``<`` starts a tag).

    The source was checked for these before Jinja read it, but docxtpl's preprocessing
    unescapes ``&lt;``/``&gt;`` from a ``{{`` to the next ``}}``/``%}`` (a Jinja comment
    ``{# {{ #}`` opens such a stretch), and a comment or ``{% set %}`` between ``<!`` and
    ``--`` writes nothing: markup a check of the source does not see. A ``>`` in text
    would let ``]]`` printed before it end the document's well-formedness; one in an
    attribute fools the tag scans below.
    """
    if "<!" in flat or "<?" in flat or flat.count(">") != flat.count("<"):
        raise _NotProven("đánh dấu do tiền xử lý hoặc Jinja ghép thành")


def _check_scopes(root: Any) -> None:
    """Every element has the namespaces of its parent (but a block's mark, which binds
    its own prefix for itself only): no declaration below the root, however spelled in
    the source (``xml{# #}ns:v``)."""
    mark = f"{{{_MARK_NS}}}k"
    for el in root.iter():
        parent = el.getparent()
        if parent is None:
            continue
        expected = parent.nsmap
        if el.tag == mark and len(el) == 0:
            expected = {**expected, "bdg": _MARK_NS}
        if el.nsmap != expected:
            raise _NotProven("khai báo không gian tên ngoài phần tử gốc")


# The table elements the tag scans read, by their local names.
_TABLE_NAMES = frozenset({"tbl", "tblGrid", "gridCol", "tr", "tc", "tcPr", "gridSpan"})
_LIKE_TABLE = re.compile(r"(?:tbl|tblGrid|gridCol|tr|tc|tcPr|gridSpan)\b")


def _plainly_spelled(root: Any) -> bool:
    """Whether the tag scans (:func:`uneven_rows`, :func:`_keeps_tables`), which read
    ``w:tc`` and its kin as written, see the table elements the grid check sees: the
    prefix ``w`` is WordprocessingML's, its table elements are all written with it, and
    no other ``w:`` name reads like one of them (``w:tc-x``, ``w:tc.x``)."""
    if root.nsmap.get("w", _W_NS) != _W_NS:
        return False
    for el in root.iter():
        namespace, _, local = str(el.tag)[1:].partition("}")
        if namespace == _W_NS and local in _TABLE_NAMES and el.prefix != "w":
            return False
        if el.prefix == "w" and local not in _TABLE_NAMES and _LIKE_TABLE.match(local):
            return False
    return True


_WHOLE = frozenset({"w:tbl", "w:tr"})
_TABLE_INNARDS = frozenset({"w:tc", "w:tcPr", "w:gridSpan", "w:tblGrid", "w:gridCol"})


def _keeps_tables(body: str) -> bool:
    """Whether a block's body, written any number of times, keeps every table's grid and
    the width of every row around it: the cells, cell properties, spans and grids it
    holds are all inside a row or table of its own (copies of whole rows and tables)."""
    open_here: list[str] = []
    for tag in _TAG.finditer(body):
        end, name, empty = tag.groups()
        if name in _TABLE_INNARDS and _WHOLE.isdisjoint(open_here):
            return False
        if empty:
            continue
        if not end:
            open_here.append(name)
        elif open_here:
            open_here.pop()
    return True


def _tables_readable(root: Any) -> bool:
    w = f"{{{_W_NS}}}"
    parents = {"tc": ("tr",), "gridCol": ("tblGrid",), "tblGrid": ("tbl",), "tcPr": ("tc",)}
    for child, allowed in parents.items():
        for el in root.iter(f"{w}{child}"):
            parent = el.getparent()
            if parent is None or parent.tag not in {f"{w}{a}" for a in allowed}:
                return False
    for span in root.iter(f"{w}gridSpan"):
        parent = span.getparent()
        if parent is None or parent.tag != f"{w}tcPr":
            return False
    return True


_TABLE_TAG = re.compile(r"<(/?)w:(tbl|tblGrid|gridCol|tr|tc|gridSpan)\b([^>]*)>")
_SPAN = re.compile(r'\sw:val="([0-9]{1,4})"')


def uneven_rows(xml: str) -> bool | None:
    """Whether some table row of ``xml`` (a rendered part of a well-formed shape) does
    not span its grid, as the grid check of :mod:`~binhdanggioi.renderers.docx` reads
    it: each row below a table, nested ones too, against that table's grid columns;
    a cell spans its ``gridSpan``, else one column. ``None``: cannot tell here."""
    tables: list[int] = []  # grid columns of each open table, outermost first
    rows: list[int] = []  # width so far of each open row
    open_tags: list[str] = []
    for end, name, rest in _TABLE_TAG.findall(xml):
        empty = rest.endswith("/")
        if end:
            if not open_tags or open_tags.pop() != name:
                return None
            if name == "tbl":
                tables.pop()
            elif name == "tr" and _uneven(rows.pop(), tables):
                return True
            continue
        parent = open_tags[-1] if open_tags else ""
        if name == "gridCol" and parent == "tblGrid":
            tables[-1] += 1
        elif name == "tc" and parent == "tr":
            rows[-1] += 1
        elif name == "gridSpan":
            span = _SPAN.search(rest)
            if parent != "tc" or span is None:
                return None
            rows[-1] += int(span.group(1)) - 1
        if not empty:
            open_tags.append(name)
            if name == "tbl":
                tables.append(0)
            elif name == "tr":
                if not tables:
                    return None
                rows.append(0)
        elif name == "tr" and _uneven(0, tables):
            return True
    return None if open_tags else False


def _uneven(width: int, tables: list[int]) -> bool:
    """A row of ``width`` columns against the grids of the tables it is in."""
    return any(width != columns for columns in tables)


def _check_nodes(env: jinja2.Environment, tree: Any) -> None:
    from jinja2 import nodes
    from jinja2.nodes import EvalContext, Impossible

    allowed = (nodes.Output, nodes.If, nodes.For, nodes.With, nodes.Assign)
    for node in tree.find_all(nodes.Stmt):
        if not isinstance(node, allowed):
            raise _NotProven(type(node).__name__)
    for node in tree.find_all((nodes.MarkSafe, nodes.MarkSafeIfAutoescape)):
        raise _NotProven(type(node).__name__)
    for node in tree.find_all(nodes.Filter):
        if node.name in _MARKUP_FILTERS:
            raise _NotProven(node.name)
    context = EvalContext(env)
    for output in tree.find_all(nodes.Output):
        for child in output.nodes:
            if isinstance(child, nodes.TemplateData):
                continue
            try:
                value = child.as_const(context)
            except Impossible:
                continue
            except Exception:
                continue
            if hasattr(value, "__html__"):
                raise _NotProven("hằng số là mã đánh dấu")


def _skeleton(body: list[Any], bodies: list[str], decided: Mapping[str, bool] | None = None) -> str:
    """``body`` with each block's bodies written once between marks; each body's own
    skeleton appended to ``bodies`` to be checked alone. With ``decided`` (truth values
    of names), an ``if`` it decides writes only the branch taken."""
    from jinja2 import nodes

    out: list[str] = []
    for node in body:
        if isinstance(node, nodes.Output):
            out.extend(c.data if isinstance(c, nodes.TemplateData) else _VALUE for c in node.nodes)
        elif isinstance(node, nodes.If):
            branches = (
                _taken(node, decided)
                if decided
                else [node.body, *(e.body for e in node.elif_), node.else_]
            )
            out.append(_blocks(branches, bodies, decided))
        elif isinstance(node, nodes.For):
            out.append(_blocks([node.body, node.else_], bodies, decided))
        elif isinstance(node, nodes.With):
            out.append(_blocks([node.body], bodies, decided))
        elif not isinstance(node, nodes.Assign):
            raise _NotProven(type(node).__name__)
    return "".join(out)


def _blocks(
    branches: list[list[Any]], bodies: list[str], decided: Mapping[str, bool] | None
) -> str:
    written = []
    for branch in branches:
        inner = _skeleton(branch, bodies, decided)
        bodies.append(inner)
        written.append(inner)
    return _MARK + _MARK.join(written) + _MARK


def _parse(xml: str) -> Any:
    from lxml import etree  # type: ignore[import-untyped]

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(xml.encode("utf-8"), parser=parser)
    except etree.XMLSyntaxError as err:
        raise _NotProven(str(err)) from None


def _check_marks(root: Any) -> None:
    """Every block in element content, not between a row's cells nor in a table grid."""
    w = f"{{{_W_NS}}}"
    for mark in root.iter(f"{{{_MARK_NS}}}k"):
        for ancestor in mark.iterancestors():
            if ancestor.tag == f"{w}tc":
                break  # inside a cell: paragraphs and runs come and go, cells stay
            if ancestor.tag in (f"{w}tr", f"{w}tblGrid"):
                raise _NotProven("khối giữa các ô của một dòng bảng")


def _check_declarations(source: str) -> None:
    """Every namespace declared on the root element, so that an element a block closes
    and opens again (below) binds nothing the one it replaces did not."""
    start = _TAG.search(source)
    if start is None or source.count("xmlns") != start.group(0).count("xmlns"):
        raise _NotProven("khai báo không gian tên ngoài phần tử gốc")


_TAG = re.compile(r"<(/?)([^\s/>!?]+)[^>]*?(/?)>")
# Elements whose copies would change a table's cells or grid.
_TABLE_PARTS = frozenset({"w:tc", "w:tr", "w:tbl", "w:tblGrid", "w:gridCol"})


def _check_body(body: str) -> None:
    """A block's body leaves the elements open as it found them, so that writing it any
    number of times keeps the document well-formed: it is balanced, or it closes some
    of the elements around it and opens the same ones again (``</w:t></w:r><w:r><w:t>``
    around a run of its own), never a table's cell, row or grid."""
    open_here: list[str] = []
    closed: list[str] = []
    for tag in _TAG.finditer(body):
        end, name, empty = tag.groups()
        if empty:
            continue
        if not end:
            open_here.append(name)
        elif not open_here:
            closed.append(name)  # an element around the block
        elif open_here.pop() != name:
            raise _NotProven(f"thẻ {name} đóng sai chỗ")
    if closed[::-1] != open_here or _TABLE_PARTS.intersection(closed):
        raise _NotProven("khối không giữ nguyên các phần tử đang mở")


def _has_tables_out_of_shape(root: Any) -> bool:
    from binhdanggioi.renderers.docx import _grid_mismatch

    return bool(_grid_mismatch(root))
