"""Renderer plugins from the entry-point group ``binhdanggioi.renderers``.

Each test builds a tiny installed distribution in ``tmp_path`` (a module and a
``.dist-info`` with ``entry_points.txt``) and puts it on ``sys.path``, which is
all ``importlib.metadata`` needs to see it as installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import binhdanggioi as bdg
from binhdanggioi.errors import RendererError
from binhdanggioi.renderers import available_renderers as renderers
from binhdanggioi.renderers import get_renderer, register, render, unregister

PLUGIN = '''
"""A plugin renderer: one line of plain text per table row."""
from binhdanggioi.context import template_context


class TxtRenderer:
    """Văn bản thuần (plugin thử nghiệm)."""

    name = "{name}"
    suffixes = (".txt",)
    media_type = "text/plain; charset=utf-8"
    default_template = None

    def render(self, bao_cao, *, template=None):
        ctx = template_context(bao_cao)
        lines = [ctx["don_vi"]["ten_day_du"]]
        for bang in ctx["bang"]:
            lines += [f"{{r['stt']}}|{{r['ten']}}|{{r['so_luong_viet']}}" for r in bang["dong"]]
        return "\\n".join(lines).encode("utf-8")
'''


def make_plugin(
    root: Path, dist: str, module: str, name: str, *, target: str | None = None
) -> Path:
    """Write an installed distribution ``dist`` whose entry point ``name`` → ``module``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / f"{module}.py").write_text(PLUGIN.format(name=name), encoding="utf-8")
    info = root / f"{dist.replace('-', '_')}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[binhdanggioi.renderers]\n{name} = {target or module + ':TxtRenderer'}\n",
        encoding="utf-8",
    )
    (info / "RECORD").write_text("", encoding="utf-8")
    return root


@pytest.fixture
def report() -> bdg.BaoCao:
    return bdg.load(bdg.example_path())


def test_plugin_is_listed_and_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, report: bdg.BaoCao
) -> None:
    monkeypatch.syspath_prepend(str(make_plugin(tmp_path / "site", "bdg-txt", "bdg_txt", "txt")))
    info = renderers()["txt"]
    assert info.available and info.suffixes == (".txt",)
    assert info.origin == "plugin bdg-txt 0.1"
    assert info.description == "Văn bản thuần (plugin thử nghiệm)."
    text = render(report, "txt").decode()
    assert text.splitlines()[:3] == [
        "thành phố Bắc Kạn",
        "1|Hưởng ứng Lễ phát động|01",
        "2|Nhận quà tại Lễ phát động|01",
    ]
    assert get_renderer(".txt").name == "txt"


def test_plugin_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from binhdanggioi.cli import main

    monkeypatch.syspath_prepend(str(make_plugin(tmp_path / "site", "bdg-txt", "bdg_txt", "txt")))
    out = tmp_path / "bc.txt"
    assert main(["render", str(bdg.example_path()), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("thành phố Bắc Kạn")
    assert main(["renderers"]) == 0
    assert "plugin bdg-txt 0.1" in capsys.readouterr().out


def test_plugin_named_like_a_builtin_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, report: bdg.BaoCao
) -> None:
    monkeypatch.syspath_prepend(str(make_plugin(tmp_path / "a", "bdg-evil", "bdg_evil", "docx")))
    with pytest.raises(RendererError, match=r"'docx' bị đăng ký hai lần.*có sẵn.*bdg-evil"):
        get_renderer("docx")
    with pytest.raises(RendererError, match="hai lần"):
        render(report, "docx")
    with pytest.raises(RendererError, match="hai lần"):
        get_renderer(".docx")
    # Only the name in conflict is refused: every other renderer still works.
    listed = renderers()
    assert not listed["docx"].available
    assert "bdg-evil" in (listed["docx"].problem or "")
    assert listed["html"].available and listed["markdown"].available
    assert render(report, "html").startswith(b"<!DOCTYPE html>")


def test_cli_lists_a_name_conflict_and_exits_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from binhdanggioi.cli import main

    monkeypatch.syspath_prepend(str(make_plugin(tmp_path / "a", "bdg-evil", "bdg_evil", "docx")))
    assert main(["renderers"]) == 0
    out = capsys.readouterr().out
    assert "html" in out and "chưa dùng được: bộ xuất 'docx' bị đăng ký hai lần" in out
    assert "bdg-evil" in out


def test_two_plugins_with_one_name_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(make_plugin(tmp_path / "a", "bdg-one", "bdg_one", "txt")))
    monkeypatch.syspath_prepend(str(make_plugin(tmp_path / "b", "bdg-two", "bdg_two", "txt")))
    with pytest.raises(RendererError, match="'txt' bị đăng ký hai lần") as info:
        get_renderer("txt")
    assert "bdg-one" in str(info.value) and "bdg-two" in str(info.value)
    listed = renderers()
    assert "bdg-one" in (listed["txt"].problem or "") and listed["docx"].available


