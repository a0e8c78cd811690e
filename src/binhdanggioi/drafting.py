"""The report's first draft: narrative sentences written from its own figures.

:func:`draft` fills the *slots* of the narrative that the software owns: one
sentence per table and one on the units that reported in I.2 (``ket_qua``), the
budget in figures and words in I.3 (``kinh_phi.ghi_chu``, when empty), and the gaps
in the figures among the difficulties (``danh_gia.kho_khan``). The wording lives in
Jinja templates shipped as data (``templates/soan-thao/*.txt.j2``), rendered in the
library's sandbox; ``draft(..., templates=DIR)`` takes a province's own files.

Every drafted item is marked in ``BaoCao.tu_dong`` as ``"path/slot#digest"``, the
digest being that of the text written. Drafting again replaces an item whose text
still has its digest; an item a person edited (or deleted) no longer matches, so its
slot is the person's and stays as it is. Nothing a person wrote is ever replaced.

>>> from binhdanggioi.model import BaoCao, DonVi, HoatDong, SoNguoi
>>> r = BaoCao(2023, DonVi("X", "xa", "xã"), hoat_dong=(HoatDong("Mít tinh", 8,
...     SoNguoi(101, 205, 311)),))
>>> print(draft(r).ket_qua[0])
Toàn xã đã tổ chức 08 cuộc hoạt động hưởng ứng Tháng hành động, thu hút 311 lượt người tham
gia (Nam 101, Nữ 205, 05 lượt chưa phân tách theo giới); nữ chiếm 67,0% số người đã phân tách
theo giới.
>>> draft(draft(r)) == draft(r)
True
"""

from __future__ import annotations

import functools
import hashlib
import os
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from binhdanggioi.comparison import compare, comparison_sentences
from binhdanggioi.doi_chieu import compare_plan, plan_comparison_data
from binhdanggioi.errors import TemplateError
from binhdanggioi.ke_hoach import KeHoachTrienKhai
from binhdanggioi.model import (
    BaoCao,
    Cap,
    DonVi,
    HoatDong,
    SanPham,
    SoNguoi,
    TongHop,
    UocTinh,
)
from binhdanggioi.vocabulary import BANG_BAO_CAO

__all__ = ["SLOTS", "draft", "generated_items", "mark", "with_plan_items"]

SLOTS: tuple[tuple[str, str], ...] = (
    ("chi_dao", "ke-hoach"),
    ("ket_qua", "bao-cao"),
    ("ket_qua", "hoat_dong"),
    ("ket_qua", "truyen_thong"),
    ("ket_qua", "san_pham"),
    ("ket_qua", "so-sanh"),
    ("kinh_phi.ghi_chu", "kinh_phi"),
    ("danh_gia.kho_khan", "so-lieu"),
)
"""Where drafted items go: ``(field path, slot)``; the template of a slot is
``<slot>.txt.j2`` (the comparison with last year has its own, in :mod:`binhdanggioi.comparison`)."""

_LIST_FIELDS = ("chi_dao", "ket_qua", "danh_gia.kho_khan")
_MAX_NAMES = 30  # units named in the completeness sentence; the rest are counted
_LARGEST = 3  # rows named as the largest by reach


# --------------------------------------------------------------------------- marks


def _digest(text: str) -> str:
    data = unicodedata.normalize("NFC", text).encode("utf-8")
    return hashlib.blake2b(data, digest_size=4).hexdigest()


def mark(path: str, slot: str, text: str) -> str:
    """The ``tu_dong`` entry of a drafted ``text`` at ``path`` in ``slot``.

    >>> mark("ket_qua", "hoat_dong", "Toàn xã ...")[:18]
    'ket_qua/hoat_dong#'
    """
    return f"{path}/{slot}#{_digest(text)}"


def _entry(entry: str) -> tuple[str, str, str] | None:
    head, sep, digest = entry.rpartition("#")
    path, sep2, slot = head.rpartition("/")
    if not sep or not sep2:
        return None
    return path, slot, digest


