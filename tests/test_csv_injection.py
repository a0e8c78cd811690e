"""CSV for spreadsheets: text that would start a formula is neutralised, numbers are not."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

import binhdanggioi as bdg
from binhdanggioi.cli import main
from binhdanggioi.formats.csv import FORMULA_STARTS, neutralise, tidy_rows, to_csv

HOSTILE = """\
nam: 2023
don_vi: {ten: "=HYPERLINK(\\"http://x\\")", cap: xa, ma: "@1"}
hoat_dong:
  - {ten: "+cmd|' /C calc'!A0", so_luong: 1, nguoi: {nam: 2, nu: 3}, cap: xa}
  - {ten: "-2+3", so_luong: 1, cap: xa, chi_tieu: "=1"}
  - {ten: "\\t=1+1", so_luong: 1, cap: xa}
  - {ten: "\\r=1+1", so_luong: 1, cap: xa}
  - {ten: "Hội nghị = tập huấn", so_luong: 1, cap: xa}
"""


@pytest.fixture(scope="module")
def report() -> bdg.BaoCao:
    return bdg.loads(HOSTILE)


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_no_text_cell_starts_a_formula(report: bdg.BaoCao) -> None:
    rows = _cells(to_csv(report, bom=True))
    cells = [c for row in rows for c in row]
    assert not any(c.startswith(FORMULA_STARTS) for c in cells)
    names = [row[6] for row in rows[1:]]
    assert "'-2+3" in names and "'\t=1+1" in names and "'\n=1+1" in names
    assert "Hội nghị = tập huấn" in names  # only the first character matters
    assert rows[1][0] == '\'=HYPERLINK("http://x")' and rows[1][1] == "'@1"


def test_numbers_stay_numbers(report: bdg.BaoCao) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    integer = re.compile(r"-?[0-9]+")
    assert all(integer.fullmatch(r["value"]) and integer.fullmatch(r["year"]) for r in rows)
    assert sum(int(r["value"]) for r in rows) == sum(r.value for r in tidy_rows(report))
    assert neutralise(-5) == -5 and neutralise(True) is True


def test_tidy_rows_keep_the_values_as_they_are(report: bdg.BaoCao) -> None:
    assert tidy_rows(report)[0].unit == '=HYPERLINK("http://x")'


def test_aggregate_to_csv_on_the_command_line_is_neutralised(
    tmp_path: Path, report: bdg.BaoCao, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "xa.yaml"
    source.write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "huyen.csv"
    status = main(["aggregate", str(source), "--ten", "=Huyện", "--cap", "huyen", "-o", str(out)])
    assert status == 0, capsys.readouterr().err
    cells = [c for row in _cells(out.read_text(encoding="utf-8")) for c in row]
    assert cells and not any(c.startswith(FORMULA_STARTS) for c in cells)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_spreadsheet_opens_the_csv_without_formulas(tmp_path: Path, report: bdg.BaoCao) -> None:
    path = tmp_path / "x.csv"
    to_csv(report, path, bom=True)
    profile = (tmp_path / "profile").as_uri()  # a profile of its own: runs may overlap
    subprocess.run(
        [
            *("soffice", f"-env:UserInstallation={profile}", "--headless"),
            *("--convert-to", "xlsx", "--outdir", str(tmp_path), str(path)),
        ],
        capture_output=True,
        timeout=180,
    )
    if not (tmp_path / "x.xlsx").exists():
        pytest.skip("LibreOffice is installed without Calc: it cannot open a CSV file")
    book = openpyxl.load_workbook(tmp_path / "x.xlsx")
    values = [c.value for row in book.active.iter_rows() for c in row]
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    assert any(isinstance(v, int) for v in values)
