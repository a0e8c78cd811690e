"""TOML, read with :mod:`tomllib` and written with ``tomli_w``; errors name their place.

>>> parse('nam = 2023')
{'nam': 2023}
>>> parse('nam = \\nx = 1')
Traceback (most recent call last):
...
binhdanggioi.errors.DataError: dòng 1, cột 7: TOML không hợp lệ: Invalid value
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from binhdanggioi.errors import DataError, DataIssue
from binhdanggioi.formats._text import long_number

__all__ = ["NAME", "emit", "parse"]

NAME = "toml"


def parse(text: str) -> Any:
    """Plain data (dicts, lists, text, numbers, dates) from TOML ``text``."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        # tomllib (3.11) keeps the place only in its message: "... (at line 2, column 10)".
        found = re.search(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$", str(err))
        where = "cuối tệp" if found and not found[1] else ""
        where = f"dòng {found[1]}, cột {found[2]}" if found and found[1] else where
        problem = str(err)[: found.start()] if found else str(err)
        raise DataError([DataIssue(where, f"TOML không hợp lệ: {problem}")]) from err
    except ValueError as err:
        # tomllib lets int() refuse a number too long to convert, with no place.
        issue = long_number(text, "TOML") or DataIssue("", f"TOML không hợp lệ: {err}")
        raise DataError([issue]) from err


def emit(data: Any) -> str:
    """TOML text for plain ``data`` (a table at the top)."""
    import tomli_w  # only writing TOML needs it

    return tomli_w.dumps(data)
