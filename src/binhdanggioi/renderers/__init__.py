"""Renderers: Word, HTML, Markdown, Excel and installed plugins, and rendering with them.

Built-in renderers are listed by dotted path and imported on first use; their
modules import docxtpl, lxml and Jinja2 only when a document is rendered. Third-party
renderers come from the entry-point group ``binhdanggioi.renderers`` and are loaded
when asked for, never at import time. Two renderers under one name are an error,
never a silent override. The contract a renderer fulfils is in :class:`Renderer`
(and :class:`PreparingRenderer`, :class:`CheckableRenderer`, :class:`BatchingTemplate`
for the optional parts).

>>> sorted(available_renderers())
['docx', 'html', 'markdown', 'pdf', 'xlsx']
>>> available_renderers()["docx"].suffixes
('.docx',)
"""

from __future__ import annotations

import functools
import os
import sys
import types
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from binhdanggioi.errors import RendererError, TemplateError
from binhdanggioi.renderers._batch import (
    _Batch,
    _parallel_safe,
    _render_here,
    _render_in_workers,
    output_name,
)
from binhdanggioi.renderers._lookup import (
    ENTRY_POINT_GROUP,
    _warn_renamed,
    available_renderers,
    get_renderer,
    register,
    registry,
    renderers,
    unregister,
)
from binhdanggioi.renderers._produce import (
    _checked_bytes,
    _context_renderer,
    _Earlier,
    _earlier_of,
    _renderer_of,
    _require_report,
    _same,
    _write_result,
)
from binhdanggioi.renderers._registry import (
    BatchingTemplate,
    Builtin,
    CheckableRenderer,
    PreparedTemplate,
    PreparingRenderer,
    Registry,
    Renderer,
    RendererInfo,
    TemplateArg,
    TemplateSource,
)

if TYPE_CHECKING:  # pragma: no cover
    from binhdanggioi.ke_hoach import KeHoachTrienKhai
    from binhdanggioi.model import BaoCao

__all__ = [
    "ENTRY_POINT_GROUP",
    "BatchingTemplate",
    "CheckableRenderer",
    "PreparedTemplate",
    "PreparingRenderer",
    "Registry",
    "Renderer",
    "RendererInfo",
    "TemplateArg",
    "TemplateSource",
    "available_renderers",
    "get_renderer",
    "output_name",
    "register",
    "registry",
    "render",
    "render_many",
    "renderers",
    "template_path",
    "template_sources",
    "unregister",
]

# --------------------------------------------------------------------------- templates


def template_path(template: TemplateArg, default: str | None) -> Path:
    """The template file to use, as an absolute path: ``template`` as a path, a name in
    the package's ``templates/``, or ``default`` from there when ``template`` is ``None``.
    """
    packaged = Path(str(resources.files("binhdanggioi") / "templates")).absolute()
    if template is None:
        if default is None:
            raise TemplateError("bộ xuất này không dùng mẫu và không có mẫu mặc định")
        return packaged / default
    path = Path(template)
    if path.is_file():
        return path.absolute()
    if path.name == str(template) and (packaged / path.name).is_file():
        return packaged / path.name
    if path.exists():  # a folder, a FIFO, a device: the reader refuses it, saying which
        return path.absolute()
    raise TemplateError(f"không tìm thấy mẫu '{template}'", template=str(template))


def template_sources(template: str | os.PathLike[str]) -> Sequence[TemplateSource]:
    """The Jinja pieces of the template file ``template``, read by the renderer it is for.

    The renderer is the one whose ``template_suffixes`` end the file's name (a Word
    template has several pieces: document, headers, footers, notes); a file no
    renderer takes is read as one UTF-8 Jinja text.
    """
    renderer = registry.for_template(template)
    if renderer is not None:
        return renderer.template_sources(template)
    from binhdanggioi.renderers._text import read_text_source

    return [read_text_source(template_path(template, None))]


def _template_file(renderer: Renderer, template: TemplateArg) -> Path | None:
    """The template file ``renderer`` will use, found once for the whole call.

    For a renderer that does not prepare templates this only names the file for the
    overwrite guard; the renderer itself gets ``template`` as given.
    """
    if template is None and getattr(renderer, "default_template", None) is None:
        return None
    if isinstance(renderer, PreparingRenderer):
        return template_path(template, renderer.default_template)
    try:
        return template_path(template, getattr(renderer, "default_template", None))
    except TemplateError:
        return Path(template) if template is not None else None


