"""Units: one key per name however it is spelled, and the official list of 2025."""

from __future__ import annotations

import functools
import subprocess
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from binhdanggioi._unit_names import key_of_bare
from binhdanggioi.errors import MissingDependencyError
from binhdanggioi.model import Cap
from binhdanggioi.units import (
    Registry,
    Unit,
    UnitIndex,
    UnknownProvinceError,
    clean_text,
    fold_lookalikes,
    official_registry,
    parse_kind,
    split_kind,
    unit_key,
)

# --------------------------------------------------------------------------- identity

_ABBREVIATION = {"thành phố": "TP.", "thị xã": "TX.", "thị trấn": "TT."}
_INVISIBLE = ("\u200b", "\u00ad", "\u200c", "\u200d", "\ufeff", "\u200e", "\u2060")
_TONE_STYLES = (("òa", "oà"), ("óa", "oá"), ("ỏa", "oả"), ("ủy", "uỷ"), ("úy", "uý"), ("ụy", "uỵ"))
_CYRILLIC = str.maketrans("aeopcxAEOPCTKMH", "аеорсхАЕОРСТКМН")

# Real names, with their kinds; some have a dash, an apostrophe, a number or Đ.
_NAMES = (
    ("xã", "Dương Quang"),
    ("phường", "Bắc Kạn"),
    ("thành phố", "Hồ Chí Minh"),
    ("xã", "Hòa An"),
    ("phường", "Thủy Nguyên"),
    ("đặc khu", "Côn Đảo"),
    ("xã", "Ea H'leo"),
    ("xã", "Chân Mây - Lăng Cô"),
    ("phường", "1 Bảo Lộc"),
    ("xã", "Đồng Phúc"),
    ("thị xã", "Sơn Tây"),
    ("thị trấn", "Chợ Rã"),
    ("tỉnh", "Thái Nguyên"),
)


@st.composite
def _spellings(draw: st.DrawFn, kind: str, name: str) -> tuple[str, str | None]:
    """One way a file may write ``kind name``: returns the text and the kind stated apart."""
    prefix = draw(
        st.sampled_from(["", kind, kind.upper(), kind.title(), _ABBREVIATION.get(kind, "")])
    )
    text = f"{prefix} {name}" if prefix else name
    for old, new in _TONE_STYLES:
        if draw(st.booleans()):
            text = text.replace(old, new)
    text = draw(st.sampled_from([text, text.upper(), text.lower(), text.title()]))
    if draw(st.booleans()):
        text = text.replace("Đ", "\u00d0").replace("đ", "\u00f0")
    if draw(st.booleans()):
        text = text.translate(_CYRILLIC)
    text = text.replace("'", draw(st.sampled_from(["'", "’", "ʼ"])))
    text = text.replace(" - ", draw(st.sampled_from([" - ", "-", " – ", "—"])))
    text = unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), text)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(_INVISIBLE)) + text[at:]
    text = text.replace(" ", draw(st.sampled_from([" ", "  ", " \u00a0", "\t"])))
    text = draw(st.sampled_from(["", " ", "  "])) + text + draw(st.sampled_from(["", " "]))
    return text, draw(st.sampled_from([None, kind, kind.upper()]))


@given(st.sampled_from(_NAMES).flatmap(lambda kn: st.tuples(st.just(kn), _spellings(*kn))))
def test_every_spelling_of_a_name_has_one_key(
    case: tuple[tuple[str, str], tuple[str, str | None]],
) -> None:
    (kind, name), (text, stated) = case
    assert unit_key(text, kind=stated) == unit_key(f"{kind.title()} {name}") == key_of_bare(name)


