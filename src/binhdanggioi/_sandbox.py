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
"""

from __future__ import annotations

import copy
import functools
import os
import re
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, MappingView, Sequence, Set
from string import Formatter
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, LoopContext, Macro, Undefined
from jinja2.sandbox import (
    MAX_RANGE,
    ImmutableSandboxedEnvironment,
    SandboxedEscapeFormatter,
    SandboxedFormatter,
    safe_range,
)
from jinja2.utils import Namespace, _PassArg, pass_context
from markupsafe import Markup

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

MAX_ARGUMENT = 100_000
"""Largest integer a template may pass to a call or filter, or write as a format width."""

MAX_TEXT = 50_000_000
"""Largest text, in characters, a template may build or produce (about 50 MB)."""

MAX_SEQUENCE = 10_000_000
"""Largest string or list a template may make with ``*``."""

MAX_BITS = 1_000_000
"""Largest integer, in bits, a template may compute with ``*`` or ``**``."""


MAX_ITERATIONS = 1_000_000
"""Loop iterations one rendering may run, all loops together (read at each rendering)."""

MAX_SECONDS = 60.0
"""Seconds one rendering may spend in its loops (read at each rendering)."""

ITERATIONS_VARIABLE = "BINHDANGGIOI_MAX_ITERATIONS"
"""Environment variable that replaces :data:`MAX_ITERATIONS` for the process."""

SECONDS_VARIABLE = "BINHDANGGIOI_MAX_SECONDS"
"""Environment variable that replaces :data:`MAX_SECONDS` for the process."""


class ResourceLimitError(SecurityError):
    """A template asked for more memory than the sandbox allows."""


class LoopLimitError(ResourceLimitError):
    """A rendering ran more loop iterations, or longer, than its budget allows.

    ``limit`` says which limit (``vượt quá giới hạn 1.000.000 lượt lặp``), ``reason``
    what it means for the template.
    """

    def __init__(self, limit: str, reason: str) -> None:
        super().__init__(f"{limit}; {reason}")
        self.limit = limit
        self.reason = reason


class LoadRefusedError(SecurityError):
    """A template tried to include, import or extend another template or a file."""


def _refuse(message: str) -> ResourceLimitError:
    return ResourceLimitError(message)


# --------------------------------------------------------------------------- sizes


def _digits(value: int) -> int:
    return value.bit_length() * 3 // 10 + 2


def _scalar_size(value: Any) -> int | None:
    """The printed size of a value that holds no other values, else ``None``."""
    if isinstance(value, str | bytes | bytearray):
        return len(value)
    if value is None or isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return _digits(value)
    if isinstance(value, range | _Counted):
        return 40
    if isinstance(value, Namespace | Mapping | Sequence | Set | MappingView | deque):
        return None
    return 100  # dates, loop objects, macros, undefined values: a short text each


def text_size(value: Any, limit: int = MAX_TEXT) -> int:
    """About how many characters ``str(value)`` has; stops counting once past ``limit``.

    A list holding the same list twice is counted twice, as printing it would, but
    each distinct list is walked once, so the count itself stays cheap.

    >>> text_size("abc"), text_size([["ab"] * 3] * 2) > 20
    (3, True)
    """
    scalar = _scalar_size(value)
    if scalar is not None:
        return scalar
    return _Sizer(limit).size(value)


class _Sizer:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.known: dict[int, int] = {}
        self.active: set[int] = set()

    def size(self, value: Any) -> int:
        scalar = _scalar_size(value)
        if scalar is not None:
            return scalar
        key = id(value)
        if key in self.known:
            return self.known[key]
        if key in self.active:  # a namespace holding itself prints as "..."
            return 5
        self.active.add(key)
        total = 2
        if isinstance(value, Namespace):
            value = value._Namespace__attrs
        pairs: Iterator[Any] = (
            iter(value.items()) if isinstance(value, Mapping) else ((v,) for v in value)
        )
        for pair in pairs:
            for item in pair:
                total += self.size(item) + 2
            if total > self.limit:
                break
        self.active.discard(key)
        self.known[key] = total
        return total


def _dotted(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _check_text_size(size: int, what: str) -> None:
    if size > MAX_TEXT:
        raise _refuse(
            f"{what} quá lớn (khoảng {_dotted(size)} ký tự; giới hạn {_dotted(MAX_TEXT)})"
        )


def _check_int(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ARGUMENT:
        shown = str(value) if value.bit_length() < 200 else f"số có {_digits(value)} chữ số"
        raise _refuse(f"{what} nhận số quá lớn ({shown}); giới hạn {_dotted(MAX_ARGUMENT)}")


def _check_argument_sizes(args: Sequence[Any], kwargs: Mapping[str, Any], what: str) -> None:
    for value in (*args, *kwargs.values()):
        _check_int(value, what)


def _name(obj: Any) -> str:
    name = getattr(obj, "__name__", None) or type(obj).__name__
    return f"'{name}'"


# --------------------------------------------------------------------------- formats


_DIGIT_RUN = re.compile(r"\d+")
_PERCENT = re.compile(r"%%|%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+)?)?")


def _too_big(digits: str) -> bool:
    digits = digits.lstrip("0")
    return len(digits) > len(str(MAX_ARGUMENT)) or (bool(digits) and int(digits) > MAX_ARGUMENT)


def _spec_width(spec: str, what: str) -> int:
    """The largest number in a format spec (its width or precision), refused when too big."""
    largest = 0
    for run in _DIGIT_RUN.findall(spec):
        if _too_big(run):
            raise _refuse(
                f"{what}: độ rộng hoặc độ chính xác quá lớn ({run[:20]}"
                f"{'…' if len(run) > 20 else ''}); giới hạn {_dotted(MAX_ARGUMENT)}"
            )
        largest = max(largest, int(run))
    return largest


def check_percent(template: str, values: Any, what: str = "định dạng %") -> None:
    """Refuse a ``%`` format whose widths are too big or whose result would be."""
    widths = 0
    star = False
    for match in _PERCENT.finditer(template):
        for part in match.group(1, 2):
            if part == "*":
                star = True
            elif part:
                widths += _spec_width(part, what)
    items = values if isinstance(values, tuple) else (values,)
    if star:
        _check_argument_sizes(items, {}, what)
        widths += sum(abs(v) for v in items if isinstance(v, int) and not isinstance(v, bool))
    _check_text_size(len(template) + widths + text_size(values), f"kết quả {what}")


class _CountingFormatter(Formatter):
    """Refuses format specs with huge widths and results past :data:`MAX_TEXT`."""

    _size = 0

    def vformat(self, format_string: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> str:
        self._size = len(format_string)
        return super().vformat(format_string, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> Any:
        width = _spec_width(format_spec, "định dạng format()")
        self._size += text_size(value) + width
        _check_text_size(self._size, "kết quả của format()")
        return super().format_field(value, format_spec)


class _Formatter(_CountingFormatter, SandboxedFormatter):
    pass


class _EscapeFormatter(_CountingFormatter, SandboxedEscapeFormatter):
    pass


# --------------------------------------------------------------------------- methods


def _string_method(owner: str | bytes, name: str, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Refuse a string method call whose result would be too big; returns the args to use."""
    size: int | None = None
    if name == "join" and len(args) == 1:
        items = args[0] if isinstance(args[0], list | tuple) else list(args[0])
        args = (items,)
        size = sum(text_size(i) for i in items) + len(owner) * len(items)
    elif name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        if isinstance(old, str | bytes) and isinstance(new, str | bytes):
            hits = len(owner) + 1 if not old else owner.count(old)  # type: ignore[arg-type]
            if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
                hits = min(hits, args[2])
            size = len(owner) + hits * max(len(new) - len(old), 0)
    elif name == "expandtabs":
        tab = args[0] if args and isinstance(args[0], int) else 8
        size = len(owner) + owner.count("\t" if isinstance(owner, str) else b"\t") * tab  # type: ignore[arg-type]
    elif name == "translate" and args and isinstance(args[0], Mapping):
        longest = max((text_size(v) for v in args[0].values()), default=1)
        size = len(owner) * max(longest, 1)
    if size is not None:
        _check_text_size(size, f"kết quả của {name}()")
    return args


