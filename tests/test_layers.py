"""The layers of docs/architecture.md, checked: imports go down (or sideways), never up.

Every module of the package must have a layer here; a new module without one fails,
so that the architecture document and the code cannot drift apart.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "binhdanggioi"

# Bottom to top, as in docs/architecture.md. A module may import from its own layer
# or any layer below; the package __init__ (the lazy public API) stands above all.
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "errors",
        "vietnamese",
        "_years",
        "_unit_names",
        "_vocab_fold",
        "_vocab_levels",
        "_vocab_bodies",
        "_vocab_signing",
        "_vocab_figures",
        "vocabulary",
    ),
    (
        "model",
        "_model_fields",
        "_model_people",
        "_model_rows",
        "_model_money",
        "_model_document",
        "_model_pickle",
        "ke_hoach",
        "_files",
        "_workers",
        "_sandbox",
        "_sandbox_limits",
        "_loop_budget",
        "_jinja_vi",
        "units",
        "units._index",
        "units._official",
        "units._resolve",
    ),
    (
        "serialization",
        "_structure_fast",
        "formats",
        "formats._text",
        "formats._yaml",
        "formats._json",
        "formats._toml",
        "ke_hoach_io",
    ),
    (
        "rules",
        "_rules_base",
        "_rules_figures",
        "_rules_units",
        "_rules_text",
        "catalogue",
        "_text_figures",
        "doi_chieu",
        "ke_hoach_rules",
    ),
    (
        "aggregation",
        "_merge",
        "_merge_details",
        "_merge_text",
        "_merge_money",
        "drafting",
        "comparison",
        "templating",
        "roster",
        "formats.csv",
        "formats.xlsx",
        "formats.xlsx.layout",
        "formats.xlsx.cells",
        "formats.xlsx.write",
        "formats.xlsx.read",
        "formats.xlsx.plan_layout",
        "formats.xlsx.plan",
        "formats.xlsx._archive",
        "formats.xlsx._scan",
        "formats.xlsx._grid",
    ),
    (
        "context",
        "_context_text",
        "_context_tables",
        "_context_header",
        "_context_comparison",
        "_context_units",
        "context_ke_hoach",
        "summary",
        "_progress",
    ),
    (
        "renderers",
        "renderers._registry",
        "renderers._lookup",
        "renderers._produce",
        "renderers._batch",
        "renderers._docx_shape",
        "renderers._cache",
        "renderers._text",
        "renderers._zip",
        "renderers._docx_safety",
        "renderers.docx",
        "renderers.html",
        "renderers.markdown",
        "renderers.xlsx",
        "renderers.pdf",
    ),
    ("template_check",),
    (
        "cli",
        "_cli_common",
        "_cli_init",
        "_cli_check",
        "_cli_aggregate",
        "_cli_render",
        "_cli_form",
        "__main__",
    ),
)

# Re-export shims for one release: they point at the new home, wherever it is.
SHIMS = frozenset({"excel", "export"})

RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        if "templates" in path.relative_to(SRC).parts:  # build scripts, not the package
            continue
        found[_module_name(path)] = path
    return found


def _own(name: str) -> str | None:
    if name == "binhdanggioi":
        return ""
    if name.startswith("binhdanggioi."):
        return name.removeprefix("binhdanggioi.")
    return None


def _imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            own = _own(node.module)
            if own == "":
                found.update(alias.name for alias in node.names)
            elif own is not None:
                found.add(own)
        elif isinstance(node, ast.Import):
            found.update(o for alias in node.names if (o := _own(alias.name)))
    return found


def _known(name: str) -> str:
    """The module ``name`` refers to: a module, or the package a name was imported from."""
    while name and name not in RANK and name not in SHIMS:
        name = name.rpartition(".")[0]
    return name


MODULES = {name: path for name, path in _modules().items() if name}


def test_every_module_has_a_layer() -> None:
    missing = sorted(set(MODULES) - set(RANK) - SHIMS)
    assert not missing, f"add these to LAYERS and to docs/architecture.md: {missing}"


@pytest.mark.parametrize("module", sorted(set(MODULES) - SHIMS))
def test_imports_go_down(module: str) -> None:
    if module not in RANK:
        pytest.skip("no layer yet (see test_every_module_has_a_layer)")
    upward = []
    for target in sorted(_imports(MODULES[module])):
        home = _known(target)
        if home in SHIMS:
            upward.append(f"{target} (a shim: import from the new home)")
        elif home and RANK.get(home, -1) > RANK[module]:
            upward.append(f"{target} (layer {RANK[home]} > {RANK[module]})")
    assert not upward, f"{module} imports upward: {upward}"


def test_no_cycles_at_import_time() -> None:
    graph = {
        name: {_known(t) for t in _imports(path, top_level_only=True)} - {"", name}
        for name, path in MODULES.items()
    }

    def visit(node: str, trail: list[str]) -> None:
        if node in trail:
            cycle = [*trail[trail.index(node) :], node]
            raise AssertionError(f"import cycle: {' -> '.join(cycle)}")
        for nxt in sorted(graph.get(node, ())):
            visit(nxt, [*trail, node])

    for start in sorted(graph):
        visit(start, [])
