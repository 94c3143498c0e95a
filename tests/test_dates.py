import datetime as dt
import unicodedata
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.core.parsing.dates import find_dates, format_date, parse_date, parse_month

ANY_CELL = st.one_of(
    st.none(), st.integers(), st.floats(), st.booleans(), st.text(), st.dates(), st.datetimes()
)
DATEISH = st.text(alphabet="0123456789/.- ngàytháng năm(trước)Đến", max_size=30)
D = dt.date(2024, 5, 19)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19/5/2024", D),
        ("19/05/2024", D),
        ("19-5-2024", D),
        ("19.5.2024", D),
        ("2024-05-19", D),
        ("2024-05-19 00:00:00", D),
        ("2024/05/19", D),
        ("19/5/24", D),
        ("5/6/2024", dt.date(2024, 6, 5)),  # day first, never month first
        ("ngày 15 tháng 12 năm 2024", dt.date(2024, 12, 15)),
        ("Ngày 15 tháng 12, năm 2024", dt.date(2024, 12, 15)),
        ("15 tháng 12 năm 2024", dt.date(2024, 12, 15)),
        ("trước ngày 19/5/2024", D),
        ("(trước ngày 19/5/2024)", D),
        ("xong trước ngày 19/5/2024", D),
        ("Đến 30/4/2024", dt.date(2024, 4, 30)),
        ("Từ ngày 22/4/2024 trở đi", dt.date(2024, 4, 22)),
        ("ngày 21/4/2024", dt.date(2024, 4, 21)),
        ("NGÀY 21/4/2024", dt.date(2024, 4, 21)),
        ("TRƯỚC NGÀY 19/5/2024", D),
        ("\u00a019/5/2024\u00a0", D),
        ("19/5/2024 (19/05/2024)", D),  # the same date twice is not ambiguous
        ("19/5/2024.", D),
        ("29/2/2024", dt.date(2024, 2, 29)),
        ("30/4", None),  # no year given
        ("ngày 19 tháng 4", None),
        ("31/02/2024", None),
        ("29/2/2023", None),
        ("32/1/2024", None),
        ("1/13/2024", None),
        ("30/4/2024 và 19/5/2024", None),
        ("31/02/2024 và 19/5/2024", None),
        ("6 tháng 12", None),
        ("82/85", None),
        ("6.798/7.800", None),
        ("19/5/20245", None),
        ("19/5/202", None),
        ("19/5-2024", None),
        ("١٢/٥/٢٠٢٤", None),  # only ASCII digits
        ("tháng 3/2024", dt.date(2024, 3, 31)),  # a month is its last day (DESIGN §3)
        ("", None),
        ("abc", None),
    ],
)
def test_parse_date_text(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30/4", dt.date(2023, 4, 30)),
        ("ngày 19 tháng 4", dt.date(2023, 4, 19)),
        ("trước ngày 30/4", dt.date(2023, 4, 30)),
        ("19/5/2024", D),  # a written year wins
        ("29/2", None),  # 2023 is not a leap year
        ("30/4 và 19/5/2024", None),
    ],
)
def test_parse_date_default_year(text, expected):
    assert parse_date(text, default_year=2023) == expected


def test_parse_date_nfd_input():
    text = "ngày 15 tháng 12 năm 2024"
    assert parse_date(unicodedata.normalize("NFD", text)) == dt.date(2024, 12, 15)
    assert parse_date(unicodedata.normalize("NFD", "Đến 30/4/2024")) == dt.date(2024, 4, 30)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D, D),
        (dt.datetime(2024, 5, 19, 14, 30), D),
        (pd.Timestamp("2024-05-19 08:00"), D),
        (pd.NaT, None),
        (1, dt.date(1900, 1, 1)),
        (59, dt.date(1900, 2, 28)),
        (60, None),  # Excel's 29/2/1900 does not exist
        (61, dt.date(1900, 3, 1)),
        (45431, D),
        (45431.75, D),
        (Decimal(45431), D),
        (2958465, dt.date(9999, 12, 31)),
        (2958466, None),
        (0, None),
        (0.5, None),
        (-1, None),
        (float("nan"), None),
        (float("inf"), None),
        (True, None),
        (None, None),
        (dt.time(12, 0), None),
    ],
)
def test_parse_date_objects(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("text", "default_year", "expected"),
    [
        ("30/4/2024 và 19/5/2024", None, [dt.date(2024, 4, 30), D]),
        ("19/5/2024, 30/4/2024", None, [D, dt.date(2024, 4, 30)]),
        ("từ 30/4 đến 19/5/2024", None, [D]),
        ("từ 30/4 đến 19/5/2024", 2024, [dt.date(2024, 4, 30), D]),
        ("31/02/2024 và 19/5/2024", None, [D]),
        ("không có ngày", None, []),
    ],
)
def test_find_dates(text, default_year, expected):
    assert find_dates(text, default_year) == expected


