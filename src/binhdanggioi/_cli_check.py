"""The ``validate`` and ``summary`` commands.

Part of :mod:`binhdanggioi.cli`, whose :func:`~binhdanggioi.cli.main` runs every command.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from binhdanggioi._cli_common import (
    EXIT_DATA,
    EXIT_OK,
    _add_jobs,
    _err,
    _is_plan,
    _Parser,
    _report_data_error,
    _report_files,
    _say,
)
from binhdanggioi.errors import DataError

if TYPE_CHECKING:  # pragma: no cover
    from binhdanggioi.ke_hoach import KeHoachTrienKhai
    from binhdanggioi.rules import Problem

# --------------------------------------------------------------------------- validate


def _add_validate(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("validate", help="đọc và kiểm tra báo cáo (hoặc kế hoạch)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="tệp báo cáo hoặc thư mục")
    p.add_argument(
        "--ke-hoach",
        type=Path,
        metavar="PLAN",
        help="kế hoạch của đơn vị: cảnh báo dòng ngoài kế hoạch và hoạt động chưa thực hiện",
    )
    _add_jobs(p)
    p.set_defaults(handler=_cmd_validate)


def _cmd_validate(args: argparse.Namespace) -> int:
    from binhdanggioi.ke_hoach_io import load_plan
    from binhdanggioi.ke_hoach_rules import validate_plan

    plan = load_plan(args.ke_hoach) if args.ke_hoach is not None else None
    status = EXIT_OK
    files = list(_report_files(args.files).values())
    plans = {p for p in files if _is_plan(p)}
    checked = _checked([p for p in files if p not in plans], args.jobs, plan)
    for path in files:
        problems: list[Problem]
        try:
            if path in plans:
                problems = validate_plan(load_plan(path))
            else:
                report, found = next(checked)
                if isinstance(report, ImportError | DataError):
                    raise report
                problems = found
        except DataError as err:
            _report_data_error(err)
            status = EXIT_DATA
            continue
        errors = [p for p in problems if p.severity == "error"]
        for problem in problems:
            label = "lỗi" if problem.severity == "error" else "cảnh báo"
            where = f"{path}: {problem.path}" if problem.path else str(path)
            _err(f"{label}: {where}: {problem.message} [{problem.code}]")
        if errors:
            status = EXIT_DATA
        verdict = "có lỗi" if errors else "hợp lệ"
        _say(f"{path}: {verdict} ({len(errors)} lỗi, {len(problems) - len(errors)} cảnh báo)")
    return status


def _checked(
    paths: list[Path], jobs: int | None, plan: KeHoachTrienKhai | None
) -> Iterator[tuple[object, list[Problem]]]:
    """Each file's report (or why it could not be read) with its problems, in order: read
    and checked file by file, in this process or by workers (each reads and checks)."""
    from binhdanggioi.rules import validate_files

    for _, report, problems in validate_files(paths, jobs=jobs, ke_hoach=plan):
        yield report, problems


# --------------------------------------------------------------------------- summary


def _add_summary(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("summary", help="tóm tắt số liệu của báo cáo")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(handler=_cmd_summary)


def _cmd_summary(args: argparse.Namespace) -> int:
    from binhdanggioi.formats import load
    from binhdanggioi.summary import summary_lines

    status = EXIT_OK
    for path in args.files:
        try:
            report = load(path)
        except DataError as err:
            _report_data_error(err)
            status = EXIT_DATA
            continue
        for line in summary_lines(report):
            _say(line)
    return status
