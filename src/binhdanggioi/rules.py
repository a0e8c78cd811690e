"""Rule checks that a well-formed report can still fail.

:func:`validate` walks a :class:`~binhdanggioi.model.BaoCao` part by part and runs
the rules of each part's type. The rules are grouped per governed type (one
small function each) and registered in one ordered table, :data:`_RULES`, so the
rules of a type are found together. Every code is listed in :data:`CODES` with its
fixed severity; a code never changes meaning or severity once released.

>>> from binhdanggioi.model import BaoCao, DonVi, HoatDong, SoNguoi
>>> row = HoatDong("A", so_luong=1, nguoi=SoNguoi(5, 6, 10), cap="xa")
>>> r = BaoCao(2023, DonVi("X", "xa"), hoat_dong=(row,))
>>> for p in validate(r):
...     print(p)
lỗi: hoat_dong[0].nguoi: Nam + Nữ = 11 lớn hơn tổng 10; sửa số Nam, Nữ hoặc tổng [nam-nu-vuot-tong]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from binhdanggioi import _text_figures as tf
from binhdanggioi import _years
from binhdanggioi.catalogue import catalogue_for, nhom_doi_tuong
from binhdanggioi.errors import MissingDependencyError
from binhdanggioi.model import (
    SO_LIEU_TOI_DA,
    BaoCao,
    Cap,
    ChuKy,
    DanhGia,
    DonVi,
    HoatDong,
    HoTro,
    KinhPhi,
    NgayThang,
    NguonKinhPhi,
    NoiNhan,
    SanPham,
    SoNguoi,
    UocTinh,
    VanBan,
)
from binhdanggioi.units import Registry, Unit, full_name, official_registry, province_of
from binhdanggioi.vietnamese import format_count, format_money, format_number
from binhdanggioi.vocabulary import parse_kind

if TYPE_CHECKING:  # pragma: no cover
    from binhdanggioi.ke_hoach import KeHoachTrienKhai

__all__ = [
    "CODES",
    "KINH_PHI_BAT_THUONG",
    "KINH_PHI_NHO",
    "LAST_YEAR",
    "Problem",
    "Severity",
    "validate",
]

Severity = Literal["error", "warning"]

KINH_PHI_BAT_THUONG: Final = 10**12
"""A budget line from this amount (1.000 tỷ đồng) up is absurd for a local unit: warned."""

KINH_PHI_NHO: Final = 1_000
"""A budget line above 0 and below this (in đồng) was most likely typed in thousands or
millions of đồng: warned."""

LAST_YEAR: Final = 2100
"""Years after this are refused as typing mistakes; years after next year are warned."""

CODES: Final[dict[str, tuple[Severity, str]]] = {
    # every count and amount of money
    "so-qua-lon": ("error", "số lớn hơn giới hạn 999.999.999.999.999"),
    # SoNguoi
    "nam-nu-vuot-tong": ("error", "Nam + Nữ lớn hơn tổng"),
    "thieu-so-lieu-gioi": ("warning", "chỉ có số Nam hoặc số Nữ, không có tổng"),
    "danh-dau-chua-day-du": ("warning", "số liệu được đánh dấu chưa đầy đủ trên báo cáo gốc"),
    # rows (HoatDong, SanPham)
    "thieu-ten": ("error", "thiếu tên dòng hoặc tên đơn vị"),
    "nguoi-khi-so-luong-0": ("warning", "có người tham gia nhưng số lượng là 0"),
    "thieu-cap": ("warning", "dòng chưa ghi cấp triển khai"),
    "cap-huyen-sau-2025": ("error", "cấp huyện trong báo cáo từ năm 2025"),
    "so-lieu-uoc-tinh": ("warning", "số liệu ước tính (trên, hơn, gần, khoảng)"),
    "den-ngay-truoc-ngay": ("error", "ngày kết thúc trước ngày bắt đầu"),
    "nhom-khong-co-trong-danh-muc": ("warning", "nhóm đối tượng không có trong danh mục"),
    "nhom-lon-hon-tong": ("warning", "số người của một nhóm lớn hơn tổng số người"),
    # KinhPhi
    "kinh-phi-am": ("error", "kinh phí âm"),
    "kinh-phi-bat-thuong": ("warning", "kinh phí lớn bất thường"),
    "kinh-phi-qua-nho": ("warning", "kinh phí nhỏ bất thường (có thể ghi nhầm đơn vị)"),
    # DonVi
    "ma-don-vi-sai-dang": ("warning", "mã đơn vị hành chính không đúng dạng"),
    "loai-don-vi-mau-thuan": ("warning", "loại đơn vị ghi trong tên khác với loại đơn vị"),
    "don-vi-khong-co-trong-danh-muc": (
        "warning",
        "đơn vị, mã hoặc tỉnh không có trong danh mục đơn vị hành chính (từ năm 2025)",
    ),
    "ma-don-vi-mau-thuan": (
        "error",
        "mã đơn vị hành chính là của đơn vị khác, cấp khác hoặc tỉnh khác (từ năm 2025)",
    ),
    # VanBan
    "ngay-ngoai-nam": ("warning", "ngày văn bản không thuộc năm của Tháng hành động"),
    # narrative (BaoCao, DanhGia, NoiNhan, ChuKy)
    "muc-trong": ("warning", "một ý (mục) để trống"),
    "chu-thich-trong-van-ban": (
        "warning",
        "văn bản có dấu # như một chú thích YAML lọt vào nội dung",
    ),
    # BaoCao
    "nam-ngoai-pham-vi": ("error", "năm trước 2016 hoặc sau 2100"),
    "nam-tuong-lai": ("warning", "năm sau năm tới"),
    "bao-cao-rong": ("warning", "báo cáo không có số liệu và nội dung"),
    "ma-trung-lap": ("error", "hai dòng cùng một mã hoạt động"),
    "dong-lap-lai": ("warning", "hai dòng giống hệt nhau trong một bảng"),
    "loi-van-lech-bang": ("warning", "con số trong lời văn khác số liệu của dòng trong bảng"),
}
"""Every rule code: its severity and a short Vietnamese description."""

_LABEL: dict[Severity, str] = {"error": "lỗi", "warning": "cảnh báo"}


@attrs.frozen
class Problem:
    """One rule a report fails: stable ``code``, ``path`` of the part, Vietnamese ``message``.

    >>> print(Problem("bao-cao-rong", "", "báo cáo chưa có nội dung", "warning"))
    cảnh báo: báo cáo chưa có nội dung [bao-cao-rong]
    """

    code: str
    path: str
    message: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        """The report cannot be sent as it is."""
        return self.severity == "error"

    def __str__(self) -> str:
        place = f"{self.path}: " if self.path else ""
        return f"{_LABEL[self.severity]}: {place}{self.message} [{self.code}]"


@attrs.frozen
class _Context:
    """What a rule may need beyond its own part."""

    bao_cao: BaoCao
    today: date
    registry: Registry | None = None  # only for years from 2025
    every_unit: bool = False  # the registry was given: check units without a province too

    @property
    def nam(self) -> int:
        return self.bao_cao.nam

    @property
    def tong_hop(self) -> bool:
        """The report was built by aggregation (it names the units it came from)."""
        return bool(self.bao_cao.nguon or getattr(self.bao_cao, "chua_bao_cao", ()))


def _problem(code: str, path: str, message: str) -> Problem:
    return Problem(code, path, message, CODES[code][0])


def _join(*parts: str) -> str:
    return ".".join(p for p in parts if p)


def _n(value: int) -> str:
    return format_number(value)


def _too_large(value: int | None, path: str, what: str) -> Iterator[Problem]:
    """``so-qua-lon`` when ``value`` is beyond :data:`~binhdanggioi.model.SO_LIEU_TOI_DA`."""
    if value is not None and abs(value) > SO_LIEU_TOI_DA:
        digits = len(str(abs(value)))
        yield _problem(
            "so-qua-lon",
            path,
            f"{what} có {digits} chữ số, lớn hơn giới hạn {_n(SO_LIEU_TOI_DA)}; "
            "kiểm tra lại số chữ số 0",
        )


# --------------------------------------------------------------------------- SoNguoi


def _check_so_nguoi(s: SoNguoi, path: str, ctx: _Context) -> Iterator[Problem]:
    for key in ("nam", "nu", "tong"):
        yield from _too_large(getattr(s, key), _join(path, key), "số người")
    if s.tong is not None and s.da_phan_tach > s.tong:
        sexes = [k for k, v in (("Nam", s.nam), ("Nữ", s.nu)) if v is not None]
        yield _problem(
            "nam-nu-vuot-tong",
            path,
            f"{' + '.join(sexes)} = {_n(s.da_phan_tach)} lớn hơn tổng {_n(s.tong)}; "
            f"sửa số {', '.join(sexes)} hoặc tổng",
        )
    if s.mot_phan:
        given, missing, key = ("Nam", "Nữ", "nu") if s.nam is not None else ("Nữ", "Nam", "nam")
        yield _problem(
            "thieu-so-lieu-gioi",
            _join(path, key),
            f"có số {given} ({_n(s.da_phan_tach)}) nhưng thiếu số {missing} và tổng; "
            f"ghi số {missing} (0 nếu không có) hoặc tổng",
        )
    if s.chua_day_du and not ctx.tong_hop:
        yield _problem(
            "danh-dau-chua-day-du",
            _join(path, "chua_day_du"),
            "số liệu được đánh dấu chưa đầy đủ; bổ sung rồi bỏ chua_day_du khi đã đủ",
        )


# --------------------------------------------------------------------------- rows


def _check_dong(row: HoatDong | SanPham, path: str, ctx: _Context) -> Iterator[Problem]:
    yield from _too_large(row.so_luong, _join(path, "so_luong"), "số lượng")
    if not row.ten.strip():
        yield _problem("thieu-ten", _join(path, "ten"), "dòng chưa có tên; ghi tên hoạt động")
    people = row.nguoi.tong_so
    if row.so_luong == 0 and people:
        # A warning, not an error: a unit may report its people at an event another
        # level organised and counted (so_luong 0 here avoids counting the event twice).
        yield _problem(
            "nguoi-khi-so-luong-0",
            _join(path, "so_luong"),
            f"số lượng là 0 nhưng có {_n(people)} người tham gia; "
            "kiểm tra lại số lượng (để 0 chỉ khi hoạt động do cấp khác tổ chức)",
        )
    if not row.cap:
        yield _problem(
            "thieu-cap",
            _join(path, "cap"),
            "chưa ghi cấp triển khai; ghi ví dụ cap: xa (tinh, huyen, xa, truong-hoc)",
        )
    if Cap.HUYEN in row.cap and _years.tiers(ctx.nam) == 2:
        yield _problem(
            "cap-huyen-sau-2025",
            _join(path, "cap"),
            f"năm {ctx.nam} không còn cấp huyện (chính quyền hai cấp từ 1/7/2025); "
            "ghi cấp tỉnh hoặc xã",
        )
    if row.so_luong_chua_du and not ctx.tong_hop:
        yield _problem(
            "danh-dau-chua-day-du",
            _join(path, "so_luong_chua_du"),
            "số lượng được đánh dấu chưa đầy đủ; bổ sung rồi bỏ so_luong_chua_du khi đã đủ",
        )
    yield from _check_details(row, path, ctx)


def _approximate(path: str, qualifier: UocTinh, number: int | None) -> Problem:
    shown = f"{qualifier.nhan} {_n(number)}" if number is not None else qualifier.nhan
    return _problem(
        "so-lieu-uoc-tinh",
        path,
        f"số liệu ước tính ({shown}): giữ là số gần đúng, tổng cộng có nó cũng gần đúng; "
        "ghi số chính xác nếu có",
    )


def _check_details(row: HoatDong | SanPham, path: str, ctx: _Context) -> Iterator[Problem]:
    if row.so_luong_uoc_tinh is not None and not ctx.tong_hop:
        yield _approximate(_join(path, "so_luong"), row.so_luong_uoc_tinh, row.so_luong)
    people = row.nguoi
    if people.uoc_tinh is not None and not ctx.tong_hop:
        part = people.phan_uoc_tinh[0] if people.phan_uoc_tinh else ""
        yield _approximate(_join(path, "nguoi", part), people.uoc_tinh, people.tong_so)
    first, last = row.ngay, row.den_ngay
    if first is not None and last is not None and _day_key(last, True) < _day_key(first, False):
        yield _problem(
            "den-ngay-truoc-ngay",
            _join(path, "den_ngay"),
            f"ngày kết thúc {last} trước ngày bắt đầu {first}; sửa lại ngày",
        )
    groups = nhom_doi_tuong()
    total = people.tong_so
    for i, group in enumerate(row.nhom):
        where = f"{path}.nhom[{i}]"
        yield from _too_large(group.so, _join(where, "so"), "số người")
        if groups.get(group.ma) is None:
            known = ", ".join(e.ma for e in groups.entries[:3])
            yield _problem(
                "nhom-khong-co-trong-danh-muc",
                _join(where, "ma"),
                f"nhóm '{group.ma:.30}' không có trong danh mục nhóm đối tượng; dùng mã "
                f"trong danh mục (ví dụ {known}) hoặc thêm nhóm vào danh mục",
            )
        if group.so is not None and total is not None and group.so > total and not people.thieu:
            yield _problem(
                "nhom-lon-hon-tong",
                _join(where, "so"),
                f"nhóm {groups.ten(group.ma)} có {_n(group.so)} người, nhiều hơn tổng số "
                f"{_n(total)} người của dòng; kiểm tra lại số",
            )
        if group.uoc_tinh is not None and not ctx.tong_hop:
            yield _approximate(_join(where, "so"), group.uoc_tinh, group.so)
        if group.chua_day_du and not ctx.tong_hop:
            yield _problem(
                "danh-dau-chua-day-du",
                _join(where, "chua_day_du"),
                "số người của nhóm được đánh dấu chưa đầy đủ; bổ sung rồi bỏ chua_day_du",
            )
    for key in ("ten", "ghi_chu"):
        yield from _check_comment(getattr(row, key), _join(path, key))


def _day_key(d: NgayThang, last: bool) -> tuple[int, int, int]:
    blank = (13, 32) if last else (0, 0)
    return (d.nam, d.thang or blank[0], d.ngay or blank[1])


_COMMENT = re.compile(r"(?:^|\n)[ \t]*# |\s# ")


def _check_comment(text: str | None, path: str) -> Iterator[Problem]:
    """A YAML ``# comment`` line inside a ``>-`` block becomes part of the text: warned."""
    if text and _COMMENT.search(text):
        yield _problem(
            "chu-thich-trong-van-ban",
            path,
            "đoạn văn có '# ' như chú thích YAML, nhưng trong khối >- hoặc | nó là nội "
            "dung; xóa chú thích hoặc đưa ra ngoài khối",
        )


