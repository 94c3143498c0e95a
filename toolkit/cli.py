"""The `thidua` command: a thin click layer over the library. Heavy imports happen inside
commands, so `thidua --help` stays fast."""

from __future__ import annotations

import functools
import gc
import json
import math
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from thidua import __version__
from thidua.core import labels
from thidua.core.parsing.dates import format_day


def _emit_json(payload: dict[str, Any]) -> None:
    """One JSON object on stdout: strict JSON (a missing number is null, never NaN)."""
    click.echo(json.dumps(_strict(payload), ensure_ascii=False, default=str, indent=2,
                          allow_nan=False))


def _strict(value: object) -> object:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _strict(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_strict(v) for v in value]
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing values
        return None
    return value


#: C0 and C1 control characters (new line and tab kept) and bidirectional overrides:
#: a file name from e-mail must not move the cursor, clear the screen or reorder text.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """Text from outside made safe for a terminal: controls shown as \\xNN escapes."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                            else f"\\u{ord(m.group()):04x}", str(text))


def _echo(text: object = "", err: bool = False) -> None:
    click.echo(printable(text), err=err)


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
        _echo(labels.STOPPED.format(message=message), err=True)
    sys.exit(2)


def _print_issues(issues) -> None:
    for issue in issues:
        where = f"{issue.sheet}!{issue.cell}" if issue.cell else issue.sheet
        if issue.file and issue.file != issue.sheet and not where:
            where = issue.file
        column = f" ({issue.column})" if issue.column else ""
        color = "red" if issue.severity == "error" else "yellow"
        severity = click.style(labels.SEVERITY[issue.severity], fg=color)
        click.echo(labels.ISSUE_LINE.format(severity=severity, where=printable(where),
                                            column=printable(column),
                                            message=printable(issue.message)))


class _Commands(click.Group):
    """The command group; a usage error (a missing argument, an unknown option, a bad
    value) is said in Vietnamese with exit 2, and as one JSON object under --json."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra: Any):
        args = list(sys.argv[1:] if args is None else args)
        try:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            exc.show()  # `thidua` alone, or a group without its command: the help
            sys.exit(exc.exit_code)
        except click.exceptions.UsageError as exc:
            command = next((a for a in args if a in self.commands), "")
            given = next((a for a in args if not a.startswith("-")), "")
            detail = (_usage_detail(exc) if command or not given else labels.USAGE_NO_COMMAND
                      .format(name=given, commands=", ".join(self.commands)))
            message = labels.STOP_MESSAGES["usage"].format(
                detail=detail, command=f"{command} --help".lstrip())
            _stop("usage", message, "--json" in args)
        except click.exceptions.Abort:
            _stop("aborted", labels.ABORTED, "--json" in args)
        except click.ClickException as exc:
            _stop("usage", exc.format_message(), "--json" in args)


def _usage_detail(exc: click.exceptions.UsageError) -> str:
    """Click's reason, in Vietnamese for the cases a user meets."""
    param = getattr(exc, "param", None)
    name = ""
    if param is not None:
        name = param.opts[0] if isinstance(param, click.Option) else param.human_readable_name
    if isinstance(exc, click.exceptions.BadOptionUsage):
        return labels.USAGE_NEEDS_VALUE.format(name=exc.option_name)
    if isinstance(exc, click.exceptions.MissingParameter):
        return labels.USAGE_MISSING.format(name=name)
    if isinstance(exc, click.exceptions.NoSuchOption):
        return labels.USAGE_NO_OPTION.format(name=exc.option_name)
    if isinstance(exc, click.exceptions.BadParameter):
        return labels.USAGE_BAD_VALUE.format(name=name, reason=exc.message)
    return labels.USAGE_OTHER.format(reason=exc.message)


@click.group(cls=_Commands, help=labels.CLI_HELP, epilog=labels.CLI_EPILOG)
@click.version_option(__version__, prog_name="thidua")
def cli() -> None:
    pass


@cli.command(help=labels.HELP["init"])
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--sample", is_flag=False, flag_value="000", default=None, metavar="[N]",
              help=labels.HELP["opt_sample"])
@click.option("--excel", is_flag=True, help=labels.HELP["opt_excel"])
@click.option("--from", "source", type=click.Path(dir_okay=False, path_type=Path),
              help=labels.HELP["opt_from"])
