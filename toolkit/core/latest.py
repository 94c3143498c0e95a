"""Which return of a unit is its latest (DESIGN §5), decided in one place.

Returns are ordered by their data date (else the day they were received), then Lần gửi
(the submission number, 1 when missing), then the time received. Returns that tie on
all three are, for now, told apart by their SHA-256, so every run picks the same one.

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


OrderKey = tuple[str, int, str, str]


def data_day(data_date: str | dt.date | None, received_at: str) -> str:
    """The day a return speaks for (ISO): its data date, else the day it was received."""
    if isinstance(data_date, dt.date):
        return data_date.isoformat()
    return data_date or received_at[:10]


def order_key(data_date: str | dt.date | None, submission: int | None, received_at: str,
              sha256: str) -> OrderKey:
    """The key a unit's returns are sorted by; the greatest is the latest."""
    return (data_day(data_date, received_at), submission or 1, received_at, sha256)


def latest_returns(candidates: Iterable[Candidate | tuple[Any, ...]] | Any,
                   as_of: dt.date | None = None) -> dict[str, Candidate]:
    """unit -> its latest return among candidates (a DataFrame with the Candidate columns
    is taken too). With as_of, only returns whose data day is on or before it take part,
    so a report for an earlier date is reproduced exactly."""
    cutoff = as_of.isoformat() if as_of is not None else None
    best: dict[str, tuple[OrderKey, Candidate]] = {}
    for item in _candidates(candidates):
        key = order_key(item.data_date, item.submission, item.received_at, item.sha256)
        if cutoff is not None and key[0] > cutoff:
            continue
        found = best.get(item.unit)
        if found is None or key > found[0]:
            best[item.unit] = (key, item)
    return {unit: item for unit, (_key, item) in best.items()}


def superseded_by(candidates: Iterable[Candidate | tuple[Any, ...]] | Any
                  ) -> dict[str, str]:
    """{sha256 of every return that is not its unit's latest: sha256 of that latest}."""
    items = _candidates(candidates)
    latest = latest_returns(items)
    return {c.sha256: latest[c.unit].sha256 for c in items
            if c.sha256 != latest[c.unit].sha256}


def _candidates(given: Iterable[Candidate | tuple[Any, ...]] | Any) -> list[Candidate]:
    if hasattr(given, "itertuples"):  # a DataFrame
        given = given[list(Candidate._fields)].itertuples(index=False, name=None)
    return [Candidate(*item) for item in given]
