"""Tests for binhdanggioi.vietnamese: numbers, number words, money and dates.

Every expected string below was worked out by hand from the rules in
docs/domain.md (section "Numbers"), never produced by the code under test.
"""

from __future__ import annotations

import doctest
import itertools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from binhdanggioi import vietnamese
from binhdanggioi.vietnamese import (
    format_count,
    format_date,
    format_money,
    format_number,
    format_short_date,
    money_in_words,
    number_to_words,
    parse_number,
)

N999 = "chín trăm chín mươi chín"
N999_999_999 = f"{N999} triệu {N999} nghìn {N999}"


def is_nfc(text: str) -> bool:
    return unicodedata.normalize("NFC", text) == text


# --------------------------------------------------------------------------- number words

# Every example given in docs/domain.md.
DOMAIN_EXAMPLES = [
    (10, "mười"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (101, "một trăm linh một"),
    (205, "hai trăm linh năm"),
    (210, "hai trăm mười"),
    (1423, "một nghìn bốn trăm hai mươi ba"),
    (2023, "hai nghìn không trăm hai mươi ba"),
    (12247, "mười hai nghìn hai trăm bốn mươi bảy"),
    (105000, "một trăm linh năm nghìn"),
    (5723600, "năm triệu bảy trăm hai mươi ba nghìn sáu trăm"),
    (8000001, "tám triệu không nghìn không trăm linh một"),
    (1000000000, "một tỷ"),
    (
        1234567890,
        "một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi",
    ),
]

# Our own cases, default options.
OWN_EXAMPLES = [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (11, "mười một"),
    (19, "mười chín"),
    (20, "hai mươi"),
    (31, "ba mươi mốt"),
    (44, "bốn mươi tư"),
    (55, "năm mươi lăm"),
    (90, "chín mươi"),
    (99, "chín mươi chín"),
    (100, "một trăm"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (111, "một trăm mười một"),
    (114, "một trăm mười bốn"),
    (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"),
    (124, "một trăm hai mươi tư"),
    (500, "năm trăm"),
    (1000, "một nghìn"),
    (1001, "một nghìn không trăm linh một"),
    (1005, "một nghìn không trăm linh năm"),
    (1010, "một nghìn không trăm mười"),
    (1015, "một nghìn không trăm mười lăm"),
    (1021, "một nghìn không trăm hai mươi mốt"),
    (1100, "một nghìn một trăm"),
    (2025, "hai nghìn không trăm hai mươi lăm"),
    (10000, "mười nghìn"),
    (21000, "hai mươi mốt nghìn"),
    (25000, "hai mươi lăm nghìn"),
    (100000, "một trăm nghìn"),
    (450000, "bốn trăm năm mươi nghìn"),
    (1000000, "một triệu"),
    (1001000, "một triệu không trăm linh một nghìn"),
    (7070070, "bảy triệu không trăm bảy mươi nghìn không trăm bảy mươi"),
    (15000000, "mười lăm triệu"),
    (205000000, "hai trăm linh năm triệu"),
    (999_999_999, N999_999_999),
    (2000000000, "hai tỷ"),
    (10**12, "một nghìn tỷ"),
    # The count of tỷ is read as a number, then "tỷ" (not "một nghìn tỷ hai trăm … tỷ").
    (1_234_000_000_000, "một nghìn hai trăm ba mươi tư tỷ"),
    (10**15, "một triệu tỷ"),
    (10**18 - 1, f"{N999_999_999} tỷ {N999_999_999}"),
    (10**18, "một tỷ tỷ"),
    (1_500_000_000_000_000_000, "một tỷ năm trăm triệu tỷ"),
    (10**21 - 1, f"{N999} tỷ {N999_999_999} tỷ {N999_999_999}"),
    (-15, "âm mười lăm"),
    (-2023, "âm hai nghìn không trăm hai mươi ba"),
]

# (value, textbook reading with "không nghìn", reading that skips zero middle classes)
ZERO_CLASS_EXAMPLES = [
    (
        8_000_001,
        "tám triệu không nghìn không trăm linh một",
        "tám triệu không trăm linh một",
    ),
    (
        1_000_001,
        "một triệu không nghìn không trăm linh một",
        "một triệu không trăm linh một",
    ),
    (
        1_000_010,
        "một triệu không nghìn không trăm mười",
        "một triệu không trăm mười",
    ),
    (
        100_000_100,
        "một trăm triệu không nghìn một trăm",
        "một trăm triệu một trăm",
    ),
    (
        100_000_010,
        "một trăm triệu không nghìn không trăm mười",
        "một trăm triệu không trăm mười",
    ),
    (
        10**9 + 1,
        "một tỷ không triệu không nghìn không trăm linh một",
        "một tỷ không trăm linh một",
    ),
    (
        10**9 + 1000,
        "một tỷ không triệu không trăm linh một nghìn",
        "một tỷ không trăm linh một nghìn",
    ),
    (
        10**12 + 1,
        "một nghìn tỷ không triệu không nghìn không trăm linh một",
        "một nghìn tỷ không trăm linh một",
    ),
    (
        5_000_000_000_005,
        "năm nghìn tỷ không triệu không nghìn không trăm linh năm",
        "năm nghìn tỷ không trăm linh năm",
    ),
    (
        10**15 + 10**9,
        "một triệu không nghìn không trăm linh một tỷ",
        "một triệu không trăm linh một tỷ",
    ),
    # Trailing zero classes are silent under both settings.
    (3_000_000, "ba triệu", "ba triệu"),
    (3_000_000_000_000, "ba nghìn tỷ", "ba nghìn tỷ"),
]

OPTION_EXAMPLES: list[tuple[int, dict[str, Any], str]] = [
    (101, {"zero_tens": "lẻ"}, "một trăm lẻ một"),
    (105, {"zero_tens": "lẻ"}, "một trăm lẻ năm"),
    (1005, {"zero_tens": "lẻ"}, "một nghìn không trăm lẻ năm"),
    (2023, {"thousand": "ngàn"}, "hai ngàn không trăm hai mươi ba"),
    (10**12, {"thousand": "ngàn"}, "một ngàn tỷ"),
    (
        8_000_001,
        {"zero_tens": "lẻ", "thousand": "ngàn"},
        "tám triệu không ngàn không trăm lẻ một",
    ),
    (
        1_000_001,
        {"zero_tens": "lẻ", "read_zero_class": False},
        "một triệu không trăm lẻ một",
    ),
    # "lẻ" only replaces "linh": 115 and 24 are untouched.
    (115, {"zero_tens": "lẻ"}, "một trăm mười lăm"),
    (24, {"zero_tens": "lẻ", "thousand": "ngàn"}, "hai mươi tư"),
]


@pytest.mark.parametrize(("value", "expected"), DOMAIN_EXAMPLES + OWN_EXAMPLES)
def test_number_to_words(value: int, expected: str) -> None:
    assert number_to_words(value) == expected


@pytest.mark.parametrize(("value", "textbook", "skipped"), ZERO_CLASS_EXAMPLES)
def test_number_to_words_zero_class(value: int, textbook: str, skipped: str) -> None:
    assert number_to_words(value) == textbook
    assert number_to_words(value, read_zero_class=True) == textbook
    assert number_to_words(value, read_zero_class=False) == skipped


@pytest.mark.parametrize(("value", "options", "expected"), OPTION_EXAMPLES)
def test_number_to_words_options(value: int, options: dict[str, Any], expected: str) -> None:
    assert number_to_words(value, **options) == expected


def test_number_to_words_accepts_integral_decimal() -> None:
    assert number_to_words(Decimal("2023")) == "hai nghìn không trăm hai mươi ba"
    assert number_to_words(Decimal("1E+3")) == "một nghìn"
    assert number_to_words(Decimal("15.00")) == "mười lăm"


def test_number_to_words_accepts_nfd_options() -> None:
    nfd = unicodedata.normalize("NFD", "lẻ")
    assert number_to_words(105, zero_tens=nfd) == "một trăm lẻ năm"  # type: ignore[arg-type]


# --------------------------------------------------------------------------- money words

MONEY_EXAMPLES: list[tuple[int, dict[str, Any], str]] = [
    (30_000_000, {}, "Ba mươi triệu đồng"),
    (0, {}, "Không đồng"),
    (1, {}, "Một đồng"),
    (10_450, {}, "Mười nghìn bốn trăm năm mươi đồng"),
    (15_500_000, {}, "Mười lăm triệu năm trăm nghìn đồng"),
    (1_000_000, {"currency": "VND"}, "Một triệu VND"),
    (1_000_000, {"currency": ""}, "Một triệu"),
    (105_000, {"zero_tens": "lẻ", "thousand": "ngàn"}, "Một trăm lẻ năm ngàn đồng"),
    (8_000_001, {"read_zero_class": False}, "Tám triệu không trăm linh một đồng"),
]


@pytest.mark.parametrize(("amount", "options", "expected"), MONEY_EXAMPLES)
def test_money_in_words(amount: int, options: dict[str, Any], expected: str) -> None:
    assert money_in_words(amount, **options) == expected


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("call", "error", "fragments"),
    [
        (lambda: number_to_words(True), TypeError, ["đúng/sai", "number_to_words(1)"]),
        (lambda: number_to_words(False), TypeError, ["đúng/sai"]),
        (lambda: number_to_words(1.5), TypeError, ["số thực", "làm tròn"]),  # type: ignore[arg-type]
        (lambda: number_to_words(2.0), TypeError, ["số thực"]),  # type: ignore[arg-type]
        (lambda: number_to_words(Decimal("1.5")), ValueError, ["số nguyên", "làm tròn"]),
        (lambda: number_to_words(Decimal("NaN")), ValueError, ["số nguyên"]),
        (lambda: number_to_words("10"), TypeError, ["chuỗi", "parse_number"]),  # type: ignore[arg-type]
        (lambda: number_to_words(None), TypeError, ["số nguyên"]),  # type: ignore[arg-type]
        (lambda: number_to_words(10**21), ValueError, ["quá lớn", "10^21", "chữ số"]),
        (lambda: number_to_words(-(10**21)), ValueError, ["quá lớn"]),
        (lambda: number_to_words(5, zero_tens="le"), ValueError, ['"linh" hoặc "lẻ"']),  # type: ignore[arg-type]
        (lambda: number_to_words(5, thousand="ngan"), ValueError, ['"nghìn" hoặc "ngàn"']),  # type: ignore[arg-type]
        (lambda: number_to_words(5, read_zero_class=1), TypeError, ["True hoặc False"]),  # type: ignore[arg-type]
        (lambda: money_in_words(-1), ValueError, ["không được âm", "abs"]),
        (lambda: money_in_words(-30_000_000), ValueError, ["-30.000.000"]),
        (lambda: money_in_words(True), TypeError, ["đúng/sai"]),
        (lambda: money_in_words(1.5), TypeError, ["số thực"]),  # type: ignore[arg-type]
        (lambda: money_in_words(10**21), ValueError, ["quá lớn"]),
    ],
)
def test_words_refusals(call: Any, error: type[Exception], fragments: list[str]) -> None:
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    assert is_nfc(message)
    for fragment in fragments:
        assert fragment in message


def test_largest_supported_value_reads() -> None:
    assert number_to_words(-(10**21) + 1).startswith("âm chín trăm chín mươi chín tỷ")


# --------------------------------------------------------------------------- format_number


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, None, "0"),
        (999, None, "999"),
        (1000, None, "1.000"),
        (10450, None, "10.450"),
        (30_000_000, None, "30.000.000"),
        (-1234567, None, "-1.234.567"),
        (1234567.89, 2, "1.234.567,89"),
        (1234567.89, None, "1.234.567,89"),
        (0.1, None, "0,1"),
        (-2.5, None, "-2,5"),
        (3.0, None, "3"),
        (1e20, None, "100.000.000.000.000.000.000"),
        (5, 2, "5,00"),
        (Decimal("1234.5"), None, "1.234,5"),
        (Decimal("1234.50"), None, "1.234,50"),
        (Decimal("-0"), None, "0"),
        # Half up, from the decimal text: 2.675 is 2,68 (binary float would give 2,67).
        (2.675, 2, "2,68"),
        (0.125, 2, "0,13"),
        (1234.5, 0, "1.235"),
        (-2.5, 0, "-3"),
        (-0.001, 2, "0,00"),
        (Decimal("9999.995"), 2, "10.000,00"),
        # Past the 28 digits of the default decimal context, nothing is lost.
        (10**30 + 1, None, "1.000.000.000.000.000.000.000.000.000.001"),
        (10**30 + 1, 2, "1.000.000.000.000.000.000.000.000.000.001,00"),
        (
            Decimal("-1234567890123456789012345678901.55"),
            1,
            "-1.234.567.890.123.456.789.012.345.678.901,6",
        ),
    ],
)
def test_format_number(value: int | float | Decimal, decimals: int | None, expected: str) -> None:
    assert format_number(value, decimals=decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "error", "fragment"),
    [
        (True, None, TypeError, "không nhận bool"),
        ("10", None, TypeError, "không nhận str"),
        (None, None, TypeError, "cần một số"),
        (float("nan"), None, ValueError, "hữu hạn"),
        (float("inf"), None, ValueError, "hữu hạn"),
        (Decimal("Infinity"), None, ValueError, "hữu hạn"),
        (1.5, -1, ValueError, "decimals=0"),
        (1.5, 1.5, TypeError, "decimals=2"),
        (1.5, True, TypeError, "decimals=2"),
    ],
)
def test_format_number_refusals(
    value: Any, decimals: Any, error: type[Exception], fragment: str
) -> None:
    with pytest.raises(error, match=re.escape(fragment)):
        format_number(value, decimals=decimals)


