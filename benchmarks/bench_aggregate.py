"""Aggregate the reports of all 3,321 communes against a plain pandas groupby-sum.

The reports are generated deterministically: 10–20 rows each over the three tables,
people given by sex, as a total only, as one sex only, or not at all; a few events
co-organised by neighbouring communes (same ``ma``); budgets sometimes missing.

pandas gets the same figures already flattened into a tidy frame (one row per
figure; the flattening is not timed) and only sums them by table, indicator, level
and measure. :func:`binhdanggioi.aggregate` does more (name matching, shared
events, guards, completeness, provenance, narrative) and must still not be slower.

A second measure aggregates the same reports, given to the 3,321 official communes
(with their codes, as a national aggregation needs: many names repeat across
provinces), into the nation, with the official list and without it
(``registry=False``): the list may cost at most 1.3 times (``registry_ratio``). The
same communes named only (no code: each is looked up by name in its province) are
timed too, for information: a lookup costs about 15 µs a unit.


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
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from binhdanggioi.aggregation import aggregate
from binhdanggioi.formats.csv import tidy_rows
from binhdanggioi.model import BaoCao, Cap, DanhGia, DonVi, HoatDong, KinhPhi, SanPham, SoNguoi
from binhdanggioi.vocabulary import fold

COMMUNES = 3321
REPEAT = 15
REGISTRY_COST = 1.3
"""The official list may make a national aggregation at most this much slower."""

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


_SAYINGS = (
    "Kinh phí cho hoạt động bình đẳng giới còn hạn chế",
    "Kinh phí cho công tác bình đẳng giới còn hạn chế, chưa đáp ứng yêu cầu",
    "Cán bộ làm công tác bình đẳng giới kiêm nhiệm nhiều việc",
    "Cấp ủy, chính quyền quan tâm chỉ đạo sát sao",
    "Nhận thức của một bộ phận người dân về bình đẳng giới còn hạn chế",
    "Ban hành kế hoạch triển khai Tháng hành động đến các thôn, tổ dân phố",
    "Treo băng rôn, khẩu hiệu tại trụ sở và nơi công cộng",
    "Tuyên truyền trên hệ thống loa truyền thanh của xã",
    "Phối hợp với Hội Liên hiệp Phụ nữ tổ chức các hoạt động hưởng ứng",
    "Đề nghị cấp trên bố trí thêm kinh phí cho công tác bình đẳng giới",
    "Đề nghị tổ chức tập huấn nghiệp vụ cho cán bộ cơ sở",
    "Công tác thống kê số liệu phân tách theo giới còn khó khăn",
)
_FIELDS = ("chi_dao", "ket_qua", "thuan_loi", "kho_khan", "nguyen_nhan", "kien_nghi")


def with_narrative(reports: list[BaoCao], seed: int = 2025) -> list[BaoCao]:
    """The same reports with a dozen narrative items each: shared sayings, a little
    reworded (some typed without accents), and items of the commune's own."""
    rnd = random.Random(seed)
    out = []
    for i, report in enumerate(reports):
        items: dict[str, list[str]] = {f: [] for f in _FIELDS}
        for k in range(12):
            field = _FIELDS[k % len(_FIELDS)]
            if rnd.random() < 0.6:
                text = rnd.choice(_SAYINGS)
                if rnd.random() < 0.3:
                    text = fold(text)  # typed without accents
                if rnd.random() < 0.3:
                    text += " trên địa bàn"
                items[field].append(text + ".")
            else:
                items[field].append(
                    f"Tổ chức hoạt động số {k} tại thôn {rnd.randint(1, 40)} của xã số {i}."
                )
        out.append(
            attrs.evolve(
                report,
                chi_dao=tuple(items["chi_dao"]),
                ket_qua=tuple(items["ket_qua"]),
                danh_gia=DanhGia(
                    tuple(items["thuan_loi"]), tuple(items["kho_khan"]), tuple(items["nguyen_nhan"])
                ),
                kien_nghi=tuple(items["kien_nghi"]),
            )
        )
    return out


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
    import pandas as pd  # the bench extra; the tests import this module without it

    reports = make_reports()
    rows = sum(len(r.bang(t)) for r in reports for t in BaoCao.TABLES)
    province = DonVi("Tỉnh thử nghiệm", "tinh", "tỉnh", "99")
    frame = pd.DataFrame(tidy_rows(reports))
    frame["indicator"] = frame["indicator"].where(frame["indicator"] != "", frame["name"])
    keys = ["table", "indicator", "level", "measure"]

    def ours() -> BaoCao:
        # The sums only: validation (rules.validate, per report) is not timed, as the
        # flattening is not; and these generated rows put cấp huyện in 2025.
        return aggregate(reports, don_vi=province, validate=False, draft=False)

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

    def summed(table: Any) -> Callable[[], object]:
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
    registry_ratio(reports)
    draft_ratio(reports, province)


