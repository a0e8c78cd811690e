"""aggregate(): the worked example, the laws of the sums, and the refusals."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from binhdanggioi.aggregation import (
    aggregate,
    check_inputs,
    completeness,
    load_units,
    unit_label,
)
from binhdanggioi.catalogue import Catalogue, ChiTieu
from binhdanggioi.errors import AggregationError, DataError
from binhdanggioi.formats import dumps, example_path, load, loads
from binhdanggioi.model import (
    BaoCao,
    Cap,
    DanhGia,
    DonVi,
    HoatDong,
    KinhPhi,
    SanPham,
    SoNguoi,
    TongHop,
)
from binhdanggioi.vocabulary import _fold_exact as _fold
from binhdanggioi.vocabulary import fold as _ufold
from strategies import bao_caos, examples, so_nguois

# --------------------------------------------------------------------------- worked example
#
# Thành phố Bắc Kạn (its own report: examples/bac-kan-2023.yaml) and three of its
# communes. The figures below are added up by hand in docs/aggregation.md.

HUYEN_TUNG = """\
nam: 2023
don_vi: {ten: Huyền Tung, cap: xa, loai: phường}
ket_qua:
  - Phối hợp với Hội Liên hiệp Phụ nữ thành phố tổ chức Chiến dịch truyền thông tại tổ Khuổi Pái.
hoat_dong:
  - {ten: Đối thoại, so_luong: 1, nguoi: {nu: 54}, cap: xa}          # only women reported
truyen_thong:
  - ten: Chiến dịch truyền thông                                     # co-organised with the city
    ma: bk-2023-chien-dich-huyen-tung
    so_luong: 1
    nguoi: {tong: 130}
    cap: huyen
san_pham:
  - {ten: Băng rôn, so_luong: 4, cap: xa}
kinh_phi: {ngan_sach_nha_nuoc: 5000000}
"""

DUONG_QUANG = """\
nam: 2023
don_vi: {ten: Dương Quang, cap: xa, loai: xã}
truyen_thong:
  - {ten: Hội nghị tuyên truyền, so_luong: 1, nguoi: {nam: 40, nu: 60}, cap: xa}
  - {ten: Loa truyền thanh, so_luong: 12, cap: xa}
san_pham:
  - {ten: "Băng rôn, khẩu hiệu", so_luong: 3, cap: xa}
kinh_phi: {ngan_sach_nha_nuoc: 3000000, van_dong: 1000000}
danh_gia:
  kho_khan: [Kinh phí còn hạn chế.]
"""

DUC_XUAN = """\
nam: 2023
don_vi: {ten: Đức Xuân, cap: xa, loai: phường}
hoat_dong:
  - {ten: Mít tinh, so_luong: 1, nguoi: {nam: 35, nu: 65}, cap: xa}
  - {ten: Đối thoại chính sách, so_luong: 1, nguoi: {nam: 10, nu: 20}, cap: xa}
truyen_thong:
  - ten: Tuyên truyền trong trường học                               # pupils: a total only
    so_luong: 4
    nguoi: {tong: 1200}
    cap: truong-hoc
