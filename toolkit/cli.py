"""The `thidua` command: a thin click layer over the library. Heavy imports happen inside
commands, so `thidua --help` stays fast."""

from __future__ import annotations

import functools
import gc
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from thidua import __version__
from thidua.core import labels


def _emit_json(payload: dict[str, Any]) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, default=str, indent=2))


def _common(func: Callable[..., int]) -> Callable[..., None]:
    """Add --json and --debug; turn stop errors into a Vietnamese message and exit 2."""

    @click.option("--json", "as_json", is_flag=True, help=labels.HELP["opt_json"])
    @click.option("--debug", is_flag=True, help=labels.HELP["opt_debug"])
    @functools.wraps(func)
    def wrapper(*args: Any, as_json: bool, debug: bool, **kwargs: Any) -> None:
        from thidua.core.errors import ThiduaError

        try:
            code = func(*args, as_json=as_json, **kwargs)
        except ThiduaError as exc:
            if debug:
                raise
            _stop(exc.code, exc.message, as_json)
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
            raise
        except Exception as exc:
            if debug:
                raise
            reason = f"{type(exc).__name__}: {exc}"
            _stop("unexpected", labels.STOP_MESSAGES["unexpected"].format(reason=reason), as_json)
        sys.exit(code)

    return wrapper


def _stop(code: str, message: str, as_json: bool) -> None:
    if as_json:
        _emit_json({"ok": False, "error": {"code": code, "message": message}, "issues": [],
                    "stats": {}})
    else:
        click.echo(labels.STOPPED.format(message=message), err=True)
    sys.exit(2)


def _print_issues(issues) -> None:
    for issue in issues:
        where = f"{issue.sheet}!{issue.cell}" if issue.cell else issue.sheet
        if issue.file and issue.file != issue.sheet and not where:
            where = issue.file
        column = f" ({issue.column})" if issue.column else ""
        color = "red" if issue.severity == "error" else "yellow"
        severity = click.style(labels.SEVERITY[issue.severity], fg=color)
        click.echo(labels.ISSUE_LINE.format(severity=severity, where=where, column=column,
                                            message=issue.message))


@click.group(help=labels.CLI_HELP, epilog=labels.CLI_EPILOG)
@click.version_option(__version__, prog_name="thidua")
def cli() -> None:
    pass


@cli.command(help=labels.HELP["init"])
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--sample", is_flag=True, help=labels.HELP["opt_sample"])
@click.option("--excel", is_flag=True, help=labels.HELP["opt_excel"])
@_common
def init(folder: Path, sample: bool, excel: bool, as_json: bool) -> int:
    from thidua.store.workspace import init_workspace

    ws = init_workspace(folder, sample=sample, excel=excel)
    if as_json:
        _emit_json({"ok": True, "issues": [], "stats": {},
                    "workbook": str(ws.workbook), "inbox": str(ws.inbox)})
    else:
        click.echo(labels.INIT_DONE.format(path=ws.root))
        click.echo(labels.INIT_WORKBOOK.format(path=ws.workbook))
        click.echo(labels.INIT_INBOX.format(path=ws.inbox))
        click.echo(labels.INIT_NEXT.format(path=ws.workbook))
    return 0


@cli.command(help=labels.HELP["check"])
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help=labels.HELP["opt_out"])
@_common
def check(workbook: Path, out: Path | None, as_json: bool) -> int:
    from thidua.read.plan import read_plan

    plan, report = read_plan(workbook)
    stats = {**report.stats(), "tasks": len(plan.tasks), "units": len(plan.units),
             "phases": len(plan.phases)}
    if out is not None:
        from thidua.write.issue_list import write_issue_workbook

        write_issue_workbook(out, report.issues, workbook)
    if as_json:
        _emit_json({"ok": report.ok, "issues": report.to_records(), "stats": stats,
                    **({"out": str(out)} if out else {})})
    else:
        if report.issues:
            _print_issues(report.issues)
            click.echo(labels.CHECK_SUMMARY.format(file=plan.file, **stats))
        else:
            click.echo(labels.CHECK_OK.format(file=plan.file, **stats))
        if out is not None:
            click.echo(labels.OUT_WRITTEN.format(path=out))
        if not report.ok:
            click.echo(labels.CHECK_NEXT.format(file=workbook))
    return 0 if report.ok else 1


