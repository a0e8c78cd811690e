"""The context's figures: people, the rows of the tables of section III with their
details and footnotes, totals, the budget lines and the support handed out.

Part of :mod:`binhdanggioi.context`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from binhdanggioi._context_text import _clean, _clean_list, _clean_opt, caps_label
from binhdanggioi.model import (
    BaoCao,
    Cap,
    HoatDong,
    HoTro,
    KinhPhi,
    NgayThang,
    NhomNguoi,
    SanPham,
    SoNguoi,
    UocTinh,
)
from binhdanggioi.vietnamese import (
    format_count,
    format_money,
    format_number,
    money_in_words,
)
from binhdanggioi.vocabulary import (
    BANG_BAO_CAO,
    nhom_doi_tuong,
)

TABLE_TITLES: dict[str, dict[str, str]] = {
    spec.ma: {
        "tieu_de": spec.tieu_de,
        "cot_ten": spec.cot_ten,
        "cot_so_luong": spec.cot_so_luong,
        "cot_nguoi": spec.cot_nguoi,
    }
    for spec in BANG_BAO_CAO.values()
}
"""Captions and column headings of the three tables of section III, as the seed prints them."""
# --------------------------------------------------------------------------- figures


def _people_fields(s: SoNguoi) -> dict[str, Any]:
    ratio = s.ty_le_nu
    word = s.uoc_tinh.nhan if s.uoc_tinh is not None else None
    parts = s.phan_uoc_tinh
    return {
        "nam": s.nam,
        "nu": s.nu,
        "tong": s.tong,
        "tong_so": s.tong_so,
        "chua_phan_tach": s.chua_phan_tach,
        "ty_le_nu": ratio,
        "thieu": s.thieu,
        "chua_day_du": s.chua_day_du,
        "mot_phan": s.mot_phan,
        "rong": s.rong,
        "uoc_tinh": word,
        "nam_viet": _approx(_number(s.nam), word if "nam" in parts else None),
        "nu_viet": _approx(_number(s.nu), word if "nu" in parts else None),
        "tong_viet": _approx(_number(s.tong_so), word),
        "ty_le_nu_viet": "" if ratio is None else format_number(ratio * 100, decimals=1) + "%",
    }


def _number(value: int | None) -> str:
    return "" if value is None else format_number(value)


def _approx(text: str, word: str | None) -> str:
    """A written figure with its qualifier before it: ``'hơn 10.450'``."""
    return f"{word} {text}" if word and text else text


def _row_note(s: SoNguoi) -> str | None:
    """Why a people figure needs a footnote: incomplete or partly not split by sex."""
    notes = []
    if s.mot_phan:
        missing = "Nữ" if s.nu is None else "Nam"
        notes.append(f"Chưa có số {missing}; số liệu chưa đầy đủ.")
    elif s.chua_day_du:
        notes.append("Tổng hợp từ số liệu chưa đầy đủ: có đơn vị chưa báo cáo số người.")
    split = s.nam is not None or s.nu is not None
    if split and s.tong is not None and s.chua_phan_tach:
        total = _approx(format_number(s.tong), s.uoc_tinh.nhan if s.uoc_tinh else None)
        notes.append(
            f"Tổng {total} người, trong đó {format_number(s.chua_phan_tach)} "
            "người chưa phân tách theo giới."
        )
    return " ".join(notes) or None


# --------------------------------------------------------------------------- row details


def _day(value: NgayThang) -> str:
    """A possibly partial date, short: ``17/11/2025``, ``11/2025``, ``2025``."""
    parts = [f"{value.nam:04d}"]
    if value.thang is not None:
        parts.insert(0, f"{value.thang:02d}")
    if value.ngay is not None:
        parts.insert(0, f"{value.ngay:02d}")
    return "/".join(parts)


def _when(start: NgayThang | None, end: NgayThang | None) -> str | None:
    """The date or range of an activity: ``17/11/2025 - 08/12/2025``."""
    days = [_day(d) for d in (start, end) if d is not None]
    if len(days) == 2 and days[0] == days[1]:
        days = days[:1]
    return " - ".join(days) or None


def _groups(groups: Sequence[NhomNguoi]) -> list[dict[str, Any]]:
    catalogue = nhom_doi_tuong()
    out = []
    for g in groups:
        word = g.uoc_tinh.nhan if g.uoc_tinh is not None else None
        number = _approx(_number(g.so), word)
        name = _clean(catalogue.ten(g.ma))
        out.append(
            {
                "ma": _clean(g.ma),
                "ten": name,
                "so": g.so,
                "so_viet": number,
                "uoc_tinh": word,
                "chua_day_du": g.chua_day_du,
                "viet": f"{name} {number}".strip() + (" (chưa đầy đủ)" if g.chua_day_du else ""),
            }
        )
    return out


def _details(row: HoatDong | SanPham, groups: list[dict[str, Any]]) -> list[str]:
    """The lines under an activity's name: when, where, how, who organised, for whom."""
    lines = []
    when = _when(row.ngay, row.den_ngay)
    if when:
        lines.append(f"Thời gian: {when}")
    if row.dia_diem:
        lines.append("Địa điểm: " + "; ".join(_clean_list(row.dia_diem)))
    if row.hinh_thuc is not None:
        lines.append(f"Hình thức: {row.hinh_thuc.nhan}")
    if row.don_vi_chu_tri:
        lines.append("Chủ trì: " + "; ".join(_clean_list(row.don_vi_chu_tri)))
    if row.don_vi_phoi_hop:
        lines.append("Phối hợp: " + "; ".join(_clean_list(row.don_vi_phoi_hop)))
    if groups:
        lines.append("Đối tượng: " + ", ".join(g["viet"] for g in groups))
    return lines


