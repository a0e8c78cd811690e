"""The plan as a document: reading, writing, rules, results against it, the report skeleton."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from binhdanggioi.doi_chieu import compare_plan
from binhdanggioi.drafting import draft
from binhdanggioi.errors import DataError
from binhdanggioi.formats import dumps, example_path, load, loads
from binhdanggioi.ke_hoach import KeHoachTrienKhai, ThoiGian, report_skeleton
from binhdanggioi.ke_hoach_io import (
    dump_plan,
    dumps_plan,
    load_plan,
    loads_plan,
    plan_example_path,
)
from binhdanggioi.ke_hoach_rules import validate_plan
from binhdanggioi.rules import validate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ke-hoach-bac-kan-2023.yaml"
HEAD = "loai_van_ban: ke-hoach\nnam: 2023\ndon_vi: {ten: Bắc Kạn, cap: huyen}\n"


@pytest.fixture(scope="module")
def plan() -> KeHoachTrienKhai:
    return load_plan(EXAMPLE)


def test_example_plan_is_the_bundled_one_and_says_it_is_illustrative() -> None:
    assert EXAMPLE.read_bytes() == plan_example_path().read_bytes()
    assert "MINH HỌA" in EXAMPLE.read_text(encoding="utf-8")


def test_example_plan_loads_and_validates(plan: KeHoachTrienKhai) -> None:
    assert plan.van_ban.ky_hieu == "KH-UBND"
    assert plan.can_cu[0].so_hieu == "695/KH-LĐT BXH"
    assert len(plan.hoat_dong) == 10
    assert plan.to_chuc_thuc_hien[0].co_quan.startswith("Phòng Lao động")
    assert validate_plan(plan) == []


@pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
def test_plan_round_trips(plan: KeHoachTrienKhai, fmt: str, tmp_path: Path) -> None:
    assert loads_plan(dumps_plan(plan, fmt), fmt) == plan  # type: ignore[arg-type]
    target = tmp_path / f"kh.{fmt}"
    dump_plan(plan, target)
    assert load_plan(target) == plan


def test_duties_written_as_a_mapping_or_as_records() -> None:
    as_map = loads_plan(HEAD + "to_chuc_thuc_hien:\n  Phòng A: [việc 1, việc 2]\n")
    as_list = loads_plan(
        HEAD + "to_chuc_thuc_hien:\n  - {co_quan: Phòng A, nhiem_vu: [việc 1, việc 2]}\n"
    )
    assert as_map == as_list
    assert as_map.to_chuc_thuc_hien[0].nhiem_vu == ("việc 1", "việc 2")


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("2023-11", ThoiGian.parse("2023-11")),
        ("2023-11-15/2023-12-15", ThoiGian.parse("2023-11-15/2023-12-15")),
        ("{tu: 2023-11-15, den: 2023-12}", ThoiGian.parse("2023-11-15/2023-12")),
        ("/2023-11-15", ThoiGian.parse("/2023-11-15")),
    ],
)
def test_times(text: str, time: ThoiGian) -> None:
    got = loads_plan(HEAD + f"hoat_dong:\n  - {{ten: A, thoi_gian: {text}}}\n")
    assert got.hoat_dong[0].thoi_gian == time


@pytest.mark.parametrize(
    ("body", "path", "words"),
    [
        ("hoat_dong:\n  - {ten: A, so_luong: -1}\n", "hoat_dong[0].so_luong", "không thể âm"),
        ("hoat_dong:\n  - {ten: A, nguoi: {nu: 10.450}}\n", "hoat_dong[0].nguoi.nu", "10450"),
        ("hoat_dong:\n  - {ten: A, bang: bang_x}\n", "hoat_dong[0]", "không có bảng"),
        (
            "hoat_dong:\n  - {ten: A, thoi_gian: 2023-12/2023-11}\n",
            "hoat_dong[0].thoi_gian",
            "trước",
        ),
        ("hoat_dong:\n  - {ten: A, chu_tri: [x]}\n", "hoat_dong[0].chu_tri", "văn bản"),
        ("hoat_dong:\n  - {ten: A, cap: quan-x}\n", "hoat_dong[0].cap", "cấp"),
        ("kinh_phi: {nguon_khac: nhiều}\n", "kinh_phi.nguon_khac", "kinh phí"),
        ("to_chuc_thuc_hien:\n  Phòng A: một việc\n", "to_chuc_thuc_hien", "danh sách"),
        ("muc_dich: một câu\n", "muc_dich", "danh sách"),
        ("hoat_dong:\n  - {ten: A, chi_tieux: x}\n", "hoat_dong[0]", "chi_tieu"),
    ],
)
def test_junk_plans_give_located_vietnamese_errors(body: str, path: str, words: str) -> None:
    with pytest.raises(DataError) as caught:
        loads_plan(HEAD + body, source="kh.yaml")
    issues = caught.value.issues
    assert any(i.path.startswith(path) and words in i.message for i in issues), issues
    assert str(caught.value).startswith("kh.yaml")


def test_a_plan_says_what_it_is_and_a_report_is_no_plan() -> None:
    with pytest.raises(DataError, match="load_plan"):
        loads(HEAD)
    with pytest.raises(DataError, match="tệp này là báo cáo"):
        loads_plan(dumps(load(example_path())))
    with pytest.raises(DataError, match="loai_van_ban"):
        loads_plan("nam: 2023\ndon_vi: {ten: X, cap: xa}\n")


def test_plan_rules_locate_their_problems() -> None:
    plan = loads_plan(
        HEAD
        + "hoat_dong:\n"
        + "  - {ten: A, chi_tieu: khong-co, chu_tri: P}\n"
        + "  - {ten: B, bang: san_pham, chi_tieu: le-phat-dong, chu_tri: P}\n"
        + "  - {ten: C, thoi_gian: 2024-01}\n"
    )
    found = {(p.code, p.path) for p in validate_plan(plan)}
    assert found == {
        ("ke-hoach-chi-tieu-khong-co", "hoat_dong[0].chi_tieu"),
        ("ke-hoach-chi-tieu-sai-bang", "hoat_dong[1].bang"),
        ("ke-hoach-thieu-chu-tri", "hoat_dong[2].chu_tri"),
        ("ke-hoach-thoi-gian-ngoai-nam", "hoat_dong[2].thoi_gian"),
    }


# --------------------------------------------------------------------------- against the plan


def test_report_against_its_plan(plan: KeHoachTrienKhai) -> None:
    report = load(example_path())
    dc = compare_plan(report, plan)
    status = {k.hoat_dong.ten[:20]: k.trang_thai for k in dc.ket_qua}
    assert list(status.values()).count("chua-thuc-hien") == 2
    assert status["Kiểm tra, giám sát v"] == "chua-thuc-hien"
    assert status["Tuyên truyền về bình"] == "vuot-ke-hoach"
    assert status["Chiến dịch truyền th"] == "chua-dat"
    assert status["Tham dự Lễ phát động"] == "dat"
    assert dc.ngoai_ke_hoach == ()
    # every report row is counted once, under the activity its table and level say
    rows = [row for k in dc.ket_qua for row in k.dong]
    assert sorted(rows) == sorted((t, i) for t, i, _ in report.dong())
    banners = [k for k in dc.ket_qua if k.hoat_dong.chi_tieu == "bang-ron-khau-hieu"]
    assert [(k.so_luong, k.hoat_dong.so_luong) for k in banners] == [(9, 10), (21, 20)]


def test_draft_states_per_planned_activity_and_counts_agree(plan: KeHoachTrienKhai) -> None:
    report = load(example_path())
    drafted = draft(report, ke_hoach=plan)
    dc = compare_plan(report, plan)
    added = drafted.chi_dao[len(report.chi_dao) :]
    sentence, items = added[0], added[1:]
    done, total = map(int, re.search(r"Đã thực hiện (\d+)/(\d+) hoạt động", sentence).groups())  # type: ignore[union-attr]
    assert (done, total) == (dc.so_da_thuc_hien, len(plan.hoat_dong)) == (8, 10)
    assert "03 hoạt động vượt kế hoạch" in sentence
    assert "chưa thực hiện 02 hoạt động" in sentence
    assert len(items) == len(plan.hoat_dong)
    for item, k in zip(items, dc.ket_qua, strict=True):
        assert k.hoat_dong.ten in item
    school = next(i for i in items if "trường học" in i and "Tuyên truyền" in i)
    assert "vượt kế hoạch" in school and "21/20" in school and "10.450/10.000" in school
    assert draft(drafted, ke_hoach=plan) == drafted
    assert draft(drafted).chi_dao == report.chi_dao  # without the plan, its items go


def test_validate_with_plan_warns_outside_and_not_done(plan: KeHoachTrienKhai) -> None:
    report = load(example_path())
    extra = report.hoat_dong[0].__class__(
        "Hội thi cắm hoa", 1, chi_tieu="hoi-thi-van-nghe-the-thao"
    )
    import attrs

    report = attrs.evolve(report, hoat_dong=(*report.hoat_dong, extra))
    problems = validate(report, ke_hoach=plan)
    codes = [
        (p.code, p.path, p.severity)
        for p in problems
        if "ke-hoach" in p.code or "thuc-hien" in p.code
    ]
    assert ("ngoai-ke-hoach", "hoat_dong[2]", "warning") in codes
    assert sum(1 for c in codes if c[0] == "chua-thuc-hien") == 2
    assert not [
        p for p in validate(load(example_path())) if p.code in ("ngoai-ke-hoach", "chua-thuc-hien")
    ]


def test_skeleton_from_plan_validates_and_matches_the_plan(plan: KeHoachTrienKhai) -> None:
    skeleton = report_skeleton(plan)
    assert [p for p in validate(skeleton) if p.is_error] == []
    again = loads(dumps(skeleton))
    assert again == skeleton
    rows = [row for _, _, row in skeleton.dong()]
    assert len(rows) == len(plan.hoat_dong)
    assert all(r.so_luong is None and r.nguoi.rong for r in rows)  # absent, not 0
    dc = compare_plan(skeleton, plan)
    assert dc.ngoai_ke_hoach == ()
    assert [k.dong for k in dc.ket_qua] == [((t, i),) for t, i, _ in skeleton.dong()] or all(
        len(k.dong) == 1 for k in dc.ket_qua
    )
    assert {k.trang_thai for k in dc.ket_qua} == {"chua-co-so-lieu"}
    assert skeleton.ke_hoach[-1].so_hieu == "245/KH-UBND"
    assert validate(skeleton, ke_hoach=plan) == validate(skeleton)
    # Who leads and coordinates, when and where: in the rows' own fields, not in notes.
    by_name = {r.ten: r for r in rows}
    for planned in plan.hoat_dong:
        row = by_name[planned.ten]
        assert row.don_vi_chu_tri == ((planned.chu_tri,) if planned.chu_tri else ())
        assert row.don_vi_phoi_hop == planned.phoi_hop
        assert row.ngay == (planned.thoi_gian.tu if planned.thoi_gian else None)
        assert row.ghi_chu is None
    assert any(r.don_vi_chu_tri for r in rows)


def test_cli_init_from_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from binhdanggioi.cli import main

    assert main(["init", "--tu-ke-hoach", str(EXAMPLE), str(tmp_path)]) == 0
    written = tmp_path / "bac-kan-2023.yaml"
    report = load(written)
    assert report == report_skeleton(load_plan(EXAMPLE))
    assert main(["validate", str(written), "--ke-hoach", str(EXAMPLE)]) == 0
    assert main(["init", "--tu-ke-hoach", str(EXAMPLE), str(tmp_path)]) == 2  # no overwrite
    assert main(["validate", str(EXAMPLE)]) == 0
    out = capsys.readouterr()
    assert "hợp lệ" in out.out


def test_plan_examples_in_the_data_format_guide_are_read() -> None:
    guide = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml ke-hoach\n(.*?)```", guide, re.DOTALL)
    assert blocks
    for body in blocks:
        assert [p for p in validate_plan(loads_plan(body)) if p.is_error] == []
