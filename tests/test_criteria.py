"""Award and criticism criteria as data (DESIGN §6, issue #14 item 3): the optional sheet
Tiêu chí khen thưởng read and checked cell by cell, each rule quoted in Vietnamese and
applied exactly as it reads, and workbooks made before the sheet existed still working."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from test_completion import DOING, DONE, result, run, task

from thidua.core import criteria, labels
from thidua.core.awards import propose, unit_records
from thidua.core.criteria import Condition, Rule, default_rules, describe, rules_from_rows
from thidua.read.plan import read_plan
from thidua.write.canonical import default_criteria, sample_content, write_canonical

DATA = Path(__file__).parent / "data" / "earlier"
A30, M19, R = dt.date(2024, 4, 30), dt.date(2024, 5, 19), dt.date(2024, 5, 1)
KINDS = {"U1": "Phòng", "U2": "Tiểu khu", "U3": "Phòng", "U4": "Tiểu khu", "V": "Ngành dọc"}


def plan_of(rules=None, **info):
    units = pd.DataFrame({"code": list(KINDS), "name": [f"Đơn vị {u}" for u in KINDS],
                          "kind": list(KINDS.values()), "phone": [""] * len(KINDS),
                          "email": [""] * len(KINDS)})
    tasks = pd.DataFrame({"code": [str(i) for i in range(1, 10)],
                          "content": [f"Nhiệm vụ {i}" for i in range(1, 10)]})
    criteria_rows = None if rules is None else pd.DataFrame(rules)
    return SimpleNamespace(units=units, tasks=tasks, criteria=criteria_rows,
                           info={"award_min_tasks": 1, "award_min_on_time": 100,
                                 "criticise_causes": "Chủ quan", **info})


@pytest.fixture(scope="module")
def ev():
    """Nine tasks, R = 01/05/2024; D = 30/04 unless said (19/05 for task 8).

    U1 (Phòng): 1 Số lượng T 100, reports 130 done 25/04 → 130 %, on time; 2 Số lượng T 50,
       55 done 28/04 → 110 %, on time. led 2, due 2, on time 2, achieved 2.
    U2 (Tiểu khu): 3 Mốc done 29/04 → on time; 4 Số lượng T 10, 12 done 30/04 → 120 %, on
       time. led 2, due 2, on time 2, achieved 2.
    U3 (Phòng): 5 Số lượng T 10, 8 Đang thực hiện, cause "Chủ quan" → 80 %, R > D: overdue;
       6 Mốc done 01/05 > D → late, cause "Khách quan". led 2, due 2, on time 0, achieved 1.
    U4 (Tiểu khu): 7 Mốc done 29/04 → on time; 8 Số lượng T 20 (D 19/05), 10 Đang thực
       hiện → 50 %, not due. led 2, due 1, on time 1, achieved 1.
    V (Ngành dọc): 9 Mốc Đang thực hiện, cause "Chủ quan" → overdue. led 1, due 1."""
    specs = [task("1", "count", target=100.0, deadline=A30, leads=("U1",)),
             task("2", "count", target=50.0, deadline=A30, leads=("U1",)),
             task("3", deadline=A30, leads=("U2",)),
             task("4", "count", target=10.0, deadline=A30, leads=("U2",)),
             task("5", "count", target=10.0, deadline=A30, leads=("U3",)),
             task("6", deadline=A30, leads=("U3",)),
             task("7", deadline=A30, leads=("U4",)),
             task("8", "count", target=20.0, deadline=M19, leads=("U4",)),
             task("9", deadline=A30, leads=("V",))]
    rows = [result("U1", "1", 130.0, DONE, completed_on=dt.date(2024, 4, 25)),
            result("U1", "2", 55.0, DONE, completed_on=dt.date(2024, 4, 28)),
            result("U2", "3", status=DONE, completed_on=dt.date(2024, 4, 29)),
            result("U2", "4", 12.0, DONE, completed_on=A30),
            result("U3", "5", 8.0, DOING, cause="Chủ quan"),
            result("U3", "6", status=DONE, completed_on=R, cause="Khách quan"),
            result("U4", "7", status=DONE, completed_on=dt.date(2024, 4, 29)),
            result("U4", "8", 10.0, DOING),
            result("V", "9", status=DOING, cause="Chủ quan")]
    return run(specs, rows, as_of=R)


def proposed(ev, *conditions, subjects=()):
    rule = Rule("K", criteria.AWARD, tuple(conditions), subjects=subjects)
    awards, _, _ = propose(plan_of(), ev, [rule])
    return sorted(awards["unit"])


def test_unit_records_hold_what_the_docstring_worked_out(ev):
    records = unit_records(plan_of(), ev)
    got = {u: (r.led, r.due, r.on_time, r.achieved) for u, r in records.items()}
    assert got == {"U1": (2, 2, 2, 2), "U2": (2, 2, 2, 2), "U3": (2, 2, 0, 1),
                   "U4": (2, 1, 1, 1), "V": (1, 1, 0, 0)}
    assert sorted(records["U1"].numeric_pcts) == [110.0, 130.0]
    assert sorted(records["U3"].missed_causes) == ["Chủ quan", "Khách quan"]


@pytest.mark.parametrize(("conditions", "subjects", "expected"), [
    # every unit leads at least 1; only V leads fewer than 2
    ((Condition("min_led", 2.0),), (), ["U1", "U2", "U3", "U4"]),
    # on time over tasks due: U1 2/2, U2 2/2, U4 1/1 = 100 %; U3 0/2, V 0/1
    ((Condition("min_on_time", 100.0),), (), ["U1", "U2", "U4"]),
    # U3 and U4 achieved 1 of 2 led = 50 %
    ((Condition("min_completion", 100.0),), (), ["U1", "U2"]),
    ((Condition("min_completion", 50.0),), (), ["U1", "U2", "U3", "U4"]),
    ((Condition("all_met", True),), (), ["U1", "U2"]),
    # ≥ 115 %: U1's 110 % fails, U2's only numeric target 120 % passes; U3 80 %, U4 50 %
    ((Condition("exceed_by", 15.0),), (), ["U2"]),
    ((Condition("exceed_by", 10.0),), (), ["U1", "U2"]),
    # U3 missed 5 for "Chủ quan", V missed 9 for "Chủ quan"
    ((Condition("no_missed_for_cause", ("Chủ quan",)),), (), ["U1", "U2", "U4"]),
    # "khách quan" (any case) names U3's late task 6 only
    ((Condition("no_missed_for_cause", ("khách quan",)),), (), ["U1", "U2", "U4", "V"]),
    # subjects: Tiểu khu are U2 and U4
    ((Condition("min_on_time", 100.0),), ("Tiểu khu",), ["U2", "U4"]),
    ((Condition("min_on_time", 100.0), Condition("min_completion", 100.0)), ("tiểu khu",),
     ["U2"]),
])
def test_each_award_condition(ev, conditions, subjects, expected):
    assert proposed(ev, *conditions, subjects=subjects) == expected


def test_criticism_rules_and_the_vertical_unit(ev):
    """Missed (HT quá hạn or Chưa HT quá hạn) lead rows: U3's 5 (Chủ quan), U3's 6
    (Khách quan), V's 9 (Chủ quan, Ngành dọc: listed apart, never criticised)."""
    plan = plan_of()
    subjective = Rule("P", criteria.CRITICISE, (Condition("missed_for_cause", ("Chủ quan",)),))
    every = Rule("Q", criteria.CRITICISE, ())
    only_tk = Rule("T", criteria.CRITICISE, (), subjects=("Tiểu khu",))
    _, criticised, vertical = propose(plan, ev, [subjective, every, only_tk])
    assert list(zip(criticised["rule"], criticised["unit"], criticised["task"],
                    strict=True)) == [("P", "U3", "5"), ("Q", "U3", "5"), ("Q", "U3", "6")]
    assert list(zip(vertical["unit"], vertical["task"], strict=True)) == [("V", "9")]


