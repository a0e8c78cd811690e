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
import re
import sys
import types
import warnings
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence, Sized
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from binhdanggioi._workers import Failure
from binhdanggioi.errors import RendererError, TemplateError
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
    normalise,
)
from binhdanggioi.vocabulary import fold

if TYPE_CHECKING:  # pragma: no cover
    from binhdanggioi._files import OverwriteGuard
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

ENTRY_POINT_GROUP = "binhdanggioi.renderers"
"""Entry-point group where other distributions register renderers."""

registry = Registry(
    (
        Builtin("docx", "binhdanggioi.renderers.docx:DocxRenderer"),
        Builtin("html", "binhdanggioi.renderers.html:HtmlRenderer"),
        Builtin("markdown", "binhdanggioi.renderers.markdown:MarkdownRenderer"),
        Builtin("xlsx", "binhdanggioi.renderers.xlsx:XlsxRenderer"),
    ),
    group=ENTRY_POINT_GROUP,
)
"""The renderers this package knows: built-ins, :func:`register`-ed, plugins."""


# --------------------------------------------------------------------------- finding renderers


def register(renderer: Renderer) -> None:
    """Register ``renderer`` (an instance) under its ``name``; a name already taken is refused.

    >>> class Dem:
    ...     name, suffixes, media_type, default_template = "dem", (".dem",), "text/plain", None
    ...     def render(self, bao_cao, *, template=None):
    ...         return b"x"
    >>> register(Dem()); "dem" in available_renderers()
    True
    >>> register(Dem())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    binhdanggioi.errors.RendererError: bộ xuất 'dem' đã có (...); chọn tên khác
    >>> unregister("dem")
    """
    registry.register(renderer)


def unregister(name: str) -> None:
    """Remove a renderer added with :func:`register` (built-ins and plugins stay)."""
    registry.unregister(name)


def available_renderers() -> dict[str, RendererInfo]:
    """Every renderer by name: built-in, registered and installed plugins.

    Reading a renderer's description imports its module (built-ins import no heavy
    dependency until they render) or loads its plugin; one that cannot be loaded is
    listed with its ``problem``.
    """
    return registry.available()


def renderers() -> dict[str, RendererInfo]:
    """Deprecated name of :func:`available_renderers`, kept for one release."""
    _warn_renamed()
    return available_renderers()


def _warn_renamed() -> None:
    warnings.warn(
        "binhdanggioi.renderers() is renamed available_renderers(); "
        "binhdanggioi.renderers is the subpackage",
        DeprecationWarning,
        stacklevel=3,
    )


def get_renderer(name: str) -> Renderer:
    """The renderer called ``name`` (or handling the file suffix ``name``, e.g. ``.docx``).

    >>> get_renderer(".md").name
    'markdown'
    """
    return registry.get(name)


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


_Earlier = Callable[["BaoCao"], "BaoCao | None"]
"""Finds the earlier report a report is compared with (``None``: no comparison)."""


def _context_renderer(
    renderer: Renderer, found: Path | None, what: str, hint: str
) -> tuple[Callable[[BaoCao], bytes], Callable[[dict[str, Any]], bytes]]:
    """The prepared template's ``render`` and ``render_context``; only renderers that
    take a context can print a comparison or a plan (``what``; ``hint`` says what to do).
    """
    prepared = (
        renderer.prepare(found)
        if isinstance(renderer, PreparingRenderer) and found is not None
        else None
    )
    render_context = getattr(prepared, "render_context", None)
    if prepared is None or not callable(render_context):
        raise RendererError(f"bộ xuất '{renderer.name}' không in được {what}; {hint}")
    return prepared.render, render_context


def _with_comparison(
    renderer: Renderer,
    template: TemplateArg,
    found: Path | None,
    earlier: _Earlier | None,
    plan: KeHoachTrienKhai | None = None,
) -> Callable[[BaoCao], bytes]:
    """Render with the comparison (and the plan) in the context."""
    from binhdanggioi.context import template_context

    if plan is None:
        what, hint = "so sánh với năm trước", "bỏ nam_truoc (--nam-truoc)"
    else:
        what, hint = "kết quả so với kế hoạch", "bỏ ke_hoach (--ke-hoach)"
    plain, render_context = _context_renderer(
        renderer, found, what, f"{hint} hoặc xuất ra docx, html, markdown"
    )

    def produce(bao_cao: BaoCao) -> bytes:
        before = earlier(bao_cao) if earlier is not None else None
        if plan is not None:
            from binhdanggioi.context_ke_hoach import report_context

            return render_context(report_context(bao_cao, ke_hoach=plan, nam_truoc=before))
        if before is None:
            return plain(bao_cao)
        return render_context(template_context(bao_cao, nam_truoc=before))

    return produce


