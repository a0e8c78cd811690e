"""binhdanggioi.vocabulary: folding, levels and their labels, kinds of unit, table specs;
and the rules written once in the model (unit label, people sum) that others rely on."""

from __future__ import annotations

import unicodedata
from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

import binhdanggioi
from binhdanggioi.aggregation import _add_rows, _Input, _Sum, completeness, unit_label
from binhdanggioi.catalogue import Bang, _bare_key, name_key
from binhdanggioi.context import TABLE_TITLES, cap_label, caps_label
from binhdanggioi.model import BaoCao, DonVi, HoatDong, SoNguoi, TongHop
from binhdanggioi.summary import summary_lines
from binhdanggioi.vocabulary import (
    _BY_LABEL,
    BANG_BAO_CAO,
    LOAI_DON_VI,
    Cap,
    _fold_exact,
    fold,
    name_order,
    parse_cap,
)
from strategies import examples, so_nguois

# Vietnamese letters in both cases and both Unicode forms, spaces and the separators.
_VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ" + "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọ"
_VIET += "ồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ" + "ÀÁẢÃẠỲÝỶỸỴ" + " \t_-,."
viet_texts = st.text(alphabet=_VIET, max_size=30) | st.text(alphabet=_VIET, max_size=30).map(
    lambda t: unicodedata.normalize("NFD", t)
)


# --------------------------------------------------------------------------- fold


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (" Thành  Phố ", "thanh pho"),
        ("Xã Đồng-Tâm", "xa dong tam"),
        ("ĐẶC KHU", "dac khu"),
        ("trường_học", "truong hoc"),
        ("Xã, phường", "xa, phuong"),  # punctuation other than _ and - stays
        ("", ""),
    ],
)
def test_fold_examples(text: str, key: str) -> None:
    assert fold(text) == key


@given(viet_texts)
def test_fold_is_its_definition_on_vietnamese_text(text: str) -> None:
    assert fold(text) == _fold_exact(text)


@given(st.text(max_size=20))
def test_fold_is_idempotent_and_blind_to_the_unicode_form(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))


def test_fold_is_public() -> None:
    assert binhdanggioi.fold is fold
    assert "fold" in binhdanggioi.__all__


def test_name_key_keeps_accents() -> None:
    assert name_key("Tờ rơi") != name_key("tổ roi")
    assert name_key(" Tờ-rơi, ") == name_key("TỜ RƠI") == "tờ rơi"


@given(viet_texts)
def test_the_bare_catalogue_key_forgets_accents(text: str) -> None:
    assert _bare_key(text) == _bare_key(fold(text))
    assert _bare_key(text) == fold(name_key(text))


def test_name_order_puts_d_stroke_among_the_d() -> None:
    assert sorted(["Đức", "Dương", "Đa", "Bằng", "Ea"], key=name_order) == [
        "Bằng",
        "Đa",
        "Dương",
        "Đức",
        "Ea",
    ]


# --------------------------------------------------------------------------- levels

# Every label the forms accepted before the labels moved here, by level.
_ACCEPTED = {
    Cap.TRUNG_UONG: ("trung-uong", "trung ương", "toàn quốc", "bộ", "ngành trung ương"),
    Cap.TINH: ("tinh", "tỉnh", "thành phố trực thuộc trung ương", "cấp tỉnh"),
    Cap.HUYEN: (
        "huyen",
        "huyện",
        "quận",
        "thị xã",
        "thành phố",
        "thành phố thuộc tỉnh",
        "cấp huyện",
    ),
    Cap.XA: ("xa", "xã", "phường", "thị trấn", "đặc khu", "xã phường", "xã, phường", "cấp xã"),
    Cap.TRUONG_HOC: ("truong-hoc", "trường học", "các trường học", "nhà trường"),
}


def test_the_accepted_labels_are_unchanged() -> None:
    assert {fold(label): cap for cap, labels in _ACCEPTED.items() for label in labels} == _BY_LABEL


@pytest.mark.parametrize("cap", list(Cap))
def test_each_label_of_a_level_reads_back_as_that_level(cap: Cap) -> None:
    for label in (cap.value, cap.nhan, cap.nhan_bang, cap.nhan.upper(), f"cấp {cap.nhan}"):
        if label.startswith("cấp") and cap in (Cap.TRUNG_UONG, Cap.TRUONG_HOC):
            continue  # "cấp trung ương", "cấp trường học" are not on the forms
        assert parse_cap(label) is cap


def test_levels_rank_from_the_centre_down() -> None:
    assert [c.thu_tu for c in Cap] == [0, 1, 2, 3, 4]
    assert sorted(Cap, key=lambda c: c.thu_tu) == list(Cap)
    assert (Cap.TINH.nhan, Cap.HUYEN.nhan, Cap.XA.nhan) == ("tỉnh", "huyện", "xã")


