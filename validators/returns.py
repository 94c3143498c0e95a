"""Validation of a whole batch of returns in one frame: every row of every file.

Rows are checked against the plan: known task, assigned to the sending unit, a number
where the kind needs one, a real date, a listed status, locked cells unchanged. Check
names are issue codes; errors reject the row, warnings flag it."""

from __future__ import annotations

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
                "bad-status": "status"}


def status_lookup() -> dict[str, str]:
    lookup = {}
    for status in (*labels.PROGRESS_STATUSES, *labels.PASS_FAIL_STATUSES):
        for spelling in (status, *labels.STATUS_ALIASES.get(status, ())):
            lookup[match_key(spelling)] = status
    return lookup


def _text(value: object) -> str | None:
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return display_value(value) if not isinstance(value, str) else normalize_text(value)


def batch_frame(files) -> pd.DataFrame:
    """All rows of all readable returns, one frame; blank rows (nothing reported) dropped."""
    parts = []
    for i, ret in enumerate(files):
        if ret.rejected or ret.table is None or ret.table.frame.empty:
            continue
        frame = ret.table.frame.reset_index()
        frame.insert(0, "file", i)
        parts.append(frame)
    keys = ["file", "row", *(k for k, _, _ in labels.RETURN_FIELDS)]
    if not parts:
        return pd.DataFrame({k: pd.Series(dtype=object) for k in keys})
    frame = pd.concat(parts, ignore_index=True)[keys]
    filled = frame[list(INPUT_KEYS)].map(lambda v: not is_blank(v)).any(axis=1)
    return frame[filled].reset_index(drop=True)


def validate_returns(frame: pd.DataFrame, files, plan) -> tuple[pd.DataFrame, list[Issue]]:
    """Type and check the batch; returns (rows accepted, typed) and the issues found."""
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
    df["unit"] = [files[i].unit for i in df["file"]]
    df["code"] = pd.Series([code_text(v) for v in df["code"]], index=df.index, dtype=object)
    df["kind"] = pd.Series([kind_of.get(c) for c in df["code"]], index=df.index, dtype=object)
    df["role_key"] = pd.Series([role_of.get((u, c)) for u, c in zip(df["unit"], df["code"],
                                                                   strict=True)],
                           index=df.index, dtype=object)
    numeric = df["kind"].isin(NUMERIC_KINDS)
    df["value"] = pd.array([parse_number(v) if n and not is_blank(v) else None
                            for v, n in zip(df["result"], numeric, strict=True)],
                           dtype="Float64")
    df["value_text"] = pd.Series([_text(v) for v in df["result"]], index=df.index, dtype=object)
    df["done_on"] = pd.Series([parse_date(v) if not is_blank(v) else None
                               for v in df["completed_on"]], index=df.index, dtype=object)
    df["status_key"] = pd.Series([statuses.get(match_key(v)) if not is_blank(v) else None
                                  for v in df["status"]], index=df.index, dtype=object)
    for key in ("cause", "explanation", "proposal", "evidence", "note", "status"):
        df[key] = pd.Series([_text(v) for v in df[key]], index=df.index, dtype=object)
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
    issues.extend(_locked_cells(df, files, plan, bad_rows))
    return df.drop(index=sorted(bad_rows)), issues


def _cell(df: pd.DataFrame, i: int, key: str, files) -> tuple[str, str, str]:
    ret = files[int(df.at[i, "file"])]
    header = next(h for k, h, _ in labels.RETURN_FIELDS if k == key)
    col = ret.table.columns.get(key) if ret.table else None
    return ret.sheet, cell_ref(int(df.at[i, "row"]), col), header


def _row_issue(code: str, df: pd.DataFrame, i: int, files, plan, allowed) -> Issue:
    key = CHECK_COLUMN.get(code, "code")
    sheet, cell, header = _cell(df, i, key, files)
    params: dict[str, object] = {}
    raw = {"bad-number": "result", "bad-date": "completed_on", "bad-status": "status"}
    value = df.at[i, raw.get(code, "code")]
    if code == "duplicate-row":
        same = df[(df["file"] == df.at[i, "file"]) & (df["code"] == df.at[i, "code"])]
        params["other"] = int(same["row"].min())
    if code == "bad-status":
        params["expected"] = ", ".join(allowed.get(df.at[i, "kind"], labels.PROGRESS_STATUSES))
    return make_issue(code, file=files[int(df.at[i, "file"])].name, sheet=sheet, cell=cell,
                      column=header, value=value, **params)


def _locked_cells(df: pd.DataFrame, files, plan, bad_rows: set[int]) -> list[Issue]:
    """Warn where a return's locked cells differ from the form made for the unit now."""
    units = sorted({u for u in df["unit"] if u})
    expected = {}
    for spec in form_specs(plan, units):
        for row in spec.rows:
            expected[(spec.unit_code, row.code)] = {
                "content": row.content, "target_text": row.target_text, "role": row.role,
                "deadline": row.deadline}
    issues = []
    for i in df.index:
        if i in bad_rows:
            continue
        want = expected.get((df.at[i, "unit"], df.at[i, "code"]))
        if not want:
            continue
        for key in labels.RETURN_LOCKED:
            got = df.at[i, key]
            if is_blank(got) or got == want[key]:
                continue
            if key == "deadline":
                same = parse_date(got) == want[key]
            else:
                same = match_key(got) == match_key(want[key])
            if not same:
                sheet, cell, header = _cell(df, i, key, files)
                issues.append(make_issue("locked-cell-edited",
                                         file=files[int(df.at[i, "file"])].name, sheet=sheet,
                                         cell=cell, column=header, value=got,
                                         expected=want[key]))
    return issues
