"""Every field of the model reaches the Word, HTML and Markdown text.

The test walks :class:`BaoCao` and its nested types with ``attrs.fields``, sets a
distinctive value in every field (a unique word, a unique number, a chosen member of
an enumeration), renders once per format and looks for each value. A field added to
the model later fails here until it is printed, or listed in :data:`NOT_PRINTED` with
the reason it is not meant to be.
"""

from __future__ import annotations

import enum
import re
import types
import typing
from datetime import date
from typing import Any

import attrs
import pytest

from binhdanggioi import model
from binhdanggioi.model import BaoCao, Cap, LoaiCoQuan, NgayThang, UocTinh
from binhdanggioi.vietnamese import format_number
from test_documents_by_kind import text_of

NOT_PRINTED: dict[str, str] = {
    "BaoCao.tu_dong": "marks of the sentences the software drafted (path#hash): bookkeeping "
    "that lets the next draft keep a person's edits, not text of the report",
    "_Dong.ma": "an event's code: joins the copies of one event in aggregation",
    "_Dong.chi_tieu": "the catalogue code of the row's indicator; the row's own name is printed",
    "DonVi.ma": "the administrative code: the unit's identity in lookups",
    "DonVi.tinh": "the province, for lookups; printed only as the dateline place of a "
    "province-level body that names none",
    "DonVi.cap": "the unit's level: it shows through the labels of the rows, not as a value",
}
"""Fields not meant to be printed, by ``Class.field`` (``_Dong`` for the three tables)."""

LISTED_UNITS = ("nguon", "chua_bao_cao")
"""Units listed by name (contributing, missing): only their ``ten`` and ``loai`` print;
their other fields identify them."""

# How a flag shows: the sentence it adds (a flag has no value of its own to look for).
EFFECTS: dict[str, str] = {
    "SoNguoi.chua_day_du": "có đơn vị chưa báo cáo số người",
    "_Dong.so_luong_chua_du": "có đơn vị chưa báo cáo số lượng",
    "KinhPhi.chua_day_du": "Kinh phí tổng hợp chưa đầy đủ",
    "NguonKinhPhi.chua_day_du": "; chưa đầy đủ",
    "HoTro.chua_day_du": "có đơn vị chưa báo cáo số suất, trị giá",
    "NhomNguoi.chua_day_du": "(chưa đầy đủ)",
}

# Values hidden by another field that wins over them (``van_ban`` over ``don_vi``, a
# written header, signature and closing over the defaults): checked in a second render with
# the winning fields cleared. The loai_co_quan's sign is its default signature.
SHADOWED: dict[str, str | None] = {
    "DonVi.ten": None,
    "DonVi.loai": None,
    "DonVi.cap_tren": None,
    "DonVi.dia_danh": None,
    "DonVi.loai_co_quan": "TM. BAN THƯỜNG VỤ",
}
FIXED: dict[str, Any] = {
    "BaoCao.nam": 2025,
    "DonVi.cap": Cap.XA,
    "DonVi.loai_co_quan": LoaiCoQuan.TO_CHUC_CHINH_TRI_XA_HOI,
}


def _key(cls: type, name: str) -> str:
    owner = "_Dong" if cls in (model.HoatDong, model.SanPham) else cls.__name__
    return f"{owner}.{name}"


@attrs.define
class _Walk:
    """Builds the report and records what each field should print."""

    counter: int = 0
    expect: list[tuple[str, str, str]] = attrs.Factory(list)  # (path, key, regex)
    enum_seen: dict[str, int] = attrs.Factory(dict)

    def next(self) -> int:
        self.counter += 1
        return self.counter

    def build(self, cls: type, path: str) -> Any:
        hints = typing.get_type_hints(cls)
        values: dict[str, Any] = {}
        for field in attrs.fields(cls):
            key = _key(cls, field.name)
            where = f"{path}.{field.name}".lstrip(".")
            values[field.name] = self.value(hints[field.name], key, where)
        if cls is model.SoNguoi:  # a total above the split, so that it is printed
            values["tong"] = values["nam"] + values["nu"] + values["tong"]
            self.expect.append((f"{path}.tong", "SoNguoi.tong", _num(values["tong"])))
        return cls(**values)

    def value(self, hint: Any, key: str, path: str) -> Any:
        hint, many = _unwrap(hint)
        if many:
            return (self.value(hint, key, path),)
        if key in FIXED:
            value = FIXED[key]
        elif attrs.has(hint) and hint is not NgayThang:
            return self.build(hint, path)
        else:
            value = self.leaf(hint, key)
        self.record(path, key, hint, value)
        return value

    def leaf(self, hint: Any, key: str) -> Any:
        n = self.next()
        if hint is str:
            return f"Zq{n:03d}x"
        if hint is bool:
            return True
        if hint is int:
            return 100_000 + 1_117 * n
        if hint is NgayThang:
            return NgayThang(2025, 11, n % 27 + 1)
        if hint is date:
            return date(2025, 10, n % 27 + 1)
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            members = list(hint)
            index = self.enum_seen.setdefault(key, len(self.enum_seen) + 1)
            return members[index % len(members)]
        raise AssertionError(f"{key}: kiểu {hint!r} chưa biết cách đặt giá trị")

    def record(self, path: str, key: str, hint: Any, value: Any) -> None:
        listed = path.split(".")[0] in LISTED_UNITS
        if key in NOT_PRINTED or (listed and key not in ("DonVi.ten", "DonVi.loai")):
            return
        if key == "SoNguoi.tong":
            return  # recorded with the total that build() sets
        self.expect.append((path, key, _pattern(key, value)))


