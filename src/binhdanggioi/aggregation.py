"""Aggregation: the reports of the units below, summed into the report of the unit above.

:func:`aggregate` follows contract §4. In short:

* **Merge key.** A row is summed with the rows of the same table that have the same
  indicator and the same level(s). The indicator is the row's ``chi_tieu`` code, else
  the code of the catalogue entry its name matches, else its normalised name
  (:func:`~binhdanggioi.catalogue.name_key`). Merged rows carry the code they were
  grouped under, so the next step groups them the same way.
* **Figures.** ``so_luong``, ``nam``, ``nu`` and the effective totals add through
  :meth:`SoNguoi.cong <binhdanggioi.model.SoNguoi.cong>`, which keeps a sum over an
  unreported figure marked incomplete. Budget lines add; a line stays absent only when
  no report gives it.
* **Marks.** A merged count is marked (``so_luong_chua_du``) when some of its rows
  give ``so_luong`` and others do not, or a row was marked already; a budget is marked
  (``KinhPhi.chua_day_du``) when some report gives a line that another leaves out, or
  a report's budget was marked already. A figure absent everywhere stays absent and
  unmarked (unless a report marked it). The marks depend only on the leaf rows, so
  two steps mark the same as one.
* **Shared events.** Rows with the same ``ma`` are one event, counted once, kept as a
  row of its own with its ``ma`` (so that the event seen again through another
  aggregate is still counted once). Copies that disagree are refused, naming both.
* **Provenance.** Each row's ``nguon`` lists the units whose reports it sums (leaf
  units, across any number of steps); the report's ``nguon`` lists every unit whose
  report went in, directly or through an aggregate; ``chua_bao_cao`` lists the
  expected units that did not report (inherited from aggregated inputs too).
* **Narrative.** The parent's own report keeps its text and its document frame
  (header, plans, signature). Every list item of another unit is kept, prefixed with
  that unit's name: ``"Xã Dương Quang: Tổ chức 01 hội nghị ..."``.

>>> from binhdanggioi.model import BaoCao, DonVi, HoatDong, SoNguoi
>>> le, mit = HoatDong("Lễ phát động", 1, SoNguoi(3, 4)), HoatDong("Mít tinh", 2, SoNguoi(nu=5))
>>> a = BaoCao(2023, DonVi("A", "xa", "xã"), hoat_dong=(le,))
>>> b = BaoCao(2023, DonVi("B", "xa", "xã"), hoat_dong=(mit,))
>>> h = aggregate([a, b], don_vi=DonVi("H", "huyen", "huyện"))
>>> row = h.hoat_dong[0]
>>> row.chi_tieu, row.so_luong, row.nguoi.nam, row.nguoi.nu, row.nguoi.tong_so, row.thieu
('le-phat-dong', 3, 3, 9, 12, True)
>>> row.nguon
('Xã A', 'Xã B')
"""

from __future__ import annotations

import contextlib
import gc
import operator
import os
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from binhdanggioi import _years, formats
from binhdanggioi.catalogue import Catalogue, catalogue_for, name_key
from binhdanggioi.errors import AggregationError, DataError, DataIssue
from binhdanggioi.model import (
    BaoCao,
    Cap,
    DanhGia,
    DonVi,
    HoatDong,
    KinhPhi,
    SanPham,
    SoNguoi,
    _opt_sum,
    parse_cap,
)
from binhdanggioi.vocabulary import LOAI_DON_VI, fold, name_order

__all__ = [
    "DayDu",
    "aggregate",
    "completeness",
    "load_units",
    "unit_label",
]

Indicator = tuple[str, str]
"""``("ma", code)`` or ``("ten", normalised name)``."""

RowKey = tuple[str, Indicator, tuple[Cap, ...]]


# --------------------------------------------------------------------------- units


def unit_label(don_vi: DonVi) -> str:
    """:attr:`DonVi.nhan <binhdanggioi.model.DonVi.nhan>`, the name export.py imports."""
    return don_vi.nhan


def _same_unit(a: DonVi, b: DonVi) -> bool:
    """Codes decide when both units have one; else the level and the folded name."""
    if a.ma and b.ma:
        return a.ma.strip() == b.ma.strip()
    return a.cap == b.cap and fold(a.ten) == fold(b.ten)


def _unit_order(don_vi: DonVi) -> tuple[int, tuple[str, str], str, str]:
    return (don_vi.cap.thu_tu, name_order(don_vi.nhan), don_vi.ma or "", don_vi.loai or "")


