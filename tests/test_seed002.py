"""Seed 002 (Kế hoạch 42/KH-UBND of UBND thị trấn Hà Trung, 10/3/2023: three phases, the
tiểu khu as units, two monthly targets) as the bundled sample 002: the plan as typed, its
check, and a golden table of % and status at two report dates.

The sample returns are toolkit/data/seed002_returns.csv, written into the generated forms
by write/sample_returns.make_seed_returns and collected in one batch. The expected values
below are worked out by hand from DESIGN §3–§5 and that CSV, not produced by the code.

Plan (toolkit/data/seed002_tasks.csv): warning days 7; plan 01/03–31/12/2023; phases D1
01/03–30/04, D2 01/05–02/09, D3 02/09–31/12 (02/09 belongs to D3).
  II.2.1   Nhiều hạng mục (a, b), lead VHXH; its children name no lead → led by VHXH.
  II.2.1.a Tỷ lệ ≥ 100, D 31/12.   II.2.1.b Tỷ lệ ≥ 80, D 31/12.
  II.2.2   Định tính, D 31/12, lead DCXD.
  II.2.3   Định tính, D 31/12, leads TK1–TK10 ("100% các tiểu khu": all ten must be Đạt).
  IV.1     Nhiều hạng mục, D = latest child = 30/04: IV.1.1 Định tính (VHXH); IV.1.2 Mốc
           (VPTK, MTTQ); IV.1.3 Số lượng ≥ 1 mô hình (HND, HPN); IV.1.4 Số lượng ≥ 1 lần,
           Chu kỳ Hằng tháng (HND, HPN); IV.1.5 Định tính (DCXD); all D 30/04.
  IV.2     Nhiều hạng mục, D = 30/09: IV.2.1 Mốc, D 02/09 (TK4); IV.2.2 Mốc, D 30/09
           ("trong quý III/2023", VHXH); IV.2.3 Định tính, D 02/09 (TCKH).
  IV.3     Nhiều hạng mục, D 31/12: IV.3.1 Mốc (VHXH); IV.3.2 Giữ vững (VHXH).
  VII.1    Số lượng ≥ 1 báo cáo, Chu kỳ Hằng tháng, D 31/12 (VHXH).   VII.2 Mốc, D 31/12
           (VPTK).
  The parents IV.1–IV.3 name as leads the leads of their children, so they are never a
  unit's own task (a unit leading a parent and a descendant answers for the descendant).
Periodic tasks (DESIGN §3, Chu kỳ): the span runs from Hiệu lực từ (blank: the plan's
start, 01/03) to Hạn hoàn thành; one period per calendar month of it, coded
"<task>/2023-MM", T = 1 each, the task's leads, due on the month's last day:
  IV.1.4/2023-03 (D 31/03), IV.1.4/2023-04 (D 30/04);
  VII.1/2023-03 … VII.1/2023-12 (D 31/03, 30/04, 31/05, 30/06, 31/07, 31/08, 30/09, …,
  31/12). 20 rows typed, 32 tasks in the plan.
  A periodic task becomes the parent of its periods (its D the latest period's: IV.1.4
  30/04, VII.1 31/12) and is scored from the periods due at R (D ≤ R): mean of their
  capped %, achieved when every one is, C the latest of theirs, overdue when one of them is
  in Chưa HT quá hạn. A period that begins after R is listed without % or status and
  counts nowhere (not for its unit, not in the headline); a period begun and not yet due
  is scored like any leaf (and counts for its unit).
Rules used (DESIGN §3): Tỷ lệ ≥: 100·A/T, achieved A ≥ T; Số lượng 100·A/T; Mốc 100 if
Đã hoàn thành else 0; Định tính 100 if Đạt; Giữ vững Đạt before D is 100 but only on track.
Several leads: % = mean of the leads' capped % (a lead with no return counts 0), achieved
when every lead is, C = the latest lead's C, Chưa báo cáo only when no lead reported. A
parent: mean of its children's capped % (a child nobody reported counts 0); overdue as soon
as a child is in Chưa HT quá hạn. Status (§4): R ≤ D − 7 in progress, D − 7 < R ≤ D due
soon, R > D overdue; a Chưa báo cáo row falls in Chưa HT trong/quá hạn by D.

Returns (unit, data date, Lần gửi): VHXH 20/04 (1), 31/08 (2); VPTK 21/04 (1) and its
correction 21/04 (2) adding IV.1.2's date; MTTQ 24/04 (1), 15/05 (2); HND 24/04 (1); TK4
20/04 (1), 31/08 (2, II.2.3 left blank); HPN 30/08 (1); DCXD 01/09 (1); TK7 31/08 (1).
TCKH and TK1–3, 5, 6, 8–10 never report. The periods (A, Ngày hoàn thành, Tình trạng):
  VII.1, VHXH 20/04: 2023-03 1 done 31/03; 2023-04 0 Đang thực hiện.
         VHXH 31/08: 2023-03 1 done 31/03; 2023-04 1 done 28/04; 2023-05 1 done 31/05;
         2023-06 1 done 05/07 (late, Khách quan); 2023-07 0 Chưa thực hiện; 2023-08 1 done
         31/08; 2023-09 left blank (it begins the day after the data date).
  IV.1.4, HND 24/04: 2023-03 1 done 26/03; 2023-04 blank (HND never reports again).
          HPN 30/08: 2023-03 1 done 08/04 (late, Khách quan); 2023-04 1 done 28/04.

R1 = 25/04/2023: counted VHXH 20/04, VPTK 21/04 lần 2 (same date, later Lần gửi), MTTQ
24/04, HND 24/04, TK4 20/04. For D 30/04: 23/04 < 25/04 ≤ 30/04 → due soon; D 31/03 has
passed; every other D is ≥ 02/09 → in progress. Periods begun: March and April (IV.1.4 and
VII.1); VII.1/2023-05 … 12 have not begun (no %, no status).
  VHXH: II.2.1.a 60/100 = 60; II.2.1.b 75/80 = 93,75; IV.1.1 Đạt 15/04 → on time; IV.2.2,
        IV.3.1 → 0; IV.3.2 Giữ vững Đạt before D → 100, in progress; VII.1/2023-03 1/1 =
        100, done 31/03 ≤ 31/03 → on time; VII.1/2023-04 0/1 = 0, due soon.
  VPTK: IV.1.2 done 14/03 → on time; VII.2 Chưa thực hiện → 0.   MTTQ: IV.1.2 → 0, due soon.
  HND:  IV.1.3 1/1 = 100, done 10/04 → on time; IV.1.4/2023-03 1/1 = 100, done 26/03 → on
        time; IV.1.4/2023-04 blank → not reported, D 30/04 not passed (in time).
  TK4:  II.2.3 Đạt without date → C = 20/04 (this return), assumed → on time; IV.2.1 → 0.
  HPN, DCXD, TCKH, the other nine tiểu khu: no return. HPN's IV.1.4/2023-03 is Chưa báo
        cáo past its D 31/03 (Chưa HT quá hạn); its IV.1.3 and April in time.
  Tasks: II.2.1 (60 + 93,75) / 2 = 76,875 → 76,88; II.2.2 Chưa báo cáo; II.2.3 TK4's 100
         over ten leads = 10; IV.1.2 (100 + 0) / 2 = 50, due soon; IV.1.3 (100 + 0) / 2 =
         50, due soon; IV.1.4/2023-03 (HND 100 + HPN 0) / 2 = 50, not achieved, 25/04 >
         31/03 → overdue; IV.1.4/2023-04 no lead reported → Chưa báo cáo; IV.1.4 from the
         one period due (March): 50, March overdue → overdue; IV.1.5 Chưa báo cáo; IV.1
         (100 + 50 + 50 + 50 + 0) / 5 = 50, IV.1.4 in Chưa HT quá hạn → overdue; IV.2.1,
         IV.2.2 0, IV.2.3 Chưa báo cáo → IV.2 0, in progress; IV.3 (0 + 100) / 2 = 50;
         VII.1/2023-03 100 on time 31/03; VII.1/2023-04 0 due soon; VII.1 from the one
         period due (March): 100, but April … December are still to come → not achieved,
         on track: in progress by its D 31/12 (as a Giữ vững Đạt before D); VII.2 0.
  Units (led; on time; open in time; open overdue; not reported; due = achieved or D ≤ R;
  on-time rate; completion = achieved / led; mean capped %):
    VHXH 8 (six tasks, VII.1's March and April); 2 (IV.1.1, March); 6; 0; 0; 2; 100; 2/8 =
         25; (60 + 93,75 + 100 + 0 + 0 + 100 + 100 + 0) / 8 = 56,72.
    VPTK 2; 1; 1; 0; 0; 1; 100; 50; 50.    TK4 2; 1; 1; 0; 0; 1; 100; 50; 50.
    HND  3 (IV.1.3, March, April); 2; 1 (April); 0; 1; 2; 100; 2/3 = 66,67; (100 + 100 +
         0) / 3 = 66,67.
    HPN  3; 0; 2 (IV.1.3, April); 1 (March); 3; 1 (March); 0; 0; 0.
    MTTQ 1; 0; 1; 0; 0; 0; —; 0; 0.
    DCXD 2, TCKH 1, nine tiểu khu 1: nothing reported, all open in time; due 0; —.
    Rank: HND (100, 66,67) 1; VHXH (100, 56,72) 2; VPTK and TK4 (100, 50) 3; HPN (0, 0) 5;
    the 12 units with nothing due (MTTQ, DCXD, TCKH, nine tiểu khu) share 6.
  Headline: 0 of 8 top-level tasks (VII.1 is on track, not done); 18 leaves counted
  (16 − IV.1.4 − VII.1 + two periods each): on time 2 (IV.1.1, VII.1/2023-03), overdue 1
  (IV.1.4/2023-03), open in time 15, not reported 4 (II.2.2, IV.1.4/2023-04, IV.1.5, IV.2.3).

R2 = 05/09/2023 (after Đợt 2): counted VHXH 31/08, VPTK 21/04 lần 2, MTTQ 15/05, HND 24/04,
HPN 30/08, DCXD 01/09, TK4 31/08, TK7 31/08. D 30/04 and 02/09 have passed; D 30/09: 05/09
≤ 23/09 → in progress; D 31/12 → in progress. Periods due: IV.1.4 March, April; VII.1 March
to August; VII.1/2023-09 begun (01/09 ≤ 05/09), not due; VII.1/2023-10 … 12 not begun.
  VHXH: II.2.1.a 85; II.2.1.b 82/80 = 102,5, done 15/08 → on time (exceeded); IV.1.1 on
        time 15/04; IV.2.2, IV.3.1 0; IV.3.2 100 on track; VII.1: March 31/03, April
        28/04, May 31/05, August 31/08 on time; June done 05/07 > 30/06 → late; July 0/1 =
        0, 05/09 > 31/07 → overdue; September blank → not reported, in time.
  VPTK: as at R1.   MTTQ: IV.1.2 done 10/05 > 30/04 → Hoàn thành quá hạn (cause Chủ quan).
  HND:  IV.1.3 on time 10/04; IV.1.4/2023-03 on time 26/03; IV.1.4/2023-04 not reported,
        05/09 > 30/04 → Chưa HT quá hạn.
  HPN:  IV.1.3 1/1 done 20/05 → late; IV.1.4/2023-03 done 08/04 > 31/03 → late;
        IV.1.4/2023-04 done 28/04 → on time.
  DCXD: IV.1.5 Đạt 28/04 → on time; II.2.2 not in the return → not reported.
  TK4:  IV.2.1 done 30/08 ≤ 02/09 → on time; II.2.3 blank in lần 2 → not reported.
  TK7:  II.2.3 Đạt 31/08 → on time.   TCKH: IV.2.3 not reported, D 02/09 passed.
  Tasks: II.2.1 (85 + 100) / 2 = 92,5; II.2.1.b (one lead: uncapped) 102,5; II.2.3 TK7's
         100 over ten leads = 10; IV.1.2 both done, C = max(14/03, 10/05) = 10/05 → late;
         IV.1.3 C = max(10/04, 20/05) = 20/05 → late; IV.1.4/2023-03 both done, C =
         max(26/03, 08/04) = 08/04 > 31/03 → late, 100; IV.1.4/2023-04 (HND 0 + HPN 100)
         / 2 = 50, not achieved → overdue; IV.1.4 (100 + 50) / 2 = 75, April overdue →
         overdue; IV.1.5 100, on time 28/04; IV.1 (100 + 100 + 100 + 75 + 100) / 5 = 95,
         IV.1.4 overdue → overdue; IV.2.1 on time 30/08; IV.2.3 Chưa báo cáo past D; IV.2
         (100 + 0 + 0) / 3 = 33,33, IV.2.3 in Chưa HT quá hạn → overdue; IV.3 50; VII.1
         from March–August (100 · 5 + 0) / 6 = 83,33, July overdue → overdue.
  Units:
    VHXH 13 (six tasks, VII.1 March–September); on time 6 (II.2.1.b, IV.1.1, March, April,
         May, August); late 1 (June); open in time 5 (II.2.1.a, IV.2.2, IV.3.1, IV.3.2,
         September); overdue 1 (July); not reported 1 (September); due 8 (those achieved
         and July); 6/8 = 75; 7/13 = 53,85; (85 + 100 + 100 + 0 + 0 + 100 + 100 · 5 + 0 +
         0) / 13 = 885 / 13 = 68,08; exceeded 1 (II.2.1.b).
    VPTK 2; 1; 1; due 1; 100; 50; 50.      DCXD 2; 1; 1 (not reported); due 1; 100; 50; 50.
    TK4  2; 1; 1 (not reported); due 1; 100; 50; 50.     TK7 1; 1; due 1; 100; 100; 100.
    MTTQ 1; late 1; due 1; 0; 100; 100.
    HND  3; on time 2, overdue 1 (April, not reported); due 3; 2/3 = 66,67; 66,67; (100 +
         100 + 0) / 3 = 66,67.
    HPN  3; on time 1 (April), late 2 (IV.1.3, March); due 3; 1/3 = 33,33; 100; 100.
    TCKH 1; overdue 1 (not reported); due 1; 0; 0; 0.   Eight tiểu khu: nothing; due 0; —.
    Rank: TK7 (100, 100) 1; VPTK, DCXD, TK4 (100, 50) 2; VHXH (75, 68,08) 5; HND (66,67,
    66,67) 6; HPN (33,33, 100) 7; MTTQ (0, 100) 8; TCKH (0, 0) 9; the eight tiểu khu 10.
  Headline: 0 of 8 top-level tasks; 23 leaves counted (16 − 2 + IV.1.4's two periods +
  VII.1's seven begun): on time 8 (II.2.1.b, IV.1.1, IV.1.5, IV.2.1, VII.1 March, April,
  May, August), late 4 (IV.1.2, IV.1.3, IV.1.4/2023-03, VII.1/2023-06), overdue 3
  (IV.1.4/2023-04, IV.2.3, VII.1/2023-07), open in time 8 (II.2.1.a, II.2.2, II.2.3, IV.2.2,
  IV.3.1, IV.3.2, VII.1/2023-09, VII.2), not reported 3 (II.2.2, IV.2.3, VII.1/2023-09)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from thidua.core import fields, labels
from thidua.report import build_report

from seed_golden import GoldenTables, collected_sample, init_and_check

ROOT = Path(__file__).resolve().parent.parent
R1, R2 = dt.date(2023, 4, 25), dt.date(2023, 9, 5)
N = None  # no % (no lead reported) or no rate (nothing due)
TK = [f"TK{i}" for i in range(1, 11)]


def d(day: int, month: int) -> dt.date:
    return dt.date(2023, month, day)


@pytest.fixture(scope="module")
def seed002(tmp_path_factory):
    """init --sample 002, forms, the sample returns in the inbox, one collect."""
    return collected_sample(tmp_path_factory.mktemp("seed002") / "kh", "002")


# ---------------------------------------------------------------------------
# The plan as typed
# ---------------------------------------------------------------------------

def test_check_has_no_errors_and_only_the_warnings_the_notes_explain(seed002):
    _ws, plan, report, _ = seed002
    assert report.errors == []
    # "Các chủ đầu tư" are not named; IV.2.2 is due "trong quý III/2023", after Đợt 2 ends.
    assert sorted((i.code, i.sheet) for i in report.warnings) == [
        ("deadline-outside-phase", "Nhiệm vụ"),
        ("group-no-members", "Đơn vị"),
    ]
    cells = {i.code: i.cell for i in report.warnings}
    task_rows = dict(zip(plan.tasks["code"], plan.tasks.index, strict=True))
    assert cells["deadline-outside-phase"] == f"M{task_rows['IV.2.2']}"
    notes = (ROOT / "samples" / "seed002" / "GHI-CHU.md").read_text(encoding="utf-8")
    for words in ("Các chủ đầu tư", "quý III/2023", "tiểu khu", "Đợt"):
        assert words in notes


def test_plan_identity_and_phases(seed002):
    _ws, plan, _, _ = seed002
    assert (plan.info["number"], plan.info["issuer"], plan.info["issued_on"]) == (
        "42/KH-UBND", "UBND thị trấn Hà Trung", d(10, 3))
    assert (plan.info["start"], plan.info["end"]) == (d(1, 3), d(31, 12))
    phases = plan.phases
    assert list(zip(phases["code"], phases["start"], phases["end"], strict=True)) == [
        ("D1", d(1, 3), d(30, 4)), ("D2", d(1, 5), d(2, 9)), ("D3", d(2, 9), d(31, 12))]


VHXH, VPTK, DCXD, TCKH = "VHXH", "VPTK", "DCXD", "TCKH"


@pytest.mark.parametrize(("code", "parent", "kind", "target", "deadline", "phase", "leads"), [
    ("II.2.1", None, "multi", None, None, None, [VHXH]),
    ("II.2.1.a", "II.2.1", "rate", 100, d(31, 12), None, []),
    ("II.2.1.b", "II.2.1", "rate", 80, d(31, 12), None, []),
    ("II.2.2", None, "qualitative", None, d(31, 12), "D3", [DCXD]),
    ("II.2.3", None, "qualitative", None, d(31, 12), None, TK),
    ("IV.1.2", "IV.1", "milestone", None, d(30, 4), "D1", [VPTK, "MTTQ"]),
    ("IV.1.3", "IV.1", "count", 1, d(30, 4), "D1", ["HND", "HPN"]),
    ("IV.1.4", "IV.1", "count", 1, d(30, 4), "D1", ["HND", "HPN"]),
    ("IV.2.1", "IV.2", "milestone", None, d(2, 9), "D2", ["TK4"]),
    ("IV.2.2", "IV.2", "milestone", None, d(30, 9), "D2", [VHXH]),
    ("IV.3.2", "IV.3", "maintain", None, d(31, 12), "D3", [VHXH]),
    ("VII.1", None, "count", 1, d(31, 12), None, [VHXH]),
])
def test_tasks_keep_the_plans_numbering_kinds_and_dates(seed002, code, parent, kind, target,
                                                         deadline, phase, leads):
    _ws, plan, _, _ = seed002
    rows = plan.tasks[plan.tasks["code"] == code]
    assert len(rows) == 1
    task = rows.iloc[0]
    assert (task["parent"], task["kind"], task["deadline"], task["phase"]) == (
        parent, kind, deadline, phase)
    assert (None if pd.isna(task["target"]) else task["target"]) == target
    assert list(task["lead_codes"]) == leads


MONTHS_D1 = [f"IV.1.4/2023-{m:02d}" for m in (3, 4)]
MONTHS = [f"VII.1/2023-{m:02d}" for m in range(3, 13)]
MONTH_ENDS = [d(31, 3), d(30, 4), d(31, 5), d(30, 6), d(31, 7), d(31, 8), d(30, 9),
              d(31, 10), d(30, 11), d(31, 12)]


def test_monthly_tasks_have_one_period_per_month_of_their_span(seed002):
    """IV.1.4 (Đợt 1) and VII.1 (the year) are monthly (Chu kỳ Hằng tháng): their span
    starts on the plan's start (Hiệu lực từ blank), so March–April and March–December;
    each period follows its task, asks for 1 (lần, báo cáo), is led by the task's leads,
    is due on its month's last day and has no Đợt of its own."""
    _ws, plan, _, _ = seed002
    tasks = plan.tasks.set_index("code")
    codes = list(plan.tasks["code"])
    assert codes[codes.index("IV.1.4") + 1:codes.index("IV.1.5")] == MONTHS_D1
    assert codes[codes.index("VII.1") + 1:codes.index("VII.2")] == MONTHS
    assert list(tasks.loc[MONTHS_D1, "deadline"]) == MONTH_ENDS[:2]
    assert list(tasks.loc[MONTHS, "deadline"]) == MONTH_ENDS
    assert set(tasks.loc[[*MONTHS_D1, *MONTHS], "target"]) == {1.0}
    assert list(tasks.loc[MONTHS_D1, "lead_codes"]) == [["HND", "HPN"]] * 2
    assert list(tasks.loc[MONTHS, "lead_codes"]) == [[VHXH]] * 10
    assert tasks.loc[MONTHS_D1, "phase"].isna().all()
    assert tasks.loc["VII.1/2023-06", "content"].startswith("Tháng 06/2023 – Theo dõi")


