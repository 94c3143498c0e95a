"""`thidua demo`: the main job on the bundled sample, in a fresh folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from thidua import labels
from thidua.issues import Report
from thidua.workspace import Workspace, fresh_folder, init_workspace


@dataclass
class DemoResult:
    workspace: Workspace
    report: Report


def run_demo(folder: str | Path | None = None,
             progress: Callable[[str], None] | None = None) -> DemoResult:
    """Create a sample working folder and check its workbook; returns what was made."""
    from thidua.plan import read_plan

    say = progress or (lambda _message: None)
    root = fresh_folder(folder if folder is not None else Path.cwd() / labels.DEMO_DIR)
    say(labels.DEMO_START.format(path=root))
    ws = init_workspace(root, sample=True)
    say(labels.INIT_WORKBOOK.format(path=ws.workbook))
    _plan, report = read_plan(ws.workbook)
    say(labels.DEMO_CHECK.format(**report.stats()))
    say(labels.DEMO_DONE.format(path=ws.root))
    return DemoResult(ws, report)
