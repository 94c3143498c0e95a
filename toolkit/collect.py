"""Consolidating returns: `collect` (a batch of received files) and `rebuild` (the ledger
again from the archive). Pure orchestration of sources, returns, validators and ledger;
it prints nothing and decides nothing about exit codes."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from thidua import errors
from thidua.assignments import LEAD, assignments
from thidua.issues import Issue, column_letter, make_issue
from thidua.ledger import Archive, connect, memory_ledger, now, transaction
from thidua.returns import ReturnFile, read_return, sha256
from thidua.sources import Received, gather
from thidua.units import UnitDirectory

Progress = Callable[[int, int], None]
#: Warnings that ask a person to look before the numbers are used.
REVIEW_CODES = frozenset({"identified-fuzzy", "locked-cell-edited", "plan-changed",
                          "rate-as-fraction", "completion-after-data-date",
                          "completion-before-plan"})
COUNTED = ("accepted", "flagged")


@dataclass
class FileOutcome:
    name: str
    sha256: str
    status: str  # accepted | flagged | rejected | duplicate | superseded
    unit: str | None
    issues: list[Issue] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"file": self.name, "status": self.status, "unit": self.unit,
                "sha256": self.sha256, "issues": [i.to_dict() for i in self.issues]}


@dataclass
class CollectResult:
    files: list[FileOutcome]
    issues: list[Issue]
    ignored: list[str]
    missing: pd.DataFrame  # lead units without a counted return: code, name, phone, email
    archives: int = 0

    @property
    def ok(self) -> bool:
        return (all(f.status in ("accepted", "duplicate", "superseded") for f in self.files)
                and not any(i.severity == "error" for i in self.issues if not i.file
                            or i.file not in {f.name for f in self.files}))

    def stats(self) -> dict[str, int]:
        counts = {s: 0 for s in ("accepted", "flagged", "rejected", "duplicate", "superseded")}
        for f in self.files:
            counts[f.status] += 1
        return {"received": len(self.files), **counts, "archives": self.archives,
                "ignored": len(self.ignored), "missing_units": len(self.missing),
                "errors": sum(i.severity == "error" for i in self.issues),
                "warnings": sum(i.severity == "warning" for i in self.issues)}


class PlanNotReady(errors.ThiduaError):
    code = "plan-not-ready"


def _load_plan(workbook: str | Path):
    from thidua.plan import read_plan

    plan, report = read_plan(workbook)
    if not report.ok:
        raise PlanNotReady(path=workbook, errors=len(report.errors))
    return plan


def collect(workbook: str | Path, sources: Iterable[str | Path], dry_run: bool = False,
            progress: Progress | None = None) -> CollectResult:
    """Archive, read, validate and record a batch of returns."""
    plan = _load_plan(workbook)
    archive = Archive.beside(workbook)
    gathered = gather(sources, skip=[archive.root])
    if dry_run:
        conn = (connect(archive.ledger, create=False) if archive.ledger.exists()
                else memory_ledger())
    else:
        archive.clean_stale()
        conn = connect(archive.ledger)
    received_at = now()
    try:
        result = _process(plan, conn, gathered.files, lambda _item: received_at,
                          None if dry_run else archive, progress, dry_run)
    finally:
        archive.discard()
        conn.close()
    result.issues = [*gathered.issues, *result.issues]
    result.ignored = gathered.ignored
    return result


def rebuild(workbook: str | Path, progress: Progress | None = None) -> CollectResult:
    """Recreate the ledger from the archive: same content as the collects that filled it."""
    plan = _load_plan(workbook)
    archive = Archive.beside(workbook)
    items, times = [], {}
    for path, receipt in archive.stored():
        ext = str(receipt.get("ext", path.suffix))
        item = Received(str(receipt.get("name", path.name)), path.read_bytes(), ext,
                        str(receipt.get("origin", "")), is_archive=bool(receipt.get("archive")))
        items.append(item)
        times[id(item)] = str(receipt.get("received_at", ""))
    fresh = archive.ledger.with_name(f".{archive.ledger.name}.{os.getpid()}.rebuild")
    for suffix in ("", "-wal", "-shm"):
        fresh.with_name(fresh.name + suffix).unlink(missing_ok=True)
    conn = connect(fresh)
    try:
        result = _process(plan, conn, items, lambda item: times[id(item)], None, progress,
                          dry_run=False, batch_kind="rebuild")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()
    try:
        os.replace(fresh, archive.ledger)
        for suffix in ("-wal", "-shm"):
            archive.ledger.with_name(archive.ledger.name + suffix).unlink(missing_ok=True)
    except OSError as exc:
        raise errors.CannotWrite(path=archive.ledger, reason=exc.strerror or exc) from exc
    return result


def _process(plan, conn: sqlite3.Connection, items: list[Received],
             received_at: Callable[[Received], str], archive: Archive | None,
             progress: Progress | None, dry_run: bool, batch_kind: str = "collect"
             ) -> CollectResult:
    from thidua.forms import form_specs
    from thidua.validators.returns import batch_frame, validate_returns

    directory = UnitDirectory(plan.units)
    roles = assignments(plan)
    specs = form_specs(plan, roles=roles)
    hashes = {spec.unit_code: spec.task_hash for spec in specs}
    known = dict(conn.execute("SELECT sha256, name FROM files").fetchall())
    outcomes: list[FileOutcome] = []
    reads: list[ReturnFile] = []
    when: dict[str, str] = {}
    archives = 0
    seen: dict[str, str] = {}
    receipted = archive.receipted() if archive is not None else set()
    to_read: list[tuple[Received, str]] = []
    to_stage: list[tuple[str, Received]] = []
    for item in items:
        digest = sha256(item.data)
        if archive is not None and digest not in receipted:
            receipted.add(digest)
            to_stage.append((digest, item))
        if item.is_archive:
            archives += 1
        elif digest in known or digest in seen:
            outcomes.append(FileOutcome(item.name, digest, "duplicate", None, [make_issue(
                "duplicate-file", file=item.name, expected=known.get(digest) or seen[digest])]))
        else:
            seen[digest] = item.name
            to_read.append((item, digest))
    with _Reader(to_read, plan, directory) as reader:
        # received files are written by a second thread while returns are read
        staging = _stage_in_background(archive, to_stage, received_at)
        for n, ret in enumerate(reader, start=1):
            reads.append(ret)
            when[ret.sha256] = received_at(to_read[n - 1][0])
            _check_receipt(ret, when[ret.sha256], hashes)
            if progress:
                progress(n, len(to_read))
        if staging is not None:
            staging.result()  # re-raises a write error
    frame = batch_frame(reads)
    reported = set(frame["file"])
    for i, ret in enumerate(reads):
        if not ret.rejected and ret.table is not None and i not in reported:
            ret.reject("empty-return", sheet=ret.sheet)
    rows, row_issues = validate_returns(frame, reads, plan, specs, roles)
    by_file: dict[str, list[Issue]] = {}
    for issue in row_issues:
        by_file.setdefault(issue.file, []).append(issue)
    new_outcomes = {}
    for ret in reads:
        ret.issues.extend(by_file.get(ret.name, []))
        if ret.rejected:
            status = "rejected"
        elif any(i.severity == "error" or i.code in REVIEW_CODES for i in ret.issues):
            status = "flagged"
        else:
            status = "accepted"
        new_outcomes[ret.sha256] = FileOutcome(ret.name, ret.sha256, status, ret.unit,
                                               ret.issues)
    if dry_run:  # decide as a real run would, write nothing
        _supersede(conn, reads, new_outcomes, when)
        missing = _missing_units(conn, plan, roles, new_outcomes, reads)
    else:
        if archive is not None:
            archive.commit()  # every received file is safe before the ledger refers to it
        with transaction(conn):
            # another collect may have recorded some of these files since we looked
            reads, rows = _drop_recorded_meanwhile(conn, reads, rows, new_outcomes)
            superseded = _supersede(conn, reads, new_outcomes, when)
            _write(conn, plan, reads, new_outcomes, rows, when, superseded, batch_kind)
        missing = _missing_units(conn, plan, roles)
    outcomes.extend(new_outcomes.values())
    order = {item.name: i for i, item in enumerate(items)}
    outcomes.sort(key=lambda o: order.get(o.name, 0))
    issues = [i for o in outcomes for i in o.issues]
    return CollectResult(outcomes, issues, [], missing, archives)


PARALLEL_FROM = 64  # files; below this, starting worker processes costs more than it saves
_JOB: tuple | None = None  # what forked workers read: (files, plan, directory)


def _read_one(index: int) -> ReturnFile:
    items, plan, directory = _JOB
    item, digest = items[index]
    return read_return(item, plan, directory, digest)


class _Reader:
    """Read returns in order; on a multi-core POSIX machine, in forked worker processes
    (they inherit the plan, so nothing but the results crosses between processes)."""

    def __init__(self, items: list[tuple[Received, str]], plan, directory) -> None:
        self.items, self.plan, self.directory = items, plan, directory
        self.pool = None

    def __enter__(self) -> Iterable[ReturnFile]:
        global _JOB
        import multiprocessing

        cores = os.cpu_count() or 1
        if (len(self.items) >= PARALLEL_FROM and cores > 1
                and "fork" in multiprocessing.get_all_start_methods()):
            _JOB = (self.items, self.plan, self.directory)
            self.pool = multiprocessing.get_context("fork").Pool(min(cores, 4))
            return self.pool.imap(_read_one, range(len(self.items)), chunksize=16)
        return (read_return(item, self.plan, self.directory, digest)
                for item, digest in self.items)

    def __exit__(self, *exc: object) -> None:
        global _JOB
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
        _JOB = None


def _stage_in_background(archive: Archive | None, to_stage: list[tuple[str, Received]],
                         received_at: Callable[[Received], str]):
    if archive is None or not to_stage:
        return None
    from concurrent.futures import ThreadPoolExecutor

    def write() -> None:
        for digest, item in to_stage:
            archive.stage(digest, item.ext, item.data, {
                "name": item.name, "origin": item.origin, "ext": item.ext,
                "received_at": received_at(item), "archive": item.is_archive})

    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(write)
    pool.shutdown(wait=False)  # the caller waits on the future
    return future


def _check_receipt(ret: ReturnFile, received: str, hashes: dict[str, str]) -> None:
    """Facts that need the time of receipt or the current plan, not just the file."""
    if ret.rejected or not ret.unit:
        return
    received_day = received[:10]
    if ret.data_date is None and not any(i.code == "bad-date" for i in ret.issues):
        ret.add("missing-data-date", sheet=ret.sheet, expected=_day(received_day))
    elif ret.data_date is not None and ret.data_date.isoformat() > received_day:
        ret.add("future-data-date", sheet=ret.sheet, value=ret.data_date,
                expected=_day(received_day))
    if ret.task_hash and hashes.get(ret.unit) != ret.task_hash:
        ret.add("plan-changed", sheet=ret.sheet)


def _day(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def _drop_recorded_meanwhile(conn, reads: list[ReturnFile], rows: pd.DataFrame,
                             outcomes: dict[str, FileOutcome]):
    """Inside the write transaction: files a concurrent run recorded first become
    duplicates here, so both runs complete and every file is in the ledger once."""
    shas = [r.sha256 for r in reads]
    taken: dict[str, str] = {}
    for start in range(0, len(shas), 500):
        chunk = shas[start:start + 500]
        taken.update(conn.execute(
            f"SELECT sha256, name FROM files WHERE sha256 IN ({', '.join('?' * len(chunk))})",
            chunk).fetchall())
    if not taken:
        return reads, rows
    for sha, name in taken.items():
        old = outcomes[sha]
        outcomes[sha] = FileOutcome(old.name, sha, "duplicate", None, [make_issue(
            "duplicate-file", file=old.name, expected=name)])
    keep = [i for i, r in enumerate(reads) if r.sha256 not in taken]
    index = {old: new for new, old in enumerate(keep)}
    kept_rows = rows[rows["file"].isin(keep)].copy()
    kept_rows["file"] = [index[int(f)] for f in kept_rows["file"]]
    return [reads[i] for i in keep], kept_rows


def _order_key(data_date: str | None, submission: int | None, received: str, sha: str):
    day = data_date or received[:10]
    return (day, submission or 1, received, sha)


def _supersede(conn: sqlite3.Connection, reads: list[ReturnFile],
               outcomes: dict[str, FileOutcome], when: dict[str, str]) -> dict[str, str]:
    """Decide, per unit, the latest counted return; returns {superseded sha: by sha}."""
    candidates: dict[str, list[tuple[tuple, str]]] = {}
    for ret in reads:
        if outcomes[ret.sha256].status in COUNTED and ret.unit:
            key = _order_key(ret.data_date.isoformat() if ret.data_date else None,
                             ret.submission, when[ret.sha256], ret.sha256)
            candidates.setdefault(ret.unit, []).append((key, ret.sha256))
    if not candidates:
        return {}
    marks = ",".join("?" * len(candidates))
    for sha, unit, data_date, submission, received in conn.execute(
            f"SELECT sha256, unit_code, data_date, submission, received_at FROM files "
            f"WHERE status IN ('accepted', 'flagged') AND unit_code IN ({marks})",
            list(candidates)):
        candidates[unit].append((_order_key(data_date, submission, received, sha), sha))
    superseded = {}
    for entries in candidates.values():
        entries.sort()
        latest = entries[-1][1]
        for _key, sha in entries[:-1]:
            superseded[sha] = latest
            if sha in outcomes:
                outcomes[sha].status = "superseded"
    return superseded


def _write(conn, plan, reads, outcomes, rows: pd.DataFrame, when, superseded, kind) -> None:
    started = now()
    batch = conn.execute("INSERT INTO batches (kind, started_at, files) VALUES (?, ?, ?)",
                         (kind, started, len(reads))).lastrowid
    plan_key = json.dumps(list(plan.key), ensure_ascii=False)
    conn.executemany(
        "INSERT INTO files (sha256, ext, name, origin, size, received_at, batch_id, "
        "plan_key, unit_code, identified_by, confidence, data_date, submission, reporter, "
        "phone, status, superseded_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(ret.sha256, ret.ext, ret.name, None, ret.size, when[ret.sha256], batch,
          json.dumps(list(ret.plan_key), ensure_ascii=False) if ret.plan_key else plan_key,
          ret.unit, ret.identified_by, ret.confidence,
          ret.data_date.isoformat() if ret.data_date else None, ret.submission,
          ret.reporter, ret.phone, outcomes[ret.sha256].status, superseded.get(ret.sha256))
         for ret in reads])
    conn.executemany(
        "INSERT INTO file_issues VALUES (?,?,?,?,?,?,?,?,?)",
        [(ret.sha256, k, i.severity, i.sheet, i.cell, i.column, i.value, i.code, i.message)
         for ret in reads for k, i in enumerate(ret.issues)])
    old = [(by, sha) for sha, by in superseded.items()]
    conn.executemany("UPDATE files SET status = 'superseded', superseded_by = ? "
                     "WHERE sha256 = ?", old)
    if not rows.empty:
        conn.executemany("INSERT INTO results VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         _result_records(reads, rows))
    conn.execute("UPDATE batches SET finished_at = ? WHERE id = ?", (now(), batch))


def _result_records(reads: list[ReturnFile], rows: pd.DataFrame) -> Iterable[tuple]:
    """Rows of the results table, column by column (no per-row pandas access)."""
    files = rows["file"].astype(int).tolist()
    shas = [r.sha256 for r in reads]
    sheets = [r.sheet for r in reads]
    letters = [column_letter(r.table.columns["result"]) if r.table and
               r.table.columns.get("result") else "" for r in reads]
    values = rows["value"].astype(object).where(rows["value"].notna(), None).tolist()
    status = [k or s for k, s in zip(rows["status_key"], rows["status"], strict=True)]
    done = [d.isoformat() if d is not None else None for d in rows["done_on"]]
    excel_rows = rows["row"].astype(int).tolist()
    cells = [f"{letters[f]}{r}" for f, r in zip(files, excel_rows, strict=True)]
    return zip([shas[f] for f in files], rows["unit"], rows["code"], rows["role_key"],
               [None if v is None else float(v) for v in values], rows["value_text"], done,
               status, rows["cause"], rows["explanation"], rows["proposal"], rows["evidence"],
               rows["note"], [sheets[f] for f in files], cells, excel_rows, strict=True)


def _missing_units(conn, plan, roles: pd.DataFrame, outcomes=None, reads=None
                   ) -> pd.DataFrame:
    """Lead units without any counted return, with how to reach them."""
    leads = sorted(set(roles.loc[roles["role"] == LEAD, "unit"]))
    reported = {u for (u,) in conn.execute(
        "SELECT DISTINCT unit_code FROM files WHERE status IN ('accepted', 'flagged')")}
    if outcomes is not None:
        reported |= {r.unit for r in reads if outcomes[r.sha256].status in COUNTED}
    units = plan.units.set_index("code", drop=False)
    rows = [{"code": u, "name": units.at[u, "name"], "phone": units.at[u, "phone"] or "",
             "email": units.at[u, "email"] or ""} for u in leads if u not in reported]
    return pd.DataFrame(rows, columns=["code", "name", "phone", "email"])

