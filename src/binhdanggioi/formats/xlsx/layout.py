"""The form's layout as data: its sheets, their fields, sections and columns, and kinds.

A field's kind says everything the writer and the reader need to know about its
cells (:data:`_KINDS`): adding a kind is one entry there. Nothing here imports
openpyxl.

>>> _KINDS[_UNIT_SHEET.fields[0].kind].numeric
True
>>> _ref(_ACTIVITIES, 7, 5)
'Hoạt động!E7'
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Final, Literal

import attrs

from binhdanggioi import _years
from binhdanggioi.formats.xlsx.cells import (
    _count_of,
    _date_of,
    _flag_of,
    _funding_of,
    _groups_of,
    _lines_of,
    _money_of,
    _partial_date_of,
    _text_of,
    _write_cap,
    _write_caps,
    _write_date,
    _write_flag,
    _write_funding,
    _write_groups,
    _write_lines,
    _write_number,
    _write_partial_date,
    _write_text_cell,
    _write_year,
    _year_of,
)
from binhdanggioi.model import Cap
from binhdanggioi.vocabulary import BANG_BAO_CAO, LOAI_DON_VI, BangSpec

__all__ = ["SHEETS"]

# --------------------------------------------------------------------------- sheets

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
_SUPPORT = "Hỗ trợ"

SHEETS: Final = (
    _GUIDE,
    _UNIT,
    _ACTIVITIES,
    _MEDIA,
    _PRODUCTS,
    _SUPPORT,
    _BUDGET,
    _TEXT,
    _PLANS,
    _SOURCES,
    _LISTS,
)
"""Sheet names of the form, in the order they are written."""

_KindName = Literal[
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
    "form",
    "body_kind",
    "groups",
    "funding",
]


@attrs.frozen
class _WholeNumbers:
    """A data validation: whole numbers from ``low`` (up to ``high``)."""

    low: int
    high: int | None
    title: str
    error: str
    warn_only: bool = False  # Excel asks and keeps what was typed ("hơn 100")


@attrs.frozen
class _Choice:
    """A data validation: a drop-down over a list of the hidden sheet.

    ``strict`` refuses other values (else Excel only warns); a ``per_table`` list
    has one version per table (``indicator:hoat_dong``).
    """

    list_name: str
    strict: bool = False
    per_table: bool = False


_COUNT_RULE: Final = _WholeNumbers(
    0,
    None,
    "Cần số nguyên",
    "Ghi số nguyên từ 0 trở lên (không có chữ, không có phần thập phân). "
    "Bỏ trống nếu chưa có số liệu.",
)
_PEOPLE_RULE: Final = _WholeNumbers(
    0,
    None,
    "Cần số nguyên",
    "Ghi số nguyên từ 0 trở lên; số ước tính ghi kèm chữ: hơn 100, trên 50, gần 30, "
    "khoảng 200. Bỏ trống nếu chưa có số liệu. Giữ giá trị đã gõ?",
    warn_only=True,
)
_YEAR_RULE: Final = _WholeNumbers(
    _years.FIRST_YEAR,
    2100,
    "Năm không hợp lệ",
    f"Ghi năm bằng 4 chữ số, từ {_years.FIRST_YEAR}, ví dụ 2023.",
)


@attrs.frozen
class _Kind:
    """What a field kind means for its cells, both ways.

    ``write`` puts a value that is not empty into a cell; ``read`` turns what a cell
    holds (never ``None``) into plain data, or :data:`~.cells._OMIT`.
    ``cell_format`` is set on a written cell before its value, ``column_format`` on
    the column for the cells a person types into ("@" keeps "058" as typed).
    """

    write: Callable[[Any, Any], None] = _write_text_cell
    read: Callable[[Any], Any] = _text_of
    cell_format: str | None = "@"
    column_format: str | None = "@"
    numeric: bool = False  # aligned right
    merged: Literal["copy", "refuse", "ignore"] = "copy"  # a merged cell in a table
    validation: _WholeNumbers | _Choice | None = None
    in_report: bool = True  # False for the form's own columns: row number, status, codes
    hidden: bool = False


def _number_kind(
    write: Callable[[Any, Any], None], read: Callable[[Any], Any], rule: _WholeNumbers
) -> _Kind:
    return _Kind(
        write,
        read,
        cell_format=None,
        column_format="#,##0",
        numeric=True,
        merged="refuse",
        validation=rule,
    )


_KINDS: Final[dict[_KindName, _Kind]] = {
    "stt": _Kind(
        _write_number,
        cell_format="General",
        column_format=None,
        numeric=True,
        merged="ignore",
        in_report=False,
    ),
    "text": _Kind(),
    "code": _Kind(),
    "count": _number_kind(_write_number, _count_of, _PEOPLE_RULE),
    "money": _number_kind(_write_number, _money_of, _COUNT_RULE),
    "year": _number_kind(_write_year, _year_of, _YEAR_RULE),
    "cap": _Kind(_write_cap, validation=_Choice("unit_levels")),
    "caps": _Kind(_write_caps, validation=_Choice("row_levels")),
    "date": _Kind(
        _write_date,
        _date_of,
        cell_format=None,
        column_format="dd/mm/yyyy",
        numeric=True,
        merged="ignore",
    ),
    "partial_date": _Kind(_write_partial_date, _partial_date_of),
    "flag": _Kind(_write_flag, _flag_of, merged="ignore", validation=_Choice("yes", strict=True)),
    "lines": _Kind(_write_lines, _lines_of),
    "indicator": _Kind(validation=_Choice("indicator", per_table=True)),
    "indicator_code": _Kind(in_report=False, hidden=True),
    "status": _Kind(in_report=False),
    "form": _Kind(validation=_Choice("forms")),
    "body_kind": _Kind(validation=_Choice("body_kinds")),
    "groups": _Kind(_write_groups, _groups_of),
    "funding": _Kind(_write_funding, _funding_of),
}
"""Every field kind, with its codec, format and data validation."""


@attrs.frozen
class _Field:
    """One cell of a field sheet, or one column of a table sheet."""

    key: str
    label: str
    kind: _KindName = "text"
    width: float = 16.0
    hint: str = ""
    group: str | None = None
    optional: bool = False  # added after forms were handed out: an old form lacks it
    also: tuple[str, ...] = ()  # other report fields this cell holds (a qualifier)

    @property
    def hidden(self) -> bool:
        return _KINDS[self.kind].hidden


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
                _Field("don_vi.cap", "Cấp của đơn vị", "cap", hint="Chọn: {unit_levels}"),
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
        (
            # Last, so that the rows above keep their places in forms already handed out.
            "Đơn vị trực thuộc (có thể bỏ trống)",
            (
                _Field(
                    "don_vi.tinh",
                    "Thuộc tỉnh, thành phố",
                    "code",
                    hint="Tên hoặc mã tỉnh, thành phố, ví dụ: Thái Nguyên hoặc 19",
                ),
                _Field(
                    "don_vi.cap_tren",
                    "Cơ quan, đơn vị cấp trên",
                    hint="Huyện của xã (đến năm 2024); cơ quan quản lý của trường học, "
                    "cơ quan, hội, ví dụ: Phòng Giáo dục và Đào tạo huyện Chợ Đồn",
                ),
            ),
        ),
        (
            "Cơ quan báo cáo (có thể bỏ trống)",
            (
                _Field(
                    "don_vi.loai_co_quan",
                    "Loại cơ quan",
                    "body_kind",
                    hint="Ủy ban nhân dân, cơ quan chuyên môn, trường học, đại học, bệnh "
                    "viện, tổ chức chính trị - xã hội...; bỏ trống: suy ra từ tên",
                ),
                _Field(
                    "don_vi.dia_danh",
                    "Địa danh nơi đặt trụ sở",
                    hint="Ghi ở dòng ngày tháng khi không ghi Địa danh của văn bản, ví dụ: Chợ Đồn",
                ),
            ),
        ),
    ),
)

_AGGREGATE = "Dùng khi tổng hợp (xã không cần ghi)"
_DETAILS = "Chi tiết hoạt động (có thể bỏ trống)"

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
                _Field(
                    "kinh_phi.nguon_khac",
                    "Nguồn kinh phí khác",
                    "funding",
                    hint="Nguồn chưa tính ở hai dòng trên, mỗi nguồn một dòng (Alt+Enter): "
                    "Tên nguồn: số đồng, ví dụ Dự án 8 CTMTQG 1719: 20000000",
                ),
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
        _Field("so_luong", count, "count", 10, also=("so_luong_uoc_tinh",)),
        _Field("nguoi.nam", "Nam", "count", 10, group=people, also=("nguoi.uoc_tinh",)),
        _Field("nguoi.nu", "Nữ", "count", 10, group=people, also=("nguoi.uoc_tinh",)),
        _Field("nguoi.tong", "Tổng", "count", 11, group=people, also=("nguoi.uoc_tinh",)),
        _Field("cap", "Cấp triển khai", "caps", 18),
        _Field("ghi_chu", "Ghi chú", "text", 26),
        _Field("ma", "Mã sự kiện", "code", 16, group=_AGGREGATE),
        _Field("nguon", "Nguồn (đơn vị báo cáo)", "lines", 24, group=_AGGREGATE),
        _Field("nguoi.chua_day_du", "Số liệu chưa đủ", "flag", 10, group=_AGGREGATE),
        _Field("so_luong_chua_du", "Số lượng chưa đủ", "flag", 10, group=_AGGREGATE),
        _Field("chi_tieu#ma", "Mã chỉ tiêu", "indicator_code", 14),
        # Added in 2025 after the columns above, whose letters forms already use.
        _Field("ngay", "Ngày (từ ngày)", "partial_date", 13, group=_DETAILS, optional=True),
        _Field("den_ngay", "Đến ngày", "partial_date", 13, group=_DETAILS, optional=True),
        _Field("dia_diem", "Địa điểm", "lines", 22, group=_DETAILS, optional=True),
        _Field("hinh_thuc", "Hình thức", "form", 14, group=_DETAILS, optional=True),
        _Field("don_vi_chu_tri", "Đơn vị chủ trì", "lines", 22, group=_DETAILS, optional=True),
        _Field("don_vi_phoi_hop", "Đơn vị phối hợp", "lines", 24, group=_DETAILS, optional=True),
        _Field(
            "nhom",
            "Đối tượng (nhóm: số người)",
            "groups",
            26,
            group=_DETAILS,
            optional=True,
            also=("nhom[].ma", "nhom[].so", "nhom[].uoc_tinh", "nhom[].chua_day_du"),
        ),
    )


def _row_sheet(sheet: str, spec: BangSpec) -> _TableSheet:
    """The sheet of one report table: its title and column headings from the table spec."""
    columns = _row_columns(spec.cot_ten, spec.cot_so_luong, spec.cot_nguoi)
    return _TableSheet(sheet, spec.tieu_de_mau, spec.ma, columns, bang=spec.ma)


_ROW_SHEETS: Final = tuple(
    _row_sheet(sheet, BANG_BAO_CAO[ma])
    for sheet, ma in ((_ACTIVITIES, "hoat_dong"), (_MEDIA, "truyen_thong"), (_PRODUCTS, "san_pham"))
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
        _Field("tinh", "Thuộc tỉnh", "code", 18),
        _Field("cap_tren", "Cấp trên", "text", 24),
        _Field("loai_co_quan", "Loại cơ quan", "body_kind", 20, optional=True),
        _Field("dia_danh", "Địa danh", "text", 18, optional=True),
    ),
    required=False,
    statuses=(("nguon", "Đã tổng hợp"), ("chua_bao_cao", "Chưa báo cáo")),
)

_SUPPORT_SHEET = _TableSheet(
    _SUPPORT,
    "HỖ TRỢ, TẶNG QUÀ (SUẤT QUÀ, HỌC BỔNG, TRANG THIẾT BỊ...)",
    "ho_tro",
    (
        _Field("stt", "STT", "stt", 6),
        _Field("ten", "Hỗ trợ (quà, học bổng...)", "text", 34),
        _Field("so_suat", "Số suất", "count", 10),
        _Field("gia_tri", "Trị giá (đồng)", "money", 16),
        _Field("doi_tuong", "Đối tượng nhận", "text", 30),
        _Field("cap", "Cấp", "caps", 16),
        _Field("ghi_chu", "Ghi chú", "text", 26),
        _Field("nguon", "Nguồn (đơn vị báo cáo)", "lines", 24, group=_AGGREGATE),
        _Field("chua_day_du", "Số liệu chưa đủ", "flag", 10, group=_AGGREGATE),
    ),
    required=False,
)

_TABLE_SHEETS: Final = (*_ROW_SHEETS, _SUPPORT_SHEET, _PLAN_SHEET, _SOURCE_SHEET)

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
    _Section("tu_dong", "Phần do phần mềm soạn (mã kiểm tra, không sửa)"),
)

_REQUIRED_SHEETS: Final = (
    _UNIT,
    *(s.name for s in _ROW_SHEETS),
    _BUDGET,
    _TEXT,
)
_READ_SHEETS: Final = (*_REQUIRED_SHEETS, _SUPPORT, _PLANS, _SOURCES)

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
_UNIT_KINDS: Final = LOAI_DON_VI
_PLAN_KINDS: Final = ("Kế hoạch", "Công văn", "Hướng dẫn", "Quyết định")

_FIRST_ROW = 4  # header row of every sheet; rows 1-3 hold the title and a note
_SPARE_ROWS_BLANK = 60
_SPARE_ROWS_FILLED = 10
_VALIDATED_ROWS = 500
_MAX_UNZIPPED = 500 * 1024 * 1024
_READ_COLUMNS = 40
# Limits on what a form may hold, checked while a sheet streams in, before memory
# grows. Each is many times what a real form needs: the form has 10 sheets and
# at most 15 columns; a province aggregate lists a few hundred units, and the
# drop-downs cover 500 rows. A file past them is damaged or hostile, not a report.
_MAX_SHEETS = 64
_MAX_ROWS = 10_000  # per sheet, empty rows included (Excel writes only formatted ones)
_MAX_ROW_CELLS = 100  # cells written in one row: columns up to CV
_MAX_MERGES = 10_000  # merged ranges per sheet
_KEY_ROW_SEARCH = 20


# --------------------------------------------------------------------------- addresses


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _ref(sheet: str, row: int, column: int) -> str:
    return f"{sheet}!{_column_letter(column)}{row}"


def _iter_paths() -> Iterator[str]:
    """Every report field the form has a place for (used by the tests)."""
    for spec in _FIELD_SHEETS:
        for field in spec.fields:
            yield field.key
            if field.kind == "funding":
                for leaf in ("ten", "so_tien", "ghi_chu", "chua_day_du"):
                    yield f"{field.key}[].{leaf}"
    for section in _SECTIONS:
        yield section.key
    for table in _TABLE_SHEETS:
        for target in table.targets:
            for column in table.columns:
                if _KINDS[column.kind].in_report:
                    yield f"{target}[].{column.key}"
                    for other in column.also:
                        yield f"{target}[].{other}"
