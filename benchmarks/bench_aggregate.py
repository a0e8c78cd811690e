"""Aggregate the reports of all 3,321 communes against a plain pandas groupby-sum.

The reports are generated deterministically: 10–20 rows each over the three tables,
people given by sex, as a total only, as one sex only, or not at all; a few events
co-organised by neighbouring communes (same ``ma``); budgets sometimes missing.

pandas gets the same figures already flattened into a tidy frame (one row per
figure; the flattening is not timed) and only sums them by table, indicator, level
and measure. :func:`binhdanggioi.aggregate` does more (name matching, shared
events, guards, completeness, provenance, narrative) and must still not be slower.

pandas' speed here depends on how it stores text: with pyarrow installed, pandas 3
keeps the key columns as Arrow strings and groups them several times faster than as
Python objects. The run states the backend of the frame as built and times the
groupby with the keys stored each way available (Python objects always, Arrow when
pyarrow is installed); ``ratio=`` is against the frame as built.

Run: ``.venv/bin/python benchmarks/bench_aggregate.py`` (or ``make bench``, which
installs pandas through the ``bench`` extra).
"""

from __future__ import annotations

import gc
import random
import time
from collections.abc import Callable

import pandas as pd

from binhdanggioi.aggregation import aggregate
from binhdanggioi.formats.csv import tidy_rows
from binhdanggioi.model import BaoCao, Cap, DonVi, HoatDong, KinhPhi, SanPham, SoNguoi

COMMUNES = 3321
REPEAT = 15

_ROWS: dict[str, list[tuple[str, str | None]]] = {
    "hoat_dong": [
        ("Lễ phát động", "le-phat-dong"),
        ("Mít tinh hưởng ứng", None),
        ("Đối thoại chính sách", None),
        ("Tập huấn", "tap-huan"),
        ("Hội thi", None),
        ("Thăm hỏi, tặng quà", "tham-hoi-tang-qua"),
        ("Kiểm tra, giám sát", None),
    ],
    "truyen_thong": [
        ("Loa truyền thanh", None),
        ("Hội nghị tuyên truyền", "hoi-nghi-hoi-thao"),
        ("Tuyên truyền trong trường học", "truyen-thong-truong-hoc"),
        ("Mạng xã hội", None),
        ("Truyền thông trực tiếp", "truyen-thong-truc-tiep"),
        ("Sinh hoạt câu lạc bộ", None),
    ],
    "san_pham": [
        ("Băng rôn, khẩu hiệu", "bang-ron-khau-hieu"),
        ("Tờ rơi", None),
        ("Pano, áp phích", "pa-no-ap-phich"),
        ("Cờ phướn", None),
    ],
}
_CAPS = ((Cap.XA,), (Cap.XA,), (Cap.XA,), (Cap.TRUONG_HOC,), (Cap.HUYEN, Cap.XA))


def _people(rnd: random.Random) -> SoNguoi:
    kind = rnd.random()
    nam, nu = rnd.randint(0, 300), rnd.randint(0, 400)
    if kind < 0.55:
        return SoNguoi(nam, nu)
    if kind < 0.75:
        return SoNguoi(tong=nam + nu + rnd.randint(0, 50))
    if kind < 0.85:
        return SoNguoi(nu=nu)
    if kind < 0.9:
        return SoNguoi(nam, nu, nam + nu + rnd.randint(1, 30))
    return SoNguoi()


