"""The context's comparison with an earlier year: the ``so_sanh`` key and each
table's and row's comparison columns.

Part of :mod:`binhdanggioi.context`.
"""

from __future__ import annotations

from typing import Any

from binhdanggioi._context_text import _clean, caps_label
from binhdanggioi.comparison import (
    BienDong,
    SoSanh,
    SoSanhBang,
    bien_dong_data,
    budget_data,
    compare,
    comparison_sentences,
)
from binhdanggioi.model import (
    BaoCao,
)
from binhdanggioi.vietnamese import (
    format_count,
    format_number,
)

# --------------------------------------------------------------------------- comparison


def _change_line(bd: BienDong, *, percent: bool) -> str:
    if not bd.so_sanh_duoc:
        return "không so sánh được"
    if bd.xu_huong == "không đổi":
        return "không đổi"
    change = bd.chenh_lech or 0
    amount = (
        f"{format_number(abs(bd.phan_tram), decimals=1)}\u00a0%"  # never "%" alone on a line
        if percent and bd.phan_tram is not None
        else format_number(abs(change))
    )
    return f"{bd.xu_huong} {amount}"


def _row_comparison(so_luong: BienDong, nguoi: BienDong, *, present: bool) -> dict[str, Any]:
    """What the comparison columns of one row print: last year, and the change."""
    before: list[str] = []
    if so_luong.nam_truoc is not None:
        before.append(
            format_count(so_luong.nam_truoc) + (" (*)" if so_luong.thieu_nam_truoc else "")
        )
    if nguoi.nam_truoc is not None:
        before.append(
            f"{format_number(nguoi.nam_truoc)} người" + (" (*)" if nguoi.thieu_nam_truoc else "")
        )
    if not before:
        before = ["Chưa có số liệu"] if present else []
    change = []
    if so_luong.nam_truoc is not None or so_luong.nam_nay is not None:
        change.append(_change_line(so_luong, percent=False))
    if nguoi.nam_truoc is not None or nguoi.nam_nay is not None:
        change.append(_change_line(nguoi, percent=True))
    if len(set(change)) == 1:
        change = change[:1]
    return {
        "so_luong": so_luong,
        "nguoi": nguoi,
        "nam_truoc_dong": before,
        "thay_doi_dong": change,
        "nam_truoc_viet": "\n".join(before),
        "thay_doi_viet": "\n".join(change),
    }


def _table_comparison(
    table: dict[str, Any], cmp: SoSanhBang, ss: SoSanh, sentence: str | None, bc: BaoCao
) -> None:
    """Give ``table`` and its rows their comparison (plain data, in place)."""
    first_of: dict[int, Any] = {}
    gone: list[dict[str, Any]] = []
    for entry in cmp.dong:
        if entry.dong_nam_nay:
            first_of[entry.dong_nam_nay[0]] = entry
        else:
            label = caps_label(entry.cap, bc.don_vi)
            count = entry.so_luong.nam_truoc
            people = entry.nguoi.nam_truoc
            figures = [
                *([format_count(count)] if count is not None else []),
                *([f"{format_number(people)} người"] if people is not None else []),
            ]
            gone.append(
                {
                    "ten": _clean(entry.ten),
                    "cap_viet": label,
                    "viet": f"{_clean(entry.ten)}"
                    + (f" ({label})" if label else "")
                    + (f": {', '.join(figures)}" if figures else ""),
                }
            )
    for i, row in enumerate(table["dong"]):
        found = first_of.get(i)
        row["so_sanh"] = (
            _row_comparison(found.so_luong, found.nguoi, present=True)
            if found is not None
            else _row_comparison(BienDong(None, None), BienDong(None, None), present=False)
        )
        row["so_sanh"]["so_luong"] = bien_dong_data(
            row["so_sanh"]["so_luong"], ss.nam, ss.nam_truoc, loai="so_luong"
        )
        row["so_sanh"]["nguoi"] = bien_dong_data(
            row["so_sanh"]["nguoi"], ss.nam, ss.nam_truoc, loai="nguoi"
        )
    table["so_sanh"] = {
        "cau": sentence,
        "so_luong": bien_dong_data(cmp.so_luong, ss.nam, ss.nam_truoc, loai="so_luong"),
        "nguoi": bien_dong_data(cmp.nguoi, ss.nam, ss.nam_truoc, loai="nguoi"),
        "chi_nam_truoc": gone,
        "chi_nam_truoc_viet": "; ".join(g["viet"] for g in gone),
    }


def _comparison(
    bc: BaoCao, nam_truoc: BaoCao | None, tables: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """The ``so_sanh`` key, and each table's and row's ``so_sanh`` (``None`` without one)."""
    for table in tables:
        table["so_sanh"] = None
        for row in table["dong"]:
            row["so_sanh"] = None
    if nam_truoc is None:
        return None
    ss = compare(bc, nam_truoc)
    sentences = comparison_sentences(ss, kinh_phi=True)
    for table, cmp in zip(tables, ss.bang, strict=True):
        _table_comparison(table, cmp, ss, sentences.get(cmp.bang), bc)
    budget = budget_data(ss.kinh_phi, ss.nam, ss.nam_truoc)
    return {
        "nam": ss.nam,
        "nam_truoc": ss.nam_truoc,
        "cot_nam_truoc": f"Năm {ss.nam_truoc}",
        "cot_thay_doi": "Tăng, giảm",
        "cau": {k: v for k, v in sentences.items() if k != "kinh_phi"},
        "kinh_phi": {**budget, "cau": sentences.get("kinh_phi")},
        "canh_bao": list(ss.canh_bao),
    }