def _renderer_of(
    renderer: Renderer,
    template: TemplateArg,
    found: Path | None,
    earlier: _Earlier | None = None,
    plan: KeHoachTrienKhai | None = None,
) -> Callable[[BaoCao], bytes]:
    """How to render one report: with the template prepared once when the renderer can."""
    produce: Callable[[BaoCao], bytes]
    if earlier is not None or plan is not None:
        produce = _with_comparison(renderer, template, found, earlier, plan)
    elif isinstance(renderer, PreparingRenderer) and found is not None:
        produce = renderer.prepare(found).render
    else:
        produce = functools.partial(renderer.render, template=template)

    def render_one(bao_cao: BaoCao) -> bytes:
        return _checked_bytes(renderer, produce(bao_cao))

    return render_one


def _batch_renderer_of(
    renderer: Renderer, template: TemplateArg, found: Path | None
) -> Callable[[Iterable[BaoCao]], Iterator[bytes]]:
    """How to render many reports: in batches when the prepared template can
    (:class:`BatchingTemplate`), else one by one as :func:`_renderer_of` does.
    """
    if isinstance(renderer, PreparingRenderer) and found is not None:
        prepared = renderer.prepare(found)
        if isinstance(prepared, BatchingTemplate):
            batch = prepared.render_batch
            return lambda reports: (_checked_bytes(renderer, d) for d in batch(reports))
        produce: Callable[[BaoCao], bytes] = prepared.render
    else:
        produce = functools.partial(renderer.render, template=template)
    return lambda reports: (_checked_bytes(renderer, produce(r)) for r in reports)


def _checked_bytes(renderer: Renderer, data: object) -> bytes:
    if not isinstance(data, bytes):
        raise RendererError(f"bộ xuất '{renderer.name}' trả về {type(data).__name__}, cần bytes")
    return data


# --------------------------------------------------------------------------- rendering


def _require_report(bao_cao: object) -> None:
    from binhdanggioi.model import BaoCao

    if not isinstance(bao_cao, BaoCao):
        raise TypeError(f"render() cần một BaoCao, nhận {type(bao_cao).__name__}")


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
) -> bytes:
    """Render ``bao_cao`` with the renderer ``format``; write ``out`` atomically when given.

    ``out`` may not be the template or one of ``inputs`` (the files the report came
    from): an input is never overwritten. ``nam_truoc``: an earlier report of the
    same unit; the built-in templates then add a comparison column ("Năm 2023",
    "Tăng, giảm") and one sentence per table (see :func:`binhdanggioi.compare`).
    ``ke_hoach``: the unit's plan; I.1 then says, per planned activity, what was done
    against its target (see :func:`binhdanggioi.compare_plan`).

    A plan (:class:`~binhdanggioi.KeHoachTrienKhai`) given as ``bao_cao`` is rendered
    with the renderer's template for plans: its ``kind_templates["ke_hoach"]``
    (``ke-hoach.docx``, ``ke-hoach.html.j2``, ``ke-hoach.md.j2``), or ``template``.
    """
    from binhdanggioi._files import refuse_overwrite, source_paths
    from binhdanggioi.ke_hoach import KeHoachTrienKhai

    renderer = get_renderer(format)
    if isinstance(bao_cao, KeHoachTrienKhai):
        if nam_truoc is not None or ke_hoach is not None:
            raise TypeError("render() một kế hoạch không nhận nam_truoc hay ke_hoach")
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
    data = _renderer_of(renderer, template, found, earlier, ke_hoach)(bao_cao)
    return _write_result(data, out)


