"""Issue 12, data half: issuing bodies, activity details, target groups, approximate
figures, support and funding — in the model, the formats, aggregation and validation."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from binhdanggioi.aggregation import aggregate
from binhdanggioi.catalogue import nhom_doi_tuong
from binhdanggioi.errors import DataError
from binhdanggioi.excel import loads_form, write_form
from binhdanggioi.formats import dumps, load, loads
from binhdanggioi.formats.csv import DETAIL_COLUMNS, tidy_rows, to_csv
from binhdanggioi.model import (
    BaoCao,
    Cap,
    DonVi,
    HinhThuc,
    HoatDong,
    HoTro,
    KinhPhi,
    LoaiCoQuan,
    NguonKinhPhi,
    NhomNguoi,
    SoNguoi,
    UocTinh,
    _opt_sum,
)
from binhdanggioi.rules import validate
from binhdanggioi.serialization import structure, unstructure
from binhdanggioi.summary import summary_lines
from binhdanggioi.vocabulary import infer_loai_co_quan
from strategies import bao_caos, examples, ho_tros, nhom_nguois

ROOT = Path(__file__).resolve().parent.parent
SCHOOL = ROOT / "examples" / "truong-tieu-hoc-2025.yaml"
CITY = DonVi("Bắc Kạn", "huyen", "thành phố", "058")

# --------------------------------------------------------------------------- bodies

KINDS = {
    # People's Committees: a territorial kind, or a territorial level and no other clue
    ("Dương Quang", "xã", "xa"): "uy-ban-nhan-dan",
    ("Bắc Kạn", "thành phố", "huyen"): "uy-ban-nhan-dan",
    ("Thái Nguyên", "tỉnh", "tinh"): "uy-ban-nhan-dan",
    ("Trường Sơn", None, "xa"): "uy-ban-nhan-dan",  # a commune, not a school
    ("Hội An", None, "huyen"): "uy-ban-nhan-dan",  # a city, not an association
    ("Phong Thổ", None, "huyen"): "uy-ban-nhan-dan",  # not "Phòng"
    ("Xã Hương Sơn", None, "xa"): "uy-ban-nhan-dan",
    ("Ủy ban nhân dân xã Dương Quang", None, "xa"): "uy-ban-nhan-dan",
    ("UBND phường Đức Xuân", None, "xa"): "uy-ban-nhan-dan",
    # schools
    ("Hương Sơn", "trường tiểu học", "xa"): "truong-hoc",
    ("Trường Tiểu học Hương Sơn", None, "xa"): "truong-hoc",
    ("Trường THCS Nguyễn Du", None, "huyen"): "truong-hoc",
    ("Trường THPT Chợ Đồn", None, "tinh"): "truong-hoc",
    ("Trường Mầm non Hoa Sen", None, "xa"): "truong-hoc",
    ("Trường Phổ thông Dân tộc Nội trú tỉnh", None, "tinh"): "truong-hoc",
    ("Trường PTDTBT THCS Bằng Thành", None, "xa"): "truong-hoc",
    ("Nguyễn Trãi", None, "truong-hoc"): "truong-hoc",
    # universities
    ("Trường Đại học Vinh", None, "tinh"): "dai-hoc",
    ("Đại học Thái Nguyên", None, "tinh"): "dai-hoc",
    ("Học viện Phụ nữ Việt Nam", None, "trung-uong"): "dai-hoc",
    ("Trường Cao đẳng Bắc Kạn", None, "tinh"): "dai-hoc",
    # hospitals
    ("Bệnh viện Đa khoa tỉnh Bắc Kạn", None, "tinh"): "benh-vien",
    ("Trung tâm Y tế huyện Chợ Đồn", None, "huyen"): "benh-vien",
    ("Trạm Y tế xã Dương Quang", None, "xa"): "benh-vien",
    # agencies
    ("Sở Lao động - Thương binh và Xã hội", None, "tinh"): "co-quan-chuyen-mon",
    ("Sở Y tế", None, "tinh"): "co-quan-chuyen-mon",
    ("Phòng Giáo dục và Đào tạo huyện Chợ Đồn", None, "huyen"): "co-quan-chuyen-mon",
    ("Phòng Văn hóa - Xã hội", None, "xa"): "co-quan-chuyen-mon",
    ("Ban Dân tộc tỉnh", None, "tinh"): "co-quan-chuyen-mon",
    ("Bộ Lao động - Thương binh và Xã hội", None, "trung-uong"): "co-quan-chuyen-mon",
    ("Công an tỉnh Bắc Kạn", None, "tinh"): "co-quan-chuyen-mon",
    ("Y tế", "sở", "tinh"): "co-quan-chuyen-mon",
    # mass organisations and associations
    ("Hội Liên hiệp Phụ nữ huyện Chợ Đồn", None, "huyen"): "to-chuc-chinh-tri-xa-hoi",
    ("Hội LHPN xã Dương Quang", None, "xa"): "to-chuc-chinh-tri-xa-hoi",
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh", None, "tinh"): "to-chuc-chinh-tri-xa-hoi",
    ("Tỉnh đoàn Bắc Kạn", None, "tinh"): "to-chuc-chinh-tri-xa-hoi",
    ("Công đoàn Trường Đại học Vinh", None, "tinh"): "to-chuc-chinh-tri-xa-hoi",
    ("Liên đoàn Lao động huyện", None, "huyen"): "to-chuc-chinh-tri-xa-hoi",
    ("Hội Nông dân xã", None, "xa"): "to-chuc-chinh-tri-xa-hoi",
    ("Hội Cựu chiến binh phường", None, "xa"): "to-chuc-chinh-tri-xa-hoi",
    ("Ủy ban Mặt trận Tổ quốc Việt Nam xã", None, "xa"): "to-chuc-chinh-tri-xa-hoi",
    ("Phụ nữ xã Dương Quang", "hội", "xa"): "to-chuc-chinh-tri-xa-hoi",
    # enterprises and others
    ("Công ty TNHH May Bắc Kạn", None, "tinh"): "doanh-nghiep",
    ("Hợp tác xã Nông nghiệp Dương Quang", None, "xa"): "doanh-nghiep",
    ("Ngân hàng Chính sách xã hội huyện", None, "huyen"): "doanh-nghiep",
    ("Viện Kiểm sát nhân dân tỉnh", None, "tinh"): "khac",
    ("Hội đồng nhân dân tỉnh", None, "tinh"): "khac",
}


@pytest.mark.parametrize(("unit", "kind"), KINDS.items(), ids=[k[0] for k in KINDS])
def test_the_kind_of_body_is_inferred_from_its_kind_name_and_level(
    unit: tuple[str, str | None, str], kind: str
) -> None:
    ten, loai, cap = unit
    assert DonVi(ten, cap, loai).kieu_co_quan.value == kind


def test_a_given_kind_wins_over_the_inferred_one() -> None:
    school = DonVi("Trường Tiểu học Hương Sơn", "xa", loai_co_quan="khac")
    assert school.kieu_co_quan is LoaiCoQuan.KHAC
    assert DonVi("Hương Sơn", "xa", loai_co_quan="trường học").loai_co_quan is LoaiCoQuan.TRUONG_HOC


def test_kind_labels_and_refusals() -> None:
    r = structure(
        {"nam": 2025, "don_vi": {"ten": "Dương Quang", "cap": "xa", "loai_co_quan": "doanh nghiệp"}}
    )
    assert r.don_vi.kieu_co_quan is LoaiCoQuan.DOANH_NGHIEP
    with pytest.raises(DataError, match=r"don_vi\.loai_co_quan: không hiểu loại cơ quan"):
        structure({"nam": 2025, "don_vi": {"ten": "X", "cap": "xa", "loai_co_quan": "hợp tác"}})
    assert infer_loai_co_quan("") is LoaiCoQuan.KHAC


@pytest.mark.parametrize(
    ("unit", "cap", "label"),
    [
        (DonVi("Dương Quang", "xa"), Cap.XA, "Xã"),  # one commune: never "Xã phường"
        (DonVi("Đức Xuân", "xa", "phường"), Cap.XA, "Phường"),
        (DonVi("Bắc Kạn", "huyen", "thành phố"), Cap.HUYEN, "Thành phố"),
        (DonVi("Bắc Kạn", "huyen", "thành phố"), Cap.XA, "Xã phường"),
        (DonVi("Bắc Kạn", "huyen", "thành phố"), Cap.TRUONG_HOC, "Các trường học"),
        (DonVi("Bắc Kạn", "huyen", "thành phố"), Cap.TINH, "Tỉnh"),
        (DonVi("Trường Tiểu học Hương Sơn", "xa"), Cap.TRUONG_HOC, "Nhà trường"),
        (DonVi("Trường Tiểu học Hương Sơn", "xa"), Cap.XA, "Nhà trường"),
        (DonVi("Trường Đại học Vinh", "tinh"), Cap.TRUONG_HOC, "Nhà trường"),
        (DonVi("Sở Y tế", "tinh"), Cap.TINH, "Tỉnh"),
        (DonVi("Sở Y tế", "tinh"), Cap.XA, "Xã phường"),
        (DonVi("Hội LHPN xã Dương Quang", "xa", "hội"), Cap.XA, "Xã"),
    ],
)
def test_the_label_of_a_level_fits_the_report(unit: DonVi, cap: Cap, label: str) -> None:
    assert unit.nhan_cap(cap) == label


# --------------------------------------------------------------------------- written forms


ROW = {
    "ten": "Nói chuyện chuyên đề",
    "so_luong": "hơn 10",
    "nguoi": {"nam": 30, "nu": "gần 40"},
    "ngay": "2025-11-20",
    "den_ngay": "2025-11-25",
    "dia_diem": "Nhà văn hóa",
    "hinh_thuc": "trực tuyến",
    "don_vi_chu_tri": "Hội LHPN xã",
    "don_vi_phoi_hop": ["Đoàn Thanh niên", "Công an xã"],
    "nhom": {"Phụ nữ": "khoảng 40", "tre-em": 15, "nhóm tự đặt": None},
}


def _report(**rows: object) -> dict[str, object]:
    return {"nam": 2025, "don_vi": {"ten": "Dương Quang", "cap": "xa"}, **rows}


def test_a_row_with_every_detail_reads_as_written() -> None:
    (row,) = structure(_report(hoat_dong=[ROW])).hoat_dong
    assert (row.so_luong, row.so_luong_uoc_tinh) == (10, UocTinh.HON)
    assert row.nguoi == SoNguoi(30, 40, uoc_tinh="gần")
    assert (str(row.ngay), str(row.den_ngay)) == ("2025-11-20", "2025-11-25")
    assert row.dia_diem == ("Nhà văn hóa",) and row.hinh_thuc is HinhThuc.TRUC_TUYEN
    assert row.don_vi_chu_tri == ("Hội LHPN xã",)
    assert row.don_vi_phoi_hop == ("Đoàn Thanh niên", "Công an xã")
    assert row.nhom == (
        NhomNguoi("phu-nu", 40, UocTinh.KHOANG),  # a group's name gives its code
        NhomNguoi("tre-em", 15),
        NhomNguoi("nhóm tự đặt"),
    )
    assert row.uoc_tinh


@pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
def test_every_new_field_round_trips_through_each_text_format(fmt: str) -> None:
    report = load(SCHOOL)
    row = attrs.evolve(report.hoat_dong[1], nhom=(NhomNguoi("phu-nu", None), NhomNguoi("x", 3)))
    report = attrs.evolve(report, hoat_dong=(report.hoat_dong[0], row))
    assert loads(dumps(report, fmt), fmt) == report


def test_qualifiers_are_written_before_their_number() -> None:
    data = unstructure(structure(_report(hoat_dong=[ROW])))
    row = data["hoat_dong"][0]
    assert row["so_luong"] == "hơn 10" and "so_luong_uoc_tinh" not in row
    assert row["nguoi"] == {"nam": "gần 30", "nu": "gần 40"}  # the whole figure is approximate
    # a group without a number makes the groups a list of records
    assert row["nhom"][0] == {"ma": "phu-nu", "so": "khoảng 40"}
    assert row["nhom"][2] == {"ma": "nhóm tự đặt"}
    counted = {**ROW, "nhom": {"phụ nữ": "khoảng 40", "tre-em": 15}}
    plain = unstructure(structure(_report(hoat_dong=[counted])))["hoat_dong"][0]
    assert plain["nhom"] == {"phu-nu": "khoảng 40", "tre-em": 15}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"so_luong": "hơn"}, "so_luong"),
        ({"hinh_thuc": "qua thư"}, "không hiểu hình thức"),
        ({"nhom": "học sinh"}, "nhóm đối tượng cần một bảng"),
        ({"nhom": {"hoc-sinh": -1}}, "không thể âm"),
        ({"ngay": "20/11"}, "ngày"),
    ],
)
def test_bad_details_are_refused_with_their_place(value: dict[str, object], message: str) -> None:
    with pytest.raises(DataError) as info:
        structure(_report(hoat_dong=[{"ten": "A", **value}]))
    text = str(info.value)
    assert "hoat_dong[0]" in text and message in text


def test_a_qualifier_needs_a_number() -> None:
    with pytest.raises(ValueError, match="cần đi kèm một con số"):
        HoatDong("A", so_luong_uoc_tinh="hơn")
    with pytest.raises(ValueError, match="cần đi kèm một con số"):
        SoNguoi(uoc_tinh="trên")
    with pytest.raises(ValueError, match="ghi hai lần"):
        HoatDong("A", nhom=(NhomNguoi("phu-nu", 1), NhomNguoi("phu-nu", 2)))


# --------------------------------------------------------------------------- qualifier sums


Q = [None, *UocTinh]


@given(st.lists(st.sampled_from(Q), max_size=6), st.lists(st.sampled_from(Q), max_size=6))
def test_the_qualifier_of_a_sum_is_the_same_in_steps(a: list[UocTinh], b: list[UocTinh]) -> None:
    assert UocTinh.cong([UocTinh.cong(a), UocTinh.cong(b)]) == UocTinh.cong(a + b)


def test_the_qualifier_rule() -> None:
    H, T, G, K = UocTinh.HON, UocTinh.TREN, UocTinh.GAN, UocTinh.KHOANG
    assert UocTinh.cong([H, None]) is H  # "hơn 100" + 20 = "hơn 120"
    assert UocTinh.cong([T, T]) is T
    assert UocTinh.cong([T, H]) is H  # both lower bounds
    assert UocTinh.cong([G, H]) is K and UocTinh.cong([G, K]) is K
    assert SoNguoi.cong([SoNguoi(1, 2), SoNguoi(tong=100, uoc_tinh="hơn")]).uoc_tinh is H


# --------------------------------------------------------------------------- aggregation


def _xa(name: str, **kw: object) -> BaoCao:
    return BaoCao(2023, DonVi(name, "xa", "xã"), **kw)  # type: ignore[arg-type]


def test_a_merged_row_keeps_the_distinct_details() -> None:
    a = _xa(
        "A",
        hoat_dong=(
            HoatDong(
                "Tập huấn",
                2,
                SoNguoi(10, 20),
                "xa",
                ngay="2023-11-20",
                dia_diem="Nhà văn hóa",
                hinh_thuc="truc-tiep",
                don_vi_chu_tri="Hội LHPN xã A",
                nhom={"phu-nu": 20},
            ),
        ),
    )
    b = _xa(
        "B",
        hoat_dong=(
            HoatDong(
                "Tập huấn",
                1,
                SoNguoi(5, 5, uoc_tinh="hơn"),
                "xa",
                so_luong_uoc_tinh="gần",
                ngay="2023-11-15",
                den_ngay="2023-12-01",
                dia_diem=("Hội trường", "Nhà văn hóa"),
                hinh_thuc="truc-tuyen",
                don_vi_phoi_hop="Đoàn Thanh niên",
                nhom={"phu-nu": 5, "tre-em": 3},
            ),
        ),
    )
    (row,) = aggregate([a, b], don_vi=CITY).hoat_dong
    assert (row.so_luong, row.so_luong_uoc_tinh) == (3, UocTinh.GAN)
    assert (row.nguoi.tong_so, row.nguoi.uoc_tinh) == (40, UocTinh.HON)
    assert (str(row.ngay), str(row.den_ngay)) == ("2023-11-15", "2023-12-01")
    assert row.dia_diem == ("Hội trường", "Nhà văn hóa")
    assert row.hinh_thuc is HinhThuc.KET_HOP
    assert (row.don_vi_chu_tri, row.don_vi_phoi_hop) == (("Hội LHPN xã A",), ("Đoàn Thanh niên",))
    # absent is not 0: "tre-em" is given by one row of two, so its sum is a lower bound
    assert row.nhom == (NhomNguoi("phu-nu", 25), NhomNguoi("tre-em", 3, chua_day_du=True))


def test_support_lines_and_funding_sources_add_up() -> None:
    gift = HoTro("Suất quà", 10, 5_000_000, "học sinh nghèo", "xa")
    a = _xa("A", ho_tro=(gift,), kinh_phi=KinhPhi(1, nguon_khac=(NguonKinhPhi("Dự án 8", 7),)))
    b = _xa(
        "B",
        ho_tro=(attrs.evolve(gift, so_suat=None, gia_tri=2_000_000), HoTro("Học bổng", 2)),
        kinh_phi=KinhPhi(2, nguon_khac=(NguonKinhPhi("dự án  8", 3), NguonKinhPhi("Tài trợ"))),
    )
    total = aggregate([a, b], don_vi=CITY)
    assert [(h.ten, h.so_suat, h.gia_tri, h.chua_day_du, h.nguon) for h in total.ho_tro] == [
        ("Học bổng", 2, None, False, ("Xã B",)),
        ("Suất quà", 10, 7_000_000, True, ("Xã A", "Xã B")),
    ]
    sources = {n.ten: (n.so_tien, n.chua_day_du) for n in total.kinh_phi.nguon_khac}
    assert sources == {"dự án  8": (10, False), "Tài trợ": (None, False)}
    assert total.kinh_phi.tong == 1 + 2 + 10


def _leaf_groups(children: Sequence[BaoCao]) -> dict[str, int]:
    out: dict[str, int] = {}
    for child in children:
        for _, _, row in child.dong():
            for g in row.nhom:
                if g.so is not None:
                    out[g.ma] = out.get(g.ma, 0) + g.so
    return out


@st.composite
def _children(draw: st.DrawFn) -> list[BaoCao]:
    n = draw(st.integers(1, 4))
    out = []
    for i in range(n):
        report = draw(bao_caos(nam=2023, cap="xa", max_rows=2))
        rows = tuple(attrs.evolve(r, ma=None) for r in report.hoat_dong)
        out.append(
            attrs.evolve(
                report,
                don_vi=DonVi(f"Xã {i}", "xa", "xã", f"{i:05d}"),
                hoat_dong=rows,
                truyen_thong=(),
                san_pham=(),
                nguon=(),
            )
        )
    return out


@pytest.mark.slow
@given(_children())
@examples(60)
def test_groups_support_and_funding_are_conserved(children: list[BaoCao]) -> None:
    total = aggregate(children, don_vi=CITY, validate=False)
    assert _leaf_groups([total]) == _leaf_groups(children)
    for field in ("so_suat", "gia_tri"):
        expected = _opt_sum(getattr(h, field) for c in children for h in c.ho_tro)
        assert _opt_sum(getattr(h, field) for h in total.ho_tro) == expected
    expected_money = _opt_sum(n.so_tien for c in children for n in c.kinh_phi.nguon_khac)
    assert _opt_sum(n.so_tien for n in total.kinh_phi.nguon_khac) == expected_money
    # a sum with an approximate part is approximate
    leaf_q = UocTinh.cong(r.so_luong_uoc_tinh for c in children for r in c.hoat_dong)
    assert UocTinh.cong(r.so_luong_uoc_tinh for r in total.hoat_dong) == leaf_q


@pytest.mark.slow
@given(_children(), st.data())
@examples(40)
def test_details_are_the_same_in_two_steps(children: list[BaoCao], data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(children)))
    district = DonVi("Huyện 1", "huyen", "huyện", "001")
    province = DonVi("Tỉnh", "tinh", "tỉnh", "01")
    steps = [aggregate(children[:cut], don_vi=district, validate=False)] if cut else []
    two = aggregate(steps + children[cut:], don_vi=province, validate=False)
    one = aggregate(children, don_vi=province, validate=False)

    def strip(r: BaoCao) -> list[object]:
        return [attrs.evolve(row, ghi_chu=None, nguon=()) for row in r.hoat_dong]

    assert strip(two) == strip(one)
    assert [attrs.evolve(h, ghi_chu=None, nguon=()) for h in two.ho_tro] == [
        attrs.evolve(h, ghi_chu=None, nguon=()) for h in one.ho_tro
    ]
    assert two.kinh_phi.nguon_khac == one.kinh_phi.nguon_khac


@given(nhom_nguois(), ho_tros())
def test_group_and_support_strategies_build_valid_values(g: object, h: HoTro) -> None:
    assert isinstance(g, tuple) and isinstance(h, HoTro)


# --------------------------------------------------------------------------- excel


def test_a_number_cell_with_a_qualifier_reads_as_approximate(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(io.BytesIO(write_form(None, nam=2025)))
    unit = book["Đơn vị"]
    for row in unit.iter_rows(min_row=1):
        if row[3].value == "don_vi.ten":
            row[1].value = "Dương Quang"
        if row[3].value == "don_vi.cap":
            row[1].value = "Xã"
            assert "Huyện" not in (row[2].value or "") and "Trường học" in row[2].value
    sheet = book["Hoạt động"]
    sheet["B7"], sheet["D7"], sheet["G7"], sheet["U7"] = "Mít tinh", "hơn 3", "trên 100", "Phụ nữ"
    out = io.BytesIO()
    book.save(out)
    report = loads_form(out.getvalue())
    (row,) = report.hoat_dong
    assert (row.so_luong, row.so_luong_uoc_tinh) == (3, UocTinh.HON)
    assert (row.nguoi.tong, row.nguoi.uoc_tinh) == (100, UocTinh.TREN)
    assert row.nhom == (NhomNguoi("phu-nu"),)
    assert "so-lieu-uoc-tinh" in {p.code for p in validate(report)}


def test_unit_levels_of_the_form_follow_the_year() -> None:
    def levels(nam: int) -> list[str]:
        book = openpyxl.load_workbook(io.BytesIO(write_form(None, nam=nam)))
        lists = book["Danh mục"]
        column = next(c for c in lists[1] if c.value == "Cấp đơn vị").column_letter
        return [c.value for c in lists[column][1:] if c.value]

    assert levels(2025) == ["Trung ương", "Tỉnh", "Xã", "Trường học"]
    assert levels(2023) == ["Trung ương", "Tỉnh", "Huyện", "Xã", "Trường học"]


def test_the_school_example_round_trips_through_the_form() -> None:
    report = load(SCHOOL)
    assert loads_form(write_form(None, bao_cao=report)) == report


# --------------------------------------------------------------------------- csv, summary, rules


def test_the_tidy_csv_carries_groups_support_funding_and_details() -> None:
    report = load(SCHOOL)
    rows = tidy_rows(report, details=True)
    measures = {(r.table, r.measure, r.value, r.approx) for r in rows}
    assert ("hoat_dong", "nhom:hoc-sinh", 400, "hơn") in measures
    assert ("hoat_dong", "tong", 400, "hơn") in measures
    assert ("ho_tro", "gia_tri", 4_500_000, "") in measures
    assert ("kinh_phi", "nguon_khac", 4_500_000, "") in measures
    note = next(r.note for r in rows if r.name.startswith("Nói chuyện"))
    assert note.startswith("Phát trực tuyến")
    header = to_csv(report, details=True).splitlines()[0]
    assert header.endswith(",".join(DETAIL_COLUMNS)) and DETAIL_COLUMNS == (
        "approx",
        "note",
        "sources",
    )
    total = aggregate([_xa("A", hoat_dong=(HoatDong("X", 1),))], don_vi=CITY)
    assert tidy_rows(total, details=True)[0].sources == "Xã A"


def test_summary_prints_a_dash_for_an_empty_table_and_an_unknown_count() -> None:
    lines = list(summary_lines(_xa("A", hoat_dong=(HoatDong("X", nguoi=SoNguoi(1, 2)),))))
    assert lines[1] == "  III.1 Hoạt động: 1 dòng, số lượng —; Nam 1, Nữ 2, tổng 3"
    assert lines[2] == "  III.2 Truyền thông: —"


@pytest.mark.parametrize(
    "text",
    ["Tổ chức 2 buổi # chưa rõ số", "Dòng một\n# ghi chú cũ\nDòng hai", "# đầu đoạn"],
)
def test_a_yaml_comment_inside_a_text_is_warned(text: str) -> None:
    problems = validate(_xa("A", ket_qua=(text,), hoat_dong=(HoatDong("X", 1, cap="xa"),)))
    assert [p.code for p in problems] == ["chu-thich-trong-van-ban"]


def test_a_folded_yaml_block_with_a_comment_line_is_caught() -> None:
    text = (
        "nam: 2023\ndon_vi: {ten: A, cap: xa}\nket_qua:\n  - >-\n    Một\n    # sửa sau\n    Hai\n"
    )
    report = loads(text, "yaml")
    assert report.ket_qua == ("Một # sửa sau Hai",)
    assert "chu-thich-trong-van-ban" in {p.code for p in validate(report)}


def test_the_school_example_loads_and_validates() -> None:
    report = load(ROOT / "src" / "binhdanggioi" / "data" / "truong-tieu-hoc-2025.yaml")
    assert report == load(SCHOOL)
    assert report.don_vi.kieu_co_quan is LoaiCoQuan.TRUONG_HOC
    assert not [p for p in validate(report) if p.is_error]
    codes = {p.code for p in validate(report)}
    assert codes == {"so-lieu-uoc-tinh"}
    assert report.ho_tro and report.kinh_phi.nguon_khac
    assert any(r.nhom for r in report.hoat_dong)


def test_the_group_catalogue_is_data() -> None:
    groups = nhom_doi_tuong()
    codes = [e.ma for e in groups.entries]
    for code in ("phu-nu", "tre-em", "hoc-sinh", "sinh-vien", "dai-bieu", "hoi-vien"):
        assert code in codes
    assert len(set(codes)) == len(codes)
    assert groups.match("các em học sinh").ma == "hoc-sinh"
    assert groups.ten("khong-co") == "khong-co"
