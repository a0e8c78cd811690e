"""Domain types of a report and the invariants they keep.

Everything is an immutable attrs class. Absent figures are ``None`` and mean
"not reported", never zero. The levels (:class:`Cap`, :func:`parse_cap`) and the
other words of the domain live in :mod:`binhdanggioi.vocabulary`; they are
re-exported here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, Final

import attrs

from binhdanggioi import _years
from binhdanggioi.vocabulary import (
    BANG_BAO_CAO,
    Cap,
    HinhThuc,
    LoaiCoQuan,
    UocTinh,
    fold,
    infer_loai_co_quan,
    parse_cap,
    parse_caps,
    parse_hinh_thuc,
    parse_kind,
    parse_loai_co_quan,
    parse_uoc_tinh,
    remove_invisible,
    take_kind,
    unit_key,
)

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


SO_LIEU_TOI_DA: Final = 10**15 - 1
"""The largest count or amount of money (in đồng) a report may hold: 999.999.999.999.999.

Below 10^15 every figure is exact as an Excel number (15 significant digits), and
a million such figures still add up below 10^21, the most that
:func:`~binhdanggioi.vietnamese.money_in_words` reads: every value within the bound
is read, written and rendered in every format. The rule ``so-qua-lon``
(:mod:`binhdanggioi.rules`) refuses larger ones.
"""


# --------------------------------------------------------------------------- field checks


def _nfc(value: Any) -> Any:
    """Text in Unicode NFC (what every text field holds); other values unchanged.

    Text from files has already lost its invisible format characters
    (``serialization``); text given in code is kept as given, except a unit's
    names and codes, which are identities (:func:`_name`, :func:`_code`).
    """
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _name(value: Any) -> Any:
    """A unit's name or kind: NFC, without invisible format characters."""
    return remove_invisible(value) if isinstance(value, str) else value


def _code(value: Any) -> Any:
    """An identifier (``ma``, ``chi_tieu``): cleaned, outer spaces removed, empty → ``None``."""
    if isinstance(value, str):
        return remove_invisible(value).strip() or None
    return value


def _texts(value: Any) -> tuple[Any, ...]:
    """A list of text items as a tuple of NFC text; a lone string is refused."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"cần một danh sách các đoạn văn bản, nhận {value!r:.60}")
    return tuple(_nfc(v) for v in value)


def _opt_uoc_tinh(value: Any) -> Any:
    return None if value is None else parse_uoc_tinh(value)


def _opt_hinh_thuc(value: Any) -> Any:
    return None if value is None else parse_hinh_thuc(value)


def _opt_loai_co_quan(value: Any) -> Any:
    return None if value is None else parse_loai_co_quan(value)


def _names(value: Any) -> tuple[Any, ...]:
    """One name or a list of names (places, bodies) as a tuple; a lone string is one item."""
    if isinstance(value, str):
        return (_nfc(value),)
    return _texts(value)


def _is_text(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name}: cần văn bản, nhận {value!r:.60}")


def _is_opt_text(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _is_text(inst, attribute, value)


def _are_texts(_inst: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for item in value:
        if not isinstance(item, str):
            raise TypeError(f"{attribute.name}: mỗi mục phải là văn bản, nhận {item!r:.60}")


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise TypeError(f"cần một danh sách, nhận {value!r:.60}")
    return tuple(value)


def _items(kind: type) -> Any:
    """Validator: every item of the tuple is a ``kind`` instance."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
        for i, item in enumerate(value):
            if not isinstance(item, kind):
                raise TypeError(f"{attribute.name}[{i}]: cần {kind.__name__}, nhận {item!r:.60}")

    return check


def _kind(kind: type) -> Any:
    """Validator: the value is a ``kind`` instance."""

    def check(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, kind):
            raise TypeError(f"{attribute.name}: cần {kind.__name__}, nhận {value!r:.60}")

    return check


