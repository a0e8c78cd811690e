"""Excel input forms: a workbook communes fill in, read back into a :class:`BaoCao`.

:func:`write_form` writes the form, blank or filled with a report (the ``xlsx``
renderer uses it); :func:`load_form` reads a filled form. Every problem found is
reported at once, with its sheet and cell (``Hoạt động!E7``), in Vietnamese.

Sheets, in order: ``Hướng dẫn`` (how to fill the form; not read), ``Đơn vị`` (year,
unit, document header; one field a row), ``Hoạt động``, ``Truyền thông``,
``Sản phẩm`` (tables III.1–III.3; one row each), ``Kinh phí`` (budget), ``Nội dung``
(narrative; one paragraph a row under its section), ``Kế hoạch`` (plans the report
answers), ``Nguồn số liệu`` (units an aggregate was built from) and the hidden
``Danh mục`` (lists behind the drop-downs; not read).

The plan (kế hoạch) has a form of its own, built from the same parts:
:func:`write_plan_form` and :func:`load_plan_form` (sheets :data:`PLAN_SHEETS`);
:func:`binhdanggioi.load_plan` reads it by its ``.xlsx`` suffix.

Cells are tied to fields by hidden keys (a hidden column, or a hidden row above a
table's data), not by labels or positions. Other sheets are ignored.

The package follows the form's seams: :mod:`.layout` (the sheets, fields and field
kinds, as data), :mod:`.cells` (values to cells and back), :mod:`.write` and
:mod:`.read`. openpyxl is imported only when a form is written or read.

>>> from binhdanggioi.formats import example_path, load
>>> report = load(example_path())
>>> loads_form(write_form(None, bao_cao=report)) == report
True
"""

from __future__ import annotations

from binhdanggioi.formats.xlsx.layout import SHEETS
from binhdanggioi.formats.xlsx.plan import load_plan_form, loads_plan_form, write_plan_form
from binhdanggioi.formats.xlsx.plan_layout import PLAN_SHEETS
from binhdanggioi.formats.xlsx.read import load_form, loads_form
from binhdanggioi.formats.xlsx.write import write_form

__all__ = [
    "PLAN_SHEETS",
    "SHEETS",
    "load_form",
    "load_plan_form",
    "loads_form",
    "loads_plan_form",
    "write_form",
    "write_plan_form",
]
