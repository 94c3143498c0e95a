"""Completion and status rules (DESIGN §3–§5) on small frames built here."""

from __future__ import annotations

import datetime as dt
import math
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.core import labels
from thidua.core.assignments import assignments
from thidua.core.completion import (
    RULES,
    STATUS_KEYS,
    Reported,
    Target,
    bucket_of,
    evaluate,
    score,
    status_of,
)

NAN = float("nan")
D = dt.date(2024, 5, 19)
R = dt.date(2024, 5, 1)
DONE, DOING, MET, NOT_MET = (labels.STATUS_DONE, labels.STATUS_DOING, labels.STATUS_MET,
                             labels.STATUS_NOT_MET)


def task(code, kind="milestone", parent=None, target=None, scale=None, baseline=None,
         weight=1.0, comparison=None, deadline=D, leads=("U1",), partners=()):
    return {"code": code, "parent": parent, "kind": kind, "comparison": comparison,
            "target": target, "scale": scale, "baseline": baseline, "weight": weight,
            "effective_from": None, "deadline": deadline, "lead_codes": list(leads),
            "partner_codes": list(partners)}


def tasks_frame(*specs) -> pd.DataFrame:
    index = pd.Index(range(2, 2 + len(specs)), name="row")
    df = pd.DataFrame(index=index)
    for key in specs[0]:
        values = [s[key] for s in specs]
        if key in ("target", "scale", "baseline", "weight"):
            df[key] = pd.array(values, dtype="Float64")
        else:
            df[key] = pd.Series(values, index=index, dtype=object)
    return df


def result(unit, code, value=NAN, status=None, completed_on=None, data_date=R, cause=None):
    return {"unit": unit, "task": code, "value": value, "value_text": None, "status": status,
            "completed_on": completed_on, "data_date": data_date, "cause": cause,
            "file": f"{unit}.xlsx", "cell": "G7"}


def results_frame(*rows) -> pd.DataFrame:
    columns = ["unit", "task", "value", "value_text", "status", "completed_on", "data_date",
               "cause", "file", "cell"]
    return pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype="float64" if c == "value"
                                      else object) for c in columns})


def run(specs, rows=(), as_of=R, plan_end=None, warning_days=7):
    tasks = tasks_frame(*specs)
    units = pd.DataFrame({"code": pd.Series([], dtype=object),
                          "member_codes": pd.Series([], dtype=object),
                          "is_group": pd.Series([], dtype=bool)})
    table = assignments(SimpleNamespace(units=units, tasks=tasks))
    return evaluate(tasks, table, results_frame(*rows) if rows else None, as_of,
                    plan_end=plan_end, warning_days=warning_days)


def row_of(ev, unit, code):
    found = ev.rows[(ev.rows["unit"] == unit) & (ev.rows["task"] == code)]
    assert len(found) == 1
    return found.iloc[0]


def task_of(ev, code):
    return ev.tasks.set_index("code").loc[code]


def unit_of(ev, unit):
    return ev.units.set_index("unit").loc[unit]


def s(kind, value=NAN, status=None, data_date=R, **target):
    return score(Target(kind, **target), Reported(value, status, data_date))


# ---------------------------------------------------------------------------
# % complete per kind
# ---------------------------------------------------------------------------

def test_every_kind_has_one_rule():
    assert set(RULES) == set(labels.KINDS) - {"multi"}


def test_milestone():
    assert (s("milestone", status=DONE).pct, s("milestone", status=DONE).achieved) == (100, True)
    assert (s("milestone", status=DOING).pct, s("milestone", status=DOING).achieved) == (0, False)
    assert s("milestone").achieved is False


@pytest.mark.parametrize(("value", "pct", "achieved"),
                         [(4, 100, True), (3, 75, False), (6, 150, True), (0, 0, False)])
def test_count_boundary_and_uncapped(value, pct, achieved):
    got = s("count", value, target=4.0)
    assert (got.pct, got.achieved, got.note) == (pytest.approx(pct), achieved, None)


def test_count_done_contradicted_by_numbers():
    got = s("count", 3, DONE, target=4.0)
    assert (got.achieved, got.note) == (False, "done-contradicted")
    assert s("count", 4, DONE, target=4.0).note is None


