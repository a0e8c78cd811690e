"""Hypothesis strategies for report values, shared by the whole test suite.

Everything drawn here is *well-formed*: it can be written with ``dumps`` and read
back with ``loads``. With ``valid=True`` (the default) it also passes
:func:`binhdanggioi.validate` without errors (warnings may remain): sums within
totals, named rows, budgets ≥ 0, years in range, no district tier from 2025,
row codes (``ma``) unique in a report. With ``valid=False`` anything the data
format accepts may appear (negative budgets, ``nam + nu > tong``, blank names).

>>> from hypothesis import given
>>> @given(bao_caos(nam=2023, cap="xa"))
... def test(r): assert r.nam == 2023 and r.don_vi.cap == "xa"
>>> test()
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

import attrs
from hypothesis import settings
from hypothesis import strategies as st

from binhdanggioi import _years
from binhdanggioi._unit_names import remove_invisible
from binhdanggioi.catalogue import nhom_doi_tuong
from binhdanggioi.model import (
    BaoCao,
    Cap,
    ChuKy,
    DanhGia,
    DonVi,
    HinhThuc,
    HoatDong,
    HoTro,
    KeHoach,
    KinhPhi,
    LoaiCoQuan,
    NgayThang,
    NguonKinhPhi,
    NhomNguoi,
    NoiNhan,
    SanPham,
    SoNguoi,
    UocTinh,
    VanBan,
    parse_cap,
)
from binhdanggioi.vocabulary import name_key

__all__ = [
    "MAX_COUNT",
    "NAMES",
    "PROFILES",
    "bao_caos",
    "caps",
    "don_vis",
    "examples",
    "ho_tros",
    "kinh_phis",
    "ngay_thangs",
    "nhom_nguois",
    "profile_from_env",
    "rows",
    "so_nguois",
    "texts",
    "unit_spellings",
]

MAX_COUNT = 10**9
"""Largest count drawn (people, events, products)."""

NAMES = (
    "Hưởng ứng Lễ phát động",
    "Nhận quà tại Lễ phát động",
    "Hội nghị tuyên truyền công tác Bình đẳng giới",
    "Phát thanh, truyền hình và cổng thông tin điện tử",
    "Chiến dịch truyền thông",
    "Tập huấn",
    "Băng rôn, khẩu hiệu",
    "Tờ rơi, tờ gấp",
)
"""Real row names, so that rows of different reports often share a name."""

_CHI_TIEU = (
    "le-phat-dong",
    "tham-hoi-tang-qua",
    "hoi-nghi-hoi-thao",
    "phat-thanh-truyen-hinh",
    "truyen-thong-truc-tiep",
    "bang-ron-khau-hieu",
)

_ALL_CAPS = tuple(Cap)

_QUALIFIERS = st.sampled_from((None, None, None, *UocTinh))
"""A qualifier ("hơn", "trên"...) on a figure, mostly none."""

_GROUP_CODES = tuple(e.ma for e in nhom_doi_tuong().entries)

_PLACES = ("Nhà văn hóa thôn Bản Chiêng", "Hội trường UBND xã", "Sân trường", "Trực tuyến")

_MARKS = st.sampled_from((False, False, False, True))
"""An incomplete mark (``so_luong_chua_du``, ``KinhPhi.chua_day_du``), mostly unset.

A mark on a report that is not an aggregate is only a warning (``danh-dau-chua-day-du``),
so valid reports may carry it too."""

T = TypeVar("T")


def _is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def _kept_when_read(text: str) -> bool:
    """NFC, and nothing reading removes: the format characters of a newer Unicode than
    this Python's (U+13439 is Cf in Unicode 15, unassigned in 14) are removed too."""
    return _is_nfc(text) and remove_invisible(text) == text


@functools.cache
def texts(*, min_size: int = 0, max_size: int = 30, blank: bool = True) -> st.SearchStrategy[str]:
    """NFC text without surrogates, control or format characters; ``blank=False`` needs a letter."""
    # No format characters (Cf): reading removes them, so they are not well-formed text.
    alphabet = st.characters(blacklist_categories=("Cs", "Cc", "Cf"))
    drawn = st.text(alphabet, min_size=min_size, max_size=max_size).filter(_kept_when_read)
    vietnamese = st.text("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộớờởỡợ ĐỨ", max_size=max_size)
    out = st.one_of(drawn, vietnamese.map(lambda t: unicodedata.normalize("NFC", t)))
    if not blank:
        out = out.filter(lambda t: t.strip() != "")
    return out