def _write_result(data: bytes, out: str | os.PathLike[str] | None) -> bytes:
    """``data``, written atomically to ``out`` when given (already checked by the caller)."""
    from binhdanggioi._files import write_atomic

    if out is None:
        return data
    target = Path(out)
    try:
        write_atomic(target, data)
    except OSError as err:
        raise RendererError(f"không ghi được tệp kết quả {target}: {err.strerror or err}") from err
    return data


def _same(earlier: BaoCao, _bao_cao: BaoCao) -> BaoCao:
    return earlier


def _earlier_of(candidates: Sequence[BaoCao]) -> _Earlier:
    """For each report, the latest of ``candidates`` of the same unit and an earlier year."""
    from binhdanggioi.roster import _same_unit

    def find(bao_cao: BaoCao) -> BaoCao | None:
        found = [
            c for c in candidates if c.nam < bao_cao.nam and _same_unit(c.don_vi, bao_cao.don_vi)
        ]
        return max(found, key=lambda c: c.nam) if found else None

    return find


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "bao-cao"


def output_name(bao_cao: BaoCao, suffix: str) -> str:
    """The file name :func:`render_many` gives a report: ``bac-kan-2023.docx``.

    >>> from binhdanggioi.model import BaoCao, DonVi
    >>> output_name(BaoCao(2023, DonVi("Bắc Kạn", "huyen")), ".docx")
    'bac-kan-2023.docx'
    """
    return f"{_slug(bao_cao.don_vi.ten)}-{bao_cao.nam}{suffix}"


def _unique_name(name: str, suffix: str, taken: set[str]) -> str:
    """``name``, or ``name`` with ``-2``, ``-3``, ... before ``suffix`` when taken."""
    stem, n = name[: len(name) - len(suffix)] if suffix else name, 2
    while name in taken:
        name, n = f"{stem}-{n}{suffix}", n + 1
    taken.add(name)
    return name


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
    from binhdanggioi._files import OverwriteGuard, sync_directory
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


@attrs.frozen
class _Batch:
    """One call of :func:`render_many`: what every report of it is rendered with."""

    renderer: Renderer
    template: TemplateArg
    found: Path | None
    folder: Path
    suffix: str
    guard: OverwriteGuard
    earlier: _Earlier | None
    total: int | None
    progress: bool | None
    on_error: Callable[[Path, Exception], None] | None
    fsync: bool

    def render_all(self) -> Callable[[Iterable[BaoCao]], Iterator[bytes]]:
        """Reports in, documents out: in batches when the renderer can, else one by one."""
        if self.earlier is None:
            return _batch_renderer_of(self.renderer, self.template, self.found)
        render_one = _renderer_of(self.renderer, self.template, self.found, self.earlier)
        return lambda reports: (render_one(r) for r in reports)


def _loaded(item: object, on_error: Callable[[Path, Exception], None] | None) -> BaoCao | None:
    """The report ``item`` is, or reads; ``None`` for a file ``on_error`` was told about."""
    if not isinstance(item, str | os.PathLike):
        _require_report(item)
        return item  # type: ignore[return-value]
    from binhdanggioi.errors import DataError
    from binhdanggioi.formats import load

    try:
        return load(item)
    except DataError as err:
        if on_error is None:
            raise
        on_error(Path(item), err)
        return None


def _render_here(items: Iterable[object], batch: _Batch) -> list[Path]:
    from binhdanggioi._files import source_paths, write_atomic
    from binhdanggioi._progress import Progress

    render_all = batch.render_all()
    written: list[Path] = []
    taken: set[str] = set()
    # Each report is checked and named as the renderer takes it; its output is written
    # as soon as the renderer yields it (one by one, or a batch at a time).
    targets: deque[Path] = deque()

    name = batch.renderer.name

    def checked(items: Iterable[object]) -> Iterator[BaoCao]:
        for item in items:
            bao_cao = _loaded(item, batch.on_error)
            if bao_cao is None:
                continue
            unique = _unique_name(output_name(bao_cao, batch.suffix), batch.suffix, taken)
            target = batch.folder / unique
            batch.guard.add(source_paths(bao_cao))
            batch.guard.check(target)
            targets.append(target)
            yield bao_cao

    with Progress(batch.total, label="Xuất báo cáo", unit="tệp", enabled=batch.progress) as bar:
        for data in render_all(checked(items)):
            if not targets:
                raise RendererError(f"bộ xuất '{name}' trả về nhiều tệp hơn số báo cáo")
            target = targets.popleft()
            write_atomic(target, data, fsync=batch.fsync)
            written.append(target)
            bar.advance()
    if targets:
        raise RendererError(f"bộ xuất '{name}' trả về ít tệp hơn số báo cáo")
    return written


