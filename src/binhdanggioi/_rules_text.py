"""Rules of the text: the document's header (``VanBan``), the narrative items, and
figures stated in the narrative against the table rows (``loi-van-lech-bang``).

Part of :mod:`binhdanggioi.rules`, which runs them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence

import attrs

from binhdanggioi import _text_figures as tf
from binhdanggioi._rules_base import Problem, _Context, _join, _n, _problem
from binhdanggioi._rules_figures import _check_comment
from binhdanggioi.catalogue import Catalogue, catalogue_for
from binhdanggioi.model import (
    BaoCao,
    ChuKy,
    DanhGia,
    HoatDong,
    NoiNhan,
    SanPham,
    SoNguoi,
    VanBan,
)
from binhdanggioi.vietnamese import format_count

# --------------------------------------------------------------------------- VanBan


def _check_van_ban(vb: VanBan, path: str, ctx: _Context) -> Iterator[Problem]:
    ngay = vb.ngay
    # A report is dated in the year of its Action Month, or early the next year when late.
    late = ngay is not None and ngay.nam == ctx.nam + 1 and (ngay.thang or 99) <= 3
    if ngay is not None and ngay.nam != ctx.nam and not late:
        yield _problem(
            "ngay-ngoai-nam",
            _join(path, "ngay"),
            f"ngày văn bản {ngay} không thuộc năm {ctx.nam} của Tháng hành động; kiểm tra lại năm",
        )
    yield from _check_items(vb.kinh_gui, _join(path, "kinh_gui"))


# --------------------------------------------------------------------------- narrative


def _check_items(items: Iterable[str], path: str) -> Iterator[Problem]:
    for i, item in enumerate(items):
        if not item.strip():
            yield _problem(
                "muc-trong", f"{path}[{i}]", "ý này để trống; xóa dòng hoặc ghi nội dung"
            )
        yield from _check_comment(item, f"{path}[{i}]")


def _check_danh_gia(dg: DanhGia, path: str, _ctx: _Context) -> Iterator[Problem]:
    for key in ("thuan_loi", "kho_khan", "nguyen_nhan"):
        yield from _check_items(getattr(dg, key), _join(path, key))


def _check_noi_nhan(nn: NoiNhan, path: str, _ctx: _Context) -> Iterator[Problem]:
    yield from _check_items(nn.ban_dien_tu, _join(path, "ban_dien_tu"))
    yield from _check_items(nn.ban_giay, _join(path, "ban_giay"))


def _check_chu_ky(ck: ChuKy, path: str, _ctx: _Context) -> Iterator[Problem]:
    yield from _check_items(ck.quyen_han, _join(path, "quyen_han"))


# --------------------------------------------------------------------------- text against tables

_Row = tuple[str, int, HoatDong | SanPham]

# Clauses that compare with another year or place state figures that are not the rows'.
_OTHER_FIGURES = ("so với", "năm trước", "cùng kỳ", "năm ngoái", "kế hoạch giao", "chỉ tiêu")


@attrs.frozen
class _Names:
    """What each name found in text stands for: a thing the tables count, or another."""

    finder: tf.PhraseFinder
    things: dict[str, frozenset[str]]  # phrase (as tf.words) -> things it names
    rows: dict[str, tuple[_Row, ...]]  # thing -> its rows (empty: not in the tables)


@functools.lru_cache(maxsize=8192)
def _phrase(text: str) -> str:
    # Memoised: every report of a year names the same catalogue aliases again.
    return " ".join(tf.words(text))


@attrs.frozen
class _CatalogueNames:
    """A catalogue's names, phrased once: what each indicator goes by, and a finder of
    them all (every report of the year adds only its own rows' names to it)."""

    aliases: tuple[tuple[str, tuple[str, ...]], ...]  # (thing, its phrases) in order
    finder: tf.PhraseFinder


_PHRASED: dict[int, tuple[Catalogue, _CatalogueNames]] = {}


def _catalogue_names(catalogue: Catalogue) -> _CatalogueNames:
    """:class:`_CatalogueNames` of ``catalogue``, kept while it is the same object."""
    kept = _PHRASED.get(id(catalogue))
    if kept is not None and kept[0] is catalogue:
        return kept[1]
    aliases = tuple(
        (f"chi-tieu:{entry.ma}", tuple(_phrase(name) for name in entry.ten_goi))
        for entry in catalogue.entries
    )
    names = _CatalogueNames(aliases, tf.PhraseFinder(p for _, ps in aliases for p in ps))
    if len(_PHRASED) >= 32:  # the shipped catalogues, and a few of an application's
        _PHRASED.clear()
    _PHRASED[id(catalogue)] = (catalogue, names)
    return names


def _names(bc: BaoCao) -> _Names:
    """Rows are named by their own name and their indicator's names and aliases; a thing
    is an indicator (or, without one, a row name); the catalogue's other indicators are
    things the tables do not hold, so a sentence naming one is about something else.
    """
    catalogue = catalogue_for(bc.nam)
    phrased = _catalogue_names(catalogue)
    things: dict[str, set[str]] = {}
    rows: dict[str, list[_Row]] = {}
    for table, i, row in bc.dong():
        entry = (catalogue.get(row.chi_tieu) if row.chi_tieu else None) or catalogue.match(
            row.ten, table
        )
        thing = f"chi-tieu:{entry.ma}" if entry else f"ten:{_phrase(row.ten)}"
        rows.setdefault(thing, []).append((table, i, row))
        for name in (row.ten, *(entry.ten_goi if entry else ())):
            things.setdefault(_phrase(name), set()).add(thing)
    named = set(things)  # a name the tables use means their row, whatever else it could
    for thing, phrases in phrased.aliases:
        if thing not in rows:
            for phrase in phrases:
                if phrase not in named:
                    things.setdefault(phrase, set()).add(thing)
    # Every catalogue name is a key now (its indicator's, or a row's): the finder of
    # the catalogue's names needs only the rows' own.
    return _Names(
        phrased.finder.extended(named),
        {k: frozenset(v) for k, v in things.items()},
        {k: tuple(v) for k, v in rows.items()},
    )


def _row_values(rows: Sequence[_Row], kind: tf.Kind) -> list[int]:
    """The figures of ``rows`` a sentence may state: each row's, and their sum.

    Empty when a figure is missing or incomplete: then nothing can be said to disagree.
    """
    if kind == "so_luong":
        counts = [r.so_luong for _, _, r in rows]
        if any(c is None for c in counts) or any(r.so_luong_chua_du for _, _, r in rows):
            return []
        given = [c for c in counts if c is not None]
        return [*given, sum(given)]
    people = [r.nguoi for _, _, r in rows]
    if any(p.rong or p.thieu for p in people):
        return []
    values = [v for p in people for v in (p.tong_so, p.nam, p.nu, p.chua_phan_tach)]
    values.append(SoNguoi.cong(people).tong_so)
    return [v for v in values if v is not None]


def _row_text(rows: Sequence[_Row], kind: tf.Kind) -> str:
    paths = [f"{t}[{j}]" for t, j, _ in rows]
    where = ", ".join(paths) if len(paths) <= 3 else f"{len(paths)} dòng {paths[0]}, ..."
    if kind == "so_luong":
        total = sum(r.so_luong or 0 for _, _, r in rows)
        return f"số lượng {format_count(total)} ở {where}"
    s = SoNguoi.cong(r.nguoi for _, _, r in rows)
    split = f" (Nam {_n(s.nam)}, Nữ {_n(s.nu)})" if s.nam is not None and s.nu is not None else ""
    return f"{_n(s.tong_so or 0)} người{split} ở {where}"


_SAID: dict[str, str] = {"hon": "hơn ", "khoang": "khoảng ", "duoi": "dưới ", "it_nhat": "ít nhất "}


def _check_clause(
    clause: str, names_of_report: Callable[[], _Names]
) -> Iterator[tuple[tf.Kind, tf.Figure, str]]:
    tokens = tf.words(clause)
    if not tf.has_number(tokens):
        return
    joined = " ".join(tokens)
    if any(f" {w} " in f" {joined} " for w in _OTHER_FIGURES):
        return
    names = names_of_report()  # built for the first clause that states a figure
    found = set(names.finder.find(tokens))
    things = {t for p in found for t in names.things[p]}
    if len(things) != 1:
        return
    rows = names.rows.get(next(iter(things)), ())
    if not rows:
        return
    figures = tf.figures_in(clause, count_words=found)
    for kind in ("nguoi", "so_luong"):
        stated = [f for f in figures if f.kind == kind]
        values = _row_values(rows, kind)
        # Another number of the same kind that agrees (a total beside a part of it,
        # "200 đại biểu ..., 10 hội viên nhận quà") means the clause is not wrong.
        if stated and values and not any(tf.agrees(f, values) for f in stated):
            yield kind, stated[0], _row_text(rows, kind)


def _narrative(bc: BaoCao) -> Iterator[tuple[str, str]]:
    for key in ("chi_dao", "ket_qua"):
        for i, item in enumerate(getattr(bc, key)):
            yield f"{key}[{i}]", item
    for key in ("thuan_loi", "kho_khan", "nguyen_nhan"):
        for i, item in enumerate(getattr(bc.danh_gia, key)):
            yield f"danh_gia.{key}[{i}]", item
    for i, item in enumerate(bc.kien_nghi):
        yield f"kien_nghi[{i}]", item


def _check_loi_van(bc: BaoCao, _path: str, ctx: _Context) -> Iterator[Problem]:
    """Narrative that names one activity of the tables and states another figure for it.

    Not for aggregates: there the units' own sentences speak of their own figures,
    not of the sums in the parent's tables.
    """
    if ctx.tong_hop or not any(True for _ in bc.dong()):
        return
    names = functools.cache(lambda: _names(bc))
    for path, item in _narrative(bc):
        for clause in tf.clauses(item):
            for kind, figure, table_text in _check_clause(clause, names):
                approx = _SAID.get(figure.qualifier, "")
                said = (
                    f"{approx}{_n(figure.value)} người"
                    if kind == "nguoi"
                    else f"số lượng {approx}{format_count(figure.value)}"
                )
                yield _problem(
                    "loi-van-lech-bang",
                    path,
                    f"lời văn ghi {said} nhưng bảng ghi {table_text}; "
                    "sửa lời văn hoặc bảng cho khớp",
                )
