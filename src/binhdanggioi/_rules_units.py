"""Rules of the reporting unit (``DonVi``): its code and kind, and from 2025 its name
and code in the list of administrative units.

Part of :mod:`binhdanggioi.rules`, which runs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from binhdanggioi import _years
from binhdanggioi._rules_base import Problem, _Context, _join, _problem
from binhdanggioi.model import (
    Cap,
    DonVi,
)
from binhdanggioi.units import Registry, Unit, full_name, province_of
from binhdanggioi.vocabulary import parse_kind

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
