"""The calamine path of the form reader against the openpyxl path (the reference).

``_grid._FAST`` switches calamine off. Both paths must give equal reports and equal
messages on every form; the scan sends to openpyxl what calamine cannot tell.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.cell.cell import MergedCell

import binhdanggioi as bdg
from binhdanggioi.errors import DataError
from binhdanggioi.formats.xlsx import _archive, _grid, _scan, loads_form, write_form
from binhdanggioi.model import BaoCao
from strategies import bao_caos, examples


@contextmanager
def _openpyxl_only() -> Iterator[None]:
    saved = _grid._FAST
    _grid._FAST = False
    try:
        yield
    finally:
        _grid._FAST = saved


def _outcome(data: bytes) -> Any:
    try:
        return loads_form(data)
    except DataError as err:
        return [(issue.path, issue.message) for issue in err.issues]


def _same(data: bytes) -> Any:
    fast = _outcome(data)
    with _openpyxl_only():
        slow = _outcome(data)
    assert fast == slow
    return fast


@contextmanager
def _calamine_used() -> Iterator[list[bool]]:
    """Record whether calamine read each workbook (``False``: openpyxl did)."""
    used: list[bool] = []
    original = _grid._calamine_grids

    def spy(*args: Any) -> Any:
        found = original(*args)
        used.append(found is not None)
        return found

    _grid._calamine_grids = spy  # type: ignore[assignment]
    try:
        yield used
    finally:
        _grid._calamine_grids = original  # type: ignore[assignment]


@pytest.mark.slow
@examples(25)
@given(bao_caos(valid=False, max_rows=3))
def test_a_written_form_reads_alike_and_by_calamine(report: BaoCao) -> None:
    data = write_form(None, bao_cao=report)
    with _calamine_used() as used:
        assert _same(data) == report
    # Escaped text (control characters, a literal "_x0041_") is left to openpyxl.
    assert used == [not _escaped(data)]


def _escaped(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(
            _scan._ESCAPE.search(archive.read(name))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )


def test_the_example_and_a_blank_form_are_read_by_calamine() -> None:
    with _calamine_used() as used:
        assert _same(write_form(None, bao_cao=bdg.load(bdg.example_path()))) == bdg.load(
            bdg.example_path()
        )
        _same(write_form(None))
    assert used == [True, True]


_FORM = write_form(None, bao_cao=bdg.loads("nam: 2023\ndon_vi: {ten: Quân Hà, cap: xa}\n"))
_CELL_VALUE = (
    st.none()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=10)
    | st.sampled_from(["_xD800_", "1.000.000", "1e400", "=1/0", "=E7+F7", "#N/A", "Có", ""])
    | st.booleans()
    | st.dates()
    | st.datetimes()
)
_FORMATS = st.sampled_from(
    ["General", "0%", "@", "#,##0", "dd/mm/yyyy", '0"%"', "d-mmm-yy", "h:mm", "[h]:mm", "0.00E+00"]
)


@pytest.mark.slow
@examples(40)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Đơn vị", "Hoạt động", "Kế hoạch", "Kinh phí", "Nội dung"]),
            st.integers(1, 12),
            st.integers(1, 12),
            _CELL_VALUE,
            _FORMATS,
        ),
        min_size=1,
        max_size=8,
    )
)
def test_a_form_edited_anyhow_reads_alike(cells: list[tuple[str, int, int, Any, str]]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(_FORM))
    for sheet, row, column, value, number_format in cells:
        cell = book[sheet].cell(row + 3, column)
        if isinstance(cell, MergedCell):
            continue
        cell.value = value
        cell.number_format = number_format
    out = io.BytesIO()
    book.save(out)
    _same(out.getvalue())


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("#,##0", _archive.PLAIN),
        ("0", _archive.PLAIN),
        ('#,##0" đồng"', _archive.PLAIN),
        ("dd/mm/yyyy", _archive.DATE),
        ("[$-42A]d mmmm yyyy", _archive.DATE),
        ("0%", _archive.OTHER),
        ("h:mm", _archive.OTHER),
        ("dd/mm/yyyy hh:mm", _archive.OTHER),
        ("0.00E+00", _archive.OTHER),
    ],
)
def test_number_formats_are_told_apart(code: str, kind: int) -> None:
    assert _archive._format_kind(code) == kind


def test_without_calamine_openpyxl_reads_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "python_calamine", None)
    report = bdg.load(bdg.example_path())
    assert loads_form(write_form(None, bao_cao=report)) == report
