"""The plan (kế hoạch triển khai) as a document of its own: what a unit plans in October.

A :class:`KeHoachTrienKhai` holds the Nghị định 30 parts of a plan: its header
(issuer, number ``…/KH-…``, place and date), the plans it implements
(:class:`~binhdanggioi.model.KeHoach` references, "Căn cứ Kế hoạch số …"), purposes
and requirements, the planned activities (:class:`HoatDongKeHoach`), the budget,
the organisation of implementation (who does what, :class:`TrachNhiem`), recipients
and signature. Targets are ``None`` when the plan sets none: absent is never zero.

The existing :class:`~binhdanggioi.model.KeHoach` stays what it was: a *reference*
to a plan (number, date, issuer) inside a report or a plan.

>>> hd = HoatDongKeHoach("Lễ phát động", chi_tieu="le-phat-dong", so_luong=1, cap="tinh")
>>> hd.bang, hd.cap
('hoat_dong', (<Cap.TINH: 'tinh'>,))
>>> ThoiGian.parse("2023-11-15/2023-12-15").den
NgayThang(nam=2023, thang=12, ngay=15)
"""

from __future__ import annotations

from typing import Any, Final

import attrs

from binhdanggioi import _years
from binhdanggioi.model import (
    BaoCao,
    Cap,
    ChuKy,
    DonVi,
    HoatDong,
    KeHoach,
    NgayThang,
    NoiNhan,
    SanPham,
    SoNguoi,
    VanBan,
    _are_texts,
    _code,
    _count,
    _is_opt_text,
    _is_text,
    _items,
    _kind,
    _money,
    _nfc,
    _opt_sum,
    _texts,
    _tuple,
    _year,
    parse_caps,
)
from binhdanggioi.vocabulary import BANG_BAO_CAO

__all__ = [
    "LOAI_VAN_BAN",
    "HoatDongKeHoach",
    "KeHoachTrienKhai",
    "KinhPhiKeHoach",
    "ThoiGian",
    "TrachNhiem",
    "report_skeleton",
]

LOAI_VAN_BAN: Final = "ke-hoach"
"""The value of the top-level key ``loai_van_ban`` that marks a plan file."""


def _table(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in BANG_BAO_CAO:
        raise ValueError(
            f"{attribute.name}: không có bảng '{value}'; dùng {', '.join(BANG_BAO_CAO)}"
        )


def _check_range(inst: ThoiGian, _a: Any, _v: Any) -> None:
    if inst.tu is None and inst.den is None:
        raise ValueError("thời gian cần ít nhất ngày bắt đầu hoặc ngày kết thúc")
    if inst.tu is not None and inst.den is not None and _key(inst.den) < _key(inst.tu):
        raise ValueError(f"thời gian kết thúc ({inst.den}) trước thời gian bắt đầu ({inst.tu})")


def _key(d: NgayThang) -> tuple[int, int, int]:
    # A partial date compares as its first day: "2023-11" ends no earlier than "2023-11-05".
    return (d.nam, d.thang or 12, d.ngay or 31)


def _start(d: NgayThang) -> tuple[int, int, int]:
    return (d.nam, d.thang or 1, d.ngay or 1)


@attrs.frozen
class ThoiGian:
    """When an activity is planned: one (partial) date, or a range ``tu``–``den``.

    Written ``"2023-11"``, ``"2023-11-15/2023-12-15"`` or ``"/2023-11-30"`` (by then).

    >>> str(ThoiGian.parse("2023-11/2023-12"))
    '2023-11/2023-12'
    """

    tu: NgayThang | None = attrs.field(default=None, validator=_check_range)
    den: NgayThang | None = None

    @classmethod
    def parse(cls, text: str) -> ThoiGian:
        """Read ``A``, ``A/B`` or ``/B`` where ``A`` and ``B`` are :class:`NgayThang` texts."""
        first, sep, second = text.strip().partition("/")
        tu = NgayThang.parse(first) if first.strip() else None
        den = NgayThang.parse(second) if sep and second.strip() else None
        if not sep:
            return cls(tu=tu)
        if tu is not None and den is not None and _start(den) < _start(tu):
            raise ValueError(f"thời gian kết thúc ({den}) trước thời gian bắt đầu ({tu})")
        return cls(tu=tu, den=den)

    def __str__(self) -> str:
        if self.den is None:
            return str(self.tu)
        return f"{self.tu or ''}/{self.den}"


@attrs.frozen
class HoatDongKeHoach:
    """One planned activity: what, under which table and indicator, targets, who, when.

    ``bang`` is the report table it will be reported under (``hoat_dong``,
    ``truyen_thong``, ``san_pham``) and ``chi_tieu`` its catalogue indicator;
    ``so_luong`` and ``nguoi`` are the targets (``None``: the plan sets none);
    ``chu_tri`` leads it, ``phoi_hop`` coordinate; ``kinh_phi`` is its estimate in đồng.
    """

    ten: str = attrs.field(converter=_nfc, validator=_is_text)
    bang: str = attrs.field(default="hoat_dong", validator=_table)
    chi_tieu: str | None = attrs.field(default=None, converter=_code, validator=_is_opt_text)
    ma: str | None = attrs.field(default=None, converter=_code, validator=_is_opt_text)
    so_luong: int | None = attrs.field(default=None, validator=_count)
    nguoi: SoNguoi = attrs.field(default=SoNguoi(), validator=_kind(SoNguoi))
    cap: tuple[Cap, ...] = attrs.field(default=(), converter=parse_caps)
    chu_tri: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    phoi_hop: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_are_texts)
    thoi_gian: ThoiGian | None = None
    dia_diem: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    kinh_phi: int | None = attrs.field(default=None, validator=_money)
    ghi_chu: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)

    @property
    def co_chi_tieu(self) -> bool:
        """The plan sets a target for this activity (a count or people)."""
        return self.so_luong is not None or not self.nguoi.rong


