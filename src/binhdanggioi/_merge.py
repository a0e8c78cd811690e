"""Rows of many reports summed into one table: merge keys, shared events, budget, narrative.

The private half of :func:`binhdanggioi.aggregation.aggregate` (rules in its
docstring and in ``docs/aggregation.md``): :func:`_merge_rows` sums the rows of every
input in one pass (:func:`_add_rows`, :class:`_Sum`) and keeps each shared event once
(:func:`_event`); :func:`_budget` and :func:`_narrative_items` do the rest.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from binhdanggioi.catalogue import Catalogue, name_key
from binhdanggioi.drafting import generated_items
from binhdanggioi.errors import DataIssue
from binhdanggioi.model import (
    BaoCao,
    Cap,
    HinhThuc,
    HoatDong,
    HoTro,
    KinhPhi,
    NgayThang,
    NguonKinhPhi,
    NhomNguoi,
    SanPham,
    SoNguoi,
    UocTinh,
    _opt_sum,
)
from binhdanggioi.roster import _Input
from binhdanggioi.vietnamese import format_number
from binhdanggioi.vocabulary import fold, name_order, nhom_doi_tuong

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


def _note(inp: _Input, text: str | None) -> str | None:
    if not text:
        return None
    return text if inp.own else f"{inp.label}: {text}"


def _join_notes(notes: Iterable[str | None]) -> str | None:
    kept = [n for n in notes if n]
    return "; ".join(kept) if kept else None


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
            uoc_tinh=UocTinh.cong(r.nguoi.uoc_tinh for r in self.detailed),
        )

    def details(self) -> dict[str, Any]:
        """The merged row's details and qualifiers (:func:`_details`); as written for one row."""
        if self.n == 1:
            return _own_details(self.first)
        out = _details(self.detailed, self.n)
        if self.so_luong() is None:
            out["so_luong_uoc_tinh"] = None
        return out

    def nguon(self, labels: Sequence[str]) -> tuple[str, ...]:
        ranked = tuple(map(labels.__getitem__, sorted(self.ranks)))
        if not self.named:
            return ranked
        return tuple(sorted(self.named.union(ranked), key=name_order))

    def ghi_chu(self) -> str | None:
        return "; ".join(text for _, text in sorted(self.notes)) if self.notes else None


# --------------------------------------------------------------------------- details


_DETAILS = (
    "so_luong_uoc_tinh",
    "ngay",
    "den_ngay",
    "dia_diem",
    "hinh_thuc",
    "don_vi_chu_tri",
    "don_vi_phoi_hop",
    "nhom",
)


def _has_details(row: HoatDong | SanPham) -> bool:
    return bool(
        row.nhom
        or row.ngay
        or row.dia_diem
        or row.don_vi_chu_tri
        or row.don_vi_phoi_hop
        or row.hinh_thuc
        or row.so_luong_uoc_tinh
        or row.nguoi.uoc_tinh
    )


def _own_details(row: HoatDong | SanPham) -> dict[str, Any]:
    return {name: getattr(row, name) for name in _DETAILS}


def _start(d: NgayThang) -> tuple[int, int, int]:
    return (d.nam, d.thang or 0, d.ngay or 0)


def _end(d: NgayThang) -> tuple[int, int, int]:
    return (d.nam, d.thang or 13, d.ngay or 32)


def _distinct(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(values), key=name_order))


def _form(forms: Iterable[HinhThuc | None]) -> HinhThuc | None:
    """One form for merged rows: the only one given, else in person and online."""
    found = {f for f in forms if f is not None}
    if not found:
        return None
    return found.pop() if len(found) == 1 else HinhThuc.KET_HOP


def _details(rows: Sequence[HoatDong | SanPham], n: int) -> dict[str, Any]:
    """Details of ``n`` rows summed into one, ``rows`` those of them that have any.

    Places and bodies: the distinct ones; days: the earliest and the latest (``den_ngay``
    only when later); forms: the one form, or "kết hợp"; qualifiers: :meth:`UocTinh.cong`;
    groups: :func:`_sum_groups`. The same whatever the order or the steps.
    """
    starts = [r.ngay for r in rows if r.ngay is not None]
    ends = [r.den_ngay or r.ngay for r in rows if (r.den_ngay or r.ngay) is not None]
    first = min(starts, key=_start) if starts else None
    last = max(ends, key=_end) if ends else None  # type: ignore[arg-type]
    return {
        "so_luong_uoc_tinh": UocTinh.cong(r.so_luong_uoc_tinh for r in rows),
        "ngay": first,
        "den_ngay": None if last is None or last == first else last,
        "dia_diem": _distinct(p for r in rows for p in r.dia_diem),
        "hinh_thuc": _form(r.hinh_thuc for r in rows),
        "don_vi_chu_tri": _distinct(p for r in rows for p in r.don_vi_chu_tri),
        "don_vi_phoi_hop": _distinct(p for r in rows for p in r.don_vi_phoi_hop),
        "nhom": _sum_groups(rows, n),
    }


