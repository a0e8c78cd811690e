"""The words of the domain, each written once: how names are matched, the levels and
their labels, the kinds of unit, and the tables of a report.

How a unit's name is cleaned and keyed (:func:`remove_invisible`, :func:`clean_text`,
:func:`fold_lookalikes`, :func:`split_kind`, :func:`take_kind`, :func:`parse_kind`,
:func:`unit_key`) is written in the private helper ``_unit_names`` and re-exported here.

:mod:`binhdanggioi.model` re-exports :class:`Cap`, :func:`parse_cap` and
:func:`parse_caps`; the other modules read their labels and orders from here.

>>> fold("Thị xã  Bắc-Kạn") == fold("THI XA bac kan")
True
>>> Cap.XA.nhan, Cap.XA.thu_tu, parse_cap("Xã phường") is Cap.XA
('xã', 3, True)
>>> BANG_BAO_CAO["hoat_dong"].muc
'III.1'
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs

from binhdanggioi._unit_names import (
    clean_text,
    fold_lookalikes,
    parse_kind,
    remove_invisible,
    split_kind,
    take_kind,
    unit_key,
)
from binhdanggioi._vocab_bodies import LoaiCoQuan, infer_loai_co_quan, parse_loai_co_quan
from binhdanggioi._vocab_figures import (
    HinhThuc,
    UocTinh,
    parse_hinh_thuc,
    parse_uoc_tinh,
    split_uoc_tinh,
)
from binhdanggioi._vocab_fold import _fold_exact as _fold_exact
from binhdanggioi._vocab_fold import fold, name_key, name_order
from binhdanggioi._vocab_levels import _BY_LABEL as _BY_LABEL
from binhdanggioi._vocab_levels import LOAI_DON_VI, Cap, parse_cap, parse_caps
from binhdanggioi._vocab_signing import UY_BAN_NHAN_DAN, ThamQuyenKy, tham_quyen_ky

__all__ = [
    "BANG_BAO_CAO",
    "LOAI_DON_VI",
    "UY_BAN_NHAN_DAN",
    "BangSpec",
    "Cap",
    "DanhMucNhom",
    "HinhThuc",
    "LoaiCoQuan",
    "NhomDoiTuong",
    "ThamQuyenKy",
    "UocTinh",
    "clean_text",
    "fold",
    "fold_lookalikes",
    "infer_loai_co_quan",
    "name_key",
    "name_order",
    "nhom_doi_tuong",
    "parse_cap",
    "parse_caps",
    "parse_hinh_thuc",
    "parse_kind",
    "parse_loai_co_quan",
    "parse_uoc_tinh",
    "remove_invisible",
    "split_kind",
    "split_uoc_tinh",
    "take_kind",
    "tham_quyen_ky",
    "unit_key",
]


# --------------------------------------------------------------------------- target groups


def _nfc_text(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _nfc_texts(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", v) for v in values)


@attrs.frozen
class NhomDoiTuong:
    """One target group of the catalogue of groups: code, printed name, aliases."""

    ma: str
    ten: str = attrs.field(converter=_nfc_text)
    bi_danh: tuple[str, ...] = attrs.field(default=(), converter=_nfc_texts)


@attrs.frozen
class DanhMucNhom:
    """The catalogue of target groups (``data/nhom-doi-tuong.toml``), in its order.

    >>> groups = nhom_doi_tuong()
    >>> groups.match("Chị em phụ nữ").ma, groups.get("hoc-sinh").ten
    ('phu-nu', 'Học sinh')
    """

    entries: tuple[NhomDoiTuong, ...]

    def get(self, ma: str) -> NhomDoiTuong | None:
        """The group with code ``ma``, or ``None``."""
        return next((e for e in self.entries if e.ma == ma), None)

    def match(self, text: str) -> NhomDoiTuong | None:
        """The group ``text`` names (its code, name or an alias; case, accents and
        punctuation ignored), or ``None``."""
        key = fold(name_key(text))
        for entry in self.entries:
            if key in {fold(name_key(n)) for n in (entry.ma, entry.ten, *entry.bi_danh)}:
                return entry
        return None

    def ten(self, ma: str) -> str:
        """The printed name of group ``ma``; an unknown code is printed as written."""
        entry = self.get(ma)
        return entry.ten if entry is not None else ma

    def position(self, ma: str) -> int:
        """Place of ``ma`` in the catalogue; unknown codes after every known one."""
        for i, entry in enumerate(self.entries):
            if entry.ma == ma:
                return i
        return len(self.entries)


@functools.cache
def nhom_doi_tuong() -> DanhMucNhom:
    """The shipped catalogue of target groups."""
    import tomllib
    from importlib import resources

    text = (resources.files("binhdanggioi") / "data" / "nhom-doi-tuong.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return DanhMucNhom(tuple(NhomDoiTuong(**item) for item in data["nhom"]))


# --------------------------------------------------------------------------- tables


@attrs.frozen
class BangSpec:
    """One table of section III: its field, number, names and column headings.

    ``ma`` is the report field holding its rows, ``so`` its number within section III,
    ``ten`` a short name, ``tieu_de`` the caption as the seed report prints it;
    ``cot_ten``, ``cot_so_luong``, ``cot_nguoi`` head the name, count and people columns.

    >>> spec = BANG_BAO_CAO["san_pham"]
    >>> spec.muc, spec.tieu_de_mau
    ('III.3', '3. PHÁT HÀNH CÁC SẢN PHẨM TRUYỀN THÔNG')
    """

    ma: str
    so: int
    ten: str
    tieu_de: str
    cot_ten: str
    cot_so_luong: str
    cot_nguoi: str

    @property
    def muc(self) -> str:
        """The section number: ``'III.1'``."""
        return f"III.{self.so}"

    @property
    def tieu_de_mau(self) -> str:
        """The caption in capitals, numbered, as the input forms print it."""
        return f"{self.so}. {self.tieu_de.rstrip('.').upper()}"


BANG_BAO_CAO: Final[Mapping[str, BangSpec]] = MappingProxyType(
    {
        spec.ma: spec
        for spec in (
            BangSpec(
                "hoat_dong",
                1,
                "Hoạt động",
                "Tổ chức các hoạt động hưởng ứng Tháng hành động, kiểm tra, giám sát...",
                "Hoạt động",
                "Số cuộc",
                "Số người tham gia",
            ),
            BangSpec(
                "truyen_thong",
                2,
                "Truyền thông",
                "Kết quả truyền thông trên các phương tiện thông tin đại chúng, thông tin cơ sở",
                "Nội dung",
                "Số lượng",
                "Số người tiếp cận",
            ),
            BangSpec(
                "san_pham",
                3,
                "Sản phẩm truyền thông",
                "Phát hành các sản phẩm truyền thông",
                "Sản phẩm",
                "Số lượng",
                "Số người tiếp cận",
            ),
        )
    }
)
"""The three tables of a report by field name, in the order the report prints them."""
