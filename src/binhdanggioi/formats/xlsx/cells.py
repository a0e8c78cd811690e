"""The cell codec: report values into cells, and cell values back into plain data.

Writers take an openpyxl cell and a value that is not empty; readers take what a
cell holds (never ``None``) and return plain data for the structuring step, or
:data:`_OMIT` when the cell says nothing. Which codec a field uses is its kind's
entry in :data:`~binhdanggioi.formats.xlsx.layout._KINDS`.

>>> _escape("A_x0041_")
'A_x005F_x0041_'
>>> _unescape(_escape("A_x0041_"))
'A_x0041_'
>>> _decode_lines(_encode_lines(["một", "", "hai"]) or "")
['một', '', 'hai']
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Final

from binhdanggioi.catalogue import Catalogue, catalogue_for
from binhdanggioi.errors import DataError, DataIssue, MissingDependencyError
from binhdanggioi.model import Cap, NgayThang, NguonKinhPhi, NhomNguoi
from binhdanggioi.vietnamese import format_number
from binhdanggioi.vocabulary import fold, nhom_doi_tuong

_CAP_LABELS: Final = {cap: cap.nhan_don for cap in Cap}  # "Xã", "Trường học", ...
_YES: Final = "Có"
_MAX_EXACT = 10**15  # Excel keeps 15 significant digits; larger numbers go as text


def _openpyxl() -> Any:
    """The openpyxl module, imported only when a form is written or read."""
    try:
        import openpyxl
    except ImportError as err:
        raise MissingDependencyError("openpyxl", feature="mẫu nhập liệu Excel") from err
    return openpyxl


# --------------------------------------------------------------------------- text

# Text escaping follows OOXML's own convention (_xHHHH_), which Excel reads and
# writes: control characters cannot be stored in XML, "\r" would be lost, and a
# literal "_x0041_" must not turn into "A" on the way back.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
_CELL_LIMIT = 32_767  # the most characters an Excel cell holds
_LITERAL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_EMPTY_TEXT = '""'  # an empty text, which a cell cannot otherwise hold


def _escape(text: str) -> str:
    if text == "":
        return _EMPTY_TEXT
    if text == _EMPTY_TEXT:
        return '_x0022_"'
    text = _LITERAL_ESCAPE.sub("_x005F_", text)
    return _XML_UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _unescape(text: str) -> str:
    if text == _EMPTY_TEXT:
        return ""
    if "_x" in text:
        text = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
        # Two escaped halves of a UTF-16 pair make one character; a lone half stays
        # and the converter refuses it on its field.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    return unicodedata.normalize("NFC", text)


def _encode_lines(items: Sequence[str]) -> str | None:
    """Several texts in one cell: one a line, or a JSON list when lines would be ambiguous."""
    if not items:
        return None
    plain = "\n".join(items)
    if all(items) and not any("\n" in i for i in items) and not plain.startswith("["):
        return plain
    return json.dumps(list(items), ensure_ascii=False)


def _decode_lines(text: str) -> list[str]:
    if text.startswith("["):
        try:
            items = json.loads(text)
        except ValueError:
            items = None
        if isinstance(items, list) and all(isinstance(i, str) for i in items):
            return items
    return [line for line in text.split("\n") if line != ""]


def _caps_label(caps: Iterable[Cap]) -> str:
    return ", ".join(_CAP_LABELS[c] for c in caps)


def _partial_date_text(value: NgayThang) -> str:
    if value.thang is None:
        return f"{value.nam:04d}"
    if value.ngay is None:
        return f"{value.thang:02d}/{value.nam:04d}"
    return f"{value.ngay:02d}/{value.thang:02d}/{value.nam:04d}"


def _catalogue(nam: int | None) -> Catalogue | None:
    if nam is None:
        return None
    try:
        return catalogue_for(nam)
    except (LookupError, ValueError, DataError):
        return None


def _indicator_text(catalogue: Catalogue | None, bang: str, code: str) -> str:
    """What the indicator cell shows for ``code``: the catalogue's name, else the code."""
    if catalogue is None:
        return code
    for entry in catalogue.for_table(bang):
        if entry.ma == code:
            found = catalogue.match(entry.ten, bang)
            return entry.ten if found is not None and found.ma == code else code
    return code


def _indicator_code(catalogue: Catalogue | None, bang: str, text: str, hidden: str | None) -> str:
    """The code for what the indicator cell shows; unknown text is kept as written."""
    if hidden is not None and _indicator_text(catalogue, bang, hidden) == text:
        return hidden
    if catalogue is not None:
        if any(e.ma == text for e in catalogue.for_table(bang)):
            return text
        found = catalogue.match(text, bang)
        if found is not None:
            return found.ma
    return text


# --------------------------------------------------------------------------- writing


