"""JSON, read strictly: a key written twice is refused, every error names its place.

>>> parse('{"nam": 2023}')
{'nam': 2023}
>>> parse('{"nam": 2023, "nam": 2024}')
Traceback (most recent call last):
...
binhdanggioi.errors.DataError: JSON không hợp lệ: khóa 'nam' lặp lại: mỗi khóa chỉ được ghi một lần
"""

from __future__ import annotations

import json
from typing import Any

from binhdanggioi.errors import DataError, DataIssue
from binhdanggioi.formats._text import long_number

__all__ = ["NAME", "emit", "parse"]

NAME = "json"


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"khóa '{key}' lặp lại: mỗi khóa chỉ được ghi một lần")
        out[key] = value
    return out


def parse(text: str) -> Any:
    """Plain data (dicts, lists, text, numbers) from JSON ``text``."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as err:
        where = f"dòng {err.lineno}, cột {err.colno}"
        raise DataError([DataIssue(where, f"JSON không hợp lệ: {err.msg}")]) from err
    except ValueError as err:
        issue = long_number(text, "JSON") or DataIssue("", f"JSON không hợp lệ: {err}")
        raise DataError([issue]) from err


def emit(data: Any) -> str:
    """JSON text for plain ``data``, indented, Vietnamese letters as they are."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