def test_every_sample_row_reaches_its_form(seed002):
    """Each row of seed002_returns.csv is typed on its unit's form row of the same Mã NV,
    period rows included ("VII.1/2023-06"): no row is dropped for a code the form lacks."""
    import csv

    ws, _plan, _, _ = seed002
    text = (ROOT / "toolkit" / "data" / "seed002_returns.csv").read_text(encoding="utf-8")
    records = list(csv.DictReader(text.splitlines()))
    by_file: dict[str, dict[str, str]] = {}
    for record in records:
        by_file.setdefault(record["file"], {})[record["code"]] = record["status"]
    for name, expected in by_file.items():
        sheet = openpyxl.load_workbook(ws.inbox / f"{name}.xlsx")[labels.FORM_SHEET]
        status = fields.RETURN.keys.index("status")
        typed = {str(r[0]): r[status] for r in sheet.iter_rows(values_only=True)
                 if r[0] in expected}
        assert typed == expected, name


def test_groups_only_coordinate(seed002):
    _ws, plan, _, _ = seed002
    groups = plan.units[plan.units["is_group"]]
    members = {k: list(v) for k, v in zip(groups["code"], groups["member_codes"],
                                          strict=True)}
    assert members == {"N_TK": TK, "N_DT": ["MTTQ", "HND", "HPN"], "N_CDT": []}
    partners = dict(zip(plan.tasks["code"], plan.tasks["partner_codes"], strict=True))
    assert list(partners["IV.2.2"]) == ["N_TK"] and list(partners["IV.1.5"]) == ["N_CDT"]


