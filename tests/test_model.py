"""Tests for binhdanggioi.model: levels, people by sex, budgets, dates, reports."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from binhdanggioi.model import (
    BaoCao,
    Cap,
    DonVi,
    HoatDong,
    KinhPhi,
    NgayThang,
    SanPham,
    SoNguoi,
    TongHop,
    parse_cap,
    parse_caps,
)
from strategies import bao_caos, so_nguois

# --------------------------------------------------------------------------- levels


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("tinh", (Cap.TINH,)),
        ("Tỉnh", (Cap.TINH,)),
        ("  TỈNH ", (Cap.TINH,)),
        ("Thành phố", (Cap.HUYEN,)),
        ("Huyện", (Cap.HUYEN,)),
        ("Thị xã", (Cap.HUYEN,)),
        ("Quận", (Cap.HUYEN,)),
        ("Xã", (Cap.XA,)),
        ("Phường", (Cap.XA,)),
        ("Thị trấn", (Cap.XA,)),
        ("xã phường", (Cap.XA,)),
        ("Trường học", (Cap.TRUONG_HOC,)),
        ("Các trường học", (Cap.TRUONG_HOC,)),
        ("truong-hoc", (Cap.TRUONG_HOC,)),
        ("trung-uong", (Cap.TRUNG_UONG,)),
        ("Thành phố, xã phường", (Cap.HUYEN, Cap.XA)),
        (unicodedata.normalize("NFD", "Thành phố, xã phường"), (Cap.HUYEN, Cap.XA)),
        (["xa", "Tỉnh", "xã"], (Cap.TINH, Cap.XA)),
        (Cap.XA, (Cap.XA,)),
    ],
)
def test_parse_caps_reads_codes_and_form_labels(label: object, expected: tuple[Cap, ...]) -> None:
    assert parse_caps(label) == expected  # type: ignore[arg-type]


def test_parse_caps_refuses_unknown_label_naming_the_codes() -> None:
    with pytest.raises(ValueError, match="không hiểu cấp 'ấp'") as info:
        parse_caps("ấp")
    assert "trung-uong, tinh, huyen, xa, truong-hoc" in str(info.value)


def test_parse_cap_needs_exactly_one_level() -> None:
    assert parse_cap("Quận") is Cap.HUYEN
    with pytest.raises(ValueError, match="cần đúng một cấp"):
        parse_cap("Thành phố, xã phường")


def test_cap_is_a_string_enum_with_stable_codes() -> None:
    assert [c.value for c in Cap] == ["trung-uong", "tinh", "huyen", "xa", "truong-hoc"]
    assert Cap.XA == "xa"


# --------------------------------------------------------------------------- SoNguoi


def test_absent_is_not_zero() -> None:
    absent, zero = SoNguoi(), SoNguoi(nam=0, nu=0)
    assert absent.rong and absent.tong_so is None
    assert not zero.rong and zero.tong_so == 0
    assert absent != zero


@pytest.mark.parametrize(
    ("so_nguoi", "tong_so", "chua_phan_tach", "mot_phan", "ty_le_nu"),
    [
        (SoNguoi(nam=42, nu=58), 100, None, False, 0.58),
        (SoNguoi(tong=10450), 10450, 10450, False, None),
        (SoNguoi(nam=40, nu=50, tong=130), 130, 40, False, 50 / 90),
        (SoNguoi(nu=10), 10, None, True, None),
        (SoNguoi(nam=7), 7, None, True, None),
        (SoNguoi(nam=3, tong=10), 10, 7, False, None),
        (SoNguoi(nam=0, nu=0), 0, None, False, None),
        (SoNguoi(nam=0, nu=10), 10, None, False, 1.0),
    ],
)
def test_so_nguoi_semantics(
    so_nguoi: SoNguoi,
    tong_so: int | None,
    chua_phan_tach: int | None,
    mot_phan: bool,
    ty_le_nu: float | None,
) -> None:
    assert so_nguoi.tong_so == tong_so
    assert so_nguoi.chua_phan_tach == chua_phan_tach
    assert so_nguoi.mot_phan is mot_phan
    assert so_nguoi.thieu is mot_phan
    assert so_nguoi.ty_le_nu == pytest.approx(ty_le_nu)


def test_remainder_is_never_negative_even_when_parts_exceed_total() -> None:
    # nam + nu > tong is a rule error (rules.py), not something the model invents around.
    assert SoNguoi(nam=60, nu=60, tong=100).chua_phan_tach == 0


@pytest.mark.parametrize("bad", [-1, True, 1.5, "3"])
def test_counts_refuse_what_is_not_a_whole_number(bad: object) -> None:
    with pytest.raises((TypeError, ValueError), match=r"^nu: "):
        SoNguoi(nu=bad)  # type: ignore[arg-type]


def test_sum_marks_a_gap_as_incomplete() -> None:
    total = SoNguoi.cong([SoNguoi(nam=1, nu=2), SoNguoi()])
    assert (total.nam, total.nu, total.thieu) == (1, 2, True)
    assert SoNguoi.cong([SoNguoi(nam=1), SoNguoi(nam=2, nu=3)]).thieu
    assert SoNguoi.cong([]) == SoNguoi()


def test_sum_keeps_the_not_split_part_apart() -> None:
    total = SoNguoi(nam=1, nu=2) + SoNguoi(tong=10)
    assert total == SoNguoi(nam=1, nu=2, tong=13)
    assert total.chua_phan_tach == 10 and not total.thieu


def test_adding_something_else_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        _ = SoNguoi(nam=1) + 1  # type: ignore[operator]


@given(st.lists(so_nguois(valid=True, max_value=10**6, chua_day_du=None), max_size=6))
def test_sum_conserves_every_figure(parts: list[SoNguoi]) -> None:
    total = SoNguoi.cong(parts)
    given_parts = [p for p in parts if not p.rong]

    def opt_sum(values: list[int | None]) -> int | None:
        known = [v for v in values if v is not None]
        return sum(known) if known else None

    assert total.nam == opt_sum([p.nam for p in given_parts])
    assert total.nu == opt_sum([p.nu for p in given_parts])
    assert total.tong_so == opt_sum([p.tong_so for p in given_parts])
    gaps = bool(given_parts) and len(given_parts) < len(parts)
    marked_gap = not given_parts and any(p.chua_day_du for p in parts)
    assert total.thieu == (gaps or marked_gap or any(p.thieu for p in given_parts))


@given(so_nguois(max_value=10**6), so_nguois(max_value=10**6))
def test_sum_is_commutative(a: SoNguoi, b: SoNguoi) -> None:
    assert a + b == b + a


# --------------------------------------------------------------------------- rows, budget


def test_row_levels_are_normalised_on_construction() -> None:
    row = SanPham("Băng rôn, khẩu hiệu", so_luong=9, cap="Thành phố, xã phường")
    assert row.cap == (Cap.HUYEN, Cap.XA)
    assert HoatDong("A", cap=["xa", "tinh"]).cap == (Cap.TINH, Cap.XA)


def test_row_is_incomplete_when_its_people_are() -> None:
    assert HoatDong("A", nguoi=SoNguoi(nu=1)).thieu
    assert not HoatDong("A").thieu


def test_values_are_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        HoatDong("A").ten = "B"  # type: ignore[misc]


def test_budget_total_is_absent_only_when_nothing_was_reported() -> None:
    assert KinhPhi().tong is None
    assert KinhPhi(van_dong=0).tong == 0
    assert KinhPhi(ngan_sach_nha_nuoc=30_000_000, van_dong=0).tong == 30_000_000


@pytest.mark.parametrize("bad", [1.5, True, "30000000"])
def test_budget_refuses_what_is_not_whole_dong(bad: object) -> None:
    with pytest.raises(TypeError, match="đồng"):
        KinhPhi(ngan_sach_nha_nuoc=bad)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-12-05", NgayThang(2023, 12, 5)),
        ("2023-12", NgayThang(2023, 12)),
        ("2023", NgayThang(2023)),
        (" 2023-1-5 ", NgayThang(2023, 1, 5)),
    ],
)
def test_partial_dates_parse_and_print(text: str, expected: NgayThang) -> None:
    parsed = NgayThang.parse(text)
    assert parsed == expected
    assert NgayThang.parse(str(parsed)) == parsed


def test_partial_date_prints_zero_padded_iso() -> None:
    assert str(NgayThang(2023, 2, 5)) == "2023-02-05"
    assert str(NgayThang(2023, 12)) == "2023-12"
    assert NgayThang(2023, 12).to_date() is None
    assert NgayThang(2023, 12, 5).to_date() == date(2023, 12, 5)
    assert NgayThang.from_date(date(2023, 10, 16)) == NgayThang(2023, 10, 16)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((2023, 2, 30), "không có ngày 30/2/2023"),
        ((2023, 13), "tháng 13 không có"),
        ((2023, None, 5), "có ngày thì phải có tháng"),
    ],
)
def test_impossible_dates_are_refused(args: tuple[int, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        NgayThang(*args)


def test_malformed_date_text_says_how_to_write_it() -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        NgayThang.parse("05/12/2023")


# --------------------------------------------------------------------------- units, reports


def test_unit_identity_prefers_the_official_code() -> None:
    assert DonVi("Bắc Kạn", "huyen", ma=" 058 ").khoa == ("ma", "058")
    by_name = DonVi("Bắc  Kạn", "Thành phố").khoa
    assert by_name == DonVi("bắc kạn", "huyen").khoa == ("ten", "huyen:bac kan")
    assert DonVi("Bắc Kạn", "huyen", loai="thành phố").ten_day_du == "thành phố Bắc Kạn"


def _report(**kw: object) -> BaoCao:
    return BaoCao(2023, DonVi("Bắc Kạn", "huyen"), **kw)  # type: ignore[arg-type]


def test_empty_report() -> None:
    assert _report().rong
    assert not _report(kinh_phi=KinhPhi(van_dong=0)).rong
    assert not _report(chi_dao=("Ban hành kế hoạch.",)).rong
    assert not _report(san_pham=(SanPham("Băng rôn", 9),)).rong


def test_tables_and_totals() -> None:
    r = _report(
        hoat_dong=(HoatDong("A", 1, SoNguoi(100, 100)), HoatDong("B", 1, SoNguoi(0, 10))),
        truyen_thong=(HoatDong("C", 21, SoNguoi(tong=10450)), HoatDong("D", 6)),
    )
    assert r.tong_hop("hoat_dong") == TongHop(2, 2, SoNguoi(100, 110), 0)
    everything = r.tong_hop()
    assert (everything.so_dong, everything.so_luong) == (4, 29)
    assert everything.nguoi.tong_so == 10660
    assert everything.nguoi.chua_phan_tach == 10450
    assert [(t, i) for t, i, _ in r.dong()] == [
        ("hoat_dong", 0),
        ("hoat_dong", 1),
        ("truyen_thong", 0),
        ("truyen_thong", 1),
    ]
    with pytest.raises(KeyError, match="không có bảng 'bang'"):
        r.bang("bang")


def test_names_and_themes_follow_the_year() -> None:
    assert _report().ten_thang_hanh_dong.endswith("phòng ngừa, ứng phó với bạo lực trên cơ sở giới")
    old = BaoCao(2020, DonVi("X", "xa"))
    assert old.ten_thang_hanh_dong.endswith("phòng, chống bạo lực trên cơ sở giới")
    assert old.chu_de_nam == "Chấm dứt bạo lực đối với phụ nữ và trẻ em"
    assert _report(chu_de="Chủ đề riêng").chu_de_nam == "Chủ đề riêng"
    assert BaoCao(2099, DonVi("X", "xa")).chu_de_nam is None


@pytest.mark.slow
@given(bao_caos())
def test_generated_reports_are_consistent(r: BaoCao) -> None:
    total = r.tong_hop()
    assert total.so_dong == sum(len(r.bang(t)) for t in BaoCao.TABLES)
    assert total.so_luong == sum(r.tong_hop(t).so_luong for t in BaoCao.TABLES)


def test_cong_keeps_a_gap_marked_on_an_empty_figure() -> None:
    marked = SoNguoi(chua_day_du=True)
    assert SoNguoi.cong([marked]).thieu
    assert SoNguoi.cong([marked, SoNguoi()]) == marked
    assert SoNguoi.cong([SoNguoi(), SoNguoi()]) == SoNguoi()


def test_text_is_kept_in_nfc_whatever_way_it_was_built() -> None:
    decomposed = unicodedata.normalize("NFD", "Bắc Kạn")
    unit = DonVi(decomposed, "huyen", loai=unicodedata.normalize("NFD", "thành phố"))
    assert unit.ten == "Bắc Kạn" and unit.loai == "thành phố"
    row = HoatDong("Ω " + decomposed, nguon=[decomposed])
    assert row.ten == "Ω Bắc Kạn" and row.nguon == ("Bắc Kạn",)


def test_codes_are_trimmed_and_an_empty_code_is_no_code() -> None:
    assert HoatDong("A", ma="  e1 ").ma == "e1"
    assert HoatDong("A", ma="   ").ma is None
    assert HoatDong("A", chi_tieu="").chi_tieu is None
    assert DonVi("X", "xa", ma=" 00004 ").ma == "00004"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: BaoCao("2023", DonVi("X", "xa")), "năm phải là số nguyên"),  # type: ignore[arg-type]
        (lambda: BaoCao(True, DonVi("X", "xa")), "năm phải là số nguyên"),
        (lambda: BaoCao(2023, "X"), "don_vi: cần DonVi"),  # type: ignore[arg-type]
        (lambda: DonVi(None, "xa"), "ten: cần văn bản"),  # type: ignore[arg-type]
        (lambda: DonVi("X", None), "cấp phải là mã hoặc nhãn"),  # type: ignore[arg-type]
        (lambda: HoatDong(None), "ten: cần văn bản"),  # type: ignore[arg-type]
        (lambda: HoatDong("A", nguoi=5), "nguoi: cần SoNguoi"),  # type: ignore[arg-type]
        (lambda: BaoCao(2023, DonVi("X", "xa"), chi_dao="một chuỗi"), "cần một danh sách"),
        (lambda: BaoCao(2023, DonVi("X", "xa"), chi_dao=[1]), "mỗi mục phải là văn bản"),
        (
            lambda: BaoCao(2023, DonVi("X", "xa"), hoat_dong=[SanPham("A")]),
            "hoat_dong\\[0\\]: cần HoatDong",
        ),
    ],
)
def test_junk_is_refused_when_a_report_is_built(build: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        build()


def test_lists_are_accepted_where_tuples_are_kept() -> None:
    report = BaoCao(2023, DonVi("X", "xa"), hoat_dong=[HoatDong("A")], chi_dao=["a"])
    assert report.hoat_dong == (HoatDong("A"),) and report.chi_dao == ("a",)
    assert hash(report)


def test_no_womens_share_for_a_sum_over_gaps() -> None:
    # Men from a row without women, women from a row without men: 4/7 would be invented.
    assert (SoNguoi(nam=3) + SoNguoi(nu=4)).ty_le_nu is None
    assert SoNguoi.cong([SoNguoi(40, 60), SoNguoi(10, 40)]).ty_le_nu == pytest.approx(100 / 150)
