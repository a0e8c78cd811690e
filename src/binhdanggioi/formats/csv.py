"""CSV, written only: the tidy table, one row per figure, for statistics offices and pandas.

Every figure of a report becomes one :class:`SoLieu` row. The columns are
:data:`COLUMNS`:

``unit``, ``unit_code``
    the reporting unit's full name (``"Thành phố Bắc Kạn"``) and its code, if any;
``year``
    the year of the Action Month;
``table``
    ``hoat_dong`` (III.1), ``truyen_thong`` (III.2), ``san_pham`` (III.3) or
    ``kinh_phi`` (budget);
``row``
    the row's number in its table (1, 2, ...), 0 for budget lines;
``indicator``, ``name``, ``level``, ``event``
    the catalogue code (``chi_tieu``, empty when none), the row's name, its level(s)
    joined with ``+`` (``huyen+xa``), and the event code (``ma``) when the row is one
    shared event;
``measure``, ``value``
    ``so_luong`` (count of events or products), ``nam`` (men), ``nu`` (women),
    ``tong`` (the effective total: ``tong`` when reported, else ``nam + nu``, else the
    one part given), ``chua_phan_tach`` (part of the total not split by sex);
    budget lines have measure ``ngan_sach_nha_nuoc`` or ``van_dong`` in đồng;
``incomplete``
    ``True`` when the figure is incomplete: for people, a sex missing or a sum over
    figures not reported; for ``so_luong``, a count marked ``so_luong_chua_du``; for
    budget lines, a budget marked ``chua_day_du``. Such values are a lower bound.

Besides the sex split, a row's people by target group have measure ``nhom:<code>``
(``nhom:hoc-sinh``); they overlap each other and the sex split, so never add them to
``tong``. Support lines are table ``ho_tro`` (measures ``so_suat`` and ``gia_tri`` in
đồng, ``name`` the support, ``level`` its levels); named funding sources are budget
rows with measure ``nguon_khac`` and the source as ``name``.

``to_csv(..., details=True)`` (and ``tidy_rows(..., details=True)``, giving
:class:`SoLieuChiTiet`) adds three columns after these, :data:`DETAIL_COLUMNS`:

``approx``
    the qualifier of an approximate figure (``trên``, ``hơn``, ``gần``, ``khoảng``),
    empty when exact;
``note``
    the row's note (``ghi_chu``; the budget's note for budget rows);
``sources``
    the units whose reports the row sums (``nguon``), joined with ``"; "``.

A figure that was not reported has no row (absent is not zero).

**Formula injection.** The CSV file is meant to be opened in Excel or LibreOffice,
which run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) as a formula: a unit or activity named ``=HYPERLINK(…)`` would
become a live link, ``+cmd|…`` a command. :func:`to_csv` therefore starts every
*text* cell that begins with one of those characters with an apostrophe (``'=SUM(A1)``),
the usual neutralisation, which spreadsheets show as the text itself. Number cells
(``year``, ``row``, ``value``) and ``incomplete`` are never changed: a number is
data, not a formula, and a spreadsheet reads ``-5`` as minus five. (Counts are never
negative; a budget can be, in a report that fails validation.) A
carriage return inside a text cell is written as a line feed, which is quoted, so it
cannot end a row early. :func:`tidy_rows` gives the values as they are, for pandas
and other programs.

Summing ``value`` by ``measure`` gives the report's totals::

    import pandas as pd
    from binhdanggioi.formats.csv import tidy_rows
    df = pd.DataFrame(tidy_rows(reports))
    df.groupby(["table", "measure"])["value"].sum()

>>> from binhdanggioi.model import BaoCao, DonVi, HoatDong, SoNguoi
>>> r = BaoCao(2023, DonVi("A", "xa", "xã"), hoat_dong=(HoatDong("Tập huấn", 1, SoNguoi(2, 3)),))
>>> [(f.measure, f.value) for f in tidy_rows(r)]
[('so_luong', 1), ('nam', 2), ('nu', 3), ('tong', 5)]
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator
from typing import Any, Literal, NamedTuple, overload

from binhdanggioi._files import write_atomic
from binhdanggioi.model import BaoCao, UocTinh

__all__ = [
    "COLUMNS",
    "DETAIL_COLUMNS",
    "FORMULA_STARTS",
    "NAME",
    "SoLieu",
    "SoLieuChiTiet",
    "neutralise",
    "tidy_rows",
    "to_csv",
]

NAME = "csv"


class SoLieu(NamedTuple):
    """One figure of one report (see the module docstring for the columns)."""

    unit: str
    unit_code: str
    year: int
    table: str
    row: int
    indicator: str
    name: str
    level: str
    event: str
    measure: str
    value: int
    incomplete: bool


COLUMNS: tuple[str, ...] = SoLieu._fields
"""Column names of the tidy table, in order."""


class SoLieuChiTiet(NamedTuple):
    """One figure with its qualifier, note and contributing units (``details=True``)."""

    unit: str
    unit_code: str
    year: int
    table: str
    row: int
    indicator: str
    name: str
    level: str
    event: str
    measure: str
    value: int
    incomplete: bool
    approx: str
    note: str
    sources: str


DETAIL_COLUMNS: tuple[str, ...] = SoLieuChiTiet._fields[len(COLUMNS) :]
"""The columns ``details=True`` adds after :data:`COLUMNS`."""

_BUDGET = (("ngan_sach_nha_nuoc", "Ngân sách nhà nước"), ("van_dong", "Vận động, xã hội hóa"))


def _word(qualifier: UocTinh | None) -> str:
    return "" if qualifier is None else qualifier.nhan


def _report_rows(bao_cao: BaoCao) -> Iterator[SoLieuChiTiet]:
    unit = bao_cao.don_vi.nhan
    code = bao_cao.don_vi.ma or ""
    year = bao_cao.nam
    for table in BaoCao.TABLES:
        for i, r in enumerate(bao_cao.bang(table), start=1):
            head = (
                unit,
                code,
                year,
                table,
                i,
                r.chi_tieu or "",
                r.ten,
                "+".join(c.value for c in r.cap),
                r.ma or "",
            )
            tail = (r.ghi_chu or "", "; ".join(r.nguon))
            if r.so_luong is not None:
                yield SoLieuChiTiet(
                    *head, "so_luong", r.so_luong, r.so_luong_chua_du,
                    _word(r.so_luong_uoc_tinh), *tail,
                )  # fmt: skip
            p = r.nguoi
            if not p.rong:
                gap = p.thieu
                q = _word(p.uoc_tinh)
                if p.nam is not None:
                    yield SoLieuChiTiet(*head, "nam", p.nam, gap, q, *tail)
                if p.nu is not None:
                    yield SoLieuChiTiet(*head, "nu", p.nu, gap, q, *tail)
                total = p.tong_so
                if total is not None:
                    yield SoLieuChiTiet(*head, "tong", total, gap, q, *tail)
                rest = p.chua_phan_tach
                if rest:
                    yield SoLieuChiTiet(*head, "chua_phan_tach", rest, gap, q, *tail)
            for g in r.nhom:
                if g.so is not None:
                    yield SoLieuChiTiet(
                        *head, f"nhom:{g.ma}", g.so, g.chua_day_du, _word(g.uoc_tinh), *tail
                    )
    kp = bao_cao.kinh_phi
    note = kp.ghi_chu or ""
    for measure, name in _BUDGET:
        value = getattr(kp, measure)
        if value is not None:
            yield SoLieuChiTiet(
                unit, code, year, "kinh_phi", 0, "", name, "", "", measure, value, kp.thieu,
                "", note, "",
            )  # fmt: skip
    for source in kp.nguon_khac:
        if source.so_tien is not None:
            yield SoLieuChiTiet(
                unit, code, year, "kinh_phi", 0, "", source.ten, "", "", "nguon_khac",
                source.so_tien, kp.chua_day_du or source.chua_day_du, "",
                source.ghi_chu or "", "",
            )  # fmt: skip
    for i, line in enumerate(bao_cao.ho_tro, start=1):
        level = "+".join(c.value for c in line.cap)
        head2 = (unit, code, year, "ho_tro", i, "", line.ten, level, "")
        tail2 = (line.ghi_chu or "", "; ".join(line.nguon))
        for measure in ("so_suat", "gia_tri"):
            value = getattr(line, measure)
            if value is not None:
                yield SoLieuChiTiet(*head2, measure, value, line.chua_day_du, "", *tail2)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a text cell as a formula."""


