"""The fast way of structuring reports against the careful converter.

``serialization.structure`` first tries ``_structure_fast``, which reads well-formed
data with the converter's own hooks and raises on anything unusual; the careful cattrs
converter then reads the data again and gives the messages. On any document both
must give equal reports, or the same errors.
"""

from __future__ import annotations

import copy
import unicodedata
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from binhdanggioi import serialization
from binhdanggioi._model_fields import _levels
from binhdanggioi.errors import DataError
from binhdanggioi.formats import example_path, read_data
from binhdanggioi.model import BaoCao, DonVi, HoatDong, SoNguoi, parse_caps
from binhdanggioi.serialization import structure, unstructure
from strategies import bao_caos, examples


class _Refuse:
    """A fast path that never succeeds: ``structure`` goes the careful way."""

    def structure(self, value: Any, cls: type) -> Any:
        raise LookupError("careful way only")


def _outcome(data: Any) -> Any:
    try:
        return ("report", structure(data))
    except DataError as err:
        return ("error", [(i.path, i.message) for i in err.issues])


def _careful(data: Any) -> Any:
    saved = serialization._FAST
    serialization._FAST = _Refuse()  # type: ignore[assignment]
    try:
        return _outcome(data)
    finally:
        serialization._FAST = saved


def _same(data: Any) -> None:
    assert _outcome(copy.deepcopy(data)) == _careful(copy.deepcopy(data))


def _goes_fast(data: Any) -> bool:
    try:
        serialization._FAST.structure(serialization._two_tier_labels(data), BaoCao)
    except Exception:
        return False
    return True


# --------------------------------------------------------------------------- generated documents

_HOSTILE: tuple[Any, ...] = (
    None,
    True,
    -1,
    0,
    10.45,
    10.0,
    "10.450",
    "hơn 100",
    "gần 40",
    "",
    "   ",
    "x\u200b",
    "Ba\u0300 Ri\u0323a",
    "\ud800",
    "xa",
    "Thành phố",
    "2023-12",
    "2023-02-30",
    [],
    ["xa", "truong-hoc"],
    [1, 2],
    {},
    {"ten": "A"},
    {"hoc-sinh": 5},
)


def _places(data: Any, out: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every (container, key) of ``data``: where a value may be replaced."""
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in list(items):
        out.append((data, key))
        if isinstance(value, dict | list):
            _places(value, out)
    return out


@st.composite
def _documents(draw: st.DrawFn) -> Any:
    data = unstructure(draw(bao_caos(max_rows=3)))
    for _ in range(draw(st.integers(0, 3))):
        places = _places(data, [])
        container, key = places[draw(st.integers(0, len(places) - 1))]
        if draw(st.booleans()):
            container[key] = copy.deepcopy(draw(st.sampled_from(_HOSTILE)))
        elif isinstance(container, dict):
            container[draw(st.sampled_from(["tenn", "so_luong", "nguoi", "cap", "uoc_tinh"]))] = (
                copy.deepcopy(draw(st.sampled_from(_HOSTILE)))
            )
    return data


@given(_documents())
@examples(200)
def test_fast_and_careful_agree_on_any_document(data: Any) -> None:
    _same(data)


@given(bao_caos(max_rows=3))
@examples(100)
def test_a_written_report_goes_the_fast_way(report: BaoCao) -> None:
    data = unstructure(report)
    assert _goes_fast(copy.deepcopy(data))
    assert structure(data) == report


def test_the_example_goes_the_fast_way() -> None:
    data = read_data(example_path())
    assert _goes_fast(copy.deepcopy(data))
    _same(data)


@pytest.mark.parametrize(
    ("row", "path", "words"),
    [
        ({"ten": "A", "so_luongg": 1}, "hoat_dong[0]", "có phải ý là 'so_luong'?"),
        ({"ten": "A", "so_luong": 10.45}, "hoat_dong[0].so_luong", "số thập phân"),
        ({"ten": "A", "nguoi": {"nu": -2}}, "hoat_dong[0].nguoi.nu", "không thể âm"),
        ({"ten": 5}, "hoat_dong[0].ten", "cần một đoạn văn bản"),
    ],
)
def test_a_wrong_value_keeps_its_message(row: dict[str, Any], path: str, words: str) -> None:
    data = {"nam": 2024, "don_vi": {"ten": "X", "cap": "xa"}, "hoat_dong": [row]}
    assert not _goes_fast(copy.deepcopy(data))
    with pytest.raises(DataError) as caught:
        structure(data)
    assert any(i.path == path and words in i.message for i in caught.value.issues)
    _same(data)


def test_every_problem_is_still_gathered() -> None:
    rows = [{"ten": "A", "so_luong": "10.450"}, {"ten": "B", "nguoi": {"nam": 1.5, "nu": -1}}]
    data = {"nam": 2024, "don_vi": {"ten": "X", "cap": "xa"}, "hoat_dong": rows}
    with pytest.raises(DataError) as caught:
        structure(data)
    paths = {i.path for i in caught.value.issues}
    assert paths == {"hoat_dong[1].nguoi.nam", "hoat_dong[1].nguoi.nu"}


def test_text_not_plain_ascii_is_still_cleaned() -> None:
    data = {"nam": 2024, "don_vi": {"ten": "X\u200b", "cap": "xa"}, "chi_dao": ["Ba\u0300"]}
    report = structure(data)
    assert report.don_vi.ten == "X"
    assert report.chi_dao == ("Bà",)
    assert unicodedata.is_normalized("NFC", report.chi_dao[0])


# --------------------------------------------------------------------------- the model's own checks


@pytest.mark.parametrize(
    "value",
    ["xa", "Xã, Các trường học", ("xa", "tinh"), ["huyen", "xa"], ("xa", ["tinh"])],
)
def test_levels_are_read_as_parse_caps_reads_them(value: Any) -> None:
    assert _levels(value) == parse_caps(value)
    assert _levels(value) == parse_caps(value)  # remembered


def test_a_wrong_level_is_never_remembered() -> None:
    for _ in range(2):
        with pytest.raises(ValueError, match="không hiểu cấp"):
            _levels("cấp lạ")


def test_records_built_in_code_are_still_checked_and_nfc() -> None:
    row = HoatDong("Ba\u0300", cap=["xa", "xa"], dia_diem="Nha\u0300")
    assert row.ten == "Bà" and row.dia_diem == ("Nhà",) and row.cap == parse_caps("xa")
    with pytest.raises(TypeError):
        HoatDong(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        BaoCao(2024, DonVi("X", "xa"), chi_dao="một chuỗi")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        BaoCao(2024, DonVi("X", "xa"), hoat_dong=[SoNguoi()])  # type: ignore[list-item]
    assert attrs.evolve(row, nguon=["Ca\u0300"]).nguon == ("Cà",)