def _event_details(rows: Sequence[HoatDong | SanPham]) -> dict[str, Any]:
    """Details of copies of one event: the first copy's figures, every copy's names."""
    out = _details(rows, len(rows))
    out["so_luong_uoc_tinh"] = rows[0].so_luong_uoc_tinh
    out["nhom"] = rows[0].nhom
    return out


def _sum_groups(rows: Sequence[HoatDong | SanPham], n: int) -> tuple[NhomNguoi, ...]:
    """People by group over ``n`` rows (``rows`` those that may give groups).

    Absent is not 0: a group's sum is marked incomplete when a row does not give it,
    gives it without a number, or was marked; the number is ``None`` only when no row
    gives one.
    """
    by_code: dict[str, list[NhomNguoi]] = {}
    for row in rows:
        for group in row.nhom:
            by_code.setdefault(group.ma, []).append(group)
    if not by_code:
        return ()

    groups = nhom_doi_tuong()
    out = []
    for code in sorted(by_code, key=lambda c: (groups.position(c), c)):
        parts = by_code[code]
        given = [g.so for g in parts if g.so is not None]
        out.append(
            NhomNguoi(
                code,
                sum(given) if given else None,
                UocTinh.cong(g.uoc_tinh for g in parts) if given else None,
                chua_day_du=len(parts) < n
                or any(g.chua_day_du for g in parts)
                or (0 < len(given) < len(parts)),
            )
        )
    return tuple(out)


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
            **acc.details(),
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

KEEP_PER_SECTION = 12
"""Items of the units kept in each section of the parent; the rest are counted."""
_CUTOFF = 88  # rapidfuzz ratio (0-100) from which two folded items say the same thing
_LEADERS_PER_BLOCK = 64  # fuzzy comparisons bounded: the rest merge only when equal
_NON_WORD = re.compile(r"[^\w]+")
_DIGITS = re.compile(r"\d+")
_ASCII_PUNCT = str.maketrans(dict.fromkeys("!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~", " "))
_COUNTED = re.compile(r"\s*\((\d+ [^()\d]+)\)(?=[.;:]?\s*$)")
_NAMED = re.compile(r"\s*\(([^()]+)\)(?=[.;:]?\s*$)")


def _folded(text: str) -> str:
    """Accent-, case- and punctuation-free words: what two items are compared on.

    >>> _folded("Kinh phí  còn hạn chế.") == _folded("KINH PHI con han che")
    True
    """
    folded = fold(text)
    if folded.isascii():  # the usual case, many times faster than the regular expression
        return " ".join(folded.translate(_ASCII_PUNCT).split())
    return " ".join(_NON_WORD.sub(" ", folded).split())


def _strip_attribution(text: str, names: frozenset[str]) -> str:
    """An aggregate's item without the attribution a merge added: ``"... (12 xã)."``."""
    m = _COUNTED.search(text) or _NAMED.search(text)
    if m is None:
        return text
    inner = m.group(1)
    if m.re is _NAMED and not all(n.strip() in names for n in inner.split(",")):
        return text  # the person's own parentheses
    return text[: m.start()] + text[m.end() :]


class _Said:
    """One folded item and who said it: ``(rank, position, input, text, core)`` each."""

    __slots__ = ("first", "key", "said", "units")

    def __init__(self, key: str) -> None:
        self.key = key
        self.said: list[tuple[int, int, _Input, str, str]] = []
        self.units: set[int] = set()
        self.first = (1 << 62, 0)


def _kinds(units: Sequence[_Input]) -> str:
    """``"12 xã, 3 phường"``: the units counted by kind, kinds in order of first use."""
    counts: dict[str, int] = {}
    for dv in (inp.report.don_vi for inp in units):
        kind = dv.loai or dv.cap.nhan
        counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(f"{format_number(n)} {kind}" for kind, n in counts.items())