def test_numeric_status_without_value_is_not_achieved():
    got = s("count", NAN, DONE, target=4.0)
    assert math.isnan(got.pct) and got.achieved is False and got.note == "missing-value"


def test_count_division_by_zero():
    got = s("count", 3, target=0.0)
    assert math.isnan(got.pct) and got.note == "not-computable" and got.achieved is True
    got = s("count", 3)  # no target at all
    assert math.isnan(got.pct) and got.achieved is None


def test_cumulative_uses_x_not_y():
    got = s("cumulative", 82, target=82.0, scale=85.0)
    assert (got.pct, got.achieved) == (100, True)
    got = s("cumulative", 6500, target=6798.0, scale=7800.0)
    assert got.pct == pytest.approx(100 * 6500 / 6798) and got.achieved is False


def test_increase():
    got = s("increase", 6798, target=688.0, baseline=6110.0)
    assert (got.pct, got.achieved) == (pytest.approx(100), True)
    got = s("increase", 6500, target=688.0, baseline=6110.0)
    assert got.pct == pytest.approx(100 * 390 / 688) and got.achieved is False
    got = s("increase", 6500, target=688.0)
    assert math.isnan(got.pct) and got.achieved is None and got.note == "missing-baseline"
    assert math.isnan(s("increase", 6500, target=0.0, baseline=6110.0).pct)


def test_reduce_fraction():
    got = s("reduce_fraction", 10, target=0.5, baseline=20.0)
    assert (got.pct, got.achieved) == (100, True)
    got = s("reduce_fraction", 15, target=0.5, baseline=20.0)
    assert (got.pct, got.achieved) == (50, False)
    got = s("reduce_fraction", 10, target=0.5)
    assert math.isnan(got.pct) and got.note == "missing-baseline" and got.achieved is None
    got = s("reduce_fraction", 0, target=0.5, baseline=0.0)
    assert math.isnan(got.pct) and got.achieved is True


def test_reduce_to_with_and_without_baseline():
    assert (s("reduce_to", 14, target=14.0, baseline=30.0).pct,
            s("reduce_to", 14, target=14.0, baseline=30.0).achieved) == (100, True)
    got = s("reduce_to", 22, target=14.0, baseline=30.0)
    assert (got.pct, got.achieved) == (50, False)
    assert (s("reduce_to", 14, target=14.0).pct, s("reduce_to", 15, target=14.0).pct) == (100, 0)
    got = s("reduce_to", 14, target=14.0, baseline=14.0)  # B − T = 0: no division
    assert (got.pct, got.achieved) == (100, True)


def test_zero_tolerance():
    closed = s("zero", 0, target=0.0, deadline=D, data_date=D)
    assert (closed.pct, closed.achieved) == (100, True)
    running = s("zero", 0, DONE, target=0.0, deadline=D, data_date=D - dt.timedelta(days=1))
    assert (running.pct, running.achieved, running.note) == (100, False, None)
    breached = s("zero", 2, DONE, target=0.0, deadline=D, data_date=R)
    assert (breached.pct, breached.achieved, breached.note) == (0, False, "breached")


def test_rate_by_comparison():
    assert s("rate", 95, comparison=">=", target=95.0).achieved is True
    assert s("rate", 94, comparison=">=", target=95.0).achieved is False
    assert s("rate", 40, target=40.0).achieved is True  # no comparison reads as ≥
    above = s("rate", 95, DONE, comparison=">", target=95.0)
    assert (above.pct, above.achieved, above.note) == (100, False, "done-contradicted")
    assert s("rate", 95.5, comparison=">", target=95.0).achieved is True
    assert (s("rate", 5, comparison="<=", target=5.0).pct,
            s("rate", 6, comparison="<=", target=5.0).pct) == (100, 0)
    assert s("rate", 5, comparison="<", target=5.0).achieved is False
    assert s("rate", 7.5, comparison="<=", target=5.0, baseline=10.0).pct == pytest.approx(50)