class _UnitIndex:
    """Units looked up by code and by level and folded name (see :func:`_same_unit`)."""

    def __init__(self, *, by_name: bool = True) -> None:
        # Without by_name every unit must have a code: codes alone then decide.
        self._names = by_name
        self._by_code: dict[str, list[tuple[DonVi, Any]]] = {}
        self._by_name: dict[tuple[Cap, str], list[tuple[DonVi, Any]]] = {}

    def add(self, unit: DonVi, tag: Any) -> None:
        if unit.ma:
            self._by_code.setdefault(unit.ma.strip(), []).append((unit, tag))
        if self._names:
            self._by_name.setdefault((unit.cap, fold(unit.ten)), []).append((unit, tag))

    def find(self, unit: DonVi) -> list[tuple[DonVi, Any]]:
        """The units indexed so far that are the same unit as ``unit``."""
        if not self._names:
            return self._by_code.get(unit.ma.strip(), []) if unit.ma else []
        candidates = self._by_name.get((unit.cap, fold(unit.ten)), [])
        if unit.ma:
            by_code = self._by_code.get(unit.ma.strip())
            if by_code:
                candidates = candidates + [c for c in by_code if c not in candidates]
        if not candidates:
            return candidates
        return [(other, tag) for other, tag in candidates if _same_unit(unit, other)]


class _Input:
    """One report given to :func:`aggregate`, with what the loops need at hand."""

    __slots__ = ("key", "label", "own", "rank", "report", "source")

    def __init__(self, report: BaoCao, source: str | None, label: str, own: bool) -> None:
        self.report = report
        self.source = source
        self.label = label
        self.own = own
        self.rank = 0  # place of ``label`` among all labels in name order
        self.key: tuple[Any, ...] = ()  # sort key: own report first, then by unit

    @property
    def where(self) -> str:
        return f"{self.label} ({self.source})" if self.source else self.label

    def units(self) -> Sequence[DonVi]:
        """The unit of this report and every unit already summed into it.

        A partial aggregate of the parent itself brings only the units it was built from.
        """
        don_vi = self.report.don_vi
        nguon = self.report.nguon
        if not nguon:
            return (don_vi,)
        if self.own:
            return nguon
        return (don_vi, *(u for u in nguon if not _same_unit(u, don_vi)))


# --------------------------------------------------------------------------- completeness


@attrs.frozen
class DayDu:
    """Completeness of a report against the units expected to report.

    ``du_kien`` expected, ``da_bao_cao`` expected and present, ``chua_bao_cao``
    expected and missing, ``ngoai_danh_sach`` present at an expected level though not
    expected (often a misspelt name).
    """

    du_kien: tuple[DonVi, ...]
    da_bao_cao: tuple[DonVi, ...]
    chua_bao_cao: tuple[DonVi, ...]
    ngoai_danh_sach: tuple[DonVi, ...] = ()

    @property
    def day_du(self) -> bool:
        """Every expected unit reported."""
        return not self.chua_bao_cao

    @property
    def ty_le(self) -> float | None:
        """Share of the expected units that reported, ``None`` when none was expected."""
        return len(self.da_bao_cao) / len(self.du_kien) if self.du_kien else None


def _child_cap(parent: DonVi, year: int) -> Cap:
    if parent.cap is Cap.TINH:
        return Cap.HUYEN if _years.tiers(year) == 3 else Cap.XA
    below = {Cap.TRUNG_UONG: Cap.TINH, Cap.HUYEN: Cap.XA}
    return below.get(parent.cap, Cap.TRUONG_HOC)


def _unit_from_text(text: str, cap: Cap) -> DonVi:
    name = unicodedata.normalize("NFC", text).strip()
    for kind in LOAI_DON_VI:
        if fold(name).startswith(fold(kind) + " "):
            return DonVi(name[len(kind) :].strip(), cap, kind)
    return DonVi(name, cap)


def _resolve_expected(
    expected: Iterable[DonVi | str], parent: DonVi, year: int
) -> tuple[DonVi, ...]:
    cap = _child_cap(parent, year)
    units = []
    for e in expected:
        if not isinstance(e, DonVi | str):
            raise TypeError(f"expected: mỗi mục là một DonVi hoặc tên đơn vị, nhận {e!r:.60}")
        units.append(e if isinstance(e, DonVi) else _unit_from_text(e, cap))
    return tuple(units)


def _expected_present(wanted: DonVi, index: _UnitIndex, by_label: set[str]) -> bool:
    if index.find(wanted):
        return True
    # A name given without its level ("Dương Quang", "xã Dương Quang") matches by name.
    return wanted.ma is None and (
        fold(wanted.ten) in by_label or fold(wanted.ten_day_du) in by_label
    )


def _check_expected(units: Sequence[DonVi], expected: Sequence[DonVi], parent: DonVi) -> DayDu:
    index = _UnitIndex()
    by_label: set[str] = set()
    for unit in units:
        index.add(unit, None)
        by_label.update((fold(unit.ten), fold(unit.ten_day_du)))
    present: list[DonVi] = []
    missing: list[DonVi] = []
    for wanted in expected:
        (present if _expected_present(wanted, index, by_label) else missing).append(wanted)
    wanted_index = _UnitIndex()
    for wanted in expected:
        wanted_index.add(wanted, None)
    wanted_labels = {fold(w.ten) for w in expected} | {fold(w.ten_day_du) for w in expected}
    levels = {w.cap for w in expected}
    extra = [
        u
        for u in units
        if u.cap in levels
        and not _same_unit(u, parent)
        and not wanted_index.find(u)
        and fold(u.ten) not in wanted_labels
        and fold(u.ten_day_du) not in wanted_labels
    ]
    return DayDu(
        du_kien=tuple(expected),
        da_bao_cao=tuple(present),
        chua_bao_cao=tuple(missing),
        ngoai_danh_sach=tuple(sorted(extra, key=_unit_order)),
    )


