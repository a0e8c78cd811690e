"""The sandboxed Jinja environment every template renders in, and its Vietnamese filters.

:func:`jinja_environment` is the sandbox (:mod:`binhdanggioi._sandbox`) with the
filters of :data:`FILTERS`; :func:`compile_template` and :func:`render_template`
turn Jinja's errors into :class:`~binhdanggioi.errors.TemplateError` naming the
template and the place, in Vietnamese. With :func:`binhdanggioi.template_context`
they let people render their own way. Jinja2 is imported on first use only.

>>> jinja_environment().from_string("{{ 30000000|money_in_words }}").render()
'Ba mươi triệu đồng'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from binhdanggioi._jinja_vi import runtime_message, syntax_message, undefined_class
from binhdanggioi.errors import MissingDependencyError, TemplateError, TemplateSecurityError
from binhdanggioi.model import NgayThang
from binhdanggioi.vietnamese import (
    format_count,
    format_date,
    format_money,
    format_number,
    format_short_date,
    money_in_words,
    number_to_words,
)

if TYPE_CHECKING:  # pragma: no cover
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

__all__ = [
    "FILTERS",
    "compile_template",
    "escape_markdown",
    "jinja_environment",
    "render_template",
]

Describe = Callable[[int], str]
"""Names the place of a template line for people (a Word paragraph's text)."""

# --------------------------------------------------------------------------- filters


def _none_blank(func: Callable[..., str]) -> Callable[..., str]:
    """A filter that prints nothing for a figure not reported (``None``)."""

    def wrapper(value: Any, *args: Any, **kwargs: Any) -> str:
        if value is None:
            return ""
        return func(_as_date(value), *args, **kwargs)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def _as_date(value: Any) -> Any:
    # A date written into the context by hand as a mapping {nam, thang, ngay}.
    if isinstance(value, Mapping) and "nam" in value:
        return NgayThang(value["nam"], value.get("thang"), value.get("ngay"))
    if isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{1,2}){0,2}", value.strip()):
        return NgayThang.parse(value)
    return value


FILTERS: dict[str, Callable[..., str]] = {
    "format_count": _none_blank(format_count),
    "format_date": _none_blank(format_date),
    "format_money": _none_blank(format_money),
    "format_number": _none_blank(format_number),
    "format_short_date": _none_blank(format_short_date),
    "money_in_words": _none_blank(money_in_words),
    "number_to_words": _none_blank(number_to_words),
}
"""The Vietnamese filters of every template; ``None`` (not reported) prints nothing."""


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&~])")


