"""Worker processes for many files: file in, file out, results in the order given.

Used by :func:`binhdanggioi.formats.load_many`, :func:`binhdanggioi.render_many` and
the command line. A task is a top-level function and its picklable arguments, run in
a :class:`~concurrent.futures.ProcessPoolExecutor`. On Linux, when this process runs a
single thread, workers are forked from it: they start in a millisecond with the
package imported and the templates prepared. Otherwise (other threads, which a fork
could catch holding a lock, or another system) they start from a fork server, or
``spawn`` where there is none. A task reads what it needs from its arguments, or,
in workers forked inside :func:`sharing`, from what the parent held when it forked
them (reports already in memory, not pickled one by one). Workers ignore Ctrl-C: the
parent stops handing out work, lets the tasks under way finish their (atomic) writes
and then raises :class:`KeyboardInterrupt`.

An exception raised in a worker comes back as itself, type, arguments and
attributes, even for exception classes whose ``__init__`` takes keyword arguments
(which plain pickling loses).

>>> resolve_jobs(1, 1000), resolve_jobs(4, 3), resolve_jobs(None, 3)
(1, 3, 1)
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Generator, Iterable, Iterator, Sized
from typing import Any, TypeVar

__all__ = [
    "MAX_JOBS",
    "MIN_ITEMS",
    "Failure",
    "chunk_size",
    "default_jobs",
    "resolve_jobs",
    "run",
    "shared",
    "sharing",
]

MAX_JOBS = 8
"""The default number of workers is the number of cores, at most this."""

MIN_ITEMS = 100
"""With ``jobs=None``, fewer items than this are done in this process: starting a
worker (a fresh interpreter importing the package) costs more than they take."""

_T = TypeVar("_T")
_R = TypeVar("_R")


def default_jobs() -> int:
    """The cores this process may use, at most :data:`MAX_JOBS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_JOBS))


def resolve_jobs(jobs: int | None, count: int | None) -> int:
    """How many workers to use for ``count`` items (``None``: unknown); 1 means in-process.

    ``jobs=None`` is :func:`default_jobs`, except for fewer than :data:`MIN_ITEMS`
    items; never more workers than items.
    """
    if jobs is None:
        chosen = default_jobs() if count is None or count >= MIN_ITEMS else 1
    else:
        if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
            raise ValueError(f"jobs phải là số nguyên ≥ 1, nhận {jobs!r}")
        chosen = jobs
    return max(1, min(chosen, count)) if count is not None and count > 0 else chosen


class Failure:
    """An exception made portable: rebuilt without calling its ``__init__``.

    A task that returns an error as its result (a file that cannot be read) returns
    ``Failure(err)`` and the parent calls :meth:`rebuild`.
    """

    def __init__(self, err: BaseException) -> None:
        self.cls = type(err)
        self.args = err.args
        self.state = dict(getattr(err, "__dict__", {}))

    def rebuild(self) -> BaseException:
        err: BaseException = self.cls.__new__(self.cls)
        err.args = self.args
        err.__dict__.update(self.state)
        return err


def _quiet() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _quiet_forked() -> None:
    """A forked worker: ignore Ctrl-C, and leave the parent's objects out of garbage
    collection, whose passes would otherwise copy every page they touch."""
    import gc

    _quiet()
    gc.freeze()


def _call(func: Callable[[_T], _R], chunk: list[_T]) -> tuple[bool, Any]:
    try:
        return True, [func(item) for item in chunk]
    except Exception as err:
        try:
            return False, Failure(err)
        except Exception:  # an exception with unpicklable parts: its text at least
            return False, Failure(RuntimeError(f"{type(err).__name__}: {err}"))


_PRELOAD = (
    "__main__",
    "binhdanggioi.formats",
    "binhdanggioi.formats._yaml",
    "binhdanggioi.formats.xlsx",
    "binhdanggioi.renderers.docx",
    "binhdanggioi.context",
    "docxtpl",
    "lxml.etree",
)
"""What the fork server imports once, so that each worker forked from it starts in
milliseconds instead of importing the package again (a name missing is skipped)."""


def _forking() -> bool:
    """Whether workers may be forked from this process: Linux, and no other thread."""
    import threading

    return sys.platform.startswith("linux") and threading.active_count() == 1


_SHARED: tuple[Any] | None = None
"""What :func:`sharing` hands to the workers forked inside it (in a 1-tuple, so that
``None`` can be shared too)."""


@contextlib.contextmanager
def sharing(value: object) -> Iterator[bool]:
    """Within this block, workers :func:`run` starts are forked holding ``value`` and read
    it with :func:`shared`, instead of receiving it pickled with every task.

    Yields whether they do: ``False`` where workers cannot be forked (or inside another
    ``sharing`` block), and then ``value`` must be sent with the tasks. Reports already
    in memory go to the workers this way: a province is not pickled report by report.
    """
    global _SHARED
    if _SHARED is not None or not _forking():
        yield False
        return
    _SHARED = (value,)
    try:
        yield True
    finally:
        _SHARED = None


def shared() -> Any:
    """In a worker forked inside :func:`sharing`: the value shared."""
    if _SHARED is None:
        raise RuntimeError("shared(): tiến trình này không được tạo trong sharing()")
    return _SHARED[0]


def _context() -> Any:
    import multiprocessing

    if _SHARED is not None or _forking():
        # Inside sharing() the choice was made there: its workers must be forked.
        return multiprocessing.get_context("fork")
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Read when the fork server starts, the first time workers are needed here; the
    # package's own modules and what its workers import are loaded there once.
    context.set_forkserver_preload(list(_PRELOAD))
    return context


def _chunks(
    items: Iterable[_T], size: int, count: int | None = None, jobs: int = 1
) -> Iterator[list[_T]]:
    """Tasks of ``size`` items, smaller towards the end of ``count`` items (guided, as
    :func:`chunk_size` of what is left): the last tasks are short, so that no worker
    waits for another's last one, even when the last items are the heavy ones (a
    province's aggregates after its communes).

    >>> [len(c) for c in _chunks(range(40), 4, 40, 2)]
    [4, 4, 4, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    """
    chunk: list[_T] = []
    limit, sent = size, 0
    for item in items:
        chunk.append(item)
        if len(chunk) >= limit:
            yield chunk
            sent += len(chunk)
            chunk = []
            if count is not None:
                limit = min(size, chunk_size(count - sent, jobs))
    if chunk:
        yield chunk


def chunk_size(count: int | None, jobs: int) -> int:
    """Items to a task: up to 8 (fewer round trips), but at least four tasks a worker so
    that the last ones do not leave a worker idle (4 when ``count`` is unknown).

    >>> chunk_size(3321, 2), chunk_size(40, 2), chunk_size(5, 4), chunk_size(None, 2)
    (8, 5, 1, 4)
    """
    if count is None:
        return 4
    return max(1, min(8, count // (jobs * 4)))


def run(
    func: Callable[[_T], _R],
    items: Iterable[_T],
    *,
    jobs: int,
    chunk: int | None = None,
    count: int | None = None,
) -> Generator[_R, None, None]:
    """``func(item)`` for every item, in worker processes, yielded in the order of ``items``.

    ``func`` must be a top-level function; items and results are pickled, ``chunk``
    items to a task (fewer round trips; by default :func:`chunk_size` of ``count``,
    the number of items, or of ``len(items)``), fewer towards the end when the count
    is known (:func:`_chunks`). An exception raised by ``func`` is
    raised here when its task's turn comes, after the results before it were yielded;
    the tasks still queued are cancelled, those under way finish.
    """
    from concurrent.futures import Future, ProcessPoolExecutor

    if count is None and isinstance(items, Sized):
        count = len(items)
    if chunk is None:
        chunk = chunk_size(count, jobs)

    pending: list[Future[tuple[bool, Any]]] = []
    window = jobs * 3  # enough queued to keep every worker busy, few enough to stream
    context = _context()
    start = _quiet_forked if context.get_start_method() == "fork" else _quiet
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=start) as pool:
        try:
            for part in _chunks(items, chunk, count, jobs):
                pending.append(pool.submit(_call, func, part))
                if len(pending) >= window:
                    yield from _unwrap(pending.pop(0).result())
            while len(pending) > 1:
                yield from _unwrap(pending.pop(0).result())
            last = pending.pop().result() if pending else (True, [])
        except BaseException:
            for future in pending:
                future.cancel()
            raise
    # The pool is shut down before the last results are handed out: a caller that
    # stops asking after the last item it expects leaves no worker nor thread behind.
    yield from _unwrap(last)


def _unwrap(outcome: tuple[bool, Any]) -> list[Any]:
    ok, value = outcome
    if ok:
        results: list[Any] = value
        return results
    raise value.rebuild()
