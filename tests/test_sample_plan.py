"""The bundled sample (Kế hoạch 111/KH-UBND, Hiệp Hòa) read back as DESIGN §3 maps it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from thidua.read.plan import read_plan

from factories import sample_workbook


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    plan, report = read_plan(sample_workbook(tmp_path_factory.mktemp("sample")))
    return plan, report


def task(plan, code):
    rows = plan.tasks[plan.tasks["code"] == code]
    assert len(rows) == 1, code
    return rows.iloc[0]


def test_sample_has_no_errors_and_only_the_known_warnings(sample):
    _plan, report = sample
    assert report.errors == []
    # The plan gives no March baseline for 11.ii and does not name the 11 communes of task 12.
    assert sorted((i.code, i.sheet, i.cell) for i in report.warnings) == [
        ("group-no-members", "Đơn vị", "G33"),
        ("missing-baseline", "Nhiệm vụ", "J27"),
    ]


def test_plan_identity_and_period(sample):
    plan, _ = sample
    assert plan.key == ("111/KH-UBND", "UBND huyện Hiệp Hòa", "2024-04-19")
    assert plan.info["start"] == dt.date(2024, 4, 19)
    assert plan.info["end"] == dt.date(2024, 5, 19)
    assert plan.info["warning_days"] == 7


def test_sixteen_top_level_tasks_with_their_sub_items(sample):
    plan, _ = sample
    top = plan.tasks[plan.tasks["parent"].isna()]
    assert list(top["code"]) == [str(n) for n in range(1, 17)]
    children = plan.tasks.groupby(plan.tasks["parent"].dropna()).size().to_dict()
    assert children == {"5": 4, "7": 3, "8": 4, "9": 2, "11": 2, "16": 2}


@pytest.mark.parametrize(("code", "kind", "comparison", "target", "scale", "baseline"), [
    ("1", "rate", ">=", 40, None, None),
    ("2", "rate", ">=", 40, None, None),
    ("3", "milestone", None, None, None, None),
    ("5", "multi", None, None, None, None),
    ("5.1", "milestone", None, None, None, None),
    ("8.i", "cumulative", ">=", 82, 85, None),
    ("9", "multi", None, None, None, None),
    ("9.2", "milestone", None, None, None, None),
    ("11.i", "zero", None, 0, None, None),
    ("11.ii", "reduce_fraction", None, 0.5, None, None),
    ("12", "rate", ">=", 95, None, None),
    ("13", "count", ">=", 4, None, None),
    ("14", "count", ">=", 83, None, None),
    ("15", "cumulative", ">=", 6798, 7800, 6110),
    ("16.ii", "qualitative", None, None, None, None),
])
def test_kinds_and_numbers_follow_the_design_mapping(sample, code, kind, comparison, target,
                                                     scale, baseline):
    row = task(sample[0], code)
    assert row["kind"] == kind
    assert row["comparison"] == comparison

    def value(v):
        return None if pd.isna(v) else float(v)

    assert value(row["target"]) == target
    assert value(row["scale"]) == scale
    assert value(row["baseline"]) == baseline


def test_deadlines_and_effective_dates(sample):
    plan, _ = sample
    assert task(plan, "6")["deadline"] == dt.date(2024, 4, 30)
    assert task(plan, "12")["deadline"] == dt.date(2024, 4, 21)
    assert task(plan, "11.i")["effective_from"] == dt.date(2024, 4, 22)
    assert task(plan, "11.ii")["deadline"] == dt.date(2024, 4, 30)
    assert task(plan, "16.ii")["effective_from"] == dt.date(2024, 4, 30)


def test_leads_resolve_to_unit_codes_and_groups_only_coordinate(sample):
    plan, _ = sample
    assert task(plan, "10")["lead_codes"] == ["X_MAITRUNG", "X_CHAUMINH", "X_DONGLO"]
    assert task(plan, "1")["lead_codes"] == ["CCT"]
    assert task(plan, "14")["partner_codes"] == ["N_XA", "MTTQ"]
    groups = set(plan.units.loc[plan.units["is_group"], "code"])
    assert groups == {"N_XA", "N_XA11", "N_CDT", "N_PCM"}
    for leads in plan.tasks["lead_codes"]:
        assert not groups & set(leads)


def test_group_members_resolve(sample):
    plan, _ = sample
    members = dict(zip(plan.units["code"], plan.units["member_codes"], strict=True))
    assert members["N_CDT"] == ["BQLDA", "TTPTQD", "CCTL"]
    assert "TT_BACLY" in members["N_XA"]
    assert members["N_XA11"] == []


def test_a_sample_row_for_a_task_the_form_lacks_is_refused_not_dropped(sample, tmp_path):
    """The bundled returns are typed into the generated forms: a row whose Mã NV is not on
    the unit's form would silently vanish from the sample, so it stops the build."""
    from thidua.write.forms import form_file_name, form_specs, write_forms
    from thidua.write.sample_returns import fill_form

    plan, _ = sample
    write_forms(plan, tmp_path / "forms")
    form = tmp_path / "forms" / form_file_name(form_specs(plan)[0])
    with pytest.raises(ValueError, match=r"99\.9"):
        fill_form(form, tmp_path / "out.xlsx", {}, {"1": {"result": 5}, "99.9": {"result": 1}})
    assert not (tmp_path / "out.xlsx").exists()
