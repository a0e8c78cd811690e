"""template_context() and jinja_environment(): the one mapping every template gets."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest

import binhdanggioi as bdg
from binhdanggioi import _years
from binhdanggioi.context import CONTEXT_KEYS, caps_label, template_context
from binhdanggioi.errors import TemplateError
from binhdanggioi.model import (
    BaoCao,
    Cap,
    DonVi,
    HoatDong,
    KeHoach,
    KinhPhi,
    NgayThang,
    NoiNhan,
    SanPham,
    SoNguoi,
    VanBan,
)
from binhdanggioi.templating import (
    FILTERS,
    compile_template,
    escape_markdown,
    jinja_environment,
    render_template,
)

SEED_OPENING = (
    "Thực hiện Kế hoạch số 695/KH-LĐT BXH, ngày 16/10/2023 của Ủy ban nhân dân tỉnh Bắc Kạn "
    "triển khai Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở "
    "giới năm 2023. Ủy ban nhân dân thành phố báo cáo kết quả triển khai thực hiện như sau:"
)


@pytest.fixture(scope="module")
def ctx() -> dict[str, Any]:
    return template_context(bdg.load(bdg.example_path()))


def _rows(ctx: dict[str, Any], table: str, *keys: str) -> list[tuple[Any, ...]]:
    return [tuple(r[k] for k in keys) for r in ctx[table]["dong"]]


def test_top_level_keys_are_documented(ctx: dict[str, Any]) -> None:
    assert list(ctx) == list(CONTEXT_KEYS)


def test_context_is_plain_data(ctx: dict[str, Any]) -> None:
    def check(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                assert isinstance(k, str)
                check(v, f"{path}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                check(v, f"{path}[{i}]")
        else:
            plain = (str, int, float, bool, type(None), date, NgayThang)
            assert isinstance(value, plain), f"{path}: {type(value).__name__}"

    check(ctx, "ctx")


def test_header(ctx: dict[str, Any]) -> None:
    vb = ctx["van_ban"]
    assert vb["co_quan_dong"] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ BẮC KẠN"]
    assert vb["so_ky_hieu"] == "Số:      /UBND - LĐT BXH"
    assert vb["dia_danh_ngay"] == "TP. Bắc Kạn, ngày    tháng 12 năm 2023"
    assert vb["trich_yeu"] == (
        "Kết quả thực hiện Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực "
        "trên cơ sở giới năm 2023"
    )


def test_opening_from_the_plan_and_loi_dan(ctx: dict[str, Any]) -> None:
    assert ctx["mo_dau"] == SEED_OPENING
    (plan,) = ctx["ke_hoach"]
    assert plan["ngay_viet"] == "16/10/2023" and plan["so_hieu"] == "695/KH-LĐT BXH"


def test_budget_lines(ctx: dict[str, Any]) -> None:
    assert [d["viet"] for d in ctx["kinh_phi"]["dong"]] == [
        "a) Ngân sách nhà nước: 30.000.000đ (Ba mươi triệu đồng)",
        "b) Ngân sách vận động: Không",
    ]
    assert ctx["kinh_phi"]["dong"][1]["bang_chu"] is None


def test_tables_as_the_seed_prints_them(ctx: dict[str, Any]) -> None:
    assert [(b["so_muc"], b["cot_nguoi"]) for b in ctx["bang"]] == [
        (1, "Số người tham gia"),
        (2, "Số người tiếp cận"),
        (3, "Số người tiếp cận"),
    ]
    keys = ("stt", "so_luong_viet", "nam_viet", "nu_viet", "cap_viet")
    assert _rows(ctx, "hoat_dong", *keys) == [
        ("1", "01", "100", "100", "Tỉnh"),
        ("2", "01", "0", "10", "Tỉnh"),
    ]
    assert _rows(ctx, "truyen_thong", "stt", "so_luong_viet", "tong_viet", "chi_tong") == [
        ("1", "06", "", False),
        ("2", "01", "100", False),
        ("3", "21", "10.450", True),
        ("4", "01", "130", True),
    ]
    assert _rows(ctx, "san_pham", "stt", "nhom_dau", "so_dong_nhom", "cap_viet") == [
        ("1", True, 2, "Thành phố, xã phường"),
        ("", False, 0, "Các trường học"),
    ]
    assert ctx["tieu_de_so_lieu"] == (
        "Kết quả thực hiện Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó bạo lực "
        "trên cơ sở giới năm 2023."
    )


def test_derived_figures(ctx: dict[str, Any]) -> None:
    t = ctx["hoat_dong"]["tong_hop"]
    assert (t["so_dong"], t["so_luong"], t["nguoi"]["nam"], t["nguoi"]["nu"]) == (2, 2, 100, 110)
    assert t["nguoi"]["ty_le_nu_viet"] == "52,4%"
    whole = ctx["tong_hop"]
    assert whole["so_luong"] == 2 + 29 + 30 and not whole["thieu"] and not ctx["thieu"]
    row = ctx["truyen_thong"]["dong"][1]["nguoi"]
    assert (row["tong_so"], row["ty_le_nu"], row["chua_phan_tach"]) == (100, 0.58, None)


def test_closing_recipients_signature(ctx: dict[str, Any]) -> None:
    assert ctx["ket_luan"].endswith("trên địa bàn thành phố Bắc Kạn")
    assert [g["tieu_de"] for g in ctx["noi_nhan"]["nhom"]] == ["Gửi bản điện tử:", "Gửi bản giấy:"]
    assert ctx["chu_ky"]["quyen_han"] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    assert ctx["nguon"] == [] and not ctx["la_tong_hop"]


def test_defaults_of_an_empty_report() -> None:
    ctx = template_context(BaoCao(2019, DonVi("Ngân Sơn", "huyen", loai="huyện")))
    assert (
        ctx["van_ban"]["trich_yeu"]
        == f"Kết quả thực hiện {_years.action_month_name(2019)} năm 2019"
    )
    assert ctx["chu_de"] == _years.theme(2019)
    assert ctx["van_ban"]["co_quan_dong"] == ["ỦY BAN NHÂN DÂN", "HUYỆN NGÂN SƠN"]
    assert ctx["van_ban"]["so_ky_hieu"] == "Số:      "
    assert ctx["van_ban"]["dia_danh_ngay"] == "Ngân Sơn, ngày    tháng    năm 2019"
    assert ctx["mo_dau"] == "Huyện Ngân Sơn báo cáo kết quả thực hiện như sau:"
    assert ctx["ket_luan"] == (
        f"Trên đây là báo cáo kết quả thực hiện {_years.action_month_name(2019)} năm 2019 "
        "trên địa bàn huyện Ngân Sơn"
    )
    assert "phòng, chống bạo lực" in ctx["tieu_de_so_lieu"]
    assert all(b["rong"] for b in ctx["bang"])
    assert ctx["noi_nhan"]["nhom"] == []
    assert [d["so_tien_viet"] for d in ctx["kinh_phi"]["dong"]] == ["Chưa có số liệu"] * 2


def test_full_date_number_and_plans() -> None:
    report = BaoCao(
        2023,
        DonVi("Bắc Kạn", "tinh"),
        van_ban=VanBan(so="05", ky_hieu="BC-UBND", dia_danh="Bắc Kạn", ngay=NgayThang(2023, 12, 5)),
        ke_hoach=(
            KeHoach("12/KH-UBND", date(2023, 10, 1), "UBND tỉnh"),
            KeHoach("9/CV-SLĐ.", loai="Công văn", trich_yeu="về việc hướng dẫn."),
        ),
        loi_dan="UBND tỉnh báo cáo như sau:",
        ket_luan="Trên đây là báo cáo.",
        kinh_phi=KinhPhi(ngan_sach_nha_nuoc=105_000),
    )
    ctx = template_context(report)
    assert ctx["van_ban"]["so_ky_hieu"] == "Số: 05/BC-UBND"
    assert ctx["van_ban"]["dia_danh_ngay"] == "Bắc Kạn, ngày 05 tháng 12 năm 2023"
    assert ctx["mo_dau"] == (
        "Thực hiện Kế hoạch số 12/KH-UBND, ngày 01/10/2023 của UBND tỉnh; "
        "Công văn số 9/CV-SLĐ. về việc hướng dẫn. UBND tỉnh báo cáo như sau:"
    )
    assert ctx["ket_luan"] == "Trên đây là báo cáo"
    assert ctx["kinh_phi"]["dong"][0]["viet"] == (
        "a) Ngân sách nhà nước: 105.000đ (Một trăm linh năm nghìn đồng)"
    )


@pytest.mark.parametrize(
    ("unit", "caps", "label"),
    [
        (DonVi("Bắc Kạn", "huyen", loai="thành phố"), ["huyen", "xa"], "Thành phố, xã phường"),
        (DonVi("Chợ Mới", "huyen", loai="huyện"), ["huyen"], "Huyện"),
        (DonVi("Chợ Mới", "huyen"), ["huyen"], "Huyện"),
        (DonVi("Bắc Kạn", "tinh"), ["huyen", "truong-hoc"], "Huyện, các trường học"),
        (DonVi("Huyền Tung", "xa", loai="phường"), ["xa"], "Phường"),
        (DonVi("Bắc Kạn", "tinh"), ["tinh"], "Tỉnh"),
        (DonVi("Bắc Kạn", "huyen"), ["trung-uong"], "Trung ương"),
    ],
)
def test_level_labels(unit: DonVi, caps: list[str], label: str) -> None:
    assert caps_label([Cap(c) for c in caps], unit) == label


def test_incomplete_and_unsplit_marks() -> None:
    rows = (
        HoatDong("A", 1, SoNguoi(nu=10), cap="xa"),
        HoatDong("B", 1, SoNguoi(nam=40, nu=50, tong=100), cap="xa"),
        HoatDong("C", 1, SoNguoi(tong=7, chua_day_du=True), cap="xa"),
        HoatDong("D", 1, SoNguoi(nam=1, nu=1), cap="xa"),
    )
    ctx = template_context(BaoCao(2023, DonVi("X", "huyen"), hoat_dong=rows))
    table = ctx["hoat_dong"]
    assert [r["dau"] for r in table["dong"]] == ["(1)", "(2)", "(3)", ""]
    assert [n["noi_dung"] for n in table["ghi_chu"]] == [
        "Chưa có số Nam; số liệu chưa đầy đủ.",
        "Tổng 100 người, trong đó 10 người chưa phân tách theo giới.",
        "Tổng hợp từ số liệu chưa đầy đủ: có đơn vị chưa báo cáo số người.",
    ]
    assert [r["thieu"] for r in table["dong"]] == [True, False, True, False]
    assert table["tong_hop"]["thieu"] and ctx["thieu"]
    assert table["dong"][2]["chi_tong"]


def test_incomplete_counts_and_budget_get_a_note() -> None:
    rows = (
        HoatDong("A", 3, cap="xa", so_luong_chua_du=True),
        HoatDong("B", 2, SoNguoi(tong=7, chua_day_du=True), cap="xa", so_luong_chua_du=True),
        HoatDong("C", 1, SoNguoi(1, 1), cap="xa"),
    )
    report = BaoCao(
        2023,
        DonVi("X", "huyen"),
        hoat_dong=rows,
        kinh_phi=KinhPhi(100, ghi_chu="Xã A: chưa quyết toán", chua_day_du=True),
        nguon=(DonVi("A", "xa"), DonVi("B", "xa")),
    )
    ctx = template_context(report)
    table = ctx["hoat_dong"]
    count_note = "Tổng hợp từ số liệu chưa đầy đủ: có đơn vị chưa báo cáo số lượng."
    assert [r["so_luong_viet"] for r in table["dong"]] == ["03 (1)", "02 (2)", "01"]
    assert [r["dau"] for r in table["dong"]] == ["", "(3)", ""]
    assert [n["noi_dung"] for n in table["ghi_chu"]] == [
        count_note,
        count_note,
        "Tổng hợp từ số liệu chưa đầy đủ: có đơn vị chưa báo cáo số người.",
    ]
    assert [r["thieu"] for r in table["dong"]] == [True, True, False]
    assert table["tong_hop"]["so_luong_thieu"] and table["tong_hop"]["thieu"] and ctx["thieu"]
    budget = ctx["kinh_phi"]
    assert budget["chua_day_du"]
    assert budget["ghi_chu"] == (
        "Kinh phí tổng hợp chưa đầy đủ: có đơn vị chưa báo cáo kinh phí. Xã A: chưa quyết toán"
    )
    for fmt in ("markdown", "html", "docx"):
        out = bdg.render(report, fmt)
        text = _docx_text(out) if fmt == "docx" else out.decode("utf-8")
        assert "chưa báo cáo kinh phí" in text and "chưa báo cáo số lượng" in text, fmt


def _docx_text(data: bytes) -> str:
    import io

    import docx

    doc = docx.Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_example_has_no_incomplete_marks() -> None:
    ctx = template_context(bdg.load(bdg.example_path()))
    assert not ctx["kinh_phi"]["chua_day_du"] and ctx["kinh_phi"]["ghi_chu_thieu"] is None
    for name in ("hoat_dong", "truyen_thong", "san_pham"):
        assert not any(r["so_luong_chua_du"] for r in ctx[name]["dong"])
        assert not ctx[name]["tong_hop"]["so_luong_thieu"]


def test_groups_need_consecutive_equal_names() -> None:
    rows = (
        SanPham("Tờ rơi", 1),
        SanPham(" tờ  RƠI ", 2),
        SanPham("Pa nô", 3),
        SanPham("Tờ rơi", 4),
    )
    ctx = template_context(BaoCao(2023, DonVi("X", "xa"), san_pham=rows))
    assert [r["stt"] for r in ctx["san_pham"]["dong"]] == ["1", "", "2", "3"]


def test_groups_need_the_same_sources_too() -> None:
    """In an aggregate the shared name cell carries "Nguồn: …": a row from other units
    starts its own group, so that no row reads as another unit's."""
    nguon_a: Any = ("Xã A",)
    nguon_b: Any = ("Xã B",)
    rows = (
        SanPham("Băng rôn", 9, cap="xa", nguon=nguon_a),
        SanPham("Băng rôn", 21, cap="truong_hoc", nguon=nguon_b),
        SanPham("Băng rôn", 5, cap="truong_hoc", nguon=nguon_b),
    )
    report = BaoCao(2023, DonVi("X", "huyen"), san_pham=rows, nguon=(DonVi("A", "xa"),))
    table = template_context(report)["san_pham"]["dong"]
    assert [(r["stt"], r["so_dong_nhom"]) for r in table] == [("1", 1), ("2", 2), ("", 0)]
    html = bdg.render(report, "html").decode()
    assert html.count("Nguồn: Xã A") == 1 and html.count("Nguồn: Xã B") == 1
    markdown = bdg.render(report, "markdown").decode()
    assert markdown.count("nguồn: Xã A") == 1 and markdown.count("nguồn: Xã B") == 1
    import io

    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(bdg.render(report, "docx")))
    (table,) = [t for t in document.tables if "Băng rôn" in "".join(c.text for c in t._cells)]
    body = table._tbl.tr_lst[2:]
    names = ["".join(t.text for t in tr.tc_lst[1].iter(qn("w:t"))) for tr in body]
    assert names == ["Băng rônNguồn: Xã A", "Băng rônNguồn: Xã B", ""]
    assert [tr.tc_lst[1].vMerge for tr in body] == ["restart", "restart", "continue"]


