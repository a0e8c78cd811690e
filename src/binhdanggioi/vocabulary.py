"""The words of the domain, each written once: how names are matched, the levels and
their labels, the kinds of unit, and the tables of a report.

How a unit's name is cleaned and keyed (:func:`remove_invisible`, :func:`clean_text`,
:func:`fold_lookalikes`, :func:`split_kind`, :func:`take_kind`, :func:`parse_kind`,
:func:`unit_key`) is written in the private helper ``_unit_names`` and re-exported here.

:mod:`binhdanggioi.model` re-exports :class:`Cap`, :func:`parse_cap` and
:func:`parse_caps`; the other modules read their labels and orders from here.

>>> fold("Thị xã  Bắc-Kạn") == fold("THI XA bac kan")
True
>>> Cap.XA.nhan, Cap.XA.thu_tu, parse_cap("Xã phường") is Cap.XA
('xã', 3, True)
>>> BANG_BAO_CAO["hoat_dong"].muc
'III.1'
"""

from __future__ import annotations

import enum
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs

from binhdanggioi._unit_names import (
    clean_text,
    fold_lookalikes,
    parse_kind,
    remove_invisible,
    split_kind,
    take_kind,
    unit_key,
)

__all__ = [
    "BANG_BAO_CAO",
    "LOAI_DON_VI",
    "UY_BAN_NHAN_DAN",
    "BangSpec",
    "Cap",
    "DanhMucNhom",
    "HinhThuc",
    "LoaiCoQuan",
    "NhomDoiTuong",
    "ThamQuyenKy",
    "UocTinh",
    "clean_text",
    "fold",
    "fold_lookalikes",
    "infer_loai_co_quan",
    "name_key",
    "name_order",
    "nhom_doi_tuong",
    "parse_cap",
    "parse_caps",
    "parse_hinh_thuc",
    "parse_kind",
    "parse_loai_co_quan",
    "parse_uoc_tinh",
    "remove_invisible",
    "split_kind",
    "split_uoc_tinh",
    "take_kind",
    "tham_quyen_ky",
    "unit_key",
]


# --------------------------------------------------------------------------- folding


def _fold_exact(text: str) -> str:
    """The definition of :func:`fold`, character by character (slow, exact)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.split(r"[\s_\-]+", bare.casefold().strip())).strip()


def _latin_table() -> dict[int, str]:
    """Each Latin letter with a diacritic (and ``_``, ``-``) mapped to what it folds to."""
    table = {ord("_"): " ", ord("-"): " "}
    for cp in itertools.chain(range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        folded = _fold_exact(chr(cp))
        if folded.isascii() and " " not in folded:
            table[cp] = folded
    return table


_LATIN: Final = _latin_table()


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Key for matching names whatever their case, accents, ``đ`` and spacing.

    ``_`` and ``-`` count as spaces; punctuation is kept. Vietnamese text takes a fast
    path (one table lookup a character, cached); any other text is decomposed.

    >>> fold(" Thành  Phố ")
    'thanh pho'
    >>> fold("Xã Đồng-Tâm"), fold("trường_học")
    ('xa dong tam', 'truong hoc')
    """
    quick = text.casefold().translate(_LATIN)
    if quick.isascii():
        return " ".join(quick.split())
    return _fold_exact(text)


def name_key(text: str) -> str:
    """Key for matching names: NFC, case-folded, punctuation and extra spaces removed.

    Accents are kept (``tờ`` and ``tổ`` stay different); only their Unicode form is
    ignored. ``fold(name_key(text))`` forgets the accents as well.

    >>> name_key(" Băng rôn,  KHẨU HIỆU ") == name_key("băng rôn - khẩu hiệu")
    True
    """
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    kept = "".join(c if c.isalnum() or unicodedata.combining(c) else " " for c in folded)
    return " ".join(kept.split())


def name_order(name: str) -> tuple[str, str]:
    """Sort key for names: base letters first (``Đa`` among the ``D``), then accents.

    >>> sorted(["Đức", "Dương", "Đa", "Bằng"], key=name_order)
    ['Bằng', 'Đa', 'Dương', 'Đức']
    """
    return (unicodedata.normalize("NFD", name.casefold().replace("đ", "d")), name)


# --------------------------------------------------------------------------- levels


