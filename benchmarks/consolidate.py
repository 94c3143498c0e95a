"""How fast `thidua collect` consolidates N returns of ~40 rows, beside a straightforward
baseline measured in the same run on the same files.

    python -m benchmarks.consolidate --returns 60
    python -m benchmarks.consolidate --returns 2000
    python -m benchmarks.consolidate --returns 60 --junk

With --junk, the batch also holds a 34 MB return of 199,000 junk rows under an intact
form header, and the baseline is the same collect without it: the line then says what one
hostile file costs a batch (targets: under 5 s and 500 MiB, every good return recorded).

The baseline is what a typical script does: pandas.read_excel (openpyxl) per file, concat,
and the merged rows written to one workbook with openpyxl. The last line is
`returns=N total_s=… baseline_s=… speedup=… peak_mib=…`; total_s is the whole command,
interpreter start included, peak_mib the maximum resident memory of its main process.
POSIX only (os.wait4)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from thidua.core import fields, labels
from thidua.write.canonical import PlanContent, write_canonical

TASKS = 40


def plan_content(units: int) -> PlanContent:
    """40 tasks; every unit coordinates all of them through one group, so each form has
    ~40 rows; leads rotate over the units."""
    codes = [f"DV{i:04d}" for i in range(units)]
    unit_rows = [{"code": c, "name": f"Đơn vị {c}", "kind": "UBND xã"} for c in codes]
    unit_rows.append({"code": "TATCA", "name": "Tất cả đơn vị", "kind": labels.UNIT_KIND_GROUP,
                      "members": "; ".join(codes)})
    kinds = ("count", "rate", "milestone", "cumulative")
    tasks = []
    for n in range(1, TASKS + 1):
        kind = kinds[n % len(kinds)]
        row = {"code": str(n), "content": f"Nhiệm vụ {n}", "kind": labels.KINDS[kind],
               "target_text": f"chỉ tiêu {n}", "deadline": "30/06/2024",
               "leads": codes[n % units], "partners": "Tất cả đơn vị"}
        row.update({"count": {"target": "100"}, "rate": {"target": "95", "comparison": "≥"},
                    "cumulative": {"target": "82", "scale": "85"}}.get(kind, {}))
        tasks.append(row)
    info = {**fields.PLAN.defaults(), "number": "1/KH-UBND", "issuer": "UBND tỉnh",
            "issued_on": "01/01/2024", "title": "Kế hoạch đo tốc độ",
            "start": "01/01/2024", "end": "31/12/2024"}
    return PlanContent(info=info, units=unit_rows, tasks=tasks)


def _write_returns(args: tuple[str, str, list[str], int]) -> None:
    from thidua.core.kinds import REPORTED_NUMERIC
    from thidua.read.plan import read_plan
    from thidua.write.forms import form_file_name, form_specs, write_form

    workbook, out, units, seed = args
    rng = random.Random(seed)
    plan, _ = read_plan(workbook)
    for spec in form_specs(plan, units):
        filled = {}
        for row in spec.rows:
            status = rng.choice(labels.PROGRESS_STATUSES)
            filled[row.code] = {
                "result": round(rng.uniform(2, 120), 1) if row.kind in REPORTED_NUMERIC
                else "Xong",
                "status": status,
                # a return that says "done" gives the day (else it is flagged for review)
                "completed_on": dt.date(2024, 5, 8) if status == labels.STATUS_DONE else None,
                "explanation": rng.choice([None, "Thiếu kinh phí"])}
        write_form(Path(out) / form_file_name(spec), spec, filled,
                   {"data_date": dt.date(2024, 5, 10)})


def generate(root: Path, n: int) -> Path:
    workbook = write_canonical(root / labels.WORKBOOK_FILE, plan_content(n))
    inbox = root / labels.INBOX_DIR
    inbox.mkdir(parents=True, exist_ok=True)
    codes = [f"DV{i:04d}" for i in range(n)]
    jobs = [(str(workbook), str(inbox), codes[i::2], i) for i in range(2)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(_write_returns, jobs))
    return workbook


JUNK_ROWS = 199_000


def add_junk(workbook: Path, inbox: Path) -> Path:
    """A unit's form with 199,000 rows of junk below its table (~34 MB)."""
    import openpyxl

    from thidua.write.xlsx import new_book

    form = sorted(inbox.glob("*.xlsx"))[0]
    source = openpyxl.load_workbook(form, read_only=True)
    head = [list(row) for row in source[labels.FORM_SHEET].iter_rows(values_only=True)]
    path = inbox / "rac.xlsx"
    book = new_book(path)
    book.use_zip64()
    ws = book.add_worksheet(labels.FORM_SHEET)
    for r, row in enumerate(head):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value if isinstance(value, int | float | str) else str(value))
    rng = random.Random(7)
    for r in range(len(head), len(head) + JUNK_ROWS):
        ws.write_string(r, 0, f"rac-{r}")
        for c in range(1, 8):
            ws.write_string(r, c, f"{rng.getrandbits(64):x} nội dung rác {rng.random()}")
    book.close()
    return path


