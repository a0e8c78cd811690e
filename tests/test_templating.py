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
