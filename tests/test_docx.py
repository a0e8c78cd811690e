"""The Word renderer: the example carries every fact of the seed, in the seed's order,
laid out per Nghị định 30; the committed template matches its build script."""

from __future__ import annotations

import importlib.util
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

import binhdanggioi as bdg
from binhdanggioi.renderers.docx import prepare

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "bao-cao-bac-kan-2023.txt"  # a copy of the seed report
TEMPLATE = ROOT / "templates" / "bao-cao.docx"
SCRIPT = ROOT / "templates" / "build_docx_template.py"


def _texts(element: Any) -> list[str]:
    """Every paragraph's text in document order, table cells included (row by row)."""
    out: list[str] = []
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            out.append("".join(_run_text(child)))
        elif child.tag == qn("w:tbl"):
            for row in child.iterchildren(qn("w:tr")):
                for cell in row.iterchildren(qn("w:tc")):
                    out.extend(_texts(cell))
    return out


def _run_text(p: Any) -> list[str]:
    parts = []
    for el in p.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
        parts.append(el.text or "" if el.tag == qn("w:t") else " ")
    return parts


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def example_docx() -> bytes:
    return bdg.render(bdg.load(bdg.example_path()), "docx")


@pytest.fixture(scope="module")
def document(example_docx: bytes) -> Any:
    return docx.Document(io.BytesIO(example_docx))


def test_seed_facts_in_seed_order(document: Any) -> None:
    """Every line of the seed (every table cell of it) appears, in the seed's order."""
    stream = _compact(" ".join(_texts(document.element.body)))
    cursor = 0
    for line in SEED.read_text(encoding="utf-8").splitlines():
        # Markdown emphasis in the seed (*Ba mươi triệu đồng*) is italics in Word.
        for piece in line.replace("*", "").split("\t"):
            needle = _compact(piece)
            if not needle:
                continue
            found = stream.find(needle, cursor)
            assert found >= 0, f"missing or out of order: {piece!r}"
            cursor = found + len(needle)


def test_every_number_of_the_seed_is_present(document: Any) -> None:
    text = " ".join(_texts(document.element.body))
    seed_numbers = re.findall(r"\d[\d.]*\d|\d", SEED.read_text(encoding="utf-8"))
    for number in seed_numbers:
        assert number in text


def test_budget_words_are_italic(document: Any) -> None:
    runs = [r for p in document.paragraphs for r in p.runs if r.text == "Ba mươi triệu đồng"]
    assert runs and all(r.italic for r in runs)
    lines = [p.text for p in document.paragraphs if p.text.startswith(("a)", "b)"))]
    assert lines == [
        "a) Ngân sách nhà nước: 30.000.000đ (Ba mươi triệu đồng)",
        "b) Ngân sách vận động: Không",
    ]


def test_total_only_is_merged_across_nam_and_nu(document: Any) -> None:
    table = document.tables[2]  # header, III.1, III.2, III.3, signature
    rows = table._tbl.tr_lst
    by_text = {"".join(t.text or "" for t in tr.iter(qn("w:t"))): tr for tr in rows}
    row = next(tr for text, tr in by_text.items() if "10.450" in text)
    cells = row.tc_lst
    assert len(cells) == 5
    merged = next(tc for tc in cells if "10.450" in "".join(t.text for t in tc.iter(qn("w:t"))))
    assert merged.grid_span == 2
    header = rows[0].tc_lst
    assert [tc.grid_span for tc in header] == [1, 1, 1, 2, 1]
    assert "Số người tiếp cận" in "".join(t.text for t in header[3].iter(qn("w:t")))


def test_consecutive_rows_with_one_name_share_stt_and_name(document: Any) -> None:
    products = document.tables[3]._tbl.tr_lst[2:]
    assert len(products) == 2
    first, second = (tr.tc_lst for tr in products)
    assert [first[0].vMerge, first[1].vMerge] == ["restart", "restart"]
    assert [second[0].vMerge, second[1].vMerge] == ["continue", "continue"]
    assert "".join(t.text for t in second[2].iter(qn("w:t"))) == "21"


def test_nghi_dinh_30_page_and_header(document: Any) -> None:
    section = document.sections[0]

    def mm(length: Any) -> int:
        return round(length.mm)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    header_xml = etree.tostring(section.header._element, encoding="unicode")
    assert "PAGE" in header_xml
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    top = document.tables[0]
    texts = [c.text.strip() for row in top.rows for c in row.cells]
    assert texts[0] == "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ BẮC KẠN"
    assert texts[1] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    assert texts[2].startswith("Số:") and texts[2].endswith("/UBND - LĐT BXH")
    date_cell = top.cell(1, 1).paragraphs[0]
    assert date_cell.text == "TP. Bắc Kạn, ngày    tháng 12 năm 2023"
    assert all(r.italic for r in date_cell.runs)
    assert "w:tblBorders" not in etree.tostring(top._tbl, encoding="unicode")


def test_closing_signature_and_recipients(document: Any) -> None:
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[-1].endswith("trên địa bàn thành phố Bắc Kạn./.")
    left, right = document.tables[-1].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "Nơi nhận:",
        "Gửi bản điện tử:",
        "- Như kính gửi;",
        "- Lãnh đạo UBND thành phố,",
        "Gửi bản giấy:",
        "- Lưu: VT, LĐTBXH.",
    ]
    signed = [p.text for p in right.paragraphs if p.text]
    assert signed == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thị Huế"]


def test_rendered_parts_parse_strictly(example_docx: bytes) -> None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    with zipfile.ZipFile(io.BytesIO(example_docx)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name), parser=parser)
                assert b"{{" not in archive.read(name) or name.startswith("docProps")


def test_rendering_is_deterministic() -> None:
    report = bdg.load(bdg.example_path())
    prepared = prepare()
    assert prepared.render(report) == prepared.render(report) == bdg.render(report, "docx")


# --------------------------------------------------------------------------- template


def _structure(path: Path) -> list[Any]:
    doc = docx.Document(str(path))
    styles = sorted(s.name for s in doc.styles if s.name.startswith("BC "))
    headers = [_texts(s.header._element) for s in doc.sections]
    return [_texts(doc.element.body), styles, headers, len(doc.tables)]


def test_template_structure() -> None:
    doc = docx.Document(str(TEMPLATE))
    body = _texts(doc.element.body)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "{{ van_ban.so_ky_hieu }}",
        "{{ van_ban.dia_danh_ngay }}",
        "BÁO CÁO",
        "I. TỔ CHỨC THỰC HIỆN",
        "II. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN",
        "III. TỔNG HỢP SỐ LIỆU",
        "{%tr for r in b.dong %}",
        "{{ ket_luan }}./.",
        "Nơi nhận:",
    ):
        assert expected in body
    assert len(doc.tables) == 3  # header, the data table (repeated per table), signature
    data = doc.tables[1]._tbl
    assert data.tblPr.find(qn("w:tblStyle")).get(qn("w:val")) == "TableGrid"
    head = data.tr_lst[0]
    assert head.trPr.find(qn("w:tblHeader")) is not None
    with zipfile.ZipFile(TEMPLATE) as archive:
        assert all(info.date_time == (2024, 1, 1, 0, 0, 0) for info in archive.infolist())


def test_build_script_reproduces_the_committed_template(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_docx_template", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build(tmp_path / "bao-cao.docx")
    assert _structure(built) == _structure(TEMPLATE)


def test_template_has_no_doctype_and_check_passes() -> None:
    from binhdanggioi.template_check import check_template

    assert check_template(TEMPLATE) == []
