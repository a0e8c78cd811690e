"""Excel renderer: the report written into the layout of the input form.

The workbook is the form of :mod:`binhdanggioi.formats.xlsx`, filled in, so a district
can send an aggregated report back down (or up) as a spreadsheet and
``load(render(x, "xlsx")) == x``. The layout is fixed by the form, so this
renderer takes no template: passing one is an error rather than silently ignored.

>>> from binhdanggioi.formats import example_path, load
>>> data = XlsxRenderer().render(load(example_path()))
>>> data[:2]
b'PK'
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from binhdanggioi.errors import TemplateError

if TYPE_CHECKING:  # pragma: no cover
    from binhdanggioi.model import BaoCao

__all__ = ["XlsxRenderer"]


class XlsxRenderer:
    """Bảng tính Excel (mẫu nhập liệu có số liệu của báo cáo)."""

    name = "xlsx"
    suffixes: tuple[str, ...] = (".xlsx",)
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    default_template: str | None = None

    def render(self, bao_cao: BaoCao, *, template: str | os.PathLike[str] | None = None) -> bytes:
        """The filled input form of ``bao_cao``, as the bytes of an .xlsx file."""
        if template is not None:
            raise TemplateError(
                "bộ xuất xlsx không dùng mẫu (template): bảng tính luôn theo bố cục của mẫu "
                "nhập liệu; bỏ tùy chọn --template khi xuất ra .xlsx",
                template=os.fspath(template),
            )
        from binhdanggioi.formats.xlsx import write_form

        return write_form(None, bao_cao=bao_cao)
