"""A short plain-text summary of a report, for the command line and quick checks."""

from __future__ import annotations

from collections.abc import Iterator

from binhdanggioi.model import BaoCao, SoNguoi
from binhdanggioi.vietnamese import format_money, format_number

__all__ = ["summary_lines"]

_TABLE_TITLES = {
    "hoat_dong": "III.1 Hoạt động",
    "truyen_thong": "III.2 Truyền thông",
    "san_pham": "III.3 Sản phẩm truyền thông",
}


def _people(s: SoNguoi) -> str:
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
    for name in BaoCao.TABLES:
        t = bao_cao.tong_hop(name)
        yield (
            f"  {_TABLE_TITLES[name]}: {t.so_dong} dòng, số lượng {format_number(t.so_luong)}; "
            f"{_people(t.nguoi)}"
        )
    kp = bao_cao.kinh_phi

    def money(v: int | None) -> str:
        return "chưa báo cáo" if v is None else format_money(v)

    yield (
        f"  Kinh phí: ngân sách nhà nước {money(kp.ngan_sach_nha_nuoc)}, "
        f"vận động {money(kp.van_dong)}"
    )
