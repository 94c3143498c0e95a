"""The `thidua` command: a thin click layer over the library. Heavy imports happen inside
commands, so `thidua --help` stays fast."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from thidua import __version__, labels


def _emit_json(payload: dict[str, Any]) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, default=str, indent=2))


def _common(func: Callable[..., int]) -> Callable[..., None]:
    """Add --json and --debug; turn stop errors into a Vietnamese message and exit 2."""

    @click.option("--json", "as_json", is_flag=True, help=labels.HELP["opt_json"])
    @click.option("--debug", is_flag=True, help=labels.HELP["opt_debug"])
    @functools.wraps(func)
    def wrapper(*args: Any, as_json: bool, debug: bool, **kwargs: Any) -> None:
        from thidua.errors import ThiduaError

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


def _print_issues(issues, limit: int | None = None) -> None:
    shown = issues if limit is None else issues[:limit]
    for issue in shown:
        where = f"{issue.sheet}!{issue.cell}" if issue.cell else issue.sheet
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
@_common
def init(folder: Path, sample: bool, as_json: bool) -> int:
    from thidua.workspace import init_workspace

    ws = init_workspace(folder, sample=sample)
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
    from thidua.plan import read_plan

    plan, report = read_plan(workbook)
    stats = {**report.stats(), "tasks": len(plan.tasks), "units": len(plan.units),
             "phases": len(plan.phases)}
    if out is not None:
        from thidua.issuebook import write_issue_workbook

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


@cli.command(help=labels.HELP["demo"])
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@_common
def demo(folder: Path | None, as_json: bool) -> int:
    from thidua.demo import run_demo

    result = run_demo(folder, progress=None if as_json else click.echo)
    if as_json:
        _emit_json({"ok": True, "issues": result.report.to_records(),
                    "stats": result.report.stats(), "folder": str(result.workspace.root),
                    "workbook": str(result.workspace.workbook)})
    return 0


def _utf8_streams() -> None:
    """Vietnamese output must not crash on a console with a legacy code page."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def main() -> None:
    _utf8_streams()
    cli(prog_name="thidua")
