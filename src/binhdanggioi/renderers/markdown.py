"""Markdown renderer: the report as Markdown with its tables, from ``bao-cao.md.j2``.

Values are escaped for Markdown (``escape_markdown``: markup characters get a
backslash, line breaks become spaces), so data shows as written and can never
inject HTML or break a table.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from binhdanggioi.renderers._text import PreparedText, TextRenderer, markdown_finalize
from binhdanggioi.templating import escape_markdown, jinja_environment

if TYPE_CHECKING:  # pragma: no cover
    from jinja2.sandbox import SandboxedEnvironment

__all__ = ["MarkdownRenderer", "PreparedText"]


class MarkdownRenderer(TextRenderer):
    """Văn bản Markdown với các bảng số liệu."""

    name = "markdown"
    suffixes: tuple[str, ...] = (".md", ".markdown")
    media_type = "text/markdown; charset=utf-8"
    default_template: str | None = "bao-cao.md.j2"
    kind_templates: Mapping[str, str] = MappingProxyType({"ke_hoach": "ke-hoach.md.j2"})
    template_suffixes: tuple[str, ...] = (".md.j2", ".markdown.j2", ".md", ".markdown")

    def environment(self) -> SandboxedEnvironment:
        """The sandbox with HTML autoescape off and every value escaped for Markdown."""
        env: SandboxedEnvironment = jinja_environment().overlay(
            autoescape=False, finalize=markdown_finalize(escape_markdown)
        )
        return env
