"""What a Word template may not carry into every report: macros, ActiveX, OLE, remote links.

A report inherits every part and relationship of its template. A template that
links a remote ``attachedTemplate``, an image on ``\\\\server\\share`` or the web, a
remote OLE object, ActiveX controls or a VBA project passes all of that on to each
report (and leaks the reader's credentials, or runs code, when it is opened); a
macro-enabled main part even makes the ``.docx`` unopenable in Word.

:func:`inspect_package` lists each such thing as a :class:`Finding` naming its part;
:func:`refuse` turns the findings into one :class:`UnsafeTemplateError`;
:func:`strip_package` removes them (parts, relationships, the attributes that point at
them, content types) for callers that asked for it. Plain hyperlinks stay: Word only
follows them when the reader clicks.

>>> rels = (
...     '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
...     '<Relationship Id="rId1" TargetMode="External" Target="http://x.example/t.dotm"'
...     ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
...     'attachedTemplate"/></Relationships>'
... )
>>> [str(f) for f in inspect_package({"word/_rels/settings.xml.rels": rels.encode()}, "t")]
['word/_rels/settings.xml.rels: mẫu gắn với mẫu ngoài (attachedTemplate) http://x.example/t.dotm']
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from binhdanggioi.errors import TemplateSecurityError

__all__ = ["Finding", "UnsafeTemplateError", "inspect_package", "refuse", "strip_package"]

_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = "[Content_Types].xml"
_PLAIN_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DOCTYPE = re.compile(rb"<!\s*DOCTYPE", re.IGNORECASE)
_MACRO_MAIN = re.compile(r"macroEnabled.*\.main\+xml$", re.IGNORECASE)
# A target Word would fetch even without TargetMode="External": a URI or a UNC path.
_REMOTE = re.compile(r"^([a-z][a-z0-9+.-]*:|\\\\|//)", re.IGNORECASE)

# Relationship types by the last segment of their URI (lower case); the messages say
# what each is to a template author.
_REFUSED_RELATIONSHIPS = {
    "attachedtemplate": "mẫu gắn với mẫu ngoài (attachedTemplate)",
    "oleobject": "đối tượng OLE (oleObject)",
    "control": "điều khiển ActiveX",
    "activexcontrolbinary": "điều khiển ActiveX",
    "vbaproject": "macro VBA (vbaProject)",
    "wordvbadata": "dữ liệu macro (vbaData)",
    "keymapcustomizations": "phím tắt gọi macro (keyMapCustomizations)",
    "attachedtoolbars": "thanh công cụ gọi macro (attachedToolbars)",
}
# Content types, by a fragment (lower case); a macro-enabled main part is among them.
_REFUSED_TYPES = {
    "macroenabled": "kiểu văn bản có macro",
    "vbaproject": "macro VBA (vbaProject)",
    "vbadata": "dữ liệu macro (vbaData)",
    "keymapcustomizations": "phím tắt gọi macro (keyMapCustomizations)",
    "attachedtoolbars": "thanh công cụ gọi macro (attachedToolbars)",
    "activex": "điều khiển ActiveX",
    "oleobject": "đối tượng OLE (oleObject)",
}
# Elements that mean nothing without the relationship they name: dropped with it.
# Elsewhere only the attribute naming the relationship goes (a picture keeps its frame).
_DROPPED_WITH_RELATIONSHIP = {"attachedTemplate", "subDoc", "altChunk", "control"}


@attrs.frozen
class Finding:
    """One refused thing in a template: its ``part``, what it is, how to remove it.

    ``kind`` says what stripping removes: the whole ``part``, the relationship ``key``
    (its Id) of the ``.rels`` part, or the content-type entry ``key`` (a part name or
    an extension).
    """

    part: str
    message: str
    kind: Literal["part", "relationship", "content-type"]
    key: str = ""

    def __str__(self) -> str:
        return f"{self.part}: {self.message}"


class UnsafeTemplateError(TemplateSecurityError):
    """A Word template with macros, ActiveX, OLE or remote links; ``findings`` lists them."""

    def __init__(self, name: str, findings: Iterable[Finding]) -> None:
        self.findings = tuple(findings)
        lines = "\n".join(f"  {f}" for f in self.findings)
        super().__init__(
            f"mẫu '{name}' có {len(self.findings)} thành phần không an toàn, không dùng được:\n"
            f"{lines}\nmở mẫu bằng Word, xóa macro, điều khiển ActiveX, đối tượng OLE, liên "
            "kết tới mẫu hay ảnh ở ngoài, rồi lưu thành Word Document (.docx)",
            template=name,
        )


def refuse(name: str, findings: Iterable[Finding]) -> UnsafeTemplateError:
    """The error listing every finding, one line each, part name first."""
    return UnsafeTemplateError(name, findings)


def inspect_package(members: Mapping[str, bytes] | zipfile.ZipFile, name: str) -> list[Finding]:
    """Every refused thing in the package ``members`` (part name → bytes) of template ``name``.

    A part that is not well-formed XML, or has a DOCTYPE, is skipped here: the reader
    refuses it anyway.
    """
    parts = _members(members)
    findings = [f for part in parts if (f := _part_finding(part)) is not None]
    refused_parts = {f.part for f in findings}
    for part, blob in parts.items():
        if part.endswith(".rels") and part not in refused_parts:
            findings += _relationship_findings(part, blob)
    if _CONTENT_TYPES in parts:
        findings += _content_type_findings(parts[_CONTENT_TYPES])
    return findings


def _members(members: Mapping[str, bytes] | zipfile.ZipFile) -> dict[str, bytes]:
    if isinstance(members, zipfile.ZipFile):
        return {info.filename: members.read(info) for info in members.infolist()}
    return dict(members)


def _part_finding(part: str) -> Finding | None:
    lower = part.lower()
    base = posixpath.basename(lower)
    if base == "vbaproject.bin":
        what = "macro VBA (vbaProject.bin)"
    elif base == "vbadata.xml":
        what = "dữ liệu macro (vbaData.xml)"
    elif base == "attachedtoolbars.bin":
        what = "thanh công cụ gọi macro (attachedToolbars.bin)"
    elif lower.startswith("word/activex/") or base.startswith("activex"):
        what = "điều khiển ActiveX"
    elif (lower.startswith("word/embeddings/") and base.endswith(".bin")) or base.startswith(
        "oleobject"
    ):
        what = "đối tượng OLE nhúng"
    else:
        return None
    return Finding(part, what, "part")


def _parse(blob: bytes) -> Any:
    """The XML tree of ``blob``, or None (DOCTYPE, not XML): the reader refuses those."""
    from lxml import etree  # type: ignore[import-untyped]

    if _DOCTYPE.search(blob):
        return None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(blob, parser=parser)
    except etree.XMLSyntaxError:
        return None


def _relationship_findings(part: str, blob: bytes) -> list[Finding]:
    root = _parse(blob)
    if root is None:
        return []
    findings = []
    for rel in root.iter(f"{{{_RELS_NS}}}Relationship"):
        kind = str(rel.get("Type", "")).rstrip("/").rsplit("/", 1)[-1]
        target = str(rel.get("Target", ""))
        external = _external(rel)
        what = _REFUSED_RELATIONSHIPS.get(kind.lower())
        if what is None and external and kind.lower() != "hyperlink":
            what = f"liên kết ra ngoài ({kind or 'không rõ loại'})"
        elif what is not None and external and kind.lower() != "attachedtemplate":
            what += " liên kết tới"
        if what is not None:
            findings.append(Finding(part, f"{what} {target}", "relationship", rel.get("Id", "")))
    return findings


def _external(rel: Any) -> bool:
    mode = str(rel.get("TargetMode", "")).lower()
    return mode == "external" or bool(_REMOTE.match(str(rel.get("Target", ""))))


def _content_type_findings(blob: bytes) -> list[Finding]:
    root = _parse(blob)
    if root is None:
        return []
    findings = []
    for entry in root:
        ctype = str(entry.get("ContentType", ""))
        what = next((w for k, w in _REFUSED_TYPES.items() if k in ctype.lower()), None)
        if what is None:
            continue
        if entry.tag == f"{{{_CT_NS}}}Override":
            key = str(entry.get("PartName", ""))
            where = f"phần {key}"
        else:
            key = "." + str(entry.get("Extension", ""))
            where = f"đuôi {key}"
        findings.append(Finding(_CONTENT_TYPES, f"{what}: {ctype} ({where})", "content-type", key))
    return findings


def strip_package(
    entries: Iterable[tuple[zipfile.ZipInfo, bytes]], findings: Iterable[Finding]
) -> tuple[tuple[zipfile.ZipInfo, bytes], ...]:
    """``entries`` without what ``findings`` names, and without what points at it.

    Removed: the parts found, the relationships of and to them, the relationships
    found, the attributes (or the elements, for an attached template, a
    sub-document, a control) that name a removed relationship, the content types of
    removed parts; a macro-enabled main part becomes a plain document.
    """
    found = list(findings)
    entries_list = list(entries)
    members = {info.filename: blob for info, blob in entries_list}
    # Part names are case-insensitive in a package; relationship targets may differ in case.
    gone = {f.part.casefold() for f in found if f.kind == "part"}
    gone |= {_rels_of(p) for p in gone}
    drop_ids: dict[str, set[str]] = {}
    for f in found:
        if f.kind == "relationship":
            drop_ids.setdefault(f.part, set()).add(f.key)
    # What a refused relationship points at goes too (a VBA project, a keyboard map).
    for part, ids in drop_ids.items():
        root = _parse(members[part]) if part in members else None
        for rel in [] if root is None else root.iter(f"{{{_RELS_NS}}}Relationship"):
            if rel.get("Id", "") in ids and not _external(rel):
                target = _resolve(_source_of(part), str(rel.get("Target", ""))).casefold()
                gone |= {target, _rels_of(target)}
    changed: dict[str, bytes] = {}
    removed_ids: dict[str, set[str]] = {}  # source part → relationship Ids removed
    for part, blob in members.items():
        if part.casefold() in gone or not part.endswith(".rels"):
            continue
        root = _parse(blob)
        if root is None:
            continue
        source = _source_of(part)
        ids = set()
        for rel in list(root.iter(f"{{{_RELS_NS}}}Relationship")):
            rid = str(rel.get("Id", ""))
            external = _external(rel)
            target = "" if external else _resolve(source, str(rel.get("Target", ""))).casefold()
            if rid in drop_ids.get(part, set()) or target in gone:
                rel.getparent().remove(rel)
                ids.add(rid)
        if ids:
            changed[part] = _serialise(root)
            removed_ids[source] = ids
    for source, ids in removed_ids.items():
        if source in members and source.casefold() not in gone:
            fixed = _unlink(members[source], ids)
            if fixed is not None:
                changed[source] = fixed
    if _CONTENT_TYPES in members:
        types = _fixed_content_types(members[_CONTENT_TYPES], found, gone)
        if types is not None:
            changed[_CONTENT_TYPES] = types
    return tuple(
        (info, changed.get(info.filename, blob))
        for info, blob in entries_list
        if info.filename.casefold() not in gone
    )


def _rels_of(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def _source_of(rels: str) -> str:
    """``word/_rels/document.xml.rels`` → ``word/document.xml``; ``_rels/.rels`` → ``""``."""
    folder, base = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), base.removesuffix(".rels"))


def _resolve(source: str, target: str) -> str:
    """The part name an internal relationship target points at, from ``source``."""
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("/")


def _unlink(blob: bytes, ids: set[str]) -> bytes | None:
    """``blob`` without the attributes (or elements) naming the relationships ``ids``."""
    root = _parse(blob)
    if root is None:
        return None
    touched = False
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        for attribute, value in list(element.attrib.items()):
            if not attribute.startswith(f"{{{_R_NS}}}") or value not in ids:
                continue
            touched = True
            parent = element.getparent()
            if element.tag.rsplit("}", 1)[-1] in _DROPPED_WITH_RELATIONSHIP and parent is not None:
                parent.remove(element)
                break
            del element.attrib[attribute]
    return _serialise(root) if touched else None


def _fixed_content_types(blob: bytes, found: list[Finding], gone: set[str]) -> bytes | None:
    root = _parse(blob)
    if root is None:
        return None
    refused = {f.key for f in found if f.kind == "content-type"}
    for entry in list(root):
        part = str(entry.get("PartName", "")).lstrip("/")
        key = str(entry.get("PartName", "")) if part else "." + str(entry.get("Extension", ""))
        ctype = str(entry.get("ContentType", ""))
        if part and part.casefold() in gone:
            root.remove(entry)
        elif key in refused and part and _MACRO_MAIN.search(ctype):
            # The main part stays, as the plain document Word opens from a .docx.
            entry.set("ContentType", _PLAIN_MAIN)
        elif key in refused:
            root.remove(entry)
    return _serialise(root)


def _serialise(root: Any) -> bytes:
    from lxml import etree

    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return result
