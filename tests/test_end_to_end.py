"""A district's month-end, through the command line only.

Communes send filled Excel forms (and one YAML file); the district aggregates the
folder, checks the result and renders its Word report.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

import binhdanggioi as bdg
from binhdanggioi.cli import main
from binhdanggioi.model import BaoCao, DonVi, HoatDong, KinhPhi, SoNguoi


def _commune(name: str, nam: int, nu: int | None, budget: int) -> BaoCao:
    return BaoCao(
        2024,
        DonVi(name, "xa", loai="xã"),
        chi_dao=(f"Ban hành kế hoạch của {name}.",),
        hoat_dong=(
            HoatDong("Lễ phát động", 1, SoNguoi(nam, nu), cap="xa", chi_tieu="le-phat-dong"),
            HoatDong("Mít tinh chung", 1, SoNguoi(20, 30), cap="huyen", ma="mit-tinh-chung-2024"),
        ),
        truyen_thong=(HoatDong("Loa truyền thanh", 5, cap="xa"),),
        kinh_phi=KinhPhi(ngan_sach_nha_nuoc=budget),
    )


def test_forms_in_a_folder_become_the_district_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "bao-cao-xa"
    inbox.mkdir()
    forms = {"Cẩm Giàng": (10, 12, 5_000_000), "Quân Hà": (7, None, 3_000_000)}
    for name, (nam, nu, budget) in forms.items():
        (inbox / f"{name}.xlsx").write_bytes(bdg.render(_commune(name, nam, nu, budget), "xlsx"))
    bdg.dump(_commune("Nguyên Phúc", 5, 6, 2_000_000), inbox / "nguyen-phuc.yaml")
    (tmp_path / "danh-sach.txt").write_text("Cẩm Giàng\nQuân Hà\nNguyên Phúc\nSỹ Bình\n", "utf-8")

    out = tmp_path / "bach-thong.yaml"
    args = ["--ten", "Bạch Thông", "--cap", "huyen", "--loai", "huyện"]
    expected = ["--expected", str(tmp_path / "danh-sach.txt")]
    assert main(["aggregate", str(inbox), *args, *expected, "-o", str(out)]) == 0
    stdout, stderr = capsys.readouterr()
    assert "Đã tổng hợp 3 báo cáo" in stdout
    assert "Sỹ Bình" in stderr  # the commune that did not report

    district = bdg.load(out)
    launch, shared = district.hoat_dong[0], district.hoat_dong[1]
    assert (launch.so_luong, launch.nguoi.nam, launch.nguoi.nu) == (3, 22, 18)
    assert launch.nguoi.thieu  # Quân Hà gave no figure for women
    assert (shared.so_luong, shared.nguoi.nam, shared.nguoi.nu) == (1, 20, 30)  # counted once
    assert district.kinh_phi.ngan_sach_nha_nuoc == 10_000_000
    assert [u.ten for u in district.chua_bao_cao] == ["Sỹ Bình"]
    assert any(item.startswith("Xã Quân Hà: ") for item in district.chi_dao)

    assert main(["validate", str(out)]) == 0
    docx = tmp_path / "bach-thong.docx"
    assert main(["render", str(out), "-o", str(docx)]) == 0
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.read_bytes())).paragraphs)
    assert "Sỹ Bình" in text and "10.000.000" in text
