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
    "BinhDangGioiError": "errors",
    "Cap": "model",
    "ChuKy": "model",
    "DanhGia": "model",
    "DataError": "errors",
    "DataIssue": "errors",
    "DonVi": "model",
    "HoatDong": "model",
    "KeHoach": "model",
    "KinhPhi": "model",
    "MissingDependencyError": "errors",
    "NgayThang": "model",
    "NoiNhan": "model",
    "Problem": "rules",
    "RendererError": "errors",
    "SanPham": "model",
    "SoNguoi": "model",
    "TemplateError": "errors",
    "TemplateSecurityError": "errors",
    "VanBan": "model",
    "aggregate": "aggregation",
    "dump": "serialization",
    "dumps": "serialization",
    "example_path": "serialization",
    "format_date": "vietnamese",
    "format_number": "vietnamese",
    "jinja_environment": "context",
    "load": "serialization",
    "loads": "serialization",
    "money_in_words": "vietnamese",
    "number_to_words": "vietnamese",
    "render": "renderers",
    "render_many": "renderers",
    "renderers": "renderers",
    "template_context": "context",
    "validate": "rules",
}

__all__ = [
    "AggregationError",
    "BaoCao",
    "BinhDangGioiError",
    "Cap",
    "ChuKy",
    "DanhGia",
    "DataError",
    "DataIssue",
    "DonVi",
    "HoatDong",
    "KeHoach",
    "KinhPhi",
    "MissingDependencyError",
    "NgayThang",
    "NoiNhan",
    "Problem",
    "RendererError",
    "SanPham",
    "SoNguoi",
    "TemplateError",
    "TemplateSecurityError",
    "VanBan",
    "__version__",
    "aggregate",
    "dump",
    "dumps",
    "example_path",
    "format_date",
    "format_number",
    "jinja_environment",
    "load",
    "loads",
    "money_in_words",
    "number_to_words",
    "render",
    "render_many",
    "renderers",
    "template_context",
    "validate",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'binhdanggioi' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"binhdanggioi.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from binhdanggioi.aggregation import aggregate
    from binhdanggioi.context import jinja_environment, template_context
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
        VanBan,
    )
    from binhdanggioi.renderers import render, render_many, renderers
    from binhdanggioi.rules import Problem, validate
    from binhdanggioi.serialization import dump, dumps, example_path, load, loads
    from binhdanggioi.vietnamese import (
        format_date,
        format_number,
        money_in_words,
        number_to_words,
    )
