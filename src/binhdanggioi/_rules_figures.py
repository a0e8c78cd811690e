"""Rules of the figures: people (``SoNguoi``), table rows and their details, support
handed out, the budget and its sources.

Part of :mod:`binhdanggioi.rules`, which runs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from binhdanggioi import _years
from binhdanggioi._rules_base import (
    KINH_PHI_BAT_THUONG,
    KINH_PHI_NHO,
    Problem,
    _Context,
    _join,
    _n,
    _problem,
    _too_large,
)
from binhdanggioi.catalogue import nhom_doi_tuong
from binhdanggioi.model import (
    SO_LIEU_TOI_DA,
    Cap,
    HoatDong,
    HoTro,
    KinhPhi,
    NgayThang,
    NguonKinhPhi,
    SanPham,
    SoNguoi,
    UocTinh,
)
from binhdanggioi.vietnamese import format_money

# --------------------------------------------------------------------------- SoNguoi


def _check_so_nguoi(s: SoNguoi, path: str, ctx: _Context) -> Iterator[Problem]:
    for key in ("nam", "nu", "tong"):
        yield from _too_large(getattr(s, key), path, "số người", key)
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
    yield from _too_large(row.so_luong, path, "số lượng", "so_luong")
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
        yield from _too_large(group.so, where, "số người", "so")
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
        yield from _check_comment(getattr(row, key), path, key)


def _day_key(d: NgayThang, last: bool) -> tuple[int, int, int]:
    blank = (13, 32) if last else (0, 0)
    return (d.nam, d.thang or blank[0], d.ngay or blank[1])


_COMMENT = re.compile(r"(?:^|\n)[ \t]*# |\s# ")


def _check_comment(text: str | None, path: str, key: str = "") -> tuple[Problem, ...]:
    """A YAML ``# comment`` line inside a ``>-`` block becomes part of the text: warned
    at ``path.key``."""
    if not text or not _COMMENT.search(text):
        return ()
    return (
        _problem(
            "chu-thich-trong-van-ban",
            _join(path, key),
            "đoạn văn có '# ' như chú thích YAML, nhưng trong khối >- hoặc | nó là nội "
            "dung; xóa chú thích hoặc đưa ra ngoài khối",
        ),
    )


# --------------------------------------------------------------------------- support


def _check_ho_tro(line: HoTro, path: str, ctx: _Context) -> Iterator[Problem]:
    if not line.ten.strip():
        yield _problem("thieu-ten", _join(path, "ten"), "dòng hỗ trợ chưa ghi hỗ trợ gì")
    yield from _too_large(line.so_suat, path, "số suất", "so_suat")
    yield from _money_line(line.gia_tri, _join(path, "gia_tri"))
    if line.chua_day_du and not ctx.tong_hop:
        yield _problem(
            "danh-dau-chua-day-du",
            _join(path, "chua_day_du"),
            "dòng hỗ trợ được đánh dấu chưa đầy đủ; bổ sung rồi bỏ chua_day_du khi đã đủ",
        )
    yield from _check_comment(line.ghi_chu, path, "ghi_chu")


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