# --------------------------------------------------------------------------- support


def _check_ho_tro(line: HoTro, path: str, ctx: _Context) -> Iterator[Problem]:
    if not line.ten.strip():
        yield _problem("thieu-ten", _join(path, "ten"), "dòng hỗ trợ chưa ghi hỗ trợ gì")
    yield from _too_large(line.so_suat, _join(path, "so_suat"), "số suất")
    yield from _money_line(line.gia_tri, _join(path, "gia_tri"))
    if line.chua_day_du and not ctx.tong_hop:
        yield _problem(
            "danh-dau-chua-day-du",
            _join(path, "chua_day_du"),
            "dòng hỗ trợ được đánh dấu chưa đầy đủ; bổ sung rồi bỏ chua_day_du khi đã đủ",
        )
    yield from _check_comment(line.ghi_chu, _join(path, "ghi_chu"))


def _check_nguon_kinh_phi(source: NguonKinhPhi, path: str, ctx: _Context) -> Iterator[Problem]:
    if not source.ten.strip():
        yield _problem("thieu-ten", _join(path, "ten"), "nguồn kinh phí chưa có tên")
    yield from _money_line(source.so_tien, _join(path, "so_tien"))
    if source.chua_day_du and not ctx.tong_hop:
        yield _problem(
            "danh-dau-chua-day-du",
            _join(path, "chua_day_du"),
            "nguồn kinh phí được đánh dấu chưa đầy đủ; bổ sung rồi bỏ chua_day_du khi đã đủ",
        )