def test_without_a_criteria_sheet_the_plan_settings_decide(ev):
    """Kế hoạch: leads ≥ 1 and 100 % on time over tasks due (U1, U2, U4); criticised for
    "Chủ quan" (U3's task 5)."""
    awards, criticised, _ = propose(plan_of(), ev)
    assert sorted(awards["unit"]) == ["U1", "U2", "U4"]
    assert list(criticised["task"]) == ["5"]
    awards, _, _ = propose(plan_of(award_min_tasks=2, award_min_on_time=50), ev)
    assert sorted(awards["unit"]) == ["U1", "U2", "U4"]  # U3 0 %, V leads 1


def test_the_sheet_replaces_the_settings_and_default_rows_are_todays_rules(ev):
    """The default rows read back as the settings' rules; a sheet asking 50 % completion
    for Tiểu khu proposes U2 and U4 whatever Kế hoạch says."""
    rows = [{**r, "subjects": []} for r in default_criteria()]
    assert rules_from_rows(rows) == [
        Rule("KT1", criteria.AWARD, (Condition("min_led", 1.0),
                                     Condition("min_on_time", 100.0))),
        Rule("PB1", criteria.CRITICISE, (Condition("missed_for_cause", ("Chủ quan",)),))]
    sheet = [{"code": "A", "action": "Khen thưởng", "title": None, "scope": None,
              "subjects": ["Tiểu khu"], "condition": "Tỷ lệ hoàn thành tối thiểu (%)",
              "value": 50}]
    awards, criticised, _ = propose(plan_of(sheet, award_min_on_time=10), ev)
    assert sorted(awards["unit"]) == ["U2", "U4"] and criticised.empty


