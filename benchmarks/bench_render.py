"""Batch rendering: ``render_many`` against a plain docxtpl loop, in one run.

Both render the same template (the default Word template), the same context
(:func:`binhdanggioi.template_context`) and the same sandboxed environment
(:func:`binhdanggioi.jinja_environment`). The plain loop is what a developer
writes with docxtpl alone: ``DocxTemplate(path)``, ``render(context, env)``,
``save`` for every report. The two are run alternately, several rounds, and the
per-report medians are printed. The docxtpl loop is handed its contexts ready
made; ``render_many`` builds each context itself, inside the timing.

Also measured: a report with a 2,000-row table; the peak memory (tracemalloc)
of rendering 500 reports against 50; ``render_many`` of report files (file in,
file out) with 2 worker processes against 1; and ``render_many`` against two floors
of writing the precomputed documents, timed in the same rounds:

- *zip + write*: the rendered XML parts of each document, computed beforehand, packed
  by :mod:`zipfile` (every part deflated, as python-docx saves a document) and written.
  This is the floor of issue 14 ("within 3x of the floor"): the issue measured
  ``render_many`` at 6.75 ms a report and 6.9x its floor, a floor of about 1 ms, which
  is what packing and writing take here (1.0-1.2 ms); the bytes alone take 0.15-0.2 ms
  and would have made that 35x.
- *bytes only*: the finished .docx bytes written atomically, as ``render_many`` writes
  them: no document can be written faster.

The last line is ``ratio=<docxtpl time / ours>`` for the example-size reports.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_render.py [N]``.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs

import binhdanggioi as bdg
from binhdanggioi.model import BaoCao, DonVi, HoatDong, SoNguoi
from binhdanggioi.renderers import render_many, template_path

ROUNDS = 5


def example_reports(n: int) -> list[BaoCao]:
    """``n`` reports of the example's size, one per made-up commune."""
    base = bdg.load(bdg.example_path())
    return [
        attrs.evolve(base, don_vi=DonVi(f"Xã số {i}", "xa", loai="xã", ma=f"{i:05d}"))
        for i in range(n)
    ]


def large_report(rows: int = 2000) -> BaoCao:
    """The example with a media table of ``rows`` rows."""
    base = bdg.load(bdg.example_path())
    table = tuple(
        HoatDong(
            f"Tuyên truyền tại thôn số {i}",
            so_luong=i % 7 + 1,
            nguoi=SoNguoi(i % 50, i % 70) if i % 3 else SoNguoi(tong=i),
            cap="xa",
        )
        for i in range(rows)
    )
    return attrs.evolve(base, truyen_thong=table)


def plain_docxtpl(reports: list[BaoCao]) -> Callable[[Path], None]:
    """The obvious alternative: a docxtpl loop over ready-made contexts."""
    from docxtpl import DocxTemplate

    path = template_path(None, "bao-cao.docx")
    contexts = [bdg.template_context(r) for r in reports]
    env = bdg.jinja_environment()

    def run(out: Path) -> None:
        for i, context in enumerate(contexts):
            doc = DocxTemplate(path)
            doc.render(context, env, autoescape=True)
            doc.save(out / f"{i}.docx")

    return run


def ours(reports: list[BaoCao]) -> Callable[[Path], None]:
    def run(out: Path) -> None:
        render_many(reports, "docx", out_dir=out, progress=False)

    return run


