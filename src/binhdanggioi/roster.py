"""The roster of an aggregate: who is who, who reported, who is missing.

Everything that decides whether two :class:`~binhdanggioi.model.DonVi` are the same
unit lives here (:func:`_same_unit`, :class:`_UnitIndex`), with its users: the units
each input brings (:class:`_Input`), the guard that lets each unit's report in once
(:func:`_check_units`), the expected units and the missing ones (:func:`completeness`,
:func:`_missing`) and lists of expected units (:func:`load_units`).
:mod:`binhdanggioi.aggregation` re-exports the public names. (Not named
``completeness``: a submodule of that name would shadow ``binhdanggioi.completeness``,
the function, once imported.)
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from binhdanggioi import _years, formats
from binhdanggioi.errors import DataError, DataIssue
from binhdanggioi.model import BaoCao, Cap, DonVi, parse_cap
from binhdanggioi.vocabulary import LOAI_DON_VI, fold, name_order

__all__ = [
    "DayDu",
    "completeness",
    "load_units",
    "unit_label",
]


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


# --------------------------------------------------------------------------- inputs


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


# --------------------------------------------------------------------------- each unit once


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


def _check_expected_argument(expected: object) -> None:
    if expected is None:
        return
    if isinstance(expected, str | bytes) or not isinstance(expected, Iterable):
        raise TypeError(
            f"expected phải là danh sách đơn vị (DonVi hoặc tên), nhận {type(expected).__name__}"
        )


# --------------------------------------------------------------------------- missing units


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
