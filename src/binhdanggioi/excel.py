"""Excel input forms: a workbook communes fill in, read back into a :class:`BaoCao`.

:func:`write_form` writes the form, blank or filled with a report (the ``xlsx``
renderer uses it); :func:`load_form` reads a filled form. Every problem found is
reported at once, with its sheet and cell (``Hoạt động!E7``), in Vietnamese.

Sheets, in order: ``Hướng dẫn`` (how to fill the form; not read), ``Đơn vị`` (year,
unit, document header; one field a row), ``Hoạt động``, ``Truyền thông``,
``Sản phẩm`` (tables III.1–III.3; one row each), ``Kinh phí`` (budget), ``Nội dung``
(narrative; one paragraph a row under its section), ``Kế hoạch`` (plans the report
answers), ``Nguồn số liệu`` (units an aggregate was built from) and the hidden
``Danh mục`` (lists behind the drop-downs; not read).

Cells are tied to fields by hidden keys (a hidden column, or a hidden row above a
table's data), not by labels or positions. Other sheets are ignored.

>>> from binhdanggioi.serialization import example_path, load
>>> report = load(example_path())
>>> loads_form(write_form(None, bao_cao=report)) == report
True
"""

from __future__ import annotations

import functools
import io
import json
import os
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Final, Literal

import attrs

from binhdanggioi import _years
from binhdanggioi._files import MAX_INPUT_BYTES, write_atomic
from binhdanggioi.catalogue import Catalogue, catalogue_for
from binhdanggioi.errors import DataError, DataIssue, MissingDependencyError
from binhdanggioi.model import BaoCao, Cap, DonVi, NgayThang
from binhdanggioi.serialization import structure
from binhdanggioi.vietnamese import format_number, parse_number

__all__ = ["SHEETS", "load_form", "loads_form", "write_form"]

# --------------------------------------------------------------------------- layout

_GUIDE, _UNIT, _BUDGET, _TEXT, _LISTS = (
    "Hướng dẫn",
    "Đơn vị",
    "Kinh phí",
    "Nội dung",
    "Danh mục",
)
_ACTIVITIES, _MEDIA, _PRODUCTS, _PLANS, _SOURCES = (
    "Hoạt động",
    "Truyền thông",
    "Sản phẩm",
    "Kế hoạch",
    "Nguồn số liệu",
)

SHEETS: Final = (
    _GUIDE,
    _UNIT,
    _ACTIVITIES,
    _MEDIA,
    _PRODUCTS,
    _BUDGET,
    _TEXT,
    _PLANS,
    _SOURCES,
    _LISTS,
)
"""Sheet names of the form, in the order they are written."""

_Kind = Literal[
    "stt",
    "text",
    "code",
    "count",
    "money",
    "year",
    "cap",
    "caps",
    "date",
    "partial_date",
    "flag",
    "lines",
    "indicator",
    "indicator_code",
    "status",
]
_NUMBER_KINDS: Final = frozenset({"count", "money", "year"})
_TEXT_KINDS: Final = frozenset(
    {
        "text",
        "code",
        "cap",
        "caps",
        "partial_date",
        "lines",
        "indicator",
        "indicator_code",
        "status",
    }
)


@attrs.frozen
class _Field:
    """One cell of a field sheet, or one column of a table sheet."""

    key: str
    label: str
    kind: _Kind = "text"
    width: float = 16.0
    hint: str = ""
    group: str | None = None

    @property
    def hidden(self) -> bool:
        return self.kind == "indicator_code"


@attrs.frozen
class _FieldSheet:
    """A sheet with one field a row: label (A), value (B), hint (C), hidden key (D)."""

    name: str
    title: str
    sections: tuple[tuple[str, tuple[_Field, ...]], ...]

    @property
    def fields(self) -> tuple[_Field, ...]:
        return tuple(f for _, fields in self.sections for f in fields)


@attrs.frozen
class _TableSheet:
    """A table: two-level header, a hidden row of column keys, then one row per item.

    With ``statuses`` (pairs of report field and label), a "status" column says
    which field each row belongs to; the first pair is the default.
    """

    name: str
    title: str
    target: str
    columns: tuple[_Field, ...]
    required: bool = True
    bang: str | None = None
    statuses: tuple[tuple[str, str], ...] = ()

    @property
    def targets(self) -> tuple[str, ...]:
        return tuple(t for t, _ in self.statuses) or (self.target,)


@attrs.frozen
class _Section:
    """A part of the narrative sheet; ``many`` holds a list, else one text."""

    key: str
    label: str
    many: bool = True


_UNIT_SHEET = _FieldSheet(
    _UNIT,
    "THÔNG TIN ĐƠN VỊ VÀ VĂN BẢN BÁO CÁO",
    (
        (
            "Đơn vị báo cáo",
            (
                _Field("nam", "Năm báo cáo", "year", hint="Năm của Tháng hành động, ví dụ 2023"),
                _Field(
                    "don_vi.ten",
                    "Tên đơn vị",
                    hint="Chỉ ghi tên riêng, ví dụ: Huyền Tung (loại đơn vị ghi ở dòng dưới)",
                ),
                _Field("don_vi.cap", "Cấp của đơn vị", "cap", hint="Chọn: Tỉnh, Huyện hoặc Xã"),
                _Field(
                    "don_vi.loai",
                    "Loại đơn vị",
                    hint="Ví dụ: xã, phường, thị trấn, huyện, thành phố, thị xã, quận, tỉnh",
                ),
                _Field(
                    "don_vi.ma",
                    "Mã đơn vị hành chính",
                    "code",
                    hint="Mã hành chính, giữ số 0 ở đầu, ví dụ 00004; có thể bỏ trống",
                ),
            ),
        ),
        (
            "Văn bản báo cáo",
            (
                _Field(
                    "van_ban.co_quan_chu_quan",
                    "Cơ quan chủ quản",
                    hint="Dòng trên cùng bên trái (nếu có)",
                ),
                _Field(
                    "van_ban.co_quan",
                    "Cơ quan ban hành",
                    hint="Ví dụ: ỦY BAN NHÂN DÂN XÃ ...; xuống dòng trong ô bằng Alt+Enter",
                ),
                _Field(
                    "van_ban.so", "Số văn bản", "code", hint="Ví dụ: 05; bỏ trống nếu chưa có số"
                ),
                _Field("van_ban.ky_hieu", "Ký hiệu", hint="Ví dụ: BC-UBND"),
                _Field("van_ban.dia_danh", "Địa danh", hint="Nơi ban hành, ví dụ: Bắc Kạn"),
                _Field(
                    "van_ban.ngay",
                    "Ngày ban hành",
                    "partial_date",
                    hint="Ghi ngày/tháng/năm, ví dụ 05/12/2023; chưa có ngày thì ghi 12/2023",
                ),
                _Field("van_ban.trich_yeu", "Trích yếu", hint="Tên báo cáo dưới chữ BÁO CÁO"),
            ),
        ),
    ),
)

_AGGREGATE = "Dùng khi tổng hợp (xã không cần ghi)"

_BUDGET_SHEET = _FieldSheet(
    _BUDGET,
    "KINH PHÍ TỔ CHỨC THÁNG HÀNH ĐỘNG",
    (
        (
            "Kinh phí (đồng)",
            (
                _Field(
                    "kinh_phi.ngan_sach_nha_nuoc",
                    "Ngân sách nhà nước",
                    "money",
                    hint="Số đồng, ví dụ 30000000; ghi 0 nếu không có, bỏ trống nếu chưa rõ",
                ),
                _Field(
                    "kinh_phi.van_dong",
                    "Vận động, xã hội hóa",
                    "money",
                    hint="Số đồng; ghi 0 nếu không có, bỏ trống nếu chưa rõ",
                ),
                _Field("kinh_phi.ghi_chu", "Ghi chú", hint="Giải thích thêm (nếu cần)"),
            ),
        ),
        (
            _AGGREGATE,
            (
                _Field(
                    "kinh_phi.chua_day_du",
                    "Kinh phí chưa đủ",
                    "flag",
                    hint="“Có” khi có đơn vị chưa báo cáo kinh phí (phần mềm điền khi tổng hợp)",
                    group=_AGGREGATE,
                ),
            ),
        ),
    ),
)

_FIELD_SHEETS: Final = (_UNIT_SHEET, _BUDGET_SHEET)


