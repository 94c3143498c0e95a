"""Seed 001 (a district's year-end sprint plan, to 31/12/2024) as the bundled sample 001:
the plan as typed, its check, and a golden table of % and status at two report dates.

The sample returns are toolkit/data/seed001_returns.csv, written into the generated forms
by write/sample_returns.make_seed_returns and collected in one batch. The expected values
below are worked out by hand from DESIGN §3–§5 and that CSV, not produced by the code.

Plan (toolkit/data/seed001_tasks.csv): warning days 7; plan end 31/12/2024.
  II.1–II.6  Định tính, D 31/12, leads NV, VHTT, TTVH (all three, each accountable).
  V.1        Nhiều hạng mục (V.1.a, V.1.b), leads NV, VHTT, TTVH; its children name no
             lead and are led by V.1's leads; D(V.1) = latest child = 31/12.
  V.1.a      Mốc hoàn thành, D 31/12.   V.1.b  Mốc hoàn thành, D 15/12 ("trước ngày 15").
  V.2        Định tính, D 31/12, leads VHTT, TTVH.   V.3  Định tính, D 31/12, lead NV.
Rules used: Mốc 100 if Đã hoàn thành else 0; Định tính 100 if Đạt else 0. Several leads:
achieved when every lead's row is, % = mean of the leads' capped % (a lead without a counted
return counts 0), Chưa báo cáo only when no lead has a counted return, C = the latest lead's
C. C missing → data date of the first counted return that reported it achieved (noted as
assumed). Not achieved: R ≤ D − 7 → in progress; D − 7 < R ≤ D → due soon; R > D → overdue.

Returns (unit, data date, Lần gửi): NV 15/11 (1) and 14/12 (2); VHTT 15/11 (1) and 18/12
(2); TTVH 10/12 (1) only. Only returns dated ≤ R count; the latest replaces earlier ones
whole, so a row left blank in it is "not reported this time".

R1 = 15/11/2024: counted NV 15/11, VHTT 15/11; TTVH has nothing yet. 15/11 ≤ 31/12 − 7
and ≤ 15/12 − 7 = 08/12, so every open task is in progress.
  NV:   II.1 Đạt, C 08/11 → on time; II.6 Đạt without date → C = 15/11 (this return),
        assumed → on time; V.1.a done 12/11 → on time; V.1.b Chưa thực hiện → 0, in
        progress; II.2–II.5, V.3 blank → not reported.
  VHTT: II.1 Đạt 10/11, II.3 Đạt 14/11, V.2 Đạt 11/11 → on time; V.1.a Đang thực hiện,
        V.1.b Chưa thực hiện → 0, in progress; II.2, II.4, II.5, II.6 → not reported.
  TTVH: all 9 not reported.
  Tasks: II.1 (100 + 100 + 0) / 3 = 66,67, in progress; II.2, II.4, II.5 no lead reported
         → Chưa báo cáo; II.3 (0 + 100 + 0) / 3 = 33,33; II.6 (100 + 0 + 0) / 3 = 33,33;
         V.1.a (100 + 0 + 0) / 3 = 33,33; V.1.b (0 + 0 + 0) / 3 = 0; V.1 (33,33 + 0) / 2 =
         16,67; V.2 (100 + 0) / 2 = 50; V.3 NV blank → Chưa báo cáo. Nothing achieved.
  Units (9 leaves each; V.1 is not counted for a unit, which leads its children):
    NV   on time 3 (II.1, II.6, V.1.a); open in time 6 (V.1.b + 5 not reported, D not
         passed); due 3; on-time rate 3/3 = 100; completion 3/9 = 33,33; mean 300/9 = 33,33.
    VHTT on time 3 (II.1, II.3, V.2); open in time 6; not reported 4; due 3; 100; 33,33;
         33,33.
    TTVH open in time 9 (not reported, D not passed); due 0 → on-time rate "—";
         completion 0; mean 0 (rows without a return count 0).
    Rank: NV and VHTT tie on (100, 33,33, 0 exceeded) → both 1; TTVH has nothing due → 3.
  Headline: 0 of 9 top-level tasks; of 10 leaves, 10 open in time, 4 not reported (II.2,
  II.4, II.5, V.3).

R2 = 26/12/2024 (after the award files' 15/12 deadline, inside the 7 warning days before
31/12): counted NV 14/12 (lần 2), VHTT 18/12 (lần 2), TTVH 10/12. For D 31/12,
31/12 − 7 = 24/12 < 26/12 ≤ 31/12 → open tasks are due soon; for V.1.b, 26/12 > 15/12.
  NV:   every row achieved: II.1 08/11; II.2–II.5 13/12; II.6 Đạt without date → C = 15/11,
        the first counted return that reported it (lần 1); V.1.a 12/11; V.1.b done 13/12 ≤
        15/12 → on time; V.3 Đạt without date → C = 14/12 (lần 2 is the first to report it).
  VHTT: II.1 10/11, II.2 16/12, II.4–II.6 16/12, V.1.a 20/11, V.2 11/11 → on time; II.3
        reported in lần 1 but blank in lần 2 → not reported; V.1.b done 17/12 > 15/12 →
        Hoàn thành quá hạn.
  TTVH: II.1 20/11, II.2 05/12, II.3 05/12, II.5 25/11 → on time; II.4 Không đạt → 0, not
        achieved, D 31/12 → due soon; II.6 blank → not reported; V.1.a done without date →
        C = 10/12, assumed → on time; V.1.b Đang thực hiện, 26/12 > 15/12 → overdue; V.2
        Đạt without date → C = 10/12 → on time.
  Tasks: II.1 all Đạt → 100, C = max(08/11, 10/11, 20/11) = 20/11 → on time; II.2 100, C
         16/12; II.3 (100 + 0 + 100) / 3 = 66,67, due soon; II.4 (100 + 100 + 0) / 3 =
         66,67, due soon; II.5 100, C = max(13/12, 16/12, 25/11) = 16/12; II.6 (100 + 100
         + 0) / 3 = 66,67, due soon; V.1.a 100, C = max(12/11, 20/11, 10/12) = 10/12; V.1.b
         (100 + 100 + 0) / 3 = 66,67, not achieved, R > 15/12 → overdue; V.1 (100 + 66,67) /
         2 = 83,33, not achieved: D(V.1) = 31/12 alone would give due soon, but a parent
         follows its children (README "Trạng thái của nhiệm vụ cha", as in test_golden's
         task 11): V.1.b is in Chưa HT quá hạn → V.1 overdue; V.2 100, C = max(11/11,
         10/12) = 10/12; V.3 100, C 14/12.
  Units:
    NV   on time 9; due 9; on-time rate 9/9 = 100; completion 100; mean 100.
    VHTT on time 7, late 1 (V.1.b), open in time 1 (II.3, not reported, D 31/12 not
         passed); due 8 (achieved ones; II.3's D has not come); rate 7/8 = 87,5;
         completion 8/9 = 88,89; mean 800/9 = 88,89.
    TTVH on time 6, open in time 2 (II.4 due soon, II.6 not reported), overdue 1 (V.1.b);
         due 7 (6 achieved + V.1.b past D); rate 6/7 = 85,71; completion 6/9 = 66,67; mean
         600/9 = 66,67.
    Rank by on-time rate: NV 1, VHTT 2, TTVH 3.
  Headline: 5 of 9 top-level tasks achieved (II.1, II.2, II.5, V.2, V.3); leaves: on time 6
  (II.1, II.2, II.5, V.1.a, V.2, V.3), open in time 3 (II.3, II.4, II.6), overdue 1 (V.1.b),
  none without any lead's return.

"Due" (the on-time rate's denominator, "trên số nhiệm vụ đã đến hạn") counts the tasks whose
D ≤ R and those already achieved: a task finished early is judged, as in
test_real_plan_rules ("only the child is due (achieved) → on-time rate 1/1").

Award and criticism (toolkit/data/seed001_criteria.csv, the plan's mục IV): KT1 "Giấy khen
của Chủ tịch UBND huyện", every unit, the whole plan: leads ≥ 1 task, on-time rate 100 over
the tasks due (due > 0), and every task it leads achieved — what "hoàn thành xuất sắc vượt
mức các chỉ tiêu kế hoạch được giao" allows from this workbook: the plan states no figure,
so "vượt mức" cannot be computed and is not a condition (an exceed_by condition would find
no numeric target and propose nobody). PB1: the form's default kept (the plan states no
criticism rule): a missed task whose cause says "Chủ quan".
  R1: NV and VHTT are 3/3 on time over the tasks due, but 3 of 9 achieved → not all met;
      TTVH has nothing due → nobody proposed (the default rule alone would propose NV and
      VHTT). Nothing is missed yet → nobody criticised.
  R2: NV 9/9 on time, all achieved → proposed under KT1; VHTT 87,5 and TTVH 85,71 → not.
      Criticised: VHTT's V.1.b (late) and TTVH's V.1.b (overdue), both "Chủ quan".
No task names a Lãnh đạo phụ trách: the plan gives V.1 to the "Thủ trưởng" of each unit
without naming anyone, so there is no leader summary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from thidua.cli import cli
from thidua.core import labels
from thidua.read.plan import read_plan
from thidua.report import build_report

from seed_golden import GoldenTables, collected_sample, init_and_check

ROOT = Path(__file__).resolve().parent.parent
R1, R2 = dt.date(2024, 11, 15), dt.date(2024, 12, 26)
N = None  # no % (no lead reported)


def d(day: int, month: int) -> dt.date:
    return dt.date(2024, month, day)


@pytest.fixture(scope="module")
def seed001(tmp_path_factory):
    """init --sample 001, forms, the sample returns in the inbox, one collect."""
    return collected_sample(tmp_path_factory.mktemp("seed001") / "kh", "001")


# ---------------------------------------------------------------------------
# The plan as typed
# ---------------------------------------------------------------------------

def test_check_has_no_errors_and_only_the_warnings_the_notes_explain(seed001):
    _ws, _plan, report, _ = seed001
    assert report.errors == []
    # The text gives no plan number, no issue date, and no names for "các đơn vị liên quan".
    assert sorted((i.code, i.sheet, i.cell) for i in report.warnings) == [
        ("group-no-members", "Đơn vị", "G6"),
        ("plan-date-missing", "Kế hoạch", "B4"),
        ("plan-number-missing", "Kế hoạch", "B2"),
    ]
    notes = (ROOT / "samples" / "seed001" / "GHI-CHU.md").read_text(encoding="utf-8")
    for words in ("Số hiệu", "Ngày ban", "Các đơn vị liên quan"):
        assert words in notes


def test_plan_identity_and_period(seed001):
    _ws, plan, _, _ = seed001
    assert plan.info["number"] is None and plan.info["issued_on"] is None
    assert plan.info["issuer"] == "UBND huyện"
    assert (plan.info["start"], plan.info["end"]) == (d(4, 11), d(31, 12))
    assert plan.info["return_due"] == d(15, 12)
    assert plan.info["owner_unit"] == "Phòng Nội vụ"
    assert list(plan.phases["code"]) == ["NR"]


@pytest.mark.parametrize(("code", "parent", "kind", "deadline", "leads"), [
    ("II.1", None, "qualitative", d(31, 12), ["NV", "VHTT", "TTVH"]),
    ("II.2", None, "qualitative", d(31, 12), ["NV", "VHTT", "TTVH"]),
    ("II.3", None, "qualitative", d(31, 12), ["NV", "VHTT", "TTVH"]),
    ("II.4", None, "qualitative", d(31, 12), ["NV", "VHTT", "TTVH"]),
    ("II.5", None, "qualitative", d(31, 12), ["NV", "VHTT", "TTVH"]),
    ("II.6", None, "qualitative", d(31, 12), ["NV", "VHTT", "TTVH"]),
    ("V.1", None, "multi", None, ["NV", "VHTT", "TTVH"]),
    ("V.1.a", "V.1", "milestone", d(31, 12), []),
    ("V.1.b", "V.1", "milestone", d(15, 12), []),
    ("V.2", None, "qualitative", d(31, 12), ["VHTT", "TTVH"]),
    ("V.3", None, "qualitative", d(31, 12), ["NV"]),
])
def test_tasks_keep_the_plans_numbering_kinds_and_dates(seed001, code, parent, kind,
                                                         deadline, leads):
    _ws, plan, _, _ = seed001
    rows = plan.tasks[plan.tasks["code"] == code]
    assert len(rows) == 1
    task = rows.iloc[0]
    assert (task["parent"], task["kind"], task["deadline"]) == (parent, kind, deadline)
    assert list(task["lead_codes"]) == leads
    # no figure is invented: the plan states none
    assert all(pd.isna(task[k]) for k in ("target", "scale", "baseline"))


def test_groups_only_coordinate(seed001):
    _ws, plan, _, _ = seed001
    groups = plan.units[plan.units["is_group"]]
    members = dict(zip(groups["code"], groups["member_codes"], strict=True))
    assert {k: list(v) for k, v in members.items()} == {"N_KTD": ["NV", "VHTT", "TTVH"],
                                                        "N_LQ": []}
    v3 = plan.tasks[plan.tasks["code"] == "V.3"].iloc[0]
    assert list(v3["partner_codes"]) == ["N_LQ"]


def test_init_sample_001_from_the_command_line(tmp_path):
    stats, said = init_and_check(tmp_path / "nr", "001")
    assert (stats["errors"], stats["tasks"], stats["periods"], stats["units"]) == (0, 11, 0, 5)
    assert "(11 nhiệm vụ, 5 đơn vị" in said
    runner = CliRunner()
    # --sample alone still means seed 000, after or before the folder
    for name, args in (("a", ["init", str(tmp_path / "a"), "--sample"]),
                       ("b", ["init", "--sample", str(tmp_path / "b")])):
        assert runner.invoke(cli, args).exit_code == 0
        plan, _ = read_plan(tmp_path / name / labels.WORKBOOK_FILE)
        assert plan.info["number"] == "111/KH-UBND"
    unknown = runner.invoke(cli, ["init", str(tmp_path / "c"), "--sample", "999"])
    assert unknown.exit_code == 2 and not (tmp_path / "c").exists()


# ---------------------------------------------------------------------------
# Collect
# ---------------------------------------------------------------------------

def _issues_by_file(collected) -> dict[str, list[tuple[str, str]]]:
    return {f.name: sorted((i.code, i.cell) for i in f.issues) for f in collected.files}


def test_collect_keeps_both_rounds_and_flags_done_without_a_date(seed001):
    _ws, _plan, _, collected = seed001
    statuses = {f.name: f.status for f in collected.files}
    assert statuses == {"nv-15-11.xlsx": "superseded", "nv-14-12.xlsx": "flagged",
                        "vhtt-15-11.xlsx": "superseded", "vhtt-18-12.xlsx": "accepted",
                        "ttvh-10-12.xlsx": "flagged"}
    # TTVH: V.1.a "Đã hoàn thành" without Ngày hoàn thành (form row 20, column H)
    assert ("missing-completion-date", "H20") in _issues_by_file(collected)["ttvh-10-12.xlsx"]


def test_achieved_qualitative_without_a_date_is_flagged(seed001):
    """Đạt without Ngày hoàn thành: NV 15/11 II.6 (form row 18), NV 14/12 II.6 (18) and
    V.3 (22), TTVH 10/12 V.2 (22); TTVH's V.1.a (row 20, "Đã hoàn thành") is flagged
    already."""
    _ws, _plan, _, collected = seed001
    flagged = {name: [cell for code, cell in issues if code == "missing-completion-date"]
               for name, issues in _issues_by_file(collected).items()}
    assert flagged == {"nv-15-11.xlsx": ["H18"], "nv-14-12.xlsx": ["H18", "H22"],
                       "vhtt-15-11.xlsx": [], "vhtt-18-12.xlsx": [],
                       "ttvh-10-12.xlsx": ["H20", "H22"]}


# ---------------------------------------------------------------------------
# Golden tables
# ---------------------------------------------------------------------------

#: task -> (% rounded to 2 places, status, C)
TASKS_R1 = {
    "II.1": (66.67, "in_progress", None), "II.2": (N, "no_report", None),
    "II.3": (33.33, "in_progress", None), "II.4": (N, "no_report", None),
    "II.5": (N, "no_report", None), "II.6": (33.33, "in_progress", None),
    "V.1": (16.67, "in_progress", None), "V.1.a": (33.33, "in_progress", None),
    "V.1.b": (0.0, "in_progress", None), "V.2": (50.0, "in_progress", None),
    "V.3": (N, "no_report", None),
}
TASKS_R2 = {
    "II.1": (100.0, "on_time", d(20, 11)), "II.2": (100.0, "on_time", d(16, 12)),
    "II.3": (66.67, "due_soon", None), "II.4": (66.67, "due_soon", None),
    "II.5": (100.0, "on_time", d(16, 12)), "II.6": (66.67, "due_soon", None),
    "V.1": (83.33, "overdue", None), "V.1.a": (100.0, "on_time", d(10, 12)),
    "V.1.b": (66.67, "overdue", None), "V.2": (100.0, "on_time", d(10, 12)),
    "V.3": (100.0, "on_time", d(14, 12)),
}

LEAVES = ("II.1", "II.2", "II.3", "II.4", "II.5", "II.6", "V.1.a", "V.1.b")
NR = ("no_report", None)
#: (unit, leaf task) -> (status, C) of every lead's row
ROWS_R1 = {
    **{(u, t): NR for u in ("NV", "VHTT", "TTVH") for t in LEAVES},
    ("VHTT", "V.2"): ("on_time", d(11, 11)), ("TTVH", "V.2"): NR, ("NV", "V.3"): NR,
    ("NV", "II.1"): ("on_time", d(8, 11)), ("NV", "II.6"): ("on_time", d(15, 11)),
    ("NV", "V.1.a"): ("on_time", d(12, 11)), ("NV", "V.1.b"): ("in_progress", None),
    ("VHTT", "II.1"): ("on_time", d(10, 11)), ("VHTT", "II.3"): ("on_time", d(14, 11)),
    ("VHTT", "V.1.a"): ("in_progress", None), ("VHTT", "V.1.b"): ("in_progress", None),
}
ROWS_R2 = {
    ("NV", "II.1"): ("on_time", d(8, 11)), ("NV", "II.2"): ("on_time", d(13, 12)),
    ("NV", "II.3"): ("on_time", d(13, 12)), ("NV", "II.4"): ("on_time", d(13, 12)),
    ("NV", "II.5"): ("on_time", d(13, 12)), ("NV", "II.6"): ("on_time", d(15, 11)),
    ("NV", "V.1.a"): ("on_time", d(12, 11)), ("NV", "V.1.b"): ("on_time", d(13, 12)),
    ("NV", "V.3"): ("on_time", d(14, 12)),
    ("VHTT", "II.1"): ("on_time", d(10, 11)), ("VHTT", "II.2"): ("on_time", d(16, 12)),
    ("VHTT", "II.3"): NR, ("VHTT", "II.4"): ("on_time", d(16, 12)),
    ("VHTT", "II.5"): ("on_time", d(16, 12)), ("VHTT", "II.6"): ("on_time", d(16, 12)),
    ("VHTT", "V.1.a"): ("on_time", d(20, 11)), ("VHTT", "V.1.b"): ("late_done", d(17, 12)),
    ("VHTT", "V.2"): ("on_time", d(11, 11)),
    ("TTVH", "II.1"): ("on_time", d(20, 11)), ("TTVH", "II.2"): ("on_time", d(5, 12)),
    ("TTVH", "II.3"): ("on_time", d(5, 12)), ("TTVH", "II.4"): ("due_soon", None),
    ("TTVH", "II.5"): ("on_time", d(25, 11)), ("TTVH", "II.6"): NR,
    ("TTVH", "V.1.a"): ("on_time", d(10, 12)), ("TTVH", "V.1.b"): ("overdue", None),
    ("TTVH", "V.2"): ("on_time", d(10, 12)),
}
#: rows whose C is inferred (no Ngày hoàn thành in the return)
ASSUMED_R1 = {("NV", "II.6")}
ASSUMED_R2 = {("NV", "II.6"), ("NV", "V.3"), ("TTVH", "V.1.a"), ("TTVH", "V.2")}

UNIT_KEYS = ("led", "on_time", "late_done", "open_in_time", "open_overdue", "not_reported",
             "due", "on_time_rate", "completion_rate", "mean_pct", "rank")
UNITS_R1 = {
    "NV": (9, 3, 0, 6, 0, 5, 3, 100.0, 33.33, 33.33, 1),
    "VHTT": (9, 3, 0, 6, 0, 4, 3, 100.0, 33.33, 33.33, 1),
    "TTVH": (9, 0, 0, 9, 0, 9, 0, N, 0.0, 0.0, 3),
}
UNITS_R2 = {
    "NV": (9, 9, 0, 0, 0, 0, 9, 100.0, 100.0, 100.0, 1),
    "VHTT": (9, 7, 1, 1, 0, 1, 8, 87.5, 88.89, 88.89, 2),
    "TTVH": (9, 6, 0, 2, 1, 1, 7, 85.71, 66.67, 66.67, 3),
}
# PLAN_R1/R2: seed_golden.PLAN_KEYS in order
PLAN_R1 = (0, 9, 10, 0, 0, 10, 0, 4)
PLAN_R2 = (5, 9, 10, 6, 0, 3, 1, 0)

GOLDEN = [(R1, TASKS_R1, ROWS_R1, ASSUMED_R1, UNITS_R1, PLAN_R1),
          (R2, TASKS_R2, ROWS_R2, ASSUMED_R2, UNITS_R2, PLAN_R2)]
#: V.1 is scored from its children: its lead rows are not golden rows of their own.
PARENTS = ("V.1",)


@pytest.fixture(scope="module")
def reports(seed001):
    ws, plan, _, _ = seed001
    return {r: build_report(plan, ws.workbook, r) for r in (R1, R2)}


class TestGoldenTables(GoldenTables):
    GOLDEN = GOLDEN
    PARENTS = PARENTS
    UNIT_KEYS = UNIT_KEYS


def test_the_plans_award_rule_without_vuot_muc_and_no_leader(seed001):
    """The criteria sheet holds KT1 (Giấy khen, three conditions, no "vượt mức") and the
    default PB1; check has nothing to say about it (the Kế hoạch thresholds are the
    defaults, unused). No task names a leader."""
    from thidua.core import criteria
    from thidua.core.assignments import task_leaders
    from thidua.core.criteria import Condition, Rule

    _ws, plan, report, _ = seed001
    assert not [i for i in report.issues if i.sheet == labels.SHEET_CRITERIA]
    assert criteria.plan_rules(plan) == [
        Rule("KT1", criteria.AWARD, (Condition("min_led", 1.0), Condition("min_on_time", 100.0),
                                     Condition("all_met", True)),
             title="Giấy khen của Chủ tịch UBND huyện"),
        Rule("PB1", criteria.CRITICISE, (Condition("missed_for_cause", ("Chủ quan",)),))]
    assert not any(task_leaders(plan).values())


def test_no_award_at_the_first_date(reports):
    """At 15/11 NV and VHTT are on time so far but have 6 of 9 tasks open: not all met."""
    data = reports[R1]
    assert data.awards.empty and data.criticised.empty


def test_awards_and_criticism_at_the_second_date(reports):
    """At 26/12: NV achieved all 9 tasks on time → proposed under KT1; VHTT did V.1.b late
    and TTVH has V.1.b overdue, both giving the cause "Chủ quan" → criticised. TTVH's II.4
    (Không đạt, Khách quan) is not yet past its D, so it is not a missed task."""
    data = reports[R2]
    assert list(zip(data.awards["unit"], data.awards["rule"], strict=True)) == [("NV", "KT1")]
    assert sorted(zip(data.criticised["unit"], data.criticised["task"], strict=True)) == [
        ("TTVH", "V.1.b"), ("VHTT", "V.1.b")]