@given(st.text())
def test_keys_and_cleaning_are_idempotent(text: str) -> None:
    assert clean_text(clean_text(text)) == clean_text(text)
    assert key_of_bare(key_of_bare(text)) == key_of_bare(text)
    assert "\u200b" not in unit_key(text)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Xã Dương Quang", ("xã", "Dương Quang")),
        ("Thành phố Hồ Chí Minh", ("thành phố", "Hồ Chí Minh")),
        ("TP.Hồ Chí Minh", ("thành phố", "Hồ Chí Minh")),
        ("TT Chợ Rã", ("thị trấn", "Chợ Rã")),
        ("Thị xã Sơn Tây", ("thị xã", "Sơn Tây")),
        ("Đặc khu Côn Đảo", ("đặc khu", "Côn Đảo")),
        ("Phường 1", ("phường", "1")),
        ("Quận 10", ("quận", "10")),
        ("Phường Phường Đúc", ("phường", "Phường Đúc")),
        ("Thị xã", (None, "Thị xã")),
        ("Xã ", (None, "Xã")),
        ("Xãy Dựng", (None, "Xãy Dựng")),
        ("Tân Lập", (None, "Tân Lập")),
        ("", (None, "")),
    ],
)
def test_split_kind(name: str, expected: tuple[str | None, str]) -> None:
    assert split_kind(name) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("XÃ", "xã"),
        ("phuong", "phường"),
        ("Thành phố trực thuộc trung ương", "thành phố"),
        ("ấp", None),
    ],
)
def test_parse_kind(value: str, expected: str | None) -> None:
    assert parse_kind(value) == expected


def test_a_kind_that_contradicts_the_stated_one_is_part_of_the_name() -> None:
    assert unit_key("Quận Sơn Tây", kind="xã") == "quận sơn tây"
    assert unit_key("Xã Sơn Tây", kind="xa") == "sơn tây"


def test_clean_text_removes_exactly_the_format_characters() -> None:
    # Checked against the running Python's Unicode database, not against our own list.
    removed = [chr(c) for c in range(sys.maxunicode + 1) if clean_text(f"a{chr(c)}b") == "ab"]
    categories = {unicodedata.category(c) for c in removed}
    assert categories <= {"Cf", "Cn"}
    cf = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert set(cf) <= set(removed)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u00d0ồng Tháp", "Đồng Tháp"),
        ("\u00f0ắk", "đắk"),
        ("Tâ\u043d", "Tâ\u043d"),  # Cyrillic н looks like no Latin small letter
        ("Tân L\u0430\u0302p", "Tân Lâp"),  # Cyrillic а with a combining circumflex
        ("\u039f\u03bf", "Oo"),  # Greek omicrons
        ("Hà Nội", "Hà Nội"),
    ],
)
def test_fold_lookalikes(text: str, expected: str) -> None:
    assert fold_lookalikes(text) == expected


def test_keys_keep_diacritics_because_communes_differ_only_by_them() -> None:
    assert unit_key("Xã Văn Lang") != unit_key("Xã Văn Lăng")
    assert unit_key("Xã Cẩm Giang") != unit_key("Xã Cẩm Giàng")


# --------------------------------------------------------------------------- registry


@functools.cache
def _registry() -> UnitIndex:
    return official_registry()


def test_the_official_list_has_34_provinces_and_3321_communes() -> None:
    registry = _registry()
    provinces = registry.provinces()
    communes = [c for p in provinces for c in registry.children(p.ma)]
    assert (len(provinces), len(communes), len(registry)) == (34, 3321, 3355)
    assert {p.loai for p in provinces} <= {"tỉnh", "thành phố"}
    assert {c.loai for c in communes} == {"xã", "phường", "đặc khu"}
    assert all(len(p.ma) == 2 and p.ma.isdigit() and Cap(p.cap) is Cap.TINH for p in provinces)
    assert all(len(c.ma) == 5 and Cap(c.cap) is Cap.XA for c in communes)
    assert all(clean_text(u.ten) == u.ten and split_kind(u.ten)[0] is None for u in communes)
    assert isinstance(registry, Registry)


def test_no_two_units_of_one_province_share_a_key() -> None:
    registry = _registry()
    for province in registry.provinces():
        keys = [key_of_bare(c.ten) for c in registry.children(province.ma)]
        assert len(keys) == len(set(keys)), province
    assert len({key_of_bare(p.ten) for p in registry.provinces()}) == 34


def test_every_official_name_resolves_to_its_unit_in_its_province() -> None:
    registry = _registry()
    for province in registry.provinces():
        assert registry.find(province.ten_day_du) == [province]
        for commune in registry.children(province.ma):
            written = commune.ten_day_du.replace("òa", "oà").replace("ủy", "uỷ")
            assert registry.find(written, province=province.ma) == [commune]
            assert registry.by_code(commune.ma) == commune


