"""The roster of an aggregate: who is who, who belongs, who reported, who is missing.

Everything that decides whether two :class:`~binhdanggioi.model.DonVi` are the same
unit lives here (:class:`_Identity`, :func:`_same_unit`, :class:`_UnitIndex`), with its
users: the units each input brings (:class:`_Input`), the guard that lets each unit's
report in once (:func:`_check_units`), the guard that lets in only the parent's own
units (:func:`_check_membership`), the expected units and the missing ones
(:func:`completeness`, :func:`_missing`) and lists of expected units (:func:`load_units`).
:mod:`binhdanggioi.aggregation` re-exports the public names. (Not named
``completeness``: a submodule of that name would shadow ``binhdanggioi.completeness``,
the function, once imported.)

Identity is :attr:`DonVi.dinh_danh <binhdanggioi.model.DonVi.dinh_danh>`: the code when
both units have one, else the level and the name key (:func:`~binhdanggioi.vocabulary.unit_key`:
kind, invisible characters, look-alikes, case and spacing ignored). For years from 2025,
with a registry, the code is the official one the registry finds for the unit
(:func:`binhdanggioi.units.resolve`, within the province aggregated into), so that a
name and a code of one commune are one unit too.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

from binhdanggioi import _years, formats
from binhdanggioi.errors import DataError, DataIssue
from binhdanggioi.model import BaoCao, Cap, DonVi, parse_cap
from binhdanggioi.rules import Problem, _registry_for
from binhdanggioi.units import Registry, Unit, full_name, province_of, resolve
from binhdanggioi.vocabulary import LOAI_DON_VI, fold, name_order, unit_key

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


def _name_key(unit: DonVi) -> str:
    """The level and the name key: the name half of :attr:`DonVi.dinh_danh`."""
    return f"{unit.cap.value}:{unit_key(unit.ten, unit.loai)}"


class _Identity:
    """Who is who in one aggregation: each unit's code and name key, worked out once.

    Two units that both have their own ``ma`` are one when the codes are equal (as
    :attr:`DonVi.dinh_danh <binhdanggioi.model.DonVi.dinh_danh>` says, and without a
    lookup). Otherwise each is known by the official code when ``registry`` resolves it
    (a commune within its own ``tinh``, else within ``province``, the province
    aggregated into), else by its own ``ma``: equal codes when both have one, else
    equal name keys.

    >>> ident = _Identity()
    >>> ident.same(DonVi("Xã Dương\u200b Quang", "xa"), DonVi("dương  QUANG", "xa", "xã"))
    True
    >>> ident.same(DonVi("Văn Lang", "xa"), DonVi("Văn Lăng", "xa"))
    False
    """

    __slots__ = ("_cache", "_found", "province", "registry")

    def __init__(
        self, registry: Registry | None = None, province: str | None = None, *, cache: bool = True
    ) -> None:
        self.registry = registry
        self.province = province
        # By id, with the unit kept alive so that its id is not reused meanwhile.
        self._cache: dict[int, tuple[DonVi, str | None, str | None]] | None = {} if cache else None
        self._found: dict[int, tuple[DonVi, Unit | None]] = {}

    def official(self, unit: DonVi) -> Unit | None:
        """The registry's unit for ``unit``, or None (no registry, not found, ambiguous)."""
        if self.registry is None:
            return None
        hit = self._found.get(id(unit))
        if hit is not None and hit[0] is unit:
            return hit[1]
        found = resolve(unit, self.registry, province=self.province)
        if self._cache is not None:
            self._found[id(unit)] = (unit, found)
        return found

    def code(self, unit: DonVi) -> str | None:
        """The official code, else the unit's own ``ma``, else None."""
        cache = self._cache
        if cache is not None:
            hit = cache.get(id(unit))
            if hit is not None and hit[0] is unit:
                return hit[1]
        found = self.official(unit)
        code = found.ma if found is not None else unit.ma
        if cache is not None:
            cache[id(unit)] = (unit, code, None)
        return code

    def name(self, unit: DonVi) -> str:
        """The level and the name key (every spelling of one name gives one key)."""
        cache = self._cache
        if cache is None:
            return _name_key(unit)
        hit = cache.get(id(unit))
        if hit is None or hit[0] is not unit:
            code = self.code(unit)
            hit = (unit, code, None)
        if hit[2] is None:
            hit = cache[id(unit)] = (unit, hit[1], _name_key(unit))
        assert hit[2] is not None  # set just above
        return hit[2]

    def same(self, a: DonVi, b: DonVi) -> bool:
        """Codes decide when both units have one; else the level and the name key."""
        if a.ma and b.ma:
            return a.ma == b.ma
        ca, cb = self.code(a), self.code(b)
        if ca and cb:
            return ca == cb
        return self.name(a) == self.name(b)