def completeness(bao_cao: BaoCao, expected: Iterable[DonVi | str]) -> DayDu:
    """Which of the ``expected`` units are among the sources of ``bao_cao``.

    Expected units are :class:`DonVi` values or names (``"xã Dương Quang"``, matched
    ignoring case and accents); a unit counts as reported when it is in
    ``bao_cao.nguon`` (directly or through an aggregate) or is the report's own unit.

    >>> r = BaoCao(2023, DonVi("H", "huyen"), nguon=(DonVi("A", "xa"),))
    >>> d = completeness(r, ["xã A", "B"])
    >>> [u.ten for u in d.chua_bao_cao], d.ty_le
    (['B'], 0.5)
    """
    if not isinstance(bao_cao, BaoCao):
        raise TypeError(f"completeness() cần một BaoCao, nhận {type(bao_cao).__name__}")
    _check_expected_argument(expected)
    wanted = _resolve_expected(expected, bao_cao.don_vi, bao_cao.nam)
    units = list(bao_cao.nguon) or [bao_cao.don_vi]
    return _check_expected(units, wanted, bao_cao.don_vi)


# --------------------------------------------------------------------------- guards


_KEY = operator.attrgetter("key")


def _inputs(reports: Iterable[BaoCao] | Mapping[str, BaoCao], parent: DonVi) -> list[_Input]:
    pairs: Iterable[tuple[str | None, BaoCao]]
    if isinstance(reports, Mapping):
        pairs = [(str(k), v) for k, v in reports.items()]
    else:
        pairs = [(None, r) for r in reports]
    out: list[_Input] = []
    by_label: dict[str, list[_Input]] = {}
    for source, report in pairs:
        if not isinstance(report, BaoCao):
            raise TypeError(
                f"aggregate(): mỗi báo cáo phải là một BaoCao, nhận {type(report).__name__}"
            )
        dv = report.don_vi
        inp = _Input(report, source, dv.nhan, _same_unit(dv, parent))
        out.append(inp)
        same_label = by_label.get(inp.label)
        if same_label is None:
            by_label[inp.label] = [inp]
            order = name_order(inp.label)
        else:
            same_label.append(inp)
            order = same_label[0].key[3]
        inp.key = (
            not inp.own,
            bool(report.nguon),
            dv.cap.thu_tu,
            order,
            dv.ma or "",
            dv.loai or "",
            source or "",
        )
    out.sort(key=_KEY)
    ranked = sorted(by_label.values(), key=lambda same: same[0].key[3])
    for rank, same_label in enumerate(ranked):
        for inp in same_label:
            inp.rank = rank
    return out


def _check_years(inputs: Sequence[_Input]) -> int:
    first = inputs[0].report.nam
    if all(inp.report.nam == first for inp in inputs):
        return first
    years: dict[int, list[str]] = {}
    for inp in inputs:
        years.setdefault(inp.report.nam, []).append(inp.where)
    parts = [f"năm {year}: {', '.join(where)}" for year, where in sorted(years.items())]
    issues = [
        DataIssue("nam", f"báo cáo năm {inp.report.nam}", inp.source or inp.label) for inp in inputs
    ]
    raise AggregationError(
        "Không tổng hợp được các báo cáo khác năm — "
        + "; ".join(parts)
        + ". Chỉ cộng các báo cáo của cùng một năm.",
        issues=issues,
    )


def _check_levels(year: int, parent: DonVi, inputs: Sequence[_Input]) -> list[DataIssue]:
    issues = []
    two_tiers = _years.tiers(year) == 2
    if two_tiers and parent.cap is Cap.HUYEN:
        issues.append(
            DataIssue(
                "don_vi.cap",
                f"từ năm 2025 chính quyền địa phương chỉ còn hai cấp (tỉnh, xã): không tổng "
                f"hợp vào {parent.nhan} (cấp huyện) được; cộng thẳng báo cáo xã vào tỉnh",
            )
        )
    for inp in inputs:
        for unit in inp.units():
            if two_tiers and unit.cap is Cap.HUYEN and not _same_unit(unit, parent):
                through = "" if unit is inp.report.don_vi else f" (trong báo cáo {inp.where})"
                issues.append(
                    DataIssue(
                        "don_vi.cap",
                        f"{unit.nhan}{through} ghi cấp huyện trong báo cáo năm {year}; "
                        "từ năm 2025 không còn cấp huyện — xã báo cáo thẳng lên tỉnh",
                        inp.source or inp.label,
                    )
                )
        unit = inp.report.don_vi
        if not inp.own and unit.cap.thu_tu <= parent.cap.thu_tu:
            issues.append(
                DataIssue(
                    "don_vi.cap",
                    f"{inp.where} là đơn vị cấp {unit.cap.nhan}, không thấp hơn "
                    f"{parent.nhan} (cấp {parent.cap.nhan}): chỉ cộng được báo "
                    "cáo của đơn vị cấp dưới và báo cáo của chính đơn vị tổng hợp",
                    inp.source or inp.label,
                )
            )
    return issues