def _write_text_cell(cell: Any, text: str) -> None:
    """Put ``text`` into ``cell`` as text (escaped), refusing what a cell cannot hold."""
    escaped = _escape(text)
    if len(escaped) > _CELL_LIMIT:
        where = f"{cell.parent.title}!{cell.coordinate}"
        message = (
            f"đoạn văn dài {format_number(len(text))} ký tự, quá giới hạn "
            f"{format_number(_CELL_LIMIT)} ký tự của một ô Excel; rút ngắn đoạn này "
            "hoặc xuất ra Word/HTML"
        )
        raise DataError([DataIssue(where, message)])
    cell.value = escaped
    cell.data_type = "s"  # "=..." stays text, never a formula


def _write_number(cell: Any, value: int | str, number_format: str = "#,##0") -> None:
    if isinstance(value, str):  # an approximate figure: "hơn 100"
        _write_text_cell(cell, value)
    elif abs(value) < _MAX_EXACT:
        cell.value = value
        cell.number_format = number_format
    else:
        _write_text_cell(cell, format_number(value))


def _write_year(cell: Any, value: int) -> None:
    _write_number(cell, value, "0")


def _write_cap(cell: Any, value: Cap) -> None:
    _write_text_cell(cell, _CAP_LABELS[value])


def _write_caps(cell: Any, value: Iterable[Cap]) -> None:
    _write_text_cell(cell, _caps_label(value))


def _write_date(cell: Any, value: date) -> None:
    if value.year > 1900:
        cell.value = value
        cell.number_format = "dd/mm/yyyy"
    else:  # Excel has no dates before 1900
        _write_text_cell(cell, f"{value.day:02d}/{value.month:02d}/{value.year:04d}")


def _write_partial_date(cell: Any, value: NgayThang) -> None:
    _write_text_cell(cell, _partial_date_text(value))


def _write_flag(cell: Any, value: bool) -> None:
    if value:
        _write_text_cell(cell, _YES)


def _write_lines(cell: Any, value: Sequence[str]) -> None:
    encoded = _encode_lines(value)
    if encoded is not None:
        _write_text_cell(cell, encoded)


# --------------------------------------------------------------------------- reading


class _CellProblem(ValueError):
    """A cell whose content cannot be read; the message is Vietnamese."""


_NOT_FINITE: Final = (
    "ô chứa số vô cực hoặc không phải số (số quá lớn, như 1e400); gõ lại số cho đúng"
)


_OMIT: Final = object()
_TRUE: Final = frozenset({"co", "x", "true", "dung", "1", "yes"})
_FALSE: Final = frozenset({"khong", "false", "sai", "0", "no"})
_SLASH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_SLASH_MONTH = re.compile(r"(\d{1,2})/(\d{4})")


