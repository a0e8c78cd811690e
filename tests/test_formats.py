"""Tests for binhdanggioi.formats: the suffix table, one interface per kind, side inputs.

Side inputs (the ``--expected`` unit list, indicator catalogues) are read by the same
hardened readers as reports: an alias, deep nesting or a huge number is a located
Vietnamese DataError naming the file, never a hang or a traceback.
"""

from __future__ import annotations

import contextlib
import importlib
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from binhdanggioi import formats
from binhdanggioi.aggregation import load_units
from binhdanggioi.catalogue import load_catalogue
from binhdanggioi.errors import DataError
from binhdanggioi.formats import dumps, load, loads, loads_data, read_data

BASE = "nam: 2023\ndon_vi: {ten: Bắc Kạn, cap: huyen}\n"
DATA_SUFFIXES = [s for s, e in formats._TABLE.items() if e.kind == "data"]
READABLE = [s for s, e in formats._TABLE.items() if e.kind in ("data", "form")]

# --------------------------------------------------------------------------- suffix table


@pytest.mark.parametrize("suffix", sorted(formats._TABLE))
def test_every_suffix_resolves_to_a_module_with_its_interface(suffix: str) -> None:
    entry = formats._TABLE[suffix]
    module = importlib.import_module(entry.module)
    wanted = {
        "data": ("parse", "emit"),
        "form": ("load_form", "loads_form"),
        "export": ("tidy_rows", "to_csv"),
    }[entry.kind]
    assert all(callable(getattr(module, name, None)) for name in wanted), entry
    if entry.kind != "form":
        assert entry.name == module.NAME


def test_the_table_knows_the_suffixes_of_the_package() -> None:
    assert sorted(formats._TABLE) == [".csv", ".json", ".toml", ".xlsx", ".yaml", ".yml"]
    assert sorted({formats._TABLE[s].name for s in DATA_SUFFIXES}) == ["json", "toml", "yaml"]


