"""Consolidating returns: `collect` (a batch of received files) and `rebuild` (the ledger
again from the archive). Pure orchestration of sources, returns, validators and ledger;
it prints nothing and decides nothing about exit codes."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from thidua.core import errors, labels
from thidua.core.issue_codes import REVIEW_CODES
from thidua.core.issues import Issue, column_letter, make_issue
from thidua.core.latest import COUNTED, Candidate, latest_returns, superseded_by, ties
from thidua.core.model import Plan, report_date
from thidua.core.parsing.dates import format_day
from thidua.core.parsing.numbers import format_number
from thidua.read.batch import BatchReader
from thidua.read.inbox import Received, gather
from thidua.read.returns import ReturnFile, identify, sha256
from thidua.read.spreadsheet import must_be_a_file
from thidua.store.archive import Archive, Verified, ledger_advice, must_have_ledger
from thidua.store.files import pid_temp
from thidua.store.ledger import FileRecord, Ledger, now

if TYPE_CHECKING:
    import pandas as pd


Progress = Callable[[int, int], None]
#: Called once when the run must wait for another run that writes the ledger.
Waiting = Callable[[], None]


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
    #: Archived returns judged again because the plan changed (not part of the batch).
    rejudged: list[FileOutcome] = field(default_factory=list)
    #: Archive copies of received files written again (they were missing or altered).
    restored: int = 0
    #: Frozen rounds kept (rebuild).
    rounds: int = 0
    #: The report date `missing` is judged at (Ngày số liệu of the plan, else today).
    missing_as_of: dt.date | None = None
    #: Errors in the plan's award criteria: they let collect run but stop the report.
    criteria_errors: int = 0

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
                "rejudged": len(self.rejudged), "restored": self.restored,
                "errors": sum(i.severity == "error" for i in self.issues),
                "warnings": sum(i.severity == "warning" for i in self.issues)}


def _load_plan(workbook: str | Path) -> tuple[Plan, int]:
    """The plan, and how many errors its award criteria hold (they stop the report alone);
    any other error stops the run."""
    from thidua.read.plan import read_plan

    plan, report = read_plan(workbook)
    if not report.ok_except(plan.award_sheets):
        raise errors.PlanNotReady(path=workbook, errors=len(report.errors))
    return plan, len(report.errors)


#: Issue codes whose verdict depends on the plan: an archived return rejected or flagged
#: with one of them is read again and judged against the plan as it is now, by the first
#: collect after the canonical workbook changed (DESIGN §5).
PLAN_DEPENDENT = ("other-plan", "unknown-unit-code", "unit-not-identified",
                  "identified-by-header", "identified-fuzzy", "plan-changed", "unknown-task",
                  "task-not-assigned", "locked-cell-edited")
REJUDGED_STATUSES = ("rejected", "flagged")


def collect(workbook: str | Path, sources: Iterable[str | Path], dry_run: bool = False,
            progress: Progress | None = None, waiting: Waiting | None = None
            ) -> CollectResult:
    """Archive, read, validate and record a batch of returns."""
    with _without_gc():
        return _collect(workbook, sources, dry_run, progress, waiting)


def _collect(workbook: str | Path, sources: Iterable[str | Path], dry_run: bool,
             progress: Progress | None, waiting: Waiting | None) -> CollectResult:
    must_be_a_file(workbook)  # a wrong path is said before anything is gathered
    archive = Archive.beside(workbook)
    with contextlib.nullcontext() if dry_run else archive.exclusive(waiting), \
            ledger_advice(workbook, archive):
        return _collect_locked(workbook, archive, sources, dry_run, progress)


def _collect_locked(workbook: str | Path, archive: Archive, sources: Iterable[str | Path],
                    dry_run: bool, progress: Progress | None) -> CollectResult:
    gathered = gather(sources, skip=[archive.root])
    must_have_ledger(workbook, archive)
    fingerprint: str | None = plan_fingerprint(workbook)
    known, rejudge = _recorded(archive, fingerprint)
    batch = _Batch(gathered.files, known, rejudge)
    if batch.copies_lost:  # judged again once the originals are collected again
        fingerprint = None
    received_at = now()
    when = batch.received_at(received_at)
    # the received files are written (by a thread) while the plan is read and checked
    # and the returns are read here
    with BatchReader(batch.to_read) as reader:
        staging = None
        try:
            if not dry_run:
                archive.clean_stale()
                staging = _Staging(archive, batch, when)
            plan, criteria_errors = _load_plan(workbook)
            ledger = (Ledger.open(archive.ledger) if not dry_run else
                      Ledger.open_read_only(archive.ledger) if archive.ledger.exists()
                      else Ledger.in_memory())
            with ledger:
                result = _process(plan, ledger, batch, reader, when,
                                  None if dry_run else archive, staging, progress, dry_run,
                                  fingerprint=fingerprint)
            result.issues.extend(make_issue("rejudge-copy-lost", file=name, expected=file)
                                 for name, file in batch.copies_lost)
            if staging is not None:
                result.restored = staging.restored
            result.criteria_errors = criteria_errors
        finally:
            if staging is not None:
                staging.stop()  # no-op after a normal run: it has finished
            archive.discard()
    result.issues = [*gathered.issues, *result.issues]
    result.ignored = gathered.ignored
    return result


def plan_fingerprint(workbook: str | Path) -> str:
    """What the recorded verdicts were judged against: the canonical workbook's content."""
    try:
        return sha256(Path(workbook).read_bytes())
    except OSError as exc:
        raise errors.NotReadable(path=workbook, reason=exc.strerror or exc) from exc


