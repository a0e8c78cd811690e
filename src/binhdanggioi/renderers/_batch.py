"""Rendering many reports for :func:`~binhdanggioi.renderers.render_many`: output
names, rendering here (in batches when the template can) or in worker processes,
each output written as soon as it is rendered.

Part of :mod:`binhdanggioi.renderers`, which re-exports the public names.
"""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from binhdanggioi._workers import Failure, shared
from binhdanggioi.errors import RendererError
from binhdanggioi.renderers._lookup import get_renderer, registry
from binhdanggioi.renderers._produce import (
    _batch_renderer_of,
    _Earlier,
    _renderer_of,
    _require_report,
)
from binhdanggioi.renderers._registry import (
    BatchingTemplate,
    PreparingRenderer,
    Renderer,
    TemplateArg,
    normalise,
)
from binhdanggioi.vocabulary import fold

if TYPE_CHECKING:  # pragma: no cover
    from binhdanggioi._files import OverwriteGuard
    from binhdanggioi.model import BaoCao


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
    item: object  # a report, or the path of a report file; None: the parent's, shared
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
    from binhdanggioi._files import source_paths, write_part
    from binhdanggioi.errors import DataError

    item = shared()[job.index] if job.item is None else job.item
    try:
        bao_cao = _loaded(item, None)
    except DataError as err:
        return Failure(err)
    assert bao_cao is not None
    key = (job.format, job.template, job.found)
    produce = _WORKER_RENDERERS.get(key)
    if produce is None:
        renderer = get_renderer(job.format)
        produce = _WORKER_RENDERERS[key] = _renderer_of(renderer, job.template, job.found)
    # The part's name is this batch's own; the parent's rename makes it final.
    write_part(job.part, produce(bao_cao), fsync=job.fsync)
    sources: frozenset[Path] = frozenset()  # a report in memory: the parent knows its files
    if isinstance(item, str | os.PathLike):
        sources = frozenset([Path(item)]) | source_paths(bao_cao)
    return _Done(job.part, output_name(bao_cao, job.suffix), sources)


def _render_in_workers(items: Iterable[object], batch: _Batch, jobs: int) -> list[Path]:
    """Render ``items`` in ``jobs`` workers; a list of reports in memory is shared with
    forked workers rather than pickled to them report by report."""
    import contextlib

    from binhdanggioi._workers import sharing

    held = isinstance(items, list)
    with sharing(items) if held else contextlib.nullcontext(False) as inherited:
        return _render_with(items, batch, jobs, inherited)


def _render_with(items: Iterable[object], batch: _Batch, jobs: int, inherited: bool) -> list[Path]:
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
            sent = None if inherited else item
            yield _Job(
                index, sent, renderer.name, batch.template, batch.found, part, suffix, batch.fsync
            )

    written: list[Path] = []
    taken: set[str] = set()
    results: Generator[_Done | Failure | None, None, None] = run(
        _render_job, plan(), jobs=jobs, count=batch.total
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
