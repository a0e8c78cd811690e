"""How one report becomes bytes: the template prepared once when the renderer can,
the comparison with an earlier year or the plan put in the context, the result
checked and written.

Part of :mod:`binhdanggioi.renderers`, which re-exports the public names.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from binhdanggioi.errors import RendererError
from binhdanggioi.renderers._registry import (
    BatchingTemplate,
    PreparingRenderer,
    Renderer,
    TemplateArg,
)

if TYPE_CHECKING:  # pragma: no cover
    from binhdanggioi.ke_hoach import KeHoachTrienKhai
    from binhdanggioi.model import BaoCao


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
    units: Sequence[BaoCao] = (),
) -> Callable[[BaoCao], bytes]:
    """Render with the comparison (and the plan, and the units' own items) in the context."""
    from binhdanggioi.context import template_context, y_kien_don_vi

    if plan is not None:
        what, hint = "kết quả so với kế hoạch", "bỏ ke_hoach (--ke-hoach)"
    elif earlier is not None:
        what, hint = "so sánh với năm trước", "bỏ nam_truoc (--nam-truoc)"
    else:
        what, hint = "ý kiến của từng đơn vị", "bỏ don_vi_con"
    plain, render_context = _context_renderer(
        renderer, found, what, f"{hint} hoặc xuất ra docx, html, markdown"
    )

    def produce(bao_cao: BaoCao) -> bytes:
        before = earlier(bao_cao) if earlier is not None else None
        if plan is not None:
            from binhdanggioi.context_ke_hoach import report_context

            context = report_context(bao_cao, ke_hoach=plan, nam_truoc=before)
            if units:
                context["y_kien_don_vi"] = y_kien_don_vi(units)
            return render_context(context)
        if before is None and not units:
            return plain(bao_cao)
        return render_context(template_context(bao_cao, nam_truoc=before, don_vi_con=units))

    return produce


def _renderer_of(
    renderer: Renderer,
    template: TemplateArg,
    found: Path | None,
    earlier: _Earlier | None = None,
    plan: KeHoachTrienKhai | None = None,
    units: Sequence[BaoCao] = (),
) -> Callable[[BaoCao], bytes]:
    """How to render one report: with the template prepared once when the renderer can."""
    produce: Callable[[BaoCao], bytes]
    if earlier is not None or plan is not None or units:
        produce = _with_comparison(renderer, template, found, earlier, plan, units)
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


def _require_report(bao_cao: object) -> None:
    from binhdanggioi.model import BaoCao

    if not isinstance(bao_cao, BaoCao):
        raise TypeError(f"render() cần một BaoCao, nhận {type(bao_cao).__name__}")


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
