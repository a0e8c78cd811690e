"""A small ZIP writer that reuses entries compressed once, and a guarded ZIP reader.

A .docx is a ZIP package most of whose parts (styles, theme, fonts, settings) are
the same for every report. :mod:`zipfile` recompresses every part on every write,
which is most of the cost of a small document; here an unchanged part is
compressed once, when the template is prepared, and its bytes are copied.

>>> import io, zipfile
>>> data = pack([Entry.deflate("a.txt", b"xin chao"), Entry.deflate("b/c.xml", b"<x/>")])
>>> zipfile.ZipFile(io.BytesIO(data)).read("b/c.xml")
b'<x/>'

:func:`unpack` reads a template's package back; a damaged, encrypted or oversized
archive is a :class:`~binhdanggioi.errors.TemplateError` naming the file and the part,
never a :mod:`zipfile` or :mod:`zlib` traceback.

>>> [(info.filename, blob) for info, blob in unpack(data, "t.docx")]
[('a.txt', b'xin chao'), ('b/c.xml', b'<x/>')]
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable

from binhdanggioi.errors import TemplateError, TemplateSecurityError

__all__ = ["Entry", "pack", "unpack"]

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_VERSION = 20  # 2.0: deflate
_UTF8_NAMES = 0x800
_DEFLATED = 8
_LIMIT = 0xFFFFFFFF  # without ZIP64; a report is far below 4 GB


class Entry:
    """One ZIP entry, deflated once: name, CRC-32, sizes, DOS time stamp, bytes.

    ``stamp`` is the DOS ``(date, time)`` pair ZIP headers carry.
    """

    __slots__ = ("crc", "data", "dos_date", "dos_time", "external_attr", "name", "size")

    def __init__(
        self,
        name: bytes,
        data: bytes,
        *,
        crc: int,
        size: int,
        stamp: tuple[int, int],
        external_attr: int = 0,
    ) -> None:
        self.name = name
        self.data = data
        self.crc = crc
        self.size = size
        self.dos_date, self.dos_time = stamp
        self.external_attr = external_attr

    @classmethod
    def deflate(
        cls,
        name: str,
        raw: bytes,
        *,
        date_time: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0),
        external_attr: int = 0,
        level: int = 6,
    ) -> Entry:
        """An entry holding ``raw`` compressed with deflate at ``level``."""
        if len(raw) >= _LIMIT:
            raise ValueError(f"phần {name} quá lớn cho gói ZIP (≥ 4 GB)")
        data = zlib.compress(raw, level, wbits=-15)  # raw deflate, as ZIP stores it
        year, month, day, hour, minute, second = date_time
        return cls(
            name.encode("utf-8"),
            data,
            crc=zlib.crc32(raw),
            size=len(raw),
            stamp=(
                (max(year, 1980) - 1980) << 9 | month << 5 | day,
                hour << 11 | minute << 5 | second // 2,
            ),
            external_attr=external_attr,
        )


def pack(entries: Iterable[Entry]) -> bytes:
    """The bytes of a ZIP archive holding ``entries`` in order."""
    body = bytearray()
    central = bytearray()
    count = 0
    for e in entries:
        offset = len(body)
        body += _LOCAL.pack(
            0x04034B50, _VERSION, _UTF8_NAMES, _DEFLATED, e.dos_time, e.dos_date,
            e.crc, len(e.data), e.size, len(e.name), 0,
        )  # fmt: skip
        body += e.name
        body += e.data
        central += _CENTRAL.pack(
            0x02014B50, _VERSION, _VERSION, _UTF8_NAMES, _DEFLATED, e.dos_time, e.dos_date,
            e.crc, len(e.data), e.size, len(e.name), 0, 0, 0, 0, e.external_attr, offset,
        )  # fmt: skip
        central += e.name
        count += 1
    if len(body) + len(central) >= _LIMIT or count >= 0xFFFF:
        raise ValueError("gói ZIP quá lớn (cần ZIP64)")
    end = _END.pack(0x06054B50, 0, 0, count, count, len(central), len(body), 0)
    return bytes(body + central + end)


# Word writes parts stored or deflated; anything else (bzip2, lzma, 99 = AES) is not Word's.
_READABLE = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
# What zipfile and zlib raise on a damaged member: bad CRC or header (BadZipFile), corrupt
# deflate data (zlib.error), an unknown method (NotImplementedError), a password
# (RuntimeError), cut short (EOFError), unreadable (OSError, ValueError).
_DAMAGED = (
    zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError,
    ValueError,
)  # fmt: skip


def unpack(
    data: bytes, name: str, *, max_parts: int = 5000, max_bytes: int = 200 * 1024 * 1024
) -> tuple[tuple[zipfile.ZipInfo, bytes], ...]:
    """Every member of the ZIP archive ``data`` (the template ``name``), in order, read.

    Raises :class:`TemplateError` for an archive that cannot be opened or a member that
    cannot be read (encrypted, unknown compression, corrupt or truncated data), and
    :class:`TemplateSecurityError` for more than ``max_parts`` members, more than
    ``max_bytes`` once unpacked, or a part name given twice.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _DAMAGED as err:
        raise TemplateError(
            f"mẫu '{name}' không phải tệp Word (.docx) hoặc đã bị hỏng: không mở được gói zip "
            f"({err}); mở lại bằng Word và lưu thành tệp .docx mới",
            template=name,
        ) from err
    with archive:
        infos = archive.infolist()
        _check_members(infos, name, max_parts=max_parts, max_bytes=max_bytes)
        return tuple((info, _read_member(archive, info, name)) for info in infos)


