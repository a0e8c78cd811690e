"""Tests for binhdanggioi.serialization: reading and writing YAML, JSON and TOML.

Every bad input asserts both the Vietnamese message and where it points.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

import binhdanggioi
from binhdanggioi import _files, formats, serialization
from binhdanggioi.errors import BinhDangGioiError, DataError, DataIssue
from binhdanggioi.formats import Format, dump, dumps, load, loads
from binhdanggioi.model import (
    BaoCao,
    Cap,
    DonVi,
    HoatDong,
    KeHoach,
    KinhPhi,
    NgayThang,
    SanPham,
    SoNguoi,
    VanBan,
)
from strategies import bao_caos, examples

BASE = "nam: 2023\ndon_vi: {ten: Bắc Kạn, cap: huyen}\n"
FORMATS: list[Format] = ["yaml", "json", "toml"]


def problems(text: str | bytes, fmt: Format = "yaml") -> list[tuple[str, str]]:
    """(path, message) of every issue ``loads`` reports."""
    with pytest.raises(DataError) as info:
        loads(text, fmt)
    return [(i.path, i.message) for i in info.value.issues]


def problem(text: str | bytes, fmt: Format = "yaml") -> tuple[str, str]:
    found = problems(text, fmt)
    assert len(found) == 1, found
    return found[0]


def row(line: str, table: str = "hoat_dong") -> str:
    return f"{BASE}{table}:\n  - {line}\n"


# --------------------------------------------------------------------------- reading well


def test_minimal_report() -> None:
    r = loads(BASE)
    assert r == BaoCao(2023, DonVi("Bắc Kạn", Cap.HUYEN))


def test_form_labels_are_read_as_level_codes() -> None:
    r = loads(
        "nam: 2023\ndon_vi: {ten: Bắc Kạn, cap: Thành phố}\n"
        "san_pham:\n  - {ten: Băng rôn, so_luong: 9, cap: 'Thành phố, xã phường'}\n"
    )
    assert r.don_vi.cap is Cap.HUYEN
    assert r.san_pham == (SanPham("Băng rôn", 9, cap=(Cap.HUYEN, Cap.XA)),)


@pytest.mark.parametrize(
    ("written", "value"),
    [("'10.450'", 10450), ('"1.234.567"', 1234567), ("'10 450'", 10450), ("10450", 10450)],
)
def test_vietnamese_number_text_is_read_as_a_whole_number(written: str, value: int) -> None:
    r = loads(row(f"{{ten: A, nguoi: {{tong: {written}}}}}", "truyen_thong"))
    assert r.truyen_thong[0].nguoi.tong == value


def test_absent_stays_absent_and_zero_stays_zero() -> None:
    r = loads(row("{ten: A, so_luong: 0, nguoi: {nam: 0}}"))
    assert r.hoat_dong[0].so_luong == 0
    assert r.hoat_dong[0].nguoi == SoNguoi(nam=0)


def test_dates_full_partial_and_vietnamese_order() -> None:
    r = loads(
        BASE + "van_ban: {ngay: 2023-12}\nke_hoach:\n  - {so_hieu: 695/KH, ngay: 16/10/2023}\n"
    )
    assert r.van_ban.ngay == NgayThang(2023, 12)
    assert r.ke_hoach[0].ngay == date(2023, 10, 16)


def test_nfd_input_is_normalised_to_nfc() -> None:
    text = unicodedata.normalize("NFD", BASE + "chi_dao: [Tổ chức Lễ phát động]\n")
    assert text != unicodedata.normalize("NFC", text)
    r = loads(text)
    assert r.don_vi.ten == "Bắc Kạn" and unicodedata.is_normalized("NFC", r.don_vi.ten)
    assert r.chi_dao == ("Tổ chức Lễ phát động",)


def test_nfd_written_as_escapes_is_normalised_too() -> None:
    r = loads('{"nam": 2023, "don_vi": {"ten": "Ba\\u0306\\u0301c", "cap": "xa"}}', "json")
    assert r.don_vi.ten == "Bắc"


def test_bytes_with_a_bom_are_read() -> None:
    assert loads(("\ufeff" + BASE).encode("utf-8")).nam == 2023


# --------------------------------------------------------------------------- keys


def test_unknown_key_is_refused_with_a_suggestion() -> None:
    path, message = problem(BASE + "hoat_dongg: []\n")
    assert path == ""
    assert "khóa không có trong mẫu: 'hoat_dongg' (có phải ý là 'hoat_dong'?)" in message
    assert "các khóa dùng được: nam, don_vi," in message


def test_unknown_nested_key_names_its_place() -> None:
    assert problem(row("{ten: A, nguoi: {nam: 1, nuu: 2}}")) == (
        "hoat_dong[0].nguoi",
        "khóa không có trong mẫu: 'nuu' (có phải ý là 'nu'?); "
        "các khóa dùng được: nam, nu, tong, chua_day_du",
    )


def test_unknown_key_without_a_close_match() -> None:
    path, message = problem(BASE + "xyzzy: 1\n")
    assert path == "" and message.startswith("khóa không có trong mẫu: 'xyzzy'; ")


@pytest.mark.parametrize(
    ("text", "path", "key"),
    [
        ("don_vi: {ten: X, cap: xa}\n", "nam", "nam"),
        ("nam: 2023\n", "don_vi", "don_vi"),
        ("nam: 2023\ndon_vi: {cap: xa}\n", "don_vi.ten", "ten"),
        (BASE + "hoat_dong: [{so_luong: 1}]\n", "hoat_dong[0].ten", "ten"),
        (BASE + "ke_hoach: [{ngay: 2023-10-16}]\n", "ke_hoach[0].so_hieu", "so_hieu"),
    ],
)
def test_missing_required_key(text: str, path: str, key: str) -> None:
    assert problem(text) == (path, f"thiếu trường bắt buộc '{key}'")


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("yaml", row("{ten: A, nguoi: {tong: 10.450}}", "truyen_thong")),
        (
            "json",
            '{"nam": 2023, "don_vi": {"ten": "X", "cap": "xa"}, '
            '"truyen_thong": [{"ten": "A", "nguoi": {"tong": 10.450}}]}',
        ),
        (
            "toml",
            'nam = 2023\ndon_vi = {ten = "X", cap = "xa"}\n'
            '[[truyen_thong]]\nten = "A"\nnguoi = {tong = 10.450}\n',
        ),
    ],
)
def test_decimal_point_count_is_refused_with_how_to_write_it(fmt: Format, text: str) -> None:
    path, message = problem(text, fmt)
    assert path == "truyen_thong[0].nguoi.tong"
    assert message.startswith("số lượng phải là số nguyên")
    assert 'Nếu ý là 10.450, viết 10450 hoặc "10.450" (trong ngoặc kép)' in message


def test_yaml_10_000_is_a_float_and_is_refused() -> None:
    path, message = problem(row("{ten: A, so_luong: 10.000}"))
    assert path == "hoat_dong[0].so_luong"
    assert "nhận 10.000 (số thập phân)" in message
    assert 'viết 10000 hoặc "10.000"' in message


def test_budget_written_with_dots_is_refused_with_the_whole_number() -> None:
    path, message = problem(BASE + "kinh_phi: {ngan_sach_nha_nuoc: 30.000}\n")
    assert path == "kinh_phi.ngan_sach_nha_nuoc"
    assert message.startswith("kinh phí (đồng) phải là số nguyên")
    assert "viết 30000 " in message


def test_badly_grouped_text_number_says_how_to_write_it() -> None:
    path, message = problem(row("{ten: A, so_luong: '10.45'}"))
    assert path == "hoat_dong[0].so_luong"
    assert 'nhóm "45" có 2' in message and 'Viết 10450 hoặc "10.450"' in message


def test_negative_count() -> None:
    assert problem(row("{ten: A, nguoi: {nu: -3}}")) == (
        "hoat_dong[0].nguoi.nu",
        "số lượng không thể âm (-3); ghi 0 nếu không có, bỏ trống nếu chưa báo cáo",
    )


def test_negative_budget_is_read_and_left_to_the_rules() -> None:
    r = loads(BASE + "kinh_phi: {van_dong: -1}\n")
    assert r.kinh_phi == KinhPhi(van_dong=-1)
    assert [p.code for p in binhdanggioi.validate(r)] == ["kinh-phi-am"]


@pytest.mark.parametrize("value", ["true", "false", "yes", "on"])
def test_bool_count(value: str) -> None:
    path, message = problem(row(f"{{ten: A, so_luong: {value}}}"))
    assert path == "hoat_dong[0].so_luong"
    assert message.startswith("số lượng phải là số nguyên, nhận giá trị đúng/sai")


def test_infinite_and_scientific_counts() -> None:
    assert problem(row("{ten: A, so_luong: .inf}")) == (
        "hoat_dong[0].so_luong",
        "số lượng phải là số nguyên, nhận '.inf'",
    )
    path, message = problem(row("{ten: A, so_luong: 1e3}"))
    assert path == "hoat_dong[0].so_luong" and 'không đọc được "1e3"' in message


# --------------------------------------------------------------------------- wrong types


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        (row("{ten: A, so_luong: [1]}"), "hoat_dong[0].so_luong", "nhận một danh sách"),
        (row("{ten: A, so_luong: {a: 1}}"), "hoat_dong[0].so_luong", "nhận một bảng khóa–giá trị"),
        (row("{ten: [A, B]}"), "hoat_dong[0].ten", "cần một đoạn văn bản, nhận một danh sách"),
        (row("{ten: A, cap: 5}"), "hoat_dong[0].cap", "cấp phải là mã hoặc nhãn (văn bản), nhận 5"),
        (row("{ten: A, cap: ấp}"), "hoat_dong[0].cap", "không hiểu cấp 'ấp'"),
        ("nam: 2023\ndon_vi: {ten: X, cap: [xa, huyen]}\n", "don_vi.cap", "chỉ thuộc một cấp"),
        (BASE + "loi_dan: yes\n", "loi_dan", "nếu là chữ (yes, no, on, off...), viết trong ngoặc"),
        (BASE + "loi_dan: 2023-12-01\n", "loi_dan", 'viết trong ngoặc kép: "2023-12-01"'),
        (
            row("{ten: A, nguoi: {nam: 1, chua_day_du: 'có'}}"),
            "hoat_dong[0].nguoi.chua_day_du",
            "cần true hoặc false, nhận 'có'",
        ),
        (BASE + "van_ban: {ngay: 5.12}\n", "van_ban.ngay", "ngày không hợp lệ: 5.12"),
        ("nam: hai nghìn\ndon_vi: {ten: X, cap: xa}\n", "nam", 'năm: không đọc được "hai nghìn"'),
    ],
)
def test_wrong_types(text: str, path: str, message: str) -> None:
    found_path, found_message = problem(text)
    assert found_path == path
    assert message in found_message


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("nam: 2023\ndon_vi: [Bắc Kạn, huyen]\n", "don_vi"),
        (BASE + "kinh_phi: [30000000, 0]\n", "kinh_phi"),
        (BASE + "hoat_dong:\n  - [A, 1]\n", "hoat_dong[0]"),
        (BASE + "hoat_dong: [{ten: A, nguoi: [1, 2]}]\n", "hoat_dong[0].nguoi"),
    ],
)
def test_list_where_a_mapping_belongs(text: str, path: str) -> None:
    assert problem(text) == (path, "cần một bảng khóa–giá trị, nhận một danh sách")


def test_report_must_be_a_mapping() -> None:
    assert problem("- a\n- b\n") == (
        "",
        "báo cáo phải là một bảng khóa–giá trị, nhận một danh sách",
    )
    assert problem("xin chào\n") == ("", "báo cáo phải là một bảng khóa–giá trị, nhận 'xin chào'")
    assert problem("[1]", "json")[1].endswith("nhận một danh sách")


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        (BASE + "chi_dao: Ban hành kế hoạch\n", "chi_dao", "cần một danh sách; viết mỗi ý"),
        (BASE + "noi_nhan: {ban_giay: 'Lưu: VT'}\n", "noi_nhan.ban_giay", "cần một danh sách"),
        (BASE + "hoat_dong: Lễ phát động\n", "hoat_dong", "cần một danh sách, nhận 'Lễ phát động'"),
        (BASE + "hoat_dong:\n", "hoat_dong", "cần một danh sách, nhận giá trị rỗng"),
        (BASE + "ke_hoach: {so_hieu: 695/KH}\n", "ke_hoach", "cần một danh sách, nhận một bảng"),
    ],
)
def test_string_or_null_where_a_list_belongs(text: str, path: str, message: str) -> None:
    found_path, found_message = problem(text)
    assert found_path == path
    assert found_message.startswith(message)


def test_list_item_of_the_wrong_type_names_its_index() -> None:
    assert problem(BASE + "chi_dao: [Ý một, 5]\n") == (
        "chi_dao[1]",
        'cần một đoạn văn bản, nhận 5; viết trong ngoặc kép: "5"',
    )


def test_null_where_a_mapping_belongs() -> None:
    assert problem(BASE + "kinh_phi:\n") == (
        "kinh_phi",
        "cần một bảng khóa–giá trị, nhận giá trị rỗng",
    )


# --------------------------------------------------------------------------- YAML traps


def test_leading_zero_number_is_refused_with_the_quoted_form() -> None:
    # YAML 1.1 reads 05 as the octal number 5: the document number would lose its zero.
    assert problem(BASE + "van_ban: {so: 05}\n") == (
        "van_ban.so",
        'cần một đoạn văn bản, nhận 5; viết trong ngoặc kép: "05"',
    )
    assert problem("nam: 2023\ndon_vi: {ten: X, cap: xa, ma: 00004}\n") == (
        "don_vi.ma",
        'cần một đoạn văn bản, nhận 4; viết trong ngoặc kép: "00004"',
    )
    assert loads(BASE + "van_ban: {so: '05'}\n").van_ban.so == "05"


def test_aliases_are_refused() -> None:
    assert problem(BASE + "loi_dan: &a x\nket_luan: *a\n") == (
        "dòng 4, cột 11",
        "YAML không hợp lệ: không dùng bí danh YAML (*tên): chép nội dung ra thay vì tham chiếu",
    )


def test_billion_laughs_fails_at_the_first_alias() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, prev in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]")
    path, message = problem("\n".join(lines) + "\n")
    assert path == "dòng 2, cột 8"
    assert "không dùng bí danh YAML" in message


def test_merge_keys_and_python_tags_are_refused() -> None:
    path, message = problem(BASE + "van_ban: {<<: {so: '1'}}\n")
    assert path == "dòng 3, cột 11" and message.startswith("YAML không hợp lệ: ")
    path, message = problem(BASE + "loi_dan: !!python/object/apply:os.system [ls]\n")
    assert path == "dòng 3, cột 10" and "python/object/apply:os.system" in message


def test_yaml_syntax_error_names_line_and_column() -> None:
    path, message = problem("nam: 2023\ndon_vi: {ten: X\n")
    assert path == "dòng 3, cột 1"
    assert message.startswith("YAML không hợp lệ: ")


# --------------------------------------------------------------------------- duplicates, syntax


@pytest.mark.parametrize(
    ("fmt", "text", "path"),
    [
        ("yaml", "nam: 2023\nnam: 2024\ndon_vi: {ten: X, cap: xa}\n", "dòng 2, cột 1"),
        ("yaml", "nam: 2023\ndon_vi: {ten: X, ten: Y, cap: xa}\n", "dòng 2, cột 18"),
        ("json", '{"nam": 2023, "nam": 2024, "don_vi": {"ten": "X", "cap": "xa"}}', ""),
    ],
)
def test_duplicate_keys(fmt: Format, text: str, path: str) -> None:
    found_path, message = problem(text, fmt)
    assert found_path == path
    assert "lặp lại: mỗi khóa chỉ được ghi một lần" in message


def test_duplicate_keys_in_toml() -> None:
    assert problem("nam = 2023\nnam = 2024\n", "toml") == (
        "dòng 2, cột 11",
        "TOML không hợp lệ: Cannot overwrite a value",
    )


@pytest.mark.parametrize(
    ("fmt", "text", "path", "start"),
    [
        ("json", '{"nam": 2023,\n "don_vi": }', "dòng 2, cột 12", "JSON không hợp lệ: "),
        ("json", '{"nam": 2023', "dòng 1, cột 13", "JSON không hợp lệ: "),
        ("toml", "nam = 2023\ndon_vi = \n", "dòng 2, cột 10", "TOML không hợp lệ: "),
        ("toml", "nam = [1,\n", "cuối tệp", "TOML không hợp lệ: Invalid value"),
    ],
)
def test_syntax_errors_name_line_and_column(fmt: Format, text: str, path: str, start: str) -> None:
    found_path, message = problem(text, fmt)
    assert found_path == path
    assert message.startswith(start)


# --------------------------------------------------------------------------- dates


def test_impossible_partial_date() -> None:
    assert problem(BASE + "van_ban: {ngay: 2023-02-30}\n") == (
        "van_ban.ngay",
        "không có ngày 30/2/2023; kiểm tra lại ngày tháng",
    )
    assert problem(BASE + "van_ban: {ngay: 2023-13}\n") == (
        "van_ban.ngay",
        "tháng 13 không có; tháng từ 1 đến 12",
    )


def test_impossible_full_date() -> None:
    assert problem(BASE + "ke_hoach: [{so_hieu: 695/KH, ngay: 2023-02-30}]\n") == (
        "ke_hoach[0].ngay",
        "ngày không hợp lệ: '2023-02-30'; viết 2023-10-16 (hoặc 16/10/2023)",
    )


def test_malformed_partial_date() -> None:
    path, message = problem(BASE + "van_ban: {ngay: tháng 12}\n")
    assert path == "van_ban.ngay"
    assert message.startswith("ngày 'tháng 12' không đúng dạng; viết YYYY-MM-DD")


# --------------------------------------------------------------------------- empty, bytes, depth


@pytest.mark.parametrize("text", ["", "   \n\t\n", "# chỉ có chú thích\n", b"", "null\n", "~"])
def test_empty_input(text: str | bytes) -> None:
    assert problem(text) == ("", "tệp rỗng: không có dữ liệu báo cáo")


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_input_in_every_format(fmt: Format) -> None:
    assert problem(" \n", fmt) == ("", "tệp rỗng: không có dữ liệu báo cáo")


def test_non_utf8_bytes() -> None:
    raw = (BASE + "loi_dan: Café\n").encode("latin-1", errors="replace")
    assert problem(raw) == ("", "tệp không phải văn bản UTF-8; lưu lại với bảng mã UTF-8")


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("yaml", "[" * 10_000 + "]" * 10_000),
        ("yaml", BASE + "chi_dao: " + "[" * 10_000 + "]" * 10_000 + "\n"),
        ("json", "[" * 10_000 + "]" * 10_000),
        ("json", '{"a":' * 10_000 + "1" + "}" * 10_000),
        ("toml", "a = " + "[" * 10_000 + "]" * 10_000),
    ],
)
def test_deep_nesting_is_a_data_error_not_a_recursion_error(fmt: Format, text: str) -> None:
    assert problem(text, fmt) == ("", "dữ liệu lồng nhau quá sâu; kiểm tra lại cấu trúc tệp")


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(ValueError, match="định dạng 'xml' không hỗ trợ; dùng yaml, json hoặc toml"):
        loads(BASE, "xml")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="định dạng 'xml' không hỗ trợ"):
        dumps(loads(BASE), "xml")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- collecting


def test_every_problem_is_collected_in_one_error_in_file_order() -> None:
    text = (
        "nam: 2023\n"
        "don_vi: {ten: X, cap: ấp, tenn: Y}\n"
        "hoat_dong:\n"
        "  - {ten: A, so_luong: -1}\n"
        "  - {ten: B, nguoi: {nam: 1, nu: 10.450}}\n"
        "  - {so_luong: 1}\n"
        "kinh_phi: {van_dong: nhiều}\n"
    )
    with pytest.raises(DataError) as info:
        loads(text, source="bao-cao.yaml")
    err = info.value
    assert [i.path for i in err.issues] == [
        "don_vi.cap",
        "don_vi",
        "hoat_dong[0].so_luong",
        "hoat_dong[1].nguoi.nu",
        "hoat_dong[2].ten",
        "kinh_phi.van_dong",
    ]
    assert all(i.source == "bao-cao.yaml" for i in err.issues)
    assert str(err).splitlines()[0] == "Có 6 lỗi trong dữ liệu:"
    assert err.lines[2] == (
        "bao-cao.yaml: hoat_dong[0].so_luong: số lượng không thể âm (-1); "
        "ghi 0 nếu không có, bỏ trống nếu chưa báo cáo"
    )
    assert isinstance(err, ValueError) and isinstance(err, BinhDangGioiError)


def test_one_problem_prints_as_one_line() -> None:
    err = DataError([DataIssue("nam", "thiếu trường bắt buộc 'nam'")], source="a.yaml")
    assert str(err) == "a.yaml: nam: thiếu trường bắt buộc 'nam'"


def test_data_error_chains_its_cause() -> None:
    with pytest.raises(DataError) as info:
        loads(row("{ten: A, so_luong: -1}"))
    assert info.value.__cause__ is not None


# --------------------------------------------------------------------------- files


def test_load_names_the_file_in_every_issue(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.yaml"
    path.write_text(row("{ten: A, so_luong: -1}"), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load(path)
    assert info.value.source == str(path)
    assert info.value.lines == [
        f"{path}: hoat_dong[0].so_luong: số lượng không thể âm (-1); "
        "ghi 0 nếu không có, bỏ trống nếu chưa báo cáo"
    ]


def test_load_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load(path)
    assert info.value.issues[0].source == str(path)
    assert info.value.issues[0].path == "dòng 1, cột 2"


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json", ".toml", ".YAML"])
def test_load_picks_the_format_from_the_suffix(tmp_path: Path, suffix: str) -> None:
    r = loads(BASE)
    fmt = formats.data_format(f"r{suffix}")
    path = tmp_path / f"r{suffix}"
    path.write_text(dumps(r, fmt), encoding="utf-8")
    assert load(path) == r


def test_load_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.txt"
    path.write_text(BASE, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load(path)
    (issue,) = info.value.issues
    assert issue.path == "" and issue.source == str(path)
    assert issue.message.startswith("không đọc được đuôi tệp '.txt'; dùng .json, .toml")


def test_load_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "khong-co.yaml"
    with pytest.raises(DataError) as info:
        load(path)
    assert info.value.lines == [f"{path}: không tìm thấy tệp"]


def test_load_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.yaml"
    path.write_bytes(BASE.encode("utf-16"))
    with pytest.raises(DataError) as info:
        load(path)
    assert info.value.lines == [f"{path}: tệp không phải văn bản UTF-8; lưu lại với bảng mã UTF-8"]


def test_load_refuses_huge_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_files, "MAX_INPUT_BYTES", 10)
    path = tmp_path / "bao-cao.yaml"
    path.write_text(BASE, encoding="utf-8")
    with pytest.raises(DataError, match="tệp quá lớn"):
        load(path)


def test_dump_writes_atomically_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    r = loads(BASE)
    path = tmp_path / "out" / "bao-cao.toml"
    dump(r, path)
    path.write_text("cũ", encoding="utf-8")
    dump(r, path)  # replaces an existing file
    assert sorted(p.name for p in path.parent.iterdir()) == ["bao-cao.toml"]
    assert load(path) == r


def test_dump_keeps_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bao-cao.yaml"
    path.write_text("cũ", encoding="utf-8")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space left"):
        dump(loads(BASE), path)
    assert path.read_text(encoding="utf-8") == "cũ"
    assert [p.name for p in tmp_path.iterdir()] == ["bao-cao.yaml"]


def test_dump_refuses_an_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"không biết ghi định dạng nào cho 'bao-cao\.txt'"):
        dump(loads(BASE), tmp_path / "bao-cao.txt")
    assert list(tmp_path.iterdir()) == []
    dump(loads(BASE), tmp_path / "bao-cao.txt", format="json")
    assert json.loads((tmp_path / "bao-cao.txt").read_text(encoding="utf-8"))["nam"] == 2023


# --------------------------------------------------------------------------- writing


def test_dumps_leaves_out_what_was_not_given() -> None:
    assert dumps(loads(BASE)) == "nam: 2023\ndon_vi:\n  ten: Bắc Kạn\n  cap: huyen\n"


def test_dumps_writes_levels_as_codes_and_zero_as_zero() -> None:
    r = BaoCao(
        2023,
        DonVi("Bắc Kạn", "Thành phố"),
        san_pham=(SanPham("Băng rôn", 9, SoNguoi(nam=0), cap="Thành phố, xã phường"),),
        kinh_phi=KinhPhi(van_dong=0),
    )
    data = json.loads(dumps(r, "json"))
    assert data["don_vi"]["cap"] == "huyen"
    assert data["san_pham"] == [
        {"ten": "Băng rôn", "so_luong": 9, "nguoi": {"nam": 0}, "cap": ["huyen", "xa"]}
    ]
    assert data["kinh_phi"] == {"van_dong": 0}


def test_dumps_keeps_text_that_looks_like_numbers_or_dates_as_text() -> None:
    r = BaoCao(
        2023,
        DonVi("X", "xa", ma="00004"),
        van_ban=VanBan(so="05", ngay=NgayThang(2023)),
        ke_hoach=(KeHoach("695/KH", ngay=date(2023, 10, 16)),),
        chi_dao=("yes", "2023-12-01", "10.450", "null", "- gạch đầu dòng"),
    )
    for fmt in FORMATS:
        assert loads(dumps(r, fmt), fmt) == r


def test_dumps_is_nfc_and_keeps_vietnamese_readable() -> None:
    text = dumps(loads(BASE + "chi_dao: [Tổ chức Lễ phát động]\n"))
    assert "Tổ chức Lễ phát động" in text and unicodedata.is_normalized("NFC", text)
    assert "\\u" not in dumps(loads(BASE), "json")


# --------------------------------------------------------------------------- round trip


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
@examples(60)
@given(r=bao_caos(valid=False))
def test_round_trip(fmt: Format, r: BaoCao) -> None:
    assert loads(dumps(r, fmt), fmt) == r


@pytest.mark.slow
@examples(40)
@given(r=bao_caos(), fmt=st.sampled_from(FORMATS))
def test_round_trip_through_a_file(
    tmp_path_factory: pytest.TempPathFactory, r: BaoCao, fmt: Format
) -> None:
    path = tmp_path_factory.mktemp("rt") / f"bao-cao.{fmt}"
    dump(r, path)
    assert load(path) == r


def test_structure_and_unstructure_are_inverse_on_the_example() -> None:
    r = load(binhdanggioi.example_path())
    assert serialization.structure(serialization.unstructure(r)) == r


def test_make_converter_gives_independent_converters() -> None:
    a, b = serialization.make_converter(), serialization.make_converter()
    assert a is not b
    assert a.structure({"ten": "A", "cap": "Xã"}, HoatDong) == HoatDong("A", cap="xa")


# --------------------------------------------------------------------------- docs


def test_examples_in_the_data_format_guide_are_read() -> None:
    guide = (Path(__file__).resolve().parent.parent / "docs" / "data-format.md").read_text(
        encoding="utf-8"
    )
    blocks = re.findall(r"```(yaml|json)\n(.*?)```", guide, re.DOTALL)
    assert len(blocks) >= 5
    for fmt, body in blocks:
        text = body.replace("[...]", "[Một ý.]")
        if not text.lstrip().startswith(("nam:", "{")):
            text = BASE + text  # a fragment: complete it with the required keys
        r = loads(text, fmt)
        assert [p for p in binhdanggioi.validate(r) if p.is_error] == []


def test_dump_gives_new_files_the_usual_mode(tmp_path: Path) -> None:
    from binhdanggioi._files import write_atomic

    mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "moi.yaml", b"nam: 2023\n")
        assert (tmp_path / "moi.yaml").stat().st_mode & 0o777 == 0o644
        (tmp_path / "cu.yaml").write_bytes(b"")
        (tmp_path / "cu.yaml").chmod(0o600)
        write_atomic(tmp_path / "cu.yaml", b"nam: 2023\n")
        assert (tmp_path / "cu.yaml").stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(mask)


CONTRACT_EXAMPLE = """\
nam: 2023
don_vi:
  ten: Bắc Kạn
  cap: huyen
  loai: thành phố
  ma: "058"
