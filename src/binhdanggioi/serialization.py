"""Reading and writing reports: YAML, JSON and TOML (and Excel forms via :mod:`excel`).

Every problem found while reading is collected and raised together as one
:class:`~binhdanggioi.errors.DataError` whose lines name their location
(``hoat_dong[2].nguoi.nu``) and say in Vietnamese what is wrong.

>>> r = loads("nam: 2023\\ndon_vi: {ten: Bắc Kạn, cap: Thành phố}")
>>> r.don_vi.cap
<Cap.HUYEN: 'huyen'>
>>> print(dumps(r), end="")
nam: 2023
don_vi:
  ten: Bắc Kạn
  cap: huyen
"""

from __future__ import annotations

import difflib
import importlib
import json
import math
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import attrs
import cattrs
import yaml
from cattrs.errors import ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.v import transform_error

from binhdanggioi import _years
from binhdanggioi._files import read_input, source_paths, write_atomic
from binhdanggioi._files import remember as _remember
from binhdanggioi.errors import DataError, DataIssue
from binhdanggioi.model import (
    BaoCao,
    Cap,
    ChuKy,
    DanhGia,
    DonVi,
    HoatDong,
    KeHoach,
    KinhPhi,
    NgayThang,
    NoiNhan,
    SanPham,
    SoNguoi,
    VanBan,
    _fold,
    parse_caps,
)
from binhdanggioi.vietnamese import parse_number

__all__ = [
    "Format",
    "dump",
    "dumps",
    "example_path",
    "load",
    "loads",
    "make_converter",
    "source_paths",
    "structure",
    "unstructure",
    "write_atomic",
]

Format = Literal["yaml", "json", "toml"]


_SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}
_READERS: dict[str, str] = {".xlsx": "binhdanggioi.excel:load_form"}


class _Bad(ValueError):
    """A value refused while structuring; its message is already Vietnamese."""


# --------------------------------------------------------------------------- hooks


def _text(value: Any, _t: Any = None) -> str:
    if not isinstance(value, str):
        written = getattr(value, "source", value)
        if isinstance(value, date):
            written = value.isoformat()
        plain = isinstance(value, int | float | date) and not isinstance(value, bool)
        shown = f'"{written}"' if plain else ""
        hint = f"; viết trong ngoặc kép: {shown}" if shown else ""
        if isinstance(value, bool):
            hint = "; nếu là chữ (yes, no, on, off...), viết trong ngoặc kép"
        raise _Bad(f"cần một đoạn văn bản, nhận {_describe(value)}{hint}")
    return unicodedata.normalize("NFC", value)


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
        return parse_caps([unicodedata.normalize("NFC", i) for i in items])
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
    if isinstance(value, str):
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

    return structure_records


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


_FIELD_HOOKS: dict[type, dict[str, Callable[[Any, Any], Any]]] = {
    SoNguoi: {"nam": _count, "nu": _count, "tong": _count},
    HoatDong: {"so_luong": _count, "cap": _caps},
    SanPham: {"so_luong": _count, "cap": _caps},
    KinhPhi: {"ngan_sach_nha_nuoc": _money, "van_dong": _money},
    BaoCao: {"nam": _year},
}


def _optional(hook: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    return lambda v, t: None if v is None else hook(v, t)


def _unstructure_caps(caps: tuple[Cap, ...]) -> str | list[str]:
    return caps[0].value if len(caps) == 1 else [c.value for c in caps]


def make_converter() -> cattrs.Converter:
    """A fresh converter for report data; nothing global is mutated."""
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    conv.register_structure_hook(str, _text)
    conv.register_structure_hook(int, _integer)
    conv.register_structure_hook(bool, _boolean)
    conv.register_structure_hook(Cap, _one_cap)
    conv.register_structure_hook(date, _date)
    conv.register_structure_hook(NgayThang, _partial_date)
    conv.register_structure_hook_func(lambda t: t == tuple[str, ...], _strings)
    conv.register_structure_hook_factory(_is_records, lambda t: _records(conv, t))
    conv.register_unstructure_hook(NgayThang, str)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_unstructure_hook(Cap, lambda c: c.value)

    def structure_factory(cls: type) -> Callable[[Any, Any], Any]:
        hooks = _FIELD_HOOKS.get(cls, {})
        overrides: dict[str, Any] = {
            name: override(struct_hook=_optional(hook) if name != "nam" else hook)
            for name, hook in hooks.items()
        }
        inner: Callable[[Any, Any], Any] = make_dict_structure_fn(
            cls, conv, _cattrs_forbid_extra_keys=True, **overrides
        )

        def structure_class(value: Any, t: Any) -> Any:
            if not isinstance(value, Mapping):
                raise _Bad(f"cần một bảng khóa–giá trị, nhận {_describe(value)}")
            try:
                return inner(value, t)
            except (cattrs.BaseValidationError, _Bad):
                raise
            except (ValueError, TypeError) as err:
                raise _Bad(str(err)) from err

        return structure_class

    def unstructure_factory(cls: type) -> Callable[[Any], Any]:
        extra: dict[str, Any] = {}
        if issubclass(cls, HoatDong | SanPham):
            extra["cap"] = override(unstruct_hook=_unstructure_caps)
        return make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, **extra)

    conv.register_structure_hook_factory(attrs.has, structure_factory)
    conv.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    return conv


