"""The command line: ``binhdanggioi`` and ``python -m binhdanggioi``.

A thin argparse front end over the library; it holds no rule of the domain.
Exit status: 0 success, 1 the data has errors, 2 wrong usage. Errors go to
stderr in Vietnamese, one line each, with their location.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from binhdanggioi._cli_aggregate import _add_aggregate
from binhdanggioi._cli_check import _add_summary, _add_validate
from binhdanggioi._cli_common import (
    EXIT_DATA,
    EXIT_OK,
    EXIT_USAGE,
    Handler,
    _err,
    _Parser,
    _report_data_error,
    _UsageError,
)
from binhdanggioi._cli_common import printable as printable
from binhdanggioi._cli_form import _add_don_vi, _add_form
from binhdanggioi._cli_init import _add_init
from binhdanggioi._cli_render import _add_check_template, _add_render, _add_renderers
from binhdanggioi.errors import BinhDangGioiError, DataError

__all__ = ["main"]


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
    _add_don_vi,
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
        status = handler(args)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        return _quiet_after_closed_pipe()
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


def _quiet_after_closed_pipe() -> int:
    """The reader (``| head``) has gone: stop writing, say nothing, succeed."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (tests capture it)
        pass
    return EXIT_OK