def generated_items(bao_cao: BaoCao) -> dict[str, frozenset[str]]:
    """The drafted items still as drafted, by field path: ``{"ket_qua": {text, ...}}``.

    A rule checking text against tables may skip them: they are the figures themselves.
    """
    digests: dict[str, set[str]] = {}
    for entry in bao_cao.tu_dong:
        parsed = _entry(entry)
        if parsed is not None:
            digests.setdefault(parsed[0], set()).add(parsed[2])
    out: dict[str, frozenset[str]] = {}
    for path, wanted in digests.items():
        items = _items(bao_cao, path)
        found = frozenset(t for t in items if _digest(t) in wanted)
        if found:
            out[path] = found
    return out


def _items(bao_cao: BaoCao, path: str) -> tuple[str, ...]:
    if path == "kinh_phi.ghi_chu":
        note = bao_cao.kinh_phi.ghi_chu
        return (note,) if note else ()
    if path == "danh_gia.kho_khan":
        return bao_cao.danh_gia.kho_khan
    value = getattr(bao_cao, path, ())
    return value if isinstance(value, tuple) else ()


def drop_generated(bao_cao: BaoCao) -> tuple[BaoCao, tuple[str, ...]]:
    """``bao_cao`` without its items still as drafted, and the entries left (slots taken).

    An entry whose item was edited or deleted stays: its slot is the person's now.
    """
    by_path: dict[str, dict[str, str]] = {}
    for entry in bao_cao.tu_dong:
        parsed = _entry(entry)
        if parsed is not None:
            by_path.setdefault(parsed[0], {})[parsed[2]] = entry
    if not by_path:
        return bao_cao, bao_cao.tu_dong
    used: set[str] = set()

    def keep(path: str, items: tuple[str, ...]) -> tuple[str, ...]:
        wanted = by_path.get(path, {})
        out = []
        for item in items:
            entry = wanted.get(_digest(item))
            if entry is None:
                out.append(item)
            else:
                used.add(entry)
        return tuple(out)

    note = bao_cao.kinh_phi.ghi_chu
    kept_note = keep("kinh_phi.ghi_chu", (note,) if note else ())
    cleaned = attrs.evolve(
        bao_cao,
        chi_dao=keep("chi_dao", bao_cao.chi_dao),
        ket_qua=keep("ket_qua", bao_cao.ket_qua),
        danh_gia=attrs.evolve(
            bao_cao.danh_gia, kho_khan=keep("danh_gia.kho_khan", bao_cao.danh_gia.kho_khan)
        ),
        kinh_phi=attrs.evolve(bao_cao.kinh_phi, ghi_chu=kept_note[0] if kept_note else None),
    )
    left = tuple(e for e in bao_cao.tu_dong if e not in used)
    return attrs.evolve(cleaned, tu_dong=left), left


# --------------------------------------------------------------------------- data for templates


def _people(p: SoNguoi) -> dict[str, Any]:
    ratio = p.ty_le_nu
    return {
        "nam": p.nam,
        "nu": p.nu,
        "tong_so": p.tong_so,
        "chua_phan_tach": p.chua_phan_tach,
        "ty_le_nu": None if ratio is None else round(ratio * 100, 1),
        "thieu": p.thieu,
        "rong": p.rong,
    }


def _levels(caps: tuple[Cap, ...], own: DonVi) -> dict[str, Any]:
    # The reporting unit's own level takes its kind: "cấp thành phố" for Bắc Kạn.
    names = [own.loai if c is own.cap and own.loai else c.nhan for c in caps]
    return {
        "ma": "+".join(c.value for c in caps),
        "truong_hoc": caps == (Cap.TRUONG_HOC,),
        "viet": " và ".join(names) or "chưa ghi cấp",
    }


