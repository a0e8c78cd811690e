"""The public API in ``binhdanggioi/__init__.py``: one list of names, said three times.

``_EXPORTS`` (name → home module, for the lazy ``__getattr__``), ``__all__`` and the
``TYPE_CHECKING`` imports (for type checkers and IDEs) must name the same things,
or a name works at run time but not for mypy, or the other way round. The file is
read with ``ast``, not imported, so that what is checked is what is written.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import binhdanggioi

INIT = Path(binhdanggioi.__file__)

LIGHT_HOMES = frozenset({"errors", "vietnamese", "model", "vocabulary"})
"""Modules below all file reading and rendering: naming their exports loads nothing heavy."""

HEAVY = ("docxtpl", "docx", "jinja2", "lxml", "openpyxl", "python_calamine", "yaml", "cattrs")


def _tree() -> ast.Module:
    return ast.parse(INIT.read_text(encoding="utf-8"), filename=str(INIT))


def _assigned(name: str) -> ast.expr:
    """The value assigned to a module-level ``name`` (plain or annotated assignment)."""
    for node in _tree().body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return node.value
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == name
            and node.value is not None
        ):
            return node.value
    raise AssertionError(f"{INIT.name} assigns no {name}")


def _exports() -> dict[str, str]:
    value = _assigned("_EXPORTS")
    assert isinstance(value, ast.Dict), "_EXPORTS must be a dict literal"
    keys = [ast.literal_eval(k) for k in value.keys if k is not None]
    assert len(keys) == len(set(keys)), "_EXPORTS names a key twice"
    exports = ast.literal_eval(value)
    assert isinstance(exports, dict)
    return exports


def _home(module: str) -> str:
    """The dotted module ``_EXPORTS`` points to; ``""`` means the name is a subpackage itself."""
    return f"binhdanggioi.{module}" if module else "binhdanggioi"


def _all() -> list[str]:
    names = ast.literal_eval(_assigned("__all__"))
    assert isinstance(names, list)
    return names


def _type_checking_imports() -> dict[str, str]:
    """Name → module of every ``from … import`` under ``if TYPE_CHECKING:``."""
    imports: dict[str, str] = {}
    for node in _tree().body:
        if not (isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"):
            continue
        for stmt in node.body:
            assert isinstance(stmt, ast.ImportFrom), ast.unparse(stmt)
            for alias in stmt.names:
                name = alias.asname or alias.name
                assert name not in imports, f"{name} imported twice under TYPE_CHECKING"
                imports[name] = f"{stmt.module}"
    assert imports, "no TYPE_CHECKING imports found"
    return imports


def test_all_is_sorted_without_duplicates() -> None:
    names = _all()
    assert names == sorted(set(names))


def test_exports_all_and_type_checking_imports_name_the_same_things() -> None:
    exports = set(_exports())
    assert set(_all()) == exports | {"__version__"}
    assert set(_type_checking_imports()) == exports


def test_type_checking_imports_come_from_the_module_getattr_loads() -> None:
    exports = _exports()
    wrong = {
        name: (module, _home(exports[name]))
        for name, module in _type_checking_imports().items()
        if module != _home(exports[name])
    }
    assert wrong == {}


@pytest.mark.parametrize("name", sorted(_exports()))
def test_every_exported_name_resolves(name: str) -> None:
    module = _exports()[name]
    if module:
        home = importlib.import_module(_home(module))
        assert name in vars(home), f"{home.__name__} defines no {name}"
    else:
        importlib.import_module(f"binhdanggioi.{name}")
    assert getattr(binhdanggioi, name) is not None


def test_version_is_exported_and_matches_the_package_metadata() -> None:
    from importlib.metadata import version

    assert binhdanggioi.__version__ == version("binhdanggioi")


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="khong_co"):
        binhdanggioi.khong_co  # noqa: B018


def test_domain_types_and_introspection_stay_light() -> None:
    """``import binhdanggioi`` alone is checked in test_render_many; this goes further.

    Listing the API and naming the errors, the model and the Vietnamese formatting
    must not load template, Excel or file-format libraries either.
    """
    light = sorted(n for n, home in _exports().items() if home in LIGHT_HOMES)
    assert {"BaoCao", "DataError", "format_number"} <= set(light)
    code = (
        "import sys, binhdanggioi as b\n"
        "assert dir(b) == b.__all__ and b.__version__\n"
        f"for name in {light!r}: getattr(b, name)\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
