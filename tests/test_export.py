"""Tidy export: one row per figure, summing back to the report's totals."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given

from binhdanggioi.formats import example_path, load
from binhdanggioi.formats.csv import COLUMNS, SoLieu, tidy_rows, to_csv
from binhdanggioi.model import BaoCao, DonVi, HoatDong, KinhPhi, SanPham, SoNguoi
from strategies import bao_caos, examples


def test_columns() -> None:
    assert COLUMNS == (
        "unit",
        "unit_code",
        "year",
        "table",
        "row",
        "indicator",
        "name",
        "level",
        "event",
        "measure",
        "value",
        "incomplete",
    )


def test_one_row_per_reported_figure() -> None:
    report = BaoCao(
        2023,
        DonVi("Dương Quang", "xa", "xã", "01870"),
        hoat_dong=(
            HoatDong("Tập huấn", 2, SoNguoi(nam=40, nu=60), "xa", chi_tieu="tap-huan"),
            HoatDong("Đối thoại", 1, SoNguoi(nu=54), "xa", ma="dt-1"),
        ),
        truyen_thong=(
            HoatDong("Trường học", 4, SoNguoi(nam=500, nu=600, tong=1200), "truong-hoc"),
        ),
        san_pham=(SanPham("Băng rôn", 9, cap=["huyen", "xa"]),),
        kinh_phi=KinhPhi(ngan_sach_nha_nuoc=3_000_000),
    )
    rows = tidy_rows(report)
    head = ("Xã Dương Quang", "01870", 2023)
    assert rows == [
        SoLieu(*head, "hoat_dong", 1, "tap-huan", "Tập huấn", "xa", "", "so_luong", 2, False),
        SoLieu(*head, "hoat_dong", 1, "tap-huan", "Tập huấn", "xa", "", "nam", 40, False),
        SoLieu(*head, "hoat_dong", 1, "tap-huan", "Tập huấn", "xa", "", "nu", 60, False),
        SoLieu(*head, "hoat_dong", 1, "tap-huan", "Tập huấn", "xa", "", "tong", 100, False),
        SoLieu(*head, "hoat_dong", 2, "", "Đối thoại", "xa", "dt-1", "so_luong", 1, False),
        SoLieu(*head, "hoat_dong", 2, "", "Đối thoại", "xa", "dt-1", "nu", 54, True),
        SoLieu(*head, "hoat_dong", 2, "", "Đối thoại", "xa", "dt-1", "tong", 54, True),
        SoLieu(*head, "truyen_thong", 1, "", "Trường học", "truong-hoc", "", "so_luong", 4, False),
        SoLieu(*head, "truyen_thong", 1, "", "Trường học", "truong-hoc", "", "nam", 500, False),
        SoLieu(*head, "truyen_thong", 1, "", "Trường học", "truong-hoc", "", "nu", 600, False),
        SoLieu(*head, "truyen_thong", 1, "", "Trường học", "truong-hoc", "", "tong", 1200, False),
        SoLieu(
            *head,
            "truyen_thong",
            1,
            "",
            "Trường học",
            "truong-hoc",
            "",
            "chua_phan_tach",
            100,
            False,
        ),
        SoLieu(*head, "san_pham", 1, "", "Băng rôn", "huyen+xa", "", "so_luong", 9, False),
        SoLieu(
            *head,
            "kinh_phi",
            0,
            "",
            "Ngân sách nhà nước",
            "",
            "",
            "ngan_sach_nha_nuoc",
            3_000_000,
            False,
        ),
    ]


def _totals(report: BaoCao) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    for table in BaoCao.TABLES:
        t = report.tong_hop(table)
        out[(table, "so_luong")] = t.so_luong
        for measure, value in (("nam", t.nguoi.nam), ("nu", t.nguoi.nu), ("tong", t.nguoi.tong_so)):
            if value is not None:
                out[(table, measure)] = value
    for line in ("ngan_sach_nha_nuoc", "van_dong"):
        value = getattr(report.kinh_phi, line)
        if value is not None:
            out[("kinh_phi", line)] = value
    return out


@given(bao_caos(nam=2023))
@examples(60)
def test_pandas_sums_give_the_report_totals(report: BaoCao) -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(tidy_rows(report), columns=list(COLUMNS))
    sums = df.groupby(["table", "measure"])["value"].sum().to_dict()
    expected = _totals(report)
    for key, value in expected.items():
        if key[1] == "so_luong" and value == 0 and key not in sums:
            continue  # no count reported at all
        assert sums[key] == value, key
    flagged = df[df["measure"] == "tong"].groupby("table")["incomplete"].any().to_dict()
    for table, incomplete in flagged.items():
        if incomplete:
            assert report.tong_hop(table).thieu


def test_csv_round_trips_through_pandas(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    report = load(example_path())
    path = tmp_path / "so-lieu.csv"
    text = to_csv(report, path)
    assert path.read_text(encoding="utf-8") == text
    assert text.splitlines()[0] == ",".join(COLUMNS)
    df = pd.read_csv(path, keep_default_na=False)
    assert list(df.columns) == list(COLUMNS)
    assert df["incomplete"].dtype == bool
    assert df.loc[df["measure"] == "tong", "value"].sum() == 200 + 10 + 100 + 10450 + 130
    assert set(df["level"]) >= {"tinh", "huyen", "huyen+xa", "truong-hoc"}
    parsed = list(csv.reader(io.StringIO(text)))
    assert len(parsed) == len(tidy_rows(report)) + 1


def test_several_reports_and_excel_bom() -> None:
    a = BaoCao(2023, DonVi("A", "xa"), kinh_phi=KinhPhi(van_dong=5))
    b = BaoCao(2023, DonVi("B", "xa"), kinh_phi=KinhPhi(van_dong=7))
    rows = tidy_rows([a, b])
    assert [(r.unit, r.measure, r.value) for r in rows] == [
        ("A", "van_dong", 5),
        ("B", "van_dong", 7),
    ]
    assert to_csv([a, b], bom=True).startswith("\ufeffunit,")
    assert tidy_rows([]) == []


def test_marked_counts_and_budget_lines_are_incomplete() -> None:
    report = BaoCao(
        2023,
        DonVi("H", "huyen"),
        hoat_dong=(
            HoatDong("Tập huấn", 3, cap="xa", so_luong_chua_du=True),
            HoatDong("Mít tinh", 2, SoNguoi(1, 1), cap="xa"),
        ),
        kinh_phi=KinhPhi(100, 0, chua_day_du=True),
        nguon=(DonVi("A", "xa"), DonVi("B", "xa")),
    )
    flags = {(r.name, r.measure): r.incomplete for r in tidy_rows(report)}
    assert flags[("Tập huấn", "so_luong")] is True
    assert flags[("Mít tinh", "so_luong")] is False
    assert flags[("Mít tinh", "tong")] is False
    assert flags[("Ngân sách nhà nước", "ngan_sach_nha_nuoc")] is True
    assert flags[("Vận động, xã hội hóa", "van_dong")] is True
