"""Money and support: :class:`NguonKinhPhi`, :class:`KinhPhi` (the budget) and
:class:`HoTro` (support handed out).

Part of :mod:`binhdanggioi.model`, which re-exports every public name.
"""

from __future__ import annotations

import attrs

from binhdanggioi._model_fields import (
    _are_texts,
    _count,
    _is_opt_text,
    _is_text,
    _items,
    _levels,
    _money,
    _nfc,
    _opt_sum,
    _texts,
    _tuple,
)
from binhdanggioi.vocabulary import (
    Cap,
)


@attrs.frozen
class NguonKinhPhi:
    """A named source of funding beyond the two budget lines, in whole đồng:
    ``"Dự án 8, Chương trình MTQG 1719"``, a sponsor. ``so_tien`` ``None``: not known.

    ``chua_day_du`` marks a sum over reports some of which named the source without
    an amount (aggregation sets it).
    """

    ten: str = attrs.field(converter=_nfc, validator=_is_text)
    so_tien: int | None = attrs.field(default=None, validator=_money)
    ghi_chu: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    chua_day_du: bool = False


@attrs.frozen
class KinhPhi:
    """Budget in whole đồng: from the state budget and mobilised (xã hội hóa).

    ``nguon_khac`` lists named sources not counted in those two lines (a national
    target programme's project, a sponsor); :attr:`tong` adds them.
    ``chua_day_du`` marks a budget summed over reports some of which left out a line
    that others gave (aggregation sets it): its lines are then lower bounds.
    """

    ngan_sach_nha_nuoc: int | None = attrs.field(default=None, validator=_money)
    van_dong: int | None = attrs.field(default=None, validator=_money)
    ghi_chu: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    chua_day_du: bool = False
    nguon_khac: tuple[NguonKinhPhi, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(NguonKinhPhi), kw_only=True
    )

    @property
    def thieu(self) -> bool:
        """The budget is incomplete: a sum over reports that left a line out."""
        return self.chua_day_du or any(n.chua_day_du for n in self.nguon_khac)

    @property
    def tong(self) -> int | None:
        """All budget lines together (named sources too), ``None`` when none was reported."""
        others = (n.so_tien for n in self.nguon_khac)
        return _opt_sum((self.ngan_sach_nha_nuoc, self.van_dong, *others))


@attrs.frozen
class HoTro:
    """A line of the support handed out: gifts, scholarships, equipment.

    ``ten`` what (``"Suất quà"``, ``"Học bổng"``), ``so_suat`` how many portions,
    ``gia_tri`` their whole value in đồng (all portions together), ``doi_tuong`` for
    whom (``"học sinh có hoàn cảnh khó khăn"``), ``cap`` the level(s) that gave it,
    ``ghi_chu`` a note, ``nguon`` the units an aggregated line sums.
    ``chua_day_du`` marks a sum over lines some of which left a figure out.

    >>> HoTro("Suất quà", so_suat=20, gia_tri=10_000_000, doi_tuong="học sinh").gia_tri
    10000000
    """

    ten: str = attrs.field(converter=_nfc, validator=_is_text)
    so_suat: int | None = attrs.field(default=None, validator=_count)
    gia_tri: int | None = attrs.field(default=None, validator=_money)
    doi_tuong: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    cap: tuple[Cap, ...] = attrs.field(default=(), converter=_levels)
    ghi_chu: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    nguon: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_are_texts)
    chua_day_du: bool = False
