"""Seed 003 (Kế hoạch 71/KH-UBND of UBND tỉnh, 12/4/2022: a special campaign on the key
projects to 2025, known only from a news summary) as the bundled sample 003: the plan as
typed, its check, and a golden table of % and status at two report dates.

The sample returns are toolkit/data/seed003_returns.csv, written into the generated forms
by write/sample_returns.make_seed_returns and collected in one batch. The expected values
below are worked out by hand from DESIGN §3–§6 and that CSV, not produced by the code.

Plan (toolkit/data/seed003_tasks.csv): warning days 7; plan 12/04/2022–31/12/2025.
  1   Định tính, D 31/12/2025, STTTT.
  2   Nhiều hạng mục (leads = the children's leads): 2.1 Tỷ lệ ≥ 100, Chu kỳ Hằng năm
      (STNMT); 2.2 Định tính, D 2025 (SGTVT); 2.3 Định tính, D 2025 (BQLKCN); 2.4 Tỷ lệ
      ≥ 100, Chu kỳ Hằng năm, leads SGTVT and BQLKCN.
  2.1 and 2.4 have no Hiệu lực từ (the plan's start, 12/04/2022) and D 31/12/2025: four
      yearly periods each, 2.1/2022 … 2.1/2025 and 2.4/2022 … 2.4/2025, each a Tỷ lệ ≥ 100
      with the task's leads, due on 31/12 of its year; the first begins on 12/04/2022 (the
      partial year 2022 is still one period, due 31/12/2022), the others on 01/01. 2.1 and
      2.4 are scored from their periods due at R (before any is due: from the one under
      way); a period that has not begun at R is listed, not scored (status None, no %).
      Their D is the latest period's, 31/12/2025.
  3, 4 Định tính, D 2025, STNMT.
  5   Nhiều hạng mục: 5.1 Định tính (SKHDT); 5.2 Không để xảy ra from 12/04/2022 (SGTVT,
      BQLKCN); 5.3 Định tính (TTR); 5.4 Giữ vững (CA, Loại Ngành dọc); all D 31/12/2025.
  6   Định tính, D 2025, SNV.   7 Mốc, D 31/12/2023, SNV.   8 Mốc, D 31/12/2025, SNV.
  16 written tasks + 8 periods = 24; 8 top-level tasks; the scored leaves are the 12 leaves
  other than 2.1 and 2.4 plus their periods begun at R. A unit leading a parent and one of
  its children answers for the child, so the parents 2, 5, 2.1 and 2.4 are no unit's own
  task: STNMT answers for 2.1's periods, SGTVT and BQLKCN each for 2.4's.
Rules used (DESIGN §3–§4): Tỷ lệ ≥ 100·A/T; Định tính 100 if Đạt (Không đạt is 0 but not
final); Mốc 100 if Đã hoàn thành; Không để xảy ra: A = 0 is 100 but achieved only by a return
dated on or after D, A > 0 is Không đạt at once; Giữ vững: Đạt before D is 100 on track,
Không đạt is Không đạt at once. Several leads: mean of the leads' capped % (a lead without
a return counts 0), achieved when all are, Không đạt when a lead's row is. A parent: mean of
its children's capped % (a child nobody reported counts 0), Không đạt with a Không đạt
child, overdue with a child in Chưa HT quá hạn (a child past its D without any return
included), else by its own D. A periodic task: the same over its periods due (D ≤ R).
R ≤ D − 7 in progress; D − 7 < R ≤ D due soon; R > D overdue. A unit's due tasks: D ≤ R or
achieved.

Returns (unit, data date, Lần gửi): STNMT 20/12/2022 (1), 10/01/2023 (2, task 3 left blank);
SGTVT 23/12/2022 (1), 10/01/2023 (2); BQLKCN 26/12/2022 (1, 2.4/2022 typed 10), its
correction 26/12/2022 (2, 2.4/2022 = 100 done 22/12) and 10/01/2024 (3: 2.4/2022 again,
2.4/2023 = 100 done 05/01/2024, cause Khách quan); SNV 16/12/2022 (1), 12/01/2024 (2); CA
26/12/2022 (1), 10/01/2024 (2); STTTT 30/06/2023 (1). SKHDT and TTR never report. The
yearly rows are typed on their period's row (2.1/2022, 2.4/2023); nobody reports 2024.

R1 = 27/12/2022: counted STNMT 20/12, SGTVT 23/12, BQLKCN 26/12 lần 2 (same date, later Lần
gửi), SNV 16/12, CA 26/12. D 31/12/2022: 24/12 < 27/12 ≤ 31/12 → due soon. Periods begun:
2.1/2022 and 2.4/2022 (from 12/04/2022); 2023–2025 begin on 01/01 of their year, after R1:
not scored (None).
  STNMT: 2.1/2022 92 → due soon; 3 Không đạt → 0, in progress; 4 Đạt 15/12 → on time.
  SGTVT: 2.4/2022 86 → due soon; 5.2 A = 0 → 100, in progress (23/12 < D); 2.2 not reported.
  BQLKCN: 2.4/2022 100 done 22/12 → on time; 5.2 A = 0 → 100, in progress; 2.3 not reported.
  SNV: 6 Đạt 10/12 → on time; 7, 8 → 0.   CA: 5.4 Đạt → 100, in progress.
  Tasks: 2.1/2022 92, due soon; 2.4/2022 (86 + 100) / 2 = 93, due soon. No period is due
         yet (31/12/2022 > R1), so 2.1 and 2.4 show the period under way: 2.1 92, 2.4 93,
         both in progress by their own D 2025 (not due soon: that is the period's). 2 (92 +
         0 + 0 + 93) / 4 = 46,25, no child past D → by D 2025 in progress; 5.2 (100 + 100)
         / 2 = 100, in progress; 5 (0 + 100 + 0 + 100) / 4 = 50; 1, 2.2, 2.3, 5.1, 5.3
         Chưa báo cáo.
  Units (led; on time; open in time; not reported; due; on-time rate; completion; mean):
  the same as with 2.1 and 2.4 typed for 2022, since only the 2022 periods have begun.
    STNMT 3 (2.1/2022, 3, 4); 1; 2; 0; 1; 100; 33,33; (92 + 0 + 100) / 3 = 64.
    BQLKCN 3 (2.3, 2.4/2022, 5.2); 1; 2; 1; 1; 100; 33,33; (0 + 100 + 100) / 3 = 66,67.
    SNV 3; 1; 2; 0; 1; 100; 33,33; 33,33.
    SGTVT 3 (2.2, 2.4/2022, 5.2); 0; 3; 1; 0; —; 0; (0 + 86 + 100) / 3 = 62.
    CA 1; 0; 1; 0; 0; —; 0; 100.   STTTT, SKHDT, TTR 1; 0; 1; 1; 0; —; 0; 0.
    Rank: BQLKCN 1, STNMT 2, SNV 3 (rate 100, by mean); nothing due: CA 4 (mean 100), SGTVT
    5 (62), STTTT, SKHDT, TTR 6.
  Headline: 2 of 8 top-level tasks achieved (4, 6); 14 leaves (the 12 others, 2.1/2022,
  2.4/2022): on time 2, open in time 12, not reported 5.
  Awards (README: on-time rate 100% over the tasks due, at least 1 led): STNMT, BQLKCN, SNV.

R2 = 15/01/2024: counted STNMT 10/01/2023, SGTVT 10/01/2023, BQLKCN 10/01/2024 lần 3, SNV
12/01/2024, CA 10/01/2024, STTTT 30/06/2023. D 2022 and 31/12/2023 have passed. Periods
begun: 2022, 2023, 2024 (from 01/01/2024 ≤ R2); due: 2022 and 2023; 2025 not begun.
  STTTT: 1 Đạt without date → C = 30/06/2023, assumed → on time.
  STNMT: 2.1/2022 104 done 30/12/2022 → on time (exceeded); 2.1/2023 no return past its D
         31/12/2023 → Chưa báo cáo, Chưa HT quá hạn; 2.1/2024 not reported, in time (D
         31/12/2024); 3 blank → not reported; 4 on time.
  SGTVT: 2.4/2022 96, 15/01/2024 > 31/12/2022 → overdue (cause Chủ quan); 2.4/2023,
         2.4/2024 not reported (2023 past its D); 5.2 A = 1 → Không đạt (cause Khách
         quan); 2.2 not reported.
  BQLKCN: 2.4/2022 on time 22/12/2022; 2.4/2023 100 done 05/01/2024 > 31/12/2023 → late
          (cause Khách quan); 2.4/2024 not reported; 5.2 A = 0 on 10/01/2024 < D → 100, in
          progress; 2.3 not reported.
  CA: 5.4 Không đạt → Không đạt (cause Chủ quan).
  SNV: 6 on time; 7 done 05/01/2024 > 31/12/2023 → Hoàn thành quá hạn; 8 → 0.
  Tasks: 1 100, on time 30/06/2023.
         2.1/2022 (one lead: uncapped) 104, on time 30/12/2022; 2.1/2023 Chưa báo cáo;
         2.1/2024 Chưa báo cáo; 2.1 from the periods due: (100 + 0) / 2 = 50, overdue
         (2.1/2023 past its D unreported).
         2.4/2022 (96 + 100) / 2 = 98, overdue; 2.4/2023 one lead late, one not reported:
         (0 + 100) / 2 = 50, not achieved, R2 > D → overdue; 2.4/2024 Chưa báo cáo; 2.4
         (98 + 50) / 2 = 74, overdue.
         2 (50 + 0 + 0 + 74) / 4 = 31, overdue; 3 Chưa báo cáo; 5.2 (0 + 100) / 2 = 50,
         Không đạt; 5.4 0, Không đạt; 5 (0 + 50 + 0 + 0) / 4 = 12,5, Không đạt; 7 100,
         late, C 05/01/2024; 8 0, in progress.
  Units (led; on time; late; open in time; open overdue; not reported; due; on-time rate;
  completion; mean; exceeded):
    STTTT 1; 1; 0; 0; 0; 0; 1; 100; 100; 100; 0.
    STNMT 5 (2.1/2022, 2.1/2023, 2.1/2024, 3, 4); 2 (2.1/2022, 4); 0; 2 (2.1/2024, 3); 1
          (2.1/2023); 3 (2.1/2023, 2.1/2024, 3); 3 (2.1/2022, 2.1/2023, 4); 2/3 = 66,67;
          2/5 = 40; (100 + 0 + 0 + 0 + 100) / 5 = 40; 1 (104).
    SNV 3; 1; 1 (7); 1 (8); 0; 0; 2; 50; 66,67; 66,67; 0.
    BQLKCN 5 (2.3, 2.4/2022, 2.4/2023, 2.4/2024, 5.2); 1; 1 (2.4/2023); 3 (2.3, 2.4/2024,
          5.2); 0; 2 (2.3, 2.4/2024); 2 (2.4/2022, 2.4/2023); 50; 2/5 = 40; (0 + 100 + 100
          + 0 + 100) / 5 = 60; 0.
    SGTVT 5 (2.2, 2.4/2022, 2.4/2023, 2.4/2024, 5.2); 0; 0; 2 (2.2, 2.4/2024); 3 (2.4/2022,
          2.4/2023, 5.2); 3 (2.2, 2.4/2023, 2.4/2024); 2 (2.4/2022, 2.4/2023; 5.2's D is
          2025); 0; 0; (0 + 96 + 0 + 0 + 0) / 5 = 19,2; 0.
    CA 1; 0; 0; 0; 1; 0; 0; —; 0; 0; 0.   SKHDT, TTR 1; 0; 0; 1; 0; 1; 0; —; 0; 0; 0.
    Rank: STTTT 1 (100); STNMT 2 (66,67); SNV 3 and BQLKCN 4 (50 both: mean 66,67 > 60);
    SGTVT 5 (0); CA, SKHDT, TTR 6 (nothing due, mean 0).
  Headline: 4 of 8 (1, 4, 6, 7); 18 leaves (the 12 others and the periods 2022–2024 of
  2.1 and 2.4): on time 4 (1, 2.1/2022, 4, 6), late 1 (7), overdue 5 (2.1/2023, 2.4/2022,
  2.4/2023, 5.2, 5.4), open in time 8 (2.1/2024, 2.2, 2.3, 2.4/2024, 3, 5.1, 5.3, 8), not
  reported 8 (2.1/2023, 2.1/2024, 2.2, 2.3, 2.4/2024, 3, 5.1, 5.3).
  Awards: STTTT only (STNMT missed 2.1/2023, BQLKCN was late with 2.4/2023). Criticised (a
  missed task, cause "Chủ quan"): SGTVT's 2.4/2022; its 5.2 gives "Khách quan", BQLKCN's
  late 2.4/2023 and SNV's late 7 "Khách quan", the unreported 2.1/2023 and 2.4/2023 no
  cause. CA is Ngành dọc: its missed 5.4 is listed for the superior body, not criticised."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from thidua.core import labels
from thidua.report import build_report

from seed_golden import GoldenTables, collected_sample, init_and_check

ROOT = Path(__file__).resolve().parent.parent
R1, R2 = dt.date(2022, 12, 27), dt.date(2024, 1, 15)
N = None  # no % (no lead reported) or no rate (nothing due)
D22, D23, D25 = dt.date(2022, 12, 31), dt.date(2023, 12, 31), dt.date(2025, 12, 31)


@pytest.fixture(scope="module")
def seed003(tmp_path_factory):
    """init --sample 003, forms, the sample returns in the inbox, one collect."""
    return collected_sample(tmp_path_factory.mktemp("seed003") / "kh", "003")


# ---------------------------------------------------------------------------
# The plan as typed
# ---------------------------------------------------------------------------

def test_check_has_no_errors_and_only_the_warnings_the_notes_explain(seed003):
    _ws, _plan, report, _ = seed003
    assert report.errors == []
    # The summary names no district, investor or contractor.
    assert sorted((i.code, i.sheet, i.cell) for i in report.warnings) == [
        ("group-no-members", "Đơn vị", "G11"),
        ("group-no-members", "Đơn vị", "G12"),
    ]
    notes = (ROOT / "samples" / "seed003" / "GHI-CHU.md").read_text(encoding="utf-8")
    for words in ("UBND các huyện, thị xã, thành phố", "Các đơn vị chủ đầu tư",
                  "suy luận theo chức năng", "hằng năm"):
        assert words in notes


def test_plan_identity_and_period(seed003):
    _ws, plan, _, _ = seed003
    assert (plan.info["number"], plan.info["issuer"], plan.info["issued_on"]) == (
        "71/KH-UBND", "UBND tỉnh Hưng Yên", dt.date(2022, 4, 12))
    assert (plan.info["start"], plan.info["end"]) == (dt.date(2022, 4, 12), D25)
    assert list(plan.phases["code"]) == ["DB"]


@pytest.mark.parametrize(("code", "parent", "kind", "target", "deadline", "leads"), [
    ("1", None, "qualitative", None, D25, ["STTTT"]),
    ("2", None, "multi", None, None, ["STNMT", "SGTVT", "BQLKCN"]),
    ("2.1", "2", "rate", 100, D25, ["STNMT"]),
    ("2.1/2022", "2.1", "rate", 100, D22, ["STNMT"]),
    ("2.1/2025", "2.1", "rate", 100, D25, ["STNMT"]),
    ("2.4", "2", "rate", 100, D25, ["SGTVT", "BQLKCN"]),
    ("2.4/2023", "2.4", "rate", 100, D23, ["SGTVT", "BQLKCN"]),
    ("5.2", "5", "zero", None, D25, ["SGTVT", "BQLKCN"]),
    ("5.4", "5", "maintain", None, D25, ["CA"]),
    ("7", None, "milestone", None, D23, ["SNV"]),
    ("8", None, "milestone", None, D25, ["SNV"]),
])
def test_tasks_keep_the_plans_order_kinds_and_dates(seed003, code, parent, kind, target,
                                                    deadline, leads):
    _ws, plan, _, _ = seed003
    rows = plan.tasks[plan.tasks["code"] == code]
    assert len(rows) == 1
    task = rows.iloc[0]
    assert (task["parent"], task["kind"], task["deadline"]) == (parent, kind, deadline)
    assert (None if pd.isna(task["target"]) else task["target"]) == target
    assert list(task["lead_codes"]) == leads


def test_yearly_targets_have_a_period_a_year_from_the_issue_date(seed003):
    """2.1 and 2.4 (Chu kỳ Hằng năm, no Hiệu lực từ, D 31/12/2025) get one period a year
    2022–2025 right after them; the first begins on the plan's start 12/04/2022."""
    _ws, plan, _, _ = seed003
    tasks = plan.tasks.set_index("code")
    codes = list(plan.tasks["code"])
    for code in ("2.1", "2.4"):
        years = [f"{code}/{y}" for y in ("2022", "2023", "2024", "2025")]
        at = codes.index(code)
        assert codes[at + 1:at + 5] == years
        assert list(tasks.loc[years, "period_start"]) == [
            dt.date(2022, 4, 12), dt.date(2023, 1, 1), dt.date(2024, 1, 1), dt.date(2025, 1, 1)]
        assert list(tasks.loc[years, "deadline"]) == [
            dt.date(y, 12, 31) for y in (2022, 2023, 2024, 2025)]
    assert tasks.loc["2.1/2023", "content"].startswith("Năm 2023 – Hoàn thành đúng hoặc vượt")


