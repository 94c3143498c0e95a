"""Declarative schemas of the typed frames read from the canonical workbook.

Each check's name is the stable issue code it raises (see thidua.core.issue_codes), so a
pandera failure case turns into an Issue without a lookup table of its own. Which columns
are required comes from the field tables (thidua.core.fields): a column is nullable
exactly when its field is optional, and `required_columns` lets a test hold every
required field to a non-nullable column."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from thidua.core import fields, labels
from thidua.core.fields import FieldTable
from thidua.core.kinds import KINDS_NEED_BASELINE, KINDS_NEED_TARGET

KIND_KEYS = list(labels.KINDS)
OPS = list(labels.COMPARISONS)


#: A typed helper column that stands for the workbook column it came from.
SOURCE_COLUMN = {"kind_text": "kind", "comparison_text": "comparison"}


def _optional(table: FieldTable, key: str) -> bool:
    return not table[SOURCE_COLUMN.get(key, key)].required


def required_columns(schema: type[pa.DataFrameModel]) -> set[str]:
    """The workbook columns (field keys) a schema holds non-nullable."""
    columns = schema.to_schema().columns
    return {SOURCE_COLUMN.get(name, name) for name, column in columns.items()
            if not column.nullable}


def _in_order(df: pd.DataFrame, first: str, then: str) -> pd.Series:
    """True where either date is missing or `first` is not after `then`."""
    return pd.Series([a is None or b is None or a <= b
                      for a, b in zip(df[first], df[then], strict=True)], index=df.index)


class PlanInfoSchema(pa.DataFrameModel):
    """Kế hoạch as a one-row frame."""

    title: Series[object] = pa.Field(nullable=_optional(fields.PLAN, "title"))
    start: Series[object] = pa.Field(nullable=_optional(fields.PLAN, "start"))
    end: Series[object] = pa.Field(nullable=_optional(fields.PLAN, "end"))
    warning_days: Series[object] = pa.Field(nullable=_optional(fields.PLAN, "warning_days"))

    @pa.dataframe_check(name="plan-period")
    def period(cls, df: pd.DataFrame) -> pd.Series:
        return _in_order(df, "start", "end")

    class Config:
        strict = False


class PhaseSchema(pa.DataFrameModel):
    """Đợt thi đua."""

    code: Series[object] = pa.Field(nullable=_optional(fields.PHASES, "code"), unique=True)
    start: Series[object] = pa.Field(nullable=_optional(fields.PHASES, "start"))
    end: Series[object] = pa.Field(nullable=_optional(fields.PHASES, "end"))

    @pa.dataframe_check(name="phase-order")
    def order(cls, df: pd.DataFrame) -> pd.Series:
        return _in_order(df, "start", "end")

    class Config:
        strict = False


class UnitSchema(pa.DataFrameModel):
    """Đơn vị."""

    code: Series[object] = pa.Field(nullable=_optional(fields.UNITS, "code"), unique=True)
    name: Series[object] = pa.Field(nullable=_optional(fields.UNITS, "name"))

    @pa.dataframe_check(name="unit-lifetime-order")
    def lifetime(cls, df: pd.DataFrame) -> pd.Series:
        if "valid_from" not in df.columns or "valid_to" not in df.columns:
            return pd.Series(True, index=df.index)
        return _in_order(df, "valid_from", "valid_to")

    class Config:
        strict = False


class TaskSchema(pa.DataFrameModel):
    """Nhiệm vụ, after typing: kind and comparison are keys, numbers are Float64."""

    code: Series[object] = pa.Field(nullable=_optional(fields.TASKS, "code"), unique=True)
    content: Series[object] = pa.Field(nullable=_optional(fields.TASKS, "content"))
    kind_text: Series[object] = pa.Field(nullable=_optional(fields.TASKS, "kind"))
    kind: Series[object] = pa.Field(nullable=True, isin=KIND_KEYS)  # unknown-kind says it
    comparison: Series[object] = pa.Field(nullable=True, isin=OPS)
    weight: Series[pd.Float64Dtype] = pa.Field(nullable=_optional(fields.TASKS, "weight"),
                                               gt=0)
    leads: Series[object] = pa.Field(nullable=_optional(fields.TASKS, "leads"))

    @pa.dataframe_check(name="unknown-kind")
    def kind_known(cls, df: pd.DataFrame) -> pd.Series:
        return df["kind"].notna() | df["kind_text"].isna()

    @pa.dataframe_check(name="bad-comparison")
    def comparison_known(cls, df: pd.DataFrame) -> pd.Series:
        return df["comparison"].notna() | df["comparison_text"].isna()

    @pa.check("leads", name="required")
    def has_lead(cls, leads: pd.Series) -> pd.Series:
        return leads.map(bool)

    @pa.dataframe_check(name="missing-target")
    def target_present(cls, df: pd.DataFrame) -> pd.Series:
        by_unit = (df["unit_targets"].map(bool) if "unit_targets" in df.columns
                   else pd.Series(False, index=df.index))
        # targets given by unit only: unit-target-missing names a lead left without one
        return ~df["kind"].isin(KINDS_NEED_TARGET) | df["target"].notna() | by_unit

    @pa.dataframe_check(name="missing-comparison")
    def comparison_present(cls, df: pd.DataFrame) -> pd.Series:
        return (df["kind"] != "rate") | df["comparison"].notna() | df["comparison_text"].notna()

    @pa.dataframe_check(name="bad-fraction")
    def fraction_in_range(cls, df: pd.DataFrame) -> pd.Series:
        bad = (df["kind"] == "reduce_fraction") & df["target"].notna()
        return ~(bad & ((df["target"] <= 0) | (df["target"] >= 1)).fillna(False))

    @pa.dataframe_check(name="scale-below-target")
    def scale_not_below_target(cls, df: pd.DataFrame) -> pd.Series:
        both = (df["kind"] == "cumulative") & df["target"].notna() & df["scale"].notna()
        return ~(both & (df["scale"] < df["target"]).fillna(False))

    @pa.dataframe_check(name="missing-baseline")
    def baseline_present(cls, df: pd.DataFrame) -> pd.Series:
        return ~df["kind"].isin(KINDS_NEED_BASELINE) | df["baseline"].notna()

    @pa.dataframe_check(name="baseline-below-target")
    def baseline_above_target(cls, df: pd.DataFrame) -> pd.Series:
        rows = (df["kind"] == "reduce_to") & df["baseline"].notna() & df["target"].notna()
        return ~(rows & (df["baseline"] <= df["target"]).fillna(False))

    @pa.dataframe_check(name="effective-after-deadline")
    def effective_before_deadline(cls, df: pd.DataFrame) -> pd.Series:
        return _in_order(df, "effective_from", "deadline")

    class Config:
        strict = False
