"""The plan rendered (Word, HTML, Markdown) and a report rendered with its plan."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path

import pytest

from binhdanggioi.errors import RendererError
from binhdanggioi.formats import example_path, load
from binhdanggioi.ke_hoach import KeHoachTrienKhai
from binhdanggioi.ke_hoach_io import load_plan, plan_example_path
from binhdanggioi.renderers import render

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "templates" / "ke-hoach.docx"
SCRIPT = ROOT / "templates" / "build_docx_plan_template.py"
SECTIONS = ("I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG", "III. KINH PHÍ", "IV. TỔ CHỨC THỰC HIỆN")


@pytest.fixture(scope="module")
def plan() -> KeHoachTrienKhai:
    return load_plan(plan_example_path())


def _docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def _in_order(text: str, pieces: tuple[str, ...]) -> bool:
    at = 0
    for piece in pieces:
        at = text.find(piece, at)
        if at < 0:
            return False
    return True


def test_plan_renders_to_word_in_the_layout_of_a_plan(plan: KeHoachTrienKhai) -> None:
    text = _docx_text(render(plan, "docx"))  # paragraphs, then the tables' cells
    assert "ỦY BAN NHÂN DÂN" in text and "Số: 245/KH-UBND" in text
    assert _in_order(
        text,
        (
            "KẾ HOẠCH",
            "Triển khai Tháng hành động",
            "Căn cứ Kế hoạch số 695/KH-LĐT BXH",
            *SECTIONS,
            "Trên đây là Kế hoạch",
            "Nơi nhận:",
            "Nguyễn Thị Huế",
        ),
    ), text
    for heading in (
        "Nội dung",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời gian",
        "Kinh phí, chỉ tiêu",
    ):
        assert heading in text
    for activity in plan.hoat_dong:
        assert activity.ten in text
    assert "20/11/2023 - 10/12/2023" in text and "3.000.000đ; 02 cuộc" in text
    assert "{{" not in text and "{%" not in text


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_plan_renders_to_text_formats(plan: KeHoachTrienKhai, fmt: str) -> None:
    text = render(plan, fmt).decode("utf-8")
    assert _in_order(text, ("Số: 245/KH-UBND", "KẾ HOẠCH", *SECTIONS, "Nguyễn Thị Huế"))
    assert text.count("Phòng Giáo dục và Đào tạo") >= 2


def test_plan_template_follows_the_kind_and_an_explicit_template_wins(
    plan: KeHoachTrienKhai, tmp_path: Path
) -> None:
    mine = tmp_path / "rieng.md.j2"
    mine.write_text("{{ tieu_de }} {{ van_ban.so_ky_hieu }}", encoding="utf-8")
    assert render(plan, "markdown", template=mine) == "KẾ HOẠCH Số: 245/KH-UBND".encode()
    with pytest.raises(RendererError, match="mẫu kế hoạch"):
        render(plan, "xlsx")
    out = tmp_path / "kh.html"
    render(plan, "html", out=out)
    assert out.read_bytes() == render(plan, "html")
    with pytest.raises(RendererError):
        render(plan, "html", out=plan_example_path())  # the input is never overwritten


def test_report_rendered_with_its_plan(plan: KeHoachTrienKhai) -> None:
    report = load(example_path())
    plain = _docx_text(render(report, "docx"))
    with_plan = _docx_text(render(report, "docx", ke_hoach=plan))
    assert "theo kế hoạch" not in plain
    assert "Đã thực hiện 8/10 hoạt động theo kế hoạch" in with_plan
    campaign = "trên cơ sở giới: chưa đạt chỉ tiêu (01/01 lượt, 130/150 lượt người)"
    assert (
        f"Chiến dịch truyền thông về bình đẳng giới và phòng chống bạo lực {campaign}" in with_plan
    )
    md = render(report, "markdown", ke_hoach=plan).decode()
    assert md.count("vượt kế hoạch") == 4  # the sentence, and three activities
    with pytest.raises(RendererError, match="kế hoạch"):
        render(report, "xlsx", ke_hoach=plan)


def test_build_script_reproduces_the_committed_plan_template(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_docx_plan_template", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build(tmp_path / "ke-hoach.docx")
    with zipfile.ZipFile(built) as a, zipfile.ZipFile(TEMPLATE) as b:
        assert {i.filename: a.read(i) for i in a.infolist()} == {
            i.filename: b.read(i) for i in b.infolist()
        }


def test_cli_renders_a_plan_file_and_a_report_with_its_plan(tmp_path: Path) -> None:
    from binhdanggioi.cli import main

    out = tmp_path / "kh.md"
    assert main(["render", str(plan_example_path()), "-o", str(out)]) == 0
    assert "# KẾ HOẠCH" in out.read_text(encoding="utf-8")
    report_out = tmp_path / "bc.md"
    argv = ["render", str(example_path()), "--ke-hoach", str(plan_example_path()), "-o"]
    assert main([*argv, str(report_out)]) == 0
    assert "Đã thực hiện 8/10" in report_out.read_text(encoding="utf-8")
