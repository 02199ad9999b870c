import unicodedata

import pytest

from db.text import clean_name, fold, matches, name_key, nfc, sort_people


def test_nfd_input_becomes_nfc():
    typed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert typed != "Nguyễn Thị Ánh"
    assert nfc(typed) == "Nguyễn Thị Ánh"
    assert clean_name("  " + typed + "  ") == "Nguyễn Thị Ánh"


def test_names_are_trimmed_and_single_spaced():
    assert clean_name("  Trần   Thị\tBình \n") == "Trần Thị Bình"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Thị Ánh", "nguyen thi anh"),
        ("ĐẶNG THỊ ĐÀO", "dang thi dao"),
        ("Ưng Hoàng Phúc", "ung hoang phuc"),
        ("Thôn Đông", "thon dong"),
        (unicodedata.normalize("NFD", "Hồ Thị Hương"), "ho thi huong"),
        ("Chi hội  Tổ dân phố 5", "chi hoi to dan pho 5"),
    ],
)
def test_fold_removes_tones_case_and_d_stroke(text, folded):
    assert fold(text) == folded


def test_search_ignores_tones_and_case():
    assert matches("nguyen thi anh", "Nguyễn Thị Ánh")
    assert matches("d", "Đào")
    assert matches("THI AN", "Nguyễn Thị Ánh")
    assert not matches("binh", "Nguyễn Thị Ánh")


def test_people_sort_by_given_name_the_vietnamese_way():
    names = [
        "Phạm Thị Đào",
        "Đỗ Thị Chi",
        "Nguyễn Thị Bình",
        "Lê Văn Ánh",
        "Trần Thị An",
        "Lê Thị Dung",
        "Vũ Thị Ơn",
        "Hồ Thị Ôn",
        "Bùi Thị On",
        "Lê Thị Ăn",
        "Lê Thị Ân",
        "Ngô Thị Ưng",
        "Lý Thị Ung",
        "Đinh Thị Yến",
        "Mai Thị Ấn",
        "Tạ Thị Ẩn",
    ]
    assert sort_people(names) == [
        "Trần Thị An",
        "Lê Văn Ánh",
        "Lê Thị Ăn",
        "Lê Thị Ân",
        "Tạ Thị Ẩn",
        "Mai Thị Ấn",
        "Nguyễn Thị Bình",
        "Đỗ Thị Chi",
        "Lê Thị Dung",
        "Phạm Thị Đào",
        "Bùi Thị On",
        "Hồ Thị Ôn",
        "Vũ Thị Ơn",
        "Lý Thị Ung",
        "Ngô Thị Ưng",
        "Đinh Thị Yến",
    ]


def test_same_given_name_sorts_by_the_rest():
    assert sort_people(["Trần Thị Lan", "Đặng Thị Lan", "Bùi Thị Lan", "Dương Thị Lan"]) == [
        "Bùi Thị Lan",
        "Dương Thị Lan",
        "Đặng Thị Lan",
        "Trần Thị Lan",
    ]


def test_case_and_normal_form_do_not_change_the_order():
    assert (
        name_key("NGUYỄN THỊ ÁNH")[:4]
        == name_key(unicodedata.normalize("NFD", "nguyễn thị ánh"))[:4]
    )