# --------------------------------------------------------------------------- filters

# Filters whose extra arguments are values, not sizes (checked otherwise or harmless).
_VALUE_ARGUMENTS = frozenset(
    {"format", "default", "d", "int", "float", "map", "sum", "replace"}
    | {"select", "reject", "selectattr", "rejectattr"}
)
# Filters that turn their value into text: a huge list is refused before.
_STRINGIFY = frozenset(
    {"capitalize", "center", "e", "escape", "forceescape", "format", "indent", "lower"}
    | {"pprint", "replace", "safe", "string", "striptags", "title", "tojson", "trim"}
    | {"truncate", "upper", "urlencode", "urlize", "wordcount", "wordwrap", "xmlattr"}
)


def _filter_sizes(name: str, value: Any, extra: list[Any], kwargs: dict[str, Any]) -> Any:
    """Refuse a filter whose result would be too big; returns the value to use."""
    what = f"bộ lọc '{name}'"

    def arg(position: int, key: str, default: Any) -> Any:
        if key in kwargs:
            return kwargs[key]
        return extra[position] if len(extra) > position else default

    if name in _STRINGIFY and not isinstance(value, str):
        _check_text_size(text_size(value), f"giá trị đưa vào {what}")
    text = value if isinstance(value, str) else None
    if name == "format" and text is not None:
        check_percent(text, kwargs or tuple(extra), what)
    elif name == "indent" and text is not None:
        width = arg(0, "width", 4)
        step = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        _check_text_size(len(text) + (text.count("\n") + 1) * max(step, 0), f"kết quả của {what}")
    elif name == "wordwrap" and text is not None:
        width = arg(0, "width", 79)
        wrap = arg(2, "wrapstring", None)
        lines = len(text) // max(width if isinstance(width, int) else 1, 1) + text.count("\n") + 1
        _check_text_size(len(text) + lines * len(wrap or "\n"), f"kết quả của {what}")
    elif name == "replace" and text is not None:
        _check_argument_sizes(extra[2:], {k: v for k, v in kwargs.items() if k == "count"}, what)
        old, new = arg(0, "old", ""), arg(1, "new", "")
        if isinstance(old, str) and isinstance(new, str):
            _string_method(text, "replace", (old, new))
    elif name == "join":
        value = value if isinstance(value, list | tuple) else list(value)
        sep = arg(0, "d", "")
        size = text_size(value) + len(value) * text_size(sep)
        _check_text_size(size, f"kết quả của {what}")
    elif name == "sum":
        start = arg(1, "start", 0)
        if not isinstance(start, int | float):
            raise _refuse(f"{what} chỉ cộng số (start phải là một số)")
    return value


