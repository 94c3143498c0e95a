"""Which return of a unit is its latest (DESIGN §5), decided in one place.

Returns are ordered by their data date (else the day they were received), then Lần gửi
(the submission number, 1 when missing), then the time received. Never by a hash or a
file name: returns of a unit that tie on all three at the top are reported by `ties`
(collect flags each, naming the others); until one is corrected the first received keeps
its place. A return whose data date lies after the day it was received (or, when the
plan's start is given, before it) takes no part in the ordering (`takes_part`).

Pure: takes plain values (or a DataFrame with the same columns), no SQL, no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple

#: Statuses of a return that counts now: the latest of its unit is one of these.
COUNTED = ("accepted", "flagged")
#: Statuses of a return that may count for an earlier report date: a superseded return
#: was the latest before the one that replaced it.
COUNTED_AT_SOME_DATE = (*COUNTED, "superseded")


class Candidate(NamedTuple):
    """One return taking part in the ordering. data_date: ISO date or None; received_at:
    ISO timestamp."""

    unit: str
    sha256: str
    data_date: str | dt.date | None
    submission: int | None
    received_at: str


OrderKey = tuple[str, int, str]


def data_day(data_date: str | dt.date | None, received_at: str) -> str:
    """The day a return speaks for (ISO): its data date, else the day it was received."""
    if isinstance(data_date, dt.date):
        return data_date.isoformat()
    return data_date or received_at[:10]


def order_key(data_date: str | dt.date | None, submission: int | None, received_at: str,
              sha256: str | None = None) -> OrderKey:
    """The key a unit's returns are sorted by; the greatest is the latest (sha256 is
    accepted for callers' convenience and never used)."""
    return (data_day(data_date, received_at), submission or 1, received_at)


def takes_part(data_date: str | dt.date | None, received_at: str,
               plan_start: dt.date | None = None) -> bool:
    """False for a data date after the day of receipt or before the plan starts."""
    day = data_day(data_date, received_at)
    if day > received_at[:10]:
        return False
    return plan_start is None or day >= plan_start.isoformat()


def latest_returns(candidates: Iterable[Candidate | tuple[Any, ...]] | Any,
                   as_of: dt.date | None = None,
                   plan_start: dt.date | None = None) -> dict[str, Candidate]:
    """unit -> its latest return among candidates (a DataFrame with the Candidate columns
    is taken too). With as_of, only returns whose data day is on or before it take part,
    so a report for an earlier date is reproduced exactly. Equal keys: the first kept."""
    cutoff = as_of.isoformat() if as_of is not None else None
    best: dict[str, tuple[OrderKey, Candidate]] = {}
    for item in _candidates(candidates):
        key = order_key(item.data_date, item.submission, item.received_at)
        if cutoff is not None and key[0] > cutoff:
            continue
        if not takes_part(item.data_date, item.received_at, plan_start):
            continue
        found = best.get(item.unit)
        if found is None or key > found[0]:
            best[item.unit] = (key, item)
    return {unit: item for unit, (_key, item) in best.items()}


def superseded_by(candidates: Iterable[Candidate | tuple[Any, ...]] | Any,
                  plan_start: dt.date | None = None) -> dict[str, str]:
    """{sha256 of every return that is not its unit's latest: sha256 of that latest}.
    Returns that take no part in the ordering are neither latest nor superseded."""
    items = _candidates(candidates)
    latest = latest_returns(items, plan_start=plan_start)
    return {c.sha256: latest[c.unit].sha256 for c in items
            if c.unit in latest and c.sha256 != latest[c.unit].sha256
            and takes_part(c.data_date, c.received_at, plan_start)}


def ties(candidates: Iterable[Candidate | tuple[Any, ...]] | Any,
         plan_start: dt.date | None = None) -> dict[str, list[str]]:
    """{sha256: the sha256s it ties with} for returns of one unit that share the greatest
    (data date, Lần gửi, time received): none of them can be told the latest."""
    items = [c for c in _candidates(candidates)
             if takes_part(c.data_date, c.received_at, plan_start)]
    top: dict[str, list[Candidate]] = {}
    keys: dict[str, OrderKey] = {}
    for c in items:
        key = order_key(c.data_date, c.submission, c.received_at)
        if c.unit not in keys or key > keys[c.unit]:
            keys[c.unit], top[c.unit] = key, [c]
        elif key == keys[c.unit] and c.sha256 not in {t.sha256 for t in top[c.unit]}:
            top[c.unit].append(c)
    return {c.sha256: [o.sha256 for o in group if o.sha256 != c.sha256]
            for group in top.values() if len(group) > 1 for c in group}


def _candidates(given: Iterable[Candidate | tuple[Any, ...]] | Any) -> list[Candidate]:
    if hasattr(given, "itertuples"):  # a DataFrame
        given = given[list(Candidate._fields)].itertuples(index=False, name=None)
    return [Candidate(*item) for item in given]


def first_reported_done(files: Iterable[dict[str, Any]], results: Iterable[dict[str, Any]],
                        as_of: dt.date, done: Iterable[str],
                        plan_start: dt.date | None = None) -> dict[tuple[str, str], str]:
    """{(unit, task): the data day (ISO) of the first return of the unit, among those that
    count at some date up to as_of, that reported the task with a status in `done`}.
    files: ledger file rows (sha256, unit_code, data_date, received_at, status); results:
    ledger result rows (sha256, unit_code, task_code, status). DESIGN §4: the completion
    date inferred when a unit reported a task done without Ngày hoàn thành."""
    cutoff = as_of.isoformat()
    day: dict[str, str] = {}
    for f in files:
        if f.get("status") not in COUNTED_AT_SOME_DATE or not f.get("unit_code"):
            continue
        received = str(f.get("received_at") or "")
        when = data_day(f.get("data_date"), received)
        if when <= cutoff and takes_part(f.get("data_date"), received, plan_start):
            day[str(f["sha256"])] = when
    wanted = set(done)
    first: dict[tuple[str, str], str] = {}
    for r in results:
        when = day.get(str(r.get("sha256")))
        if when is None or r.get("status") not in wanted:
            continue
        key = (str(r["unit_code"]), str(r["task_code"]))
        if key not in first or when < first[key]:
            first[key] = when
    return first
