"""y_kien_don_vi: every narrative item of each unit, for an appendix of an aggregate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import binhdanggioi as bdg
from binhdanggioi.aggregation import aggregate
from binhdanggioi.context import template_context, y_kien_don_vi
from binhdanggioi.drafting import draft
from binhdanggioi.ke_hoach_io import load_plan, plan_example_path
from binhdanggioi.model import BaoCao, DanhGia, DonVi, HoatDong, SoNguoi
from binhdanggioi.templating import compile_template, jinja_environment, render_template

GUIDE = Path(__file__).parent.parent / "docs" / "huong-dan-mau.md"
DISTRICT = DonVi("Bạch Thông", "huyen", "huyện")


def _commune(i: int) -> BaoCao:
    """A commune whose every section says something of its own (nothing merges)."""
    return BaoCao(
        2023,
        DonVi(f"Số {i}", "xa", "xã"),
        chi_dao=(f"Ban hành kế hoạch số {i}/KH-UBND.",),
        ket_qua=(f"Tổ chức {i} buổi nói chuyện ở thôn {i}.", f"Treo {i} băng rôn."),
        danh_gia=DanhGia(
            thuan_loi=(f"Thuận lợi riêng thứ {i}.",),
            kho_khan=(f"Khó khăn riêng số {i} về đường sá thôn {i}.",),
            nguyen_nhan=(f"Nguyên nhân {i}.",),
        ),
        kien_nghi=(f"Kiến nghị {i} hỗ trợ thêm.",),
    )


UNITS = [_commune(i) for i in (7, 3, 15, 1, 22, 9, 11, 4, 18, 2, 13, 5, 30, 6)]


def _items(unit: BaoCao) -> list[str]:
    d = unit.danh_gia
    return [
        *unit.chi_dao,
        *unit.ket_qua,
        *d.thuan_loi,
        *d.kho_khan,
        *d.nguyen_nhan,
        *unit.kien_nghi,
    ]


def test_empty_without_units() -> None:
    ctx = template_context(bdg.load(bdg.example_path()))
    assert ctx["y_kien_don_vi"] == []


def test_every_unit_and_every_item_in_the_units_order() -> None:
    district = aggregate(UNITS, don_vi=DISTRICT, draft=False)
    # The merge keeps a bounded number per section: the appendix is where the rest is.
    assert any(y.startswith("Và 2 ý kiến khác") for y in district.danh_gia.kho_khan)
    listed = template_context(district, don_vi_con=UNITS)["y_kien_don_vi"]
    assert [u["ten"] for u in listed] == [u.don_vi.nhan for u in UNITS]
    for unit, entry in zip(UNITS, listed, strict=True):
        assert [y for m in entry["muc"] for y in m["y_kien"]] == _items(unit)
        assert entry["so_y_kien"] == len(_items(unit)) == 7
        assert entry["don_vi"]["ten_day_du"] == unit.don_vi.ten_day_du
    assert [(m["so_muc"], m["tieu_de"]) for m in listed[0]["muc"]] == [
        ("I.1", "Công tác lãnh đạo, ban hành kế hoạch triển khai"),
        ("I.2", "Nội dung hoạt động đã triển khai"),
        ("II.1", "Thuận lợi"),
        ("II.2", "Những khó khăn, tồn tại"),
        ("II.3", "Nguyên nhân"),
        ("II.4", "Kiến nghị, đề xuất"),
    ]


def test_sections_a_unit_left_empty_are_not_listed() -> None:
    quiet = BaoCao(2023, DonVi("Yên", "xa", "xã"), kien_nghi=("Cần thêm kinh phí.",))
    empty = BaoCao(2023, DonVi("Lặng", "xa", "xã"))
    listed = y_kien_don_vi([quiet, empty])
    assert [(m["khoa"], m["y_kien"]) for m in listed[0]["muc"]] == [
        ("kien_nghi", ["Cần thêm kinh phí."])
    ]
    assert (listed[1]["ten"], listed[1]["muc"], listed[1]["so_y_kien"]) == ("Xã Lặng", [], 0)


def test_drafted_sentences_are_left_out_a_persons_kept() -> None:
    unit = BaoCao(
        2023,
        DonVi("A", "xa", "xã"),
        ket_qua=("Tổ chức mít tinh ở thôn Nà Pài.",),
        hoat_dong=(HoatDong("Mít tinh", 2, SoNguoi(10, 20, 30)),),
    )
    drafted = draft(unit)
    assert len(drafted.ket_qua) > 1
    [entry] = y_kien_don_vi([drafted])
    assert entry["muc"][0]["y_kien"] == ["Tổ chức mít tinh ở thôn Nà Pài."]


def test_refuses_what_is_not_a_report() -> None:
    with pytest.raises(TypeError, match=r"don_vi_con\[1\] cần một BaoCao"):
        template_context(UNITS[0], don_vi_con=[UNITS[1], "xa.yaml"])  # type: ignore[list-item]


def _guide_snippet() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    found = re.search(r"```jinja\n(\{% if y_kien_don_vi %\}.*?)```", text, re.S)
    assert found is not None, "the appendix snippet is in docs/huong-dan-mau.md"
    return found.group(1)


def test_the_guides_snippet_renders_in_the_sandbox() -> None:
    units = UNITS[:2]
    district = aggregate(units, don_vi=DISTRICT, draft=False)
    env = jinja_environment()
    template = compile_template(env, _guide_snippet(), "phu-luc.md")
    out = render_template(template, template_context(district, don_vi_con=units))
    lines = out.splitlines()
    assert lines[:3] == [
        "Phụ lục: ý kiến của từng đơn vị",
        "Xã Số 7 (7 ý kiến)",
        "  I.1. Công tác lãnh đạo, ban hành kế hoạch triển khai",
    ]
    assert "    - Khó khăn riêng số 3 về đường sá thôn 3." in lines
    assert sum(line.startswith("    - ") for line in lines) == 14
    assert render_template(template, template_context(district)) == ""


def test_render_passes_the_units_to_a_template(tmp_path: Path) -> None:
    units = UNITS[:3]
    district = aggregate(units, don_vi=DISTRICT, draft=False)
    template = tmp_path / "phu-luc.md.j2"
    template.write_text(_guide_snippet(), encoding="utf-8")
    out = bdg.render(district, "markdown", template=template, don_vi_con=units).decode()
    assert "Xã Số 15 (7 ý kiến)" in out
    assert bdg.render(district, "markdown", template=template).decode().strip() == ""


@pytest.mark.parametrize("fmt", ["markdown", "html", "docx"])
def test_built_in_templates_unchanged_by_the_units(fmt: str) -> None:
    units = UNITS[:3]
    district = aggregate(units, don_vi=DISTRICT, draft=False)
    plain = bdg.render(district, fmt)
    with_units = bdg.render(district, fmt, don_vi_con=units)
    if fmt == "docx":  # a zip: compare the document's text, not its timestamps
        import io

        from docx import Document

        def text(data: bytes) -> list[str]:
            return [p.text for p in Document(io.BytesIO(data)).paragraphs]

        assert text(with_units) == text(plain)
    else:
        assert with_units == plain


def test_units_with_a_plan(tmp_path: Path) -> None:
    plan = load_plan(plan_example_path())
    with pytest.raises(TypeError, match="don_vi_con"):
        bdg.render(plan, "markdown", don_vi_con=UNITS[:1])
    template = tmp_path / "phu-luc.md.j2"
    template.write_text("{{ doi_chieu is not none }}\n" + _guide_snippet(), encoding="utf-8")
    report = bdg.load(bdg.example_path())
    out = bdg.render(report, "markdown", template=template, ke_hoach=plan, don_vi_con=UNITS[:1])
    assert out.decode().splitlines()[:3] == [
        "True",
        "Phụ lục: ý kiến của từng đơn vị",
        "Xã Số 7 (7 ý kiến)",
    ]
