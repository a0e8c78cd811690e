"""A small ZIP writer that reuses entries compressed once.

A .docx is a ZIP package most of whose parts (styles, theme, fonts, settings) are
the same for every report. :mod:`zipfile` recompresses every part on every write,
which is most of the cost of a small document; here an unchanged part is
compressed once, when the template is prepared, and its bytes are copied.

>>> import io, zipfile
>>> data = pack([Entry.deflate("a.txt", b"xin chao"), Entry.deflate("b/c.xml", b"<x/>")])
>>> zipfile.ZipFile(io.BytesIO(data)).read("b/c.xml")
b'<x/>'
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable

__all__ = ["Entry", "pack"]

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
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        data = packer.compress(raw) + packer.flush()
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
