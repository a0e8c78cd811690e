"""A template part whose shape proves its output well-formed skips the strict parse.

The proof (``renderers._docx_shape``) must never let through what the strict parse
would refuse or what docxtpl's ``fix_tables`` would change: the output of the fast
way is compared with the strict way's, byte for byte, and the shapes that prove
nothing are listed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]
from markupsafe import Markup

import binhdanggioi as bdg
from binhdanggioi.context import template_context
from binhdanggioi.errors import TemplateError
from binhdanggioi.model import DonVi
from binhdanggioi.renderers import docx as D
from binhdanggioi.renderers._docx_shape import Shape, shape_of, uneven_rows
from binhdanggioi.templating import jinja_environment
from strategies import examples

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _part(body: str, declarations: str = "") -> str:
    return f'<w:document xmlns:w="{_W}"{declarations}><w:body>{body}</w:body></w:document>'


def _para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


# --------------------------------------------------------------------------- shapes


def test_the_built_in_templates_are_proven_well_formed() -> None:
    for name in (None, "ke-hoach.docx"):
        template = None if name is None else D.template_path(None, name)
        prepared = D.prepare(template)
        assert all(c.shape.well_formed for c in prepared._compiled.values())


@pytest.mark.parametrize(
    "body",
    [
        _para("{{ ten }}") + "{% for x in xs %}" + _para("{{ x }}") + "{% endfor %}",
        "{% if a %}" + _para("a") + "{% elif b %}" + _para("b") + "{% else %}{% endif %}",
        # a block that closes the run it is in and opens another, around a run of its own
        "<w:p><w:r><w:t>a{% if b %}</w:t></w:r><w:r><w:t>{{ b }}</w:t></w:r>"
        "<w:r><w:t>{% endif %}c</w:t></w:r></w:p>",
        '<w:p><w:pPr><w:jc w:val="{{ canh }}"/></w:pPr></w:p>',
        "{% set n = 3 %}{% with m = n %}" + _para("{{ m }}") + "{% endwith %}",
    ],
)
def test_balanced_shapes_are_proven(body: str) -> None:
    assert shape_of(jinja_environment(), _part(body)).well_formed


@pytest.mark.parametrize(
    "body",
    [
        # a paragraph opened in one block and closed in another
        "{% if a %}<w:p>{% endif %}<w:r><w:t>x</w:t></w:r>{% if a %}</w:p>{% endif %}",
        # a printed value as a tag name, or between attributes
        "<w:{{ tag }}/>",
        "<w:p {{ attrs }}/>",
        # a block inside a tag or an attribute
        '<w:p{% if a %} w:rsidR="1"{% endif %}/>',
        '<w:p><w:pPr><w:jc w:val="{% if a %}left{% endif %}"/></w:pPr></w:p>',
        # markup folded at compile time, and what can make markup
        _para("{{ '</w:t>'|safe }}"),
        "{% macro m() %}" + _para("x") + "{% endmacro %}{{ m() }}",
        "{% filter upper %}" + _para("x") + "{% endfilter %}",
        "{% autoescape false %}" + _para("{{ x }}") + "{% endautoescape %}",
        # a block between the cells of a row, which changes its width
        "<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc><w:p/></w:tc>"
        "{% if a %}<w:tc><w:p/></w:tc>{% endif %}</w:tr></w:tbl>",
        # comments, a namespace declared below the root, a drawing
        "<!-- x -->" + _para("x"),
        '<w:p xmlns:v="urn:x"><v:shape/></w:p>',
        '<w:p><w:r><w:drawing><w:docPr id="1"/></w:drawing></w:r></w:p>',
        # Jinja the sandbox reads but this check does not know: the strict way decides
        "{% if %}",
        # a ">" in an attribute (docxtpl unescapes &gt; after "{{"), which the tag scan
        # took for the end of an open <w:r ...>: the block closes a run it never opens
        '<w:p><w:r>{% if a %}</w:r><w:r w:rsidR=">"/>{% endif %}</w:p>',
        # a ">" in text, after which a printed "]]" makes "]]>"
        "<w:p><w:r><w:t>]]{{ x }}></w:t></w:r></w:p>",
        # a comment, or a namespace declared below the root, spelled apart by Jinja
        "<w:p><w:r><w:t><!{# #}-- {{ v }} --></w:t></w:r></w:p>",
        "<w:p><w:r><w:t><!{% set n = 1 %}-- {{ v }} --></w:t></w:r></w:p>",
        '<w:p><w:r>{% if a %}</w:r><w:r xml{# #}ns:v="urn:v">{% endif %}<v:x/></w:r></w:p>',
    ],
)
def test_shapes_that_prove_nothing(body: str) -> None:
    assert shape_of(jinja_environment(), _part(body)) == Shape()


# --------------------------------------------------------------------------- tables

_GRID = '<w:tblGrid><w:gridCol w:w="100"/><w:gridCol w:w="100"/></w:tblGrid>'
_TWO_CELLS = "<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>"


@pytest.mark.parametrize(
    "table",
    [
        # a span that a block gives or takes
        "<w:tbl>" + _GRID + "<w:tr><w:tc><w:tcPr>{% if s %}"
        '<w:gridSpan w:val="2"/>{% endif %}</w:tcPr><w:p/></w:tc></w:tr></w:tbl>',
        # cell properties put beside a paragraph by a block that closes it
        "<w:tbl>" + _GRID + "<w:tr><w:tc><w:p>{% for i in xs %}</w:p><w:tcPr>"
        '<w:gridSpan w:val="2"/></w:tcPr><w:p>{% endfor %}</w:p></w:tc></w:tr></w:tbl>',
        # a grid that a block gives or takes, or puts beside the table's properties
        "<w:tbl>{% if g %}" + _GRID + "{% endif %}" + _TWO_CELLS + "</w:tbl>",
        "<w:tbl><w:tblPr>{% for i in xs %}</w:tblPr>" + _GRID + "<w:tblPr>{% endfor %}"
        "</w:tblPr>" + _TWO_CELLS + "</w:tbl>",
    ],
)
def test_blocks_that_change_a_grid_or_a_row_width_prove_no_even_table(table: str) -> None:
    shape = shape_of(jinja_environment(), _part(table + _para("x")))
    assert shape.well_formed and not shape.tables_even


@pytest.mark.parametrize(
    ("body", "declarations"),
    [
        # an element the tag scan takes for a cell: w:tc, then "-x"
        ("<w:tbl>" + _GRID + "<w:tr><w:tc><w:p/></w:tc><w:tc-x/></w:tr></w:tbl>", ""),
        # table elements written with another prefix for the same namespace
        ("<w:tbl>" + _GRID + "<x:tr><x:tc><w:p/></x:tc></x:tr></w:tbl>", f' xmlns:x="{_W}"'),
    ],
)
def test_tables_spelled_unlike_the_tag_scan_are_not_readable(body: str, declarations: str) -> None:
    shape = shape_of(jinja_environment(), _part(body + _para("x"), declarations))
    assert shape.well_formed and not shape.tables_even and not shape.tables_readable


def _cell(span: int) -> str:
    props = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else ""
    return f"<w:tc>{props}<w:p/></w:tc>"


@st.composite
def _tables(draw: Any, depth: int = 0) -> str:
    columns = draw(st.integers(0, 4))
    grid = "<w:tblGrid>" + "<w:gridCol/>" * columns + "</w:tblGrid>"
    rows = []
    for _ in range(draw(st.integers(0, 3))):
        spans = draw(st.lists(st.integers(1, 3), max_size=4))
        if draw(st.booleans()):  # mostly rows that fill the grid, spans included
            spans = _filling(columns, spans)
        cells = [_cell(span) for span in spans]
        if depth < 1 and cells and draw(st.booleans()):
            inner = draw(_tables(depth + 1))
            cells[-1] = f"<w:tc>{inner}<w:p/></w:tc>"
        empty = not cells and draw(st.booleans())
        start = draw(st.sampled_from(["<w:tr", '<w:tr w:rsidR="00A1"']))
        rows.append(f"{start}/>" if empty else f"{start}>" + "".join(cells) + "</w:tr>")
    start = draw(st.sampled_from(["<w:tbl>", '<w:tbl w:x="1">']))
    return start + "<w:tblPr/>" + grid + "".join(rows) + "</w:tbl>"


def _filling(columns: int, spans: list[int]) -> list[int]:
    """``spans`` cut or padded so that they add up to ``columns``."""
    out: list[int] = []
    for span in spans:
        if sum(out) + span <= columns:
            out.append(span)
    return out + [1] * (columns - sum(out))


@examples(300)
@given(st.lists(_tables(), max_size=3))
def test_uneven_rows_reads_tables_as_the_grid_check_does(tables: list[str]) -> None:
    xml = _part("".join(tables) + _para("x"))
    assert uneven_rows(xml) is D._grid_mismatch(etree.fromstring(xml.encode()))


def test_a_spanning_cell_counts_its_columns() -> None:
    grid = "<w:tblGrid>" + "<w:gridCol/>" * 3 + "</w:tblGrid>"
    even = "<w:tbl>" + grid + "<w:tr>" + _cell(2) + _cell(1) + "</w:tr></w:tbl>"
    assert uneven_rows(_part(even)) is False
    assert uneven_rows(_part(even.replace(_cell(1), _cell(2)))) is True


def test_uneven_rows_cannot_tell_a_span_it_cannot_read() -> None:
    table = (
        "<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc><w:tcPr>"
        '<w:gridSpan w:val="x"/></w:tcPr></w:tc></w:tr></w:tbl>'
    )
    assert uneven_rows(_part(table)) is None


# --------------------------------------------------------------------------- rendering


def _reports() -> list[bdg.BaoCao]:
    bac_kan = bdg.load(bdg.example_path())
    school = bdg.load(Path(__file__).parent.parent / "examples" / "truong-tieu-hoc-2025.yaml")
    units = [attrs.evolve(bac_kan, don_vi=DonVi(f"Xã {i}", "xa", loai="xã")) for i in range(3)]
    district = bdg.aggregate(units, don_vi=DonVi("Huyện Thử", "huyen", loai="huyện"))
    return [bac_kan, school, district]


def _strict(prepared: D.PreparedDocx) -> D.PreparedDocx:
    strict = D.prepare()
    strict._compiled = {
        k: D._Compiled(c.source, c.template, Shape()) for k, c in prepared._compiled.items()
    }
    return strict


def test_the_fast_way_writes_what_the_strict_way_writes() -> None:
    fast = D.prepare()
    assert fast._compiled["word/document.xml"].shape.well_formed
    strict = _strict(fast)
    for report in _reports():
        earlier = attrs.evolve(report, nam=report.nam - 1)
        for context in (template_context(report), template_context(report, nam_truoc=earlier)):
            assert fast.render_context(context) == strict.render_context(context)


def _template(tmp_path: Path, body: str, declarations: str = "") -> Path:
    """The default Word template with ``body`` as its document part."""
    source = D.template_path(None, "bao-cao.docx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "word/document.xml":
                data = _part(body, declarations).encode()
            new.writestr(info, data)
    path = tmp_path / "mau.docx"
    path.write_bytes(out.getvalue())
    return path


def test_markup_printed_at_run_time_takes_the_strict_way(tmp_path: Path) -> None:
    prepared = D.prepare(_template(tmp_path, _para("{{ x }}")))
    assert prepared._compiled["word/document.xml"].shape.well_formed
    assert prepared.render_context({"x": "<w:p>"})  # text: escaped
    with pytest.raises(TemplateError, match="XML hợp lệ"):
        prepared.render_context({"x": Markup("</w:t><w:p>")})


def test_a_character_xml_refuses_takes_the_strict_way(tmp_path: Path) -> None:
    prepared = D.prepare(_template(tmp_path, _para("{{ x }}")))
    with pytest.raises(TemplateError, match="XML hợp lệ"):
        prepared.render_context({"x": "a\x01b"})


def test_a_table_fixed_by_docxtpl_is_still_fixed(tmp_path: Path) -> None:
    rows = "{% for n in ns %}<w:tr>" + _cell(1) * 3 + "</w:tr>{% endfor %}"
    table = "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>" + rows
    prepared = D.prepare(_template(tmp_path, table + "</w:tbl>" + _para("x")))
    shape = prepared._compiled["word/document.xml"].shape
    assert shape.well_formed and not shape.tables_even
    fixed = []
    fix_tables = prepared._helper.fix_tables

    def spy(xml: str) -> Any:
        fixed.append(xml)
        return fix_tables(xml)

    prepared._helper.fix_tables = spy
    data = prepared.render_context({"ns": [1, 2]})
    assert len(fixed) == 1  # rows of three cells in a grid of two: docxtpl's turn
    assert prepared.render_context({"ns": []}) and len(fixed) == 1  # no row: nothing to fix
    assert data == _strict(prepared).render_context({"ns": [1, 2]})


def _outcome(prepared: D.PreparedDocx, context: dict[str, Any]) -> bytes | str:
    try:
        return prepared.render_context(context)
    except TemplateError:
        return "không còn là XML hợp lệ"


@pytest.mark.parametrize(
    ("body", "declarations", "context"),
    [
        # docxtpl unescapes &gt; and &lt; from a "{{" (here in a Jinja comment) to the
        # next "}}": a ">" in an attribute fools the tag scan of a block's body ...
        (
            '<w:p><w:r>{% if a %}</w:r><w:r w:rsidR="{# {{ #}&gt;{{ 1 }}"/>{% endif %}</w:p>',
            "",
            {"a": False},
        ),
        # ... a ">" in text follows a printed "]]" ...
        ('<w:p><w:r><w:t>]]{{ x }}{# {{ #}&gt;{{ "" }}</w:t></w:r></w:p>', "", {"x": ""}),
        # ... a comment is spelled apart by a Jinja comment, and holds a printed "--" ...
        (
            "<w:p><w:r><w:t>{# {{ #}&lt;!{# #}-- {{ v }} --{# {{ #}&gt;{{ '' }}</w:t></w:r></w:p>",
            "",
            {"v": "--"},
        ),
        # ... a namespace declared in a run the block opens is used after the block
        (
            "<w:p><w:r>{% if a %}{# {{ #}&lt;/w:r&gt;&lt;w:r xml{# #}ns:v=“urn:v”&gt;{{ '' }}"
            "{% endif %}{# {{ #}&lt;v:x/&gt;{{ '' }}</w:r></w:p>",
            "",
            {"a": False},
        ),
        # a span a block leaves out: the row no longer fills the grid
        (
            "<w:tbl><w:tblPr/>" + _GRID + "<w:tr><w:tc><w:tcPr>{% if s %}"
            '<w:gridSpan w:val="2"/>{% endif %}</w:tcPr><w:p/></w:tc></w:tr></w:tbl>',
            "",
            {"s": False},
        ),
        # rows the tag scan reads wider than they are
        (
            "<w:tbl><w:tblPr/>" + _GRID + "<w:tr><w:tc><w:p/></w:tc><w:tc-x/></w:tr></w:tbl>",
            "",
            {},
        ),
        (
            "<w:tbl><w:tblPr/>" + _GRID + "<x:tr><x:tc><w:p/></x:tc></x:tr></w:tbl>",
            f' xmlns:x="{_W}"',
            {},
        ),
    ],
)
def test_templates_made_to_fool_the_shape_render_as_the_strict_way(
    tmp_path: Path, body: str, declarations: str, context: dict[str, Any]
) -> None:
    prepared = D.prepare(_template(tmp_path, body + _para("x"), declarations))
    assert _outcome(prepared, context) == _outcome(_strict(prepared), context)


@pytest.mark.parametrize(
    "grid",
    ["", "<w:tblGrid>" + "<w:gridCol/>" * 4 + "</w:tblGrid>"],
    ids=["no-grid", "no-widths"],
)
def test_a_table_docxtpl_cannot_fix_is_a_template_error(tmp_path: Path, grid: str) -> None:
    rows = "<w:tr>" + _cell(1) * 3 + "</w:tr>"
    body = "<w:tbl><w:tblPr/>" + grid + rows + "</w:tbl>" + _para("{{ x }}")
    prepared = D.prepare(_template(tmp_path, body))
    with pytest.raises(TemplateError, match="lưới bảng"):
        prepared.render_context({"x": "a"})


# --------------------------------------------------------------------------- decided by a name

_GRID2 = "<w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
_DECIDED = (
    "<w:tbl><w:tblPr/>"
    + _GRID2
    + "{% for n in ns %}{% if not s %}<w:tr>"
    + _cell(1) * 2
    + "</w:tr>{% else %}<w:tr>"
    + _cell(1) * 3
    + "</w:tr>{% endif %}{% endfor %}</w:tbl>"
    + _para("x")
)


def test_a_name_that_picks_the_rows_decides_whether_tables_are_even() -> None:
    shape = shape_of(jinja_environment(), _part(_DECIDED))
    assert shape.well_formed and not shape.tables_even
    assert shape.deciding == ("s",) and shape.even_when == {(False,)}
    assert shape.tables_even_for({"s": None}) and shape.tables_even_for({"s": {}})
    assert not shape.tables_even_for({"s": {"a": 1}})
    assert not shape.tables_even_for({})  # missing: Jinja may find it elsewhere

    class Flag:
        def __bool__(self) -> bool:
            return False

    assert not shape.tables_even_for({"s": Flag()})  # its truth could change


@pytest.mark.parametrize(
    "assign", ["{% set s = ns %}", "{% for s in ns %}{% endfor %}", "{% with s = 1 %}{% endwith %}"]
)
def test_a_name_the_template_assigns_decides_nothing(assign: str) -> None:
    shape = shape_of(jinja_environment(), _part(assign + _DECIDED))
    assert shape.well_formed and shape.deciding == ()


def test_rows_decided_by_a_name_skip_the_scan_and_still_get_fixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prepared = D.prepare(_template(tmp_path, _DECIDED))
    strict = _strict(prepared)
    scans = []
    monkeypatch.setattr(D, "uneven_rows", lambda xml: scans.append(xml) or None)
    for s in (None, {"a": 1}):
        context = {"ns": [1, 2], "s": s}
        assert prepared.render_context(context) == strict.render_context(context)
    assert len(scans) == 1  # only the rendering whose rows the name did not decide


@pytest.mark.parametrize(
    ("text", "suspect"),
    [
        ("Tăng cường tuyên truyền về bình đẳng giới ở thôn, bản", False),
        ("ﬁ ligature (U+FB01) and ＡＢ fullwidth", False),
        ("a\tb", True),
        ("a\x07b", True),
        ("a\ud800b", True),
        ("x \ufffe", True),
        ("ﬁ \uffff", True),
    ],
)
def test_a_part_is_suspect_exactly_for_characters_xml_or_docxtpl_treat_apart(
    text: str, suspect: bool
) -> None:
    from binhdanggioi.renderers.docx import _suspect

    assert _suspect(text.encode("utf-8", "surrogatepass")) is suspect