"""

COMMUNES = {
    "huyen-tung.yaml": HUYEN_TUNG,
    "duong-quang.yaml": DUONG_QUANG,
    "duc-xuan.yaml": DUC_XUAN,
}
CITY = DonVi("Bắc Kạn", "huyen", "thành phố")


def worked_inputs() -> dict[str, BaoCao]:
    reports = {name: loads(text, source=name) for name, text in COMMUNES.items()}
    reports["bac-kan-2023.yaml"] = load(example_path())
    return reports


def _figures(row: HoatDong | SanPham) -> tuple[object, ...]:
    p = row.nguoi
    return (row.chi_tieu, row.cap, row.so_luong, p.nam, p.nu, p.tong_so, p.thieu)


def test_worked_example_rows_checked_by_hand() -> None:
    city = aggregate(worked_inputs(), don_vi=CITY)
    xa, huyen, tinh, truong = (Cap.XA,), (Cap.HUYEN,), (Cap.TINH,), (Cap.TRUONG_HOC,)
    assert [_figures(r) for r in city.hoat_dong] == [
        ("le-phat-dong", tinh, 1, 100, 100, 200, False),  # the city's delegation (event)
        ("le-phat-dong", xa, 1, 35, 65, 100, False),  # Đức Xuân's "Mít tinh"
        ("doi-thoai", xa, 2, 10, 74, 84, True),  # Huyền Tung reported women only
        ("tham-hoi-tang-qua", tinh, 1, 0, 10, 10, False),
    ]
    assert [_figures(r) for r in city.truyen_thong] == [
        ("phat-thanh-truyen-hinh", huyen, 6, None, None, None, False),
        ("loa-truyen-thanh", xa, 12, None, None, None, False),
        ("hoi-nghi-hoi-thao", huyen, 1, 42, 58, 100, False),
        ("hoi-nghi-hoi-thao", xa, 1, 40, 60, 100, False),
        ("truyen-thong-truc-tiep", huyen, 1, None, None, 130, False),  # counted once
        ("truyen-thong-truong-hoc", truong, 25, None, None, 11650, False),  # 10 450 + 1 200
    ]
    assert [_figures(r) for r in city.san_pham] == [
        ("bang-ron-khau-hieu", (Cap.HUYEN, Cap.XA), 9, None, None, None, False),
        ("bang-ron-khau-hieu", xa, 7, None, None, None, False),  # "Băng rôn" 4 + 3
        ("bang-ron-khau-hieu", truong, 21, None, None, None, False),
    ]
    campaign = city.truyen_thong[4]
    assert campaign.ma == "bk-2023-chien-dich-huyen-tung"
    assert campaign.nguon == ("Phường Huyền Tung", "Thành phố Bắc Kạn")
    assert city.hoat_dong[2].ten == "Đối thoại"
    assert city.hoat_dong[2].nguon == ("Phường Đức Xuân", "Phường Huyền Tung")


def test_worked_example_totals_checked_by_hand() -> None:
    city = aggregate(worked_inputs(), don_vi=CITY)
    t1, t2, t3 = (city.tong_hop(t) for t in BaoCao.TABLES)
    assert (t1.so_luong, t1.nguoi.nam, t1.nguoi.nu, t1.nguoi.tong_so, t1.thieu) == (
        5,
        145,
        249,
        394,
        True,
    )
    assert (t2.so_luong, t2.nguoi.nam, t2.nguoi.nu, t2.nguoi.tong_so, t2.thieu) == (
        46,
        82,
        118,
        11980,
        False,
    )
    assert t2.nguoi.chua_phan_tach == 11780
    assert t2.nguoi.ty_le_nu == pytest.approx(118 / 200)
    assert (t3.so_luong, t3.nguoi.rong) == (37, True)
    assert city.tong_hop().so_luong == 88
    assert city.kinh_phi.ngan_sach_nha_nuoc == 38_000_000
    assert city.kinh_phi.van_dong == 1_000_000  # 0 (city) + 1 000 000; absent elsewhere
    assert city.kinh_phi.chua_day_du  # some units left a line out


def test_worked_example_narrative_and_sources() -> None:
    inputs = worked_inputs()
    city = aggregate(inputs, don_vi=CITY, draft=False)
    own = inputs["bac-kan-2023.yaml"]
    # The city's own text stays first and unprefixed, its document frame is kept.
    assert city.ket_qua[: len(own.ket_qua)] == own.ket_qua
    assert city.ket_qua[-1] == (
        "Phường Huyền Tung: Phối hợp với Hội Liên hiệp Phụ nữ thành phố tổ chức Chiến dịch "
        "truyền thông tại tổ Khuổi Pái."
    )
    assert city.danh_gia.kho_khan[-1] == "Xã Dương Quang: Kinh phí còn hạn chế."
    assert (city.van_ban, city.chu_ky, city.noi_nhan) == (own.van_ban, own.chu_ky, own.noi_nhan)
    assert [unit_label(u) for u in city.nguon] == [
        "Thành phố Bắc Kạn",
        "Phường Đức Xuân",
        "Phường Huyền Tung",
        "Xã Dương Quang",
    ]
    assert loads(dumps(city)) == city


def test_worked_example_completeness() -> None:
    expected = [
        "phường Đức Xuân",
        "phường Nguyễn Thị Minh Khai",
        "phường Sông Cầu",
        "phường Phùng Chí Kiên",
        "phường Huyền Tung",
        "phường Xuất Hóa",
        "xã Dương Quang",
        "xã Nông Thượng",
    ]
    city = aggregate(worked_inputs(), don_vi=CITY, expected=expected)
    assert [unit_label(u) for u in city.chua_bao_cao] == [
        "Phường Nguyễn Thị Minh Khai",
        "Phường Phùng Chí Kiên",
        "Phường Sông Cầu",
        "Phường Xuất Hóa",
        "Xã Nông Thượng",
    ]
    check = completeness(city, expected)
    assert (len(check.da_bao_cao), len(check.chua_bao_cao), check.day_du) == (3, 5, False)
    assert check.ty_le == 3 / 8
    assert check.ngoai_danh_sach == ()


def test_the_worked_example_again_at_the_province() -> None:
    city = aggregate(worked_inputs(), don_vi=CITY, expected=["xã Nông Thượng"])
    other = BaoCao(
        2023,
        DonVi("Chợ Mới", "huyen", "huyện"),
        truyen_thong=(
            HoatDong(
                "Chiến dịch truyền thông",
                1,
                SoNguoi(tong=130),
                "huyen",
                ma="bk-2023-chien-dich-huyen-tung",
            ),
        ),
        kinh_phi=KinhPhi(2_000_000),
    )
    province = aggregate([city, other], don_vi=DonVi("Bắc Kạn", "tinh", "tỉnh"))
    assert province.tong_hop("truyen_thong").nguoi.tong_so == 11980  # the campaign once
    assert province.kinh_phi.ngan_sach_nha_nuoc == 40_000_000
    assert [u.ten for u in province.chua_bao_cao] == ["Nông Thượng"]  # inherited
    campaign = next(r for r in province.truyen_thong if r.ma)
    assert campaign.nguon == ("Huyện Chợ Mới", "Phường Huyền Tung", "Thành phố Bắc Kạn")
    assert province.ket_qua[-1].startswith("Thành phố Bắc Kạn: Phường Huyền Tung: Phối hợp")


# --------------------------------------------------------------------------- refusals


def _xa(ten: str, nam: int = 2023, **kw: object) -> BaoCao:
    return BaoCao(nam, DonVi(ten, "xa", "xã"), **kw)  # type: ignore[arg-type]


def test_different_years_are_refused_naming_the_files() -> None:
    reports = {"a.yaml": _xa("A"), "b.yaml": _xa("B", 2024), "c.yaml": _xa("C")}
    with pytest.raises(AggregationError) as info:
        aggregate(reports, don_vi=CITY)
    assert str(info.value) == (
        "Không tổng hợp được các báo cáo khác năm — năm 2023: Xã A (a.yaml), Xã C (c.yaml); "
        "năm 2024: Xã B (b.yaml). Chỉ cộng các báo cáo của cùng một năm."
    )
    assert {i.source for i in info.value.issues} == {"a.yaml", "b.yaml", "c.yaml"}


def test_a_unit_twice_is_refused() -> None:
    reports = {"a.yaml": _xa("Dương Quang"), "a-ban-sua.yaml": _xa("DƯƠNG  QUANG")}
    with pytest.raises(AggregationError) as info:
        aggregate(reports, don_vi=CITY)
    (issue,) = info.value.issues
    assert issue.message.startswith(
        "Xã Dương Quang có hai báo cáo: Xã DƯƠNG  QUANG (a-ban-sua.yaml) và Xã Dương Quang "
        "(a.yaml); mỗi đơn vị chỉ được một báo cáo"
    )


def test_two_units_with_one_name_and_different_codes_are_two_units() -> None:
    a = BaoCao(2023, DonVi("Tân Lập", "xa", "xã", "00004"))
    b = BaoCao(2023, DonVi("Tân Lập", "xa", "xã", "00007"))
    assert len(aggregate([a, b], don_vi=CITY).nguon) == 2


def test_a_unit_already_inside_an_aggregate_is_refused() -> None:
    a, b = _xa("A"), _xa("B")
    district = aggregate({"a.yaml": a, "b.yaml": b}, don_vi=CITY)
    with pytest.raises(AggregationError) as info:
        aggregate(
            {"thanh-pho.yaml": district, "a.yaml": a}, don_vi=DonVi("Bắc Kạn", "tinh", "tỉnh")
        )
    assert info.value.issues[0].message == (
        "Xã A được tính hai lần: ở báo cáo Xã A (a.yaml) và ở báo cáo tổng hợp Thành phố Bắc "
        "Kạn (thanh-pho.yaml); báo cáo đã tổng hợp vào một đơn vị thì không cộng thêm lần nữa"
    )


def test_conflicting_copies_of_one_event_are_refused_naming_both() -> None:
    event = HoatDong("Chiến dịch truyền thông", 1, SoNguoi(tong=130), "huyen", ma="cd-1")
    a = _xa("A", truyen_thong=(event,))
    b = _xa("B", truyen_thong=(attrs.evolve(event, nguoi=SoNguoi(tong=150)),))
    with pytest.raises(AggregationError) as info:
        aggregate({"a.yaml": a, "b.yaml": b}, don_vi=CITY)
    (issue,) = info.value.issues
    assert (issue.source, issue.path) == ("b.yaml", "truyen_thong[0]")
    assert issue.message == (
        "sự kiện mã 'cd-1' được báo cáo khác nhau (tổng): Xã A (a.yaml), truyen_thong[0] ghi "
        "tổng 130; Xã B (b.yaml), truyen_thong[0] ghi tổng 150. Một sự kiện phải có cùng số "
        "liệu ở mọi báo cáo: sửa cho khớp, hoặc đặt mã khác nếu là hai sự kiện"
    )
    c = _xa("C", hoat_dong=(HoatDong("Tập huấn", 2, cap="xa", ma="cd-1"),))
    with pytest.raises(
        AggregationError, match=r"khác nhau \(bảng, chỉ tiêu, cấp, số lượng, tổng\)"
    ):
        aggregate([a, c], don_vi=CITY)


def test_two_rows_of_one_report_with_one_code_are_refused_even_identical() -> None:
    # Once counted once silently; two rows of one report are never one event.
    row = HoatDong("Tập huấn", 1, SoNguoi(3, 4), "xa", ma="th-1")
    reports = {"a.yaml": _xa("A", hoat_dong=(row, row))}
    for validate in (True, False):  # validate() refuses it, and the merge on its own too
        with pytest.raises(AggregationError) as info:
            aggregate(reports, don_vi=CITY, validate=validate)
        (issue,) = info.value.issues
        assert (issue.source, issue.path) == ("a.yaml", "hoat_dong[1].ma")
        assert issue.message.startswith("mã 'th-1' đã dùng ở hoat_dong[0]")
        assert issue.message.endswith("[ma-trung-lap]")


# --------------------------------------------------------------------------- inputs validated first

TWO_MEETINGS_ONE_CODE = (
    HoatDong("Hội nghị", 1, SoNguoi(10, 10), "xa", ma="hn-01"),
    HoatDong("Hội nghị", 1, SoNguoi(15, 15), "xa", ma="hn-01"),
)


def test_an_input_with_errors_is_refused_with_the_lines_of_validate() -> None:
    typo = _xa("Cẩm Giàng", hoat_dong=TWO_MEETINGS_ONE_CODE)
    negative = _xa("Nguyên Phúc", kinh_phi=KinhPhi(ngan_sach_nha_nuoc=-5_000_000))
    fine = _xa("Quân Hà", hoat_dong=(HoatDong("Hội nghị", 1, SoNguoi(10, 20), "xa"),))
    reports = {"cam-giang.yaml": typo, "nguyen-phuc.yaml": negative, "quan-ha.yaml": fine}
    with pytest.raises(AggregationError) as info:
        aggregate(reports, don_vi=CITY)
    assert [(i.source, i.path) for i in info.value.issues] == [
        ("cam-giang.yaml", "hoat_dong[1].ma"),
        ("nguyen-phuc.yaml", "kinh_phi.ngan_sach_nha_nuoc"),
    ]
    codes = [i.message.rsplit(" ", 1)[1] for i in info.value.issues]
    assert codes == ["[ma-trung-lap]", "[kinh-phi-am]"]
    assert str(info.value).startswith("Không tổng hợp được: có 2 lỗi:\n  - cam-giang.yaml: ")
    # The same lines as check_inputs, hence as `binhdanggioi validate`, prints them.
    errors = [str(p) for p in check_inputs(reports) if p.is_error]
    assert errors == [f"lỗi: {i}" for i in info.value.issues]


def test_warnings_do_not_refuse_and_check_inputs_lists_them() -> None:
    only_women = _xa("A", hoat_dong=(HoatDong("Tập huấn", 1, SoNguoi(nu=5), "xa"),))
    other = _xa("B", hoat_dong=(HoatDong("Tập huấn", 1, SoNguoi(3, 4), "xa"),))
    (row,) = aggregate([only_women, other], don_vi=CITY).hoat_dong
    assert (row.nguoi.nam, row.nguoi.nu, row.thieu) == (3, 9, True)
    (problem,) = check_inputs([only_women, other])  # a list: the unit names the report
    assert (problem.source, problem.problem.code, problem.is_error) == (
        "Xã A",
        "thieu-so-lieu-gioi",
        False,
    )
    assert str(problem).startswith("cảnh báo: Xã A: hoat_dong[0].nguoi.nam: có số Nữ (5)")


def test_validate_false_skips_the_rules_for_reports_already_checked() -> None:
    negative = _xa("A", kinh_phi=KinhPhi(ngan_sach_nha_nuoc=-5))
    other = _xa("B", kinh_phi=KinhPhi(ngan_sach_nha_nuoc=10))
    summed = aggregate([negative, other], don_vi=CITY, validate=False)
    assert summed.kinh_phi.ngan_sach_nha_nuoc == 5
    with pytest.raises(TypeError, match="check_inputs"):
        check_inputs(negative)  # type: ignore[arg-type]


@pytest.mark.parametrize("order", [1, -1])
def test_copies_equal_in_effect_are_one_event_whatever_their_form(order: int) -> None:
    event = HoatDong("Lễ phát động", 1, SoNguoi(100, 100), "huyen", ma="le-1")
    written = attrs.evolve(event, nguoi=SoNguoi(100, 100, 200))
    a, b = _xa("A", hoat_dong=(event,)), _xa("B", hoat_dong=(written,))
    (row,) = aggregate([a, b][::order], don_vi=CITY).hoat_dong
    assert row.nguoi == SoNguoi(100, 100, 200)  # the total written by a copy is kept
    assert row.nguon == ("Xã A", "Xã B")


def test_one_sex_without_a_total_is_not_the_same_event_as_with_it() -> None:
    event = HoatDong("Đối thoại", 1, SoNguoi(nu=54), "xa", ma="dt-1")
    a = _xa("A", hoat_dong=(event,))
    b = _xa("B", hoat_dong=(attrs.evolve(event, nguoi=SoNguoi(nu=54, tong=54)),))
    with pytest.raises(AggregationError) as info:
        aggregate({"a.yaml": a, "b.yaml": b}, don_vi=CITY)
    (issue,) = info.value.issues
    assert "khác nhau (tổng): Xã A (a.yaml), hoat_dong[0] ghi tổng (trống); " in issue.message
    assert "Xã B (b.yaml), hoat_dong[0] ghi tổng 54." in issue.message


def test_unknown_level_codes_are_refused_when_reading(tmp_path: Path) -> None:
    text = "nam: 2023\ndon_vi: {ten: A, cap: xa}\nhoat_dong:\n  - {ten: Tập huấn, cap: thon}\n"
    with pytest.raises(DataError) as info:
        loads(text, source="a.yaml")
    assert info.value.lines[0].startswith("a.yaml: hoat_dong[0].cap: không hiểu cấp 'thon'")


def test_a_unit_not_below_the_parent_is_refused() -> None:
    other_city = BaoCao(2023, DonVi("Chợ Mới", "huyen", "huyện"))
    with pytest.raises(AggregationError) as info:
        aggregate({"cho-moi.yaml": other_city}, don_vi=CITY)
    assert info.value.issues[0].message == (
        "Huyện Chợ Mới (cho-moi.yaml) là đơn vị cấp huyện, không thấp hơn Thành phố Bắc Kạn "
        "(cấp huyện): chỉ cộng được báo cáo của đơn vị cấp dưới và báo cáo của chính đơn vị "
        "tổng hợp"
    )


def test_every_problem_is_listed_at_once() -> None:
    event = HoatDong("Chiến dịch", 1, SoNguoi(tong=1), "xa", ma="e")
    reports = {
        "a.yaml": _xa("A", hoat_dong=(event,)),
        "a2.yaml": _xa("A"),
        "b.yaml": _xa("B", hoat_dong=(attrs.evolve(event, so_luong=2),)),
        "h.yaml": BaoCao(2023, DonVi("H", "huyen")),
    }
    with pytest.raises(AggregationError) as info:
        aggregate(reports, don_vi=CITY)
    assert len(info.value.issues) == 3
    assert str(info.value).startswith("Không tổng hợp được: có 3 lỗi:\n  - ")


def test_nothing_to_aggregate() -> None:
    with pytest.raises(AggregationError, match="không có báo cáo nào để tổng hợp"):
        aggregate([], don_vi=CITY)


# --------------------------------------------------------------------------- hierarchy


def test_two_tiers_from_2025_communes_go_straight_to_the_province() -> None:
    a = _xa("A", 2025, hoat_dong=(HoatDong("Tập huấn", 1, SoNguoi(1, 2), "xa"),))
    b = _xa("B", 2025, hoat_dong=(HoatDong("Lớp tập huấn", 2, SoNguoi(3, 4), "xa"),))
    province = aggregate([a, b], don_vi=DonVi("Thái Nguyên", "tinh", "tỉnh", "19"))
    (row,) = province.hoat_dong
    assert (row.chi_tieu, row.so_luong, row.nguoi.tong_so) == ("tap-huan", 3, 10)


def test_no_district_from_2025() -> None:
    district = BaoCao(2025, DonVi("Chợ Mới", "huyen", "huyện"))
    with pytest.raises(AggregationError, match="ghi cấp huyện trong báo cáo năm 2025"):
        # The guard of aggregate itself; validate() refuses the district first otherwise.
        aggregate([district], don_vi=DonVi("Thái Nguyên", "tinh"), validate=False)
    with pytest.raises(AggregationError, match="chỉ còn hai cấp"):
        aggregate([_xa("A", 2025)], don_vi=DonVi("Chợ Mới", "huyen"))


def test_three_tiers_up_to_2024_and_incremental_aggregation() -> None:
    a, b, c = _xa("A", 2024), _xa("B", 2024), _xa("C", 2024)
    partial = aggregate([a, b], don_vi=CITY)
    # The partial aggregate is the parent's own report: more communes can be added.
    full = aggregate([partial, c], don_vi=CITY)
    assert [u.ten for u in full.nguon] == ["A", "B", "C"]
    province = aggregate([full], don_vi=DonVi("Bắc Kạn", "tinh"))
    assert [u.ten for u in province.nguon] == ["Bắc Kạn", "A", "B", "C"]
    # The parent's own report may come later too; a commune cannot come twice.
    own = BaoCao(2024, CITY, kinh_phi=KinhPhi(1))
    assert [u.ten for u in aggregate([full, own], don_vi=CITY).nguon] == ["Bắc Kạn", "A", "B", "C"]
    with pytest.raises(AggregationError, match="Xã C được tính hai lần"):
        aggregate([full, c], don_vi=CITY)


def test_the_parents_own_report_keeps_its_text() -> None:
    own = load(example_path())
    alone = aggregate([own], don_vi=own.don_vi, draft=False)
    skip = {"hoat_dong", "truyen_thong", "san_pham", "nguon"}
    for field in attrs.fields(BaoCao):
        if field.name not in skip:
            assert getattr(alone, field.name) == getattr(own, field.name), field.name
    assert alone.nguon == (own.don_vi,)


def test_a_user_catalogue_groups_by_its_codes() -> None:
    cat = Catalogue(2023, "thu", (ChiTieu("tap-huan-so", "Tập huấn kỹ năng số", "hoat_dong"),))
    a = _xa("A", hoat_dong=(HoatDong("tập huấn kỹ năng số", 1),))
    b = _xa("B", hoat_dong=(HoatDong("Tập huấn  kỹ năng số.", 2),))
    (row,) = aggregate([a, b], don_vi=CITY, catalogue=cat).hoat_dong
    assert (row.chi_tieu, row.so_luong, row.ten) == ("tap-huan-so", 3, "Tập huấn kỹ năng số")


def test_unmatched_names_group_by_their_normalised_name() -> None:
    a = _xa("A", hoat_dong=(HoatDong("Thi nấu ăn", 1),))
    b = _xa("B", hoat_dong=(HoatDong("THI NẤU ĂN", 2),))
    (row,) = aggregate([a, b], don_vi=CITY).hoat_dong
    assert (row.chi_tieu, row.so_luong, row.ten) == (None, 3, "THI NẤU ĂN")


def test_load_units(tmp_path: Path) -> None:
    txt = tmp_path / "don-vi.txt"
    txt.write_text("# các xã\nxã Dương Quang\n\nphường Huyền Tung  # ghi chú\n", encoding="utf-8")
    assert load_units(txt) == ("xã Dương Quang", "phường Huyền Tung")
    yml = tmp_path / "don-vi.yaml"
    yml.write_text("- Dương Quang\n- {ten: Huyền Tung, cap: Phường, ma: '01849'}\n", "utf-8")
    assert load_units(yml) == ("Dương Quang", DonVi("Huyền Tung", "xa", ma="01849"))
    bad = tmp_path / "sai.yaml"
    bad.write_text("- {ten: A, cap: thon}\n- 5\n", "utf-8")
    with pytest.raises(DataError) as info:
        load_units(bad)
    assert [i.path for i in info.value.issues] == ["don_vi[0].cap", "don_vi[1]"]


# --------------------------------------------------------------------------- laws

CODES = ("le-phat-dong", "tap-huan", "bang-ron-khau-hieu", "ma-rieng")
NAMES = ("Lễ phát động", "Mít tinh", "Tập huấn", "Băng rôn", "Tờ rơi", "Thi nấu ăn", "THI NẤU ĂN")
CAPS: tuple[tuple[Cap, ...], ...] = ((), (Cap.XA,), (Cap.HUYEN, Cap.XA), (Cap.TRUONG_HOC,))
TABLE_TYPES = {"hoat_dong": HoatDong, "truyen_thong": HoatDong, "san_pham": SanPham}

counts = st.none() | st.integers(0, 1000)
marks = st.sampled_from((False, False, False, True))  # mostly unmarked, no filtering


@st.composite
def people(draw: st.DrawFn) -> SoNguoi:
    nam, nu, tong = draw(counts), draw(counts), draw(counts)
    if tong is not None:
        tong += (nam or 0) + (nu or 0)
    return SoNguoi(
        nam, nu, tong, chua_day_du=draw(st.booleans().filter(lambda b: not b) | st.just(True))
    )


@st.composite
def table_rows(draw: st.DrawFn, table: str) -> HoatDong | SanPham:
    return TABLE_TYPES[table](  # type: ignore[no-any-return]
        ten=draw(st.sampled_from(NAMES)),
        so_luong=draw(counts),
        nguoi=draw(people()),
        cap=draw(st.sampled_from(CAPS)),
        chi_tieu=draw(st.none() | st.sampled_from(CODES)),
        ghi_chu=draw(st.none() | st.just("ghi chú")),
        so_luong_chua_du=draw(marks),
    )


@st.composite
def events(draw: st.DrawFn) -> list[tuple[str, HoatDong | SanPham]]:
    out = []
    for i in range(draw(st.integers(0, 4))):
        table = draw(st.sampled_from(BaoCao.TABLES))
        row = draw(table_rows(table))
        out.append((table, attrs.evolve(row, ma=f"su-kien-{i}")))
    return out


@st.composite
def report_of(
    draw: st.DrawFn, don_vi: DonVi, shared: Sequence[tuple[str, HoatDong | SanPham]]
) -> BaoCao:
    tables: dict[str, list[HoatDong | SanPham]] = {
        t: draw(st.lists(table_rows(t), max_size=3)) for t in BaoCao.TABLES
    }
    for table, row in shared:
        if draw(st.booleans()):
            # a copy may use another wording of the same indicator, its own note and mark
            copy = attrs.evolve(
                row,
                ghi_chu=draw(st.none() | st.just("khác")),
                so_luong_chua_du=row.so_luong_chua_du or draw(marks),
            )
            tables[table].append(copy)
    return BaoCao(
        2023,
        don_vi,
        ket_qua=tuple(draw(st.lists(st.sampled_from(["Việc 1", "Việc 2"]), max_size=2))),
        danh_gia=DanhGia(kho_khan=tuple(draw(st.lists(st.just("Khó"), max_size=1)))),
        hoat_dong=tuple(tables["hoat_dong"]),  # type: ignore[arg-type]
        truyen_thong=tuple(tables["truyen_thong"]),  # type: ignore[arg-type]
        san_pham=tuple(tables["san_pham"]),  # type: ignore[arg-type]
        kinh_phi=KinhPhi(draw(counts), draw(counts), chua_day_du=draw(marks)),
    )


@st.composite
def leaves(draw: st.DrawFn, min_size: int = 1) -> list[BaoCao]:
    shared = draw(events())
    n = draw(st.integers(min_size, 5))
    return [draw(report_of(DonVi(f"Xã {i}", "xa", "xã", f"{i:05d}"), shared)) for i in range(n)]


def _distinct_rows(reports: Iterable[BaoCao], table: str) -> list[HoatDong | SanPham]:
    rows, seen = [], set()
    for report in reports:
        for row in report.bang(table):
            if row.ma is None or row.ma not in seen:
                rows.append(row)
                seen.add(row.ma)
    return rows


def _opt_sum(values: Iterable[int | None]) -> int | None:
    given = [v for v in values if v is not None]
    return sum(given) if given else None


def _check_totals(total: object, rows: Sequence[HoatDong | SanPham]) -> None:
    assert isinstance(total, TongHop)
    assert total.so_luong == sum(r.so_luong or 0 for r in rows)
    assert total.nguoi.nam == _opt_sum(r.nguoi.nam for r in rows)
    assert total.nguoi.nu == _opt_sum(r.nguoi.nu for r in rows)
    assert total.nguoi.tong_so == _opt_sum(r.nguoi.tong_so for r in rows)
    if any(r.thieu for r in rows):
        assert total.thieu  # never more complete than its parts


def _check_conserved(parent: BaoCao, children: Sequence[BaoCao]) -> None:
    """Every figure of ``parent`` is the sum of the children's, each shared event once."""
    all_rows: list[HoatDong | SanPham] = []
    for table in BaoCao.TABLES:
        rows = _distinct_rows(children, table)
        _check_totals(parent.tong_hop(table), rows)
        all_rows += rows
    _check_totals(parent.tong_hop(), all_rows)
    for line in ("ngan_sach_nha_nuoc", "van_dong"):
        expected = _opt_sum(getattr(c.kinh_phi, line) for c in children)
        assert getattr(parent.kinh_phi, line) == expected
    assert parent.kinh_phi.chua_day_du == _budget_gap([c.kinh_phi for c in children])


