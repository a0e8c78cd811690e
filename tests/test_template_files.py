"""Template files: read as bounded regular files; hostile Word parts listed by check-template."""

from __future__ import annotations

import os
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import binhdanggioi as bdg
from binhdanggioi.cli import main
from binhdanggioi.errors import TemplateError, TemplateSecurityError
from binhdanggioi.renderers import _text, template_path
from binhdanggioi.renderers import docx as docx_renderer
from binhdanggioi.template_check import check_template

RENDERERS = {".html.j2": "html", ".md.j2": "markdown", ".docx": "docx"}


def _attempts(path: Path) -> list[Callable[[], object]]:
    report = bdg.load(bdg.example_path())
    renderer = next(r for suffix, r in RENDERERS.items() if path.name.endswith(suffix))
    return [lambda: check_template(path), lambda: bdg.render(report, renderer, template=path)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need POSIX")
@pytest.mark.parametrize("suffix", sorted(RENDERERS))
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_a_template_that_is_not_a_regular_file_is_refused_without_blocking(
    tmp_path: Path, suffix: str, kind: str
) -> None:
    path = tmp_path / f"mau{suffix}"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    expected = "đây là thư mục" if kind == "folder" else "không phải tệp thường"
    for attempt in _attempts(path):
        started = time.monotonic()
        with pytest.raises(TemplateError) as info:
            attempt()
        assert time.monotonic() - started < 5
        message = str(info.value)
        assert message.startswith("mẫu '") and expected in message
        if kind != "dev-zero":  # a symlink is named by what it points at once resolved
            assert message.startswith(f"mẫu 'mau{suffix}'")


@pytest.mark.skipif(not Path("/proc/self/maps").is_file(), reason="needs Linux /proc")
def test_the_byte_cap_counts_what_is_read_not_the_reported_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # /proc files are regular files that report a size of 0 and hold more.
    assert Path("/proc/self/maps").stat().st_size == 0
    monkeypatch.setattr(_text, "MAX_TEMPLATE_BYTES", 1024)
    with pytest.raises(TemplateError, match="tệp quá lớn; giới hạn 1 KB"):
        _text.read_text_source(Path("/proc/self/maps"))
    monkeypatch.setattr(docx_renderer, "MAX_TEMPLATE_BYTES", 1024)
    with pytest.raises(TemplateError, match="mẫu 'maps': tệp quá lớn"):
        docx_renderer.read_template(Path("/proc/self/maps"))


def test_a_template_too_large_is_refused_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_text, "MAX_TEMPLATE_BYTES", 2048)
    path = tmp_path / "lon.html.j2"
    path.write_text("x" * 4096, encoding="utf-8")
    with pytest.raises(TemplateError, match=r"mẫu 'lon\.html\.j2': tệp quá lớn; giới hạn 2 KB"):
        check_template(path)


def _hostile_template(tmp_path: Path) -> Path:
    """The shipped Word template with a VBA project and a remote attachedTemplate."""
    source = template_path(None, "bao-cao.docx")
    target = tmp_path / "doc-hai.docx"
    rel = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" TargetMode="External" Target="http://x.example/t.dotm" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'attachedTemplate"/></Relationships>'
    )
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/vbaProject.bin" '
                    b'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            zout.writestr(info, data)
        zout.writestr("word/vbaProject.bin", b"\x00" * 16)
        zout.writestr("word/_rels/settings.xml.rels", rel)
    return target


def test_check_template_lists_each_refused_word_part_on_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _hostile_template(tmp_path)
    with pytest.raises(TemplateSecurityError) as info:  # the API raises, listing them
        check_template(path)
    findings = getattr(info.value, "findings", ())
    parts = {f.part for f in findings}
    assert {"word/vbaProject.bin", "word/_rels/settings.xml.rels"} <= parts
    assert main(["check-template", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    lines = err.splitlines()
    assert lines[0].startswith("lỗi: mẫu 'doc-hai.docx'")
    for finding in findings:
        (line,) = [x for x in lines if x.strip().startswith(f"{finding.part}:")]
        assert finding.message in line
