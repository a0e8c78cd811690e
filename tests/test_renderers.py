"""Robustness over every registered renderer, the registry, render() and render_many().

Each renderer gets the example, an empty report, an aggregated report and a report
full of hostile text; each output must be valid for its format and carry the text
exactly (escaped once where the format escapes).
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest
from lxml import etree
from markupsafe import escape

import binhdanggioi as bdg
from binhdanggioi.errors import RendererError, TemplateError
from binhdanggioi.model import (
    BaoCao,
    ChuKy,
    DanhGia,
    DonVi,
    HoatDong,
    KeHoach,
    KinhPhi,
    NgayThang,
    NoiNhan,
    SanPham,
    SoNguoi,
    VanBan,
)
from binhdanggioi.renderers import available_renderers as renderers
from binhdanggioi.renderers import get_renderer, output_name, render, render_many

LONG_NAME = "Hội nghị " + "rất dài " * 1249 + "kết thúc"  # 10,000+ characters
HOSTILE = {
    "script": "<script>alert('x')</script> & “trích” \"kép\" 'đơn'",
    "jinja": "{{ 7*7 }} {% for x in range(3) %}x{% endfor %} {# c #}",
    "xml": "</w:t></w:r><w:r><w:t>CHÈN]]>&amp;&#x41;",
    "emoji": "Phụ nữ 👩‍👧 an toàn 🛡️ ✊🏽",
    "formula": "=1+1 @cmd|' /C calc'!A0",
    "markdown": "| ô | *đậm* _nghiêng_ [liên kết](http://x) # ` \\",
}


def _example() -> BaoCao:
    return bdg.load(bdg.example_path())


def _empty() -> BaoCao:
    return BaoCao(2025, DonVi("Hòa An", "xa", loai="xã"))


def _aggregated() -> BaoCao:
    units = (DonVi("Xã Dương Quang", "xa", loai="xã"), DonVi("Phường Huyền Tung", "xa"))
    sources: Any = ("Xã Dương Quang", "Phường Huyền Tung")
    return BaoCao(
        2024,
        DonVi("Bắc Kạn", "huyen", loai="thành phố", ma="058"),
        van_ban=VanBan(co_quan="ỦY BAN NHÂN DÂN\nTHÀNH PHỐ BẮC KẠN", so="12", ky_hieu="BC-UBND"),
        chi_dao=("Xã Dương Quang: ban hành kế hoạch.", "Phường Huyền Tung: tổ chức mít tinh."),
        hoat_dong=(
            HoatDong(
                "Lễ mít tinh",
                2,
                SoNguoi(nam=30, nu=None, tong=None, chua_day_du=True),
                cap="xa",
                chi_tieu="le-phat-dong",
                nguon=sources,
            ),
            HoatDong("Hội nghị", 3, SoNguoi(nam=40, nu=55, tong=120), cap="xa", nguon=sources),
        ),
        truyen_thong=(
            HoatDong("Loa truyền thanh", 14, SoNguoi(tong=900), cap="xa", nguon=sources[:1]),
        ),
        san_pham=(SanPham("Tờ rơi", 500, cap="xa", nguon=sources),),
        kinh_phi=KinhPhi(ngan_sach_nha_nuoc=12_500_000, van_dong=None),
        nguon=units,
        chua_bao_cao=(DonVi("Nông Thượng", "xa", loai="xã"),),
    )


def _hostile() -> BaoCao:
    h = HOSTILE
    return BaoCao(
        2023,
        DonVi(h["script"], "huyen", loai="huyện"),
        van_ban=VanBan(
            co_quan_chu_quan=h["xml"],
            co_quan=h["emoji"],
            so=h["jinja"],
            ky_hieu=h["script"],
            dia_danh=h["markdown"],
            ngay=NgayThang(2023, 12, 5),
            trich_yeu=h["jinja"],
            kinh_gui=(h["script"],),
        ),
        ke_hoach=(KeHoach(h["xml"], date(2023, 10, 16), h["script"], h["jinja"]),),
        loi_dan=h["emoji"],
        chu_de=h["script"],
        chi_dao=tuple(HOSTILE.values()),
        ket_qua=(LONG_NAME,),
        hoat_dong=(
            HoatDong(LONG_NAME, 1, SoNguoi(nam=1, nu=2), cap="tinh"),
            HoatDong(h["script"], 2, SoNguoi(nu=3), cap="xa", nguon=(h["xml"],)),
            HoatDong(h["formula"], 0, SoNguoi(nam=0, nu=0, tong=0), cap="huyen"),
        ),
        truyen_thong=(HoatDong(h["jinja"], 3, SoNguoi(tong=7), cap="truong-hoc"),),
        san_pham=(
            SanPham(h["emoji"], 4, cap=["huyen", "xa"]),
            SanPham(h["emoji"], 5, cap="truong-hoc"),
            SanPham(h["markdown"], 6),
        ),
        kinh_phi=KinhPhi(1, 2, ghi_chu=h["xml"]),
        danh_gia=DanhGia((h["script"],), (h["jinja"],), (h["markdown"],)),
        kien_nghi=(h["emoji"], h["formula"]),
        ket_luan=h["jinja"],
        noi_nhan=NoiNhan((h["script"],), (h["xml"],)),
        chu_ky=ChuKy((h["emoji"],), h["markdown"], h["script"]),
        nguon=(DonVi(h["xml"], "xa"),),
    )


REPORTS: dict[str, Callable[[], BaoCao]] = {
    "example": _example,
    "empty": _empty,
    "aggregated": _aggregated,
    "hostile": _hostile,
}

EXPECTED: dict[str, list[str]] = {
    "example": [
        "Hưởng ứng Lễ phát động",
        "10.450",
        "Băng rôn, khẩu hiệu",
        "Thành phố, xã phường",
        "Nguyễn Thị Huế",
        "30.000.000đ",
    ],
    "empty": ["BÁO CÁO", "Hòa An", "Chưa có số liệu"],
    "aggregated": [
        "Xã Dương Quang, Phường Huyền Tung",
        "Lễ mít tinh",
        "(1)",
        "(2)",
        "900",
        "Chưa nhận được báo cáo của 1 đơn vị: xã Nông Thượng",
    ],
    "hostile": [
        LONG_NAME,
        HOSTILE["script"],
        HOSTILE["jinja"],
        HOSTILE["xml"],
        HOSTILE["emoji"],
        HOSTILE["formula"],
        HOSTILE["markdown"],
    ],
}

# The spreadsheet carries the table rows and the unit, not the narrative.
EXPECTED_XLSX: dict[str, list[str]] = {
    "example": ["Hưởng ứng Lễ phát động", "Băng rôn, khẩu hiệu"],
    "empty": [],
    "aggregated": ["Lễ mít tinh", "Loa truyền thanh"],
    "hostile": [LONG_NAME, HOSTILE["script"], HOSTILE["formula"], HOSTILE["jinja"]],
}


# --------------------------------------------------------------------------- text of outputs


def _docx_text(data: bytes) -> str:
    import docx

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name), parser=parser)
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return "\n".join(texts)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_text(data: bytes) -> str:
    source = data.decode("utf-8")
    parser = _Text()
    parser.feed(source)
    parser.close()
    assert "script" not in parser.tags
    assert source.lstrip().lower().startswith("<!doctype html>")
    return " ".join(" ".join(parser.parts).split())


def _markdown_text(data: bytes) -> str:
    source = data.decode("utf-8")
    return re.sub(r"\\([\\`*_\[\]<>|#&~])", r"\1", source)


def _xlsx_text(data: bytes) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    values = [
        str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value
    ]
    return "\n".join(values)


def _pdf_text(data: bytes) -> str:
    import shutil
    import subprocess

    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) chưa cài: không đọc được chữ trong PDF")
    found = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    pages = found.stdout.decode("utf-8").split("\f")
    # From page 2 on the header's first line is the page number, which no report holds.
    return "\n".join(
        page.removeprefix(f"{number}\n") if number > 1 else page
        for number, page in enumerate(pages, start=1)
    )


@functools.cache
def _font_has(char: str) -> bool:
    """A font on this machine draws ``char`` (asked of fontconfig's ``fc-list``)."""
    import shutil
    import subprocess

    if char.isascii() or shutil.which("fc-list") is None:
        return True
    query = f":charset={ord(char):x}"
    return bool(subprocess.run(["fc-list", query, "family"], capture_output=True).stdout.strip())


def _printable(piece: str) -> bool:
    """LibreOffice may leave out of a PDF a character no installed font has (emoji on a
    machine without an emoji font), so such a piece cannot be looked for in the PDF.
    """
    return all(_font_has(c) for c in piece if not c.isspace())


EXTRACT: dict[str, Callable[[bytes], str]] = {
    ".docx": _docx_text,
    ".pdf": _pdf_text,
    ".html": _html_text,
    ".md": _markdown_text,
    ".xlsx": _xlsx_text,
}


def _extract(name: str, data: bytes) -> str:
    info = renderers()[name]
    for suffix in info.suffixes:
        if suffix in EXTRACT:
            return EXTRACT[suffix](data)
    # A renderer of a format we do not know: it must at least produce something.
    assert data
    return data.decode("utf-8", errors="replace")


def _normal(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("kind", sorted(REPORTS))
@pytest.mark.parametrize("name", sorted(renderers()))
def test_every_renderer_renders_every_report(name: str, kind: str) -> None:
    info = renderers()[name]
    if not info.available:
        pytest.skip(f"{name}: {info.problem}")
    data = render(REPORTS[kind](), name)
    assert isinstance(data, bytes) and data
    text = _normal(_extract(name, data))
    expected = EXPECTED_XLSX[kind] if ".xlsx" in info.suffixes else EXPECTED[kind]
    if ".pdf" in info.suffixes:
        expected = [piece for piece in expected if _printable(piece)]
    for piece in expected:
        assert _normal(piece) in text, f"{name}/{kind}: missing {piece[:60]!r}"
    assert "None" not in text.replace(HOSTILE["script"], "")


def test_html_escapes_exactly_once() -> None:
    source = render(_hostile(), "html").decode("utf-8")
    for value in HOSTILE.values():
        assert str(escape(value)) in source
    assert "&amp;amp;" not in source.replace(str(escape("&amp;")), "")
    assert "<script>" not in source
    assert "49" not in _html_text(source.encode())  # {{ 7*7 }} in data is never evaluated


def test_docx_keeps_hostile_xml_as_text() -> None:
    text = _docx_text(render(_hostile(), "docx"))
    assert HOSTILE["xml"] in text
    assert "{{ 7*7 }}" in text and "\n49\n" not in text


def test_markdown_escapes_markup() -> None:
    source = render(_hostile(), "markdown").decode("utf-8")
    assert "<script>" not in source
    assert r"\<script\>" in source
    rows = [line for line in source.splitlines() if line.startswith("| ")]
    # STT, name, count, Nam, Nữ, Tổng, level: seven columns, eight bars on every row.
    assert rows and all(re.sub(r"\\\|", "", r).count("|") == 8 for r in rows)


def test_aggregated_marks_incomplete_and_unsplit() -> None:
    ctx = bdg.template_context(_aggregated())
    notes = [n["noi_dung"] for n in ctx["hoat_dong"]["ghi_chu"]]
    assert notes == [
        "Chưa có số Nữ; số liệu chưa đầy đủ.",
        "Tổng 120 người, trong đó 25 người chưa phân tách theo giới.",
    ]
    text = _docx_text(render(_aggregated(), "docx"))
    assert "Nguồn: Xã Dương Quang, Phường Huyền Tung" in text
    assert "Số liệu tổng hợp từ báo cáo của 2 đơn vị" in text


PLACEHOLDER = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "(Ký, ghi rõ họ tên, đóng dấu)"]


def _signature_lines(report: BaoCao, fmt: str) -> list[str]:
    """The non-empty lines of the signature block, as each format prints them."""
    data = render(report, fmt)
    if fmt == "docx":
        import docx

        cell = docx.Document(io.BytesIO(data)).tables[-1].rows[0].cells[1]
        return [p.text for p in cell.paragraphs if p.text.strip()]
    if fmt == "html":
        page = data.decode()
        block = page[page.index('<td class="ky">') : page.rindex("</td>")]
        divs = re.findall(r"<div[^>]*>(.*?)</div>", block)
        return [d.strip() for d in divs if d.strip() and d.strip() != "&nbsp;"]
    tail = data.decode().split("***Nơi nhận:***")[1]
    return [x.strip().strip("*") for x in tail.splitlines() if x.startswith(("**", "*("))]


@pytest.mark.parametrize("fmt", ["docx", "html", "markdown"])
@pytest.mark.parametrize("kind", ["empty", "aggregated"])
def test_placeholder_signature_when_no_signer_is_given(fmt: str, kind: str) -> None:
    report = REPORTS[kind]()
    assert not report.chu_ky.quyen_han and not report.chu_ky.ho_ten
    assert _signature_lines(report, fmt) == PLACEHOLDER


def test_placeholder_signature_of_another_body() -> None:
    empty = _empty()
    report = attrs.evolve(
        empty, van_ban=attrs.evolve(empty.van_ban, co_quan="PHÒNG VĂN HÓA - XÃ HỘI")
    )
    assert _signature_lines(report, "docx") == [
        "THỦ TRƯỞNG CƠ QUAN",
        "(Ký, ghi rõ họ tên, đóng dấu)",
    ]


def test_given_signer_is_printed_without_placeholder() -> None:
    for fmt in ("docx", "markdown"):
        lines = _signature_lines(_example(), fmt)
        assert "(Ký, ghi rõ họ tên, đóng dấu)" not in lines
        assert lines[-1] == "Nguyễn Thị Huế"


def test_markdown_escapes_every_printed_value(tmp_path: Path) -> None:
    """Lists, mappings and dates go through the escaping too, not only plain text."""
    example = _example()
    hostile = "<img src=x onerror=alert(1)> *x* | y"
    report = attrs.evolve(example, chi_dao=(hostile,), ket_qua=(hostile,))
    template = tmp_path / "mau.md.j2"
    template.write_text(
        "{{ chi_dao }}\n{{ ket_qua|first }}\n{{ kinh_phi.dong[0] }}\n{{ nam }}\n"
        "{{ tong_hop.nguoi.ty_le_nu }}\n{{ '<b>x</b>'|safe }}",
        encoding="utf-8",
    )
    lines = render(report, "markdown", template=template).decode().splitlines()
    assert not re.search(r"(?<!\\)<", "\n".join(lines[:5]))
    assert r"\<img src=x onerror=alert(1)\> \*x\* \| y" in lines[0]
    assert lines[0].startswith(r"\['") and lines[1].startswith(r"\<img")
    assert lines[3] == "2023" and lines[4][0].isdigit()
    assert lines[5] == "<b>x</b>"  # what the template itself marks safe stays as written


def test_markdown_total_only_figure_is_not_in_the_nam_column() -> None:
    source = render(_example(), "markdown").decode()
    header = next(x for x in source.splitlines() if x.startswith("| STT | Nội dung"))
    cells = [c.strip() for c in header.strip("|").split("|")]
    assert cells[3:6] == [
        "Số người tiếp cận: Nam",
        "Số người tiếp cận: Nữ",
        "Số người tiếp cận: Tổng",
    ]
    row = next(x for x in source.splitlines() if x.startswith("|") and "10.450" in x)
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[3:6] == ["", "", "10.450 (chưa tách Nam/Nữ)"]
    split = next(x for x in source.splitlines() if x.startswith("|") and "| 42 |" in x)
    assert [c.strip() for c in split.strip("|").split("|")][3:6] == ["42", "58", "100"]


def test_render_reports_an_unwritable_output_clearly(tmp_path: Path) -> None:
    blocker = tmp_path / "tep.txt"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(RendererError, match="không ghi được tệp kết quả"):
        render(_example(), "markdown", out=blocker / "bc.md")
    with pytest.raises(RendererError, match="là một thư mục"):
        render(_example(), "markdown", out=tmp_path)


# --------------------------------------------------------------------------- registry


def test_builtins_are_listed_without_importing_them() -> None:
    info = renderers()
    assert {"docx", "html", "markdown", "xlsx"} <= set(info)
    assert info["docx"].default_template == "bao-cao.docx"
    assert info["html"].suffixes == (".html", ".htm")


def test_get_renderer_by_name_and_suffix() -> None:
    assert get_renderer("DOCX").name == "docx"
    assert get_renderer(".htm").name == "html"
    with pytest.raises(RendererError, match="Có phải ý là 'docx'"):
        get_renderer("dox")
    with pytest.raises(RendererError, match=r"đuôi tệp '\.odt'"):
        get_renderer(".odt")


def test_missing_builtin_module_fails_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    from binhdanggioi import renderers as registry

    ghost = attrs.evolve(registry._BUILTINS[0], name="ghost", target="binhdanggioi.nope:X")
    monkeypatch.setattr(registry, "_BUILTINS", (*registry._BUILTINS, ghost))
    listed = renderers()["ghost"]
    assert not listed.available and "binhdanggioi.nope" in (listed.problem or "")
    with pytest.raises(RendererError, match="chưa dùng được"):
        get_renderer("ghost")


def test_render_writes_atomically_and_refuses_inputs(tmp_path: Path) -> None:
    report = _example()
    out = tmp_path / "sub" / "bao-cao.md"
    data = render(report, "markdown", out=out)
    assert out.read_bytes() == data
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]
    template = tmp_path / "mau.md.j2"
    template.write_text("{{ nam }}", encoding="utf-8")
    with pytest.raises(RendererError, match="trùng với tệp đầu vào"):
        render(report, "markdown", template=template, out=template)
    assert template.read_text(encoding="utf-8") == "{{ nam }}"
    source = tmp_path / "bc.yaml"
    source.write_text("nam: 2023\n", encoding="utf-8")
    with pytest.raises(RendererError):
        render(report, "markdown", out=source, inputs=[source])
    assert source.read_text(encoding="utf-8") == "nam: 2023\n"