def _budget_gap(parts: Sequence[KinhPhi]) -> bool:
    """The budget mark rule: a line given by some parts only, or a part marked."""
    lines = [[k.ngan_sach_nha_nuoc for k in parts], [k.van_dong for k in parts]]
    mixed = any(None in line and any(v is not None for v in line) for line in lines)
    return mixed or any(k.chua_day_du for k in parts)


@pytest.mark.slow
@given(leaves())
@examples(80)
def test_every_figure_is_conserved(children: list[BaoCao]) -> None:
    _check_conserved(aggregate(children, don_vi=CITY), children)


@pytest.mark.slow
@given(leaves(), st.randoms(use_true_random=False))
@examples(50)
def test_the_order_of_the_reports_does_not_matter(children: list[BaoCao], rnd: object) -> None:
    shuffled = list(children)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert aggregate(shuffled, don_vi=CITY) == aggregate(children, don_vi=CITY)


def _strip(row: HoatDong | SanPham) -> HoatDong | SanPham:
    return attrs.evolve(row, ghi_chu=None)


def _key(row: HoatDong | SanPham) -> tuple[object, ...]:
    p = row.nguoi
    return (
        row.ten,
        row.so_luong,
        row.so_luong_chua_du,
        p.nam,
        p.nu,
        p.tong_so,
        p.thieu,
        row.cap,
        row.ma,
    )