def _check_members(
    infos: list[zipfile.ZipInfo], name: str, *, max_parts: int, max_bytes: int
) -> None:
    """Refuse, before inflating anything, what cannot be read or would unpack too large."""
    if len(infos) > max_parts:
        raise TemplateSecurityError(
            f"mẫu '{name}' có {len(infos)} phần, quá giới hạn {max_parts} phần của một tệp Word",
            template=name,
        )
    # zipfile stops inflating a member at its declared size (and then fails its CRC),
    # so the declared sizes bound what is unpacked.
    total = sum(info.file_size for info in infos)
    if total > max_bytes:
        raise TemplateSecurityError(
            f"mẫu '{name}' giải nén ra {_size(total)}, quá giới hạn {_size(max_bytes)} "
            "(có thể là tệp nén độc hại kiểu 'zip bomb')",
            template=name,
        )
    seen: set[str] = set()
    for info in infos:
        part = info.filename
        if info.flag_bits & 0x1:
            raise TemplateError(
                f"mẫu '{name}' bị mã hóa (đặt mật khẩu) ở phần {part}; mở bằng Word, bỏ "
                "mật khẩu rồi lưu lại",
                template=name,
            )
        if info.compress_type not in _READABLE:
            raise TemplateError(
                f"mẫu '{name}' bị hỏng: phần {part} nén theo phương pháp số "
                f"{info.compress_type}, không phải của Word (chỉ dùng stored, deflate)",
                template=name,
            )
        # Part names are case-insensitive in a Word package: a second copy could hide
        # a part from the checks while Word reads it.
        if part.casefold() in seen:
            raise TemplateSecurityError(
                f"mẫu '{name}' có phần {part} hai lần; mở bằng Word và lưu lại", template=name
            )
        seen.add(part.casefold())


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    try:
        return archive.read(info)
    except _DAMAGED as err:
        raise TemplateError(
            f"mẫu '{name}' bị hỏng: không giải nén được phần {info.filename} ({err}); "
            "mở lại bằng Word và lưu thành tệp .docx mới",
            template=name,
        ) from err


def _size(n: int) -> str:
    return f"{n / 1_048_576:.0f} MB" if n >= 1_048_576 else f"{n / 1024:.0f} KB"