def test_zero_tolerance_counts_from_the_issue_date(seed003):
    _ws, plan, _, _ = seed003
    task = plan.tasks[plan.tasks["code"] == "5.2"].iloc[0]
    assert task["effective_from"] == dt.date(2022, 4, 12)


def test_init_sample_003_from_the_command_line(tmp_path):
    stats, said = init_and_check(tmp_path / "hy", "003")
    # 16 written tasks, and apart the 4 yearly periods of 2.1 and of 2.4
    assert (stats["errors"], stats["tasks"], stats["periods"], stats["units"]) == (0, 16, 8, 11)
    assert "(16 nhiệm vụ và 8 kỳ của nhiệm vụ định kỳ, 11 đơn vị" in said


# ---------------------------------------------------------------------------
# Collect
# ---------------------------------------------------------------------------

def test_collect_keeps_every_round_and_the_correction_wins(seed003):
    _ws, _plan, _, collected = seed003
    statuses = {f.name: f.status for f in collected.files}
    assert statuses == {
        "stnmt-20-12-2022.xlsx": "superseded", "stnmt-10-01-2023.xlsx": "accepted",
        "sgtvt-23-12-2022.xlsx": "superseded", "sgtvt-10-01-2023.xlsx": "accepted",
        "bqlkcn-26-12-2022.xlsx": "superseded", "bqlkcn-26-12-2022-lan2.xlsx": "superseded",
        "bqlkcn-10-01-2024.xlsx": "accepted",
        "snv-16-12-2022.xlsx": "superseded", "snv-12-01-2024.xlsx": "accepted",
        "ca-26-12-2022.xlsx": "superseded", "ca-10-01-2024.xlsx": "accepted",
        "stttt-30-06-2023.xlsx": "flagged",
    }


