"""Build ``templates/bao-cao.docx``, the default Word template (Nghị định 30/2020/NĐ-CP).

Run ``python templates/build_docx_template.py`` after changing this script and
commit both files; ``tests/test_docx.py`` checks that they agree. The template is
an ordinary docxtpl template: open it in Word to see where every ``{{ … }}`` goes.

Layout (Nghị định 30/2020/NĐ-CP, Phụ lục I): A4 portrait, margins top and bottom
20 mm, left 30 mm, right 15 mm; Times New Roman 14 pt, justified, first-line indent
1,27 cm, 6 pt after each paragraph; header as a borderless two-column table; page
numbers centred in the top margin from page 2 on.

Needs python-docx (a development dependency): ``pip install python-docx``.
"""

from __future__ import annotations

import copy
import io
import re
import sys
import zipfile
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from lxml import etree

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "bao-cao.docx"
FONT = "Times New Roman"
TEXT_WIDTH_CM = 16.5  # 210 mm - 30 mm - 15 mm
FIXED_TIME = (2024, 1, 1, 0, 0, 0)

# Styles a template author can change in Word (Trang đầu → Kiểu), by name.
S_BODY = "BC Nội dung"
S_HEADING = "BC Mục"
S_CENTER = "BC Căn giữa"
S_TABLE = "BC Bảng"
S_SMALL = "BC Nơi nhận"
S_RULE = "BC Đường kẻ"

# Children of w:pPr in schema order (Word refuses a document with them out of order).
_PPR_ORDER = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
)


# --------------------------------------------------------------------------- helpers


def _insert_ppr_child(ppr: Any, child: Any) -> None:
    """Insert ``child`` into ``w:pPr`` at the place the schema orders it (Word is strict)."""
    tag = child.tag
    names = [qn(f"w:{n}") for n in _PPR_ORDER]
    for existing in ppr.findall(tag):
        ppr.remove(existing)
    later = set(names[names.index(tag) + 1 :])
    for i, existing in enumerate(ppr):
        if existing.tag in later:
            ppr.insert(i, child)
            return
    ppr.append(child)


def _bottom_border(paragraph: Any, *, size: int = 6, space: int = 1) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", str(space))):
        bottom.set(qn(key), value)
    bottom.set(qn("w:color"), "auto")
    border.append(bottom)
    _insert_ppr_child(ppr, border)


def _fonts(rpr: Any, size_pt: float | None = None) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), FONT)
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(size_pt * 2)))


def _paragraph_style(doc: Any, name: str, **fmt: Any) -> Any:
    from docx.enum.style import WD_STYLE_TYPE

    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    pf = style.paragraph_format
    font = style.font
    pf.space_before = Pt(fmt.get("before", 0))
    pf.space_after = Pt(fmt.get("after", 0))
    pf.line_spacing_rule = fmt.get("line_rule", WD_LINE_SPACING.SINGLE)
    if "line" in fmt:
        pf.line_spacing = fmt["line"]
    pf.alignment = fmt.get("align", WD_ALIGN_PARAGRAPH.LEFT)
    pf.first_line_indent = fmt.get("first_line", Cm(0))
    pf.keep_with_next = fmt.get("keep_next", False)
    pf.widow_control = True
    font.name = FONT
    font.size = Pt(fmt.get("size", 14))
    font.bold = fmt.get("bold")
    font.italic = fmt.get("italic")
    _fonts(style.element.get_or_add_rPr())
    return style


def _para(
    container: Any,
    parts: str | Sequence[tuple[str, dict[str, Any]]],
    style: str,
    *,
    align: Any = None,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    keep_next: bool | None = None,
    before: float | None = None,
    after: float | None = None,
    indent: tuple[float, float] | None = None,
) -> Any:
    """Add a paragraph of runs; ``parts`` is text, or ``[(text, {bold, italic, size}), ...]``."""
    p = container.add_paragraph(style=style)
    runs = [(parts, {})] if isinstance(parts, str) else list(parts)
    for text, fmt in runs:
        run = p.add_run(text)
        run.bold = fmt.get("bold", bold)
        run.italic = fmt.get("italic", italic)
        run_size = fmt.get("size", size)
        if run_size is not None:
            run.font.size = Pt(run_size)
    pf = p.paragraph_format
    if align is not None:
        pf.alignment = align
    if keep_next is not None:
        pf.keep_with_next = keep_next
    if before is not None:
        pf.space_before = Pt(before)
    if after is not None:
        pf.space_after = Pt(after)
    if indent is not None:
        pf.left_indent, pf.right_indent = Cm(indent[0]), Cm(indent[1])
    return p


