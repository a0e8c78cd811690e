"""The private parts of Jinja2 that the sandbox (``_sandbox.py``) overrides or reads.

``pyproject.toml`` pins ``Jinja2>=3.1.6,<3.2``: ``wrap_str_format`` (where the
sandbox checks format widths) exists since 3.1.5, 3.1.6 fixed ``|attr`` bypassing
the sandbox, and everything below is private to Jinja and may change in 3.2. When
one of these tests fails after a Jinja upgrade, the sandbox's limits may silently
no longer apply: read the new Jinja source before widening the pin.
"""

from __future__ import annotations

import inspect
import re
import tomllib
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import pytest
from jinja2 import compiler, runtime, sandbox, utils

from binhdanggioi import _sandbox

ROOT = Path(__file__).resolve().parents[1]


def _params(func: Callable[..., Any]) -> list[tuple[str, str]]:
    return [(p.name, p.kind.name) for p in inspect.signature(func).parameters.values()]


def _positional(*names: str) -> list[tuple[str, str]]:
    return [(name, "POSITIONAL_OR_KEYWORD") for name in names]


def test_installed_jinja_is_within_the_pin() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "Jinja2>=3.1.6,<3.2" in project["project"]["dependencies"]
    version = tuple(int(x) for x in re.findall(r"\d+", metadata.version("Jinja2"))[:3])
    assert (3, 1, 6) <= version < (3, 2)


# --------------------------------------------------------------------------- code generator


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("buffer", _positional("self", "frame")),
        ("_output_child_pre", _positional("self", "node", "frame", "finalize")),
        ("_output_child_post", _positional("self", "node", "frame", "finalize")),
        ("visit_Concat", _positional("self", "node", "frame")),
        ("_output_const_repr", _positional("self", "group")),
        ("temporary_identifier", _positional("self")),
    ],
)
def test_code_generator_methods_the_sandbox_overrides(
    method: str, params: list[tuple[str, str]]
) -> None:
    assert _params(getattr(compiler.CodeGenerator, method)) == params


def test_code_generator_bodies_the_sandbox_rewrites() -> None:
    # _Generator.buffer replaces "t_n = []" by a counting buffer: Jinja must still
    # name the buffer this way and fill it with append/extend.
    buffer = inspect.getsource(compiler.CodeGenerator.buffer)
    assert "frame.buffer = self.temporary_identifier()" in buffer
    assert 'f"{frame.buffer} = []"' in buffer
    # _Generator.visit_Concat repeats Jinja's choice of join function around a check.
    concat = inspect.getsource(compiler.CodeGenerator.visit_Concat)
    for piece in (
        '"(markup_join if context.eval_ctx.volatile else str_join)"',
        'func_name = "markup_join"',
        'func_name = "str_join"',
        'self.write(f"{func_name}((")',
    ):
        assert piece in concat
    # _Generator prints through one call of the sandbox where Jinja writes
    # "escape(environment.finalize(" or "str(environment.finalize(" around a value.
    pre = inspect.getsource(compiler.CodeGenerator._output_child_pre)
    for piece in ('self.write("escape(")', 'self.write("str(")', "frame.eval_ctx.volatile"):
        assert piece in pre
    # _Generator._output_const_repr joins a group of constants as Jinja does, then
    # rewrites the text (renderers.docx takes out its line breaks there).
    assert "return repr(concat(group))" in inspect.getsource(
        compiler.CodeGenerator._output_const_repr
    )
    finalize = inspect.getsource(compiler.CodeGenerator._make_finalize)
    assert 'src = "environment.finalize("' in finalize
    assert {"markup_join", "str_join"} <= set(runtime.exported)
    assert callable(compiler.optimizeconst)
    assert jinja2.Environment.code_generator_class is compiler.CodeGenerator


# --------------------------------------------------------------------------- sandbox


def test_sandbox_hooks_the_sandbox_overrides() -> None:
    base = sandbox.SandboxedEnvironment
    assert isinstance(base.intercepted_binops, frozenset)
    assert _params(base.call_binop) == _positional("self", "context", "operator", "left", "right")
    # call(__self, __context, __obj, *args, **kwargs): names mangled, so kinds only.
    assert [kind for _, kind in _params(base.call)] == [
        "POSITIONAL_OR_KEYWORD",
        "POSITIONAL_OR_KEYWORD",
        "POSITIONAL_OR_KEYWORD",
        "VAR_POSITIONAL",
        "VAR_KEYWORD",
    ]
    assert _params(base.wrap_str_format) == _positional("self", "value")
    for loader in ("get_template", "select_template", "get_or_select_template"):
        assert [name for name, _ in _params(getattr(base, loader))][-2:] == ["parent", "globals"]


def test_format_wrapping_goes_through_wrap_str_format() -> None:
    # The width checks live in Sandbox.wrap_str_format: Jinja must call it on access.
    env = _sandbox.Sandbox()
    with pytest.raises(_sandbox.ResourceLimitError):
        env.from_string("{{ '{:>999999}'.format(1) }}").render()
    source = inspect.getsource(sandbox.SandboxedEnvironment.getattr)
    assert "wrap_str_format" in source


def test_formatters_the_sandbox_extends() -> None:
    assert _params(sandbox.SandboxedFormatter.__init__) == [
        ("self", "POSITIONAL_OR_KEYWORD"),
        ("env", "POSITIONAL_OR_KEYWORD"),
        ("kwargs", "VAR_KEYWORD"),
    ]
    assert issubclass(sandbox.SandboxedEscapeFormatter, sandbox.SandboxedFormatter)
    assert issubclass(sandbox.SandboxedEscapeFormatter, markupsafe.EscapeFormatter)
    assert _params(sandbox.SandboxedFormatter.format_field) == _positional(
        "self", "value", "format_spec"
    )


# --------------------------------------------------------------------------- utils and runtime


def test_private_helpers_the_sandbox_reads() -> None:
    @jinja2.pass_context
    def with_context(context: Any, value: Any) -> Any:
        return value

    assert utils._PassArg.from_obj(with_context) is utils._PassArg.context
    assert utils._PassArg.from_obj(len) is None
    # text_size walks a namespace through its name-mangled attribute dictionary.
    assert object.__getattribute__(utils.Namespace(a=1), "_Namespace__attrs") == {"a": 1}
    assert _params(utils.generate_lorem_ipsum) == _positional("n", "html", "min", "max")
    assert isinstance(runtime.LoopContext, type) and isinstance(runtime.Macro, type)


def test_undefined_internals_the_vietnamese_message_uses() -> None:
    assert {"_undefined_hint", "_undefined_obj", "_undefined_name"} <= set(
        jinja2.Undefined.__slots__
    )
    assert isinstance(inspect.getattr_static(jinja2.Undefined, "_undefined_message"), property)
    assert utils.missing is not None and callable(utils.object_type_repr)


def test_compiling_without_a_loader() -> None:
    # templating.compile_template builds a template from code, as Environment does.
    assert _params(jinja2.Template.from_code) == _positional(
        "environment", "code", "globals", "uptodate"
    )
    assert _params(jinja2.Environment.make_globals) == _positional("self", "d")
