"""aggregate() and units: one unit whatever its spelling, membership, expected units."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from binhdanggioi.aggregation import aggregate, check_inputs, completeness
from binhdanggioi.errors import AggregationError
from binhdanggioi.model import BaoCao, DonVi, HoatDong, SoNguoi
from binhdanggioi.units import Unit, UnitIndex, official_registry
from strategies import examples, unit_spellings

ROW = HoatDong("Tọa đàm", so_luong=1, nguoi=SoNguoi(5, 6), cap="xa")
THAI_NGUYEN = DonVi("Thái Nguyên", "tinh", "tỉnh", "19")
TAY_NINH = DonVi("Tây Ninh", "tinh", "tỉnh", "80")
BAC_KAN_2023 = DonVi("Bắc Kạn", "tinh", "tỉnh")


def report(don_vi: DonVi, nam: int = 2025) -> BaoCao:
    return BaoCao(nam, don_vi, hoat_dong=(ROW,))


def refusal(reports: dict[str, BaoCao], parent: DonVi, **kw: object) -> list[str]:
    with pytest.raises(AggregationError) as info:
        aggregate(reports, don_vi=parent, **kw)  # type: ignore[arg-type]
    return [str(i) for i in info.value.issues]


# --------------------------------------------------------------------------- identity

SIX = {
    "a.yaml": DonVi("Đức Xuân", "xa", "phường"),
    "b.yaml": DonVi("Phường Đức Xuân", "xa"),  # kind typed in the name
    "c.yaml": DonVi("Đức \u200bXuân", "xa", "phường"),  # zero-width space
    "d.yaml": DonVi("Đứ\u00adc Xuân", "xa", "phường"),  # soft hyphen
    "e.yaml": DonVi("\u00d0ức Xuân", "xa", "phường"),  # Ð (U+00D0) for Đ
    "f.yaml": DonVi(unicodedata.normalize("NFD", "Đức Xuân"), "xa", "phường"),
    "g.yaml": DonVi("Đức  Xuân", "xa", "phường"),  # double space
}


@pytest.mark.parametrize(("nam", "parent"), [(2023, BAC_KAN_2023), (2025, THAI_NGUYEN)])
def test_six_spellings_of_one_commune_are_one_unit_reported_twice(nam: int, parent: DonVi) -> None:
    issues = refusal({f: report(u, nam) for f, u in SIX.items()}, parent)
    assert len(issues) == len(SIX) - 1  # every file after the first
    for issue in issues:
        assert "có hai báo cáo" in issue and "mỗi đơn vị chỉ được một báo cáo" in issue
        assert issue.count(".yaml") == 3  # the file refused, and both files named
    named = {f for issue in issues for f in SIX if f in issue}
    assert named == set(SIX)


@examples(30)
@given(
    st.sampled_from([("Đức Xuân", "phường"), ("Đồng Hỷ", "phường"), ("Văn Lăng", "xã")]),
    st.lists(st.integers(), min_size=2, max_size=4),
    st.data(),
    st.sampled_from([2023, 2025]),
)
def test_any_spellings_of_one_commune_are_refused_naming_both_files(
    unit: tuple[str, str], files: list[int], data: st.DataObject, nam: int
) -> None:
    name, kind = unit
    reports = {}
    for i in range(len(files)):
        ten, loai = data.draw(unit_spellings(name, kind))
        reports[f"{i}.yaml"] = report(DonVi(ten, "xa", loai), nam)
    parent = THAI_NGUYEN if nam == 2025 else BAC_KAN_2023
    issues = refusal(reports, parent)
    assert len(issues) == len(reports) - 1
    assert all("có hai báo cáo" in i and i.count(".yaml") == 3 for i in issues)


def test_a_name_and_a_code_of_one_commune_are_one_unit_from_2025() -> None:
    reports = {
        "ten.yaml": report(DonVi("Phường Đức Xuân", "xa")),
        "ma.yaml": report(DonVi("Đức Xuân", "xa", "phường", "01840")),
    }
    (issue,) = refusal(reports, THAI_NGUYEN)
    assert "có hai báo cáo" in issue and "ten.yaml" in issue and "ma.yaml" in issue
    # Up to 2024 a code and a name are compared by name when one unit has no code.
    old = {k: report(v.don_vi, 2023) for k, v in reports.items()}
    with pytest.raises(AggregationError, match="có hai báo cáo"):
        aggregate(old, don_vi=BAC_KAN_2023)


def test_one_spelling_is_one_source() -> None:
    own = BaoCao(2025, DonVi("Tỉnh Thái Nguyên", "tinh"), hoat_dong=(ROW,))
    result = aggregate([own, report(SIX["e.yaml"])], don_vi=THAI_NGUYEN)
    assert len(result.nguon) == 2
    (row,) = result.hoat_dong
    assert len(row.nguon) == 2  # the province (its own report, by name) and the ward


def test_accents_tell_two_communes_apart() -> None:
    a = report(DonVi("Văn Lang", "xa", "xã"))
    b = report(DonVi("Văn Lăng", "xa", "xã"))
    assert len(aggregate([a, b], don_vi=THAI_NGUYEN).nguon) == 2
    assert len(aggregate([a, b], don_vi=THAI_NGUYEN, registry=False).nguon) == 2


def test_a_commune_inside_an_aggregate_and_again_in_another_spelling() -> None:
    partial = aggregate([report(DonVi("Đức Xuân", "xa", "phường"))], don_vi=THAI_NGUYEN)
    late = report(DonVi("Phường \u00d0ức\u200b Xuân", "xa"))
    (issue,) = refusal({"tinh.yaml": partial, "muon.yaml": late}, THAI_NGUYEN)
    assert "được tính hai lần" in issue


# --------------------------------------------------------------------------- membership


def test_a_commune_of_another_province_is_refused_naming_both() -> None:
    tay_ninh = report(DonVi("Tân Lập", "xa", "xã", tinh="Tây Ninh"))
    (issue,) = refusal({"tan-lap.yaml": tay_ninh}, THAI_NGUYEN)
    assert issue == (
        "tan-lap.yaml: don_vi: Xã Tân Lập (tan-lap.yaml) là Xã Tân Lập (mã 25489) thuộc "
        "Tỉnh Tây Ninh theo danh mục, không thuộc Tỉnh Thái Nguyên: chỉ cộng báo cáo của các "
        "đơn vị thuộc Tỉnh Thái Nguyên"
    )
    by_code = report(DonVi("Tân Lập", "xa", "xã", "25489"))
    (issue,) = refusal({"ma.yaml": by_code}, THAI_NGUYEN)
    assert "thuộc Tỉnh Tây Ninh" in issue and "không thuộc Tỉnh Thái Nguyên" in issue


def test_a_commune_that_states_another_province_is_refused() -> None:
    stated = report(DonVi("Không Có", "xa", "xã", tinh="80"))
    (issue,) = refusal({"x.yaml": stated}, THAI_NGUYEN)
    assert issue.startswith("x.yaml: don_vi.tinh: Xã Không Có (x.yaml) ghi thuộc Tỉnh Tây Ninh")


def test_a_commune_without_province_is_looked_up_in_the_parents_list() -> None:
    # Several provinces have a Tân Lập: within Tây Ninh it is Tây Ninh's.
    result = aggregate([report(DonVi("Xã Tân Lập", "xa"))], don_vi=TAY_NINH)
    assert [u.nhan for u in result.nguon] == ["Xã Tân Lập"]  # kept as written
    # In Thái Nguyên's list it is not; in other provinces' lists it is.
    (issue,) = refusal({"tan-lap.yaml": report(DonVi("Xã Tân Lập", "xa"))}, THAI_NGUYEN)
    assert "không có trong danh mục xã, phường của Tỉnh Thái Nguyên" in issue
    assert "Xã Tân Lập (Tỉnh Tây Ninh)" in issue and "Xã Tân Lập (Tỉnh Quảng Trị)" in issue


def test_a_name_in_no_list_is_warned_not_refused() -> None:
    typo = {"duc-xuan.yaml": report(DonVi("Đức Xuan", "xa", "phường"))}
    result = aggregate(typo, don_vi=THAI_NGUYEN)
    assert [u.ten for u in result.nguon] == ["Đức Xuan"]
    warnings = [str(p) for p in check_inputs(typo, don_vi=THAI_NGUYEN)]
    assert warnings == [
        "cảnh báo: duc-xuan.yaml: don_vi.ten: Phường Đức Xuan không có trong danh mục đơn vị "
        "hành chính của Tỉnh Thái Nguyên; có phải: Phường Đức Xuân, Xã Đức Lương, Phường "
        "Phúc Thuận? [don-vi-khong-co-trong-danh-muc]"
    ]
    # Said once, also when validate looks every unit up in the list given.
    given = check_inputs(typo, don_vi=THAI_NGUYEN, registry=official_registry())
    assert [p.problem.code for p in given] == ["don-vi-khong-co-trong-danh-muc"]
    assert check_inputs(typo) == []  # without the parent: no province to look in


def test_a_code_of_a_province_is_not_below_a_province() -> None:
    (issue,) = refusal({"x.yaml": report(DonVi("Đà Nẵng", "xa", "xã", "48"))}, THAI_NGUYEN)
    assert "theo danh mục là mã của Thành phố Đà Nẵng (cấp tỉnh), không thấp hơn" in issue


def test_registry_false_turns_the_list_off() -> None:
    tay_ninh = report(DonVi("Tân Lập", "xa", "xã", tinh="Tây Ninh"))
    result = aggregate([tay_ninh], don_vi=THAI_NGUYEN, registry=False)
    assert result.chua_bao_cao == ()
    assert completeness(result, registry=False).du_kien == ()


def test_an_applications_own_registry() -> None:
    own = UnitIndex(
        [
            Unit("T1", "Thử", "tỉnh", "tinh"),
            Unit("T2", "Khác", "tỉnh", "tinh"),
            Unit("X1", "Một", "xã", "xa", "T1"),
            Unit("X2", "Hai", "xã", "xa", "T1"),
            Unit("X3", "Ba", "xã", "xa", "T2"),
        ]
    )
    parent = DonVi("Thử", "tinh", "tỉnh")
    result = aggregate([report(DonVi("xã MỘT", "xa"))], don_vi=parent, registry=own)
    assert [(u.ten, u.ma) for u in result.chua_bao_cao] == [("Hai", "X2")]
    (issue,) = refusal({"ba.yaml": report(DonVi("Ba", "xa", "xã"))}, parent, registry=own)
    assert "tên này là của Xã Ba (Tỉnh Khác)" in issue


# --------------------------------------------------------------------------- expected units


def test_the_expected_units_default_to_the_official_list() -> None:
    registry = official_registry()
    communes = registry.children("19")
    reports = {
        "a.yaml": report(DonVi("Đức Xuân", "xa", "phường")),
        "b.yaml": report(DonVi("Phường Bắc Kạn", "xa")),
        "c.yaml": report(DonVi("Phong Quang", "xa", "xã", "01849")),
    }
    parent = DonVi("Tỉnh Thái Nguyên", "tinh")  # by name and kind: no code needed
    result = aggregate(reports, don_vi=parent)
    missing = {u.ma for u in result.chua_bao_cao}
    assert missing == {u.ma for u in communes} - {"01840", "01843", "01849"}
    assert len(result.chua_bao_cao) == len(communes) - 3 == 89
    check = completeness(result)
    assert (len(check.du_kien), len(check.da_bao_cao), len(check.chua_bao_cao)) == (92, 3, 89)
    assert check.tom_tat.startswith("3/92 xã, phường đã báo cáo; chưa báo cáo: Xã Bằng Thành, ")
    # An explicit list still wins.
    listed = aggregate(reports, don_vi=parent, expected=["phường Đức Xuân", "xã Văn Lang"])
    assert [u.ten for u in listed.chua_bao_cao] == ["Văn Lang"]


def test_late_reports_shrink_the_missing_list() -> None:
    first = aggregate([report(DonVi("Đức Xuân", "xa", "phường"))], don_vi=THAI_NGUYEN)
    later = aggregate([first, report(DonVi("Văn Lang", "xa", "xã"))], don_vi=THAI_NGUYEN)
    assert len(first.chua_bao_cao) == 91 and len(later.chua_bao_cao) == 90
    assert "Văn Lang" not in {u.ten for u in later.chua_bao_cao}


def test_up_to_2024_units_are_known_by_name_and_only_the_list_says_who_is_missing() -> None:
    # The official list holds today's units only: a 2023 report is not looked up there.
    tay_ninh = report(DonVi("Tân Lập", "xa", "xã", tinh="Tây Ninh"), 2023)
    province = DonVi("Thái Nguyên", "tinh", "tỉnh", "19")
    result = aggregate([tay_ninh], don_vi=province)
    assert result.chua_bao_cao == ()
    assert completeness(result).du_kien == ()
    with_list = aggregate([tay_ninh], don_vi=province, expected=["Tân Lập", "Hòa Bình"])
    assert [u.ten for u in with_list.chua_bao_cao] == ["Hòa Bình"]


def test_aggregation_does_not_import_the_list_until_used() -> None:
    code = (
        "import sys, binhdanggioi, binhdanggioi.aggregation, binhdanggioi.cli\n"
        "print('vietnam_provinces' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
