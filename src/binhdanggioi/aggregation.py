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
  (header, plans, signature). The other units' items are merged: near-duplicates
  across units become one item naming them (``"Kinh phí còn hạn chế (12 xã)."``), an
  item of one unit keeps its name as a prefix (``"Xã Dương Quang: Tổ chức ..."``), at
  most :data:`~binhdanggioi._merge.KEEP_PER_SECTION` per section, the rest counted.
* **Drafting.** Unless ``draft=False``, the result goes through
  :func:`binhdanggioi.drafting.draft`: sentences from its figures fill the slots a
  person has not taken (``tu_dong``); items the inputs' software drafted are dropped.

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
from typing import TYPE_CHECKING, Any, Literal

import attrs

from binhdanggioi import _years, rules
from binhdanggioi import drafting as _drafting
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
    _check_membership,
    _check_units,
    _Expected,
    _Identity,
    _identity_for,
    _Input,
    _missing,
    _registry,
    _unit_order,
    completeness,
    load_units,
    unit_label,
)
from binhdanggioi.rules import Problem
from binhdanggioi.vocabulary import name_order

if TYPE_CHECKING:
    from binhdanggioi.units import Registry

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


def check_inputs(
    reports: Iterable[BaoCao] | Mapping[str, BaoCao],
    *,
    don_vi: DonVi | None = None,
    registry: Registry | Literal[False] | None = None,
    jobs: int | None = 1,
) -> list[InputProblem]:
    """Every rule the ``reports`` fail, errors and warnings, each with its report.

    :func:`aggregate` refuses reports with errors; call this first to see the warnings
    too (the command line prints them). ``reports``, ``registry`` are given as to
    :func:`aggregate`; with ``don_vi``, the unit they are aggregated into, it also
    warns about the units that are in no official list (from 2025: a typo must not
    block the province's report, nor pass silently), with the closest official names.
    ``jobs``: validate in worker processes, as :func:`~binhdanggioi.validate_many` does.

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
    pairs = _pairs(reports, "check_inputs")
    each = rules.validate_many([r for _, r in pairs], jobs=jobs, registry=registry)
    found = [
        InputProblem(source or report.don_vi.nhan, problem)
        for (source, report), problems in zip(pairs, each, strict=True)
        for problem in problems
    ]
    if don_vi is None or not pairs:
        return found
    _check_arguments([], don_vi, None)
    ident, official = _identity_for(don_vi, _registry_of(pairs, registry))
    inputs = _inputs(pairs, don_vi, ident)
    warned = [
        InputProblem(inp.source or inp.label, problem)
        for inp, problem in _check_membership(inputs, official, ident)[1]
    ]
    # Where the membership check warns about a unit, validate's own warning (the
    # whole country's list, when a registry is given) says less: one is enough.
    said = {(w.source, w.problem.path) for w in warned}
    kept = [
        f
        for f in found
        if f.problem.code != "don-vi-khong-co-trong-danh-muc"
        or (f.source, f.problem.path) not in said
    ]
    return kept + warned


def _validation_errors(
    inputs: Sequence[_Input], registry: Registry | Literal[False] | None
) -> list[DataIssue]:
    return [
        InputProblem(inp.source or inp.label, problem).issue
        for inp in inputs
        for problem in rules.validate(inp.report, registry=registry)
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


def _registry_of(
    pairs: Sequence[tuple[str | None, BaoCao]], given: Registry | Literal[False] | None
) -> Registry | None:
    """The registry for the reports' year; None when they have several (refused later)."""
    years = {report.nam for _, report in pairs}
    return _registry(years.pop(), given) if len(years) == 1 else None


def _inputs(
    pairs: Sequence[tuple[str | None, BaoCao]], parent: DonVi, ident: _Identity
) -> list[_Input]:
    out: list[_Input] = []
    by_label: dict[str, list[_Input]] = {}
    for source, report in pairs:
        dv = report.don_vi
        own = dv.cap is parent.cap and ident.same(dv, parent)
        inp = _Input(report, source, dv.nhan, own, ident)
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


