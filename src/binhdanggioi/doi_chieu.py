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
from typing import Any, Final, Literal

import attrs

from binhdanggioi.ke_hoach import HoatDongKeHoach, KeHoachTrienKhai
from binhdanggioi.model import BaoCao, HoatDong, NgayThang, SanPham, SoNguoi
from binhdanggioi.vietnamese import format_count
from binhdanggioi.vocabulary import BANG_BAO_CAO, fold

__all__ = [
    "TRANG_THAI",
    "DoiChieu",
    "KetQuaHoatDong",
    "TrangThai",
    "compare_plan",
    "format_short_partial",
    "plan_comparison_data",
]

TrangThai = Literal[
    "vuot-ke-hoach", "dat", "chua-dat", "da-thuc-hien", "chua-co-so-lieu", "chua-thuc-hien"
]

TRANG_THAI: Final[dict[str, str]] = {
    "vuot-ke-hoach": "vượt kế hoạch",
    "dat": "đạt kế hoạch",
    "chua-dat": "chưa đạt chỉ tiêu",
    "da-thuc-hien": "đã thực hiện",
    "chua-co-so-lieu": "chưa có số liệu",
    "chua-thuc-hien": "chưa thực hiện",
}
"""Each status of a planned activity and how a report says it.

``vuot-ke-hoach``: a figure above its target and none below; ``dat``: every target
met exactly; ``chua-dat``: done, a figure below its target; ``da-thuc-hien``: done,
no target set or no figure to weigh; ``chua-co-so-lieu``: its rows are there but hold
no figure yet (a report started from the plan); ``chua-thuc-hien``: no row of the report
carries it out, or its rows report 0.
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
        """The report shows this activity carried out."""
        return self.trang_thai not in ("chua-thuc-hien", "chua-co-so-lieu")


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
    if count is None and people.rong:
        return "chua-co-so-lieu"
    if count == 0 and not people.tong_so:
        return "chua-thuc-hien"  # reported, and reported as not held
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
        raise TypeError(f"compare_plan() cần một KeHoachTrienKhai, nhận {type(ke_hoach).__name__}")
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


# --------------------------------------------------------------------------- data for templates

_UNIT_WORD: Final[dict[str, str]] = {
    "hoat_dong": "cuộc",
    "truyen_thong": "lượt",
    "san_pham": "sản phẩm",
}


def _against(done: int | None, target: int | None, unit: str) -> str | None:
    if done is None and target is None:
        return None
    if target is None:
        return f"{format_count(done)} {unit}"
    if done is None:
        return f"chưa có số liệu/{format_count(target)} {unit}"
    return f"{format_count(done)}/{format_count(target)} {unit}"


def _figures(k: KetQuaHoatDong) -> str:
    plan = k.hoat_dong
    if k.trang_thai == "chua-co-so-lieu" or (k.trang_thai == "chua-thuc-hien" and not k.dong):
        targets = [
            t
            for t in (
                _against(None, plan.so_luong, _UNIT_WORD[plan.bang]),
                _against(None, plan.nguoi.tong_so, "lượt người"),
            )
            if t
        ]
        shown = ", ".join(t.removeprefix("chưa có số liệu/") for t in targets)
        return f"kế hoạch: {shown}" if shown else ""
    parts = [
        p
        for p in (
            _against(k.so_luong, plan.so_luong, _UNIT_WORD[plan.bang]),
            _against(k.nguoi.tong_so, plan.nguoi.tong_so, "lượt người"),
        )
        if p
    ]
    return ", ".join(parts) if parts else "chưa có số liệu"


def _time_text(plan: HoatDongKeHoach) -> str:
    tg = plan.thoi_gian
    if tg is None:
        return ""
    start = format_short_partial(tg.tu) if tg.tu is not None else None
    if tg.den is None:
        return start or ""
    end = format_short_partial(tg.den)
    return f"{start} - {end}" if start else f"Trước {end}"


def format_short_partial(d: NgayThang) -> str:
    """A partial date as a plan's table writes it: ``15/11/2023``, ``11/2023``, ``2023``.

    >>> format_short_partial(NgayThang(2023, 11))
    'Tháng 11/2023'
    """
    if d.thang is None:
        return f"Năm {d.nam}"
    if d.ngay is None:
        return f"Tháng {d.thang:02d}/{d.nam}"
    return f"{d.ngay:02d}/{d.thang:02d}/{d.nam}"


def plan_comparison_data(dc: DoiChieu, bao_cao: BaoCao) -> dict[str, Any]:
    """The plain data the sentence template and the report templates receive.

    Counts are those of :class:`DoiChieu`: ``so_hoat_dong``, ``so_da_thuc_hien`` and by
    status ``so_vuot_ke_hoach``, ``so_dat``, ``so_chua_dat``, ``so_khong_chi_tieu`` (done,
    no target to weigh), ``so_chua_co_so_lieu``, ``so_chua_thuc_hien``; ``hoat_dong`` lists every
    planned activity with its status and its figures against the targets (``ket_qua_viet``:
    ``"21/20 lượt, 10.450/10.000 lượt người"``); ``ngoai_ke_hoach`` the rows outside the plan.
    """
    rows = []
    for k in dc.ket_qua:
        plan = k.hoat_dong
        rows.append(
            {
                "stt": k.vi_tri + 1,
                "ten": plan.ten,
                "bang": plan.bang,
                "muc": BANG_BAO_CAO[plan.bang].muc,
                "chu_tri": plan.chu_tri or "",
                "phoi_hop": list(plan.phoi_hop),
                "thoi_gian_viet": _time_text(plan),
                "trang_thai": k.trang_thai,
                "trang_thai_viet": TRANG_THAI[k.trang_thai],
                "da_thuc_hien": k.da_thuc_hien,
                "so_luong": k.so_luong,
                "chi_tieu_so_luong": plan.so_luong,
                "nguoi": k.nguoi.tong_so,
                "chi_tieu_nguoi": plan.nguoi.tong_so,
                "ket_qua_viet": _figures(k),
            }
        )
    outside = [
        {"bang": t, "muc": BANG_BAO_CAO[t].muc, "ten": bao_cao.bang(t)[i].ten}
        for t, i in dc.ngoai_ke_hoach
    ]
    data: dict[str, Any] = {
        "so_hoat_dong": dc.so_hoat_dong,
        "so_da_thuc_hien": dc.so_da_thuc_hien,
        "so_vuot_ke_hoach": dc.so("vuot-ke-hoach"),
        "so_dat": dc.so("dat"),
        "so_chua_dat": dc.so("chua-dat"),
        "so_khong_chi_tieu": dc.so("da-thuc-hien"),
        "so_chua_co_so_lieu": dc.so("chua-co-so-lieu"),
        "so_chua_thuc_hien": dc.so("chua-thuc-hien"),
        "hoat_dong": rows,
        "chua_thuc_hien": [r["ten"] for r in rows if r["trang_thai"] == "chua-thuc-hien"],
        "chua_co_so_lieu": [r["ten"] for r in rows if r["trang_thai"] == "chua-co-so-lieu"],
        "ngoai_ke_hoach": outside,
    }
    return data
