"""How fast `thidua --help` and `thidua check` are, beside baselines measured in the same run.

    python -m benchmarks.check [--tasks 500] [--units 200] [--repeat 5]

Targets (issue: canonical workbook): --help under 0.3 s; check of a 500-task, 200-unit
workbook under 2 s, both as whole commands including interpreter start."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.plans import large_plan
from thidua.write.canonical import write_canonical


def timed(cmd: list[str], repeat: int) -> float:
    """Median wall time of a command, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=False, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=500)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        book = write_canonical(Path(tmp) / "bieu_chi_tiet.xlsx",
                               large_plan(args.tasks, args.units))
        check = subprocess.run([py, "-m", "thidua", "check", str(book), "--json"],
                               capture_output=True, text=True, check=False)
        assert check.returncode == 0, check.stdout[-2000:] + check.stderr[-2000:]
        rows = [
            ("python start (floor)", timed([py, "-c", "pass"], args.repeat), None),
            ("thidua --help", timed([py, "-m", "thidua", "--help"], args.repeat), 0.3),
            ("baseline: pandas.read_excel(openpyxl), all sheets",
             timed([py, "-c", "import pandas as pd, sys; "
                    "pd.read_excel(sys.argv[1], sheet_name=None, engine='openpyxl')",
                    str(book)], args.repeat), None),
            (f"thidua check ({args.tasks} tasks, {args.units} units)",
             timed([py, "-m", "thidua", "check", str(book)], args.repeat), 2.0),
        ]
    width = max(len(name) for name, _, _ in rows)
    for name, seconds, target in rows:
        verdict = "" if target is None else (f"target < {target:.1f} s: "
                                             f"{'ok' if seconds < target else 'MISSED'}")
        print(f"{name:<{width}}  {seconds:6.3f} s  {verdict}")
    print(f"help_s={rows[1][1]:.3f} check_s={rows[3][1]:.3f} "
          f"baseline_read_s={rows[2][1]:.3f}")


if __name__ == "__main__":
    main()
