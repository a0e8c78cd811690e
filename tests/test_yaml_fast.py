"""The libyaml path of the YAML reader against the pure-Python reference.

``_yaml.parse`` reads with libyaml and the library's rules, and hands what libyaml
refuses (or what it would read differently: aliases, deep nesting) to
``_yaml.parse_pure``. Both must give equal data, with the same types and written
number forms, and equal errors (line and column included) on any document.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from binhdanggioi.errors import DataError
from binhdanggioi.formats import _yaml, dumps
from strategies import bao_caos, examples

pytestmark = pytest.mark.skipif(_yaml._FAST is None, reason="PyYAML built without libyaml")


def _shape(value: Any) -> Any:
    """``value`` with every type and written form made visible, for an exact comparison."""
    if isinstance(value, dict):
        return ("dict", [(_shape(k), _shape(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_shape(v) for v in value])
    if isinstance(value, int | float):
        return (type(value).__name__, value, getattr(value, "source", None))
    if isinstance(value, datetime.date):
        return (type(value).__name__, value.isoformat())
    return (type(value).__name__, value)


def _outcome(parse: Any, text: str) -> Any:
    try:
        return ("data", _shape(parse(text)))
    except DataError as err:
        return ("error", [(i.path, i.message) for i in err.issues])
    except RecursionError:
        return ("recursion",)


def _same(text: str) -> None:
    assert _outcome(_yaml.parse, text) == _outcome(_yaml.parse_pure, text), text


# --------------------------------------------------------------------------- generated documents

_PIECES = (
    "a: 1\n",
    "b: &x [1, 2]\n",
    "c: *x\n",
    "a: 2\n",
    "so: 010\n",
    "hex: 0x1F\n",
    "gio: 1:30\n",
    "ngay: 2023-02-30\n",
    "ngay2: 2024-02-29\n",
    "khi: 2023-05-01 10:20:30\n",
    "x: {ten: Băng rôn, khẩu hiệu, so_luong: 9}\n",
    "y: {ten: Tờ rơi, tờ gấp, ten: lặp}\n",
    "z: {ten: 'A, B', cap: xa}\n",
    "f: 10.450\n",
    "g: -0.0\n",
    "h: .inf\n",
    "big: 123456789012345678901234567890123456789\n",
    "l:\n  - một\n  - hai: 2\n",
    'q: "tab\\tquote"\n',
    "s: |\n  dòng 1\n  dòng 2\n",
    "t: ~\n",
    "u: yes\n",
    "v: [a, {b: c}, [d]]\n",
    "? complex\n: key\n",
    "---\n",
    "w: !!str 12\n",
    "bad: [unclosed\n",
    "  indented: wrong\n",
    "\t",
    "k: &a 1\n",
    "m: *a\n",
)


@st.composite
def _documents(draw: st.DrawFn) -> str:
    return "".join(draw(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8)))


_MUTATIONS = (*":,{}[]- \n&*'\"#0\tđ\x85\ufeff!?|>%@`\r\u2028\\\xa0", "--- ", "...")


@st.composite
def _mutated(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    """``base`` with a few characters deleted, inserted or replaced."""
    text = draw(base)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        what = draw(st.sampled_from(["delete", "insert", "replace"]))
        char = draw(st.sampled_from(_MUTATIONS))
        if what == "delete":
            text = text[:at] + text[at + 1 :]
        elif what == "insert":
            text = text[:at] + char + text[at:]
        else:
            text = text[:at] + char + text[at + 1 :]
    return text


_REPORTS = bao_caos(valid=False).map(dumps)


@examples(200)
@given(st.one_of(_documents(), _mutated(_documents())))
def test_fast_and_pure_agree_on_generated_documents(text: str) -> None:
    _same(text)


@pytest.mark.slow
@examples(100)
@given(st.one_of(_REPORTS, _mutated(_REPORTS)))
def test_fast_and_pure_agree_on_reports_and_their_mutations(text: str) -> None:
    _same(text)


@examples(100)
@given(st.text(max_size=60))
def test_fast_and_pure_agree_on_any_text(text: str) -> None:
    _same(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # an alias: refused by the reference, with its place
        "a: &x [1]\nb: *x\n",
        "&a [*a]\n",  # a recursive alias
        "a: 1\na: 2\n",  # a key twice
        "so_luong: 010\n",
        "ngay: 2023-02-30\n",
        "{ten: Băng rôn, khẩu hiệu, so_luong: 9}\n",
        "[" * 300 + "]" * 300,  # deeper than the fast path goes
        "a: b: c\n",
        "x\udcff: 1\n",  # a lone surrogate libyaml cannot encode
        "",
        "a: 1\n---\nb: 2\n",
    ],
)
def test_fast_and_pure_agree_on_the_hard_cases(text: str) -> None:
    _same(text)


def test_the_fast_path_is_taken_for_a_plain_report() -> None:
    text = "nam: 2023\ndon_vi: {ten: Bắc Kạn, cap: huyen}\n"
    assert _yaml._parse_fast(text) == {"nam": 2023, "don_vi": {"ten": "Bắc Kạn", "cap": "huyen"}}


def test_an_alias_is_left_to_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _yaml._parse_fast("a: &x 1\nb: *x\n") is _yaml._REFUSED
    with pytest.raises(DataError, match="dòng 2, cột 4"):
        _yaml.parse("a: &x 1\nb: *x\n")


def test_without_libyaml_the_pure_loader_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_yaml, "_FAST", None)
    assert _yaml._parse_fast("a: 1") is _yaml._REFUSED
    assert _yaml.parse("a: 010") == {"a": 10}
