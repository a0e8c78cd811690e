"""Domain types of a report and the invariants they keep.

Everything is an immutable attrs class. Absent figures are ``None`` and mean
"not reported", never zero. The levels (:class:`Cap`, :func:`parse_cap`) and the
other words of the domain live in :mod:`binhdanggioi.vocabulary`; they are
re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from binhdanggioi import _years
from binhdanggioi._model_document import ChuKy, DanhGia, DonVi, KeHoach, NoiNhan, VanBan
from binhdanggioi._model_fields import SO_LIEU_TOI_DA

# The field checks ke_hoach.py builds its types with, importable from here as before.
from binhdanggioi._model_fields import _are_texts as _are_texts
from binhdanggioi._model_fields import _code as _code
from binhdanggioi._model_fields import _count as _count
from binhdanggioi._model_fields import _is_opt_text as _is_opt_text
from binhdanggioi._model_fields import _is_text as _is_text
from binhdanggioi._model_fields import _items as _items
from binhdanggioi._model_fields import _kind as _kind
from binhdanggioi._model_fields import _money as _money
from binhdanggioi._model_fields import _nfc as _nfc
from binhdanggioi._model_fields import _opt_sum as _opt_sum
from binhdanggioi._model_fields import _texts as _texts
from binhdanggioi._model_fields import _tuple as _tuple
from binhdanggioi._model_fields import _year as _year
from binhdanggioi._model_money import HoTro, KinhPhi, NguonKinhPhi
from binhdanggioi._model_people import NhomNguoi, SoNguoi
from binhdanggioi._model_pickle import fast_pickling
from binhdanggioi._model_rows import HoatDong, NgayThang, SanPham, _Dong
from binhdanggioi.vocabulary import (
    BANG_BAO_CAO,
    Cap,
    HinhThuc,
    LoaiCoQuan,
    UocTinh,
    parse_cap,
    parse_caps,
)

# Words of the domain model.py imported before its split; still importable from here.
from binhdanggioi.vocabulary import fold as fold
from binhdanggioi.vocabulary import infer_loai_co_quan as infer_loai_co_quan
from binhdanggioi.vocabulary import parse_hinh_thuc as parse_hinh_thuc
from binhdanggioi.vocabulary import parse_kind as parse_kind
from binhdanggioi.vocabulary import parse_loai_co_quan as parse_loai_co_quan
from binhdanggioi.vocabulary import parse_uoc_tinh as parse_uoc_tinh
from binhdanggioi.vocabulary import remove_invisible as remove_invisible
from binhdanggioi.vocabulary import take_kind as take_kind
from binhdanggioi.vocabulary import unit_key as unit_key

__all__ = [
    "SO_LIEU_TOI_DA",
    "BaoCao",
    "Cap",
    "ChuKy",
    "DanhGia",
    "DonVi",
    "HinhThuc",
    "HoTro",
    "HoatDong",
    "KeHoach",
    "KinhPhi",
    "LoaiCoQuan",
    "NgayThang",
    "NguonKinhPhi",
    "NhomNguoi",
    "NoiNhan",
    "SanPham",
    "SoNguoi",
    "TongHop",
    "UocTinh",
    "VanBan",
    "parse_cap",
    "parse_caps",
]


# --------------------------------------------------------------------------- report


@attrs.frozen
class TongHop:
    """Derived figures of one table or of a whole report.

    ``so_dong`` rows, ``so_luong`` the sum of their counts (events, products),
    ``nguoi`` the people over the rows that report people (see :meth:`SoNguoi.cong`),
    ``so_dong_thieu`` rows with an incomplete figure (people or count),
    ``so_luong_thieu`` some row's count is marked incomplete (``so_luong_chua_du``):
    ``so_luong`` is then a lower bound; ``so_luong_uoc_tinh`` the qualifier of the
    count when some row's count is approximate; ``co_so_luong`` some row gives a count
    (else ``so_luong`` is 0 by convention and should print as "—").
    """

    so_dong: int
    so_luong: int
    nguoi: SoNguoi
    so_dong_thieu: int
    so_luong_thieu: bool = False
    so_luong_uoc_tinh: UocTinh | None = None
    co_so_luong: bool = True

    @property
    def thieu(self) -> bool:
        """Some figure behind this total is incomplete."""
        return self.so_dong_thieu > 0 or self.so_luong_thieu or self.nguoi.thieu

    @classmethod
    def cong(cls, rows: Iterable[_Dong]) -> TongHop:
        """Totals of ``rows``; rows without any people figure do not make the sum incomplete.

        A row without a count leaves ``so_luong_thieu`` unset; a row marked
        ``so_luong_chua_du`` sets it. ``TongHop.of`` is the same method.
        """
        items = list(rows)
        return cls(
            so_dong=len(items),
            so_luong=sum(r.so_luong or 0 for r in items),
            nguoi=SoNguoi.cong(r.nguoi for r in items if not r.nguoi.rong),
            so_dong_thieu=sum(1 for r in items if r.thieu),
            so_luong_thieu=any(r.so_luong_chua_du for r in items),
            so_luong_uoc_tinh=UocTinh.cong(r.so_luong_uoc_tinh for r in items),
            co_so_luong=any(r.so_luong is not None for r in items),
        )

    of = cong


@attrs.frozen
class BaoCao:
    """One unit's report on the Action Month of year ``nam``.

    Tables: ``hoat_dong`` (III.1), ``truyen_thong`` (III.2), ``san_pham`` (III.3);
    ``ho_tro`` the support handed out (gifts, scholarships), beside the budget.
    Narrative: ``chi_dao`` (I.1), ``ket_qua`` (I.2), ``danh_gia`` (II), ``kien_nghi``.
    ``nguon`` names the units an aggregated report was built from; ``tu_dong`` marks
    the narrative items drafted by the software (:mod:`binhdanggioi.drafting`).
    """

    nam: int = attrs.field(validator=_year)
    don_vi: DonVi = attrs.field(validator=_kind(DonVi))
    van_ban: VanBan = attrs.field(default=VanBan(), validator=_kind(VanBan))
    ke_hoach: tuple[KeHoach, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(KeHoach)
    )
    loi_dan: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    chu_de: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    chi_dao: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_are_texts)
    ket_qua: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_are_texts)
    hoat_dong: tuple[HoatDong, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(HoatDong)
    )
    truyen_thong: tuple[HoatDong, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(HoatDong)
    )
    san_pham: tuple[SanPham, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(SanPham)
    )
    kinh_phi: KinhPhi = attrs.field(default=KinhPhi(), validator=_kind(KinhPhi))
    ho_tro: tuple[HoTro, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(HoTro), kw_only=True
    )
    danh_gia: DanhGia = attrs.field(default=DanhGia(), validator=_kind(DanhGia))
    kien_nghi: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_are_texts)
    ket_luan: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    noi_nhan: NoiNhan = attrs.field(default=NoiNhan(), validator=_kind(NoiNhan))
    chu_ky: ChuKy = attrs.field(default=ChuKy(), validator=_kind(ChuKy))
    nguon: tuple[DonVi, ...] = attrs.field(default=(), converter=_tuple, validator=_items(DonVi))
    chua_bao_cao: tuple[DonVi, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(DonVi)
    )  # expected units missing from an aggregate
    tu_dong: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_are_texts)
    # The narrative items the software drafted (binhdanggioi.drafting): "path/slot#hash".

    TABLES = tuple(BANG_BAO_CAO)
    """Names of the three table fields, in the order the report prints them."""

    def __hash__(self) -> int:
        # Equal reports have one year and one unit, so this agrees with ==; the
        # overwrite guard hashes every report loaded and every one rendered, and
        # hashing every row (what attrs writes) cost more than the rest of that.
        return hash((self.nam, self.don_vi))

    @property
    def ten_thang_hanh_dong(self) -> str:
        """Name of the Action Month in this report's year."""
        return _years.action_month_name(self.nam)

    @property
    def chu_de_nam(self) -> str | None:
        """The theme: the report's own, else the official theme of the year."""
        return self.chu_de or _years.theme(self.nam)

    def bang(self, name: str) -> Sequence[HoatDong | SanPham]:
        """The rows of table ``name`` (one of :attr:`TABLES`)."""
        if name not in self.TABLES:
            raise KeyError(f"không có bảng '{name}'; các bảng: {', '.join(self.TABLES)}")
        rows: Sequence[HoatDong | SanPham] = getattr(self, name)
        return rows

    def tong_hop(self, name: str | None = None) -> TongHop:
        """Derived totals of table ``name``, or of all three tables when ``None``.

        >>> r = BaoCao(2023, DonVi("X", "xa"), hoat_dong=(HoatDong("A", 1, SoNguoi(2, 3)),))
        >>> t = r.tong_hop()
        >>> t.so_dong, t.so_luong, t.nguoi.tong_so, t.thieu
        (1, 1, 5, False)
        """
        names = self.TABLES if name is None else (name,)
        return TongHop.cong(row for n in names for row in self.bang(n))

    def dong(self) -> Iterable[tuple[str, int, HoatDong | SanPham]]:
        """Every row of every table as ``(table, index, row)``."""
        for name in self.TABLES:
            for i, row in enumerate(self.bang(name)):
                yield name, i, row

    @property
    def rong(self) -> bool:
        """The report holds no figure and no narrative."""
        narrative = (
            self.chi_dao,
            self.ket_qua,
            self.kien_nghi,
            self.danh_gia.thuan_loi,
            self.danh_gia.kho_khan,
            self.danh_gia.nguyen_nhan,
        )
        return (
            not any(self.bang(t) for t in self.TABLES)
            and not self.ho_tro
            and self.kinh_phi.tong is None
            and not any(narrative)
        )


# Reports cross between processes (workers): each record pickles as a tuple of values.
for _record in (
    NgayThang,
    _Dong,
    HoatDong,
    SanPham,
    SoNguoi,
    NhomNguoi,
    NguonKinhPhi,
    KinhPhi,
    HoTro,
    DonVi,
    VanBan,
    KeHoach,
    DanhGia,
    NoiNhan,
    ChuKy,
    TongHop,
    BaoCao,
):
    fast_pickling(_record)
del _record
