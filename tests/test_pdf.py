"""The pdf renderer: the Word document converted by LibreOffice.

Tests marked ``needs_libreoffice`` run the real LibreOffice and are skipped where it
is not installed. The others put a fake ``soffice`` (a shell script) in its place
through ``BINHDANGGIOI_SOFFICE``: one that copies, one that fails, one that hangs.
"""

from __future__ import annotations

import collections
import io
import re
import shutil
import subprocess
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import attrs
import pytest

import binhdanggioi as bdg
from binhdanggioi.cli import main
from binhdanggioi.errors import RendererError
from binhdanggioi.model import BaoCao
from binhdanggioi.renderers import (
    BatchingTemplate,
    PreparingRenderer,
    available_renderers,
    get_renderer,
    render,
    render_many,
)
from binhdanggioi.renderers import pdf as pdf_module
from binhdanggioi.renderers.pdf import SOFFICE_ENV, TIMEOUT_ENV, PdfRenderer

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) chưa cài trên máy này"
)
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) chưa cài trên máy này"
)
needs_pgrep = pytest.mark.skipif(shutil.which("pgrep") is None, reason="không có pgrep")

COPYING = """#!/bin/sh
# A LibreOffice that "converts" by copying each .docx to OUTDIR/<stem>.pdf.
echo run >> "$FAKE_LOG"
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir) out="$2"; shift ;;
    *.docx) cp "$1" "$out/$(basename "$1" .docx).pdf" ;;
  esac
  shift
done
"""

FAILING = """#!/bin/sh
echo "Error: source file could not be loaded" >&2
"""

HANGING = """#!/bin/sh
# A LibreOffice that hangs, with a child process of its own that hangs too.
if [ "$1" = child ]; then sleep 300; exit 0; fi
"$0" child &
sleep 300
"""


@pytest.fixture
def report() -> BaoCao:
    return bdg.load(bdg.example_path())


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder where the renderer's throw-away folders go, to see that none is left."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def fake_soffice(folder: Path, script: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = folder / "soffice"
    path.write_text(script, encoding="utf-8")
    path.chmod(0o755)
    monkeypatch.setenv(SOFFICE_ENV, str(path))
    monkeypatch.setenv("FAKE_LOG", str(folder / "runs.log"))
    return path


def runs(folder: Path) -> int:
    log = folder / "runs.log"
    return len(log.read_text().splitlines()) if log.exists() else 0


def processes_mentioning(text: str) -> list[str]:
    found = subprocess.run(["pgrep", "-a", "-f", text], capture_output=True, text=True)
    return found.stdout.splitlines()


def reports_of(report: BaoCao, n: int) -> list[BaoCao]:
    """``n`` reports of different units, so that their files and documents differ."""
    return [
        attrs.evolve(
            report,
            don_vi=attrs.evolve(report.don_vi, ten=f"Đơn vị {i}"),
            loi_dan=f"Đơn vị số {i} báo cáo như sau",
        )
        for i in range(n)
    ]


# --------------------------------------------------------------------------- registration


def test_pdf_is_a_renderer_for_the_suffix_pdf() -> None:
    renderer = get_renderer(".pdf")
    assert isinstance(renderer, PdfRenderer) and isinstance(renderer, PreparingRenderer)
    info = available_renderers()["pdf"]
    assert (info.suffixes, info.media_type, info.default_template) == (
        (".pdf",),
        "application/pdf",
        "bao-cao.docx",
    )
    assert info.origin.startswith("plugin binhdanggioi")


def test_without_libreoffice_it_is_listed_with_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(SOFFICE_ENV, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pdf_module, "_USUAL_PLACES", ())
    info = available_renderers()["pdf"]
    assert not info.available and info.suffixes == (".pdf",)
    assert main(["renderers"]) == 0
    out = capsys.readouterr().out
    assert "chưa dùng được: cần cài LibreOffice (soffice)" in out
    assert "apt install libreoffice-writer" in out
    assert available_renderers()["docx"].available


def test_missing_libreoffice_is_a_vietnamese_error_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "khong-co" / "soffice"))
    out = tmp_path / "bc.pdf"
    assert main(["render", str(bdg.example_path()), "-o", str(out)]) != 0
    err = capsys.readouterr().err
    assert f"biến môi trường {SOFFICE_ENV} chỉ tới" in err
    assert "khong-co" in err and "cài LibreOffice" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_a_bad_timeout_is_refused(monkeypatch: pytest.MonkeyPatch, report: BaoCao) -> None:
    with pytest.raises(RendererError, match="số giây dương"):
        PdfRenderer(timeout=0)
    monkeypatch.setenv(SOFFICE_ENV, "/bin/true")
    monkeypatch.setenv(TIMEOUT_ENV, "hai phút")
    with pytest.raises(RendererError, match=f"{TIMEOUT_ENV} phải là số giây dương"):
        render(report, "pdf")


# ------------------------------------------------------------------------ with a fake LibreOffice