def make_reports(n: int = COMMUNES, seed: int = 2025) -> list[BaoCao]:
    """``n`` commune reports of 2025 (two tiers), the same every run."""
    rnd = random.Random(seed)
    reports = []
    for i in range(n):
        rows: dict[str, list[HoatDong | SanPham]] = {t: [] for t in _ROWS}
        for _ in range(rnd.randint(10, 20)):
            table = rnd.choice(
                ("hoat_dong", "hoat_dong", "truyen_thong", "truyen_thong", "san_pham")
            )
            ten, code = rnd.choice(_ROWS[table])
            cls = SanPham if table == "san_pham" else HoatDong
            rows[table].append(
                cls(
                    ten=ten,
                    so_luong=rnd.randint(1, 30),
                    nguoi=SoNguoi() if table == "san_pham" else _people(rnd),
                    cap=rnd.choice(_CAPS),
                    chi_tieu=code if rnd.random() < 0.7 else None,
                )
            )
        if i % 10 == 0:  # co-organised with the next commune: one event, two copies
            rows["hoat_dong"].append(
                HoatDong("Diễn đàn liên xã", 1, SoNguoi(40, 60), (Cap.XA,), ma=f"lien-xa-{i}")
            )
        if i % 10 == 1:
            rows["hoat_dong"].append(
                HoatDong("Diễn đàn liên xã", 1, SoNguoi(40, 60), (Cap.XA,), ma=f"lien-xa-{i - 1}")
            )
        reports.append(
            BaoCao(
                2025,
                DonVi(f"Xã số {i}", "xa", "xã", f"{i:05d}"),
                ket_qua=(f"Tổ chức các hoạt động hưởng ứng tại xã số {i}.",),
                hoat_dong=tuple(rows["hoat_dong"]),  # type: ignore[arg-type]
                truyen_thong=tuple(rows["truyen_thong"]),  # type: ignore[arg-type]
                san_pham=tuple(rows["san_pham"]),  # type: ignore[arg-type]
                kinh_phi=KinhPhi(
                    rnd.randint(0, 20) * 500_000 if rnd.random() < 0.8 else None,
                    rnd.randint(0, 5) * 100_000 if rnd.random() < 0.5 else None,
                ),
            )
        )
    return reports


def best_of(*funcs: Callable[[], object], repeat: int = REPEAT) -> list[float]:
    """The best wall time of each function over ``repeat`` interleaved runs, in seconds.

    Interleaving and keeping the best run make the comparison fair on a busy machine.
    """
    times: list[list[float]] = [[] for _ in funcs]
    for _ in range(repeat):
        for func, spent in zip(funcs, times, strict=True):
            gc.collect()
            start = time.perf_counter()
            func()
            spent.append(time.perf_counter() - start)
    return [min(spent) for spent in times]


def main() -> None:
    reports = make_reports()
    rows = sum(len(r.bang(t)) for r in reports for t in BaoCao.TABLES)
    province = DonVi("Tỉnh thử nghiệm", "tinh", "tỉnh", "99")
    frame = pd.DataFrame(tidy_rows(reports))
    frame["indicator"] = frame["indicator"].where(frame["indicator"] != "", frame["name"])
    keys = ["table", "indicator", "level", "measure"]

    def ours() -> BaoCao:
        # The sums only: validation (rules.validate, per report) is not timed, as the
        # flattening is not; and these generated rows put cấp huyện in 2025.
        return aggregate(reports, don_vi=province, validate=False)

    # Both agree, once the second copy of each co-organised event is left out.
    result = ours()
    copies = frame["event"].ne("") & frame.duplicated(["event", "measure"])
    counts = frame[~copies & frame["measure"].eq("so_luong")]["value"].sum()
    assert result.tong_hop().so_luong == counts
    backends = {"as built": frame, "object": frame.astype(dict.fromkeys(keys, object))}
    try:
        import pyarrow  # noqa: F401

        backends["pyarrow"] = frame.astype(dict.fromkeys(keys, pd.StringDtype("pyarrow")))
    except ImportError:
        pass

    def summed(table: pd.DataFrame) -> Callable[[], object]:
        return lambda: table.groupby(keys)["value"].sum()

    t_ours, *t_others = best_of(ours, *(summed(f) for f in backends.values()))
    timings = dict(zip(backends, t_others, strict=True))
    print(f"{COMMUNES} commune reports, {rows} rows, {len(frame)} figures")
    print(f"pandas {pd.__version__}; key columns as built: {frame['table'].dtype!r}")
    print(f"binhdanggioi.aggregate: {t_ours * 1000:8.1f} ms")
    for name, spent in timings.items():
        print(
            f"pandas groupby-sum, keys {name:<8}: {spent * 1000:8.1f} ms  -> {spent / t_ours:.2f}"
        )
    print(
        "(flattening not counted; pyarrow not installed: no Arrow row)"
        if "pyarrow" not in timings
        else "(flattening not counted)"
    )
    print(f"ratio={timings['as built'] / t_ours:.2f}")


if __name__ == "__main__":
    main()
