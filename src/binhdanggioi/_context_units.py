"""The units' own narrative, unit by unit, for an appendix of an aggregated report.

:func:`binhdanggioi.aggregation.aggregate` merges the units' items by meaning and
keeps a bounded number per section ("Và 37 ý kiến khác …"); this keeps every item
of every unit, so that a template can print them all in an appendix.

Part of :mod:`binhdanggioi.context` (which re-exports the public name).
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from typing import Any

from binhdanggioi._context_header import _unit
from binhdanggioi._context_text import _clean, _clean_list
from binhdanggioi.drafting import generated_items
from binhdanggioi.model import BaoCao

SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("chi_dao", "I.1", "Công tác lãnh đạo, ban hành kế hoạch triển khai"),
    ("ket_qua", "I.2", "Nội dung hoạt động đã triển khai"),
    ("danh_gia.thuan_loi", "II.1", "Thuận lợi"),
    ("danh_gia.kho_khan", "II.2", "Những khó khăn, tồn tại"),
    ("danh_gia.nguyen_nhan", "II.3", "Nguyên nhân"),
    ("kien_nghi", "II.4", "Kiến nghị, đề xuất"),
)
"""The narrative sections a unit's items are listed under: ``(field path, number, title)``,
the sections :func:`~binhdanggioi.aggregation.aggregate` merges."""


def y_kien_don_vi(reports: Iterable[BaoCao]) -> list[dict[str, Any]]:
    """Every narrative item of each unit's report, in the units' order, by section.

    Per unit: ``ten`` (its label, :attr:`DonVi.nhan`), ``don_vi`` (as the context's
    ``don_vi``), ``muc`` (the sections it wrote in, in the document's order: ``khoa``
    the field path, ``so_muc`` like ``"II.2"``, ``tieu_de``, ``y_kien`` its items as
    written) and ``so_y_kien``. Sentences the software drafted from a unit's figures
    (``tu_dong``) are left out, as the merge leaves them out: they are not the unit's
    views, and its figures are in the parent's tables.

    >>> from binhdanggioi.model import DanhGia, DonVi
    >>> r = BaoCao(2023, DonVi("A", "xa", "xã"), danh_gia=DanhGia(kho_khan=("Thiếu kinh phí.",)))
    >>> [(u["ten"], [(m["so_muc"], m["y_kien"]) for m in u["muc"]]) for u in y_kien_don_vi([r])]
    [('Xã A', [('II.2', ['Thiếu kinh phí.'])])]
    """
    out: list[dict[str, Any]] = []
    for i, report in enumerate(reports):
        if not isinstance(report, BaoCao):
            raise TypeError(f"don_vi_con[{i}] cần một BaoCao, nhận {type(report).__name__}")
        drafted = generated_items(report) if report.tu_dong else {}
        sections = []
        for path, number, title in SECTIONS:
            left_out = drafted.get(path, frozenset())
            items = [t for t in operator.attrgetter(path)(report) if t not in left_out]
            if items:
                sections.append(
                    {"khoa": path, "so_muc": number, "tieu_de": title, "y_kien": _clean_list(items)}
                )
        out.append(
            {
                "ten": _clean(report.don_vi.nhan),
                "don_vi": _unit(report.don_vi),
                "muc": sections,
                "so_y_kien": sum(len(s["y_kien"]) for s in sections),
            }
        )
    return out
