"""Each sheet of the form as a grid of values: read by calamine, or by openpyxl.

calamine (Rust) reads cell values many times faster than openpyxl, but cannot
tell a formula without a computed value, an error cell or a number format. The
streaming scan (:mod:`._scan`) notes those on each sheet; a workbook where any
sheet of the form holds one (or anything else the two could read differently)
is read with openpyxl, as before, so that every message stays the same. openpyxl
is also the path when calamine is not installed, and when it cannot read a file.
"""

from __future__ import annotations

import datetime
import io
import math
import sys
import warnings
import zipfile
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from binhdanggioi.errors import DataError, DataIssue
from binhdanggioi.formats.xlsx._archive import (
    _Book,
    _book,
    _not_a_form,
    _open_part,
    _sheets_message,
)
from binhdanggioi.formats.xlsx._scan import _rows_message, _Scan, _scan, _too_big
from binhdanggioi.formats.xlsx.cells import _NOT_FINITE, _is_percent, _openpyxl
from binhdanggioi.formats.xlsx.layout import _MAX_ROWS, _MAX_SHEETS, _READ_COLUMNS

_FAST = True
"""Read with calamine when it can; ``False`` reads every form with openpyxl (benchmarks)."""

_FIRST_DATE = datetime.date(1900, 3, 1)  # before it, Excel's day numbers count a 29 February

_Matcher = Callable[[Sequence[str], str | None], tuple[dict[str, str], list[DataIssue]]]


@attrs.define
class _Grid:
    """The cells of one sheet, as read: values and what was wrong with some of them.

    ``errors`` holds formula errors (``#DIV/0!``), ``refused`` cells that cannot be
    read at all (why, in Vietnamese), ``percent`` number cells shown as a percentage.
    """

    title: str
    values: list[tuple[Any, ...]]
    errors: dict[tuple[int, int], str]
    uncalculated: set[tuple[int, int]]
    merges: list[tuple[int, int, int, int]]
    refused: dict[tuple[int, int], str] = attrs.Factory(dict)
    percent: set[tuple[int, int]] = attrs.Factory(set)

    def flagged(self, row: int, column: int) -> bool:
        """The cell holds something that is not a value: it must be reported, not skipped."""
        spot = (row, column)
        return spot in self.errors or spot in self.uncalculated or spot in self.refused

    @property
    def marked(self) -> bool:
        """Some cell is flagged or shown as a percentage."""
        return bool(self.errors or self.uncalculated or self.refused or self.percent)

    def get(self, row: int, column: int) -> Any:
        if row > len(self.values):
            return None
        cells = self.values[row - 1]
        return cells[column - 1] if column <= len(cells) else None


def read_grids(
    data: bytes, archive: zipfile.ZipFile, source: str | None, match: _Matcher
) -> tuple[dict[str, _Grid], list[DataIssue]]:
    """The grid of each sheet of the form, and the issues of missing sheets.

    ``match`` maps the form's sheets to the workbook's (``read._match_sheets``).
    """
    try:
        if _FAST and (calamine := _calamine()) is not None:
            found = _calamine_grids(calamine, data, archive, source, match)
            if found is not None:
                return found
        return _openpyxl_grids(data, archive, source, match)
    except DataError as err:
        raise err.with_source(source) if source else err from None


# --------------------------------------------------------------------------- calamine


class _NotPlain(Exception):
    """The workbook holds what only openpyxl reads as the form needs."""


def _calamine() -> Any:
    """The python_calamine module, imported on the first form read; ``None`` if missing."""
    try:
        import python_calamine
    except ImportError:
        return None
    return python_calamine


