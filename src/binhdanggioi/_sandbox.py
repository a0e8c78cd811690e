"""Resource limits of the template sandbox (see :func:`binhdanggioi.templating.jinja_environment`).

Jinja's ``SandboxedEnvironment`` keeps a template away from Python internals but
lets it ask for as much memory as it likes: ``'a'.ljust(10**10)``,
``'{:>9999999999}'.format(1)``, ``x|indent(10**10)``, a list printed a billion
times over. The sandbox here refuses such requests *before* they run:

* an integer passed to a call or a filter (a width, a count) is at most
  :data:`MAX_ARGUMENT`, and so is every width and precision in a format string
  (``str.format``, ``format_map``, ``%`` and ``|format``);
* text a template builds (``~``, ``+``, ``*``, ``join``, ``replace``, ``indent``,
  ``wordwrap``, formatting, the output of a macro or block, a list printed) is at
  most :data:`MAX_TEXT` characters, and so is the whole output;
* a template cannot load another template or a file (``include``, ``import``,
  ``from … import``, ``extends``);
* one rendering runs at most :data:`MAX_ITERATIONS` loop iterations, all loops
  together (``{% for %}``, a recursive ``loop(…)``, and every number a ``range()``
  gives to a filter such as ``|sum`` or ``|list``), and spends at most
  :data:`MAX_SECONDS` in its loops. Iterations are counted, so the limit is the same
  on every machine; the clock is the backstop for loops whose each turn is costly.
  Both can be changed per environment (``jinja_environment(max_iterations=…,
  max_seconds=…)``) or for the process with the environment variables
  ``BINHDANGGIOI_MAX_ITERATIONS`` and ``BINHDANGGIOI_MAX_SECONDS``.

Running out of memory or recursion anyway is reported by
:func:`binhdanggioi.templating.render_template` as a security error too.

This module overrides private parts of Jinja2, hence the pin ``Jinja2>=3.1.6,<3.2``
in ``pyproject.toml``: the code generator's ``buffer``, ``_output_child_pre``,
``_output_child_post`` and ``visit_Concat`` (with ``optimizeconst`` and the runtime's
``markup_join``/``str_join``); the sandbox's ``intercepted_binops``, ``call_binop``,
``call`` and ``wrap_str_format`` (new in 3.1.5) with ``SandboxedFormatter``;
``utils._PassArg`` and ``Namespace``'s mangled ``__attrs``; ``visit_For`` (whose
iterable is wrapped to count iterations), ``Template.new_context``, ``Context.eval_ctx``
(shared by derived contexts: where a rendering's budget lives) and ``safe_range``.
``tests/test_jinja_internals.py`` fails when one of them changes shape.

The size checks live in ``_sandbox_limits`` and the loop budget in ``_loop_budget``;
this module puts them together in :class:`Sandbox` and re-exports the public names.
"""

from __future__ import annotations

import contextvars
import copy
import functools
import os
import re
from collections.abc import Callable, Mapping
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedFormatter
from markupsafe import Markup, escape

from binhdanggioi._loop_budget import _loop_items, _range, _Template
from binhdanggioi._sandbox_limits import (
    MAX_ARGUMENT,
    MAX_BITS,
    MAX_SEQUENCE,
    MAX_TEXT,
    LoadRefusedError,
    LoopLimitError,
    ResourceLimitError,
    _check_argument_sizes,
    _check_text_size,
    _dotted,
    _EscapeFormatter,
    _Formatter,
    _name,
    _refuse,
    _string_method,
    check_percent,
    guard_filters,
    text_size,
)
from binhdanggioi.errors import TemplateError

__all__ = [
    "ITERATIONS_VARIABLE",
    "MAX_ARGUMENT",
    "MAX_BITS",
    "MAX_ITERATIONS",
    "MAX_SECONDS",
    "MAX_SEQUENCE",
    "MAX_TEXT",
    "SECONDS_VARIABLE",
    "LoadRefusedError",
    "LoopLimitError",
    "ResourceLimitError",
    "Sandbox",
    "guard_filters",
    "iteration_limit",
    "render_limited",
    "text_size",
]


MAX_ITERATIONS = 1_000_000
"""Loop iterations one rendering may run, all loops together (read at each rendering)."""

MAX_SECONDS = 60.0
"""Seconds one rendering may spend in its loops (read at each rendering)."""

