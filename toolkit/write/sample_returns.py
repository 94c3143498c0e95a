"""Filled returns for the sample plan, good and bad, as units really send them.

Used by `thidua demo`, by workbooks/build.py (samples/bao-cao/) and by tests. Each bad
return carries one named defect; its expected outcome is in DEFECTS."""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from thidua.core import fields, labels
from thidua.core.model import Plan
from thidua.core.parsing.dates import parse_date
from thidua.core.parsing.legacy import unicode_to_tcvn3
from thidua.store.files import atomic_path
from thidua.write.forms import FORM_TABLE_ROW, HEADER_FIRST_ROW, form_file_name, form_specs

RESULT_KEYS = ("result", "completed_on", "status", "cause", "explanation", "proposal",
               "evidence", "note")
#: file stem -> (defect, what collect must make of it: status and issue code)
DEFECTS: dict[str, tuple[str, str, str | None]] = {
    "bhxh-so-kieu-chu": ("6.798 typed as text", "accepted", None),
    "ldtbxh-so-sai": ("garbage in a number cell", "flagged", "bad-number"),
    "vhtt-ngay-sai": ("date 31/02/2024", "flagged", "bad-date"),
    "chauminh-ten-nfd": ("NFD unit name, identity sheet lost", "accepted",
                         "identified-by-header"),
    "cnvpdk-tcvn3": ("TCVN3 text in a .VnTime cell", "accepted", "legacy-text"),
    "nv-doi-tieu-de": ("renamed header", "rejected", "missing-column"),
    "maitrung-mat-nhan-dang": ("identity sheet lost", "accepted", "identified-by-header"),
    "tckh-lan2": ("late resubmission (Lần gửi 2)", "accepted", None),
    "ttvh_ban-sao": ("duplicate of ttvh", "duplicate", "duplicate-file"),
    "ke-hoach-khac": ("return for another plan", "rejected", "other-plan"),
    "tep-hong": ("corrupt file", "rejected", "unreadable-file"),
}
#: CSV file key -> output stem, where the stem names a defect.
STEMS = {"bhxh": "bhxh-so-kieu-chu", "ldtbxh": "ldtbxh-so-sai", "vhtt": "vhtt-ngay-sai",
         "chauminh": "chauminh-ten-nfd", "cnvpdk": "cnvpdk-tcvn3", "nv": "nv-doi-tieu-de",
         "maitrung": "maitrung-mat-nhan-dang", "tckh-lan2": "tckh-lan2"}


def fill_form(form: Path, out: Path, header: dict[str, object],
              rows: dict[str, dict[str, object]],
              edit: Callable[[object], None] | None = None) -> Path:
    """Type values into a generated form as a unit would in Excel, and save it as out."""
    import openpyxl

    book = openpyxl.load_workbook(form)
    ws = book[labels.FORM_SHEET]
    block = {key: HEADER_FIRST_ROW + i for i, key in enumerate(fields.FORM_HEADER.keys)}
    for key, value in header.items():
        ws.cell(block[key], 3).value = value
    col = {k: i + 1 for i, k in enumerate(fields.RETURN.keys)}
    filled = set()
    for r in range(FORM_TABLE_ROW + 1, ws.max_row + 1):
        code = str(ws.cell(r, col["code"]).value)
        filled.add(code)
        for key, value in rows.get(code, {}).items():
            cell = ws.cell(r, col[key])
            cell.value = as_typed_in_excel(value, cell.number_format)
    if missing := sorted(set(rows) - filled):  # a sample row must never vanish unseen
        raise ValueError(f"{form.name} has no row for {', '.join(missing)}")
    if edit is not None:
        edit(book)
    with atomic_path(out) as tmp:
        book.save(tmp)
    return out


def as_typed_in_excel(value: object, number_format: str) -> object:
    """What Excel stores when a value is typed into a cell of this number format. Into a
    percent-formatted cell Excel's automatic percent entry takes a number of 1 or more as
    the percent (80 -> 0.8, shown 80%) and a number below 1 as the fraction (0.8 -> 0.8,
    shown 80% too); anything else is stored as typed."""
    if "%" in (number_format or "") and isinstance(value, int | float) \
            and not isinstance(value, bool) and abs(value) >= 1:
        return value / 100
    return value


def _records(name: str = "sample_returns.csv") -> dict[str, list[dict[str, str]]]:
    text = resources.files("thidua").joinpath("data", name).read_text("utf-8")
    grouped: dict[str, list[dict[str, str]]] = {}
    for record in csv.DictReader(text.splitlines()):
        grouped.setdefault(record["file"], []).append(record)
    return grouped


def _typed(key: str, value: str) -> object:
    if value == "":
        return None
    if key == "completed_on":
        return parse_date(value) or value
    if key == "result":
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return value
    return value


def _drop_identity(book) -> None:
    del book[labels.FORM_IDENTITY_SHEET]


