"""The plan form's layout as data: the sheets of a plan (kế hoạch) and their fields.

The plan form is built from the report form's parts: the same :class:`~.layout._Field`,
:class:`~.layout._FieldSheet` and :class:`~.layout._TableSheet`, the same field kinds
(:data:`~.layout._KINDS`), title rows and hidden keys, so the writer and the reader of
the report form serve it unchanged. What is the plan's own is said here: which sheets,
which fields, and how the cells of three columns (the report table, the time, the body
of section IV) are written and read.

>>> PLAN_SHEETS[1:4]
('Văn bản', 'Căn cứ', 'Mục đích yêu cầu')
>>> _looks_like_plan_form(["Hướng dẫn", "Văn bản", "Hoạt động", "Tổ chức thực hiện"])
True
>>> _time_text(ThoiGian.parse("2023-11-15/2023-12-15")), _time_value("15/11/2023 - 12/2023")
('15/11/2023 - 15/12/2023', '2023-11-15/2023-12')
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, Final

import attrs

from binhdanggioi.formats.xlsx.cells import _partial_date_of, _partial_date_text, _text_of
from binhdanggioi.formats.xlsx.layout import (
    _ACTIVITIES,
    _BUDGET,
    _GUIDE,
    _KINDS,
    _LISTS,
    _PLAN_SHEET,
    _UNIT_SHEET,
    _Field,
    _FieldSheet,
    _TableSheet,
)
from binhdanggioi.ke_hoach import ThoiGian
from binhdanggioi.vocabulary import BANG_BAO_CAO, fold

__all__ = ["PLAN_SHEETS"]

_DOCUMENT, _BASES, _AIMS, _DUTIES, _CLOSING = (
    "Văn bản",
    "Căn cứ",
    "Mục đích yêu cầu",
    "Tổ chức thực hiện",
    "Nơi nhận, chữ ký",
)

PLAN_SHEETS: Final = (
    _GUIDE,
    _DOCUMENT,
    _BASES,
    _AIMS,
    _ACTIVITIES,
    _BUDGET,
    _DUTIES,
    _CLOSING,
    _LISTS,
)
"""Sheet names of the plan form, in the order they are written."""

# Sheets only the plan form has: two of them tell a plan form from a report form.
_PLAN_ONLY: Final = frozenset(fold(s) for s in (_DOCUMENT, _BASES, _AIMS, _DUTIES, _CLOSING))
_REQUIRED_PLAN_SHEETS: Final = (_DOCUMENT, _ACTIVITIES)
_READ_PLAN_SHEETS: Final = (_DOCUMENT, _BASES, _AIMS, _ACTIVITIES, _BUDGET, _DUTIES, _CLOSING)

PLAN_FORM_MESSAGE: Final = (
    "tệp này là mẫu nhập liệu kế hoạch, không phải mẫu báo cáo: đọc bằng load_plan(); "
    "khi xuất báo cáo, đưa kế hoạch vào bằng --ke-hoach (render, validate) hoặc "
    "init --tu-ke-hoach"
)
"""What the report reader says of a plan form."""


def _looks_like_plan_form(names: Sequence[str]) -> bool:
    """Two or more sheets that only the plan form has (names compared folded)."""
    return len({fold(n) for n in names} & _PLAN_ONLY) >= 2


def _unit_field(key: str, **changes: Any) -> _Field:
    """A field of the report form's unit sheet, reworded for a plan where needed."""
    field = next(f for f in _UNIT_SHEET.fields if f.key == key)
    return attrs.evolve(field, **changes)


