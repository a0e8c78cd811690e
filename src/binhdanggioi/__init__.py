"""binhdanggioi: hold, check, aggregate and render Action Month reports.

>>> import binhdanggioi as bdg
>>> bdg.format_number(10450)
'10.450'

The public API is re-exported here. Names are resolved on first use so that
``import binhdanggioi`` stays light: docxtpl, openpyxl and Jinja2 load only when
a function that needs them is called.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "AggregationError": "errors",
    "BaoCao": "model",
    "BienDong": "comparison",
    "BinhDangGioiError": "errors",
    "Cap": "model",
    "Catalogue": "catalogue",
    "ChuKy": "model",
    "DanhGia": "model",
    "DataError": "errors",
    "DataIssue": "errors",
    "DayDu": "roster",
    "DoiChieu": "doi_chieu",
    "DonVi": "model",
    "HoatDong": "model",
    "HoatDongKeHoach": "ke_hoach",
    "KeHoach": "model",
    "KeHoachTrienKhai": "ke_hoach",
    "KinhPhi": "model",
    "KinhPhiKeHoach": "ke_hoach",
    "MissingDependencyError": "errors",
    "NgayThang": "model",
    "NoiNhan": "model",
    "Problem": "rules",
    "RendererError": "errors",
    "SanPham": "model",
    "SoNguoi": "model",
    "SoSanh": "comparison",
    "TemplateError": "errors",
    "TemplateSecurityError": "errors",
    "ThoiGian": "ke_hoach",
    "TongHop": "model",
    "TrachNhiem": "ke_hoach",
    "VanBan": "model",
    "aggregate": "aggregation",
    "available_renderers": "renderers",
    "catalogue_for": "catalogue",
    "compare": "comparison",
    "compare_plan": "doi_chieu",
    "comparison_sentences": "comparison",
    "completeness": "roster",
    "draft": "drafting",
    "dump": "formats",
    "dump_plan": "ke_hoach_io",
    "dumps": "formats",
    "dumps_plan": "ke_hoach_io",
    "example_path": "formats",
    "fold": "vocabulary",
    "format_count": "vietnamese",
    "format_date": "vietnamese",
    "format_money": "vietnamese",
    "format_number": "vietnamese",
    "jinja_environment": "templating",
    "load": "formats",
    "load_plan": "ke_hoach_io",
    "loads": "formats",
    "loads_plan": "ke_hoach_io",
    "money_in_words": "vietnamese",
    "number_to_words": "vietnamese",
    "parse_number": "vietnamese",
    "parse_number_words": "vietnamese",
    "plan_context": "context_ke_hoach",
    "plan_example_path": "ke_hoach_io",
    "render": "renderers",
    "render_many": "renderers",
    "renderers": "",  # the subpackage itself (see __getattr__)
    "report_skeleton": "ke_hoach",
    "template_context": "context",
    "to_csv": "formats.csv",
    "validate": "rules",
    "validate_files": "rules",
    "validate_many": "rules",
    "validate_plan": "ke_hoach_rules",
    "write_form": "formats.xlsx",
}

__all__ = [
    "AggregationError",
    "BaoCao",
    "BienDong",
    "BinhDangGioiError",
    "Cap",
    "Catalogue",
    "ChuKy",
    "DanhGia",
    "DataError",
    "DataIssue",
    "DayDu",
    "DoiChieu",
    "DonVi",
    "HoatDong",
    "HoatDongKeHoach",
    "KeHoach",
    "KeHoachTrienKhai",
    "KinhPhi",
    "KinhPhiKeHoach",
    "MissingDependencyError",
    "NgayThang",
    "NoiNhan",
    "Problem",
    "RendererError",
    "SanPham",
    "SoNguoi",
    "SoSanh",
    "TemplateError",
    "TemplateSecurityError",
    "ThoiGian",
    "TongHop",
    "TrachNhiem",
    "VanBan",
    "__version__",
    "aggregate",
    "available_renderers",
    "catalogue_for",
    "compare",
    "compare_plan",
    "comparison_sentences",
    "completeness",
    "draft",
    "dump",
    "dump_plan",
    "dumps",
    "dumps_plan",
    "example_path",
    "fold",
    "format_count",
    "format_date",
    "format_money",
    "format_number",
    "jinja_environment",
    "load",
    "load_plan",
    "loads",
    "loads_plan",
    "money_in_words",
    "number_to_words",
    "parse_number",
    "parse_number_words",
    "plan_context",
    "plan_example_path",
    "render",
    "render_many",
    "renderers",
    "report_skeleton",
    "template_context",
    "to_csv",
    "validate",
    "validate_files",
    "validate_many",
    "validate_plan",
    "write_form",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'binhdanggioi' has no attribute {name!r}")
    if not module:  # a subpackage: the name is the package, never a function in it
        value = importlib.import_module(f"binhdanggioi.{name}")
    else:
        value = getattr(importlib.import_module(f"binhdanggioi.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from binhdanggioi import renderers
    from binhdanggioi.aggregation import aggregate
    from binhdanggioi.catalogue import Catalogue, catalogue_for
    from binhdanggioi.comparison import BienDong, SoSanh, compare, comparison_sentences
    from binhdanggioi.context import template_context
    from binhdanggioi.context_ke_hoach import plan_context
    from binhdanggioi.doi_chieu import DoiChieu, compare_plan
    from binhdanggioi.drafting import draft
    from binhdanggioi.errors import (
        AggregationError,
        BinhDangGioiError,
        DataError,
        DataIssue,
        MissingDependencyError,
        RendererError,
        TemplateError,
        TemplateSecurityError,
    )
    from binhdanggioi.formats import dump, dumps, example_path, load, loads
    from binhdanggioi.formats.csv import to_csv
    from binhdanggioi.formats.xlsx import write_form
    from binhdanggioi.ke_hoach import (
        HoatDongKeHoach,
        KeHoachTrienKhai,
        KinhPhiKeHoach,
        ThoiGian,
        TrachNhiem,
        report_skeleton,
    )
    from binhdanggioi.ke_hoach_io import (
        dump_plan,
        dumps_plan,
        load_plan,
        loads_plan,
        plan_example_path,
    )
    from binhdanggioi.ke_hoach_rules import validate_plan
    from binhdanggioi.model import (
        BaoCao,
        Cap,
        ChuKy,
        DanhGia,
        DonVi,
        HoatDong,
        KeHoach,
        KinhPhi,
        NgayThang,
        NoiNhan,
        SanPham,
        SoNguoi,
        TongHop,
        VanBan,
    )
    from binhdanggioi.renderers import available_renderers, render, render_many
    from binhdanggioi.roster import DayDu, completeness
    from binhdanggioi.rules import Problem, validate, validate_files, validate_many
    from binhdanggioi.templating import jinja_environment
    from binhdanggioi.vietnamese import (
        format_count,
        format_date,
        format_money,
        format_number,
        money_in_words,
        number_to_words,
        parse_number,
        parse_number_words,
    )
    from binhdanggioi.vocabulary import fold