def neutralise(cell: object) -> object:
    """``cell`` made safe to open in a spreadsheet: text that would start a formula gets
    a leading apostrophe; numbers and other values are returned unchanged.

    >>> neutralise("=1+1"), neutralise("Hội nghị"), neutralise(-5)
    ("'=1+1", 'Hội nghị', -5)
    """
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def _cell(value: object) -> object:
    """A cell as written: neutralised, and a carriage return made a line feed, which the
    writer quotes (it quotes only the characters of its line terminator, ``\\n``), so a
    stray ``\\r`` can never end a row early in a spreadsheet.
    """
    value = neutralise(value)
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


@overload
def tidy_rows(
    reports: BaoCao | Iterable[BaoCao], *, details: Literal[False] = False
) -> list[SoLieu]: ...
@overload
def tidy_rows(
    reports: BaoCao | Iterable[BaoCao], *, details: Literal[True]
) -> list[SoLieuChiTiet]: ...
def tidy_rows(
    reports: BaoCao | Iterable[BaoCao], *, details: bool = False
) -> list[SoLieu] | list[SoLieuChiTiet]:
    """Every figure of one report or of several, one :class:`SoLieu` per figure
    (:class:`SoLieuChiTiet`, with qualifier, note and sources, when ``details``)."""
    items = [reports] if isinstance(reports, BaoCao) else reports
    rows = [row for report in items for row in _report_rows(report)]
    if details:
        return rows
    return [SoLieu._make(row[: len(COLUMNS)]) for row in rows]


def to_csv(
    reports: BaoCao | Iterable[BaoCao],
    path: str | os.PathLike[str] | None = None,
    *,
    bom: bool = False,
    details: bool = False,
) -> str:
    """The tidy rows as CSV text (header first); also written to ``path`` when given.

    ``bom=True`` starts the text with a byte-order mark so that Excel reads the
    Vietnamese letters right; pandas reads either (``encoding="utf-8-sig"`` with it).
    Text cells that would start a formula are neutralised (see :func:`neutralise`).
    ``details=True`` adds the columns :data:`DETAIL_COLUMNS` (qualifier, note, sources).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    rows: list[Any] = tidy_rows(reports, details=True) if details else tidy_rows(reports)
    writer.writerow(SoLieuChiTiet._fields if details else COLUMNS)
    writer.writerows([_cell(cell) for cell in row] for row in rows)
    text = ("\ufeff" if bom else "") + out.getvalue()
    if path is not None:
        write_atomic(path, text.encode("utf-8"))
    return text
