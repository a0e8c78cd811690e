"""The rule loi-van-lech-bang: figures in narrative text checked against the table rows."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

import binhdanggioi as bdg
from binhdanggioi import BaoCao, DonVi, HoatDong, SanPham, SoNguoi, validate
from binhdanggioi._text_figures import figures_in

TODAY = date(2025, 12, 20)
UNIT = DonVi("Bắc Kạn", "huyen", loai="thành phố")
LAUNCH = HoatDong("Hưởng ứng Lễ phát động", so_luong=1, nguoi=SoNguoi(75, 75), cap="tinh")
CONFERENCE = HoatDong(
    "Hội nghị tuyên truyền công tác Bình đẳng giới", so_luong=2, nguoi=SoNguoi(42, 58), cap="huyen"
)
SCHOOLS = HoatDong(
    "Tuyên truyền trong trường học", so_luong=21, nguoi=SoNguoi(tong=10450), cap="truong-hoc"
)
BANNERS = (
    SanPham("Băng rôn, khẩu hiệu", so_luong=9, cap=["huyen", "xa"]),
    SanPham("Băng rôn, khẩu hiệu", so_luong=21, cap="truong-hoc"),
)


def warnings(*sentences: str) -> list[str]:
    report = BaoCao(
        2023,
        UNIT,
        hoat_dong=(LAUNCH,),
        truyen_thong=(CONFERENCE, SCHOOLS),
        san_pham=BANNERS,
        ket_qua=sentences,
    )
    return [
        f"{p.path}: {p.message}"
        for p in validate(report, today=TODAY)
        if p.code == "loi-van-lech-bang"
    ]


def test_silent_on_the_bundled_example() -> None:
    report = bdg.load(bdg.example_path())
    assert [p for p in validate(report, today=TODAY) if p.code == "loi-van-lech-bang"] == []


def test_the_example_with_a_wrong_row_is_caught_in_a_sentence_about_it() -> None:
    report = bdg.load(bdg.example_path())
    rows = list(report.truyen_thong)
    rows[1] = attrs.evolve(rows[1], nguoi=SoNguoi(40, 40))  # the sentence says 100
    found = validate(attrs.evolve(report, truyen_thong=rows), today=TODAY)
    wrong = [p for p in found if p.code == "loi-van-lech-bang"]
    assert [p.path for p in wrong] == ["ket_qua[3]"]
    assert "100 người" in wrong[0].message and "80 người" in wrong[0].message
    assert wrong[0].severity == "warning"


def test_finds_200_delegates_when_the_row_says_150() -> None:
    (found,) = warnings("Tổ chức Lễ phát động với 200 đại biểu tham dự.")
    assert found.startswith("ket_qua[0]: lời văn ghi 200 người")
    assert "150 người (Nam 75, Nữ 75) ở hoat_dong[0]" in found


@pytest.mark.parametrize(
    "sentence",
    [
        "Tổ chức Lễ phát động với 200 đại biểu tham dự.",
        "Lễ phát động có hai trăm đại biểu tham dự.",
        "Lễ phát động thu hút 1.200 lượt người tham gia.",
        "Tổ chức 03 cuộc Lễ phát động.",
        "Tổ chức Lễ phát động, có 40 hội viên phụ nữ tham dự.",
        "Trường học tổ chức tuyên truyền trong trường học được 12 buổi.",
        "Có hơn 12.000 lượt học sinh được tuyên truyền trong trường học.",
        "Treo 31 băng rôn, khẩu hiệu.",
    ],
)
def test_disagreements_are_found(sentence: str) -> None:
    assert len(warnings(sentence)) == 1, sentence


@pytest.mark.parametrize(
    "sentence",
    [
        # exact, in figures or in words, with leading zeros
        "Tổ chức 01 Lễ phát động với 150 đại biểu tham dự.",
        "Lễ phát động có một trăm năm mươi đại biểu tham dự.",
        "Tổ chức 02 hội nghị tuyên truyền công tác Bình đẳng giới, có 100 đại biểu (58 nữ).",
        "Tổ chức hai hội nghị tuyên truyền công tác Bình đẳng giới với 42 nam và 58 nữ.",
        # approximate and consistent
        "Lễ phát động có hơn 140 đại biểu tham dự.",
        "Lễ phát động có khoảng 160 người tham dự.",
        "Lễ phát động có gần 150 người tham dự.",
        "Tuyên truyền trong trường học được 21 buổi với hơn 10.450 lượt học sinh tham dự.",
        "Tuyên truyền trong trường học được 21 buổi với trên 10 nghìn lượt học sinh.",
        # a total and a part of it: the total agrees
        "Lễ phát động có 150 đại biểu, trong đó 10 hội viên phụ nữ nhận quà.",
        # the sum of the rows of one indicator, or one of them
        "Treo 30 băng rôn, khẩu hiệu tại trụ sở và trường học.",
        "Treo 09 băng rôn, khẩu hiệu tại trụ sở.",
        # two activities named: not about one row
        "Lễ phát động và hội nghị tuyên truyền có 500 đại biểu.",
        # another activity the tables do not hold
        "Sau Lễ phát động tổ chức đối thoại với 54 hội viên.",
        # comparisons, changes, vague sizes, years, money, percentages
        "Lễ phát động tăng 50 người so với năm trước.",
        "Số người dự Lễ phát động gấp 2 lần năm 2022.",
        "Lễ phát động có hàng trăm người tham dự.",
        "Lễ phát động năm 2023 có 58% là nữ.",
        "Kinh phí cho Lễ phát động là 30.000.000 đồng.",
        # numbers not followed by a word of people or count
        "Lễ phát động theo Kế hoạch số 695/KH-UBND ngày 16/10/2023.",
        "Trong năm học sinh được tuyên truyền trong trường học.",
        # no activity named at all
        "Các xã tổ chức 12 buổi sinh hoạt với 900 hội viên.",
    ],
)
def test_silent_on_consistent_or_unclear_phrasing(sentence: str) -> None:
    assert warnings(sentence) == [], sentence


def test_each_clause_is_checked_on_its_own_with_its_item_path() -> None:
    found = warnings(
        "Ban hành kế hoạch.",
        "Tổ chức Lễ phát động với 150 đại biểu; tổ chức 05 hội nghị tuyên truyền.",
    )
    assert len(found) == 1
    assert found[0].startswith("ket_qua[1]: lời văn ghi số lượng 05")
    assert "số lượng 02 ở truyen_thong[0]" in found[0]


def test_other_narrative_sections_are_checked() -> None:
    report = BaoCao(
        2023,
        UNIT,
        hoat_dong=(LAUNCH,),
        chi_dao=("Chỉ đạo tổ chức Lễ phát động với 300 đại biểu.",),
        danh_gia=bdg.DanhGia(kho_khan=("Lễ phát động chỉ có 90 người tham dự.",)),
    )
    paths = [p.path for p in validate(report, today=TODAY) if p.code == "loi-van-lech-bang"]
    assert paths == ["chi_dao[0]", "danh_gia.kho_khan[0]"]


def test_rows_without_the_figure_or_incomplete_are_never_contradicted() -> None:
    report = BaoCao(
        2023,
        UNIT,
        hoat_dong=(
            attrs.evolve(LAUNCH, nguoi=SoNguoi(nu=75)),
            attrs.evolve(LAUNCH, ten="Tập huấn", so_luong=None),
        ),
        ket_qua=("Lễ phát động có 500 đại biểu.", "Tổ chức 04 lớp tập huấn."),
    )
    assert [p for p in validate(report, today=TODAY) if p.code == "loi-van-lech-bang"] == []


def test_aggregates_are_not_checked() -> None:
    report = BaoCao(
        2023,
        UNIT,
        hoat_dong=(LAUNCH,),
        ket_qua=("Lễ phát động có 500 đại biểu.",),
        nguon=(DonVi("Huyền Tung", "xa", loai="phường"),),
    )
    assert [p for p in validate(report, today=TODAY) if p.code == "loi-van-lech-bang"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("có 01 hội nghị", [(1, "so_luong", "dung")]),
        ("hơn 10.450 lượt học sinh", [(10450, "nguoi", "hon")]),
        ("khoảng hai trăm đại biểu", [(200, "nguoi", "khoang")]),
        ("ít nhất 30 người", [(30, "nguoi", "it_nhat")]),
        ("mười lăm buổi", [(15, "so_luong", "dung")]),
        ("trên 10 nghìn lượt học sinh", [(10000, "nguoi", "hon")]),
        ("nghìn người", []),
        ("6 lượt phát sóng", [(6, "so_luong", "dung")]),
        ("tăng 3 cuộc", []),
        ("lần thứ 2", []),
        ("năm học sinh", []),  # "năm" alone is too often the year
        ("một số hội viên", []),
        ("10,5 người", []),
        ("58 %", []),
        ("năm 2023", []),
    ],
)
def test_figures_in_text(text: str, expected: list[tuple[int, str, str]]) -> None:
    assert [(f.value, f.kind, f.qualifier) for f in figures_in(text)] == expected
