"""Aggregation: the reports of the units below, summed into the report of the unit above.

:func:`aggregate` follows contract §4. In short:

* **Merge key.** A row is summed with the rows of the same table that have the same
  indicator and the same level(s). The indicator is the row's ``chi_tieu`` code, else
  the code of the catalogue entry its name matches, else its normalised name
  (:func:`~binhdanggioi.catalogue.name_key`). Merged rows carry the code they were
  grouped under, so the next step groups them the same way.
* **Figures.** ``so_luong``, ``nam``, ``nu`` and the effective totals add through
  :meth:`SoNguoi.cong <binhdanggioi.model.SoNguoi.cong>`, which keeps a sum over an
  unreported figure marked incomplete. Budget lines add; a line stays absent only when
  no report gives it.
* **Marks.** A merged count is marked (``so_luong_chua_du``) when some of its rows
  give ``so_luong`` and others do not, or a row was marked already; a budget is marked
  (``KinhPhi.chua_day_du``) when some report gives a line that another leaves out, or
  a report's budget was marked already. A figure absent everywhere stays absent and
  unmarked (unless a report marked it). The marks depend only on the leaf rows, so
  two steps mark the same as one.
* **Inputs.** Every report is validated first (:func:`check_inputs`); errors refuse
  the aggregation, warnings do not.
* **Shared events.** Rows with the same ``ma`` in several reports are one event,
  counted once, kept as a row of its own with its ``ma`` (so that the event seen again
  through another aggregate is still counted once). Copies are compared on their
  effective figures; copies that disagree are refused, naming both. Two rows of one
  report with one ``ma`` are refused.
* **Provenance.** Each row's ``nguon`` lists the units whose reports it sums (leaf
  units, across any number of steps); the report's ``nguon`` lists every unit whose
  report went in, directly or through an aggregate; ``chua_bao_cao`` lists the
  expected units that did not report (inherited from aggregated inputs too).
* **Narrative.** The parent's own report keeps its text and its document frame
  (header, plans, signature). Every list item of another unit is kept, prefixed with
  that unit's name: ``"Xã Dương Quang: Tổ chức 01 hội nghị ..."``.

>>> from binhdanggioi.model import BaoCao, DonVi, HoatDong, SoNguoi
>>> le, mit = HoatDong("Lễ phát động", 1, SoNguoi(3, 4)), HoatDong("Mít tinh", 2, SoNguoi(nu=5))
>>> a = BaoCao(2023, DonVi("A", "xa", "xã"), hoat_dong=(le,))
>>> b = BaoCao(2023, DonVi("B", "xa", "xã"), hoat_dong=(mit,))
>>> h = aggregate([a, b], don_vi=DonVi("H", "huyen", "huyện"))
>>> row = h.hoat_dong[0]
>>> row.chi_tieu, row.so_luong, row.nguoi.nam, row.nguoi.nu, row.nguoi.tong_so, row.thieu
('le-phat-dong', 3, 3, 9, 12, True)
>>> row.nguon
('Xã A', 'Xã B')
"""

from __future__ import annotations

import contextlib
import gc
import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from binhdanggioi import _years, rules
from binhdanggioi._merge import _add_rows as _add_rows
from binhdanggioi._merge import _budget, _merge_rows, _narrative_items, _support
from binhdanggioi._merge import _resolve as _resolve
from binhdanggioi._merge import _Sum as _Sum
from binhdanggioi.catalogue import Catalogue, catalogue_for
from binhdanggioi.errors import AggregationError, DataIssue
from binhdanggioi.model import BaoCao, Cap, DanhGia, DonVi
from binhdanggioi.roster import (
    DayDu,
    _check_expected_argument,
    _check_units,
    _Input,
    _missing,
    _same_unit,
    _unit_order,
    completeness,
    load_units,
    unit_label,
)
from binhdanggioi.rules import Problem
from binhdanggioi.vocabulary import name_order

__all__ = [
    "DayDu",
    "InputProblem",
    "aggregate",
    "check_inputs",
    "completeness",
    "load_units",
    "unit_label",
]


# --------------------------------------------------------------------------- validation


