"""Worker processes for many files: same results, same errors, same order as one process.

Starting workers takes a fraction of a second each, so the tests that start them are
marked slow; the in-process paths and the plumbing are tested quickly.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import binhdanggioi as bdg
from binhdanggioi import _workers
from binhdanggioi._files import OverwriteGuard, write_atomic
from binhdanggioi.cli import main
from binhdanggioi.errors import DataError, DataIssue, RendererError, TemplateError
from binhdanggioi.formats import dump, load_many
from binhdanggioi.model import BaoCao, DonVi
from binhdanggioi.renderers import render_many


def _example() -> BaoCao:
    return bdg.load(bdg.example_path())


def _folder(tmp_path: Path, n: int = 6) -> list[Path]:
    """``n`` commune reports as YAML, two with one name, and one broken file in the middle."""
    base = _example()
    paths = []
    for i in range(n):
        name = "Xã Trùng" if i in (1, 4) else f"Xã số {i}"
        path = tmp_path / "in" / f"{i:02d}.yaml"
        dump(attrs.evolve(base, don_vi=DonVi(name, "xa", loai="xã")), path)
        paths.append(path)
    broken = tmp_path / "in" / "03b.yaml"
    broken.write_text("nam: [2023\n", encoding="utf-8")
    paths.insert(4, broken)
    return paths


def _outcomes(results: list[tuple[Path, object]]) -> list[tuple[Path, object]]:
    return [(p, str(r) if isinstance(r, Exception) else r) for p, r in results]


# --------------------------------------------------------------------------- plumbing


def test_resolve_jobs() -> None:
    assert _workers.resolve_jobs(1, 5000) == 1
    assert _workers.resolve_jobs(3, 2) == 2
    assert _workers.resolve_jobs(None, _workers.MIN_ITEMS - 1) == 1
    assert 1 <= _workers.resolve_jobs(None, 10_000) <= _workers.MAX_JOBS
    for wrong in (0, -1, True, 1.5):
        with pytest.raises(ValueError, match="jobs"):
            _workers.resolve_jobs(wrong, 10)  # type: ignore[arg-type]


def test_a_failure_comes_back_as_the_same_exception() -> None:
    # DataError takes its issues, not its message: plain pickling would lose them.
    err = DataError([DataIssue("nam", "thiếu năm")], source="a.yaml")
    back = _workers.Failure(err).rebuild()
    assert isinstance(back, DataError)
    assert str(back) == str(err) and back.issues == err.issues and back.source == "a.yaml"
    templ = _workers.Failure(TemplateError("hỏng", template="t.docx")).rebuild()
    assert isinstance(templ, TemplateError) and str(templ) == "hỏng"


def test_write_atomic_without_fsync_writes_the_same(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.bin", b"xin chao", fsync=False)
    assert (tmp_path / "a.bin").read_bytes() == b"xin chao"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_the_batch_guard_sees_links_and_missing_inputs(tmp_path: Path) -> None:
    real = tmp_path / "bao-cao.yaml"
    real.write_text("x", encoding="utf-8")
    link = tmp_path / "lien-ket.docx"
    link.symlink_to(real)
    guard = OverwriteGuard([real, tmp_path / "chua-co.yaml"], RendererError)
    guard.check(tmp_path / "khac.docx")
    with pytest.raises(RendererError, match="trùng với tệp đầu vào"):
        guard.check(link)
    with pytest.raises(RendererError, match=r"chua-co\.yaml"):
        guard.check(tmp_path / "sub" / ".." / "chua-co.yaml")


def test_load_many_in_process_gives_reports_and_errors_in_order(tmp_path: Path) -> None:
    paths = _folder(tmp_path)
    results = list(load_many(paths, jobs=1))
    assert [p for p, _ in results] == paths
    assert isinstance(results[4][1], DataError) and "03b.yaml: dòng 2, cột 1" in str(results[4][1])
    assert all(isinstance(r, BaoCao) for i, (_, r) in enumerate(results) if i != 4)


def test_render_many_takes_files_and_reports_errors_in_order(tmp_path: Path) -> None:
    paths = _folder(tmp_path)
    seen: list[Path] = []
    written = render_many(
        paths, "markdown", out_dir=tmp_path / "ra", on_error=lambda p, e: seen.append(p)
    )
    assert seen == [paths[4]]
    assert [w.name for w in written][:3] == [
        "xa-so-0-2023.md",
        "xa-trung-2023.md",
        "xa-so-2-2023.md",
    ]
    assert "xa-trung-2023-2.md" in [w.name for w in written]
    with pytest.raises(DataError, match=r"03b\.yaml"):
        render_many(paths, "markdown", out_dir=tmp_path / "ra2")


# --------------------------------------------------------------------------- workers


@pytest.mark.slow
def test_load_many_with_workers_equals_one_process(tmp_path: Path) -> None:
    paths = _folder(tmp_path)
    serial = _outcomes(list(load_many(paths, jobs=1)))
    parallel = _outcomes(list(load_many(paths, jobs=2)))
    assert parallel == serial
    # Reports read by workers are protected from being overwritten like load()'s.
    report = next(r for _, r in load_many(paths[:1], jobs=2))
    assert isinstance(report, BaoCao)
    with pytest.raises(RendererError, match="trùng"):
        bdg.render(report, "markdown", out=paths[0])


@pytest.mark.slow
def test_render_many_with_workers_writes_the_same_files(tmp_path: Path) -> None:
    paths = _folder(tmp_path)
    errors: dict[int, list[str]] = {1: [], 2: []}
    out: dict[int, list[Path]] = {}
    for jobs in (1, 2):
        out[jobs] = render_many(
            paths,
            "docx",
            out_dir=tmp_path / f"ra{jobs}",
            jobs=jobs,
            on_error=lambda p, e, jobs=jobs: errors[jobs].append(f"{p}: {e}"),  # type: ignore[misc]
        )
    assert [p.name for p in out[2]] == [p.name for p in out[1]]
    assert [p.read_bytes() for p in out[2]] == [p.read_bytes() for p in out[1]]
    assert errors[2] == errors[1] and len(errors[1]) == 1
    assert not list((tmp_path / "ra2").glob(".*"))  # no part file left behind
    # In-memory reports too, and the reports of a generator.
    again = render_many(
        (bdg.load(p) for p in paths if p.name != "03b.yaml"),
        "docx",
        out_dir=tmp_path / "ra3",
        jobs=2,
    )
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in out[1]]


@pytest.mark.slow
def test_workers_refuse_to_overwrite_an_input_and_leave_no_part(tmp_path: Path) -> None:
    paths = _folder(tmp_path)[:3]
    out = tmp_path / "ra"
    out.mkdir()
    victim = out / "xa-trung-2023.docx"
    victim.write_bytes(b"input")
    with pytest.raises(RendererError, match="trùng với tệp đầu vào"):
        render_many(paths, "docx", out_dir=out, jobs=2, inputs=[victim])
    assert victim.read_bytes() == b"input"
    assert sorted(p.name for p in out.iterdir()) == ["xa-so-0-2023.docx", "xa-trung-2023.docx"]


@pytest.mark.slow
def test_a_template_error_in_a_worker_is_raised_as_itself(tmp_path: Path) -> None:
    template = tmp_path / "hong.md.j2"
    template.write_text("{{ khong_co.gi_ca.o_day }}", encoding="utf-8")
    with pytest.raises(TemplateError):
        render_many(_folder(tmp_path)[:2], "markdown", template=template, out_dir=tmp_path / "r")
    with pytest.raises(TemplateError):
        render_many(
            _folder(tmp_path)[:2], "markdown", template=template, out_dir=tmp_path / "r2", jobs=2
        )
    assert not list((tmp_path / "r2").glob(".*"))


@pytest.mark.slow
@pytest.mark.parametrize("command", ["validate", "render"])
def test_cli_jobs_gives_the_same_output(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = _folder(tmp_path)
    runs = []
    for jobs in ("1", "2"):
        extra = ["-o", str(tmp_path / f"ra{jobs}")] if command == "render" else []
        status = main([command, str(tmp_path / "in"), "--jobs", jobs, *extra])
        captured = capsys.readouterr()
        runs.append((status, captured.out.replace(f"ra{jobs}", "ra"), captured.err))
    assert runs[0] == runs[1]
    assert runs[0][0] == 1 and "03b.yaml" in runs[0][2]
    assert len(paths) == 7


def test_cli_refuses_jobs_below_one(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "x.yaml", "--jobs", "0"])
    assert exit_info.value.code == 2
    assert "--jobs" in capsys.readouterr().err


@pytest.mark.slow
def test_cli_aggregate_with_jobs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _folder(tmp_path)
    runs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"tinh{jobs}.yaml"
        args = ["aggregate", str(tmp_path / "in"), "--ten", "Huyện Thử", "--cap", "huyen"]
        status = main([*args, "-o", str(target), "--jobs", jobs])
        captured = capsys.readouterr()
        runs.append((status, captured.out.replace(f"tinh{jobs}", "tinh"), captured.err))
    assert runs[0] == runs[1]
    assert "03b.yaml" in runs[0][2]


def test_workers_are_forked_only_from_a_single_threaded_process() -> None:
    import sys
    import threading

    assert [t.name for t in threading.enumerate()] == ["MainThread"]
    alone = _workers._context().get_start_method()
    assert alone == ("fork" if sys.platform.startswith("linux") else alone)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert _workers._context().get_start_method() in {"forkserver", "spawn"}
    finally:
        release.set()
        other.join()


@pytest.mark.slow
def test_forked_workers_see_a_template_changed_after_the_parent_prepared_it(
    tmp_path: Path,
) -> None:
    """A worker forked after the parent prepared a template still renders the file as it
    is now: templates are looked up by path and their state, not taken from the fork."""
    template = tmp_path / "t.md.j2"
    template.write_text("cũ {{ don_vi.ten }}", encoding="utf-8")
    reports = [attrs.evolve(_example(), don_vi=DonVi(f"Xã {i}", "xa")) for i in range(4)]
    render_many(reports, "markdown", template=template, out_dir=tmp_path / "a", progress=False)
    template.write_text("mới {{ don_vi.ten }}", encoding="utf-8")
    written = render_many(
        reports, "markdown", template=template, out_dir=tmp_path / "b", progress=False, jobs=2
    )
    assert [p.read_text(encoding="utf-8").split()[0] for p in written] == ["mới"] * 4


def _twice_shared(index: int) -> object:
    values = _workers.shared()
    return values[index] * 2


@pytest.mark.slow
def test_forked_workers_read_what_is_shared_instead_of_receiving_it() -> None:
    import sys

    with _workers.sharing([10, 20, 30]) as on:
        if not sys.platform.startswith("linux"):
            assert on is False
            return
        assert on is True
        with _workers.sharing("other") as nested:
            assert nested is False  # one shared value at a time
        assert list(_workers.run(_twice_shared, range(3), jobs=2)) == [20, 40, 60]
    with pytest.raises(RuntimeError, match="sharing"):
        _workers.shared()


@pytest.mark.slow
def test_reports_in_memory_render_in_workers_as_in_one_process(tmp_path: Path) -> None:
    reports = [
        attrs.evolve(_example(), don_vi=DonVi(name, "xa", loai="xã"))
        for name in ("Xã A", "Xã B", "Xã A", "Xã C")
    ]
    one = render_many(reports, "markdown", out_dir=tmp_path / "one", progress=False)
    two = render_many(reports, "markdown", out_dir=tmp_path / "two", progress=False, jobs=2)
    assert (
        [p.name for p in one]
        == [p.name for p in two]
        == [
            "xa-a-2023.md",
            "xa-b-2023.md",
            "xa-a-2023-2.md",
            "xa-c-2023.md",
        ]
    )
    assert [p.read_bytes() for p in one] == [p.read_bytes() for p in two]


@pytest.mark.slow
def test_validate_many_in_workers_equals_validate(tmp_path: Path) -> None:
    from datetime import date

    from binhdanggioi.aggregation import check_inputs
    from binhdanggioi.model import KinhPhi
    from binhdanggioi.rules import validate, validate_many

    base = _example()
    reports = [
        attrs.evolve(base, don_vi=DonVi(f"Xã {i}", "xa", loai="xã"), kinh_phi=KinhPhi(-i))
        for i in range(5)
    ]
    today = date(2024, 1, 1)
    expected = [validate(r, today=today) for r in reports]
    assert validate_many(reports, today=today) == expected
    assert validate_many(reports, jobs=2, today=today) == expected
    assert any(p.code == "kinh-phi-am" for p in expected[3])
    named = {f"{i}.yaml": r for i, r in enumerate(reports)}
    assert check_inputs(named, jobs=2) == check_inputs(named)
    with pytest.raises(TypeError, match="validate_many"):
        validate_many([base, "x.yaml"])  # type: ignore[list-item]


def _checked_by_hand(paths: list[Path], **options: object) -> list[tuple[Path, object, list]]:
    from binhdanggioi.rules import validate

    out: list[tuple[Path, object, list]] = []
    for path, report in load_many(paths, jobs=1):
        found = validate(report, **options) if isinstance(report, BaoCao) else []  # type: ignore[arg-type]
        out.append((path, str(report) if isinstance(report, Exception) else report, found))
    return out


def _checked(results: object) -> list[tuple[Path, object, list]]:
    return [
        (p, str(r) if isinstance(r, Exception) else r, found)
        for p, r, found in results  # type: ignore[attr-defined]
    ]


def _folder_with_problems(tmp_path: Path) -> list[Path]:
    """:func:`_folder`, with a negative budget (an error) in one report."""
    from binhdanggioi.model import KinhPhi

    paths = _folder(tmp_path)
    dump(attrs.evolve(bdg.load(paths[2]), kinh_phi=KinhPhi(-5)), paths[2])
    return paths


def test_validate_files_in_process_reads_then_validates_each_file(tmp_path: Path) -> None:
    from datetime import date

    from binhdanggioi.rules import validate_files

    paths = _folder_with_problems(tmp_path)
    today = date(2024, 1, 1)
    results = _checked(validate_files(paths, jobs=1, today=today))
    assert results == _checked_by_hand(paths, today=today)
    assert [p for p, _, _ in results] == paths
    assert "03b.yaml: dòng 2, cột 1" in str(results[4][1]) and results[4][2] == []
    assert any(p.code == "kinh-phi-am" for p in results[2][2])


@pytest.mark.slow
def test_validate_files_with_workers_equals_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from binhdanggioi.rules import validate_files

    paths = _folder_with_problems(tmp_path)
    today = date(2024, 1, 1)
    expected = _checked_by_hand(paths, today=today)
    assert _checked(validate_files(paths, jobs=2, today=today)) == expected
    # Reports read by workers are protected from being overwritten like load()'s.
    _, report, _ = next(validate_files(paths[:1], jobs=2))
    assert isinstance(report, BaoCao)
    with pytest.raises(RendererError, match="trùng"):
        bdg.render(report, "markdown", out=paths[0])
    # A generator left unfinished holds nothing another batch would need.
    unfinished = validate_files(paths, jobs=2, today=today)
    assert _checked([next(unfinished)]) == expected[:1]
    assert _workers._SHARED is None  # which would make the next pool fork beside threads
    unfinished.close()
    # Where workers cannot be forked, they start from a fork server.
    monkeypatch.setattr(_workers, "_forking", lambda: False)
    assert _checked(validate_files(paths, jobs=2, today=today)) == expected


def test_validate_files_keeps_a_registry_of_its_own_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A registry object would be pickled with every task: no workers."""
    from binhdanggioi.rules import validate_files
    from binhdanggioi.units import UnitIndex

    def no_workers(*args: object, **kwargs: object) -> None:
        raise AssertionError("workers started")

    paths = _folder(tmp_path)[:3]
    monkeypatch.setattr(_workers, "run", no_workers)
    results = list(validate_files(paths, jobs=2, registry=UnitIndex([])))
    assert [p for p, _, _ in results] == paths


