"""Finding renderers: the package's :data:`registry` (built-ins, :func:`register`-ed,
plugins of the entry-point group), and :func:`get_renderer` by name or suffix.

Part of :mod:`binhdanggioi.renderers`, which re-exports the public names.
"""

from __future__ import annotations

import warnings

from binhdanggioi.renderers._registry import (
    Builtin,
    Registry,
    Renderer,
    RendererInfo,
)

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
