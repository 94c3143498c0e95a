"""Ledgers written by earlier versions keep working: version 1 (results keyed by the file's
SHA-256 text) and version 2 (results without `rejected`). A run that writes upgrades it in
one transaction, a run that only reads leaves the file as it is."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from click.testing import CliRunner

from thidua.cli import cli
from thidua.core import errors
from thidua.store.ledger import FILE_FIELDS, RESULT_FIELDS_V2, SCHEMA_VERSION, Ledger

from returns_kit import ledger_dump

#: The first version's tables, as it created them.
V1_FILES = """CREATE TABLE files (
    sha256 TEXT PRIMARY KEY, ext TEXT NOT NULL, name TEXT NOT NULL, origin TEXT,
    size INTEGER NOT NULL, received_at TEXT NOT NULL, batch_id INTEGER,
    plan_key TEXT, unit_code TEXT, identified_by TEXT, confidence REAL,
    data_date TEXT, submission INTEGER, reporter TEXT, phone TEXT,
    status TEXT NOT NULL, superseded_by TEXT)"""
V1_RESULTS = """CREATE TABLE results (
    sha256 TEXT NOT NULL, unit_code TEXT NOT NULL, task_code TEXT NOT NULL, role TEXT,
    value REAL, value_text TEXT, completed_on TEXT, status TEXT, cause TEXT,
    explanation TEXT, proposal TEXT, evidence TEXT, note TEXT, sheet TEXT, cell TEXT,
    row INTEGER, PRIMARY KEY (sha256, task_code))"""


def downgrade(path):
    """Rewrite a current ledger as the first version stored it."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("ALTER TABLE results RENAME TO results_new")
    conn.execute("ALTER TABLE files RENAME TO files_new")
    conn.execute("DROP INDEX files_unit")
    conn.execute(V1_FILES)
    conn.execute("CREATE INDEX files_unit ON files (unit_code, status)")
    conn.execute(V1_RESULTS)
    conn.execute(f"INSERT INTO files SELECT {FILE_FIELDS} FROM files_new ORDER BY id")
    conn.execute(f"INSERT INTO results SELECT f.sha256, {RESULT_FIELDS_V2} FROM results_new "
                 "JOIN (SELECT id, sha256 FROM files_new) f ON f.id = file_id")
    conn.execute("DROP TABLE results_new")
    conn.execute("DROP TABLE files_new")
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    conn.execute("COMMIT")
    conn.close()


@pytest.fixture
def old_ledger(collected_folder):
    folder = collected_folder
    conn = sqlite3.connect(folder.ledger, isolation_level=None)
    conn.execute("DELETE FROM results WHERE rejected IS NOT NULL")  # version 1 kept none
    conn.close()
    expected = ledger_dump(folder.ledger)
    with Ledger.open_read_only(folder.ledger) as ledger:
        counted = ledger.counted_results(dt.date(2024, 12, 31))
    downgrade(folder.ledger)
    assert not folder.ledger.with_name(folder.ledger.name + "-wal").exists()
    assert "id" not in {r[1] for r in sqlite3.connect(folder.ledger).execute(
        "PRAGMA table_info(files)")}
    return folder, expected, counted


def test_a_writing_run_upgrades_an_old_ledger_keeping_every_row(old_ledger):
    folder, expected, _ = old_ledger
    Ledger.open(folder.ledger).close()
    conn = sqlite3.connect(folder.ledger)
    version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    orphans = conn.execute("SELECT count(*) FROM results WHERE file_id NOT IN "
                           "(SELECT id FROM files)").fetchone()
    tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert version == (str(SCHEMA_VERSION),)
    assert orphans == (0,)
    assert not {"files_v1", "results_v1"} & tables
    assert ledger_dump(folder.ledger) == expected


def test_collect_and_report_go_on_after_the_upgrade(old_ledger):
    folder, expected, _ = old_ledger
    result = CliRunner().invoke(cli, ["collect", str(folder.workbook), "--json"])
    assert result.exit_code == 0  # nothing new: every file is already recorded
    assert {f["status"] for f in json.loads(result.output)["files"]} == {"duplicate"}
    assert ledger_dump(folder.ledger) == expected
    report = CliRunner().invoke(cli, ["report", str(folder.workbook), "--as-of", "31/12/2024"])
    assert report.exit_code == 0, report.output


def test_a_reading_run_leaves_an_old_ledger_untouched(old_ledger):
    folder, _, counted = old_ledger
    before = folder.ledger.read_bytes()
    with Ledger.open_read_only(folder.ledger) as ledger:
        got = ledger.counted_results(dt.date(2024, 12, 31))
    assert got.equals(counted)
    dry = CliRunner().invoke(cli, ["collect", str(folder.workbook), "--dry-run", "--json"])
    assert {f["status"] for f in json.loads(dry.output)["files"]} == {"duplicate"}
    assert folder.ledger.read_bytes() == before


def test_an_upgrade_that_would_lose_a_result_changes_nothing(old_ledger):
    folder, _, _ = old_ledger
    conn = sqlite3.connect(folder.ledger, isolation_level=None)
    conn.execute("DELETE FROM files WHERE sha256 = (SELECT sha256 FROM results LIMIT 1)")
    conn.close()
    before = folder.ledger.read_bytes()
    with pytest.raises(errors.CannotWrite):
        Ledger.open(folder.ledger)
    assert folder.ledger.read_bytes() == before


def test_a_version_2_ledger_gains_the_rejected_column_keeping_every_row(collected_folder):
    """Version 2 had no `rejected` column: a reading run sees the same counted results
    and leaves the file as it is; a writing run adds the column, rows unchanged."""
    folder = collected_folder
    conn = sqlite3.connect(folder.ledger, isolation_level=None)
    conn.execute("DELETE FROM results WHERE rejected IS NOT NULL")  # version 2 kept none
    conn.close()
    expected = ledger_dump(folder.ledger)
    with Ledger.open_read_only(folder.ledger) as ledger:
        counted = ledger.counted_results(dt.date(2024, 12, 31))
    conn = sqlite3.connect(folder.ledger, isolation_level=None)
    conn.execute("ALTER TABLE results DROP COLUMN rejected")
    conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    conn.close()
    before = folder.ledger.read_bytes()
    with Ledger.open_read_only(folder.ledger) as ledger:
        assert ledger.counted_results(dt.date(2024, 12, 31)).equals(counted)
    assert folder.ledger.read_bytes() == before
    Ledger.open(folder.ledger).close()
    conn = sqlite3.connect(folder.ledger)
    version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    columns = {r[1] for r in conn.execute("PRAGMA table_info(results)")}
    conn.close()
    assert version == (str(SCHEMA_VERSION),) and "rejected" in columns
    assert ledger_dump(folder.ledger) == expected
