"""parse_number_words: Vietnamese number words back to numbers (the reverse of number_to_words)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from binhdanggioi import number_to_words, parse_number_words
from strategies import examples


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("không", 0),
        ("một", 1),
        ("mười", 10),
        ("mười lăm", 15),
        ("hai mươi mốt", 21),
        ("hai mươi tư", 24),
        ("một trăm linh năm", 105),
        ("một trăm lẻ năm", 105),
        ("hai trăm", 200),
        ("bẩy mươi nhăm", 75),
        ("mười nghìn bốn trăm năm mươi", 10450),
        ("mười ngàn bốn trăm năm mươi", 10450),
        ("Hai Nghìn Không Trăm Hai Mươi Ba", 2023),
        ("tám triệu không trăm linh một", 8_000_001),
        ("ba mươi triệu", 30_000_000),
        ("một nghìn hai trăm ba mươi tư tỷ", 1_234_000_000_000),
        ("hai tỉ", 2_000_000_000),
    ],
)
def test_reads_number_words(text: str, value: int) -> None:
    assert parse_number_words(text) == value


@given(
    st.integers(min_value=0, max_value=10**15),
    st.sampled_from([{}, {"zero_tens": "lẻ"}, {"thousand": "ngàn"}, {"read_zero_class": False}]),
)
@examples(300)
def test_round_trip(value: int, options: dict[str, Any]) -> None:
    assert parse_number_words(number_to_words(value, **options)) == value


@pytest.mark.parametrize("text", ["", "người", "trăm", "nghìn", "hai ba", "mươi"])
def test_refuses_what_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError, match=r"không đọc được|chuỗi rỗng"):
        parse_number_words(text)


def test_refuses_what_is_not_text() -> None:
    with pytest.raises(TypeError):
        parse_number_words(200)  # type: ignore[arg-type]
