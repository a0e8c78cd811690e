"""Units, the :class:`Registry` protocol and :class:`UnitIndex`, an index over any list."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Protocol, runtime_checkable

import attrs

from binhdanggioi._unit_names import (
    KINDS,
    clean_text,
    key_of_bare,
    keys_of,
    parse_kind,
    strip_accents,
)
from binhdanggioi.errors import BinhDangGioiError, MissingDependencyError

__all__ = ["Registry", "Unit", "UnitIndex", "UnknownProvinceError"]

# The scope of the provinces' own names in the name tables (a commune's scope is its province).
_PROVINCES = ""
# Below this similarity (0-100, on names without accents) a name is not suggested.
_CUTOFF = 60.0


@attrs.frozen
class Unit:
    """One administrative unit as the official list names it.

    ``ten`` is the name without its kind, ``loai`` the kind in Vietnamese lower case,
    ``cap`` a :class:`binhdanggioi.model.Cap` value, ``ma_tinh`` the province of a
    commune.

    >>> u = Unit(ma="01843", ten="Bắc Kạn", loai="phường", cap="xa", ma_tinh="19")
    >>> str(u)
    'Phường Bắc Kạn'
    """

    ma: str
    ten: str
    loai: str
    cap: Literal["tinh", "xa"]
    ma_tinh: str | None = None

    @property
    def ten_day_du(self) -> str:
        """Kind and name as written in a document's header: ``Thành phố Hồ Chí Minh``."""
        return f"{self.loai[:1].upper()}{self.loai[1:]} {self.ten}"

    def __str__(self) -> str:
        return self.ten_day_du


class UnknownProvinceError(BinhDangGioiError, LookupError):
    """A province named or coded that is not in the registry."""

    def __init__(self, province: str, *, suggestions: Iterable[Unit] = ()) -> None:
        self.province = province
        self.suggestions: tuple[Unit, ...] = tuple(suggestions)
        hint = ", ".join(u.ten_day_du for u in self.suggestions)
        super().__init__(
            f"Không có tỉnh, thành phố '{province}' trong danh mục đơn vị hành chính."
            + (f" Có phải: {hint}?" if hint else " Hãy ghi tên hoặc mã tỉnh theo danh mục.")
        )


@runtime_checkable
class Registry(Protocol):
    """What aggregation and validation ask of a list of units; pass your own if needed.

    ``province`` is a province's code (``"19"``) or name (``"Thái Nguyên"``).
    """

    def by_code(self, code: str) -> Unit | None:
        """The unit with this code, or None."""
        ...

    def find(self, name: str, *, province: str | None = None) -> list[Unit]:
        """Every unit of this name (in ``province`` when given), however it is spelled."""
        ...

    def children(self, code: str) -> list[Unit]:
        """The communes of a province, in code order; ``[]`` for anything else."""
        ...

    def closest(self, name: str, *, province: str | None = None, n: int = 3) -> list[Unit]:
        """Up to ``n`` units whose names are nearest to ``name``, best first."""
        ...


