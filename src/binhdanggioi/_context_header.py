"""The context's document parts around the figures: plans, the issuing body and its
header, the opening, recipients, the signature block, the data section's title.

Part of :mod:`binhdanggioi.context` (which re-exports the public names).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from binhdanggioi import _years
from binhdanggioi._context_text import (
    _capitalize,
    _clean,
    _clean_list,
    _clean_opt,
    _lines,
    _sentence,
)
from binhdanggioi.model import (
    BaoCao,
    Cap,
    DonVi,
    KeHoach,
    NgayThang,
)
from binhdanggioi.vietnamese import (
    format_date,
    format_short_date,
)
from binhdanggioi.vocabulary import (
    UY_BAN_NHAN_DAN,
    LoaiCoQuan,
    ThamQuyenKy,
    fold,
    infer_loai_co_quan,
    name_key,
    tham_quyen_ky,
)

BLANK = "     "
"""Room left for an official to write a number or a day by hand."""

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
    key = _loose_key(theme)
    if any(key in _loose_key(item) for item in bc.ket_qua):
        return None
    name = _years.action_month_name(bc.nam)
    return f"{name} năm {bc.nam} với chủ đề “{' '.join(theme.split())}”."


@functools.lru_cache(maxsize=4096)
def _loose_key(text: str) -> str:
    # Reports of one batch share their items and theme; each is keyed once.
    return fold(name_key(text))


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
    return _body_name(dv)


@functools.lru_cache(maxsize=1024)
def _body_name(dv: DonVi) -> str:
    # Asked several times per report for one unit; the kind is inferred from its name.
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
    territory = _TERRITORY_IN_NAME.match(dv.ten)
    return _clean(territory.group(1)) if territory else BLANK


# "Hội Liên hiệp Phụ nữ tỉnh Bình Định", "Phòng Văn hóa - Xã hội huyện Bạch Thông": a
# body named after its territory dates its documents there (Nghị định 30). Only a
# lower-case kind followed by a capitalised name counts, the last one in the name, so
# "Xã hội" or a street named "Xã Đàn" is never taken for a commune.
_TERRITORY_IN_NAME = re.compile(
    r".*\b(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường)\s+"
    r"((?=[A-ZĐÀ-Ỹ])[^\s,;()]+(?:\s+(?=[A-ZĐÀ-Ỹ0-9])[^\s,;()]+)*)\s*$"
)


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
