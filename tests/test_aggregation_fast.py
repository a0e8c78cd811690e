"""The shortcuts of aggregation and drafting give what the model's own ways give.

Merged rows are built without re-running the model's checks (``_merge._merged_row``),
and drafting tallies the totals of levels, tables and report in one pass
(``drafting._Tally``): both are compared here with the slow, obvious way.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from binhdanggioi import _merge, drafting
from binhdanggioi.aggregation import aggregate
from binhdanggioi.errors import AggregationError
from binhdanggioi.model import BaoCao, DonVi, HoatDong, SanPham, TongHop
from strategies import bao_caos, examples, rows
from test_aggregation import leaves


def _both_ways(
    monkeypatch: pytest.MonkeyPatch, reports: Sequence[BaoCao], parent: DonVi
) -> tuple[object, object]:
    def run() -> object:
        try:
            return aggregate(reports, don_vi=parent, validate=False)
        except AggregationError as err:
            return str(err)

    fast = run()
    with monkeypatch.context() as m:
        m.setattr(_merge, "_TRUST_ROWS", False)
        slow = run()
    return fast, slow


def _same(fast: object, slow: object) -> None:
    assert fast == slow
    if isinstance(fast, BaoCao) and isinstance(slow, BaoCao):
        # Equal, and equal in every field's type too (a tuple stays a tuple).
        for table in BaoCao.TABLES:
            for a, b in zip(fast.bang(table), slow.bang(table), strict=True):
                assert type(a) is type(b)
                assert repr(a) == repr(b)


@pytest.mark.slow
@given(st.lists(bao_caos(nam=2023, cap="xa", max_rows=5), min_size=1, max_size=5))
@examples(60)
def test_merged_rows_built_directly_equal_the_models(reports: list[BaoCao]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow = _both_ways(monkeypatch, reports, DonVi("Bắc Kạn", "huyen", "thành phố"))
    _same(fast, slow)


@pytest.mark.slow
@given(leaves(min_size=2))
@examples(40)
def test_merged_rows_of_shared_names_and_events_equal_the_models(children: list[BaoCao]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        city = DonVi("Bắc Kạn", "huyen", "thành phố")
        fast, slow = _both_ways(monkeypatch, children, city)
        _same(fast, slow)
        if isinstance(fast, BaoCao):
            # A second step merges rows that name their units (``nguon``).
            province = DonVi("Tỉnh", "tinh", "tỉnh", "01")
            _same(*_both_ways(monkeypatch, [fast], province))


def test_a_model_row_with_other_fields_is_built_the_slow_way() -> None:
    class Other(HoatDong):
        pass

    assert _merge._can_trust(HoatDong) and _merge._can_trust(SanPham)
    assert frozenset(f.name for f in HoatDong.__attrs_attrs__) == _merge._ROW_FIELDS
    # A hook the model might add is honoured: such a class is not trusted.
    Other.__attrs_post_init__ = lambda self: None  # type: ignore[attr-defined]
    assert not _merge._can_trust(Other)


_ROWS = st.lists(rows(HoatDong, nam=2023) | rows(SanPham, nam=2023), max_size=8)


@given(_ROWS)
@examples(200)
def test_tallied_totals_are_the_models_sums(table: list[HoatDong | SanPham]) -> None:
    by_level = drafting._tallies(table)
    assert drafting._sum_tallies(by_level.values()).tong_hop() == TongHop.cong(table)
    for caps, tally in by_level.items():
        assert tally.tong_hop() == TongHop.cong([r for r in table if r.cap == caps])


_ACTIVITIES = st.lists(rows(HoatDong, nam=2023), max_size=6)


@given(_ACTIVITIES, _ACTIVITIES, st.lists(rows(SanPham, nam=2023), max_size=6))
@examples(60)
def test_the_reports_tallied_totals_are_tong_hop(
    a: list[HoatDong], b: list[HoatDong], c: list[SanPham]
) -> None:
    report = BaoCao(2023, DonVi("X", "xa"), hoat_dong=a, truyen_thong=b, san_pham=c)
    totals = drafting._Totals(report)
    assert totals.report() == report.tong_hop()
    for name in BaoCao.TABLES:
        assert totals.tables[name].tong_hop() == report.tong_hop(name)


def test_an_empty_table_tallies_to_nothing() -> None:
    assert drafting._tallies([]) == {}
    assert drafting._sum_tallies([]).tong_hop() == TongHop.cong([])
