"""Validation of a whole batch of returns in one frame: every row of every file.

Rows are checked against the plan: known task, assigned to the sending unit, a number
where the kind needs one, a real date, a listed status, locked cells unchanged. Check
names are issue codes; errors reject the row, warnings flag it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.pandas as pa

from thidua import labels
from thidua.assignments import assignments
from thidua.forms import NUMERIC_KINDS, PASS_FAIL_KINDS, form_specs
from thidua.issues import Issue, cell_ref, display_value, make_issue
from thidua.parsing.dates import parse_date
from thidua.parsing.numbers import parse_number
from thidua.parsing.text import is_blank, match_key, normalize_text
from thidua.plan import code_text

INPUT_KEYS = ("result", "completed_on", "status", "cause", "explanation", "proposal",
              "evidence", "note")
#: The column an issue of each check points at.
CHECK_COLUMN = {"required": "code", "unknown-task": "code", "task-not-assigned": "code",
                "duplicate-row": "code", "bad-number": "result", "bad-date": "completed_on",
                "bad-status": "status", "negative-number": "result"}
#: Kinds whose reported number cannot be below zero (counts, levels, shares).
NON_NEGATIVE = ("count", "cumulative", "zero", "rate", "reduce_fraction", "reduce_to",
                "increase")
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell


def status_lookup() -> dict[str, str]:
    lookup = {}
    for status in (*labels.PROGRESS_STATUSES, *labels.PASS_FAIL_STATUSES):
        for spelling in (status, *labels.STATUS_ALIASES.get(status, ())):
            lookup[match_key(spelling)] = status
    return lookup


def _text(value: object) -> str | None:
    if value is None or type(value) is str:  # the reader already normalised text
        return value
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return display_value(value) if not isinstance(value, str) else normalize_text(value)


def batch_frame(files) -> pd.DataFrame:
    """All rows of all readable returns, one frame; blank rows (nothing reported) dropped."""
    fields = [k for k, _, _ in labels.RETURN_FIELDS]
    inputs = [fields.index(k) for k in INPUT_KEYS]
    records = []
    for i, ret in enumerate(files):
        if ret.rejected or ret.table is None:
            continue
        for row, values in zip(ret.table.index, ret.table.rows, strict=True):
            if any(values[p] is not None for p in inputs):  # else nothing reported this time
                records.append([i, row, *values])
    keys = ["file", "row", *fields]
    return pd.DataFrame(records, columns=keys, dtype=object)


def validate_returns(frame: pd.DataFrame, files, plan, specs=None
                     ) -> tuple[pd.DataFrame, list[Issue]]:
    """Type and check the batch; returns (rows accepted, typed) and the issues found.
    specs: the forms of the plan as they are now (form_specs), when the caller has them."""
    if frame.empty:
        return frame.assign(unit=[], kind=[], value=[], value_text=[], done_on=[],
                            status_key=[], role_key=[]), []
    tasks = plan.tasks.set_index("code", drop=False)
    kind_of = tasks["kind"].to_dict()
    roles = assignments(plan)
    assigned = set(zip(roles["unit"], roles["task"], strict=True))
    role_of = {(u, t): r for u, t, r in zip(roles["unit"], roles["task"], roles["role"],
                                             strict=True)}
    statuses = status_lookup()
    df = frame.copy()

    def put(key: str, values: list[object]) -> None:  # object dtype: no str inference
        df[key] = pd.Series(values, index=df.index, dtype=object)

    units = [files[i].unit for i in df["file"].tolist()]
    codes = [code_text(v) for v in df["code"].tolist()]
    kinds = [kind_of.get(c) for c in codes]
    put("unit", units)
    put("code", codes)
    put("kind", kinds)
    put("role_key", [role_of.get(pair) for pair in zip(units, codes, strict=True)])
    results = df["result"].tolist()
    df["value"] = pd.array([parse_number(v) if k in NUMERIC_KINDS and v is not None else None
                            for v, k in zip(results, kinds, strict=True)], dtype="Float64")
    # a number reported for a numeric kind lives in `value`; text is kept as typed
    put("value_text", [(v if type(v) is str else None) if k in NUMERIC_KINDS else _text(v)
                       for v, k in zip(results, kinds, strict=True)])
    put("done_on", [None if is_blank(v) else parse_date(v) for v in df["completed_on"].tolist()])
    seen: dict[object, str | None] = {}  # a batch repeats the same few spellings

    def status_of(v: object) -> str | None:
        if v not in seen:
            seen[v] = None if is_blank(v) else statuses.get(match_key(v))
        return seen[v]

    put("status_key", [status_of(v) for v in df["status"].tolist()])
    for key in ("cause", "explanation", "proposal", "evidence", "note", "status"):
        put(key, [_text(v) for v in df[key].tolist()])
    allowed = {k: (labels.PASS_FAIL_STATUSES if k in PASS_FAIL_KINDS
                   else labels.PROGRESS_STATUSES) for k in labels.KINDS}

    schema = pa.DataFrameSchema({
        "code": pa.Column(object, nullable=False, checks=[
            pa.Check(lambda s: s.isin(kind_of.keys()) | s.isna(), name="unknown-task"),
        ]),
    }, checks=[
        pa.Check(lambda d: pd.Series([c not in kind_of or (u, c) in assigned
                                      for u, c in zip(d["unit"], d["code"], strict=True)],
                                     index=d.index, dtype=bool),
                 name="task-not-assigned"),
        pa.Check(lambda d: ~d.duplicated(["file", "code"]) | d["code"].isna(),
                 name="duplicate-row"),
        pa.Check(lambda d: ~(d["kind"].isin(NUMERIC_KINDS) & d["value"].isna()
                             & d["result"].map(lambda v: not is_blank(v))),
                 name="bad-number"),
        pa.Check(lambda d: d["done_on"].notna() | d["completed_on"].map(is_blank),
                 name="bad-date"),
        pa.Check(lambda d: ~(d["kind"].isin(NON_NEGATIVE) & (d["value"] < 0).fillna(False)),
                 name="negative-number"),
        pa.Check(lambda d: pd.Series([s is None or k is None or v in allowed.get(k, ())
                                      for s, v, k in zip(d["status"], d["status_key"],
                                                         d["kind"], strict=True)],
                                     index=d.index, dtype=bool),
                 name="bad-status"),
    ])
    issues: list[Issue] = []
    bad_rows: set[int] = set()
    try:
        schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.dropna(subset=["index"])
        seen = set()
        for check, index in zip(cases["check"], cases["index"], strict=True):
            i = int(index)
            code = "required" if check == "not_nullable" else str(check)
            if code.startswith("isin") or (code, i) in seen:
                continue
            seen.add((code, i))
            bad_rows.add(i)
            issues.append(_row_issue(code, df, i, files, plan, allowed))
    specs = specs if specs is not None else form_specs(plan)
    issues.extend(_locked_cells(df, files, specs, bad_rows))
    issues.extend(_doubtful(df, files, plan, bad_rows))
    return df.drop(index=sorted(bad_rows)), issues


def _doubtful(df: pd.DataFrame, files, plan, bad_rows: set[int]) -> list[Issue]:
    """Values that are readable but need a person's eye: a rate typed as a fraction,
    completion dates after the data date or before the plan, text Excel cannot show."""
    targets = dict(zip(plan.tasks["code"], plan.tasks["target"], strict=True))
    start = plan.info.get("start")
    issues = []

    def add(code: str, i: int, key: str, value: object, **params: object) -> None:
        sheet, cell, header = _cell(df, i, key, files)
        issues.append(make_issue(code, file=files[int(df.at[i, "file"])].name, sheet=sheet,
                                 cell=cell, column=header, value=value, **params))

    for i, kind, value, code, done, file in zip(df.index, df["kind"], df["value"], df["code"],
                                                df["done_on"], df["file"], strict=True):
        if i in bad_rows:
            continue
        target = targets.get(code)
        if kind == "rate" and not pd.isna(value) and 0 < value <= 1 and \
                not pd.isna(target) and target >= 2:
            add("rate-as-fraction", i, "result", df.at[i, "result"], expected=target,
                percent=round(float(value) * 100, 2))
        if done is not None:
            data_date = files[int(file)].data_date
            if data_date is not None and done > data_date:
                add("completion-after-data-date", i, "completed_on", done, expected=data_date)
            if isinstance(start, dt.date) and done < start:
                add("completion-before-plan", i, "completed_on", done, expected=start)
    for key in ("value_text", "explanation", "proposal", "evidence", "note", "cause"):
        for i, text in zip(df.index, df[key], strict=True):
            # readers stop at Excel's limit, so reaching it means the cell held more
            if isinstance(text, str) and len(text) >= MAX_CELL_TEXT and i not in bad_rows:
                add("text-too-long", i, "result" if key == "value_text" else key, None,
                    length=len(text), limit=MAX_CELL_TEXT)
    return issues


def _cell(df: pd.DataFrame, i: int, key: str, files) -> tuple[str, str, str]:
    ret = files[int(df.at[i, "file"])]
    header = next(h for k, h, _ in labels.RETURN_FIELDS if k == key)
    col = ret.table.columns.get(key) if ret.table else None
    return ret.sheet, cell_ref(int(df.at[i, "row"]), col), header


def _row_issue(code: str, df: pd.DataFrame, i: int, files, plan, allowed) -> Issue:
    key = CHECK_COLUMN.get(code, "code")
    sheet, cell, header = _cell(df, i, key, files)
    params: dict[str, object] = {}
    raw = {"bad-number": "result", "bad-date": "completed_on", "bad-status": "status",
           "negative-number": "result"}
    value = df.at[i, raw.get(code, "code")]
    if code == "duplicate-row":
        same = df[(df["file"] == df.at[i, "file"]) & (df["code"] == df.at[i, "code"])]
        params["other"] = int(same["row"].min())
    if code == "bad-status":
        params["expected"] = ", ".join(allowed.get(df.at[i, "kind"], labels.PROGRESS_STATUSES))
    return make_issue(code, file=files[int(df.at[i, "file"])].name, sheet=sheet, cell=cell,
                      column=header, value=value, **params)


def _locked_cells(df: pd.DataFrame, files, specs, bad_rows: set[int]) -> list[Issue]:
    """Warn where a return's locked cells differ from the form made for the unit now."""
    expected: dict[str, dict[tuple[str, str], object]] = {k: {} for k in labels.RETURN_LOCKED}
    for spec in specs:
        for row in spec.rows:
            key = (spec.unit_code, row.code)
            expected["content"][key] = row.content
            expected["target_text"][key] = row.target_text
            expected["role"][key] = row.role
            expected["deadline"][key] = row.deadline
    pairs = list(zip(df["unit"], df["code"], strict=True))
    issues = []
    for key in labels.RETURN_LOCKED:
        want = [expected[key].get(p) for p in pairs]
        for i, got, wanted, pair in zip(df.index, df[key], want, pairs, strict=True):
            if i in bad_rows or pair not in expected[key] or got == wanted or is_blank(got):
                continue
            if key == "deadline":
                same = parse_date(got) == wanted
            else:
                same = match_key(got) == match_key(wanted)
            if not same:
                sheet, cell, header = _cell(df, i, key, files)
                issues.append(make_issue("locked-cell-edited",
                                         file=files[int(df.at[i, "file"])].name, sheet=sheet,
                                         cell=cell, column=header, value=got, expected=wanted))
    return issues
