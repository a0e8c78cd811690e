"""Jinja's syntax errors reach template authors in Vietnamese."""

from __future__ import annotations

import jinja2
import pytest

from binhdanggioi._jinja_vi import syntax_message


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{% if x %}a", "mẫu kết thúc mà còn khối chưa đóng; khối 'if' chưa đóng"),
        ("{{ x ", "mẫu kết thúc đột ngột, còn thiếu '}}'"),
        ("{% foo %}", "thẻ không biết: 'foo'"),
        ("{% for x in y %}{% endif %}", "thẻ không biết: 'endif'; khối 'for' chưa đóng"),
        ("{{ x + }}", "gặp '}}' không đúng chỗ"),
        ("{% if %}", "cần một biểu thức nhưng gặp '%}'"),
        ("{{ 'a }}", "ký tự không hợp lệ"),
        ("{{ x y }}", "cần '}}' nhưng gặp 'y'"),
    ],
)
def test_common_syntax_errors_are_translated(source: str, expected: str) -> None:
    with pytest.raises(jinja2.TemplateSyntaxError) as caught:
        jinja2.Environment().parse(source)
    assert syntax_message(caught.value.message or "").startswith(expected)


def test_an_unknown_message_is_kept() -> None:
    assert syntax_message("something new") == "something new"