def run_collect(workbook: Path, log: Path) -> tuple[float, int, float]:
    """(seconds, exit code, peak MiB) of one `thidua collect --json`."""
    t0 = time.perf_counter()
    with log.open("w") as out:
        child = subprocess.Popen([sys.executable, "-m", "thidua", "collect", str(workbook),
                                  "--json"], stdout=out, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory
    # ru_maxrss is in KiB on Linux
    return (time.perf_counter() - t0, os.waitstatus_to_exitcode(status),
            usage.ru_maxrss / 1024)


def junk_run(n: int) -> None:
    import json

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kh"
        workbook = generate(root, n)
        log = Path(tmp) / "collect.json"
        base_s, code, _ = run_collect(workbook, log)
        if code != 0:
            raise SystemExit("collect did not accept every generated return")
        shutil.rmtree(root / "luu-tru")
        # made in a worker process: the measured child is forked from this one, and on
        # Linux its peak memory would include whatever this process had grown to
        with ProcessPoolExecutor(max_workers=1) as pool:
            junk = pool.submit(add_junk, workbook, root / labels.INBOX_DIR).result()
        size_mib = junk.stat().st_size / 2**20
        total_s, code, peak_mib = run_collect(workbook, log)
        payload = json.loads(log.read_text())
        accepted = payload["stats"]["accepted"]
        junk_status = next(f["status"] for f in payload["files"] if f["file"] == junk.name)
    print(f"collect {n} returns + junk ({size_mib:.0f} MiB, {JUNK_ROWS} rows)  {total_s:7.2f} s")
    print(f"collect {n} returns alone (baseline)  {base_s:7.2f} s")
    print(f"returns={n} junk_mib={size_mib:.0f} total_s={total_s:.2f} baseline_s={base_s:.2f} "
          f"peak_mib={peak_mib:.0f} good_recorded={accepted}/{n} junk={junk_status}")


def baseline(inbox: Path, out: Path) -> float:
    """A typical script: read_excel each file, concat, write the merged rows (openpyxl)."""
    code = (
        "import sys, glob, pandas as pd\n"
        "frames = [pd.read_excel(p, sheet_name=0, header=11, engine='openpyxl')"
        " for p in sorted(glob.glob(sys.argv[1] + '/*.xlsx'))]\n"
        "pd.concat(frames).to_excel(sys.argv[2], index=False, engine='openpyxl')\n")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(inbox), str(out)], check=True)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--returns", type=int, default=60)
    parser.add_argument("--junk", action="store_true",
                        help="add a 34 MB return of junk rows; baseline: the batch without it")
    args = parser.parse_args()
    n = args.returns
    if args.junk:
        junk_run(n)
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kh"
        t0 = time.perf_counter()
        workbook = generate(root, n)
        print(f"generated {n} returns in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        base_s = baseline(root / labels.INBOX_DIR, Path(tmp) / "merged.xlsx")
        log = Path(tmp) / "collect.json"
        t0 = time.perf_counter()
        with log.open("w") as out:
            child = subprocess.Popen([sys.executable, "-m", "thidua", "collect", str(workbook),
                                      "--json"], stdout=out, stderr=subprocess.STDOUT)
            _pid, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory
        total_s = time.perf_counter() - t0
        if os.waitstatus_to_exitcode(status) != 0:
            print(log.read_text()[-3000:], file=sys.stderr)
            raise SystemExit("collect did not accept every generated return")
        shutil.rmtree(root / "luu-tru")
    # ru_maxrss is in KiB on Linux; worker processes report their own, smaller, peaks
    peak_mib = usage.ru_maxrss / 1024
    print(f"collect (whole command)  {total_s:7.2f} s")
    print(f"baseline (read_excel + concat + to_excel)  {base_s:7.2f} s")
    print(f"returns={n} total_s={total_s:.2f} baseline_s={base_s:.2f} "
          f"speedup={base_s / total_s:.1f} peak_mib={peak_mib:.0f}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
