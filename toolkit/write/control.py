"""The macro-enabled canonical workbook, built on the user's machine.

Its VBA project is xlwings' own, taken at build time from the installed xlwings package
(the standalone quickstart workbook), so it always matches the installed version and no
VBA binary is kept in this repository. The button calls SampleCall, which runs
`import <workbook name>; <workbook name>.main()`; a small module of that name beside the
workbook hands the call to thidua.xl.main."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

from thidua.core import errors, labels
from thidua.store.files import atomic_path
from thidua.write.canonical import PlanContent, write_canonical

QUICKSTART = "quickstart_standalone.xlsm"
VBA_PART = "xl/vbaProject.bin"


class ExcelMissing(errors.ThiduaError):
    code = "excel-missing"


def xlwings_vba() -> bytes:
    """xlwings' VBA project (vbaProject.bin) from the installed package."""
    spec = importlib.util.find_spec("xlwings")
    if spec is None or not spec.submodule_search_locations:
        raise ExcelMissing()
    source = Path(next(iter(spec.submodule_search_locations))) / QUICKSTART
    try:
        with zipfile.ZipFile(source) as zf:
            return zf.read(VBA_PART)
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise ExcelMissing() from exc


def shim_source(stem: str) -> str:
    doc = labels.SHIM_DOC.format(name=stem)
    return f'"""{doc}"""\n\nfrom thidua.xl import main  # noqa: F401\n'


def write_excel_workbook(path: str | Path, content: PlanContent) -> tuple[Path, Path]:
    """Write <name>.xlsm with the button, and <name>.py beside it; returns both paths."""
    path = Path(path)
    vba = xlwings_vba()
    write_canonical(path, content, vba_project=vba)
    shim = path.with_suffix(".py")
    with atomic_path(shim) as tmp:
        tmp.write_text(shim_source(path.stem), encoding="utf-8")
    return path, shim


def button_problems(workbook: Path) -> list[tuple[str, dict[str, str]]]:
    """Why the Excel button of a macro workbook would not run: (issue code, params)."""
    if workbook.suffix.lower() != ".xlsm":
        return []
    stem = workbook.stem
    expected = labels.EXCEL_WORKBOOK_FILE
    if not stem.isidentifier() or not stem.isascii():
        return [("workbook-name", {"value": workbook.name, "expected": expected})]
    if not workbook.with_suffix(".py").exists():
        return [("missing-shim", {"expected": f"{stem}.py"})]
    return []
