"""A working folder with forms and filled returns, for collect tests."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

from thidua.core import labels
from thidua.read.plan import read_plan
from thidua.store.ledger import RESULT_FIELDS, Ledger
from thidua.store.workspace import Workspace, init_workspace
from thidua.write.forms import form_file_name, form_specs, write_forms


class Folder:
    """A sample working folder: workbook, forms, inbox."""

    def __init__(self, root: Path) -> None:
        self.ws = init_workspace(root, sample=True)
        self.plan, _ = read_plan(self.ws.workbook)
        self.forms = root / labels.FORM_DIR
        write_forms(self.plan, self.forms)
        self.specs = {s.unit_code: s for s in form_specs(self.plan)}

    def copy(self, root: Path) -> Folder:
        """The same folder copied to root (a test writes into its copy, never into a
        folder other tests share); the plan is not read again."""
        shutil.copytree(self.ws.root, root)
        twin = object.__new__(Folder)
        twin.ws = Workspace(root, self.ws.workbook_name)
        twin.plan = copy.deepcopy(self.plan)
        twin.forms = root / labels.FORM_DIR
        twin.specs = self.specs
        return twin

    @property
    def workbook(self) -> Path:
        return self.ws.workbook

    @property
    def inbox(self) -> Path:
        return self.ws.inbox

    @property
    def ledger(self) -> Path:
        return self.ws.root / "luu-tru" / "so-nhan.sqlite"

    def form(self, unit: str) -> Path:
        return self.forms / form_file_name(self.specs[unit])


def ledger_dump(path: Path) -> dict[str, list[tuple]]:
    """Ledger content that must not depend on how batches were cut."""
    file_fields = ("sha256", "ext", "name", "size", "received_at", "plan_key", "unit_code",
                   "identified_by", "confidence", "data_date", "submission", "reporter", "phone",
                   "status", "superseded_by")
    issue_fields = ("sha256", "seq", "severity", "sheet", "cell", "col", "value", "code",
                    "message")
    result_fields = ("sha256", *(name.strip() for name in RESULT_FIELDS.split(",")))
    with Ledger.open_read_only(path) as ledger:
        return {
            "files": sorted((tuple(f[k] for k in file_fields) for f in ledger.file_rows()),
                            key=lambda row: row[0]),
            "issues": [tuple(i[k] for k in issue_fields) for i in ledger.issue_rows()],
            "results": [tuple(r[k] for k in result_fields) for r in ledger.result_rows()],
        }


def file_rows(path: Path) -> list[dict]:
    """Every file the ledger records, in the order recorded."""
    with Ledger.open_read_only(path) as ledger:
        return ledger.file_rows()


def result_rows(path: Path) -> list[dict]:
    """Every result the ledger records, with its file's sha256."""
    with Ledger.open_read_only(path) as ledger:
        return ledger.result_rows()