ITERATIONS_VARIABLE = "BINHDANGGIOI_MAX_ITERATIONS"
"""Environment variable that replaces :data:`MAX_ITERATIONS` for the process."""

SECONDS_VARIABLE = "BINHDANGGIOI_MAX_SECONDS"
"""Environment variable that replaces :data:`MAX_SECONDS` for the process."""


# --------------------------------------------------------------------------- loop limits


def _configured(variable: str, default: float) -> float:
    """The positive number in the environment variable ``variable``, else ``default``."""
    raw = os.environ.get(variable, "").strip()
    if not raw:
        return default
    try:
        value = float(raw.replace("_", ""))
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise TemplateError(f"biến môi trường {variable} phải là một số dương, không phải '{raw}'")
    return value


def iteration_limit(environment: Any = None) -> int:
    """The loop iterations one rendering in ``environment`` may run.

    Its ``max_iterations`` when set, else ``BINHDANGGIOI_MAX_ITERATIONS``, else
    :data:`MAX_ITERATIONS`.
    """
    limit = getattr(environment, "max_iterations", None)
    if limit is None:
        return int(_configured(ITERATIONS_VARIABLE, MAX_ITERATIONS))
    return int(limit)


# --------------------------------------------------------------------------- compiler


class _Buffer(list[Any]):
    """The output of a macro, a ``{% set %}`` block or a ``{% filter %}`` block, counted."""

    __slots__ = ("size",)

    def __init__(self) -> None:
        super().__init__()
        self.size = 0

    def _grow(self, size: int) -> None:
        self.size += size
        _check_text_size(self.size, "đoạn văn bản mẫu tạo ra (macro, {% set %}, {% filter %})")

    def append(self, item: Any) -> None:
        self._grow(text_size(item))
        super().append(item)

    def extend(self, items: Any) -> None:
        items = tuple(items)
        self._grow(sum(text_size(i) for i in items))
        super().extend(items)


class _Generator(CodeGenerator):
    """Jinja's code generator, with the sizes of printed and joined values checked
    and every loop iteration counted.
    """

    def visit_For(self, node: nodes.For, frame: Any) -> None:
        # Jinja forbids new node types: the iterable becomes a call of the sandbox's
        # bdg_loop (a pass_context function), on a copy, so the parsed tree stays as is.
        counted = copy.copy(node)
        counted.iter = nodes.Call(
            nodes.EnvironmentAttribute("bdg_loop"),
            [node.iter],
            [],
            None,
            None,
            lineno=node.iter.lineno,
            environment=node.environment,
        )
        super().visit_For(counted, frame)

    def buffer(self, frame: Any) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.bdg_buffer()")

    @staticmethod
    def _in_one_call(frame: Any, finalize: Any) -> bool:
        """Whether a printed value can go through one call of the sandbox (``bdg_escaped``
        or ``bdg_text``) instead of Jinja's three: not when ``{% autoescape %}`` is
        decided at run time, nor with a finalize that takes the context."""
        return not frame.eval_ctx.volatile and finalize.src in (None, "environment.finalize(")

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if self._in_one_call(frame, finalize):
            escaped = frame.eval_ctx.autoescape
            self.write("environment.bdg_escaped(" if escaped else "environment.bdg_text(")
            return
        super()._output_child_pre(node, frame, finalize)
        self.write("environment.bdg_printable(")

    def _output_child_post(self, node: Any, frame: Any, finalize: Any) -> None:
        self.write(")")
        if not self._in_one_call(frame, finalize):
            super()._output_child_post(node, frame, finalize)

    def _output_const_repr(self, group: Any) -> str:
        text = "".join(group)  # as Jinja joins them
        rewrite = getattr(self.environment, "bdg_constant_text", None)
        return repr(rewrite(text) if rewrite is not None else text)

    @optimizeconst
    def visit_Concat(self, node: Any, frame: Any) -> None:
        if frame.eval_ctx.volatile:
            func_name = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func_name = "markup_join"
        else:
            func_name = "str_join"
        self.write(f"{func_name}(environment.bdg_joinable((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write(")))")


# --------------------------------------------------------------------------- sandbox


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    """Jinja's ``lipsum()``, limited to a sane amount of placeholder text."""
    from jinja2.utils import generate_lorem_ipsum

    _check_argument_sizes((n, min, max), {}, "lipsum()")
    if isinstance(n, int) and isinstance(max, int):
        _check_text_size(n * max * 12, "kết quả của lipsum()")
    return str(generate_lorem_ipsum(n, html, min, max))