class _Tally:
    """:meth:`TongHop.cong <binhdanggioi.model.TongHop.cong>` in parts: each row is
    tallied once (into its level), and the tallies of levels and tables add up to those
    of the table and the report, where summing each again would go over every row three
    times. ``tests/test_aggregation_fast.py`` checks it against ``TongHop.cong``."""

    __slots__ = (
        "count",
        "count_marked",
        "count_qualifiers",
        "counted",
        "incomplete",
        "nam",
        "nam_given",
        "needs_total",
        "nu",
        "nu_given",
        "people",
        "qualifiers",
        "rows",
        "rows_incomplete",
        "total",
    )

    def __init__(self) -> None:
        self.rows = self.count = self.rows_incomplete = self.people = 0
        self.nam = self.nu = self.nam_given = self.nu_given = self.total = 0
        self.counted = self.count_marked = self.needs_total = self.incomplete = False
        self.count_qualifiers: set[UocTinh] = set()
        self.qualifiers: set[UocTinh] = set()  # of the people figures

    def add(self, row: HoatDong | SanPham) -> None:
        self.rows += 1
        if row.so_luong is not None:
            self.count += row.so_luong
            self.counted = True
        if row.so_luong_chua_du:
            self.count_marked = True
        if row.so_luong_uoc_tinh is not None:
            self.count_qualifiers.add(row.so_luong_uoc_tinh)
        p = row.nguoi
        thieu = p.thieu
        if row.so_luong_chua_du or thieu:
            self.rows_incomplete += 1
        if p.rong:
            return
        self.people += 1
        if thieu:
            self.incomplete = True
        if p.uoc_tinh is not None:
            self.qualifiers.add(p.uoc_tinh)
        if p.nam is not None:
            self.nam += p.nam
            self.nam_given += 1
        if p.nu is not None:
            self.nu += p.nu
            self.nu_given += 1
        if p.tong is not None or p.nam is None or p.nu is None:
            self.needs_total = True
        self.total += p.tong_so or 0

    def merge(self, other: _Tally) -> None:
        self.rows += other.rows
        self.count += other.count
        self.rows_incomplete += other.rows_incomplete
        self.people += other.people
        self.nam += other.nam
        self.nu += other.nu
        self.nam_given += other.nam_given
        self.nu_given += other.nu_given
        self.total += other.total
        self.counted = self.counted or other.counted
        self.count_marked = self.count_marked or other.count_marked
        self.needs_total = self.needs_total or other.needs_total
        self.incomplete = self.incomplete or other.incomplete
        self.count_qualifiers |= other.count_qualifiers
        self.qualifiers |= other.qualifiers

    def tong_hop(self) -> TongHop:
        nguoi = SoNguoi()
        if self.people:
            nguoi = SoNguoi(
                nam=self.nam if self.nam_given else None,
                nu=self.nu if self.nu_given else None,
                tong=self.total if self.needs_total else None,
                chua_day_du=self.incomplete,
                uoc_tinh=UocTinh.cong(self.qualifiers),
            )
        return TongHop(
            so_dong=self.rows,
            so_luong=self.count,
            nguoi=nguoi,
            so_dong_thieu=self.rows_incomplete,
            so_luong_thieu=self.count_marked,
            so_luong_uoc_tinh=UocTinh.cong(self.count_qualifiers),
            co_so_luong=self.counted,
        )


def _tallies(rows: Sequence[HoatDong | SanPham]) -> dict[tuple[Cap, ...], _Tally]:
    """The rows tallied by level, levels in order of first use."""
    by_level: dict[tuple[Cap, ...], _Tally] = {}
    for row in rows:
        tally = by_level.get(row.cap)
        if tally is None:
            tally = by_level[row.cap] = _Tally()
        tally.add(row)
    return by_level


def _sum_tallies(parts: Iterable[_Tally]) -> _Tally:
    out = _Tally()
    for part in parts:
        out.merge(part)
    return out


class _Totals:
    """The totals of one report for its drafting, each row tallied once: by table and
    level, by table, and of the whole report (what ``tong_hop`` gives)."""

    def __init__(self, bao_cao: BaoCao) -> None:
        self.levels = {name: _tallies(bao_cao.bang(name)) for name in BaoCao.TABLES}
        self.tables = {name: _sum_tallies(t.values()) for name, t in self.levels.items()}

    def report(self) -> TongHop:
        return _sum_tallies(self.tables.values()).tong_hop()