@pytest.mark.parametrize("kind", ["maintain", "qualitative"])
def test_pass_fail_kinds(kind):
    assert (s(kind, status=MET).pct, s(kind, status=MET).achieved) == (100, True)
    assert (s(kind, status=NOT_MET).pct, s(kind, status=NOT_MET).achieved) == (0, False)
    assert s(kind, status=DONE).achieved is False


def test_statistic_is_not_scored_or_counted():
    got = s("statistic", 6393)
    assert math.isnan(got.pct) and got.achieved is None
    ev = run([task("1", "statistic"), task("2")], [result("U1", "1", 6393.0)])
    stat = task_of(ev, "1")
    assert not stat["counted"] and stat["status"] is None and pd.isna(stat["achieved"])
    assert unit_of(ev, "U1")["led"] == 1
    assert ev.plan.loc[0, "top_total"] == 1


@given(st.sampled_from(["count", "cumulative", "rate"]),
       st.floats(0.01, 1e6), st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))
def test_pct_is_monotonic_in_value(kind, target, a, b):
    low, high = sorted((a, b))
    t = Target(kind, ">=", target, NAN, NAN, D)
    assert score(t, Reported(low)).pct <= score(t, Reported(high)).pct


# ---------------------------------------------------------------------------
# Status
# ---------------------------------------------------------------------------

@pytest.mark.parametrize(("completed", "expected"),
                         [(D, "on_time"), (D + dt.timedelta(days=1), "late_done")])
def test_completed_on_the_deadline_is_on_time(completed, expected):
    ev = run([task("1")], [result("U1", "1", status=DONE, completed_on=completed, data_date=R)],
             as_of=D + dt.timedelta(days=5))
    assert task_of(ev, "1")["status"] == expected
    assert row_of(ev, "U1", "1")["completed"] == completed


@pytest.mark.parametrize(("as_of", "expected"), [
    (D - dt.timedelta(days=8), "in_progress"),
    (D - dt.timedelta(days=7), "in_progress"),
    (D - dt.timedelta(days=6), "due_soon"),
    (D, "due_soon"),
    (D + dt.timedelta(days=1), "overdue"),
])
def test_open_task_status_by_report_date(as_of, expected):
    ev = run([task("1")], [result("U1", "1", status=DOING, data_date=R)], as_of=as_of)
    assert task_of(ev, "1")["status"] == expected
    assert row_of(ev, "U1", "1")["status"] == expected
    assert status_of(False, None, D, as_of, 7) == expected


def test_warning_days_are_configurable():
    assert status_of(False, None, D, D - dt.timedelta(days=10), 14) == "due_soon"
    assert status_of(False, None, D, D - dt.timedelta(days=10), 7) == "in_progress"


def test_completion_date_assumed_from_data_date():
    ev = run([task("1")], [result("U1", "1", status=DONE, data_date=D + dt.timedelta(days=2))],
             as_of=D + dt.timedelta(days=3))
    row = row_of(ev, "U1", "1")
    assert row["completed"] == D + dt.timedelta(days=2)
    assert row["note"] == "completion-date-assumed" and row["status"] == "late_done"


def test_deadline_falls_back_to_parent_then_plan_end():
    end = dt.date(2024, 6, 30)
    ev = run([task("1", "multi", deadline=dt.date(2024, 5, 10)),
              task("1.a", parent="1", deadline=None),
              task("2", deadline=None)], plan_end=end)
    assert task_of(ev, "1.a")["deadline"] == dt.date(2024, 5, 10)
    assert task_of(ev, "2")["deadline"] == end


def test_no_deadline_anywhere():
    ev = run([task("1", deadline=None), task("2", deadline=None)],
             [result("U1", "1", status=DOING)], as_of=D)
    assert task_of(ev, "1")["status"] == "no_deadline"
    assert task_of(ev, "2")["status"] == "no_report"
    assert task_of(ev, "1")["bucket"] is None and task_of(ev, "2")["bucket"] is None
    unit = unit_of(ev, "U1")
    assert (unit["no_deadline"], unit["due"], unit["not_reported"]) == (2, 0, 1)
    assert pd.isna(unit["on_time_rate"])