# Callables whose arguments are values, never sizes: macros, classes (dict,
# namespace, cycler, joiner) and the methods of mappings and loops (get, cycle).
_VALUE_CALLABLES: tuple[type, ...] = (Macro, type)
_VALUE_OWNERS: tuple[type, ...] = (Mapping, LoopContext)


def _keeps_text(finalize: Any) -> bool:
    """Whether ``finalize`` gives text back as it is: none, or the library's own (which
    prints ``None`` as nothing), marked ``bdg_keeps_text``. Markdown's escapes text."""
    return finalize is None or getattr(finalize, "bdg_keeps_text", False) is True


# The characters markupsafe's escape() replaces.
_SPECIAL = re.compile("[&<>'\"]")

# What ``getattr`` finds on a plain dict: its type's names (an instance has no others).
_DICT_ATTRIBUTES = frozenset(dir(dict))


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with the resource limits of this module."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _Generator
    template_class = _Template

    max_iterations: int | None = None
    """Loop iterations per rendering; ``None``: ``BINHDANGGIOI_MAX_ITERATIONS``, else
    :data:`MAX_ITERATIONS`, read when each rendering starts."""

    max_seconds: float | None = None
    """Seconds in loops per rendering; ``None``: ``BINHDANGGIOI_MAX_SECONDS``, else
    :data:`MAX_SECONDS`."""

    bdg_constant_text: Callable[[str], str] | None = None
    """Applied, when compiling, to the template's own text (the constant pieces of the
    output): a renderer that put line breaks into its source only for Jinja's line
    numbers takes them out here, once, instead of from every rendering."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["lipsum"] = _lipsum
        self.globals["range"] = _range

    # -- operators

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        ints = isinstance(left, int) and isinstance(right, int)
        if operator == "**" and ints:
            if abs(right) > 1000 or left.bit_length() * abs(right) > MAX_BITS:
                raise _refuse(f"lũy thừa quá lớn trong mẫu (** {right})")
        elif operator == "*":
            if ints and left.bit_length() + right.bit_length() > MAX_BITS:
                raise _refuse("phép nhân số quá lớn trong mẫu")
            for seq, times in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(times, int)
                if sized and len(seq) * times > MAX_SEQUENCE:
                    raise _refuse("phép nhân chuỗi quá lớn trong mẫu")
        elif operator == "+":
            both = isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple)
            if both:
                _check_text_size(len(left) + len(right), "phép cộng chuỗi")
        elif operator == "%" and isinstance(left, str):
            check_percent(left, right)
        return super().call_binop(context, operator, left, right)

    # -- attributes

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute`` from a template; the context is made of plain dicts.

        Jinja tries the attribute first, then the item. A plain dict has no attribute
        but its type's, so for any other name the item is taken at once, without the
        ``AttributeError`` Jinja would raise and catch first: same result, a rendering
        does this for every field it prints.
        """
        if type(obj) is dict and type(attribute) is str and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    # -- calls

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call ``obj`` from a template: sizes passed to it are checked first."""
        if obj is _loop_items and len(args) == 1:
            # The counter the compiler puts around every {% for %}: ours, and safe.
            return _loop_items(context, args[0])
        owner = getattr(obj, "__self__", None)
        values = (
            isinstance(obj, _VALUE_CALLABLES)
            or isinstance(owner, _VALUE_OWNERS)
            or getattr(obj, "_bdg_values", False)
        )
        if not values:
            _check_argument_sizes(args, kwargs, _name(obj))
            if isinstance(owner, str | bytes):
                args = _string_method(owner, getattr(obj, "__name__", ""), args)
        if isinstance(obj, LoopContext) and args:
            # loop(children) in a recursive loop walks children: counted like any loop.
            args = (_loop_items(context, args[0]), *args[1:])
        return super().call(context, obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` and ``format_map`` with widths and result size checked."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        owner: str = value.__self__
        str_type: type[str] = type(owner)
        is_map = value.__name__ == "format_map"
        formatter: SandboxedFormatter
        if isinstance(owner, Markup):
            formatter = _EscapeFormatter(self, escape=owner.escape)
        else:
            formatter = _Formatter(self)

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() cần đúng một đối số là một bảng (dict)")
                kwargs, args = args[0], ()
            return str_type(formatter.vformat(owner, args, kwargs))

        result = functools.update_wrapper(wrapper, value)
        result._bdg_values = True  # type: ignore[attr-defined]
        return result

    # -- loading other templates

    def _refuse_load(self, name: Any) -> Any:
        if isinstance(name, jinja2.Template):
            name = name.name
        shown = name if isinstance(name, str) else ", ".join(map(str, name or ()))
        raise LoadRefusedError(f"mẫu không được chèn/nạp mẫu khác hay tệp: '{shown}'")

    def get_template(self, name: Any, parent: Any = None, globals: Any = None) -> Any:
        """Refused: a template cannot include, import or extend another."""
        return self._refuse_load(name)

    def select_template(self, names: Any, parent: Any = None, globals: Any = None) -> Any:
        """Refused: a template cannot include, import or extend another."""
        return self._refuse_load(names)

    def get_or_select_template(
        self,
        template_name_or_list: Any,
        parent: Any = None,
        globals: Any = None,
    ) -> Any:
        """Refused: a template cannot include, import or extend another."""
        return self._refuse_load(template_name_or_list)

    # -- hooks used by the generated code and the loop budget

    def bdg_loop_limits(self) -> tuple[int, float]:
        """Loop iterations and seconds a new rendering may spend: this sandbox's
        ``max_iterations`` and ``max_seconds``, else the environment variables, else
        :data:`MAX_ITERATIONS` and :data:`MAX_SECONDS` (read now, at each rendering)."""
        seconds = self.max_seconds
        if seconds is None:
            seconds = _configured(SECONDS_VARIABLE, MAX_SECONDS)
        return iteration_limit(self), seconds

    @staticmethod
    def bdg_printable(value: Any) -> Any:
        """A value about to be printed, refused when its text would be too big; markup
        (a value that autoescaping will not escape) is noted in :data:`MARKUP_PRINTED`."""
        if type(value) is not str:
            if not isinstance(value, str):
                _check_text_size(text_size(value), "giá trị in ra")
            if hasattr(value, "__html__"):
                MARKUP_PRINTED.set(True)
        return value

    def bdg_escaped(self, value: Any) -> Any:
        """What ``{{ value }}`` prints where output is escaped: :meth:`bdg_printable`, the
        environment's ``finalize`` and ``escape`` in one call. Plain text, nearly every
        value printed, is escaped here as markupsafe escapes it, without a ``Markup``:
        the pieces of the output are only ever joined."""
        if type(value) is str and _keeps_text(self.finalize):
            if _SPECIAL.search(value) is None:
                return value
            return (
                value.replace("&", "&amp;")
                .replace(">", "&gt;")
                .replace("<", "&lt;")
                .replace("'", "&#39;")
                .replace('"', "&#34;")
            )
        value = self.bdg_printable(value)
        return escape(self.finalize(value) if self.finalize else value)

    def bdg_text(self, value: Any) -> str:
        """What ``{{ value }}`` prints where output is not escaped (Markdown, text)."""
        if type(value) is str and _keeps_text(self.finalize):
            return value
        value = self.bdg_printable(value)
        return str(self.finalize(value) if self.finalize else value)

    @staticmethod
    def bdg_joinable(parts: tuple[Any, ...]) -> tuple[Any, ...]:
        """The parts of ``a ~ b ~ c``, refused when the joined text would be too big."""
        _check_text_size(sum(text_size(p) for p in parts), "phép nối chuỗi (~)")
        return parts

    bdg_loop = staticmethod(_loop_items)

    @staticmethod
    def bdg_buffer() -> list[Any]:
        """A new output buffer that counts what goes in."""
        return _Buffer()


MARKUP_PRINTED: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "binhdanggioi_markup_printed", default=False
)
"""Set when a template printed markup, text autoescaping leaves as it is (``|safe``, an
object with ``__html__``): a renderer that trusts the template's shape for
well-formed output checks that output the strict way instead. Reset it before
rendering."""


def render_limited(template: jinja2.Template, context: Mapping[str, Any]) -> str:
    """Render ``template`` piece by piece, refusing an output past :data:`MAX_TEXT`."""
    pieces: list[str] = []
    size = 0
    for piece in template.generate(context):
        size += len(piece)
        if size > MAX_TEXT:
            raise _refuse(
                f"kết quả của mẫu quá lớn (hơn {_dotted(MAX_TEXT)} ký tự, khoảng 50 MB); "
                "kiểm tra các vòng lặp của mẫu"
            )
        pieces.append(piece)
    return "".join(pieces)
