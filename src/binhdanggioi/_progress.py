"""A tiny progress bar on stderr, drawn only when stderr is a terminal.

>>> list(progress(range(3), label="Đọc tệp", enabled=False))
[0, 1, 2]

Used by the command line for long runs (reading many files, rendering many
reports). When drawing, it redraws at most ten times a second and ends with one
summary line: ``Đọc tệp: 3.321 tệp trong 2,4 giây``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator, Sized
from types import TracebackType
from typing import TextIO, TypeVar

from binhdanggioi.vietnamese import format_number

__all__ = ["Progress", "progress"]

T = TypeVar("T")

_WIDTH = 24
_EVERY = 0.1  # seconds between redraws


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """Count work done and draw ``label [#####.....] 12/100`` on ``stream``.

    ``enabled=None`` draws only when ``stream`` (default: stderr) is a terminal.
    Use as a context manager, or call :meth:`close` to print the summary line.
    """

    def __init__(
        self,
        total: int | None = None,
        *,
        label: str = "",
        unit: str = "mục",
        stream: TextIO | None = None,
        enabled: bool | None = None,
    ) -> None:
        self.total = total
        self.label = label
        self.unit = unit
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _is_tty(self.stream) if enabled is None else enabled
        self._start = time.monotonic()
        self._drawn = 0.0
        self._closed = False

    def advance(self, n: int = 1) -> None:
        """Record ``n`` more items done and redraw if it is time."""
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._drawn >= _EVERY or (self.total is not None and self.done >= self.total):
            self._drawn = now
            self._draw()

    def _draw(self) -> None:
        head = f"{self.label} " if self.label else ""
        if self.total:
            filled = min(_WIDTH, _WIDTH * self.done // self.total)
            bar = "#" * filled + "." * (_WIDTH - filled)
            text = f"{head}[{bar}] {format_number(self.done)}/{format_number(self.total)}"
        else:
            text = f"{head}{format_number(self.done)} {self.unit}"
        self.stream.write("\r" + text + "\x1b[K")
        self.stream.flush()

    def summary(self) -> str:
        """The closing line: what was done and how long it took."""
        seconds = time.monotonic() - self._start
        head = f"{self.label}: " if self.label else ""
        took = format_number(round(seconds, 1), decimals=1)
        return f"{head}{format_number(self.done)} {self.unit} trong {took} giây"

    def close(self) -> None:
        """Clear the bar and print the summary line (only when drawing)."""
        if self._closed:
            return
        self._closed = True
        if self.enabled:
            self.stream.write("\r\x1b[K" + self.summary() + "\n")
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def progress(
    iterable: Iterable[T],
    total: int | None = None,
    *,
    label: str = "",
    unit: str = "mục",
    stream: TextIO | None = None,
    enabled: bool | None = None,
) -> Iterator[T]:
    """Yield from ``iterable`` while drawing a progress bar (see :class:`Progress`).

    ``total`` defaults to ``len(iterable)`` when it has one.
    """
    if total is None and isinstance(iterable, Sized):
        total = len(iterable)
    with Progress(total, label=label, unit=unit, stream=stream, enabled=enabled) as bar:
        for item in iterable:
            yield item
            bar.advance()
