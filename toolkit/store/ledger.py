"""The SQLite receipt ledger beside the workbook (luu-tru/so-nhan.sqlite): the only code
that speaks SQL.

The ledger records every file received with its status, the accepted values with their
provenance, and the frozen rounds. It changes only inside one transaction per batch.
`Ledger` wraps one connection and says in plain methods what is asked of it."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from thidua.core import errors
from thidua.core.latest import COUNTED, COUNTED_AT_SOME_DATE, Candidate, data_day, latest_returns
from thidua.store.files import pid_temp

if TYPE_CHECKING:
    import pandas as pd

    from thidua.core.issues import Issue

#: 2: results refer to files by an integer id; 3: results keep rows rejected for a bad
#: value (`rejected`: the issue code; `cell`: the bad cell), so a report can say so.
SCHEMA_VERSION = 3
BUSY_TIMEOUT_S = 60
CACHE_KIB = 64 * 1024

#: Results refer to their file by an integer id, not its SHA-256 text: a batch writes
#: ~100,000 result rows, and a 64-character key in each row and its index doubled the
#: ledger's size and the time to write it.
FILES_TABLE = """CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, ext TEXT NOT NULL,
    name TEXT NOT NULL, origin TEXT, size INTEGER NOT NULL, received_at TEXT NOT NULL,
    batch_id INTEGER, plan_key TEXT, unit_code TEXT, identified_by TEXT, confidence REAL,
    data_date TEXT, submission INTEGER, reporter TEXT, phone TEXT,
    status TEXT NOT NULL, superseded_by TEXT)"""
FILES_INDEX = "CREATE INDEX IF NOT EXISTS files_unit ON files (unit_code, status)"
RESULTS_TABLE = """CREATE TABLE IF NOT EXISTS results (
    file_id INTEGER NOT NULL REFERENCES files (id), unit_code TEXT NOT NULL,
    task_code TEXT NOT NULL, role TEXT, value REAL, value_text TEXT, completed_on TEXT,
    status TEXT, cause TEXT, explanation TEXT, proposal TEXT, evidence TEXT, note TEXT,
    sheet TEXT, cell TEXT, row INTEGER, rejected TEXT, PRIMARY KEY (file_id, task_code))"""
#: The stored columns of files (besides id) and of results (besides file_id), in order.
FILE_FIELDS = ("sha256, ext, name, origin, size, received_at, batch_id, plan_key, unit_code, "
               "identified_by, confidence, data_date, submission, reporter, phone, status, "
               "superseded_by")
RESULT_FIELDS = ("unit_code, task_code, role, value, value_text, completed_on, status, cause, "
                 "explanation, proposal, evidence, note, sheet, cell, row, rejected")
#: The results columns of a version 1 or 2 ledger (no `rejected`).
RESULT_FIELDS_V2 = RESULT_FIELDS.rpartition(",")[0]

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, started_at TEXT NOT NULL,
    finished_at TEXT, files INTEGER NOT NULL DEFAULT 0);
{files}CREATE TABLE IF NOT EXISTS file_issues (
    sha256 TEXT NOT NULL, seq INTEGER NOT NULL, severity TEXT NOT NULL, sheet TEXT,
    cell TEXT, col TEXT, value TEXT, code TEXT NOT NULL, message TEXT NOT NULL,
    PRIMARY KEY (sha256, seq));
{results}CREATE TABLE IF NOT EXISTS rounds (
    id INTEGER PRIMARY KEY, as_of TEXT NOT NULL, frozen_at TEXT NOT NULL,
    plan_pct REAL, top_achieved INTEGER, top_total INTEGER, report TEXT);
CREATE TABLE IF NOT EXISTS round_tasks (
    round_id INTEGER NOT NULL, task_code TEXT NOT NULL, pct REAL, status TEXT,
    PRIMARY KEY (round_id, task_code));
""".format(files=FILES_TABLE + ";\n" + FILES_INDEX + ";\n", results=RESULTS_TABLE + ";\n")