_BY_NAME = _Identity(cache=False)
"""Identity without a registry and without a cache, for a comparison here and there."""


def _same_unit(a: DonVi, b: DonVi, ident: _Identity = _BY_NAME) -> bool:
    """One unit, by :meth:`_Identity.same` (by code or name key only, by default)."""
    return ident.same(a, b)


def _unit_order(don_vi: DonVi) -> tuple[int, tuple[str, str], str, str]:
    return (don_vi.cap.thu_tu, name_order(don_vi.nhan), don_vi.ma or "", don_vi.loai or "")


class _UnitIndex:
    """Units looked up by code and by name key (see :meth:`_Identity.same`)."""

    def __init__(self, ident: _Identity | None = None, *, by_name: bool = True) -> None:
        # Without by_name every unit must have a code: codes alone then decide.
        self._ident = ident if ident is not None else _Identity()
        self._names = by_name
        self._by_code: dict[str, list[tuple[DonVi, Any]]] = {}
        self._by_name: dict[str, list[tuple[DonVi, Any]]] = {}

    def _codes(self, unit: DonVi) -> set[str]:
        """The unit's own code and, when it is looked up, the official one."""
        codes = {unit.ma} if unit.ma else set()
        if self._names or not unit.ma:  # a lookup may join a unit without code to others
            code = self._ident.code(unit)
            if code:
                codes.add(code)
        return codes

    def add(self, unit: DonVi, tag: Any) -> None:
        for code in self._codes(unit):
            self._by_code.setdefault(code, []).append((unit, tag))
        if self._names:
            self._by_name.setdefault(self._ident.name(unit), []).append((unit, tag))

    def find(self, unit: DonVi) -> list[tuple[DonVi, Any]]:
        """The units indexed so far that are the same unit as ``unit``."""
        candidates = self._by_name.get(self._ident.name(unit), []) if self._names else []
        for code in self._codes(unit):
            by_code = self._by_code.get(code)
            if by_code:
                candidates = candidates + [c for c in by_code if c not in candidates]
        if not candidates:
            return candidates
        return [(other, tag) for other, tag in candidates if self._ident.same(unit, other)]


# --------------------------------------------------------------------------- inputs


class _Input:
    """One report given to :func:`aggregate`, with what the loops need at hand."""

    __slots__ = ("ident", "key", "label", "own", "rank", "report", "source")

    def __init__(
        self,
        report: BaoCao,
        source: str | None,
        label: str,
        own: bool,
        ident: _Identity = _BY_NAME,
    ) -> None:
        self.report = report
        self.source = source
        self.label = label
        self.own = own
        self.ident = ident
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
        return (don_vi, *(u for u in nguon if not self.ident.same(u, don_vi)))


# --------------------------------------------------------------------------- each unit once


def _report_kind(inp: _Input, unit: DonVi) -> str:
    return f"báo cáo {inp.where}" if unit is inp.report.don_vi else f"báo cáo tổng hợp {inp.where}"


def _check_units(inputs: Sequence[_Input], ident: _Identity) -> list[DataIssue]:
    """Each unit's report may enter once, directly or through one aggregate, however
    its name is spelled."""
    issues = []
    # Names are keyed only when some unit has no code, its own or from the registry.
    by_name = not all(u.ma or ident.code(u) for inp in inputs for u in inp.units())
    index = _UnitIndex(ident, by_name=by_name)
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


