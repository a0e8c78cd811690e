"""The levels of government and their labels: :class:`Cap`, :func:`parse_cap`,
:func:`parse_caps`, and the kinds of territorial unit (``LOAI_DON_VI``).

Part of :mod:`binhdanggioi.vocabulary`, which re-exports every public name.
"""

from __future__ import annotations

import enum
import itertools
import re
from collections.abc import Iterable, Mapping
from typing import Final

from binhdanggioi._unit_names import (
    remove_invisible,
)
from binhdanggioi._vocab_fold import fold

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
