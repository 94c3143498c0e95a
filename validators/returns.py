"""Validation of a whole batch of returns in one frame: every row of every file.

Rows are checked against the plan: known task, assigned to the sending unit, a number
where the kind needs one, a real date, a listed status, locked cells unchanged. Check
names are issue codes; errors reject the row, warnings flag it."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from operator import itemgetter

import pandas as pd
import pandera.pandas as pa

from thidua.core import fields, labels
from thidua.core.issue_codes import return_column
from thidua.core.issues import Issue, cell_ref, display_value, make_issue
from thidua.core.kinds import COUNT_LIKE, PASS_FAIL, REPORTED_NUMERIC
from thidua.core.model import Plan, code_text
from thidua.core.parsing.dates import conflicting_days, format_date, format_day, parse_date
from thidua.core.parsing.numbers import Percent, has_percent, parse_number
from thidua.core.parsing.text import is_blank, match_key, normalize_text
from thidua.write.forms import form_specs

#: The columns a unit fills in.
INPUT_KEYS = tuple(f.key for f in fields.RETURN if f.input)
#: Kinds whose reported number cannot be below zero (counts, levels, shares).
NON_NEGATIVE = ("count", "cumulative", "zero", "rate", "reduce_fraction", "reduce_to",
                "increase", "reduce_points")
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


def _each(values: list[object], fn: Callable[[object], object]) -> list[object]:
    """fn of every value, computed once per distinct value: a batch repeats the same few
    codes, statuses and spellings thousands of times."""
    answers = dict.fromkeys(values)
    # True == 1 == 1.0 as keys: where a bool may have met a number, answer each value alone
    if (True in answers or False in answers) and bool in set(map(type, values)):
        return [fn(v) for v in values]
    for v in answers:
        answers[v] = fn(v)
    return list(map(answers.__getitem__, values))


def _number(value: object) -> float | None:
    return None if value is None else parse_number(value)


def _date(value: object) -> dt.date | None:
    return None if is_blank(value) else parse_date(value)


def batch_frame(files) -> pd.DataFrame:
    """All rows of all readable returns, one frame; blank rows (nothing reported) dropped."""
    return_keys = fields.RETURN.keys
    inputs = itemgetter(*(return_keys.index(k) for k in INPUT_KEYS))
    nothing = (None,) * len(INPUT_KEYS)
    keys = ["file", "row", *return_keys]
    columns: list[list[object]] = [[] for _ in keys]
    for i, ret in enumerate(files):
        if ret.rejected or ret.table is None:
            continue
        rows, index = ret.table.rows, ret.table.index
        if nothing in map(inputs, rows):  # some rows report nothing: leave them out
            kept = [k for k, values in enumerate(rows) if inputs(values) != nothing]
            rows, index = [rows[k] for k in kept], [index[k] for k in kept]
        if not rows:
            continue
        columns[0].extend([i] * len(rows))
        columns[1].extend(index)
        for column, values in zip(columns[2:], zip(*rows, strict=True), strict=True):
            column.extend(values)
    # copy=False keeps one block per column: merging them into one 2-D object block
    # touches every cell again for nothing
    return pd.DataFrame({k: pd.Series(c, dtype=object) for k, c in zip(keys, columns,
                                                                          strict=True)},
                        copy=False)


def validate_returns(frame: pd.DataFrame, files, plan: Plan, specs=None,
                     roles: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[Issue]]:
    """Type and check the batch; returns (rows accepted, typed) and the issues found.
    specs: the forms of the plan as they are now (form_specs), and roles: assignments(plan),
    when the caller has them."""
    if frame.empty:
        return frame.assign(unit=[], kind=[], value=[], value_text=[], done_on=[],
                            status_key=[], role_key=[]), []
    specs = specs if specs is not None else form_specs(plan, roles=roles)
    kind_of = {c: k for c, k in zip(plan.tasks["code"], plan.tasks["kind"], strict=True)
               if c is not None}
    statuses = status_lookup()
    df = frame.copy(deep=False)

    def put(key: str, values: list[object]) -> None:  # object dtype: no str inference
        df[key] = pd.Series(values, index=df.index, dtype=object)

    unit_of = [f.unit for f in files]
    file_of = df["file"].tolist()
    units = [unit_of[i] for i in file_of]
    codes = _each(df["code"].tolist(), code_text)
    kinds = [kind_of.get(c) for c in codes]
    rows_now = _form_rows(file_of, units, codes, specs)
    put("unit", units)
    put("code", codes)
    put("kind", kinds)
    put("role_key", [r.role_key if r else None for r in rows_now])
    results = df["result"].tolist()
    numbers = _each(results, _number)
    numeric = [k in REPORTED_NUMERIC for k in kinds]
    # typed as a percent: "82%" or a percent-formatted cell (read as Percent). Not through
    # _each: Percent(80) and 80.0 are equal keys
    percent_texts = _each([v if type(v) is str else None for v in results],
                          lambda v: v is not None and has_percent(v))
    put("as_percent", [type(v) is Percent or t for v, t in zip(results, percent_texts,
                                                                strict=True)])
    df["value"] = pd.array([n if num else None for n, num in zip(numbers, numeric, strict=True)],
                           dtype="Float64")
    # a number reported for a numeric kind lives in `value`; text is kept as typed
    texts = iter(_each([v for v, num in zip(results, numeric, strict=True) if not num], _text))
    put("value_text", [(v if type(v) is str else None) if num else next(texts)
                       for v, num in zip(results, numeric, strict=True)])
    put("done_on", _each(df["completed_on"].tolist(), _date))
    put("status_key", _each(df["status"].tolist(),
                            lambda v: None if is_blank(v) else statuses.get(match_key(v))))
    for key in ("cause", "explanation", "proposal", "evidence", "note", "status"):
        put(key, _each(df[key].tolist(), _text))
    allowed = {k: (labels.PASS_FAIL_STATUSES if k in PASS_FAIL
                   else labels.PROGRESS_STATUSES) for k in labels.KINDS}
    schema = pa.DataFrameSchema({
        "code": pa.Column(object, nullable=False, checks=[
            pa.Check(lambda s: s.isin(kind_of.keys()) | s.isna(), name="unknown-task"),
        ]),
    }, checks=[
        pa.Check(lambda d: ~d["code"].isin(kind_of.keys()) | d["role_key"].notna(),
                 name="task-not-assigned", ignore_na=False),
        pa.Check(lambda d: ~d.duplicated(["file", "code"]) | d["code"].isna(),
                 name="duplicate-row", ignore_na=False),
        pa.Check(lambda d: ~_where(d["kind"].isin(REPORTED_NUMERIC) & d["value"].isna(),
                                   d["result"], lambda v: not is_blank(v)),
                 name="bad-number", ignore_na=False),
        pa.Check(lambda d: d["done_on"].notna() | _where(d["done_on"].isna(),
                                                         d["completed_on"], is_blank),
                 name="bad-date", ignore_na=False),
        pa.Check(lambda d: ~(d["kind"].isin(NON_NEGATIVE) & (d["value"] < 0).fillna(False)),
                 name="negative-number", ignore_na=False),
        # DESIGN §3: a percent is never read as a count
        pa.Check(lambda d: ~(d["kind"].isin(COUNT_LIKE) & d["as_percent"].astype(bool)
                             & d["value"].notna()),
                 name="percent-for-count", ignore_na=False),
        pa.Check(lambda d: d["status"].isna() | d["kind"].isna() | _fits(d),
                 name="bad-status", ignore_na=False),
    ])
    issues: list[Issue] = []
    bad_rows: set[int] = set()
    first_error: dict[int, Issue] = {}
    try:
        # in place: nothing here coerces, and pandera's copy of the 25-column frame cost
        # ~0.1 s (its blocks are consolidated first)
        schema.validate(df, lazy=True, inplace=True)
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
            issue = _row_issue(code, df, i, files, plan, allowed)
            first_error.setdefault(i, issue)
            issues.append(issue)
    issues.extend(_locked_cells(df, files, rows_now, bad_rows))
    issues.extend(_doubtful(df, files, plan, bad_rows))
    issues.extend(_after_unit_end(df, files, plan, roles, bad_rows))
    if not bad_rows:
        return df, issues
    return _with_rejected(df, df.drop(index=sorted(bad_rows)), first_error), issues


#: What a rejected row keeps: nothing it reported counts.
_EMPTIED = {"value_text": None, "done_on": None, "status_key": None, "status": None}


def _with_rejected(df: pd.DataFrame, kept: pd.DataFrame, first_error: dict[int, Issue]
                   ) -> pd.DataFrame:
    """kept, plus a row emptied of its values for each row rejected for a bad value in a
    task the unit reports on (and not reported validly elsewhere in its file), carrying
    the issue's code (`rejected`) and cell (`rejected_cell`): the ledger keeps it, so the
    report says the row was rejected instead of "not reported"."""
    valid = set(zip(kept["file"].tolist(), kept["code"].tolist(), strict=True))
    picks: list[int] = []
    for i in sorted(first_error):
        key = (df.at[i, "file"], df.at[i, "code"])
        if df.at[i, "role_key"] is None or key[1] is None or key in valid:
            continue
        valid.add(key)
        picks.append(i)
    if not picks:
        return kept
    rejected = df.loc[picks].copy()
    rejected["value"] = pd.array([None] * len(picks), dtype="Float64")
    for key, blank in _EMPTIED.items():
        rejected[key] = pd.Series([blank] * len(picks), index=rejected.index, dtype=object)
    rejected["rejected"] = [first_error[i].code for i in picks]
    rejected["rejected_cell"] = [first_error[i].cell for i in picks]
    return pd.concat([kept, rejected]).sort_index()


def _after_unit_end(df: pd.DataFrame, files, plan: Plan, roles: pd.DataFrame | None,
                    bad_rows: set[int]) -> list[Issue]:
    """A row of a lead whose unit has ended, dated after its end: kept on its own row but
    not carried to the successor, which answers for the task from then on (DESIGN §1)."""
    from thidua.core.assignments import FORMER, LEAD, assignments

    if "valid_to" not in plan.units.columns or not plan.units["valid_to"].notna().any():
        return []
    roles = roles if roles is not None else assignments(plan)
    until = {(u, t): d for u, t, r, d in zip(roles["unit"], roles["task"], roles["role"],
                                              roles["until"], strict=True) if r == FORMER}
    if not until:
        return []
    heir = {(h, t): u for u, t, r, handed in zip(roles["unit"], roles["task"], roles["role"],
                                                  roles["handed_from"], strict=True)
            if r == LEAD and handed for h in handed}
    names = plan.directory.names
    issues = []
    for i, f, row, unit, code in zip(df.index, df["file"], df["row"], df["unit"], df["code"],
                                     strict=True):
        end = until.get((unit, code))
        ret = files[int(f)]
        if end is None or i in bad_rows or ret.data_date is None or ret.data_date <= end:
            continue
        col = ret.table.columns.get("result") if ret.table else None
        successor = heir.get((unit, code))
        issues.append(make_issue(
            "result-after-unit-end", file=ret.name, sheet=ret.sheet, cell=cell_ref(int(row), col),
            column=fields.RETURN["result"].header, value=names.get(unit, unit),
            end=format_day(end), expected=format_day(ret.data_date), task=code,
            successor=names.get(successor, successor)))
    return issues


def _form_rows(file_of: list[int], units: list[str | None], codes: list[str | None],
               specs) -> list:
    """Each row's form row for its unit as the plan is now (role and locked values), None
    where the task is not the unit's. Rows come file by file, mostly in the order of the
    unit's form: such a file takes the form's rows whole, the others look each code up."""
    import numpy as np

    forms = {spec.unit_code: spec.rows for spec in specs}
    form_codes: dict[str | None, list[str]] = {}
    lookups: dict[str | None, dict[str, object]] = {}
    out: list = []
    cuts = np.flatnonzero(np.diff(np.asarray(file_of, dtype=np.int64))) + 1
    bounds = [0, *cuts.tolist(), len(file_of)]
    for start, end in itertools.pairwise(bounds):
        unit = units[start]
        rows = forms.get(unit, ())
        if unit not in form_codes:
            form_codes[unit] = [r.code for r in rows]
        if codes[start:end] == form_codes[unit]:
            out.extend(rows)
            continue
        if unit not in lookups:
            lookups[unit] = {r.code: r for r in rows}
        out.extend(map(lookups[unit].get, codes[start:end]))
    return out


def _fits(d: pd.DataFrame) -> pd.Series:
    """Whether each row's status is one its kind allows (pass/fail or progress)."""
    pass_fail = d["kind"].isin(PASS_FAIL)
    return ((pass_fail & d["status_key"].isin(labels.PASS_FAIL_STATUSES))
            | (~pass_fail & d["status_key"].isin(labels.PROGRESS_STATUSES)))