def official_communes(*, codes: bool) -> Sequence[DonVi]:
    """The official communes as a form names them: kind in the name, province by code;
    with their official code too when ``codes``."""
    from binhdanggioi.units import official_registry

    registry = official_registry()
    return [
        DonVi(unit.ten_day_du, "xa", ma=unit.ma if codes else None, tinh=unit.ma_tinh)
        for province in registry.provinces()
        for unit in registry.children(province.ma)
    ]


def registry_ratio(reports: Sequence[BaoCao]) -> None:
    """A national aggregation of the official communes, with the list and without.

    Without the list, communes are told apart by their codes only (many names repeat
    across provinces): that is the baseline, as before the list was used. With it, the
    same reports are aggregated once with codes and once by name only.
    """
    nation = DonVi("Việt Nam", "trung-uong")

    def given(codes: bool) -> list[BaoCao]:
        units = official_communes(codes=codes)
        return [attrs.evolve(r, don_vi=u) for r, u in zip(reports, units, strict=False)]

    with_codes, by_name = given(True), given(False)

    def baseline() -> BaoCao:
        return aggregate(with_codes, don_vi=nation, validate=False, registry=False)

    def codes() -> BaoCao:
        return aggregate(with_codes, don_vi=nation, validate=False)

    def names() -> BaoCao:
        return aggregate(by_name, don_vi=nation, validate=False)

    assert baseline().tong_hop() == codes().tong_hop() == names().tong_hop()
    t_base, t_codes, t_names = best_of(baseline, codes, names)
    ratio = t_codes / t_base
    print(f"{len(with_codes)} official communes into the nation:")
    print(f"registry=False, by code:        {t_base * 1000:8.1f} ms")
    print(f"official list, by code:         {t_codes * 1000:8.1f} ms")
    print(f"official list, by name only:    {t_names * 1000:8.1f} ms  ({t_names / t_base:.2f}×)")
    print(f"registry_ratio={ratio:.2f}  (at most {REGISTRY_COST})")
    if ratio > REGISTRY_COST:
        sys.exit(f"the official list made the aggregation more than {REGISTRY_COST}× slower")


def draft_ratio(reports: Sequence[BaoCao], province: DonVi) -> None:
    """Drafting and the units' texts: a dozen narrative items per commune."""
    talkative = with_narrative(reports)

    def alone() -> BaoCao:
        return aggregate(talkative, don_vi=province, validate=False, draft=False)

    def drafted() -> BaoCao:
        return aggregate(talkative, don_vi=province, validate=False)

    t_alone, t_drafted = best_of(alone, drafted, repeat=5)
    text = drafted()
    sections = (*text.chi_dao, *text.ket_qua, *text.kien_nghi, *text.danh_gia.thuan_loi)
    sections += (*text.danh_gia.kho_khan, *text.danh_gia.nguyen_nhan, text.kinh_phi.ghi_chu or "")
    print(f"with 12 narrative items each ({12 * COMMUNES} items):")
    print(f"aggregate (texts merged, draft=False): {t_alone * 1000:8.1f} ms")
    print(f"aggregate + draft:                     {t_drafted * 1000:8.1f} ms")
    print(f"sections I-II: {len(sections)} items, {sum(map(len, sections))} characters")
    print(f"draft_ratio={t_drafted / t_alone:.2f}  (must stay under 2)")


if __name__ == "__main__":
    main()