hoat_dong:
  - ten: Hưởng ứng Lễ phát động
    chi_tieu: le-phat-dong
    ma: bk-2023-le-phat-dong
    so_luong: 1
    nguoi: {nam: 100, nu: 100}
    cap: tinh
truyen_thong:
  - ten: Tuyên truyền ... trong trường học
    so_luong: 21
    nguoi: {tong: 10450}
    cap: truong-hoc
san_pham:
  - {ten: Băng rôn, khẩu hiệu, so_luong: 9, cap: [huyen, xa]}
kinh_phi:
  ngan_sach_nha_nuoc: 30000000
  van_dong: 0
"""


def test_the_contract_example_loads() -> None:
    report = loads(CONTRACT_EXAMPLE)
    assert report.don_vi.ma == "058"
    assert report.san_pham[0].ten == "Băng rôn, khẩu hiệu"
    assert report.san_pham[0].so_luong == 9
    assert report.truyen_thong[0].nguoi.tong_so == 10450
    assert loads(dumps(report)) == report


def test_a_comma_in_a_flow_mapping_name_is_kept_as_text() -> None:
    head = "nam: 2023\ndon_vi: {ten: X, cap: xa}\nsan_pham:\n  - "
    row = loads(head + "{ten: Tờ rơi, tờ gấp, áp phích, so_luong: 3}").san_pham[0]
    assert (row.ten, row.so_luong) == ("Tờ rơi, tờ gấp, áp phích", 3)
    # A key written with a colon, or a field name, is never taken for text.
    with pytest.raises(DataError, match="khóa không có trong mẫu: 'tờ gấp'"):
        loads(head + "{ten: Tờ rơi, tờ gấp: , so_luong: 3}")
    assert loads(head + "{ten: Tờ rơi, so_luong}").san_pham[0].so_luong is None


@pytest.mark.parametrize(
    ("written", "expected"),
    [("010", 10), ("06", 6), ("021", 21), ("030000000", 30_000_000), ("+7", 7)],
)
def test_yaml_integers_with_leading_zeros_are_decimal(written: str, expected: int) -> None:
    report = loads(
        f"nam: 2023\ndon_vi: {{ten: X, cap: xa}}\nhoat_dong: [{{ten: A, so_luong: {written}}}]"
    )
    assert report.hoat_dong[0].so_luong == expected


@pytest.mark.parametrize("written", ["0x10", "0o17", "0b101", "1:30", "1_000"])
def test_other_yaml_integer_notations_are_refused_for_counts(written: str) -> None:
    text = f"nam: 2023\ndon_vi: {{ten: X, cap: xa}}\nhoat_dong: [{{ten: A, so_luong: {written}}}]"
    with pytest.raises(DataError) as caught:
        loads(text)
    (issue,) = caught.value.issues
    assert issue.path == "hoat_dong[0].so_luong"
    assert f'"{written}"' in issue.message


def test_other_yaml_integer_notations_stay_text_in_text_fields() -> None:
    report = loads("nam: 2023\ndon_vi: {ten: X, cap: xa}\nhoat_dong: [{ten: 1:30, so_luong: 1}]")
    assert report.hoat_dong[0].ten == "1:30"


def test_a_whole_number_written_with_a_decimal_point_gets_the_right_hint() -> None:
    with pytest.raises(DataError, match=r"nhận 10450\.0; viết 10450$"):
        loads("nam: 2023\ndon_vi: {ten: X, cap: xa}\nhoat_dong: [{ten: A, so_luong: 10450.0}]")


def test_line_separators_survive_a_yaml_round_trip() -> None:
    report = loads("nam: 2023\ndon_vi: {ten: X, cap: xa}\n")
    odd = evolve(report, chi_dao=("a\x85b", "c\u2028d\u2029e"))
    assert loads(dumps(odd)) == odd


@pytest.mark.parametrize("junk", [None, 5, 1.5, [], {}])
def test_junk_to_the_entry_points_is_a_clear_type_error(junk: object) -> None:
    with pytest.raises(TypeError, match="loads\\(\\) cần văn bản"):
        loads(junk)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="dumps\\(\\) cần một BaoCao"):
        dumps(junk)  # type: ignore[arg-type]


def test_thanh_pho_is_a_district_up_to_2024_and_a_province_from_2025() -> None:
    def read(nam: int) -> BaoCao:
        return loads(
            f"nam: {nam}\ndon_vi: {{ten: Hà Nội, cap: Thành phố, loai: thành phố}}\n"
            "hoat_dong: [{ten: A, so_luong: 1, cap: [Thành phố, xã phường]}]"
        )

    assert read(2024).don_vi.cap is Cap.HUYEN
    assert read(2024).hoat_dong[0].cap == (Cap.HUYEN, Cap.XA)
    assert read(2025).don_vi.cap is Cap.TINH
    assert read(2025).hoat_dong[0].cap == (Cap.TINH, Cap.XA)
    assert loads(dumps(read(2025))) == read(2025)