@pytest.mark.slow
@given(bao_caos(nam=2023, cap="xa"))
@examples(100)
def test_a_single_report_aggregates_to_itself(report: BaoCao) -> None:
    parent = DonVi("Cha", "huyen")
    alone = aggregate([report], don_vi=parent, draft=False)
    _check_conserved(alone, [report])
    assert alone.don_vi == parent
    assert alone.nguon == (report.don_vi,)
    assert alone.kinh_phi.ngan_sach_nha_nuoc == report.kinh_phi.ngan_sach_nha_nuoc
    assert alone.kinh_phi.van_dong == report.kinh_phi.van_dong
    prefix = unit_label(report.don_vi) + ": "
    assert alone.ket_qua == tuple(prefix + x for x in report.ket_qua)
    assert alone.danh_gia.nguyen_nhan == tuple(prefix + x for x in report.danh_gia.nguyen_nhan)
    # Rows whose merge key is unique in the report come out as they went in.
    from binhdanggioi.aggregation import _resolve
    from binhdanggioi.catalogue import catalogue_for

    cat = catalogue_for(2023)
    for table in BaoCao.TABLES:
        keys = [
            (_resolve(cat, table, r.chi_tieu, r.ten), r.cap, r.ma or "") for r in report.bang(table)
        ]
        if len(set(keys)) == len(keys):
            assert sorted(map(_key, alone.bang(table)), key=repr) == sorted(
                map(_key, report.bang(table)), key=repr
            )
        else:
            assert len(alone.bang(table)) < len(keys)


