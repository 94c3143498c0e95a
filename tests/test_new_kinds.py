"""Kinds from real plans beyond the first table of DESIGN §3: a reduction in percentage
points ("Mức giảm tỷ suất sinh 0,04%") and a task with two targets that must both be met
("82/85 ha và 100% hồ sơ"). Expected values are worked out by hand in each docstring."""

from __future__ import annotations

import datetime as dt

import pytest
from test_completion import DOING, run, s, task

from thidua.core import labels
from thidua.core.completion import MISSING_BASELINE
from thidua.core.kinds import COUNT_LIKE, KINDS_NEED_BASELINE, KINDS_NEED_TARGET
from thidua.read.plan import read_plan

from factories import TASKS, defect, set_cell

BASELINE = {"group-no-members", "missing-baseline"}  # the sample's own two warnings


@pytest.mark.parametrize(
    ("value", "pct", "achieved"),
    [
        # B = 1,20 %, T = 0,04 points. A = 1,17: B − A = 0,03 → 100·0,03/0,04 = 75, 0,03 < 0,04
        (1.17, 75.0, False),
        # A = 1,16: B − A = 0,04 → 100 %, 0,04 ≥ 0,04 → achieved (the boundary counts)
        (1.16, 100.0, True),
        # A = 1,10: B − A = 0,10 → 250 % (uncapped: "vượt mức")
        (1.10, 250.0, True),
        # A = 1,20: no drop → 0 %
        (1.20, 0.0, False),
        # A = 1,25: the rate rose 0,05 → 100·(−0,05)/0,04 = −125 %
        (1.25, -125.0, False),
    ],
)
def test_reduce_points(value, pct, achieved):
    got = s("reduce_points", value, target=0.04, baseline=1.20)
    assert got.pct == pytest.approx(pct)
    assert got.achieved is achieved


def test_reduce_points_without_baseline_is_missing_baseline():
    """No B: the drop cannot be measured, "thiếu số liệu gốc" (DESIGN §3), not a number."""
    got = s("reduce_points", 1.16, target=0.04)
    assert got.achieved is None and got.note == MISSING_BASELINE and got.pct != got.pct


def test_reduce_points_done_contradicted_by_numbers():
    """"Đã hoàn thành" with B − A = 0,02 < T = 0,04 is not achieved, with a warning."""
    got = s("reduce_points", 1.18, labels.STATUS_DONE, target=0.04, baseline=1.20)
    assert (got.achieved, got.note) == (False, "done-contradicted")


def test_reduce_points_is_declared_with_the_other_kinds():
    """A rate is reported as a percent: "1,16%" is never refused as a count."""
    assert labels.KINDS["reduce_points"] == "Giảm điểm %"
    assert "reduce_points" in KINDS_NEED_TARGET and "reduce_points" in KINDS_NEED_BASELINE
    assert "reduce_points" not in COUNT_LIKE


def test_reduce_points_read_from_the_plan(tmp_path):
    """Task 3 typed "Giảm điểm %" with T 0,04 and B 1,2 reads to its key and is clean;
    task 4 typed "giảm điểm phần trăm" (an alias) without B is missing-baseline at its
    Giá trị gốc cell."""
    def edit(book):
        ws = book[TASKS]
        set_cell(ws, "3", "Loại chỉ tiêu", "Giảm điểm %")
        set_cell(ws, "3", "Giá trị mục tiêu", 0.04)
        set_cell(ws, "3", "Giá trị gốc", 1.2)
        set_cell(ws, "4", "Loại chỉ tiêu", "giảm điểm phần trăm")
        set_cell(ws, "4", "Giá trị mục tiêu", "0,04")
        return set_cell(ws, "4", "Giá trị gốc", None)

    path, baseline_cell = defect(tmp_path, "reduce-points", edit)
    plan, report = read_plan(path)
    tasks = plan.tasks.set_index("code")
    assert tasks.loc["3", "kind"] == tasks.loc["4", "kind"] == "reduce_points"
    assert (tasks.loc["3", "target"], tasks.loc["3", "baseline"]) == (0.04, 1.2)
    assert tasks.loc["4", "target"] == 0.04
    sample_own = [i for i in report.issues if i.code in BASELINE and i.cell != baseline_cell]
    new = [(i.code, i.cell) for i in report.issues if i not in sample_own]
    assert new == [("missing-baseline", baseline_cell)]


# ---------------------------------------------------------------------------
# Two targets scored as both: a Nhiều hạng mục parent with one child per target
# ---------------------------------------------------------------------------

