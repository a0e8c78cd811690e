"""The converter between plain data and reports, and its Vietnamese error messages.

:func:`structure` turns plain data (dicts and lists, as a YAML, JSON or TOML reader
gives them) into a :class:`BaoCao`; every problem found is collected and raised
together as one :class:`~binhdanggioi.errors.DataError` whose lines name their
location (``hoat_dong[2].nguoi.nu``) and say in Vietnamese what is wrong.
:func:`unstructure` is the way back. Files and text formats live in
:mod:`binhdanggioi.formats`.

>>> r = structure({"nam": 2023, "don_vi": {"ten": "Bắc Kạn", "cap": "Thành phố"}})
>>> r.don_vi.cap
<Cap.HUYEN: 'huyen'>
>>> unstructure(r)
{'nam': 2023, 'don_vi': {'ten': 'Bắc Kạn', 'cap': 'huyen'}}
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.v import transform_error

from binhdanggioi import _years
from binhdanggioi._files import source_paths as source_paths
from binhdanggioi._files import write_atomic as write_atomic
from binhdanggioi._model_fields import _levels
from binhdanggioi._structure_fast import FastStructurer, RecordHook
from binhdanggioi.errors import DataError, DataIssue
from binhdanggioi.model import (
    BaoCao,
    Cap,
    HinhThuc,
    HoatDong,
    HoTro,
    KinhPhi,
    LoaiCoQuan,
    NgayThang,
    NguonKinhPhi,
    NhomNguoi,
    SanPham,
    SoNguoi,
    UocTinh,
)
from binhdanggioi.vietnamese import parse_number
from binhdanggioi.vocabulary import (
    fold,
    nhom_doi_tuong,
    parse_hinh_thuc,
    parse_loai_co_quan,
    parse_uoc_tinh,
    remove_invisible,
    split_uoc_tinh,
)

__all__ = [
    "make_converter",
    "structure",
    "unstructure",
]

# Moved to binhdanggioi.formats (source_paths and write_atomic to _files, imported
# above); still importable from here for one release. The formats names are looked
# up on first use because formats imports this module.
_MOVED = frozenset({"Format", "dump", "dumps", "example_path", "load", "loads"})


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        from binhdanggioi import formats

        return getattr(formats, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Bad(ValueError):
    """A value refused while structuring; its message is already Vietnamese."""


# --------------------------------------------------------------------------- hooks


def _text(value: Any, _t: Any = None) -> str:
    if not isinstance(value, str):
        written = getattr(value, "source", value)
        if isinstance(value, date):
            written = value.isoformat()
        finite = not isinstance(value, float) or math.isfinite(value)
        plain = isinstance(value, int | float | date) and not isinstance(value, bool) and finite
        shown = f'"{written}"' if plain else ""
        hint = f"; viết trong ngoặc kép: {shown}" if shown else ""
        if isinstance(value, bool):
            hint = "; nếu là chữ (yes, no, on, off...), viết trong ngoặc kép"
        raise _Bad(f"cần một đoạn văn bản, nhận {_describe(value)}{hint}")
    if found := _SURROGATE.search(value):
        # A lone half of a UTF-16 pair ("\ud800" in JSON or YAML, _xD800_ in Excel) is
        # no character: no UTF-8 file, Word or Excel document can hold it.
        raise _Bad(
            f"văn bản chứa ký tự không hợp lệ (U+{ord(found[0]):04X}) ở ký tự thứ "
            f"{found.start() + 1}; xóa ký tự đó hoặc gõ lại đoạn văn"
        )
    # Invisible format characters (zero-width space, soft hyphen, BOM...) would make
    # two spellings of one name compare unequal: they never enter the data.
    return remove_invisible(value)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _printable(text: str) -> str:
    r"""``text`` with every lone surrogate written as ``\udXXX``, so a message can be printed.

    >>> _printable("X\ud800")
    'X\\ud800'
    """
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _whole(value: Any, *, what: str, allow_negative: bool) -> int:
    if isinstance(value, bool):
        raise _Bad(f"{what} phải là số nguyên, nhận giá trị đúng/sai ({value})")
    if isinstance(value, int):
        number = int(value)
    elif isinstance(value, float):
        raise _Bad(_float_message(value, what))
    elif isinstance(value, str):
        try:
            number = parse_number(unicodedata.normalize("NFC", value))
        except ValueError as err:
            raise _Bad(f"{what}: {err}") from err
    else:
        raise _Bad(f"{what} phải là số nguyên, nhận {_describe(value)}")
    if number < 0 and not allow_negative:
        raise _Bad(f"{what} không thể âm ({number}); ghi 0 nếu không có, bỏ trống nếu chưa báo cáo")
    return number


def _float_message(value: float, what: str) -> str:
    source = getattr(value, "source", None) or repr(value)
    if not math.isfinite(value):
        return f"{what} phải là số nguyên, nhận '{source}'"
    whole, _, frac = source.partition(".")
    digits = whole.lstrip("+-")
    if digits.isdigit() and frac.isdigit() and 1 <= len(digits) <= 3 and len(frac) <= 3:
        # 10.450 written the Vietnamese way and read by YAML/JSON as a decimal.
        grouped = whole + "." + frac.ljust(3, "0")
        number = int(whole + frac.ljust(3, "0"))
        return (
            f"{what} phải là số nguyên, nhận {source} (số thập phân). Nếu ý là {grouped}, "
            f'viết {number} hoặc "{grouped}" (trong ngoặc kép) — dấu chấm trong YAML/JSON '
            "là dấu thập phân"
        )
    if digits.isdigit() and frac and not frac.strip("0"):
        return f"{what} phải là số nguyên, nhận {source}; viết {int(float(source))}"
    return f"{what} phải là số nguyên, nhận số thập phân {source}"


def _count(value: Any, _t: Any = None) -> int:
    return _whole(value, what="số lượng", allow_negative=False)


def _money(value: Any, _t: Any = None) -> int:
    return _whole(value, what="kinh phí (đồng)", allow_negative=True)


def _integer(value: Any, _t: Any = None) -> int:
    return _whole(value, what="giá trị", allow_negative=True)


def _year(value: Any, _t: Any = None) -> int:
    # The range of years is a rule (rules.py, nam-ngoai-pham-vi), not a reading error.
    return _whole(value, what="năm", allow_negative=True)


def _boolean(value: Any, _t: Any = None) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"cần true hoặc false, nhận {_describe(value)}")
    return value


def _caps(value: Any, _t: Any = None) -> tuple[Cap, ...]:
    items = value if isinstance(value, list | tuple) else [value]
    for item in items:
        if not isinstance(item, str):
            raise _Bad(f"cấp phải là mã hoặc nhãn (văn bản), nhận {_describe(item)}")
    try:
        return _levels(tuple([remove_invisible(i) for i in items]))
    except ValueError as err:
        raise _Bad(str(err)) from err


def _one_cap(value: Any, _t: Any = None) -> Cap:
    caps = _caps(value)
    if len(caps) != 1:
        raise _Bad(f"đơn vị chỉ thuộc một cấp, nhận {_describe(value)}")
    return caps[0]


def _date(value: Any, _t: Any = None) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    raise _Bad(f"ngày không hợp lệ: {_describe(value)}; viết 2023-10-16 (hoặc 16/10/2023)")


def _partial_date(value: Any, _t: Any = None) -> NgayThang:
    if isinstance(value, date):
        return NgayThang.from_date(_date(value))
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and len(value) <= 40:
        try:
            return NgayThang.parse(value)
        except ValueError as err:
            raise _Bad(str(err)) from err
    raise _Bad(
        f"ngày không hợp lệ: {_describe(value)}; viết 2023-12-05, hoặc 2023-12 khi chưa có ngày"
    )


def _strings(value: Any, _t: Any = None) -> tuple[str, ...]:
    if isinstance(value, str):
        raise _Bad("cần một danh sách; viết mỗi ý trên một dòng bắt đầu bằng '- '")
    if not isinstance(value, list | tuple):
        raise _Bad(f"cần một danh sách, nhận {_describe(value)}")
    errors = []
    out = []
    for i, item in enumerate(value):
        try:
            out.append(_text(item))
        except _Bad as err:
            err.add_note(cattrs.IterableValidationNote(f"@ index {i}", i, str))
            errors.append(err)
    if errors:
        raise cattrs.IterableValidationError("danh sách có mục sai", errors, tuple[str, ...])
    return tuple(out)


def _is_records(t: Any) -> bool:
    args = get_args(t)
    return get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis and attrs.has(args[0])


def _records(conv: cattrs.Converter, t: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
    """Rows of a table (or plans, units): a string or null must not be read as a sequence."""
    item = get_args(t)[0]

    def structure_records(value: Any, _t: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise _Bad(
                f"cần một danh sách, nhận {_describe(value)}; viết mỗi mục trên một dòng "
                "bắt đầu bằng '- ', hoặc [] nếu không có mục nào"
            )
        errors: list[Exception] = []
        out = []
        for i, element in enumerate(value):
            try:
                out.append(conv.structure(element, item))
            except Exception as err:
                err.add_note(cattrs.IterableValidationNote(f"@ index {i}", i, item))
                errors.append(err)
        if errors:
            raise cattrs.IterableValidationError("danh sách có mục sai", errors, t)
        return tuple(out)

    return RecordHook(item, structure_records, rows=True)


def _describe(value: Any) -> str:
    kinds: dict[type, str] = {
        dict: "một bảng khóa–giá trị",
        list: "một danh sách",
        type(None): "giá trị rỗng",
    }
    for kind, label in kinds.items():
        if isinstance(value, kind):
            return label
    if isinstance(value, date):
        return f"ngày {value.isoformat()}"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# --------------------------------------------------------------------------- converter


def _names(value: Any, _t: Any = None) -> tuple[str, ...]:
    """One name or a list of names: ``dia_diem: Nhà văn hóa xã`` or a list."""
    if isinstance(value, str):
        return (_text(value),)
    return _strings(value)


def _enum_hook(parse: Callable[[str], Any], what: str) -> Callable[[Any, Any], Any]:
    def hook(value: Any, _t: Any = None) -> Any:
        if not isinstance(value, str):
            raise _Bad(f"{what} phải là văn bản, nhận {_describe(value)}")
        try:
            return parse(remove_invisible(value))
        except ValueError as err:
            raise _Bad(str(err)) from err

    return hook


def _groups(value: Any, _t: Any = None) -> Any:
    """Groups as written: a mapping ``{hoc-sinh: 450, phụ nữ: hơn 100}`` or a list of
    ``{ma, so, uoc_tinh}``; a group named by its name or an alias takes its code."""
    if isinstance(value, Mapping):
        items: list[Any] = []
        for key, count in value.items():
            if not isinstance(key, str):
                raise _Bad(f"tên nhóm phải là văn bản, nhận {_describe(key)}")
            items.append({"ma": key, "so": count})
        value = items
    if not isinstance(value, list | tuple):
        raise _Bad(
            f"nhóm đối tượng cần một bảng 'nhóm: số người', nhận {_describe(value)}; "
            "ví dụ nhom: {hoc-sinh: 450, phu-nu: 120}"
        )
    out = _records(_CONVERTER, tuple[NhomNguoi, ...])(list(value), tuple[NhomNguoi, ...])
    return tuple(attrs.evolve(g, ma=_group_code(g.ma)) for g in out)


def _group_code(text: str) -> str:

    found = nhom_doi_tuong().match(text)
    return found.ma if found is not None else text


_FIELD_HOOKS: dict[type, dict[str, Callable[[Any, Any], Any]]] = {
    SoNguoi: {"nam": _count, "nu": _count, "tong": _count},
    HoatDong: {"so_luong": _count, "cap": _caps},
    SanPham: {"so_luong": _count, "cap": _caps},
    KinhPhi: {"ngan_sach_nha_nuoc": _money, "van_dong": _money},
    NguonKinhPhi: {"so_tien": _money},
    HoTro: {"so_suat": _count, "gia_tri": _money, "cap": _caps},
    NhomNguoi: {"so": _count},
    BaoCao: {"nam": _year},
}
for _row_class in (HoatDong, SanPham):
    _FIELD_HOOKS[_row_class].update(
        dia_diem=_names, don_vi_chu_tri=_names, don_vi_phoi_hop=_names, nhom=_groups
    )

# Figures that may be written with a qualifier ("hơn 100"): field → the qualifier's field.
_QUALIFIED: dict[type, tuple[tuple[str, ...], str]] = {
    HoatDong: (("so_luong",), "so_luong_uoc_tinh"),
    SanPham: (("so_luong",), "so_luong_uoc_tinh"),
    SoNguoi: (("nam", "nu", "tong"), "uoc_tinh"),
    NhomNguoi: (("so",), "uoc_tinh"),
}


def _split_qualifiers(cls: type, value: Mapping[str, Any]) -> Mapping[str, Any]:
    """``so_luong: hơn 100`` read as ``so_luong: 100`` with the qualifier "hơn".

    Several qualified parts of one figure (``nam: hơn 30, nu: gần 40``) combine as a
    sum does (:meth:`UocTinh.cong`).
    """
    spec = _QUALIFIED.get(cls)
    if spec is None:
        return value
    fields, target = spec
    found: list[UocTinh | None] = []
    out: dict[str, Any] | None = None
    for key in fields:
        text = value.get(key)
        if not isinstance(text, str):
            continue
        qualifier, rest = split_uoc_tinh(unicodedata.normalize("NFC", text))
        if qualifier is None:
            continue
        out = dict(value) if out is None else out
        out[key] = rest
        found.append(qualifier)
    if out is None:
        return value
    given = out.get(target)
    if given is not None:
        found.append(_uoc_tinh(given, UocTinh))
    out[target] = UocTinh.cong(found)
    return out


_uoc_tinh = _enum_hook(parse_uoc_tinh, "từ ước tính")


def _optional(hook: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    return lambda v, t: None if v is None else hook(v, t)


def _field_hooks(cls: type) -> dict[str, Callable[[Any, Any], Any]]:
    """The hooks of ``cls``'s fields that replace the converter's, by field name."""
    hooks = _FIELD_HOOKS.get(cls, {})
    return {name: _optional(h) if name != "nam" else h for name, h in hooks.items()}


def _unstructure_caps(caps: tuple[Cap, ...]) -> str | list[str]:
    return caps[0].value if len(caps) == 1 else [c.value for c in caps]


def _unstructure_names(names: tuple[str, ...]) -> str | list[str]:
    return names[0] if len(names) == 1 else list(names)


def _unstructure_groups(conv: cattrs.Converter, groups: tuple[NhomNguoi, ...]) -> Any:
    """A mapping ``{code: count}`` when it says everything, else a list of records."""
    if any(g.chua_day_du or g.so is None for g in groups):
        return [conv.unstructure(g) for g in groups]
    return {g.ma: _qualified(g.so, g.uoc_tinh) for g in groups}


def _qualified(number: int | None, qualifier: UocTinh | None) -> Any:
    return number if qualifier is None or number is None else f"{qualifier.nhan} {number}"


def _join_qualifiers(data: dict[str, Any], obj: Any, spec: tuple[tuple[str, ...], str]) -> Any:
    """The qualifier written before its number(s): ``so_luong: hơn 100``."""
    fields, target = spec
    qualifier = getattr(obj, target)
    if qualifier is None:
        return data
    parts = obj.phan_uoc_tinh if isinstance(obj, SoNguoi) else fields
    for key in parts:
        if data.get(key) is not None:
            data[key] = _qualified(data[key], qualifier)
    data.pop(target, None)
    return data


def record_hook(
    conv: cattrs.Converter,
    cls: type,
    overrides: Mapping[str, Any],
    prepare: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None,
) -> Callable[[Any, Any], Any]:
    """The structure hook of an attrs record: unknown keys refused, a value that is not
    a mapping and any ``ValueError``/``TypeError`` of the type's own checks turned into
    a located Vietnamese message. ``prepare`` rewrites the mapping first."""
    inner: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cls, conv, _cattrs_forbid_extra_keys=True, **overrides
    )

    def structure_record(value: Any, t: Any) -> Any:
        if not isinstance(value, Mapping):
            raise _Bad(f"cần một bảng khóa–giá trị, nhận {_describe(value)}")
        try:
            return inner(prepare(value) if prepare is not None else value, t)
        except (cattrs.BaseValidationError, _Bad):
            raise
        except (ValueError, TypeError) as err:
            raise _Bad(str(err)) from err

    return RecordHook(cls, structure_record)


def make_converter() -> cattrs.Converter:
    """A fresh converter for report data; nothing global is mutated."""
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    conv.register_structure_hook(str, _text)
    conv.register_structure_hook(int, _integer)
    conv.register_structure_hook(bool, _boolean)
    conv.register_structure_hook(Cap, _one_cap)
    conv.register_structure_hook(date, _date)
    conv.register_structure_hook(NgayThang, _partial_date)
    conv.register_structure_hook(UocTinh, _uoc_tinh)
    conv.register_structure_hook(HinhThuc, _enum_hook(parse_hinh_thuc, "hình thức"))
    conv.register_structure_hook(LoaiCoQuan, _enum_hook(parse_loai_co_quan, "loại cơ quan"))
    conv.register_structure_hook_func(lambda t: t == tuple[str, ...], _strings)
    conv.register_structure_hook_factory(_is_records, lambda t: _records(conv, t))
    conv.register_unstructure_hook(NgayThang, str)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_unstructure_hook(Cap, lambda c: c.value)
    conv.register_unstructure_hook(UocTinh, lambda q: q.nhan)
    conv.register_unstructure_hook(HinhThuc, lambda f: f.value)
    conv.register_unstructure_hook(LoaiCoQuan, lambda k: k.value)

    def structure_factory(cls: type) -> Callable[[Any, Any], Any]:
        overrides = {name: override(struct_hook=h) for name, h in _field_hooks(cls).items()}
        return record_hook(conv, cls, overrides, lambda value: _split_qualifiers(cls, value))

    def unstructure_factory(cls: type) -> Callable[[Any], Any]:
        extra: dict[str, Any] = {}
        if issubclass(cls, HoatDong | SanPham | HoTro):
            extra["cap"] = override(unstruct_hook=_unstructure_caps)
        if issubclass(cls, HoatDong | SanPham):
            for name in ("dia_diem", "don_vi_chu_tri", "don_vi_phoi_hop"):
                extra[name] = override(unstruct_hook=_unstructure_names)
            extra["nhom"] = override(unstruct_hook=lambda g: _unstructure_groups(conv, g))
        inner: Callable[[Any], Any] = make_dict_unstructure_fn(
            cls, conv, _cattrs_omit_if_default=True, **extra
        )
        spec = _QUALIFIED.get(cls)
        if spec is None:
            return inner
        return lambda obj: _join_qualifiers(inner(obj), obj, spec)

    conv.register_structure_hook_factory(attrs.has, structure_factory)
    conv.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    return conv


_CONVERTER = make_converter()
# Well-formed data the fast way, to equal records; anything else the careful way.
_FAST = FastStructurer(_CONVERTER, overrides=_field_hooks, prepare=_split_qualifiers)


def _issue_message(exc: BaseException, cls: Any) -> str:
    if isinstance(exc, _Bad):
        return str(exc)
    if isinstance(exc, ForbiddenExtraKeysError):
        return _extra_keys_message(exc)
    if isinstance(exc, KeyError):
        return "thiếu trường bắt buộc"
    return f"giá trị không hợp lệ ({exc})"


def _extra_keys_message(exc: ForbiddenExtraKeysError) -> str:
    known = [a.name for a in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
    # A qualifier is written before its number ("hơn 100"), not as a key of its own.
    hidden = _QUALIFIED.get(exc.cl, ((), ""))[1]
    known = [k for k in known if k != hidden]
    parts = []
    for key in sorted(map(str, exc.extra_fields)):
        guess = difflib.get_close_matches(key, known, n=1)
        hint = f" (có phải ý là '{guess[0]}'?)" if guess else ""
        parts.append(f"'{key}'{hint}")
    allowed = ", ".join(known)
    return f"khóa không có trong mẫu: {', '.join(parts)}; các khóa dùng được: {allowed}"


def _issues(err: BaseException) -> list[DataIssue]:
    out = []
    for line in transform_error(err, format_exception=_issue_message):
        message, _, path = line.rpartition(" @ ")
        path = path.removeprefix("$").removeprefix(".")
        if message == "thiếu trường bắt buộc" and path:
            key = path.rpartition(".")[2]
            message = f"thiếu trường bắt buộc '{key}'"
        out.append(DataIssue(path=_printable(path), message=_printable(message)))
    return out


def structure(data: Any, *, source: str | None = None) -> BaoCao:
    """Build a :class:`BaoCao` from plain data (dicts and lists), collecting every problem."""
    if data is None:
        raise DataError([DataIssue("", "tệp rỗng: không có dữ liệu báo cáo")], source=source)
    if not isinstance(data, Mapping):
        raise DataError(
            [DataIssue("", f"báo cáo phải là một bảng khóa–giá trị, nhận {_describe(data)}")],
            source=source,
        )
    if data.get("loai_van_ban") == "ke-hoach":
        # A plan is a document of its own (binhdanggioi.ke_hoach_io reads it).
        issue = DataIssue(
            "loai_van_ban",
            "tệp này là kế hoạch, không phải báo cáo: đọc bằng load_plan(); khi xuất báo cáo, "
            "đưa kế hoạch vào bằng --ke-hoach (render, validate) hoặc init --tu-ke-hoach",
        )
        raise DataError([issue], source=source)
    data = _two_tier_labels(data)
    try:
        fast: BaoCao = _FAST.structure(data, BaoCao)
    except Exception:  # anything unusual: the careful way finds it and says what
        pass
    else:
        return fast
    try:
        result: BaoCao = _CONVERTER.structure(data, BaoCao)
    except (cattrs.BaseValidationError, _Bad) as err:
        raise DataError(_issues(err), source=source) from err
    return result


_CITY = fold("thành phố")


def _two_tier_labels(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """From 2025 a "Thành phố" is a province-level city: read that label as ``tinh``.

    Up to 2024 the label names a district-level city (``huyen``), as the contract
    says; from 1/7/2025 there is no district tier, and the only cities left are the
    six under the central government.
    """
    nam = data.get("nam")
    if not isinstance(nam, int) or isinstance(nam, bool) or _years.tiers(nam) != 2:
        return data

    def relabel(value: Any) -> Any:
        if isinstance(value, str) and fold(value) == _CITY:
            return Cap.TINH.value
        if isinstance(value, list):
            return [relabel(v) for v in value]
        return value

    out = dict(data)
    if isinstance(out.get("don_vi"), Mapping) and "cap" in out["don_vi"]:
        out["don_vi"] = {**out["don_vi"], "cap": relabel(out["don_vi"]["cap"])}
    for table in BaoCao.TABLES:
        rows = out.get(table)
        if isinstance(rows, list):
            out[table] = [
                {**row, "cap": relabel(row["cap"])}
                if isinstance(row, Mapping) and "cap" in row
                else row
                for row in rows
            ]
    return out


def unstructure(bao_cao: BaoCao) -> dict[str, Any]:
    """Plain data (dicts, lists, text, numbers) for ``bao_cao``, defaults left out."""
    data: dict[str, Any] = _CONVERTER.unstructure(bao_cao)
    return data