@pytest.mark.slow
@given(leaves(min_size=2), st.data())
@examples(60)
def test_two_steps_equal_one_step(children: list[BaoCao], data: st.DataObject) -> None:
    k = data.draw(st.integers(1, len(children)))
    groups = [data.draw(st.integers(0, k - 1)) for _ in children]
    districts = [DonVi(f"Huyện {g}", "huyen", "huyện", f"{g:03d}") for g in range(k)]
    own = {g: data.draw(report_of(districts[g], [])) for g in range(k) if data.draw(st.booleans())}
    province = DonVi("Tỉnh", "tinh", "tỉnh", "01")
    step1 = [
        aggregate(
            [c for c, gg in zip(children, groups, strict=True) if gg == g]
            + ([own[g]] if g in own else []),
            don_vi=districts[g],
        )
        for g in range(k)
        if g in own or g in groups
    ]
    two = aggregate(step1, don_vi=province)
    one = aggregate(children + list(own.values()), don_vi=province)
    for table in BaoCao.TABLES:
        assert list(map(_strip, two.bang(table))) == list(map(_strip, one.bang(table)))
    assert two.kinh_phi.ngan_sach_nha_nuoc == one.kinh_phi.ngan_sach_nha_nuoc
    assert two.kinh_phi.van_dong == one.kinh_phi.van_dong
    assert two.kinh_phi.chua_day_du == one.kinh_phi.chua_day_du
    assert {u.ma for u in one.nguon} <= {u.ma for u in two.nguon}


