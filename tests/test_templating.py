"""The templating module: where the Jinja environment lives, and the names it moved from."""

from __future__ import annotations

import subprocess
import sys

import markupsafe
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

import binhdanggioi as bdg
from binhdanggioi import context, templating
from binhdanggioi.templating import jinja_environment


@pytest.mark.parametrize(
    "name",
    ["FILTERS", "compile_template", "escape_markdown", "jinja_environment", "render_template"],
)
def test_moved_names_still_importable_from_context_with_a_warning(name: str) -> None:
    with pytest.warns(DeprecationWarning, match=f"binhdanggioi.templating.{name}"):
        old = getattr(context, name)
    assert old is getattr(templating, name)


def test_context_has_no_other_names() -> None:
    with pytest.raises(AttributeError):
        context.nothing_here  # noqa: B018


def test_public_jinja_environment_comes_from_templating() -> None:
    assert bdg.jinja_environment is templating.jinja_environment


def test_importing_templating_and_context_loads_no_jinja() -> None:
    code = (
        "import sys, binhdanggioi.templating, binhdanggioi.context, binhdanggioi.template_check\n"
        "print(sorted(m for m in ('jinja2', 'markupsafe', 'docxtpl', 'lxml') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


class _Mapping(dict[str, object]):
    """A dict subclass: no shortcut, Jinja's own lookup."""

    extra = "thuộc tính"


@pytest.mark.parametrize("kind", [dict, _Mapping])
def test_dict_fields_read_as_jinja_reads_them(kind: type[dict[str, object]]) -> None:
    env = bdg.jinja_environment()
    data = kind({"ten": "Bắc Kạn", "items": "mục", "so": 0})
    source = (
        "{{ d.ten }}|{{ d.so }}|{{ d.items is callable }}|{{ d['items'] }}|"
        "{{ d.khong_co is undefined }}|{{ d|attr('ten') is undefined }}"
    )
    rendered = env.from_string(source).render(d=data)
    assert rendered == "Bắc Kạn|0|True|mục|True|True"
    with pytest.raises(Exception, match="khong_co"):
        env.from_string("{{ d.khong_co.x }}").render(d=data)


def test_dict_internals_stay_out_of_reach() -> None:
    env = bdg.jinja_environment()
    out = env.from_string("{{ d.__init__ is defined }}|{{ d.update is defined }}").render(d={})
    assert out == "False|False"


_PRINTED = st.one_of(
    st.text(),
    st.text(alphabet="<>&'\"ab "),
    st.none(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text().map(Markup),
    st.lists(st.text(max_size=5), max_size=3),
)


@given(_PRINTED)
def test_a_value_prints_in_one_call_as_through_jinjas_three(value: object) -> None:
    """The sandbox prints {{ x }} through one call (bdg_escaped, bdg_text); the output
    is what Jinja's escape(finalize(x)) and str(finalize(x)) give."""
    env = jinja_environment()
    expected = "" if value is None else value
    escaped = env.from_string("{{ x }}").render(x=value)
    assert escaped == str(markupsafe.escape(expected))
    plain = env.from_string("{% autoescape false %}{{ x }}{% endautoescape %}").render(x=value)
    assert plain == str(expected)


@given(_PRINTED)
def test_a_finalize_of_its_own_still_sees_every_value(value: object) -> None:
    """An environment whose finalize changes text (Markdown's escapes it) keeps it."""
    env = jinja_environment().overlay(finalize=lambda v: f"[{v}]")
    assert env.from_string("{{ x }}").render(x=value) == str(markupsafe.escape(f"[{value}]"))
    plain = env.from_string("{% autoescape false %}{{ x }}{% endautoescape %}")
    assert plain.render(x=value) == f"[{value}]"


def test_an_environment_may_rewrite_the_templates_own_text_once() -> None:
    """``bdg_constant_text`` changes the template's text when it is compiled, never
    what a rendering prints."""
    env = jinja_environment()
    env.bdg_constant_text = lambda text: text.replace("\n", "")  # type: ignore[attr-defined]
    template = env.from_string("a\nb{{ x }}\nc{% raw %}\n{{ y }}{% endraw %}")
    assert template.render(x="1\n2") == "ab1\n2c{{ y }}"
    assert env.from_string("{{ 'p\\nq' }}").render() == "pq"  # a constant, folded at compile