def _money_line(amount: int | None, where: str) -> Iterator[Problem]:
    if amount is None:
        return
    if abs(amount) > SO_LIEU_TOI_DA:
        yield from _too_large(amount, where, "số tiền")
    elif amount < 0:
        yield _problem("kinh-phi-am", where, f"số tiền âm ({_n(amount)} đồng); ghi 0 nếu không có")


# --------------------------------------------------------------------------- KinhPhi


def _check_kinh_phi(kp: KinhPhi, path: str, ctx: _Context) -> Iterator[Problem]:
    if kp.chua_day_du and not ctx.tong_hop:
        yield _problem(
            "danh-dau-chua-day-du",
            _join(path, "chua_day_du"),
            "kinh phí được đánh dấu chưa đầy đủ; bổ sung rồi bỏ chua_day_du khi đã đủ",
        )
    lines = (("ngan_sach_nha_nuoc", kp.ngan_sach_nha_nuoc), ("van_dong", kp.van_dong))
    for key, amount in lines:
        where = _join(path, key)
        if amount is None:
            continue
        if abs(amount) > SO_LIEU_TOI_DA:
            yield from _too_large(amount, where, "kinh phí")
        elif amount < 0:
            yield _problem(
                "kinh-phi-am",
                where,
                f"kinh phí âm ({_n(amount)} đồng); ghi 0 nếu không có kinh phí",
            )
        elif amount >= KINH_PHI_BAT_THUONG:
            yield _problem(
                "kinh-phi-bat-thuong",
                where,
                f"kinh phí {format_money(amount)} lớn bất thường (từ "
                f"{format_money(KINH_PHI_BAT_THUONG)} trở lên); kiểm tra lại số chữ số 0",
            )
        elif 0 < amount < KINH_PHI_NHO:
            yield _problem(
                "kinh-phi-qua-nho",
                where,
                f"kinh phí {format_money(amount)} nhỏ bất thường; kinh phí ghi bằng đồng, "
                "ví dụ 30 triệu đồng viết 30000000",
            )


