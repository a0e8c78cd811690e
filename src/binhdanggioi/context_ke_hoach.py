"""The template context of a plan, and of a report rendered with its plan.

:func:`plan_context` turns a :class:`~binhdanggioi.ke_hoach.KeHoachTrienKhai` into the
plain mapping the plan templates (``ke-hoach.docx``, ``ke-hoach.html.j2``,
``ke-hoach.md.j2``) receive; the header, recipients and signature are built as a
report's are (:mod:`binhdanggioi.context`). :func:`report_context` is a report's
context with its plan: the I.1 items on the plan drafted in, and the key
``doi_chieu`` (:func:`binhdanggioi.doi_chieu.plan_comparison_data`). The keys are
listed in ``docs/ke-hoach.md``.

>>> from binhdanggioi.ke_hoach_io import load_plan, plan_example_path
>>> ctx = plan_context(load_plan(plan_example_path()))
>>> ctx["van_ban"]["so_ky_hieu"], ctx["tieu_de"]
('Số: 245/KH-UBND', 'KẾ HOẠCH')
>>> ctx["hoat_dong"][0]["chi_tieu_viet"]
'01 cuộc; 200 người'
"""

from __future__ import annotations

from typing import Any, Final, cast

from binhdanggioi._context_header import _header, _plan, _recipients, _signature
from binhdanggioi._context_tables import _money_line
from binhdanggioi._context_text import _capitalize, _clean, _clean_list, _clean_opt, _sentence
from binhdanggioi.context import caps_label, template_context
from binhdanggioi.doi_chieu import compare_plan, format_short_partial, plan_comparison_data
from binhdanggioi.drafting import with_plan_items
from binhdanggioi.ke_hoach import HoatDongKeHoach, KeHoachTrienKhai
from binhdanggioi.model import BaoCao, SoNguoi
from binhdanggioi.vietnamese import format_count, format_money, format_number
from binhdanggioi.vocabulary import BANG_BAO_CAO

__all__ = ["PLAN_CONTEXT_KEYS", "plan_context", "report_context"]

_GROUP_TITLES: Final[dict[str, str]] = {
    "hoat_dong": "Tổ chức các hoạt động hưởng ứng Tháng hành động, kiểm tra, giám sát",
    "truyen_thong": "Truyền thông trên các phương tiện thông tin đại chúng, thông tin cơ sở",
    "san_pham": "Phát hành các sản phẩm truyền thông",
}
_UNIT_WORD: Final[dict[str, str]] = {
    "hoat_dong": "cuộc",
    "truyen_thong": "lượt",
    "san_pham": "sản phẩm",
}
_ROMAN: Final = ("I", "II", "III", "IV", "V", "VI")


def _people_target(p: SoNguoi) -> str | None:
    if p.rong:
        return None
    total = p.tong_so
    split = []
    if p.nam is not None:
        split.append(f"nam {format_number(p.nam)}")
    if p.nu is not None:
        split.append(f"nữ {format_number(p.nu)}")
    if p.tong is None and p.nu is not None and p.nam is None:
        return f"{format_number(p.nu)} nữ"
    text = f"{format_number(total)} người" if total is not None else ""
    return f"{text} ({', '.join(split)})" if split and p.tong is not None else text


def _time(hd: HoatDongKeHoach) -> str:
    tg = hd.thoi_gian
    if tg is None:
        return ""
    start = format_short_partial(tg.tu) if tg.tu is not None else None
    if tg.den is None:
        return start or ""
    end = format_short_partial(tg.den)
    return f"{start} - {end}" if start else f"Trước {end}"


def _activity(stt: int, hd: HoatDongKeHoach, plan: KeHoachTrienKhai) -> dict[str, Any]:
    targets = [
        t
        for t in (
            f"{format_count(hd.so_luong)} {_UNIT_WORD[hd.bang]}"
            if hd.so_luong is not None
            else None,
            _people_target(hd.nguoi),
        )
        if t
    ]
    money = format_money(hd.kinh_phi) if hd.kinh_phi is not None else ""
    return {
        "stt": stt,
        "ten": _clean(hd.ten),
        "bang": hd.bang,
        "muc": BANG_BAO_CAO[hd.bang].muc,
        "chi_tieu": hd.chi_tieu,
        "so_luong": hd.so_luong,
        "nguoi": hd.nguoi.tong_so,
        "chi_tieu_viet": "; ".join(targets),
        "cap": [c.value for c in hd.cap],
        "cap_viet": caps_label(hd.cap, plan.don_vi) if hd.cap else "",
        "chu_tri": _clean_opt(hd.chu_tri) or "",
        "phoi_hop": _clean_list(hd.phoi_hop),
        "phoi_hop_viet": "; ".join(_clean_list(hd.phoi_hop)),
        "thoi_gian_viet": _time(hd),
        "dia_diem": _clean_opt(hd.dia_diem) or "",
        "kinh_phi": hd.kinh_phi,
        "kinh_phi_viet": money,
        "kinh_phi_chi_tieu_viet": "; ".join(t for t in (money, *targets) if t),
        "ghi_chu": _clean_opt(hd.ghi_chu) or "",
    }


