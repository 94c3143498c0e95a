"""Excel without Excel: a stand-in for xlwings.Book built from a real workbook file, the
command line xlwings' VBA runs for the button, and the earlier macro-enabled canonical
workbook (bieu_chi_tiet.xlsm) as the previous version wrote it.

The fake Book holds the workbook's own sheets and defined names (read with openpyxl),
with values typed as xlwings returns them: numbers as float, dates as datetime, empty
cells as None. Its fullname maps a OneDrive/SharePoint URL to the synced folder the way
xlwings' Book.fullname does (utils.fullname_url_to_local_path with the xlwings.conf
sheet's settings)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import openpyxl

CONF_SHEET = "xlwings.conf"


def xl_value(value: object) -> object:
    """A cell value as xlwings reads it from Excel."""
    if isinstance(value, bool) or value is None or isinstance(value, str | dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, int | float):
        return float(value)
    return value


def _split(address: str) -> tuple[int, int]:
    letters = address.rstrip("0123456789")
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(address[len(letters):]), col


def _address(row: int, col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


class FakeRange:
    def __init__(self, sheet: FakeSheet, address: str):
        self.sheet, self.address = sheet, address.replace("$", "")

    @property
    def value(self):
        return self.sheet.cells.get(self.address)

    @value.setter
    def value(self, value):
        if isinstance(value, list) and value and isinstance(value[0], list):
            row0, col0 = _split(self.address)
            for r, row in enumerate(value):
                for c, v in enumerate(row):
                    self.sheet.cells[_address(row0 + r, col0 + c)] = xl_value(v)
        else:
            self.sheet.cells[self.address] = xl_value(value)

    def add_hyperlink(self, address, text_to_display=None):
        self.sheet.links[self.address] = (address, text_to_display)


class FakeSheet:
    def __init__(self, name: str, cells: dict[str, object] | None = None):
        self.name, self.cells, self.links = name, dict(cells or {}), {}

    def range(self, address: str) -> FakeRange:
        return FakeRange(self, address)

    def clear_contents(self) -> None:
        self.cells.clear()
        self.links.clear()

    def rows(self) -> list[list[object]]:
        """The used range as a list of rows (None for empty cells)."""
        if not self.cells:
            return []
        spots = [_split(a) for a in self.cells]
        height, width = max(r for r, _ in spots), max(c for _, c in spots)
        return [[self.cells.get(_address(r, c)) for c in range(1, width + 1)]
                for r in range(1, height + 1)]


class FakeSheets(list):
    def __getitem__(self, key):
        if isinstance(key, str):
            return next(s for s in self if s.name == key)
        return super().__getitem__(key)

    def add(self, name, after=None):
        sheet = FakeSheet(name)
        self.append(sheet)
        return sheet


class FakeName:
    def __init__(self, sheet: FakeSheet, address: str):
        self.refers_to_range = FakeRange(sheet, address)


class FakeApp:
    def __init__(self):
        self.alerts, self.opened = [], []
        self.books = self

    def alert(self, prompt, title=None, **_):
        self.alerts.append((title, prompt))

    def open(self, path):
        self.opened.append(path)


class FakeBook:
    """xlwings.Book.caller() of a workbook file: its sheets, named cells and full name
    (a local path, or the URL Excel gives for a file on OneDrive/SharePoint)."""

    def __init__(self, path: str | Path, fullname: str | None = None):
        source = openpyxl.load_workbook(path)
        self.sheets = FakeSheets(
            FakeSheet(ws.title, {c.coordinate: xl_value(c.value) for row in ws.iter_rows()
                                 for c in row if c.value is not None})
            for ws in source.worksheets)
        self.names = {}
        for name, defined in source.defined_names.items():
            for sheet, ref in defined.destinations:
                self.names[name] = FakeName(self.sheets[sheet], ref)
        self.url = fullname or str(path)
        self.app = FakeApp()

    @property
    def fullname(self) -> str:
        """As xlwings' Book.fullname (_xlwindows / _xlmac): a URL is mapped to the local
        synced file with the xlwings.conf sheet's OneDrive/SharePoint settings."""
        if "://" not in self.url:
            return self.url
        from xlwings.utils import fullname_url_to_local_path

        conf = self.config()
        return fullname_url_to_local_path(
            url=self.url,
            sheet_onedrive_consumer_config=conf.get("ONEDRIVE_CONSUMER_WIN"),
            sheet_onedrive_commercial_config=conf.get("ONEDRIVE_COMMERCIAL_WIN"),
            sheet_sharepoint_config=conf.get("SHAREPOINT_WIN"))

    def config(self) -> dict[str, object]:
        """The xlwings.conf sheet as xlwings' read_config_sheet returns it."""
        if CONF_SHEET not in [s.name for s in self.sheets]:
            return {}
        return {row[0]: row[1] for row in self.sheets[CONF_SHEET].rows() if row[0]}

    def cell(self, key: str):
        from thidua.core import fields

        return self.names[fields.CONTROL_NAMES[key]].refers_to_range

    def status(self):
        return self.cell("status").value


