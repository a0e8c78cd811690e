"""Domain types of a report and the invariants they keep.

Everything is an immutable attrs class. Absent figures are ``None`` and mean
"not reported", never zero.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import attrs

from binhdanggioi import _years

__all__ = [
    "BaoCao",
    "Cap",
    "ChuKy",
    "DanhGia",
    "DonVi",
    "HoatDong",
    "KeHoach",
    "KinhPhi",
    "NgayThang",
    "NoiNhan",
    "SanPham",
    "SoNguoi",
    "TongHop",
    "VanBan",
    "parse_cap",
    "parse_caps",
]


# --------------------------------------------------------------------------- levels


class Cap(enum.StrEnum):
    """Administrative level where a unit sits or an activity took place."""

    TRUNG_UONG = "trung-uong"
    TINH = "tinh"
    HUYEN = "huyen"
    XA = "xa"
    TRUONG_HOC = "truong-hoc"


def _fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive key: ``' Thành  Phố '`` → ``'thanh pho'``."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.split(r"[\s_\-]+", bare.casefold().strip())).strip()


_CAP_LABELS: dict[str, tuple[Cap, ...]] = {
    _fold(label): caps
    for caps, labels in (
        ((Cap.TRUNG_UONG,), ("trung-uong", "trung ương", "toàn quốc", "bộ", "ngành trung ương")),
        ((Cap.TINH,), ("tinh", "tỉnh", "thành phố trực thuộc trung ương", "cấp tỉnh")),
        (
            (Cap.HUYEN,),
            ("huyen", "huyện", "quận", "thị xã", "thành phố", "thành phố thuộc tỉnh", "cấp huyện"),
        ),
        (
            (Cap.XA,),
            ("xa", "xã", "phường", "thị trấn", "đặc khu", "xã phường", "xã, phường", "cấp xã"),
        ),
        ((Cap.TRUONG_HOC,), ("truong-hoc", "trường học", "các trường học", "nhà trường")),
    )
    for label in labels
}


def parse_cap(value: str | Cap) -> Cap:
    """Read one level from a code or a label printed on the forms.

    >>> parse_cap("Thị xã"), parse_cap("TRƯỜNG HỌC")
    (<Cap.HUYEN: 'huyen'>, <Cap.TRUONG_HOC: 'truong-hoc'>)
    """
    caps = parse_caps(value)
    if len(caps) != 1:
        raise ValueError(f"'{value}' chỉ nhiều cấp; ở đây cần đúng một cấp")
    return caps[0]


def parse_caps(value: str | Cap | Iterable[str | Cap]) -> tuple[Cap, ...]:
    """Read one or several levels, in canonical order and without repeats.

    >>> parse_caps("Thành phố, xã phường")
    (<Cap.HUYEN: 'huyen'>, <Cap.XA: 'xa'>)
    """
    if isinstance(value, Cap):
        return (value,)
    if isinstance(value, str):
        found = _caps_from_label(value)
    else:
        found = [c for item in value for c in parse_caps(item)]
    return tuple(c for c in Cap if c in found)


def _caps_from_label(label: str) -> list[Cap]:
    key = _fold(unicodedata.normalize("NFC", label))
    if key in _CAP_LABELS:
        return list(_CAP_LABELS[key])
    parts = [p for p in re.split(r"\s*(?:,|;|/|\+|\bva\b)\s*", key) if p]
    if len(parts) > 1 and all(p in _CAP_LABELS for p in parts):
        return [c for p in parts for c in _CAP_LABELS[p]]
    codes = ", ".join(c.value for c in Cap)
    raise ValueError(
        f"không hiểu cấp '{label}'; dùng một mã ({codes}) "
        "hoặc nhãn như 'Tỉnh', 'Huyện', 'Xã', 'Các trường học'"
    )


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


@attrs.frozen
class SoNguoi:
    """People reached, by sex: ``nam`` (men), ``nu`` (women), ``tong`` (total).

    Each is a whole number ≥ 0 or ``None`` (not reported). ``chua_day_du`` marks
    a sum that includes a figure not reported, so it never looks complete.

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

    @property
    def rong(self) -> bool:
        """Nothing was reported."""
        return self.nam is None and self.nu is None and self.tong is None

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
        """Women's share over the part split by sex, ``nu / (nam + nu)``."""
        if self.nam is None or self.nu is None or self.nam + self.nu == 0:
            return None
        return self.nu / (self.nam + self.nu)

    @classmethod
    def cong(cls, parts: Iterable[SoNguoi]) -> SoNguoi:
        """Sum figures without inventing data; absent parts stay visible as incomplete.

        >>> SoNguoi.cong([SoNguoi(nam=1, nu=2), SoNguoi(tong=10)])
        SoNguoi(nam=1, nu=2, tong=13, chua_day_du=False)
        >>> SoNguoi.cong([SoNguoi(nam=1, nu=2), SoNguoi()]).thieu
        True
        """
        items = list(parts)
        given = [p for p in items if not p.rong]
        if not given:
            # Nothing reported anywhere; a gap marked on an input stays marked.
            return cls(chua_day_du=any(p.chua_day_du for p in items))
        incomplete = len(given) < len(items) or any(p.thieu for p in given)
        needs_total = any(p.tong is not None or p.nam is None or p.nu is None for p in given)
        total = sum(p.tong_so or 0 for p in given) if needs_total else None
        return cls(
            nam=_opt_sum(p.nam for p in given),
            nu=_opt_sum(p.nu for p in given),
            tong=total,
            chua_day_du=incomplete,
        )

    def __add__(self, other: SoNguoi) -> SoNguoi:
        if not isinstance(other, SoNguoi):
            return NotImplemented
        return SoNguoi.cong((self, other))


