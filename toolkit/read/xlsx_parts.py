"""What a values-only reader cannot see in an .xlsx: legacy Vietnamese fonts, formulas
saved without a cached value, and Excel error values. Reads the XML parts directly with
defusedxml (entity expansion and external entities are refused)."""

from __future__ import annotations

import functools
import html
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO

from defusedxml import ElementTree

from thidua.core.parsing.legacy import encoding_for_font

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass
class SheetMeta:
    """Per-cell facts keyed by 0-based (row, col)."""

    legacy: dict[tuple[int, int], str] = field(default_factory=dict)
    formulas_without_value: dict[tuple[int, int], str] = field(default_factory=dict)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    #: Cells whose style has a percent number format (they store 0.8 for 80%).
    percent: set[tuple[int, int]] = field(default_factory=set)


def split_ref(ref: str) -> tuple[int, int]:
    """'B12' -> (11, 1), 0-based."""
    col = 0
    i = 0
    while i < len(ref) and ref[i].isalpha():
        col = col * 26 + (ord(ref[i].upper()) - 64)
        i += 1
    return int(ref[i:]) - 1, col - 1


_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_ANY_CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_ROW_REF = re.compile(rb'<row\b[^>]*?\br="([0-9]{1,7})"')
#: A cell element that does not open with its position (`<c r="…"`): `<c>`, `<c/>`, or
#: attributes in another order. Every writer we know puts the position first.
_IRREGULAR_CELL = re.compile(rb'<c(?![a-zA-Z]| r=")')
#: Cell positions beyond column Z or row 9,999: the only ones that can make a sheet large.
_FAR_REF = re.compile(rb'<c r="([A-Z]{2,3}[0-9]{1,7}|[A-Z][0-9]{5,7})"')
NEAR_ROWS, NEAR_COLUMNS = 9_999, 26


def column_number(letters: bytes | str) -> int:
    """'A' -> 1, 'XFD' -> 16384."""
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode("ascii"):
        n = n * 26 + (ord(ch.upper()) - 64)
    return n


def sheet_extent(part: bytes, max_cells: int | None = None) -> tuple[int, int]:
    """(rows, columns) a reader will lay out for a sheet part — at most these, and exactly
    these when max_cells is None or the bound exceeds it — read from the XML bytes
    without parsing: the largest row and column any cell names, widened by cells that
    name no position (a reader places those one after another).

    The usual sheet costs two scans: one for cells not written `<c r="…"`, one for
    positions beyond Z or row 9,999."""
    if max_cells is not None and not _IRREGULAR_CELL.search(part):
        far = _FAR_REF.findall(part)
        rows, columns = NEAR_ROWS, NEAR_COLUMNS
        for ref in far:
            split = len(ref.rstrip(b"0123456789"))
            columns = max(columns, column_number(ref[:split]))
            rows = max(rows, int(ref[split:]))
        if rows * columns <= max_cells:
            return rows, columns
    cells = part.count(b"<c ") + part.count(b"<c>") + part.count(b"<c/>")
    refs = _CELL_REF.findall(part)
    if len(refs) < cells:  # the position is not the first attribute everywhere
        refs = _ANY_CELL_REF.findall(part)
    letters = {letter for letter, _ in refs}
    columns = max(map(column_number, letters), default=0)
    rows = max((int(r) for r in {row for _, row in refs}), default=0)
    rows = max(rows, max((int(r) for r in set(_ROW_REF.findall(part))), default=0))
    unplaced = cells - len(refs)
    if unplaced > 0:
        columns += unplaced
        rows = max(rows, part.count(b"<row"))
    return rows, columns


def _sheet_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    return dict(_paths_of(zf.read("xl/_rels/workbook.xml.rels"), zf.read("xl/workbook.xml")))


