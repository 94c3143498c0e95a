"""The fields of every table the toolkit reads or writes, declared once.

One table per canonical sheet (Kế hoạch settings, Đợt thi đua, Đơn vị, Nhiệm vụ) and one
for each part of the unit return form (its header block and its columns). A field says
its key (the English column name inside the toolkit), its type, whether it is required,
its default (settings), its width in the templates and its help text. The Vietnamese
header and aliases come from labels (labels holds the text, this module the structure).

These tables drive header matching and typing when reading, the blank template and the
sample, the return forms, and the pandera schemas' required columns."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from thidua.core import labels

# Field types: how a cell is read and written.
TEXT = "text"  # normalised text
CODE = "code"  # an identifier, typed as text or as a number ("5" for 5.0); written as text
LIST = "list"  # several names or codes in one cell, separated by ";"
DATE = "date"
INTEGER = "integer"  # a whole number, not negative
NUMBER = "number"
PERCENT = "percent"  # a number in percent (0.8 with a percent format reads 80)
KIND = "kind"  # a Loại chỉ tiêu, read to its key (labels.KINDS)
COMPARISON = "comparison"  # ≥ > ≤ < =, read to its operator (labels.COMPARISONS)
TARGET = "target"  # a number read by the task's kind (a fraction, a percent, "x/y")
RESULT = "result"  # a number or a text, by the task's kind (return forms)
TYPES = (TEXT, CODE, LIST, DATE, INTEGER, NUMBER, PERCENT, KIND, COMPARISON, TARGET, RESULT)
#: Types written to a template as numbers.
NUMERIC = (INTEGER, NUMBER, PERCENT, TARGET)
#: The width of a template or form column whose field gives none.
DEFAULT_WIDTH = 15


@dataclass(frozen=True, slots=True)
class Field:
    """One column (or one setting) of a table."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    type: str = TEXT
    required: bool = False
    default: object = None
    width: float = DEFAULT_WIDTH
    help: str | None = None
    locked: bool = False  # return forms: a protected cell the unit must not change
    input: bool = False  # return forms: a cell the unit fills in
    #: a column added to the file format later: a workbook without it is what it always
    #: was, so its absence is not reported
    extension: bool = False
    #: a date that starts a span: a period typed here ("Quý III/2023", "năm 2024") means
    #: its first day, where everywhere else it means its last
    first_day: bool = False

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"unknown field type {self.type!r} of {self.key!r}")

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: cached lookups stay cheap
class FieldTable:
    """The fields of one table, in the order they are written."""

    name: str
    fields: tuple[Field, ...]

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def __getitem__(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return any(f.key == key for f in self.fields)

    @property
    def keys(self) -> list[str]:
        return [f.key for f in self.fields]

    @property
    def headers(self) -> dict[str, str]:
        return {f.key: f.header for f in self.fields}

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.required)

    def of_type(self, *types: str) -> list[str]:
        return [f.key for f in self.fields if f.type in types]

    def defaults(self) -> dict[str, object]:
        return {f.key: f.default for f in self.fields if f.default is not None}

    def with_field(self, new: Field, after: str | None = None) -> FieldTable:
        """A copy with one more field, after the field `after` (else at the end)."""
        fields = list(self.fields)
        at = fields.index(self[after]) + 1 if after else len(fields)
        fields.insert(at, new)
        return replace(self, fields=tuple(fields))


def _table(name: str, text: Mapping[str, tuple[str, tuple[str, ...]]],
           *specs: tuple[str, str, dict[str, object]]) -> FieldTable:
    """A table from (key, type, options) and the Vietnamese text of each key."""
    fields = []
    for key, type_, options in specs:
        header, aliases = text[key]
        fields.append(Field(key, header, aliases, type_, **options))  # type: ignore[arg-type]
    unused = set(text) - {key for key, _, _ in specs}
    if unused:
        raise ValueError(f"labels name fields {sorted(unused)} that {name} does not have")
    return FieldTable(name, tuple(fields))


def _f(key: str, type_: str = TEXT, **options: object) -> tuple[str, str, dict[str, object]]:
    return key, type_, options


#: Kế hoạch: one setting a row, the header in the first column, the value beside it.
PLAN = _table(
    labels.SHEET_PLAN, labels.PLAN_HEADERS,
    _f("number"),
    _f("issuer"),
    _f("issued_on", DATE),
    _f("title", required=True),
    _f("basis"),
    _f("start", DATE, required=True, first_day=True),
    _f("end", DATE, required=True),
    _f("data_date", DATE),
    _f("return_due", DATE),
    _f("owner_unit"),
    _f("warning_days", INTEGER, default=7),
    _f("award_min_tasks", INTEGER, default=1),
    _f("award_min_on_time", PERCENT, default=100),
    _f("criticise_causes", default=labels.CAUSE_SUBJECTIVE),
)

PHASES = _table(
    labels.SHEET_PHASES, labels.PHASE_HEADERS,
    _f("code", CODE, required=True, width=10),
    _f("name", width=40),
    _f("start", DATE, required=True, width=13, first_day=True),
    _f("end", DATE, required=True, width=13),
    _f("focus", width=50),
)

UNITS = _table(
    labels.SHEET_UNITS, labels.UNIT_HEADERS,
    _f("code", CODE, required=True, width=14),
    _f("name", required=True, width=45),
    _f("aliases", LIST, width=40),
    _f("kind", width=18, help=labels.VALIDATION_UNIT_KIND),
    _f("level", width=10),
    _f("parent", CODE, width=16),
    _f("members", LIST, width=40),
    _f("email", width=28),
    _f("phone", CODE, width=15),
    _f("valid_from", DATE, width=13, extension=True, first_day=True),
    _f("valid_to", DATE, width=13, extension=True),
    _f("successor", width=30, extension=True, help=labels.VALIDATION_SUCCESSOR),
    _f("note", width=40),
)