def test_broken_plugin_is_listed_with_its_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_plugin(tmp_path / "s", "bdg-broken", "bdg_broken", "hong", target="bdg_gone:X")
    monkeypatch.syspath_prepend(str(site))
    info = renderers()["hong"]
    assert not info.available and "bdg_gone" in (info.problem or "")
    assert renderers()["docx"].available
    with pytest.raises(RendererError, match="không nạp được bộ xuất 'hong'"):
        get_renderer("hong")


def test_plugin_whose_renderer_has_another_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_plugin(tmp_path / "s", "bdg-odd", "bdg_odd", "le", target="bdg_odd:TxtRenderer")
    (site / "bdg_odd.py").write_text(PLUGIN.format(name="khac"), encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    with pytest.raises(RendererError, match="tên là 'khac'"):
        get_renderer("le")


def test_plugins_load_only_when_asked(tmp_path: Path) -> None:
    site = make_plugin(tmp_path / "site", "bdg-txt", "bdg_txt", "txt")
    code = textwrap.dedent(
        """
        import sys
        import binhdanggioi, binhdanggioi.renderers
        heavy = ("bdg_txt", "docxtpl", "jinja2", "docx", "openpyxl")
        print(sorted(m for m in heavy if m in sys.modules))
        binhdanggioi.renderers.renderers()
        print(sorted(m for m in heavy if m in sys.modules))
        report = binhdanggioi.load(binhdanggioi.example_path())
        binhdanggioi.render(report, "html")
        print(sorted(m for m in heavy if m in sys.modules))
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *sys.path])}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    # Listing loads the plugin (to read its suffixes) but no built-in's dependency;
    # rendering HTML loads Jinja2 and never docxtpl.
    assert done.stdout.split("\n")[:3] == ["[]", "['bdg_txt']", "['bdg_txt', 'jinja2']"]


def test_register_and_duplicates(report: bdg.BaoCao) -> None:
    class Dem:
        name, suffixes, media_type, default_template = "dem", (".dem",), "text/plain", None

        def render(self, bao_cao: bdg.BaoCao, *, template: object = None) -> bytes:
            return str(bao_cao.nam).encode()

    class Docx(Dem):
        name = "docx"

    register(Dem())
    try:
        assert render(report, "dem") == b"2023"
        assert renderers()["dem"].origin == "đăng ký"
        with pytest.raises(RendererError, match="đã có"):
            register(Dem())
        with pytest.raises(RendererError, match="'docx' đã có"):
            register(Docx())
    finally:
        unregister("dem")
    assert "dem" not in renderers()
    with pytest.raises(RendererError):
        unregister("dem")


def test_register_checks_the_protocol() -> None:
    class NotARenderer:
        name = "xx"

    with pytest.raises(RendererError, match="thiếu suffixes, media_type, render"):
        register(NotARenderer())  # type: ignore[arg-type]