_COUNT_NOTE = "Tổng hợp từ số liệu chưa đầy đủ: có đơn vị chưa báo cáo số lượng."
_BUDGET_NOTE = "Kinh phí tổng hợp chưa đầy đủ: có đơn vị chưa báo cáo kinh phí."


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _own_cell(row: HoatDong | SanPham) -> bool:
    """A row with its own details or note keeps its own STT and name cell."""
    return bool(
        row.ghi_chu
        or row.nhom
        or row.ngay
        or row.den_ngay
        or row.dia_diem
        or row.hinh_thuc
        or row.don_vi_chu_tri
        or row.don_vi_phoi_hop
    )


def _row_details(row: HoatDong | SanPham) -> dict[str, Any]:
    """A row's details as the context gives them: dates, places, form, units, groups."""
    groups = _groups(row.nhom)
    details = _details(row, groups)
    return {
        "ngay": row.ngay,
        "den_ngay": row.den_ngay,
        "thoi_gian_viet": _when(row.ngay, row.den_ngay),
        "dia_diem": _clean_list(row.dia_diem),
        "hinh_thuc": row.hinh_thuc.value if row.hinh_thuc is not None else None,
        "hinh_thuc_viet": row.hinh_thuc.nhan if row.hinh_thuc is not None else None,
        "don_vi_chu_tri": _clean_list(row.don_vi_chu_tri),
        "don_vi_phoi_hop": _clean_list(row.don_vi_phoi_hop),
        "nhom": groups,
        "nhom_viet": ", ".join(g["viet"] for g in groups),
        "chi_tiet": details,
        "chi_tiet_viet": "; ".join(details),
    }


def _no_details() -> dict[str, Any]:
    """:func:`_row_details` of a row without any (most rows): built without looking."""
    return {
        "ngay": None,
        "den_ngay": None,
        "thoi_gian_viet": None,
        "dia_diem": [],
        "hinh_thuc": None,
        "hinh_thuc_viet": None,
        "don_vi_chu_tri": [],
        "don_vi_phoi_hop": [],
        "nhom": [],
        "nhom_viet": "",
        "chi_tiet": [],
        "chi_tiet_viet": "",
    }


