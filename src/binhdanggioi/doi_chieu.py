"""Results against the plan: which planned activity the report's rows carry out, and how far.

:func:`compare_plan` matches every row of a report to at most one activity of its
plan (:class:`~binhdanggioi.ke_hoach.KeHoachTrienKhai`): same table, same catalogue
indicator (``chi_tieu``) and overlapping levels; the code ``ma`` when both give one
decides, and the folded name (:func:`~binhdanggioi.vocabulary.fold`) stands in for a
missing indicator and breaks ties. Each planned activity then gets a status
(:data:`TRANG_THAI`) from its figures against its targets; rows that match nothing
are outside the plan (``ngoai_ke_hoach``).

>>> from binhdanggioi.model import BaoCao, DonVi, HoatDong, SoNguoi
>>> from binhdanggioi.ke_hoach import HoatDongKeHoach, KeHoachTrienKhai
>>> unit = DonVi("X", "xa", "xã")
>>> plan = KeHoachTrienKhai(2023, unit, hoat_dong=(
...     HoatDongKeHoach("Mít tinh", chi_tieu="le-phat-dong", so_luong=1, cap="xa"),
...     HoatDongKeHoach("Đối thoại", chi_tieu="doi-thoai", so_luong=1, cap="xa")))
>>> report = BaoCao(2023, unit, hoat_dong=(
...     HoatDong("Lễ mít tinh", 2, SoNguoi(10, 20), cap="xa", chi_tieu="le-phat-dong"),))
>>> dc = compare_plan(report, plan)
>>> [k.trang_thai for k in dc.ket_qua], dc.so_da_thuc_hien, dc.so_hoat_dong
(['vuot-ke-hoach', 'chua-thuc-hien'], 1, 2)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final, Literal

import attrs

from binhdanggioi.ke_hoach import HoatDongKeHoach, KeHoachTrienKhai
from binhdanggioi.model import BaoCao, HoatDong, SanPham, SoNguoi
from binhdanggioi.vocabulary import fold

__all__ = ["TRANG_THAI", "DoiChieu", "KetQuaHoatDong", "TrangThai", "compare_plan"]

TrangThai = Literal["vuot-ke-hoach", "dat", "chua-dat", "da-thuc-hien", "chua-thuc-hien"]

TRANG_THAI: Final[dict[str, str]] = {
    "vuot-ke-hoach": "vượt kế hoạch",
    "dat": "đạt kế hoạch",
    "chua-dat": "chưa đạt chỉ tiêu",
    "da-thuc-hien": "đã thực hiện",
    "chua-thuc-hien": "chưa thực hiện",
}
"""Each status of a planned activity and how a report says it.