def test_a_rule_is_quoted_as_it_applies():
    """The sentence is built from labels' parts; numbers with a decimal comma."""
    rule = Rule("KT2", criteria.AWARD, (Condition("min_led", 2.0),
                                        Condition("min_on_time", 95.5),
                                        Condition("exceed_by", 12.5)),
                title="Giấy khen", scope="D1", subjects=("Tiểu khu", "Doanh nghiệp"))
    assert describe(rule) == (
        "Đề nghị khen thưởng (Giấy khen) đơn vị loại Tiểu khu, Doanh nghiệp trong đợt D1: "
        "chủ trì ít nhất 2 nhiệm vụ; tỷ lệ đúng hạn từ 95,5% trở lên (trên số nhiệm vụ đã "
        "đến hạn); vượt mọi chỉ tiêu định lượng được giao từ 12,5% trở lên (% hoàn thành "
        "từ 112,5% trở lên, có ít nhất một chỉ tiêu định lượng).")
    award, criticise = default_rules({"award_min_tasks": 1, "award_min_on_time": 100,
                                      "criticise_causes": "Chủ quan"})
    assert describe(award) == (
        "Đề nghị khen thưởng đơn vị (toàn kế hoạch): chủ trì ít nhất 1 nhiệm vụ; tỷ lệ đúng "
        "hạn từ 100% trở lên (trên số nhiệm vụ đã đến hạn).")
    assert describe(award, "CD1").startswith("Đề nghị khen thưởng đơn vị trong đợt CD1:")
    assert describe(criticise) == (
        "Đề nghị phê bình đơn vị (toàn kế hoạch) có nhiệm vụ chưa hoàn thành (quá hạn hoặc "
        "hoàn thành quá hạn) do nguyên nhân có ghi “Chủ quan” (đơn vị ngành dọc không bị "
        "phê bình, được liệt kê riêng).")
    # a rule naming no number of tasks still asks for one task led, and says so
    met = Rule("X", criteria.AWARD, (Condition("all_met", True),))
    assert "chủ trì ít nhất 1 nhiệm vụ; đạt mọi chỉ tiêu được giao" in describe(met)


