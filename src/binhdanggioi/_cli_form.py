"""The ``form`` (the Excel input form) and ``don-vi`` (the list of units) commands.

Part of :mod:`binhdanggioi.cli`, whose :func:`~binhdanggioi.cli.main` runs every command.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from binhdanggioi._cli_common import EXIT_DATA, EXIT_OK, _err, _Parser, _say, _UsageError

if TYPE_CHECKING:
    from binhdanggioi.units import Registry, Unit

# --------------------------------------------------------------------------- form


def _add_form(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("form", help="tạo mẫu nhập liệu Excel trống")
    p.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE.xlsx", help="tệp mẫu sẽ viết"
    )
    p.add_argument("--nam", type=int, help="năm báo cáo (chọn danh mục chỉ tiêu và các cấp)")
    p.add_argument("--ten", help="điền sẵn tên đơn vị (đi cùng --cap)")
    p.add_argument("--cap", help="điền sẵn cấp đơn vị: Tỉnh, Huyện, Xã (đi cùng --ten)")
    p.add_argument(
        "--tinh",
        metavar="MÃ|TÊN",
        help="tỉnh, thành phố (mã hoặc tên): điền sẵn, và cho chọn tên xã, phường "
        "của tỉnh theo danh mục chính thức",
    )
    p.add_argument(
        "--ke-hoach",
        action="store_true",
        help="mẫu nhập liệu kế hoạch (thay vì báo cáo); đọc lại bằng load_plan()",
    )
    p.add_argument("--force", action="store_true", help="ghi đè nếu tệp đã có")
    p.set_defaults(handler=_cmd_form)


def _cmd_form(args: argparse.Namespace) -> int:
    from binhdanggioi.formats.xlsx import write_form
    from binhdanggioi.model import DonVi

    target: Path = args.output
    if target.suffix.lower() != ".xlsx":
        raise _UsageError(f"tệp mẫu phải có đuôi .xlsx, không phải '{target.name}'")
    if (args.ten is None) != (args.cap is None):
        missing = "--cap" if args.cap is None else "--ten"
        raise _UsageError(f"cần cả --ten và --cap để điền sẵn đơn vị; thiếu {missing}")
    if target.exists() and not args.force:
        raise _UsageError(f"{target} đã có; dùng --force để ghi đè hoặc chọn tên khác")
    if args.ke_hoach:
        return _plan_form(args, target)
    tinh, names = _province_names(args.tinh) if args.tinh is not None else (None, [])
    don_vi = None
    if args.ten is not None:
        try:
            don_vi = DonVi(args.ten, args.cap, tinh=tinh)
        except ValueError as err:
            raise _UsageError(f"--cap: {err}") from err
    write_form(target, nam=args.nam, don_vi=don_vi, tinh=tinh, danh_sach_ten=names)
    _say(
        f"Đã viết mẫu nhập liệu {target}. Điền xong, kiểm tra bằng: binhdanggioi validate {target}"
    )
    return EXIT_OK


def _plan_form(args: argparse.Namespace, target: Path) -> int:
    from binhdanggioi.formats.xlsx import write_plan_form

    given = [f"--{n}" for n in ("ten", "cap", "tinh") if getattr(args, n) is not None]
    if given:
        raise _UsageError(f"mẫu kế hoạch chưa điền sẵn đơn vị; bỏ {', '.join(given)}")
    write_plan_form(target, nam=args.nam)
    _say(
        f"Đã viết mẫu nhập liệu kế hoạch {target}. Điền xong, bắt đầu báo cáo từ kế hoạch "
        f"bằng: binhdanggioi init --tu-ke-hoach {target} ."
    )
    return EXIT_OK


def _province_names(province: str) -> tuple[str, list[str]]:
    """A province's official name and its communes' names, sorted, from the official list."""
    from binhdanggioi.units import UnknownProvinceError, official_registry
    from binhdanggioi.vocabulary import name_order

    registry = official_registry()
    try:
        found = registry.by_code(registry.province_code(province))
    except UnknownProvinceError as err:
        raise _UsageError(f"--tinh: {err}") from err
    assert found is not None  # province_code gives a code of the list
    names = sorted({u.ten for u in registry.children(found.ma)}, key=name_order)
    return found.ten, names


# --------------------------------------------------------------------------- don-vi


def _add_don_vi(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser(
        "don-vi",
        help="tra cứu đơn vị hành chính (từ 1/7/2025): mã, tên chính thức, loại, tỉnh",
        description="Tra cứu tỉnh, thành phố, xã, phường, đặc khu trong danh mục đơn vị "
        "hành chính chính thức (gói vietnam-provinces), theo tên (viết kiểu nào cũng được) "
        "hoặc theo mã.",
    )
    p.add_argument("name", metavar="TÊN", help="tên (có hoặc không có loại) hoặc mã đơn vị")
    p.add_argument("--tinh", metavar="MÃ|TÊN", help="chỉ tìm trong tỉnh, thành phố này")
    p.set_defaults(handler=_cmd_don_vi)


def _cmd_don_vi(args: argparse.Namespace) -> int:
    from binhdanggioi.units import official_registry
    from binhdanggioi.vocabulary import clean_text

    registry = official_registry()
    name = clean_text(args.name)
    if not name:
        raise _UsageError("TÊN: cần tên hoặc mã đơn vị")
    scope = registry.province_code(args.tinh) if args.tinh is not None else None
    by_code = registry.by_code(name) if name.isdigit() else None
    if by_code is not None and scope in (None, by_code.ma, by_code.ma_tinh):
        hits = [by_code]
    else:
        hits = registry.find(name, province=scope)
    for unit in hits:
        _say(_unit_line(registry, unit))
    if hits:
        return EXIT_OK
    where = f" thuộc {registry.by_code(scope)}" if scope is not None else ""
    _err(f"lỗi: không có đơn vị '{name}'{where} trong danh mục đơn vị hành chính")
    near = registry.closest(name, province=scope)
    if near:
        _err("Tên gần nhất:")
        for unit in near:
            _err(f"  {_unit_line(registry, unit)}")
    return EXIT_DATA


def _unit_line(registry: Registry, unit: Unit) -> str:
    """``01843  Phường Bắc Kạn  (phường, Tỉnh Thái Nguyên)``."""
    province = registry.by_code(unit.ma_tinh) if unit.ma_tinh else None
    where = f", {province.ten_day_du}" if province is not None else ""
    return f"{unit.ma}  {unit.ten_day_du}  ({unit.loai}{where})"