# --------------------------------------------------------------------------- format_count


@pytest.mark.parametrize(
    ("value", "width", "expected"),
    [
        (1, 2, "01"),
        (6, 2, "06"),
        (0, 2, "00"),
        (21, 2, "21"),
        (99, 2, "99"),
        (100, 2, "100"),
        (10450, 2, "10.450"),
        (None, 2, ""),
        (5, 3, "005"),
        (1234, 3, "1.234"),
        (7, 1, "7"),
    ],
)
def test_format_count(value: int | None, width: int, expected: str) -> None:
    assert format_count(value, width=width) == expected


@pytest.mark.parametrize(
    ("value", "width", "error", "fragment"),
    [
        (True, 2, TypeError, "số nguyên hoặc None"),
        (1.0, 2, TypeError, "số nguyên hoặc None"),
        ("1", 2, TypeError, "số nguyên hoặc None"),
        (-1, 2, ValueError, "không được âm"),
        (1, 0, ValueError, "width=2"),
    ],
)
def test_format_count_refusals(
    value: Any, width: Any, error: type[Exception], fragment: str
) -> None:
    with pytest.raises(error, match=re.escape(fragment)):
        format_count(value, width=width)


# --------------------------------------------------------------------------- format_money


@pytest.mark.parametrize(
    ("amount", "symbol", "expected"),
    [
        (30_000_000, "đ", "30.000.000đ"),
        (30_000_000, "đồng", "30.000.000 đồng"),
        (30_000_000, "VND", "30.000.000 VND"),
        (30_000_000, "", "30.000.000"),
        (0, "đ", "0đ"),
        (500, "đ", "500đ"),
        (-500_000, "đ", "-500.000đ"),
        (1_500_000, unicodedata.normalize("NFD", "đồng"), "1.500.000 đồng"),
    ],
)
def test_format_money(amount: int, symbol: str, expected: str) -> None:
    result = format_money(amount, symbol=symbol)
    assert result == expected
    assert is_nfc(result)