# ---------------------------------------------------------------------------
# The sheet in a workbook: read and checked cell by cell
# ---------------------------------------------------------------------------

def _row(code, action, scope, subjects, condition, value):
    return {"code": code, "action": action, "scope": scope, "subjects": subjects,
            "condition": condition, "value": value}


BAD_ROWS = [  # Excel rows 2..10 of Tiêu chí khen thưởng (A Mã … F Điều kiện, G Giá trị)
    _row("KT1", "Khen thưởng", "CD1", "Phòng", "Số nhiệm vụ chủ trì tối thiểu", 1),
    _row("KT1", None, None, None, "Tỷ lệ đúng hạn tối thiểu (%)", "nhiều"),
    _row("KT2", "Khen thưởng", "CD9", "Doanh nghiệp", "Điều kiện lạ", 5),
    _row("KT2", None, None, None, "Số nhiệm vụ chủ trì tối thiểu", "1,5"),
    _row("KT3", "Tặng thưởng", None, None, "Đạt mọi chỉ tiêu được giao", None),
    _row("PB1", "Phê bình", None, None, "Tỷ lệ đúng hạn tối thiểu (%)", 50),
    _row("KT4", "Khen thưởng", None, None, "Vượt mọi chỉ tiêu định lượng tối thiểu (%)", 0),
    _row("KT4", "Phê bình", None, None, "Đạt mọi chỉ tiêu được giao", None),
    _row("KT5", None, None, None, "Đạt mọi chỉ tiêu được giao", "Không"),
]


def test_check_names_every_bad_criteria_cell(tmp_path):
    content = sample_content()
    content.criteria = BAD_ROWS
    _, report = read_plan(write_canonical(tmp_path / "kh.xlsx", content))
    found = {(i.code, i.cell) for i in report.issues if i.sheet == labels.SHEET_CRITERIA}
    assert found == {
        ("bad-number", "G3"), ("unknown-criteria-phase", "D4"), ("unknown-unit-kind", "E4"),
        ("unknown-condition", "F4"), ("bad-integer", "G5"), ("unknown-criteria-action", "B6"),
        ("condition-not-for-action", "F7"), ("criteria-number-range", "G8"),
        ("criteria-conflict", "B9"), ("criteria-no-action", "B10"),
        ("bad-criteria-flag", "G10")}
    assert all(i.severity == "error" for i in report.issues if i.sheet == labels.SHEET_CRITERIA)
    unknown = next(i for i in report.issues if i.code == "unknown-criteria-phase")
    assert "“CD9”" in unknown.message and "CD1" in unknown.message  # the closest code
    assert not report.ok


def test_criteria_errors_stop_the_report_but_not_forms_or_collect(tmp_path):
    """A clerk mistyping the criteria sheet must not hold up the returns: forms and collect
    run (forms says the report will wait), the report stops until the cells are fixed; an
    error on any other sheet still stops the forms."""
    from click.testing import CliRunner

    from thidua.cli import cli
    from thidua.store.workspace import init_workspace

    def run(*args):
        return CliRunner().invoke(cli, [str(a) for a in args])

    content = sample_content()
    content.criteria = BAD_ROWS
    ws = init_workspace(tmp_path / "kh", writer=lambda path: write_canonical(path, content))
    assert run("check", ws.workbook).exit_code == 1
    forms = run("forms", ws.workbook)
    assert forms.exit_code == 0, forms.output
    assert labels.CRITERIA_ERRORS_LATER.format(errors=11) in " ".join(forms.output.split())
    assert "G10" in forms.output  # each criteria cell named
    assert len(list((ws.root / labels.FORM_DIR).glob("*.xlsx"))) > 10
    collected = run("collect", ws.workbook)
    assert collected.exit_code == 0, collected.output
    said = labels.CRITERIA_ERRORS_LATER.format(errors=11)
    assert said in " ".join(collected.output.split())
    assert json.loads(run("collect", ws.workbook, "--json").output)["criteria_errors"] == 11
    report = run("report", ws.workbook, "--as-of", "10/05/2024")
    assert report.exit_code != 0 and not (ws.root / labels.REPORT_DIR).exists()

    content = sample_content()
    content.criteria = BAD_ROWS
    content.tasks[0] = {**content.tasks[0], "deadline": "ngày mai"}
    ws = init_workspace(tmp_path / "kh2", writer=lambda path: write_canonical(path, content))
    assert run("forms", ws.workbook).exit_code == 1
    assert not (ws.root / labels.FORM_DIR).exists()


