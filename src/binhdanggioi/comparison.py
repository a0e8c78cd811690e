"""This year's report against last year's: per table, per indicator and for the budget.

:func:`compare` matches the rows of two reports of one unit by indicator and level
(the catalogue of each year maps the names a row was given to its indicator, so a
row renamed between years is still the same row) and gives, for every figure, both
values and the change. A figure missing or incomplete on either side is
"không so sánh được", never compared with an invented 0.
:func:`comparison_sentences` words each table's change in one sentence, from the
editable template ``templates/so-sanh.txt.j2``.

>>> from binhdanggioi.model import BaoCao, DonVi, HoatDong, SoNguoi
>>> unit = DonVi("Bắc Kạn", "huyen")
>>> old = BaoCao(2023, unit, hoat_dong=[HoatDong("Lễ phát động", 5, SoNguoi(100, 220))])
>>> new = BaoCao(2024, unit, hoat_dong=[HoatDong("Mít tinh", 8, SoNguoi(100, 180))])
>>> ss = compare(new, old)
>>> row = ss.bang_so_sanh("hoat_dong").dong[0]
>>> row.chi_tieu, row.so_luong.xu_huong, row.so_luong.chenh_lech
('le-phat-dong', 'tăng', 3)
>>> print(comparison_sentences(ss)["hoat_dong"])
So với năm 2023, số cuộc hoạt động tăng 3 (từ 05 lên 08),
số người tham gia giảm 12,5 % (từ 320 xuống 280).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs

from binhdanggioi._files import FileRefused, read_limited
from binhdanggioi.catalogue import catalogue_for
from binhdanggioi.errors import DataError, DataIssue, TemplateError
from binhdanggioi.model import BaoCao, Cap, DonVi, HoatDong, KinhPhi, SanPham, SoNguoi
from binhdanggioi.roster import _same_unit
from binhdanggioi.templating import compile_template, jinja_environment, render_template
from binhdanggioi.vietnamese import format_count, format_money, format_number
from binhdanggioi.vocabulary import BANG_BAO_CAO, fold, name_key

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

__all__ = [
    "SENTENCE_TEMPLATE",
    "BienDong",
    "SoSanh",
    "SoSanhBang",
    "SoSanhDong",
    "SoSanhKinhPhi",
    "XuHuong",
    "compare",
    "comparison_sentences",
]

XuHuong = Literal["tăng", "giảm", "không đổi", "không so sánh được"]
"""Which way a figure moved, or that it cannot be compared."""

LyDo = Literal["thieu-nam-nay", "thieu-nam-truoc", "chua-du-nam-nay", "chua-du-nam-truoc"]
"""Why a figure cannot be compared: missing, or incomplete, this year or last year."""

SENTENCE_TEMPLATE = "so-sanh.txt.j2"
"""The template in the package's ``templates/`` that words the comparison sentences."""

_MAX_TEMPLATE_BYTES = 1024 * 1024


# --------------------------------------------------------------------------- figures


@attrs.frozen
class BienDong:
    """One figure in both years: ``nam_truoc`` (last year), then ``nam_nay`` (this year).

    ``None`` is a figure not reported; ``thieu_*`` marks an incomplete one. Only two
    complete figures are compared.

    >>> BienDong(320, 280).xu_huong, BienDong(320, 280).phan_tram
    ('giảm', -12.5)
    >>> BienDong(None, 280).xu_huong, BienDong(None, 280).ly_do
    ('không so sánh được', 'thieu-nam-truoc')
    """

    nam_truoc: int | None
    nam_nay: int | None
    thieu_nam_nay: bool = False
    thieu_nam_truoc: bool = False

    @property
    def ly_do(self) -> LyDo | None:
        """Why the figure cannot be compared, or ``None`` when it can."""
        if self.nam_nay is None:
            return "thieu-nam-nay"
        if self.nam_truoc is None:
            return "thieu-nam-truoc"
        if self.thieu_nam_nay:
            return "chua-du-nam-nay"
        if self.thieu_nam_truoc:
            return "chua-du-nam-truoc"
        return None

    @property
    def so_sanh_duoc(self) -> bool:
        """Both years reported this figure, complete."""
        return self.ly_do is None

    @property
    def chenh_lech(self) -> int | None:
        """This year minus last year, when comparable."""
        if self.nam_nay is None or self.nam_truoc is None or not self.so_sanh_duoc:
            return None
        return self.nam_nay - self.nam_truoc

    @property
    def phan_tram(self) -> float | None:
        """The change in percent of last year's figure (``None`` when that was 0)."""
        change = self.chenh_lech
        if change is None or not self.nam_truoc:
            return None
        return change * 100 / self.nam_truoc

    @property
    def xu_huong(self) -> XuHuong:
        """``"tăng"``, ``"giảm"``, ``"không đổi"`` or ``"không so sánh được"``."""
        change = self.chenh_lech
        if change is None:
            return "không so sánh được"
        return "tăng" if change > 0 else "giảm" if change < 0 else "không đổi"