def _attributed(core: str, units: Sequence[_Input]) -> str:
    who = ", ".join(u.label for u in units) if len(units) <= 3 else _kinds(units)
    body = core.rstrip()
    end = body[-1] if body and body[-1] in ".;:" else ""
    body = body.rstrip(".;:").rstrip()
    return f"{body} ({who}){end or '.'}"


def _cluster(pooled: dict[str, _Said]) -> list[list[_Said]]:
    """Near-duplicate items grouped, most shared first, whatever the order of the inputs.

    Items are taken by support (units), then by their first place; each joins the most
    similar earlier leader of its block (first two words and the numbers) when the score reaches
    :data:`_CUTOFF`, else leads a group of its own.
    """
    from rapidfuzz import fuzz, process

    order = sorted(pooled, key=lambda k: (-len(pooled[k].units), pooled[k].first, k))
    groups: list[list[_Said]] = []
    blocks: dict[str, tuple[list[str], list[int]]] = {}
    for key in order:
        said = pooled[key]
        # Items that give different numbers never say the same thing.
        block = " ".join([*key.split(" ", 2)[:2], *_DIGITS.findall(key)])
        leaders, where = blocks.setdefault(block, ([], []))
        found = None
        if leaders:
            found = process.extractOne(
                key, leaders, scorer=fuzz.ratio, score_cutoff=_CUTOFF, processor=None
            )
        if found is not None:
            groups[where[found[2]]].append(said)
            continue
        if len(leaders) < _LEADERS_PER_BLOCK:
            leaders.append(key)
            where.append(len(groups))
        groups.append([said])
    return groups


def _wording(said: Sequence[tuple[int, int, _Input, str, str]]) -> str:
    """The words a group is printed with: its most common, accents preferred, then first."""
    counts: dict[str, int] = {}
    for s in said:
        counts[s[4]] = counts.get(s[4], 0) + 1
    return max(counts, key=lambda core: (counts[core], not core.isascii()))


def _merged(pooled: dict[str, _Said]) -> list[str]:
    """The parent's items from the units' items: one per group, at most
    :data:`KEEP_PER_SECTION` groups, the rest counted in a last item.

    A group said by one unit keeps each of its items, prefixed with the unit's name
    (``"Xã A: ..."``); a group said by several becomes one item naming them, or
    counting them by kind past three (``"... (12 xã)."``).
    """
    if not pooled:
        return []
    # (sort key, the item printed, the units behind it). Items of one unit only stay
    # each in its own place, so that one report aggregated alone keeps its order.
    ranked: list[tuple[tuple[int, tuple[int, int], str], str, set[int]]] = []
    for group in _cluster(pooled):
        units = set().union(*(g.units for g in group))
        said = sorted((s for g in group for s in g.said), key=lambda s: (s[0], s[1]))
        if len(units) == 1:
            ranked.extend(((-1, (s[0], s[1]), ""), f"{s[2].label}: {s[3]}", units) for s in said)
            continue
        who = {s[0]: s[2] for s in said}
        first = min(g.first for g in group)
        item = _attributed(_wording(said), [who[r] for r in sorted(who)])
        ranked.append(((-len(units), first, group[0].key), item, units))
    ranked.sort(key=lambda r: r[0])
    out = [item for _, item, _ in ranked[:KEEP_PER_SECTION]]
    rest = ranked[KEEP_PER_SECTION:]
    if rest:
        speakers = len(set().union(*(units for _, _, units in rest)))
        out.append(
            f"Và {format_number(len(rest))} ý kiến khác của {format_number(speakers)} đơn vị "
            "(xem báo cáo của từng đơn vị)."
        )
    return out


