"""Checking a template before use: ``binhdanggioi check-template FILE``.

Lists the variables and fields a template uses that :func:`template_context` does
not provide, each with the likely intended name, and Jinja syntax errors with the
Word paragraph (or the line) they are in. The renderer a template is for reads it
(:func:`binhdanggioi.renderers.template_sources`): Word templates as docxtpl
preprocesses them, text templates (``.html.j2``, ``.md.j2``, ...) as they are.

>>> from binhdanggioi.template_check import check_source
>>> [str(p) for p in check_source("{{ van_ban.soo }} {{ nam }}", "t.html")]
["t.html, dòng 1: trường 'van_ban.soo' không có trong dữ liệu (có phải ý là 'van_ban.so'?)"]
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from binhdanggioi._jinja_vi import syntax_message
from binhdanggioi.context import template_context
from binhdanggioi.model import DonVi, HoatDong, SoNguoi
from binhdanggioi.templating import jinja_environment
from binhdanggioi.vietnamese import format_number

if TYPE_CHECKING:  # pragma: no cover
    import jinja2
    from jinja2 import nodes

__all__ = ["TemplateProblem", "check_source", "check_template", "sample_context"]


@attrs.frozen
class TemplateProblem:
    """One problem in a template: ``code`` (stable), where it is, what is wrong.

    Codes: ``cu-phap`` (Jinja syntax), ``bien-khong-co`` (unknown variable),
    ``truong-khong-co`` (unknown field of a known variable), ``bo-loc-khong-co``
    (unknown filter or test), ``nap-mau`` (``{% include %}``, ``{% import %}`` or
    ``{% extends %}``, which the sandbox always refuses), ``vong-lap`` (loops over
    literal ``range(N)`` that, nested, run past the rendering's loop budget, or a
    ``range()`` past what the sandbox allows).
    """

    code: str
    where: str
    message: str
    variable: str | None = None
    suggestion: str | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def sample_context() -> dict[str, Any]:
    """A context with every list filled, so that loops over it can be checked too."""
    from binhdanggioi.formats import example_path, load

    base = load(example_path())
    nguon: Any = ("Xã A", "Xã B")  # attrs' tuple converter confuses mypy
    row = HoatDong("Mẫu", 1, SoNguoi(nam=1), cap="xa", nguon=nguon, ghi_chu="Ghi chú")
    sample = attrs.evolve(
        base,
        van_ban=attrs.evolve(
            base.van_ban, co_quan_chu_quan="ỦY BAN NHÂN DÂN TỈNH", kinh_gui=("Sở",)
        ),
        kien_nghi=("Kiến nghị",),
        hoat_dong=(*base.hoat_dong, row),
        nguon=(DonVi("A", "xa"),),
    )
    return template_context(sample)


_UNKNOWN = object()


def check_template(
    path: str | os.PathLike[str], *, context: Mapping[str, Any] | None = None
) -> list[TemplateProblem]:
    """Every problem found in the template file at ``path`` (Word or text).

    The renderer the template is for (by the ending of its name) reads it into its
    Jinja pieces. Raises :class:`~binhdanggioi.errors.TemplateError` for a file that
    cannot be read as a template at all (not a Word package, not UTF-8, a DOCTYPE, ...).
    """
    from binhdanggioi.renderers import template_sources

    ctx = dict(context) if context is not None else sample_context()
    problems: list[TemplateProblem] = []
    for source in template_sources(path):
        problems += check_source(source.source, source.name, ctx, describe=source.describe)
    return problems


def _syntax_problem(
    err: jinja2.TemplateSyntaxError, where: Callable[[int | None], str]
) -> TemplateProblem:
    message = f"lỗi cú pháp Jinja: {syntax_message(err.message or '')}"
    return TemplateProblem("cu-phap", where(err.lineno), message)


def check_source(
    source: str,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    describe: Callable[[int], str] | None = None,
) -> list[TemplateProblem]:
    """Problems in one template text; ``describe(lineno)`` names a place for people."""
    import jinja2
    from jinja2 import meta

    ctx = dict(context) if context is not None else sample_context()
    env = jinja_environment()

    def where(lineno: int | None) -> str:
        if not lineno:
            return name
        return f"{name}, {describe(lineno) if describe else f'dòng {lineno}'}"

    try:
        tree = env.parse(source, name=name)
    except jinja2.TemplateSyntaxError as err:
        return [_syntax_problem(err, where)]
    except (RecursionError, MemoryError):
        return [TemplateProblem("cu-phap", name, "mẫu lồng nhau quá sâu, không phân tích được")]
    problems = _loads(tree, where) + _loop_budget(tree, env, where)
    missing, unknown = _unknown_filters_and_tests(tree, env, where)
    problems += unknown
    # Unknown filters and tests are reported above; stand-ins let the rest be checked.
    tolerant = env.overlay()
    tolerant.filters = {**env.filters, **dict.fromkeys(missing["filter"], _stand_in)}
    tolerant.tests = {**env.tests, **dict.fromkeys(missing["test"], _stand_in)}
    tree.set_environment(tolerant)
    try:
        tolerant.compile(tree, name=name)
    except jinja2.TemplateSyntaxError as err:
        problems.append(_syntax_problem(err, where))
    except (RecursionError, MemoryError):
        return [*problems, TemplateProblem("cu-phap", name, "mẫu lồng nhau quá sâu")]

    known = set(ctx) | set(env.globals)
    try:
        undeclared = meta.find_undeclared_variables(tree)
    except jinja2.TemplateSyntaxError:  # already reported by the compilation above
        undeclared = set()
    for var in sorted(undeclared - known):
        guess = difflib.get_close_matches(var, sorted(ctx), n=1)
        hint = f" (có phải ý là '{guess[0]}'?)" if guess else ""
        problems.append(
            TemplateProblem(
                "bien-khong-co",
                where(_first_use(tree, var)),
                f"biến '{var}' không có trong dữ liệu{hint}",
                variable=var,
                suggestion=guess[0] if guess else None,
            )
        )
    walker = _Walker(ctx, where)
    walker.walk(tree, {})
    problems += walker.problems
    return problems


def _stand_in(value: Any, *args: Any, **kwargs: Any) -> Any:
    return value


_LOAD_TAGS = {
    "Include": "include",
    "Import": "import",
    "FromImport": "from … import",
    "Extends": "extends",
}


def _loads(tree: nodes.Template, where: Callable[[int | None], str]) -> list[TemplateProblem]:
    """``{% include %}``, ``{% import %}``, ``{% extends %}``: always refused when rendering."""
    from jinja2 import nodes

    problems = []
    for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        tag = _LOAD_TAGS[type(node).__name__]
        template = getattr(node, "template", None)
        target = template.value if isinstance(template, nodes.Const) else "…"
        problems.append(
            TemplateProblem(
                "nap-mau",
                where(node.lineno),
                f"mẫu không được chèn/nạp mẫu khác hay tệp: {{% {tag} %}} '{target}' luôn bị "
                "chặn khi xuất; hãy chép nội dung cần dùng vào chính mẫu này",
                variable=str(target),
            )
        )
    return problems


def _range_length(node: nodes.Node) -> int | None:
    """How many numbers ``range(…)`` with literal integer arguments gives, else ``None``."""
    from jinja2 import nodes

    call = node
    if not (
        isinstance(call, nodes.Call)
        and isinstance(call.node, nodes.Name)
        and call.node.name == "range"
        and not call.kwargs
        and call.dyn_args is None
        and call.dyn_kwargs is None
        and 1 <= len(call.args) <= 3
    ):
        return None
    values = []
    for arg in call.args:
        value = arg.value if isinstance(arg, nodes.Const) else None
        if isinstance(arg, nodes.Neg) and isinstance(arg.node, nodes.Const):
            value = -arg.node.value if isinstance(arg.node.value, int) else None
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        values.append(value)
    try:
        numbers = range(*values)
    except ValueError:  # a step of 0: an error of its own when rendering
        return None
    try:
        return len(numbers)
    except OverflowError:  # more than sys.maxsize
        return abs(numbers.stop - numbers.start) // abs(numbers.step)


def _loop_budget(
    tree: nodes.Template, env: Any, where: Callable[[int | None], str]
) -> list[TemplateProblem]:
    """Loops over literal ``range(N)`` that would stop the rendering: a ``range()`` too
    long for the sandbox, or nested loops whose turns multiply past the loop budget.

    Loops over report data count as one turn each here: their length is not known.
    """
    from jinja2 import nodes
    from jinja2.sandbox import MAX_RANGE

    from binhdanggioi._sandbox import iteration_limit

    limit = iteration_limit(env)
    problems: list[TemplateProblem] = []

    def visit(node: nodes.Node, outer: int) -> None:
        if not isinstance(node, nodes.For):
            for child in node.iter_child_nodes():
                visit(child, outer)
            return
        count = _range_length(node.iter)
        for child in node.iter.iter_child_nodes():
            visit(child, outer)
        if count is not None and count > MAX_RANGE:
            problems.append(
                TemplateProblem(
                    "vong-lap",
                    where(node.lineno),
                    f"vòng lặp qua range() có {format_number(count)} lượt; range() trong mẫu chỉ "
                    f"tạo được tối đa {format_number(MAX_RANGE)} số",
                )
            )
            return
        total = outer * (count if count is not None else 1)
        if total > limit >= outer:
            problems.append(
                TemplateProblem(
                    "vong-lap",
                    where(node.lineno),
                    f"vòng lặp chạy khoảng {format_number(total)} lượt (nhân với các vòng lặp "
                    f"bên ngoài), vượt giới hạn {format_number(limit)} lượt lặp của một lần xuất",
                )
            )
        for child in ([node.test] if node.test else []) + list(node.body):
            visit(child, total)
        for child in node.else_:
            visit(child, outer)

    visit(tree, 1)
    return problems


def _unknown_filters_and_tests(
    tree: nodes.Template, env: Any, where: Callable[[int | None], str]
) -> tuple[dict[str, set[str]], list[TemplateProblem]]:
    """Every filter and test the template names that the environment does not have."""
    from jinja2 import nodes

    missing: dict[str, set[str]] = {"filter": set(), "test": set()}
    problems: list[TemplateProblem] = []
    seen: set[tuple[str, str, str]] = set()
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        is_filter = isinstance(node, nodes.Filter)
        table = env.filters if is_filter else env.tests
        if node.name in table:
            continue
        kind = "filter" if is_filter else "test"
        missing[kind].add(node.name)
        place = where(node.lineno)
        if (kind, node.name, place) in seen:
            continue
        seen.add((kind, node.name, place))
        guess = difflib.get_close_matches(node.name, sorted(table), n=1)
        hint = f" (có phải ý là '{guess[0]}'?)" if guess else ""
        label = "bộ lọc" if is_filter else "phép thử"
        problems.append(
            TemplateProblem(
                "bo-loc-khong-co",
                place,
                f"{label} '{node.name}' không có{hint}",
                variable=node.name,
                suggestion=guess[0] if guess else None,
            )
        )
    return missing, problems


def _first_use(tree: nodes.Template, var: str) -> int | None:
    from jinja2 import nodes

    lines = [n.lineno for n in tree.find_all(nodes.Name) if n.name == var]
    return min(lines) if lines else None


def _dotted(node: nodes.Node) -> str:
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_dotted(node.node)}[{node.arg.value!r}]"
    return "…"


class _Walker:
    """Follows names through loops and ``set`` to check the fields a template reads."""

    def __init__(self, context: Mapping[str, Any], where: Callable[[int | None], str]) -> None:
        self.context = context
        self.where = where
        self.problems: list[TemplateProblem] = []
        self._seen: set[tuple[str, str]] = set()

    def walk(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        from jinja2 import nodes

        if isinstance(node, nodes.For):
            self.walk(node.iter, scope)
            items = self.resolve(node.iter, scope)
            element = items[0] if isinstance(items, list) and items else _UNKNOWN
            inner = dict(scope)
            self._bind(node.target, element, inner)
            inner["loop"] = _UNKNOWN
            for child in ([node.test] if node.test else []) + list(node.body):
                self.walk(child, inner)
            for child in node.else_:
                self.walk(child, scope)
            return
        if isinstance(node, nodes.Assign):
            self.walk(node.node, scope)
            self._bind(node.target, self.resolve(node.node, scope), scope)
            return
        if isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = dict(scope)
            for arg in node.args:
                inner[arg.name] = _UNKNOWN
            if isinstance(node, nodes.Macro):
                scope[node.name] = _UNKNOWN
            for child in node.body:
                self.walk(child, inner)
            return
        if isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                self.walk(value, scope)
                self._bind(target, self.resolve(value, scope), inner)
            for child in node.body:
                self.walk(child, inner)
            return
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            self.resolve(node, scope)
            if isinstance(node, nodes.Getitem):
                self.walk(node.arg, scope)
            self._walk_base(node, scope)
            return
        for child in node.iter_child_nodes():
            self.walk(child, scope)

    def _walk_base(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        from jinja2 import nodes

        base = node
        while isinstance(base, nodes.Getattr | nodes.Getitem):
            base = base.node
        if not isinstance(base, nodes.Name):
            self.walk(base, scope)

    def _bind(self, target: nodes.Node, value: Any, scope: dict[str, Any]) -> None:
        from jinja2 import nodes

        if isinstance(target, nodes.Name):
            scope[target.name] = value
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, _UNKNOWN, scope)

    def resolve(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        """The sample value ``node`` stands for, or ``_UNKNOWN``; reports missing fields."""
        from jinja2 import nodes

        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            return self.context.get(node.name, _UNKNOWN)
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            key: Any
            if isinstance(node, nodes.Getattr):
                key = node.attr
            elif isinstance(node.arg, nodes.Const):
                key = node.arg.value
            else:
                return _UNKNOWN
            base = self.resolve(node.node, scope)
            if isinstance(base, Mapping):
                if key in base:
                    return base[key]
                if isinstance(key, str) and hasattr(dict, key):
                    return _UNKNOWN
                self._missing(node, base, key)
                return _UNKNOWN
            if isinstance(base, list) and isinstance(key, int):
                return base[key] if -len(base) <= key < len(base) else _UNKNOWN
            return _UNKNOWN
        return _UNKNOWN

    def _missing(self, node: nodes.Node, base: Mapping[str, Any], key: Any) -> None:
        path = _dotted(node)
        parent = path.rsplit(".", 1)[0] if "." in path else path
        guess = difflib.get_close_matches(str(key), [str(k) for k in base], n=1)
        suggestion = f"{parent}.{guess[0]}" if guess else None
        hint = f" (có phải ý là '{suggestion}'?)" if suggestion else ""
        where = self.where(node.lineno)
        if (path, where) in self._seen:
            return
        self._seen.add((path, where))
        self.problems.append(
            TemplateProblem(
                "truong-khong-co",
                where,
                f"trường '{path}' không có trong dữ liệu{hint}",
                variable=path,
                suggestion=suggestion,
            )
        )


def iter_lines(problems: list[TemplateProblem]) -> Iterator[str]:
    """One printable line per problem."""
    for problem in problems:
        yield str(problem)