def _guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    lead = 1 if _PassArg.from_obj(func) is not None else 0

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if len(args) > lead:
            extra = list(args[lead + 1 :])
            if name not in _VALUE_ARGUMENTS:
                _check_argument_sizes(extra, kwargs, f"bộ lọc '{name}'")
            value = _filter_sizes(name, args[lead], extra, kwargs)
            if value is not args[lead]:
                args = (*args[:lead], value, *args[lead + 1 :])
        return func(*args, **kwargs)

    return guarded


def guard_filters(filters: dict[str, Callable[..., Any]]) -> None:
    """Wrap every filter in ``filters`` (in place) with the size checks."""
    for name, func in list(filters.items()):
        if not getattr(func, "_bdg_guarded", False):
            guarded = _guard_filter(name, func)
            guarded._bdg_guarded = True  # type: ignore[attr-defined]
            filters[name] = guarded


# --------------------------------------------------------------------------- loop budget


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


class _Budget:
    """What one rendering may still spend in loops: iterations and time."""

    __slots__ = ("count", "deadline", "limit", "seconds")

    def __init__(self, limit: int, seconds: float) -> None:
        self.count = 0
        self.limit = limit
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    @classmethod
    def of(cls, environment: Any) -> _Budget:
        """The budget of a new rendering in ``environment`` (its limits, else the defaults)."""
        seconds = getattr(environment, "max_seconds", None)
        if seconds is None:
            seconds = _configured(SECONDS_VARIABLE, MAX_SECONDS)
        return cls(iteration_limit(environment), seconds)

    def step(self) -> None:
        """Count one iteration; refused past the limit or the deadline."""
        self.count += 1
        if self.count > self.limit:
            raise LoopLimitError(
                f"vượt quá giới hạn {_dotted(self.limit)} lượt lặp",
                "các vòng lặp của mẫu chạy quá nhiều lần (vòng lặp lồng nhau?)",
            )
        if time.monotonic() > self.deadline:
            raise LoopLimitError(
                f"vượt quá giới hạn {self.seconds:g} giây cho các vòng lặp",
                "các vòng lặp của mẫu chạy quá lâu",
            )


