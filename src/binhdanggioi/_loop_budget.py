"""The loop budget of one rendering: every iteration of a ``{% for %}``, a recursive
``loop(...)`` or a ``range()`` walked counts against it, and so does the time spent.

The limits come from the environment (:meth:`binhdanggioi._sandbox.Sandbox.bdg_loop_limits`),
read when each rendering starts; :class:`_Template` puts a fresh budget on it.
Part of :mod:`binhdanggioi._sandbox`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

import jinja2
from jinja2.runtime import Context, Undefined
from jinja2.sandbox import MAX_RANGE, safe_range
from jinja2.utils import pass_context

from binhdanggioi._sandbox_limits import LoopLimitError, _dotted, _refuse


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
        """The budget of a new rendering in ``environment`` (a :class:`Sandbox`): the
        limits its ``bdg_loop_limits()`` gives."""
        limit, seconds = environment.bdg_loop_limits()
        return cls(limit, seconds)

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

    # Printed like the range it most often wraps: a short text. ``_sandbox_limits``
    # reads this instead of importing this class, which imports its errors.
    _bdg_printed_size: ClassVar[int] = 40

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
    if type(iterable) is list and not iterable:
        return iterable  # nothing to walk, nothing to count: most rows' lists of details
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
