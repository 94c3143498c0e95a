"""The Excel button's entry point: thin glue between xlwings and the library.

The button of the control workbook (dieu_khien.xlsm) runs `import dieu_khien;
dieu_khien.main()`; that module re-exports `main` from here. Everything the button does is
a library call the CLI makes too; this module only reads the Điều khiển cells, writes
values back through xlwings (a status line, the Lỗi sheet) and shows Vietnamese message
boxes. Tracebacks go to a log file beside the workbook, never to the user.

Book.fullname is a local path even for a workbook on OneDrive/SharePoint: xlwings maps the
URL Excel gives to the synced folder (utils.fullname_url_to_local_path). A workbook of the
earlier layout (bieu_chi_tiet.xlsm, the plan and the button in one file) has no
"workbook" cell: the book itself is the plan."""

from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path

from thidua.core import errors, fields, labels

FORMULA_START = ("=", "+", "-", "@")


def main(book=None) -> None:
    """Entry point for xlwings' RunPython (Book.caller() when no book is given)."""
    if book is None:
        import xlwings as xw

        book = xw.Book.caller()
    run(book)


def _cell(book, key: str):
    return book.names[fields.CONTROL_NAMES[key]].refers_to_range


def _text(value: object) -> object:
    """What xlwings must write so Excel stores text as text (never a formula)."""
    if isinstance(value, str):
        from thidua.write.xlsx import cell_text

        value = cell_text(value)
        return "'" + value if value.startswith(FORMULA_START) else value
    return value


def _status(book, message: str) -> None:
    _cell(book, "status").value = _text(message)


def run(book) -> str:
    """Do the action chosen on Điều khiển; returns the message shown to the user."""
    from thidua import commands

    control = Path(book.fullname)
    legacy = fields.CONTROL_NAMES["workbook"] not in book.names
    try:
        message = _dispatch(book, control, legacy)
    except errors.ThiduaError as exc:
        message = exc.message
    except Exception as exc:  # the user sees a message; the log keeps the traceback
        log = control.with_name(labels.XL_LOG_FILE)
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n")
            fh.write(traceback.format_exc())
        message = labels.XL_UNEXPECTED.format(reason=f"{type(exc).__name__}: {exc}", log=log)
    message = " ".join([message, *commands.control_notes(control, legacy)])
    _status(book, message)
    book.app.alert(message, title=labels.XL_TITLE)
    return message


def _canonical(book, control: Path, legacy: bool) -> Path:
    """The canonical workbook the control workbook names (relative to its own folder)."""
    if legacy:
        return control
    name = str(_cell(book, "workbook").value or "").strip() or labels.WORKBOOK_FILE
    path = Path(name)
    return path if path.is_absolute() else control.parent / path


def _dispatch(book, control: Path, legacy: bool) -> str:
    from thidua import commands
    from thidua.core.parsing.dates import parse_date

    actions = {text: key for key, text in labels.ACTIONS.items()}
    action = actions.get(str(_cell(book, "action").value or "").strip())
    if action is None:
        return labels.XL_UNKNOWN_ACTION.format(choices=", ".join(labels.ACTIONS.values()))
    workbook = _canonical(book, control, legacy)
    if not workbook.is_file():
        return labels.XL_NO_WORKBOOK.format(path=workbook,
                                            field=dict(labels.CONTROL_FIELDS)["workbook"])
    folder_value = _cell(book, "folder").value
    folder = Path(str(folder_value)) if folder_value else workbook.parent
    as_of = _cell(book, "as_of").value
    day = parse_date(as_of) if as_of else None
    checked = commands.check(workbook)
    _write_errors(book, checked.report.issues)
    if action == "check":
        return labels.XL_CHECK_DONE.format(**checked.report.stats())
    if not (checked.ok_for_returns if action in ("forms", "collect") else checked.ok):
        return labels.XL_PLAN_ERRORS.format(errors=len(checked.report.errors))
    criteria = "" if checked.ok else " " + labels.CRITERIA_ERRORS_LATER.format(
        errors=len(checked.report.errors))
    if action == "forms":
        made_forms = commands.forms(workbook, folder / labels.FORM_DIR)
        return labels.XL_FORMS_DONE.format(count=len(made_forms.listing),
                                           path=made_forms.folder) + criteria
    if action == "collect":
        result = commands.collect(workbook, [folder / labels.INBOX_DIR])
        said = labels.XL_COLLECT_DONE.format(**result.stats())
        if result.rejudged:
            said += " " + labels.XL_COLLECT_REJUDGED.format(count=len(result.rejudged))
        return said + criteria
    if as_of and day is None:  # never a report for another date than the one asked
        return labels.XL_BAD_AS_OF.format(field=dict(labels.CONTROL_FIELDS)["as_of"],
                                          value=as_of)
    # a control workbook built before the phase cell existed has none: the whole plan
    phase_value = _cell(book, "phase").value if fields.CONTROL_NAMES["phase"] in book.names \
        else None
    phase = commands.resolve_phase(checked.plan, str(phase_value)) \
        if phase_value not in (None, "") else None
    made = commands.make_report(checked.plan, workbook, day, word=True, phase=phase)
    book.app.books.open(str(made.path))
    return labels.XL_REPORT_DONE.format(path=made.path, word=made.word)


def _write_errors(book, issues) -> None:
    """The Lỗi sheet: one row per issue, values only, each cell reference a link."""
    names = [s.name for s in book.sheets]
    sheet = book.sheets[labels.SHEET_ERRORS] if labels.SHEET_ERRORS in names else \
        book.sheets.add(labels.SHEET_ERRORS, after=book.sheets[len(names) - 1])
    sheet.clear_contents()
    rows = [list(labels.ERRORS_HEADERS)]
    for issue in issues:
        rows.append([_text(v) for v in (labels.SEVERITY[issue.severity], issue.sheet,
                                         issue.cell, issue.column, issue.value, issue.code,
                                         issue.message)])
    sheet.range("A1").value = rows
    for r, issue in enumerate(issues, start=2):
        if issue.sheet and issue.cell:
            sheet.range(f"C{r}").add_hyperlink(f"#'{issue.sheet}'!{issue.cell}", issue.cell)
