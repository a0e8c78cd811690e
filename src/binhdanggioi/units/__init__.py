"""Units: who is who, who belongs to whom, from the official list.

Two files name one commune in many ways ("ten: Dương Quang, loai: xã" and
"ten: Xã Dương Quang", with a zero-width space, a soft hyphen, "Ð" for "Đ",
decomposed accents, "Hoà" for "Hòa"). :func:`unit_key` gives them one key;
:func:`official_registry` knows the 34 provinces and 3,321 communes in force
since 1 July 2025, their codes and who belongs to whom.

>>> from binhdanggioi.units import official_registry, unit_key
>>> unit_key("Xã Dương Quang") == unit_key("Dương\\u200b Quang", kind="xã")
True
>>> [str(u) for u in official_registry().find("Tân Lập", province="Tây Ninh")]
['Xã Tân Lập']

:func:`resolve` says which official unit a report's ``DonVi`` is, and
:func:`identity` gives the key that makes two reports of one unit one.

``import binhdanggioi`` does not import ``vietnam_provinces``: the list is read the
first time :func:`official_registry` is called.
"""

from __future__ import annotations

from binhdanggioi._unit_names import KINDS
from binhdanggioi.units._index import Registry, Unit, UnitIndex, UnknownProvinceError
from binhdanggioi.units._official import official_registry
from binhdanggioi.units._resolve import full_name, identity, province_of, resolve
from binhdanggioi.vocabulary import (
    clean_text,
    fold_lookalikes,
    parse_kind,
    split_kind,
    unit_key,
)

__all__ = [
    "KINDS",
    "Registry",
    "Unit",
    "UnitIndex",
    "UnknownProvinceError",
    "clean_text",
    "fold_lookalikes",
    "full_name",
    "identity",
    "official_registry",
    "parse_kind",
    "province_of",
    "resolve",
    "split_kind",
    "unit_key",
]