def _narrative_items(inputs: Sequence[_Input], field: str) -> tuple[str, ...]:
    """The parent's items of ``field``: its own first, as written, then the units' merged.

    Items an input's software drafted (``tu_dong``) are left out: the parent drafts
    its own from its figures.
    """
    get = operator.attrgetter(field)
    out: list[str] = []
    pooled: dict[str, _Said] = {}
    keys: dict[str, str] = {}  # many units write the very same words
    for inp in inputs:
        value = get(inp.report)
        items: tuple[str, ...] = (value,) if isinstance(value, str) else value or ()
        if not items:
            continue
        if inp.report.tu_dong:
            drafted = generated_items(inp.report).get(field, frozenset())
            items = tuple(i for i in items if i not in drafted)
        if inp.own:
            out.extend(items)
            continue
        names = frozenset(u.nhan for u in inp.report.nguon)
        for pos, item in enumerate(items):
            core = _strip_attribution(item, names) if names else item
            key = keys.get(core)
            if key is None:
                key = keys[core] = _folded(core)
            said = pooled.get(key)
            if said is None:
                said = pooled[key] = _Said(key)
            said.said.append((inp.rank, pos, inp, item, core))
            said.units.add(inp.rank)
            if inp.rank < said.first[0]:
                said.first = (inp.rank, pos)
    out.extend(_merged(pooled))
    return tuple(out)


def _budget(inputs: Sequence[_Input]) -> KinhPhi:
    """Budget lines summed; marked when a line is given by some inputs only, or an input
    was marked (a line absent everywhere stays absent and unmarked). Notes are merged
    as the narrative is (:func:`_narrative_items`), joined with ``"; "``."""
    parts = [inp.report.kinh_phi for inp in inputs]
    state = [k.ngan_sach_nha_nuoc for k in parts]
    mobilised = [k.van_dong for k in parts]
    gaps = any(None in line and any(v is not None for v in line) for line in (state, mobilised))
    return KinhPhi(
        ngan_sach_nha_nuoc=_opt_sum(state),
        van_dong=_opt_sum(mobilised),
        ghi_chu="; ".join(_narrative_items(inputs, "kinh_phi.ghi_chu")) or None,
        chua_day_du=gaps or any(k.chua_day_du for k in parts),
        nguon_khac=_funding(parts),
    )


# --------------------------------------------------------------------------- support


def _funding(parts: Sequence[KinhPhi]) -> tuple[NguonKinhPhi, ...]:
    """Named sources summed by name (case, accents form and spacing ignored)."""
    by_name: dict[str, list[NguonKinhPhi]] = {}
    for kp in parts:
        for source in kp.nguon_khac:
            by_name.setdefault(name_key(source.ten), []).append(source)
    out = []
    for items in by_name.values():
        given = [s.so_tien for s in items if s.so_tien is not None]
        # Notes as a set of parts, so that the order and grouping of inputs do not
        # matter (two steps give what one step gives).
        notes = sorted({p for s in items if s.ghi_chu for p in s.ghi_chu.split("; ")})
        out.append(
            NguonKinhPhi(
                min((s.ten for s in items), key=name_order),
                sum(given) if given else None,
                "; ".join(notes) if notes else None,
                chua_day_du=any(s.chua_day_du for s in items) or 0 < len(given) < len(items),
            )
        )
    return tuple(sorted(out, key=lambda s: name_order(s.ten)))


def _support(inputs: Sequence[_Input]) -> tuple[HoTro, ...]:
    """Support lines summed by what, for whom and level; portions and value conserved."""
    by_key: dict[tuple[str, str, tuple[Cap, ...]], list[tuple[_Input, HoTro]]] = {}
    for inp in inputs:
        for line in inp.report.ho_tro:
            key = (name_key(line.ten), name_key(line.doi_tuong or ""), line.cap)
            by_key.setdefault(key, []).append((inp, line))
    out = []
    for items in by_key.values():
        lines = [line for _, line in items]
        if len(items) == 1 and items[0][0].own:
            out.append(lines[0])
            continue
        portions = [x.so_suat for x in lines]
        values = [x.gia_tri for x in lines]
        gaps = any(None in v and any(x is not None for x in v) for v in (portions, values))
        names = {n for inp, line in items for n in (line.nguon or (inp.label,))}
        out.append(
            HoTro(
                ten=min((x.ten for x in lines), key=name_order),
                so_suat=_opt_sum(portions),
                gia_tri=_opt_sum(values),
                doi_tuong=min(
                    (x.doi_tuong for x in lines if x.doi_tuong), key=name_order, default=None
                ),
                cap=lines[0].cap,
                ghi_chu=_join_notes(_note(inp, line.ghi_chu) for inp, line in items),
                nguon=tuple(sorted(names, key=name_order)),
                chua_day_du=gaps or any(x.chua_day_du for x in lines),
            )
        )
    return tuple(sorted(out, key=lambda x: (name_order(x.ten), name_order(x.doi_tuong or ""))))