def _bien_dong(old: tuple[int | None, bool], new: tuple[int | None, bool]) -> BienDong:
    return BienDong(old[0], new[0], thieu_nam_nay=new[1], thieu_nam_truoc=old[1])


# --------------------------------------------------------------------------- rows

_Row = HoatDong | SanPham
_Key = tuple[str, tuple[Cap, ...]]


@attrs.frozen
class SoSanhDong:
    """One indicator at one level in both years.

    ``khoa`` is the indicator code (or ``"ten:"`` and the row's folded name when the
    catalogue does not know it) and the levels; ``dong_nam_nay`` and
    ``dong_nam_truoc`` are the indexes of the rows it sums in each report.
    """

    bang: str
    chi_tieu: str | None
    ten: str
    cap: tuple[Cap, ...]
    so_luong: BienDong
    nguoi: BienDong
    dong_nam_nay: tuple[int, ...] = ()
    dong_nam_truoc: tuple[int, ...] = ()

    @property
    def chi_nam_truoc(self) -> bool:
        """Only last year's report has this row."""
        return not self.dong_nam_nay


@attrs.frozen
class SoSanhBang:
    """One table in both years: its rows compared, and its totals."""

    bang: str
    dong: tuple[SoSanhDong, ...]
    so_luong: BienDong
    nguoi: BienDong


@attrs.frozen
class SoSanhKinhPhi:
    """The budget in both years, line by line and in total."""

    ngan_sach_nha_nuoc: BienDong
    van_dong: BienDong
    tong: BienDong


@attrs.frozen
class SoSanh:
    """The comparison of one unit's report (``nam``) with its report of ``nam_truoc``.

    ``canh_bao`` says what makes the comparison less than like for like (years not
    consecutive, aggregates built from different numbers of units).
    """

    nam: int
    nam_truoc: int
    don_vi: DonVi
    bang: tuple[SoSanhBang, ...]
    kinh_phi: SoSanhKinhPhi
    canh_bao: tuple[str, ...] = ()

    def bang_so_sanh(self, name: str) -> SoSanhBang:
        """The comparison of table ``name`` (``hoat_dong``, ``truyen_thong``, ``san_pham``)."""
        for table in self.bang:
            if table.bang == name:
                return table
        raise KeyError(f"không có bảng '{name}'; các bảng: {', '.join(BaoCao.TABLES)}")


def _count(rows: Sequence[_Row]) -> tuple[int | None, bool]:
    """The rows' count and whether it is incomplete; ``None`` when no row gave one."""
    given = [r.so_luong for r in rows if r.so_luong is not None]
    if not given:
        return None, False
    incomplete = len(given) < len(rows) or any(r.so_luong_chua_du for r in rows)
    return sum(given), incomplete


def _people(rows: Sequence[_Row]) -> tuple[int | None, bool]:
    """The rows' people (effective total) and whether it is incomplete."""
    reported = [r.nguoi for r in rows if not r.nguoi.rong]
    if not reported:
        return None, False
    total = SoNguoi.cong(reported)
    return total.tong_so, total.thieu


def _keys(bc: BaoCao, table: str) -> dict[_Key, list[tuple[int, _Row]]]:
    """The rows of ``table`` grouped by indicator and level, in the order of the report."""
    catalogue = catalogue_for(bc.nam)
    groups: dict[_Key, list[tuple[int, _Row]]] = {}
    for i, row in enumerate(bc.bang(table)):
        code = row.chi_tieu
        if code is None:
            entry = catalogue.match(row.ten, table)
            code = entry.ma if entry else f"ten:{fold(name_key(row.ten))}"
        groups.setdefault((code, row.cap), []).append((i, row))
    return groups


def _compare_table(new: BaoCao, old: BaoCao, table: str) -> SoSanhBang:
    now, before = _keys(new, table), _keys(old, table)
    order = [*now, *(k for k in before if k not in now)]
    rows = []
    for key in order:
        these, those = now.get(key, []), before.get(key, [])
        shown = (these or those)[0][1]
        code = None if key[0].startswith("ten:") else key[0]
        rows.append(
            SoSanhDong(
                bang=table,
                chi_tieu=code,
                ten=shown.ten,
                cap=key[1],
                so_luong=_bien_dong(_count([r for _, r in those]), _count([r for _, r in these])),
                nguoi=_bien_dong(_people([r for _, r in those]), _people([r for _, r in these])),
                dong_nam_nay=tuple(i for i, _ in these),
                dong_nam_truoc=tuple(i for i, _ in those),
            )
        )
    return SoSanhBang(
        bang=table,
        dong=tuple(rows),
        so_luong=_bien_dong(_count(old.bang(table)), _count(new.bang(table))),
        nguoi=_bien_dong(_people(old.bang(table)), _people(new.bang(table))),
    )