def _table_data(bao_cao: BaoCao, name: str, totals_of: _Totals | None = None) -> dict[str, Any]:
    rows: Sequence[HoatDong | SanPham] = bao_cao.bang(name)
    tallied = (totals_of or _Totals(bao_cao)).levels[name]
    totals = _sum_tallies(tallied.values()).tong_hop()
    levels = []
    for caps in sorted(tallied, key=lambda cs: tuple(c.thu_tu for c in cs)):
        part = tallied[caps].tong_hop()
        levels.append(
            {
                **_levels(caps, bao_cao.don_vi),
                "so_dong": part.so_dong,
                "so_luong": part.so_luong,
                "so_luong_thieu": part.so_luong_thieu,
                "nguoi": _people(part.nguoi),
            }
        )
    reached = [(i, r) for i, r in enumerate(rows) if r.nguoi.tong_so]
    reached.sort(key=lambda ir: (-(ir[1].nguoi.tong_so or 0), ir[0]))
    largest = [
        {
            "ten": " ".join(r.ten.split()),
            "so_luong": r.so_luong,
            "so_luong_thieu": r.so_luong_chua_du,
            "nguoi": _people(r.nguoi),
            "cap": _levels(r.cap, bao_cao.don_vi),
        }
        for _, r in reached[:_LARGEST]
    ]
    names: list[str] = []
    seen: set[str] = set()  # the names kept, casefolded
    for r in rows:
        ten = " ".join(r.ten.split())
        folded = ten.casefold()
        if folded not in seen:
            seen.add(folded)
            names.append(ten)
    return {
        "ten": name,
        "muc": BANG_BAO_CAO[name].muc,
        "so_dong": totals.so_dong,
        "so_luong": totals.so_luong,
        "so_luong_thieu": totals.so_luong_thieu,
        "dong_thieu_so_luong": sum(1 for r in rows if r.so_luong is None),
        "nguoi": _people(totals.nguoi),
        "theo_cap": levels,
        "lon_nhat": largest,
        "ten_dong": names,
        "rong": not rows,
    }


def _unit(dv: DonVi) -> dict[str, Any]:
    return {
        "ten": dv.ten,
        "ten_day_du": dv.ten_day_du,
        "nhan": dv.nhan,
        "cap": dv.cap.value,
        "loai": dv.loai or dv.cap.nhan,
    }


def _roster(bao_cao: BaoCao) -> dict[str, Any]:
    own = bao_cao.don_vi
    sources = [u for u in bao_cao.nguon if not (u.cap == own.cap and u.ten == own.ten)]
    missing = list(bao_cao.chua_bao_cao)
    caps = sorted({u.cap for u in sources} | {u.cap for u in missing}, key=lambda c: c.thu_tu)
    levels = []
    for cap in caps:
        sent = sum(1 for u in sources if u.cap is cap)
        absent = [u for u in missing if u.cap is cap]
        levels.append(
            {
                "cap": cap.value,
                "da_bao_cao": sent,
                "chua_bao_cao": len(absent),
                "du_kien": sent + len(absent) if absent else None,
            }
        )
    return {
        "la_tong_hop": bool(bao_cao.nguon),
        "so_don_vi": len(sources),
        "theo_cap": levels,
        "chua_bao_cao": [u.ten_day_du for u in missing[:_MAX_NAMES]],
        "so_chua_bao_cao": len(missing),
        "con_lai": max(0, len(missing) - _MAX_NAMES),
    }


def _context(
    bao_cao: BaoCao, table: str | None = None, totals_of: _Totals | None = None
) -> dict[str, Any]:
    kp = bao_cao.kinh_phi
    totals_of = totals_of or _Totals(bao_cao)
    total = totals_of.report()
    context: dict[str, Any] = {
        "nam": bao_cao.nam,
        "ten_thang_hanh_dong": bao_cao.ten_thang_hanh_dong,
        "don_vi": _unit(bao_cao.don_vi),
        "bao_cao": _roster(bao_cao),
        "kinh_phi": {
            "ngan_sach_nha_nuoc": kp.ngan_sach_nha_nuoc,
            "van_dong": kp.van_dong,
            "tong": kp.tong,
            "chua_day_du": kp.chua_day_du,
        },
        "tong_hop": {
            "so_dong_thieu": total.so_dong_thieu,
            "so_luong_thieu": total.so_luong_thieu,
            "nguoi": _people(total.nguoi),
        },
    }
    if table is not None:
        context["bang"] = _table_data(bao_cao, table, totals_of)
    return context


