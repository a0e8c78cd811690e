"""The renderer contract: one source of metadata, one registry, one name per thing."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import binhdanggioi as bdg
from binhdanggioi import renderers as package
from binhdanggioi.errors import RendererError
from binhdanggioi.renderers import (
    CheckableRenderer,
    PreparingRenderer,
    Registry,
    Renderer,
    available_renderers,
    get_renderer,
    register,
    registry,
    render,
    render_many,
    template_sources,
    unregister,
)
from binhdanggioi.renderers._registry import Builtin
from binhdanggioi.template_check import check_template

ROOT = Path(__file__).resolve().parents[1]


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


# --------------------------------------------------------------------------- the name


def test_package_attribute_is_the_subpackage_function_first() -> None:
    out = _run(
        """
        import binhdanggioi as b
        first = b.renderers
        import binhdanggioi.renderers as r
        print(first is r, r.get_renderer(".md").name, b.renderers is r)
        """
    )
    assert out == "True markdown True"


def test_package_attribute_is_the_subpackage_module_first() -> None:
    out = _run(
        """
        import binhdanggioi.renderers as r
        r.get_renderer
        import binhdanggioi as b
        from binhdanggioi import renderers
        print(b.renderers is r, renderers is r, sorted(b.available_renderers()))
        """
    )
    assert out == "True True ['docx', 'html', 'markdown', 'pdf', 'xlsx']"


def test_old_listing_function_warns_and_still_answers() -> None:
    with pytest.warns(DeprecationWarning, match="available_renderers"):
        called = bdg.renderers()
    with pytest.warns(DeprecationWarning, match="available_renderers"):
        old = package.renderers()
    assert called == old == available_renderers() == bdg.available_renderers()


def test_listing_and_importing_load_no_heavy_dependency() -> None:
    out = _run(
        """
        import sys
        heavy = ("jinja2", "docxtpl", "lxml", "openpyxl", "yaml", "markupsafe")
        import binhdanggioi
        print(sorted(m for m in heavy if m in sys.modules))
        binhdanggioi.available_renderers()
        binhdanggioi.renderers.get_renderer(".docx")
        print(sorted(m for m in heavy if m in sys.modules))
        """
    )
    assert out.splitlines() == ["[]", "[]"]


# --------------------------------------------------------------------------- one source of metadata


@pytest.mark.parametrize("builtin", registry.builtins, ids=lambda b: b.name)
def test_builtin_classes_and_registry_agree(builtin: Builtin) -> None:
    module, _, attr = builtin.target.partition(":")
    cls = getattr(__import__(module, fromlist=[attr]), attr)
    info = available_renderers()[builtin.name]
    assert info.available and info.origin == "có sẵn" and info.target == builtin.target
    assert (info.name, info.suffixes, info.media_type, info.default_template) == (
        cls.name,
        cls.suffixes,
        cls.media_type,
        cls.default_template,
    )
    assert info.description == cls.__doc__.strip().splitlines()[0]
    renderer = get_renderer(builtin.name)
    assert isinstance(renderer, cls) and isinstance(renderer, Renderer)
    for suffix in cls.suffixes:
        assert get_renderer(suffix) is renderer
    if cls.default_template is not None:
        assert (ROOT / "templates" / cls.default_template).is_file()
        assert isinstance(renderer, PreparingRenderer)
        assert isinstance(renderer, CheckableRenderer)
        assert registry.for_template(f"mau{renderer.template_suffixes[0]}") is renderer


def test_no_two_builtins_share_a_suffix() -> None:
    suffixes = [s for info in available_renderers().values() for s in info.suffixes]
    assert len(suffixes) == len(set(suffixes))


def test_a_registry_of_its_own_is_independent() -> None:
    own = Registry(
        [Builtin("md", "binhdanggioi.renderers.markdown:MarkdownRenderer")],
        group="binhdanggioi.khong-co",
    )
    with pytest.raises(RendererError, match="tên là 'markdown'"):
        own.get("md")
    assert "md" not in available_renderers()
    own.builtins = (Builtin("markdown", "binhdanggioi.renderers.markdown:MarkdownRenderer"),)
    assert list(own.available()) == ["markdown"]
    assert own.get(".md") is not get_renderer("markdown")  # instances are per registry


# --------------------------------------------------------------------------- rendering


class _Counting:
    """Bộ xuất thử: đếm số lần chuẩn bị mẫu."""

    name, suffixes, media_type, default_template = "dem", (".dem",), "text/plain", "x.dem"

    def __init__(self) -> None:
        self.prepared: list[Any] = []

    def prepare(self, template: Any = None) -> Any:
        self.prepared.append(template)
        text = Path(template).read_bytes()

        class Prepared:
            def render(self, bao_cao: bdg.BaoCao) -> bytes:
                return text + str(bao_cao.nam).encode()

        return Prepared()

    def render(self, bao_cao: bdg.BaoCao, *, template: Any = None) -> bytes:
        raise AssertionError("render() must use prepare() for a preparing renderer")


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> Any:
    renderer = _Counting()
    register(renderer)
    yield renderer
    unregister("dem")


def test_render_finds_the_template_once_and_prepares_it(
    counting: _Counting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = tmp_path / "mau.dem"
    template.write_bytes(b"mau-")
    calls: list[Any] = []
    real = package.template_path

    def counted(*args: Any) -> Path:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(package, "template_path", counted)
    report = bdg.load(bdg.example_path())
    assert render(report, "dem", template=template, out=tmp_path / "ra.dem") == b"mau-2023"
    assert len(calls) == 1
    assert counting.prepared == [template.absolute()]


def test_render_many_prepares_once(counting: _Counting, tmp_path: Path) -> None:
    template = tmp_path / "mau.dem"
    template.write_bytes(b"")
    report = bdg.load(bdg.example_path())
    written = render_many([report] * 3, "dem", template=template, out_dir=tmp_path / "ra")
    assert [p.read_bytes() for p in written] == [b"2023"] * 3
    assert len(counting.prepared) == 1


# --------------------------------------------------------------------------- template sources


def test_template_sources_come_from_the_renderer_of_the_suffix(tmp_path: Path) -> None:
    dotx = tmp_path / "mau.dotx"
    shutil.copy(ROOT / "templates" / "bao-cao.docx", dotx)
    pieces = template_sources(dotx)
    assert pieces[0].name == "mau.dotx:word/document.xml"
    assert "đoạn văn" in pieces[0].describe(3)
    assert check_template(dotx) == []

    html = tmp_path / "mau.HTML.J2"
    html.write_text("{{ nam }}", encoding="utf-8")
    assert registry.for_template(html) is get_renderer("html")
    (piece,) = template_sources(html)
    assert (piece.name, piece.source, piece.describe(2)) == ("mau.HTML.J2", "{{ nam }}", "dòng 2")


def test_a_template_no_renderer_takes_is_read_as_text(tmp_path: Path) -> None:
    text = tmp_path / "mau.txt"
    text.write_text("{{ namm }}", encoding="utf-8")
    assert registry.for_template(text) is None
    (problem,) = check_template(text)
    assert problem.where == "mau.txt, dòng 1" and problem.suggestion == "nam"