# --------------------------------------------------------------------------- rendering


def _kind_template(renderer: Renderer, kind: str) -> str | None:
    """The renderer's default template for documents of ``kind`` (``"ke_hoach"``), if any."""
    table = getattr(renderer, "kind_templates", None)
    name = table.get(kind) if isinstance(table, Mapping) else None
    return name if isinstance(name, str) else None


def _render_plan(
    plan: KeHoachTrienKhai, renderer: Renderer, template: TemplateArg
) -> tuple[Path | None, Callable[[], bytes]]:
    """The template file and the rendering of a plan (see :func:`render`)."""
    from binhdanggioi.context_ke_hoach import plan_context

    default = _kind_template(renderer, "ke_hoach")
    if template is None and default is None:
        raise RendererError(
            f"bộ xuất '{renderer.name}' không có mẫu kế hoạch; xuất kế hoạch ra docx, html, "
            "markdown, pdf hoặc chỉ rõ một mẫu (template)"
        )
    found = template_path(template, default)
    _, render_context = _context_renderer(
        renderer, found, "kế hoạch", "xuất kế hoạch ra docx, html, markdown, pdf"
    )
    return found, lambda: render_context(plan_context(plan))


def render(
    bao_cao: BaoCao | KeHoachTrienKhai,
    format: str = "docx",
    *,
    template: TemplateArg = None,
    out: str | os.PathLike[str] | None = None,
    inputs: Iterable[str | os.PathLike[str]] = (),
    nam_truoc: BaoCao | None = None,
    ke_hoach: KeHoachTrienKhai | None = None,
    don_vi_con: Iterable[BaoCao] = (),
) -> bytes:
    """Render ``bao_cao`` with the renderer ``format``; write ``out`` atomically when given.

    ``out`` may not be the template or one of ``inputs`` (the files the report came
    from): an input is never overwritten. ``nam_truoc``: an earlier report of the
    same unit; the built-in templates then add a comparison column ("Năm 2023",
    "Tăng, giảm") and one sentence per table (see :func:`binhdanggioi.compare`).
    ``ke_hoach``: the unit's plan; I.1 then says, per planned activity, what was done
    against its target (see :func:`binhdanggioi.compare_plan`). ``don_vi_con``: the
    units' reports ``bao_cao`` was aggregated from; a template's ``y_kien_don_vi``
    then lists each unit's own narrative items (the built-in templates do not print it).

    A plan (:class:`~binhdanggioi.KeHoachTrienKhai`) given as ``bao_cao`` is rendered
    with the renderer's template for plans: its ``kind_templates["ke_hoach"]``
    (``ke-hoach.docx``, ``ke-hoach.html.j2``, ``ke-hoach.md.j2``), or ``template``.
    """
    from binhdanggioi._files import refuse_overwrite, source_paths
    from binhdanggioi.ke_hoach import KeHoachTrienKhai

    renderer = get_renderer(format)
    if isinstance(bao_cao, KeHoachTrienKhai):
        if nam_truoc is not None or ke_hoach is not None or don_vi_con:
            raise TypeError("render() một kế hoạch không nhận nam_truoc, ke_hoach hay don_vi_con")
        found, produce_plan = _render_plan(bao_cao, renderer, template)
        if out is not None:
            if Path(out).is_dir():
                raise RendererError(f"{out} là một thư mục; cần đường dẫn của tệp kết quả")
            protected = [*inputs, *source_paths(bao_cao), *([found] if found else [])]
            refuse_overwrite(Path(out), protected, RendererError)
        return _write_result(_checked_bytes(renderer, produce_plan()), out)
    _require_report(bao_cao)
    if ke_hoach is not None and not isinstance(ke_hoach, KeHoachTrienKhai):
        raise TypeError(f"ke_hoach cần một KeHoachTrienKhai, nhận {type(ke_hoach).__name__}")
    units = tuple(don_vi_con)
    for unit in units:
        _require_report(unit)
    earlier: _Earlier | None = None
    if nam_truoc is not None:
        _require_report(nam_truoc)
        from binhdanggioi.comparison import compare

        compare(bao_cao, nam_truoc)  # a wrong pair is refused before anything is written
        earlier = functools.partial(_same, nam_truoc)
    target = Path(out) if out is not None else None
    if target is not None and target.is_dir():
        raise RendererError(f"{target} là một thư mục; cần đường dẫn của tệp kết quả")
    found = _template_file(renderer, template)
    if target is not None:
        protected = [*inputs, *source_paths(bao_cao), *([found] if found else [])]
        refuse_overwrite(target, protected, RendererError)
    data = _renderer_of(renderer, template, found, earlier, ke_hoach, units)(bao_cao)
    return _write_result(data, out)


