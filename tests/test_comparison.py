"""compare(), comparison_sentences() and render(..., nam_truoc=...)."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import binhdanggioi as bdg
from binhdanggioi import (
    BaoCao,
    BienDong,
    DataError,
    DonVi,
    HoatDong,
    KinhPhi,
    SanPham,
    SoNguoi,
    compare,
    comparison_sentences,
)
from binhdanggioi.context import template_context

UNIT = DonVi("Bắc Kạn", "huyen", loai="thành phố", ma="058")


def report(year: int, **kw: object) -> BaoCao:
    return BaoCao(year, UNIT, **kw)  # type: ignore[arg-type]


Y2023 = report(
    2023,
    hoat_dong=(
        HoatDong("Lễ phát động", so_luong=1, nguoi=SoNguoi(100, 100), cap="tinh"),
        HoatDong("Tập huấn", so_luong=2, nguoi=SoNguoi(20, 25), cap="huyen"),
        HoatDong("Đối thoại", so_luong=2, nguoi=SoNguoi(30, 45), cap="xa"),
    ),
    san_pham=(SanPham("Băng rôn", so_luong=9, cap="huyen"),),
    kinh_phi=KinhPhi(25_000_000, 0),
)
Y2024 = report(
    2024,
    hoat_dong=(
        # renamed: both names are aliases of the same indicator (le-phat-dong)
        HoatDong("Mít tinh, diễu hành", so_luong=2, nguoi=SoNguoi(90, 90), cap="tinh"),
        HoatDong("Tập huấn", so_luong=5, nguoi=SoNguoi(60, 70), cap="huyen"),
        HoatDong("Gặp mặt", so_luong=1, nguoi=SoNguoi(10, 20), cap="huyen"),
    ),
    san_pham=(SanPham("Băng rôn, khẩu hiệu", so_luong=12, cap="huyen"),),
    kinh_phi=KinhPhi(30_000_000, 5_000_000),
)


def test_a_2024_report_against_2023_names_the_year_with_correct_changes() -> None:
    ss = compare(Y2024, Y2023)
    assert (ss.nam, ss.nam_truoc) == (2024, 2023)
    table = ss.bang_so_sanh("hoat_dong")
    assert (table.so_luong.nam_truoc, table.so_luong.nam_nay) == (5, 8)
    assert (table.so_luong.xu_huong, table.so_luong.chenh_lech) == ("tăng", 3)
    assert (table.nguoi.nam_truoc, table.nguoi.nam_nay) == (320, 340)
    sentences = comparison_sentences(ss)
    assert sentences["hoat_dong"] == (
        "So với năm 2023, số cuộc hoạt động tăng 3 (từ 05 lên 08), "
        "số người tham gia tăng 6,3 % (từ 320 lên 340)."
    )
    assert sentences["san_pham"] == (
        "So với năm 2023, số sản phẩm truyền thông tăng 3 (từ 09 lên 12)."
    )
    assert "truyen_thong" not in sentences  # nothing in either year: nothing to say
    budget = comparison_sentences(ss, kinh_phi=True)["kinh_phi"]
    assert budget == (
        "So với năm 2023, tổng kinh phí tăng 40,0 % (từ 25.000.000đ lên 35.000.000đ)."
    )


def test_rows_are_matched_by_indicator_through_the_catalogue_and_level() -> None:
    rows = {(r.chi_tieu, r.cap): r for r in compare(Y2024, Y2023).bang_so_sanh("hoat_dong").dong}
    launch = rows[("le-phat-dong", (bdg.Cap.TINH,))]
    assert launch.ten == "Mít tinh, diễu hành"
    assert (launch.so_luong.chenh_lech, launch.nguoi.chenh_lech) == (1, -20)
    assert launch.nguoi.phan_tram == pytest.approx(-10.0)
    assert (launch.dong_nam_nay, launch.dong_nam_truoc) == ((0,), (0,))
    banners = compare(Y2024, Y2023).bang_so_sanh("san_pham").dong
    assert [(b.chi_tieu, b.so_luong.chenh_lech) for b in banners] == [("bang-ron-khau-hieu", 3)]


def test_a_missing_side_says_so_instead_of_inventing_zero() -> None:
    rows = {r.chi_tieu: r for r in compare(Y2024, Y2023).bang_so_sanh("hoat_dong").dong}
    new = rows["gap-mat-bieu-duong"]  # only in 2024
    assert new.so_luong == BienDong(None, 1)
    assert (new.so_luong.xu_huong, new.so_luong.chenh_lech, new.so_luong.ly_do) == (
        "không so sánh được",
        None,
        "thieu-nam-truoc",
    )
    gone = rows["doi-thoai"]  # only in 2023
    assert gone.chi_nam_truoc and gone.nguoi.nam_nay is None
    ctx = template_context(Y2024, nam_truoc=Y2023)
    table = ctx["hoat_dong"]
    cells = [r["so_sanh"]["nam_truoc_dong"] for r in table["dong"]]
    assert cells == [["01", "200 người"], ["02", "45 người"], ["Chưa có số liệu"]]
    assert table["dong"][2]["so_sanh"]["thay_doi_dong"] == ["không so sánh được"]
    assert table["so_sanh"]["chi_nam_truoc_viet"] == "Đối thoại (Xã phường): 02, 75 người"


def test_a_table_missing_this_year_is_not_compared_with_zero() -> None:
    ss = compare(attrs.evolve(Y2024, san_pham=()), Y2023)
    sentence = comparison_sentences(ss)["san_pham"]
    assert sentence == (
        "So với năm 2023, số sản phẩm truyền thông không so sánh được (năm 2024 chưa có số liệu)."
    )
    assert "0" not in sentence.replace("2023", "").replace("2024", "")


def test_incomplete_figures_cannot_be_compared() -> None:
    partial = attrs.evolve(
        Y2024,
        hoat_dong=(HoatDong("Tập huấn", so_luong=5, nguoi=SoNguoi(nu=70), cap="huyen"),),
        kinh_phi=KinhPhi(30_000_000, chua_day_du=True),
    )
    ss = compare(partial, Y2023)
    row = next(r for r in ss.bang_so_sanh("hoat_dong").dong if r.chi_tieu == "tap-huan")
    assert row.so_luong.xu_huong == "tăng"
    assert row.nguoi.xu_huong == "không so sánh được"
    assert row.nguoi.ly_do == "chua-du-nam-nay"
    sentences = comparison_sentences(ss, kinh_phi=True)
    assert (
        "số người tham gia không so sánh được (số liệu năm 2024 chưa đầy đủ)"
        in (sentences["hoat_dong"])
    )
    assert "không so sánh được (số liệu năm 2024 chưa đầy đủ)" in sentences["kinh_phi"]


def test_a_budget_line_given_in_one_year_only_makes_the_total_incomparable() -> None:
    ss = compare(Y2024, attrs.evolve(Y2023, kinh_phi=KinhPhi(25_000_000)))
    assert ss.kinh_phi.ngan_sach_nha_nuoc.chenh_lech == 5_000_000
    assert ss.kinh_phi.van_dong.ly_do == "thieu-nam-truoc"
    assert ss.kinh_phi.tong.xu_huong == "không so sánh được"


def test_unchanged_and_from_zero() -> None:
    assert BienDong(5, 5).xu_huong == "không đổi"
    zero = BienDong(0, 7)
    assert (zero.xu_huong, zero.chenh_lech, zero.phan_tram) == ("tăng", 7, None)


def test_different_units_or_years_are_refused() -> None:
    other = attrs.evolve(Y2023, don_vi=DonVi("Chợ Mới", "huyen", ma="066"))
    with pytest.raises(DataError, match="chỉ so sánh hai báo cáo của cùng một đơn vị"):
        compare(Y2024, other)
    with pytest.raises(DataError, match="không trước năm 2023"):
        compare(Y2023, Y2024)
    with pytest.raises(TypeError):
        compare(Y2024, "2023.yaml")  # type: ignore[arg-type]


def test_a_unit_is_the_same_by_code_or_by_level_and_name() -> None:
    renamed = attrs.evolve(Y2023, don_vi=DonVi("TP Bắc Kạn", "huyen", ma="058"))
    assert compare(Y2024, renamed).nam_truoc == 2023
    # Case, spacing and the kind typed in the name do not matter; accents do
    # (Văn Lang and Văn Lăng are two communes): see docs/aggregation.md.
    no_code = attrs.evolve(Y2023, don_vi=DonVi("thành phố  BẮC KẠN", "huyen"))
    assert compare(Y2024, no_code).nam_truoc == 2023


def test_warnings_for_unlike_comparisons() -> None:
    ss = compare(Y2024, attrs.evolve(Y2023, nam=2021))
    assert any("không phải năm liền trước" in w for w in ss.canh_bao)


def test_the_sentence_template_can_be_replaced(tmp_path: Path) -> None:
    mine = tmp_path / "cau.txt.j2"
    mine.write_text(
        "{% if muc != 'kinh_phi' %}Năm {{ nam }}: {{ bang.so_luong.nam_nay_viet }} "
        "(năm {{ nam_truoc }}: {{ bang.so_luong.nam_truoc_viet }}){% endif %}",
        encoding="utf-8",
    )
    sentences = comparison_sentences(compare(Y2024, Y2023), template=mine)
    assert sentences["hoat_dong"] == "Năm 2024: 08 (năm 2023: 05)"


def test_the_sentence_template_is_sandboxed(tmp_path: Path) -> None:
    evil = tmp_path / "cau.txt.j2"
    evil.write_text("{{ nam.__class__.__mro__ }}", encoding="utf-8")
    with pytest.raises(bdg.TemplateSecurityError):
        comparison_sentences(compare(Y2024, Y2023), template=evil)


# --------------------------------------------------------------------------- rendering


@pytest.mark.parametrize("fmt", ["markdown", "html", "docx"])
def test_render_without_a_comparison_is_unchanged(fmt: str) -> None:
    bc = bdg.load(bdg.example_path())
    assert bdg.render(bc, fmt) == bdg.render(bc, fmt, nam_truoc=None)


def _earlier_example() -> tuple[BaoCao, BaoCao]:
    bc = bdg.load(bdg.example_path())
    rows = (attrs.evolve(bc.hoat_dong[0], nguoi=SoNguoi(80, 95)),)
    return bc, attrs.evolve(bc, nam=2022, hoat_dong=rows, kinh_phi=KinhPhi(25_000_000, 0))


def test_render_markdown_with_a_comparison() -> None:
    bc, before = _earlier_example()
    plain = bdg.render(bc, "markdown").decode()
    text = bdg.render(bc, "markdown", nam_truoc=before).decode()
    assert "Năm 2022" not in plain and "So với năm" not in plain
    assert "| Cấp triển khai | Năm 2022 | Tăng, giảm |" in text
    assert "| Tỉnh | 01; 175 người | không đổi; tăng 14,3\u00a0% |" in text
    assert "So với năm 2022, số cuộc hoạt động tăng 1 (từ 01 lên 02)" in text
    assert "So với năm 2022, tổng kinh phí tăng 20,0 %" in text


def test_render_html_and_docx_with_a_comparison() -> None:
    import io

    import docx

    bc, before = _earlier_example()
    html = bdg.render(bc, "html", nam_truoc=before).decode()
    assert '<th rowspan="2" class="cot-so-sanh">Năm 2022</th>' in html
    assert "So với năm 2022, số cuộc hoạt động tăng 1" in html
    document = docx.Document(io.BytesIO(bdg.render(bc, "docx", nam_truoc=before)))
    data = document.tables[1]
    assert len(data.columns) == 8
    assert "Năm 2022" in [c.text for c in data.rows[0].cells]
    body = "\n".join(p.text for p in document.paragraphs)
    assert "So với năm 2022, số cuộc hoạt động tăng 1 (từ 01 lên 02)" in body


def test_render_refuses_a_report_of_another_unit_and_the_xlsx_renderer() -> None:
    bc, before = _earlier_example()
    with pytest.raises(DataError):
        bdg.render(bc, "markdown", nam_truoc=attrs.evolve(before, don_vi=DonVi("X", "xa")))
    with pytest.raises(bdg.RendererError, match="không in được so sánh"):
        bdg.render(bc, "xlsx", nam_truoc=before)


def test_render_many_matches_earlier_reports_by_unit(tmp_path: Path) -> None:
    bc, before = _earlier_example()
    other = attrs.evolve(bc, don_vi=DonVi("Chợ Mới", "huyen"))
    written = bdg.render_many([bc, other], "markdown", out_dir=tmp_path, nam_truoc=[before])
    first, second = (p.read_text(encoding="utf-8") for p in written)
    assert "So với năm 2022" in first
    assert "So với năm" not in second