def test_no_return_falls_in_a_bucket_by_deadline():
    early = dt.date(2024, 4, 30)
    ev = run([task("1", deadline=early), task("2")], as_of=dt.date(2024, 5, 5))
    assert list(ev.tasks["status"]) == ["no_report", "no_report"]
    assert list(ev.tasks["bucket"]) == ["open_overdue", "open_in_time"]
    unit = unit_of(ev, "U1")
    assert (unit["open_overdue"], unit["open_in_time"], unit["not_reported"]) == (1, 1, 2)
    assert bucket_of("no_report", None, R) is None
    assert set(ev.tasks["status"]) <= set(STATUS_KEYS)


def test_status_columns_keep_none_not_nan():
    ev = run([task("1", "statistic")])
    assert ev.rows.loc[0, "status"] is None and ev.tasks.iloc[0]["note"] is None
    assert ev.tasks.index.tolist() == [2] and ev.tasks.index.name == "row"


# ---------------------------------------------------------------------------
# Several leads, partners
# ---------------------------------------------------------------------------

LEADS3 = ("A", "B", "C")


def test_several_leads_all_achieved():
    late = dt.date(2024, 5, 3)
    ev = run([task("10", leads=LEADS3)],
             [result("A", "10", status=DONE, completed_on=R),
              result("B", "10", status=DONE, completed_on=late, data_date=late),
              result("C", "10", status=DONE, completed_on=R)], as_of=late)
    t = task_of(ev, "10")
    assert (bool(t["achieved"]), t["completed"], t["pct"], t["status"]) == (
        True, late, 100, "on_time")
    assert all(unit_of(ev, u)["led"] == 1 for u in LEADS3)


def test_several_leads_one_missing_is_not_no_report():
    ev = run([task("10", leads=LEADS3)],
             [result("A", "10", status=DONE), result("B", "10", status=DONE)],
             as_of=D + dt.timedelta(days=1))
    t = task_of(ev, "10")
    assert (bool(t["achieved"]), t["status"], t["reported"]) == (False, "overdue", 2)
    assert t["pct"] == pytest.approx(200 / 3)
    assert row_of(ev, "C", "10")["status"] == "no_report"
    assert unit_of(ev, "A")["on_time"] == 1 and unit_of(ev, "C")["open_overdue"] == 1
    assert unit_of(ev, "C")["not_reported"] == 1


def test_several_leads_none_reported_is_no_report():
    ev = run([task("10", leads=LEADS3)])
    assert task_of(ev, "10")["status"] == "no_report"


def test_several_leads_one_not_achieved_and_pct_is_capped_mean():
    ev = run([task("10", "count", target=10.0, leads=("A", "B"))],
             [result("A", "10", 20.0), result("B", "10", 5.0)])
    t = task_of(ev, "10")
    assert not t["achieved"] and t["pct"] == pytest.approx(75)  # (100 + 50) / 2
    assert row_of(ev, "A", "10")["pct"] == pytest.approx(200)


def test_single_lead_keeps_uncapped_pct():
    ev = run([task("1", "count", target=10.0)], [result("U1", "1", 15.0)])
    assert task_of(ev, "1")["pct"] == pytest.approx(150)
    assert unit_of(ev, "U1")[["mean_pct", "exceeded"]].tolist() == [100, 1]


def test_partners_counted_apart():
    ev = run([task("1", leads=("L",), partners=("P",)), task("2", leads=("L",), partners=("P",))],
             [result("P", "1", status=DONE), result("P", "2", status=DOING)],
             as_of=D + dt.timedelta(days=1))
    assert task_of(ev, "1")["status"] == "no_report"
    partner = row_of(ev, "P", "1")
    assert partner["role"] == "partner" and partner["status"] == "on_time"
    late = row_of(ev, "P", "2")
    assert late["status"] == "overdue" and not late["needs_explanation"]
    assert row_of(ev, "L", "2")["needs_explanation"]
    p = unit_of(ev, "P")
    assert (p["led"], p["partner_tasks"], p["on_time"]) == (0, 2, 0)
    assert pd.isna(p["rank"]) and pd.isna(p["completion_rate"])
    assert unit_of(ev, "L")["open_overdue"] == 2


# ---------------------------------------------------------------------------
# Parents, counting once, headline
# ---------------------------------------------------------------------------

