import dataclasses
import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.core.parsing.targets import TARGET_MODES, TargetText, parse_comparison, parse_target

ANY_CELL = st.one_of(
    st.none(), st.integers(), st.floats(), st.booleans(), st.text(), st.dates(), st.datetimes()
)
PHRASES = [
    "từ", "trở lên", "trên", "dưới", "không", "quá", "có", "giảm", "còn", "tăng", "so với",
    "tháng", "ngày", "năm", "trước", "đạt", "hộ", "%", "/", "(", ")", ",", " ",
    "1", "2", "40", "6.798", "7.800", "30/4", "3/2024", "≥", "<",
]  # fmt: skip
TARGETISH = st.lists(st.sampled_from(PHRASES), max_size=12).map(" ".join)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (">=", ">="),
        ("≥", ">="),
        ("=>", ">="),
        (">", ">"),
        ("<=", "<="),
        ("≤", "<="),
        ("<", "<"),
        ("=", "="),
        ("≥ 95%", ">="),
        ("từ ... trở lên", ">="),
        ("từ 40% dự toán trở lên", ">="),
        ("Từ 40% Trở Lên", ">="),
        ("từ 10 hộ trở xuống", "<="),
        ("trên", ">"),
        ("trên 95%", ">"),
        ("dưới", "<"),
        ("dưới 5%", "<"),
        ("không quá", "<="),
        ("không quá 5%", "<="),
        ("không vượt quá 5%", "<="),
        ("vượt 5%", ">"),
        ("tối thiểu", ">="),
        ("ít nhất 90%", ">="),
        ("không dưới", ">="),
        ("không dưới 90%", ">="),
        ("đạt 100%", ">="),
        ("đạt trên 95%", ">"),
        ("thấp hơn 2%", "<"),
        ("không cao hơn 2%", "<="),
        ("bằng 100%", "="),
        ("xã Nhơn Hòa", None),  # "hơn" inside a word
        ("Trênx", None),
        ("100% hộ dân trên địa bàn", None),  # "trên" not governing the number
        ("hoàn thành", None),
        ("", None),
        (95, None),
        (None, None),
    ],
)
def test_parse_comparison(text, expected):
    assert parse_comparison(text) == expected


def T(op=None, value=None, scale=None, fraction=None, mode="level"):
    return TargetText(op=op, value=value, scale=scale, fraction=fraction, mode=mode)


ZERO = T("=", 0, mode="zero")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("từ 40% dự toán trở lên", T(">=", 40)),
        ("Tỷ lệ giải ngân đạt từ 40% dự toán trở lên", T(">=", 40)),
        ("trên 95%", T(">", 95)),
        ("≥95%", T(">=", 95)),
        ("không quá 5%", T("<=", 5)),
        ("83 ngôi nhà", T(None, 83)),
        ("100%", T(None, 100)),
        ("100% hộ dân trên địa bàn có nước sạch", T(None, 100)),
        ("tăng trưởng kinh tế đạt 8%", T(">=", 8)),
        ("Hoàn thành 100% trước ngày 30/4/2024", T(None, 100)),
        ("Hoàn thành 100% (trước ngày 30/4/2024)", T(None, 100)),
        ("xong trước ngày 30/4 đạt 100%", T(">=", 100)),
        ("đạt 7 800 người", T(">=", 7800)),
        ("82/85ha", T(None, 82, 85, mode="pair")),
        ("82/85 ha", T(None, 82, 85, mode="pair")),
        ("6.798/7.800 người", T(None, 6798, 7800, mode="pair")),
        (
            "6.798/7.800 người (tăng 688 người so với tháng 3/2024)",
            T(None, 6798, 7800, mode="pair"),
        ),
        ("từ 1/2 trở lên", T(">=", 1, 2, mode="pair")),
        ("tăng 688 người so với tháng 3/2024", T(None, 688, mode="increase")),
        ("So với tháng 3/2024, tăng 688 người", T(None, 688, mode="increase")),
        ("tăng 688 người so với tháng 3 năm 2024", T(None, 688, mode="increase")),
        ("tăng trên 10% so với cùng kỳ", T(">", 10, fraction=0.1, mode="increase")),
        ("giảm 30 hồ sơ so với tháng 3", T(None, -30, mode="increase")),
        ("giảm 1/2 hồ sơ quá hạn so với tháng 3", T(fraction=0.5, mode="reduce_fraction")),
        ("giảm 50% so với", T(fraction=0.5, mode="reduce_fraction")),
        ("Giảm số hồ sơ tồn đọng 1/2 so với tháng 3/2024", T(fraction=0.5, mode="reduce_fraction")),
        ("giảm ít nhất 1/2", T(">=", fraction=0.5, mode="reduce_fraction")),
        ("giảm còn 14 hộ", T("<=", 14, mode="reduce_to")),
        ("giảm xuống còn 14 hộ", T("<=", 14, mode="reduce_to")),
        ("giảm còn dưới 3%", T("<", 3, mode="reduce_to")),
        ("không có hồ sơ quá hạn", ZERO),
        ("không để xảy ra", ZERO),
        ("Không để xảy ra cháy nổ", ZERO),
        ("không phát sinh", ZERO),
        ("không phát sinh hồ sơ quá hạn (trước ngày 30/4/2024)", ZERO),
        ("0", ZERO),
        ("0 vụ", ZERO),
        ("(tăng 688 người)", T(None, 688, mode="increase")),
        ("trước ngày 30/4/2024", None),
        ("trước ngày 30/4", None),
        ("hạn 30/4", None),  # a year-less date after a date word is a date, not a pair
        ("ngày 19 tháng 4", None),
        ("so với tháng 3/2024", None),
        ("không quá hạn", None),
        ("hoàn thành", None),
        ("", None),
        ("   ", None),
        (83, T(None, 83)),
        (0.95, T(None, 0.95)),
        (0, ZERO),
        (float("nan"), None),
        (True, None),
        (None, None),
        (dt.date(2024, 5, 19), None),
    ],
)
def test_parse_target(text, expected):
    assert parse_target(text) == expected


def test_target_text_is_frozen():
    target = T(">", 95)
    with pytest.raises(dataclasses.FrozenInstanceError):
        target.value = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    "text", ["Tỷ lệ giải ngân đạt từ 40% dự toán trở lên", "giảm còn 14 hộ", "không để xảy ra"]
)
def test_nfd_unit(text):
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert parse_target(nfd) == parse_target(text) is not None


@pytest.mark.parametrize("function", [parse_comparison, parse_target])
@given(value=st.one_of(ANY_CELL, TARGETISH))
def test_never_raises(function, value):
    function(value)


@given(value=st.one_of(ANY_CELL, TARGETISH))
def test_target_shape(value):
    target = parse_target(value)
    if target is not None:
        assert target.mode in TARGET_MODES
        assert target.op in (None, ">=", ">", "<=", "<", "=")
        assert target.value is not None or target.fraction is not None


@pytest.mark.parametrize("function", [parse_comparison, parse_target])
@given(text=st.one_of(st.text(), TARGETISH))
def test_nfd_same_as_nfc(function, text):
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    assert function(nfd) == function(nfc)
