"""What the text formats share: places in a text, and numbers too long to read."""

from __future__ import annotations

import re
import sys

from binhdanggioi.errors import DataIssue

__all__ = ["long_number", "max_digits", "place", "too_long"]


def max_digits() -> int:
    """The most digits Python turns into an integer (4300 unless the program changed it)."""
    limit = sys.get_int_max_str_digits()
    return limit if limit > 0 else sys.maxsize


def place(text: str, index: int) -> str:
    """``dòng L, cột C`` (1-based) of the character at ``index``.

    >>> place("a\\nbc", 3)
    'dòng 2, cột 2'
    """
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"dòng {line}, cột {column}"


def long_number(text: str, label: str) -> DataIssue | None:
    """The first run of digits too long to be an integer, as an issue; ``None`` if none.

    Parsers that meet one raise Python's English ``ValueError`` without a place; the
    run is found again in the text to name where it is.
    """
    limit = max_digits()
    found = re.search(rf"\d{{{limit + 1},}}", text) if limit < sys.maxsize else None
    if found is None:
        return None
    problem = too_long(len(found[0]), limit)
    return DataIssue(place(text, found.start()), f"{label} không hợp lệ: {problem}")


def too_long(digits: int, limit: int) -> str:
    """What is wrong with a number of ``digits`` digits."""
    return (
        f"số có {digits} chữ số, quá dài (tối đa {limit}); "
        "nếu là mã hay văn bản, viết trong ngoặc kép"
    )
