"""The ``render``, ``renderers`` and ``check-template`` commands.

Part of :mod:`binhdanggioi.cli`, whose :func:`~binhdanggioi.cli.main` runs every command.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from binhdanggioi._cli_common import (
    EXIT_DATA,
    EXIT_OK,
    _add_jobs,
    _err,
    _is_plan,
    _Parser,
    _refuse_overwrite,
    _report_data_error,
    _report_files,
    _say,
    _UsageError,
)
from binhdanggioi.errors import DataError, DataIssue

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
