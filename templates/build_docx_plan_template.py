"""Build ``templates/ke-hoach.docx``, the Word template of a plan (Nghị định 30/2020/NĐ-CP).

Run ``python templates/build_docx_plan_template.py`` after changing this script and
commit both files; ``tests/test_ke_hoach_render.py`` checks that they agree. The page,
styles, header (quốc hiệu, issuing body, ``Số: …/KH-…``, place and date) and the
signature block are those of the report template (``build_docx_template.py``, whose
helpers this script reuses); the body is a plan's: the title "KẾ HOẠCH", its summary,
the bases ("Căn cứ …"), I. MỤC ĐÍCH, YÊU CẦU; II. NỘI DUNG (the activities as a table:
nội dung, đơn vị chủ trì, đơn vị phối hợp, thời gian, kinh phí/chỉ tiêu); III. KINH
PHÍ; IV. TỔ CHỨC THỰC HIỆN; Nơi nhận and the signature.

Needs python-docx (a development dependency): ``pip install python-docx``.
"""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "ke-hoach.docx"


def _report_builder() -> Any:
    """The report template's build script, loaded by path (it is no module of the package)."""
    script = HERE / "build_docx_template.py"
    spec = importlib.util.spec_from_file_location("build_docx_template", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


B = _report_builder()

_COLS = (1.2, 4.6, 2.8, 2.8, 2.4, 2.7)  # STT, nội dung, chủ trì, phối hợp, thời gian, kinh phí
_SIZE = 12  # the activities table: six columns on 16,5 cm


def _title(doc: Any) -> None:
    B._para(doc, "{{ tieu_de }}", B.S_CENTER, bold=True, before=18)
    B._para(doc, "{{ van_ban.trich_yeu }}", B.S_CENTER, bold=True)
    B._rule(doc, 5.0, B.TEXT_WIDTH_CM)
    B._para(doc, "", B.S_CENTER, size=6)


def _activities(doc: Any) -> None:
    """Section II's table: one group row per report table, one row per activity."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    B._tag(doc, "{%p if hoat_dong %}")
    table = doc.add_table(rows=1, cols=6)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = (
        "STT",
        "Nội dung",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời gian",
        "Kinh phí, chỉ tiêu",
    )
    for i, text in enumerate(head):
        B._fill(table.cell(0, i), text, B.S_TABLE, bold=True, align=center, size=_SIZE)
        table.cell(0, i).vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    B._header_row(table.rows[0])
    B._span_row(table, "{%tr for n in nhom %}")
    group = table.add_row()
    B._fill(group.cells[0], "{{ n.so }}", B.S_TABLE, bold=True, align=center, size=_SIZE)
    merged = group.cells[1].merge(group.cells[-1])
    B._fill(merged, "{{ n.tieu_de }}", B.S_TABLE, bold=True, size=_SIZE)
    B._cant_split(group)
    B._span_row(table, "{%tr for r in n.dong %}")
    row = table.add_row()
    cells = (
        ("{{ r.stt }}", center),
        ("{{ r.ten }}{% if r.dia_diem %} (tại {{ r.dia_diem }}){% endif %}", None),
        ("{{ r.chu_tri }}", None),
        ("{{ r.phoi_hop_viet }}", None),
        ("{{ r.thoi_gian_viet }}", center),
        ("{{ r.kinh_phi_chi_tieu_viet }}", center),
    )
    for i, (text, align) in enumerate(cells):
        B._fill(row.cells[i], text, B.S_TABLE, align=align, size=_SIZE)
        row.cells[i].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    B._cant_split(row)
    B._span_row(table, "{%tr endfor %}")
    B._span_row(table, "{%tr endfor %}")
    B._widths(table, _COLS)
    B._tag(doc, "{%p else %}")
    B._para(doc, "Chưa có hoạt động.", B.S_BODY, italic=True)
    B._tag(doc, "{%p endif %}")


def _body(doc: Any) -> None:
    B._para(doc, "{{ mo_dau }}", B.S_BODY)

    B._para(doc, "I. MỤC ĐÍCH, YÊU CẦU", B.S_HEADING)
    B._para(doc, "1. Mục đích", B.S_HEADING)
    B._bullets(doc, "muc_dich")
    B._para(doc, "2. Yêu cầu", B.S_HEADING)
    B._bullets(doc, "yeu_cau")

    B._para(doc, "II. NỘI DUNG", B.S_HEADING)
    B._tag(doc, "{%p if chu_de %}")
    B._para(
        doc, [("Chủ đề: ", {}), ("{{ chu_de }}", {"italic": True})], B.S_BODY
    )
    B._tag(doc, "{%p endif %}")
    _activities(doc)

    B._para(doc, "III. KINH PHÍ", B.S_HEADING, before=12)
    B._tag(doc, "{%p for d in kinh_phi.dong %}")
    B._para(
        doc,
        [
            ("{{ d.nhan }}: {{ d.so_tien_viet }}{% if d.bang_chu %} (", {}),
            ("{{ d.bang_chu }}", {"italic": True}),
            ("){% endif %}", {}),
        ],
        B.S_BODY,
    )
    B._tag(doc, "{%p endfor %}")
    B._bullets(doc, "kinh_phi.ghi_chu", dash=False)

    B._para(doc, "IV. TỔ CHỨC THỰC HIỆN", B.S_HEADING)
    B._tag(doc, "{%p for t in to_chuc_thuc_hien %}")
    B._para(doc, "{{ t.stt }}. {{ t.co_quan }}", B.S_HEADING)
    B._bullets(doc, "t.nhiem_vu")
    B._tag(doc, "{%p endfor %}")

    B._para(doc, "{{ ket_luan }}./.", B.S_BODY, before=12)


def build_document() -> Any:
    """The template as a python-docx document (before the package is slimmed)."""
    doc = Document()
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    B._setup(doc)
    B._page_numbers(doc)
    B._top(doc)
    _title(doc)
    _body(doc)
    B._signature(doc)
    return doc


def build(path: str | Path = OUTPUT) -> Path:
    """Write the template to ``path`` and return it."""
    buffer = io.BytesIO()
    build_document().save(buffer)
    target = Path(path)
    target.write_bytes(B.slim_package(buffer.getvalue()))
    return target


if __name__ == "__main__":
    written = build(sys.argv[1] if len(sys.argv) > 1 else OUTPUT)
    print(f"Đã viết {written}")