def test_a_threshold_left_in_ke_hoach_is_said_to_be_unused(tmp_path):
    """Kế hoạch rows from row 2 in field order: Khen thưởng: tỷ lệ đúng hạn is row 14."""
    content = sample_content()
    content.info["award_min_on_time"] = 90
    _, report = read_plan(write_canonical(tmp_path / "kh.xlsx", content))
    replaced = [i for i in report.issues if i.code == "criteria-replace-plan"]
    assert [(i.sheet, i.cell, i.severity) for i in replaced] == [
        (labels.SHEET_PLAN, "B14", "warning")]


def test_new_template_and_sample_carry_the_default_rules(tmp_path):
    from thidua.write.canonical import template_content

    plan, report = read_plan(write_canonical(tmp_path / "kh.xlsx", sample_content()))
    assert report.ok and not [i for i in report.issues if i.sheet == labels.SHEET_CRITERIA]
    assert criteria.plan_rules(plan) == [
        Rule("KT1", criteria.AWARD, (Condition("min_led", 1.0),
                                     Condition("min_on_time", 100.0))),
        Rule("PB1", criteria.CRITICISE, (Condition("missed_for_cause", ("Chủ quan",)),))]
    blank, _ = read_plan(write_canonical(tmp_path / "mau.xlsx", template_content()))
    assert len(blank.criteria) == 3


# ---------------------------------------------------------------------------
# Workbooks and returns made before the criteria sheet and the Đợt column
# ---------------------------------------------------------------------------

def test_a_workbook_made_by_the_earlier_init_still_checks_clean(tmp_path):
    """The committed sample plan as the earlier `init --sample` wrote it (no criteria
    sheet): the same two warnings as always, no error, and the Kế hoạch settings rule."""
    path = shutil.copy(DATA / "bieu_chi_tiet.xlsx", tmp_path / "bieu_chi_tiet.xlsx")
    plan, report = read_plan(path)
    assert report.ok
    assert sorted(i.code for i in report.issues) == ["group-no-members", "missing-baseline"]
    assert plan.criteria is None
    assert criteria.plan_rules(plan) == default_rules(plan.info)
    blank, blank_report = read_plan(DATA / "mau-trong.xlsx")
    assert blank.criteria is None
    assert not [i for i in blank_report.issues if i.code == "missing-sheet"]


def test_a_return_made_by_an_earlier_form_is_accepted_without_a_word(tmp_path):
    """TCKH's sample return made by the earlier forms (no Đợt column), collected against a
    plan written now: accepted, and no issue names the missing column."""
    from thidua.collect import collect
    from thidua.store.workspace import init_workspace

    ws = init_workspace(tmp_path / "kh", sample=True)
    shutil.copy(DATA / "tckh.xlsx", ws.inbox / "tckh.xlsx")
    outcome = collect(ws.workbook, [ws.inbox])
    (only,) = outcome.files
    assert only.status == "accepted", [i.message for i in only.issues]
    assert not [i for i in only.issues if "Đợt" in i.message]