def test_init_sample_002_from_the_command_line(tmp_path):
    stats, said = init_and_check(tmp_path / "ht", "002")
    # 20 rows typed, and apart the 12 monthly periods of IV.1.4 and VII.1
    assert (stats["errors"], stats["tasks"], stats["periods"], stats["units"]) == (0, 20, 12, 20)
    assert "(20 nhiệm vụ và 12 kỳ của nhiệm vụ định kỳ, 20 đơn vị" in said


# ---------------------------------------------------------------------------
# Collect
# ---------------------------------------------------------------------------

def test_collect_keeps_every_round_and_the_correction_wins(seed002):
    _ws, _plan, _, collected = seed002
    statuses = {f.name: f.status for f in collected.files}
    assert statuses == {
        "vhxh-20-04.xlsx": "superseded", "vhxh-31-08.xlsx": "accepted",
        "vptk-21-04.xlsx": "superseded", "vptk-21-04-lan2.xlsx": "accepted",
        "mttq-24-04.xlsx": "superseded", "mttq-15-05.xlsx": "accepted",
        "hnd-24-04.xlsx": "accepted", "hpn-30-08.xlsx": "accepted",
        "dcxd-01-09.xlsx": "accepted", "tk4-20-04.xlsx": "superseded",
        "tk4-31-08.xlsx": "accepted", "tk7-31-08.xlsx": "accepted",
    }


