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
from typing import TYPE_CHECKING, NoReturn, TextIO

from binhdanggioi.errors import BinhDangGioiError, DataError, DataIssue

if TYPE_CHECKING:
    from binhdanggioi.model import DonVi
    from binhdanggioi.units import Registry, Unit

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


_PLAN_MARK = re.compile(r"""^\s*["']?loai_van_ban["']?\s*[:=]\s*["']?ke-hoach\b""", re.M)


def _is_plan(path: Path) -> bool:
    """``path`` is a plan file (``loai_van_ban: ke-hoach`` at its top); never raises.

    Only the first few kilobytes are looked at, so that sorting many files into
    reports and plans costs no parse of each.
    """
    from binhdanggioi.formats import data_format

    if data_format(path) is None:
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(4096).decode("utf-8-sig", "replace")
    except OSError:
        return False
    return _PLAN_MARK.search(head) is not None


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


def _cmd_validate(args: argparse.Namespace) -> int:
    from binhdanggioi.formats import load_many
    from binhdanggioi.ke_hoach_io import load_plan
    from binhdanggioi.ke_hoach_rules import validate_plan
    from binhdanggioi.rules import Problem, validate

    plan = load_plan(args.ke_hoach) if args.ke_hoach is not None else None
    status = EXIT_OK
    files = list(_report_files(args.files).values())
    plans = {p for p in files if _is_plan(p)}
    loaded = load_many((p for p in files if p not in plans), jobs=args.jobs)
    for path in files:
        problems: list[Problem]
        try:
            if path in plans:
                problems = validate_plan(load_plan(path))
            else:
                _, report = next(loaded)
                if isinstance(report, ImportError | DataError):
                    raise report
                problems = validate(report, ke_hoach=plan)
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


# --------------------------------------------------------------------------- aggregate


