"""Which official unit a report's :class:`~binhdanggioi.model.DonVi` is, if any.

For years from 2025 only: the registries hold the units in force since 1/7/2025.
"""

from __future__ import annotations

from binhdanggioi.model import Cap, DonVi
from binhdanggioi.units._index import Registry, Unit
from binhdanggioi.vocabulary import parse_kind, take_kind

__all__ = ["full_name", "identity", "province_of", "resolve"]

# The levels a registry knows, as a Unit writes them.
_LEVELS: dict[Cap, str] = {Cap.TINH: "tinh", Cap.XA: "xa"}


def full_name(don_vi: DonVi) -> str:
    """The name to look up: kind and name, the kind typed in the name moved first.

    >>> full_name(DonVi("Xã Dương Quang", "xa")), full_name(DonVi("Hồ Chí Minh", "tinh", "TP"))
    ('xã Dương Quang', 'thành phố Hồ Chí Minh')
    """
    # DonVi.tach_loai() without building a new DonVi: this runs once per unit looked up.
    in_name, bare = take_kind(don_vi.ten)
    given = parse_kind(don_vi.loai) if don_vi.loai is not None else None
    if in_name is not None and given in (None, in_name):
        return f"{in_name} {bare}"
    return f"{given} {don_vi.ten}" if given else don_vi.ten


def province_of(registry: Registry, province: str) -> Unit | None:
    """The province given by code ("19", "1") or name ("Tỉnh Thái Nguyên"), or None."""
    found = registry.by_code(province)
    if found is not None:
        return found if found.cap == "tinh" else None
    hits = [u for u in registry.find(province) if u.cap == "tinh"]
    return hits[0] if len(hits) == 1 else None


def resolve(don_vi: DonVi, registry: Registry, *, province: str | None = None) -> Unit | None:
    """The official unit ``don_vi`` is, or None when it is not exactly one.

    By its code when the registry has that code at the unit's level; else by its
    name (any spelling, see :func:`~binhdanggioi.vocabulary.unit_key`): a province
    among the provinces, a commune within its province: ``don_vi.tinh``, else
    ``province`` (the unit it is aggregated into), else the whole country when the
    name is found once only. Other levels (schools, agencies) are never resolved.

    >>> from binhdanggioi.units import official_registry
    >>> registry = official_registry()
    >>> resolve(DonVi("Xã Tân Lập", "xa"), registry) is None  # one in several provinces
    True
    >>> resolve(DonVi("Tân Lập", "xa", "xã", tinh="Tây Ninh"), registry).ma
    '25489'
    """
    level = _LEVELS.get(don_vi.cap)
    if level is None:
        return None
    if don_vi.ma is not None:
        found = registry.by_code(don_vi.ma)
        if found is not None and found.cap == level:
            return found
    name = full_name(don_vi)
    scope = don_vi.tinh or province
    if level == "xa" and scope is not None:
        parent = province_of(registry, scope)
        if parent is None:
            return None
        hits = registry.find(name, province=parent.ma)
    else:
        hits = registry.find(name)
    hits = [u for u in hits if u.cap == level]
    return hits[0] if len(hits) == 1 else None


def identity(
    don_vi: DonVi, registry: Registry | None = None, *, province: str | None = None
) -> tuple[str, str]:
    """The key that says two units are one, whatever their spelling.

    ``("ma", official code)`` when :func:`resolve` finds the unit, else
    :attr:`binhdanggioi.model.DonVi.dinh_danh`.

    Give a registry for years from 2025 only; up to 2024 units are known by name.

    >>> from binhdanggioi.units import official_registry
    >>> a = DonVi("Phường Bắc\\u200b Kạn", "xa", tinh="Thái Nguyên")
    >>> b = DonVi("Bắc Kạn", "xa", "phường", ma="01843")
    >>> identity(a, official_registry()) == identity(b, official_registry())
    True
    """
    found = resolve(don_vi, registry, province=province) if registry is not None else None
    return ("ma", found.ma) if found is not None else don_vi.dinh_danh
