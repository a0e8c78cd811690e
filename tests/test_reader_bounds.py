"""Bounds every reader keeps: figures, text, and the size of an Excel form.

The bound on figures is :data:`binhdanggioi.model.SO_LIEU_TOI_DA`; the limits of a
form are checked while its sheets stream in (``formats/xlsx/read.py``).
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import binhdanggioi as bdg
from binhdanggioi.errors import DataError
from binhdanggioi.formats.xlsx import loads_form
from binhdanggioi.formats.xlsx.layout import _MAX_ROW_CELLS, _MAX_ROWS, _MAX_SHEETS
from binhdanggioi.model import SO_LIEU_TOI_DA, BaoCao, HoatDong, KinhPhi, SoNguoi
from strategies import bao_caos, examples

SMALL = "nam: 2023\ndon_vi: {ten: Quân Hà, cap: xa, loai: xã}\n"


# --------------------------------------------------------------------------- text and numbers


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("json", '{"nam": 2023, "don_vi": {"ten": "X", "cap": "xa"}, "chi_dao": ["a\\udfff"]}'),
        ("yaml", 'nam: 2023\ndon_vi: {ten: X, cap: xa}\nchi_dao: ["a\\udfff"]\n'),
    ],
)
def test_a_lone_surrogate_in_a_list_is_refused_with_its_index(fmt: str, text: str) -> None:
    with pytest.raises(DataError) as info:
        bdg.loads(text, fmt)  # type: ignore[arg-type]
    (line,) = info.value.lines
    assert line.startswith("chi_dao[0]: văn bản chứa ký tự không hợp lệ (U+DFFF)")


def test_a_key_with_a_lone_surrogate_gives_a_printable_message() -> None:
    with pytest.raises(DataError) as info:
        bdg.loads('{"nam": 2023, "\\ud800": 1, "\\ud800": 2}', "json")
    for line in info.value.lines:
        line.encode("utf-8")  # no lone surrogate left to break printing
    assert "\\ud800" in info.value.lines[0]


def test_too_many_digits_in_text_are_refused_in_vietnamese() -> None:
    text = '{"nam": 2023, "don_vi": {"ten": "X", "cap": "xa"}, "kinh_phi": {"van_dong": "%s"}}'
    with pytest.raises(DataError) as info:
        bdg.loads(text % ("9" * 5000), "json")
    (line,) = info.value.lines
    assert (
        line
        == "kinh_phi.van_dong: kinh phí (đồng): số có 5000 chữ số, quá dài (tối đa 4300 chữ số)"
    )


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        (
            "json",
            '{"nam": 2023, "don_vi": {"ten": "X", "cap": "xa"}, "kinh_phi": {"van_dong": NaN}}',
        ),
        ("yaml", SMALL.replace("Quân Hà", "X") + "kinh_phi: {van_dong: .nan}\n"),
        ("toml", 'nam = 2023\n[don_vi]\nten = "X"\ncap = "xa"\n[kinh_phi]\nvan_dong = -inf\n'),
    ],
)
def test_nan_and_infinity_are_refused_on_their_field(fmt: str, text: str) -> None:
    with pytest.raises(DataError) as info:
        bdg.loads(text, fmt)  # type: ignore[arg-type]
    (line,) = info.value.lines
    assert line.startswith("kinh_phi.van_dong: kinh phí (đồng) phải là số nguyên")


@pytest.mark.parametrize(
    ("report", "path"),
    [
        (BaoCao(2023, bdg.DonVi("X", "xa"), kinh_phi=KinhPhi(10**21)), "ngan_sach_nha_nuoc"),
        (BaoCao(2023, bdg.DonVi("X", "xa"), kinh_phi=KinhPhi(-(10**15))), "ngan_sach_nha_nuoc"),
        (
            BaoCao(2023, bdg.DonVi("X", "xa"), hoat_dong=(HoatDong("A", 10**15, cap="xa"),)),
            "so_luong",
        ),
        (
            BaoCao(
                2023,
                bdg.DonVi("X", "xa"),
                hoat_dong=(HoatDong("A", 1, SoNguoi(nu=10**30), cap="xa"),),
            ),
            "nguoi.nu",
        ),
    ],
)
def test_a_figure_past_the_bound_is_an_error(report: BaoCao, path: str) -> None:
    found = [p for p in bdg.validate(report) if p.code == "so-qua-lon"]
    assert [p.path.endswith(path) for p in found] == [True], found
    assert "999.999.999.999.999" in found[0].message


def test_the_bound_itself_is_accepted_and_renders() -> None:
    report = BaoCao(
        2023,
        bdg.DonVi("X", "xa"),
        hoat_dong=(HoatDong("A", SO_LIEU_TOI_DA, SoNguoi(1, 2, SO_LIEU_TOI_DA), cap="xa"),),
        kinh_phi=KinhPhi(SO_LIEU_TOI_DA, SO_LIEU_TOI_DA),
    )
    assert not [p for p in bdg.validate(report) if p.code == "so-qua-lon"]
    for name in ("html", "markdown", "xlsx"):
        assert bdg.render(report, name)
    assert loads_form(bdg.render(report, "xlsx")) == report


_HUGE = (
    st.integers(0, SO_LIEU_TOI_DA)
    | st.sampled_from([SO_LIEU_TOI_DA, SO_LIEU_TOI_DA + 1, 10**21])
    | st.integers(0, 10**25)
)


@st.composite
def big_reports(draw: st.DrawFn) -> BaoCao:
    """A valid report, its figures pushed towards and past the bound."""
    report = draw(bao_caos(max_rows=2))
    rows = tuple(
        attrs.evolve(
            row,
            so_luong=draw(st.none() | _HUGE),
            so_luong_uoc_tinh=None,  # a qualifier needs a count, which may be absent here
            nguoi=SoNguoi(draw(_HUGE)),
        )
        for row in report.hoat_dong
    )
    money = KinhPhi(draw(st.none() | _HUGE), draw(st.none() | _HUGE))
    return attrs.evolve(report, hoat_dong=rows, kinh_phi=money)


@pytest.mark.slow
@examples(30)
@given(big_reports())
def test_every_report_validate_accepts_renders_in_every_format(report: BaoCao) -> None:
    assume(not any(p.is_error for p in bdg.validate(report)))
    for name in ("docx", "html", "markdown", "xlsx"):
        assert bdg.render(report, name)


# --------------------------------------------------------------------------- the Excel form


def _form() -> bytes:
    return bdg.write_form(None, bao_cao=bdg.loads(SMALL))


def _patched(rows: bytes, *, data: bytes | None = None) -> bytes:
    """The form with ``rows`` (sheet XML) added at the end of the "Hoạt động" sheet."""
    data = data or _form()
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    path = book["Hoạt động"]._worksheet_path  # type: ignore[union-attr]
    book.close()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == path:
                part = part.replace(b"</sheetData>", rows + b"</sheetData>")
            dst.writestr(info, part, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _refused(data: bytes) -> list[str]:
    with pytest.raises(DataError) as info:
        loads_form(data)
    return list(info.value.lines)


def test_a_sheet_of_250000_repeated_rows_is_refused_in_bounded_memory() -> None:
    row = b'<row r="%d"><c r="B%d" t="inlineStr"><is><t>H\xe1\xbb\x99i ngh\xe1\xbb\x8b</t></is></c>'
    row += b'<c r="E%d"><v>1</v></c></row>'
    data = _patched(b"".join(row % (i, i, i) for i in range(100, 250_100)))
    tracemalloc.start()
    try:
        lines = _refused(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert lines[0].startswith("Hoạt động: trang có hơn 10.000 dòng"), lines
    assert peak < 100 * 1024 * 1024, peak  # reading all of it took 1.5 GB


def test_a_lone_cell_far_below_is_refused_without_padding_a_million_rows() -> None:
    (line,) = _refused(_patched(b'<row r="1000000"><c r="E1000000"><v>1</v></c></row>'))
    assert line.startswith(f"Hoạt động: trang có hơn {_MAX_ROWS // 1000}.000 dòng;"), line


def test_a_row_of_too_many_cells_is_refused_before_it_is_built() -> None:
    lines = _refused(_patched(b'<row r="900">' + b"<c><v>1</v></c>" * 1_000_000 + b"</row>"))
    assert lines[0].startswith(f"Hoạt động: dòng 900 có hơn {_MAX_ROW_CELLS} ô"), lines


def test_a_number_too_long_for_python_is_refused_on_its_cell() -> None:
    cell = b'<row r="900"><c r="E900"><v>' + b"9" * 5000 + b"</v></c></row>"
    (line,) = _refused(_patched(cell))
    assert line.startswith("Hoạt động!E900: ô chứa số có 5000 chữ số, quá dài"), line


def test_too_many_sheets_are_refused() -> None:
    book = openpyxl.load_workbook(io.BytesIO(_form()))
    for i in range(_MAX_SHEETS):
        book.create_sheet(f"Thêm {i}")
    out = io.BytesIO()
    book.save(out)
    (line,) = _refused(out.getvalue())
    assert f"quá giới hạn {_MAX_SHEETS} trang" in line


def _book_with(**cells: Any) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(_form()))
    sheet = book["Hoạt động"]
    sheet["B7"] = "Hội nghị"
    for ref, (value, fmt) in cells.items():
        sheet[ref] = value
        sheet[ref].number_format = fmt
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_percent_formatted_zero_is_still_zero() -> None:
    report = loads_form(_book_with(D7=(0, "0%")))
    assert report.hoat_dong[0].so_luong == 0


def test_a_literal_percent_sign_is_not_a_percentage() -> None:
    report = loads_form(_book_with(D7=(5, '0" %"')))
    assert report.hoat_dong[0].so_luong == 5


def test_a_percent_formatted_budget_names_the_budget() -> None:
    book = openpyxl.load_workbook(io.BytesIO(_form()))
    sheet = book["Kinh phí"]
    cell = next(
        r[1] for r in sheet.iter_rows(min_row=1) if r[3].value == "kinh_phi.ngan_sach_nha_nuoc"
    )
    cell.value = 0.25
    cell.number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    (line,) = _refused(out.getvalue())
    assert f"Kinh phí!{cell.coordinate}" in line
    assert "ô đang định dạng phần trăm (25%); kinh phí phải là số nguyên" in line


def test_a_copied_form_sheet_is_an_error_naming_both() -> None:
    book = openpyxl.load_workbook(io.BytesIO(_form()))
    book.copy_worksheet(book["Truyền thông"]).title = "Truyền thông (2)"
    out = io.BytesIO()
    book.save(out)
    (line,) = _refused(out.getvalue())
    assert "'Truyền thông' và 'Truyền thông (2)'" in line
