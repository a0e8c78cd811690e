"""The command line over the official list: ``don-vi`` and ``form --tinh``."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from binhdanggioi.cli import main
from binhdanggioi.units import official_registry


def test_don_vi_finds_a_commune_in_its_province(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["don-vi", "xã tân\u200b lập", "--tinh", "Tây Ninh"]) == 0
    assert capsys.readouterr().out == "25489  Xã Tân Lập  (xã, Tỉnh Tây Ninh)\n"


def test_don_vi_lists_every_unit_of_a_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["don-vi", "Tân Lập"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(official_registry().find("Tân Lập")) > 3
    assert "24121  Phường Tân Lập  (phường, Tỉnh Đắk Lắk)" in lines


def test_don_vi_by_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["don-vi", "19"]) == 0
    assert capsys.readouterr().out == "19  Tỉnh Thái Nguyên  (tỉnh)\n"
    assert main(["don-vi", "01843", "--tinh", "Thái Nguyên"]) == 0
    assert "Phường Bắc Kạn" in capsys.readouterr().out


def test_don_vi_not_found_gives_the_closest_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["don-vi", "Bac Kan", "--tinh", "19"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "không có đơn vị 'Bac Kan' thuộc Tỉnh Thái Nguyên" in captured.err
    assert "01843  Phường Bắc Kạn  (phường, Tỉnh Thái Nguyên)" in captured.err


def test_don_vi_with_an_unknown_province(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["don-vi", "Tân Lập", "--tinh", "Tây Ninhh"]) == 1
    err = capsys.readouterr().err
    assert "Không có tỉnh, thành phố 'Tây Ninhh'" in err and "Tỉnh Tây Ninh" in err
    assert "Traceback" not in err


def test_form_for_a_province_offers_its_communes(tmp_path: Path) -> None:
    out = tmp_path / "thai-nguyen.xlsx"
    assert main(["form", "-o", str(out), "--nam", "2025", "--tinh", "19"]) == 0
    book = openpyxl.load_workbook(out)
    unit = book["Đơn vị"]
    keys = {unit.cell(r, 4).value: r for r in range(1, unit.max_row + 1)}
    assert unit.cell(keys["don_vi.tinh"], 2).value == "Thái Nguyên"
    lists = book["Danh mục"]
    column = next(c for c in lists[1] if c.value == "Tên đơn vị").column_letter
    names = [c.value for c in lists[column][1:] if c.value]
    official = {u.ten for u in official_registry().children("19")}
    assert set(names) == official and len(names) == len(official)
    assert names.index("Bắc Kạn") < names.index("Đại Phúc") < names.index("Văn Lang")
    rules = [dv for dv in unit.data_validations.dataValidation if dv.type == "list"]
    name_cell = f"B{keys['don_vi.ten']}"
    rule = next(dv for dv in rules if name_cell in str(dv.sqref))
    assert f"${column}$2" in rule.formula1 and not rule.showErrorMessage


def test_form_with_an_unknown_province_is_wrong_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.xlsx"
    assert main(["form", "-o", str(out), "--tinh", "Không Có"]) == 2
    assert "--tinh" in capsys.readouterr().err and not out.exists()


def test_form_with_a_unit_and_a_province(tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    args = ["form", "-o", str(out), "--ten", "Bắc Kạn", "--cap", "Xã", "--tinh", "Thái Nguyên"]
    assert main(args) == 0
    unit = openpyxl.load_workbook(out)["Đơn vị"]
    values = {unit.cell(r, 4).value: unit.cell(r, 2).value for r in range(1, unit.max_row + 1)}
    assert values["don_vi.ten"] == "Bắc Kạn" and values["don_vi.tinh"] == "Thái Nguyên"
