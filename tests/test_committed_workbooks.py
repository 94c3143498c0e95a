"""Committed workbooks are exactly what workbooks/build.py produces (content, not bytes)."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from workbook_compare import differences

ROOT = Path(__file__).resolve().parent.parent
BUILD = runpy.run_path(str(ROOT / "workbooks" / "build.py"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("built")
    BUILD["build"](root)
    return root


def test_the_builder_owns_exactly_the_committed_files(built):
    assert BUILD["targets"](built) == BUILD["targets"](ROOT)


@pytest.mark.parametrize("rel", BUILD["targets"](ROOT))
def test_committed_file_matches_the_builder(built, rel):
    assert differences(ROOT / rel, built / rel) == []


def test_the_comparison_notices_a_changed_cell(built, tmp_path):
    import openpyxl

    rel = BUILD["SAMPLE"]
    book = openpyxl.load_workbook(built / rel)
    book["Nhiệm vụ"]["G2"] = 41
    changed = tmp_path / "changed.xlsx"
    book.save(changed)
    assert any("Nhiệm vụ!G2" in line for line in differences(built / rel, changed))
