"""The command line: ``binhdanggioi`` and ``python -m binhdanggioi``.

A thin argparse front end over the library; it holds no rule of the domain.
Exit status: 0 success, 1 the data has errors, 2 wrong usage. Errors go to
stderr in Vietnamese, one line each, with their location.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from binhdanggioi.errors import BinhDangGioiError, DataError

__all__ = ["main"]

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace], int]


class _UsageError(Exception):
    """Wrong usage detected after parsing (exit status 2)."""


_ARGPARSE_VI = (
    (r"the following arguments are required: (.*)", r"thiếu tham số bắt buộc: \1"),
    (r"unrecognized arguments: (.*)", r"tham số không nhận ra: \1"),
    (
        r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
        r"\1: không có lựa chọn \2; chọn một trong \3",
    ),
    (r"argument (\S+): expected one argument", r"\1: cần một giá trị"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"\1: giá trị không hợp lệ \3"),
)


class _Parser(argparse.ArgumentParser):
    """argparse with Vietnamese error lines and exit status 2."""

    def error(self, message: str) -> NoReturn:
        for pattern, replacement in _ARGPARSE_VI:
            message = re.sub(pattern, replacement, message)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: lỗi cách dùng: {message}\n")


def _say(line: str, stream: TextIO | None = None) -> None:
    print(line, file=stream or sys.stdout)


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def _report_data_error(err: DataError) -> None:
    for line in err.lines:
        _err(f"lỗi: {line}")


# --------------------------------------------------------------------------- init


def _add_init(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("init", help="viết báo cáo mẫu (Bắc Kạn 2023) làm điểm bắt đầu")
    p.add_argument("dir", nargs="?", default=".", type=Path, help="thư mục đích (mặc định: .)")
    p.add_argument("--force", action="store_true", help="ghi đè nếu tệp đã có")
    p.set_defaults(handler=_cmd_init)


def _cmd_init(args: argparse.Namespace) -> int:
    from binhdanggioi.serialization import example_path, write_atomic

    source = example_path()
    target = Path(args.dir) / source.name
    if target.exists() and not args.force:
        raise _UsageError(f"{target} đã có; dùng --force để ghi đè hoặc chọn thư mục khác")
    write_atomic(target, source.read_bytes())
    _say(f"Đã viết {target}. Sửa tệp này rồi chạy: binhdanggioi validate {target}")
    return EXIT_OK


# --------------------------------------------------------------------------- validate


def _add_validate(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("validate", help="đọc và kiểm tra báo cáo")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(handler=_cmd_validate)


def _cmd_validate(args: argparse.Namespace) -> int:
    from binhdanggioi.rules import validate
    from binhdanggioi.serialization import load

    status = EXIT_OK
    for path in args.files:
        try:
            report = load(path)
        except DataError as err:
            _report_data_error(err)
            status = EXIT_DATA
            continue
        problems = validate(report)
        errors = [p for p in problems if p.severity == "error"]
        for problem in problems:
            label = "lỗi" if problem.severity == "error" else "cảnh báo"
            _err(f"{label}: {path}: {problem.path}: {problem.message} [{problem.code}]")
        if errors:
            status = EXIT_DATA
        verdict = "có lỗi" if errors else "hợp lệ"
        _say(f"{path}: {verdict} ({len(errors)} lỗi, {len(problems) - len(errors)} cảnh báo)")
    return status


# --------------------------------------------------------------------------- summary


def _add_summary(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("summary", help="tóm tắt số liệu của báo cáo")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(handler=_cmd_summary)


def _cmd_summary(args: argparse.Namespace) -> int:
    from binhdanggioi.serialization import load
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


# --------------------------------------------------------------------------- aggregate


def _add_aggregate(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("aggregate", help="cộng các báo cáo cấp dưới thành báo cáo cấp trên")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(handler=_cmd_aggregate)


def _cmd_aggregate(args: argparse.Namespace) -> int:
    raise _UsageError("lệnh aggregate chưa có trong phiên bản này")


# --------------------------------------------------------------------------- render


def _add_render(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("render", help="xuất báo cáo ra Word, HTML, Markdown, Excel")
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(handler=_cmd_render)


def _cmd_render(args: argparse.Namespace) -> int:
    raise _UsageError("lệnh render chưa có trong phiên bản này")


def _add_renderers(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("renderers", help="liệt kê các bộ xuất có sẵn")
    p.set_defaults(handler=_cmd_renderers)


def _cmd_renderers(args: argparse.Namespace) -> int:
    raise _UsageError("lệnh renderers chưa có trong phiên bản này")


def _add_check_template(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("check-template", help="kiểm tra một mẫu (template) trước khi dùng")
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(handler=_cmd_check_template)


def _cmd_check_template(args: argparse.Namespace) -> int:
    raise _UsageError("lệnh check-template chưa có trong phiên bản này")


# --------------------------------------------------------------------------- form


def _add_form(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("form", help="tạo mẫu nhập liệu Excel trống")
    p.set_defaults(handler=_cmd_form)


def _cmd_form(args: argparse.Namespace) -> int:
    raise _UsageError("lệnh form chưa có trong phiên bản này")


# --------------------------------------------------------------------------- main

_COMMANDS = (
    _add_init,
    _add_validate,
    _add_summary,
    _add_aggregate,
    _add_render,
    _add_renderers,
    _add_check_template,
    _add_form,
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    from binhdanggioi import __version__

    parser = _Parser(
        prog="binhdanggioi",
        description="Báo cáo Tháng hành động vì bình đẳng giới: kiểm tra, tổng hợp, xuất văn bản.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", parser_class=_Parser)
    sub.required = True
    for add in _COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except _UsageError as err:
        _err(f"binhdanggioi: lỗi cách dùng: {err}")
        return EXIT_USAGE
    except DataError as err:
        _report_data_error(err)
        return EXIT_DATA
    except BinhDangGioiError as err:
        _err(f"lỗi: {err}")
        return EXIT_DATA
    except KeyboardInterrupt:
        _err("đã dừng theo yêu cầu")
        return 130
    except OSError as err:
        _err(f"lỗi: {err.filename or ''}: {err.strerror or err}")
        return EXIT_DATA