_DOCUMENT_SHEET = _FieldSheet(
    _DOCUMENT,
    "ĐƠN VỊ VÀ VĂN BẢN KẾ HOẠCH",
    (
        (
            "Đơn vị ban hành kế hoạch",
            (
                _unit_field(
                    "nam", label="Năm", hint="Năm của Tháng hành động mà kế hoạch triển khai"
                ),
                _unit_field("don_vi.ten"),
                _unit_field("don_vi.cap"),
                _unit_field("don_vi.loai"),
                _unit_field("don_vi.ma"),
            ),
        ),
        (
            "Văn bản kế hoạch",
            (
                _unit_field("van_ban.co_quan_chu_quan"),
                _unit_field("van_ban.co_quan"),
                _unit_field("van_ban.so", hint="Ví dụ: 245; bỏ trống nếu chưa có số"),
                _unit_field("van_ban.ky_hieu", hint="Ví dụ: KH-UBND"),
                _unit_field("van_ban.dia_danh"),
                _unit_field(
                    "van_ban.ngay",
                    hint="Ghi ngày/tháng/năm, ví dụ 20/10/2023; chưa có ngày thì ghi 10/2023",
                ),
                _unit_field("van_ban.trich_yeu", hint="Tên kế hoạch dưới chữ KẾ HOẠCH"),
                _Field(
                    "loi_dan",
                    "Lời dẫn",
                    hint="Câu mở đầu trước mục I (bỏ trống: phần mềm viết câu chuẩn)",
                ),
                _Field(
                    "chu_de",
                    "Chủ đề năm",
                    hint="Bỏ trống: dùng chủ đề chính thức của năm",
                ),
            ),
        ),
        (
            "Đơn vị trực thuộc (có thể bỏ trống)",
            (_unit_field("don_vi.tinh"), _unit_field("don_vi.cap_tren")),
        ),
        (
            "Cơ quan ban hành (có thể bỏ trống)",
            (_unit_field("don_vi.loai_co_quan"), _unit_field("don_vi.dia_danh")),
        ),
    ),
)

# The report form's table of plans, under the plan's own name. Its rows are read as the
# report's ``ke_hoach`` (so that the writer offers the kinds of document), then moved
# to the plan's ``can_cu``.
_BASES_SHEET = attrs.evolve(
    _PLAN_SHEET, name=_BASES, title="CĂN CỨ: KẾ HOẠCH CỦA CẤP TRÊN MÀ KẾ HOẠCH NÀY THỰC HIỆN"
)
_BASES_TARGET: Final = "can_cu"

_AIMS_SHEET = _TableSheet(
    _AIMS,
    "I. MỤC ĐÍCH, YÊU CẦU",
    "muc_dich",
    (
        _Field("stt", "STT", "stt", 6),
        # The reader finds a row's status by this key; here the status is the part.
        _Field("#tinh_trang", "Mục", "status", 14),
        _Field("noi_dung", "Nội dung (mỗi ý một dòng)", "text", 100),
    ),
    required=False,
    statuses=(("muc_dich", "Mục đích"), ("yeu_cau", "Yêu cầu")),
)

_TARGETS = "Chỉ tiêu (bỏ trống nếu kế hoạch không đặt)"
_PEOPLE = "Số người (chỉ tiêu)"

_ACTIVITIES_SHEET = _TableSheet(
    _ACTIVITIES,
    "II. NỘI DUNG: CÁC HOẠT ĐỘNG CỦA KẾ HOẠCH",
    "hoat_dong",
    (
        _Field("stt", "STT", "stt", 6),
        _Field("ten", "Nội dung hoạt động", "text", 44),
        _Field("bang", "Bảng báo cáo", "text", 16),
        _Field("chi_tieu", "Chỉ tiêu danh mục (chọn)", "indicator", 30),
        _Field("so_luong", "Số lượng", "count", 10, group=_TARGETS),
        _Field("nguoi.nam", "Nam", "count", 10, group=_PEOPLE, also=("nguoi.uoc_tinh",)),
        _Field("nguoi.nu", "Nữ", "count", 10, group=_PEOPLE, also=("nguoi.uoc_tinh",)),
        _Field("nguoi.tong", "Tổng", "count", 11, group=_PEOPLE, also=("nguoi.uoc_tinh",)),
        _Field("cap", "Cấp triển khai", "caps", 16),
        _Field("chu_tri", "Đơn vị chủ trì", "text", 26),
        _Field("phoi_hop", "Đơn vị phối hợp (mỗi đơn vị một dòng)", "lines", 28),
        _Field("thoi_gian", "Thời gian", "text", 22),
        _Field("dia_diem", "Địa điểm", "text", 22),
        _Field("kinh_phi", "Kinh phí (đồng)", "money", 14),
        _Field("ghi_chu", "Ghi chú", "text", 22),
        _Field("ma", "Mã hoạt động", "code", 14),
        _Field("chi_tieu#ma", "Mã chỉ tiêu", "indicator_code", 14),
    ),
    required=False,
)