# --------------------------------------------------------------------------- membership

_SHOWN = 3  # closest official names in a warning
_CAPS: dict[str, Cap] = {"tinh": Cap.TINH, "xa": Cap.XA}


def _registry(year: int, given: Registry | Literal[False] | None) -> Registry | None:
    """The registry for ``year`` (the official one by default, when installed), or None."""
    return _registry_for(year, given)


def _identity_for(parent: DonVi, registry: Registry | None) -> tuple[_Identity, Unit | None]:
    """The identity of one aggregation into ``parent``, and the parent's official unit.

    Communes are resolved within the parent when it is a province of the registry.
    """
    official = resolve(parent, registry) if registry is not None else None
    province = official.ma if official is not None and official.cap == "tinh" else None
    return _Identity(registry, province), official


def _province_name(registry: Registry, code: str | None) -> str:
    found = registry.by_code(code) if code else None
    return found.ten_day_du if found is not None else f"tỉnh mã {code}"


def _check_membership(
    inputs: Sequence[_Input], parent: Unit | None, ident: _Identity
) -> tuple[list[DataIssue], list[tuple[_Input, Problem]]]:
    """Refusals and warnings for the units that do not belong to ``parent``.

    ``parent`` is the official unit aggregated into (None: nothing is checked). A unit
    whose code is in the registry at a level not below the parent's is refused; below
    a province, a commune registered in (or stating) another province is refused, and
    one that states no province is looked up in the parent's list: found elsewhere
    only, it is refused; found nowhere, it is warned with the closest official names.
    """
    refused: list[DataIssue] = []
    warned: list[tuple[_Input, Problem]] = []
    registry = ident.registry
    if registry is None or parent is None:
        return refused, warned
    for inp in inputs:
        if inp.own:
            continue
        dv = inp.report.don_vi
        issue = _registered_level(inp, dv, parent, registry)
        if issue is not None:
            refused.append(issue)
            continue
        if parent.cap == "tinh" and dv.cap is Cap.XA:
            issue, problem = _belongs(inp, dv, parent, ident, registry)
            if issue is not None:
                refused.append(issue)
            if problem is not None:
                warned.append((inp, problem))
    return refused, warned


def _registered_level(inp: _Input, dv: DonVi, parent: Unit, registry: Registry) -> DataIssue | None:
    """A refusal when ``dv``'s code is, in the registry, a unit not below ``parent``.

    A unit whose own level is not below is refused already (``_check_levels``).
    """
    found = registry.by_code(dv.ma) if dv.ma else None
    level = _CAPS.get(found.cap) if found is not None else None
    if found is None or level is None or level is dv.cap:
        return None
    above = _CAPS[parent.cap]
    if level.thu_tu > above.thu_tu:
        return None
    return DataIssue(
        "don_vi.ma",
        f"{inp.where} ghi mã {dv.ma}, theo danh mục là mã của {found.ten_day_du} (cấp "
        f"{level.nhan}), không thấp hơn {parent.ten_day_du} (cấp {above.nhan}): chỉ cộng "
        "được báo cáo của đơn vị cấp dưới; sửa mã đơn vị",
        inp.source or inp.label,
    )


