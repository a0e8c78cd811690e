"""Who signs for each kind of body: :class:`ThamQuyenKy` and :func:`tham_quyen_ky`.

Part of :mod:`binhdanggioi.vocabulary`, which re-exports every public name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

from binhdanggioi._unit_names import (
    remove_invisible,
)
from binhdanggioi._vocab_bodies import LoaiCoQuan
from binhdanggioi._vocab_fold import name_key

# --------------------------------------------------------------------------- who signs

UY_BAN_NHAN_DAN: Final = "ỦY BAN NHÂN DÂN"
"""The first header line of a People's Committee's document, above its territory."""


@attrs.frozen
class ThamQuyenKy:
    """Who signs a body's document by default (Nghị định 30/2020/NĐ-CP, Phụ lục I):
    ``quyen_han`` the collective line ("TM. ỦY BAN NHÂN DÂN") of a body led
    collectively, ``chuc_vu`` the head's title ("CHỦ TỊCH", "HIỆU TRƯỞNG").

    A deputy signs "KT. <head>" above "PHÓ <head>" (:meth:`ky_thay`).
    """

    quyen_han: tuple[str, ...]
    chuc_vu: str

    def ky_thay(self) -> tuple[str, ...]:
        """The authority lines when a deputy signs for the head.

        >>> tham_quyen_ky("Bắc Kạn", LoaiCoQuan.UY_BAN_NHAN_DAN).ky_thay()
        ('TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH')
        """
        return (*self.quyen_han, f"KT. {self.chuc_vu}")


_KY_THEO_LOAI: Final[Mapping[LoaiCoQuan, ThamQuyenKy]] = {
    LoaiCoQuan.UY_BAN_NHAN_DAN: ThamQuyenKy((f"TM. {UY_BAN_NHAN_DAN}",), "CHỦ TỊCH"),
    LoaiCoQuan.CO_QUAN_CHUYEN_MON: ThamQuyenKy((), "THỦ TRƯỞNG CƠ QUAN"),
    LoaiCoQuan.TRUONG_HOC: ThamQuyenKy((), "HIỆU TRƯỞNG"),
    LoaiCoQuan.DAI_HOC: ThamQuyenKy((), "HIỆU TRƯỞNG"),
    LoaiCoQuan.BENH_VIEN: ThamQuyenKy((), "GIÁM ĐỐC"),
    LoaiCoQuan.TO_CHUC_CHINH_TRI_XA_HOI: ThamQuyenKy(("TM. BAN THƯỜNG VỤ",), "CHỦ TỊCH"),
    LoaiCoQuan.DOANH_NGHIEP: ThamQuyenKy((), "GIÁM ĐỐC"),
    LoaiCoQuan.KHAC: ThamQuyenKy((), "THỦ TRƯỞNG CƠ QUAN"),
}

# Within a kind, the head's title follows the first words of the name: a Sở has a
# Giám đốc, a Phòng a Trưởng phòng, a Học viện a Giám đốc, the Youth Union a Bí thư.
# The longest matching prefix wins (as in _CO_QUAN_PREFIXES).
_KY_THEO_TEN: Final[Mapping[LoaiCoQuan, Mapping[str, ThamQuyenKy]]] = {
    LoaiCoQuan.CO_QUAN_CHUYEN_MON: {
        "sở": ThamQuyenKy((), "GIÁM ĐỐC"),
        "phòng": ThamQuyenKy((), "TRƯỞNG PHÒNG"),
        "ban": ThamQuyenKy((), "TRƯỞNG BAN"),
        "bộ": ThamQuyenKy((), "BỘ TRƯỞNG"),
        "cục": ThamQuyenKy((), "CỤC TRƯỞNG"),
        "tổng cục": ThamQuyenKy((), "TỔNG CỤC TRƯỞNG"),
        "chi cục": ThamQuyenKy((), "CHI CỤC TRƯỞNG"),
        "văn phòng": ThamQuyenKy((), "CHÁNH VĂN PHÒNG"),
        "thanh tra": ThamQuyenKy((), "CHÁNH THANH TRA"),
        "trung tâm": ThamQuyenKy((), "GIÁM ĐỐC"),
        "công an": ThamQuyenKy((), "TRƯỞNG CÔNG AN"),
        "bảo hiểm xã hội": ThamQuyenKy((), "GIÁM ĐỐC"),
        "kho bạc": ThamQuyenKy((), "GIÁM ĐỐC"),
        "đài phát thanh": ThamQuyenKy((), "GIÁM ĐỐC"),
        "bộ chỉ huy quân sự": ThamQuyenKy((), "CHỈ HUY TRƯỞNG"),
        "ban chỉ huy quân sự": ThamQuyenKy((), "CHỈ HUY TRƯỞNG"),
    },
    LoaiCoQuan.DAI_HOC: {
        "học viện": ThamQuyenKy((), "GIÁM ĐỐC"),
        "đại học": ThamQuyenKy((), "GIÁM ĐỐC"),
        "viện đại học": ThamQuyenKy((), "VIỆN TRƯỞNG"),
    },
    LoaiCoQuan.BENH_VIEN: {"trạm y tế": ThamQuyenKy((), "TRẠM TRƯỞNG")},
    LoaiCoQuan.TO_CHUC_CHINH_TRI_XA_HOI: {
        **{
            k: ThamQuyenKy(("TM. BAN THƯỜNG VỤ",), "BÍ THƯ")
            for k in (
                "đoàn thanh niên",
                "đoàn tncs",
                "tỉnh đoàn",
                "thành đoàn",
                "huyện đoàn",
                "đoàn trường",
            )
        },
        **{
            k: ThamQuyenKy(("TM. BAN THƯỜNG TRỰC",), "CHỦ TỊCH")
            for k in ("mặt trận tổ quốc", "ủy ban mặt trận tổ quốc", "uỷ ban mặt trận tổ quốc")
        },
    },
    LoaiCoQuan.DOANH_NGHIEP: {
        "tổng công ty": ThamQuyenKy((), "TỔNG GIÁM ĐỐC"),
        "tập đoàn": ThamQuyenKy((), "TỔNG GIÁM ĐỐC"),
    },
}


def tham_quyen_ky(ten: str, loai: LoaiCoQuan) -> ThamQuyenKy:
    """Who signs by default for the body ``ten`` of kind ``loai``.

    >>> tham_quyen_ky("Trường Tiểu học Hương Sơn", LoaiCoQuan.TRUONG_HOC).chuc_vu
    'HIỆU TRƯỞNG'
    >>> tham_quyen_ky("Sở Y tế", LoaiCoQuan.CO_QUAN_CHUYEN_MON).chuc_vu
    'GIÁM ĐỐC'
    >>> tham_quyen_ky("Hội Liên hiệp Phụ nữ huyện Chợ Đồn", LoaiCoQuan.TO_CHUC_CHINH_TRI_XA_HOI)
    ThamQuyenKy(quyen_han=('TM. BAN THƯỜNG VỤ',), chuc_vu='CHỦ TỊCH')
    """
    words = name_key(remove_invisible(ten)).split()
    by_name = _KY_THEO_TEN.get(loai, {})
    for n in range(min(len(words), 6), 0, -1):
        found = by_name.get(" ".join(words[:n]))
        if found is not None:
            return found
    return _KY_THEO_LOAI[loai]