def test_text_is_cleaned_for_documents() -> None:
    unit = DonVi("Cao Ba\u0306\u0300ng\x00\x0b", "tinh")  # NFD accents, NUL, vertical tab
    ctx = template_context(BaoCao(2023, unit, noi_nhan=NoiNhan(ban_giay=("a\r\nb",))))
    assert ctx["don_vi"]["ten"] == "Cao Bằng"
    assert ctx["noi_nhan"]["ban_giay"] == ["a\nb"]


def test_aggregated_sources() -> None:
    units = (DonVi("A", "xa", loai="xã"), DonVi("B", "xa", loai="phường"))
    src: Any = ("A", "B")
    report = BaoCao(
        2023,
        DonVi("X", "huyen"),
        hoat_dong=(HoatDong("H", 1, nguon=src),),
        nguon=units,
    )
    ctx = template_context(report)
    assert ctx["la_tong_hop"] and ctx["nguon_viet"] == "xã A, phường B"
    assert ctx["hoat_dong"]["dong"][0]["nguon_viet"] == "A, B"


# --------------------------------------------------------------------------- environment


def _render(source: str, name: str = "t.html", **data: Any) -> str:
    return render_template(compile_template(jinja_environment(), source, name), data)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ 10450|format_number }}", "10.450"),
        ("{{ 6|format_count }}", "06"),
        ("{{ 30000000|money_in_words }}", "Ba mươi triệu đồng"),
        ("{{ 2023|number_to_words }}", "hai nghìn không trăm hai mươi ba"),
        ("{{ 30000000|format_money }}", "30.000.000đ"),
        ("{{ d|format_short_date }}", "16/10/2023"),
        ("{{ d|format_date(place='Bắc Kạn') }}", "Bắc Kạn, ngày 16 tháng 10 năm 2023"),
        ("{{ '2023-12'|format_date }}", "ngày    tháng 12 năm 2023"),
        ("{{ nothing|format_number }}|{{ nothing }}", "|"),
    ],
)
def test_filters(source: str, expected: str) -> None:
    assert _render(source, d=date(2023, 10, 16), nothing=None) == expected