@pytest.mark.slow
@given(leaves(min_size=2))
@examples(40)
def test_shared_events_are_counted_once(children: list[BaoCao]) -> None:
    merged = aggregate(children, don_vi=CITY)
    events_in = {r.ma for c in children for _, _, r in c.dong() if r.ma}
    events_out = [r.ma for _, _, r in merged.dong() if r.ma]
    assert sorted(events_out) == sorted(events_in)
    for _, _, row in merged.dong():
        if row.ma:
            reporters = [
                unit_label(c.don_vi)
                for c in children
                if any(r.ma == row.ma for _, _, r in c.dong())
            ]
            assert set(row.nguon) == set(reporters)


def test_sums_over_missing_sexes_stay_incomplete() -> None:
    a = _xa("A", hoat_dong=(HoatDong("Tập huấn", 1, SoNguoi(nam=5, nu=5), "xa"),))
    b = _xa("B", hoat_dong=(HoatDong("Tập huấn", 1, SoNguoi(nam=7), "xa"),))
    (row,) = aggregate([a, b], don_vi=CITY).hoat_dong
    assert (row.nguoi.nam, row.nguoi.nu, row.nguoi.tong_so, row.thieu) == (12, 5, 17, True)


def test_permutations_of_the_worked_example_agree() -> None:
    items = list(worked_inputs().items())
    results = {
        dumps(aggregate(dict(order), don_vi=CITY))
        for order in itertools.islice(itertools.permutations(items), 0, 24, 5)
    }
    assert len(results) == 1


