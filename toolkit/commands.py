"""One function per command: init, excel, draft, check, forms, collect, rebuild, report,
demo.

Both faces (the `thidua` command in cli.py and the Excel button in xl.py) call these and
only show what they return; nothing here prints, exits or imports click or xlwings. A
problem in data is an Issue in the result; what stops a run is a ThiduaError."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from thidua.core import errors, labels
from thidua.core.issues import Report
from thidua.store.workspace import guard_output

if TYPE_CHECKING:
    import pandas as pd

    from thidua.collect import CollectResult
    from thidua.core.drafting import Draft
    from thidua.core.model import Plan
    from thidua.report import ReportData
    from thidua.store.workspace import Workspace
    from thidua.write.control import ControlBuild

#: Called with (files done, files in all) while returns are read.
Progress = Callable[[int, int], None]


@dataclass
class CheckResult:
    """The plan as read, and every issue found in it (button set-up included)."""

    plan: Plan
    report: Report
    out: Path | None = None

    @property
    def ok(self) -> bool:
        return self.report.ok

    @property
    def ok_for_returns(self) -> bool:
        """Forms and collect may run: no error but in the award criteria."""
        return self.report.ok_except(self.plan.award_sheets)

    def stats(self) -> dict[str, int]:
        tasks = self.plan.tasks
        periods = int(tasks["period"].notna().sum()) if "period" in tasks else 0
        # tasks: the rows the plan types; periods: those generated for periodic tasks
        return {**self.report.stats(), "tasks": len(tasks) - periods, "periods": periods,
                "units": len(self.plan.units), "phases": len(self.plan.phases)}


@dataclass
class FormsResult:
    """Forms written, or (listing None) the plan's errors that stopped them."""

    report: Report
    folder: Path
    listing: pd.DataFrame | None = None

    @property
    def ok(self) -> bool:
        return self.listing is not None


@dataclass
class MadeReport:
    """A report written for date R (with its PDF, draft Báo cáo in Word, frozen round and
    warnings)."""

    data: ReportData
    path: Path
    pdf: Path | None
    round: int | None
    warnings: list[str]
    word: Path | None = None


@dataclass
class ReportResult:
    """The report made, and the plan's warnings."""

    report: Report
    made: MadeReport

    @property
    def ok(self) -> bool:
        return not self.made.warnings


@dataclass
class DemoResult:
    workspace: Workspace
    report: Report
    forms: Path
    collected: CollectResult
    report_made: MadeReport


@dataclass
class ExcelResult:
    """The control workbook built in a working folder (and the plan copied out of an
    earlier macro-enabled canonical workbook, when there was one)."""

    folder: Path
    workbook: Path
    build: ControlBuild
    migrated_from: Path | None = None
    warnings: list[str] = field(default_factory=list)
    #: The xlwings version the replaced control workbook was built for, when it differs.
    replaced_version: str | None = None


def init(folder: str | Path, sample: bool | str = False, excel: bool = False,
         source: str | Path | None = None) -> tuple[Workspace, ExcelResult | None]:
    """A new working folder: the canonical workbook (template or sample) and the inbox;
    with excel, the control workbook with the button beside it. sample: True for the
    default sample, or a bundled sample's number ("000" to "003"); source: a plan document
    whose draft becomes the workbook (as `draft` writes it)."""
    from thidua.store.workspace import init_workspace
    from thidua.write.control import xlwings_vba

    if source is not None:
        plan = _draft_of(source)  # an unreadable document stops before the folder is made
        from thidua.write.draft import write_draft

        return init_workspace(folder, writer=lambda path: write_draft(path, plan)), None
    if excel:
        xlwings_vba()  # fail before creating anything when xlwings is missing
    ws = init_workspace(folder, sample=sample)
    return ws, (build_excel(ws.root) if excel else None)