def test_filter_table_is_complete() -> None:
    assert set(FILTERS) == {
        "format_number",
        "format_count",
        "money_in_words",
        "number_to_words",
        "format_date",
        "format_short_date",
        "format_money",
    }
    assert set(FILTERS) <= set(jinja_environment().filters)


def test_autoescape_by_kind() -> None:
    env = jinja_environment()
    assert env.from_string("{{ x }}").render(x="<&>") == "&lt;&amp;&gt;"
    md = compile_template(env, "{{ x }}", "t.md.j2")
    assert render_template(md, {"x": "<&>"}) == "<&>"  # Markdown is not HTML-escaped
    page = compile_template(env, "{{ x }}", "t.html.j2")
    assert render_template(page, {"x": "<&>"}) == "&lt;&amp;&gt;"
    assert escape_markdown("a|b *c*") == r"a\|b \*c\*"


def test_undefined_names_are_errors_naming_the_template() -> None:
    with pytest.raises(TemplateError, match=r"mẫu 'bc\.html', dòng 2: biến 'khong_co'"):
        _render("ok\n{{ khong_co }}", "bc.html")
    with pytest.raises(TemplateError, match=r"không có trường 'tenn'.*'ten'"):
        _render("{{ dv.tenn }}", dv={"ten": "A"})
    with pytest.raises(TemplateError, match="lỗi cú pháp"):
        _render("{% if %}")


def test_context_does_not_depend_on_renderer() -> None:
    report = bdg.load(bdg.example_path())
    assert template_context(report) == template_context(attrs.evolve(report))
