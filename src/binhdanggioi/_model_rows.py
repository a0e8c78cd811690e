"""The rows of the tables and their dates: :class:`NgayThang` (a possibly partial
date), :class:`HoatDong` and :class:`SanPham`.

Part of :mod:`binhdanggioi.model`, which re-exports every public name.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import attrs

from binhdanggioi._model_fields import (
    _are_texts,
    _code,
    _count,
    _is_opt_text,
    _is_text,
    _kind,
    _levels,
    _names,
    _nfc,
    _opt_hinh_thuc,
    _opt_uoc_tinh,
    _qualifies,
    _texts,
)
from binhdanggioi._model_people import NhomNguoi, SoNguoi, _groups, _unique_groups
from binhdanggioi.vocabulary import (
    Cap,
    HinhThuc,
    UocTinh,
)

# --------------------------------------------------------------------------- narrative


def _check_partial_date(inst: NgayThang, _a: Any, _v: Any) -> None:
    if inst.ngay is not None and inst.thang is None:
        raise ValueError("có ngày thì phải có tháng")
    if inst.thang is not None and not 1 <= inst.thang <= 12:
        raise ValueError(f"tháng {inst.thang} không có; tháng từ 1 đến 12")
    if inst.ngay is not None and inst.thang is not None:
        try:
            date(inst.nam, inst.thang, inst.ngay)
        except ValueError as err:
            raise ValueError(
                f"không có ngày {inst.ngay}/{inst.thang}/{inst.nam}; kiểm tra lại ngày tháng"
            ) from err


@attrs.frozen
class NgayThang:
    """A date that may leave the day (or month) blank, as drafts do.

    Written as ISO text: ``"2023-12-05"``, ``"2023-12"`` or ``"2023"``.

    >>> NgayThang.parse("2023-12")
    NgayThang(nam=2023, thang=12, ngay=None)
    """

    nam: int
    thang: int | None = attrs.field(default=None, validator=_check_partial_date)
    ngay: int | None = None

    @classmethod
    def parse(cls, text: str) -> NgayThang:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        m = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*", text)
        if not m:
            raise ValueError(
                f"ngày '{text}' không đúng dạng; viết YYYY-MM-DD, ví dụ 2023-12-05, "
                "hoặc YYYY-MM nếu chưa có ngày"
            )
        y, mo, d = m.groups()
        return cls(int(y), int(mo) if mo else None, int(d) if d else None)

    @classmethod
    def from_date(cls, value: date) -> NgayThang:
        """The full date ``value``."""
        return cls(value.year, value.month, value.day)

    def to_date(self) -> date | None:
        """A :class:`datetime.date` when the date is complete, else ``None``."""
        if self.thang is None or self.ngay is None:
            return None
        return date(self.nam, self.thang, self.ngay)

    def __str__(self) -> str:
        parts = [f"{self.nam:04d}"]
        if self.thang is not None:
            parts.append(f"{self.thang:02d}")
        if self.ngay is not None:
            parts.append(f"{self.ngay:02d}")
        return "-".join(parts)


def _opt_date(value: Any) -> Any:
    if isinstance(value, date):
        return NgayThang.from_date(value)
    if isinstance(value, str):
        return NgayThang.parse(value)
    return value


def _is_opt_date(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, NgayThang):
        raise TypeError(f"{attribute.name}: cần một ngày (NgayThang), nhận {value!r:.60}")


@attrs.frozen
class _Dong:
    """One row of a report table (shared shape of activities and products).

    ``so_luong_chua_du`` marks a count that is a sum over rows some of which did not
    report the count (aggregation sets it): such a count is a lower bound;
    ``so_luong_uoc_tinh`` makes the count approximate ("hơn 100").

    The details of an activity, all optional: ``ngay`` its date (or first day) and
    ``den_ngay`` its last day, ``dia_diem`` the place(s), ``hinh_thuc`` in person,
    online or both, ``don_vi_chu_tri`` the organiser(s) and ``don_vi_phoi_hop`` the
    co-organisers; ``nhom`` the people by target group, beside the split by sex.
    A merged row keeps the distinct places and bodies, the earliest and latest days.
    """

    ten: str = attrs.field(converter=_nfc, validator=_is_text)
    so_luong: int | None = attrs.field(default=None, validator=_count)
    nguoi: SoNguoi = attrs.field(default=SoNguoi(), validator=_kind(SoNguoi))
    cap: tuple[Cap, ...] = attrs.field(default=(), converter=_levels)
    chi_tieu: str | None = attrs.field(default=None, converter=_code, validator=_is_opt_text)
    ma: str | None = attrs.field(default=None, converter=_code, validator=_is_opt_text)
    ghi_chu: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    nguon: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_are_texts)
    so_luong_chua_du: bool = False
    so_luong_uoc_tinh: UocTinh | None = attrs.field(
        default=None, converter=_opt_uoc_tinh, validator=_qualifies("so_luong"), kw_only=True
    )
    ngay: NgayThang | None = attrs.field(
        default=None, converter=_opt_date, validator=_is_opt_date, kw_only=True
    )
    den_ngay: NgayThang | None = attrs.field(
        default=None, converter=_opt_date, validator=_is_opt_date, kw_only=True
    )
    dia_diem: tuple[str, ...] = attrs.field(
        default=(), converter=_names, validator=_are_texts, kw_only=True
    )
    hinh_thuc: HinhThuc | None = attrs.field(default=None, converter=_opt_hinh_thuc, kw_only=True)
    don_vi_chu_tri: tuple[str, ...] = attrs.field(
        default=(), converter=_names, validator=_are_texts, kw_only=True
    )
    don_vi_phoi_hop: tuple[str, ...] = attrs.field(
        default=(), converter=_names, validator=_are_texts, kw_only=True
    )
    nhom: tuple[NhomNguoi, ...] = attrs.field(
        default=(), converter=_groups, validator=_unique_groups, kw_only=True
    )

    @property
    def thieu(self) -> bool:
        """A figure of this row is incomplete: its people figure or its count."""
        return self.so_luong_chua_du or self.nguoi.thieu

    @property
    def uoc_tinh(self) -> bool:
        """Some figure of this row is approximate: its count, its people or a group."""
        return (
            self.so_luong_uoc_tinh is not None
            or self.nguoi.uoc_tinh is not None
            or any(g.uoc_tinh is not None for g in self.nhom)
        )


@attrs.frozen
class HoatDong(_Dong):
    """An activity (table III.1) or a communication row (table III.2).

    >>> HoatDong("Hưởng ứng Lễ phát động", so_luong=1, nguoi=SoNguoi(100, 100), cap="Tỉnh").cap
    (<Cap.TINH: 'tinh'>,)
    """


@attrs.frozen
class SanPham(_Dong):
    """A communication product (table III.3): banners, leaflets, posts."""