def _check_levels(
    year: int, parent: DonVi, inputs: Sequence[_Input], ident: _Identity
) -> list[DataIssue]:
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
            if two_tiers and unit.cap is Cap.HUYEN and not ident.same(unit, parent):
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
    draft: bool = True,
    registry: Registry | Literal[False] | None = None,
) -> BaoCao:
    """Sum the ``reports`` of the units below (and the parent's own) into one for ``don_vi``.

    ``reports`` may be a mapping from a file name to its report, so that problems
    name the files. ``expected`` lists the units that should have reported
    (:class:`DonVi` or names); the missing ones end up in ``chua_bao_cao``.
    ``catalogue`` defaults to the shipped one of the reports' year.

    For years from 2025 units are looked up in ``registry``: the official list
    (:func:`binhdanggioi.units.official_registry`) by default when it is installed, an
    application's own :class:`~binhdanggioi.units.Registry`, or ``False`` for none.
    A unit found there is known by its official code (a name and a code of one
    commune are one unit); a commune of another province than ``don_vi`` is refused;
    and when ``don_vi`` is a province of the registry and ``expected`` is not given,
    its communes are the expected units. Up to 2024 units are known by name (or
    ``ma``) only, and only ``expected`` says who should have reported.

    Every report is validated first (:func:`~binhdanggioi.rules.validate`); one with
    errors refuses the aggregation, each error an issue ``file: path: message [code]``.
    Warnings do not: :func:`check_inputs` lists them. ``validate=False`` skips this
    for reports already checked (it costs more than the sums themselves).

    The result is drafted (:func:`~binhdanggioi.drafting.draft`): its narrative slots
    are filled from its figures, never over a person's text; ``draft=False`` leaves
    them empty. Either way the items drafted in the inputs are not carried up.

    Raises :class:`~binhdanggioi.errors.AggregationError` listing every problem:
    reports with errors, different years, a unit twice (directly or inside an
    aggregate), a unit that is not below ``don_vi``, a district from 2025 on, a
    commune of another province (from 2025), copies of one event that disagree, two
    rows of one report with one ``ma``.
    """
    _check_arguments(reports, don_vi, expected)
    with _gc_paused():
        result = _aggregate(reports, don_vi, expected, catalogue, validate, registry)
    return _drafting.draft(result) if draft else result


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
    registry: Registry | Literal[False] | None,
) -> BaoCao:
    pairs = _pairs(reports, "aggregate")
    ident, official = _identity_for(don_vi, _registry_of(pairs, registry))
    inputs = _inputs(pairs, don_vi, ident)
    if not inputs:
        raise AggregationError("không có báo cáo nào để tổng hợp; đưa vào ít nhất một báo cáo")
    if validate:
        # Before anything else: a guard or a sum over an invalid report would mislead.
        _refuse(_validation_errors(inputs, registry))
    year = _check_years(inputs)
    cat = catalogue if catalogue is not None else catalogue_for(year)
    issues = _check_levels(year, don_vi, inputs, ident)
    issues += _check_membership(inputs, official, ident)[0]
    issues += _check_units(inputs, ident)
    tables = _merge_rows(inputs, cat, issues)
    _refuse(issues)

    # Leaf inputs come sorted already; only units met inside aggregates need sorting.
    leaves = [inp.report.don_vi for inp in inputs if not inp.report.nguon and not inp.own]
    others = {id(u): u for inp in inputs if inp.report.nguon or inp.own for u in inp.units()}
    units = [*sorted(others.values(), key=_unit_order), *leaves]
    if others and leaves:
        units.sort(key=_unit_order)
    own = next((inp.report for inp in inputs if inp.own), None)
    # Slots of the parent's own report that a person took over (edited a drafted item).
    taken = _drafting.drop_generated(own)[1] if own is not None else ()
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
        chua_bao_cao=_missing(inputs, units, _Expected(don_vi, year, expected, official), ident),
        tu_dong=taken,
        **frame,
    )