@attrs.frozen
class InputProblem:
    """A rule an input report fails (:func:`~binhdanggioi.rules.validate`), located.

    ``source`` is the report's file name when the reports were given as a mapping,
    else its unit. Printed as ``binhdanggioi validate`` prints problems:

    >>> from binhdanggioi.rules import Problem
    >>> print(InputProblem("a.yaml", Problem("kinh-phi-am", "kinh_phi.van_dong", "kinh phí âm")))
    lỗi: a.yaml: kinh_phi.van_dong: kinh phí âm [kinh-phi-am]
    """

    source: str
    problem: Problem

    @property
    def is_error(self) -> bool:
        """The report cannot be aggregated as it is."""
        return self.problem.is_error

    @property
    def issue(self) -> DataIssue:
        """The problem as a :class:`~binhdanggioi.errors.DataIssue`, its code at the end."""
        p = self.problem
        return DataIssue(p.path, f"{p.message} [{p.code}]", self.source)

    def __str__(self) -> str:
        label = "lỗi" if self.is_error else "cảnh báo"
        return f"{label}: {self.issue}"


def check_inputs(reports: Iterable[BaoCao] | Mapping[str, BaoCao]) -> list[InputProblem]:
    """Every rule the ``reports`` fail, errors and warnings, each with its report.

    :func:`aggregate` refuses reports with errors; call this first to see the warnings
    too (the command line prints them). ``reports`` is given as to :func:`aggregate`.

    >>> from binhdanggioi.model import KinhPhi
    >>> r = BaoCao(2023, DonVi("A", "xa", "xã"), kinh_phi=KinhPhi(ngan_sach_nha_nuoc=-5))
    >>> [str(p) for p in check_inputs({"a.yaml": r}) if p.is_error]
    ['lỗi: a.yaml: kinh_phi.ngan_sach_nha_nuoc: kinh phí âm (-5 đồng); ghi 0 nếu không có \
kinh phí [kinh-phi-am]']
    """
    if isinstance(reports, str | bytes | BaoCao) or not isinstance(reports, Iterable):
        raise TypeError(
            "check_inputs(): reports phải là danh sách các BaoCao (hoặc bảng tên tệp → BaoCao), "
            f"nhận {type(reports).__name__}"
        )
    return [
        InputProblem(source or report.don_vi.nhan, problem)
        for source, report in _pairs(reports, "check_inputs")
        for problem in rules.validate(report)
    ]


def _validation_errors(inputs: Sequence[_Input]) -> list[DataIssue]:
    return [
        InputProblem(inp.source or inp.label, problem).issue
        for inp in inputs
        for problem in rules.validate(inp.report)
        if problem.is_error
    ]


# --------------------------------------------------------------------------- guards


_KEY = operator.attrgetter("key")


def _pairs(
    reports: Iterable[BaoCao] | Mapping[str, BaoCao], caller: str
) -> list[tuple[str | None, BaoCao]]:
    """``(file name or None, report)`` for each report, refusing what is not a report."""
    pairs: list[tuple[str | None, BaoCao]]
    if isinstance(reports, Mapping):
        pairs = [(str(k), v) for k, v in reports.items()]
    else:
        pairs = [(None, r) for r in reports]
    for _, report in pairs:
        if not isinstance(report, BaoCao):
            raise TypeError(
                f"{caller}(): mỗi báo cáo phải là một BaoCao, nhận {type(report).__name__}"
            )
    return pairs


def _inputs(reports: Iterable[BaoCao] | Mapping[str, BaoCao], parent: DonVi) -> list[_Input]:
    out: list[_Input] = []
    by_label: dict[str, list[_Input]] = {}
    for source, report in _pairs(reports, "aggregate"):
        dv = report.don_vi
        inp = _Input(report, source, dv.nhan, _same_unit(dv, parent))
        out.append(inp)
        same_label = by_label.get(inp.label)
        if same_label is None:
            by_label[inp.label] = [inp]
            order = name_order(inp.label)
        else:
            same_label.append(inp)
            order = same_label[0].key[3]
        inp.key = (
            not inp.own,
            bool(report.nguon),
            dv.cap.thu_tu,
            order,
            dv.ma or "",
            dv.loai or "",
            source or "",
        )
    out.sort(key=_KEY)
    ranked = sorted(by_label.values(), key=lambda same: same[0].key[3])
    for rank, same_label in enumerate(ranked):
        for inp in same_label:
            inp.rank = rank
    return out


