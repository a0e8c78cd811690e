"""A short plain-text summary of a report, for the command line and quick checks."""

from __future__ import annotations

from collections.abc import Iterator

from binhdanggioi.model import BaoCao, SoNguoi, UocTinh
from binhdanggioi.vietnamese import format_money, format_number
from binhdanggioi.vocabulary import BANG_BAO_CAO

__all__ = ["summary_lines"]


def _approx(value: int, qualifier: UocTinh | None) -> str:
    shown = format_number(value)
    return shown if qualifier is None else f"{qualifier.nhan} {shown}"


def _people_line(s: SoNguoi) -> str:
    def show(key: str, v: int | None) -> str:
        # The qualifier belongs to the total when there is one (SoNguoi.phan_uoc_tinh).
        parts = s.phan_uoc_tinh
        approximate = key in parts or (key == "tong" and s.tong is None and bool(parts))
        return "—" if v is None else _approx(v, s.uoc_tinh if approximate else None)

    parts = [
        f"Nam {show('nam', s.nam)}",
        f"Nữ {show('nu', s.nu)}",
        f"tổng {show('tong', s.tong_so)}",
    ]
    if s.chua_phan_tach:
        parts.append(f"chưa phân tách theo giới {format_number(s.chua_phan_tach)}")
    if s.thieu:
        parts.append("thiếu số liệu")
    return ", ".join(parts)


def summary_lines(bao_cao: BaoCao) -> Iterator[str]:
    """Lines naming the unit, rows per table, people by sex, support and the budget.

    An empty table prints "—", a table without any count "số lượng —": absent is not 0.
    """
    dv = bao_cao.don_vi
    yield f"{dv.ten_day_du} ({dv.cap.value}), năm {bao_cao.nam}"
    for spec in BANG_BAO_CAO.values():
        t = bao_cao.tong_hop(spec.ma)
        if t.so_dong == 0:
            yield f"  {spec.muc} {spec.ten}: —"
            continue
        count = _approx(t.so_luong, t.so_luong_uoc_tinh) if t.co_so_luong else "—"
        yield (
            f"  {spec.muc} {spec.ten}: {t.so_dong} dòng, số lượng {count}; {_people_line(t.nguoi)}"
        )
    kp = bao_cao.kinh_phi

    def money(v: int | None) -> str:
        return "chưa báo cáo" if v is None else format_money(v)

    if bao_cao.ho_tro:
        portions = [h.so_suat for h in bao_cao.ho_tro if h.so_suat is not None]
        values = [h.gia_tri for h in bao_cao.ho_tro if h.gia_tri is not None]
        yield (
            f"  Hỗ trợ: {len(bao_cao.ho_tro)} dòng, "
            f"{format_number(sum(portions)) if portions else '—'} suất, "
            f"trị giá {format_money(sum(values)) if values else '—'}"
        )
    others = "".join(f", {n.ten} {money(n.so_tien)}" for n in kp.nguon_khac)
    yield (
        f"  Kinh phí: ngân sách nhà nước {money(kp.ngan_sach_nha_nuoc)}, "
        f"vận động {money(kp.van_dong)}{others}"
    )