def build_excel(folder: str | Path) -> ExcelResult:
    """(Re)build the control workbook dieu_khien.xlsm and dieu_khien.py in a working
    folder for the installed xlwings and Python, never touching the plan data. The
    canonical workbook it opens is kept from the control workbook being replaced
    (default bieu_chi_tiet.xlsx); a folder of the earlier layout (bieu_chi_tiet.xlsm only)
    gets its plan copied into bieu_chi_tiet.xlsx first."""
    from thidua.write.control import (
        UNKNOWN_VERSION,
        build_control,
        control_values,
        migrate_legacy,
        on_cloud_drive,
        stamped_version,
        xlwings_vba,
    )

    root = Path(folder)
    xlwings_vba()
    if not root.is_dir():
        raise errors.NoPlanHere(path=root)
    old = root / labels.CONTROL_WORKBOOK_FILE
    kept = control_values(old)
    before = (stamped_version(old) or UNKNOWN_VERSION) if old.exists() else None
    name = str(kept.get("workbook") or "").strip() or labels.WORKBOOK_FILE
    workbook = Path(name) if Path(name).is_absolute() else root / name
    migrated = None
    if not workbook.exists():
        legacy = root / labels.EXCEL_WORKBOOK_FILE
        if name != labels.WORKBOOK_FILE or not legacy.exists():
            raise errors.NoPlanHere(path=root)
        migrated = legacy
        migrate_legacy(legacy, workbook)
    build = build_control(root, name, kept=kept)
    warnings = [labels.EXCEL_CLOUD.format(path=root)] if on_cloud_drive(root) else []
    replaced = before if before not in (None, build.version) else None
    return ExcelResult(root, workbook, build, migrated, warnings, replaced)


def control_notes(control: str | Path, legacy: bool = False) -> list[str]:
    """What the button adds to its message about its own set-up: an earlier
    macro-enabled canonical workbook to migrate, or a control workbook built for another
    xlwings than the one installed."""
    from thidua.write.control import installed_version, version_problem

    control = Path(control)
    if legacy:
        return [labels.XL_LEGACY.format(folder=control.parent)]
    outdated = version_problem(control, installed_version())
    if outdated is None:
        return []
    return [labels.XL_OUTDATED.format(built=outdated["expected"],
                                      installed=outdated["installed"],
                                      folder=outdated["folder"])]


@dataclass
class DraftResult:
    """The draft written from a plan document, and what it holds."""

    path: Path
    draft: Draft

    def stats(self) -> dict[str, int]:
        d = self.draft
        return {"tasks": len(d.tasks), "units": len(d.units), "phases": len(d.phases),
                "guesses": len(d.guesses)}

    def review(self) -> list[dict[str, object]]:
        """The Rà soát sheet's rows: what was guessed or could not be read, and where."""
        from thidua.write.draft import review_rows

        keys = ("n", "sheet", "row", "column", "value", "reason", "source", "quote")
        return [dict(zip(keys, row, strict=True)) for row in review_rows(self.draft)]


def _draft_of(source: str | Path) -> Draft:
    from thidua.core.drafting import draft_plan
    from thidua.read.plan_document import read_plan_document

    return draft_plan(read_plan_document(source))


def draft(source: str | Path, out: str | Path | None = None) -> DraftResult:
    """A draft biểu chi tiết from a plan document (.docx, .pdf with text, .txt, .md),
    written to out (default: bieu_chi_tiet.xlsx beside the document), never over a file."""
    from thidua.read.plan_document import check_plan_document
    from thidua.write.draft import write_draft

    source = check_plan_document(source)
    target = Path(out) if out is not None else source.resolve().parent / labels.WORKBOOK_FILE
    if target.exists():
        raise errors.OutputExists(path=target)
    plan = _draft_of(source)
    return DraftResult(write_draft(target, plan), plan)


def check(workbook: str | Path, out: Path | None = None) -> CheckResult:
    """Read and validate the canonical workbook; with out, write the error workbook."""
    from thidua.read.plan import read_plan
    from thidua.write.control import button_problems

    workbook = Path(workbook)
    if out is not None:
        out = guard_output(out, workbook)
    plan, report = read_plan(workbook)
    for code, params in button_problems(workbook):
        report.add(code, file=plan.file, **params)
    if out is not None:
        from thidua.write.issue_list import write_issue_workbook

        write_issue_workbook(out, report.issues, workbook)
    return CheckResult(plan, report, out)


