"""The indicator catalogue: shipped data, name matching, user catalogues."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from binhdanggioi.catalogue import (
    Catalogue,
    ChiTieu,
    catalogue_for,
    load_catalogue,
    name_key,
)
from binhdanggioi.errors import DataError
from binhdanggioi.formats import example_path, load

EXAMPLE_CODES = {
    "le-phat-dong",
    "tham-hoi-tang-qua",
    "phat-thanh-truyen-hinh",
    "hoi-nghi-hoi-thao",
    "truyen-thong-truong-hoc",
    "truyen-thong-truc-tiep",
    "bang-ron-khau-hieu",
}


@pytest.mark.parametrize("nam", [2016, 2020, 2023, 2024, 2025, 2030])
def test_a_catalogue_ships_for_every_year(nam: int) -> None:
    cat = catalogue_for(nam)
    assert cat.nam <= nam
    assert cat.phien_ban
    assert {e.ma for e in cat.entries} >= EXAMPLE_CODES


def test_years_before_the_first_month_get_the_first_version() -> None:
    assert catalogue_for(2010) == catalogue_for(2016)


def test_every_table_has_entries_and_units_of_count() -> None:
    cat = catalogue_for(2023)
    for bang in ("hoat_dong", "truyen_thong", "san_pham"):
        entries = cat.for_table(bang)
        assert entries
        assert all(e.bang == bang and e.don_vi_tinh for e in entries)
    assert sum(len(cat.for_table(b)) for b in ("hoat_dong", "truyen_thong", "san_pham")) == len(
        cat.entries
    )
    with pytest.raises(KeyError, match="không có bảng"):
        cat.for_table("kinh_phi")


def test_every_name_of_the_domain_list_is_in_the_catalogue() -> None:
    cat = catalogue_for(2023)
    names = [
        "Lễ phát động",
        "Mít tinh",
        "Diễu hành",
        "Hội nghị",
        "Hội thảo",
        "Tọa đàm",
        "Diễn đàn",
        "Đối thoại",
        "Tập huấn",
        "Hội thi",
        "Văn nghệ",
        "Thể thao",
        "Gặp mặt",
        "Biểu dương",
        "Khen thưởng",
        "Thăm hỏi",
        "Tặng quà",
        "Kiểm tra",
        "Giám sát",
        "Phát thanh, truyền hình",
        "Loa truyền thanh",
        "Trang thông tin điện tử",
        "Mạng xã hội",
        "Zalo",
        "Truyền thông trực tiếp",
        "Truyền thông trong trường học",
        "Băng rôn",
        "Khẩu hiệu",
        "Pa nô, áp phích",
        "Tờ rơi",
        "Tờ gấp",
        "Cờ phướn",
        "Chiếu sáng màu cam",
    ]
    missing = [n for n in names if cat.match(n) is None]
    assert missing == []


def test_the_seed_rows_match_the_codes_of_the_example() -> None:
    cat = catalogue_for(2023)
    report = load(example_path())
    for table, _i, row in report.dong():
        entry = cat.match(row.ten, table)
        assert entry is not None, row.ten
        assert entry.ma == row.chi_tieu
        assert entry.bang == table


@pytest.mark.parametrize(
    "written",
    [
        "Hưởng ứng Lễ phát động",
        "hưởng ứng lễ phát động",
        "HƯỞNG ỨNG LỄ PHÁT ĐỘNG",
        "  Hưởng   ứng\tLễ phát động. ",
        unicodedata.normalize("NFD", "Hưởng ứng Lễ phát động"),
        "Hưởng ứng - Lễ phát động!",
        "huong ung le phat dong",
    ],
)
def test_matching_ignores_case_accent_form_punctuation_and_spacing(written: str) -> None:
    entry = catalogue_for(2023).match(written, "hoat_dong")
    assert entry is not None
    assert entry.ma == "le-phat-dong"


def test_old_style_tone_marks_match() -> None:
    entry = catalogue_for(2023).match("Toạ đàm")
    assert entry is not None
    assert entry.ma == "hoi-nghi-hoi-thao"


def test_matching_within_a_table_and_unknown_names() -> None:
    cat = catalogue_for(2023)
    assert cat.match("Băng rôn, khẩu hiệu", "hoat_dong") is None
    entry = cat.match("Băng rôn, khẩu hiệu", "san_pham")
    assert entry is not None
    assert entry.ma == "bang-ron-khau-hieu"
    assert cat.match("Một hoạt động không có trong danh mục") is None
    assert cat.match("") is None


def test_get_by_code() -> None:
    cat = catalogue_for(2023)
    entry = cat.get(" LE-PHAT-DONG ")
    assert entry is not None
    assert entry.ten.startswith("Lễ phát động")
    assert cat.get("khong-co") is None
    assert cat.position("le-phat-dong") == 0
    assert cat.position("khong-co") == len(cat.entries)


def test_names_are_unique_across_the_catalogue() -> None:
    cat = catalogue_for(2023)
    seen: dict[str, str] = {}
    for entry in cat.entries:
        for name in entry.ten_goi:
            key = name_key(name)
            assert seen.setdefault(key, entry.ma) == entry.ma, name


@given(st.sampled_from(catalogue_for(2023).entries), st.data())
def test_every_name_of_an_entry_matches_it_in_any_form(entry: ChiTieu, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(entry.ten_goi))
    form = data.draw(st.sampled_from(["NFC", "NFD"]))
    case = data.draw(st.sampled_from([str.upper, str.lower, str.title]))
    written = unicodedata.normalize(form, case(name))
    assert catalogue_for(2023).match(written, entry.bang) == entry
    assert catalogue_for(2023).match(written) == entry


def test_entries_are_checked() -> None:
    with pytest.raises(ValueError, match="mã chỉ tiêu 'Lễ' không đúng dạng"):
        ChiTieu("Lễ", "Lễ", "hoat_dong")
    with pytest.raises(ValueError, match="bảng 'bang_la' không có"):
        ChiTieu("le", "Lễ", "bang_la")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ten không được để trống"):
        ChiTieu("le", " ", "hoat_dong")
    a = ChiTieu("a", "Tập huấn", "hoat_dong")
    b = ChiTieu("b", "Lớp", "hoat_dong", ("tập  huấn",))
    with pytest.raises(ValueError, match="trùng với một tên của chỉ tiêu 'a'"):
        Catalogue(2026, "x", (a, b))
    with pytest.raises(ValueError, match="mã chỉ tiêu 'a' có hai lần"):
        Catalogue(2026, "x", (a, a))


USER_CATALOGUE = """
nam = 2026
phien_ban = "2026.1"

