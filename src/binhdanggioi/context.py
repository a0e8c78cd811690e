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

import re
import unicodedata
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

from binhdanggioi import _years
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
    Cap,
    DonVi,
    HoatDong,
    HoTro,
    KeHoach,
    KinhPhi,
    NgayThang,
    NhomNguoi,
    SanPham,
    SoNguoi,
    UocTinh,
)
from binhdanggioi.vietnamese import (
    format_count,
    format_date,
    format_money,
    format_number,
    format_short_date,
    money_in_words,
)
from binhdanggioi.vocabulary import (
    BANG_BAO_CAO,
    UY_BAN_NHAN_DAN,
    LoaiCoQuan,
    ThamQuyenKy,
    fold,
    infer_loai_co_quan,
    name_key,
    nhom_doi_tuong,
    tham_quyen_ky,
)

__all__ = [
    "BLANK",
    "CONTEXT_KEYS",
    "TABLE_TITLES",
    "cap_label",
    "caps_label",
    "template_context",
    "ten_co_quan",
]

BLANK = "     "
"""Room left for an official to write a number or a day by hand."""

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

# --------------------------------------------------------------------------- text


# Characters XML 1.0 cannot carry at all: C0 controls other than tab and newline,
# lone surrogates and the two non-characters. They are dropped from every text so
# that hostile input can never make a rendered document unreadable.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(value: str) -> str:
    """NFC text without characters a document cannot hold; line ends become ``\\n``."""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL.sub("", text)


def _clean_opt(value: str | None) -> str | None:
    return None if value is None else _clean(value)


def _clean_list(values: Iterable[str]) -> list[str]:
    return [_clean(v) for v in values]


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lines(text: str | None) -> list[str]:
    if not text:
        return []
    return [line.strip() for line in _clean(text).split("\n") if line.strip()]


def _sentence(text: str) -> str:
    """``text`` without the full stop, colon or spaces it may end with."""
    return text.rstrip().rstrip(".:;").rstrip()


# --------------------------------------------------------------------------- levels


def cap_label(cap: Cap, don_vi: DonVi) -> str:
    """The label of a level as the seed prints it, for a report of ``don_vi``
    (:meth:`DonVi.nhan_cap`).

    The reporting unit's own level takes its kind (``loai``): "Thành phố" for
    Bắc Kạn; a single commune's own row "Xã", a school's or a university's "Nhà
    trường"; other levels take their generic name.

    >>> cap_label(Cap.HUYEN, DonVi("Bắc Kạn", "huyen", loai="thành phố"))
    'Thành phố'
    >>> cap_label(Cap.HUYEN, DonVi("Bắc Kạn", "tinh"))
    'Huyện'
    >>> cap_label(Cap.XA, DonVi("Dương Quang", "xa"))
    'Xã'
    """
    return _clean(don_vi.nhan_cap(cap))


def caps_label(caps: Sequence[Cap], don_vi: DonVi) -> str:
    """Several levels in one cell: ``'Thành phố, xã phường'``.

    >>> caps_label([Cap.HUYEN, Cap.XA], DonVi("Bắc Kạn", "huyen", loai="thành phố"))
    'Thành phố, xã phường'
    """
    labels = [cap_label(c, don_vi) for c in caps]
    return ", ".join(
        label if i == 0 else label[:1].lower() + label[1:] for i, label in enumerate(labels)
    )


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