def vba_command(fullname: str, module: str, pythonpath: str = "") -> str:
    """The `-c` program xlwings' RunPython (ExecuteWindows / the AppleScript handler) runs
    for SampleCall in a workbook of this full name: prepare_sys_path with
    "<add workbook dir>;<ActiveFullName>;<ThisFullName>;<OneDrive consumer>;<OneDrive
    commercial>;<SharePoint>;<PYTHONPATH>" (xlwings.bas, RunPython), then the import."""
    args = ";".join(["true", fullname, fullname, "", "", "", pythonpath])
    args = args.replace("\\", "\\\\")  # ExecuteWindows doubles backslashes
    return (f'import xlwings.utils;xlwings.utils.prepare_sys_path("{args}"); '
            f"import {module};{module}.main()")


def sample_call_module(workbook_name: str) -> str:
    """The module SampleCall imports: Left(Name, InStrRev(Name, ".") - 1)."""
    return workbook_name[:workbook_name.rfind(".")]


def xlwings_settings(conf_rows: list[list[object]], directory_conf: str | None,
                     user_conf: str | None, key: str, default: str = "") -> str:
    """xlwings' GetConfig (xlwings.bas) replayed: the xlwings.conf sheet (column A from A1
    down to the first blank cell, keys upper-cased), then the file beside the workbook,
    then the user's file, then the default; then RunPython's legacy INTERPRETER and
    "python" when INTERPRETER_WIN / INTERPRETER_MAC are empty."""

    def lookup(name: str, fallback: str) -> str:
        sheet = {}
        for row in conf_rows:
            if row[0] in (None, ""):
                break
            sheet[str(row[0]).upper()] = row[1] if len(row) > 1 else None
        if name in sheet:
            return "" if sheet[name] is None else str(sheet[name])
        for text in (directory_conf, user_conf):
            for line in (text or "").splitlines():
                values = re.findall(r'"([^"]*)"', line)
                if len(values) >= 2 and values[0] == name:
                    return values[1]
        return fallback

    found = lookup(key, default)
    return found or lookup("INTERPRETER", "python")


def write_legacy_workbook(path: Path, content) -> Path:
    """bieu_chi_tiet.xlsm as the earlier version wrote it: the canonical sheets with
    xlwings' VBA project and a Điều khiển sheet in front (named cells, the button)."""
    from thidua.core import fields, labels
    from thidua.write import canonical
    from thidua.write.control import ENTRY_MACRO, xlwings_vba

    book = canonical.new_book(path)
    fmt = canonical._Formats(book)
    book.add_vba_project(io.BytesIO(xlwings_vba()), is_stream=True)
    ws = book.add_worksheet(labels.SHEET_CONTROL)
    first = 5
    old_fields = [k for k in ("action", "as_of", "folder", "status")]
    for i, key in enumerate(old_fields):
        ws.write_string(first + i, 0, key, fmt.key)
        book.define_name(fields.CONTROL_NAMES[key], f"='{labels.SHEET_CONTROL}'!$B${first + i + 1}")
    ws.write_string(first, 1, labels.ACTIONS["check"])
    ws.insert_button(first + 6, 1, {"macro": ENTRY_MACRO, "caption": labels.BUTTON_CAPTION})
    canonical._guide(book, fmt)
    canonical._plan_sheet(book, fmt, content.info)
    for sheet, rows in ((labels.SHEET_PHASES, content.phases),
                        (labels.SHEET_UNITS, content.units),
                        (labels.SHEET_TASKS, content.tasks)):
        canonical._table_sheet(book, fmt, sheet, rows)
    ws.activate()
    book.close()
    path.with_suffix(".py").write_text("from thidua.xl import main  # noqa: F401\n",
                                       encoding="utf-8")
    return path
