"""The control workbook: the Excel button, kept apart from the plan data.

dieu_khien.xlsm carries xlwings' VBA project, taken at build time from the installed
xlwings package (its standalone quickstart workbook), so it matches the installed version
and no VBA binary is kept in this repository. Its sheets: Điều khiển (named input cells, a
link that opens the canonical workbook, the status line, the button), Lỗi, and
xlwings.conf. The button calls SampleCall, which runs `import dieu_khien; dieu_khien.main()`;
dieu_khien.py beside it hands the call to thidua.xl.main. The canonical workbook stays a
plain .xlsx: a quarantined macro file or an xlwings upgrade never touches the plan.

What this relies on in xlwings (read in its xlwings.bas, utils.py and cli.py, 0.37):
- RunPython takes the interpreter from GetConfig("INTERPRETER_WIN" / "INTERPRETER_MAC"),
  which looks first in the workbook's own `xlwings.conf` sheet (column A from A1 down to
  the first blank cell, keys upper-cased, values in column B), then in xlwings.conf beside
  the workbook (skipped for OneDrive/SharePoint URLs), then ~/.xlwings/xlwings.conf, and
  falls back to "python". The sheet is read through Excel, so it works under any path and
  on synced folders.
- It then runs `<interpreter> -B -c "import xlwings.utils;
  xlwings.utils.prepare_sys_path(\\"true;<FullName>;<FullName>;<OneDrive, OneDrive for
  Business, SharePoint settings>;<PYTHONPATH>\\"); <command>"`: the workbook's folder
  (a URL mapped to the local synced folder) goes on sys.path, where dieu_khien.py is.
- On macOS RunPython calls AppleScriptTask("xlwings-<XLWINGS_VERSION>.applescript"), which
  Excel finds only in ~/Library/Application Scripts/com.microsoft.Excel/ (what `xlwings
  runpython install` copies there).
- XLWINGS_VERSION in the VBA is the version of the package it ships in; the build stamps
  that version as a custom document property, read back without parsing VBA."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import io
import os
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from thidua.core import errors, fields, labels
from thidua.store.files import atomic_path

QUICKSTART = "quickstart_standalone.xlsm"
VBA_PART = "xl/vbaProject.bin"
#: The sheet xlwings' GetConfig reads first (PROJECT_NAME & ".conf").
CONF_SHEET = "xlwings.conf"
#: The custom document property holding the xlwings version the workbook was built with.
VERSION_PROPERTY = "thidua_xlwings_version"
#: The macro of the quickstart VBA the button calls: it runs
#: `import <workbook name>; <workbook name>.main()`.
ENTRY_MACRO = "SampleCall"
#: Where Excel for Mac looks for the scripts AppleScriptTask may run.
MAC_SCRIPTS = ("Library", "Application Scripts", "com.microsoft.Excel")
UNKNOWN_VERSION = "?"


class ExcelMissing(errors.ThiduaError):
    code = "excel-missing"


def xlwings_dir() -> Path:
    """The installed xlwings package's folder (without importing it)."""
    spec = importlib.util.find_spec("xlwings")
    if spec is None or not spec.submodule_search_locations:
        raise ExcelMissing()
    return Path(next(iter(spec.submodule_search_locations)))


def xlwings_version() -> str:
    """The installed xlwings version: the XLWINGS_VERSION of the VBA it ships."""
    xlwings_dir()
    try:
        return importlib.metadata.version("xlwings")
    except importlib.metadata.PackageNotFoundError as exc:
        raise ExcelMissing() from exc


def installed_version() -> str | None:
    """The installed xlwings version, or None when xlwings is not installed."""
    try:
        return xlwings_version()
    except ExcelMissing:
        return None


def xlwings_vba() -> bytes:
    """xlwings' VBA project (vbaProject.bin) from the installed package."""
    try:
        with zipfile.ZipFile(xlwings_dir() / QUICKSTART) as zf:
            return zf.read(VBA_PART)
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise ExcelMissing() from exc