``vuot-ke-hoach``: a figure above its target and none below; ``dat``: every target
met exactly; ``chua-dat``: done, a figure below its target; ``da-thuc-hien``: done,
no target set or no figure reported to weigh it; ``chua-thuc-hien``: no row of the
report carries it out.
"""


@attrs.frozen
class KetQuaHoatDong:
    """One planned activity and what the report shows of it.

    ``vi_tri`` is its index in the plan's ``hoat_dong``; ``dong`` the report rows
    matched (``(table, index)``); ``so_luong`` and ``nguoi`` their figures added up
    (``None`` / empty when no row reported them).
    """

    hoat_dong: HoatDongKeHoach
    vi_tri: int
    dong: tuple[tuple[str, int], ...]
    so_luong: int | None
    nguoi: SoNguoi
    trang_thai: TrangThai

    @property
    def da_thuc_hien(self) -> bool:
        """Some row of the report carries this activity out."""
        return self.trang_thai != "chua-thuc-hien"


@attrs.frozen
class DoiChieu:
    """A report against its plan: per planned activity, and the rows outside the plan."""

    ket_qua: tuple[KetQuaHoatDong, ...]
    ngoai_ke_hoach: tuple[tuple[str, int], ...]

    @property
    def so_hoat_dong(self) -> int:
        """Activities in the plan."""
        return len(self.ket_qua)

    def so(self, trang_thai: TrangThai) -> int:
        """Planned activities with status ``trang_thai``."""
        return sum(1 for k in self.ket_qua if k.trang_thai == trang_thai)

    @property
    def so_da_thuc_hien(self) -> int:
        """Planned activities carried out (every status but ``chua-thuc-hien``)."""
        return sum(1 for k in self.ket_qua if k.da_thuc_hien)


def _rows(bao_cao: BaoCao) -> Iterator[tuple[str, int, HoatDong | SanPham]]:
    yield from bao_cao.dong()


def _names_match(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    return bool(fa and fb) and (fa == fb or fa in fb or fb in fa)


def _score(plan: HoatDongKeHoach, table: str, row: HoatDong | SanPham) -> int:
    """How well ``row`` carries out ``plan``; 0: not at all."""
    if table != plan.bang:
        return 0
    if plan.ma and row.ma:
        return 100 if plan.ma == row.ma else 0
    if plan.cap and row.cap and not set(plan.cap) & set(row.cap):
        return 0
    same_name = _names_match(plan.ten, row.ten)
    if plan.chi_tieu and row.chi_tieu:
        if plan.chi_tieu != row.chi_tieu:
            return 0
    elif not same_name:
        return 0
    score = 10
    score += 4 if plan.cap and tuple(plan.cap) == tuple(row.cap) else 0
    score += 2 if same_name else 0
    return score


def _status(plan: HoatDongKeHoach, count: int | None, people: SoNguoi, done: bool) -> TrangThai:
    if not done:
        return "chua-thuc-hien"
    pairs = []
    if plan.so_luong is not None and count is not None:
        pairs.append((count, plan.so_luong))
    target_people = plan.nguoi.tong_so
    if target_people is not None and people.tong_so is not None:
        pairs.append((people.tong_so, target_people))
    if not pairs:
        return "da-thuc-hien"
    if any(got < want for got, want in pairs):
        return "chua-dat"
    if any(got > want for got, want in pairs):
        return "vuot-ke-hoach"
    return "dat"


def compare_plan(bao_cao: BaoCao, ke_hoach: KeHoachTrienKhai) -> DoiChieu:
    """The report ``bao_cao`` against its plan ``ke_hoach`` (see the module's text)."""
    if not isinstance(bao_cao, BaoCao):
        raise TypeError(f"compare_plan() cần một BaoCao, nhận {type(bao_cao).__name__}")
    if not isinstance(ke_hoach, KeHoachTrienKhai):
        raise TypeError(
            f"compare_plan() cần một KeHoachTrienKhai, nhận {type(ke_hoach).__name__}"
        )
    matched: dict[int, list[tuple[str, int, HoatDong | SanPham]]] = {
        j: [] for j in range(len(ke_hoach.hoat_dong))
    }
    outside: list[tuple[str, int]] = []
    for table, i, row in _rows(bao_cao):
        scores = [(_score(p, table, row), -j) for j, p in enumerate(ke_hoach.hoat_dong)]
        best = max(scores, default=(0, 0))
        if best[0] == 0:
            outside.append((table, i))
        else:
            matched[-best[1]].append((table, i, row))
    results = []
    for j, plan in enumerate(ke_hoach.hoat_dong):
        rows = matched[j]
        counts = [r.so_luong for _, _, r in rows if r.so_luong is not None]
        people = SoNguoi.cong(r.nguoi for _, _, r in rows if not r.nguoi.rong)
        count = sum(counts) if counts else None
        results.append(
            KetQuaHoatDong(
                hoat_dong=plan,
                vi_tri=j,
                dong=tuple((t, i) for t, i, _ in rows),
                so_luong=count,
                nguoi=people,
                trang_thai=_status(plan, count, people, bool(rows)),
            )
        )
    return DoiChieu(tuple(results), tuple(outside))