def _report_kind(inp: _Input, unit: DonVi) -> str:
    return f"báo cáo {inp.where}" if unit is inp.report.don_vi else f"báo cáo tổng hợp {inp.where}"


def _check_units(inputs: Sequence[_Input]) -> list[DataIssue]:
    """Each unit's report may enter once, directly or through one aggregate."""
    issues = []
    index = _UnitIndex(by_name=not all(u.ma for inp in inputs for u in inp.units()))
    for inp in inputs:
        for unit in inp.units():
            for other, first in index.find(unit):
                if first is inp:
                    continue
                direct = unit is inp.report.don_vi and other is first.report.don_vi
                if direct:
                    message = (
                        f"{unit.nhan} có hai báo cáo: {first.where} và {inp.where}; mỗi "
                        "đơn vị chỉ được một báo cáo — bỏ bớt một tệp (nếu là hai đơn vị khác "
                        "nhau trùng tên, ghi mã đơn vị 'ma' cho cả hai)"
                    )
                else:
                    message = (
                        f"{unit.nhan} được tính hai lần: ở {_report_kind(first, other)} và "
                        f"ở {_report_kind(inp, unit)}; báo cáo đã tổng hợp vào một đơn vị thì "
                        "không cộng thêm lần nữa"
                    )
                issues.append(DataIssue("don_vi", message, inp.source or inp.label))
                break
            index.add(unit, inp)
    return issues


# --------------------------------------------------------------------------- rows


class _Copy:
    """One copy of a shared event (a row with ``ma``) and where it was found."""

    __slots__ = ("indicator", "inp", "row", "rows", "table")

    def __init__(self, inp: _Input, table: str, rows: Sequence[HoatDong | SanPham], row: Any):
        self.inp = inp
        self.table = table
        self.rows = rows
        self.row: HoatDong | SanPham = row
        self.indicator: Indicator = ("", "")

    @property
    def index(self) -> int:
        """Place of the row in its table (looked up only for messages)."""
        return next(i for i, r in enumerate(self.rows) if r is self.row)

    @property
    def where(self) -> str:
        return f"{self.inp.where}, {self.table}[{self.index}]"


def _resolve(catalogue: Catalogue, table: str, chi_tieu: str | None, ten: str) -> Indicator:
    if chi_tieu is not None and chi_tieu.strip():
        entry = catalogue.get(chi_tieu)
        return ("ma", entry.ma if entry else chi_tieu.strip().casefold())
    entry = catalogue.match(ten, table) or catalogue.match(ten)
    if entry is not None:
        return ("ma", entry.ma)
    return ("ten", name_key(ten))


def _note(inp: _Input, text: str | None) -> str | None:
    if not text:
        return None
    return text if inp.own else f"{inp.label}: {text}"


def _join_notes(notes: Iterable[str | None]) -> str | None:
    kept = [n for n in notes if n]
    return "; ".join(kept) if kept else None


_FIELDS = (
    ("so_luong", "số lượng"),
    ("nam", "Nam"),
    ("nu", "Nữ"),
    ("tong", "tổng"),
)


def _show(copy: _Copy, fields: Sequence[str]) -> str:
    row = copy.row
    values = {
        "bảng": copy.table,
        "chỉ tiêu": copy.indicator[1],
        "cấp": "+".join(c.value for c in row.cap) or "(trống)",
        "số lượng": row.so_luong,
        "Nam": row.nguoi.nam,
        "Nữ": row.nguoi.nu,
        "tổng": row.nguoi.tong,
    }
    shown = ", ".join(f"{f} {'(trống)' if values[f] is None else values[f]}" for f in fields)
    return f"{copy.where} ghi {shown}"


def _figures(c: _Copy) -> tuple[Any, ...]:
    row, p = c.row, c.row.nguoi
    return (c.table, c.indicator, row.cap, row.so_luong, p.nam, p.nu, p.tong)


def _differences(a: _Copy, b: _Copy) -> list[str]:
    out: list[str] = []
    if _figures(a) == _figures(b):
        return out
    if a.table != b.table:
        out.append("bảng")
    if a.indicator != b.indicator:
        out.append("chỉ tiêu")
    if a.row.cap != b.row.cap:
        out.append("cấp")
    if a.row.so_luong != b.row.so_luong:
        out.append("số lượng")
    for attr, label in _FIELDS[1:]:
        if getattr(a.row.nguoi, attr) != getattr(b.row.nguoi, attr):
            out.append(label)
    return out


