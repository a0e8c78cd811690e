"""Units in the model: clean names on input, kinds in names, where a unit belongs, identity."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from binhdanggioi import formats
from binhdanggioi._unit_names import KINDS
from binhdanggioi.formats.xlsx import loads_form, write_form
from binhdanggioi.model import BaoCao, DonVi, HoatDong, SoNguoi
from binhdanggioi.rules import validate
from binhdanggioi.serialization import structure, unstructure
from binhdanggioi.units import Unit, UnitIndex, identity, official_registry, resolve
from binhdanggioi.vocabulary import LOAI_DON_VI
from strategies import examples

TODAY = date(2025, 12, 20)
ROW = HoatDong("Tọa đàm", so_luong=1, nguoi=SoNguoi(5, 6), cap="xa")


def report(nam: int, don_vi: DonVi, **kw: object) -> BaoCao:
    return BaoCao(nam, don_vi, hoat_dong=(ROW,), **kw)  # type: ignore[arg-type]


def codes(r: BaoCao, **kw: object) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in validate(r, today=TODAY, **kw)]  # type: ignore[arg-type]


# --------------------------------------------------------------------------- six spellings

_SPELLINGS: tuple[Callable[[str], str], ...] = (
    lambda n: f"Xã {n}",
    lambda n: n.replace(" ", " \u200b", 1),
    lambda n: n[:2] + "\u00ad" + n[2:],
    lambda n: n.replace("Đ", "\u00d0"),
    lambda n: unicodedata.normalize("NFD", n),
    lambda n: n.replace(" ", "  "),
)


@examples(50)
@given(
    st.sampled_from(["Đồng Tâm", "Đại Đồng", "Hòa An", "Dương Quang", "Tân Lập"]),
    st.permutations(range(1, len(_SPELLINGS))),
    st.booleans(),
    st.sampled_from(["yaml", "json", "toml"]),
)
def test_six_spellings_of_one_commune_load_to_one_identity(
    name: str, order: list[int], with_kind: bool, fmt: formats.Format
) -> None:
    combined = name
    for i in order:
        combined = _SPELLINGS[i](combined)
    spellings = [s(name) for s in _SPELLINGS] + [_SPELLINGS[0](combined) if with_kind else combined]
    keys = set()
    for text in spellings:
        unit: dict[str, str] = {"ten": text, "cap": "xa"}
        if not text.casefold().startswith("xã ") and with_kind:
            unit["loai"] = "xã"
        data = {"nam": 2023, "don_vi": unit}
        loaded = formats.loads(formats.dumps(structure(data), fmt), fmt)
        keys.add(loaded.don_vi.dinh_danh)
    assert keys == {("ten", f"xa:{name.casefold()}")}


def test_accents_still_tell_two_communes_apart() -> None:
    assert DonVi("Văn Lang", "xa").dinh_danh != DonVi("Văn Lăng", "xa").dinh_danh
    assert DonVi("Văn Lang", "xa").khoa == DonVi("Văn Lăng", "xa").khoa  # the old key did not


def test_the_code_is_the_identity_when_given() -> None:
    assert DonVi("Bắc Kạn", "xa", ma=" 01843\u200b").dinh_danh == ("ma", "01843")


# --------------------------------------------------------------------------- invisible characters


def test_text_read_from_files_loses_invisible_characters() -> None:
    data = {
        "nam": 2023,
        "don_vi": {"ten": "Dương\u200b Quang", "cap": "xa\u00ad"},
        "chi_dao": ["Ban\ufeff hành kế\u200e hoạch"],
        "van_ban": {"co_quan": "ỦY BAN\u2060 NHÂN DÂN\nXÃ DƯƠNG QUANG"},
        "hoat_dong": [{"ten": "Tọa\u200d đàm", "cap": ["x\u200ba"]}],
    }
    r = structure(data)
    assert r.don_vi.ten == "Dương Quang"
    assert r.chi_dao == ("Ban hành kế hoạch",)
    assert r.van_ban.co_quan == "ỦY BAN NHÂN DÂN\nXÃ DƯƠNG QUANG"  # line breaks are kept
    assert r.hoat_dong[0].ten == "Tọa đàm"


def test_text_is_nfc_and_lookalikes_are_kept_in_stored_text() -> None:
    r = structure({"nam": 2023, "don_vi": {"ten": "\u00d0o\u0302\u0300ng Tâm", "cap": "xa"}})
    assert r.don_vi.ten == "\u00d0ồng Tâm"  # look-alike kept as typed; only keys fold it
    assert r.don_vi.dinh_danh == DonVi("Đồng Tâm", "xa").dinh_danh


def test_unit_names_built_in_code_are_cleaned_too() -> None:
    unit = DonVi("Tân\u200b Lập", "xa", "x\u00adã", tinh="Tây\ufeff Ninh", cap_tren="A\u200e")
    assert (unit.ten, unit.loai, unit.tinh, unit.cap_tren) == ("Tân Lập", "xã", "Tây Ninh", "A")


# --------------------------------------------------------------------------- kind in the name


@pytest.mark.parametrize(
    ("ten", "loai", "expected"),
    [
        ("Xã Dương Quang", None, ("Dương Quang", "xã")),
        ("Xã Dương Quang", "Xã", ("Dương Quang", "Xã")),
        ("Thành phố Hồ Chí Minh", None, ("Hồ Chí Minh", "thành phố")),
        ("TT. Chợ Rã", "thị trấn", ("Chợ Rã", "thị trấn")),
        ("Xã Dương Quang", "phường", ("Xã Dương Quang", "phường")),
        ("Dương Quang", None, ("Dương Quang", None)),
        ("Thị xã", None, ("Thị xã", None)),
    ],
)
def test_tach_loai(ten: str, loai: str | None, expected: tuple[str, str | None]) -> None:
    split = DonVi(ten, "xa", loai).tach_loai()
    assert (split.ten, split.loai) == expected


def test_a_name_with_its_kind_is_read_as_written_and_round_trips() -> None:
    data = {"nam": 2023, "don_vi": {"ten": "Xã Dương Quang", "cap": "xa"}}
    r = structure(data)
    assert r.don_vi.ten == "Xã Dương Quang" and r.don_vi.loai_trong_ten == "xã"
    assert unstructure(r) == data
    assert r.don_vi.dinh_danh == DonVi("Dương Quang", "xa", "xã").dinh_danh


def test_a_kind_that_contradicts_loai_is_warned_whatever_the_year() -> None:
    for year in (2023, 2025):
        r = report(year, DonVi("Phường Dương Quang", "xa", "xã"))
        assert codes(r, registry=False) == [("loai-don-vi-mau-thuan", "don_vi.loai")]
    assert codes(report(2023, DonVi("Xã Dương Quang", "xa", "xã"))) == []


def test_kinds_are_one_list() -> None:
    assert set(KINDS) == set(LOAI_DON_VI)


# --------------------------------------------------------------------------- where a unit belongs

_PLACED = DonVi(
    "Tân Lập",
    "xa",
    "xã",
    ma="25489",
    tinh="Tây Ninh",
    cap_tren="Ủy ban nhân dân tỉnh Tây Ninh",
)


@pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
def test_the_parent_round_trips_through_every_text_format(fmt: formats.Format) -> None:
    r = report(2025, _PLACED, nguon=(attrs.evolve(_PLACED, ma=None),))
    text = formats.dumps(r, fmt)
    assert "tinh" in text and "cap_tren" in text
    assert formats.loads(text, fmt) == r


def test_the_parent_round_trips_through_the_excel_form() -> None:
    r = report(2025, _PLACED, nguon=(_PLACED,), chua_bao_cao=(attrs.evolve(_PLACED, ten="B"),))
    assert loads_form(write_form(bao_cao=r)) == r


def test_files_without_a_parent_stay_valid() -> None:
    r = structure({"nam": 2023, "don_vi": {"ten": "Huyền Tung", "cap": "xa"}})
    assert r.don_vi.tinh is None and r.don_vi.cap_tren is None
    assert "tinh" not in unstructure(r)["don_vi"]


def test_a_code_as_a_number_is_refused_with_its_place() -> None:
    with pytest.raises(Exception, match=r"don_vi\.tinh"):
        structure({"nam": 2025, "don_vi": {"ten": "A", "cap": "xa", "tinh": 19}})


# --------------------------------------------------------------------------- lookups in validate


def test_validate_looks_up_units_that_name_their_province() -> None:
    fine = report(2025, DonVi("Tân Lập", "xa", "xã", tinh="80"))
    assert codes(fine) == []
    elsewhere = report(2025, DonVi("Tân Lập", "xa", "xã", tinh="Thái Nguyên"))
    problems = validate(elsewhere, today=TODAY)
    assert [(p.code, p.path) for p in problems] == [
        ("don-vi-khong-co-trong-danh-muc", "don_vi.ten")
    ]
    assert "tên này có ở Tỉnh Quảng Trị, Tỉnh Lâm Đồng" in problems[0].message
    assert len(problems[0].message) <= 160


def test_an_unknown_province_is_named() -> None:
    r = report(2025, DonVi("Tân Lập", "xa", "xã", tinh="Tây Ninhh"))
    problems = validate(r, today=TODAY)
    assert [(p.code, p.path) for p in problems] == [
        ("don-vi-khong-co-trong-danh-muc", "don_vi.tinh")
    ]
    assert "Tỉnh Tây Ninh" in problems[0].message


def test_a_code_of_another_province_is_an_error() -> None:
    r = report(2025, DonVi("Bắc Kạn", "xa", "phường", ma="01843", tinh="Tây Ninh"))
    problems = validate(r, today=TODAY)
    assert [(p.code, p.severity) for p in problems] == [("ma-don-vi-mau-thuan", "error")]
    assert "không thuộc Tỉnh Tây Ninh" in problems[0].message


def test_a_code_not_in_the_list_is_warned_with_the_right_code() -> None:
    r = report(2025, DonVi("Bắc Kạn", "xa", "phường", ma="01844", tinh="19"))
    problems = validate(r, today=TODAY)
    assert [p.code for p in problems] == ["don-vi-khong-co-trong-danh-muc"]
    assert "có mã 01843" in problems[0].message


def test_a_province_code_for_a_commune_is_an_error() -> None:
    r = report(2025, DonVi("Thái Nguyên", "xa", "xã", ma="19", tinh="19"))
    found = [p.code for p in validate(r, today=TODAY)]
    assert found == ["ma-don-vi-sai-dang", "ma-don-vi-mau-thuan"]


def test_years_up_to_2024_are_never_looked_up() -> None:
    r = report(2023, DonVi("Không Có", "xa", "xã", ma="99999", tinh="Không Có"))
    assert codes(r, registry=official_registry()) == []


def test_a_registry_given_checks_every_unit_and_sources_within_the_province() -> None:
    province = DonVi("Thái Nguyên", "tinh", "tỉnh", ma="19")
    sources = (DonVi("Bắc Kạn", "xa", "phường"), DonVi("Tân Lập", "xa", "xã"))
    r = report(2025, province, nguon=sources)
    assert codes(r) == []  # by default only units that name their province
    assert codes(r, registry=official_registry()) == [
        ("don-vi-khong-co-trong-danh-muc", "nguon[1].ten")
    ]
    assert codes(r, registry=False) == []


def test_an_application_passes_its_own_registry() -> None:
    own = UnitIndex(
        [
            Unit("90", "Thử Nghiệm", "tỉnh", "tinh"),
            Unit("90001", "Một", "xã", "xa", "90"),
        ]
    )
    assert codes(report(2025, DonVi("Xã Một", "xa")), registry=own) == []
    assert codes(report(2025, DonVi("Hai", "xa", tinh="90")), registry=own) == [
        ("don-vi-khong-co-trong-danh-muc", "don_vi.ten")
    ]
    assert codes(report(2025, DonVi("Thử Nghiệmm", "tinh")), registry=own) == [
        ("don-vi-khong-co-trong-danh-muc", "don_vi.ten")
    ]


def test_validate_without_the_package_skips_silently(monkeypatch: pytest.MonkeyPatch) -> None:
    from binhdanggioi import rules
    from binhdanggioi.errors import MissingDependencyError

    def missing() -> UnitIndex:
        raise MissingDependencyError("vietnam-provinces", feature="danh mục")

    monkeypatch.setattr(rules, "official_registry", missing)
    assert codes(report(2025, DonVi("Không Có", "xa", tinh="Không Có"))) == []


# --------------------------------------------------------------------------- resolve, identity


def test_resolve_and_identity() -> None:
    registry = official_registry()
    assert resolve(DonVi("Tân Lập", "xa"), registry) is None  # in several provinces
    found = resolve(DonVi("Tân Lập", "xa"), registry, province="Tây Ninh")
    assert found is not None and found.ma == "25489"
    assert resolve(DonVi("Tân Lập", "xa", tinh="Không Có"), registry) is None
    assert resolve(DonVi("Trường THCS", "truong-hoc"), registry) is None
    spellings = [
        DonVi("Phường Bắc\u200b Kạn", "xa", tinh="Thái Nguyên"),
        DonVi("Bắc Kạn", "xa", "phường", ma="01843"),
        DonVi("bắc  kạn", "xa", "Phường", tinh="19"),
    ]
    assert {identity(u, registry) for u in spellings} == {("ma", "01843")}
    assert identity(spellings[0]) == ("ten", "xa:bắc kạn")  # no registry: by name
    province = resolve(DonVi("TP. Hồ Chí Minh", "tinh"), registry)
    assert province is not None and province.ten_day_du == "Thành phố Hồ Chí Minh"
