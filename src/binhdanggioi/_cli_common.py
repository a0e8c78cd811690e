"""What every command of the command line shares: exit statuses, the parser with
Vietnamese errors, printing to a strict stream, finding report and plan files.

Part of :mod:`binhdanggioi.cli`, whose :func:`~binhdanggioi.cli.main` runs every command.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from binhdanggioi.errors import DataError, DataIssue

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


def printable(line: str) -> str:
    """``line`` with every character a strict UTF-8 stream can write.

    File names that are not valid UTF-8 reach Python as lone surrogates; they are
    shown as U+FFFD (the bytes the surrogates stand for) rather than crashing the print.

    >>> printable("x\\udcff.yaml") == "x\\ufffd.yaml"
    True
    """
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return line.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:
            return line.encode("utf-8", "backslashreplace").decode("utf-8")
    return line


def _say(line: str, stream: TextIO | None = None) -> None:
    print(printable(line), file=stream or sys.stdout)


def _err(line: str) -> None:
    print(printable(line), file=sys.stderr)


def _report_data_error(err: DataError) -> None:
    for line in err.lines:
        _err(f"lỗi: {line}")


_PLAN_MARK = re.compile(r"""^\s*["']?loai_van_ban["']?\s*[:=]\s*["']?ke-hoach\b""", re.M)


def _is_plan(path: Path) -> bool:
    """``path`` is a plan file (``loai_van_ban: ke-hoach`` at its top); never raises.

    Only the first few kilobytes are looked at, so that sorting many files into
    reports and plans costs no parse of each.
    """
    from binhdanggioi.formats import data_format

    if path.suffix.lower() == ".xlsx":
        return _is_plan_form(path)
    if data_format(path) is None:
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(4096).decode("utf-8-sig", "replace")
    except OSError:
        return False
    return _PLAN_MARK.search(head) is not None


def _is_plan_form(path: Path) -> bool:
    """``path`` is the plan's Excel form: its workbook has the plan's own sheets.

    Reads only the workbook's list of sheets (``xl/workbook.xml``), never the cells.
    """
    import zipfile

    from binhdanggioi.formats.xlsx.layout import SHEETS
    from binhdanggioi.formats.xlsx.plan_layout import PLAN_SHEETS
    from binhdanggioi.vocabulary import fold

    only_plans = {fold(s) for s in PLAN_SHEETS} - {fold(s) for s in SHEETS}
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("xl/workbook.xml")
            if info.file_size > 1_048_576:
                return False
            text = archive.read(info).decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False
    names = {
        fold(html.unescape(n)) for n in re.findall(r'<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"', text)
    }
    return bool(names & only_plans)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"--jobs cần một số nguyên ≥ 1, nhận '{text}'")
    return value


def _add_jobs(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help="số tiến trình đọc/ghi tệp song song (mặc định: số lõi, tối đa 8, khi có "
        "từ 100 tệp; 1: không chạy song song)",
    )


_READABLE = (".json", ".toml", ".xlsx", ".yaml", ".yml")


def _report_files(given: Sequence[Path]) -> dict[Path, Path]:
    """Report files named or found (recursively) in folders, by resolved path, in order.

    Hidden files and Excel's lock files (``~$...``) in folders are skipped. A folder
    without any report is a data error, like a missing file: nothing is silently skipped.
    """
    files: dict[Path, Path] = {}
    for item in given:
        if not item.is_dir():
            files.setdefault(item.resolve(), item)
            continue
        found = [
            p
            for p in sorted(item.rglob("*"))
            if p.suffix.lower() in _READABLE
            and p.is_file()
            and not any(s.startswith((".", "~$")) for s in p.relative_to(item).parts)
        ]
        if not found:
            issue = DataIssue("", f"thư mục không có tệp báo cáo ({', '.join(_READABLE)})")
            raise DataError([issue], source=str(item))
        for p in found:
            files.setdefault(p.resolve(), p)
    return files


def _refuse_overwrite(out: Path, inputs: Sequence[Path | None]) -> None:
    """Wrong usage when ``out`` is any input of the command, through links too."""
    from binhdanggioi._files import refuse_overwrite

    refuse_overwrite(out, [p for p in inputs if p is not None], _UsageError)