def test_write_part_creates_a_new_file_only_and_leaves_nothing_when_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    from binhdanggioi._files import write_part

    part = tmp_path / ".abc-0.docx.part"
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)
    write_part(part, b"one", fsync=True)
    assert part.read_bytes() == b"one" and len(synced) == 1
    with pytest.raises(OSError, match=r"abc-0\.docx\.part") as refused:
        write_part(part, b"two")  # never replaces a file
    assert refused.value.errno == errno.EEXIST and part.read_bytes() == b"one"

    class Full:
        def __init__(self, fd: int, mode: str) -> None:
            os.close(fd)

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", Full)
    other = tmp_path / ".abc-1.docx.part"
    with pytest.raises(OSError, match=r"abc-1\.docx\.part") as full:
        write_part(other, b"x" * 10)
    assert full.value.errno == errno.ENOSPC and not other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [part.name]


def test_write_atomic_never_changes_the_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Setting the umask to read it would leave other threads' new files open to all."""
    import os

    def refuse(_mask: int) -> int:
        raise AssertionError("os.umask called")

    monkeypatch.setattr(os, "umask", refuse)
    write_atomic(tmp_path / "moi.bin", b"1", fsync=False)
    write_atomic(tmp_path / "moi.bin", b"2", fsync=False)
    assert (tmp_path / "moi.bin").read_bytes() == b"2"
    assert [p.name for p in tmp_path.iterdir()] == ["moi.bin"]