_LINES = ("ngan_sach_nha_nuoc", "van_dong")


def _money(kp: KinhPhi, line: str, other: KinhPhi) -> tuple[int | None, bool]:
    if line != "tong":
        return getattr(kp, line), kp.thieu
    # A total that leaves out a line the other year gave is not the same total.
    gap = any(getattr(kp, n) is None and getattr(other, n) is not None for n in _LINES)
    return kp.tong, kp.thieu or gap


def _compare_budget(new: KinhPhi, old: KinhPhi) -> SoSanhKinhPhi:
    return SoSanhKinhPhi(
        *(_bien_dong(_money(old, n, new), _money(new, n, old)) for n in (*_LINES, "tong"))
    )


def _check_pair(nam_nay: BaoCao, nam_truoc: BaoCao) -> None:
    for name, value in (("nam_nay", nam_nay), ("nam_truoc", nam_truoc)):
        if not isinstance(value, BaoCao):
            raise TypeError(f"compare() cần hai BaoCao; {name} là {type(value).__name__}")
    issues = []
    if nam_truoc.nam >= nam_nay.nam:
        issues.append(
            DataIssue(
                "nam",
                f"báo cáo năm trước là năm {nam_truoc.nam}, không trước năm {nam_nay.nam}; "
                "so sánh với báo cáo của một năm trước đó",
            )
        )
    if not _same_unit(nam_nay.don_vi, nam_truoc.don_vi):
        issues.append(
            DataIssue(
                "don_vi",
                f"báo cáo năm {nam_truoc.nam} là của {nam_truoc.don_vi.nhan}, không phải của "
                f"{nam_nay.don_vi.nhan}; chỉ so sánh hai báo cáo của cùng một đơn vị",
            )
        )
    if issues:
        raise DataError(issues)


def _warnings(nam_nay: BaoCao, nam_truoc: BaoCao) -> tuple[str, ...]:
    found = []
    if nam_nay.nam - nam_truoc.nam > 1:
        found.append(
            f"so sánh với năm {nam_truoc.nam}, cách {nam_nay.nam - nam_truoc.nam} năm, "
            "không phải năm liền trước"
        )
    if len(nam_nay.nguon) != len(nam_truoc.nguon) and (nam_nay.nguon or nam_truoc.nguon):
        found.append(
            f"năm {nam_nay.nam} tổng hợp từ {len(nam_nay.nguon)} đơn vị, năm {nam_truoc.nam} "
            f"từ {len(nam_truoc.nguon)} đơn vị; số liệu không hoàn toàn tương đương"
        )
    if catalogue_for(nam_nay.nam).phien_ban != catalogue_for(nam_truoc.nam).phien_ban:
        found.append("hai năm dùng hai phiên bản danh mục chỉ tiêu khác nhau")
    return tuple(found)


def compare(nam_nay: BaoCao, nam_truoc: BaoCao) -> SoSanh:
    """Compare ``nam_nay`` (this year's report) with ``nam_truoc`` (an earlier one).

    Both must be reports of the same unit (the same code, else the same level and
    name) and ``nam_truoc`` of an earlier year; otherwise :class:`DataError`.
    """
    _check_pair(nam_nay, nam_truoc)
    return SoSanh(
        nam=nam_nay.nam,
        nam_truoc=nam_truoc.nam,
        don_vi=nam_nay.don_vi,
        bang=tuple(_compare_table(nam_nay, nam_truoc, t) for t in BaoCao.TABLES),
        kinh_phi=_compare_budget(nam_nay.kinh_phi, nam_truoc.kinh_phi),
        canh_bao=_warnings(nam_nay, nam_truoc),
    )


# --------------------------------------------------------------------------- plain data


def _percent(value: float | None) -> str:
    return "" if value is None else f"{format_number(abs(value), decimals=1)} %"


def _why(bd: BienDong, nam: int, nam_truoc: int) -> str:
    return {
        None: "",
        "thieu-nam-nay": f"năm {nam} chưa có số liệu",
        "thieu-nam-truoc": f"năm {nam_truoc} chưa có số liệu",
        "chua-du-nam-nay": f"số liệu năm {nam} chưa đầy đủ",
        "chua-du-nam-truoc": f"số liệu năm {nam_truoc} chưa đầy đủ",
    }[bd.ly_do]


