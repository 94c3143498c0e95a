"""How fast `thidua report` is for U units × 40 tasks and a monthly task of 12 periods,
beside a baseline measured in the same run: the counted rows read with pandas and the
per-task and per-unit tables written with openpyxl, as a straightforward script would.

    python -m benchmarks.report --units 300
    python -m benchmarks.report --units 2000
    python -m benchmarks.report --units 300 --no-periodic   # the 40 tasks alone

Targets (issue: report): 300 units × 40 tasks under 2 s, 2000 × 40 under 8 s, whole
command. The ledger is filled directly (one accepted return per unit, every row
reported), since collect has its own benchmark."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.consolidate import plan_content
from thidua.core import labels
from thidua.store.archive import Archive
from thidua.store.ledger import FileRecord, Ledger
from thidua.write.canonical import PlanContent, write_canonical


def report_plan(units: int) -> PlanContent:
    """consolidate's plan (40 tasks every unit coordinates) and a periodic task: "mỗi tháng
    01 lần" over the plan's year, 12 scored periods, led by the first unit and coordinated
    by every unit (DESIGN §3, Chu kỳ)."""
    content = plan_content(units)
    content.tasks.append({"code": "41", "content": "Nhiệm vụ định kỳ",
                          "kind": labels.KINDS["count"], "target_text": "mỗi tháng 01 lần",
                          "target": "1", "cycle": "Hằng tháng", "leads": "DV0000",
                          "partners": "Tất cả đơn vị"})
    return content


def fill_ledger(workbook: Path, units: int, seed: int = 3) -> None:
    from thidua.read.plan import read_plan

    plan, _ = read_plan(workbook)
    rng = random.Random(seed)
    key = json.dumps(list(plan.key), ensure_ascii=False)
    # a periodic task is reported on its periods' rows, never on its own (its form row is
    # locked)
    reported = plan.tasks[plan.tasks["cycle"].isna()]
    kinds = dict(zip(reported["code"], reported["kind"], strict=True))
    files, rows = [], []
    for i in range(units):
        unit = f"DV{i:04d}"
        files.append(FileRecord(f"{i:064x}", ".xlsx", f"{unit}.xlsx", 1000,
                                "2024-05-10T08:00:00+07:00", key, unit, "identity", 100.0,
                                "2024-05-10", 1, None, None, "accepted"))
        for code, kind in kinds.items():
            done = rng.random() < 0.6
            value = "" if kind == "milestone" else round(rng.uniform(50, 120), 1)
            rows.append((i, unit, code, "partner", value, "",
                         "2024-05-08" if done else "",
                         labels.STATUS_DONE if done else labels.STATUS_DOING,
                         "" if done else rng.choice(list(labels.CAUSES)), "", "", "",
                         "", labels.FORM_SHEET, "G13", 13, ""))  # last: not rejected
    with Ledger.open(Archive.beside(workbook).ledger) as ledger, ledger.transaction():
        ledger.record_batch("collect", files, {}, lambda ids: ((ids[row[0]], *row[1:])
                                                                for row in rows))


BASELINE = """
import sqlite3, sys, pandas as pd, openpyxl
conn = sqlite3.connect(sys.argv[1])
rows = pd.read_sql_query("SELECT * FROM results", conn)
per_task = rows.groupby("task_code").agg(value=("value", "mean"), n=("unit_code", "size"))
per_unit = rows.groupby("unit_code").agg(done=("completed_on", "count"), n=("task_code", "size"))
book = openpyxl.Workbook()
ws = book.active
for r in per_task.itertuples():
    ws.append(list(r))
ws2 = book.create_sheet("units")
for r in per_unit.itertuples():
    ws2.append(list(r))
ws3 = book.create_sheet("values")
for r in rows.itertuples(index=False):
    ws3.append(list(r))
book.save(sys.argv[2])
"""


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(done.stdout[-2000:] + done.stderr[-2000:])
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--no-periodic", action="store_true",
                        help="the 40 tasks alone, as measured before periodic tasks existed")
    args = parser.parse_args()
    content = plan_content(args.units) if args.no_periodic else report_plan(args.units)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kh"
        workbook = write_canonical(root / labels.WORKBOOK_FILE, content)
        fill_ledger(workbook, args.units)
        ledger = Archive.beside(workbook).ledger
        base_s = timed([sys.executable, "-c", BASELINE, str(ledger), str(Path(tmp) / "b.xlsx")])
        total_s = timed([sys.executable, "-m", "thidua", "report", str(workbook), "--as-of",
                         dt.date(2024, 5, 20).strftime("%d/%m/%Y")])
    target = 2.0 if args.units <= 300 else 8.0
    print(f"baseline (pandas + openpyxl tables)  {base_s:6.2f} s")
    shape = "40 tasks" if args.no_periodic else "40 tasks + 12 periods"
    print(f"thidua report ({args.units} units x {shape})  {total_s:6.2f} s  "
          f"target < {target:.0f} s: {'ok' if total_s < target else 'MISSED'}")
    print(f"units={args.units} total_s={total_s:.2f} baseline_s={base_s:.2f}")


if __name__ == "__main__":
    main()