def _edits(stem: str, unit_name: str) -> Callable[[object], None] | None:
    def nfd_name(book) -> None:
        _drop_identity(book)
        cell = book[labels.FORM_SHEET].cell(HEADER_FIRST_ROW, 3)
        cell.value = unicodedata.normalize("NFD", unit_name)

    def tcvn3(book) -> None:
        from openpyxl.styles import Font

        ws = book[labels.FORM_SHEET]
        col = fields.RETURN.keys.index("explanation") + 1
        for r in range(FORM_TABLE_ROW + 1, ws.max_row + 1):
            cell = ws.cell(r, col)
            if isinstance(cell.value, str):
                cell.value = unicode_to_tcvn3(cell.value.lower())
                cell.font = Font(name=".VnTime", size=12)

    def renamed_header(book) -> None:
        ws = book[labels.FORM_SHEET]
        col = fields.RETURN.keys.index("result") + 1
        ws.cell(FORM_TABLE_ROW, col).value = "KQ thực hiện (số)"

    return {"chauminh-ten-nfd": nfd_name, "cnvpdk-tcvn3": tcvn3,
            "nv-doi-tieu-de": renamed_header,
            "maitrung-mat-nhan-dang": _drop_identity}.get(stem)


def _header_and_rows(records: list[dict[str, str]]
                     ) -> tuple[dict[str, object], dict[str, dict[str, object]]]:
    """The header block and the rows by Mã NV of one return, from its CSV records."""
    first = records[0]
    header = {"data_date": parse_date(first["data_date"]),
              "reporter": first["reporter"], "phone": first["phone"],
              "submission": int(first["submission"])}
    rows = {}
    for record in records:
        values = {k: _typed(k, record.get(k, "")) for k in RESULT_KEYS if k in record}
        rows[record["code"]] = {k: v for k, v in values.items() if v is not None}
    return header, rows


#: Returns of the other bundled samples (write/canonical.SAMPLES), by seed number: a CSV in
#: data/ laid out like sample_returns.csv, one file per value of its `file` column.
SEED_RETURNS = {"001": "seed001_returns.csv", "002": "seed002_returns.csv",
                "003": "seed003_returns.csv"}


def make_seed_returns(seed: str, plan: Plan, forms_dir: Path, out_dir: Path) -> list[Path]:
    """Write the returns of bundled sample `seed` (from the forms in forms_dir) into
    out_dir, as the units typed them: no defects added."""
    names = {s.unit_code: form_file_name(s) for s in form_specs(plan)}
    written = []
    for key, records in _records(SEED_RETURNS[seed]).items():
        header, rows = _header_and_rows(records)
        written.append(fill_form(forms_dir / names[records[0]["unit"]],
                                 out_dir / f"{key}.xlsx", header, rows))
    return written


def make_sample_returns(plan: Plan, forms_dir: Path, out_dir: Path) -> list[Path]:
    """Write the sample returns (from the forms in forms_dir) into out_dir."""
    names = {s.unit_code: (s.unit_name, form_file_name(s)) for s in form_specs(plan)}
    written = []
    for key, records in _records().items():
        unit_name, form_name = names[records[0]["unit"]]
        stem = STEMS.get(key, key)
        header, rows = _header_and_rows(records)
        if stem == "bhxh-so-kieu-chu":
            rows["15"]["result"] = "6.798"
        if stem == "ldtbxh-so-sai":
            rows["14"]["result"] = "khoảng tám mươi căn"
        if stem == "vhtt-ngay-sai":
            rows["16.i"]["completed_on"] = "31/02/2024"
        out = out_dir / f"{stem}.xlsx"
        written.append(fill_form(forms_dir / form_name, out, header, rows,
                                 _edits(stem, unit_name)))
    by_stem = {p.stem: p for p in written}
    copy = out_dir / "ttvh_ban-sao.xlsx"  # sorts after ttvh.xlsx, so it is the duplicate
    with atomic_path(copy) as tmp:
        tmp.write_bytes(by_stem["ttvh"].read_bytes())
    written.append(copy)

    def other_plan(book) -> None:
        ident = book[labels.FORM_IDENTITY_SHEET]
        for row in ident.iter_rows():
            if row[0].value == "plan_number":
                row[1].value = "112/KH-UBND"

    unit_name, form_name = names["CCT"]
    written.append(fill_form(forms_dir / form_name, out_dir / "ke-hoach-khac.xlsx",
                             {"data_date": dt.date(2024, 5, 10), "submission": 1},
                             {"1": {"result": 50, "status": labels.STATUS_DONE}}, other_plan))
    broken = out_dir / "tep-hong.xlsx"
    data = (forms_dir / form_name).read_bytes()
    with atomic_path(broken) as tmp:
        tmp.write_bytes(data[: len(data) // 3])  # an attachment cut off in transfer
    written.append(broken)
    return written