def test_bac_kan_is_a_ward_of_thai_nguyen_since_2025() -> None:
    registry = _registry()
    thai_nguyen = registry.by_code("19")
    assert thai_nguyen is not None and thai_nguyen.ten_day_du == "Tỉnh Thái Nguyên"
    [ward] = registry.find("Bắc Kạn")
    assert (ward.ten_day_du, ward.ma, ward.ma_tinh) == ("Phường Bắc Kạn", "01843", "19")
    assert registry.find("Tỉnh Bắc Kạn") == []
    with pytest.raises(UnknownProvinceError, match="Bắc Kạn") as caught:
        registry.find("Chợ Rã", province="Bắc Kạn")
    assert isinstance(caught.value, LookupError)
    [cho_ra] = registry.find("Xã Chợ Rã", province="Thái Nguyên")
    assert cho_ra in registry.children("19")
    assert registry.find("Xã \u00d0ồng Phúc", province="tỉnh thái nguyên")[0].ten == "Đồng Phúc"
    assert registry.find("Thị trấn Chợ Rã", province="19") == []  # no thị trấn since 2025


def test_a_name_in_several_provinces_is_resolved_within_one() -> None:
    registry = _registry()
    everywhere = registry.find("Tân Lập")
    assert len({u.ma_tinh for u in everywhere}) == len(everywhere) >= 4
    [in_tay_ninh] = registry.find("Xã Tân Lập", province="Tây Ninh")
    assert in_tay_ninh.ma_tinh == registry.province_code("Tây Ninh") == "80"
    [ward] = registry.find("Phường Tân Lập", province="Đắk Lắk")  # "Phường  Tân Lập" in the data
    assert ward.ten == "Tân Lập"
    assert registry.find("Xã Tân Lập", province="Đắk Lắk") == []


def test_provinces_by_code_or_name() -> None:
    registry = _registry()
    assert registry.province_code("TP. Hồ Chí Minh") == registry.province_code("79") == "79"
    assert registry.province_code("1") == "01"
    assert registry.children("01843") == [] and registry.children("99") == []
    assert registry.by_code("99999") is None
    with pytest.raises(UnknownProvinceError, match="Có phải: Thành phố Hà Nội"):
        registry.province_code("Ha Noi")


@pytest.mark.parametrize(
    ("typed", "province", "expected"),
    [
        ("Bắc Cạn", "19", "Phường Bắc Kạn"),
        ("Cho Ra", "Thái Nguyên", "Xã Chợ Rã"),
        ("xa Van Lang", "19", "Xã Văn Lang"),
        ("Xã Văn Lăg", "19", "Xã Văn Lăng"),
        ("Ea Hleo", "Đắk Lắk", "Xã Ea H'leo"),
        ("Con Dao", None, "Đặc khu Côn Đảo"),
    ],
)
def test_closest_suggests_the_intended_unit(
    typed: str, province: str | None, expected: str
) -> None:
    suggestions = _registry().closest(typed, province=province)
    # Compared by key: the list's own spelling changes between releases ("H’leo", "H'Leo").
    assert suggestions and unit_key(suggestions[0].ten_day_du) == unit_key(expected)
    assert suggestions[0].loai == split_kind(expected)[0]
    assert len(suggestions) <= 3


def test_closest_suggests_nothing_for_junk() -> None:
    assert _registry().closest("😴", province="19") == []
    assert _registry().closest("", n=5) == []


def test_an_index_over_your_own_list_checks_it() -> None:
    province = Unit("19", "Thái Nguyên", "tỉnh", "tinh")
    with pytest.raises(ValueError, match="'19' có hai lần"):
        UnitIndex([province, province])
    with pytest.raises(ValueError, match="Loại 'Xã' của đơn vị mã 02143"):
        UnitIndex([province, Unit("02143", "Văn Lang", "Xã", "xa", "19")])
    with pytest.raises(ValueError, match="tỉnh mã '06'"):
        UnitIndex([province, Unit("01843", "Bắc Kạn", "phường", "xa", "06")])


def test_a_missing_package_is_named_with_its_install_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "vietnam_provinces", None)
    with pytest.raises(MissingDependencyError, match="pip install vietnam-provinces"):
        official_registry.__wrapped__()


def test_importing_the_package_loads_neither_the_list_nor_rapidfuzz() -> None:
    code = (
        "import sys, binhdanggioi, binhdanggioi.units\n"
        "print(','.join(m for m in ('vietnam_provinces', 'rapidfuzz') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_a_letter_lower_case_makes_a_look_alike_of_is_folded_too() -> None:
    # U+0345 (combining ypogegrammeni) folds to Greek iota, which looks like "i".
    assert key_of_bare("\u0345") == key_of_bare(key_of_bare("\u0345")) == "i"