def per_report_medians(
    n: int, runs: dict[str, Callable[[Path], None]], rounds: int
) -> dict[str, float]:
    """Alternate the runs ``rounds`` times; median seconds per report for each."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            with tempfile.TemporaryDirectory() as tmp:
                start = time.perf_counter()
                run(Path(tmp))
                times[name].append((time.perf_counter() - start) / n)
    return {name: statistics.median(values) for name, values in times.items()}


def lazily(n: int) -> Iterator[BaoCao]:
    base = bdg.load(bdg.example_path())
    for i in range(n):
        yield attrs.evolve(base, don_vi=DonVi(f"Xã số {i}", "xa", ma=f"{i:05d}"))


def peak_memory(n: int) -> tuple[int, int]:
    """Peak memory of rendering ``n`` reports streamed from a generator, in a fresh process.

    Returns the process's peak resident size (bytes; what the machine sees, C
    libraries included) and the peak of Python allocations during the batch
    (tracemalloc).
    """
    done = subprocess.run(
        [sys.executable, __file__, "--peak", str(n)], check=True, capture_output=True, text=True
    )
    rss, traced = done.stdout.split()
    return int(rss), int(traced)


def _peak_child(n: int) -> None:
    render_many(lazily(2), "docx", out_dir=tempfile.mkdtemp(), progress=False)  # warm caches
    with tempfile.TemporaryDirectory() as tmp:
        tracemalloc.start()
        render_many(lazily(n), "docx", out_dir=tmp, progress=False)
        _, traced = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(_high_water_mark(), traced)


def _high_water_mark() -> int:
    """Peak resident size of this process in bytes.

    VmHWM starts afresh with the new program; ru_maxrss would carry over the
    parent's peak through fork and exec.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def floors(reports: list[BaoCao]) -> dict[str, Callable[[Path], None]]:
    """Writing the documents of ``reports``, computed beforehand: the bytes only, and the
    rendered parts zipped (every part deflated) then written."""
    import io
    import zipfile

    from binhdanggioi._files import sync_directory, write_atomic

    documents = [bdg.render(r, "docx") for r in reports]
    parts = []
    for data in documents:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts.append([(i, archive.read(i)) for i in archive.infolist()])

    def write_bytes(out: Path) -> None:
        for i, data in enumerate(documents):
            write_atomic(out / f"{i}.docx", data, fsync=False)
        sync_directory(out)

    def zip_and_write(out: Path) -> None:
        for i, members in enumerate(parts):
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for info, blob in members:
                    archive.writestr(info, blob, zipfile.ZIP_DEFLATED)
            write_atomic(out / f"{i}.docx", buffer.getvalue(), fsync=False)
        sync_directory(out)

    return {"bytes": write_bytes, "zip": zip_and_write}


def workers_ratio(n: int) -> tuple[float, float]:
    """Seconds to render ``n`` report files to Word with 1 and with 2 worker processes."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = []
        for i, report in enumerate(example_reports(n)):
            paths.append(folder / "in" / f"{i}.yaml")
            bdg.dump(report, paths[-1])
        spent = {}
        for jobs in (1, 2):
            start = time.perf_counter()
            render_many(paths, "docx", out_dir=folder / f"out{jobs}", progress=False, jobs=jobs)
            spent[jobs] = time.perf_counter() - start
    return spent[1], spent[2]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def print_floors(medians: dict[str, float], target: str = "") -> None:
    """``render_many`` against each floor measured in the same rounds."""
    ours = medians["render_many"]
    zipped, raw = medians["zip"], medians["bytes"]
    print(f"  floor: zip + write {ms(zipped)} -> {ours / zipped:.1f}x{target}")
    print(f"  floor: bytes only  {ms(raw)} -> {ours / raw:.1f}x")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    reports = example_reports(n)
    # Both sides once before timing: imports, caches, the prepared template.
    bdg.render(reports[0], "docx")
    plain_docxtpl(reports[:1])(Path(tempfile.mkdtemp()))

    runs = {"docxtpl": plain_docxtpl(reports), "render_many": ours(reports), **floors(reports)}
    small = per_report_medians(n, runs, ROUNDS)
    print(f"example-size report, {n} reports x {ROUNDS} rounds (median per report):")
    print(f"  plain docxtpl loop {ms(small['docxtpl'])}")
    print(f"  render_many        {ms(small['render_many'])}")
    print_floors(small, " (issue 14: within 3x)")

    big_n = max(2, n // 10)
    big = [attrs.evolve(large_report(), don_vi=DonVi(f"Huyện {i}", "huyen")) for i in range(big_n)]
    runs = {"docxtpl": plain_docxtpl(big), "render_many": ours(big), **floors(big)}
    large = per_report_medians(big_n, runs, 3)
    print(f"report with a 2.000-row table, {big_n} reports x 3 rounds (median per report):")
    print(f"  plain docxtpl loop {ms(large['docxtpl'])}")
    print(f"  render_many        {ms(large['render_many'])}")
    print_floors(large)
    print(f"  large-table ratio  {large['docxtpl'] / large['render_many']:.1f}")

    (rss50, py50), (rss500, py500) = peak_memory(50), peak_memory(500)
    print(
        f"peak memory (whole process): 50 reports {rss50 / 1e6:.1f} MB, "
        f"500 reports {rss500 / 1e6:.1f} MB, 500/50 = {rss500 / rss50:.2f} (limit 1,5)"
    )
    print(
        f"peak Python allocations during the batch: 50 reports {py50 / 1e6:.2f} MB, "
        f"500 reports {py500 / 1e6:.2f} MB (the difference is the list of paths returned)"
    )
    files = max(300, n)
    one, two = workers_ratio(files)
    print(
        f"{files} report files to Word: 1 job {one:.2f} s, 2 jobs {two:.2f} s -> {one / two:.2f}x"
    )
    print(f"ratio={small['docxtpl'] / small['render_many']:.1f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--peak"]:
        _peak_child(int(sys.argv[2]))
    else:
        main()