class Cap(enum.StrEnum):
    """Administrative level where a unit sits or an activity took place.

    Members are in rank order, from the centre down (:attr:`thu_tu`).

    >>> Cap.HUYEN.nhan, Cap.HUYEN.nhan_bang, Cap.TRUONG_HOC.nhan_bang
    ('huyện', 'Huyện', 'Các trường học')
    >>> sorted([Cap.XA, Cap.TINH], key=lambda c: c.thu_tu)
    [<Cap.TINH: 'tinh'>, <Cap.XA: 'xa'>]
    """

    TRUNG_UONG = "trung-uong"
    TINH = "tinh"
    HUYEN = "huyen"
    XA = "xa"
    TRUONG_HOC = "truong-hoc"

    @property
    def nhan(self) -> str:
        """The level's name in a sentence: ``'xã'`` (as in "cấp xã")."""
        return _NHAN[self][0]

    @property
    def nhan_bang(self) -> str:
        """The level as the seed report prints it in a table row: ``'Xã phường'``."""
        return _NHAN[self][1]

    @property
    def nhan_don(self) -> str:
        """The level of one unit, capitalised: ``'Xã'`` (``nhan_bang`` is ``'Xã phường'``)."""
        return _NHAN[self][0][:1].upper() + _NHAN[self][0][1:]

    @property
    def thu_tu(self) -> int:
        """Rank from the centre down: 0 for ``TRUNG_UONG``, 4 for ``TRUONG_HOC``."""
        return _THU_TU[self]


_NHAN: Final[Mapping[Cap, tuple[str, str]]] = {
    Cap.TRUNG_UONG: ("trung ương", "Trung ương"),
    Cap.TINH: ("tỉnh", "Tỉnh"),
    Cap.HUYEN: ("huyện", "Huyện"),
    Cap.XA: ("xã", "Xã phường"),
    Cap.TRUONG_HOC: ("trường học", "Các trường học"),
}
_THU_TU: Final[Mapping[Cap, int]] = {c: i for i, c in enumerate(Cap)}

_LOAI_THEO_CAP: Final[Mapping[Cap, tuple[str, ...]]] = {
    Cap.XA: ("xã", "phường", "thị trấn", "đặc khu"),
    Cap.HUYEN: ("huyện", "thành phố", "thị xã", "quận"),
    Cap.TINH: ("tỉnh",),
}

LOAI_DON_VI: Final[tuple[str, ...]] = tuple(itertools.chain(*_LOAI_THEO_CAP.values()))
"""Kinds of unit, the word a unit's name starts with (``"xã Dương Quang"``), by level.

>>> LOAI_DON_VI[:4]
('xã', 'phường', 'thị trấn', 'đặc khu')
"""

# Labels read as a level besides the code, the two labels and the kinds of unit.
_OTHER_LABELS: Final[Mapping[Cap, tuple[str, ...]]] = {
    Cap.TRUNG_UONG: ("toàn quốc", "bộ", "ngành trung ương"),
    Cap.TINH: ("thành phố trực thuộc trung ương", "cấp tỉnh"),
    Cap.HUYEN: ("thành phố thuộc tỉnh", "cấp huyện"),
    Cap.XA: ("xã, phường", "cấp xã"),
    Cap.TRUONG_HOC: ("nhà trường",),
}