def _check_years(inputs: Sequence[_Input]) -> int:
    first = inputs[0].report.nam
    if all(inp.report.nam == first for inp in inputs):
        return first
    years: dict[int, list[str]] = {}
    for inp in inputs:
        years.setdefault(inp.report.nam, []).append(inp.where)
    parts = [f"năm {year}: {', '.join(where)}" for year, where in sorted(years.items())]
    issues = [
        DataIssue("nam", f"báo cáo năm {inp.report.nam}", inp.source or inp.label) for inp in inputs
    ]
    raise AggregationError(
        "Không tổng hợp được các báo cáo khác năm — "
        + "; ".join(parts)
        + ". Chỉ cộng các báo cáo của cùng một năm.",
        issues=issues,
    )


def _check_levels(year: int, parent: DonVi, inputs: Sequence[_Input]) -> list[DataIssue]:
    issues = []
    two_tiers = _years.tiers(year) == 2
    if two_tiers and parent.cap is Cap.HUYEN:
        issues.append(
            DataIssue(
                "don_vi.cap",
                f"từ năm 2025 chính quyền địa phương chỉ còn hai cấp (tỉnh, xã): không tổng "
                f"hợp vào {parent.nhan} (cấp huyện) được; cộng thẳng báo cáo xã vào tỉnh",
            )
        )
    for inp in inputs:
        for unit in inp.units():
            if two_tiers and unit.cap is Cap.HUYEN and not _same_unit(unit, parent):
                through = "" if unit is inp.report.don_vi else f" (trong báo cáo {inp.where})"
                issues.append(
                    DataIssue(
                        "don_vi.cap",
                        f"{unit.nhan}{through} ghi cấp huyện trong báo cáo năm {year}; "
                        "từ năm 2025 không còn cấp huyện — xã báo cáo thẳng lên tỉnh",
                        inp.source or inp.label,
                    )
                )
        unit = inp.report.don_vi
        if not inp.own and unit.cap.thu_tu <= parent.cap.thu_tu:
            issues.append(
                DataIssue(
                    "don_vi.cap",
                    f"{inp.where} là đơn vị cấp {unit.cap.nhan}, không thấp hơn "
                    f"{parent.nhan} (cấp {parent.cap.nhan}): chỉ cộng được báo "
                    "cáo của đơn vị cấp dưới và báo cáo của chính đơn vị tổng hợp",
                    inp.source or inp.label,
                )
            )
    return issues


# --------------------------------------------------------------------------- aggregate


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cycle collector while reports are aggregated.

    Aggregating a nation's reports allocates tens of thousands of small objects and
    frees none of them in cycles, while each collector pass would walk every report in
    memory. The previous state is restored, whatever happens.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def aggregate(
    reports: Iterable[BaoCao] | Mapping[str, BaoCao],
    *,
    don_vi: DonVi,
    expected: Iterable[DonVi | str] | None = None,
    catalogue: Catalogue | None = None,
    validate: bool = True,
) -> BaoCao:
    """Sum the ``reports`` of the units below (and the parent's own) into one for ``don_vi``.

    ``reports`` may be a mapping from a file name to its report, so that problems
    name the files. ``expected`` lists the units that should have reported
    (:class:`DonVi` or names); the missing ones end up in ``chua_bao_cao``.
    ``catalogue`` defaults to the shipped one of the reports' year.

    Every report is validated first (:func:`~binhdanggioi.rules.validate`); one with
    errors refuses the aggregation, each error an issue ``file: path: message [code]``.
    Warnings do not: :func:`check_inputs` lists them. ``validate=False`` skips this
    for reports already checked (it costs more than the sums themselves).

    Raises :class:`~binhdanggioi.errors.AggregationError` listing every problem:
    reports with errors, different years, a unit twice (directly or inside an
    aggregate), a unit that is not below ``don_vi``, a district from 2025 on, copies
    of one event that disagree, two rows of one report with one ``ma``.
    """
    _check_arguments(reports, don_vi, expected)
    with _gc_paused():
        return _aggregate(reports, don_vi, expected, catalogue, validate)


