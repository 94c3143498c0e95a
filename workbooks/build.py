"""Build the workbooks committed under workbooks/ and samples/ from the package's data.

    python workbooks/build.py          # rewrite them
    python workbooks/build.py --check  # exit 1 if a committed file differs in content

tests/test_committed_workbooks.py runs the same comparison, so a committed file can never
drift from what this script produces."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from thidua import labels
from thidua.canonical import PlanContent, sample_content, template_content, write_canonical

ROOT = Path(__file__).resolve().parent.parent
TARGETS: dict[str, Callable[[], PlanContent]] = {
    f"workbooks/{labels.WORKBOOK_FILE}": template_content,
    f"samples/{labels.WORKBOOK_FILE}": sample_content,
}


def build(root: Path = ROOT) -> list[Path]:
    """Write every target below root; returns the paths written."""
    return [write_canonical(root / rel, factory()) for rel, factory in TARGETS.items()]


def main(argv: list[str]) -> int:
    if "--check" not in argv:
        for path in build():
            print(path.relative_to(ROOT))
        return 0
    sys.path.insert(0, str(ROOT / "tests"))
    from workbook_compare import differences

    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp))
        failed = False
        for rel in TARGETS:
            diff = differences(ROOT / rel, Path(tmp) / rel)
            if diff:
                failed = True
                print(f"{rel} differs:", *diff[:20], sep="\n  ")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
