"""The indicator catalogue (*danh mục chỉ tiêu*): what each table row counts.

A catalogue is data, one TOML file per version of the reporting form, shipped in
``binhdanggioi/data/chi-tieu/<first year>.toml``. Each entry (:class:`ChiTieu`)
has a stable code, a Vietnamese name, the table it belongs to, its unit of count
and the aliases met on real reports. Rows that carry no code are matched to an
entry by name, ignoring case, accent form (NFC/NFD), punctuation and spacing.

>>> cat = catalogue_for(2023)
>>> cat.match("Hưởng ứng  LỄ PHÁT ĐỘNG").ma
'le-phat-dong'
>>> cat.get("bang-ron-khau-hieu").don_vi_tinh
'cái'

Next year's form is a data change: add ``2026.toml`` beside the shipped files, or
pass your own file to :func:`load_catalogue`.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, Literal, cast, get_args

import attrs

from binhdanggioi import formats
from binhdanggioi.errors import DataError, DataIssue
from binhdanggioi.vocabulary import DanhMucNhom, NhomDoiTuong, fold, name_key, nhom_doi_tuong

__all__ = [
    "Bang",
    "Catalogue",
    "ChiTieu",
    "DanhMucNhom",
    "NhomDoiTuong",
    "catalogue_for",
    "load_catalogue",
    "name_key",
    "nhom_doi_tuong",
]

Bang = Literal["hoat_dong", "truyen_thong", "san_pham"]
"""The three tables of a report: III.1 activities, III.2 communication, III.3 products."""

_TABLES: tuple[str, ...] = get_args(Bang)
_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _bare_key(text: str) -> str:
    """:func:`name_key` without any accent, for a forgiving second try."""
    return fold(name_key(text))


def _check_bang(_inst: Any, _attr: Any, value: str) -> None:
    if value not in _TABLES:
        raise ValueError(f"bảng '{value}' không có; dùng một trong: {', '.join(_TABLES)}")


def _check_code(_inst: Any, _attr: Any, value: str) -> None:
    if not _CODE.fullmatch(value):
        raise ValueError(
            f"mã chỉ tiêu '{value}' không đúng dạng; chỉ dùng chữ thường không dấu, số và "
            "dấu gạch nối, ví dụ 'le-phat-dong'"
        )


def _check_text(_inst: Any, attr: attrs.Attribute[Any], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attr.name} không được để trống")


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _nfc_all(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(_nfc(v) for v in values)


def _entries(values: Iterable[ChiTieu]) -> tuple[ChiTieu, ...]:
    return tuple(values)


@attrs.frozen
class ChiTieu:
    """One indicator: ``ma`` (code), ``ten`` (name), ``bang`` (table), aliases, unit of count.

    >>> ChiTieu("co-phuon", "Cờ phướn", "san_pham", ("Cờ",), "cái").ten
    'Cờ phướn'
    """

    ma: str = attrs.field(validator=_check_code)
    ten: str = attrs.field(converter=_nfc, validator=_check_text)
    bang: Bang = attrs.field(validator=_check_bang)
    bi_danh: tuple[str, ...] = attrs.field(default=(), converter=_nfc_all)
    don_vi_tinh: str = attrs.field(default="lượt", converter=_nfc, validator=_check_text)

    @property
    def ten_goi(self) -> tuple[str, ...]:
        """Every name this indicator answers to: its own name first, then the aliases."""
        return (self.ten, *self.bi_danh)


_AMBIGUOUS = ChiTieu("mo-ho", "mơ hồ", "hoat_dong")
"""Marker in the forgiving index: two entries share an accent-less name."""


def _index(
    entries: Iterable[ChiTieu], key: Any, *, strict: bool
) -> dict[tuple[str | None, str], ChiTieu]:
    out: dict[tuple[str | None, str], ChiTieu] = {}
    for entry in entries:
        for name in entry.ten_goi:
            k = key(name)
            for slot in ((entry.bang, k), (None, k)):
                found = out.get(slot)
                if found is None or found is entry:
                    out[slot] = entry
                elif strict:
                    raise ValueError(
                        f"tên '{name}' của chỉ tiêu '{entry.ma}' trùng với một tên của chỉ "
                        f"tiêu '{found.ma}'; mỗi tên chỉ được thuộc về một chỉ tiêu"
                    )
                else:
                    out[slot] = _AMBIGUOUS
    return out


@attrs.frozen
class Catalogue:
    """A version of the indicator catalogue, first used for the reports of year ``nam``.

    ``phien_ban`` names the version; ``entries`` keeps the order of the form.
    """

    nam: int
    phien_ban: str
    entries: tuple[ChiTieu, ...] = attrs.field(converter=_entries)
    _by_code: dict[str, ChiTieu] = attrs.field(init=False, repr=False, eq=False)
    _by_name: dict[tuple[str | None, str], ChiTieu] = attrs.field(init=False, repr=False, eq=False)
    _by_bare: dict[tuple[str | None, str], ChiTieu] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by_code: dict[str, ChiTieu] = {}
        for entry in self.entries:
            if entry.ma in by_code:
                raise ValueError(f"mã chỉ tiêu '{entry.ma}' có hai lần trong danh mục")
            by_code[entry.ma] = entry
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_by_name", _index(self.entries, name_key, strict=True))
        object.__setattr__(self, "_by_bare", _index(self.entries, _bare_key, strict=False))

    def get(self, ma: str) -> ChiTieu | None:
        """The entry with code ``ma`` (surrounding space and case ignored), or ``None``."""
        return self._by_code.get(ma.strip().casefold())

    def match(self, ten: str, bang: str | None = None) -> ChiTieu | None:
        """The entry whose name or alias is ``ten``, within table ``bang`` when given.

        Case, accent form (NFC/NFD), punctuation and spacing are ignored. When no
        name matches with its accents, a name written without accents is accepted if
        it points to exactly one entry.

        >>> cat = catalogue_for(2023)
        >>> cat.match("bang ron khau hieu", "san_pham").ma
        'bang-ron-khau-hieu'
        >>> cat.match("Băng rôn", "hoat_dong") is None
        True
        """
        found = self._by_name.get((bang, name_key(ten)))
        if found is None:
            found = self._by_bare.get((bang, _bare_key(ten)))
        return None if found is None or found is _AMBIGUOUS else found

    def for_table(self, bang: str) -> tuple[ChiTieu, ...]:
        """The entries of table ``bang``, in the order of the form."""
        if bang not in _TABLES:
            raise KeyError(f"không có bảng '{bang}'; các bảng: {', '.join(_TABLES)}")
        return tuple(e for e in self.entries if e.bang == bang)

    def position(self, ma: str) -> int:
        """Place of code ``ma`` in the form (for sorting); unknown codes come last."""
        entry = self.get(ma)
        return self.entries.index(entry) if entry is not None else len(self.entries)


# --------------------------------------------------------------------------- reading


def _entry(data: Any, where: str, issues: list[DataIssue]) -> ChiTieu | None:
    if not isinstance(data, Mapping):
        issues.append(DataIssue(where, "mỗi chỉ tiêu phải là một bảng khóa–giá trị"))
        return None
    known = {"ma", "ten", "bang", "bi_danh", "don_vi_tinh"}
    extra = sorted(set(map(str, data)) - known)
    if extra:
        issues.append(
            DataIssue(where, f"khóa không có trong mẫu: {', '.join(extra)}; dùng {sorted(known)}")
        )
        return None
    missing = [k for k in ("ma", "ten", "bang") if k not in data]
    if missing:
        issues.append(DataIssue(where, f"thiếu trường bắt buộc: {', '.join(missing)}"))
        return None
    aliases = data.get("bi_danh", [])
    texts = [data["ma"], data["ten"], data["bang"], data.get("don_vi_tinh", "lượt"), *aliases]
    if not isinstance(aliases, list) or not all(isinstance(t, str) for t in texts):
        issues.append(
            DataIssue(where, "ma, ten, bang, don_vi_tinh là văn bản; bi_danh là danh sách văn bản")
        )
        return None
    try:
        return ChiTieu(
            ma=data["ma"],
            ten=data["ten"],
            bang=data["bang"],
            bi_danh=tuple(aliases),
            don_vi_tinh=data.get("don_vi_tinh", "lượt"),
        )
    except ValueError as err:
        issues.append(DataIssue(where, str(err)))
        return None


def parse_catalogue(data: Mapping[str, Any], *, source: str | None = None) -> Catalogue:
    """Build a :class:`Catalogue` from plain data; every problem is raised as one ``DataError``."""
    issues: list[DataIssue] = []
    extra = sorted(set(map(str, data)) - {"nam", "phien_ban", "chi_tieu"})
    if extra:
        issues.append(
            DataIssue(
                "", f"khóa không có trong mẫu: {', '.join(extra)}; dùng nam, phien_ban, chi_tieu"
            )
        )
    nam = data.get("nam")
    if isinstance(nam, bool) or not isinstance(nam, int):
        issues.append(DataIssue("nam", "cần năm đầu tiên áp dụng danh mục, một số nguyên"))
    phien_ban = data.get("phien_ban")
    if not isinstance(phien_ban, str) or not phien_ban.strip():
        issues.append(DataIssue("phien_ban", 'cần tên phiên bản, ví dụ "2016.1"'))
    items = data.get("chi_tieu")
    if not isinstance(items, list) or not items:
        issues.append(DataIssue("chi_tieu", "cần danh sách chỉ tiêu ([[chi_tieu]])"))
        items = []
    entries = [_entry(item, f"chi_tieu[{i}]", issues) for i, item in enumerate(items)]
    if not issues:
        try:
            return Catalogue(
                cast(int, nam), cast(str, phien_ban), [e for e in entries if e is not None]
            )
        except ValueError as err:
            issues.append(DataIssue("chi_tieu", str(err)))
    raise DataError(issues, source=source)


def _from_data(data: Any, source: str) -> Catalogue:
    if not isinstance(data, Mapping):
        issue = DataIssue("", "danh mục phải là một bảng khóa–giá trị (nam, phien_ban, chi_tieu)")
        raise DataError([issue], source=source)
    return parse_catalogue(data, source=source)


def load_catalogue(path: str | os.PathLike[str]) -> Catalogue:
    """Read a catalogue from a file laid out like the shipped ones.

    The file is TOML, or YAML or JSON when its suffix says so; it is read by the same
    hardened readers as reports (bounded size, no YAML aliases).
    """
    data = formats.read_data(path, format=formats.data_format(path) or "toml")
    return _from_data(data, str(path))


def _shipped_dir() -> Traversable:
    return resources.files("binhdanggioi") / "data" / "chi-tieu"


@functools.cache
def _shipped() -> tuple[Catalogue, ...]:
    found = []
    for ref in _shipped_dir().iterdir():
        if ref.name.endswith(".toml") and ref.name[:-5].isdigit():
            source = f"binhdanggioi/data/chi-tieu/{ref.name}"
            data = formats.loads_data(ref.read_bytes(), "toml", source=source)
            found.append(_from_data(data, source))
    return tuple(sorted(found, key=lambda c: c.nam))


def catalogue_for(nam: int) -> Catalogue:
    """The shipped catalogue in force for the reports of year ``nam``.

    That is the version with the latest first year not after ``nam``; years before
    the first Action Month get the first version.

    >>> catalogue_for(2023).phien_ban
    '2016.1'
    """
    versions = _shipped()
    chosen = versions[0]
    for version in versions:
        if version.nam <= nam:
            chosen = version
    return chosen