def _event(
    ma: str,
    copies: Sequence[_Copy],
    sources: tuple[str, ...],
    catalogue: Catalogue,
    issues: list[DataIssue],
) -> HoatDong | SanPham:
    first = copies[0]
    for other in copies[1:]:
        fields = _differences(first, other)
        if fields:
            issues.append(
                DataIssue(
                    f"{other.table}[{other.index}]",
                    f"sự kiện mã '{ma}' được báo cáo khác nhau ({', '.join(fields)}): "
                    f"{_show(first, fields)}; {_show(other, fields)}. Một sự kiện phải có cùng "
                    "số liệu ở mọi báo cáo: sửa cho khớp, hoặc đặt mã khác nếu là hai sự kiện",
                    other.inp.source or other.inp.label,
                )
            )
    kind, value = first.indicator
    row = first.row
    nguoi = row.nguoi
    if not nguoi.chua_day_du and any(c.row.nguoi.chua_day_du for c in copies):
        nguoi = attrs.evolve(nguoi, chua_day_du=True)
    return type(row)(
        ten=_choose_name({c.row.ten for c in copies}, first.indicator, catalogue),
        so_luong=row.so_luong,
        nguoi=nguoi,
        cap=row.cap,
        chi_tieu=value if kind == "ma" else row.chi_tieu,
        ma=row.ma,
        ghi_chu=_join_notes(_note(c.inp, c.row.ghi_chu) for c in copies),
        so_luong_chua_du=any(c.row.so_luong_chua_du for c in copies),
        nguon=sources,
    )


def _choose_name(names: set[str], indicator: Indicator, catalogue: Catalogue) -> str:
    """One name for rows summed together; the same whatever the order or the steps."""
    if len(names) == 1:
        return next(iter(names))
    kind, value = indicator
    entry = catalogue.get(value) if kind == "ma" else None
    return entry.ten if entry is not None else min(names, key=name_order)


class _Sum:
    """Running sum of the rows of one merge key, mergeable with the sums of other keys.

    The people figure it gives is exactly ``SoNguoi.cong`` over the rows (a row whose
    empty figure is marked incomplete also keeps the sum marked), computed in the one
    pass over all rows (:func:`_add_rows`) that carries most of the cost of a national
    aggregation: counters are kept so that the common row updates as few as possible.
    ``tests/test_vocabulary.py`` checks it against ``SoNguoi.cong`` on random rows.
    """

    __slots__ = (
        "count",
        "count_flagged",
        "count_missing",
        "empty",
        "first",
        "flagged",
        "flagged_empty",
        "given",
        "nam",
        "nam_missing",
        "nam_t",
        "named",
        "notes",
        "nu",
        "nu_missing",
        "nu_t",
        "partial",
        "ranks",
        "total",
        "with_total",
    )

    def __init__(self, first: HoatDong | SanPham) -> None:
        self.first = first  # a row alone is kept as it was written
        self.count = self.nam = self.nu = self.total = self.nam_t = self.nu_t = 0
        self.given = self.empty = self.count_missing = self.nam_missing = self.nu_missing = 0
        self.count_flagged = 0
        self.with_total = self.partial = self.flagged = self.flagged_empty = 0
        self.ranks: set[int] = set()  # units behind the rows, as ranks of their labels
        self.named: set[str] = set()  # units named by rows of aggregates (row.nguon)
        self.notes: list[tuple[int, str]] = []

    def merge(self, other: _Sum) -> None:
        self.count += other.count
        self.nam += other.nam
        self.nu += other.nu
        self.nam_t += other.nam_t
        self.nu_t += other.nu_t
        self.total += other.total
        self.given += other.given
        self.empty += other.empty
        self.count_missing += other.count_missing
        self.count_flagged += other.count_flagged
        self.nam_missing += other.nam_missing
        self.nu_missing += other.nu_missing
        self.with_total += other.with_total
        self.partial += other.partial
        self.flagged += other.flagged
        self.flagged_empty += other.flagged_empty
        self.ranks |= other.ranks
        self.named |= other.named
        self.notes += other.notes

    @property
    def n(self) -> int:
        return self.given + self.empty

    def so_luong(self) -> int | None:
        return self.count if self.count_missing < self.n else None

    def so_luong_chua_du(self) -> bool:
        """A row was marked, or some rows give the count and others do not."""
        return self.count_flagged > 0 or 0 < self.count_missing < self.n

    def nguoi(self) -> SoNguoi:
        if self.n == 1:
            return self.first.nguoi
        given = self.given
        if not given:
            return SoNguoi(chua_day_du=True) if self.flagged_empty else SoNguoi()
        needs_total = self.with_total or self.nam_missing or self.nu_missing
        # ``nam``/``nu`` sum the rows without a total, ``nam_t``/``nu_t`` those with one.
        return SoNguoi(
            self.nam + self.nam_t if self.nam_missing < given else None,
            self.nu + self.nu_t if self.nu_missing < given else None,
            self.total + self.nam + self.nu if needs_total else None,
            bool(self.flagged or self.partial or self.empty),
        )

    def nguon(self, labels: Sequence[str]) -> tuple[str, ...]:
        ranked = tuple(map(labels.__getitem__, sorted(self.ranks)))
        if not self.named:
            return ranked
        return tuple(sorted(self.named.union(ranked), key=name_order))

    def ghi_chu(self) -> str | None:
        return "; ".join(text for _, text in sorted(self.notes)) if self.notes else None


