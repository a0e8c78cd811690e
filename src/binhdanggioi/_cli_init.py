"""The ``init`` command: an example report to start from, or a report skeleton from a plan.

Part of :mod:`binhdanggioi.cli`, whose :func:`~binhdanggioi.cli.main` runs every command.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from binhdanggioi._cli_common import EXIT_OK, _Parser, _refuse_overwrite, _say, _UsageError

# --------------------------------------------------------------------------- init


def _add_init(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("init", help="viết báo cáo mẫu (Bắc Kạn 2023) làm điểm bắt đầu")
    p.add_argument("dir", nargs="?", default=".", type=Path, help="thư mục đích (mặc định: .)")
    p.add_argument("--force", action="store_true", help="ghi đè nếu tệp đã có")
    p.add_argument(
        "--tu-ke-hoach",
        type=Path,
        metavar="PLAN",
        help="bắt đầu báo cáo từ kế hoạch PLAN: các dòng, cấp, đơn vị chủ trì điền sẵn, "
        "số liệu để trống",
    )
    p.add_argument(
        "--ke-hoach-mau",
        action="store_true",
        help="viết kế hoạch mẫu (Bắc Kạn 2023, minh họa) thay cho báo cáo mẫu",
    )
    p.set_defaults(handler=_cmd_init)


def _cmd_init(args: argparse.Namespace) -> int:
    from binhdanggioi._files import write_atomic
    from binhdanggioi.formats import example_path

    if args.tu_ke_hoach is not None:
        return _init_from_plan(args)
    if args.ke_hoach_mau:
        from binhdanggioi.ke_hoach_io import plan_example_path

        source = plan_example_path()
    else:
        source = example_path()
    target = Path(args.dir) / source.name
    if target.exists() and not args.force:
        raise _UsageError(f"{target} đã có; dùng --force để ghi đè hoặc chọn thư mục khác")
    write_atomic(target, source.read_bytes())
    _say(f"Đã viết {target}. Sửa tệp này rồi chạy: binhdanggioi validate {target}")
    return EXIT_OK


def _init_from_plan(args: argparse.Namespace) -> int:
    from binhdanggioi._files import write_atomic
    from binhdanggioi.formats import dumps
    from binhdanggioi.ke_hoach import report_skeleton
    from binhdanggioi.ke_hoach_io import load_plan
    from binhdanggioi.renderers import output_name

    plan = load_plan(args.tu_ke_hoach)
    report = report_skeleton(plan)
    target = Path(args.dir) / output_name(report, ".yaml")
    if target.exists() and not args.force:
        raise _UsageError(f"{target} đã có; dùng --force để ghi đè hoặc chọn thư mục khác")
    _refuse_overwrite(target, [args.tu_ke_hoach])
    head = (
        f"# Báo cáo bắt đầu từ kế hoạch {args.tu_ke_hoach.name}: mỗi hoạt động của kế hoạch "
        "là một dòng;\n# điền số lượng, số người (để trống nếu chưa có: trống không phải 0).\n"
    )
    write_atomic(target, (head + dumps(report)).encode("utf-8"))
    _say(
        f"Đã viết {target} ({len(plan.hoat_dong)} hoạt động). Điền số liệu rồi chạy: "
        f"binhdanggioi validate {target} --ke-hoach {args.tu_ke_hoach}"
    )
    return EXIT_OK
