"""The template context and the sandboxed Jinja environment every template renders in.

:func:`template_context` turns a :class:`~binhdanggioi.model.BaoCao` into one plain
mapping (dicts, lists, text, numbers, dates) that every renderer and every template
receives: the report's fields, the derived figures and the table rows ready to print.
:func:`jinja_environment` is the sandbox with the Vietnamese filters. Together they
let people render their own way; ``docs/huong-dan-mau.md`` lists every key.

>>> from binhdanggioi.formats import load, example_path
>>> ctx = template_context(load(example_path()))
>>> ctx["van_ban"]["so_ky_hieu"]
'Số:      /UBND - LĐT BXH'
>>> [(r["stt"], r["so_luong_viet"], r["cap_viet"]) for r in ctx["san_pham"]["dong"]]
[('1', '09', 'Thành phố, xã phường'), ('', '21', 'Các trường học')]
>>> jinja_environment().from_string("{{ 30000000|money_in_words }}").render()
'Ba mươi triệu đồng'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from binhdanggioi import _years
from binhdanggioi._jinja_vi import syntax_message
from binhdanggioi.errors import MissingDependencyError, TemplateError, TemplateSecurityError
from binhdanggioi.model import BaoCao, Cap, DonVi, HoatDong, KeHoach, NgayThang, SanPham, SoNguoi
from binhdanggioi.vietnamese import (
    format_count,
    format_date,
    format_money,
    format_number,
    format_short_date,
    money_in_words,
    number_to_words,
)
from binhdanggioi.vocabulary import BANG_BAO_CAO

if TYPE_CHECKING:  # pragma: no cover
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

__all__ = [
    "BLANK",
    "CONTEXT_KEYS",
    "FILTERS",
    "TABLE_TITLES",
    "cap_label",
    "caps_label",
    "compile_template",
    "escape_markdown",
    "jinja_environment",
    "render_template",
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


def _text(value: str) -> str:
    """NFC text without characters a document cannot hold; line ends become ``\\n``."""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL.sub("", text)


def _opt(value: str | None) -> str | None:
    return None if value is None else _text(value)


def _texts(values: Iterable[str]) -> list[str]:
    return [_text(v) for v in values]


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lines(text: str | None) -> list[str]:
    if not text:
        return []
    return [line.strip() for line in _text(text).split("\n") if line.strip()]


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
        return _capitalize(_text(don_vi.loai.strip()))
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


def _people(s: SoNguoi) -> dict[str, Any]:
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
        ten = _text(row.ten)
        # A group shares one STT and one name cell, which also carries the source:
        # rows join it only with the same name AND the same sources (aggregates).
        first = (
            i == 0
            or not _same_name(ten, _text(rows[i - 1].ten))
            or _texts(row.nguon) != _texts(rows[i - 1].nguon)
        )
        if first:
            stt += 1
        people = _people(row.nguoi)
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
        nguon = _texts(row.nguon)
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
                "chi_tieu": _opt(row.chi_tieu),
                "ma": _opt(row.ma),
                "ghi_chu": _opt(row.ghi_chu),
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
        "nguoi": _people(nguoi),
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
    text = f"{_text(kh.loai)} số {_text(kh.so_hieu)}"
    if short:
        text += f", ngày {short}"
    if kh.co_quan:
        text += f" của {_text(kh.co_quan)}"
    if kh.trich_yeu:
        text += f" {_text(kh.trich_yeu)}"
    return {
        "loai": _text(kh.loai),
        "so_hieu": _text(kh.so_hieu),
        "ngay": kh.ngay,
        "ngay_viet": short,
        "co_quan": _opt(kh.co_quan),
        "trich_yeu": _opt(kh.trich_yeu),
        "cau": _sentence(text),
    }


def _unit(dv: DonVi) -> dict[str, Any]:
    return {
        "ten": _text(dv.ten),
        "cap": dv.cap.value,
        "loai": _opt(dv.loai),
        "ma": _opt(dv.ma),
        "ten_day_du": _text(dv.ten_day_du),
    }


def _header(bc: BaoCao) -> dict[str, Any]:
    vb = bc.van_ban
    unit = _text(bc.don_vi.ten_day_du)
    co_quan = _opt(vb.co_quan) or f"ỦY BAN NHÂN DÂN\n{unit.upper()}"
    so = _opt(vb.so)
    ky_hieu = _opt(vb.ky_hieu)
    number = "Số: " + (so.strip() if so and so.strip() else BLANK)
    if ky_hieu:
        number += f"/{ky_hieu.strip()}"
    place = _opt(vb.dia_danh) or _text(bc.don_vi.ten)
    when = vb.ngay or NgayThang(bc.nam)
    trich_yeu = _opt(vb.trich_yeu) or (
        f"Kết quả thực hiện {_years.action_month_name(bc.nam)} năm {bc.nam}"
    )
    kinh_gui = _texts(vb.kinh_gui)
    return {
        "co_quan_chu_quan": _opt(vb.co_quan_chu_quan),
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
    dien_tu, giay = _texts(nn.ban_dien_tu), _texts(nn.ban_giay)
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
    quyen_han, chuc_vu, ho_ten = _texts(ck.quyen_han), _opt(ck.chuc_vu), _opt(ck.ho_ten)
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


def _data_title(nam: int) -> str:
    # The seed (the province's appendix heading) writes "ứng phó bạo lực", without
    # the "với" of the month's official name; the document reproduces it as issued.
    name = _years.action_month_name(nam).replace("ứng phó với", "ứng phó")
    return f"Kết quả thực hiện {name} năm {nam}."


# --------------------------------------------------------------------------- context


def template_context(bao_cao: BaoCao) -> dict[str, Any]:
    """The mapping every template receives for ``bao_cao``; keys in ``docs/huong-dan-mau.md``.

    Plain data only (dicts, lists, text, numbers, dates), so a template reaches
    nothing but the report. Text is NFC, without characters a document cannot
    hold; defaults fill the parts a draft leaves out (summary line, theme,
    opening words, closing sentence).

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
    unit = _text(bc.don_vi.ten_day_du)
    plans = [_plan(k) for k in bc.ke_hoach]
    loi_dan = _opt(bc.loi_dan) or f"{_capitalize(unit)} báo cáo kết quả thực hiện như sau"
    tables = [_table(name, i, bc.bang(name), bc) for i, name in enumerate(BaoCao.TABLES, 1)]
    overall = bc.tong_hop()
    kp = bc.kinh_phi
    # A marked budget says so where every template prints the budget's note.
    budget_gap = _BUDGET_NOTE if kp.thieu else None
    budget_note = " ".join(t for t in (budget_gap, _opt(kp.ghi_chu)) if t) or None
    ket_luan = _opt(bc.ket_luan) or (
        f"Trên đây là báo cáo kết quả thực hiện {bc.ten_thang_hanh_dong} năm {bc.nam} "
        f"trên địa bàn {unit}"
    )
    sources = [_unit(u) for u in bc.nguon]
    missing = [_unit(u) for u in bc.chua_bao_cao]
    context: dict[str, Any] = {
        "nam": bc.nam,
        "don_vi": _unit(bc.don_vi),
        "van_ban": _header(bc),
        "ke_hoach": plans,
        "loi_dan": _sentence(loi_dan),
        "mo_dau": _opening(plans, loi_dan),
        "ten_thang_hanh_dong": bc.ten_thang_hanh_dong,
        "chu_de": _opt(bc.chu_de_nam),
        "chi_dao": _texts(bc.chi_dao),
        "ket_qua": _texts(bc.ket_qua),
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
            "thuan_loi": _texts(bc.danh_gia.thuan_loi),
            "kho_khan": _texts(bc.danh_gia.kho_khan),
            "nguyen_nhan": _texts(bc.danh_gia.nguyen_nhan),
        },
        "kien_nghi": _texts(bc.kien_nghi),
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
)
"""Top-level keys of :func:`template_context`, in the order the document uses them."""


