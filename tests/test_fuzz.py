"""Fuzzing every reader: whatever comes in, only the library's own errors come out.

Random bytes and random structures (huge integers, floats, inf, nan, lone
surrogates, deep nesting) go through load → validate → aggregate → render and
back to every text format; an Excel form gets random bytes and random cell
values. Any exception that is not a :class:`BinhDangGioiError` fails, and so does
an example taking more than :data:`WALL_CLOCK` seconds.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

import openpyxl
import pytest
import tomli_w
import yaml
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.cell.cell import MergedCell

import binhdanggioi as bdg
from binhdanggioi.errors import BinhDangGioiError
from binhdanggioi.formats.xlsx import loads_form
from binhdanggioi.model import BaoCao, DonVi
from binhdanggioi.serialization import structure, unstructure
from strategies import bao_caos, examples

WALL_CLOCK = 10.0
"""Seconds one example may take, generously: a hang, not slowness, is what fails."""

DISTRICT = DonVi("Cả nước", "trung_uong")
FORMATS = ("yaml", "json", "toml")
RENDERERS = ("docx", "html", "markdown", "xlsx")


@contextmanager
def bounded() -> Iterator[None]:
    """Let only the library's errors through, and fail an example that runs too long."""
    started = time.monotonic()
    with suppress(BinhDangGioiError):
        yield
    elapsed = time.monotonic() - started
    assert elapsed < WALL_CLOCK, f"{elapsed:.1f} s"


def through(report: BaoCao) -> None:
    """Everything done to a report once read: validate, aggregate, render, write back."""
    if any(p.is_error for p in bdg.validate(report)):
        return
    for fmt in FORMATS:
        bdg.dumps(report, fmt).encode("utf-8")  # type: ignore[arg-type]
    for name in RENDERERS:
        bdg.render(report, name)
    other = bdg.loads(f"nam: {report.nam}\ndon_vi: {{ten: Quân Hà Khác, cap: xa}}\n")
    total = bdg.aggregate({"a.yaml": report, "b.yaml": other}, don_vi=DISTRICT)
    for name in ("html", "markdown"):
        bdg.render(total, name)
    bdg.dumps(total, "json").encode("utf-8")


# --------------------------------------------------------------------------- values

_TEXT = st.text(max_size=12) | st.sampled_from(["\ud800", "a\udfff", "=SUM(A1)", "_xD800_", ""])
_INT = st.integers() | st.sampled_from([10**21, -(10**21), 10**15, 10**4000, -1, 0])
_FLOAT = st.floats() | st.sampled_from([float("inf"), float("-inf"), float("nan"), 1e308, 0.5])
_SCALAR = st.none() | st.booleans() | _INT | _FLOAT | _TEXT | st.dates()
_ANY = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=12,
)


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _leaves(value, (*path, i))
    else:
        yield path


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, *rest = path
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[head] = _replace(data[head], tuple(rest), value)
    return copy


@st.composite
def structures(draw: st.DrawFn) -> Any:
    """Plain data: a report whose leaves are partly replaced, or anything at all."""
    if draw(st.booleans()):
        return draw(_ANY)
    data: Any = unstructure(draw(bao_caos(max_rows=2)))
    leaves = list(_leaves(data))
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(leaves))
        data = _replace(data, path, draw(_ANY))
    if draw(st.booleans()):
        key = draw(st.sampled_from(["hoat_dong", "kinh_phi", "don_vi", "chi_dao", "nam"]))
        data[key] = draw(_ANY)
    return data


def _text(data: Any, fmt: str) -> str | None:
    """``data`` written in ``fmt`` by a plain writer, or None when it cannot be."""
    try:
        if fmt == "json":
            return json.dumps(data, default=str)
        if fmt == "yaml":
            return yaml.safe_dump(data, allow_unicode=False)
        return tomli_w.dumps(data) if isinstance(data, dict) else None
    except (TypeError, ValueError, AttributeError, yaml.YAMLError):
        return None


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("fmt", FORMATS)
@examples(100)
@given(st.binary(max_size=400))
def test_random_bytes(fmt: str, raw: bytes) -> None:
    with bounded():
        through(bdg.loads(raw, fmt))  # type: ignore[arg-type]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
@examples(60)
@given(structures())
def test_random_structures(fmt: str, data: Any) -> None:
    text = _text(data, fmt)
    with bounded():
        report = structure(data) if text is None else bdg.loads(text, fmt)  # type: ignore[arg-type]
        through(report)


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@pytest.mark.parametrize("depth", [100, 100_000])
def test_deep_nesting(fmt: str, depth: int) -> None:
    nested = "[" * depth + "]" * depth
    text = f'{{"nam": 2023, "chi_dao": {nested}}}' if fmt == "json" else "- " * depth + "x"
    with bounded():
        bdg.loads(text, fmt)  # type: ignore[arg-type]


@examples(100)
@given(st.binary(max_size=400) | st.sampled_from([b"PK\x03\x04", b"PK\x05\x06" + b"\x00" * 18]))
def test_random_bytes_as_a_form(raw: bytes) -> None:
    with bounded():
        through(loads_form(raw))


_FORM = bdg.write_form(None, bao_cao=bdg.loads("nam: 2023\ndon_vi: {ten: Quân Hà, cap: xa}\n"))
_CELL_VALUE = (
    st.none()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=10)
    | st.sampled_from(["_xD800_", "1.000.000", "1e400", "=1/0", "#N/A", "Có", "50%"])
    | st.booleans()
    | st.dates()
)
_FORMATS = st.sampled_from(["General", "0%", "@", "#,##0", "dd/mm/yyyy", '0"%"'])


@pytest.mark.slow
@examples(30)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Đơn vị", "Hoạt động", "Truyền thông", "Kinh phí", "Nội dung"]),
            st.integers(1, 12),
            st.integers(1, 10),
            _CELL_VALUE,
            _FORMATS,
        ),
        min_size=1,
        max_size=8,
    )
)
def test_a_form_with_random_cell_values(cells: list[tuple[str, int, int, Any, str]]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(_FORM))
    for sheet, row, column, value, number_format in cells:
        cell = book[sheet].cell(row + 3, column)
        if isinstance(cell, MergedCell):
            continue  # only the first cell of a merged range holds a value
        cell.value = value
        cell.number_format = number_format
    out = io.BytesIO()
    book.save(out)
    with bounded():
        through(loads_form(out.getvalue()))


def test_the_pipeline_itself_runs_on_a_good_report() -> None:
    call: Callable[[BaoCao], None] = through
    call(bdg.load(bdg.example_path()))