def _year(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{attribute.name}: năm phải là số nguyên, nhận {value!r:.60}")


# --------------------------------------------------------------------------- figures


def _count(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{attribute.name}: cần một số nguyên, không phải {value!r}")
    if value < 0:
        raise ValueError(f"{attribute.name}: số lượng không thể âm ({value})")


def _money(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError(f"{attribute.name}: kinh phí tính bằng đồng, số nguyên; nhận {value!r}")


def _opt_sum(values: Iterable[int | None]) -> int | None:
    given = [v for v in values if v is not None]
    return sum(given) if given else None


def _qualifies(empty: str) -> Any:
    """Validator: a qualifier ("hơn") needs a figure; ``empty`` names the test for none."""

    def check(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and _is_empty(inst, empty):
            raise ValueError(f"{attribute.name}: '{value.nhan}' cần đi kèm một con số")

    return check


def _is_empty(inst: Any, empty: str) -> bool:
    found = getattr(inst, empty)
    return bool(found) if isinstance(found, bool) else found is None


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
    if isinstance(value, dict):
        return tuple(NhomNguoi(k, v) for k, v in value.items())
    return _tuple(value)


def _unique_groups(_inst: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    _items(NhomNguoi)(_inst, attribute, value)
    codes = [g.ma for g in value]
    if len(set(codes)) != len(codes):
        twice = sorted({c for c in codes if codes.count(c) > 1})
        raise ValueError(f"{attribute.name}: nhóm '{twice[0]}' ghi hai lần; gộp làm một")


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
    cap: tuple[Cap, ...] = attrs.field(default=(), converter=parse_caps)
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
    cap: tuple[Cap, ...] = attrs.field(default=(), converter=parse_caps)
    ghi_chu: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    nguon: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_are_texts)
    chua_day_du: bool = False


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


@attrs.frozen
class DonVi:
    """A unit: ``ten`` (name), ``cap`` (level), ``loai`` (kind), ``ma`` (code), and
    where it belongs.

    ``loai_co_quan`` is the kind of body (:class:`LoaiCoQuan`; inferred when not
    given, :attr:`kieu_co_quan`), ``dia_danh`` the place the body sits, printed in the
    dateline when ``van_ban.dia_danh`` is not given ("Chợ Đồn" for a school there).

    ``tinh`` is the province (or centrally-run city) the unit belongs to, by code
    (``"19"``) or by name (``"Thái Nguyên"``); ``cap_tren`` its direct superior when
    that is not the province: up to 2024 a commune's district (``"Huyện Chợ Đồn"``),
    or the managing body of a school, an agency or an association (``"Phòng Giáo dục
    và Đào tạo huyện Chợ Đồn"``). Both are optional and kept as written.

    >>> DonVi("Dương Quang", "xa", "xã", tinh="Thái Nguyên").dinh_danh
    ('ten', 'xa:dương quang')
    """

    ten: str = attrs.field(converter=_name, validator=_is_text)
    cap: Cap = attrs.field(converter=parse_cap)
    loai: str | None = attrs.field(default=None, converter=_name, validator=_is_opt_text)
    ma: str | None = attrs.field(default=None, converter=_code, validator=_is_opt_text)
    tinh: str | None = attrs.field(default=None, converter=_code, validator=_is_opt_text)
    cap_tren: str | None = attrs.field(default=None, converter=_name, validator=_is_opt_text)
    loai_co_quan: LoaiCoQuan | None = attrs.field(
        default=None, converter=_opt_loai_co_quan, kw_only=True
    )
    dia_danh: str | None = attrs.field(
        default=None, converter=_nfc, validator=_is_opt_text, kw_only=True
    )

    @property
    def kieu_co_quan(self) -> LoaiCoQuan:
        """The kind of body: ``loai_co_quan`` when given, else inferred from ``loai``,
        the name and the level (:func:`~binhdanggioi.vocabulary.infer_loai_co_quan`).

        >>> DonVi("Hương Sơn", "xa", "trường tiểu học").kieu_co_quan.value
        'truong-hoc'
        >>> DonVi("Bắc Kạn", "huyen", "thành phố").kieu_co_quan.value
        'uy-ban-nhan-dan'
        """
        if self.loai_co_quan is not None:
            return self.loai_co_quan
        return infer_loai_co_quan(self.ten, self.loai, self.cap)

    def nhan_cap(self, cap: Cap) -> str:
        """The label of row level ``cap`` in a report of this unit.

        The unit's own level takes its kind (``loai``: "Thành phố", "Xã", "Phường"),
        else the level of one unit ("Xã", never "Xã phường"); for a school or a
        university its own level and ``truong-hoc`` read "Nhà trường"; lower levels
        keep the seed's plural labels (:attr:`Cap.nhan_bang`: "Xã phường",
        "Các trường học").

        >>> DonVi("Dương Quang", "xa").nhan_cap(Cap.XA)
        'Xã'
        >>> DonVi("Bắc Kạn", "huyen", "thành phố").nhan_cap(Cap.XA)
        'Xã phường'
        >>> DonVi("Trường Đại học Vinh", "tinh").nhan_cap(Cap.TRUONG_HOC)
        'Nhà trường'
        """
        kind = self.kieu_co_quan
        school = kind in (LoaiCoQuan.TRUONG_HOC, LoaiCoQuan.DAI_HOC)
        if school and (cap is self.cap or cap is Cap.TRUONG_HOC):
            return "Nhà trường"
        if cap is not self.cap:
            return cap.nhan_bang
        if kind is LoaiCoQuan.UY_BAN_NHAN_DAN and self.loai and self.loai.strip():
            text = " ".join(self.loai.split())
            return text[:1].upper() + text[1:]
        return cap.nhan_don

    @property
    def khoa(self) -> tuple[str, str]:
        """The code, else the level and the name without accents (see :attr:`dinh_danh`)."""
        if self.ma:
            return ("ma", self.ma.strip())
        return ("ten", f"{self.cap.value}:{fold(self.ten)}")

    @property
    def dinh_danh(self) -> tuple[str, str]:
        """Identity of the unit, one for every spelling of it: ``("ma", code)`` when the
        code is known, else ``("ten", "level:name key")``.

        The name key is :func:`~binhdanggioi.vocabulary.unit_key`: the kind taken off
        (``loai`` or a leading "Xã", "Phường", ...), invisible characters removed,
        look-alike letters folded, case, spacing and tone placement ignored, accents
        kept ("Văn Lang" and "Văn Lăng" are two communes). An official code found in a
        registry replaces the name key: see :func:`binhdanggioi.units.identity`.

        >>> a = DonVi("Xã \u00d0ồng  Tâm", "xa")
        >>> b = DonVi("đồng tâm", "xa", loai="xã")
        >>> a.dinh_danh == b.dinh_danh == ("ten", "xa:đồng tâm")
        True
        """
        if self.ma:
            return ("ma", self.ma)
        return ("ten", f"{self.cap.value}:{unit_key(self.ten, self.loai)}")

    @property
    def loai_trong_ten(self) -> str | None:
        """The kind the name starts with ("Xã Dương Quang" → ``"xã"``), or None."""
        return take_kind(self.ten)[0]

    def tach_loai(self) -> DonVi:
        """This unit with a kind typed in its name moved to ``loai``.

        Files are read as written (``ten: Xã Dương Quang`` stays so); this gives the
        canonical form. A kind that contradicts ``loai`` stays in the name
        (``validate`` warns, ``loai-don-vi-mau-thuan``).

        >>> DonVi("Xã Dương Quang", "xa").tach_loai()
        DonVi(ten='Dương Quang', cap=<Cap.XA: 'xa'>, loai='xã', ma=None, tinh=None, \
cap_tren=None, loai_co_quan=None, dia_danh=None)
        >>> DonVi("Xã Dương Quang", "xa", "phường").tach_loai().ten
        'Xã Dương Quang'
        """
        kind, bare = take_kind(self.ten)
        if kind is None or (self.loai is not None and parse_kind(self.loai) != kind):
            return self
        return attrs.evolve(self, ten=bare, loai=self.loai or kind)

    @property
    def ten_day_du(self) -> str:
        """Name with its kind, as written in sentences: ``'thành phố Bắc Kạn'``."""
        return f"{self.loai} {self.ten}" if self.loai else self.ten

    @property
    def nhan(self) -> str:
        """How the unit is named in lists and before its narrative items.

        >>> DonVi("Bắc Kạn", "huyen", "thành phố").nhan
        'Thành phố Bắc Kạn'
        """
        text = self.ten_day_du.strip()
        return text[:1].upper() + text[1:]


@attrs.frozen
class VanBan:
    """The document header: issuing bodies, number and symbol, place and date, summary."""

    co_quan_chu_quan: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    co_quan: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    so: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    ky_hieu: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    dia_danh: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    ngay: NgayThang | None = None
    trich_yeu: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    kinh_gui: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_are_texts)


@attrs.frozen
class KeHoach:
    """A plan (or other document) the report answers: ``Kế hoạch số 695/KH-..., ngày ...``."""

    so_hieu: str = attrs.field(converter=_nfc, validator=_is_text)
    ngay: date | None = None
    co_quan: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    trich_yeu: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    loai: str = attrs.field(default="Kế hoạch", converter=_nfc, validator=_is_text)


@attrs.frozen
class DanhGia:
    """Evaluation (section II): advantages, difficulties, causes."""

    thuan_loi: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_are_texts)
    kho_khan: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_are_texts)
    nguyen_nhan: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_are_texts)


@attrs.frozen
class NoiNhan:
    """Recipients, split as the seed does into electronic and paper copies."""

    ban_dien_tu: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_are_texts)
    ban_giay: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_are_texts)


@attrs.frozen
class ChuKy:
    """Signature block: authority lines (``TM. ...``, ``KT. ...``), title, name."""

    quyen_han: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=_are_texts)
    chuc_vu: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)
    ho_ten: str | None = attrs.field(default=None, converter=_nfc, validator=_is_opt_text)


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