#: Blank values travel as '' and become NULL in SQL: Python's sqlite3 binds None through
#: its adapter lookup, which cost more than the rest of the insert (a batch binds ~500,000
#: of them). No stored text is ever '' (readers turn blank cells into None). The values
#: come in RESULT_FIELDS order, after the file id.
INSERT_RESULT = ("INSERT INTO results VALUES (?, ?, ?, NULLIF(?, ''), NULLIF(?, ''), "
                 "NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, ''), "
                 "NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, ''), ?, ?, ?, NULLIF(?, ''))")
#: The columns of the frame counted_results returns (not the table's: see RESULT_FIELDS).
RESULT_COLUMNS = ["unit", "task", "role", "value", "value_text", "status", "completed_on",
                  "cause", "explanation", "proposal", "evidence", "note", "data_date", "file",
                  "sheet", "cell", "received_at", "sha256", "rejected"]
#: sqlite's limit on the parameters of one statement is 999 in old builds.
_CHUNK = 500


def now() -> str:
    """The time now, as the ledger stores it (ISO 8601 with the UTC offset, seconds)."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass
class FileRecord:
    """One received file as the ledger records it, with the issues found in it (in order)."""

    sha256: str
    ext: str
    name: str
    size: int
    received_at: str
    plan_key: str
    unit_code: str | None
    identified_by: str | None
    confidence: float | None
    data_date: str | None
    submission: int | None
    reporter: str | None
    phone: str | None
    status: str
    superseded_by: str | None = None
    origin: str | None = None
    issues: Sequence[Issue] = field(default_factory=list)


class Ledger:
    """The receipt ledger, in the manner of sqlite-utils' Database: open it with one of the
    constructors, ask it in plain methods, close it (or use it as a context manager).

    Ledger.open(path): open, or create, for writing; Ledger.open_read_only(path): read only
    (a ledger made by an earlier version is upgraded in memory, the file left as it is);
    Ledger.in_memory(): an empty one (for --dry-run before any ledger exists)."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self._conn = conn
        self.path = path

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Ledger:
        """Open (and create) the ledger to write; waits for another run's transaction."""
        return cls(_connect(path, create=True), path)

    @classmethod
    def open_read_only(cls, path: Path) -> Ledger:
        """Open an existing ledger only to read it; never changes the file."""
        return cls(_connect(path, create=False), path)

    @classmethod
    def in_memory(cls) -> Ledger:
        """An empty ledger in memory."""
        conn = sqlite3.connect(":memory:", isolation_level=None)
        conn.executescript(SCHEMA)
        return cls(conn)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        self.close()
        if isinstance(exc, sqlite3.DatabaseError) and self.path is not None:
            problem = damage(exc)
            if problem:  # a damaged ledger is said as such, not as an unexpected error
                raise errors.LedgerUnusable(path=self.path, reason=problem) from exc

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Ledger]:
        """One write transaction, taken before reading what it decides on (no lost
        updates)."""
        with _transaction(self._conn):
            yield self

    def make_self_contained(self) -> None:
        """Fold the write-ahead log into the file and leave WAL mode, so the file alone is
        the whole ledger (a rebuilt ledger is renamed into place)."""
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._conn.execute("PRAGMA journal_mode = DELETE")

    # -- files received ------------------------------------------------------------------

    def known_files(self) -> dict[str, str]:
        """sha256 -> file name of every recorded file ({} when the ledger cannot tell: an
        older or damaged one; the write transaction will say so)."""
        try:
            return dict(self._conn.execute("SELECT sha256, name FROM files").fetchall())
        except sqlite3.Error:
            return {}

    def recorded_among(self, shas: Sequence[str]) -> dict[str, str]:
        """sha256 -> file name of those of shas already recorded (by a concurrent run, when
        asked inside the write transaction)."""
        found: dict[str, str] = {}
        for start in range(0, len(shas), _CHUNK):
            chunk = list(shas[start:start + _CHUNK])
            found.update(self._conn.execute(
                f"SELECT sha256, name FROM files WHERE sha256 IN ({', '.join('?' * len(chunk))})",
                chunk).fetchall())
        return found

    def counted_candidates(self, units: Iterable[str]) -> list[Candidate]:
        """The returns of these units that count now, as candidates for their latest."""
        units = list(units)
        if not units:
            return []
        rows = self._conn.execute(
            "SELECT unit_code, sha256, data_date, submission, received_at FROM files "
            f"WHERE status IN ({_marks(COUNTED)}) AND unit_code IN ({_marks(units)})",
            [*COUNTED, *units]).fetchall()
        return [Candidate(*row) for row in rows]

    def counted_at_some_date(self) -> list[Candidate]:
        """Every return that counts at some report date, as a candidate for its unit's
        latest (the input of core.latest for a given date)."""
        rows = self._conn.execute(
            "SELECT unit_code, sha256, data_date, submission, received_at FROM files "
            f"WHERE unit_code IS NOT NULL AND status IN ({_marks(COUNTED_AT_SOME_DATE)})",
            COUNTED_AT_SOME_DATE).fetchall()
        return [Candidate(*row) for row in rows]

    def record_batch(self, kind: str, files: Sequence[FileRecord],
                     superseded: Mapping[str, str],
                     results: Callable[[list[int]], Iterable[tuple]] | None = None) -> int:
        """Record a batch: its row, its files with their issues, the earlier files it
        supersedes ({sha256: by sha256}) and its results. results, given each file's id
        (in the order of files), yields the rows of the results table in RESULT_FIELDS
        order after the file id, blanks as ''. Call inside transaction()."""
        conn = self._conn
        batch = conn.execute("INSERT INTO batches (kind, started_at, files) VALUES (?, ?, ?)",
                             (kind, now(), len(files))).lastrowid
        conn.executemany(
            f"INSERT INTO files ({FILE_FIELDS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(f.sha256, f.ext, f.name, f.origin, f.size, f.received_at, batch, f.plan_key,
              f.unit_code, f.identified_by, f.confidence, f.data_date, f.submission,
              f.reporter, f.phone, f.status, f.superseded_by) for f in files])
        conn.executemany(
            "INSERT INTO file_issues VALUES (?,?,?,?,?,?,?,?,?)",
            [(f.sha256, k, i.severity, i.sheet, i.cell, i.column, i.value, i.code, i.message)
             for f in files for k, i in enumerate(f.issues)])
        conn.executemany("UPDATE files SET status = 'superseded', superseded_by = ? "
                         "WHERE sha256 = ?", [(by, sha) for sha, by in superseded.items()])
        if results is not None:
            ids = dict(conn.execute("SELECT sha256, id FROM files WHERE batch_id = ?",
                                    (batch,)))
            conn.executemany(INSERT_RESULT, results([ids[f.sha256] for f in files]))
        conn.execute("UPDATE batches SET finished_at = ? WHERE id = ?", (now(), batch))
        return int(batch)

    # -- what a report reads -------------------------------------------------------------

    def receipts(self) -> pd.DataFrame:
        """Every file received, oldest first: name, unit_code, status, data_date,
        submission, received_at, identified_by and the number of its issues."""
        import pandas as pd

        return pd.read_sql_query(
            "SELECT f.name, f.unit_code, f.status, f.data_date, f.submission, f.received_at, "
            "f.identified_by, (SELECT count(*) FROM file_issues i WHERE i.sha256 = f.sha256) "
            "AS issues FROM files f ORDER BY f.received_at, f.name", self._conn)

    def counted_results(self, as_of: dt.date) -> pd.DataFrame:
        """The values that count at report date R: for each unit, its latest readable
        return whose data date (else the day it was received) is on or before R, whole
        (DESIGN §4). Columns: RESULT_COLUMNS.

        Which return is latest is decided by core.latest, not by the ledger's current
        statuses, so a report for an earlier date is reproduced exactly."""
        import pandas as pd

        latest = latest_returns(self.counted_at_some_date(), as_of)
        names = self.recorded_among([c.sha256 for c in latest.values()])
        chosen = {c.sha256: (names[c.sha256], data_day(c.data_date, c.received_at),
                             c.received_at) for c in latest.values()}
        rows = []
        if chosen:
            for r in self._conn.execute(
                    "SELECT unit_code, task_code, role, value, value_text, status, "
                    "completed_on, cause, explanation, proposal, evidence, note, sheet, cell, "
                    "sha256, rejected "
                    "FROM results JOIN (SELECT id, sha256 FROM files) ON id = file_id "
                    f"WHERE sha256 IN ({_marks(chosen)}) ORDER BY unit_code, task_code",
                    list(chosen)):
                name, day, received = chosen[r[14]]
                rows.append((*r[:12], dt.date.fromisoformat(day), name, r[12], r[13],
                             received, r[14], r[15]))
        frame = pd.DataFrame(rows, columns=RESULT_COLUMNS, dtype=object)
        frame["value"] = pd.array([None if v is None else float(v) for v in frame["value"]],
                                  dtype="Float64")
        frame["completed_on"] = pd.Series(
            [dt.date.fromisoformat(d) if d else None for d in frame["completed_on"]],
            index=frame.index, dtype=object)
        return frame

    # -- frozen rounds -------------------------------------------------------------------

    def freeze_round(self, as_of: dt.date, plan_row: Mapping[str, object],
                     tasks: Sequence[tuple[str, float | None, str | None]], report: str,
                     journal: Callable[[dict[str, Any]], None] | None = None) -> int:
        """Record a report as a frozen round (chốt số liệu), in one transaction. journal,
        given the round as round_rows() spells it, is called before the commit (the
        archive keeps a copy of every round, so a lost ledger does not lose them)."""
        with self.transaction():
            frozen_at = now()
            round_id = self._conn.execute(
                "INSERT INTO rounds (as_of, frozen_at, plan_pct, top_achieved, top_total, "
                "report) VALUES (?, ?, ?, ?, ?, ?)",
                (as_of.isoformat(), frozen_at, plan_row.get("pct"),
                 plan_row.get("top_achieved"), plan_row.get("top_total"), report)).lastrowid
            self._conn.executemany("INSERT INTO round_tasks VALUES (?, ?, ?, ?)",
                                   [(round_id, code, pct, status)
                                    for code, pct, status in tasks])
            if journal is not None:
                journal({"id": round_id, "as_of": as_of.isoformat(), "frozen_at": frozen_at,
                         "plan_pct": plan_row.get("pct"),
                         "top_achieved": plan_row.get("top_achieved"),
                         "top_total": plan_row.get("top_total"), "report": report,
                         "tasks": [list(t) for t in tasks]})
        return int(round_id)

    def round_rows(self) -> list[dict[str, Any]]:
        """Every frozen round with its tasks ([code, pct, status]), in the order frozen
        ([] when the ledger cannot tell: its rounds are kept in the archive too)."""
        try:
            return self._round_rows()
        except sqlite3.Error:
            return []

    def _round_rows(self) -> list[dict[str, Any]]:
        if not {"rounds", "round_tasks"} <= self.table_names():
            return []
        rounds = self._dicts("SELECT id, as_of, frozen_at, plan_pct, top_achieved, top_total, "
                             "report FROM rounds ORDER BY id")
        tasks: dict[int, list[list[Any]]] = {}
        for round_id, code, pct, status in self._conn.execute(
                "SELECT round_id, task_code, pct, status FROM round_tasks "
                "ORDER BY round_id, rowid"):
            tasks.setdefault(round_id, []).append([code, pct, status])
        for row in rounds:
            row["tasks"] = tasks.get(row["id"], [])
        return rounds

    def restore_rounds(self, rounds: Sequence[Mapping[str, Any]]) -> None:
        """Record rounds (round_rows() spelling, ids kept) in one transaction."""
        with self.transaction():
            self._conn.executemany(
                "INSERT INTO rounds (id, as_of, frozen_at, plan_pct, top_achieved, top_total, "
                "report) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(r["id"], r["as_of"], r["frozen_at"], r.get("plan_pct"),
                  r.get("top_achieved"), r.get("top_total"), r.get("report")) for r in rounds])
            self._conn.executemany(
                "INSERT INTO round_tasks VALUES (?, ?, ?, ?)",
                [(r["id"], *task) for r in rounds for task in r.get("tasks", [])])

    # -- the plan the recorded returns were judged against -------------------------------

    def judged_against(self) -> str | None:
        """The fingerprint of the plan the recorded returns were last judged against."""
        found = self._conn.execute(
            "SELECT value FROM meta WHERE key = 'judged_against'").fetchone()
        return found[0] if found else None

    def set_judged_against(self, fingerprint: str) -> None:
        """Call inside transaction()."""
        self._conn.execute("INSERT OR REPLACE INTO meta VALUES ('judged_against', ?)",
                           (fingerprint,))

    def judged_by_plan(self, statuses: Sequence[str], codes: Sequence[str]
                       ) -> list[dict[str, Any]]:
        """Files with one of statuses and an issue of one of codes (their verdict may
        change with the plan): sha256, ext, name, origin, received_at."""
        return self._dicts(
            "SELECT sha256, ext, name, origin, received_at FROM files "
            f"WHERE status IN ({_marks(statuses)}) AND sha256 IN (SELECT sha256 FROM "
            f"file_issues WHERE code IN ({_marks(codes)})) ORDER BY id", [*statuses, *codes])

    def unsupersede(self, by: Sequence[str], review_codes: Iterable[str]) -> set[str]:
        """Files superseded by one of by count again, with the status they had before
        (flagged when they carry an error or an issue of review_codes, else accepted), so
        the latest return of their unit is decided anew; their units are returned. Call
        inside transaction()."""
        review = list(review_codes)
        units: set[str] = set()
        for start in range(0, len(by), _CHUNK):
            chunk = list(by[start:start + _CHUNK])
            units.update(u for (u,) in self._conn.execute(
                "SELECT DISTINCT unit_code FROM files WHERE status = 'superseded' AND "
                f"superseded_by IN ({_marks(chunk)}) AND unit_code IS NOT NULL", chunk))
            self._conn.execute(
                "UPDATE files SET superseded_by = NULL, status = CASE WHEN EXISTS (SELECT 1 "
                "FROM file_issues i WHERE i.sha256 = files.sha256 AND (i.severity = 'error' "
                f"OR i.code IN ({_marks(review)}))) THEN 'flagged' ELSE 'accepted' END "
                f"WHERE status = 'superseded' AND superseded_by IN ({_marks(chunk)})",
                [*review, *chunk])
        return units

    def forget(self, shas: Sequence[str]) -> None:
        """Remove files (with their issues and results) to record them again, judged
        anew. Call inside transaction()."""
        for start in range(0, len(shas), _CHUNK):
            chunk = list(shas[start:start + _CHUNK])
            marks = _marks(chunk)
            self._conn.execute("DELETE FROM results WHERE file_id IN "
                               f"(SELECT id FROM files WHERE sha256 IN ({marks}))", chunk)
            self._conn.execute(f"DELETE FROM file_issues WHERE sha256 IN ({marks})", chunk)
            self._conn.execute(f"DELETE FROM files WHERE sha256 IN ({marks})", chunk)

    def previous_round(self, as_of: dt.date) -> dict[str, float | None]:
        """Task % of the last round frozen for a date before R ({} when there is none)."""
        if "rounds" not in self.table_names():
            return {}
        found = self._conn.execute(
            "SELECT id FROM rounds WHERE as_of < ? ORDER BY as_of DESC, id DESC LIMIT 1",
            (as_of.isoformat(),)).fetchone()
        if not found:
            return {}
        return dict(self._conn.execute(
            "SELECT task_code, pct FROM round_tasks WHERE round_id = ?", found))

    def round_trend(self, as_of: dt.date) -> list[tuple[str, float | None]]:
        """(date of data, plan %) of the last round frozen for each date up to R, oldest
        first."""
        if "rounds" not in self.table_names():
            return []
        rows = self._conn.execute(
            "SELECT as_of, plan_pct FROM rounds r WHERE as_of <= ? AND id = "
            "(SELECT max(id) FROM rounds WHERE as_of = r.as_of) ORDER BY as_of",
            (as_of.isoformat(),)).fetchall()
        return [(a, p) for a, p in rows]

    # -- plain reads (a ledger made by an older version may lack a table) ----------------

    def table_names(self) -> set[str]:
        return {n for (n,) in self._conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}

    def file_rows(self) -> list[dict[str, Any]]:
        """Every recorded file (FILE_FIELDS and id), in the order recorded."""
        return self._dicts(f"SELECT id, {FILE_FIELDS} FROM files ORDER BY id")

    def issue_rows(self) -> list[dict[str, Any]]:
        """Every issue recorded for a file, by file and order found."""
        return self._dicts("SELECT * FROM file_issues ORDER BY sha256, seq")

    def result_rows(self) -> list[dict[str, Any]]:
        """Every recorded result (RESULT_FIELDS) with its file's sha256, by file and task."""
        return self._dicts(f"SELECT sha256, {RESULT_FIELDS} FROM results JOIN "
                           "(SELECT id, sha256 FROM files) ON id = file_id "
                           "ORDER BY sha256, task_code")

    def _dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self._conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]


