"""The loop budget of a rendering: counted iterations (and a clock), checked statically too."""

from __future__ import annotations

import inspect
import io
import time
from pathlib import Path

import docx
import pytest
from jinja2 import compiler, environment, nodes, runtime, sandbox

import binhdanggioi as bdg
from binhdanggioi import _sandbox
from binhdanggioi.cli import main
from binhdanggioi.errors import TemplateError, TemplateSecurityError
from binhdanggioi.template_check import check_source
from binhdanggioi.templating import compile_template, jinja_environment, render_template

NESTED = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"


def _render(source: str, *, name: str = "vong-lap.html.j2", **limits: float) -> str:
    env = jinja_environment(**limits)  # type: ignore[arg-type]
    return render_template(compile_template(env, source, name), {"xs": [1, 2, 3]})


def _refused(source: str, **limits: float) -> str:
    with pytest.raises(TemplateSecurityError) as info:
        _render(source, **limits)
    return str(info.value)


# --------------------------------------------------------------------------- rendering


def test_nested_loops_are_stopped_quickly_naming_the_template_and_line() -> None:
    started = time.monotonic()
    message = _refused("{{ xs }}\n" + NESTED)
    assert time.monotonic() - started < 10
    assert message.startswith(
        "mẫu 'vong-lap.html.j2': vượt quá giới hạn 1.000.000 lượt lặp (dòng 2);"
    )
    assert "BINHDANGGIOI_MAX_ITERATIONS" in message


@pytest.mark.parametrize(
    "source",
    [
        "{% for i in range(100) %}{{ range(100000)|sum }}{% endfor %}",  # a filter walks it
        "{% for i in range(100) %}{{ range(100000)|list|length }}{% endfor %}",
        "{% for i in range(100) %}{{ range(100000)|reverse|join }}{% endfor %}",
        "{% for i in range(20) %}{% for c in 'x' * 100000 %}{% endfor %}{% endfor %}",
        "{% for i in range(20) %}{% for c in xs * 30000 if c %}{% endfor %}{% endfor %}",
        "{% macro m() %}{% for i in range(100000) %}{% endfor %}{% endmacro %}"
        "{% for i in range(20) %}{{ m() }}{% endfor %}",
        "{% set s %}{% for i in range(100000) %}{% for j in range(20) %}{% endfor %}"
        "{% endfor %}{% endset %}",
    ],
)
def test_every_kind_of_iteration_counts(source: str) -> None:
    assert "lượt lặp" in _refused(source)


def test_the_budget_survives_an_autoescape_block_inside_a_macro() -> None:
    # {% autoescape %} saves and restores the eval context, where the budget lives:
    # a budget made afresh inside it would start again at each call.
    macro = (
        "{% macro m() %}{% autoescape true %}{% for i in range(100000) %}{% endfor %}"
        "{% endautoescape %}{% endmacro %}"
    )
    assert "lượt lặp" in _refused(macro + "{{ m() }}" * 11)


def test_a_recursive_loop_counts_its_children() -> None:
    tree = [{"c": [{"c": [{"c": []}]}, {"c": []}]}]
    source = "{% for x in t recursive %}.{{ loop(x.c) }}{% endfor %}"
    env = jinja_environment(max_iterations=3)  # four items: one at the top, three below
    template = compile_template(env, source, "cay.html.j2")
    with pytest.raises(TemplateSecurityError, match="giới hạn 3 lượt lặp"):
        render_template(template, {"t": tree})
    assert render_template(compile_template(jinja_environment(), source, "c"), {"t": tree}) == (
        "...."
    )


def test_the_budget_is_per_rendering() -> None:
    env = jinja_environment()
    template = compile_template(env, "{% for i in range(100000) %}{% endfor %}x", "t.html.j2")
    for _ in range(15):  # 1.5 million iterations over all, 100 000 per rendering
        assert render_template(template, {}) == "x"


def test_the_limit_is_a_keyword_a_variable_and_a_constant(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ten = "{% for i in range(10) %}{% endfor %}ok"
    eleven = "{% for i in range(11) %}{% endfor %}"
    assert _render(ten, max_iterations=10) == "ok"
    assert "giới hạn 10 lượt lặp" in _refused(eleven, max_iterations=10)
    monkeypatch.setenv(_sandbox.ITERATIONS_VARIABLE, "10")
    assert "giới hạn 10 lượt lặp" in _refused(eleven)
    assert _render(eleven, max_iterations=11) == ""  # the keyword wins
    monkeypatch.delenv(_sandbox.ITERATIONS_VARIABLE)
    monkeypatch.setattr(_sandbox, "MAX_ITERATIONS", 5)
    assert "giới hạn 5 lượt lặp" in _refused(eleven)


def test_a_wrong_limit_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_sandbox.ITERATIONS_VARIABLE, "nhiều")
    with pytest.raises(TemplateError, match=r"^mẫu 'vong-lap.html.j2': biến môi trường BINH"):
        _render("x")
    with pytest.raises(TemplateError, match=r"BINHDANGGIOI_MAX_ITERATIONS .* không phải 'nhiều'"):
        check_source("{{ nam }}", "t.html")
    with pytest.raises(ValueError, match="max_iterations"):
        jinja_environment(max_iterations=0)


def test_the_clock_stops_loops_whose_turns_are_costly() -> None:
    source = "{% for i in range(100000) %}{{ (big|sort)[0] }}{% endfor %}"
    env = jinja_environment(max_iterations=10**9, max_seconds=0.3)
    template = compile_template(env, source, "cham.html.j2")
    started = time.monotonic()
    with pytest.raises(TemplateSecurityError, match=r"'cham.html.j2': vượt quá giới hạn 0.3 giây"):
        render_template(template, {"big": list(range(50_000, 0, -1))})
    assert time.monotonic() - started < 10


