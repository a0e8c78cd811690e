"""A short plain-text summary of a report, for the command line and quick checks."""

from __future__ import annotations

from collections.abc import Iterator

from binhdanggioi.model import BaoCao, SoNguoi
from binhdanggioi.vietnamese import format_money, format_number
from binhdanggioi.vocabulary import BANG_BAO_CAO

__all__ = ["summary_lines"]


def _people_line(s: SoNguoi) -> str:
    def show(v: int | None) -> str:
        return "—" if v is None else format_number(v)

    parts = [f"Nam {show(s.nam)}", f"Nữ {show(s.nu)}", f"tổng {show(s.tong_so)}"]
    if s.chua_phan_tach:
        parts.append(f"chưa phân tách theo giới {format_number(s.chua_phan_tach)}")
    if s.thieu:
        parts.append("thiếu số liệu")
    return ", ".join(parts)


def summary_lines(bao_cao: BaoCao) -> Iterator[str]:
    """Lines naming the unit, rows per table, people by sex and the budget."""
    dv = bao_cao.don_vi
    yield f"{dv.ten_day_du} ({dv.cap.value}), năm {bao_cao.nam}"
    for spec in BANG_BAO_CAO.values():
        t = bao_cao.tong_hop(spec.ma)
        yield (
            f"  {spec.muc} {spec.ten}: {t.so_dong} dòng, số lượng {format_number(t.so_luong)}; "
            f"{_people_line(t.nguoi)}"
        )
    kp = bao_cao.kinh_phi

    def money(v: int | None) -> str:
        return "chưa báo cáo" if v is None else format_money(v)

    yield (
        f"  Kinh phí: ngân sách nhà nước {money(kp.ngan_sach_nha_nuoc)}, "
        f"vận động {money(kp.van_dong)}"
    )