def _row_columns(name: str, count: str, people: str) -> tuple[_Field, ...]:
    return (
        _Field("stt", "STT", "stt", 6),
        _Field("ten", name, "text", 44),
        _Field("chi_tieu", "Chỉ tiêu (chọn trong danh mục)", "indicator", 30),
        _Field("so_luong", count, "count", 10),
        _Field("nguoi.nam", "Nam", "count", 10, group=people),
        _Field("nguoi.nu", "Nữ", "count", 10, group=people),
        _Field("nguoi.tong", "Tổng", "count", 11, group=people),
        _Field("cap", "Cấp triển khai", "caps", 18),
        _Field("ghi_chu", "Ghi chú", "text", 26),
        _Field("ma", "Mã sự kiện", "code", 16, group=_AGGREGATE),
        _Field("nguon", "Nguồn (đơn vị báo cáo)", "lines", 24, group=_AGGREGATE),
        _Field("nguoi.chua_day_du", "Số liệu chưa đủ", "flag", 10, group=_AGGREGATE),
        _Field("so_luong_chua_du", "Số lượng chưa đủ", "flag", 10, group=_AGGREGATE),
        _Field("chi_tieu#ma", "Mã chỉ tiêu", "indicator_code", 14),
    )


_ROW_SHEETS: Final = (
    _TableSheet(
        _ACTIVITIES,
        "1. TỔ CHỨC CÁC HOẠT ĐỘNG HƯỞNG ỨNG THÁNG HÀNH ĐỘNG, KIỂM TRA, GIÁM SÁT",
        "hoat_dong",
        _row_columns("Hoạt động", "Số cuộc", "Số người tham gia"),
        bang="hoat_dong",
    ),
    _TableSheet(
        _MEDIA,
        "2. KẾT QUẢ TRUYỀN THÔNG TRÊN CÁC PHƯƠNG TIỆN THÔNG TIN ĐẠI CHÚNG, THÔNG TIN CƠ SỞ",
        "truyen_thong",
        _row_columns("Nội dung", "Số lượng", "Số người tiếp cận"),
        bang="truyen_thong",
    ),
    _TableSheet(
        _PRODUCTS,
        "3. PHÁT HÀNH CÁC SẢN PHẨM TRUYỀN THÔNG",
        "san_pham",
        _row_columns("Sản phẩm", "Số lượng", "Số người tiếp cận"),
        bang="san_pham",
    ),
)

_PLAN_SHEET = _TableSheet(
    _PLANS,
    "VĂN BẢN LÀM CĂN CỨ (KẾ HOẠCH CỦA CẤP TRÊN)",
    "ke_hoach",
    (
        _Field("stt", "STT", "stt", 6),
        _Field("loai", "Loại văn bản", "text", 16),
        _Field("so_hieu", "Số, ký hiệu", "code", 22),
        _Field("ngay", "Ngày ban hành", "date", 16),
        _Field("co_quan", "Cơ quan ban hành", "text", 34),
        _Field("trich_yeu", "Trích yếu", "text", 60),
    ),
    required=False,
)

_SOURCE_SHEET = _TableSheet(
    _SOURCES,
    "CÁC ĐƠN VỊ TRONG BÁO CÁO TỔNG HỢP NÀY (CHỈ DÙNG KHI TỔNG HỢP)",
    "nguon",
    (
        _Field("stt", "STT", "stt", 6),
        _Field("ten", "Tên đơn vị", "text", 34),
        _Field("cap", "Cấp", "cap", 14),
        _Field("loai", "Loại đơn vị", "text", 18),
        _Field("ma", "Mã đơn vị", "code", 14),
        _Field("#tinh_trang", "Tình trạng", "status", 18),
    ),
    required=False,
    statuses=(("nguon", "Đã tổng hợp"), ("chua_bao_cao", "Chưa báo cáo")),
)

_TABLE_SHEETS: Final = (*_ROW_SHEETS, _PLAN_SHEET, _SOURCE_SHEET)

_SECTIONS: Final = (
    _Section("van_ban.kinh_gui", "Kính gửi"),
    _Section("loi_dan", "Lời dẫn (câu mở đầu trước mục I)", many=False),
    _Section("chu_de", "Chủ đề năm (bỏ trống: dùng chủ đề chính thức)", many=False),
    _Section("chi_dao", "I.1. Công tác lãnh đạo, ban hành kế hoạch triển khai"),
    _Section("ket_qua", "I.2. Nội dung hoạt động đã triển khai"),
    _Section("danh_gia.thuan_loi", "II.1. Thuận lợi"),
    _Section("danh_gia.kho_khan", "II.2. Những khó khăn, tồn tại"),
    _Section("danh_gia.nguyen_nhan", "II.3. Nguyên nhân"),
    _Section("kien_nghi", "Kiến nghị, đề xuất"),
    _Section("ket_luan", "Câu kết (Trên đây là báo cáo ...)", many=False),
    _Section("noi_nhan.ban_dien_tu", "Nơi nhận: gửi bản điện tử"),
    _Section("noi_nhan.ban_giay", "Nơi nhận: gửi bản giấy"),
    _Section("chu_ky.quyen_han", "Thẩm quyền ký (TM. ..., KT. ...)"),
    _Section("chu_ky.chuc_vu", "Chức vụ người ký", many=False),
    _Section("chu_ky.ho_ten", "Họ và tên người ký", many=False),
)

_REQUIRED_SHEETS: Final = (
    _UNIT,
    *(s.name for s in _ROW_SHEETS),
    _BUDGET,
    _TEXT,
)
_READ_SHEETS: Final = (*_REQUIRED_SHEETS, _PLANS, _SOURCES)

_CAP_LABELS: Final = {
    Cap.TRUNG_UONG: "Trung ương",
    Cap.TINH: "Tỉnh",
    Cap.HUYEN: "Huyện",
    Cap.XA: "Xã",
    Cap.TRUONG_HOC: "Trường học",
}
_ROW_LEVELS: Final = (
    (Cap.TINH,),
    (Cap.HUYEN,),
    (Cap.XA,),
    (Cap.TRUONG_HOC,),
    (Cap.TRUNG_UONG,),
    (Cap.TINH, Cap.HUYEN),
    (Cap.TINH, Cap.XA),
    (Cap.HUYEN, Cap.XA),
    (Cap.TINH, Cap.HUYEN, Cap.XA),
    (Cap.XA, Cap.TRUONG_HOC),
    (Cap.HUYEN, Cap.TRUONG_HOC),
    (Cap.HUYEN, Cap.XA, Cap.TRUONG_HOC),
)
_UNIT_KINDS: Final = (
    "xã",
    "phường",
    "thị trấn",
    "đặc khu",
    "huyện",
    "thành phố",
    "thị xã",
    "quận",
    "tỉnh",
)
_PLAN_KINDS: Final = ("Kế hoạch", "Công văn", "Hướng dẫn", "Quyết định")
_YES: Final = "Có"

_FIRST_ROW = 4  # header row of every sheet; rows 1-3 hold the title and a note
_SPARE_ROWS_BLANK = 60
_SPARE_ROWS_FILLED = 10
_VALIDATED_ROWS = 500
_MAX_EXACT = 10**15  # Excel keeps 15 significant digits; larger numbers go as text
_MAX_UNZIPPED = 500 * 1024 * 1024
_READ_COLUMNS = 40
_KEY_ROW_SEARCH = 20

# --------------------------------------------------------------------------- helpers


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as err:
        raise MissingDependencyError("openpyxl", feature="mẫu nhập liệu Excel") from err
    return openpyxl


