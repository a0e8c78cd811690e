"""HTML renderer: a standalone page, printable on A4, from ``templates/bao-cao.html.j2``.

Every value is HTML-escaped exactly once (autoescape in the sandbox), so names
with ``<``, ``&`` or quotes render as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from binhdanggioi.renderers._text import PreparedText, TextRenderer
from binhdanggioi.templating import jinja_environment

if TYPE_CHECKING:  # pragma: no cover
    from jinja2.sandbox import SandboxedEnvironment

__all__ = ["HtmlRenderer", "PreparedText"]


class HtmlRenderer(TextRenderer):
    """Trang HTML độc lập, in được trên khổ A4."""

    name = "html"
    suffixes: tuple[str, ...] = (".html", ".htm")
    media_type = "text/html; charset=utf-8"
    default_template: str | None = "bao-cao.html.j2"
    kind_templates: Mapping[str, str] = MappingProxyType({"ke_hoach": "ke-hoach.html.j2"})
    template_suffixes: tuple[str, ...] = (".html.j2", ".htm.j2", ".html", ".htm")

    def environment(self) -> SandboxedEnvironment:
        """The sandbox with HTML autoescape on, whatever the template file is called."""
        env: SandboxedEnvironment = jinja_environment().overlay(autoescape=True)
        return env