def _add_rows(inputs: Sequence[_Input]) -> tuple[dict[Any, _Sum], list[_Copy]]:
    """Sum every row without ``ma`` by (table, code, name, levels); collect event rows."""
    by_table: dict[str, dict[Any, _Sum]] = {t: {} for t in BaoCao.TABLES}
    copies: list[_Copy] = []
    for position, inp in enumerate(inputs):
        report = inp.report
        rank = inp.rank
        for table, sums in by_table.items():
            rows: Sequence[HoatDong | SanPham] = getattr(report, table)
            for row in rows:
                if row.ma is not None:
                    copies.append(_Copy(inp, table, rows, row))
                    continue
                k = (row.chi_tieu, row.ten, row.cap)
                acc = sums.get(k)
                if acc is None:
                    acc = sums[k] = _Sum(row)
                if row.nguon:
                    acc.named.update(row.nguon)
                else:
                    acc.ranks.add(rank)
                if row.ghi_chu:
                    text = row.ghi_chu if inp.own else f"{inp.label}: {row.ghi_chu}"
                    acc.notes.append((position, text))
                v = row.so_luong
                if v is None:
                    acc.count_missing += 1
                else:
                    acc.count += v
                if row.so_luong_chua_du:
                    acc.count_flagged += 1
                p = row.nguoi
                a = p.nam
                b = p.nu
                c = p.tong
                if p.chua_day_du:
                    if a is None and b is None and c is None:
                        acc.flagged_empty += 1
                    else:
                        acc.flagged += 1
                if c is None:
                    if a is not None and b is not None:  # the usual row: Nam and Nữ
                        acc.given += 1
                        acc.nam += a
                        acc.nu += b
                        continue
                    if a is None and b is None:  # nothing reported
                        acc.empty += 1
                        continue
                    acc.partial += 1  # one sex without a total
                    acc.given += 1
                    if a is None:
                        acc.nam_missing += 1
                        acc.nu += b or 0
                    else:
                        acc.nu_missing += 1
                        acc.nam += a
                    continue
                # With a total, Nam and Nữ are kept apart: the total already counts them.
                acc.given += 1
                acc.total += c
                acc.with_total += 1
                if a is None:
                    acc.nam_missing += 1
                else:
                    acc.nam_t += a
                if b is None:
                    acc.nu_missing += 1
                else:
                    acc.nu_t += b
    merged = {(t, *k): acc for t, sums in by_table.items() for k, acc in sums.items()}
    return merged, copies


def _merge_rows(
    inputs: Sequence[_Input], catalogue: Catalogue, issues: list[DataIssue]
) -> dict[str, tuple[HoatDong | SanPham, ...]]:
    raw, copies = _add_rows(inputs)

    # Raw keys to merge keys: the indicator is resolved once per distinct name.
    resolved: dict[tuple[str, str | None, str], Indicator] = {}

    def indicator_of(table: str, chi_tieu: str | None, ten: str) -> Indicator:
        ck = (table, chi_tieu, ten)
        found = resolved.get(ck)
        if found is None:
            found = resolved[ck] = _resolve(catalogue, table, chi_tieu, ten)
        return found

    groups: dict[RowKey, tuple[_Sum, set[str]]] = {}
    for (table, chi_tieu, ten, caps), acc in raw.items():
        key = (table, indicator_of(table, chi_tieu, ten), caps)
        group = groups.get(key)
        if group is None:
            groups[key] = (acc, {ten})
        else:
            group[0].merge(acc)
            group[1].add(ten)
    events: dict[str, list[_Copy]] = {}
    for copy in copies:
        row = copy.row
        copy.indicator = indicator_of(copy.table, row.chi_tieu, row.ten)
        events.setdefault(row.ma or "", []).append(copy)

    # One row per merge key and one per event, in the order of the form.
    positions: dict[str, int] = {}

    def order(indicator: Indicator, caps: tuple[Cap, ...], ma: str) -> Any:
        kind, value = indicator
        if kind == "ma" and value not in positions:
            positions[value] = catalogue.position(value)
        pos = positions[value] if kind == "ma" else len(catalogue.entries)
        return (pos, indicator, tuple(c.thu_tu for c in caps), ma)

    labels = [""] * len(inputs)
    for inp in inputs:
        labels[inp.rank] = inp.label
    placed: list[tuple[Any, str, HoatDong | SanPham]] = []
    for key, (acc, names) in groups.items():
        table, indicator, caps = key
        kind, value = indicator
        row = (SanPham if table == "san_pham" else HoatDong)(
            ten=_choose_name(names, indicator, catalogue),
            so_luong=acc.so_luong(),
            nguoi=acc.nguoi(),
            cap=caps,
            chi_tieu=value if kind == "ma" else None,
            ghi_chu=acc.ghi_chu(),
            so_luong_chua_du=acc.so_luong_chua_du(),
            nguon=acc.nguon(labels),
        )
        placed.append((order(indicator, caps, ""), table, row))
    for ma, event_copies in events.items():
        names = {name for c in event_copies for name in (c.row.nguon or (c.inp.label,))}
        sources = tuple(sorted(names, key=name_order)) if len(names) > 1 else tuple(names)
        row = _event(ma, event_copies, sources, catalogue, issues)
        first = event_copies[0]
        placed.append((order(first.indicator, row.cap, ma), first.table, row))
    placed.sort(key=lambda item: item[0])
    return {t: tuple(row for _, table, row in placed if table == t) for t in BaoCao.TABLES}


