"""One test runs the whole bad-input corpus and checks every outcome; then the whole
corpus arrives as one batch, which must complete with an outcome for every file."""

from __future__ import annotations

import shutil

import pytest

from thidua.collect import collect

from corpus import RETURN_CASES
from returns_kit import Folder


@pytest.fixture(scope="module")
def template(sample_folder_template):
    return sample_folder_template  # only read: each case works in a copy


def test_corpus_is_large_enough():
    assert len(RETURN_CASES) >= 30
    assert len({c.name for c in RETURN_CASES}) == len(RETURN_CASES)


def test_every_corpus_case_gets_its_outcome(template, tmp_path):
    failures = []
    for n, case in enumerate(RETURN_CASES):
        root = tmp_path / f"c{n}"
        shutil.copytree(template.ws.root, root)
        folder = Folder.__new__(Folder)
        folder.__dict__.update(template.__dict__)
        out = root / "nhan"
        out.mkdir()
        target = case.build(folder, out)
        result = collect(root / template.workbook.name, [out])
        outcome = next((f for f in result.files if f.name == target.name), None)
        found = [] if outcome is None else [(i.code, i.cell) for i in outcome.issues]
        problems = []
        if outcome is None or outcome.status != case.status:
            problems.append(f"status {outcome and outcome.status}")
        if case.code and case.code not in [c for c, _ in found]:
            problems.append(f"no {case.code}")
        if case.code and case.cell and (case.code, case.cell) not in found:
            problems.append(f"{case.code} not at {case.cell}")
        if problems:
            failures.append(f"{case.name}: {', '.join(problems)}; got {found}")
    assert failures == []


def test_the_whole_corpus_as_one_batch_completes(template, tmp_path):
    root = tmp_path / "kh"
    shutil.copytree(template.ws.root, root)
    folder = Folder.__new__(Folder)
    folder.__dict__.update(template.__dict__)
    out = root / "nhan"
    out.mkdir()
    for case in RETURN_CASES:
        case.build(folder, out)
    result = collect(root / template.workbook.name, [out])
    names = {p.name for p in out.iterdir() if p.is_file()}
    assert {f.name for f in result.files} == names
    assert {f.status for f in result.files} >= {"accepted", "flagged", "rejected", "duplicate",
                                                 "superseded"}


def test_every_canonical_corpus_case_gets_its_outcome(tmp_path):
    import json

    from click.testing import CliRunner

    from thidua.cli import cli

    from corpus import CANONICAL_CASES

    assert len(CANONICAL_CASES) + len(RETURN_CASES) >= 30
    failures = []
    for n, case in enumerate(CANONICAL_CASES):
        folder = tmp_path / f"c{n}"
        folder.mkdir()
        path = case.build(folder)
        result = CliRunner().invoke(cli, ["check", str(path), "--json"])
        payload = json.loads(result.output)
        if case.outcome == "stop":
            ok = result.exit_code == 2 and payload["error"]["code"] == case.code
        else:
            found = {(i["code"], i["cell"]) for i in payload["issues"]}
            codes = {c for c, _ in found}
            ok = (result.exit_code == (1 if case.outcome == "error" else 0)
                  and case.code in codes and (case.cell is None or (case.code, case.cell)
                                              in found))
        if not ok:
            failures.append(f"{case.name}: exit {result.exit_code}, {result.output[:300]}")
    assert failures == []
