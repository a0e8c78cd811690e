"""A whole province: load → validate → aggregate → render, per stage, serial and with workers.

``N`` commune reports (default 300; ``--full``: 3,321, every commune of the country
before 2025) are generated deterministically and written as YAML files and as filled
Excel input forms (``write_form``; not timed). Then, timed:

- **load**: every YAML file, and every Excel form, with :func:`binhdanggioi.load`
  (serial) and :func:`binhdanggioi.formats.load_many` (``--jobs``, default 2);
- **validate**: every report (:func:`binhdanggioi.validate`);
- **aggregate**: for 2024 (three tiers) communes → districts → province, and for
  2025 (two tiers) communes → province;
- **render**: every report (communes, districts, province) to Word with
  :func:`binhdanggioi.render_many`, serial and with workers.

Ratios are measured in the same run against: PyYAML's pure-Python loader parsing the
same YAML files (and nothing else), openpyxl in read-only mode reading every cell of
the same forms (and nothing else), and the two floors of writing the precomputed
documents of ``bench_render.py`` (their parts packed by :mod:`zipfile` and written;
the finished bytes written). Peak memory is the process's high-water mark.

The last line is ``ratio=`` of the whole Excel pipeline, serial, with the slow
readers swapped in (the pure YAML loader; openpyxl for the forms) against the same
pipeline with the fast ones. Each pipeline runs ``--repeat`` times (default 5),
the three kinds taking turns, and the fastest run of each kind is kept: on a
shared machine the minimum is the least disturbed measure (as :mod:`timeit` advises).
In each turn the machine's own ceiling for ``--jobs`` processes is measured too
(:func:`machine_ceiling`): the gain of pure-Python work spread over that many
processes, which bounds what any workers can gain at that moment.

Run: ``make bench`` or
``.venv/bin/python benchmarks/bench_province.py [N] [--full] [--jobs J] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from bench_render import floors

import binhdanggioi as bdg
from binhdanggioi.aggregation import aggregate
from binhdanggioi.formats import _yaml, dump, load, load_many, read_text
from binhdanggioi.formats.xlsx import _grid, write_form
from binhdanggioi.model import BaoCao, DonVi, HoatDong, KinhPhi, SanPham, SoNguoi
from binhdanggioi.renderers import render_many
from binhdanggioi.rules import Problem, validate, validate_files

FULL = 3321
T = TypeVar("T")

_NAMES = {
    "hoat_dong": ["Lễ phát động", "Tập huấn", "Hội thi", "Thăm hỏi, tặng quà", "Đối thoại"],
    "truyen_thong": ["Loa truyền thanh", "Hội nghị tuyên truyền", "Mạng xã hội", "Ngoại khóa"],
    "san_pham": ["Băng rôn, khẩu hiệu", "Tờ rơi, tờ gấp", "Pa nô, áp phích", "Cờ phướn"],
}


def _people(rng: random.Random) -> SoNguoi:
    kind = rng.randrange(4)
    if kind == 0:
        return SoNguoi(nam=rng.randrange(300), nu=rng.randrange(300))
    if kind == 1:
        return SoNguoi(tong=rng.randrange(5000))
    if kind == 2:
        return SoNguoi(nu=rng.randrange(200))
    return SoNguoi()


def commune(i: int, year: int) -> BaoCao:
    """A commune's report of ``year``, the same for the same ``i`` (5–12 rows a table)."""
    rng = random.Random(i)

    def rows(table: str, cls: type[HoatDong] | type[SanPham]) -> tuple[Any, ...]:
        return tuple(
            cls(
                f"{rng.choice(_NAMES[table])} lần {k + 1}",
                so_luong=rng.randrange(1, 30),
                nguoi=SoNguoi() if cls is SanPham else _people(rng),
                cap=rng.choice(["xa", ["xa", "truong-hoc"]]),
            )
            for k in range(rng.randrange(5, 13))
        )

    return BaoCao(
        nam=year,
        don_vi=DonVi(f"Xã số {i:04d}", "xa", loai="xã", ma=f"{i:05d}"),
        chi_dao=(f"Ban hành Kế hoạch triển khai Tháng hành động năm {year}.",),
        ket_qua=tuple(f"Kết quả {k}: tổ chức tuyên truyền tại thôn, bản." for k in range(4)),
        hoat_dong=rows("hoat_dong", HoatDong),
        truyen_thong=rows("truyen_thong", HoatDong),
        san_pham=rows("san_pham", SanPham),
        kinh_phi=KinhPhi(ngan_sach_nha_nuoc=rng.randrange(0, 50) * 1_000_000, van_dong=0),
    )