@functools.lru_cache(maxsize=64)
def _paths_of(rels_xml: bytes, book_xml: bytes) -> tuple[tuple[str, str], ...]:
    """Sheet name -> part path; cached by content: the returns of one plan share these
    parts byte for byte, so a batch parses them once."""
    rels = ElementTree.fromstring(rels_xml)
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    book = ElementTree.fromstring(book_xml)
    paths = {}
    for sheet in book.iter(f"{_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        paths[sheet.get("name", "")] = posixpath.normpath(path)
    return tuple(paths.items())


def _legacy_styles(data: bytes) -> dict[str, str]:
    """Style index (the `s` attribute) -> legacy encoding, for styles using a legacy font."""
    if not names_legacy_font(data):
        return {}
    root = ElementTree.fromstring(data)
    fonts_el = root.find(f"{_NS}fonts")
    xfs_el = root.find(f"{_NS}cellXfs")
    if fonts_el is None or xfs_el is None:
        return {}
    font_enc = []
    for font in fonts_el.findall(f"{_NS}font"):
        name = font.find(f"{_NS}name")
        font_enc.append(encoding_for_font(name.get("val") if name is not None else None))
    styles = {}
    for index, xf in enumerate(xfs_el.findall(f"{_NS}xf")):
        font_id = int(xf.get("fontId", "0") or 0)
        if font_id < len(font_enc) and font_enc[font_id]:
            styles[str(index)] = font_enc[font_id]
    return styles


#: Built-in number formats that show a percent: 0% and 0.00%.
PERCENT_FORMAT_IDS = frozenset({9, 10})
_NUM_FMT_ID = re.compile(rb'numFmtId="(\d+)"')


def may_use_percent(styles_xml: bytes) -> bool:
    """Whether styles.xml may give a cell a percent format (a byte search: a custom format
    holding "%", or the built-in 9 or 10 named anywhere). False means certainly not."""
    return b"%" in styles_xml or any(
        int(n) in PERCENT_FORMAT_IDS for n in _NUM_FMT_ID.findall(styles_xml))


def _unquoted(code: str) -> str:
    """A number format code without its quoted literals and escaped characters."""
    return re.sub(r'"[^"]*"|\\.', "", code)


_NUM_FMT = re.compile(rb"<(?:\w+:)?numFmt\b[^>]*>")
_XF = re.compile(rb"<(?:\w+:)?xf\b[^>]*>")
_ATTR_ID = re.compile(rb'\bnumFmtId="([0-9]+)"')
_ATTR_CODE = re.compile(rb'\bformatCode="([^"]*)"')


def percent_styles(styles_xml: bytes) -> frozenset[str]:
    """See _percent_styles; cached by content (a batch's returns share one styles part)."""
    return _percent_styles(styles_xml)


@functools.lru_cache(maxsize=64)
def _percent_styles(styles_xml: bytes) -> frozenset[str]:
    """Style indices (the `s` attribute of a cell) whose number format shows a percent:
    cellXfs entries with numFmtId 9 or 10, or a custom numFmt whose code holds "%". Read
    with regular expressions over the bytes: styles.xml is machine-written and flat, and a
    percent-styled form is the common case, read once per return."""
    if not may_use_percent(styles_xml):
        return frozenset()
    percent_ids = set(PERCENT_FORMAT_IDS)
    for tag in _NUM_FMT.findall(styles_xml):
        number, code = _ATTR_ID.search(tag), _ATTR_CODE.search(tag)
        if number and code and "%" in _unquoted(html.unescape(code.group(1).decode("utf-8",
                                                                                "replace"))):
            percent_ids.add(int(number.group(1)))
    begin = re.search(rb"<(?:\w+:)?cellXfs\b", styles_xml)
    if begin is None:
        return frozenset()
    end = re.compile(rb"</(?:\w+:)?cellXfs>").search(styles_xml, begin.end())
    body = styles_xml[begin.end():end.start() if end else len(styles_xml)]
    styles = set()
    for index, tag in enumerate(_XF.findall(body)):
        number = _ATTR_ID.search(tag)
        if number and int(number.group(1)) in percent_ids:
            styles.add(str(index))
    return frozenset(styles)


def uses_style(sheet_xml: bytes, styles: frozenset[str]) -> bool:
    """Whether any cell of a sheet part names one of the style indices (a byte search)."""
    return any(f's="{s}"'.encode() in sheet_xml for s in styles)


_REF_ATTR = re.compile(rb'\br="([A-Z]{1,3}[0-9]{1,7})"')


def styled_cells(sheet_xml: bytes, styles: frozenset[str]) -> set[tuple[int, int]]:
    """0-based (row, col) of the cells of a sheet part whose style is one of styles, found
    by byte searches (no XML tree: a percent-styled form must not cost a full parse): each
    `s="N"` attribute is traced back to its tag, kept when that tag is a cell (`<c`
    followed by white space), and the cell's `r` attribute read from the tag."""
    cells: set[tuple[int, int]] = set()
    find, rfind = sheet_xml.find, sheet_xml.rfind
    for style in styles:
        needle = f's="{style}"'.encode()
        at = find(needle)
        while at >= 0:
            if sheet_xml[at - 1:at] in _SPACE:  # an attribute named s, not ...s="N"
                start = rfind(b"<", 0, at)  # "<" cannot occur inside an attribute value
                if sheet_xml[start + 1:start + 2] == b"c" and \
                        sheet_xml[start + 2:start + 3] in _SPACE:
                    ref = _REF_ATTR.search(sheet_xml, start, find(b">", at))
                    if ref is not None:
                        cells.add(split_ref(ref.group(1).decode("ascii")))
            at = find(needle, at + len(needle))
    return cells


_SPACE = (b" ", b"\t", b"\n", b"\r")


def names_legacy_font(styles_xml: bytes) -> bool:
    """Whether styles.xml names a TCVN3 (.Vn…) or VNI font anywhere (a byte search)."""
    lowered = styles_xml.lower()
    return b'"vni' in lowered or b'".vn' in lowered


def has_cell_marks(sheet_xml: bytes) -> bool:
    """Whether a sheet's cells hold a formula (<f>, <f .../>) or an error value (t="e").
    Only <sheetData> is searched: a validation's <formula1> and the like come after it."""
    end = sheet_xml.rfind(b"</sheetData>")
    end = len(sheet_xml) if end < 0 else end
    start = sheet_xml.find(b"<f", 0, end)
    while start >= 0:
        if sheet_xml[start + 2:start + 3] in (b">", b" ", b"/"):
            return True
        start = sheet_xml.find(b"<f", start + 2, end)
    return sheet_xml.find(b't="e"', 0, end) >= 0


def read_meta(source: str | IO[bytes] | zipfile.ZipFile, sheet_names: list[str],
              parts: dict[str, bytes] | None = None) -> dict[str, SheetMeta]:
    """Legacy-font cells, percent-formatted cells, uncached formulas and error values of
    the named sheets of an .xlsx/.xlsm. Sheets with none of these are not parsed (a byte
    search rules them out); workbook.open_workbook_bytes calls this only when such a
    search found something. source may be an open ZipFile (left open); parts: sheet parts
    already inflated, by path, read from the zip when absent."""
    if isinstance(source, zipfile.ZipFile):
        return _read_meta(source, sheet_names, parts or {})
    with zipfile.ZipFile(source) as zf:
        return _read_meta(zf, sheet_names, parts or {})


def _read_meta(zf: zipfile.ZipFile, sheet_names: list[str], parts: dict[str, bytes]
               ) -> dict[str, SheetMeta]:
    result = {name: SheetMeta() for name in sheet_names}
    names = zf.NameToInfo
    styles_xml = parts.get("xl/styles.xml")
    if styles_xml is None and "xl/styles.xml" in names:
        styles_xml = zf.read("xl/styles.xml")
    legacy = _legacy_styles(styles_xml) if styles_xml else {}
    percent = percent_styles(styles_xml) if styles_xml else frozenset()
    paths = _sheet_paths(zf)
    for sheet_name in sheet_names:
        part = paths.get(sheet_name)
        if part not in names:
            continue
        meta = result[sheet_name]
        data = parts.get(part)
        if data is None:
            data = zf.read(part)
        if percent and uses_style(data, percent):
            meta.percent = styled_cells(data, percent)
        if not legacy and not has_cell_marks(data):
            continue
        with io.BytesIO(data) as stream:
            for _event, el in ElementTree.iterparse(stream):
                if el.tag != f"{_NS}c":
                    if el.tag == f"{_NS}row":
                        el.clear()
                    continue
                ref = el.get("r")
                if ref is None:
                    continue
                style = el.get("s")
                if style in legacy:
                    meta.legacy[split_ref(ref)] = legacy[style]
                formula = el.find(f"{_NS}f")
                value = el.find(f"{_NS}v")
                if el.get("t") == "e" and value is not None and value.text:
                    meta.errors[split_ref(ref)] = value.text
                if formula is not None and (value is None or value.text in (None, "")):
                    meta.formulas_without_value[split_ref(ref)] = "=" + (formula.text or "")
    return result