def rebuild(workbook: str | Path, progress: Progress | None = None,
            waiting: Waiting | None = None) -> CollectResult:
    """Recreate the ledger from the archive: same content as the collects that filled it,
    frozen rounds included. Nothing is lost: when an archived file is missing or altered,
    the old ledger is kept (ArchiveIncomplete names the files)."""
    with _without_gc():
        return _rebuild(workbook, progress, waiting)


def _rebuild(workbook: str | Path, progress: Progress | None, waiting: Waiting | None
             ) -> CollectResult:
    must_be_a_file(workbook)  # a wrong path is said before anything is gathered
    archive = Archive.beside(workbook)
    with archive.exclusive(waiting):  # no collect or --chot meanwhile: the ledger is replaced
        archive.clean_stale()  # what killed runs left: drafts, half-made rebuilds
        old = _OldLedger(archive)
        verified = archive.verified(old.files)
        if verified.problems and old.usable:
            raise errors.ArchiveIncomplete(
                count=len(verified.problems), workbook=workbook,
                files="; ".join(labels.ARCHIVE_PROBLEMS[p.kind].format(name=p.name, file=p.file)
                                for p in verified.problems))
        return _rebuild_locked(workbook, archive, old, verified, progress)


def _rebuild_locked(workbook: str | Path, archive: Archive, old: _OldLedger,
                    verified: Verified, progress: Progress | None) -> CollectResult:
    items, times = [], {}
    for path, receipt, data in verified.items:
        ext = str(receipt.get("ext", path.suffix))
        item = Received(str(receipt.get("name", path.name)), data, ext,
                        str(receipt.get("origin", "")), is_archive=bool(receipt.get("archive")))
        items.append(item)
        times[id(item)] = str(receipt.get("received_at", ""))
    batch = _Batch(items, {})
    fingerprint = plan_fingerprint(workbook)
    rounds = _all_rounds(old.rounds, archive)
    with BatchReader(batch.to_read) as reader:
        plan, criteria_errors = _load_plan(workbook)
        fresh = pid_temp(archive.ledger, "rebuild")
        for suffix in ("", "-wal", "-shm"):
            fresh.with_name(fresh.name + suffix).unlink(missing_ok=True)
        with Ledger.open(fresh) as ledger:
            result = _process(plan, ledger, batch, reader, lambda item: times[id(item)], None,
                              None, progress, dry_run=False, batch_kind="rebuild",
                              fingerprint=fingerprint)
            ledger.restore_rounds(rounds)
            ledger.make_self_contained()
    journaled = {_round_key(r) for r in archive.rounds()}
    for frozen in rounds:  # rounds frozen before the archive kept them: kept there now
        if _round_key(frozen) not in journaled:
            archive.record_round(frozen)
    try:
        os.replace(fresh, archive.ledger)
        for suffix in ("-wal", "-shm"):
            archive.ledger.with_name(archive.ledger.name + suffix).unlink(missing_ok=True)
    except OSError as exc:
        raise errors.CannotWrite(path=archive.ledger, reason=exc.strerror or exc) from exc
    result.rounds = len(rounds)
    result.criteria_errors = criteria_errors
    for problem in verified.problems:  # only when there was no old ledger to keep
        result.issues.append(
            make_issue("archive-file-missing", file=problem.name, expected=problem.file)
            if problem.kind == "missing" else
            make_issue("archive-file-altered", file=problem.name, expected=problem.file))
    return result