@attrs.frozen
class _Dong:
    """One row of a report table (shared shape of activities and products)."""

    ten: str
    so_luong: int | None = attrs.field(default=None, validator=_count)
    nguoi: SoNguoi = SoNguoi()
    cap: tuple[Cap, ...] = attrs.field(default=(), converter=parse_caps)
    chi_tieu: str | None = None
    ma: str | None = None
    ghi_chu: str | None = None
    nguon: tuple[str, ...] = attrs.field(default=(), converter=tuple)

    @property
    def thieu(self) -> bool:
        """The people figure of this row is incomplete."""
        return self.nguoi.thieu


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
class KinhPhi:
    """Budget in whole đồng: from the state budget and mobilised (xã hội hóa)."""

    ngan_sach_nha_nuoc: int | None = attrs.field(default=None, validator=_money)
    van_dong: int | None = attrs.field(default=None, validator=_money)
    ghi_chu: str | None = None

    @property
    def tong(self) -> int | None:
        """All budget lines together, ``None`` when none was reported."""
        return _opt_sum((self.ngan_sach_nha_nuoc, self.van_dong))


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
    """The reporting unit: ``ten`` (name), ``cap`` (level), ``loai`` (kind), ``ma`` (code)."""

    ten: str
    cap: Cap = attrs.field(converter=parse_cap)
    loai: str | None = None
    ma: str | None = None

    @property
    def khoa(self) -> tuple[str, str]:
        """Identity used to refuse two reports of one unit: the code, else the name."""
        if self.ma:
            return ("ma", self.ma.strip())
        return ("ten", f"{self.cap.value}:{_fold(self.ten)}")

    @property
    def ten_day_du(self) -> str:
        """Name with its kind, as written in sentences: ``'thành phố Bắc Kạn'``."""
        return f"{self.loai} {self.ten}" if self.loai else self.ten


@attrs.frozen
class VanBan:
    """The document header: issuing bodies, number and symbol, place and date, summary."""

    co_quan_chu_quan: str | None = None
    co_quan: str | None = None
    so: str | None = None
    ky_hieu: str | None = None
    dia_danh: str | None = None
    ngay: NgayThang | None = None
    trich_yeu: str | None = None
    kinh_gui: tuple[str, ...] = ()


