"""The canonical workbook as typed data: the Plan every command works from.

A Plan is built once by the reader (thidua.read.plan.read_plan) with every column typed
and every unit name resolved to its code; validation and everything after it only read it.
Frames are indexed by Excel row number, so every message can point at its cell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from thidua.core import labels
from thidua.core.issues import cell_ref
from thidua.core.parsing.text import is_blank, normalize_text
from thidua.core.units import UnitDirectory

if TYPE_CHECKING:
    import pandas as pd

#: Separator of several codes or names in one cell ("TCKH; BQLDA").
LIST_SEPARATOR = ";"


class Table:
    """Rows of one sheet: frame columns are field keys, index is the Excel row number.

    The rows stay plain lists until `frame` is asked for, so that a batch of hundreds of
    returns builds one DataFrame, not one per file."""

    def __init__(self, sheet: str, keys: Sequence[str], rows: list[list[object]],
                 index: list[int], columns: dict[str, int] | None = None,
                 header_row: int = 0) -> None:
        self.sheet, self.keys, self.rows, self.index = sheet, list(keys), rows, index
        self.columns = columns or {}  # key -> 1-based column
        self.header_row = header_row
        self._frame: pd.DataFrame | None = None

    @property
    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            import pandas as pd  # only when a frame is asked for: workers may not need it

            self._frame = pd.DataFrame(
                {k: pd.Series([r[i] for r in self.rows], index=self.index, dtype=object)
                 for i, k in enumerate(self.keys)},
                index=pd.Index(self.index, name="row"), columns=self.keys)
        return self._frame

    def cell(self, row: int, key: str) -> str:
        return cell_ref(row, self.columns.get(key))


@dataclass
class Plan:
    """The canonical workbook as typed data; frames are indexed by Excel row number.

    info: the Kế hoạch settings by key (see thidua.core.fields.PLAN), typed, defaults
    applied. phases, units, tasks: one typed column per field of their sheet, plus what
    the reader derives once: units.is_group and units.member_codes; tasks.kind_text,
    tasks.comparison_text, tasks.weight_given, tasks.lead_codes and tasks.partner_codes
    (the unit codes the names in leads/partners resolve to; unknown names left out),
    tasks.unit_targets ({unit code: T} of the leads with a target of their own, from
    Giá trị mục tiêu and the optional sheet Chỉ tiêu theo đơn vị, else None) and
    tasks.unit_target_at ({unit code: (sheet, row, key)} where each was written), and
    after each periodic task (a readable Chu kỳ) one generated task per period of its span
    with tasks.period (its period's code), period_start and report_due set
    (core.periods.expand_periods; None on the tasks the plan writes; their index values lie
    past the last Excel row). info["return_schedule"]: the core.periods.Schedule that
    Hạn nộp báo cáo states ("ngày 20 hằng tháng"), else None."""

    file: str
    info: dict[str, object]
    info_cells: dict[str, str]
    phases: pd.DataFrame
    units: pd.DataFrame
    tasks: pd.DataFrame
    tables: dict[str, Table] = field(default_factory=dict)
    sheets: dict[str, str] = field(default_factory=dict)  # canonical name -> actual name
    #: Finds a unit by code, name or alias; built from units once (the reader passes the
    #: one it resolved the names with).
    directory: UnitDirectory = field(  # type: ignore[assignment]
        default=None, repr=False, compare=False)
    # --- award and criticism criteria: the typed rows of Tiêu chí khen thưởng (optional
    # sheet; None or empty: the Kế hoạch settings apply, see core.criteria) ---
    criteria: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.directory is None:
            self.directory = UnitDirectory(self.units)

    @property
    def award_sheets(self) -> tuple[str, ...]:
        """The sheets that decide only the award and criticism lists: an error in them stops
        the report (its lists would be wrong), never the forms or a collect, so returns are
        not held up while the criteria are corrected."""
        name = labels.SHEET_CRITERIA
        return (name, self.sheets.get(name, name))

    @property
    def key(self) -> tuple[str, str, str]:
        """(Số hiệu, Cơ quan ban hành, Ngày ban hành): what identifies a plan."""
        issued = self.info.get("issued_on")
        return (str(self.info.get("number") or ""), str(self.info.get("issuer") or ""),
                issued.isoformat() if isinstance(issued, dt.date) else "")

    @property
    def period(self) -> tuple[dt.date | None, dt.date | None]:
        """(Ngày bắt đầu, Ngày kết thúc), each None when missing or not a date."""
        start, end = self.info.get("start"), self.info.get("end")
        return (start if isinstance(start, dt.date) else None,
                end if isinstance(end, dt.date) else None)

    def cell(self, sheet: str, row: int, key: str) -> str:
        table = self.tables.get(sheet)
        return table.cell(row, key) if table else ""


def code_text(value: object) -> str | None:
    """A code typed as text or as a number (5.0 -> "5", 9.2 -> "9.2")."""
    if is_blank(value):
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return normalize_text(str(value))


def split_list(value: object) -> list[str]:
    """'A; B ;C' -> ['A', 'B', 'C'] (also accepts new lines)."""
    if is_blank(value):
        return []
    parts = str(value).replace("\n", LIST_SEPARATOR).split(LIST_SEPARATOR)
    return [normalize_text(p) for p in parts if normalize_text(p)]


def report_date(plan: Plan, as_of: dt.date | None = None) -> dt.date:
    """R (DESIGN §4): as_of when given, else Ngày số liệu of the plan, else today."""
    if as_of is not None:
        return as_of
    data_date = plan.info.get("data_date")
    return data_date if isinstance(data_date, dt.date) else dt.date.today()


# --- phases: which Đợt a task belongs to ---

def task_phases(tasks: pd.DataFrame) -> dict[str, str | None]:
    """Task code -> its phase: its own Đợt, else its nearest ancestor's, else None."""
    own = {c: None if is_blank(p) else p
           for c, p in zip(tasks["code"], tasks["phase"], strict=True) if not is_blank(c)}
    parent = {c: None if is_blank(p) else p
              for c, p in zip(tasks["code"], tasks["parent"], strict=True)}
    out: dict[str, str | None] = {}
    for code in own:
        current, seen = code, set()
        while current is not None and current in own and current not in seen:
            if own[current] is not None:
                break
            seen.add(current)
            current = parent.get(current)
        out[code] = own.get(current) if current is not None else None
    return out


def phase_tasks(tasks: pd.DataFrame, phase: str) -> pd.DataFrame:
    """The tasks of one phase (their own Đợt, else their nearest ancestor's), as a frame
    evaluate() can score alone: a task whose parent is left out and which has no Hạn
    hoàn thành of its own keeps the deadline it inherits in the whole plan."""
    import pandas as pd

    of = task_phases(tasks)
    subset = tasks[[of.get(c) == phase for c in tasks["code"]]].copy()
    inside = set(subset["code"])
    own = {c: None if is_blank(d) else d
           for c, d in zip(tasks["code"], tasks["deadline"], strict=True)}
    parent = {c: None if is_blank(p) else p
              for c, p in zip(tasks["code"], tasks["parent"], strict=True)}
    deadlines = []
    for code in subset["code"]:
        deadline, up, seen = own.get(code), parent.get(code), set()
        while deadline is None and up is not None and up not in inside and up not in seen:
            seen.add(up)
            deadline, up = own.get(up), parent.get(up)
        deadlines.append(deadline)
    subset["deadline"] = pd.Series(deadlines, index=subset.index, dtype=object)
    return subset
