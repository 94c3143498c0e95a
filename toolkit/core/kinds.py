"""Families of target kinds (the keys of labels.KINDS), defined once."""

from __future__ import annotations

#: Scored as met or not met (Đạt / Không đạt).
PASS_FAIL = ("maintain", "qualitative")
#: Scored from a reported number.
SCORED_NUMERIC = ("count", "cumulative", "increase", "reduce_fraction", "reduce_to", "zero",
                  "rate", "reduce_points")
#: Reported as a percent: the unit may type "1,12%" (a rate, or a rate to lower by points).
PERCENT_REPORTED = ("rate", "reduce_points")
#: Scored from a reported count (people, hectares, files, occurrences): a percent typed
#: for one of these is never read as the count (DESIGN §3).
COUNT_LIKE = tuple(k for k in SCORED_NUMERIC if k not in PERCENT_REPORTED)
#: Reported, never scored.
NOT_SCORED = "statistic"
#: What a unit types as a number on its form: the scored numeric kinds and statistics.
REPORTED_NUMERIC = (*SCORED_NUMERIC, NOT_SCORED)
#: Kinds that need a number in Giá trị mục tiêu.
KINDS_NEED_TARGET = ("count", "cumulative", "increase", "reduce_fraction", "reduce_to", "rate",
                     "reduce_points")
#: Kinds that need Giá trị gốc to be scored.
KINDS_NEED_BASELINE = ("increase", "reduce_fraction", "reduce_points")