def _text_of(value: Any) -> str:
    """What a cell holds, as the text a person sees (escapes undone)."""
    if isinstance(value, str):
        return _unescape(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _decimal_message(value: float, kind: str) -> str:
    what = {"money": "kinh phí tính bằng đồng, phải", "year": "năm phải"}.get(kind, "số phải")
    message = f"{what} là số nguyên; ô đang có số thập phân {format_number(value)}"
    whole, _, frac = repr(value).partition(".")
    if whole.lstrip("-").isdigit() and frac.isdigit() and len(frac) <= 3:
        digits = int(whole + frac.ljust(3, "0"))
        message += (
            f". Nếu ý là {format_number(digits)} thì gõ {abs(digits)} "
            "(máy đang hiểu dấu chấm là dấu thập phân)"
        )
    return message


_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _is_percent(number_format: str) -> bool:
    """The format shows a number times 100 (``0%``), not a literal ``"%"`` or ``\\%``.

    >>> _is_percent("0%"), _is_percent('0"%"'), _is_percent("#,##0")
    (True, False, False)
    """
    return "%" in _QUOTED.sub("", number_format)


def _percent_message(value: float, kind: str) -> str:
    """What to say of a number cell formatted as a percentage where a whole number goes."""
    what = {"money": "kinh phí", "year": "năm"}.get(kind, "số lượng, số người")
    shown = format_number((Decimal(repr(float(value))) * 100).normalize())
    seen = f" ({shown}%)" if len(shown) <= 24 else ""
    return (
        f"ô đang định dạng phần trăm{seen}; {what} phải là số nguyên, bỏ định dạng phần "
        "trăm (Percentage) rồi gõ lại"
    )


def _number_of(value: Any, kind: str) -> Any:
    """A whole number (or text the model will parse); ``kind`` words the messages."""
    if isinstance(value, bool | int):
        return value  # a bool is refused with the model's own message
    if isinstance(value, float) and not math.isfinite(value):
        raise _CellProblem(_NOT_FINITE)
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise _CellProblem(_decimal_message(value, kind))
    if isinstance(value, datetime | date | time | timedelta):
        raise _CellProblem(
            "ô đang ở dạng ngày/giờ, không phải số; chọn định dạng ô là Số (Number) rồi gõ lại"
        )
    text = _text_of(value).strip()
    return text if text else _OMIT


def _date_of(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text_of(value).strip()
    if not text:
        return _OMIT
    return text


def _partial_date_of(value: Any) -> Any:
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        return day.isoformat()
    text = _text_of(value).strip()
    if not text:
        return _OMIT
    if m := _SLASH_DATE.fullmatch(text):
        d, mo, y = m.groups()
        return f"{y}-{int(mo):02d}-{int(d):02d}"
    if m := _SLASH_MONTH.fullmatch(text):
        mo, y = m.groups()
        return f"{y}-{int(mo):02d}"
    return text


def _flag_of(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    key = fold(_text_of(value))
    if not key:
        return _OMIT
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise _CellProblem(f"ghi “{_YES}” nếu số liệu chưa đủ, bỏ trống nếu đã đủ")


def _count_of(value: Any) -> Any:
    return _number_of(value, "count")


def _money_of(value: Any) -> Any:
    return _number_of(value, "money")


def _year_of(value: Any) -> Any:
    return _number_of(value, "year")


def _lines_of(value: Any) -> list[str]:
    return _decode_lines(_text_of(value))


# --------------------------------------------------------------------------- records in a cell


# Groups and funding sources are short lists of records, one a line in one cell:
# "Học sinh: hơn 450", "Dự án 8: 20.000.000". A record that such a line cannot hold
# (a mark, a note, a colon or a line break in a name) makes the cell a JSON list.
def _plain_name(text: str) -> bool:
    return bool(text.strip()) and not any(c in text for c in ":\n[") and text == text.strip()


def _group_line(g: NhomNguoi) -> str | None:
    """``Học sinh: hơn 450`` for a group, or ``None`` when a line cannot say it all."""

    catalogue = nhom_doi_tuong()
    known = catalogue.get(g.ma)
    label = known.ten if known is not None else g.ma
    back = catalogue.match(label)
    if not _plain_name(label) or (back.ma if back else label) != g.ma or g.chua_day_du:
        return None
    if g.so is None:
        return label
    number = str(g.so) if g.uoc_tinh is None else f"{g.uoc_tinh.nhan} {g.so}"
    return f"{label}: {number}"


def _write_groups(cell: Any, groups: Sequence[NhomNguoi]) -> None:
    lines = [_group_line(g) for g in groups]
    if all(line is not None for line in lines):
        _write_text_cell(cell, "\n".join(line for line in lines if line is not None))
        return
    records = [
        {"ma": g.ma, "so": g.so, "uoc_tinh": g.uoc_tinh.nhan if g.uoc_tinh else None}
        | ({"chua_day_du": True} if g.chua_day_du else {})
        for g in groups
    ]
    _write_text_cell(cell, json.dumps(records, ensure_ascii=False))


def _records_of(value: Any, keys: tuple[str, str]) -> Any:
    """Records from a cell: a JSON list as written, else ``name: number`` lines."""
    text = _text_of(value).strip()
    if not text:
        return _OMIT
    if text.startswith("["):
        try:
            items = json.loads(text)
        except ValueError:
            items = None
        if isinstance(items, list) and all(isinstance(i, dict) for i in items):
            return [{k: v for k, v in i.items() if v is not None} for i in items]
    name_key, number_key = keys
    out = []
    for line in text.split("\n"):
        line = line.strip().rstrip(";").strip()
        if not line:
            continue
        name, colon, number = line.rpartition(":")
        if not colon:
            out.append({name_key: line})
            continue
        item: dict[str, Any] = {name_key: name.strip()}
        if number.strip():
            item[number_key] = number.strip()
        out.append(item)
    return out


def _groups_of(value: Any) -> Any:
    return _records_of(value, ("ma", "so"))


def _write_funding(cell: Any, sources: Sequence[NguonKinhPhi]) -> None:
    simple = all(
        _plain_name(s.ten) and s.ghi_chu is None and not s.chua_day_du and s.so_tien is not None
        for s in sources
    )
    if simple:
        _write_text_cell(cell, "\n".join(f"{s.ten}: {s.so_tien}" for s in sources))
        return
    records = [
        {"ten": s.ten, "so_tien": s.so_tien, "ghi_chu": s.ghi_chu}
        | ({"chua_day_du": True} if s.chua_day_du else {})
        for s in sources
    ]
    _write_text_cell(cell, json.dumps(records, ensure_ascii=False))


def _funding_of(value: Any) -> Any:
    return _records_of(value, ("ten", "so_tien"))
