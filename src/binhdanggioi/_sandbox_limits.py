"""The sandbox's size limits and their checks: the largest argument, text, sequence
and number a template may ask for; widths in format strings; string methods and
filters guarded; the errors raised when a limit is passed.

Part of :mod:`binhdanggioi._sandbox` (which re-exports the public names; its
docstring describes every limit).
"""

from __future__ import annotations

import functools
import re
from collections import deque
from collections.abc import Callable, Iterator, Mapping, MappingView, Sequence, Set
from string import Formatter
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import Namespace, _PassArg

MAX_ARGUMENT = 100_000
"""Largest integer a template may pass to a call or filter, or write as a format width."""

MAX_TEXT = 50_000_000
"""Largest text, in characters, a template may build or produce (about 50 MB)."""

MAX_SEQUENCE = 10_000_000
"""Largest string or list a template may make with ``*``."""

MAX_BITS = 1_000_000
"""Largest integer, in bits, a template may compute with ``*`` or ``**``."""


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
    if isinstance(value, range):
        return 40
    if isinstance(value, Namespace | Mapping | Sequence | Set | MappingView | deque):
        return None
    fixed: int | None = getattr(type(value), "_bdg_printed_size", None)  # a counted range
    if fixed is not None:
        return fixed
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