# --------------------------------------------------------------------------- templates


@functools.cache
def _shipped() -> Path:
    return Path(str(resources.files("binhdanggioi") / "templates" / "soan-thao"))


@functools.cache
def _shipped_source(filename: str) -> tuple[str, str] | None:
    """``(name, source)`` of a shipped template, read once: the package's files do not
    change while it runs (a province's own folder is read at every call)."""
    return _read(_shipped() / filename)


def _read(path: Path) -> tuple[str, str] | None:
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise TemplateError(f"mẫu câu '{path}': không đọc được ({err})") from err
    return f"soan-thao/{path.name}", text


@functools.lru_cache(maxsize=64)
def _compiled(name: str, source: str) -> Any:
    from binhdanggioi.templating import compile_template

    return compile_template(_environment(), source, name)


@functools.cache
def _environment() -> Any:
    from binhdanggioi.templating import jinja_environment

    return jinja_environment()


def _source(slot: str, templates: Path | None) -> tuple[str, str] | None:
    """``(name, source)`` of a slot's template: the province's own, else the shipped one."""
    filename = f"{slot}.txt.j2"
    if templates is not None:
        found = _read(templates / filename)
        if found is not None:
            return found
    return _shipped_source(filename)


def _render(slot: str, context: Mapping[str, Any], templates: Path | None) -> list[str]:
    """The items a slot's template writes: paragraphs split on blank lines, spaces squeezed."""
    from binhdanggioi.templating import render_template

    found = _source(slot, templates)
    if found is None:
        return []
    text = render_template(_compiled(*found), context)
    items = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        item = " ".join(block.split())
        if item:
            items.append(unicodedata.normalize("NFC", item))
    return items


def _comparison(bao_cao: BaoCao, nam_truoc: BaoCao | None) -> list[str]:
    """One sentence per table (and the budget) against last year's report."""
    if nam_truoc is None:
        return []
    sentences = comparison_sentences(compare(bao_cao, nam_truoc), kinh_phi=True)
    return [" ".join(s.split()) for s in sentences.values() if s.strip()]


def _against_plan(
    bao_cao: BaoCao, ke_hoach: KeHoachTrienKhai | None, templates: Path | None
) -> list[str]:
    """The sentence on the plan and one item per planned activity (I.1)."""
    if ke_hoach is None:
        return []
    data = plan_comparison_data(compare_plan(bao_cao, ke_hoach), bao_cao)
    context = {**_context(bao_cao), "doi_chieu": data}
    return _render("ke-hoach", context, templates)


def with_plan_items(bao_cao: BaoCao, ke_hoach: KeHoachTrienKhai) -> BaoCao:
    """``bao_cao`` with only its I.1 plan items drafted (what ``render(ke_hoach=)`` prints).

    Plan items drafted before and left as drafted are replaced; nothing else changes.
    """
    drafted = generated_items(bao_cao).get("chi_dao", frozenset())
    kept = tuple(t for t in bao_cao.chi_dao if t not in drafted)
    items = _against_plan(attrs.evolve(bao_cao, chi_dao=kept), ke_hoach, None)
    marks = [mark("chi_dao", "ke-hoach", t) for t in items]
    others = tuple(e for e in bao_cao.tu_dong if not e.startswith("chi_dao/"))
    return attrs.evolve(bao_cao, chi_dao=(*kept, *items), tu_dong=(*others, *marks))


# --------------------------------------------------------------------------- draft