def _groups(plan: KeHoachTrienKhai, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups = []
    shown = 0
    for number, table in enumerate(BANG_BAO_CAO, start=1):
        mine = [r for r in rows if r["bang"] == table]
        for row in mine:  # numbered as printed: by group, in the plan's order within one
            shown += 1
            row["stt"] = shown
        if mine:
            groups.append(
                {"so": number, "bang": table, "tieu_de": _GROUP_TITLES[table], "dong": mine}
            )
    return groups


def _opening(plan: KeHoachTrienKhai, bases: list[dict[str, Any]]) -> str:
    unit = _clean(plan.don_vi.ten_day_du)
    lead = _clean_opt(plan.loi_dan) or (
        f"Ủy ban nhân dân {unit} ban hành Kế hoạch triển khai {plan.ten_thang_hanh_dong} "
        f"năm {plan.nam} như sau"
    )
    text = _capitalize(_sentence(lead)) + ":"
    if not bases:
        return text
    return "Căn cứ " + "; ".join(b["cau"] for b in bases) + ". " + text


def plan_context(ke_hoach: KeHoachTrienKhai) -> dict[str, Any]:
    """The mapping every plan template receives for ``ke_hoach`` (keys: docs/ke-hoach.md)."""
    if not isinstance(ke_hoach, KeHoachTrienKhai):
        raise TypeError(f"plan_context() cần một KeHoachTrienKhai, nhận {type(ke_hoach).__name__}")
    plan = ke_hoach
    as_report = cast(Any, plan)  # header, recipients and signature read the same fields
    header = _header(as_report)
    summary = _clean_opt(plan.van_ban.trich_yeu) or (
        f"Triển khai {plan.ten_thang_hanh_dong} năm {plan.nam}"
    )
    header["trich_yeu"] = " ".join(summary.split())
    bases = [_plan(k) for k in plan.can_cu]
    rows = [_activity(i, hd, plan) for i, hd in enumerate(plan.hoat_dong, start=1)]
    kp = plan.kinh_phi
    unit = _clean(plan.don_vi.ten_day_du)
    ket_luan = _clean_opt(plan.ket_luan) or (
        f"Trên đây là Kế hoạch triển khai {plan.ten_thang_hanh_dong} năm {plan.nam} "
        f"trên địa bàn {unit}"
    )
    duties = [
        {"stt": i, "co_quan": _clean(t.co_quan), "nhiem_vu": _clean_list(t.nhiem_vu)}
        for i, t in enumerate(plan.to_chuc_thuc_hien, start=1)
    ]
    return {
        "loai_van_ban": "ke_hoach",
        "tieu_de": "KẾ HOẠCH",
        "nam": plan.nam,
        "don_vi": {
            "ten": _clean(plan.don_vi.ten),
            "ten_day_du": unit,
            "cap": plan.don_vi.cap.value,
        },
        "van_ban": header,
        "can_cu": bases,
        "mo_dau": _opening(plan, bases),
        "ten_thang_hanh_dong": plan.ten_thang_hanh_dong,
        "chu_de": _clean_opt(plan.chu_de_nam),
        "muc": dict(zip(("muc_dich", "noi_dung", "kinh_phi", "to_chuc"), _ROMAN, strict=False)),
        "muc_dich": _clean_list(plan.muc_dich),
        "yeu_cau": _clean_list(plan.yeu_cau),
        "hoat_dong": rows,
        "nhom": _groups(plan, rows),
        "kinh_phi": {
            "ngan_sach_nha_nuoc": kp.ngan_sach_nha_nuoc,
            "van_dong": kp.van_dong,
            "nguon_khac": kp.nguon_khac,
            "tong": kp.tong,
            # A plan states the sources it expects; a source it leaves out is not printed.
            "dong": [
                _money_line(f"{'abc'[i]}) {label}", amount)
                for i, (label, amount) in enumerate(
                    (label, amount)
                    for label, amount in (
                        ("Ngân sách nhà nước", kp.ngan_sach_nha_nuoc),
                        ("Kinh phí vận động", kp.van_dong),
                        ("Nguồn khác", kp.nguon_khac),
                    )
                    if amount is not None
                )
            ],
            "tong_viet": _money_line("Tổng cộng", kp.tong)["viet"],
            "ghi_chu": _clean_list(kp.ghi_chu),
        },
        "to_chuc_thuc_hien": duties,
        "ket_luan": _sentence(ket_luan),
        "noi_nhan": _recipients(as_report),
        "chu_ky": _signature(as_report),
    }


PLAN_CONTEXT_KEYS: tuple[str, ...] = (
    "loai_van_ban",
    "tieu_de",
    "nam",
    "don_vi",
    "van_ban",
    "can_cu",
    "mo_dau",
    "ten_thang_hanh_dong",
    "chu_de",
    "muc",
    "muc_dich",
    "yeu_cau",
    "hoat_dong",
    "nhom",
    "kinh_phi",
    "to_chuc_thuc_hien",
    "ket_luan",
    "noi_nhan",
    "chu_ky",
)
"""Top-level keys of :func:`plan_context`, in the order the plan uses them."""


def report_context(
    bao_cao: BaoCao, *, ke_hoach: KeHoachTrienKhai | None = None, nam_truoc: BaoCao | None = None
) -> dict[str, Any]:
    """A report's context (:func:`~binhdanggioi.context.template_context`) with its plan.

    With ``ke_hoach``: I.1 (``chi_dao``) carries the sentence on the plan and one item
    per planned activity, and ``doi_chieu`` the comparison as data; without it,
    ``doi_chieu`` is ``None``.
    """
    if ke_hoach is None:
        return {**template_context(bao_cao, nam_truoc=nam_truoc), "doi_chieu": None}
    shown = with_plan_items(bao_cao, ke_hoach)
    context = template_context(shown, nam_truoc=nam_truoc)
    context["doi_chieu"] = plan_comparison_data(compare_plan(bao_cao, ke_hoach), bao_cao)
    return context
