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
    "BangSpec",
    "Cap",
    "clean_text",
    "fold",
    "fold_lookalikes",
    "name_key",
    "name_order",
    "parse_cap",
    "parse_caps",
    "parse_kind",
    "remove_invisible",
    "split_kind",
    "take_kind",
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
