"""Whole workbooks of random shapes and values: the readers never raise anything but the
toolkit's own errors, whatever a sheet holds."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.core import errors, fields, labels
from thidua.core.units import UnitDirectory
from thidua.read.inbox import Received
from thidua.read.plan import read_plan
from thidua.read.returns import read_return

HEADERS = [f.header for table in fields.SHEETS.values() for f in table]
VALUES = st.one_of(
    st.none(), st.text(max_size=30), st.integers(-10**9, 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from(HEADERS + list(labels.KINDS.values()) + ["#REF!", "=1/0", "Tổng cộng",
                                                               "1/2", "82/85", "6.798"]),
)
GRID = st.lists(st.lists(VALUES, min_size=0, max_size=8), min_size=0, max_size=12)
SHEETS = st.dictionaries(
    st.sampled_from([*labels.CANONICAL_SHEETS, "Trang tính1", labels.FORM_SHEET,
                     labels.FORM_IDENTITY_SHEET]), GRID, max_size=5)


def _clean(value):
    if isinstance(value, str):  # openpyxl refuses control characters in cells
        return "".join(ch for ch in value if ch >= " " or ch == "\n")
    return value


def _book(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append([_clean(v) for v in row])
    if not sheets:
        book.create_sheet("Trống")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def sample_plan(tmp_path_factory):
    from factories import sample_workbook

    plan, _ = read_plan(sample_workbook(tmp_path_factory.mktemp("plan")))
    return plan, UnitDirectory(plan.units)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SHEETS)
def test_reading_any_workbook_as_a_plan_never_crashes(tmp_path_factory, sheets):
    path = tmp_path_factory.mktemp("fuzz") / "bieu.xlsx"
    path.write_bytes(_book(sheets))
    try:
        _, report = read_plan(path)
    except errors.ThiduaError:
        return
    assert all(i.code in labels.MESSAGES for i in report.issues)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SHEETS)
def test_reading_any_workbook_as_a_return_never_crashes(sample_plan, sheets):
    plan, directory = sample_plan
    ret = read_return(Received("x.xlsx", _book(sheets), ".xlsx", "x.xlsx"), plan, directory)
    assert ret.rejected or ret.table is not None
    assert all(i.code in labels.MESSAGES for i in ret.issues)
