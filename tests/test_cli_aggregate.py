"""`binhdanggioi aggregate` and the progress bar it draws."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from binhdanggioi._progress import Progress, progress
from binhdanggioi.aggregation import aggregate
from binhdanggioi.cli import main
from binhdanggioi.formats import example_path, load
from binhdanggioi.model import DonVi
from test_aggregation import COMMUNES

CITY_ARGS = ["--ten", "Bắc Kạn", "--cap", "huyen", "--loai", "thành phố"]


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "bao-cao"
    (folder / "xa").mkdir(parents=True)
    for name, text in COMMUNES.items():
        (folder / "xa" / name).write_text(text, encoding="utf-8")
    shutil.copy(example_path(), folder / "bac-kan-2023.yaml")
    # Not reports: hidden files, Excel lock files, other suffixes.
    (folder / ".an.yaml").write_text("rác", encoding="utf-8")
    (folder / "~$mau.xlsx").write_bytes(b"")
    (folder / "ghi-chu.txt").write_text("không phải báo cáo", encoding="utf-8")
    return folder


def warning_of_huyen_tung(path: Path) -> str:
    """The one warning the worked example has: Huyền Tung reported the women only."""
    return (
        f"cảnh báo: {path}: hoat_dong[0].nguoi.nam: có số Nữ (54) nhưng thiếu số Nam và "
        "tổng; ghi số Nam (0 nếu không có) hoặc tổng [thieu-so-lieu-gioi]\n"
    )


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["aggregate", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_directory_is_read_recursively(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ket-qua" / "thanh-pho.yaml"
    status, stdout, stderr = run([str(inputs), *CITY_ARGS, "-o", str(out)], capsys)
    assert (status, stderr) == (0, warning_of_huyen_tung(inputs / "xa" / "huyen-tung.yaml"))
    assert stdout.splitlines()[0] == f"Đã tổng hợp 4 báo cáo vào {out}"
    assert "III.2 Truyền thông: 6 dòng, số lượng 46; Nam 82, Nữ 118, tổng 11.980" in stdout
    expected = aggregate(
        {str(p): load(p) for p in sorted(inputs.rglob("[!.~]*.yaml"))},
        don_vi=DonVi("Bắc Kạn", "huyen", "thành phố"),
    )
    assert load(out) == expected


def test_files_and_csv_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = []
    for name, text in COMMUNES.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    out = tmp_path / "so-lieu.csv"
    status, _, stderr = run([*paths, str(example_path()), *CITY_ARGS, "-o", str(out)], capsys)
    assert (status, stderr) == (0, warning_of_huyen_tung(tmp_path / "huyen-tung.yaml"))
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["unit"] for r in rows} == {"Thành phố Bắc Kạn"}
    sums: dict[tuple[str, str], int] = {}
    for r in rows:
        key = (r["table"], r["measure"])
        sums[key] = sums.get(key, 0) + int(r["value"])
    assert sums[("truyen_thong", "tong")] == 11980
    assert sums[("kinh_phi", "ngan_sach_nha_nuoc")] == 38_000_000


def test_completeness_is_reported(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "danh-sach.txt"
    listing.write_text(
        "phường Đức Xuân\nphường Huyền Tung\nxã Dương Quang\nxã Nông Thượng\nphường Sông Cầu\n",
        encoding="utf-8",
    )
    out = tmp_path / "thanh-pho.json"
    args = [str(inputs), *CITY_ARGS, "--expected", str(listing), "-o", str(out)]
    status, stdout, stderr = run(args, capsys)
    assert status == 0
    assert "Đã báo cáo 3/5 đơn vị trong danh sách" in stdout
    assert stderr == (
        warning_of_huyen_tung(inputs / "xa" / "huyen-tung.yaml")
        + "cảnh báo: 2 đơn vị chưa báo cáo: Phường Sông Cầu, Xã Nông Thượng\n"
    )
    assert [u.ten for u in load(out).chua_bao_cao] == ["Sông Cầu", "Nông Thượng"]


def test_bad_files_are_reported_and_the_others_still_read(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = inputs / "xa" / "nong-thuong.yaml"
    bad.write_text(
        "nam: 2023\ndon_vi: {ten: Nông Thượng, cap: xa}\n"
        "hoat_dong:\n  - {ten: Tập huấn, so_luong: 10.45, cap: thôn}\n",
        encoding="utf-8",
    )
    conflicting = inputs / "xa" / "xuat-hoa.yaml"
    conflicting.write_text(
        "nam: 2023\ndon_vi: {ten: Xuất Hóa, cap: xa, loai: phường}\ntruyen_thong:\n"
        "  - {ten: Chiến dịch, ma: bk-2023-chien-dich-huyen-tung, so_luong: 1, "
        "nguoi: {tong: 150}, cap: huyen}\n",
        encoding="utf-8",
    )
    out = tmp_path / "thanh-pho.yaml"
    status, _, stderr = run([str(inputs), *CITY_ARGS, "-o", str(out)], capsys)
    assert status == 1
    lines = stderr.splitlines()
    assert (
        f"lỗi: {bad}: hoat_dong[0].so_luong: số lượng phải là số nguyên, nhận 10.45"
        in "\n".join(lines)
    )
    assert any(
        line.startswith(f"lỗi: {bad}: hoat_dong[0].cap: không hiểu cấp 'thôn'") for line in lines
    )
    assert any(
        line.startswith(f"lỗi: {conflicting}: truyen_thong[0]: sự kiện mã 'bk-2023-chien-dich")
        and "Phường Xuất Hóa" in line
        and "Thành phố Bắc Kạn" in line
        for line in lines
    )
    assert not out.exists()


def test_the_output_must_not_be_an_input(inputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = inputs / "xa" / "duc-xuan.yaml"
    before = target.read_text(encoding="utf-8")
    status, _, stderr = run([str(inputs), *CITY_ARGS, "-o", str(target)], capsys)
    assert status == 2
    assert "vừa là tệp kết quả vừa là tệp đầu vào" in stderr
    assert target.read_text(encoding="utf-8") == before


def test_mixed_years_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = tmp_path / "a.yaml"
    a.write_text("nam: 2023\ndon_vi: {ten: A, cap: xa, loai: xã}\n", encoding="utf-8")
    b = tmp_path / "b.yaml"
    b.write_text("nam: 2024\ndon_vi: {ten: B, cap: xa, loai: xã}\n", encoding="utf-8")
    status, _, stderr = run([str(a), str(b), *CITY_ARGS, "-o", str(tmp_path / "o.yaml")], capsys)
    assert status == 1
    lines = stderr.splitlines()
    assert lines[0].startswith("lỗi: Không tổng hợp được các báo cáo khác năm")
    assert lines[1:] == [
        f"lỗi: {a}: nam: báo cáo năm 2023",
        f"lỗi: {b}: nam: báo cáo năm 2024",
    ]


def test_the_same_unit_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("a.yaml", "a-sua.yaml"):
        (tmp_path / name).write_text("nam: 2023\ndon_vi: {ten: A, cap: xa, loai: xã}\n", "utf-8")
    status, _, stderr = run([str(tmp_path), *CITY_ARGS, "-o", str(tmp_path / "o.csv")], capsys)
    assert status == 1
    assert f"Xã A có hai báo cáo: Xã A ({tmp_path / 'a-sua.yaml'}) và Xã A" in stderr


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--cap", "thôn", "-o", "o.yaml"], "--cap: không hiểu cấp 'thôn'"),
        (["--cap", "huyen", "-o", "o.docx"], "tệp kết quả phải là .yaml, .json, .csv"),
    ],
)
def test_usage_errors(
    extra: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, stderr = run([str(example_path()), "--ten", "X", *extra], capsys)
    assert status == 2
    assert message in stderr


def test_missing_files_and_nothing_readable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, stderr = run(
        [str(tmp_path / "khong-co.yaml"), *CITY_ARGS, "-o", str(tmp_path / "o.yaml")], capsys
    )
    assert status == 1
    assert stderr.splitlines() == [
        f"lỗi: {tmp_path / 'khong-co.yaml'}: không tìm thấy tệp",
        "lỗi: không đọc được báo cáo nào; không có gì để tổng hợp",
    ]


# --------------------------------------------------------------------------- progress


def test_input_with_errors_is_refused_with_the_lines_of_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "cam-giang.yaml"
    typo.write_text(
        "nam: 2023\ndon_vi: {ten: Cẩm Giàng, cap: xa, loai: xã}\nhoat_dong:\n"
        "  - {ten: Hội nghị, ma: hn-01, so_luong: 1, nguoi: {nam: 10, nu: 10}, cap: xa}\n"
        "  - {ten: Hội nghị, ma: hn-01, so_luong: 1, nguoi: {nam: 15, nu: 15}, cap: xa}\n",
        encoding="utf-8",
    )
    fine = tmp_path / "quan-ha.yaml"
    fine.write_text(
        "nam: 2023\ndon_vi: {ten: Quân Hà, cap: xa, loai: xã}\nhoat_dong:\n"
        "  - {ten: Hội nghị, so_luong: 1, nguoi: {nam: 10, nu: 20}, cap: xa}\n",
        encoding="utf-8",
    )
    out = tmp_path / "huyen.yaml"
    status, stdout, stderr = run([str(typo), str(fine), *CITY_ARGS, "-o", str(out)], capsys)
    assert (status, stdout, out.exists()) == (1, "", False)
    assert stderr.splitlines() == [
        f"lỗi: {typo}: hoat_dong[1].ma: mã 'hn-01' đã dùng ở hoat_dong[0]; mỗi hoạt động một "
        "mã riêng, hoặc gộp hai dòng làm một [ma-trung-lap]",
        "lỗi: 1 tệp có lỗi nên chưa tổng hợp; sửa các lỗi trên rồi chạy lại",
    ]
    assert main(["validate", str(typo)]) == 1
    assert stderr.splitlines()[0] in capsys.readouterr().err.splitlines()


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_silent_when_not_a_terminal() -> None:
    stream = io.StringIO()
    assert list(progress(range(5), label="Đọc", stream=stream)) == [0, 1, 2, 3, 4]
    assert stream.getvalue() == ""


def test_progress_draws_a_bar_and_a_summary_on_a_terminal() -> None:
    stream = _Tty()
    assert list(progress(["a", "b"], label="Đọc báo cáo", unit="tệp", stream=stream)) == ["a", "b"]
    text = stream.getvalue()
    assert "\rĐọc báo cáo [" in text
    assert "] 2/2" in text
    last = text.rsplit("\r\x1b[K", 1)[1]
    assert last.startswith("Đọc báo cáo: 2 tệp trong ")
    assert last.endswith(" giây\n")


def test_progress_without_a_total() -> None:
    stream = _Tty()
    with Progress(label="Xuất", unit="văn bản", stream=stream) as bar:
        bar.advance(3)
    assert "Xuất 3 văn bản" in stream.getvalue()
    assert bar.summary().startswith("Xuất: 3 văn bản trong ")


# --------------------------------------------------------------------------- units (from 2025)


def _commune(folder: Path, file: str, unit: str) -> Path:
    path = folder / file
    path.write_text(
        f"nam: 2025\ndon_vi: {unit}\n"
        "hoat_dong:\n  - {ten: Tọa đàm, so_luong: 1, nguoi: {nam: 5, nu: 6}, cap: xa}\n",
        encoding="utf-8",
    )
    return path


def test_aggregate_to_a_province_by_its_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "thu-muc"
    folder.mkdir()
    _commune(folder, "duc-xuan.yaml", "{ten: Đức Xuân, cap: xa, loai: phường}")
    _commune(folder, "bac-kan.yaml", "{ten: Phường Bắc Kạn, cap: xa, tinh: '19'}")
    _commune(folder, "phong-quang.yaml", "{ten: Phong Quang, cap: xa, loai: xã, ma: '01849'}")
    out = tmp_path / "tinh.yaml"
    status, stdout, stderr = run(["--ma", "19", str(folder), "-o", str(out)], capsys)
    assert (status, stderr) == (0, "")
    line = stdout.splitlines()[-1]
    assert line.startswith(
        "Theo danh mục đơn vị hành chính: 3/92 xã, phường đã báo cáo; chưa báo cáo: "
        "Xã Bằng Thành, Xã Cao Minh"
    )
    assert line.count(", ") == 89 and "Phường Đức Xuân" not in line
    result = load(out)
    assert result.don_vi == DonVi("Thái Nguyên", "tinh", "tỉnh", "19")
    assert len(result.chua_bao_cao) == 89


def test_typos_are_warned_and_other_provinces_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = _commune(tmp_path, "duc-xuan.yaml", "{ten: Đức Xuan, cap: xa, loai: phường}")
    status, _, stderr = run(["--ma", "19", str(typo), "-o", str(tmp_path / "o.yaml")], capsys)
    assert status == 0
    assert stderr == (
        f"cảnh báo: {typo}: don_vi.ten: Phường Đức Xuan không có trong danh mục đơn vị hành "
        "chính của Tỉnh Thái Nguyên; có phải: Phường Đức Xuân, Xã Đức Lương, Phường Phúc "
        "Thuận? [don-vi-khong-co-trong-danh-muc]\n"
    )
    other = _commune(tmp_path, "tan-lap.yaml", "{ten: Tân Lập, cap: xa, loai: xã, tinh: '80'}")
    status, _, stderr = run(["--ma", "19", str(other), "-o", str(tmp_path / "p.yaml")], capsys)
    assert status == 1
    assert "thuộc Tỉnh Tây Ninh theo danh mục, không thuộc Tỉnh Thái Nguyên" in stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "cần --ten và --cap (tên và cấp của đơn vị tổng hợp), hoặc --ma là mã"),
        (["--ma", "98"], "--ma 98: không có mã này trong danh mục đơn vị hành chính"),
        (["--ten", "Bắc Kạn"], "cần --ten và --cap"),
    ],
)
def test_the_parent_needs_a_name_and_level_or_an_official_code(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, stderr = run([str(example_path()), *args, "-o", str(tmp_path / "o.yaml")], capsys)
    assert status == 2 and message in stderr and "Traceback" not in stderr


def test_the_official_name_is_not_given_to_reports_before_2025(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, stderr = run(
        ["--ma", "19", str(example_path()), "-o", str(tmp_path / "o.yaml")], capsys
    )
    assert status == 2
    assert "không dùng cho báo cáo năm 2023; ghi --ten và --cap" in stderr
    # Given by hand, the code is kept and nothing is looked up.
    args = ["--ma", "19", "--ten", "Bắc Kạn", "--cap", "tinh", "--loai", "tỉnh"]
    status, _, _ = run([str(example_path()), *args, "-o", str(tmp_path / "o.yaml")], capsys)
    assert status == 0
    assert load(tmp_path / "o.yaml").don_vi == DonVi("Bắc Kạn", "tinh", "tỉnh", "19")


@pytest.mark.slow
def test_a_province_aggregates_a_folder_of_forms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The worked example of docs/aggregation.md, from blank forms to the province."""
    from binhdanggioi.formats.xlsx import write_form
    from binhdanggioi.model import BaoCao, HoatDong, SoNguoi

    folder = tmp_path / "thu-muc"
    folder.mkdir()
    for file, name in (("duc-xuan.xlsx", "Đức Xuân"), ("van-lang.xlsx", "Xã Văn Lang")):
        form = ["form", "--nam", "2025", "--tinh", "19", "--ten", name, "--cap", "xa"]
        assert main([*form, "-o", str(folder / file)]) == 0
    filled = BaoCao(
        2025,
        DonVi("Bắc Kạn", "xa", "phường", tinh="Thái Nguyên"),
        hoat_dong=(HoatDong("Tọa đàm", 1, SoNguoi(5, 6), "xa"),),
    )
    (folder / "bac-kan.xlsx").write_bytes(write_form(bao_cao=filled))
    capsys.readouterr()
    status, stdout, _ = run(["--ma", "19", str(folder), "-o", str(tmp_path / "tinh.yaml")], capsys)
    assert status == 0
    assert "3/92 xã, phường đã báo cáo" in stdout
    assert len(load(tmp_path / "tinh.yaml").chua_bao_cao) == 89
