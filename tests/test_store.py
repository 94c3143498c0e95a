"""The store owns SQL, and which return is a unit's latest is decided by one function."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from thidua.core.latest import (
    COUNTED,
    COUNTED_AT_SOME_DATE,
    Candidate,
    latest_returns,
    order_key,
    superseded_by,
)

ROOT = Path(__file__).resolve().parents[1]


def latest(*candidates, as_of=None):
    return {unit: c.sha256 for unit, c in latest_returns(candidates, as_of).items()}


def test_a_later_data_date_wins_whatever_the_submission_or_receipt():
    early = Candidate("TCKH", "a", "2024-05-10", 3, "2024-05-20T09:00:00+07:00")
    later = Candidate("TCKH", "b", "2024-05-17", 1, "2024-05-18T09:00:00+07:00")
    assert latest(early, later) == {"TCKH": "b"}
    assert latest(later, early) == {"TCKH": "b"}


def test_same_data_date_the_higher_submission_wins():
    first = Candidate("TCKH", "b", "2024-05-10", 1, "2024-05-12T09:00:00+07:00")
    second = Candidate("TCKH", "a", "2024-05-10", 2, "2024-05-11T09:00:00+07:00")
    assert latest(first, second) == {"TCKH": "a"}
    # a missing Lần gửi is the first submission
    unnumbered = Candidate("TCKH", "c", "2024-05-10", None, "2024-05-13T09:00:00+07:00")
    assert latest(unnumbered, second) == {"TCKH": "a"}


def test_same_date_and_submission_the_later_receipt_wins():
    morning = Candidate("TCKH", "b", "2024-05-10", 1, "2024-05-11T08:00:00+07:00")
    evening = Candidate("TCKH", "a", "2024-05-10", 1, "2024-05-11T17:00:00+07:00")
    assert latest(morning, evening) == {"TCKH": "a"}
    assert superseded_by([morning, evening]) == {"b": "a"}


def test_a_tie_on_all_three_is_never_decided_by_content():
    """DESIGN §5: never by hash; both tied returns are reported, naming each other."""
    from thidua.core.latest import ties

    one = Candidate("TCKH", "f" * 64, "2024-05-10", 1, "2024-05-11T08:00:00+07:00")
    two = Candidate("TCKH", "0" * 64, "2024-05-10", 1, "2024-05-11T08:00:00+07:00")
    assert latest(one, two) == {"TCKH": "f" * 64}  # the first received keeps its place
    assert latest(two, one) == {"TCKH": "0" * 64}
    assert ties([one, two]) == {"f" * 64: ["0" * 64], "0" * 64: ["f" * 64]}


def test_a_missing_data_date_is_the_day_received():
    undated = Candidate("TCKH", "a", None, 1, "2024-05-15T08:00:00+07:00")
    dated = Candidate("TCKH", "b", "2024-05-14", 5, "2024-05-14T08:00:00+07:00")
    assert latest(undated, dated) == {"TCKH": "a"}
    assert order_key(None, None, "2024-05-15T08:00:00+07:00", "a")[:2] == ("2024-05-15", 1)
    assert latest(undated, as_of=dt.date(2024, 5, 14)) == {}


def test_the_report_date_cuts_off_later_returns():
    first = Candidate("TCKH", "a", dt.date(2024, 5, 10), 1, "2024-05-10T09:00:00+07:00")
    second = Candidate("TCKH", "b", dt.date(2024, 5, 17), 2, "2024-05-17T09:00:00+07:00")
    other = Candidate("BHXH", "c", "2024-05-12", 1, "2024-05-12T09:00:00+07:00")
    assert latest(first, second, other, as_of=dt.date(2024, 5, 9)) == {}
    assert latest(first, second, other, as_of=dt.date(2024, 5, 10)) == {"TCKH": "a"}
    assert latest(first, second, other, as_of=dt.date(2024, 5, 17)) == {"TCKH": "b",
                                                                        "BHXH": "c"}
    assert latest(first, second, other) == {"TCKH": "b", "BHXH": "c"}


def test_a_frame_is_taken_as_well_as_values():
    frame = pd.DataFrame([("TCKH", "a", "2024-05-10", 1, "2024-05-10T09:00:00+07:00"),
                          ("TCKH", "b", "2024-05-10", 2, "2024-05-10T08:00:00+07:00")],
                         columns=list(Candidate._fields))
    assert {u: c.sha256 for u, c in latest_returns(frame).items()} == {"TCKH": "b"}
    assert superseded_by(frame) == {"a": "b"}


def test_the_status_sets_are_distinct():
    assert set(COUNTED) == {"accepted", "flagged"}
    assert set(COUNTED_AT_SOME_DATE) == set(COUNTED) | {"superseded"}


#: SQL statements as the project writes them in a string: an upper-case keyword followed
#: by SQL (prose such as "select the latest return" is not SQL).
SQL = re.compile(r"\b(SELECT\s+(DISTINCT\s+)?[\w*(]|INSERT\s+(OR\s+\w+\s+)?INTO\s|"
                 r"UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|"
                 r"CREATE\s+(TABLE|INDEX|UNIQUE\s+INDEX|VIEW)\s|DROP\s+(TABLE|INDEX)\s|"
                 r"ALTER\s+TABLE\s|PRAGMA\s+\w+|BEGIN\s+IMMEDIATE)")


def _strings(tree: ast.AST):
    """(line, text) of every string literal; an f-string's pieces joined, each
    placeholder as a name."""
    inside_fstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = []
            for value in node.values:
                inside_fstrings.add(id(value))
                parts.append(value.value if isinstance(value, ast.Constant) else "x")
            yield node.lineno, "".join(str(p) for p in parts)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in inside_fstrings):
            yield node.lineno, node.value


def sql_in(folders: list[Path], *allowed: Path) -> list[str]:
    """Where a string literal holds SQL, in the Python files of folders outside allowed
    (files or folders)."""
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            if any(a == path or a in path.parents for a in allowed):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for line, text in _strings(tree):
                if SQL.search(text):
                    found.append(f"{path.relative_to(folder.parent)}:{line}: {text[:60]!r}")
    return found


def test_only_the_store_speaks_sql():
    store = ROOT / "toolkit" / "store"
    assert sql_in([ROOT / "toolkit", ROOT / "validators"], store) == []
    assert sql_in([store])  # the scan does see the store's SQL


def test_tests_ask_the_ledger_not_its_tables():
    """Only the test of the upgrade builds a first-version ledger by hand, only the test of
    recovery damages one by hand (and this file shows the scan SQL)."""
    tests = ROOT / "tests"
    assert sql_in([tests], tests / "test_ledger_upgrade.py", tests / "test_recovery.py",
                  tests / "test_store.py") == []


def test_the_sql_scan_leaves_prose_alone(tmp_path):
    (tmp_path / "m.py").write_text(
        '"""Select the latest return; update the ledger, then delete from the inbox."""\n'
        'NOTE = "Cập nhật sổ nhận"\n', encoding="utf-8")
    assert sql_in([tmp_path]) == []


@pytest.mark.parametrize("text", [
    "SELECT sha256, name FROM files", "SELECT * FROM results",
    "INSERT OR IGNORE INTO meta VALUES (?)", "UPDATE files SET status = ?",
    "DELETE FROM files", "CREATE TABLE IF NOT EXISTS x (a)", "PRAGMA journal_mode = WAL"])
def test_the_sql_scan_sees_statements(tmp_path, text):
    (tmp_path / "m.py").write_text(f"QUERY = {text!r}\nFSTR = f'{{QUERY}} {text}'\n",
                                   encoding="utf-8")
    assert len(sql_in([tmp_path])) == 2
