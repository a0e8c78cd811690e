"""Jinja's syntax-error messages in Vietnamese, for template authors.

>>> syntax_message("Encountered unknown tag 'foo'.")
"thẻ không biết: 'foo'"
>>> syntax_message("unexpected end of template, expected 'end of print statement'.")
"mẫu kết thúc đột ngột, còn thiếu '}}'"
"""

from __future__ import annotations

import re

__all__ = ["syntax_message"]

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