# --------------------------------------------------------------------------- DonVi

_MA_DIGITS: dict[Cap, int] = {Cap.TINH: 2, Cap.HUYEN: 3, Cap.XA: 5}
"""Lengths of official administrative codes (Quyết định 19/2025/QĐ-TTg and earlier)."""


def _check_don_vi(dv: DonVi, path: str, ctx: _Context) -> Iterator[Problem]:
    if not dv.ten.strip():
        yield _problem("thieu-ten", _join(path, "ten"), "đơn vị chưa có tên; ghi tên đơn vị")
    if dv.cap is Cap.HUYEN and _years.tiers(ctx.nam) == 2:
        yield _problem(
            "cap-huyen-sau-2025",
            _join(path, "cap"),
            f"năm {ctx.nam} không còn cấp huyện (chính quyền hai cấp từ 1/7/2025); "
            "báo cáo theo cấp tỉnh hoặc xã",
        )
    digits = _MA_DIGITS.get(dv.cap)
    if dv.ma is not None and digits is not None and not re.fullmatch(rf"\d{{{digits}}}", dv.ma):
        yield _problem(
            "ma-don-vi-sai-dang",
            _join(path, "ma"),
            f"mã '{dv.ma}' không đúng dạng mã cấp {dv.cap.value} ({digits} chữ số); "
            f'giữ số 0 ở đầu và viết trong ngoặc kép, ví dụ "{"0" * (digits - 1)}4"',
        )


def _check_loai(dv: DonVi, path: str, _ctx: _Context) -> Iterator[Problem]:
    kind = dv.loai_trong_ten
    if kind is not None and dv.loai is not None and parse_kind(dv.loai) != kind:
        yield _problem(
            "loai-don-vi-mau-thuan",
            _join(path, "loai"),
            f"tên '{dv.ten}' bắt đầu bằng loại '{kind}' nhưng loại đơn vị ghi là '{dv.loai}'; "
            "ghi tên riêng ở ten và loại ở loai, ví dụ ten: Dương Quang, loai: xã",
        )


# --------------------------------------------------------------------------- DonVi in the list

_LEVELS: dict[Cap, str] = {Cap.TINH: "tinh", Cap.XA: "xa"}
_SHOWN = 3  # closest names shown