def test_done_without_a_date_is_flagged_at_its_row(seed002):
    """VPTK's first 21/04 return gives IV.1.2 "Đã hoàn thành" without a date (its Lần gửi 2
    adds 14/03); TK4's 20/04 return gives II.2.3 "Đạt" without a date. VHXH's Giữ vững
    "Đạt" (IV.3.2) has no completion date to give before its deadline: not flagged."""
    ws, _plan, _, collected = seed002
    flagged = {}
    for f in collected.files:
        cells = [i.cell for i in f.issues if i.code == "missing-completion-date"]
        if cells:
            sheet = openpyxl.load_workbook(ws.inbox / f.name)[labels.FORM_SHEET]
            flagged[f.name] = sorted(str(sheet[f"A{c[1:]}"].value) for c in cells)
            assert all(c.startswith("H") for c in cells)
    assert flagged == {"vptk-21-04.xlsx": ["IV.1.2"], "tk4-20-04.xlsx": ["II.2.3"]}


# ---------------------------------------------------------------------------
# Golden tables
# ---------------------------------------------------------------------------

#: task -> (% rounded to 2 places, status, C)
NOT_BEGUN = (N, None, None)  # a period that begins after R: listed, not scored
TASKS_R1 = {
    "II.2.1": (76.88, "in_progress", None), "II.2.1.a": (60.0, "in_progress", None),
    "II.2.1.b": (93.75, "in_progress", None), "II.2.2": (N, "no_report", None),
    "II.2.3": (10.0, "in_progress", None),
    "IV.1": (50.0, "overdue", None), "IV.1.1": (100.0, "on_time", d(15, 4)),
    "IV.1.2": (50.0, "due_soon", None), "IV.1.3": (50.0, "due_soon", None),
    "IV.1.4": (50.0, "overdue", None), "IV.1.4/2023-03": (50.0, "overdue", None),
    "IV.1.4/2023-04": (N, "no_report", None), "IV.1.5": (N, "no_report", None),
    "IV.2": (0.0, "in_progress", None), "IV.2.1": (0.0, "in_progress", None),
    "IV.2.2": (0.0, "in_progress", None), "IV.2.3": (N, "no_report", None),
    "IV.3": (50.0, "in_progress", None), "IV.3.1": (0.0, "in_progress", None),
    "IV.3.2": (100.0, "in_progress", None),
    "VII.1": (100.0, "in_progress", None), "VII.1/2023-03": (100.0, "on_time", d(31, 3)),
    "VII.1/2023-04": (0.0, "due_soon", None), **{m: NOT_BEGUN for m in MONTHS[2:]},
    "VII.2": (0.0, "in_progress", None),
}
TASKS_R2 = {
    "II.2.1": (92.5, "in_progress", None), "II.2.1.a": (85.0, "in_progress", None),
    "II.2.1.b": (102.5, "on_time", d(15, 8)), "II.2.2": (N, "no_report", None),
    "II.2.3": (10.0, "in_progress", None),
    "IV.1": (95.0, "overdue", None), "IV.1.1": (100.0, "on_time", d(15, 4)),
    "IV.1.2": (100.0, "late_done", d(10, 5)), "IV.1.3": (100.0, "late_done", d(20, 5)),
    "IV.1.4": (75.0, "overdue", None), "IV.1.4/2023-03": (100.0, "late_done", d(8, 4)),
    "IV.1.4/2023-04": (50.0, "overdue", None), "IV.1.5": (100.0, "on_time", d(28, 4)),
    "IV.2": (33.33, "overdue", None), "IV.2.1": (100.0, "on_time", d(30, 8)),
    "IV.2.2": (0.0, "in_progress", None), "IV.2.3": (N, "no_report", None),
    "IV.3": (50.0, "in_progress", None), "IV.3.1": (0.0, "in_progress", None),
    "IV.3.2": (100.0, "in_progress", None),
    "VII.1": (83.33, "overdue", None),
    "VII.1/2023-03": (100.0, "on_time", d(31, 3)), "VII.1/2023-04": (100.0, "on_time", d(28, 4)),
    "VII.1/2023-05": (100.0, "on_time", d(31, 5)),
    "VII.1/2023-06": (100.0, "late_done", d(5, 7)), "VII.1/2023-07": (0.0, "overdue", None),
    "VII.1/2023-08": (100.0, "on_time", d(31, 8)), "VII.1/2023-09": (N, "no_report", None),
    **{m: NOT_BEGUN for m in MONTHS[7:]},
    "VII.2": (0.0, "in_progress", None),
}