@attrs.frozen
class KeHoach:
    """A plan (or other document) the report answers: ``Kế hoạch số 695/KH-..., ngày ...``."""

    so_hieu: str
    ngay: date | None = None
    co_quan: str | None = None
    trich_yeu: str | None = None
    loai: str = "Kế hoạch"


@attrs.frozen
class DanhGia:
    """Evaluation (section II): advantages, difficulties, causes."""

    thuan_loi: tuple[str, ...] = ()
    kho_khan: tuple[str, ...] = ()
    nguyen_nhan: tuple[str, ...] = ()


@attrs.frozen
class NoiNhan:
    """Recipients, split as the seed does into electronic and paper copies."""

    ban_dien_tu: tuple[str, ...] = ()
    ban_giay: tuple[str, ...] = ()


@attrs.frozen
class ChuKy:
    """Signature block: authority lines (``TM. ...``, ``KT. ...``), title, name."""

    quyen_han: tuple[str, ...] = ()
    chuc_vu: str | None = None
    ho_ten: str | None = None


# --------------------------------------------------------------------------- report


@attrs.frozen
class TongHop:
    """Derived figures of one table or of a whole report.

    ``so_dong`` rows, ``so_luong`` the sum of their counts (events, products),
    ``nguoi`` the people over the rows that report people (see :meth:`SoNguoi.cong`),
    ``so_dong_thieu`` rows whose people figure is incomplete.
    """

    so_dong: int
    so_luong: int
    nguoi: SoNguoi
    so_dong_thieu: int

    @property
    def thieu(self) -> bool:
        """Some figure behind this total is incomplete."""
        return self.so_dong_thieu > 0 or self.nguoi.thieu

    @classmethod
    def of(cls, rows: Iterable[_Dong]) -> TongHop:
        """Totals of ``rows``; rows without any people figure do not make the sum incomplete."""
        items = list(rows)
        return cls(
            so_dong=len(items),
            so_luong=sum(r.so_luong or 0 for r in items),
            nguoi=SoNguoi.cong(r.nguoi for r in items if not r.nguoi.rong),
            so_dong_thieu=sum(1 for r in items if r.thieu),
        )


@attrs.frozen
class BaoCao:
    """One unit's report on the Action Month of year ``nam``.

    Tables: ``hoat_dong`` (III.1), ``truyen_thong`` (III.2), ``san_pham`` (III.3).
    Narrative: ``chi_dao`` (I.1), ``ket_qua`` (I.2), ``danh_gia`` (II), ``kien_nghi``.
    ``nguon`` names the units an aggregated report was built from.
    """

    nam: int
    don_vi: DonVi
    van_ban: VanBan = VanBan()
    ke_hoach: tuple[KeHoach, ...] = ()
    loi_dan: str | None = None
    chu_de: str | None = None
    chi_dao: tuple[str, ...] = ()
    ket_qua: tuple[str, ...] = ()
    hoat_dong: tuple[HoatDong, ...] = ()
    truyen_thong: tuple[HoatDong, ...] = ()
    san_pham: tuple[SanPham, ...] = ()
    kinh_phi: KinhPhi = KinhPhi()
    danh_gia: DanhGia = DanhGia()
    kien_nghi: tuple[str, ...] = ()
    ket_luan: str | None = None
    noi_nhan: NoiNhan = NoiNhan()
    chu_ky: ChuKy = ChuKy()
    nguon: tuple[DonVi, ...] = ()
    chua_bao_cao: tuple[DonVi, ...] = ()  # expected units missing from an aggregate

    TABLES = ("hoat_dong", "truyen_thong", "san_pham")
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
        return TongHop.of(row for n in names for row in self.bang(n))

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
            and self.kinh_phi.tong is None
            and not any(narrative)
        )