def _check_danh_muc(dv: DonVi, path: str, ctx: _Context) -> Iterator[Problem]:
    """From 2025: the unit is in the official list (or the application's registry)."""
    registry = ctx.registry
    level = _LEVELS.get(dv.cap)
    if registry is None or level is None or (dv.tinh is None and not ctx.every_unit):
        return
    if dv.ma is not None and re.fullmatch(r"\d+", dv.ma):
        yield from _check_code(dv, path, registry, level)
        return
    if level == "tinh":
        yield from _check_province_name(dv, path, registry)
        return
    scope = dv.tinh
    if scope is None and path.startswith(("nguon", "chua_bao_cao")):
        # A source unit of a province's aggregate belongs to that province.
        own = ctx.bao_cao.don_vi
        scope = (own.ma or full_name(own)) if own.cap is Cap.TINH else None
    yield from _check_commune_name(dv, path, registry, scope)


def _listed(units: Iterable[Unit], registry: Registry) -> str:
    """``Xã Tân Lập (Tỉnh Phú Thọ), ...``: names with their province."""
    out = []
    for unit in units:
        province = registry.by_code(unit.ma_tinh) if unit.ma_tinh else None
        out.append(unit.ten_day_du + (f" ({province.ten_day_du})" if province else ""))
    return ", ".join(out)


def _shortened(text: str, width: int) -> str:
    """``text`` cut at a comma to fit ``width`` characters, with "…" when cut."""
    if len(text) <= width:
        return text
    return text[: text.rfind(", ", 0, width)] + ", …"


def _provinces_near(registry: Registry, name: str) -> list[Unit]:
    return [u for u in registry.closest(name, n=60) if u.cap == "tinh"][:_SHOWN]


def _check_code(dv: DonVi, path: str, registry: Registry, level: str) -> Iterator[Problem]:
    assert dv.ma is not None
    found = registry.by_code(dv.ma)
    if found is None:
        named = [u for u in registry.find(full_name(dv)) if u.cap == level]
        hint = (
            f"; theo danh mục, {_listed(named, registry)} có mã {named[0].ma}"
            if len(named) == 1
            else "; kiểm tra lại mã (mã từ 1/7/2025)"
        )
        yield _problem(
            "don-vi-khong-co-trong-danh-muc",
            _join(path, "ma"),
            f"mã '{dv.ma}' không có trong danh mục đơn vị hành chính{hint}",
        )
        return
    scope = found.ma_tinh if found.cap == "xa" else None
    same_name = found in registry.find(full_name(dv), province=scope)
    wrong: list[str] = []
    if found.cap != level:
        wrong.append(f"là mã cấp {'tỉnh' if found.cap == 'tinh' else 'xã'}")
    if not same_name:
        wrong.append(f"là mã của {_listed([found], registry)}, không phải {dv.nhan}")
    province = province_of(registry, dv.tinh) if dv.tinh and found.cap == "xa" else None
    if province is not None and province.ma != found.ma_tinh:
        wrong.append(f"không thuộc {province.ten_day_du}")
    if wrong:
        yield _problem(
            "ma-don-vi-mau-thuan",
            _join(path, "ma"),
            f"mã '{dv.ma}' {'; '.join(wrong)}; sửa mã hoặc tên đơn vị cho khớp danh mục",
        )


def _check_province_name(dv: DonVi, path: str, registry: Registry) -> Iterator[Problem]:
    name = full_name(dv)
    if any(u.cap == "tinh" for u in registry.find(name)):
        return
    near = _provinces_near(registry, name)
    hint = f"; có phải: {_listed(near, registry)}?" if near else ""
    yield _problem(
        "don-vi-khong-co-trong-danh-muc",
        _join(path, "ten"),
        f"không có tỉnh, thành phố '{dv.nhan}' trong danh mục đơn vị hành chính{hint}",
    )


def _check_commune_name(
    dv: DonVi, path: str, registry: Registry, scope: str | None
) -> Iterator[Problem]:
    name = full_name(dv)
    province = province_of(registry, scope) if scope is not None else None
    if scope is not None and province is None:
        near = _provinces_near(registry, scope)
        hint = f"; có phải: {_listed(near, registry)}?" if near else ""
        yield _problem(
            "don-vi-khong-co-trong-danh-muc",
            _join(path, "tinh") if dv.tinh else _join(path, "ten"),
            f"không có tỉnh, thành phố '{scope}' trong danh mục đơn vị hành chính{hint}",
        )
        return
    code = province.ma if province is not None else None
    if any(u.cap == "xa" for u in registry.find(name, province=code)):
        return
    near = [u for u in registry.closest(name, province=code, n=_SHOWN) if u.cap == "xa"]
    if province is not None:
        where = f" của {province.ten_day_du}"
        near_text = ", ".join(u.ten_day_du for u in near)
        elsewhere = [u for u in registry.find(name) if u.cap == "xa"]
    else:
        where, near_text, elsewhere = "", _listed(near, registry), []
    if elsewhere:
        provinces = [registry.by_code(u.ma_tinh) for u in elsewhere if u.ma_tinh]
        shown = ", ".join(dict.fromkeys(p.ten_day_du for p in provinces if p))
        hint = f"tên này có ở {_shortened(shown, 70)}; kiểm tra tinh"
    elif near:
        hint = f"có phải: {near_text}?"
    else:
        hint = "ghi tên theo danh mục"
    yield _problem(
        "don-vi-khong-co-trong-danh-muc",
        _join(path, "ten"),
        f"{dv.nhan} không có trong danh mục đơn vị hành chính{where}; {hint}",
    )