def test_done_without_a_date_is_flagged_at_its_row(seed003):
    """STTTT's task 1 "Đạt" has no completion date; CA's Giữ vững "Đạt" (5.4) has none to
    give before its deadline and is not flagged."""
    ws, _plan, _, collected = seed003
    flagged = {}
    for f in collected.files:
        cells = [i.cell for i in f.issues if i.code == "missing-completion-date"]
        if cells:
            sheet = openpyxl.load_workbook(ws.inbox / f.name)[labels.FORM_SHEET]
            flagged[f.name] = sorted(str(sheet[f"A{c[1:]}"].value) for c in cells)
            assert all(c.startswith("H") for c in cells)
    assert flagged == {"stttt-30-06-2023.xlsx": ["1"]}


# ---------------------------------------------------------------------------
# Golden tables
# ---------------------------------------------------------------------------

NR = ("no_report", None)
IP = ("in_progress", None)
NB = (N, None, None)  # a period not begun at R: listed, not scored
YEARS = ("2022", "2023", "2024", "2025")

#: task -> (% rounded to 2 places, status, C)
TASKS_R1 = {
    "1": (N, "no_report", None),
    "2": (46.25, "in_progress", None),
    "2.1": (92.0, "in_progress", None), "2.1/2022": (92.0, "due_soon", None),
    "2.1/2023": NB, "2.1/2024": NB, "2.1/2025": NB,
    "2.2": (N, "no_report", None), "2.3": (N, "no_report", None),
    "2.4": (93.0, "in_progress", None), "2.4/2022": (93.0, "due_soon", None),
    "2.4/2023": NB, "2.4/2024": NB, "2.4/2025": NB,
    "3": (0.0, "in_progress", None), "4": (100.0, "on_time", dt.date(2022, 12, 15)),
    "5": (50.0, "in_progress", None), "5.1": (N, "no_report", None),
    "5.2": (100.0, "in_progress", None), "5.3": (N, "no_report", None),
    "5.4": (100.0, "in_progress", None),
    "6": (100.0, "on_time", dt.date(2022, 12, 10)),
    "7": (0.0, "in_progress", None), "8": (0.0, "in_progress", None),
}
TASKS_R2 = {
    "1": (100.0, "on_time", dt.date(2023, 6, 30)),
    "2": (31.0, "overdue", None),
    "2.1": (50.0, "overdue", None), "2.1/2022": (104.0, "on_time", dt.date(2022, 12, 30)),
    "2.1/2023": (N, "no_report", None), "2.1/2024": (N, "no_report", None), "2.1/2025": NB,
    "2.2": (N, "no_report", None), "2.3": (N, "no_report", None),
    "2.4": (74.0, "overdue", None), "2.4/2022": (98.0, "overdue", None),
    "2.4/2023": (50.0, "overdue", None), "2.4/2024": (N, "no_report", None), "2.4/2025": NB,
    "3": (N, "no_report", None), "4": (100.0, "on_time", dt.date(2022, 12, 15)),
    "5": (12.5, "failed", None), "5.1": (N, "no_report", None),
    "5.2": (50.0, "failed", None), "5.3": (N, "no_report", None),
    "5.4": (0.0, "failed", None),
    "6": (100.0, "on_time", dt.date(2022, 12, 10)),
    "7": (100.0, "late_done", dt.date(2024, 1, 5)), "8": (0.0, "in_progress", None),
}
NOT_BEGUN = (None, None)
#: (unit, leaf task) -> (status, C) of every lead's row
ROWS_R1 = {
    ("STTTT", "1"): NR,
    ("STNMT", "2.1/2022"): ("due_soon", None),
    **{("STNMT", f"2.1/{y}"): NOT_BEGUN for y in YEARS[1:]},
    ("STNMT", "3"): IP, ("STNMT", "4"): ("on_time", dt.date(2022, 12, 15)),
    ("SGTVT", "2.2"): NR, ("SGTVT", "2.4/2022"): ("due_soon", None),
    **{("SGTVT", f"2.4/{y}"): NOT_BEGUN for y in YEARS[1:]}, ("SGTVT", "5.2"): IP,
    ("BQLKCN", "2.3"): NR, ("BQLKCN", "2.4/2022"): ("on_time", dt.date(2022, 12, 22)),
    **{("BQLKCN", f"2.4/{y}"): NOT_BEGUN for y in YEARS[1:]}, ("BQLKCN", "5.2"): IP,
    ("SKHDT", "5.1"): NR, ("TTR", "5.3"): NR, ("CA", "5.4"): IP,
    ("SNV", "6"): ("on_time", dt.date(2022, 12, 10)), ("SNV", "7"): IP, ("SNV", "8"): IP,
}
ROWS_R2 = {
    ("STTTT", "1"): ("on_time", dt.date(2023, 6, 30)),
    ("STNMT", "2.1/2022"): ("on_time", dt.date(2022, 12, 30)), ("STNMT", "2.1/2023"): NR,
    ("STNMT", "2.1/2024"): NR, ("STNMT", "2.1/2025"): NOT_BEGUN,
    ("STNMT", "3"): NR, ("STNMT", "4"): ("on_time", dt.date(2022, 12, 15)),
    ("SGTVT", "2.2"): NR, ("SGTVT", "2.4/2022"): ("overdue", None), ("SGTVT", "2.4/2023"): NR,
    ("SGTVT", "2.4/2024"): NR, ("SGTVT", "2.4/2025"): NOT_BEGUN,
    ("SGTVT", "5.2"): ("failed", None),
    ("BQLKCN", "2.3"): NR, ("BQLKCN", "2.4/2022"): ("on_time", dt.date(2022, 12, 22)),
    ("BQLKCN", "2.4/2023"): ("late_done", dt.date(2024, 1, 5)), ("BQLKCN", "2.4/2024"): NR,
    ("BQLKCN", "2.4/2025"): NOT_BEGUN, ("BQLKCN", "5.2"): IP,
    ("SKHDT", "5.1"): NR, ("TTR", "5.3"): NR, ("CA", "5.4"): ("failed", None),
    ("SNV", "6"): ("on_time", dt.date(2022, 12, 10)),
    ("SNV", "7"): ("late_done", dt.date(2024, 1, 5)), ("SNV", "8"): IP,
}
ASSUMED_R1: set[tuple[str, str]] = set()
ASSUMED_R2 = {("STTTT", "1")}