def _add_aggregate(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser(
        "aggregate",
        help="cộng các báo cáo cấp dưới thành báo cáo cấp trên",
        description="Cộng báo cáo của các đơn vị cấp dưới (và báo cáo của chính đơn vị) "
        "thành báo cáo của đơn vị cấp trên. Thư mục được đọc cả thư mục con.",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="tệp báo cáo hoặc thư mục")
    p.add_argument(
        "--ten", help="tên đơn vị tổng hợp, ví dụ 'Bắc Kạn' (không cần khi --ma có trong danh mục)"
    )
    p.add_argument(
        "--cap",
        help="cấp của đơn vị tổng hợp: tinh, huyen hoặc xa (không cần khi --ma có trong danh mục)",
    )
    p.add_argument("--loai", help="loại đơn vị: tỉnh, thành phố, huyện, thị xã, quận, xã, ...")
    p.add_argument(
        "--ma",
        help="mã đơn vị hành chính, ví dụ 19; từ năm 2025, mã có trong danh mục chính thức "
        "tự điền tên, loại và cấp, và danh sách xã, phường phải báo cáo",
    )
    p.add_argument(
        "--expected",
        type=Path,
        metavar="FILE",
        help="danh sách đơn vị phải báo cáo (.txt mỗi dòng một tên, hoặc .yaml/.json/.toml)",
    )
    p.add_argument(
        "--chi-tieu",
        dest="chi_tieu",
        type=Path,
        metavar="FILE",
        help="danh mục chỉ tiêu riêng (.toml); mặc định dùng danh mục kèm theo của năm",
    )
    p.add_argument(
        "--khong-soan",
        dest="khong_soan",
        action="store_true",
        help="không tự soạn câu từ số liệu vào mục I, II (mặc định: có soạn)",
    )
    p.add_argument(
        "-o", "--out", required=True, type=Path, metavar="OUT", help="tệp kết quả .yaml/.json/.csv"
    )
    _add_jobs(p)
    p.set_defaults(handler=_cmd_aggregate)


_READABLE = (".json", ".toml", ".xlsx", ".yaml", ".yml")


def _aggregate_parent(args: argparse.Namespace) -> tuple[DonVi, bool]:
    """The unit aggregated into, and whether the official list gave its name and level.

    ``--ma`` alone is enough when the official list has that code; what is given
    (``--ten``, ``--cap``, ``--loai``) wins over what the list says.
    """
    import functools
    import unicodedata

    from binhdanggioi.model import DonVi, parse_cap

    official = None
    if args.ten is None or args.cap is None:
        official = _official_unit(args.ma)
    if args.ten is not None and not args.ten.strip():
        raise _UsageError("--ten: tên đơn vị tổng hợp không được để trống")
    nfc = functools.partial(unicodedata.normalize, "NFC")
    try:
        cap = parse_cap(nfc(args.cap)) if args.cap is not None else None
    except ValueError as err:
        raise _UsageError(f"--cap: {err}") from err
    if official is None:
        assert args.ten is not None and cap is not None  # else _official_unit refused
        loai = nfc(args.loai) if args.loai else None
        return DonVi(nfc(args.ten), cap, loai, args.ma), False
    filled = args.ten is None
    return (
        DonVi(
            nfc(args.ten) if args.ten is not None else official.ten,
            cap if cap is not None else official.cap,
            nfc(args.loai) if args.loai else (official.loai if filled else None),
            official.ma,
        ),
        filled,
    )


def _official_unit(code: str | None) -> Unit:
    """The unit of the official list with this code, or a usage error saying what to give."""
    from binhdanggioi.errors import MissingDependencyError
    from binhdanggioi.units import official_registry

    need = "cần --ten và --cap (tên và cấp của đơn vị tổng hợp)"
    if code is None:
        raise _UsageError(
            f"{need}, hoặc --ma là mã trong danh mục đơn vị hành chính, ví dụ --ma 19"
        )
    try:
        found = official_registry().by_code(code)
    except MissingDependencyError as err:
        raise _UsageError(f"--ma {code}: {err}; hoặc ghi --ten và --cap") from err
    if found is None:
        raise _UsageError(
            f"--ma {code}: không có mã này trong danh mục đơn vị hành chính (từ 1/7/2025); "
            f"{need} — tra mã bằng: binhdanggioi don-vi TÊN"
        )
    return found


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


def _cmd_aggregate(args: argparse.Namespace) -> int:
    from binhdanggioi import _years
    from binhdanggioi._progress import Progress
    from binhdanggioi.aggregation import aggregate, check_inputs
    from binhdanggioi.catalogue import load_catalogue
    from binhdanggioi.errors import AggregationError
    from binhdanggioi.formats import dump, load_many
    from binhdanggioi.formats.csv import to_csv
    from binhdanggioi.model import BaoCao
    from binhdanggioi.roster import completeness, load_units, unit_label
    from binhdanggioi.summary import summary_lines

    out: Path = args.out
    if out.suffix.lower() not in {".yaml", ".yml", ".json", ".toml", ".csv"}:
        raise _UsageError(f"không ghi được '{out.name}': tệp kết quả phải là .yaml, .json, .csv")
    parent, filled = _aggregate_parent(args)
    files = _report_files(args.files)
    _refuse_overwrite(out, [*files.values(), args.expected, args.chi_tieu])
    expected = load_units(args.expected) if args.expected else None
    catalogue = load_catalogue(args.chi_tieu) if args.chi_tieu else None

    reports: dict[str, BaoCao] = {}
    failed = 0
    with Progress(len(files), label="Đọc báo cáo", unit="tệp") as bar:
        for path, loaded in load_many(files.values(), jobs=args.jobs):
            bar.advance()
            if isinstance(loaded, DataError):
                _report_data_error(loaded)
                failed += 1
            elif isinstance(loaded, ImportError):  # a reader not available here
                _err(f"lỗi: {path}: không đọc được loại tệp này ({loaded})")
                failed += 1
            else:
                reports[str(path)] = loaded
    if not reports:
        _err("lỗi: không đọc được báo cáo nào; không có gì để tổng hợp")
        return EXIT_DATA
    old = sorted({r.nam for r in reports.values() if _years.tiers(r.nam) != 2})
    if filled and old:
        raise _UsageError(
            f"--ma {args.ma}: tên và cấp lấy từ danh mục đơn vị hành chính từ 1/7/2025, không "
            f"dùng cho báo cáo năm {', '.join(map(str, old))}; ghi --ten và --cap"
        )
    # Validated here, once, to print the warnings too (in the lines of `validate`):
    # errors refuse the aggregation, warnings go with the result once it is written.
    problems = check_inputs(reports, don_vi=parent)
    errors = [p for p in problems if p.is_error]
    for problem in errors:
        _err(str(problem))
    if errors:
        invalid = len({p.source for p in errors}) + failed
        _err(f"lỗi: {invalid} tệp có lỗi nên chưa tổng hợp; sửa các lỗi trên rồi chạy lại")
        return EXIT_DATA
    try:
        result = aggregate(
            reports,
            don_vi=parent,
            expected=expected,
            catalogue=catalogue,
            validate=False,
            draft=not args.khong_soan,
        )
    except AggregationError as err:
        reason = str(err)
        details = [str(i) for i in err.issues]
        if reason not in details:
            _err(f"lỗi: {reason}")
        for line in details:
            _err(f"lỗi: {line}")
        return EXIT_DATA
    if failed:
        _err(f"lỗi: {failed} tệp có lỗi nên chưa ghi {out}; sửa các lỗi trên rồi chạy lại")
        return EXIT_DATA
    if out.suffix.lower() == ".csv":
        to_csv(result, out, details=True)  # an aggregate: the qualifier, note, units too
    else:
        dump(result, out)
    _say(f"Đã tổng hợp {len(reports)} báo cáo vào {out}")
    for line in summary_lines(result):
        _say(line)
    for problem in problems:
        _err(str(problem))  # warnings only: errors returned above
    if expected is not None:
        check = completeness(result, expected)
        _say(f"Đã báo cáo {len(check.da_bao_cao)}/{len(check.du_kien)} đơn vị trong danh sách")
        for unit in check.ngoai_danh_sach:
            _err(f"cảnh báo: {unit_label(unit)} có báo cáo nhưng không có trong danh sách")
    else:
        check = completeness(result)  # the official list of the parent's units, if any
        if check.du_kien:
            # The missing units are named in this line: not again below.
            _say(f"Theo danh mục đơn vị hành chính: {check.tom_tat}")
            return EXIT_OK
    if result.chua_bao_cao:
        names = ", ".join(unit_label(u) for u in result.chua_bao_cao)
        _err(f"cảnh báo: {len(result.chua_bao_cao)} đơn vị chưa báo cáo: {names}")
    return EXIT_OK


# --------------------------------------------------------------------------- render


def _add_render(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser(
        "render",
        help="xuất báo cáo ra Word, HTML, Markdown, Excel",
        description="Xuất một báo cáo ra tệp OUT; hoặc nhiều báo cáo (nhiều tệp, thư mục) "
        "vào thư mục OUT, mỗi báo cáo một tệp, mẫu chỉ chuẩn bị một lần.",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="tệp báo cáo hoặc thư mục")
    p.add_argument(
        "-o",
        "--out",
        type=Path,
        required=True,
        metavar="OUT",
        help="tệp kết quả (ghi an toàn); với nhiều báo cáo: thư mục kết quả",
    )
    p.add_argument(
        "-f",
        "--format",
        metavar="F",
        help="bộ xuất: docx, html, markdown, xlsx, ... (mặc định: theo đuôi của OUT; "
        "với thư mục: docx)",
    )
    p.add_argument("-t", "--template", type=Path, metavar="T", help="mẫu riêng thay mẫu mặc định")
    p.add_argument(
        "--nam-truoc",
        type=Path,
        metavar="FILE",
        help="báo cáo năm trước của cùng đơn vị: thêm cột so sánh vào các bảng và một câu "
        "so sánh cho mỗi bảng (với nhiều báo cáo: tệp hoặc thư mục báo cáo năm trước, "
        "ghép theo đơn vị)",
    )
    p.add_argument(
        "--ke-hoach",
        type=Path,
        metavar="PLAN",
        help="kế hoạch của đơn vị: mục I.1 nói từng hoạt động của kế hoạch đã thực hiện, "
        "chưa thực hiện hay vượt kế hoạch, số liệu so với chỉ tiêu (một báo cáo)",
    )
    _add_jobs(p)
    p.set_defaults(handler=_cmd_render)


def _cmd_render(args: argparse.Namespace) -> int:
    from binhdanggioi.errors import RendererError
    from binhdanggioi.formats import load
    from binhdanggioi.renderers import get_renderer, render

    out: Path = args.out
    batch = len(args.files) > 1 or args.files[0].is_dir() or out.is_dir()
    chosen = args.format or ("docx" if batch else out.suffix)
    if not chosen:
        raise _UsageError(f"không biết xuất {out} ra định dạng nào: thêm đuôi tệp hoặc --format")
    try:
        renderer = get_renderer(chosen)
    except RendererError as err:
        raise _UsageError(str(err)) from err
    if args.template is not None and renderer.default_template is None:
        raise _UsageError(f"bộ xuất {renderer.name} không dùng mẫu (template); bỏ --template")
    plan_file: Path | None = args.ke_hoach
    if batch:
        if plan_file is not None:
            raise _UsageError("--ke-hoach dùng với một báo cáo; xuất từng báo cáo một")
        return _render_batch(args, renderer.name)
    earlier: Path | None = args.nam_truoc
    if earlier is not None and earlier.is_dir():
        raise _UsageError(f"--nam-truoc {earlier} là một thư mục; với một báo cáo, chỉ rõ một tệp")
    _refuse_overwrite(out, [args.files[0], args.template, earlier, plan_file])
    if _is_plan(args.files[0]):
        if earlier is not None or plan_file is not None:
            raise _UsageError("xuất một kế hoạch không dùng --nam-truoc, --ke-hoach")
        from binhdanggioi.ke_hoach_io import load_plan

        render(load_plan(args.files[0]), renderer.name, template=args.template, out=out)
        _say(f"Đã viết {out} ({renderer.name}, kế hoạch)")
        return EXIT_OK
    report = load(args.files[0])
    before = load(earlier) if earlier is not None else None
    plan = None
    if plan_file is not None:
        from binhdanggioi.ke_hoach_io import load_plan

        plan = load_plan(plan_file)
    inputs = [args.files[0], *(p for p in (earlier, plan_file) if p is not None)]
    render(
        report,
        renderer.name,
        template=args.template,
        out=out,
        inputs=inputs,
        nam_truoc=before,
        ke_hoach=plan,
    )
    _say(f"Đã viết {out} ({renderer.name})")
    return EXIT_OK


def _render_batch(args: argparse.Namespace, format: str) -> int:
    from binhdanggioi.formats import load
    from binhdanggioi.renderers import render_many

    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise _UsageError(f"nhiều báo cáo cần một thư mục kết quả; {out} là một tệp")
    files = list(_report_files(args.files).values())
    failed = 0

    def skipped(path: Path, err: Exception) -> None:
        nonlocal failed
        assert isinstance(err, DataError)
        _report_data_error(err)
        failed += 1

    earlier = _report_files([args.nam_truoc]) if args.nam_truoc is not None else {}
    written = render_many(
        files,
        format,
        template=args.template,
        out_dir=out,
        inputs=[*files, *earlier.values()],
        jobs=args.jobs,
        on_error=skipped,
        nam_truoc=[load(path) for path in earlier.values()],
    )
    _say(f"Đã viết {len(written)} tệp {format} vào {out}")
    if failed:
        _err(f"lỗi: {failed} tệp có lỗi nên chưa được xuất; sửa các lỗi trên rồi chạy lại")
        return EXIT_DATA
    return EXIT_OK


def _add_renderers(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("renderers", help="liệt kê các bộ xuất có sẵn")
    p.set_defaults(handler=_cmd_renderers)


def _cmd_renderers(args: argparse.Namespace) -> int:
    from binhdanggioi.renderers import available_renderers

    for name, info in sorted(available_renderers().items()):
        suffixes = " ".join(info.suffixes)
        _say(f"{name:<10} {suffixes:<18} {info.description} [{info.origin}]")
        if info.problem:
            _say(f"{'':<10} chưa dùng được: {info.problem}")
    return EXIT_OK


def _add_check_template(sub: argparse._SubParsersAction[_Parser]) -> None:
    p = sub.add_parser("check-template", help="kiểm tra một mẫu (template) trước khi dùng")
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(handler=_cmd_check_template)


def _cmd_check_template(args: argparse.Namespace) -> int:
    from binhdanggioi.template_check import check_template

    path: Path = args.file
    if not path.exists():
        raise DataError([DataIssue("", "không tìm thấy mẫu")], source=str(path))
    problems = check_template(path)
    for problem in problems:
        _err(f"lỗi: {problem}")
    if problems:
        _say(f"{path}: {len(problems)} lỗi")
        return EXIT_DATA
    _say(f"{path}: mẫu dùng được, mọi biến đều có trong dữ liệu")
    return EXIT_OK


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


# --------------------------------------------------------------------------- main


def _refuse_overwrite(out: Path, inputs: Sequence[Path | None]) -> None:
    """Wrong usage when ``out`` is any input of the command, through links too."""
    from binhdanggioi._files import refuse_overwrite

    refuse_overwrite(out, [p for p in inputs if p is not None], _UsageError)


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
