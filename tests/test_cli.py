"""Tests for the command line: init, validate, summary; exit codes of contract §6."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import binhdanggioi
from binhdanggioi.cli import main

EXAMPLE = binhdanggioi.example_path()

BAD_RULES = """\
nam: 2023
don_vi: {ten: Huyền Tung, cap: xa}
hoat_dong:
  - {ten: Hội nghị, so_luong: 1, cap: xa, nguoi: {nam: 60, nu: 50, tong: 100}}
  - {ten: Tọa đàm, so_luong: 0, cap: xa, nguoi: {nu: 5}}
"""

ONLY_WARNINGS = """\
nam: 2023
don_vi: {ten: Huyền Tung, cap: xa}
hoat_dong:
  - {ten: Tọa đàm, so_luong: 1, cap: xa, nguoi: {nu: 5}}
"""

UNREADABLE = """\
nam: 2023
don_vi: {ten: Huyền Tung, cap: xa}
hoat_dong:
  - {ten: Hội nghị, so_luong: -1, nguoi: {tong: 10.450}}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, list[str], list[str]]:
    """Exit status, stdout lines and stderr lines of ``binhdanggioi ARGS``."""
    try:
        status = main([str(a) for a in args])
    except SystemExit as exit_:  # argparse exits on usage errors and --version
        status = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.splitlines()


# --------------------------------------------------------------------------- init


def test_init_writes_the_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "init", tmp_path / "moi")
    target = tmp_path / "moi" / "bac-kan-2023.yaml"
    assert status == 0 and err == []
    assert target.read_bytes() == EXAMPLE.read_bytes()
    assert out == [f"Đã viết {target}. Sửa tệp này rồi chạy: binhdanggioi validate {target}"]


def test_init_defaults_to_the_current_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "init")[0] == 0
    assert (tmp_path / "bac-kan-2023.yaml").read_bytes() == EXAMPLE.read_bytes()


def test_init_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = write(tmp_path, "bac-kan-2023.yaml", "của tôi")
    status, out, err = run(capsys, "init", tmp_path)
    assert status == 2 and out == []
    assert err == [
        f"binhdanggioi: lỗi cách dùng: {target} đã có; "
        "dùng --force để ghi đè hoặc chọn thư mục khác"
    ]
    assert target.read_text(encoding="utf-8") == "của tôi"

    assert run(capsys, "init", "--force", tmp_path)[0] == 0
    assert target.read_bytes() == EXAMPLE.read_bytes()


# --------------------------------------------------------------------------- validate


def test_validate_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", EXAMPLE) == (
        0,
        [f"{EXAMPLE}: hợp lệ (0 lỗi, 0 cảnh báo)"],
        [],
    )


def test_validate_rule_errors_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "xa.yaml", BAD_RULES)
    status, out, err = run(capsys, "validate", path)
    assert status == 1
    assert out == [f"{path}: có lỗi (1 lỗi, 2 cảnh báo)"]
    assert err == [
        f"lỗi: {path}: hoat_dong[0].nguoi: Nam + Nữ = 110 lớn hơn tổng 100; "
        "sửa số Nam, Nữ hoặc tổng [nam-nu-vuot-tong]",
        f"cảnh báo: {path}: hoat_dong[1].so_luong: số lượng là 0 nhưng có 5 người tham gia; "
        "kiểm tra lại số lượng (để 0 chỉ khi hoạt động do cấp khác tổ chức) "
        "[nguoi-khi-so-luong-0]",
        f"cảnh báo: {path}: hoat_dong[1].nguoi.nam: có số Nữ (5) nhưng thiếu số Nam và tổng; "
        "ghi số Nam (0 nếu không có) hoặc tổng [thieu-so-lieu-gioi]",
    ]


def test_validate_warnings_alone_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "xa.yaml", ONLY_WARNINGS)
    status, out, err = run(capsys, "validate", path)
    assert status == 0
    assert out == [f"{path}: hợp lệ (0 lỗi, 1 cảnh báo)"]
    assert len(err) == 1 and err[0].startswith(f"cảnh báo: {path}: hoat_dong[0].nguoi.nam: ")


def test_validate_problem_of_the_whole_report_has_no_empty_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "rong.yaml", "nam: 2023\ndon_vi: {ten: X, cap: xa}\n")
    status, _, err = run(capsys, "validate", path)
    assert status == 0
    assert err == [
        f"cảnh báo: {path}: báo cáo chưa có số liệu và nội dung nào; điền các bảng hoat_dong, "
        "truyen_thong, san_pham, kinh_phi hoặc phần nội dung [bao-cao-rong]"
    ]


