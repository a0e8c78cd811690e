"""Plans in and out of files: YAML, JSON, TOML (and the Excel plan form), strictly read.

A plan file says what it is at the top: ``loai_van_ban: ke-hoach``. :func:`load_plan`
and :func:`loads_plan` are the entry points; :func:`binhdanggioi.load` given a plan
file says so and points here. Reading uses the report converter's hooks
(:mod:`binhdanggioi.serialization`): the same strictness (unknown keys refused, absent
is not 0, numbers as a Vietnamese writes them) and the same located Vietnamese errors
(``hoat_dong[2].nguoi.nu``). ``to_chuc_thuc_hien`` is written as a mapping from each
body to its list of tasks.

>>> HEAD_EXAMPLE = "loai_van_ban: ke-hoach\\nnam: 2023\\ndon_vi: {ten: X, cap: xa}\\n"
>>> kh = loads_plan('''
... loai_van_ban: ke-hoach
... nam: 2023
... don_vi: {ten: Bắc Kạn, cap: huyen}
... hoat_dong:
...   - {ten: Lễ phát động, so_luong: 1, thoi_gian: 2023-11-15/2023-12-15}
... to_chuc_thuc_hien:
...   Phòng Văn hóa: [Đưa tin trên Cổng thông tin điện tử]
... ''')
>>> str(kh.hoat_dong[0].thoi_gian), kh.to_chuc_thuc_hien[0].co_quan
('2023-11-15/2023-12-15', 'Phòng Văn hóa')
>>> loads_plan(HEAD_EXAMPLE + "muc_dik: []")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
binhdanggioi.errors.DataError: khóa không có trong mẫu: 'muc_dik' (có phải ý là 'muc_dich'?); ...
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import cattrs
from cattrs.gen import override

from binhdanggioi._files import read_input, remember, write_atomic
from binhdanggioi.errors import DataError, DataIssue
from binhdanggioi.formats import _TABLE, Format, _check_format, _module, document_data
from binhdanggioi.ke_hoach import (
    LOAI_VAN_BAN,
    HoatDongKeHoach,
    KeHoachTrienKhai,
    KinhPhiKeHoach,
    ThoiGian,
    TrachNhiem,
)
from binhdanggioi.model import NgayThang
from binhdanggioi.serialization import (
    _Bad,
    _caps,
    _count,
    _describe,
    _issues,
    _money,
    _optional,
    _partial_date,
    _strings,
    _text,
    _unstructure_caps,
    _year,
    make_converter,
    record_hook,
)

__all__ = [
    "dump_plan",
    "dumps_plan",
    "load_plan",
    "loads_plan",
    "plan_example_path",
    "structure_plan",
    "unstructure_plan",
]

_PLAN_HOOKS: dict[type, dict[str, Callable[[Any, Any], Any]]] = {
    HoatDongKeHoach: {"so_luong": _count, "cap": _caps, "kinh_phi": _money},
    KinhPhiKeHoach: {"ngan_sach_nha_nuoc": _money, "van_dong": _money, "nguon_khac": _money},
}

_REPORT_ONLY = frozenset({"ket_qua", "chi_dao", "truyen_thong", "san_pham", "danh_gia"})


def _time(value: Any, _t: Any = None) -> ThoiGian:
    if isinstance(value, Mapping):
        unknown = sorted(set(map(str, value)) - {"tu", "den"})
        if unknown:
            raise _Bad(f"khóa không có trong mẫu: {', '.join(unknown)}; dùng tu, den")
        tu = value.get("tu")
        den = value.get("den")
        try:
            return ThoiGian(
                tu=None if tu is None else _partial_date(tu),
                den=None if den is None else _partial_date(den),
            )
        except ValueError as err:
            raise _Bad(str(err)) from err
    if isinstance(value, date | int) and not isinstance(value, bool):
        return ThoiGian(tu=_partial_date(value))
    if isinstance(value, str) and len(value) <= 60:
        try:
            return ThoiGian.parse(value)
        except ValueError as err:
            raise _Bad(str(err)) from err
    raise _Bad(
        f"thời gian không hợp lệ: {_describe(value)}; viết 2023-11, 2023-11-15/2023-12-15 "
        "hoặc {tu: 2023-11-15, den: 2023-12-15}"
    )


def _duties(conv: cattrs.Converter) -> Callable[[Any, Any], tuple[TrachNhiem, ...]]:
    """Section IV: a mapping body → tasks (as written), or a list of ``{co_quan, nhiem_vu}``."""

    def structure(value: Any, t: Any) -> tuple[TrachNhiem, ...]:
        if isinstance(value, list | tuple):
            records: tuple[TrachNhiem, ...] = conv.structure(list(value), tuple[TrachNhiem, ...])
            return records
        if not isinstance(value, Mapping):
            raise _Bad(
                f"cần một bảng cơ quan → nhiệm vụ, nhận {_describe(value)}; viết mỗi cơ quan "
                "một dòng 'Tên cơ quan:' và các nhiệm vụ của nó bên dưới, bắt đầu bằng '- '"
            )
        errors: list[Exception] = []
        out = []
        for key, tasks in value.items():
            try:
                out.append(TrachNhiem(_text(key), _strings(tasks)))
            except Exception as err:
                err.add_note(cattrs.IterableValidationNote(f"@ index {key!r}", key, TrachNhiem))
                errors.append(err)
        if errors:
            raise cattrs.IterableValidationError("có cơ quan sai", errors, t)
        return tuple(out)

    return structure


def _unstructure_duties(duties: tuple[TrachNhiem, ...]) -> Any:
    names = [d.co_quan for d in duties]
    if len(set(names)) == len(names):
        return {d.co_quan: list(d.nhiem_vu) for d in duties}
    # The same body twice cannot be a mapping's key twice: written as records.
    return [{"co_quan": d.co_quan, "nhiem_vu": list(d.nhiem_vu)} for d in duties]


def _make_converter() -> cattrs.Converter:
    conv = make_converter()
    conv.register_structure_hook(ThoiGian, _time)
    conv.register_unstructure_hook(ThoiGian, str)
    conv.register_unstructure_hook(NgayThang, str)

    def structure_factory(cls: type) -> Callable[[Any, Any], Any]:
        overrides: dict[str, Any] = {
            name: override(struct_hook=_optional(hook))
            for name, hook in _PLAN_HOOKS.get(cls, {}).items()
        }
        if cls is KeHoachTrienKhai:  # the year is read as the report's is
            overrides["nam"] = override(struct_hook=_year)
        if cls is KeHoachTrienKhai:
            overrides["to_chuc_thuc_hien"] = override(struct_hook=_duties(conv))
        return record_hook(conv, cls, overrides)

    def unstructure_factory(cls: type) -> Callable[[Any], Any]:
        from cattrs.gen import make_dict_unstructure_fn

        extra: dict[str, Any] = {}
        if cls is HoatDongKeHoach:
            extra["cap"] = override(unstruct_hook=_unstructure_caps)
        if cls is KeHoachTrienKhai:
            extra["to_chuc_thuc_hien"] = override(unstruct_hook=_unstructure_duties)
        return make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, **extra)

    mine = (HoatDongKeHoach, KinhPhiKeHoach, KeHoachTrienKhai, TrachNhiem)
    conv.register_structure_hook_factory(lambda t: t in mine, structure_factory)
    conv.register_unstructure_hook_factory(lambda t: t in mine, unstructure_factory)
    return conv


_CONVERTER = _make_converter()


def _kind_issue(data: Mapping[str, Any]) -> DataIssue | None:
    kind = data.get("loai_van_ban")
    if kind == LOAI_VAN_BAN:
        return None
    if kind is None:
        what = (
            "tệp này là báo cáo" if _REPORT_ONLY & set(map(str, data)) else "chưa rõ loại văn bản"
        )
        return DataIssue(
            "loai_van_ban",
            f"{what}: tệp kế hoạch bắt đầu bằng dòng 'loai_van_ban: ke-hoach' "
            "(đọc báo cáo bằng load(), không phải load_plan())",
        )
    return DataIssue(
        "loai_van_ban", f"loại văn bản '{kind}' không đọc được ở đây; tệp kế hoạch ghi 'ke-hoach'"
    )


def structure_plan(data: Any, *, source: str | None = None) -> KeHoachTrienKhai:
    """Build a :class:`KeHoachTrienKhai` from plain data, collecting every problem."""
    if data is None:
        raise DataError([DataIssue("", "tệp rỗng: không có dữ liệu kế hoạch")], source=source)
    if not isinstance(data, Mapping):
        raise DataError(
            [DataIssue("", f"kế hoạch phải là một bảng khóa–giá trị, nhận {_describe(data)}")],
            source=source,
        )
    issue = _kind_issue(data)
    if issue is not None:
        raise DataError([issue], source=source)
    body = {k: v for k, v in data.items() if k != "loai_van_ban"}
    try:
        plan: KeHoachTrienKhai = _CONVERTER.structure(body, KeHoachTrienKhai)
    except (cattrs.BaseValidationError, _Bad) as err:
        raise DataError(_issues(err), source=source) from err
    return plan


def unstructure_plan(plan: KeHoachTrienKhai) -> dict[str, Any]:
    """Plain data for ``plan``, ``loai_van_ban`` first, defaults left out."""
    data: dict[str, Any] = _CONVERTER.unstructure(plan)
    return {"loai_van_ban": LOAI_VAN_BAN, **data}


def loads_plan(
    text: str | bytes, format: Format = "yaml", *, source: str | None = None
) -> KeHoachTrienKhai:
    """Read a plan from text in ``format`` (``yaml``, ``json`` or ``toml``)."""
    data = document_data(text, format, source=source, caller="loads_plan", what="kế hoạch")
    return structure_plan(data, source=source)


def load_plan(path: str | os.PathLike[str]) -> KeHoachTrienKhai:
    """Read a plan file: ``.yaml``/``.yml``, ``.json``, ``.toml`` or the Excel plan form."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"load_plan() cần đường dẫn tệp (str hoặc Path), nhận {_describe(path)}")
    path = Path(path)
    if not path.is_file():
        what = "đây là thư mục, không phải tệp kế hoạch" if path.is_dir() else "không tìm thấy tệp"
        raise DataError([DataIssue("", what)], source=str(path))
    entry = _TABLE.get(path.suffix.lower())
    if entry is not None and entry.kind == "form":
        plan: KeHoachTrienKhai = _module(entry).load_plan_form(path)
        return remember(plan, path)
    if entry is None or entry.kind != "data":
        issue = DataIssue(
            "",
            f"không đọc được đuôi tệp '{path.suffix or '(không có)'}'; dùng .yaml, .json, "
            ".toml, .xlsx",
        )
        raise DataError([issue], source=str(path))
    return remember(loads_plan(read_input(path), _check_format(entry.name), source=str(path)), path)


