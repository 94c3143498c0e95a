"""Golden test: % complete and status of every task of the sample plan for the bundled
sample returns, at 10/05/2024 and 25/05/2024. The expected tables are worked out by hand
from DESIGN §3–§5 and the values in toolkit/data/sample_returns.csv, not produced by
the code. Warning days: 7; plan end 19/05/2024.

Hand working (A reported, T target, D deadline, C completion date):
  1  rate ≥ 40: A 45,2 → 113,0 %; C 08/05 ≤ D 19/05 → on time.
  2  rate ≥ 40: 10/05 return A 38,5 → 96,25 %; 10/05 ≤ 19/05 − 7 → in progress.
     From the 17/05 resubmission (lần 2): A 41,3 → 103,25 %, C 16/05 → on time.
  3  milestone done 06/05 → 100, on time.  4 milestone in progress → 0.
  5  children 5.1 (done 25/04), 5.2 (02/05), 5.3 (not started), 5.4 (09/05): capped mean
     (100 + 100 + 0 + 100) / 4 = 75.
  6  done 02/05, D 30/04 → late.  7.i done 28/04, 7.ii done 05/05, 7.iii 0 → 7 = 66,67.
  8.i cumulative 80,5 / 82 → 98,17 %; 8.ii done 30/04; 8.iii 0; 8.iv done 05/05 →
     8 = (98,17 + 100 + 0 + 100) / 4 = 74,54.
  9  9.1 done 20/04, 9.2 done 07/05 → 100, achieved, C = 07/05 → on time.
  10 three leads, Đông Lỗ never reported → not achieved; (100 + 100 + 0) / 3 = 66,67;
     D 30/04 passed → overdue.
  11.i zero tolerance from 22/04: A 0 → 100 %, but the only return is dated 10/05, before
     D 19/05, so not yet achieved: in progress at 10/05, overdue at 25/05.
  11.ii giảm 1/2 without Giá trị gốc → no %, note thiếu số liệu gốc; D 30/04 → overdue.
  11 = 11.i only (11.ii has no computable %) = 100, not achieved. Its status follows its
     children (DESIGN §4–§5, completion.py): 11.ii is "Chưa HT quá hạn" since 30/04, so at
     10/05 the parent is overdue, not "in progress in time" although its own D is 19/05.
  12 Phòng Nội vụ's return was rejected (renamed header) → Chưa báo cáo.
  13 Thanh tra never reported → Chưa báo cáo.  14 the lead's only row was rejected
     (garbage number) → Chưa báo cáo (the partner's row does not decide it).
  15 cumulative 6.798 / 6.798 → 100, C 09/05 → on time.
  16.i the lead's row was rejected (31/02/2024) → Chưa báo cáo; 16.ii Đạt, no completion
     date → C = data date 10/05 → on time; 16 = (0 + 100) / 2 = 50; 16.i has no report and
     its D 30/04 has passed (bucket Chưa HT quá hạn), so 16 is overdue at 10/05 too.
At 25/05 every open task with D 19/05 is overdue."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.core.assignments import assignments
from thidua.core.completion import evaluate
from thidua.store.ledger import Ledger

N = None  # no % (nothing to compute)
AT_10_05 = {
    "1": (113.0, "on_time"), "2": (96.25, "in_progress"), "3": (100.0, "on_time"),
    "4": (0.0, "in_progress"), "5": (75.0, "in_progress"), "5.1": (100.0, "on_time"),
    "5.2": (100.0, "on_time"), "5.3": (0.0, "in_progress"), "5.4": (100.0, "on_time"),
    "6": (100.0, "late_done"), "7": (66.67, "in_progress"), "7.i": (100.0, "on_time"),
    "7.ii": (100.0, "on_time"), "7.iii": (0.0, "in_progress"), "8": (74.54, "in_progress"),
    "8.i": (98.17, "in_progress"), "8.ii": (100.0, "on_time"), "8.iii": (0.0, "in_progress"),
    "8.iv": (100.0, "on_time"), "9": (100.0, "on_time"), "9.1": (100.0, "on_time"),
    "9.2": (100.0, "on_time"), "10": (66.67, "overdue"), "11": (100.0, "overdue"),
    "11.i": (100.0, "in_progress"), "11.ii": (N, "overdue"), "12": (N, "no_report"),
    "13": (N, "no_report"), "14": (N, "no_report"), "15": (100.0, "on_time"),
    "16": (50.0, "overdue"), "16.i": (N, "no_report"), "16.ii": (100.0, "on_time"),
}
AT_25_05 = {
    **AT_10_05,
    "2": (103.25, "on_time"), "4": (0.0, "overdue"), "5": (75.0, "overdue"),
    "5.3": (0.0, "overdue"), "7": (66.67, "overdue"), "7.iii": (0.0, "overdue"),
    "8": (74.54, "overdue"), "8.i": (98.17, "overdue"), "8.iii": (0.0, "overdue"),
    "11": (100.0, "overdue"), "11.i": (100.0, "overdue"), "16": (50.0, "overdue"),
}


@pytest.fixture(scope="module")
def ledger(collected_folder_template):
    return collected_folder_template  # only read here


@pytest.mark.parametrize(("as_of", "expected"), [
    (dt.date(2024, 5, 10), AT_10_05), (dt.date(2024, 5, 25), AT_25_05)])
def test_golden_percent_and_status(ledger, as_of, expected):
    plan = ledger.plan
    with Ledger.open_read_only(ledger.ledger) as opened:
        results = opened.counted_results(as_of)
    ev = evaluate(plan.tasks, assignments(plan), results, as_of, plan.info["end"], 7)
    got = {t.code: (None if t.pct != t.pct else round(float(t.pct), 2), t.status)
           for t in ev.tasks.itertuples()}
    assert got == expected
    notes = dict(zip(ev.tasks["code"], ev.tasks["note"], strict=True))
    assert notes["11.ii"] == "missing-baseline"
    assert notes["16.ii"] == "completion-date-assumed"