NR = ("no_report", None)
IP = ("in_progress", None)
LATER = (None, None)  # a period that begins after R
#: (unit, leaf task) -> (status, C) of every lead's row
ROWS_R1 = {
    (VHXH, "II.2.1.a"): IP, (VHXH, "II.2.1.b"): IP, (VHXH, "IV.1.1"): ("on_time", d(15, 4)),
    (VHXH, "IV.2.2"): IP, (VHXH, "IV.3.1"): IP, (VHXH, "IV.3.2"): IP,
    (VHXH, "VII.1/2023-03"): ("on_time", d(31, 3)), (VHXH, "VII.1/2023-04"): ("due_soon", None),
    **{(VHXH, m): LATER for m in MONTHS[2:]},
    (VPTK, "IV.1.2"): ("on_time", d(14, 3)), (VPTK, "VII.2"): IP,
    ("MTTQ", "IV.1.2"): ("due_soon", None),
    ("HND", "IV.1.3"): ("on_time", d(10, 4)), ("HND", "IV.1.4/2023-03"): ("on_time", d(26, 3)),
    ("HND", "IV.1.4/2023-04"): NR,
    ("HPN", "IV.1.3"): NR, ("HPN", "IV.1.4/2023-03"): NR, ("HPN", "IV.1.4/2023-04"): NR,
    (DCXD, "II.2.2"): NR, (DCXD, "IV.1.5"): NR, (TCKH, "IV.2.3"): NR,
    **{(u, "II.2.3"): NR for u in TK},
    ("TK4", "II.2.3"): ("on_time", d(20, 4)), ("TK4", "IV.2.1"): IP,
}
ROWS_R2 = {
    (VHXH, "II.2.1.a"): IP, (VHXH, "II.2.1.b"): ("on_time", d(15, 8)),
    (VHXH, "IV.1.1"): ("on_time", d(15, 4)), (VHXH, "IV.2.2"): IP, (VHXH, "IV.3.1"): IP,
    (VHXH, "IV.3.2"): IP,
    (VHXH, "VII.1/2023-03"): ("on_time", d(31, 3)), (VHXH, "VII.1/2023-04"): ("on_time", d(28, 4)),
    (VHXH, "VII.1/2023-05"): ("on_time", d(31, 5)),
    (VHXH, "VII.1/2023-06"): ("late_done", d(5, 7)), (VHXH, "VII.1/2023-07"): ("overdue", None),
    (VHXH, "VII.1/2023-08"): ("on_time", d(31, 8)), (VHXH, "VII.1/2023-09"): NR,
    **{(VHXH, m): LATER for m in MONTHS[7:]},
    (VPTK, "IV.1.2"): ("on_time", d(14, 3)), (VPTK, "VII.2"): IP,
    ("MTTQ", "IV.1.2"): ("late_done", d(10, 5)),
    ("HND", "IV.1.3"): ("on_time", d(10, 4)), ("HND", "IV.1.4/2023-03"): ("on_time", d(26, 3)),
    ("HND", "IV.1.4/2023-04"): NR,
    ("HPN", "IV.1.3"): ("late_done", d(20, 5)), ("HPN", "IV.1.4/2023-03"): ("late_done", d(8, 4)),
    ("HPN", "IV.1.4/2023-04"): ("on_time", d(28, 4)),
    (DCXD, "II.2.2"): NR, (DCXD, "IV.1.5"): ("on_time", d(28, 4)), (TCKH, "IV.2.3"): NR,
    **{(u, "II.2.3"): NR for u in TK},
    ("TK7", "II.2.3"): ("on_time", d(31, 8)), ("TK4", "IV.2.1"): ("on_time", d(30, 8)),
}
#: rows whose C is inferred (no Ngày hoàn thành in the return)
ASSUMED_R1 = {("TK4", "II.2.3")}
ASSUMED_R2: set[tuple[str, str]] = set()