UNIT_KEYS = ("led", "on_time", "late_done", "open_in_time", "open_overdue", "not_reported",
             "due", "on_time_rate", "completion_rate", "mean_pct", "exceeded", "rank")
UNITS_R1 = {
    "BQLKCN": (3, 1, 0, 2, 0, 1, 1, 100.0, 33.33, 66.67, 0, 1),
    "STNMT": (3, 1, 0, 2, 0, 0, 1, 100.0, 33.33, 64.0, 0, 2),
    "SNV": (3, 1, 0, 2, 0, 0, 1, 100.0, 33.33, 33.33, 0, 3),
    "CA": (1, 0, 0, 1, 0, 0, 0, N, 0.0, 100.0, 0, 4),
    "SGTVT": (3, 0, 0, 3, 0, 1, 0, N, 0.0, 62.0, 0, 5),
    "STTTT": (1, 0, 0, 1, 0, 1, 0, N, 0.0, 0.0, 0, 6),
    "SKHDT": (1, 0, 0, 1, 0, 1, 0, N, 0.0, 0.0, 0, 6),
    "TTR": (1, 0, 0, 1, 0, 1, 0, N, 0.0, 0.0, 0, 6),
}
UNITS_R2 = {
    "STTTT": (1, 1, 0, 0, 0, 0, 1, 100.0, 100.0, 100.0, 0, 1),
    "STNMT": (5, 2, 0, 2, 1, 3, 3, 66.67, 40.0, 40.0, 1, 2),
    "SNV": (3, 1, 1, 1, 0, 0, 2, 50.0, 66.67, 66.67, 0, 3),
    "BQLKCN": (5, 1, 1, 3, 0, 2, 2, 50.0, 40.0, 60.0, 0, 4),
    "SGTVT": (5, 0, 0, 2, 3, 3, 2, 0.0, 0.0, 19.2, 0, 5),
    "CA": (1, 0, 0, 0, 1, 0, 0, N, 0.0, 0.0, 0, 6),
    "SKHDT": (1, 0, 0, 1, 0, 1, 0, N, 0.0, 0.0, 0, 6),
    "TTR": (1, 0, 0, 1, 0, 1, 0, N, 0.0, 0.0, 0, 6),
}
# PLAN_R1/R2: seed_golden.PLAN_KEYS in order
PLAN_R1 = (2, 8, 14, 2, 0, 12, 0, 5)
PLAN_R2 = (4, 8, 18, 4, 1, 8, 5, 8)

