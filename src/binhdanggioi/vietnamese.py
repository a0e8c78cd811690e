"""Vietnamese notation: numbers, money, number words and dates.

Numbers follow Luật Kế toán: "." groups thousands, "," marks decimals.
Number words follow the textbook rules in ``docs/domain.md`` (section "Numbers").

>>> format_number(10450)
'10.450'
>>> number_to_words(2023)
'hai nghìn không trăm hai mươi ba'
>>> format_date(date(2023, 12, 5), place="Bắc Kạn")
'Bắc Kạn, ngày 05 tháng 12 năm 2023'
"""

from __future__ import annotations

import calendar
import math
import re
import sys
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal, Protocol

__all__ = [
    "PartialDate",
    "format_count",
    "format_date",
    "format_money",
    "format_number",
    "format_short_date",
    "money_in_words",
    "number_to_words",
    "parse_number",
    "parse_number_words",
]

_ZeroTens = Literal["linh", "lẻ"]
_Thousand = Literal["nghìn", "ngàn"]

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 10**9
# Counts of tỷ are read like any number, so "nghìn tỷ", "triệu tỷ", "tỷ tỷ" come
# for free; past "tỷ tỷ" the names stop being used in practice, hence the limit.
_WORDS_LIMIT = 10**21
_BLANK = "    "  # room for an official to write a day or month by hand


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------- numbers