class _OldLedger:
    """What rebuild keeps from the ledger it replaces: its frozen rounds and the files it
    records (each must still be in the archive). usable: there is one to keep."""

    def __init__(self, archive: Archive) -> None:
        self.usable = False
        self.rounds: list[dict] = []
        self.files: dict[str, tuple[str, str]] = {}
        if not archive.ledger.exists():
            return
        try:
            with Ledger.open_read_only(archive.ledger) as ledger:
                self.rounds = ledger.round_rows()
                self.files = {f["sha256"]: (f["name"], f["ext"]) for f in ledger.file_rows()}
                self.usable = True
        except errors.ThiduaError:
            pass  # a damaged ledger: rebuilding is the way out, its rounds are in tep/


def _round_key(frozen: dict) -> tuple[str, str, str]:
    return (str(frozen.get("as_of")), str(frozen.get("frozen_at")), str(frozen.get("report")))


def _all_rounds(from_ledger: list[dict], archive: Archive) -> list[dict]:
    """The rounds of the old ledger and of the archive's journal, each once, in the order
    frozen; ids kept where they are free, the others numbered after."""
    merged: dict[tuple[str, str, str], dict] = {}
    for frozen in [*from_ledger, *archive.rounds()]:
        merged.setdefault(_round_key(frozen), frozen)
    rounds = sorted(merged.values(), key=lambda r: (str(r.get("frozen_at")),
                                                     int(r.get("id") or 0)))
    taken: set[int] = set()
    out = []
    for frozen in rounds:
        wanted = int(frozen.get("id") or 0)
        if wanted <= 0 or wanted in taken:
            wanted = max([*taken, *(int(r.get("id") or 0) for r in rounds)], default=0) + 1
        taken.add(wanted)
        out.append({**frozen, "id": wanted})
    return out


