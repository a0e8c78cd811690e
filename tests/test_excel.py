"""Excel input forms: writing, reading back, and every hostile input of issue 6."""

from __future__ import annotations

import base64
import io
import os
import sys
import time
import typing
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import binhdanggioi as bdg
from binhdanggioi import excel
from binhdanggioi.catalogue import catalogue_for
from binhdanggioi.cli import main
from binhdanggioi.errors import DataError, MissingDependencyError, TemplateError
from binhdanggioi.excel import load_form, loads_form, write_form
from binhdanggioi.formats import example_path, load
from binhdanggioi.model import (
    BaoCao,
    Cap,
    ChuKy,
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
from binhdanggioi.renderers.xlsx import XlsxRenderer
from strategies import bao_caos, examples

BASE = BaoCao(2023, DonVi("Huyền Tung", "xa", loai="phường", ma="01234"))
FIRST = 7  # first data row of the table sheets
_KEYS = "stt ten chi_tieu so_luong nam nu tong cap ghi_chu ma nguon du sl_du"
COLUMNS = dict(zip(_KEYS.split(), "ABCDEFGHIJKLM", strict=True))


def render(report: BaoCao) -> bytes:
    return XlsxRenderer().render(report)


def form(tmp_path: Path, edit: Callable[[Any], None], report: BaoCao = BASE) -> Path:
    """The form for ``report``, edited with openpyxl the way a person edits it in Excel."""
    book = openpyxl.load_workbook(io.BytesIO(write_form(None, bao_cao=report)))
    edit(book)
    path = tmp_path / "xa.xlsx"
    book.save(path)
    return path


def put_row(sheet: Any, row: int = FIRST, **values: Any) -> None:
    for key, value in values.items():
        sheet[f"{COLUMNS[key]}{row}"] = value


def problems(path: Path) -> dict[str, str]:
    with pytest.raises(DataError) as info:
        load(path)
    assert all(issue.source == str(path) for issue in info.value.issues)
    return {issue.path: issue.message for issue in info.value.issues}


def patch_xml(path: Path, sheet: str, old: bytes, new: bytes) -> None:
    """Edit one sheet's XML inside the .xlsx, as Excel itself would have written it."""
    book = openpyxl.load_workbook(path, read_only=True)
    member = book[sheet]._worksheet_path
    book.close()
    source = zipfile.ZipFile(path)
    parts = {info: source.read(info) for info in source.infolist()}
    source.close()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts.items():
            if info.filename == member:
                assert old in data
                data = data.replace(old, new)
            target.writestr(info, data)


# --------------------------------------------------------------------------- round trip


def test_example_round_trips_through_a_file(tmp_path: Path) -> None:
    report = load(example_path())
    path = tmp_path / "bac-kan.xlsx"
    path.write_bytes(render(report))
    assert load(path) == report
    assert load_form(path) == report


def test_round_trip_of_an_aggregate_with_sources_and_incomplete_figures() -> None:
    report = attrs.evolve(
        load(example_path()),
        hoat_dong=(
            HoatDong(
                "Tập huấn",
                so_luong=3,
                nguoi=SoNguoi(nam=5, nu=None, tong=None, chua_day_du=True),
                cap=(Cap.HUYEN, Cap.XA),
                chi_tieu="ma-rieng-khong-co-trong-danh-muc",
                ma="ev-1",
                ghi_chu="gộp",
                nguon=("Xã A", "Xã B"),
                so_luong_chua_du=True,
            ),
        ),
        kinh_phi=KinhPhi(30_000_000, chua_day_du=True),
        nguon=(DonVi("Xã A", "xa", ma="00001"), DonVi("Xã B", "xa", loai="xã")),
        chua_bao_cao=(DonVi("Xã C", "xa"),),
    )
    assert loads_form(render(report)) == report


def test_status_of_a_source_unit(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        sheet = book["Nguồn số liệu"]
        sheet["B6"], sheet["C6"], sheet["F6"] = "Xã A", "Xã", "chưa báo cáo"
        sheet["B7"], sheet["C7"] = "Xã B", "Xã"
        sheet["B8"], sheet["C8"], sheet["F8"] = "Xã C", "Xã", "đang chờ"

    found = problems(form(tmp_path, edit))
    assert list(found) == ["Nguồn số liệu!F8"]
    assert "'Chưa báo cáo'" in found["Nguồn số liệu!F8"]

    def fixed(book: Any) -> None:
        edit(book)
        book["Nguồn số liệu"]["F8"] = None

    report = load(form(tmp_path, fixed))
    assert [u.ten for u in report.nguon] == ["Xã B", "Xã C"]
    assert report.chua_bao_cao == (DonVi("Xã A", "xa"),)


@pytest.fixture(scope="module")
def rt_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("round-trip")


@pytest.mark.slow
@examples(40)
@given(bao_caos(valid=False, max_rows=3))
def test_round_trip_any_report(rt_dir: Path, report: BaoCao) -> None:
    path = rt_dir / "r.xlsx"
    path.write_bytes(render(report))
    assert load_form(path) == report


@pytest.mark.slow
@examples(25)
@given(bao_caos(valid=True, max_rows=4))
def test_round_trip_valid_report(report: BaoCao) -> None:
    assert loads_form(render(report)) == report


# No format characters (Cf): every reader removes them (docs/data-format.md).
_ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cf")), max_size=12).filter(
    lambda t: unicodedata.is_normalized("NFC", t)
)
_TRICKY_TEXT = st.sampled_from(
    ["", '""', '"""', " ", "\t x \n", "a\r\nb", "=SUM(A1:A2)", "_x0041_", "_x005F_", "0058", "[x]"]
)
_TEXT = _TRICKY_TEXT | _ANY_TEXT
_BIG = st.integers(0, 10**20)


@st.composite
def tricky_reports(draw: st.DrawFn) -> BaoCao:
    """Reports whose text and numbers a spreadsheet could mangle."""
    row = HoatDong(
        ten=draw(_TEXT),
        so_luong=draw(_BIG),
        nguoi=SoNguoi(draw(_BIG), draw(st.none() | _BIG), draw(st.none() | _BIG)),
        chi_tieu=draw(st.none() | _TEXT | st.sampled_from(["le-phat-dong", "bang-ron-khau-hieu"])),
        ma=draw(st.none() | _TEXT),
        ghi_chu=draw(st.none() | _TEXT),
        nguon=tuple(draw(st.lists(_TEXT, max_size=3))),
    )
    return BaoCao(
        nam=draw(st.integers(0, 10**16)),
        don_vi=DonVi(draw(_TEXT), draw(st.sampled_from(list(Cap))), draw(_TEXT), draw(_TEXT)),
        van_ban=VanBan(
            co_quan=draw(_TEXT),
            so=draw(_TEXT),
            ngay=draw(
                st.sampled_from(
                    [NgayThang(1, 1, 1), NgayThang(1900, 2, 28), NgayThang(9999, 12), NgayThang(5)]
                )
            ),
            kinh_gui=tuple(draw(st.lists(_TEXT, max_size=2))),
        ),
        ke_hoach=(KeHoach(draw(_TEXT), draw(st.none() | st.dates()), loai=draw(_TEXT)),),
        loi_dan=draw(_TEXT),
        chi_dao=tuple(draw(st.lists(_TEXT, max_size=3))),
        hoat_dong=(row,),
        san_pham=(SanPham(draw(_TEXT), cap=draw(st.sampled_from([(), tuple(Cap)]))),),
        kinh_phi=KinhPhi(draw(st.integers(-(10**20), 10**20)), draw(st.none() | _BIG), draw(_TEXT)),
        ket_luan=draw(st.none() | _TEXT),
        noi_nhan=NoiNhan(ban_giay=tuple(draw(st.lists(_TEXT, max_size=2)))),
        chu_ky=ChuKy((draw(_TEXT),), draw(_TEXT), draw(st.none() | _TEXT)),
        nguon=(DonVi(draw(_TEXT), "tinh", ma=draw(_TEXT)),),
    )


@pytest.mark.slow
@examples(40)
@given(tricky_reports())
def test_round_trip_text_and_numbers_a_spreadsheet_could_mangle(report: BaoCao) -> None:
    assert loads_form(render(report)) == report


def _leaf_paths(cls: type, prefix: str = "") -> Iterator[str]:
    """Every leaf field of ``cls``: ``don_vi.ten``, ``hoat_dong[].nguoi.nam``, ..."""
    for field in attrs.fields(attrs.resolve_types(cls)):
        path = f"{prefix}{field.name}"
        kind = field.type
        args = typing.get_args(kind)
        if attrs.has(kind):
            yield from _leaf_paths(kind, f"{path}.")
        elif typing.get_origin(kind) is tuple and args and attrs.has(args[0]):
            yield from _leaf_paths(args[0], f"{path}[].")
        else:
            yield path


def test_every_field_of_the_report_has_a_home_in_the_form() -> None:
    covered = set(excel._iter_paths())
    missing = [p for p in _leaf_paths(BaoCao) if p not in covered]
    assert missing == []


# --------------------------------------------------------------------------- the blank form


def test_blank_form_layout(tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    data = write_form(path, nam=2023)
    assert path.read_bytes() == data
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == list(excel.SHEETS)
    assert book["Danh mục"].sheet_state == "hidden"
    sheet = book["Hoạt động"]
    assert [sheet.cell(4, j).value for j in (1, 2, 3, 4, 5, 8, 9)] == [
        "STT",
        "Hoạt động",
        "Chỉ tiêu (chọn trong danh mục)",
        "Số cuộc",
        "Số người tham gia",
        "Cấp triển khai",
        "Ghi chú",
    ]
    assert [sheet.cell(5, j).value for j in (5, 6, 7)] == ["Nam", "Nữ", "Tổng"]
    assert sheet.freeze_panes == "C7"
    assert sheet.row_dimensions[6].hidden
    assert sheet.column_dimensions["N"].hidden
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$4:$5"

    def rule(cell: str) -> Any:
        return next(dv for dv in sheet.data_validations.dataValidation if cell in dv.sqref)

    assert rule("E7").type == "whole" and rule("E7").formula1 == "0"
    assert rule("G507") is rule("D7")  # one rule for all the count columns
    assert "Danh mục" in rule("H7").formula1
    assert sheet.column_dimensions["B"].number_format == "@"  # "058" stays text
    assert sheet.column_dimensions["E"].number_format == "#,##0"
    grid = [str(cf.sqref) for cf in sheet.conditional_formatting]
    assert grid == ["A7:M66"]  # borders of the area to fill, without empty cells
    indicators = [c.value for c in book["Danh mục"]["F"][1:] if c.value]
    assert indicators == [e.ten for e in catalogue_for(2023).for_table("hoat_dong")]
    assert "Danh mục'!$F$2" in rule("C7").formula1
    assert book["Đơn vị"]["B5"].value == 2023


def test_level_list_follows_the_tiers_of_the_year() -> None:
    def levels(nam: int) -> list[str]:
        book = openpyxl.load_workbook(io.BytesIO(write_form(None, nam=nam)))
        return [c.value for c in book["Danh mục"]["A"][1:] if c.value]

    assert "Huyện" in levels(2024)
    assert not any("Huyện" in label for label in levels(2025))


def test_blank_form_reports_the_required_cells() -> None:
    with pytest.raises(DataError) as info:
        loads_form(write_form(None))
    found = {i.path: i.message for i in info.value.issues}
    assert set(found) == {"Đơn vị!B5", "Đơn vị!B6", "Đơn vị!B7"}
    assert "Năm báo cáo" in found["Đơn vị!B5"] and "bắt buộc" in found["Đơn vị!B5"]


def test_prefilled_unit_form_reads_back_as_an_empty_report() -> None:
    unit = DonVi("Dương Quang", "xa", loai="xã")
    assert loads_form(write_form(None, nam=2024, don_vi=unit)) == BaoCao(2024, unit)


def test_write_form_refuses_a_year_that_contradicts_the_report() -> None:
    with pytest.raises(ValueError, match="2022"):
        write_form(None, nam=2022, bao_cao=BASE)


# --------------------------------------------------------------------------- reading numbers


def test_numbers_as_people_type_them(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        sheet = book["Truyền thông"]
        put_row(sheet, ten="Tuyên truyền trong trường học", so_luong="21", tong="10.450")
        put_row(sheet, FIRST + 1, ten="Hội nghị", so_luong=1, nam=42, nu=0)
        put_row(sheet, FIRST + 2, ten="Phát thanh", so_luong="06", cap="Thành phố")
        put_row(sheet, FIRST + 3, ten="Loa", so_luong=1.0, nam="1 234", cap="xã, phường")

    rows = load(form(tmp_path, edit)).truyen_thong
    assert rows[0].so_luong == 21 and rows[0].nguoi == SoNguoi(tong=10450)
    assert rows[1].nguoi == SoNguoi(nam=42, nu=0)  # 0 is a reported zero
    assert rows[2].nguoi == SoNguoi() and rows[2].so_luong == 6  # blank: not reported
    assert rows[2].cap == (Cap.HUYEN,)
    assert rows[3].so_luong == 1 and rows[3].nguoi.nam == 1234 and rows[3].cap == (Cap.XA,)


def test_text_in_a_number_cell(tmp_path: Path) -> None:
    found = problems(form(tmp_path, lambda b: put_row(b["Hoạt động"], ten="Mít tinh", nam="nhiều")))
    assert list(found) == ["Hoạt động!E7"]
    assert found["Hoạt động!E7"].startswith("Nam: ") and "nhiều" in found["Hoạt động!E7"]


def test_negative_number(tmp_path: Path) -> None:
    found = problems(form(tmp_path, lambda b: put_row(b["Hoạt động"], ten="Mít tinh", nu=-5)))
    assert found == {
        "Hoạt động!F7": "Nữ: số lượng không thể âm (-5); ghi 0 nếu không có, "
        "bỏ trống nếu chưa báo cáo"
    }


def test_decimal_number_suggests_the_thousands(tmp_path: Path) -> None:
    found = problems(form(tmp_path, lambda b: put_row(b["Sản phẩm"], ten="Tờ rơi", so_luong=10.45)))
    message = found["Sản phẩm!D7"]
    assert "số thập phân 10,45" in message and "gõ 10450" in message


def test_decimal_budget(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        book["Kinh phí"]["B5"] = 1500.5

    found = problems(form(tmp_path, edit))
    assert list(found) == ["Kinh phí!B5"]
    assert "Ngân sách nhà nước" in found["Kinh phí!B5"] and "đồng" in found["Kinh phí!B5"]


def test_date_typed_into_a_number_cell(tmp_path: Path) -> None:
    found = problems(
        form(tmp_path, lambda b: put_row(b["Hoạt động"], ten="Mít tinh", so_luong=date(2023, 1, 1)))
    )
    assert "ngày/giờ" in found["Hoạt động!D7"]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        book["Đơn vị"]["B7"] = "Thôn"
        put_row(book["Hoạt động"], ten="A", nam=-1, cap="Làng")
        put_row(book["Hoạt động"], FIRST + 1, so_luong=2)  # no name
        put_row(book["Sản phẩm"], ten="Tờ rơi", so_luong="mười")

    found = problems(form(tmp_path, edit))
    assert list(found) == [
        "Đơn vị!B7",
        "Hoạt động!E7",
        "Hoạt động!H7",
        "Hoạt động!B8",
        "Sản phẩm!D7",
    ]
    assert "Thôn" in found["Đơn vị!B7"]
    assert found["Hoạt động!B8"] == "chưa ghi 'Hoạt động' (ô bắt buộc)"
    assert found["Hoạt động!H7"].startswith("Cấp triển khai: không hiểu cấp 'Làng'")


# --------------------------------------------------------------------------- formulas


def test_formula_with_a_cached_value_is_read(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        put_row(book["Hoạt động"], ten="Mít tinh", nam=40, nu=60, tong="=E7+F7")

    path = form(tmp_path, edit)
    patch_xml(path, "Hoạt động", b"<f>E7+F7</f><v></v>", b"<f>E7+F7</f><v>100</v>")
    assert load(path).hoat_dong[0].nguoi == SoNguoi(40, 60, 100)


def test_formula_without_a_cached_value_asks_to_save_in_excel(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        put_row(book["Hoạt động"], ten="Mít tinh", nam=40, nu=60, tong="=E7+F7")
        book["Nội dung"]["B7"] = '="Kết quả " & 2023'

    found = problems(form(tmp_path, edit))
    assert set(found) == {"Hoạt động!G7", "Nội dung!B7"}
    assert "lưu tệp trong Excel trước" in found["Hoạt động!G7"]
    assert found["Hoạt động!G7"].startswith("Tổng: ")


def test_formula_error_value(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        put_row(book["Hoạt động"], ten="Mít tinh", nam="=1/0")

    path = form(tmp_path, edit)
    patch_xml(path, "Hoạt động", b'<c r="E7"', b'<c t="e" r="E7"')
    patch_xml(path, "Hoạt động", b"<f>1/0</f><v></v>", b"<f>1/0</f><v>#DIV/0!</v>")
    found = problems(path)
    assert "#DIV/0!" in found["Hoạt động!E7"]


# --------------------------------------------------------------------------- merged cells


def test_merged_name_covers_the_rows_below(tmp_path: Path) -> None:
    # The seed's table III.3: one product name over two rows of figures.
    def edit(book: Any) -> None:
        sheet = book["Sản phẩm"]
        put_row(sheet, ten="Băng rôn, khẩu hiệu", so_luong=9, cap="Thành phố, xã phường")
        put_row(sheet, FIRST + 1, so_luong=21, cap="Các trường học")
        sheet.merge_cells("B7:B8")

    rows = load(form(tmp_path, edit)).san_pham
    assert [(r.ten, r.so_luong, r.cap) for r in rows] == [
        ("Băng rôn, khẩu hiệu", 9, (Cap.HUYEN, Cap.XA)),
        ("Băng rôn, khẩu hiệu", 21, (Cap.TRUONG_HOC,)),
    ]


def test_merged_number_cells_are_refused(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        sheet = book["Hoạt động"]
        put_row(sheet, ten="A", nam=10)
        put_row(sheet, FIRST + 1, ten="B")
        sheet.merge_cells("E7:E8")

    found = problems(form(tmp_path, edit))
    assert list(found) == ["Hoạt động!E7:E8"]
    assert "gộp" in found["Hoạt động!E7:E8"]


# --------------------------------------------------------------------------- sheets


def test_extra_sheets_are_ignored(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        scratch = book.create_sheet("Nháp", 0)
        scratch["A1"] = "=SUM(B1:B9)"  # even an uncalculated formula there is no problem
        scratch["B1"] = "nhiều"

    assert load(form(tmp_path, edit)) == BASE


def test_sheet_renamed_in_case_or_accents_is_still_found(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        book["Hoạt động"].title = "HOAT DONG"

    assert load(form(tmp_path, edit)) == BASE


def test_renamed_sheet_is_named_in_the_error(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        book["Truyền thông"].title = "Sheet3"
        put_row(book["Sản phẩm"], ten="Tờ rơi", so_luong=-2)

    found = problems(form(tmp_path, edit))
    assert list(found) == ["Truyền thông", "Sản phẩm!D7"]  # the other errors too
    assert "thiếu trang 'Truyền thông'" in found["Truyền thông"]
    assert "'Sheet3'" in found["Truyền thông"]


def test_deleted_unit_sheet_gives_one_error(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        del book["Đơn vị"]

    found = problems(form(tmp_path, edit))
    assert list(found) == ["Đơn vị"]
    assert "thiếu trang 'Đơn vị'" in found["Đơn vị"]


def test_optional_sheets_may_be_deleted(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        del book["Kế hoạch"]
        del book["Nguồn số liệu"]
        del book["Hướng dẫn"]

    assert load(form(tmp_path, edit)) == BASE


def test_excel_extensions_are_read_without_warnings(tmp_path: Path) -> None:
    # Excel saves drop-downs that point to another sheet as an x14 extension.
    path = form(tmp_path, lambda b: put_row(b["Hoạt động"], ten="Mít tinh", nu=3))
    extension = (
        b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
        b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        b'<x14:dataValidations count="0"/></ext></extLst></worksheet>'
    )
    patch_xml(path, "Hoạt động", b"</worksheet>", extension)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load(path).hoat_dong[0].nguoi == SoNguoi(nu=3)


def test_fields_are_found_by_label_when_the_hidden_keys_are_gone(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        book["Đơn vị"].delete_cols(4)
        book["Nội dung"].delete_cols(3)

    assert load(form(tmp_path, edit, load(example_path()))) == load(example_path())


def test_deleted_key_row_is_explained(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        book["Hoạt động"].delete_rows(6)

    found = problems(form(tmp_path, edit))
    assert "dòng tiêu đề" in found["Hoạt động"]


def test_inserted_column_does_not_shift_the_figures(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        sheet = book["Hoạt động"]
        put_row(sheet, ten="Mít tinh", nam=3, nu=4)
        sheet.insert_cols(3)  # openpyxl moves values, not merges: enough here

    assert load(form(tmp_path, edit)).hoat_dong[0].nguoi == SoNguoi(3, 4)


# --------------------------------------------------------------------------- narrative


def test_narrative_rows_inserted_under_a_section(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        sheet = book["Nội dung"]
        row = next(r for r in range(1, 60) if sheet.cell(r, 3).value == "ket_qua")
        sheet.insert_rows(row + 1, 2)
        sheet.cell(row, 2, "Ý một")
        sheet.cell(row + 1, 2, "Ý hai")
        sheet.cell(row + 2, 2, "Ý ba")

    assert load(form(tmp_path, edit)).ket_qua == ("Ý một", "Ý hai", "Ý ba")


def test_single_text_section_with_two_cells(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        sheet = book["Nội dung"]
        row = next(r for r in range(1, 60) if sheet.cell(r, 3).value == "ket_luan")
        sheet.insert_rows(row + 1)
        sheet.cell(row, 2, "Trên đây là báo cáo")
        sheet.cell(row + 1, 2, "./.")

    found = problems(form(tmp_path, edit))
    ((where, message),) = found.items()
    assert where.startswith("Nội dung!B") and "chỉ ghi một ô" in message


# --------------------------------------------------------------------------- indicators, dates


def test_indicator_names_map_to_catalogue_codes(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        sheet = book["Hoạt động"]
        put_row(sheet, ten="A", chi_tieu="hưởng ứng lễ phát động")
        put_row(sheet, FIRST + 1, ten="B", chi_tieu="Một việc riêng của xã")

    rows = load(form(tmp_path, edit)).hoat_dong
    assert rows[0].chi_tieu == "le-phat-dong"
    assert rows[1].chi_tieu == "Một việc riêng của xã"


def test_changing_the_indicator_of_a_rendered_row(tmp_path: Path) -> None:
    report = attrs.evolve(BASE, hoat_dong=(HoatDong("A", chi_tieu="le-phat-dong"),))

    def edit(book: Any) -> None:
        book["Hoạt động"]["C7"] = "Tập huấn"

    assert load(form(tmp_path, edit, report)).hoat_dong[0].chi_tieu == "tap-huan"


def test_rendered_indicator_shows_the_catalogue_name() -> None:
    report = attrs.evolve(BASE, hoat_dong=(HoatDong("A", chi_tieu="le-phat-dong"),))
    book = openpyxl.load_workbook(io.BytesIO(render(report)))
    assert book["Hoạt động"]["C7"].value == "Lễ phát động, mít tinh, diễu hành"
    assert book["Hoạt động"]["N7"].value == "le-phat-dong"


def test_dates_as_people_type_them(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        book["Đơn vị"]["B16"] = "5/12/2023"
        book["Kế hoạch"]["C6"] = "695/KH-UBND"
        book["Kế hoạch"]["D6"] = "16/10/2023"

    report = load(form(tmp_path, edit))
    assert report.van_ban.ngay == NgayThang(2023, 12, 5)
    assert report.ke_hoach == (KeHoach("695/KH-UBND", date(2023, 10, 16)),)


def test_month_only_date(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        book["Đơn vị"]["B16"] = "12/2023"

    assert load(form(tmp_path, edit)).van_ban.ngay == NgayThang(2023, 12)


# --------------------------------------------------------------------------- not a form


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "tệp rỗng"),
        (b"nam: 2023\ndon_vi: {ten: A, cap: xa}\n", "tệp văn bản"),
        (b"STT,Ho\xe1\xba\xa1t \xc4\x91\xe1\xbb\x99ng\n1,A\n", "tệp văn bản"),
        (os.urandom(2000).replace(b"PK", b"pk"), "không phải bảng tính Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "Excel 97–2003 (.xls)"),
    ],
)
def test_files_that_are_not_workbooks(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "xa.xlsx"
    path.write_bytes(content)
    with pytest.raises(DataError) as info:
        load(path)
    assert expected in str(info.value)
    assert len(info.value.issues) == 1


def test_word_document_renamed_xlsx(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "bao-cao.xlsx"
    document = docx.Document()
    document.add_paragraph("Báo cáo")
    document.save(str(path))
    with pytest.raises(DataError, match=r"tài liệu Word \(.docx\)"):
        load(path)


def test_empty_workbook(tmp_path: Path) -> None:
    path = tmp_path / "xa.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(DataError, match=r"không phải mẫu nhập liệu.*'Sheet'"):
        load(path)


def test_damaged_workbook(tmp_path: Path) -> None:
    path = tmp_path / "xa.xlsx"
    data = bytearray(write_form(None, bao_cao=BASE))
    path.write_bytes(bytes(data[: len(data) // 2]))
    with pytest.raises(DataError) as info:
        load(path)
    assert len(info.value.issues) == 1


def test_broken_sheet_xml(tmp_path: Path) -> None:
    path = form(tmp_path, lambda b: None)
    patch_xml(path, "Hoạt động", b"<sheetData>", b"<sheetData><row><c><v>1</c></row>")
    with pytest.raises(DataError, match="bị hỏng"):
        load(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="không tìm thấy tệp"):
        load(tmp_path / "khong-co.xlsx")


@pytest.mark.slow
def test_five_megabyte_workbook_loads_correctly(tmp_path: Path) -> None:
    rows = tuple(
        HoatDong(f"Hoạt động số {i}", so_luong=i % 7, nguoi=SoNguoi(i, 2 * i), cap="xa")
        for i in range(2000)
    )
    report = attrs.evolve(BASE, hoat_dong=rows)
    book = openpyxl.load_workbook(io.BytesIO(render(report)))
    ballast = book.create_sheet("Ảnh chụp số liệu")
    for i in range(1, 230):  # incompressible text, as pasted exports would be
        ballast.cell(i, 1, "x" + base64.b85encode(os.urandom(24000)).decode())
    path = tmp_path / "lon.xlsx"
    book.save(path)
    assert path.stat().st_size > 5 * 1024 * 1024
    started = time.perf_counter()
    assert load(path) == report
    assert time.perf_counter() - started < 10


def test_missing_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingDependencyError, match="pip install openpyxl"):
        write_form(None)
    with pytest.raises(MissingDependencyError):
        loads_form(b"PK")


# --------------------------------------------------------------------------- renderer


def test_renderer_attributes() -> None:
    renderer = XlsxRenderer()
    assert renderer.name == "xlsx"
    assert renderer.suffixes == (".xlsx",)
    assert renderer.media_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert renderer.default_template is None
    assert renderer.render(BASE)[:2] == b"PK"


def test_renderer_refuses_a_template() -> None:
    with pytest.raises(TemplateError, match="xlsx"):
        XlsxRenderer().render(BASE, template="mau.docx")


# --------------------------------------------------------------------------- command line


def test_cli_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "mau-nhap-lieu.xlsx"
    assert (
        main(["form", "-o", str(out), "--nam", "2024", "--ten", "Huyền Tung", "--cap", "Xã"]) == 0
    )
    assert str(out) in capsys.readouterr().out
    assert loads_form(out.read_bytes()) == BaoCao(2024, DonVi("Huyền Tung", "xa"))
    assert main(["form", "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["form", "-o", str(out), "--force"]) == 0


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-o", "mau.docx"], ".xlsx"),
        (["-o", "mau.xlsx", "--ten", "A"], "--cap"),
        (["-o", "mau.xlsx", "--cap", "xa"], "--ten"),
        (["-o", "mau.xlsx", "--ten", "A", "--cap", "Làng"], "Làng"),
    ],
)
def test_cli_form_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    args = [str(tmp_path / a) if a.startswith("mau.") else a for a in args]
    assert main(["form", *args]) == 2
    assert expected in capsys.readouterr().err


def test_lone_surrogates_written_to_the_form_are_refused_on_their_cells(tmp_path: Path) -> None:
    # A lone surrogate is no character: like every reader, the form refuses it on load
    # (it used to round-trip, then crash every UTF-8 writer).
    report = BaoCao(2023, DonVi("Xã \ud800 A", "xa"), hoat_dong=(HoatDong("B \udfff", 1),))
    path = tmp_path / "x.xlsx"
    path.write_bytes(bdg.render(report, "xlsx"))
    with pytest.raises(DataError) as caught:
        bdg.load(path)
    lines = caught.value.lines
    assert any("Đơn vị!B6" in line and "U+D800" in line for line in lines), lines
    assert any("Hoạt động!B7" in line and "U+DFFF" in line for line in lines), lines


def test_text_too_long_for_a_cell_is_refused_not_cut() -> None:
    report = BaoCao(2023, DonVi("X", "xa"), hoat_dong=(HoatDong("a" * 40_000, 1),))
    with pytest.raises(DataError) as caught:
        bdg.render(report, "xlsx")
    (issue,) = caught.value.issues
    assert issue.path == "Hoạt động!B7"
    assert "40.000 ký tự, quá giới hạn 32.767" in issue.message
