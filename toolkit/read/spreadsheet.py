"""Opening any spreadsheet a user may hand us, and reading its sheets as raw grids.

Values come from python-calamine (fast, reads .xlsx/.xlsm/.xlsb/.xls/.ods); for
.xlsx/.xlsm, xlsx_parts adds what calamine cannot see (legacy fonts, uncached formulas,
error values, percent number formats).
Files are opened read-only and never locked, so Excel may keep them open meanwhile."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from thidua.core import errors
from thidua.core.issues import column_letter
from thidua.core.parsing.legacy import decode_legacy, has_unicode_vietnamese
from thidua.core.parsing.numbers import percent_from_fraction
from thidua.core.parsing.text import normalize_text
from thidua.read.xlsx_parts import (
    has_cell_marks,
    may_use_percent,
    names_legacy_font,
    read_meta,
    sheet_extent,
)

ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!",
                          "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!"})
MAX_BYTES = 200 * 1024 * 1024


@dataclass
class RawSheet:
    """A sheet as a grid of Python values; grid[r][c] is cell (row r+1, column c+1)."""

    name: str
    visible: bool
    rows: list[list[object]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    legacy: dict[tuple[int, int], str] = field(default_factory=dict)
    formulas_without_value: dict[tuple[int, int], str] = field(default_factory=dict)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    #: Cells with a percent number format: their numbers are read as the percent shown.
    percent: set[tuple[int, int]] = field(default_factory=set)

    def value(self, row: int, col: int) -> object:
        """0-based access; None beyond the used area."""
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return None


@dataclass
class Workbook:
    path: Path
    sheet_names: list[str]
    visible: dict[str, bool]
    _book: object = None
    _is_xlsx: bool = False
    #: The .xlsx's zip when a byte search found something its values do not show
    #: (formulas, error values, legacy fonts, percent formats); None: nothing to find.
    _zip: zipfile.ZipFile | None = None
    #: Parts the scan inflated already (by path), reused instead of inflated again.
    _parts: dict[str, bytes] = field(default_factory=dict)
    #: SheetMeta of the sheets read so far.
    _meta: dict = field(default_factory=dict)

    def values(self, name: str) -> list[list[object]]:
        """A sheet's raw values as calamine gives them (no cleaning, no metadata): for small
        machine-written sheets such as a return form's identity sheet."""
        try:
            return self._book.get_sheet_by_name(name).to_python()
        except BaseException as exc:  # calamine's own errors, and its panics
            if _passes_through(exc):
                raise
            raise errors.CorruptWorkbook(path=self.path, reason=_reason(exc)) from exc

    def read(self, name: str) -> RawSheet:
        """Read one sheet: values with blanks as None, text decoded from legacy fonts."""
        try:
            sheet = self._book.get_sheet_by_name(name)
            grid = sheet.to_python(skip_empty_area=False)
            merged = list(sheet.merged_cell_ranges or [])
        except BaseException as exc:  # calamine's own errors, and its panics
            if _passes_through(exc):
                raise
            raise errors.CorruptWorkbook(path=self.path, reason=_reason(exc)) from exc
        raw = RawSheet(name, self.visible.get(name, True), [], merged)
        fonts: dict[tuple[int, int], str] = {}
        percent: set[tuple[int, int]] = set()
        if self._zip is not None:
            if name not in self._meta:  # this sheet's part only, inflated by the scan
                try:
                    self._meta.update(read_meta(self._zip, [name], self._parts))
                except Exception as exc:  # a part calamine tolerated, the XML parser refused
                    raise errors.CorruptWorkbook(path=self.path, reason=_reason(exc)) from exc
            meta = self._meta.get(name)
            if meta is not None:
                raw.formulas_without_value = meta.formulas_without_value
                raw.errors.update(meta.errors)
                fonts = meta.legacy
                percent = raw.percent = meta.percent
        rows = raw.rows
        if fonts:
            for r, line in enumerate(grid):
                rows.append([_clean(raw, r, c, value, fonts.get((r, c)))
                             for c, value in enumerate(line)])
            _as_percent(rows, percent)
            return raw
        known = _PLAIN.get
        for r, line in enumerate(grid):
            # numbers, blanks and texts seen before (most cells) skip the function call
            cleaned = [None if value == "" else value if type(value) in _AS_IS
                       else known(value, _UNSEEN) for value in line]
            if _UNSEEN in cleaned:
                for c, value in enumerate(cleaned):
                    if value is _UNSEEN:
                        cleaned[c] = _clean(raw, r, c, line[c], None)
            rows.append(cleaned)
        _as_percent(rows, percent)
        return raw


def _as_percent(rows: list[list[object]], cells: set[tuple[int, int]]) -> None:
    """Numbers in percent-formatted cells become the percent they show (0.8 -> 80): DESIGN
    §3, "a cell with a percent number format holds a fraction"."""
    for r, c in cells:
        if r < len(rows) and c < len(rows[r]):
            value = rows[r][c]
            if type(value) in _AS_IS:
                rows[r][c] = percent_from_fraction(value)


