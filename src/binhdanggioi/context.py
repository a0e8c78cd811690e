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
from binhdanggioi.model import BaoCao, Cap, DonVi, HoatDong, KeHoach, NgayThang, SanPham, SoNguoi
from binhdanggioi.vietnamese import (
    format_count,
    format_date,
    format_money,
    format_number,
    format_short_date,
    money_in_words,
)
from binhdanggioi.vocabulary import BANG_BAO_CAO

__all__ = [
    "BLANK",
    "CONTEXT_KEYS",
    "TABLE_TITLES",
    "cap_label",
    "caps_label",
    "template_context",
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
    """The label of a level as the seed prints it, for a report of ``don_vi``.

    The reporting unit's own level takes its kind (``loai``): "Thành phố" for
    Bắc Kạn; other levels take their generic name.

    >>> cap_label(Cap.HUYEN, DonVi("Bắc Kạn", "huyen", loai="thành phố"))
    'Thành phố'
    >>> cap_label(Cap.HUYEN, DonVi("Bắc Kạn", "tinh"))
    'Huyện'
    """
    if cap is don_vi.cap and don_vi.loai and cap is not Cap.TRUONG_HOC:
        return _capitalize(_clean(don_vi.loai.strip()))
    return cap.nhan_bang


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
        "nam_viet": _number(s.nam),
        "nu_viet": _number(s.nu),
        "tong_viet": _number(s.tong_so),
        "ty_le_nu_viet": "" if ratio is None else format_number(ratio * 100, decimals=1) + "%",
    }


def _number(value: int | None) -> str:
    return "" if value is None else format_number(value)


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
        notes.append(
            f"Tổng {format_number(s.tong)} người, trong đó {format_number(s.chua_phan_tach)} "
            "người chưa phân tách theo giới."
        )
    return " ".join(notes) or None