# --------------------------------------------------------------------------- narrative


def _narrative_items(inputs: Sequence[_Input], field: str) -> tuple[str, ...]:
    get = operator.attrgetter(field)
    out: list[str] = []
    for inp in inputs:
        items: tuple[str, ...] = get(inp.report)
        if not items:
            continue
        if inp.own:
            out.extend(items)
        else:
            prefix = inp.label + ": "
            out.extend([prefix + item for item in items])
    return tuple(out)


def _budget(inputs: Sequence[_Input]) -> KinhPhi:
    """Budget lines summed; marked when a line is given by some inputs only, or an input
    was marked (a line absent everywhere stays absent and unmarked)."""
    parts = [inp.report.kinh_phi for inp in inputs]
    state = [k.ngan_sach_nha_nuoc for k in parts]
    mobilised = [k.van_dong for k in parts]
    gaps = any(None in line and any(v is not None for v in line) for line in (state, mobilised))
    return KinhPhi(
        ngan_sach_nha_nuoc=_opt_sum(state),
        van_dong=_opt_sum(mobilised),
        ghi_chu=_join_notes(_note(inp, inp.report.kinh_phi.ghi_chu) for inp in inputs),
        chua_day_du=gaps or any(k.chua_day_du for k in parts),
    )


def _missing(
    inputs: Sequence[_Input],
    units: Sequence[DonVi],
    expected: Iterable[DonVi | str] | None,
    parent: DonVi,
    year: int,
) -> tuple[DonVi, ...]:
    found: list[DonVi] = []
    if expected is not None:
        wanted = _resolve_expected(expected, parent, year)
        found.extend(_check_expected(units, wanted, parent).chua_bao_cao)
    for inp in inputs:
        found.extend(inp.report.chua_bao_cao)
    if not found:
        return ()
    present = _UnitIndex()
    for unit in units:
        present.add(unit, None)
    out: list[DonVi] = []
    seen = _UnitIndex()
    for unit in found:
        if present.find(unit) or seen.find(unit):
            continue
        seen.add(unit, None)
        out.append(unit)
    return tuple(sorted(out, key=_unit_order))


# --------------------------------------------------------------------------- aggregate


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cycle collector while reports are aggregated.

    Aggregating a nation's reports allocates tens of thousands of small objects and
    frees none of them in cycles, while each collector pass would walk every report in
    memory. The previous state is restored, whatever happens.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def aggregate(
    reports: Iterable[BaoCao] | Mapping[str, BaoCao],
    *,
    don_vi: DonVi,
    expected: Iterable[DonVi | str] | None = None,
    catalogue: Catalogue | None = None,
) -> BaoCao:
    """Sum the ``reports`` of the units below (and the parent's own) into one for ``don_vi``.

    ``reports`` may be a mapping from a file name to its report, so that problems
    name the files. ``expected`` lists the units that should have reported
    (:class:`DonVi` or names); the missing ones end up in ``chua_bao_cao``.
    ``catalogue`` defaults to the shipped one of the reports' year.

    Raises :class:`~binhdanggioi.errors.AggregationError` listing every problem:
    different years, a unit twice (directly or inside an aggregate), a unit that is not
    below ``don_vi``, a district from 2025 on, copies of one event that disagree.
    """
    _check_arguments(reports, don_vi, expected)
    with _gc_paused():
        return _aggregate(reports, don_vi, expected, catalogue)


def _check_arguments(reports: object, don_vi: object, expected: object) -> None:
    """Refuse arguments of the wrong kind before any work, with what to pass instead."""
    if not isinstance(don_vi, DonVi):
        raise TypeError(
            f"aggregate(): don_vi phải là một DonVi (đơn vị tổng hợp), nhận {type(don_vi).__name__}"
        )
    if isinstance(reports, str | bytes | BaoCao) or not isinstance(reports, Iterable):
        raise TypeError(
            "aggregate(): reports phải là danh sách các BaoCao (hoặc bảng tên tệp → BaoCao), "
            f"nhận {type(reports).__name__}"
        )
    _check_expected_argument(expected)


def _check_expected_argument(expected: object) -> None:
    if expected is None:
        return
    if isinstance(expected, str | bytes) or not isinstance(expected, Iterable):
        raise TypeError(
            f"expected phải là danh sách đơn vị (DonVi hoặc tên), nhận {type(expected).__name__}"
        )