def forms(workbook: str | Path, out: Path | None = None,
          units: Iterable[str] = ()) -> FormsResult:
    """One return form per unit (or per unit named) and the mailing list."""
    from thidua.read.plan import read_plan
    from thidua.write.forms import resolve_units, write_forms

    folder = Path(out) if out else Path(workbook).resolve().parent / labels.FORM_DIR
    guard_output(folder, workbook, folder=True)
    plan, report = read_plan(workbook)
    if not report.ok_except(plan.award_sheets):
        return FormsResult(report, folder)
    listing = write_forms(plan, folder, resolve_units(plan, list(units)) or None)
    return FormsResult(report, folder, listing)


def ledger_path(workbook: str | Path) -> Path:
    """Where the receipt ledger of a canonical workbook lives."""
    from thidua.store.archive import Archive

    return Archive.beside(workbook).ledger


def collect(workbook: str | Path, sources: Iterable[str | Path] = (), dry_run: bool = False,
            progress: Progress | None = None, waiting: Callable[[], None] | None = None
            ) -> CollectResult:
    """Archive, read, validate and record a batch (default: the inbox beside WB). waiting
    is called when another run writes the ledger and this one waits for it."""
    from thidua.collect import collect as run

    inputs = list(sources) or [Path(workbook).resolve().parent / labels.INBOX_DIR]
    return run(workbook, inputs, dry_run=dry_run, progress=progress, waiting=waiting)


def rebuild(workbook: str | Path, progress: Progress | None = None,
            waiting: Callable[[], None] | None = None) -> CollectResult:
    """The ledger again from the archive (frozen rounds kept; the old ledger kept when an
    archived file is missing or altered)."""
    from thidua.collect import rebuild as run

    return run(workbook, progress=progress, waiting=waiting)


def report(workbook: str | Path, as_of: dt.date | None = None, out: Path | None = None,
           pdf: bool = False, freeze: bool = False, word: bool = False,
           phase: str | None = None) -> ReportResult:
    """The report workbook for date R (and its PDF, the draft Báo cáo in Word, and a frozen
    round). A plan with errors stops it (PlanNotReadyForReport): a report must not rest on
    a broken plan. phase: limit the report to one phase (--dot); an unknown one stops it."""
    from thidua.read.plan import read_plan

    if out is not None:
        out = guard_output(out, workbook)
    plan, issues = read_plan(workbook)
    if not issues.ok:
        raise errors.PlanNotReadyForReport(path=workbook, errors=len(issues.errors))
    if phase is not None:
        if freeze:  # a frozen round is the whole plan's: later rounds compare with it
            raise errors.PhaseNotFrozen()
        phase = resolve_phase(plan, phase)
    return ReportResult(issues, make_report(plan, workbook, as_of, out, pdf, freeze, phase,
                                                    word))


def resolve_phase(plan: Plan, text: str) -> str:
    """The phase code --dot names (exact, else ignoring case and accents); an unknown one
    stops with the closest code and the list of phases."""
    from thidua.core.parsing.text import closest, match_key, strip_diacritics

    codes = [c for c in plan.phases["code"] if c is not None]
    for same in (lambda c: c == text.strip(), lambda c: match_key(c) == match_key(text),
                 lambda c: strip_diacritics(match_key(c)) == strip_diacritics(match_key(text))):
        found = [c for c in codes if same(c)]
        if found:
            return found[0]
    guess = closest(text, codes)
    hint = labels.DID_YOU_MEAN.format(suggestion=guess) if guess else ""
    raise errors.UnknownPhaseOption(value=text, hint=hint, expected=", ".join(codes) or "—")


