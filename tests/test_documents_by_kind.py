"""Issue 12, document half: each kind of issuing body gets its own header, managing
body, dateline place, closing sentence and signature, in Word, HTML and Markdown;
notes, the theme, details, groups, qualifiers, support and funding are printed."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import docx
import pytest

from binhdanggioi import cli
from binhdanggioi.context import cap_label, template_context, ten_co_quan
from binhdanggioi.formats import example_path, load
from binhdanggioi.model import (
    BaoCao,
    Cap,
    ChuKy,
    DonVi,
    HoatDong,
    HoTro,
    KinhPhi,
    NguonKinhPhi,
    NhomNguoi,
    SoNguoi,
    VanBan,
)
from binhdanggioi.renderers import render
from binhdanggioi.vocabulary import LoaiCoQuan, tham_quyen_ky

ROOT = Path(__file__).resolve().parents[1]
SCHOOL = ROOT / "examples" / "truong-tieu-hoc-2025.yaml"
FORMATS = ("docx", "html", "markdown")


# --------------------------------------------------------------------------- text of outputs


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in {"div", "p", "td", "th", "span", "br", "h1", "h2", "h3"}:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(report: BaoCao, fmt: str) -> str:
    """The visible text of ``report`` rendered as ``fmt``, one block a line."""
    data = render(report, fmt)
    if fmt == "docx":
        document = docx.Document(io.BytesIO(data))
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
        return "\n".join(lines)
    if fmt == "html":
        parser = _Text()
        parser.feed(data.decode())
        return "".join(parser.parts)
    source = data.decode()
    source = re.sub(r"\\([\\`*_\[\]<>|#&~])", r"\1", source)  # the Markdown escapes
    return source.replace("<br>", "\n").replace("**", "").replace("*", "")


def lines_of(report: BaoCao, fmt: str) -> list[str]:
    return [" ".join(x.split()) for x in text_of(report, fmt).splitlines() if x.strip()]


def signature_lines(report: BaoCao, fmt: str) -> list[str]:
    data = render(report, fmt)
    if fmt == "docx":
        cell = docx.Document(io.BytesIO(data)).tables[-1].rows[0].cells[1]
        return [p.text for p in cell.paragraphs if p.text.strip()]
    if fmt == "html":
        page = data.decode()
        block = page[page.index('<td class="ky">') : page.rindex("</td>")]
        divs = re.findall(r"<div[^>]*>(.*?)</div>", block)
        return [d.strip() for d in divs if d.strip() and d.strip() != "&nbsp;"]
    tail = data.decode().split("***Nơi nhận:***")[1]
    return [x.strip().strip("*") for x in tail.splitlines() if x.startswith(("**", "*("))]


def header_lines(report: BaoCao, fmt: str) -> list[str]:
    """The left column of the header: managing body, issuing body."""
    data = render(report, fmt)
    if fmt == "docx":
        cell = docx.Document(io.BytesIO(data)).tables[0].rows[0].cells[0]
        return [p.text for p in cell.paragraphs if p.text.strip()]
    if fmt == "html":
        page = data.decode()
        block = page[page.index('<td class="trai">') : page.index('<div class="ke">')]
        return [d.strip() for d in re.findall(r"<div[^>]*>(.*?)</div>", block)]
    head = data.decode().split("Số:")[0]
    return [x.strip().strip("*").strip() for x in head.splitlines() if x.strip()]


# --------------------------------------------------------------------------- bodies

ROW = HoatDong("Tọa đàm bình đẳng giới", 1, SoNguoi(10, 20), cap="tinh")


def _report(unit: DonVi, **kw: Any) -> BaoCao:
    return BaoCao(2025, unit, hoat_dong=(ROW,), **kw)


MONTH = "Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới"

# unit, header lines, dateline place, closing, placeholder signature
KINDS: dict[str, tuple[DonVi, list[str], str, str, list[str]]] = {
    "truong-hoc": (
        DonVi(
            "Trường Tiểu học Hương Sơn",
            "truong-hoc",
            "trường tiểu học",
            cap_tren="Ủy ban nhân dân xã Phú Bình",
            dia_danh="Phú Bình",
        ),
        ["ỦY BAN NHÂN DÂN XÃ PHÚ BÌNH", "TRƯỜNG TIỂU HỌC HƯƠNG SƠN"],
        "Phú Bình, ngày",
        "năm 2025 của Trường Tiểu học Hương Sơn./.",
        ["HIỆU TRƯỞNG"],
    ),
    "dai-hoc": (
        DonVi("Trường Đại học Vinh", "tinh", cap_tren="Bộ Giáo dục và Đào tạo", dia_danh="Nghệ An"),
        ["BỘ GIÁO DỤC VÀ ĐÀO TẠO", "TRƯỜNG ĐẠI HỌC VINH"],
        "Nghệ An, ngày",
        "năm 2025 của Trường Đại học Vinh./.",
        ["HIỆU TRƯỞNG"],
    ),
    "co-quan": (
        DonVi(
            "Sở Y tế",
            "tinh",
            tinh="Thái Nguyên",
            cap_tren="Ủy ban nhân dân tỉnh Thái Nguyên",
        ),
        ["ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN", "SỞ Y TẾ"],
        "Thái Nguyên, ngày",
        "năm 2025 của Sở Y tế./.",
        ["GIÁM ĐỐC"],
    ),
    "hoi": (
        DonVi(
            "Hội Liên hiệp Phụ nữ huyện Chợ Đồn",
            "huyen",
            cap_tren="Hội Liên hiệp Phụ nữ tỉnh Bắc Kạn",
            dia_danh="Chợ Đồn",
        ),
        ["HỘI LIÊN HIỆP PHỤ NỮ TỈNH BẮC KẠN", "HỘI LIÊN HIỆP PHỤ NỮ HUYỆN CHỢ ĐỒN"],
        "Chợ Đồn, ngày",
        "năm 2025 của Hội Liên hiệp Phụ nữ huyện Chợ Đồn./.",
        ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"],
    ),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_of_body_has_its_own_document(kind: str, fmt: str) -> None:
    unit, header, place, closing, authority = KINDS[kind]
    report = _report(unit)
    assert header_lines(report, fmt) == header
    lines = lines_of(report, fmt)
    text = "\n".join(lines)
    assert any(x.startswith(place) for x in lines), place
    assert lines_of(report, fmt) and closing in text
    assert "trên địa bàn" not in text
    assert "ỦY BAN NHÂN DÂN" not in header[-1]
    # No signer: the kind's authority and title, and room to sign.
    assert signature_lines(report, fmt) == [*authority, "(Ký, ghi rõ họ tên, đóng dấu)"]
    # A name only: the kind's authority and title above it.
    named = attrs.evolve(report, chu_ky=ChuKy(ho_ten="Nguyễn Văn An"))
    assert signature_lines(named, fmt) == [*authority, "Nguyễn Văn An"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_deputy_signs_for_the_head(fmt: str) -> None:
    university = _report(KINDS["dai-hoc"][0], chu_ky=ChuKy(chuc_vu="Phó Hiệu trưởng", ho_ten="A"))
    assert signature_lines(university, fmt) == ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "A"]
    commune = _report(DonVi("Dương Quang", "xa", "xã"), chu_ky=ChuKy(chuc_vu="PHÓ CHỦ TỊCH"))
    assert signature_lines(commune, fmt) == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    # Lines given are printed as given; a KT. line gives its deputy's title.
    given = _report(DonVi("Sở Y tế", "tinh"), chu_ky=ChuKy(("KT. GIÁM ĐỐC",), ho_ten="B"))
    assert signature_lines(given, fmt) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "B"]


def test_a_commune_document_keeps_the_territory_and_never_doubles_its_kind() -> None:
    commune = _report(DonVi("Xã Dương Quang", "xa", "xã", cap_tren="Huyện Chợ Đồn"))
    for fmt in FORMATS:
        # A People's Committee: no managing-body line from the territory above it.
        assert header_lines(commune, fmt) == ["ỦY BAN NHÂN DÂN", "XÃ DƯƠNG QUANG"]
        text = "\n".join(lines_of(commune, fmt))
        assert "Dương Quang, ngày" in text
        assert "trên địa bàn xã Dương Quang./." in text
        assert "xã Xã" not in text and "XÃ XÃ" not in text
    assert signature_lines(commune, "docx")[0] == "TM. ỦY BAN NHÂN DÂN"


def test_the_kind_is_never_doubled_nor_lowered_in_a_school_name() -> None:
    for unit in (
        DonVi("Trường Tiểu học Hương Sơn", "xa", "trường tiểu học"),
        DonVi("Trường Tiểu học Hương Sơn", "xa"),
    ):
        ctx = template_context(_report(unit))
        assert ten_co_quan(unit) == "Trường Tiểu học Hương Sơn"
        assert ctx["van_ban"]["co_quan_dong"] == ["TRƯỜNG TIỂU HỌC HƯƠNG SƠN"]
        everything = repr(ctx)
        assert "trường tiểu học Trường" not in everything
        assert ctx["mo_dau"].startswith("Trường Tiểu học Hương Sơn báo cáo")
    bare = DonVi("Hương Sơn", "xa", "trường tiểu học")
    assert template_context(_report(bare))["van_ban"]["co_quan_dong"] == [
        "TRƯỜNG TIỂU HỌC HƯƠNG SƠN"
    ]


def test_a_school_without_a_place_leaves_room_for_it_never_its_own_name() -> None:
    ctx = template_context(_report(DonVi("Trường Tiểu học Hương Sơn", "truong-hoc")))
    assert "Hương Sơn" not in ctx["van_ban"]["dia_danh"]
    assert ctx["van_ban"]["dia_danh"].strip() == ""
    given = _report(DonVi("Trường Tiểu học Hương Sơn", "xa"), van_ban=VanBan(dia_danh="Phú Bình"))
    assert template_context(given)["van_ban"]["dia_danh"] == "Phú Bình"


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("Hội Liên hiệp Phụ nữ tỉnh Bình Định", "Bình Định"),
        ("Phòng Văn hóa - Xã hội huyện Bạch Thông", "Bạch Thông"),
        ("Bệnh viện Đa khoa tỉnh Bắc Kạn", "Bắc Kạn"),
        ("Trường Tiểu học Xã Đàn", ""),  # a street, not a commune: left to fill by hand
        ("Trường Tiểu học Hương Sơn", ""),
    ],
)
def test_a_body_named_after_its_territory_dates_its_document_there(name: str, place: str) -> None:
    ctx = template_context(_report(DonVi(name, "tinh")))
    assert ctx["van_ban"]["dia_danh"].strip() == place


def test_what_the_report_writes_wins_over_every_default() -> None:
    unit = KINDS["truong-hoc"][0]
    report = _report(
        unit,
        van_ban=VanBan(co_quan_chu_quan="PHÒNG GD&ĐT", co_quan="TRƯỜNG TH X", dia_danh="Y"),
        ket_luan="Kết luận riêng",
        chu_ky=ChuKy(("Q. HIỆU TRƯỞNG",), "HIỆU TRƯỞNG", "C"),
    )
    ctx = template_context(report)
    assert ctx["van_ban"]["co_quan_chu_quan_dong"] == ["PHÒNG GD&ĐT"]
    assert ctx["van_ban"]["co_quan_dong"] == ["TRƯỜNG TH X"]
    assert ctx["van_ban"]["dia_danh"] == "Y" and ctx["ket_luan"] == "Kết luận riêng"
    assert signature_lines(report, "docx") == ["Q. HIỆU TRƯỞNG", "HIỆU TRƯỞNG", "C"]


def test_signature_defaults_are_data() -> None:
    assert tham_quyen_ky("Phòng Văn hóa - Xã hội", LoaiCoQuan.CO_QUAN_CHUYEN_MON).chuc_vu == (
        "TRƯỞNG PHÒNG"
    )
    assert tham_quyen_ky("Học viện Phụ nữ Việt Nam", LoaiCoQuan.DAI_HOC).chuc_vu == "GIÁM ĐỐC"
    assert tham_quyen_ky("Bệnh viện Đa khoa tỉnh", LoaiCoQuan.BENH_VIEN).chuc_vu == "GIÁM ĐỐC"
    assert tham_quyen_ky("Công ty TNHH A", LoaiCoQuan.DOANH_NGHIEP).chuc_vu == "GIÁM ĐỐC"
    youth = tham_quyen_ky("Huyện đoàn Chợ Đồn", LoaiCoQuan.TO_CHUC_CHINH_TRI_XA_HOI)
    assert (youth.quyen_han, youth.chuc_vu) == (("TM. BAN THƯỜNG VỤ",), "BÍ THƯ")


@pytest.mark.parametrize(
    ("unit", "cap", "label"),
    [
        (DonVi("Dương Quang", "xa", "xã"), Cap.XA, "Xã"),
        (DonVi("Dương Quang", "xa"), Cap.XA, "Xã"),
        (DonVi("Trường Đại học Vinh", "tinh"), Cap.TINH, "Nhà trường"),
        (DonVi("Bắc Kạn", "huyen", "thành phố"), Cap.XA, "Xã phường"),
    ],
)
def test_cap_label_follows_the_unit(unit: DonVi, cap: Cap, label: str) -> None:
    assert cap_label(cap, unit) == label


# --------------------------------------------------------------------------- printed facts


def _detailed() -> BaoCao:
    return BaoCao(
        2025,
        DonVi("Dương Quang", "xa", "xã"),
        chu_de="Chung tay vì bình đẳng giới",
        hoat_dong=(
            HoatDong(
                "Nói chuyện chuyên đề",
                2,
                SoNguoi(tong=10450, uoc_tinh="hơn"),
                cap="xa",
                ghi_chu="Tổ chức tại hai thôn",
                ngay="2025-11-20",
                den_ngay="2025-11-25",
                dia_diem="Nhà văn hóa thôn Nà Pái",
                hinh_thuc="trực tuyến",
                don_vi_chu_tri="Hội LHPN xã",
                don_vi_phoi_hop=("Đoàn Thanh niên", "Công an xã"),
                nhom=(NhomNguoi("phu-nu", 40, "khoảng"), NhomNguoi("tre-em", 15)),
                so_luong_uoc_tinh="trên",
            ),
        ),
        ho_tro=(HoTro("Suất quà", 15, 4_500_000, "trẻ em có hoàn cảnh khó khăn", cap="xa"),),
        kinh_phi=KinhPhi(
            2_000_000, 0, nguon_khac=(NguonKinhPhi("Dự án 8, Chương trình MTQG 1719", 3_000_000),)
        ),
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_details_groups_qualifiers_support_and_funding_are_printed(fmt: str) -> None:
    text = "\n".join(lines_of(_detailed(), fmt))
    for piece in (
        "với chủ đề “Chung tay vì bình đẳng giới”",
        "hơn 10.450",
        "trên 02",
        "Thời gian: 20/11/2025 - 25/11/2025",
        "Địa điểm: Nhà văn hóa thôn Nà Pái",
        "Hình thức: trực tuyến",
        "Chủ trì: Hội LHPN xã",
        "Phối hợp: Đoàn Thanh niên; Công an xã",
        "Phụ nữ khoảng 40",
        "Trẻ em 15",
        "(1) Tổ chức tại hai thôn",
        "Suất quà",
        "4.500.000đ",
        "trẻ em có hoàn cảnh khó khăn",
        "c) Dự án 8, Chương trình MTQG 1719: 3.000.000đ (Ba triệu đồng)",
        "Bốn triệu năm trăm nghìn đồng",
    ):
        assert piece in text, piece
    # Groups never enter the Nam/Nữ columns: the row's people figure is the total only.
    ctx = template_context(_detailed())
    row = ctx["hoat_dong"]["dong"][0]
    assert (row["nam_viet"], row["nu_viet"], row["tong_viet"]) == ("", "", "hơn 10.450")


def test_the_theme_is_not_repeated_when_i2_quotes_it() -> None:
    report = load(example_path())
    assert report.chu_de and template_context(report)["chu_de_cau"] is None


def test_markdown_signature_without_a_name_prints_no_empty_bold() -> None:
    report = _report(DonVi("Dương Quang", "xa", "xã"), chu_ky=ChuKy(chuc_vu="CHỦ TỊCH"))
    source = render(report, "markdown").decode()
    assert "****" not in source
    assert signature_lines(report, "markdown") == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def test_the_bundled_school_example_renders_as_a_school(tmp_path: Path) -> None:
    report = load(SCHOOL)
    for fmt in FORMATS:
        assert header_lines(report, fmt) == [
            "ỦY BAN NHÂN DÂN XÃ PHÚ BÌNH",
            "TRƯỜNG TIỂU HỌC HƯƠNG SƠN",
        ]
        text = "\n".join(lines_of(report, fmt))
        assert "Phú Bình, ngày 10 tháng 12 năm 2025" in text
        assert "của Trường Tiểu học Hương Sơn./." in text
        assert "Phát trực tuyến cho cha mẹ học sinh" in text  # the row's note
        assert "Học sinh hơn 400" in text
        assert signature_lines(report, fmt) == ["HIỆU TRƯỞNG", "Nguyễn Thị Minh Hòa"]


def test_aggregate_to_csv_writes_the_detailed_columns(tmp_path: Path) -> None:
    out = tmp_path / "tong-hop.csv"
    status = cli.main(
        [
            "aggregate",
            str(SCHOOL),
            "--ten",
            "Phú Bình",
            "--cap",
            "xa",
            "--loai",
            "xã",
            "-o",
            str(out),
        ]
    )
    assert status == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {"unit", "table", "measure", "value", "approx", "note", "sources"} <= set(rows[0])
    assert any("Phát trực tuyến cho cha mẹ học sinh" in row["note"] for row in rows)
    assert "hơn" in {row["approx"] for row in rows}