def _table(
    name: str, number: int, rows: Sequence[HoatDong | SanPham], bc: BaoCao
) -> dict[str, Any]:
    out_rows: list[dict[str, Any]] = []
    notes: list[dict[str, str]] = []
    stt = 0
    for i, row in enumerate(rows):
        ten = _clean(row.ten)
        # A group shares one STT and one name cell, which also carries the source:
        # rows join it only with the same name AND the same sources (aggregates), and
        # neither has details or a note of its own (they are printed in that cell).
        first = (
            i == 0
            or not _same_name(ten, _clean(rows[i - 1].ten))
            or _clean_list(row.nguon) != _clean_list(rows[i - 1].nguon)
            or _own_cell(row)
            or _own_cell(rows[i - 1])
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
        nguon = _clean_list(row.nguon)
        word = row.so_luong_uoc_tinh.nhan if row.so_luong_uoc_tinh is not None else None
        count_text = _approx(format_count(row.so_luong), word)
        groups = _groups(row.nhom)
        details = _details(row, groups)
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
                "chi_tong": (
                    row.nguoi.tong is not None and row.nguoi.nam is None and row.nguoi.nu is None
                ),
                "thieu": row.thieu,
                "uoc_tinh": row.uoc_tinh,
                "dau": mark,
                "cap": [c.value for c in row.cap],
                "cap_viet": caps_label(row.cap, bc.don_vi),
                "chi_tieu": _clean_opt(row.chi_tieu),
                "ma": _clean_opt(row.ma),
                "ghi_chu": ghi_chu,
                "dau_ghi_chu": note_mark,
                "nguon": nguon,
                "nguon_viet": ", ".join(nguon),
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


# --------------------------------------------------------------------------- narrative


def _plan(kh: KeHoach) -> dict[str, Any]:
    short = format_short_date(kh.ngay) if kh.ngay else None
    text = f"{_clean(kh.loai)} số {_clean(kh.so_hieu)}"
    if short:
        text += f", ngày {short}"
    if kh.co_quan:
        text += f" của {_clean(kh.co_quan)}"
    if kh.trich_yeu:
        text += f" {_clean(kh.trich_yeu)}"
    return {
        "loai": _clean(kh.loai),
        "so_hieu": _clean(kh.so_hieu),
        "ngay": kh.ngay,
        "ngay_viet": short,
        "co_quan": _clean_opt(kh.co_quan),
        "trich_yeu": _clean_opt(kh.trich_yeu),
        "cau": _sentence(text),
    }


def _unit(dv: DonVi) -> dict[str, Any]:
    kind = dv.kieu_co_quan
    return {
        "ten": _clean(dv.ten),
        "cap": dv.cap.value,
        "loai": _clean_opt(dv.loai),
        "ma": _clean_opt(dv.ma),
        # Kind and name, the kind written once ("xã Xã Dương Quang" never).
        "ten_day_du": ten_co_quan(dv),
        "ten_co_quan": ten_co_quan(dv),
        "loai_co_quan": kind.value,
        "loai_co_quan_viet": kind.nhan,
        "lanh_tho": kind.lanh_tho,
        "tinh": _clean_opt(dv.tinh),
        "cap_tren": _clean_opt(dv.cap_tren),
        "dia_danh": _clean_opt(dv.dia_danh),
    }


def _theme_line(bc: BaoCao) -> str | None:
    """The year's theme as an item of I.2, unless I.2 already quotes it (as the seed's
    first item does) or the report does not give it."""
    theme = _clean_opt(bc.chu_de)
    if not theme or not theme.strip():
        return None
    key = fold(name_key(theme))
    if any(key in fold(name_key(item)) for item in bc.ket_qua):
        return None
    name = _years.action_month_name(bc.nam)
    return f"{name} năm {bc.nam} với chủ đề “{' '.join(theme.split())}”."


def _carries_kind(dv: DonVi) -> bool:
    """The name already starts with the body's kind: "Trường Tiểu học Hương Sơn"."""
    if dv.loai and (fold(dv.ten) + " ").startswith(fold(dv.loai) + " "):
        return True
    return infer_loai_co_quan(dv.ten) is not LoaiCoQuan.KHAC


def ten_co_quan(dv: DonVi) -> str:
    """The body's name as written in a sentence, its kind written once.

    >>> ten_co_quan(DonVi("Trường Tiểu học Hương Sơn", "xa", "trường tiểu học"))
    'Trường Tiểu học Hương Sơn'
    >>> ten_co_quan(DonVi("Hương Sơn", "xa", "trường tiểu học"))
    'Trường tiểu học Hương Sơn'
    >>> ten_co_quan(DonVi("Bắc Kạn", "huyen", "thành phố"))
    'thành phố Bắc Kạn'
    >>> ten_co_quan(DonVi("Xã Dương Quang", "xa", "xã"))
    'xã Dương Quang'
    """
    if dv.kieu_co_quan.lanh_tho:
        # A territory in a sentence: its kind in lower case, once ("xã Dương Quang").
        split = dv.tach_loai()
        name = f"{split.loai} {split.ten}" if split.loai else split.ten
        return " ".join(_clean(name).split())
    name = dv.ten if _carries_kind(dv) or not dv.loai else f"{dv.loai} {dv.ten}"
    # A body's own name is a proper name: capitalised.
    return _capitalize(" ".join(_clean(name).split()))


_UBND_NAME = re.compile(r"^\s*(ủy|uỷ)\s+ban\s+nhân\s+dân\s+|^\s*ubnd\s+", re.IGNORECASE)


def _issuing_lines(dv: DonVi) -> str:
    """The issuing body's lines when ``van_ban.co_quan`` is not given."""
    name = ten_co_quan(dv)
    if dv.kieu_co_quan is LoaiCoQuan.UY_BAN_NHAN_DAN:
        territory = _UBND_NAME.sub("", name) or name
        return f"{UY_BAN_NHAN_DAN}\n{territory.upper()}"
    return name.upper()


def _managing_body(bc: BaoCao) -> str | None:
    """The managing body's line: ``van_ban.co_quan_chu_quan``, else the unit's
    ``cap_tren`` for a body that has one (not for a People's Committee, whose
    ``cap_tren`` is the territory above, never printed above its name)."""
    given = _clean_opt(bc.van_ban.co_quan_chu_quan)
    if given is not None:
        return given
    dv = bc.don_vi
    if dv.cap_tren and dv.cap_tren.strip() and not dv.kieu_co_quan.lanh_tho:
        return _clean(dv.cap_tren)
    return None


def _place(bc: BaoCao) -> str:
    """The dateline place: ``van_ban.dia_danh``, ``don_vi.dia_danh``, a territory's own
    name, a province-level body's province; else room to write it by hand."""
    for given in (bc.van_ban.dia_danh, bc.don_vi.dia_danh):
        if given and given.strip():
            return _clean(given)
    dv = bc.don_vi
    if dv.kieu_co_quan.lanh_tho:
        return _clean(dv.ten)
    if dv.cap is Cap.TINH and dv.tinh and not dv.tinh.isdigit():
        return _clean(dv.tinh)
    return BLANK


def _header(bc: BaoCao) -> dict[str, Any]:
    vb = bc.van_ban
    co_quan = _clean_opt(vb.co_quan) or _issuing_lines(bc.don_vi)
    chu_quan = _managing_body(bc)
    so = _clean_opt(vb.so)
    ky_hieu = _clean_opt(vb.ky_hieu)
    number = "Số: " + (so.strip() if so and so.strip() else BLANK)
    if ky_hieu:
        number += f"/{ky_hieu.strip()}"
    place = _place(bc)
    when = vb.ngay or NgayThang(bc.nam)
    trich_yeu = _clean_opt(vb.trich_yeu) or (
        f"Kết quả thực hiện {_years.action_month_name(bc.nam)} năm {bc.nam}"
    )
    kinh_gui = _clean_list(vb.kinh_gui)
    return {
        "co_quan_chu_quan": chu_quan,
        "co_quan_chu_quan_dong": [line.upper() for line in _lines(chu_quan)],
        "co_quan": co_quan,
        "co_quan_dong": [line.upper() for line in _lines(co_quan)],
        "so": so,
        "ky_hieu": ky_hieu,
        "so_ky_hieu": number,
        "dia_danh": place,
        "ngay": vb.ngay,
        "ngay_viet": format_date(when),
        "dia_danh_ngay": format_date(when, place=place),
        "trich_yeu": " ".join(trich_yeu.split()),
        "kinh_gui": kinh_gui,
        "kinh_gui_viet": "; ".join(_sentence(k) for k in kinh_gui),
    }


def _opening(plans: list[dict[str, Any]], loi_dan: str) -> str:
    lead = _capitalize(_sentence(loi_dan)) + ":"
    if not plans:
        return lead
    return "Thực hiện " + "; ".join(p["cau"] for p in plans) + ". " + lead


def _recipients(bc: BaoCao) -> dict[str, Any]:
    nn = bc.noi_nhan
    dien_tu, giay = _clean_list(nn.ban_dien_tu), _clean_list(nn.ban_giay)
    groups: list[dict[str, Any]] = []
    if dien_tu:
        groups.append({"tieu_de": "Gửi bản điện tử:", "dong": dien_tu})
        if giay:
            groups.append({"tieu_de": "Gửi bản giấy:", "dong": giay})
    elif giay:
        groups.append({"tieu_de": None, "dong": giay})
    return {"ban_dien_tu": dien_tu, "ban_giay": giay, "nhom": groups}


_SIGN_HINT = "(Ký, ghi rõ họ tên, đóng dấu)"
"""What the placeholder signature block asks the signer to do."""


def _authority(bc: BaoCao) -> ThamQuyenKy | None:
    """Who signs by default for the issuing body (:func:`tham_quyen_ky`).

    ``None`` when ``van_ban.co_quan`` names a body of another kind than the unit (a
    commune's report issued by a Phòng): its head's title is then not known.
    """
    dv = bc.don_vi
    kind = dv.kieu_co_quan
    name = ten_co_quan(dv)
    written = " ".join(_lines(bc.van_ban.co_quan))
    if written:
        if infer_loai_co_quan(written) is not kind:
            return None
        name = written
    return tham_quyen_ky(name, kind)


def _is_deputy(title: str, head: str) -> bool:
    return fold(title).startswith(fold(f"PHÓ {head}"))


def _signature(bc: BaoCao) -> dict[str, Any]:
    """The signature block: what the report gives, the rest from the kind of body.

    Defaults (:func:`binhdanggioi.vocabulary.tham_quyen_ky`): a People's Committee
    signs "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH", a school "HIỆU TRƯỞNG", an association
    "TM. BAN THƯỜNG VỤ" / "CHỦ TỊCH"... A title "PHÓ <head>" without authority lines
    signs "KT. <head>"; authority lines given are printed as given.
    ``trong``: nothing given (aggregates, drafts); ``goi_y`` is then what the
    templates print instead: the default authority and title, and room to sign.
    """
    ck = bc.chu_ky
    quyen_han = [q for q in _clean_list(ck.quyen_han) if q.strip()]
    chuc_vu = _clean_opt(ck.chuc_vu)
    chuc_vu = chuc_vu if chuc_vu and chuc_vu.strip() else None
    ho_ten = _clean_opt(ck.ho_ten)
    ho_ten = ho_ten if ho_ten and ho_ten.strip() else None
    empty = not quyen_han and chuc_vu is None and ho_ten is None
    default = _authority(bc) or ThamQuyenKy((), "THỦ TRƯỞNG CƠ QUAN")
    if not quyen_han and not empty:
        deputy = chuc_vu is not None and _is_deputy(chuc_vu, default.chuc_vu)
        quyen_han = list(default.ky_thay() if deputy else default.quyen_han)
    if chuc_vu is None and not empty:
        on_behalf = [q for q in quyen_han if fold(q).startswith("kt.")]
        chuc_vu = f"PHÓ {on_behalf[-1][3:].strip()}" if on_behalf else default.chuc_vu
    return {
        "quyen_han": quyen_han,
        "chuc_vu": chuc_vu,
        "ho_ten": ho_ten,
        "trong": empty,
        "goi_y": {
            "quyen_han": list(default.quyen_han),
            "chuc_vu": default.chuc_vu,
            "ghi_chu": _SIGN_HINT,
        },
    }


def _data_title(year: int) -> str:
    # The seed (the province's appendix heading) writes "ứng phó bạo lực", without
    # the "với" of the month's official name; the document reproduces it as issued.
    name = _years.action_month_name(year).replace("ứng phó với", "ứng phó")
    return f"Kết quả thực hiện {name} năm {year}."


# --------------------------------------------------------------------------- context


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


def template_context(bao_cao: BaoCao, *, nam_truoc: BaoCao | None = None) -> dict[str, Any]:
    """The mapping every template receives for ``bao_cao``; keys in ``docs/huong-dan-mau.md``.

    Plain data only (dicts, lists, text, numbers, dates), so a template reaches
    nothing but the report. Text is NFC, without characters a document cannot
    hold; defaults fill the parts a draft leaves out (summary line, theme,
    opening words, closing sentence). ``nam_truoc``: an earlier report of the same
    unit; the key ``so_sanh`` (and each table's and row's ``so_sanh``) then holds
    the comparison with it (see :func:`binhdanggioi.comparison.compare`).

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