def _fold(text: str) -> str:
    """Key insensitive to case, accents and spacing: ``' Hoạt  Động '`` → ``'hoat dong'``."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().replace("_", " ").split())


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _ref(sheet: str, row: int, column: int) -> str:
    return f"{sheet}!{_column_letter(column)}{row}"


def _get_path(obj: Any, path: str) -> Any:
    return functools.reduce(getattr, path.split("."), obj)


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


# Text escaping follows OOXML's own convention (_xHHHH_), which Excel reads and
# writes: control characters cannot be stored in XML, "\r" would be lost, and a
# literal "_x0041_" must not turn into "A" on the way back.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
_CELL_LIMIT = 32_767  # the most characters an Excel cell holds
_LITERAL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_EMPTY_TEXT = '""'  # an empty text, which a cell cannot otherwise hold


def _escape(text: str) -> str:
    if text == "":
        return _EMPTY_TEXT
    if text == _EMPTY_TEXT:
        return '_x0022_"'
    text = _LITERAL_ESCAPE.sub("_x005F_", text)
    return _XML_UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def _unescape(text: str) -> str:
    if text == _EMPTY_TEXT:
        return ""
    if "_x" in text:
        text = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
    return unicodedata.normalize("NFC", text)


def _encode_lines(items: Sequence[str]) -> str | None:
    """Several texts in one cell: one a line, or a JSON list when lines would be ambiguous."""
    if not items:
        return None
    plain = "\n".join(items)
    if all(items) and not any("\n" in i for i in items) and not plain.startswith("["):
        return plain
    return json.dumps(list(items), ensure_ascii=False)


def _decode_lines(text: str) -> list[str]:
    if text.startswith("["):
        try:
            items = json.loads(text)
        except ValueError:
            items = None
        if isinstance(items, list) and all(isinstance(i, str) for i in items):
            return items
    return [line for line in text.split("\n") if line != ""]


def _caps_label(caps: Iterable[Cap]) -> str:
    return ", ".join(_CAP_LABELS[c] for c in caps)


def _partial_date_text(value: NgayThang) -> str:
    if value.thang is None:
        return f"{value.nam:04d}"
    if value.ngay is None:
        return f"{value.thang:02d}/{value.nam:04d}"
    return f"{value.ngay:02d}/{value.thang:02d}/{value.nam:04d}"


def _catalogue(nam: int | None) -> Catalogue | None:
    if nam is None:
        return None
    try:
        return catalogue_for(nam)
    except (LookupError, ValueError, DataError):
        return None


def _indicator_text(catalogue: Catalogue | None, bang: str, code: str) -> str:
    """What the indicator cell shows for ``code``: the catalogue's name, else the code."""
    if catalogue is None:
        return code
    for entry in catalogue.for_table(bang):
        if entry.ma == code:
            found = catalogue.match(entry.ten, bang)
            return entry.ten if found is not None and found.ma == code else code
    return code


def _indicator_code(catalogue: Catalogue | None, bang: str, text: str, hidden: str | None) -> str:
    """The code for what the indicator cell shows; unknown text is kept as written."""
    if hidden is not None and _indicator_text(catalogue, bang, hidden) == text:
        return hidden
    if catalogue is not None:
        if any(e.ma == text for e in catalogue.for_table(bang)):
            return text
        found = catalogue.match(text, bang)
        if found is not None:
            return found.ma
    return text


# --------------------------------------------------------------------------- writing


def write_form(
    path: str | os.PathLike[str] | None = None,
    *,
    nam: int | None = None,
    don_vi: DonVi | None = None,
    bao_cao: BaoCao | None = None,
) -> bytes:
    """Write the Excel input form and return its bytes; also to ``path`` when given.

    Blank by default; ``nam`` and ``don_vi`` fill in the year (which also chooses the
    indicator catalogue and the levels offered) and the unit. With ``bao_cao`` the
    form is filled with that report, and ``load_form`` gives it back unchanged.

    >>> data = write_form(None, nam=2023)
    >>> data[:2]
    b'PK'
    """
    if bao_cao is not None:
        if nam is not None and nam != bao_cao.nam:
            raise ValueError(f"nam={nam} khác năm của báo cáo ({bao_cao.nam})")
        if don_vi is not None and don_vi != bao_cao.don_vi:
            raise ValueError("don_vi khác đơn vị của báo cáo; bỏ don_vi khi đã có bao_cao")
        nam = bao_cao.nam
    xl = _openpyxl()
    workbook = xl.Workbook()
    _FormWriter(workbook, nam=nam, don_vi=don_vi, bao_cao=bao_cao).write()
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if path is not None:
        write_atomic(path, data)
    return data


