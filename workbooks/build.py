"""Build the workbooks committed under workbooks/ and samples/ from the package's data.

    python workbooks/build.py          # rewrite them
    python workbooks/build.py --check  # exit 1 if a committed file differs in content

tests/test_committed_workbooks.py runs the same comparison, so a committed file can never
drift from what this script produces.

The macro-enabled control workbook (dieu_khien.xlsm) is never committed: it carries the
VBA of whatever xlwings is installed, so it is built on the user's machine by
`thidua init --excel` or `thidua excel DIR` (thidua.write.control)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from thidua.core import labels
from thidua.write.canonical import sample_content, template_content, write_canonical

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = f"workbooks/{labels.WORKBOOK_FILE}"
SAMPLE = f"samples/{labels.WORKBOOK_FILE}"
RETURNS = "samples/bao-cao"


def build(root: Path = ROOT) -> list[Path]:
    """Write every committed workbook below root; returns the paths written."""
    from thidua.read.plan import read_plan
    from thidua.write.forms import write_forms
    from thidua.write.sample_returns import make_sample_returns

    written = [write_canonical(root / TEMPLATE, template_content()),
               write_canonical(root / SAMPLE, sample_content())]
    plan, _ = read_plan(root / SAMPLE)
    returns = root / RETURNS
    if returns.exists():
        shutil.rmtree(returns)
    with tempfile.TemporaryDirectory() as forms:
        write_forms(plan, Path(forms))
        written += make_sample_returns(plan, Path(forms), returns)
    return written


def targets(root: Path = ROOT) -> list[str]:
    """Committed files the builder owns, relative to root."""
    found = [p.relative_to(root).as_posix() for p in (root / RETURNS).glob("*.xlsx")]
    return sorted([TEMPLATE, SAMPLE, *found])


def main(argv: list[str]) -> int:
    if "--check" not in argv:
        for path in build():
            print(path.relative_to(ROOT))
        return 0
    sys.path.insert(0, str(ROOT / "tests"))
    from workbook_compare import differences

    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp))
        failed = targets(Path(tmp)) != targets()
        for rel in targets(Path(tmp)):
            diff = differences(ROOT / rel, Path(tmp) / rel)
            if diff:
                failed = True
                print(f"{rel} differs:", *diff[:20], sep="\n  ")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
