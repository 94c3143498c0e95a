"""Which return is a unit's latest is decided by one function."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from thidua.core.latest import (
    COUNTED,
    COUNTED_AT_SOME_DATE,
    Candidate,
    latest_returns,
    order_key,
    superseded_by,
)


def latest(*candidates, as_of=None):
    return {unit: c.sha256 for unit, c in latest_returns(candidates, as_of).items()}


def test_a_later_data_date_wins_whatever_the_submission_or_receipt():
    early = Candidate("TCKH", "a", "2024-05-10", 3, "2024-05-20T09:00:00+07:00")
    later = Candidate("TCKH", "b", "2024-05-17", 1, "2024-05-18T09:00:00+07:00")
    assert latest(early, later) == {"TCKH": "b"}
    assert latest(later, early) == {"TCKH": "b"}


def test_same_data_date_the_higher_submission_wins():
    first = Candidate("TCKH", "b", "2024-05-10", 1, "2024-05-12T09:00:00+07:00")
    second = Candidate("TCKH", "a", "2024-05-10", 2, "2024-05-11T09:00:00+07:00")
    assert latest(first, second) == {"TCKH": "a"}
    # a missing Lần gửi is the first submission
    unnumbered = Candidate("TCKH", "c", "2024-05-10", None, "2024-05-13T09:00:00+07:00")
    assert latest(unnumbered, second) == {"TCKH": "a"}


def test_same_date_and_submission_the_later_receipt_wins():
    morning = Candidate("TCKH", "b", "2024-05-10", 1, "2024-05-11T08:00:00+07:00")
    evening = Candidate("TCKH", "a", "2024-05-10", 1, "2024-05-11T17:00:00+07:00")
    assert latest(morning, evening) == {"TCKH": "a"}
    assert superseded_by([morning, evening]) == {"b": "a"}


def test_a_tie_on_all_three_is_decided_by_content_for_now():
    one = Candidate("TCKH", "a", "2024-05-10", 1, "2024-05-11T08:00:00+07:00")
    two = Candidate("TCKH", "b", "2024-05-10", 1, "2024-05-11T08:00:00+07:00")
    assert latest(one, two) == latest(two, one) == {"TCKH": "b"}


def test_a_missing_data_date_is_the_day_received():
    undated = Candidate("TCKH", "a", None, 1, "2024-05-15T08:00:00+07:00")
    dated = Candidate("TCKH", "b", "2024-05-14", 5, "2024-05-14T08:00:00+07:00")
    assert latest(undated, dated) == {"TCKH": "a"}
    assert order_key(None, None, "2024-05-15T08:00:00+07:00", "a")[:2] == ("2024-05-15", 1)
    assert latest(undated, as_of=dt.date(2024, 5, 14)) == {}


def test_the_report_date_cuts_off_later_returns():
    first = Candidate("TCKH", "a", dt.date(2024, 5, 10), 1, "2024-05-10T09:00:00+07:00")
    second = Candidate("TCKH", "b", dt.date(2024, 5, 17), 2, "2024-05-17T09:00:00+07:00")
    other = Candidate("BHXH", "c", "2024-05-12", 1, "2024-05-12T09:00:00+07:00")
    assert latest(first, second, other, as_of=dt.date(2024, 5, 9)) == {}
    assert latest(first, second, other, as_of=dt.date(2024, 5, 10)) == {"TCKH": "a"}
    assert latest(first, second, other, as_of=dt.date(2024, 5, 17)) == {"TCKH": "b",
                                                                        "BHXH": "c"}
    assert latest(first, second, other) == {"TCKH": "b", "BHXH": "c"}


def test_a_frame_is_taken_as_well_as_values():
    frame = pd.DataFrame([("TCKH", "a", "2024-05-10", 1, "2024-05-10T09:00:00+07:00"),
                          ("TCKH", "b", "2024-05-10", 2, "2024-05-10T08:00:00+07:00")],
                         columns=list(Candidate._fields))
    assert {u: c.sha256 for u, c in latest_returns(frame).items()} == {"TCKH": "b"}
    assert superseded_by(frame) == {"a": "b"}


def test_the_status_sets_are_distinct():
    assert set(COUNTED) == {"accepted", "flagged"}
    assert set(COUNTED_AT_SOME_DATE) == set(COUNTED) | {"superseded"}
