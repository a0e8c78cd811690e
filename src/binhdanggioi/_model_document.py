"""The unit and the document's parts: :class:`DonVi`, :class:`VanBan`,
:class:`KeHoach`, :class:`DanhGia`, :class:`NoiNhan`, :class:`ChuKy`.

Part of :mod:`binhdanggioi.model`, which re-exports every public name.
"""

from __future__ import annotations

from datetime import date

import attrs

from binhdanggioi._model_fields import (
    _are_texts,
    _code,
    _is_opt_text,
    _is_text,
    _name,
    _nfc,
    _opt_loai_co_quan,
    _texts,
)
from binhdanggioi._model_rows import NgayThang
from binhdanggioi.vocabulary import (
    Cap,
    LoaiCoQuan,
    fold,
    infer_loai_co_quan,
    parse_cap,
    parse_kind,
    take_kind,
    unit_key,
)


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