_PLAN_BUDGET_SHEET = _FieldSheet(
    _BUDGET,
    "III. KINH PHÍ THỰC HIỆN",
    (
        (
            "Dự kiến kinh phí (đồng)",
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
                _Field(
                    "kinh_phi.nguon_khac",
                    "Nguồn khác",
                    "money",
                    hint="Số đồng từ các nguồn khác; bỏ trống nếu không có",
                ),
                _Field(
                    "kinh_phi.ghi_chu",
                    "Ghi chú",
                    "lines",
                    hint="Nguồn kinh phí, cách bố trí; mỗi ý một dòng (Alt+Enter)",
                ),
            ),
        ),
    ),
)

_DUTIES_SHEET = _TableSheet(
    _DUTIES,
    "IV. TỔ CHỨC THỰC HIỆN",
    "to_chuc_thuc_hien",
    (
        _Field("stt", "STT", "stt", 6),
        _Field("co_quan", "Cơ quan, đơn vị", "text", 34),
        _Field("nhiem_vu", "Nhiệm vụ (mỗi nhiệm vụ một dòng)", "text", 90),
    ),
    required=False,
)

_CLOSING_SHEET = _FieldSheet(
    _CLOSING,
    "CÂU KẾT, NƠI NHẬN VÀ CHỮ KÝ",
    (
        (
            "Câu kết và nơi nhận",
            (
                _Field(
                    "ket_luan",
                    "Câu kết",
                    hint="Trên đây là Kế hoạch ...; bỏ trống nếu không có",
                ),
                _Field(
                    "van_ban.kinh_gui",
                    "Kính gửi",
                    "lines",
                    hint="Thường bỏ trống ở kế hoạch; mỗi nơi một dòng (Alt+Enter)",
                ),
                _Field(
                    "noi_nhan.ban_dien_tu",
                    "Nơi nhận: gửi bản điện tử",
                    "lines",
                    hint="Mỗi nơi một dòng (Alt+Enter), ví dụ: Sở LĐTB&XH tỉnh (b/c);",
                ),
                _Field(
                    "noi_nhan.ban_giay",
                    "Nơi nhận: gửi bản giấy",
                    "lines",
                    hint="Ví dụ: Lưu: VT, LĐTBXH.",
                ),
            ),
        ),
        (
            "Chữ ký",
            (
                _Field(
                    "chu_ky.quyen_han",
                    "Thẩm quyền ký",
                    "lines",
                    hint="Mỗi dòng một cấp (Alt+Enter), ví dụ: TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH",
                ),
                _Field("chu_ky.chuc_vu", "Chức vụ người ký", hint="Ví dụ: PHÓ CHỦ TỊCH"),
                _Field("chu_ky.ho_ten", "Họ và tên người ký"),
            ),
        ),
    ),
)

_PLAN_FIELD_SHEETS: Final = (_DOCUMENT_SHEET, _PLAN_BUDGET_SHEET, _CLOSING_SHEET)
_PLAN_TABLE_SHEETS: Final = (_BASES_SHEET, _AIMS_SHEET, _ACTIVITIES_SHEET, _DUTIES_SHEET)