@_common
def init(folder: Path | None, sample: str | None, excel: bool, source: Path | None,
         as_json: bool) -> int:
    from thidua import commands

    if folder is None and sample is not None and not sample.isdigit():
        folder, sample = Path(sample), "000"  # `init --sample DIR`: the flag, then the folder
    if folder is None:
        ctx = click.get_current_context()
        raise click.MissingParameter(ctx=ctx, param=ctx.command.params[0])
    if source is not None and (excel or sample is not None):
        ctx = click.get_current_context()
        raise click.BadParameter(labels.INIT_FROM_ALONE, ctx=ctx,
                                 param=next(p for p in ctx.command.params if p.name == "source"))
    ws, built = commands.init(folder, sample=sample, excel=excel, source=source)
    if as_json:
        _emit_json({"ok": True, "issues": [], "stats": {},
                    "workbook": str(ws.workbook), "inbox": str(ws.inbox),
                    **(_excel_payload(built) if built else {})})
    else:
        _echo(labels.INIT_DONE.format(path=ws.root))
        _echo(labels.INIT_WORKBOOK.format(path=ws.workbook))
        _echo(labels.INIT_INBOX.format(path=ws.inbox))
        if built:
            _print_excel(built)
        _echo((labels.DRAFT_NEXT if source else labels.INIT_NEXT).format(path=ws.workbook))
    return 0


@cli.command(help=labels.HELP["draft"])
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help=labels.HELP["opt_draft_out"])
@_common
def draft(source: Path, out: Path | None, as_json: bool) -> int:
    from thidua import commands

    result = commands.draft(source, out)
    if as_json:
        _emit_json({"ok": True, "issues": [], "stats": result.stats(),
                    "workbook": str(result.path), "review": result.review()})
    else:
        _echo(labels.DRAFT_DONE.format(path=result.path))
        _echo(labels.DRAFT_SUMMARY.format(**result.stats()))
        _echo(labels.DRAFT_NEXT.format(path=result.path))
    return 0


@cli.command(help=labels.HELP["excel"])
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@_common
def excel(folder: Path, as_json: bool) -> int:
    from thidua import commands

    built = commands.build_excel(folder)
    if as_json:
        _emit_json({"ok": True, "issues": [], "stats": {}, "workbook": str(built.workbook),
                    **_excel_payload(built)})
        return 0
    if built.migrated_from:
        _echo(labels.EXCEL_MIGRATED.format(old=built.migrated_from.name,
                                           path=built.workbook.name,
                                           shim=built.migrated_from.with_suffix(".py").name))
    if built.replaced_version:
        _echo(labels.EXCEL_UPGRADED.format(before=built.replaced_version,
                                           after=built.build.version))
    _echo(labels.EXCEL_DONE.format(path=built.folder, control=built.build.control.name))
    _print_excel(built)
    return 0


def _excel_payload(built) -> dict[str, Any]:
    return {"control": str(built.build.control), "module": str(built.build.shim),
            "interpreter": dict([built.build.interpreter]),
            "xlwings": built.build.version,
            "applescript": str(built.build.applescript) if built.build.applescript else None,
            "migrated_from": str(built.migrated_from) if built.migrated_from else None,
            "replaced_version": built.replaced_version,
            "warnings": built.warnings}


def _print_excel(built) -> None:
    _echo(labels.EXCEL_CONTROL.format(path=built.build.control))
    _echo(labels.EXCEL_PYTHON.format(path=built.build.interpreter[1]))
    if built.build.applescript:
        _echo(labels.EXCEL_APPLESCRIPT.format(path=built.build.applescript))
    for warning in built.warnings:
        _echo(click.style(warning, fg="yellow"))


@cli.command(help=labels.HELP["check"])
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), help=labels.HELP["opt_out"])
@_common
def check(workbook: Path, out: Path | None, as_json: bool) -> int:
    from thidua import commands

    result = commands.check(workbook, out)
    plan, report, stats = result.plan, result.report, result.stats()
    if as_json:
        _emit_json({"ok": report.ok, "issues": report.to_records(), "stats": stats,
                    **({"out": str(out)} if out else {})})
    else:
        shown = {**stats, "task_count": (labels.CHECK_TASKS_PERIODS if stats["periods"]
                                         else labels.CHECK_TASKS).format(**stats)}
        if report.issues:
            _print_issues(report.issues)
            _echo(labels.CHECK_SUMMARY.format(file=plan.file, **shown))
        else:
            _echo(labels.CHECK_OK.format(file=plan.file, **shown))
        if out is not None:
            _echo(labels.OUT_WRITTEN.format(path=out))
        if not report.ok:
            _echo(labels.CHECK_NEXT.format(file=workbook))
    return 0 if report.ok else 1