def make_report(plan: Plan, workbook: str | Path, as_of: dt.date | None = None,
                out: Path | None = None, pdf: bool = False, freeze: bool = False,
                phase: str | None = None, word: bool = False) -> MadeReport:
    """Compute, write (and optionally print to PDF, draft the Báo cáo in Word beside it
    and freeze) the report for date R (of one phase's tasks when phase is given)."""
    import tempfile

    import pandas as pd

    from thidua.report import build_report
    from thidua.store.archive import Archive, ledger_advice
    from thidua.store.ledger import Ledger
    from thidua.write.pdf import to_pdf
    from thidua.write.report import report_path, save_report, write_report

    data = build_report(plan, workbook, as_of, phase)
    warnings = [] if data.has_ledger else [labels.REPORT_NO_LEDGER]
    if data.not_in_plan:
        warnings.append(labels.REPORT_NOT_IN_PLAN.format(count=data.not_in_plan))
    path = save_report(data, out or _phase_path(report_path(workbook, plan, data.as_of),
                                                plan, data.as_of, phase))
    made_word = None
    if word:
        from thidua.write.narrative import narrative_path, save_narrative

        made_word = save_narrative(data, narrative_path(path, plan, data.as_of, phase))
    made_pdf = None
    if pdf:  # the workbook is written: a PDF that fails is a warning, never the run's end
        with tempfile.TemporaryDirectory() as tmp:
            summary = write_report(Path(tmp) / f"{path.stem}.xlsx", data, labels.SUMMARY_SHEETS)
            try:
                made_pdf = to_pdf(summary, path.with_suffix(".pdf"))
            except errors.CannotWrite as exc:
                warnings.append(exc.message)
            else:
                if made_pdf is None:
                    warnings.append(labels.REPORT_NO_PDF)
    round_id = None
    if freeze:
        archive = Archive.beside(workbook)
        with archive.exclusive(), ledger_advice(workbook, archive), \
                Ledger.open(archive.ledger) as ledger:
            tasks = [(t.code, None if pd.isna(t.pct) else float(t.pct), t.status)
                     for t in data.evaluation.tasks.itertuples()]
            row = data.evaluation.plan.iloc[0]
            round_id = ledger.freeze_round(data.as_of, {
                "pct": None if pd.isna(row["pct"]) else float(row["pct"]),
                "top_achieved": int(row["top_achieved"]), "top_total": int(row["top_total"])},
                tasks, path.name, journal=archive.record_round)
    return MadeReport(data, path, made_pdf, round_id, warnings, made_word)


def _phase_path(path: Path, plan: Plan, as_of: dt.date, phase: str | None) -> Path:
    """The default report path, naming the phase when the report is limited to one."""
    if phase is None:
        return path
    from thidua.core.parsing.dates import format_date
    from thidua.write.forms import safe_file_name

    date = format_date(as_of, sep="-")
    prefix, suffix = labels.REPORT_FILE.split("{plan}")
    plan_part = path.name.removeprefix(prefix).removesuffix(suffix.format(date=date))
    return path.with_name(labels.REPORT_PHASE_FILE.format(
        plan=plan_part, phase=safe_file_name(phase).replace(" ", "-"),
        date=date))


#: The sample returns' data date: the demo reports as of that day.
DEMO_AS_OF = dt.date(2024, 5, 10)


def demo(folder: str | Path | None = None,
         progress: Callable[[str], None] | None = None) -> DemoResult:
    """The main job on the bundled sample, in a fresh folder: init → forms → the sample
    returns arrive in hop-thu/ → collect → the report (its PDF, the draft Báo cáo in Word) at
    DEMO_AS_OF."""
    from thidua.collect import collect as run_collect
    from thidua.core.parsing.dates import format_date
    from thidua.read.plan import read_plan
    from thidua.store.workspace import fresh_folder, init_workspace
    from thidua.write.canonical import sample_content, write_canonical
    from thidua.write.forms import write_forms
    from thidua.write.sample_returns import make_sample_returns

    say = progress or (lambda _message: None)
    root = fresh_folder(folder if folder is not None else Path.cwd() / labels.DEMO_DIR)
    say(labels.DEMO_START.format(path=root))
    # the sample with its Ngày số liệu set to the demo's report date, so that collect's list
    # of units not reported and the report speak of the same day
    sample = sample_content()
    content = replace(sample, info={**sample.info, "data_date": format_date(DEMO_AS_OF)})
    ws = init_workspace(root, writer=lambda path: write_canonical(path, content))
    say(labels.INIT_WORKBOOK.format(path=ws.workbook))
    plan, report = read_plan(ws.workbook)
    say(labels.DEMO_CHECK.format(**report.stats()))
    forms_dir = root / labels.FORM_DIR
    listing = write_forms(plan, forms_dir)
    say(labels.FORMS_DONE.format(count=len(listing), path=forms_dir))
    returns = make_sample_returns(plan, forms_dir, ws.inbox)
    say(labels.DEMO_RETURNS.format(count=len(returns), path=ws.inbox))
    collected = run_collect(ws.workbook, [ws.inbox])
    made = make_report(plan, ws.workbook, DEMO_AS_OF, pdf=True, word=True)
    return DemoResult(ws, report, forms_dir, collected, made)