def _tag(container: Any, tag: str) -> Any:
    """A paragraph holding only a docxtpl tag (``{%p … %}``): it disappears when rendered."""
    return _para(container, tag, S_BODY, align=WD_ALIGN_PARAGRAPH.LEFT, size=10)


def _rule(container: Any, length_cm: float, width_cm: float) -> Any:
    """A short horizontal rule, centred in ``width_cm``: a bottom border on a tiny paragraph."""
    side = max((width_cm - length_cm) / 2, 0)
    p = _para(container, "", S_RULE, indent=(side, side))
    _bottom_border(p)
    return p


def _cell_first(cell: Any) -> Any:
    """Use the cell's own first paragraph: a new cell must not start with an empty one."""
    return cell.paragraphs[0]


def _fill(cell: Any, parts: Any, style: str, **kw: Any) -> Any:
    """Write into the first (empty) paragraph of ``cell``, then add more with :func:`_para`."""
    p = _cell_first(cell)
    p.style = style
    runs = [(parts, {})] if isinstance(parts, str) else list(parts)
    for text, fmt in runs:
        run = p.add_run(text)
        run.bold = fmt.get("bold", kw.get("bold"))
        run.italic = fmt.get("italic", kw.get("italic"))
        size = fmt.get("size", kw.get("size"))
        if size is not None:
            run.font.size = Pt(size)
    if kw.get("align") is not None:
        p.paragraph_format.alignment = kw["align"]
    return p


def _widths(table: Any, widths_cm: Sequence[float]) -> None:
    """Fixed column widths; a merged cell gets the sum of the columns it spans."""
    table.autofit = False
    tbl = table._tbl
    total = int(sum(Cm(w).twips for w in widths_cm))
    tbl_w = tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is not None:
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(total))
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for tr in tbl.tr_lst:
        start = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Cm(sum(widths_cm[start : start + span]))
            start += span


def _set_vmerge(cell: Any, value: str) -> None:
    cell._tc.get_or_add_tcPr().vMerge_val = value