@contextlib.contextmanager
def _without_gc() -> Iterator[None]:
    """A batch allocates millions of small objects that live until it ends; the cyclic
    garbage collector would walk them over and over for nothing (measured with
    benchmarks.consolidate: about 0.3 s of a 1.2-1.5 s collect of 600 returns,
    0.15-0.45 s of 4 s at 2,000)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _recorded(archive: Archive, fingerprint: str | None
              ) -> tuple[dict[str, str], list[tuple[Received, str]]]:
    """sha256 -> file name of every file the ledger holds (empty when there is none yet),
    and the archived returns to judge again (with the time each was received) when the
    plan changed since they were judged; one whose archived copy is lost comes with no
    data (the batch may hold its original). A concurrent run may add more before we
    write; _drop_recorded_meanwhile handles those."""
    if not archive.ledger.exists():
        return {}, []
    with Ledger.open_read_only(archive.ledger) as opened:
        known = opened.known_files()
        if not known or opened.judged_against() == fingerprint:
            return known, []
        again = []
        for row in opened.judged_by_plan(REJUDGED_STATUSES, PLAN_DEPENDENT):
            path = archive.file_path(row["sha256"], row["ext"])
            try:
                data = path.read_bytes()
            except OSError:
                data = b""
            if sha256(data) != row["sha256"]:
                data = None  # missing or altered
            again.append((Received(row["name"], data, row["ext"], row["origin"] or ""),
                          row["received_at"], row["sha256"]))
        return known, again


class _Batch:
    """The received items sorted out before any is read: each content once, duplicates of
    the ledger or of each other set aside, archives only stored; then the archived returns
    judged again (rejudge: each with the time it was received)."""

    def __init__(self, items: list[Received], known: dict[str, str],
                 rejudge: list[tuple[Received, str, str]] = ()) -> None:
        self.items = items
        self.duplicates: list[FileOutcome] = []
        self.to_read: list[tuple[Received, str]] = []
        self.digests: list[tuple[str, Received]] = []  # every item, for staging
        self.archives = 0
        self.rejudged: set[str] = set()
        self.copies_lost: list[tuple[str, str]] = []  # (name, archived name) not rejudged
        self._received: dict[int, str] = {}
        seen: dict[str, str] = {}
        for item in items:
            digest = sha256(item.data)
            self.digests.append((digest, item))
            if item.is_archive:
                self.archives += 1
            elif digest in known or digest in seen:
                self.duplicates.append(FileOutcome(item.name, digest, "duplicate", None, [
                    make_issue("duplicate-file", file=item.name,
                               expected=known.get(digest) or seen[digest])]))
            else:
                seen[digest] = item.name
                self.to_read.append((item, digest))
        originals = {digest: item for digest, item in self.digests}
        for item, received, digest in rejudge:
            if item.data is None:  # its archived copy is lost: the batch may hold it
                if digest not in originals:
                    self.copies_lost.append((item.name, f"{digest}{item.ext}"))
                    continue
                item = Received(item.name, originals[digest].data, item.ext, item.origin)
            if digest in seen:
                continue
            seen[digest] = item.name
            self.rejudged.add(digest)
            self._received[id(item)] = received
            self.to_read.append((item, digest))

    def received_at(self, now: str) -> Callable[[Received], str]:
        """When each item was received: now, or for a return judged again, when it was."""
        return lambda item: self._received.get(id(item), now)


def _process(plan: Plan, ledger: Ledger, batch: _Batch, reader: Iterable[ReturnFile],
             received_at: Callable[[Received], str], archive: Archive | None,
             staging: _Staging | None, progress: Progress | None, dry_run: bool,
             batch_kind: str = "collect", fingerprint: str | None = None) -> CollectResult:
    from thidua.core.assignments import assignments
    from thidua.validators.returns import batch_frame, validate_returns
    from thidua.write.forms import form_specs

    directory = plan.directory
    roles = assignments(plan)
    specs = form_specs(plan, roles=roles)
    hashes = {spec.unit_code: spec.task_hash for spec in specs}
    outcomes: list[FileOutcome] = list(batch.duplicates)
    reads: list[ReturnFile] = []
    when: dict[str, str] = {}
    to_read = batch.to_read
    for n, ret in enumerate(reader, start=1):
        identify(ret, plan, directory)
        reads.append(ret)
        when[ret.sha256] = received_at(to_read[n - 1][0])
        _check_receipt(ret, when[ret.sha256], hashes, plan.info.get("start"))
        if progress:
            progress(n, len(to_read))
    if staging is not None:
        staging.wait()
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
        ret.issues = capped(ret.issues, ret.name)
        new_outcomes[ret.sha256] = FileOutcome(ret.name, ret.sha256, status, ret.unit,
                                               ret.issues)
    if dry_run:  # decide as a real run would, write nothing
        _supersede(ledger, reads, new_outcomes, when, plan_start=plan.info.get("start"))
        pending = [Candidate(r.unit, r.sha256, r.data_date, r.submission, when[r.sha256])
                   for r in reads if r.unit and new_outcomes[r.sha256].status in COUNTED]
        missing = _missing_units(ledger, plan, roles, pending)
    else:
        if archive is not None:
            archive.commit()  # every received file is safe before the ledger refers to it
        with ledger.transaction():
            # another collect may have recorded some of these files since we looked
            reads, rows = _drop_recorded_meanwhile(ledger, reads, rows, new_outcomes,
                                                   batch.rejudged)
            again = [r.sha256 for r in reads if r.sha256 in batch.rejudged]
            units = ledger.unsupersede(again, REVIEW_CODES)  # decided anew just below
            ledger.forget(again)
            superseded = _supersede(ledger, reads, new_outcomes, when, units,
                                    plan.info.get("start"))
            _write(ledger, plan, reads, new_outcomes, rows, when, superseded, batch_kind)
            if fingerprint is not None:
                ledger.set_judged_against(fingerprint)
        missing = _missing_units(ledger, plan, roles)
    rejudged = [o for sha, o in new_outcomes.items() if sha in batch.rejudged]
    outcomes.extend(o for sha, o in new_outcomes.items() if sha not in batch.rejudged)
    order = {item.name: i for i, item in enumerate(batch.items)}
    outcomes.sort(key=lambda o: order.get(o.name, 0))
    issues = [i for o in outcomes for i in o.issues]
    return CollectResult(outcomes, issues, [], missing, batch.archives, rejudged,
                         missing_as_of=report_date(plan, None))


#: Issues kept per file: a return of junk rows must not fill the ledger and the terminal
#: with hundreds of thousands of lines; the rest are counted in one last issue.
MAX_ISSUES_PER_FILE = 200


def capped(issues: list[Issue], file: str) -> list[Issue]:
    """The first MAX_ISSUES_PER_FILE issues, and one that says how many more there were."""
    if len(issues) <= MAX_ISSUES_PER_FILE:
        return issues
    rest = len(issues) - MAX_ISSUES_PER_FILE
    return [*issues[:MAX_ISSUES_PER_FILE],
            make_issue("more-issues", file=file, value=format_number(rest),
                       limit=MAX_ISSUES_PER_FILE)]


class _Staging:
    """Writes every received file not archived before, in a second thread, while the
    returns and the plan are read."""

    def __init__(self, archive: Archive, batch: _Batch,
                 received_at: Callable[[Received], str]) -> None:
        import threading

        receipted = archive.receipted()
        self.todo = []  # (digest, item, receipt needed)
        self.restored = 0
        this_batch: set[str] = set()
        for digest, item in batch.digests:
            if digest in this_batch:
                continue  # the same content twice in one batch: staged once, with its receipt
            this_batch.add(digest)
            if digest not in receipted:
                receipted.add(digest)
                self.todo.append((digest, item, True))
            elif not archive.copy_is_sound(digest, item.ext):
                receipted.add(digest)  # its copy is missing or altered: written again
                self.todo.append((digest, item, False))
                self.restored += 1
        self.archive, self.received_at = archive, received_at
        self.error: BaseException | None = None
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._write, daemon=True)
        self.thread.start()

    def _write(self) -> None:
        try:
            for digest, item, new in self.todo:
                if self.stopping.is_set():
                    return
                self.archive.stage(digest, item.ext, item.data, {
                    "name": item.name, "origin": item.origin, "ext": item.ext,
                    "received_at": self.received_at(item), "archive": item.is_archive}
                    if new else None, repair=not new)
            if self.todo and not self.stopping.is_set():
                self.archive.flush()  # the disk works while the batch is checked
        except BaseException as exc:  # handed to the main thread by wait()
            self.error = exc

    def wait(self) -> None:
        """Until every file is staged; re-raises a write error."""
        self.thread.join()
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        """Stop early (the run failed); staged files are discarded by the caller."""
        self.stopping.set()
        self.thread.join()


def _check_receipt(ret: ReturnFile, received: str, hashes: dict[str, str],
                   plan_start: object = None) -> None:
    """Facts that need the time of receipt or the current plan, not just the file. A data
    date after the day of receipt or before the plan starts is flagged at its cell; such a
    return takes no part in choosing the unit's latest (core.latest)."""
    if ret.rejected or not ret.unit:
        return
    received_day = received[:10]
    cell = ret.data_date_cell or None
    if ret.data_date is None and not any(i.code in ("bad-date", "ambiguous-date")
                                          for i in ret.issues):
        ret.add("missing-data-date", sheet=ret.sheet, cell=cell,
                expected=format_day(received_day))
    elif ret.data_date is not None and ret.data_date.isoformat() > received_day:
        ret.add("future-data-date", sheet=ret.sheet, cell=cell, value=ret.data_date,
                expected=format_day(received_day))
    elif (ret.data_date is not None and hasattr(plan_start, "isoformat")
          and ret.data_date.isoformat() < plan_start.isoformat()):
        ret.add("data-date-before-plan", sheet=ret.sheet, cell=cell, value=ret.data_date,
                expected=format_day(plan_start))
    if ret.task_hash and hashes.get(ret.unit) != ret.task_hash:
        ret.add("plan-changed", sheet=ret.sheet)


