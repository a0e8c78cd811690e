"""Text as every template receives it: cleaned, capitalised, split; level labels.

Part of :mod:`binhdanggioi.context` (which re-exports the public names).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence

from binhdanggioi.model import (
    Cap,
    DonVi,
)

# --------------------------------------------------------------------------- text


# Characters XML 1.0 cannot carry at all: C0 controls other than tab and newline,
# lone surrogates and the two non-characters. They are dropped from every text so
# that hostile input can never make a rendered document unreadable.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(value: str) -> str:
    """NFC text without characters a document cannot hold; line ends become ``\\n``."""
    if len(value) <= _SHORT:
        return _clean_short(value)
    return _cleaned(value)


_SHORT = 120
"""Names, units and figures repeat across the rows and reports of a batch: texts up to
this length are cleaned once and remembered; longer ones (paragraphs) each time."""


def _cleaned(value: str) -> str:
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL.sub("", text)


_clean_short = functools.lru_cache(maxsize=1 << 14)(_cleaned)


def _clean_opt(value: str | None) -> str | None:
    return None if value is None else _clean(value)


def _clean_list(values: Iterable[str]) -> list[str]:
    return [_clean(v) for v in values]


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lines(text: str | None) -> list[str]:
    if not text:
        return []
    return [line.strip() for line in _clean(text).split("\n") if line.strip()]


def _sentence(text: str) -> str:
    """``text`` without the full stop, colon or spaces it may end with."""
    return text.rstrip().rstrip(".:;").rstrip()


# --------------------------------------------------------------------------- levels


def cap_label(cap: Cap, don_vi: DonVi) -> str:
    """The label of a level as the seed prints it, for a report of ``don_vi``
    (:meth:`DonVi.nhan_cap`).

    The reporting unit's own level takes its kind (``loai``): "Thành phố" for
    Bắc Kạn; a single commune's own row "Xã", a school's or a university's "Nhà
    trường"; other levels take their generic name.

    >>> cap_label(Cap.HUYEN, DonVi("Bắc Kạn", "huyen", loai="thành phố"))
    'Thành phố'
    >>> cap_label(Cap.HUYEN, DonVi("Bắc Kạn", "tinh"))
    'Huyện'
    >>> cap_label(Cap.XA, DonVi("Dương Quang", "xa"))
    'Xã'
    """
    return _clean(don_vi.nhan_cap(cap))


def caps_label(caps: Sequence[Cap], don_vi: DonVi) -> str:
    """Several levels in one cell: ``'Thành phố, xã phường'``.

    >>> caps_label([Cap.HUYEN, Cap.XA], DonVi("Bắc Kạn", "huyen", loai="thành phố"))
    'Thành phố, xã phường'
    """
    return _caps_label(tuple(caps), don_vi)


@functools.lru_cache(maxsize=1024)
def _caps_label(caps: tuple[Cap, ...], don_vi: DonVi) -> str:
    # Every row of a report asks with the same unit: the unit's kind is inferred once.
    labels = [cap_label(c, don_vi) for c in caps]
    return ", ".join(
        label if i == 0 else label[:1].lower() + label[1:] for i, label in enumerate(labels)
    )
