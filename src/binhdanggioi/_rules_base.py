"""What every rule module shares: the codes and their severities, :class:`Problem`,
the context a rule sees, and small helpers.

:mod:`binhdanggioi.rules` is the public home of these names (it re-exports them); they
live here because every rule module needs them and ``rules`` imports every rule module.
"""

from __future__ import annotations

from datetime import date
from typing import Final, Literal

import attrs

from binhdanggioi.model import (
    SO_LIEU_TOI_DA,
    BaoCao,
)
from binhdanggioi.units import Registry
from binhdanggioi.vietnamese import format_number

Severity = Literal["error", "warning"]

KINH_PHI_BAT_THUONG: Final = 10**12
"""A budget line from this amount (1.000 tỷ đồng) up is absurd for a local unit: warned."""

KINH_PHI_NHO: Final = 1_000
"""A budget line above 0 and below this (in đồng) was most likely typed in thousands or
millions of đồng: warned."""

LAST_YEAR: Final = 2100
"""Years after this are refused as typing mistakes; years after next year are warned."""

CODES: Final[dict[str, tuple[Severity, str]]] = {
    # every count and amount of money
    "so-qua-lon": ("error", "số lớn hơn giới hạn 999.999.999.999.999"),
    # SoNguoi
    "nam-nu-vuot-tong": ("error", "Nam + Nữ lớn hơn tổng"),
    "thieu-so-lieu-gioi": ("warning", "chỉ có số Nam hoặc số Nữ, không có tổng"),
    "danh-dau-chua-day-du": ("warning", "số liệu được đánh dấu chưa đầy đủ trên báo cáo gốc"),
    # rows (HoatDong, SanPham)
    "thieu-ten": ("error", "thiếu tên dòng hoặc tên đơn vị"),
    "nguoi-khi-so-luong-0": ("warning", "có người tham gia nhưng số lượng là 0"),
    "thieu-cap": ("warning", "dòng chưa ghi cấp triển khai"),
    "cap-huyen-sau-2025": ("error", "cấp huyện trong báo cáo từ năm 2025"),
    "so-lieu-uoc-tinh": ("warning", "số liệu ước tính (trên, hơn, gần, khoảng)"),
    "den-ngay-truoc-ngay": ("error", "ngày kết thúc trước ngày bắt đầu"),
    "nhom-khong-co-trong-danh-muc": ("warning", "nhóm đối tượng không có trong danh mục"),
    "nhom-lon-hon-tong": ("warning", "số người của một nhóm lớn hơn tổng số người"),
    # KinhPhi
    "kinh-phi-am": ("error", "kinh phí âm"),
    "kinh-phi-bat-thuong": ("warning", "kinh phí lớn bất thường"),
    "kinh-phi-qua-nho": ("warning", "kinh phí nhỏ bất thường (có thể ghi nhầm đơn vị)"),
    # DonVi
    "ma-don-vi-sai-dang": ("warning", "mã đơn vị hành chính không đúng dạng"),
    "loai-don-vi-mau-thuan": ("warning", "loại đơn vị ghi trong tên khác với loại đơn vị"),
    "don-vi-khong-co-trong-danh-muc": (
        "warning",
        "đơn vị, mã hoặc tỉnh không có trong danh mục đơn vị hành chính (từ năm 2025)",
    ),
    "ma-don-vi-mau-thuan": (
        "error",
        "mã đơn vị hành chính là của đơn vị khác, cấp khác hoặc tỉnh khác (từ năm 2025)",
    ),
    # VanBan
    "ngay-ngoai-nam": ("warning", "ngày văn bản không thuộc năm của Tháng hành động"),
    # narrative (BaoCao, DanhGia, NoiNhan, ChuKy)
    "muc-trong": ("warning", "một ý (mục) để trống"),
    "chu-thich-trong-van-ban": (
        "warning",
        "văn bản có dấu # như một chú thích YAML lọt vào nội dung",
    ),
    # BaoCao
    "nam-ngoai-pham-vi": ("error", "năm trước 2016 hoặc sau 2100"),
    "nam-tuong-lai": ("warning", "năm sau năm tới"),
    "bao-cao-rong": ("warning", "báo cáo không có số liệu và nội dung"),
    "ma-trung-lap": ("error", "hai dòng cùng một mã hoạt động"),
    "dong-lap-lai": ("warning", "hai dòng giống hệt nhau trong một bảng"),
    "loi-van-lech-bang": ("warning", "con số trong lời văn khác số liệu của dòng trong bảng"),
}
"""Every rule code: its severity and a short Vietnamese description."""

_LABEL: dict[Severity, str] = {"error": "lỗi", "warning": "cảnh báo"}


@attrs.frozen
class Problem:
    """One rule a report fails: stable ``code``, ``path`` of the part, Vietnamese ``message``.

    >>> print(Problem("bao-cao-rong", "", "báo cáo chưa có nội dung", "warning"))
    cảnh báo: báo cáo chưa có nội dung [bao-cao-rong]
    """

    code: str
    path: str
    message: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        """The report cannot be sent as it is."""
        return self.severity == "error"

    def __str__(self) -> str:
        place = f"{self.path}: " if self.path else ""
        return f"{_LABEL[self.severity]}: {place}{self.message} [{self.code}]"


@attrs.frozen
class _Context:
    """What a rule may need beyond its own part."""

    bao_cao: BaoCao
    today: date
    registry: Registry | None = None  # only for years from 2025
    every_unit: bool = False  # the registry was given: check units without a province too

    @property
    def nam(self) -> int:
        return self.bao_cao.nam

    @property
    def tong_hop(self) -> bool:
        """The report was built by aggregation (it names the units it came from)."""
        return bool(self.bao_cao.nguon or getattr(self.bao_cao, "chua_bao_cao", ()))


def _problem(code: str, path: str, message: str) -> Problem:
    return Problem(code, path, message, CODES[code][0])


def _join(*parts: str) -> str:
    return ".".join(p for p in parts if p)


def _n(value: int) -> str:
    return format_number(value)


def _too_large(value: int | None, path: str, what: str, key: str = "") -> tuple[Problem, ...]:
    """``so-qua-lon`` when ``value`` is beyond :data:`~binhdanggioi.model.SO_LIEU_TOI_DA`,
    at ``path.key`` (joined only then: most figures are checked and found fine)."""
    if value is None or abs(value) <= SO_LIEU_TOI_DA:
        return ()
    digits = len(str(abs(value)))
    return (
        _problem(
            "so-qua-lon",
            _join(path, key),
            f"{what} có {digits} chữ số, lớn hơn giới hạn {_n(SO_LIEU_TOI_DA)}; "
            "kiểm tra lại số chữ số 0",
        ),
    )