TASKS = _table(
    labels.SHEET_TASKS, labels.TASK_HEADERS,
    _f("code", CODE, required=True, width=8),
    _f("parent", CODE, width=10),
    _f("content", required=True, width=50),
    _f("target_text", width=36),
    _f("kind", KIND, required=True, width=20, help=labels.VALIDATION_KIND),
    _f("comparison", COMPARISON, width=9, help=labels.VALIDATION_COMPARISON),
    _f("target", TARGET, width=12),
    _f("scale", NUMBER, width=10),
    _f("measure", width=16),
    _f("baseline", NUMBER, width=11),
    _f("baseline_ref", width=14),
    _f("effective_from", DATE, width=13, first_day=True),
    _f("deadline", DATE, width=13),
    _f("phase", CODE, width=8),
    _f("leads", LIST, required=True, width=40),
    _f("partners", LIST, width=45),
    _f("leader", width=20),
    _f("weight", NUMBER, width=9, help=labels.VALIDATION_WEIGHT),
    _f("note", width=40),
    # --- periodic tasks (Chu kỳ, DESIGN §3): one scored period per cycle of the span; last,
    # so no cell of today's workbooks moves ---
    _f("cycle", width=16, extension=True, help=labels.VALIDATION_CYCLE),
)

#: Chỉ tiêu theo đơn vị (optional sheet): a lead's own target for a task.
UNIT_TARGETS = _table(
    labels.SHEET_UNIT_TARGETS, labels.UNIT_TARGET_HEADERS,
    _f("task", CODE, required=True, width=10),
    _f("unit", required=True, width=40),
    _f("target", TARGET, required=True, width=16),
    _f("note", width=40),
)
# --- Tiêu chí khen thưởng: award and criticism criteria, one condition a row (optional) ---
CRITERIA = _table(
    labels.SHEET_CRITERIA, labels.CRITERIA_HEADERS,
    _f("code", CODE, required=True, width=10),
    _f("action", width=14),
    _f("title", width=28),
    _f("scope", CODE, width=14),
    _f("subjects", LIST, width=22),
    _f("condition", required=True, width=46),
    _f("value", RESULT, width=14),  # typed by its row's condition (read.plan)
    _f("note", width=36),
)

#: Columns a sheet must have although their cells may be left blank: without the column
#: every value would silently read as blank (a deadline falls back to the plan's end).
COLUMNS_REQUIRED: dict[str, tuple[str, ...]] = {
    labels.SHEET_TASKS: ("parent", "target", "deadline"),
}

#: The tabular sheets of the canonical workbook, by sheet name (Kế hoạch is PLAN).
SHEETS: dict[str, FieldTable] = {t.name: t for t in (PHASES, UNITS, TASKS, UNIT_TARGETS,
                                                              CRITERIA)}

#: The header block of a return form; each value sits two columns right of its label.
FORM_HEADER = _table(
    labels.FORM_SHEET, labels.FORM_HEADER_HEADERS,
    _f("unit"),
    _f("plan"),
    _f("data_date", DATE, input=True, help=labels.FORM_INPUT_MESSAGES["data_date"]),
    _f("due", DATE),
    _f("reporter", input=True),
    _f("phone", CODE, input=True),
    _f("submission", INTEGER, input=True, help=labels.FORM_INPUT_MESSAGES["submission"]),
)

#: The columns of a return form, one row per task of the unit.
RETURN = _table(
    labels.FORM_SHEET, labels.RETURN_HEADERS,
    _f("code", CODE, required=True, width=8),
    _f("content", width=42, locked=True),
    _f("target_text", width=28, locked=True),
    _f("measure", width=12),
    _f("role", width=14, locked=True),
    _f("deadline", DATE, width=12, locked=True),
    _f("result", RESULT, required=True, width=16, input=True),
    _f("completed_on", DATE, width=13, input=True,
       help=labels.FORM_INPUT_MESSAGES["completed_on"]),
    _f("status", required=True, width=17, input=True, help=labels.FORM_INPUT_MESSAGES["status"]),
    _f("cause", width=17, input=True, help=labels.FORM_INPUT_MESSAGES["cause"]),
    _f("explanation", width=34, input=True),
    _f("proposal", width=24, input=True),
    _f("evidence", width=22, input=True),
    _f("note", width=18, input=True),
    # --- phases: the task's Đợt, shown locked; last, so no cell of today's forms moves ---
    _f("phase", CODE, width=8, locked=True),
    # --- persons and leaders: the task's Lãnh đạo phụ trách, shown locked, after Đợt ---
    _f("leader", width=22, locked=True),
)
#: Form columns a return made by an earlier form may lack without a word (shown, not read).
RETURN_SHOWN_ONLY = ("phase", "leader")

#: Keys of the identity sheet, one per row: key in column A, value in column B.
IDENTITY_KEYS = ("plan_number", "plan_issuer", "plan_issued_on", "unit_code", "unit_name",
                 "form_version", "task_hash")


#: The control workbook's named cells (Excel defined names, not text a user reads): the
#: button reads and writes them by these names.
CONTROL_NAMES = {"action": "thidua_action", "as_of": "thidua_as_of",
                 "workbook": "thidua_workbook", "folder": "thidua_folder",
                 "phase": "thidua_phase", "status": "thidua_status"}
