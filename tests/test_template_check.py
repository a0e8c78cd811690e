"""check-template: unknown variables and fields with suggestions, syntax errors with
the paragraph around them, for Word and text templates."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from binhdanggioi.cli import main
from binhdanggioi.context import CONTEXT_KEYS
from binhdanggioi.template_check import check_source, check_template, sample_context

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["bao-cao.docx", "bao-cao.html.j2", "bao-cao.md.j2"])
def test_default_templates_are_clean(name: str) -> None:
    assert check_template(ROOT / "templates" / name) == []


def test_sample_context_fills_every_list() -> None:
    ctx = sample_context()
    assert set(ctx) == set(CONTEXT_KEYS)
    assert ctx["kien_nghi"] and ctx["nguon"] and ctx["van_ban"]["kinh_gui"]
    assert ctx["hoat_dong"]["ghi_chu"]


def test_unknown_variable_with_suggestion() -> None:
    (problem,) = check_source("Xin chào\n{{ mo_dauu }}", "mau.html")
    assert problem.code == "bien-khong-co"
    assert problem.variable == "mo_dauu" and problem.suggestion == "mo_dau"
    assert str(problem) == (
        "mau.html, dòng 2: biến 'mo_dauu' không có trong dữ liệu (có phải ý là 'mo_dau'?)"
    )


def test_unknown_field_of_a_variable_and_of_a_loop_item() -> None:
    source = (
        "{{ van_ban.so_ki_hieu }}\n"
        "{% for b in bang %}{% for r in b.dong %}{{ r.tenn }} {{ r.nguoi.nu }}{% endfor %}"
        "{% endfor %}\n"
        "{% for d in kinh_phi.dong %}{{ d.so_tien_viet }}{% endfor %}"
    )
    problems = check_source(source, "mau.md")
    assert [(p.code, p.variable, p.suggestion) for p in problems] == [
        ("truong-khong-co", "van_ban.so_ki_hieu", "van_ban.so_ky_hieu"),
        ("truong-khong-co", "r.tenn", "r.ten"),
    ]
    assert problems[1].where == "mau.md, dòng 2"


def test_loop_variables_set_and_macros_are_known() -> None:
    source = (
        "{% set x = don_vi %}{{ x.ten }}{% for y in chi_dao %}{{ loop.index }} {{ y }}"
        "{% endfor %}{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1) }}{{ range(3)|list }}"
    )
    assert check_source(source, "t") == []


def test_syntax_error_with_line() -> None:
    (problem,) = check_source("a\n{% for x in chi_dao %}\n{{ x }}", "t.html")
    assert problem.code == "cu-phap"
    assert problem.where.startswith("t.html, dòng")


def test_unknown_filter_with_suggestion() -> None:
    (problem,) = check_source("{{ nam|format_numbr }}", "t.html")
    assert problem.code == "bo-loc-khong-co"
    assert problem.suggestion == "format_number"


def test_unknown_variable_and_unknown_filter_are_both_reported() -> None:
    problems = check_source("{{ mo_dauu|format_numbr }}\n{{ van_ban.soo }}", "t.html")
    assert sorted((p.code, p.variable, p.suggestion) for p in problems) == [
        ("bien-khong-co", "mo_dauu", "mo_dau"),
        ("bo-loc-khong-co", "format_numbr", "format_number"),
        ("truong-khong-co", "van_ban.soo", "van_ban.so"),
    ]


def test_every_unknown_filter_and_test_is_reported() -> None:
    source = "{% if nam is evenn %}{{ nam|upperr }}{% endif %}\n{% filter titel %}x{% endfilter %}"
    problems = check_source(source, "t.html")
    assert [(p.code, p.variable, p.suggestion, p.where) for p in problems] == [
        ("bo-loc-khong-co", "evenn", "even", "t.html, dòng 1"),
        ("bo-loc-khong-co", "upperr", "upper", "t.html, dòng 1"),
        ("bo-loc-khong-co", "titel", "title", "t.html, dòng 2"),
    ]
    assert str(problems[0]) == "t.html, dòng 1: phép thử 'evenn' không có (có phải ý là 'even'?)"
    assert str(problems[1]).endswith("bộ lọc 'upperr' không có (có phải ý là 'upper'?)")


def test_include_import_and_extends_are_errors() -> None:
    source = (
        "{% include '/etc/passwd' %}\n{% import 'os' as x %}\n"
        "{% from 'khac.html' import y %}\n{% extends 'goc.html' %}"
    )
    problems = check_source(source, "t.html")
    assert [(p.code, p.variable, p.where) for p in problems] == [
        ("nap-mau", "/etc/passwd", "t.html, dòng 1"),
        ("nap-mau", "os", "t.html, dòng 2"),
        ("nap-mau", "khac.html", "t.html, dòng 3"),
        ("nap-mau", "goc.html", "t.html, dòng 4"),
    ]
    assert all("mẫu không được chèn/nạp mẫu khác hay tệp" in p.message for p in problems)
    assert "{% include %}" in problems[0].message


def _word(tmp_path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / "mau.docx"
    document.save(str(path))
    return path


def test_word_template_names_the_paragraph(tmp_path: Path) -> None:
    path = _word(tmp_path, "Mở đầu", "Tiêu đề: {{ van_ban.trich_yeuu }}", "Kết")
    (problem,) = check_template(path)
    assert problem.suggestion == "van_ban.trich_yeu"
    assert "word/document.xml" in problem.where
    assert "Tiêu đề: {{ van_ban.trich_yeuu }}" in problem.where


def test_word_syntax_error_names_the_paragraph(tmp_path: Path) -> None:
    path = _word(tmp_path, "Đoạn một", "{% if nam %} không đóng", "Đoạn ba")
    (problem,) = check_template(path)
    assert problem.code == "cu-phap"
    assert "đoạn văn" in problem.where


def test_cli_check_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = ROOT / "templates" / "bao-cao.md.j2"
    assert main(["check-template", str(good)]) == 0
    assert "mẫu dùng được" in capsys.readouterr().out
    bad = tmp_path / "mau.html.j2"
    bad.write_text("{{ chu_kyy.ho_ten }}", encoding="utf-8")
    assert main(["check-template", str(bad)]) == 1
    captured = capsys.readouterr()
    assert "có phải ý là 'chu_ky'" in captured.err
    assert "1 lỗi" in captured.out
    # a missing input is a data error (exit 1), as in every command
    assert main(["check-template", str(tmp_path / "khong-co.docx")]) == 1