def test_format_money_default_symbol() -> None:
    assert format_money(30_000_000) == "30.000.000đ"


@pytest.mark.parametrize("amount", [1.5, True, Decimal("10"), "10"])
def test_format_money_refusals(amount: Any) -> None:
    with pytest.raises(TypeError, match="số tiền nguyên"):
        format_money(amount)


# --------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.450", 10450),
        ("30.000.000", 30000000),
        ("1 234", 1234),
        ("1\u00a0234\u00a0567", 1234567),
        (" 42 ", 42),
        ("10450", 10450),
        ("0", 0),
        ("007", 7),
        ("-10.450", -10450),
        ("-5", -5),
        ("999", 999),
        ("1.000.000.000", 1_000_000_000),
    ],
)
def test_parse_number(text: str, expected: int) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("10,5", ['"10,5"', "thập phân", "10.450"]),
        ("1.234.567,89", ["thập phân"]),
        ("1.23", ['"1.23"', "đúng 3 chữ số", 'nhóm "23" có 2']),
        ("10.45", ['Viết 10450 hoặc "10.450"']),
        ("1.2345", ['Viết 12345 hoặc "12.345"']),
        ("12345.678", ["nhóm đầu", 'Viết 12345678 hoặc "12.345.678"']),
        ("abc", ['"abc"', "chữ số"]),
        ("12a", ["chữ số"]),
        ("+5", ["chữ số"]),
        ("", ["rỗng"]),
        ("   ", ["rỗng"]),
        ("-", ['thiếu chữ số sau dấu "-"']),
        ("1..234", ["thừa"]),
        (".234", ["thừa"]),
        ("1.234.", ["thừa"]),
        ("1.234 567", ["một loại"]),
        ("١٢٣", ["chữ số"]),  # Arabic-Indic digits are not Vietnamese notation
    ],
)
def test_parse_number_refusals(text: str, fragments: list[str]) -> None:
    with pytest.raises(ValueError) as info:
        parse_number(text)
    message = str(info.value)
    assert is_nfc(message)
    for fragment in fragments:
        assert fragment in message