UNIT_KEYS = ("led", "on_time", "late_done", "open_in_time", "open_overdue", "not_reported",
             "due", "on_time_rate", "completion_rate", "mean_pct", "exceeded", "rank")
SILENT = (1, 0, 0, 1, 0, 1, 0, N, 0.0, 0.0, 0)  # a tiểu khu that never reports, D not passed
UNITS_R1 = {
    VHXH: (8, 2, 0, 6, 0, 0, 2, 100.0, 25.0, 56.72, 0, 2),
    VPTK: (2, 1, 0, 1, 0, 0, 1, 100.0, 50.0, 50.0, 0, 3),
    "HND": (3, 2, 0, 1, 0, 1, 2, 100.0, 66.67, 66.67, 0, 1),
    "TK4": (2, 1, 0, 1, 0, 0, 1, 100.0, 50.0, 50.0, 0, 3),
    "HPN": (3, 0, 0, 2, 1, 3, 1, 0.0, 0.0, 0.0, 0, 5),
    "MTTQ": (1, 0, 0, 1, 0, 0, 0, N, 0.0, 0.0, 0, 6),
    DCXD: (2, 0, 0, 2, 0, 2, 0, N, 0.0, 0.0, 0, 6),
    TCKH: (1, 0, 0, 1, 0, 1, 0, N, 0.0, 0.0, 0, 6),
    **{u: (*SILENT, 6) for u in TK if u != "TK4"},
}
UNITS_R2 = {
    VHXH: (13, 6, 1, 5, 1, 1, 8, 75.0, 53.85, 68.08, 1, 5),
    VPTK: (2, 1, 0, 1, 0, 0, 1, 100.0, 50.0, 50.0, 0, 2),
    DCXD: (2, 1, 0, 1, 0, 1, 1, 100.0, 50.0, 50.0, 0, 2),
    "TK4": (2, 1, 0, 1, 0, 1, 1, 100.0, 50.0, 50.0, 0, 2),
    "TK7": (1, 1, 0, 0, 0, 0, 1, 100.0, 100.0, 100.0, 0, 1),
    "HPN": (3, 1, 2, 0, 0, 0, 3, 33.33, 100.0, 100.0, 0, 7),
    "HND": (3, 2, 0, 0, 1, 1, 3, 66.67, 66.67, 66.67, 0, 6),
    "MTTQ": (1, 0, 1, 0, 0, 0, 1, 0.0, 100.0, 100.0, 0, 8),
    TCKH: (1, 0, 0, 0, 1, 1, 1, 0.0, 0.0, 0.0, 0, 9),
    **{u: (*SILENT, 10) for u in TK if u not in ("TK4", "TK7")},
}
# PLAN_R1/R2: seed_golden.PLAN_KEYS in order
PLAN_R1 = (0, 8, 18, 2, 0, 15, 1, 4)
PLAN_R2 = (0, 8, 23, 8, 4, 8, 3, 3)