_BY_LABEL: Final[Mapping[str, Cap]] = {
    fold(label): cap
    for cap in Cap
    for label in (
        cap.value,
        *_NHAN[cap],
        *_LOAI_THEO_CAP.get(cap, ()),
        *_OTHER_LABELS[cap],
    )
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
    elif not isinstance(value, Iterable):
        raise TypeError(f"cấp phải là mã hoặc nhãn (văn bản), nhận {value!r:.60}")
    else:
        found = [c for item in value for c in parse_caps(item)]
    return tuple(c for c in Cap if c in found)


def _caps_from_label(label: str) -> list[Cap]:
    key = fold(remove_invisible(label))
    if key in _BY_LABEL:
        return [_BY_LABEL[key]]
    parts = [p for p in re.split(r"\s*(?:,|;|/|\+|\bva\b)\s*", key) if p]
    if len(parts) > 1 and all(p in _BY_LABEL for p in parts):
        return [_BY_LABEL[p] for p in parts]
    codes = ", ".join(c.value for c in Cap)
    raise ValueError(
        f"không hiểu cấp '{label}'; dùng một mã ({codes}) "
        "hoặc nhãn như 'Tỉnh', 'Huyện', 'Xã', 'Các trường học'"
    )


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
    if isinstance(value, LoaiCoQuan):
        return value
    if not isinstance(value, str):
        raise TypeError(f"loại cơ quan phải là văn bản, nhận {value!r:.60}")
    found = _BY_CO_QUAN_LABEL.get(fold(remove_invisible(value)))
    if found is None:
        codes = ", ".join(k.value for k in LoaiCoQuan)
        raise ValueError(f"không hiểu loại cơ quan '{value}'; dùng một mã: {codes}")
    return found


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


# --------------------------------------------------------------------------- figures


class UocTinh(enum.StrEnum):
    """The word that makes a figure approximate: "trên 100", "hơn 100", "gần", "khoảng".

    >>> UocTinh.HON.nhan, UocTinh.cong([UocTinh.TREN, None, UocTinh.HON])
    ('hơn', <UocTinh.HON: 'hon'>)
    """

    TREN = "tren"
    HON = "hon"
    GAN = "gan"
    KHOANG = "khoang"

    @property
    def nhan(self) -> str:
        """The word as printed before the number: ``'trên'``."""
        return _NHAN_UOC_TINH[self]

    @classmethod
    def cong(cls, parts: Iterable[UocTinh | None]) -> UocTinh | None:
        """The qualifier of a sum of figures with the ``parts``' qualifiers.

        Exact parts (``None``) do not change it; all approximate parts alike keep their
        word ("hơn 100" + 20 = "hơn 120"); "trên" with "hơn" gives "hơn" (both are lower
        bounds); any other mixture gives "khoảng". The sum is the same whatever the order
        or the steps of the addition.

        >>> UocTinh.cong([UocTinh.GAN, UocTinh.HON]), UocTinh.cong([None, None])
        (<UocTinh.KHOANG: 'khoang'>, None)
        """
        found = {p for p in parts if p is not None}
        if not found:
            return None
        if len(found) == 1:
            return found.pop()
        if found <= {cls.TREN, cls.HON}:
            return cls.HON
        return cls.KHOANG


_NHAN_UOC_TINH: Final[Mapping[UocTinh, str]] = {
    UocTinh.TREN: "trên",
    UocTinh.HON: "hơn",
    UocTinh.GAN: "gần",
    UocTinh.KHOANG: "khoảng",
}
_BY_UOC_TINH: Final[Mapping[str, UocTinh]] = {
    **{name_key(label): q for q, label in _NHAN_UOC_TINH.items()},
    **{q.value: q for q in UocTinh},
    "xấp xỉ": UocTinh.KHOANG,
    "ước": UocTinh.KHOANG,
    "ước tính": UocTinh.KHOANG,
    "hon": UocTinh.HON,
}
_QUALIFIED = re.compile(r"\s*(\w+(?:\s+\w+)?)\s+(?=[\d+-])(.*)", re.DOTALL)


def parse_uoc_tinh(value: str | UocTinh) -> UocTinh:
    """Read a qualifier from its word (``hơn``) or its code (``hon``).

    >>> parse_uoc_tinh("Khoảng")
    <UocTinh.KHOANG: 'khoang'>
    """
    if isinstance(value, UocTinh):
        return value
    if not isinstance(value, str):
        raise TypeError(f"từ ước tính phải là văn bản, nhận {value!r:.60}")
    found = _BY_UOC_TINH.get(name_key(remove_invisible(value)))
    if found is None:
        raise ValueError(
            f"không hiểu từ ước tính '{value}'; dùng: trên, hơn, gần hoặc khoảng (ví dụ 'hơn 100')"
        )
    return found


def split_uoc_tinh(text: str) -> tuple[UocTinh | None, str]:
    """A figure written with a qualifier split into the qualifier and the number text.

    >>> split_uoc_tinh("hơn 10.450"), split_uoc_tinh("100")
    ((<UocTinh.HON: 'hon'>, '10.450'), (None, '100'))
    """
    m = _QUALIFIED.fullmatch(text)
    if m is None:
        return None, text
    found = _BY_UOC_TINH.get(name_key(m[1]))
    return (found, m[2].strip()) if found is not None else (None, text)


class HinhThuc(enum.StrEnum):
    """How an activity was held: in person, online, or both.

    >>> parse_hinh_thuc("Trực tuyến"), HinhThuc.KET_HOP.nhan
    (<HinhThuc.TRUC_TUYEN: 'truc-tuyen'>, 'trực tiếp kết hợp trực tuyến')
    """

    TRUC_TIEP = "truc-tiep"
    TRUC_TUYEN = "truc-tuyen"
    KET_HOP = "ket-hop"

    @property
    def nhan(self) -> str:
        """The form in a sentence: ``'trực tuyến'``."""
        return _NHAN_HINH_THUC[self][0]


_NHAN_HINH_THUC: Final[Mapping[HinhThuc, tuple[str, ...]]] = {
    HinhThuc.TRUC_TIEP: ("trực tiếp", "tại chỗ", "offline"),
    HinhThuc.TRUC_TUYEN: ("trực tuyến", "online", "qua mạng"),
    HinhThuc.KET_HOP: (
        "trực tiếp kết hợp trực tuyến",
        "kết hợp",
        "trực tiếp và trực tuyến",
        "trực tiếp, trực tuyến",
    ),
}
_BY_HINH_THUC: Final[Mapping[str, HinhThuc]] = {
    fold(label): form for form, labels in _NHAN_HINH_THUC.items() for label in (form.value, *labels)
}


def parse_hinh_thuc(value: str | HinhThuc) -> HinhThuc:
    """Read the form of an activity from its code or its label."""
    if isinstance(value, HinhThuc):
        return value
    if not isinstance(value, str):
        raise TypeError(f"hình thức phải là văn bản, nhận {value!r:.60}")
    found = _BY_HINH_THUC.get(fold(remove_invisible(value)))
    if found is None:
        raise ValueError(
            f"không hiểu hình thức '{value}'; dùng: trực tiếp, trực tuyến hoặc kết hợp "
            "(mã truc-tiep, truc-tuyen, ket-hop)"
        )
    return found


# --------------------------------------------------------------------------- target groups


def _nfc_text(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _nfc_texts(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", v) for v in values)


@attrs.frozen
class NhomDoiTuong:
    """One target group of the catalogue of groups: code, printed name, aliases."""

    ma: str
    ten: str = attrs.field(converter=_nfc_text)
    bi_danh: tuple[str, ...] = attrs.field(default=(), converter=_nfc_texts)


@attrs.frozen
class DanhMucNhom:
    """The catalogue of target groups (``data/nhom-doi-tuong.toml``), in its order.

    >>> groups = nhom_doi_tuong()
    >>> groups.match("Chị em phụ nữ").ma, groups.get("hoc-sinh").ten
    ('phu-nu', 'Học sinh')
    """

    entries: tuple[NhomDoiTuong, ...]

    def get(self, ma: str) -> NhomDoiTuong | None:
        """The group with code ``ma``, or ``None``."""
        return next((e for e in self.entries if e.ma == ma), None)

    def match(self, text: str) -> NhomDoiTuong | None:
        """The group ``text`` names (its code, name or an alias; case, accents and
        punctuation ignored), or ``None``."""
        key = fold(name_key(text))
        for entry in self.entries:
            if key in {fold(name_key(n)) for n in (entry.ma, entry.ten, *entry.bi_danh)}:
                return entry
        return None

    def ten(self, ma: str) -> str:
        """The printed name of group ``ma``; an unknown code is printed as written."""
        entry = self.get(ma)
        return entry.ten if entry is not None else ma

    def position(self, ma: str) -> int:
        """Place of ``ma`` in the catalogue; unknown codes after every known one."""
        for i, entry in enumerate(self.entries):
            if entry.ma == ma:
                return i
        return len(self.entries)


@functools.cache
def nhom_doi_tuong() -> DanhMucNhom:
    """The shipped catalogue of target groups."""
    import tomllib
    from importlib import resources

    text = (resources.files("binhdanggioi") / "data" / "nhom-doi-tuong.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return DanhMucNhom(tuple(NhomDoiTuong(**item) for item in data["nhom"]))


# --------------------------------------------------------------------------- tables


@attrs.frozen
class BangSpec:
    """One table of section III: its field, number, names and column headings.

    ``ma`` is the report field holding its rows, ``so`` its number within section III,
    ``ten`` a short name, ``tieu_de`` the caption as the seed report prints it;
    ``cot_ten``, ``cot_so_luong``, ``cot_nguoi`` head the name, count and people columns.

    >>> spec = BANG_BAO_CAO["san_pham"]
    >>> spec.muc, spec.tieu_de_mau
    ('III.3', '3. PHÁT HÀNH CÁC SẢN PHẨM TRUYỀN THÔNG')
    """

    ma: str
    so: int
    ten: str
    tieu_de: str
    cot_ten: str
    cot_so_luong: str
    cot_nguoi: str

    @property
    def muc(self) -> str:
        """The section number: ``'III.1'``."""
        return f"III.{self.so}"

    @property
    def tieu_de_mau(self) -> str:
        """The caption in capitals, numbered, as the input forms print it."""
        return f"{self.so}. {self.tieu_de.rstrip('.').upper()}"


BANG_BAO_CAO: Final[Mapping[str, BangSpec]] = MappingProxyType(
    {
        spec.ma: spec
        for spec in (
            BangSpec(
                "hoat_dong",
                1,
                "Hoạt động",
                "Tổ chức các hoạt động hưởng ứng Tháng hành động, kiểm tra, giám sát...",
                "Hoạt động",
                "Số cuộc",
                "Số người tham gia",
            ),
            BangSpec(
                "truyen_thong",
                2,
                "Truyền thông",
                "Kết quả truyền thông trên các phương tiện thông tin đại chúng, thông tin cơ sở",
                "Nội dung",
                "Số lượng",
                "Số người tiếp cận",
            ),
            BangSpec(
                "san_pham",
                3,
                "Sản phẩm truyền thông",
                "Phát hành các sản phẩm truyền thông",
                "Sản phẩm",
                "Số lượng",
                "Số người tiếp cận",
            ),
        )
    }
)
"""The three tables of a report by field name, in the order the report prints them."""