def test_validate_unreadable_data_exit_1_with_every_location(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "xa.yaml", UNREADABLE)
    status, out, err = run(capsys, "validate", path)
    assert status == 1 and out == []
    assert [line.split(": ")[:3] for line in err] == [
        ["lỗi", str(path), "hoat_dong[0].so_luong"],
        ["lỗi", str(path), "hoat_dong[0].nguoi.tong"],
    ]
    assert 'viết 10450 hoặc "10.450"' in err[1]


def test_validate_several_files_reports_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(tmp_path, "bad.yaml", UNREADABLE)
    missing = tmp_path / "khong-co.yaml"
    status, out, err = run(capsys, "validate", bad, EXAMPLE, missing)
    assert status == 1
    assert out == [f"{EXAMPLE}: hợp lệ (0 lỗi, 0 cảnh báo)"]
    assert err[-1] == f"lỗi: {missing}: không tìm thấy tệp"
    assert all(line.startswith(f"lỗi: {bad}: ") for line in err[:-1])


def test_validate_unknown_suffix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "bao-cao.txt", ONLY_WARNINGS)
    status, _, err = run(capsys, "validate", path)
    assert status == 1
    assert err[0].startswith(f"lỗi: {path}: không đọc được đuôi tệp '.txt'")


# --------------------------------------------------------------------------- usage


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate"], "binhdanggioi validate: lỗi cách dùng: thiếu tham số bắt buộc: FILE"),
        ([], "binhdanggioi: lỗi cách dùng: thiếu tham số bắt buộc: LỆNH"),
        (["khong-co-lenh"], "binhdanggioi: lỗi cách dùng: LỆNH: không có lựa chọn 'khong-co-lenh'"),
        (
            ["validate", "--sai", "a.yaml"],
            "binhdanggioi: lỗi cách dùng: tham số không nhận ra: --sai",
        ),
    ],
)
def test_wrong_usage_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    status, out, err = run(capsys, *args)
    assert status == 2 and out == []
    assert err[-1].startswith(message)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, [f"binhdanggioi {binhdanggioi.__version__}"], [])


# --------------------------------------------------------------------------- summary


def test_summary_of_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "summary", EXAMPLE)
    assert status == 0 and err == []
    assert out == [
        "thành phố Bắc Kạn (huyen), năm 2023",
        "  III.1 Hoạt động: 2 dòng, số lượng 2; Nam 100, Nữ 110, tổng 210",
        "  III.2 Truyền thông: 4 dòng, số lượng 29; Nam 42, Nữ 58, tổng 10.680, "
        "chưa phân tách theo giới 10.580",
        "  III.3 Sản phẩm truyền thông: 2 dòng, số lượng 30; Nam —, Nữ —, tổng —",
        "  Kinh phí: ngân sách nhà nước 30.000.000đ, vận động 0đ",
    ]


def test_summary_marks_incomplete_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "xa.yaml", ONLY_WARNINGS)
    status, out, _ = run(capsys, "summary", path)
    assert status == 0
    assert out[1] == "  III.1 Hoạt động: 1 dòng, số lượng 1; Nam —, Nữ 5, tổng 5, thiếu số liệu"
    assert out[-1] == "  Kinh phí: ngân sách nhà nước chưa báo cáo, vận động chưa báo cáo"


def test_summary_of_unreadable_data_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "xa.yaml", UNREADABLE)
    status, out, err = run(capsys, "summary", path)
    assert status == 1 and out == []
    assert err[0].startswith(f"lỗi: {path}: hoat_dong[0].so_luong: ")


# --------------------------------------------------------------------------- python -m


def _python_m(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    # A C locale must not break Vietnamese output (PEP 538/540 make stdio UTF-8).
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    env.pop("PYTHONIOENCODING", None)
    return subprocess.run(
        [sys.executable, "-m", "binhdanggioi", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_python_m_init_then_validate(tmp_path: Path) -> None:
    done = _python_m("init", tmp_path, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = _python_m("validate", "bac-kan-2023.yaml", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "bac-kan-2023.yaml: hợp lệ (0 lỗi, 0 cảnh báo)\n",
        "",
    )


def test_python_m_reports_errors_in_vietnamese(tmp_path: Path) -> None:
    write(tmp_path, "xa.yaml", BAD_RULES)
    done = _python_m("validate", "xa.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0].startswith(
        "lỗi: xa.yaml: hoat_dong[0].nguoi: Nam + Nữ = 110 lớn hơn tổng 100"
    )
    assert "Traceback" not in done.stderr