def timed(func: Callable[[], T]) -> tuple[float, T]:
    gc.collect()
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def spin(_: object = None) -> int:
    """A fixed amount of pure-Python work (dicts and text, like the pipeline's): ~0.3 s."""
    table: dict[int, str] = {}
    for i in range(2_000_000):
        table[i % 1000] = str(i)
    return len(table)


def machine_ceiling(jobs: int) -> float:
    """What ``jobs`` processes gain on this machine now: ``jobs`` units of :func:`spin`
    done one after another in one process, against one unit in each of ``jobs``
    processes at once (started beforehand). Cores shared with other machines, or two
    that are halves of one, give less than ``jobs``; no worker pool can beat this."""
    import multiprocessing

    with multiprocessing.get_context().Pool(jobs) as pool:
        pool.map(abs, range(jobs))  # started and ready
        # The fastest of three of each: a slow spell on either side would skew the ratio.
        t_one = min(timed(spin)[0] for _ in range(3)) * jobs
        t_all = min(timed(lambda: pool.map(spin, range(jobs), chunksize=1))[0] for _ in range(3))
    return t_one / t_all


@contextlib.contextmanager
def slow_readers() -> Iterator[None]:
    """The slow paths swapped in: PyYAML's pure loader (the reference) for YAML, and
    openpyxl instead of calamine for the forms."""
    saved, saved_grid = _yaml._FAST, _grid._FAST
    _yaml._FAST, _grid._FAST = None, False
    try:
        yield
    finally:
        _yaml._FAST, _grid._FAST = saved, saved_grid


def pure_pyyaml(paths: Sequence[Path]) -> None:
    import yaml

    for path in paths:
        yaml.load(read_text(path), Loader=yaml.SafeLoader)


def openpyxl_every_cell(paths: Sequence[Path]) -> None:
    import openpyxl

    for path in paths:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for sheet in book.worksheets:
            for _ in sheet.iter_rows(values_only=True):
                pass
        book.close()


def loaded(results: Iterator[tuple[Path, object]]) -> list[BaoCao]:
    out = []
    for path, report in results:
        if not isinstance(report, BaoCao):
            raise SystemExit(f"{path}: {report}")
        out.append(report)
    return out


def checked(results: Iterator[tuple[Path, object, list[Problem]]]) -> list[BaoCao]:
    out = []
    for path, report, problems in results:
        if not isinstance(report, BaoCao) or any(p.is_error for p in problems):
            raise SystemExit(f"{path}: {report if problems == [] else problems}")
        out.append(report)
    return out


def aggregate_all(communes: list[BaoCao], districts: int) -> list[BaoCao]:
    """2024: communes → ``districts`` districts → province; 2025: communes → province."""
    groups: list[list[BaoCao]] = [[] for _ in range(districts)]
    for i, report in enumerate(communes):
        groups[i % districts].append(report)
    district_reports = [
        aggregate(group, don_vi=DonVi(f"Huyện số {d}", "huyen", loai="huyện"), validate=False)
        for d, group in enumerate(groups)
    ]
    province = DonVi("Tỉnh Thử Nghiệm", "tinh", loai="tỉnh", ma="99")
    top_2024 = aggregate(district_reports, don_vi=province, validate=False)
    import attrs

    in_2025 = [attrs.evolve(r, nam=2025) for r in communes]
    top_2025 = aggregate(in_2025, don_vi=province, validate=False)
    return [*district_reports, top_2024, top_2025]


