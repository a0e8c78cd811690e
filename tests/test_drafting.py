"""The first draft: sentences from the figures, marked, never over a person's text."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import attrs
import pytest
from docx import Document
from hypothesis import given

import binhdanggioi as bdg
from binhdanggioi.aggregation import aggregate
from binhdanggioi.drafting import draft, generated_items
from binhdanggioi.errors import TemplateSecurityError
from binhdanggioi.formats import dumps, example_path, load, loads
from binhdanggioi.model import BaoCao, DanhGia, DonVi, HoatDong, KinhPhi, SanPham, SoNguoi
from binhdanggioi.vietnamese import format_number, money_in_words, parse_number
from strategies import bao_caos, examples

CITY = DonVi("Bắc Kạn", "huyen", "thành phố")


def _communes() -> list[BaoCao]:
    return [
        BaoCao(
            2023,
            DonVi("Huyền Tung", "xa", "phường"),
            ket_qua=("Phối hợp tổ chức Chiến dịch truyền thông tại tổ Khuổi Pái.",),
            hoat_dong=(HoatDong("Đối thoại", 1, SoNguoi(nu=54), "xa"),),
            truyen_thong=(
                HoatDong(
                    "Chiến dịch truyền thông",
                    1,
                    SoNguoi(tong=130),
                    "huyen",
                    ma="bk-2023-chien-dich-huyen-tung",
                ),
            ),
            san_pham=(SanPham("Băng rôn", 4, cap="xa"),),
            kinh_phi=KinhPhi(5_000_000),
            danh_gia=DanhGia(kho_khan=("Kinh phí cho hoạt động bình đẳng giới còn hạn chế.",)),
        ),
        BaoCao(
            2023,
            DonVi("Dương Quang", "xa", "xã"),
            truyen_thong=(
                HoatDong("Hội nghị tuyên truyền", 1, SoNguoi(40, 60), "xa"),
                HoatDong("Loa truyền thanh", 12, cap="xa"),
            ),
            san_pham=(SanPham("Băng rôn, khẩu hiệu", 3, cap="xa"),),
            kinh_phi=KinhPhi(3_000_000, 1_000_000),
            danh_gia=DanhGia(kho_khan=("Kinh phí cho hoạt động bình đẳng giới còn hạn chế",)),
        ),
        BaoCao(
            2023,
            DonVi("Đức Xuân", "xa", "phường"),
            hoat_dong=(
                HoatDong("Mít tinh", 1, SoNguoi(35, 65), "xa"),
                HoatDong("Đối thoại chính sách", 1, SoNguoi(10, 20), "xa"),
            ),
            truyen_thong=(
                HoatDong("Tuyên truyền trong trường học", 4, SoNguoi(tong=1200), "truong-hoc"),
            ),
            danh_gia=DanhGia(kho_khan=("Kinh phí cho hoạt động bình đẳng giới còn hạn chế.",)),
        ),
    ]


def _district() -> BaoCao:
    return aggregate(
        [load(example_path()), *_communes()],
        don_vi=CITY,
        expected=["phường Huyền Tung", "xã Dương Quang", "phường Đức Xuân", "xã Nông Thượng"],
    )


# --------------------------------------------------------------------------- numbers

_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?")


def _numbers(text: str) -> list[str]:
    return _NUMBER.findall(text)


def _figures(report: BaoCao) -> set[int]:
    """Every figure the tables, the budget and the roster of ``report`` give or add up to."""
    out: set[int] = {report.nam}
    for table in (None, *BaoCao.TABLES):
        t = report.tong_hop(table)
        p = t.nguoi
        out |= {t.so_luong, t.so_dong_thieu}
        out |= {v for v in (p.nam, p.nu, p.tong_so, p.chua_phan_tach) if v is not None}
    for table in BaoCao.TABLES:
        rows = report.bang(table)
        for caps in {r.cap for r in rows}:
            from binhdanggioi.model import TongHop

            part = TongHop.cong(r for r in rows if r.cap == caps)
            out |= {part.so_luong, part.nguoi.tong_so or 0}
        for r in rows:
            out |= {v for v in (r.so_luong, r.nguoi.tong_so) if v is not None}
        out.add(sum(1 for r in rows if r.so_luong is None))
    kp = report.kinh_phi
    out |= {v for v in (kp.ngan_sach_nha_nuoc, kp.van_dong, kp.tong) if v is not None}
    sources = [u for u in report.nguon if u.cap != report.don_vi.cap]
    for cap in {u.cap for u in (*sources, *report.chua_bao_cao)}:
        sent = sum(1 for u in sources if u.cap is cap)
        missing = sum(1 for u in report.chua_bao_cao if u.cap is cap)
        out |= {sent, sent + missing, missing}
    out.add(len(report.chua_bao_cao))
    return out


def _shares(report: BaoCao) -> set[str]:
    shares = set()
    for table in (None, *BaoCao.TABLES):
        ratio = report.tong_hop(table).nguoi.ty_le_nu
        if ratio is not None:
            shares.add(format_number(round(ratio * 100, 1), decimals=1))
    return shares


def _check_numbers(report: BaoCao, text: str) -> None:
    figures, shares = _figures(report), _shares(report)
    for written in _numbers(text):
        if "," in written:
            assert written in shares, (written, text)
        else:
            assert parse_number(written) in figures, (written, text)


def test_a_district_from_four_reports_drafts_sentences_that_agree_with_its_tables() -> None:
    district = _district()
    drafted = generated_items(district)
    assert set(drafted) == {"ket_qua", "kinh_phi.ghi_chu", "danh_gia.kho_khan"}
    items = [text for texts in drafted.values() for text in texts]
    for text in items:
        _check_numbers(district, text)
    t1, t2, t3 = (district.tong_hop(t) for t in BaoCao.TABLES)
    first, second, third = district.ket_qua[1:4]
    assert first.startswith(f"Toàn thành phố đã tổ chức {t1.so_luong:02d} cuộc")
    assert f"ít nhất {format_number(t1.nguoi.tong_so or 0)} lượt người" in first  # 54 women only
    assert f"Nam {t1.nguoi.nam}, Nữ {t1.nguoi.nu}" in first
    assert f"{format_number(t2.nguoi.tong_so or 0)} lượt người" in second
    assert f"{format_number(t2.nguoi.chua_phan_tach or 0)} lượt chưa phân tách" in second
    assert "nữ chiếm 59,0%" in second  # 118 of the 200 split by sex
    assert f"{t3.so_luong} sản phẩm" in third
    assert district.ket_qua[0] == (
        "Số liệu tại Mục III được tổng hợp từ báo cáo của 03/04 xã, phường; chưa báo cáo "
        "(01 đơn vị): xã Nông Thượng."
    )
    note = district.kinh_phi.ghi_chu or ""
    total = district.kinh_phi.tong or 0
    assert "ít nhất 39.000.000 đồng" in note  # Đức Xuân gave no budget
    assert f"({money_in_words(total)})" in note
    # The three communes' shared difficulty is one item naming them.
    assert (
        "Kinh phí cho hoạt động bình đẳng giới còn hạn chế (Phường Đức Xuân, Phường Huyền "
        "Tung, Xã Dương Quang)." in district.danh_gia.kho_khan
    )

    document = Document(io.BytesIO(bdg.render(district, "docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    for item in items:
        assert item in text


def test_drafting_is_idempotent_and_marks_what_it_wrote() -> None:
    own = load(example_path())
    once = draft(own)
    assert draft(once) == once
    assert once.ket_qua[3:] == own.ket_qua  # the person's items, unchanged, after
    assert len(once.tu_dong) == 5
    assert loads(dumps(once, "yaml"), "yaml") == once
    assert loads(dumps(once, "json"), "json") == once
    assert loads(dumps(once, "toml"), "toml") == once


def test_the_marks_go_through_the_excel_form(tmp_path: Path) -> None:
    once = draft(load(example_path()))
    path = tmp_path / "bao-cao.xlsx"
    path.write_bytes(bdg.render(once, "xlsx"))
    assert load(path).tu_dong == once.tu_dong
    assert draft(load(path)) == draft(once)


def test_a_persons_edit_is_never_replaced() -> None:
    once = draft(load(example_path()))
    edited_text = once.ket_qua[0].replace("Toàn thành phố", "Trên địa bàn thành phố")
    edited = attrs.evolve(once, ket_qua=(edited_text, *once.ket_qua[1:]))
    again = draft(edited)
    assert again.ket_qua == edited.ket_qua  # slot taken: no second sentence on III.1
    changed = attrs.evolve(edited, kinh_phi=attrs.evolve(edited.kinh_phi, ngan_sach_nha_nuoc=1))
    redone = draft(changed)
    assert redone.ket_qua[0] == edited_text
    assert "1 đồng (Một đồng)" in (redone.kinh_phi.ghi_chu or "")


def test_a_note_a_person_wrote_is_kept() -> None:
    own = load(example_path())
    noted = attrs.evolve(own, kinh_phi=attrs.evolve(own.kinh_phi, ghi_chu="Lồng ghép."))
    assert draft(noted).kinh_phi.ghi_chu == "Lồng ghép."


def test_re_aggregation_replaces_only_the_drafted_parts() -> None:
    first = aggregate([load(example_path()), *_communes()[:2]], don_vi=CITY)
    mine = "Thành phố đã chỉ đạo các xã, phường báo cáo đúng hạn."
    edited_kho_khan = tuple(
        "Số liệu còn thiếu ở vài đơn vị." if "Số liệu thống kê" in k else k
        for k in first.danh_gia.kho_khan
    )
    edited = attrs.evolve(
        first,
        chi_dao=(*first.chi_dao, mine),
        danh_gia=attrs.evolve(first.danh_gia, kho_khan=edited_kho_khan),
    )
    late = _communes()[2]
    second = aggregate([edited, late], don_vi=CITY)
    assert mine in second.chi_dao
    assert "Số liệu còn thiếu ở vài đơn vị." in second.danh_gia.kho_khan
    assert not any(k.startswith("Số liệu thống kê") for k in second.danh_gia.kho_khan)
    t1 = second.tong_hop("hoat_dong")
    assert second.ket_qua[1].startswith(f"Toàn thành phố đã tổ chức {t1.so_luong:02d} cuộc")
    # The sentences on the tables were written again from the new figures.
    assert second.ket_qua[1] != first.ket_qua[1]
    assert second.ket_qua[1] in generated_items(second)["ket_qua"]
    assert first.ket_qua[1] not in second.ket_qua
    assert second.ket_qua.count(second.ket_qua[1]) == 1


def test_draft_false_and_the_command_line_switch(tmp_path: Path) -> None:
    from binhdanggioi.cli import main

    plain = aggregate(_communes(), don_vi=CITY, draft=False)
    assert plain.tu_dong == ()
    assert draft(plain) == aggregate(_communes(), don_vi=CITY)
    inbox = tmp_path / "xa"
    inbox.mkdir()
    for i, report in enumerate(_communes()):
        bdg.dump(report, inbox / f"{i}.yaml")
    out = tmp_path / "tong-hop.yaml"
    args = ["aggregate", str(inbox), "--ten", "Bắc Kạn", "--cap", "huyen", "-o", str(out)]
    assert main([*args, "--khong-soan"]) == 0
    assert load(out).tu_dong == ()
    assert main(args) == 0
    assert load(out).tu_dong != ()


def test_a_province_may_use_its_own_sentences(tmp_path: Path) -> None:
    (tmp_path / "hoat_dong.txt.j2").write_text(
        "Có {{ bang.so_luong|format_count }} cuộc.\n\nÝ thứ hai.", encoding="utf-8"
    )
    once = draft(load(example_path()), templates=tmp_path)
    assert once.ket_qua[:2] == ("Có 02 cuộc.", "Ý thứ hai.")
    assert once.ket_qua[2].startswith("Công tác truyền thông")  # the shipped one
    (tmp_path / "hoat_dong.txt.j2").write_text("{{ ''.__class__ }}", encoding="utf-8")
    with pytest.raises(TemplateSecurityError):
        draft(load(example_path()), templates=tmp_path)


def test_last_year_adds_one_comparison_sentence_per_table_to_i2() -> None:
    from test_comparison import Y2023, Y2024

    drafted = draft(Y2024, nam_truoc=Y2023)
    assert (
        "So với năm 2023, số cuộc hoạt động tăng 3 (từ 05 lên 08), "
        "số người tham gia tăng 6,3 % (từ 320 lên 340)." in drafted.ket_qua
    )
    assert any(item.startswith("So với năm 2023, tổng kinh phí") for item in drafted.ket_qua)
    assert not any("So với" in item for item in draft(Y2024).ket_qua)


# --------------------------------------------------------------------------- scale


@pytest.mark.slow
def test_a_province_of_3321_communes_reads_in_about_ten_pages() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench_aggregate import make_reports, with_narrative

    reports = with_narrative(make_reports())
    province = DonVi("Tỉnh thử nghiệm", "tinh", "tỉnh", "99")
    drafted = aggregate(reports, don_vi=province, validate=False)
    plain = aggregate(reports, don_vi=province, validate=False, draft=False)
    for table in BaoCao.TABLES:
        assert drafted.bang(table) == plain.bang(table)  # no figure lost
    ctx = bdg.template_context(drafted)
    parts = [*ctx["chi_dao"], *ctx["ket_qua"], *ctx["kien_nghi"], ctx["kinh_phi"]["ghi_chu"] or ""]
    parts += [x for key in ("thuan_loi", "kho_khan", "nguyen_nhan") for x in ctx["danh_gia"][key]]
    assert sum(map(len, parts)) <= 25_000
    assert any("(" in p and " xã)." in p for p in ctx["danh_gia"]["kho_khan"])
    for text in generated_items(drafted)["ket_qua"]:
        _check_numbers(drafted, text)


# --------------------------------------------------------------------------- properties


def _figures_of(report: BaoCao) -> tuple[object, ...]:
    kp = report.kinh_phi
    return (
        report.hoat_dong,
        report.truyen_thong,
        report.san_pham,
        (kp.ngan_sach_nha_nuoc, kp.van_dong, kp.chua_day_du),
        report.nguon,
        report.chua_bao_cao,
        report.don_vi,
        report.nam,
    )


@given(bao_caos())
@examples(60)
def test_drafting_never_changes_a_figure_nor_a_persons_item(report: BaoCao) -> None:
    once = draft(report)
    assert _figures_of(once) == _figures_of(report)
    kept = [i for i in once.ket_qua if i not in generated_items(once).get("ket_qua", ())]
    assert tuple(kept) == report.ket_qua
    assert once.chi_dao == report.chi_dao
    assert draft(once) == once


@pytest.mark.parametrize("name", ["bac-kan-2023.yaml", "truong-tieu-hoc-2025.yaml"])
def test_the_text_check_is_silent_on_what_draft_writes(name: str) -> None:
    report = load(Path(bdg.__file__).parent / "data" / name)
    drafted = draft(attrs.evolve(report, ket_qua=(), chi_dao=(), danh_gia=DanhGia()))
    assert drafted.ket_qua  # something was drafted
    assert [p for p in bdg.validate(drafted) if p.code == "loi-van-lech-bang"] == []
