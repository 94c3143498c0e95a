import datetime as dt
import math
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.core.parsing.numbers import (
    MAX_MAGNITUDE,
    format_number,
    has_percent,
    parse_fraction,
    parse_number,
    parse_pair,
    parse_percent,
)

ANY_CELL = st.one_of(
    st.none(), st.integers(), st.floats(), st.booleans(), st.text(), st.dates(), st.datetimes()
)
# Text made of what number cells are made of, so that properties meet real syntax.
NUMBERISH = st.text(alphabet="0123456789.,%/ +-−\u00a0hangườiệ", max_size=20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6.798", 6798),
        ("1.234.567", 1234567),
        ("1.234,5", 1234.5),
        ("99,6", 99.6),
        ("0,5", 0.5),
        ("1,000", 1.0),
        ("6.5", 6.5),
        ("0.500", 0.5),
        ("1,234.5", 1234.5),
        ("1,234,567", 1234567),
        ("05", 5),
        ("0", 0),
        ("+5", 5),
        ("-3", -3),
        ("−3", -3),
        ("-1.234,5", -1234.5),
        ("  42 ", 42),
        ("\u00a042\u00a0", 42),
        ("7 800", 7800),
        ("7\u00a0800", 7800),
        ("1 234 567", 1234567),
        ("7 800,5", 7800.5),
        ("99,6%", 99.6),
        ("95 %", 95),
        ("abc", None),
        ("12a", None),
        ("1 2", None),
        ("1.2.3", None),
        ("1.23.456", None),
        ("1,2,3", None),
        ("1.234,5.6", None),
        ("5,", None),
        (",5", None),
        ("", None),
        ("   ", None),
        ("%", None),
        ("+", None),
        ("1/2", None),
        ("82/85", None),
        ("19/5/2024", None),
        ("١٢", None),  # only ASCII digits
        ("1" * 400, None),  # overflows a float
    ],
)
def test_parse_number_text(text, expected):
    result = parse_number(text)
    assert result == expected
    assert result is None or type(result) is float


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, 5.0),
        (-2.5, -2.5),
        (Decimal("1.25"), 1.25),
        (float("nan"), None),
        (float("inf"), None),
        (Decimal("NaN"), None),
        (Decimal("sNaN"), None),
        (True, None),
        (False, None),
        (None, None),
        (10**400, None),
        (dt.date(2024, 5, 19), None),
        ([1], None),
    ],
)
def test_parse_number_objects(value, expected):
    result = parse_number(value)
    assert result == expected
    assert result is None or type(result) is float


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("99,6%", 99.6),
        ("95 %", 95.0),
        ("95", 95.0),
        ("100%", 100.0),
        (0.95, 0.95),
        (95, 95.0),
        ("x%", None),
        (True, None),
    ],
)
def test_parse_percent(value, expected):
    assert parse_percent(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("99,6%", True), ("95 %", True), ("95", False), (0.95, False), ("%95", False)],
)
def test_has_percent(value, expected):
    assert has_percent(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1/2", 0.5),
        ("2/3", 2 / 3),
        (" 1 / 4 ", 0.25),
        ("0,5", 0.5),
        ("50%", 0.5),
        ("0.5", 0.5),
        (0.25, 0.25),
        ("1/0", None),
        ("1/2/3", None),
        ("1/2%", None),
        ("a/b", None),
        ("", None),
        (True, None),
    ],
)
def test_parse_fraction(value, expected):
    result = parse_fraction(value)
    assert result == pytest.approx(expected) if expected is not None else result is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("82/85", (82, 85)),
        ("82/85ha", (82, 85)),
        ("82/85 ha", (82, 85)),
        ("82 / 85", (82, 85)),
        ("6.798/7.800", (6798, 7800)),
        ("6.798/7.800 người", (6798, 7800)),
        ("7 800/8 000 hộ", (7800, 8000)),
        ("19/5/2024", None),
        ("19/5/24", None),
        ("82/85/90", None),
        ("82", None),
        ("82/", None),
        ("/85", None),
        ("82/85 ha 3", None),
        ("82%/85", None),
        (82, None),
        (None, None),
    ],
)
def test_parse_pair(value, expected):
    assert parse_pair(value) == expected


@pytest.mark.parametrize(
    ("x", "decimals", "expected"),
    [
        (6798, None, "6.798"),
        (6798.0, None, "6.798"),
        (1234.5, None, "1.234,5"),
        (0.5, None, "0,5"),
        (0, None, "0"),
        (-0.0, None, "0"),
        (-1234567.25, None, "-1.234.567,25"),
        (999, None, "999"),
        (1000, None, "1.000"),
        (1e16, None, "10.000.000.000.000.000"),
        (99.6, None, "99,6"),
        (2 / 3, 2, "0,67"),
        (2.675, 2, "2,68"),  # half up on the decimal text, not on the binary value
        (95.0, 2, "95"),  # trailing zeros dropped
        (95.5, 0, "96"),
        (-0.001, 2, "0"),
        (1e30, 2, "1.000.000.000.000.000.000.000.000.000.000"),
    ],
)
def test_format_number(x, decimals, expected):
    assert format_number(x, decimals) == expected


@pytest.mark.parametrize("x", [math.nan, math.inf, -math.inf])
def test_format_number_rejects_non_finite(x):
    with pytest.raises(ValueError):
        format_number(x)


def test_format_number_rejects_negative_decimals():
    with pytest.raises(ValueError):
        format_number(1.5, -1)


@given(st.floats(min_value=-MAX_MAGNITUDE, max_value=MAX_MAGNITUDE, exclude_min=True,
                 exclude_max=True))
def test_format_number_round_trip(x):
    assert parse_number(format_number(x)) == x


@given(st.floats(allow_nan=False, allow_infinity=False).filter(
    lambda x: abs(x) >= MAX_MAGNITUDE))
def test_numbers_beyond_what_excel_keeps_are_refused_in_every_spelling(x):
    assert parse_number(x) is None
    assert parse_number(format_number(x)) is None


@given(st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1))  # exact as floats
def test_format_number_round_trip_int(n):
    assert parse_number(format_number(n)) == n


@given(
    st.decimals(
        min_value=-(10**9), max_value=10**9, places=6, allow_nan=False, allow_infinity=False
    )
)
def test_format_number_round_trip_with_decimals(d):
    x = float(d)
    assert parse_number(format_number(x, 6)) == x


@pytest.mark.parametrize(
    "function", [parse_number, parse_percent, parse_fraction, parse_pair, has_percent]
)
@given(value=st.one_of(ANY_CELL, NUMBERISH))
def test_never_raises(function, value):
    function(value)


@pytest.mark.parametrize("function", [parse_number, parse_percent, parse_fraction, parse_pair])
@given(text=st.one_of(st.text(), NUMBERISH))
def test_nfd_same_as_nfc(function, text):
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    assert function(nfd) == function(nfc)


def test_nfd_unit():
    text = "6.798/7.800 người"
    assert parse_pair(unicodedata.normalize("NFD", text)) == (6798, 7800)