def test_parse_number_refuses_non_text() -> None:
    with pytest.raises(TypeError, match="cần một chuỗi"):
        parse_number(10450)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- dates


@dataclass(frozen=True)
class Ngay:
    """A partial date as drafts have them."""

    nam: int | None
    thang: int | None = None
    ngay: int | None = None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2023, 12, 5), "ngày 05 tháng 12 năm 2023"),
        (date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
        (date(2024, 1, 9), "ngày 09 tháng 01 năm 2024"),
        (date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
        (date(2023, 3, 1), "ngày 01 tháng 3 năm 2023"),
        (date(2023, 9, 10), "ngày 10 tháng 9 năm 2023"),
        (date(2023, 10, 16), "ngày 16 tháng 10 năm 2023"),
        (date(2023, 11, 15), "ngày 15 tháng 11 năm 2023"),
        (datetime(2023, 12, 5, 14, 30), "ngày 05 tháng 12 năm 2023"),
        (Ngay(2023, 12, 5), "ngày 05 tháng 12 năm 2023"),
        (Ngay(2023, 12), "ngày    tháng 12 năm 2023"),
        (Ngay(2024, 2), "ngày    tháng 02 năm 2024"),
        (Ngay(2023), "ngày    tháng    năm 2023"),
        (Ngay(None, 12, 5), "ngày 05 tháng 12 năm    "),
        (Ngay(2023, None, 5), "ngày 05 tháng    năm 2023"),
        (Ngay(None, 2, 29), "ngày 29 tháng 02 năm    "),
    ],
)
def test_format_date(value: Any, expected: str) -> None:
    assert format_date(value) == expected


