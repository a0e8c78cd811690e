"""The ``aggregate`` command: many reports into one, the unit aggregated into.

Part of :mod:`binhdanggioi.cli`, whose :func:`~binhdanggioi.cli.main` runs every command.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from binhdanggioi._cli_common import (
    EXIT_DATA,
    EXIT_OK,
    _add_jobs,
    _err,
    _Parser,
    _refuse_overwrite,
    _report_data_error,
    _report_files,
    _say,
    _UsageError,
)
from binhdanggioi.errors import DataError

if TYPE_CHECKING:
    from binhdanggioi.model import DonVi
    from binhdanggioi.units import Unit

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
    problems = check_inputs(reports, don_vi=parent, jobs=args.jobs)
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
