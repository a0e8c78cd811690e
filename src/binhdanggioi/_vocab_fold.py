"""How names are matched: :func:`fold` (case-, accent- and spacing-insensitive keys),
:func:`name_key` and :func:`name_order`.

Part of :mod:`binhdanggioi.vocabulary`, which re-exports every public name.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Final, TypeVar

from binhdanggioi._unit_names import remove_invisible

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


@functools.lru_cache(maxsize=1 << 16)
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


_E = TypeVar("_E")


def parse_label(
    value: object,
    kind: type[_E],
    table: Mapping[str, _E],
    key: Callable[[str], str],
    *,
    what: str,
    use: str,
) -> _E:
    """The member of the closed choice ``kind`` that ``value`` names: ``table[key(value)]``.

    ``what`` names the choice in the messages ("hình thức"), ``use`` says what to
    write instead. A member passed as it is comes back unchanged.
    """
    if isinstance(value, kind):
        return value
    if not isinstance(value, str):
        raise TypeError(f"{what} phải là văn bản, nhận {value!r:.60}")
    found = table.get(key(remove_invisible(value)))
    if found is None:
        raise ValueError(f"không hiểu {what} '{value}'; {use}")
    return found