def test_format_date_blank_day_is_four_spaces() -> None:
    text = format_date(Ngay(2023, 12))
    assert text.startswith("ngày" + " " * 4 + "tháng")
    assert "ngày     " not in text


@pytest.mark.parametrize(
    ("value", "place", "expected"),
    [
        (date(2023, 12, 5), "Bắc Kạn", "Bắc Kạn, ngày 05 tháng 12 năm 2023"),
        (Ngay(2023, 12), "Bắc Kạn", "Bắc Kạn, ngày    tháng 12 năm 2023"),
        (date(2025, 7, 1), "  Thái Nguyên ", "Thái Nguyên, ngày 01 tháng 7 năm 2025"),
        (date(2023, 12, 5), "", "ngày 05 tháng 12 năm 2023"),
        (date(2023, 12, 5), None, "ngày 05 tháng 12 năm 2023"),
        (
            date(2023, 12, 5),
            unicodedata.normalize("NFD", "Bắc Kạn"),
            "Bắc Kạn, ngày 05 tháng 12 năm 2023",
        ),
    ],
)
def test_format_date_place(value: Any, place: str | None, expected: str) -> None:
    result = format_date(value, place=place)
    assert result == expected
    assert is_nfc(result)


@pytest.mark.parametrize(
    ("value", "error", "fragment"),
    [
        (Ngay(2023, 2, 30), ValueError, "chỉ có 28 ngày"),
        (Ngay(None, 2, 30), ValueError, "chỉ có 29 ngày"),
        (Ngay(2023, 13), ValueError, "tháng 13 không có"),
        (Ngay(2023, 12, 0), ValueError, "ngày 0 không có"),
        (Ngay(2023, True), TypeError, "số nguyên hoặc None"),
        ("2023-12-05", TypeError, "datetime.date"),
        (None, TypeError, "datetime.date"),
    ],
)
def test_format_date_refusals(value: Any, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error, match=re.escape(fragment)):
        format_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2023, 10, 16), "16/10/2023"),
        (date(2024, 1, 5), "05/01/2024"),
        (date(2019, 6, 29), "29/06/2019"),
        (datetime(2023, 12, 5, 8, 0), "05/12/2023"),
        (Ngay(2023, 10, 16), "16/10/2023"),
    ],
)
def test_format_short_date(value: Any, expected: str) -> None:
    assert format_short_date(value) == expected