@attrs.frozen
class KinhPhiKeHoach:
    """The plan's budget estimate in whole đồng: state budget, mobilised, other sources."""

    ngan_sach_nha_nuoc: int | None = attrs.field(default=None, validator=_money)
    van_dong: int | None = attrs.field(default=None, validator=_money)
    nguon_khac: int | None = attrs.field(default=None, validator=_money)
    ghi_chu: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_are_texts)

    @property
    def tong(self) -> int | None:
        """All sources together, ``None`` when none is given."""
        return _opt_sum((self.ngan_sach_nha_nuoc, self.van_dong, self.nguon_khac))


@attrs.frozen
class TrachNhiem:
    """The tasks of one body in the organisation of implementation (section IV)."""

    co_quan: str = attrs.field(converter=_nfc, validator=_is_text)
    nhiem_vu: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_are_texts)


@attrs.frozen
class KeHoachTrienKhai:
    """A unit's plan for the Action Month of year ``nam`` (Nghị định 30 layout of a plan).

    ``can_cu`` are the plans it implements ("Căn cứ Kế hoạch số 695/KH-…");
    ``loi_dan`` the opening words before section I; ``hoat_dong`` the planned
    activities (section II); ``kinh_phi`` (III); ``to_chuc_thuc_hien`` (IV).

    >>> kh = KeHoachTrienKhai(2023, DonVi("Bắc Kạn", "huyen", "thành phố"),
    ...     hoat_dong=(HoatDongKeHoach("Mít tinh", so_luong=1),))
    >>> kh.ten_thang_hanh_dong[:20], len(kh.hoat_dong)
    ('Tháng hành động vì b', 1)
    """

    nam: int = attrs.field(validator=_year)
    don_vi: DonVi = attrs.field(validator=_kind(DonVi))
    van_ban: VanBan = attrs.field(default=VanBan(), validator=_kind(VanBan))
    can_cu: tuple[KeHoach, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(KeHoach)
    )
    loi_dan: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    chu_de: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    muc_dich: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_are_texts)
    yeu_cau: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_are_texts)
    hoat_dong: tuple[HoatDongKeHoach, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(HoatDongKeHoach)
    )
    kinh_phi: KinhPhiKeHoach = attrs.field(
        default=KinhPhiKeHoach(), validator=_kind(KinhPhiKeHoach)
    )
    to_chuc_thuc_hien: tuple[TrachNhiem, ...] = attrs.field(
        default=(), converter=_tuple, validator=_items(TrachNhiem)
    )
    ket_luan: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    noi_nhan: NoiNhan = attrs.field(default=NoiNhan(), validator=_kind(NoiNhan))
    chu_ky: ChuKy = attrs.field(default=ChuKy(), validator=_kind(ChuKy))

    @property
    def ten_thang_hanh_dong(self) -> str:
        """Name of the Action Month in this plan's year."""
        return _years.action_month_name(self.nam)

    @property
    def chu_de_nam(self) -> str | None:
        """The theme: the plan's own, else the official theme of the year."""
        return self.chu_de or _years.theme(self.nam)

    def theo_bang(self, bang: str) -> tuple[HoatDongKeHoach, ...]:
        """The planned activities to be reported under table ``bang``."""
        return tuple(h for h in self.hoat_dong if h.bang == bang)