def dumps_plan(plan: KeHoachTrienKhai, format: Format = "yaml") -> str:
    """Write ``plan`` as text; ``loads_plan(dumps_plan(x, f), f) == x``."""
    if not isinstance(plan, KeHoachTrienKhai):
        raise TypeError(f"dumps_plan() cần một KeHoachTrienKhai, nhận {_describe(plan)}")
    text: str = _module(_TABLE[f".{_check_format(format)}"]).emit(unstructure_plan(plan))
    return text


def dump_plan(
    plan: KeHoachTrienKhai, path: str | os.PathLike[str], *, format: Format | None = None
) -> None:
    """Write ``plan`` to ``path`` atomically; the format comes from the suffix."""
    from binhdanggioi.formats import data_format

    path = Path(path)
    chosen = format or data_format(path)
    if chosen is None:
        raise ValueError(
            f"không biết ghi định dạng nào cho '{path.name}'; dùng .yaml, .json, .toml"
        )
    write_atomic(path, dumps_plan(plan, chosen).encode("utf-8"))


def plan_example_path() -> Path:
    """Path of the bundled example plan (thành phố Bắc Kạn, 2023; illustrative)."""
    from importlib import resources

    return Path(str(resources.files("binhdanggioi") / "data" / "ke-hoach-bac-kan-2023.yaml"))