def test_custom_template_by_path(tmp_path: Path) -> None:
    template = tmp_path / "mau.html.j2"
    template.write_text("<p>{{ don_vi.ten }} – {{ nam|number_to_words }}</p>", encoding="utf-8")
    out = render(_example(), "html", template=template).decode()
    assert out == "<p>Bắc Kạn – hai nghìn không trăm hai mươi ba</p>"
    with pytest.raises(TemplateError, match="không tìm thấy mẫu"):
        render(_example(), "html", template=tmp_path / "khong-co.html.j2")


def test_render_many(tmp_path: Path) -> None:
    reports = [_example(), _aggregated(), _example()]
    written = render_many(reports, "docx", out_dir=tmp_path)
    assert [p.name for p in written] == [
        "bac-kan-2023.docx",
        "bac-kan-2024.docx",
        "bac-kan-2023-2.docx",
    ]
    assert written[0].read_bytes() == render(reports[0], "docx")
    md = render_many(reports[:1], "markdown", out_dir=tmp_path)
    assert md[0].read_bytes() == render(reports[0], "markdown")
    assert output_name(_empty(), ".md") == "hoa-an-2025.md"


def test_public_api_is_exported() -> None:
    # The subpackage binhdanggioi.renderers shadows the function of the same name
    # once imported; the module is callable so that both spellings keep working.
    assert bdg.render is render
    with pytest.warns(DeprecationWarning, match="available_renderers"):
        assert bdg.renderers() == renderers()
        assert set(bdg.renderers()) >= {"docx", "html", "markdown"}