_COUNT_NOTE = "Tổng hợp từ số liệu chưa đầy đủ: có đơn vị chưa báo cáo số lượng."
_BUDGET_NOTE = "Kinh phí tổng hợp chưa đầy đủ: có đơn vị chưa báo cáo kinh phí."


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _table(
    name: str, number: int, rows: Sequence[HoatDong | SanPham], bc: BaoCao
) -> dict[str, Any]:
    out_rows: list[dict[str, Any]] = []
    notes: list[dict[str, str]] = []
    stt = 0
    for i, row in enumerate(rows):
        ten = _clean(row.ten)
        # A group shares one STT and one name cell, which also carries the source:
        # rows join it only with the same name AND the same sources (aggregates).
        first = (
            i == 0
            or not _same_name(ten, _clean(rows[i - 1].ten))
            or _clean_list(row.nguon) != _clean_list(rows[i - 1].nguon)
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
        nguon = _clean_list(row.nguon)
        count_text = format_count(row.so_luong)
        out_rows.append(
            {
                "stt": str(stt) if first else "",
                "so_thu_tu": stt,
                "nhom_dau": first,
                "ten": ten,
                "so_luong": row.so_luong,
                "so_luong_viet": f"{count_text} {count_mark}".strip(),
                "so_luong_chua_du": row.so_luong_chua_du,
                "dau_so_luong": count_mark,
                "nguoi": people,
                "nam_viet": people["nam_viet"],
                "nu_viet": people["nu_viet"],
                "tong_viet": people["tong_viet"],
                "chi_tong": (
                    row.nguoi.tong is not None and row.nguoi.nam is None and row.nguoi.nu is None
                ),
                "thieu": row.thieu,
                "dau": mark,
                "cap": [c.value for c in row.cap],
                "cap_viet": caps_label(row.cap, bc.don_vi),
                "chi_tieu": _clean_opt(row.chi_tieu),
                "ma": _clean_opt(row.ma),
                "ghi_chu": _clean_opt(row.ghi_chu),
                "nguon": nguon,
                "nguon_viet": ", ".join(nguon),
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
) -> dict[str, Any]:
    return {
        "so_dong": so_dong,
        "so_luong": so_luong,
        "so_luong_viet": format_count(so_luong),
        "nguoi": _people_fields(nguoi),
        "so_dong_thieu": so_dong_thieu,
        "so_luong_thieu": so_luong_thieu,
        "thieu": so_dong_thieu > 0 or so_luong_thieu or nguoi.thieu,
    }


def _money_line(label: str, amount: int | None) -> dict[str, Any]:
    words: str | None = None
    if amount is None:
        shown = "Chưa có số liệu"
    elif amount == 0:
        shown = "Không"
    else:
        shown = format_money(amount)
        words = money_in_words(amount) if amount > 0 else None
    full = f"{label}: {shown}" + (f" ({words})" if words else "")
    return {
        "nhan": label,
        "so_tien": amount,
        "so_tien_viet": shown,
        "bang_chu": words,
        "viet": full,
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
    return {
        "ten": _clean(dv.ten),
        "cap": dv.cap.value,
        "loai": _clean_opt(dv.loai),
        "ma": _clean_opt(dv.ma),
        "ten_day_du": _clean(dv.ten_day_du),
    }


def _header(bc: BaoCao) -> dict[str, Any]:
    vb = bc.van_ban
    unit = _clean(bc.don_vi.ten_day_du)
    co_quan = _clean_opt(vb.co_quan) or f"ỦY BAN NHÂN DÂN\n{unit.upper()}"
    so = _clean_opt(vb.so)
    ky_hieu = _clean_opt(vb.ky_hieu)
    number = "Số: " + (so.strip() if so and so.strip() else BLANK)
    if ky_hieu:
        number += f"/{ky_hieu.strip()}"
    place = _clean_opt(vb.dia_danh) or _clean(bc.don_vi.ten)
    when = vb.ngay or NgayThang(bc.nam)
    trich_yeu = _clean_opt(vb.trich_yeu) or (
        f"Kết quả thực hiện {_years.action_month_name(bc.nam)} năm {bc.nam}"
    )
    kinh_gui = _clean_list(vb.kinh_gui)
    return {
        "co_quan_chu_quan": _clean_opt(vb.co_quan_chu_quan),
        "co_quan_chu_quan_dong": [line.upper() for line in _lines(vb.co_quan_chu_quan)],
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


def _signature(bc: BaoCao) -> dict[str, Any]:
    """The signature block, and a placeholder for a report that names no signer.

    ``trong``: nothing given (aggregates, drafts); ``goi_y`` is then what the
    templates print instead: the authority of a People's Committee ("TM. ỦY BAN
    NHÂN DÂN", "CHỦ TỊCH"), else the head of the issuing body, and room to sign.
    """
    ck = bc.chu_ky
    quyen_han, chuc_vu, ho_ten = (
        _clean_list(ck.quyen_han),
        _clean_opt(ck.chuc_vu),
        _clean_opt(ck.ho_ten),
    )
    empty = not any(q.strip() for q in quyen_han) and not (chuc_vu or "").strip()
    empty = empty and not (ho_ten or "").strip()
    body = (_lines(bc.van_ban.co_quan) or ["ỦY BAN NHÂN DÂN"])[0]
    folded = " ".join(body.casefold().replace("uỷ", "ủy").split())
    if folded.startswith("ủy ban nhân dân"):
        hint = {"quyen_han": ["TM. ỦY BAN NHÂN DÂN"], "chuc_vu": "CHỦ TỊCH"}
    else:
        hint = {"quyen_han": [], "chuc_vu": "THỦ TRƯỞNG CƠ QUAN"}
    return {
        "quyen_han": quyen_han,
        "chuc_vu": chuc_vu,
        "ho_ten": ho_ten,
        "trong": empty,
        "goi_y": {**hint, "ghi_chu": _SIGN_HINT},
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
    unit = _clean(bc.don_vi.ten_day_du)
    plans = [_plan(k) for k in bc.ke_hoach]
    loi_dan = _clean_opt(bc.loi_dan) or f"{_capitalize(unit)} báo cáo kết quả thực hiện như sau"
    tables = [_table(name, i, bc.bang(name), bc) for i, name in enumerate(BaoCao.TABLES, 1)]
    overall = bc.tong_hop()
    kp = bc.kinh_phi
    # A marked budget says so where every template prints the budget's note.
    budget_gap = _BUDGET_NOTE if kp.thieu else None
    budget_note = " ".join(t for t in (budget_gap, _clean_opt(kp.ghi_chu)) if t) or None
    ket_luan = _clean_opt(bc.ket_luan) or (
        f"Trên đây là báo cáo kết quả thực hiện {bc.ten_thang_hanh_dong} năm {bc.nam} "
        f"trên địa bàn {unit}"
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
        "chi_dao": _clean_list(bc.chi_dao),
        "ket_qua": _clean_list(bc.ket_qua),
        "kinh_phi": {
            "ngan_sach_nha_nuoc": kp.ngan_sach_nha_nuoc,
            "van_dong": kp.van_dong,
            "tong": kp.tong,
            "ghi_chu": budget_note,
            "chua_day_du": kp.chua_day_du,
            "ghi_chu_thieu": budget_gap,
            "dong": [
                _money_line("a) Ngân sách nhà nước", kp.ngan_sach_nha_nuoc),
                _money_line("b) Ngân sách vận động", kp.van_dong),
            ],
        },
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
    "chi_dao",
    "ket_qua",
    "kinh_phi",
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