def _plan_or_exit(workbook: Path, as_json: bool):
    """Read the plan; print its errors and return None when it has any."""
    from thidua.read.plan import read_plan

    plan, report = read_plan(workbook)
    if report.ok:
        return plan
    if as_json:
        _emit_json({"ok": False, "issues": report.to_records(), "stats": report.stats()})
    else:
        _print_issues(report.errors)
        click.echo(labels.FORMS_PLAN_ERRORS)
        click.echo(labels.CHECK_NEXT.format(file=workbook))
    return None


@cli.command(help=labels.HELP["forms"])
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help=labels.HELP["opt_forms_out"])
@click.option("--unit", "units", multiple=True, help=labels.HELP["opt_unit"])
@_common
def forms(workbook: Path, out: Path | None, units: tuple[str, ...], as_json: bool) -> int:
    from thidua.write.forms import resolve_units, write_forms

    plan = _plan_or_exit(workbook, as_json)
    if plan is None:
        return 1
    folder = out or workbook.resolve().parent / labels.FORM_DIR
    listing = write_forms(plan, folder, resolve_units(plan, units) or None)
    if as_json:
        _emit_json({"ok": True, "issues": [], "stats": {"forms": len(listing)},
                    "folder": str(folder), "forms": listing.to_dict("records")})
    else:
        click.echo(labels.FORMS_DONE.format(count=len(listing), path=folder))
        click.echo(labels.FORMS_LIST.format(path=folder / labels.FORM_LIST_FILE))
    return 0


@cli.command(help=labels.HELP["collect"])
@click.argument("workbook", type=click.Path(path_type=Path))
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help=labels.HELP["opt_dry_run"])
@_common
def collect(workbook: Path, sources: tuple[Path, ...], dry_run: bool, as_json: bool) -> int:
    from thidua.collect import collect as run_collect
    from thidua.store.ledger import Archive

    inputs = list(sources) or [workbook.resolve().parent / labels.INBOX_DIR]
    with _progress(as_json) as progress:
        result = run_collect(workbook, inputs, dry_run=dry_run, progress=progress)
    if as_json:
        _emit_json({"ok": result.ok, "issues": [i.to_dict() for i in result.issues],
                    "stats": result.stats(), "files": [f.to_dict() for f in result.files],
                    "ignored": result.ignored, "dry_run": dry_run,
                    "missing_units": result.missing.to_dict("records")})
    else:
        _print_collect(result, dry_run, Archive.beside(workbook).ledger)
    return 0 if result.ok else 1


@cli.command(help=labels.HELP["rebuild"])
@click.argument("workbook", type=click.Path(path_type=Path))
@_common
def rebuild(workbook: Path, as_json: bool) -> int:
    from thidua.collect import rebuild as run_rebuild
    from thidua.store.ledger import Archive

    with _progress(as_json) as progress:
        result = run_rebuild(workbook, progress=progress)
    ledger = Archive.beside(workbook).ledger
    if as_json:
        _emit_json({"ok": result.ok, "issues": [i.to_dict() for i in result.issues],
                    "stats": result.stats(), "files": [f.to_dict() for f in result.files],
                    "ledger": str(ledger)})
    else:
        click.echo(labels.REBUILD_DONE.format(count=len(result.files), path=ledger))
        _print_collect(result, False, ledger)
    return 0 if result.ok else 1


class _progress:
    """A progress bar on a terminal only; a no-op callback elsewhere."""

    def __init__(self, as_json: bool) -> None:
        self.enabled = not as_json and sys.stderr.isatty()
        self.bar = None

    def __enter__(self):
        if not self.enabled:
            return None

        def update(done: int, total: int) -> None:
            if self.bar is None:
                self.bar = click.progressbar(length=total, label=labels.COLLECT_PROGRESS,
                                             file=sys.stderr)
                self.bar.__enter__()
            self.bar.update(done - self.bar.pos)

        return update

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _print_collect(result, dry_run: bool, ledger: Path, limit: int = 40) -> None:
    shown = 0
    hidden = 0
    for f in result.files:
        if f.status in ("accepted", "duplicate", "superseded") and not any(
                i.severity == "error" for i in f.issues):
            continue
        unit = f" – {f.unit}" if f.unit else ""
        click.echo(labels.COLLECT_FILE.format(file=f.name, status=labels.FILE_STATUS[f.status],
                                              unit=unit))
        for issue in f.issues:
            if shown >= limit:
                hidden += 1
                continue
            shown += 1
            _print_issues([issue])
    names = {f.name for f in result.files}
    loose = [i for i in result.issues if i.file not in names]
    _print_issues(loose)
    if hidden:
        click.echo(labels.COLLECT_MORE.format(count=hidden))
    if result.ignored:
        click.echo(labels.COLLECT_IGNORED.format(count=len(result.ignored),
                                                 example=result.ignored[0]))
    click.echo(labels.COLLECT_SUMMARY.format(**result.stats()))
    if result.missing.empty:
        click.echo(labels.COLLECT_ALL_REPORTED)
    else:
        click.echo(labels.COLLECT_MISSING.format(count=len(result.missing)))
        for row in result.missing.itertuples():
            phone = f": {row.phone}" if row.phone else ""
            click.echo(labels.COLLECT_MISSING_LINE.format(name=row.name, code=row.code,
                                                          phone=phone))
    click.echo(labels.COLLECT_DRY_RUN if dry_run else labels.COLLECT_LEDGER.format(path=ledger))