GOLDEN = [(R1, TASKS_R1, ROWS_R1, ASSUMED_R1, UNITS_R1, PLAN_R1),
          (R2, TASKS_R2, ROWS_R2, ASSUMED_R2, UNITS_R2, PLAN_R2)]
PARENTS = ("II.2.1", "IV.1", "IV.1.4", "IV.2", "IV.3", "VII.1")


@pytest.fixture(scope="module")
def reports(seed002):
    ws, plan, _, _ = seed002
    return {r: build_report(plan, ws.workbook, r) for r in (R1, R2)}


class TestGoldenTables(GoldenTables):
    GOLDEN = GOLDEN
    PARENTS = PARENTS
    UNIT_KEYS = UNIT_KEYS


def test_awards_at_the_first_date_need_every_phase_task_achieved(reports):
    """At 25/04, KT-D1 (Công chức and Đoàn thể, ≥ 1 D1 task led, 100 % on time over the
    tasks due — a task done counts as due, as in Theo đơn vị —, every D1 task achieved):
    VHXH's IV.1.1 done 15/04 and VPTK's IV.1.2 done 14/03, each their only D1 task →
    proposed (VHXH's VII.1 months belong to no phase). HND did IV.1.3 and March's
    IV.1.4/2023-03 on time (2/2 due) but April's is still open: not every task achieved →
    not proposed. MTTQ (IV.1.2 open), HPN (March not reported past 31/03: 0/1 on time) and
    DCXD (not reported) have nothing done. D2 and D3: nothing achieved yet."""
    awards = reports[R1].awards
    assert list(zip(awards["unit"], awards["rule"], strict=True)) == [
        ("VHXH", "KT-D1"), ("VPTK", "KT-D1")]


