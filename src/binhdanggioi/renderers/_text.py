"""Shared machinery of the text renderers (HTML, Markdown): one Jinja file, prepared once."""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from binhdanggioi._files import FileRefused, read_limited
from binhdanggioi.context import template_context
from binhdanggioi.errors import TemplateError
from binhdanggioi.renderers import TemplateArg, template_path
from binhdanggioi.renderers._cache import cached
from binhdanggioi.templating import compile_template, jinja_environment, render_template

if TYPE_CHECKING:  # pragma: no cover
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    from binhdanggioi.model import BaoCao

__all__ = ["PreparedText", "TextRenderer", "TextSource", "read_text_source"]

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
"""Largest text template read (5 MB), read at call time."""


@attrs.frozen
class TextSource:
    """A text template's Jinja source; its places are line numbers."""

    name: str
    source: str

    def describe(self, lineno: int) -> str:
        """``dòng 3``."""
        return f"dòng {lineno}"


def read_text_source(path: Path) -> TextSource:
    """The UTF-8 Jinja text of the regular file ``path``, at most :data:`MAX_TEMPLATE_BYTES`.

    A folder, a FIFO or a device (also behind a symlink) is refused without being
    opened; the bytes read are counted (see :func:`binhdanggioi._files.read_limited`).
    """
    try:
        source = read_limited(path, MAX_TEMPLATE_BYTES).decode("utf-8-sig")
    except FileRefused as err:
        raise TemplateError(f"mẫu '{path.name}': {err}", template=str(path)) from err
    except UnicodeDecodeError as err:
        raise TemplateError(
            f"mẫu '{path.name}' không phải văn bản UTF-8; lưu lại với bảng mã UTF-8",
            template=str(path),
        ) from err
    return TextSource(path.name, source)


class PreparedText:
    """A text template read and compiled once; renders any number of reports."""

    def __init__(self, name: str, template: jinja2.Template) -> None:
        self.name = name
        self._template = template

    def render(self, bao_cao: BaoCao) -> bytes:
        """The rendered file of ``bao_cao``, UTF-8."""
        return self.render_context(template_context(bao_cao))

    def render_context(self, context: Mapping[str, Any]) -> bytes:
        """The rendered file for a context made by :func:`template_context` (or by hand)."""
        return render_template(self._template, context).encode("utf-8")


class TextRenderer:
    """Base of the renderers that fill one UTF-8 Jinja template."""

    name: str = ""
    suffixes: tuple[str, ...] = ()
    media_type: str = "text/plain; charset=utf-8"
    default_template: str | None = None
    template_suffixes: tuple[str, ...] = ()

    def environment(self) -> SandboxedEnvironment:
        """The sandboxed environment, set up for this output format."""
        return jinja_environment()

    def prepare(self, template: TemplateArg = None) -> PreparedText:
        """Read and compile ``template`` once (``None``: the default template).

        Kept across calls for the same file until the file changes.
        """
        return cached(self.name, template_path(template, self.default_template), self._compile)

    def _compile(self, path: Path) -> PreparedText:
        text = read_text_source(path)
        compiled = compile_template(self.environment(), text.source, text.name)
        return PreparedText(text.name, compiled)

    def template_sources(self, template: TemplateArg = None) -> list[TextSource]:
        """The template's Jinja text, for ``check-template``."""
        return [read_text_source(template_path(template, self.default_template))]

    def render(self, bao_cao: BaoCao, *, template: TemplateArg = None) -> bytes:
        """The rendered file of ``bao_cao`` (UTF-8)."""
        return self.prepare(template).render(bao_cao)


def markdown_finalize(escape: Callable[[str], str]) -> Callable[[Any], Any]:
    """Finalize hook: ``None`` prints nothing, numbers print as they are, and every
    other value (text, a list, a mapping, a date, ...) is printed as its text
    escaped with ``escape``; only what the template marks ``|safe`` stays raw.
    """
    from markupsafe import Markup

    def finalize(value: Any) -> Any:
        if value is None:
            return ""
        if isinstance(value, Markup):
            return value
        if isinstance(value, numbers.Number) and not isinstance(value, bool):
            return value
        return escape(str(value))

    return finalize