def _table(
    name: str, number: int, rows: Sequence[HoatDong | SanPham], bc: BaoCao
) -> dict[str, Any]:
    out_rows: list[dict[str, Any]] = []
    notes: list[dict[str, str]] = []
    stt = 0
    before_ten, before_nguon, before_own = "", list[str](), False
    levels: dict[tuple[Cap, ...], str] = {}  # the rows of a table share a few level sets
    for i, row in enumerate(rows):
        ten = _clean(row.ten)
        nguon = _clean_list(row.nguon) if row.nguon else []
        own = _own_cell(row)
        # A group shares one STT and one name cell, which also carries the source:
        # rows join it only with the same name AND the same sources (aggregates), and
        # neither has details or a note of its own (they are printed in that cell).
        first = (
            i == 0 or own or before_own or nguon != before_nguon or not _same_name(ten, before_ten)
        )
        if first:
            stt += 1
        people = _people_fields(row.nguoi)
        # An incomplete count gets its own footnote, marked in the count cell.
        count_mark = ""
        if row.so_luong_chua_du:
            count_mark = f"({len(notes) + 1})"
            notes.append({"dau": count_mark, "noi_dung": _COUNT_NOTE})
        note = _row_note(row.nguoi)
        mark = ""
        if note:
            mark = f"({len(notes) + 1})"
            notes.append({"dau": mark, "noi_dung": note})
        # The row's own note, numbered under the table, its mark after the name.
        ghi_chu = _clean_opt(row.ghi_chu)
        note_mark = ""
        if ghi_chu and ghi_chu.strip():
            note_mark = f"({len(notes) + 1})"
            notes.append({"dau": note_mark, "noi_dung": " ".join(ghi_chu.split())})
        word = row.so_luong_uoc_tinh.nhan if row.so_luong_uoc_tinh is not None else None
        count_text = _approx(format_count(row.so_luong), word)
        before_ten, before_nguon, before_own = ten, nguon, own
        nguoi = row.nguoi
        out_rows.append(
            {
                "stt": str(stt) if first else "",
                "so_thu_tu": stt,
                "nhom_dau": first,
                "ten": ten,
                "so_luong": row.so_luong,
                "so_luong_viet": f"{count_text} {count_mark}".strip(),
                "so_luong_chua_du": row.so_luong_chua_du,
                "so_luong_uoc_tinh": word,
                "dau_so_luong": count_mark,
                "nguoi": people,
                "nam_viet": people["nam_viet"],
                "nu_viet": people["nu_viet"],
                "tong_viet": people["tong_viet"],
                "chi_tong": nguoi.tong is not None and nguoi.nam is None and nguoi.nu is None,
                "thieu": row.thieu,
                "uoc_tinh": row.uoc_tinh,
                "dau": mark,
                "cap": [c.value for c in row.cap],
                "cap_viet": levels.get(row.cap)
                or levels.setdefault(row.cap, caps_label(row.cap, bc.don_vi)),
                "chi_tieu": _clean_opt(row.chi_tieu),
                "ma": _clean_opt(row.ma),
                "ghi_chu": ghi_chu,
                "dau_ghi_chu": note_mark,
                "nguon": nguon,
                "nguon_viet": ", ".join(nguon),
                **(_row_details(row) if own else _no_details()),
            }
        )
    # Rows of one group share one STT and one name cell: tell each row its group size.
    for i, r in enumerate(out_rows):
        if r["nhom_dau"]:
            size = 1
            while i + size < len(out_rows) and not out_rows[i + size]["nhom_dau"]:
                size += 1
            r["so_dong_nhom"] = size
        else:
            r["so_dong_nhom"] = 0
    totals = bc.tong_hop(name)
    return {
        "ten": name,
        "so_muc": number,
        **TABLE_TITLES[name],
        "dong": out_rows,
        "ghi_chu": notes,
        "tong_hop": _totals(
            totals.so_dong,
            totals.so_luong,
            totals.nguoi,
            totals.so_dong_thieu,
            so_luong_thieu=totals.so_luong_thieu,
            so_luong_uoc_tinh=totals.so_luong_uoc_tinh,
        ),
        "rong": not out_rows,
    }


def _totals(
    so_dong: int,
    so_luong: int,
    nguoi: SoNguoi,
    so_dong_thieu: int,
    *,
    so_luong_thieu: bool = False,
    so_luong_uoc_tinh: UocTinh | None = None,
) -> dict[str, Any]:
    word = so_luong_uoc_tinh.nhan if so_luong_uoc_tinh is not None else None
    return {
        "so_dong": so_dong,
        "so_luong": so_luong,
        "so_luong_viet": _approx(format_count(so_luong), word),
        "so_luong_uoc_tinh": word,
        "nguoi": _people_fields(nguoi),
        "so_dong_thieu": so_dong_thieu,
        "so_luong_thieu": so_luong_thieu,
        "thieu": so_dong_thieu > 0 or so_luong_thieu or nguoi.thieu,
    }