@given(st.lists(so_nguois(chua_day_du=None, max_value=10**6), min_size=1, max_size=6))
@examples(200)
def test_merged_people_are_exactly_the_sum_rule_of_the_model(parts: list[SoNguoi]) -> None:
    reports = [
        _xa(f"X{i}", hoat_dong=(HoatDong("Tập huấn", 1, p, "xa"),)) for i, p in enumerate(parts)
    ]
    (row,) = aggregate(reports, don_vi=CITY).hoat_dong
    if len(parts) == 1:
        assert row.nguoi == parts[0]  # a row alone stays as written
        return
    expected = SoNguoi.cong(parts)
    if all(p.rong for p in parts) and any(p.chua_day_du for p in parts):
        expected = attrs.evolve(expected, chua_day_du=True)  # the mark is kept
    assert row.nguoi == expected
    assert row.so_luong == len(parts)


@given(st.text(max_size=20))
def test_the_fast_fold_is_the_models_fold(text: str) -> None:
    assert _ufold(text) == _fold(text)


# --------------------------------------------------------------------------- incomplete marks


@given(st.lists(st.tuples(counts, marks), min_size=1, max_size=6))
@examples(200)
def test_a_merged_count_is_marked_when_some_rows_left_it_out(
    parts: list[tuple[int | None, bool]],
) -> None:
    reports = [
        _xa(f"X{i}", hoat_dong=(HoatDong("Tập huấn", n, cap="xa", so_luong_chua_du=m),))
        for i, (n, m) in enumerate(parts)
    ]
    merged = aggregate(reports, don_vi=CITY)
    (row,) = merged.hoat_dong
    given = [n for n, _ in parts if n is not None]
    assert row.so_luong == (sum(given) if given else None)
    mixed = 0 < len(given) < len(parts)
    assert row.so_luong_chua_du == (mixed or any(m for _, m in parts))
    assert row.thieu == row.so_luong_chua_du  # no people figure here
    assert merged.tong_hop().so_luong_thieu == row.so_luong_chua_du
    assert merged.tong_hop().thieu == row.so_luong_chua_du