def _where(mask: pd.Series, values: pd.Series, test: Callable[[object], bool]) -> pd.Series:
    """test(value) where mask holds, False elsewhere: per-value Python only on the few rows
    that need it."""
    out = pd.Series(False, index=mask.index)
    if mask.any():
        out[mask] = values[mask].map(test).astype(bool)
    return out


def _doubtful(df: pd.DataFrame, files, plan: Plan, bad_rows: set[int]) -> list[Issue]:
    """Values that are readable but need a person's eye: a rate typed as a fraction,
    completion dates after the data date or before the plan, text Excel cannot show."""
    targets = dict(zip(plan.tasks["code"], plan.tasks["target"], strict=True))
    start = plan.info.get("start")
    issues = []
    good = ~df.index.isin(list(bad_rows))

    # a batch may hold tens of thousands of such rows: row facts looked up in plain dicts,
    # not through pandas' .at (~40 µs a call)
    file_of = dict(zip(df.index, df["file"].astype(int).tolist(), strict=True))
    row_of = dict(zip(df.index, df["row"].astype(int).tolist(), strict=True))

    def add(code: str, i: int, key: str, value: object, **params: object) -> None:
        ret = files[file_of[i]]
        col = ret.table.columns.get(key) if ret.table else None
        issues.append(make_issue(code, file=ret.name, sheet=ret.sheet,
                                 cell=cell_ref(row_of[i], col),
                                 column=fields.RETURN[key].header, value=value, **params))

    target = pd.to_numeric(df["code"].map(targets), errors="coerce")
    fraction = (good & (df["kind"] == "rate") & ~df["as_percent"].astype(bool)
                & (df["value"] > 0).fillna(False)
                & (df["value"] <= 1).fillna(False) & (target >= 2))
    dated = good & df["done_on"].notna()
    # DESIGN §4: "Đã hoàn thành" without Ngày hoàn thành: C is inferred from the data date
    # achieved: "Đã hoàn thành", or "Đạt" on a Định tính target (a Giữ vững "Đạt" before
    # its deadline is only on track, and its completion is the deadline itself)
    achieved = (df["status_key"] == labels.STATUS_DONE) | (
        (df["status_key"] == labels.STATUS_MET) & (df["kind"] == "qualitative"))
    undated = (good & achieved & df["done_on"].isna()
               & df["completed_on"].map(is_blank).astype(bool))
    status_of = df.loc[undated, "status_key"]
    for i, status in zip(status_of.index, status_of.tolist(), strict=True):
        add("missing-completion-date", i, "completed_on", None, status=status,
            expected=format_day(files[file_of[i]].data_date))
    # compared column-wise: a batch has a completion date on a third of its rows
    data_dates = df["file"].map({n: f.data_date for n, f in enumerate(files)})
    late = pd.Series(False, index=df.index)
    early = pd.Series(False, index=df.index)
    if dated.any():
        done_on, known = df.loc[dated, "done_on"], data_dates[dated]
        late[dated] = [d is not None and k is not None and d > k
                       for d, k in zip(done_on, known, strict=True)]
        if isinstance(start, dt.date):
            early[dated] = [d < start for d in done_on]
    for i in df.index[fraction | late | early]:
        code, value, done = df.at[i, "code"], df.at[i, "value"], df.at[i, "done_on"]
        if fraction[i]:
            add("rate-as-fraction", i, "result", df.at[i, "result"], expected=targets[code],
                percent=round(float(value) * 100, 2))
        if late[i]:
            add("completion-after-data-date", i, "completed_on", done,
                expected=data_dates[i])
        if early[i]:
            add("completion-before-plan", i, "completed_on", done, expected=start)
    for key in ("value_text", "explanation", "proposal", "evidence", "note", "cause"):
        # readers stop at Excel's limit, so reaching it means the cell held more
        long = good & (df[key].str.len() >= MAX_CELL_TEXT).fillna(False)
        for i in df.index[long]:
            text = df.at[i, key]
            add("text-too-long", i, "result" if key == "value_text" else key, None,
                length=len(text), limit=MAX_CELL_TEXT)
    return issues