class _Rules:
    """The data validations of one sheet: one rule per kind, over all its cells."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.rules: dict[str, Any] = {}

    def add(self, name: str, make: Callable[[], Any], cells: str) -> None:
        if name not in self.rules:
            rule = make()
            self.rules[name] = rule
            if rule is not None:
                self.ws.add_data_validation(rule)
        if self.rules[name] is not None:
            self.rules[name].add(cells)


class _FormWriter:
    """Builds the workbook; one method per kind of sheet."""

    def __init__(
        self,
        workbook: Any,
        *,
        nam: int | None,
        don_vi: DonVi | None,
        bao_cao: BaoCao | None,
    ) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
        from openpyxl.worksheet.datavalidation import DataValidation

        self.wb = workbook
        self.nam = nam
        self.bao_cao = bao_cao
        self.don_vi = bao_cao.don_vi if bao_cao is not None else don_vi
        lists_year = nam if nam is not None else date.today().year
        self.catalogue = _catalogue(lists_year)
        self.two_tiers = _years.tiers(lists_year) == 2
        self.spare = _SPARE_ROWS_FILLED if bao_cao is not None else _SPARE_ROWS_BLANK
        self.DataValidation = DataValidation
        font = "Times New Roman"
        thin = Side(style="thin", color="808080")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.f_title = Font(name=font, size=14, bold=True)
        self.f_bold = Font(name=font, size=12, bold=True)
        self.f_body = Font(name=font, size=12)
        self.f_note = Font(name=font, size=11, italic=True, color="595959")
        self.fill_head = PatternFill("solid", fgColor="DDEBF7")
        self.fill_section = PatternFill("solid", fgColor="F2F2F2")
        self.fill_aggregate = PatternFill("solid", fgColor="EDEDED")
        self.a_wrap = Alignment(wrap_text=True, vertical="top")
        self.a_center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.a_number = Alignment(horizontal="right", vertical="top")
        self.lists: dict[str, str] = {}

    # ------------------------------------------------------------------ driver

    def write(self) -> None:
        guide = self.wb.active
        guide.title = _GUIDE
        sheets = {name: self.wb.create_sheet(name) for name in SHEETS[1:]}
        self._write_lists(sheets[_LISTS])
        self._write_guide(guide)
        self._write_fields(sheets[_UNIT], _UNIT_SHEET)
        for spec in _ROW_SHEETS:
            self._write_table(sheets[spec.name], spec, self._rows(spec))
        self._write_fields(sheets[_BUDGET], _BUDGET_SHEET)
        self._write_text(sheets[_TEXT])
        self._write_table(sheets[_PLANS], _PLAN_SHEET, self._rows(_PLAN_SHEET))
        self._write_table(sheets[_SOURCES], _SOURCE_SHEET, self._rows(_SOURCE_SHEET))
        self.wb.active = 0
        props = self.wb.properties
        props.title = "Mẫu nhập liệu báo cáo Tháng hành động vì bình đẳng giới"
        props.creator = "binhdanggioi"

    def _rows(self, spec: _TableSheet) -> list[tuple[str | None, Any]]:
        """The rows of ``spec``, each with its status label (``None`` without statuses)."""
        if self.bao_cao is None:
            return []
        if not spec.statuses:
            return [(None, item) for item in getattr(self.bao_cao, spec.target)]
        return [
            (label, item)
            for target, label in spec.statuses
            for item in getattr(self.bao_cao, target)
        ]

    def _value(self, key: str) -> Any:
        if self.bao_cao is not None:
            return _get_path(self.bao_cao, key)
        if key == "nam":
            return self.nam
        if key.startswith("don_vi.") and self.don_vi is not None:
            return _get_path(self.don_vi, key.removeprefix("don_vi."))
        return None

    # ------------------------------------------------------------------ cells

    def _put(self, cell: Any, kind: _Kind, value: Any) -> None:
        """Write ``value`` of field kind ``kind`` so that the reader gets it back exactly."""
        if kind in _TEXT_KINDS or kind in ("stt", "flag"):
            cell.number_format = "@" if kind != "stt" else "General"
        if value is None or value == ():
            return
        if kind in _NUMBER_KINDS or kind == "stt":
            if abs(value) < _MAX_EXACT:
                cell.value = value
                cell.number_format = "0" if kind == "year" else "#,##0"
            else:
                self._text(cell, format_number(value))
            return
        match kind:
            case "cap":
                self._text(cell, _CAP_LABELS[value])
            case "caps":
                self._text(cell, _caps_label(value))
            case "date":
                if value.year > 1900:
                    cell.value = value
                    cell.number_format = "dd/mm/yyyy"
                else:
                    self._text(cell, f"{value.day:02d}/{value.month:02d}/{value.year:04d}")
            case "partial_date":
                self._text(cell, _partial_date_text(value))
            case "flag":
                if value:
                    self._text(cell, _YES)
            case "lines":
                encoded = _encode_lines(value)
                if encoded is not None:
                    self._text(cell, encoded)
            case _:
                self._text(cell, value)

    @staticmethod
    def _text(cell: Any, text: str) -> None:
        escaped = _escape(text)
        if len(escaped) > _CELL_LIMIT:
            where = f"{cell.parent.title}!{cell.coordinate}"
            message = (
                f"đoạn văn dài {format_number(len(text))} ký tự, quá giới hạn "
                f"{format_number(_CELL_LIMIT)} ký tự của một ô Excel; rút ngắn đoạn này "
                "hoặc xuất ra Word/HTML"
            )
            raise DataError([DataIssue(where, message)])
        cell.value = escaped
        cell.data_type = "s"  # "=..." stays text, never a formula

    def _style(self, cell: Any, field: _Field | None, *, bordered: bool = True) -> None:
        cell.font = self.f_body
        if bordered:
            cell.border = self.border
        numeric = field is not None and field.kind in (*_NUMBER_KINDS, "stt", "date")
        cell.alignment = self.a_number if numeric else self.a_wrap

    def _title(self, ws: Any, title: str, note: str, width: int) -> None:
        ws["A1"] = title
        ws["A1"].font = self.f_title
        ws["A2"] = note
        ws["A2"].font = self.f_note
        ws["A2"].alignment = self.a_wrap
        if width > 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
            ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        ws.row_dimensions[2].height = 32

    def _head(self, cell: Any, text: str, fill: Any = None) -> None:
        cell.value = text
        cell.font = self.f_bold
        cell.alignment = self.a_center
        cell.border = self.border
        cell.fill = fill or self.fill_head

    def _print_setup(self, ws: Any, title_rows: str | None, *, landscape: bool = True) -> None:
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        if title_rows:
            ws.print_title_rows = title_rows
        ws.page_margins.left = ws.page_margins.right = 0.5

    # ------------------------------------------------------------------ validation

    def _validation(self, rules: _Rules, kind: _Kind, cells: str, bang: str | None = None) -> None:
        name = f"{kind}:{bang}" if kind == "indicator" else kind
        rules.add(name, lambda: self._make_validation(kind, bang), cells)

    def _make_validation(self, kind: _Kind, bang: str | None = None) -> Any:
        DataValidation = self.DataValidation
        if kind in ("count", "money"):
            return DataValidation(
                type="whole",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Cần số nguyên",
                error="Ghi số nguyên từ 0 trở lên (không có chữ, không có phần thập phân). "
                "Bỏ trống nếu chưa có số liệu.",
            )
        if kind == "year":
            return DataValidation(
                type="whole",
                operator="between",
                formula1=str(_years.FIRST_YEAR),
                formula2="2100",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Năm không hợp lệ",
                error=f"Ghi năm bằng 4 chữ số, từ {_years.FIRST_YEAR}, ví dụ 2023.",
            )
        lists = {
            "cap": ("unit_levels", "warning"),
            "caps": ("row_levels", "warning"),
            "flag": ("yes", "stop"),
        }
        if kind == "indicator" and bang is not None:
            lists["indicator"] = (f"indicator:{bang}", "warning")
        if kind not in lists or lists[kind][0] not in self.lists:
            return None
        name, style = lists[kind]
        return DataValidation(
            type="list",
            formula1=self.lists[name],
            allow_blank=True,
            showErrorMessage=True,
            errorStyle=style,
            errorTitle="Giá trị ngoài danh sách",
            error="Nên chọn trong danh sách thả xuống. Vẫn giữ giá trị đã gõ?"
            if style == "warning"
            else "Chọn trong danh sách thả xuống, hoặc bỏ trống.",
        )

    def _suggestions(self, rules: _Rules, name: str, cells: str) -> None:
        """A drop-down of suggestions that still accepts any text."""
        if name in self.lists:
            formula = self.lists[name]
            rules.add(
                name,
                lambda: self.DataValidation(
                    type="list", formula1=formula, allow_blank=True, showErrorMessage=False
                ),
                cells,
            )

    def _status_rule(self, spec: _TableSheet) -> Any:
        labels = ",".join(label for _, label in spec.statuses)
        return self.DataValidation(
            type="list",
            formula1=f'"{labels}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Tình trạng",
            error="Chọn trong danh sách thả xuống; bỏ trống là đã tổng hợp.",
        )

    def _column_style(self, ws: Any, letter: str, field: _Field | None) -> None:
        """The look of the cells a person will type into, set once for the column."""
        kind = field.kind if field is not None else "text"
        dim = ws.column_dimensions[letter]
        dim.font = self.f_body
        numeric = kind in (*_NUMBER_KINDS, "stt", "date")
        dim.alignment = self.a_number if numeric else self.a_wrap
        if kind in _NUMBER_KINDS:
            dim.number_format = "#,##0"
        elif kind == "date":
            dim.number_format = "dd/mm/yyyy"
        elif kind != "stt":
            dim.number_format = "@"  # typed "058" or "12/2023" stays as written

    def _grid_lines(self, ws: Any, cells: str) -> None:
        """Borders over the area to fill, drawn by one rule instead of empty cells."""
        from openpyxl.formatting.rule import FormulaRule

        ws.conditional_formatting.add(cells, FormulaRule(formula=["TRUE"], border=self.border))

    # ------------------------------------------------------------------ sheets

    def _write_lists(self, ws: Any) -> None:
        levels = [lv for lv in _ROW_LEVELS if not (self.two_tiers and Cap.HUYEN in lv)]
        unit_levels = [Cap.TINH, Cap.XA] if self.two_tiers else [Cap.TINH, Cap.HUYEN, Cap.XA]
        columns: list[tuple[str, str, list[str]]] = [
            ("row_levels", "Cấp triển khai", [_caps_label(lv) for lv in levels]),
            ("unit_levels", "Cấp đơn vị", [_CAP_LABELS[c] for c in unit_levels]),
            ("unit_kinds", "Loại đơn vị", list(_UNIT_KINDS)),
            ("plan_kinds", "Loại văn bản", list(_PLAN_KINDS)),
            ("yes", "Số liệu chưa đủ", [_YES]),
        ]
        for spec in _ROW_SHEETS:
            assert spec.bang is not None
            names = [e.ten for e in self.catalogue.for_table(spec.bang)] if self.catalogue else []
            columns.append((f"indicator:{spec.bang}", f"Chỉ tiêu: {spec.name}", names))
        for j, (name, header, values) in enumerate(columns, start=1):
            ws.cell(1, j, header).font = self.f_bold
            for i, text in enumerate(values, start=2):
                self._text(ws.cell(i, j), text)
            if values:
                letter = _column_letter(j)
                self.lists[name] = f"'{_LISTS}'!${letter}$2:${letter}${len(values) + 1}"
            ws.column_dimensions[_column_letter(j)].width = 30
        ws.sheet_state = "hidden"

    def _write_guide(self, ws: Any) -> None:
        year = f" NĂM {self.nam}" if self.nam is not None else ""
        lines = [
            f"MẪU NHẬP LIỆU BÁO CÁO THÁNG HÀNH ĐỘNG VÌ BÌNH ĐẲNG GIỚI{year}",
            "",
            "Cách điền",
            "1. Điền lần lượt các trang: Đơn vị → Hoạt động → Truyền thông → Sản phẩm → "
            "Kinh phí → Nội dung (và Kế hoạch nếu có).",
            "2. Trong các bảng, mỗi dòng là một hoạt động, một nội dung truyền thông hoặc một "
            "loại sản phẩm. Cần thêm dòng thì gõ tiếp xuống dưới hoặc chèn dòng (Insert).",
            "3. Số người: ghi Nam và Nữ khi tách được theo giới. Ô BỎ TRỐNG nghĩa là CHƯA CÓ "
            "SỐ LIỆU; số 0 nghĩa là đã có số liệu và bằng không.",
            "4. Cột Tổng: chỉ ghi khi không tách được theo giới (ví dụ 10.450 lượt học sinh) "
            "hoặc khi tổng lớn hơn Nam + Nữ.",
            "5. Các ô số chỉ nhận số nguyên từ 0 trở lên: gõ 10450 hoặc 10.450; không ghi chữ, "
            "không ghi số thập phân.",
            "6. Cấp triển khai và Chỉ tiêu: chọn trong danh sách thả xuống. Có thể chọn nhiều "
            "cấp, ví dụ 'Huyện, Xã'.",
            "7. Trang Nội dung: mỗi ý một ô ở cột B, ngay dưới mục của nó; thêm dòng khi cần.",
            "",
            "Lưu ý",
            "- Không đổi tên, không xóa các trang; không xóa các dòng, cột tiêu đề và các "
            "dòng, cột ẩn.",
            "- Không gộp ô (Merge) ở các cột số liệu.",
            "- Nếu dùng công thức, hãy mở và lưu tệp trong Excel trước khi gửi, để các ô có "
            "giá trị.",
            "- Các trang khác do đơn vị tự thêm vào sẽ được bỏ qua khi đọc.",
            "- Kiểm tra tệp trước khi gửi: binhdanggioi validate ten-tep.xlsx",
        ]
        for i, text in enumerate(lines, start=1):
            cell = ws.cell(i, 1, text or None)
            cell.alignment = self.a_wrap
            bold = i == 1 or text in ("Cách điền", "Lưu ý")
            cell.font = self.f_title if i == 1 else (self.f_bold if bold else self.f_body)
        ws.column_dimensions["A"].width = 110
        self._print_setup(ws, None, landscape=False)

    def _write_fields(self, ws: Any, spec: _FieldSheet) -> None:
        self._title(
            ws,
            spec.title,
            "Ghi vào cột B. Không xóa dòng, không đổi tên trang.",
            3,
        )
        for j, text in enumerate(("Thông tin", "Nội dung ghi", "Hướng dẫn"), start=1):
            self._head(ws.cell(_FIRST_ROW - 1, j), text)
        ws.cell(_FIRST_ROW - 1, 4, "khoa")
        rules = _Rules(ws)
        row = _FIRST_ROW
        for section, fields in spec.sections:
            cell = ws.cell(row, 1, section)
            cell.font = self.f_bold
            for j in (1, 2, 3):
                ws.cell(row, j).fill = self.fill_section
                ws.cell(row, j).border = self.border
            row += 1
            for field in fields:
                label = ws.cell(row, 1, field.label)
                label.font = self.f_bold
                label.border = self.border
                label.alignment = self.a_wrap
                value = ws.cell(row, 2)
                self._style(value, field)
                value.alignment = self.a_wrap
                self._put(value, field.kind, self._value(field.key))
                hint = ws.cell(row, 3, field.hint or None)
                hint.font = self.f_note
                hint.border = self.border
                hint.alignment = self.a_wrap
                if field.group == _AGGREGATE:
                    label.fill = value.fill = hint.fill = self.fill_aggregate
                ws.cell(row, 4, field.key)
                ref = f"B{row}"
                if field.key == "don_vi.loai":
                    self._suggestions(rules, "unit_kinds", ref)
                else:
                    self._validation(rules, field.kind, ref)
                row += 1
        ws.column_dimensions["A"].width = 28
        ws.column_dimensions["B"].width = 60
        ws.column_dimensions["C"].width = 62
        ws.column_dimensions["D"].hidden = True
        ws.freeze_panes = f"A{_FIRST_ROW}"
        self._print_setup(ws, f"{_FIRST_ROW - 1}:{_FIRST_ROW - 1}", landscape=False)

    def _write_table(
        self, ws: Any, spec: _TableSheet, rows: Sequence[tuple[str | None, Any]]
    ) -> None:
        visible = [c for c in spec.columns if not c.hidden]
        notes = {
            "hoat_dong": "Mỗi dòng một hoạt động. Ô Nam/Nữ bỏ trống = chưa có số liệu; "
            "0 = không có người. Chỉ ghi Tổng khi không tách được theo giới.",
            "ke_hoach": "Các văn bản của cấp trên mà báo cáo này thực hiện (dòng “Thực hiện "
            "Kế hoạch số ...”). Ngày ghi dạng ngày/tháng/năm.",
            "nguon": "Trang này do phần mềm điền khi tổng hợp; đơn vị cơ sở để trống.",
        }
        note = notes.get(spec.target, notes["hoat_dong"] if spec.bang else "")
        self._title(ws, spec.title, note, len(visible))
        grouped = any(c.group for c in spec.columns)
        top = _FIRST_ROW
        bottom = top + 1 if grouped else top
        key_row = bottom + 1
        first = key_row + 1
        for j, column in enumerate(spec.columns, start=1):
            letter = _column_letter(j)
            fill = self.fill_aggregate if column.group == _AGGREGATE else None
            if column.group:
                self._head(ws.cell(bottom, j), column.label, fill)
                self._head(ws.cell(top, j), column.group, fill)
            else:
                self._head(ws.cell(top, j), column.label, fill)
                if grouped:
                    self._head(ws.cell(bottom, j), "", fill)
                    ws.merge_cells(start_row=top, start_column=j, end_row=bottom, end_column=j)
            ws.cell(key_row, j, column.key)
            ws.column_dimensions[letter].width = column.width
            if column.hidden:
                ws.column_dimensions[letter].hidden = True
        if grouped:
            self._merge_groups(ws, spec.columns, top)
        ws.row_dimensions[key_row].hidden = True
        bang = spec.bang
        catalogue = self.catalogue
        for j, column in enumerate(spec.columns, start=1):
            self._column_style(ws, _column_letter(j), column)
        for i, (status, item) in enumerate(rows):
            r = first + i
            for j, column in enumerate(spec.columns, start=1):
                if column.kind == "stt":
                    value: Any = i + 1
                elif column.kind == "status":
                    value = status
                elif column.kind == "indicator_code":
                    value = item.chi_tieu
                elif column.kind == "indicator":
                    code = item.chi_tieu
                    value = None if code is None else _indicator_text(catalogue, bang or "", code)
                else:
                    value = _get_path(item, column.key)
                if value is not None and value != ():
                    # Only cells with a value exist: empty ones take the column's style,
                    # and cost nothing to read back.
                    cell = ws.cell(r, j)
                    self._style(cell, column, bordered=False)
                    self._put(cell, column.kind, value)
        last_styled = first + len(rows) + self.spare - 1
        self._grid_lines(ws, f"A{first}:{_column_letter(len(visible))}{last_styled}")
        last = first + len(rows) + _VALIDATED_ROWS
        rules = _Rules(ws)
        for j, column in enumerate(spec.columns, start=1):
            cells = f"{_column_letter(j)}{first}:{_column_letter(j)}{last}"
            if column.key == "loai":
                name = "plan_kinds" if spec.target == "ke_hoach" else "unit_kinds"
                self._suggestions(rules, name, cells)
            elif column.kind == "status":
                rules.add("status", functools.partial(self._status_rule, spec), cells)
            else:
                self._validation(rules, column.kind, cells, bang)
        ws.freeze_panes = f"C{first}"
        self._print_setup(ws, f"{top}:{bottom}")

    def _merge_groups(self, ws: Any, columns: Sequence[_Field], row: int) -> None:
        start = 1
        while start <= len(columns):
            group = columns[start - 1].group
            end = start
            while end < len(columns) and group and columns[end].group == group:
                end += 1
            if group and end > start:
                ws.merge_cells(start_row=row, start_column=start, end_row=row, end_column=end)
            start = end + 1

    def _write_text(self, ws: Any) -> None:
        self._title(
            ws,
            "NỘI DUNG BÁO CÁO (PHẦN LỜI VĂN)",
            "Mỗi ý ghi vào một ô ở cột B, ngay dưới mục của nó; cần thêm ý thì chèn dòng "
            "ngay dưới. Mục có một ô (lời dẫn, câu kết, người ký) chỉ ghi một ô.",
            2,
        )
        self._head(ws.cell(_FIRST_ROW - 1, 1), "Mục")
        self._head(ws.cell(_FIRST_ROW - 1, 2), "Nội dung")
        ws.cell(_FIRST_ROW - 1, 3, "khoa")
        row = _FIRST_ROW
        for section in _SECTIONS:
            value = self._value(section.key)
            if section.many:
                items: list[str | None] = list(value or ())
                extra = 2 if self.bao_cao is None else 0
            else:
                items = [] if value is None else [value]
                extra = 0
            for k, text in enumerate([*(items or [None]), *([None] * extra)]):
                label = ws.cell(row, 1, section.label if k == 0 else None)
                label.font = self.f_bold
                label.alignment = self.a_wrap
                label.border = self.border
                if k == 0:
                    label.fill = self.fill_section
                if text is not None:
                    cell = ws.cell(row, 2)
                    self._style(cell, None, bordered=False)
                    self._put(cell, "text", text)
                ws.cell(row, 3, section.key)
                row += 1
        self._column_style(ws, "B", None)
        self._grid_lines(ws, f"B{_FIRST_ROW}:B{row - 1}")
        ws.column_dimensions["A"].width = 34
        ws.column_dimensions["B"].width = 110
        ws.column_dimensions["C"].hidden = True
        ws.freeze_panes = f"A{_FIRST_ROW}"
        self._print_setup(ws, f"{_FIRST_ROW - 1}:{_FIRST_ROW - 1}")


# --------------------------------------------------------------------------- reading


class _CellProblem(ValueError):
    """A cell whose content cannot be read; the message is Vietnamese."""


_OMIT: Final = object()
_TRUE: Final = frozenset({"co", "x", "true", "dung", "1", "yes"})
_FALSE: Final = frozenset({"khong", "false", "sai", "0", "no"})
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_MERGE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_PARENT = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")
_SLASH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_SLASH_MONTH = re.compile(r"(\d{1,2})/(\d{4})")


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters.decode("ascii"):
        index = index * 26 + ord(ch) - 64
    return index


def _text_of(value: Any) -> str:
    if isinstance(value, str):
        return _unescape(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _decimal_message(value: float, kind: str) -> str:
    what = {"money": "kinh phí tính bằng đồng, phải", "year": "năm phải"}.get(kind, "số phải")
    message = f"{what} là số nguyên; ô đang có số thập phân {format_number(value)}"
    whole, _, frac = repr(value).partition(".")
    if whole.lstrip("-").isdigit() and frac.isdigit() and len(frac) <= 3:
        digits = int(whole + frac.ljust(3, "0"))
        message += (
            f". Nếu ý là {format_number(digits)} thì gõ {abs(digits)} "
            "(máy đang hiểu dấu chấm là dấu thập phân)"
        )
    return message


def _number_of(value: Any, kind: str) -> Any:
    if isinstance(value, bool | int):
        return value  # a bool is refused with the model's own message
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise _CellProblem(_decimal_message(value, kind))
    if isinstance(value, datetime | date | time | timedelta):
        raise _CellProblem(
            "ô đang ở dạng ngày/giờ, không phải số; chọn định dạng ô là Số (Number) rồi gõ lại"
        )
    text = _text_of(value).strip()
    return text if text else _OMIT


def _date_of(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text_of(value).strip()
    if not text:
        return _OMIT
    return text


def _partial_date_of(value: Any) -> Any:
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        return day.isoformat()
    text = _text_of(value).strip()
    if not text:
        return _OMIT
    if m := _SLASH_DATE.fullmatch(text):
        d, mo, y = m.groups()
        return f"{y}-{int(mo):02d}-{int(d):02d}"
    if m := _SLASH_MONTH.fullmatch(text):
        mo, y = m.groups()
        return f"{y}-{int(mo):02d}"
    return text


def _flag_of(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    key = _fold(_text_of(value))
    if not key:
        return _OMIT
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise _CellProblem(f"ghi “{_YES}” nếu số liệu chưa đủ, bỏ trống nếu đã đủ")


def _convert(kind: _Kind, value: Any) -> Any:
    """The plain value for the structuring step; ``_OMIT`` when the cell says nothing."""
    if value is None:
        return _OMIT
    if kind in _NUMBER_KINDS:
        return _number_of(value, kind)
    if kind == "date":
        return _date_of(value)
    if kind == "partial_date":
        return _partial_date_of(value)
    if kind == "flag":
        return _flag_of(value)
    text = _text_of(value)
    if kind == "lines":
        return _decode_lines(text)
    return text


@attrs.define
class _Grid:
    """The cells of one sheet, as read: values and what was wrong with some of them."""

    title: str
    values: list[tuple[Any, ...]]
    errors: dict[tuple[int, int], str]
    uncalculated: set[tuple[int, int]]
    merges: list[tuple[int, int, int, int]]

    def get(self, row: int, column: int) -> Any:
        if row > len(self.values):
            return None
        cells = self.values[row - 1]
        return cells[column - 1] if column <= len(cells) else None


def _grid(ws: Any, raw: bytes | None, formulas: Any) -> _Grid:
    """Read one sheet (values cached by Excel), noting errors, merges and bare formulas."""
    ws.reset_dimensions()  # a wrong <dimension> must not cut cells off
    values: list[tuple[Any, ...]] = []
    errors: dict[tuple[int, int], str] = {}
    for r, row in enumerate(ws.iter_rows(max_col=_READ_COLUMNS), start=1):
        cells = []
        for c, cell in enumerate(row, start=1):
            value = cell.value
            if cell.data_type == "e":
                errors[(r, c)] = str(value)
                value = None
            cells.append(value)
        values.append(tuple(cells))
    merges: list[tuple[int, int, int, int]] = []
    uncalculated: set[tuple[int, int]] = set()
    if raw is None or _FORMULA.search(raw):
        # Only sheets holding formulas are read a second time, for their formulas.
        formula_ws = formulas()[ws.title]
        formula_ws.reset_dimensions()
        for r, row in enumerate(formula_ws.iter_rows(max_col=_READ_COLUMNS), start=1):
            for c, cell in enumerate(row, start=1):
                if cell.data_type == "f" and (r, c) not in errors:
                    known = values[r - 1][c - 1] if r <= len(values) else None
                    if known is None:
                        uncalculated.add((r, c))
    if raw is not None:
        for m in _MERGE.finditer(raw):
            c1, r1, c2, r2 = m.groups()
            top, left = int(r1), _column_index(c1)
            bottom, right = (int(r2), _column_index(c2)) if c2 else (top, left)
            merges.append((top, left, bottom, right))
    return _Grid(ws.title, values, errors, uncalculated, merges)


@attrs.define
class _Place:
    """Where a field of the report was read: a cell (or sheet) and a label for messages."""

    ref: str
    label: str | None
    order: tuple[int, int, int]


class _FormReader:
    """Reads the sheets into plain data, then structures it with the model's own rules."""

    def __init__(
        self, grids: Mapping[str, _Grid], source: str | None, missing: Sequence[DataIssue] = ()
    ) -> None:
        self.grids = grids
        self.source = source
        self.places: dict[str, _Place] = {}
        self.problems: list[tuple[tuple[int, int, int], DataIssue]] = []
        self.catalogue: Catalogue | None = None
        self.missing = {issue.path for issue in missing}
        for issue in missing:
            self._problem(issue.path, self._order(issue.path), issue.message)

    # ------------------------------------------------------------------ bookkeeping

    def _order(self, sheet: str, row: int = 0, column: int = 0) -> tuple[int, int, int]:
        return (SHEETS.index(sheet) if sheet in SHEETS else 99, row, column)

    def _cell(self, sheet: str, row: int, column: int) -> tuple[str, tuple[int, int, int]]:
        return _ref(sheet, row, column), self._order(sheet, row, column)

    def _problem(self, ref: str, order: tuple[int, int, int], message: str) -> None:
        self.problems.append((order, DataIssue(ref, message)))

    def _read_cell(
        self, grid: _Grid, sheet: str, row: int, column: int, field: _Field, value: Any
    ) -> Any:
        """Convert one cell, recording a problem (and returning ``_OMIT``) when it is bad."""
        ref, order = self._cell(sheet, row, column)
        if (row, column) in grid.errors:
            self._problem(
                ref,
                order,
                f"{field.label}: ô báo lỗi công thức {grid.errors[(row, column)]}; "
                "sửa công thức hoặc gõ giá trị",
            )
            return _OMIT
        if (row, column) in grid.uncalculated:
            self._problem(
                ref,
                order,
                f"{field.label}: ô có công thức nhưng chưa có giá trị đã tính; mở tệp và "
                "lưu tệp trong Excel trước (hoặc LibreOffice), rồi đọc lại",
            )
            return _OMIT
        try:
            return _convert(field.kind, value)
        except _CellProblem as err:
            self._problem(ref, order, f"{field.label}: {err}")
            return _OMIT

    # ------------------------------------------------------------------ sheets

    def read(self) -> BaoCao:
        data: dict[str, Any] = {"don_vi": {}}
        if _UNIT in self.grids:
            self._read_fields(_UNIT_SHEET, data)
        self.catalogue = _catalogue(_year_hint(data.get("nam")))
        for spec in (*_ROW_SHEETS, _PLAN_SHEET, _SOURCE_SHEET):
            if spec.name in self.grids:
                self._read_table(spec, data)
        if _BUDGET in self.grids:
            self._read_fields(_BUDGET_SHEET, data)
        if _TEXT in self.grids:
            self._read_text(data)
        try:
            result = structure(data)
        except DataError as err:
            self._locate(err.issues)
            result = None
        if self.problems or result is None:
            self.problems.sort(key=lambda p: p[0])
            raise DataError([issue for _, issue in self.problems], source=self.source)
        return result

    def _read_fields(self, spec: _FieldSheet, data: dict[str, Any]) -> None:
        grid = self.grids[spec.name]
        fields = {f.key: f for f in spec.fields}
        by_label = {_fold(f.label): f for f in spec.fields}
        seen: dict[str, str] = {}
        for row in range(1, len(grid.values) + 1):
            key = grid.get(row, 4)
            label = grid.get(row, 1)
            field = fields.get(key) if isinstance(key, str) else None
            if field is None and isinstance(label, str):
                field = by_label.get(_fold(label))
            if field is None:
                continue
            ref, order = self._cell(spec.name, row, 2)
            if field.key in seen:
                self._problem(
                    ref, order, f"dòng '{field.label}' lặp lại (đã có ở {seen[field.key]})"
                )
                continue
            seen[field.key] = ref
            self.places[field.key] = _Place(ref, field.label, order)
            value = self._read_cell(grid, spec.name, row, 2, field, grid.get(row, 2))
            if value is not _OMIT:
                _put(data, field.key, value)

    def _key_row(self, grid: _Grid, spec: _TableSheet) -> dict[str, int] | None:
        keys = {c.key for c in spec.columns}
        for row in range(1, min(len(grid.values), _KEY_ROW_SEARCH) + 1):
            found = {
                value: column
                for column, value in enumerate(grid.values[row - 1], start=1)
                if isinstance(value, str) and value in keys
            }
            if len(found) >= 2:
                found["#row"] = row
                return found
        return None

    def _read_table(self, spec: _TableSheet, data: dict[str, Any]) -> None:
        grid = self.grids[spec.name]
        columns = self._key_row(grid, spec)
        if columns is None:
            self._problem(
                spec.name,
                self._order(spec.name),
                "không tìm thấy dòng tiêu đề của mẫu (dòng ẩn ghi mã các cột ngay trên dòng "
                "số liệu đầu tiên); đừng xóa dòng, cột tiêu đề. Chép số liệu sang mẫu mới "
                "tạo bằng: binhdanggioi form -o mau-nhap-lieu.xlsx",
            )
            return
        first = columns.pop("#row") + 1
        missing = [
            c.label
            for c in spec.columns
            if c.key not in columns and c.kind not in ("stt", "indicator_code", "status")
        ]
        if missing:
            self._problem(
                spec.name,
                self._order(spec.name),
                f"thiếu cột {', '.join(repr(m) for m in missing)}; đừng xóa cột của mẫu",
            )
            return
        fields = {c.key: c for c in spec.columns}
        filled, broken = self._merged(grid, spec.name, fields, columns, first)
        found: dict[str, list[dict[str, Any]]] = {target: [] for target in spec.targets}
        for row in range(first, len(grid.values) + 1):
            own = {
                key: grid.get(row, column)
                for key, column in columns.items()
                if key not in ("stt", "chi_tieu#ma")
            }
            flagged = any(
                (row, column) in grid.errors or (row, column) in grid.uncalculated
                for column in columns.values()
            )
            if all(v is None for v in own.values()) and not flagged:
                continue
            target = self._status(grid, spec, columns, row)
            if target is None:
                continue
            rows = found[target]
            rows.append(
                self._read_row(grid, spec, fields, columns, row, target, len(rows), filled, broken)
            )
        for target, rows in found.items():
            data[target] = rows
            self.places[target] = _Place(spec.name, None, self._order(spec.name))

    def _status(
        self, grid: _Grid, spec: _TableSheet, columns: Mapping[str, int], row: int
    ) -> str | None:
        """The report field a row belongs to, from its status cell (``None``: unreadable)."""
        column = columns.get("#tinh_trang")
        if not spec.statuses or column is None:
            return spec.targets[0]
        value = grid.get(row, column)
        text = _fold(_text_of(value)) if value is not None else ""
        if not text:
            return spec.targets[0]
        for target, label in spec.statuses:
            if _fold(label) == text:
                return target
        ref, order = self._cell(spec.name, row, column)
        labels = " hoặc ".join(f"'{label}'" for _, label in spec.statuses)
        self._problem(ref, order, f"Tình trạng: ghi {labels}, không phải '{_text_of(value)}'")
        return None

    def _merged(
        self,
        grid: _Grid,
        sheet: str,
        fields: Mapping[str, _Field],
        columns: Mapping[str, int],
        first: int,
    ) -> tuple[dict[tuple[int, int], Any], set[tuple[int, int]]]:
        """Merged cells in the data: text is copied down; merged figures are refused."""
        kinds = {column: fields[key].kind for key, column in columns.items()}
        filled: dict[tuple[int, int], Any] = {}
        broken: set[tuple[int, int]] = set()
        for origin, left, bottom, right in grid.merges:
            if bottom < first or (origin == bottom and left == right):
                continue
            top = max(origin, first)
            numbers = [c for c in range(left, right + 1) if kinds.get(c) in _NUMBER_KINDS]
            if numbers:
                span = f"{_column_letter(left)}{top}:{_column_letter(right)}{bottom}"
                self._problem(
                    f"{sheet}!{span}",
                    self._order(sheet, top, left),
                    "ô số liệu bị gộp (Merge); bỏ gộp ô (Unmerge) và ghi số riêng cho từng dòng",
                )
                broken.update((r, c) for r in range(top, bottom + 1) for c in numbers)
            if kinds.get(left) in _TEXT_KINDS and origin >= first:
                value = grid.get(top, left)
                for r in range(top + 1, bottom + 1):
                    filled[(r, left)] = value
        return filled, broken

    def _read_row(
        self,
        grid: _Grid,
        spec: _TableSheet,
        fields: Mapping[str, _Field],
        columns: Mapping[str, int],
        row: int,
        target: str,
        index: int,
        filled: Mapping[tuple[int, int], Any],
        broken: set[tuple[int, int]],
    ) -> dict[str, Any]:
        base = f"{target}[{index}]"
        ref, order = self._cell(spec.name, row, 1)
        self.places[base] = _Place(ref, f"dòng {row}", order)
        item: dict[str, Any] = {}
        hidden_code: str | None = None
        for key, column in columns.items():
            field = fields[key]
            if field.kind in ("stt", "status") or (row, column) in broken:
                continue
            raw = grid.get(row, column)
            if raw is None:
                raw = filled.get((row, column))
            ref, order = self._cell(spec.name, row, column)
            value = self._read_cell(grid, spec.name, row, column, field, raw)
            if field.kind == "indicator_code":
                hidden_code = value if isinstance(value, str) else None
                continue
            self.places[f"{base}.{key}"] = _Place(ref, field.label, order)
            if value is not _OMIT:
                _put(item, key, value)
        if spec.bang is not None and isinstance(item.get("chi_tieu"), str):
            item["chi_tieu"] = _indicator_code(
                self.catalogue, spec.bang, item["chi_tieu"], hidden_code
            )
        return item

    def _read_text(self, data: dict[str, Any]) -> None:
        grid = self.grids[_TEXT]
        sections = {s.key: s for s in _SECTIONS}
        by_label = {_fold(s.label): s for s in _SECTIONS}
        found: dict[str, list[tuple[int, str]]] = {}
        current: _Section | None = None
        for row in range(1, len(grid.values) + 1):
            key, label, value = grid.get(row, 3), grid.get(row, 1), grid.get(row, 2)
            section = sections.get(key) if isinstance(key, str) else None
            if section is None and isinstance(label, str) and label.strip():
                section = by_label.get(_fold(label))
                if section is None and current is not None and value is not None:
                    ref, order = self._cell(_TEXT, row, 1)
                    self._problem(
                        ref, order, f"không hiểu mục '{label}'; ghi ý này dưới một mục của mẫu"
                    )
                    continue
            section = section or current
            if section is None:
                continue
            current = section
            field = _Field(section.key, section.label)
            if (row, 2) in grid.errors or (row, 2) in grid.uncalculated or value is not None:
                text = self._read_cell(grid, _TEXT, row, 2, field, value)
                if text is not _OMIT:
                    found.setdefault(section.key, []).append((row, text))
        for section in _SECTIONS:
            items = found.get(section.key, [])
            if section.many:
                for k, (row, _text) in enumerate(items):
                    ref, order = self._cell(_TEXT, row, 2)
                    self.places[f"{section.key}[{k}]"] = _Place(ref, section.label, order)
                if items:
                    _put(data, section.key, [text for _, text in items])
                continue
            if len(items) > 1:
                ref, order = self._cell(_TEXT, items[1][0], 2)
                self._problem(
                    ref,
                    order,
                    f"mục '{section.label}' chỉ ghi một ô; gộp nội dung vào ô "
                    f"B{items[0][0]} (xuống dòng trong ô bằng Alt+Enter)",
                )
            if items:
                ref, order = self._cell(_TEXT, items[0][0], 2)
                self.places[section.key] = _Place(ref, section.label, order)
                _put(data, section.key, items[0][1])

    # ------------------------------------------------------------------ structure issues

    def _locate(self, issues: Iterable[DataIssue]) -> None:
        """Put the model's issues (``hoat_dong[2].nguoi.nu``) back on their cells."""
        taken = {issue.path for _, issue in self.problems}
        for issue in issues:
            path = issue.path
            probe = path
            while probe and probe not in self.places:
                parent = _PARENT.sub("", probe)
                probe = "" if parent == probe else parent
            place = self.places.get(probe) if probe else None
            message = issue.message
            if place is None:
                sheet, label = _static_place(path)
                if sheet in self.missing:
                    continue  # already reported: the whole sheet is missing
                missing = message.startswith("thiếu trường bắt buộc")
                text = f"thiếu dòng '{label}'; đừng xóa dòng của mẫu" if missing else message
                self._problem(sheet, self._order(sheet), f"{text} ({path})" if path else text)
                continue
            if place.ref in taken:
                continue
            if probe != path:
                message = f"{message} ({path})"
            elif message.startswith("thiếu trường bắt buộc"):
                message = f"chưa ghi '{place.label}' (ô bắt buộc)"
            elif place.label:
                message = f"{place.label}: {message}"
            self._problem(place.ref, place.order, message)