def render_many(
    reports: Iterable[BaoCao | str | os.PathLike[str]],
    format: str,
    *,
    template: TemplateArg = None,
    out_dir: str | os.PathLike[str],
    progress: bool | None = None,
    inputs: Iterable[str | os.PathLike[str]] = (),
    jobs: int | None = 1,
    on_error: Callable[[Path, Exception], None] | None = None,
    fsync: bool = False,
    nam_truoc: Iterable[BaoCao] = (),
) -> list[Path]:
    """Render every report into ``out_dir``; returns the files written, in order.

    ``reports`` holds reports, or report files (read as :func:`~binhdanggioi.load`
    reads them), or both. The template is prepared once (read, checked, compiled)
    and reused for every report; each output is written atomically as soon as it is
    rendered, so memory stays flat however many reports there are (``reports`` may
    be a generator). Names come from :func:`output_name`; two reports with one name
    get ``-2``, ``-3``, ... in the order given. ``progress``: draw a progress bar
    and a closing summary on stderr (``None``: only when stderr is a terminal). No
    output may be the template or one of ``inputs`` (the files the reports came
    from).

    ``jobs``: worker processes, each reading its files, rendering and writing its
    documents itself (``1``, the default: in this process; ``None``: one per core,
    at most 8, for 100 reports or more). Files help workers most: a report in
    memory is sent to its worker whole. A renderer added with :func:`register` in
    this process, or one that renders in batches, renders here.

    ``on_error(path, error)``: called, in order, for a report file that cannot be
    read (a :class:`~binhdanggioi.errors.DataError`), which is then skipped;
    without it the error is raised. ``fsync``: flush each file to disk as it is
    written; by default the folder is flushed once, at the end. ``nam_truoc``:
    earlier reports; each report is compared with the latest of them of the same unit
    (as :func:`render` does), a report without one is rendered without comparison
    (comparisons render in this process).
    """
    from binhdanggioi._files import OverwriteGuard, source_paths, sync_directory
    from binhdanggioi._workers import resolve_jobs

    renderer = get_renderer(format)
    folder = Path(out_dir)
    suffix = renderer.suffixes[0] if renderer.suffixes else ""
    found = _template_file(renderer, template)
    guard = OverwriteGuard([*(Path(p) for p in inputs), *([found] if found else [])], RendererError)
    earlier_reports = list(nam_truoc)
    for report in earlier_reports:
        _require_report(report)
    items = list(reports) if isinstance(reports, Sized) else reports
    total = len(items) if isinstance(items, list) else None
    if isinstance(items, list):
        # Every file of the batch is an input before any output is written: a report
        # rendered first may take the name of a later report's own file.
        guard.add(
            path
            for item in items
            for path in ([item] if isinstance(item, str | os.PathLike) else source_paths(item))
        )
    batch = _Batch(
        renderer=renderer,
        template=template,
        found=found,
        folder=folder,
        suffix=suffix,
        guard=guard,
        earlier=_earlier_of(earlier_reports) if earlier_reports else None,
        total=total,
        progress=progress,
        on_error=on_error,
        fsync=fsync,
    )
    workers = resolve_jobs(jobs, total) if jobs is not None or total is not None else 1
    if workers > 1 and batch.earlier is None and _parallel_safe(renderer, template, found):
        written = _render_in_workers(items, batch, workers)
    else:
        written = _render_here(items, batch)
    if written:
        sync_directory(folder)
    return written


# --------------------------------------------------------------------------- the package object


class _RenderersPackage(types.ModuleType):
    """This subpackage, which is also what ``binhdanggioi.renderers`` names.

    Until 0.1 ``binhdanggioi.renderers`` was also a function listing the renderers;
    calling the package still does that, with a DeprecationWarning, for one release.
    ``_BUILTINS`` is the built-in table of :data:`registry`, for tests that swap it.
    """

    def __call__(self) -> dict[str, RendererInfo]:
        _warn_renamed()
        return available_renderers()

    @property
    def _BUILTINS(self) -> tuple[Builtin, ...]:
        return registry.builtins

    @_BUILTINS.setter
    def _BUILTINS(self, table: Iterable[Builtin]) -> None:
        registry.builtins = tuple(table)


sys.modules[__name__].__class__ = _RenderersPackage