def _plan_errors(workbook: Path, report, as_json: bool) -> int:
    """Show the plan's errors that stopped forms or report; the exit code."""
    if as_json:
        _emit_json({"ok": False, "issues": report.to_records(), "stats": report.stats()})
    else:
        _print_issues(report.errors)
        _echo(labels.FORMS_PLAN_ERRORS)
        _echo(labels.CHECK_NEXT.format(file=workbook))
    return 1


@cli.command(help=labels.HELP["forms"])
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help=labels.HELP["opt_forms_out"])
@click.option("--unit", "units", multiple=True, help=labels.HELP["opt_unit"])
@_common
def forms(workbook: Path, out: Path | None, units: tuple[str, ...], as_json: bool) -> int:
    from thidua import commands

    result = commands.forms(workbook, out, units)
    if not result.ok:
        return _plan_errors(workbook, result.report, as_json)
    folder, listing = result.folder, result.listing
    later = result.report.errors  # only in the award criteria: they stop the report alone
    if as_json:
        _emit_json({"ok": True, "issues": [i.to_dict() for i in later],
                    "stats": {"forms": len(listing)},
                    "folder": str(folder), "forms": listing.to_dict("records")})
    else:
        _echo(labels.FORMS_DONE.format(count=len(listing), path=folder))
        _echo(labels.FORMS_LIST.format(path=folder / labels.FORM_LIST_FILE))
        if later:
            _print_issues(later)
            _echo(labels.CRITERIA_ERRORS_LATER.format(errors=len(later)))
    return 0


@cli.command(help=labels.HELP["collect"])
@click.argument("workbook", type=click.Path(path_type=Path))
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help=labels.HELP["opt_dry_run"])
@_common
def collect(workbook: Path, sources: tuple[Path, ...], dry_run: bool, as_json: bool) -> int:
    from thidua import commands

    with _progress(as_json) as progress:
        result = commands.collect(workbook, sources, dry_run=dry_run, progress=progress,
                                  waiting=_say_waiting)
    if as_json:
        _emit_json({"ok": result.ok, "issues": [i.to_dict() for i in result.issues],
                    "stats": result.stats(), "files": [f.to_dict() for f in result.files],
                    "ignored": result.ignored, "dry_run": dry_run,
                    "rejudged": [f.to_dict() for f in result.rejudged],
                    "missing_units": result.missing.to_dict("records"),
                    "criteria_errors": result.criteria_errors,
                    "missing_as_of": format_day(result.missing_as_of)})
    else:
        _print_collect(result, dry_run, commands.ledger_path(workbook), workbook)
    return 0 if result.ok else 1


@cli.command(help=labels.HELP["rebuild"])
@click.argument("workbook", type=click.Path(path_type=Path))
@_common
def rebuild(workbook: Path, as_json: bool) -> int:
    from thidua import commands

    with _progress(as_json) as progress:
        result = commands.rebuild(workbook, progress=progress, waiting=_say_waiting)
    ledger = commands.ledger_path(workbook)
    if as_json:
        _emit_json({"ok": result.ok, "issues": [i.to_dict() for i in result.issues],
                    "stats": {**result.stats(), "rounds": result.rounds},
                    "files": [f.to_dict() for f in result.files], "ledger": str(ledger)})
    else:
        _echo(labels.REBUILD_DONE.format(count=len(result.files), path=ledger))
        if result.rounds:
            _echo(labels.REBUILD_ROUNDS.format(count=result.rounds))
        _print_collect(result, False, ledger, workbook)
    return 0 if result.ok else 1


def _say_waiting() -> None:
    """On stderr (stdout may be the JSON): why nothing happens yet."""
    _echo(labels.WAITING_FOR_WRITER, err=True)


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