def _static_place(path: str) -> tuple[str, str]:
    """The sheet and label of a field whose row is missing from the form."""
    head = re.sub(r"\[\d+\].*$", "", path)
    for spec in _FIELD_SHEETS:
        for field in spec.fields:
            if field.key == head or field.key.startswith(head + "."):
                return spec.name, field.label
    for section in _SECTIONS:
        if section.key == head:
            return _TEXT, section.label
    for table in _TABLE_SHEETS:
        if head in table.targets:
            return table.name, table.title
    return _UNIT, path


def _year_hint(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return parse_number(value)
        except ValueError:
            return None
    return None


# --------------------------------------------------------------------------- entry points


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
    if unzipped > _MAX_UNZIPPED:
        raise _not_a_form(
            f"tệp giải nén ra quá lớn ({unzipped // 1_048_576} MB); mẫu nhập liệu chỉ vài trăm KB",
            source,
        )
    return archive


def _is_text(data: bytes) -> bool:
    head = data[:512]
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.start >= len(head) - 3  # only a character cut at the end
    return True


def _match_sheets(
    names: Sequence[str], source: str | None
) -> tuple[dict[str, str], list[DataIssue]]:
    """Map each sheet of the form to the workbook's sheet (case and accents forgiven).

    Also returns one issue per required sheet that is missing; a workbook without
    any sheet of the form is refused at once.
    """
    by_fold: dict[str, str] = {}
    for name in names:
        by_fold.setdefault(_fold(name), name)
    found: dict[str, str] = {}
    for sheet in _READ_SHEETS:
        actual = sheet if sheet in names else by_fold.get(_fold(sheet))
        if actual is not None:
            found[sheet] = actual
    missing = [s for s in _REQUIRED_SHEETS if s not in found]
    if missing and len(missing) == len(_REQUIRED_SHEETS):
        shown = ", ".join(f"'{n}'" for n in names) or "(không có trang nào)"
        raise _not_a_form(
            f"tệp không phải mẫu nhập liệu báo cáo: không có trang nào của mẫu (tệp có: "
            f"{shown}); tạo mẫu bằng: binhdanggioi form -o mau-nhap-lieu.xlsx",
            source,
        )
    known = {_fold(s) for s in SHEETS}
    strangers = [n for n in names if _fold(n) not in known]
    issues = []
    for sheet in missing:
        hint = ""
        if strangers:
            listed = ", ".join(f"'{n}'" for n in strangers)
            hint = f"; nếu đã đổi tên trang (tệp có {listed}), đặt lại tên đúng là '{sheet}'"
        issues.append(DataIssue(sheet, f"thiếu trang '{sheet}' của mẫu nhập liệu{hint}"))
    return found, issues


def loads_form(data: bytes, *, source: str | None = None) -> BaoCao:
    """Read a filled form from the bytes of an .xlsx file (see :func:`load_form`)."""
    xl = _openpyxl()
    archive = _open_archive(data, source)
    opened: list[Any] = []

    def open_workbook(data_only: bool) -> Any:
        wb = xl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False
        )
        opened.append(wb)
        return wb

    formula_books: list[Any] = []

    def formulas() -> Any:
        if not formula_books:
            formula_books.append(open_workbook(False))
        return formula_books[0]

    try:
        # openpyxl warns about every Excel feature it skips (the drop-downs Excel
        # saves as extensions, for one): nothing a reader of the form can act on.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # openpyxl raises many kinds of errors on a damaged file; each becomes one
            # clear message instead of a traceback.
            try:
                workbook = open_workbook(True)
                sheets, missing = _match_sheets(list(workbook.sheetnames), source)
                grids = {}
                for sheet, actual in sheets.items():
                    ws = workbook[actual]
                    path = getattr(ws, "_worksheet_path", None)
                    raw = archive.read(path) if isinstance(path, str) else None
                    grids[sheet] = _grid(ws, raw, formulas)
            except DataError:
                raise
            except Exception as err:
                raise _not_a_form(
                    f"tệp .xlsx bị hỏng, không đọc được ({type(err).__name__}: {err}); mở "
                    "bằng Excel và lưu lại, hoặc chép số liệu sang mẫu mới",
                    source,
                ) from err
    finally:
        for wb in opened:
            wb.close()
        archive.close()
    return _FormReader(grids, source, missing).read()


def load_form(path: str | os.PathLike[str]) -> BaoCao:
    """Read a filled Excel input form into a :class:`BaoCao`.

    Every problem is collected into one :class:`DataError` whose issues name their
    sheet and cell (``Hoạt động!E7``).
    """
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise _not_a_form(f"tệp quá lớn ({size // 1_048_576} MB); giới hạn 50 MB", source)
        data = path.read_bytes()
    except OSError as err:
        message = "không tìm thấy tệp" if isinstance(err, FileNotFoundError) else str(err)
        raise _not_a_form(message, source) from err
    return loads_form(data, source=source)


def _iter_paths() -> Iterator[str]:
    """Every report field the form has a place for (used by the tests)."""
    for spec in _FIELD_SHEETS:
        for field in spec.fields:
            yield field.key
    for section in _SECTIONS:
        yield section.key
    for table in _TABLE_SHEETS:
        for target in table.targets:
            for column in table.columns:
                if column.kind not in ("stt", "indicator_code", "status"):
                    yield f"{target}[].{column.key}"
