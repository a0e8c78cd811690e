"""The plan's Excel form: written blank or filled, read back strictly, each problem at its cell."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import binhdanggioi as bdg
from binhdanggioi.cli import main
from binhdanggioi.errors import DataError
from binhdanggioi.formats.xlsx import (
    PLAN_SHEETS,
    load_plan_form,
    loads_plan_form,
    write_form,
    write_plan_form,
)
from binhdanggioi.formats.xlsx.plan_layout import _iter_plan_paths
from binhdanggioi.ke_hoach import (
    HoatDongKeHoach,
    KeHoachTrienKhai,
    KinhPhiKeHoach,
    ThoiGian,
    TrachNhiem,
)
from binhdanggioi.ke_hoach_io import load_plan, plan_example_path
from binhdanggioi.model import ChuKy, KeHoach, NgayThang, NoiNhan, VanBan
from binhdanggioi.vocabulary import BANG_BAO_CAO
from strategies import _CHI_TIEU, caps, don_vis, examples, ngay_thangs, so_nguois, texts
from test_excel import _leaf_paths

EXAMPLE = load_plan(plan_example_path())
FIRST = 7  # first data row of the activities sheet (two header rows, then the hidden keys)


def edited(tmp_path: Path, edit: Callable[[Any], None], plan: KeHoachTrienKhai = EXAMPLE) -> Path:
    """The form filled with ``plan``, edited with openpyxl as a person edits it in Excel."""
    book = openpyxl.load_workbook(io.BytesIO(write_plan_form(None, plan=plan)))
    edit(book)
    path = tmp_path / "ke-hoach.xlsx"
    book.save(path)
    return path


def problems(path: Path) -> dict[str, str]:
    with pytest.raises(DataError) as info:
        load_plan(path)
    assert all(issue.source == str(path) for issue in info.value.issues)
    return {issue.path: issue.message for issue in info.value.issues}


# --------------------------------------------------------------------------- round trip


def test_example_plan_round_trips_through_the_form(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.xlsx"
    data = write_plan_form(path, plan=EXAMPLE)
    assert path.read_bytes() == data
    assert load_plan_form(path) == EXAMPLE
    assert load_plan(path) == EXAMPLE  # the .xlsx route of load_plan
    assert bdg.load_plan(path) == EXAMPLE


def test_every_field_of_the_plan_has_a_home_in_the_form() -> None:
    covered = set(_iter_plan_paths())
    # A target is never "incomplete": the report's mark has no place in a plan's form.
    without = {"hoat_dong[].nguoi.chua_day_du"}
    missing = [p for p in _leaf_paths(KeHoachTrienKhai) if p not in covered | without]
    assert missing == []


_TIME = st.builds(lambda a, b: (a, b), st.none() | ngay_thangs(2023), st.none() | ngay_thangs(2023))


@st.composite
def _times(draw: st.DrawFn) -> ThoiGian | None:
    tu, den = draw(_TIME)
    if tu is not None and den is not None:
        if (tu.thang is None) != (den.thang is None) or (tu.ngay is None) != (den.ngay is None):
            den = None  # one precision: "2023" to "2023-11" compares oddly
        elif str(den) < str(tu):
            tu, den = den, tu
    if tu is None and den is None:
        return None
    return ThoiGian(tu=tu, den=den)


_LINES = st.lists(texts(min_size=1, blank=False), max_size=3).map(tuple)
_TEXT = st.none() | texts(min_size=1, blank=False)


@st.composite
def plans(draw: st.DrawFn) -> KeHoachTrienKhai:
    """Plans of 2023 with every part drawn: what the form must give back exactly."""
    activities = draw(
        st.lists(
            st.builds(
                HoatDongKeHoach,
                ten=texts(min_size=1, blank=False),
                bang=st.sampled_from(tuple(BANG_BAO_CAO)),
                chi_tieu=st.none() | st.sampled_from(_CHI_TIEU),
                ma=st.none() | st.from_regex(r"ma-[a-z0-9]{1,8}", fullmatch=True),
                so_luong=st.none() | st.integers(0, 10**9),
                nguoi=so_nguois(),
                cap=caps(nam=2023),
                chu_tri=_TEXT,
                phoi_hop=_LINES,
                thoi_gian=_times(),
                dia_diem=_TEXT,
                kinh_phi=st.none() | st.integers(0, 10**11),
                ghi_chu=_TEXT,
            ),
            max_size=4,
        )
    )
    bodies = draw(st.lists(texts(min_size=1, blank=False), max_size=3, unique_by=str.strip))
    return KeHoachTrienKhai(
        2023,
        draw(don_vis(nam=2023)),
        van_ban=VanBan(
            co_quan=draw(_TEXT),
            so=draw(_TEXT),
            ky_hieu=draw(_TEXT),
            ngay=draw(st.none() | ngay_thangs(2023)),
            trich_yeu=draw(_TEXT),
        ),
        can_cu=tuple(
            KeHoach(so, ngay=day, co_quan=issuer)
            for so, day, issuer in draw(
                st.lists(
                    st.tuples(
                        texts(min_size=1, blank=False),
                        st.none() | st.dates(date(2020, 1, 1), date(2023, 12, 31)),
                        _TEXT,
                    ),
                    max_size=2,
                )
            )
        ),
        loi_dan=draw(_TEXT),
        muc_dich=draw(_LINES),
        yeu_cau=draw(_LINES),
        hoat_dong=tuple(activities),
        kinh_phi=KinhPhiKeHoach(
            ngan_sach_nha_nuoc=draw(st.none() | st.integers(0, 10**11)),
            nguon_khac=draw(st.none() | st.integers(0, 10**11)),
            ghi_chu=draw(_LINES),
        ),
        to_chuc_thuc_hien=tuple(TrachNhiem(b, draw(_LINES)) for b in bodies),
        ket_luan=draw(_TEXT),
        noi_nhan=NoiNhan(ban_dien_tu=draw(_LINES), ban_giay=draw(_LINES)),
        chu_ky=ChuKy(quyen_han=draw(_LINES), chuc_vu=draw(_TEXT), ho_ten=draw(_TEXT)),
    )


@examples(30)
@given(plans())
def test_any_plan_round_trips_through_the_form(plan: KeHoachTrienKhai) -> None:
    assert loads_plan_form(write_plan_form(None, plan=plan)) == plan


# --------------------------------------------------------------------------- the blank form


def test_blank_form_layout() -> None:
    book = openpyxl.load_workbook(io.BytesIO(write_plan_form(None, nam=2023)))
    assert book.sheetnames == list(PLAN_SHEETS)
    assert book["Danh mục"].sheet_state == "hidden"
    sheet = book["Hoạt động"]
    assert [sheet.cell(4, j).value for j in (2, 3, 4, 10, 11, 12)] == [
        "Nội dung hoạt động",
        "Bảng báo cáo",
        "Chỉ tiêu danh mục (chọn)",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp (mỗi đơn vị một dòng)",
        "Thời gian",
    ]
    assert sheet.row_dimensions[6].hidden

    def rule(cell: str) -> Any:
        return next(dv for dv in sheet.data_validations.dataValidation if cell in dv.sqref)

    assert rule("C7").type == "list" and rule("C7").errorStyle == "stop"
    assert "Danh mục" in rule("D7").formula1
    assert rule("E7").type == "whole"
    assert book["Văn bản"]["B5"].value == 2023


def test_blank_form_names_the_required_cells() -> None:
    with pytest.raises(DataError) as info:
        loads_plan_form(write_plan_form(None))
    found = {i.path: i.message for i in info.value.issues}
    assert set(found) == {"Văn bản!B5", "Văn bản!B6", "Văn bản!B7"}
    assert all(m.startswith("mẫu kế hoạch chưa điền") for m in found.values())
    assert "'Năm'" in found["Văn bản!B5"] and "bắt buộc" in found["Văn bản!B5"]


def test_form_with_only_the_year_names_what_is_left() -> None:
    with pytest.raises(DataError) as info:
        loads_plan_form(write_plan_form(None, nam=2023))
    found = {i.path: i.message for i in info.value.issues}
    assert found == {
        "Văn bản!B6": "chưa ghi 'Tên đơn vị' (ô bắt buộc)",
        "Văn bản!B7": "chưa ghi 'Cấp của đơn vị' (ô bắt buộc)",
    }


def test_write_plan_form_refuses_a_year_that_contradicts_the_plan() -> None:
    with pytest.raises(ValueError, match="2022"):
        write_plan_form(None, plan=EXAMPLE, nam=2022)


# --------------------------------------------------------------------------- located problems


def test_values_of_the_wrong_kind_are_named_at_their_cells(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        sheet = book["Hoạt động"]
        sheet[f"E{FIRST}"] = "nhiều"  # a count
        sheet[f"C{FIRST + 1}"] = "Bảng 9"  # no such table
        sheet[f"L{FIRST + 2}"] = "15/11/2023 - 10/11/2023"  # ends before it starts
        sheet[f"L{FIRST + 3}"] = "tuần sau"  # no time at all
        sheet[f"I{FIRST + 4}"] = "Làng"  # no such level
        sheet[f"N{FIRST + 5}"] = 1.5  # money in whole đồng
        book["Kinh phí"]["B5"] = "ba triệu"
        book["Văn bản"]["B7"] = "Thôn"

    found = problems(edited(tmp_path, edit))
    assert list(found) == [
        "Văn bản!B7",
        f"Hoạt động!E{FIRST}",
        f"Hoạt động!C{FIRST + 1}",
        f"Hoạt động!L{FIRST + 2}",
        f"Hoạt động!L{FIRST + 3}",
        f"Hoạt động!I{FIRST + 4}",
        f"Hoạt động!N{FIRST + 5}",
        "Kinh phí!B5",
    ]
    assert (
        found[f"Hoạt động!E{FIRST}"].startswith("Số lượng: ")
        and "nhiều" in found[f"Hoạt động!E{FIRST}"]
    )
    assert "không có bảng 'Bảng 9'" in found[f"Hoạt động!C{FIRST + 1}"]
    assert "trước thời gian bắt đầu" in found[f"Hoạt động!L{FIRST + 2}"]
    assert found[f"Hoạt động!L{FIRST + 3}"].startswith("Thời gian: không hiểu 'tuần sau'")
    assert "số thập phân" in found[f"Hoạt động!N{FIRST + 5}"]
    assert "Ngân sách nhà nước" in found["Kinh phí!B5"]
    assert "Thôn" in found["Văn bản!B7"]


def test_an_activity_without_a_name(tmp_path: Path) -> None:
    found = problems(edited(tmp_path, lambda b: b["Hoạt động"].__setitem__(f"B{FIRST}", None)))
    assert found == {f"Hoạt động!B{FIRST}": "chưa ghi 'Nội dung hoạt động' (ô bắt buộc)"}


def test_people_type_tables_times_and_tasks_their_own_way(tmp_path: Path) -> None:
    plan = KeHoachTrienKhai(EXAMPLE.nam, EXAMPLE.don_vi)

    def edit(book: Any) -> None:
        sheet = book["Hoạt động"]
        sheet[f"B{FIRST}"], sheet[f"C{FIRST}"] = "Băng rôn", "sản phẩm"
        sheet[f"D{FIRST}"], sheet[f"L{FIRST}"] = "Băng rôn, khẩu hiệu", "đến 15/11/2023"
        sheet[f"B{FIRST + 1}"], sheet[f"L{FIRST + 1}"] = "Hội nghị", "từ 11/2023 đến 12/2023"
        duties = book["Tổ chức thực hiện"]
        duties["B6"], duties["C6"] = "Phòng Văn hóa", "Đưa tin"
        duties["C7"] = "Treo băng rôn"  # the same body: its name is left blank
        duties["B8"], duties["C8"] = "Phòng Văn hóa", "Báo cáo"  # or written again
        duties["B9"] = "UBND các xã"  # a body without a task
        aims = book["Mục đích yêu cầu"]
        aims["C6"], aims["B7"], aims["C7"] = "Nâng cao nhận thức", "yêu cầu", "Thiết thực"

    got = load_plan(edited(tmp_path, edit, plan))
    first, second = got.hoat_dong
    assert (first.bang, first.chi_tieu) == ("san_pham", "bang-ron-khau-hieu")
    assert first.thoi_gian == ThoiGian(den=NgayThang(2023, 11, 15))
    assert second.thoi_gian == ThoiGian(NgayThang(2023, 11), NgayThang(2023, 12))
    assert got.to_chuc_thuc_hien == (
        TrachNhiem("Phòng Văn hóa", ("Đưa tin", "Treo băng rôn", "Báo cáo")),
        TrachNhiem("UBND các xã"),
    )
    assert (got.muc_dich, got.yeu_cau) == (("Nâng cao nhận thức",), ("Thiết thực",))


def test_a_task_before_any_body(tmp_path: Path) -> None:
    plan = KeHoachTrienKhai(EXAMPLE.nam, EXAMPLE.don_vi)
    found = problems(
        edited(tmp_path, lambda b: b["Tổ chức thực hiện"].__setitem__("C6", "X"), plan)
    )
    assert (
        list(found) == ["Tổ chức thực hiện!B6"] and "tên cơ quan" in found["Tổ chức thực hiện!B6"]
    )


def test_messages_tell_how_to_make_a_new_plan_form(tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        book["Tổ chức thực hiện"].delete_rows(5)  # the hidden row of column keys

    found = problems(edited(tmp_path, edit))
    assert "form --ke-hoach" in found["Tổ chức thực hiện"]


# --------------------------------------------------------------------------- the wrong form


def test_the_report_reader_points_a_plan_form_to_load_plan(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.xlsx"
    write_plan_form(path, plan=EXAMPLE)
    with pytest.raises(DataError, match=r"mẫu nhập liệu kế hoạch.*load_plan\(\)"):
        bdg.load(path)


def test_the_plan_reader_points_a_report_form_to_load() -> None:
    with pytest.raises(DataError, match=r"mẫu nhập liệu báo cáo.*load\(\)"):
        loads_plan_form(write_form(None, nam=2023))


def test_a_missing_sheet_and_a_file_that_is_no_workbook(tmp_path: Path) -> None:
    found = problems(edited(tmp_path, lambda b: b.remove(b["Hoạt động"])))
    assert found == {"Hoạt động": "thiếu trang 'Hoạt động' của mẫu nhập liệu kế hoạch"}
    with pytest.raises(DataError, match="không phải bảng tính Excel"):
        loads_plan_form(b"loai_van_ban: ke-hoach\n")


def test_the_archive_checks_of_the_report_form_hold(tmp_path: Path) -> None:
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(DataError, match="tài liệu Word"):
        loads_plan_form(raw.getvalue())
    many = openpyxl.Workbook()
    for k in range(70):
        many.create_sheet(f"S{k}")
    buffer = io.BytesIO()
    many.save(buffer)
    with pytest.raises(DataError, match="quá giới hạn"):
        loads_plan_form(buffer.getvalue())


# --------------------------------------------------------------------------- command line


def test_cli_writes_a_blank_plan_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "ke-hoach.xlsx"
    assert main(["form", "--ke-hoach", "--nam", "2023", "-o", str(target)]) == 0
    assert openpyxl.load_workbook(target).sheetnames == list(PLAN_SHEETS)
    assert "--tu-ke-hoach" in capsys.readouterr().out
    assert main(["form", "--ke-hoach", "--ten", "X", "--cap", "xa", "-o", str(target)]) != 0
    filled = attrs.evolve(EXAMPLE, chu_de=None)
    write_plan_form(target, plan=filled)
    skeleton = tmp_path / "bao-cao"
    assert main(["init", "--tu-ke-hoach", str(target), str(skeleton)]) == 0


def test_the_command_line_knows_a_plan_form_from_a_report_form(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_form = tmp_path / "ke-hoach.xlsx"
    write_plan_form(plan_form, plan=load_plan(plan_example_path()))
    report_form = tmp_path / "bao-cao.xlsx"
    bdg.write_form(report_form, bao_cao=bdg.load(bdg.example_path()))
    assert main(["validate", str(plan_form), str(report_form)]) == 0
    out = capsys.readouterr().out
    assert f"{plan_form}: hợp lệ" in out and f"{report_form}: hợp lệ" in out
    rendered = tmp_path / "ke-hoach.md"
    assert main(["render", str(plan_form), "-o", str(rendered)]) == 0
    assert "KẾ HOẠCH" in rendered.read_text(encoding="utf-8")
