"""Rules of a plan, and of a report against its plan; their codes beside the report's.

:func:`validate_plan` checks a :class:`~binhdanggioi.ke_hoach.KeHoachTrienKhai` a
reader could still write wrong: the year, indicators unknown to the catalogue or
under another table, activities without a lead unit, times outside the year.
:func:`plan_problems` is what ``validate(report, ke_hoach=plan)`` adds: a report row
that matches no planned activity (``ngoai-ke-hoach``) and a planned activity with no
result (``chua-thuc-hien``), both warnings (:mod:`binhdanggioi.doi_chieu` matches).

>>> from binhdanggioi.ke_hoach_io import load_plan, plan_example_path
>>> validate_plan(load_plan(plan_example_path()))
[]
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Final

from binhdanggioi import _years
from binhdanggioi.catalogue import catalogue_for
from binhdanggioi.doi_chieu import compare_plan
from binhdanggioi.ke_hoach import KeHoachTrienKhai
from binhdanggioi.model import BaoCao
from binhdanggioi.rules import LAST_YEAR, Problem, Severity
from binhdanggioi.vocabulary import BANG_BAO_CAO

__all__ = ["PLAN_CODES", "plan_problems", "validate_plan"]

PLAN_CODES: Final[dict[str, tuple[Severity, str]]] = {
    "ke-hoach-nam-ngoai-pham-vi": ("error", "năm của kế hoạch trước 2016 hoặc sau 2100"),
    "ke-hoach-rong": ("warning", "kế hoạch chưa có hoạt động nào"),
    "ke-hoach-chi-tieu-khong-co": ("warning", "chỉ tiêu không có trong danh mục của năm"),
    "ke-hoach-chi-tieu-sai-bang": ("warning", "chỉ tiêu thuộc bảng khác"),
    "ke-hoach-thieu-chu-tri": ("warning", "hoạt động chưa có đơn vị chủ trì"),
    "ke-hoach-thoi-gian-ngoai-nam": ("warning", "thời gian hoạt động không thuộc năm kế hoạch"),
    "ngoai-ke-hoach": ("warning", "dòng báo cáo không khớp hoạt động nào của kế hoạch"),
    "chua-thuc-hien": ("warning", "hoạt động của kế hoạch chưa có kết quả trong báo cáo"),
}
"""Every code of a plan rule: its severity and a short Vietnamese description."""


def _problem(code: str, path: str, message: str) -> Problem:
    return Problem(code, path, message, PLAN_CODES[code][0])


def _activities(plan: KeHoachTrienKhai) -> Iterator[Problem]:
    catalogue = catalogue_for(plan.nam) if _years.FIRST_YEAR <= plan.nam <= LAST_YEAR else None
    for i, hd in enumerate(plan.hoat_dong):
        path = f"hoat_dong[{i}]"
        entry = catalogue.get(hd.chi_tieu) if catalogue and hd.chi_tieu else None
        if catalogue and hd.chi_tieu and entry is None:
            yield _problem(
                "ke-hoach-chi-tieu-khong-co",
                f"{path}.chi_tieu",
                f"chỉ tiêu '{hd.chi_tieu}' không có trong danh mục năm {plan.nam}; "
                "báo cáo sẽ không so khớp được theo chỉ tiêu",
            )
        elif entry is not None and entry.bang != hd.bang:
            yield _problem(
                "ke-hoach-chi-tieu-sai-bang",
                f"{path}.bang",
                f"chỉ tiêu '{hd.chi_tieu}' thuộc bảng {BANG_BAO_CAO[entry.bang].muc} "
                f"({entry.bang}), không phải {hd.bang}",
            )
        if not (hd.chu_tri or "").strip():
            yield _problem(
                "ke-hoach-thieu-chu-tri",
                f"{path}.chu_tri",
                f"hoạt động '{hd.ten}' chưa có đơn vị chủ trì",
            )
        tg = hd.thoi_gian
        years = {d.nam for d in (tg.tu, tg.den) if d is not None} if tg else set()
        if years - {plan.nam}:
            yield _problem(
                "ke-hoach-thoi-gian-ngoai-nam",
                f"{path}.thoi_gian",
                f"thời gian {tg} không thuộc năm {plan.nam} của kế hoạch",
            )


def validate_plan(ke_hoach: KeHoachTrienKhai, *, today: date | None = None) -> list[Problem]:
    """Every rule ``ke_hoach`` fails, in the order of the file (codes: :data:`PLAN_CODES`)."""
    if not isinstance(ke_hoach, KeHoachTrienKhai):
        raise TypeError(f"validate_plan() cần một KeHoachTrienKhai, nhận {type(ke_hoach).__name__}")
    problems: list[Problem] = []
    del today  # the same signature as validate(); no rule of a plan depends on the date yet
    if not _years.FIRST_YEAR <= ke_hoach.nam <= LAST_YEAR:
        problems.append(
            _problem(
                "ke-hoach-nam-ngoai-pham-vi",
                "nam",
                f"năm {ke_hoach.nam} ngoài phạm vi: ghi năm từ {_years.FIRST_YEAR} đến {LAST_YEAR}",
            )
        )
    if not ke_hoach.hoat_dong:
        problems.append(
            _problem("ke-hoach-rong", "hoat_dong", "kế hoạch chưa có hoạt động nào (mục II)")
        )
    problems.extend(_activities(ke_hoach))
    return problems


def plan_problems(bao_cao: BaoCao, ke_hoach: KeHoachTrienKhai) -> list[Problem]:
    """Warnings on ``bao_cao`` against ``ke_hoach``: rows outside it, activities not done."""
    dc = compare_plan(bao_cao, ke_hoach)
    out = [
        _problem(
            "ngoai-ke-hoach",
            f"{table}[{i}]",
            f"dòng '{bao_cao.bang(table)[i].ten}' không khớp hoạt động nào của kế hoạch "
            "(so theo bảng, chỉ tiêu, cấp và tên); nếu là hoạt động của kế hoạch, ghi cùng "
            "chi_tieu và cap",
        )
        for table, i in dc.ngoai_ke_hoach
    ]
    out.extend(
        _problem(
            "chua-thuc-hien",
            "",
            f"hoạt động {k.vi_tri + 1} của kế hoạch '{k.hoat_dong.ten}' "
            f"({BANG_BAO_CAO[k.hoat_dong.bang].muc}) chưa có kết quả trong báo cáo",
        )
        for k in dc.ket_qua
        if k.trang_thai == "chua-thuc-hien"
    )
    return out