_UNSEEN = object()
_AS_IS = (float, int)  # numbers are kept as calamine gives them (bool goes through _clean)
#: Plain texts already cleaned -> their clean form (neither legacy nor an error value).
_PLAIN: dict[object, object] = {}
_PLAIN_LIMIT = 200_000


def _clean(raw: RawSheet, r: int, c: int, value: object, font_encoding: str | None) -> object:
    if value == "" or value is None:
        return None
    if isinstance(value, str):
        if value in EXCEL_ERRORS:
            raw.errors[(r, c)] = value
            return None
        text, used = clean_text(value, font_encoding)
        if used:
            raw.legacy[(r, c)] = used
        elif font_encoding is None:
            if len(_PLAIN) >= _PLAIN_LIMIT:
                _PLAIN.clear()
            _PLAIN[value] = text
        return text
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


@functools.lru_cache(maxsize=65536)
def clean_text(value: str, font_encoding: str | None = None) -> tuple[str | None, str | None]:
    """(normalised text or None when blank, legacy encoding decoded or None). Cached: the
    returns of one plan repeat the same texts (task contents, targets, roles) thousands of
    times."""
    used = None
    # text holding letters only Unicode Vietnamese has is never legacy: skip decoding
    if font_encoding or (not value.isascii() and not has_unicode_vietnamese(value)):
        decoded, used = decode_legacy(value, font_encoding and _font_for(font_encoding))
        if used:
            value = decoded
    return normalize_text(value) or None, used


def _font_for(encoding: str) -> str:
    """A representative font name for an encoding (decode_legacy is driven by font names)."""
    return ".VnTime" if encoding == "tcvn3" else "VNI-Times"


def _passes_through(exc: BaseException) -> bool:
    """What a reader failure handler must never swallow: an interrupt or an exit. Anything
    else a third-party reader raises on a hostile file is that file's failure, a Rust panic
    included (pyo3's PanicException derives from BaseException, so `except Exception`
    would let it end the whole batch)."""
    return isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


MAX_ROWS = 200_000  # far beyond any plan or return; refused before anything is loaded
#: A return form has a row per task of its unit: far fewer than this.
MAX_RETURN_ROWS = 20_000
MAX_COLUMNS = 1_000  # the widest sheet we define has 20 columns
#: Rows × columns a reader lays out in memory (python-calamine allocates the whole
#: rectangle: one value at XFD1 and one at A100000 would ask for ~52 GB).
MAX_CELLS = 4_000_000
MAX_SHEET_BYTES = 256 * 2**20  # uncompressed XML of one sheet
#: zip compression methods zipfile reads: stored, deflate, bzip2, lzma.
READABLE_COMPRESSION = frozenset({0, 8, 12, 14})
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')


def _bound(part: bytes, path: str | Path, max_rows: int) -> None:
    """Refuse a sheet whose laid-out range a reader would have to allocate is beyond any
    real plan or return (rows, columns, or their product), before any reader sees it."""
    rows, columns = sheet_extent(part, MAX_CELLS)
    if rows > max_rows or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        from thidua.core import labels

        raise errors.SheetTooLarge(
            path=path, range=f"A1:{column_letter(max(columns, 1))}{max(rows, 1)}",
            limit=labels.SHEET_LIMIT.format(rows=_count(max_rows), columns=_count(MAX_COLUMNS),
                                            cells=_count(MAX_CELLS)))


#: A sheet part larger than this has its rows counted while it is inflated, chunk by
#: chunk, before it is read whole: a 34 MB return of junk rows is refused in a fraction of
#: a second and a few MiB, instead of being inflated and scanned at once.
STREAM_FROM_BYTES = 8 * 2**20


def _count_rows(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: str | Path,
                max_rows: int) -> None:
    """Refuse a sheet part with more than max_rows rows, counting them as it inflates."""
    rows, tail = 0, b""
    with zf.open(info) as stream:
        while chunk := stream.read(2**20):
            window = tail + chunk
            rows += window.count(b"<row") - tail.count(b"<row")
            tail = window[-4:]
            if rows > max_rows:
                from thidua.core import labels

                raise errors.SheetTooLarge(
                    path=path, range=labels.MORE_ROWS.format(rows=_count(max_rows)),
                    limit=labels.SHEET_LIMIT.format(rows=_count(max_rows),
                                                    columns=_count(MAX_COLUMNS),
                                                    cells=_count(MAX_CELLS)))


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _readable(zf: zipfile.ZipFile, path: str | Path) -> None:
    """Refuse a part compressed in a way zipfile cannot read (Deflate64, which Windows'
    own zip tool writes for large files), by name, before any part is read."""
    for info in zf.infolist():
        if info.compress_type not in READABLE_COMPRESSION:
            raise errors.UnsupportedCompression(path=path, method=_COMPRESSION.get(
                info.compress_type, str(info.compress_type)))


_COMPRESSION = {9: "Deflate64", 6: "Implode", 98: "PPMd", 99: "AES"}