def test_a_batch_runs_libreoffice_once_per_chunk_in_order(
    tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch, report: BaoCao
) -> None:
    fake_soffice(tmp_path, COPYING, monkeypatch)
    monkeypatch.setattr(pdf_module, "BATCH_SIZE", 2)
    reports = reports_of(report, 5)
    prepared = get_renderer("pdf").prepare(None)  # type: ignore[attr-defined]
    assert isinstance(prepared, BatchingTemplate)
    written = render_many(iter(reports), "pdf", out_dir=tmp_path / "out")
    assert [p.name for p in written] == [f"don-vi-{i}-2023.pdf" for i in range(5)]
    # The fake copies the Word file: each PDF is its own report's document.
    assert [p.read_bytes() for p in written] == [render(r, "docx") for r in reports]
    assert runs(tmp_path) == 3
    assert list(scratch.iterdir()) == []


def test_one_report_is_one_run(
    tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch, report: BaoCao
) -> None:
    fake_soffice(tmp_path, COPYING, monkeypatch)
    assert render(report, "pdf", out=tmp_path / "bc.pdf") == render(report, "docx")
    assert runs(tmp_path) == 1
    assert list(scratch.iterdir()) == []


def test_a_failed_conversion_says_so_and_leaves_nothing(
    tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch, report: BaoCao
) -> None:
    fake_soffice(tmp_path, FAILING, monkeypatch)
    out = tmp_path / "bc.pdf"
    with pytest.raises(RendererError, match=r"không tạo ra được tệp PDF.*could not be loaded"):
        render(report, "pdf", out=out)
    assert not out.exists()
    assert list(scratch.iterdir()) == []


@needs_pgrep
def test_a_hung_conversion_is_killed_with_its_children_at_its_timeout(
    tmp_path: Path, scratch: Path, monkeypatch: pytest.MonkeyPatch, report: BaoCao
) -> None:
    program = fake_soffice(tmp_path, HANGING, monkeypatch)
    monkeypatch.setenv(TIMEOUT_ENV, "1")
    out = tmp_path / "bc.pdf"
    start = time.monotonic()
    with pytest.raises(RendererError, match="không chuyển xong sang PDF trong 1 giây"):
        render(report, "pdf", out=out)
    assert time.monotonic() - start < 30
    assert processes_mentioning(str(program)) == []
    assert not out.exists()
    assert list(scratch.iterdir()) == []


# --------------------------------------------------------------------------- with LibreOffice


def _docx_text(data: bytes) -> tuple[str, list[str]]:
    """The text of a Word document's body, and its paragraphs outside tables, in order."""
    from lxml import etree  # type: ignore[import-untyped]

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{w}body")
    paragraphs = ["".join(t.text or "" for t in p.iter(f"{w}t")) for p in body.iter(f"{w}p")]
    outside = ["".join(t.text or "" for t in p.iter(f"{w}t")) for p in body.findall(f"{w}p")]
    return "".join(paragraphs), outside


def _pdf_text(path: Path) -> str:
    """The text of a PDF without the page numbers its header adds from page 2 on."""
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    for number, page in enumerate(pages[1:], start=2):
        lines = page.split("\n")
        if lines and lines[0].strip() == str(number):
            pages[number - 1] = "\n".join(lines[1:])
    return "".join(pages)


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


@needs_libreoffice
@pytest.mark.slow
def test_render_to_pdf_gives_the_word_documents_text(tmp_path: Path) -> None:
    example = str(bdg.example_path())
    assert main(["render", example, "-o", str(tmp_path / "bc.pdf")]) == 0
    assert main(["render", example, "-o", str(tmp_path / "bc.docx")]) == 0
    pdf = tmp_path / "bc.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) chưa cài: chỉ kiểm tra được phần đầu %PDF")
    word, paragraphs = _docx_text((tmp_path / "bc.docx").read_bytes())
    text = _bare(_pdf_text(pdf))
    # The header's table sets two columns side by side, so the PDF's reading order
    # differs there: the same characters, and the body's paragraphs in their order.
    assert collections.Counter(text) == collections.Counter(_bare(word))
    position = 0
    for paragraph in filter(None, map(_bare, paragraphs)):
        found = text.find(paragraph, position)
        assert found >= 0, paragraph
        position = found + len(paragraph)


@needs_libreoffice
@needs_pgrep
@pytest.mark.slow
def test_a_batch_leaves_no_libreoffice_nor_folder_behind(
    tmp_path: Path, scratch: Path, report: BaoCao
) -> None:
    written = render_many(reports_of(report, 3), "pdf", out_dir=tmp_path / "out")
    assert len(written) == 3
    assert all(p.read_bytes().startswith(b"%PDF") for p in written)
    assert processes_mentioning(str(scratch)) == []
    assert list(scratch.iterdir()) == []


@needs_libreoffice
@needs_pdftotext
@pytest.mark.slow
def test_conversions_in_parallel_do_not_meet(tmp_path: Path, report: BaoCao) -> None:
    reports = reports_of(report, 2)
    results: dict[int, bytes] = {}

    def convert(i: int) -> None:
        results[i] = render(reports[i], "pdf", out=tmp_path / f"{i}.pdf")

    threads = [threading.Thread(target=convert, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 1]
    for i in range(2):
        assert f"Đơn vị số {i} báo cáo" in _pdf_text(tmp_path / f"{i}.pdf")
