"""binhdanggioi render … --nam-truoc FILE: the comparison with last year from the command line."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import binhdanggioi as bdg
from binhdanggioi.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    try:
        status = main([str(a) for a in args])
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    this = bdg.load(bdg.example_path())
    before = attrs.evolve(
        this, nam=2022, hoat_dong=this.hoat_dong[:1], kinh_phi=bdg.KinhPhi(20_000_000, 0)
    )
    now, earlier = tmp_path / "bk-2023.yaml", tmp_path / "bk-2022.yaml"
    bdg.dump(this, now)
    bdg.dump(before, earlier)
    return now, earlier


def test_render_with_nam_truoc(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now, earlier = files
    out = tmp_path / "bao-cao.md"
    status, said, err = run(capsys, "render", now, "-o", out, "--nam-truoc", earlier)
    assert (status, err) == (0, "")
    assert "Đã viết" in said
    text = out.read_text(encoding="utf-8")
    assert "| Năm 2022 | Tăng, giảm |" in text
    assert "So với năm 2022, số cuộc hoạt động tăng 1 (từ 01 lên 02)" in text
    assert "So với năm 2022, tổng kinh phí tăng 50,0 %" in text


def test_render_without_nam_truoc_has_no_comparison(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now, _ = files
    out = tmp_path / "bao-cao.md"
    assert run(capsys, "render", now, "-o", out)[0] == 0
    assert "So với năm" not in out.read_text(encoding="utf-8")


def test_another_unit_is_a_data_error(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now, earlier = files
    other = tmp_path / "khac.yaml"
    bdg.dump(attrs.evolve(bdg.load(earlier), don_vi=bdg.DonVi("Chợ Mới", "huyen")), other)
    out = tmp_path / "bao-cao.md"
    status, _, err = run(capsys, "render", now, "-o", out, "--nam-truoc", other)
    assert status == 1
    assert "chỉ so sánh hai báo cáo của cùng một đơn vị" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_usage_errors(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now, earlier = files
    status, _, err = run(capsys, "render", now, "-o", tmp_path / "x.md", "--nam-truoc", tmp_path)
    assert status == 2 and "là một thư mục" in err
    status, _, err = run(capsys, "render", now, "-o", earlier, "--nam-truoc", earlier)
    assert status == 2
    assert earlier.read_text(encoding="utf-8").startswith("nam: 2022")
    status, _, err = run(capsys, "render", now, "-o", tmp_path / "x.xlsx", "--nam-truoc", earlier)
    assert status == 1 and "không in được so sánh" in err


def test_batch_matches_last_year_by_unit(
    files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    now, earlier = files
    folder = tmp_path / "truoc"
    folder.mkdir()
    earlier.rename(folder / earlier.name)
    out = tmp_path / "ra"
    out.mkdir()  # an existing folder: one file per report
    status, _, err = run(
        capsys, "render", now, "-o", out, "--format", "markdown", "--nam-truoc", folder
    )
    assert (status, err) == (0, "")
    (written,) = out.iterdir()
    assert "So với năm 2022" in written.read_text(encoding="utf-8")
