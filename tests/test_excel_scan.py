"""The fast reader's own shortcuts: cells matched whole by the scan, parts inflated
straight from the file's bytes, date cells calamine would panic on.

Each shortcut must keep what the slow way says: the same limits and messages, the
same bytes as zipfile (or zipfile itself when anything is unusual), the same report.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import openpyxl
import pytest

import binhdanggioi as bdg
from binhdanggioi.errors import DataError
from binhdanggioi.formats.xlsx import _archive, _grid, loads_form, write_form
from binhdanggioi.formats.xlsx.layout import _MAX_ROW_CELLS

_SMALL = "nam: 2023\ndon_vi: {ten: Quân Hà, cap: xa}\n"


def _form() -> bytes:
    return write_form(None, bao_cao=bdg.loads(_SMALL))


def _outcome(data: bytes) -> Any:
    try:
        return loads_form(data)
    except DataError as err:
        return [(issue.path, issue.message) for issue in err.issues]


def _both(data: bytes) -> tuple[Any, Any]:
    """What calamine's path and openpyxl's path make of ``data``."""
    fast = _outcome(data)
    saved, _grid._FAST = _grid._FAST, False
    try:
        return fast, _outcome(data)
    finally:
        _grid._FAST = saved


def _patched(rows: bytes) -> bytes:
    """The form with ``rows`` (sheet XML) added at the end of the "Hoạt động" sheet."""
    data = _form()
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


# --------------------------------------------------------------------------- cells matched whole


@pytest.mark.parametrize(
    "cell",
    [
        b'<c r="B900" s="0" t="inlineStr"><is><t>x</t></is></c>',
        b'<c r="E900" s="0"><v>1</v></c>',
        b'<c r="E900" t="n"></c>',
    ],
    ids=["text", "number", "empty"],
)
def test_cells_written_the_usual_way_count_toward_the_row_limit(cell: bytes) -> None:
    fast, slow = _both(_patched(b'<row r="900">' + cell * (_MAX_ROW_CELLS + 1) + b"</row>"))
    assert fast == slow
    assert fast[0][1].startswith(f"dòng 900 có hơn {_MAX_ROW_CELLS} ô"), fast


def test_a_long_number_after_cells_matched_whole_names_its_own_cell() -> None:
    rows = b'<row r="900"><c r="B900" t="inlineStr"><is><t>x</t></is></c><c r="D900"><v>2</v></c>'
    rows += b'<c r="E900"><v>' + b"9" * 5000 + b"</v></c></row>"
    fast, slow = _both(_patched(rows))
    assert fast == slow
    assert fast[0][0] == "Hoạt động!E900", fast


def test_a_blank_text_among_cells_matched_whole_goes_to_openpyxl() -> None:
    rows = b'<row r="7"><c r="B7" t="inlineStr"><is><t>Hoi nghi</t></is></c>'
    rows += b'<c r="D7"><v>3</v></c><c r="I7" t="inlineStr"><is><t></t></is></c></row>'
    fast, slow = _both(_patched(rows))
    assert fast == slow


# --------------------------------------------------------------------------- dates


def _with_date_cell(value: float) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(_form()))
    sheet = book["Hoạt động"]
    sheet["B7"] = "Hội nghị"
    sheet["D7"] = value
    sheet["D7"].number_format = "dd/mm/yyyy"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("value", [-99_999_999_999_999, -5, 60, 45_000.5, 2_958_466])
def test_a_date_cell_calamine_cannot_read_is_left_to_openpyxl_without_a_panic(
    value: float, capfd: pytest.CaptureFixture[str]
) -> None:
    fast, slow = _both(_with_date_cell(value))
    assert fast == slow
    # calamine never saw the cell: Rust prints nothing on stderr ("thread ... panicked").
    assert "panicked" not in capfd.readouterr().err


def test_a_calendar_day_is_read_by_calamine() -> None:
    used: list[bool] = []
    original = _grid._calamine_grids

    def spy(*args: Any) -> Any:
        found = original(*args)
        used.append(found is not None)
        return found

    _grid._calamine_grids = spy  # type: ignore[assignment]
    try:
        fast, slow = _both(_with_date_cell(45_000))
    finally:
        _grid._calamine_grids = original  # type: ignore[assignment]
    assert fast == slow
    assert used == [True]


# --------------------------------------------------------------------------- parts inflated


def test_every_part_inflated_straight_is_what_zipfile_reads() -> None:
    data = _form()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            assert _archive._inflated(data, info) == archive.read(info), info.filename


def _rebuilt(data: bytes, change: Any) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info), *change(info))
    return out.getvalue()


def test_a_stored_part_is_left_to_zipfile() -> None:
    data = _rebuilt(_form(), lambda info: (zipfile.ZIP_STORED,))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("xl/workbook.xml")
        assert _archive._inflated(data, info) is None
        with _archive._open_part(archive, data, info) as stream:
            assert stream.read() == archive.read(info)
    assert loads_form(data) == bdg.loads(_SMALL)


def _listed_crc_flipped(data: bytes, name: str) -> bytes:
    """``data`` with the CRC of part ``name`` wrong in the central directory."""
    entry = data.index(name.encode(), data.index(b"PK\x01\x02")) - 46
    crc = entry + 16
    return data[:crc] + bytes([data[crc] ^ 1]) + data[crc + 1 :]


def _local_name_changed(data: bytes, name: str) -> bytes:
    """``data`` with part ``name`` named otherwise in its local header."""
    found = data.index(name.encode())
    return data[:found] + name.upper().encode() + data[found + len(name) :]


@pytest.mark.parametrize("damage", [_listed_crc_flipped, _local_name_changed])
def test_a_part_whose_crc_or_name_is_wrong_is_left_to_zipfile(damage: Any) -> None:
    damaged = damage(_form(), "xl/workbook.xml")
    with zipfile.ZipFile(io.BytesIO(damaged)) as archive:
        info = archive.getinfo("xl/workbook.xml")
        assert _archive._inflated(damaged, info) is None
        with pytest.raises(zipfile.BadZipFile):
            archive.read(info)
    fast, slow = _both(damaged)
    assert fast == slow
    assert "tệp .xlsx bị hỏng" in fast[0][1]


@pytest.mark.parametrize("name", ["xl/workbook.xml", "xl/styles.xml", "xl/worksheets/sheet3.xml"])
def test_a_part_that_does_not_inflate_is_a_damaged_file_not_a_traceback(name: str) -> None:
    data = _form()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        at = archive.getinfo(name).header_offset + 30 + len(name) + 7
    damaged = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    with pytest.raises(DataError, match=r"tệp \.xlsx bị hỏng"):
        loads_form(damaged)