def test_context_labels_come_from_the_level() -> None:
    unit = DonVi("Bắc Kạn", "huyen", "thành phố")
    assert [cap_label(c, unit) for c in Cap] == [
        "Trung ương",
        "Tỉnh",
        "Thành phố",
        "Xã phường",
        "Các trường học",
    ]
    assert caps_label([Cap.TINH, Cap.TRUONG_HOC], unit) == "Tỉnh, các trường học"


# --------------------------------------------------------------------------- kinds of unit


def test_each_kind_of_unit_is_a_level_label_once() -> None:
    assert len(set(LOAI_DON_VI)) == len(LOAI_DON_VI)
    assert [parse_cap(k) for k in ("xã", "phường", "quận", "thị xã", "tỉnh")] == [
        Cap.XA,
        Cap.XA,
        Cap.HUYEN,
        Cap.HUYEN,
        Cap.TINH,
    ]
    assert all(parse_cap(kind) in (Cap.TINH, Cap.HUYEN, Cap.XA) for kind in LOAI_DON_VI)


@pytest.mark.parametrize("kind", LOAI_DON_VI)
def test_an_expected_name_starting_with_a_kind_is_split(kind: str) -> None:
    report = BaoCao(2023, DonVi("H", "huyen"))
    (missing,) = completeness(report, [f"{kind.upper()} Chợ Mới"]).chua_bao_cao
    assert (missing.loai, missing.ten) == (kind, "Chợ Mới")


# --------------------------------------------------------------------------- tables


def test_the_table_specs_are_the_tables_of_the_report() -> None:
    assert tuple(BANG_BAO_CAO) == BaoCao.TABLES == get_args(Bang)
    assert [s.muc for s in BANG_BAO_CAO.values()] == ["III.1", "III.2", "III.3"]
    assert all(s.ma == key for key, s in BANG_BAO_CAO.items())


def test_context_and_summary_print_the_specs() -> None:
    for key, spec in BANG_BAO_CAO.items():
        assert TABLE_TITLES[key] == {
            "tieu_de": spec.tieu_de,
            "cot_ten": spec.cot_ten,
            "cot_so_luong": spec.cot_so_luong,
            "cot_nguoi": spec.cot_nguoi,
        }
    lines = list(summary_lines(BaoCao(2023, DonVi("X", "xa"))))
    assert [line.split(":")[0].strip() for line in lines[1:4]] == [
        "III.1 Hoạt động",
        "III.2 Truyền thông",
        "III.3 Sản phẩm truyền thông",
    ]


def test_form_titles_are_the_captions_in_capitals() -> None:
    assert BANG_BAO_CAO["hoat_dong"].tieu_de_mau == (
        "1. TỔ CHỨC CÁC HOẠT ĐỘNG HƯỞNG ỨNG THÁNG HÀNH ĐỘNG, KIỂM TRA, GIÁM SÁT"
    )


# --------------------------------------------------------------------------- unit label


@pytest.mark.parametrize(
    ("unit", "label"),
    [
        (DonVi("Bắc Kạn", "huyen", "thành phố"), "Thành phố Bắc Kạn"),
        (DonVi("Dương Quang", "xa", "xã"), "Xã Dương Quang"),
        (DonVi("Sở Giáo dục", "tinh"), "Sở Giáo dục"),
        (DonVi("ân thi", "huyen", " huyện"), "Huyện ân thi"),
    ],
)
def test_unit_label(unit: DonVi, label: str) -> None:
    assert unit.nhan == label
    assert unit_label(unit) == label


# --------------------------------------------------------------------------- people sum


def _sums(parts: list[SoNguoi]) -> _Sum:
    """The running sum aggregation keeps for one row of each of ``parts``' units."""
    inputs = []
    for i, people in enumerate(parts):
        report = BaoCao(2023, DonVi(f"X{i}", "xa"), hoat_dong=(HoatDong("A", 1, people, "xa"),))
        inputs.append(_Input(report, None, f"Xã X{i}", own=False))
    sums, _ = _add_rows(inputs)
    (acc,) = sums.values()
    return acc


@given(
    st.lists(so_nguois(valid=False, chua_day_du=None, max_value=10**6), min_size=2, max_size=8),
    st.integers(1, 7),
)
@examples(300)
def test_the_fast_people_sum_is_the_sum_rule(parts: list[SoNguoi], cut: int) -> None:
    cut = min(cut, len(parts) - 1)
    whole = _sums(parts)
    left, right = _sums(parts[:cut]), _sums(parts[cut:])
    left.merge(right)
    expected = SoNguoi.cong(parts)
    assert whole.nguoi() == expected
    assert left.nguoi() == expected


def test_tong_hop_of_is_tong_hop_cong() -> None:
    rows = (HoatDong("A", 1, SoNguoi(1, 2)), HoatDong("B", None, SoNguoi(nu=3)))
    assert TongHop.of(rows) == TongHop.cong(rows)
    assert TongHop.cong(rows).nguoi == SoNguoi.cong(r.nguoi for r in rows)
