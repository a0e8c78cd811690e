"""Files in and out: bounded reads, atomic writes, and where a report came from.

Every reader of the package goes through :func:`read_limited` (or :func:`read_input`
for report-like data), every writer through :func:`write_atomic` (a worker's part of
a batch through :func:`write_part`, which the batch then renames), and every command
that writes checks its target with :func:`refuse_overwrite`.

Provenance stays a weak map from a report to the files :func:`load` read it from
(:func:`remember`, :func:`source_paths`). The alternative, an explicit ``inputs=``
argument everywhere, would make ``render(bdg.load(p), out=p)`` overwrite the user's
file unless every caller remembered to pass ``p`` again; the map lets the guard work
for callers who never think of it. It is keyed by value (reports are frozen attrs
values), so a report equal to one that was loaded is protected too, which only ever
errs on the safe side. Explicit ``inputs=`` are still accepted and added to it.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from binhdanggioi.errors import DataError, DataIssue

__all__ = [
    "MAX_INPUT_BYTES",
    "FileRefused",
    "OverwriteGuard",
    "file_key",
    "listed_paths",
    "read_input",
    "read_limited",
    "refuse_overwrite",
    "remember",
    "same_file",
    "source_paths",
    "sync_directory",
    "write_atomic",
    "write_part",
]

MAX_INPUT_BYTES = 50 * 1024 * 1024
"""Larger inputs are refused: a report is kilobytes, a province's aggregate a few MB."""

_T = TypeVar("_T")


class FileRefused(ValueError):
    """A file that cannot be read as an input; the message is Vietnamese, without the path."""


def _megabytes(limit: int) -> str:
    return f"{limit // 1_048_576} MB" if limit >= 1_048_576 else f"{limit // 1024} KB"


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Refuses what is not a regular file (a folder, a FIFO, a device such as
    ``/dev/zero``, also behind a symlink) before opening it, and counts the bytes
    read rather than trusting the file's reported size.

    >>> read_limited("/dev/null", 10)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    binhdanggioi._files.FileRefused: không phải tệp thường (thiết bị, ...); chỉ rõ một tệp dữ liệu
    """
    target = Path(path)
    try:
        info = target.stat()
        if stat.S_ISDIR(info.st_mode):
            raise FileRefused("đây là thư mục, không phải tệp; chỉ rõ từng tệp")
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(
                "không phải tệp thường (thiết bị, ống dẫn hoặc socket); chỉ rõ một tệp dữ liệu"
            )
        if info.st_size > limit:
            raise FileRefused(_too_large(info.st_size, limit))
        with target.open("rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError as err:
        raise FileRefused("không tìm thấy tệp") from err
    except OSError as err:
        raise FileRefused(f"không đọc được tệp: {err.strerror or err}") from err
    if len(data) > limit:
        raise FileRefused(_too_large(None, limit))
    return data


def _too_large(size: int | None, limit: int) -> str:
    shown = f" ({size // 1_048_576} MB)" if size is not None and size >= 1_048_576 else ""
    return f"tệp quá lớn{shown}; giới hạn {_megabytes(limit)}"


def read_input(path: str | os.PathLike[str], *, limit: int | None = None) -> bytes:
    """:func:`read_limited` for data files: refusals become a :class:`DataError` with the file.

    ``limit`` defaults to :data:`MAX_INPUT_BYTES`, read at call time.
    """
    try:
        return read_limited(path, MAX_INPUT_BYTES if limit is None else limit)
    except FileRefused as err:
        raise DataError([DataIssue("", str(err))], source=str(path)) from err


def write_atomic(path: str | os.PathLike[str], data: bytes, *, fsync: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    ``fsync``: flush the file to disk before the rename (durable on its own; a few
    milliseconds each). A batch writes with ``fsync=False`` and calls
    :func:`sync_directory` once at the end. A failure raises :class:`OSError` naming
    ``path``, never the temporary file.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _new_temporary(target)
    except OSError as err:
        raise OSError(err.errno, err.strerror, str(target)) from err
    try:
        _keep_mode(fd, target)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        Path(tmp).replace(target)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise OSError(err.errno, err.strerror, str(target)) from err
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_part(path: str | os.PathLike[str], data: bytes, *, fsync: bool = False) -> None:
    """Write ``data`` to ``path``, a new file under a private name that a rename will make
    final (a worker's part of a batch): created exclusively, so no file is replaced, and
    removed again when the write fails. The rename is the atomic step, so no temporary
    file of its own is needed; a failure raises :class:`OSError` naming ``path``.
    """
    target = Path(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(target, flags, 0o666)
    except OSError as err:
        raise OSError(err.errno, err.strerror, str(target)) from err
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException as err:
        target.unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise OSError(err.errno, err.strerror, str(target)) from err
        raise


def sync_directory(folder: str | os.PathLike[str]) -> None:
    """Flush ``folder``'s entries (the renames of a batch) to disk; best effort.

    Where a folder cannot be opened or synced (Windows, some network file systems)
    nothing is done: the files are written all the same.
    """
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _new_temporary(target: Path) -> tuple[int, Path]:
    """A new file beside ``target``, open for writing, with the mode a plain ``open()``
    gives a new file (the system applies the umask: nothing reads or changes it here,
    which another thread would see)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "không tạo được tệp tạm", str(target))


