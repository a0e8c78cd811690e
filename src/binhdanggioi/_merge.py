"""Rows of many reports summed into one table: merge keys, shared events, budget, narrative.

The private half of :func:`binhdanggioi.aggregation.aggregate` (rules in its
docstring and in ``docs/aggregation.md``): :func:`_merge_rows` sums the rows of every
input in one pass (:func:`_add_rows`, :class:`_Sum`) and keeps each shared event once
(:func:`_event`); :func:`_budget` and :func:`_support` (in ``_merge_money``) and
:func:`_narrative_items` (in ``_merge_text``) do the rest; this module re-exports them so
that it stays the one door of merging. Rows' notes and details are merged in
``_merge_details``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

import attrs

from binhdanggioi._merge_details import (
    _DETAILS,
    _details,
    _event_details,
    _has_details,
    _join_notes,
    _name_order,
    _no_details,
    _note,
    _own_details,
)
from binhdanggioi._merge_money import _budget as _budget
from binhdanggioi._merge_money import _support as _support
from binhdanggioi._merge_text import KEEP_PER_SECTION as KEEP_PER_SECTION
from binhdanggioi._merge_text import _narrative_items as _narrative_items
from binhdanggioi._model_fields import _code
from binhdanggioi.catalogue import Catalogue, name_key
from binhdanggioi.errors import DataIssue
from binhdanggioi.model import (
    BaoCao,
    Cap,
    HoatDong,
    SanPham,
    SoNguoi,
    UocTinh,
)
from binhdanggioi.roster import _Input
from binhdanggioi.vocabulary import name_order

Indicator = tuple[str, str]
"""``("ma", code)`` or ``("ten", normalised name)``."""

RowKey = tuple[str, Indicator, tuple[Cap, ...]]


# --------------------------------------------------------------------------- rows


class _Copy:
    """One copy of a shared event (a row with ``ma``) and where it was found."""

    __slots__ = ("indicator", "inp", "nth", "row", "rows", "table")

    def __init__(
        self, inp: _Input, table: str, rows: Sequence[HoatDong | SanPham], row: Any, nth: int
    ) -> None:
        self.inp = inp
        self.table = table
        self.rows = rows
        self.row: HoatDong | SanPham = row
        self.nth = nth  # the row is the nth of its table with a ``ma`` (one row may be twice)
        self.indicator: Indicator = ("", "")

    @property
    def index(self) -> int:
        """Place of the row in its table (looked up only for messages)."""
        return [i for i, r in enumerate(self.rows) if r.ma is not None][self.nth]

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


def _stated_total(p: SoNguoi) -> int | None:
    """The total a figure states: ``tong``, else ``nam + nu`` when both are given.

    Copies of one event are compared on it: ``{nam: 100, nu: 100}`` and
    ``{nam: 100, nu: 100, tong: 200}`` state the same 200, while ``{nu: 54}`` states
    no total at all (the men are unknown), unlike ``{nu: 54, tong: 54}``.
    """
    return None if p.mot_phan else p.tong_so


def _show(copy: _Copy, fields: Sequence[str]) -> str:
    row = copy.row
    values = {
        "bảng": copy.table,
        "chỉ tiêu": copy.indicator[1],
        "cấp": "+".join(c.value for c in row.cap) or "(trống)",
        "số lượng": row.so_luong,
        "Nam": row.nguoi.nam,
        "Nữ": row.nguoi.nu,
        "tổng": _stated_total(row.nguoi),
    }
    shown = ", ".join(f"{f} {'(trống)' if values[f] is None else values[f]}" for f in fields)
    return f"{copy.where} ghi {shown}"


def _differences(a: _Copy, b: _Copy) -> list[str]:
    """What two copies of one event give differently, by the labels of :func:`_show`.

    People are compared on their effective figures, not on the fields as written.
    """
    pa, pb = a.row.nguoi, b.row.nguoi
    checks = (
        ("bảng", a.table, b.table),
        ("chỉ tiêu", a.indicator, b.indicator),
        ("cấp", a.row.cap, b.row.cap),
        ("số lượng", a.row.so_luong, b.row.so_luong),
        ("Nam", pa.nam, pb.nam),
        ("Nữ", pa.nu, pb.nu),
        ("tổng", _stated_total(pa), _stated_total(pb)),
    )
    return [label for label, x, y in checks if x != y]


def _same_report(ma: str, first: _Copy, other: _Copy) -> DataIssue:
    """Two rows of one report with one ``ma``: never merged (``validate=False`` gets here)."""
    return DataIssue(
        f"{other.table}[{other.index}].ma",
        f"mã '{ma}' đã dùng ở {first.table}[{first.index}] của cùng báo cáo; mỗi hoạt động "
        "một mã riêng, hoặc gộp hai dòng làm một [ma-trung-lap]",
        other.inp.source or other.inp.label,
    )


def _event(
    ma: str,
    copies: Sequence[_Copy],
    sources: tuple[str, ...],
    catalogue: Catalogue,
    issues: list[DataIssue],
) -> HoatDong | SanPham:
    first = copies[0]
    for i, other in enumerate(copies[1:], 1):
        twin = next((c for c in copies[:i] if c.inp is other.inp), None)
        if twin is not None:
            issues.append(_same_report(ma, twin, other))
            continue
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
    # Copies equal in effect may differ in form: a total written by any copy is kept,
    # and a mark on any copy, so that the row is the same whatever the order or steps.
    written = next((c.row.nguoi.tong for c in copies if c.row.nguoi.tong is not None), None)
    if nguoi.tong is None and written is not None:
        nguoi = attrs.evolve(nguoi, tong=written)
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
        **_event_details([c.row for c in copies]),
    )


def _choose_name(names: set[str], indicator: Indicator, catalogue: Catalogue) -> str:
    """One name for rows summed together; the same whatever the order or the steps."""
    if len(names) == 1:
        return next(iter(names))
    kind, value = indicator
    entry = catalogue.get(value) if kind == "ma" else None
    return entry.ten if entry is not None else min(names, key=name_order)


_ROW_FIELDS = frozenset(
    ("ten", "so_luong", "nguoi", "cap", "chi_tieu", "ma", "ghi_chu", "nguon", "so_luong_chua_du")
).union(_DETAILS)
_AS_GIVEN = ("so_luong", "nguoi", "cap", "chi_tieu", "so_luong_chua_du", *_DETAILS)
_TRUST_ROWS = True  # False builds every merged row through the model's checks (tests compare)


_TRUSTED: dict[type, bool] = {}


def _can_trust(cls: type) -> bool:
    """The row type still has exactly the fields :func:`_merged_row` fills, and no hooks."""
    found = _TRUSTED.get(cls)
    if found is None:
        hooks = ("__attrs_pre_init__", "__attrs_post_init__")
        fields = set(attrs.fields_dict(cls))
        found = _TRUSTED[cls] = fields == _ROW_FIELDS and not any(hasattr(cls, h) for h in hooks)
    return found


def _merged_row(cls: type[HoatDong] | type[SanPham], values: dict[str, Any]) -> HoatDong | SanPham:
    """The row ``cls(**values)`` of a merge key, built without checking the values again.

    A merged row costs as much to check as to sum (a national aggregation builds tens
    of thousands). Its values are taken from rows the model has checked and converted
    already (levels, places, dates, groups: converting them again gives them back), or
    summed from them within the model's rules (counts never negative, a qualifier only
    with a count, one group per code); the text is put in NFC as the model does.
    ``values`` has every field but ``ma`` (``None``), ``chi_tieu`` converted already.
    A model whose rows gained a field is built the slow way.
    ``tests/test_aggregation_fast.py`` checks both ways give equal reports.
    """
    if not (_TRUST_ROWS and _can_trust(cls)):
        return cls(**values)
    nfc = unicodedata.normalize
    row = object.__new__(cls)
    put = object.__setattr__
    for name in _AS_GIVEN:
        put(row, name, values[name])
    put(row, "ten", nfc("NFC", values["ten"]))
    put(row, "ma", None)
    note = values["ghi_chu"]
    put(row, "ghi_chu", None if note is None else nfc("NFC", note))
    put(row, "nguon", tuple([nfc("NFC", n) for n in values["nguon"]]))
    return row


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
        "detailed",
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
        self.detailed: list[HoatDong | SanPham] = []  # rows with details or qualifiers

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
        self.detailed += other.detailed

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
            uoc_tinh=UocTinh.cong(r.nguoi.uoc_tinh for r in self.detailed)
            if self.detailed
            else None,
        )

    def details(self) -> dict[str, Any]:
        """The merged row's details and qualifiers (:func:`_details`); as written for one row."""
        if self.n == 1:
            return _own_details(self.first)
        out = _details(self.detailed, self.n) if self.detailed else _no_details()
        if self.so_luong() is None:
            out["so_luong_uoc_tinh"] = None
        return out

    def nguon(self, labels: Sequence[str]) -> tuple[str, ...]:
        ranked = tuple(map(labels.__getitem__, sorted(self.ranks)))
        if not self.named:
            return ranked
        return tuple(sorted(self.named.union(ranked), key=_name_order))

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
            before = len(copies)
            for row in rows:
                if row.ma is not None:
                    copies.append(_Copy(inp, table, rows, row, len(copies) - before))
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
                if _has_details(row):
                    acc.detailed.append(row)
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
    ranks: dict[tuple[Cap, ...], tuple[int, ...]] = {}

    def order(indicator: Indicator, caps: tuple[Cap, ...], ma: str) -> Any:
        kind, value = indicator
        if kind == "ma" and value not in positions:
            positions[value] = catalogue.position(value)
        pos = positions[value] if kind == "ma" else len(catalogue.entries)
        levels = ranks.get(caps)
        if levels is None:
            levels = ranks[caps] = tuple(c.thu_tu for c in caps)
        return (pos, indicator, levels, ma)

    labels = [""] * len(inputs)
    for inp in inputs:
        labels[inp.rank] = inp.label
    placed: list[tuple[Any, str, HoatDong | SanPham]] = []
    codes: dict[str, str | None] = {}
    for key, (acc, names) in groups.items():
        table, indicator, caps = key
        kind, value = indicator
        code = None
        if kind == "ma":
            if value not in codes:
                codes[value] = _code(value)  # as the model's converter reads it
            code = codes[value]
        values = acc.details()
        values["ten"] = _choose_name(names, indicator, catalogue)
        values["so_luong"] = acc.so_luong()
        values["nguoi"] = acc.nguoi()
        values["cap"] = caps
        values["chi_tieu"] = code
        values["ghi_chu"] = acc.ghi_chu()
        values["so_luong_chua_du"] = acc.so_luong_chua_du()
        values["nguon"] = acc.nguon(labels)
        row = _merged_row(SanPham if table == "san_pham" else HoatDong, values)
        placed.append((order(indicator, caps, ""), table, row))
    for ma, event_copies in events.items():
        names = {name for c in event_copies for name in (c.row.nguon or (c.inp.label,))}
        sources = tuple(sorted(names, key=name_order)) if len(names) > 1 else tuple(names)
        row = _event(ma, event_copies, sources, catalogue, issues)
        first = event_copies[0]
        placed.append((order(first.indicator, row.cap, ma), first.table, row))
    placed.sort(key=lambda item: item[0])
    return {t: tuple(row for _, table, row in placed if table == t) for t in BaoCao.TABLES}
