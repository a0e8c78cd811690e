"""Files in and out: one table from a file's suffix to the module that reads or writes it.

Mirrors :mod:`binhdanggioi.renderers`: the table names each format's module by its
dotted path, imported on first use, so PyYAML or openpyxl load only when a file of
theirs is read. A format module offers one of three small interfaces, by its kind:

``data`` (``_yaml``, ``_json``, ``_toml``)
    ``parse(text) -> Any`` plain data, raising a located :class:`DataError`, and
    ``emit(data) -> str``; reports go through the converter in :mod:`serialization`,
    side inputs (unit lists, catalogues) through :func:`read_data`;
``form`` (``.xlsx``)
    ``load_form(path)`` and ``loads_form(data, *, source=None)``, each giving a report;
``export`` (``csv``)
    written only, from reports (``to_csv``).

>>> r = loads("nam: 2023\\ndon_vi: {ten: Bắc Kạn, cap: Thành phố}")
>>> r.don_vi.cap
<Cap.HUYEN: 'huyen'>
>>> print(dumps(r), end="")
nam: 2023
don_vi:
  ten: Bắc Kạn
  cap: huyen
"""

from __future__ import annotations

import importlib
import os
import unicodedata
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any, Literal, NamedTuple

from binhdanggioi._files import listed_paths, read_input, remember, write_atomic
from binhdanggioi._workers import Failure, resolve_jobs, run
from binhdanggioi.errors import DataError, DataIssue
from binhdanggioi.model import BaoCao
from binhdanggioi.serialization import _describe, _printable, structure, unstructure

__all__ = [
    "Format",
    "data_format",
    "dump",
    "dumps",
    "example_path",
    "load",
    "load_many",
    "loads",
    "loads_data",
    "read_data",
    "read_text",
]

Format = Literal["yaml", "json", "toml"]
"""The text formats of report data (kind ``data``)."""


class _Entry(NamedTuple):
    name: str
    module: str
    kind: Literal["data", "form", "export"]


_TABLE: dict[str, _Entry] = {
    ".yaml": _Entry("yaml", "binhdanggioi.formats._yaml", "data"),
    ".yml": _Entry("yaml", "binhdanggioi.formats._yaml", "data"),
    ".json": _Entry("json", "binhdanggioi.formats._json", "data"),
    ".toml": _Entry("toml", "binhdanggioi.formats._toml", "data"),
    # The form reader still lives in excel.py; formats/xlsx/ offers the same two functions.
    ".xlsx": _Entry("xlsx", "binhdanggioi.formats.xlsx", "form"),
    ".csv": _Entry("csv", "binhdanggioi.formats.csv", "export"),
}
"""Every file suffix the package reads or writes, and the module that does it."""

_DATA: dict[str, _Entry] = {e.name: e for e in _TABLE.values() if e.kind == "data"}


def _module(entry: _Entry) -> ModuleType:
    return importlib.import_module(entry.module)


def _check_format(format: str) -> Format:
    if format not in _DATA:
        raise ValueError(f"định dạng '{format}' không hỗ trợ; dùng yaml, json hoặc toml")
    return format  # type: ignore[return-value]


def _suffixes(*kinds: str) -> str:
    return ", ".join(sorted(s for s, e in _TABLE.items() if e.kind in kinds))


def data_format(path: str | os.PathLike[str]) -> Format | None:
    """The data format of ``path``'s suffix, or ``None``.

    >>> data_format("bao-cao.YML"), data_format("mau.xlsx")
    ('yaml', None)
    """
    entry = _TABLE.get(Path(path).suffix.lower())
    return _check_format(entry.name) if entry is not None and entry.kind == "data" else None


# --------------------------------------------------------------------------- plain data


def _decode(raw: str | bytes, source: str | None) -> str:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            issue = DataIssue("", "tệp không phải văn bản UTF-8; lưu lại với bảng mã UTF-8")
            raise DataError([issue], source=source) from err
    return raw


def _parse(text: str, format: Format, source: str | None) -> Any:
    try:
        return _module(_DATA[format]).parse(unicodedata.normalize("NFC", text))
    except DataError as err:
        # A parser may quote the text (a key written twice): keep it printable.
        issues = [DataIssue(_printable(i.path), _printable(i.message)) for i in err.issues]
        raise DataError(issues, source=source) from None
    except RecursionError as err:
        issue = DataIssue("", "dữ liệu lồng nhau quá sâu; kiểm tra lại cấu trúc tệp")
        raise DataError([issue], source=source) from err


def loads_data(raw: str | bytes, format: Format, *, source: str | None = None) -> Any:
    """Plain data from ``raw`` in ``format``, read by the same hardened parser as reports.

    >>> loads_data("- &a x\\n- *a", "yaml", source="don-vi.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    binhdanggioi.errors.DataError: don-vi.yaml: dòng 2, cột 3: YAML không hợp lệ: không dùng ...
    """
    return _parse(_decode(raw, source), _check_format(format), source)


def read_text(path: str | os.PathLike[str]) -> str:
    """The text of the file ``path`` (UTF-8, a byte-order mark dropped), read bounded.

    Every problem is a :class:`DataError` naming the file.
    """
    return _decode(read_input(path), str(path))


