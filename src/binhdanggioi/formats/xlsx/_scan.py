"""The streaming pass over a sheet's XML: its limits, and what the fast reader cannot tell.

openpyxl builds a whole row before it hands it over, and calamine a whole sheet;
this pass counts rows, cells per row and merged ranges first, and finds numbers
too long for Python, so that neither memory nor time grows with a hostile file.
It also notes what only openpyxl reads as the form needs (formulas, error cells,
number formats, escaped text): a sheet holding any of it is read with openpyxl.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Mapping
from typing import Any, Final

import attrs

from binhdanggioi.errors import DataError, DataIssue
from binhdanggioi.formats.xlsx.layout import (
    _MAX_MERGES,
    _MAX_ROW_CELLS,
    _MAX_ROWS,
    _READ_COLUMNS,
    _column_letter,
)
from binhdanggioi.serialization import _printable
from binhdanggioi.vietnamese import format_number

_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
_MERGE = re.compile(rb"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?")
_CELL_REF = re.compile(rb'[^>]*?\sr="([A-Z]{1,3}[0-9]{1,7})"')
_CHUNK = 1 << 20  # bytes of sheet XML read at a time
_TAIL = 1 << 14  # bytes kept of an element cut by a chunk: more than any tag we look at
_ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")
_LAST_COLUMN: Final = _column_letter(_READ_COLUMNS).encode()

# What a number-format style means to the fast reader (``_Styles``).
PLAIN: Final = 0  # the number as written
DATE: Final = 1  # a date (no time of day): calamine and openpyxl agree on these
OTHER: Final = 2  # a percentage, a time, anything else: read with openpyxl
_FIRST_DAY: Final = 61  # 1 March 1900 as Excel counts days
_LAST_DAY: Final = 2_958_465  # 31 December 9999


@attrs.frozen
class _Scan:
    """What a first pass over a sheet's XML found.

    ``formulas`` and the merged ranges serve both readers; ``plain`` says calamine
    reads the sheet as openpyxl would, ``dates`` how many date cells it should find.
    """

    formulas: bool
    merges: tuple[tuple[int, int, int, int], ...]
    plain: bool = False
    dates: int = 0


def _too_big(title: str, message: str) -> DataError:
    return DataError([DataIssue(title, _printable(message))])


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters.decode("ascii"):
        index = index * 26 + ord(ch) - 64
    return index


@functools.cache
def _tags(digits: int) -> re.Pattern[bytes]:
    """The tags the scan counts; a number of more than ``digits`` digits is one too.

    A cell written the usual way is matched whole, value and all
    (``<c r="E7" s="3"><v>12</v></c>``: ``text`` or ``value``), so that the search
    skips its inner tags; a cell of another shape is matched by its tag alone, with
    its attributes (``ref``) or without (``cell``). A value that is not a short plain
    number (``odd``: ``1E+2``, ``2023.0``, ``inf``, 16 digits) is one the two readers
    could read differently.
    """
    long_number = rb"|v>\s*[-+]?0*(?P<long>\d{%d,})" % (digits + 1) if digits > 0 else b""
    plain_number = rb"-?\d{1,15}(?:\.\d{0,29}[1-9])?"
    # One "<" and namespace prefix for every alternative: re has no common-prefix
    # optimisation, and the scan runs over every byte of every sheet.
    return re.compile(
        _PREFIX
        + rb"(?:"
        # A whole cell within the form's columns and rows, in the shape Excel writes:
        # text (inline or shared), a flag, or a plain number judged by its style.
        + rb'c\s+r="(?:[A-Z]|A[A-N])\d{1,4}"(?:\s+s="(?P<vs>\d{1,9})")?'
        + rb'(?:\s+t="(?:inlineStr"\s*><is><t(?:\s[^>/]*)?>[^<]+</t></is>'
        + rb'|s"\s*><v>\d{1,9}</v>|b"\s*><v>[01]</v>)</c>(?P<text>)'
        + rb'|(?:\s+t="n")?\s*>(?:<v>(?P<v>'
        + plain_number
        + rb")</v>)?</c>(?P<value>))"
        # Text, a flag or no value, within the form's columns and rows: nothing to judge.
        + rb'|c\s+r="(?:[A-Z]|A[A-N])\d{1,4}"(?:\s+s="\d{1,9}")?'
        + rb'(?:\s+t="(?:s|inlineStr|b)"\s*>|(?:\s+t="\w{1,9}")?\s*/>)(?P<safe>)'
        # A number within them: its style says whether calamine reads it alike.
        + rb'|c\s+r="(?:[A-Z]|A[A-N])\d{1,4}"(?:\s+s="(?P<style>\d{1,9})")?'
        + rb'(?:\s+t="n")?\s*>(?P<number>)'
        + rb'|c\s+r="(?P<col>[A-Z]{1,3})(?P<ref>\d{1,7})"(?:\s+s="(?P<s>\d{1,9})")?'
        + rb'(?:\s+t="(?P<t>\w{1,9})")?\s*(?P<end>/?)>'
        + rb'|row(?=[\s>/])(?:[^>]{0,200}?\sr="(?P<r>[0-9]{1,7})")?(?P<row>)'
        + rb"|(?:(?P<cell>c)|(?P<f>f))(?=[\s>/])"
        + rb"|t(?:\s[^>]*)?(?:/>|></)(?P<blank>)"
        + rb'|mergeCell\s+ref="(?P<merge>[A-Z]+\d+(?::[A-Z]+\d+)?)"'
        + long_number
        + rb"|v>(?P<odd>)(?!"
        + plain_number
        + rb"<)"
        + rb")"
    )


_CELLS: Final = frozenset({"text", "value", "safe", "number", "end", "cell"})


def _scan(stream: Any, title: str, styles: Mapping[bytes, int] | None = None) -> _Scan:
    """Stream a sheet's XML once, in chunks, refusing it as soon as it is too big.

    Every tag looked at starts with "<" and holds no other "<", so a chunk is cut
    at its last "<" and the rest carried into the next; a cell matched whole holds
    no "<" but its own tags' and ends before that cut. ``styles`` (the workbook's
    number-format styles by index, when the fast reader asks) lets the pass judge
    each cell.
    """
    limit = sys.get_int_max_str_digits()
    tags = _tags(limit)
    rows = cells = row_number = dates = 0
    formulas = False
    plain = styles is not None
    known: Mapping[bytes, int] = styles or {}
    merges: list[tuple[int, int, int, int]] = []
    last_cell: re.Match[bytes] | None = None
    tail = b""
    while True:
        chunk = stream.read(_CHUNK)
        data = tail + chunk
        cut = data.rfind(b"<") if chunk else len(data)
        cut = len(data) if cut < 0 else cut
        if plain and _ESCAPE.search(data, 0, cut):
            plain = False  # "_x000D_": openpyxl keeps it, calamine decodes it
        for m in tags.finditer(data, 0, cut):
            kind = m.lastgroup
            if kind in _CELLS:
                cells += 1
                last_cell = m
                if cells > _MAX_ROW_CELLS:
                    raise _too_big(title, _cells_message(row_number))
                if kind == "text" or kind == "safe" or not plain:
                    continue
                if kind == "value":
                    style = known.get(m["vs"] or b"0", OTHER)
                    if style == DATE:
                        dates += 1
                        plain = _calendar_day(m["v"] or b"")
                    else:
                        plain = style != OTHER
                else:
                    plain = _judge(m, known)
            elif kind == "row":
                rows, cells = rows + 1, 0
                numbered = m["r"]
                row_number = int(numbered) if numbered else rows
                if rows > _MAX_ROWS:
                    raise _too_big(title, _rows_message())
                if not numbered or row_number > _MAX_ROWS:
                    plain = False
            elif kind == "f":
                formulas, plain = True, False
            elif kind == "merge":
                if len(merges) >= _MAX_MERGES:
                    raise _too_big(
                        title,
                        f"trang có hơn {format_number(_MAX_MERGES)} vùng ô gộp; bỏ gộp ô "
                        "(Unmerge) ở những vùng không cần",
                    )
                merges.append(_merge_range(m["merge"]))
            elif kind == "long":
                where = title
                if last_cell is not None:
                    start = last_cell.start() + 1
                    found = _CELL_REF.match(last_cell.string, start, start + 200)
                    where = f"{title}!{found[1].decode()}" if found else title
                raise _too_big(
                    where,
                    f"ô chứa số có {len(m['long'])} chữ số, quá dài (tối đa {limit}); "
                    "gõ lại số cho đúng, hoặc ghi dạng văn bản nếu là mã",
                )
            else:  # "blank": an empty text (openpyxl reads "", calamine nothing); "odd"
                plain = False
        if not chunk:
            return _Scan(formulas, tuple(merges), plain, dates)
        tail = data[cut : cut + _TAIL]


def _calendar_day(value: bytes) -> bool:
    """A date cell's day number is a whole day from 1 March 1900 to 31 December 9999.

    Before, Excel counts a 29 February 1900 that openpyxl does not; a time of day,
    or a day out of range, is read by openpyxl (calamine even panics on some of them:
    ``-99999999999999`` as a date), so calamine never sees them.

    >>> [_calendar_day(v) for v in (b"45000", b"60", b"2958466", b"-5", b"45000.5")]
    [True, False, False, False, False]
    """
    return value.isdigit() and _FIRST_DAY <= int(value) <= _LAST_DAY


def _judge(m: re.Match[bytes], styles: Mapping[bytes, int]) -> bool:
    """Whether calamine reads this cell, matched by its tag alone, as openpyxl does.

    Its value is out of sight here: a number styled as a date is left to openpyxl.
    """
    if m.lastgroup == "number":
        return styles.get(m["style"] or b"0", OTHER) == PLAIN
    column, kind = m["col"], m["t"]
    if column is None or int(m["ref"]) > _MAX_ROWS or len(column) > len(_LAST_COLUMN):
        return False  # no reference, or far out: openpyxl reads only the form's part
    if len(column) == len(_LAST_COLUMN) and column > _LAST_COLUMN:
        return False
    if m["end"] or kind in (b"s", b"inlineStr", b"b"):
        return True
    return kind in (None, b"n") and styles.get(m["s"] or b"0", OTHER) == PLAIN


def _cells_message(row: int) -> str:
    return (
        f"dòng {row} có hơn {_MAX_ROW_CELLS} ô; mẫu nhập liệu chỉ có vài chục cột: xóa các "
        "cột thừa bên phải rồi lưu lại"
    )


def _rows_message() -> str:
    return (
        f"trang có hơn {format_number(_MAX_ROWS)} dòng; mẫu nhập liệu chỉ cần vài trăm "
        "dòng: xóa các dòng thừa ở cuối trang (kể cả dòng trống đã định dạng), hoặc chép "
        "số liệu sang mẫu mới tạo bằng: binhdanggioi form -o mau-nhap-lieu.xlsx"
    )


@functools.lru_cache(maxsize=1024)  # the forms of a province merge the same ranges
def _merge_range(ref: bytes) -> tuple[int, int, int, int]:
    found = _MERGE.fullmatch(ref)
    assert found is not None  # the scan matched the same shape
    c1, r1, c2, r2 = found.groups()
    top, left = int(r1), _column_index(c1)
    bottom, right = (int(r2), _column_index(c2)) if c2 else (top, left)
    return top, left, bottom, right