def _drop_recorded_meanwhile(ledger: Ledger, reads: list[ReturnFile], rows: pd.DataFrame,
                             outcomes: dict[str, FileOutcome], rejudged: set[str]):
    """Inside the write transaction: files a concurrent run recorded first become
    duplicates here, so both runs complete and every file is in the ledger once (files
    judged again are recorded already: they replace their old record)."""
    taken = ledger.recorded_among([r.sha256 for r in reads if r.sha256 not in rejudged])
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


def _supersede(ledger: Ledger, reads: list[ReturnFile],
               outcomes: dict[str, FileOutcome], when: dict[str, str],
               units: Iterable[str] = (), plan_start: object = None) -> dict[str, str]:
    """Decide, per unit (of the counted reads, and units), the latest counted return
    (core.latest); returns {superseded sha: by sha}."""
    candidates = [Candidate(ret.unit, ret.sha256, ret.data_date, ret.submission,
                            when[ret.sha256])
                  for ret in reads if outcomes[ret.sha256].status in COUNTED and ret.unit]
    wanted = dict.fromkeys([*(c.unit for c in candidates), *units])
    if not wanted:
        return {}
    candidates += ledger.counted_candidates(wanted)
    start = plan_start if hasattr(plan_start, "isoformat") else None
    superseded = superseded_by(candidates, start)
    for sha in superseded:
        if sha in outcomes:
            outcomes[sha].status = "superseded"
    names = {ret.sha256: ret.name for ret in reads}
    by_sha = {ret.sha256: ret for ret in reads}
    for sha, others in ties(candidates, start).items():
        ret = by_sha.get(sha)
        if ret is None:
            continue
        if superseded.get(sha) in others:  # a tie is not decided: both stay flagged
            del superseded[sha]
        issue = make_issue("tied-returns", file=ret.name, sheet=ret.sheet,
                           value=", ".join(names.get(o, o[:12]) for o in others))
        ret.issues.append(issue)  # the outcome holds the same list
        outcomes[sha].status = "flagged"
    return superseded