# --------------------------------------------------------------------------- report skeleton


def _reference(plan: KeHoachTrienKhai) -> KeHoach:
    """The plan as a report cites it: ``Kế hoạch số 245/KH-UBND, ngày 20/10/2023 của …``."""
    vb = plan.van_ban
    number = "/".join(p.strip() for p in (vb.so, vb.ky_hieu) if p and p.strip()) or "…/KH"
    issuer = " ".join((vb.co_quan or "").split())
    if not issuer or issuer.casefold().replace("uỷ", "ủy").startswith("ủy ban nhân dân"):
        # The header writes the body in capitals; a sentence names it in words.
        issuer = f"Ủy ban nhân dân {plan.don_vi.ten_day_du}"
    return KeHoach(
        so_hieu=number,
        ngay=vb.ngay.to_date() if vb.ngay is not None else None,
        co_quan=issuer,
        trich_yeu=vb.trich_yeu[:1].lower() + vb.trich_yeu[1:] if vb.trich_yeu else None,
    )


def report_skeleton(plan: KeHoachTrienKhai) -> BaoCao:
    """A report to fill in, started from ``plan``: one row per planned activity.

    Rows keep the activity's name, table, indicator, code, levels, time, place and
    who leads and coordinates it; every figure is left absent (absent is not 0). The
    report cites the plan and the plans it implements.

    >>> kh = KeHoachTrienKhai(2023, DonVi("X", "xa", "xã"),
    ...     hoat_dong=(HoatDongKeHoach("Băng rôn", bang="san_pham", so_luong=5),))
    >>> r = report_skeleton(kh)
    >>> r.san_pham[0].ten, r.san_pham[0].so_luong
    ('Băng rôn', None)
    """
    rows: dict[str, list[HoatDong | SanPham]] = {name: [] for name in BANG_BAO_CAO}
    for hd in plan.hoat_dong:
        kind = SanPham if hd.bang == "san_pham" else HoatDong
        when = hd.thoi_gian
        rows[hd.bang].append(
            kind(
                hd.ten,
                cap=hd.cap,
                chi_tieu=hd.chi_tieu,
                ma=hd.ma,
                ngay=when.tu if when is not None else None,
                den_ngay=when.den if when is not None else None,
                dia_diem=(hd.dia_diem,) if hd.dia_diem else (),
                don_vi_chu_tri=(hd.chu_tri,) if hd.chu_tri else (),
                don_vi_phoi_hop=hd.phoi_hop,
            )
        )
    vb = plan.van_ban
    return BaoCao(
        plan.nam,
        plan.don_vi,
        van_ban=VanBan(
            co_quan_chu_quan=vb.co_quan_chu_quan, co_quan=vb.co_quan, dia_danh=vb.dia_danh
        ),
        ke_hoach=(*plan.can_cu, _reference(plan)),
        chu_de=plan.chu_de,
        hoat_dong=tuple(rows["hoat_dong"]),
        truyen_thong=tuple(rows["truyen_thong"]),
        san_pham=tuple(rows["san_pham"]),
        chu_ky=plan.chu_ky,
    )