_CONVERTER = make_converter()


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
        out.append(DataIssue(path=path, message=message))
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
    try:
        result: BaoCao = _CONVERTER.structure(_two_tier_labels(data), BaoCao)
    except (cattrs.BaseValidationError, _Bad) as err:
        raise DataError(_issues(err), source=source) from err
    return result


_CITY = _fold("thành phố")


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
        if isinstance(value, str) and _fold(value) == _CITY:
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


# --------------------------------------------------------------------------- text formats


class _FloatText(float):
    """A YAML float that remembers how it was written (``10.450`` stays ``10.450``)."""

    source: str


_DECIMAL = re.compile(r"[-+]?[0-9]+")


class _IntText(int):
    """A YAML integer that remembers how it was written (``05`` stays ``05``)."""

    source: str


class _Loader(yaml.SafeLoader):
    """Safe YAML that refuses aliases (entity expansion) and duplicate keys."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                None,
                None,
                "không dùng bí danh YAML (*tên): chép nội dung ra thay vì tham chiếu",
                event.start_mark,
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if node.flow_style:
            node.value = _rejoin_commas(node.value)
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, str) and key in seen:
                raise yaml.MarkedYAMLError(
                    None,
                    None,
                    f"khóa '{key}' lặp lại: mỗi khóa chỉ được ghi một lần",
                    key_node.start_mark,
                )
            if isinstance(key, str):
                seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_float(self, node: Any) -> float:
        value = _FloatText(super().construct_yaml_float(node))
        value.source = str(node.value)
        return value

    def construct_yaml_int(self, node: Any) -> int | str:  # type: ignore[override]
        # YAML 1.1 reads 010 as octal 8, 1:30 as 90 and 0x10 as 16: a count written
        # with a leading zero (01, 06) must stay decimal, and the other notations are
        # kept as text, so a number field refuses them and a text field keeps them.
        source = str(node.value)
        if not _DECIMAL.fullmatch(source):
            return source
        value = _IntText(int(source, 10))
        value.source = source
        return value

    def construct_yaml_timestamp(self, node: Any) -> Any:
        # An impossible date (2023-02-30) stays text so the error can name its field.
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


_FIELD_NAMES = frozenset(
    a.name
    for cls in (BaoCao, DonVi, VanBan, KeHoach, HoatDong, SoNguoi, KinhPhi, DanhGia, NoiNhan, ChuKy)
    for a in attrs.fields(cls)
)


def _rejoin_commas(pairs: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Put back a comma that a flow mapping took for a separator.

    In ``{ten: Băng rôn, khẩu hiệu, so_luong: 9}`` YAML reads ``khẩu hiệu`` as a key
    with no value. A plain word with no colon after a plain text value, that is not
    a field name, is the rest of that text: ``ten: "Băng rôn, khẩu hiệu"``.
    """
    out: list[tuple[Any, Any]] = []
    for key, value in pairs:
        no_colon = (
            isinstance(key, yaml.ScalarNode)
            and key.style is None
            and key.tag == "tag:yaml.org,2002:str"
            and isinstance(value, yaml.ScalarNode)
            and value.tag == "tag:yaml.org,2002:null"
            and value.value == ""
            and value.start_mark.index == key.end_mark.index
            and key.value not in _FIELD_NAMES
        )
        previous = out[-1][1] if out else None
        if (
            no_colon
            and isinstance(previous, yaml.ScalarNode)
            and previous.tag == "tag:yaml.org,2002:str"
            and previous.style is None
        ):
            previous.value = f"{previous.value}, {key.value}"
            continue
        out.append((key, value))
    return out


class _Dumper(yaml.SafeDumper):
    """Safe YAML writer that quotes text YAML would otherwise read back changed."""

    def represent_str(self, data: str) -> Any:
        # NEL and the Unicode line separators are line breaks to a YAML reader; in
        # double quotes they are escaped (\N, \L, \P) and come back unchanged.
        if any(c in data for c in "\x85\u2028\u2029"):
            return self.represent_scalar("tag:yaml.org,2002:str", data, style='"')
        return super().represent_str(data)


_Dumper.add_representer(str, _Dumper.represent_str)


