"""Rule checks that a well-formed report can still fail.

:func:`validate` walks a :class:`~binhdanggioi.model.BaoCao` part by part and runs
the rules of each part's type. The rules are grouped per governed type (one
small function each) and registered in one ordered table, :data:`_RULES`, so the
rules of a type are found together. Every code is listed in :data:`CODES` with its
fixed severity; a code never changes meaning or severity once released.

>>> from binhdanggioi.model import BaoCao, DonVi, HoatDong, SoNguoi
>>> row = HoatDong("A", so_luong=1, nguoi=SoNguoi(5, 6, 10), cap="xa")
>>> r = BaoCao(2023, DonVi("X", "xa"), hoat_dong=(row,))
>>> for p in validate(r):
...     print(p)
lỗi: hoat_dong[0].nguoi: Nam + Nữ = 11 lớn hơn tổng 10; sửa số Nam, Nữ hoặc tổng [nam-nu-vuot-tong]
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs

from binhdanggioi import _years
from binhdanggioi._rules_base import (
    CODES,
    KINH_PHI_BAT_THUONG,
    KINH_PHI_NHO,
    LAST_YEAR,
    Problem,
    Severity,
    _Context,
    _problem,
)
from binhdanggioi._rules_figures import (
    _check_comment,
    _check_dong,
    _check_ho_tro,
    _check_kinh_phi,
    _check_nguon_kinh_phi,
    _check_so_nguoi,
)
from binhdanggioi._rules_text import (
    _check_chu_ky,
    _check_danh_gia,
    _check_items,
    _check_loi_van,
    _check_noi_nhan,
    _check_van_ban,
)
from binhdanggioi._rules_units import _check_danh_muc, _check_don_vi, _check_loai
from binhdanggioi.errors import DataError, MissingDependencyError
from binhdanggioi.model import (
    BaoCao,
    ChuKy,
    DanhGia,
    DonVi,
    HoatDong,
    HoTro,
    KinhPhi,
    NguonKinhPhi,
    NoiNhan,
    SanPham,
    SoNguoi,
    VanBan,
)
from binhdanggioi.units import Registry, official_registry

if TYPE_CHECKING:  # pragma: no cover
    from binhdanggioi._workers import Failure
    from binhdanggioi.ke_hoach import KeHoachTrienKhai

__all__ = [
    "CODES",
    "KINH_PHI_BAT_THUONG",
    "KINH_PHI_NHO",
    "LAST_YEAR",
    "Problem",
    "Severity",
    "validate",
    "validate_files",
    "validate_many",
]

# --------------------------------------------------------------------------- BaoCao


def _shown_year(nam: int) -> str:
    digits = len(str(abs(nam)))
    return str(nam) if digits <= 8 else f"có {digits} chữ số"


def _check_bao_cao(bc: BaoCao, _path: str, ctx: _Context) -> Iterator[Problem]:
    if not _years.FIRST_YEAR <= bc.nam <= LAST_YEAR:
        yield _problem(
            "nam-ngoai-pham-vi",
            "nam",
            f"năm {_shown_year(bc.nam)} ngoài phạm vi: Tháng hành động có từ năm "
            f"{_years.FIRST_YEAR}; ghi năm từ {_years.FIRST_YEAR} đến {LAST_YEAR}",
        )
    elif bc.nam > ctx.today.year + 1:
        yield _problem(
            "nam-tuong-lai",
            "nam",
            f"năm {bc.nam} còn ở tương lai (nay là năm {ctx.today.year}); kiểm tra lại năm",
        )
    if bc.rong:
        yield _problem(
            "bao-cao-rong",
            "",
            "báo cáo chưa có số liệu và nội dung nào; điền các bảng hoat_dong, truyen_thong, "
            "san_pham, kinh_phi hoặc phần nội dung",
        )
    for key in ("chi_dao", "ket_qua", "kien_nghi"):
        yield from _check_items(getattr(bc, key), key)
    for key in ("loi_dan", "chu_de", "ket_luan"):
        yield from _check_comment(getattr(bc, key), key)
    yield from _check_ma(bc)
    yield from _check_repeated_rows(bc)


def _check_ma(bc: BaoCao) -> Iterator[Problem]:
    first: dict[str, str] = {}
    for table, i, row in bc.dong():
        if row.ma is None or not row.ma.strip():
            continue
        key = row.ma.strip()
        here = f"{table}[{i}]"
        if key in first:
            yield _problem(
                "ma-trung-lap",
                f"{here}.ma",
                f"mã '{key}' đã dùng ở {first[key]}; mỗi hoạt động một mã riêng, "
                "hoặc gộp hai dòng làm một",
            )
        else:
            first[key] = here


def _check_repeated_rows(bc: BaoCao) -> Iterator[Problem]:
    for table in BaoCao.TABLES:
        seen: dict[HoatDong | SanPham, int] = {}
        for i, row in enumerate(bc.bang(table)):
            if row in seen:
                yield _problem(
                    "dong-lap-lai",
                    f"{table}[{i}]",
                    f"dòng giống hệt {table}[{seen[row]}]; xóa bản chép thừa, "
                    "hoặc cộng số lượng vào một dòng",
                )
            else:
                seen[row] = i


# --------------------------------------------------------------------------- table

_Rule = Callable[[Any, str, _Context], Iterable[Problem]]

_RULES: tuple[tuple[type | tuple[type, ...], _Rule], ...] = (
    (BaoCao, _check_bao_cao),
    (BaoCao, _check_loi_van),
    (DonVi, _check_don_vi),
    (DonVi, _check_loai),
    (DonVi, _check_danh_muc),
    (VanBan, _check_van_ban),
    ((HoatDong, SanPham), _check_dong),
    (SoNguoi, _check_so_nguoi),
    (KinhPhi, _check_kinh_phi),
    (NguonKinhPhi, _check_nguon_kinh_phi),
    (HoTro, _check_ho_tro),
    (DanhGia, _check_danh_gia),
    (NoiNhan, _check_noi_nhan),
    (ChuKy, _check_chu_ky),
)
"""Which rules govern which type, in the order they run on each part."""


def _registry_for(year: int, given: Registry | Literal[False] | None) -> Registry | None:
    """The registry to look units up in, for ``year``; None for no lookup."""
    if given is False or _years.tiers(year) != 2 or not _years.FIRST_YEAR <= year <= LAST_YEAR:
        return None
    if given is not None:
        return given
    try:
        return official_registry()
    except MissingDependencyError:
        return None  # the list is an optional extra: without it, names are not checked


def _parts(bc: BaoCao) -> Iterator[tuple[str, object]]:
    """Every part a rule may govern, with its path, in the order of the file."""
    yield "", bc
    yield "don_vi", bc.don_vi
    yield "van_ban", bc.van_ban
    for table, i, row in bc.dong():
        yield f"{table}[{i}]", row
        yield f"{table}[{i}].nguoi", row.nguoi
    yield "kinh_phi", bc.kinh_phi
    for i, source in enumerate(bc.kinh_phi.nguon_khac):
        yield f"kinh_phi.nguon_khac[{i}]", source
    for i, line in enumerate(bc.ho_tro):
        yield f"ho_tro[{i}]", line
    yield "danh_gia", bc.danh_gia
    yield "noi_nhan", bc.noi_nhan
    yield "chu_ky", bc.chu_ky
    for key in ("nguon", "chua_bao_cao"):
        for i, dv in enumerate(getattr(bc, key, ())):
            yield f"{key}[{i}]", dv


_FIELD_ORDER = {name: i for i, name in enumerate(attrs.fields_dict(BaoCao))}


def _file_order(problem: Problem) -> tuple[int, int]:
    """Sort key: the top-level key of the path in the order of the file, then the row."""
    found = re.match(r"([a-z_]*)(?:\[(\d+)\])?", problem.path)
    assert found is not None  # the pattern matches every string
    return _FIELD_ORDER.get(found[1], -1), int(found[2]) if found[2] else -1


def validate(
    bao_cao: BaoCao,
    *,
    today: date | None = None,
    registry: Registry | Literal[False] | None = None,
    ke_hoach: KeHoachTrienKhai | None = None,
) -> list[Problem]:
    """Every rule ``bao_cao`` fails, errors and warnings, in the order of the file.

    ``ke_hoach``: the unit's plan; adds the warnings ``ngoai-ke-hoach`` and
    ``chua-thuc-hien`` (:func:`binhdanggioi.ke_hoach_rules.plan_problems`).

    ``today`` (default: the current date) decides which years lie in the future.
    For years from 2025 units (tỉnh, xã) are looked up in a list of units: with
    ``registry`` given, every unit of the report in that registry (the official one,
    ``units.official_registry()``, or an application's own); by default only the
    units that name their province (``tinh``), in the official list when the
    ``vietnam-provinces`` package is installed (without it, none). ``False``: none.

    >>> from binhdanggioi.model import DonVi
    >>> [p.code for p in validate(BaoCao(2015, DonVi("X", "xa")))]
    ['bao-cao-rong', 'nam-ngoai-pham-vi']
    """
    if not isinstance(bao_cao, BaoCao):
        raise TypeError(f"validate() cần một BaoCao, nhận {type(bao_cao).__name__}")
    ctx = _Context(
        bao_cao,
        today or date.today(),
        _registry_for(bao_cao.nam, registry),
        every_unit=registry is not None and registry is not False,
    )
    problems = [
        problem
        for path, part in _parts(bao_cao)
        for governed, rule in _RULES
        if isinstance(part, governed)
        for problem in rule(part, path, ctx)
    ]
    if ke_hoach is not None:
        from binhdanggioi.ke_hoach_rules import plan_problems  # beside this module

        problems.extend(plan_problems(bao_cao, ke_hoach))
    return sorted(problems, key=_file_order)


def validate_many(
    reports: Sequence[BaoCao],
    *,
    jobs: int | None = 1,
    today: date | None = None,
    registry: Registry | Literal[False] | None = None,
    ke_hoach: KeHoachTrienKhai | None = None,
) -> list[list[Problem]]:
    """:func:`validate` of every report, with the same options, in the order given.

    ``jobs``: worker processes (``1``, the default: in this process; ``None``: one
    per core, at most 8, from 100 reports on). On Linux the workers are forked with
    the reports in memory and send back only the problems; elsewhere each report is
    sent to its worker (and with a ``registry`` object, all is done in this process).
    """
    from binhdanggioi import _workers

    listed = list(reports)
    for report in listed:
        if not isinstance(report, BaoCao):
            raise TypeError(f"validate_many() cần các BaoCao, nhận {type(report).__name__}")
    options = {"today": today or date.today(), "registry": registry, "ke_hoach": ke_hoach}
    workers = _workers.resolve_jobs(jobs, len(listed))
    if workers == 1:
        return [validate(r, **options) for r in listed]  # type: ignore[arg-type]
    for year in {r.nam for r in listed}:
        _registry_for(year, registry)  # loaded once here, not in every worker
    with _workers.sharing((listed, options)) as inherited:
        if inherited:
            return list(_workers.run(_validate_shared, range(len(listed)), jobs=workers))
        if registry is not None and registry is not False:
            # A registry of its own would be pickled with every report: validate here.
            return [validate(r, **options) for r in listed]  # type: ignore[arg-type]
        sent = ((r, options) for r in listed)
        return list(_workers.run(_validate_sent, sent, jobs=workers))


def validate_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    today: date | None = None,
    registry: Registry | Literal[False] | None = None,
    ke_hoach: KeHoachTrienKhai | None = None,
) -> Iterator[tuple[Path, BaoCao | DataError | ImportError, list[Problem]]]:
    """Read and validate many report files; yields ``(path, report, problems)`` in the
    order of ``paths``.

    :func:`~binhdanggioi.formats.load_many` then :func:`validate_many` in one pass: each
    worker reads a file and validates its report, so a province is read and checked by
    the same processes. A file that cannot be read yields its :class:`DataError` (or the
    :class:`ImportError` of a missing reader) in place of the report, with no problems.
    ``jobs`` as for ``load_many`` (``None``: one per core, at most 8, from 100 files on);
    the other options as for :func:`validate` (with a ``registry`` object of one's own,
    all is done in this process: it would be sent with every task). Reports read by
    workers are protected from being overwritten like those read by
    :func:`~binhdanggioi.load`.
    """
    from binhdanggioi import _workers
    from binhdanggioi._files import listed_paths, remember

    listed = listed_paths(paths, "validate_files")
    options = {"today": today or date.today(), "registry": registry, "ke_hoach": ke_hoach}
    workers = _workers.resolve_jobs(jobs, len(listed))
    if registry is not None and registry is not False:
        workers = 1
    # The options go with each file (pickled once a task): nothing is shared through
    # the fork, so this generator may be left unfinished without holding any state.
    sent = ((path, options) for path in listed)
    results: Iterator[_Checked] = (
        map(_read_and_validate, sent)
        if workers == 1
        else _workers.run(_read_and_validate, sent, jobs=workers, count=len(listed))
    )
    for path, (report, problems) in zip(listed, results, strict=True):
        if isinstance(report, _workers.Failure):
            error = report.rebuild()
            assert isinstance(error, DataError | ImportError)
            yield path, error, []
            continue
        if workers > 1:
            remember(report, path)
        yield path, report, problems


_Checked = tuple["BaoCao | Failure", list[Problem]]


def _read_and_validate(task: tuple[Path, dict[str, Any]]) -> _Checked:
    """Read one file and validate its report (in a worker, or here)."""
    from binhdanggioi._workers import Failure
    from binhdanggioi.formats import load

    path, options = task
    try:
        report = load(path)
    except (DataError, ImportError) as err:
        return Failure(err), []
    return report, validate(report, **options)


def _validate_shared(index: int) -> list[Problem]:
    from binhdanggioi._workers import shared

    reports, options = shared()
    return validate(reports[index], **options)


def _validate_sent(task: tuple[BaoCao, dict[str, Any]]) -> list[Problem]:
    report, options = task
    return validate(report, **options)