def draft(
    bao_cao: BaoCao,
    *,
    nam_truoc: BaoCao | None = None,
    templates: str | os.PathLike[str] | None = None,
    ke_hoach: KeHoachTrienKhai | None = None,
) -> BaoCao:
    """A copy of ``bao_cao`` whose drafting slots are filled from its own figures.

    Items drafted before and left as drafted are written again (the figures may have
    changed); a slot whose item a person edited or deleted is left to the person; a
    budget note a person wrote is kept and no budget sentence added. ``templates`` is a
    folder of the province's own ``<slot>.txt.j2`` files (any missing one is taken from
    the shipped set). ``nam_truoc``, last year's report, adds one comparison sentence
    per table and for the budget (:func:`binhdanggioi.comparison.comparison_sentences`).
    ``ke_hoach``, the unit's plan, adds to I.1 (``chi_dao``) one sentence on the
    activities done against the plan and one item per planned activity
    (:func:`binhdanggioi.doi_chieu.compare_plan`; wording in ``ke-hoach.txt.j2``).
    """
    if not isinstance(bao_cao, BaoCao):
        raise TypeError(f"draft() cần một BaoCao, nhận {type(bao_cao).__name__}")
    folder = Path(templates) if templates is not None else None
    if folder is not None and not folder.is_dir():
        raise TemplateError(f"thư mục mẫu câu '{folder}' không có")
    by_digest: dict[tuple[str, str], tuple[str, str]] = {}  # (path, digest) -> (slot, entry)
    for entry in bao_cao.tu_dong:
        parsed = _entry(entry)
        if parsed is not None:
            by_digest[(parsed[0], parsed[2])] = (parsed[1], entry)
    # Where each drafted item still stands; entries whose item is gone mark slots taken.
    found: dict[str, list[tuple[str, str] | None]] = {}
    used: set[str] = set()
    for path, _ in SLOTS:
        if path not in found:
            found[path] = []
            for item in _items(bao_cao, path):
                hit = by_digest.get((path, _digest(item)))
                found[path].append(hit)
                if hit is not None:
                    used.add(hit[1])
    taken_entries = tuple(e for e in bao_cao.tu_dong if e not in used)
    taken = {(p[0], p[1]) for e in taken_entries if (p := _entry(e)) is not None}
    clean, _ = drop_generated(bao_cao)
    new: dict[tuple[str, str], list[str]] = {}
    # One context for every slot (the sandbox lets no template change it), a table's
    # own data added for its slot: the report's totals are summed once.
    totals_of = _Totals(clean)
    base = functools.cache(lambda: _context(clean, totals_of=totals_of))
    for path, slot in SLOTS:
        if (path, slot) in taken:
            continue
        if path == "kinh_phi.ghi_chu" and clean.kinh_phi.ghi_chu:
            continue  # a note a person wrote
        if slot == "so-sanh":
            items = _comparison(clean, nam_truoc)
        elif slot == "ke-hoach":
            items = _against_plan(clean, ke_hoach, folder)
        elif slot in BaoCao.TABLES:
            items = []
            if clean.bang(slot):
                table = {**base(), "bang": _table_data(clean, slot, totals_of)}
                items = _render(slot, table, folder)
        else:
            items = _render(slot, base(), folder)
        if path == "kinh_phi.ghi_chu":
            items = [" ".join(items)] if items else []
        new[(path, slot)] = items
    entries = list(taken_entries)
    lists: dict[str, tuple[str, ...]] = {}
    for path in found:
        out: list[str] = []
        placed: set[str] = set()
        for item, hit in zip(_items(bao_cao, path), found[path], strict=True):
            if hit is None:
                out.append(item)
            elif hit[0] not in placed:  # a drafted item: written again where it stood
                placed.add(hit[0])
                out.extend(new.get((path, hit[0]), ()))
        fresh = [
            t for (p, slot), items in new.items() if p == path and slot not in placed for t in items
        ]
        # New sentences on the tables open I.2; the others close their section.
        out = [*fresh, *out] if path == "ket_qua" else [*out, *fresh]
        lists[path] = tuple(out)
        entries.extend(
            mark(p, slot, t) for (p, slot), items in new.items() if p == path for t in items
        )
    note = lists["kinh_phi.ghi_chu"]
    return attrs.evolve(
        clean,
        chi_dao=lists["chi_dao"],
        ket_qua=lists["ket_qua"],
        danh_gia=attrs.evolve(clean.danh_gia, kho_khan=lists["danh_gia.kho_khan"]),
        kinh_phi=attrs.evolve(clean.kinh_phi, ghi_chu=note[0] if note else None),
        tu_dong=tuple(entries),
    )