_NOTES: Final = {
    _BASES: "Các kế hoạch, văn bản của cấp trên mà kế hoạch này thực hiện (đoạn “Căn cứ "
    "Kế hoạch số ...”). Ngày ghi dạng ngày/tháng/năm.",
    _AIMS: "Mỗi ý một dòng; cột Mục chọn Mục đích hoặc Yêu cầu (bỏ trống là Mục đích).",
    _ACTIVITIES: "Mỗi dòng một hoạt động. Bảng báo cáo và chỉ tiêu là nơi hoạt động sẽ "
    "được báo cáo. Chỉ tiêu bỏ trống = kế hoạch không đặt (không phải 0). Thời gian: "
    "15/11/2023, 11/2023, 15/11/2023 - 15/12/2023 hoặc đến 15/11/2023.",
    _DUTIES: "Mỗi dòng một nhiệm vụ. Ghi tên cơ quan ở dòng đầu; các dòng tiếp theo bỏ "
    "trống (hoặc ghi lại đúng tên ấy) là nhiệm vụ của cùng cơ quan.",
}

_REQUIRED_CELLS: Final = ("nam", "don_vi.ten", "don_vi.cap")
"""The cells a plan cannot do without, named when a blank form is read."""

# --------------------------------------------------------------------------- the report table

_TABLE_LABELS: Final = {ma: spec.ten for ma, spec in BANG_BAO_CAO.items()}


def _table_label(ma: str) -> str:
    """The label the form shows for report table ``ma``."""
    return _TABLE_LABELS.get(ma, ma)


def _table_code(text: str) -> str | None:
    """The table for what a person wrote (label or code, any case); ``None`` if none.

    >>> _table_code("truyền thông"), _table_code("san_pham"), _table_code("Bảng 9")
    ('truyen_thong', 'san_pham', None)
    """
    key = fold(text)
    for ma, label in _TABLE_LABELS.items():
        if key in (fold(ma), fold(label), fold(ma.replace("_", " "))):
            return ma
    return None


# --------------------------------------------------------------------------- time

_RANGE = re.compile(r"(?:từ\s+)?(?:ngày\s+)?(.+?)\s+(?:-|–|—|đến)\s+(?:ngày\s+)?(.+)", re.I)
_BY = re.compile(r"(?:đến|trước)\s+(?:ngày\s+)?(.+)", re.I)


def _time_text(value: ThoiGian) -> str:
    """A plan's time as the form shows it: ``15/11/2023 - 15/12/2023``, ``đến 15/11/2023``."""
    if value.tu is None:
        assert value.den is not None  # ThoiGian holds at least one end
        return f"đến {_partial_date_text(value.den)}"
    if value.den is None:
        return _partial_date_text(value.tu)
    return f"{_partial_date_text(value.tu)} - {_partial_date_text(value.den)}"


def _date_value(text: str) -> str:
    value = _partial_date_of(text.strip())
    return value if isinstance(value, str) else text.strip()


def _time_value(raw: Any) -> Any:
    """What a time cell says, as the plan's data writes it (``2023-11-15/2023-12``).

    Text that is no time is passed on as written, for the model to name.
    """
    value = _partial_date_of(raw)
    if not isinstance(value, str):
        return value
    text = " ".join(_text_of(value).split())
    if m := _BY.fullmatch(text):
        return f"/{_date_value(m[1])}"
    if m := _RANGE.fullmatch(text):
        return f"{_date_value(m[1])}/{_date_value(m[2])}"
    return value


# --------------------------------------------------------------------------- coverage


def _iter_plan_paths() -> Iterator[str]:
    """Every plan field the form has a place for (used by the tests)."""
    for spec in _PLAN_FIELD_SHEETS:
        for field in spec.fields:
            yield field.key
    for table in _PLAN_TABLE_SHEETS:
        targets = (_BASES_TARGET,) if table is _BASES_SHEET else table.targets
        for target in targets:
            for column in table.columns:
                if not _KINDS[column.kind].in_report:
                    continue
                if table is _AIMS_SHEET:
                    yield target
                elif table is _DUTIES_SHEET:
                    yield f"{target}[].{column.key}"
                else:
                    yield f"{target}[].{column.key}"
                    yield from (f"{target}[].{other}" for other in column.also)