def read_data(path: str | os.PathLike[str], *, format: Format | None = None) -> Any:
    """Plain data from the file ``path`` (a unit list, a catalogue): bounded, hardened.

    The format comes from the suffix unless ``format`` is given. Every problem is a
    :class:`DataError` naming the file.
    """
    chosen = format or data_format(path)
    if chosen is None:
        suffix = Path(path).suffix.lower() or "(không có)"
        issue = DataIssue("", f"không đọc được đuôi tệp '{suffix}'; dùng {_suffixes('data')}")
        raise DataError([issue], source=str(path))
    return loads_data(read_input(path), chosen, source=str(path))


# --------------------------------------------------------------------------- reports


def loads(text: str | bytes, format: Format = "yaml", *, source: str | None = None) -> BaoCao:
    """Read a report from text in ``format`` (``yaml``, ``json`` or ``toml``)."""
    data = document_data(text, format, source=source, caller="loads", what="báo cáo")
    return structure(data, source=source)


def document_data(
    text: str | bytes, format: Format, *, source: str | None, caller: str, what: str
) -> Any:
    """The plain data of a document (a report, a plan) written as text in ``format``.

    ``caller`` and ``what`` name the function and the document in the messages.
    """
    chosen = _check_format(format)
    if not isinstance(text, str | bytes):
        raise TypeError(f"{caller}() cần văn bản (str hoặc bytes), nhận {_describe(text)}")
    decoded = _decode(text, source)
    if not decoded.strip():
        raise DataError([DataIssue("", f"tệp rỗng: không có dữ liệu {what}")], source=source)
    return _parse(decoded, chosen, source)


def load(path: str | os.PathLike[str]) -> BaoCao:
    """Read a report file; the format comes from its suffix (.yaml, .yml, .json, .toml, .xlsx)."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"load() cần đường dẫn tệp (str hoặc Path), nhận {_describe(path)}")
    path = Path(path)
    if not path.exists():
        raise DataError([DataIssue("", "không tìm thấy tệp")], source=str(path))
    if path.is_dir():
        issue = DataIssue("", "đây là thư mục, không phải tệp báo cáo; chỉ rõ từng tệp")
        raise DataError([issue], source=str(path))
    suffix = path.suffix.lower()
    entry = _TABLE.get(suffix)
    if entry is not None and entry.kind == "form":
        report: BaoCao = _module(entry).load_form(path)
        return remember(report, path)
    if entry is None or entry.kind != "data":
        known = _suffixes("data", "form")
        issue = DataIssue("", f"không đọc được đuôi tệp '{suffix or '(không có)'}'; dùng {known}")
        raise DataError([issue], source=str(path))
    raw = read_input(path)
    return remember(loads(raw, _check_format(entry.name), source=str(path)), path)


def _load_or_error(path: Path) -> BaoCao | Failure:
    """:func:`load` in a worker: a file's problem is its result, not the end of the batch."""
    try:
        return load(path)
    except (DataError, ImportError) as err:
        return Failure(err)


def load_many(
    paths: Iterable[str | os.PathLike[str]], *, jobs: int | None = None
) -> Iterator[tuple[Path, BaoCao | DataError | ImportError]]:
    """Read many report files; yields ``(path, report)`` in the order of ``paths``.

    A file that cannot be read yields its :class:`DataError` (or the
    :class:`ImportError` of a reader missing from this installation) in place of
    the report, and the others are still read. ``jobs``: worker processes reading
    in parallel, each returning its report (``1``: all in this process; ``None``:
    one per core, at most 8, and in this process for fewer than 100 files). Reports
    read by workers are protected from being overwritten like those read by
    :func:`load`.
    """
    listed = listed_paths(paths, "load_many")
    workers = resolve_jobs(jobs, len(listed))
    if workers > 1:
        results: Iterator[BaoCao | Failure] = run(_load_or_error, listed, jobs=workers)
    else:
        results = map(_load_or_error, listed)
    for path, result in zip(listed, results, strict=True):
        if isinstance(result, Failure):
            error = result.rebuild()
            assert isinstance(error, DataError | ImportError)
            yield path, error
        else:
            if workers > 1:
                remember(result, path)
            yield path, result


def dumps(bao_cao: BaoCao, format: Format = "yaml") -> str:
    """Write ``bao_cao`` as text; ``loads(dumps(x, f), f) == x``."""
    if not isinstance(bao_cao, BaoCao):
        raise TypeError(f"dumps() cần một BaoCao, nhận {_describe(bao_cao)}")
    data = unstructure(bao_cao)
    text: str = _module(_DATA[_check_format(format)]).emit(data)
    return text


def dump(bao_cao: BaoCao, path: str | os.PathLike[str], *, format: Format | None = None) -> None:
    """Write ``bao_cao`` to ``path`` atomically; the format comes from the suffix."""
    path = Path(path)
    chosen = format or data_format(path)
    if chosen is None:
        raise ValueError(
            f"không biết ghi định dạng nào cho '{path.name}'; dùng .yaml, .json, .toml"
        )
    write_atomic(path, dumps(bao_cao, chosen).encode("utf-8"))


def example_path() -> Path:
    """Path of the bundled example report (Bắc Kạn, 2023)."""
    ref = resources.files("binhdanggioi") / "data" / "bac-kan-2023.yaml"
    return Path(str(ref))