def _check_arguments(reports: object, don_vi: object, expected: object) -> None:
    """Refuse arguments of the wrong kind before any work, with what to pass instead."""
    if not isinstance(don_vi, DonVi):
        raise TypeError(
            f"aggregate(): don_vi phải là một DonVi (đơn vị tổng hợp), nhận {type(don_vi).__name__}"
        )
    if isinstance(reports, str | bytes | BaoCao) or not isinstance(reports, Iterable):
        raise TypeError(
            "aggregate(): reports phải là danh sách các BaoCao (hoặc bảng tên tệp → BaoCao), "
            f"nhận {type(reports).__name__}"
        )
    _check_expected_argument(expected)


def _refuse(issues: Sequence[DataIssue]) -> None:
    """Raise :class:`AggregationError` with every issue, if there is any."""
    if not issues:
        return
    lines = [str(i) for i in issues]
    if len(lines) == 1:
        text = f"Không tổng hợp được: {lines[0]}"
    else:
        head = f"Không tổng hợp được: có {len(lines)} lỗi:"
        text = "\n".join([head, *(f"  - {x}" for x in lines)])
    raise AggregationError(text, issues=issues)


def _aggregate(
    reports: Iterable[BaoCao] | Mapping[str, BaoCao],
    don_vi: DonVi,
    expected: Iterable[DonVi | str] | None,
    catalogue: Catalogue | None,
    validate: bool,
) -> BaoCao:
    inputs = _inputs(reports, don_vi)
    if not inputs:
        raise AggregationError("không có báo cáo nào để tổng hợp; đưa vào ít nhất một báo cáo")
    if validate:
        # Before anything else: a guard or a sum over an invalid report would mislead.
        _refuse(_validation_errors(inputs))
    year = _check_years(inputs)
    cat = catalogue if catalogue is not None else catalogue_for(year)
    issues = _check_levels(year, don_vi, inputs)
    issues += _check_units(inputs)
    tables = _merge_rows(inputs, cat, issues)
    _refuse(issues)

    # Leaf inputs come sorted already; only units met inside aggregates need sorting.
    leaves = [inp.report.don_vi for inp in inputs if not inp.report.nguon and not inp.own]
    others = {id(u): u for inp in inputs if inp.report.nguon or inp.own for u in inp.units()}
    units = [*sorted(others.values(), key=_unit_order), *leaves]
    if others and leaves:
        units.sort(key=_unit_order)
    own = next((inp.report for inp in inputs if inp.own), None)
    themes = {inp.report.chu_de for inp in inputs}
    frame: dict[str, Any] = {}
    if own is not None:
        frame = {
            name: getattr(own, name)
            for name in ("van_ban", "ke_hoach", "loi_dan", "ket_luan", "noi_nhan", "chu_ky")
        }
    return BaoCao(
        nam=year,
        don_vi=don_vi,
        chu_de=own.chu_de if own is not None else (themes.pop() if len(themes) == 1 else None),
        chi_dao=_narrative_items(inputs, "chi_dao"),
        ket_qua=_narrative_items(inputs, "ket_qua"),
        hoat_dong=tables["hoat_dong"],
        truyen_thong=tables["truyen_thong"],
        san_pham=tables["san_pham"],
        kinh_phi=_budget(inputs),
        ho_tro=_support(inputs),
        danh_gia=DanhGia(
            thuan_loi=_narrative_items(inputs, "danh_gia.thuan_loi"),
            kho_khan=_narrative_items(inputs, "danh_gia.kho_khan"),
            nguyen_nhan=_narrative_items(inputs, "danh_gia.nguyen_nhan"),
        ),
        kien_nghi=_narrative_items(inputs, "kien_nghi"),
        nguon=tuple(units),
        chua_bao_cao=_missing(inputs, units, expected, don_vi, year),
        **frame,
    )
