"""Junk fed to every public entry point gives a clear error, never a crash from deep inside."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

import binhdanggioi as bdg
from binhdanggioi.errors import BinhDangGioiError

JUNK: list[Any] = [None, "", "😴", 5, -1, 1.5, True, [], {}, b"\x00", object()]

EXAMPLE = bdg.load(bdg.example_path())
UNIT = bdg.DonVi("Bạch Thông", "huyen", loai="huyện")

# Each entry point with the junk in the place of its main argument.
ENTRY_POINTS: dict[str, Callable[[Any], object]] = {
    "loads": bdg.loads,
    "dumps": bdg.dumps,
    "load": bdg.load,
    "validate": bdg.validate,
    "template_context": bdg.template_context,
    "render": lambda junk: bdg.render(junk, "markdown"),
    "render-format": lambda junk: bdg.render(EXAMPLE, junk),
    "aggregate-reports": lambda junk: bdg.aggregate(junk, don_vi=UNIT),
    "aggregate-item": lambda junk: bdg.aggregate([EXAMPLE, junk], don_vi=UNIT),
    "aggregate-unit": lambda junk: bdg.aggregate([EXAMPLE], don_vi=junk),
    "number_to_words": bdg.number_to_words,
    "money_in_words": bdg.money_in_words,
    "format_number": bdg.format_number,
    "format_date": bdg.format_date,
    "format_date-place": lambda junk: bdg.format_date(date(2023, 12, 5), place=junk),
    "money_in_words-currency": lambda junk: bdg.money_in_words(5, currency=junk),
}

# Junk that is in fact a valid argument for that entry point.
ACCEPTED = {
    ("number_to_words", 5),
    ("number_to_words", -1),
    ("money_in_words", 5),
    ("format_number", 5),
    ("format_number", -1),
    ("format_number", 1.5),
    ("format_date-place", None),
    ("format_date-place", ""),
    ("format_date-place", "😴"),
    ("money_in_words-currency", ""),
    ("money_in_words-currency", "😴"),
    ("render-format", "markdown"),
}


def _is_vietnamese(message: str) -> bool:
    # Vietnamese letters with diacritics live in Latin-1, Latin Extended-A/B and
    # Latin Extended Additional; English messages from dependencies have none.
    return any("\u00c0" <= ch <= "\u1ef9" and ch.isalpha() for ch in message)


@pytest.mark.parametrize("name", sorted(ENTRY_POINTS))
@pytest.mark.parametrize("junk", JUNK, ids=repr)
def test_junk_gives_a_clear_error(name: str, junk: Any) -> None:
    call = ENTRY_POINTS[name]
    accepted = any(n == name and type(a) is type(junk) and a == junk for n, a in ACCEPTED)
    if accepted:
        call(junk)
        return
    with pytest.raises((BinhDangGioiError, TypeError, ValueError)) as caught:
        call(junk)
    assert _is_vietnamese(str(caught.value)), f"{name}({junk!r}): {caught.value}"


@pytest.mark.parametrize("expected", ["xã A", [None], [5], 7])
def test_expected_units_of_the_wrong_kind(expected: Any) -> None:
    with pytest.raises(TypeError, match="expected"):
        bdg.aggregate([EXAMPLE], don_vi=bdg.DonVi("Bắc Kạn", "tinh"), expected=expected)