def test_format_short_date_in_reference() -> None:
    line = f"Kế hoạch số 695/KH-UBND, ngày {format_short_date(date(2023, 10, 16))}"
    assert line == "Kế hoạch số 695/KH-UBND, ngày 16/10/2023"


@pytest.mark.parametrize("value", [Ngay(2023, 12), Ngay(2023), Ngay(None, 12, 5)])
def test_format_short_date_needs_a_full_date(value: Ngay) -> None:
    with pytest.raises(ValueError, match="format_date"):
        format_short_date(value)


# --------------------------------------------------------------------------- properties

VOCABULARY = {
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
    "mười", "mươi", "mốt", "tư", "lăm", "linh", "trăm", "nghìn", "triệu", "tỷ",
}  # fmt: skip


@given(st.integers(min_value=0, max_value=10**18 - 1))
def test_words_are_well_formed(n: int) -> None:
    text = number_to_words(n)
    assert text == text.strip()
    assert "  " not in text
    assert "tỉ" not in text
    assert is_nfc(text)
    assert set(text.split()) <= VOCABULARY


@given(st.integers(min_value=-(10**21) + 1, max_value=10**21 - 1))
def test_words_whole_range(n: int) -> None:
    text = number_to_words(n)
    assert text.startswith("âm ") == (n < 0)
    assert "  " not in text


@given(st.integers(min_value=0, max_value=10**21 - 1))
def test_special_units_follow_their_rules(n: int) -> None:
    words = number_to_words(n).split()
    for before, word in itertools.pairwise(words):
        if word == "mốt" or word == "tư":
            assert before == "mươi"  # rules 3 and 5: only after tens >= 2
        if word == "lăm":
            assert before in ("mười", "mươi")  # rule 4: after a non-zero tens digit
        if word == "linh":
            assert before == "trăm"  # rule 6: zero tens inside a hundreds reading
    assert words[0] not in ("mốt", "tư", "lăm", "linh", "trăm")


@given(st.integers(min_value=1, max_value=999))
def test_round_classes_end_with_their_name(n: int) -> None:
    head = number_to_words(n)
    assert number_to_words(n * 1000) == f"{head} nghìn"
    assert number_to_words(n * 10**6) == f"{head} triệu"
    assert number_to_words(n * 10**9) == f"{head} tỷ"
    assert number_to_words(n * 10**12) == f"{head} nghìn tỷ"
    assert number_to_words(n * 10**15) == f"{head} triệu tỷ"
    assert number_to_words(n * 10**18) == f"{head} tỷ tỷ"
    assert number_to_words(n * 1000, thousand="ngàn").endswith(" ngàn")


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=999))
def test_class_after_the_first_is_read_in_full(m: int, k: int) -> None:
    # Rule 7: a later class keeps "không trăm" (and "linh" before a lone unit).
    if k >= 100:
        tail = number_to_words(k)
    elif k >= 10:
        tail = f"không trăm {number_to_words(k)}"
    else:
        tail = f"không trăm linh {number_to_words(k)}"
    assert number_to_words(m * 1000 + k) == f"{number_to_words(m * 1000)} {tail}"


