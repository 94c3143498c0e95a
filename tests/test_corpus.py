"""Every case of the bad-input corpus gets its outcome (one test per case); then the whole
corpus arrives as one batch, which must complete with an outcome for every file."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from thidua.cli import cli
from thidua.collect import collect

from corpus import CANONICAL_CASES, RETURN_CASES


def test_corpus_is_large_enough():
    assert len(RETURN_CASES) >= 30
    assert len({c.name for c in RETURN_CASES}) == len(RETURN_CASES)
    assert len(CANONICAL_CASES) + len(RETURN_CASES) >= 30
    assert len({c.name for c in CANONICAL_CASES}) == len(CANONICAL_CASES)


@pytest.mark.parametrize("case", RETURN_CASES, ids=[c.name for c in RETURN_CASES])
def test_every_corpus_case_gets_its_outcome(folder, case):
    out = folder.ws.root / "nhan"
    out.mkdir()
    target = case.build(folder, out)
    result = collect(folder.workbook, [out])
    outcome = next((f for f in result.files if f.name == target.name), None)
    assert outcome is not None, [f.name for f in result.files]
    found = [(i.code, i.cell) for i in outcome.issues]
    assert outcome.status == case.status, found
    if case.code:
        assert case.code in [c for c, _ in found], found
    if case.code and case.cell:
        assert (case.code, case.cell) in found, found


def test_the_whole_corpus_as_one_batch_completes(folder):
    out = folder.ws.root / "nhan"
    out.mkdir()
    for case in RETURN_CASES:
        case.build(folder, out)
    result = collect(folder.workbook, [out])
    names = {p.name for p in out.iterdir() if p.is_file()}
    assert {f.name for f in result.files} == names
    assert {f.status for f in result.files} >= {"accepted", "flagged", "rejected", "duplicate",
                                                 "superseded"}


@pytest.mark.parametrize("case", CANONICAL_CASES, ids=[c.name for c in CANONICAL_CASES])
def test_every_canonical_corpus_case_gets_its_outcome(tmp_path, case):
    path = case.build(tmp_path)
    result = CliRunner().invoke(cli, ["check", str(path), "--json"])
    payload = json.loads(result.output)
    said = result.output[:300]
    if case.outcome == "stop":
        assert result.exit_code == 2, said
        assert payload["error"]["code"] == case.code, said
        return
    found = {(i["code"], i["cell"]) for i in payload["issues"]}
    assert result.exit_code == (1 if case.outcome == "error" else 0), said
    assert case.code in {c for c, _ in found}, found
    if case.cell is not None:
        assert (case.code, case.cell) in found, found