def bien_dong_data(bd: BienDong, nam: int, nam_truoc: int, *, loai: str) -> dict[str, Any]:
    """A :class:`BienDong` as plain data for templates; ``loai``: so_luong, nguoi or tien.

    ``*_viet`` are the figures as the report prints them (counts padded, "12,5 %").
    """
    writers: dict[str, Callable[[int], str]] = {
        "so_luong": format_count,
        "nguoi": format_number,
        "tien": format_money,
    }
    write = writers[loai]

    def shown(v: int | None) -> str:
        return "" if v is None else write(abs(v))

    change = bd.chenh_lech
    return {
        "nam_nay": bd.nam_nay,
        "nam_truoc": bd.nam_truoc,
        "nam_nay_viet": shown(bd.nam_nay),
        "nam_truoc_viet": shown(bd.nam_truoc),
        "thieu_nam_nay": bd.thieu_nam_nay,
        "thieu_nam_truoc": bd.thieu_nam_truoc,
        "co_so_lieu": bd.nam_nay is not None or bd.nam_truoc is not None,
        "so_sanh_duoc": bd.so_sanh_duoc,
        "chenh_lech": change,
        "chenh_lech_viet": ""
        if change is None
        else (format_money(abs(change)) if loai == "tien" else format_number(abs(change))),
        "phan_tram": bd.phan_tram,
        "phan_tram_viet": _percent(bd.phan_tram),
        "xu_huong": bd.xu_huong,
        "ly_do": _why(bd, nam, nam_truoc),
    }


def table_data(table: SoSanhBang, nam: int, nam_truoc: int) -> dict[str, Any]:
    """A table's comparison (totals only) as plain data, for the sentence template."""
    spec = BANG_BAO_CAO[table.bang]
    return {
        "ten": table.bang,
        "muc": spec.muc,
        "so_luong": bien_dong_data(table.so_luong, nam, nam_truoc, loai="so_luong"),
        "nguoi": bien_dong_data(table.nguoi, nam, nam_truoc, loai="nguoi"),
    }


def budget_data(kp: SoSanhKinhPhi, nam: int, nam_truoc: int) -> dict[str, Any]:
    """The budget's comparison as plain data."""
    return {
        key: bien_dong_data(getattr(kp, key), nam, nam_truoc, loai="tien")
        for key in ("ngan_sach_nha_nuoc", "van_dong", "tong")
    }


# --------------------------------------------------------------------------- sentences


@functools.lru_cache(maxsize=16)
def _compiled(path: str, stamp: tuple[int, int]) -> jinja2.Template:
    try:
        source = read_limited(path, _MAX_TEMPLATE_BYTES).decode("utf-8-sig")
    except (FileRefused, UnicodeDecodeError) as err:
        raise TemplateError(f"không đọc được mẫu câu so sánh '{path}': {err}") from err
    return compile_template(jinja_environment(), source, Path(path).name)


def _template(template: str | os.PathLike[str] | None) -> jinja2.Template:
    if template is None:
        path = Path(str(resources.files("binhdanggioi") / "templates" / SENTENCE_TEMPLATE))
    else:
        path = Path(template)
    try:
        info = path.stat()
    except OSError as err:
        raise TemplateError(f"không tìm thấy mẫu câu so sánh '{path}'") from err
    return _compiled(str(path), (info.st_mtime_ns, info.st_size))


def _sentence(tpl: jinja2.Template, context: Mapping[str, Any]) -> str:
    return " ".join(render_template(tpl, context).split())


def comparison_sentences(
    so_sanh: SoSanh,
    *,
    kinh_phi: bool = False,
    template: str | os.PathLike[str] | None = None,
) -> dict[str, str]:
    """One Vietnamese sentence per table with figures in either year, by table name.

    ``kinh_phi``: add the budget's sentence under ``"kinh_phi"``. ``template``: a file
    to use instead of the shipped ``so-sanh.txt.j2`` (same variables; it renders once
    per table with ``muc`` naming the table, and once with ``muc == "kinh_phi"``).
    """
    tpl = _template(template)
    base = {"nam": so_sanh.nam, "nam_truoc": so_sanh.nam_truoc}
    found: dict[str, str] = {}
    for table in so_sanh.bang:
        data = table_data(table, so_sanh.nam, so_sanh.nam_truoc)
        if not (data["so_luong"]["co_so_lieu"] or data["nguoi"]["co_so_lieu"]):
            continue
        text = _sentence(tpl, {**base, "muc": table.bang, "bang": data, "kinh_phi": None})
        if text:
            found[table.bang] = text
    if kinh_phi:
        data = budget_data(so_sanh.kinh_phi, so_sanh.nam, so_sanh.nam_truoc)
        if data["tong"]["co_so_lieu"]:
            text = _sentence(tpl, {**base, "muc": "kinh_phi", "bang": None, "kinh_phi": data})
            if text:
                found["kinh_phi"] = text
    return found
