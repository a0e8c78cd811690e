"""Tests for binhdanggioi.rules: every rule code, its path, severity and message."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given

import binhdanggioi
from binhdanggioi.model import (
    BaoCao,
    ChuKy,
    DanhGia,
    DonVi,
    HoatDong,
    KinhPhi,
    NgayThang,
    NoiNhan,
    SanPham,
    SoNguoi,
    VanBan,
)
from binhdanggioi.rules import (
    CODES,
    KINH_PHI_BAT_THUONG,
    KINH_PHI_NHO,
    LAST_YEAR,
    Problem,
    validate,
)
from strategies import bao_caos

TODAY = date(2025, 12, 20)
UNIT = DonVi("Bắc Kạn", "huyen", loai="thành phố", ma="058")
ROW = HoatDong("Hội nghị tuyên truyền", so_luong=1, nguoi=SoNguoi(42, 58), cap="huyen")


def report(nam: int = 2023, **kw: Any) -> BaoCao:
    """A clean report with one row; keyword arguments replace its parts."""
    kw.setdefault("don_vi", UNIT)
    kw.setdefault("hoat_dong", (ROW,))
    return BaoCao(nam, **kw)


def row(**kw: Any) -> HoatDong:
    return attrs.evolve(ROW, **kw)


def found(r: BaoCao) -> list[tuple[str, str, str]]:
    return [(p.code, p.path, p.severity) for p in validate(r, today=TODAY)]


def only(r: BaoCao) -> Problem:
    problems = validate(r, today=TODAY)
    assert len(problems) == 1, problems
    return problems[0]


def test_a_clean_report_has_no_problem() -> None:
    assert validate(report(), today=TODAY) == []


def test_public_names() -> None:
    assert binhdanggioi.validate is validate
    assert binhdanggioi.Problem is Problem


# --------------------------------------------------------------------------- every code, one table

CASES: list[tuple[str, BaoCao, str, str]] = [
    # (code, report, path, a piece of the message)
    (
        "nam-nu-vuot-tong",
        report(hoat_dong=(row(nguoi=SoNguoi(60, 50, 100)),)),
        "hoat_dong[0].nguoi",
        "Nam + Nữ = 110 lớn hơn tổng 100",
    ),
    (
        "thieu-so-lieu-gioi",
        report(hoat_dong=(row(nguoi=SoNguoi(nam=7)),)),
        "hoat_dong[0].nguoi.nu",
        "có số Nam (7) nhưng thiếu số Nữ và tổng",
    ),
    (
        "danh-dau-chua-day-du",
        report(hoat_dong=(row(nguoi=SoNguoi(1, 2, chua_day_du=True)),)),
        "hoat_dong[0].nguoi.chua_day_du",
        "chưa đầy đủ",
    ),
    (
        "danh-dau-chua-day-du",
        report(hoat_dong=(row(so_luong_chua_du=True),)),
        "hoat_dong[0].so_luong_chua_du",
        "số lượng được đánh dấu chưa đầy đủ",
    ),
    (
        "danh-dau-chua-day-du",
        report(kinh_phi=KinhPhi(1_000_000, chua_day_du=True)),
        "kinh_phi.chua_day_du",
        "kinh phí được đánh dấu chưa đầy đủ",
    ),
    (
        "thieu-ten",
        report(hoat_dong=(row(ten="  "),)),
        "hoat_dong[0].ten",
        "ghi tên hoạt động",
    ),
    (
        "nguoi-khi-so-luong-0",
        report(truyen_thong=(row(so_luong=0),)),
        "truyen_thong[0].so_luong",
        "số lượng là 0 nhưng có 100 người tham gia",
    ),
    ("thieu-cap", report(hoat_dong=(row(cap=()),)), "hoat_dong[0].cap", "cấp triển khai"),
    (
        "cap-huyen-sau-2025",
        report(2025, don_vi=DonVi("Thái Nguyên", "tinh", ma="19")),
        "hoat_dong[0].cap",
        "năm 2025 không còn cấp huyện",
    ),
    (
        "kinh-phi-am",
        report(kinh_phi=KinhPhi(ngan_sach_nha_nuoc=-5_000_000)),
        "kinh_phi.ngan_sach_nha_nuoc",
        "kinh phí âm (-5.000.000 đồng)",
    ),
    (
        "kinh-phi-bat-thuong",
        report(kinh_phi=KinhPhi(van_dong=KINH_PHI_BAT_THUONG)),
        "kinh_phi.van_dong",
        "1.000.000.000.000đ lớn bất thường",
    ),
    (
        "so-qua-lon",
        report(kinh_phi=KinhPhi(van_dong=10**15)),
        "kinh_phi.van_dong",
        "16 chữ số, lớn hơn giới hạn 999.999.999.999.999",
    ),
    (
        "kinh-phi-qua-nho",
        report(kinh_phi=KinhPhi(ngan_sach_nha_nuoc=30)),
        "kinh_phi.ngan_sach_nha_nuoc",
        "viết 30000000",
    ),
    (
        "ma-don-vi-sai-dang",
        report(don_vi=DonVi("Huyền Tung", "xa", ma="4")),
        "don_vi.ma",
        '(5 chữ số); giữ số 0 ở đầu và viết trong ngoặc kép, ví dụ "00004"',
    ),
    (
        "ngay-ngoai-nam",
        report(van_ban=VanBan(ngay=NgayThang(2022, 12, 5))),
        "van_ban.ngay",
        "ngày văn bản 2022-12-05 không thuộc năm 2023",
    ),
    ("muc-trong", report(chi_dao=("Ban hành kế hoạch.", " ")), "chi_dao[1]", "để trống"),
    ("nam-ngoai-pham-vi", report(2015), "nam", "Tháng hành động có từ năm 2016"),
    (
        "nam-tuong-lai",
        report(2030, don_vi=DonVi("X", "xa"), hoat_dong=(row(cap="xa"),)),
        "nam",
        "năm 2030 còn ở tương lai",
    ),
    ("bao-cao-rong", report(hoat_dong=()), "", "chưa có số liệu và nội dung"),
    (
        "ma-trung-lap",
        report(
            hoat_dong=(row(ma="bk-1"),),
            truyen_thong=(row(ten="Khác", ma=" bk-1 "),),
        ),
        "truyen_thong[0].ma",
        "mã 'bk-1' đã dùng ở hoat_dong[0]",
    ),
    (
        "dong-lap-lai",
        report(hoat_dong=(ROW, ROW)),
        "hoat_dong[1]",
        "dòng giống hệt hoat_dong[0]",
    ),
    (
        "loai-don-vi-mau-thuan",
        report(don_vi=DonVi("Xã Dương Quang", "xa", "phường")),
        "don_vi.loai",
        "bắt đầu bằng loại 'xã' nhưng loại đơn vị ghi là 'phường'",
    ),
    # From 2025, a unit that names its province is looked up in the official list.
    (
        "don-vi-khong-co-trong-danh-muc",
        report(
            2025,
            don_vi=DonVi("Tân Lậpp", "xa", "xã", tinh="Tây Ninh"),
            hoat_dong=(row(cap="xa"),),
        ),
        "don_vi.ten",
        "của Tỉnh Tây Ninh; có phải: Xã Tân Lập",
    ),
    (
        "ma-don-vi-mau-thuan",
        report(
            2025,
            don_vi=DonVi("Bắc Kạn", "xa", "phường", ma="02143", tinh="19"),
            hoat_dong=(row(cap="xa"),),
        ),
        "don_vi.ma",
        "là mã của Xã Văn Lang (Tỉnh Thái Nguyên), không phải Phường Bắc Kạn",
    ),
    (
        "loi-van-lech-bang",
        report(ket_qua=("Tổ chức 01 hội nghị tuyên truyền với 120 đại biểu tham dự.",)),
        "ket_qua[0]",
        "lời văn ghi 120 người",
    ),
    # issue 12: approximate figures, activity days, target groups, YAML comments
    (
        "so-lieu-uoc-tinh",
        report(hoat_dong=(row(so_luong=100, so_luong_uoc_tinh="hơn"),)),
        "hoat_dong[0].so_luong",
        "số liệu ước tính (hơn 100)",
    ),
    (
        "so-lieu-uoc-tinh",
        report(hoat_dong=(row(nguoi=SoNguoi(tong=100, uoc_tinh="trên")),)),
        "hoat_dong[0].nguoi.tong",
        "trên 100",
    ),
    (
        "den-ngay-truoc-ngay",
        report(hoat_dong=(row(ngay="2023-11-20", den_ngay="2023-11-15"),)),
        "hoat_dong[0].den_ngay",
        "trước ngày bắt đầu",
    ),
    (
        "nhom-khong-co-trong-danh-muc",
        report(hoat_dong=(row(nhom={"nguoi-ngoai-hanh-tinh": 3}),)),
        "hoat_dong[0].nhom[0].ma",
        "không có trong danh mục",
    ),
    (
        "nhom-lon-hon-tong",
        report(hoat_dong=(row(nhom={"phu-nu": 120}),)),
        "hoat_dong[0].nhom[0].so",
        "nhiều hơn tổng số 100 người",
    ),
    (
        "chu-thich-trong-van-ban",
        report(ket_qua=("Tổ chức 3 buổi tuyên truyền # TODO sửa số",)),
        "ket_qua[0]",
        "chú thích",
    ),
]


@pytest.mark.parametrize(("code", "r", "path", "text"), CASES, ids=[c[0] for c in CASES])
def test_each_rule(code: str, r: BaoCao, path: str, text: str) -> None:
    problem = only(r)
    assert (problem.code, problem.path) == (code, path)
    assert problem.severity == CODES[code][0]
    assert text in problem.message


def test_every_code_is_covered_by_the_table_above() -> None:
    assert {c[0] for c in CASES} == set(CODES)


def test_codes_are_stable_kebab_case_with_fixed_severities() -> None:
    for code, (severity, description) in CODES.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", code), code
        assert severity in ("error", "warning")
        assert description and unicodedata.is_normalized("NFC", description)
    errors = {c for c, (s, _) in CODES.items() if s == "error"}
    assert {
        "nam-nu-vuot-tong",
        "kinh-phi-am",
        "nam-ngoai-pham-vi",
        "cap-huyen-sau-2025",
        "ma-trung-lap",
        "thieu-ten",
    } <= errors
    assert CODES["thieu-so-lieu-gioi"][0] == "warning"
    assert CODES["bao-cao-rong"][0] == "warning"
    assert CODES["nguoi-khi-so-luong-0"][0] == "warning"


# --------------------------------------------------------------------------- SoNguoi


@pytest.mark.parametrize(
    "nguoi",
    [
        SoNguoi(42, 58),
        SoNguoi(42, 58, 100),
        SoNguoi(40, 50, 130),
        SoNguoi(tong=10450),
        SoNguoi(nam=3, tong=10),
        SoNguoi(0, 0),
        SoNguoi(),
    ],
)
def test_figures_that_are_fine(nguoi: SoNguoi) -> None:
    assert found(report(hoat_dong=(row(nguoi=nguoi),))) == []


def test_one_part_above_total_is_also_too_many() -> None:
    problem = only(report(hoat_dong=(row(nguoi=SoNguoi(nu=120, tong=100)),)))
    assert problem.code == "nam-nu-vuot-tong"
    assert problem.message.startswith("Nữ = 120 lớn hơn tổng 100; sửa số Nữ hoặc tổng")


def test_missing_men_points_at_nam() -> None:
    problem = only(report(hoat_dong=(row(nguoi=SoNguoi(nu=10)),)))
    assert problem.path == "hoat_dong[0].nguoi.nam"
    assert "ghi số Nam (0 nếu không có) hoặc tổng" in problem.message


def test_incomplete_flag_is_normal_on_an_aggregated_report() -> None:
    r = report(hoat_dong=(row(nguoi=SoNguoi(1, 2, chua_day_du=True)),), nguon=(UNIT,))
    assert found(r) == []
    r = report(
        hoat_dong=(row(so_luong_chua_du=True),),
        kinh_phi=KinhPhi(1_000_000, chua_day_du=True),
        nguon=(UNIT,),
    )
    assert found(r) == []


# --------------------------------------------------------------------------- rows


@pytest.mark.parametrize("so_luong", [None, 1])
def test_people_with_a_count_or_no_count_are_fine(so_luong: int | None) -> None:
    assert found(report(hoat_dong=(row(so_luong=so_luong),))) == []


def test_zero_count_with_zero_people_is_fine() -> None:
    assert found(report(hoat_dong=(row(so_luong=0, nguoi=SoNguoi(0, 0)),))) == []


def test_district_level_is_fine_until_2024() -> None:
    assert found(report(2024)) == []
    r = report(2025, don_vi=UNIT, hoat_dong=(row(cap=["huyen", "xa"]),))
    assert found(r) == [
        ("cap-huyen-sau-2025", "don_vi.cap", "error"),
        ("cap-huyen-sau-2025", "hoat_dong[0].cap", "error"),
    ]


def test_sources_of_a_2025_aggregate_cannot_be_districts() -> None:
    province = DonVi("Thái Nguyên", "tinh", ma="19")
    r = report(2025, don_vi=province, hoat_dong=(row(cap="xa"),), nguon=(province, UNIT))
    assert found(r) == [("cap-huyen-sau-2025", "nguon[1].cap", "error")]


def test_same_row_in_two_tables_is_not_a_repeat() -> None:
    assert found(report(hoat_dong=(ROW,), truyen_thong=(ROW,))) == []


def test_products_follow_the_row_rules_too() -> None:
    r = report(san_pham=(SanPham("", so_luong=0, nguoi=SoNguoi(nam=3)),))
    assert [c for c, _, _ in found(r)] == [
        "thieu-ten",
        "nguoi-khi-so-luong-0",
        "thieu-cap",
        "thieu-so-lieu-gioi",
    ]


# --------------------------------------------------------------------------- KinhPhi


@pytest.mark.parametrize("amount", [0, KINH_PHI_NHO, 30_000_000, KINH_PHI_BAT_THUONG - 1, None])
def test_budgets_that_are_fine(amount: int | None) -> None:
    kp = KinhPhi(ngan_sach_nha_nuoc=amount, van_dong=amount)
    assert found(report(kinh_phi=kp)) == []


def test_each_budget_line_is_checked() -> None:
    kp = KinhPhi(ngan_sach_nha_nuoc=-1, van_dong=-2)
    assert found(report(kinh_phi=kp)) == [
        ("kinh-phi-am", "kinh_phi.ngan_sach_nha_nuoc", "error"),
        ("kinh-phi-am", "kinh_phi.van_dong", "error"),
    ]


# --------------------------------------------------------------------------- DonVi, VanBan


@pytest.mark.parametrize(
    "don_vi",
    [
        DonVi("Thái Nguyên", "tinh", ma="19"),
        DonVi("Bắc Kạn", "huyen", ma="058"),
        DonVi("Huyền Tung", "xa", ma="01864"),
        DonVi("Trường A", "truong-hoc", ma="TH-1"),
        DonVi("Bắc Kạn", "huyen"),
    ],
)
def test_unit_codes_that_are_fine(don_vi: DonVi) -> None:
    assert found(report(don_vi=don_vi)) == []


def test_unit_without_a_name() -> None:
    assert found(report(don_vi=DonVi(" ", "xa"))) == [("thieu-ten", "don_vi.ten", "error")]


@pytest.mark.parametrize(
    "ngay", [NgayThang(2023), NgayThang(2023, 12), NgayThang(2024, 1, 10), NgayThang(2024, 3)]
)
def test_report_dates_in_the_year_or_early_next_year_are_fine(ngay: NgayThang) -> None:
    assert found(report(van_ban=VanBan(ngay=ngay))) == []


@pytest.mark.parametrize("ngay", [NgayThang(2024), NgayThang(2024, 4, 1), NgayThang(2025, 1)])
def test_report_dates_far_from_the_year_are_warned(ngay: NgayThang) -> None:
    assert found(report(van_ban=VanBan(ngay=ngay))) == [
        ("ngay-ngoai-nam", "van_ban.ngay", "warning")
    ]


# --------------------------------------------------------------------------- narrative


def test_blank_items_are_found_wherever_they_are() -> None:
    r = report(
        van_ban=VanBan(kinh_gui=("",)),
        ket_qua=("a", ""),
        kien_nghi=("\t",),
        danh_gia=DanhGia(kho_khan=("x", " ")),
        noi_nhan=NoiNhan(ban_giay=("",)),
        chu_ky=ChuKy(quyen_han=("TM. ỦY BAN NHÂN DÂN", "")),
    )
    assert [p for _, p, _ in found(r)] == [
        "van_ban.kinh_gui[0]",
        "ket_qua[1]",
        "danh_gia.kho_khan[1]",
        "kien_nghi[0]",
        "noi_nhan.ban_giay[0]",
        "chu_ky.quyen_han[1]",
    ]


# --------------------------------------------------------------------------- BaoCao


@pytest.mark.parametrize(("nam", "expected"), [(2016, []), (2024, []), (2025, [])])
def test_years_that_are_fine(nam: int, expected: list[object]) -> None:
    r = report(nam, don_vi=DonVi("X", "xa"), hoat_dong=(row(cap="xa"),))
    assert found(r) == expected


@pytest.mark.parametrize(
    ("nam", "code", "severity"),
    [
        (2015, "nam-ngoai-pham-vi", "error"),
        (0, "nam-ngoai-pham-vi", "error"),
        (-5, "nam-ngoai-pham-vi", "error"),
        (LAST_YEAR + 1, "nam-ngoai-pham-vi", "error"),
        (LAST_YEAR, "nam-tuong-lai", "warning"),
        (TODAY.year + 2, "nam-tuong-lai", "warning"),
    ],
)
def test_years_out_of_range(nam: int, code: str, severity: str) -> None:
    r = report(nam, don_vi=DonVi("X", "xa"), hoat_dong=(row(cap="xa"),))
    assert found(r) == [(code, "nam", severity)]


def test_future_depends_on_today() -> None:
    r = report(2026, don_vi=DonVi("X", "xa"), hoat_dong=(row(cap="xa"),))
    assert validate(r, today=date(2025, 11, 1)) == []
    assert [p.code for p in validate(r, today=date(2024, 1, 1))] == ["nam-tuong-lai"]


def test_an_empty_report_is_only_a_warning() -> None:
    problem = only(BaoCao(2023, UNIT))
    assert (problem.code, problem.path, problem.is_error) == ("bao-cao-rong", "", False)


def test_problems_come_in_the_order_of_the_file() -> None:
    r = report(
        2015,
        don_vi=DonVi("", "huyen"),
        hoat_dong=(row(ma="a"), row(ma="a", nguoi=SoNguoi(nu=1))),
        kinh_phi=KinhPhi(van_dong=-1),
    )
    assert [(c, p) for c, p, _ in found(r)] == [
        ("nam-ngoai-pham-vi", "nam"),
        ("thieu-ten", "don_vi.ten"),
        ("ma-trung-lap", "hoat_dong[1].ma"),
        ("thieu-so-lieu-gioi", "hoat_dong[1].nguoi.nam"),
        ("kinh-phi-am", "kinh_phi.van_dong"),
    ]


# --------------------------------------------------------------------------- Problem


def test_problem_prints_one_vietnamese_line() -> None:
    p = Problem("nam-nu-vuot-tong", "hoat_dong[2].nguoi", "Nam + Nữ = 11 lớn hơn tổng 10")
    assert str(p) == "lỗi: hoat_dong[2].nguoi: Nam + Nữ = 11 lớn hơn tổng 10 [nam-nu-vuot-tong]"
    w = Problem("bao-cao-rong", "", "báo cáo chưa có nội dung", "warning")
    assert str(w) == "cảnh báo: báo cáo chưa có nội dung [bao-cao-rong]"
    assert p.is_error and not w.is_error
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        p.code = "x"  # type: ignore[misc]


@pytest.mark.parametrize(("code", "r", "path", "text"), CASES, ids=[c[0] for c in CASES])
def test_messages_are_short_nfc_vietnamese_on_one_line(
    code: str, r: BaoCao, path: str, text: str
) -> None:
    message = only(r).message
    assert unicodedata.is_normalized("NFC", message)
    assert "\n" not in message and len(message) <= 160
    assert ";" in message  # what is wrong; what to do


# --------------------------------------------------------------------------- properties


@pytest.mark.slow
@given(bao_caos())
def test_valid_reports_have_no_error(r: BaoCao) -> None:
    assert [p for p in validate(r) if p.is_error] == []


@pytest.mark.slow
@given(bao_caos(valid=False))
def test_any_well_formed_report_can_be_checked(r: BaoCao) -> None:
    for p in validate(r):
        assert p.severity == CODES[p.code][0]
        assert "\n" not in p.path


def test_every_code_is_documented_for_users() -> None:
    guide = Path(__file__).resolve().parent.parent / "docs" / "data-format.md"
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| (lỗi|cảnh báo) \|", guide.read_text("utf-8"), re.M)
    label = {"error": "lỗi", "warning": "cảnh báo"}
    assert dict(rows) == {code: label[severity] for code, (severity, _) in CODES.items()}