def _parse_as_of(ctx, param, value):
    if value is None:
        return None
    from thidua.core.parsing.dates import parse_date

    day = parse_date(value)
    if day is None:
        raise click.BadParameter(labels.STOP_MESSAGES["bad-as-of"].format(value=value))
    return day


@cli.command(help=labels.HELP["report"])
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", callback=_parse_as_of, help=labels.HELP["opt_as_of"])
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help=labels.HELP["opt_report_out"])
@click.option("--pdf", is_flag=True, help=labels.HELP["opt_pdf"])
@click.option("--chot", is_flag=True, help=labels.HELP["opt_chot"])
@_common
def report(workbook: Path, as_of, out: Path | None, pdf: bool, chot: bool,
           as_json: bool) -> int:
    from thidua.report import make_report

    plan = _plan_or_exit(workbook, as_json)
    if plan is None:
        return 1
    made = make_report(plan, workbook, as_of, out, pdf=pdf, freeze=chot)
    if as_json:
        _emit_json({"ok": not made.warnings, "issues": [],
                    "stats": made.data.evaluation.plan.iloc[0].to_dict(),
                    "report": str(made.path), "pdf": str(made.pdf) if made.pdf else None,
                    "round": made.round, "warnings": made.warnings})
    else:
        _print_report(made)
        if made.round:
            click.echo(labels.REPORT_FROZEN.format(as_of=f"{made.data.as_of:%d/%m/%Y}",
                                                   round=made.round))
    return 1 if made.warnings else 0


def _print_report(made) -> None:
    for warning in made.warnings:
        click.echo(warning)
    click.echo(labels.REPORT_WRITTEN.format(path=made.path))
    if made.pdf:
        click.echo(labels.REPORT_PDF.format(path=made.pdf))


@cli.command(help=labels.HELP["demo"])
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@_common
def demo(folder: Path | None, as_json: bool) -> int:
    from thidua.demo import run_demo

    result = run_demo(folder, progress=None if as_json else click.echo)
    if not as_json:
        from thidua.store.ledger import Archive

        _print_collect(result.collected, False, Archive.beside(result.workspace.workbook).ledger)
        _print_report(result.report_made)
        click.echo(labels.DEMO_DONE.format(path=result.workspace.root))
    else:
        _emit_json({"ok": True, "issues": result.report.to_records(),
                    "stats": {**result.report.stats(), "collect": result.collected.stats()},
                    "folder": str(result.workspace.root),
                    "workbook": str(result.workspace.workbook),
                    "files": [f.to_dict() for f in result.collected.files],
                    "report": str(result.report_made.path),
                    "pdf": str(result.report_made.pdf) if result.report_made.pdf else None})
    return 0


def _utf8_streams() -> None:
    """Vietnamese output must not crash on a console with a legacy code page."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def main() -> None:
    _utf8_streams()
    # one command, then exit: the cyclic garbage collector would only walk the millions of
    # objects a batch keeps alive
    gc.disable()
    try:
        cli(prog_name="thidua")
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    _exit_now(code)


def _exit_now(code: object) -> None:
    """Exit without tearing down the interpreter: freeing the millions of objects a batch
    made one by one takes 0.2-0.4 s (measured with benchmarks.consolidate, 600 and 2,000
    returns), and everything we wrote is closed by now (files are renamed into place,
    the ledger is committed)."""
    if code is None:
        code = 0
    elif not isinstance(code, int):
        click.echo(code, err=True)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