class UnitIndex:
    """A :class:`Registry` over any list of units, indexed by code and by name key.

    >>> index = UnitIndex([
    ...     Unit("19", "Thái Nguyên", "tỉnh", "tinh"),
    ...     Unit("01843", "Bắc Kạn", "phường", "xa", "19"),
    ...     Unit("02143", "Văn Lang", "xã", "xa", "19"),
    ...     Unit("05665", "Văn Lăng", "xã", "xa", "19"),
    ... ])
    >>> index.find("Phường Bắc Kạn", province="Tỉnh Thái Nguyên")
    [Unit(ma='01843', ten='Bắc Kạn', loai='phường', cap='xa', ma_tinh='19')]
    >>> [u.ma for u in index.find("xã van lang", province="19")]
    []
    >>> [u.ten for u in index.closest("xã van lang", province="19")]
    ['Văn Lang', 'Văn Lăng']
    """

    def __init__(self, units: Iterable[Unit], *, source: str = "") -> None:
        self.source = source
        self._by_code: dict[str, Unit] = {}
        for unit in units:
            if parse_kind(unit.loai) != unit.loai:
                raise ValueError(
                    f"Loại '{unit.loai}' của đơn vị mã {unit.ma} không phải một loại đơn vị "
                    f"viết thường theo danh mục ({', '.join(KINDS)})."
                )
            if unit.ma in self._by_code:
                raise ValueError(f"Mã đơn vị '{unit.ma}' có hai lần trong danh mục.")
            self._by_code[unit.ma] = unit
        ordered = sorted(self._by_code.values(), key=lambda u: u.ma)
        self._provinces = [u for u in ordered if u.cap == "tinh"]
        self._children: dict[str, list[Unit]] = {u.ma: [] for u in self._provinces}
        for unit in ordered:
            if unit.cap == "tinh":
                continue
            if unit.ma_tinh not in self._children:
                raise ValueError(
                    f"Đơn vị {unit.ten_day_du} (mã {unit.ma}) thuộc tỉnh mã "
                    f"'{unit.ma_tinh}', không có trong danh mục."
                )
            self._children[unit.ma_tinh].append(unit)
        # One name table per scope: None for the whole list, a code for a province.
        self._keys: dict[str | None, dict[str, list[Unit]]] = {None: {}, _PROVINCES: {}}
        for unit in [*self._provinces, *(u for u in ordered if u.cap != "tinh")]:
            key = key_of_bare(unit.ten)
            self._keys[None].setdefault(key, []).append(unit)
            scope = _PROVINCES if unit.cap == "tinh" else unit.ma_tinh
            self._keys.setdefault(scope, {}).setdefault(key, []).append(unit)
        self._fuzzy: dict[str | None, tuple[list[str], list[str], list[Unit]]] = {}

    def __len__(self) -> int:
        return len(self._by_code)

    def __repr__(self) -> str:
        return f"<UnitIndex {len(self._provinces)} tỉnh, {len(self) - len(self._provinces)} xã>"

    def provinces(self) -> list[Unit]:
        """Every province, in code order."""
        return list(self._provinces)

    def by_code(self, code: str) -> Unit | None:
        """The unit with this code (zero-padded, as in the list), or None.

        Province codes are also found without their leading zero ("1" is "01").
        """
        found = self._by_code.get(code)
        if found is not None:
            return found
        code = clean_text(code)
        found = self._by_code.get(code)
        if found is None and code.isdigit() and len(code) < 2:
            found = self._by_code.get(code.zfill(2))
        return found

    def find(self, name: str, *, province: str | None = None) -> list[Unit]:
        """Every unit of this name, however it is spelled; within ``province`` if given.

        A kind in the name must match ("Xã Bắc Kạn" is not the ward "Phường Bắc Kạn");
        the name may also be a bare name that starts with a kind word ("Phường Đúc").
        """
        return self._find(None if province is None else self.province_code(province), name)

    def _find(self, scope: str | None, name: str) -> list[Unit]:
        table = self._keys[scope]
        kind, bare_key, whole_key = keys_of(name)
        hits = [u for u in table.get(bare_key, ()) if kind is None or u.loai == kind]
        if kind is not None:
            hits += [u for u in table.get(whole_key, ()) if u not in hits]
        return hits

    def children(self, code: str) -> list[Unit]:
        """The communes of a province, in code order; ``[]`` for a commune or no unit."""
        unit = self.by_code(code)
        return list(self._children.get(unit.ma, ())) if unit is not None else []

    def closest(self, name: str, *, province: str | None = None, n: int = 3) -> list[Unit]:
        """Up to ``n`` units whose names are nearest to ``name``, best first.

        Scores names without accents first (a name typed without them still finds its
        unit), then with them to order ties. Kinds are ignored. Units scoring under
        60 of 100 are not suggested.
        """
        return self._closest(None if province is None else self.province_code(province), name, n)

    def _closest(self, scope: str | None, name: str, n: int) -> list[Unit]:
        try:
            from rapidfuzz import fuzz, process
        except ImportError as err:  # pragma: no cover - a declared dependency
            raise MissingDependencyError("rapidfuzz", feature="gợi ý tên đơn vị gần đúng") from err
        plain, keys, units = self._fuzzy_table(scope)
        query = keys_of(name)[1]
        found = process.extract(
            strip_accents(query), plain, scorer=fuzz.ratio, score_cutoff=_CUTOFF, limit=None
        )
        ranked = sorted(found, key=lambda hit: (-hit[1], -fuzz.ratio(query, keys[hit[2]]), hit[2]))
        return [units[i] for _, _, i in ranked[:n]]

    def province_code(self, province: str) -> str:
        """The code of a province given by code or by name, or :class:`UnknownProvinceError`."""
        found = self.by_code(province)
        if found is not None and found.cap == "tinh":
            return found.ma
        names = [] if clean_text(province).isdigit() else self._find(_PROVINCES, province)
        if len(names) == 1:
            return names[0].ma
        suggestions = [] if names else self._closest(_PROVINCES, province, 3)
        raise UnknownProvinceError(clean_text(province), suggestions=names or suggestions)

    def _fuzzy_table(self, scope: str | None) -> tuple[list[str], list[str], list[Unit]]:
        """Accent-free keys, keys and units of a scope, built on first use."""
        table = self._fuzzy.get(scope)
        if table is None:
            units = [u for group in self._keys[scope].values() for u in group]
            keys = [key_of_bare(u.ten) for u in units]
            table = ([strip_accents(k) for k in keys], keys, units)
            self._fuzzy[scope] = table
        return table