def test_awards_and_criticism_after_the_second_phase(reports):
    """At 05/09 with the plan's own award rules (mục VI.1.1, per phase: Công chức and Đoàn
    thể that lead at least one task of the phase, all on time over the tasks due and every
    one achieved — toolkit/data/seed002_criteria.csv). D1 (IV.1.1–IV.1.3, IV.1.4's two
    months, IV.1.5, due by 30/04; a period takes the Đợt of its task): VHXH IV.1.1, VPTK
    IV.1.2, DCXD IV.1.5 each done on time → proposed; MTTQ IV.1.2 late, HPN 1/3 on time
    (IV.1.3 and March late), HND 2/3 (April not reported) → not. D2: TK4 (IV.2.1 on time)
    is a Tiểu khu, not a subject; VHXH's IV.2.2 is not due and not achieved; TCKH's IV.2.3
    is missing → none. D3: nothing achieved → none. Criticised (the form's default kept,
    the plan states no rule): a missed task whose cause says "Chủ quan": MTTQ's IV.1.2,
    done late. HPN's late IV.1.3 and IV.1.4/2023-03 and VHXH's late VII.1/2023-06 give
    "Khách quan"; VHXH's VII.1/2023-07 (Chưa thực hiện), HND's IV.1.4/2023-04 and TCKH's
    IV.2.3 (not reported) give none."""
    data = reports[R2]
    assert sorted(data.awards["unit"]) == ["DCXD", "VHXH", "VPTK"]
    assert sorted(set(data.awards["rule"])) == ["KT-D1"]
    assert list(zip(data.criticised["unit"], data.criticised["task"], strict=True)) == [
        ("MTTQ", "IV.1.2")]