def interpreter_setting(platform: str | None = None,
                        executable: str | None = None) -> tuple[str, str]:
    """The xlwings.conf key and value naming the interpreter running now: on Windows
    pythonw.exe beside python.exe (no console window), elsewhere the executable itself.
    Only this platform's key is written, so a workbook opened on the other platform falls
    back to that machine's own settings."""
    platform = platform or sys.platform
    executable = os.path.abspath(executable or sys.executable)
    if platform.startswith("win"):
        windowless = Path(executable).with_name("pythonw.exe")
        return "INTERPRETER_WIN", str(windowless) if windowless.exists() else executable
    return "INTERPRETER_MAC", executable


def shim_source(stem: str) -> str:
    doc = labels.SHIM_DOC.format(name=stem)
    return f'"""{doc}"""\n\nfrom thidua.xl import main  # noqa: F401\n'


@dataclass(frozen=True)
class ControlBuild:
    """What `init --excel` or `excel` wrote: the control workbook, its module, the
    interpreter setting, the xlwings version, the AppleScript file installed (macOS)."""

    control: Path
    shim: Path
    interpreter: tuple[str, str]
    version: str
    applescript: Path | None = None


def write_control(path: str | Path, workbook_name: str, settings: dict[str, str],
                  version: str, kept: dict[str, object] | None = None) -> Path:
    """Write the control workbook (.xlsm) with xlwings' VBA, the settings sheet and the
    version stamp; kept: the named cells a rebuild carries over, by key (the working
    folder; the canonical workbook is workbook_name)."""
    from thidua import __version__
    from thidua.write.xlsx import HEADER, TITLE, new_book

    path = Path(path)
    vba = xlwings_vba()
    with atomic_path(path) as tmp:
        book = new_book(tmp)
        book.add_vba_project(io.BytesIO(vba), is_stream=True)
        book.set_custom_property(VERSION_PROPERTY, version)
        title, header = book.add_format(TITLE), book.add_format(HEADER)
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        key = book.add_format({"bold": True, "valign": "top", "text_wrap": True})
        inputs = book.add_format({"bg_color": "#FFF2CC", "border": 1, "valign": "top"})
        date = book.add_format({"bg_color": "#FFF2CC", "border": 1,
                                "num_format": "dd/mm/yyyy", "align": "left"})
        grey = book.add_format({"font_color": "#808080", "italic": True})

        ws = book.add_worksheet(labels.SHEET_CONTROL)
        ws.set_column(0, 0, 58)
        ws.set_column(1, 1, 40)
        ws.set_column(2, 2, 22)
        ws.write_string(0, 0, labels.CONTROL_TITLE, title)
        for i, line in enumerate(labels.CONTROL_LINES, start=1):
            ws.write_string(i, 0, line, wrap)
        first = len(labels.CONTROL_LINES) + 2
        for i, (name, caption) in enumerate(labels.CONTROL_FIELDS):
            row = first + i
            ws.write_string(row, 0, caption, key)
            cell_format = {"as_of": date, "status": wrap}.get(name, inputs)
            ws.write_blank(row, 1, None, cell_format)
            if name == "folder" and (kept or {}).get(name):
                ws.write_string(row, 1, str(kept[name]), cell_format)
            book.define_name(fields.CONTROL_NAMES[name],
                             f"='{labels.SHEET_CONTROL}'!$B${row + 1}")
            if name == "workbook":
                ws.write_string(row, 1, workbook_name, inputs)
                ws.write_url(row, 2, f"external:{workbook_name}",
                             string=labels.CONTROL_OPEN_LINK)
        ws.write_string(first, 1, labels.ACTIONS["check"], inputs)
        ws.data_validation(first, 1, first, 1, {
            "validate": "list", "source": list(labels.ACTIONS.values())})
        button_row = first + len(labels.CONTROL_FIELDS) + 1
        ws.insert_button(button_row, 1, {"macro": ENTRY_MACRO,
                                         "caption": labels.BUTTON_CAPTION,
                                         "width": 160, "height": 36})
        python = next(iter(settings.values()), "")
        ws.write_string(button_row + 3, 0, labels.CONTROL_BUILT.format(
            thidua=__version__, xlwings=version, python=python), grey)
        ws.activate()

        errors_sheet = book.add_worksheet(labels.SHEET_ERRORS)
        errors_sheet.write_row(0, 0, labels.ERRORS_HEADERS, header)
        errors_sheet.set_column(0, 5, 14)
        errors_sheet.set_column(6, 6, 90)

        conf = book.add_worksheet(CONF_SHEET)
        conf.set_column(0, 0, 22)
        conf.set_column(1, 1, 90)
        for row, (name, value) in enumerate(settings.items()):
            conf.write_string(row, 0, name)
            conf.write_string(row, 1, value)
        book.close()
    return path