def _marks(values: Sized) -> str:
    return ", ".join("?" * len(values))


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


#: Tables without which a ledger has lost what it records (rounds came later: an early
#: ledger may lack them).
REQUIRED_TABLES = ("files", "file_issues", "results")


def damage(exc: sqlite3.Error) -> str | None:
    """What a sqlite error says about the ledger file (a labels.LEDGER_PROBLEMS reason),
    or None when it is not damage (busy, read-only, disk full ...)."""
    from thidua.core import labels

    text = str(exc).lower()
    if "not a database" in text or "file is encrypted" in text:
        return labels.LEDGER_PROBLEMS["not-a-database"]
    if "malformed" in text:
        return labels.LEDGER_PROBLEMS["malformed"]
    if text.startswith("no such table:"):
        return labels.LEDGER_PROBLEMS["missing-table"].format(table=text.split(":")[1].strip())
    return None


def _connect(path: Path, create: bool) -> sqlite3.Connection:
    """Open (and create) the ledger; waits for another run's transaction to finish. A file
    that is not a whole ledger raises LedgerUnusable (never silently made anew)."""
    from thidua.core import labels

    try:
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                _create(path)
        if path.exists() and path.stat().st_size == 0:  # sqlite would take it as empty
            raise errors.LedgerUnusable(path=path, reason=labels.LEDGER_PROBLEMS["empty"])
        uri = path.resolve().as_uri()
        conn = sqlite3.connect(uri + ("" if create else "?mode=ro"), uri=True,
                               timeout=BUSY_TIMEOUT_S, isolation_level=None)
        if not create:
            conn = _readable(conn, path, uri)
        _check_tables(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        if create:
            # a batch writes ~100,000 rows in one transaction: keep its pages in memory
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(SCHEMA)
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                         (str(SCHEMA_VERSION),))
            _upgrade(conn)
        elif _outdated(conn):
            conn = _upgraded_copy(conn)
        return conn
    except sqlite3.Error as exc:
        problem = damage(exc)
        if problem:
            raise errors.LedgerUnusable(path=path, reason=problem) from exc
        raise errors.CannotWrite(path=path, reason=str(exc)) from exc
    except OSError as exc:
        raise errors.CannotWrite(path=path, reason=exc.strerror or exc) from exc