def _num(value: int) -> str:
    return re.escape(format_number(value))


def _pattern(key: str, value: Any) -> str:
    if key in EFFECTS:
        return re.escape(EFFECTS[key])
    if key in SHADOWED and SHADOWED[key] is not None:
        return re.escape(str(SHADOWED[key]))
    if key == "BaoCao.nam":
        return f"năm {value}"
    if isinstance(value, int):
        return _num(value)
    if isinstance(value, NgayThang):
        return f"(?:{value.ngay:02d}/{value.thang:02d}/{value.nam}|ngày {value.ngay:02d} tháng)"
    if isinstance(value, date):
        return re.escape(value.strftime("%d/%m/%Y"))
    if isinstance(value, UocTinh):
        return rf"{value.nhan} \d"
    if isinstance(value, Cap):
        return "Trung ương" if value is Cap.TRUNG_UONG else re.escape(value.nhan_bang)
    if isinstance(value, enum.Enum):
        return re.escape(value.nhan)  # type: ignore[attr-defined]
    if isinstance(value, str):
        return f"(?:{re.escape(value)}|{re.escape(value.upper())})"
    raise AssertionError(f"{key}: không biết tìm {value!r} thế nào")


def _unwrap(hint: Any) -> tuple[Any, bool]:
    """``X | None`` → X; ``tuple[X, ...]`` → (X, True)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        assert len(args) == 1, hint
        hint = args[0]
    if typing.get_origin(hint) is tuple:
        return typing.get_args(hint)[0], True
    return hint, False


def _walked() -> tuple[BaoCao, list[tuple[str, str, str]]]:
    walk = _Walk()
    report = walk.build(BaoCao, "")
    return report, walk.expect


def _unshadowed(report: BaoCao) -> BaoCao:
    """The report without the fields that win over the shadowed ones."""
    van_ban = attrs.evolve(report.van_ban, co_quan_chu_quan=None, co_quan=None, dia_danh=None)
    return attrs.evolve(report, van_ban=van_ban, chu_ky=model.ChuKy(), ket_luan=None)


def test_the_walk_sets_every_field() -> None:
    report, expect = _walked()
    keys = {key for _, key, _ in expect}
    for cls in (model.HoatDong, model.SanPham, model.HoTro, model.NhomNguoi, model.KinhPhi):
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            hint, _ = _unwrap(hints[field.name])
            if attrs.has(hint) and hint is not NgayThang:
                continue  # a nested type: its own fields are the leaves
            key = _key(cls, field.name)
            assert key in keys or key in NOT_PRINTED, key
    assert report.hoat_dong[0].nhom[0].uoc_tinh is not None
    assert report.hoat_dong[0].nguoi.tong_so and report.hoat_dong[0].nguoi.chua_phan_tach


@pytest.mark.parametrize("fmt", ["docx", "html", "markdown"])
def test_every_field_reaches_the_text(fmt: str) -> None:
    report, expect = _walked()
    texts = {
        False: " ".join(text_of(report, fmt).split()),
        True: " ".join(text_of(_unshadowed(report), fmt).split()),
    }
    missing = [
        f"{path} ({key}): {pattern}"
        for path, key, pattern in expect
        if not re.search(pattern, texts[key in SHADOWED])
    ]
    assert not missing, "không in ra:\n" + "\n".join(missing)