# --------------------------------------------------------------------------- VanBan


def _check_van_ban(vb: VanBan, path: str, ctx: _Context) -> Iterator[Problem]:
    ngay = vb.ngay
    # A report is dated in the year of its Action Month, or early the next year when late.
    late = ngay is not None and ngay.nam == ctx.nam + 1 and (ngay.thang or 99) <= 3
    if ngay is not None and ngay.nam != ctx.nam and not late:
        yield _problem(
            "ngay-ngoai-nam",
            _join(path, "ngay"),
            f"ngày văn bản {ngay} không thuộc năm {ctx.nam} của Tháng hành động; kiểm tra lại năm",
        )
    yield from _check_items(vb.kinh_gui, _join(path, "kinh_gui"))


# --------------------------------------------------------------------------- narrative


def _check_items(items: Iterable[str], path: str) -> Iterator[Problem]:
    for i, item in enumerate(items):
        if not item.strip():
            yield _problem(
                "muc-trong", f"{path}[{i}]", "ý này để trống; xóa dòng hoặc ghi nội dung"
            )
        yield from _check_comment(item, f"{path}[{i}]")


def _check_danh_gia(dg: DanhGia, path: str, _ctx: _Context) -> Iterator[Problem]:
    for key in ("thuan_loi", "kho_khan", "nguyen_nhan"):
        yield from _check_items(getattr(dg, key), _join(path, key))


def _check_noi_nhan(nn: NoiNhan, path: str, _ctx: _Context) -> Iterator[Problem]:
    yield from _check_items(nn.ban_dien_tu, _join(path, "ban_dien_tu"))
    yield from _check_items(nn.ban_giay, _join(path, "ban_giay"))


def _check_chu_ky(ck: ChuKy, path: str, _ctx: _Context) -> Iterator[Problem]:
    yield from _check_items(ck.quyen_han, _join(path, "quyen_han"))


# --------------------------------------------------------------------------- BaoCao


def _shown_year(nam: int) -> str:
    digits = len(str(abs(nam)))
    return str(nam) if digits <= 8 else f"có {digits} chữ số"


def _check_bao_cao(bc: BaoCao, _path: str, ctx: _Context) -> Iterator[Problem]:
    if not _years.FIRST_YEAR <= bc.nam <= LAST_YEAR:
        yield _problem(
            "nam-ngoai-pham-vi",
            "nam",
            f"năm {_shown_year(bc.nam)} ngoài phạm vi: Tháng hành động có từ năm "
            f"{_years.FIRST_YEAR}; ghi năm từ {_years.FIRST_YEAR} đến {LAST_YEAR}",
        )
    elif bc.nam > ctx.today.year + 1:
        yield _problem(
            "nam-tuong-lai",
            "nam",
            f"năm {bc.nam} còn ở tương lai (nay là năm {ctx.today.year}); kiểm tra lại năm",
        )
    if bc.rong:
        yield _problem(
            "bao-cao-rong",
            "",
            "báo cáo chưa có số liệu và nội dung nào; điền các bảng hoat_dong, truyen_thong, "
            "san_pham, kinh_phi hoặc phần nội dung",
        )
    for key in ("chi_dao", "ket_qua", "kien_nghi"):
        yield from _check_items(getattr(bc, key), key)
    for key in ("loi_dan", "chu_de", "ket_luan"):
        yield from _check_comment(getattr(bc, key), key)
    yield from _check_ma(bc)
    yield from _check_repeated_rows(bc)


def _check_ma(bc: BaoCao) -> Iterator[Problem]:
    first: dict[str, str] = {}
    for table, i, row in bc.dong():
        if row.ma is None or not row.ma.strip():
            continue
        key = row.ma.strip()
        here = f"{table}[{i}]"
        if key in first:
            yield _problem(
                "ma-trung-lap",
                f"{here}.ma",
                f"mã '{key}' đã dùng ở {first[key]}; mỗi hoạt động một mã riêng, "
                "hoặc gộp hai dòng làm một",
            )
        else:
            first[key] = here


def _check_repeated_rows(bc: BaoCao) -> Iterator[Problem]:
    for table in BaoCao.TABLES:
        seen: dict[HoatDong | SanPham, int] = {}
        for i, row in enumerate(bc.bang(table)):
            if row in seen:
                yield _problem(
                    "dong-lap-lai",
                    f"{table}[{i}]",
                    f"dòng giống hệt {table}[{seen[row]}]; xóa bản chép thừa, "
                    "hoặc cộng số lượng vào một dòng",
                )
            else:
                seen[row] = i


# --------------------------------------------------------------------------- text against tables

_Row = tuple[str, int, HoatDong | SanPham]

# Clauses that compare with another year or place state figures that are not the rows'.
_OTHER_FIGURES = ("so với", "năm trước", "cùng kỳ", "năm ngoái", "kế hoạch giao", "chỉ tiêu")


@attrs.frozen
class _Names:
    """What each name found in text stands for: a thing the tables count, or another."""

    pattern: re.Pattern[str] | None
    things: dict[str, frozenset[str]]  # phrase (as tf.words) -> things it names
    rows: dict[str, tuple[_Row, ...]]  # thing -> its rows (empty: not in the tables)