def _parse_yaml(text: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        where = f"dòng {mark.line + 1}, cột {mark.column + 1}" if mark else ""
        raise DataError([DataIssue(where, f"YAML không hợp lệ: {err.problem}")]) from err
    except (yaml.YAMLError, ValueError, TypeError) as err:
        raise DataError([DataIssue("", f"YAML không hợp lệ: {err}")]) from err


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"khóa '{key}' lặp lại: mỗi khóa chỉ được ghi một lần")
        out[key] = value
    return out


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as err:
        where = f"dòng {err.lineno}, cột {err.colno}"
        raise DataError([DataIssue(where, f"JSON không hợp lệ: {err.msg}")]) from err
    except ValueError as err:
        raise DataError([DataIssue("", f"JSON không hợp lệ: {err}")]) from err


def _parse_toml(text: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        # tomllib (3.11) keeps the place only in its message: "... (at line 2, column 10)".
        found = re.search(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$", str(err))
        where = "cuối tệp" if found and not found[1] else ""
        where = f"dòng {found[1]}, cột {found[2]}" if found and found[1] else where
        problem = str(err)[: found.start()] if found else str(err)
        raise DataError([DataIssue(where, f"TOML không hợp lệ: {problem}")]) from err


_PARSERS: dict[str, Callable[[str], Any]] = {
    "yaml": _parse_yaml,
    "json": _parse_json,
    "toml": _parse_toml,
}


def _check_format(format: str) -> Format:
    if format not in _PARSERS:
        raise ValueError(f"định dạng '{format}' không hỗ trợ; dùng yaml, json hoặc toml")
    return format  # type: ignore[return-value]


def loads(text: str | bytes, format: Format = "yaml", *, source: str | None = None) -> BaoCao:
    """Read a report from text in ``format`` (``yaml``, ``json`` or ``toml``)."""
    parse = _PARSERS[_check_format(format)]
    if not isinstance(text, str | bytes):
        raise TypeError(f"loads() cần văn bản (str hoặc bytes), nhận {_describe(text)}")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            issue = DataIssue("", "tệp không phải văn bản UTF-8; lưu lại với bảng mã UTF-8")
            raise DataError([issue], source=source) from err
    if not text.strip():
        raise DataError([DataIssue("", "tệp rỗng: không có dữ liệu báo cáo")], source=source)
    try:
        data = parse(unicodedata.normalize("NFC", text))
    except DataError as err:
        raise err.with_source(source) if source else err from None
    except RecursionError as err:
        issue = DataIssue("", "dữ liệu lồng nhau quá sâu; kiểm tra lại cấu trúc tệp")
        raise DataError([issue], source=source) from err
    return structure(data, source=source)


def load(path: str | os.PathLike[str]) -> BaoCao:
    """Read a report file; the format comes from its suffix (.yaml, .yml, .json, .toml, .xlsx)."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"load() cần đường dẫn tệp (str hoặc Path), nhận {_describe(path)}")
    path = Path(path)
    if not path.exists():
        raise DataError([DataIssue("", "không tìm thấy tệp")], source=str(path))
    if path.is_dir():
        issue = DataIssue("", "đây là thư mục, không phải tệp báo cáo; chỉ rõ từng tệp")
        raise DataError([issue], source=str(path))
    suffix = path.suffix.lower()
    if suffix in _READERS:
        module, _, name = _READERS[suffix].partition(":")
        reader: Callable[[Path], BaoCao] = getattr(importlib.import_module(module), name)
        return _remember(reader(path), path)
    if suffix not in _SUFFIXES:
        known = ", ".join(sorted([*_SUFFIXES, *_READERS]))
        issue = DataIssue("", f"không đọc được đuôi tệp '{suffix or '(không có)'}'; dùng {known}")
        raise DataError([issue], source=str(path))
    raw = read_input(path)
    return _remember(loads(raw, _SUFFIXES[suffix], source=str(path)), path)


def dumps(bao_cao: BaoCao, format: Format = "yaml") -> str:
    """Write ``bao_cao`` as text; ``loads(dumps(x, f), f) == x``."""
    if not isinstance(bao_cao, BaoCao):
        raise TypeError(f"dumps() cần một BaoCao, nhận {_describe(bao_cao)}")
    data = unstructure(bao_cao)
    match _check_format(format):
        case "yaml":
            return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
        case "json":
            return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        case "toml":
            import tomli_w

            return tomli_w.dumps(data)
    raise AssertionError(format)  # pragma: no cover


def dump(bao_cao: BaoCao, path: str | os.PathLike[str], *, format: Format | None = None) -> None:
    """Write ``bao_cao`` to ``path`` atomically; the format comes from the suffix."""
    path = Path(path)
    chosen = format or _SUFFIXES.get(path.suffix.lower())
    if chosen is None:
        raise ValueError(
            f"không biết ghi định dạng nào cho '{path.name}'; dùng .yaml, .json, .toml"
        )
    write_atomic(path, dumps(bao_cao, chosen).encode("utf-8"))


def example_path() -> Path:
    """Path of the bundled example report (Bắc Kạn, 2023)."""
    ref = resources.files("binhdanggioi") / "data" / "bac-kan-2023.yaml"
    return Path(str(ref))