def _write(ledger: Ledger, plan: Plan, reads: list[ReturnFile], outcomes: dict[str, FileOutcome],
           rows: pd.DataFrame, when: dict[str, str], superseded: dict[str, str],
           kind: str) -> None:
    keys: dict[tuple, str] = {}  # a batch names one or two plans: spell each once

    def key_text(key: tuple) -> str:
        if key not in keys:
            keys[key] = json.dumps(list(key), ensure_ascii=False)
        return keys[key]

    files = [FileRecord(
        ret.sha256, ret.ext, ret.name, ret.size, when[ret.sha256],
        key_text(tuple(ret.plan_key or plan.key)), ret.unit, ret.identified_by,
        ret.confidence, ret.data_date.isoformat() if ret.data_date else None, ret.submission,
        ret.reporter, ret.phone, outcomes[ret.sha256].status, superseded.get(ret.sha256),
        issues=ret.issues) for ret in reads]
    results = None if rows.empty else (lambda ids: _result_records(ids, reads, rows))
    ledger.record_batch(kind, files, superseded, results)


def _result_records(ids: list[int], reads: list[ReturnFile], rows: pd.DataFrame
                    ) -> Iterable[tuple]:
    """Rows of the results table for the ledger's insert (RESULT_FIELDS after the file id,
    blanks as ''), built column by column (no per-row
    pandas access). ids: each read's file id; files were numbered in the order of reads
    and rows are in that order too, so the primary-key index grows at its end."""
    import pandas as pd

    def column(key: str) -> list:
        return rows[key].tolist()

    def blank_empty(key: str) -> list:
        return ["" if v is None else v for v in rows[key].tolist()]

    files = rows["file"].astype(int).tolist()
    sheets = [r.sheet for r in reads]
    letters = [column_letter(r.table.columns["result"]) if r.table and
               r.table.columns.get("result") else "" for r in reads]
    values = ["" if v is pd.NA else float(v) for v in rows["value"].astype(object).tolist()]
    status = [k or s or "" for k, s in zip(column("status_key"), column("status"), strict=True)]
    done = ["" if d is None else d.isoformat() for d in column("done_on")]
    excel_rows = rows["row"].astype(int).tolist()
    cells = [f"{letters[f]}{r}" for f, r in zip(files, excel_rows, strict=True)]
    rejected = [""] * len(files)
    if "rejected" in rows.columns:  # a rejected row points at its bad cell
        rejected = ["" if isinstance(v, float) else (v or "") for v in column("rejected")]
        cells = [c if not code else bad for c, code, bad in zip(
            cells, rejected, column("rejected_cell"), strict=True)]
    return zip([ids[f] for f in files], column("unit"), column("code"), blank_empty("role_key"),
               values, blank_empty("value_text"), done, status, blank_empty("cause"),
               blank_empty("explanation"), blank_empty("proposal"), blank_empty("evidence"),
               blank_empty("note"), [sheets[f] for f in files], cells, excel_rows, rejected,
               strict=True)


def _missing_units(ledger: Ledger, plan: Plan, roles: pd.DataFrame,
                   pending: list[Candidate] | None = None) -> pd.DataFrame:
    """Lead units without a return that counts at the plan's report date (Ngày số liệu,
    else today), the date the next report is made for, with how to reach them. pending:
    returns of this batch not in the ledger yet (--dry-run)."""
    import pandas as pd

    from thidua.core.assignments import LEAD

    leads = sorted(set(roles.loc[roles["role"] == LEAD, "unit"]))
    candidates = [*ledger.counted_at_some_date(), *(pending or [])]
    reported = set(latest_returns(candidates, report_date(plan, None)))
    units = plan.units.set_index("code", drop=False)
    rows = [{"code": u, "name": units.at[u, "name"], "phone": units.at[u, "phone"] or "",
             "email": units.at[u, "email"] or ""} for u in leads if u not in reported]
    return pd.DataFrame(rows, columns=["code", "name", "phone", "email"])
