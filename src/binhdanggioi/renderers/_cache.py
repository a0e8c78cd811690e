"""Prepared templates kept across calls, dropped when their file changes.

Preparing a template (reading, checking, compiling) costs far more than rendering
one report with it. :func:`cached` keeps the prepared form per renderer and file,
keyed by the file's identity and modification stamp, so editing the template is
picked up on the next call while repeated calls reuse the work.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["MAX_TEMPLATES", "cached", "clear"]

T = TypeVar("T")

MAX_TEMPLATES = 32
"""How many prepared templates are kept; the least recently used goes first."""

_items: OrderedDict[tuple[str, str], tuple[tuple[int, ...], Any]] = OrderedDict()
_lock = threading.Lock()


def _stamp(path: Path) -> tuple[int, ...]:
    st = path.stat()
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino, st.st_dev)


def cached(owner: str, path: Path, build: Callable[[Path], T]) -> T:
    """``build(path)``, reused while ``path`` is unchanged (same owner, same file stamp)."""
    resolved = path.resolve()
    key = (owner, str(resolved))
    stamp = _stamp(resolved)
    with _lock:
        hit = _items.get(key)
        if hit is not None and hit[0] == stamp:
            _items.move_to_end(key)
            value: T = hit[1]
            return value
    value = build(resolved)
    with _lock:
        _items[key] = (stamp, value)
        _items.move_to_end(key)
        while len(_items) > MAX_TEMPLATES:
            _items.popitem(last=False)
    return value


def clear() -> None:
    """Forget every prepared template."""
    with _lock:
        _items.clear()