#: Inflated sheet parts kept for the metadata search (beyond this, inflated again).
KEEP_PARTS_BYTES = 64 * 2**20


def _scan_zip(zf: zipfile.ZipFile, path: str | Path, max_rows: int = MAX_ROWS,
              parts: dict[str, bytes] | None = None) -> bool:
    """Refuse a workbook whose sheets are absurdly large, from the zip directory and the
    sheet's declared dimension, before any sheet is parsed (bounded time and memory).
    Returns whether xlsx_parts has anything to find: a formula, an error value, a legacy
    font or a percent format. Each sheet part is decompressed once, by zipfile, which
    stops at the declared size and checks the part's CRC-32 (a damaged part raises
    BadZipFile); up to KEEP_PARTS_BYTES of them are kept in parts for that search."""
    sheets = [info for info in zf.infolist() if info.filename.startswith("xl/worksheets/")
              and info.filename.endswith(".xml")]
    for info in sheets:
        if info.file_size > MAX_SHEET_BYTES:
            raise errors.TooLarge(path=path, size=f"{info.file_size // 2**20} MiB XML",
                                  limit=f"{MAX_SHEET_BYTES // 2**20} MiB")
    marked = False
    kept = 0
    for info in sheets:
        if info.file_size > STREAM_FROM_BYTES:
            _count_rows(zf, info, path, max_rows)
        part = zf.read(info)
        if parts is not None and kept + len(part) <= KEEP_PARTS_BYTES:
            parts[info.filename] = part
            kept += len(part)
        _bound(part, path, max_rows)
        found = _DIMENSION.search(part, 0, 4096)
        if found and found.group(1) and int(found.group(1)) > MAX_ROWS:
            raise errors.TooLarge(path=path, size=_rows(int(found.group(1))),
                                  limit=_rows(MAX_ROWS))
        marked = marked or has_cell_marks(part)
    if "xl/styles.xml" in zf.NameToInfo:
        styles = zf.read("xl/styles.xml")
        if parts is not None:
            parts["xl/styles.xml"] = styles
        marked = marked or names_legacy_font(styles) or may_use_percent(styles)
    return marked


def _rows(n: int) -> str:
    from thidua.core import labels

    return labels.ROWS.format(count=f"{n:,}".replace(",", "."))


def must_be_a_file(path: str | Path) -> Path:
    """path, when it names an existing file; else the ThiduaError that says so."""
    path = Path(path)
    if not path.exists():
        raise errors.FileMissing(path=path)
    if path.is_dir():
        raise errors.NotAFile(path=path)
    return path


def open_workbook(path: str | Path) -> Workbook:
    """Open a workbook file for reading, or raise a ThiduaError that says what to do."""
    path = must_be_a_file(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise errors.TooLarge(path=path, size=f"{size // 2**20} MiB",
                                  limit=f"{MAX_BYTES // 2**20} MiB")
        data = path.read_bytes()
    except OSError as exc:
        raise errors.NotReadable(path=path, reason=exc.strerror or exc) from exc
    return open_workbook_bytes(data, path)


def open_workbook_bytes(data: bytes, path: str | Path, max_rows: int = MAX_ROWS) -> Workbook:
    """Open a workbook held in memory; path only names it in messages. Sheets laying out
    more than max_rows rows (or too many columns or cells) are refused unread."""
    from python_calamine import CalamineWorkbook, PasswordError, SheetVisibleEnum

    head = data[:8]
    if head.startswith(CFB_MAGIC) and ENCRYPTED_STREAM in data[: 1 << 20]:
        raise errors.PasswordProtected(path=path)
    if not (head.startswith(ZIP_MAGIC) or head.startswith(CFB_MAGIC)):
        raise errors.NotAWorkbook(path=path)
    is_xlsx = marked = False
    zf: zipfile.ZipFile | None = None
    parts: dict[str, bytes] = {}
    if head.startswith(ZIP_MAGIC):
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))  # in memory: nothing to close
            names = set(zf.namelist())
            _readable(zf, path)
            marked = _scan_zip(zf, path, max_rows, parts)
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, NotImplementedError,
                EOFError) as exc:
            raise errors.CorruptWorkbook(path=path, reason=_reason(exc)) from exc
        is_xlsx = "xl/workbook.xml" in names
        if not (is_xlsx or "xl/workbook.bin" in names or "content.xml" in names):
            raise errors.NotAWorkbook(path=path)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        meta = book.sheets_metadata
    except PasswordError as exc:
        raise errors.PasswordProtected(path=path) from exc
    except BaseException as exc:  # calamine's errors differ per format; all unreadable
        if _passes_through(exc):
            raise
        raise errors.CorruptWorkbook(path=path, reason=_reason(exc)) from exc
    visible = {m.name: m.visible == SheetVisibleEnum.Visible for m in meta}
    names = [m.name for m in meta]
    if not (is_xlsx and marked):
        zf, parts = None, {}
    return Workbook(Path(path), names, visible, book, is_xlsx, zf, parts)