def test_parent_weighted_mean_of_capped_children():
    ev = run([task("7", "multi"),
              task("7.1", "count", parent="7", target=10.0, weight=1.0),
              task("7.2", "count", parent="7", target=10.0, weight=3.0),
              task("7.3", "statistic", parent="7")],
             [result("U1", "7.1", 15.0), result("U1", "7.2", 5.0)])
    parent = task_of(ev, "7")
    assert parent["pct"] == pytest.approx((100 * 1 + 50 * 3) / 4)
    assert not parent["achieved"] and not parent["leaf"] and parent["counted"]
    assert task_of(ev, "7.1")["pct"] == pytest.approx(150)


def test_parent_achieved_when_every_child_is():
    ev = run([task("5", "multi"), task("5.1", parent="5"), task("5.2", parent="5")],
             [result("U1", "5.1", status=DONE, completed_on=dt.date(2024, 4, 25)),
              result("U1", "5.2", status=DONE, completed_on=dt.date(2024, 4, 28))])
    parent = task_of(ev, "5")
    assert bool(parent["achieved"]) and parent["pct"] == 100
    assert (parent["completed"], parent["status"]) == (dt.date(2024, 4, 28), "on_time")


def test_parent_deadline_is_latest_childs():
    ev = run([task("8", "multi", deadline=dt.date(2024, 4, 30)),
              task("8.i", parent="8", deadline=dt.date(2024, 5, 19)),
              task("8.ii", parent="8", deadline=dt.date(2024, 5, 5))])
    assert task_of(ev, "8")["deadline"] == dt.date(2024, 5, 19)


def test_nested_parents_and_no_report():
    ev = run([task("1", "multi"), task("1.1", "multi", parent="1"),
              task("1.1.a", parent="1.1"), task("1.2", parent="1")],
             [result("U1", "1.2", status=DONE)])
    assert task_of(ev, "1.1")["status"] == "no_report"
    assert task_of(ev, "1")["pct"] == pytest.approx(50)
    assert task_of(ev, "1")["status"] == "in_progress"


def test_leaves_counted_once_and_headline_counts_top_level():
    ev = run([task("1", "multi"), task("1.1", parent="1"), task("1.2", parent="1"),
              task("2"), task("3")],
             [result("U1", "1.1", status=DONE), result("U1", "1.2", status=DONE),
              result("U1", "2", status=DONE)])
    unit = unit_of(ev, "U1")
    assert (unit["led"], unit["achieved"], unit["completion_rate"]) == (4, 3, 75)
    plan = ev.plan.iloc[0]
    assert (plan["top_total"], plan["top_achieved"], plan["leaves"]) == (3, 2, 4)
    assert (plan["on_time"], plan["open_in_time"], plan["not_reported"]) == (3, 1, 1)
    assert labels.PLAN_HEADLINE.format(achieved=plan["top_achieved"], total=plan["top_total"])


def test_missing_baseline_row_and_unit_mean():
    ev = run([task("1", "increase", target=688.0), task("2", "count", target=4.0)],
             [result("U1", "1", 6500.0), result("U1", "2", 2.0)])
    row = row_of(ev, "U1", "1")
    assert math.isnan(row["pct"]) and pd.isna(row["achieved"])
    assert row["note"] == "missing-baseline"
    assert labels.COMPLETION_NOTES[row["note"]] == "thiếu số liệu gốc"
    assert pd.isna(task_of(ev, "1")["achieved"])
    assert unit_of(ev, "U1")["mean_pct"] == pytest.approx(50)  # the plan's gap left out


# ---------------------------------------------------------------------------
# Units: rates and ranks
# ---------------------------------------------------------------------------

def test_nothing_due_yet_gives_no_on_time_rate():
    ev = run([task("1")], [result("U1", "1", status=DOING)], as_of=R)
    unit = unit_of(ev, "U1")
    assert unit["due"] == 0 and pd.isna(unit["on_time_rate"])
    assert unit["completion_rate"] == 0