def install_applescript(version: str, home: Path | None = None) -> Path:
    """Copy xlwings' AppleScript file where Excel for Mac's AppleScriptTask finds it, as
    `xlwings runpython install` does; its name carries the version the VBA asks for."""
    source = xlwings_dir() / f"xlwings-{version}.applescript"
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ExcelMissing() from exc
    target = (home or Path.home()).joinpath(*MAC_SCRIPTS, source.name)
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return target


def build_control(folder: str | Path, workbook_name: str = labels.WORKBOOK_FILE,
                  platform: str | None = None, executable: str | None = None,
                  home: Path | None = None,
                  kept: dict[str, object] | None = None) -> ControlBuild:
    """Write dieu_khien.xlsm and dieu_khien.py in folder for the installed xlwings and the
    running interpreter (and, on macOS, install the AppleScript file). kept: the working
    folder cell of the control workbook being replaced."""
    folder = Path(folder)
    version = xlwings_version()
    setting = interpreter_setting(platform, executable)
    control = write_control(folder / labels.CONTROL_WORKBOOK_FILE, workbook_name,
                            dict([setting]), version, kept)
    shim = control.with_suffix(".py")
    with atomic_path(shim) as tmp:
        tmp.write_text(shim_source(control.stem), encoding="utf-8")
    script = None
    if (platform or sys.platform) == "darwin":
        script = install_applescript(version, home)
    return ControlBuild(control, shim, setting, version, script)