def _readable(conn: sqlite3.Connection, path: Path, uri: str) -> sqlite3.Connection:
    """A read-only connection that can read: a ledger in a folder we may not write (a
    read-only share, a backup) cannot get the shared-memory file WAL mode needs; it is
    opened immutable then (no run can be writing it there)."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        if os.access(path.parent, os.W_OK):
            raise
    conn.close()
    return sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True, timeout=BUSY_TIMEOUT_S,
                           isolation_level=None)


def _check_tables(conn: sqlite3.Connection, path: Path) -> None:
    """A ledger that has some of its tables but lost others is damaged: creating the
    missing ones empty would drop what they held without a word."""
    from thidua.core import labels

    names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not names:
        return  # a ledger being created (its schema follows)
    for table in REQUIRED_TABLES:
        if table not in names:
            raise errors.LedgerUnusable(path=path, reason=labels.LEDGER_PROBLEMS[
                "missing-table"].format(table=table))


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _outdated(conn: sqlite3.Connection) -> bool:
    """Whether the ledger was made by an earlier version (files without an id, results
    without `rejected`)."""
    found = _columns(conn, "files")
    return bool(found) and ("id" not in found or "rejected" not in _columns(conn, "results"))


def _upgrade(conn: sqlite3.Connection) -> None:
    """Bring a ledger made by an earlier version to this schema, all or nothing. Every row
    is carried over; a result whose file is missing stops the upgrade (NOT NULL) instead
    of being dropped."""
    if not _outdated(conn):
        return
    with _transaction(conn):
        if not _outdated(conn):
            return  # another run upgraded it while we waited for the lock
        if "id" in _columns(conn, "files"):  # version 2: one column more
            conn.execute("ALTER TABLE results ADD COLUMN rejected TEXT")
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                         (str(SCHEMA_VERSION),))
            return
        conn.execute("ALTER TABLE files RENAME TO files_v1")
        conn.execute("ALTER TABLE results RENAME TO results_v1")
        conn.execute("DROP INDEX IF EXISTS files_unit")  # the old table's; made again below
        for ddl in (FILES_TABLE, FILES_INDEX, RESULTS_TABLE):
            conn.execute(ddl)
        conn.execute(f"INSERT INTO files ({FILE_FIELDS}) SELECT {FILE_FIELDS} FROM files_v1 "
                     "ORDER BY rowid")
        if "sha256" in _columns(conn, "results_v1"):
            values = ", ".join(f"r.{name.strip()}" for name in RESULT_FIELDS_V2.split(","))
            conn.execute(f"INSERT INTO results (file_id, {RESULT_FIELDS_V2}) SELECT f.id, {values} "
                         "FROM results_v1 r LEFT JOIN files f ON f.sha256 = r.sha256 "
                         "ORDER BY f.id, r.task_code")
        conn.execute("DROP TABLE results_v1")
        conn.execute("DROP TABLE files_v1")
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                     (str(SCHEMA_VERSION),))


def _upgraded_copy(conn: sqlite3.Connection) -> sqlite3.Connection:
    """An earlier version's ledger opened only to read: upgraded in memory, the file left
    as it is."""
    memory = sqlite3.connect(":memory:", isolation_level=None)
    conn.backup(memory)
    conn.close()
    memory.execute("PRAGMA foreign_keys = ON")
    _upgrade(memory)
    return memory


def _create(path: Path) -> None:
    """A new ledger appears whole: its schema is written under a temporary name, which is
    then linked to the final one (a run killed meanwhile leaves no half-made ledger, and
    a ledger another run created first is kept)."""
    tmp = pid_temp(path)
    tmp.unlink(missing_ok=True)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.executescript(SCHEMA)
            conn.execute("INSERT INTO meta VALUES ('schema_version', ?)",
                         (str(SCHEMA_VERSION),))
        finally:
            conn.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        except OSError:  # no hard links here (FAT, some shares): a rename does the same
            if not path.exists():
                os.replace(tmp, path)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            leftover.unlink(missing_ok=True)