@given(st.integers(min_value=0, max_value=10**21 - 1))
def test_skipping_zero_classes_only_drops_them(n: int) -> None:
    textbook = number_to_words(n, read_zero_class=True)
    skipped = number_to_words(n, read_zero_class=False)
    stripped = re.sub(r"không (nghìn|triệu) ?", "", textbook).strip()
    assert skipped == stripped


@given(st.integers(min_value=0, max_value=10**21 - 1))
def test_options_only_swap_their_word(n: int) -> None:
    plain = number_to_words(n).split()
    southern = number_to_words(n, zero_tens="lẻ", thousand="ngàn").split()
    swap = {"linh": "lẻ", "nghìn": "ngàn"}
    assert southern == [swap.get(word, word) for word in plain]


@given(st.integers(min_value=1, max_value=10**21 - 1))
def test_negative_is_am_plus_positive(n: int) -> None:
    assert number_to_words(-n) == f"âm {number_to_words(n)}"


@given(st.integers(min_value=0, max_value=10**21 - 1))
def test_money_is_capitalised_words(n: int) -> None:
    words = number_to_words(n)
    assert money_in_words(n) == f"{words[0].upper()}{words[1:]} đồng"


@given(st.integers(min_value=0, max_value=10**30))
def test_parse_number_reads_format_number(n: int) -> None:
    assert parse_number(format_number(n)) == n
    assert parse_number(format_money(n, symbol="")) == n


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_parse_number_reads_space_groups(n: int) -> None:
    assert parse_number(format_number(n).replace(".", " ")) == n


@given(st.dates())
def test_date_formats(value: date) -> None:
    assert datetime.strptime(format_short_date(value), "%d/%m/%Y").date() == value
    text = format_date(value)
    match = re.fullmatch(r"ngày (\d\d) tháng (\d\d?) năm (\d+)", text)
    assert match is not None
    day, month, year = (int(g) for g in match.groups())
    assert (year, month, day) == (value.year, value.month, value.day)
    assert len(match.group(2)) == (2 if value.month <= 2 else len(str(value.month)))


# --------------------------------------------------------------------------- module


def test_all_is_sorted_and_public() -> None:
    assert vietnamese.__all__ == sorted(vietnamese.__all__)
    for name in vietnamese.__all__:
        assert not name.startswith("_")
        assert getattr(vietnamese, name).__doc__


def test_doctests_pass() -> None:
    result = doctest.testmod(vietnamese, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


@given(
    st.one_of(
        st.floats(allow_nan=False, allow_infinity=False),
        st.integers(-(10**9), 10**9).map(lambda n: n / 1000),
        st.decimals(-1000, 1000, places=4, allow_nan=False).map(float),
    ),
    st.integers(0, 15),
)
def test_float_with_decimals_written_as_the_decimal_way(value: float, decimals: int) -> None:
    """The quick path for floats (shares, percentages) writes what the Decimal path writes."""
    quick = vietnamese._rounded_float(value, decimals)
    with localcontext(Context(prec=800)):  # a float's whole part has up to 309 digits
        number = Decimal(repr(value)).quantize(Decimal(f"1e-{decimals}"), ROUND_HALF_UP)
    assert number.is_finite()
    if quick is not None:
        # The same text as before the quick path: half up on repr's digits, "." and ",".
        sign = "-" if number.is_signed() and number else ""
        whole, _, fraction = format(number.copy_abs(), "f").partition(".")
        grouped = f"{int(whole):,}".replace(",", ".")
        assert quick == sign + grouped + (f",{fraction}" if fraction else "")
    assert format_number(value, decimals=decimals) == (
        quick if quick is not None else format_number(Decimal(repr(value)), decimals=decimals)
    )