@functools.cache
def _opt(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


@functools.cache
def caps(*, nam: int | None = None) -> st.SearchStrategy[tuple[Cap, ...]]:
    """Levels of a row in canonical order; no ``huyen`` when ``nam`` has two tiers."""
    allowed = [c for c in _ALL_CAPS if not (nam and _years.tiers(nam) == 2 and c is Cap.HUYEN)]
    return st.lists(st.sampled_from(allowed), max_size=3, unique=True).map(
        lambda found: tuple(c for c in Cap if c in found)
    )


@functools.cache
def so_nguois(
    *, valid: bool = True, max_value: int = MAX_COUNT, chua_day_du: bool | None = False
) -> st.SearchStrategy[SoNguoi]:
    """People by sex; any part may be absent. Valid: ``nam + nu ≤ tong`` when both given.

    ``chua_day_du=None`` draws the incomplete flag too.
    """
    count = _opt(st.integers(0, max_value))
    flag = st.booleans() if chua_day_du is None else st.just(chua_day_du)

    @st.composite
    def build(draw: st.DrawFn) -> SoNguoi:
        nam, nu, tong = draw(count), draw(count), draw(count)
        if valid and tong is not None and (nam or 0) + (nu or 0) > tong:
            tong = (nam or 0) + (nu or 0) + draw(st.integers(0, 1000))
        empty = nam is None and nu is None and tong is None
        qualifier = None if empty else draw(_QUALIFIERS)
        return SoNguoi(nam=nam, nu=nu, tong=tong, chua_day_du=draw(flag), uoc_tinh=qualifier)

    return build()


@functools.cache
def nhom_nguois(*, valid: bool = True) -> st.SearchStrategy[tuple[NhomNguoi, ...]]:
    """People by target group, codes unique; valid ones are codes of the catalogue."""
    code = st.sampled_from(_GROUP_CODES)
    if not valid:
        code = code | st.from_regex(r"[a-z]{1,8}(-[a-z]{1,8})?", fullmatch=True)

    @st.composite
    def build(draw: st.DrawFn) -> tuple[NhomNguoi, ...]:
        codes = draw(st.lists(code, max_size=3, unique=True))
        out = []
        for c in codes:
            number = draw(_opt(st.integers(0, MAX_COUNT)))
            out.append(
                NhomNguoi(
                    c,
                    number,
                    None if number is None else draw(_QUALIFIERS),
                    chua_day_du=draw(_MARKS),
                )
            )
        return tuple(out)

    return build()


def _names(draw: st.DrawFn, samples: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(draw(st.lists(st.sampled_from(samples) | texts(min_size=1), max_size=2)))


@st.composite
def _row(
    draw: st.DrawFn, cls: type[HoatDong] | type[SanPham], nam: int | None, valid: bool
) -> HoatDong | SanPham:
    name = draw(st.sampled_from(NAMES) | texts(min_size=1, blank=not valid))
    so_luong = draw(_opt(st.integers(0, MAX_COUNT)))
    first = draw(_opt(ngay_thangs(nam)))
    last = draw(_opt(ngay_thangs(nam)))
    if valid and first is not None and last is not None and str(last) < str(first):
        first, last = last, first
    if valid and first is None:
        last = None
    if first is not None and last is not None and (last.thang is None) != (first.thang is None):
        last = None  # a day range in one precision: "2023" to "2023-11" compares oddly
    bodies = ("Hội Liên hiệp Phụ nữ xã", "Đoàn Thanh niên", "Phòng Văn hóa - Thông tin")
    return cls(
        ten=name,
        so_luong=so_luong,
        so_luong_uoc_tinh=None if so_luong is None else draw(_QUALIFIERS),
        ngay=first,
        den_ngay=last,
        dia_diem=_names(draw, _PLACES),
        hinh_thuc=draw(_opt(st.sampled_from(tuple(HinhThuc)))),
        don_vi_chu_tri=_names(draw, bodies),
        don_vi_phoi_hop=_names(draw, bodies),
        nhom=draw(nhom_nguois(valid=valid)),
        nguoi=draw(so_nguois(valid=valid)),
        cap=draw(caps(nam=nam if valid else None)),
        chi_tieu=draw(_opt(st.sampled_from(_CHI_TIEU))),
        ma=draw(_opt(st.uuids().map(lambda u: f"ma-{u.hex[:12]}"))),
        ghi_chu=draw(_opt(texts())),
        nguon=tuple(draw(st.lists(texts(min_size=1), max_size=2))),
        so_luong_chua_du=draw(_MARKS),
    )


@functools.cache
def rows(
    cls: type[HoatDong] | type[SanPham] = HoatDong, *, nam: int | None = None, valid: bool = True
) -> st.SearchStrategy[HoatDong | SanPham]:
    """One table row of type ``cls``; levels fit year ``nam`` when given and ``valid``."""
    return _row(cls, nam, valid)


@functools.cache
def don_vis(cap: Cap | str | None = None, *, nam: int | None = None) -> st.SearchStrategy[DonVi]:
    """A reporting unit, at level ``cap`` when given; no district when ``nam`` has two tiers."""
    if cap is not None:
        levels = st.just(parse_cap(cap))
    else:
        allowed = (
            [Cap.TINH, Cap.XA] if nam and _years.tiers(nam) == 2 else [Cap.TINH, Cap.HUYEN, Cap.XA]
        )
        levels = st.sampled_from(allowed)

    @st.composite
    def build(draw: st.DrawFn) -> DonVi:
        level = draw(levels)
        digits = {Cap.TINH: 2, Cap.HUYEN: 3, Cap.XA: 5}.get(level, 2)
        code = st.integers(1, 10**digits - 1).map(lambda n: f"{n:0{digits}d}")
        return DonVi(
            ten=draw(
                st.sampled_from(("Bắc Kạn", "Huyền Tung", "Dương Quang"))
                | texts(min_size=1, blank=False)
            ),
            cap=level,
            loai=draw(_opt(st.sampled_from(("thành phố", "huyện", "xã", "phường", "tỉnh")))),
            ma=draw(_opt(code)),
            loai_co_quan=draw(_opt(st.sampled_from(tuple(LoaiCoQuan)))),
            dia_danh=draw(_opt(st.sampled_from(("Chợ Đồn", "Bắc Kạn")) | texts(min_size=1))),
        )

    return build()


@functools.cache
def ngay_thangs(nam: int | None = None) -> st.SearchStrategy[NgayThang]:
    """A date that may leave the day or the month blank, in year ``nam`` when given."""
    years = st.just(nam) if nam is not None else st.integers(_years.FIRST_YEAR, 2100)

    @st.composite
    def build(draw: st.DrawFn) -> NgayThang:
        year = draw(years)
        full = draw(st.dates(date(year, 1, 1), date(year, 12, 31)))
        kind = draw(st.sampled_from(("day", "month", "year")))
        if kind == "day":
            return NgayThang.from_date(full)
        return NgayThang(year, full.month if kind == "month" else None)

    return build()


@functools.cache
def kinh_phis(*, valid: bool = True) -> st.SearchStrategy[KinhPhi]:
    """Budget lines in whole đồng; valid lines are ≥ 0 (and below the absurd threshold).

    Named sources (``nguon_khac``) have distinct names."""
    amount = st.integers(0, 10**11) if valid else st.integers(-(10**15), 10**15)
    source = st.builds(
        NguonKinhPhi,
        st.sampled_from(("Dự án 8, CTMTQG 1719", "Nhà tài trợ", "Quỹ Bảo trợ trẻ em"))
        | texts(min_size=1, blank=not valid),
        _opt(amount),
        _opt(texts()),
        _MARKS,
    )
    sources = st.lists(source, max_size=2, unique_by=lambda n: name_key(n.ten)).map(tuple)
    return st.builds(KinhPhi, _opt(amount), _opt(amount), _opt(texts()), _MARKS, nguon_khac=sources)


@functools.cache
def ho_tros(*, nam: int | None = None, valid: bool = True) -> st.SearchStrategy[HoTro]:
    """A line of support: gifts or scholarships, portions and value in đồng."""
    amount = st.integers(0, 10**11) if valid else st.integers(-(10**15), 10**15)
    return st.builds(
        HoTro,
        st.sampled_from(("Suất quà", "Học bổng", "Xe đạp")) | texts(min_size=1, blank=not valid),
        _opt(st.integers(0, MAX_COUNT)),
        _opt(amount),
        _opt(st.sampled_from(("học sinh có hoàn cảnh khó khăn", "phụ nữ nghèo")) | texts()),
        caps(nam=nam if valid else None),
        _opt(texts()),
        st.lists(texts(min_size=1), max_size=2).map(tuple),
        _MARKS,
    )


@functools.cache
def _narrative(valid: bool) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(texts(min_size=1, max_size=60, blank=not valid), max_size=3).map(tuple)


def _unique_ma(
    items: tuple[HoatDong | SanPham, ...], seen: set[str]
) -> tuple[HoatDong | SanPham, ...]:
    out = []
    for row in items:
        if row.ma is not None and row.ma in seen:
            row = attrs.evolve(row, ma=None)
        elif row.ma is not None:
            seen.add(row.ma)
        out.append(row)
    return tuple(out)


@st.composite
def _bao_cao(
    draw: st.DrawFn,
    nam: int | None,
    cap: Cap | str | None,
    valid: bool,
    max_rows: int,
) -> BaoCao:
    if nam is None:
        nam = draw(st.integers(_years.FIRST_YEAR, 2030) if valid else st.integers(0, 3000))
    opt_text = _opt(texts(max_size=60))
    narrative = _narrative(valid)
    row_nam = nam if valid else None

    def table(cls: type[HoatDong] | type[SanPham]) -> tuple[Any, ...]:
        return tuple(draw(st.lists(rows(cls, nam=row_nam, valid=valid), max_size=max_rows)))

    hoat_dong, truyen_thong, san_pham = table(HoatDong), table(HoatDong), table(SanPham)
    if valid:
        seen: set[str] = set()
        hoat_dong = _unique_ma(hoat_dong, seen)
        truyen_thong = _unique_ma(truyen_thong, seen)
        san_pham = _unique_ma(san_pham, seen)
    van_ban = VanBan(
        co_quan_chu_quan=draw(opt_text),
        co_quan=draw(opt_text),
        so=draw(_opt(st.integers(1, 999).map(lambda n: f"{n:02d}"))),
        ky_hieu=draw(_opt(st.just("BC-UBND"))),
        dia_danh=draw(opt_text),
        ngay=draw(_opt(ngay_thangs(nam if valid else None))),
        trich_yeu=draw(opt_text),
        kinh_gui=draw(narrative),
    )
    ke_hoach = tuple(
        draw(
            st.lists(
                st.builds(
                    KeHoach,
                    so_hieu=texts(min_size=1, max_size=20),
                    ngay=_opt(st.dates(date(2000, 1, 1), date(2100, 12, 31))),
                    co_quan=opt_text,
                    trich_yeu=opt_text,
                ),
                max_size=2,
            )
        )
    )
    extra: dict[str, Any] = {}
    if not valid and "chua_bao_cao" in attrs.fields_dict(BaoCao):
        extra["chua_bao_cao"] = tuple(draw(st.lists(don_vis(), max_size=1)))
    return BaoCao(
        nam=nam,
        don_vi=draw(don_vis(cap, nam=nam if valid else None)),
        van_ban=van_ban,
        ke_hoach=ke_hoach,
        loi_dan=draw(opt_text),
        chu_de=draw(opt_text),
        chi_dao=draw(narrative),
        ket_qua=draw(narrative),
        hoat_dong=hoat_dong,
        truyen_thong=truyen_thong,
        san_pham=san_pham,
        kinh_phi=draw(kinh_phis(valid=valid)),
        ho_tro=tuple(draw(st.lists(ho_tros(nam=row_nam, valid=valid), max_size=2))),
        danh_gia=DanhGia(draw(narrative), draw(narrative), draw(narrative)),
        kien_nghi=draw(narrative),
        ket_luan=draw(opt_text),
        noi_nhan=NoiNhan(draw(narrative), draw(narrative)),
        chu_ky=ChuKy(draw(narrative), draw(opt_text), draw(opt_text)),
        nguon=() if valid else tuple(draw(st.lists(don_vis(), max_size=2))),
        **extra,
    )


def bao_caos(
    nam: int | None = None,
    cap: Cap | str | None = None,
    *,
    valid: bool = True,
    max_rows: int = 3,
) -> st.SearchStrategy[BaoCao]:
    """A whole report of year ``nam`` by a unit at level ``cap`` (both drawn when ``None``).

    Up to ``max_rows`` rows per table. See the module docstring for ``valid``.
    """
    if cap is not None:
        cap = parse_cap(cap)
    return _bao_cao(nam, cap, valid, max_rows)


PROFILES = {"dev": 20, "ci": 100}
"""The Hypothesis profiles (registered in ``conftest.py``): default examples per property."""


def profile_from_env(environ: Mapping[str, str]) -> str:
    """The profile to load: ``HYPOTHESIS_PROFILE`` if set, else ``ci`` on CI, else ``dev``.

    >>> profile_from_env({}), profile_from_env({"CI": "true"}), profile_from_env({"CI": "false"})
    ('dev', 'ci', 'dev')
    >>> profile_from_env({"CI": "true", "HYPOTHESIS_PROFILE": "dev"})
    'dev'
    """
    chosen = environ.get("HYPOTHESIS_PROFILE", "").strip()
    if chosen:
        return chosen
    on_ci = environ.get("CI", "").strip().lower() in {"true", "1", "yes"}
    return "ci" if on_ci else "dev"


def examples(n: int, *, profile: settings | None = None) -> settings:
    """Settings to run a property ``n`` times under ``ci``, proportionally fewer under ``dev``.

    For a test that needs more examples than the default (or, being slow, fewer).
    ``profile`` defaults to the active one; the count is never below one.

    >>> examples(200, profile=settings.get_profile("ci")).max_examples
    200
    >>> [examples(n, profile=settings.get_profile("dev")).max_examples for n in (200, 25, 2)]
    [40, 5, 1]
    """
    active = settings.default if profile is None else profile
    scale = active.max_examples / settings.get_profile("ci").max_examples
    return settings(active, max_examples=max(1, round(n * scale)))


_SPELLINGS: tuple[Callable[[str], str], ...] = (
    lambda n: unicodedata.normalize("NFD", n),  # decomposed accents
    lambda n: n.replace(" ", " \u200b", 1),  # zero-width space
    lambda n: n[:2] + "\u00ad" + n[2:],  # soft hyphen
    lambda n: n.replace("Đ", "\u00d0"),  # Latin capital eth for Đ
    lambda n: n.replace(" ", "  "),  # double spaces
    lambda n: n.upper(),  # case
)
"""Ways of spelling one name that the unit's identity must see through."""


def unit_spellings(name: str, kind: str) -> st.SearchStrategy[tuple[str, str | None]]:
    """``(ten, loai)`` of one unit written differently: any mix of the spellings of
    :data:`_SPELLINGS`, the kind in ``loai``, typed before the name, or both.

    >>> from hypothesis import given
    >>> from binhdanggioi.model import DonVi
    >>> @given(unit_spellings("Đức Xuân", "phường"))
    ... def test(s): assert DonVi(s[0], "xa", s[1]).dinh_danh == ("ten", "xa:đức xuân")
    >>> test()
    """

    @st.composite
    def build(draw: st.DrawFn) -> tuple[str, str | None]:
        text = name
        for i in draw(st.lists(st.sampled_from(range(len(_SPELLINGS))), unique=True)):
            text = _SPELLINGS[i](text)
        where = draw(st.sampled_from(("loai", "ten", "both")))
        shown = draw(st.sampled_from((kind, kind.upper(), kind.capitalize())))
        if where == "loai":
            return text, shown
        return f"{shown} {text}", shown if where == "both" else None

    return build()