@pytest.mark.parametrize(
    ("value", "default_year", "expected"),
    [
        ("tháng 3/2024", None, (2024, 3)),
        ("tháng 03/2024", None, (2024, 3)),
        ("tháng 3 năm 2024", None, (2024, 3)),
        ("Tháng 3, năm 2024", None, (2024, 3)),
        ("03/2024", None, (2024, 3)),
        ("3-2024", None, (2024, 3)),
        ("so với tháng 3/2024", None, (2024, 3)),
        ("tăng 688 người so với tháng 3/2024", None, (2024, 3)),
        ("tháng 3", None, None),
        ("tháng 3", 2024, (2024, 3)),
        ("so với tháng 3", 2024, (2024, 3)),
        ("31/3/2024", None, (2024, 3)),
        (dt.date(2024, 3, 31), None, (2024, 3)),
        (pd.Timestamp("2024-03-31"), None, (2024, 3)),
        ("tháng 13/2024", None, None),
        ("tháng 3/2024 và tháng 4/2024", None, None),
        ("19/5/2024", None, (2024, 5)),
        ("82/85", None, None),
        ("", None, None),
        (3, None, None),
    ],
)
def test_parse_month(value, default_year, expected):
    assert parse_month(value, default_year) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [(D, "19/05/2024"), (dt.date(1900, 3, 1), "01/03/1900"), (dt.date(9999, 12, 31), "31/12/9999")],
)
def test_format_date(d, expected):
    assert format_date(d) == expected


@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)))
def test_format_date_round_trip(d):
    assert parse_date(format_date(d)) == d


@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)))
def test_excel_serial_round_trip(d):
    serial = (d - dt.date(1899, 12, 30)).days
    assert parse_date(serial) == d
    assert parse_date(serial + 0.99) == d


@given(st.dates(min_value=dt.date(1000, 1, 1)), st.sampled_from(["ngày {}", "trước ngày {}"]))
def test_written_dates_round_trip(d, template):
    text = template.format(f"{d.day} tháng {d.month} năm {d.year}")
    assert parse_date(text) == d


@pytest.mark.parametrize("function", [parse_date, parse_month])
@given(value=st.one_of(ANY_CELL, DATEISH), default_year=st.none() | st.integers(-5, 10**5))
def test_never_raises(function, value, default_year):
    function(value, default_year)


@given(value=st.one_of(st.text(), DATEISH))
def test_find_dates_never_raises(value):
    assert all(isinstance(d, dt.date) for d in find_dates(value, 2024))


@pytest.mark.parametrize("function", [parse_date, parse_month, find_dates])
@given(text=st.one_of(st.text(), DATEISH))
def test_nfd_same_as_nfc(function, text):
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    assert function(nfd, 2024) == function(nfc, 2024)


def test_one_formatter_for_every_date_a_user_reads():
    from thidua.core.issues import display_value
    from thidua.core.parsing.dates import format_date, format_datetime

    day = dt.date(2024, 5, 9)
    assert format_date(day) == "09/05/2024" == display_value(day)
    assert parse_date(format_date(day)) == day
    assert format_date(day, sep="-") == "09-05-2024"
    assert format_datetime(dt.datetime(2024, 5, 9, 7, 5)) == "09/05/2024 07:05"


@pytest.mark.parametrize("value, shown", [
    (dt.date(2024, 5, 9), "09/05/2024"),
    ("2024-05-19T14:24:00+07:00", "19/05/2024"),  # a receipt time as the ledger keeps it
    ("2024-05-19", "19/05/2024"),
    ("", ""), (None, ""), ("hôm qua", ""),
])
def test_format_day_shows_dates_and_ledger_days_the_vietnamese_way(value, shown):
    from thidua.core.parsing.dates import format_day

    assert format_day(value) == shown