# --------------------------------------------------------------------------- workers


def _parallel_safe(renderer: Renderer, template: TemplateArg, found: Path | None) -> bool:
    """Whether a worker process can render as this one would: it finds the renderer by
    name (not one registered at run time here) and renders report by report.
    """
    if normalise(renderer.name) in registry.registered_names():
        return False
    if isinstance(renderer, PreparingRenderer) and found is not None:
        return not isinstance(renderer.prepare(found), BatchingTemplate)
    return True


@attrs.frozen
class _Job:
    """What a worker needs to render one report: all picklable."""

    index: int
    item: object  # a report, or the path of a report file
    format: str
    template: TemplateArg
    found: Path | None
    part: Path  # where the worker writes; the parent renames it to its final name
    suffix: str
    fsync: bool


@attrs.frozen
class _Done:
    part: Path
    name: str
    sources: frozenset[Path]


_WORKER_RENDERERS: dict[tuple[str, object, object], Callable[[BaoCao], bytes]] = {}


def _render_job(job: _Job) -> _Done | Failure | None:
    """In a worker: read the report if need be, render it, write it to ``job.part``.

    A report file that cannot be read is returned as a :class:`Failure`; ``None``
    never (kept for a renderer that yields nothing).
    """
    from binhdanggioi._files import source_paths, write_atomic
    from binhdanggioi.errors import DataError

    try:
        bao_cao = _loaded(job.item, None)
    except DataError as err:
        return Failure(err)
    assert bao_cao is not None
    key = (job.format, job.template, job.found)
    produce = _WORKER_RENDERERS.get(key)
    if produce is None:
        renderer = get_renderer(job.format)
        produce = _WORKER_RENDERERS[key] = _renderer_of(renderer, job.template, job.found)
    write_atomic(job.part, produce(bao_cao), fsync=job.fsync)
    sources = (
        frozenset([Path(job.item)]) if isinstance(job.item, str | os.PathLike) else frozenset()
    )
    return _Done(job.part, output_name(bao_cao, job.suffix), sources | source_paths(bao_cao))


def _render_in_workers(items: Iterable[object], batch: _Batch, jobs: int) -> list[Path]:
    import secrets

    from binhdanggioi._files import source_paths
    from binhdanggioi._progress import Progress
    from binhdanggioi._workers import run

    token = secrets.token_hex(6)
    folder, suffix, renderer = batch.folder, batch.suffix, batch.renderer
    folder.mkdir(parents=True, exist_ok=True)
    listed: list[object] = []

    def plan() -> Iterator[_Job]:
        for index, item in enumerate(items):
            if not isinstance(item, str | os.PathLike):
                _require_report(item)
            listed.append(item)
            part = folder / f".{token}-{index}{suffix}.part"
            yield _Job(
                index, item, renderer.name, batch.template, batch.found, part, suffix, batch.fsync
            )

    written: list[Path] = []
    taken: set[str] = set()
    results: Generator[_Done | Failure | None, None, None] = run(
        _render_job, plan(), jobs=jobs, chunk=2
    )
    try:
        with Progress(batch.total, label="Xuất báo cáo", unit="tệp", enabled=batch.progress) as bar:
            for index, done in enumerate(results):
                if isinstance(done, Failure):
                    error = done.rebuild()
                    if batch.on_error is None or not isinstance(error, Exception):
                        raise error
                    batch.on_error(Path(listed[index]), error)  # type: ignore[arg-type]
                    continue
                assert isinstance(done, _Done)
                target = folder / _unique_name(done.name, suffix, taken)
                item = listed[index]
                batch.guard.add(
                    done.sources if isinstance(item, str | os.PathLike) else source_paths(item)
                )
                batch.guard.check(target)
                done.part.replace(target)
                written.append(target)
                bar.advance()
    finally:
        results.close()  # the workers finish what they began; then their leftovers go
        for leftover in folder.glob(f".{token}-*.part"):
            leftover.unlink(missing_ok=True)
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