def _print_collect(result, dry_run: bool, ledger: Path, workbook: Path,
                   limit: int = 40) -> None:
    shown = 0
    hidden = 0
    for f in result.files:
        if f.status in ("accepted", "duplicate", "superseded") and not any(
                i.severity == "error" for i in f.issues):
            continue
        unit = f" – {f.unit}" if f.unit else ""
        _echo(labels.COLLECT_FILE.format(file=f.name, status=labels.FILE_STATUS[f.status],
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
        _echo(labels.COLLECT_MORE.format(count=hidden))
    if result.ignored:
        _echo(labels.COLLECT_IGNORED.format(count=len(result.ignored),
                                                 example=result.ignored[0]))
    _echo(labels.COLLECT_SUMMARY.format(**result.stats()))
    if result.criteria_errors:  # returns were taken; the report waits for these cells
        _echo(labels.CRITERIA_ERRORS_LATER.format(errors=result.criteria_errors))
    _print_rejudged(result)
    if result.restored:
        _echo(labels.COLLECT_RESTORED.format(count=result.restored, path=workbook))
    day = format_day(result.missing_as_of)
    if result.missing.empty:
        _echo(labels.COLLECT_ALL_REPORTED.format(day=day))
    else:
        _echo(labels.COLLECT_MISSING.format(count=len(result.missing), day=day))
        for row in result.missing.itertuples():
            phone = f": {row.phone}" if row.phone else ""
            _echo(labels.COLLECT_MISSING_LINE.format(name=row.name, code=row.code,
                                                          phone=phone))
    _echo(labels.COLLECT_DRY_RUN if dry_run else labels.COLLECT_LEDGER.format(path=ledger))


def _print_rejudged(result) -> None:
    """The archived returns judged again against the changed plan, and what they are now."""
    if not result.rejudged:
        return
    counts = {s: 0 for s in labels.FILE_STATUS}
    for f in result.rejudged:
        counts[f.status] += 1
    _echo(labels.COLLECT_REJUDGED.format(count=len(result.rejudged), **counts))
    for f in result.rejudged:
        unit = f" – {f.unit}" if f.unit else ""
        _echo(labels.COLLECT_FILE.format(file=f.name, status=labels.FILE_STATUS[f.status],
                                         unit=unit))


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
@click.option("--out", type=click.Path(path_type=Path), help=labels.HELP["opt_report_out"])
@click.option("--pdf", is_flag=True, help=labels.HELP["opt_pdf"])
@click.option("--word", is_flag=True, help=labels.HELP["opt_word"])
@click.option("--chot", is_flag=True, help=labels.HELP["opt_chot"])
@click.option("--dot", "phase", metavar=labels.METAVAR_PHASE, help=labels.HELP["opt_dot"])
@_common
def report(workbook: Path, as_of, out: Path | None, pdf: bool, word: bool, chot: bool,
           phase: str | None,
           as_json: bool) -> int:
    from thidua import commands
    from thidua.core.parsing.dates import format_date

    made = commands.report(workbook, as_of, out, pdf=pdf, freeze=chot, word=word,
                           phase=phase).made
    if as_json:
        _emit_json({"ok": not made.warnings, "issues": [],
                    "stats": made.data.evaluation.plan.iloc[0].to_dict(),
                    "report": str(made.path), "pdf": str(made.pdf) if made.pdf else None,
                    "phase": made.data.phase,
                    "word": str(made.word) if made.word else None,
                    "round": made.round, "warnings": made.warnings})
    else:
        _print_report(made)
        if made.round:
            _echo(labels.REPORT_FROZEN.format(as_of=format_date(made.data.as_of),
                                                   round=made.round))
    return 1 if made.warnings else 0


def _print_report(made) -> None:
    for warning in made.warnings:
        _echo(warning)
    _echo(labels.REPORT_WRITTEN.format(path=made.path))
    if made.pdf:
        _echo(labels.REPORT_PDF.format(path=made.pdf))
    if made.word:
        _echo(labels.NARRATIVE_WRITTEN.format(path=made.word))


@cli.command(help=labels.HELP["demo"])
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@_common
def demo(folder: Path | None, as_json: bool) -> int:
    from thidua import commands

    result = commands.demo(folder, progress=None if as_json else _echo)
    if not as_json:
        _print_collect(result.collected, False, commands.ledger_path(result.workspace.workbook),
                       result.workspace.workbook)
        _print_report(result.report_made)
        _echo(labels.DEMO_DONE.format(path=result.workspace.root))
    else:
        _emit_json({"ok": True, "issues": result.report.to_records(),
                    "stats": {**result.report.stats(), "collect": result.collected.stats()},
                    "folder": str(result.workspace.root),
                    "workbook": str(result.workspace.workbook),
                    "files": [f.to_dict() for f in result.collected.files],
                    "report": str(result.report_made.path),
                    "pdf": str(result.report_made.pdf) if result.report_made.pdf else None,
                    "word": str(result.report_made.word) if result.report_made.word else None})
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
        _echo(code, err=True)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
