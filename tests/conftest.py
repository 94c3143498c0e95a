"""Sample working folders built once per test session. A test that writes into one gets its
own copy (shutil.copytree into its tmp_path); read-only tests may share the prepared one.

    sample_folder_template      init --sample, forms (what `Folder` builds)
    returns_folder_template     ... and the 19 sample returns in the inbox
    collected_folder_template   ... and those returns collected into the ledger

The function-scoped fixtures `folder`, `returns_folder` and `collected_folder` are copies
of these at tmp_path / "kh"."""

from __future__ import annotations

import pytest

from thidua.collect import collect
from thidua.write.sample_returns import make_sample_returns

from returns_kit import Folder


@pytest.fixture(scope="session")
def sample_folder_template(tmp_path_factory) -> Folder:
    return Folder(tmp_path_factory.mktemp("sample-folder") / "kh")


@pytest.fixture(scope="session")
def returns_folder_template(sample_folder_template, tmp_path_factory) -> Folder:
    folder = sample_folder_template.copy(tmp_path_factory.mktemp("returns-folder") / "kh")
    make_sample_returns(folder.plan, folder.forms, folder.inbox)
    return folder


@pytest.fixture(scope="session")
def collected_folder_template(returns_folder_template, tmp_path_factory) -> Folder:
    folder = returns_folder_template.copy(tmp_path_factory.mktemp("collected-folder") / "kh")
    collect(folder.workbook, [folder.inbox])
    return folder


@pytest.fixture
def folder(sample_folder_template, tmp_path) -> Folder:
    """The sample plan with its forms, empty inbox, no archive: this test's own copy."""
    return sample_folder_template.copy(tmp_path / "kh")


@pytest.fixture
def returns_folder(returns_folder_template, tmp_path) -> Folder:
    """The sample folder with the sample returns in its inbox, not collected yet."""
    return returns_folder_template.copy(tmp_path / "kh")


@pytest.fixture
def collected_folder(collected_folder_template, tmp_path) -> Folder:
    """The sample folder after its sample returns were collected."""
    return collected_folder_template.copy(tmp_path / "kh")
