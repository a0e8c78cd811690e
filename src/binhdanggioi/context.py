"""The template context: one plain mapping of a report for every template.

:func:`template_context` turns a :class:`~binhdanggioi.model.BaoCao` into one plain
mapping (dicts, lists, text, numbers, dates) that every renderer and every template
receives: the report's fields, the derived figures and the table rows ready to print.
With :func:`binhdanggioi.templating.jinja_environment` (the sandbox with the
Vietnamese filters) it lets people render their own way; ``docs/huong-dan-mau.md``
lists every key.

>>> from binhdanggioi.formats import load, example_path
>>> ctx = template_context(load(example_path()))
>>> ctx["van_ban"]["so_ky_hieu"]
'Số:      /UBND - LĐT BXH'
>>> [(r["stt"], r["so_luong_viet"], r["cap_viet"]) for r in ctx["san_pham"]["dong"]]
[('1', '09', 'Thành phố, xã phường'), ('', '21', 'Các trường học')]
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

from binhdanggioi._context_comparison import _comparison
from binhdanggioi._context_header import (
    BLANK,
    _data_title,
    _header,
    _opening,
    _plan,
    _recipients,
    _signature,
    _theme_line,
    _unit,
    ten_co_quan,
)
from binhdanggioi._context_tables import (
    _BUDGET_NOTE,
    TABLE_TITLES,
    _budget_lines,
    _money_line,
    _support,
    _table,
    _totals,
)
from binhdanggioi._context_text import (
    _capitalize,
    _clean,
    _clean_list,
    _clean_opt,
    _sentence,
    cap_label,
    caps_label,
)
from binhdanggioi._context_units import y_kien_don_vi
from binhdanggioi.model import (
    BaoCao,
)

__all__ = [
    "BLANK",
    "CONTEXT_KEYS",
    "TABLE_TITLES",
    "cap_label",
    "caps_label",
    "template_context",
    "ten_co_quan",
    "y_kien_don_vi",
]


# --------------------------------------------------------------------------- context


def template_context(
    bao_cao: BaoCao, *, nam_truoc: BaoCao | None = None, don_vi_con: Iterable[BaoCao] = ()
) -> dict[str, Any]:
    """The mapping every template receives for ``bao_cao``; keys in ``docs/huong-dan-mau.md``.

    Plain data only (dicts, lists, text, numbers, dates), so a template reaches
    nothing but the report. Text is NFC, without characters a document cannot
    hold; defaults fill the parts a draft leaves out (summary line, theme,
    opening words, closing sentence). ``nam_truoc``: an earlier report of the same
    unit; the key ``so_sanh`` (and each table's and row's ``so_sanh``) then holds
    the comparison with it (see :func:`binhdanggioi.comparison.compare`).
    ``don_vi_con``: the units' reports ``bao_cao`` was aggregated from; the key
    ``y_kien_don_vi`` then lists every narrative item of each (see
    :func:`y_kien_don_vi`), for an appendix; empty without them.

    >>> from binhdanggioi.model import DonVi
    >>> ctx = template_context(BaoCao(2023, DonVi("Bắc Kạn", "huyen", loai="thành phố")))
    >>> ctx["mo_dau"]
    'Thành phố Bắc Kạn báo cáo kết quả thực hiện như sau:'
    >>> ctx["kinh_phi"]["dong"][0]["viet"]
    'a) Ngân sách nhà nước: Chưa có số liệu'
    """
    if not isinstance(bao_cao, BaoCao):
        raise TypeError(f"template_context() cần một BaoCao, nhận {type(bao_cao).__name__}")
    bc = bao_cao
    territorial = bc.don_vi.kieu_co_quan.lanh_tho
    unit = ten_co_quan(bc.don_vi)
    plans = [_plan(k) for k in bc.ke_hoach]
    loi_dan = _clean_opt(bc.loi_dan) or f"{_capitalize(unit)} báo cáo kết quả thực hiện như sau"
    tables = [_table(name, i, bc.bang(name), bc) for i, name in enumerate(BaoCao.TABLES, 1)]
    overall = bc.tong_hop()
    kp = bc.kinh_phi
    # A marked budget says so where every template prints the budget's note.
    budget_gap = _BUDGET_NOTE if kp.thieu else None
    budget_note = " ".join(t for t in (budget_gap, _clean_opt(kp.ghi_chu)) if t) or None
    # "trên địa bàn" fits a territory only; any other body reports its own work.
    ket_luan = _clean_opt(bc.ket_luan) or (
        f"Trên đây là báo cáo kết quả thực hiện {bc.ten_thang_hanh_dong} năm {bc.nam} "
        + (f"trên địa bàn {unit}" if territorial else f"của {unit}")
    )
    sources = [_unit(u) for u in bc.nguon]
    missing = [_unit(u) for u in bc.chua_bao_cao]
    so_sanh = _comparison(bc, nam_truoc, tables)
    context: dict[str, Any] = {
        "nam": bc.nam,
        "don_vi": _unit(bc.don_vi),
        "van_ban": _header(bc),
        "ke_hoach": plans,
        "loi_dan": _sentence(loi_dan),
        "mo_dau": _opening(plans, loi_dan),
        "ten_thang_hanh_dong": bc.ten_thang_hanh_dong,
        "chu_de": _clean_opt(bc.chu_de_nam),
        "chu_de_cau": _theme_line(bc),
        "chi_dao": _clean_list(bc.chi_dao),
        "ket_qua": _clean_list(bc.ket_qua),
        "kinh_phi": {
            "ngan_sach_nha_nuoc": kp.ngan_sach_nha_nuoc,
            "van_dong": kp.van_dong,
            "tong": kp.tong,
            "ghi_chu": budget_note,
            "chua_day_du": kp.chua_day_du,
            "ghi_chu_thieu": budget_gap,
            "nguon_khac": [
                {
                    "ten": _clean(n.ten),
                    "so_tien": n.so_tien,
                    "ghi_chu": _clean_opt(n.ghi_chu),
                    "chua_day_du": n.chua_day_du,
                }
                for n in kp.nguon_khac
            ],
            "dong": _budget_lines(kp),
            "tong_viet": _money_line("Tổng kinh phí", kp.tong)["viet"],
        },
        "ho_tro": _support(bc.ho_tro, bc),
        "danh_gia": {
            "thuan_loi": _clean_list(bc.danh_gia.thuan_loi),
            "kho_khan": _clean_list(bc.danh_gia.kho_khan),
            "nguyen_nhan": _clean_list(bc.danh_gia.nguyen_nhan),
        },
        "kien_nghi": _clean_list(bc.kien_nghi),
        "tieu_de_so_lieu": _data_title(bc.nam),
        "bang": tables,
        **{t["ten"]: t for t in tables},
        "tong_hop": _totals(
            overall.so_dong,
            overall.so_luong,
            overall.nguoi,
            overall.so_dong_thieu,
            so_luong_thieu=overall.so_luong_thieu,
            so_luong_uoc_tinh=overall.so_luong_uoc_tinh,
        ),
        "thieu": overall.thieu,
        "ket_luan": _sentence(ket_luan),
        "noi_nhan": _recipients(bc),
        "chu_ky": _signature(bc),
        "nguon": sources,
        "nguon_viet": ", ".join(s["ten_day_du"] for s in sources),
        "chua_bao_cao": missing,
        "chua_bao_cao_viet": ", ".join(s["ten_day_du"] for s in missing),
        "la_tong_hop": bool(sources),
        "so_sanh": so_sanh,
        "y_kien_don_vi": y_kien_don_vi(don_vi_con),
    }
    return context


CONTEXT_KEYS: tuple[str, ...] = (
    "nam",
    "don_vi",
    "van_ban",
    "ke_hoach",
    "loi_dan",
    "mo_dau",
    "ten_thang_hanh_dong",
    "chu_de",
    "chu_de_cau",
    "chi_dao",
    "ket_qua",
    "kinh_phi",
    "ho_tro",
    "danh_gia",
    "kien_nghi",
    "tieu_de_so_lieu",
    "bang",
    *BaoCao.TABLES,
    "tong_hop",
    "thieu",
    "ket_luan",
    "noi_nhan",
    "chu_ky",
    "nguon",
    "nguon_viet",
    "chua_bao_cao",
    "chua_bao_cao_viet",
    "la_tong_hop",
    "so_sanh",
    "y_kien_don_vi",
)
"""Top-level keys of :func:`template_context`, in the order the document uses them."""


# --------------------------------------------------------------------------- moved names

_MOVED = frozenset(
    {"FILTERS", "compile_template", "escape_markdown", "jinja_environment", "render_template"}
)


def __getattr__(name: str) -> Any:
    # The templating names lived here until 0.1; kept importable for one release.
    if name not in _MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(
        f"binhdanggioi.context.{name} moved to binhdanggioi.templating.{name}; "
        "import it from there",
        DeprecationWarning,
        stacklevel=2,
    )
    from binhdanggioi import templating

    return getattr(templating, name)
