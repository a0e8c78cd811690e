"""The official list: 34 provinces and 3,321 communes since 1 July 2025.

Read from the ``vietnam-provinces`` package (names and codes of the National
Statistics Office), imported on first use only.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from binhdanggioi._unit_names import clean_text, parse_kind, split_kind
from binhdanggioi.errors import MissingDependencyError
from binhdanggioi.units._index import Unit, UnitIndex

if TYPE_CHECKING:
    from types import ModuleType

__all__ = ["official_registry"]


@functools.cache
def official_registry() -> UnitIndex:
    """The official two-tier list, indexed once per process (a few milliseconds).

    >>> registry = official_registry()
    >>> registry.by_code("19").ten_day_du, registry.find("Bắc Kạn", province="19")[0].ma
    ('Tỉnh Thái Nguyên', '01843')
    """
    try:
        import vietnam_provinces
    except ImportError as err:
        raise MissingDependencyError(
            "vietnam-provinces", feature="danh mục đơn vị hành chính chính thức"
        ) from err
    return UnitIndex(
        _units(vietnam_provinces),
        source=(
            f"vietnam-provinces {vietnam_provinces.__version__}, "
            f"dữ liệu ngày {vietnam_provinces.__data_version__}"
        ),
    )


def _units(package: ModuleType) -> Iterator[Unit]:
    """Provinces then communes, each name split from its kind by the package's own kind."""
    for province in package.Province.iter_all():
        kind, name = _name_and_kind(province.name, province.division_type.value)
        yield Unit(ma=f"{int(province.code):02d}", ten=name, loai=kind, cap="tinh")
    for ward in package.Ward.iter_all():
        kind, name = _name_and_kind(ward.name, ward.division_type.value)
        yield Unit(
            ma=f"{int(ward.code):05d}",
            ten=name,
            loai=kind,
            cap="xa",
            ma_tinh=f"{int(ward.province_code):02d}",
        )


def _name_and_kind(full_name: str, division_type: str) -> tuple[str, str]:
    """("thành phố", "Hồ Chí Minh") from ("Thành phố Hồ Chí Minh", "thành phố trung ương")."""
    kind = parse_kind(division_type)
    if kind is None:
        raise ValueError(f"Loại đơn vị '{division_type}' của '{full_name}' chưa được hỗ trợ.")
    found, bare = split_kind(full_name)
    # Strip only the package's own kind: "Phường Phường Đúc" is the ward "Phường Đúc".
    return kind, bare if found == kind else clean_text(full_name)