[[chi_tieu]]
ma = "le-phat-dong"
ten = "Lễ phát động"
bang = "hoat_dong"
don_vi_tinh = "cuộc"
bi_danh = ["Mít tinh"]

[[chi_tieu]]
ma = "an-toan-so"
ten = "Truyền thông an toàn trên không gian mạng"
bang = "truyen_thong"
"""


def test_a_user_catalogue_is_a_data_change(tmp_path: Path) -> None:
    path = tmp_path / "2026.toml"
    path.write_text(USER_CATALOGUE, encoding="utf-8")
    cat = load_catalogue(path)
    assert (cat.nam, cat.phien_ban, len(cat.entries)) == (2026, "2026.1", 2)
    entry = cat.match("an toàn trên không gian mạng")
    assert entry is None  # only whole names match
    entry = cat.match("Truyền thông an toàn trên không gian mạng")
    assert entry is not None
    assert entry.don_vi_tinh == "lượt"


def test_a_bad_user_catalogue_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "sai.toml"
    path.write_text(
        """
nam = "2026"
[[chi_tieu]]
ma = "Lễ phát động"
ten = "Lễ phát động"
bang = "hoat_dong"
[[chi_tieu]]
ten = "Thiếu mã"
bang = "bang_la"
mau = 1
""",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as info:
        load_catalogue(path)
    lines = info.value.lines
    assert any("nam: cần năm đầu tiên" in line for line in lines)
    assert any("phien_ban: cần tên phiên bản" in line for line in lines)
    assert any("chi_tieu[0]: mã chỉ tiêu 'Lễ phát động' không đúng dạng" in line for line in lines)
    assert any("chi_tieu[1]: khóa không có trong mẫu: mau" in line for line in lines)
    assert all(line.startswith(str(path)) for line in lines)


def test_unreadable_catalogues(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="không tìm thấy tệp"):
        load_catalogue(tmp_path / "khong-co.toml")
    bad = tmp_path / "hong.toml"
    bad.write_text("nam = ", encoding="utf-8")
    with pytest.raises(DataError, match="TOML không hợp lệ"):
        load_catalogue(bad)
