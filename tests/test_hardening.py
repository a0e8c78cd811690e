"""Hostile but fair inputs: no silent loss, no overwritten input, no traceback.

One test (or a few) per class of defect; each asserts the message and its place.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import binhdanggioi as bdg
from binhdanggioi.cli import main
from binhdanggioi.errors import AggregationError, DataError, TemplateError

DISTRICT = bdg.DonVi("Bạch Thông", "huyen", loai="huyện")

MEETINGS_SHARING_A_CODE = """\
nam: 2023
don_vi: {ten: Cẩm Giàng, cap: xa, loai: xã}
hoat_dong:
  - {ten: Hội nghị, ma: hn-01, so_luong: 1, nguoi: {nam: 10, nu: 10}, cap: xa}
  - {ten: Hội nghị, ma: hn-01, so_luong: 1, nguoi: {nam: 15, nu: 15}, cap: xa}
"""

OTHER = """\
nam: 2023
don_vi: {ten: Quân Hà, cap: xa, loai: xã}
hoat_dong:
  - {ten: Hội nghị, so_luong: 1, nguoi: {nam: 10, nu: 20}, cap: xa}
kinh_phi: {ngan_sach_nha_nuoc: 1000000}
"""

NEGATIVE_BUDGET = """\
nam: 2023
don_vi: {ten: Nguyên Phúc, cap: xa, loai: xã}
kinh_phi: {ngan_sach_nha_nuoc: -5000000}
"""


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


# --------------------------------------------------------------------------- 1, 2 aggregation


def test_aggregate_refuses_a_report_that_does_not_validate() -> None:
    reports = {
        "cam-giang.yaml": bdg.loads(MEETINGS_SHARING_A_CODE),
        "quan-ha.yaml": bdg.loads(OTHER),
    }
    with pytest.raises(AggregationError) as info:
        bdg.aggregate(reports, don_vi=DISTRICT)
    lines = [str(i) for i in info.value.issues]
    assert any(line.startswith("cam-giang.yaml: hoat_dong[1]") for line in lines), lines


def test_aggregate_refuses_a_negative_budget() -> None:
    reports = {"nguyen-phuc.yaml": bdg.loads(NEGATIVE_BUDGET), "quan-ha.yaml": bdg.loads(OTHER)}
    with pytest.raises(AggregationError) as info:
        bdg.aggregate(reports, don_vi=DISTRICT)
    assert any(
        str(i).startswith("nguyen-phuc.yaml: kinh_phi.ngan_sach_nha_nuoc")
        for i in info.value.issues
    )


def test_aggregate_on_the_command_line_refuses_invalid_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "cam-giang.yaml").write_text(MEETINGS_SHARING_A_CODE, encoding="utf-8")
    (tmp_path / "quan-ha.yaml").write_text(OTHER, encoding="utf-8")
    out = tmp_path / "ket-qua" / "huyen.yaml"
    status, _, err = run(
        ["aggregate", str(tmp_path), "--ten", "Bạch Thông", "--cap", "huyen", "-o", str(out)],
        capsys,
    )
    assert status == 1
    assert f"{tmp_path / 'cam-giang.yaml'}: hoat_dong[1]" in err
    assert not out.exists()


def _event(people: str) -> str:
    return f"""\
nam: 2023
don_vi: {{ten: {{name}}, cap: xa, loai: xã}}
hoat_dong:
  - {{ten: Lễ phát động, ma: le-1, so_luong: 1, nguoi: {people}, cap: huyen}}
"""


def test_event_copies_are_compared_on_their_effective_figures() -> None:
    a = bdg.loads(_event("{nam: 100, nu: 100}").replace("{name}", "Quân Hà"))
    b = bdg.loads(_event("{nam: 100, nu: 100, tong: 200}").replace("{name}", "Cẩm Giàng"))
    result = bdg.aggregate({"a.yaml": a, "b.yaml": b}, don_vi=DISTRICT)
    (row,) = result.hoat_dong
    assert (row.nguoi.nam, row.nguoi.nu, row.nguoi.tong_so) == (100, 100, 200)


# --------------------------------------------------------------------------- 3 overwriting


@pytest.mark.parametrize("side", ["--expected", "--chi-tieu"])
@pytest.mark.parametrize("link", ["same", "symlink", "hardlink"])
def test_aggregate_never_writes_over_a_side_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], side: str, link: str
) -> None:
    (tmp_path / "quan-ha.yaml").write_text(OTHER, encoding="utf-8")
    if side == "--expected":
        given = tmp_path / "danh-sach.yaml"
        given.write_text("- Quân Hà\n", encoding="utf-8")
    else:
        given = tmp_path / "chi-tieu.toml"
        shipped = Path(bdg.__file__).parent / "data" / "chi-tieu" / "2016.toml"
        given.write_bytes(shipped.read_bytes())
    before = given.read_bytes()
    out = {
        "same": given,
        "symlink": tmp_path / "lien-ket.yaml",
        "hardlink": tmp_path / "cung.yaml",
    }[link]
    if link == "symlink":
        out.symlink_to(given)
    elif link == "hardlink":
        os.link(given, out)
    if out.suffix != given.suffix and link == "same":
        pytest.skip("same file")
    status, _, err = run(
        [
            "aggregate",
            str(tmp_path / "quan-ha.yaml"),
            "--ten",
            "Bạch Thông",
            "--cap",
            "huyen",
            side,
            str(given),
            "-o",
            str(out),
        ],
        capsys,
    )
    assert status == 2, err
    assert "đầu vào" in err
    assert given.read_bytes() == before


# --------------------------------------------------------------------------- 5 CSV


def test_csv_cells_that_start_a_formula_are_neutralised(tmp_path: Path) -> None:
    report = bdg.loads(
        """\
