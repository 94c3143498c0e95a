"""What the seed sample tests share: a bundled sample collected as a clerk would (init
--sample, forms, the sample returns, one collect), and the evaluation of a report cut into
the tables their hand-worked golden values are written as."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path
from typing import ClassVar

import pytest

from thidua.collect import collect
from thidua.core import labels
from thidua.read.plan import read_plan
from thidua.store.workspace import init_workspace
from thidua.write.forms import write_forms
from thidua.write.sample_returns import make_seed_returns

#: Columns of a unit's golden row, in order.
UNIT_KEYS = ("led", "on_time", "late_done", "open_in_time", "open_overdue", "not_reported",
             "due", "on_time_rate", "completion_rate", "mean_pct", "rank")
#: Columns of the plan's golden headline, in order.
PLAN_KEYS = ("top_achieved", "top_total", "leaves", "on_time", "late_done", "open_in_time",
             "open_overdue", "not_reported")


def collected_sample(root: Path, number: str):
    """(workspace, plan, check report, collect result) of bundled sample `number`."""
    ws = init_workspace(root, sample=number)
    plan, report = read_plan(ws.workbook)
    forms = root / labels.FORM_DIR
    write_forms(plan, forms)
    make_seed_returns(number, plan, forms, ws.inbox)
    return ws, plan, report, collect(ws.workbook, [ws.inbox])


def init_and_check(folder: Path, number: str) -> tuple[dict, str]:
    """`thidua init FOLDER --sample N`, then `thidua check` with and without --json, as a
    clerk types them: (the JSON stats, the plain output on one line)."""
    import json

    from click.testing import CliRunner

    from thidua.cli import cli

    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(folder), "--sample", number]).exit_code == 0
    workbook = str(folder / labels.WORKBOOK_FILE)
    result = runner.invoke(cli, ["check", workbook, "--json"])
    assert result.exit_code == 0, result.output
    said = runner.invoke(cli, ["check", workbook]).output
    return json.loads(result.output)["stats"], " ".join(said.split())


def pct(value) -> float | None:
    return None if value is None or value != value else round(float(value), 2)


def day(value) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def task_table(ev) -> dict[str, tuple]:
    """code -> (%, status, completion date) of every task."""
    return {t.code: (pct(t.pct), t.status, day(t.completed)) for t in ev.tasks.itertuples()}


def lead_rows(ev, parents: Collection[str]) -> tuple[dict[tuple, tuple], set[tuple]]:
    """{(unit, task): (status, completion date)} of the lead rows of tasks other than the
    parents scored from their children, and the (unit, task) whose date was assumed."""
    leads = ev.rows[(ev.rows["role"] == "lead") & ~ev.rows["task"].isin(list(parents))]
    rows = {(r.unit, r.task): (r.status, day(r.completed)) for r in leads.itertuples()}
    assumed = {(r.unit, r.task) for r in leads.itertuples()
               if r.note == "completion-date-assumed"}
    return rows, assumed


def unit_table(ev, keys: Collection[str] = UNIT_KEYS) -> dict[str, tuple]:
    """unit -> its golden row (rates and % rounded to 2 places), for units that lead."""
    out = {}
    for u in ev.units.itertuples():
        if u.led == 0:
            continue
        out[u.unit] = tuple(pct(getattr(u, k)) if k.endswith(("rate", "pct"))
                            else int(getattr(u, k)) for k in keys)
    return out


def headline(ev, keys: Collection[str] = PLAN_KEYS) -> tuple[int, ...]:
    plan_row = ev.plan.iloc[0]
    return tuple(int(plan_row[k]) for k in keys)


class GoldenTables:
    """The golden tests of a seed sample at its two report dates. A subclass sets GOLDEN
    ([(report date, tasks, lead rows, assumed dates, units, headline)] as worked out by
    hand), PARENTS (parents scored from their children) and UNIT_KEYS; its module
    provides the `reports` fixture ({report date: ReportData})."""

    GOLDEN: ClassVar[list[tuple]] = []
    PARENTS: ClassVar[tuple[str, ...]] = ()
    UNIT_KEYS: ClassVar[tuple[str, ...]] = UNIT_KEYS

    @pytest.fixture(params=[0, 1], ids=["first-date", "second-date"])
    def case(self, request, reports):
        as_of, *golden = self.GOLDEN[request.param]
        return reports[as_of].evaluation, golden

    def test_golden_tasks(self, case):
        ev, (tasks, _rows, _assumed, _units, _headline) = case
        assert task_table(ev) == tasks

    def test_golden_rows_of_lead_units(self, case):
        ev, (_tasks, rows, assumed, _units, _headline) = case
        assert lead_rows(ev, self.PARENTS) == (rows, assumed)

    def test_golden_units(self, case):
        ev, (_tasks, _rows, _assumed, units, _headline) = case
        assert unit_table(ev, self.UNIT_KEYS) == units

    def test_golden_headline(self, case):
        ev, (_tasks, _rows, _assumed, _units, golden) = case
        assert headline(ev) == golden
