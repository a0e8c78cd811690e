"""The model's field checks: the bound on figures, converters (NFC text, names,
codes, tuples, kinds) and validators shared by every domain type.

Part of :mod:`binhdanggioi.model`, which re-exports every public name.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterable
from typing import Any, Final

import attrs

from binhdanggioi.vocabulary import (
    Cap,
    parse_caps,
    parse_hinh_thuc,
    parse_loai_co_quan,
    parse_uoc_tinh,
    remove_invisible,
)

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
    if type(value) is tuple and not value:
        return value  # the default, every time a record is built without the field
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"cần một danh sách các đoạn văn bản, nhận {value!r:.60}")
    normalize = unicodedata.normalize  # inline _nfc: merged rows carry long lists
    return tuple([normalize("NFC", v) if isinstance(v, str) else v for v in value])


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


_LEVELS: dict[Any, tuple[Cap, ...]] = {}


def _levels(value: Any) -> tuple[Cap, ...]:
    """:func:`~binhdanggioi.vocabulary.parse_caps`, remembered: rows repeat a few levels,
    given as codes, labels or the :class:`Cap` tuple a converter has already read."""
    try:
        return _LEVELS[value]
    except (KeyError, TypeError):  # not seen yet, or a list (not hashable)
        pass
    caps = parse_caps(value)
    if isinstance(value, str | tuple) and len(_LEVELS) < 1000:
        with contextlib.suppress(TypeError):  # a tuple holding a list
            _LEVELS[value] = caps
    return caps


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
    if type(value) is tuple:
        return value
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