def _phrase(text: str) -> str:
    return " ".join(tf.words(text))


def _names(bc: BaoCao) -> _Names:
    """Rows are named by their own name and their indicator's names and aliases; a thing
    is an indicator (or, without one, a row name); the catalogue's other indicators are
    things the tables do not hold, so a sentence naming one is about something else.
    """
    catalogue = catalogue_for(bc.nam)
    things: dict[str, set[str]] = {}
    rows: dict[str, list[_Row]] = {}
    for table, i, row in bc.dong():
        entry = (catalogue.get(row.chi_tieu) if row.chi_tieu else None) or catalogue.match(
            row.ten, table
        )
        thing = f"chi-tieu:{entry.ma}" if entry else f"ten:{_phrase(row.ten)}"
        rows.setdefault(thing, []).append((table, i, row))
        for name in (row.ten, *(entry.ten_goi if entry else ())):
            things.setdefault(_phrase(name), set()).add(thing)
    named = set(things)  # a name the tables use means their row, whatever else it could
    for entry in catalogue.entries:
        thing = f"chi-tieu:{entry.ma}"
        if thing not in rows:
            for name in entry.ten_goi:
                if _phrase(name) not in named:
                    things.setdefault(_phrase(name), set()).add(thing)
    return _Names(
        tf.phrase_pattern(things),
        {k: frozenset(v) for k, v in things.items()},
        {k: tuple(v) for k, v in rows.items()},
    )


def _row_values(rows: Sequence[_Row], kind: tf.Kind) -> list[int]:
    """The figures of ``rows`` a sentence may state: each row's, and their sum.

    Empty when a figure is missing or incomplete: then nothing can be said to disagree.
    """
    if kind == "so_luong":
        counts = [r.so_luong for _, _, r in rows]
        if any(c is None for c in counts) or any(r.so_luong_chua_du for _, _, r in rows):
            return []
        given = [c for c in counts if c is not None]
        return [*given, sum(given)]
    people = [r.nguoi for _, _, r in rows]
    if any(p.rong or p.thieu for p in people):
        return []
    values = [v for p in people for v in (p.tong_so, p.nam, p.nu, p.chua_phan_tach)]
    values.append(SoNguoi.cong(people).tong_so)
    return [v for v in values if v is not None]


def _row_text(rows: Sequence[_Row], kind: tf.Kind) -> str:
    paths = [f"{t}[{j}]" for t, j, _ in rows]
    where = ", ".join(paths) if len(paths) <= 3 else f"{len(paths)} dòng {paths[0]}, ..."
    if kind == "so_luong":
        total = sum(r.so_luong or 0 for _, _, r in rows)
        return f"số lượng {format_count(total)} ở {where}"
    s = SoNguoi.cong(r.nguoi for _, _, r in rows)
    split = f" (Nam {_n(s.nam)}, Nữ {_n(s.nu)})" if s.nam is not None and s.nu is not None else ""
    return f"{_n(s.tong_so or 0)} người{split} ở {where}"


_SAID: dict[str, str] = {"hon": "hơn ", "khoang": "khoảng ", "duoi": "dưới ", "it_nhat": "ít nhất "}


def _check_clause(clause: str, names: _Names) -> Iterator[tuple[tf.Kind, tf.Figure, str]]:
    tokens = tf.words(clause)
    if not tf.has_number(tokens):
        return
    joined = " ".join(tokens)
    if any(f" {w} " in f" {joined} " for w in _OTHER_FIGURES):
        return
    found = set(tf.found_phrases(names.pattern, tokens))
    things = {t for p in found for t in names.things[p]}
    if len(things) != 1:
        return
    rows = names.rows.get(next(iter(things)), ())
    if not rows:
        return
    figures = tf.figures_in(clause, count_words=found)
    for kind in ("nguoi", "so_luong"):
        stated = [f for f in figures if f.kind == kind]
        values = _row_values(rows, kind)
        # Another number of the same kind that agrees (a total beside a part of it,
        # "200 đại biểu ..., 10 hội viên nhận quà") means the clause is not wrong.
        if stated and values and not any(tf.agrees(f, values) for f in stated):
            yield kind, stated[0], _row_text(rows, kind)


def _narrative(bc: BaoCao) -> Iterator[tuple[str, str]]:
    for key in ("chi_dao", "ket_qua"):
        for i, item in enumerate(getattr(bc, key)):
            yield f"{key}[{i}]", item
    for key in ("thuan_loi", "kho_khan", "nguyen_nhan"):
        for i, item in enumerate(getattr(bc.danh_gia, key)):
            yield f"danh_gia.{key}[{i}]", item
    for i, item in enumerate(bc.kien_nghi):
        yield f"kien_nghi[{i}]", item