def _header_row(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        el = OxmlElement(tag)
        tr_pr.append(el)


def _cant_split(row: Any) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _span_row(table: Any, text: str) -> Any:
    """A row of one cell across the table: holds a docxtpl ``{%tr … %}`` tag."""
    row = table.add_row()
    first, last = row.cells[0], row.cells[-1]
    merged = first.merge(last)
    _fill(merged, text, S_TABLE, size=10)
    return row


# --------------------------------------------------------------------------- document


def _setup(doc: Any) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)

    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr_default, 14)
    lang = rpr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr_default.append(lang)
    for key in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(key), "vi-VN")

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _fonts(normal.element.get_or_add_rPr(), 14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE

    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    center = WD_ALIGN_PARAGRAPH.CENTER
    multiple = WD_LINE_SPACING.MULTIPLE
    _paragraph_style(
        doc, S_BODY, align=justify, first_line=Cm(1.27), after=6, line_rule=multiple, line=1.15
    )
    _paragraph_style(
        doc,
        S_HEADING,
        align=justify,
        first_line=Cm(1.27),
        before=6,
        after=6,
        bold=True,
        keep_next=True,
        line_rule=multiple,
        line=1.15,
    )
    _paragraph_style(doc, S_CENTER, align=center)
    _paragraph_style(doc, S_TABLE, size=13, before=2, after=2)
    _paragraph_style(doc, S_SMALL, size=11)
    _paragraph_style(doc, S_RULE, size=4)

    doc.core_properties.title = "Báo cáo kết quả thực hiện Tháng hành động vì bình đẳng giới"
    doc.core_properties.subject = "Mẫu báo cáo theo Nghị định 30/2020/NĐ-CP"
    doc.core_properties.author = "binhdanggioi"
    doc.core_properties.last_modified_by = "binhdanggioi"
    doc.core_properties.keywords = "binhdanggioi; docxtpl"
    doc.core_properties.comments = (
        "Mẫu Word mặc định của binhdanggioi. Xem docs/huong-dan-mau.md để sửa mẫu."
    )
    doc.core_properties.language = "vi-VN"
    fixed = datetime(*FIXED_TIME, tzinfo=UTC)
    doc.core_properties.created = fixed
    doc.core_properties.modified = fixed
    doc.core_properties.revision = 1


def _page_numbers(doc: Any) -> None:
    """Page number centred in the top margin, from page 2 on (first-page header empty)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.style = doc.styles[S_CENTER]
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    p._p.append(field)
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].style = doc.styles[S_CENTER]


def _top(doc: Any) -> None:
    """Quốc hiệu, tiêu ngữ, issuing bodies, number, place and date: two borderless columns."""
    left_w, right_w = 6.3, TEXT_WIDTH_CM - 6.3
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, (left_w, right_w))
    inner_left = left_w - 0.4
    inner_right = right_w - 0.4

    left = table.cell(0, 0)
    _fill(left, "{%p for dong in van_ban.co_quan_chu_quan_dong %}", S_CENTER, size=10)
    _para(left, "{{ dong }}", S_CENTER, size=13)
    _tag(left, "{%p endfor %}")
    _tag(left, "{%p for dong in van_ban.co_quan_dong %}")
    _para(left, "{{ dong }}", S_CENTER, size=13, bold=True)
    _tag(left, "{%p endfor %}")
    _rule(left, 2.2, inner_left)

    right = table.cell(0, 1)
    _fill(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", S_CENTER, size=13, bold=True)
    motto = _para(right, "Độc lập - Tự do - Hạnh phúc", S_CENTER, size=14, bold=True)
    side = (inner_right - 6.1) / 2
    motto.paragraph_format.left_indent = Cm(side)
    motto.paragraph_format.right_indent = Cm(side)
    _bottom_border(motto, space=3)

    number = table.cell(1, 0)
    _fill(number, "{{ van_ban.so_ky_hieu }}", S_CENTER, size=13)
    number.paragraphs[0].paragraph_format.space_before = Pt(6)
    date = table.cell(1, 1)
    _fill(date, "{{ van_ban.dia_danh_ngay }}", S_CENTER, size=14, italic=True)
    date.paragraphs[0].paragraph_format.space_before = Pt(6)
    for cell in (left, right, number, date):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def _title(doc: Any) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "BÁO CÁO", S_CENTER, bold=True, before=18)
    _para(doc, "{{ van_ban.trich_yeu }}", S_CENTER, bold=True)
    _rule(doc, 5.0, TEXT_WIDTH_CM)
    _tag(doc, "{%p if van_ban.kinh_gui %}")
    _para(doc, "Kính gửi: {{ van_ban.kinh_gui_viet }}.", S_CENTER, before=6, align=center)
    _tag(doc, "{%p endif %}")
    _para(doc, "", S_CENTER, size=6)


def _bullets(doc: Any, items: str, *, dash: bool = True) -> None:
    _tag(doc, f"{{%p for y in {items} %}}")
    _para(doc, "- {{ y }}" if dash else "{{ y }}", S_BODY)
    _tag(doc, "{%p endfor %}")


def _body(doc: Any) -> None:
    _para(doc, "{{ mo_dau }}", S_BODY)

    _para(doc, "I. TỔ CHỨC THỰC HIỆN", S_HEADING)
    _para(doc, "1. Công tác lãnh đạo, ban hành kế hoạch triển khai", S_HEADING)
    _bullets(doc, "chi_dao")
    _para(
        doc, "2. Nội dung hoạt động đã triển khai (theo bảng tổng hợp số liệu Mục III)", S_HEADING
    )
    _tag(doc, "{%p if chu_de_cau %}")
    _para(doc, "- {{ chu_de_cau }}", S_BODY)
    _tag(doc, "{%p endif %}")
    _bullets(doc, "ket_qua")
    _para(doc, "3. Kinh phí tổ chức", S_HEADING)
    _tag(doc, "{%p for d in kinh_phi.dong %}")
    _para(
        doc,
        [
            ("{{ d.nhan }}: {{ d.so_tien_viet }}{% if d.bang_chu %} (", {}),
            ("{{ d.bang_chu }}", {"italic": True}),
            ("){% endif %}{% if d.ghi_chu %}; {{ d.ghi_chu }}{% endif %}", {}),
        ],
        S_BODY,
    )
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if kinh_phi.ghi_chu %}")
    _para(doc, "{{ kinh_phi.ghi_chu }}", S_BODY)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if so_sanh and so_sanh.kinh_phi.cau %}")
    _para(doc, "{{ so_sanh.kinh_phi.cau }}", S_BODY)
    _tag(doc, "{%p endif %}")

    _para(doc, "II. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN", S_HEADING)
    _para(doc, "1. Thuận lợi", S_HEADING)
    _bullets(doc, "danh_gia.thuan_loi")
    _para(doc, "2. Những khó khăn, tồn tại", S_HEADING)
    _bullets(doc, "danh_gia.kho_khan")
    _para(doc, "3. Nguyên nhân", S_HEADING)
    _bullets(doc, "danh_gia.nguyen_nhan", dash=False)
    _tag(doc, "{%p if kien_nghi %}")
    _para(doc, "4. Kiến nghị, đề xuất", S_HEADING)
    _bullets(doc, "kien_nghi")
    _tag(doc, "{%p endif %}")

    _para(doc, "III. TỔNG HỢP SỐ LIỆU", S_HEADING)
    _para(doc, "{{ tieu_de_so_lieu }}", S_BODY, italic=True)
    _tag(doc, "{%p if nguon %}")
    _para(
        doc,
        "Số liệu tổng hợp từ báo cáo của {{ nguon|length }} đơn vị: {{ nguon_viet }}.",
        S_BODY,
        italic=True,
    )
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if chua_bao_cao %}")
    _para(
        doc,
        "Chưa nhận được báo cáo của {{ chua_bao_cao|length }} đơn vị: {{ chua_bao_cao_viet }}.",
        S_BODY,
        italic=True,
    )
    _tag(doc, "{%p endif %}")
    _tables(doc)
    _support(doc)

    _para(doc, "{{ ket_luan }}./.", S_BODY, before=12)


_COLS = (1.4, 6.2, 1.8, 1.9, 1.9, 3.3)  # STT, name, count, Nam, Nữ, level: 16.5 cm
# With a comparison the rows have two more cells ("Năm 2023", "Tăng, giảm"). docxtpl's
# fix_tables then widens the six-column grid to eight by scaling every column by 6/8
# and adding two of the average width; the comparison rows' cells get those widths,
# so that Word (which reads the cells) and LibreOffice (the grid) agree.
_COLS_SS = (*(w * 6 / 8 for w in _COLS), TEXT_WIDTH_CM / 8, TEXT_WIDTH_CM / 8)
_SIZE_SS = 12  # figures of a table with comparison columns
_SIZE_SS_COLUMNS = 11  # the comparison columns themselves


def _tables(doc: Any) -> None:
    """The three tables of section III, one template table repeated for each.

    Rows between ``{%tr if not so_sanh %}`` and ``{%tr else %}`` are the table as it
    is without a comparison (the output is then exactly what it was before the
    comparison existed); the rows after ``{%tr else %}`` add the comparison columns.
    """
    center = WD_ALIGN_PARAGRAPH.CENTER
    _tag(doc, "{%p for b in bang %}")
    _para(doc, "{{ b.so_muc }}. {{ b.tieu_de }}", S_HEADING, before=12)
    _tag(doc, "{%p if b.dong %}")

    table = doc.add_table(rows=3, cols=6)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    first_tag = table.rows[0]
    merged = first_tag.cells[0].merge(first_tag.cells[-1])
    _fill(merged, "{%tr if not so_sanh %}", S_TABLE, size=10)
    head = (
        "STT",
        "{{ b.cot_ten }}",
        "{{ b.cot_so_luong }}",
        "{{ b.cot_nguoi }}",
        "",
        "Cấp triển khai",
    )
    for i, text in enumerate(head):
        _fill(table.cell(1, i), text, S_TABLE, bold=True, align=center)
    _fill(table.cell(2, 3), "Nam", S_TABLE, bold=True, align=center)
    _fill(table.cell(2, 4), "Nữ", S_TABLE, bold=True, align=center)
    table.cell(1, 3).merge(table.cell(1, 4))
    for i in (0, 1, 2, 5):
        table.cell(1, i).merge(table.cell(2, i))
    for row in table.rows[1:3]:
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    wide: list[Any] = []
    _header_row(_span_row(table, "{%tr else %}"))
    wide += _header_ss(table)
    _header_row(_span_row(table, "{%tr endif %}"))
    for row in table.rows[:3]:
        _header_row(row)

    _span_row(table, "{%tr for r in b.dong %}")
    _span_row(table, "{%tr if not so_sanh %}")
    variants = (
        ("{%tr if r.nhom_dau and not r.chi_tong %}", True, False),
        ("{%tr elif r.nhom_dau %}", True, True),
        ("{%tr elif not r.chi_tong %}", False, False),
        ("{%tr else %}", False, True),
    )
    for tag, first, total_only in variants:
        _span_row(table, tag)
        _data_row(table, first=first, total_only=total_only)
    _span_row(table, "{%tr endif %}")
    _span_row(table, "{%tr else %}")
    for tag, first, total_only in variants:
        _span_row(table, tag)
        wide.append(_data_row_ss(table, first=first, total_only=total_only))
    _span_row(table, "{%tr endif %}")
    _span_row(table, "{%tr endif %}")
    _span_row(table, "{%tr endfor %}")
    _widths(table, _COLS)
    for tr in wide:
        _row_widths(tr, _COLS_SS)

    _tag(doc, "{%p for c in b.ghi_chu %}")
    _para(doc, "{{ c.dau }} {{ c.noi_dung }}", S_SMALL, italic=True, size=12, before=3)
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if b.so_sanh and b.so_sanh.chi_nam_truoc %}")
    _para(
        doc,
        "Năm {{ so_sanh.nam_truoc }} có, năm {{ so_sanh.nam }} không có: "
        "{{ b.so_sanh.chi_nam_truoc_viet }}.",
        S_SMALL,
        italic=True,
        size=12,
        before=3,
    )
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if b.so_sanh and b.so_sanh.cau %}")
    _para(doc, "{{ b.so_sanh.cau }}", S_BODY, before=6)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p else %}")
    _para(doc, "Không có số liệu.", S_BODY, italic=True)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")


_NAME = "{{ r.ten }}{% if r.dau_ghi_chu %} {{ r.dau_ghi_chu }}{% endif %}"
"""The name cell's text: the name, and the mark of the row's note (printed under the table)."""


def _details(cell: Any, size: float) -> None:
    """The activity's details under its name, one short italic line each."""
    _tag(cell, "{%p for d in r.chi_tiet %}")
    _para(cell, "{{ d }}", S_TABLE, italic=True, size=size, before=0, after=0)
    _tag(cell, "{%p endfor %}")


def _support(doc: Any) -> None:
    """The support handed out (gifts, scholarships), after the three tables, when given:
    one line each (what, portions, value, for whom, level), its notes under them.

    Lines, not a fourth table: the template keeps one data table, repeated per table.
    """
    _tag(doc, "{%p if ho_tro.dong %}")
    _para(doc, "{{ bang|length + 1 }}. {{ ho_tro.tieu_de }}", S_HEADING, before=12)
    _tag(doc, "{%p for h in ho_tro.dong %}")
    _para(doc, "- {{ h.viet }}{% if h.dau %} {{ h.dau }}{% endif %}", S_BODY)
    _tag(doc, "{%p if h.nguon %}")
    _para(doc, "Nguồn: {{ h.nguon_viet }}", S_SMALL, italic=True, size=12)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p for c in ho_tro.ghi_chu %}")
    _para(doc, "{{ c.dau }} {{ c.noi_dung }}", S_SMALL, italic=True, size=12, before=3)
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if ho_tro.tong_gia_tri %}")
    _para(
        doc,
        [
            ("Tổng trị giá hỗ trợ: {{ ho_tro.tong_gia_tri_viet }} (", {}),
            ("{{ ho_tro.tong_gia_tri_bang_chu }}", {"italic": True}),
            (").", {}),
        ],
        S_BODY,
        before=6,
    )
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endif %}")