def _calamine_grids(
    calamine: Any, data: bytes, archive: zipfile.ZipFile, source: str | None, match: _Matcher
) -> tuple[dict[str, _Grid], list[DataIssue]] | None:
    """The grids read by calamine, or ``None`` when openpyxl must read the workbook."""
    book = _book(archive, data)
    if book is None:
        return None
    names = list(book.sheets)
    if len(names) > _MAX_SHEETS:
        raise _not_a_form(_sheets_message(len(names)), source)
    sheets, missing = match(names, source)
    try:
        workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except BaseException as err:
        if not _calamine_failed(err):
            raise
        return None  # openpyxl says what is wrong with the file, in its own words
    try:
        if list(workbook.sheet_names) != names:
            return None
        grids = {}
        for sheet, actual in sheets.items():
            grids[sheet] = _calamine_grid(workbook, actual, book, (archive, data))
    except _NotPlain:
        return None
    except DataError:
        raise
    except BaseException as err:
        if not _calamine_failed(err):
            raise
        return None
    finally:
        workbook.close()
    return grids, missing


def _calamine_failed(err: BaseException) -> bool:
    """Whether calamine could not read the file: a Python error, or a Rust panic that
    pyo3 turns into ``PanicException`` (a ``BaseException``, so ``except Exception``
    misses it; a date out of range is one). Ctrl-C and exits are never swallowed."""
    return isinstance(err, Exception) or type(err).__name__ == "PanicException"


def _calamine_grid(
    workbook: Any, title: str, book: _Book, container: tuple[zipfile.ZipFile, bytes]
) -> _Grid:
    archive, data = container
    with _open_part(archive, data, archive.NameToInfo[book.sheets[title]]) as stream:
        scan = _scan(stream, title, book.styles)
    if not scan.plain:
        raise _NotPlain(title)
    sheet = workbook.get_sheet_by_name(title)
    start = sheet.start or (0, 0)
    rows = sheet.to_python(skip_empty_area=False)
    grid = _Grid(title, [], {}, set(), list(scan.merges))
    dates = 0
    for r, row in enumerate(rows, start=1):
        cells = row[:_READ_COLUMNS]
        kinds = set(map(type, cells))
        # calamine's empty cell is ""; empty text went to openpyxl (the scan saw to it).
        values = [value or None if type(value) is str else value for value in cells]
        if float in kinds:
            _whole_numbers(values, r, grid)
        if not kinds <= _TEXT_AND_NUMBERS:
            for c, value in enumerate(cells):
                if type(value) not in _TEXT_AND_NUMBERS:
                    values[c] = _as_openpyxl_date(value)
                    dates += 1
        grid.values.append(tuple(values))
    if start != (0, 0) and rows and len(rows[0]) != sheet.width:
        raise _NotPlain(title)  # calamine left the empty area out after all
    if dates != scan.dates:
        raise _NotPlain(title)  # calamine and openpyxl disagree on which cells are dates
    return grid


_TEXT_AND_NUMBERS = frozenset({str, float, int, bool})


def _whole_numbers(values: list[Any], r: int, grid: _Grid) -> None:
    """The floats of row ``r`` as :func:`_calamine_grid` reads each cell."""
    for c in [c for c, value in enumerate(values) if type(value) is float]:
        value = values[c]
        if not math.isfinite(value):
            grid.refused[(r, c + 1)] = _NOT_FINITE
            values[c] = None
        elif value.is_integer():
            values[c] = int(value)  # openpyxl reads "<v>12</v>" as 12


def _as_openpyxl_date(value: Any) -> datetime.datetime:
    """A date cell as openpyxl gives it (midnight), or :class:`_NotPlain` when unsure."""
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time() or value.date() < _FIRST_DATE:
            raise _NotPlain(value)
        return value
    if isinstance(value, datetime.date) and value >= _FIRST_DATE:
        return datetime.datetime.combine(value, datetime.time())
    raise _NotPlain(value)


_openpyxl_found = False  # once found, not searched for again on every form


def _openpyxl_needed() -> None:
    """Refuse at once when openpyxl is missing: the path that explains every file needs it."""
    global _openpyxl_found
    if _openpyxl_found and sys.modules.get("openpyxl", False) is not None:
        return  # imported, or found before and not blocked since (sys.modules[...] = None)
    import importlib.util

    try:
        found = importlib.util.find_spec("openpyxl") is not None
    except ValueError:
        found = False
    if not found:
        _openpyxl()
    _openpyxl_found = True


