"""`thidua demo`: the main job on the bundled sample, in a fresh folder: init → forms →
the sample returns arrive in hop-thu/ → collect → the report (and its PDF) at 10/05/2024."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from thidua.collect import CollectResult, collect
from thidua.core import labels
from thidua.core.issues import Report
from thidua.report import MadeReport, make_report
from thidua.store.workspace import Workspace, fresh_folder, init_workspace

DEMO_AS_OF = dt.date(2024, 5, 10)  # the sample returns' data date


@dataclass
class DemoResult:
    workspace: Workspace
    report: Report
    forms: Path
    collected: CollectResult
    report_made: MadeReport


def run_demo(folder: str | Path | None = None,
             progress: Callable[[str], None] | None = None) -> DemoResult:
    """Create a sample working folder and run the workflow on it; returns what was made."""
    from thidua.read.plan import read_plan
    from thidua.write.forms import write_forms
    from thidua.write.sample_returns import make_sample_returns

    say = progress or (lambda _message: None)
    root = fresh_folder(folder if folder is not None else Path.cwd() / labels.DEMO_DIR)
    say(labels.DEMO_START.format(path=root))
    ws = init_workspace(root, sample=True)
    say(labels.INIT_WORKBOOK.format(path=ws.workbook))
    plan, report = read_plan(ws.workbook)
    say(labels.DEMO_CHECK.format(**report.stats()))
    forms = root / labels.FORM_DIR
    listing = write_forms(plan, forms)
    say(labels.FORMS_DONE.format(count=len(listing), path=forms))
    returns = make_sample_returns(plan, forms, ws.inbox)
    say(labels.DEMO_RETURNS.format(count=len(returns), path=ws.inbox))
    collected = collect(ws.workbook, [ws.inbox])
    made = make_report(plan, ws.workbook, DEMO_AS_OF, pdf=True)
    return DemoResult(ws, report, forms, collected, made)