def _check_loi_van(bc: BaoCao, _path: str, ctx: _Context) -> Iterator[Problem]:
    """Narrative that names one activity of the tables and states another figure for it.

    Not for aggregates: there the units' own sentences speak of their own figures,
    not of the sums in the parent's tables.
    """
    if ctx.tong_hop or not any(True for _ in bc.dong()):
        return
    names = _names(bc)
    for path, item in _narrative(bc):
        for clause in tf.clauses(item):
            for kind, figure, table_text in _check_clause(clause, names):
                approx = _SAID.get(figure.qualifier, "")
                said = (
                    f"{approx}{_n(figure.value)} người"
                    if kind == "nguoi"
                    else f"số lượng {approx}{format_count(figure.value)}"
                )
                yield _problem(
                    "loi-van-lech-bang",
                    path,
                    f"lời văn ghi {said} nhưng bảng ghi {table_text}; "
                    "sửa lời văn hoặc bảng cho khớp",
                )


# --------------------------------------------------------------------------- table

_Rule = Callable[[Any, str, _Context], Iterable[Problem]]

_RULES: tuple[tuple[type | tuple[type, ...], _Rule], ...] = (
    (BaoCao, _check_bao_cao),
    (BaoCao, _check_loi_van),
    (DonVi, _check_don_vi),
    (DonVi, _check_loai),
    (DonVi, _check_danh_muc),
    (VanBan, _check_van_ban),
    ((HoatDong, SanPham), _check_dong),
    (SoNguoi, _check_so_nguoi),
    (KinhPhi, _check_kinh_phi),
    (NguonKinhPhi, _check_nguon_kinh_phi),
    (HoTro, _check_ho_tro),
    (DanhGia, _check_danh_gia),
    (NoiNhan, _check_noi_nhan),
    (ChuKy, _check_chu_ky),
)
"""Which rules govern which type, in the order they run on each part."""


def _registry_for(year: int, given: Registry | Literal[False] | None) -> Registry | None:
    """The registry to look units up in, for ``year``; None for no lookup."""
    if given is False or _years.tiers(year) != 2 or not _years.FIRST_YEAR <= year <= LAST_YEAR:
        return None
    if given is not None:
        return given
    try:
        return official_registry()
    except MissingDependencyError:
        return None  # the list is an optional extra: without it, names are not checked


def _parts(bc: BaoCao) -> Iterator[tuple[str, object]]:
    """Every part a rule may govern, with its path, in the order of the file."""
    yield "", bc
    yield "don_vi", bc.don_vi
    yield "van_ban", bc.van_ban
    for table, i, row in bc.dong():
        yield f"{table}[{i}]", row
        yield f"{table}[{i}].nguoi", row.nguoi
    yield "kinh_phi", bc.kinh_phi
    for i, source in enumerate(bc.kinh_phi.nguon_khac):
        yield f"kinh_phi.nguon_khac[{i}]", source
    for i, line in enumerate(bc.ho_tro):
        yield f"ho_tro[{i}]", line
    yield "danh_gia", bc.danh_gia
    yield "noi_nhan", bc.noi_nhan
    yield "chu_ky", bc.chu_ky
    for key in ("nguon", "chua_bao_cao"):
        for i, dv in enumerate(getattr(bc, key, ())):
            yield f"{key}[{i}]", dv


_FIELD_ORDER = {name: i for i, name in enumerate(attrs.fields_dict(BaoCao))}


def _file_order(problem: Problem) -> tuple[int, int]:
    """Sort key: the top-level key of the path in the order of the file, then the row."""
    found = re.match(r"([a-z_]*)(?:\[(\d+)\])?", problem.path)
    assert found is not None  # the pattern matches every string
    return _FIELD_ORDER.get(found[1], -1), int(found[2]) if found[2] else -1


def validate(
    bao_cao: BaoCao,
    *,
    today: date | None = None,
    registry: Registry | Literal[False] | None = None,
    ke_hoach: KeHoachTrienKhai | None = None,
) -> list[Problem]:
    """Every rule ``bao_cao`` fails, errors and warnings, in the order of the file.

    ``ke_hoach``: the unit's plan; adds the warnings ``ngoai-ke-hoach`` and
    ``chua-thuc-hien`` (:func:`binhdanggioi.ke_hoach_rules.plan_problems`).

    ``today`` (default: the current date) decides which years lie in the future.
    For years from 2025 units (tỉnh, xã) are looked up in a list of units: with
    ``registry`` given, every unit of the report in that registry (the official one,
    ``units.official_registry()``, or an application's own); by default only the
    units that name their province (``tinh``), in the official list when the
    ``vietnam-provinces`` package is installed (without it, none). ``False``: none.

    >>> from binhdanggioi.model import DonVi
    >>> [p.code for p in validate(BaoCao(2015, DonVi("X", "xa")))]
    ['bao-cao-rong', 'nam-ngoai-pham-vi']
    """
    if not isinstance(bao_cao, BaoCao):
        raise TypeError(f"validate() cần một BaoCao, nhận {type(bao_cao).__name__}")
    ctx = _Context(
        bao_cao,
        today or date.today(),
        _registry_for(bao_cao.nam, registry),
        every_unit=registry is not None and registry is not False,
    )
    problems = [
        problem
        for path, part in _parts(bao_cao)
        for governed, rule in _RULES
        if isinstance(part, governed)
        for problem in rule(part, path, ctx)
    ]
    if ke_hoach is not None:
        from binhdanggioi.ke_hoach_rules import plan_problems  # beside this module

        problems.extend(plan_problems(bao_cao, ke_hoach))
    return sorted(problems, key=_file_order)