def _as_decimal(value: int | float | Decimal, func: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(
            f"{func} cần một số (int, float hoặc Decimal), không nhận {type(value).__name__} "
            f"{value!r}; hãy truyền số, ví dụ {func}(10450)"
        )
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(
                f"{func} không viết được {value!r}: không phải một số hữu hạn; "
                "hãy kiểm tra lại dữ liệu"
            )
        # repr gives the shortest text that round-trips, so 0.1 stays 0.1.
        return Decimal(repr(value))
    if not value.is_finite():
        raise ValueError(
            f"{func} không viết được Decimal({str(value)!r}): không phải một số hữu hạn; "
            "hãy kiểm tra lại dữ liệu"
        )
    return value


def _group(digits: str) -> str:
    return f"{int(digits):,}".replace(",", ".")


def format_number(value: int | float | Decimal, *, decimals: int | None = None) -> str:
    """Write ``value`` with "." between thousands and "," before decimals.

    ``decimals`` rounds half up to that many places; without it, an ``int`` has no
    decimals, a ``float`` keeps its shortest form and a ``Decimal`` its own places.

    >>> format_number(10450)
    '10.450'
    >>> format_number(1234567.89, decimals=2)
    '1.234.567,89'
    >>> format_number(-2.5)
    '-2,5'
    """
    if type(value) is int and decimals is None:
        # The common case (counts, people), written without a Decimal; same text.
        return f"{value:,}".replace(",", ".")
    if type(value) is float and type(decimals) is int and 0 <= decimals <= 15:
        # Shares and percentages: rounded on the float's shortest text, as below.
        quick = _rounded_float(value, decimals)
        if quick is not None:
            return quick
    number = _as_decimal(value, "format_number")
    if decimals is not None:
        if isinstance(decimals, bool) or not isinstance(decimals, int):
            raise TypeError(
                f"decimals phải là số nguyên, không nhận {decimals!r}; ví dụ decimals=2"
            )
        if decimals < 0:
            raise ValueError(
                f"decimals không được âm ({decimals}); dùng decimals=0 để bỏ phần thập phân"
            )
        with localcontext() as context:
            # The default 28 digits would round (or refuse) long whole parts.
            context.prec = max(context.prec, number.adjusted() + decimals + 2)
            number = number.quantize(Decimal(f"1e-{decimals}"), rounding=ROUND_HALF_UP)
    elif isinstance(value, float) and value.is_integer():
        number = Decimal(int(value))
    sign = "-" if number.is_signed() and number else ""
    text = format(number.copy_abs(), "f")
    whole, _, fraction = text.partition(".")
    return f"{sign}{_group(whole)}" + (f",{fraction}" if fraction else "")


_PLAIN_FLOAT = re.compile(r"(-?)(\d+)\.(\d+)")


def _rounded_float(value: float, decimals: int) -> str | None:
    """:func:`format_number` of a float with ``decimals``, without a Decimal: half up on
    the digits of ``repr(value)``, the text the Decimal path rounds. ``None`` for a
    value ``repr`` writes otherwise (``1e+20``, ``inf``): the Decimal path takes it.

    >>> _rounded_float(52.25, 1), _rounded_float(-0.04, 1), _rounded_float(99.96, 1)
    ('52,3', '0,0', '100,0')
    """
    found = _PLAIN_FLOAT.fullmatch(repr(value))
    if found is None:
        return None
    sign, whole, fraction = found.groups()
    kept = int(whole + fraction[:decimals].ljust(decimals, "0"))
    if len(fraction) > decimals and fraction[decimals] >= "5":
        kept += 1  # half up: any digit from 5 on is at least half of the last place
    digits = str(kept).rjust(decimals + 1, "0")
    head, tail = digits[: len(digits) - decimals], digits[len(digits) - decimals :]
    text = f"{int(head):,}".replace(",", ".") + (f",{tail}" if decimals else "")
    return f"-{text}" if sign and kept else text


def format_count(value: int | None, *, width: int = 2) -> str:
    """Write a count as report tables do: padded to ``width`` digits, ``None`` blank.

    >>> format_count(6)
    '06'
    >>> format_count(10450)
    '10.450'
    >>> format_count(None)
    ''
    """
    if isinstance(width, bool) or not isinstance(width, int) or width < 1:
        raise ValueError(f"width phải là số nguyên dương, không nhận {width!r}; ví dụ width=2")
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(
            f"format_count cần số nguyên hoặc None, không nhận {type(value).__name__} "
            f"{value!r}; số người, số hoạt động phải là số nguyên"
        )
    if value < 0:
        raise ValueError(f"số lượng không được âm ({value}); hãy kiểm tra lại số liệu báo cáo")
    digits = str(value)
    return digits.zfill(width) if len(digits) < width else format_number(value)


def format_money(amount: int, *, symbol: str = "đ") -> str:
    """Write an amount of money: digits grouped with ".", then ``symbol``.

    "đ" is written right after the digits; a word such as "đồng" or "VND" after a space.

    >>> format_money(30_000_000)
    '30.000.000đ'
    >>> format_money(30_000_000, symbol="đồng")
    '30.000.000 đồng'
    """
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(
            f"format_money cần số tiền nguyên (int, đơn vị đồng), không nhận "
            f"{type(amount).__name__} {amount!r}; hãy làm tròn trước, ví dụ round(số_tiền)"
        )
    symbol = _nfc(symbol.strip())
    separator = "" if symbol in ("", "đ") else " "
    return f"{format_number(amount)}{separator}{symbol}"


_PLAIN = re.compile(r"[0-9]+", re.ASCII)
_SEPARATORS = ". \u00a0\u202f\u2009"  # dot, space, no-break and thin spaces


def parse_number(text: str) -> int:
    """Read a whole number written in Vietnamese notation.

    Groups of three digits may be separated by "." or by spaces.

    >>> parse_number("30.000.000")
    30000000
    >>> parse_number("1 234")
    1234
    """
    if not isinstance(text, str):
        raise TypeError(
            f"parse_number cần một chuỗi, không nhận {type(text).__name__} {text!r}; "
            'ví dụ parse_number("10.450")'
        )
    raw = _nfc(text).strip()
    shown = f'"{raw}"' if len(raw) <= 40 else f'"{raw[:37]}..."'
    if not raw:
        raise ValueError('chuỗi rỗng, không có số nào để đọc; viết ví dụ "10.450" hoặc 10450')
    body = raw[1:] if raw.startswith("-") else raw
    sign = -1 if body is not raw else 1
    if not body:
        raise ValueError(f'không đọc được {shown}: thiếu chữ số sau dấu "-"; ví dụ "-10.450"')
    if "," in body:
        raise ValueError(
            f'không đọc được {shown}: dấu "," là dấu thập phân, mà ở đây cần số nguyên; '
            'hàng nghìn ngăn bằng dấu ".", ví dụ viết 10450 hoặc "10.450"'
        )
    if any(not (ch.isascii() and ch.isdigit()) and ch not in _SEPARATORS for ch in body):
        raise ValueError(
            f'không đọc được {shown}: chỉ nhận chữ số, dấu "." hoặc khoảng trắng giữa các '
            'nhóm ba chữ số và dấu "-" ở đầu; ví dụ viết 10450 hoặc "10.450"'
        )
    digits = sum(ch.isdigit() for ch in body)
    limit = sys.get_int_max_str_digits()
    if 0 < limit < digits:
        # Python refuses to convert more digits than this, in English; say it here.
        raise ValueError(f"số có {digits} chữ số, quá dài (tối đa {limit} chữ số)")
    if _PLAIN.fullmatch(body):
        return sign * int(body)
    used = {ch for ch in body if ch in _SEPARATORS}
    if len(used) > 1:
        raise ValueError(
            f"không đọc được {shown}: dùng lẫn nhiều loại dấu ngăn nhóm; chỉ dùng một loại, "
            'ví dụ "1.234.567" hoặc "1 234 567"'
        )
    groups = body.split(used.pop())
    if not all(groups):
        raise ValueError(
            f"không đọc được {shown}: có dấu ngăn nhóm thừa ở đầu, ở cuối hoặc đứng liền "
            'nhau; mỗi dấu ngăn phải nằm giữa hai nhóm chữ số, ví dụ viết 10450 hoặc "10.450"'
        )
    head, tail = groups[0], groups[1:]
    if len(head) > 3 or any(len(g) != 3 for g in tail):
        # A short group is most often a dropped trailing zero ("10.45" for "10.450"),
        # so the suggestion pads it; a long one keeps all its digits.
        fixed = head + "".join(g.ljust(3, "0") for g in tail)
        bad, rule = (
            (head, "nhóm đầu có từ 1 đến 3 chữ số")
            if len(head) > 3
            else (next(g for g in tail if len(g) != 3), "mỗi nhóm sau dấu ngăn có đúng 3 chữ số")
        )
        raise ValueError(
            f'không đọc được {shown}: {rule} (nhóm "{bad}" có {len(bad)}). '
            f'Viết {int(fixed)} hoặc "{_group(fixed)}"'
        )
    return sign * int("".join(groups))


# --------------------------------------------------------------------------- words


def _check_integer(value: int | Decimal, func: str) -> int:
    if isinstance(value, bool):
        raise TypeError(
            f"{func} không đọc giá trị đúng/sai ({value!r}); hãy truyền một số nguyên, "
            f"ví dụ {func}({int(value)})"
        )
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        raise TypeError(
            f"{func} chỉ đọc số nguyên, không nhận số thực {value!r}; hãy làm tròn trước, "
            f"ví dụ {func}(round({value!r}))"
        )
    if isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            raise ValueError(
                f"{func} chỉ đọc số nguyên, không nhận Decimal({str(value)!r}); "
                f"hãy làm tròn trước, ví dụ {func}(int(giá_trị))"
            )
        return int(value)
    if isinstance(value, str):
        raise TypeError(
            f"{func} cần một số nguyên, không nhận chuỗi {value!r}; "
            f"hãy đổi bằng parse_number trước, ví dụ {func}(parse_number({value!r}))"
        )
    raise TypeError(
        f"{func} cần một số nguyên, không nhận {type(value).__name__} {value!r}; "
        f"ví dụ {func}(10450)"
    )


def _read_class(value: int, *, full: bool, zero_tens: str) -> list[str]:
    """Read 1..999; ``full`` says "không trăm" as every class after the first does."""
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += [zero_tens, _DIGITS[units]] if words else [_DIGITS[units]]
        return words
    words += ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
    if units == 1 and tens >= 2:
        words.append("mốt")
    elif units == 4 and tens >= 2:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _read_below_billion(
    value: int, *, leading: bool, zero_tens: str, thousand: str, read_zero_class: bool
) -> list[str]:
    classes = ((value // 10**6, "triệu"), (value // 1000 % 1000, thousand), (value % 1000, ""))
    last = max(i for i, (c, _) in enumerate(classes) if c)
    started = not leading
    words: list[str] = []
    for count, name in classes[: last + 1]:
        if count == 0:
            if started and read_zero_class:
                words += ["không", name]
            continue
        words += _read_class(count, full=started, zero_tens=zero_tens)
        if name:
            words.append(name)
        started = True
    return words


def number_to_words(
    value: int | Decimal,
    *,
    zero_tens: _ZeroTens = "linh",
    thousand: _Thousand = "nghìn",
    read_zero_class: bool = True,
) -> str:
    """Read a whole number in Vietnamese words, lowercase.

    ``zero_tens`` is "linh" (standard) or "lẻ" (southern); ``thousand`` is "nghìn"
    or "ngàn"; ``read_zero_class`` reads an all-zero middle class ("không nghìn")
    as textbooks do. Negative numbers start with "âm".

    >>> number_to_words(8_000_001)
    'tám triệu không nghìn không trăm linh một'
    >>> number_to_words(8_000_001, read_zero_class=False)
    'tám triệu không trăm linh một'
    >>> number_to_words(105, zero_tens="lẻ")
    'một trăm lẻ năm'
    """
    number = _check_integer(value, "number_to_words")
    zero_tens_nfc = _nfc(zero_tens) if isinstance(zero_tens, str) else zero_tens
    if zero_tens_nfc not in ("linh", "lẻ"):
        raise ValueError(f'zero_tens phải là "linh" hoặc "lẻ", không nhận {zero_tens!r}')
    thousand_nfc = _nfc(thousand) if isinstance(thousand, str) else thousand
    if thousand_nfc not in ("nghìn", "ngàn"):
        raise ValueError(f'thousand phải là "nghìn" hoặc "ngàn", không nhận {thousand!r}')
    if not isinstance(read_zero_class, bool):
        raise TypeError(f"read_zero_class phải là True hoặc False, không nhận {read_zero_class!r}")
    if abs(number) >= _WORDS_LIMIT:
        raise ValueError(
            f"số {format_number(number)} quá lớn để đọc thành chữ: chỉ đọc được số có "
            "trị tuyệt đối nhỏ hơn 10^21 (tối đa 21 chữ số, đến hàng tỷ tỷ); "
            "hãy ghi số này bằng chữ số, ví dụ format_number(...)"
        )
    if number == 0:
        return "không"
    words = _read(abs(number), zero_tens_nfc, thousand_nfc, read_zero_class)
    return _nfc(("âm " if number < 0 else "") + " ".join(words))


def _read(value: int, zero_tens: str, thousand: str, read_zero_class: bool) -> list[str]:
    # Above a tỷ the count of tỷ is read as a number of its own, then "tỷ":
    # 1.234 tỷ is "một nghìn hai trăm ba mươi tư tỷ", 10**18 "một tỷ tỷ". So no
    # "không tỷ" is ever said: the tỷ class is the units class of that count.
    high, low = divmod(value, _BILLION)
    words: list[str] = []
    if high:
        words += _read(high, zero_tens, thousand, read_zero_class)
        words.append("tỷ")
    if low:
        words += _read_below_billion(
            low,
            leading=not high,
            zero_tens=zero_tens,
            thousand=thousand,
            read_zero_class=read_zero_class,
        )
    return words


def money_in_words(
    amount: int | Decimal,
    *,
    currency: str = "đồng",
    zero_tens: _ZeroTens = "linh",
    thousand: _Thousand = "nghìn",
    read_zero_class: bool = True,
) -> str:
    """An amount in words as written on Vietnamese documents: capitalised, then the unit.

    Takes the options of :func:`number_to_words`.

    >>> money_in_words(30_000_000)
    'Ba mươi triệu đồng'
    >>> money_in_words(0)
    'Không đồng'
    """
    number = _check_integer(amount, "money_in_words")
    if number < 0:
        raise ValueError(
            f"số tiền không được âm ({format_number(number)}); hãy đọc số tiền dương, "
            "ví dụ money_in_words(abs(số_tiền)), và ghi rõ bằng lời đó là khoản thiếu"
        )
    words = number_to_words(
        number, zero_tens=zero_tens, thousand=thousand, read_zero_class=read_zero_class
    )
    if not isinstance(currency, str):
        raise TypeError(f"money_in_words(): currency phải là văn bản, nhận {currency!r}")
    unit = _nfc(currency.strip())
    text = f"{words} {unit}" if unit else words
    return text[0].upper() + text[1:]


# --------------------------------------------------------------------------- words to numbers

_WORD_DIGITS = {
    **{w: d for d, w in enumerate(_DIGITS)},
    "mốt": 1,
    "tư": 4,
    "lăm": 5,
    "nhăm": 5,
    "bẩy": 7,
}
_SCALES = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
NUMBER_WORDS = frozenset({*_WORD_DIGITS, *_SCALES, "mười", "mươi", "trăm", "linh", "lẻ"})
"""Every word :func:`parse_number_words` reads (NFC, lower case)."""


def parse_number_words(text: str) -> int:
    """Read a whole number written in Vietnamese words: the reverse of :func:`number_to_words`.

    Takes what :func:`number_to_words` writes with any of its options, in any case,
    and the spoken variants "bẩy", "nhăm", "tỉ".

    >>> parse_number_words("hai trăm")
    200
    >>> parse_number_words("Mười nghìn bốn trăm năm mươi")
    10450
    >>> parse_number_words("một trăm lẻ năm")
    105
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_number_words cần một chuỗi, không nhận {text!r}")
    words = _nfc(text).casefold().split()
    shown = f'"{text.strip()}"'
    if not words:
        raise ValueError('chuỗi rỗng, không có số nào để đọc; ví dụ "hai trăm"')
    unknown = [w for w in words if w not in NUMBER_WORDS]
    if unknown:
        raise ValueError(f"không đọc được {shown}: '{unknown[0]}' không phải từ chỉ số")
    total = 0  # the classes already closed by nghìn, triệu, tỷ
    group = 0  # the class being read, below a thousand
    digit: int | None = None  # a digit waiting for "mươi" or "trăm"
    for word in words:
        if word in _WORD_DIGITS:
            if digit is not None:
                raise ValueError(f"không đọc được {shown}: hai chữ số liền nhau")
            digit = _WORD_DIGITS[word]
        elif word == "mười":
            group += 10
        elif word in ("mươi", "trăm"):
            if digit is None:
                raise ValueError(f"không đọc được {shown}: thiếu chữ số trước '{word}'")
            group += digit * (10 if word == "mươi" else 100)
            digit = None
        elif word in _SCALES:
            group += digit or 0
            digit = None
            if group == 0 and total == 0:
                raise ValueError(f"không đọc được {shown}: thiếu số trước '{word}'")
            if _SCALES[word] == 10**9:
                total, group = (total + group) * 10**9, 0
            else:
                total, group = total + group * _SCALES[word], 0
    return total + group + (digit or 0)


# --------------------------------------------------------------------------- dates


class PartialDate(Protocol):
    """A date whose day, month (or year) may be missing: ``nam``, ``thang``, ``ngay``."""

    @property
    def nam(self) -> int | None: ...

    @property
    def thang(self) -> int | None: ...

    @property
    def ngay(self) -> int | None: ...


def _parts(value: date | PartialDate, func: str) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of ``value``, checked."""
    if isinstance(value, date):  # datetime is a date too: its time is ignored
        return value.year, value.month, value.day
    if not all(hasattr(value, name) for name in ("nam", "thang", "ngay")):
        raise TypeError(
            f"{func} cần datetime.date hoặc một đối tượng có nam, thang, ngay; "
            f"không nhận {type(value).__name__} {value!r}; ví dụ {func}(date(2023, 12, 5))"
        )
    year, month, day = value.nam, value.thang, value.ngay
    for label, part, low, high in (
        ("năm", year, 1, 9999),
        ("tháng", month, 1, 12),
        ("ngày", day, 1, 31),
    ):
        if part is None:
            continue
        if isinstance(part, bool) or not isinstance(part, int):
            raise TypeError(f"{label} phải là số nguyên hoặc None, không nhận {part!r}")
        if not low <= part <= high:
            raise ValueError(f"{label} {part} không có; {label} từ {low} đến {high}")
    if day is not None and month is not None:
        # Without a year, 29/2 is allowed: the year may still be a leap year.
        last = calendar.monthrange(year if year is not None else 2000, month)[1]
        if day > last:
            raise ValueError(f"ngày {day} tháng {month} không có; tháng {month} chỉ có {last} ngày")
    return year, month, day


def format_date(value: date | datetime | PartialDate, *, place: str | None = None) -> str:
    """The date line of an official document (Nghị định 30/2020/NĐ-CP).

    Day below 10 and months 1 and 2 take a leading zero; a missing part is left
    blank for handwriting.

    >>> format_date(date(2019, 6, 29))
    'ngày 29 tháng 6 năm 2019'
    >>> format_date(date(2023, 12, 5), place="Bắc Kạn")
    'Bắc Kạn, ngày 05 tháng 12 năm 2023'
    """
    year, month, day = _parts(value, "format_date")
    fields = (
        ("ngày", None if day is None else f"{day:02d}"),
        ("tháng", None if month is None else (f"{month:02d}" if month <= 2 else str(month))),
        ("năm", None if year is None else str(year)),
    )
    text = ""
    for label, shown in fields:
        if text and not text.endswith(" "):
            text += " "
        text += f"{label} {shown}" if shown is not None else label + _BLANK
    if place is not None and not isinstance(place, str):
        raise TypeError(f"format_date(): place phải là văn bản (địa danh), nhận {place!r}")
    if place is not None and place.strip():
        text = f"{place.strip()}, {text}"
    return _nfc(text)


def format_short_date(value: date | datetime | PartialDate) -> str:
    """A date as dd/mm/yyyy, as in "Kế hoạch số 695/KH-UBND, ngày 16/10/2023".

    >>> format_short_date(date(2023, 10, 16))
    '16/10/2023'
    """
    year, month, day = _parts(value, "format_short_date")
    if year is None or month is None or day is None:
        raise ValueError(
            "format_short_date cần đủ ngày, tháng, năm; ngày còn để trống thì dùng "
            'format_date, ví dụ format_date(...) cho "ngày    tháng 12 năm 2023"'
        )
    return f"{day:02d}/{month:02d}/{year:04d}"