def _cell(df: pd.DataFrame, i: int, key: str, files) -> tuple[str, str, str]:
    ret = files[int(df.at[i, "file"])]
    header = fields.RETURN[key].header
    col = ret.table.columns.get(key) if ret.table else None
    return ret.sheet, cell_ref(int(df.at[i, "row"]), col), header


def _row_issue(code: str, df: pd.DataFrame, i: int, files, plan: Plan, allowed) -> Issue:
    key = return_column(code)
    sheet, cell, header = _cell(df, i, key, files)
    params: dict[str, object] = {}
    value = df.at[i, key]
    if code == "duplicate-row":
        same = df[(df["file"] == df.at[i, "file"]) & (df["code"] == df.at[i, "code"])]
        params["other"] = int(same["row"].min())
    if code == "percent-for-count":
        params["expected"] = labels.KINDS.get(df.at[i, "kind"], "")
    if code == "bad-status":
        params["expected"] = ", ".join(allowed.get(df.at[i, "kind"], labels.PROGRESS_STATUSES))
    if code == "bad-date" and (days := conflicting_days(value)):
        # "15/3 hoặc 20/3/2024": two days, said as such (as in the plan and the header)
        code, params["expected"] = "ambiguous-date", ", ".join(map(format_date, days))
    return make_issue(code, file=files[int(df.at[i, "file"])].name, sheet=sheet, cell=cell,
                      column=header, value=value, **params)