def _budget_of(context: Context) -> _Budget:
    """The budget of the rendering ``context`` belongs to.

    It lives on the context's ``eval_ctx``, which Jinja shares between a context and
    the contexts derived from it (blocks, ``{% with %}``), and which every rendering
    makes anew; :class:`_Template` puts it there when the rendering starts.
    """
    holder = context.eval_ctx
    budget: _Budget | None = getattr(holder, "bdg_budget", None)
    if budget is None:
        budget = _Budget.of(context.environment)
        holder.bdg_budget = budget  # type: ignore[attr-defined]
    return budget


class _Counted:
    """An iterable whose every item drawn counts against a rendering's budget.

    It wraps what a ``{% for %}`` walks and what ``range()`` returns (so that
    ``range(100000)|sum`` inside a loop counts too). It keeps the length, membership,
    indexing and printed form of what it wraps; its attributes are private, so a
    template cannot reach past it.
    """

    __slots__ = ("_budget", "_items")

    def __init__(self, items: Any, budget: _Budget) -> None:
        self._items = items
        self._budget = budget

    def __iter__(self) -> Iterator[Any]:
        step = self._budget.step
        for item in self._items:
            step()
            yield item

    def __reversed__(self) -> Iterator[Any]:
        step = self._budget.step
        for item in reversed(self._items):
            step()
            yield item

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __contains__(self, item: Any) -> bool:
        return item in self._items

    def __getitem__(self, key: Any) -> Any:
        got = self._items[key]
        return _Counted(got, self._budget) if isinstance(key, slice) else got

    def __eq__(self, other: object) -> bool:
        return bool(self._items == (other._items if isinstance(other, _Counted) else other))

    def __hash__(self) -> int:
        return hash(self._items)

    def __getattr__(self, name: str) -> Any:
        # range's start, stop, step, count(), index(); nothing private.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._items, name)

    def __repr__(self) -> str:
        return repr(self._items)


@pass_context
def _range(context: Context, *args: int) -> _Counted:
    """Jinja's sandboxed ``range()``, its numbers counted when walked."""
    try:
        numbers = safe_range(*args)
    except OverflowError:
        raise _refuse(
            f"range() quá lớn: mẫu chỉ được tạo dãy tối đa {_dotted(MAX_RANGE)} số"
        ) from None
    return _Counted(numbers, _budget_of(context))


_range.__name__ = "range"


@pass_context
def _loop_items(context: Context, iterable: Any) -> Any:
    """What a ``{% for %}`` walks, each item counted against the rendering's budget."""
    if isinstance(iterable, _Counted | Undefined):
        return iterable  # counted already, or an error of its own when walked
    return _Counted(iterable, _budget_of(context))


class _Template(jinja2.Template):
    """A template whose every rendering starts with a fresh loop budget."""

    def new_context(
        self,
        vars: dict[str, Any] | None = None,
        shared: bool = False,
        locals: Mapping[str, Any] | None = None,
    ) -> Context:
        context = super().new_context(vars, shared, locals)
        context.eval_ctx.bdg_budget = _Budget.of(self.environment)  # type: ignore[attr-defined]
        return context


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

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        super()._output_child_pre(node, frame, finalize)
        self.write("environment.bdg_printable(")

    def _output_child_post(self, node: Any, frame: Any, finalize: Any) -> None:
        self.write(")")
        super()._output_child_post(node, frame, finalize)

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

    # -- calls

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call ``obj`` from a template: sizes passed to it are checked first."""
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

    # -- hooks used by the generated code

    @staticmethod
    def bdg_printable(value: Any) -> Any:
        """A value about to be printed, refused when its text would be too big."""
        if not isinstance(value, str):
            _check_text_size(text_size(value), "giá trị in ra")
        return value

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
