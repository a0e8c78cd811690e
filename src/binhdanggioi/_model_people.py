"""Numbers of people: :class:`SoNguoi` (men, women, total) and :class:`NhomNguoi`
(a group of participants).

Part of :mod:`binhdanggioi.model`, which re-exports every public name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from binhdanggioi._model_fields import (
    _code,
    _count,
    _is_text,
    _items,
    _opt_sum,
    _opt_uoc_tinh,
    _qualifies,
    _tuple,
)
from binhdanggioi.vocabulary import (
    UocTinh,
)


@attrs.frozen
class SoNguoi:
    """People reached, by sex: ``nam`` (men), ``nu`` (women), ``tong`` (total).

    Each is a whole number ≥ 0 or ``None`` (not reported). ``chua_day_du`` marks
    a sum that includes a figure not reported, so it never looks complete.
    ``uoc_tinh`` makes the whole figure approximate ("hơn 100 người"): its word is
    written before :attr:`phan_uoc_tinh` (see :meth:`UocTinh.cong` for sums).

    >>> s = SoNguoi(nam=42, nu=58)
    >>> s.tong_so, s.ty_le_nu, s.thieu
    (100, 0.58, False)
    >>> SoNguoi(nu=10).thieu
    True
    """

    nam: int | None = attrs.field(default=None, validator=_count)
    nu: int | None = attrs.field(default=None, validator=_count)
    tong: int | None = attrs.field(default=None, validator=_count)
    chua_day_du: bool = False
    uoc_tinh: UocTinh | None = attrs.field(
        default=None, converter=_opt_uoc_tinh, kw_only=True, validator=_qualifies("rong")
    )

    @property
    def rong(self) -> bool:
        """Nothing was reported."""
        return self.nam is None and self.nu is None and self.tong is None

    @property
    def phan_uoc_tinh(self) -> tuple[str, ...]:
        """The parts written with the qualifier: ``tong`` when given, else ``nam``/``nu``.

        >>> SoNguoi(nu=40, uoc_tinh="hơn").phan_uoc_tinh, SoNguoi(1, 2, 5).phan_uoc_tinh
        (('nu',), ())
        """
        if self.uoc_tinh is None:
            return ()
        if self.tong is not None:
            return ("tong",)
        return tuple(k for k in ("nam", "nu") if getattr(self, k) is not None)

    @property
    def tong_so(self) -> int | None:
        """The effective total: ``tong``, else ``nam + nu``, else the one part given."""
        if self.tong is not None:
            return self.tong
        return _opt_sum((self.nam, self.nu))

    @property
    def da_phan_tach(self) -> int:
        """People attributed to a sex: ``nam + nu`` over the parts reported."""
        return (self.nam or 0) + (self.nu or 0)

    @property
    def chua_phan_tach(self) -> int | None:
        """People in the total not split by sex (never attributed to either sex)."""
        if self.tong is None:
            return None
        return max(self.tong - self.da_phan_tach, 0)

    @property
    def mot_phan(self) -> bool:
        """Only one of ``nam``/``nu`` is given and there is no total."""
        return self.tong is None and (self.nam is None) != (self.nu is None)

    @property
    def thieu(self) -> bool:
        """The figure is incomplete: one sex missing without a total, or a sum over gaps."""
        return self.chua_day_du or self.mot_phan

    @property
    def ty_le_nu(self) -> float | None:
        """Women's share over the part split by sex, ``nu / (nam + nu)``.

        ``None`` when either sex is missing, or when the figure is a sum marked
        incomplete (``chua_day_du``): such a sum may add men from one row to women
        from another, and a share computed from it would look right and be wrong.
        """
        if self.nam is None or self.nu is None or self.nam + self.nu == 0:
            return None
        if self.chua_day_du:
            return None
        return self.nu / (self.nam + self.nu)

    @classmethod
    def cong(cls, parts: Iterable[SoNguoi]) -> SoNguoi:
        """Sum figures without inventing data; absent parts stay visible as incomplete.

        >>> SoNguoi.cong([SoNguoi(nam=1, nu=2), SoNguoi(tong=10)])
        SoNguoi(nam=1, nu=2, tong=13, chua_day_du=False, uoc_tinh=None)
        >>> SoNguoi.cong([SoNguoi(nam=1, nu=2), SoNguoi()]).thieu
        True
        """
        items = list(parts)
        given = [p for p in items if not p.rong]
        if not given:
            # Nothing reported anywhere; a gap marked on an input stays marked.
            return cls(chua_day_du=any(p.chua_day_du for p in items))
        qualifier = UocTinh.cong(p.uoc_tinh for p in given)
        incomplete = len(given) < len(items) or any(p.thieu for p in given)
        needs_total = any(p.tong is not None or p.nam is None or p.nu is None for p in given)
        total = sum(p.tong_so or 0 for p in given) if needs_total else None
        return cls(
            nam=_opt_sum(p.nam for p in given),
            nu=_opt_sum(p.nu for p in given),
            tong=total,
            chua_day_du=incomplete,
            uoc_tinh=qualifier,
        )

    def __add__(self, other: SoNguoi) -> SoNguoi:
        if not isinstance(other, SoNguoi):
            return NotImplemented
        return SoNguoi.cong((self, other))


@attrs.frozen
class NhomNguoi:
    """People of one target group reached by a row: ``ma`` the group's code in the
    catalogue of groups (``"hoc-sinh"``, :func:`binhdanggioi.catalogue.nhom_doi_tuong`),
    ``so`` how many
    (``None``: the group was reached, the number not counted), ``uoc_tinh`` a qualifier
    on it. ``chua_day_du`` marks a sum over rows some of which did not give the group.

    Groups stand beside the split by sex and never replace it: one person may be in
    several groups (a schoolgirl is a "học sinh" and a "trẻ em").

    >>> NhomNguoi("hoc-sinh", 450)
    NhomNguoi(ma='hoc-sinh', so=450, uoc_tinh=None, chua_day_du=False)
    """

    ma: str = attrs.field(converter=_code, validator=_is_text)
    so: int | None = attrs.field(default=None, validator=_count)
    uoc_tinh: UocTinh | None = attrs.field(
        default=None, converter=_opt_uoc_tinh, validator=_qualifies("so")
    )
    chua_day_du: bool = False


def _groups(value: Any) -> tuple[Any, ...]:
    """Groups as a tuple; a mapping ``{code: count}`` is read in its order."""
    if type(value) is tuple:
        return value
    if isinstance(value, dict):
        return tuple(NhomNguoi(k, v) for k, v in value.items())
    return _tuple(value)


def _unique_groups(_inst: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    if not value:
        return
    _items(NhomNguoi)(_inst, attribute, value)
    codes = [g.ma for g in value]
    if len(set(codes)) != len(codes):
        twice = sorted({c for c in codes if codes.count(c) > 1})
        raise ValueError(f"{attribute.name}: nhóm '{twice[0]}' ghi hai lần; gộp làm một")
