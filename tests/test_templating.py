"""The templating module: where the Jinja environment lives, and the names it moved from."""

from __future__ import annotations

import subprocess
import sys

import pytest

import binhdanggioi as bdg
from binhdanggioi import context, templating


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