GOLDEN = [(R1, TASKS_R1, ROWS_R1, ASSUMED_R1, UNITS_R1, PLAN_R1),
          (R2, TASKS_R2, ROWS_R2, ASSUMED_R2, UNITS_R2, PLAN_R2)]
PARENTS = ("2", "2.1", "2.4", "5")


@pytest.fixture(scope="module")
def reports(seed003):
    ws, plan, _, _ = seed003
    return {r: build_report(plan, ws.workbook, r) for r in (R1, R2)}


class TestGoldenTables(GoldenTables):
    GOLDEN = GOLDEN
    PARENTS = PARENTS
    UNIT_KEYS = UNIT_KEYS


def test_breaches_are_final_whatever_the_deadline(reports):
    """5.2 (Không để xảy ra, D 2025) and 5.4 (Giữ vững, D 2025) are Không đạt at 15/01/2024,
    two years before D, and need an explanation at once (DESIGN §3–§4)."""
    tasks = reports[R2].evaluation.tasks.set_index("code")
    assert tasks.loc["5.2", "needs_explanation"] and tasks.loc["5.4", "needs_explanation"]
    assert (tasks.loc["5.2", "note"], tasks.loc["5.4", "note"]) == ("breached", "lapsed")


def test_awards_at_the_first_date(reports):
    data = reports[R1]
    assert sorted(data.awards["unit"]) == ["BQLKCN", "SNV", "STNMT"]
    assert data.criticised.empty and data.vertical.empty


def test_awards_criticism_and_the_vertical_unit_at_the_second_date(reports):
    data = reports[R2]
    assert sorted(data.awards["unit"]) == ["STTTT"]
    assert list(zip(data.criticised["unit"], data.criticised["task"], strict=True)) == [
        ("SGTVT", "2.4/2022")]
    assert list(zip(data.vertical["unit"], data.vertical["task"], strict=True)) == [
        ("CA", "5.4")]
