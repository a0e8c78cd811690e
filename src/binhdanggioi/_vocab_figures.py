"""Words about figures and activities: qualifiers (:class:`UocTinh`: hơn, khoảng, ...)
and forms of an activity (:class:`HinhThuc`).

Part of :mod:`binhdanggioi.vocabulary`, which re-exports every public name.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from typing import Final

from binhdanggioi._vocab_fold import fold, name_key, parse_label

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
    use = "dùng: trên, hơn, gần hoặc khoảng (ví dụ 'hơn 100')"
    return parse_label(value, UocTinh, _BY_UOC_TINH, name_key, what="từ ước tính", use=use)


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
    use = "dùng: trực tiếp, trực tuyến hoặc kết hợp (mã truc-tiep, truc-tuyen, ket-hop)"
    return parse_label(value, HinhThuc, _BY_HINH_THUC, fold, what="hình thức", use=use)