def test_importing_the_package_reads_no_format_module() -> None:
    code = (
        "import sys, binhdanggioi, binhdanggioi.formats\n"
        "loaded = [m for m in ('yaml', 'tomli_w', 'openpyxl') if m in sys.modules]\n"
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("name", ["bao-cao.txt", "bao-cao.csv", "bao-cao"])
def test_load_unknown_suffix_message(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(BASE, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load(path)
    suffix = path.suffix or "(không có)"
    assert str(info.value) == (
        f"{path}: không đọc được đuôi tệp '{suffix}'; dùng .json, .toml, .xlsx, .yaml, .yml"
    )


def test_dump_refuses_a_suffix_it_cannot_write(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"'r.csv'; dùng .yaml, .json, .toml"):
        formats.dump(loads(BASE), tmp_path / "r.csv")


def test_data_format_follows_the_suffix() -> None:
    assert [formats.data_format(f"r{s}") for s in (".YAML", ".json", ".toml", ".xlsx")] == [
        "yaml",
        "json",
        "toml",
        None,
    ]


def test_serialization_still_offers_the_moved_names() -> None:
    from binhdanggioi import _files, serialization

    assert serialization.load is formats.load
    assert serialization.example_path is formats.example_path
    assert serialization.write_atomic is _files.write_atomic
    with pytest.raises(AttributeError):
        serialization.no_such_name  # noqa: B018


# --------------------------------------------------------------------------- junk in


JUNK: list[bytes] = [
    b"",
    b"\xff\xfe\x00junk",
    b"{[",
    b"- &a x\n- *a\n",
    b"[" * 50_000,
    b"nam: " + b"9" * 5000,
    b'{"nam": ' + b"9" * 5000 + b"}",
    b"nam = " + b"9" * 5000,
    b"PK\x03\x04 not a zip",
    b"nam = 2023\nnam = 2024\n",
]


@pytest.mark.parametrize("suffix", READABLE)
@pytest.mark.parametrize("junk", JUNK, ids=range(len(JUNK)))
def test_every_reader_answers_junk_with_a_data_error_only(
    tmp_path: Path, suffix: str, junk: bytes
) -> None:
    path = tmp_path / f"r{suffix}"
    path.write_bytes(junk)
    with pytest.raises(DataError) as info:
        load(path)
    assert all(issue.source == str(path) for issue in info.value.issues)


@pytest.mark.parametrize("suffix", DATA_SUFFIXES)
@settings(max_examples=40)
@given(text=st.text(max_size=60))
def test_every_data_parser_raises_only_data_errors(suffix: str, text: str) -> None:
    parse = importlib.import_module(formats._TABLE[suffix].module).parse
    with contextlib.suppress(DataError):
        parse(text)


@pytest.mark.parametrize("suffix", DATA_SUFFIXES)
def test_every_data_format_round_trips_a_report(suffix: str) -> None:
    fmt = formats.data_format(f"r{suffix}")
    assert fmt is not None
    r = loads(BASE)
    assert loads(dumps(r, fmt), fmt) == r


def test_loads_data_names_the_source() -> None:
    with pytest.raises(DataError) as info:
        loads_data(b"[1, 2", "json", source="x.json")
    assert str(info.value).startswith("x.json: dòng 1, cột 6: JSON không hợp lệ")


def test_read_data_refuses_an_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "a.ini"
    path.write_text("[a]", encoding="utf-8")
    with pytest.raises(DataError, match=r"đuôi tệp '.ini'; dùng .json, .toml, .yaml, .yml"):
        read_data(path)
    assert read_data(path, format="toml") == {"a": {}}


# --------------------------------------------------------------------------- side inputs


def _deep(suffix: str) -> str:
    nested = "[" * 50_000 + "]" * 50_000
    return f"don_vi = {nested}\n" if suffix == ".toml" else nested


def _long(suffix: str) -> str:
    number = "7" * 5000
    return {
        ".yaml": f"- {number}\n",
        ".json": f"[{number}]",
        ".toml": f"don_vi = [{number}]\n",
    }[suffix]


def _catalogue_text(suffix: str, case: str) -> str:
    if case == "alias":
        return "nam: &n 2026\nphien_ban: *n\nchi_tieu: []\n"
    if case == "deep":
        return _deep(suffix)
    number = "7" * 5000
    return {
        ".yaml": f"nam: {number}\n",
        ".json": f'{{"nam": {number}}}',
        ".toml": f"nam = {number}\n",
    }[suffix]


SIDE_CASES = [
    (".yaml", "alias"),
    *((s, "deep") for s in (".yaml", ".json", ".toml")),
    *((s, "long") for s in (".yaml", ".json", ".toml")),
]


def _check(err: DataError, path: Path, case: str) -> None:
    (issue,) = err.issues
    assert issue.source == str(path)
    if case == "alias":
        assert issue.path.startswith("dòng ")
        assert "không dùng bí danh YAML" in issue.message
    elif case == "deep":
        assert issue.message == "dữ liệu lồng nhau quá sâu; kiểm tra lại cấu trúc tệp"
    else:
        assert issue.path.startswith("dòng 1, cột ")
        assert "số có 5000 chữ số, quá dài" in issue.message


@pytest.mark.parametrize(("suffix", "case"), SIDE_CASES)
def test_unit_lists_are_read_by_the_hardened_readers(
    tmp_path: Path, suffix: str, case: str
) -> None:
    path = tmp_path / f"don-vi{suffix}"
    text = {"alias": "- &a Dương Quang\n- *a\n", "deep": _deep(suffix), "long": _long(suffix)}
    path.write_text(text[case], encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_units(path)
    _check(info.value, path, case)


@pytest.mark.parametrize(("suffix", "case"), SIDE_CASES)
def test_catalogues_are_read_by_the_hardened_readers(
    tmp_path: Path, suffix: str, case: str
) -> None:
    path = tmp_path / f"chi-tieu{suffix}"
    path.write_text(_catalogue_text(suffix, case), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_catalogue(path)
    _check(info.value, path, case)


def test_side_inputs_are_read_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from binhdanggioi import _files

    monkeypatch.setattr(_files, "MAX_INPUT_BYTES", 10)
    for path in (tmp_path / "don-vi.txt", tmp_path / "don-vi.yaml", tmp_path / "chi-tieu.toml"):
        path.write_text("# " + "x" * 20 + "\n", encoding="utf-8")
        with pytest.raises(DataError, match="tệp quá lớn"):
            load_units(path) if "don-vi" in path.name else load_catalogue(path)


def test_a_catalogue_in_yaml_is_read_like_toml(tmp_path: Path) -> None:
    toml = tmp_path / "c.toml"
    toml.write_text(
        'nam = 2026\nphien_ban = "2026.1"\n[[chi_tieu]]\nma = "a"\nten = "A"\nbang = "hoat_dong"\n',
        encoding="utf-8",
    )
    yml = tmp_path / "c.yaml"
    yml.write_text(
        "nam: 2026\nphien_ban: '2026.1'\nchi_tieu:\n- {ma: a, ten: A, bang: hoat_dong}\n",
        encoding="utf-8",
    )
    assert load_catalogue(yml) == load_catalogue(toml)
    listed = tmp_path / "l.yaml"
    listed.write_text("- a\n", encoding="utf-8")
    with pytest.raises(DataError, match="danh mục phải là một bảng khóa–giá trị"):
        load_catalogue(listed)
