"""The Word package around the text: DOCTYPE in any encoding, outputs never over inputs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import binhdanggioi as bdg
from binhdanggioi.errors import RendererError, TemplateSecurityError
from binhdanggioi.renderers import template_path

TEMPLATE = template_path(None, "bao-cao.docx")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-be"])
def test_a_doctype_is_refused_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    evil = tmp_path / f"xxe-{encoding}.docx"
    with zipfile.ZipFile(TEMPLATE) as zin, zipfile.ZipFile(evil, "w") as zout:
        for item in zin.infolist():
            blob = zin.read(item)
            if item.filename == "word/styles.xml":
                text = blob.decode("utf-8").partition("?>")[2]
                declaration = f'<?xml version="1.0" encoding="{encoding.upper()}"?>'
                doctype = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                blob = (declaration + doctype + text).encode(encoding)
            zout.writestr(item, blob)
    with pytest.raises(TemplateSecurityError, match="DOCTYPE"):
        bdg.render(bdg.load(bdg.example_path()), "docx", template=evil)


def test_render_never_writes_over_the_file_a_report_came_from(tmp_path: Path) -> None:
    source = tmp_path / "bao-cao.yaml"
    source.write_bytes(bdg.example_path().read_bytes())
    report = bdg.load(source)
    with pytest.raises(RendererError, match="trùng với tệp đầu vào"):
        bdg.render(report, "html", out=source)
    assert source.read_bytes() == bdg.example_path().read_bytes()
    bdg.render(report, "html", out=tmp_path / "bao-cao.html")
    assert (tmp_path / "bao-cao.html").stat().st_size > 0


def test_render_to_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RendererError, match="là một thư mục"):
        bdg.render(bdg.load(bdg.example_path()), "html", out=tmp_path)