def _wide_cells(table: Any, row: Any) -> list[Any]:
    """Give ``row`` two more cells than the grid has (the comparison columns)."""
    from docx.table import _Cell

    tr = row._tr
    for _ in range(2):
        tr.append(copy.deepcopy(tr.tc_lst[-1]))
    return [_Cell(tc, table) for tc in tr.tc_lst]


def _span_two(cells: list[Any], at: int) -> list[Any]:
    """Cells ``at`` and ``at + 1`` as one cell spanning both columns."""
    cells[at]._tc.grid_span = 2
    cells[at + 1]._tc.getparent().remove(cells[at + 1]._tc)
    return [*cells[: at + 1], *cells[at + 2 :]]


def _header_ss(table: Any) -> list[Any]:
    """The two heading rows of a table with comparison columns."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    top, bottom = table.add_row(), table.add_row()
    upper, lower = _wide_cells(table, top), _wide_cells(table, bottom)
    head = (
        "STT",
        "{{ b.cot_ten }}",
        "{{ b.cot_so_luong }}",
        "{{ b.cot_nguoi }}",
        "",
        "Cấp triển khai",
        "{{ so_sanh.cot_nam_truoc }}",
        "{{ so_sanh.cot_thay_doi }}",
    )
    for i, text in enumerate(head):
        if text:
            _fill(upper[i], text, S_TABLE, bold=True, align=center, size=_SIZE_SS_COLUMNS)
    _fill(lower[3], "Nam", S_TABLE, bold=True, align=center, size=_SIZE_SS_COLUMNS)
    _fill(lower[4], "Nữ", S_TABLE, bold=True, align=center, size=_SIZE_SS_COLUMNS)
    for i in (0, 1, 2, 5, 6, 7):
        _set_vmerge(upper[i], "restart")
        _set_vmerge(lower[i], "continue")
    upper = _span_two(upper, 3)
    for cell in (*upper, *lower):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _header_row(top)
    _header_row(bottom)
    return [top._tr, bottom._tr]


def _data_row_ss(table: Any, *, first: bool, total_only: bool) -> Any:
    """A data row with the comparison columns: last year's figures and the change."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    row = table.add_row()
    _cant_split(row)
    cells = _wide_cells(table, row)
    size = _SIZE_SS
    if first:
        _fill(cells[0], "{{ r.stt }}", S_TABLE, align=center, size=size)
        _fill(cells[1], _NAME, S_TABLE, size=size)
        _details(cells[1], 10)
        _tag(cells[1], "{%p if r.nguon %}")
        _para(cells[1], "Nguồn: {{ r.nguon_viet }}", S_TABLE, italic=True, size=10)
        _tag(cells[1], "{%p endif %}")
    _fill(cells[2], "{{ r.so_luong_viet }}", S_TABLE, align=center, size=size)
    mark = "{% if r.dau %} {{ r.dau }}{% endif %}"
    if total_only:
        cells = _span_two(cells, 3)
        _fill(cells[3], "{{ r.tong_viet }}" + mark, S_TABLE, align=center, size=size)
    else:
        _fill(cells[3], "{{ r.nam_viet }}", S_TABLE, align=center, size=size)
        _fill(cells[4], "{{ r.nu_viet }}" + mark, S_TABLE, align=center, size=size)
    level, before, change = cells[-3:]
    _fill(level, "{{ r.cap_viet }}", S_TABLE, align=center, size=size)
    small = _SIZE_SS_COLUMNS
    _fill(before, "{{ r.so_sanh.nam_truoc_viet }}", S_TABLE, align=center, size=small)
    _fill(change, "{{ r.so_sanh.thay_doi_viet }}", S_TABLE, align=center, size=small)
    for cell in cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for cell in cells[:2]:
        _set_vmerge(cell, "restart" if first else "continue")
    return row._tr