# --------------------------------------------------------------------------- filters


def _none_blank(func: Callable[..., str]) -> Callable[..., str]:
    """A filter that prints nothing for a figure not reported (``None``)."""

    def wrapper(value: Any, *args: Any, **kwargs: Any) -> str:
        if value is None:
            return ""
        return func(_as_date(value), *args, **kwargs)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def _as_date(value: Any) -> Any:
    # A date written into the context by hand as a mapping {nam, thang, ngay}.
    if isinstance(value, Mapping) and "nam" in value:
        return NgayThang(value["nam"], value.get("thang"), value.get("ngay"))
    if isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{1,2}){0,2}", value.strip()):
        return NgayThang.parse(value)
    return value


FILTERS: dict[str, Callable[..., str]] = {
    "format_count": _none_blank(format_count),
    "format_date": _none_blank(format_date),
    "format_money": _none_blank(format_money),
    "format_number": _none_blank(format_number),
    "format_short_date": _none_blank(format_short_date),
    "money_in_words": _none_blank(money_in_words),
    "number_to_words": _none_blank(number_to_words),
}
"""The Vietnamese filters of every template; ``None`` (not reported) prints nothing."""


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&~])")


def escape_markdown(text: str) -> str:
    r"""Text that Markdown shows as written: markup characters are backslash-escaped.

    Line breaks become spaces so that a value never breaks a table row.

    >>> escape_markdown("<b>A & B</b> | *x*")
    '\\<b\\>A \\& B\\</b\\> \\| \\*x\\*'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


# --------------------------------------------------------------------------- environment


_SECURITY_HINT = "mẫu chỉ được dùng dữ liệu báo cáo, không được truy cập nội bộ Python"


def _require_jinja() -> None:
    try:
        import jinja2  # noqa: F401
    except ImportError as err:  # pragma: no cover - Jinja2 is a dependency
        raise MissingDependencyError("Jinja2", feature="mẫu báo cáo (Jinja2)") from err


def _undefined_class() -> type[jinja2.StrictUndefined]:
    import jinja2
    from jinja2.utils import missing, object_type_repr

    class VietUndefined(jinja2.StrictUndefined):
        """Strict undefined with a Vietnamese message and a guess at the intended name."""

        __slots__ = ()

        @property
        def _undefined_message(self) -> str:
            if self._undefined_hint:
                return str(self._undefined_hint)
            name = self._undefined_name
            obj = self._undefined_obj
            if obj is missing:
                return f"biến '{name}' không có trong dữ liệu của mẫu"
            known = [str(k) for k in obj] if isinstance(obj, Mapping) else []
            guess = difflib.get_close_matches(str(name), known, n=1)
            hint = f" (có phải ý là '{guess[0]}'?)" if guess else ""
            where = "một bảng dữ liệu" if isinstance(obj, Mapping) else object_type_repr(obj)
            return f"{where} không có trường '{name}'{hint}"

    return VietUndefined


def _finalize(value: Any) -> Any:
    # A field not reported is None: an official document shows a blank, never "None".
    return "" if value is None else value


_ENV_CACHE: dict[str, Any] = {}


def _sandbox_class() -> type[SandboxedEnvironment]:
    if "class" in _ENV_CACHE:
        cls: type[SandboxedEnvironment] = _ENV_CACHE["class"]
        return cls
    _require_jinja()
    # The sandbox with resource limits (sizes, widths, output) lives in _sandbox,
    # which imports Jinja2 at its top: imported here, only when a template is used.
    from binhdanggioi._sandbox import Sandbox

    _ENV_CACHE["class"] = Sandbox
    return Sandbox


def jinja_environment() -> SandboxedEnvironment:
    """The sandboxed environment every template renders in, with the Vietnamese filters.

    Undefined names are errors naming the variable (and, through
    :func:`render_template`, the template); ``None`` prints as nothing; output is
    escaped for XML/HTML except in templates named ``*.md``/``*.md.j2``/``*.txt``.
    A template cannot reach Python internals, files or the shell.

    >>> from datetime import date
    >>> env = jinja_environment()
    >>> env.from_string("{{ n|format_number }}, {{ d|format_date }}").render(
    ...     n=10450, d=date(2023, 12, 5))
    '10.450, ngày 05 tháng 12 năm 2023'
    >>> env.from_string("{{ '<b>' }}").render()
    '&lt;b&gt;'
    """
    import jinja2

    env = _sandbox_class()(
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "html.j2", "htm.j2", "xml.j2"),
            disabled_extensions=("md", "md.j2", "markdown", "txt", "txt.j2"),
            default_for_string=True,
            default=True,
        ),
        undefined=_undefined_class(),
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    env.filters["escape_markdown"] = escape_markdown
    from binhdanggioi._sandbox import guard_filters

    # Filters are called directly, not through the sandbox's call(): wrap them.
    guard_filters(env.filters)
    return env


def compile_template(
    env: SandboxedEnvironment,
    source: str,
    name: str,
    *,
    describe: Callable[[int], str] | None = None,
) -> jinja2.Template:
    """Compile ``source`` as template ``name``; syntax errors become :class:`TemplateError`.

    ``describe(lineno)`` may say where a line is for people (a Word paragraph's text).
    """
    import jinja2

    try:
        code = env.compile(source, name=name, filename=name)
    except jinja2.TemplateSyntaxError as err:
        where = _where(name, err.lineno, describe)
        raise TemplateError(
            f"{where}: lỗi cú pháp Jinja: {syntax_message(err.message or '')}", template=name
        ) from None
    except (RecursionError, MemoryError):
        raise TemplateSecurityError(
            f"mẫu '{name}': bị chặn vì mẫu đòi tài nguyên quá lớn: biểu thức lồng nhau quá sâu",
            template=name,
        ) from None
    template: jinja2.Template = env.template_class.from_code(
        env, code, env.make_globals(None), None
    )
    return template


def _where(name: str, lineno: int | None, describe: Callable[[int], str] | None) -> str:
    where = f"mẫu '{name}'"
    if lineno:
        place = describe(lineno) if describe else f"dòng {lineno}"
        where += f", {place}"
    return where


def _template_lineno(err: BaseException, name: str) -> int | None:
    """The template line an error was raised at, from Jinja's rewritten traceback."""
    lineno = getattr(err, "lineno", None)
    tb = err.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == name:
            lineno = tb.tb_lineno
        tb = tb.tb_next
    return lineno


def render_template(
    template: jinja2.Template,
    context: Mapping[str, Any],
    *,
    describe: Callable[[int], str] | None = None,
) -> str:
    """Render a compiled template, turning Jinja's errors into binhdanggioi errors.

    A sandbox violation raises :class:`TemplateSecurityError`; an undefined name or
    any other failure raises :class:`TemplateError` naming the template and place.
    """
    import jinja2
    from jinja2.exceptions import SecurityError

    from binhdanggioi._sandbox import LoadRefusedError, ResourceLimitError, render_limited

    name = template.name or "<mẫu>"

    def where(err: BaseException) -> str:
        return _where(name, _template_lineno(err, name), describe)

    try:
        return render_limited(template, context)
    except LoadRefusedError as err:
        raise TemplateSecurityError(
            f"{where(err)}: bị chặn vì lý do an toàn: {err} ({{% include %}}, {{% import %}}, "
            "{% extends %} không dùng được; hãy chép nội dung cần dùng vào chính mẫu này)",
            template=name,
        ) from None
    except ResourceLimitError as err:
        raise TemplateSecurityError(
            f"{where(err)}: bị chặn vì mẫu đòi tài nguyên quá lớn: {err}", template=name
        ) from None
    except SecurityError as err:
        raise TemplateSecurityError(
            f"{where(err)}: bị chặn vì lý do an toàn ({err}); {_SECURITY_HINT}", template=name
        ) from None
    except jinja2.UndefinedError as err:
        raise TemplateError(f"{where(err)}: {err}", template=name) from None
    except jinja2.TemplateError as err:
        message = getattr(err, "message", None) or str(err)
        raise TemplateError(
            f"{where(err)}: lỗi khi điền dữ liệu vào mẫu ({message})", template=name
        ) from None
    except RecursionError as err:
        raise TemplateSecurityError(
            f"{where(err)}: bị chặn vì mẫu đòi tài nguyên quá lớn: lời gọi lồng nhau quá sâu "
            "(có macro tự gọi lại chính nó?)",
            template=name,
        ) from None
    except (MemoryError, OverflowError) as err:
        detail = "hết bộ nhớ" if isinstance(err, MemoryError) else f"số quá lớn: {err}"
        raise TemplateSecurityError(
            f"{where(err)}: bị chặn vì mẫu đòi tài nguyên quá lớn ({detail})", template=name
        ) from None
    except Exception as err:  # any other failure of the template's own code
        raise TemplateError(f"{where(err)}: {_runtime_message(err)}", template=name) from None


def _runtime_message(err: Exception) -> str:
    """A Vietnamese description of an error raised while a template runs."""
    from binhdanggioi.errors import BinhDangGioiError

    if isinstance(err, BinhDangGioiError):
        return str(err)
    if isinstance(err, ZeroDivisionError):
        return "phép chia cho 0"
    kinds: tuple[tuple[type[Exception], str], ...] = (
        (TypeError, "sai kiểu dữ liệu trong phép tính, bộ lọc hoặc lời gọi"),
        (KeyError, "không có khóa này trong bảng dữ liệu"),
        (IndexError, "chỉ số nằm ngoài danh sách"),
        (AttributeError, "không có thuộc tính này"),
        (ValueError, "giá trị không hợp lệ"),
    )
    label = next((text for kind, text in kinds if isinstance(err, kind)), "lỗi khi chạy mẫu")
    return f"{label} ({type(err).__name__}: {err})"