def _aggregate(
    reports: Iterable[BaoCao] | Mapping[str, BaoCao],
    don_vi: DonVi,
    expected: Iterable[DonVi | str] | None,
    catalogue: Catalogue | None,
) -> BaoCao:
    inputs = _inputs(reports, don_vi)
    if not inputs:
        raise AggregationError("không có báo cáo nào để tổng hợp; đưa vào ít nhất một báo cáo")
    year = _check_years(inputs)
    cat = catalogue if catalogue is not None else catalogue_for(year)
    issues = _check_levels(year, don_vi, inputs)
    issues += _check_units(inputs)
    tables = _merge_rows(inputs, cat, issues)
    if issues:
        head = (
            f"Không tổng hợp được: có {len(issues)} lỗi"
            if len(issues) > 1
            else "Không tổng hợp được"
        )
        lines = [str(i) for i in issues]
        text = (
            f"{head}: {lines[0]}"
            if len(lines) == 1
            else "\n".join([head + ":", *(f"  - {x}" for x in lines)])
        )
        raise AggregationError(text, issues=issues)

    # Leaf inputs come sorted already; only units met inside aggregates need sorting.
    leaves = [inp.report.don_vi for inp in inputs if not inp.report.nguon and not inp.own]
    others = {id(u): u for inp in inputs if inp.report.nguon or inp.own for u in inp.units()}
    units = [*sorted(others.values(), key=_unit_order), *leaves]
    if others and leaves:
        units.sort(key=_unit_order)
    own = next((inp.report for inp in inputs if inp.own), None)
    themes = {inp.report.chu_de for inp in inputs}
    frame: dict[str, Any] = {}
    if own is not None:
        frame = {
            name: getattr(own, name)
            for name in ("van_ban", "ke_hoach", "loi_dan", "ket_luan", "noi_nhan", "chu_ky")
        }
    return BaoCao(
        nam=year,
        don_vi=don_vi,
        chu_de=own.chu_de if own is not None else (themes.pop() if len(themes) == 1 else None),
        chi_dao=_narrative_items(inputs, "chi_dao"),
        ket_qua=_narrative_items(inputs, "ket_qua"),
        hoat_dong=tables["hoat_dong"],
        truyen_thong=tables["truyen_thong"],
        san_pham=tables["san_pham"],
        kinh_phi=_budget(inputs),
        danh_gia=DanhGia(
            thuan_loi=_narrative_items(inputs, "danh_gia.thuan_loi"),
            kho_khan=_narrative_items(inputs, "danh_gia.kho_khan"),
            nguyen_nhan=_narrative_items(inputs, "danh_gia.nguyen_nhan"),
        ),
        kien_nghi=_narrative_items(inputs, "kien_nghi"),
        nguon=tuple(units),
        chua_bao_cao=_missing(inputs, units, expected, don_vi, year),
        **frame,
    )


# --------------------------------------------------------------------------- unit lists


def _unit_entry(item: Any, where: str, issues: list[DataIssue]) -> DonVi | str | None:
    if isinstance(item, str) and item.strip():
        return unicodedata.normalize("NFC", item.strip())
    if isinstance(item, Mapping):
        extra = sorted(set(map(str, item)) - {"ten", "cap", "loai", "ma"})
        text_ok = all(isinstance(v, str) for v in item.values())
        if extra or not text_ok or "ten" not in item:
            issues.append(
                DataIssue(
                    where,
                    "mỗi đơn vị là một tên, hoặc một bảng với ten, cap (và loai, ma) là văn bản"
                    + (f"; khóa lạ: {', '.join(extra)}" if extra else ""),
                )
            )
            return None
        if "cap" not in item:
            return unicodedata.normalize("NFC", item["ten"].strip())
        try:
            return DonVi(
                ten=unicodedata.normalize("NFC", item["ten"]),
                cap=parse_cap(unicodedata.normalize("NFC", item["cap"])),
                loai=item.get("loai"),
                ma=item.get("ma"),
            )
        except ValueError as err:
            issues.append(DataIssue(f"{where}.cap", str(err)))
            return None
    issues.append(DataIssue(where, f"không hiểu mục {item!r}; ghi tên đơn vị"))
    return None


def load_units(path: str | os.PathLike[str]) -> tuple[DonVi | str, ...]:
    """Read a list of expected units (for ``aggregate(..., expected=...)``).

    A ``.txt`` file has one name per line (``xã Dương Quang``; ``#`` starts a comment).
    A ``.yaml``/``.json`` file holds a list, a ``.toml`` file a ``don_vi = [...]`` array,
    of names or of tables ``{ten, cap, loai, ma}``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".txt", ""):
        text = formats.read_text(path)
        lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
        return tuple(unicodedata.normalize("NFC", line) for line in lines if line)
    if formats.data_format(path) is None:
        raise DataError(
            [DataIssue("", f"không đọc được đuôi '{suffix}'; dùng .txt, .yaml, .json, .toml")],
            source=str(path),
        )
    data = formats.read_data(path)
    if isinstance(data, Mapping) and "don_vi" in data:
        data = data["don_vi"]
    if not isinstance(data, list):
        raise DataError(
            [DataIssue("", "cần một danh sách đơn vị (hoặc khóa don_vi chứa danh sách)")],
            source=str(path),
        )
    issues: list[DataIssue] = []
    units = [_unit_entry(item, f"don_vi[{i}]", issues) for i, item in enumerate(data)]
    if issues:
        raise DataError(issues, source=str(path))
    return tuple(u for u in units if u is not None)