def test_range_keeps_its_behaviour() -> None:
    source = (
        "{{ range(3) }} {{ range(5)|list }} {{ range(5)|reverse|list }} {{ range(5)|last }} "
        "{{ 3 in range(5) }} {{ range(10)[2:4]|list }} {{ range(10)[-1] }} {{ range(4)|length }} "
        "{{ range(2, 9, 3).stop }} {{ range(3) == range(3) }} "
        "{% for i in range(3) %}{{ loop.length }}{{ loop.last }}{% endfor %} "
        "{% for i in [] %}{% else %}trống{% endfor %}"
    )
    assert _render(source) == (
        "range(0, 3) [0, 1, 2, 3, 4] [4, 3, 2, 1, 0] 4 True [2, 3] 9 4 9 True "
        "3False3False3True trống"
    )


def test_a_range_too_long_is_refused_in_vietnamese() -> None:
    assert "range() quá lớn" in _refused("{{ range(-100000, 100000)|length }}")


def test_a_template_cannot_reach_past_the_counter() -> None:
    with pytest.raises(TemplateError):
        _render("{% for i in range(3)._items %}{% endfor %}")


def test_a_word_template_has_the_budget_in_each_part(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Mở đầu")
    document.add_paragraph(NESTED)
    path = tmp_path / "vong-lap.docx"
    document.save(str(path))
    started = time.monotonic()
    with pytest.raises(TemplateError) as info:
        bdg.render(bdg.load(bdg.example_path()), "docx", template=path)
    assert time.monotonic() - started < 20
    message = str(info.value)
    assert message.startswith("mẫu 'vong-lap.docx:word/document.xml': vượt quá giới hạn")
    assert "word/document.xml, đoạn văn" in message


def test_docxtpl_with_the_sandboxed_environment_has_the_budget_too(tmp_path: Path) -> None:
    from docxtpl import DocxTemplate

    document = docx.Document()
    document.add_paragraph("{% for i in range(11) %}{% endfor %}")
    path = tmp_path / "t.docx"
    document.save(str(path))
    with pytest.raises(_sandbox.LoopLimitError):
        DocxTemplate(str(path)).render({}, jinja_env=jinja_environment(max_iterations=10))
    ok = DocxTemplate(str(path))
    ok.render({}, jinja_env=jinja_environment(max_iterations=11))
    ok.save(io.BytesIO())


# --------------------------------------------------------------------------- check-template


def _loops(source: str) -> list[str]:
    return [str(p) for p in check_source(source, "t.html") if p.code == "vong-lap"]


def test_check_template_multiplies_nested_literal_ranges() -> None:
    source = (
        "{{ nam }}\n{% for i in range(100000) %}\n{% for j in range(100000) %}"
        "{% for k in range(9) %}{% endfor %}{% endfor %}{% endfor %}"
    )
    (line,) = _loops(source)  # the loop where the product passes the limit, only
    assert line.startswith("t.html, dòng 3: vòng lặp chạy khoảng 10.000.000.000 lượt")
    assert "giới hạn 1.000.000 lượt lặp" in line
    square = "{% for i in range(1000) %}{% for j in range(N) %}{% endfor %}{% endfor %}"
    assert not _loops(square.replace("N", "1000"))  # exactly the limit
    assert _loops(square.replace("N", "1001"))


def test_check_template_counts_data_loops_as_one_turn() -> None:
    source = "{% for r in hoat_dong %}{% for i in range(100000) %}{% endfor %}{% endfor %}"
    assert not _loops(source)
    assert _loops("{% for i in range(20) %}" + source + "{% endfor %}")


def test_check_template_notices_a_range_the_sandbox_refuses() -> None:
    (line,) = _loops("{% for i in range(10, -1000000, -1) %}{% endfor %}")
    assert "range() có 1.000.010 lượt" in line and "tối đa 100.000" in line


def test_check_template_uses_the_configured_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_sandbox.ITERATIONS_VARIABLE, "10")
    assert _loops("{% for i in range(11) %}{% endfor %}")
    assert not _loops("{% for i in range(10) %}{% endfor %}")


def test_check_template_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "vong-lap.md.j2"
    template.write_text("Đầu\n" + NESTED, encoding="utf-8")
    assert main(["check-template", str(template)]) == 1
    err = capsys.readouterr().err
    assert "lỗi: vong-lap.md.j2, dòng 2: vòng lặp chạy khoảng" in err


# --------------------------------------------------------------------------- Jinja internals


def test_jinja_internals_the_budget_relies_on() -> None:
    # visit_For writes the iterable by visiting node.iter (twice for a recursive loop):
    # _Generator.visit_For replaces node.iter on a copy.
    source = inspect.getsource(compiler.CodeGenerator.visit_For)
    assert source.count("self.visit(node.iter, frame)") == 2
    assert "reciter" in source
    # A derived context (blocks, {% with %}) shares the eval context: the budget is there.
    assert "context.eval_ctx = self.eval_ctx" in inspect.getsource(runtime.Context.derived)
    assert "__slots__" not in vars(nodes.EvalContext)
    assert "self.__dict__" in inspect.getsource(nodes.EvalContext.save)
    params = list(inspect.signature(environment.Template.new_context).parameters)
    assert params == ["self", "vars", "shared", "locals"]
    assert "self.new_context(" in inspect.getsource(environment.Template.generate)
    assert sandbox.MAX_RANGE == 100_000
    assert len(sandbox.safe_range(3)) == 3
    # Context.call hands a pass_context function the (derived) context.
    assert "_PassArg.context" in inspect.getsource(runtime.Context.call)