# --------------------------------------------------------------------------- openpyxl


def _openpyxl_grids(
    data: bytes, archive: zipfile.ZipFile, source: str | None, match: _Matcher
) -> tuple[dict[str, _Grid], list[DataIssue]]:
    """The grids read by openpyxl in read-only mode (a second pass for bare formulas)."""
    xl = _openpyxl()
    opened: list[Any] = []

    def open_workbook(data_only: bool) -> Any:
        wb = xl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False
        )
        opened.append(wb)
        return wb

    formula_books: list[Any] = []

    def formulas() -> Any:
        if not formula_books:
            formula_books.append(open_workbook(False))
        return formula_books[0]

    try:
        # openpyxl warns about every Excel feature it skips (the drop-downs Excel
        # saves as extensions, for one): nothing a reader of the form can act on.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # openpyxl raises many kinds of errors on a damaged file; each becomes one
            # clear message instead of a traceback.
            try:
                workbook = open_workbook(True)
                names = list(workbook.sheetnames)
                if len(names) > _MAX_SHEETS:
                    raise _not_a_form(_sheets_message(len(names)), source)
                sheets, missing = match(names, source)
                grids = {}
                for sheet, actual in sheets.items():
                    ws = workbook[actual]
                    path = getattr(ws, "_worksheet_path", None)
                    scan = None
                    if isinstance(path, str) and path in archive.NameToInfo:
                        with _open_part(archive, data, archive.NameToInfo[path]) as stream:
                            scan = _scan(stream, actual)
                    grids[sheet] = _grid(ws, scan, formulas)
            except DataError:
                raise
            except Exception as err:
                raise _not_a_form(
                    f"tệp .xlsx bị hỏng, không đọc được ({type(err).__name__}: {err}); mở "
                    "bằng Excel và lưu lại, hoặc chép số liệu sang mẫu mới",
                    source,
                ) from err
    finally:
        for wb in opened:
            wb.close()
    return grids, missing


def _rows(ws: Any, title: str) -> Iterable[tuple[int, Any]]:
    """The rows of a sheet with their numbers, refused past :data:`_MAX_ROWS`.

    openpyxl makes up the empty rows a sheet skips (a lone cell on row 1.000.000),
    so the rows are counted as they come, not only as the XML writes them.
    """
    ws.reset_dimensions()  # a wrong <dimension> must not cut cells off
    rows = ws.iter_rows(max_col=_READ_COLUMNS, max_row=_MAX_ROWS + 1)
    for r, row in enumerate(rows, start=1):
        if r > _MAX_ROWS:
            raise _too_big(title, _rows_message())
        yield r, row


def _grid(ws: Any, scan: _Scan | None, formulas: Any) -> _Grid:
    """Read one sheet (values cached by Excel), noting errors, merges and bare formulas."""
    values: list[tuple[Any, ...]] = []
    grid = _Grid(ws.title, values, {}, set(), list(scan.merges) if scan else [])
    for r, row in _rows(ws, ws.title):
        cells = []
        for c, cell in enumerate(row, start=1):
            value = cell.value
            if cell.data_type == "e":
                grid.errors[(r, c)] = str(value)
                value = None
            elif isinstance(value, float) and not math.isfinite(value):
                grid.refused[(r, c)] = _NOT_FINITE
                value = None
            elif (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and value != 0
                and _is_percent(str(cell.number_format))
            ):
                grid.percent.add((r, c))
            cells.append(value)
        values.append(tuple(cells))
    if scan is None or scan.formulas:
        # Only sheets holding formulas are read a second time, for their formulas.
        formula_ws = formulas()[ws.title]
        for r, row in _rows(formula_ws, ws.title):
            for c, cell in enumerate(row, start=1):
                if cell.data_type == "f" and not grid.flagged(r, c):
                    known = values[r - 1][c - 1] if r <= len(values) else None
                    if known is None:
                        grid.uncalculated.add((r, c))
    return grid