def pipeline(forms: Sequence[Path], districts: int, out: Path, jobs: int) -> dict[str, float]:
    """The Excel pipeline, forms to Word documents; seconds per stage."""
    times: dict[str, float] = {}
    # Each form read and validated by one process (validate_files): in this one, or in
    # a worker, which sends back the report with its problems.
    times["load+validate"], reports = timed(lambda: checked(validate_files(forms, jobs=jobs)))
    times["aggregate"], tops = timed(lambda: aggregate_all(reports, districts))
    times["render"], _ = timed(
        lambda: render_many([*reports, *tops], "docx", out_dir=out, progress=False, jobs=jobs)
    )
    return times


def high_water_mark() -> int:
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def resident() -> int:
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def _peak_child(n: int) -> None:
    """In a fresh process: forms for ``n`` communes written, then the serial pipeline;
    prints the peak resident size before and after the pipeline (bytes)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        forms = []
        for i in range(n):
            forms.append(root / "xlsx" / f"xa-{i:04d}.xlsx")
            forms[-1].parent.mkdir(exist_ok=True)
            write_form(forms[-1], bao_cao=commune(i, 2024))
        bdg.render(commune(0, 2024), "docx")
        load(forms[0])
        gc.collect()
        before = resident()
        with contextlib.suppress(OSError):  # Linux: the high-water mark starts again here
            Path("/proc/self/clear_refs").write_text("5")
        pipeline(forms, max(2, n // 15), root / "out", 1)
        print(before, high_water_mark())


def peak_growth(n: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """Peak memory of the serial pipeline above what was resident before it, for ``n // 2``
    and ``n`` communes, each in a fresh process."""
    import subprocess

    found = []
    for size in (n // 2, n):
        done = subprocess.run(
            [sys.executable, __file__, "--peak", str(size)],
            check=True,
            capture_output=True,
            text=True,
        )
        before, peak = (int(v) for v in done.stdout.split())
        found.append((size, peak - before))
    return found[0], found[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=300)
    parser.add_argument("--full", action="store_true", help=f"{FULL} communes")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs of each pipeline; the fastest is kept"
    )
    args = parser.parse_args()
    n = FULL if args.full else args.n
    districts = max(2, n // 15)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        communes = [commune(i, 2024) for i in range(n)]
        yamls, forms = [], []
        for i, report in enumerate(communes):
            yamls.append(root / "yaml" / f"xa-{i:04d}.yaml")
            dump(report, yamls[-1])
            forms.append(root / "xlsx" / f"xa-{i:04d}.xlsx")
            forms[-1].parent.mkdir(exist_ok=True)
            write_form(forms[-1], bao_cao=report)
        rows = sum(r.tong_hop().so_dong for r in communes)
        print(f"{n} communes, {districts} districts, {rows} table rows; workers: {args.jobs}")
        bdg.render(communes[0], "docx")  # imports and the prepared template, out of the timing
        load(forms[0]), load(yamls[0])

        # -- loading YAML
        t_pure, _ = timed(lambda: pure_pyyaml(yamls))
        t_yaml, from_yaml = timed(lambda: [load(p) for p in yamls])
        t_yaml_jobs, _ = timed(lambda: loaded(load_many(yamls, jobs=args.jobs)))
        with slow_readers():
            t_yaml_slow, slow_yaml = timed(lambda: [load(p) for p in yamls])
        assert from_yaml == slow_yaml == communes, "the fast and pure loaders disagree"
        print(f"load YAML:   {t_yaml:6.2f} s serial, {t_yaml_jobs:6.2f} s with workers")
        print(f"  PyYAML pure parse only {t_pure:6.2f} s -> ours {t_pure / t_yaml:.1f}x faster")
        print(f"  our load with the pure loader {t_yaml_slow:6.2f} s ({t_yaml_slow / t_yaml:.1f}x)")

        # -- loading Excel
        t_cells, _ = timed(lambda: openpyxl_every_cell(forms))
        t_xlsx, from_xlsx = timed(lambda: [load(p) for p in forms])
        t_xlsx_jobs, _ = timed(lambda: loaded(load_many(forms, jobs=args.jobs)))
        assert from_xlsx == communes, "a form did not read back as written"
        print(f"load Excel:  {t_xlsx:6.2f} s serial, {t_xlsx_jobs:6.2f} s with workers")
        print(f"  openpyxl every cell only {t_cells:6.2f} s -> ours {t_cells / t_xlsx:.2f}x")

        # -- validate, aggregate
        t_valid, _ = timed(lambda: [validate(r) for r in from_xlsx])
        t_aggr, tops = timed(lambda: aggregate_all(from_xlsx, districts))
        print(f"validate:    {t_valid:6.2f} s")
        print(f"aggregate:   {t_aggr:6.2f} s (2024: 3 tiers; 2025: 2 tiers)")

        # -- render
        everything = [*from_xlsx, *tops]
        floor = floors(everything)
        (root / "f1").mkdir()
        (root / "f2").mkdir()
        t_zip, _ = timed(lambda: floor["zip"](root / "f1"))
        t_bytes, _ = timed(lambda: floor["bytes"](root / "f2"))
        t_render, _ = timed(
            lambda: render_many(everything, "docx", out_dir=root / "r1", progress=False, jobs=1)
        )
        t_render_jobs, _ = timed(
            lambda: render_many(
                everything, "docx", out_dir=root / "r2", progress=False, jobs=args.jobs
            )
        )
        print(f"render:      {t_render:6.2f} s serial, {t_render_jobs:6.2f} s with workers")
        print(
            f"  floors (the documents computed beforehand): zip + write {t_zip:6.2f} s -> "
            f"{t_render / t_zip:.1f}x; the bytes only {t_bytes:6.2f} s -> {t_render / t_bytes:.1f}x"
        )

        # -- the whole Excel pipeline
        held = resident()
        runs: dict[str, list[dict[str, float]]] = {"serial": [], "workers": [], "slow": []}
        ceilings = []
        for turn in range(args.repeat):  # interleaved, so that a slow spell hits all three
            runs["serial"].append(pipeline(forms, districts, root / f"p1-{turn}", 1))
            runs["workers"].append(pipeline(forms, districts, root / f"p2-{turn}", args.jobs))
            ceilings.append(machine_ceiling(args.jobs))
            with slow_readers():
                runs["slow"].append(pipeline(forms, districts, root / f"p3-{turn}", 1))
        fast, fast_jobs, slow = (min(runs[k], key=lambda s: sum(s.values())) for k in runs)
        print(f"pipelines: the fastest of {args.repeat} runs each")
        for name, stages in (("serial", fast), ("workers", fast_jobs), ("slow readers", slow)):
            shown = ", ".join(f"{k} {v:.2f}" for k, v in stages.items())
            print(f"pipeline {name:<13} {sum(stages.values()):6.2f} s ({shown})")
        gain = sum(fast.values()) / sum(fast_jobs.values())
        print(f"  workers / serial: {gain:.2f}x")
        shown = ", ".join(f"{c:.2f}x" for c in ceilings)
        print(
            f"  this machine's ceiling for {args.jobs} processes (pure Python, in the same "
            f"turns): {shown}; the workers reach {gain / max(ceilings):.0%} of the highest"
        )
        print(
            f"peak memory {high_water_mark() / 1e6:.0f} MB; resident before the pipelines "
            f"{held / 1e6:.0f} MB with {2 * n + len(tops)} reports held"
        )
        (half, grew_half), (whole, grew_whole) = peak_growth(n)
        print(
            f"peak memory above what was resident before the pipeline: {half} communes "
            f"{grew_half / 1e6:.0f} MB, {whole} communes {grew_whole / 1e6:.0f} MB "
            f"({grew_whole / max(grew_half, 1):.2f}x for {whole / half:.1f}x the reports)"
        )
        print(f"ratio={sum(slow.values()) / sum(fast.values()):.2f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--peak"]:
        _peak_child(int(sys.argv[2]))
    else:
        sys.exit(main())
