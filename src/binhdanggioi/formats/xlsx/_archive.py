"""The container of a form: what a wrong file really is, and the parts the fast reader needs.

:func:`_open_archive` checks the zip before any reader sees it, to say what a file
that is not a form is (empty, old .xls, a Word file renamed, a zip bomb).
:func:`_book` reads the few small parts the fast reader needs besides the sheets:
where each sheet is, which number formats are dates, whether shared text holds
what openpyxl and calamine read differently. ``None`` there means: read with openpyxl.
"""

from __future__ import annotations

import functools
import io
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable
from typing import IO, Final, TypeVar

import attrs

from binhdanggioi.errors import DataError, DataIssue
from binhdanggioi.formats.xlsx._scan import _CHUNK, _ESCAPE, _PREFIX, DATE, OTHER, PLAIN
from binhdanggioi.formats.xlsx.layout import _MAX_SHEETS, _MAX_UNZIPPED, SHEETS
from binhdanggioi.vietnamese import format_number


def _not_a_form(message: str, source: str | None) -> DataError:
    return DataError([DataIssue("", message)], source=source)


def _open_archive(data: bytes, source: str | None) -> zipfile.ZipFile:
    """Check the container before openpyxl sees it, to explain what the file really is."""
    if not data:
        raise _not_a_form("tệp rỗng (0 byte); mở mẫu nhập liệu bằng Excel, điền và lưu lại", source)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _not_a_form(
            "tệp Excel 97–2003 (.xls) hoặc tệp có đặt mật khẩu; mở bằng Excel, bỏ mật khẩu "
            "và chọn Lưu thành (Save As) kiểu Excel Workbook (.xlsx)",
            source,
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        hint = " (có vẻ là tệp văn bản: YAML, JSON, CSV... bị đổi đuôi)" if _is_text(data) else ""
        raise _not_a_form(
            f"tệp không phải bảng tính Excel (.xlsx){hint}; dùng mẫu tạo bằng: "
            "binhdanggioi form -o mau-nhap-lieu.xlsx",
            source,
        ) from err
    if not any(name.startswith("xl/") for name in names) or unzipped > _MAX_UNZIPPED:
        archive.close()
    if not any(name.startswith("xl/") for name in names):
        kinds = {
            "word/document.xml": "tài liệu Word (.docx)",
            "ppt/presentation.xml": "bản trình chiếu PowerPoint (.pptx)",
            "content.xml": "bảng tính OpenDocument (.ods)",
        }
        kind = next((k for name, k in kinds.items() if name in names), "tệp nén (zip)")
        raise _not_a_form(
            f"tệp này là {kind} được đổi đuôi thành .xlsx, không phải bảng tính Excel; "
            "điền số liệu vào mẫu tạo bằng: binhdanggioi form -o mau-nhap-lieu.xlsx",
            source,
        )
    sheets = sum(1 for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    if sheets > _MAX_SHEETS:
        archive.close()
        raise _not_a_form(_sheets_message(sheets), source)
    if unzipped > _MAX_UNZIPPED:
        raise _not_a_form(
            f"tệp giải nén ra quá lớn ({unzipped // 1_048_576} MB); mẫu nhập liệu chỉ vài trăm KB",
            source,
        )
    return archive


def _sheets_message(count: int) -> str:
    return (
        f"tệp có {format_number(count)} trang, quá giới hạn {_MAX_SHEETS} trang; mẫu nhập "
        f"liệu chỉ có {len(SHEETS)} trang: xóa các trang thừa, hoặc chép số liệu sang mẫu mới"
    )


def _is_text(data: bytes) -> bool:
    head = data[:512]
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.start >= len(head) - 3  # only a character cut at the end
    return True


# ----------------------------------------------------------------- the fast reader's parts

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_SMALL_PART = 4 << 20  # the parts parsed whole here are a few KB in any form
_CACHED_PART = 1 << 18  # larger parts are parsed each time, not held
_T = TypeVar("_T")
_PLAIN_IDS: Final = frozenset({0, 1, 2, 3, 4, 49})  # General, 0, 0.00, #,##0, #,##0.00, @
_DATE_IDS: Final = frozenset({14, 15, 16, 17})  # dates without a time of day
_LITERALS = re.compile(r'"[^"]*"|\\.|_.|\[[^\]]*\]')
_PLAIN_CODE = re.compile(r"[0#,.?*@ ()+;-]*")
_TIME_CODE = re.compile(r"[hHsS%]")
_DATE_CODE = re.compile(r"[dDyY]")
_SHARED_BLANK = re.compile(_PREFIX + rb"t(?:\s[^>]*)?(?:/>|></)")


@attrs.frozen
class _Book:
    """What the fast reader needs of a workbook besides its sheets' cells."""

    sheets: dict[str, str]  # sheet name -> its part in the archive
    styles: dict[bytes, int]  # cell style index as written (b"3") -> PLAIN, DATE or OTHER


def _format_kind(code: str) -> int:
    """PLAIN, DATE or OTHER for a number format code (``#,##0``, ``dd/mm/yyyy``).

    >>> [_format_kind(c) for c in ("#,##0", "General", "dd/mm/yyyy", "0%", "h:mm", '0" ngày"')]
    [0, 0, 1, 2, 2, 0]
    """
    if code.lower() == "general":
        return PLAIN
    bare = _LITERALS.sub("", code)
    if _PLAIN_CODE.fullmatch(bare):
        return PLAIN
    if _DATE_CODE.search(bare) and not _TIME_CODE.search(bare):
        return DATE
    return OTHER


def _inflated(data: bytes, info: zipfile.ZipInfo) -> bytes | None:
    """A small deflated part straight from the file's bytes, checked as zipfile checks it
    (local header, name, size, CRC). ``None``: let zipfile read it, and say what is wrong.

    zipfile's reader costs more than the inflating itself for parts of a few KB.
    """
    size = info.file_size
    if (
        info.compress_type != zipfile.ZIP_DEFLATED
        or info.flag_bits & 0x61
        or not 0 < size <= _CHUNK
    ):
        return None  # stored, encrypted, patched, empty or large: zipfile's own way
    at = info.header_offset
    header = data[at : at + 30]
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        return None
    (flags,) = struct.unpack_from("<H", header, 6)
    name_size, extra_size = struct.unpack_from("<HH", header, 26)
    try:
        name = info.orig_filename.encode("utf-8" if flags & 0x800 else "cp437")
    except UnicodeEncodeError:
        return None
    if data[at + 30 : at + 30 + name_size] != name:
        return None
    start = at + 30 + name_size + extra_size
    try:
        out = zlib.decompressobj(-15).decompress(data[start : start + info.compress_size], size)
    except zlib.error:
        return None
    return out if len(out) == size and zlib.crc32(out) == info.CRC else None


def _open_part(archive: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo) -> IO[bytes]:
    """A part of the archive to read in chunks (``data``: the archive's bytes)."""
    inflated = _inflated(data, info)
    return archive.open(info) if inflated is None else io.BytesIO(inflated)


def _part(archive: zipfile.ZipFile, data: bytes, name: str | None) -> bytes | None:
    info = archive.NameToInfo.get(name) if name else None
    if info is None or info.file_size > _SMALL_PART:
        return None
    inflated = _inflated(data, info)
    return archive.read(info) if inflated is None else inflated


def _cached(parse: Callable[[bytes], _T]) -> Callable[[bytes], _T]:
    """``parse`` remembering its last few results by the part's bytes.

    The forms of a province come from one template: their workbook, relationships
    and styles parts are byte for byte the same, and parsed once. The bytes are
    the key (compared whole on a hit), so no other file can borrow a result.
    """
    remembered = functools.lru_cache(maxsize=8)(parse)

    def parsed(data: bytes) -> _T:
        return remembered(data) if len(data) <= _CACHED_PART else parse(data)

    return parsed


@_cached
def _targets(data: bytes) -> dict[str, tuple[str, str]]:
    """The workbook's relationships: id -> (type, part name)."""
    found = {}
    for rel in ET.fromstring(data).iter(f"{_REL}Relationship"):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        found[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], path)
    return found


@_cached
def _sheet_ids(data: bytes) -> list[tuple[str, str]] | None:
    """The workbook's sheets as (name, relationship id), ``None`` for dates from 1904."""
    workbook = ET.fromstring(data)
    properties = workbook.find(f"{_MAIN}workbookPr")
    if properties is not None and properties.get("date1904", "0") not in ("0", "false"):
        return None  # dates counted from 1904: left to openpyxl
    return [(s.get("name", ""), s.get(_RID, "")) for s in workbook.iter(f"{_MAIN}sheet")]


@_cached
def _style_kinds(data: bytes) -> dict[bytes, int]:
    """Each cell style's index as written (``b"3"``) -> PLAIN, DATE or OTHER."""
    root = ET.fromstring(data)
    codes = {
        int(f.get("numFmtId", "-1")): f.get("formatCode", "") for f in root.iter(f"{_MAIN}numFmt")
    }
    cell_xfs = root.find(f"{_MAIN}cellXfs")
    kinds = {}
    for index, xf in enumerate(cell_xfs if cell_xfs is not None else ()):
        number = int(xf.get("numFmtId", "0"))
        key = str(index).encode()
        if number in codes:
            kinds[key] = _format_kind(codes[number])
        else:
            kinds[key] = PLAIN if number in _PLAIN_IDS else DATE if number in _DATE_IDS else OTHER
    return kinds


def _plain_shared_text(archive: zipfile.ZipFile, data: bytes, path: str | None) -> bool:
    """No shared text that openpyxl and calamine read differently (escapes, empty text)."""
    if path is None or path not in archive.NameToInfo:
        return path is None
    tail = b""
    with _open_part(archive, data, archive.NameToInfo[path]) as stream:
        while chunk := stream.read(_CHUNK):
            data = tail + chunk
            if b"x005F_" in data or _ESCAPE.search(data) or _SHARED_BLANK.search(data):
                return False
            tail = data[-64:]
    return True


def _book(archive: zipfile.ZipFile, data: bytes) -> _Book | None:
    """The parts the fast reader needs, or ``None`` when the workbook is not plain.

    What is parsed here is shared between forms alike (:func:`_cached`): read only.
    """
    try:
        workbook = _part(archive, data, "xl/workbook.xml")
        rels = _part(archive, data, "xl/_rels/workbook.xml.rels")
        if workbook is None or rels is None:
            return None
        targets = _targets(rels)
        listed = _sheet_ids(workbook)
        if listed is None:
            return None
        sheets = {}
        for name, rid in listed:
            kind, path = targets.get(rid, ("", ""))
            if kind != "worksheet" or path not in archive.NameToInfo:
                return None
            sheets[name] = path
        by_kind = dict(targets.values())
        styles_path = by_kind.get("styles")
        styles_part = _part(archive, data, styles_path)
        if styles_path is None:
            styles = {b"0": PLAIN}
        elif styles_part is None:
            return None
        else:
            styles = _style_kinds(styles_part)
        if not _plain_shared_text(archive, data, by_kind.get("sharedStrings")):
            return None
        return _Book(sheets, styles)
    except (ET.ParseError, ValueError, KeyError, OSError, zipfile.BadZipFile, zlib.error):
        return None  # openpyxl's path says what is wrong