@given(st.lists(st.tuples(counts, counts, marks), min_size=1, max_size=6))
@examples(200)
def test_a_budget_is_marked_when_some_reports_left_a_line_out(
    parts: list[tuple[int | None, int | None, bool]],
) -> None:
    budgets = [KinhPhi(a, b, chua_day_du=m) for a, b, m in parts]
    reports = [_xa(f"X{i}", kinh_phi=k) for i, k in enumerate(budgets)]
    total = aggregate(reports, don_vi=CITY).kinh_phi
    assert total.chua_day_du == _budget_gap(budgets)
    if all(k.tong is None and not k.chua_day_du for k in budgets):
        assert total == KinhPhi()  # absent everywhere stays absent and unmarked


def test_the_brief_example_counts_and_budget_are_marked() -> None:
    a = _xa("A", hoat_dong=(HoatDong("Tập huấn", 3, cap="xa"),), kinh_phi=KinhPhi(100))
    b = _xa("B", hoat_dong=(HoatDong("Tập huấn", None, cap="xa"),))
    merged = aggregate([a, b], don_vi=CITY, draft=False)
    (row,) = merged.hoat_dong
    assert (row.so_luong, row.so_luong_chua_du, row.thieu) == (3, True, True)
    assert merged.kinh_phi == KinhPhi(100, None, chua_day_du=True)
    # A gap marked at the first step stays marked at the next.
    province = aggregate([merged], don_vi=DonVi("Tỉnh", "tinh"))
    assert province.hoat_dong[0].so_luong_chua_du and province.kinh_phi.chua_day_du
    # Nothing reported anywhere: nothing marked.
    c, d = _xa("C"), _xa("D")
    assert aggregate([c, d], don_vi=CITY).kinh_phi == KinhPhi()


def test_a_shared_event_keeps_the_mark_of_any_copy() -> None:
    event = HoatDong("Tập huấn", 1, cap="huyen", ma="ev-1")
    a = _xa("A", hoat_dong=(event,))
    b = _xa("B", hoat_dong=(attrs.evolve(event, so_luong_chua_du=True),))
    (row,) = aggregate([a, b], don_vi=CITY).hoat_dong
    assert (row.so_luong, row.so_luong_chua_du) == (1, True)


def test_the_package_completeness_stays_the_function_once_aggregation_is_loaded() -> None:
    # A submodule named like a package-level name would replace it on first import.
    code = (
        "import binhdanggioi as bdg; bdg.aggregate; import binhdanggioi.aggregation; "
        "print(callable(bdg.completeness), bdg.DayDu.__module__)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "binhdanggioi.roster"]
