"""The notes and details of merged rows: notes with the unit they came from, dates
spanned, places, forms, organisers, target groups summed.

Part of :mod:`binhdanggioi._merge`, the private half of
:func:`binhdanggioi.aggregation.aggregate`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from binhdanggioi.model import (
    HinhThuc,
    HoatDong,
    NgayThang,
    NhomNguoi,
    SanPham,
    UocTinh,
)
from binhdanggioi.roster import _Input
from binhdanggioi.vocabulary import name_order, nhom_doi_tuong

_name_order = functools.lru_cache(maxsize=1 << 14)(name_order)
""":func:`~binhdanggioi.vocabulary.name_order`, remembered: merged rows sort the same
units' names again and again."""


def _note(inp: _Input, text: str | None) -> str | None:
    if not text:
        return None
    return text if inp.own else f"{inp.label}: {text}"


def _join_notes(notes: Iterable[str | None]) -> str | None:
    kept = [n for n in notes if n]
    return "; ".join(kept) if kept else None


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


_NONE: dict[str, Any] = {}


def _no_details() -> dict[str, Any]:
    """:func:`_details` of rows none of which has any (the usual merged row), a new dict."""
    if not _NONE:
        _NONE.update(_details((), 0))
    return dict(_NONE)


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