@pytest.mark.slow
def test_with_another_thread_running_reports_are_sent_to_workers(tmp_path: Path) -> None:
    """No fork then: the fork server's workers receive the reports pickled."""
    import threading

    from binhdanggioi.rules import validate, validate_many

    reports = [attrs.evolve(_example(), don_vi=DonVi(f"Xã {i}", "xa")) for i in range(3)]
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        with _workers.sharing(reports) as on:
            assert on is False
        assert validate_many(reports, jobs=2) == [validate(r) for r in reports]
        two = render_many(reports, "markdown", out_dir=tmp_path / "b", progress=False, jobs=2)
    finally:
        release.set()
        other.join()
    one = render_many(reports, "markdown", out_dir=tmp_path / "a", progress=False)
    assert [p.read_bytes() for p in one] == [p.read_bytes() for p in two]


@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=pytest.mark.slow)])
@pytest.mark.parametrize("as_path", [True, False])
def test_render_many_never_writes_over_the_file_of_a_later_report(
    tmp_path: Path, jobs: int, as_path: bool
) -> None:
    """A report rendered first may take the output name of a later report's own file:
    that file is an input of the batch from the start, not only once its turn comes."""
    from binhdanggioi.model import KinhPhi

    first = _example()
    source = tmp_path / "bac-kan-2023.xlsx"  # the name render_many gives ``first``
    bdg.render(attrs.evolve(first, kinh_phi=KinhPhi(12345)), "xlsx", out=source)
    before = source.read_bytes()
    later: object = source if as_path else bdg.load(source)
    with pytest.raises(RendererError, match="trùng với tệp đầu vào"):
        render_many([first, later], "xlsx", out_dir=tmp_path, jobs=jobs)  # type: ignore[list-item]
    assert source.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [source.name]


@pytest.mark.parametrize("one", ["bc.yaml", Path("thu-muc/bc.xlsx")])
def test_one_path_alone_is_refused_not_read_as_its_characters(one: object) -> None:
    from binhdanggioi.rules import validate_files

    with pytest.raises(TypeError, match=r"load_many\(\): cần một danh sách tệp.*viết \["):
        list(load_many(one))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"validate_files\(\): cần một danh sách tệp"):
        list(validate_files(one))  # type: ignore[arg-type]
