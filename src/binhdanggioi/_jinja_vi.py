"""Jinja's messages in Vietnamese, for template authors: syntax, runtime, undefined names.

>>> syntax_message("Encountered unknown tag 'foo'.")
"thẻ không biết: 'foo'"
>>> syntax_message("unexpected end of template, expected 'end of print statement'.")
"mẫu kết thúc đột ngột, còn thiếu '}}'"
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

__all__ = ["runtime_message", "syntax_message", "undefined_class"]

_TOKENS = {
    "end of print statement": "}}",
    "end of statement block": "%}",
    "end of comment": "#}",
    "end of template": "cuối mẫu",
    "begin of print statement": "{{",
    "begin of statement block": "{%",
}


def _token(name: str) -> str:
    return _TOKENS.get(name, name)


def _tags(text: str) -> str:
    return ", ".join(re.findall(r"'([^']+)'", text))


def _looking_for(rest: str) -> str:
    found = re.search(
        r"Jinja was looking for the following tags: (.*?)\. "
        r"The innermost block that needs to be closed is '([^']+)'",
        rest,
    )
    if not found:
        return ""
    return f"; khối '{found[2]}' chưa đóng, cần một trong các thẻ: {_tags(found[1])}"


def syntax_message(message: str) -> str:
    """``message`` of a ``jinja2.TemplateSyntaxError`` in Vietnamese (unknown ones unchanged)."""
    text = message.strip()
    if m := re.match(r"Unexpected end of template\.(.*)", text, re.S):
        return "mẫu kết thúc mà còn khối chưa đóng" + _looking_for(m[1])
    if m := re.match(r"unexpected end of template, expected '([^']+)'\.?$", text):
        return f"mẫu kết thúc đột ngột, còn thiếu '{_token(m[1])}'"
    if m := re.match(r"Encountered unknown tag '([^']+)'\.(.*)", text, re.S):
        return f"thẻ không biết: '{m[1]}'" + _looking_for(m[2])
    if m := re.match(r"expected token '([^']+)', got '([^']+)'$", text):
        return f"cần '{_token(m[1])}' nhưng gặp '{_token(m[2])}'"
    if m := re.match(r"Expected an expression, got '([^']+)'$", text):
        return f"cần một biểu thức nhưng gặp '{_token(m[1])}'"
    if m := re.match(r"unexpected '([^']+)'$", text):
        return f"gặp '{_token(m[1])}' không đúng chỗ"
    if m := re.match(r"unexpected char (.+) at (\d+)$", text):
        return f"ký tự không hợp lệ {m[1]} ở vị trí {m[2]}"
    if m := re.match(r"unexpected end of (?:template|comment)", text):
        return "mẫu kết thúc đột ngột: còn một thẻ, biểu thức hay chú thích chưa đóng"
    return text


def runtime_message(err: Exception) -> str:
    """A Vietnamese description of an error raised while a template runs.

    >>> runtime_message(ZeroDivisionError("division by zero"))
    'phép chia cho 0'
    """
    from binhdanggioi.errors import BinhDangGioiError

    if isinstance(err, BinhDangGioiError):
        return str(err)
    if isinstance(err, ZeroDivisionError):
        return "phép chia cho 0"
    kinds: tuple[tuple[type[Exception], str], ...] = (
        (TypeError, "sai kiểu dữ liệu trong phép tính, bộ lọc hoặc lời gọi"),
        (KeyError, "không có khóa này trong bảng dữ liệu"),
        (IndexError, "chỉ số nằm ngoài danh sách"),
        (AttributeError, "không có thuộc tính này"),
        (ValueError, "giá trị không hợp lệ"),
    )
    label = next((text for kind, text in kinds if isinstance(err, kind)), "lỗi khi chạy mẫu")
    return f"{label} ({type(err).__name__}: {err})"


def undefined_class() -> type[jinja2.StrictUndefined]:
    """Jinja's strict undefined, with a Vietnamese message and a guess at the intended name.

    Built on first use so that importing this module does not import Jinja2.
    """
    import jinja2
    from jinja2.utils import missing, object_type_repr

    class VietUndefined(jinja2.StrictUndefined):
        """Strict undefined with a Vietnamese message and a guess at the intended name."""

        __slots__ = ()

        @property
        def _undefined_message(self) -> str:
            if self._undefined_hint:
                return str(self._undefined_hint)
            name = self._undefined_name
            obj = self._undefined_obj
            if obj is missing:
                return f"biến '{name}' không có trong dữ liệu của mẫu"
            known = [str(k) for k in obj] if isinstance(obj, Mapping) else []
            guess = difflib.get_close_matches(str(name), known, n=1)
            hint = f" (có phải ý là '{guess[0]}'?)" if guess else ""
            where = "một bảng dữ liệu" if isinstance(obj, Mapping) else object_type_repr(obj)
            return f"{where} không có trường '{name}'{hint}"

    return VietUndefined