def stamped_version(workbook: str | Path) -> str | None:
    """The xlwings version a control workbook was built with (its document property), or
    None when it has none or cannot be read."""
    from defusedxml import ElementTree

    try:
        with zipfile.ZipFile(workbook) as zf:
            root = ElementTree.fromstring(zf.read("docProps/custom.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return None
    for prop in root:
        if prop.get("name") == VERSION_PROPERTY:
            return "".join(prop.itertext()).strip() or None
    return None


def vba_intact(control: str | Path) -> bool:
    """Whether a control workbook still has its VBA project and the workbook's code name
    (ThisWorkbook) the project's document module belongs to: another program saving it
    (LibreOffice) drops the code names and rewrites the project."""
    try:
        with zipfile.ZipFile(control) as zf:
            names = set(zf.namelist())
            book = zf.read("xl/workbook.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    found = re.search(r"<workbookPr\b[^>]*>", book)
    return VBA_PART in names and bool(found and _attr(found.group(), "codeName"))


def version_problem(control: Path, installed: str | None) -> dict[str, str] | None:
    """The parameters of an "excel-outdated" issue when the control workbook was built
    for another xlwings than the one installed (None: same, or xlwings not installed)."""
    if installed is None:
        return None
    built = stamped_version(control)
    if built == installed:
        return None
    return {"value": control.name, "expected": built or UNKNOWN_VERSION,
            "installed": installed, "folder": str(control.parent)}


def button_problems(workbook: Path) -> list[tuple[str, dict[str, str]]]:
    """Why the Excel button beside a canonical workbook would not run, or would break on
    the next upgrade: (issue code, params). An earlier macro-enabled canonical workbook is
    told how to move to the control workbook, and its own name and module are checked."""
    installed = installed_version()
    if workbook.suffix.lower() == ".xlsm":
        found = [("excel-legacy", {"value": workbook.name, "folder": str(workbook.parent)})]
        stem = workbook.stem
        if not stem.isidentifier() or not stem.isascii():
            found.append(("workbook-name", {"value": workbook.name,
                                            "expected": labels.EXCEL_WORKBOOK_FILE}))
        elif not workbook.with_suffix(".py").exists():
            found.append(("missing-shim", {"expected": f"{stem}.py"}))
        return found
    found = _renamed_controls(workbook.parent)
    control = workbook.parent / labels.CONTROL_WORKBOOK_FILE
    if not control.exists():
        return found
    if not control.with_suffix(".py").exists():
        found.append(("missing-shim", {"expected": control.with_suffix(".py").name}))
    if not vba_intact(control):
        found.append(("excel-damaged", {"value": control.name, "folder": str(control.parent)}))
    outdated = version_problem(control, installed)
    if outdated:
        found.append(("excel-outdated", {**outdated}))
    return found


def _renamed_controls(folder: Path) -> list[tuple[str, dict[str, str]]]:
    """Copies of the control workbook under another name (Excel saves a download as
    "dieu_khien (1).xlsm"): their button imports a module that is not there."""
    found = []
    for other in sorted(folder.glob("*.xlsm")):
        if other.name == labels.CONTROL_WORKBOOK_FILE or stamped_version(other) is None:
            continue
        if not other.stem.isidentifier() or not other.stem.isascii():
            found.append(("workbook-name", {"value": other.name,
                                            "expected": labels.CONTROL_WORKBOOK_FILE}))
        elif not other.with_suffix(".py").exists():
            found.append(("missing-shim", {"expected": f"{other.stem}.py"}))
    return found


def on_cloud_drive(folder: str | Path) -> bool:
    """Whether folder lies in a OneDrive/SharePoint synced folder, where Excel names the
    workbook by a URL and AutoSave writes while the toolkit reads."""
    path = Path(folder).expanduser().absolute()
    roots = [os.environ.get(v) for v in ("OneDrive", "OneDriveConsumer", "OneDriveCommercial")]
    for root in filter(None, roots):
        root_path = Path(root).absolute()
        if path == root_path or root_path in path.parents:
            return True
    names = [part.lower() for part in path.parts]
    return any(n.startswith("onedrive") or n.startswith("sharepoint") for n in names) or \
        "cloudstorage" in names


# --- the earlier layout: the canonical workbook carried the macros ------------------------

MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
PLAIN_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_SHEET = re.compile(r"<sheet\b[^>]*?/>")
_ATTR = r'\b{}="([^"]*)"'


def _attr(element: str, name: str) -> str | None:
    found = re.search(_ATTR.format(re.escape(name)), element)
    return found.group(1) if found else None


def _set_attr(element: str, name: str, value: str) -> str:
    pattern = re.compile(_ATTR.format(re.escape(name)))
    if pattern.search(element):
        return pattern.sub(f'{name}="{value}"', element, count=1)
    head, _, tail = element.partition(" ")
    return f'{head} {name}="{value}" {tail}'


def _unescape(text: str) -> str:
    from xml.sax.saxutils import unescape

    return unescape(text, {"&quot;": '"', "&apos;": "'"})


def migrate_legacy(xlsm: str | Path, xlsx: str | Path) -> Path:
    """Copy the plan of an earlier macro-enabled canonical workbook into a plain .xlsx.

    Every part is copied byte for byte (values, formulas with their cached results,
    formats, whatever staff added), except: the VBA project is left out, the workbook's
    content type becomes that of an .xlsx, and the control and error sheets are hidden
    (their button would call a macro that is no longer there). The .xlsm is only read."""
    xlsm, xlsx = Path(xlsm), Path(xlsx)
    try:
        source = zipfile.ZipFile(xlsm)
    except (OSError, zipfile.BadZipFile) as exc:
        raise errors.NotAWorkbook(path=xlsm) from exc
    with source:
        parts = {info.filename: source.read(info) for info in source.infolist()
                 if not info.filename.startswith(("xl/vbaProject", "xl/_rels/vbaProject"))}
    types = parts["[Content_Types].xml"].decode("utf-8").replace(MACRO_MAIN, PLAIN_MAIN)
    types = re.sub(r'<Override\b[^>]*PartName="/xl/vbaProject[^"]*"[^>]*/>', "", types)
    types = re.sub(r'<Default\b[^>]*ContentType="application/vnd\.ms-office\.vbaProject"'
                   r'[^>]*/>', "", types)
    parts["[Content_Types].xml"] = types.encode("utf-8")
    rels_name = "xl/_rels/workbook.xml.rels"
    rels = parts[rels_name].decode("utf-8")
    rels = re.sub(r'<Relationship\b[^>]*Type="[^"]*/vbaProject"[^>]*/>', "", rels)
    parts[rels_name] = rels.encode("utf-8")
    targets = {_attr(m.group(), "Id"): _attr(m.group(), "Target")
               for m in re.finditer(r"<Relationship\b[^>]*/>", rels)}

    book = parts["xl/workbook.xml"].decode("utf-8")
    sheets = [m.group() for m in _SHEET.finditer(book)]
    hide = {labels.SHEET_CONTROL, labels.SHEET_ERRORS}
    names = [_unescape(_attr(s, "name") or "") for s in sheets]
    visible = [i for i, (s, n) in enumerate(zip(sheets, names, strict=True))
               if n not in hide and _attr(s, "state") is None]
    if visible and len(visible) < len(sheets):
        active = visible[0]
        for i, (element, name) in enumerate(zip(sheets, names, strict=True)):
            part = "xl/" + (targets.get(_attr(element, "r:id")) or "").lstrip("/")
            part = part.replace("xl/xl/", "xl/")
            if name in hide:
                book = book.replace(element, _set_attr(element, "state", "hidden"), 1)
            if part in parts:
                sheet_xml = parts[part].decode("utf-8")
                sheet_xml = re.sub(r'\s*tabSelected="1"', "", sheet_xml)
                if i == active:
                    sheet_xml = re.sub(r"<sheetView\b", '<sheetView tabSelected="1"',
                                       sheet_xml, count=1)
                parts[part] = sheet_xml.encode("utf-8")
        book = re.sub(r"<workbookView\b[^>]*?/?>",
                      lambda m: _set_attr(re.sub(r'\s*firstSheet="\d+"', "", m.group()),
                                          "activeTab", str(active)), book, count=1)
        parts["xl/workbook.xml"] = book.encode("utf-8")
    with atomic_path(xlsx) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return xlsx


def control_values(control: str | Path) -> dict[str, object]:
    """The values of an existing control workbook's named cells, by key of
    fields.CONTROL_NAMES ({} when there is none or it cannot be read): a rebuild keeps
    what staff set, such as another canonical workbook's name."""
    import openpyxl

    control = Path(control)
    if not control.exists():
        return {}
    try:
        book = openpyxl.load_workbook(control, read_only=True, data_only=True)
    except Exception:  # an unreadable old control workbook is simply rebuilt
        return {}
    values: dict[str, object] = {}
    try:
        for key, name in fields.CONTROL_NAMES.items():
            defined = book.defined_names.get(name)
            if defined is None:
                continue
            for sheet, ref in defined.destinations:
                if sheet in book.sheetnames:
                    values[key] = book[sheet][ref.replace("$", "")].value
    finally:
        book.close()
    return values