_TCPR_AFTER_MAR = ("textDirection", "tcFitText", "vAlign", "hideMark")


def _narrow_margins(tc: Any, cm: float = 0.08) -> None:
    """Narrow left and right margins in one cell: eight columns share 16,5 cm."""
    tc_pr = tc.get_or_add_tcPr()
    mar = OxmlElement("w:tcMar")
    for side in ("w:left", "w:right"):
        el = OxmlElement(side)
        el.set(qn("w:w"), str(int(Cm(cm).twips)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    later = {qn(f"w:{n}") for n in _TCPR_AFTER_MAR}
    for i, child in enumerate(tc_pr):
        if child.tag in later:
            tc_pr.insert(i, mar)
            return
    tc_pr.append(mar)


def _row_widths(tr: Any, widths_cm: Sequence[float]) -> None:
    """Each cell of the row ``tr`` as wide as the columns of ``widths_cm`` it spans."""
    start = 0
    for tc in tr.tc_lst:
        span = tc.grid_span
        tc.width = Cm(sum(widths_cm[start : start + span]))
        _narrow_margins(tc)
        start += span


def _data_row(table: Any, *, first: bool, total_only: bool) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    row = table.add_row()
    _cant_split(row)
    cells = list(row.cells)  # before any vMerge: python-docx follows merges upwards
    if first:
        _fill(cells[0], "{{ r.stt }}", S_TABLE, align=center)
        _fill(cells[1], _NAME, S_TABLE)
        _details(cells[1], 11)
        _tag(cells[1], "{%p if r.nguon %}")
        _para(cells[1], "Nguồn: {{ r.nguon_viet }}", S_TABLE, italic=True, size=11)
        _tag(cells[1], "{%p endif %}")
    _fill(cells[2], "{{ r.so_luong_viet }}", S_TABLE, align=center)
    mark = "{% if r.dau %} {{ r.dau }}{% endif %}"
    if total_only:
        merged = cells[3].merge(cells[4])
        _fill(merged, "{{ r.tong_viet }}" + mark, S_TABLE, align=center)
        cells = [*cells[:3], merged, cells[5]]
    else:
        _fill(cells[3], "{{ r.nam_viet }}", S_TABLE, align=center)
        _fill(cells[4], "{{ r.nu_viet }}" + mark, S_TABLE, align=center)
    _fill(cells[-1], "{{ r.cap_viet }}", S_TABLE, align=center)
    for cell in cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    # A group's first row starts the shared STT and name cells; the others continue them.
    for cell in cells[:2]:
        _set_vmerge(cell, "restart" if first else "continue")


def _signature(doc: Any) -> None:
    """Nơi nhận on the left, the signature block on the right; borderless."""
    left_w, right_w = 7.3, TEXT_WIDTH_CM - 7.3
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, (left_w, right_w))
    center = WD_ALIGN_PARAGRAPH.CENTER

    left = table.cell(0, 0)
    _fill(left, "Nơi nhận:", S_SMALL, bold=True, italic=True, size=12)
    left.paragraphs[0].paragraph_format.space_before = Pt(6)
    _tag(left, "{%p for nhom in noi_nhan.nhom %}")
    _tag(left, "{%p if nhom.tieu_de %}")
    _para(left, "{{ nhom.tieu_de }}", S_SMALL, italic=True)
    _tag(left, "{%p endif %}")
    _tag(left, "{%p for d in nhom.dong %}")
    _para(left, "- {{ d }}", S_SMALL)
    _tag(left, "{%p endfor %}")
    _tag(left, "{%p endfor %}")

    right = table.cell(0, 1)
    _fill(right, "{%p if not chu_ky.trong %}", S_CENTER, size=10)
    _tag(right, "{%p for q in chu_ky.quyen_han %}")
    _para(right, "{{ q|upper }}", S_CENTER, bold=True, align=center)
    _tag(right, "{%p endfor %}")
    _tag(right, "{%p if chu_ky.chuc_vu %}")
    _para(right, "{{ chu_ky.chuc_vu|upper }}", S_CENTER, bold=True, align=center)
    _tag(right, "{%p endif %}")
    for _ in range(4):
        _para(right, "", S_CENTER)
    _para(right, "{{ chu_ky.ho_ten or '' }}", S_CENTER, bold=True, align=center)
    # No signer given (an aggregate, a draft): the authority, the title and room to sign.
    _tag(right, "{%p else %}")
    _tag(right, "{%p for q in chu_ky.goi_y.quyen_han %}")
    _para(right, "{{ q }}", S_CENTER, bold=True, align=center)
    _tag(right, "{%p endfor %}")
    _para(right, "{{ chu_ky.goi_y.chuc_vu }}", S_CENTER, bold=True, align=center)
    _para(right, "{{ chu_ky.goi_y.ghi_chu }}", S_CENTER, italic=True, size=13, align=center)
    for _ in range(4):
        _para(right, "", S_CENTER)
    _tag(right, "{%p endif %}")
    for cell in (left, right):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def build_document() -> Any:
    """The template as a python-docx document (before the package is slimmed)."""
    doc = Document()
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    _setup(doc)
    _page_numbers(doc)
    _top(doc)
    _title(doc)
    _body(doc)
    _signature(doc)
    return doc


# --------------------------------------------------------------------------- package


_DROP = re.compile(r"^(customXml/.*|docProps/thumbnail\.jpeg|word/stylesWithEffects\.xml)$")


def _used_styles(parts: Iterable[bytes]) -> set[str]:
    used: set[str] = set()
    for xml in parts:
        used.update(re.findall(rb'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', xml))
    return {u.decode() for u in used}


def _slim_styles(styles_xml: bytes, used: set[str]) -> bytes:
    """Keep the styles in use, their bases and links, and the defaults; drop the rest."""
    root = etree.fromstring(styles_xml)
    w = root.nsmap["w"]
    styles = {s.get(f"{{{w}}}styleId"): s for s in root.findall(f"{{{w}}}style")}
    keep = set(used)
    for sid, style in styles.items():
        if style.get(f"{{{w}}}default") == "1":
            keep.add(sid)
    changed = True
    while changed:
        changed = False
        for sid in list(keep):
            style = styles.get(sid)
            if style is None:
                continue
            for tag in ("basedOn", "link", "next"):
                ref = style.find(f"{{{w}}}{tag}")
                if ref is not None and ref.get(f"{{{w}}}val") not in keep:
                    keep.add(ref.get(f"{{{w}}}val"))
                    changed = True
    for sid, style in styles.items():
        if sid not in keep:
            root.remove(style)
    latent = root.find(f"{{{w}}}latentStyles")
    if latent is not None:
        root.remove(latent)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _without_refs(xml: bytes, pattern: str) -> bytes:
    """Drop Relationship/Override elements whose target or part name matches ``pattern``."""
    root = etree.fromstring(xml)
    for el in list(root):
        target = el.get("Target") or el.get("PartName") or ""
        if re.search(pattern, target):
            root.remove(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def slim_package(data: bytes) -> bytes:
    """The package without unused parts and styles, with fixed timestamps (reproducible)."""
    refs = r"(customXml|thumbnail\.jpeg|stylesWithEffects\.xml)"
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        items = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    contents = dict(items)
    used = _used_styles(
        xml for name, xml in items if re.match(r"word/(document|header\d*|footer\d*)\.xml$", name)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, blob in items:
            if _DROP.match(name):
                continue
            if name == "word/styles.xml":
                blob = _slim_styles(contents[name], used)
            elif name.endswith(".rels") or name == "[Content_Types].xml":
                blob = _without_refs(blob, refs)
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, blob)
    return out.getvalue()


def build(path: str | Path = OUTPUT) -> Path:
    """Write the template to ``path`` and return it."""
    buffer = io.BytesIO()
    build_document().save(buffer)
    target = Path(path)
    target.write_bytes(slim_package(buffer.getvalue()))
    return target


if __name__ == "__main__":
    written = build(sys.argv[1] if len(sys.argv) > 1 else OUTPUT)
    print(f"Đã viết {written}")