def _belongs(
    inp: _Input, dv: DonVi, parent: Unit, ident: _Identity, registry: Registry
) -> tuple[DataIssue | None, Problem | None]:
    """Whether the commune ``dv`` belongs to the province ``parent``: (refusal, warning)."""
    source = inp.source or inp.label
    here = parent.ten_day_du
    found = ident.official(dv)
    if found is not None:
        if found.ma_tinh == parent.ma:
            return None, None
        return DataIssue(
            "don_vi",
            f"{inp.where} là {found.ten_day_du} (mã {found.ma}) thuộc "
            f"{_province_name(registry, found.ma_tinh)} theo danh mục, không thuộc {here}: "
            f"chỉ cộng báo cáo của các đơn vị thuộc {here}",
            source,
        ), None
    stated = province_of(registry, dv.tinh) if dv.tinh else None
    if stated is not None:
        if stated.ma == parent.ma:
            return None, None  # its name is checked by validate, within its province
        return DataIssue(
            "don_vi.tinh",
            f"{inp.where} ghi thuộc {stated.ten_day_du}, không thuộc {here}: chỉ cộng "
            f"báo cáo của các đơn vị thuộc {here}",
            source,
        ), None
    name = full_name(dv)
    if any(u.cap == "xa" for u in registry.find(name, province=parent.ma)):
        return None, None  # in the parent's list (a name given twice there: by code)
    elsewhere = [u for u in registry.find(name) if u.cap == "xa"]
    if elsewhere:
        places = ", ".join(
            dict.fromkeys(
                f"{u.ten_day_du} ({_province_name(registry, u.ma_tinh)})" for u in elsewhere
            )
        )
        return DataIssue(
            "don_vi.ten",
            f"{inp.where} không có trong danh mục xã, phường của {here}; theo danh mục, "
            f"tên này là của {places}: báo cáo của đơn vị tỉnh khác không cộng vào {here} "
            f"(nếu đúng là đơn vị của {here}, sửa tên theo danh mục)",
            source,
        ), None
    near = [u for u in registry.closest(name, province=parent.ma, n=_SHOWN) if u.cap == "xa"]
    hint = (
        f"có phải: {', '.join(u.ten_day_du for u in near)}?"
        if near
        else "ghi tên theo danh mục (binhdanggioi don-vi TÊN --tinh MÃ)"
    )
    return None, Problem(
        "don-vi-khong-co-trong-danh-muc",
        "don_vi.ten",
        f"{dv.nhan} không có trong danh mục đơn vị hành chính của {here}; {hint}",
        "warning",
    )


# --------------------------------------------------------------------------- completeness


@attrs.frozen
class DayDu:
    """Completeness of a report against the units expected to report.

    ``du_kien`` expected, ``da_bao_cao`` expected and present, ``chua_bao_cao``
    expected and missing, ``ngoai_danh_sach`` present at an expected level though not
    expected (often a misspelt name).

    >>> d = DayDu((DonVi("A", "xa", "xã"), DonVi("B", "xa", "phường")), (), ())
    >>> d = attrs.evolve(d, da_bao_cao=d.du_kien[:1], chua_bao_cao=d.du_kien[1:])
    >>> d.tom_tat
    '1/2 xã, phường đã báo cáo; chưa báo cáo: Phường B'
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

    @property
    def tom_tat(self) -> str:
        """One line: ``85/92 xã, phường đã báo cáo; chưa báo cáo: Xã A, Phường B, …``.

        The kinds named are those of the expected units, in the order of the levels.
        """
        kinds = {fold(u.loai) for u in self.du_kien if u.loai}
        named = [k for k in LOAI_DON_VI if fold(k) in kinds]
        unnamed = len(kinds) > len(named) or any(not u.loai for u in self.du_kien)
        label = ", ".join(named) if named and not unnamed else "đơn vị"
        line = f"{len(self.da_bao_cao)}/{len(self.du_kien)} {label} đã báo cáo"
        if self.chua_bao_cao:
            line += "; chưa báo cáo: " + ", ".join(u.nhan for u in self.chua_bao_cao)
        return line


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


def _from_registry(parent: Unit | None, registry: Registry | None) -> tuple[DonVi, ...] | None:
    """The registry's children of ``parent`` as units, or None when it has none."""
    if parent is None or registry is None:
        return None
    children = registry.children(parent.ma)
    if not children:
        return None
    return tuple(DonVi(u.ten, _CAPS[u.cap], u.loai, u.ma, tinh=u.ma_tinh) for u in children)


def _expected_present(wanted: DonVi, index: _UnitIndex, by_label: set[str]) -> bool:
    if index.find(wanted):
        return True
    # A name given without its level ("Dương Quang", "xã Dương Quang") matches by name.
    return wanted.ma is None and (
        fold(wanted.ten) in by_label or fold(wanted.ten_day_du) in by_label
    )


