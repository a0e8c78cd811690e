"""The bundled example holds every fact of the seed report (Bắc Kạn, 2023).

``tests/data/bao-cao-bac-kan-2023.txt`` is a verbatim copy of the seed, so that the
narrative can be compared word for word on a fresh clone.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

import binhdanggioi
from binhdanggioi import _years
from binhdanggioi.model import BaoCao, Cap, HoatDong, KinhPhi, NgayThang, SanPham, SoNguoi

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "bac-kan-2023.yaml"
SEED = Path(__file__).resolve().parent / "data" / "bao-cao-bac-kan-2023.txt"


@pytest.fixture(scope="module")
def r() -> BaoCao:
    return binhdanggioi.load(EXAMPLE)


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


def squash(text: str) -> str:
    return " ".join(text.split())


def row_facts(
    rows: tuple[HoatDong | SanPham, ...],
) -> list[tuple[int | None, SoNguoi, tuple[Cap, ...]]]:
    return [(x.so_luong, x.nguoi, x.cap) for x in rows]


# --------------------------------------------------------------------------- tables (section III)


def test_activities_table(r: BaoCao) -> None:
    assert [x.ten for x in r.hoat_dong] == ["Hưởng ứng Lễ phát động", "Nhận quà tại Lễ phát động"]
    assert row_facts(r.hoat_dong) == [
        (1, SoNguoi(nam=100, nu=100), (Cap.TINH,)),  # 200 delegates at the launch
        (1, SoNguoi(nam=0, nu=10), (Cap.TINH,)),  # 10 women given gifts, Nam 0 (not absent)
    ]
    assert r.hoat_dong[0].nguoi.tong_so == 200


def test_media_table(r: BaoCao) -> None:
    assert [squash(x.ten) for x in r.truyen_thong] == [
        "Phát thanh, truyền hình và cổng thông tin điện tử",
        "Hội nghị tuyên truyền công tác Bình đẳng giới",
        "Tuyên truyền chính sách của Đảng, pháp luật của Nhà nước về Bình đẳng giới phòng, "
        "chống bạo lực gia đình, bạo lực phụ nữ và trẻ em",
        "Chiến dịch truyền thông",
    ]
    assert row_facts(r.truyen_thong) == [
        (6, SoNguoi(), (Cap.HUYEN,)),  # 6 broadcasts, no people reported
        (1, SoNguoi(nam=42, nu=58), (Cap.HUYEN,)),  # the conference
        (21, SoNguoi(tong=10450), (Cap.TRUONG_HOC,)),  # 21 school sessions, total only
        (1, SoNguoi(tong=130), (Cap.HUYEN,)),  # the campaign
    ]
    pupils = r.truyen_thong[2].nguoi
    assert (pupils.nam, pupils.nu, pupils.chua_phan_tach, pupils.thieu) == (
        None,
        None,
        10450,
        False,
    )


def test_products_table(r: BaoCao) -> None:
    assert [x.ten for x in r.san_pham] == ["Băng rôn, khẩu hiệu"] * 2
    assert row_facts(r.san_pham) == [
        (9, SoNguoi(), (Cap.HUYEN, Cap.XA)),  # 09 at "Thành phố, xã phường"
        (21, SoNguoi(), (Cap.TRUONG_HOC,)),  # 21 at "Các trường học"
    ]


def test_budget(r: BaoCao) -> None:
    assert r.kinh_phi == KinhPhi(ngan_sach_nha_nuoc=30_000_000, van_dong=0)
    assert binhdanggioi.money_in_words(r.kinh_phi.ngan_sach_nha_nuoc) == "Ba mươi triệu đồng"


def test_totals(r: BaoCao) -> None:
    assert r.tong_hop("hoat_dong").nguoi == SoNguoi(nam=100, nu=110)
    media = r.tong_hop("truyen_thong")
    assert (media.so_dong, media.so_luong) == (4, 29)
    assert media.nguoi.tong_so == 100 + 10450 + 130
    assert r.tong_hop("san_pham").so_luong == 30


def test_every_table_number_of_the_seed_is_in_the_example(r: BaoCao, seed: str) -> None:
    tables = seed[seed.index("III. TỔNG HỢP SỐ LIỆU") :]
    numbers = {int(n.replace(".", "")) for n in re.findall(r"(?<![\d.])\d[\d.]*(?![\d.])", tables)}
    numbers -= {1, 2, 3, 4, 2023}  # row and section numbers, the year
    held = {
        v
        for _, _, x in r.dong()
        for v in (x.so_luong, x.nguoi.nam, x.nguoi.nu, x.nguoi.tong)
        if v is not None
    }
    assert numbers <= held, numbers - held


# --------------------------------------------------------------------------- header, sections I–II


def test_unit_and_document(r: BaoCao) -> None:
    assert r.nam == 2023
    assert (r.don_vi.ten, r.don_vi.cap, r.don_vi.loai) == ("Bắc Kạn", Cap.HUYEN, "thành phố")
    vb = r.van_ban
    assert (vb.so, vb.ky_hieu, vb.dia_danh) == (None, "UBND - LĐT BXH", "TP. Bắc Kạn")
    assert vb.ngay == NgayThang(2023, 12)  # "ngày    tháng 12 năm 2023": day left blank
    assert vb.trich_yeu == (
        "Kết quả thực hiện Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo "
        "lực trên cơ sở giới năm 2023"
    )
    (plan,) = r.ke_hoach
    assert (plan.so_hieu, plan.ngay, plan.co_quan) == (
        "695/KH-LĐT BXH",
        date(2023, 10, 16),
        "Ủy ban nhân dân tỉnh Bắc Kạn",
    )
    assert r.chu_de == _years.theme(2023)


def test_narrative_counts(r: BaoCao) -> None:
    assert len(r.chi_dao) == 2  # I.1
    assert len(r.ket_qua) == 10  # I.2
    assert len(r.danh_gia.thuan_loi) == 2
    assert len(r.danh_gia.kho_khan) == 2
    assert len(r.danh_gia.nguyen_nhan) == 1


def test_narrative_numbers(r: BaoCao) -> None:
    text = " ".join(squash(x) for x in r.ket_qua)
    for fact in (
        "200 đại biểu",
        "10 hội viên phụ nữ",
        "có 130 đại biểu",
        "có 54 hội viên tham dự",  # the dialogue: only in the narrative
        "có 100 đại biểu",
        "21 buổi với hơn 10.450 lượt học sinh",
    ):
        assert fact in text


def test_narrative_is_the_seed_word_for_word(r: BaoCao, seed: str) -> None:
    body = seed[seed.index("I. TỔ CHỨC THỰC HIỆN") : seed.index("III. TỔNG HỢP SỐ LIỆU")]
    seed_bullets = [squash(line[2:]) for line in body.splitlines() if line.startswith("- ")]
    ours = [r.chi_dao, r.ket_qua, r.danh_gia.thuan_loi, r.danh_gia.kho_khan]
    assert [squash(x) for items in ours for x in items] == seed_bullets
    assert squash(r.danh_gia.nguyen_nhan[0]) in squash(body)
    assert r.loi_dan is not None and squash(r.loi_dan) in squash(seed)
    assert r.ket_luan is not None and squash(r.ket_luan) + "./." in squash(seed)


def test_recipients_and_signature(r: BaoCao) -> None:
    assert r.noi_nhan.ban_dien_tu == ("Như kính gửi;", "Lãnh đạo UBND thành phố,")
    assert r.noi_nhan.ban_giay == ("Lưu: VT, LĐTBXH.",)
    assert r.chu_ky.quyen_han == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH")
    assert (r.chu_ky.chuc_vu, r.chu_ky.ho_ten) == ("PHÓ CHỦ TỊCH", "Nguyễn Thị Huế")


# --------------------------------------------------------------------------- as a file


def test_example_passes_every_rule(r: BaoCao) -> None:
    assert binhdanggioi.validate(r, today=date(2023, 12, 20)) == []


def test_packaged_copy_equals_examples() -> None:
    assert binhdanggioi.example_path().read_bytes() == EXAMPLE.read_bytes()


@pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
def test_example_round_trips(r: BaoCao, fmt: binhdanggioi.formats.Format) -> None:
    assert binhdanggioi.loads(binhdanggioi.dumps(r, fmt), fmt) == r