def _money_line(label: str, amount: int | None, note: str | None = None) -> dict[str, Any]:
    words: str | None = None
    if amount is None:
        shown = "Chưa có số liệu"
    elif amount == 0:
        shown = "Không"
    else:
        shown = format_money(amount)
        words = money_in_words(amount) if amount > 0 else None
    full = f"{label}: {shown}" + (f" ({words})" if words else "") + (f"; {note}" if note else "")
    return {
        "nhan": label,
        "so_tien": amount,
        "so_tien_viet": shown,
        "bang_chu": words,
        "ghi_chu": note,
        "viet": full,
    }


_LETTERS = "abcdđeghiklmnopqrstuvxy"  # how Vietnamese documents letter a list


def _budget_lines(kp: KinhPhi) -> list[dict[str, Any]]:
    """The lines of I.3: the two budget lines, then each named source (c), d), ...)."""
    lines = [
        _money_line("a) Ngân sách nhà nước", kp.ngan_sach_nha_nuoc),
        _money_line("b) Ngân sách vận động", kp.van_dong),
    ]
    for i, source in enumerate(kp.nguon_khac, start=2):
        mark = f"{_LETTERS[i]})" if i < len(_LETTERS) else "-"
        note = " ".join(t for t in (_clean_opt(source.ghi_chu),) if t) or None
        if source.chua_day_du:
            note = "; ".join(t for t in (note, "chưa đầy đủ") if t)
        lines.append(_money_line(f"{mark} {_clean(source.ten)}", source.so_tien, note))
    return lines


_SUPPORT_NOTE = "Tổng hợp từ số liệu chưa đầy đủ: có đơn vị chưa báo cáo số suất, trị giá."


def _support(rows: Sequence[HoTro], bc: BaoCao) -> dict[str, Any]:
    """The support handed out (gifts, scholarships): rows ready to print, totals, notes."""
    out: list[dict[str, Any]] = []
    notes: list[dict[str, str]] = []
    for i, h in enumerate(rows, start=1):
        mark = ""
        texts = [t for t in (_clean_opt(h.ghi_chu),) if t and t.strip()]
        if h.chua_day_du:
            texts.append(_SUPPORT_NOTE)
        if texts:
            mark = f"({len(notes) + 1})"
            notes.append({"dau": mark, "noi_dung": " ".join(" ".join(texts).split())})
        nguon = _clean_list(h.nguon)
        level = caps_label(h.cap, bc.don_vi)
        figures = [
            *([f"{_number(h.so_suat)} suất"] if h.so_suat is not None else []),
            *([f"trị giá {format_money(h.gia_tri)}"] if h.gia_tri is not None else []),
            *([f"cho {_clean(h.doi_tuong)}"] if h.doi_tuong else []),
        ]
        line = _clean(h.ten) + (": " + ", ".join(figures) if figures else "")
        line += f" ({level})" if level else ""
        out.append(
            {
                "viet": line,
                "stt": str(i),
                "ten": _clean(h.ten),
                "so_suat": h.so_suat,
                "so_suat_viet": _number(h.so_suat),
                "gia_tri": h.gia_tri,
                "gia_tri_viet": "" if h.gia_tri is None else format_money(h.gia_tri),
                "doi_tuong": _clean_opt(h.doi_tuong),
                "cap": [c.value for c in h.cap],
                "cap_viet": level,
                "ghi_chu": _clean_opt(h.ghi_chu),
                "chua_day_du": h.chua_day_du,
                "dau": mark,
                "nguon": nguon,
                "nguon_viet": ", ".join(nguon),
            }
        )
    values = [h.gia_tri for h in rows if h.gia_tri is not None]
    total = sum(values) if values else None
    return {
        "tieu_de": "Hỗ trợ, tặng quà",
        "cot_ten": "Nội dung hỗ trợ",
        "cot_so_suat": "Số suất",
        "cot_gia_tri": "Trị giá",
        "cot_doi_tuong": "Đối tượng",
        "dong": out,
        "ghi_chu": notes,
        "tong_gia_tri": total,
        "tong_gia_tri_viet": "" if total is None else format_money(total),
        "tong_gia_tri_bang_chu": money_in_words(total) if total else None,
        "rong": not out,
    }