def _keep_mode(fd: int, target: Path) -> None:
    """Give the new file the mode of the file it replaces, if there is one."""
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        return
    if hasattr(os, "fchmod"):  # not on Windows, where files have no such mode
        os.fchmod(fd, mode)


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` are one file: through symlinks and hard links too."""
    try:
        if a.exists() and b.exists():
            return a.samefile(b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def listed_paths(paths: Iterable[str | os.PathLike[str]], caller: str) -> list[Path]:
    """``paths`` as a list; one path given alone is refused (a string would be read as
    its characters, each a missing file).

    >>> listed_paths("bc.yaml", "load_many")
    Traceback (most recent call last):
    ...
    TypeError: load_many(): cần một danh sách tệp, nhận một đường dẫn (bc.yaml); viết ['bc.yaml']
    """
    if isinstance(paths, str | bytes | os.PathLike):
        one = os.fsdecode(paths)
        raise TypeError(
            f"{caller}(): cần một danh sách tệp, nhận một đường dẫn ({one}); viết [{one!r}]"
        )
    return [Path(p) for p in paths]


def file_key(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """The identity of the file at ``path`` (device, inode), or ``None`` when there is none."""
    try:
        info = Path(path).stat()
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino)


class OverwriteGuard:
    """:func:`refuse_overwrite` for a batch: the inputs are looked at once, then each
    target costs one ``stat``.

    Inputs are known by (device, inode), so links and other spellings of a path are
    caught; an input that does not exist is kept by its resolved path and compared
    with each target's.
    """

    def __init__(self, inputs: Iterable[str | os.PathLike[str]], error: type[Exception]) -> None:
        self._error = error
        self._keys: dict[tuple[int, int], Path] = {}
        self._missing: dict[Path, Path] = {}
        self._seen: set[Path] = set()
        self.add(inputs)

    def add(self, inputs: Iterable[str | os.PathLike[str]]) -> None:
        """Protect ``inputs`` too (the files a report came from); known paths cost nothing."""
        for item in inputs:
            path = Path(item)
            if path in self._seen:
                continue
            self._seen.add(path)
            key = file_key(path)
            if key is not None:
                self._keys.setdefault(key, path)
            else:
                self._missing.setdefault(path.resolve(), path)

    def check(self, target: str | os.PathLike[str]) -> None:
        """Raise the guard's error when ``target`` is one of the inputs."""
        out = Path(target)
        key = file_key(out)
        hit = self._keys.get(key) if key is not None else None
        if hit is None and self._missing:
            hit = self._missing.get(out.resolve())
        if hit is not None:
            raise self._error(_overwrite_message(out, hit))


def _overwrite_message(out: Path, path: Path) -> str:
    return (
        f"tệp kết quả {out} trùng với tệp đầu vào {path} (vừa là tệp kết quả vừa là "
        "tệp đầu vào); chọn tên khác để không ghi đè"
    )


def refuse_overwrite(
    target: str | os.PathLike[str],
    inputs: Iterable[str | os.PathLike[str]],
    error: type[Exception],
) -> None:
    """Raise ``error`` when ``target`` is one of ``inputs``: no command writes over its input."""
    out = Path(target)
    for item in inputs:
        path = Path(item)
        if same_file(out, path):
            raise error(_overwrite_message(out, path))


# The files each report in memory was read from (see the module docstring).
_ORIGINS: weakref.WeakKeyDictionary[Any, set[Path]] = weakref.WeakKeyDictionary()


def remember(report: _T, path: Path) -> _T:
    """Note that ``report`` was read from ``path``; returns ``report``."""
    # os.path.realpath is what Path.resolve() does, without its extra stat and objects.
    _ORIGINS.setdefault(report, set()).add(Path(os.path.realpath(path)))
    return report


def source_paths(report: object) -> frozenset[Path]:
    """The files ``report`` (or an equal report) was read from by ``load``."""
    try:
        return frozenset(_ORIGINS.get(report, ()))
    except TypeError:  # not a report: nothing was read for it
        return frozenset()