def test_deadline_today_is_due():
    ev = run([task("1")], [result("U1", "1", status=DOING)], as_of=D)
    unit = unit_of(ev, "U1")
    assert (unit["due"], unit["on_time_rate"], unit["open_in_time"]) == (1, 0, 1)


def test_on_time_rate_over_due_tasks():
    early, late = dt.date(2024, 4, 20), dt.date(2024, 6, 30)
    ev = run([task("1", deadline=early), task("2", deadline=early), task("3", deadline=late),
              task("4", deadline=late)],
             [result("U1", "1", status=DONE, completed_on=early),
              result("U1", "3", status=DONE, completed_on=R)], as_of=R)
    unit = unit_of(ev, "U1")
    assert (unit["due"], unit["on_time"], unit["open_overdue"]) == (3, 2, 1)
    assert unit["on_time_rate"] == pytest.approx(200 / 3)


def test_equal_keys_share_a_rank_and_no_rate_comes_last():
    early = dt.date(2024, 4, 20)
    ev = run([task("1", deadline=early, leads=("A",)), task("2", deadline=early, leads=("B",)),
              task("3", deadline=early, leads=("C",)), task("4", leads=("N",))],
             [result("A", "1", status=DONE, completed_on=early),
              result("B", "2", status=DONE, completed_on=early),
              result("C", "3", status=DOING), result("N", "4", status=DOING)],
             as_of=dt.date(2024, 4, 25))
    ranks = ev.units.set_index("unit")["rank"].to_dict()
    assert ranks == {"A": 1, "B": 1, "C": 3, "N": 4}
    assert ev.units["unit"].tolist()[:2] == ["A", "B"]


def test_rank_ties_broken_by_mean_pct_then_exceeded():
    ev = run([task("1", "count", target=10.0, leads=("A",)),
              task("2", "count", target=10.0, leads=("B",)),
              task("3", "count", target=10.0, leads=("C",))],
             [result("A", "1", 12.0), result("B", "2", 10.0), result("C", "3", 5.0)])
    ranks = ev.units.set_index("unit")["rank"].to_dict()
    assert ranks == {"A": 1, "B": 2, "C": 3}


# ---------------------------------------------------------------------------
# Explanations
# ---------------------------------------------------------------------------

def test_breached_zero_tolerance_flagged_at_once():
    ev = run([task("11", "multi"), task("11.i", "zero", parent="11", target=0.0)],
             [result("U1", "11.i", 1.0, DOING, cause="Chủ quan")], as_of=R)
    row = row_of(ev, "U1", "11.i")
    assert row["note"] == "breached" and row["needs_explanation"]
    # DESIGN §4: a breached Không để xảy ra can no longer be met: "Không đạt" at once
    assert row["status"] == "failed" and row["cause"] == "Chủ quan"
    assert task_of(ev, "11.i")["needs_explanation"] and task_of(ev, "11")["needs_explanation"]
    assert ev.plan.loc[0, "needs_explanation"] == 1


def test_zero_tolerance_achieved_at_deadline_is_on_time():
    ev = run([task("1", "zero", target=0.0)],
             [result("U1", "1", 0.0, DONE, data_date=D + dt.timedelta(days=3))],
             as_of=D + dt.timedelta(days=3))
    row = row_of(ev, "U1", "1")
    assert (row["status"], row["completed"], row["note"]) == ("on_time", D, None)


def test_overdue_and_late_need_explanation_open_in_time_does_not():
    early = dt.date(2024, 4, 20)
    ev = run([task("1", deadline=early), task("2", deadline=early), task("3")],
             [result("U1", "1", status=DOING, cause="Khách quan"),
              result("U1", "2", status=DONE, completed_on=dt.date(2024, 4, 22))], as_of=R)
    assert ev.tasks["needs_explanation"].tolist() == [True, True, False]
    assert ev.tasks["status"].tolist() == ["overdue", "late_done", "no_report"]


def test_labels_cover_every_status():
    from thidua.write.report import STATUS_COLORS

    assert set(labels.STATUS_TEXT) == set(STATUS_KEYS) == set(STATUS_COLORS)
    assert STATUS_COLORS["on_time"] == ("C6EFCE", "006100")
    assert labels.STATUS_TEXT["due_soon"] == "Sắp đến hạn"