def _locked_cells(df: pd.DataFrame, files, rows_now: list, bad_rows: set[int]
                  ) -> list[Issue]:
    """Warn where a return's locked cells differ from the form made for the unit now.
    rows_now: each row's FormRow for its unit today (None: not assigned)."""
    by_code = {r.code: r for r in rows_now if r is not None}  # same for every unit
    known = pd.Series([r is not None for r in rows_now], index=df.index)
    known &= ~df.index.isin(list(bad_rows))
    issues = []
    for key in (f.key for f in fields.RETURN if f.locked):
        got = df[key]
        if key == "role":
            want = pd.Series([r.role if r else None for r in rows_now], index=df.index,
                             dtype=object)
        else:
            want = df["code"].map({c: getattr(r, key) for c, r in by_code.items()})
        differ = known & got.notna() & pd.Series(got.to_numpy() != want.to_numpy(),
                                                 index=df.index)
        for i in df.index[differ]:
            value, wanted = got[i], want[i]
            if is_blank(value):
                continue
            if key == "deadline":
                same = parse_date(value) == wanted
            else:
                same = match_key(value) == match_key(wanted)
            if not same:
                sheet, cell, header = _cell(df, i, key, files)
                issues.append(make_issue("locked-cell-edited",
                                         file=files[int(df.at[i, "file"])].name, sheet=sheet,
                                         cell=cell, column=header, value=value, expected=wanted))
    return issues
