"""Pickling of the model's records (:mod:`binhdanggioi._model_pickle`): reports go to and
come back from worker processes pickled, and must come back equal, hash and all."""

from __future__ import annotations

import copy
import pickle

import attrs
import pytest
from hypothesis import given

from binhdanggioi import model
from binhdanggioi._model_pickle import fast_pickling
from binhdanggioi.formats import example_path, load
from binhdanggioi.model import BaoCao, HoatDong, SoNguoi
from strategies import bao_caos

_RECORDS = [
    cls
    for cls in vars(model).values()
    if isinstance(cls, type) and attrs.has(cls) and cls.__module__.startswith("binhdanggioi._model")
] + [model.BaoCao, model.TongHop]


@given(bao_caos(valid=False))
def test_a_report_comes_back_equal(report: BaoCao) -> None:
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        back = pickle.loads(pickle.dumps(report, protocol))
        assert back == report
        assert hash(back) == hash(report)
    assert copy.deepcopy(report) == report
    assert copy.copy(report) == report


@pytest.mark.parametrize("cls", sorted(set(_RECORDS), key=lambda c: c.__name__))
def test_every_record_pickles_as_a_tuple_of_its_values(cls: type) -> None:
    assert cls.__setstate__.__qualname__.endswith(".__setstate__")
    assert "_model_pickle" in cls.__getstate__.__code__.co_filename


def test_a_report_hashes_by_year_and_unit_as_equality_allows() -> None:
    report = load(example_path())
    assert hash(report) == hash((report.nam, report.don_vi))
    other = attrs.evolve(report, hoat_dong=report.hoat_dong[:1])
    assert other != report and hash(other) == hash(report)  # told apart by ==
    assert {report: 1, other: 2}[other] == 2
    assert hash(pickle.loads(pickle.dumps(report))) == hash(report)


def test_a_state_written_by_attrs_is_still_read() -> None:
    row = HoatDong("Tập huấn", so_luong=2, nguoi=SoNguoi(nu=3), cap="xa")
    by_name = {a.name: getattr(row, a.name) for a in attrs.fields(HoatDong)}
    back = HoatDong.__new__(HoatDong)
    back.__setstate__(by_name)
    assert back == row


def test_one_field_and_a_subclass() -> None:
    @fast_pickling
    @attrs.frozen
    class One:
        x: int

    @attrs.frozen
    class More(One):
        y: int = 0

    assert One.__getstate__(One(1)) == (1,)
    one = One(1)
    assert one.__getstate__() == (1,)
    more = More(1, 2)
    # attrs writes a subclass its own pickling: no field of it is lost.
    assert copy.deepcopy(more) == more


def test_a_state_written_before_a_field_was_added_reads_its_default() -> None:
    # A dict state pickled by an older version lacks the fields added since: they take
    # their defaults, as a report written before them is read (attrs left them unset).
    row = HoatDong("Tập huấn", so_luong=2, nguoi=SoNguoi(nu=3), cap="xa", nhom={"tre_em": 4})
    old = {a.name: getattr(row, a.name) for a in attrs.fields(HoatDong)}
    del old["nhom"], old["dia_diem"], old["so_luong_uoc_tinh"]
    back = HoatDong.__new__(HoatDong)
    back.__setstate__(old)
    assert back == attrs.evolve(row, nhom=())
    report = BaoCao(2023, model.DonVi("X", "xa"), tu_dong=("a",))
    state = {a.name: getattr(report, a.name) for a in attrs.fields(BaoCao)}
    del state["tu_dong"], state["ho_tro"]
    back_report = BaoCao.__new__(BaoCao)
    back_report.__setstate__(state)
    assert back_report == attrs.evolve(report, tu_dong=())


def test_a_state_missing_a_required_field_is_told_in_vietnamese() -> None:
    back = HoatDong.__new__(HoatDong)
    with pytest.raises(TypeError, match=r"HoatDong.*'ten'"):
        back.__setstate__({"so_luong": 1})


def test_a_tuple_state_of_another_length_is_read_by_position() -> None:
    # attrs before 22.2 pickled a tuple of values; a shorter one reads as far as it goes.
    row = SoNguoi(nam=1, nu=2)
    names = [a.name for a in attrs.fields(SoNguoi)]
    short = tuple(getattr(row, n) for n in names[:2])
    back = SoNguoi.__new__(SoNguoi)
    back.__setstate__(short)
    assert back == SoNguoi(nam=1, nu=2)