def escape_markdown(text: str) -> str:
    r"""Text that Markdown shows as written: markup characters are backslash-escaped.

    Line breaks become spaces so that a value never breaks a table row.

    >>> escape_markdown("<b>A & B</b> | *x*")
    '\\<b\\>A \\& B\\</b\\> \\| \\*x\\*'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


# --------------------------------------------------------------------------- environment


_SECURITY_HINT = "mẫu chỉ được dùng dữ liệu báo cáo, không được truy cập nội bộ Python"


def _sandbox_class() -> type[SandboxedEnvironment]:
    try:
        # The sandbox with resource limits (sizes, widths, output) imports Jinja2 at
        # its top: imported here, only when a template is used.
        from binhdanggioi._sandbox import Sandbox
    except ImportError as err:  # pragma: no cover - Jinja2 is a dependency
        if (err.name or "").partition(".")[0] not in ("jinja2", "markupsafe"):
            raise
        raise MissingDependencyError("Jinja2", feature="mẫu báo cáo (Jinja2)") from err
    return Sandbox


def _finalize(value: Any) -> Any:
    # A field not reported is None: an official document shows a blank, never "None".
    return "" if value is None else value


_finalize.bdg_keeps_text = True  # type: ignore[attr-defined]  # text printed as it is


def jinja_environment(
    *, max_iterations: int | None = None, max_seconds: float | None = None
) -> SandboxedEnvironment:
    """The sandboxed environment every template renders in, with the Vietnamese filters.

    Undefined names are errors naming the variable (and, through
    :func:`render_template`, the template); ``None`` prints as nothing; output is
    escaped for XML/HTML except in templates named ``*.md``/``*.md.j2``/``*.txt``.
    A template cannot reach Python internals, files or the shell.

    One rendering runs at most ``max_iterations`` loop iterations and spends at most
    ``max_seconds`` in loops; ``None`` takes the environment variables
    ``BINHDANGGIOI_MAX_ITERATIONS`` / ``BINHDANGGIOI_MAX_SECONDS``, else
    :data:`binhdanggioi._sandbox.MAX_ITERATIONS` (1 000 000) /
    :data:`~binhdanggioi._sandbox.MAX_SECONDS` (60), read when each rendering starts
    (see ``docs/security.md``).

    >>> from datetime import date
    >>> env = jinja_environment()
    >>> env.from_string("{{ n|format_number }}, {{ d|format_date }}").render(
    ...     n=10450, d=date(2023, 12, 5))
    '10.450, ngày 05 tháng 12 năm 2023'
    >>> env.from_string("{{ '<b>' }}").render()
    '&lt;b&gt;'
    """
    sandbox = _sandbox_class()
    import jinja2

    from binhdanggioi._sandbox import guard_filters

    env = sandbox(
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "html.j2", "htm.j2", "xml.j2"),
            disabled_extensions=("md", "md.j2", "markdown", "txt", "txt.j2"),
            default_for_string=True,
            default=True,
        ),
        undefined=undefined_class(),
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    for limit, value in (("max_iterations", max_iterations), ("max_seconds", max_seconds)):
        if value is not None and not value > 0:
            raise ValueError(f"{limit} phải là một số dương, không phải {value!r}")
    env.max_iterations = max_iterations  # type: ignore[attr-defined]
    env.max_seconds = max_seconds  # type: ignore[attr-defined]
    env.filters.update(FILTERS)
    env.filters["escape_markdown"] = escape_markdown
    # Filters are called directly, not through the sandbox's call(): wrap them.
    guard_filters(env.filters)
    return env


# --------------------------------------------------------------------------- compile and render


def compile_template(
    env: SandboxedEnvironment,
    source: str,
    name: str,
    *,
    describe: Describe | None = None,
) -> jinja2.Template:
    """Compile ``source`` as template ``name``; syntax errors become :class:`TemplateError`.

    ``describe(lineno)`` may say where a line is for people (a Word paragraph's text).
    """
    import jinja2

    try:
        code = env.compile(source, name=name, filename=name)
    except jinja2.TemplateSyntaxError as err:
        where = _where(name, err.lineno, describe)
        raise TemplateError(
            f"{where}: lỗi cú pháp Jinja: {syntax_message(err.message or '')}", template=name
        ) from None
    except (RecursionError, MemoryError):
        raise TemplateSecurityError(
            f"mẫu '{name}': bị chặn vì mẫu đòi tài nguyên quá lớn: biểu thức lồng nhau quá sâu",
            template=name,
        ) from None
    template: jinja2.Template = env.template_class.from_code(
        env, code, env.make_globals(None), None
    )
    return template


def _place(lineno: int | None, describe: Describe | None) -> str:
    if not lineno:
        return ""
    return describe(lineno) if describe else f"dòng {lineno}"


def _where(name: str, lineno: int | None, describe: Describe | None) -> str:
    place = _place(lineno, describe)
    return f"mẫu '{name}', {place}" if place else f"mẫu '{name}'"


def _template_lineno(err: BaseException, name: str) -> int | None:
    """The template line an error was raised at, from Jinja's rewritten traceback."""
    lineno = getattr(err, "lineno", None)
    tb = err.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == name:
            lineno = tb.tb_lineno
        tb = tb.tb_next
    return lineno


def render_template(
    template: jinja2.Template,
    context: Mapping[str, Any],
    *,
    describe: Describe | None = None,
) -> str:
    """Render a compiled template, turning Jinja's errors into binhdanggioi errors.

    A sandbox violation raises :class:`TemplateSecurityError`; an undefined name or
    any other failure raises :class:`TemplateError` naming the template and place.
    """
    from binhdanggioi._sandbox import LoopLimitError, render_limited

    name = template.name or "<mẫu>"
    try:
        return render_limited(template, context)
    except LoopLimitError as err:
        place = _place(_template_lineno(err, name), describe)
        raise TemplateSecurityError(
            f"mẫu '{name}': {err.limit}{f' ({place})' if place else ''}; {err.reason}; "
            "nếu mẫu thật sự cần, đổi giới hạn bằng biến môi trường "
            "BINHDANGGIOI_MAX_ITERATIONS hoặc BINHDANGGIOI_MAX_SECONDS",
            template=name,
        ) from None
    except Exception as err:  # every failure of the template's own code is translated
        where = _where(name, _template_lineno(err, name), describe)
        raise _translate(err, where, name) from None


def _translate(err: Exception, where: str, name: str) -> TemplateError:
    """The binhdanggioi error for ``err``, raised while template ``name`` ran."""
    import jinja2
    from jinja2.exceptions import SecurityError

    from binhdanggioi._sandbox import LoadRefusedError, ResourceLimitError

    too_big = f"{where}: bị chặn vì mẫu đòi tài nguyên quá lớn"
    if isinstance(err, LoadRefusedError):
        return TemplateSecurityError(
            f"{where}: bị chặn vì lý do an toàn: {err} ({{% include %}}, {{% import %}}, "
            "{% extends %} không dùng được; hãy chép nội dung cần dùng vào chính mẫu này)",
            template=name,
        )
    if isinstance(err, ResourceLimitError):
        return TemplateSecurityError(f"{too_big}: {err}", template=name)
    if isinstance(err, SecurityError):
        return TemplateSecurityError(
            f"{where}: bị chặn vì lý do an toàn ({err}); {_SECURITY_HINT}", template=name
        )
    if isinstance(err, jinja2.UndefinedError):
        return TemplateError(f"{where}: {err}", template=name)
    if isinstance(err, jinja2.TemplateError):
        message = getattr(err, "message", None) or str(err)
        return TemplateError(f"{where}: lỗi khi điền dữ liệu vào mẫu ({message})", template=name)
    if isinstance(err, RecursionError):
        return TemplateSecurityError(
            f"{too_big}: lời gọi lồng nhau quá sâu (có macro tự gọi lại chính nó?)",
            template=name,
        )
    if isinstance(err, MemoryError | OverflowError):
        detail = "hết bộ nhớ" if isinstance(err, MemoryError) else f"số quá lớn: {err}"
        return TemplateSecurityError(f"{too_big} ({detail})", template=name)
    return TemplateError(f"{where}: {runtime_message(err)}", template=name)
