"""The Excel form package: its table of field kinds, and the old module name."""

from __future__ import annotations

import typing

import binhdanggioi.excel as old
from binhdanggioi.formats import xlsx
from binhdanggioi.formats.xlsx import layout
from binhdanggioi.formats.xlsx.cells import _OMIT


def test_every_kind_has_one_entry() -> None:
    assert set(layout._KINDS) == set(typing.get_args(layout._KindName))


def test_every_field_of_the_layout_has_a_known_kind() -> None:
    fields = [f for s in layout._FIELD_SHEETS for f in s.fields]
    fields += [c for t in layout._TABLE_SHEETS for c in t.columns]
    assert {f.kind for f in fields} <= set(layout._KINDS)


def test_only_the_hidden_code_column_is_hidden() -> None:
    hidden = [c.key for t in layout._TABLE_SHEETS for c in t.columns if c.hidden]
    assert hidden == ["chi_tieu#ma"] * len(layout._ROW_SHEETS)


def test_readers_leave_out_blank_text() -> None:
    for name in ("count", "money", "year", "date", "partial_date", "flag"):
        assert layout._KINDS[name].read("  ") is _OMIT, name
    assert layout._KINDS["count"].read(12.0) == 12
    assert layout._KINDS["lines"].read('["a", ""]') == ["a", ""]


def test_old_module_name_is_the_same_package() -> None:
    assert old.load_form is xlsx.load_form
    assert old.loads_form is xlsx.loads_form
    assert old.write_form is xlsx.write_form
    assert old.SHEETS is xlsx.SHEETS
