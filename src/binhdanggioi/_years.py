"""Facts that change from year to year, kept as data: names, themes, tiers."""

from __future__ import annotations

__all__ = [
    "FIRST_YEAR",
    "THEMES",
    "action_month_name",
    "theme",
    "tiers",
]

FIRST_YEAR = 2016
"""The first Action Month was held in 2016."""

_T_2021 = (
    "Đảm bảo an sinh xã hội, tăng quyền năng và tạo cơ hội cho phụ nữ và trẻ em gái "
    "nhằm thực hiện bình đẳng giới và xóa bỏ bạo lực trên cơ sở giới"
)

THEMES: dict[int, str] = {
    2016: "Chung tay xóa bỏ bạo lực với phụ nữ và trẻ em gái",
    2017: "Chung tay chấm dứt bạo lực đối với phụ nữ và trẻ em gái",
    2018: "Chủ động phòng, chống bạo lực, xâm hại phụ nữ và trẻ em",
    2019: "Chấm dứt bạo lực đối với phụ nữ và trẻ em",
    2020: "Chấm dứt bạo lực đối với phụ nữ và trẻ em",
    2021: _T_2021,
    2022: _T_2021,
    2023: _T_2021,
    2024: _T_2021,
    2025: "Bình đẳng giới và an toàn cho phụ nữ và trẻ em gái trong kỷ nguyên số",
}


def theme(nam: int) -> str | None:
    """The official theme of the year's Action Month, or None when not known yet.

    >>> theme(2025)
    'Bình đẳng giới và an toàn cho phụ nữ và trẻ em gái trong kỷ nguyên số'
    """
    return THEMES.get(nam)


def action_month_name(nam: int) -> str:
    """The full name of the Action Month as it was called in ``nam``.

    >>> action_month_name(2023)
    'Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới'
    """
    tail = "phòng, chống" if nam <= 2020 else "phòng ngừa, ứng phó với"
    return f"Tháng hành động vì bình đẳng giới và {tail} bạo lực trên cơ sở giới"


def tiers(nam: int) -> int:
    """Number of local government tiers for the Action Month of ``nam``.

    Three (xã → huyện → tỉnh) up to 2024; two (xã → tỉnh) from 1/7/2025.

    >>> tiers(2024), tiers(2025)
    (3, 2)
    """
    return 3 if nam <= 2024 else 2
