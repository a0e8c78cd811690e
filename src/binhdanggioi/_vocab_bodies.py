"""Kinds of issuing body: :class:`LoaiCoQuan`, read from a label
(:func:`parse_loai_co_quan`) or from a body's name (:func:`infer_loai_co_quan`).

Part of :mod:`binhdanggioi.vocabulary`, which re-exports every public name.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Final

from binhdanggioi._unit_names import (
    remove_invisible,
    take_kind,
)
from binhdanggioi._vocab_fold import fold, name_key, parse_label
from binhdanggioi._vocab_levels import LOAI_DON_VI, Cap

# --------------------------------------------------------------------------- issuing bodies


class LoaiCoQuan(enum.StrEnum):
    """What kind of body issues a report: it decides the header, the dateline place,
    the closing sentence and the signature (the document side reads it).

    A body's level (:class:`Cap`) stays its territorial level: a provincial Sở sits at
    ``tinh``, a commune's Hội Liên hiệp Phụ nữ at ``xa``, a school at the level of the
    authority that manages it (or ``truong-hoc``).

    >>> LoaiCoQuan.TRUONG_HOC.nhan, LoaiCoQuan.UY_BAN_NHAN_DAN.lanh_tho
    ('trường học', True)
    """

    UY_BAN_NHAN_DAN = "uy-ban-nhan-dan"
    CO_QUAN_CHUYEN_MON = "co-quan-chuyen-mon"
    TRUONG_HOC = "truong-hoc"
    DAI_HOC = "dai-hoc"
    BENH_VIEN = "benh-vien"
    TO_CHUC_CHINH_TRI_XA_HOI = "to-chuc-chinh-tri-xa-hoi"
    DOANH_NGHIEP = "doanh-nghiep"
    KHAC = "khac"

    @property
    def nhan(self) -> str:
        """The kind in a sentence: ``'cơ quan chuyên môn'``."""
        return _NHAN_CO_QUAN[self]

    @property
    def lanh_tho(self) -> bool:
        """A territorial authority (People's Committee): "trên địa bàn" fits its report."""
        return self is LoaiCoQuan.UY_BAN_NHAN_DAN


_NHAN_CO_QUAN: Final[Mapping[LoaiCoQuan, str]] = {
    LoaiCoQuan.UY_BAN_NHAN_DAN: "ủy ban nhân dân",
    LoaiCoQuan.CO_QUAN_CHUYEN_MON: "cơ quan chuyên môn",
    LoaiCoQuan.TRUONG_HOC: "trường học",
    LoaiCoQuan.DAI_HOC: "đại học",
    LoaiCoQuan.BENH_VIEN: "bệnh viện",
    LoaiCoQuan.TO_CHUC_CHINH_TRI_XA_HOI: "tổ chức chính trị - xã hội",
    LoaiCoQuan.DOANH_NGHIEP: "doanh nghiệp",
    LoaiCoQuan.KHAC: "khác",
}

# How a name (or ``loai``) starts, by kind. Matched on whole words, accents kept
# ("Phong Thổ" is no "Phòng"); a prefix of two words or more also without accents.
# The longest prefix wins: "Công đoàn Công ty X" is an association, "Trường Đại học"
# a university, "Ủy ban Mặt trận Tổ quốc" not a People's Committee. A one-word prefix
# of a name counts only before two more words: "Sở Y tế", but not the communes
# "Trường Sơn" or "Hội An".
_CO_QUAN_PREFIXES: Final[Mapping[LoaiCoQuan, tuple[str, ...]]] = {
    LoaiCoQuan.UY_BAN_NHAN_DAN: (
        "ủy ban nhân dân",
        "uỷ ban nhân dân",
        "ubnd",
        *(f"ủy ban nhân dân {k}" for k in ("xã", "phường", "tỉnh", "huyện", "thành phố")),
    ),
    LoaiCoQuan.CO_QUAN_CHUYEN_MON: (
        "sở",
        "phòng",
        "ban",
        "bộ",
        "cục",
        "tổng cục",
        "chi cục",
        "văn phòng",
        "thanh tra",
        "trung tâm",
        "công an",
        "bộ chỉ huy quân sự",
        "ban chỉ huy quân sự",
        "bảo hiểm xã hội",
        "kho bạc",
        "đài phát thanh",
        "cơ quan",
    ),
    LoaiCoQuan.TRUONG_HOC: (
        "trường",
        "trường học",
        "trường tiểu học",
        "trường trung học",
        "trường trung học cơ sở",
        "trường trung học phổ thông",
        "trường thcs",
        "trường thpt",
        "trường th",
        "trường mầm non",
        "trường mẫu giáo",
        "trường phổ thông",
        "trường liên cấp",
        "trường phổ thông dân tộc nội trú",
        "trường phổ thông dân tộc bán trú",
        "trường ptdtnt",
        "trường ptdtbt",
        "nhà trẻ",
        "trung tâm giáo dục thường xuyên",
        "trung tâm giáo dục nghề nghiệp",
    ),
    LoaiCoQuan.DAI_HOC: (
        "đại học",
        "trường đại học",
        "học viện",
        "trường cao đẳng",
        "cao đẳng",
        "viện đại học",
    ),
    LoaiCoQuan.BENH_VIEN: (
        "bệnh viện",
        "trung tâm y tế",
        "trạm y tế",
        "phòng khám",
    ),
    LoaiCoQuan.TO_CHUC_CHINH_TRI_XA_HOI: (
        "hội",
        "hội liên hiệp phụ nữ",
        "hội lhpn",
        "hội phụ nữ",
        "hội nông dân",
        "hội cựu chiến binh",
        "hội người cao tuổi",
        "hội chữ thập đỏ",
        "đoàn thanh niên",
        "đoàn tncs",
        "đoàn tncs hồ chí minh",
        "tỉnh đoàn",
        "thành đoàn",
        "huyện đoàn",
        "đoàn trường",
        "công đoàn",
        "liên đoàn lao động",
        "mặt trận tổ quốc",
        "ủy ban mặt trận tổ quốc",
        "uỷ ban mặt trận tổ quốc",
        "ủy ban mttq",
        "ban thường vụ",
        "liên hiệp các hội",
    ),
    LoaiCoQuan.DOANH_NGHIEP: (
        "công ty",
        "tổng công ty",
        "tập đoàn",
        "doanh nghiệp",
        "hợp tác xã",
        "ngân hàng",
        "chi nhánh",
        "nhà máy",
        "xí nghiệp",
    ),
    LoaiCoQuan.KHAC: ("hội đồng nhân dân", "viện kiểm sát", "tòa án", "toà án"),
}


def _prefix_table() -> tuple[dict[str, LoaiCoQuan], dict[str, LoaiCoQuan]]:
    accented: dict[str, LoaiCoQuan] = {}
    bare: dict[str, LoaiCoQuan] = {}
    for kind, prefixes in _CO_QUAN_PREFIXES.items():
        for prefix in prefixes:
            key = name_key(prefix)
            accented[key] = kind
            if " " in key:
                bare[fold(key)] = kind
    return accented, bare


_PREFIX_ACCENTED, _PREFIX_BARE = _prefix_table()
_LONGEST_PREFIX: Final = max(len(k.split()) for k in _PREFIX_ACCENTED)
_LANH_THO: Final = frozenset(name_key(k) for k in LOAI_DON_VI)
_BY_CO_QUAN_LABEL: Final[Mapping[str, LoaiCoQuan]] = {
    fold(label): kind for kind in LoaiCoQuan for label in (kind.value, _NHAN_CO_QUAN[kind])
}


def _kind_from_prefix(text: str, *, name: bool) -> LoaiCoQuan | None:
    words = name_key(remove_invisible(text)).split()
    shortest = 1 if not name or len(words) >= 3 else 2
    for n in range(min(len(words), _LONGEST_PREFIX), shortest - 1, -1):
        head = " ".join(words[:n])
        found = _PREFIX_ACCENTED.get(head)
        if found is None and n > 1:
            found = _PREFIX_BARE.get(fold(head))
        if found is not None:
            return found
    return None


def parse_loai_co_quan(value: str | LoaiCoQuan) -> LoaiCoQuan:
    """Read a kind of body from its code (``truong-hoc``) or its label (``trường học``).

    >>> parse_loai_co_quan("Tổ chức chính trị - xã hội")
    <LoaiCoQuan.TO_CHUC_CHINH_TRI_XA_HOI: 'to-chuc-chinh-tri-xa-hoi'>
    """
    use = "dùng một mã: " + ", ".join(k.value for k in LoaiCoQuan)
    return parse_label(value, LoaiCoQuan, _BY_CO_QUAN_LABEL, fold, what="loại cơ quan", use=use)


def infer_loai_co_quan(ten: str, loai: str | None = None, cap: Cap | None = None) -> LoaiCoQuan:
    """The kind of body a unit is, from its ``loai``, else its name, else its level.

    A territorial kind (xã, phường, huyện, tỉnh...) or a territorial level without
    any other clue gives a People's Committee; ``cap`` ``truong-hoc`` a school.

    >>> infer_loai_co_quan("Hương Sơn", "trường tiểu học").value
    'truong-hoc'
    >>> infer_loai_co_quan("Trường Đại học Vinh", cap=Cap.TINH).value
    'dai-hoc'
    >>> infer_loai_co_quan("Hội Liên hiệp Phụ nữ huyện Chợ Đồn").value
    'to-chuc-chinh-tri-xa-hoi'
    >>> infer_loai_co_quan("Sở Lao động - Thương binh và Xã hội", cap=Cap.TINH).value
    'co-quan-chuyen-mon'
    >>> infer_loai_co_quan("Bắc Kạn", "thành phố", Cap.HUYEN).value
    'uy-ban-nhan-dan'
    >>> infer_loai_co_quan("Phong Thổ", cap=Cap.HUYEN).value, infer_loai_co_quan("Trường Sơn").value
    ('uy-ban-nhan-dan', 'khac')
    """
    if loai is not None and loai.strip():
        if name_key(loai) in _LANH_THO:
            return LoaiCoQuan.UY_BAN_NHAN_DAN
        found = _kind_from_prefix(loai, name=False)
        if found is not None:
            return found
    found = _kind_from_prefix(ten, name=True)
    if found is not None:
        return found
    if take_kind(ten)[0] is not None:
        return LoaiCoQuan.UY_BAN_NHAN_DAN
    if cap is Cap.TRUONG_HOC:
        return LoaiCoQuan.TRUONG_HOC
    if cap in (Cap.TINH, Cap.HUYEN, Cap.XA):
        return LoaiCoQuan.UY_BAN_NHAN_DAN
    return LoaiCoQuan.KHAC
