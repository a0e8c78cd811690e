"""Batch rendering: same documents as plain docxtpl, cached templates, progress, light import."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import attrs
import pytest
from docx import Document

import binhdanggioi as bdg
from binhdanggioi.model import BaoCao, DonVi
from binhdanggioi.renderers import render_many, template_path
from binhdanggioi.renderers._cache import clear
from test_renderers import _aggregated, _empty, _example, _hostile

TEMPLATE = template_path(None, "bao-cao.docx")


def _reports() -> list[BaoCao]:
    return [_example(), _empty(), _aggregated(), _hostile()]


def _texts(data: bytes) -> list[str]:
    """Text of every paragraph and table cell, body first, then headers and footers."""
    doc = Document(io.BytesIO(data))
    out: list[str] = []

    def walk(container: Any) -> None:
        for p in container.paragraphs:
            out.append(p.text)
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    out.append("|" + cell.text)
                    walk(cell)

    walk(doc)
    for section in doc.sections:
        for part in (section.header, section.first_page_header, section.footer):
            walk(part)
    return out


def _plain_docxtpl(report: BaoCao) -> bytes:
    """What a developer gets from docxtpl alone with the same template, context, environment."""
    from docxtpl import DocxTemplate

    doc = DocxTemplate(TEMPLATE)
    doc.render(bdg.template_context(report), bdg.jinja_environment(), autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_render_many_equals_plain_docxtpl_document_by_document(tmp_path: Path) -> None:
    reports = _reports()
    written = render_many(reports, "docx", out_dir=tmp_path, progress=False)
    assert len(written) == len(reports)
    for report, path in zip(reports, written, strict=True):
        ours, theirs = _texts(path.read_bytes()), _texts(_plain_docxtpl(report))
        assert ours == theirs, path.name
        assert any(t.strip() for t in ours)


def test_hostile_text_survives_exactly(tmp_path: Path) -> None:
    (path,) = render_many([_hostile()], "docx", out_dir=tmp_path, progress=False)
    text = "\n".join(_texts(path.read_bytes()))
    assert "<script>alert('x')</script> & “trích” \"kép\" 'đơn'" in text
    assert "{{ 7*7 }} {% for x in range(3) %}x{% endfor %} {# c #}" in text
    assert "</w:t></w:r><w:r><w:t>CHÈN]]>&amp;&#x41;" in text


def test_packages_are_valid_zip_with_every_template_part(tmp_path: Path) -> None:
    (path,) = render_many([_example()], "docx", out_dir=tmp_path, progress=False)
    with zipfile.ZipFile(path) as ours, zipfile.ZipFile(TEMPLATE) as template:
        assert ours.testzip() is None
        assert ours.namelist() == template.namelist()
        for name in template.namelist():
            if not name.startswith("word/document") and "header" not in name:
                assert ours.read(name) == template.read(name), name


def test_generator_input_and_unique_names(tmp_path: Path) -> None:
    base = _example()
    reports = (attrs.evolve(base, don_vi=DonVi("Bắc Kạn", "huyen")) for _ in range(3))
    written = render_many(reports, "docx", out_dir=tmp_path, progress=False)
    assert [p.name for p in written] == [
        "bac-kan-2023.docx",
        "bac-kan-2023-2.docx",
        "bac-kan-2023-3.docx",
    ]
    assert all(p.stat().st_size > 0 for p in written)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)


def test_progress_summary_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    render_many([_example(), _empty()], "docx", out_dir=tmp_path, progress=True)
    err = capsys.readouterr().err
    assert "Xuất báo cáo: 2 tệp trong" in err
    render_many([_example()], "markdown", out_dir=tmp_path, progress=False)
    assert capsys.readouterr().err == ""


def test_prepared_template_is_reused_and_refreshed_when_the_file_changes(
    tmp_path: Path,
) -> None:
    clear()
    template = tmp_path / "mau.md.j2"
    template.write_text("Đơn vị: {{ don_vi.ten }}\n", encoding="utf-8")
    renderer = bdg.renderers.get_renderer("markdown")
    first = renderer.prepare(template)
    assert renderer.prepare(template) is first
    assert bdg.render(_example(), "markdown", template=template) == "Đơn vị: Bắc Kạn\n".encode()
    template.write_text("Năm {{ nam }} — {{ don_vi.ten }}\n", encoding="utf-8")
    assert renderer.prepare(template) is not first
    assert bdg.render(_example(), "markdown", template=template) == (
        "Năm 2023 — Bắc Kạn\n".encode()
    )


def test_docx_template_change_is_picked_up(tmp_path: Path) -> None:
    from docx import Document as NewDocument

    clear()
    template = tmp_path / "mau.docx"
    shutil.copy(TEMPLATE, template)
    before = bdg.render(_example(), "docx", template=template)
    assert "Bắc Kạn" in "\n".join(_texts(before))
    replacement = NewDocument()
    replacement.add_paragraph("Chỉ một dòng: {{ don_vi.ten }}")
    replacement.save(template)
    after = _texts(bdg.render(_example(), "docx", template=template))
    assert "Chỉ một dòng: Bắc Kạn" in after


def test_import_stays_light() -> None:
    code = (
        "import sys, binhdanggioi\n"
        "heavy = ['docxtpl', 'docx', 'jinja2', 'openpyxl', 'lxml', 'yaml', 'cattrs']\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_cli_renders_a_folder_into_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from binhdanggioi.cli import main

    src = tmp_path / "bao-cao"
    (src / "con").mkdir(parents=True)
    base = _example()
    for i, folder in enumerate((src, src / "con")):
        report = attrs.evolve(base, don_vi=DonVi(f"Xã {i}", "xa"))
        bdg.dump(report, folder / f"xa-{i}.yaml")
    (src / "hong.yaml").write_text("nam: 2023\n", encoding="utf-8")
    out = tmp_path / "ket-qua"
    status = main(["render", str(src), "-o", str(out)])
    captured = capsys.readouterr()
    assert status == 1
    assert sorted(p.name for p in out.iterdir()) == ["xa-0-2023.docx", "xa-1-2023.docx"]
    assert "Đã viết 2 tệp docx" in captured.out
    assert "hong.yaml" in captured.err and "don_vi" in captured.err


def test_cli_batch_never_overwrites_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from binhdanggioi.cli import main

    report = attrs.evolve(_example(), don_vi=DonVi("Xã A", "xa"))
    source = tmp_path / "xa-a-2023.xlsx"
    source.write_bytes(bdg.render(report, "xlsx"))
    before = source.read_bytes()
    status = main(["render", str(source), str(source), "-o", str(tmp_path), "-f", "xlsx"])
    assert status == 1
    assert "trùng với tệp đầu vào" in capsys.readouterr().err
    assert source.read_bytes() == before