nam: 2023
don_vi: {ten: "=HYPERLINK(\\"http://x\\")", cap: xa}
hoat_dong:
  - {ten: "+cmd|' /C calc'!A0", so_luong: 1, cap: xa}
  - {ten: "-2+3", so_luong: 1, cap: xa}
  - {ten: "@SUM(A1)", so_luong: 1, cap: xa}
"""
    )
    path = tmp_path / "x.csv"
    bdg.to_csv(report, path, bom=True)
    text = path.read_text(encoding="utf-8-sig")
    for dangerous in ("=HYPERLINK", "+cmd", "-2+3", "@SUM"):
        assert f"'{dangerous}" in text
        assert f",{dangerous}" not in text and f'"{dangerous}' not in text
    # A spreadsheet reader sees text, not formulas.
    import csv

    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert "-2+3" not in cells


# --------------------------------------------------------------------------- 8 special files


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need POSIX")
def test_a_fifo_or_a_device_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "ong.yaml"
    os.mkfifo(fifo)
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    for path in (fifo, link):
        started = time.monotonic()
        with pytest.raises(DataError) as info:
            bdg.load(path)
        assert time.monotonic() - started < 5
        assert "không phải tệp thường" in info.value.lines[0]
        assert info.value.lines[0].startswith(str(path))


# --------------------------------------------------------------------------- 11-14 numbers


def test_a_huge_integer_in_toml_is_a_data_error() -> None:
    text = f'nam = 2023\n[don_vi]\nten = "X"\ncap = "xa"\n[kinh_phi]\nvan_dong = {"9" * 5000}\n'
    with pytest.raises(DataError) as info:
        bdg.loads(text, "toml")
    (line,) = info.value.lines
    assert "dòng 6" in line and "quá dài" in line  # the TOML parser's place: line and column


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_huge_integers_are_refused_alike(fmt: str) -> None:
    huge = "9" * 5000
    text = (
        f"nam: 2023\ndon_vi: {{ten: X, cap: xa}}\nkinh_phi: {{van_dong: {huge}}}\n"
        if fmt == "yaml"
        else f'{{"nam": 2023, "don_vi": {{"ten": "X", "cap": "xa"}}, '
        f'"kinh_phi": {{"van_dong": {huge}}}}}'
    )
    with pytest.raises(DataError):
        bdg.loads(text, fmt)  # type: ignore[arg-type]


def test_a_budget_validate_accepts_renders_in_every_format() -> None:
    report = bdg.loads(
        "nam: 2023\ndon_vi: {ten: X, cap: xa}\nkinh_phi: {van_dong: 1000000000000000000000}\n"
    )
    problems = [p for p in bdg.validate(report) if p.severity == "error"]
    if problems:
        assert any(p.path == "kinh_phi.van_dong" for p in problems)
        return
    for name in ("docx", "html", "markdown", "xlsx"):
        assert bdg.render(report, name)


def test_a_lone_surrogate_is_refused_on_load_with_its_path() -> None:
    text = '{"nam": 2023, "don_vi": {"ten": "X\\ud800", "cap": "xa"}}'
    with pytest.raises(DataError) as info:
        bdg.loads(text, "json")
    assert any("don_vi.ten" in line for line in info.value.lines)


def _form_with(tmp_path: Path, sheet: str, cell: str, value: Any, fmt: str | None = None) -> Path:
    book = openpyxl.load_workbook(io.BytesIO(bdg.write_form(None, bao_cao=bdg.loads(OTHER))))
    ws = book[sheet]
    ws["B7"] = "Hội nghị"
    ws[cell] = value
    if fmt:
        ws[cell].number_format = fmt
    path = tmp_path / "xa.xlsx"
    book.save(path)
    return path


def test_an_infinite_number_in_a_cell_is_an_error_on_that_cell(tmp_path: Path) -> None:
    path = _form_with(tmp_path, "Hoạt động", "E7", 1e308)
    # 1e400 cannot be written by openpyxl; patch the XML the way a hostile file would.
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {i: z.read(i) for i in z.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts.items():
            z.writestr(info, data.replace(b"1e+308", b"1e400").replace(b"1E+308", b"1e400"))
    with pytest.raises(DataError) as info:
        bdg.load(path)
    assert any("Hoạt động!E7" in line for line in info.value.lines), info.value.lines


@pytest.mark.parametrize("value", [0.5, 1.0])
def test_a_percent_formatted_count_cell_has_its_own_message(tmp_path: Path, value: float) -> None:
    path = _form_with(tmp_path, "Hoạt động", "E7", value, fmt="0%")
    with pytest.raises(DataError) as info:
        bdg.load(path)
    line = next(x for x in info.value.lines if "Hoạt động!E7" in x)
    assert "phần trăm" in line
    assert "500" not in line


def test_two_sheets_with_one_folded_name_are_an_error(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(io.BytesIO(bdg.write_form(None, bao_cao=bdg.loads(OTHER))))
    copy = book.copy_worksheet(book["Hoạt động"])
    copy.title = "HOẠT ĐỘNG"
    copy["B7"] = "Hội nghị"
    path = tmp_path / "xa.xlsx"
    book.save(path)
    with pytest.raises(DataError) as info:
        bdg.load(path)
    text = "\n".join(info.value.lines)
    assert "Hoạt động" in text and "HOẠT ĐỘNG" in text


# --------------------------------------------------------------------------- 10 loop budget


def test_a_template_that_loops_forever_is_stopped(tmp_path: Path) -> None:
    template = tmp_path / "vong-lap.html.j2"
    template.write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    report = bdg.load(bdg.example_path())
    started = time.monotonic()
    with pytest.raises(TemplateError) as info:
        bdg.render(report, "html", template=template)
    assert time.monotonic() - started < 30
    assert "vong-lap.html.j2" in str(info.value)


def test_check_template_notices_a_loop_beyond_the_budget(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "vong-lap.html.j2"
    template.write_text("{% for i in range(10000000) %}.{% endfor %}", encoding="utf-8")
    status, _, err = run(["check-template", str(template)], capsys)
    assert status == 1
    assert "vòng lặp" in err


# --------------------------------------------------------------------------- 15, 18 CLI


def test_a_file_name_that_is_not_utf8_is_printed_safely(tmp_path: Path) -> None:
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    name = os.fsencode(folder) + b"/x\xff.yaml"
    fd = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, OTHER.encode("utf-8"))
    os.close(fd)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    proc = subprocess.run(
        [sys.executable, "-m", "binhdanggioi", "validate", str(folder)],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in proc.stderr
    assert b"h\xe1\xbb\xa3p l\xe1\xbb\x87" in proc.stdout  # "hợp lệ"


def test_empty_name_for_the_aggregate_is_wrong_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "quan-ha.yaml").write_text(OTHER, encoding="utf-8")
    status, _, err = run(
        [
            "aggregate",
            str(tmp_path),
            "--ten",
            " ",
            "--cap",
            "huyen",
            "-o",
            str(tmp_path / "o.yaml"),
        ],
        capsys,
    )
    assert status == 2
    assert "--ten" in err


def test_an_unwritable_output_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if os.geteuid() == 0:
        target_dir = Path("/proc/self")  # not writable even for root
    else:
        target_dir = tmp_path / "khoa"
        target_dir.mkdir()
        target_dir.chmod(0o500)
    out = target_dir / "bao-cao.html"
    status, _, err = run(["render", str(bdg.example_path()), "-o", str(out)], capsys)
    assert status == 1
    assert str(out) in err
    assert ".tmp" not in err


def test_validate_on_an_empty_folder_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(["validate", str(tmp_path)], capsys)
    assert status == 1
    assert str(tmp_path) in err


def test_a_missing_template_is_a_data_error_like_every_missing_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(["check-template", str(tmp_path / "khong-co.docx")], capsys)
    assert status == 1
    assert "không tìm thấy" in err


def test_a_template_for_a_renderer_without_templates_is_wrong_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "mau.html.j2"
    template.write_text("x", encoding="utf-8")
    status, _, err = run(
        [
            "render",
            str(bdg.example_path()),
            "-o",
            str(tmp_path / "x.xlsx"),
            "--template",
            str(template),
        ],
        capsys,
    )
    assert status == 2, err


def test_a_closed_pipe_ends_quietly() -> None:
    proc = subprocess.run(
        f"{sys.executable} -m binhdanggioi summary {bdg.example_path()} | head -1",
        shell=True,
        capture_output=True,
        timeout=120,
    )
    assert proc.stderr == b""