D = dt.date(2024, 12, 31)
R = dt.date(2024, 11, 30)


def two_targets():
    """"GPMB 82/85 ha và 100% hồ sơ được thẩm định" as written in the README: parent 8
    (Nhiều hạng mục), 8.a Lũy kế x/y x = 82, y = 85; 8.b Tỷ lệ ≥ 100."""
    return [task("8", "multi", deadline=D),
            task("8.a", "cumulative", parent="8", target=82.0, scale=85.0, deadline=D),
            task("8.b", "rate", parent="8", target=100.0, comparison=">=", deadline=D)]


def test_two_targets_one_missed_is_not_achieved():
    """U1: 82 ha (100·82/82 = 100 %, achieved) and 90 % hồ sơ (100·90/100 = 90 %, not
    achieved). Task 8: mean of the capped % (100 + 90)/2 = 95, not achieved (one child is
    not); R 30/11 ≤ D 31/12 − 7 → in progress."""
    from test_completion import result

    ev = run(two_targets(), [result("U1", "8.a", 82.0, DOING, data_date=R),
                             result("U1", "8.b", 90.0, DOING, data_date=R)], as_of=R)
    parent = ev.tasks.set_index("code").loc["8"]
    assert parent["pct"] == pytest.approx(95.0)
    assert not parent["achieved"] and parent["status"] == "in_progress"


def test_two_targets_both_met_is_achieved():
    """U1: 84 ha (100·84/82 = 102,44 %, capped 100) and 100 % (100 %), both done on
    20/11 ≤ D: task 8 is achieved, (100 + 100)/2 = 100 %, on time."""
    from test_completion import result

    done = dt.date(2024, 11, 20)
    ev = run(two_targets(), [
        result("U1", "8.a", 84.0, labels.STATUS_DONE, completed_on=done, data_date=R),
        result("U1", "8.b", 100.0, labels.STATUS_DONE, completed_on=done, data_date=R)],
        as_of=R)
    parent = ev.tasks.set_index("code").loc["8"]
    assert parent["pct"] == pytest.approx(100.0)
    assert parent["achieved"] and parent["status"] == "on_time"


def test_reduce_points_through_forms_collect_and_report(tmp_path):
    """Task 1 "Mức giảm tỷ suất sinh 0,04%": Giảm điểm %, T 0,04, B 1,2, lead Trạm Y tế.
    The unit types "1,16%" (a rate, not a count: accepted without a percent-for-count
    flag). Report at 31/12/2025: B − A = 1,2 − 1,16 = 0,04 ≥ T → 100·0,04/0,04 = 100 %,
    achieved, done 20/12 ≤ D 31/12 → on time."""
    from thidua import commands
    from thidua.report import build_report
    from thidua.write.canonical import PlanContent, write_canonical
    from thidua.write.forms import form_file_name, form_specs
    from thidua.write.sample_returns import fill_form

    info = {"number": "09/KH-UBND", "issuer": "UBND xã", "issued_on": "02/01/2025",
            "title": "Thi đua năm 2025", "start": "01/01/2025", "end": "31/12/2025"}
    workbook = write_canonical(tmp_path / "bieu_chi_tiet.xlsx", PlanContent(
        info=info, units=[{"code": "TYT", "name": "Trạm Y tế", "kind": "Đơn vị sự nghiệp"}],
        tasks=[{"code": "1", "content": "Giảm tỷ suất sinh",
                "target_text": "Mức giảm tỷ suất sinh 0,04%", "kind": "Giảm điểm %",
                "target": "0,04", "baseline": "1,2", "deadline": "31/12/2025",
                "leads": "TYT"}]))
    checked = commands.check(workbook)
    assert checked.report.issues == []
    made = commands.forms(workbook)
    plan, _ = read_plan(workbook)
    spec = form_specs(plan)[0]
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    fill_form(made.folder / form_file_name(spec), inbox / "tyt.xlsx",
              {"data_date": "31/12/2025", "submission": 1},
              {"1": {"result": "1,16%", "status": labels.STATUS_DONE,
                     "completed_on": "20/12/2025"}})
    collected = commands.collect(workbook, [inbox])
    assert [f.status for f in collected.files] == ["accepted"], \
        [(i.code, i.message) for i in collected.issues]
    task = build_report(plan, workbook, dt.date(2025, 12, 31)).evaluation.tasks.iloc[0]
    assert task["pct"] == pytest.approx(100.0)
    assert task["achieved"] and task["status"] == "on_time"