def _check_expected(
    units: Sequence[DonVi], expected: Sequence[DonVi], parent: DonVi, ident: _Identity
) -> DayDu:
    index = _UnitIndex(ident)
    by_label: set[str] = set()
    for unit in units:
        index.add(unit, None)
        by_label.update((fold(unit.ten), fold(unit.ten_day_du)))
    present: list[DonVi] = []
    missing: list[DonVi] = []
    for wanted in expected:
        (present if _expected_present(wanted, index, by_label) else missing).append(wanted)
    wanted_index = _UnitIndex(ident)
    for wanted in expected:
        wanted_index.add(wanted, None)
    wanted_labels = {fold(w.ten) for w in expected} | {fold(w.ten_day_du) for w in expected}
    levels = {w.cap for w in expected}
    extra = [
        u
        for u in units
        if u.cap in levels
        and not ident.same(u, parent)
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


def completeness(
    bao_cao: BaoCao,
    expected: Iterable[DonVi | str] | None = None,
    *,
    registry: Registry | Literal[False] | None = None,
) -> DayDu:
    """Which of the ``expected`` units are among the sources of ``bao_cao``.

    Expected units are :class:`DonVi` values or names (``"xã Dương Quang"``, matched
    ignoring case and accents); a unit counts as reported when it is in
    ``bao_cao.nguon`` (directly or through an aggregate) or is the report's own unit.

    Without ``expected``, for years from 2025, the expected units are the registry's
    children of the report's unit when it is a province of the registry (the official
    list by default, when installed; ``registry`` an application's own, ``False``
    none): every commune of the province. Otherwise nothing is expected.

    >>> r = BaoCao(2023, DonVi("H", "huyen"), nguon=(DonVi("A", "xa"),))
    >>> d = completeness(r, ["xã A", "B"])
    >>> [u.ten for u in d.chua_bao_cao], d.ty_le
    (['B'], 0.5)
    """
    if not isinstance(bao_cao, BaoCao):
        raise TypeError(f"completeness() cần một BaoCao, nhận {type(bao_cao).__name__}")
    _check_expected_argument(expected)
    ident, official = _identity_for(bao_cao.don_vi, _registry(bao_cao.nam, registry))
    if expected is None:
        wanted = _from_registry(official, ident.registry) or ()
    else:
        wanted = _resolve_expected(expected, bao_cao.don_vi, bao_cao.nam)
    units = list(bao_cao.nguon) or [bao_cao.don_vi]
    return _check_expected(units, wanted, bao_cao.don_vi, ident)


def _check_expected_argument(expected: object) -> None:
    if expected is None:
        return
    if isinstance(expected, str | bytes) or not isinstance(expected, Iterable):
        raise TypeError(
            f"expected phải là danh sách đơn vị (DonVi hoặc tên), nhận {type(expected).__name__}"
        )


# --------------------------------------------------------------------------- missing units


@attrs.frozen
class _Expected:
    """Who should report into ``parent`` for ``year``: the ``units`` given (names or
    :class:`DonVi`), else the registry's children of ``official``, else nobody known."""

    parent: DonVi
    year: int
    units: Iterable[DonVi | str] | None = None
    official: Unit | None = None


def _missing(
    inputs: Sequence[_Input], units: Sequence[DonVi], expected: _Expected, ident: _Identity
) -> tuple[DonVi, ...]:
    """Expected units missing (the registry's children of ``expected.official`` by
    default), with those the inputs were missing already, each once."""
    found: list[DonVi] = []
    wanted = (
        _from_registry(expected.official, ident.registry)
        if expected.units is None
        else _resolve_expected(expected.units, expected.parent, expected.year)
    )
    if wanted is not None:
        found.extend(_check_expected(units, wanted, expected.parent, ident).chua_bao_cao)
    for inp in inputs:
        found.extend(inp.report.chua_bao_cao)
    if not found:
        return ()
    present = _UnitIndex(ident)
    for unit in units:
        present.add(unit, None)
    out: list[DonVi] = []
    seen = _UnitIndex(ident)
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
